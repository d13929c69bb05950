"""Builds what students and instructors use from the course notebooks.

    python -m coursebuild student   # build/student/: notebooks with the exercise answers taken out
    python -m coursebuild slides    # build/slides/:  offline reveal.js decks, one per notebook
    python -m coursebuild site      # build/site/:    the notebooks as HTML plus an index page
    python -m coursebuild all       # all three

Everything is generic: it works on whatever ``notebooks/NN_*.ipynb`` exist. This is
build tooling for the course, not part of ``nnhelpers`` (the students' library).
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
