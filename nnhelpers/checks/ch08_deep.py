"""Exercise checks of chapter 08: back-propagation through a network of any depth, and a
prediction about zero initial weights. Declared as data over the engine of `_feedback`.

1. ``my_deep_backward(params, caches, AL, Y, g_prime) -> grads`` (a `FunctionExercise`):

- params : dict "W1", "b1", ..., "WL", "bL" with W_l of shape (n_l, n_{l-1});
- caches : the list from ``nh.deep_forward``; caches[l - 1] holds layer l's
  input "A_prev" = A_{l-1} (n_{l-1}, m) and pre-activation "Z" = Z_l (n_l, m);
- AL : the output A_L (n_L, m) of a sigmoid or softmax output layer;
- Y : the targets (n_L, m);
- g_prime : the derivative of the hidden layers' activation with respect to
  Z (``nh.relu_prime`` or ``nh.sigmoid_prime``).

It returns {"dW1": (n_1, n_0), "db1": (n_1, 1), ..., "dWL", "dbL"} for the
mean cross-entropy. With dZ_l the per-sample gradient dl/dZ_l (as defined in
chapter 4b, not divided by m): dZ_L = A_L - Y, dW_l = dZ_l A_{l-1}^T / m,
db_l = sum(dZ_l, axis=1) / m and dZ_{l-1} = (W_l^T dZ_l) * g'(Z_{l-1}).

The check names: a missing 1/m (on dW, on db or on both), 1/m applied twice,
a transposed dW, the derivative taken at the activation A instead of the
pre-activation Z, the weights of the wrong layer (W_{l-1} where W_l belongs,
i.e. "W_l instead of W_{l+1}" in the dZ_l form), the sign of dZ_L flipped,
the output activation's derivative multiplied into dZ_L a second time; it
says when every gradient is off by one constant factor (m from a global
variable or a fixed batch size), and the engine names a global variable read
instead of the arguments, and db of shape (n,) (no keepdims) by its shape.

For ReLU the derivative at A equals the derivative at Z (A > 0 exactly where
Z > 0), so that slip is harmless there; the check's first network uses sigmoid
hidden layers, where it is not. Its layers all have the same size, so that
the wrong layer's W or a transposed dW still multiplies without an error and
the check can say which mistake it is; later networks have sizes that all
differ, so a transposed gradient cannot have the right shape by accident.
The gradients are compared in backward order (dW_L, db_L, dW_{L-1}, ...), the
order in which a slip first shows.

2. ``prediction_zero_init`` (a `Choice`, "predict, then run"): what all-zero
initial weights and biases do to the hidden units of a ReLU network trained
with back-propagation. Right: nothing reaches them; every hidden gradient is
exactly 0 and only the output biases learn.
"""
from __future__ import annotations

import copy

import numpy as np

from nnhelpers.activations import relu_prime, sigmoid_prime
from nnhelpers.checks._compare import matches, matching_mistake
from nnhelpers.checks._feedback import AnswerError, Choice, FunctionExercise, Option
from nnhelpers.deep import deep_forward

__all__ = ["check_deep_backward", "check_prediction_zero_init", "DEEP_BACKWARD",
           "PREDICTION_ZERO_INIT"]


# --- the reference and its wrong variants ---------------------------------------------------

def _reference(params, caches, AL, Y, g_prime, *, scale=None, dZ_scale=1.0, transpose_dW=False,
               derivative_at="Z", previous_W=False, sign=1.0, output_prime=False,
               prime="given"):
    """The right gradients, in backward order; each keyword switches on one wrong variant."""
    L = len(caches)
    m = Y.shape[1] if scale is None else scale
    dZ = sign * (AL - Y) * dZ_scale
    if output_prime:
        dZ = dZ * AL * (1 - AL)
    grads = {}
    for l in range(L, 0, -1):
        A_prev = caches[l - 1]["A_prev"]
        dW = dZ @ A_prev.T / m
        grads[f"dW{l}"] = dW.T if transpose_dW else dW
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            W = params[f"W{l - 1}"] if previous_W else params[f"W{l}"]
            at = caches[l - 1]["A_prev"] if derivative_at == "A" else caches[l - 2]["Z"]
            if prime == "none":
                dZ = W.T @ dZ
            elif prime == "relu":
                dZ = (W.T @ dZ) * (at > 0)
            else:
                dZ = (W.T @ dZ) * g_prime(at)
    return grads


def _missing_m_on_db_only(params, caches, AL, Y, g_prime):
    grads = _reference(params, caches, AL, Y, g_prime)
    m = Y.shape[1]
    return {key: value * m if key.startswith("db") else value for key, value in grads.items()}


def _twice_m(params, caches, AL, Y, g_prime):
    return _reference(params, caches, AL, Y, g_prime, dZ_scale=1.0 / Y.shape[1])


_MISTAKES = {
    "db is missing its 1/m (dW has it): db = np.sum(dZ, axis=1, keepdims=True) / m":
        _missing_m_on_db_only,
    "the 1/m is missing: dW and db are MEANS over the m samples, so divide the sums by m "
    "(take m from Y.shape[1])":
        lambda *args: _reference(*args, scale=1),
    "the 1/m is applied twice (once in dZ_L and again in dW and db); dZ is the per-sample "
    "gradient (chapter 4b), so divide once, in dW and db":
        _twice_m,
    "dW is transposed: dW_l = dZ_l @ A_prev.T has the shape of W_l, (n_l, n_{l-1})":
        lambda *args: _reference(*args, transpose_dW=True),
    "the derivative is taken at the activation A instead of the pre-activation Z: use "
    "g_prime(Z) of the layer below, caches[l - 2]['Z'], not its output A = caches[l - 1]['A_prev'] "
    "(for ReLU the two agree, for a sigmoid they do not)":
        lambda *args: _reference(*args, derivative_at="A"),
    "the weights of the wrong layer: a hidden layer's error comes back through the weights of "
    "the layer ABOVE it, dZ_l = (W_{l+1}.T @ dZ_{l+1}) * g'(Z_l): W_{l+1}, not W_l":
        lambda *args: _reference(*args, previous_W=True),
    "the sign of dZ_L is flipped: the gradient of the cross-entropy is A_L - Y, not Y - A_L":
        lambda *args: _reference(*args, sign=-1.0),
    "dZ_L is multiplied by the output activation's derivative A_L (1 - A_L): with cross-entropy "
    "A_L - Y is already the gradient with respect to Z_L":
        lambda *args: _reference(*args, output_prime=True),
    "the hidden layer's derivative g'(Z_l) is missing: dZ_l = (W_{l+1}.T @ dZ_{l+1}) * "
    "g_prime(Z_l), the elementwise product with the activation's slope":
        lambda *args: _reference(*args, prime="none"),
    "the ReLU derivative is hard-coded (nh.relu_prime or Z > 0) instead of the g_prime "
    "argument: a sigmoid network needs the sigmoid's slope, so use g_prime(Z_l)":
        lambda *args: _reference(*args, prime="relu"),
}


def _not_rescaled(got, params, caches, AL, Y, g_prime) -> bool:
    """False if every gradient is the right one times the same constant c != 1."""
    expected = _reference(params, caches, AL, Y, g_prime)
    factors = []
    for key, want in expected.items():
        value = np.asarray(got[key], dtype=float)
        if value.shape != want.shape:
            return True
        big = np.abs(want) > 1e-8 * np.abs(want).max()
        if big.any():
            factors.append(np.median(value[big] / want[big]))
    if not factors:
        return True
    c = float(np.median(factors))
    if np.isclose(c, 1.0):
        return True
    return not all(np.allclose(np.asarray(got[k], dtype=float), c * expected[k], rtol=1e-6,
                               atol=1e-12) for k in expected)


# --- the test networks ---------------------------------------------------------------------

# (layer sizes, hidden activation, output activation, m, seed)
_NETWORKS = [
    ([3, 3, 3, 3], "sigmoid", "softmax", 5, 0),   # equal sizes: wrong W / transposed dW still run
    ([3, 3, 3, 3], "relu", "sigmoid", 4, 1),
    ([4, 5, 3, 2], "relu", "softmax", 6, 2),      # all sizes differ: shapes tell mistakes apart
    ([5, 4, 3, 1], "sigmoid", "sigmoid", 7, 3),
    ([6, 4, 3], "relu", "softmax", 8, 4),         # one hidden layer
]
_PRIMES = {"relu": relu_prime, "sigmoid": sigmoid_prime}


def _make_case(sizes, hidden, output, m, seed) -> tuple:
    rng = np.random.default_rng(seed)
    params = {}
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{l}"] = rng.normal(0, 0.9, (n_out, n_in))
        params[f"b{l}"] = rng.normal(0, 0.5, (n_out, 1))
    X = rng.normal(0, 1, (sizes[0], m))
    if output == "softmax":
        Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], m)]
    else:
        Y = rng.integers(0, 2, (sizes[-1], m)).astype(float)
    AL, caches = deep_forward(params, X, [hidden] * (len(sizes) - 2) + [output])
    return params, caches, AL, Y, _PRIMES[hidden]


def _cases() -> list[tuple]:
    return [_make_case(*network) for network in _NETWORKS]


def _named_on_the_first_network(name: str, function):
    """The student's function, such that a crash on a later network (whose layer sizes all
    differ) first looks at the answer on network 1 (equal sizes, where every slip still
    multiplies): if that answer is a named mistake, the mistake is what the student reads."""
    def run(*args):
        try:
            return function(*args)
        except Exception:
            first = _cases()[0]
            if args[0]["W1"].shape == first[0]["W1"].shape:
                raise
            try:
                with np.errstate(all="ignore"):
                    answer = function(*copy.deepcopy(first))
            except Exception:  # noqa: BLE001  (it fails there too: report the original error)
                answer = None
            expected = _reference(*first)
            if answer is not None and not matches(answer, expected):
                named = matching_mistake(answer, {d: w(*copy.deepcopy(first)) for d, w in
                                                  _MISTAKES.items()})
                if named:
                    raise AnswerError(f"{name} (test input 1 of {len(_NETWORKS)}): not quite. Your "
                                      f"answer matches a common mistake: {named}.") from None
            raise
    return run


_SHAPE_HINT = (" Going backwards, dZ_{l-1} = (W_l.T @ dZ_l) * g'(Z_{l-1}): W_l of the layer ABOVE, "
               "transposed; and dW_l = dZ_l @ A_prev.T has the shape of W_l.")

DEEP_BACKWARD = FunctionExercise(
    name="my_deep_backward",
    reference=_reference,
    cases=_cases,
    mistakes=_MISTAKES,
    properties={
        "every gradient is the right one times the same constant, a wrong scale. Is m read from "
        "a global variable or typed as a fixed batch size? Take it from the arguments: "
        "m = Y.shape[1]": _not_rescaled,
    },
    returns="grads",
    arguments="its arguments (params, caches, AL, Y, g_prime)",
    prepare=_named_on_the_first_network,
    shape_hint=_SHAPE_HINT,
    quiet=True,
    success="✓ {name} is correct on all {n} test networks (1 to 3 hidden layers, ReLU and "
            "sigmoid hidden units, sigmoid and softmax outputs).",
    nudge="go backwards from the output: at each layer first dW and db (means over the m "
          "columns), then the dZ of the layer below, through the W of THIS layer and the slope "
          "g' at the layer below's Z.",
    recipe="L = len(caches); m = Y.shape[1]; grads = {}; dZ = AL - Y; "
           "for l in range(L, 0, -1): grads[f'dW{l}'] = dZ @ caches[l - 1]['A_prev'].T / m; "
           "grads[f'db{l}'] = np.sum(dZ, axis=1, keepdims=True) / m; "
           "if l > 1: dZ = (params[f'W{l}'].T @ dZ) * g_prime(caches[l - 2]['Z']); "
           "finally return grads.",
)


# --- predict, then run: all-zero initial weights -------------------------------------------

PREDICTION_ZERO_INIT = Choice(
    name="prediction_zero_init",
    question="A 784-16-16-10 network with ReLU hidden layers starts with every weight and bias "
             "equal to 0. What does a training epoch of mini-batch gradient descent do to its "
             "hidden units?",
    options={
        "a": Option(
            "each hidden unit learns its own feature, only more slowly than from random weights",
            "No. Units of a layer that start equal compute the same thing from the same inputs, "
            "so nothing could make them differ; and with ReLU it is worse than that: Z = 0 "
            "gives A = relu(0) = 0, so no signal and no gradient reaches the hidden layers."),
        "b": Option(
            "they learn, but the units of a layer stay identical copies of each other",
            "That is the symmetry problem, and it is what happens with SIGMOID hidden units, "
            "whose output at Z = 0 is 1/2, not 0: equal units get equal gradients and stay "
            "equal. A ReLU outputs 0 at Z = 0, so dW_L = dZ_L A_{L-1}^T is 0, and the error "
            "sent down, W_L^T dZ_L, is 0 because W_L is 0: the hidden weights never move."),
        "c": Option(
            "they never change: every hidden gradient is exactly 0, only the output biases learn",
            "A_1 = relu(W_1 X + b_1) = relu(0) = 0, and so on up to A_{L-1} = 0; then "
            "dW_L = dZ_L A_{L-1}^T = 0 and dZ_{L-1} = (W_L^T dZ_L) * g'(Z_{L-1}) = 0 because "
            "W_L = 0 (whatever relu'(0) is taken to be). Only b_L gets a gradient, the mean of "
            "A_L - Y: the network learns the share of each digit and answers the most common one "
            "for every image."),
        "d": Option(
            "the loss becomes nan: something is divided by zero",
            "No: nothing in the forward or backward pass divides by a weight. The softmax of an "
            "all-zero Z is 1/10 for every class, and the loss is log 10, a finite number."),
    },
    correct="c",
    nudge="write down A_1 = relu(W_1 X + b_1) with W_1 = 0 and b_1 = 0, then the formulas for "
          "dW_L and for the dZ sent down to the layer below. Which factors are zero?",
)


def check_deep_backward(my_deep_backward, hint: bool = False) -> None:
    """Check ``my_deep_backward(params, caches, AL, Y, g_prime) -> grads``.

    Parameters
    ----------
    my_deep_backward : callable; see the module docstring for its arguments and
        the dict {"dW1": (n_1, n_0), "db1": (n_1, 1), ...} it must return.
    hint : True adds the full recipe to the message if the answer is wrong (it also
        comes after 3 failed tries, or with ``nh.checks.hint("my_deep_backward")``).

    Returns
    -------
    None — a confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake (see the module docstring) when it is wrong.
    """
    DEEP_BACKWARD.check(my_deep_backward, hint=hint)


def check_prediction_zero_init(prediction_zero_init=Choice.MISSING, hint: bool = False) -> None:
    """Check the prediction of what all-zero initial weights do to a ReLU network (a letter a-d).

    Parameters
    ----------
    prediction_zero_init : str, one of "a", "b", "c", "d". Without it the notebook
        variable ``prediction_zero_init`` is read ("not answered yet" if it is not set).
    hint : unused (a choice has no recipe); accepted like every check's.

    Returns
    -------
    None — prints a ✓ and why the option is right.

    Raises
    ------
    AnswerError explaining the chosen option when it is wrong, or saying that no
    option was chosen yet.
    """
    PREDICTION_ZERO_INIT.check(prediction_zero_init, hint=hint)
