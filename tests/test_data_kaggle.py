"""Kaggle digit-recognizer CSV loading (nnhelpers.data.kaggle)."""
import numpy as np
import pytest

import nnhelpers as nh

from nnhelpers.data import load_kaggle_csv

HEADER = ",".join(f"pixel{i}" for i in range(784))


def write_csv(path, pixels, labels=None):
    rows = [HEADER if labels is None else "label," + HEADER]
    for j, row in enumerate(pixels):
        cells = [str(v) for v in row]
        rows.append(",".join(cells if labels is None else [str(labels[j])] + cells))
    path.write_text("\n".join(rows) + "\n")


@pytest.fixture
def pixels():
    return np.random.default_rng(3).integers(0, 256, (5, 784))


def test_train_csv_gives_columns_of_pixels_over_255_and_int64_labels(tmp_path, pixels):
    write_csv(tmp_path / "train.csv", pixels, labels=[1, 0, 1, 4, 9])
    X, y = load_kaggle_csv(tmp_path / "train.csv")
    assert X.shape == (784, 5) and X.dtype == np.float32 and X.flags.f_contiguous
    np.testing.assert_array_equal(X, (pixels.T / 255).astype(np.float32))
    assert y.dtype == np.int64
    np.testing.assert_array_equal(y, [1, 0, 1, 4, 9])


def test_test_csv_without_labels_gives_none(tmp_path, pixels):
    write_csv(tmp_path / "test.csv", pixels)
    X, y = load_kaggle_csv(tmp_path / "test.csv", dtype=np.float64)
    assert y is None
    assert X.dtype == np.float64 and X.shape == (784, 5)
    assert X[:, 0] @ np.ones(784) == pytest.approx(pixels[0].sum() / 255)


def test_extreme_pixels_map_to_0_and_1(tmp_path):
    write_csv(tmp_path / "t.csv", np.array([[0] * 784, [255] * 784]))
    X, _ = load_kaggle_csv(tmp_path / "t.csv")
    assert X[:, 0].max() == 0 and X[:, 1].min() == 1


def test_wrong_columns_are_refused(tmp_path):
    (tmp_path / "bad.csv").write_text("label,a,b\n1,2,3\n")
    with pytest.raises(ValueError, match=r"label,pixel0,...,pixel783 \(785 columns.*got 3 columns"):
        load_kaggle_csv(tmp_path / "bad.csv")


def test_pixels_out_of_range_are_refused(tmp_path, pixels):
    too_bright = pixels.copy()
    too_bright[2, 7] = 256
    write_csv(tmp_path / "bright.csv", too_bright)
    with pytest.raises(ValueError, match="0..255"):
        load_kaggle_csv(tmp_path / "bright.csv")


@pytest.mark.parametrize("cell", ["", "0.5"])
def test_blank_or_fractional_cells_are_refused_not_turned_into_nan(tmp_path, cell):
    row = ["7"] * 784
    row[100] = cell
    (tmp_path / "holey.csv").write_text(HEADER + "\n" + ",".join(row) + "\n")
    with pytest.raises(ValueError, match=r"holey.csv: every cell must be an integer; data row 1 \(line 2"
                                         r".*column 'pixel100'"):
        load_kaggle_csv(tmp_path / "holey.csv")


def test_labels_out_of_range_are_refused(tmp_path, pixels):
    write_csv(tmp_path / "train.csv", pixels, labels=[1, 0, 12, 4, 9])
    with pytest.raises(ValueError, match="labels must lie in 0..9"):
        load_kaggle_csv(tmp_path / "train.csv")


# --- write_kaggle_csv ---------------------------------------------------------------------

def test_write_then_load_round_trips_mnist_style_pixels(tmp_path):
    from nnhelpers.data import write_kaggle_csv
    rng = np.random.default_rng(0)
    raw = rng.integers(0, 256, (784, 6)).astype(np.uint8)
    X = raw.astype(np.float32) / np.float32(255)  # what load_mnist returns
    y = np.array([5, 0, 4, 1, 9, 2])
    path = write_kaggle_csv(tmp_path / "train.csv", X, y)
    header = path.read_text().splitlines()[0].split(",")
    assert header[:3] == ["label", "pixel0", "pixel1"] and header[-1] == "pixel783" and len(header) == 785
    first = path.read_text().splitlines()[1].split(",")
    assert first[0] == "5" and first[1:4] == [str(v) for v in raw[:3, 0]]  # integers 0..255
    X_back, y_back = load_kaggle_csv(path)
    np.testing.assert_array_equal(X_back, X)
    np.testing.assert_array_equal(y_back, y)
    # integer pixels and no labels: a test.csv
    write_kaggle_csv(tmp_path / "test.csv", raw)
    X_test, y_test = load_kaggle_csv(tmp_path / "test.csv")
    assert y_test is None
    np.testing.assert_array_equal(X_test, X)


@pytest.mark.parametrize("X, y, message", [
    (np.zeros((6, 784)), None, "looks transposed"),
    (np.full((784, 2), 1.5), None, r"float pixels must lie in \[0, 1\]"),
    (np.full((784, 2), 300), None, "0..255"),
    (np.zeros((784, 2)), np.eye(10)[:, :2], "Y.argmax"),
    (np.zeros((784, 2)), [1, 2, 3], r"y must have shape \(2,\)"),
    (np.zeros((784, 2)), [1, 12], "0..9"),
])
def test_write_kaggle_csv_bad_input(tmp_path, X, y, message):
    from nnhelpers.data import write_kaggle_csv
    with pytest.raises(ValueError, match=message):
        write_kaggle_csv(tmp_path / "x.csv", X, y)


# --- messages for the usual slips (issue 13, item 7) ----------------------------------------

def _train_csv(tmp_path, pixels):
    write_csv(tmp_path / "train.csv", pixels, labels=[1, 0, 1, 4, 9])
    return tmp_path / "train.csv"


def test_a_saved_index_column_is_named(tmp_path, pixels):
    import pandas as pd
    path = _train_csv(tmp_path, pixels)
    pd.read_csv(path).to_csv(tmp_path / "with_index.csv")  # index=True, the pandas default
    with pytest.raises(ValueError, match=r"786 columns, one more than the 785.*looks like a row index.*"
                                         r"index=False"):
        load_kaggle_csv(tmp_path / "with_index.csv")
    pd.read_csv(path).drop(columns="label").to_csv(tmp_path / "test_index.csv")
    with pytest.raises(ValueError, match=r"785 columns, one more than the 784.*index=False"):
        load_kaggle_csv(tmp_path / "test_index.csv")


def test_a_missing_header_is_named(tmp_path, pixels):
    path = _train_csv(tmp_path, pixels)
    lines = path.read_text().splitlines()
    (tmp_path / "no_header.csv").write_text("\n".join(lines[1:]) + "\n")
    with pytest.raises(ValueError, match="has no header row.*label,pixel0"):
        load_kaggle_csv(tmp_path / "no_header.csv")


def test_a_blank_cell_names_its_row_without_a_warning(tmp_path, pixels):
    import warnings
    path = _train_csv(tmp_path, pixels)
    lines = path.read_text().splitlines()
    cells = lines[3].split(",")
    cells[6] = ""  # data row 3, column pixel5 (cell 0 is the label)
    lines[3] = ",".join(cells)
    (tmp_path / "blank.csv").write_text("\n".join(lines) + "\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no pandas RuntimeWarning may get through
        with pytest.raises(ValueError, match=r"data row 3 \(line 4 of the file\), column 'pixel5', is blank"):
            load_kaggle_csv(tmp_path / "blank.csv")
    cells[6] = "abc"
    lines[3] = ",".join(cells)
    (tmp_path / "text.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(ValueError, match=r"data row 3 \(line 4\), column 'pixel5', holds 'abc'"):
        load_kaggle_csv(tmp_path / "text.csv")


def test_write_kaggle_csv_swapped_arguments(tmp_path):
    from nnhelpers.data import write_kaggle_csv
    with pytest.raises(ValueError, match="look swapped"):
        write_kaggle_csv(np.zeros((784, 2)), str(tmp_path / "x.csv"))


# --- adversarial review: labels and images swapped (defect 3) -----------------------------------

def test_write_kaggle_csv_labels_and_images_swapped_is_named(tmp_path):
    X = np.zeros((784, 3), np.float32)
    with pytest.raises(ValueError, match="look swapped"):
        nh.write_kaggle_csv(tmp_path / "w.csv", np.array([1, 2, 3]), X)


# --- adversarial review: BOM, 'Label', a row too long, floats at 1 + 1e-7 (defects 11 and 16) ---

def _written(tmp_path, name="train.csv"):
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (784, 3))
    path = nh.write_kaggle_csv(tmp_path / name, pixels, np.array([3, 1, 4]))
    return path, pixels


def test_byte_order_mark_and_capital_label_are_read(tmp_path):
    path, pixels = _written(tmp_path)
    text = path.read_text()
    bom = tmp_path / "bom.csv"
    bom.write_text(text, encoding="utf-8-sig")
    capital = tmp_path / "Label.csv"
    capital.write_text("Label" + text[len("label"):])
    for other in (bom, capital):
        X, y = load_kaggle_csv(other)
        assert np.array_equal(y, [3, 1, 4]) and np.array_equal(X, load_kaggle_csv(path)[0])


def test_other_first_column_name_is_not_called_an_index_blindly(tmp_path):
    path, _ = _written(tmp_path)
    other = tmp_path / "digit.csv"
    other.write_text("digit" + path.read_text()[len("label"):])
    with pytest.raises(ValueError, match="named 'digit', not 'label'"):
        load_kaggle_csv(other)


def test_a_row_with_an_extra_cell_is_named(tmp_path):
    path, _ = _written(tmp_path)
    lines = path.read_text().splitlines()
    lines[2] += ",7"
    long = tmp_path / "long.csv"
    long.write_text("\n".join(lines) + "\n")
    with pytest.raises(ValueError, match=r"^long.csv: data row 2 \(line 3 of the file\) has 786 cells"):
        load_kaggle_csv(long)


def test_floats_a_rounding_above_1_are_written_as_255(tmp_path):
    X = np.ones((784, 2), np.float32) * np.float32(1 + 1e-7)
    X[0, 0] = 0
    got, _ = load_kaggle_csv(nh.write_kaggle_csv(tmp_path / "w.csv", X))
    assert got[0, 0] == 0 and got[1, 0] == 1
    with pytest.raises(ValueError, match=r"from 0 to 1.01"):
        nh.write_kaggle_csv(tmp_path / "w.csv", X * 1.01)
