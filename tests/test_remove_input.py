"""The ``remove-input`` cell tag: decks and site pages show the cell's output, not its code.

A lecture shows a figure, not the matplotlib code that drew it. The tag (the name
Jupyter Book uses) is applied by the deck and site builders only, through nbconvert's
TagRemovePreprocessor (coursebuild.slides.hide_tagged_inputs); the notebook, the
student edition and a live RISE deck keep the code.
"""
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # coursebuild/ is project tooling, not an installed package

from coursebuild.notebooks import read, slide_counts  # noqa: E402
from coursebuild.site import build_site, page_name, site_exporter  # noqa: E402
from coursebuild.slides import REMOVE_INPUT, build_slides, deck_name, slides_exporter  # noqa: E402
from coursebuild.student import student_notebook  # noqa: E402
from coursebuild.testing import require_node_modules  # noqa: E402

# one 1x1 PNG, standing in for a stored figure
PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def synthetic_notebook():
    hidden = new_code_cell("hidden_plot_code = 'drawn by hidden_plot_code'\nprint('shown_text_output')",
                           outputs=[new_output("stream", name="stdout", text="shown_text_output\n"),
                                    new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})],
                           execution_count=2)
    hidden.metadata = {"slideshow": {"slide_type": "subslide"}, "tags": [REMOVE_INPUT]}
    shown = new_code_cell("visible_code_name = 1\nprint('visible_text_output')",
                          outputs=[new_output("stream", name="stdout", text="visible_text_output\n")],
                          execution_count=1)
    shown.metadata = {"slideshow": {"slide_type": "-"}}
    title = new_markdown_cell("# A deck with a figure")
    title.metadata = {"slideshow": {"slide_type": "slide"}}
    return new_notebook(cells=[title, shown, hidden])


def _checks_html(html):
    assert "hidden_plot_code" not in html          # the tagged cell's code is gone
    assert "shown_text_output" in html             # ... its outputs stay
    assert "data:image/png;base64," + PNG[:20] in html
    assert "visible_code_name" in html and "visible_text_output" in html   # untagged cells untouched


def test_exporters_drop_the_code_of_tagged_cells_and_keep_their_output():
    nb = synthetic_notebook()
    for exporter in (slides_exporter(), site_exporter()):
        html, _ = exporter.from_notebook_node(nb)
        _checks_html(html)


def test_deck_and_page_built_from_a_notebook_hide_the_code_and_keep_the_slides(tmp_path):
    require_node_modules()
    path = tmp_path / "01_hidden.ipynb"
    nbformat.write(synthetic_notebook(), path)
    before = path.read_bytes()
    (deck,) = build_slides([path], out=tmp_path / "slides", jobs=1)
    assert deck.name == deck_name(path)
    html = deck.read_text(encoding="utf-8")
    _checks_html(html)
    assert html.count("<section") >= sum(slide_counts(read(path)))  # the subslide is still a slide
    build_site([path], out=tmp_path / "site", jobs=1)
    _checks_html((tmp_path / "site" / page_name(path)).read_text(encoding="utf-8"))
    assert path.read_bytes() == before   # the notebook itself is not changed


def test_student_edition_and_notebook_keep_the_code_and_the_tag():
    nb = synthetic_notebook()
    student = student_notebook(nb, "01_hidden.ipynb")
    cell = student.cells[2]
    assert "hidden_plot_code" in cell.source
    assert REMOVE_INPUT in cell.metadata["tags"]
    assert cell.metadata["slideshow"] == {"slide_type": "subslide"}
