"""The toy gender data set of chapters 03-04: four people, two measurements each.

Shape convention of the course: X (n_features, m), one column per sample. Here
n_features = 2 (weight, height) and m = 4, so X has shape (2, 4); the labels
are an (m,) vector y with F = 1 and M = 0 (the toy network has one output).

The raw measurements are in pounds and inches (data/gender.csv). Before they
meet the network they are shifted by round numbers close to their means, so
that the inputs sit around zero where the sigmoid is not flat; see
`shift_measurements`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from nnhelpers._validation import as_float_array
from nnhelpers.data.paths import data_dir

__all__ = [
    "WEIGHT_SHIFT_LB", "HEIGHT_SHIFT_IN", "GENDER_LABELS",
    "load_gender", "shift_measurements", "gender_features",
]

#: Subtracted from every weight (lb): a round number near the data's mean weight.
WEIGHT_SHIFT_LB = 135
#: Subtracted from every height (in): a round number near the data's mean height.
HEIGHT_SHIFT_IN = 66
#: How the gender column becomes the network's target.
GENDER_LABELS = {"F": 1, "M": 0}

_COLUMNS = ["name", "weight_lb", "height_in", "gender"]


def load_gender() -> pd.DataFrame:
    """The four people of the toy example, as read from data/gender.csv.

    Returns
    -------
    pandas.DataFrame with columns name, weight_lb, height_in, gender ("F" or "M"),
    one row per person (Alice, Bob, Charlie, Diana).
    """
    path = data_dir() / "gender.csv"
    if not path.exists():
        raise FileNotFoundError(f"the toy data set {path} is missing; it ships with the course repository")
    return pd.read_csv(path)


def shift_measurements(weight_lb, height_in) -> np.ndarray:
    """Turn raw measurements into network inputs: (weight - 135, height - 66).

    Parameters
    ----------
    weight_lb, height_in : float, or array_like of shape (m,).

    Returns
    -------
    ndarray of shape (2,) for one person, or (2, m) for m people (one per column).
    """
    weight = as_float_array("weight_lb", weight_lb)
    height = as_float_array("height_in", height_in)
    if weight.shape != height.shape or weight.ndim > 1:
        raise ValueError(
            f"weight_lb and height_in must be two numbers or two (m,) vectors, "
            f"got shapes {weight.shape} and {height.shape}"
        )
    return np.stack([weight - WEIGHT_SHIFT_LB, height - HEIGHT_SHIFT_IN])


def gender_features(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Network inputs and targets from the toy table.

    Parameters
    ----------
    df : DataFrame with columns weight_lb, height_in and gender ("F" / "M"),
        e.g. from `load_gender`.

    Returns
    -------
    X : ndarray, shape (2, m) — row 0 weight - 135 (lb), row 1 height - 66 (in).
    y : ndarray, shape (m,) — 1 for F, 0 for M.
    """
    missing = [c for c in _COLUMNS[1:] if c not in df.columns]
    if missing:
        raise ValueError(f"df needs columns {_COLUMNS[1:]}, missing {missing}; got {list(df.columns)}")
    unknown = sorted(set(df["gender"]) - set(GENDER_LABELS))
    if unknown:
        raise ValueError(f"gender must be one of {sorted(GENDER_LABELS)}, got {unknown}")
    X = shift_measurements(df["weight_lb"].to_numpy(), df["height_in"].to_numpy())
    y = df["gender"].map(GENDER_LABELS).to_numpy(dtype=np.float64)
    return X, y
