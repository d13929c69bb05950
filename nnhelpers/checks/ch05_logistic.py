"""Exercise check of chapter 05: the gradients of logistic regression.

The exercise asks for ``my_logistic_gradients(W, b, X, Y) -> (dW, db)`` in the
course layout: W (1, n_features), b (1, 1), X (n_features, m), Y (1, m), and

    A = sigmoid(W @ X + b),   dZ = A - Y,
    dW = (1/m) dZ @ X.T   of shape (1, n_features),
    db = (1/m) sum of dZ over the samples, of shape (1, 1).

The check runs the answer on small inputs of different sizes (m never equals
n_features, so a transposed result cannot pass by accident) and names the usual
slips: a missing 1/m, dW transposed (the notes' column layout), db of the wrong
shape, the sigmoid's derivative applied a second time, the sign of dZ flipped,
and a global variable read instead of the argument.
"""
from __future__ import annotations

import numbers

import numpy as np

from nnhelpers.activations import sigmoid
from nnhelpers.checks._feedback import AnswerError, call_answer, check_value, global_hint

__all__ = ["check_logistic_gradients"]

_NAME = "my_logistic_gradients"
_ADVICE = " instead of its arguments; use only W, b, X and Y (and take m from X.shape[1])."


def _make_cases() -> list[tuple]:
    rng = np.random.default_rng(5)
    cases = []
    for n_x, m in [(4, 6), (3, 5), (6, 4)]:
        W = rng.normal(0, 0.8, size=(1, n_x))
        b = rng.normal(0, 0.5, size=(1, 1))
        X = rng.normal(0, 1, size=(n_x, m))
        Y = (rng.random((1, m)) < 0.5).astype(np.float64)
        Y[0, :2] = [0.0, 1.0]  # both classes in every case
        cases.append((W, b, X, Y))
    return cases


_CASES = _make_cases()


def _reference(W, b, X, Y, dz=None, scale=None):
    """The right gradients; ``dz`` and ``scale`` let the wrong variants reuse it."""
    A = sigmoid(W @ X + b)
    dZ = A - Y if dz is None else dz(A, Y, W @ X + b)
    m = X.shape[1] if scale is None else scale(X)
    return dZ @ X.T / m, np.sum(dZ, axis=1, keepdims=True) / m


# description -> wrong (dW, db), each compared in the right shapes
_MISTAKES = {
    "the factor 1/m is missing: the gradient of the MEAN loss averages over the m samples, "
    "dW = (1/m) dZ @ X.T and db = (1/m) sum(dZ)":
        lambda W, b, X, Y: _reference(W, b, X, Y, scale=lambda X: 1),
    "the derivative of the sigmoid is used twice, dZ = A(1 - A)(A - Y). With the cross-entropy "
    "loss, dL/dA = (A - Y) / (A(1 - A)) and the sigmoid's A(1 - A) cancel: dZ = A - Y, nothing more":
        lambda W, b, X, Y: _reference(W, b, X, Y, dz=lambda A, Y, Z: A * (1 - A) * (A - Y)),
    "the sign is flipped: dZ = Y - A points uphill. The derivative of the loss is dZ = A - Y "
    "(gradient descent then subtracts it)":
        lambda W, b, X, Y: _reference(W, b, X, Y, dz=lambda A, Y, Z: Y - A),
    "the sigmoid is missing: dZ = Z - Y uses Z = W @ X + b where A = sigmoid(Z) belongs":
        lambda W, b, X, Y: _reference(W, b, X, Y, dz=lambda A, Y, Z: Z - Y),
    "the bias is missing from the forward pass: A = sigmoid(W @ X + b)":
        lambda W, b, X, Y: _reference(W, 0 * b, X, Y),
    "divided by the number of features X.shape[0]; m, the number of samples, is X.shape[1]":
        lambda W, b, X, Y: _reference(W, b, X, Y, scale=lambda X: X.shape[0]),
}


def _unpack(answer) -> tuple:
    if isinstance(answer, dict):
        raise AnswerError(f"{_NAME}: wrong type. Return the pair (dW, db), e.g. `return dW, db`, "
                          f"not a dict (got keys {sorted(answer)}).")
    if answer is None:
        raise AnswerError(f"{_NAME}: it returned None. Did the function forget to `return dW, db`?")
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        what = f"a {type(answer).__name__}" + (f" of length {len(answer)}" if isinstance(answer, (tuple, list)) else "")
        raise AnswerError(f"{_NAME}: wrong type. Expected the pair (dW, db), e.g. `return dW, db`; got {what}.")
    return answer[0], answer[1]


def _check_dW_shape(dW, expected: np.ndarray, X) -> None:
    if not isinstance(dW, np.ndarray):
        return  # check_value reports the type
    n_x, m = X.shape
    if dW.shape == (n_x, 1):
        raise AnswerError(
            f"{_NAME}: dW has shape {dW.shape}, the transpose of W {expected.shape}. X @ dZ.T is the "
            "formula for a column w (the notes' layout, used as w.T @ X); the course stores W as a "
            "row (1, n_features), so its gradient is dW = (1/m) dZ @ X.T, with W's shape."
        )
    if dW.shape == (n_x,):
        raise AnswerError(
            f"{_NAME}: dW has shape {dW.shape}, a 1-D vector; it must have W's shape {expected.shape}: "
            "keep the 2-D layout, dW = (1/m) dZ @ X.T with dZ of shape (1, m)."
        )


def _check_db_shape(db, X) -> None:
    m = X.shape[1]
    if isinstance(db, numbers.Real) or (isinstance(db, np.ndarray) and db.shape == ()):
        raise AnswerError(
            f"{_NAME}: db is a single number (shape ()), but it must have b's shape (1, 1). np.sum(dZ) "
            "without an axis (or float(...)) drops the 2-D layout: use np.sum(dZ, axis=1, keepdims=True) / m."
        )
    if not isinstance(db, np.ndarray):
        return  # check_value reports the type
    if db.shape == (1,):
        raise AnswerError(
            f"{_NAME}: db has shape (1,), but it must have b's shape (1, 1): np.sum(dZ, axis=1) "
            "needs keepdims=True to stay 2-D."
        )
    if db.shape == (1, m):
        raise AnswerError(
            f"{_NAME}: db has shape (1, {m}), one number per sample: the sum over the samples is missing. "
            "db = (1/m) np.sum(dZ, axis=1, keepdims=True), of shape (1, 1)."
        )
    if db.shape == (m,):
        raise AnswerError(
            f"{_NAME}: db has shape ({m},), one number per sample: np.sum(dZ, axis=0) adds over the "
            "single output row, not over the samples. Use np.sum(dZ, axis=1, keepdims=True) / m, shape (1, 1)."
        )


def check_logistic_gradients(my_logistic_gradients) -> str:
    """Check ``my_logistic_gradients(W, b, X, Y) -> (dW, db)`` for logistic regression.

    Parameters
    ----------
    my_logistic_gradients : callable taking W (1, n_features), b (1, 1),
        X (n_features, m) and Y (1, m) and returning the pair (dW, db), with
        dW of shape (1, n_features) and db of shape (1, 1).

    Returns
    -------
    str — a confirmation, also printed.

    Raises
    ------
    AnswerError naming the mistake: not implemented yet; the 1/m missing; dW
    transposed; db of shape (), (1,), (1, m) or (m,); the sigmoid's derivative
    used twice; the sign of dZ flipped; the sigmoid or the bias missing; m
    taken from the features; a global variable instead of the arguments.
    """
    if not callable(my_logistic_gradients):
        raise AnswerError(f"{_NAME}: wrong type. Expected a function, got {type(my_logistic_gradients).__name__}.")
    answers = [_unpack(call_answer(_NAME, my_logistic_gradients, args, advice=_ADVICE))
               for args in _CASES]
    expected = [_reference(*args) for args in _CASES]

    # The same answer for an X of the same shape but different values: it ignores its argument X.
    probe = tuple(np.roll(a, 1, axis=1) if i == 2 else a for i, a in enumerate(_CASES[0]))
    probe_answer = _unpack(call_answer(_NAME, my_logistic_gradients, probe, advice=_ADVICE))
    ignores_X = not np.allclose(_reference(*probe)[0], expected[0][0]) and all(
        np.shape(p) == np.shape(a) and np.allclose(np.asarray(p, dtype=float), np.asarray(a, dtype=float))
        for p, a in zip(probe_answer, answers[0])
    )
    same_answer = ("it returns the same answer for different X. Does it use a global variable "
                   "instead of its argument X?")

    hint = global_hint(my_logistic_gradients, _ADVICE)
    if ignores_X:
        hint = f" Note: {same_answer}{hint}"
    for number, (args, (dW, db), (want_dW, want_db)) in enumerate(zip(_CASES, answers, expected), start=1):
        X = args[2]
        label = f"(test input {number} of {len(_CASES)}, X of shape {X.shape})"
        wrong = {description: variant(*args) for description, variant in _MISTAKES.items()}
        try:
            _check_dW_shape(dW, want_dW, X)
            check_value(f"{_NAME}: dW {label}", dW, want_dW, {d: w[0] for d, w in wrong.items()})
            _check_db_shape(db, X)
            check_value(f"{_NAME}: db {label}", db, want_db, {d: w[1] for d, w in wrong.items()})
        except AnswerError as error:
            if hint and "common mistake" not in str(error):
                raise AnswerError(f"{error}\n {hint}") from None
            raise
    if ignores_X:  # right on the test inputs, yet blind to X: a global that happens to fit
        raise AnswerError(f"{_NAME}: {same_answer}{global_hint(my_logistic_gradients, _ADVICE)}")
    message = f"✓ {_NAME} is correct on all {len(_CASES)} test inputs."
    print(message)
    return message
