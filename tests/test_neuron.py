"""Tests for nnhelpers.neuron: known values from the course notes, gradient checks, training."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.neuron import PARAMETER_NAMES, Neuron, ToyNetwork

ALICE_X = np.array([-2.0, -1.0])
ALICE_Y = 1.0


@pytest.fixture
def toy_data():
    return nh.gender_features(nh.load_gender())


# --- Neuron ---------------------------------------------------------------------
def test_neuron_known_value_from_notes():
    n = Neuron(np.array([0, 1]), 4)
    assert n.feedforward(np.array([2, 3])) == pytest.approx(0.9990889488055994, rel=1e-15)
    assert n([2, 3]) == n.feedforward([2, 3])
    assert isinstance(n([2, 3]), float)


def test_neuron_on_a_data_set_gives_one_output_per_column():
    n = Neuron([0.5, -1.0], 0.25)
    X = np.array([[1.0, 2.0, -3.0], [0.0, 4.0, 1.0]])
    out = n.feedforward(X)
    assert out.shape == (3,)
    np.testing.assert_allclose(out, [n(X[:, j]) for j in range(3)], rtol=1e-15)


def test_neuron_with_another_activation():
    n = Neuron([1.0, -1.0], -0.5, activation=nh.relu)
    assert n([2.0, 1.0]) == pytest.approx(0.5)
    assert n([0.0, 1.0]) == 0.0
    assert "relu" in repr(n)


def test_neuron_parameters_and_repr():
    n = Neuron([0, 1], 4)
    assert n.parameters() == [0.0, 1.0, 4.0]
    assert repr(n) == "Neuron(weights=[0.0, 1.0], bias=4.0, activation=sigmoid)"


def test_neuron_extreme_inputs_stay_finite():
    n = Neuron([1.0, 1.0], 0.0)
    assert n([1000.0, 1000.0]) == 1.0
    assert n([-1000.0, -1000.0]) == 0.0


@pytest.mark.parametrize("x", [[1.0, 2.0, 3.0], [1.0], np.ones((3, 4))])
def test_neuron_rejects_wrong_number_of_inputs(x):
    n = Neuron([0.0, 1.0], 0.0)
    with pytest.raises(ValueError, match=r"3 inputs|1 inputs") as info:
        n.feedforward(x)
    assert "2 weights" in str(info.value)


def test_neuron_rejects_bad_shapes():
    with pytest.raises(ValueError, match="weights"):
        Neuron(np.ones((2, 2)), 0.0)
    with pytest.raises(ValueError, match=r"\(n_in,\) or \(n_in, m\)"):
        Neuron([1.0, 1.0], 0.0).feedforward(np.ones((2, 1, 1)))


# --- ToyNetwork: feedforward -----------------------------------------------------
def test_feedforward_example_from_notes():
    net = ToyNetwork.identical_neurons([0, 1], 0)
    assert net.feedforward(np.array([2, 3])) == pytest.approx(0.7216325609518421, rel=1e-15)
    values = net.forward([2, 3])
    assert values["h1"] == values["h2"] == pytest.approx(0.9526, abs=5e-5)


def test_network_is_three_neurons():
    net = ToyNetwork.random(3)
    x = np.array([0.7, -1.2])
    h1 = Neuron([net.w1, net.w2], net.b1)(x)
    h2 = Neuron([net.w3, net.w4], net.b2)(x)
    o1 = Neuron([net.w5, net.w6], net.b3)([h1, h2])
    assert net(x) == pytest.approx(o1, rel=1e-14)


def test_alice_forward_values_from_notes():
    v = ToyNetwork().forward(ALICE_X)
    assert v["sum_h1"] == v["sum_h2"] == -3.0
    assert round(v["h1"], 4) == 0.0474
    assert round(v["h2"], 4) == 0.0474
    assert round(v["o1"], 3) == 0.524
    assert set(v) == {"sum_h1", "h1", "sum_h2", "h2", "sum_o1", "o1"}


def test_predict_matches_feedforward_column_by_column(toy_data):
    X, _ = toy_data
    net = ToyNetwork.random(1)
    pred = net.predict(X)
    assert pred.shape == (4,)
    np.testing.assert_allclose(pred, [net(X[:, j]) for j in range(4)], rtol=1e-14)


def test_extreme_inputs_give_finite_outputs_without_warnings():
    net = ToyNetwork.random(0)
    X = np.array([[1e4, -1e4], [-1e4, 1e4]])
    assert np.all(np.isfinite(net.predict(X)))
    assert all(np.isfinite(list(net.gradients([1e4, -1e4], 1.0).values())))


# --- ToyNetwork: the chain rule on Alice -------------------------------------------
def test_alice_partial_derivative_factors_from_notes():
    v = ToyNetwork().forward(ALICE_X)
    d_L_d_ypred = -2 * (ALICE_Y - v["o1"])
    d_ypred_d_h1 = 1.0 * nh.sigmoid_prime(v["sum_o1"])
    d_h1_d_w1 = ALICE_X[0] * nh.sigmoid_prime(v["sum_h1"])
    # the notes round every factor before multiplying: 3 significant digits
    assert d_L_d_ypred == pytest.approx(-0.952, abs=1e-3)
    assert d_ypred_d_h1 == pytest.approx(0.249, abs=1e-3)
    assert d_h1_d_w1 == pytest.approx(-0.0904, abs=1e-4)
    dw1 = ToyNetwork().gradients(ALICE_X, ALICE_Y)["dw1"]
    assert dw1 == pytest.approx(d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w1, rel=1e-14)
    # -0.952 * 0.249 * -0.0904 = 0.0214 in the notes; unrounded factors give 0.02147
    assert dw1 == pytest.approx(0.0214, abs=1e-4)


def test_gradients_have_the_nine_names():
    grads = ToyNetwork().gradients(ALICE_X, ALICE_Y)
    assert list(grads) == ["d" + name for name in PARAMETER_NAMES]
    assert all(isinstance(g, float) for g in grads.values())


@pytest.mark.parametrize("make", [ToyNetwork, lambda: ToyNetwork.random(0), lambda: ToyNetwork.random(7)])
def test_gradient_check_one_sample(make):
    net = make()
    # samples where no sigmoid is saturated: there the partials are ~1e-6 and a
    # central difference cannot resolve them to a relative 1e-7
    for x, y in [(ALICE_X, ALICE_Y), (np.array([1.5, 0.5]), 0.0), (np.array([0.3, -0.8]), 0.4)]:
        table = nh.gradient_check(lambda: net.loss(x, y), net.parameters(), net.gradients(x, y))
        assert list(table["parameter"]) == list(PARAMETER_NAMES)
        assert table["relative_error"].max() < 1e-7, table


def test_gradient_check_data_set(toy_data):
    X, y = toy_data
    net = ToyNetwork.random(2)
    table = nh.gradient_check(lambda: net.loss(X, y), net.parameters(), net.gradients(X, y))
    assert table["relative_error"].max() < 1e-7, table


def test_data_set_gradient_is_mean_of_sample_gradients(toy_data):
    X, y = toy_data
    net = ToyNetwork.random(4)
    full = net.gradients(X, y)
    per_sample = [net.gradients(X[:, j], y[j]) for j in range(4)]
    for name in full:
        assert full[name] == pytest.approx(np.mean([g[name] for g in per_sample]), rel=1e-12)


# --- parameters -------------------------------------------------------------------
def test_parameters_are_live():
    net = ToyNetwork()
    params = net.parameters()
    assert list(params) == list(PARAMETER_NAMES)
    params["w1"] -= 0.5
    assert net.w1 == 0.5
    net.b3 = 2.0
    assert float(params["b3"]) == 2.0
    assert "w1=0.5" in repr(net)


def test_step_moves_against_the_gradient():
    net = ToyNetwork()
    before = net.loss(ALICE_X, ALICE_Y)
    grads = net.gradients(ALICE_X, ALICE_Y)
    net.step(grads, learning_rate=0.1)
    assert net.w1 == pytest.approx(1.0 - 0.1 * grads["dw1"])
    assert net.loss(ALICE_X, ALICE_Y) < before


def test_random_is_seeded_normal():
    a, b = ToyNetwork.random(5), ToyNetwork.random(np.random.default_rng(5))
    assert repr(a) == repr(b)
    expected = np.random.default_rng(5).normal(size=9)
    np.testing.assert_array_equal([float(p) for p in a.parameters().values()], expected)
    assert repr(ToyNetwork.random(6)) != repr(a)


def test_loss_of_one_sample_is_squared_error():
    net = ToyNetwork()
    assert net.loss(ALICE_X, ALICE_Y) == pytest.approx((1 - net(ALICE_X)) ** 2, rel=1e-15)


# --- training -----------------------------------------------------------------------
def test_training_learns_emily_and_frank(toy_data):
    X, y = toy_data
    net = ToyNetwork.random(0)
    params, history = net.train_sgd(X, y, learning_rate=0.1, epochs=1000, seed=0)
    assert params is net.parameters()
    assert net(np.array([-7.0, -3.0])) > 0.9   # Emily, 128 lb 63 in: F
    assert net(np.array([20.0, 2.0])) < 0.1    # Frank, 155 lb 68 in: M
    assert history["loss"][-1] < 0.01 < history["loss"][0]
    assert history["step"][0] == 0 and history["step"][-1] == 1000
    assert len(history["loss"]) == 1001


def test_training_in_data_order_also_learns(toy_data):
    X, y = toy_data
    net = ToyNetwork.random(1)
    _, history = net.train_sgd(X, y, epochs=1000, shuffle=False)
    assert history["loss"][-1] < 0.01
    assert net(np.array([-7.0, -3.0])) > 0.9 and net(np.array([20.0, 2.0])) < 0.1


def test_same_seed_same_history(toy_data):
    X, y = toy_data
    runs = [ToyNetwork.random(3).train_sgd(X, y, epochs=50, seed=11)[1] for _ in range(2)]
    assert runs[0] == runs[1]
    other = ToyNetwork.random(3).train_sgd(X, y, epochs=50, seed=12)[1]
    assert other["loss"] != runs[0]["loss"]


def test_training_does_not_touch_global_random_state(toy_data):
    X, y = toy_data
    state = np.random.get_state()[1].copy()
    ToyNetwork.random(0).train_sgd(X, y, epochs=3, seed=0)
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_record_every(toy_data):
    X, y = toy_data
    _, history = ToyNetwork.random(0).train_sgd(X, y, epochs=25, record_every=10, seed=0)
    assert history["step"] == [0, 10, 20, 25]
    assert len(history["loss"]) == 4


def test_one_sgd_epoch_in_order_is_four_steps(toy_data):
    X, y = toy_data
    a, b = ToyNetwork.random(9), ToyNetwork.random(9)
    a.train_sgd(X, y, learning_rate=0.2, epochs=1, shuffle=False)
    for j in range(4):
        b.step(b.gradients(X[:, j], y[j]), 0.2)
    np.testing.assert_allclose([float(p) for p in a.parameters().values()],
                               [float(p) for p in b.parameters().values()], rtol=1e-14)


# --- bad input -------------------------------------------------------------------------
def test_feedforward_rejects_bad_shapes():
    net = ToyNetwork()
    with pytest.raises(ValueError, match=r"shape \(2,\).*got shape \(3,\)"):
        net.feedforward([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"predict"):
        net.feedforward(np.ones((2, 4)))


def test_predict_rejects_rows_as_samples():
    with pytest.raises(ValueError, match=r"\(2, m\).*got \(4, 2\).*X.T"):
        ToyNetwork().predict(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"\(2, m\)"):
        ToyNetwork().predict(np.ones(2))


def test_labels_must_match_samples(toy_data):
    X, y = toy_data
    net = ToyNetwork()
    with pytest.raises(ValueError, match=r"y must have shape \(4,\).*got \(1, 4\)"):
        net.loss(X, y.reshape(1, -1))
    with pytest.raises(ValueError, match=r"y must have shape \(4,\).*got \(3,\)"):
        net.train_sgd(X, y[:3])
    with pytest.raises(ValueError, match="single number"):
        net.gradients(ALICE_X, [1.0, 0.0])


def test_training_rejects_bad_hyperparameters(toy_data):
    X, y = toy_data
    with pytest.raises(ValueError, match="learning_rate"):
        ToyNetwork().train_sgd(X, y, learning_rate=0)
    with pytest.raises(ValueError, match="epochs"):
        ToyNetwork().train_sgd(X, y, epochs=0)
    with pytest.raises(ValueError, match="X must have shape"):
        ToyNetwork().train_sgd(ALICE_X, 1.0)


def test_identical_neurons_needs_two_weights():
    with pytest.raises(ValueError, match=r"weights must have shape \(2,\)"):
        ToyNetwork.identical_neurons([1.0, 2.0, 3.0], 0.0)


def test_copies_are_independent_and_live():
    import copy
    import pickle
    net = ToyNetwork.random(0)
    for twin in (copy.copy(net), copy.deepcopy(net), pickle.loads(pickle.dumps(net))):
        assert repr(twin) == repr(net)
        twin.parameters()["w1"] += 1.0
        assert twin.w1 == pytest.approx(net.w1 + 1.0)
        assert twin(ALICE_X) != net(ALICE_X)


def test_a_transposed_data_set_is_named_as_transposed():
    n = Neuron([0.5, -1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match=r"x has shape \(4, 3\) but must have shape \(3, m\).*x\.T"):
        n.feedforward(np.ones((4, 3)))


def test_toy_network_says_when_data_and_labels_look_swapped():
    X = np.array([[-2.0, 25, 17, -15], [-1, 6, 4, -6]])
    y = np.array([1.0, 0, 0, 1])
    for call in (lambda net: net.loss(y, X), lambda net: net.gradients(y, X),
                 lambda net: net.train_sgd(y, X, epochs=1)):
        with pytest.raises(ValueError, match="look swapped"):
            call(ToyNetwork())
