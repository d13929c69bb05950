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

from nnhelpers._validation import float_dtype

__all__ = ["load_kaggle_csv", "write_kaggle_csv"]

_PIXEL_COLUMNS = [f"pixel{i}" for i in range(784)]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _check_header(path: Path, columns: list) -> bool:
    """Validate the header line; return True for a train.csv (with labels). Raises ValueError."""
    name = path.name
    if columns and all(_is_number(cell) for cell in columns if cell.strip()):
        raise ValueError(
            f"{name} has no header row: its first line holds numbers ({', '.join(columns[:3])}, ...). "
            "Kaggle's train.csv starts with the line label,pixel0,...,pixel783 (test.csv with "
            "pixel0,...,pixel783); add that line, or write the file with nh.write_kaggle_csv"
        )
    expected_train, expected_test = ["label"] + _PIXEL_COLUMNS, _PIXEL_COLUMNS
    if columns in (expected_train, expected_test):
        return columns == expected_train
    rest = columns[1:]
    if rest == expected_test and columns[0].lower() == "label":
        return True  # "Label": a train.csv written by a tool that capitalises
    if rest == expected_test and columns[0] and not columns[0].lower().startswith(("unnamed", "index")):
        raise ValueError(
            f"{name} has 785 columns like a train.csv, but its first column is named {columns[0]!r}, "
            "not 'label'. If it holds the labels, rename it to 'label'; if it is a row index saved "
            "with the table, save it with DataFrame.to_csv(path, index=False), or drop that column"
        )
    if rest in (expected_train, expected_test):
        first = columns[0] if columns[0] else "an unnamed first column"
        raise ValueError(
            f"{name} has {len(columns)} columns, one more than the {len(rest)} of the Kaggle layout "
            f"({'label, ' if rest == expected_train else ''}pixel0..pixel783): the first column "
            f"({first!r}) looks like a row index saved with the table; save it with "
            "DataFrame.to_csv(path, index=False), or drop that column"
        )
    raise ValueError(
        f"{name}: expected the header label,pixel0,...,pixel783 (785 columns, a train.csv) or "
        f"pixel0,...,pixel783 (784 columns, a test.csv), got {len(columns)} columns starting "
        f"{columns[:3]}"
    )


def _locate_bad_row_length(path: Path, n_columns: int) -> str | None:
    """The first data row with more or fewer cells than the header, as a sentence (or None)."""
    with open(path, newline="", encoding="utf-8-sig") as stream:
        for line_number, line in enumerate(stream, start=1):
            if line_number == 1:
                continue
            line = line.rstrip("\r\n")
            if not line:
                continue
            cells = line.count(",") + 1
            if cells != n_columns:
                return (f"data row {line_number - 1} (line {line_number} of the file) has {cells} cells "
                        f"but the header has {n_columns}")
    return None


def _locate_bad_cell(path: Path, usecols) -> str:
    """Slow path, only after a failure: the first blank or non-integer cell, as a sentence."""
    with open(path, newline="", encoding="utf-8-sig") as stream:
        n_columns = stream.readline().count(",") + 1
    wrong_length = _locate_bad_row_length(path, n_columns)
    if wrong_length is not None:
        return wrong_length
    table = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=usecols, encoding="utf-8-sig")
    for row_number, row in enumerate(table.itertuples(index=False), start=1):
        for column, cell in zip(table.columns, row):
            text = cell.strip()
            if not text:
                return (f"data row {row_number} (line {row_number + 1} of the file), column {column!r}, "
                        "is blank")
            try:
                value = float(text)
            except ValueError:
                return f"data row {row_number} (line {row_number + 1}), column {column!r}, holds {text!r}"
            if not np.isfinite(value) or value != int(value):
                return f"data row {row_number} (line {row_number + 1}), column {column!r}, holds {text!r}"
    return "a row has more or fewer cells than the header"


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

    A UTF-8 byte-order mark before the header is ignored, and a first column named
    "Label" is read as the labels.

    Raises
    ------
    ValueError, each naming the file and what to do:
        a header other than [label,] pixel0..pixel783 (with the column count: 785 for a
        train.csv, 784 for a test.csv); an extra first column, which is named as a row
        index saved with the table (``to_csv(..., index=False)``); a missing header row;
        a row with more or fewer cells than the header, or a blank or non-integer cell,
        named by its data row, file line and column; pixels
        outside 0..255 or labels outside 0..9.
    """
    path = Path(path)
    dtype = float_dtype(dtype)
    # utf-8-sig: a byte-order mark (Excel's "CSV UTF-8") is not part of the first column's name
    with open(path, newline="", encoding="utf-8-sig") as stream:
        header = stream.readline().rstrip("\r\n")
    if not header:
        raise ValueError(f"{path.name} is empty; expected a header line label,pixel0,...,pixel783")
    columns = [cell.strip().strip('"') for cell in header.split(",")]
    has_labels = _check_header(path, columns)
    # float64 holds every integer cell exactly and turns a blank into NaN without a warning;
    # any blank or fractional cell is then found and named below.
    try:
        table = pd.read_csv(path, dtype=np.float64, encoding="utf-8-sig")
    except ValueError:  # pandas' ParserError (a row too long) is a ValueError too
        wrong_length = _locate_bad_row_length(path, len(columns))
        if wrong_length is not None:
            raise ValueError(f"{path.name}: {wrong_length}") from None
        raise ValueError(f"{path.name}: every cell must be an integer; "
                         f"{_locate_bad_cell(path, None)}") from None
    values = table.to_numpy()
    if values.shape[1] != len(columns):
        raise ValueError(f"{path.name}: {_locate_bad_cell(path, None)}")
    bad = ~np.isfinite(values) | (values != np.round(values))
    if bad.any():
        raise ValueError(f"{path.name}: every cell must be an integer; {_locate_bad_cell(path, None)}")
    values = values.astype(np.int64)
    pixels = values[:, 1:] if has_labels else values
    if pixels.size and (pixels.min() < 0 or pixels.max() > 255):
        row = int(np.argwhere((pixels < 0) | (pixels > 255))[0, 0]) + 1
        raise ValueError(f"{path.name}: pixel values must lie in 0..255, got {pixels.min()}..{pixels.max()} "
                         f"(first in data row {row})")
    labels = None
    if has_labels:
        labels = values[:, 0].copy()
        if labels.size and (labels.min() < 0 or labels.max() > 9):
            row = int(np.argwhere((labels < 0) | (labels > 9))[0, 0]) + 1
            raise ValueError(f"{path.name}: labels must lie in 0..9, got {labels.min()}..{labels.max()} "
                             f"(first in data row {row})")
    # Same arithmetic as load_mnist: bytes divided by 255 in the target dtype.
    images = np.empty(pixels.shape, dtype=dtype)
    np.divide(pixels.astype(np.uint8), dtype.type(255), out=images)
    return images.T, labels


def write_kaggle_csv(path, X, y=None) -> Path:
    """Write images (and labels) in the Kaggle digit-recognizer CSV layout.

    The course never downloads Kaggle's files: this writes a small CSV of the same layout
    from MNIST, so that a chapter can walk the notes' handwritten route (read the CSV,
    shuffle, hold some images back) with ``load_kaggle_csv``.

    Parameters
    ----------
    path : str or Path, the file to write (overwritten; the parent folder must exist).
    X : array_like, shape (784, m), one image per column as everywhere in the course:
        either grey levels in [0, 1] (``nh.load_mnist``'s pixels / 255, any float dtype),
        or integers 0..255. Floats are written as round(255 * x).
    y : array_like of integers 0..9, shape (m,), or None. With labels the file is a
        ``train.csv`` (header ``label,pixel0,...,pixel783``); without, a ``test.csv``
        (header ``pixel0,...,pixel783``).

    Returns
    -------
    Path, the file written. ``load_kaggle_csv(path)`` gives back X (float32, exactly the
    same numbers as ``load_mnist`` for MNIST images) and y.

    Raises
    ------
    ValueError if X is not (784, m) (an (m, 784) array is named as transposed), holds
    values outside [0, 1] (floats, beyond a rounding tolerance of 1e-6, which is clipped)
    or 0..255 (integers), or NaN; if y is not an (m,)
    vector of integers 0..9 (a one-hot (10, m) Y is named: pass Y.argmax(axis=0)).
    """
    if isinstance(X, (str, Path)) and not isinstance(path, (str, Path)):
        raise ValueError("the arguments look swapped: write_kaggle_csv(path, X, y) takes the file name "
                         "first, then the images X (784, m) and the labels y")
    path = Path(path)
    if y is not None and np.ndim(X) == 1 and np.ndim(y) == 2 and np.shape(y)[0] == 784:
        raise ValueError("the arguments look swapped: write_kaggle_csv(path, X, y) takes the images X "
                         f"(784, m) before the labels y (m,); got X of shape {np.shape(X)} and y of "
                         f"shape {np.shape(y)}")
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] != 784:
        hint = ""
        if X.ndim == 2 and X.shape[1] == 784:
            hint = "; it looks transposed (one image per row): pass X.T"
        raise ValueError(f"X must have shape (784, m), one 28x28 image per column, got {X.shape}{hint}")
    if X.dtype.kind == "f":
        if not np.all(np.isfinite(X)):
            raise ValueError("X holds NaN or inf; every pixel must be a grey level in [0, 1]")
        # within 1e-6 of [0, 1] is rounding (e.g. pixels / 255 * (1 + 1e-7)): it rounds to 0 or 255
        if X.size and (X.min() < -1e-6 or X.max() > 1 + 1e-6):
            raise ValueError(f"X holds floats from {X.min():.9g} to {X.max():.9g}; float pixels must lie "
                             "in [0, 1] (grey level / 255); pass integer 0..255 pixels as an integer array")
        pixels = np.clip(np.rint(X.astype(np.float64) * 255), 0, 255).astype(np.int64)
    elif X.dtype.kind in "iu":
        pixels = X.astype(np.int64)
        if pixels.size and (pixels.min() < 0 or pixels.max() > 255):
            raise ValueError(f"X holds integers {pixels.min()}..{pixels.max()}; pixels must lie in 0..255")
    else:
        raise ValueError(f"X must hold numbers (floats in [0, 1] or integers 0..255), got dtype {X.dtype}")
    m = X.shape[1]
    columns = list(_PIXEL_COLUMNS)
    table = pixels.T  # one image per row, as in Kaggle's file
    if y is not None:
        y = np.asarray(y)
        if y.ndim == 2 and y.shape == (10, m):
            raise ValueError(f"y has shape {y.shape}, one-hot columns; write_kaggle_csv needs the labels "
                             "as an (m,) vector: pass Y.argmax(axis=0)")
        if y.ndim != 1 or y.shape[0] != m:
            raise ValueError(f"y must have shape ({m},), one label per column of X, got {y.shape}")
        if y.dtype.kind == "f" and np.all(y == np.round(y)):
            y = y.astype(np.int64)
        if y.dtype.kind not in "iu" or (y.size and (y.min() < 0 or y.max() > 9)):
            raise ValueError("y must hold integer labels 0..9")
        table = np.column_stack([y.astype(np.int64), table])
        columns = ["label"] + columns
    np.savetxt(path, table, fmt="%d", delimiter=",", header=",".join(columns), comments="")
    return path
