"""Tests for nnhelpers.networks: the one-hidden-layer network of chapters 06-07."""
import warnings

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.networks import (back_propagate, feed_forward, initialize_network,
                                network_loss_and_grads, predict)


def small_problem(n_x=4, n_h=3, n_y=3, m=5, seed=0, dtype=np.float64, output="softmax"):
    rng = np.random.default_rng(seed)
    params = initialize_network(n_x, n_h, n_y, "randn", seed=seed, dtype=dtype)
    # non-zero biases, so that their gradients are checked at a generic point
    params["b1"] += rng.standard_normal(params["b1"].shape).astype(dtype)
    params["b2"] += rng.standard_normal(params["b2"].shape).astype(dtype)
    X = rng.standard_normal((n_x, m)).astype(dtype)
    if output == "softmax":
        Y = nh.one_hot(rng.integers(0, n_y, m), n_y, dtype=dtype)
    else:
        Y = rng.integers(0, 2, (n_y, m)).astype(dtype)
    return params, X, Y


# --- initialisation -----------------------------------------------------------------------

def test_initialize_shapes_dtype_and_zero_biases():
    params = initialize_network(784, 64, 10, seed=138)
    assert {k: v.shape for k, v in params.items()} == {
        "W1": (64, 784), "b1": (64, 1), "W2": (10, 64), "b2": (10, 1)}
    assert all(v.dtype == np.float32 for v in params.values())
    assert not params["b1"].any() and not params["b2"].any()


def test_initialize_schemes_have_the_stated_variance():
    randn = initialize_network(784, 64, 10, "randn", seed=1, dtype=np.float64)
    scaled = initialize_network(784, 64, 10, "one_over_n", seed=1, dtype=np.float64)
    assert randn["W1"].var() == pytest.approx(1.0, rel=0.02)
    assert scaled["W1"].var() == pytest.approx(1 / 784, rel=0.02)
    assert scaled["W2"].var() == pytest.approx(1 / 64, rel=0.1)
    # the same draws, only scaled by sqrt(1/n_in)
    np.testing.assert_allclose(scaled["W1"], randn["W1"] / np.sqrt(784))
    np.testing.assert_allclose(scaled["W2"], randn["W2"] / np.sqrt(64))


def test_initialize_is_reproducible_and_dtype_independent():
    a = initialize_network(5, 4, 3, seed=7)
    b = initialize_network(5, 4, 3, seed=7)
    c = initialize_network(5, 4, 3, seed=8)
    d = initialize_network(5, 4, 3, seed=7, dtype=np.float64)
    assert np.array_equal(a["W1"], b["W1"]) and not np.array_equal(a["W1"], c["W1"])
    assert np.array_equal(a["W2"], d["W2"].astype(np.float32))
    rng = np.random.default_rng(7)
    assert np.array_equal(initialize_network(5, 4, 3, seed=rng)["W1"], a["W1"])


def test_a_legacy_random_state_draws_the_notes_weights():
    # The notes: np.random.seed(138); W1 = np.random.randn(n_h, n_x); W2 = np.random.randn(n_y, n_h)
    notes = np.random.RandomState(138)  # the generator that np.random.seed(138) reseeds
    W1, W2 = notes.randn(4, 5), notes.randn(3, 4)
    params = initialize_network(5, 4, 3, seed=np.random.RandomState(138), dtype=np.float64)
    assert np.array_equal(params["W1"], W1) and np.array_equal(params["W2"], W2)


@pytest.mark.parametrize("kwargs, message", [
    ({"n_x": 0}, "n_x must be a positive integer"),
    ({"n_h": 2.5}, "n_h must be a positive integer"),
    ({"scheme": "xavier"}, "LeCun"),
    ({"scheme": "uniform"}, "scheme must be one of"),
    ({"dtype": np.int32}, "dtype must be a floating-point type"),
])
def test_initialize_rejects_bad_arguments(kwargs, message):
    arguments = {"n_x": 3, "n_h": 2, "n_y": 2, **kwargs}
    with pytest.raises(ValueError, match=message):
        initialize_network(**arguments)


# --- forward pass -------------------------------------------------------------------------

def test_feed_forward_shapes_and_values():
    params, X, _ = small_problem(m=6)
    cache = feed_forward(params, X)
    assert {k: v.shape for k, v in cache.items()} == {
        "Z1": (3, 6), "A1": (3, 6), "Z2": (3, 6), "A2": (3, 6)}
    np.testing.assert_allclose(cache["Z1"], params["W1"] @ X + params["b1"])
    np.testing.assert_allclose(cache["A1"], nh.sigmoid(cache["Z1"]), rtol=1e-15)
    np.testing.assert_allclose(cache["Z2"], params["W2"] @ cache["A1"] + params["b2"])
    np.testing.assert_allclose(cache["A2"], nh.softmax(cache["Z2"]))
    np.testing.assert_allclose(cache["A2"].sum(axis=0), 1.0)
    sig = feed_forward(params, X, output="sigmoid")
    np.testing.assert_allclose(sig["A2"], nh.sigmoid(sig["Z2"]))


def test_known_values_by_hand():
    # One input, one hidden unit, two classes, weights chosen so every value is simple.
    params = {"W1": np.array([[2.0]]), "b1": np.array([[-2.0]]),
              "W2": np.array([[1.0], [-1.0]]), "b2": np.array([[0.0], [0.0]])}
    cache = feed_forward(params, np.array([[1.0, 2.0]]))
    np.testing.assert_allclose(cache["Z1"], [[0.0, 2.0]])
    s2 = 1 / (1 + np.exp(-2.0))
    np.testing.assert_allclose(cache["A1"], [[0.5, s2]])
    # softmax of (a, -a) is (sigmoid(2a), sigmoid(-2a))
    np.testing.assert_allclose(cache["A2"][0], 1 / (1 + np.exp(-2 * np.array([0.5, s2]))))


def test_extreme_inputs_give_no_warnings_and_finite_values():
    params, X, Y = small_problem()
    params["W1"] *= 1e4  # hidden pre-activations in the thousands, of both signs
    params["W2"] *= 1e4
    binary = {**params, "W2": params["W2"][:1], "b2": params["b2"][:1]}
    for dtype in (np.float64, np.float32):
        p = {k: v.astype(dtype) for k, v in params.items()}
        b = {k: v.astype(dtype) for k, v in binary.items()}
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            cache = feed_forward(p, X.astype(dtype))
            loss, grads = network_loss_and_grads(p, X.astype(dtype), Y)
            loss_b, grads_b = network_loss_and_grads(b, X.astype(dtype), Y[:1], output="sigmoid")
        assert ((cache["A1"] >= 0) & (cache["A1"] <= 1)).all()
        assert np.isfinite(loss) and np.isfinite(loss_b)
        assert all(np.isfinite(g).all() for g in [*grads.values(), *grads_b.values()])


# --- backward pass: gradient checks -------------------------------------------------------

@pytest.mark.parametrize("output, n_y, m", [("softmax", 3, 5), ("softmax", 4, 1), ("sigmoid", 1, 6),
                                            ("sigmoid", 2, 3)])
def test_back_propagate_passes_a_gradient_check(output, n_y, m):
    params, X, Y = small_problem(n_y=n_y, m=m, output=output)
    loss, grads = network_loss_and_grads(params, X, Y, output=output)
    table = nh.gradient_check(lambda: network_loss_and_grads(params, X, Y, output=output)[0],
                              params, grads)
    assert len(table) == sum(v.size for v in params.values())
    # an entry as small as 6e-5 carries rounding error ~ eps * loss / h = 5e-11 at h = 1e-5,
    # i.e. a relative error near 1e-7: the bound is for the worst entry, the median is far lower
    assert table["relative_error"].max() < 1e-6
    assert table["relative_error"].median() < 1e-8


def test_batch_size_comes_from_the_data():
    # The same network, two batch sizes: each gradient is the mean over ITS columns.
    params, X, Y = small_problem(m=7)
    for m in (7, 3, 1):
        _, grads = network_loss_and_grads(params, X[:, :m], Y[:, :m])
        per_sample = [network_loss_and_grads(params, X[:, [j]], Y[:, [j]])[1] for j in range(m)]
        for key in grads:
            np.testing.assert_allclose(grads[key], np.mean([g[key] for g in per_sample], axis=0),
                                       rtol=1e-12, atol=1e-15)


def test_back_propagate_equations_and_cache_untouched():
    params, X, Y = small_problem(m=4)
    cache = feed_forward(params, X)
    saved = {k: v.copy() for k, v in cache.items()}
    grads = back_propagate(params, X, Y, cache)
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (params["W2"].T @ dZ2) * nh.sigmoid_prime(cache["Z1"])
    np.testing.assert_allclose(grads["dW2"], dZ2 @ cache["A1"].T / m)
    np.testing.assert_allclose(grads["db2"], dZ2.sum(axis=1, keepdims=True) / m)
    np.testing.assert_allclose(grads["dW1"], dZ1 @ X.T / m)
    np.testing.assert_allclose(grads["db1"], dZ1.sum(axis=1, keepdims=True) / m)
    for k in cache:
        assert np.array_equal(cache[k], saved[k])


def test_loss_is_the_cross_entropy_of_the_forward_pass():
    params, X, Y = small_problem()
    loss, _ = network_loss_and_grads(params, X, Y)
    assert loss == pytest.approx(nh.cross_entropy(Y, feed_forward(params, X)["A2"]))
    Yb = Y[:1]
    pb = {**params, "W2": params["W2"][:1], "b2": params["b2"][:1]}
    loss_b, _ = network_loss_and_grads(pb, X, Yb, output="sigmoid")
    assert loss_b == pytest.approx(nh.binary_cross_entropy(Yb, feed_forward(pb, X, "sigmoid")["A2"]))


def test_float32_stays_float32_even_with_float64_labels():
    params, X, Y = small_problem(dtype=np.float32)
    cache = feed_forward(params, X)
    assert all(v.dtype == np.float32 for v in cache.values())
    _, grads = network_loss_and_grads(params, X, Y.astype(np.float64))
    assert all(g.dtype == np.float32 for g in grads.values())
    _, grads = network_loss_and_grads(params, X, Y.astype(np.int64))
    assert all(g.dtype == np.float32 for g in grads.values())


def test_f_ordered_X_gives_the_same_gradients():
    params, X, Y = small_problem(m=9)
    _, a = network_loss_and_grads(params, np.ascontiguousarray(X), Y)
    _, b = network_loss_and_grads(params, np.asfortranarray(X), np.asfortranarray(Y))
    for k in a:
        np.testing.assert_allclose(a[k], b[k], rtol=1e-13)


# --- predictions --------------------------------------------------------------------------

def test_predict_softmax_and_sigmoid():
    params, X, _ = small_problem(m=8)
    labels = predict(params, X)
    assert labels.shape == (8,) and labels.dtype.kind == "i"
    assert np.array_equal(labels, np.argmax(feed_forward(params, X)["A2"], axis=0))
    pb = {**params, "W2": params["W2"][:1], "b2": params["b2"][:1]}
    yes = predict(pb, X, output="sigmoid")
    assert yes.shape == (8,)
    assert np.array_equal(yes, (feed_forward(pb, X, "sigmoid")["A2"][0] > 0.5).astype(int))
    with pytest.raises(ValueError, match="output='sigmoid' predicts one yes/no label"):
        predict(params, X, output="sigmoid")


# --- bad input ----------------------------------------------------------------------------

def test_bad_shapes_are_named():
    params = initialize_network(784, 64, 10, seed=0)
    X = np.zeros((784, 5), dtype=np.float32)
    wrong = {**params, "W1": np.zeros((64, 785), dtype=np.float32)}
    with pytest.raises(ValueError, match=r"X has 784 rows but W1 has shape \(64, 785\).*or W1 shape \(64, 784\)"):
        feed_forward(wrong, X)
    with pytest.raises(ValueError, match=r"X must be a 2-D array .* got shape \(784,\)"):
        feed_forward(params, X[:, 0])
    with pytest.raises(ValueError, match=r"b1 has shape \(64,\) .* must have shape \(64, 1\)"):
        feed_forward({**params, "b1": np.zeros(64, dtype=np.float32)}, X)
    with pytest.raises(ValueError, match=r"b1 has shape \(1, 64\)"):
        feed_forward({**params, "b1": np.zeros((1, 64), dtype=np.float32)}, X)
    with pytest.raises(ValueError, match=r"W2 has shape \(64, 10\) but must have shape \(10, 64\).*transposed"):
        feed_forward({**params, "W2": params["W2"].T.copy()}, X)
    with pytest.raises(ValueError, match=r"b2 has shape \(10,\)"):
        feed_forward({**params, "b2": np.zeros(10, dtype=np.float32)}, X)
    with pytest.raises(ValueError, match="b2 missing"):
        feed_forward({k: v for k, v in params.items() if k != "b2"}, X)


def test_the_transposed_weights_are_blamed_not_the_bias():
    # issue 13, item 3: W1 transposed ((3, 4) instead of (4, 3)) used to be reported as b1's fault
    params = initialize_network(3, 4, 2, seed=0)
    X = np.zeros((3, 5), dtype=np.float32)
    wrong = {**params, "W1": params["W1"].T.copy()}
    for call in (lambda: feed_forward(wrong, X), lambda: predict(wrong, X),
                 lambda: network_loss_and_grads(wrong, X, np.eye(2, dtype=np.float32)[:, [0, 1, 0, 1, 0]])):
        with pytest.raises(ValueError, match=r"^W1 has shape \(3, 4\) but must have shape \(4, 3\).*W1\.T"):
            call()
    with pytest.raises(ValueError, match=r"^b2 has shape \(4, 1\) but must have shape \(2, 1\)"):
        feed_forward({**params, "b2": np.zeros((4, 1), dtype=np.float32)}, X)
    with pytest.raises(ValueError, match=r"^X has shape \(5, 3\).*looks transposed"):
        feed_forward(params, X.T.copy())


def test_swapped_arguments_are_named():
    params = initialize_network(3, 4, 2, seed=0)
    X = np.zeros((3, 5), dtype=np.float32)
    for call in (lambda: feed_forward(X, params), lambda: predict(X, params),
                 lambda: network_loss_and_grads(X, params, np.zeros((2, 5)))):
        with pytest.raises(ValueError, match="arguments look swapped"):
            call()


def test_bad_labels_are_named():
    params, X, Y = small_problem(m=5)
    with pytest.raises(ValueError, match=r"Y has shape \(5, 3\) .* must have shape \(3, 5\).*transposed"):
        network_loss_and_grads(params, X, Y.T)
    pb = {**params, "W2": params["W2"][:1], "b2": params["b2"][:1]}
    with pytest.raises(ValueError, match=r"Y has shape \(5,\) .* \(1, 5\).*reshape"):
        network_loss_and_grads(pb, X, Y[0], output="sigmoid")


def test_dtype_mismatch_and_bad_outputs_are_named():
    params, X, Y = small_problem(dtype=np.float32)
    with pytest.raises(ValueError, match="X has dtype float64 but the parameters are float32"):
        feed_forward(params, X.astype(np.float64))
    with pytest.raises(ValueError, match="output must be 'sigmoid' or 'softmax'"):
        feed_forward(params, X, output="relu")
    pb = {**params, "W2": params["W2"][:1], "b2": params["b2"][:1]}
    with pytest.raises(ValueError, match="softmax over a single output unit"):
        feed_forward(pb, X)
    with pytest.raises(ValueError, match="mix dtypes"):
        feed_forward({**params, "b2": params["b2"].astype(np.float64)}, X)
    cache = feed_forward(params, X)
    with pytest.raises(ValueError, match="run feed_forward first"):
        back_propagate(params, X[:, :2], Y[:, :2], cache)


# --- adversarial review: swapped arguments, targets, cache (defects 1-3, 5, 6, 8, 17) -------------

def _review_problem():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4, 5))
    Y = nh.one_hot(np.array([0, 1, 1, 0, 1]), 2, dtype=float)
    P = initialize_network(4, 3, 2, seed=0, dtype=np.float64)
    return P, X, Y


@pytest.mark.parametrize("call", [
    lambda P, X, Y: feed_forward(P, "softmax", X),
    lambda P, X, Y: network_loss_and_grads(P, X, "softmax", Y),
    lambda P, X, Y: network_loss_and_grads(P, Y, X),
    lambda P, X, Y: back_propagate(P, X, feed_forward(P, X), Y),
    lambda P, X, Y: back_propagate(P, X, Y, "softmax", feed_forward(P, X)),
    lambda P, X, Y: nh.gradient_check(nh.network_loss_and_grads, P, X=Y, Y=X),
])
def test_swapped_arguments_are_named(call):
    P, X, Y = _review_problem()
    with pytest.raises(ValueError, match="look swapped") as info:
        call(P, X, Y)
    assert "[[" not in str(info.value) and "array([" not in str(info.value)  # no array printed


def test_back_propagate_empty_cache_is_a_named_value_error():
    P, X, Y = _review_problem()
    with pytest.raises(ValueError, match="cache must be the dict returned by feed_forward"):
        back_propagate(P, X, Y, {})


def test_back_propagate_checks_output_against_the_cache():
    P, X, Y = _review_problem()
    with pytest.raises(ValueError, match="output='sigmoid'"):
        back_propagate(P, X, Y, feed_forward(P, X, output="sigmoid"), output="softmax")
    # the right pair still works, with the same numbers as network_loss_and_grads
    grads = back_propagate(P, X, Y, feed_forward(P, X))
    assert np.array_equal(grads["dW1"], network_loss_and_grads(P, X, Y)[1]["dW1"])


@pytest.mark.parametrize("function", ["network_loss_and_grads", "back_propagate"])
def test_targets_checked_like_the_loss_and_the_message_names_the_caller(function):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4, 5))
    P1 = initialize_network(4, 3, 1, seed=0, dtype=np.float64)
    digits = np.array([[0, 2, 1, 0, 1.]])
    call = {"network_loss_and_grads": lambda Y: network_loss_and_grads(P1, X, Y, output="sigmoid"),
            "back_propagate": lambda Y: back_propagate(P1, X, Y, feed_forward(P1, X, "sigmoid"), "sigmoid")}
    with pytest.raises(ValueError, match=f"^{function}: .*nh.binary_labels"):
        call[function](digits)
    P, X, Y = _review_problem()
    multi_hot = np.array([[1, 1, 0, 1, 0], [1, 0, 1, 1, 0]], float)
    call = {"network_loss_and_grads": lambda Y: network_loss_and_grads(P, X, Y),
            "back_propagate": lambda Y: back_propagate(P, X, Y, feed_forward(P, X))}
    with pytest.raises(ValueError, match=f"^{function}: .*one-hot"):
        call[function](multi_hot)


def test_integer_X_message_suggests_a_float_fix():
    P, X, Y = _review_problem()
    with pytest.raises(ValueError, match=r"X.astype\(np.float64\)") as info:
        feed_forward(P, X.astype(int))
    assert "dtype=np.int64" not in str(info.value)
