"""Tests for nnhelpers.checks.ch05_logistic: the right answer passes, every named slip is named."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.activations import sigmoid
from nnhelpers.checks import AnswerError
from nnhelpers.checks._feedback import reset_attempts
from nnhelpers.checks.ch05_logistic import LOGISTIC_GRADIENTS, check_logistic_gradients


@pytest.fixture(autouse=True)
def _fresh_attempts():
    reset_attempts()
    yield
    reset_attempts()

# A notebook's training data, read by the "global variable" variants below.
X_train = np.random.default_rng(0).random((784, 50))
m = 50


def correct(W, b, X, Y):
    m = X.shape[1]
    A = sigmoid(W @ X + b)
    dZ = A - Y
    return dZ @ X.T / m, np.sum(dZ, axis=1, keepdims=True) / m


def expect_message(answer, *fragments):
    with pytest.raises(AnswerError) as caught:
        check_logistic_gradients(answer)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


def test_correct_answer_passes(capsys):
    assert check_logistic_gradients(correct) is None
    assert capsys.readouterr().out == "✓ my_logistic_gradients is correct on all 4 test inputs.\n"


def test_no_blind_spots():
    assert LOGISTIC_GRADIENTS.blind_spots() == []


def test_a_loop_over_samples_as_in_the_notes_passes():
    def looped(W, b, X, Y):
        n_x, m = X.shape
        dW, db = np.zeros((1, n_x)), np.zeros((1, 1))
        for i in range(m):
            a = sigmoid(W[0] @ X[:, i] + b[0, 0])
            dW[0] += X[:, i] * (a - Y[0, i])
            db[0, 0] += a - Y[0, i]
        return dW / m, db / m
    check_logistic_gradients(looped)


def test_float32_answer_and_list_pair_pass():
    check_logistic_gradients(lambda W, b, X, Y: [a.astype(np.float32) for a in correct(W, b, X, Y)])


def test_not_implemented_stub():
    def stub(W, b, X, Y):
        raise NotImplementedError
    expect_message(stub, "not implemented yet")


def test_not_a_function_and_no_return():
    expect_message(42, "Expected a function")
    expect_message(lambda W, b, X, Y: None, "forget to `return dW, db`")
    expect_message(lambda W, b, X, Y: correct(W, b, X, Y)[0], "Expected the tuple (dW, db)")
    expect_message(lambda W, b, X, Y: dict(zip(["dW", "db"], correct(W, b, X, Y))), "got a dict")


def test_forgetting_one_over_m():
    def no_mean(W, b, X, Y):
        dZ = sigmoid(W @ X + b) - Y
        return dZ @ X.T, np.sum(dZ, axis=1, keepdims=True)
    expect_message(no_mean, "dW", "factor 1/m is missing")


def test_forgetting_one_over_m_in_db_only():
    def db_no_mean(W, b, X, Y):
        dW, db = correct(W, b, X, Y)
        return dW, db * X.shape[1]
    expect_message(db_no_mean, "db", "factor 1/m is missing")


def test_dW_transposed_as_in_the_notes():
    def notes_layout(W, b, X, Y):
        m = X.shape[1]
        dZ = sigmoid(W @ X + b) - Y
        return X @ dZ.T / m, np.sum(dZ, axis=1, keepdims=True) / m
    expect_message(notes_layout, "shape of W transposed", "dZ @ X.T")


def test_dW_as_a_vector():
    expect_message(lambda W, b, X, Y: (correct(W, b, X, Y)[0].ravel(), correct(W, b, X, Y)[1]),
                   "1-D vector")


@pytest.mark.parametrize("make_db, fragment", [
    (lambda dZ, m: np.sum(dZ) / m, "single number (shape ())"),
    (lambda dZ, m: float(np.sum(dZ) / m), "single number (shape ())"),
    (lambda dZ, m: np.sum(dZ, axis=1) / m, "keepdims=True to stay 2-D"),
    (lambda dZ, m: dZ / m, "the sum over the samples is missing"),
    (lambda dZ, m: np.sum(dZ, axis=0) / m, "adds over the single output row"),
])
def test_db_of_the_wrong_shape(make_db, fragment):
    def answer(W, b, X, Y):
        m = X.shape[1]
        dZ = sigmoid(W @ X + b) - Y
        return dZ @ X.T / m, make_db(dZ, m)
    expect_message(answer, "db", fragment)


def test_sigmoid_derivative_used_twice():
    def twice(W, b, X, Y):
        m = X.shape[1]
        A = sigmoid(W @ X + b)
        dZ = A * (1 - A) * (A - Y)
        return dZ @ X.T / m, np.sum(dZ, axis=1, keepdims=True) / m
    expect_message(twice, "derivative of the sigmoid is used twice")


def test_sign_flipped():
    def flipped(W, b, X, Y):
        m = X.shape[1]
        dZ = Y - sigmoid(W @ X + b)
        return dZ @ X.T / m, np.sum(dZ, axis=1, keepdims=True) / m
    expect_message(flipped, "sign is flipped")


def test_sigmoid_missing():
    def linear(W, b, X, Y):
        m = X.shape[1]
        dZ = W @ X + b - Y
        return dZ @ X.T / m, np.sum(dZ, axis=1, keepdims=True) / m
    expect_message(linear, "the sigmoid is missing")


def test_bias_missing():
    def no_bias(W, b, X, Y):
        m = X.shape[1]
        dZ = sigmoid(W @ X) - Y
        return dZ @ X.T / m, np.sum(dZ, axis=1, keepdims=True) / m
    expect_message(no_bias, "bias is missing")


def test_m_taken_from_the_features():
    def per_feature(W, b, X, Y):
        n = X.shape[0]
        dZ = sigmoid(W @ X + b) - Y
        return dZ @ X.T / n, np.sum(dZ, axis=1, keepdims=True) / n
    expect_message(per_feature, "number of features")


def test_global_X_instead_of_the_argument():
    def uses_global(W, b, X, Y):
        dZ = sigmoid(W @ X_train + b) - Y
        return dZ @ X_train.T / m, np.sum(dZ, axis=1, keepdims=True) / m
    expect_message(uses_global, "global variable(s)", "`X_train`", "`m`")


def test_global_m_instead_of_the_samples():
    def uses_global_m(W, b, X, Y):
        dZ = sigmoid(W @ X + b) - Y
        return dZ @ X.T / m, np.sum(dZ, axis=1, keepdims=True) / m
    expect_message(uses_global_m, "global variable(s)", "`m`")


def test_a_global_of_the_same_shape_is_caught_by_its_constant_answer():
    frozen = {}

    def remembers_first_X(W, b, X, Y):
        # like reading a global that happens to have the right shape
        frozen.setdefault(X.shape, X.copy())
        return correct(W, b, frozen[X.shape], Y)
    expect_message(remembers_first_X, "test input 4 of 4")


def test_other_errors_are_reported_as_feedback():
    def broken(W, b, X, Y):
        return W @ Y, b
    expect_message(broken, "raised ValueError")


def test_check_does_not_let_the_answer_change_its_inputs():
    def modifies(W, b, X, Y):
        result = correct(W, b, X, Y)
        X *= 0
        return result
    check_logistic_gradients(modifies)
    check_logistic_gradients(correct)


def test_first_wrong_answer_gets_a_nudge_not_the_recipe():
    def no_mean(W, b, X, Y):
        dZ = sigmoid(W @ X + b) - Y
        return dZ @ X.T, np.sum(dZ, axis=1, keepdims=True)
    message = expect_message(no_mean, "Nudge:")
    def twice(W, b, X, Y):
        m = X.shape[1]
        dZ = (sigmoid(W @ X + b) - Y) / m
        return dZ @ X.T / m, np.sum(dZ, axis=1, keepdims=True) / m
    expect_message(twice, "1/m applied twice")
    assert "keepdims=True) / m" not in message
    with pytest.raises(AnswerError, match=r"Recipe \(as asked\)"):
        check_logistic_gradients(no_mean, hint=True)


# --- sweep_losses (experiment) ---------------------------------------------------------------

@pytest.fixture(scope="module")
def sweep():
    return nh.checks.reference_learning_rate_sweep()


def _student_sweep():
    X_train, y_train, _, _ = nh.load_mnist()
    X, Y = X_train[:, :5000], nh.binary_labels(y_train[:5000], digit=0)
    losses = {}
    for rate in [0.1, 1.0, 10.0, 100.0]:
        _, history = nh.train_logistic(X, Y, learning_rate=rate, iterations=50, seed=138)
        losses[rate] = history["loss"][-1]
    return losses


def test_sweep_measured_by_a_student_passes(sweep, capsys):
    nh.checks.check_sweep_losses(_student_sweep())
    assert capsys.readouterr().out.startswith("✓ sweep_losses = ")


def test_sweep_not_answered_yet():
    with pytest.raises(AnswerError, match="sweep_losses: not answered yet"):
        nh.checks.check_sweep_losses()
    with pytest.raises(AnswerError, match="sweep_losses: not answered yet"):
        nh.checks.check_sweep_losses(None)


def test_sweep_wrong_reports_are_named(sweep):
    with pytest.raises(AnswerError, match="loss before training"):
        nh.checks.check_sweep_losses({rate: losses[0] for rate, losses in sweep.items()})
    off = {rate: losses[-1] for rate, losses in sweep.items()}
    off[10.0] *= 1.2
    with pytest.raises(AnswerError, match=r"sweep_losses\[10\.0\]: you measured .*20% higher") as info:
        nh.checks.check_sweep_losses(off)
    assert f"{sweep[10.0][-1]:.4g}" not in str(info.value)  # no answer on the first try
    with pytest.raises(AnswerError, match=r"no measurement for \[100\.0\]"):
        nh.checks.check_sweep_losses({rate: sweep[rate][-1] for rate in [0.1, 1.0, 10.0]})


def test_sweep_shows_what_the_chapter_says(sweep):
    final = {rate: losses[-1] for rate, losses in sweep.items()}
    assert all(losses[1] > losses[0] for rate, losses in sweep.items() if rate >= 1)
    assert abs(final[1.0] - final[10.0]) < 0.1 * final[1.0]
    assert final[0.1] > 2 * final[1.0] and final[100.0] > 5 * final[1.0]
