"""Comparing training runs on one plot (introduced in chapter 08).

A training history, as ``nh.gradient_descent`` and ``nh.minibatch_sgd`` return
it, is a dict name -> list with a "step" key (iteration or epoch numbers) and
one list per metric. The course's matrix layout (X of shape (n_features, m))
does not appear here: these are 1-D series, one value per recorded step.

``plot_runs`` draws one metric from several runs — different depths, widths or
initialisations — as one curve each. It takes ``ax=None`` and returns the Axes.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from nnhelpers.plotting.curves import _whole_number_ticks

__all__ = ["plot_runs"]


def _series(label: str, history, key: str) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(history, Mapping):
        raise ValueError(f"run {label!r} must be a history dict, got {type(history).__name__}")
    if key not in history:
        raise ValueError(f"run {label!r} has no {key!r}; it has {sorted(history)}")
    values = np.asarray(history[key], dtype=np.float64)
    steps = np.asarray(history["step"] if "step" in history else np.arange(len(values)), dtype=np.float64)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"run {label!r}: {key!r} must be a non-empty list of numbers, got shape {values.shape}")
    if steps.shape != values.shape:
        raise ValueError(f"run {label!r}: 'step' has {steps.size} values but {key!r} has {values.size}")
    return steps, values


def plot_runs(
    runs: Mapping[str, Mapping[str, Sequence[float]]],
    key: str = "test_accuracy",
    ax=None,
    title: str | None = None,
    xlabel: str = "epoch",
    styles: Mapping[str, str] | None = None,
    logy: bool = False,
):
    """One curve per training run for the metric ``key``.

    Parameters
    ----------
    runs : dict label -> history. Each history is a dict name -> list as returned
        by the training functions; its "step" list (if present) gives the x values,
        otherwise 0, 1, ..., n - 1. Runs may have different lengths.
    key : the metric to draw, e.g. "test_accuracy" or "loss".
    ax : matplotlib Axes or None (a new (6, 3.5) figure).
    title : optional title.
    xlabel : label of the x axis.
    styles : optional dict label -> matplotlib line style (e.g. "--") to tell
        groups of runs apart; solid by default.
    logy : use a logarithmic y axis (every value must then be positive).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError if ``runs`` is empty, a run lacks ``key``, a run's "step" and
    ``key`` lists differ in length, or ``logy`` meets a value <= 0.
    """
    if not isinstance(runs, Mapping) or not runs:
        raise ValueError("runs must be a non-empty dict label -> history")
    series = {label: _series(label, history, key) for label, history in runs.items()}
    if logy:
        for label, (_, values) in series.items():
            if np.any(values <= 0):
                raise ValueError(f"logy=True needs positive values, but run {label!r} has some <= 0")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
    for label, (steps, values) in series.items():
        ax.plot(steps, values, (styles or {}).get(label, "-"), marker="o" if steps.size <= 30 else None,
                markersize=3, label=label)
    if logy:
        ax.set_yscale("log")
    _whole_number_ticks(ax, np.concatenate([steps for steps, _ in series.values()]))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(key.replace("_", " "))
    if title:
        ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax
