"""python -m coursebuild student|slides|site|all|check-slides|grade|nbgrader — see coursebuild/__init__.py."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from coursebuild import BUILD, NOTEBOOKS, ROOT
from coursebuild.notebooks import chapter_number, course_notebooks


def _shown(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _chapter_notebook(text: str) -> Path:
    """An argument naming one notebook: its path, or a chapter's number ("07", "7", "04b").

    Raises argparse.ArgumentTypeError (argparse prints it and exits with status 2) for a
    number that matches no chapter in notebooks/, or a path that is not an .ipynb file.
    """
    example = "such as notebooks/07_improved_mnist_network.ipynb or a chapter number such as 07"
    if re.fullmatch(r"\d{1,2}[a-z]?", text):
        number = text.zfill(3) if text[-1].isalpha() else text.zfill(2)
        chapters = {chapter_number(path): path for path in course_notebooks()}
        if number not in chapters:
            raise argparse.ArgumentTypeError(
                f"no chapter {text!r} in {_shown(NOTEBOOKS)}/: expected one of {', '.join(chapters)}, "
                "or the path of a notebook")
        return chapters[number]
    path = Path(text)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such notebook: {text} (expected the path of a notebook, {example})")
    if not path.is_file() or path.suffix != ".ipynb":
        raise argparse.ArgumentTypeError(f"{text} is not a notebook: expected an .ipynb file, {example}")
    return path


def student(args) -> None:
    from coursebuild.student import build_student

    written = build_student(out=args.build / "student", say=lambda line: print("  " + line))
    print(f"student edition: {len(written)} notebooks written in {_shown(args.build / 'student')}/ "
          "(a notebook you changed there is never overwritten)")


def student_lab(args) -> int:
    """Build (or refresh, never overwriting a changed notebook) the student edition, open it in JupyterLab."""
    import shutil
    import subprocess

    from coursebuild.lab import student_lab_environment

    student(args)
    folder = args.build / "student"
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or shutil.which("jupyter")
    if not jupyter:
        print("JupyterLab is not installed in this environment: run `make setup` (see README.md)")
        return 1
    print(f"opening the student edition: jupyter lab {_shown(folder)}/ (without nbgrader's menus)")
    return subprocess.call([jupyter, "lab", str(folder), *args.lab_args], env=student_lab_environment())


def execute(args) -> int:
    """Re-execute notebooks in fresh kernels, isolated from user configuration, storing their outputs."""
    import subprocess

    from coursebuild.isolation import isolated_environment

    paths = args.notebooks or course_notebooks()
    jupyter = Path(sys.executable).parent / "jupyter"
    command = [str(jupyter) if jupyter.exists() else "jupyter", "nbconvert", "--to", "notebook", "--execute",
               "--inplace", *map(str, paths)]
    print("executing, isolated from your matplotlib/IPython/Jupyter settings:", " ".join(map(_shown, paths)))
    return subprocess.call(command, env=isolated_environment())


def slides(args) -> None:
    from coursebuild.slides import build_slides

    written = build_slides(out=args.build / "slides", answers=args.answers)
    print(f"slides: {len(written)} offline decks in {_shown(args.build / 'slides')}/ "
          "(open any .slides.html in a browser; no network needed)")


def site(args) -> None:
    from coursebuild.site import build_site

    index = build_site(out=args.build / "site", answers=args.answers)
    linked = [target for notebook in course_notebooks()
              for target in (args.build / "slides" / f"{notebook.stem}.slides.html",
                             args.build / "student" / notebook.name)]
    missing = [target for target in linked if not target.exists()]
    print(f"site: {_shown(index)}")
    if missing:
        print(f"  note: the index links {len(missing)} deck/student files not built yet; "
              "`python -m coursebuild all` builds everything")


def build_all(args) -> None:
    student(args)
    slides(args)
    site(args)


def check_slides(args) -> int:
    """Open each deck in headless Chromium; list every breach of the deck rules (deckcheck.RULES).

    With notebooks named, build just their decks (in build/slides/) and check those;
    otherwise check every deck already built there.
    """
    from coursebuild.browser import Browser
    from coursebuild.deckcheck import RULES, inspect_deck, problems
    from coursebuild.notebooks import read
    from coursebuild.slides import build_slides, deck_name
    from coursebuild.student import without_answers

    if args.notebooks:
        notebooks = list(dict.fromkeys(args.notebooks))
        decks = build_slides(notebooks, out=args.build / "slides")
        print(f"built {len(decks)} deck(s) in {_shown(args.build / 'slides')}/: "
              + ", ".join(deck.name for deck in decks))
    else:
        notebooks = course_notebooks()
        decks = sorted((args.build / "slides").glob("*.slides.html"))
        if not decks:
            print("no decks: run `python -m coursebuild slides` first, or name the notebooks to check")
            return 1
    sources = {deck_name(path): path for path in notebooks}
    print(f"rules: slides within {RULES['slide'][0]}x{RULES['slide'][1]}, no sideways scrolling, code lines of at "
          f"most {RULES['max_code_line']} characters, figure text at least {RULES['min_figure_text_px']} px high, "
          "nothing under the navigation arrows")
    count = 0
    with Browser() as browser:
        for deck in decks:
            shots = args.screenshots / deck.name.replace(".slides.html", "") if args.screenshots else None
            report = inspect_deck(deck, browser, screenshots=shots, controls=True)
            source = sources.get(deck.name)
            nb = without_answers(read(source), source.name) if source else None
            found = problems(report, nb)
            count += len(found)
            print(f"{deck.name}: {report.total} slides, {report.tex_rendered}/{report.tex_found} formulas typeset, "
                  f"{len(found) or 'no'} problem(s)")
            for problem in found:
                print(f"  {problem}")
    print(f"{count} problem(s) in {len(decks)} decks")
    return 1 if count and args.strict else 0


def grade(args) -> int:
    """Grade submitted notebooks: gradebook.csv, feedback pages (coursebuild/grade.py)."""
    from coursebuild.grade import GradeOptions, grade as grade_all

    out = args.out or args.build / "grading"
    options = GradeOptions(cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout,
                           check_timeout=args.check_timeout, memory_bytes=int(args.memory_gib * 2**30),
                           max_output_bytes=int(args.max_output_mb * 2**20), jobs=args.jobs)
    gradebook = grade_all(args.submissions, out=out, options=options, points=args.points,
                          say=lambda line: print("  " + line))
    print(f"gradebook: {_shown(gradebook)}; feedback pages in {_shown(out / 'feedback')}/")
    return 0


def nbgrader(args) -> int:
    """The instructor notebooks with nbgrader cell metadata (coursebuild/nbgrader_export.py)."""
    from coursebuild.grade import read_points
    from coursebuild.nbgrader_export import export_course

    out = args.out or args.build / "nbgrader"
    written = export_course(out, points=read_points(args.points))
    print(f"nbgrader: {len(written)} notebooks in {_shown(out / 'source')}/ "
          f"(run nbgrader in {_shown(out)}/: docs/teaching.md, 'With nbgrader')")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursebuild", description=__doc__.split(" — ")[0])
    parser.add_argument("--build", type=Path, default=BUILD, help="output folder (default: build/)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("student", help="student edition of every notebook, answers stubbed out"
                        ).set_defaults(run=student)
    lab = commands.add_parser("student-lab", help="build the student edition if needed and open it in JupyterLab")
    lab.add_argument("lab_args", nargs=argparse.REMAINDER, help="passed on to `jupyter lab`")
    lab.set_defaults(run=student_lab)
    run = commands.add_parser("execute", help="re-execute notebooks (default: every chapter) in fresh kernels, "
                              "isolated from user configuration, storing their outputs (make notebooks)")
    run.add_argument("notebooks", nargs="*", type=Path)
    run.set_defaults(run=execute)
    answers = argparse.ArgumentParser(add_help=False)
    answers.add_argument("--answers", action="store_true",
                         help="keep the exercise answers in the decks/pages (an instructor's copy; "
                              "by default they show the student edition's stub)")
    commands.add_parser("slides", parents=[answers],
                        help="offline reveal.js deck of every notebook").set_defaults(run=slides)
    commands.add_parser("site", parents=[answers],
                        help="HTML of every notebook and an index page").set_defaults(run=site)
    commands.add_parser("all", parents=[answers], help="student, slides and site").set_defaults(run=build_all)
    check = commands.add_parser("check-slides", help="open the decks in headless Chromium, report every breach of "
                                "the deck rules (size, code width, figure text, navigation arrows)")
    check.add_argument("notebooks", nargs="*", type=_chapter_notebook, metavar="NOTEBOOK",
                       help="build and check only these decks: notebook paths or chapter numbers (07, 04b); "
                            "default: every deck already built in build/slides/")
    check.add_argument("--screenshots", type=Path, help="also save a PNG of every slide under this folder")
    check.add_argument("--strict", action="store_true", help="exit 1 if any rule is broken (the tests run it so)")
    check.set_defaults(run=check_slides)
    marking = commands.add_parser("grade", help="grade submitted student notebooks in sandboxed kernels: "
                                  "gradebook.csv and a feedback page per student")
    marking.add_argument("submissions", nargs="+", type=Path, help="folders of submissions and/or notebooks")
    marking.add_argument("--out", type=Path, help="output folder (default: build/grading/)")
    marking.add_argument("--points", type=Path, help="CSV table exercise,points (default: 1 each)")
    marking.add_argument("--cell-timeout", type=float, default=600.0, help="seconds per cell (600)")
    marking.add_argument("--notebook-timeout", type=float, default=1800.0, help="seconds per notebook (1800)")
    marking.add_argument("--check-timeout", type=float, default=60.0, help="seconds per check (60)")
    marking.add_argument("--memory-gib", type=float, default=4.0, help="address-space limit of a kernel (4)")
    marking.add_argument("--max-output-mb", type=float, default=1.0, help="output kept per notebook (1)")
    marking.add_argument("--jobs", type=int, default=1, help="submissions graded at once (1)")
    marking.set_defaults(run=grade)
    export = commands.add_parser("nbgrader", help="the instructor notebooks with nbgrader metadata in "
                                 "build/nbgrader/source/")
    export.add_argument("--out", type=Path, help="nbgrader course folder (default: build/nbgrader/)")
    export.add_argument("--points", type=Path, help="CSV table exercise,points (default: 1 each)")
    export.set_defaults(run=nbgrader)
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "student-lab":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "student-lab":
        args.lab_args = extra + list(args.lab_args)   # e.g. --port 8890, passed on to jupyter lab
    return args.run(args) or 0


if __name__ == "__main__":
    sys.exit(main())
