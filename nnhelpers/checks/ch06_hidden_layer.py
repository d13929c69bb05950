"""Exercise checks of chapter 06: softmax and back-propagation through one hidden layer.

Shapes, as everywhere in the course: Z (n_classes, m) with one column per
sample; X (n_x, m), Y (n_y, m), W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h),
b2 (n_y, 1).

- ``my_softmax(Z)`` must normalise each column and survive scores in the
  thousands. The check names: the wrong axis, no max subtracted (exp overflows:
  inf / inf = NaN), the maximum of the whole array instead of each column's, a
  sigmoid or a missing normalisation.
- ``my_back_propagate(params, X, Y, cache) -> grads`` for the softmax network.
  The check names: sigmoid' taken of the activation A1 instead of the
  pre-activation Z1, A1 * (1 - A1) written with Z1, W2 used without its
  transpose, transposed gradients, db of shape (n,) instead of (n, 1), a missing
  or wrong 1/m (a global m or batch size instead of X.shape[1]), and globals
  read instead of the arguments.
"""
from __future__ import annotations

import copy

import numpy as np

from nnhelpers.activations import sigmoid, softmax
from nnhelpers.checks._feedback import AnswerError, call_answer, check_value, global_hint

__all__ = ["check_softmax", "check_back_propagate"]


# --- softmax ------------------------------------------------------------------------------

_SOFTMAX_CASES = [
    np.array([[1.0, 2.0, 0.5, -1.0], [2.0, 0.0, 0.5, 0.0], [3.0, -1.0, 0.5, 4.0]]),  # (3, 4)
    np.array([[0.1, -0.3, 2.0, 1.5], [1.2, 0.4, -1.0, 0.0]]),                 # (2, 4)
    np.array([[1000.0, -1000.0], [1001.0, -1001.0], [999.0, -999.0]]),       # large scores
]
_SOFTMAX_ADVICE = "; use only its arguments (Z) and take m from X.shape[1]."


def _softmax_naive(Z):
    return np.exp(Z) / np.sum(np.exp(Z), axis=0, keepdims=True)


_SOFTMAX_MISTAKES = {
    "normalised over axis=1 (each row sums to 1); the samples are the columns, so each COLUMN "
    "must sum to 1: use axis=0 (with keepdims=True)":
        lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True))
        / np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True),
    "the maximum of the whole array is subtracted; it must be each column's own maximum, "
    "Z.max(axis=0, keepdims=True), or a column far below the overall maximum underflows to 0 / 0":
        lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=0, keepdims=True),
    "a sigmoid of each score; softmax divides exp(z_i) by the sum of the column's exponentials":
        lambda Z: sigmoid(Z),
    "the exponentials are not normalised: divide by their sum over each column":
        lambda Z: np.exp(Z - Z.max(axis=0, keepdims=True)),
}


def check_softmax(my_softmax) -> None:
    """Check ``my_softmax(Z)``: the column-wise, numerically stable softmax.

    Parameters
    ----------
    my_softmax : callable taking Z of shape (n_classes, m) and returning an array of
        the same shape whose columns are positive and sum to 1.

    Returns
    -------
    None — a confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake (see the module docstring).
    """
    name = "my_softmax"
    if not callable(my_softmax):
        raise AnswerError(f"{name}: wrong type. Expected a function, got {type(my_softmax).__name__}.")
    answers = [call_answer(name, my_softmax, (Z,), advice=_SOFTMAX_ADVICE, quiet=True)
               for Z in _SOFTMAX_CASES]
    first = answers[0]
    if all(isinstance(a, np.ndarray) and a.shape == np.shape(first) and np.array_equal(a, first)
           for a in answers[1:]):
        raise AnswerError(f"{name}: it returns the same answer for different inputs. Does it use a "
                          f"global variable instead of its argument Z?")
    global_max = list(_SOFTMAX_MISTAKES)[1]
    for number, (Z, got) in enumerate(zip(_SOFTMAX_CASES, answers), start=1):
        label = f"{name} (test input {number} of {len(_SOFTMAX_CASES)})"
        wrong = _wrong_softmax_values(Z)
        if isinstance(got, np.ndarray) and got.shape == Z.shape and not np.isfinite(got).all():
            if np.allclose(got, wrong[global_max], equal_nan=True):
                raise AnswerError(f"{label}: not quite. Your answer matches a common mistake: {global_max}.")
            if not np.isfinite(_silent(_softmax_naive, Z)).all():
                raise AnswerError(
                    f"{label}: the result holds NaN or inf for scores around ±1000: the maximum is "
                    "not subtracted. exp(1000) overflows to inf, and inf / inf is NaN. Subtract each "
                    "column's maximum first, Z - Z.max(axis=0, keepdims=True): the softmax does not "
                    "change, and the largest exponent becomes exp(0) = 1.")
            raise AnswerError(f"{label}: the result holds NaN or inf; a softmax is always finite.")
        check_value(label, got, softmax(Z), wrong)
    print(f"✓ {name} is correct on all {len(_SOFTMAX_CASES)} test inputs, including scores of ±1000.")


def _silent(function, *args):
    with np.errstate(all="ignore"):
        return function(*args)


def _wrong_softmax_values(Z) -> dict:
    return {description: _silent(wrong, Z) for description, wrong in _SOFTMAX_MISTAKES.items()}


# --- back-propagation ---------------------------------------------------------------------

_BACKPROP_ADVICE = "; use only its arguments (params, X, Y, cache) and take m from X.shape[1]."
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


def _backprop(params, X, Y, cache, hidden_derivative=None, scale=None):
    """The right gradients; the keyword arguments let the wrong variants reuse it."""
    m = X.shape[1] if scale is None else scale
    dZ2 = cache["A2"] - Y
    derivative = cache["A1"] * (1 - cache["A1"]) if hidden_derivative is None else hidden_derivative(cache)
    dZ1 = (params["W2"].T @ dZ2) * derivative
    return {"dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m,
            "dW2": dZ2 @ cache["A1"].T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m}


_BACKPROP_CASES = _make_backprop_cases()

_BACKPROP_MISTAKES = {
    "sigmoid'(A1): the derivative is taken of the activation A1 instead of the pre-activation Z1. "
    "sigmoid'(Z1) = sigmoid(Z1) (1 - sigmoid(Z1)) = A1 * (1 - A1)":
        lambda p, X, Y, c: _backprop(p, X, Y, c, lambda c: sigmoid(c["A1"]) * (1 - sigmoid(c["A1"]))),
    "Z1 * (1 - Z1) uses the pre-activation where the activation belongs: sigmoid'(Z1) = A1 * (1 - A1)":
        lambda p, X, Y, c: _backprop(p, X, Y, c, lambda c: c["Z1"] * (1 - c["Z1"])),
    "the sigmoid's derivative is missing: dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)":
        lambda p, X, Y, c: _backprop(p, X, Y, c, lambda c: 1.0),
    "the factor 1/m is missing: the gradients of the MEAN loss divide by m = X.shape[1]":
        lambda p, X, Y, c: _backprop(p, X, Y, c, scale=1),
}


def _check_grads_type(name: str, answer) -> None:
    if answer is None:
        raise AnswerError(f"{name}: it returned None. Did the function forget to `return grads`?")
    if not isinstance(answer, dict):
        raise AnswerError(f"{name}: wrong type. Expected a dict with keys {', '.join(_GRAD_NAMES)}; "
                          f"got {type(answer).__name__}.")
    missing = [key for key in _GRAD_NAMES if key not in answer]
    if missing:
        raise AnswerError(f"{name}: the dict has no key(s) {', '.join(map(repr, missing))}; it has "
                          f"{sorted(answer)}. Name each gradient 'd' + its parameter: dW1, db1, dW2, db2.")


def _scaled_by(answer: dict, expected: dict) -> float | None:
    """The factor c if every gradient equals c times the right one (c != 1), else None.

    One common factor on all four gradients means the sum was divided by the wrong count:
    a global m (the whole training set) or batch size instead of this X's columns.
    """
    ratios = []
    for key in _GRAD_NAMES:
        got, want = np.asarray(answer[key], dtype=float), expected[key]
        if got.shape != want.shape:
            return None
        big = np.abs(want) > 1e-8
        if not big.any():
            continue
        ratios.append(got[big] / want[big])
    if not ratios:
        return None
    ratios = np.concatenate(ratios)
    c = float(np.median(ratios))
    if np.isfinite(c) and abs(c - 1) > 1e-6 and np.allclose(ratios, c, rtol=1e-6):
        return c
    return None


def check_back_propagate(my_back_propagate) -> None:
    """Check ``my_back_propagate(params, X, Y, cache) -> grads`` for the softmax network.

    Parameters
    ----------
    my_back_propagate : callable taking params {"W1" (n_h, n_x), "b1" (n_h, 1), "W2" (n_y, n_h),
        "b2" (n_y, 1)}, X (n_x, m), one-hot Y (n_y, m) and the forward pass's cache
        {"Z1", "A1" (n_h, m), "Z2", "A2" (n_y, m)}, and returning a dict of the gradients
        of the mean cross-entropy: "dW1", "db1", "dW2", "db2", each the shape of its parameter.

    Returns
    -------
    None — a confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake (see the module docstring).
    """
    name = "my_back_propagate"
    if not callable(my_back_propagate):
        raise AnswerError(f"{name}: wrong type. Expected a function, got {type(my_back_propagate).__name__}.")
    shape_hint = (" Check the shapes: dA1 = W2.T @ dZ2 (W2 is (n_y, n_h); its transpose takes "
                  "the error back to the hidden layer), dW1 = dZ1 @ X.T, dW2 = dZ2 @ A1.T.")
    for number, args in enumerate(_BACKPROP_CASES, start=1):
        label = f"{name} (test input {number} of {len(_BACKPROP_CASES)})"
        answer = call_answer(name, my_back_propagate, args, advice=_BACKPROP_ADVICE,
                             shape_hint=shape_hint, quiet=True)
        _check_grads_type(label, answer)
        expected = _backprop(*args)
        factor = _scaled_by(answer, expected)
        m = args[1].shape[1]
        if factor is not None and not np.isclose(factor, m):
            raise AnswerError(
                f"{label}: every gradient is {factor:.4g} times the right one: the sums are divided by "
                f"{m / factor:.6g} instead of m = {m}, the number of columns of THIS X. Take "
                f"m = X.shape[1] inside the function, never a global m or batch size (the last "
                f"mini-batch of an epoch is smaller).{global_hint(my_back_propagate, _BACKPROP_ADVICE)}")
        wrong = {description: f(*copy.deepcopy(args)) for description, f in _BACKPROP_MISTAKES.items()}
        for key in _GRAD_NAMES:
            check_value(f"{label}: {key}", answer[key], expected[key],
                        {description: values[key] for description, values in wrong.items()})
    print(f"✓ {name} is correct on all {len(_BACKPROP_CASES)} test networks.")
