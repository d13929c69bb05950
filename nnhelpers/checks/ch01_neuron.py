"""Exercise checks of chapter 01, a single neuron.

A neuron with weights w of shape (n_in,) and a bias b turns one sample x of
shape (n_in,) into the number z = w . x + b (the weighted sum, or
pre-activation) and then into its output a = sigmoid(z). The exercises ask for
these two numbers; the checks below name the slips students make most often.
"""
from __future__ import annotations

import numpy as np

from nnhelpers.activations import sigmoid
from nnhelpers.checks._feedback import AnswerError, check_function

__all__ = ["check_weighted_sum", "check_neuron_output"]

# (w, x, b): the slides' neuron first (z = 7), then different sizes and signs,
# so that a function reading global variables instead of its arguments is caught.
_CASES = [
    (np.array([0.0, 1.0]), np.array([2.0, 3.0]), 4.0),
    (np.array([0.5, -1.0, 2.0]), np.array([1.0, 2.0, 3.0]), -0.5),
    (np.array([-1.5, 0.25]), np.array([0.4, -2.0]), 1.0),
]


def _weighted_sum(w, x, b):
    return float(np.dot(w, x) + b)


def _neuron_output(w, x, b):
    return float(sigmoid(np.dot(w, x) + b))


def _summing(name: str, function, per_input_variants: dict):
    """Wrap ``function`` to catch answers that keep one number per input instead of a sum.

    Such an answer (w * x + b, say) is an array of shape (n_in,), so the generic
    type check would only say "expected a single number"; here we can say which
    step is missing. The wrapper raises AnswerError for those and otherwise
    returns the student's answer unchanged.
    """
    def wrapped(w, x, b):
        # the variants first: the student's code might modify w or x in place
        variants = {d: variant(w, x, b) for d, variant in per_input_variants.items()}
        got = function(w, x, b)
        if isinstance(got, np.ndarray) and got.shape == w.shape:
            for description, value in variants.items():
                if np.allclose(got, value):
                    raise AnswerError(f"{name}: not quite. Your answer matches a common mistake: {description}.")
        return got

    return wrapped


def check_weighted_sum(my_weighted_sum) -> None:
    """Check ``my_weighted_sum(w, x, b)``, which must return the number w . x + b.

    Parameters
    ----------
    my_weighted_sum : callable (w of shape (n_in,), x of shape (n_in,), b float) -> float

    Returns
    -------
    None — a one-line confirmation is printed when the answer is right (returning
    nothing keeps a notebook cell from showing it a second time as Out[...]).

    Raises
    ------
    AnswerError with tutor-style feedback when the answer is wrong.
    """
    name = "my_weighted_sum"
    if not callable(my_weighted_sum):
        check_function(name, my_weighted_sum, _weighted_sum, _CASES)  # raises: reports the type
    answer = _summing(name, my_weighted_sum, {
        "w * x multiplies entry by entry but keeps one number per input; the weighted sum also "
        "adds them up (np.dot(w, x) or np.sum(w * x)), then adds the bias":
            lambda w, x, b: w * x + b,
        "w * x without the sum and without the bias; add the products up (np.dot) and add b":
            lambda w, x, b: w * x,
    })
    check_function(name, answer, _weighted_sum, _CASES, mistakes={
        "the bias is missing: z = w . x + b": lambda w, x, b: float(np.dot(w, x)),
        "the bias is added once per input (np.sum(w * x + b)); it is added once, after the sum":
            lambda w, x, b: float(np.sum(w * x + b)),
        "the sigmoid is applied; the weighted sum z is the value before the activation":
            lambda w, x, b: float(sigmoid(np.dot(w, x) + b)),
        "the bias is subtracted; z = w . x + b": lambda w, x, b: float(np.dot(w, x) - b),
    })


def check_neuron_output(my_neuron_output) -> None:
    """Check ``my_neuron_output(w, x, b)``, which must return sigmoid(w . x + b).

    Parameters
    ----------
    my_neuron_output : callable (w of shape (n_in,), x of shape (n_in,), b float) -> float

    Returns
    -------
    None — a one-line confirmation is printed when the answer is right (returning
    nothing keeps a notebook cell from showing it a second time as Out[...]).

    Raises
    ------
    AnswerError with tutor-style feedback when the answer is wrong.
    """
    name = "my_neuron_output"
    if not callable(my_neuron_output):
        check_function(name, my_neuron_output, _neuron_output, _CASES)  # raises: reports the type
    answer = _summing(name, my_neuron_output, {
        "the sigmoid of w * x + b gives one number per input; a neuron first adds the products "
        "up (np.dot(w, x)), adds the bias, and then applies the sigmoid once":
            lambda w, x, b: sigmoid(w * x + b),
    })
    check_function(name, answer, _neuron_output, _CASES, mistakes={
        "the activation is missing: this is the weighted sum z, the output is sigmoid(z)":
            lambda w, x, b: float(np.dot(w, x) + b),
        "the bias is missing: the output is sigmoid(w . x + b)":
            lambda w, x, b: float(sigmoid(np.dot(w, x))),
        "the bias is added after the sigmoid; it belongs inside: sigmoid(w . x + b)":
            lambda w, x, b: float(sigmoid(np.dot(w, x)) + b),
        "the sign in the exponent: sigmoid(z) = 1 / (1 + exp(-z)), with a minus":
            lambda w, x, b: float(sigmoid(-(np.dot(w, x) + b))),
    })
