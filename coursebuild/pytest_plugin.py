"""pytest plugin for the course's notebook tests (loaded by the root conftest.py).

1. Isolation. Before any kernel starts, the test process's environment is isolated from
   the user's configuration (coursebuild/isolation.py): no user matplotlibrc, IPython
   profile or startup file, Jupyter config, locale or hash seed reaches a notebook, so
   ``pytest --nbval`` gives the same outputs on a student's laptop and in CI. In this
   process matplotlib uses the non-interactive Agg backend (a unit test's plt.show()
   never opens a window).

2. Plots are compared. nbval compares text outputs only (it skips image/png). After
   nbval's own comparison of a cell passes, every stored PNG is compared with the fresh
   render: same number of images, same size in pixels, and a root-mean-square pixel
   difference (0-255 scale, over RGB(A)) of at most ``--nbval-image-tolerance``
   (default IMAGE_TOLERANCE). A cell tagged ``nbval-ignore-output`` is not compared at
   all, as before. On a difference, the stored, fresh and difference images are written
   to build/image-diffs/ and the failure names them. Stored outputs are regenerated
   with ``make notebooks``.
"""
from __future__ import annotations

import base64
import io
import os
import re
from pathlib import Path

import pytest

from coursebuild import BUILD
from coursebuild.isolation import isolate

__all__ = ["IMAGE_TOLERANCE", "compare_png", "DIFF_FOLDER"]

# RMS pixel difference on a 0-255 scale. The same code with the pinned versions renders
# identical pixels (RMS 0); a moved line, a changed colour or a missing curve in a
# 600x350 plot gives an RMS well above 5 (tests/test_build_images.py measures it).
IMAGE_TOLERANCE = 2.0
DIFF_FOLDER = BUILD / "image-diffs"


def pytest_addoption(parser):
    group = parser.getgroup("course", "course notebook tests")
    group.addoption("--nbval-image-tolerance", type=float, default=IMAGE_TOLERANCE,
                    help="largest RMS pixel difference (0-255) allowed between a stored plot and its "
                         f"fresh render (default {IMAGE_TOLERANCE}); a negative value skips image comparison")
    group.addoption("--no-isolation", action="store_true",
                    help="run kernels with the user's own matplotlib/IPython/Jupyter configuration")


def pytest_configure(config):
    if not config.getoption("no_isolation", False):
        isolate()
        import matplotlib

        matplotlib.use("Agg")  # this process only; kernels get the inline backend from MPLBACKEND
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:  # nbval not installed: nothing to hook
        return
    if not getattr(IPyNbCell.compare_outputs, "_compares_images", False):
        IPyNbCell.compare_outputs = _with_images(IPyNbCell.compare_outputs)


def _decode(png) -> "np.ndarray":  # noqa: F821
    import numpy as np
    from PIL import Image

    data = base64.b64decode("".join(png) if isinstance(png, list) else png)
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGBA"), dtype=float)


def compare_png(stored, fresh, tolerance: float = IMAGE_TOLERANCE) -> tuple[str | None, float]:
    """(None, rms) if two base64 PNGs agree within ``tolerance``, else (what differs, rms)."""
    import numpy as np

    a, b = _decode(stored), _decode(fresh)
    if a.shape != b.shape:
        return (f"the plot is {b.shape[1]}x{b.shape[0]} px, the stored one {a.shape[1]}x{a.shape[0]} px",
                float("inf"))
    rms = float(np.sqrt(np.mean((a - b) ** 2)))
    if rms > tolerance:
        return f"the plot differs from the stored one: RMS pixel difference {rms:.2f} > {tolerance}", rms
    return None, rms


def _pngs(outputs) -> list:
    return [output["data"]["image/png"] for output in outputs
            if "data" in output and "image/png" in output["data"]]


def _save_diff(stored, fresh, name: str) -> list[Path]:
    import numpy as np
    from PIL import Image

    DIFF_FOLDER.mkdir(parents=True, exist_ok=True)
    paths = []
    for suffix, png in (("stored", stored), ("fresh", fresh)):
        path = DIFF_FOLDER / f"{name}_{suffix}.png"
        path.write_bytes(base64.b64decode("".join(png) if isinstance(png, list) else png))
        paths.append(path)
    a, b = _decode(stored), _decode(fresh)
    if a.shape == b.shape:
        diff = np.abs(a - b)[..., :3].max(axis=2)
        path = DIFF_FOLDER / f"{name}_diff.png"
        Image.fromarray((255 - np.clip(diff * 4, 0, 255)).astype("uint8")).save(path)
        paths.append(path)
    return paths


def _with_images(compare_outputs):
    def compare_outputs_and_images(self, test, ref, skip_compare=None):
        if not compare_outputs(self, test, ref, skip_compare):
            return False
        tolerance = self.config.getoption("nbval_image_tolerance", IMAGE_TOLERANCE)
        if tolerance is None or tolerance < 0:
            return True
        stored, fresh = _pngs(ref), _pngs(test)
        where = f"{Path(str(self.fspath)).name}, cell {self.cell_num}"
        if len(stored) != len(fresh):
            self.comparison_traceback.append(
                f"{where}: {len(fresh)} plot(s) drawn, {len(stored)} stored. "
                "Regenerate the stored outputs with `make notebooks` if the change is intended.")
            return False
        for number, (old, new) in enumerate(zip(stored, fresh)):
            problem, _ = compare_png(old, new, tolerance)
            if problem:
                name = re.sub(r"\W+", "_", f"{Path(str(self.fspath)).stem}_cell{self.cell_num}_plot{number}")
                saved = _save_diff(old, new, name)
                self.comparison_traceback.append(
                    f"{where}, plot {number + 1}: {problem}.\n"
                    f"  stored / fresh / difference: {', '.join(os.path.relpath(p) for p in saved)}\n"
                    "  Regenerate the stored outputs with `make notebooks` if the change is intended.")
                return False
        return True

    compare_outputs_and_images._compares_images = True
    return compare_outputs_and_images
