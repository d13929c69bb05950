"""Tests for nnhelpers.plotting.deep: one curve per training run."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnhelpers as nh  # noqa: E402
from nnhelpers.plotting.deep import plot_runs  # noqa: E402

RUNS = {
    "784-16-16-10": {"step": [1, 2, 3], "loss": [0.5, 0.3, 0.2], "test_accuracy": [0.9, 0.92, 0.94]},
    "784-64-10": {"step": [1, 2, 3, 4], "loss": [0.4, 0.2, 0.1, 0.08], "test_accuracy": [0.93, 0.95, 0.96, 0.97]},
}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_one_line_per_run_with_the_right_data():
    ax = plot_runs(RUNS, "test_accuracy", title="compare")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == list(RUNS)
    np.testing.assert_array_equal(lines[1].get_xdata(), [1, 2, 3, 4])
    np.testing.assert_array_equal(lines[1].get_ydata(), [0.93, 0.95, 0.96, 0.97])
    assert ax.get_title() == "compare" and ax.get_ylabel() == "test accuracy" and ax.get_xlabel() == "epoch"
    assert all(float(t).is_integer() for t in ax.get_xticks())  # whole epochs only


def test_draws_on_a_given_axes_with_styles_and_without_step():
    _, ax = plt.subplots()
    runs = {"a": {"loss": [3.0, 2.0]}, "b": {"loss": [2.5, 1.0]}}
    assert plot_runs(runs, "loss", ax=ax, styles={"b": "--"}) is ax
    assert ax.get_lines()[1].get_linestyle() == "--"
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [0, 1])


def test_logarithmic_y_axis():
    ax = plot_runs({"he": {"step": [1, 2], "rms": [1.0, 0.9]}, "small": {"step": [1, 2], "rms": [1e-2, 1e-4]}},
                   "rms", logy=True, xlabel="layer")
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "layer"
    with pytest.raises(ValueError, match="run 'b' has some <= 0"):
        plot_runs({"b": {"rms": [1.0, 0.0]}}, "rms", logy=True)


def test_exported_under_nh_and_nh_plotting():
    assert nh.plot_runs is plot_runs
    assert nh.plotting.plot_runs is plot_runs


@pytest.mark.parametrize("runs, key, message", [
    ({}, "loss", "non-empty"),
    ({"a": {"step": [1, 2], "loss": [1.0]}}, "loss", "'step' has 2 values but 'loss' has 1"),
    ({"a": {"step": [1], "loss": [1.0]}}, "test_accuracy", "run 'a' has no 'test_accuracy'"),
    ({"a": [1.0, 2.0]}, "loss", "must be a history dict"),
    ({"a": {"loss": []}}, "loss", "non-empty"),
])
def test_bad_input(runs, key, message):
    with pytest.raises(ValueError, match=message):
        plot_runs(runs, key)
