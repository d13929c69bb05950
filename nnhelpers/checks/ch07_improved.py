"""Exercise checks of chapter 07: mini-batches and momentum.

Shapes, as everywhere in the course: X (n_x, m) and Y (n_y, m), one column per
sample; a mini-batch is X[:, batch] (n_x, k) with Y[:, batch] (n_y, k).

- ``my_minibatches(X, Y, batch_size, rng) -> list of (X_batch, Y_batch)``: one
  epoch's batches, shuffled with the ``rng`` given. The check looks at what came
  out rather than at one exact order, and names: dropping the last sample (the
  notes' ``min(begin + batch_size, m - 1)``), dropping the smaller last batch, a
  global batch size, X and Y shuffled differently, no shuffle, ``np.random``
  instead of ``rng``, transposed batches and globals read instead of arguments.
- ``my_momentum_update(param, grad, velocity, learning_rate, beta) -> (param,
  velocity)``: V = beta V + (1 - beta) grad, then param - learning_rate V. The
  check names: momentum without the (1 - beta) factor, beta and 1 - beta swapped,
  the step taken with the gradient instead of V, the wrong sign, V not updated.
"""
from __future__ import annotations

import copy

import numpy as np

from nnhelpers.checks._feedback import AnswerError, call_answer, check_value

__all__ = ["check_minibatches", "check_momentum_update"]


# --- mini-batches -------------------------------------------------------------------------

_MB_ADVICE = "; use only its arguments (X, Y, batch_size, rng)."


def _indexed_data(n_x: int, n_y: int, m: int, offset: int):
    """Row 0 of X and of Y holds each sample's id (offset + j), so that any batch tells
    which samples it holds and whether its X and Y columns still belong together."""
    rng = np.random.default_rng(m)
    ids = np.arange(offset, offset + m, dtype=np.float64)
    X = np.vstack([ids, rng.random((n_x - 1, m))])
    Y = np.vstack([ids, rng.random((n_y - 1, m))])
    return X, Y


# (n_x, n_y, m, batch_size): a remainder of 2, of 3, and no remainder at all (where
# the notes' off-by-one is the only way to lose a sample).
_MB_CASES = [(4, 3, 10, 4), (5, 2, 13, 5), (3, 2, 9, 3)]


def _as_batches(name: str, answer, case) -> list[tuple[np.ndarray, np.ndarray]]:
    n_x, n_y, m, batch_size = case
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
                raise AnswerError(f"{name}: {what} of batch {number} must be a 2-D numpy array, got "
                                  f"{type(part).__name__} {getattr(part, 'shape', '')}.".replace(" .", "."))
            if part.shape[0] != rows:
                hint = (" It looks transposed: a batch keeps one column per sample, X[:, batch]."
                        if part.shape[1] == rows else "")
                raise AnswerError(f"{name}: {what} of batch {number} has shape {part.shape}; it must "
                                  f"have {rows} rows, like {what[0]}.{hint}")
        if pair[0].shape[1] != pair[1].shape[1]:
            raise AnswerError(f"{name}: batch {number} holds {pair[0].shape[1]} columns of X but "
                              f"{pair[1].shape[1]} of Y.")
    return batches


def _judge_epoch(name: str, batches, case, offset: int) -> np.ndarray:
    """Check one epoch's batches; return the order of the sample ids."""
    n_x, n_y, m, batch_size = case
    ids = np.concatenate([x[0] for x, _ in batches]) - offset
    sizes = [x.shape[1] for x, _ in batches]
    valid = np.arange(m)
    if not np.isin(ids, valid).all():
        raise AnswerError(f"{name}: the batches hold columns that are not in the X passed in. Does it "
                          f"read a global X (or Y) instead of its arguments?")
    if len(np.unique(ids)) < len(ids):
        raise AnswerError(f"{name}: some samples appear in two batches (and others in none). Shuffle "
                          "with one permutation of all m columns, rng.permutation(m), and cut it into "
                          "consecutive slices.")
    if sizes[:-1] != [batch_size] * (len(sizes) - 1) or sizes[-1] > batch_size:
        raise AnswerError(f"{name}: asked for batches of {batch_size}, it made batches of {sizes}. Does "
                          "it use a global batch size instead of the argument batch_size?")
    if len(ids) == m - 1:
        raise AnswerError(
            f"{name}: one sample is missing every epoch: the batches hold {m - 1} of the {m} samples. "
            "This is the notes' off-by-one, end = min(begin + batch_size, m - 1): the slice [begin:end] "
            "already stops before end, so the bound is m. Slicing order[begin:begin + batch_size] "
            "needs no min at all.")
    if len(ids) == (m // batch_size) * batch_size and len(ids) < m:
        raise AnswerError(
            f"{name}: the last, smaller batch is missing: {m} samples in batches of {batch_size} make "
            f"{-(-m // batch_size)} batches, the last one of {m % batch_size}. Loop over "
            f"range(0, m, batch_size) (or range(ceil(m / batch_size))), not range(m // batch_size).")
    if len(ids) != m:
        raise AnswerError(f"{name}: the batches hold {len(ids)} samples, but X has {m}. Every sample "
                          "must be used exactly once per epoch.")
    for number, (x, y) in enumerate(batches, start=1):
        if not np.array_equal(x[0], y[0]):
            raise AnswerError(
                f"{name}: in batch {number} the columns of X_batch and Y_batch no longer belong to the "
                "same samples: X and Y were shuffled with different permutations. Draw ONE permutation "
                "and index both with it.")
    if np.array_equal(ids, valid):
        raise AnswerError(f"{name}: the samples come in their original order 0, 1, 2, ...: shuffle them "
                          "first with the rng passed in, order = rng.permutation(m).")
    return ids


def check_minibatches(my_minibatches) -> None:
    """Check ``my_minibatches(X, Y, batch_size, rng)``: one shuffled epoch of mini-batches.

    Parameters
    ----------
    my_minibatches : callable taking X (n_x, m), Y (n_y, m), an int batch_size and a numpy
        Generator rng, and returning a list of pairs (X_batch (n_x, k), Y_batch (n_y, k)):
        every column of X exactly once, in an order drawn from rng, in batches of batch_size
        (the last holds what is left).

    Returns
    -------
    None — a confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake (see the module docstring).
    """
    name = "my_minibatches"
    if not callable(my_minibatches):
        raise AnswerError(f"{name}: wrong type. Expected a function, got {type(my_minibatches).__name__}.")
    for number, case in enumerate(_MB_CASES, start=1):
        n_x, n_y, m, batch_size = case
        offset = 100 * number
        X, Y = _indexed_data(n_x, n_y, m, offset)
        label = f"{name} (test input {number} of {len(_MB_CASES)}: m = {m}, batch_size = {batch_size})"
        orders = []
        for seed in (0, 0, 1):
            answer = call_answer(name, my_minibatches, (X, Y, batch_size, np.random.default_rng(seed)),
                                 advice=_MB_ADVICE)
            orders.append(_judge_epoch(label, _as_batches(label, answer, case), case, offset))
        if not np.array_equal(orders[0], orders[1]) or np.array_equal(orders[0], orders[2]):
            raise AnswerError(
                f"{label}: the order does not follow the rng passed in (the same seed should give the "
                "same batches, another seed other batches). Shuffle with rng.permutation(m), not "
                "np.random.permutation: results are then reproducible from a seed.")
    print(f"✓ {name} is correct on all {len(_MB_CASES)} test inputs: every sample once per epoch, "
          "shuffled by rng, the last batch kept.")


# --- momentum -----------------------------------------------------------------------------

_MOMENTUM_ADVICE = "; use only its arguments (param, grad, velocity, learning_rate, beta)."


def _momentum_cases() -> list[tuple]:
    rng = np.random.default_rng(7)
    return [
        (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), 0.5, 0.9),
        (rng.normal(size=(2, 1)), rng.normal(size=(2, 1)), np.zeros((2, 1)), 4.0, 0.9),
        (rng.normal(size=(5, 2)), rng.normal(size=(5, 2)), rng.normal(size=(5, 2)), 0.1, 0.5),
    ]


_MOMENTUM_CASES = _momentum_cases()


def _momentum(param, grad, velocity, learning_rate, beta):
    velocity = beta * velocity + (1 - beta) * grad
    return param - learning_rate * velocity, velocity


_MOMENTUM_MISTAKES = {
    "momentum without the (1 - beta) factor, V = beta V + grad: the velocity then grows to "
    "1 / (1 - beta) = 10 times the gradient (for beta = 0.9), and so does the step. The course "
    "uses V = beta V + (1 - beta) grad":
        lambda p, g, v, lr, beta: (p - lr * (beta * v + g), beta * v + g),
    "beta and 1 - beta are swapped: V = beta V + (1 - beta) grad keeps most (beta) of the old velocity":
        lambda p, g, v, lr, beta: (p - lr * ((1 - beta) * v + beta * g), (1 - beta) * v + beta * g),
    "the step uses the gradient, not the velocity: param - learning_rate * V":
        lambda p, g, v, lr, beta: (p - lr * g, beta * v + (1 - beta) * g),
    "the sign: gradient descent subtracts, param - learning_rate * V":
        lambda p, g, v, lr, beta: (p + lr * (beta * v + (1 - beta) * g), beta * v + (1 - beta) * g),
    "the step uses the OLD velocity: update V first, then param - learning_rate * V":
        lambda p, g, v, lr, beta: (p - lr * v, beta * v + (1 - beta) * g),
    "the velocity is not updated (the old V is returned)":
        lambda p, g, v, lr, beta: (p - lr * (beta * v + (1 - beta) * g), v),
}


def check_momentum_update(my_momentum_update) -> None:
    """Check ``my_momentum_update(param, grad, velocity, learning_rate, beta) -> (param, velocity)``.

    Parameters
    ----------
    my_momentum_update : callable taking three arrays of one shape (a parameter, its
        gradient, its velocity) and two floats, returning the updated (param, velocity)
        with V = beta V + (1 - beta) grad and param - learning_rate V.

    Returns
    -------
    None — a confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake (see the module docstring).
    """
    name = "my_momentum_update"
    if not callable(my_momentum_update):
        raise AnswerError(f"{name}: wrong type. Expected a function, got {type(my_momentum_update).__name__}.")
    for number, args in enumerate(_MOMENTUM_CASES, start=1):
        label = f"{name} (test input {number} of {len(_MOMENTUM_CASES)})"
        answer = call_answer(name, my_momentum_update, args, advice=_MOMENTUM_ADVICE)
        if answer is None:
            raise AnswerError(f"{label}: it returned None. Did the function forget to "
                              "`return param, velocity`?")
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            raise AnswerError(f"{label}: wrong type. Expected the pair (param, velocity), e.g. "
                              f"`return param, velocity`; got {type(answer).__name__}.")
        expected = _momentum(*copy.deepcopy(args))
        wrong = {d: f(*copy.deepcopy(args)) for d, f in _MOMENTUM_MISTAKES.items()}
        both = {d: np.concatenate([np.ravel(w[0]), np.ravel(w[1])]) for d, w in wrong.items()}
        got_param, got_velocity = answer
        for part, got in (("param", got_param), ("velocity", got_velocity)):
            index = 0 if part == "param" else 1
            check_value(f"{label}: {part}", got, expected[index],
                        _matching_mistakes(answer, both, {d: w[index] for d, w in wrong.items()}))
    print(f"✓ {name} is correct on all {len(_MOMENTUM_CASES)} test inputs.")


def _matching_mistakes(answer, both: dict, per_part: dict) -> dict:
    """The wrong variants, those matching the answer's param AND velocity first.

    Several variants share one of the two values (three of them compute V right); putting
    the one that matches the whole answer first makes the feedback name the real slip.
    """
    try:
        flat = np.concatenate([np.ravel(np.asarray(answer[0], dtype=float)),
                               np.ravel(np.asarray(answer[1], dtype=float))])
    except (TypeError, ValueError):
        return per_part
    exact = [d for d, value in both.items() if value.shape == flat.shape and np.allclose(flat, value)]
    return {d: per_part[d] for d in exact + [d for d in per_part if d not in exact]}
