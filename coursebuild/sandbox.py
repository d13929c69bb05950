"""Run one untrusted submission in a fresh kernel, inside a child process with limits.

``python -m coursebuild.sandbox JOB.json RESULT.json`` runs one job; coursebuild/grade.py
calls the same `main` in a process forked from a fork server that has nbclient imported
already (a second or two saved per submission), one process per submission. This process
(the "wrapper") is the grader's own code; it

1. sets resource limits on itself, which the kernel it starts inherits (a limit set
   with setrlimit holds for every process started afterwards): address space
   (RLIMIT_AS: a 20 GiB allocation raises MemoryError in the student's cell), CPU
   seconds (a backstop if a kernel outlives its wrapper) and file size;
2. points the kernel's environment at the submission's own temporary folder (HOME,
   TMPDIR, IPython and Jupyter folders, my_solutions/), isolated from the instructor's
   configuration (coursebuild/isolation.py), with no .pyc writing and matplotlib's
   non-interactive Agg backend (plots are not graded, so none are drawn into outputs);
3. executes, with nbclient, in ONE fresh kernel: the guard cell (coursebuild/_kernel_guard.py,
   an audit hook that refuses writes outside the folder), the student's code cells in
   their order, each with a time limit (nbclient interrupts the kernel and goes on) and
   errors allowed (a crash in exercise 1 does not stop exercise 2), cells after the
   notebook's time budget skipped, and last the grader's cells (coursebuild/_kernel_grader.py),
   one per exercise;
4. keeps at most ``max_output_bytes`` of the kernel's outputs (a print loop of
   megabytes is dropped, and reported); the grade output is recognised by its MIME
   type and the run's nonce, and only in the grader's own cell;
5. if the kernel dies in a student cell (os._exit, a segfault, the CPU limit), runs the
   notebook again in a new kernel without that cell; if it dies while a check runs an
   answer, that exercise is an error and the notebook runs again for the others (at most
   ``MAX_RESTARTS`` restarts in all), so one deadly cell or answer costs only itself;
6. writes RESULT.json atomically: the grade results (or None), the per-cell problems and
   the events to report. It also writes the kernel's pid to ``kernel_pid_file``, so that
   grade.py can kill a kernel whose wrapper it had to kill.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

__all__ = ["GRADE_MIME", "MAX_RESTARTS", "run_job", "main", "write_json_atomically"]

GRADE_MIME = "application/vnd.coursebuild.grade+json"
MAX_RESTARTS = 2
_HERE = Path(__file__).resolve().parent


def write_json_atomically(path: Path, data) -> None:
    """Write ``data`` as JSON to ``path`` so that a reader sees the old file or the whole new one."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps(data, indent=1, ensure_ascii=False))
    os.replace(partial, path)


def set_limits(memory_bytes: int | None, cpu_seconds: int | None, file_bytes: int | None) -> None:
    """Lower this process's limits (and so its children's); never raises a hard limit."""
    for which, value in ((resource.RLIMIT_AS, memory_bytes), (resource.RLIMIT_CPU, cpu_seconds),
                         (resource.RLIMIT_FSIZE, file_bytes)):
        if value:
            soft, hard = resource.getrlimit(which)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (value, hard if which != resource.RLIMIT_CPU else hard))


def kernel_environment(work: Path, mplconfig: str | None, threads: int | None) -> dict:
    """The environment the kernel starts with: everything writable lives under ``work``."""
    from coursebuild.isolation import isolated_environment

    env = isolated_environment(base=work / ".config")
    for variable in ("HOME", "TMPDIR", "NNHELPERS_SOLUTIONS_DIR"):
        env.pop(variable, None)
    (work / "tmp").mkdir(exist_ok=True)
    env.update({"HOME": str(work), "TMPDIR": str(work / "tmp"), "PYTHONDONTWRITEBYTECODE": "1",
                "NNHELPERS_SOLUTIONS_DIR": str(work / "my_solutions"), "MPLBACKEND": "agg"})
    if mplconfig:  # a font cache the grader built once: read-only for the kernel
        env["MPLCONFIGDIR"] = mplconfig
    if threads:
        for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[variable] = str(threads)
    return env


def _source_call(module: str, call: str) -> str:
    """The text of coursebuild/<module>.py followed by ``call``: a cell that needs no import of ours."""
    return (_HERE / f"{module}.py").read_text() + "\n\n" + call + "\n"


def _output_size(output) -> int:
    text = output.get("text", "")
    size = len(text) if isinstance(text, str) else sum(map(len, text))
    for value in output.get("data", {}).values():
        size += len(value) if isinstance(value, str) else len(json.dumps(value))
    return size + sum(map(len, output.get("traceback", [])))


def _make_client(nb, job: dict):
    from nbclient import NotebookClient

    class CappedClient(NotebookClient):
        """A NotebookClient that keeps at most ``max_output_bytes`` of output in all (grade output apart)."""

        kept_bytes = 0
        dropped_bytes = 0

        def output(self, outs, msg, display_id, cell_index):
            out = super().output(outs, msg, display_id, cell_index)
            if out is None or GRADE_MIME in out.get("data", {}):
                return out
            size = _output_size(out)
            if self.kept_bytes + size > job["max_output_bytes"]:
                outs.remove(out)
                self.dropped_bytes += size
                return None
            self.kept_bytes += size
            return out

    timeout_error = {"ename": "CellTimeoutError", "evalue": "the cell ran over the grader's time limit",
                     "traceback": []}
    return CappedClient(nb, timeout=job["cell_timeout"], kernel_name="python3", allow_errors=True,
                        interrupt_on_timeout=True, error_on_timeout=timeout_error, iopub_timeout=10,
                        startup_timeout=120, record_timing=False, shutdown_kernel="immediate",
                        resources={"metadata": {"path": job["work"]}})


class KernelDied(Exception):
    """The kernel died while running student cell ``index`` (None: while a check ran an answer)."""

    def __init__(self, index: int | None):
        super().__init__(index)
        self.index = index


def _errors(cell) -> list[str]:
    return [f"{o.get('ename', '')}: {o.get('evalue', '')}"[:300] for o in cell.get("outputs", [])
            if o.get("output_type") == "error"]


def _grade_output(cell, nonce: str):
    for output in cell.get("outputs", []):
        data = output.get("data", {}).get(GRADE_MIME)
        if isinstance(data, dict) and data.get("nonce") == nonce:
            return data.get("results")
    return None


def _execute_once(job: dict, skipped: set[int], graded: dict, events: list[str], started: float) -> dict:
    """One fresh kernel over the notebook, minus ``skipped`` cells, then a grader cell per exercise
    not yet in ``graded``. Raises KernelDied (with the student cell's index, or None when an answer
    killed it during its check: that exercise is then recorded in ``graded`` as an error)."""
    import nbformat
    from nbclient.exceptions import DeadKernelError

    cells = job["cells"]
    guard = _source_call("_kernel_guard", f"_coursebuild_guard({job['work']!r})\ndel _coursebuild_guard")
    grader = (_HERE / "_kernel_grader.py").read_text()
    pending = [spec for spec in job["specs"] if spec["answer"] not in graded]
    calls = [f"_coursebuild_grade([{spec!r}], {job['nonce']!r}, {job['package']!r}, {job['check_timeout']!r})"
             for spec in pending]
    new = nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook(cells=[new(guard)] + [new(source) for source in cells] + [new(grader)]
                                  + [new(call) for call in calls])
    client = _make_client(nb, job)
    problems: dict[int, list[str]] = {}
    with client.setup_kernel():
        pid = getattr(getattr(client.km, "provisioner", None), "pid", None)
        if job.get("kernel_pid_file") and pid:
            Path(job["kernel_pid_file"]).write_text(str(pid))
        client.execute_cell(nb.cells[0], 0)
        if _errors(nb.cells[0]):
            raise RuntimeError(f"the grader's guard cell failed: {_errors(nb.cells[0])}")
        for index, source in enumerate(cells):
            if index in skipped or not source.strip():
                continue
            if time.monotonic() - started > job["notebook_timeout"]:
                events.append(f"the notebook ran over its time limit ({job['notebook_timeout']:g} s): "
                              f"cells from {index + 1} on were not run")
                break
            cell = nb.cells[index + 1]
            try:
                client.execute_cell(cell, index + 1)
            except DeadKernelError:
                raise KernelDied(index) from None
            if _errors(cell):
                problems[index] = _errors(cell)
        first = len(cells) + 1
        client.execute_cell(nb.cells[first], first)  # defines the grader's function: nothing to go wrong
        client.timeout = job["check_timeout"] * 4 + 60  # the answer, two canaries, and some slack
        for offset, spec in enumerate(pending, start=first + 1):
            try:
                client.execute_cell(nb.cells[offset], offset)
            except DeadKernelError:
                graded[spec["answer"]] = {"answer": spec["answer"], "status": "error",
                                          "message": "the kernel died while the check ran this answer"}
                raise KernelDied(None) from None
            results = _grade_output(nb.cells[offset], job["nonce"])
            graded[spec["answer"]] = results[0] if results else {
                "answer": spec["answer"], "status": "error",
                "message": "the grader's check gave no result: " + "; ".join(_errors(nb.cells[offset]))[:500]}
    if client.dropped_bytes:
        events.append(f"output over the limit of {job['max_output_bytes']:,} bytes was dropped "
                      f"({client.dropped_bytes:,} bytes)")
    return {"cell_errors": {str(k): v for k, v in problems.items()}}


def run_job(job: dict) -> dict:
    """Execute ``job`` (see grade.py's ``grade_submission``): a kernel that dies in a student cell is
    started again without that cell, one that dies in a check again for the remaining exercises."""
    events: list[str] = []
    skipped: set[int] = set()
    graded: dict[str, dict] = {}
    outcome = {"cell_errors": {}}
    started = time.monotonic()  # the notebook's time limit counts across restarts
    for _ in range(MAX_RESTARTS + 1):
        try:
            outcome = _execute_once(job, skipped, graded, events, started)
            break
        except KernelDied as died:
            if died.index is None:
                events.append("the kernel died while a check ran an answer; the notebook was run again "
                              "for the remaining exercises")
            else:
                events.append(f"cell {died.index + 1} stopped the kernel (memory or CPU limit, os._exit, "
                              "a crash); the notebook was run again without it")
                skipped.add(died.index)
    else:
        events.append(f"the kernel died {MAX_RESTARTS + 1} times; grading gave up")
    outcome["results"] = [graded[spec["answer"]] for spec in job["specs"] if spec["answer"] in graded] or None
    outcome["events"] = events
    return outcome


def main(argv: list[str] | None = None, quiet: bool = False) -> int:
    """Run the job in JOB.json, write RESULT.json; ``quiet`` sends this process's (and the kernel's) logs
    to /dev/null."""
    job_path, result_path = (argv or sys.argv[1:])[:2]
    job = json.loads(Path(job_path).read_text())
    if quiet:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
    set_limits(job["memory_bytes"], int(job["notebook_timeout"] * 2 + 300), job["file_bytes"])
    os.environ.clear()
    os.environ.update(kernel_environment(Path(job["work"]), job.get("mplconfig"), job.get("threads")))
    try:
        outcome = run_job(job)
    except Exception as error:  # noqa: BLE001 - reported in the student's row, not a crash of the run
        outcome = {"results": None, "cell_errors": {},
                   "events": [f"the grader could not run this notebook: {type(error).__name__}: {error}"[:500]]}
    write_json_atomically(Path(result_path), outcome)
    return 0


if __name__ == "__main__":
    sys.exit(main())
