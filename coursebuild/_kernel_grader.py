"""Runs INSIDE a grading kernel, after the student's last cell: the grader's own checks.

coursebuild/sandbox.py sends this file's text as a cell after the student's last cell, then
one cell per exercise calling ``_coursebuild_grade([SPEC], NONCE, PACKAGE)``. For every
exercise (SPEC: the variable the check receives, the public check's name) it

1. (in its first call) forgets every ``nnhelpers`` module the student's code imported (and possibly
   patched: ``nh.checks.check_x = lambda f: print("✓")``, a patched engine class) and
   loads a fresh copy from the trusted folder PACKAGE, by path, with the standard
   import machinery only (a ``nnhelpers.py`` in the work folder or an import hook the
   student installed is not used);
2. reads the student's answer from the notebook's variables (never a check cell or an
   output of theirs) and calls the fresh public check on it, with its printing
   captured and a time limit, exactly as the check cell would: the message is the one
   the student saw (the tutor's text, and the frames of their own code if it raised);
3. calls the same check on a known right and a known wrong answer (canaries): if the
   right one fails or the wrong one passes, something the student's code changed
   (numpy, a builtin) is fooling the checks, and the exercise is reported "tampered",
   not passed;
4. publishes the results as ONE display output of a private MIME type carrying
   NONCE, a random string the grader made for this run and sent only in this cell.

Limits (docs/teaching.md): this runs in the same process as the student's code, so a
determined student can still forge a result (patch IPython's run_cell to read the
nonce, rewrite the display publisher, patch numpy in a way the canaries miss). It
stops the easy and the accidental ways, and tells you when a canary catches the rest.
"""


def _coursebuild_grade(specs, nonce, package, seconds_per_check=60, _fresh={}):  # noqa: B006 - on purpose
    # _fresh keeps the fresh nnhelpers between the grader's cells (one cell per exercise, so that
    # a kernel killed by one answer costs only that exercise); the student's cells all ran before
    import contextlib
    import importlib.machinery
    import importlib.util
    import io
    import re
    import signal
    import sys

    from IPython import get_ipython
    from IPython.display import publish_display_data

    shell = get_ipython()
    namespace = shell.user_ns
    ansi = re.compile(r"\x1b\[[0-9;]*m")

    class CheckTimeout(BaseException):
        """Raised by the alarm when one check runs too long (an infinite loop in the answer)."""

    class Capped(io.StringIO):
        """stdout of one check: the first 20,000 characters are kept (a print loop cannot flood)."""

        def write(self, text):
            room = 20_000 - self.tell()
            return super().write(text[:max(room, 0)]) if room > 0 else len(text)

    def forget(*packages):
        for name in [m for m in sys.modules if m.split(".")[0] in packages]:
            del sys.modules[name]

    def fresh_nnhelpers():
        forget("nnhelpers")
        standard = ("_frozen_importlib", "_frozen_importlib_external", "zipimport")
        sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "__module__", "") in standard]
        sys.path_hooks[:] = [h for h in sys.path_hooks if getattr(h, "__module__", "") in standard]
        sys.path_importer_cache.clear()
        spec = importlib.util.spec_from_file_location(
            "nnhelpers", f"{package}/__init__.py", submodule_search_locations=[package])
        for attempt in range(2):
            module = importlib.util.module_from_spec(spec)
            sys.modules["nnhelpers"] = module
            try:
                spec.loader.exec_module(module)
                break
            except Exception:  # noqa: BLE001
                # a student cell interrupted in the middle of `import nnhelpers` (the time limit)
                # leaves matplotlib half imported: forget it too and import everything again
                forget("nnhelpers", "matplotlib", "mpl_toolkits")
                if attempt:
                    raise
        return sys.modules["nnhelpers.checks"], sys.modules["nnhelpers.checks._exercises"]

    def on_alarm(signum, frame):
        raise CheckTimeout()

    def run_check(check, answer):
        """(passed, message): the check's ✓ line, or the text Jupyter showed for its error."""
        out = Capped()
        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds_per_check)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                check(answer)
        except CheckTimeout:
            return None, f"the check did not finish within {seconds_per_check} s (an endless loop?)"
        except AssertionError as error:  # AnswerError and NotAnsweredError
            render = getattr(error, "_render_traceback_", None)
            lines = render() if render else [str(error)]
            return False, ansi.sub("", "\n".join(lines)).strip()
        except BaseException as error:  # noqa: BLE001 - anything else is the grader's to report
            return None, f"the check stopped with {type(error).__name__}: {error}"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return True, out.getvalue().strip()

    def perturbed(value):
        if isinstance(value, dict):
            return {key: perturbed(item) for key, item in value.items()}
        return value * 1.5 + 1.0

    def canaries(exercise):
        """(right answer, wrong answer) for this kind of exercise; None where there is none."""
        kind = type(exercise).__name__
        if kind == "FunctionExercise":
            wrong = next(iter(exercise.mistakes.values()), None)
            return exercise.reference, wrong
        if kind == "Choice":
            wrong = next((letter for letter in exercise.options if letter != exercise.correct.lower()), None)
            return exercise.correct, wrong
        if kind == "Experiment":
            return exercise.measured(), perturbed(exercise.measured())
        return None, None

    if "modules" not in _fresh:
        _fresh["modules"] = fresh_nnhelpers()
    checks, engine = _fresh["modules"]
    results = []
    for spec in specs:
        answer_name, check_name = spec["answer"], spec["check"]
        result = {"answer": answer_name, "status": "error", "message": ""}
        results.append(result)
        check = getattr(checks, check_name, None)
        if check is None:
            result["message"] = f"the course has no check nh.checks.{check_name}"
            continue
        if answer_name not in namespace:
            result["status"] = "missing"
            result["message"] = f"the notebook has no variable {answer_name} (cell deleted or renamed?)"
            continue
        passed, message = run_check(check, namespace[answer_name])
        result["message"] = message
        if passed is None:
            continue
        exercise = engine._REGISTRY.get(answer_name)
        right, wrong = canaries(exercise) if exercise is not None else (None, None)
        with engine.not_counted():
            fooled = ((right is not None and run_check(check, right)[0] is not True)
                      or (wrong is not None and run_check(check, wrong)[0] is not False))
        if fooled:
            result["status"] = "tampered"
            result["message"] = ("the check could not be trusted in this notebook: it did not tell a known "
                                 "right answer from a known wrong one (the notebook's code changed something "
                                 "the check relies on). Its message was:\n" + message)
        else:
            result["status"] = "pass" if passed else "fail"
    publish_display_data({"application/vnd.coursebuild.grade+json": {"nonce": nonce, "results": results}})
