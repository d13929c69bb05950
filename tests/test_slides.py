"""The static decks (python -m coursebuild slides) work offline in a real browser.

Each deck is opened from disk in headless Chromium: reveal.js must start, show as
many slides as the notebook's slide metadata asks for, and MathJax must typeset
every formula, with nothing fetched from outside the build folder. Every deck must
also keep the legibility rules that `python -m coursebuild check-slides --strict`
enforces (coursebuild/deckcheck.py: slide size, code width, figure text height,
nothing under the navigation arrows).
"""
import re
import sys
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # coursebuild/ is project tooling, not an installed package

from coursebuild.browser import Browser  # noqa: E402
from coursebuild.deckcheck import inspect_deck, open_deck  # noqa: E402
from coursebuild.notebooks import course_notebooks, read, slide_counts  # noqa: E402
from coursebuild.slides import build_slides, deck_name  # noqa: E402
from coursebuild.testing import build_for_tests, require_chromium, require_node_modules  # noqa: E402

NOTEBOOKS = course_notebooks()


def cell(kind, slide_type, source="x"):
    made = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
    made.metadata["slideshow"] = {"slide_type": slide_type}
    return made


@pytest.mark.parametrize("types, expected", [
    (["slide", "-", "subslide", "fragment", "slide", "notes"], (2, 3)),
    # cells before the first visible one open nothing; that one opens a slide whatever its type
    (["skip", "notes", "fragment", "subslide", "-"], (1, 2)),
    (["skip", "-", "slide"], (2, 2)),
    (["skip", "notes"], (0, 0)),
    (["subslide", "subslide", "skip", "subslide"], (1, 3)),
])
def test_slide_count_rule(types, expected):
    nb = new_notebook(cells=[cell("md", t) for t in types])
    assert slide_counts(nb) == expected


def synthetic_deck_notebook():
    """Edge cases of nbconvert's grouping, maths inline and displayed, a plot-free code cell."""
    return new_notebook(cells=[
        cell("code", "skip", "import math"),
        cell("md", "-", "# A deck\n\nInline $a^2 + b^2 = c^2$ and displayed:\n\n"
                        "$$\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$$"),
        cell("md", "notes", "Say $x$ aloud."),
        cell("md", "subslide", "## Second\n\n$\\sigma(z)$"),
        cell("code", "fragment", "print(math.pi)"),
        cell("md", "slide", "## Third"),
        cell("code", "skip", "hidden = 1"),
        cell("md", "subslide", "## Fourth, with \\(x\\) in brackets"),
    ])


@pytest.fixture(scope="module")
def browser():
    binary = require_chromium()
    with Browser(binary) as opened:
        yield opened


def assert_deck_works(report, nb, name):
    horizontal, total = slide_counts(nb)
    assert report.ready, f"{name}: reveal.js did not start ({report.failed_loads})"
    assert (report.horizontal, report.total) == (horizontal, total), \
        f"{name}: deck has {report.horizontal} slides / {report.total} in all, metadata says {horizontal} / {total}"
    assert report.config_size == (1280, 720)
    assert not report.outside_requests, f"{name}: loaded from outside the build folder: {report.outside_requests}"
    assert not report.failed_loads, f"{name}: failed to load: {report.failed_loads}"
    has_maths = any(c.cell_type == "markdown" and re.search(r"\$|\\\(", c.source) for c in nb.cells)
    if has_maths:
        assert report.tex_found > 0, f"{name}: MathJax found no maths"
    assert report.tex_rendered == report.tex_found, \
        f"{name}: {report.tex_rendered} of {report.tex_found} formulas typeset"
    assert not report.tex_errors, f"{name}: TeX errors {report.tex_errors}"
    assert not report.raw_tex, f"{name}: TeX left as text {report.raw_tex}"


def test_synthetic_deck_groups_slides_like_the_metadata_and_typesets(tmp_path, browser):
    import nbformat

    require_node_modules()
    path = tmp_path / "01_synthetic.ipynb"
    nbformat.write(synthetic_deck_notebook(), path)
    (deck,) = build_slides([path], out=tmp_path / "slides")
    report = inspect_deck(deck, browser)
    assert_deck_works(report, read(path), path.name)
    assert (report.horizontal, report.total) == (2, 4)
    assert report.tex_found == 4  # the four formulas on the slides
    assert [s["title"] for s in report.slides][:2] == ["A deck", "Second"]


@pytest.fixture(scope="module")
def reports(browser, tmp_path_factory):
    """Every real deck, loaded in parallel tabs (two cores load two decks at once), then checked."""
    slides = build_for_tests(tmp_path_factory) / "slides"
    decks = [slides / deck_name(path) for path in NOTEBOOKS]
    pages = [open_deck(deck, browser) for deck in decks]
    return {deck.name: inspect_deck(deck, browser, measure=False, page=page)
            for deck, page in zip(decks, pages, strict=True)}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_real_deck_works_offline(path, reports):
    assert_deck_works(reports[deck_name(path)], read(path), path.name)


def test_decks_are_self_contained(tmp_path_factory):
    built = build_for_tests(tmp_path_factory)
    slides = built / "slides"
    for deck in sorted(slides.glob("*.slides.html")):
        html = deck.read_text(encoding="utf-8")
        sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
        sources += re.findall(r'"(assets/[^"?]+)', html)  # what require.js loads by name
        assert sources, deck.name
        for source in sources:
            assert not re.match(r"(https?:)?//", source), f"{deck.name} loads {source}"
            assert (slides / source.split("?")[0]).exists(), f"{deck.name}: {source} is not in the build folder"


# --- the deck rules, strictly (python -m coursebuild check-slides --strict) -------------

@pytest.fixture(scope="module")
def measured(browser, tmp_path_factory):
    """Every real deck measured slide by slide: sizes, figures, text under the arrows."""
    slides = build_for_tests(tmp_path_factory) / "slides"
    return {path.name: inspect_deck(slides / deck_name(path), browser, measure=True, controls=True)
            for path in NOTEBOOKS}


# Chapters whose decks still break a measured rule since the decks' text grew to 24 px
# (mostly slides taller than 720 px; see `python -m coursebuild check-slides`). Known debt,
# recorded here so that it shrinks: a listed chapter that passes shows as XPASS, and every
# chapter not listed must pass strictly. The code rules below hold for every chapter.
SLIDE_DEBT: set[str] = set()  # paid off: every chapter keeps the rules strictly


def _with_debt(paths):
    return [pytest.param(p, marks=pytest.mark.xfail(reason="known slide debt (SLIDE_DEBT)", strict=False))
            if p.name in SLIDE_DEBT else p for p in paths]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_fits_the_slides(path):
    """No code line scrolls sideways (at most 88 characters) and no explicit font size
    below the course style's smallest, in every chapter, without exception."""
    from coursebuild.deckcheck import code_line_problems, font_size_problems, style_smallest_text
    from coursebuild.student import without_answers

    nb = without_answers(read(path), path.name)
    found = code_line_problems(nb) + font_size_problems(nb, style_smallest_text()[0])
    assert not found, f"{path.name} breaks the code rules:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("path", _with_debt(NOTEBOOKS), ids=lambda p: p.name)
def test_deck_keeps_the_legibility_rules(path, measured):
    from coursebuild.deckcheck import problems
    from coursebuild.student import without_answers

    found = problems(measured[path.name], without_answers(read(path), path.name))
    assert not found, f"{path.name} breaks the deck rules:\n  " + "\n  ".join(found)


def test_the_rules_catch_a_long_line_a_small_font_a_tall_slide_and_a_shrunk_figure(tmp_path, browser):
    import nbformat

    from coursebuild.deckcheck import problems

    require_node_modules()
    long_line = "x = " + " + ".join(["1"] * 40)
    nb = new_notebook(cells=[
        cell("md", "slide", "# Rules"),
        cell("code", "-", long_line),
        cell("code", "-", "import matplotlib.pyplot as plt\nplt.text(0, 0, 'tiny', fontsize=7)"),
        cell("md", "slide", "## Tall\n\n" + "\n\n".join(f"line {i}" for i in range(40))),
    ])
    path = tmp_path / "01_rules.ipynb"
    nbformat.write(nb, path)
    (deck,) = build_slides([path], out=tmp_path / "slides", jobs=1)
    report = inspect_deck(deck, browser, measure=True, controls=True)
    report.slides[0]["figures"] = [(1200, 500)]  # a 1200 px figure shown 500 px wide: text 7.5 px
    found = "\n".join(problems(report, nb))
    assert f"cell 1, line 1: {len(long_line)} characters" in found
    assert "fontsize=7 is smaller than the course style's smallest text" in found
    assert "slide 1.0 ('Tall')" in found and "too big for 1280x720" in found
    assert "shown 500 px wide, so its smallest text is 7.5 px high" in found
