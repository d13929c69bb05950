"""Line plots: activation functions and learning curves (introduced in chapter 02).

These helpers plot one-dimensional things, so the course's matrix layout
(X of shape (n_features, m), one column per sample) does not appear here:
an activation is drawn over a 1-D grid of pre-activations z, and a training
history is a dict of 1-D series, one value per epoch (or per step).

Each helper takes ``ax=None`` (a new (6, 3.5) figure is made when it is None)
and returns the Axes it drew on, so a notebook can add to the plot or place it
in a grid of subplots.
"""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

__all__ = ["plot_activation", "plot_history", "plot_loss_curve"]

_FIGSIZE = (6, 3.5)


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots(figsize=_FIGSIZE, layout="constrained")
    return ax


def _series(name: str, values) -> np.ndarray:
    """``values`` as a non-empty 1-D float array, or a ValueError naming ``name``."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a sequence of numbers, got {type(values).__name__}") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one value per point), got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty; there is nothing to plot")
    return array


def _pretty(key: str) -> str:
    return key.replace("_", " ")


def plot_activation(
    function: Callable,
    derivative: Callable | None = None,
    z=None,
    ax=None,
    label: str | None = None,
):
    """Plot an activation function g(z), and optionally its derivative g'(z).

    Parameters
    ----------
    function : callable mapping an array of z to an array of the same shape,
        e.g. ``nh.sigmoid``.
    derivative : callable or None. If given (e.g. ``nh.sigmoid_prime``), it is
        drawn dashed on the same axes. It must take z, the pre-activation.
    z : array_like, shape (n_points,), optional. The grid of pre-activations;
        default ``np.linspace(-10, 10, 401)``.
    ax : matplotlib Axes or None.
    label : legend name of the function; default ``function.__name__``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError if z is not 1-D or a function returns a different shape than z.
    """
    z = np.linspace(-10, 10, 401) if z is None else _series("z", z)
    label = label or getattr(function, "__name__", "g")
    ax = _axes(ax)
    curves = [(label, function, "-")]
    if derivative is not None:
        curves.append((f"{label}′ (derivative)", derivative, "--"))
    for name, f, style in curves:
        values = np.asarray(f(z))
        if values.shape != z.shape:
            raise ValueError(
                f"{name} returned shape {values.shape} for z of shape {z.shape}; "
                "an activation must work element-wise"
            )
        ax.plot(z, values, style, label=name)
    # Light axes through the origin make "positive / negative z" and the
    # asymptotes easy to read off.
    ax.axhline(0, color="0.6", linewidth=0.8)
    ax.axvline(0, color="0.6", linewidth=0.8)
    ax.set_xlabel("z (pre-activation)")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def _whole_number_ticks(ax, x) -> None:
    """Integer ticks on the x axis when every x is a whole number (epochs, steps): no "epoch 2.5"."""
    x = np.asarray(x, dtype=float)
    if np.all(x == np.round(x)):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def plot_history(
    history: Mapping[str, Sequence[float]],
    keys: Sequence[str] | None = None,
    ax=None,
    xlabel: str = "epoch",
    title: str | None = None,
    logy: bool = False,
):
    """Plot learning curves from a training history.

    Parameters
    ----------
    history : dict name -> sequence of floats, e.g. ``{"train_loss": [...],
        "test_loss": [...]}`` as returned by the course's training functions.
        An optional key ``"step"`` holds the x values; otherwise the points are
        numbered 0, 1, ..., n - 1.
    keys : names to plot; default every key except ``"step"``.
    ax : matplotlib Axes or None.
    xlabel : label of the x axis.
    title : optional title.
    logy : use a logarithmic y axis (every plotted value must then be positive).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError if history is empty, a key is missing, a series is not 1-D, or
    the series (and "step") do not all have the same length.
    """
    if not isinstance(history, Mapping):
        raise ValueError(f"history must be a dict name -> list of floats, got {type(history).__name__}")
    if keys is None:
        keys = [key for key in history if key != "step"]
    else:
        keys = [keys] if isinstance(keys, str) else list(keys)
    if not keys:
        raise ValueError("history holds nothing to plot (no keys other than 'step')")
    missing = [key for key in keys if key not in history]
    if missing:
        raise ValueError(f"history has no key {missing[0]!r}; it has {sorted(history)}")

    series = {key: _series(f"history[{key!r}]", history[key]) for key in keys}
    if "step" in history:
        x = _series("history['step']", history["step"])
        x_name = "history['step']"
    else:
        first = keys[0]
        x = np.arange(len(series[first]))
        x_name = f"history[{first!r}]"
    for key, values in series.items():
        if len(values) != len(x):
            raise ValueError(
                f"history[{key!r}] has {len(values)} values but {x_name} has {len(x)}; "
                "every curve needs one value per x"
            )
        if logy and np.any(values <= 0):
            raise ValueError(f"logy=True needs positive values, but history[{key!r}] has some <= 0")

    ax = _axes(ax)
    for key, values in series.items():
        # A marker makes a short history (a handful of epochs) readable.
        ax.plot(x, values, marker="o" if len(x) <= 30 else None, markersize=3, label=_pretty(key))
    if logy:
        ax.set_yscale("log")
    _whole_number_ticks(ax, x)
    ax.set_xlabel(xlabel)
    if len(keys) == 1:
        ax.set_ylabel(_pretty(keys[0]))
    if title:
        ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def plot_loss_curve(losses: Sequence[float], ax=None, xlabel: str = "epoch", title: str | None = None):
    """Plot one list of losses against 0, 1, ..., n - 1.

    Parameters
    ----------
    losses : sequence of floats, shape (n,).
    ax : matplotlib Axes or None.
    xlabel : label of the x axis (e.g. "epoch" or "step").
    title : optional title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    return plot_history({"loss": _series("losses", losses)}, ax=ax, xlabel=xlabel, title=title)
