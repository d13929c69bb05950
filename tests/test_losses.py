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

@pytest.mark.parametrize("loss", [nh.mse, nh.mse_prime])
def test_row_against_vector_is_an_error_naming_both_shapes(loss):
    row = np.full((1, 4), 0.5)
    vector = np.full(4, 0.5)
    with pytest.raises(ValueError, match=r"y_true has shape \(1, 4\) but y_pred has shape \(4,\)"):
        loss(row, vector)
    with pytest.raises(ValueError, match=r"y_true has shape \(4,\) but y_pred has shape \(1, 4\)"):
        loss(vector, row)


@pytest.mark.parametrize("loss", [nh.binary_cross_entropy, nh.cross_entropy,
                                  nh.binary_cross_entropy_from_logits, nh.cross_entropy_from_logits])
def test_the_vector_or_the_column_is_blamed_in_the_2d_losses(loss):
    row, vector, column = np.full((1, 4), 0.5), np.full(4, 0.5), np.full((4, 1), 0.5)
    labels = np.array([[1.0, 0.0, 1.0, 1.0]])
    second = "A" if loss in (nh.binary_cross_entropy, nh.cross_entropy) else "Z"
    with pytest.raises(ValueError, match=rf"^{second} has shape \(4,\) but must have shape \(1, 4\).*reshape"):
        loss(labels, vector)
    with pytest.raises(ValueError, match=r"^Y has shape \(4,\) but must have shape \(1, 4\)"):
        loss(labels[0], row)
    with pytest.raises(ValueError, match=rf"^{second} has shape \(4, 1\), an \(m, 1\) column.*{second}\.T"):
        loss(labels, column)


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


# --- losses from the logits ------------------------------------------------------------------

def test_binary_cross_entropy_from_logits_known_values():
    # z = 0: log 2 whatever y; z = log 4 (sigma = 0.8) with y = 1: -log 0.8
    assert nh.binary_cross_entropy_from_logits([[1, 0]], [[0.0, 0.0]]) == pytest.approx(math.log(2))
    assert nh.binary_cross_entropy_from_logits([[1]], [[math.log(4)]]) == pytest.approx(-math.log(0.8))
    # softplus form by hand: max(z, 0) - z y + log1p(exp(-|z|)), summed over entries / m
    Z = np.array([[2.0, -3.0], [0.5, 1.0]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    by_hand = sum(max(z, 0) - z * y + math.log1p(math.exp(-abs(z))) for z, y in zip(Z.flat, Y.flat)) / 2
    assert nh.binary_cross_entropy_from_logits(Y, Z) == pytest.approx(by_hand, rel=1e-14)


def test_cross_entropy_from_logits_known_values():
    # equal scores over 4 classes: log 4; scores (0, log 3) with class 1: -log(3/4)
    assert nh.cross_entropy_from_logits(np.eye(4)[:, [2]], np.zeros((4, 1))) == pytest.approx(math.log(4))
    assert nh.cross_entropy_from_logits([[0], [1]], [[0.0], [math.log(3)]]) == pytest.approx(-math.log(0.75))


@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-12), (np.float32, 1e-5)])
def test_from_logits_agrees_with_the_clipped_losses_in_the_safe_range(dtype, tol):
    rng = np.random.default_rng(0)
    Z = rng.normal(0, 3, (5, 40)).astype(dtype)
    Y = np.eye(5, dtype=dtype)[:, rng.integers(0, 5, 40)]
    assert nh.cross_entropy_from_logits(Y, Z) == pytest.approx(nh.cross_entropy(Y, nh.softmax(Z)), rel=tol)
    y = Y[:1]
    assert nh.binary_cross_entropy_from_logits(y, Z[:1]) == pytest.approx(
        nh.binary_cross_entropy(y, nh.sigmoid(Z[:1])), rel=tol)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_from_logits_is_exact_at_z_1000_where_clipping_is_wrong(dtype):
    Z = np.array([[1000.0, -1000.0, 1000.0]], dtype=dtype)
    Y = np.array([[0.0, 1.0, 1.0]], dtype=dtype)
    # two confident mistakes cost 1000 each, the confident right answer 0
    assert nh.binary_cross_entropy_from_logits(Y, Z) == pytest.approx(2000 / 3, rel=1e-6)
    clipped = nh.binary_cross_entropy(Y, nh.sigmoid(Z))
    assert math.isfinite(clipped) and clipped < 40  # -log(eps): the clipped value saturates
    scores = np.array([[1000.0], [-1000.0], [0.0]], dtype=dtype)
    assert nh.cross_entropy_from_logits([[0], [1], [0]], scores) == pytest.approx(2000, rel=1e-6)
    assert nh.cross_entropy_from_logits([[1], [0], [0]], scores) == 0.0
    assert nh.cross_entropy(np.array([[0], [1], [0]]), nh.softmax(scores)) < 40


def test_from_logits_gradients_are_a_minus_y_over_m():
    rng = np.random.default_rng(1)
    Z = rng.normal(0, 2, (3, 4))
    Y = np.eye(3)[:, rng.integers(0, 3, 4)]
    for loss, activation in [(nh.cross_entropy_from_logits, nh.softmax),
                             (nh.binary_cross_entropy_from_logits, nh.sigmoid)]:
        numeric = nh.numerical_gradient(lambda: loss(Y, Z), Z)
        np.testing.assert_allclose(numeric, (activation(Z) - Y) / 4, rtol=1e-6, atol=1e-9)


def test_networks_report_the_loss_from_their_logits():
    # a confidently wrong network: the reported loss grows with the logits instead of saturating
    params = nh.initialize_network(2, 3, 2, seed=0, dtype=np.float64)
    params["b2"] = np.array([[500.0], [-500.0]])
    X = np.zeros((2, 4))
    Y = np.eye(2)[:, [1, 1, 1, 1]]
    loss, _ = nh.network_loss_and_grads(params, X, Y)
    Z2 = nh.feed_forward(params, X)["Z2"]
    assert loss == pytest.approx(nh.cross_entropy_from_logits(Y, Z2)) and loss > 999
    deep = {"W1": np.zeros((1, 2)), "b1": np.array([[-800.0]])}
    assert nh.deep_loss(deep, X, np.ones((1, 4)), ["sigmoid"]) == pytest.approx(800)
    assert nh.deep_loss_and_grads(deep, X, np.ones((1, 4)), ["sigmoid"])[0] == pytest.approx(800)
    logistic = {"W": np.zeros((1, 2)), "b": np.array([[-800.0]])}
    assert nh.logistic_gradients(logistic, X, np.ones((1, 4)))[0] == pytest.approx(800)


# --- arguments in the wrong order ------------------------------------------------------------

def test_the_issue_case_binary_cross_entropy_swapped_says_so():
    with pytest.raises(ValueError, match="arguments look swapped") as error:
        nh.binary_cross_entropy([[.8, .9, .4]], [[1, 1, 0]])
    assert "binary_cross_entropy(Y, A)" in str(error.value)


@pytest.mark.parametrize("loss, Y, P", [
    (nh.cross_entropy, [[0.7, 0.2], [0.3, 0.8]], [[1, 0], [0, 1]]),
    (nh.binary_cross_entropy_from_logits, [[2.5, -1.0]], [[1, 0]]),
    (nh.cross_entropy_from_logits, [[2.5, -1.0], [0.1, 3.0]], [[1, 0], [0, 1]]),
])
def test_other_swapped_losses_say_so(loss, Y, P):
    with pytest.raises(ValueError, match="look swapped"):
        loss(Y, P)


def test_probabilities_outside_0_1_are_named():
    with pytest.raises(ValueError, match="binary_cross_entropy_from_logits"):
        nh.binary_cross_entropy([[1, 0]], [[2.0, -3.0]])
    with pytest.raises(ValueError, match=r"Y must hold labels in \[0, 1\]"):
        nh.cross_entropy_from_logits([[2.0, 0.5], [0.5, 0.3]], [[0.1, 0.2], [0.3, 0.4]])
    # soft targets are allowed, and a diverged run's NaN still gives a NaN loss
    assert math.isfinite(nh.binary_cross_entropy([[0.9, 0.1]], [[0.8, 0.3]]))
    assert math.isnan(nh.binary_cross_entropy([[1, 0]], [[np.nan, 0.3]]))


# --- adversarial review: (m, 1) columns, log1p, -0.0 (defects 4 and 10) -------------------------

@pytest.mark.parametrize("loss", [nh.binary_cross_entropy, nh.binary_cross_entropy_from_logits])
def test_binary_losses_refuse_an_m_by_1_column_that_would_be_summed(loss):
    with pytest.raises(ValueError, match=r"\(m, 1\) column.*Y.T"):
        loss([[1], [0], [1]], [[.9], [.2], [.8]])
    assert loss([[1, 0, 1]], [[.9, .2, .8]]) > 0  # the (1, m) row works


def test_networks_still_take_one_sample_with_several_sigmoid_outputs():
    D = nh.initialize_deep([4, 3, 3], seed=0)
    X = np.ones((4, 1))
    loss, _ = nh.deep_loss_and_grads(D, X, np.array([[1.], [0.], [1.]]), ["relu", "sigmoid"])
    assert np.isfinite(loss)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_cross_entropy_from_logits_exact_when_the_true_class_dominates(dtype):
    exact = np.log1p(np.exp(-30.0))  # 9.357622968840175e-14
    got = nh.cross_entropy_from_logits(np.array([[1], [0]], dtype), np.array([[30], [0]], dtype))
    assert got == pytest.approx(exact, rel=1e-6 if dtype == np.float32 else 1e-13)
    exact3 = np.log1p(2 * np.exp(-40.0))
    got3 = nh.cross_entropy_from_logits(np.eye(3)[:, :1], np.array([[40.], [0.], [0.]]))
    assert got3 == pytest.approx(exact3, rel=1e-13)


def test_losses_from_logits_never_return_negative_zero():
    for value in (nh.cross_entropy_from_logits(np.array([[1], [0]], np.float32),
                                               np.array([[200], [0]], np.float32)),
                  nh.binary_cross_entropy_from_logits([[1.]], [[1000.]])):
        assert value == 0 and np.copysign(1, value) == 1
