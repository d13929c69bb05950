"""Grade a folder of submitted student notebooks: a gradebook and one feedback page per student.

    python -m coursebuild grade SUBMISSIONS_DIR [more folders or notebooks] [--out DIR]

What is graded comes from the instructor notebooks (notebooks/NN_*.ipynb): each exercise
cell and the check cell after it (coursebuild/student.py's ``exercise_pairs``) give the
variable the check receives and the public check's name, e.g. ``my_weighted_sum`` and
``check_weighted_sum``. A submission is matched to a chapter by its content (the
chapter's title, the exercise names it defines, and only then its file name), so a
renamed notebook is still graded. Its check cells and its outputs are never trusted:
the grader runs the student's code cells (minus cells that only call a check) in a fresh
kernel and then its OWN check of every exercise, from a fresh import of nnhelpers
(coursebuild/sandbox.py, coursebuild/_kernel_grader.py). Each exercise is graded on its
own: a cell that raises does not stop the next one.

Outputs in ``--out`` (default build/grading/):

- ``gradebook.csv``: one row per submission; for each exercise its status (pass, fail,
  missing: the notebook has no such variable, tampered: the check could not be trusted,
  error: the check itself could not run) and its points; the total, the maximum, and
  ``notes``: everything that went wrong or could not be found, never silently scored;
- ``feedback/<submission>.html``: per exercise, the check's message (the words the
  student saw in the notebook) and the student's code;
- ``results/<submission>.json``: one file per graded submission, written atomically.
  A run that is interrupted and started again skips every submission whose result is
  there for the same notebook bytes and the same grading settings; the gradebook is
  assembled from these files at the end.

Points: 1 per exercise unless ``--points FILE`` gives a CSV table ``exercise,points``
(the exercise by its variable name, e.g. ``my_weighted_sum,2``).
"""
from __future__ import annotations

import ast
import csv
import hashlib
import html
import json
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable

import nbformat

from coursebuild import BUILD, ROOT
from coursebuild.notebooks import course_notebooks, read
from coursebuild.student import exercise_pairs, names_defined, parse_cell
from coursebuild.sandbox import write_json_atomically

__all__ = ["ExerciseSpec", "Chapter", "GradeOptions", "check_call", "chapter_of", "course_chapters",
           "read_points", "load_submission", "identify_chapter", "student_sources", "answer_code",
           "find_submissions", "grade_submission", "grade", "gradebook_table", "feedback_page"]

STATUSES = ("pass", "fail", "missing", "tampered", "error")


# --- what is graded: the instructor notebooks -------------------------------------------------

@dataclass(frozen=True)
class ExerciseSpec:
    """One graded exercise: the variable its check receives, the public check, its points."""

    chapter: str
    answer: str
    check: str
    points: float = 1.0


@dataclass(frozen=True)
class Chapter:
    """A chapter's identity (number, title, file stem) and its exercises in notebook order."""

    number: str
    title: str
    stem: str
    exercises: tuple[ExerciseSpec, ...]


def check_call(source: str) -> tuple[str, str] | None:
    """(check name, answer variable) of the first ``...check_x(answer)`` call in ``source``, else None."""
    tree = parse_cell(source)
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name.startswith("check_") and node.args and isinstance(node.args[0], ast.Name):
                return name, node.args[0].id
    return None


def _heading(nb) -> str:
    """The first Markdown heading of ``nb``, normalised ("chapter 1 — a single neuron")."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return " ".join(line.lstrip("#").split()).lower()
    return ""


def chapter_of(path: Path, points: dict[str, float] | None = None) -> Chapter:
    """The graded exercises of one instructor notebook (an exercise without a check call is left out)."""
    nb = read(path)
    points = points or {}
    number = re.match(r"(\d+[a-z]?)_", Path(path).name)
    number = number.group(1) if number else Path(path).stem
    exercises = []
    for _, check in exercise_pairs(nb):
        call = check_call(nb.cells[check].source) if check is not None else None
        if call:
            exercises.append(ExerciseSpec(number, call[1], call[0], float(points.get(call[1], 1.0))))
    return Chapter(number, _heading(nb), Path(path).stem, tuple(exercises))


def course_chapters(notebooks: Iterable[Path] | None = None,
                    points: dict[str, float] | None = None) -> list[Chapter]:
    """Every chapter with at least one graded exercise, in course order."""
    chapters = [chapter_of(path, points) for path in (course_notebooks() if notebooks is None else notebooks)]
    return [chapter for chapter in chapters if chapter.exercises]


def read_points(path: Path | None) -> dict[str, float]:
    """{exercise: points} from a CSV table with the columns ``exercise`` and ``points``."""
    if path is None:
        return {}
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    if rows and not {"exercise", "points"} <= set(rows[0]):
        raise ValueError(f"{path}: the points table needs the columns 'exercise' and 'points', "
                         f"got {sorted(rows[0])}")
    try:
        return {row["exercise"].strip(): float(row["points"]) for row in rows if row["exercise"].strip()}
    except ValueError as error:
        raise ValueError(f"{path}: points must be numbers ({error})") from None


# --- reading a submission ------------------------------------------------------------------------

def load_submission(path: Path):
    """(notebook, None) or (None, what is wrong with the file): never raises for a bad file."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return None, f"cannot read the file: {error.strerror}"
    if not data.strip():
        return None, "the file is empty"
    try:
        nb = nbformat.reads(data.decode("utf-8", errors="replace"), as_version=4)
    except Exception as error:  # noqa: BLE001 - nbformat raises several kinds for a broken file
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        return None, f"not a notebook (invalid JSON or notebook format): {first[:200]}"
    if not any(cell.cell_type == "code" and cell.source.strip() for cell in nb.cells):
        return None, "the notebook has no code"
    return nb, None


def _bound_in(nb) -> set[str]:
    """Every name the code cells of ``nb`` define; in a cell that does not parse, also a call
    opening a line (evidence of the chapter all the same: names_defined's "line_starts")."""
    return set().union(*(names_defined(cell.source, fallback="line_starts")
                         for cell in nb.cells if cell.cell_type == "code"))


def identify_chapter(nb, path: Path, chapters: list[Chapter]) -> Chapter | None:
    """The chapter ``nb`` is a submission of, by content first, or None if nothing points to one.

    Score: 3 for the chapter's title as the first heading, 1 per exercise variable the
    notebook defines, 1 for a file name starting with the chapter's number. A tie
    between different chapters gives None (reported, not guessed).
    """
    heading, bound = _heading(nb), _bound_in(nb)
    name = Path(path).name

    def score(chapter: Chapter) -> int:
        return (3 * (bool(chapter.title) and heading == chapter.title)
                + sum(spec.answer in bound for spec in chapter.exercises)
                + (name.startswith(chapter.number + "_") or name.startswith(chapter.stem)))

    scored = sorted(((score(chapter), chapter) for chapter in chapters), key=lambda pair: -pair[0])
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _only_checks(source: str) -> bool:
    """True for a cell that only calls checks (``nh.checks.check_x(my_x)``, ``_ = ...``)."""
    tree = parse_cell(source)
    if tree is None or not tree.body:
        return False
    for statement in tree.body:
        value = statement.value if isinstance(statement, (ast.Expr, ast.Assign)) else None
        if not isinstance(value, ast.Call):
            return False
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if not name.startswith("check_"):
            return False
    return True


def student_sources(nb) -> list[str]:
    """The code the grader runs, one entry per cell of ``nb`` (so that indices are the notebook's):
    a code cell's source, "" for Markdown and for a cell that only calls checks (the grader
    calls its own)."""
    return ["" if cell.cell_type != "code" or _only_checks(cell.source) else cell.source for cell in nb.cells]


def answer_code(nb, answer: str) -> str:
    """The source of the code cells that define ``answer`` (the student's code for the page);
    in a cell that does not parse, ``answer =`` or ``def answer`` anywhere (names_defined)."""
    cells = [cell.source for cell in nb.cells
             if cell.cell_type == "code" and answer in names_defined(cell.source, fallback="assignments")]
    return "\n\n# ---\n\n".join(cells)


# --- running it -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class GradeOptions:
    """Limits of one submission's run (seconds, bytes) and how many run at once."""

    cell_timeout: float = 600.0
    notebook_timeout: float = 1800.0
    check_timeout: float = 60.0
    memory_bytes: int = 4 * 2**30
    file_bytes: int = 256 * 2**20
    max_output_bytes: int = 2**20
    jobs: int = 1

    def key(self, chapter: Chapter | None) -> str:
        """What a stored result depends on besides the notebook: the limits, the chapter's exercises
        and the source of the checks and of the grader's kernel code (a corrected check grades again)."""
        settings = {k: v for k, v in asdict(self).items() if k != "jobs"}
        exercises = [asdict(spec) for spec in chapter.exercises] if chapter else []
        code = sorted((ROOT / "nnhelpers" / "checks").glob("*.py")) + [
            Path(__file__).with_name(name) for name in ("sandbox.py", "_kernel_guard.py", "_kernel_grader.py")]
        checks = hashlib.sha256(b"".join(path.read_bytes() for path in code)).hexdigest()
        return hashlib.sha256(json.dumps([settings, exercises, checks], sort_keys=True).encode()).hexdigest()[:16]


def find_submissions(targets: Iterable[Path]) -> dict[str, Path]:
    """{submission id: path} for the notebooks in the given folders (recursively) and files.

    The id is the path inside its folder without ``.ipynb`` ("alice/01_a_single_neuron");
    hidden folders (.ipynb_checkpoints) are skipped.
    """
    found: dict[str, Path] = {}
    for target in map(Path, targets):
        if target.is_dir():
            paths = [(p, p.relative_to(target)) for p in sorted(target.rglob("*.ipynb"))
                     if not any(part.startswith(".") for part in p.relative_to(target).parts)]
        else:
            paths = [(target, Path(target.name))]
        for path, relative in paths:
            key = relative.with_suffix("").as_posix()
            while key in found:
                key = f"{path.parent.name}/{key}"
            found[key] = path
    return found


def _safe_name(submission: str) -> str:
    """A file name for ``submission``: itself if it is one, else a cleaned name plus a short hash
    (so that "a b" and "a_b" do not share a result file)."""
    if re.fullmatch(r"[\w.-]+", submission) and not submission.startswith("."):
        return submission
    cleaned = re.sub(r"[^\w.-]+", "_", submission).strip("._") or "submission"
    return f"{cleaned}-{hashlib.sha256(submission.encode()).hexdigest()[:8]}"


def _warm_matplotlib(folder: Path) -> str:
    """A matplotlib config folder with its font cache built once (kernels may only read it)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not any(folder.glob("fontlist*.json")):
        env = dict(os.environ, MPLCONFIGDIR=str(folder), MPLBACKEND="agg")
        subprocess.run([sys.executable, "-c", "import matplotlib.pyplot"], env=env, check=False,
                       capture_output=True)
    return str(folder)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


_SERVER: list = []


def _context():
    """A multiprocessing fork server with nbclient imported once: each submission's wrapper is forked
    from it (fast, and safe although this process runs threads)."""
    if not _SERVER:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["coursebuild.sandbox", "nbclient", "nbformat", "jupyter_client"])
        _SERVER.append(context)
    return _SERVER[0]


def _run_sandbox(job: dict, folder: Path) -> dict:
    """Run ``job`` in a wrapper process (coursebuild/sandbox.py); kill it and its kernel past the limit."""
    from coursebuild import sandbox

    job_file, result_file = folder / "job.json", folder / "result.json"
    job_file.write_text(json.dumps(job))
    # the notebook's own limit, every check with its canaries, and kernel starts (restarts included)
    hard_limit = (job["notebook_timeout"] + (job["check_timeout"] * 4 + 60) * len(job["specs"])
                  + 120 * (sandbox.MAX_RESTARTS + 1))
    process = _context().Process(target=sandbox.main, args=([str(job_file), str(result_file)], True))
    process.start()
    process.join(hard_limit)
    killed = process.is_alive()
    if killed:
        process.kill()
        process.join()
    pid_file = Path(job["kernel_pid_file"])
    if pid_file.exists() and pid_file.read_text().strip().isdigit():
        _kill_group(int(pid_file.read_text()))  # the kernel runs in a process group of its own
    if result_file.exists():
        return json.loads(result_file.read_text())
    return {"results": None, "cell_errors": {},
            "events": [f"the grader stopped this notebook after {hard_limit:.0f} s (its overall limit)"
                       if killed else
                       f"the grader's wrapper process ended without a result (exit code {process.exitcode})"]}


def _notes(results: list[dict] | None, outcome: dict, cell_timeout: float) -> list[str]:
    """What the row's notes column says: what could not be found and what went wrong.

    Cells are numbered as a reader counts them in the notebook: from 1, Markdown included.
    """
    notes = list(outcome.get("events", []))
    for result in results or []:
        if result["status"] not in ("pass", "fail"):
            notes.append(f"{result['answer']}: {result['status']}: {result['message'].splitlines()[0]}")
    for index, errors in sorted(outcome.get("cell_errors", {}).items(), key=lambda item: int(item[0])):
        said = set()
        for error in errors:
            if error.startswith(("CellTimeoutError", "KeyboardInterrupt")):  # nobody else interrupts it
                note = f"cell {int(index) + 1}: ran over the time limit of {cell_timeout:g} s and was interrupted"
            elif error.startswith(("MemoryError", "PermissionError")):
                note = f"cell {int(index) + 1}: {error.splitlines()[0][:200]}"
            else:
                continue
            if note not in said:
                said.add(note)
                notes.append(note)
    return notes


def grade_submission(submission: str, path: Path, chapters: list[Chapter], options: GradeOptions,
                     work_root: Path) -> dict:
    """The record of one submission: chapter, per exercise status/points/message/code, notes."""
    record = {"submission": submission, "path": str(path), "chapter": "", "exercises": [], "notes": []}
    nb, problem = load_submission(path)
    if nb is None:
        record["notes"].append(problem)
        return record
    chapter = identify_chapter(nb, path, chapters)
    if chapter is None:
        record["notes"].append("could not tell which chapter this is (no chapter title or exercise name found)")
        return record
    record["chapter"] = chapter.number
    work = Path(tempfile.mkdtemp(prefix="submission-", dir=work_root))
    try:
        (work / "run").mkdir()
        job = {"cells": student_sources(nb), "work": str(work / "run"),
               "specs": [{"answer": spec.answer, "check": spec.check} for spec in chapter.exercises],
               "nonce": secrets.token_hex(16), "package": str(ROOT / "nnhelpers"),
               "cell_timeout": options.cell_timeout, "notebook_timeout": options.notebook_timeout,
               "check_timeout": options.check_timeout, "memory_bytes": options.memory_bytes,
               "file_bytes": options.file_bytes, "max_output_bytes": options.max_output_bytes,
               "kernel_pid_file": str(work / "kernel.pid"), "mplconfig": str(work_root / "mplconfig"),
               "threads": 1 if options.jobs > 1 else None}
        outcome = _run_sandbox(job, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = outcome.get("results")
    by_answer = {result.get("answer"): result for result in results or []}
    for spec in chapter.exercises:
        result = by_answer.get(spec.answer) or {
            "status": "error", "message": "not graded: the grader's checks gave no result for this notebook"}
        status = result["status"] if result["status"] in STATUSES else "error"
        record["exercises"].append({"answer": spec.answer, "status": status,
                                    "points": spec.points if status == "pass" else 0.0,
                                    "max": spec.points, "message": str(result.get("message", ""))[:20_000],
                                    "code": answer_code(nb, spec.answer)})
    record["notes"] = _notes(results, outcome, options.cell_timeout)
    if results is None:
        record["notes"].append("no exercise could be graded")
    return record


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def grade(targets: Iterable[Path], out: Path = BUILD / "grading", options: GradeOptions = GradeOptions(),
          chapters: list[Chapter] | None = None, points: Path | None = None,
          say: Callable[[str], None] | None = None) -> Path:
    """Grade every submission in ``targets``; write the gradebook and feedback pages; returns the CSV's path.

    A submission whose result file already holds a grade of the same bytes under the same
    settings is not run again (a restarted run picks up where it stopped).
    """
    say = say or (lambda line: None)
    chapters = course_chapters(points=read_points(points)) if chapters is None else chapters
    submissions = find_submissions(targets)
    results_dir = out / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    work_root = out / ".work"
    work_root.mkdir(exist_ok=True)
    _warm_matplotlib(work_root / "mplconfig")

    def one(item):
        submission, path = item
        target = results_dir / f"{_safe_name(submission)}.json"
        nb, _ = load_submission(path)
        chapter = identify_chapter(nb, path, chapters) if nb is not None else None
        key = {"digest": _digest(path), "settings": options.key(chapter)}
        if target.exists():
            stored = json.loads(target.read_text())
            if stored.get("key") == key:
                say(f"{submission}: already graded ({target.name})")
                return stored
        started = time.monotonic()
        record = grade_submission(submission, path, chapters, options, work_root)
        record["key"] = key
        record["seconds"] = round(time.monotonic() - started, 1)
        write_json_atomically(target, record)
        total = sum(e["points"] for e in record["exercises"])
        say(f"{submission}: {total:g}/{sum(e['max'] for e in record['exercises']):g} "
            f"({record['seconds']:.0f} s){' — ' + '; '.join(record['notes']) if record['notes'] else ''}")
        return record

    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        records = list(pool.map(one, submissions.items()))
    header, rows = gradebook_table(records, chapters)
    gradebook = out / "gradebook.csv"
    partial = out / ".gradebook.csv.partial"
    with open(partial, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([[_inert(value) for value in row] for row in rows])
    os.replace(partial, gradebook)
    pages = out / "feedback"
    pages.mkdir(exist_ok=True)
    for record in records:
        (pages / f"{_safe_name(record['submission'])}.html").write_text(feedback_page(record))
    return gradebook


# --- what comes out -------------------------------------------------------------------------------

def _inert(value: str) -> str:
    """A CSV field a spreadsheet will not run as a formula (a file named "=HYPERLINK(...).ipynb")."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _points(value: float) -> str:
    return f"{value:g}"


def gradebook_table(records: list[dict], chapters: list[Chapter]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of gradebook.csv: the exercises of the chapters that were graded, in course order."""
    graded = {record["chapter"] for record in records}
    specs = [spec for chapter in chapters if chapter.number in graded for spec in chapter.exercises]
    header = ["submission", "chapter"] + [c for spec in specs for c in (spec.answer, f"{spec.answer} points")]
    header += ["total", "max", "notes"]
    rows = []
    for record in sorted(records, key=lambda r: r["submission"]):
        by_answer = {e["answer"]: e for e in record["exercises"]}
        row = [record["submission"], record["chapter"]]
        for spec in specs:
            exercise = by_answer.get(spec.answer)
            row += [exercise["status"], _points(exercise["points"])] if exercise else ["", ""]
        row += [_points(sum(e["points"] for e in record["exercises"])),
                _points(sum(e["max"] for e in record["exercises"])), "; ".join(record["notes"])]
        rows.append(row)
    return header, rows


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Feedback: {title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }}
pre {{ background: #f6f8fa; padding: .75rem; overflow-x: auto; white-space: pre-wrap; }}
.pass {{ color: #1a7f37; }} .fail, .missing, .tampered, .error {{ color: #cf222e; }}
</style></head><body>
<h1>Feedback: {title}</h1>
<p>Chapter {chapter}: <strong>{total} / {maximum} points</strong></p>
{notes}
{sections}
</body></html>
"""


def feedback_page(record: dict) -> str:
    """A self-contained HTML page of one submission; every piece of text is escaped."""
    esc = html.escape
    notes = "".join(f"<li>{esc(note)}</li>" for note in record["notes"])
    sections = []
    for exercise in record["exercises"]:
        status = exercise["status"]
        sections.append(
            f'<section><h2>{esc(exercise["answer"])}: <span class="{esc(status)}">{esc(status)}</span> '
            f'({_points(exercise["points"])} / {_points(exercise["max"])})</h2>'
            f"<h3>What the check said</h3><pre>{esc(exercise['message']) or '(nothing)'}</pre>"
            f"<h3>Your code</h3><pre>{esc(exercise['code']) or '(not found in the notebook)'}</pre></section>")
    return _PAGE.format(title=esc(record["submission"]), chapter=esc(record["chapter"] or "?"),
                        total=_points(sum(e["points"] for e in record["exercises"])),
                        maximum=_points(sum(e["max"] for e in record["exercises"])),
                        notes=f"<h2>Notes</h2><ul>{notes}</ul>" if notes else "",
                        sections="\n".join(sections))
