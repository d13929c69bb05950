"""The README's chapter table matches the chapters: one row per notebook, in course order,
each titled exactly as the notebook's first heading."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coursebuild.notebooks import _plain, course_notebooks, read, title  # noqa: E402

README = (ROOT / "README.md").read_text(encoding="utf-8")
ROWS = re.findall(r"^\|\s*\[([^\]]+)\]\((notebooks/[^)]+\.ipynb)\)", README, re.MULTILINE)


def test_readme_lists_every_chapter_in_order():
    assert [link for _, link in ROWS] == [f"notebooks/{p.name}" for p in course_notebooks()]


def test_readme_titles_are_the_chapters_first_headings():
    for text, link in ROWS:
        path = ROOT / link
        assert _plain(text) == title(read(path)), f"README says {text!r}, {path.name} starts with {title(read(path))!r}"
