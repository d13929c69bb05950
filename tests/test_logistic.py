"""Tests for nnhelpers.logistic: known values, a gradient check, training, shapes and dtypes."""
import numpy as np
import pytest

import nnhelpers as nh

from nnhelpers.gradients import gradient_check
from nnhelpers.logistic import (
    initialize_logistic,
    logistic_forward,
    logistic_gradients,
    predict_logistic,
    train_logistic,
)


def small_problem(n_x=5, m=9, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m)).astype(dtype)
    Y = (rng.random((1, m)) < 0.5).astype(dtype)
    params = {"W": rng.standard_normal((1, n_x)).astype(dtype),
              "b": rng.standard_normal((1, 1)).astype(dtype)}
    return params, X, Y


def separable_problem(m=200, seed=1, dtype=np.float64):
    """Two features; class 1 exactly when x0 + x1 > 0, with a margin."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(2, m)).astype(dtype)
    X = X[:, np.abs(X.sum(axis=0)) > 0.2]
    Y = (X.sum(axis=0, keepdims=True) > 0).astype(dtype)
    return X, Y


# --- initialize_logistic --------------------------------------------------------------------

def test_initialize_shapes_dtype_and_scale():
    params = initialize_logistic(784, seed=0, dtype=np.float32)
    assert params["W"].shape == (1, 784) and params["b"].shape == (1, 1)
    assert params["W"].dtype == np.float32 and params["b"].dtype == np.float32
    assert np.all(params["b"] == 0)
    assert 0.008 < params["W"].std() < 0.012  # randn * 0.01


def test_initialize_is_reproducible_through_the_seed():
    a = initialize_logistic(10, seed=3)["W"]
    b = initialize_logistic(10, seed=np.random.default_rng(3))["W"]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, initialize_logistic(10, seed=4)["W"])


def test_initialize_bad_arguments():
    with pytest.raises(ValueError, match="n_features"):
        initialize_logistic(0)
    with pytest.raises(ValueError, match="n_features"):
        initialize_logistic(2.5)
    with pytest.raises(ValueError, match="floating"):
        initialize_logistic(3, dtype=int)


# --- forward and gradients: known values ----------------------------------------------------

def test_forward_known_values():
    params = {"W": np.array([[1.0, -1.0]]), "b": np.array([[0.5]])}
    X = np.array([[0.0, 2.0, 0.0],
                  [0.0, 0.0, 3.0]])
    # Z = [0.5, 2.5, -2.5]
    A = logistic_forward(params, X)
    assert A.shape == (1, 3)
    np.testing.assert_allclose(A, 1 / (1 + np.exp(-np.array([[0.5, 2.5, -2.5]]))))


def test_gradients_at_zero_parameters_by_hand():
    # W = 0, b = 0: every a = 1/2, loss = log 2, dZ = 1/2 - y
    params = {"W": np.zeros((1, 2)), "b": np.zeros((1, 1))}
    X = np.array([[1.0, 2.0],
                  [0.0, 1.0]])
    Y = np.array([[1.0, 0.0]])
    loss, grads = logistic_gradients(params, X, Y)
    assert loss == pytest.approx(np.log(2))
    # dZ = [-1/2, 1/2]; dW = (1/2) [(-1/2)(1) + (1/2)(2), (-1/2)(0) + (1/2)(1)] = [1/4, 1/4]
    np.testing.assert_allclose(grads["dW"], [[0.25, 0.25]])
    np.testing.assert_allclose(grads["db"], [[0.0]])
    assert grads["dW"].shape == (1, 2) and grads["db"].shape == (1, 1)


def test_gradients_match_the_loop_of_the_notes():
    """The notes' per-sample loop: dz = a - y; dw += x dz; db += dz; then divide by m."""
    params, X, Y = small_problem()
    loss, grads = logistic_gradients(params, X, Y)
    n_x, m = X.shape
    dw, db, J = np.zeros(n_x), 0.0, 0.0
    for i in range(m):
        a = 1 / (1 + np.exp(-(params["W"][0] @ X[:, i] + params["b"][0, 0])))
        J -= Y[0, i] * np.log(a) + (1 - Y[0, i]) * np.log(1 - a)
        dz = a - Y[0, i]
        dw += X[:, i] * dz
        db += dz
    np.testing.assert_allclose(grads["dW"][0], dw / m)
    np.testing.assert_allclose(grads["db"][0, 0], db / m)
    assert loss == pytest.approx(J / m)


def test_gradient_check_float64():
    params, X, Y = small_problem(n_x=6, m=11)
    _, grads = logistic_gradients(params, X, Y)
    table = gradient_check(lambda: logistic_gradients(params, X, Y)[0], params, grads)
    assert len(table) == 6 + 1
    assert table["relative_error"].max() < 1e-7


def test_gradients_do_not_modify_inputs():
    params, X, Y = small_problem()
    copies = {k: v.copy() for k, v in params.items()}, X.copy(), Y.copy()
    logistic_gradients(params, X, Y)
    np.testing.assert_array_equal(params["W"], copies[0]["W"])
    np.testing.assert_array_equal(X, copies[1])
    np.testing.assert_array_equal(Y, copies[2])


def test_float32_stays_float32_even_with_float64_parameters_or_int_labels():
    params, X, Y = small_problem(dtype=np.float32)
    assert logistic_forward(params, X).dtype == np.float32
    _, grads = logistic_gradients(params, X, Y.astype(np.int64))
    assert grads["dW"].dtype == np.float32 and grads["db"].dtype == np.float32
    params64 = {k: v.astype(np.float64) for k, v in params.items()}
    _, grads = logistic_gradients(params64, X, Y)
    assert grads["dW"].dtype == np.float32


def test_extreme_inputs_give_finite_loss_without_warnings():
    params = {"W": np.array([[1000.0]]), "b": np.zeros((1, 1))}
    X = np.array([[5.0, -5.0, 5.0]])
    Y = np.array([[1.0, 0.0, 0.0]])  # the last one is confidently wrong
    loss, grads = logistic_gradients(params, X, Y)
    assert np.isfinite(loss) and loss > 10
    assert np.all(np.isfinite(grads["dW"])) and np.all(np.isfinite(grads["db"]))
    np.testing.assert_allclose(grads["db"], [[1 / 3]])  # dZ = [0, 0, 1]


# --- shape errors ---------------------------------------------------------------------------

def test_w_as_a_column_is_rejected_with_an_explanation():
    params, X, Y = small_problem(n_x=5)
    params["W"] = params["W"].T
    with pytest.raises(ValueError, match=r"W has shape \(5, 1\).*\(1, 5\)"):
        logistic_forward(params, X)


def test_w_with_wrong_number_of_features():
    params, X, _ = small_problem(n_x=5)
    with pytest.raises(ValueError, match=r"W has shape \(1, 5\) but X has 4 rows"):
        logistic_forward(params, X[:4])
    # a transposed X is blamed on X, not on W
    with pytest.raises(ValueError, match=r"^X has shape \(\d+, 5\).*looks transposed.*X\.T"):
        logistic_forward(params, X.T)


def test_b_of_wrong_shape():
    params, X, _ = small_problem()
    params["b"] = np.zeros((1, X.shape[1]))
    with pytest.raises(ValueError, match=r"b has shape \(1, \d+\) but must have shape \(1, 1\)"):
        logistic_forward(params, X)


def test_labels_as_a_vector_or_wrong_length_are_rejected():
    params, X, Y = small_problem(m=9)
    with pytest.raises(ValueError, match=r"Y has shape \(9,\) but must have shape \(1, 9\).*reshape"):
        logistic_gradients(params, X, Y[0])
    with pytest.raises(ValueError, match=r"Y has 8 labels .* X has 9 samples"):
        logistic_gradients(params, X, Y[:, :8])
    with pytest.raises(ValueError, match=r"Y has shape \(2, 9\) but must have shape \(1, 9\)"):
        logistic_gradients(params, X, np.vstack([Y, Y]))
    with pytest.raises(ValueError, match=r"an \(m, 1\) column.*Y\.T"):
        logistic_gradients(params, X, Y.T)
    with pytest.raises(ValueError, match="0/1 labels.*binary_labels"):
        logistic_gradients(params, X, Y * 7)


def test_swapped_arguments_are_named():
    params, X, Y = small_problem(m=9)
    for call in (lambda: logistic_forward(X, params), lambda: logistic_gradients(X, params, Y),
                 lambda: predict_logistic(X, params), lambda: train_logistic(Y, X, iterations=1)):
        with pytest.raises(ValueError, match="arguments look swapped"):
            call()


def test_x_must_be_2d_and_params_a_dict():
    params, X, _ = small_problem()
    with pytest.raises(ValueError, match="X must be a 2-D"):
        logistic_forward(params, X[0])
    with pytest.raises(ValueError, match="keys 'W'"):
        logistic_forward({"W1": params["W"]}, X)


# --- training and prediction ----------------------------------------------------------------

def test_train_separates_a_separable_problem():
    X, Y = separable_problem()
    params, history = train_logistic(X, Y, learning_rate=1.0, iterations=300, seed=0, record_every=50)
    assert (predict_logistic(params, X) == Y[0]).all()
    assert history["step"] == [0, 50, 100, 150, 200, 250, 300]
    losses = np.array(history["loss"])
    assert np.all(np.diff(losses) < 0)
    assert losses[0] == pytest.approx(np.log(2), abs=0.01)  # W ~ 0.01 randn: A ~ 1/2
    assert set(history) == {"step", "loss"}


def test_train_records_test_loss_and_is_reproducible():
    X, Y = separable_problem(seed=2)
    X_test, Y_test = separable_problem(seed=3)
    p1, h1 = train_logistic(X, Y, iterations=20, seed=5, X_test=X_test, Y_test=Y_test, record_every=10)
    p2, h2 = train_logistic(X, Y, iterations=20, seed=5, X_test=X_test, Y_test=Y_test, record_every=10)
    assert h1["step"] == [0, 10, 20] and len(h1["test_loss"]) == 3
    assert h1 == h2
    np.testing.assert_array_equal(p1["W"], p2["W"])
    assert h1["test_loss"][-1] < h1["test_loss"][0]


def test_train_matches_a_hand_written_loop():
    params, X, Y = small_problem(n_x=3, m=20, seed=4)
    trained, history = train_logistic(X, Y, learning_rate=0.5, iterations=7, seed=9, record_every=7)
    start = initialize_logistic(3, seed=9)
    W, b = start["W"].copy(), start["b"].copy()
    for _ in range(7):
        A = 1 / (1 + np.exp(-(W @ X + b)))
        W -= 0.5 * (A - Y) @ X.T / 20
        b -= 0.5 * np.sum(A - Y, axis=1, keepdims=True) / 20
    np.testing.assert_allclose(trained["W"], W)
    np.testing.assert_allclose(trained["b"], b)


def test_train_keeps_float32():
    X, Y = separable_problem(dtype=np.float32)
    params, history = train_logistic(X, Y, iterations=5, seed=0)
    assert params["W"].dtype == np.float32 and params["b"].dtype == np.float32
    assert all(isinstance(v, float) for v in history["loss"])


def test_train_bad_arguments():
    X, Y = separable_problem()
    with pytest.raises(ValueError, match="both X_test and Y_test"):
        train_logistic(X, Y, iterations=1, X_test=X)
    with pytest.raises(ValueError, match="X_test has 3 rows.*X has 2"):
        train_logistic(X, Y, iterations=1, X_test=np.zeros((3, 4)), Y_test=np.zeros((1, 4)))
    with pytest.raises(ValueError, match="iterations"):
        train_logistic(X, Y, iterations=-1)
    with pytest.raises(ValueError, match="samples"):
        train_logistic(X, Y[:, :-1], iterations=1)


def test_predict_returns_int_vector_and_uses_threshold():
    params = {"W": np.array([[1.0]]), "b": np.zeros((1, 1))}
    X = np.array([[-2.0, -0.1, 0.1, 2.0]])
    pred = predict_logistic(params, X)
    assert pred.shape == (4,) and pred.dtype == np.int64
    np.testing.assert_array_equal(pred, [0, 0, 1, 1])
    np.testing.assert_array_equal(predict_logistic(params, X, threshold=0.8), [0, 0, 0, 1])  # sigmoid(2) = 0.88
    with pytest.raises(ValueError, match="threshold"):
        predict_logistic(params, X, threshold=1.0)


# --- adversarial review: swapped arguments (defect 3) -------------------------------------------

def test_logistic_swaps_are_named_without_printing_arrays():
    X = np.random.default_rng(0).normal(size=(4, 5))
    Y = np.array([[0, 1, 1, 0, 1.]])
    L = nh.initialize_logistic(4, seed=0)
    with pytest.raises(ValueError, match="look swapped"):
        nh.logistic_gradients(L, Y, X)
    with pytest.raises(ValueError, match="look swapped") as info:
        nh.predict_logistic(L, 0.5, X)
    assert "[[" not in str(info.value)
    with pytest.raises(ValueError, match="threshold must lie") as info:
        nh.predict_logistic(L, X, X)
    assert "[[" not in str(info.value)


# --- adversarial review: scale checked, rng= refused everywhere (defects 12, 13) -----------------

@pytest.mark.parametrize("scale", ["0.01", -1, True, float("nan")])
def test_initialize_logistic_scale_must_be_a_number_at_least_0(scale):
    with pytest.raises(ValueError, match="scale must be a number >= 0"):
        nh.initialize_logistic(4, scale=scale)


def test_train_logistic_rng_keyword_says_seed():
    with pytest.raises(TypeError, match="now called seed="):
        nh.train_logistic(np.ones((2, 4)), np.array([[0, 1, 0, 1]]), rng=1)
