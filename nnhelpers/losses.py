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
  the course's networks report as their loss. The logits must be finite: an inf or NaN
  logit gives a NaN loss (see each function's Notes).
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
    # min/max (two fast reductions) first: this runs on every mini-batch of a training loop
    low, high = Y.min(), Y.max()
    if low < 0 or high > 1 or (np.isnan(low) and _outside_unit_interval(Y)):
        raise ValueError(
            f"{function}: Y must hold labels in [0, 1] for a {output} output, but it holds values "
            f"from {np.nanmin(Y):.4g} to {np.nanmax(Y):.4g}. Digit labels 0..9 become targets with "
            "nh.binary_labels(y, digit) (one sigmoid output: 'is it this digit?') or "
            "nh.one_hot(y, n_classes) (a softmax output)")
    if output == "softmax" and not np.abs(Y.sum(axis=0) - 1).max() <= 1e-6 + 1e-5:  # np.allclose's tolerances
        raise ValueError(
            f"{function}: with a softmax output every column of Y must be one-hot (sum to 1); "
            "several 1s in a column (multi-label targets) need a sigmoid output instead. Class "
            "labels become one-hot columns with nh.one_hot(y, n_classes)")


def _refuse_column(Y: np.ndarray, second: str) -> None:
    """A binary loss given an (m, 1) column would SUM over the samples (m counts columns)."""
    if Y.ndim == 2 and Y.shape[1] == 1 and Y.shape[0] > 1:
        raise ValueError(
            f"Y has shape {Y.shape}, an (m, 1) column, but must have shape (1, {Y.shape[0]}): one "
            f"column per sample. The mean divides by the number of columns, so a column would be "
            f"summed over the samples instead of averaged; use Y.T and {second}.T")


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

    Raises
    ------
    ValueError if the shapes differ (no broadcasting), an argument is not numeric, or
    both are empty.
    """
    y_true, y_pred = _pair(y_true, y_pred, two_d=False)
    return float(np.mean((y_true - y_pred) ** 2))


def mse_prime(y_true, y_pred):
    """Gradient of `mse` with respect to y_pred: -2 (y_true - y_pred) / n.

    For a single sample (n = 1) this is the -2(1 - y_pred) of chapter 04.

    Returns
    -------
    ndarray with the shape of y_pred, in y_pred's float dtype (float64 for integer input).

    Raises
    ------
    ValueError as for `mse`.
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

    Raises
    ------
    ValueError if the shapes differ or are not 2-D; for an (m, 1) column (it would be
    summed over the samples, since m counts columns: use Y.T and A.T); for Y outside
    [0, 1], A outside [0, 1] (logits? use `binary_cross_entropy_from_logits`), or
    arguments that look swapped (A holding only 0/1 while Y does not).
    """
    Y, A = _pair(Y, A, ("Y", "A"))
    require_ndim("Y", Y, 2, "(1, m)")
    _refuse_column(Y, "A")
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

    Raises
    ------
    ValueError if the shapes differ or are not 2-D, Y is outside [0, 1], A is outside
    [0, 1] (scores? use `cross_entropy_from_logits`), or the arguments look swapped.
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
    ValueError for shapes that differ or are not 2-D, an (m, 1) column (it would be
    summed over the samples: use Y.T and Z.T), Y outside [0, 1], or arguments that look
    swapped (Z holding only 0/1 while Y does not).

    Notes
    -----
    Z must be finite. An infinite logit gives NaN and a RuntimeWarning ("invalid value"):
    z = +inf with y = 1 computes inf - inf, z = -inf computes 0 * inf, although the
    exact loss is 0 there. A NaN in Y or Z gives a NaN loss, without an error (a diverged
    run shows up in the history). Where e^-|z| is subnormal (|z| above about 87 in
    float32, 708 in float64) the log1p term keeps only a few significant digits; it is
    then negligible next to max(z, 0) - z y unless that is 0 (a confidently right answer).
    """
    Y, Z = _pair(Y, Z, ("Y", "Z"))
    require_ndim("Y", Y, 2, "(n_out, m)")
    _refuse_column(Y, "Z")
    _check_label_order(Y, Z, "binary_cross_entropy_from_logits", "Z", "logits")
    return _bce_from_logits(Y, Z)


def _bce_from_logits(Y: np.ndarray, Z: np.ndarray) -> float:
    """The formula of `binary_cross_entropy_from_logits` on checked arrays.

    The networks call it directly (after checking their Y): for them an (n_out, 1) array is
    one sample with n_out sigmoid outputs, e.g. the last mini-batch of one sample.
    """
    m = Y.shape[1]
    losses = np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))
    return float(np.sum(losses) / m) + 0.0  # + 0.0: never -0.0


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
    ValueError for shapes that differ or are not 2-D, Y outside [0, 1], or arguments that
    look swapped.

    Notes
    -----
    Where the log of the sum is below 1024 machine epsilons, it is recomputed as log1p of
    the sum without the maximum's term, so a dominant true class keeps its small loss (logits (30, 0): 9.3576e-14, not 9.3481e-14
    or, in float32, -0.0). The result is never -0.0.

    Z must be finite. Unlike PyTorch's ``CrossEntropyLoss``, a -inf logit (a "masked"
    class) is not ignored: it gives NaN and a RuntimeWarning (0 * -inf), as does +inf. A
    NaN in Y or Z gives a NaN loss, without an error.
    """
    Y, Z = _pair(Y, Z, ("Y", "Z"))
    require_ndim("Y", Y, 2, "(n_classes, m)")
    _check_label_order(Y, Z, "cross_entropy_from_logits", "Z", "logits")
    m = Y.shape[1]
    shifted = Z - Z.max(axis=0, keepdims=True)
    terms = np.exp(shifted)
    log_sum = np.log(np.sum(terms, axis=0, keepdims=True))
    # log sum_j exp(shifted_j) = log(1 + s), s the sum without (one) maximum's exp(0) = 1.
    # Where s is tiny (a dominant class; the loss of that class is then about s: 9.36e-14
    # for logits (30, 0)) the rounding of 1 + s loses most of s, and log1p(s) is used
    # instead. Only there: every other column keeps exactly the numbers it always had.
    tiny = log_sum[0] < 1024 * np.finfo(log_sum.dtype).eps
    if tiny.any():
        columns = np.flatnonzero(tiny)
        rest = terms[:, columns]
        rest[shifted[:, columns].argmax(axis=0), np.arange(columns.size)] = 0
        log_sum[0, columns] = np.log1p(rest.sum(axis=0))
    log_probabilities = shifted - log_sum
    return float(-np.sum(Y * log_probabilities) / m) + 0.0  # + 0.0: never -0.0
