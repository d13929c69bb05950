"""The tutor behind every exercise check: one engine, and a check is mostly data.

A chapter module declares each exercise as DATA (test cases, named wrong variants,
a nudge, a recipe) with one of three kinds, and exposes its public ``check_xxx``
with ``exercise.as_check(summary, answer)``.
The engine does the rest, the same way for every chapter:

- it runs the answer, compares it (type, then shape, then values), and names the
  known mistake the answer matches, whatever its shape ("w * x + b keeps one
  number per input");
- it names the notebook's global variables a wrong function reads (``bias`` left
  over from a plotting loop, a ``neuron`` object; not modules, functions or classes),
  in the student's own argument names, and a function that gives the same answer
  for different inputs;
- a wrong value shows the test input when it is small (at most `SMALL_INPUT`, 12,
  numbers), typed so that the student can run it; an unsolved function that the
  student's function calls is named ("my_neuron_output calls my_weighted_sum, which
  is not implemented yet"); a value passed where the function was due says "pass the
  function itself";
- hints escalate: a wrong answer gets the named mistake and the ``nudge``; the
  full ``recipe`` comes only on request, ``nh.checks.hint("my_softmax")`` or
  ``check_softmax(my_softmax, hint=True)``, or by itself after `RECIPE_AFTER` (3)
  failed attempts at that exercise in the same kernel session (a misspelt name in
  ``hint`` gets "did you mean"); exercise names are unique across modules (a second
  module declaring the same name raises ValueError);
- a failed check raises `AnswerError`, an AssertionError (nbval and pytest fail),
  which Jupyter shows as the tutor's message ALONE: no frame of nnhelpers, no check
  source (that would print the answer key). When the student's own code raised,
  the frames of THEIR code are shown under the message (see `_render`).

The success line of a function exercise is "✓ NAME is correct on all N test inputs."

Kind 1: the student writes a function — `FunctionExercise`
-----------------------------------------------------------
::

    WEIGHTED_SUM = FunctionExercise(
        name="my_weighted_sum",
        reference=lambda w, x, b: float(np.dot(w, x) + b),
        cases=[(np.array([0.0, 1.0]), np.array([2.0, 3.0]), 4.0),      # (w, x, b)
               (np.array([0.5, -1.0, 2.0]), np.array([1.0, 2.0, 3.0]), -0.5)],
        mistakes={"the bias is missing: z = w . x + b": lambda w, x, b: float(np.dot(w, x)),
                  "w * x keeps one number per input; add them up": lambda w, x, b: w * x + b},
        nudge="z is ONE number: each input times its weight, all added up, plus the bias.",
        recipe="return np.dot(w, x) + b",
    )

    check_weighted_sum = WEIGHTED_SUM.as_check(
        "Check ``my_weighted_sum(w, x, b)``, which must return the number w . x + b.",
        "callable (w of shape (n_in,), x of shape (n_in,), b float) -> float")

``as_check`` builds ``check_weighted_sum(my_weighted_sum, hint=False)`` with a full numpydoc
docstring (the summary, the answer's description, what it prints and raises), so no
chapter repeats that text. A hand-written ``def check_x(my_x=FunctionExercise.MISSING,
hint=False): X.check(my_x, hint=hint)`` works the same.

More fields (all optional): ``properties={"each column must sum to 1": lambda A, Z:
np.allclose(A.sum(axis=0), 1)}`` (checked on the student's output when its values are
wrong: the first broken one heads the message); ``parts=("dW", "db")`` to name the
parts of a tuple answer (a dict answer is compared key by key, and a mistake may
return the whole tuple / dict); ``returns="grads"`` (for "Did the function forget to
`return grads`?"); ``arguments="its arguments (X, Y)"``; ``cases`` may be a
function returning the list (built on first use); ``prepare(name, function)`` wraps
the student's function (an exercise-specific guard); ``shape_hint`` (added when their
code raised about shapes); ``quiet=True`` (silence numpy warnings); ``rtol``, ``atol``;
``success`` (the ✓ line, a format string with {name} and {n}).

Choosing cases (off-by-one blindness). A check sees only its cases, so pick them so
that every named mistake gives a wrong answer on at least one: sizes that differ from
each other (n_x != n_h != m, so a transposed matrix has the wrong shape), sizes that do
NOT divide evenly (m = 10 in batches of 4, so ``range(m // k + 1)`` or a dropped last
batch shows), at least two cases with different values (so a function reading a
global cannot pass), values of both signs and no zeros where a zero would hide a
factor. Declare the off-by-one itself as a named mistake (``range(m // k + 1)``, the
notes' ``min(begin + k, m - 1)``): ``WEIGHTED_SUM.blind_spots()`` lists the mistakes no
case tells apart from the right answer, and every chapter's tests assert it is ``[]``.
``make_cases(build, sizes, seed)`` builds one case per size tuple from its own seeded
generator, e.g. ``make_cases(lambda rng, n, m: (rng.normal(size=(n, m)), 4),
[(3, 10), (2, 13), (4, 8)])`` (10 and 13 do not divide by 4; 8 does).

Kind 2: the student predicts — `Choice` ("predict, then run")
--------------------------------------------------------------
::

    PREDICT_INIT = Choice(
        name="prediction_zero_init",
        question="What do zero initial weights do to the hidden units?",
        options={"a": Option("they learn different features",
                             "No: with equal weights every hidden unit gets the same gradient ..."),
                 "b": Option("they stay identical forever",
                             "Yes: the units start equal and get equal updates, so ...")},
        correct="b",
        nudge="Write down what the first update of two hidden units is, side by side.",
    )

    check_prediction_zero_init = PREDICT_INIT.as_check(
        "Check the prediction about zero initialisation.", 'str, "a" or "b"')

The exercise cell starts the variable at None ABOVE the solution markers, so that the
student edition's stub leaves it defined (and its check says "not answered yet", not
NameError), and the check cell passes it explicitly (coursebuild sees which cells use it)::

    prediction_zero_init = None  # your letter: "a" or "b", before running the next cell
    ### BEGIN SOLUTION
    prediction_zero_init = "b"
    ### END SOLUTION

    nh.checks.check_prediction_zero_init(prediction_zero_init)      # the check cell

Letters are accepted in any case, with spaces or "(b)". A wrong letter gets the
explanation of THAT option, and nothing more (no nudge: the explanation is the help;
the recipe only with ``hint=True``); the right one prints a ✓ with its explanation.
None, "" or ... say "not answered yet", and so does a letter that is not an option
(neither counts as an attempt). (Called with no argument, the check reads the
variable of that name where it is called.) The student edition drops a top-level
solution region that follows ``NAME = None`` without a stub, so the cell runs as soon
as the student writes a letter in place of None.

Kind 3: the student measures — `Experiment`
-------------------------------------------
::

    FINAL_LOSSES = Experiment(
        name="final_losses",
        what="the training loss after 100 steps, for each learning rate",
        measure=lambda: {lr: run(lr) for lr in (0.01, 0.1, 1.0)},   # the library's own run
        variants={"the loss of the FIRST step was reported": lambda: {...}},
        rtol=0.02,
    )

    check_final_losses = FINAL_LOSSES.as_check(
        "Check the losses measured in the learning-rate sweep.", "dict learning rate -> loss")

The report may be a number, an array or a dict of numbers; it must agree with
``measure()`` within ``rtol`` / ``atol`` (NaN agrees with NaN: a diverged run). The
message states the tolerance and names a matching variant. Its cells follow the
Choice pattern: ``final_losses = None`` above the solution markers, and the check
cell passes ``final_losses`` explicitly.

Tests. Failed attempts are counted per exercise for the whole process, so every test
starts afresh: tests/conftest.py has an autouse fixture calling `reset_attempts()`;
`not_counted()` runs checks that are not the student's attempts (nh.solutions
re-checking a saved file). The kinds are exported: ``from nnhelpers.checks import
FunctionExercise, Choice, Option, Experiment, make_cases``.

Lower-level tools (used by the checks written before this engine; keep working):
`check_value`, `check_function` (a FunctionExercise in one call), `call_answer`,
`global_names`, `global_hint`.
"""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

from nnhelpers.checks._compare import (AnswerError, NotAnsweredError, call_answer, check_value,
                                       global_hint, global_names, global_note)
from nnhelpers.checks._exercises import (RECIPE_AFTER, SMALL_INPUT, Choice, Exercise, Experiment,
                                         FunctionExercise, Option, hint, make_cases, not_counted,
                                         reset_attempts)

__all__ = ["AnswerError", "NotAnsweredError", "check_value", "check_function", "call_answer",
           "global_names", "global_hint", "global_note", "Exercise", "FunctionExercise", "Choice",
           "Option", "Experiment", "hint", "make_cases", "RECIPE_AFTER", "SMALL_INPUT", "reset_attempts",
           "not_counted"]


def check_function(
    name: str,
    function: Callable,
    reference: Callable,
    cases: Sequence[tuple],
    mistakes: Mapping[str, Callable] | None = None,
    rtol: float = 1e-5,
    atol: float = 1e-8,
) -> str:
    """Check a student's function against a reference on several inputs (a one-call FunctionExercise).

    Parameters
    ----------
    name : what the function is called in the messages.
    function : the student's function.
    reference : the correct implementation.
    cases : argument tuples to call both with; use at least two different ones,
        so that a function that ignores its argument (and reads a global
        variable instead) is caught.
    mistakes : dict description -> a function implementing that wrong variant.

    Returns
    -------
    str — a short confirmation, also printed.

    Raises
    ------
    AnswerError with tutor-style feedback if any case is wrong.
    """
    exercise = FunctionExercise(name=name, reference=reference, cases=list(cases),
                                mistakes=mistakes or {}, rtol=rtol, atol=atol)
    exercise.check(function)
    return exercise.success.format(name=name, n=len(exercise.cases))
