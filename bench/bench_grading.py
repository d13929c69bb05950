"""Benchmark: seconds to grade 30 submissions of chapters 01-04, and the grader's per-notebook overhead.

The submissions are made from the course itself, per chapter: the instructor's answers,
the student edition (every exercise a stub) and "wrong" copies (the instructor's answers
with the first exercise's answer replaced by a wrong one: ``return 0.0`` in a function,
an option that is not the right one for a prediction), 30 in all, graded by
``coursebuild.grade.grade`` with two at a time (the machine's two cores).

The overhead is what grading adds to running a notebook: for each chapter 01-04, the
instructor notebook run top to bottom in a fresh kernel with nbclient (as
``jupyter nbconvert --execute`` would), then the same notebook graded alone (wrapper
process, guard, limits, the grader's fresh import of nnhelpers and its own checks,
canaries); the difference, per notebook. BLAS speed (a float32 matrix product) is printed
first, since a busier or slower machine changes every figure.

Usage (from the project root):  nice -n 10 python bench/bench_grading.py [--jobs 2]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHAPTERS = ("01", "02", "03", "04")
COUNT = 30


def blas_gflops(n: int = 1024, repeats: int = 5) -> float:
    """float32 GFLOP/s of an n x n matrix product (2 n^3 operations), best of ``repeats``."""
    a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
    b = np.random.default_rng(1).standard_normal((n, n), dtype=np.float32)
    best = min(_timed(lambda: a @ b) for _ in range(repeats))
    return 2 * n**3 / best / 1e9


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _wrong(nb):
    """The instructor notebook with its first exercise answered wrongly."""
    import copy

    from coursebuild.student import exercise_pairs, solution_regions

    wrong = copy.deepcopy(nb)
    exercise = exercise_pairs(wrong)[0][0]
    lines = wrong.cells[exercise].source.splitlines()
    begin, end = solution_regions(wrong.cells[exercise].source)[0]
    indent = re.match(r"\s*", lines[begin]).group(0)
    if indent:  # inside a function
        answer = [f"{indent}return 0.0"]
    else:  # a top-level value: a prediction letter that is not the right one, or a number
        name = re.match(r"\s*(\w+)\s*=", lines[begin + 1]).group(1)
        answer = [f'{name} = "a" if {name} != "a" else "b"' if '"' in lines[begin + 1] else f"{name} = 0.0"]
    lines[begin:end + 1] = answer
    wrong.cells[exercise].source = "\n".join(lines)
    return wrong


def make_submissions(folder: Path) -> dict[str, int]:
    """Write 30 submissions of chapters 01-04 into ``folder``; returns how many of each kind."""
    import nbformat

    from coursebuild.notebooks import course_notebooks, read
    from coursebuild.student import student_notebook

    chapters = [p for p in course_notebooks() if p.name[:2] in CHAPTERS and p.name[2] == "_"]
    kinds = {"answers": 0, "stubs": 0, "wrong": 0}
    for number in range(COUNT):
        path = chapters[number % len(chapters)]
        nb = read(path)
        kind = ("answers", "stubs", "wrong")[(number // len(chapters)) % 3]
        made = {"answers": nb, "stubs": student_notebook(nb, path.name), "wrong": _wrong(nb)}[kind]
        kinds[kind] += 1
        nbformat.write(made, str(folder / f"student{number:02d}_{kind}_{path.name}"))
    return kinds


def plain_run_seconds(path: Path, folder: Path, mplconfig: str) -> float:
    """Seconds to execute ``path`` top to bottom in a fresh kernel (no grading), as nbconvert would,
    with the same matplotlib backend and font cache as the grader's kernels."""
    import os

    import nbformat
    from nbclient import NotebookClient

    from coursebuild.isolation import isolated_environment

    nb = nbformat.read(str(path), as_version=4)
    env = dict(isolated_environment(base=folder / "isolated"), MPLBACKEND="agg", MPLCONFIGDIR=mplconfig)
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        start = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(folder)}}).execute()
        return time.perf_counter() - start
    finally:
        os.environ.clear()
        os.environ.update(saved)


def main() -> None:
    from coursebuild.grade import GradeOptions, _warm_matplotlib, course_chapters, grade
    from coursebuild.notebooks import course_notebooks

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="submissions graded at once (2)")
    args = parser.parse_args()
    print(f"BLAS: {blas_gflops():.0f} GFLOP/s (float32 1024x1024 product, best of 5); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    chapters = [c for c in course_chapters() if c.number in CHAPTERS]
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        tmp = Path(tmp)
        submitted = tmp / "submitted"
        submitted.mkdir()
        kinds = make_submissions(submitted)
        start = time.perf_counter()
        gradebook = grade([submitted], out=tmp / "out", options=GradeOptions(jobs=args.jobs), chapters=chapters)
        total = time.perf_counter() - start
        import csv

        with open(gradebook, newline="") as handle:
            rows = list(csv.DictReader(handle))
        print(f"graded {len(rows)} submissions of chapters {', '.join(CHAPTERS)} "
              f"({kinds['answers']} answers, {kinds['stubs']} stubs, {kinds['wrong']} wrong), "
              f"{args.jobs} at a time: {total:.0f} s ({total / len(rows):.1f} s per submission)")
        for kind in kinds:  # what the gradebook says, as a sanity check of the figures above
            marks = [f"{row['total']}/{row['max']}" for row in rows if f"_{kind}_" in row["submission"]]
            noted = sum(bool(row["notes"]) for row in rows if f"_{kind}_" in row["submission"])
            print(f"  {kind}: {' '.join(marks)}; {noted} with notes")
        print("per-notebook overhead (one at a time: graded minus a plain nbclient run of the same notebook):")
        overheads = []
        alone_out = tmp / "out-alone"
        mplconfig = _warm_matplotlib(alone_out / ".work" / "mplconfig")  # built once, as in a grading run
        for path in [p for p in course_notebooks() if p.name[:2] in CHAPTERS and p.name[2] == "_"]:
            folder = tmp / f"plain-{path.stem}"
            folder.mkdir()
            plain = plain_run_seconds(path, folder, mplconfig)
            alone = tmp / f"alone-{path.stem}"
            alone.mkdir()
            shutil.copy(path, alone / path.name)
            start = time.perf_counter()
            grade([alone], out=alone_out, options=GradeOptions(jobs=1), chapters=chapters)
            graded = time.perf_counter() - start
            overheads.append(graded - plain)
            print(f"  {path.name}: plain run {plain:.1f} s, graded {graded:.1f} s, overhead {graded - plain:.1f} s")
        print(f"mean overhead {np.mean(overheads):.1f} s per notebook; "
              f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
