"""Loss functions (chapters 03, 05 and 06).

Each returns the mean loss over the m samples as a Python float. Y and the
prediction must have identical shapes: a (1, m) row against an (m,) vector is
an error, not an (m, m) broadcast. Logs are clipped at the machine epsilon of
the prediction's dtype, so a confident wrong answer costs a large but finite
loss instead of inf or NaN.
"""
from __future__ import annotations

import numpy as np

from nnhelpers._validation import as_float_array, require_ndim, require_same_shape

__all__ = ["mse", "mse_prime", "binary_cross_entropy", "cross_entropy"]


def _pair(y_true, y_pred, names=("y_true", "y_pred")):
    y_true = as_float_array(names[0], y_true)
    y_pred = as_float_array(names[1], y_pred)
    require_same_shape(names[0], y_true, names[1], y_pred)
    if y_true.size == 0:
        raise ValueError(f"{names[0]} and {names[1]} are empty; a loss needs at least one sample")
    return y_true, y_pred


def _clipped_log(p):
    eps = np.finfo(p.dtype).eps
    return np.log(np.clip(p, eps, 1 - eps))


def mse(y_true, y_pred) -> float:
    """Mean squared error, mean((y_true - y_pred)**2).

    Parameters
    ----------
    y_true, y_pred : array_like of identical shape (any shape, e.g. (m,) or (n_out, m)).

    Returns
    -------
    float — the mean over every entry.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean((y_true - y_pred) ** 2))


def mse_prime(y_true, y_pred):
    """Gradient of `mse` with respect to y_pred: -2 (y_true - y_pred) / n.

    For a single sample (n = 1) this is the -2(1 - y_pred) of chapter 04.

    Returns
    -------
    ndarray with the shape of y_pred.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    return -2 * (y_true - y_pred) / y_true.size


def binary_cross_entropy(Y, A) -> float:
    """Mean binary cross-entropy -(1/m) sum[y log a + (1 - y) log(1 - a)].

    Parameters
    ----------
    Y : array_like, shape (1, m) — labels 0 or 1.
    A : array_like, shape (1, m) — predicted probabilities sigma(z).

    Returns
    -------
    float
    """
    Y, A = _pair(Y, A, ("Y", "A"))
    require_ndim("Y", Y, 2, "(1, m)")
    m = Y.shape[1]
    return float(-(np.sum(Y * _clipped_log(A)) + np.sum((1 - Y) * _clipped_log(1 - A))) / m)


def cross_entropy(Y, A) -> float:
    """Mean categorical cross-entropy -(1/m) sum_j sum_i y_ij log a_ij.

    Parameters
    ----------
    Y : array_like, shape (n_classes, m) — one-hot labels, one column per sample.
    A : array_like, shape (n_classes, m) — softmax probabilities (columns sum to 1).

    Returns
    -------
    float
    """
    Y, A = _pair(Y, A, ("Y", "A"))
    require_ndim("Y", Y, 2, "(n_classes, m)")
    m = Y.shape[1]
    return float(-np.sum(Y * _clipped_log(A)) / m)
