"""Tests for nnhelpers.training: the generic gradient-descent and mini-batch SGD loops."""
import functools

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.training import gradient_descent, minibatch_sgd


# --- tiny models whose gradients are known exactly ---------------------------------------

def linear_loss_and_grads(params, X, Y):
    """Mean squared error of Y_hat = W @ X + b, halved: gradients (W X + b - Y) X.T / m, ..."""
    m = X.shape[1]
    error = params["W"] @ X + params["b"] - Y
    loss = 0.5 * float(np.sum(error ** 2)) / m
    return loss, {"dW": error @ X.T / m, "db": error.sum(axis=1, keepdims=True) / m}


def linear_problem(m=50, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((3, m)).astype(dtype)
    W_true = np.array([[1.0, -2.0, 0.5]])
    Y = (W_true @ X + 0.3).astype(dtype)
    params = {"W": np.zeros((1, 3), dtype=dtype), "b": np.zeros((1, 1), dtype=dtype)}
    return params, X, Y


class BatchRecorder:
    """A loss_and_grads that records which samples (columns) each batch held.

    Row 0 of X holds each sample's index, so a batch's indices are X_batch[0].
    """

    def __init__(self):
        self.batches = []

    def __call__(self, params, X, Y):
        self.batches.append(X[0].astype(int).copy())
        return 0.0, {"dw": np.zeros_like(params["w"])}


def indexed_data(m):
    X = np.vstack([np.arange(m, dtype=np.float64), np.ones(m)])
    return X, np.zeros((1, m))


# --- mini-batch SGD -----------------------------------------------------------------------

@pytest.mark.parametrize("m, batch_size", [(10, 3), (12, 4), (7, 7), (5, 100), (60000 // 1000, 128)])
def test_every_sample_used_exactly_once_per_epoch(m, batch_size):
    X, Y = indexed_data(m)
    recorder = BatchRecorder()
    minibatch_sgd({"w": np.zeros(1)}, X, Y, recorder, learning_rate=0.1, epochs=3,
                  batch_size=batch_size, seed=0)
    per_epoch = -(-m // batch_size)
    assert len(recorder.batches) == 3 * per_epoch
    for epoch in range(3):
        batches = recorder.batches[epoch * per_epoch:(epoch + 1) * per_epoch]
        assert np.array_equal(np.sort(np.concatenate(batches)), np.arange(m))
        sizes = [len(b) for b in batches]
        # full batches, then what is left: the last one may be smaller, never empty
        assert sizes[:-1] == [min(batch_size, m)] * (per_epoch - 1)
        assert sizes[-1] == m - batch_size * (per_epoch - 1)


def test_batches_are_reshuffled_every_epoch_and_reproducible_with_a_seed():
    X, Y = indexed_data(20)
    first, again, other = BatchRecorder(), BatchRecorder(), BatchRecorder()
    for recorder, seed in ((first, 5), (again, 5), (other, 6)):
        minibatch_sgd({"w": np.zeros(1)}, X, Y, recorder, 0.1, epochs=2, batch_size=20, seed=seed)
    assert not np.array_equal(first.batches[0], first.batches[1])  # a new order each epoch
    assert all(np.array_equal(a, b) for a, b in zip(first.batches, again.batches))
    assert not np.array_equal(first.batches[0], other.batches[0])


def test_shuffle_order_is_rng_permutation_per_epoch():
    # Documented, so that another library can be fed the very same batches.
    X, Y = indexed_data(10)
    recorder = BatchRecorder()
    minibatch_sgd({"w": np.zeros(1)}, X, Y, recorder, 0.1, epochs=2, batch_size=4, seed=3)
    rng = np.random.default_rng(3)
    expected = np.concatenate([rng.permutation(10), rng.permutation(10)])
    assert np.array_equal(np.concatenate(recorder.batches), expected)


def test_a_generator_can_be_passed_as_seed():
    params, X, Y = linear_problem()
    a, _ = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.1, 2, 8, seed=np.random.default_rng(4))
    b, _ = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.1, 2, 8, seed=4)
    assert np.array_equal(a["W"], b["W"])


def test_a_legacy_random_state_continues_its_stream():
    # Weights first, then one permutation per epoch, from one RandomState: the notes' order.
    X, Y = indexed_data(10)
    recorder = BatchRecorder()
    stream = np.random.RandomState(138)
    stream.standard_normal(3)  # as if the weights had been drawn from it
    minibatch_sgd({"w": np.zeros(1)}, X, Y, recorder, 0.1, epochs=2, batch_size=4, seed=stream)
    replay = np.random.RandomState(138)
    replay.standard_normal(3)
    expected = np.concatenate([replay.permutation(10), replay.permutation(10)])
    assert np.array_equal(np.concatenate(recorder.batches), expected)


def manual_momentum_sgd(params, X, Y, learning_rate, epochs, batch_size, beta, seed):
    """The notes' loop, written out (without the dropped sample)."""
    params = {k: v.copy() for k, v in params.items()}
    velocity = {k: np.zeros_like(v) for k, v in params.items()}
    rng = np.random.default_rng(seed)
    m = X.shape[1]
    for _ in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size]
            _, grads = linear_loss_and_grads(params, X[:, batch], Y[:, batch])
            for k in params:
                velocity[k] = beta * velocity[k] + (1 - beta) * grads["d" + k]
                params[k] = params[k] - learning_rate * velocity[k]
    return params


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9])
def test_matches_the_written_out_momentum_loop(beta):
    params, X, Y = linear_problem(m=23)
    trained, _ = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.2, epochs=3,
                               batch_size=5, beta=beta, seed=11)
    expected = manual_momentum_sgd(params, X, Y, 0.2, 3, 5, beta, 11)
    for k in params:
        np.testing.assert_allclose(trained[k], expected[k], rtol=1e-12, atol=1e-14)


def test_momentum_formula_with_a_constant_gradient():
    # grad = g always, V_0 = 0: V_n = (1 - beta**n) g, so after n steps
    # w_n = w_0 - lr * g * sum_{k=1..n} (1 - beta**k). Without the (1 - beta)
    # factor the steps would be 10x larger for beta = 0.9.
    g, lr, beta, n = 2.0, 0.1, 0.9, 7

    def constant(params, X, Y):
        return 0.0, {"dw": np.full_like(params["w"], g)}

    X, Y = indexed_data(n)  # batch size 1: n steps in one epoch
    trained, _ = minibatch_sgd({"w": np.zeros(1)}, X, Y, constant, lr, epochs=1, batch_size=1,
                               beta=beta, seed=0)
    expected = -lr * g * sum(1 - beta ** k for k in range(1, n + 1))
    assert trained["w"][0] == pytest.approx(expected, rel=1e-12)


def test_one_batch_of_everything_is_full_batch_gradient_descent():
    params, X, Y = linear_problem(m=16)
    sgd, _ = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.1, epochs=20, batch_size=16, seed=0)
    gd, _ = gradient_descent(params, X, Y, linear_loss_and_grads, 0.1, iterations=20)
    for k in params:
        np.testing.assert_allclose(sgd[k], gd[k], rtol=1e-10)


def test_minibatch_history_keys_and_values():
    params, X, Y = linear_problem()
    calls = []

    def evaluate(p):
        calls.append(p["W"].copy())
        return {"train_loss": linear_loss_and_grads(p, X, Y)[0], "w0": p["W"][0, 0]}

    trained, history = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.1, epochs=4,
                                     batch_size=8, beta=0.5, seed=1, evaluate=evaluate)
    assert list(history) == ["step", "loss", "train_loss", "w0"]
    assert history["step"] == [1, 2, 3, 4]
    assert all(len(v) == 4 for v in history.values())
    assert all(isinstance(v, float) for v in history["loss"] + history["train_loss"])
    assert history["w0"][-1] == pytest.approx(float(trained["W"][0, 0]))
    assert history["train_loss"][-1] < history["train_loss"][0]
    nh.plot_history(history, keys=["loss", "train_loss"])  # the history is ready to plot
    import matplotlib.pyplot as plt
    plt.close("all")


def test_epoch_loss_is_the_sample_weighted_mean_of_batch_losses():
    X, Y = indexed_data(10)

    def loss_is_batch_size(params, X, Y):
        return float(X.shape[1]), {"dw": np.zeros_like(params["w"])}

    _, history = minibatch_sgd({"w": np.zeros(1)}, X, Y, loss_is_batch_size, 0.1, 1, 4, seed=0)
    # batches of 4, 4, 2: (4*4 + 4*4 + 2*2) / 10
    assert history["loss"] == [pytest.approx(3.6)]


def test_callers_parameters_are_not_modified():
    params, X, Y = linear_problem()
    before = {k: v.copy() for k, v in params.items()}
    trained, _ = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.1, 2, 8, beta=0.9, seed=0)
    trained_gd, _ = gradient_descent(params, X, Y, linear_loss_and_grads, 0.1, 5)
    for k in params:
        assert np.array_equal(params[k], before[k])
        assert not np.shares_memory(trained[k], params[k])
        assert not np.shares_memory(trained_gd[k], params[k])


def test_float32_stays_float32():
    params, X, Y = linear_problem(dtype=np.float32)
    trained, _ = minibatch_sgd(params, X, Y, linear_loss_and_grads, np.float64(0.1), 2, 8,
                               beta=np.float64(0.9), seed=0)
    assert all(v.dtype == np.float32 for v in trained.values())
    trained, _ = gradient_descent(params, X, Y, linear_loss_and_grads, np.float64(0.1), 3)
    assert all(v.dtype == np.float32 for v in trained.values())


def test_c_ordered_and_f_ordered_data_give_the_same_result():
    params, X, Y = linear_problem(m=30)
    a, _ = minibatch_sgd(params, np.ascontiguousarray(X), Y, linear_loss_and_grads, 0.1, 2, 7, seed=2)
    b, _ = minibatch_sgd(params, np.asfortranarray(X), np.asfortranarray(Y), linear_loss_and_grads,
                         0.1, 2, 7, seed=2)
    for k in params:
        assert np.array_equal(a[k], b[k])


def test_zero_epochs_returns_a_copy_and_an_empty_history():
    params, X, Y = linear_problem()
    trained, history = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.1, 0, 8, seed=0)
    assert np.array_equal(trained["W"], params["W"])
    assert history == {"step": [], "loss": []}


def test_trains_the_one_hidden_layer_network():
    # Two well-separated blobs: a 2-4-2 softmax network must separate them.
    rng = np.random.default_rng(0)
    X = np.hstack([rng.normal(-2, 0.5, (2, 40)), rng.normal(2, 0.5, (2, 40))])
    labels = np.repeat([0, 1], 40)
    Y = nh.one_hot(labels, 2, dtype=np.float64)
    params = nh.initialize_network(2, 4, 2, "one_over_n", seed=0, dtype=np.float64)
    trained, history = minibatch_sgd(params, X, Y, nh.network_loss_and_grads, 1.0, epochs=30,
                                     batch_size=16, beta=0.9, seed=0)
    assert history["loss"][-1] < 0.05 < history["loss"][0]
    assert np.array_equal(nh.predict(trained, X), labels)
    # and the binary head through functools.partial
    binary = functools.partial(nh.network_loss_and_grads, output="sigmoid")
    params1 = nh.initialize_network(2, 4, 1, "one_over_n", seed=0, dtype=np.float64)
    trained1, _ = minibatch_sgd(params1, X, labels[None, :].astype(float), binary, 1.0, 30, 16,
                                beta=0.9, seed=0)
    assert np.array_equal(nh.predict(trained1, X, output="sigmoid"), labels)


# --- full-batch gradient descent ----------------------------------------------------------

def test_gradient_descent_matches_the_update_rule():
    params, X, Y = linear_problem()
    expected = {k: v.copy() for k, v in params.items()}
    for _ in range(4):
        _, grads = linear_loss_and_grads(expected, X, Y)
        expected = {k: v - 0.3 * grads["d" + k] for k, v in expected.items()}
    trained, _ = gradient_descent(params, X, Y, linear_loss_and_grads, 0.3, 4)
    for k in params:
        np.testing.assert_allclose(trained[k], expected[k], rtol=1e-13)


@pytest.mark.parametrize("iterations, record_every, steps", [
    (10, 1, list(range(11))),
    (10, 3, [0, 3, 6, 9, 10]),
    (10, 5, [0, 5, 10]),
    (0, 4, [0]),
])
def test_gradient_descent_history(iterations, record_every, steps):
    params, X, Y = linear_problem()
    trained, history = gradient_descent(
        params, X, Y, linear_loss_and_grads, 0.1, iterations, record_every=record_every,
        evaluate=lambda p: {"w1": p["W"][0, 1]})
    assert history["step"] == steps
    assert set(history) == {"step", "loss", "w1"}
    assert len(history["loss"]) == len(history["w1"]) == len(steps)
    # each entry describes the parameters after `step` updates, the last the returned ones
    assert history["loss"][-1] == pytest.approx(linear_loss_and_grads(trained, X, Y)[0])
    assert history["loss"][0] == pytest.approx(linear_loss_and_grads(params, X, Y)[0])
    assert history["w1"][-1] == pytest.approx(float(trained["W"][0, 1]))


def test_gradient_descent_converges_on_a_linear_problem():
    params, X, Y = linear_problem(m=200)
    trained, history = gradient_descent(params, X, Y, linear_loss_and_grads, 0.5, 200, record_every=50)
    np.testing.assert_allclose(trained["W"], [[1.0, -2.0, 0.5]], atol=1e-6)
    np.testing.assert_allclose(trained["b"], [[0.3]], atol=1e-6)
    assert history["loss"] == sorted(history["loss"], reverse=True)


def test_progress_bar_runs(capsys):
    params, X, Y = linear_problem()
    a, _ = gradient_descent(params, X, Y, linear_loss_and_grads, 0.1, 3, progress=True)
    b, _ = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.1, 2, 8, seed=0, progress=True)
    c, _ = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.1, 2, 8, seed=0)
    assert np.array_equal(b["W"], c["W"])


# --- bad input ----------------------------------------------------------------------------

def test_wrong_gradient_keys_or_shapes_are_named():
    params, X, Y = linear_problem()

    def no_d_prefix(p, X, Y):
        loss, grads = linear_loss_and_grads(p, X, Y)
        return loss, {"W": grads["dW"], "b": grads["db"]}

    def transposed(p, X, Y):
        loss, grads = linear_loss_and_grads(p, X, Y)
        return loss, {"dW": grads["dW"].T, "db": grads["db"]}

    with pytest.raises(ValueError, match="no gradient 'dW' for parameter 'W'"):
        gradient_descent(params, X, Y, no_d_prefix, 0.1, 1)
    with pytest.raises(ValueError, match=r"'dW' has shape \(3, 1\) but parameter 'W' has shape \(1, 3\); "
                                         r"'dW' must have shape \(1, 3\)"):
        minibatch_sgd(params, X, Y, transposed, 0.1, 1, 8)


def test_transposed_data_and_swapped_arguments_are_named():
    params, X, Y = linear_problem(m=10)
    f = linear_loss_and_grads
    with pytest.raises(ValueError, match=r"^Y has shape \(10, 1\).*looks transposed.*Y\.T"):
        minibatch_sgd(params, X, Y.T, f, 0.1, 1, 4)
    with pytest.raises(ValueError, match=r"^X has shape \(10, 3\).*looks transposed.*X\.T"):
        gradient_descent(params, X.T, Y, f, 0.1, 1)
    with pytest.raises(ValueError, match="arguments look swapped"):
        gradient_descent(X, params, Y, f, 0.1, 1)
    with pytest.raises(ValueError, match="arguments look swapped: the order is params, X, Y, loss_and_grads"):
        minibatch_sgd(f, X, Y, params, 0.1, 1, 4)


def test_bad_data_and_settings_raise_value_errors():
    params, X, Y = linear_problem(m=10)
    f = linear_loss_and_grads
    with pytest.raises(ValueError, match="X has 10 samples .* Y has 9"):
        minibatch_sgd(params, X, Y[:, :9], f, 0.1, 1, 4)
    with pytest.raises(ValueError, match=r"Y must be a 2-D array .* got shape \(10,\)"):
        gradient_descent(params, X, Y[0], f, 0.1, 1)
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1"):
        minibatch_sgd(params, X, Y, f, 0.1, 1, 0)
    with pytest.raises(ValueError, match="batch_size must be an integer"):
        minibatch_sgd(params, X, Y, f, 0.1, 1, 4.0)
    with pytest.raises(ValueError, match="epochs must be an integer >= 0"):
        minibatch_sgd(params, X, Y, f, 0.1, -1, 4)
    with pytest.raises(ValueError, match=r"beta must be in \[0, 1\)"):
        minibatch_sgd(params, X, Y, f, 0.1, 1, 4, beta=1.0)
    with pytest.raises(ValueError, match="record_every must be an integer >= 1"):
        gradient_descent(params, X, Y, f, 0.1, 1, record_every=0)
    with pytest.raises(ValueError, match="no samples"):
        gradient_descent(params, X[:, :0], Y[:, :0], f, 0.1, 1)
    with pytest.raises(ValueError, match="params must be a non-empty dict"):
        gradient_descent({}, X, Y, f, 0.1, 1)
    with pytest.raises(ValueError, match="already uses; call it e.g. 'train_loss'"):
        gradient_descent(params, X, Y, f, 0.1, 1, evaluate=lambda p: {"loss": 1.0})
    with pytest.raises(ValueError, match="evaluate\\(params\\) must return a dict"):
        minibatch_sgd(params, X, Y, f, 0.1, 1, 4, evaluate=lambda p: 0.5)


# --- learning-rate schedules --------------------------------------------------------------

def test_a_schedule_sets_each_epochs_learning_rate():
    params, X, Y = linear_problem(m=12)
    rates = {1: 0.3, 2: 0.1, 3: 0.05}
    trained, history = minibatch_sgd(params, X, Y, linear_loss_and_grads, lambda epoch: rates[epoch],
                                     epochs=3, batch_size=5, beta=0.5, seed=4)
    assert history["learning_rate"] == [0.3, 0.1, 0.05]
    # the same as three one-epoch calls would be, if the velocity and the shuffles carried over:
    expected = {k: v.copy() for k, v in params.items()}
    velocity = {k: np.zeros_like(v) for k, v in params.items()}
    rng = np.random.default_rng(4)
    for epoch in (1, 2, 3):
        order = rng.permutation(12)
        for start in range(0, 12, 5):
            batch = order[start:start + 5]
            _, grads = linear_loss_and_grads(expected, X[:, batch], Y[:, batch])
            for k in expected:
                velocity[k] = 0.5 * velocity[k] + 0.5 * grads["d" + k]
                expected[k] = expected[k] - rates[epoch] * velocity[k]
    for k in params:
        np.testing.assert_allclose(trained[k], expected[k], rtol=1e-12)


def test_a_constant_schedule_equals_a_constant_rate():
    params, X, Y = linear_problem()
    a, history = minibatch_sgd(params, X, Y, linear_loss_and_grads, lambda epoch: 0.2, 2, 8, seed=0)
    b, plain = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.2, 2, 8, seed=0)
    assert np.array_equal(a["W"], b["W"])
    assert "learning_rate" in history and "learning_rate" not in plain


@pytest.mark.parametrize("rate, message", [
    (0.0, "learning_rate must be a positive number"),
    (-1, "learning_rate must be a positive number"),
    (float("nan"), "learning_rate must be a positive number"),
    ("fast", "learning_rate must be a positive number"),
    (lambda epoch: -0.1, r"learning_rate\(1\) must be a positive number"),
])
def test_bad_learning_rates_are_named(rate, message):
    params, X, Y = linear_problem()
    with pytest.raises(ValueError, match=message):
        minibatch_sgd(params, X, Y, linear_loss_and_grads, rate, 1, 8)
    if not callable(rate):
        with pytest.raises(ValueError, match=message):
            gradient_descent(params, X, Y, linear_loss_and_grads, rate, 1)


# --- held-out data: train_validation_split, keep_best, early stopping ----------------------

def test_split_holds_back_the_first_of_a_permutation_like_the_notes():
    m = 12
    X = np.arange(3 * m, dtype=float).reshape(3, m)
    y = np.arange(m)
    X_train, y_train, X_val, y_val = nh.train_validation_split(X, y, 4, seed=np.random.RandomState(5))
    # the notes: np.random.seed(5); np.random.shuffle(data); data_dev = data[0:4]; data_train = data[4:m]
    data = np.column_stack([y, X.T])
    state = np.random.get_state()
    np.random.seed(5)
    np.random.shuffle(data)
    np.random.set_state(state)
    np.testing.assert_array_equal(y_val, data[:4, 0])
    np.testing.assert_array_equal(X_val, data[:4, 1:].T)
    np.testing.assert_array_equal(y_train, data[4:, 0])
    np.testing.assert_array_equal(X_train, data[4:, 1:].T)
    assert X_train.flags.f_contiguous and X_val.shape == (3, 4)


def test_split_without_shuffle_keeps_the_last_columns_and_2d_labels():
    X = np.arange(20.0).reshape(2, 10)
    Y = np.eye(2)[:, [0, 1] * 5]
    X_train, Y_train, X_val, Y_val = nh.train_validation_split(X, Y, 3, shuffle=False)
    np.testing.assert_array_equal(X_val, X[:, 7:])
    np.testing.assert_array_equal(Y_train, Y[:, :7])
    assert Y_val.shape == (2, 3)
    # every sample lands in exactly one part; the input is untouched
    a = nh.train_validation_split(X, Y, 3, seed=1)
    b = nh.train_validation_split(X, Y, 3, seed=1)
    assert all(np.array_equal(p, q) for p, q in zip(a, b))
    assert sorted(np.concatenate([a[0][0], a[2][0]]).tolist()) == X[0].tolist()


def test_labels_or_their_one_hot_columns_hold_back_the_same_samples():
    # chapters 07 (labels) and 08 (one-hot columns) split with the same seed: the same images
    X = np.arange(40.0).reshape(2, 20)
    y = np.arange(20) % 3
    by_label = nh.train_validation_split(X, y, 5, seed=138)
    by_column = nh.train_validation_split(X, nh.one_hot(y, 3), 5, seed=138)
    np.testing.assert_array_equal(by_label[2], by_column[2])
    np.testing.assert_array_equal(by_label[3], by_column[3].argmax(axis=0))


@pytest.mark.parametrize("Y, n, message", [
    (np.zeros((1, 10)), 0, "n_validation must be an integer from 1 to m - 1 = 9"),
    (np.zeros((1, 10)), 10, "n_validation"),
    (np.zeros((1, 9)), 2, r"Y has shape \(1, 9\) but X has 10 samples"),
    (np.zeros((10, 1)), 2, "looks transposed"),
    (np.zeros(9), 2, r"Y has shape \(9,\)"),
])
def test_split_bad_input(Y, n, message):
    with pytest.raises(ValueError, match=message):
        nh.train_validation_split(np.zeros((2, 10)), Y, n)


def test_split_swapped_arguments():
    with pytest.raises(ValueError, match="look swapped"):
        nh.train_validation_split(np.zeros((2, 10)), 3, np.zeros(10))


def overfitting_problem():
    """A linear model whose validation loss falls, then rises: train on noise-fitting data."""
    rng = np.random.default_rng(1)
    X = rng.standard_normal((3, 40))
    Y = np.array([[1.0, -2.0, 0.5]]) @ X + 0.3
    X_val = rng.standard_normal((3, 30))
    Y_val = np.array([[1.0, -2.0, 0.5]]) @ X_val + 0.3
    params = {"W": np.zeros((1, 3)), "b": np.zeros((1, 1))}
    return params, X, Y, X_val, Y_val


def test_keep_best_returns_the_parameters_of_the_best_recorded_step():
    params, X, Y, X_val, Y_val = overfitting_problem()
    def evaluate(p):
        return {"val_loss": linear_loss_and_grads(p, X_val, Y_val + 1.5)[0]}  # shifted: best mid-way

    last, full = gradient_descent(params, X, Y, linear_loss_and_grads, 0.1, 60, evaluate=evaluate,
                                  record_every=5)
    best, history = gradient_descent(params, X, Y, linear_loss_and_grads, 0.1, 60, evaluate=evaluate,
                                     record_every=5, keep_best="val_loss")
    assert full.best is None and isinstance(history, nh.TrainingHistory)
    assert history["val_loss"] == full["val_loss"]  # without patience nothing else changes
    i = int(np.argmin(full["val_loss"]))
    assert 0 < i < len(full["step"]) - 1  # the test problem really has an interior minimum
    assert history.best["step"] == full["step"][i] and history.best["index"] == i
    assert history.best["value"] == pytest.approx(min(full["val_loss"]))
    assert history.best["stopped_early"] is False
    # the returned parameters are those of that step: re-run exactly that many steps
    again, _ = gradient_descent(params, X, Y, linear_loss_and_grads, 0.1, full["step"][i])
    np.testing.assert_array_equal(best["W"], again["W"])
    assert not np.array_equal(best["W"], last["W"])


def test_early_stopping_stops_after_patience_records_without_improvement():
    params, X, Y, X_val, Y_val = overfitting_problem()

    def evaluate(p):
        return {"val_loss": linear_loss_and_grads(p, X_val, Y_val + 1.5)[0]}

    _, full = gradient_descent(params, X, Y, linear_loss_and_grads, 0.1, 60, evaluate=evaluate,
                               record_every=5)
    i = int(np.argmin(full["val_loss"]))
    best, history = gradient_descent(params, X, Y, linear_loss_and_grads, 0.1, 60, evaluate=evaluate,
                                     record_every=5, keep_best=nh.keep_best("val_loss", patience=2))
    assert history["step"] == full["step"][:i + 3]  # the best record, then 2 without improvement
    assert history.best["stopped_early"] and history.best["step"] == full["step"][i]


def test_minibatch_keep_best_and_early_stopping_by_accuracy():
    params, X, Y = linear_problem()
    scores = iter([0.5, 0.7, 0.6, 0.65, 0.9, 0.1, 0.2, 0.3])

    def evaluate(p):
        return {"val_accuracy": next(scores), "W": float(p["W"][0, 0])}

    best, history = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.05, 8, 16, seed=0,
                                  evaluate=evaluate, keep_best=nh.keep_best("val_accuracy", patience=3))
    assert history["step"] == [1, 2, 3, 4, 5, 6, 7, 8][:8]  # patience 3 after epoch 5 reaches epoch 8
    assert history.best["step"] == 5 and history.best["mode"] == "max"
    assert best["W"][0, 0] == history["W"][4]  # the parameters at the end of epoch 5
    scores = iter([0.5, 0.4, 0.3, 0.2])
    _, short = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.05, 4, 16, seed=0,
                             evaluate=evaluate, keep_best=nh.keep_best("val_accuracy", patience=2))
    assert short["step"] == [1, 2, 3] and short.best["stopped_early"]


def test_keep_best_bad_arguments_are_named():
    params, X, Y = linear_problem()
    with pytest.raises(ValueError, match="keep_best watches 'val_loss'"):
        gradient_descent(params, X, Y, linear_loss_and_grads, 0.1, 3, keep_best="val_loss")
    with pytest.raises(ValueError, match="mode='min' or mode='max'"):
        nh.keep_best("wobble")
    with pytest.raises(ValueError, match="patience must be an integer >= 1"):
        nh.keep_best("val_loss", patience=0)
    with pytest.raises(ValueError, match="keep_best must be None"):
        minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.1, 1, 8, keep_best=3)
    # the training loss may be watched too, and NaN never counts as best
    _, history = gradient_descent(params, X, Y, linear_loss_and_grads, 0.1, 3, keep_best="loss")
    assert history.best["step"] == 3
    values = iter([1.0, float("nan"), 2.0, 0.5])
    _, history = gradient_descent(params, X, Y, linear_loss_and_grads, 0.1, 3,
                                  evaluate=lambda p: {"val_loss": next(values)}, keep_best="val_loss")
    assert history.best["step"] == 3 and history.best["value"] == 0.5


def test_history_still_plots():
    params, X, Y = linear_problem()
    _, history = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.05, 3, 16, seed=0, keep_best="loss")
    import matplotlib
    matplotlib.use("Agg")
    ax = nh.plot_history(history)
    assert len(ax.get_lines()) == 1


# --- adversarial review: the model function in learning_rate's place (defect 3) ------------------

@pytest.mark.parametrize("loop", ["gradient_descent", "minibatch_sgd"])
def test_function_and_learning_rate_swapped_is_named(loop):
    P = nh.initialize_network(4, 3, 2, seed=0, dtype=np.float64)
    X = np.random.default_rng(0).normal(size=(4, 6))
    Y = nh.one_hot(np.array([0, 1, 1, 0, 1, 0]), 2, dtype=float)
    extra = (1, 2) if loop == "minibatch_sgd" else (5,)
    with pytest.raises(ValueError, match="look swapped.*learning_rate's place"):
        getattr(nh, loop)(P, X, Y, 0.1, nh.network_loss_and_grads, *extra)


# --- adversarial review: numbers are numbers (defect 12), X transposed named (defect 7) ---------

@pytest.mark.parametrize("rate", ["0.1", True, np.array([0.1])])
def test_learning_rate_that_is_not_a_number_is_refused(rate):
    params, X, Y = linear_problem()
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        gradient_descent(params, X, Y, linear_loss_and_grads, rate, 1)
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        nh.update_parameters({"W": np.ones((1, 1))}, {"dW": np.ones((1, 1))}, rate)


@pytest.mark.parametrize("beta", ["0.9", None, True, 1.0, -0.1])
def test_beta_must_be_a_number_in_0_1(beta):
    params, X, Y = linear_problem()
    with pytest.raises(ValueError, match=r"beta must be in \[0, 1\)"):
        minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.1, 1, 8, beta=beta)


def test_a_zero_d_array_rate_still_works():
    params, X, Y = linear_problem()
    a, _ = gradient_descent(params, X, Y, linear_loss_and_grads, 0.1, 2)
    b, _ = gradient_descent(params, X, Y, linear_loss_and_grads, np.array(0.1), 2)
    assert all(np.array_equal(a[k], b[k]) for k in a)


def test_split_shuffle_must_be_a_bool_and_a_transposed_X_is_named():
    X, Y = np.arange(20.0).reshape(2, 10), np.arange(10)
    with pytest.raises(ValueError, match="shuffle must be True or False"):
        nh.train_validation_split(X, Y, 3, shuffle="no")
    with pytest.raises(ValueError, match=r"^X has shape \(10, 2\).*looks transposed.*X.T"):
        nh.train_validation_split(np.zeros((10, 2)), np.arange(10), 3)


def test_min_delta_string_refused():
    with pytest.raises(ValueError, match="min_delta must be a number >= 0"):
        nh.keep_best("val_loss", min_delta="0.1")


def test_evaluate_returning_an_array_is_named():
    params, X, Y = linear_problem()
    with pytest.raises(ValueError, match="every metric must be a single number"):
        gradient_descent(params, X, Y, linear_loss_and_grads, 0.1, 1,
                         evaluate=lambda p: {"val_loss": np.array([[0.5]])})


# --- the pieces of chapter 07 written out: minibatches and momentum_update ------------------

@pytest.mark.parametrize("m, batch_size", [(10, 3), (12, 4), (7, 7), (5, 100), (1, 1)])
def test_minibatches_hold_every_sample_once_with_its_label(m, batch_size):
    X, _ = indexed_data(m)
    Y = 10 * X[:1]  # the label of sample i is 10 i: X and Y columns must travel together
    batches = nh.minibatches(X, Y, batch_size, seed=0)
    assert [Yb.shape[1] for _, Yb in batches] == [min(batch_size, m - start)
                                                  for start in range(0, m, batch_size)]
    order = np.concatenate([Xb[0] for Xb, _ in batches]).astype(int)
    assert sorted(order) == list(range(m))
    for Xb, Yb in batches:
        np.testing.assert_array_equal(Yb[0], 10 * Xb[0])


def test_minibatches_are_the_batches_minibatch_sgd_trains_on():
    X, Y = indexed_data(23)
    recorder = BatchRecorder()
    minibatch_sgd({"w": np.zeros(1)}, X, Y, recorder, 0.1, epochs=1, batch_size=5, seed=7)
    ours = [Xb[0].astype(int) for Xb, _ in nh.minibatches(X, Y, 5, seed=7)]
    assert len(ours) == len(recorder.batches)
    for a, b in zip(ours, recorder.batches):
        np.testing.assert_array_equal(a, b)


def test_minibatches_known_order_and_seed():
    X, Y = indexed_data(5)
    batches = nh.minibatches(X, Y, 2, seed=0)
    expected = np.random.default_rng(0).permutation(5)  # the documented shuffle
    np.testing.assert_array_equal(np.concatenate([Xb[0] for Xb, _ in batches]), expected)
    again = nh.minibatches(X, Y, 2, seed=0)
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(batches, again))
    legacy = nh.minibatches(X, Y, 5, seed=np.random.RandomState(1))[0][0][0]
    np.random.seed(1)
    np.testing.assert_array_equal(legacy, np.random.permutation(5))


def test_minibatches_returns_copies():
    X, Y = indexed_data(4)
    (Xb, _), = nh.minibatches(X, Y, 4, seed=0)
    Xb[:] = -1
    assert X.min() >= 0


@pytest.mark.parametrize("args, message", [
    ((np.zeros(5), np.zeros((1, 5)), 2), "X must be a 2-D array"),
    ((np.zeros((2, 5)), np.zeros((1, 4)), 2), "columns"),
    ((np.zeros((2, 5)), np.zeros((1, 5)), 0), "batch_size must be an integer >= 1, got 0"),
    ((np.zeros((2, 5)), np.zeros((1, 5)), 2.5), "batch_size must be an integer >= 1, got 2.5"),
    ((np.zeros((2, 0)), np.zeros((1, 0)), 2), "no samples"),
])
def test_minibatches_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        nh.minibatches(*args, seed=0)


def test_momentum_update_known_values():
    param, grad, velocity = np.array([[1.0, 2.0]]), np.array([[0.5, -1.0]]), np.array([[0.2, 0.0]])
    new_param, new_velocity = nh.momentum_update(param, grad, velocity, learning_rate=2.0, beta=0.9)
    # V = 0.9 * [0.2, 0] + 0.1 * [0.5, -1] = [0.23, -0.1]; W = [1, 2] - 2 V = [0.54, 2.2]
    np.testing.assert_allclose(new_velocity, [[0.23, -0.1]])
    np.testing.assert_allclose(new_param, [[0.54, 2.2]])
    np.testing.assert_array_equal(param, [[1.0, 2.0]])  # the inputs are not changed
    np.testing.assert_array_equal(velocity, [[0.2, 0.0]])


def test_momentum_update_with_beta_zero_is_a_gradient_step():
    rng = np.random.default_rng(0)
    param, grad = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    new_param, _ = nh.momentum_update(param, grad, np.zeros((3, 2)), 0.3, 0.0)
    np.testing.assert_allclose(new_param, param - 0.3 * grad)


def test_momentum_update_is_the_update_of_minibatch_sgd():
    params, X, Y = linear_problem(m=16)
    trained, _ = minibatch_sgd(params, X, Y, linear_loss_and_grads, 0.1, epochs=1, batch_size=16,
                               beta=0.8, seed=0)
    _, grads = linear_loss_and_grads(params, X, Y)
    for name in params:
        by_hand, _ = nh.momentum_update(params[name], grads["d" + name],
                                        np.zeros_like(params[name]), 0.1, 0.8)
        np.testing.assert_allclose(trained[name], by_hand)


@pytest.mark.parametrize("args, message", [
    ((np.zeros((2, 2)), np.zeros((2, 3)), np.zeros((2, 2)), 0.1, 0.9),
     r"grad must have the shape of param, \(2, 2\), got \(2, 3\)"),
    ((np.zeros((2, 2)), np.zeros((2, 2)), np.zeros(2), 0.1, 0.9),
     r"velocity must have the shape of param"),
    ((np.zeros((2, 2)), np.zeros((2, 2)), np.zeros((2, 2)), 0.0, 0.9),
     "learning_rate must be a positive number, got 0"),
    ((np.zeros((2, 2)), np.zeros((2, 2)), np.zeros((2, 2)), 0.1, 1.0),
     r"beta must be in \[0, 1\), got 1.0"),
    ((np.zeros((2, 2)), np.array([["a", "b"], ["c", "d"]]), np.zeros((2, 2)), 0.1, 0.9),
     "grad must be numeric"),
])
def test_momentum_update_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        nh.momentum_update(*args)
