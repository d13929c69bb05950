"""Shape checks shared by every module.

The course keeps one layout everywhere: X (n_features, m), Y (n_out, m),
W (n_out, n_in), b (n_out, 1). NumPy will happily broadcast a (1, m) row
against an (m,) vector into an (m, m) matrix and carry on; these helpers turn
such slips into a ValueError that names what was seen and what was expected.
"""
from __future__ import annotations

import numpy as np


def as_float_array(name: str, value) -> np.ndarray:
    """Return ``value`` as a floating-point array, keeping float32/float64.

    Integers and booleans become float64 so that exp/log behave; anything that
    is not numeric raises a ValueError naming the argument.
    """
    array = np.asarray(value)
    if array.dtype.kind in "fc":
        return array
    if array.dtype.kind in "biu":
        return array.astype(np.float64)
    raise ValueError(f"{name} must be numeric, got an array of dtype {array.dtype}")


def require_ndim(name: str, array: np.ndarray, ndim: int, layout: str = "") -> None:
    """Raise ValueError unless ``array`` has exactly ``ndim`` dimensions."""
    if array.ndim != ndim:
        hint = f" {layout}" if layout else ""
        raise ValueError(
            f"{name} must be a {ndim}-D array{hint}, got shape {array.shape}"
        )


def require_shape(name: str, array: np.ndarray, expected: tuple) -> None:
    """Raise ValueError unless ``array.shape == expected`` (None matches any size)."""
    matches = array.ndim == len(expected) and all(
        want is None or want == got for want, got in zip(expected, array.shape)
    )
    if not matches:
        shown = "(" + ", ".join("any" if e is None else str(e) for e in expected)
        shown += ",)" if len(expected) == 1 else ")"
        raise ValueError(f"{name} must have shape {shown}, got {array.shape}")


def require_same_shape(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    """Raise ValueError unless ``a`` and ``b`` have identical shapes."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; "
            "they must match exactly (no broadcasting)"
        )


def require_columns_match(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    """Raise ValueError unless two 2-D arrays hold the same number of samples (columns)."""
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"{name_a} has {a.shape[1]} samples (columns) but {name_b} has {b.shape[1]}"
        )
