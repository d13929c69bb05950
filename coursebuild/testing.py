"""Shared set-up for the build tests (tests/test_slides.py, tests/test_site.py).

The decks and pages need Chromium (to be looked at) and node_modules/ (the local
reveal.js and MathJax). On a developer's machine without them those tests skip;
in CI (the CI environment variable is set) they fail instead, so a missing install
step in .ci/run cannot pass unnoticed.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from coursebuild import ROOT
from coursebuild.assets import NODE_MODULES
from coursebuild.browser import find_chromium

__all__ = ["require_chromium", "require_node_modules", "build_for_tests", "tiny_notebook", "run_nbval"]

_built: dict[str, Path] = {}


def _missing(what: str, how: str) -> None:
    message = f"{what} is missing: {how}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (.ci/run installs it; this is CI, so not skipping)")
    pytest.skip(message)


def require_chromium() -> str:
    binary = find_chromium()
    if not binary:
        _missing("Chromium", "apt-get install chromium (or set $CHROMIUM)")
    return binary


def require_node_modules() -> None:
    if not (NODE_MODULES / "reveal.js").exists() or not (NODE_MODULES / "mathjax").exists():
        _missing("node_modules/", f"run `npm ci` in {ROOT}")


def build_for_tests(tmp_path_factory) -> Path:
    """Build student edition, decks and site of the real notebooks once per test session."""
    from coursebuild.site import build_site
    from coursebuild.slides import build_slides
    from coursebuild.student import build_student

    require_node_modules()
    if "build" not in _built:
        out = tmp_path_factory.mktemp("coursebuild")
        build_student(out=out / "student")
        build_slides(out=out / "slides")
        build_site(out=out / "site")
        _built["build"] = out
    return _built["build"]


# --- tiny notebooks run through nbval in a subprocess (tests/test_isolation.py, test_build_images.py)

TINY_PLOT = """import matplotlib
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot([0, 1, 2], {ys}, label="a line")
ax.set_title("a plot")
ax.legend()
plt.show()"""


def tiny_notebook(folder: Path, ys=(0, 1, 4), name: str = "tiny.ipynb") -> Path:
    """Write and execute (storing outputs) a notebook whose one cell draws a 600x350 plot."""
    import nbformat
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_notebook

    folder.mkdir(parents=True, exist_ok=True)
    nb = new_notebook(cells=[new_code_cell(TINY_PLOT.format(ys=list(ys))),
                             new_code_cell('print(matplotlib.rcParams["figure.dpi"])')])
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    path = folder / name
    nbformat.write(nb, path)
    return path


def run_nbval(notebook: Path, env: dict | None = None, *options: str):
    """``pytest --nbval notebook`` in a subprocess with only the course plugin (no project
    conftest or ini): returns the CompletedProcess (stdout and stderr together)."""
    import subprocess
    import sys

    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "coursebuild.pytest_plugin",
               "--nbval", "--nbval-current-env", *options, notebook.name]
    return subprocess.run(command, cwd=notebook.parent, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=600)
