"""Image plots: digits, confusion matrices and learned weights (introduced in chapter 05).

Images follow the course layout: X has shape (n_pixels, m), one flattened
image per column, so MNIST is (784, m) and column j is ``X[:, j].reshape(28, 28)``.
A weight matrix W has shape (n_units, n_pixels): row i holds the weights of
unit i, one per pixel, and can be shown as an image of the same size.

Grids of images return the numpy array of the Axes they drew on (one per
image, in reading order); `plot_confusion_matrix` takes ``ax=None`` and
returns its Axes, like every plot helper of the course.
"""
from __future__ import annotations

import math
from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

__all__ = ["plot_digits", "plot_misclassified", "plot_confusion_matrix", "plot_weight_images"]

_WRONG_COLOR = "tab:red"


# --- shape checks ---------------------------------------------------------------------------

def _image_side(name: str, n_pixels: int, layout: str) -> int:
    side = math.isqrt(n_pixels)
    if side * side != n_pixels or n_pixels == 0:
        raise ValueError(
            f"{name} has {n_pixels} {layout}, which is not a square image (784 = 28 x 28 for MNIST); "
            f"is it transposed? The course layout is {'(n_pixels, m)' if layout == 'rows' else '(n_units, n_pixels)'}"
        )
    return side


def _images(X) -> tuple[np.ndarray, int]:
    """X as a 2-D float array (n_pixels, m) and the side of its square images."""
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_pixels, m), one image per column, got shape {X.shape}")
    if X.dtype.kind not in "biuf":
        raise ValueError(f"X must hold numbers, got dtype {X.dtype}")
    return X, _image_side("X", X.shape[0], "rows")


def _per_sample(name: str, values, m: int) -> np.ndarray | None:
    if values is None:
        return None
    values = np.asarray(values)
    if values.ndim != 1:
        hint = " (a (1, m) row? pass it .ravel()-ed)" if values.ndim == 2 and 1 in values.shape else ""
        raise ValueError(f"{name} must be 1-D, one entry per column of X, got shape {values.shape}{hint}")
    if values.shape[0] != m:
        raise ValueError(f"{name} has {values.shape[0]} entries but X has {m} columns (images)")
    return values


def _count(name: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _grid(n: int, ncols: int, fig, cell: tuple[float, float]) -> np.ndarray:
    """n Axes in rows of ncols (the unused cells of the last row are switched off)."""
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    if fig is None:
        fig = plt.figure(figsize=(cell[0] * ncols, cell[1] * nrows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False).ravel())
    for ax in axes[n:]:
        ax.set_axis_off()
    return axes[:n]


def _name(value, class_names) -> str:
    if class_names is None:
        return str(value.item() if isinstance(value, np.generic) else value)
    key = value.item() if isinstance(value, np.generic) else value
    return str(class_names[key])


# --- digits ---------------------------------------------------------------------------------

def plot_digits(
    X,
    labels=None,
    predictions=None,
    n: int = 20,
    ncols: int = 10,
    indices=None,
    class_names: Mapping | Sequence | None = None,
    fig=None,
):
    """Show images from the columns of X in a grid, titled with labels and predictions.

    Parameters
    ----------
    X : array_like, shape (n_pixels, m), e.g. (784, m); one flattened square
        image per column, pixel values ideally in [0, 1].
    labels : array_like, shape (m,), optional — the true class of each column.
    predictions : array_like, shape (m,), optional — a model's answers. With
        labels, each title reads "true ... / pred ..." and wrong ones are red.
    n : int, how many images to show (at most the number available).
    ncols : int, images per row.
    indices : array_like of ints, optional — which columns to show (default the first n).
    class_names : dict or sequence, optional — display names, e.g. {0: "other", 1: "zero"}.
    fig : matplotlib Figure, optional — draw into it instead of a new figure.

    Returns
    -------
    numpy array of the Axes drawn on, shape (number of images shown,).

    Raises
    ------
    ValueError if X is not 2-D with a square number of rows, or labels /
    predictions are not 1-D with one entry per column.
    """
    X, side = _images(X)
    m = X.shape[1]
    labels = _per_sample("labels", labels, m)
    predictions = _per_sample("predictions", predictions, m)
    n, ncols = _count("n", n), _count("ncols", ncols)
    if indices is None:
        indices = np.arange(min(n, m))
    else:
        indices = np.asarray(indices)
        if indices.ndim != 1 or indices.dtype.kind not in "iu":
            raise ValueError(f"indices must be a 1-D array of column numbers, got shape {indices.shape}")
        if indices.size and (indices.min() < -m or indices.max() >= m):
            raise ValueError(f"indices must lie in [0, {m}), got values from {indices.min()} to {indices.max()}")
        indices = indices[:n]
    if indices.size == 0:
        raise ValueError("there are no images to show (X has no columns or indices is empty)")

    shown = X[:, indices]
    # One grey scale for the whole grid, so a faint digit looks faint.
    low, high = float(np.min(shown)), float(np.max(shown))
    axes = _grid(indices.size, ncols, fig, cell=(0.95, 1.25 if predictions is not None else 1.05))
    for ax, j in zip(axes, indices):
        ax.imshow(X[:, j].reshape(side, side), cmap="gray_r", vmin=low, vmax=high)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        title, color = _title(labels, predictions, j, class_names)
        if title:
            ax.set_title(title, fontsize="medium", color=color)
    return axes


def _title(labels, predictions, j, class_names) -> tuple[str, str]:
    if labels is not None and predictions is not None:
        wrong = labels[j] != predictions[j]
        text = f"true {_name(labels[j], class_names)}\npred {_name(predictions[j], class_names)}"
        return text, _WRONG_COLOR if wrong else "black"
    if labels is not None:
        return _name(labels[j], class_names), "black"
    if predictions is not None:
        return f"pred {_name(predictions[j], class_names)}", "black"
    return "", "black"


def plot_misclassified(
    X,
    y_true,
    y_pred,
    n: int = 20,
    ncols: int = 10,
    class_names: Mapping | Sequence | None = None,
    fig=None,
):
    """Show the first n images that the model got wrong, titled true / predicted.

    Parameters
    ----------
    X : array_like, shape (n_pixels, m), one flattened image per column.
    y_true : array_like, shape (m,), the true labels.
    y_pred : array_like, shape (m,), the predictions.
    n, ncols, class_names, fig : as in `plot_digits`.

    Returns
    -------
    numpy array of the Axes drawn on (empty if nothing was misclassified, in
    which case one Axes saying so is drawn and the array is empty).
    """
    X, _ = _images(X)
    y_true = _per_sample("y_true", y_true, X.shape[1])
    y_pred = _per_sample("y_pred", y_pred, X.shape[1])
    if y_true is None or y_pred is None:
        raise ValueError("plot_misclassified needs both y_true and y_pred")
    wrong = np.flatnonzero(y_true != y_pred)
    if wrong.size == 0:
        if fig is None:
            fig = plt.figure(figsize=(4, 1), layout="constrained")
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no misclassified images", ha="center", va="center")
        return np.array([], dtype=object)
    return plot_digits(X, y_true, y_pred, n=n, ncols=ncols, indices=wrong,
                       class_names=class_names, fig=fig)


# --- confusion matrix -----------------------------------------------------------------------

def _as_matrix(cm) -> pd.DataFrame:
    if isinstance(cm, pd.DataFrame):
        frame = cm
    else:
        array = np.asarray(cm)
        if array.ndim != 2:
            raise ValueError(f"cm must be a square 2-D table of counts, got shape {array.shape}")
        frame = pd.DataFrame(array)
    if frame.shape[0] != frame.shape[1] or frame.size == 0:
        raise ValueError(f"cm must be a square table (k, k) of counts, got shape {frame.shape}")
    if not all(np.issubdtype(dtype, np.number) for dtype in frame.dtypes):
        raise ValueError("cm must hold numbers (counts)")
    return frame


def plot_confusion_matrix(cm, ax=None, normalize: bool = False, title: str | None = None,
                          cmap: str = "Blues"):
    """Heat map of a confusion matrix, with every cell annotated.

    Parameters
    ----------
    cm : pandas.DataFrame of shape (k, k) as returned by ``nh.confusion_matrix``
        (rows = true class, columns = predicted class), or a square array.
    ax : matplotlib Axes or None (a new (4.5, 4) figure, larger for many classes).
    normalize : bool. If True, each row is divided by its sum, so a cell shows
        the fraction of that true class predicted as each class (the diagonal
        is then the per-class recall); counts are shown otherwise.
    title : optional title.
    cmap : matplotlib colormap name.

    Returns
    -------
    matplotlib.axes.Axes, x axis labelled "predicted", y axis "true".
    """
    frame = _as_matrix(cm)
    counts = frame.to_numpy(dtype=np.float64)
    if normalize:
        totals = counts.sum(axis=1, keepdims=True)
        values = np.divide(counts, totals, out=np.zeros_like(counts), where=totals != 0)
        text = [[f"{v:.1%}" if v else "0" for v in row] for row in values]
    else:
        values = counts
        text = [[f"{int(v)}" if float(v).is_integer() else f"{v:.3g}" for v in row] for row in values]

    k = frame.shape[0]
    if ax is None:
        size = max(4.5, 0.55 * k + 1.5)   # about 0.55 in (55 px) per cell: room for a 4-digit count
        _, ax = plt.subplots(figsize=(size + 0.5, size), layout="constrained")
    image = ax.imshow(values, cmap=cmap, vmin=0, vmax=values.max() if values.max() > 0 else 1)
    # Dark cells get white text; the threshold is half-way up the colour scale.
    middle = (image.norm.vmin + image.norm.vmax) / 2
    # counts as large as the tick labels (font.size), larger for a few classes: legible on a slide
    fontsize = "x-large" if k <= 5 else "medium"
    for i in range(k):
        for j in range(k):
            ax.text(j, i, text[i][j], ha="center", va="center", fontsize=fontsize,
                    color="white" if values[i, j] > middle else "black")
    ax.set_xticks(range(k), [str(c) for c in frame.columns])
    ax.set_yticks(range(k), [str(r) for r in frame.index])
    ax.set_xlabel("predicted", labelpad=8)
    ax.set_ylabel("true", labelpad=8)
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    if title:
        ax.set_title(title)  # matplotlib places it above the top axis (ticks and "predicted")
    return ax


# --- weights as images ----------------------------------------------------------------------

def plot_weight_images(W, n: int | None = None, ncols: int = 8, fig=None,
                       shared_scale: bool = False, colorbar: bool = False, titles: bool = True):
    """Show each row of a weight matrix as an image, red for positive, blue for negative.

    Parameters
    ----------
    W : array_like, shape (n_units, n_pixels), e.g. (1, 784) for logistic
        regression or (64, 784) for a hidden layer: row i is what unit i
        multiplies the pixels by.
    n : int, optional — show the first n rows (default all).
    ncols : int, images per row.
    fig : matplotlib Figure, optional — draw into it instead of a new figure.
    shared_scale : bool. If False (default) each image uses its own colour
        range, centred on 0; if True all share one, so strengths compare.
    colorbar : bool. Add a colour bar (for one image, or with shared_scale).
    titles : bool. Title each image "unit i".

    Returns
    -------
    numpy array of the Axes drawn on, shape (n,).

    Raises
    ------
    ValueError if W is not 2-D or its rows are not square images (a W of
    shape (784, n_units) is the transpose of what is expected).
    """
    W = np.asarray(W)
    if W.ndim != 2:
        raise ValueError(f"W must be a 2-D array (n_units, n_pixels), got shape {W.shape}")
    if W.dtype.kind not in "biuf":
        raise ValueError(f"W must hold numbers, got dtype {W.dtype}")
    side = _image_side("W", W.shape[1], "columns")
    n = W.shape[0] if n is None else min(_count("n", n), W.shape[0])
    ncols = _count("ncols", ncols)
    if n == 0:
        raise ValueError("W has no rows (units) to show")

    cell = (3.0, 3.0) if n == 1 else (1.2, 1.3)
    axes = _grid(n, ncols, fig, cell=cell)
    shared_limit = float(np.max(np.abs(W[:n]))) or 1.0
    image = None
    for i, ax in enumerate(axes):
        row = W[i]
        # Centre the colour scale on 0: white means "this pixel does not matter".
        limit = shared_limit if shared_scale else (float(np.max(np.abs(row))) or 1.0)
        image = ax.imshow(row.reshape(side, side), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_xticks([])
        ax.set_yticks([])
        if titles:
            ax.set_title(f"unit {i}", fontsize="medium")
    if colorbar and (shared_scale or n == 1):
        axes[0].figure.colorbar(image, ax=list(axes), shrink=0.8)
    return axes
