"""Comparing one answer with the right one, the way a tutor reads it.

In order: is it the right kind of thing (a number, an array)? the right shape? the
right values? and, when it is wrong, which known mistake (or which broken property)
explains it. Also here: calling the student's function safely (`call_answer`) and
spotting the global variables of the notebook that it reads (`global_names`).
Every function raises `AnswerError` with the message a student reads.
"""
from __future__ import annotations

import contextlib
import copy
import dis
import functools
import numbers
import re
import types
from typing import Callable, Mapping, Sequence

import numpy as np

from nnhelpers.checks._render import AnswerError, student_frames

__all__ = ["AnswerError", "NotAnsweredError", "check_value", "call_answer", "global_names",
           "global_hint", "global_note", "matches", "matching_mistake", "is_number", "is_unanswered",
           "show"]


class NotAnsweredError(AnswerError):
    """The exercise still holds its stub: "not implemented yet", not a mistake (it is not counted)."""


# --- showing values ---------------------------------------------------------------------------

def show(value) -> str:
    """A short, rounded text for a number, an array or anything else."""
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, threshold=12, edgeitems=3, suppress_small=True)
    if isinstance(value, numbers.Real):
        return f"{float(value):.6g}"
    return repr(value)


def is_number(value) -> bool:
    """True for a real number or a 0-d numeric array (not a bool)."""
    if isinstance(value, np.ndarray):
        return value.ndim == 0 and value.dtype.kind in "fiu"
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def is_unanswered(value) -> bool:
    """True for what a stub leaves behind: None, ..., "" (a value exercise not answered yet)."""
    return value is None or value is Ellipsis or value is NotImplemented or (
        isinstance(value, str) and not value.strip())


# --- closeness, for leaves and for whole (tuple / dict) answers ---------------------------------

def _close(got, expected, rtol, atol) -> bool:
    if got is None or expected is None:  # np.asarray(None, dtype=float) would be NaN, "equal" to NaN
        return False
    try:
        return bool(np.allclose(np.asarray(got, dtype=float), np.asarray(expected, dtype=float),
                                rtol=rtol, atol=atol, equal_nan=True))
    except (TypeError, ValueError):
        return False


def matches(got, target, rtol: float = 1e-5, atol: float = 1e-8) -> bool:
    """True if ``got`` equals ``target`` in structure (tuple/list, dict), shapes and values.

    Types of leaves are not judged here (a list equal to an array matches): this only
    asks "is it the same answer?", the type messages come later.
    """
    if isinstance(target, dict):
        return (isinstance(got, dict) and set(got) == set(target)
                and all(matches(got[k], target[k], rtol, atol) for k in target))
    if isinstance(target, (tuple, list)) and not _is_array_like_of_numbers(target):
        return (isinstance(got, (tuple, list)) and len(got) == len(target)
                and all(matches(g, t, rtol, atol) for g, t in zip(got, target)))
    if isinstance(got, (dict, tuple)) and not isinstance(target, (dict, tuple)):
        return False
    return _shape(got) == _shape(target) and _close(got, target, rtol, atol)


def _shape(value) -> tuple | None:
    """np.shape, or None for what has no shape (a ragged list)."""
    try:
        return np.shape(value)
    except ValueError:
        return None


def _is_array_like_of_numbers(value) -> bool:
    """A list/tuple of plain numbers is a vector, not a structure of parts."""
    return all(is_number(v) for v in value)


def matching_mistake(got, mistakes: Mapping[str, object], rtol=1e-5, atol=1e-8) -> str | None:
    """The description of the first wrong variant whose value ``got`` equals, else None.

    Any shape or structure counts: ``w * x + b`` (one number per input) is named as
    surely as a missing bias, though it is not even a single number.
    """
    for description, wrong in mistakes.items():
        if matches(got, wrong, rtol, atol):
            return description
    return None


# --- type and shape -----------------------------------------------------------------------------

def _type_message(name: str, got, expected) -> str | None:
    if is_number(expected):
        if is_number(got):
            return None
        extra = ""
        if isinstance(got, np.ndarray):
            extra = f" (an array of shape {got.shape}; use float(...) or .item() for a single value)"
        elif got is None:
            extra = " (did the function forget to `return` its result?)"
        return f"{name}: wrong type. Expected a single number, got {type(got).__name__}{extra}."
    if not isinstance(expected, np.ndarray) or isinstance(got, np.ndarray) and got.ndim > 0:
        return None
    if is_number(got) and expected.ndim == 2 and expected.shape[1] == 1:
        # the `db = np.sum(dZ) / m` slip: everything added up into one number
        return (f"{name}: a single number where a column of shape {expected.shape} (one value per "
                "row) was expected. np.sum(...) without an axis adds up everything; add up over the "
                "samples only, np.sum(..., axis=1, keepdims=True).")
    if isinstance(got, np.ndarray):
        return None  # a 0-d array where an array was expected: the shape check says which shape
    hint = " Wrap it with np.array(...)." if isinstance(got, (list, tuple)) else ""
    if got is None:
        hint = " Did the function forget to `return` its result?"
    return f"{name}: wrong type. Expected a numpy array, got {type(got).__name__}.{hint}"


def _shape_hint(got: tuple, expected: tuple) -> str:
    if len(expected) == 2 and got == expected[::-1]:
        return " It looks transposed: check which axis holds the samples (columns) and which the units (rows)."
    if len(expected) == 2 and expected[0] == 1 and got == (expected[1],):
        return " That is an (m,) vector where a (1, m) row was expected: keep the 2-D layout (keepdims=True or reshape(1, -1))."
    if len(got) == 2 and got[0] == 1 and expected == (got[1],):
        return " That is a (1, m) row where an (m,) vector was expected."
    if len(expected) == 2 and expected[1] == 1 and got == (expected[0],):
        return " A column vector needs shape (n, 1): use keepdims=True when summing over axis 1."
    if len(got) == 2 and len(expected) == 2 and got[0] == got[1] and got[0] in expected:
        return " A square result often means a (1, m) row was broadcast against an (m,) vector."
    return ""


def _shape_message(name: str, got, expected) -> str | None:
    got_shape, expected_shape = np.shape(got), np.shape(expected)
    if got_shape == expected_shape:
        return None
    return (f"{name}: wrong shape. Expected {expected_shape}, got {got_shape}."
            + _shape_hint(got_shape, expected_shape))


def _value_message(name: str, got, expected, diagnoses: Sequence[str]) -> str:
    headline = f"{name}: wrong value" + (f": {diagnoses[0]}." if diagnoses else ".")
    message = f"{headline}\n  expected {show(expected)}\n  got      {show(got)}"
    if isinstance(expected, np.ndarray) and expected.size > 1:
        diff = np.abs(np.asarray(got, dtype=float) - expected)
        worst = np.unravel_index(int(np.nanargmax(np.where(np.isnan(diff), np.inf, diff))), diff.shape)
        message += (f"\n  largest difference at index {tuple(int(i) for i in worst)}: "
                    f"expected {show(expected[worst])}, got {show(np.asarray(got)[worst])}")
    return message


def check_value(
    name: str,
    got,
    expected,
    mistakes: Mapping[str, object] | None = None,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    *,
    diagnoses: Sequence[str] = (),
) -> None:
    """Compare an answer with the expected value: type, then shape, then values.

    Parameters
    ----------
    name : what the answer is called in the messages.
    got : the student's answer (number or ndarray).
    expected : the right answer.
    mistakes : dict description -> the value a known wrong variant produces.
        If ``got`` matches one of the expected shape, the message names that
        mistake (a FunctionExercise also names variants of other shapes first).
    rtol, atol : tolerances of ``np.allclose``.
    diagnoses : descriptions of properties the answer breaks (e.g. "each column
        must sum to 1"); the first one heads a "wrong value" message.

    Raises
    ------
    AnswerError if the answer is wrong.
    """
    mistakes = mistakes or {}
    for message in (_type_message(name, got, expected), _shape_message(name, got, expected)):
        if message:
            raise AnswerError(message)
    if _close(got, expected, rtol, atol):
        return
    for description, wrong in mistakes.items():
        if _shape(wrong) == np.shape(expected) and _close(got, wrong, rtol, atol):
            raise AnswerError(f"{name}: not quite. Your answer matches a common mistake: {description}.")
    raise AnswerError(_value_message(name, got, expected, diagnoses))


# --- global variables of the notebook -----------------------------------------------------------

_CODE_TYPES = (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType, types.MethodType,
               np.ufunc, functools.partial)
_NOT_THE_STUDENTS = {"In", "Out", "exit", "quit", "get_ipython", "display"}  # IPython's own names


def _holds_data(value, name: str = "") -> bool:
    """Data a function should get as an argument: an array, a number, or a notebook object
    (a `Neuron`, a list of numbers), not code (modules, functions, classes) nor True/None/text."""
    if isinstance(value, np.ndarray) or (isinstance(value, numbers.Number) and not isinstance(value, bool)):
        return True
    if value is None or isinstance(value, (bool, str, bytes, _CODE_TYPES)):
        return False
    return not name.startswith("_") and name not in _NOT_THE_STUDENTS


def _globals_read(code: types.CodeType) -> list[str]:
    """The global names ``code`` loads (not attribute names: ``nh.data`` does not read ``data``)."""
    return list(dict.fromkeys(instruction.argval for instruction in dis.get_instructions(code)
                              if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME")))


def global_names(function) -> list[str]:
    """Global names holding data (arrays or numbers) that ``function`` reads.

    ``X_train`` or ``m = 60000`` read from the notebook instead of from the
    arguments is the classic bug that passes in one cell and fails in the next.
    Nested code (a comprehension, a lambda) is searched too: since Python 3.11
    a comprehension is its own code object, and ``{k: v / m for ...}`` reads
    ``m`` from there. So are the student's own helper functions that it calls
    (functions defined in the same notebook): ``my_neuron_output`` calling a
    ``my_weighted_sum`` that reads ``bias`` reads ``bias`` too.
    """
    found: list[str] = []
    seen_functions: set[int] = set()
    pending = [function]
    while pending:
        current = pending.pop()
        code = getattr(current, "__code__", None)
        if code is None or id(current) in seen_functions:
            continue
        seen_functions.add(id(current))
        namespace = getattr(current, "__globals__", {})
        stack = [code]
        while stack:
            block = stack.pop()
            stack.extend(c for c in block.co_consts if isinstance(c, types.CodeType))
            for name in _globals_read(block):
                value = namespace.get(name)
                if _holds_data(value, name) and name not in found:
                    found.append(name)
                elif (isinstance(value, types.FunctionType)
                      and value.__module__ == getattr(current, "__module__", None)):
                    pending.append(value)  # a helper of the student's, defined beside it
    return found


def global_hint(function, advice: str) -> str:
    """A note naming the globals ``function`` reads (see `global_names`); "" if it reads none.

    The note reads " Note: it reads the global variable(s) `X_train`, `m`" and
    ``advice`` finishes it, e.g. "; use only its arguments (X, Y)."
    """
    names = global_names(function)
    if not names:
        return ""
    listed = ", ".join(f"`{n}`" for n in names)
    return f" Note: it reads the global variable(s) {listed}{advice}"


def _described(name: str, value) -> str:
    if isinstance(value, np.ndarray):
        return f"`{name}` (an array of shape {value.shape})"
    if isinstance(value, numbers.Number):
        return f"`{name}` (= {show(value)})"
    return f"`{name}` (a {type(value).__name__})"


def global_note(function, arguments: str) -> str:
    """A line naming the notebook globals ``function`` reads, with their values; "" if none."""
    names = global_names(function)
    if not names:
        return ""
    namespace = getattr(function, "__globals__", {})
    listed = ", ".join(_described(n, namespace.get(n)) for n in names)
    return (f"\n  Note: your function reads the notebook's global variable(s) {listed} instead of "
            f"its arguments. A function sees only what it is given: use only {arguments}.")


# --- calling the student's function -------------------------------------------------------------

_ONE_D_SHAPE = re.compile(r"\(\d+,\)")


def _broadcast_hint(text: str) -> str:
    """A hint for numpy's "operands could not be broadcast ... (3,)" with a 1-D shape in it."""
    if "could not be broadcast" in text and _ONE_D_SHAPE.search(text):
        return (" The 1-D shape in that message, like (3,), usually comes from a sum or mean over "
                "axis=1 without keepdims=True: keep the (n, 1) column with keepdims=True so it "
                "broadcasts over the columns.")
    return ""


def _raising_function(error: BaseException) -> str | None:
    """The student's function that raised ``error``, if it is not the one the check called.

    ``my_neuron_output`` calling an unsolved ``my_weighted_sum``: the stub that raised
    is the innermost frame, and it is not the first frame of the student's code.
    """
    frames = student_frames(error)
    if len(frames) < 2 or error.__traceback__ is None:
        return None
    tb = error.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    innermost, called = tb.tb_frame.f_code, frames[0][0].f_code
    if innermost is called or innermost.co_name.startswith("<") or innermost.co_name == called.co_name:
        return None
    return innermost.co_name


def call_answer(name: str, function: Callable, args: tuple, *, advice: str | None = None,
                shape_hint: str = "", quiet: bool = False):
    """Call a student's ``function`` on a deep copy of ``args``; what it raises becomes an AnswerError.

    The copy keeps the checker's inputs intact when an answer changes its arguments
    in place. The exercise's stub (NotImplementedError) gets its own message
    (a `NotAnsweredError`); an AnswerError from inside is passed on as it is. The
    student's exception is kept as the AnswerError's ``__cause__``, so that a
    notebook shows the student's own lines (see `_render`).

    Parameters
    ----------
    name : what the function is called in the messages.
    advice : if given, an error message ends with ``global_hint(function, advice)``.
    shape_hint : added to an error message when the error is about shapes
        (matmul, broadcasting).
    quiet : silence numpy's floating-point warnings, for checks whose inputs
        overflow a naive answer on purpose (a mistake they name themselves).
    """
    try:
        with np.errstate(all="ignore") if quiet else contextlib.nullcontext():
            return function(*copy.deepcopy(args))
    except NotImplementedError as error:
        raising = _raising_function(error)
        if raising:
            raise NotAnsweredError(
                f"{name} calls {raising}, which is not implemented yet: solve it first (its check "
                "is above).") from None
        raise NotAnsweredError(
            f"{name}: not implemented yet. Replace the `raise NotImplementedError` line with your code."
        ) from None
    except AnswerError:
        raise
    except Exception as error:  # noqa: BLE001  (the student's bug becomes feedback, not a traceback)
        text = str(error)
        message = f"{name} raised {type(error).__name__}: {text}"
        about_shapes = "matmul" in text or "shape" in text or "broadcast" in text
        hints = (shape_hint if about_shapes else "") + _broadcast_hint(text)
        # Hints follow as sentences of their own, so the error's sentence ends first;
        # without hints the message stays as the error put it.
        if advice is not None or hints:
            message += "." + hints + ("" if advice is None else global_hint(function, advice))
        raise AnswerError(message) from error
