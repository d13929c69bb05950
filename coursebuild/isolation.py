"""Run the notebooks the same way on every machine, whatever the user's configuration.

A lecturer's ``~/.config/matplotlib/matplotlibrc`` with ``figure.dpi: 144`` turns every
stored "<Figure size 600x350 ...>" into "<Figure size 864x504 ...>"; an IPython startup
file or a profile setting (``InlineBackend.figure_formats = {'retina'}``) changes every
plot; a locale or a hash seed can change printed text. The kernels that nbval, nbclient
and ``jupyter nbconvert --execute`` start inherit the environment of the process that
starts them, so pointing these variables at fresh, empty folders before any kernel
starts isolates every notebook run:

- MPLCONFIGDIR (and no MATPLOTLIBRC): matplotlib reads no user matplotlibrc or style;
  a ``matplotlibrc`` in the notebook's own folder (notebooks/matplotlibrc, the course's
  figure style) still applies, as it does in JupyterLab;
- MPLBACKEND: the inline backend, as ipykernel would choose when nothing overrides it;
- IPYTHONDIR, JUPYTER_CONFIG_DIR, JUPYTER_DATA_DIR, JUPYTER_RUNTIME_DIR: no profile,
  startup file, kernel config or user-installed kernel spec of the user's;
- LC_ALL / LANG = C.UTF-8, PYTHONIOENCODING = utf-8, PYTHONHASHSEED = 0.

Used by coursebuild/pytest_plugin.py (every pytest run, via the root conftest.py) and by
``python -m coursebuild execute`` (``make notebooks``).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["INLINE_BACKEND", "isolated_environment", "isolate"]

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"

_FOLDERS = {
    "MPLCONFIGDIR": "matplotlib",
    "IPYTHONDIR": "ipython",
    "JUPYTER_CONFIG_DIR": "jupyter-config",
    "JUPYTER_DATA_DIR": "jupyter-data",
    "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
}
_REMOVED = ("MATPLOTLIBRC", "PYTHONSTARTUP", "LANGUAGE", "JUPYTER_PATH", "JUPYTER_PREFER_ENV_PATH",
            "PYTHONWARNINGS")
_SET = {
    "MPLBACKEND": INLINE_BACKEND,
    "LC_ALL": "C.UTF-8",
    "LANG": "C.UTF-8",
    "PYTHONIOENCODING": "utf-8",
    "PYTHONHASHSEED": "0",
}


def isolated_environment(base: Path | str | None = None, environ: dict | None = None) -> dict:
    """A copy of ``environ`` (default os.environ) isolated from user configuration.

    base: the folder to create the empty configuration folders in (default: a new
    temporary folder, left for the OS to clean).
    """
    env = dict(os.environ if environ is None else environ)
    base = Path(base) if base is not None else Path(tempfile.mkdtemp(prefix="nn-course-isolated-"))
    for variable, folder in _FOLDERS.items():
        path = base / folder
        path.mkdir(parents=True, exist_ok=True)
        env[variable] = str(path)
    for variable in _REMOVED:
        env.pop(variable, None)
    env.update(_SET)
    return env


def isolate(base: Path | str | None = None) -> dict:
    """Apply isolated_environment() to this process's os.environ (kernels started later inherit it)."""
    env = isolated_environment(base)
    for variable in [name for name in os.environ if name not in env]:
        del os.environ[variable]
    os.environ.update(env)
    return env
