"""Label encodings (nnhelpers.data.labels): one_hot and binary_labels."""
import numpy as np
import pytest

from nnhelpers.data import binary_labels, one_hot


def test_one_hot_known_values_one_column_per_sample():
    expected = np.zeros((10, 4), dtype=np.float32)
    expected[[5, 0, 4, 1], [0, 1, 2, 3]] = 1
    result = one_hot(np.array([5, 0, 4, 1]))
    np.testing.assert_array_equal(result, expected)
    assert result.dtype == np.float32


def test_one_hot_columns_sum_to_one_and_argmax_recovers_labels():
    y = np.random.default_rng(1).integers(0, 10, 1000)
    Y = one_hot(y, dtype=np.float64)
    assert Y.shape == (10, 1000) and Y.dtype == np.float64
    np.testing.assert_array_equal(Y.sum(axis=0), np.ones(1000))
    np.testing.assert_array_equal(Y.argmax(axis=0), y)


def test_one_hot_columns_are_contiguous_like_the_images():
    Y = one_hot(np.arange(10))
    assert Y.flags.f_contiguous


def test_one_hot_accepts_lists_uint8_and_other_class_counts():
    np.testing.assert_array_equal(one_hot([1, 0], n_classes=2), [[0, 1], [1, 0]])
    np.testing.assert_array_equal(one_hot(np.array([9], dtype=np.uint8)), np.eye(10)[:, [9]])


def test_one_hot_of_no_labels_is_an_empty_matrix_with_ten_rows():
    assert one_hot(np.array([], dtype=np.int64)).shape == (10, 0)


@pytest.mark.parametrize("bad, where", [([0, 10], r"y\[1\] = 10"), ([-1, 3], r"y\[0\] = -1")])
def test_one_hot_rejects_labels_out_of_range_naming_the_first(bad, where):
    with pytest.raises(ValueError, match=rf"0\.\.9.*{where}"):
        one_hot(np.array(bad))


def test_one_hot_rejects_2d_input_naming_its_shape():
    with pytest.raises(ValueError, match=r"1-D.*\(m,\).*\(1, 3\)"):
        one_hot(np.array([[1, 2, 3]]))


def test_one_hot_rejects_float_labels_and_bad_class_counts():
    with pytest.raises(ValueError, match="integer labels.*float64"):
        one_hot(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="n_classes"):
        one_hot([0], n_classes=0)


def test_binary_labels_is_a_row_with_ones_where_the_digit_is():
    result = binary_labels(np.array([5, 0, 4, 1, 0]), digit=0)
    np.testing.assert_array_equal(result, [[0, 1, 0, 0, 1]])
    assert result.shape == (1, 5) and result.dtype == np.float32


def test_binary_labels_keeps_the_requested_dtype():
    assert binary_labels([3, 3], 3, dtype=np.float64).dtype == np.float64


def test_binary_labels_errors():
    with pytest.raises(ValueError, match=r"shape \(2, 2\)"):
        binary_labels(np.zeros((2, 2), dtype=int), 0)
    with pytest.raises(ValueError, match="0 to 9.*10"):
        binary_labels([1, 2], 10)
    with pytest.raises(ValueError, match="0 to 9"):
        binary_labels([1, 2], 1.5)


def test_label_columns_and_one_hot_matrices_are_named():
    import numpy as np
    import pytest
    from nnhelpers.data import one_hot
    with pytest.raises(ValueError, match=r"an \(m, 1\) column: pass y\.ravel\(\)"):
        one_hot(np.array([[1], [2]]))
    with pytest.raises(ValueError, match=r"already one-hot.*argmax\(axis=0\)"):
        one_hot(np.eye(3, dtype=int))


def test_swapped_label_arguments_are_named():
    import pytest
    from nnhelpers.data import binary_labels, one_hot
    with pytest.raises(ValueError, match="look swapped"):
        one_hot(10, [1, 2, 3])
    with pytest.raises(ValueError, match="look swapped"):
        binary_labels(0, [1, 0, 3])
