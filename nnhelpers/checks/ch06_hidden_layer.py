"""Exercise checks of chapter 06: softmax, its Jacobian, back-propagation through one hidden layer.

Shapes, as everywhere in the course: Z (n_classes, m) with one column per
sample; X (n_x, m), Y (n_y, m), W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h),
b2 (n_y, 1). Each exercise is data for the engine (`_feedback`): its test
cases, the reference answer, the slips worth naming, a nudge and a recipe.

- ``my_softmax(Z)`` must normalise each column and survive scores in the
  thousands. Named: the wrong axis, no max subtracted (exp overflows: inf / inf
  = NaN), the maximum of the whole array or of each row instead of each column's,
  a division by the sum of the whole array (each column must sum to 1), a sigmoid,
  a missing normalisation; ``axis=1`` without keepdims gets a hint instead of
  numpy's raw broadcast message.
- ``my_softmax_jacobian_row(z, k)`` (a "derive" exercise): the row
  (da_k/dz_0, ..., da_k/dz_{n-1}) = a_k (delta_ki - a_i) for one score vector z
  of shape (n,). Named: the delta forgotten, only the diagonal kept, the wrong
  sign off the diagonal, a sigmoid's derivative per entry.
- ``my_back_propagate(params, X, Y, cache) -> grads`` for the softmax network.
  Named: sigmoid' taken of the activation A1 instead of the pre-activation Z1,
  A1 * (1 - A1) written with Z1, the derivative missing, W2 used without its
  transpose, transposed gradients, ``db1 = np.sum(dZ1) / m`` (a single number:
  axis=1, keepdims=True), db of shape (n,) instead of (n, 1), a missing or wrong
  1/m (a global m or batch size instead of X.shape[1]), globals read instead of
  the arguments, dZ2 = Y - A2 (the sign flipped), 1/m applied twice.
"""
from __future__ import annotations

import numpy as np

from nnhelpers.activations import sigmoid, softmax
from nnhelpers.checks._feedback import AnswerError, FunctionExercise, call_answer

__all__ = ["check_softmax", "check_softmax_jacobian_row", "check_back_propagate",
           "SOFTMAX", "SOFTMAX_JACOBIAN_ROW", "BACK_PROPAGATE"]


def _silent(function, *args):
    with np.errstate(all="ignore"):
        return function(*args)


# --- softmax ------------------------------------------------------------------------------

_SOFTMAX_CASES = [
    (np.array([[1.0, 2.0, 0.5, -1.0], [2.0, 0.0, 0.5, 0.0], [3.0, -1.0, 0.5, 4.0]]),),  # (3, 4)
    (np.array([[0.1, -0.3, 2.0, 1.5], [1.2, 0.4, -1.0, 0.0]]),),                 # (2, 4)
    (np.array([[1000.0, -1000.0], [1001.0, -1001.0], [999.0, -999.0]]),),       # large scores
]


def _softmax_naive(Z):
    return np.exp(Z) / np.sum(np.exp(Z), axis=0, keepdims=True)


_GLOBAL_MAX = ("the maximum of the whole array is subtracted; it must be each column's own maximum, "
               "Z.max(axis=0, keepdims=True), or a column far below the overall maximum underflows "
               "to 0 / 0")


_ROW_MAX = ("the maximum over axis=1 (each row's) is subtracted: a column far below its "
            "row's maximum underflows to 0 / 0; use Z.max(axis=0, keepdims=True)")


def _softmax_row_max(Z):
    exps = np.exp(Z - Z.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)


_SOFTMAX_SHAPES = (" In a softmax the max and the sum run down each column (axis=0), one column per "
                   "sample; keepdims=True keeps them (1, m) rows that broadcast.")


def _softmax_overflow_guard(name, function):
    """Name the missing max before the value comparison: its NaN would only say "wrong value"."""
    def guarded(Z):
        got = call_answer(name, function, (Z,), quiet=True, shape_hint=_SOFTMAX_SHAPES)
        if isinstance(got, np.ndarray) and got.shape == Z.shape and not np.isfinite(got).all():
            whole = _silent(lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=0,
                                                                                   keepdims=True), Z)
            if np.allclose(got, whole, equal_nan=True):
                raise AnswerError(f"{name}: not quite. Your answer matches a common mistake: "
                                  f"{_GLOBAL_MAX}.")
            if np.allclose(got, _silent(_softmax_row_max, Z), equal_nan=True):
                raise AnswerError(f"{name}: not quite. Your answer matches a common "
                                  f"mistake: {_ROW_MAX}.")
            if np.allclose(got, _silent(_softmax_naive, Z), equal_nan=True):
                raise AnswerError(
                    f"{name}: the result holds NaN or inf for scores around ±1000: the maximum is "
                    "not subtracted. exp(1000) overflows to inf, and inf / inf is NaN. Subtract each "
                    "column's maximum first, Z - Z.max(axis=0, keepdims=True): the softmax does not "
                    "change, and the largest exponent becomes exp(0) = 1.")
            raise AnswerError(f"{name}: the result holds NaN or inf; a softmax is always finite.")
        return got
    return guarded


def _stable_exp(Z):
    return np.exp(Z - Z.max(axis=0, keepdims=True))


SOFTMAX = FunctionExercise(
    name="my_softmax",
    reference=softmax,
    cases=_SOFTMAX_CASES,
    mistakes={
        "normalised over axis=1 (each row sums to 1); the samples are the columns, so each COLUMN "
        "must sum to 1: use axis=0 (with keepdims=True)":
            lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True))
            / np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True),
        _GLOBAL_MAX:
            lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=0, keepdims=True),
        _ROW_MAX: _softmax_row_max,
        "divided by the sum of the WHOLE array, so all the entries together sum to 1; each column "
        "(one sample) must sum to 1: sum over axis=0 with keepdims=True":
            lambda Z: _stable_exp(Z) / _stable_exp(Z).sum(),
        "a sigmoid of each score; softmax divides exp(z_i) by the sum of the column's exponentials":
            lambda Z: sigmoid(Z),
        "the exponentials are not normalised: divide by their sum over each column":
            _stable_exp,
    },
    properties={
        "each column must sum to 1 (one probability per class for each sample)":
            lambda got, Z: np.allclose(np.sum(got, axis=0), 1),
    },
    prepare=_softmax_overflow_guard,
    shape_hint=_SOFTMAX_SHAPES,
    quiet=True,
    nudge="one column is one sample: subtract each column's maximum, exponentiate, divide by "
          "the column's sum.",
    recipe="exps = np.exp(Z - Z.max(axis=0, keepdims=True)); "
           "return exps / exps.sum(axis=0, keepdims=True)",
    success="✓ {name} is correct on all {n} test inputs, including scores of ±1000.",
)


def check_softmax(my_softmax=FunctionExercise.MISSING, hint: bool = False) -> None:
    """Check ``my_softmax(Z)``: the column-wise, numerically stable softmax.

    Parameters
    ----------
    my_softmax : callable taking Z of shape (n_classes, m) and returning an array of
        the same shape whose columns are positive and sum to 1.
    hint : True adds the full recipe to the message if the answer is wrong.

    Returns
    -------
    None — a confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake (see the module docstring).
    """
    SOFTMAX.check(my_softmax, hint=hint)


# --- one row of the softmax's Jacobian ----------------------------------------------------

def _probabilities(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def _jacobian_row(z, k):
    a = _probabilities(z)
    return a[k] * ((np.arange(len(z)) == k) - a)


SOFTMAX_JACOBIAN_ROW = FunctionExercise(
    name="my_softmax_jacobian_row",
    reference=_jacobian_row,
    cases=[
        (np.array([1.0, -0.5, 2.0, 0.3]), 2),
        (np.array([0.2, 1.5, -1.0]), 0),
        (np.array([-2.0, 0.0, 0.5, 3.0, 1.0]), 4),
    ],
    mistakes={
        "the Kronecker delta is forgotten: a_k (1 - a_i) for every i. The 1 belongs to i = k only: "
        "off the diagonal the numerator's derivative is 0, which leaves -a_k a_i":
            lambda z, k: _probabilities(z)[k] * (1 - _probabilities(z)),
        "only the diagonal entry a_k (1 - a_k), zeros elsewhere. a_k depends on EVERY score z_i, "
        "through the sum S in its denominator: for i != k, da_k/dz_i = -a_k a_i":
            lambda z, k: np.where(np.arange(len(z)) == k,
                                  _probabilities(z)[k] * (1 - _probabilities(z)[k]), 0.0),
        "the sign off the diagonal: raising another score z_i makes the denominator S larger, so "
        "a_k FALLS: da_k/dz_i = -a_k a_i for i != k":
            lambda z, k: np.where(np.arange(len(z)) == k,
                                  _probabilities(z)[k] * (1 - _probabilities(z)[k]),
                                  _probabilities(z)[k] * _probabilities(z)),
        "a sigmoid-like derivative a_i (1 - a_i) of each output by its own score; the row asks how "
        "ONE output a_k moves with each score z_i: a_k (delta_ki - a_i)":
            lambda z, k: _probabilities(z) * (1 - _probabilities(z)),
    },
    properties={
        "the entries of a row must add up to 0 (adding the same amount to every score "
        "leaves a_k unchanged)":
            lambda got, z, k: abs(float(np.sum(got))) < 1e-8,
    },
    nudge="quotient rule on a_k = e^{z_k} / S with S = sum_j e^{z_j}; dS/dz_i = e^{z_i}, and "
          "d e^{z_k} / dz_i is e^{z_k} if i = k, else 0.",
    recipe="a = softmax of z (subtract z.max(), exponentiate, divide by the sum); "
           "row = -a[k] * a; row[k] += a[k]; return row   (that is a_k (delta_ki - a_i)).",
    success="✓ {name} is correct on all {n} test inputs: da_k/dz_i = a_k (delta_ki - a_i).",
)


def check_softmax_jacobian_row(my_softmax_jacobian_row=FunctionExercise.MISSING,
                               hint: bool = False) -> None:
    """Check ``my_softmax_jacobian_row(z, k)``: one row of the softmax's Jacobian.

    Parameters
    ----------
    my_softmax_jacobian_row : callable taking z of shape (n,) (float scores) and an int k,
        returning the array of shape (n,) whose entry i is da_k/dz_i = a_k (delta_ki - a_i),
        where a = softmax(z).
    hint : True adds the full recipe to the message if the answer is wrong.

    Returns
    -------
    None — a confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake (see the module docstring).
    """
    SOFTMAX_JACOBIAN_ROW.check(my_softmax_jacobian_row, hint=hint)


# --- back-propagation ---------------------------------------------------------------------

_GRAD_NAMES = ("dW1", "db1", "dW2", "db2")


def _make_backprop_cases() -> list[tuple]:
    """Small networks whose sizes all differ (n_x, n_h, n_y, m), so a transposed or
    mis-summed gradient cannot have the right shape by accident."""
    rng = np.random.default_rng(6)
    cases = []
    for n_x, n_h, n_y, m in [(5, 4, 3, 7), (6, 3, 4, 9), (4, 6, 2, 3)]:
        params = {"W1": rng.normal(0, 0.8, (n_h, n_x)), "b1": rng.normal(0, 0.5, (n_h, 1)),
                  "W2": rng.normal(0, 0.8, (n_y, n_h)), "b2": rng.normal(0, 0.5, (n_y, 1))}
        X = rng.normal(0, 1, (n_x, m))
        Y = np.eye(n_y)[:, rng.integers(0, n_y, m)]
        cases.append((params, X, Y, _forward(params, X)))
    return cases


def _forward(params, X):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = sigmoid(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": softmax(Z2)}


def _backprop(params, X, Y, cache, hidden_derivative=None, scale=None, db=None):
    """The right gradients; the keyword arguments let the wrong variants reuse it.

    dZ is per sample (chapter 4b); the 1/m of the mean loss enters in dW and db only.
    """
    m = X.shape[1] if scale is None else scale
    dZ2 = cache["A2"] - Y
    derivative = cache["A1"] * (1 - cache["A1"]) if hidden_derivative is None else hidden_derivative(cache)
    dZ1 = (params["W2"].T @ dZ2) * derivative
    total = db or (lambda dZ: dZ.sum(axis=1, keepdims=True))
    return {"dW1": dZ1 @ X.T / m, "db1": total(dZ1) / m,
            "dW2": dZ2 @ cache["A1"].T / m, "db2": total(dZ2) / m}


def _scaled_by(answer: dict, expected: dict) -> float | None:
    """The factor c if every gradient equals c times the right one (c != 1), else None.

    One common factor on all four gradients means the sum was divided by the wrong count:
    a global m (the whole training set) or batch size instead of this X's columns.
    """
    ratios = []
    for key in _GRAD_NAMES:
        try:
            got = np.asarray(answer[key], dtype=float)
        except (TypeError, ValueError):
            return None
        want = expected[key]
        if got.shape != want.shape:
            return None
        big = np.abs(want) > 1e-8
        if big.any():
            ratios.append(got[big] / want[big])
    if not ratios:
        return None
    ratios = np.concatenate(ratios)
    c = float(np.median(ratios))
    if np.isfinite(c) and abs(c - 1) > 1e-6 and np.allclose(ratios, c, rtol=1e-6):
        return c
    return None


def _wrong_count_guard(name, function):
    """Name a 1/m taken from anything but this X (a global m, a batch size) with its numbers."""
    def guarded(params, X, Y, cache):
        answer = call_answer(name, function, (params, X, Y, cache), shape_hint=_BACKPROP_SHAPES)
        if isinstance(answer, dict) and all(key in answer for key in _GRAD_NAMES):
            factor = _scaled_by(answer, _backprop(params, X, Y, cache))
            m = X.shape[1]
            if factor is not None and factor > 0 and np.isclose(factor, 1 / m):
                raise AnswerError(
                    f"{name}: every gradient is 1/m = 1/{m} times the right one: 1/m is "
                    f"applied twice. dZ is per sample (chapter 4b); the 1/m enters only in "
                    f"dW and db.")
            if factor is not None and factor > 0 and not np.isclose(factor, m):
                raise AnswerError(
                    f"{name}: every gradient is {factor:.4g} times the right one: the sums are "
                    f"divided by {m / factor:.6g} instead of m = {m}, the number of columns of THIS "
                    f"X. Take m = X.shape[1] inside the function, never a global m or batch size "
                    f"(the last mini-batch of an epoch is smaller).")
        return answer
    return guarded


_BACKPROP_SHAPES = (" Check the shapes: dA1 = W2.T @ dZ2 (W2 is (n_y, n_h); its transpose takes "
                    "the error back to the hidden layer), dW1 = dZ1 @ X.T, dW2 = dZ2 @ A1.T.")

BACK_PROPAGATE = FunctionExercise(
    name="my_back_propagate",
    reference=_backprop,
    cases=_make_backprop_cases,
    arguments="its arguments (params, X, Y, cache), with m = X.shape[1]",
    mistakes={
        "sigmoid'(A1): the derivative is taken of the activation A1 instead of the pre-activation "
        "Z1. sigmoid'(Z1) = sigmoid(Z1) (1 - sigmoid(Z1)) = A1 * (1 - A1)":
            lambda p, X, Y, c: _backprop(p, X, Y, c, lambda c: sigmoid(c["A1"]) * (1 - sigmoid(c["A1"]))),
        "Z1 * (1 - Z1) uses the pre-activation where the activation belongs: "
        "sigmoid'(Z1) = A1 * (1 - A1)":
            lambda p, X, Y, c: _backprop(p, X, Y, c, lambda c: c["Z1"] * (1 - c["Z1"])),
        "the sigmoid's derivative is missing: dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)":
            lambda p, X, Y, c: _backprop(p, X, Y, c, lambda c: 1.0),
        "dZ2 = Y - A2: the sign is flipped, so the step would climb the loss; "
        "dZ2 = A2 - Y":
            lambda p, X, Y, c: {k: -v for k, v in _backprop(p, X, Y, c).items()},
        "the factor 1/m is missing: the gradients of the MEAN loss divide by m = X.shape[1]":
            lambda p, X, Y, c: _backprop(p, X, Y, c, scale=1),
        "db1 = np.sum(dZ1) / m adds up EVERYTHING into one number; db1 has one value per hidden "
        "unit, the sum over the samples only: np.sum(dZ1, axis=1, keepdims=True) / m":
            lambda p, X, Y, c: {**_backprop(p, X, Y, c),
                                "db1": _backprop(p, X, Y, c, db=np.sum)["db1"]},
        "db2 = np.sum(dZ2) / m adds up EVERYTHING into one number; db2 has one value per output "
        "unit: np.sum(dZ2, axis=1, keepdims=True) / m":
            lambda p, X, Y, c: {**_backprop(p, X, Y, c),
                                "db2": _backprop(p, X, Y, c, db=np.sum)["db2"]},
        "db summed over axis=1 WITHOUT keepdims=True: shape (n,) instead of the column (n, 1); "
        "use np.sum(dZ, axis=1, keepdims=True) / m":
            lambda p, X, Y, c: _backprop(p, X, Y, c, db=lambda dZ: dZ.sum(axis=1)),
    },
    prepare=_wrong_count_guard,
    shape_hint=_BACKPROP_SHAPES,
    nudge="start from dZ2 = A2 - Y (per sample, as in chapter 4b); each dW is dZ @ (the layer's "
          "input).T / m and each db the sum of dZ over the samples / m.",
    recipe="m = X.shape[1]; dZ2 = A2 - Y; dW2 = dZ2 @ A1.T / m; "
           "db2 = np.sum(dZ2, axis=1, keepdims=True) / m; dZ1 = (W2.T @ dZ2) * A1 * (1 - A1); "
           "dW1 = dZ1 @ X.T / m; db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
    success="✓ {name} is correct on all {n} test networks.",
)


def check_back_propagate(my_back_propagate=FunctionExercise.MISSING, hint: bool = False) -> None:
    """Check ``my_back_propagate(params, X, Y, cache) -> grads`` for the softmax network.

    Parameters
    ----------
    my_back_propagate : callable taking params {"W1" (n_h, n_x), "b1" (n_h, 1), "W2" (n_y, n_h),
        "b2" (n_y, 1)}, X (n_x, m), one-hot Y (n_y, m) and the forward pass's cache
        {"Z1", "A1" (n_h, m), "Z2", "A2" (n_y, m)}, and returning a dict of the gradients
        of the mean cross-entropy: "dW1", "db1", "dW2", "db2", each the shape of its parameter.
    hint : True adds the full recipe to the message if the answer is wrong.

    Returns
    -------
    None — a confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake (see the module docstring).
    """
    BACK_PROPAGATE.check(my_back_propagate, hint=hint)
