"""Exercise check of chapter 08: back-propagation through a network of any depth.

The exercise is ``my_deep_backward(params, caches, AL, Y, g_prime) -> grads``:

- params : dict "W1", "b1", ..., "WL", "bL" with W_l of shape (n_l, n_{l-1});
- caches : the list from ``nh.deep_forward``; caches[l - 1] holds layer l's
  input "A_prev" = A_{l-1} (n_{l-1}, m) and pre-activation "Z" = Z_l (n_l, m);
- AL : the output A_L (n_L, m) of a sigmoid or softmax output layer;
- Y : the targets (n_L, m);
- g_prime : the derivative of the hidden layers' activation with respect to
  Z (``nh.relu_prime`` or ``nh.sigmoid_prime``).

It returns {"dW1": (n_1, n_0), "db1": (n_1, 1), ..., "dWL", "dbL"} for the
mean cross-entropy: dZ_L = A_L - Y, dW_l = dZ_l A_{l-1}^T / m,
db_l = sum(dZ_l, axis=1) / m and dZ_{l-1} = (W_l^T dZ_l) * g'(Z_{l-1}).

The check names: a missing 1/m (on dW, on db or on both), 1/m applied twice,
a transposed dW, db of shape (n,) instead of (n, 1) (no keepdims), the
derivative taken at the activation A instead of the pre-activation Z, the
weights of the wrong layer (W_{l-1} where W_l belongs, i.e. "W_l instead of
W_{l+1}" in the dZ_l form), the sign of dZ_L flipped, the output activation's
derivative multiplied into dZ_L a second time, gradients scaled by a wrong
constant (m from a global variable or a fixed batch size), and a global
variable read instead of the arguments.

For ReLU the derivative at A equals the derivative at Z (A > 0 exactly where
Z > 0), so that slip is harmless there; the check's first networks use sigmoid
hidden layers, where it is not. Their layers all have the same size, so that
the wrong layer's W or a transposed dW still multiplies without an error and
the check can say which mistake it is; later networks have sizes that all
differ, so a transposed gradient cannot have the right shape by accident.
"""
from __future__ import annotations

import copy

import numpy as np

from nnhelpers.activations import relu_prime, sigmoid_prime
from nnhelpers.checks._feedback import AnswerError, call_answer, check_value
from nnhelpers.deep import deep_forward

__all__ = ["check_deep_backward"]

_NAME = "my_deep_backward"
_ARGUMENTS = "params, caches, AL, Y, g_prime"


# --- the reference and its wrong variants ---------------------------------------------------

def _reference(params, caches, AL, Y, g_prime, *, scale=None, dZ_scale=1.0, transpose_dW=False,
               keepdims=True, derivative_at="Z", previous_W=False, sign=1.0, output_prime=False):
    """The right gradients; each keyword switches on one wrong variant."""
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
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=keepdims) / m
        if l > 1:
            W = params[f"W{l - 1}"] if previous_W else params[f"W{l}"]
            at = caches[l - 1]["A_prev"] if derivative_at == "A" else caches[l - 2]["Z"]
            dZ = (W.T @ dZ) * g_prime(at)
    return grads


def _missing_m_on_db_only(params, caches, AL, Y, g_prime):
    grads = _reference(params, caches, AL, Y, g_prime)
    m = Y.shape[1]
    return {key: value * m if key.startswith("db") else value for key, value in grads.items()}


def _twice_m(params, caches, AL, Y, g_prime):
    return _reference(params, caches, AL, Y, g_prime, dZ_scale=1.0 / Y.shape[1])


_MISTAKES = {
    # db-only first: at db_L both 1/m slips give the same numbers, and a student who
    # forgot it on dW as well was already told so at dW_L.
    "db is missing its 1/m (dW has it): db = np.sum(dZ, axis=1, keepdims=True) / m":
        _missing_m_on_db_only,
    "the 1/m is missing: dW and db are MEANS over the m samples, so divide the sums by m "
    "(take m from Y.shape[1])":
        lambda *args: _reference(*args, scale=1),
    "the 1/m is applied twice (once in dZ_L and again in dW and db); divide once":
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
}


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


# --- running the student's function ---------------------------------------------------------

def _shape_hint(args: tuple) -> str:
    sizes = [args[0][f"W{l}"].shape for l in range(1, len(args[1]) + 1)]
    return (f" The shapes did not fit (this network's W's have shapes {sizes}). Going "
            "backwards, dZ_{l-1} = W_l.T @ dZ_l * g'(Z_{l-1}): W_l of the layer ABOVE, transposed.")


def _call(function, args: tuple):
    return call_answer(_NAME, function, args, shape_hint=_shape_hint(args), quiet=True)


def _grad_order(L: int) -> list[str]:
    """Backward order, the order in which a slip first shows: dWL, dbL, dW(L-1), ..."""
    return [key for l in range(L, 0, -1) for key in (f"dW{l}", f"db{l}")]


def _check_grads(label: str, got, args: tuple) -> None:
    L = len(args[1])
    keys = _grad_order(L)
    if not isinstance(got, dict):
        hint = " Did the function forget to `return grads`?" if got is None else ""
        raise AnswerError(f"{label}: wrong type. Expected a dict of gradients "
                          f"{{'dW1': ..., 'db1': ...}}, got {type(got).__name__}.{hint}")
    missing = [key for key in keys if key not in got]
    if missing:
        raise AnswerError(f"{label}: the dict has no {missing[0]!r}. A network with {L} layers needs "
                          f"{sorted(keys, key=lambda k: (int(k[2:]), k[1]))}; it holds {sorted(got)}.")
    expected = _reference(*args)
    wrong = _wrong_values(args)
    for key in keys:
        try:
            check_value(f"{label}, grads[{key!r}]", got[key], expected[key],
                        {description: grads[key] for description, grads in wrong.items()})
        except AnswerError as error:
            factor = _constant_factor(got[key], expected[key])
            if factor is None or "common mistake" in str(error):
                raise
            raise AnswerError(
                f"{error}\n  Your {key} is the right one times {factor:.6g}: a wrong scale. Is m read from a "
                f"global variable or a fixed batch size? Take it from the arguments: m = Y.shape[1] "
                f"(here {args[3].shape[1]})."
            ) from None


def _constant_factor(got, expected) -> float | None:
    """c if ``got`` equals c * ``expected`` for one number c != 1, else None."""
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return None
    if got.shape != expected.shape or not np.all(np.isfinite(got)):
        return None
    big = np.abs(expected) > 1e-8 * np.abs(expected).max()
    if not big.any():
        return None
    factor = float(np.median(got[big] / expected[big]))
    if np.isclose(factor, 1.0) or not np.allclose(got, factor * expected, rtol=1e-6, atol=1e-12):
        return None
    return factor


def _wrong_values(args: tuple) -> dict:
    """What each wrong variant gives on this network; variants that cannot even multiply
    here (the wrong layer's W when the sizes differ) are left out."""
    values = {}
    for description, variant in _MISTAKES.items():
        try:
            values[description] = variant(*copy.deepcopy(args))
        except ValueError:
            continue
    return values


def _same(a, b) -> bool:
    if not (isinstance(a, dict) and isinstance(b, dict)) or a.keys() != b.keys():
        return False
    return all(np.shape(a[k]) == np.shape(b[k]) and np.allclose(a[k], b[k]) for k in a)


def check_deep_backward(my_deep_backward) -> None:
    """Check ``my_deep_backward(params, caches, AL, Y, g_prime) -> grads``.

    Parameters
    ----------
    my_deep_backward : callable; see the module docstring for its arguments and
        the dict {"dW1": (n_1, n_0), "db1": (n_1, 1), ...} it must return.

    Returns
    -------
    None — a confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake (see the module docstring) when it is wrong.
    """
    if not callable(my_deep_backward):
        raise AnswerError(f"{_NAME}: wrong type. Expected a function, got {type(my_deep_backward).__name__}.")
    cases = _cases()
    total = len(cases)
    first, second = (_call(my_deep_backward, args) for args in cases[:2])
    if _same(first, second):
        raise AnswerError(f"{_NAME}: it returns the same gradients for two different networks. Does it "
                          f"read global variables instead of its arguments ({_ARGUMENTS})?")
    for number, args in enumerate(cases, start=1):
        got = {1: first, 2: second}.get(number)
        if got is None:
            got = _call(my_deep_backward, args)
        sizes = [args[0]["W1"].shape[1]] + [args[0][f"W{l}"].shape[0] for l in range(1, len(args[1]) + 1)]
        label = f"{_NAME} (test network {number} of {total}, layer sizes {sizes})"
        _check_grads(label, got, args)
    print(f"✓ {_NAME} is correct on all {total} test networks "
          "(1 to 3 hidden layers, ReLU and sigmoid hidden units, sigmoid and softmax outputs).")
