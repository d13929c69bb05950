"""The instructor notebooks as an nbgrader course: ``python -m coursebuild nbgrader``.

Writes ``build/nbgrader/source/<chapter stem>/<chapter stem>.ipynb`` (nbgrader's layout:
``source/<assignment>/<notebook>.ipynb``, one assignment per chapter) with nbgrader's cell
metadata (schema version 3):

- each exercise cell (one holding ``### BEGIN SOLUTION`` ... ``### END SOLUTION``, the
  course's markers are nbgrader's): a *solution* cell, ``grade_id`` = the answer's name;
- the check cell after it: an *autograded test* cell worth the exercise's points
  (1 unless the points table says otherwise), ``grade_id`` = ``check_<answer>``. The
  course's checks raise AnswerError when the answer is wrong, which is exactly what
  nbgrader's autograder counts as a failed test;
- every other cell: *locked* (read-only), so that nbgrader restores it from the source
  when it autogrades, whatever the student did to it.

Speaker notes are left out and, as in the student edition, the exercise cells, their checks
and every cell that uses an answer are tagged ``raises-exception``, so that Run All in the
released notebook goes on past an unsolved exercise (nbgrader's stub of a top-level answer
raises). From there the usual nbgrader
workflow applies: ``nbgrader generate_assignment``, release, collect, ``nbgrader autograde``
(docs/teaching.md). tests/test_nbgrader_export.py runs nbgrader itself on a synthetic course
and checks its scores agree with ``python -m coursebuild grade``.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Iterable

import nbformat

from coursebuild import BUILD
from coursebuild.grade import check_call
from coursebuild.notebooks import course_notebooks, read
from coursebuild.student import RAISES, answer_dependent_cells, exercise_pairs, without_notes

__all__ = ["SCHEMA_VERSION", "nbgrader_notebook", "export_notebook", "export_course"]

SCHEMA_VERSION = 3


def _metadata(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False,
              points: float | None = None) -> dict:
    data = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": SCHEMA_VERSION,
            "solution": solution, "task": False}
    if grade:
        data["points"] = points
    return data


def nbgrader_notebook(nb, points: dict[str, float] | None = None):
    """A copy of instructor notebook ``nb`` (notes dropped) with nbgrader metadata on every cell."""
    points = points or {}
    marked = without_notes(copy.deepcopy(nb))
    roles = {}
    for exercise, check in exercise_pairs(marked):
        call = check_call(marked.cells[check].source) if check is not None else None
        answer = call[1] if call else f"exercise-{exercise}"
        roles[exercise] = _metadata(answer, solution=True)
        if call:
            roles[check] = _metadata(f"check_{answer}", grade=True, locked=True,
                                     points=float(points.get(answer, 1.0)))
    for index in answer_dependent_cells(marked):  # Run All goes on past an unsolved exercise (student.py)
        tags = marked.cells[index].metadata.setdefault("tags", [])
        if RAISES not in tags:
            tags.append(RAISES)
    for index, cell in enumerate(marked.cells):
        cell.metadata["nbgrader"] = roles.get(index, _metadata(f"cell-{index}", locked=True))
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return marked


def export_notebook(path: Path, out: Path, points: dict[str, float] | None = None) -> Path:
    """Write ``out/source/<stem>/<stem>.ipynb`` for instructor notebook ``path``; returns its path."""
    path = Path(path)
    target = Path(out) / "source" / path.stem / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbgrader_notebook(read(path), points), str(target))
    matplotlibrc = path.parent / "matplotlibrc"
    if matplotlibrc.exists():  # the course's figure style, beside the notebook as in notebooks/
        (target.parent / "matplotlibrc").write_bytes(matplotlibrc.read_bytes())
    return target


def export_course(out: Path = BUILD / "nbgrader", notebooks: Iterable[Path] | None = None,
                  points: dict[str, float] | None = None) -> list[Path]:
    """Export every chapter that has an exercise; returns the written notebooks."""
    paths = course_notebooks() if notebooks is None else list(notebooks)
    return [export_notebook(path, out, points) for path in paths if exercise_pairs(read(path))]
