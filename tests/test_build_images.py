"""Stored plots are compared with fresh renders (coursebuild/pytest_plugin.py).

nbval alone compares text only, so a plot that changed, broke or went empty would pass.
Here a notebook is stored from a clean run; its test passes as stored, and fails, with
a message naming the cell and the files to look at, once its stored plot is replaced by
the render of a different line.
"""
import copy
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coursebuild.pytest_plugin import IMAGE_TOLERANCE, compare_png  # noqa: E402
from coursebuild.testing import run_nbval, tiny_notebook  # noqa: E402


def png_of(path):
    nb = nbformat.read(path, as_version=4)
    (png,) = [o["data"]["image/png"] for o in nb.cells[0].outputs if "image/png" in o.get("data", {})]
    return png


@pytest.fixture(scope="module")
def plots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("images")
    return tiny_notebook(folder / "a"), tiny_notebook(folder / "b", ys=(0, 2, 3))


def test_same_plot_agrees_and_a_changed_line_is_far_outside_the_tolerance(plots):
    stored, changed = plots
    assert compare_png(png_of(stored), png_of(stored)) == (None, 0.0)
    problem, rms = compare_png(png_of(stored), png_of(changed))
    assert problem and "RMS pixel difference" in problem
    assert rms > 2 * IMAGE_TOLERANCE, rms


def test_a_plot_of_another_size_is_named(tmp_path):
    import base64
    import io

    from PIL import Image

    def png(width, height):
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
        return base64.b64encode(buffer.getvalue()).decode()

    problem, _ = compare_png(png(600, 350), png(864, 504))
    assert problem == "the plot is 864x504 px, the stored one 600x350 px"


def test_nbval_passes_a_notebook_whose_plots_are_as_stored(plots):
    result = run_nbval(plots[0])
    assert result.returncode == 0, result.stdout[-3000:]


def test_nbval_fails_a_notebook_whose_stored_plot_was_changed(plots, tmp_path):
    stored, changed = plots
    nb = nbformat.read(stored, as_version=4)
    edited = copy.deepcopy(nb)
    for output in edited.cells[0].outputs:
        if "image/png" in output.get("data", {}):
            output["data"]["image/png"] = png_of(changed)
    target = tmp_path / "tiny.ipynb"
    nbformat.write(edited, target)
    result = run_nbval(target)
    assert result.returncode != 0
    assert "tiny.ipynb, cell 0, plot 1: the plot differs from the stored one" in result.stdout, result.stdout[-3000:]
    assert "make notebooks" in result.stdout and "_diff.png" in result.stdout
    # and nbval's text comparison alone would have passed it
    assert run_nbval(target, None, "--nbval-image-tolerance=-1").returncode == 0
