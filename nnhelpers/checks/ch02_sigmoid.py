"""Exercise checks of chapter 02, the sigmoid.

Both exercises take z, the pre-activation, as an array of any shape (a single
number works too) and must work element-wise, returning an array of the same
shape: ``my_sigmoid_prime(z)`` = sigma(z) (1 - sigma(z)) and
``my_stable_sigmoid(z)`` = sigma(z) without an overflow at |z| = 1000.
"""
from __future__ import annotations

import warnings

import numpy as np

from nnhelpers.activations import sigmoid, sigmoid_prime
from nnhelpers.checks._feedback import AnswerError, check_function

__all__ = ["check_sigmoid_prime", "check_stable_sigmoid"]

_NOT_VECTORISED = (
    "it works on a single number but fails on an array ({error}). Use numpy functions "
    "(np.exp, not math.exp) and no `if` on z: numpy then applies the formula to every entry at once"
)


def _elementwise(name: str, function, scalar: float = 0.5):
    """Wrap ``function`` so that "works on a number, breaks on an array" gets its own message."""
    def wrapped(z):
        try:
            return function(z)
        except (TypeError, ValueError) as error:
            if np.ndim(z) == 0:
                raise
            try:
                function(scalar)
            except Exception:  # noqa: BLE001  fails on numbers too: report the original error
                raise error from None
            raise AnswerError(f"{name}: {_NOT_VECTORISED.format(error=error)}.") from error

    return wrapped


def check_sigmoid_prime(my_sigmoid_prime) -> None:
    """Check ``my_sigmoid_prime(z)`` = sigma(z) (1 - sigma(z)), the derivative with respect to z.

    Parameters
    ----------
    my_sigmoid_prime : callable, array of any shape -> array of the same shape

    Returns
    -------
    None — a one-line confirmation is printed when the answer is right (returning
    nothing keeps a notebook cell from showing it a second time as Out[...]).

    Raises
    ------
    AnswerError with tutor-style feedback when the answer is wrong.
    """
    name = "my_sigmoid_prime"
    cases = [
        (np.array([-2.0, 0.0, 0.5, 3.0]),),
        (np.array([[1.0, -1.0, 0.0], [4.0, -6.0, 2.5]]),),  # shape (2, 3): one column per sample
    ]
    answer = _elementwise(name, my_sigmoid_prime) if callable(my_sigmoid_prime) else my_sigmoid_prime
    check_function(name, answer, sigmoid_prime, cases, mistakes={
        "the derivative is taken at the activation a = sigma(z) instead of at z, i.e. "
        "sigma(a)(1 - sigma(a)); the formula wants sigma(z)(1 - sigma(z)) with z itself":
            lambda z: sigmoid_prime(sigmoid(z)),
        "z(1 - z) uses z where sigma(z) belongs; compute s = sigma(z) first, then s(1 - s)":
            lambda z: z * (1 - z),
        "a plus sign: sigma(z)(1 + sigma(z)); the derivative is sigma(z)(1 - sigma(z))":
            lambda z: sigmoid(z) * (1 + sigmoid(z)),
        "this is sigma(z) itself, not its derivative sigma(z)(1 - sigma(z))":
            sigmoid,
        "this is 1 - sigma(z); multiply it by sigma(z)":
            lambda z: 1 - sigmoid(z),
    })


def _without_overflow(name: str, function):
    """Wrap ``function`` so that an overflow (a RuntimeWarning in a notebook) becomes feedback."""
    def wrapped(z):
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            try:
                with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
                    return function(z)
            except (FloatingPointError, RuntimeWarning) as error:
                raise AnswerError(
                    f"{name}: numpy reports '{error}' for z between {np.min(z):g} and {np.max(z):g}. "
                    "exp(-z) is inf when z is a large negative number. Compute t = exp(-|z|), which is "
                    "never larger than 1, and use 1 / (1 + t) where z >= 0 and t / (1 + t) where z < 0. "
                    "(np.where(cond, a, b) computes both a and b for every entry, so a formula that "
                    "overflows in either branch still overflows.)"
                ) from None

    return wrapped


def check_stable_sigmoid(my_stable_sigmoid) -> None:
    """Check ``my_stable_sigmoid(z)``: right values, and no overflow even at z = -1000 or 1000.

    Parameters
    ----------
    my_stable_sigmoid : callable, array of any shape -> array of the same shape

    Returns
    -------
    None — a one-line confirmation is printed when the answer is right (returning
    nothing keeps a notebook cell from showing it a second time as Out[...]).

    Raises
    ------
    AnswerError with tutor-style feedback when the answer is wrong.
    """
    name = "my_stable_sigmoid"
    cases = [
        (np.array([-3.0, -0.5, 0.0, 0.5, 3.0]),),  # easy values first: the formula itself
        (np.array([[-1000.0, -40.0, 2.0], [1000.0, 40.0, -2.0]]),),  # then the extremes
    ]
    answer = my_stable_sigmoid
    if callable(my_stable_sigmoid):
        answer = _without_overflow(name, _elementwise(name, my_stable_sigmoid))
    exp_minus_abs = lambda z: np.exp(-np.abs(z))  # noqa: E731
    check_function(name, answer, sigmoid, cases, mistakes={
        "this is sigma(-z): either the sign in the exponent (sigma(z) = 1 / (1 + exp(-z)), with a "
        "minus) or the two branches swapped (1 / (1 + t) belongs where z >= 0, t / (1 + t) where z < 0)":
            lambda z: sigmoid(-z),
        "t / (1 + t) with t = exp(-|z|) is right for z < 0 only; where z >= 0 use 1 / (1 + t)":
            lambda z: exp_minus_abs(z) / (1 + exp_minus_abs(z)),
        "1 / (1 + t) with t = exp(-|z|) is right for z >= 0 only; where z < 0 use t / (1 + t)":
            lambda z: 1 / (1 + exp_minus_abs(z)),
    })
