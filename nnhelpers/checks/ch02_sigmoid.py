"""Exercise checks of chapter 02, the sigmoid, declared as data over the check engine.

Function exercises take z, the pre-activation, as an array of any shape (a single
number works too) and must work element-wise, returning an array of the same shape:

- ``my_sigmoid_prime(z)`` = sigma(z) (1 - sigma(z));
- ``my_stable_sigmoid(z)`` = sigma(z), without an overflow even at |z| = 1000;
- ``my_tanh_prime(z)`` = 1 - tanh(z)**2, derived by the student from the definition
  tanh(z) = (e^z - e^-z) / (e^z + e^-z).

One "predict, then run" exercise: ``prediction_small_h``, what a step h = 1e-12
does to the central difference (sigma(z + h) - sigma(z - h)) / (2h) at z = 1.
Its truncation error goes as h**2, its rounding error as eps / h (eps = 2.2e-16),
so a tiny h is worse than h = 1e-5 (the chapter plots both).

See `nnhelpers.checks._feedback` for how a check judges and how hints escalate:
a wrong answer gets its named mistake and a nudge; the full recipe only with
``hint=True``, ``nh.checks.hint(name)`` or after repeated failed tries.
"""
from __future__ import annotations

import warnings

import numpy as np

from nnhelpers.activations import sigmoid, sigmoid_prime
from nnhelpers.checks._feedback import AnswerError, Choice, FunctionExercise, Option

__all__ = ["check_sigmoid_prime", "check_stable_sigmoid", "check_tanh_prime",
           "check_prediction_small_h", "SIGMOID_PRIME", "STABLE_SIGMOID", "TANH_PRIME",
           "PREDICTION_SMALL_H"]

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


def _without_overflow(name: str, function):
    """Wrap ``function`` so that an overflow (a RuntimeWarning in a notebook) becomes feedback.

    The message names what went wrong and where, and leaves the cure to the nudge
    (and, on request or after repeated tries, to the recipe).
    """
    def wrapped(z):
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            try:
                with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
                    return function(z)
            except (FloatingPointError, RuntimeWarning) as error:
                raise AnswerError(
                    f"{name}: numpy reports '{error}' for z between {np.min(z):g} and {np.max(z):g}. "
                    "exp(-z) is inf when z is a large negative number, so this formula cannot be "
                    "used as it is for every z. (np.where(cond, a, b) computes both a and b for "
                    "every entry, so a formula that overflows in either branch still overflows.)"
                ) from None

    return wrapped


def _vectorised(name, function):
    return _elementwise(name, function)


# --- the derivative, sigma(z)(1 - sigma(z)) ------------------------------------------------

SIGMOID_PRIME = FunctionExercise(
    name="my_sigmoid_prime",
    reference=sigmoid_prime,
    cases=[
        (np.array([-2.0, 0.0, 0.5, 3.0]),),
        (np.array([[1.0, -1.0, 0.0], [4.0, -6.0, 2.5]]),),  # shape (2, 3): one column per sample
    ],
    mistakes={
        "the derivative is taken at the activation a = sigma(z) instead of at z, i.e. "
        "sigma(a)(1 - sigma(a)); the formula wants sigma(z)(1 - sigma(z)) with z itself":
            lambda z: sigmoid_prime(sigmoid(z)),
        "z(1 - z) uses z where sigma(z) belongs; compute s = sigma(z) first":
            lambda z: z * (1 - z),
        "a plus sign: sigma(z)(1 + sigma(z)); the derivative is sigma(z)(1 - sigma(z))":
            lambda z: sigmoid(z) * (1 + sigmoid(z)),
        "this is sigma(z) itself, not its derivative":
            sigmoid,
        "this is 1 - sigma(z); one factor is missing":
            lambda z: 1 - sigmoid(z),
    },
    prepare=_vectorised,
    nudge="the derivative is the product of two factors, both computed from sigma(z).",
    recipe="return nh.sigmoid(z) * nh.sigmoid(-z)  (equal to s * (1 - s) with s = sigma(z), since "
           "1 - sigma(z) = sigma(-z), and exact in float32 where 1 - s cancels)",
)

# --- the stable sigmoid -------------------------------------------------------------------

_exp_minus_abs = lambda z: np.exp(-np.abs(z))  # noqa: E731

STABLE_SIGMOID = FunctionExercise(
    name="my_stable_sigmoid",
    reference=sigmoid,
    cases=[
        (np.array([-3.0, -0.5, 0.0, 0.5, 3.0]),),  # easy values first: the formula itself
        (np.array([[-1000.0, -40.0, 2.0], [1000.0, 40.0, -2.0]]),),  # then the extremes
    ],
    mistakes={
        "this is sigma(-z): either the sign in the exponent (sigma(z) = 1 / (1 + exp(-z)), with a "
        "minus) or the two branches swapped (each formula belongs to the other sign of z)":
            lambda z: sigmoid(-z),
        "the formula you use is right for z < 0 only; for z >= 0 the other case is needed":
            lambda z: _exp_minus_abs(z) / (1 + _exp_minus_abs(z)),
        "the formula you use is right for z >= 0 only; for z < 0 the other case is needed":
            lambda z: 1 / (1 + _exp_minus_abs(z)),
    },
    prepare=lambda name, function: _without_overflow(name, _elementwise(name, function)),
    nudge="only ever exponentiate a number that is <= 0. For z < 0, multiply the numerator and "
          "the denominator of 1 / (1 + exp(-z)) by exp(z) and look at what you get.",
    recipe="t = np.exp(-np.abs(z)) (never larger than 1); return np.where(z >= 0, 1 / (1 + t), "
           "t / (1 + t)).",
)

# --- derive: the slope of tanh --------------------------------------------------------------

TANH_PRIME = FunctionExercise(
    name="my_tanh_prime",
    reference=lambda z: 1 - np.tanh(z) ** 2,
    cases=[
        (np.array([-2.5, -0.7, 0.3, 1.2, 3.0]),),
        (np.array([[0.8, -1.6, 0.1], [2.0, -0.2, -4.0]]),),
    ],
    mistakes={
        "1 - tanh(z) is missing a power: split the quotient rule's (v^2 - u^2) / v^2 into two "
        "fractions and look at the second":
            lambda z: 1 - np.tanh(z),
        "tanh(z)(1 - tanh(z)) copies the sigmoid's pattern sigma(1 - sigma); tanh is another "
        "function, with its own derivative":
            lambda z: np.tanh(z) * (1 - np.tanh(z)),
        "1 + tanh(z)^2: a sign slipped; the quotient rule's numerator is u'v - uv', with a minus":
            lambda z: 1 + np.tanh(z) ** 2,
        "tanh(z)^2 - 1 has the wrong sign (it is negative everywhere, yet tanh rises): the "
        "quotient rule's numerator is u'v - uv' = v^2 - u^2, not u^2 - v^2":
            lambda z: np.tanh(z) ** 2 - 1,
        "1 / cosh(z) is missing a power: the quotient rule divides by v^2, the denominator squared":
            lambda z: 1 / np.cosh(z),
        "2 sigma'(2z): through tanh(z) = 2 sigma(2z) - 1, the chain rule brings a second factor 2 "
        "(the derivative of the inner 2z)":
            lambda z: 2 * sigmoid_prime(2 * z),
        "this is sigma'(z), the sigmoid's derivative, not tanh's":
            sigmoid_prime,
        "that is the derivative of the numerator over the derivative of the denominator, "
        "1 / tanh(z); the quotient rule is (u'v - uv') / v^2, not u' / v'":
            lambda z: 1 / np.tanh(z),
    },
    prepare=_vectorised,
    nudge="quotient rule (u/v)' = (u'v - uv') / v^2 with u = e^z - e^-z and v = e^z + e^-z. "
          "What are u' and v'? Then write the result with tanh = u/v.",
    recipe="u' = v and v' = u, so tanh' = (v^2 - u^2) / v^2 = 1 - (u/v)^2 = 1 - tanh(z)^2: "
           "t = np.tanh(z); return 1 - t**2",
)

# --- predict, then run: a tiny step h -------------------------------------------------------

PREDICTION_SMALL_H = Choice(
    name="prediction_small_h",
    question="What does the central difference at z = 1 give with h = 1e-12 instead of 1e-5?",
    options={
        "a": Option(
            "the error is about 1e14 times smaller",
            "That is what the h^2 law of the truncation error alone predicts. But sigma(1 + h) and "
            "sigma(1 - h) are each rounded to about 16 significant digits; at h = 1e-12 they share "
            "their first 12, so their difference keeps only about 4 correct digits, and dividing "
            "by 2h does not bring the lost ones back."),
        "b": Option(
            "about the same error",
            "The truncation error does almost vanish, but a second error grows as h shrinks: "
            "rounding, about eps * sigma(z) / h, ten million times larger at h = 1e-12 than at "
            "1e-5."),
        "c": Option(
            "a much larger error",
            "The truncation error (proportional to h^2) is gone, but the rounding error "
            "(proportional to eps / h) has grown: sigma(1 + h) and sigma(1 - h) agree in their "
            "first 12 digits, so their difference has only about 4 correct ones. Too small an h "
            "is as bad as too large a one; the best is near eps^(1/3)."),
        "d": Option(
            "nan or inf",
            "2e-12 is an ordinary float64 (the smallest normal one is about 1e-308) and the "
            "difference is small, not zero: nothing overflows or divides by zero. The result is "
            "a finite number, only a less accurate one."),
    },
    correct="c",
    nudge="each of sigma(1 + h) and sigma(1 - h) is stored with about 16 significant digits. "
          "How many digits do the two share when h = 1e-12, and what is left after subtracting?",
)


def check_sigmoid_prime(my_sigmoid_prime, hint: bool = False) -> None:
    """Check ``my_sigmoid_prime(z)`` = sigma(z) (1 - sigma(z)), the derivative with respect to z.

    Parameters
    ----------
    my_sigmoid_prime : callable, array of any shape -> array of the same shape
    hint : True adds the full recipe to the message if the answer is wrong.

    Returns
    -------
    None — a one-line confirmation is printed when the answer is right (returning
    nothing keeps a notebook cell from showing it a second time as Out[...]).

    Raises
    ------
    AnswerError with tutor-style feedback when the answer is wrong.
    """
    SIGMOID_PRIME.check(my_sigmoid_prime, hint=hint)


def check_stable_sigmoid(my_stable_sigmoid, hint: bool = False) -> None:
    """Check ``my_stable_sigmoid(z)``: right values, and no overflow even at z = -1000 or 1000.

    Parameters
    ----------
    my_stable_sigmoid : callable, array of any shape -> array of the same shape
    hint : True adds the full recipe to the message if the answer is wrong (it
        also comes after 3 failed tries, or with ``nh.checks.hint("my_stable_sigmoid")``).

    Returns
    -------
    None — a one-line confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError with tutor-style feedback when the answer is wrong.
    """
    STABLE_SIGMOID.check(my_stable_sigmoid, hint=hint)


def check_tanh_prime(my_tanh_prime, hint: bool = False) -> None:
    """Check ``my_tanh_prime(z)`` = 1 - tanh(z)**2, derived from tanh's definition.

    Parameters
    ----------
    my_tanh_prime : callable, array of any shape -> array of the same shape
    hint : True adds the full recipe (the derivation) to the message if the answer is wrong.

    Returns
    -------
    None — a one-line confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError with tutor-style feedback when the answer is wrong.
    """
    TANH_PRIME.check(my_tanh_prime, hint=hint)


def check_prediction_small_h(prediction_small_h=Choice.MISSING, hint: bool = False) -> None:
    """Check the prediction of what h = 1e-12 does to a central difference (a letter a-d).

    Parameters
    ----------
    prediction_small_h : str, one of "a", "b", "c", "d". Without it the notebook
        variable ``prediction_small_h`` is read ("not answered yet" if it is not set).
    hint : unused (a choice has no recipe); accepted like every check's.

    Returns
    -------
    None — prints a ✓ and why the option is right.

    Raises
    ------
    AnswerError explaining why the chosen option is wrong, with a nudge.
    """
    PREDICTION_SMALL_H.check(prediction_small_h, hint=hint)
