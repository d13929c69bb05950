"""Numerical gradients and gradient checking (chapter 04 onwards).

Back-propagation is easy to get subtly wrong, so every hand-derived gradient
in the course is compared with a central difference

    df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2h),

whose error shrinks like h**2. The comparison uses the relative error
|a - n| / max(|a| + |n|, floor): about 1e-7 or less means the derivation is
right; 1e-2 or more means a bug.
"""
from __future__ import annotations

from typing import Callable, Mapping

import numpy as np
import pandas as pd

__all__ = ["numerical_gradient", "relative_error", "gradient_check"]


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of ``f`` with respect to the array ``x``.

    Parameters
    ----------
    f : callable taking no arguments and returning a float. It must read ``x``
        (for example a loss that closes over a parameter dict holding ``x``).
    x : ndarray of floats, any shape; nudged in place one entry at a time and
        restored exactly afterwards.
    h : step size.

    Returns
    -------
    ndarray with the shape of ``x`` (float64).
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise ValueError(
            f"x must be a floating-point numpy array that f reads, got {type(x).__name__}"
            + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else "")
        )
    grad = np.zeros(x.shape, dtype=np.float64)
    for index in np.ndindex(x.shape):
        original = x[index]
        try:
            x[index] = original + h
            f_plus = f()
            x[index] = original - h
            f_minus = f()
        finally:
            x[index] = original  # restore, or every later entry is checked at a shifted point
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(analytic, numeric, floor: float = 1e-8):
    """Element-wise |a - n| / max(|a| + |n|, floor); same shape as the inputs.

    The floor keeps two tiny gradients (say 1e-12 and 2e-12) from looking wildly
    different when both are, for practical purposes, zero.
    """
    analytic = np.asarray(analytic, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    if analytic.shape != numeric.shape:
        raise ValueError(
            f"analytic has shape {analytic.shape} but numeric has shape {numeric.shape}"
        )
    return np.abs(analytic - numeric) / np.maximum(np.abs(analytic) + np.abs(numeric), floor)


def gradient_check(
    loss: Callable[[], float],
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    h: float = 1e-5,
) -> pd.DataFrame:
    """Compare analytic gradients with central differences, one row per entry.

    Parameters
    ----------
    loss : callable with no arguments returning the loss at the current ``params``.
    params : dict name -> float ndarray (e.g. "W1" of shape (n_h, n_x)); the
        arrays are nudged in place and restored.
    grads : dict of analytic gradients. The gradient of "W1" may be stored
        under "W1" or, as the course does, under "dW1"; same shape as the parameter.
    h : step size for the central difference.

    Returns
    -------
    pandas.DataFrame with columns parameter, analytic, numeric, relative_error;
    the parameter names entries like "W1[0, 2]" (just "w1" for a scalar).
    """
    rows = []
    for name, value in params.items():
        key = name if name in grads else f"d{name}"
        if key not in grads:
            raise ValueError(f"no gradient for parameter {name!r} (looked for {name!r} and {key!r})")
        analytic = np.asarray(grads[key], dtype=np.float64)
        if analytic.shape != np.shape(value):
            raise ValueError(
                f"gradient {key!r} has shape {analytic.shape} but parameter {name!r} "
                f"has shape {np.shape(value)}"
            )
        numeric = numerical_gradient(loss, value, h)
        errors = relative_error(analytic, numeric)
        for index in np.ndindex(analytic.shape):
            label = f"{name}[{', '.join(map(str, index))}]" if index else name
            rows.append((label, analytic[index], numeric[index], errors[index]))
    return pd.DataFrame(rows, columns=["parameter", "analytic", "numeric", "relative_error"])
