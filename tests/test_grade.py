"""`python -m coursebuild grade`: synthetic submissions, each with its exact gradebook row.

A small synthetic chapter (two exercises with the course's own checks: a function,
``my_weighted_sum``, and a prediction, ``prediction_threshold``) keeps every kernel run
at a few seconds. The submissions the tests make are the instructor's answers, the
student edition's stubs, typical wrong answers, and each broken or hostile case of
issue #15: a file that is not JSON, an empty file, a notebook without code, a renamed
notebook with its check cells deleted and its exercises reordered, edited check calls, a
check monkey-patched to always pass, a patched engine, a forged grade output, an endless
loop, a 20 GiB allocation, os.remove of a file outside the work folder, megabytes of
output, a cell that kills its kernel and an answer that kills it when its check runs. All of them are graded in ONE run (two at a
time), then each test reads its row.
"""
import csv
import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # coursebuild/ is project tooling, not an installed package

from coursebuild.grade import (GradeOptions, chapter_of, feedback_page, find_submissions,  # noqa: E402
                               grade, identify_chapter, load_submission, read_points, student_sources)
from coursebuild.student import student_notebook  # noqa: E402

TITLE = "# Chapter 90 — Grading rehearsal"
WEIGHTED_SUM = "def my_weighted_sum(w, x, b):\n    ### BEGIN SOLUTION\n    return float(np.dot(w, x) + b)\n" \
               "    ### END SOLUTION"
PREDICTION = 'prediction_threshold = None  # "a", "b" or "c"\n### BEGIN SOLUTION\nprediction_threshold = "b"\n' \
             "### END SOLUTION"
# cell indices of the synthetic chapter: 2 = my_weighted_sum, 3 its check, 5 = the prediction, 6 its check
EXERCISE_1, CHECK_1, EXERCISE_2, CHECK_2 = 2, 3, 5, 6


def course_notebook():
    """The synthetic instructor notebook: set-up, two exercises, each followed by its check cell."""
    return new_notebook(cells=[
        new_markdown_cell(TITLE + "\n\nA made-up chapter for the grader's tests."),
        new_code_cell("import numpy as np\nimport nnhelpers as nh"),
        new_code_cell(WEIGHTED_SUM),
        new_code_cell("nh.checks.check_weighted_sum(my_weighted_sum)"),
        new_markdown_cell("Where does a neuron with w = 1, b = 4 cross one half?"),
        new_code_cell(PREDICTION),
        new_code_cell("nh.checks.check_prediction_threshold(prediction_threshold)"),
        new_code_cell("print('the end')"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def write_course(folder: Path) -> Path:
    path = folder / "90_grading_rehearsal.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(course_notebook(), str(path))
    return path


def edited(nb, changes: dict, insert: dict | None = None):
    """A copy of ``nb`` with cell sources replaced ({index: source}) and new cells inserted before indices."""
    copy = nbformat.from_dict(json.loads(json.dumps(nb)))
    for index, source in changes.items():
        copy.cells[index].source = source
    for index, source in sorted((insert or {}).items(), reverse=True):
        copy.cells.insert(index, new_code_cell(source))
    return copy


RIGHT_1 = "def my_weighted_sum(w, x, b):\n    return float(np.dot(w, x) + b)"
WRONG_1 = "def my_weighted_sum(w, x, b):\n    return float(np.dot(w, x))"
RIGHT_2 = 'prediction_threshold = "b"'
WRONG_2 = 'prediction_threshold = "a"'


def submissions(folder: Path, outside: Path) -> None:
    """Write every synthetic submission into ``folder`` (``outside``: a file the sandbox must keep)."""
    student = student_notebook(course_notebook(), "rehearsal")
    solved = edited(student, {EXERCISE_1: RIGHT_1, EXERCISE_2: RIGHT_2})
    made = {
        "correct": solved,
        "stubs": student,
        "wrong": edited(student, {EXERCISE_1: WRONG_1, EXERCISE_2: WRONG_2}),
        # exercise 1's cell raises before it defines anything; exercise 2 still counts
        "crash_in_exercise_1": edited(solved, {EXERCISE_1: "1 / 0\n" + RIGHT_1}),
        # every way around a check at once (each alone would show as a pass): the check call edited
        # into one that passes anything, the engine patched so that every check "passes", and a
        # grade output forged in a cell of the student's (without the run's nonce)
        "bypasses": edited(student, {EXERCISE_1: WRONG_1, EXERCISE_2: WRONG_2,
                                     CHECK_1: 'nh.checks.check_weighted_sum = lambda f: print("✓")\n'
                                              "nh.checks.check_weighted_sum(my_weighted_sum)"}, insert={
            EXERCISE_1: ("import nnhelpers.checks._exercises as engine\n"
                         "engine.Exercise.check = lambda self, answer=None, hint=False: print('✓')\n"
                         "engine.FunctionExercise.judge = lambda self, f: '✓'"),
            7: ("from IPython.display import publish_display_data\n"
                "publish_display_data({'application/vnd.coursebuild.grade+json': {'nonce': 'guess', 'results': ["
                "{'answer': 'my_weighted_sum', 'status': 'pass', 'message': '✓'},"
                "{'answer': 'prediction_threshold', 'status': 'pass', 'message': '✓'}]}})")}),
        # numpy's comparisons patched to say "equal": the canaries catch what the fresh import cannot
        "patched_numpy": edited(student, {EXERCISE_1: WRONG_1 + "\nnp.allclose = lambda *a, **k: True\n"
                                          "np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), bool)\n"
                                          "np.array_equal = lambda *a, **k: True"}),
        # among the cells: an endless loop, a 20 GiB allocation, os.remove outside the
        # work folder, 5 MB of output; all contained, both exercises still count
        "hostile": edited(solved, {}, insert={4: "while True:\n    pass", 5: "big = np.ones(20 * 2**30 // 8)",
                                              6: f"import os\nos.remove({str(outside)!r})",
                                              7: "for _ in range(5):\n    print('x' * 1_000_000)"}),
        "kills_kernel": edited(solved, {}, insert={4: "import os\nos._exit(3)"}),
        # an answer that kills the kernel when the check calls it: only that exercise is lost
        "answer_kills_kernel": edited(solved, {EXERCISE_1: "def my_weighted_sum(w, x, b):\n    import os\n"
                                                           "    os._exit(1)"}),
    }
    # renamed, both check cells deleted, the exercises in the other order: found by their content
    renamed = edited(solved, {})
    cells = renamed.cells
    renamed.cells = [cells[0], cells[1], cells[EXERCISE_2], cells[EXERCISE_1], cells[7]]
    made["renamed"] = renamed
    folder.mkdir(parents=True, exist_ok=True)
    for name, nb in made.items():
        target = folder / ("my homework (final).ipynb" if name == "renamed" else f"{name}.ipynb")
        nbformat.write(nb, str(target))
    (folder / "not_json.ipynb").write_text('{"cells": [ oops')
    (folder / "empty.ipynb").write_text("")
    nbformat.write(new_notebook(), str(folder / "no_cells.ipynb"))
    (folder / ".ipynb_checkpoints").mkdir()
    nbformat.write(student, str(folder / ".ipynb_checkpoints" / "stubs-checkpoint.ipynb"))


# a cell limit long enough for `import nnhelpers` on a loaded machine (it imports matplotlib)
OPTIONS = GradeOptions(cell_timeout=20, notebook_timeout=60, check_timeout=10, jobs=2)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grading")
    chapter = chapter_of(write_course(base / "course"), read_points(None))
    outside = base / "instructor_file.txt"
    outside.write_text("keep me")
    submissions(base / "submitted", outside)
    gradebook = grade([base / "submitted"], out=base / "out", options=OPTIONS, chapters=[chapter])
    with open(gradebook, newline="") as handle:
        rows = {row["submission"]: row for row in csv.DictReader(handle)}
    return {"base": base, "rows": rows, "chapter": chapter, "outside": outside, "gradebook": gradebook}


HEADER = ["submission", "chapter", "my_weighted_sum", "my_weighted_sum points", "prediction_threshold",
          "prediction_threshold points", "total", "max", "notes"]


def row(graded, name):
    values = graded["rows"][name]
    return [values[column] for column in HEADER[1:]]


def test_gradebook_has_one_row_per_submission_and_a_column_per_exercise(graded):
    with open(graded["gradebook"], newline="") as handle:
        assert next(csv.reader(handle)) == HEADER
    assert sorted(graded["rows"]) == sorted([
        "correct", "stubs", "wrong", "crash_in_exercise_1", "bypasses", "patched_numpy", "hostile",
        "kills_kernel", "answer_kills_kernel", "my homework (final)", "not_json", "empty", "no_cells"])


@pytest.mark.parametrize("name, expected", [
    ("correct", ["90", "pass", "1", "pass", "1", "2", "2", ""]),
    ("stubs", ["90", "fail", "0", "fail", "0", "0", "2", ""]),
    ("wrong", ["90", "fail", "0", "fail", "0", "0", "2", ""]),
    ("crash_in_exercise_1", ["90", "missing", "0", "pass", "1", "1", "2",
                             "my_weighted_sum: missing: the notebook has no variable my_weighted_sum "
                             "(cell deleted or renamed?)"]),
    ("my homework (final)", ["90", "pass", "1", "pass", "1", "2", "2", ""]),
    ("bypasses", ["90", "fail", "0", "fail", "0", "0", "2", ""]),
    ("patched_numpy", ["90", "tampered", "0", "fail", "0", "0", "2",
                       "my_weighted_sum: tampered: the check could not be trusted in this notebook: it did not "
                       "tell a known right answer from a known wrong one (the notebook's code changed something "
                       "the check relies on). Its message was:"]),
    ("answer_kills_kernel", ["90", "error", "0", "pass", "1", "1", "2",
                             "the kernel died while a check ran an answer; the notebook was run again for the "
                             "remaining exercises; my_weighted_sum: error: the kernel died while the check ran "
                             "this answer"]),
    ("kills_kernel", ["90", "pass", "1", "pass", "1", "2", "2",
                      "cell 5 stopped the kernel (memory or CPU limit, os._exit, a crash); "
                      "the notebook was run again without it"]),
])
def test_gradebook_rows(graded, name, expected):
    assert row(graded, name) == expected


def test_hostile_cells_are_contained_and_reported(graded):
    assert graded["outside"].read_text() == "keep me"  # os.remove was refused
    *values, notes = row(graded, "hostile")
    assert values == ["90", "pass", "1", "pass", "1", "2", "2"]
    notes = notes.split("; ")
    assert notes[0] == "output over the limit of 1,048,576 bytes was dropped (5,000,005 bytes)"
    assert notes[1] == "cell 5: ran over the time limit of 20 s and was interrupted"
    assert notes[2].startswith("cell 7: MemoryError: Unable to allocate 20.0 GiB")
    assert notes[3].startswith(f"cell 9: PermissionError: refused by the course grader's sandbox: os.remove "
                               f"{str(graded['outside'])!r}")
    assert len(notes) == 4


@pytest.mark.parametrize("name, note", [
    ("not_json", "not a notebook (invalid JSON or notebook format): "),
    ("empty", "the file is empty"),
    ("no_cells", "the notebook has no code"),
])
def test_broken_files_are_reported_in_their_row(graded, name, note):
    assert row(graded, name)[:-1] == ["", "", "", "", "", "0", "0"]
    assert row(graded, name)[-1].startswith(note)


def test_feedback_page_shows_the_checks_words_and_the_code_escaped(graded):
    page = (graded["base"] / "out" / "feedback" / "wrong.html").read_text()
    assert "the bias is missing" in page  # the named mistake, as the check cell prints it
    assert "return float(np.dot(w, x))" in page
    assert 'prediction_threshold = &quot;a&quot;' in page
    record = {"submission": "<script>", "chapter": "90", "notes": ["<b>"], "exercises": [
        {"answer": "my_x", "status": "fail", "points": 0.0, "max": 1.0, "message": "<img src=x>",
         "code": "if a < b: pass"}]}
    html = feedback_page(record)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "if a &lt; b: pass" in html


def test_a_restarted_run_does_not_grade_again(graded, tmp_path):
    out = graded["base"] / "out"
    results = sorted((out / "results").glob("*.json"))
    stamps = {path.name: path.stat().st_mtime_ns for path in results}
    said = []
    grade([graded["base"] / "submitted"], out=out, options=OPTIONS, chapters=[graded["chapter"]],
          say=said.append)
    assert {path.name: path.stat().st_mtime_ns for path in results} == stamps
    assert len(said) == len(results) and all("already graded" in line for line in said)


# --- fast unit tests (no kernel) -----------------------------------------------------------------

def test_points_come_from_a_table(tmp_path):
    table = tmp_path / "points.csv"
    table.write_text("exercise,points\nmy_weighted_sum,2.5\n")
    chapter = chapter_of(write_course(tmp_path), read_points(table))
    assert [(spec.answer, spec.check, spec.points) for spec in chapter.exercises] == [
        ("my_weighted_sum", "check_weighted_sum", 2.5), ("prediction_threshold", "check_prediction_threshold", 1.0)]
    table.write_text("name,value\nx,1\n")
    with pytest.raises(ValueError, match="columns 'exercise' and 'points'"):
        read_points(table)


def test_identify_by_content_not_by_name(tmp_path):
    chapter = chapter_of(write_course(tmp_path))
    other = chapter_of(write_course(tmp_path / "other"))
    other = type(other)("91", "chapter 91 — something else", "91_other", other.exercises[1:])
    nb = course_notebook()
    assert identify_chapter(nb, Path("whatever.ipynb"), [other, chapter]) is chapter
    nb.cells[0].source = "# My notes"  # title gone: the exercise names still point to chapter 90
    assert identify_chapter(nb, Path("whatever.ipynb"), [other, chapter]) is chapter
    assert identify_chapter(new_notebook(cells=[new_code_cell("x = 1")]), Path("x.ipynb"), [chapter]) is None


def test_check_only_cells_are_not_run_and_indices_stay(tmp_path):
    sources = student_sources(course_notebook())
    assert sources[CHECK_1] == sources[CHECK_2] == sources[0] == ""
    assert "def my_weighted_sum" in sources[EXERCISE_1]


def test_file_names_and_csv_fields_are_safe():
    from coursebuild.grade import _inert, _safe_name

    assert _safe_name("wrong") == "wrong"
    assert _safe_name("a b") != _safe_name("a_b") and _safe_name("../x").startswith("x-")
    assert _inert("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _inert("alice") == "alice"


def test_find_submissions_skips_hidden_folders(tmp_path):
    (tmp_path / "alice").mkdir()
    (tmp_path / ".ipynb_checkpoints").mkdir()
    for path in (tmp_path / "alice" / "01.ipynb", tmp_path / ".ipynb_checkpoints" / "01.ipynb"):
        path.write_text("{}")
    assert list(find_submissions([tmp_path])) == ["alice/01"]
    assert load_submission(tmp_path / "missing.ipynb")[1].startswith("cannot read the file")


# --- which names a submitted cell defines, for cells that are not plain Python -------------------
# identify_chapter counts the exercise names a notebook defines (grade._bound_in); answer_code
# shows the cells that define an answer. A cell that does not parse as Python (an IPython
# magic inside a line, help syntax, a student's syntax error) is searched by text instead, and
# the two callers search differently: identify_chapter counts a line that OPENS with `NAME =`,
# `NAME(` or `def NAME(` (a call of an exercise's function is evidence of the chapter too);
# answer_code shows a cell with `NAME =` anywhere in it or `def NAME`, never one that only calls
# it. Whole-line magics (%timeit, %%time, !pip) are blanked first, so such cells still parse.

PROBES = ("my_x", "my_y", "my_z", "my_w", "t", "f", "print", "la", "os", "i", "s", "y")
CELLS = [
    # source, names grade._bound_in finds, probe names answer_code finds the cell for
    ("%timeit my_x(3)", set(), set()),                                     # parses: magic blanked
    ("%matplotlib inline\nmy_x = 1", {"my_x"}, {"my_x"}),                  # parses
    ("%%time\ndef my_x(w):\n    y = 2\n    return y", {"my_x"}, {"my_x"}),  # cell magic: parses
    ("def my_x(w, x, b)\n    return 1", {"my_x"}, {"my_x"}),               # syntax error: no colon
    ("t = %timeit -o my_x(3)\nmy_y = 2", {"t", "my_y"}, {"t", "my_y"}),   # magic inside a line
    ("my_x?", set(), set()),                                               # IPython help syntax
    ("my_x(3)\n)", {"my_x"}, set()),                                       # a call opening a line
    ("print(my_x)\nif ok: my_y = 1\nf(my_z=2)\nasync def my_w(:",          # mid-line: answer_code only
     {"print", "f"}, {"my_y", "my_z", "my_w"}),
    ("my_x == 1\n)", {"my_x"}, {"my_x"}),                                  # `==` reads as `=`
    ("s = 'my_x = 1'\n)", {"s"}, {"s", "my_x"}),                           # a string's text: answer_code
    ("s = 'my_x = 1'", {"s"}, {"s"}),                                      # parses: a string is not code
    ("def f(:\n    my_y = 1", {"f", "my_y"}, {"f", "my_y"}),               # indented lines count too
    ("def my_x(w):\n    y = 2\n    return y\nimport numpy.linalg as la, os.path\n"
     "for i in range(3): pass", {"my_x", "la", "os", "i"}, {"my_x", "la", "os", "i"}),
]


@pytest.mark.parametrize("source, bound, shown", CELLS, ids=[f"{n}:{c[0].splitlines()[0][:20]}" for n, c in enumerate(CELLS)])
def test_names_a_cell_defines_for_identify_chapter_and_answer_code(source, bound, shown):
    from coursebuild.grade import _bound_in, answer_code

    nb = new_notebook(cells=[new_markdown_cell("# x"), new_code_cell(source)])
    assert _bound_in(nb) == bound
    assert {name for name in PROBES if answer_code(nb, name) == source} == shown


def test_a_submission_whose_exercise_cell_does_not_parse_is_still_identified_and_shown(tmp_path):
    chapter = chapter_of(write_course(tmp_path))
    broken = "def my_weighted_sum(w, x, b)\n    return w * x + b"  # no colon
    nb = new_notebook(cells=[new_code_cell("import numpy as np"), new_code_cell(broken),
                             new_code_cell('prediction_threshold = %env CHOICE')])
    assert identify_chapter(nb, Path("mine.ipynb"), [chapter]) is chapter
    from coursebuild.grade import answer_code

    assert answer_code(nb, "my_weighted_sum") == broken
    assert answer_code(nb, "prediction_threshold") == 'prediction_threshold = %env CHOICE'
    nb.cells.append(new_code_cell("my_weighted_sum = None"))
    assert answer_code(nb, "my_weighted_sum") == broken + "\n\n# ---\n\nmy_weighted_sum = None"
