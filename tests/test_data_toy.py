"""Tests for nnhelpers.data.toy: the four-person toy data set of chapters 03-04."""
import numpy as np
import pandas as pd
import pytest

import nnhelpers as nh
from nnhelpers.data import toy


def test_load_gender_is_the_table_of_the_notes():
    df = nh.load_gender()
    assert list(df.columns) == ["name", "weight_lb", "height_in", "gender"]
    assert df["name"].tolist() == ["Alice", "Bob", "Charlie", "Diana"]
    assert df["weight_lb"].tolist() == [133, 160, 152, 120]
    assert df["height_in"].tolist() == [65, 72, 70, 60]
    assert df["gender"].tolist() == ["F", "M", "M", "F"]


def test_gender_features_mean_shift_and_labels():
    X, y = nh.gender_features(nh.load_gender())
    assert X.shape == (2, 4) and y.shape == (4,)
    np.testing.assert_array_equal(X, [[-2, 25, 17, -15], [-1, 6, 4, -6]])
    np.testing.assert_array_equal(y, [1, 0, 0, 1])
    assert X.dtype == np.float64 and y.dtype == np.float64


def test_shift_constants_are_named():
    assert toy.WEIGHT_SHIFT_LB == 135 and toy.HEIGHT_SHIFT_IN == 66
    assert nh.data.GENDER_LABELS == {"F": 1, "M": 0}


def test_shift_measurements_for_new_people():
    np.testing.assert_array_equal(nh.shift_measurements(128, 63), [-7, -3])   # Emily
    np.testing.assert_array_equal(nh.shift_measurements(155, 68), [20, 2])    # Frank
    both = nh.shift_measurements([128, 155], [63, 68])
    assert both.shape == (2, 2)
    np.testing.assert_array_equal(both, [[-7, 20], [-3, 2]])


def test_shift_measurements_keeps_float32():
    out = nh.shift_measurements(np.float32(128), np.float32(63))
    assert out.dtype == np.float32


def test_shift_measurements_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\)"):
        nh.shift_measurements([1.0, 2.0], [1.0, 2.0, 3.0])


def test_gender_features_rejects_bad_tables():
    with pytest.raises(ValueError, match="missing.*height_in"):
        nh.gender_features(pd.DataFrame({"weight_lb": [1], "gender": ["F"]}))
    with pytest.raises(ValueError, match=r"gender must be one of.*'X'"):
        nh.gender_features(pd.DataFrame({"weight_lb": [1], "height_in": [2], "gender": ["X"]}))


def test_data_dir_override(tmp_path, monkeypatch):
    (tmp_path / "gender.csv").write_text("name,weight_lb,height_in,gender\nZoe,140,66,F\n")
    monkeypatch.setenv("NNHELPERS_DATA_DIR", str(tmp_path))
    df = nh.load_gender()
    assert df["name"].tolist() == ["Zoe"]
    X, y = nh.gender_features(df)
    np.testing.assert_array_equal(X, [[5], [0]])
    np.testing.assert_array_equal(y, [1])


def test_missing_file_says_where(tmp_path, monkeypatch):
    monkeypatch.setenv("NNHELPERS_DATA_DIR", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="gender.csv"):
        nh.load_gender()
