"""The student edition: every exercise answer replaced by a stub.

An exercise answer sits in a code cell between the lines ``### BEGIN SOLUTION``
and ``### END SOLUTION`` (nbgrader's markers). The student edition replaces each
such region, markers included, by one line

    raise NotImplementedError("...")

indented like the answer's first line: inside a function the ``def`` line and
docstring before the region stay and the stub becomes the body; at top level the
stub line stands in for the value code. Outputs and execution counts are cleared
from the first exercise cell on (they would show the answers' results); earlier
outputs stay, so students see the chapter's set-up. Nothing else changes.
"""
from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import nbformat

from coursebuild import BUILD
from coursebuild.notebooks import course_notebooks, read

__all__ = ["BEGIN", "END", "STUB_MESSAGE", "SolutionMarkerError", "solution_regions",
           "stub_source", "student_notebook", "without_answers", "exercise_cells", "check_cell_for",
           "exercise_pairs", "build_student"]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB_MESSAGE = "Exercise: replace this line with your code."
_MAGIC = re.compile(r"^\s*[%!]")


class SolutionMarkerError(ValueError):
    """A solution region is malformed (a BEGIN without END, an END without BEGIN, nesting)."""


def _is_marker(line: str, marker: str) -> bool:
    return line.strip() == marker


def solution_regions(source: str, where: str = "cell") -> list[tuple[int, int]]:
    """(begin, end) line indices of each solution region, markers included.

    Raises SolutionMarkerError naming ``where`` and the line for a BEGIN without
    its END, an END without a BEGIN, or a BEGIN inside a region.
    """
    regions, begin = [], None
    for number, line in enumerate(source.splitlines()):
        if _is_marker(line, BEGIN):
            if begin is not None:
                raise SolutionMarkerError(
                    f"{where}, line {number + 1}: '{BEGIN}' inside the region opened on line "
                    f"{begin + 1}; close it with '{END}' first.")
            begin = number
        elif _is_marker(line, END):
            if begin is None:
                raise SolutionMarkerError(f"{where}, line {number + 1}: '{END}' without a '{BEGIN}' before it.")
            regions.append((begin, number))
            begin = None
    if begin is not None:
        raise SolutionMarkerError(f"{where}, line {begin + 1}: '{BEGIN}' has no matching '{END}'.")
    return regions


def _indent(lines: list[str], begin: int, end: int) -> str:
    """Indentation of the answer's first code line (else of the BEGIN marker)."""
    for line in lines[begin + 1:end] + [lines[begin]]:
        if line.strip():
            return line[: len(line) - len(line.lstrip())]
    return ""


def stub_source(source: str, where: str = "cell") -> str:
    """``source`` with each solution region replaced by an indented NotImplementedError stub."""
    lines = source.splitlines()
    regions = solution_regions(source, where)
    for begin, end in reversed(regions):
        stub = f'{_indent(lines, begin, end)}raise NotImplementedError("{STUB_MESSAGE}")'
        lines[begin:end + 1] = [stub]
    stubbed = "\n".join(lines)
    if regions:
        _require_valid_python(stubbed, where)
    return stubbed


def _require_valid_python(source: str, where: str) -> None:
    code = "\n".join("" if _MAGIC.match(line) else line for line in source.splitlines())
    try:
        ast.parse(code)
    except SyntaxError as error:
        raise SolutionMarkerError(
            f"{where}: the student version does not parse ({error.msg}, line {error.lineno}). "
            "Is a marker indented differently from the code it encloses?") from None


def exercise_cells(nb) -> list[int]:
    """Indices of the code cells that hold at least one solution region."""
    return [i for i, cell in enumerate(nb.cells)
            if cell.cell_type == "code" and solution_regions(cell.source, f"cell {i}")]


def check_cell_for(nb, exercise: int) -> int | None:
    """Index of the code cell right after ``exercise`` if it calls a check, else None."""
    for index in range(exercise + 1, len(nb.cells)):
        cell = nb.cells[index]
        if cell.cell_type == "code":
            return index if "check_" in cell.source else None
    return None


def exercise_pairs(nb) -> list[tuple[int, int | None]]:
    """(exercise cell, its check cell or None) for every exercise in the notebook."""
    return [(index, check_cell_for(nb, index)) for index in exercise_cells(nb)]


def student_notebook(nb, name: str = "notebook"):
    """A copy of ``nb`` with stubs for answers and cleared outputs from the first exercise on."""
    student = copy.deepcopy(nb)
    first_exercise = None
    for index, cell in enumerate(student.cells):
        if cell.cell_type != "code":
            continue
        where = f"{name}, cell {index}"
        if solution_regions(cell.source, where):
            cell.source = stub_source(cell.source, where)
            if first_exercise is None:
                first_exercise = index
        if first_exercise is not None:
            cell.outputs = []
            cell.execution_count = None
    return student


def without_answers(nb, name: str = "notebook"):
    """A copy of ``nb`` with stubs for answers, for decks and pages.

    Every output is kept except a check's: a check printing "✓ correct" under a stub
    would tell the audience that the stub passes.
    """
    shown = copy.deepcopy(nb)
    for _, check in exercise_pairs(nb):  # found by their solution markers, before stubbing
        if check is not None:
            shown.cells[check].outputs = []
    for index, cell in enumerate(shown.cells):
        if cell.cell_type == "code":
            cell.source = stub_source(cell.source, f"{name}, cell {index}")
    return shown


def build_student(notebooks: list[Path] | None = None, out: Path = BUILD / "student") -> list[Path]:
    """Write the student edition of each notebook to ``out``; returns the written paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in course_notebooks() if notebooks is None else notebooks:
        student = student_notebook(read(path), path.name)
        target = out / path.name
        nbformat.write(student, str(target))
        written.append(target)
    return written
