"""Tests for nnhelpers.losses: known values, log(0), shape errors, gradient check."""
import math

import numpy as np
import pytest

import nnhelpers as nh


# --- known values --------------------------------------------------------------------

def test_mse_of_the_notes_example():
    # Alice, Bob, Charlie, Diana: y_true = [1, 0, 0, 1], a network that always says 0
    assert nh.mse([1, 0, 0, 1], [0, 0, 0, 0]) == 0.5
    assert isinstance(nh.mse([1, 0, 0, 1], [0, 0, 0, 0]), float)


def test_mse_on_2d_arrays_averages_every_entry():
    Y = np.array([[1.0, 2.0], [3.0, 4.0]])
    A = np.array([[1.0, 0.0], [3.0, 5.0]])
    assert nh.mse(Y, A) == pytest.approx((0 + 4 + 0 + 1) / 4)


def test_binary_cross_entropy_hand_computed():
    # -(log 0.8 + log(1 - 0.3)) / 2
    expected = -(math.log(0.8) + math.log(0.7)) / 2
    assert nh.binary_cross_entropy([[1, 0]], [[0.8, 0.3]]) == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(0.2899092476, rel=1e-9)


def test_binary_cross_entropy_of_a_coin_flip_is_log_2():
    assert nh.binary_cross_entropy([[1, 0, 1]], [[0.5, 0.5, 0.5]]) == pytest.approx(math.log(2))


def test_cross_entropy_hand_computed():
    Y = np.array([[1, 0], [0, 1], [0, 0]])
    A = np.array([[0.7, 0.2], [0.2, 0.5], [0.1, 0.3]])
    expected = -(math.log(0.7) + math.log(0.5)) / 2
    assert nh.cross_entropy(Y, A) == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(0.5249110622, rel=1e-9)


def test_cross_entropy_with_two_classes_equals_binary_cross_entropy():
    a = np.array([[0.9, 0.2, 0.6]])
    y = np.array([[1, 0, 0]])
    two_class = nh.cross_entropy(np.vstack([y, 1 - y]), np.vstack([a, 1 - a]))
    assert two_class == pytest.approx(nh.binary_cross_entropy(y, a), rel=1e-12)


def test_perfect_predictions_cost_almost_nothing():
    assert nh.binary_cross_entropy([[1, 0]], [[1.0, 0.0]]) < 1e-12
    assert nh.cross_entropy([[1], [0]], [[1.0], [0.0]]) < 1e-12
    assert nh.mse([0.3, 0.7], [0.3, 0.7]) == 0.0


# --- log(0) and dtypes ---------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_confidently_wrong_predictions_give_a_large_finite_loss(dtype):
    eps = np.finfo(dtype).eps
    with np.errstate(all="raise"):
        bce = nh.binary_cross_entropy(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]], dtype=dtype))
        ce = nh.cross_entropy(np.array([[1.0], [0.0]]), np.array([[0.0], [1.0]], dtype=dtype))
    assert math.isfinite(bce) and math.isfinite(ce)
    assert bce == pytest.approx(-math.log(eps), rel=1e-6)
    assert ce == pytest.approx(-math.log(eps), rel=1e-6)


def test_losses_return_python_floats_for_float32_input():
    A = np.array([[0.8, 0.3]], dtype=np.float32)
    assert type(nh.binary_cross_entropy([[1, 0]], A)) is float
    assert type(nh.mse(np.zeros(2, dtype=np.float32), np.ones(2, dtype=np.float32))) is float


def test_mse_prime_keeps_float32():
    y = np.zeros(3, dtype=np.float32)
    assert nh.mse_prime(y, np.ones(3, dtype=np.float32)).dtype == np.float32


# --- bad input -----------------------------------------------------------------------

@pytest.mark.parametrize("loss", [nh.mse, nh.mse_prime, nh.binary_cross_entropy, nh.cross_entropy])
def test_row_against_vector_is_an_error_naming_both_shapes(loss):
    row = np.full((1, 4), 0.5)
    vector = np.full(4, 0.5)
    with pytest.raises(ValueError, match=r"\(1, 4\).*\(4,\)"):
        loss(row, vector)
    with pytest.raises(ValueError, match=r"\(4,\).*\(1, 4\)"):
        loss(vector, row)


def test_transposed_labels_are_an_error():
    with pytest.raises(ValueError, match=r"\(3, 2\).*\(2, 3\)"):
        nh.cross_entropy(np.eye(3)[:, :2], np.full((2, 3), 0.5))


@pytest.mark.parametrize("loss", [nh.binary_cross_entropy, nh.cross_entropy])
def test_cross_entropies_need_2d_input(loss):
    with pytest.raises(ValueError, match=r"2-D.*\(3,\)"):
        loss(np.array([1.0, 0.0, 1.0]), np.array([0.5, 0.5, 0.5]))


def test_empty_input_is_an_error():
    with pytest.raises(ValueError, match="empty"):
        nh.mse([], [])


# --- gradient check ------------------------------------------------------------------

def test_mse_prime_matches_numerical_gradient():
    rng = np.random.default_rng(1)
    y_true = rng.normal(size=(3, 5))
    y_pred = rng.normal(size=(3, 5))
    numeric = nh.numerical_gradient(lambda: nh.mse(y_true, y_pred), y_pred)
    assert nh.relative_error(nh.mse_prime(y_true, y_pred), numeric).max() < 1e-7


def test_mse_prime_for_one_sample_is_minus_two_times_the_error():
    # the -2(1 - y_pred) of the notes' hand-computed example (y_pred = 0.524)
    assert nh.mse_prime([1.0], [0.524])[0] == pytest.approx(-0.952)
