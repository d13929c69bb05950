"""Deep (L-layer) fully connected networks (introduced in chapter 08).

A network is described by two lists of the same length L, one entry per layer
with weights:

    layer_sizes = [784, 16, 16, 10]            # n_0 (inputs), n_1, ..., n_L
    activations = ["relu", "relu", "softmax"]  # g_1, ..., g_L

Layer l (1 <= l <= L) holds W_l of shape (n_l, n_{l-1}) and b_l of shape
(n_l, 1), in a dict keyed "W1", "b1", ..., "WL", "bL" as everywhere in the
course. With the usual layout (X of shape (n_0, m), one column per sample):

    forward:   Z_l = W_l @ A_{l-1} + b_l,   A_l = g_l(Z_l),   A_0 = X
    backward:  dZ_L = A_L - Y              (sigmoid or softmax + cross-entropy)
               dZ_l = (W_{l+1}.T @ dZ_{l+1}) * g_l'(Z_l)
               dW_l = dZ_l @ A_{l-1}.T / m,   db_l = sum(dZ_l, axis=1) / m

Hidden layers may use "relu" or "sigmoid"; the output layer must be "sigmoid"
(binary or multi-label targets, binary cross-entropy) or "softmax" (one-hot
targets, categorical cross-entropy), because dZ_L = A_L - Y holds only for
those pairs.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from nnhelpers._random import random_source, reject_rng
from nnhelpers._validation import (as_float_array, blame_layer_shapes, check_data_order, check_number,
                                   describe, float_dtype, is_names, require_ndim)
from nnhelpers.activations import relu, relu_prime, sigmoid, sigmoid_prime, softmax
from nnhelpers.losses import _bce_from_logits, check_targets, cross_entropy_from_logits

__all__ = [
    "initialize_deep",
    "deep_forward",
    "deep_backward",
    "deep_loss",
    "deep_loss_and_grads",
    "update_parameters",
    "predict_deep",
    "layer_shapes",
]

HIDDEN_ACTIVATIONS = ("relu", "sigmoid")
OUTPUT_ACTIVATIONS = ("sigmoid", "softmax")
INIT_SCHEMES = ("small", "lecun", "glorot", "he")


def init_scale(scheme: str, n_in: int, n_out: int) -> float:
    """The standard deviation of a layer's weights under ``scheme`` (see `initialize_deep`)."""
    _check_scheme(scheme)
    return {
        "small": 0.01,
        "lecun": np.sqrt(1.0 / n_in),
        "glorot": np.sqrt(2.0 / (n_in + n_out)),
        "he": np.sqrt(2.0 / n_in),
    }[scheme]


def _check_scheme(scheme, allowed=INIT_SCHEMES) -> None:
    if scheme == "xavier":
        raise ValueError(
            "scheme 'xavier' is no longer accepted: it used to mean randn * sqrt(1 / n_in), which is "
            "LeCun's initialisation (1998), not Glorot & Bengio's (2010, 'Xavier'), whose variance is "
            "2 / (n_in + n_out). Use scheme='lecun' for the old numbers or scheme='glorot' for Glorot's"
        )
    if scheme not in allowed:
        raise ValueError(f"scheme must be one of {list(allowed)}, got {scheme!r}")

_FORWARD = {"relu": relu, "sigmoid": sigmoid, "softmax": softmax}
_PRIME = {"relu": relu_prime, "sigmoid": sigmoid_prime}


# --------------------------------------------------------------------------- validation

def _check_layer_sizes(layer_sizes) -> list[int]:
    if isinstance(layer_sizes, (str, Mapping)) or not np.iterable(layer_sizes):
        raise ValueError(f"layer_sizes must be a list of positive integers [n_0, ..., n_L], such as "
                         f"[784, 16, 10], got {describe(layer_sizes)}")
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(
            f"layer_sizes needs at least two entries (inputs and outputs), got {sizes}"
        )
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
            raise ValueError(f"layer_sizes must be positive integers, got {sizes}")
    return [int(size) for size in sizes]


def _check_activations(activations, n_layers: int | None = None) -> list[str]:
    if isinstance(activations, str):
        raise ValueError(
            f"activations must be a list with one name per layer, got the string {activations!r}"
        )
    if isinstance(activations, (np.ndarray, Mapping)) or not isinstance(activations, Sequence) \
            or not all(isinstance(name, str) for name in activations):
        raise ValueError(f"activations must be a list of names such as ['relu', 'softmax'], one per "
                         f"layer, got {describe(activations)}")
    names = list(activations)
    if not names:
        raise ValueError("activations is empty; a network needs at least one layer")
    if n_layers is not None and len(names) != n_layers:
        raise ValueError(
            f"got {len(names)} activations {names} for {n_layers} layers of weights; "
            "give one activation per layer (len(activations) == len(layer_sizes) - 1)"
        )
    for position, name in enumerate(names[:-1], start=1):
        if name not in HIDDEN_ACTIVATIONS:
            where = " (softmax and sigmoid-with-loss belong to the last layer only)" if name == "softmax" else ""
            raise ValueError(
                f"hidden layer {position} has activation {name!r}; hidden layers may use "
                f"{list(HIDDEN_ACTIVATIONS)}{where}"
            )
    if names[-1] not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"the output layer has activation {names[-1]!r}; it must be one of "
            f"{list(OUTPUT_ACTIVATIONS)} so that cross-entropy gives dZ_L = A_L - Y"
        )
    return names


def _check_order(function: str, params, second, second_name: str, signature: str) -> None:
    """Say "arguments look swapped" when the dict of parameters is not where it belongs."""
    if not isinstance(params, Mapping):
        if isinstance(second, Mapping):
            raise ValueError(
                f"the arguments look swapped: {function}({signature}) takes the parameter dict first, "
                f"then {second_name} (got {type(params).__name__} first and a dict second)"
            )
        raise ValueError(f"params must be a dict 'W1', 'b1', ..., got {type(params).__name__}")
    if isinstance(second, (list, tuple)) and second and all(isinstance(a, str) for a in second):
        raise ValueError(f"the arguments look swapped: {function}({signature}) takes {second_name} "
                         f"before the activations (got the activations {list(second)} in its place)")


def _check_Y_order(function: str, params, X, Y, activations, signature: str) -> None:
    """(params, X, Y, activations): Y and the activations, or X and Y, exchanged."""
    if is_names(Y) and not is_names(activations):
        raise ValueError(f"the arguments look swapped: {function}({signature}) takes Y before the "
                         f"activations (got the activations {list(Y)} in Y's place and "
                         f"{describe(activations)} as the activations)")
    n_in_out = _n_in_out(params)
    if n_in_out is not None:
        check_data_order(function, signature, X, Y, *n_in_out)


def _n_in_out(params):
    """(n_0, n_L) read from W1 and the last W, or None when params are not usable yet."""
    try:
        L = max(int(key[1:]) for key in params if str(key).startswith("W") and str(key)[1:].isdigit())
        return int(np.shape(params["W1"])[1]), int(np.shape(params[f"W{L}"])[0])
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _layer_count(params: Mapping[str, np.ndarray], activations, X_shape=None) -> tuple[int, list[str]]:
    """Check params against activations (and X's shape); return L and the activation names.

    A shape that does not fit is blamed on the array that disagrees with the others
    (`nnhelpers._validation.blame_layer_shapes`): a transposed W1 is named as W1, not as
    the b1 that no longer matches it.
    """
    names = _check_activations(activations)
    n_layers = len(names)
    for l in range(1, n_layers + 1):
        for key in (f"W{l}", f"b{l}"):
            if key not in params:
                raise ValueError(
                    f"params has no {key!r}, but {n_layers} activations describe {n_layers} layers; "
                    f"params holds {sorted(params)}"
                )
    if f"W{n_layers + 1}" in params:
        raise ValueError(
            f"params holds more layers than the {n_layers} activations {names} describe"
        )
    blame_layer_shapes(params, n_layers, [f"n_{l}" for l in range(n_layers + 1)], X_shape)
    if names[-1] == "softmax" and params[f"W{n_layers}"].shape[0] < 2:
        raise ValueError("a softmax output needs at least 2 units; use 'sigmoid' for a single output")
    return n_layers, names


def _as_data(X) -> np.ndarray:
    X = as_float_array("X", X)
    require_ndim("X", X, 2, "(n_features, m), one column per sample")
    if X.shape[1] == 0:
        raise ValueError("X has no columns (m = 0 samples)")
    return X


def _check_inputs(function: str, params, X, activations, signature: str):
    """The checks of every function taking (params, X, ..., activations), blaming the right one."""
    _check_order(function, params, X, "X", signature)
    X = _as_data(X)
    n_layers, names = _layer_count(params, activations, X.shape)
    return X, n_layers, names


def _check_Y(Y, AL: np.ndarray, output: str, function: str) -> np.ndarray:
    Y = as_float_array("Y", Y)
    if Y.shape != AL.shape:
        hint = " (use one_hot for class labels)" if output == "softmax" else " (a (1, m) row, not an (m,) vector)"
        if Y.shape == AL.shape[::-1]:
            hint = " (it looks transposed: one column per sample, use Y.T)"
        raise ValueError(
            f"Y has shape {Y.shape} but the network outputs shape {AL.shape}; Y must have shape "
            f"(n_out, m) = {AL.shape}{hint}"
        )
    check_targets(Y, output, function)
    return Y


# --------------------------------------------------------------------------- the network

@reject_rng
def initialize_deep(layer_sizes: Sequence[int], scheme: str = "he", seed=None,
                    dtype=np.float64) -> dict[str, np.ndarray]:
    """Random weights and zero biases for a network with the given layer sizes.

    Parameters
    ----------
    layer_sizes : sequence of L + 1 positive ints [n_0, n_1, ..., n_L];
        n_0 is the number of input features, n_L the number of outputs.
    scheme : how large the random weights of layer l are, with n_in = n_{l-1} inputs and
        n_out = n_l units (every W is standard normal draws times a scale):

        - "small":  W = randn * 0.01. Breaks the symmetry between units and keeps a
          sigmoid away from its flat tails, but every layer then multiplies the signal
          by roughly 0.01 * sqrt(n_in): in a deep net the activations shrink layer by
          layer going forward and the gradients going backward, so learning barely starts.
        - "lecun":  W = randn * sqrt(1 / n_in), Var(W) = 1 / n_in (LeCun, Bottou, Orr &
          Mueller, "Efficient BackProp", 1998). Keeps Var(z) = E[a^2] of the layer's
          inputs, so a pre-activation has variance about 1 when the inputs have
          E[a^2] about 1.
        - "glorot": W = randn * sqrt(2 / (n_in + n_out)), Var(W) = 2 / (n_in + n_out)
          (Glorot & Bengio, "Understanding the difficulty of training deep feedforward
          neural networks", AISTATS 2010; also called Xavier initialisation). A
          compromise between keeping the forward signal (1 / n_in) and the backward
          gradient (1 / n_out) for layers that are roughly linear near 0 (tanh).
          The paper's own recipe draws uniformly; this is its normal-distribution form.
        - "he":     W = randn * sqrt(2 / n_in), Var(W) = 2 / n_in (He, Zhang, Ren & Sun,
          "Delving deep into rectifiers", ICCV 2015). A ReLU zeroes about half its
          inputs, which halves E[a^2] (not the variance); doubling Var(W) compensates,
          so signals keep their size through many ReLU layers. The default.

        The name "xavier" is refused: it used to mean randn * sqrt(1 / n_in), which is
        LeCun's scheme, not Glorot's; say "lecun" or "glorot".
        Biases start at 0 in every scheme: the random W already makes the units differ.
    seed : None, int, ``np.random.Generator`` or ``np.random.RandomState`` (see
        `nnhelpers._random`). An int goes to ``np.random.default_rng``; a RandomState is
        used as it is, so ``seed=np.random.RandomState(1)`` draws the numbers of
        ``np.random.seed(1); np.random.randn(n_1, n_0); np.random.randn(n_2, n_1) ...``
        (before scaling), W1 first.
    dtype : float dtype of the arrays (np.float32 halves memory and time). The draws are
        made in float64 and then converted.

    Returns
    -------
    dict "W1": (n_1, n_0), "b1": (n_1, 1), ..., "WL": (n_L, n_{L-1}), "bL": (n_L, 1).

    Raises
    ------
    ValueError for fewer than two sizes, a non-positive size, an unknown scheme
    (including the retired "xavier"), a seed of the wrong kind, or a non-float dtype.
    TypeError for the removed keyword ``rng=`` (use ``seed=``).
    """
    sizes = _check_layer_sizes(layer_sizes)
    _check_scheme(scheme)
    dtype = float_dtype(dtype)
    generator = random_source(seed)
    params = {}
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        scale = init_scale(scheme, n_in, n_out)
        params[f"W{l}"] = (generator.standard_normal((n_out, n_in)) * scale).astype(dtype)
        params[f"b{l}"] = np.zeros((n_out, 1), dtype=dtype)
    return params


def deep_forward(params: Mapping[str, np.ndarray], X, activations: Sequence[str]):
    """Forward pass through all L layers, keeping what back-propagation needs.

    Parameters
    ----------
    params : dict "W1", "b1", ..., "WL", "bL" (see `initialize_deep`).
    X : array_like, shape (n_0, m) — one column per sample.
    activations : sequence of L names, hidden layers "relu"/"sigmoid", the last
        "sigmoid" or "softmax".

    Returns
    -------
    AL : ndarray, shape (n_L, m) — the network's output A_L.
    caches : list of L dicts; caches[l - 1] = {"A_prev": A_{l-1} (n_{l-1}, m),
        "Z": Z_l (n_l, m)} for layer l.
    Every array is in the common dtype of the parameters and X (NumPy's promotion: float32
    parameters with float32 X stay float32; integer X becomes float64 first).

    Raises
    ------
    ValueError if params and activations disagree, or X does not have n_0 rows.
    """
    A, n_layers, names = _check_inputs("deep_forward", params, X, activations, "params, X, activations")
    caches = []
    for l, name in enumerate(names, start=1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        caches.append({"A_prev": A, "Z": Z})
        A = _FORWARD[name](Z)
    return A, caches


def deep_backward(params: Mapping[str, np.ndarray], Y, caches: Sequence[Mapping[str, np.ndarray]],
                  activations: Sequence[str]) -> dict[str, np.ndarray]:
    """Back-propagation: gradients of the mean cross-entropy for every layer.

    Parameters
    ----------
    params : dict "W1", "b1", ..., "WL", "bL".
    Y : array_like, shape (n_L, m) — 0/1 targets for a sigmoid output, one-hot
        columns for a softmax output.
    caches : the list returned by `deep_forward` on the same params.
    activations : the same L names given to `deep_forward`.

    Returns
    -------
    dict "dW1": (n_1, n_0), "db1": (n_1, 1), ..., "dWL", "dbL" — each the
    gradient of the loss (mean over the m samples) with respect to that parameter, in the
    dtype of the cached arrays (that of `deep_forward`'s output).

    Raises
    ------
    ValueError if params and activations disagree; caches is not `deep_forward`'s list (or
    has another length); Y does not have A_L's shape or is not a target the output can
    learn (0/1 or soft labels for sigmoid, one-hot columns for softmax; the message names
    deep_backward and suggests nh.binary_labels / nh.one_hot); arguments look swapped
    (Y and caches, caches and activations).

    Notes
    -----
    A_L is recomputed from the cached Z_L (one cheap activation) so that each
    cache holds just (A_prev, Z). The batch size m is read from the data, so
    the same code serves full-batch and mini-batch training.
    """
    _check_order("deep_backward", params, Y, "Y", "params, Y, caches, activations")
    signature = "params, Y, caches, activations"
    if _is_caches(Y) and not _is_caches(caches):
        raise ValueError(f"the arguments look swapped: deep_backward({signature}) takes Y before the "
                         f"caches (got the caches in Y's place and {describe(caches)} as the caches)")
    if is_names(caches) and _is_caches(activations):
        raise ValueError(f"the arguments look swapped: deep_backward({signature}) takes the caches "
                         f"before the activations (got the activations {list(caches)} in the caches' place)")
    n_layers, names = _layer_count(params, activations)
    if not _is_caches(caches):
        raise ValueError("caches must be the list of dicts returned by deep_forward(params, X, activations); "
                         f"got {describe(caches)}")
    if len(caches) != n_layers:
        raise ValueError(f"got {len(caches)} caches for {n_layers} layers; pass the caches from deep_forward")
    AL = _FORWARD[names[-1]](caches[-1]["Z"])
    return _backward(params, _check_Y(Y, AL, names[-1], "deep_backward"), AL, caches, names)


def _is_caches(value) -> bool:
    """A list of deep_forward's per-layer dicts {"A_prev", "Z"}."""
    return isinstance(value, Sequence) and not isinstance(value, str) and all(
        isinstance(c, Mapping) and "Z" in c and "A_prev" in c for c in value)


def _backward(params, Y, AL, caches, names) -> dict[str, np.ndarray]:
    m = AL.shape[1]
    dZ = AL - Y  # sigmoid + binary CE and softmax + CE both reduce to this
    grads = {}
    for l in range(len(names), 0, -1):
        A_prev = caches[l - 1]["A_prev"]
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            # The error reaches layer l - 1 through the weights it feeds, W_l,
            # and through the slope of its own activation at its own Z.
            dZ = (params[f"W{l}"].T @ dZ) * _PRIME[names[l - 2]](caches[l - 2]["Z"])
    return {key: grads[key] for key in sorted(grads, key=lambda k: (int(k[2:]), k[1]))}


def _output_loss(Y, ZL, output: str) -> float:
    """The reported loss, from the output layer's logits Z_L (stable, no clipping)."""
    if output == "sigmoid":
        return _bce_from_logits(Y, ZL)  # Y checked by _check_Y
    return cross_entropy_from_logits(Y, ZL)


def deep_loss(params: Mapping[str, np.ndarray], X, Y, activations: Sequence[str]) -> float:
    """Mean cross-entropy of the network on (X, Y), without computing gradients.

    Parameters
    ----------
    params, X, activations : as for `deep_forward`; X has shape (n_0, m).
    Y : array_like, shape (n_L, m) — see `deep_backward`.

    Returns
    -------
    float — binary cross-entropy for a sigmoid output, categorical
    cross-entropy for a softmax output, computed from the last layer's logits Z_L
    (``nh.binary_cross_entropy_from_logits`` / ``nh.cross_entropy_from_logits``):
    finite and exact for every finite Z_L, no clipping.

    Raises
    ------
    ValueError as for `deep_forward` and, for Y, as for `deep_backward`; arguments that
    look swapped (Y and activations, X and Y).
    """
    _check_order("deep_loss", params, X, "X", "params, X, Y, activations")
    _check_Y_order("deep_loss", params, X, Y, activations, "params, X, Y, activations")
    AL, caches = deep_forward(params, X, activations)
    output = list(activations)[-1]
    return _output_loss(_check_Y(Y, AL, output, "deep_loss"), caches[-1]["Z"], output)


def deep_loss_and_grads(params: Mapping[str, np.ndarray], X, Y, activations: Sequence[str]):
    """Loss and gradients in one call, the shape the course's training loops expect.

    Parameters
    ----------
    params : dict "W1", "b1", ..., "WL", "bL".
    X : array_like, shape (n_0, m).
    Y : array_like, shape (n_L, m) — see `deep_backward`.
    activations : sequence of L activation names.

    Returns
    -------
    loss : float — mean binary cross-entropy (sigmoid output) or categorical
        cross-entropy (softmax output) over the m samples, from the cached logits Z_L.
    grads : dict "dW1", "db1", ... as from `deep_backward`.

    Raises
    ------
    ValueError as for `deep_loss`.

    Examples
    --------
    Bind the activations to get ``loss_and_grads(params, X, Y)`` for
    ``nh.gradient_descent`` or ``nh.minibatch_sgd``::

        loss_and_grads = functools.partial(nh.deep_loss_and_grads,
                                           activations=["relu", "relu", "softmax"])
    """
    _check_order("deep_loss_and_grads", params, X, "X", "params, X, Y, activations")
    _check_Y_order("deep_loss_and_grads", params, X, Y, activations, "params, X, Y, activations")
    AL, caches = deep_forward(params, X, activations)
    names = list(activations)
    Y = _check_Y(Y, AL, names[-1], "deep_loss_and_grads")
    return _output_loss(Y, caches[-1]["Z"], names[-1]), _backward(params, Y, AL, caches, names)


def update_parameters(params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray],
                      learning_rate: float) -> dict[str, np.ndarray]:
    """One plain gradient-descent step: P <- P - learning_rate * dP for every parameter.

    Parameters
    ----------
    params : dict "W1", "b1", ... of arrays.
    grads : dict "dW1", "db1", ... with the same shapes.
    learning_rate : positive float.

    Returns
    -------
    dict — new arrays (``params`` itself is not modified), same dtypes.

    Raises
    ------
    ValueError if params or grads is not a dict, they look swapped, learning_rate is not a
    positive number (a bool or a string is refused), or a gradient is missing or has
    another shape than its parameter.
    """
    if not isinstance(params, Mapping) or not isinstance(grads, Mapping):
        raise ValueError("update_parameters(params, grads, learning_rate) takes two dicts, then a number")
    if params and grads and all(str(k).startswith("d") for k in params) \
            and not any(str(k).startswith("d") for k in grads):
        raise ValueError("the arguments look swapped: update_parameters(params, grads, learning_rate) "
                         "takes the parameters ('W1', ...) first, then the gradients ('dW1', ...)")
    check_number("learning_rate", learning_rate, low=0, low_open=True)
    new = {}
    for name, value in params.items():
        key = f"d{name}"
        if key not in grads:
            raise ValueError(f"grads has no {key!r} for parameter {name!r}; it holds {sorted(grads)}")
        if np.shape(grads[key]) != np.shape(value):
            raise ValueError(
                f"{key} has shape {np.shape(grads[key])} but {name} has shape {np.shape(value)}; "
                f"{key} must have shape {np.shape(value)}, the shape of its parameter"
            )
        new[name] = (value - learning_rate * grads[key]).astype(value.dtype, copy=False)
    return new


def predict_deep(params: Mapping[str, np.ndarray], X, activations: Sequence[str]) -> np.ndarray:
    """Predicted class labels, one per column of X.

    Parameters
    ----------
    params, X, activations : as for `deep_forward`; X has shape (n_0, m).

    Returns
    -------
    ndarray of int64, shape (m,) — like the labels ``y`` that ``nh.accuracy``
    compares with: for a softmax output the most probable class (0 .. n_L - 1)
    of each column; for a single sigmoid output 1 where A_L > 0.5, else 0.

    Raises
    ------
    ValueError for a sigmoid output with several units (several yes/no answers
    per sample do not make one label; threshold ``deep_forward``'s A_L instead).
    """
    _check_order("predict_deep", params, X, "X", "params, X, activations")
    AL, _ = deep_forward(params, X, activations)
    if list(activations)[-1] == "softmax":
        return AL.argmax(axis=0).astype(np.int64)
    if AL.shape[0] != 1:
        raise ValueError(
            f"a sigmoid output predicts one yes/no label per sample, but this network has "
            f"{AL.shape[0]} outputs; use (A_L > 0.5) from deep_forward, or a softmax output"
        )
    return (AL[0] > 0.5).astype(np.int64)


def layer_shapes(layer_sizes: Sequence[int], activations: Sequence[str] | None = None) -> pd.DataFrame:
    """A table of every layer's parameter and activation shapes.

    Parameters
    ----------
    layer_sizes : sequence [n_0, ..., n_L].
    activations : optional sequence of L activation names, shown in a column.

    Returns
    -------
    pandas.DataFrame, one row per layer l = 1..L (index "layer"), columns
    "W" (n_l, n_{l-1}), "b" (n_l, 1), "Z and A" (n_l, "m"), "parameters"
    (n_l * n_{l-1} + n_l) and, if given, "activation".

    Raises
    ------
    ValueError for fewer than two sizes, a size that is not a positive integer, or
    activations that do not fit (one name per layer, "relu"/"sigmoid" hidden,
    "sigmoid"/"softmax" last).
    """
    sizes = _check_layer_sizes(layer_sizes)
    names = None if activations is None else _check_activations(activations, len(sizes) - 1)
    rows = []
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        row = {"layer": l, "W": (n_out, n_in), "b": (n_out, 1), "Z and A": (n_out, "m"),
               "parameters": n_out * n_in + n_out}
        if names is not None:
            row["activation"] = names[l - 1]
        rows.append(row)
    return pd.DataFrame(rows).set_index("layer")
