"""Plot helpers used by the notebooks. Each takes ``ax=None`` and returns the Axes.

Every helper is also available as ``nh.<name>``.
"""
# --- curves: activations, losses, learning curves (chapters 02-04) ---
from nnhelpers.plotting.curves import plot_activation, plot_history, plot_loss_curve
# --- images: digits, confusion matrices, weights (chapters 05-07) ---
from nnhelpers.plotting.images import (
    plot_confusion_matrix, plot_digits, plot_misclassified, plot_weight_images,
)
# --- deep networks (chapter 08) ---
from nnhelpers.plotting.deep import plot_runs  # noqa: E402
# --- computation graphs (chapter 4b) ---
from nnhelpers.plotting.graph import plot_computation_graph, plot_toy_network_graph  # noqa: E402
