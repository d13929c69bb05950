"""How a failed check looks in a notebook: the tutor's message, and nothing of ours.

IPython (and so Jupyter) asks an exception for ``_render_traceback_()`` before it
formats a traceback, and shows the lines that method returns instead. `AnswerError`
uses this to show only what helps the student:

- the tutor's message, first, where the eye lands;
- when the student's own code raised inside a check, the frames of THEIR code
  (notebook cells, their own .py files), so they can find the line;
- never a frame of nnhelpers (whose source would print the table of named
  mistakes, i.e. the answer key) nor of numpy's internals.

Outside IPython (pytest, a plain script) the exception is an ordinary
AssertionError whose ``str`` is the message.
"""
from __future__ import annotations

import linecache
import sys
import sysconfig
import types
from pathlib import Path

__all__ = ["AnswerError", "student_frames"]

_NNHELPERS = str(Path(__file__).resolve().parents[1])
# Installed libraries and the standard library: frames there are numpy's or Python's, not the student's.
_LIBRARIES = tuple({str(Path(p).resolve()) for p in (sysconfig.get_paths()["purelib"],
                                                     sysconfig.get_paths()["stdlib"],
                                                     sys.prefix, sys.base_prefix)})
_RED, _BOLD, _RESET = "\x1b[0;31m", "\x1b[1m", "\x1b[0m"
_MAX_FRAMES = 8


class AnswerError(AssertionError):
    """Raised by a check when an exercise answer is wrong; the message says why.

    An AssertionError, so a failing check stops a notebook run (and fails nbval or
    pytest) like a failing ``assert``. In Jupyter it shows as the message alone,
    plus the student's own frames when their code raised (see the module docstring).
    """

    def _render_traceback_(self) -> list[str]:
        return render(self)


def _is_students(filename: str) -> bool:
    """True for code the student wrote: a notebook cell or a file outside nnhelpers and the libraries."""
    if not filename:
        return False
    if filename.startswith("<"):  # code compiled from a string: a cell, exec'd text
        return not filename.startswith(("<frozen", "<__array_function__"))
    path = str(Path(filename).resolve())
    return not path.startswith(_NNHELPERS) and not path.startswith(_LIBRARIES)


def student_frames(error: BaseException) -> list[types.FrameType]:
    """Frames of ``error``'s traceback that run the student's code, outermost first."""
    frames, tb = [], error.__traceback__
    while tb is not None:
        if _is_students(tb.tb_frame.f_code.co_filename):
            frames.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    return frames


def _cell_label(filename: str) -> str:
    """"Cell In[5]" for a notebook cell (as IPython writes it), else the file name."""
    try:
        shell = get_ipython()  # type: ignore[name-defined]  # noqa: F821  (defined inside IPython)
        label = shell.compile.format_code_name(filename)
        if label:
            return " ".join(label)
    except Exception:  # noqa: BLE001  outside IPython, or an IPython without the map
        pass
    return f"File {filename}"


def _frame_lines(frame, lineno: int) -> list[str]:
    filename = frame.f_code.co_filename
    code = linecache.getline(filename, lineno, frame.f_globals).rstrip()
    where = f"  {_cell_label(filename)}, line {lineno}, in {frame.f_code.co_name}"
    return [where] + ([f"      {code.strip()}"] if code else [])


def _students_error(answer_error: BaseException) -> BaseException | None:
    """The student's exception behind ``answer_error`` (its cause), if their code raised."""
    cause = answer_error.__cause__
    while isinstance(cause, AnswerError):
        cause = cause.__cause__
    return cause


def render(error: AnswerError) -> list[str]:
    """The lines Jupyter shows for ``error``: the message, then the student's own frames."""
    message = str(error).splitlines() or [type(error).__name__]
    lines = [f"{_RED}{_BOLD}✗ {message[0]}{_RESET}"] + message[1:]
    cause = _students_error(error)
    frames = student_frames(cause) if cause is not None else []
    if frames:
        lines += ["", f"Where your code raised {type(cause).__name__}:"]
        if len(frames) > _MAX_FRAMES:  # a runaway recursion: its first and its last calls say enough
            skipped = len(frames) - _MAX_FRAMES + 1
            frames = frames[:2] + [(None, skipped)] + frames[-(_MAX_FRAMES - 3):]
        for frame, lineno in frames:
            lines += _frame_lines(frame, lineno) if frame else [f"  ... ({lineno} more calls)"]
    return lines
