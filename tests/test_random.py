"""One random source for the whole library (nnhelpers/_random.py): every function that draws
random numbers takes ``seed`` (None, int, Generator, RandomState) and a RandomState is used
as it is, so it replays the notes' ``np.random.seed`` stream."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers._random import random_source


def _global_stream(seed, draws):
    """What the notes' global functions give after np.random.seed(seed): run ``draws``."""
    state = np.random.get_state()
    try:
        np.random.seed(seed)
        return draws()
    finally:
        np.random.set_state(state)


def test_random_source_accepts_the_four_kinds_the_same_way():
    legacy = np.random.RandomState(1)
    assert random_source(legacy) is legacy  # never wrapped in a new Generator
    generator = np.random.default_rng(1)
    assert random_source(generator) is generator
    np.testing.assert_array_equal(random_source(5).standard_normal(3),
                                  np.random.default_rng(5).standard_normal(3))
    assert isinstance(random_source(None), np.random.Generator)


@pytest.mark.parametrize("bad", [1.5, "138", -1, True, np.random])
def test_random_source_rejects_other_things(bad):
    with pytest.raises(ValueError, match="seed must be"):
        random_source(bad)


def test_initialize_deep_replays_np_random_seed():
    expected = _global_stream(1, lambda: [np.random.randn(4, 3), np.random.randn(2, 4)])
    params = nh.initialize_deep([3, 4, 2], "lecun", seed=np.random.RandomState(1))
    np.testing.assert_allclose(params["W1"], expected[0] * np.sqrt(1 / 3))
    np.testing.assert_allclose(params["W2"], expected[1] * np.sqrt(1 / 4))


def test_initialize_network_replays_np_random_seed():
    expected = _global_stream(1, lambda: [np.random.randn(4, 3), np.random.randn(2, 4)])
    params = nh.initialize_network(3, 4, 2, seed=np.random.RandomState(1), dtype=np.float64)
    np.testing.assert_array_equal(params["W1"], expected[0])
    np.testing.assert_array_equal(params["W2"], expected[1])


def test_initialize_logistic_replays_np_random_seed():
    # the notes: np.random.seed(1); w = np.random.randn(n, 1) * 0.01 (our W is that column's .T)
    expected = _global_stream(1, lambda: np.random.randn(3, 1) * 0.01)
    params = nh.initialize_logistic(3, seed=np.random.RandomState(1))
    np.testing.assert_array_equal(params["W"], expected.T)


def test_train_logistic_takes_the_same_seeds():
    X = np.random.default_rng(0).standard_normal((3, 6))
    Y = np.array([[0, 1, 0, 1, 1, 0]], dtype=float)
    a, _ = nh.train_logistic(X, Y, iterations=0, seed=np.random.RandomState(1))
    np.testing.assert_array_equal(a["W"], nh.initialize_logistic(3, seed=np.random.RandomState(1))["W"])


def test_toy_network_random_replays_np_random_seed():
    expected = _global_stream(2, lambda: np.random.randn(9))
    net = nh.ToyNetwork.random(seed=np.random.RandomState(2))
    np.testing.assert_array_equal(list(net.parameters().values()), expected)


def test_toy_network_train_sgd_shuffles_from_the_given_stream():
    X = np.array([[-2.0, 25, 17, -15], [-1, 6, 4, -6]])
    y = np.array([1.0, 0, 0, 1])
    state = np.random.RandomState(3)
    nh.ToyNetwork().train_sgd(X, y, epochs=2, seed=state)
    # two permutations of 4 were drawn from `state`, nothing else: the next number matches
    expected = _global_stream(3, lambda: [np.random.permutation(4), np.random.permutation(4),
                                          np.random.randn()][-1])
    assert state.randn() == expected


def test_minibatch_sgd_shuffles_like_np_random_permutation():
    m, batch = 10, 4
    X = np.arange(m, dtype=float).reshape(1, m)
    Y = np.zeros((1, m))
    seen = []

    def loss_and_grads(params, X_batch, Y_batch):
        seen.extend(X_batch[0].astype(int).tolist())
        return 0.0, {"dw": np.zeros_like(params["w"])}

    nh.minibatch_sgd({"w": np.zeros((1, 1))}, X, Y, loss_and_grads, 0.1, epochs=2, batch_size=batch,
                     seed=np.random.RandomState(7))
    expected = _global_stream(7, lambda: np.concatenate([np.random.permutation(m), np.random.permutation(m)]))
    assert seen == expected.tolist()


@pytest.mark.parametrize("call", [
    lambda: nh.initialize_deep([3, 2], rng=0),
    lambda: nh.initialize_network(3, 2, 2, rng=0),
    lambda: nh.initialize_logistic(3, rng=0),
    lambda: nh.ToyNetwork.random(rng=0),
    lambda: nh.train_validation_split(np.zeros((2, 4)), np.zeros(4), 1, rng=0),
    lambda: nh.minibatch_sgd({"w": np.zeros((1, 1))}, np.zeros((1, 4)), np.zeros((1, 4)), None, 0.1, 1, 2,
                             rng=0),
    lambda: nh.ToyNetwork().train_sgd(np.zeros((2, 2)), np.zeros(2), epochs=1, rng=0),
])
def test_the_old_name_rng_says_use_seed(call):
    with pytest.raises(TypeError, match="now called seed="):
        call()


def test_an_int_seed_gives_the_same_numbers_as_before():
    # ints still go through np.random.default_rng, so stored notebook outputs do not move
    np.testing.assert_array_equal(nh.initialize_deep([3, 2], "he", seed=0)["W1"],
                                  np.random.default_rng(0).standard_normal((2, 3)) * np.sqrt(2 / 3))
    np.testing.assert_array_equal(list(nh.ToyNetwork.random(0).parameters().values()),
                                  np.random.default_rng(0).normal(size=9))
