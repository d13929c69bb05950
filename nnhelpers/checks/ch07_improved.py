"""Exercise checks of chapter 07: mini-batches, momentum, and overfitting on purpose.

Shapes, as everywhere in the course: X (n_x, m) and Y (n_y, m), one column per
sample; a mini-batch is X[:, batch] (n_x, k) with Y[:, batch] (n_y, k). Each
exercise is declared as data for the engine in `_feedback`.

- ``my_minibatches(X, Y, batch_size, seed) -> list of (X_batch, Y_batch)``: one
  epoch's batches, shuffled by ``np.random.default_rng(seed)``. A shuffle may come
  out in any order, so the check does not compare batches with one right list: it
  reads a summary of what came out (how many samples, how many batches, the size of
  the last one, X and Y still paired, shuffled, reproducible from the seed) and
  compares THAT with the right answer's summary. Test inputs of 12 samples in
  batches of 5 and of 4 and 10 in batches of 4: sizes that do not divide evenly and
  one that does, so that every named slip shows on at least one (``blind_spots()``
  is empty): the notes' ``min(begin + batch_size, m - 1)``, an empty last batch from
  ``range(m // batch_size + 1)``, the smaller last batch dropped, a global batch size,
  X and Y shuffled differently, no shuffle, ``np.random`` instead of the seed, a seed
  fixed inside, samples drawn with replacement. Transposed batches and a global X
  are named before the summary is compared.
- ``my_momentum_update(param, grad, velocity, learning_rate, beta) -> (param,
  velocity)``: V = beta V + (1 - beta) grad, then param - learning_rate V. Named:
  momentum without the (1 - beta) factor, beta and 1 - beta swapped, the step taken
  with the gradient, the wrong sign, the step taken with the old V, V not updated.
- ``overfit_100``, an experiment: the student trains the chapter's network on the
  first 100 images of the training part and reports ``{"training": accuracy on those
  100, "validation": accuracy on the 10,000 validation images}``; the check runs the
  same experiment with the library (`overfit_100_experiment`) and compares.
"""
from __future__ import annotations

import functools

import numpy as np

from nnhelpers.checks._feedback import AnswerError, Experiment, FunctionExercise, make_cases
from nnhelpers.training import minibatches, momentum_update

__all__ = ["check_minibatches", "check_momentum_update", "check_overfit_100",
           "overfit_100_experiment", "MINIBATCHES", "MOMENTUM_UPDATE", "OVERFIT_100"]


# --- mini-batches -------------------------------------------------------------------------------

def _indexed_data(rng, n_x: int, n_y: int, m: int, batch_size: int, offset: int, seed: int):
    """Row 0 of X and of Y holds each sample's id (offset + j), so that any batch tells which
    samples it holds and whether its X and Y columns still belong together."""
    ids = np.arange(offset, offset + m, dtype=np.float64)
    X = np.vstack([ids, rng.random((n_x - 1, m))])
    Y = np.vstack([ids, rng.random((n_y - 1, m))])
    return X, Y, batch_size, seed


# (n_x, n_y, m, batch_size, id offset, seed): 12 in batches of 5 (a last batch of 2), 12 in
# batches of 4 (no remainder: where range(m // batch_size + 1) adds an EMPTY last batch and
# the notes' m - 1 is the only way to lose a sample), 10 in batches of 4 (a last batch of 2).
_MB_SIZES = [(4, 3, 12, 5, 100, 0), (5, 2, 12, 4, 200, 1), (3, 2, 10, 4, 300, 2)]


def _batches_of(name: str, answer, X, Y) -> list:
    """The answer as a list of (X_batch, Y_batch) pairs; AnswerError for anything else."""
    n_x, n_y = X.shape[0], Y.shape[0]
    if answer is None:
        raise AnswerError(f"{name}: it returned None. Did the function forget to `return batches`?")
    if isinstance(answer, np.ndarray) or not hasattr(answer, "__iter__"):
        raise AnswerError(f"{name}: wrong type. Expected a list of (X_batch, Y_batch) pairs; got "
                          f"{type(answer).__name__}.")
    batches = list(answer)
    if not batches:
        raise AnswerError(f"{name}: it returned no batches at all.")
    for number, pair in enumerate(batches, start=1):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise AnswerError(f"{name}: batch {number} is a {type(pair).__name__}, not a pair "
                              f"(X_batch, Y_batch). Append (X[:, batch], Y[:, batch]).")
        for part, rows, what in ((pair[0], n_x, "X_batch"), (pair[1], n_y, "Y_batch")):
            if not isinstance(part, np.ndarray) or part.ndim != 2:
                shape = f" {part.shape}" if hasattr(part, "shape") else ""
                raise AnswerError(f"{name}: {what} of batch {number} must be a 2-D numpy array, got "
                                  f"{type(part).__name__}{shape}.")
            if part.shape[0] != rows:
                hint = (" It looks transposed: a batch keeps one column per sample, X[:, batch]."
                        if part.ndim == 2 and part.shape[1] == rows else "")
                raise AnswerError(f"{name}: {what} of batch {number} has shape {part.shape}; it must "
                                  f"have {rows} rows, like {what[0]}.{hint}")
        if pair[0].shape[1] != pair[1].shape[1]:
            raise AnswerError(f"{name}: batch {number} holds {pair[0].shape[1]} columns of X but "
                              f"{pair[1].shape[1]} of Y.")
    ids = np.concatenate([x[0] for x, _ in batches])
    if not np.isin(ids, X[0]).all():
        raise AnswerError(f"{name}: the batches hold columns that are not in the X passed in. Does it "
                          "read a global X (or Y) instead of its arguments?")
    return batches


def _epoch(name: str, function, X, Y, batch_size, seed):
    batches = _batches_of(name, function(X, Y, batch_size, seed), X, Y)
    return batches, np.concatenate([x[0] for x, _ in batches])


def _summary(function, X, Y, batch_size, seed, name="my_minibatches") -> dict:
    """What an epoch of ``function``'s batches looks like: the facts the check compares."""
    batches, order = _epoch(name, function, X, Y, batch_size, seed)
    _, again = _epoch(name, function, X, Y, batch_size, seed)
    _, other = _epoch(name, function, X, Y, batch_size, seed + 1000)
    sizes = [x.shape[1] for x, _ in batches]
    return {
        "samples per epoch": len(order),
        "different samples": len(np.unique(order)),
        "number of batches": len(sizes),
        "size of the last batch": sizes[-1],
        "batches before the last hold batch_size each (1 = yes)":
            float(all(size == batch_size for size in sizes[:-1])),
        "X and Y columns of each sample stay together (1 = yes)":
            float(all(np.array_equal(x[0], y[0]) for x, y in batches)),
        "shuffled (1 = yes)": float(not np.array_equal(order, np.sort(order))),
        "the same seed gives the same batches (1 = yes)": float(np.array_equal(order, again)),
        "another seed gives other batches (1 = yes)": float(not np.array_equal(order, other)),
    }


def _slices(X, Y, order, starts_ends):
    return [(X[:, order[begin:end]], Y[:, order[begin:end]]) for begin, end in starts_ends]


def _notes_off_by_one(X, Y, batch_size, seed):
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    return _slices(X, Y, order, [(j * batch_size, min(j * batch_size + batch_size, m - 1))
                                 for j in range(-(-m // batch_size))])


def _plus_one(X, Y, batch_size, seed):
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    return _slices(X, Y, order, [(j * batch_size, (j + 1) * batch_size)
                                 for j in range(m // batch_size + 1)])


def _floor(X, Y, batch_size, seed):
    return minibatches(X, Y, batch_size, seed)[:X.shape[1] // batch_size]


def _two_permutations(X, Y, batch_size, seed):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    ox, oy = rng.permutation(m), rng.permutation(m)
    return [(X[:, ox[b:b + batch_size]], Y[:, oy[b:b + batch_size]]) for b in range(0, m, batch_size)]


def _unshuffled(X, Y, batch_size, seed):
    m = X.shape[1]
    return [(X[:, b:b + batch_size], Y[:, b:b + batch_size]) for b in range(0, m, batch_size)]


def _with_replacement(X, Y, batch_size, seed):
    m = X.shape[1]
    order = np.random.default_rng(seed).integers(0, m, m)
    return [(X[:, order[b:b + batch_size]], Y[:, order[b:b + batch_size]])
            for b in range(0, m, batch_size)]


_unseeded = np.random.default_rng(12345)  # stands for np.random: a stream the seed does not reach


def _summarised(function):
    return lambda X, Y, batch_size, seed: _summary(function, X, Y, batch_size, seed)


MINIBATCHES = FunctionExercise(
    name="my_minibatches",
    reference=_summarised(minibatches),
    cases=make_cases(lambda rng, *size: _indexed_data(rng, *size), _MB_SIZES, seed=7),
    prepare=lambda name, function: (
        lambda X, Y, batch_size, seed: _summary(function, X, Y, batch_size, seed, name)),
    arguments="its arguments (X, Y, batch_size, seed)",
    returns="batches",
    properties={
        "every sample must be in exactly one batch per epoch":
            lambda s, X, *_: s["samples per epoch"] == s["different samples"] == X.shape[1],
        "the last batch holds what is left: never 0 samples":
            lambda s, *_: s["size of the last batch"] > 0,
        "every batch but the last must hold exactly batch_size samples (is a global batch size "
        "used instead of the argument?)":
            lambda s, *_: s["batches before the last hold batch_size each (1 = yes)"] == 1,
    },
    mistakes={
        "one sample is missing every epoch. This is the notes' off-by-one, end = min(begin + "
        "batch_size, m - 1): the slice [begin:end] already stops before end, so the bound is m. "
        "Slicing order[begin:begin + batch_size] needs no min at all":
            _summarised(_notes_off_by_one),
        "an EMPTY last batch when batch_size divides m: range(m // batch_size + 1) makes one batch "
        "too many (12 samples in batches of 4 give sizes 4, 4, 4, 0), and a batch of 0 samples "
        "divides its gradient by 0. Loop over range(0, m, batch_size), or ceil(m / batch_size) "
        "batches":
            _summarised(_plus_one),
        "the last, smaller batch is missing: m samples in batches of batch_size make "
        "ceil(m / batch_size) batches, the last one holding what is left. Loop over "
        "range(0, m, batch_size), not range(m // batch_size)":
            _summarised(_floor),
        "all samples land in one batch, as if batch_size were 128: does it use a global batch "
        "size instead of the argument batch_size?":
            _summarised(lambda X, Y, batch_size, seed: minibatches(X, Y, 128, seed)),
        "the columns of X_batch and Y_batch no longer belong to the same samples: X and Y were "
        "shuffled with different permutations. Draw ONE permutation and index both with it":
            _summarised(_two_permutations),
        "the samples come in their original order 0, 1, 2, ...: shuffle them first, "
        "order = np.random.default_rng(seed).permutation(m)":
            _summarised(_unshuffled),
        "the order does not follow the seed (the same seed gives other batches): it shuffles with "
        "np.random.permutation. Use rng = np.random.default_rng(seed), then rng.permutation(m)":
            _summarised(lambda X, Y, b, seed: minibatches(X, Y, b, _unseeded)),
        "another seed gives the same batches: the seed passed in is ignored (a fixed seed inside "
        "the function?). Use np.random.default_rng(seed) with the argument seed":
            _summarised(lambda X, Y, b, seed: minibatches(X, Y, b, 0)),
        "some samples appear in two batches (and others in none): the samples were drawn with "
        "replacement (rng.integers or rng.choice). Shuffle with one permutation of all m columns, "
        "rng.permutation(m), and cut it into consecutive slices":
            _summarised(_with_replacement),
    },
    nudge="Shuffle the column numbers 0..m-1 once, then cut that order into consecutive slices of "
          "batch_size; the last slice holds what is left and is never empty. Samples are "
          "COLUMNS: m = X.shape[1] and a batch is X[:, batch] (an IndexError here usually means "
          "rows were taken as samples).",
    recipe="m = X.shape[1]; order = np.random.default_rng(seed).permutation(m); return "
           "[(X[:, order[b:b + batch_size]], Y[:, order[b:b + batch_size]]) for b in "
           "range(0, m, batch_size)]",
    success="✓ {name} is correct on all {n} test inputs: every sample once per epoch, shuffled by "
            "the seed, the last batch kept and never empty.",
)


def check_minibatches(my_minibatches, hint=False) -> None:
    """Check ``my_minibatches(X, Y, batch_size, seed)``: one shuffled epoch of mini-batches.

    Parameters
    ----------
    my_minibatches : callable taking X (n_x, m), Y (n_y, m), an int batch_size and an int
        seed, and returning a list of pairs (X_batch (n_x, k), Y_batch (n_y, k)): every
        column of X exactly once, in an order drawn from ``np.random.default_rng(seed)``,
        in batches of batch_size (the last holds what is left, never nothing).
    hint : bool, show the full recipe with the message if the answer is wrong.

    Returns
    -------
    None — a confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake (see the module docstring); "not implemented yet"
    while the exercise holds its stub.
    """
    MINIBATCHES.check(my_minibatches, hint=hint)


# --- momentum -----------------------------------------------------------------------------------

def _momentum_case(rng, rows, cols, learning_rate, beta, zero_velocity=False):
    velocity = np.zeros((rows, cols)) if zero_velocity else rng.normal(size=(rows, cols))
    return (rng.normal(size=(rows, cols)), rng.normal(size=(rows, cols)), velocity,
            learning_rate, beta)


MOMENTUM_UPDATE = FunctionExercise(
    name="my_momentum_update",
    reference=momentum_update,
    # (rows, cols, learning rate, beta): shapes that differ, a velocity of zero (the first
    # step), and beta = 0.5 beside 0.9, where a swapped beta / 1 - beta would still pass.
    cases=make_cases(_momentum_case, [(3, 4, 0.5, 0.9), (2, 1, 4.0, 0.9, True), (5, 2, 0.1, 0.7)]),
    parts=("param", "velocity"),
    returns="param, velocity",
    keeps_arguments=True,  # the exercise asks for new arrays: the caller keeps param and velocity
    mistakes={
        "momentum without the (1 - beta) factor, V = beta V + grad: the velocity then grows to "
        "1 / (1 - beta) = 10 times the gradient (for beta = 0.9), and so does the step. The course "
        "uses V = beta V + (1 - beta) grad":
            lambda p, g, v, lr, b: (p - lr * (b * v + g), b * v + g),
        "beta and 1 - beta are swapped: V = beta V + (1 - beta) grad keeps most (beta) of the old "
        "velocity":
            lambda p, g, v, lr, b: (p - lr * ((1 - b) * v + b * g), (1 - b) * v + b * g),
        "the step uses the gradient, not the velocity: param - learning_rate * V":
            lambda p, g, v, lr, b: (p - lr * g, b * v + (1 - b) * g),
        "the sign: gradient descent subtracts, param - learning_rate * V":
            lambda p, g, v, lr, b: (p + lr * (b * v + (1 - b) * g), b * v + (1 - b) * g),
        "the step uses the OLD velocity: update V first, then param - learning_rate * V":
            lambda p, g, v, lr, b: (p - lr * v, b * v + (1 - b) * g),
        "the velocity is not updated (the old V is returned)":
            lambda p, g, v, lr, b: (p - lr * (b * v + (1 - b) * g), v),
        "the learning rate is inside the velocity, V = beta V + learning_rate grad, then "
        "param - V: the course keeps V the size of a gradient, V = beta V + (1 - beta) grad, "
        "and steps param - learning_rate * V":
            lambda p, g, v, lr, b: (p - (b * v + lr * g), b * v + lr * g),
        "the velocity points uphill, V = beta V - (1 - beta) grad with param + learning_rate V: "
        "the step is right but the returned velocity has the wrong sign; the course's V "
        "follows the gradient, V = beta V + (1 - beta) grad":
            lambda p, g, v, lr, b: (p - lr * (b * v + (1 - b) * g),
                                    b * v - (1 - b) * g),
        "beta multiplies both terms, V = beta V + beta grad: the gradient's weight is 1 - beta":
            lambda p, g, v, lr, b: (p - lr * (b * v + b * g), b * v + b * g),
        "(velocity, param) returned in the wrong order: return param, velocity":
            lambda p, g, v, lr, b: (b * v + (1 - b) * g, p - lr * (b * v + (1 - b) * g)),
    },
    nudge="Two lines, in this order: first the new velocity from the old one and the gradient, "
          "then the step along the NEW velocity.",
    recipe="velocity = beta * velocity + (1 - beta) * grad; "
           "return param - learning_rate * velocity, velocity",
)


def check_momentum_update(my_momentum_update, hint=False) -> None:
    """Check ``my_momentum_update(param, grad, velocity, learning_rate, beta) -> (param, velocity)``.

    Parameters
    ----------
    my_momentum_update : callable taking three arrays of one shape (a parameter, its
        gradient, its velocity) and two floats, returning the updated (param, velocity)
        with V = beta V + (1 - beta) grad and param - learning_rate V.
    hint : bool, show the full recipe with the message if the answer is wrong.

    Returns
    -------
    None — a confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake (see the module docstring).
    """
    MOMENTUM_UPDATE.check(my_momentum_update, hint=hint)


# --- experiment: overfit 100 images on purpose -----------------------------------------------------

# The chapter's settings: the split of chapter 07 (10,000 validation images drawn with the
# notes' seed 138), the first 100 images of the training part, 64 sigmoid hidden units with
# 1/n weights, learning rate 1, no momentum, batches of 10, 100 epochs, seed 0.
OVERFIT_SETTINGS = {"n_validation": 10_000, "split_seed": 138, "n_images": 100, "n_h": 64,
                    "learning_rate": 1.0, "epochs": 100, "batch_size": 10, "seed": 0}


@functools.lru_cache(maxsize=1)
def _overfit_data():
    """The experiment's 100 training images and the 10,000 validation images (read once)."""
    import nnhelpers as nh

    s = OVERFIT_SETTINGS
    X, y, _, _ = nh.load_mnist()
    X_train, y_train, X_val, y_val = nh.train_validation_split(
        X, y, s["n_validation"], seed=s["split_seed"])
    return X_train[:, :s["n_images"]], y_train[:s["n_images"]], X_val, y_val


def overfit_100_experiment(epochs: int | None = None, at_start: bool = False) -> dict:
    """Run chapter 07's "overfit 100 images" experiment with the library; return both accuracies.

    Parameters
    ----------
    epochs : int, optional; the number of epochs (default ``OVERFIT_SETTINGS["epochs"]``).
    at_start : bool; if True, measure the untrained network (what a report taken before
        training would say).

    Returns
    -------
    dict {"training": accuracy on the 100 training images, "validation": accuracy on the
    10,000 validation images}, floats in [0, 1].
    """
    import nnhelpers as nh  # here, not at import time: nnhelpers imports this package

    s = OVERFIT_SETTINGS
    X_small, y_small, X_val, y_val = _overfit_data()
    params = nh.initialize_network(784, s["n_h"], 10, scheme="one_over_n", seed=s["seed"])
    if not at_start:
        params, _ = nh.minibatch_sgd(params, X_small, nh.one_hot(y_small, 10),
                                     nh.network_loss_and_grads, s["learning_rate"],
                                     s["epochs"] if epochs is None else epochs,
                                     batch_size=s["batch_size"], seed=s["seed"])
    return {"training": nh.accuracy(y_small, nh.predict(params, X_small)),
            "validation": nh.accuracy(y_val, nh.predict(params, X_val))}


OVERFIT_100 = Experiment(
    name="overfit_100",
    what=("the accuracies {'training': on the 100 images, 'validation': on the 10,000 validation "
          "images} after training on the 100 images"),
    measure=overfit_100_experiment,
    variants={
        "an untrained network measures (the accuracies before training)":
            lambda: overfit_100_experiment(at_start=True),
        "one epoch of training gives (epochs=1 instead of 100)":
            lambda: overfit_100_experiment(epochs=1),
    },
    bounds=(0, 1),
    bounds_hint="Percentages instead of fractions? The check wants accuracies between 0 and 1 "
                "(75% is 0.75).",
    atol=0.015,
    rtol=0.0,
    nudge="Use the cell's settings exactly (the same seed, learning rate, batch size and epochs) "
          "and nh.minibatch_sgd; measure the training accuracy on the 100 images you trained on and "
          "the validation accuracy on X_val.",
    recipe="params, _ = nh.minibatch_sgd(nh.initialize_network(784, 64, 10, scheme='one_over_n', "
           "seed=0), X_small, Y_small, nh.network_loss_and_grads, 1.0, 100, batch_size=10, seed=0); "
           "overfit_100 = {'training': nh.accuracy(y_small, nh.predict(params, X_small)), "
           "'validation': nh.accuracy(y_val, nh.predict(params, X_val))}",
)


def check_overfit_100(overfit_100=Experiment.MISSING, hint=False) -> None:
    """Check the reported accuracies of the "overfit 100 images" experiment of chapter 07.

    Parameters
    ----------
    overfit_100 : dict {"training": float, "validation": float}, accuracies in [0, 1]
        measured after training the chapter's network on the first 100 images of the
        training part (settings in ``OVERFIT_SETTINGS``). Without it, the notebook
        variable ``overfit_100`` is read.
    hint : bool, show the full recipe with the message if the answer is wrong.

    Raises
    ------
    AnswerError if the report differs from the library's run by more than 0.015 (or names
    a known slip); "not answered yet" while it is None.
    """
    OVERFIT_100.check(overfit_100, hint=hint)
