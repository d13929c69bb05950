"""Exercise checks for chapter 03 (feedforward network, the MSE loss), declared as data.

Shape convention of the course: Y (n_out, m), one column per sample; the toy
network of this chapter has one output, so its labels and predictions are
(m,) vectors. The MSE check feeds both layouts, (m,) and (1, m).

A "predict, then run" exercise, ``prediction_raw_inputs``, asks what training
the toy network on the raw measurements (weights around 140 lb, not shifted)
does: the hidden sigmoids saturate, their slopes are as small as e^-100, the hidden
weights barely move (w1 0.126 -> 0.252 in 20,000 epochs), and the network ends answering the mean label, 0.5, for
everybody (MSE 0.25). See `nnhelpers.checks._feedback` for the engine.
"""
from __future__ import annotations

import numpy as np

from nnhelpers.checks._feedback import Choice, FunctionExercise, Option
from nnhelpers.losses import mse

__all__ = ["check_mse", "check_prediction_raw_inputs", "MSE", "MSE_CASES", "MSE_MISTAKES",
           "PREDICTION_RAW_INPUTS"]

# First inputs on which every mistake below gives a different number (a wrong answer is
# named on the first case it fails), then the notes' example (where half the MSE and the
# squared mean error coincide), then a (1, m) row as the output layer of chapter 05 returns.
MSE_CASES = [
    (np.array([1.0, 0.0, 1.0, 0.0, 1.0]), np.array([0.9, 0.2, 0.6, 0.4, 0.7])),
    (np.array([1.0, 0.0, 0.0, 1.0]), np.array([0.0, 0.0, 0.0, 0.0])),
    (np.array([[0.0, 1.0, 1.0]]), np.array([[0.25, 0.5, 0.875]])),
]


def _diff(y_true, y_pred):
    return np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)


# description -> a function making that mistake; order matters where two agree
MSE_MISTAKES = {
    "the square is missing: that is the mean absolute difference, mean(|y_true - y_pred|)":
        lambda t, p: float(np.mean(np.abs(_diff(t, p)))),
    "the square is missing: the mean signed difference lets positive and negative errors cancel":
        lambda t, p: float(np.mean(_diff(t, p))),
    "divided by len(y_true), which is 1 for a (1, m) row: use np.mean or y_true.size":
        lambda t, p: float(np.sum(_diff(t, p) ** 2) / len(t)),
    "the sum of the squared errors instead of their mean (divide by the number of samples)":
        lambda t, p: float(np.sum(_diff(t, p) ** 2)),
    "half the MSE: the factor 1/2 belongs to the loss some texts use to cancel the 2 of the "
    "derivative, not to the MSE, the plain mean of the squared errors":
        lambda t, p: float(0.5 * np.mean(_diff(t, p) ** 2)),
    "the square of the mean error, (mean(y_true - y_pred))^2: square every error first, then "
    "average (positive and negative errors must not cancel)":
        lambda t, p: float(np.mean(_diff(t, p)) ** 2),
    "a square root was taken: that is the root mean squared error (RMSE), not the MSE":
        lambda t, p: float(np.sqrt(np.mean(_diff(t, p) ** 2))),
    "an (m, 1) column met an (m,) vector and broadcast into an (m, m) table of every pair "
    "(y_true_i - y_pred_j); keep both arrays in the same shape":
        lambda t, p: float(np.mean((np.reshape(t, (-1, 1)) - np.ravel(p)) ** 2)),
}


MSE = FunctionExercise(
    name="my_mse",
    reference=mse,
    cases=MSE_CASES,
    mistakes=MSE_MISTAKES,
    nudge="three steps: the error of every sample, squared, then the average over the samples.",
    recipe="return float(np.mean((y_true - y_pred) ** 2))",
)

PREDICTION_RAW_INPUTS = Choice(
    name="prediction_raw_inputs",
    question="What does the toy network learn from the raw, unshifted measurements?",
    options={
        "a": Option(
            "it learns just as well",
            "The raw inputs are all large and positive (120-160 lb, 60-72 in), so with random "
            "weights of size 1 every hidden sum lands far from 0 (with seed 0, between about 8 "
            "and 111), where the sigmoid is flat: its slope is 3e-4 at z = 8 and about 1e-44 at "
            "z = 100. h1 and h2 come out as the same 1 (or 0) for all four people."),
        "b": Option(
            "the same boundary, only more slowly",
            "Not even slowly. The hidden outputs are the same for all four people, so the output "
            "neuron cannot tell them apart, and the updates reaching the hidden weights carry the "
            "sigmoid's near-zero slope. Twenty times as many epochs end in the same place."),
        "c": Option(
            "about 0.5 for everybody, MSE about 0.25",
            "The hidden sigmoids saturate, so h1 and h2 are the same for all four people and only "
            "the output neuron learns: one constant answer for everybody. The best constant for "
            "the labels 1, 0, 0, 1 is their mean, 0.5, with MSE 0.25."),
        "d": Option(
            "it crashes with an overflow",
            "nh.sigmoid is the stable sigmoid of chapter 2: it never overflows, even at z = -1000. "
            "Nothing crashes or warns; the network silently learns nothing, which is worse."),
    },
    correct="c",
    nudge="what is the sigmoid's slope at z = 100, and which partial derivatives contain it?",
)


def check_mse(my_mse, hint: bool = False) -> None:
    """Check a student's ``my_mse(y_true, y_pred)``: the mean of the squared errors.

    Parameters
    ----------
    my_mse : callable taking two arrays of the same shape, (m,) or (1, m), and
        returning a single number.
    hint : True adds the full recipe to the message if the answer is wrong.

    Returns
    -------
    None — a one-line confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake: a missing square (mean absolute or mean
    signed difference), a sum instead of a mean, a square root (RMSE), a
    division by len() of a (1, m) row, or an (m, m) broadcast.
    """
    MSE.check(my_mse, hint=hint)


def check_prediction_raw_inputs(prediction_raw_inputs=Choice.MISSING, hint: bool = False) -> None:
    """Check the prediction of what training on unshifted inputs does (a letter a-d).

    Parameters
    ----------
    prediction_raw_inputs : str, one of "a", "b", "c", "d". Without it the notebook
        variable ``prediction_raw_inputs`` is read ("not answered yet" if unset).
    hint : accepted like every check's (a choice has no recipe).

    Returns
    -------
    None — prints a ✓ and why the option is right.

    Raises
    ------
    AnswerError explaining why the chosen option is wrong, with a nudge.
    """
    PREDICTION_RAW_INPUTS.check(prediction_raw_inputs, hint=hint)
