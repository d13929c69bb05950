"""Screenshots of the student's path in a real browser: JupyterLab in headless Chromium.

Reproduces what issue #14 asks to be shown, as a student sees it in a 1400x900 window:

1. ``student_run_all_ch01.png``: chapter 01's student edition after Run All, scrolled to
   the first check cell: the "predict, then run" question, its unanswered cell and the check;
2. ``student_wrong_answer_ch01.png``: the first function exercise (``my_weighted_sum``)
   given a typical WRONG answer (``return np.dot(w, x)``, the bias forgotten), the
   exercise cell and its check re-run, scrolled to the check's message.

How: the student edition is built into a temporary folder (coursebuild.student.
build_student), JupyterLab is started headless on it (``--expose-app-in-browser`` so that
the page's ``window.jupyterapp`` runs JupyterLab's own commands, ``notebook:run-all-cells``
...), and Chromium is driven over the DevTools protocol by coursebuild/browser.py. User
settings, workspaces and saved solutions live in the temporary folder too (nothing in ~ or
in notebooks/my_solutions is touched; the news pop-up is off). Afterwards JupyterLab is
stopped and the folder deleted. The script also prints, from the notebook model, what
each check cell shows and fails if an error output carries a traceback frame of
nnhelpers or the answer key of the wrong-answer check.

Run from the repository root with the venv active (about a minute):

    nice -n 10 python bench/screenshot_student_path.py [--out docs/images] [--port 8899]

Needs Debian's ``chromium`` (or $CHROMIUM) and Pillow (to keep each PNG small).
Not a test: pytest does not collect bench/.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # coursebuild/ is project tooling, not an installed package

from coursebuild.lab import student_lab_environment  # noqa: E402
from coursebuild.browser import Browser  # noqa: E402
from coursebuild.student import build_student  # noqa: E402

CHAPTER = ROOT / "notebooks" / "01_a_single_neuron.ipynb"
WIDTH, HEIGHT = 1400, 900
WRONG_ANSWER = '''def my_weighted_sum(w, x, b):
    return np.dot(w, x)  # a typical mistake: the bias is forgotten
'''
EXERCISE_FUNCTION = "my_weighted_sum"
# what must never reach the student: our frames, the check's table of named mistakes
FORBIDDEN = ["nnhelpers/checks", "_feedback.py", "float(np.dot(w, x))", "site-packages/nnhelpers"]

# JavaScript run in the page -------------------------------------------------------------
PANEL = "window.jupyterapp.shell.currentWidget"
JS_READY = f"""(() => {{
  const app = window.jupyterapp; if (!app || !app.shell) return false;
  const panel = {PANEL}; if (!panel || !panel.content || !panel.sessionContext) return false;
  const s = panel.sessionContext.session;
  return panel.content.widgets.length > 0 && !!(s && s.kernel) && s.kernel.status === 'idle';
}})()"""
JS_CELLS = f"""(() => {{
  const nb = {PANEL}.content;
  return nb.widgets.map((cell, i) => {{
    const m = cell.model.toJSON();
    return {{index: i, type: m.cell_type, source: m.source, tags: (m.metadata || {{}}).tags || [],
             count: m.execution_count === undefined ? null : m.execution_count,
             outputs: m.outputs || []}};
  }});
}})()"""
JS_IDLE = f"""(() => {{
  const panel = {PANEL}; const k = panel.sessionContext.session.kernel;
  const busy = panel.content.widgets.some(c => c.model.type === 'code' &&
      (c.model.executionState === 'running' || c.promptNode && /\\*/.test(c.promptNode.textContent)));
  return k.status === 'idle' && !busy;
}})()"""


def js_scroll_to(index: int, gap: int = 8) -> str:
    """Select cell ``index`` and scroll it to the top of the notebook area (``gap`` px below it)."""
    return f"""(async () => {{
  const nb = {PANEL}.content;
  nb.activeCellIndex = {index};
  nb.mode = 'command';
  if (nb.scrollToItem) {{ await nb.scrollToItem({index}, 'start'); }}
  const cell = nb.widgets[{index}];
  cell.node.scrollIntoView({{block: 'start'}});
  const scroller = cell.node.closest('.jp-WindowedPanel-outer') || nb.node;
  scroller.scrollTop = Math.max(0, scroller.scrollTop - {gap});
  document.activeElement && document.activeElement.blur && document.activeElement.blur();
  return true;
}})()"""


def js_command(name: str) -> str:
    return f"window.jupyterapp.commands.execute({json.dumps(name)}).then(() => true)"


# helpers -------------------------------------------------------------------------------
def wait_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"JupyterLab did not answer at {url} within {timeout:.0f} s")


def wait(page, expression: str, timeout: float, what: str) -> None:
    if not page.wait_for(expression, timeout=timeout, interval=0.5):
        raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")


def settle(page, timeout: float = 120) -> None:
    """Wait until the kernel is idle and no cell is queued, twice in a row, 1 s apart."""
    deadline = time.monotonic() + timeout
    streak = 0
    while streak < 2:
        if time.monotonic() > deadline:
            raise RuntimeError("the kernel did not become idle")
        streak = streak + 1 if page.evaluate(JS_IDLE) else 0
        time.sleep(1.0)


def output_text(cell: dict) -> str:
    parts = []
    for out in cell["outputs"]:
        text = out.get("text", "")
        parts.append("".join(text) if isinstance(text, list) else text)
        if out.get("output_type") == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
            parts.extend(out.get("traceback", []))
        for mime, value in (out.get("data") or {}).items():
            if mime.startswith("text/"):
                parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def report(cells: list[dict], indices: list[int]) -> list[str]:
    """Print what the cells show; return the problems (forbidden text in their outputs)."""
    problems = []
    for i in indices:
        text = output_text(cells[i])
        print(f"--- cell {i} (execution count {cells[i]['count']}), source: {cells[i]['source'][:70]!r}")
        print("    " + "\n    ".join(text.strip().splitlines()[:12]))
        for bad in FORBIDDEN:
            if bad in text:
                problems.append(f"cell {i} shows {bad!r}")
    return problems


def save_png(raw: Path, target: Path, limit: int = 300_000) -> Path:
    """Write ``raw`` to ``target`` as a palette PNG if the full-colour one is over ``limit`` bytes."""
    try:
        from PIL import Image
    except ImportError:
        shutil.copyfile(raw, target)
        return target
    image = Image.open(raw).convert("RGB")
    image.save(target, optimize=True)
    if target.stat().st_size > limit:
        buffer = io.BytesIO()
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(buffer, "PNG", optimize=True)
        target.write_bytes(buffer.getvalue())
    return target


def markdown_above(cells: list[dict], index: int) -> int:
    """The markdown cell right above the code cells that end at ``index`` (the exercise's text)."""
    j = index
    while j > 0 and cells[j]["type"] == "code":
        j -= 1
    return j if cells[j]["type"] == "markdown" else index


def check_cell_after(cells: list[dict], index: int) -> int:
    for j in range(index + 1, len(cells)):
        if cells[j]["type"] == "code":
            return j
    raise RuntimeError(f"no code cell after cell {index}")


# the run -------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--port", type=int, default=8899)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (for debugging)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    tmp = Path(tempfile.mkdtemp(prefix="student-path-"))
    lab = None
    try:
        course = tmp / "course"
        (built,) = build_student([CHAPTER], out=course)
        settings = tmp / "settings" / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True)
        (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false", "checkForUpdates": false}')
        # the student's JupyterLab, as `make student-lab` starts it (nbgrader hidden)
        env = student_lab_environment(dict(os.environ, NNHELPERS_SOLUTIONS_DIR=str(tmp / "my_solutions"),
                                           JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
                                           JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
                                           JUPYTER_RUNTIME_DIR=str(tmp / "runtime")))
        lab = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={args.port}",
             "--ServerApp.port_retries=0", "--ServerApp.token=", "--ServerApp.password=",
             f"--ServerApp.root_dir={course}", "--expose-app-in-browser", "--LabApp.news_url=None",
             *(["--allow-root"] if os.geteuid() == 0 else [])],
            cwd=course, env=env, stdout=open(tmp / "lab.log", "w"), stderr=subprocess.STDOUT,
            start_new_session=True)
        base = f"http://127.0.0.1:{args.port}"
        wait_http(f"{base}/api/status", 90)
        print(f"JupyterLab up on {base} (pid {lab.pid}), serving {course}")

        with Browser(width=WIDTH, height=HEIGHT, timeout=60) as browser:
            page = browser.open(f"{base}/lab/tree/{built.name}?reset")
            wait(page, JS_READY, 180, "the notebook and an idle kernel")
            time.sleep(2)

            # 1. Run All, then the first check cell
            page.evaluate(js_command("notebook:run-all-cells"))
            time.sleep(2)
            settle(page, timeout=300)
            cells = page.evaluate(JS_CELLS)
            code = [c for c in cells if c["type"] == "code" and c["source"].strip()]
            not_run = [c["index"] for c in code if c["count"] is None]
            print(f"Run All: {len(code)} code cells, not run: {not_run or 'none'}")
            checks = [c["index"] for c in code if "check_" in c["source"]]
            problems = report(cells, checks)
            first_check = checks[0]
            page.evaluate(js_scroll_to(markdown_above(cells, first_check)))  # question, answer, check
            time.sleep(1.5)
            raw = page.screenshot(tmp / "run_all.png")
            shown = save_png(raw, args.out / "student_run_all_ch01.png")
            print(f"wrote {shown} ({shown.stat().st_size // 1000} KB)")

            # 2. A typical wrong answer in the first function exercise, re-run with its check
            exercise = next(c["index"] for c in cells if c["type"] == "code"
                            and f"def {EXERCISE_FUNCTION}(" in c["source"])
            check = check_cell_after(cells, exercise)
            before = cells[check]["count"]
            page.evaluate(f"""(() => {{
              const cell = {PANEL}.content.widgets[{exercise}];
              cell.model.sharedModel.setSource({json.dumps(WRONG_ANSWER.rstrip())});
              return true; }})()""")
            page.evaluate(js_scroll_to(exercise))
            page.evaluate(js_command("notebook:run-cell-and-select-next"))  # the exercise
            page.evaluate(js_command("notebook:run-cell-and-select-next"))  # its check
            wait(page, f"{PANEL}.content.widgets[{check}].model.executionCount !== {json.dumps(before)}"
                       f" && {PANEL}.content.widgets[{check}].model.executionCount !== null", 120,
                 "the check to run again")
            settle(page)
            cells = page.evaluate(JS_CELLS)
            problems += report(cells, [exercise, check])
            page.evaluate(js_scroll_to(markdown_above(cells, exercise)))  # task, answer, check
            time.sleep(1.5)
            raw = page.screenshot(tmp / "wrong_answer.png")
            shown = save_png(raw, args.out / "student_wrong_answer_ch01.png")
            print(f"wrote {shown} ({shown.stat().st_size // 1000} KB)")
            page.evaluate(f"{PANEL}.sessionContext.shutdown().then(() => true)")
        for problem in problems:
            print("PROBLEM:", problem)
        return 1 if problems else 0
    finally:
        if lab is not None:
            os.killpg(lab.pid, signal.SIGTERM)  # the server and the kernels it started
            try:
                lab.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(lab.pid, signal.SIGKILL)
                lab.wait()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
