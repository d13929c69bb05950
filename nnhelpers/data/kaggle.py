"""The Kaggle "Digit Recognizer" CSV files in the course layout (chapter 05).

Kaggle's competition ships MNIST-style digits as CSV: ``train.csv`` has a ``label``
column followed by ``pixel0`` .. ``pixel783`` (grey levels 0..255, row by row of the
28x28 image), ``test.csv`` the same without ``label``. One row per image, so the
loader transposes to the course layout X (784, m).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["load_kaggle_csv"]

_PIXEL_COLUMNS = [f"pixel{i}" for i in range(784)]


def load_kaggle_csv(path, dtype=np.float32):
    """Read a Kaggle digit-recognizer CSV.

    Parameters
    ----------
    path : str or Path
        ``train.csv`` (with labels) or ``test.csv`` (without).
    dtype : numpy floating dtype
        dtype of the images.

    Returns
    -------
    X : numpy.ndarray, shape (784, m)
        Pixels / 255 in [0, 1], one image per column (Fortran-ordered, like
        ``load_mnist``).
    y : numpy.ndarray of int64, shape (m,), or None
        The labels, or None for a file without a ``label`` column.

    Raises
    ------
    ValueError
        Columns other than [label,] pixel0..pixel783, missing or non-integer values,
        pixels outside 0..255 or labels outside 0..9.
    """
    path = Path(path)
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise ValueError(f"dtype must be a floating type, got {dtype}")
    # Read as int64 so that any blank or fractional cell fails loudly instead of becoming NaN.
    try:
        table = pd.read_csv(path, dtype=np.int64)
    except ValueError as error:
        raise ValueError(f"{path.name}: every cell must be an integer ({error})") from error
    columns = list(table.columns)
    has_labels = columns[:1] == ["label"]
    if columns[int(has_labels):] != _PIXEL_COLUMNS:
        raise ValueError(
            f"{path.name}: expected columns [label,] pixel0..pixel783 ({784 + has_labels} columns), "
            f"got {len(columns)} columns starting {columns[:3]}"
        )
    pixels = table[_PIXEL_COLUMNS].to_numpy()
    if pixels.size and (pixels.min() < 0 or pixels.max() > 255):
        raise ValueError(f"{path.name}: pixel values must lie in 0..255, got {pixels.min()}..{pixels.max()}")
    labels = None
    if has_labels:
        labels = table["label"].to_numpy(dtype=np.int64)
        if labels.size and (labels.min() < 0 or labels.max() > 9):
            raise ValueError(f"{path.name}: labels must lie in 0..9, got {labels.min()}..{labels.max()}")
    # Same arithmetic as load_mnist: bytes divided by 255 in the target dtype.
    images = np.empty(pixels.shape, dtype=dtype)
    np.divide(pixels.astype(np.uint8), dtype.type(255), out=images)
    return images.T, labels
