"""A network with one hidden layer of sigmoid units (chapters 06 and 07).

Shape convention, as everywhere in the course: X (n_x, m) with one column per
sample, Y (n_y, m), W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1):

    Z1 = W1 @ X + b1      A1 = sigmoid(Z1)         (n_h, m)
    Z2 = W2 @ A1 + b2     A2 = output(Z2)          (n_y, m)

The output is either one sigmoid unit (n_y = 1, "is it a zero?", with binary
cross-entropy) or a softmax over n_y classes (with categorical cross-entropy).
For both pairs the gradient of the mean loss with respect to Z2 is the same,
(A2 - Y) / m, which is why `back_propagate` needs no special case.

Every function keeps the parameters' dtype (float32 by default) and reads the
batch size m from X, never from a global variable. ``network_loss_and_grads``
has the ``(params, X, Y) -> (loss, grads)`` form that the loops in
`nnhelpers.training` expect.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np

from nnhelpers._random import random_source, reject_rng
from nnhelpers._validation import float_dtype, blame_layer_shapes, check_data_order, describe
from nnhelpers.activations import sigmoid, softmax
from nnhelpers.deep import _check_scheme, init_scale
from nnhelpers.losses import _bce_from_logits, check_targets, cross_entropy_from_logits

__all__ = [
    "initialize_network",
    "feed_forward",
    "back_propagate",
    "network_loss_and_grads",
    "predict",
]

_OUTPUTS = ("sigmoid", "softmax")
_SCHEMES = ("randn", "one_over_n", "small", "lecun", "glorot", "he")


# --- checks ------------------------------------------------------------------------------

def _check_output(output: str) -> None:
    if not isinstance(output, str) or output not in _OUTPUTS:
        raise ValueError(f"output must be 'sigmoid' or 'softmax', got {describe(output)}")


def _shape_text(shape: tuple) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def _check_order(function: str, params, X, signature: str) -> None:
    """feed_forward(X, params) and friends: say the arguments look swapped."""
    if not isinstance(params, Mapping) and isinstance(X, Mapping):
        raise ValueError(f"the arguments look swapped: {function}({signature}) takes the parameter dict "
                         f"first, then the data X (got an array first and a dict second)")
    if not isinstance(params, Mapping):
        raise ValueError(f"params must be a dict with W1, b1, W2, b2, got {type(params).__name__}")
    if isinstance(X, str):
        raise ValueError(f"the arguments look swapped: {function}({signature}) takes the data X second "
                         f"and the output name ({X!r}) last")


def _check_data_order(function: str, params, X, Y, output, signature: str) -> None:
    """(params, X, Y, ...): an output name in Y's place, or X and Y exchanged."""
    if isinstance(Y, str) and not isinstance(output, str):
        raise ValueError(f"the arguments look swapped: {function}({signature}) takes Y before the "
                         f"output name (got {Y!r} in Y's place and {describe(output)} as the output)")
    try:
        n_in, n_out = int(np.shape(params["W1"])[1]), int(np.shape(params["W2"])[0])
    except (KeyError, IndexError, TypeError, ValueError):
        return
    check_data_order(function, signature, X, Y, n_in, n_out)


def _check_params(params: Mapping[str, np.ndarray], output: str, X=None) -> None:
    """Raise a ValueError naming the parameter (or X) whose shape does not fit the others.

    ``X`` (already a 2-D array, or None) takes part in the vote on n_x, so that a transposed
    W1 is blamed rather than the b1 that disagrees with it (see
    `nnhelpers._validation.blame_layer_shapes`).
    """
    missing = [name for name in ("W1", "b1", "W2", "b2") if name not in params]
    if missing:
        raise ValueError(f"params must hold W1, b1, W2 and b2; {', '.join(missing)} missing")
    W1, b1, W2, b2 = (params[name] for name in ("W1", "b1", "W2", "b2"))
    for name, value in (("W1", W1), ("b1", b1), ("W2", W2), ("b2", b2)):
        if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
            raise ValueError(f"{name} must be a floating-point numpy array, got "
                             f"{type(value).__name__} of dtype {getattr(value, 'dtype', '?')}")
    blame_layer_shapes(params, 2, ["n_x", "n_h", "n_y"], None if X is None else X.shape)
    dtypes = {value.dtype for value in (W1, b1, W2, b2)}
    if len(dtypes) > 1:
        raise ValueError(f"the parameters mix dtypes {sorted(map(str, dtypes))}; use one")
    if output == "softmax" and W2.shape[0] == 1:
        raise ValueError("a softmax over a single output unit is always 1 and cannot learn; "
                         "use output='sigmoid' for one output unit")


def _as_data(X) -> np.ndarray:
    if not isinstance(X, np.ndarray):
        X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_x, m), one column per sample, got shape "
                         f"{_shape_text(X.shape)}")
    return X


def _check_inputs(function: str, params, X, output: str, signature: str) -> np.ndarray:
    """All the checks of a public function, in the order that blames the right argument."""
    _check_order(function, params, X, signature)
    _check_output(output)
    X = _as_data(X)
    _check_params(params, output, X)
    return _check_X(params, X)


def _check_X(params: Mapping[str, np.ndarray], X) -> np.ndarray:
    X = _as_data(X)
    W1 = params["W1"]
    if X.shape[0] != W1.shape[1]:
        raise ValueError(f"W1 has shape {_shape_text(W1.shape)} but X has {X.shape[0]} rows; "
                         f"X must have shape ({W1.shape[1]}, m), one column per sample")
    if X.shape[1] == 0:
        raise ValueError("X has no samples (0 columns)")
    if X.dtype != W1.dtype:
        # A float64 X against float32 weights would silently make every product float64
        # (about twice as slow); a copy per call would be as bad. Say so instead.
        if X.dtype.kind == "f":
            fix = f"convert one, e.g. X.astype(np.{W1.dtype}) or initialize_network(..., dtype=np.{X.dtype})"
        else:
            fix = f"the data must be floats: X.astype(np.{W1.dtype})"
        raise ValueError(f"X has dtype {X.dtype} but the parameters are {W1.dtype}; {fix}")
    return X


def _check_Y(params: Mapping[str, np.ndarray], X: np.ndarray, Y, output: str, function: str) -> np.ndarray:
    Y = np.asarray(Y)
    n_y, m = params["W2"].shape[0], X.shape[1]
    if Y.shape != (n_y, m):
        hint = ""
        if Y.shape == (m,) and n_y == 1:
            hint = " (an (m,) vector: keep the 2-D layout, e.g. Y.reshape(1, -1))"
        elif Y.shape == (m,):
            hint = f" (an (m,) vector of labels? one-hot columns: nh.one_hot(y, n_classes={n_y}))"
        elif Y.shape == (m, n_y):
            hint = " (it looks transposed: one column per sample)"
        raise ValueError(f"Y has shape {_shape_text(Y.shape)} but the network has {n_y} outputs and X "
                         f"has {m} samples; Y must have shape ({n_y}, {m}){hint}")
    if Y.dtype.kind not in "biuf":
        raise ValueError(f"{function}: Y must hold numbers (0/1 labels or one-hot columns), got dtype {Y.dtype}")
    check_targets(Y, output, function)
    # Labels are exact in any float type; matching the parameters keeps A2 - Y in their dtype.
    return Y.astype(params["W2"].dtype, copy=False)


# --- the network -------------------------------------------------------------------------

@reject_rng
def initialize_network(n_x: int, n_h: int, n_y: int, scheme: str = "randn",
                       seed=None, dtype=np.float32) -> dict:
    """Random weights and zero biases for an n_x - n_h - n_y network.

    Parameters
    ----------
    n_x, n_h, n_y : int >= 1. Inputs, hidden units and outputs (784, 64, 10 for MNIST).
    scheme : how large the random weights are (n_in is a layer's number of inputs,
        n_out its number of units):

        - "randn" (default): standard normal weights, variance 1, exactly the notes'
          ``np.random.randn(n_h, n_x)`` of chapter 06;
        - "one_over_n": randn * sqrt(1 / n_in), variance 1 / n_in, chapter 07's (and the
          notes') improved start. This IS LeCun's initialisation (LeCun et al.,
          "Efficient BackProp", 1998), kept under the name chapter 07 uses: the same
          numbers as scheme="lecun";
        - "small": randn * 0.01; "lecun": randn * sqrt(1 / n_in); "glorot": randn *
          sqrt(2 / (n_in + n_out)) (Glorot & Bengio, AISTATS 2010); "he": randn *
          sqrt(2 / n_in) (He et al., ICCV 2015): the same scales as
          ``nh.initialize_deep`` (whose docstring says when each one is right).

        "xavier" is refused with a ValueError (the course once used it for LeCun's scheme).
    seed : None, int, numpy Generator or legacy ``np.random.RandomState`` (see
        `nnhelpers._random`). An int or None goes to ``np.random.default_rng``. A
        ``RandomState(138)`` draws exactly the weights of the notes'
        ``np.random.seed(138); W1 = np.random.randn(n_h, n_x); W2 = np.random.randn(n_y, n_h)``.
    dtype : float dtype of the parameters (float32 by default).

    Returns
    -------
    dict with "W1" (n_h, n_x), "b1" (n_h, 1), "W2" (n_y, n_h), "b2" (n_y, 1).

    Raises
    ------
    ValueError for a size that is not a positive int, an unknown scheme, a seed of the
    wrong kind or a non-float dtype; TypeError for the removed keyword ``rng=``.

    Notes
    -----
    The normal draws are made in float64 (W1 first, then W2) and then converted, so a
    float32 and a float64 network from the same seed start from the same weights.
    """
    for name, value in (("n_x", n_x), ("n_h", n_h), ("n_y", n_y)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    _check_scheme(scheme, _SCHEMES)
    dtype = float_dtype(dtype)
    rng = random_source(seed)
    W1 = rng.standard_normal((n_h, n_x))
    W2 = rng.standard_normal((n_y, n_h))
    if scheme != "randn":
        deep_scheme = "lecun" if scheme == "one_over_n" else scheme
        W1 *= init_scale(deep_scheme, n_x, n_h)
        W2 *= init_scale(deep_scheme, n_h, n_y)
    return {
        "W1": W1.astype(dtype),
        "b1": np.zeros((n_h, 1), dtype=dtype),
        "W2": W2.astype(dtype),
        "b2": np.zeros((n_y, 1), dtype=dtype),
    }


def _sigmoid_into(Z: np.ndarray, out: np.ndarray) -> np.ndarray:
    """sigmoid(Z) = 1 / (1 + exp(-Z)) written into ``out``: four in-place passes, no temporary.

    The hidden layer's sigmoid is the hot spot of a step (n_h x m values), so it does
    not call the general `nh.sigmoid`, which avoids overflow with a branch on the sign
    of z and needs about twice the passes and temporaries. Here exp(-z) may overflow
    to inf (z below about -88 in float32); 1 / (1 + inf) is exactly 0, the correct
    limit, so the overflow is harmless and its warning is silenced.
    """
    np.negative(Z, out=out)
    with np.errstate(over="ignore"):
        np.exp(out, out=out)
    out += 1
    return np.reciprocal(out, out=out)


def feed_forward(params: Mapping[str, np.ndarray], X, output: str = "softmax") -> dict:
    """Forward pass: the pre-activations and activations of both layers.

    Parameters
    ----------
    params : dict with "W1" (n_h, n_x), "b1" (n_h, 1), "W2" (n_y, n_h), "b2" (n_y, 1).
    X : ndarray, shape (n_x, m), same dtype as the parameters.
    output : "softmax" (n_y classes, columns of A2 sum to 1) or "sigmoid" (independent
        probabilities, e.g. n_y = 1 for a yes/no question).

    Returns
    -------
    cache : dict with "Z1", "A1" of shape (n_h, m) and "Z2", "A2" of shape (n_y, m).

    Raises
    ------
    ValueError if a shape or dtype does not fit, e.g. "W1 has shape (64, 785) but X has 784 rows".
    """
    X = _check_inputs("feed_forward", params, X, output, "params, X, output")
    return _forward(params, X, output)


def _forward(params, X, output):
    """`feed_forward` without the checks (the training loop checks once per call)."""
    Z1 = params["W1"] @ X
    Z1 += params["b1"]  # in place: no second (n_h, m) array
    A1 = _sigmoid_into(Z1, np.empty_like(Z1))
    Z2 = params["W2"] @ A1
    Z2 += params["b2"]
    A2 = softmax(Z2) if output == "softmax" else sigmoid(Z2)
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def back_propagate(params: Mapping[str, np.ndarray], X, Y, cache: Mapping[str, np.ndarray],
                   output: str = "softmax") -> dict:
    """Gradients of the mean loss over the m columns of X, by the chain rule.

    With m = X.shape[1] (the batch size of *this* call)::

        dZ2 = A2 - Y                           (n_y, m)  softmax + cross-entropy, or
                                                          sigmoid + binary cross-entropy
        dW2 = dZ2 @ A1.T / m                   (n_y, n_h)
        db2 = sum of dZ2 over the samples / m  (n_y, 1)
        dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)     (n_h, m)  sigmoid'(Z1), computed from A1
        dW1 = dZ1 @ X.T / m                    (n_h, n_x)
        db1 = sum of dZ1 over the samples / m  (n_h, 1)

    Parameters
    ----------
    params : dict "W1", "b1", "W2", "b2" as for `feed_forward`.
    X : ndarray, shape (n_x, m).
    Y : ndarray, shape (n_y, m); 0/1 labels (one-hot columns for softmax).
    cache : the dict returned by ``feed_forward(params, X, output)``; it is not modified.
    output : "softmax" or "sigmoid", as for `feed_forward` (the formulas are the same;
        it is checked so that a mismatched pair fails loudly).

    Returns
    -------
    grads : dict "dW1" (n_h, n_x), "db1" (n_h, 1), "dW2" (n_y, n_h), "db2" (n_y, 1), in the
        parameters' dtype.

    Raises
    ------
    ValueError as for `feed_forward`; if Y does not have shape (n_y, m) or is not a target
    the output can learn (0/1 or soft labels in [0, 1] for "sigmoid", one-hot columns for
    "softmax"; the message names back_propagate and suggests nh.binary_labels / nh.one_hot);
    if the cache lacks "A1"/"A2", comes from another X, or from the other ``output``; if
    Y and the cache (or the cache and output) look swapped.
    """
    signature = "params, X, Y, cache, output"
    if isinstance(Y, Mapping) and not isinstance(cache, Mapping):
        raise ValueError(f"the arguments look swapped: back_propagate({signature}) takes Y before the "
                         f"cache (got the cache dict in Y's place and {describe(cache)} as the cache)")
    if isinstance(cache, str) and isinstance(output, Mapping):
        raise ValueError(f"the arguments look swapped: back_propagate({signature}) takes the cache "
                         f"before the output name (got {cache!r} in the cache's place)")
    _check_order("back_propagate", params, X, signature)
    _check_data_order("back_propagate", params, X, Y, output, signature)
    X = _check_inputs("back_propagate", params, X, output, signature)
    Y = _check_Y(params, X, Y, output, "back_propagate")
    missing = [key for key in ("A1", "A2") if not isinstance(cache, Mapping) or key not in cache]
    if missing:
        raise ValueError(f"cache must be the dict returned by feed_forward(params, X, output), with "
                         f"'A1' and 'A2'; got {describe(cache)}")
    A1, A2 = cache["A1"], cache["A2"]
    if A2.shape != Y.shape or A1.shape != (params["W1"].shape[0], X.shape[1]):
        raise ValueError(f"cache holds A1 {_shape_text(A1.shape)} and A2 {_shape_text(A2.shape)}, "
                         f"which do not come from this X {_shape_text(X.shape)}; run feed_forward first")
    if "Z2" in cache and np.shape(cache["Z2"]) == A2.shape:
        other = "sigmoid" if output == "softmax" else "softmax"
        expected = softmax(cache["Z2"]) if output == "softmax" else sigmoid(cache["Z2"])
        if not np.allclose(A2, expected, rtol=1e-3, atol=1e-6):
            raise ValueError(f"the cache's A2 is not {output}(Z2): it comes from feed_forward(params, X, "
                             f"output={other!r}), but back_propagate was given output={output!r}; pass "
                             "the same output to both")
    return _backward(params, X, Y, cache)


def _backward(params, X, Y, cache):
    """`back_propagate` without the checks."""
    A1, A2 = cache["A1"], cache["A2"]
    m = X.shape[1]
    dZ2 = A2 - Y
    # dW = dZ @ A.T is computed as its transpose's transpose, (A @ dZ.T).T: the same
    # numbers, no copy (.T is a view), but OpenBLAS on several threads runs a product
    # whose inner dimension is the long sample axis m far faster in this orientation
    # (on a busy 2-core machine, dW2 for m = 60000 took 1.5 s one way, 8 ms the other).
    dW2 = (A1 @ dZ2.T).T
    dW2 *= 1.0 / m  # scale the small (n_y, n_h) result, not the large (n_y, m) input
    db2 = dZ2.sum(axis=1, keepdims=True) / m

    dZ1 = params["W2"].T @ dZ2           # dL/dA1, then times sigmoid'(Z1) = A1 (1 - A1)
    dZ1 *= A1
    dZ1 -= dZ1 * A1                      # d * A1 * (1 - A1) = d * A1 - (d * A1) * A1
    dW1 = (X @ dZ1.T).T                  # = dZ1 @ X.T, oriented as dW2 above
    dW1 *= 1.0 / m
    db1 = dZ1.sum(axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def _loss(Y: np.ndarray, Z2: np.ndarray, output: str) -> float:
    """The reported loss, computed from the logits Z2 (stable, no clipping; see nnhelpers.losses)."""
    if output == "softmax":
        return cross_entropy_from_logits(Y, Z2)
    return _bce_from_logits(Y, Z2)  # Y checked by _check_Y


def network_loss_and_grads(params: Mapping[str, np.ndarray], X, Y, output: str = "softmax"):
    """Mean loss and its gradients in one call, the form the training loops expect.

    Parameters
    ----------
    params : dict "W1", "b1", "W2", "b2".
    X : ndarray, shape (n_x, m).
    Y : ndarray, shape (n_y, m).
    output : "softmax" (categorical cross-entropy) or "sigmoid" (binary cross-entropy).
        For the sigmoid head pass it with ``functools.partial(network_loss_and_grads,
        output="sigmoid")``.

    Returns
    -------
    loss : float, the mean loss over the m samples, computed from the cached logits Z2 with
        ``nh.cross_entropy_from_logits`` / ``nh.binary_cross_entropy_from_logits`` (exact
        even for a confidently wrong output, where the clipped formula saturates).
    grads : dict "dW1", "db1", "dW2", "db2", each the shape and dtype of its parameter.

    Raises
    ------
    ValueError as for `back_propagate` (without the cache): shapes, dtypes, targets, an
    unknown output, and arguments that look swapped (X and Y, Y and output).
    """
    signature = "params, X, Y, output"
    _check_order("network_loss_and_grads", params, X, signature)
    _check_data_order("network_loss_and_grads", params, X, Y, output, signature)
    X = _check_inputs("network_loss_and_grads", params, X, output, signature)
    Y = _check_Y(params, X, Y, output, "network_loss_and_grads")
    cache = _forward(params, X, output)
    return _loss(Y, cache["Z2"], output), _backward(params, X, Y, cache)


def predict(params: Mapping[str, np.ndarray], X, output: str = "softmax") -> np.ndarray:
    """Predicted labels, one per column of X.

    Parameters
    ----------
    params : dict "W1", "b1", "W2", "b2".
    X : ndarray, shape (n_x, m).
    output : "softmax" — the class with the largest probability (0 .. n_y - 1); or
        "sigmoid" — 1 where the (single) output is above 0.5, else 0.

    Returns
    -------
    ndarray of int64, shape (m,).

    Raises
    ------
    ValueError as for `feed_forward`; for output="sigmoid" with several output units.
    """
    X = _check_inputs("predict", params, X, output, "params, X, output")
    A2 = _forward(params, X, output)["A2"]
    if output == "softmax":
        return np.argmax(A2, axis=0)
    if A2.shape[0] != 1:
        raise ValueError(f"output='sigmoid' predicts one yes/no label per sample, but the network has "
                         f"{A2.shape[0]} outputs; use output='softmax' to pick one of several classes")
    return (A2[0] > 0.5).astype(np.int64)
