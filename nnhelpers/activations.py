"""Activation functions and their derivatives (chapters 02, 06 and 08).

Every function works element-wise on an array of any shape except `softmax`,
which normalises each column of a 2-D array Z of shape (n_classes, m): one
column per sample, as everywhere in the course.

Derivatives are taken with respect to the pre-activation z, never the
activation a = g(z): `sigmoid_prime(z)` is sigma(z) * (1 - sigma(z)), computed as
sigma(z) * sigma(-z) so that it stays accurate in the tails (see its Notes).
Floating-point inputs keep their dtype; integer inputs become float64.
"""
from __future__ import annotations

import numpy as np

from nnhelpers._validation import as_float_array, require_ndim

__all__ = ["sigmoid", "sigmoid_prime", "relu", "relu_prime", "softmax"]


def sigmoid(z):
    """The logistic function sigma(z) = 1 / (1 + exp(-z)), element-wise.

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the same shape, values in [0, 1]; the float dtype of z (float64 for integer
    or boolean z). A scalar gives a NumPy scalar.

    Raises
    ------
    ValueError if z is not numeric (e.g. a string).

    Notes
    -----
    The textbook formula overflows for large negative z (exp(1000) is inf).
    Writing it with e = exp(-|z|), which is never larger than 1, gives
    1 / (1 + e) for z >= 0 and e / (1 + e) for z < 0: the same function,
    without a warning anywhere.
    """
    z = as_float_array("z", z)
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e)).astype(z.dtype, copy=False)
    return s[()]  # a scalar in gives a numpy scalar out (not a 0-d array), like np.exp


def sigmoid_prime(z):
    """Derivative of the sigmoid with respect to z: sigma(z) (1 - sigma(z)) = sigma(z) sigma(-z).

    Parameters
    ----------
    z : array_like of any shape — the pre-activation, not sigma(z).

    Returns
    -------
    ndarray of the same shape and float dtype (float64 for integer or boolean z), values
    in [0, 0.25]. A scalar gives a NumPy scalar.

    Raises
    ------
    ValueError if z is not numeric.

    Notes
    -----
    The two ways of writing the derivative are equal in exact arithmetic (1 - sigma(z)
    = sigma(-z)) but not in floating point, in the tail z >> 0:

    - s (1 - s) with s = sigma(z): once sigma(z) rounds to exactly 1 -- for z above about
      17 in float32 (37 in float64) -- 1 - s is exactly 0 and so is the derivative,
      although its true value, about e^-z, is still a perfectly representable number
      (at z = 20 in float32: 2.06e-9). A "saturated sigmoid has zero slope" is then an
      artefact of the formula, not of float32.
    - sigma(z) sigma(-z): sigma(-z) is a small number computed without cancellation, so
      the result keeps full relative precision as long as e^-z is a normal floating-point
      number, i.e. for |z| up to about 87.3 in float32 (708 in float64). Beyond that e^-z
      is subnormal and keeps fewer and fewer significant digits (a relative error of a few
      percent near |z| = 100 in float32) until it underflows to 0 (|z| above about 103 in
      float32, 745 in float64); there the exact value is not representable anyway.

    This function uses the second, in the form e / (1 + e)^2 with e = exp(-|z|) (the
    derivative is even in z), which never overflows: at z = 20 in float32 it gives
    2.0611537e-09, where s (1 - s) gives 0.0. In the left tail (z << 0) both forms are
    accurate, because there s is small and 1 - s is about 1.
    """
    z = as_float_array("z", z)
    e = np.exp(-np.abs(z))
    d = e / ((1 + e) * (1 + e))
    return d.astype(z.dtype, copy=False)[()]


def relu(z):
    """Rectified linear unit max(0, z), element-wise.

    Returns
    -------
    ndarray of the same shape, in z's float dtype (float64 for integer or boolean z).

    Raises
    ------
    ValueError if z is not numeric.
    """
    z = as_float_array("z", z)
    return np.maximum(z, 0)


def relu_prime(z):
    """Derivative of ReLU with respect to z: 1 where z > 0, else 0 (same shape).

    At z = 0 the derivative does not exist; like most libraries we use 0.

    Returns
    -------
    ndarray of 0.0 and 1.0, same shape, in z's float dtype (float64 for integer or boolean
    z). NaN gives 0.

    Raises
    ------
    ValueError if z is not numeric.
    """
    z = as_float_array("z", z)
    return (z > 0).astype(z.dtype)


def softmax(Z):
    """Column-wise softmax of a 2-D array of scores.

    Parameters
    ----------
    Z : array_like, shape (n_classes, m) — one column of scores per sample.

    Returns
    -------
    ndarray, shape (n_classes, m), in Z's float dtype (float64 for integer Z); each column
    is positive and sums to 1.

    Raises
    ------
    ValueError if Z is not numeric or not 2-D (a single sample is a column,
    z.reshape(-1, 1)).

    Notes
    -----
    exp(z_i) / sum_j exp(z_j) does not change when the same constant is
    subtracted from every z_j, so we subtract each column's maximum first:
    the largest exponent is then exp(0) = 1 and nothing can overflow.
    """
    Z = as_float_array("Z", Z)
    require_ndim("Z", Z, 2, "(n_classes, m); softmax normalises each column")
    exps = np.exp(Z - Z.max(axis=0, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)
