"""Run a notebook's exercises outside Jupyter: the instructor's answers and the student stubs.

For tests (tests/test_student_edition.py): code cells are executed with ``exec`` in
one namespace, in order, up to the last check cell, so a notebook's exercises are
judged in seconds without a kernel. At each exercise the student edition's cell
and its check cell run in a copy of the namespace (a student who has done the
earlier exercises and now meets this one), then the instructor's cell and check
run in the namespace itself and must pass.
"""
from __future__ import annotations

import contextlib
import io
import linecache
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from coursebuild.student import check_cell_for, exercise_pairs

__all__ = ["ExerciseRun", "check_cell_for", "exercise_pairs", "run_exercises", "python_source"]

_MAGIC = re.compile(r"^\s*[%!]")


def python_source(source: str) -> str:
    """Cell source without IPython magics (%matplotlib inline, !pip ...): plain Python."""
    lines = source.splitlines()
    if lines and lines[0].startswith("%%"):
        lines = lines[1:]
    return "\n".join("" if _MAGIC.match(line) else line for line in lines)


@dataclass
class ExerciseRun:
    exercise: int
    check: int
    student_error: BaseException | None   # what the student edition raised (None: it passed?!)
    student_stage: str                    # "exercise cell" or "check cell": where it was raised
    instructor_output: str                # what the instructor's check printed


def _run(source: str, namespace: dict, name: str) -> str:
    import matplotlib.pyplot as plt

    code = python_source(source)
    # as IPython does: keep the cell's text where inspect.getsource() finds it
    linecache.cache[name] = (len(code), None, code.splitlines(True), name)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # plt.show() on the Agg backend
        try:
            exec(compile(code, name, "exec"), namespace)
        finally:
            plt.close("all")
    return out.getvalue()


def run_exercises(instructor, student, folder: Path, namespace: dict | None = None,
                  name: str = "notebook") -> list[ExerciseRun]:
    """Execute ``instructor`` up to its last check cell; judge each exercise in both editions.

    namespace: the dict the instructor's cells run in (pass one to look at it afterwards).
    name: the notebook's name, for tracebacks and inspect.getsource().
    Raises whatever an instructor cell raises (a set-up cell, an answer or its check).
    """
    import matplotlib

    matplotlib.use("Agg")
    pairs = exercise_pairs(instructor)
    if not pairs:
        return []
    missing = [exercise for exercise, check in pairs if check is None]
    if missing:
        raise ValueError(f"exercise cells {missing} are not followed by a check cell")
    checks = {check: exercise for exercise, check in pairs}
    namespace = {} if namespace is None else namespace
    namespace.setdefault("__name__", "__main__")
    label = name
    runs = []
    with contextlib.chdir(folder):
        for index, cell in enumerate(instructor.cells[: max(checks) + 1]):
            if cell.cell_type != "code" or index in checks:
                continue
            if index not in {exercise for exercise, _ in pairs}:
                _run(cell.source, namespace, f"<{label} cell {index}>")
                continue
            check = check_cell_for(instructor, index)
            attempt = dict(namespace)
            error, stage = None, "check cell"
            try:
                _run(student.cells[index].source, attempt, f"<{label} student cell {index}>")
            except NotImplementedError as raised:
                error, stage = raised, "exercise cell"
            else:
                try:
                    _run(student.cells[check].source, attempt, f"<{label} student cell {check}>")
                except Exception as raised:  # noqa: BLE001 - the test looks at what it was
                    error = raised
            _run(cell.source, namespace, f"<{label} cell {index}>")
            printed = _run(instructor.cells[check].source, namespace, f"<{label} cell {check}>")
            runs.append(ExerciseRun(index, check, error, stage, printed))
    return runs
