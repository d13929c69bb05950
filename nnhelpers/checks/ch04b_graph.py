"""Exercise checks of chapter 4b, the computation graph and reverse mode.

Two exercises, declared as data over the one engine (see `_feedback`):

- ``prediction_fork`` (predict, then run): L = a * x with a = x + y, so x is used
  twice. At x = 2, y = 5, what is dL/dx? The sum over the two paths,
  x * 1 + a = 2 + 7 = 9 (indeed L = x**2 + x y, dL/dx = 2x + y). The paths are
  unequal and L = 14 differs from the answer, so neither "one path doubled" nor
  "the value instead of the gradient" passes.
- ``my_div`` (derive): the engine's division. The node must remember its two
  operands and the local derivatives ∂(a/b)/∂a = 1/b and ∂(a/b)/∂b = −a/b².
  The student's function takes two `Value` s and returns
  ``Value(a.data / b.data, (a, b), (1 / b.data, -a.data / b.data ** 2), "/")``;
  the check runs it forward (the engine's own ÷, × and ** disabled meanwhile, so
  that ``return a / b`` cannot pass) and backward through the engine and compares
  the quotient and the gradients reaching a and b.
"""
from __future__ import annotations

from nnhelpers.autograd import Value
from nnhelpers.checks._feedback import AnswerError, Choice, FunctionExercise, Option

__all__ = ["check_prediction_fork", "check_div", "PREDICTION_FORK", "DIV"]

PREDICTION_FORK = Choice(
    name="prediction_fork",
    question="With a = x + y and L = a * x at x = 2, y = 5, what is dL/dx?",
    options={
        "a": Option("7", "7 is the direct path only: dL/dx with a held fixed, which is a = 7. "
                         "x also reaches L through a (dL/da * da/dx = x * 1 = 2), and each path "
                         "adds its own contribution: 2 + 7 = 9."),
        "b": Option("9", "Both paths contribute and the contributions add: through a, x * 1 = 2; "
                         "direct, a = 7; 2 + 7 = 9. Check: L = x**2 + x y, so "
                         "dL/dx = 2x + y = 9."),
        "c": Option("14", "14 multiplies the two paths (2 * 7), and it is also the value of L, "
                          "not its gradient. Multiplying is what happens ALONG one path (the "
                          "chain rule); where a value splits into two paths, the contributions "
                          "add: 2 + 7 = 9."),
        "d": Option("2", "2 is the path through a only (dL/da * da/dx = x * 1). x is also used "
                         "directly by the product, which adds a = 7: 2 + 7 = 9."),
    },
    correct="b",
    nudge="List the paths from x to L. Along each, multiply the local derivatives; then combine "
          "the paths.",
    recipe="Path 1: x -> a -> L gives da/dx * dL/da = 1 * x = 2. Path 2: x -> L directly gives "
           "dL/dx with a held fixed = a = 7. Gradients add at a fork: 9.",
)


def _div_reference(a, b):
    return (a / b, 1 / b, -a / b ** 2)


_ENGINE_OPERATIONS = ("__truediv__", "__rtruediv__", "__mul__", "__rmul__", "__pow__")


def _run_through_engine(name, function):
    """The student's ``my_div(a, b)`` forward and backward: (a/b, gradient at a, gradient at b).

    While the student's function runs, the engine's own ÷, × and ** on Values raise:
    the exercise is to build the node, not to call the operation being written.
    """
    def forbidden(*args, **kwargs):
        raise AnswerError(f'{name} must build the node itself with nh.Value(number, (a, b), '
                          '(local_a, local_b), "/") from plain numbers (a.data, b.data); a / b, '
                          "a * b or b ** 2 on Values use the engine's own operations, "
                          "including the one you are writing.")

    def run(a, b):
        va, vb = Value(a), Value(b)
        saved = {op: getattr(Value, op) for op in _ENGINE_OPERATIONS}
        try:
            for op in _ENGINE_OPERATIONS:
                setattr(Value, op, forbidden)
            out = function(va, vb)
        except TypeError as error:  # nh.Value(...) refuses a Value as a local derivative
            if "'Value'" not in str(error):
                raise
            raise AnswerError(f"{name}: local derivatives are numbers: use b.data, not the "
                              "Value b.") from None
        finally:
            for op, method in saved.items():
                setattr(Value, op, method)
        if not isinstance(out, Value):
            raise AnswerError(f"{name} must return a Value, got {type(out).__name__}: "
                              'return nh.Value(a.data / b.data, (a, b), (local_a, local_b), "/").')
        if out.children != (va, vb):
            raise AnswerError(f"{name}: the Value it returns must remember a and b, in that order, "
                              "as its children (children=(a, b)), or backward cannot reach them.")
        if len(out.local_grads) != 2:
            raise AnswerError(f"{name}: local_grads must hold one local derivative per child, "
                              f"(∂out/∂a, ∂out/∂b); got {len(out.local_grads)}.")
        if any(isinstance(g, Value) for g in out.local_grads):
            raise AnswerError(f"{name}: local derivatives are numbers: use b.data, not the "
                              "Value b.")
        out.backward()
        return (out.data, va.grad, vb.grad)
    return run


DIV = FunctionExercise(
    name="my_div",
    reference=_div_reference,
    # different magnitudes, both signs, a != 1: a lost sign or a lost factor always shows
    cases=[(2.0, -3.0), (0.5, 4.0), (-1.5, -0.25)],
    arguments="its arguments (a, b, two Values)",
    parts=("the value a / b", "the gradient reaching a", "the gradient reaching b"),
    prepare=_run_through_engine,
    mistakes={
        "∂(a/b)/∂b has lost its minus sign: a/b = a·b⁻¹, and d(b⁻¹)/db = −b⁻², so "
        "∂(a/b)/∂b = −a/b² (a larger b makes the quotient smaller when a > 0)":
            lambda a, b: (a / b, 1 / b, a / b ** 2),
        "∂(a/b)/∂b has lost its factor a: it is the derivative of 1/b, −1/b², times a":
            lambda a, b: (a / b, 1 / b, -1 / b ** 2),
        "(b, a) are the local derivatives of a product a·b; for a / b they are 1/b and −a/b²":
            lambda a, b: (a / b, b, a),
    },
    nudge="Write a / b as a · b⁻¹. Hold b fixed: how does it change per unit of a? Hold a fixed "
          "and use d(b⁻¹)/db = −b⁻².",
    recipe='return nh.Value(a.data / b.data, (a, b), (1 / b.data, -a.data / b.data ** 2), "/")',
)


def check_prediction_fork(prediction_fork=Choice.MISSING, hint: bool = False) -> None:
    """Check the prediction of dL/dx when x is used twice (a = x + y, L = a * x, x = 2, y = 5).

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


def check_div(my_div, hint: bool = False) -> None:
    """Check ``my_div(a, b)``: two `Value` s in, ``Value(a.data / b.data, (a, b), (1/b, -a/b**2), "/")`` out.

    The check builds a = nh.Value(x), b = nh.Value(y) for a few numbers, runs the
    answer forward (with the engine's own ÷, × and ** on Values disabled) and
    ``backward()``, and compares the quotient and the gradients reaching a and b
    with x / y, 1 / y and -x / y**2.

    Raises
    ------
    AnswerError naming the mistake: a lost minus sign, a lost factor a, or the
    product's local derivatives (b, a); or saying what the returned Value lacks,
    that it holds Values instead of numbers as local derivatives, or that it used
    the engine's own operations.
    """
    DIV.check(my_div, hint=hint)
