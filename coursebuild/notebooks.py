"""Finding the course notebooks and reading what the builders need from them."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import nbformat

from coursebuild import NOTEBOOKS

__all__ = ["course_notebooks", "chapter_number", "relink_chapters", "read", "title", "slide_type", "slide_counts",
           "run_seconds"]

# A chapter is notebooks/NN_name.ipynb or NNx_name.ipynb (a chapter slotted in
# later: 04b_ comes after 04_ and before 05_); anything else in the folder
# (scratch files, my_solutions/, checkpoints) is not part of the course.
_CHAPTER = re.compile(r"^(\d{2})([a-z]?)_[\w-]+\.ipynb$")


def chapter_number(path: Path) -> str:
    """"04b" for notebooks/04b_computation_graph.ipynb, "01" for 01_a_single_neuron.ipynb."""
    match = _CHAPTER.match(Path(path).name)
    if not match:
        raise ValueError(f"{Path(path).name} is not a chapter name (NN_name.ipynb or NNx_name.ipynb)")
    return match.group(1) + match.group(2)


def _order(path: Path) -> tuple[int, str, str]:
    match = _CHAPTER.match(path.name)
    return int(match.group(1)), match.group(2), path.name


def relink_chapters(html: str, suffix: str) -> str:
    """Links from one chapter to another (``href="01_a_single_neuron.ipynb#x"``) pointed at the
    built file for the same chapter: ``.html`` pages on the site, ``.slides.html`` in the decks."""
    return re.sub(r'href="(\d{2}[a-z]?_[\w-]+)\.ipynb(#[^"]*)?"',
                  lambda m: f'href="{m.group(1)}{suffix}{m.group(2) or ""}"', html)


def course_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The chapter notebooks in course order: by number, then letter (04, 04b, 05)."""
    return sorted((p for p in Path(folder).glob("*.ipynb") if _CHAPTER.match(p.name)), key=_order)


def read(path: Path) -> nbformat.NotebookNode:
    """Read a notebook for building, without saved widget state.

    A progress bar run in JupyterLab stores its ipywidgets state in the notebook;
    nbconvert would then load the widget manager from a CDN, which breaks the
    offline decks and site. The bars' outputs go too: their text fallback is the bar as
    it was first drawn (0%), which would tell the audience the training never ran.
    """
    nb = nbformat.read(str(path), as_version=4)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [output for output in cell.get("outputs", [])
                            if _WIDGET not in output.get("data", {})]
    return nb


# A progress bar stored as a widget: without the widget manager a deck or page could only
# show its text fallback, frozen at the state it had when it was first displayed ("0%").
_WIDGET = "application/vnd.jupyter.widget-view+json"


def title(nb: nbformat.NotebookNode, fallback: str = "") -> str:
    """The text of the notebook's first markdown heading (any level)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            match = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
            if match:
                return _plain(match.group(1))
    return fallback


def _plain(text: str) -> str:
    """Heading text without markdown emphasis, code ticks or link syntax."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text).strip()


def slide_type(cell) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") or "-"


def slide_counts(nb: nbformat.NotebookNode) -> tuple[int, int]:
    """(horizontal slides, all slides) that nbconvert's reveal exporter makes.

    nbconvert's rule (nbconvert/exporters/slides.py): the first cell that is not
    "skip" or "notes" always opens a slide, whatever its type; after it, every
    "slide" cell opens a new horizontal slide and every "subslide" cell a new
    vertical one. Cells before the first visible one open nothing. Reveal.js
    counts every vertical slide (a horizontal slide with no subslides is one).
    """
    types = [slide_type(c) for c in nb.cells]
    visible = [i for i, t in enumerate(types) if t not in ("skip", "notes")]
    if not visible:
        return 0, 0
    rest = types[visible[0] + 1:]
    horizontal = 1 + rest.count("slide")
    return horizontal, horizontal + rest.count("subslide")


def run_seconds(nb: nbformat.NotebookNode, upto: int | None = None) -> float | None:
    """How long the stored outputs took to compute, from nbclient's timing metadata.

    ``jupyter nbconvert --execute`` (nbclient) records, per code cell, when the
    kernel went busy and when it replied; the sum over cells is the notebook's
    run time on the machine that last executed it. None if any code cell
    lacks the record (e.g. outputs saved from an interactive session).
    upto: only the cells up to and including this index.
    """
    total = 0.0
    for cell in nb.cells[: None if upto is None else upto + 1]:
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        timing = cell.get("metadata", {}).get("execution", {})
        start, end = timing.get("iopub.status.busy"), timing.get("shell.execute_reply")
        if not (start and end):
            return None
        total += (_when(end) - _when(start)).total_seconds()
    return total


def _when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
