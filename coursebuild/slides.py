"""Static reveal.js decks, one per notebook, that work with no network.

Equivalent to ``jupyter nbconvert --to slides`` with
``--SlidesExporter.reveal_url_prefix``, ``--HTMLExporter.mathjax_url``,
``--HTMLExporter.require_js_url`` and ``--HTMLExporter.jquery_url`` pointing at the
copies in build/slides/assets/, plus a template (templates/course_reveal) that drops
the mermaid import (a CDN URL on every page), sizes slides for 1280x720 screens,
re-centres a slide once its maths is typeset and exposes the deck as ``window.Reveal``.
Exercise answers are replaced by the student edition's stub unless asked for.

A code cell tagged ``remove-input`` (REMOVE_INPUT, the tag Jupyter Book uses) shows
its output without its code, here and on the site (nbconvert's TagRemovePreprocessor):
a lecture shows a plot, not the fifteen lines of matplotlib that drew it. The
notebook, the student edition and a live RISE deck keep the code.
"""
from __future__ import annotations

from pathlib import Path

from nbconvert import SlidesExporter
from traitlets.config import Config

from coursebuild import BUILD
from coursebuild.assets import THEME, copy_assets, urls
from coursebuild.notebooks import course_notebooks, read, relink_chapters
from coursebuild.parallel import map_notebooks
from coursebuild.student import without_answers

__all__ = ["WIDTH", "HEIGHT", "REMOVE_INPUT", "hide_tagged_inputs", "slides_exporter", "build_slides", "deck_name"]

TEMPLATES = Path(__file__).parent / "templates"
WIDTH, HEIGHT = 1280, 720
REMOVE_INPUT = "remove-input"   # cell tag: show the output, not the code (decks and site pages)


def hide_tagged_inputs(config: Config) -> Config:
    """Configure nbconvert's TagRemovePreprocessor to drop the code of cells tagged REMOVE_INPUT."""
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = {REMOVE_INPUT}
    return config


def slides_exporter() -> SlidesExporter:
    config = Config()
    local = urls()
    config.SlidesExporter.reveal_url_prefix = local["reveal_url_prefix"]
    config.SlidesExporter.reveal_theme = THEME
    config.SlidesExporter.reveal_width = str(WIDTH)
    config.SlidesExporter.reveal_height = str(HEIGHT)
    config.SlidesExporter.reveal_number = "c/t"
    config.HTMLExporter.mathjax_url = local["mathjax_url"]
    config.HTMLExporter.require_js_url = local["require_js_url"]
    config.HTMLExporter.jquery_url = local["jquery_url"]
    config.TemplateExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.TemplateExporter.template_name = "course_reveal"
    return SlidesExporter(config=hide_tagged_inputs(config))


def deck_name(notebook: Path) -> str:
    return notebook.stem + ".slides.html"


_exporter: SlidesExporter | None = None


def _write_deck(job: tuple[Path, Path, bool]) -> Path:
    global _exporter
    path, target, answers = job
    _exporter = _exporter or slides_exporter()  # one per process: building it reads the templates
    nb = read(path) if answers else without_answers(read(path), path.name)
    body, _ = _exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    target.write_text(relink_chapters(body, ".slides.html"), encoding="utf-8")
    return target


def build_slides(notebooks: list[Path] | None = None, out: Path = BUILD / "slides",
                 answers: bool = False, jobs: int | None = None) -> list[Path]:
    """Write a deck per notebook plus assets/ to ``out``; returns the deck paths.

    answers: keep the exercise answers (an instructor's copy); by default each
    solution region shows the student edition's stub, every output is kept.
    """
    out.mkdir(parents=True, exist_ok=True)
    copy_assets("slides", out)
    paths = course_notebooks() if notebooks is None else notebooks
    return map_notebooks(_write_deck, [(path, out / deck_name(path), answers) for path in paths], jobs)
