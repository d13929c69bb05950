"""`python -m coursebuild student-lab` hides nbgrader from students (issue 14).

nbgrader is installed with the course for instructors and tests; the student's JupyterLab
must show neither its menu/toolbar/sidebar (a JupyterLab extension) nor its pages (server
extensions). These tests start a real JupyterLab with the student environment and read
what it serves.
"""
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from coursebuild.lab import STUDENT_CONFIG, student_lab_environment

pytest.importorskip("nbgrader")
JUPYTER = Path(sys.executable).parent / "jupyter"


def _installed_nbgrader_server_extensions() -> set[str]:
    from jupyter_core.paths import jupyter_config_path

    names = set()
    for folder in jupyter_config_path():
        for path in Path(folder).glob("jupyter_server_config.d/*.json"):
            enabled = json.loads(path.read_text()).get("ServerApp", {}).get("jpserver_extensions", {})
            names |= {name for name in enabled if name.startswith("nbgrader")}
    return names


def test_every_installed_nbgrader_extension_is_switched_off():
    """If a new nbgrader adds an extension, this names it (the config lists them one by one)."""
    switched = json.loads((STUDENT_CONFIG / "jupyter_server_config.json").read_text())
    off = {name for name, on in switched["ServerApp"]["jpserver_extensions"].items() if on is False}
    installed = _installed_nbgrader_server_extensions()
    assert installed, "nbgrader's server extensions were not found in any Jupyter config folder"
    assert installed <= off
    page = json.loads((STUDENT_CONFIG / "labconfig" / "page_config.json").read_text())
    lab_extension = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter" / "nbgrader"
    assert lab_extension.is_dir() and page["disabledExtensions"] == {"@jupyter/nbgrader": True}


def test_the_environment_keeps_other_config_folders_after_ours():
    environment = student_lab_environment({"JUPYTER_CONFIG_PATH": "/a:/b", "HOME": "/h"})
    assert environment["JUPYTER_CONFIG_PATH"].split(":") == [str(STUDENT_CONFIG), "/a", "/b"]
    assert environment["HOME"] == "/h"
    assert student_lab_environment({})["JUPYTER_CONFIG_PATH"] == str(STUDENT_CONFIG)


def test_student_lab_starts_jupyterlab_with_that_environment(monkeypatch, tmp_path):
    import subprocess as real_subprocess

    import coursebuild.__main__ as cli

    calls = []
    monkeypatch.setattr(cli, "student", lambda args: None)  # the edition itself is tested elsewhere
    monkeypatch.setattr(real_subprocess, "call", lambda command, env=None: calls.append((command, env)) or 0)
    assert cli.main(["--build", str(tmp_path), "student-lab", "--port", "8890"]) == 0
    (command, env), = calls
    assert command[1:] == ["lab", str(tmp_path / "student"), "--port", "8890"]
    assert env["JUPYTER_CONFIG_PATH"].split(":")[0] == str(STUDENT_CONFIG)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(environment, root: Path):
    """Start JupyterLab, yield a function GET path -> (status, text); stop it afterwards."""
    port, token = _free_port(), "coursebuild-test"
    server = subprocess.Popen(
        [str(JUPYTER), "lab", "--no-browser", "--allow-root", f"--port={port}",
         f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}"],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def get(path):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}?token={token}", timeout=10) as reply:
                return reply.status, reply.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                get("api/status")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("JupyterLab did not start") from None
                time.sleep(0.5)
        yield get
    finally:
        server.terminate()
        server.wait(timeout=30)


def _disabled_extensions(page: str) -> list:
    data = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(data.group(1))["disabledExtensions"]


def test_the_students_jupyterlab_shows_no_nbgrader_and_the_instructors_does(tmp_path):
    environment = {key: value for key, value in student_lab_environment().items()
                   if key != "JUPYTER_CONFIG_DIR"}
    environment["JUPYTER_CONFIG_DIR"] = str(tmp_path / "user-config")  # no user settings of the test machine
    for get in _serve(environment, tmp_path):
        status, page = get("lab")
        assert status == 200 and "@jupyter/nbgrader" in _disabled_extensions(page)
        assert get("formgrader")[0] == 404
    instructor = dict(environment, JUPYTER_CONFIG_PATH="")
    for get in _serve(instructor, tmp_path):
        status, page = get("lab")
        assert status == 200 and "@jupyter/nbgrader" not in _disabled_extensions(page)
        assert get("formgrader")[0] == 200
