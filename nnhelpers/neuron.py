"""A single neuron and the 2-2-1 toy network, with hand-derived gradients (chapters 01-04).

Shape convention of the course: X (n_features, m), one column per sample. Here
a single sample is a 1-D vector x of shape (n_in,); a data set is X of shape
(n_in, m). The toy network has one output, so its predictions for a data set
are an (m,) vector that lines up with the (m,) labels y of the toy data
(chapter 05 onwards switches to (1, m) rows).

The toy network is written out scalar by scalar on purpose, with its nine
parameters named as on the slides (w1 ... w6, b1, b2, b3):

    h1 = f(w1 x1 + w2 x2 + b1)
    h2 = f(w3 x1 + w4 x2 + b2)
    o1 = f(w5 h1 + w6 h2 + b3)        (y_pred = o1, f = sigmoid)

so that every partial derivative of the loss L = (y_true - y_pred)**2 can be
read off the chain rule one factor at a time. Chapter 06 rewrites the same
computation with matrices.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from nnhelpers._random import random_source, reject_rng
from nnhelpers._validation import as_float_array, require_ndim, require_shape
from nnhelpers.activations import sigmoid, sigmoid_prime
from nnhelpers.losses import mse

__all__ = ["Neuron", "ToyNetwork", "PARAMETER_NAMES"]

#: The toy network's parameters, in the order of the slides.
PARAMETER_NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")


def _sigmoid(z):
    # Training calls this some 10^4 times on single floats, where the array
    # version's overhead dominates the run time. Same stable formula as
    # nnhelpers.sigmoid (exp of -|z| only, so nothing overflows).
    if isinstance(z, float):
        e = math.exp(-abs(z))
        return 1 / (1 + e) if z >= 0 else e / (1 + e)
    return sigmoid(z)


def _sigmoid_prime(z):
    # sigma(z) sigma(-z) = e / (1 + e)^2 with e = exp(-|z|), as nnhelpers.sigmoid_prime
    if isinstance(z, float):
        e = math.exp(-abs(z))
        return e / ((1 + e) * (1 + e))
    return sigmoid_prime(z)


class Neuron:
    """One artificial neuron: a weighted sum of its inputs plus a bias, through an activation.

    ``output = activation(weights . x + bias)``

    Parameters
    ----------
    weights : array_like, shape (n_in,) — one weight per input.
    bias : float
    activation : callable applied element-wise to the weighted sum (default: sigmoid).

    Examples
    --------
    >>> n = Neuron([0, 1], 4)
    >>> round(n.feedforward([2, 3]), 6)    # sigmoid(0*2 + 1*3 + 4) = sigmoid(7)
    0.999089
    """

    def __init__(self, weights, bias, activation: Callable = sigmoid):
        self.weights = as_float_array("weights", weights)
        require_ndim("weights", self.weights, 1, "(n_in,): one weight per input")
        self.bias = float(bias)
        self.activation = activation

    def feedforward(self, x):
        """The neuron's output for one sample or for a data set.

        Parameters
        ----------
        x : array_like, shape (n_in,) for one sample, or (n_in, m) for m samples (one per column).

        Returns
        -------
        float for one sample; ndarray of shape (m,) for a data set.

        Raises
        ------
        ValueError if the number of inputs differs from the number of weights.
        """
        x = as_float_array("x", x)
        if x.ndim not in (1, 2):
            raise ValueError(
                f"x must have shape (n_in,) or (n_in, m), got {x.shape}"
            )
        if x.shape[0] != len(self.weights):
            n = len(self.weights)
            if x.ndim == 2 and x.shape[1] == n:
                raise ValueError(f"x has shape {x.shape} but must have shape ({n}, m): it looks transposed "
                                 "(one row per sample); samples are columns, use x.T")
            raise ValueError(
                f"x has {x.shape[0]} inputs (shape {x.shape}) but the neuron has "
                f"{n} weights; x must have shape ({n},) or ({n}, m)"
            )
        total = self.weights @ x + self.bias
        out = self.activation(total)
        return float(out) if x.ndim == 1 else np.asarray(out)

    __call__ = feedforward

    def parameters(self) -> list[float]:
        """The neuron's parameters as a flat list: the weights, then the bias."""
        return [float(w) for w in self.weights] + [self.bias]

    def __repr__(self) -> str:
        name = getattr(self.activation, "__name__", type(self.activation).__name__)
        return f"Neuron(weights={[float(w) for w in self.weights]}, bias={self.bias}, activation={name})"


class ToyNetwork:
    """The 2-2-1 sigmoid network of the slides: inputs x1, x2; hidden h1, h2; output o1.

    Parameters
    ----------
    w1, ..., w6, b1, b2, b3 : float
        The nine parameters (default: every weight 1, every bias 0 — the
        network of the chapter 04 worked example on Alice).

    Notes
    -----
    `parameters()` hands out the very numbers the network uses, as 0-d float64
    arrays (like micrograd's ``Value`` objects): updating one in place
    (``p -= learning_rate * g``) changes the network, and
    `nnhelpers.gradient_check` can nudge them to compute a numerical gradient.
    Read one as a plain number with ``net.w1`` or ``float(net.parameters()["w1"])``.
    The toy network always computes in float64: it is a pencil-and-paper example.

    See also `identical_neurons` (the feedforward example of the slides) and
    `random` (a seeded random start for training).
    """

    def __init__(self, w1=1.0, w2=1.0, w3=1.0, w4=1.0, w5=1.0, w6=1.0,
                 b1=0.0, b2=0.0, b3=0.0):
        values = dict(w1=w1, w2=w2, w3=w3, w4=w4, w5=w5, w6=w6, b1=b1, b2=b2, b3=b3)
        # One array holds all nine numbers; the named 0-d arrays are views into it.
        vector = np.array([float(values[name]) for name in PARAMETER_NAMES])
        object.__setattr__(self, "_vector", vector)
        object.__setattr__(self, "_params", {
            name: vector[i:i + 1].reshape(()) for i, name in enumerate(PARAMETER_NAMES)
        })

    # --- constructors -------------------------------------------------------
    @classmethod
    def identical_neurons(cls, weights=(0.0, 1.0), bias=0.0) -> "ToyNetwork":
        """Every neuron (h1, h2 and o1) with the same two weights and bias.

        With the default weights [0, 1] and bias 0 this is the slides'
        feedforward example: for x = [2, 3] the output is about 0.7216.
        """
        weights = as_float_array("weights", weights)
        require_shape("weights", weights, (2,))
        first, second = (float(w) for w in weights)
        return cls(w1=first, w2=second, w3=first, w4=second, w5=first, w6=second,
                   b1=bias, b2=bias, b3=bias)

    @classmethod
    @reject_rng
    def random(cls, seed=None) -> "ToyNetwork":
        """A network whose nine parameters are standard normal draws (w1..w6, then b1..b3).

        Parameters
        ----------
        seed : None, int, numpy Generator or legacy ``np.random.RandomState`` (see
            `nnhelpers._random`; the keyword ``rng=`` was renamed ``seed=``).
        """
        rng = random_source(seed)
        return cls(*rng.standard_normal(len(PARAMETER_NAMES)))

    # --- parameters ---------------------------------------------------------
    def parameters(self) -> dict[str, np.ndarray]:
        """The nine parameters, name -> live 0-d float64 array (see the class Notes)."""
        return self._params

    def _values(self) -> dict[str, float]:
        return dict(zip(PARAMETER_NAMES, self._vector.tolist()))

    def __getattr__(self, name):
        # net.w1 reads as a plain float; only called for names not found normally
        params = self.__dict__.get("_params", {})
        if name in params:
            return float(params[name])
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def __setattr__(self, name, value):
        if name in PARAMETER_NAMES:
            self._params[name][()] = float(value)
        else:
            super().__setattr__(name, value)

    def __reduce__(self):
        # copy, deepcopy and pickle rebuild the network from its nine numbers,
        # so the named parameters stay views of the new network's own vector
        return type(self), tuple(self._vector.tolist())

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={v:.4g}" for n, v in self._values().items())
        return f"ToyNetwork({shown})"

    # --- forward ------------------------------------------------------------
    def forward(self, x) -> dict[str, float]:
        """Every intermediate value for one sample, for teaching and for back-propagation.

        Parameters
        ----------
        x : array_like, shape (2,) — [x1, x2].

        Returns
        -------
        dict with floats sum_h1, h1, sum_h2, h2, sum_o1, o1 (the sums are the
        pre-activations, h1 = f(sum_h1) and so on; o1 is y_pred).
        """
        x = _one_sample(x)
        return _forward(self._values(), float(x[0]), float(x[1]))

    def feedforward(self, x) -> float:
        """The network's output o1 for one sample x of shape (2,)."""
        return self.forward(x)["o1"]

    __call__ = feedforward

    def predict(self, X) -> np.ndarray:
        """Outputs for a data set, one sample per column.

        Parameters
        ----------
        X : array_like, shape (2, m).

        Returns
        -------
        ndarray, shape (m,) — the same layout as the toy labels y.
        """
        X = _data_set(X)
        return np.asarray(_forward(self._values(), X[0], X[1])["o1"])

    def loss(self, X, y) -> float:
        """Mean squared error of the predictions.

        Parameters
        ----------
        X : array_like, shape (2, m) for a data set, or (2,) for one sample.
        y : array_like, shape (m,) — or a single number for one sample.

        Returns
        -------
        float — mean((y - y_pred)**2); for one sample simply (y_true - y_pred)**2.
        """
        X, y = _samples_and_labels(X, y)
        if X.ndim == 1:
            return mse(y, np.asarray(self.feedforward(X)))
        return mse(y, self.predict(X))

    # --- backward -----------------------------------------------------------
    def gradients(self, X, y) -> dict[str, float]:
        """The nine partial derivatives of the loss, derived by hand with the chain rule.

        Parameters
        ----------
        X : array_like, shape (2,) for one sample (as in the slides), or (2, m).
        y : float for one sample, or array_like of shape (m,).

        Returns
        -------
        dict "dw1" ... "dw6", "db1", "db2", "db3" -> float. For one sample these
        are the partials of L = (y_true - y_pred)**2; for a data set, of the
        mean squared error, i.e. the mean of the per-sample partials.
        """
        X, y = _samples_and_labels(X, y)
        if X.ndim == 1:
            return _chain_rule(self._values(), float(X[0]), float(X[1]), float(y))
        per_sample = _chain_rule(self._values(), X[0], X[1], y)
        # the loss of a data set is the mean of the per-sample losses, so is its gradient
        return {name: float(np.mean(g)) for name, g in per_sample.items()}

    def step(self, grads: dict, learning_rate: float) -> None:
        """One gradient-descent update of every parameter: p <- p - learning_rate * dL/dp.

        ``grads`` is a dict as returned by `gradients` ("dw1" ... "db3").
        """
        self._vector -= learning_rate * np.array([grads["d" + name] for name in PARAMETER_NAMES])

    # --- training -----------------------------------------------------------
    @reject_rng
    def train_sgd(self, X, y, learning_rate: float = 0.1, epochs: int = 1000,
                  seed=None, shuffle: bool = True, record_every: int = 1):
        """Stochastic gradient descent as on the slides: update after every single sample.

        Each epoch visits all m samples once; for each one the nine partials of
        that sample's loss are computed and every parameter takes a step
        ``p <- p - learning_rate * dL/dp``. The network is changed in place.

        Parameters
        ----------
        X : array_like, shape (2, m) — one sample per column.
        y : array_like, shape (m,) — targets in [0, 1].
        learning_rate : float > 0.
        epochs : int >= 1 — passes over the data.
        seed : None, int, numpy Generator or legacy ``np.random.RandomState`` (see
            `nnhelpers._random`); decides the visiting order.
        shuffle : bool
            True (default): a fresh random order every epoch, drawn from ``seed``.
            This is the "stochastic" of SGD: no sample always has the last word
            in an epoch, and the updates do not fall into a fixed cycle. False:
            the data order every epoch, exactly as the slides' code does.
        record_every : int >= 1 — record the loss every this many epochs.

        Returns
        -------
        params : dict — `parameters()` after training.
        history : dict with lists "step" (the epoch number) and "loss": the
            mean squared error over the whole data set before training (step 0),
            after every ``record_every``-th epoch and after the last one. It
            plots directly with `nnhelpers.plot_history`.
        """
        X, y = _samples_and_labels(X, y)
        if X.ndim != 2:
            raise ValueError(f"X must have shape (2, m) for training, got {X.shape}")
        if not learning_rate > 0:
            raise ValueError(f"learning_rate must be positive, got {learning_rate}")
        if int(epochs) != epochs or epochs < 1 or int(record_every) != record_every or record_every < 1:
            raise ValueError(f"epochs and record_every must be positive integers, got {epochs} and {record_every}")
        rng = random_source(seed)
        m = X.shape[1]
        # Plain Python floats in the loop: with one sample at a time, numpy's
        # per-call overhead would cost ten times the arithmetic.
        x1, x2, targets = X[0].tolist(), X[1].tolist(), y.tolist()
        values = self._values()
        history = {"step": [0], "loss": [self.loss(X, y)]}
        for epoch in range(1, epochs + 1):
            order = rng.permutation(m).tolist() if shuffle else range(m)
            for i in order:
                grads = _chain_rule(values, x1[i], x2[i], targets[i])
                values = {name: v - learning_rate * grads["d" + name] for name, v in values.items()}
            if epoch % record_every == 0 or epoch == epochs:
                self._vector[:] = [values[name] for name in PARAMETER_NAMES]
                history["step"].append(epoch)
                history["loss"].append(self.loss(X, y))
        return self.parameters(), history


def _forward(p: dict, x1, x2) -> dict:
    """h1, h2, o1 and their pre-activations; x1, x2 are floats or (m,) arrays."""
    sum_h1 = p["w1"] * x1 + p["w2"] * x2 + p["b1"]
    h1 = _sigmoid(sum_h1)
    sum_h2 = p["w3"] * x1 + p["w4"] * x2 + p["b2"]
    h2 = _sigmoid(sum_h2)
    sum_o1 = p["w5"] * h1 + p["w6"] * h2 + p["b3"]
    o1 = _sigmoid(sum_o1)
    return dict(sum_h1=sum_h1, h1=h1, sum_h2=sum_h2, h2=h2, sum_o1=sum_o1, o1=o1)


def _chain_rule(p: dict, x1, x2, y_true) -> dict:
    """dL/d(each parameter) for L = (y_true - y_pred)**2, factor by factor, with the slides' names."""
    v = _forward(p, x1, x2)
    # f'(z) = f(z)(1 - f(z)), taken at the pre-activation z of each neuron
    f_prime_o1 = _sigmoid_prime(v["sum_o1"])
    f_prime_h1 = _sigmoid_prime(v["sum_h1"])
    f_prime_h2 = _sigmoid_prime(v["sum_h2"])

    d_L_d_ypred = -2 * (y_true - v["o1"])

    # neuron o1: y_pred = f(w5 h1 + w6 h2 + b3)
    d_ypred_d_w5 = v["h1"] * f_prime_o1
    d_ypred_d_w6 = v["h2"] * f_prime_o1
    d_ypred_d_b3 = f_prime_o1
    d_ypred_d_h1 = p["w5"] * f_prime_o1
    d_ypred_d_h2 = p["w6"] * f_prime_o1

    # neuron h1: h1 = f(w1 x1 + w2 x2 + b1)
    d_h1_d_w1 = x1 * f_prime_h1
    d_h1_d_w2 = x2 * f_prime_h1
    d_h1_d_b1 = f_prime_h1

    # neuron h2: h2 = f(w3 x1 + w4 x2 + b2)
    d_h2_d_w3 = x1 * f_prime_h2
    d_h2_d_w4 = x2 * f_prime_h2
    d_h2_d_b2 = f_prime_h2

    return {
        "dw1": d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w1,
        "dw2": d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w2,
        "dw3": d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w3,
        "dw4": d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w4,
        "dw5": d_L_d_ypred * d_ypred_d_w5,
        "dw6": d_L_d_ypred * d_ypred_d_w6,
        "db1": d_L_d_ypred * d_ypred_d_h1 * d_h1_d_b1,
        "db2": d_L_d_ypred * d_ypred_d_h2 * d_h2_d_b2,
        "db3": d_L_d_ypred * d_ypred_d_b3,
    }


# --- input checks -------------------------------------------------------------
def _one_sample(x) -> np.ndarray:
    x = as_float_array("x", x)
    if x.shape != (2,):
        raise ValueError(
            f"x must be one sample of shape (2,) = [x1, x2], got shape {x.shape}"
            + ("; for a data set of shape (2, m) use predict(X)" if x.ndim == 2 else "")
        )
    return x


def _data_set(X) -> np.ndarray:
    X = as_float_array("X", X)
    if X.ndim != 2 or X.shape[0] != 2:
        hint = "; samples are columns, so transpose an (m, 2) array with X.T" if X.ndim == 2 and X.shape[1] == 2 else ""
        raise ValueError(f"X must have shape (2, m), one sample per column, got {X.shape}{hint}")
    return X


def _samples_and_labels(X, y):
    """Validate either one sample (x of shape (2,), scalar y) or a data set (X (2, m), y (m,))."""
    X = as_float_array("X", X)
    y = as_float_array("y", y)
    if X.ndim == 1 and X.shape != (2,) and y.ndim == 2 and y.shape == (2, X.shape[0]):
        raise ValueError(f"the arguments look swapped: X has shape {X.shape} and y has shape {y.shape}; "
                         "the data X (2, m) comes first, then the labels y (m,)")
    if X.ndim == 1:
        X = _one_sample(X)
        if y.ndim != 0:
            raise ValueError(f"for one sample x of shape (2,), y must be a single number, got shape {y.shape}")
        return X, y
    X = _data_set(X)
    if y.shape != (X.shape[1],):
        raise ValueError(
            f"y must have shape ({X.shape[1]},), one label per column of X (shape {X.shape}), got {y.shape}"
        )
    return X, y
