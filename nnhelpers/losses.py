"""Loss functions (chapters 03, 05 and 06).

Each returns the mean loss over the m samples as a Python float. Y and the
prediction must have identical shapes: a (1, m) row against an (m,) vector is
an error, not an (m, m) broadcast.

Two ways to compute a cross-entropy:

- from probabilities, `binary_cross_entropy(Y, A)` and `cross_entropy(Y, A)`: the formula
  as written, with the logs clipped at the machine epsilon of A's dtype so that a
  confident wrong answer costs a large but finite loss instead of inf or NaN. Clipping
  changes the value: once sigma(z) has rounded to exactly 0 or 1 (|z| above about 37 in
  float64, 17 in float32) every more confident mistake costs the same -log(eps), about 36
  (float64) or 16 (float32), whatever z is.
- from the logits Z (the pre-activations of the output layer),
  `binary_cross_entropy_from_logits(Y, Z)` and `cross_entropy_from_logits(Y, Z)`: the
  same functions rewritten so that nothing overflows or rounds to log(0) -- softplus for
  the sigmoid, log-sum-exp for the softmax. Exact for every finite z, no clipping; this
  is how deep-learning libraries compute it (PyTorch's BCEWithLogitsLoss and
  CrossEntropyLoss, TensorFlow's sigmoid/softmax_cross_entropy_with_logits), and what
  the course's networks report as their loss.
"""
from __future__ import annotations

import numpy as np

from nnhelpers._validation import as_float_array, require_ndim, require_same_shape

__all__ = ["mse", "mse_prime", "binary_cross_entropy", "cross_entropy",
           "binary_cross_entropy_from_logits", "cross_entropy_from_logits"]


def _pair(y_true, y_pred, names=("y_true", "y_pred"), two_d=True):
    y_true = as_float_array(names[0], y_true)
    y_pred = as_float_array(names[1], y_pred)
    require_same_shape(names[0], y_true, names[1], y_pred, two_d=two_d)
    if y_true.size == 0:
        raise ValueError(f"{names[0]} and {names[1]} are empty; a loss needs at least one sample")
    return y_true, y_pred


def _is_binary(array: np.ndarray) -> bool:
    return bool(np.all((array == 0) | (array == 1)))


def _outside_unit_interval(array: np.ndarray) -> bool:
    # NaN compares False: a diverged run's NaN passes through and gives a NaN loss, as before
    return bool(np.any((array < 0) | (array > 1)))


def _check_label_order(Y, P, function: str, second: str, what: str) -> None:
    """Raise a ValueError when the arguments cannot be (labels, prediction) in that order.

    - The second argument holds only 0/1 (like labels) while Y does not: "look swapped".
    - Y holds values outside [0, 1]: labels (or soft targets) never do.
    - For probabilities (``second == "A"``): A outside [0, 1] is not a probability (logits?).
    Both 0/1 cannot be told apart; soft targets in [0, 1] stay allowed.
    """
    order = (f"{function}(Y, {second}) takes the labels Y first, then the {what} {second} "
             "(deeplearning.ai's compute_cost(AL, Y) takes them the other way round)")
    if _is_binary(P) and not _is_binary(Y) and (second == "A" or _outside_unit_interval(Y)):
        raise ValueError(f"the arguments look swapped: {second} holds only 0s and 1s, like labels, while "
                         f"Y holds other values. {order}")
    if _outside_unit_interval(Y):
        raise ValueError(f"Y must hold labels in [0, 1] (0/1, or one-hot columns), but it holds values from "
                         f"{np.nanmin(Y):.4g} to {np.nanmax(Y):.4g}. {order}")
    if second == "A" and _outside_unit_interval(P):
        raise ValueError(
            f"A must hold probabilities in [0, 1], but it holds values from {np.nanmin(P):.4g} to "
            f"{np.nanmax(P):.4g}" + (" (or NaN)" if np.any(np.isnan(P)) else "")
            + f". If these are the pre-activations Z, use {function}_from_logits(Y, Z)"
        )


def check_targets(Y: np.ndarray, output: str, function: str) -> None:
    """Raise a ValueError, naming ``function``, unless Y holds targets a network can learn.

    A sigmoid output needs 0/1 labels (soft targets in [0, 1] allowed); a softmax output
    needs columns that are one-hot (or probability vectors: entries in [0, 1] summing to 1).
    NaN is refused by the softmax check and passed through by the sigmoid one (as the
    losses do). Shared by the networks so that their loss, their gradients and
    deep_backward/back_propagate all refuse the same Y.
    """
    if _outside_unit_interval(Y):
        raise ValueError(
            f"{function}: Y must hold labels in [0, 1] for a {output} output, but it holds values "
            f"from {np.nanmin(Y):.4g} to {np.nanmax(Y):.4g}. Digit labels 0..9 become targets with "
            "nh.binary_labels(y, digit) (one sigmoid output: 'is it this digit?') or "
            "nh.one_hot(y, n_classes) (a softmax output)")
    if output == "softmax" and not np.allclose(Y.sum(axis=0), 1.0, atol=1e-6):
        raise ValueError(
            f"{function}: with a softmax output every column of Y must be one-hot (sum to 1); "
            "several 1s in a column (multi-label targets) need a sigmoid output instead. Class "
            "labels become one-hot columns with nh.one_hot(y, n_classes)")


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
    y_true, y_pred = _pair(y_true, y_pred, two_d=False)
    return float(np.mean((y_true - y_pred) ** 2))


def mse_prime(y_true, y_pred):
    """Gradient of `mse` with respect to y_pred: -2 (y_true - y_pred) / n.

    For a single sample (n = 1) this is the -2(1 - y_pred) of chapter 04.

    Returns
    -------
    ndarray with the shape of y_pred.
    """
    y_true, y_pred = _pair(y_true, y_pred, two_d=False)
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
    _check_label_order(Y, A, "binary_cross_entropy", "A", "predicted probabilities")
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
    _check_label_order(Y, A, "cross_entropy", "A", "predicted probabilities")
    m = Y.shape[1]
    return float(-np.sum(Y * _clipped_log(A)) / m)


def binary_cross_entropy_from_logits(Y, Z) -> float:
    """Mean binary cross-entropy of sigmoid(Z) against Y, computed from the logits Z.

    With a = sigma(z), -[y log a + (1 - y) log(1 - a)] simplifies (log sigma(z) =
    -log(1 + e^-z), log(1 - sigma(z)) = -z - log(1 + e^-z)) to z - z y + log(1 + e^-z),
    and, to keep e^-z from overflowing for z < 0, to the "softplus" form

        max(z, 0) - z y + log1p(exp(-|z|)),

    which is exact for every finite z: at z = 1000 with y = 0 it gives 1000, where the
    clipped `binary_cross_entropy(Y, sigmoid(Z))` gives -log(eps) = 36.04. The same form
    is used by PyTorch's ``BCEWithLogitsLoss`` and TensorFlow's
    ``sigmoid_cross_entropy_with_logits``.

    Parameters
    ----------
    Y : array_like, shape (n_out, m) (usually (1, m)) — labels 0 or 1.
    Z : array_like, same shape — the pre-activations, A = sigmoid(Z).

    Returns
    -------
    float — the sum over all entries divided by m (the number of columns), like
    `binary_cross_entropy`. Its gradient with respect to Z is (sigmoid(Z) - Y) / m.

    Raises
    ------
    ValueError for shapes that differ or are not 2-D, or arguments that look swapped
    (Z holding only 0/1 while Y does not).
    """
    Y, Z = _pair(Y, Z, ("Y", "Z"))
    require_ndim("Y", Y, 2, "(n_out, m)")
    _check_label_order(Y, Z, "binary_cross_entropy_from_logits", "Z", "logits")
    m = Y.shape[1]
    losses = np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))
    return float(np.sum(losses) / m)


def cross_entropy_from_logits(Y, Z) -> float:
    """Mean categorical cross-entropy of softmax(Z) against one-hot Y, from the logits Z.

    log softmax(z)_i = z_i - log sum_j exp(z_j). With c = max_j z_j (each column's own
    maximum) the sum is computed as c + log sum_j exp(z_j - c), whose largest term is
    exp(0) = 1: nothing overflows, and the log of a tiny probability is never rounded to
    log(0). This is the "log-sum-exp trick"; PyTorch's ``CrossEntropyLoss`` and
    TensorFlow's ``softmax_cross_entropy_with_logits`` compute the same.

    Parameters
    ----------
    Y : array_like, shape (n_classes, m) — one-hot labels, one column per sample.
    Z : array_like, shape (n_classes, m) — the scores, A = softmax(Z) column by column.

    Returns
    -------
    float — -(1/m) sum_j sum_i y_ij log softmax(Z)_ij. Its gradient with respect to Z is
    (softmax(Z) - Y) / m.

    Raises
    ------
    ValueError for shapes that differ or are not 2-D, or arguments that look swapped.
    """
    Y, Z = _pair(Y, Z, ("Y", "Z"))
    require_ndim("Y", Y, 2, "(n_classes, m)")
    _check_label_order(Y, Z, "cross_entropy_from_logits", "Z", "logits")
    m = Y.shape[1]
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_probabilities = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    return float(-np.sum(Y * log_probabilities) / m)
