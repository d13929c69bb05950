"""Exercise checks of chapter 01, a single neuron: the worked example of the check engine.

A neuron with weights w of shape (n_in,) and a bias b turns one sample x of
shape (n_in,) into the number z = w . x + b (the weighted sum, or
pre-activation) and then into its output a = sigmoid(z). The exercises ask for
these two numbers. Each is declared as data (see `_feedback` for the engine):
its test cases, the slips students make most often, a nudge and a recipe.
"""
from __future__ import annotations

import numpy as np

from nnhelpers.activations import sigmoid
from nnhelpers.checks._feedback import FunctionExercise

__all__ = ["check_weighted_sum", "check_neuron_output", "WEIGHTED_SUM", "NEURON_OUTPUT"]

# (w, x, b): the slides' neuron first (z = 7), then other sizes and signs, so that a
# function reading the notebook's w, x, b (or `bias`, left by the plotting loop)
# instead of its arguments gives a wrong answer on at least one of them.
_CASES = [
    (np.array([0.0, 1.0]), np.array([2.0, 3.0]), 4.0),
    (np.array([0.5, -1.0, 2.0]), np.array([1.0, 2.0, 3.0]), -0.5),
    (np.array([-1.5, 0.25]), np.array([0.4, -2.0]), 1.0),
]

WEIGHTED_SUM = FunctionExercise(
    name="my_weighted_sum",
    reference=lambda w, x, b: float(np.dot(w, x) + b),
    cases=_CASES,
    mistakes={
        "the bias is missing: z = w . x + b": lambda w, x, b: float(np.dot(w, x)),
        "the bias is added once per input (np.sum(w * x + b)); it is added once, after the sum":
            lambda w, x, b: float(np.sum(w * x + b)),
        "the sigmoid is applied; the weighted sum z is the value before the activation":
            lambda w, x, b: float(sigmoid(np.dot(w, x) + b)),
        "the bias is subtracted; z = w . x + b": lambda w, x, b: float(np.dot(w, x) - b),
        # answers that are not even one number: named before the type check speaks
        "w * x multiplies entry by entry but keeps one number per input; the weighted sum also "
        "adds them up (np.dot(w, x) or np.sum(w * x)), then adds the bias":
            lambda w, x, b: w * x + b,
        "w * x without the sum and without the bias; add the products up (np.dot) and add b":
            lambda w, x, b: w * x,
    },
    nudge="z is ONE number: every input times its weight, all added up, then the bias once.",
    recipe="return np.dot(w, x) + b   (np.dot multiplies entry by entry and adds up; "
           "w @ x is the same).",
)

NEURON_OUTPUT = FunctionExercise(
    name="my_neuron_output",
    reference=lambda w, x, b: float(sigmoid(np.dot(w, x) + b)),
    cases=_CASES,
    mistakes={
        "the activation is missing: this is the weighted sum z, the output is sigmoid(z)":
            lambda w, x, b: float(np.dot(w, x) + b),
        "the bias is missing: the output is sigmoid(w . x + b)":
            lambda w, x, b: float(sigmoid(np.dot(w, x))),
        "the bias is added after the sigmoid; it belongs inside: sigmoid(w . x + b)":
            lambda w, x, b: float(sigmoid(np.dot(w, x)) + b),
        "the sign in the exponent: sigmoid(z) = 1 / (1 + exp(-z)), with a minus":
            lambda w, x, b: float(sigmoid(-(np.dot(w, x) + b))),
        "the sigmoid of w * x + b gives one number per input; a neuron first adds the products "
        "up (np.dot(w, x)), adds the bias, and then applies the sigmoid once":
            lambda w, x, b: sigmoid(w * x + b),
    },
    nudge="two steps: first the weighted sum z (your my_weighted_sum), then the activation of z.",
    recipe="return nh.sigmoid(np.dot(w, x) + b)   (or 1 / (1 + np.exp(-z)) with "
           "z = np.dot(w, x) + b).",
)


def check_weighted_sum(my_weighted_sum, hint: bool = False) -> None:
    """Check ``my_weighted_sum(w, x, b)``, which must return the number w . x + b.

    Parameters
    ----------
    my_weighted_sum : callable (w of shape (n_in,), x of shape (n_in,), b float) -> float
    hint : True adds the full recipe to the message if the answer is wrong
        (it also comes after 3 failed attempts; ``nh.checks.hint("my_weighted_sum")``).

    Returns
    -------
    None — a one-line confirmation is printed when the answer is right (returning
    nothing keeps a notebook cell from showing it a second time as Out[...]).

    Raises
    ------
    AnswerError with tutor-style feedback when the answer is wrong.
    """
    WEIGHTED_SUM.check(my_weighted_sum, hint=hint)


def check_neuron_output(my_neuron_output, hint: bool = False) -> None:
    """Check ``my_neuron_output(w, x, b)``, which must return sigmoid(w . x + b).

    Parameters
    ----------
    my_neuron_output : callable (w of shape (n_in,), x of shape (n_in,), b float) -> float
    hint : True adds the full recipe to the message if the answer is wrong
        (it also comes after 3 failed attempts; ``nh.checks.hint("my_neuron_output")``).

    Returns
    -------
    None — a one-line confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError with tutor-style feedback when the answer is wrong.
    """
    NEURON_OUTPUT.check(my_neuron_output, hint=hint)
