"""`python -m coursebuild check-slides [NOTEBOOK ...]`: build and check only the decks named.

A notebook is named by its path or its chapter's number (07, 7, 04b); a name that is
neither is refused with what was seen and what is expected, before anything is built.
One tiny synthetic deck is built and opened in Chromium (a few seconds): the real
chapters' decks are checked in tests/test_slides.py.
"""
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # coursebuild/ is project tooling, not an installed package

from coursebuild.__main__ import _chapter_notebook, main  # noqa: E402
from coursebuild.notebooks import course_notebooks  # noqa: E402
from coursebuild.testing import require_chromium, require_node_modules  # noqa: E402


def test_a_chapter_number_names_its_notebook():
    chapter_07 = next(path for path in course_notebooks() if path.name.startswith("07_"))
    assert _chapter_notebook("07") == _chapter_notebook("7") == chapter_07
    assert _chapter_notebook("04b").name.startswith("04b_")
    assert _chapter_notebook(str(chapter_07)) == chapter_07


@pytest.mark.parametrize("argument, words", [
    ("99", "no chapter '99' in notebooks/: expected one of 00, 01,"),
    ("4c", "no chapter '4c'"),
    ("notebooks/07_no_such_chapter.ipynb", "no such notebook: notebooks/07_no_such_chapter.ipynb (expected the path"),
    ("notebooks", "notebooks is not a notebook: expected an .ipynb file"),
    ("Makefile", "Makefile is not a notebook"),
])
def test_bad_notebook_arguments_are_refused_with_what_was_seen(argument, words, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    with pytest.raises(SystemExit) as stopped:
        main(["--build", str(tmp_path), "check-slides", argument])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert f"argument NOTEBOOK: {words}" in error, error
    assert not (tmp_path / "slides").exists()  # refused before anything was built


def test_check_slides_builds_and_checks_only_the_named_deck(tmp_path, capsys):
    require_chromium()
    require_node_modules()
    long_line = "total = " + " + ".join(["1"] * 40)
    nb = new_notebook(cells=[new_markdown_cell("# A deck\n\nWith $x^2$."), new_code_cell(long_line)])
    for made in nb.cells:
        made.metadata["slideshow"] = {"slide_type": "slide"}
    path = tmp_path / "01_tiny.ipynb"
    nbformat.write(nb, path)
    stale = tmp_path / "build" / "slides" / "02_stale.slides.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("<html>not a deck</html>")  # would fail the check if it were opened

    code = main(["--build", str(tmp_path / "build"), "check-slides", "--strict", str(path), str(path)])
    said = capsys.readouterr().out
    assert code == 1, said  # --strict: the long line is a problem (it scrolls sideways, and is too long)
    assert "built 1 deck(s)" in said and "01_tiny.slides.html: 2 slides, 1/1 formulas typeset, 2 problem(s)" in said
    assert "code/output block(s) scroll sideways" in said
    assert f"cell 1, line 1: {len(long_line)} characters" in said
    assert "2 problem(s) in 1 decks" in said and "02_stale" not in said
    assert (tmp_path / "build" / "slides" / "01_tiny.slides.html").exists()
