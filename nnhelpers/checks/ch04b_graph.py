"""Exercise checks of chapter 4b, the computation graph and reverse mode.

Two exercises, declared as data over the one engine (see `_feedback`):

- ``prediction_fork`` (predict, then run): L = a * x with a = x * y, so x is used
  twice. At x = 2, y = 3, what is dL/dx? The sum over the two paths,
  x * y + a = 6 + 6 = 12 (indeed L = x**2 y, dL/dx = 2 x y).
- ``my_tanh`` (derive): the tanh operation of the engine. From
  tanh z = (e^z - e^-z) / (e^z + e^-z) the quotient rule gives
  tanh'(z) = 1 - tanh(z)**2 = 1 - t**2, written with the output t. The student's
  function takes a `Value` v and returns ``Value(t, (v,), (local,), "tanh")``; the
  check runs it forward and backward through the engine and compares the value t
  and the gradient that reaches v.
"""
from __future__ import annotations

import math

from nnhelpers.activations import sigmoid
from nnhelpers.autograd import Value
from nnhelpers.checks._feedback import AnswerError, Choice, FunctionExercise, Option

__all__ = ["check_prediction_fork", "check_tanh", "PREDICTION_FORK", "TANH"]

PREDICTION_FORK = Choice(
    name="prediction_fork",
    question="With a = x * y and L = a * x at x = 2, y = 3, what is dL/dx?",
    options={
        "a": Option("6", "That is one path only: through a (dL/da * da/dx = x * y = 6), or the "
                         "direct use of x (a = 6). x reaches L along BOTH, and each path adds its "
                         "own contribution: 6 + 6 = 12."),
        "b": Option("12", "Both paths contribute and the contributions add: x * y through a, plus "
                          "a for the direct use, 6 + 6 = 12. Check: L = x**2 * y, so "
                          "dL/dx = 2 x y = 12."),
        "c": Option("36", "Multiplying is what happens ALONG one path (the chain rule); where a "
                          "value splits into two paths, the contributions add: 6 + 6 = 12."),
        "d": Option("3", "3 is one local derivative, da/dx = y. The gradient multiplies the local "
                         "derivatives along each path from x to L (y * x = 6 through a) and adds "
                         "the paths (+ a = 6 for the direct use): 12."),
    },
    correct="b",
    nudge="List the paths from x to L. Along each, multiply the local derivatives; then combine "
          "the paths.",
    recipe="Path 1: x -> a -> L gives da/dx * dL/da = y * x = 6. Path 2: x -> L directly gives "
           "dL/dx with a held fixed = a = 6. Gradients add at a fork: 12.",
)


def _tanh_reference(z):
    t = math.tanh(z)
    return (t, 1 - t * t)


def _run_through_engine(name, function):
    """The student's ``my_tanh(v)`` forward and backward: (t, the gradient reaching v)."""
    def run(z):
        v = Value(z)
        out = function(v)
        if not isinstance(out, Value):
            raise AnswerError(f"{name} must return a Value, got {type(out).__name__}: "
                              'return nh.Value(t, (v,), (local,), "tanh").')
        if out.children != (v,):
            raise AnswerError(f"{name}: the Value it returns must remember v as its only child "
                              "(children=(v,)), or backward cannot reach v.")
        out.backward()
        return (out.data, v.grad)
    return run


def _tanh_mistake(local_of):
    def wrong(z):
        t = math.tanh(z)
        return (t, local_of(z, t))
    return wrong


TANH = FunctionExercise(
    name="my_tanh",
    reference=_tanh_reference,
    # no z = 0: there 1 - z**2 and 1 - t**2 agree; both signs and a saturating value
    cases=[(0.5,), (-1.3,), (2.0,)],
    arguments="its argument (v, a Value)",
    parts=("the value t = tanh(v.data)", "the gradient reaching v (your local derivative)"),
    prepare=_run_through_engine,
    mistakes={
        "the local derivative was taken of the input: 1 - z**2; tanh'(z) = 1 - tanh(z)**2 = "
        "1 - t**2, with the OUTPUT t":
            _tanh_mistake(lambda z, t: 1 - z * z),
        "the square is missing: tanh'(z) = 1 - t**2, not 1 - t":
            _tanh_mistake(lambda z, t: 1 - t),
        "t * (1 - t) is the sigmoid's derivative σ(1 - σ); tanh's is 1 - t**2":
            _tanh_mistake(lambda z, t: t * (1 - t)),
        "the sign: tanh'(z) = 1 - t**2 (tanh flattens out, so its slope is at most 1), "
        "not 1 + t**2":
            _tanh_mistake(lambda z, t: 1 + t * t),
        "the local derivative 1 belongs to +; tanh's slope changes with z: 1 - t**2":
            _tanh_mistake(lambda z, t: 1.0),
        "the value is the sigmoid; tanh z = (e^z - e^-z) / (e^z + e^-z) (math.tanh)":
            lambda z: (float(sigmoid(z)), float(sigmoid(z) * (1 - sigmoid(z)))),
    },
    nudge="Write tanh z = (e^z - e^-z)/(e^z + e^-z), apply the quotient rule, and express the "
          "result with t = tanh z itself.",
    recipe='t = math.tanh(v.data); return nh.Value(t, (v,), (1 - t**2,), "tanh")',
)


def check_prediction_fork(prediction_fork=Choice.MISSING, hint: bool = False) -> None:
    """Check the prediction of dL/dx when x is used twice (a = x * y, L = a * x, x = 2, y = 3).

    Parameters
    ----------
    prediction_fork : one of "a", "b", "c", "d"; when omitted, the notebook's
        variable of that name is read.
    hint : True adds the worked answer if the prediction is wrong.

    Raises
    ------
    AnswerError explaining the chosen option when it is wrong; NotAnsweredError
    when nothing was chosen yet.
    """
    PREDICTION_FORK.check(prediction_fork, hint=hint)


def check_tanh(my_tanh, hint: bool = False) -> None:
    """Check ``my_tanh(v)``: a `Value` v in, ``Value(tanh(v.data), (v,), (local,), "tanh")`` out.

    The check builds v = nh.Value(z) for a few z, runs the answer forward and
    ``backward()``, and compares the value and the gradient reaching v with
    tanh(z) and 1 - tanh(z)**2.

    Raises
    ------
    AnswerError naming the mistake: 1 - z**2 (the input instead of the output),
    1 - t, t(1 - t) (the sigmoid's), 1 + t**2, 1, or the sigmoid itself; or
    saying what the returned Value lacks.
    """
    TANH.check(my_tanh, hint=hint)
