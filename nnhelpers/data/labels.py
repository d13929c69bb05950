"""Turning digit labels into network targets (chapter 05).

Labels are 1-D integer arrays y of shape (m,). Targets follow the course layout,
one column per sample: ``one_hot`` gives Y (n_classes, m) for a softmax output,
``binary_labels`` gives Y (1, m) for a single sigmoid output ("is it a zero?").
"""
from __future__ import annotations

import numpy as np

__all__ = ["binary_labels", "one_hot"]


def _as_labels(y) -> np.ndarray:
    labels = np.asarray(y)
    if labels.ndim != 1:
        hint = ""
        if labels.ndim == 2 and labels.shape[0] == 1:
            hint = " (a (1, m) row: pass y.ravel())"
        elif labels.ndim == 2 and labels.shape[1] == 1:
            hint = " (an (m, 1) column: pass y.ravel())"
        elif labels.ndim == 2:
            hint = " (already one-hot, (n_classes, m)? the labels are Y.argmax(axis=0))"
        raise ValueError(f"y must be a 1-D array of labels of shape (m,), got shape {labels.shape}{hint}")
    if labels.dtype.kind not in "iu":
        raise ValueError(f"y must hold integer labels, got dtype {labels.dtype}")
    return labels


def one_hot(y, n_classes: int = 10, dtype=np.float32) -> np.ndarray:
    """One column per sample with a single 1 in the row of its class.

    Parameters
    ----------
    y : array_like of int, shape (m,)
        Class labels in 0 .. n_classes - 1.
    n_classes : int
        Number of rows of the result (10 for digits).
    dtype : numpy dtype
        dtype of the result (float32 to match float32 images).

    Returns
    -------
    numpy.ndarray, shape (n_classes, m)
        ``Y[k, j] == 1`` exactly when ``y[j] == k``; every column sums to 1.
        Fortran-ordered like ``load_mnist``'s images, so ``Y[:, batch]`` copies
        contiguous columns.

    Raises
    ------
    ValueError
        y not 1-D or not integer, or a label outside 0 .. n_classes - 1.

    Examples
    --------
    >>> one_hot([2, 0], n_classes=3)
    array([[0., 1.],
           [0., 0.],
           [1., 0.]], dtype=float32)
    """
    if np.ndim(y) == 0 and np.ndim(n_classes) == 1:
        raise ValueError("the arguments look swapped: one_hot(y, n_classes) takes the labels y (m,) "
                         "first, then the number of classes")
    labels = _as_labels(y)
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or n_classes < 1:
        raise ValueError(f"n_classes must be a positive integer, got {n_classes!r}")
    outside = (labels < 0) | (labels >= n_classes)
    if outside.any():
        position = int(np.flatnonzero(outside)[0])
        raise ValueError(
            f"labels must lie in 0..{n_classes - 1}, but y[{position}] = {labels[position]} "
            f"({int(outside.sum())} label(s) out of range)"
        )
    targets = np.zeros((labels.size, n_classes), dtype=dtype)
    targets[np.arange(labels.size), labels] = 1
    return targets.T


def binary_labels(y, digit: int, dtype=np.float32) -> np.ndarray:
    """Targets for a one-digit detector: 1 where ``y == digit``, else 0.

    Parameters
    ----------
    y : array_like of int, shape (m,)
        Digit labels.
    digit : int
        The digit to detect, 0..9.
    dtype : numpy dtype
        dtype of the result.

    Returns
    -------
    numpy.ndarray, shape (1, m)
        A row, to match a single sigmoid output A of shape (1, m)
        (never an (m,) vector that would broadcast against it).

    Raises
    ------
    ValueError if y is not a 1-D vector of integer labels (a (1, m) row or one-hot
    columns are named), digit is not an integer 0..9, or the two look swapped.

    Examples
    --------
    >>> binary_labels([5, 0, 4, 0], digit=0)
    array([[0., 1., 0., 1.]], dtype=float32)
    """
    if np.ndim(y) == 0 and np.ndim(digit) == 1:
        raise ValueError("the arguments look swapped: binary_labels(y, digit) takes the labels y (m,) "
                         "first, then the digit to detect")
    labels = _as_labels(y)
    if isinstance(digit, bool) or not isinstance(digit, (int, np.integer)) or not 0 <= digit <= 9:
        raise ValueError(f"digit must be an integer from 0 to 9, got {digit!r}")
    return (labels == digit).astype(dtype)[np.newaxis, :]
