"""Logistic regression, the one-neuron classifier of chapter 05 ("is it a zero?").

Shape convention, as everywhere in the course: X (n_features, m) with one
column per sample, Y (1, m) holding 0/1 labels, and the parameters

    W : (1, n_features)    b : (1, 1)    Z = W @ X + b    A = sigmoid(Z), shape (1, m).

W is stored as a row, (n_out, n_in) = (1, n_features), like every later layer
of the course. Many texts (and the course notes) keep w as a column
(n_features, 1) and write w.T @ X: that column is exactly our W.T.

With the binary cross-entropy loss the gradient with respect to Z is simply
dZ = A - Y, and averaging over the m samples gives

    dW = (1/m) dZ @ X.T   (1, n_features)      db = (1/m) sum(dZ)   (1, 1).

Everything is computed in the dtype of X: float32 data give float32 work
(about twice as fast as float64 on MNIST, where the two passes over X in
W @ X and dZ @ X.T are almost all of the time).
"""
from __future__ import annotations

from typing import Mapping

import numpy as np

from nnhelpers._random import random_source, reject_rng
from nnhelpers._validation import (as_float_array, float_dtype, check_data_order, check_number, describe,
                                   require_columns_match, require_ndim, require_shape)
from nnhelpers.activations import sigmoid
from nnhelpers.losses import binary_cross_entropy_from_logits
from nnhelpers.training import gradient_descent

__all__ = [
    "initialize_logistic",
    "logistic_forward",
    "logistic_gradients",
    "train_logistic",
    "predict_logistic",
]


@reject_rng
def initialize_logistic(n_features: int, scale: float = 0.01, seed=None, dtype=np.float64) -> dict:
    """Small random weights and a zero bias for logistic regression.

    Parameters
    ----------
    n_features : int >= 1, the number of inputs (784 for MNIST).
    scale : float, the standard deviation of the weights (W = scale * randn).
    seed : None, int, numpy Generator or legacy ``np.random.RandomState`` (see
        `nnhelpers._random`). ``seed=np.random.RandomState(s)`` draws the notes'
        ``np.random.seed(s); W = np.random.randn(...) * 0.01`` (as a row: the notes'
        (n_features, 1) column is our W.T, and randn fills both in the same order).
    dtype : floating dtype of the arrays (use float32 for MNIST speed).

    Returns
    -------
    dict with "W" of shape (1, n_features) (random) and "b" of shape (1, 1) (zero), in
    ``dtype``.

    Raises
    ------
    ValueError if n_features is not an integer >= 1, scale is not a number >= 0, the seed
    is of the wrong kind or dtype is not a float type; TypeError for the removed ``rng=``.
    """
    if isinstance(n_features, bool) or not isinstance(n_features, (int, np.integer)) or n_features < 1:
        raise ValueError(f"n_features must be an integer >= 1, got {n_features!r}")
    check_number("scale", scale, low=0)
    dtype = float_dtype(dtype)
    rng = random_source(seed)
    W = (rng.standard_normal((1, int(n_features))) * scale).astype(dtype)
    return {"W": W, "b": np.zeros((1, 1), dtype=dtype)}


def _check_inputs(params: Mapping[str, np.ndarray], X, function: str = "logistic_forward",
                  signature: str = "params, X") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """X as a 2-D float array and W, b in X's dtype, or a ValueError naming the wrong argument."""
    if not isinstance(params, Mapping) and isinstance(X, Mapping):
        raise ValueError(f"the arguments look swapped: {function}({signature}) takes the parameter dict "
                         "{'W', 'b'} first, then the data X")
    if not isinstance(params, Mapping) or "W" not in params or "b" not in params:
        raise ValueError("params must be a dict with keys 'W' (1, n_features) and 'b' (1, 1)")
    X = as_float_array("X", X)
    require_ndim("X", X, 2, "(n_features, m), one column per sample")
    W, b = np.asarray(params["W"]), np.asarray(params["b"])
    n_x = X.shape[0]
    if W.shape == (n_x, 1) and n_x != 1:
        raise ValueError(
            f"W has shape {W.shape} but must have shape (1, {n_x}): the course stores W as a row "
            "(n_out, n_in); a column w, as in w.T @ X, is W.T"
        )
    if W.ndim == 2 and W.shape[0] == 1 and W.shape[1] != n_x:
        if X.shape[1] == W.shape[1]:
            raise ValueError(f"X has shape {X.shape} but W has shape {W.shape}, i.e. {W.shape[1]} features; "
                             f"X must have shape ({W.shape[1]}, m): it looks transposed (one row per "
                             "sample), use X.T")
        raise ValueError(f"W has shape {W.shape} but X has {n_x} rows (features); they must agree: W must "
                         f"have shape (1, {n_x}) for this X, or X shape ({W.shape[1]}, m) for this W")
    require_shape("W", W, (1, n_x))
    if b.shape != (1, 1):
        raise ValueError(f"b has shape {b.shape} but must have shape (1, 1): one bias for the one output unit"
                         + ("; use b.reshape(1, 1)" if b.size == 1 else ""))
    # Compute in the data's precision: a float64 W against float32 X would upcast the whole product.
    return X, W.astype(X.dtype, copy=False), b.astype(X.dtype, copy=False)


def _check_labels(Y, X: np.ndarray) -> np.ndarray:
    Y = np.asarray(Y)
    m = X.shape[1]
    if Y.ndim == 1 and Y.shape[0] == m:
        raise ValueError(f"Y has shape {Y.shape} but must have shape (1, {m}), one 0/1 label per column "
                         "of X: keep the 2-D layout with Y.reshape(1, -1)")
    if Y.ndim == 2 and Y.shape == (m, 1) and m != 1:
        raise ValueError(f"Y has shape {Y.shape}, an (m, 1) column, but must have shape (1, {m}), one "
                         "label per column of X: use Y.T")
    require_ndim("Y", Y, 2, f"(1, {m}): one 0/1 label per column of X")
    if Y.shape[0] != 1:
        raise ValueError(f"Y has shape {Y.shape} but must have shape (1, {m}): logistic regression has one "
                         "output, one 0/1 label per sample (for digits, e.g. nh.binary_labels(y, 0))")
    if Y.shape[1] != m:
        raise ValueError(f"Y has {Y.shape[1]} labels (columns) but X has {m} samples (columns); Y must have "
                         f"shape (1, {m})")
    if Y.dtype.kind not in "biuf" or not np.all((Y == 0) | (Y == 1)):
        raise ValueError("Y must hold 0/1 labels (1 = the class, 0 = not); for digit labels 0..9 use e.g. "
                         "nh.binary_labels(y, 0) for 'is it a zero?'")
    return Y.astype(X.dtype, copy=False)


def logistic_forward(params: Mapping[str, np.ndarray], X) -> np.ndarray:
    """Predicted probabilities A = sigmoid(W @ X + b).

    Parameters
    ----------
    params : dict with "W" (1, n_features) and "b" (1, 1).
    X : array_like, shape (n_features, m).

    Returns
    -------
    ndarray, shape (1, m), in the dtype of X: the probability that each sample is class 1.

    Raises
    ------
    ValueError if params lacks "W" or "b", X is not 2-D and numeric, or the shapes do not
    fit (a transposed X, or W stored as a column, is named); arguments that look swapped.
    """
    X, W, b = _check_inputs(params, X)
    Z = W @ X
    Z += b  # in place: no second (1, m) temporary
    return sigmoid(Z)


def logistic_gradients(params: Mapping[str, np.ndarray], X, Y) -> tuple[float, dict]:
    """Mean binary cross-entropy and its gradients with respect to W and b.

    Parameters
    ----------
    params : dict with "W" (1, n_features) and "b" (1, 1).
    X : array_like, shape (n_features, m).
    Y : array_like, shape (1, m), labels 0 or 1.

    Returns
    -------
    loss : float, -(1/m) sum[y log a + (1 - y) log(1 - a)], computed from Z = W @ X + b
        with ``nh.binary_cross_entropy_from_logits`` (exact even where a rounds to 0 or 1).
    grads : dict with "dW" (1, n_features) = (1/m) (A - Y) @ X.T and
        "db" (1, 1) = (1/m) sum(A - Y), in the dtype of X.

    Notes
    -----
    dL/dz = a - y because the sigmoid's derivative a(1 - a) cancels the
    denominator of dL/da = (a - y) / (a(1 - a)); chapter 05 derives it.

    Raises
    ------
    ValueError as for `logistic_forward`; if Y is not a (1, m) row (an (m,) vector or an
    (m, 1) column is named) or holds anything but 0/1; if X and Y look swapped.
    """
    if isinstance(params, Mapping) and np.ndim(params.get("W")) == 2:
        check_data_order("logistic_gradients", "params, X, Y", X, Y, int(np.shape(params["W"])[-1]), 1)
    X, W, b = _check_inputs(params, X, "logistic_gradients", "params, X, Y")
    Y = _check_labels(Y, X)
    m = X.shape[1]
    Z = W @ X
    Z += b
    A = sigmoid(Z)
    loss = binary_cross_entropy_from_logits(Y, Z)  # from the logits: exact, no clipping
    dZ = A
    dZ -= Y  # A is not needed any more: reuse its memory for dZ = A - Y
    dW = dZ @ X.T
    dW /= m
    db = dZ.sum(axis=1, keepdims=True)
    db /= m
    return loss, {"dW": dW, "db": db}


@reject_rng
def train_logistic(
    X,
    Y,
    learning_rate: float = 1.0,
    iterations: int = 2000,
    seed=None,
    X_test=None,
    Y_test=None,
    record_every: int = 100,
    scale: float = 0.01,
    progress: bool = False,
):
    """Train logistic regression by full-batch gradient descent.

    Starts from ``initialize_logistic(n_features, scale, seed, dtype=X.dtype)``
    and runs ``nh.training.gradient_descent`` with `logistic_gradients`.

    Parameters
    ----------
    X : array_like, shape (n_features, m).
    Y : array_like, shape (1, m), labels 0 or 1.
    learning_rate : float, the step size.
    iterations : int >= 0, the number of gradient steps (each uses all m samples).
    seed : None, int, numpy Generator or ``np.random.RandomState``, for the initial weights
        (as in `initialize_logistic`).
    X_test, Y_test : optional held-out data, shapes (n_features, m_test) and (1, m_test);
        if given, the history also holds "test_loss".
    record_every : int >= 1; the history holds steps 0, record_every, ... and the last.
    scale : standard deviation of the initial weights.
    progress : show a progress bar.

    Returns
    -------
    params : dict with "W" (1, n_features) and "b" (1, 1), in the dtype of X.
    history : dict with lists "step", "loss" (training loss after that many steps)
        and, with test data, "test_loss"; ready for ``nh.plot_history``.

    Raises
    ------
    ValueError for data or labels as in `logistic_gradients` (X and Y swapped is named),
    only one of X_test/Y_test, X_test with other features, or a setting of the wrong kind
    (see `initialize_logistic` and ``nh.gradient_descent``); TypeError for ``rng=``.
    """
    X = as_float_array("X", X)
    require_ndim("X", X, 2, "(n_features, m), one column per sample")
    Y_array = np.asarray(Y)
    if (X.shape[0] == 1 and np.all((X == 0) | (X == 1)) and Y_array.ndim == 2 and Y_array.shape[0] > 1
            and Y_array.shape[1] == X.shape[1]):
        raise ValueError("the arguments look swapped: train_logistic(X, Y, ...) takes the data X "
                         "(n_features, m) first, then the 0/1 labels Y (1, m)")
    Y = _check_labels(Y, X)
    evaluate = None
    if (X_test is None) != (Y_test is None):
        raise ValueError("give both X_test and Y_test, or neither")
    if X_test is not None:
        X_test = as_float_array("X_test", X_test).astype(X.dtype, copy=False)
        require_ndim("X_test", X_test, 2, "(n_features, m_test)")
        if X_test.shape[0] != X.shape[0]:
            raise ValueError(f"X_test has {X_test.shape[0]} rows (features) but X has {X.shape[0]}")
        Y_test = _check_labels(Y_test, X_test)

        def evaluate(params):
            X_t, W, b = _check_inputs(params, X_test)
            return {"test_loss": binary_cross_entropy_from_logits(Y_test, W @ X_t + b)}

    params = initialize_logistic(X.shape[0], scale=scale, seed=seed, dtype=X.dtype)
    return gradient_descent(
        params, X, Y, logistic_gradients,
        learning_rate=learning_rate, iterations=iterations,
        evaluate=evaluate, record_every=record_every, progress=progress,
    )


def predict_logistic(params: Mapping[str, np.ndarray], X, threshold: float = 0.5) -> np.ndarray:
    """Class predictions: 1 where the probability exceeds ``threshold``, else 0.

    Parameters
    ----------
    params : dict with "W" (1, n_features) and "b" (1, 1).
    X : array_like, shape (n_features, m).
    threshold : float in (0, 1).

    Returns
    -------
    ndarray of int64, shape (m,) — a plain vector of labels, ready for
    ``nh.accuracy`` and ``nh.confusion_matrix``.

    Raises
    ------
    ValueError as for `logistic_forward`; if threshold is not a number strictly between 0
    and 1, or X and threshold look swapped.
    """
    if np.ndim(threshold) > 0 and np.ndim(X) == 0:
        raise ValueError("the arguments look swapped: predict_logistic(params, X, threshold) takes the "
                         f"data X before the threshold (got {describe(X)} as X)")
    if isinstance(threshold, (bool, np.bool_)) or not isinstance(threshold, (int, float, np.floating, np.integer)) \
            or not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must lie strictly between 0 and 1, got {describe(threshold)}")
    X, W, b = _check_inputs(params, X, "predict_logistic", "params, X, threshold")
    return (sigmoid(W @ X + b)[0] > threshold).astype(np.int64)
