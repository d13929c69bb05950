"""`pytest --nbval` passes whatever the user's matplotlib, IPython, Jupyter or locale settings.

A notebook that draws a 600x350 figure is stored from a clean run, then tested with
nbval in a subprocess whose environment is hostile: a home folder whose matplotlibrc
(found through HOME, XDG_CONFIG_HOME, MPLCONFIGDIR and MATPLOTLIBRC) sets
``figure.dpi: 144``, an IPython profile with a startup file that changes rcParams and
a kernel config asking for retina figures, and a German locale. With the course's
isolation (coursebuild/isolation.py, via the root conftest.py's plugin) it passes;
with ``--no-isolation`` the same run fails on "864x504", which shows the hostile set-up bites.
"""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coursebuild.isolation import isolated_environment  # noqa: E402
from coursebuild.testing import run_nbval, tiny_notebook  # noqa: E402

HOSTILE_RC = "figure.dpi: 144\nfont.size: 17\nlines.linewidth: 4\n"


def hostile_environment(home: Path) -> dict:
    config = home / ".config"
    for folder in (config / "matplotlib", home / ".matplotlib", home / "mplconfig"):
        folder.mkdir(parents=True)
        (folder / "matplotlibrc").write_text(HOSTILE_RC)
    profile = home / ".ipython" / "profile_default"
    (profile / "startup").mkdir(parents=True)
    (profile / "startup" / "00-hostile.py").write_text(
        "import matplotlib\nmatplotlib.rcParams['figure.dpi'] = 144\nmatplotlib.rcParams['axes.grid'] = True\n")
    (profile / "ipython_kernel_config.py").write_text("c.InlineBackend.figure_formats = {'retina'}\n")
    jupyter = home / ".jupyter"
    jupyter.mkdir()
    (jupyter / "ipython_kernel_config.py").write_text("c.InlineBackend.figure_formats = {'retina'}\n")
    env = dict(os.environ)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(config), MPLCONFIGDIR=str(home / "mplconfig"),
               MATPLOTLIBRC=str(home / "mplconfig" / "matplotlibrc"), IPYTHONDIR=str(home / ".ipython"),
               JUPYTER_CONFIG_DIR=str(jupyter), LC_ALL="de_DE.UTF-8", LANG="de_DE.UTF-8",
               MPLBACKEND="module://matplotlib_inline.backend_inline")
    return env


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return tiny_notebook(tmp_path_factory.mktemp("isolation") / "plots")


def test_nbval_passes_under_a_hostile_user_configuration(tiny, tmp_path):
    result = run_nbval(tiny, hostile_environment(tmp_path / "home"))
    assert result.returncode == 0, result.stdout[-3000:]
    assert "2 passed" in result.stdout


def test_without_isolation_the_hostile_configuration_does_break_the_run(tiny, tmp_path):
    result = run_nbval(tiny, hostile_environment(tmp_path / "home"), "--no-isolation")
    assert result.returncode != 0
    assert "864x504" in result.stdout or "144" in result.stdout, result.stdout[-3000:]


def test_isolated_environment_points_configuration_at_fresh_folders(tmp_path):
    env = isolated_environment(tmp_path, {"MATPLOTLIBRC": "/home/me/rc", "HOME": "/home/me", "LC_ALL": "de_DE"})
    for variable in ("MPLCONFIGDIR", "IPYTHONDIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR"):
        assert Path(env[variable]).is_dir() and not any(Path(env[variable]).iterdir())
        assert Path(env[variable]).is_relative_to(tmp_path)
    assert "MATPLOTLIBRC" not in env and env["LC_ALL"] == "C.UTF-8" and env["HOME"] == "/home/me"
    assert env["MPLBACKEND"] == "module://matplotlib_inline.backend_inline"


def test_this_test_run_is_isolated():
    """The root conftest.py has isolated this very process (kernels started by nbval inherit it)."""
    import matplotlib

    assert "MATPLOTLIBRC" not in os.environ
    assert matplotlib.get_backend().lower() == "agg"
    assert not any(Path(os.environ["IPYTHONDIR"]).glob("profile_*/startup/*.py"))
