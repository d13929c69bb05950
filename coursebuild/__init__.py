"""Builds what students and instructors use from the course notebooks.

    python -m coursebuild student       # build/student/: notebooks with the exercise answers taken out
    python -m coursebuild student-lab   # the same, then JupyterLab on build/student/ (for students)
    python -m coursebuild slides        # build/slides/:  offline reveal.js decks, one per notebook
    python -m coursebuild site          # build/site/:    the notebooks as HTML plus an index page
    python -m coursebuild all           # all three
    python -m coursebuild check-slides [07 ...]  # which slides break the deck rules (headless Chromium)
    python -m coursebuild execute       # re-run the chapters, isolated from user settings, storing outputs
    python -m coursebuild grade DIR     # build/grading/: gradebook.csv and feedback pages of submitted notebooks
    python -m coursebuild nbgrader      # build/nbgrader/source/: the chapters with nbgrader cell metadata

Run from the project root; decks and site need ``npm ci`` first (package.json). Decks
and pages show the student edition's stub in place of each answer unless given
``--answers``. Everything is generic: it works on whatever ``notebooks/NN_*.ipynb``
exist (NNx_ names such as 04b_ sort between NN and NN+1). This is build tooling for the course, not part of ``nnhelpers`` (the
students' library). docs/teaching.md explains the whole workflow.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
