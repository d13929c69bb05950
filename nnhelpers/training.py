"""Generic training loops: full-batch gradient descent and mini-batch SGD with momentum
(chapters 06 and 07; chapter 08 reuses them for deep networks).

Shape convention, as everywhere in the course: X (n_features, m), Y (n_out, m),
one column per sample. A model is described by two things only:

- ``params``: dict name -> ndarray, e.g. {"W1": (n_h, n_x), "b1": (n_h, 1), ...};
- ``loss_and_grads(params, X, Y) -> (loss, grads)``: the mean loss over the
  columns of X (a float) and a dict of gradients keyed "d" + name ("dW1", "db1",
  ...), each with the shape of its parameter. It must take the batch size from
  X (X.shape[1]), never from a global variable: the last mini-batch of an epoch
  may be smaller than the others.

Both loops work on a copy of ``params`` (the caller's dict and arrays are never
changed) and return ``(params, history)``. ``history`` is a dict name -> list,
with a ``"step"`` key holding the x values, ready for ``nh.plot_history``.
"""
from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

from nnhelpers._random import random_source
from nnhelpers._validation import require_columns_match, require_ndim

__all__ = ["gradient_descent", "minibatch_sgd"]

LossAndGrads = Callable[[dict, np.ndarray, np.ndarray], "tuple[float, dict]"]


# --- small pieces shared by both loops ---------------------------------------------------

def _copy_params(params: Mapping[str, np.ndarray]) -> dict:
    if not isinstance(params, Mapping) or not params:
        raise ValueError(f"params must be a non-empty dict name -> ndarray, got {params!r:.80}")
    copied = {}
    for name, value in params.items():
        array = np.array(value, copy=True)  # our own copy: the caller's arrays stay as they were
        if array.dtype.kind != "f":
            raise ValueError(f"parameter {name!r} must be a floating-point array, got dtype {array.dtype}")
        copied[name] = array
    return copied


def _check_data(X, Y) -> tuple[np.ndarray, np.ndarray]:
    X, Y = np.asarray(X), np.asarray(Y)
    require_ndim("X", X, 2, "(n_features, m), one column per sample")
    require_ndim("Y", Y, 2, "(n_out, m), one column per sample")
    require_columns_match("X", X, "Y", Y)
    if X.shape[1] == 0:
        raise ValueError("X has no samples (0 columns); there is nothing to train on")
    return X, Y


def _check_count(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_rate(value, name: str = "learning_rate") -> float:
    # A plain Python float: a NumPy float64 scalar would turn float32 updates into float64.
    try:
        rate = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not np.isfinite(rate) or rate <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return rate


def _check_grads(params: dict, grads) -> None:
    """Run once, on the first step: a wrong key or shape here would otherwise surface as a
    confusing broadcasting error (or worse, silently) inside the update."""
    if not isinstance(grads, Mapping):
        raise ValueError(f"loss_and_grads must return (loss, grads dict), got grads of type {type(grads).__name__}")
    for name, value in params.items():
        key = f"d{name}"
        if key not in grads:
            raise ValueError(f"loss_and_grads returned no gradient {key!r} for parameter {name!r}; "
                             f"it returned {sorted(grads)}")
        if np.shape(grads[key]) != value.shape:
            raise ValueError(f"gradient {key!r} has shape {np.shape(grads[key])} but parameter "
                             f"{name!r} has shape {value.shape}")


def _record(history: dict, step: int, loss: float, metrics: Mapping | None) -> None:
    history["step"].append(step)
    history["loss"].append(float(loss))
    if metrics is None:
        return
    for name, value in metrics.items():
        if name in ("step", "loss"):
            raise ValueError(f"evaluate returned a metric named {name!r}, which the history already "
                             "uses; call it e.g. 'train_loss'")
        history.setdefault(name, []).append(float(value))


def _evaluate(evaluate, params) -> dict | None:
    if evaluate is None:
        return None
    metrics = evaluate(params)
    if not isinstance(metrics, Mapping):
        raise ValueError(f"evaluate(params) must return a dict name -> number, got {type(metrics).__name__}")
    return metrics


def _progress_bar(total: int, enabled: bool, unit: str):
    if not enabled:
        return None
    from tqdm.auto import tqdm  # imported only when asked for: it is slow to import

    return tqdm(total=total, unit=unit)


# --- full-batch gradient descent (chapter 06) --------------------------------------------

def gradient_descent(
    params: Mapping[str, np.ndarray],
    X,
    Y,
    loss_and_grads: LossAndGrads,
    learning_rate: float,
    iterations: int,
    evaluate: Callable[[dict], Mapping[str, float]] | None = None,
    record_every: int = 1,
    progress: bool = False,
):
    """Full-batch gradient descent: every step uses all m samples.

    Each iteration computes ``loss, grads = loss_and_grads(params, X, Y)`` and
    then updates every parameter ``P -= learning_rate * grads["d" + name]``.

    Parameters
    ----------
    params : dict name -> float ndarray, e.g. {"W1": (n_h, n_x), "b1": (n_h, 1), ...}.
        Copied first: the caller's dict and arrays are not modified.
    X : ndarray, shape (n_features, m).
    Y : ndarray, shape (n_out, m).
    loss_and_grads : callable ``(params, X, Y) -> (loss, grads)``; see the module docstring.
    learning_rate : float, the step size.
    iterations : int >= 0, the number of updates.
    evaluate : callable ``(params) -> dict name -> float``, optional. Called at every
        recorded step; its metrics (e.g. "test_accuracy") are added to the history.
    record_every : int >= 1. The history holds steps 0, record_every, 2*record_every, ...
        and always the final step ``iterations``.
    progress : bool. Show a tqdm progress bar (off by default, so notebook outputs stay stable).

    Returns
    -------
    params : dict, the trained copy of the parameters.
    history : dict name -> list. "step" (number of updates made so far), "loss" (the
        training loss at those parameters) and one list per metric of ``evaluate``.

    Notes
    -----
    The entry for step k describes the parameters after k updates. Its loss comes for
    free from the forward pass of iteration k; the final step needs one extra call of
    ``loss_and_grads``.
    """
    X, Y = _check_data(X, Y)
    iterations = _check_count("iterations", iterations, 0)
    record_every = _check_count("record_every", record_every, 1)
    learning_rate = _check_rate(learning_rate)
    params = _copy_params(params)
    history: dict[str, list] = {"step": [], "loss": []}
    bar = _progress_bar(iterations, progress, "it")

    for step in range(iterations):
        loss, grads = loss_and_grads(params, X, Y)
        if step == 0:
            _check_grads(params, grads)
        if step % record_every == 0:
            _record(history, step, loss, _evaluate(evaluate, params))
        for name, value in params.items():
            value -= learning_rate * grads[f"d{name}"]
        if bar is not None:
            bar.update()
            bar.set_postfix(loss=f"{float(loss):.4f}", refresh=False)

    loss, _ = loss_and_grads(params, X, Y)
    _record(history, iterations, loss, _evaluate(evaluate, params))
    if bar is not None:
        bar.close()
    return params, history


# --- mini-batch stochastic gradient descent with momentum (chapter 07) -------------------

def _sample_rows(X: np.ndarray) -> np.ndarray:
    """X as an (m, n_features) C-ordered array, one row per sample, copying only if needed.

    Picking a mini-batch means gathering scattered samples. From a row per sample, each
    sample is one contiguous block of memory; from the course's C-ordered (n_features, m)
    layout it would be n_features separate reads, m apart. If X is F-ordered (as
    ``nh.load_mnist`` returns it) ``X.T`` already is such an array and nothing is copied.
    """
    return np.ascontiguousarray(X.T)


def _batches(m: int, batch_size: int, rng):
    """Yield index arrays that together hold every sample exactly once, in a new random order.

    The last batch holds the remaining m % batch_size samples when batch_size does not
    divide m: dropping them (or stopping one sample short) would ignore data every epoch.
    """
    order = rng.permutation(m)
    for start in range(0, m, batch_size):
        yield order[start:start + batch_size]


def minibatch_sgd(
    params: Mapping[str, np.ndarray],
    X,
    Y,
    loss_and_grads: LossAndGrads,
    learning_rate: float | Callable[[int], float],
    epochs: int,
    batch_size: int,
    beta: float = 0.0,
    seed: int | np.random.Generator | np.random.RandomState | None = None,
    evaluate: Callable[[dict], Mapping[str, float]] | None = None,
    progress: bool = False,
):
    """Mini-batch stochastic gradient descent, with optional momentum.

    Each epoch shuffles the m samples (``rng.permutation(m)``) and walks through them in
    batches of ``batch_size`` columns; every sample is used exactly once per epoch and the
    last batch holds what is left (it may be smaller). For each batch::

        loss, grads = loss_and_grads(params, X_batch, Y_batch)
        V = beta * V + (1 - beta) * grads["d" + name]      # V starts at zero
        P -= learning_rate * V

    With ``beta = 0`` this is plain mini-batch gradient descent.

    Parameters
    ----------
    params : dict name -> float ndarray. Copied first: the caller's dict and arrays are
        not modified.
    X : ndarray, shape (n_features, m). An F-ordered X (``np.asfortranarray``) is used
        as it is; any other layout is copied once into one row per sample (see Notes).
    Y : ndarray, shape (n_out, m).
    loss_and_grads : callable ``(params, X_batch, Y_batch) -> (loss, grads)``; it must
        read the batch size from ``X_batch.shape[1]``. ``X_batch`` lives in a buffer that
        is reused for the next batch: copy it if you need to keep it.
    learning_rate : float, or a schedule: a callable ``epoch -> float`` giving the rate for
        each epoch 1, 2, ..., epochs (e.g. ``lambda epoch: 4.0 if epoch <= 10 else 1.0``).
    epochs : int >= 0.
    batch_size : int >= 1 (larger than m means full batch).
    beta : float in [0, 1), the momentum coefficient.
    seed : int, numpy Generator, legacy ``np.random.RandomState`` or None. An int or None
        goes to ``np.random.default_rng``; the same seed gives the same batches and the
        same result. Pass the ``RandomState`` that initialised the weights to continue the
        notes' ``np.random.seed`` stream.
    evaluate : callable ``(params) -> dict name -> float``, optional, called after every
        epoch; its metrics are added to the history.
    progress : bool. Show a tqdm progress bar over the batches (off by default).

    Returns
    -------
    params : dict, the trained copy of the parameters.
    history : dict name -> list. "step" is the epoch number 1, 2, ..., epochs; "loss" is
        the mean of that epoch's mini-batch losses weighted by batch size (the running
        training loss while the parameters moved, as most libraries report it); with a
        schedule, "learning_rate" (the rate used in each epoch); plus one list per metric of
        ``evaluate``.

    Notes
    -----
    Speed comes from the memory layout, not from tricks. Shuffling by copying the whole
    dataset every epoch (``X[:, permutation]``) costs more than the training itself;
    here each batch is gathered from one-row-per-sample storage into a preallocated
    buffer with ``np.take(..., out=...)``.
    """
    X, Y = _check_data(X, Y)
    epochs = _check_count("epochs", epochs, 0)
    batch_size = _check_count("batch_size", batch_size, 1)
    beta = float(beta)
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
    schedule = learning_rate if callable(learning_rate) else None
    if schedule is None:
        learning_rate = _check_rate(learning_rate)
    rng = random_source(seed)
    params = _copy_params(params)
    velocity = {name: np.zeros_like(value) for name, value in params.items()} if beta else None
    step = {name: np.empty_like(value) for name, value in params.items()}  # reused every batch

    m = X.shape[1]
    x_rows, y_rows = _sample_rows(X), _sample_rows(Y)
    size = min(batch_size, m)
    x_buffer = np.empty((size, X.shape[0]), dtype=X.dtype)
    y_buffer = np.empty((size, Y.shape[0]), dtype=Y.dtype)

    history: dict[str, list] = {"step": [], "loss": []}
    bar = _progress_bar(epochs * -(-m // batch_size), progress, "batch")
    first_step = True
    for epoch in range(1, epochs + 1):
        if schedule is not None:
            learning_rate = _check_rate(schedule(epoch), f"learning_rate({epoch})")
        loss_sum = 0.0
        for index in _batches(m, batch_size, rng):
            k = len(index)
            # mode="clip" lets np.take write straight into `out` (mode="raise" would go
            # through a temporary); the indices come from a permutation, so all are valid.
            X_batch = np.take(x_rows, index, axis=0, out=x_buffer[:k], mode="clip").T
            Y_batch = np.take(y_rows, index, axis=0, out=y_buffer[:k], mode="clip").T
            loss, grads = loss_and_grads(params, X_batch, Y_batch)
            if first_step:
                _check_grads(params, grads)
                first_step = False
            loss_sum += float(loss) * k
            for name, value in params.items():
                grad, delta = grads[f"d{name}"], step[name]
                if velocity is None:
                    np.multiply(grad, learning_rate, out=delta)
                else:
                    v = velocity[name]
                    v *= beta
                    v += np.multiply(grad, 1.0 - beta, out=delta)
                    np.multiply(v, learning_rate, out=delta)
                value -= delta
            if bar is not None:
                bar.update()
        if bar is not None:
            bar.set_postfix(epoch=epoch, loss=f"{loss_sum / m:.4f}")
        _record(history, epoch, loss_sum / m, _evaluate(evaluate, params))
        if schedule is not None:
            history.setdefault("learning_rate", []).append(learning_rate)
    if bar is not None:
        bar.close()
    return params, history
