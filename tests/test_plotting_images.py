"""Tests for nnhelpers.plotting.images (Agg backend: nothing is shown)."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nnhelpers.metrics import confusion_matrix  # noqa: E402
from nnhelpers.plotting.images import (  # noqa: E402
    plot_confusion_matrix,
    plot_digits,
    plot_misclassified,
    plot_weight_images,
)

RED = mcolors.to_rgba("tab:red")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def digits(m=12, seed=0):
    """m fake 28x28 'images' with a distinct first pixel, so we can tell which column is where."""
    rng = np.random.default_rng(seed)
    X = rng.random((784, m)).astype(np.float32)
    X[0] = np.arange(m) / m
    return X


# --- plot_digits ----------------------------------------------------------------------------

def test_plot_digits_draws_n_images_of_28_by_28_in_column_order():
    X = digits(12)
    axes = plot_digits(X, n=5, ncols=3)
    assert isinstance(axes, np.ndarray) and axes.shape == (5,)
    for j, ax in enumerate(axes):
        data = ax.get_images()[0].get_array()
        assert data.shape == (28, 28)
        np.testing.assert_allclose(data, X[:, j].reshape(28, 28))
    # 5 images in rows of 3: a 2 x 3 grid whose sixth cell is switched off
    assert len(axes[0].figure.axes) == 6
    assert not axes[0].figure.axes[5].axison


def test_plot_digits_titles_with_labels_and_wrong_predictions_in_red():
    X = digits(4)
    labels = np.array([3, 1, 4, 1])
    predictions = np.array([3, 7, 4, 2])
    axes = plot_digits(X, labels, predictions, n=4)
    titles = [ax.get_title() for ax in axes]
    assert titles == ["true 3\npred 3", "true 1\npred 7", "true 4\npred 4", "true 1\npred 2"]
    colors = [mcolors.to_rgba(ax.title.get_color()) for ax in axes]
    assert colors[1] == RED and colors[3] == RED
    assert colors[0] != RED and colors[2] != RED


def test_plot_digits_labels_only_and_class_names():
    X = digits(3)
    axes = plot_digits(X, labels=np.array([0, 1, 0]), class_names={0: "other", 1: "zero"})
    assert [ax.get_title() for ax in axes] == ["other", "zero", "other"]
    assert [ax.get_title() for ax in plot_digits(X)] == ["", "", ""]


def test_plot_digits_indices_choose_columns():
    X = digits(10)
    axes = plot_digits(X, labels=np.arange(10), indices=np.array([7, 2]))
    assert [ax.get_title() for ax in axes] == ["7", "2"]
    np.testing.assert_allclose(axes[0].get_images()[0].get_array(), X[:, 7].reshape(28, 28))


def test_plot_digits_n_larger_than_m_shows_all():
    assert plot_digits(digits(3), n=50).shape == (3,)


def test_plot_digits_into_a_given_figure():
    fig = plt.figure()
    axes = plot_digits(digits(4), n=4, ncols=2, fig=fig)
    assert axes[0].figure is fig and len(fig.axes) == 4


def test_plot_digits_bad_shapes():
    X = digits(6)
    with pytest.raises(ValueError, match=r"6 rows, which is not a square.*transposed"):
        plot_digits(X.T)
    with pytest.raises(ValueError, match=r"X must be a 2-D.*\(784,\)"):
        plot_digits(X[:, 0])
    with pytest.raises(ValueError, match=r"labels must be 1-D.*\(1, 6\).*ravel"):
        plot_digits(X, labels=np.zeros((1, 6), dtype=int))
    with pytest.raises(ValueError, match="predictions has 5 entries but X has 6 columns"):
        plot_digits(X, predictions=np.zeros(5, dtype=int))
    with pytest.raises(ValueError, match="n must be an integer"):
        plot_digits(X, n=0)
    with pytest.raises(ValueError, match="indices must lie"):
        plot_digits(X, indices=np.array([6]))


# --- plot_misclassified ---------------------------------------------------------------------

def test_plot_misclassified_shows_only_the_wrong_ones():
    X = digits(8)
    y_true = np.array([0, 1, 0, 0, 1, 1, 0, 0])
    y_pred = np.array([0, 0, 0, 1, 1, 1, 0, 1])  # wrong at 1, 3, 7
    axes = plot_misclassified(X, y_true, y_pred, class_names={0: "other", 1: "zero"})
    assert axes.shape == (3,)
    assert [ax.get_title() for ax in axes] == ["true zero\npred other", "true other\npred zero",
                                               "true other\npred zero"]
    np.testing.assert_allclose(axes[1].get_images()[0].get_array(), X[:, 3].reshape(28, 28))
    assert all(mcolors.to_rgba(ax.title.get_color()) == RED for ax in axes)


def test_plot_misclassified_limits_to_n_and_handles_none_wrong():
    X = digits(8)
    y_true = np.zeros(8, dtype=int)
    assert plot_misclassified(X, y_true, np.ones(8, dtype=int), n=2).shape == (2,)
    assert plot_misclassified(X, y_true, y_true).size == 0


def test_plot_misclassified_bad_shapes():
    X = digits(8)
    with pytest.raises(ValueError, match=r"y_pred must be 1-D.*\(1, 8\)"):
        plot_misclassified(X, np.zeros(8, dtype=int), np.zeros((1, 8), dtype=int))


# --- plot_confusion_matrix ------------------------------------------------------------------

def test_plot_confusion_matrix_counts_labels_and_axes():
    cm = confusion_matrix([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2])
    ax = plot_confusion_matrix(cm, title="three classes")
    assert ax.get_xlabel() == "predicted" and ax.get_ylabel() == "true"
    assert ax.get_title() == "three classes"
    np.testing.assert_array_equal(ax.get_images()[0].get_array(), cm.to_numpy())
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["2", "1", "0", "0", "1", "1", "0", "0", "1"]  # row by row
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0", "1", "2"]


def test_plot_confusion_matrix_normalized_rows():
    cm = confusion_matrix([0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 1])
    ax = plot_confusion_matrix(cm, normalize=True)
    np.testing.assert_allclose(ax.get_images()[0].get_array(), [[0.75, 0.25], [0.0, 1.0]])
    assert [t.get_text() for t in ax.texts] == ["75.0%", "25.0%", "0", "100.0%"]


def test_plot_confusion_matrix_uses_given_axes_and_plain_arrays():
    fig, ax = plt.subplots()
    assert plot_confusion_matrix(np.array([[5, 1], [0, 3]]), ax=ax) is ax
    assert ax.texts[0].get_text() == "5"


def test_plot_confusion_matrix_bad_shapes():
    with pytest.raises(ValueError, match=r"square.*\(2, 3\)"):
        plot_confusion_matrix(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"square 2-D.*\(4,\)"):
        plot_confusion_matrix(np.zeros(4))


# --- plot_weight_images ---------------------------------------------------------------------

def test_plot_weight_images_rows_as_images_centred_on_zero():
    rng = np.random.default_rng(1)
    W = rng.standard_normal((10, 784))
    axes = plot_weight_images(W, n=6, ncols=4)
    assert axes.shape == (6,)
    for i, ax in enumerate(axes):
        image = ax.get_images()[0]
        assert image.get_array().shape == (28, 28)
        np.testing.assert_allclose(image.get_array(), W[i].reshape(28, 28))
        low, high = image.get_clim()
        assert low == -high and high == pytest.approx(np.abs(W[i]).max())
        assert image.get_cmap().name == "RdBu_r"
        assert ax.get_title() == f"unit {i}"


def test_plot_weight_images_shared_scale_and_single_unit_colorbar():
    W = np.array([np.linspace(-1, 1, 784), np.linspace(0, 3, 784)])
    axes = plot_weight_images(W, shared_scale=True)
    assert all(ax.get_images()[0].get_clim() == (-3.0, 3.0) for ax in axes)
    axes = plot_weight_images(W[:1], colorbar=True)
    assert axes.shape == (1,) and len(axes[0].figure.axes) == 2  # the image and its colour bar


def test_plot_weight_images_all_zero_weights_do_not_fail():
    axes = plot_weight_images(np.zeros((1, 784)))
    assert axes[0].get_images()[0].get_clim() == (-1.0, 1.0)


def test_plot_weight_images_bad_shapes():
    with pytest.raises(ValueError, match=r"W has 3 columns.*\(n_units, n_pixels\)"):
        plot_weight_images(np.zeros((784, 3)))
    with pytest.raises(ValueError, match=r"2-D.*\(784,\)"):
        plot_weight_images(np.zeros(784))
