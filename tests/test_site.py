"""The course site (python -m coursebuild site): an index of every chapter, working offline."""
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # coursebuild/ is project tooling, not an installed package

from coursebuild.browser import Browser  # noqa: E402
from coursebuild.deckcheck import inspect_page  # noqa: E402
from coursebuild.notebooks import course_notebooks, read, run_seconds, title  # noqa: E402
from coursebuild.site import minutes_label, page_name  # noqa: E402
from coursebuild.testing import build_for_tests, require_chromium  # noqa: E402

NOTEBOOKS = course_notebooks()
CDN = re.compile(r"https?://[^\"'\s]*(cdn|unpkg|cdnjs|jsdelivr|googleapis|gstatic|bootstrapcdn|mathjax\.org)",
                 re.IGNORECASE)


class Links(HTMLParser):
    """Every href/src in a page, with the class of the element that holds it."""

    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append((tag, attrs.get("class", ""), attrs[key]))


def links_of(path):
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_for_tests(tmp_path_factory)


def test_index_lists_every_notebook_in_order_with_its_title(built):
    index = built / "site" / "index.html"
    chapters = [href for tag, cls, href in links_of(index) if cls == "chapter"]
    assert chapters == [page_name(p) for p in NOTEBOOKS]
    text = index.read_text(encoding="utf-8")
    positions = [text.index(f">{title(read(p), p.stem)}</a>".replace("&", "&amp;")) for p in NOTEBOOKS]
    assert positions == sorted(positions)
    for cls, target in (("deck", "../slides/{}.slides.html"), ("student", "../student/{}.ipynb")):
        assert [href for _, c, href in links_of(index) if c == cls] == [target.format(p.stem) for p in NOTEBOOKS]


def test_every_relative_link_of_the_site_resolves(built):
    site = built / "site"
    pages = [site / "index.html"] + [site / page_name(p) for p in NOTEBOOKS]
    checked = 0
    for page in pages:
        for _, _, href in links_of(page):
            if href.startswith(("#", "data:", "http://", "https://", "mailto:")):
                continue
            target = (page.parent / href.split("#")[0].split("?")[0]).resolve()
            assert target.exists(), f"{page.name} links to {href}, which is not there"
            checked += 1
    assert checked >= 3 * len(NOTEBOOKS)


def has_raise_stub(path):
    """Whether the student edition has a `raise NotImplementedError` stub (a question answered
    by `NAME = None` has none: its check says "not answered yet")."""
    import nbformat

    from coursebuild.student import student_notebook

    return "NotImplementedError" in nbformat.writes(student_notebook(read(path), path.name))


def test_student_links_give_the_student_edition(built):
    for path in NOTEBOOKS:
        student = (built / "student" / path.name).read_text(encoding="utf-8")
        assert "### BEGIN SOLUTION" not in student, path.name
        assert ("NotImplementedError" in student) == has_raise_stub(path), path.name


def test_pages_and_decks_show_the_stub_not_the_answer(built, tmp_path):
    from coursebuild.site import build_site
    from coursebuild.student import exercise_cells

    with_exercises = [p for p in NOTEBOOKS if exercise_cells(read(p))]
    for path in with_exercises:
        for page in (built / "site" / page_name(path), built / "slides" / f"{path.stem}.slides.html"):
            html = page.read_text(encoding="utf-8")
            assert "### BEGIN SOLUTION" not in html, page.name
            assert "NotImplementedError" in html or not has_raise_stub(path), page.name
            assert "✓ my_" not in html, f"{page.name}: a check's ✓ is shown under a stub"
            assert "Saved my_" not in html, f"{page.name}: nh.solutions.save's output is shown under a stub"
    if with_exercises:  # an instructor's copy keeps them
        build_site(with_exercises[:1], out=tmp_path / "site", answers=True, jobs=1)
        assert "### BEGIN SOLUTION" in (tmp_path / "site" / page_name(with_exercises[0])).read_text(encoding="utf-8")


def test_no_page_loads_anything_from_a_cdn(built):
    pages = sorted((built / "site").glob("*.html")) + sorted((built / "slides").glob("*.html"))
    assert len(pages) == 2 * len(NOTEBOOKS) + 1
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not CDN.search(html), f"{page.name} references {CDN.search(html).group(0)}"
        for tag, _, url in links_of(page):
            if tag in ("script", "link", "img", "iframe"):
                assert not re.match(r"(https?:)?//", url), f"{page.name}: <{tag}> loads {url}"


def test_run_times_come_from_the_notebooks_timing_records(built):
    for path in NOTEBOOKS:
        nb = read(path)
        label, source = minutes_label(path, nb)
        if run_seconds(nb) is not None:
            assert source == "measured" and re.fullmatch(r"< 1 min|\d+ min", label)
        assert f'title="{source}">{label}<' in (built / "site" / "index.html").read_text(encoding="utf-8")


def test_pages_typeset_their_maths_offline(built):
    """The first and the last chapter (every page uses the same template and assets)."""
    binary = require_chromium()
    site = built / "site"
    chosen = sorted({NOTEBOOKS[0], NOTEBOOKS[-1]}) if NOTEBOOKS else []
    with Browser(binary) as browser:
        tabs = {path: browser.open((site / page_name(path)).resolve().as_uri()) for path in chosen}
        for path, tab in tabs.items():
            report = inspect_page(site / page_name(path), browser, page=tab)
            assert report["ready"], f"{path.name}: MathJax did not start ({report['failed_loads']})"
            assert report["tex_found"] > 0 and report["tex_rendered"] == report["tex_found"], (path.name, report)
            assert not report["tex_errors"], (path.name, report["tex_errors"])
            assert not report["outside_requests"] and not report["failed_loads"], (path.name, report)


def test_pages_leave_speaker_notes_out_and_decks_keep_them(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from coursebuild.site import build_site
    from coursebuild.slides import build_slides
    from coursebuild.testing import require_node_modules

    require_node_modules()
    notes = new_markdown_cell("Speaker notes: keep the biology to one sentence.")
    notes.metadata["slideshow"] = {"slide_type": "notes"}
    nb = new_notebook(cells=[new_markdown_cell("# Chapter 1 — Notes"), notes, new_code_cell("1 + 1")])
    path = tmp_path / "01_notes.ipynb"
    nbformat.write(nb, path)
    for answers in (False, True):
        build_site([path], out=tmp_path / "site", answers=answers, jobs=1)
        assert "keep the biology" not in (tmp_path / "site" / page_name(path)).read_text(encoding="utf-8")
    (deck,) = build_slides([path], out=tmp_path / "slides", jobs=1)
    aside = re.search(r'<aside class="notes">(.*?)</aside>', deck.read_text(encoding="utf-8"), re.S)
    assert aside and "keep the biology" in aside.group(1)


def test_links_between_chapters_point_at_the_built_pages_and_decks():
    from coursebuild.notebooks import relink_chapters

    html = '<a href="01_a_single_neuron.ipynb">1</a> <a href="04b_computation_graph.ipynb#forks">4b</a> ' \
           '<a href="https://example.org/01_x.ipynb">away</a>'
    assert relink_chapters(html, ".html") == (
        '<a href="01_a_single_neuron.html">1</a> <a href="04b_computation_graph.html#forks">4b</a> '
        '<a href="https://example.org/01_x.ipynb">away</a>')
    assert 'href="01_a_single_neuron.slides.html"' in relink_chapters(html, ".slides.html")
