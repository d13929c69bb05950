"""Exercise checks of chapter 01, a single neuron: the worked example of the check engine.

A neuron with weights w of shape (n_in,) and a bias b turns one sample x of
shape (n_in,) into the number z = w . x + b (the weighted sum, or
pre-activation) and then into its output a = sigmoid(z). The exercises ask for
these two numbers, and then the outputs for a whole data set X of shape (n, m),
one sample per column (``my_outputs``). Each is declared as data (see `_feedback`
for the engine): its test cases, the slips students make most often, a nudge and
a recipe. Before the plot of the bias, the student also predicts where a neuron
with w = 1 and b = 4 crosses one half (a `Choice`, "predict, then run").
"""
from __future__ import annotations

import numpy as np

from nnhelpers.activations import sigmoid
from nnhelpers.checks._feedback import Choice, FunctionExercise, Option, make_cases

__all__ = ["check_weighted_sum", "check_neuron_output", "check_outputs", "check_prediction_threshold",
           "WEIGHTED_SUM", "NEURON_OUTPUT", "OUTPUTS", "PREDICTION_THRESHOLD"]

# (w, x, b): the course notes' neuron first (z = 7), then other sizes and signs, so that
# a function reading the notebook's w, x, b (or a global such as `bias`, which a plotting
# loop `for bias in [-4.0, 0.0, 4.0]` leaves at 4.0) instead of its arguments gives a
# wrong answer on at least one of them.
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


check_weighted_sum = WEIGHTED_SUM.as_check(
    "Check ``my_weighted_sum(w, x, b)``, which must return the number w . x + b.",
    "callable (w of shape (n_in,), x of shape (n_in,), b float) -> float")

check_neuron_output = NEURON_OUTPUT.as_check(
    "Check ``my_neuron_output(w, x, b)``, which must return sigmoid(w . x + b).",
    "callable (w of shape (n_in,), x of shape (n_in,), b float) -> float")


def _data_set(rng, n, m):
    """(w, X, b): n features, m samples as columns; two decimals, so the input can be typed back."""
    def entries(*size):
        magnitude = np.round(rng.uniform(0.2, 2.0, size=size), 2)
        return magnitude * rng.choice([-1.0, 1.0], size=size)  # both signs, no zeros
    return entries(n), entries(n, m), float(entries())


# n != m in every case (a transposed X has the wrong shape); the first two are small
# enough (at most 12 numbers) for a wrong value to show the input itself
_DATA_CASES = make_cases(_data_set, [(2, 3), (3, 2), (4, 5)], seed=1)

OUTPUTS = FunctionExercise(
    name="my_outputs",
    reference=lambda w, X, b: sigmoid(w @ X + b),
    cases=_DATA_CASES,
    mistakes={
        "the activation is missing: this is the row of weighted sums z, the outputs are sigmoid(z)":
            lambda w, X, b: w @ X + b,
        "the bias is missing: the outputs are sigmoid(w @ X + b)": lambda w, X, b: sigmoid(w @ X),
        "the bias is added after the sigmoid; it belongs inside: sigmoid(w @ X + b)":
            lambda w, X, b: sigmoid(w @ X) + b,
        "the bias is added once per feature (np.sum(w[:, None] * X + b, axis=0)); it is added "
        "once per sample, after the sum": lambda w, X, b: sigmoid(np.sum(w[:, None] * X + b, axis=0)),
        "the products are added up along axis=1, across the samples; a sample's inputs run down "
        "its column, so add up along axis=0 (or write w @ X)":
            lambda w, X, b: sigmoid(np.sum(w[:, None] * X, axis=1) + b),
        "all the samples are added up into one number; each sample (column) gets its own output":
            lambda w, X, b: float(sigmoid(np.sum(w @ X) + b)),
        "a (1, m) row: w.reshape(1, -1) @ X keeps two dimensions; with the 1-D w, w @ X gives the "
        "(m,) vector asked for": lambda w, X, b: sigmoid(w.reshape(1, -1) @ X + b),
    },
    shape_hint=" X holds one sample per COLUMN, shape (n, m), and w has shape (n,): w @ X pairs "
               "the weights with each column (X @ w would pair them with the rows).",
    nudge="one output per sample: the weighted sum of every column of X at once, plus b, then "
          "the sigmoid.",
    recipe="return nh.sigmoid(w @ X + b)   (w @ X has shape (m,): entry j is w . X[:, j]).",
)

check_outputs = OUTPUTS.as_check(
    "Check ``my_outputs(w, X, b)``, which must return the outputs sigmoid(w @ X + b) of every sample.",
    "callable (w of shape (n,), X of shape (n, m), b float) -> ndarray of shape (m,)")


PREDICTION_THRESHOLD = Choice(
    name="prediction_threshold",
    question="Where does the output of a neuron with w = 1 and b = 4 cross 1/2?",
    options={
        "a": Option("at x = 4",
                    "No: the output is 1/2 where z = x + b = 0, that is at x = -b = -4. A positive "
                    "bias makes the neuron fire for SMALLER inputs: its curve moves left, not right."),
        "b": Option("at x = -4",
                    "Yes: sigmoid(z) = 1/2 exactly where z = 0, and z = x + 4 is 0 at x = -4. A "
                    "positive bias moves the threshold left; in general it sits at x = -b / w."),
        "c": Option("nowhere: the bias lifts the curve above 1/2",
                    "No: the bias is added BEFORE the sigmoid, so it cannot lift the output out of "
                    "(0, 1); sigmoid(z) is still 1/2 at z = 0. The bias only moves where that "
                    "happens, to x = -b."),
    },
    correct="b",
    nudge="sigmoid(z) is exactly 1/2 when z = 0. For which x is z = 1 * x + 4 zero?",
    recipe="solve w x + b = 0 for x: x = -b / w = -4 / 1 = -4, option b.",
)


check_prediction_threshold = PREDICTION_THRESHOLD.as_check(
    "Check the prediction made before the plot of the bias: where sigmoid(x + 4) crosses 1/2.",
    'str, the letter of the chosen option, "a", "b" or "c" (any case)')
