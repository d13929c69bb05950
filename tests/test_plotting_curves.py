"""Tests for nnhelpers.plotting.curves: what is drawn, and the ValueErrors."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnhelpers as nh  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _lines(ax):
    """The data lines of an Axes (axhline/axvline have no legend label)."""
    return [line for line in ax.get_lines() if not line.get_label().startswith("_")]


def test_exported_at_top_level_and_in_plotting():
    assert nh.plot_activation is nh.plotting.plot_activation
    assert nh.plot_history is nh.plotting.plot_history
    assert nh.plot_loss_curve is nh.plotting.plot_loss_curve


def test_plot_activation_draws_function_on_default_grid():
    ax = nh.plot_activation(nh.sigmoid)
    (line,) = _lines(ax)
    x, y = line.get_data()
    assert len(x) == 401 and x[0] == -10 and x[-1] == 10
    np.testing.assert_allclose(y, nh.sigmoid(x))
    assert line.get_label() == "sigmoid"
    assert ax.get_legend() is not None
    assert any(gl.get_visible() for gl in ax.xaxis.get_gridlines())


def test_plot_activation_with_derivative_and_custom_grid_and_label():
    z = np.linspace(-3, 3, 7)
    ax = nh.plot_activation(nh.sigmoid, nh.sigmoid_prime, z=z, label="σ")
    function_line, derivative_line = _lines(ax)
    np.testing.assert_allclose(derivative_line.get_ydata(), nh.sigmoid_prime(z))
    assert function_line.get_label() == "σ"
    assert "σ" in derivative_line.get_label() and "derivative" in derivative_line.get_label()


def test_plot_activation_uses_given_axes():
    _, ax = plt.subplots()
    assert nh.plot_activation(nh.relu, ax=ax) is ax


def test_plot_activation_rejects_bad_grid_and_non_elementwise_function():
    with pytest.raises(ValueError, match=r"z must be 1-D.*\(2, 2\)"):
        nh.plot_activation(nh.sigmoid, z=np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"returned shape \(\).*\(401,\)"):
        nh.plot_activation(np.sum)


def test_plot_history_plots_every_key_but_step():
    history = {"step": [10, 20, 30], "train_loss": [0.9, 0.5, 0.3], "test_loss": [1.0, 0.6, 0.4]}
    ax = nh.plot_history(history, title="learning curves", xlabel="step")
    lines = _lines(ax)
    assert [line.get_label() for line in lines] == ["train loss", "test loss"]
    np.testing.assert_array_equal(lines[0].get_xdata(), [10, 20, 30])
    np.testing.assert_array_equal(lines[1].get_ydata(), [1.0, 0.6, 0.4])
    assert ax.get_title() == "learning curves"
    assert ax.get_xlabel() == "step"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["train loss", "test loss"]


def test_plot_history_default_x_and_selected_keys_and_log_scale():
    history = {"loss": [1.0, 0.1, 0.01], "accuracy": [0.5, 0.8, 0.9]}
    ax = nh.plot_history(history, keys=["loss"], logy=True)
    (line,) = _lines(ax)
    np.testing.assert_array_equal(line.get_xdata(), [0, 1, 2])
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "epoch"
    assert ax.get_ylabel() == "loss"


def test_plot_history_accepts_a_single_key_string():
    ax = nh.plot_history({"loss": [3.0, 2.0], "accuracy": [0.1, 0.2]}, keys="accuracy")
    assert [line.get_label() for line in _lines(ax)] == ["accuracy"]


@pytest.mark.parametrize(
    "history, keys, message",
    [
        ({"loss": [1.0, 2.0], "accuracy": [0.5]}, None, r"history\['accuracy'\] has 1 values but history\['loss'\] has 2"),
        ({"step": [0, 1, 2], "loss": [1.0, 2.0]}, None, r"history\['loss'\] has 2 values but history\['step'\] has 3"),
        ({"loss": [1.0]}, ["acc"], r"no key 'acc'"),
        ({"step": [0, 1]}, None, r"nothing to plot"),
        ({"loss": []}, None, r"empty"),
        ({"loss": [[1.0, 2.0]]}, None, r"must be 1-D.*\(1, 2\)"),
        ({"loss": [1.0, 0.0]}, ["loss"], None),  # fine without logy
    ],
)
def test_plot_history_rejects_bad_histories(history, keys, message):
    if message is None:
        nh.plot_history(history, keys=keys)
        return
    with pytest.raises(ValueError, match=message):
        nh.plot_history(history, keys=keys)


def test_plot_history_log_scale_needs_positive_values():
    with pytest.raises(ValueError, match=r"logy=True needs positive values.*'loss'"):
        nh.plot_history({"loss": [1.0, 0.0]}, logy=True)


def test_plot_history_rejects_non_dict():
    with pytest.raises(ValueError, match="must be a dict"):
        nh.plot_history([1.0, 2.0])


def test_plot_loss_curve():
    _, ax = plt.subplots()
    returned = nh.plot_loss_curve([0.7, 0.4, 0.2, 0.1], ax=ax, xlabel="step", title="MSE")
    assert returned is ax
    (line,) = _lines(ax)
    np.testing.assert_array_equal(line.get_xdata(), [0, 1, 2, 3])
    np.testing.assert_array_equal(line.get_ydata(), [0.7, 0.4, 0.2, 0.1])
    assert ax.get_title() == "MSE" and ax.get_xlabel() == "step"
    with pytest.raises(ValueError, match=r"losses must be 1-D"):
        nh.plot_loss_curve(np.zeros((2, 3)))
