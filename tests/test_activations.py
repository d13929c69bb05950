"""Tests for nnhelpers.activations: known values, extremes, dtypes, gradient checks."""
import warnings

import numpy as np
import pytest

import nnhelpers as nh


# --- known values from the course notes ---------------------------------------------

def test_sigmoid_known_values():
    assert nh.sigmoid(0.0) == 0.5
    assert round(float(nh.sigmoid(3.0)), 4) == 0.9526        # h1 = f(3) in the feed-forward example
    assert round(float(nh.sigmoid(-3.0 + 0.0)), 4) == 0.0474  # h1 = f(-2 + -1 + 0) for Alice
    assert round(float(nh.sigmoid(nh.sigmoid(3.0))), 4) == 0.7216  # o1 = f(0.9526)


def test_sigmoid_of_the_single_neuron_example_is_exact():
    # w = [0, 1], b = 4, x = [2, 3]: w . x + b = 7, and the notes print 0.9990889488055994
    z = np.dot([0, 1], [2, 3]) + 4
    assert z == 7
    assert nh.sigmoid(z) == 0.9990889488055994
    assert nh.sigmoid(7.0) == 1 / (1 + np.exp(-7.0))


def test_sigmoid_is_symmetric_and_matches_the_textbook_formula():
    z = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(nh.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15, atol=0)
    np.testing.assert_allclose(nh.sigmoid(-z) + nh.sigmoid(z), 1.0, rtol=1e-15)


def test_sigmoid_scalar_in_scalar_out():
    # a scalar must not come back as a 0-d array (prints as "array(0.5)" in a notebook)
    assert isinstance(nh.sigmoid(2.0), np.floating)
    assert isinstance(nh.sigmoid_prime(2.0), np.floating)
    assert nh.sigmoid([1.0, 2.0]).shape == (2,)


def test_sigmoid_prime_known_values():
    assert nh.sigmoid_prime(0.0) == 0.25
    # the notes' hand computation: f(0.0948) (1 - f(0.0948)) = 0.249 and f(-3)(1 - f(-3)) * -2 = -0.0904
    assert round(float(nh.sigmoid_prime(0.0948)), 3) == 0.249
    assert round(float(-2 * nh.sigmoid_prime(-3.0)), 4) == -0.0904


def test_relu_and_relu_prime_known_values():
    z = np.array([-2.0, -0.0, 0.0, 0.5, 3.0])
    np.testing.assert_array_equal(nh.relu(z), [0, 0, 0, 0.5, 3.0])
    np.testing.assert_array_equal(nh.relu_prime(z), [0, 0, 0, 1, 1])  # 0 at z = 0 by convention


def test_softmax_known_values_and_columns_sum_to_one():
    np.testing.assert_allclose(nh.softmax([[1.0], [2.0], [3.0]]).ravel(),
                               [0.09003057, 0.24472847, 0.66524096], rtol=1e-7)
    Z = np.random.default_rng(0).normal(scale=5, size=(10, 7))
    A = nh.softmax(Z)
    assert A.shape == (10, 7)
    np.testing.assert_allclose(A.sum(axis=0), np.ones(7), rtol=1e-12)
    assert np.all(A > 0)


def test_softmax_normalises_columns_not_rows():
    Z = np.array([[0.0, 10.0], [0.0, 10.0]])  # each column is uniform, rows are not
    np.testing.assert_allclose(nh.softmax(Z), np.full((2, 2), 0.5))


def test_softmax_is_shift_invariant_per_column():
    Z = np.array([[1.0, -4.0], [2.0, 0.0], [3.0, 7.0]])
    np.testing.assert_allclose(nh.softmax(Z), nh.softmax(Z + np.array([[100.0, -50.0]])), rtol=1e-12)


def test_softmax_rejects_1d_input_naming_the_shape():
    with pytest.raises(ValueError, match=r"2-D.*\(3,\)"):
        nh.softmax([1.0, 2.0, 3.0])


def test_non_numeric_input_is_a_clear_error():
    with pytest.raises(ValueError, match="numeric"):
        nh.sigmoid(np.array(["a", "b"]))


# --- extreme inputs: no warning, no NaN ----------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_and_derivatives_at_extremes(dtype):
    z = np.array([-1e4, -1000.0, -50.0, 0.0, 50.0, 1000.0, 1e4], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is fine
            s = nh.sigmoid(z)
            ds = nh.sigmoid_prime(z)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ds))
    assert s[0] == 0.0 and s[-1] == 1.0
    assert np.all((s >= 0) & (s <= 1)) and np.all((ds >= 0) & (ds <= 0.25))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_at_extremes(dtype):
    Z = np.array([[1e4, -1e4, 0.0], [0.0, -1e4, -1e4], [-1e4, 1e4, 1e4]], dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            A = nh.softmax(Z)
    assert np.all(np.isfinite(A))
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=1e-6)
    np.testing.assert_allclose(A[:, 0], [1.0, 0.0, 0.0])
    np.testing.assert_allclose(A[:, 1], [0.0, 0.0, 1.0])


# --- dtypes --------------------------------------------------------------------------

@pytest.mark.parametrize("function", [nh.sigmoid, nh.sigmoid_prime, nh.relu, nh.relu_prime])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_elementwise_functions_keep_dtype_and_shape(function, dtype):
    z = np.linspace(-3, 3, 12, dtype=dtype).reshape(3, 4)
    out = function(z)
    assert out.dtype == dtype
    assert out.shape == (3, 4)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_keeps_dtype(dtype):
    assert nh.softmax(np.ones((3, 2), dtype=dtype)).dtype == dtype


def test_integer_input_becomes_float64():
    assert nh.sigmoid(np.array([1, 2])).dtype == np.float64
    assert nh.softmax(np.array([[1], [2]])).dtype == np.float64


def test_sigmoid_does_not_modify_its_input():
    z = np.array([-2.0, 0.0, 2.0])
    nh.sigmoid(z)
    nh.sigmoid_prime(z)
    np.testing.assert_array_equal(z, [-2.0, 0.0, 2.0])


# --- gradient checks -----------------------------------------------------------------

def _elementwise_numerical_derivative(function, z):
    """d function(z_i) / d z_i for every entry, one entry at a time with nh.numerical_gradient.

    (Differencing sum(function(z)) instead would add the rounding error of
    every term to each difference quotient.)
    """
    derivative = np.empty_like(z)
    for index in np.ndindex(z.shape):
        point = np.array([z[index]])
        derivative[index] = nh.numerical_gradient(lambda: float(function(point)[0]), point)[0]
    return derivative


def test_sigmoid_prime_matches_numerical_derivative():
    z = np.linspace(-8, 8, 33).reshape(3, 11)
    numeric = _elementwise_numerical_derivative(nh.sigmoid, z)
    assert nh.relative_error(nh.sigmoid_prime(z), numeric).max() < 1e-7


def test_relu_prime_matches_numerical_derivative_away_from_zero():
    # ReLU has no derivative at 0; the central difference is 0.5 there, so keep |z| > h
    z = np.array([[-3.0, -0.5, -1e-3], [1e-3, 0.5, 3.0]])
    numeric = _elementwise_numerical_derivative(nh.relu, z)
    assert nh.relative_error(nh.relu_prime(z), numeric).max() < 1e-7


# --- sigmoid_prime in the tails (issue 11, section 2) ---------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_prime_keeps_its_precision_in_the_right_tail(dtype):
    z = np.array([5.0, 20.0, 30.0, 50.0], dtype=dtype)
    exact = np.exp(-z.astype(np.float64)) / (1 + np.exp(-z.astype(np.float64))) ** 2
    got = nh.sigmoid_prime(z)
    assert got.dtype == dtype
    np.testing.assert_allclose(got, exact, rtol=1e-6 if dtype == np.float32 else 1e-14)
    # the textbook s (1 - s) is exactly 0 there once sigma(z) rounds to 1
    s = nh.sigmoid(z)
    assert (s * (1 - s))[1 if dtype == np.float32 else 3] == 0.0


def test_sigmoid_prime_is_even_and_finite_everywhere():
    z = np.array([-1000.0, -40.0, -3.0, 0.0, 3.0, 40.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is the right answer
        d = nh.sigmoid_prime(z)
    np.testing.assert_array_equal(d, d[::-1])
    assert d[3] == 0.25 and d[0] == 0.0
    assert nh.sigmoid_prime(np.float32(20.0)) == pytest.approx(2.0611537e-09, rel=1e-6)
