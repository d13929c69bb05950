"""The three kinds of exercise a chapter declares, and the hints that escalate.

See `nnhelpers.checks._feedback` for how a chapter uses them. Here:

- `Exercise`, what every kind shares: a name, a nudge, a recipe, and `check`,
  which counts failed attempts and decides how much help a message carries;
- `FunctionExercise`: the student writes a function, run on test cases;
- `Choice`: the student commits to a letter before running a cell;
- `Experiment`: the student reports a number measured in their own run;
- `hint(name)`: the full recipe of an exercise, on request.
"""
from __future__ import annotations

import collections
import contextlib
import copy
import difflib
import inspect
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, NamedTuple, Sequence

import numpy as np

from nnhelpers.checks._compare import (AnswerError, NotAnsweredError, call_answer, check_value,
                                       global_note, is_number, is_unanswered, matches,
                                       matching_mistake, show)

__all__ = ["Exercise", "FunctionExercise", "make_cases", "Choice", "Option", "Experiment", "hint",
           "RECIPE_AFTER", "SMALL_INPUT", "reset_attempts", "not_counted"]

RECIPE_AFTER = 3  # failed attempts at one exercise before its recipe comes unasked
SMALL_INPUT = 12  # a test input of at most this many numbers is shown with a wrong value

_REGISTRY: dict[str, "Exercise"] = {}
_failures: collections.Counter = collections.Counter()
_counting = [True]  # a list, so `not_counted` can switch it without a global statement
_MISSING = object()


def reset_attempts() -> None:
    """Forget every failed attempt (a fresh kernel session; tests call it between cases)."""
    _failures.clear()


@contextlib.contextmanager
def not_counted():
    """Run checks that are not the student's attempts (nh.solutions re-checking a saved file)."""
    _counting[0], before = False, _counting[0]
    try:
        yield
    finally:
        _counting[0] = before


def _registered(name: str) -> "Exercise":
    for candidate in (name, f"my_{name}", name.removeprefix("check_"),
                      "my_" + name.removeprefix("check_")):
        if candidate in _REGISTRY:
            return _REGISTRY[candidate]
    close = difflib.get_close_matches(name, list(_REGISTRY), n=1, cutoff=0.6) or difflib.get_close_matches(
        "my_" + name.removeprefix("check_"), list(_REGISTRY), n=1, cutoff=0.6)
    suggestion = f' Did you mean nh.checks.hint("{close[0]}")?' if close else (
        " Use the name of the function or variable the exercise asks for, e.g. "
        'nh.checks.hint("my_weighted_sum").')
    raise AnswerError(f"There is no exercise called {name!r}.{suggestion}")


def hint(name: str) -> None:
    """Print the full recipe of exercise ``name`` (e.g. "my_stable_sigmoid" or "stable_sigmoid").

    The same recipe is added to a failed check's message after `RECIPE_AFTER`
    failed attempts, or at once with ``check_xxx(answer, hint=True)``.
    An unknown name raises AnswerError (shown in a notebook as one line) with the
    closest exercise name, if one is close: "Did you mean nh.checks.hint("my_weighted_sum")?".
    """
    exercise = _registered(name)
    print(f"Recipe for {exercise.name}: {exercise.recipe or exercise.nudge or 'no recipe is written.'}")


_PACKAGE = str(Path(__file__).resolve().parents[1])
_HERE = str(Path(__file__).resolve())
_ONE_CALL = "nnhelpers.checks._feedback"  # check_function builds an exercise on every call


def _defining_module() -> str:
    """``__name__`` of the module that creates an exercise (past dataclass __init__ and this file)."""
    frame = sys._getframe(1)
    while frame is not None and (frame.f_code.co_filename.startswith("<")
                                 and frame.f_code.co_name in ("__init__", "__post_init__")
                                 or str(Path(frame.f_code.co_filename).resolve()) == _HERE):
        frame = frame.f_back
    return frame.f_globals.get("__name__", "?") if frame is not None else "?"


def _callers_variable(name: str):
    """The variable ``name`` where the check was called from (the notebook cell), or _MISSING.

    The first frame outside nnhelpers is the caller's: a notebook cell, a test, a
    script. Its variables are the notebook's, whatever runs the notebook.
    """
    frame = sys._getframe(1)
    while frame is not None and str(Path(frame.f_code.co_filename).resolve()).startswith(_PACKAGE):
        frame = frame.f_back
    if frame is None:
        return _MISSING
    return frame.f_locals.get(name, frame.f_globals.get(name, _MISSING))


_CHECK_DOC = """{summary}

Parameters
----------
{name} : {answer}
    Left out, the variable ``{name}`` of the notebook is checked.
hint : bool
    True adds the full recipe to the message if the answer is wrong (it also comes
    by itself after {after} failed attempts; ``nh.checks.hint("{name}")`` prints it).

Returns
-------
None: a confirmation starting with ✓ is printed when the answer is right (returning
nothing keeps a notebook cell from showing it a second time as Out[...]).

Raises
------
AnswerError with the tutor's feedback when the answer is wrong (NotAnsweredError,
a subclass, while the answer is still the exercise's stub).
"""


@dataclass(kw_only=True)
class Exercise:
    """What every kind of exercise shares.

    name : what the student's answer is called ("my_softmax", "prediction_init").
    nudge : a short pointer added to the first wrong answers (no formula in it).
    recipe : the full method; only on request (`hint`, ``hint=True``) or after
        `RECIPE_AFTER` failed attempts.
    """

    name: str
    nudge: str = ""
    recipe: str | None = None

    MISSING = _MISSING  # default of a check's argument: "read the notebook variable instead"

    def __post_init__(self):
        module = _defining_module()
        earlier = _REGISTRY.get(self.name)
        self._module = module
        if earlier is not None and module == _ONE_CALL:
            return  # check_function's exercise of one call: the declared one keeps the name
        if earlier is not None and earlier._module not in (module, _ONE_CALL):
            raise ValueError(f"an exercise called {self.name!r} is already defined in module "
                             f"{earlier._module!r}; {module!r} must give its exercise another name.")
        _REGISTRY[self.name] = self

    def judge(self, answer) -> str:
        """The success line if ``answer`` is right; raises AnswerError if not (each kind)."""
        raise NotImplementedError

    def unanswered(self) -> str:
        """What "not answered yet" says for this exercise."""
        return (f"{self.name}: not answered yet: the notebook has no {self.name}. Run the cell "
                "that defines it, then this check.")

    def check(self, answer=_MISSING, *, hint: bool = False) -> None:
        """Judge ``answer``: print a ✓ line if right, raise AnswerError with escalating help if not.

        Without ``answer``, the notebook variable called ``self.name`` is judged
        (or "not answered yet" if the cell that sets it has not run).
        """
        if answer is _MISSING:
            answer = _callers_variable(self.name)
            if answer is _MISSING:
                raise NotAnsweredError(self.unanswered())
        try:
            message = self.judge(answer)
        except NotAnsweredError:
            raise
        except AnswerError as error:
            if _counting[0]:
                _failures[self.name] += 1
            raise self._with_help(error, hint) from error.__cause__
        _failures.pop(self.name, None)
        print(message)

    def as_check(self, summary: str, answer: str) -> Callable:
        """The public ``check_<name>(answer, hint=False)`` of this exercise, with its docstring.

        ``summary`` is the docstring's first line, ``answer`` describes what the
        student passes (its type and shapes). The name drops a leading "my_":
        "my_softmax" gives ``check_softmax``, "prediction_init" ``check_prediction_init``.
        """
        exercise = self

        def check(answer=_MISSING, hint: bool = False) -> None:
            exercise.check(answer, hint=hint)

        check.__name__ = check.__qualname__ = "check_" + self.name.removeprefix("my_")
        check.__module__ = sys._getframe(1).f_globals.get("__name__", __name__)
        check.__doc__ = _CHECK_DOC.format(summary=summary, answer=answer, name=self.name,
                                          after=RECIPE_AFTER)
        keyword = inspect.Parameter.POSITIONAL_OR_KEYWORD
        check.__signature__ = inspect.Signature([inspect.Parameter(self.name, keyword),
                                                 inspect.Parameter("hint", keyword, default=False)])
        return check

    def _with_help(self, error: AnswerError, asked: bool) -> AnswerError:
        """``error`` with the nudge, or with the recipe once asked for or deserved."""
        text = str(error)
        if self.recipe and (asked or _failures[self.name] >= RECIPE_AFTER):
            why = "as asked" if asked else f"after {_failures[self.name]} tries"
            text += f"\nRecipe ({why}): {self.recipe}"
        else:
            if self.nudge:
                text += f"\nNudge: {self.nudge}"
            if self.recipe:
                text += (f"\nStuck? nh.checks.hint({self.name!r}) shows the recipe "
                         f"(it also comes by itself after {RECIPE_AFTER} tries).")
        new = AnswerError(text)
        new.__suppress_context__ = True
        return new


# --- the student writes a function ---------------------------------------------------------------

def _literal(value) -> str:
    """A value as the student could type it back: np.array([0.5, -1.0]), 4.0."""
    if isinstance(value, np.ndarray):
        return f"np.array({np.round(value, 6).tolist()})"
    return repr(float(value)) if not isinstance(value, (int, np.integer)) else repr(int(value))


def _arguments_of(function: Callable) -> str:
    try:
        names = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return "its arguments"
    return f"its arguments ({', '.join(names)})"


def _parts(expected, parts: Sequence[str] | None) -> list:
    """(label, key) of each part of a structured answer: dict keys, or tuple / list positions."""
    if isinstance(expected, dict):
        return [(str(key), key) for key in expected]
    if isinstance(expected, list) and not parts:
        return [(f"item {i}", i) for i in range(len(expected))]
    names = list(parts or []) + [f"part {i}" for i in range(len(parts or []), len(expected))]
    return list(zip(names, range(len(expected))))


def _structure_message(label: str, got, expected, parts, returns=None) -> str | None:
    if isinstance(expected, dict):
        if got is None:
            return f"{label}: it returned None. Did the function forget to `return {returns or 'the dict'}`?"
        if not isinstance(got, dict):
            return f"{label}: wrong type. Expected a dict with keys {list(expected)}, got {type(got).__name__}."
        missing = [key for key in expected if key not in got]
        if missing:
            return f"{label}: the dict has no key(s) {missing}; it has {sorted(map(str, got))}."
        return None
    if isinstance(expected, list):  # a list of items (batches, say): its length is the answer's
        if got is None:
            return f"{label}: it returned None. Did the function forget to `return {returns or 'the list'}`?"
        if not isinstance(got, (list, tuple)) or len(got) != len(expected):
            what = type(got).__name__ + (f" of {len(got)} items" if isinstance(got, (tuple, list)) else "")
            return f"{label}: expected a list of {len(expected)} items, got a {what}."
        return None
    want = "(" + ", ".join(name for name, _ in _parts(expected, parts)) + ")"
    if got is None:
        return f"{label}: it returned None. Did the function forget to `return {returns or want[1:-1]}`?"
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        what = type(got).__name__ + (f" of length {len(got)}" if isinstance(got, (tuple, list)) else "")
        return f"{label}: wrong type. Expected the tuple {want}, e.g. `return {want[1:-1]}`; got a {what}."
    return None


def _compare(label, got, expected, mistakes, rtol, atol, parts=None, diagnoses=(), returns=None) -> None:
    """Judge one answer against ``expected`` (a leaf, or a tuple / dict of leaves)."""
    if not matches(got, expected, rtol, atol):
        named = matching_mistake(got, mistakes, rtol, atol)  # the whole answer, all parts
        if named:
            raise AnswerError(f"{label}: not quite. Your answer matches a common mistake: {named}.")
    if not _structured(expected):
        check_value(label, got, expected, mistakes, rtol, atol, diagnoses=diagnoses)
        return
    message = _structure_message(label, got, expected, parts, returns)
    if message:
        raise AnswerError(message)
    for name, key in _parts(expected, parts):
        per_part = {d: w[key] for d, w in mistakes.items() if _has_part(w, key)}
        _compare(f"{label}: {name}", got[key], expected[key], per_part, rtol, atol, None, diagnoses)


def _structured(expected) -> bool:
    """A dict, a tuple, or a list of things that are not all numbers (a list of numbers is a vector)."""
    if isinstance(expected, (dict, tuple)):
        return True
    return isinstance(expected, list) and not all(is_number(item) for item in expected)


def _has_part(value, key) -> bool:
    if isinstance(value, dict):
        return key in value
    return isinstance(value, (tuple, list)) and isinstance(key, int) and key < len(value)


def _quietly(function: Callable, args: tuple):
    """The checker's own code on a copy of ``args``; its overflow warnings are not the student's."""
    with np.errstate(all="ignore"):
        return function(*copy.deepcopy(args))


@dataclass(kw_only=True)
class FunctionExercise(Exercise):
    """The student writes a function; it is run on ``cases`` and compared with ``reference``.

    reference : the right function, called like the student's.
    cases : argument tuples (or a function returning them, built on first use).
    mistakes : description -> a function computing that wrong variant. Its value
        may have any shape or structure (``w * x + b`` where a number is due).
    properties : description -> predicate(output, *args) -> bool that a right
        output satisfies; when the values are wrong, the first broken property
        heads the message ("each column must sum to 1").
    parts : names of the parts of a tuple answer, e.g. ("dW", "db").
    returns : how the student's return statement reads ("grads", "dW, db"), for
        "Did the function forget to `return grads`?".
    arguments : how the messages name the arguments ("its arguments (Z)");
        by default read from the reference's signature.
    prepare : function(name, student_function) -> function to run instead, for
        exercise-specific guards (an overflow turned into feedback, say).
    shape_hint : added when the student's code raised about shapes.
    quiet : silence numpy's floating-point warnings in the student's code.
    keeps_arguments : the exercise asks for a function that leaves its array arguments
        as they were; an answer with the right values that changed one in place
        (``velocity *= beta``) is then told so, naming the argument.
    success : the ✓ line, with {name} and {n} filled in.
    """

    reference: Callable
    cases: Sequence[tuple] | Callable[[], Sequence[tuple]]
    mistakes: Mapping[str, Callable] = field(default_factory=dict)
    properties: Mapping[str, Callable[..., bool]] = field(default_factory=dict)
    parts: Sequence[str] | None = None
    returns: str | None = None
    arguments: str | None = None
    prepare: Callable | None = None
    shape_hint: str = ""
    quiet: bool = False
    keeps_arguments: bool = False
    rtol: float = 1e-5
    atol: float = 1e-8
    success: str = "✓ {name} is correct on all {n} test inputs."

    def test_cases(self) -> list[tuple]:
        if callable(self.cases):
            self.cases = list(self.cases())
        return list(self.cases)

    def judge(self, function) -> str:
        if not callable(function):
            check = "check_" + self.name.removeprefix("my_")
            raise AnswerError(f"{self.name}: wrong type. Expected a function, got {type(function).__name__}. "
                              f"Pass the function itself, {check}({self.name}), without calling it.")
        try:
            self._judge_cases(function)
        except NotAnsweredError:
            raise
        except AnswerError as error:
            note = global_note(function, self._arguments(function))
            if not note:
                raise
            # right under the headline: a global read by mistake is the likeliest cause
            headline, _, details = str(error).partition("\n")
            raise AnswerError(headline + note + ("\n" + details if details else "")) from error.__cause__
        return self.success.format(name=self.name, n=len(self.test_cases()))

    def _judge_cases(self, function) -> None:
        cases = self.test_cases()
        run = self.prepare(self.name, function) if self.prepare else function
        answers = [call_answer(self.name, run, args, shape_hint=self.shape_hint, quiet=self.quiet)
                   for args in cases]
        expected = [self.reference(*copy.deepcopy(args)) for args in cases]
        if len(cases) > 1 and all(matches(a, answers[0], 1e-12, 0) for a in answers[1:]) \
                and not all(matches(e, expected[0], 1e-12, 0) for e in expected[1:]):
            arguments = self._arguments(function)
            raise AnswerError(f"{self.name}: it returns the same answer for different inputs. Does it "
                              f"use a global variable instead of {arguments}?")
        for number, (args, got, want) in enumerate(zip(cases, answers, expected), start=1):
            label = f"{self.name} (test input {number} of {len(cases)})"
            if matches(got, want, self.rtol, self.atol):  # right values: only the types are left to judge
                _compare(label, got, want, {}, self.rtol, self.atol, self.parts, (), self.returns)
                continue
            try:
                _compare(label, got, want, self._wrong_values(args), self.rtol, self.atol,
                         self.parts, self._broken_properties(got, args), self.returns)
            except AnswerError as error:
                raise AnswerError(self._with_input(str(error), args)) from error.__cause__
        if self.keeps_arguments:
            self._judge_arguments_kept(run, cases)

    def _judge_arguments_kept(self, function, cases) -> None:
        """AnswerError naming the first array argument the answer changed in place."""
        names = self._parameter_names(len(cases[0]))
        for args in cases:
            given = copy.deepcopy(args)
            with np.errstate(all="ignore"):
                function(*given)  # it ran on every case already: it does not raise here
            for name, before, after in zip(names, args, given):
                if isinstance(before, np.ndarray) and not np.array_equal(before, after, equal_nan=True):
                    raise AnswerError(
                        f"{self.name}: right values, but it changed the array passed as `{name}` in place "
                        f"(`{name} *= ...`, `{name} += ...` or `{name}[...] = ...`): the caller's array "
                        f"changes with it. Compute a new array instead, `{name} = {name} * ...`.")

    def _parameter_names(self, count: int) -> list[str]:
        """The reference's parameter names, else "argument 1", "argument 2", ..."""
        try:
            names = list(inspect.signature(self.reference).parameters)
        except (TypeError, ValueError):
            names = []
        if len(names) != count or any(n.startswith("*") for n in names):
            names = [f"argument {i}" for i in range(1, count + 1)]
        return names

    def _arguments(self, function) -> str:
        """"its arguments (w, x, b)" in the student's own names, else the exercise's."""
        own = _arguments_of(function)
        if own != "its arguments" and "()" not in own and "*" not in own:
            return own
        return self.arguments or _arguments_of(self.reference)

    def _with_input(self, message: str, args: tuple) -> str:
        """``message`` with the test input under its headline when the input is small
        (at most `SMALL_INPUT` numbers in all), so that the student can run it themselves."""
        headline, _, details = message.partition("\n")
        if ": wrong value" not in headline:
            return message
        sizes = [np.size(a) if is_number(a) or isinstance(a, np.ndarray) else None for a in args]
        if None in sizes or sum(sizes) > SMALL_INPUT:
            return message
        names = self._parameter_names(len(args))
        shown = ", ".join(f"{n} = {_literal(a)}" for n, a in zip(names, args))
        return f"{headline}\n  test input: {shown}" + ("\n" + details if details else "")

    def _wrong_values(self, args: tuple) -> dict:
        """What each wrong variant gives on ``args``; one that fails on this input is skipped."""
        values = {}
        for description, wrong in self.mistakes.items():
            try:
                values[description] = _quietly(wrong, args)
            except Exception:  # noqa: BLE001  (it cannot match the answer here)
                continue
        return values

    def _broken_properties(self, got, args: tuple) -> list[str]:
        broken = []
        for description, holds in self.properties.items():
            try:
                with np.errstate(all="ignore"):
                    if not holds(got, *copy.deepcopy(args)):
                        broken.append(description)
            except Exception:  # noqa: BLE001  (an output the property cannot read: the shape check speaks)
                continue
        return broken

    def blind_spots(self) -> list[str]:
        """The mistakes that no test case can tell from the right answer.

        A variant that gives the reference's value on every case (or fails on
        every case) would pass the check unnamed: an off-by-one on sizes that
        divide evenly, a transposition on square inputs. Tests assert this is [].
        """
        cases = self.test_cases()
        blind = []
        for description, wrong in self.mistakes.items():
            told_apart = False
            for args in cases:
                try:
                    value = _quietly(wrong, args)
                except Exception:  # noqa: BLE001
                    continue
                if not matches(value, _quietly(self.reference, args), self.rtol, self.atol):
                    told_apart = True
                    break
            if not told_apart:
                blind.append(description)
        return blind


def make_cases(build: Callable, sizes: Sequence[tuple], seed: int = 0) -> list[tuple]:
    """Test cases ``build(rng, *size)`` for each size tuple, each from its own seeded generator.

    Choose ``sizes`` so that mistakes cannot hide (see `_feedback`): sizes that differ
    within a case (n_x != n_h != m) and that do not divide evenly (m = 10 with batches
    of 4, m = 13 with batches of 5), plus one case that does divide, if the exercise
    has a special path there. Each case gets ``np.random.default_rng([seed, i])``, so
    adding a case does not change the others.
    """
    cases = []
    for index, size in enumerate(sizes):
        case = build(np.random.default_rng([seed, index]), *size)
        cases.append(case if isinstance(case, tuple) else (case,))
    return cases


# --- the student predicts: multiple choice ---------------------------------------------------------

class Option(NamedTuple):
    """One option of a `Choice`: its text, and why it is right or wrong."""

    text: str
    why: str


def _letter(answer) -> str | None:
    """"b", " B ", "(b)" or "b)" -> "b"; None for what is not a single letter."""
    if not isinstance(answer, str):
        return None
    letter = answer.strip().strip("().").strip().lower()
    return letter if len(letter) == 1 and letter.isalpha() else None


@dataclass(kw_only=True)
class Choice(Exercise):
    """The student commits to an option ("predict, then run") before a cell shows the result.

    options : letter -> Option(text, why); ``why`` explains that option, right or wrong.
    correct : the right letter.
    question : what is asked (shown in "not answered yet").
    """

    question: str
    options: Mapping[str, Option]
    correct: str

    def _letters(self) -> str:
        return ", ".join(f'"{letter}"' for letter in self.options)

    def _how(self) -> str:
        return (f"set {self.name} to one of {self._letters()} in the cell above, run it, then run "
                "this check again.")

    def unanswered(self) -> str:
        return f"{self.name}: not answered yet. {self.question} {self._how()[0].upper()}{self._how()[1:]}"

    def judge(self, answer) -> str:
        if is_unanswered(answer):
            raise NotAnsweredError(self.unanswered())
        letter = _letter(answer)
        if letter is None or letter not in self.options:  # not an attempt: nothing was predicted
            raise NotAnsweredError(f"{self.name} = {answer!r} is not one of the options: {self._how()} "
                                   'Put the letter in quotes, e.g. "b".')
        option = self.options[letter]
        if letter != self.correct.lower():
            raise AnswerError(f'{self.name} = "{letter}" ({option.text}): not this one. {option.why}')
        return f'✓ {self.name} = "{letter}" ({option.text}) is right. {option.why}'

    def _with_help(self, error: AnswerError, asked: bool) -> AnswerError:
        """A wrong option's explanation is the help; the recipe only when asked for."""
        text = str(error) + (f"\nRecipe (as asked): {self.recipe}" if asked and self.recipe else "")
        new = AnswerError(text)
        new.__suppress_context__ = True
        return new


# --- the student measures: an experiment -----------------------------------------------------------

def _tolerance(rtol: float, atol: float) -> str:
    parts = ([f"{rtol:.0%}" if rtol >= 0.01 else f"a relative {rtol:g}"] if rtol else []) + (
        [f"±{atol:g}"] if atol else [])
    return " or ".join(parts) or "exactly"


@dataclass(kw_only=True)
class Experiment(Exercise):
    """The student reports what they measured; the library's own run says what it should be.

    what : what was measured, as the messages say it ("the loss after 100 steps").
    measure : function() -> the library's value: a number, an array or a dict of
        numbers (e.g. {learning_rate: final_loss}); called once, then kept.
    variants : description -> function() giving what a known slip measures.
    rtol, atol : how close a report must be (runs differ a little across machines).
    bounds : optional (low, high) that every reported number must lie in, e.g. (0, 1) for
        accuracies; a number outside is named with ``bounds_hint`` before any comparison
        (a rounded percentage, 75 for 0.7481, is then caught whatever its rounding).
    success : the ✓ line, with {name}, {answer}, {expected} (as ``show`` prints them),
        {rounded} (the answer to 4 significant digits) and {within} filled in. Wrong
        reports are told which entry is off, which way and by how much; the library's
        own value only with ``hint=True`` or after `RECIPE_AFTER` tries.
    """

    what: str
    measure: Callable[[], object]
    variants: Mapping[str, Callable[[], object]] = field(default_factory=dict)
    rtol: float = 0.01
    atol: float = 0.0
    bounds: tuple[float, float] | None = None
    bounds_hint: str = ""
    success: str = "✓ {name} = {answer} agrees with the library's {expected} (within {within})."

    def measured(self):
        if not hasattr(self, "_measured"):
            with np.errstate(all="ignore"):
                self._measured = self.measure()
        return self._measured

    def unanswered(self) -> str:
        return f"{self.name}: not answered yet. Run your experiment and set {self.name} to {self.what}."

    def judge(self, answer) -> str:
        if is_unanswered(answer):
            raise NotAnsweredError(self.unanswered())
        outside = self.bounds and _outside(answer, *self.bounds)
        if outside:
            raise AnswerError(f"{self.name}{outside}: outside [{self.bounds[0]:g}, {self.bounds[1]:g}]. "
                              f"{self.bounds_hint}".rstrip())
        expected, within = self.measured(), _tolerance(self.rtol, self.atol)
        if matches(answer, expected, self.rtol, self.atol):
            return self.success.format(name=self.name, answer=show(answer), expected=show(expected),
                                       rounded=_significant(answer), within=within)
        variants = {d: _quietly(v, ()) for d, v in self.variants.items()}
        named = matching_mistake(answer, variants, self.rtol, self.atol)
        if named:
            raise AnswerError(f"{self.name} = {_significant(answer)}: that is what {named}.")
        raise AnswerError(self._difference(answer, expected, within))

    def _with_help(self, error: AnswerError, asked: bool) -> AnswerError:
        """The library's own value only when asked for or after `RECIPE_AFTER` tries."""
        new = super()._with_help(error, asked)
        if asked or _failures[self.name] >= RECIPE_AFTER:
            why = "as asked" if asked else f"after {_failures[self.name]} tries"
            new = AnswerError(f"{new}\nThe library measures ({why}): "
                              f"{_significant(self.measured())} for {self.what}.")
            new.__suppress_context__ = True
        return new

    def _difference(self, answer, expected, within: str) -> str:
        again = " Same settings and seed as the cell above?"
        if isinstance(expected, dict):
            if not isinstance(answer, dict):
                return (f"{self.name}: expected a dict {{{', '.join(map(repr, expected))}}} -> your "
                        f"measurement, got {type(answer).__name__}.")
            missing = [key for key in expected if key not in answer]
            if missing:
                return f"{self.name}: no measurement for {missing}; it has {list(answer)}."
            for key in expected:
                if not matches(answer[key], expected[key], self.rtol, self.atol):
                    return (f"{self.name}[{key!r}]: you measured {_significant(answer[key])}; "
                            f"{_off_by(answer[key], expected[key])} the library's run of "
                            f"{self.what} (they should agree within {within}).{again}")
        return (f"{self.name}: you measured {_significant(answer)}; {_off_by(answer, expected)} "
                f"the library's run of {self.what} (they should agree within {within}).{again}")


def _outside(answer, low: float, high: float) -> str:
    """" = 75" or "['training'] = 100" for the first number of ``answer`` outside [low, high], else ""."""
    entries = answer.items() if isinstance(answer, dict) else [(None, answer)]
    for key, value in entries:
        if is_number(value) and not low <= float(value) <= high:
            return ("" if key is None else f"[{key!r}]") + f" = {_significant(value)}"
    return ""


def _significant(value, digits: int = 4) -> str:
    """``value`` (a number, an array or a dict of them) rounded to ``digits`` significant digits."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key!r}: {_significant(v, digits)}" for key, v in value.items()) + "}"
    if is_number(value):
        return f"{float(value):.{digits}g}"
    return show(value)


def _off_by(answer, expected) -> str:
    """Which way and how far ``answer`` is from ``expected``, without saying ``expected``."""
    try:
        got, want = float(answer), float(expected)
    except (TypeError, ValueError):
        return "yours differs from"
    if not (np.isfinite(got) and np.isfinite(want)):
        return "yours is " + ("finite" if np.isfinite(got) else "not finite") + ", unlike"
    direction = "higher" if got > want else "lower"
    if want == 0:
        return f"yours is {direction} than"
    return f"yours is {abs(got - want) / abs(want):.0%} {direction} than"
