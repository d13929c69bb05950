"""Exercise checks of chapter 4b, the computation graph and reverse mode.

Two exercises, declared as data over the one engine (see `_feedback`):

- ``prediction_fork`` (predict, then run): L = a * x with a = x * y, so x is used
  twice. At x = 2, y = 3, what is dL/dx? The sum over the two paths,
  x * y + a = 6 + 6 = 12 (indeed L = x**2 y, dL/dx = 2 x y).
- ``my_mul`` (derive): the product operation of the engine. The node must
  remember its two operands and the local derivatives ∂(a·b)/∂a = b and
  ∂(a·b)/∂b = a (each factor's slope is the OTHER factor). The student's function
  takes two `Value` s and returns ``Value(a.data * b.data, (a, b), (b.data, a.data), "×")``;
  the check runs it forward and backward through the engine and compares the
  product and the gradients reaching a and b.
"""
from __future__ import annotations

from nnhelpers.autograd import Value
from nnhelpers.checks._feedback import AnswerError, Choice, FunctionExercise, Option

__all__ = ["check_prediction_fork", "check_mul", "PREDICTION_FORK", "MUL"]

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


def _mul_reference(a, b):
    return (a * b, b, a)


def _run_through_engine(name, function):
    """The student's ``my_mul(a, b)`` forward and backward: (a*b, gradient at a, gradient at b)."""
    def run(a, b):
        va, vb = Value(a), Value(b)
        out = function(va, vb)
        if not isinstance(out, Value):
            raise AnswerError(f"{name} must return a Value, got {type(out).__name__}: "
                              'return nh.Value(a.data * b.data, (a, b), (local_a, local_b), "×").')
        if out.children != (va, vb):
            raise AnswerError(f"{name}: the Value it returns must remember a and b, in that order, "
                              "as its children (children=(a, b)), or backward cannot reach them.")
        if len(out.local_grads) != 2:
            raise AnswerError(f"{name}: local_grads must hold one local derivative per child, "
                              f"(∂out/∂a, ∂out/∂b); got {len(out.local_grads)}.")
        out.backward()
        return (out.data, va.grad, vb.grad)
    return run


MUL = FunctionExercise(
    name="my_mul",
    reference=_mul_reference,
    # different magnitudes and both signs: a swapped pair or a lost factor always shows
    cases=[(2.0, -3.0), (0.5, 4.0), (-1.5, -0.25)],
    arguments="its arguments (a, b, two Values)",
    parts=("the value a * b", "the gradient reaching a", "the gradient reaching b"),
    prepare=_run_through_engine,
    mistakes={
        "the local derivatives are swapped: ∂(a·b)/∂a = b, the OTHER factor (a nudge of a "
        "changes the product b times as much), and ∂(a·b)/∂b = a":
            lambda a, b: (a * b, a, b),
        "(1, 1) are the local derivatives of a + b; for a product each is the other factor":
            lambda a, b: (a * b, 1.0, 1.0),
        "each local derivative is the product a·b itself; ∂(a·b)/∂a = b":
            lambda a, b: (a * b, a * b, a * b),
        "the value is a + b; this operation multiplies":
            lambda a, b: (a + b, b, a),
    },
    nudge="Hold b fixed and nudge a: by how much does a·b change per unit of a? Then the same "
          "for b.",
    recipe='return nh.Value(a.data * b.data, (a, b), (b.data, a.data), "×")',
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


def check_mul(my_mul, hint: bool = False) -> None:
    """Check ``my_mul(a, b)``: two `Value` s in, ``Value(a.data * b.data, (a, b), (b.data, a.data), "×")`` out.

    The check builds a = nh.Value(x), b = nh.Value(y) for a few numbers, runs the
    answer forward and ``backward()``, and compares the product and the gradients
    reaching a and b with x * y, y and x.

    Raises
    ------
    AnswerError naming the mistake: swapped local derivatives, (1, 1) as for a
    sum, the product as its own derivative, or a sum instead of a product; or
    saying what the returned Value lacks.
    """
    MUL.check(my_mul, hint=hint)
