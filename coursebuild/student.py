"""The student edition: every exercise answer replaced by a stub.

An exercise answer sits in a code cell between the lines ``### BEGIN SOLUTION``
and ``### END SOLUTION`` (nbgrader's markers). The student edition replaces each
such region, markers included, by one line

    raise NotImplementedError("...")

indented like the answer's first line: inside a function the ``def`` line and
docstring before the region stay and the stub becomes the body; at top level the
stub line stands in for the value code. Outputs and execution counts are cleared
from the first exercise cell on (they would show the answers' results); earlier
outputs stay, so students see the chapter's set-up. Speaker notes (cells whose
slide type is "notes") are left out. Every check cell, every exercise cell whose
stub raises when the cell runs, and every cell that uses an exercise's function
(answer_dependent_cells) is tagged ``raises-exception``: JupyterLab's
Run All and nbclient go on past such a cell, so an unsolved exercise shows as
unsolved and the rest of the chapter still runs.

Rebuilding never destroys a student's work: build_student records a hash of each
notebook it writes (build/student/.coursebuild-student.json); a notebook that no
longer matches its record has been changed by someone, so it is kept and the new
edition is written beside it (NN_name.new.ipynb), and the build says so.
"""
from __future__ import annotations

import ast
import copy
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Callable

import nbformat

from coursebuild import BUILD, NOTEBOOKS
from coursebuild.notebooks import course_notebooks, read, slide_type

__all__ = ["BEGIN", "END", "STUB_MESSAGE", "SolutionMarkerError", "solution_regions",
           "stub_source", "student_notebook", "without_answers", "exercise_cells", "check_cell_for",
           "exercise_pairs", "stub_raises_when_run", "without_notes", "parse_cell", "names_defined",
           "answer_dependent_cells", "MANIFEST", "RAISES", "build_student"]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB_MESSAGE = "Exercise: replace this line with your code."
RAISES = "raises-exception"   # the cell tag JupyterLab, nbclient and nbval read as "an error here is expected"
MANIFEST = ".coursebuild-student.json"
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
        # `NAME = None` right above a top-level region already leaves the answer "not answered
        # yet" for its check: no stub, so the cell runs once the student puts a value there
        if (begin and not lines[begin][:1].isspace()
                and re.match(r"[A-Za-z_]\w*\s*=\s*None\s*(#.*)?$", lines[begin - 1])):
            stub = None
        lines[begin:end + 1] = [stub] if stub else []
    stubbed = "\n".join(lines)
    if regions:
        _require_valid_python(stubbed, where)
    return stubbed


def _require_valid_python(source: str, where: str) -> None:
    try:
        ast.parse(_without_magics(source))
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


def stub_raises_when_run(source: str) -> bool:
    """True if a stubbed cell raises as soon as it runs: a stub outside any function body."""
    tree = parse_cell(source)
    if tree is None:
        return False

    def top_level_raise(node, in_function=False) -> bool:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            in_function = True
        if (isinstance(node, ast.Raise) and not in_function and node.exc is not None
                and STUB_MESSAGE in ast.unparse(node.exc)):
            return True
        return any(top_level_raise(child, in_function) for child in ast.iter_child_nodes(node))

    return top_level_raise(tree)


def _tag(cell, tag: str) -> None:
    tags = cell.setdefault("metadata", {}).setdefault("tags", [])
    if tag not in tags:
        tags.append(tag)


def without_notes(nb):
    """A copy of ``nb`` without its speaker notes (cells whose slide type is "notes")."""
    kept = copy.deepcopy(nb)
    kept.cells = [cell for cell in kept.cells if slide_type(cell) != "notes"]
    return kept


def student_notebook(nb, name: str = "notebook", notes: bool = False):
    """A copy of ``nb`` with stubs for answers and cleared outputs from the first exercise on.

    Cells that cannot run before the exercise is solved are tagged ``raises-exception``
    so that Run All reaches the end of the chapter: exercise cells whose stub raises at
    top level, check cells, and every other cell that uses what an exercise defines
    (answer_dependent_cells: ``nh.solutions.save(my_softmax, ...)``, ...). Speaker notes are dropped unless
    ``notes`` (then the cells keep the instructor notebook's indices).
    """
    student = copy.deepcopy(nb)
    exercises = set()
    first_exercise = None
    for index, cell in enumerate(student.cells):
        if cell.cell_type != "code":
            continue
        where = f"{name}, cell {index}"
        if solution_regions(cell.source, where):
            cell.source = stub_source(cell.source, where)
            exercises.add(index)
            if first_exercise is None:
                first_exercise = index
        if first_exercise is not None:
            cell.outputs = []
            cell.execution_count = None
    for index in answer_dependent_cells(nb):  # the markers are known to be well formed by now
        if index not in exercises or stub_raises_when_run(student.cells[index].source):
            _tag(student.cells[index], RAISES)
    return student if notes else without_notes(student)


def _without_magics(source: str) -> str:
    """``source`` with every line that is an IPython magic or shell command (``%...``, ``!...``) blanked."""
    return "\n".join("" if _MAGIC.match(line) else line for line in source.splitlines())


def parse_cell(source: str) -> ast.Module | None:
    """A code cell's source as a Python syntax tree, or None if it does not parse.

    Lines that start with an IPython magic or shell command (``%matplotlib inline``,
    ``%%time``, ``!pip ...``) are blanked first (line numbers stay), so such cells parse;
    what those lines say is not read. A cell with a magic inside a line
    (``t = %timeit -o f()``), IPython's help syntax (``f?``) or a syntax error gives None.
    """
    try:
        return ast.parse(_without_magics(source))
    except SyntaxError:
        return None


# How names_defined reads a cell that does not parse: a search of its text (see there).
_DEFINED_IN_TEXT = {
    "assignments": re.compile(r"\b([^\W\d]\w*)\s*=|def\s+([^\W\d]\w*)"),
    "line_starts": re.compile(r"^\s*(?:def\s+)?([A-Za-z_]\w*)\s*[=(]", re.M),
}


def names_defined(cell: str | ast.AST, fallback: str = "assignments") -> set[str]:
    """The names a code cell defines at its top level: what later cells can use.

    ``cell``: the cell's source, or what parse_cell made of it, or one statement of that.
    Defined are the names of top-level ``def``, ``async def`` and ``class`` statements,
    of imports (``import numpy.linalg`` defines ``numpy``, ``import numpy as np`` ``np``),
    and every name assigned anywhere in the other top-level statements: ``=`` targets
    (tuples unpacked), ``+=``, annotated assignments, ``for`` and ``with ... as``
    targets, ``:=``, also inside ``if``/``try``/``while`` bodies and comprehensions.
    Not counted: names assigned in the body of a top-level ``def`` or ``class`` (its
    locals and attributes; a ``def`` nested in an ``if`` is walked like the rest: its
    locals count, its name does not), ``except ... as e``, ``global``, and what a
    blanked magic line says (``%timeit x = 1``).

    A cell that does not parse (parse_cell gives None: a magic inside a line, ``f?``,
    a student's syntax error) is searched as text, never raising; ``fallback`` says how:

    - ``"assignments"`` (the grader's feedback page, which shows the cells that define an
      answer): ``NAME =`` anywhere in the text, in strings and comments too (``==`` and a
      keyword argument ``f(NAME=1)`` count), and ``def NAME``. A call never counts.
    - ``"line_starts"`` (the grader telling which chapter a notebook is): a line whose
      first word is ``NAME`` followed by ``=`` or ``(``, or ``def NAME(``: a call opening a
      line (``my_softmax(z)``, ``print(x)``) counts too, ``if ok: x = 1`` does not.
    """
    if fallback not in _DEFINED_IN_TEXT:
        raise ValueError(f"fallback must be one of {sorted(_DEFINED_IN_TEXT)}, got {fallback!r}")
    tree = parse_cell(cell) if isinstance(cell, str) else cell
    if tree is None:
        return {name for match in _DEFINED_IN_TEXT[fallback].finditer(cell) for name in match.groups() if name}
    names = set()
    for node in tree.body if isinstance(tree, ast.Module) else [tree]:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        else:
            for child in ast.walk(node):
                if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                    names.add(child.id)
    return names


def _comprehension_names(tree: ast.AST) -> set[str]:
    """Names bound by the ``for`` targets of comprehensions in ``tree``.

    ``[losses[rate] for rate in rates]`` reads its own ``rate``, not a ``rate`` an
    exercise bound: such a name is local to the comprehension (Python 3).
    """
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            for generator in node.generators:
                names |= {n.id for n in ast.walk(generator.target) if isinstance(n, ast.Name)}
    return names


def answer_dependent_cells(nb) -> list[int]:
    """Code cells whose outputs only a solved exercise produces (instructor indices).

    The exercise cells themselves, their check cells (``nh.checks.check_sweep_losses()``
    may read the answer by name), and every later code cell that uses a name an
    exercise cell binds (``my_softmax``: its check, ``nh.solutions.save(my_softmax, ...)``,
    a plot of its results), and, transitively, a name such a cell binds. Under the
    student edition's stub these cells fail or print something else, so their stored
    outputs (a "✓ correct", "Saved my_softmax ...") must not appear under a stub.
    """
    exercises = set(exercise_cells(nb))
    if not exercises:
        return []
    checks = {check for _, check in exercise_pairs(nb) if check is not None}  # some read a global by name
    tainted: set[str] = set()
    dependent = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or index < min(exercises):
            continue
        tree = parse_cell(cell.source)
        if tree is None:
            continue
        bound, used, fallback = set(), set(), set()
        for statement in tree.body:  # a name the cell itself assigned before reading it is not used from outside
            used |= ({node.id for node in ast.walk(statement)
                      if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
                     - bound - _comprehension_names(statement))
            bound |= names_defined(statement)
            if _is_solutions_use(statement):
                fallback |= names_defined(statement)
        if index in exercises or index in checks or used & tainted:
            dependent.append(index)
            tainted = (tainted | bound) - fallback
        else:
            tainted -= bound  # rebound from something else (the library)
    return dependent


def _is_solutions_use(statement: ast.stmt) -> bool:
    """``name = nh.solutions.use(...)``: the name holds a working function either way.

    ``nh.solutions.use("minibatches", yours=my_minibatches)`` reads an exercise's answer
    (its printed line says whose function it took, an output only a solved exercise
    produces), but what it returns is the student's function if it passes its check and
    the tested one otherwise: the cells that call it run the same under a stub.
    """
    return (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call)
            and isinstance(statement.value.func, ast.Attribute) and statement.value.func.attr == "use"
            and isinstance(statement.value.func.value, ast.Attribute)
            and statement.value.func.value.attr == "solutions")


def without_answers(nb, name: str = "notebook", notes: bool = True):
    """A copy of ``nb`` with stubs for answers, for decks and pages.

    Every output is kept except those only a solved exercise produces
    (answer_dependent_cells): a check printing "✓ correct", or "Saved my_softmax ..."
    under a stub would tell the audience that the stub works. notes=False also drops
    the speaker notes (the site; decks keep them as speaker notes).
    """
    shown = copy.deepcopy(nb)
    for index in answer_dependent_cells(nb):  # found by their solution markers, before stubbing
        shown.cells[index].outputs = []
    for index, cell in enumerate(shown.cells):
        if cell.cell_type == "code":
            cell.source = stub_source(cell.source, f"{name}, cell {index}")
    return shown if notes else without_notes(shown)


# --- writing build/student without destroying anyone's work ---------------------

def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _free_name(target: Path, manifest: dict) -> Path:
    """NN_name.new.ipynb beside ``target`` (then .new-2, .new-3 ...): the first name that
    is free or holds an untouched copy this builder wrote."""
    for number in range(1, 1000):
        suffix = ".new" if number == 1 else f".new-{number}"
        candidate = target.with_name(f"{target.stem}{suffix}{target.suffix}")
        if not candidate.exists() or manifest.get(candidate.name) == _digest(candidate.read_bytes()):
            return candidate
    raise RuntimeError(f"no free name beside {target}")


def build_student(notebooks: list[Path] | None = None, out: Path = BUILD / "student",
                  say: Callable[[str], None] | None = None) -> list[Path]:
    """Write the student edition of each notebook to ``out``; returns the written paths.

    A notebook already in ``out`` is replaced only if it is byte for byte what this
    builder wrote there last time (its hash in ``out``/.coursebuild-student.json).
    One that was changed since (a student's answers, outputs of a run) is kept, and
    the new edition goes beside it as NN_name.new.ipynb, unless the edition has not
    changed. ``say`` (e.g. print) receives one line per notebook that was kept.
    A notebooks/matplotlibrc (the course's figure style) is copied along.
    """
    say = say or (lambda line: None)
    out.mkdir(parents=True, exist_ok=True)
    record = out / MANIFEST
    manifest = json.loads(record.read_text()) if record.exists() else {}
    written = []
    paths = course_notebooks() if notebooks is None else notebooks
    for path in paths:
        student = student_notebook(read(path), path.name)
        data = (nbformat.writes(student) + "\n").encode("utf-8")
        target = out / path.name
        if target.exists() and _digest(target.read_bytes()) != manifest.get(target.name):
            if _digest(data) == manifest.get(target.name):
                say(f"kept your {target.name}: it was changed since it was built (this edition is the same)")
                continue
            beside = _free_name(target, manifest)
            say(f"kept your {target.name}: it was changed since it was built; "
                f"the new edition is {beside.name} beside it")
            target = beside
        target.write_bytes(data)
        manifest[target.name] = _digest(data)
        written.append(target)
    record.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    style = (Path(paths[0]).parent if paths else NOTEBOOKS) / "matplotlibrc"
    if style.exists():
        shutil.copy2(style, out / "matplotlibrc")
    return written
