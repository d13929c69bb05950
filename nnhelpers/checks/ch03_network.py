"""Exercise checks for chapter 03 (feedforward network, the MSE loss).

Shape convention of the course: Y (n_out, m), one column per sample; the toy
network of this chapter has one output, so its labels and predictions are
(m,) vectors. The check feeds both layouts, (m,) and (1, m).
"""
from __future__ import annotations

import numpy as np

from nnhelpers.checks._feedback import check_function
from nnhelpers.losses import mse

__all__ = ["check_mse", "MSE_CASES", "MSE_MISTAKES"]

# The notes' example first, then inputs on which every mistake below gives a
# different number, then a (1, m) row as the output layer of chapter 05 returns.
MSE_CASES = [
    (np.array([1.0, 0.0, 0.0, 1.0]), np.array([0.0, 0.0, 0.0, 0.0])),
    (np.array([1.0, 0.0, 1.0, 0.0, 1.0]), np.array([0.9, 0.2, 0.6, 0.4, 0.7])),
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
    "a square root was taken: that is the root mean squared error (RMSE), not the MSE":
        lambda t, p: float(np.sqrt(np.mean(_diff(t, p) ** 2))),
    "an (m, 1) column met an (m,) vector and broadcast into an (m, m) table of every pair "
    "(y_true_i - y_pred_j); keep both arrays in the same shape":
        lambda t, p: float(np.mean((np.reshape(t, (-1, 1)) - np.ravel(p)) ** 2)),
}


def check_mse(my_mse) -> str:
    """Check a student's ``my_mse(y_true, y_pred)``: the mean of the squared errors.

    Parameters
    ----------
    my_mse : callable taking two arrays of the same shape, (m,) or (1, m), and
        returning a single number.

    Returns
    -------
    str — a confirmation, also printed.

    Raises
    ------
    AnswerError naming the mistake: a missing square (mean absolute or mean
    signed difference), a sum instead of a mean, a square root (RMSE), a
    division by len() of a (1, m) row, or an (m, m) broadcast.
    """
    return check_function("my_mse", my_mse, mse, MSE_CASES, MSE_MISTAKES)
