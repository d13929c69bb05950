"""JupyterLab for students: the course's grading tools hidden from the student edition.

nbgrader is installed with the course (instructors export and grade with it, and the
tests run its autograder), and it brings a JupyterLab extension (an "Nbgrader" menu, a
"Validate" button, a "Create Assignment" sidebar) and four server extensions (formgrader,
assignment list, course list, validation). A student has no use for them and they crowd
the toolbar, so ``python -m coursebuild student-lab`` starts JupyterLab with one more
Jupyter configuration folder, ``student_jupyter_config/`` beside this file, that turns
them off. Jupyter reads the folders on ``JUPYTER_CONFIG_PATH`` before the environment's
own (``.venv/etc/jupyter``), so its settings win there; the user's own ``~/.jupyter``
still comes first and is left alone. ``make lab`` (the instructor edition) keeps nbgrader.

See https://jupyter.readthedocs.io/en/latest/use/jupyter-directories.html (the search
order of configuration folders) and JupyterLab's "disabledExtensions" page config.
"""
from __future__ import annotations

import os
from pathlib import Path

STUDENT_CONFIG = Path(__file__).resolve().parent / "student_jupyter_config"


def student_lab_environment(environ: dict | None = None) -> dict:
    """A copy of ``environ`` (default ``os.environ``) in which JupyterLab hides nbgrader.

    ``STUDENT_CONFIG`` goes first on ``JUPYTER_CONFIG_PATH``; any folders already there
    stay, after it.
    """
    environment = dict(os.environ if environ is None else environ)
    already = [part for part in environment.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if part]
    environment["JUPYTER_CONFIG_PATH"] = os.pathsep.join([str(STUDENT_CONFIG), *already])
    return environment
