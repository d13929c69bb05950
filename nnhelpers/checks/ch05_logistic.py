"""Exercise checks of chapter 05 (logistic regression on MNIST), declared as data.

``my_logistic_gradients(W, b, X, Y) -> (dW, db)`` in the course layout: W
(1, n_features), b (1, 1), X (n_features, m), Y (1, m), and

    A = sigmoid(W @ X + b),   dZ = A - Y   (per sample, as defined in chapter 4b),
    dW = (1/m) dZ @ X.T   of shape (1, n_features),
    db = (1/m) sum of dZ over the samples, of shape (1, 1).

The cases have different sizes (m never equals n_features, so a transposed result
cannot pass by accident) and a fourth case with the shape of the first but other
values (so an answer that reads a notebook variable instead of X fails). The named
slips: a missing 1/m, dW transposed (the notes' column layout), dW or db of the wrong
shape, the sigmoid's derivative applied a second time, the sign of dZ flipped, the
sigmoid or the bias missing, m taken from the features.

An "experiment", ``sweep_losses``: the student trains logistic regression on the first
5,000 training images for 50 steps with each learning rate of `SWEEP_RATES` (seed 138)
and reports ``{learning_rate: training loss after the last step}``; the check compares
it with the library's own run (`reference_learning_rate_sweep`). See `_feedback`.
"""
from __future__ import annotations

import functools

import numpy as np

from nnhelpers.activations import sigmoid
from nnhelpers.checks._feedback import Experiment, FunctionExercise

__all__ = ["check_logistic_gradients", "check_sweep_losses", "reference_learning_rate_sweep",
           "LOGISTIC_GRADIENTS", "SWEEP_LOSSES", "SWEEP_RATES", "SWEEP_IMAGES", "SWEEP_STEPS",
           "SWEEP_SEED"]


def _make_cases() -> list[tuple]:
    rng = np.random.default_rng(5)
    cases = []
    for n_x, m in [(4, 6), (3, 5), (6, 4)]:
        W = rng.normal(0, 0.8, size=(1, n_x))
        b = rng.normal(0, 0.5, size=(1, 1))
        X = rng.normal(0, 1, size=(n_x, m))
        Y = (rng.random((1, m)) < 0.5).astype(np.float64)
        Y[0, :2] = [0.0, 1.0]  # both classes in every case
        cases.append((W, b, X, Y))
    W, b, X, Y = cases[0]
    cases.append((W, b, np.roll(X, 1, axis=1) * 0.5, Y))  # case 1's shapes, other values
    return cases


def _reference(W, b, X, Y, dz=None, scale=None):
    """The right gradients; ``dz`` and ``scale`` let the wrong variants reuse it."""
    A = sigmoid(W @ X + b)
    dZ = A - Y if dz is None else dz(A, Y, W @ X + b)
    m = X.shape[1] if scale is None else scale(X)
    return dZ @ X.T / m, np.sum(dZ, axis=1, keepdims=True) / m


def _with_db(make_db):
    """The right dW with a db of the wrong shape, made by ``make_db(dZ, m)``."""
    def wrong(W, b, X, Y):
        m = X.shape[1]
        dZ = sigmoid(W @ X + b) - Y
        return dZ @ X.T / m, make_db(dZ, m)
    return wrong


def _with_dW(make_dW):
    def wrong(W, b, X, Y):
        m = X.shape[1]
        dZ = sigmoid(W @ X + b) - Y
        return make_dW(dZ, X, m), np.sum(dZ, axis=1, keepdims=True) / m
    return wrong


# description -> the wrong (dW, db) that slip gives (the whole pair, in any shape)
_MISTAKES = {
    "the factor 1/m is missing: the gradient of the MEAN loss averages over the m samples, "
    "in dW and in db":
        lambda W, b, X, Y: _reference(W, b, X, Y, scale=lambda X: 1),
    "the derivative of the sigmoid is used twice, dZ = A(1 - A)(A - Y). With the cross-entropy "
    "loss, dL/dA = (A - Y) / (A(1 - A)) and the sigmoid's A(1 - A) cancel: nothing more to multiply":
        lambda W, b, X, Y: _reference(W, b, X, Y, dz=lambda A, Y, Z: A * (1 - A) * (A - Y)),
    "the sign is flipped: dZ = Y - A points uphill (gradient descent subtracts the gradient, so "
    "the gradient itself must be the derivative of the loss)":
        lambda W, b, X, Y: _reference(W, b, X, Y, dz=lambda A, Y, Z: Y - A),
    "the sigmoid is missing: dZ = Z - Y uses Z = W @ X + b where A = sigmoid(Z) belongs":
        lambda W, b, X, Y: _reference(W, b, X, Y, dz=lambda A, Y, Z: Z - Y),
    "the bias is missing from the forward pass: A = sigmoid(W @ X + b)":
        lambda W, b, X, Y: _reference(W, 0 * b, X, Y),
    "1/m applied twice: dZ = (A - Y) / m, then dW = dZ @ X.T / m again. dZ is the per-sample "
    "gradient A - Y (as defined in chapter 4b); the 1/m of the mean loss enters once, in dW and db":
        lambda W, b, X, Y: _reference(W, b, X, Y, scale=lambda X: X.shape[1] ** 2),
    "divided by the number of features X.shape[0]; m, the number of samples, is X.shape[1]":
        lambda W, b, X, Y: _reference(W, b, X, Y, scale=lambda X: X.shape[0]),
    "dW has the shape of W transposed, (n_features, 1): X @ dZ.T is the formula for a column w "
    "(the notes' layout, used as w.T @ X). The course stores W as a row (1, n_features), so its "
    "gradient, with W's shape, is dZ @ X.T divided by m":
        _with_dW(lambda dZ, X, m: X @ dZ.T / m),
    "dW is a 1-D vector of shape (n_features,); it must have W's 2-D shape (1, n_features): keep "
    "dZ of shape (1, m) and do not ravel or index the row away":
        _with_dW(lambda dZ, X, m: (dZ @ X.T / m).ravel()),
    "db is a single number (shape ()), but it must have b's shape (1, 1). np.sum(dZ) without an "
    "axis (or float(...)) drops the 2-D layout: sum over axis=1 with keepdims=True":
        _with_db(lambda dZ, m: np.sum(dZ) / m),
    "db has shape (1,), but it must have b's shape (1, 1): np.sum(dZ, axis=1) needs "
    "keepdims=True to stay 2-D":
        _with_db(lambda dZ, m: np.sum(dZ, axis=1) / m),
    "db has one number per sample, shape (1, m): the sum over the samples is missing":
        _with_db(lambda dZ, m: dZ / m),
    "db has shape (m,), one number per sample: np.sum(dZ, axis=0) adds over the single output "
    "row, not over the samples (axis=1)":
        _with_db(lambda dZ, m: np.sum(dZ, axis=0) / m),
}

LOGISTIC_GRADIENTS = FunctionExercise(
    name="my_logistic_gradients",
    reference=_reference,
    cases=_make_cases,
    mistakes=_MISTAKES,
    parts=("dW", "db"),
    arguments="its arguments (W, b, X, Y), with m taken from X.shape[1]",
    nudge="three lines: the outputs A for all m columns at once, the per-sample errors dZ, then "
          "the two averages over the samples, each with the shape of the parameter it belongs to.",
    recipe="m = X.shape[1]; A = nh.sigmoid(W @ X + b); dZ = A - Y; "
           "return dZ @ X.T / m, np.sum(dZ, axis=1, keepdims=True) / m",
)

# --- the experiment: a learning-rate sweep --------------------------------------------------------

SWEEP_RATES = (0.1, 1.0, 10.0, 100.0)
SWEEP_IMAGES = 5000
SWEEP_STEPS = 50
SWEEP_SEED = 138


@functools.lru_cache(maxsize=1)
def _sweep_histories() -> dict:
    """{rate: training-loss history} of the library's own sweep (MNIST's first 5,000 images)."""
    from nnhelpers.data import binary_labels, load_mnist
    from nnhelpers.logistic import train_logistic

    X_train, y_train, _, _ = load_mnist()
    X = X_train[:, :SWEEP_IMAGES]
    Y = binary_labels(y_train[:SWEEP_IMAGES], digit=0)
    try:  # one BLAS thread: many tiny products run much faster on a busy machine
        from threadpoolctl import threadpool_limits
        limits = threadpool_limits(limits=1)
    except ImportError:  # pragma: no cover
        limits = None
    try:
        return {rate: train_logistic(X, Y, learning_rate=rate, iterations=SWEEP_STEPS,
                                     seed=SWEEP_SEED, record_every=1)[1]["loss"]
                for rate in SWEEP_RATES}
    finally:
        if limits is not None:
            limits.restore_original_limits()


def reference_learning_rate_sweep() -> dict:
    """The library's sweep: {learning_rate: list of the training loss after 0, 1, ..., 50 steps}.

    Logistic regression ("is it a zero?") on the first `SWEEP_IMAGES` MNIST training
    images, full-batch gradient descent for `SWEEP_STEPS` steps from
    ``nh.train_logistic(..., seed=SWEEP_SEED)``, one run per rate of `SWEEP_RATES`.
    Computed once per session (a few seconds), then kept.
    """
    return {rate: list(losses) for rate, losses in _sweep_histories().items()}


SWEEP_LOSSES = Experiment(
    name="sweep_losses",
    what=(f"the training loss after {SWEEP_STEPS} steps on the first {SWEEP_IMAGES:,} images, "
          f"for each learning rate (seed {SWEEP_SEED})"),
    measure=lambda: {rate: losses[-1] for rate, losses in _sweep_histories().items()},
    variants={
        "the loss before training (step 0) measures; report the last entry of history['loss']":
            lambda: {rate: losses[0] for rate, losses in _sweep_histories().items()},
    },
    rtol=0.01,
    success="✓ {name} = {rounded} agrees with the library's run (within {within}).",
    nudge="one call of nh.train_logistic per learning rate, with the settings given in the "
          "exercise; the loss after the last step is the last entry of history['loss'].",
    recipe="for rate in rates: _, history = nh.train_logistic(X_sweep, Y_sweep, "
           "learning_rate=rate, iterations=50, seed=138); sweep_losses[rate] = history['loss'][-1]",
)


def check_logistic_gradients(my_logistic_gradients, hint: bool = False) -> None:
    """Check ``my_logistic_gradients(W, b, X, Y) -> (dW, db)`` for logistic regression.

    Parameters
    ----------
    my_logistic_gradients : callable taking W (1, n_features), b (1, 1),
        X (n_features, m) and Y (1, m) and returning the pair (dW, db), with
        dW of shape (1, n_features) and db of shape (1, 1).
    hint : True adds the full recipe to the message if the answer is wrong.

    Returns
    -------
    None — a one-line confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake: not implemented yet; the 1/m missing; dW
    transposed or 1-D; db of shape (), (1,), (1, m) or (m,); the sigmoid's
    derivative used twice; the sign of dZ flipped; the sigmoid or the bias
    missing; m taken from the features; a global variable instead of the arguments.
    """
    LOGISTIC_GRADIENTS.check(my_logistic_gradients, hint=hint)


def check_sweep_losses(sweep_losses=Experiment.MISSING, hint: bool = False) -> None:
    """Check a learning-rate sweep's measured losses against the library's own run.

    Parameters
    ----------
    sweep_losses : dict {learning_rate: float}, one entry per rate of `SWEEP_RATES`, the
        training loss after `SWEEP_STEPS` steps. Without it the notebook variable
        ``sweep_losses`` is read ("not answered yet" if it is not set).
    hint : True adds the full recipe to the message if the report is wrong.

    Returns
    -------
    None — prints a ✓ with the library's numbers when the report agrees within 1%.

    Raises
    ------
    AnswerError saying which rate disagrees, or which slip the report matches.
    """
    SWEEP_LOSSES.check(sweep_losses, hint=hint)
