"""`python -m coursebuild nbgrader`: nbgrader cell metadata, and nbgrader's own autograder agrees.

The end-to-end test runs nbgrader 0.9.6 itself (a test-only dependency, pinned in
requirements.txt) on a synthetic course folder: the two-exercise chapter of
tests/test_grade.py, exported with a points table (2 points and 1 point), then nbgrader's
``generate_assignment`` and ``autograde`` (its Python API) on three submissions made from
nbgrader's release version. ``coursebuild grade`` on the very same submitted files must
give every exercise the same points.
"""
import csv
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # coursebuild/ is project tooling, not an installed package
sys.path.insert(0, str(Path(__file__).resolve().parent))

from coursebuild.grade import GradeOptions, chapter_of, grade, read_points  # noqa: E402
from coursebuild.nbgrader_export import export_notebook, nbgrader_notebook  # noqa: E402
from coursebuild.notebooks import course_notebooks, read  # noqa: E402
from test_grade import (CHECK_1, CHECK_2, EXERCISE_1, EXERCISE_2, RIGHT_1, RIGHT_2, WRONG_1,  # noqa: E402
                        WRONG_2, course_notebook, write_course)

ASSIGNMENT = "90_grading_rehearsal"


def test_cells_carry_nbgrader_metadata():
    nb = nbgrader_notebook(course_notebook(), points={"my_weighted_sum": 2})
    meta = [cell.metadata["nbgrader"] for cell in nb.cells]
    assert meta[EXERCISE_1] == {"grade": False, "grade_id": "my_weighted_sum", "locked": False,
                                "schema_version": 3, "solution": True, "task": False}
    assert meta[CHECK_1] == {"grade": True, "grade_id": "check_my_weighted_sum", "locked": True, "points": 2.0,
                             "schema_version": 3, "solution": False, "task": False}
    assert meta[CHECK_2]["points"] == 1.0 and meta[EXERCISE_2]["solution"]
    others = [m for i, m in enumerate(meta) if i not in (EXERCISE_1, CHECK_1, EXERCISE_2, CHECK_2)]
    assert others and all(m["locked"] and not m["grade"] and not m["solution"] for m in others)
    assert len({m["grade_id"] for m in meta}) == len(meta)  # nbgrader needs unique ids
    tagged = [i for i, cell in enumerate(nb.cells) if "raises-exception" in cell.metadata.get("tags", [])]
    assert tagged == [EXERCISE_1, CHECK_1, EXERCISE_2, CHECK_2]  # Run All goes past an unsolved exercise


def test_course_chapter_export_drops_speaker_notes_and_outputs(tmp_path):
    chapter = next(path for path in course_notebooks() if path.name.startswith("01_"))
    target = export_notebook(chapter, tmp_path)
    assert target == tmp_path / "source" / chapter.stem / chapter.name
    nb = nbformat.read(target, as_version=4)
    assert all(cell.metadata.get("slideshow", {}).get("slide_type") != "notes" for cell in nb.cells)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
    graded = [cell.metadata["nbgrader"]["grade_id"] for cell in nb.cells if cell.metadata["nbgrader"]["grade"]]
    assert graded == [f"check_{spec.answer}" for spec in chapter_of(chapter).exercises]
    assert len(read(chapter).cells) >= len(nb.cells)


# (exercise 1, exercise 2) of each submission; None leaves nbgrader's stub in place
ANSWERS = {"all_right": (RIGHT_1, RIGHT_2), "half_right": (RIGHT_1, WRONG_2), "wrong_and_stub": (WRONG_1, None)}


def test_nbgrader_autograde_agrees_with_coursebuild_grade(tmp_path, monkeypatch):
    pytest.importorskip("nbgrader")
    import warnings

    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    # nbgrader 0.9.6 with SQLAlchemy 2 warns while it records a submission (its own docs show the same
    # warnings); SAWarning is a RuntimeWarning, which this project's pytest settings turn into errors
    warnings.filterwarnings("ignore", category=SAWarning)
    instructor = write_course(tmp_path / "instructor")
    table = tmp_path / "points.csv"
    table.write_text("exercise,points\nmy_weighted_sum,2\n")
    course = tmp_path / "course"
    export_notebook(instructor, course, read_points(table))
    config = Config()
    config.CourseDirectory.root = str(course)
    config.Exchange.root = str(tmp_path / "exchange")
    config.ExecutePreprocessor.timeout = 120
    monkeypatch.chdir(course)
    api = NbGraderAPI(config=config)
    generated = api.generate_assignment(ASSIGNMENT)
    assert generated["success"], generated["log"]
    release = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    for student, answers in ANSWERS.items():
        nb = nbformat.from_dict(release)
        for index, answer in zip((EXERCISE_1, EXERCISE_2), answers):
            assert nb.cells[index].metadata["nbgrader"]["solution"]
            if answer is not None:
                nb.cells[index].source = answer
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, str(folder / f"{ASSIGNMENT}.ipynb"))
    nbgrader_points = {}
    for student in ANSWERS:
        graded = api.autograde(ASSIGNMENT, student)
        assert graded["success"], graded["log"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in ANSWERS:
            for answer in ("my_weighted_sum", "prediction_threshold"):
                found = gradebook.find_grade(f"check_{answer}", ASSIGNMENT, ASSIGNMENT, student)
                nbgrader_points[student, answer] = found.score

    out = grade([course / "submitted"], out=tmp_path / "grading", chapters=[chapter_of(instructor, read_points(table))],
                options=GradeOptions(cell_timeout=60, notebook_timeout=120, check_timeout=20, jobs=2))
    with open(out, newline="") as handle:
        rows = {row["submission"].split("/")[0]: row for row in csv.DictReader(handle)}
    ours = {(student, answer): float(rows[student][f"{answer} points"])
            for student in ANSWERS for answer in ("my_weighted_sum", "prediction_threshold")}
    assert ours == nbgrader_points
    assert ours[("half_right", "my_weighted_sum")] == 2.0 and ours[("half_right", "prediction_threshold")] == 0.0
    assert sum(ours[("all_right", a)] for a in ("my_weighted_sum", "prediction_threshold")) == 3.0
