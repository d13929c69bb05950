"""Tests for nnhelpers.gradients: numerical_gradient, relative_error, gradient_check."""
import functools

import numpy as np
import pandas as pd
import pytest

import nnhelpers as nh


# --- numerical_gradient --------------------------------------------------------------

def test_numerical_gradient_of_a_quadratic():
    x = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.5]])
    grad = nh.numerical_gradient(lambda: float(np.sum(x ** 2)), x)
    assert grad.shape == (2, 3)
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-9, atol=1e-9)


def test_numerical_gradient_of_sin_and_of_a_product():
    x = np.linspace(-2, 2, 9)
    np.testing.assert_allclose(nh.numerical_gradient(lambda: float(np.sum(np.sin(x))), x),
                               np.cos(x), rtol=1e-9, atol=1e-10)
    w = np.array([2.0, -3.0])
    # f(w) = w0 * w1 ** 2  ->  (w1 ** 2, 2 w0 w1)
    np.testing.assert_allclose(nh.numerical_gradient(lambda: w[0] * w[1] ** 2, w), [9.0, -12.0], rtol=1e-9)


def test_numerical_gradient_of_a_scalar_parameter():
    b = np.array(0.3)
    assert nh.numerical_gradient(lambda: float(b) ** 3, b) == pytest.approx(3 * 0.3 ** 2, rel=1e-9)


def test_numerical_gradient_restores_every_entry_exactly():
    x = np.array([0.1, 0.2, 1 / 3, 1e-8, -7.7])  # values that x + h - h would not give back
    before = x.copy()
    seen = []
    nh.numerical_gradient(lambda: seen.append(x.copy()) or float(np.sum(x)), x)
    np.testing.assert_array_equal(x, before)
    # while entry i is nudged, every other entry sits at its original value
    assert len(seen) == 2 * x.size
    for i in range(x.size):
        for nudged in seen[2 * i: 2 * i + 2]:
            others = np.arange(x.size) != i
            np.testing.assert_array_equal(nudged[others], before[others])
            assert nudged[i] != before[i]


def test_numerical_gradient_restores_the_entry_when_f_raises():
    x = np.array([1.0, 2.0])
    calls = []

    def failing():
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return float(x.sum())

    with pytest.raises(RuntimeError, match="boom"):
        nh.numerical_gradient(failing, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_uses_the_step_h():
    x = np.array([1.0])
    # for f = x**3 the central difference is 3x^2 + h^2 exactly
    assert nh.numerical_gradient(lambda: float(x[0] ** 3), x, h=0.1)[0] == pytest.approx(3.01, rel=1e-12)


@pytest.mark.parametrize("bad", [[1.0, 2.0], np.array([1, 2]), 3.0])
def test_numerical_gradient_rejects_non_float_arrays(bad):
    with pytest.raises(ValueError, match="floating-point numpy array"):
        nh.numerical_gradient(lambda: 0.0, bad)


def test_numerical_gradient_names_the_dtype_it_got():
    with pytest.raises(ValueError, match="int64"):
        nh.numerical_gradient(lambda: 0.0, np.array([1, 2], dtype=np.int64))


# --- relative_error ------------------------------------------------------------------

def test_relative_error_values():
    np.testing.assert_allclose(nh.relative_error([1.0, 2.0], [1.0, 1.0]), [0.0, 1 / 3])
    # two numbers that are both essentially zero are not "100% apart": the floor steps in
    assert nh.relative_error(1e-12, 2e-12) == pytest.approx(1e-12 / 1e-8)
    assert nh.relative_error(0.0, 0.0) == 0.0


def test_relative_error_rejects_shape_mismatch():
    with pytest.raises(ValueError, match=r"\(2,\).*\(2, 1\)"):
        nh.relative_error(np.zeros(2), np.zeros((2, 1)))


# --- gradient_check ------------------------------------------------------------------

def _linear_model():
    """A one-layer linear model with a squared-error loss and its analytic gradients."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3, 5))
    Y = rng.normal(size=(2, 5))
    params = {"W1": rng.normal(size=(2, 3)), "b1": rng.normal(size=(2, 1))}

    def loss():
        return 0.5 * float(np.sum((params["W1"] @ X + params["b1"] - Y) ** 2))

    residual = params["W1"] @ X + params["b1"] - Y
    grads = {"dW1": residual @ X.T, "db1": residual.sum(axis=1, keepdims=True)}
    return loss, params, grads


def test_gradient_check_table_of_a_correct_gradient():
    loss, params, grads = _linear_model()
    before = {k: v.copy() for k, v in params.items()}
    table = nh.gradient_check(loss, params, grads)
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns) == ["parameter", "analytic", "numeric", "relative_error"]
    assert len(table) == 2 * 3 + 2
    assert table["parameter"].tolist()[:2] == ["W1[0, 0]", "W1[0, 1]"]
    assert table["parameter"].tolist()[-1] == "b1[1, 0]"
    assert table["relative_error"].max() < 1e-7
    assert table.loc[table["parameter"] == "W1[1, 2]", "analytic"].item() == grads["dW1"][1, 2]
    for name in params:
        np.testing.assert_array_equal(params[name], before[name])


def test_gradient_check_exposes_a_wrong_gradient():
    loss, params, grads = _linear_model()
    grads["dW1"] = 2 * grads["dW1"]  # the classic missing/extra factor of 2
    table = nh.gradient_check(loss, params, grads)
    w_rows = table["parameter"].str.startswith("W1")
    np.testing.assert_allclose(table.loc[w_rows, "relative_error"], 1 / 3, rtol=1e-5)
    assert table.loc[~w_rows, "relative_error"].max() < 1e-7


def test_gradient_check_accepts_gradients_keyed_like_the_parameters():
    loss, params, grads = _linear_model()
    table = nh.gradient_check(loss, params, {"W1": grads["dW1"], "b1": grads["db1"]})
    assert table["relative_error"].max() < 1e-7


def test_gradient_check_labels_a_scalar_parameter_by_its_name():
    params = {"w1": np.array(2.0)}
    table = nh.gradient_check(lambda: float(params["w1"]) ** 2, params, {"dw1": 4.0})
    assert table["parameter"].tolist() == ["w1"]
    assert table["numeric"].item() == pytest.approx(4.0)


def test_gradient_check_missing_gradient_is_an_error():
    loss, params, grads = _linear_model()
    del grads["db1"]
    with pytest.raises(ValueError, match=r"'b1'.*'db1'"):
        nh.gradient_check(loss, params, grads)


def test_gradient_check_wrong_gradient_shape_names_both_shapes():
    loss, params, grads = _linear_model()
    grads["dW1"] = grads["dW1"].T
    with pytest.raises(ValueError, match=r"'dW1' has shape \(3, 2\).*'W1' has shape \(2, 3\)"):
        nh.gradient_check(loss, params, grads)


# --- float32 parameters (issue 13, item 1) and kinks (item 2) --------------------------------

def _issue_case():
    params = nh.initialize_network(4, 5, 3, seed=0)  # float32 by default
    rng = np.random.default_rng(0)
    X = rng.standard_normal((4, 6)).astype(np.float32)
    Y = nh.one_hot(rng.integers(0, 3, 6), n_classes=3).astype(np.float32)
    return params, X, Y


def test_float32_parameters_are_refused_with_the_reason_and_the_fix():
    params, X, Y = _issue_case()
    _, grads = nh.network_loss_and_grads(params, X, Y)
    with pytest.raises(ValueError, match="float32") as error:
        nh.gradient_check(lambda: nh.network_loss_and_grads(params, X, Y)[0], params, grads)
    assert "float64" in str(error.value) and "X=X, Y=Y" in str(error.value)


def test_the_issue_case_checks_in_float64_through_the_model_form():
    params, X, Y = _issue_case()
    before = {k: v.copy() for k, v in params.items()}
    table = nh.gradient_check(nh.network_loss_and_grads, params, X=X, Y=Y)
    assert len(table) == 4 * 5 + 5 + 5 * 3 + 3
    assert table["relative_error"].median() < 1e-8 and table["relative_error"].max() < 1e-6
    assert all(params[k].dtype == np.float32 and np.array_equal(params[k], before[k]) for k in params)


def test_every_course_model_checks_in_float64_from_float32():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((4, 7)).astype(np.float32)
    y01 = rng.integers(0, 2, (1, 7)).astype(np.float32)
    Y3 = nh.one_hot(rng.integers(0, 3, 7), n_classes=3).astype(np.float32)
    cases = [
        (nh.logistic_gradients, nh.initialize_logistic(4, scale=1.0, seed=1, dtype=np.float32), y01),
        (functools.partial(nh.network_loss_and_grads, output="sigmoid"),
         nh.initialize_network(4, 3, 1, seed=1), y01),
        (functools.partial(nh.deep_loss_and_grads, activations=["relu", "sigmoid", "softmax"]),
         nh.initialize_deep([4, 6, 5, 3], seed=1, dtype=np.float32), Y3),
    ]
    for model, params, Y in cases:
        table = nh.gradient_check(model, params, X=X, Y=Y)
        assert table["relative_error"].median() < 1e-8, model
        assert table.attrs["kinks"] == []


def test_a_relu_kink_is_named_in_the_table():
    activations = ["relu", "softmax"]
    params = nh.initialize_deep([3, 4, 2], seed=0)
    X = np.random.default_rng(0).standard_normal((3, 5))
    X[:, 2] = 0.0  # sample 2 gives every hidden unit the pre-activation b1 = 0: a ReLU kink
    Y = nh.one_hot(np.array([0, 1, 1, 0, 1]), n_classes=2)
    _, grads = nh.deep_loss_and_grads(params, X, Y, activations)
    table = nh.gradient_check(lambda: nh.deep_loss(params, X, Y, activations), params, grads)
    flagged = table[table["parameter"].isin(table.attrs["kinks"])]
    assert len(flagged) >= 1 and flagged["parameter"].str.startswith("b1").all()
    assert (flagged["relative_error"] > 1e-3).all()
    assert flagged["note"].str.contains("not differentiable").all()
    # the rows away from the kink stay quiet
    assert (table.loc[~table["parameter"].isin(table.attrs["kinks"]), "note"] == "").all()


def test_a_real_bug_is_not_called_a_kink():
    params = nh.initialize_deep([3, 4, 2], seed=0)
    X = np.random.default_rng(1).standard_normal((3, 5))
    Y = nh.one_hot(np.array([0, 1, 1, 0, 1]), n_classes=2)
    _, grads = nh.deep_loss_and_grads(params, X, Y, ["sigmoid", "softmax"])
    grads["dW1"] = grads["dW1"] * 2  # a factor-2 slip
    table = nh.gradient_check(lambda: nh.deep_loss(params, X, Y, ["sigmoid", "softmax"]), params, grads)
    assert table["relative_error"].max() > 0.1 and table.attrs["kinks"] == []
    assert "note" not in table


def test_gradient_check_arguments_swapped_or_missing():
    params = {"w": np.array([1.0])}
    with pytest.raises(ValueError, match="look swapped"):
        nh.gradient_check(params, lambda: 0.0, {"dw": np.array([0.0])})
    with pytest.raises(ValueError, match="give the analytic gradients"):
        nh.gradient_check(lambda: 0.0, params)
    with pytest.raises(ValueError, match="leave grads out"):
        nh.gradient_check(lambda p, X, Y: (0.0, {}), params, {"dw": 0}, X=np.zeros((1, 1)), Y=np.zeros((1, 1)))
    with pytest.raises(ValueError, match=r"'dw' must have shape \(1,\)"):
        nh.gradient_check(lambda: 0.0, params, {"dw": np.zeros(2)})


def test_numerical_gradient_refuses_float32_too():
    x = np.array([1.0, 2.0], dtype=np.float32)
    with pytest.raises(ValueError, match="float64 copy"):
        nh.numerical_gradient(lambda: float(np.sum(x ** 2)), x)


def test_numerical_gradient_swapped_arguments():
    x = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match="look swapped"):
        nh.numerical_gradient(x, lambda: float(np.sum(x ** 2)))


def test_a_kink_within_h_is_named_too():
    activations = ["relu", "softmax"]
    params = nh.initialize_deep([3, 4, 2], seed=0)
    params["b1"][1, 0] = 3e-6  # within h = 1e-5 of the kink for the sample below
    X = np.random.default_rng(0).standard_normal((3, 5))
    X[:, 2] = 0.0
    Y = nh.one_hot(np.array([0, 1, 1, 0, 1]), n_classes=2)
    _, grads = nh.deep_loss_and_grads(params, X, Y, activations)
    table = nh.gradient_check(lambda: nh.deep_loss(params, X, Y, activations), params, grads)
    row = table.set_index("parameter").loc["b1[1, 0]"]
    assert row["relative_error"] > 1e-4  # the nudge crossed the kink: a large error, and no bug
    assert "b1[1, 0]" in table.attrs["kinks"] and "not differentiable" in row["note"]
    assert all(name.startswith("b1") for name in table.attrs["kinks"])


# --- adversarial review: params and grads swapped (defect 3) ------------------------------------

def test_params_and_grads_swapped_is_named():
    P = nh.initialize_network(4, 3, 2, seed=0, dtype=np.float64)
    X = np.random.default_rng(0).normal(size=(4, 5))
    Y = nh.one_hot(np.array([0, 1, 1, 0, 1]), 2, dtype=float)
    grads = nh.network_loss_and_grads(P, X, Y)[1]
    with pytest.raises(ValueError, match="look swapped"):
        nh.gradient_check(lambda: nh.network_loss_and_grads(P, X, Y)[0], grads, P)


# --- adversarial review: a wrong gradient of a smooth function is not a kink (defect 9), h checked

def test_wrong_gradient_of_a_smooth_function_is_not_called_a_kink():
    w = np.array([1e-6])  # curvature alone makes the one-sided slopes differ by 2h >> |a - n|
    table = nh.gradient_check(lambda: float(np.sum(w ** 2)), {"w": w}, {"w": np.array([4e-6])})
    assert table.attrs["kinks"] == [] and "note" not in table
    assert table.relative_error[0] > 0.3


def test_a_relu_kink_at_the_point_is_still_named():
    w = np.array([0.0])
    table = nh.gradient_check(lambda: float(np.maximum(w, 0).sum()), {"w": w}, {"w": np.array([0.0])})
    assert table.attrs["kinks"] == ["w[0]"]


def test_a_relu_kink_between_the_point_and_h_is_still_named():
    w = np.array([3e-6])  # the kink at 0 is 3e-6 away, within h = 1e-5
    table = nh.gradient_check(lambda: float(np.maximum(w, 0).sum()), {"w": w}, {"w": np.array([1.0])})
    assert table.attrs["kinks"] == ["w[0]"]


@pytest.mark.parametrize("h", [0, -1e-5, "1e-5", True, np.nan])
def test_step_must_be_a_positive_number(h):
    w = np.array([1.0])
    with pytest.raises(ValueError, match="h must be a positive number"):
        nh.gradient_check(lambda: float(np.sum(w ** 2)), {"w": w}, {"w": 2 * w}, h=h)
    with pytest.raises(ValueError, match="h must be a positive number"):
        nh.numerical_gradient(lambda: float(np.sum(w ** 2)), w, h=h)


def test_model_or_loss_returning_the_wrong_thing_is_named():
    P = nh.initialize_network(4, 3, 2, seed=0, dtype=np.float64)
    X = np.random.default_rng(0).normal(size=(4, 5))
    Y = nh.one_hot(np.array([0, 1, 1, 0, 1]), 2, dtype=float)
    with pytest.raises(ValueError, match=r"\(loss, grads\)"):
        nh.gradient_check(lambda p, X, Y: 1.0, P, X=X, Y=Y)
    grads = nh.network_loss_and_grads(P, X, Y)[1]
    with pytest.raises(ValueError, match="must return a single number"):
        nh.gradient_check(lambda: np.array([nh.network_loss_and_grads(P, X, Y)[0]]), P, grads)
