"""Numerical gradients and gradient checking (chapter 04 onwards).

Back-propagation is easy to get subtly wrong, so every hand-derived gradient
in the course is compared with a central difference

    df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2h),

whose error shrinks like h**2. The comparison uses the relative error
|a - n| / max(|a| + |n|, floor): about 1e-7 or less means the derivation is
right; 1e-2 or more means a bug.

Sources: the central difference and its O(h^2) error are textbook numerical analysis
(e.g. Press et al., "Numerical Recipes", 3rd ed., section 5.7); its use to check
back-propagation, the relative error and the thresholds follow the CS231n course notes
(Karpathy, "Neural Networks Part 3: Learning and Evaluation", section "Gradient
checks", https://cs231n.github.io/neural-networks-3/#gradcheck), which also describe
the kinks (ReLU at 0) that make a correct gradient look wrong.
"""
from __future__ import annotations

from typing import Callable, Mapping

import numpy as np
import pandas as pd

from nnhelpers._validation import describe

__all__ = ["numerical_gradient", "relative_error", "gradient_check"]


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of ``f`` with respect to the array ``x``.

    Parameters
    ----------
    f : callable taking no arguments and returning a float. It must read ``x``
        (for example a loss that closes over a parameter dict holding ``x``).
    x : float64 ndarray, any shape; nudged in place one entry at a time and
        restored exactly afterwards. A float32 x is refused (ValueError): its rounding
        alone would make the result wrong by about 1e-2.
    h : step size, a positive finite number (1e-5 by default; see `gradient_check`).

    Returns
    -------
    ndarray with the shape of ``x`` (float64).

    Raises
    ------
    ValueError for arguments in the wrong order, an ``x`` that is not a float64 array,
    or an ``h`` that is not a positive number.

    Notes
    -----
    (f(x + h e_i) - f(x - h e_i)) / (2h) per entry: the central difference, whose error is
    O(h^2) where the one-sided (f(x + h) - f(x)) / h has O(h) (CS231n notes, "Gradient
    checks").
    """
    if callable(x) and not callable(f):
        raise ValueError("the arguments look swapped: numerical_gradient(f, x, h) takes the function "
                         "first, then the array it reads")
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise ValueError(
            f"x must be a floating-point numpy array that f reads, got {type(x).__name__}"
            + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else "")
        )
    if x.dtype.itemsize < 8:
        raise ValueError(
            f"x is {x.dtype}: in {x.dtype}, x + h is rounded to a spacing of about "
            f"{np.finfo(x.dtype).eps:.0e} * |x| and f to about {np.finfo(x.dtype).eps:.0e} * |f|, "
            f"so a central difference with h = {h:g} is off by about 1e-2; use a float64 copy, "
            "x.astype(np.float64), and let f read that"
        )
    h = _check_step(h)
    # each entry is restored exactly after its two nudges, or every later entry would be
    # checked at a shifted point
    return _central_differences(f, x, h)[0]


def _loss_value(value) -> float:
    """The loss as a float; an array with entries (a per-sample loss?) is a named error."""
    if np.ndim(value) > 0:
        raise ValueError(f"the loss function must return a single number, got {describe(value)}; "
                         "average a per-sample loss, e.g. float(np.mean(...))")
    return float(value)


def _check_step(h) -> float:
    from nnhelpers._validation import check_number

    return check_number("h", h, low=0, low_open=True)


def relative_error(analytic, numeric, floor: float = 1e-8):
    """Element-wise |a - n| / max(|a| + |n|, floor); same shape as the inputs.

    The floor keeps two tiny gradients (say 1e-12 and 2e-12) from looking wildly
    different when both are, for practical purposes, zero.

    Returns
    -------
    float64 ndarray (a 0-d array for scalar inputs).

    Raises
    ------
    ValueError if the two shapes differ (no broadcasting).
    """
    analytic = np.asarray(analytic, dtype=np.float64)
    numeric = np.asarray(numeric, dtype=np.float64)
    if analytic.shape != numeric.shape:
        raise ValueError(
            f"analytic has shape {analytic.shape} but numeric has shape {numeric.shape}"
        )
    return np.abs(analytic - numeric) / np.maximum(np.abs(analytic) + np.abs(numeric), floor)


def _central_differences(f, x: np.ndarray, h: float):
    """Central differences of f with respect to x, and the two nudged losses of every entry."""
    grad = np.zeros(x.shape, dtype=np.float64)
    f_plus = np.zeros(x.shape, dtype=np.float64)
    f_minus = np.zeros(x.shape, dtype=np.float64)
    for index in np.ndindex(x.shape):
        original = x[index]
        try:
            x[index] = original + h
            f_plus[index] = f()
            x[index] = original - h
            f_minus[index] = f()
        finally:
            x[index] = original
        grad[index] = (f_plus[index] - f_minus[index]) / (2 * h)
    return grad, f_plus, f_minus


_LOW_PRECISION = (
    "{names} {verb} {dtype}. A central difference in {dtype} cannot check a gradient: the loss is "
    "rounded to about {eps:.0e} of its size, and dividing by 2h = {two_h:g} turns that into an error "
    "of about {eps:.0e} * loss / {two_h:g} in every numerical derivative -- a relative error near "
    "1e-2 even when the analytic gradient is right. Check in float64: either create the parameters "
    "and data in float64 (e.g. initialize_network(..., dtype=np.float64), X.astype(np.float64)), or "
    "give the model function and the data and let gradient_check make float64 copies: "
    "nh.gradient_check(nh.network_loss_and_grads, params, X=X, Y=Y) (or "
    "functools.partial(nh.deep_loss_and_grads, activations=...), nh.logistic_gradients)."
)

def _kink_persists(loss, x, h, f0, numeric, jump, disagreement, candidates):
    """Which candidates are kinks, not curvature: look again with the step h / 2.

    Where the loss is smooth on [x - h, x + h], the one-sided slopes differ by about
    |f''| h, which halves with the step, and the central difference hardly moves (its
    error is O(h^2)). A kink at distance d < h does neither: at d = 0 the jump between
    the slopes stays the same at h / 2; at 0 < d < h the central difference moves by
    about |slope change| d / (2h). So an entry is a kink if the jump at h / 2 is more than
    3/4 of the jump at h, or if the central difference moved by more than a tenth of the
    disagreement. Two extra loss evaluations, only for the candidates.
    """
    half = h / 2
    result = np.zeros(x.shape, dtype=bool)
    for index in zip(*np.nonzero(candidates)):
        original = x[index]
        try:
            x[index] = original + half
            f_plus = float(loss())
            x[index] = original - half
            f_minus = float(loss())
        finally:
            x[index] = original
        jump_half = abs((f_plus - f0) / half - (f0 - f_minus) / half)
        moved = abs((f_plus - f_minus) / h - numeric[index])
        result[index] = jump_half > 0.75 * jump[index] or moved > 0.1 * disagreement[index]
    return result


_KINK_NOTE = ("kink: the loss is not differentiable within h of this point (its slope just before "
              "and just after differ, e.g. a ReLU pre-activation at 0); the analytic gradient "
              "takes one side, the central difference averages both, so a large error here is "
              "not a bug")


def gradient_check(
    loss: Callable,
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray] | None = None,
    h: float = 1e-5,
    *,
    X=None,
    Y=None,
) -> pd.DataFrame:
    """Compare analytic gradients with central differences, one row per entry.

    Two ways to call it:

    - ``gradient_check(loss, params, grads)``: ``loss`` is a callable with no arguments
      returning the loss at the current ``params`` (it reads the arrays of ``params``,
      which are nudged in place and restored); ``grads`` the analytic gradients. The
      parameters must be float64 (see Raises).
    - ``gradient_check(loss_and_grads, params, X=X, Y=Y)``: ``loss_and_grads(params, X, Y)
      -> (loss, grads)`` is a model in the training loops' form (``nh.network_loss_and_grads``,
      ``functools.partial(nh.deep_loss_and_grads, activations=[...])``,
      ``nh.logistic_gradients``). The check makes float64 COPIES of params, X and Y,
      computes the analytic gradients and the central differences on them, and leaves the
      caller's arrays alone. This works whatever dtype the model trains in (float32 by
      default for `initialize_network`).

    Parameters
    ----------
    loss : see above.
    params : dict name -> float ndarray (e.g. "W1" of shape (n_h, n_x)), or the 0-d arrays
        of ``ToyNetwork.parameters()``.
    grads : dict of analytic gradients (closure form only). The gradient of "W1" may be
        stored under "W1" or, as the course does, under "dW1"; same shape as the parameter.
    h : positive step size for the central difference. Its error is the truncation error,
        about h^2 |f^(3)| / 6, plus the rounding error, about eps |f| / h; h = 1e-5 balances
        the two in float64 (eps = 2.2e-16). Values from about 1e-7 to 1e-3 are usable;
        h = 0 or a negative h is refused.
    X, Y : the data, for the model form.

    Returns
    -------
    pandas.DataFrame with columns parameter, analytic, numeric, relative_error (the
    parameter names entries like "W1[0, 2]"; just "w1" for a scalar). If some large
    error sits at a kink -- a point where the loss is not differentiable within h, such as
    a ReLU pre-activation at exactly 0 -- a "note" column says so on those rows, and
    ``table.attrs["kinks"]`` lists them (an empty list otherwise). A kink is recognised by
    the slopes on either side, (f(x+h) - f(x)) / h and (f(x) - f(x-h)) / h, differing by
    more than half the disagreement, AND by a second look with the step h / 2 showing
    that this is not curvature: a smooth function's slope difference halves with the
    step and its central difference stays put, a kink's does not (see
    `_kink_persists`). So a wrong gradient of a smooth function is never called a kink.
    Limits: a kink between h/2 and h away is found by the moving central difference only
    if it moves by a tenth of the disagreement; several kinks within h of one entry (a
    weight feeding many ReLUs) may mask each other. This heuristic is the course's own;
    CS231n's notes ("Gradient checks", "Kinks in the objective") describe the problem and
    suggest tracking max(x, y) winners instead.

    Raises
    ------
    ValueError
        In the closure form, if a parameter is float32 (or float16): the check would report
        correct gradients as wrong, so it refuses and says how to run it in float64. Also
        for a missing gradient, a gradient whose shape differs from its parameter's, or
        arguments in the wrong order (a dict where the callable belongs, or the gradients
        where the parameters belong), or an ``h`` that is not a positive number.
    """
    if isinstance(loss, Mapping) and callable(params):
        raise ValueError("the arguments look swapped: gradient_check(loss, params, grads) takes the "
                         "loss function first, then the dict of parameters")
    if not callable(loss):
        raise ValueError(f"loss must be a function, got {type(loss).__name__}")
    if not isinstance(params, Mapping) or not params:
        raise ValueError(f"params must be a non-empty dict name -> array, got {type(params).__name__}")
    h = _check_step(h)
    if (X is None) != (Y is None):
        raise ValueError("give both X and Y (the model form) or neither (the closure form)")
    if X is not None:
        if grads is not None:
            raise ValueError("with X and Y, gradient_check computes the analytic gradients itself from "
                             "loss_and_grads(params, X, Y) in float64; leave grads out")
        model = loss
        params = {name: np.array(value, dtype=np.float64) for name, value in params.items()}
        X64, Y64 = np.array(X, dtype=np.float64), np.array(Y, dtype=np.float64)
        result = model(params, X64, Y64)
        if not (isinstance(result, tuple) and len(result) == 2):
            raise ValueError("with X and Y, gradient_check's first argument must be a model function "
                             "(params, X, Y) -> (loss, grads), like nh.network_loss_and_grads; it "
                             f"returned {describe(result)}")
        _, grads = result

        def loss():
            return model(params, X64, Y64)[0]
    else:
        if grads is None:
            raise ValueError("give the analytic gradients: gradient_check(loss, params, grads), or the "
                             "model form gradient_check(loss_and_grads, params, X=X, Y=Y)")
        low = [name for name, value in params.items()
               if np.asarray(value).dtype.kind == "f" and np.asarray(value).dtype.itemsize < 8]
        if low:
            dtype = np.asarray(params[low[0]]).dtype
            raise ValueError(_LOW_PRECISION.format(
                names=", ".join(low), verb="is" if len(low) == 1 else "are", dtype=dtype,
                eps=float(np.finfo(dtype).eps), two_h=2 * h))
    if not isinstance(grads, Mapping):
        raise ValueError(f"grads must be a dict name -> array, got {type(grads).__name__}")
    if all(str(k).startswith("d") for k in params) and grads \
            and not any(str(k).startswith("d") for k in grads):
        raise ValueError("the arguments look swapped: gradient_check(loss, params, grads) takes the "
                         f"parameters ({sorted(grads)[:4]} ...) before the gradients "
                         f"({sorted(params)[:4]} ...)")

    f0 = _loss_value(loss())
    rows, kinks = [], []
    for name, value in params.items():
        key = name if name in grads else f"d{name}"
        if key not in grads:
            raise ValueError(f"no gradient for parameter {name!r} (looked for {name!r} and {key!r}); "
                             f"grads holds {sorted(grads)}")
        analytic = np.asarray(grads[key], dtype=np.float64)
        if analytic.shape != np.shape(value):
            raise ValueError(
                f"gradient {key!r} has shape {analytic.shape} but parameter {name!r} "
                f"has shape {np.shape(value)}; {key!r} must have shape {np.shape(value)}"
            )
        if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
            raise ValueError(f"parameter {name!r} must be a floating-point numpy array that loss reads, "
                             f"got {type(value).__name__}")
        numeric, f_plus, f_minus = _central_differences(loss, value, h)
        errors = relative_error(analytic, numeric)
        forward, backward = (f_plus - f0) / h, (f0 - f_minus) / h
        noise = 100 * np.finfo(np.float64).eps * max(abs(f0), 1.0) / h
        jump = np.abs(forward - backward)
        kink = (errors > 1e-4) & (jump > 0.5 * np.abs(analytic - numeric)) & (jump > noise)
        if kink.any():
            kink &= _kink_persists(loss, value, h, f0, numeric, jump, np.abs(analytic - numeric), kink)
        for index in np.ndindex(analytic.shape):
            label = f"{name}[{', '.join(map(str, index))}]" if index else name
            rows.append((label, analytic[index], numeric[index], errors[index]))
            if kink[index]:
                kinks.append(label)
    table = pd.DataFrame(rows, columns=["parameter", "analytic", "numeric", "relative_error"])
    if kinks:
        table["note"] = np.where(table["parameter"].isin(kinks), _KINK_NOTE, "")
    table.attrs["kinks"] = kinks
    return table
