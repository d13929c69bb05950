"""Tests for nnhelpers.checks.ch06_hidden_layer: right answers pass, every named slip is named."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.activations import sigmoid, sigmoid_prime
from nnhelpers.checks import (AnswerError, check_back_propagate, check_softmax,
                              check_softmax_jacobian_row)
from nnhelpers.checks._feedback import reset_attempts
from nnhelpers.checks.ch06_hidden_layer import BACK_PROPAGATE, SOFTMAX, SOFTMAX_JACOBIAN_ROW

# A notebook's globals, read by the "global variable" variants below.
m = 60000
Z_global = np.zeros((3, 3))


@pytest.fixture(autouse=True)
def fresh_attempts():
    """Each test starts with no failed attempts, so no recipe appears unasked."""
    reset_attempts()
    yield
    reset_attempts()


def expect(check, answer, *fragments):
    with pytest.raises(AnswerError) as caught:
        check(answer)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


# --- softmax ------------------------------------------------------------------------------

def good_softmax(Z):
    exps = np.exp(Z - Z.max(axis=0, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)


def test_softmax_right_answers_pass(capsys):
    check_softmax(good_softmax)
    check_softmax(nh.softmax)
    # without keepdims, broadcasting (n, m) against (m,) is still right
    check_softmax(lambda Z: np.exp(Z - Z.max(axis=0)) / np.exp(Z - Z.max(axis=0)).sum(axis=0))
    assert "✓ my_softmax is correct" in capsys.readouterr().out


def test_softmax_stub_and_type():
    def stub(Z):
        raise NotImplementedError
    expect(check_softmax, stub, "not implemented yet")
    expect(check_softmax, "softmax", "Expected a function")
    expect(check_softmax, lambda Z: None, "wrong type")


def test_softmax_wrong_axis():
    def rows(Z):
        exps = np.exp(Z - Z.max(axis=1, keepdims=True))
        return exps / exps.sum(axis=1, keepdims=True)
    expect(check_softmax, rows, "axis=1", "use axis=0")


def test_softmax_without_the_max_overflows_to_nan_and_is_named(recwarn):
    def naive(Z):
        return np.exp(Z) / np.sum(np.exp(Z), axis=0, keepdims=True)
    expect(check_softmax, naive, "NaN", "maximum is not subtracted", "overflows")
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_softmax_global_max():
    def whole_array(Z):
        exps = np.exp(Z - np.max(Z))
        return exps / exps.sum(axis=0, keepdims=True)
    expect(check_softmax, whole_array, "maximum of the whole array")


def test_softmax_row_max_is_named_not_called_missing(recwarn):
    def row_max(Z):
        exps = np.exp(Z - Z.max(axis=1, keepdims=True))
        return exps / exps.sum(axis=0, keepdims=True)
    message = expect(check_softmax, row_max, "axis=1 (each row's)", "axis=0")
    assert "not subtracted" not in message


def test_softmax_sigmoid_and_unnormalised():
    expect(check_softmax, sigmoid, "a sigmoid of each score")
    expect(check_softmax, lambda Z: np.exp(Z - Z.max(axis=0, keepdims=True)), "not normalised")


def test_softmax_transposed_and_global_variable():
    expect(check_softmax, lambda Z: good_softmax(Z).T, "transposed")
    expect(check_softmax, lambda Z: good_softmax(Z_global), "same answer for different inputs")


# --- back-propagation ---------------------------------------------------------------------

def good_back_propagate(params, X, Y, cache):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * cache["A1"] * (1 - cache["A1"])
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def variant(**changes):
    """good_back_propagate with one step replaced."""
    def back_propagate(params, X, Y, cache):
        mm = changes.get("m", lambda X: X.shape[1])(X)
        dZ2 = cache["A2"] - Y
        dZ1 = changes.get("dA1", lambda p, d: p["W2"].T @ d)(params, dZ2) * \
            changes.get("derivative", lambda c: c["A1"] * (1 - c["A1"]))(cache)
        grads = {"dW1": dZ1 @ X.T / mm, "db1": np.sum(dZ1, axis=1, keepdims=True) / mm,
                 "dW2": dZ2 @ cache["A1"].T / mm, "db2": np.sum(dZ2, axis=1, keepdims=True) / mm}
        grads.update({k: f(dZ1, dZ2, X, cache, mm) for k, f in changes.get("grads", {}).items()})
        return grads
    return back_propagate


def test_back_propagate_right_answers_pass(capsys):
    check_back_propagate(good_back_propagate)
    check_back_propagate(lambda p, X, Y, c: nh.back_propagate(p, X, Y, c))
    check_back_propagate(variant(derivative=lambda c: sigmoid_prime(c["Z1"])))
    assert "✓ my_back_propagate is correct on all 3 test networks" in capsys.readouterr().out


def test_back_propagate_stub_and_types():
    def stub(params, X, Y, cache):
        raise NotImplementedError
    expect(check_back_propagate, stub, "not implemented yet")
    expect(check_back_propagate, lambda p, X, Y, c: None, "forget to `return")
    expect(check_back_propagate, lambda p, X, Y, c: tuple(good_back_propagate(p, X, Y, c).values()),
           "Expected a dict")
    expect(check_back_propagate,
           lambda p, X, Y, c: {k[1:]: v for k, v in good_back_propagate(p, X, Y, c).items()},
           "no key(s)", "'dW1'")


def test_derivative_of_the_activation_instead_of_the_pre_activation():
    expect(check_back_propagate, variant(derivative=lambda c: sigmoid_prime(c["A1"])),
           "derivative is taken of the activation A1 instead of the pre-activation Z1")
    expect(check_back_propagate, variant(derivative=lambda c: c["Z1"] * (1 - c["Z1"])),
           "uses the pre-activation where the activation belongs")
    expect(check_back_propagate, variant(derivative=lambda c: 1.0), "derivative is missing")


def test_transposed_W_and_transposed_gradients():
    expect(check_back_propagate, variant(dA1=lambda p, d: p["W2"] @ d),
           "raised ValueError", "dA1 = W2.T @ dZ2")
    expect(check_back_propagate, variant(grads={"dW1": lambda dZ1, dZ2, X, c, mm: X @ dZ1.T / mm}),
           "dW1", "transposed")


def test_m_vector_instead_of_column():
    expect(check_back_propagate,
           variant(grads={"db2": lambda dZ1, dZ2, X, c, mm: np.sum(dZ2, axis=1) / mm}),
           "db2", "WITHOUT keepdims=True", "(n, 1)")


def test_global_m_and_missing_one_over_m():
    def global_m(params, X, Y, cache):
        grads = good_back_propagate(params, X, Y, cache)
        return {k: v * X.shape[1] / m for k, v in grads.items()}
    message = expect(check_back_propagate, global_m, "divided by 60000 instead of m =",
                     "m = X.shape[1]", "global variable(s) `m`")
    assert "last" in message and "mini-batch" in message
    expect(check_back_propagate, variant(m=lambda X: 1), "the factor 1/m is missing")


def test_sign_flipped_and_one_over_m_twice():
    def flipped(params, X, Y, cache):
        return {k: -v for k, v in good_back_propagate(params, X, Y, cache).items()}
    message = expect(check_back_propagate, flipped, "dZ2 = Y - A2", "sign is flipped")
    assert "instead of m" not in message

    def twice(params, X, Y, cache):
        grads = good_back_propagate(params, X, Y, cache)
        return {k: v / X.shape[1] for k, v in grads.items()}
    message = expect(check_back_propagate, twice, "1/m is applied twice", "chapter 4b")
    assert "instead of m" not in message


def test_db1_summed_over_everything_is_named():
    message = expect(check_back_propagate,
                     variant(grads={"db1": lambda dZ1, dZ2, X, c, mm: np.sum(dZ1) / mm}),
                     "db1 = np.sum(dZ1) / m", "axis=1, keepdims=True")
    assert "wrong type" not in message
    expect(check_back_propagate,
           variant(grads={"db2": lambda dZ1, dZ2, X, c, mm: np.sum(dZ2) / mm}),
           "db2 = np.sum(dZ2) / m", "axis=1, keepdims=True")


def test_softmax_divided_by_the_sum_of_the_whole_array():
    def whole_sum(Z):
        exps = np.exp(Z - Z.max(axis=0, keepdims=True))
        return exps / exps.sum()
    expect(check_softmax, whole_sum, "sum of the WHOLE array", "each column")


def test_softmax_axis_1_without_keepdims_gets_a_hint():
    def no_keepdims(Z):
        exps = np.exp(Z - Z.max(axis=1))
        return exps / exps.sum(axis=1)
    message = expect(check_softmax, no_keepdims, "could not be broadcast", "keepdims=True",
                     "axis=0")
    assert "column" in message


def test_softmax_unknown_wrong_value_says_each_column_must_sum_to_1():
    expect(check_softmax, lambda Z: 2 * good_softmax(Z), "each column must sum to 1")


def test_recipe_on_request():
    with pytest.raises(AnswerError) as caught:
        check_softmax(lambda Z: np.exp(Z), hint=True)
    assert "Recipe" in str(caught.value)


# --- one row of the softmax's Jacobian ------------------------------------------------------

def good_row(z, k):
    a = np.exp(z - z.max())
    a = a / a.sum()
    return a[k] * (np.eye(len(z))[k] - a)


def softmax_1d(z):
    a = np.exp(z - z.max())
    return a / a.sum()


def test_jacobian_row_right_answers_pass(capsys):
    check_softmax_jacobian_row(good_row)
    # the row k of the full Jacobian diag(a) - a a^T
    check_softmax_jacobian_row(
        lambda z, k: (np.diag(softmax_1d(z)) - np.outer(softmax_1d(z), softmax_1d(z)))[k])
    assert "✓ my_softmax_jacobian_row is correct on all 3 test inputs" in capsys.readouterr().out


def test_jacobian_row_stub_and_type():
    def stub(z, k):
        raise NotImplementedError
    expect(check_softmax_jacobian_row, stub, "not implemented yet")
    expect(check_softmax_jacobian_row, 3, "Expected a function")


def test_jacobian_row_named_mistakes():
    expect(check_softmax_jacobian_row,
           lambda z, k: softmax_1d(z)[k] * (1 - softmax_1d(z)), "Kronecker delta is forgotten")
    expect(check_softmax_jacobian_row,
           lambda z, k: np.eye(len(z))[k] * softmax_1d(z)[k] * (1 - softmax_1d(z)[k]),
           "only the diagonal")
    expect(check_softmax_jacobian_row,
           lambda z, k: np.abs(good_row(z, k)), "the sign off the diagonal")
    expect(check_softmax_jacobian_row,
           lambda z, k: softmax_1d(z) * (1 - softmax_1d(z)), "sigmoid-like derivative")


def test_jacobian_row_unknown_wrong_value_says_the_row_sums_to_0():
    expect(check_softmax_jacobian_row, lambda z, k: good_row(z, k) + 0.1, "add up to 0")


def test_no_blind_spots():
    for exercise in (SOFTMAX, SOFTMAX_JACOBIAN_ROW, BACK_PROPAGATE):
        assert exercise.blind_spots() == [], exercise.name
