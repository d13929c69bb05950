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

Held-out data (chapters 07-08). ``evaluate=callable(params) -> dict`` measures the
parameters on data the loop does not train on, e.g. a validation set from
`train_validation_split`; its numbers ("val_loss", "val_accuracy", ...) join the
history. ``keep_best="val_loss"`` (or ``keep_best=nh.keep_best("val_loss", patience=5)``,
which also stops early) makes the loop return the parameters at the recorded step
where that number was best, not the last ones; ``history.best`` then says which step
that was (see `keep_best`).
"""
from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

from nnhelpers._random import random_source, reject_rng
from nnhelpers._validation import as_float_array, check_number, describe, require_columns_match, require_ndim

__all__ = ["gradient_descent", "minibatch_sgd", "minibatches", "momentum_update", "keep_best", "KeepBest", "TrainingHistory",
           "train_validation_split"]

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


def _check_call(function: str, params, X, loss_and_grads, learning_rate=None) -> None:
    """The dict of parameters first, the data next, then the model function."""
    if not isinstance(params, Mapping) and isinstance(X, Mapping):
        raise ValueError(f"the arguments look swapped: {function}(params, X, Y, loss_and_grads, ...) takes "
                         "the parameter dict first, then the data")
    if not callable(loss_and_grads):
        hint = ""
        if callable(X) or callable(params):
            hint = " (the arguments look swapped: the order is params, X, Y, loss_and_grads)"
        elif callable(learning_rate):
            hint = (" (the arguments look swapped: the order is params, X, Y, loss_and_grads, "
                    "learning_rate; the function came in learning_rate's place)")
        raise ValueError(f"loss_and_grads must be a function (params, X, Y) -> (loss, grads), got "
                         f"{type(loss_and_grads).__name__}{hint}")


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
    # A string ("0.1") or a bool (True) is refused, not converted.
    return check_number(name, value, low=0, low_open=True)


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
                             f"{name!r} has shape {value.shape}; {key!r} must have shape {value.shape}, "
                             "the shape of its parameter")


def _record(history: dict, step: int, loss: float, metrics: Mapping | None) -> None:
    history["step"].append(step)
    history["loss"].append(float(loss))
    if metrics is None:
        return
    for name, value in metrics.items():
        if name in ("step", "loss"):
            raise ValueError(f"evaluate returned a metric named {name!r}, which the history already "
                             "uses; call it e.g. 'train_loss'")
        if np.ndim(value) > 0 or isinstance(value, (str, bytes)):
            raise ValueError(f"evaluate returned {name!r} as {describe(value)}; every metric must be a "
                             "single number (e.g. float(...) of a loss)")
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


# --- held-out data: the split, and keeping the best parameters ---------------------------

@reject_rng
def train_validation_split(X, Y, n_validation: int, seed=None, shuffle: bool = True):
    """Hold ``n_validation`` samples (columns) back from training, for choices and early stopping.

    Parameters
    ----------
    X : ndarray, shape (n_features, m), one column per sample.
    Y : ndarray, shape (n_out, m) (one-hot or 0/1 rows), or an (m,) vector of labels.
    n_validation : int, 1 <= n_validation < m: how many samples to hold back.
    seed : None, int, numpy Generator or ``np.random.RandomState`` (see
        `nnhelpers._random`), used when ``shuffle`` is True.
    shuffle : bool.

        - True (default): the columns are put in the random order ``permutation(m)`` drawn
          from ``seed``; the FIRST ``n_validation`` of that order are held back, the rest
          (in that order) are the training set. This is the notes' handwritten (Kaggle)
          route: ``np.random.shuffle(data); data_dev = data[0:1000]; data_train =
          data[1000:m]`` -- with ``seed=np.random.RandomState(s)`` you get exactly the
          notes' split after ``np.random.seed(s)``. A random sample is needed because a
          file may be ordered (by writer, by label): the held-back images must look like
          the training images, or the validation score says nothing about them.
        - False: the LAST ``n_validation`` columns are held back, without any randomness.
          On the 60,000 MNIST training images in their canonical order (``nh.load_mnist``)
          with ``n_validation=10000`` this is the 50,000 / 10,000 split of the widely used
          ``mnist.pkl.gz`` (Nielsen's), whose validation images are the last 10,000.

    Returns
    -------
    X_train (n_features, m - n_validation), Y_train, X_val (n_features, n_validation), Y_val
        New arrays (the input is not modified), X's dtype, Fortran-ordered like
        ``nh.load_mnist``'s X (one contiguous block per sample, what ``nh.minibatch_sgd``
        gathers fastest). Y parts keep Y's layout ((n_out, k) or (k,)).

    Why hold data back at all: every choice made by looking at a score (width, learning rate,
    the epoch to stop at) fits that choice to the data scored. Making the choices on a
    validation set keeps the test set unseen, so the one test accuracy reported at the end
    is an honest estimate for new images.

    Raises
    ------
    ValueError if X is not 2-D, Y does not have one label per column of X, or n_validation
    is not an integer in [1, m - 1]; TypeError for the removed keyword ``rng=``.
    """
    X = np.asarray(X)
    require_ndim("X", X, 2, "(n_features, m), one column per sample")
    Y = np.asarray(Y)
    m = X.shape[1]
    if np.ndim(n_validation) > 0 and np.ndim(Y) == 0:
        raise ValueError("the arguments look swapped: train_validation_split(X, Y, n_validation, ...) takes "
                         "the data X, then the labels Y, then the number of samples to hold back")
    if Y.ndim == 2:
        if Y.shape[1] != m:
            hint = " (it looks transposed: one column per sample, use Y.T)" if Y.shape[0] == m else ""
            raise ValueError(f"Y has shape {Y.shape} but X has {m} samples (columns); Y must have "
                             f"shape (n_out, {m}) or ({m},){hint}")
    elif Y.ndim == 1:
        if Y.shape[0] != m and X.shape[0] == Y.shape[0]:
            raise ValueError(f"X has shape {X.shape} but Y has {Y.shape[0]} labels; X must have shape "
                             f"(n_features, {Y.shape[0]}), one column per sample: it looks transposed "
                             "(one row per sample), use X.T")
        if Y.shape[0] != m:
            raise ValueError(f"Y has shape {Y.shape} but X has {m} samples (columns); Y must have "
                             f"shape (n_out, {m}) or ({m},)")
    else:
        raise ValueError(f"Y must be a 2-D (n_out, m) array or an (m,) vector of labels, got shape {Y.shape}")
    if not isinstance(shuffle, (bool, np.bool_)):
        raise ValueError(f"shuffle must be True or False, got {describe(shuffle)}")
    if isinstance(n_validation, bool) or not isinstance(n_validation, (int, np.integer)) \
            or not 1 <= n_validation < m:
        raise ValueError(f"n_validation must be an integer from 1 to m - 1 = {m - 1} (X has {m} samples), "
                         f"got {n_validation!r}")
    n_validation = int(n_validation)
    if shuffle:
        order = random_source(seed).permutation(m)
        val_index, train_index = order[:n_validation], order[n_validation:]
    else:
        val_index, train_index = np.arange(m - n_validation, m), np.arange(m - n_validation)

    def columns(A, index):
        # gather whole samples (rows of A.T), then .T: Fortran-ordered, one block per sample
        return np.take(A.T, index, axis=0).T if A.ndim == 2 else A[index]

    return columns(X, train_index), columns(Y, train_index), columns(X, val_index), columns(Y, val_index)


class TrainingHistory(dict):
    """The ``history`` returned by the training loops: a plain dict name -> list, plus ``best``.

    ``best`` is None unless the loop was given ``keep_best`` (and also when no recorded
    value was finite, in which case the last parameters are returned); otherwise a dict with

    - "monitor": the name watched (e.g. "val_loss"), "mode": "min" or "max";
    - "step": the recorded step (an entry of ``history["step"]``) whose parameters were
      returned; "value": the monitored number there; "index": its position in the lists;
    - "stopped_early": True if training stopped before the last step because the number
      had not improved for ``patience`` records; "patience": that patience (or None).

    ``best`` is an attribute, not a key, so ``nh.plot_history(history)`` plots the curves
    as before; mark the best step with e.g. ``ax.axvline(history.best["step"])``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.best = None


class KeepBest:
    """What to watch while training, to keep the best parameters and optionally stop early.

    Made by `keep_best`; pass it to ``nh.gradient_descent`` or ``nh.minibatch_sgd`` as
    ``keep_best=``. One object serves one training run (it remembers that run's best).
    """

    def __init__(self, monitor: str = "val_loss", patience: int | None = None,
                 mode: str | None = None, min_delta: float = 0.0):
        if not isinstance(monitor, str) or monitor == "step":
            raise ValueError(f"monitor must be the name of a number in the history, e.g. 'val_loss', "
                             f"got {monitor!r}")
        if mode is None:
            lowered = monitor.lower()
            if "loss" in lowered or "error" in lowered:
                mode = "min"
            elif any(word in lowered for word in ("acc", "f1", "precision", "recall", "score")):
                mode = "max"
            else:
                raise ValueError(f"cannot tell whether {monitor!r} is better small or large; "
                                 "give mode='min' or mode='max'")
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
        if patience is not None:
            patience = _check_count("patience", patience, 1)
        min_delta = check_number("min_delta", min_delta, low=0)
        self.monitor, self.patience, self.mode, self.min_delta = monitor, patience, mode, min_delta
        self._reset()

    def _reset(self):
        self.best_value = None
        self.best_step = None
        self.best_index = None
        self.best_params = None
        self.since_best = 0
        self.stopped_early = False

    def __repr__(self):
        return (f"keep_best(monitor={self.monitor!r}, patience={self.patience!r}, mode={self.mode!r}, "
                f"min_delta={self.min_delta!r})")

    def _improves(self, value: float) -> bool:
        if self.best_value is None:
            return True
        if self.mode == "min":
            return value < self.best_value - self.min_delta
        return value > self.best_value + self.min_delta

    def update(self, history: dict, params: Mapping[str, np.ndarray]) -> bool:
        """Look at the last record of ``history``; keep a copy of ``params`` if it is the best
        so far. Returns True when training should stop (no improvement for ``patience``
        records)."""
        if self.monitor not in history:
            raise ValueError(
                f"keep_best watches {self.monitor!r}, but the history holds {sorted(history)}; "
                "return it from evaluate, e.g. evaluate=lambda p: {'val_loss': ...}"
            )
        value = history[self.monitor][-1]
        if not np.isfinite(value):
            improved = False
        else:
            improved = self._improves(value)
        if improved:
            self.best_value = value
            self.best_step = history["step"][-1]
            self.best_index = len(history["step"]) - 1
            self.best_params = {name: array.copy() for name, array in params.items()}
            self.since_best = 0
            return False
        self.since_best += 1
        if self.patience is not None and self.since_best >= self.patience:
            self.stopped_early = True
            return True
        return False

    def summary(self) -> dict:
        return {"monitor": self.monitor, "mode": self.mode, "step": self.best_step,
                "value": self.best_value, "index": self.best_index,
                "stopped_early": self.stopped_early, "patience": self.patience}


def keep_best(monitor: str = "val_loss", patience: int | None = None, mode: str | None = None,
              min_delta: float = 0.0) -> KeepBest:
    """Keep the parameters where ``monitor`` was best; with ``patience``, also stop early.

    Pass the result as ``keep_best=`` to ``nh.gradient_descent`` or ``nh.minibatch_sgd``
    (or simply ``keep_best="val_loss"``, the same as ``keep_best=nh.keep_best("val_loss")``).

    Parameters
    ----------
    monitor : str, a name in the history: one returned by ``evaluate`` (e.g. "val_loss",
        "val_accuracy") or "loss" (the training loss; rarely what you want).
    patience : int >= 1 or None. With an int, training stops once the monitored number has
        not improved for ``patience`` records in a row (records are epochs for
        ``minibatch_sgd``, every ``record_every`` steps for ``gradient_descent``). None:
        never stop early, just remember the best.
    mode : "min", "max" or None. None guesses from the name: "min" for a name containing
        "loss" or "error", "max" for one containing "acc", "f1", "precision", "recall" or
        "score"; otherwise a ValueError asks for it.
    min_delta : float >= 0. An improvement smaller than this does not count (it does not
        reset the patience and does not replace the kept parameters).

    Returns
    -------
    KeepBest. After training the loop's ``history.best`` says which step was kept (see
    `TrainingHistory`).

    Raises
    ------
    ValueError if monitor is not a usable name ("step" and the like), mode is not
    "min"/"max" (or cannot be guessed from the name), patience is not an integer >= 1 or
    None, or min_delta is not a number >= 0. At training time, if the monitored name never
    appears in the history (e.g. "val_loss" without an ``evaluate`` returning it).

    Notes
    -----
    Early stopping is the remedy for overfitting that costs nothing to set up: the
    validation loss falls while the network learns what generalises, then rises while it
    memorises the training images; the parameters at its minimum are the ones to keep.
    A NaN or inf value never counts as an improvement.

    The rule used here -- keep the best parameters seen, stop after ``patience`` records
    without improvement -- is the usual "patience" criterion; Prechelt compares it with
    other stopping rules on real validation curves, which are noisy and have several
    local minima, so stopping at the first rise is too early (L. Prechelt, "Early
    stopping -- but when?", in *Neural Networks: Tricks of the Trade*, LNCS 1524,
    Springer 1998, pp. 55-69). Goodfellow, Bengio & Courville, *Deep Learning* (2016),
    section 7.8, give the same algorithm and explain why it acts as a regulariser.
    """
    return KeepBest(monitor, patience=patience, mode=mode, min_delta=min_delta)


def _as_keeper(keep) -> KeepBest | None:
    if keep is None:
        return None
    if isinstance(keep, str):
        keeper = KeepBest(keep)
    elif isinstance(keep, KeepBest):
        keeper = keep
    else:
        raise ValueError(f"keep_best must be None, a metric name such as 'val_loss', or "
                         f"nh.keep_best(...), got {keep!r:.60}")
    keeper._reset()
    return keeper


def _finish(history: TrainingHistory, params: dict, keeper: KeepBest | None) -> tuple[dict, TrainingHistory]:
    if keeper is None or keeper.best_params is None:
        return params, history
    history.best = keeper.summary()
    return keeper.best_params, history


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
    keep_best: "str | KeepBest | None" = None,
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
    keep_best : None, a name such as "val_loss", or ``nh.keep_best(monitor, patience=...)``.
        Return the parameters of the recorded step where that number (from the history:
        "loss" or a metric of ``evaluate``) was best instead of the last ones; with a
        patience, stop once it has not improved for that many records. See `keep_best`.

    Returns
    -------
    params : dict, the trained copy of the parameters (with ``keep_best``: the best ones).
    history : `TrainingHistory`, a dict name -> list. "step" (number of updates made so
        far), "loss" (the training loss at those parameters) and one list per metric of
        ``evaluate``; ``history.best`` says which step was kept (None without ``keep_best``).
        After an early stop the lists end at the step where training stopped.

    Raises
    ------
    ValueError if params is not a dict of float arrays; X or Y is not 2-D or they hold
    different numbers of samples (a transposed one is named); loss_and_grads is not
    callable (a function in learning_rate's place is named as swapped); learning_rate is
    not a positive number (a string or bool is refused); iterations or record_every is not
    an integer in range; keep_best is of the wrong kind; on the first step, if the
    gradients do not match the parameters (missing "dW1", another shape); if evaluate
    does not return a dict, or uses the names "step" or "loss".

    Notes
    -----
    The entry for step k describes the parameters after k updates. Its loss comes for
    free from the forward pass of iteration k; the final step needs one extra call of
    ``loss_and_grads``.
    """
    _check_call("gradient_descent", params, X, loss_and_grads, learning_rate)
    X, Y = _check_data(X, Y)
    iterations = _check_count("iterations", iterations, 0)
    record_every = _check_count("record_every", record_every, 1)
    learning_rate = _check_rate(learning_rate)
    keeper = _as_keeper(keep_best)
    params = _copy_params(params)
    history = TrainingHistory(step=[], loss=[])
    bar = _progress_bar(iterations, progress, "it")

    stopped = False
    for step in range(iterations):
        loss, grads = loss_and_grads(params, X, Y)
        if step == 0:
            _check_grads(params, grads)
        if step % record_every == 0:
            _record(history, step, loss, _evaluate(evaluate, params))
            if keeper is not None and keeper.update(history, params):
                stopped = True
                break
        for name, value in params.items():
            value -= learning_rate * grads[f"d{name}"]
        if bar is not None:
            bar.update()
            bar.set_postfix(loss=f"{float(loss):.4f}", refresh=False)

    if not stopped:
        loss, _ = loss_and_grads(params, X, Y)
        _record(history, iterations, loss, _evaluate(evaluate, params))
        if keeper is not None:
            keeper.update(history, params)
    if bar is not None:
        bar.close()
    return _finish(history, params, keeper)


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


@reject_rng
def minibatches(X, Y, batch_size: int, seed=None) -> list:
    """One epoch of shuffled mini-batches: a list of ``(X_batch, Y_batch)`` pairs.

    The m columns are put in a random order (``rng.permutation(m)``) and cut into
    consecutive batches of ``batch_size`` columns; the last batch holds the
    ``m % batch_size`` samples left over when ``batch_size`` does not divide m (it is never
    empty, and no sample is dropped). Every sample appears exactly once, its X and Y
    columns together. This is the batching of `minibatch_sgd` (chapter 07), written out for
    reading and for chapter 07's Exercise 1; the course notes' version stops one batch
    short (``range(0, m - batch_size, batch_size)``) and so skips up to ``batch_size``
    samples every epoch.

    Parameters
    ----------
    X : array, shape (n_features, m), one column per sample.
    Y : array, shape (n_out, m), the matching labels.
    batch_size : int >= 1. Larger than m gives one batch of all m samples.
    seed : None, int, ``np.random.Generator`` or legacy ``np.random.RandomState`` (see
        ``nnhelpers._random``): the same int gives the same batches.

    Returns
    -------
    list of ``ceil(m / batch_size)`` pairs ``(X_batch, Y_batch)``, shapes (n_features, k) and
    (n_out, k) with ``k = batch_size`` except possibly for the last; copies, not views.

    Raises
    ------
    ValueError if X or Y is not 2-D, their column counts differ, X has no columns, or
    ``batch_size`` is not an integer >= 1; ``seed`` of the wrong kind as in `random_source`.

    Examples
    --------
    >>> X, Y = np.arange(10.).reshape(2, 5), np.arange(5.).reshape(1, 5)
    >>> [Y_batch.shape[1] for _, Y_batch in minibatches(X, Y, 2, seed=0)]
    [2, 2, 1]
    """
    X, Y = _check_data(X, Y)
    batch_size = _check_count("batch_size", batch_size, 1)
    return [(X[:, index], Y[:, index])
            for index in _batches(X.shape[1], batch_size, random_source(seed))]


def momentum_update(param, grad, velocity, learning_rate: float, beta: float):
    """One step of gradient descent with momentum, as chapter 07 writes it.

    ``V <- beta * V + (1 - beta) * dW``, then ``W <- W - learning_rate * V``: V is an
    exponentially weighted average of the gradients (the form of Ng's deep-learning course
    and of the course notes; PyTorch's ``SGD(momentum=beta)`` drops the factor
    ``1 - beta``, so its learning rate is ours times ``1 - beta``). With ``beta = 0`` this
    is a plain gradient step. `minibatch_sgd` applies exactly this update, in place.

    Parameters
    ----------
    param, grad, velocity : float arrays of one shape (a parameter, its gradient, its
        velocity; the velocity starts as zeros). Not modified.
    learning_rate : positive number.
    beta : number in [0, 1).

    Returns
    -------
    (new_param, new_velocity) : new arrays, the shape of ``param``.

    Raises
    ------
    ValueError if the three arrays are not numeric or differ in shape (naming the one that
    differs from ``param``), ``learning_rate`` is not a positive number or ``beta`` not in
    [0, 1).
    """
    param = as_float_array("param", param)
    grad = as_float_array("grad", grad)
    velocity = as_float_array("velocity", velocity)
    for name, array in (("grad", grad), ("velocity", velocity)):
        if array.shape != param.shape:
            raise ValueError(f"{name} must have the shape of param, {param.shape}, got {array.shape}")
    learning_rate = _check_rate(learning_rate)
    beta = check_number("beta", beta, low=0, high=1, high_open=True)
    velocity = beta * velocity + (1 - beta) * grad
    return param - learning_rate * velocity, velocity


@reject_rng
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
    keep_best: "str | KeepBest | None" = None,
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
    keep_best : None, a name such as "val_loss", or ``nh.keep_best(monitor, patience=...)``.
        Return the parameters at the end of the epoch where that number was best instead
        of the last ones; with a patience, stop once it has not improved for that many
        epochs. See `keep_best`.

    Returns
    -------
    params : dict, the trained copy of the parameters (with ``keep_best``: the best ones).
    history : `TrainingHistory`, a dict name -> list (``history.best`` says which epoch
        was kept; None without ``keep_best``). "step" is the epoch number 1, 2, ..., epochs; "loss" is
        the mean of that epoch's mini-batch losses weighted by batch size (the running
        training loss while the parameters moved, as most libraries report it); with a
        schedule, "learning_rate" (the rate used in each epoch); plus one list per metric of
        ``evaluate``.

    Raises
    ------
    ValueError as for `gradient_descent`; also for epochs or batch_size that is not an
    integer in range, beta that is not a number in [0, 1), a seed of the wrong kind, and a
    schedule returning a rate that is not a positive number (named "learning_rate(epoch)").

    Notes
    -----
    Speed comes from the memory layout, not from tricks. Shuffling by copying the whole
    dataset every epoch (``X[:, permutation]``) costs more than the training itself;
    here each batch is gathered from one-row-per-sample storage into a preallocated
    buffer with ``np.take(..., out=...)``.
    """
    _check_call("minibatch_sgd", params, X, loss_and_grads, learning_rate)
    X, Y = _check_data(X, Y)
    epochs = _check_count("epochs", epochs, 0)
    batch_size = _check_count("batch_size", batch_size, 1)
    beta = check_number("beta", beta, low=0, high=1, high_open=True)
    schedule = learning_rate if callable(learning_rate) else None
    if schedule is None:
        learning_rate = _check_rate(learning_rate)
    rng = random_source(seed)
    keeper = _as_keeper(keep_best)
    params = _copy_params(params)
    velocity = {name: np.zeros_like(value) for name, value in params.items()} if beta else None
    step = {name: np.empty_like(value) for name, value in params.items()}  # reused every batch

    m = X.shape[1]
    x_rows, y_rows = _sample_rows(X), _sample_rows(Y)
    size = min(batch_size, m)
    x_buffer = np.empty((size, X.shape[0]), dtype=X.dtype)
    y_buffer = np.empty((size, Y.shape[0]), dtype=Y.dtype)

    history = TrainingHistory(step=[], loss=[])
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
        if keeper is not None and keeper.update(history, params):
            break
    if bar is not None:
        bar.close()
    return _finish(history, params, keeper)
