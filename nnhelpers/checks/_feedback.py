"""The tutor behind every exercise check.

A check looks at an answer the way a good tutor would, in order:

1. type   — is it a number / a numpy array / a function at all?
2. shape  — (m,) where (1, m) was wanted? W transposed?
3. values — "expected ..., got ...", and, when the answer equals a known wrong
   variant (derivative of the activation instead of the pre-activation, a
   missing factor of 2, ...), the name of that mistake.

A wrong answer raises `AnswerError` (an AssertionError, so a failing check
stops a notebook run just like a failing test); a right one prints a short
confirmation. The chapter modules in this package describe each exercise:
its test inputs, the reference answer and the wrong variants worth naming.
"""
from __future__ import annotations

import contextlib
import copy
import numbers
import types
from typing import Callable, Mapping, Sequence

import numpy as np

__all__ = ["AnswerError", "check_value", "check_function"]


class AnswerError(AssertionError):
    """Raised by a check when an exercise answer is wrong; the message says why."""


def _show(value) -> str:
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, threshold=12, edgeitems=3, suppress_small=True)
    if isinstance(value, numbers.Real):
        return f"{float(value):.6g}"
    return repr(value)


def _is_number(value) -> bool:
    if isinstance(value, np.ndarray):
        return value.ndim == 0 and value.dtype.kind in "fiu"
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _check_type(name: str, got, expected) -> None:
    if _is_number(expected):
        if not _is_number(got):
            extra = ""
            if isinstance(got, np.ndarray):
                extra = f" (an array of shape {got.shape}; use float(...) or .item() for a single value)"
            elif got is None:
                extra = " (did the function forget to `return` its result?)"
            raise AnswerError(
                f"{name}: wrong type. Expected a single number, got {type(got).__name__}{extra}."
            )
        return
    if isinstance(expected, np.ndarray) and not isinstance(got, np.ndarray):
        hint = " Wrap it with np.array(...)." if isinstance(got, (list, tuple)) else ""
        if got is None:
            hint = " Did the function forget to `return` its result?"
        raise AnswerError(
            f"{name}: wrong type. Expected a numpy array, got {type(got).__name__}.{hint}"
        )


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


def _check_shape(name: str, got, expected) -> None:
    got_shape, expected_shape = np.shape(got), np.shape(expected)
    if got_shape != expected_shape:
        raise AnswerError(
            f"{name}: wrong shape. Expected {expected_shape}, got {got_shape}."
            + _shape_hint(got_shape, expected_shape)
        )


def _close(got, expected, rtol, atol) -> bool:
    try:
        return bool(np.allclose(np.asarray(got, dtype=float), np.asarray(expected, dtype=float),
                                rtol=rtol, atol=atol))
    except (TypeError, ValueError):
        return False


def check_value(
    name: str,
    got,
    expected,
    mistakes: Mapping[str, object] | None = None,
    rtol: float = 1e-5,
    atol: float = 1e-8,
) -> None:
    """Compare an answer with the expected value: type, then shape, then values.

    Parameters
    ----------
    name : what the answer is called in the messages.
    got : the student's answer (number or ndarray).
    expected : the right answer.
    mistakes : dict description -> the value a known wrong variant produces.
        If ``got`` matches one, the message names that mistake.
    rtol, atol : tolerances of ``np.allclose``.

    Raises
    ------
    AnswerError if the answer is wrong.
    """
    _check_type(name, got, expected)
    _check_shape(name, got, expected)
    if _close(got, expected, rtol, atol):
        return
    for description, wrong in (mistakes or {}).items():
        if np.shape(wrong) == np.shape(expected) and _close(got, wrong, rtol, atol):
            raise AnswerError(f"{name}: not quite. Your answer matches a common mistake: {description}.")
    message = f"{name}: wrong value.\n  expected {_show(expected)}\n  got      {_show(got)}"
    if isinstance(expected, np.ndarray) and expected.size > 1:
        diff = np.abs(np.asarray(got, dtype=float) - expected)
        worst = np.unravel_index(int(np.nanargmax(np.where(np.isnan(diff), np.inf, diff))), diff.shape)
        message += (f"\n  largest difference at index {tuple(int(i) for i in worst)}: "
                    f"expected {_show(expected[worst])}, got {_show(np.asarray(got)[worst])}")
    raise AnswerError(message)


def global_names(function) -> list[str]:
    """Global names holding data (arrays or numbers) that ``function`` reads.

    ``X_train`` or ``m = 60000`` read from the notebook instead of from the
    arguments is the classic bug that passes in one cell and fails in the next.
    Nested code (a comprehension, a lambda) is searched too: since Python 3.11
    a comprehension is its own code object, and ``{k: v / m for ...}`` reads
    ``m`` from there.
    """
    code = getattr(function, "__code__", None)
    namespace = getattr(function, "__globals__", {})
    found, stack = [], [code] if code is not None else []
    while stack:
        current = stack.pop()
        stack.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
        for name in current.co_names:
            value = namespace.get(name)
            if name not in found and (isinstance(value, np.ndarray) or (
                    isinstance(value, numbers.Number) and not isinstance(value, bool))):
                found.append(name)
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


def call_answer(name: str, function: Callable, args: tuple, *, advice: str | None = None,
                shape_hint: str = "", quiet: bool = False):
    """Call a student's ``function`` on a deep copy of ``args``; what it raises becomes an AnswerError.

    The copy keeps the checker's inputs intact when an answer changes its arguments
    in place. The exercise's stub (NotImplementedError) gets its own message; an
    AnswerError from inside is passed on as it is.

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
    except NotImplementedError:
        raise AnswerError(
            f"{name}: not implemented yet. Replace the `raise NotImplementedError` line with your code."
        ) from None
    except AnswerError:
        raise
    except Exception as error:  # noqa: BLE001  (the student's bug becomes feedback, not a traceback)
        message = f"{name} raised {type(error).__name__}: {error}"
        # Hints follow as sentences of their own, so the error's sentence ends first;
        # without hints (check_function) the message stays as the error put it.
        if advice is not None or shape_hint:
            text = str(error)
            about_shapes = "matmul" in text or "shape" in text or "broadcast" in text
            message += ("." + (shape_hint if about_shapes else "")
                        + ("" if advice is None else global_hint(function, advice)))
        raise AnswerError(message) from error


def _wrong_values(mistakes: Mapping[str, Callable], args: tuple) -> dict:
    """What each known wrong variant returns on ``args``.

    A variant that fails on this input (say, a non-vectorised one given an
    array) cannot match the answer here and is skipped; the variants are the
    checker's own code, so their overflow warnings are not shown to students.
    """
    values = {}
    for description, wrong in mistakes.items():
        try:
            with np.errstate(all="ignore"):
                values[description] = wrong(*copy.deepcopy(args))
        except Exception:  # noqa: BLE001  (see docstring)
            continue
    return values


def check_function(
    name: str,
    function: Callable,
    reference: Callable,
    cases: Sequence[tuple],
    mistakes: Mapping[str, Callable] | None = None,
    rtol: float = 1e-5,
    atol: float = 1e-8,
) -> str:
    """Check a student's function against a reference on several inputs.

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
    if not callable(function):
        raise AnswerError(f"{name}: wrong type. Expected a function, got {type(function).__name__}.")
    answers = [call_answer(name, function, args) for args in cases]
    expected = [reference(*copy.deepcopy(args)) for args in cases]
    if len(cases) > 1:
        same_answers = all(_close(a, answers[0], 1e-12, 0) and np.shape(a) == np.shape(answers[0])
                           for a in answers[1:])
        same_expected = all(_close(e, expected[0], 1e-12, 0) for e in expected[1:])
        if same_answers and not same_expected:
            raise AnswerError(
                f"{name}: it returns the same answer for different inputs. Does it use a global "
                "variable instead of its argument?"
            )
    for number, (args, got, want) in enumerate(zip(cases, answers, expected), start=1):
        wrong_values = _wrong_values(mistakes or {}, args)
        check_value(f"{name} (test input {number} of {len(cases)})", got, want,
                    wrong_values, rtol, atol)
    message = f"✓ {name} is correct on all {len(cases)} test inputs."
    print(message)
    return message
