"""The course site: each notebook as HTML, from its stored outputs, and an index page.

Nothing is re-executed: the pages show the outputs committed with the notebooks,
the ones CI (nbval) checks; only the exercise answers are replaced by the student
edition's stub (``answers=True`` keeps them). The index links each chapter's page, its deck
(build/slides/, as ``../slides/``) and its student-edition notebook (build/student/,
as ``../student/``), so publish the whole of build/. Maths is typeset by a local
MathJax copied into build/site/assets/: the site works offline. Cells tagged
``remove-input`` show their output without their code, as in the decks.
"""
from __future__ import annotations

import html
import math
from pathlib import Path

from nbconvert import HTMLExporter
from traitlets.config import Config

from coursebuild import BUILD
from coursebuild.assets import copy_assets, urls
from coursebuild.notebooks import chapter_number, course_notebooks, read, relink_chapters, run_seconds, title
from coursebuild.parallel import map_notebooks
from coursebuild.slides import deck_name, hide_tagged_inputs
from coursebuild.student import without_answers, without_notes

__all__ = ["RUN_MINUTES", "page_name", "site_exporter", "build_site", "minutes_label"]

TEMPLATES = Path(__file__).parent / "templates"

# Minutes to run, for a notebook whose stored outputs carry no timing record
# (nbclient, i.e. `jupyter nbconvert --execute`, records one per cell; saving
# from an interactive session may not). Keyed by file stem; a measured time wins.
RUN_MINUTES: dict[str, float] = {}


def page_name(notebook: Path) -> str:
    return notebook.stem + ".html"


def site_exporter() -> HTMLExporter:
    config = Config()
    local = urls()
    config.HTMLExporter.mathjax_url = local["mathjax_url"]
    config.HTMLExporter.require_js_url = local["require_js_url"]
    config.HTMLExporter.jquery_url = local["jquery_url"]
    config.TemplateExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.TemplateExporter.template_name = "course_lab"
    return HTMLExporter(config=hide_tagged_inputs(config))  # cells tagged remove-input: output only


def minutes_label(notebook: Path, nb) -> tuple[str, str]:
    """("3 min", "measured") — the run time shown in the index and where it came from."""
    seconds = run_seconds(nb)
    source = "measured"
    if seconds is None and notebook.stem in RUN_MINUTES:
        seconds, source = 60 * RUN_MINUTES[notebook.stem], "estimated"
    if seconds is None:
        return "—", "unknown"
    if seconds < 60:
        return "< 1 min", source
    return f"{math.ceil(seconds / 60)} min", source


_exporter: HTMLExporter | None = None


def _write_page(job: tuple[Path, Path, bool]) -> tuple[Path, str, str, str]:
    """Write one chapter's page; returns (notebook, title, run time, where the time came from)."""
    global _exporter
    path, out, answers = job
    _exporter = _exporter or site_exporter()  # one per process: building it reads the templates
    nb = read(path)
    heading = title(nb, path.stem)
    # speaker notes are for the presenter (decks); the pages leave them out
    shown = without_notes(nb) if answers else without_answers(nb, path.name, notes=False)
    links = [("Slides", f"../slides/{deck_name(path)}"), ("Student notebook", f"../student/{path.name}")]
    body, _ = _exporter.from_notebook_node(shown, resources={"metadata": {"name": heading},
                                                             "course_links": links})
    (out / page_name(path)).write_text(relink_chapters(body, ".html"), encoding="utf-8")
    return (path, heading, *minutes_label(path, nb))


def build_site(notebooks: list[Path] | None = None, out: Path = BUILD / "site",
               answers: bool = False, jobs: int | None = None) -> Path:
    """Write one page per notebook and index.html to ``out``; returns the index path.

    answers: keep the exercise answers; by default each solution region shows the
    student edition's stub (every output is kept).
    """
    out.mkdir(parents=True, exist_ok=True)
    copy_assets("site", out)
    paths = course_notebooks() if notebooks is None else notebooks
    rows = map_notebooks(_write_page, [(path, out, answers) for path in paths], jobs)
    index = out / "index.html"
    index.write_text(_index_html(rows), encoding="utf-8")
    return index


def _index_html(rows) -> str:
    lines = []
    for path, heading, minutes, source in rows:
        number = chapter_number(path)
        lines.append(
            f'<tr><td class="num">{number}</td>'
            f'<td><a class="chapter" href="{html.escape(page_name(path))}">{html.escape(heading)}</a></td>'
            f'<td class="minutes" title="{source}">{minutes}</td>'
            f'<td><a class="deck" href="../slides/{html.escape(deck_name(path))}">slides</a></td>'
            f'<td><a class="student" href="../student/{html.escape(path.name)}" download>notebook</a></td></tr>')
    table = "\n".join(lines)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Neural networks from scratch: course notebooks</title>
<style>
  body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 52em; margin: 2em auto;
         padding: 0 1em; line-height: 1.5; color: #222; }}
  table {{ border-collapse: collapse; width: 100%; }}
  th, td {{ text-align: left; padding: 0.4em 0.6em; border-bottom: 1px solid #ddd; }}
  td.num, td.minutes {{ white-space: nowrap; color: #555; }}
  p.note {{ color: #555; font-size: 0.9em; }}
</style>
</head>
<body>
<h1>Neural networks from scratch</h1>
<p>Work through the chapters in order. Each chapter is a page with its outputs, a slide deck, and a
student notebook in which the exercises are left for you to write (download it and open it in
JupyterLab inside the course environment; the checks after each exercise tell you what is wrong).</p>
<table>
<thead><tr><th>#</th><th>Chapter</th><th>Run time</th><th>Slides</th><th>Student edition</th></tr></thead>
<tbody>
{table}
</tbody>
</table>
<p class="note">Run time: how long the notebook took to execute from top to bottom when its outputs
were last computed (measured by Jupyter on the machine that ran it); yours may differ.</p>
</body>
</html>
"""
