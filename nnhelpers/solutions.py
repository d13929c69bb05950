"""Use your own implementation in later chapters, or fall back to the tested one.

Introduced with the first exercises (chapters 01-04); every later chapter can use it.
Shapes are whatever the saved function's own exercise states (X (n_features, m),
W (n_out, n_in), b (n_out, 1), ...); this module only stores and checks functions.

Once an exercise's check passes, keep your function::

    nh.solutions.save(my_sigmoid_prime, "sigmoid_prime")

That checks it again with ``nh.checks.check_sigmoid_prime`` and writes its source
(with any helper functions of yours that it calls) to ``my_solutions/sigmoid_prime.py``
beside the notebook. A later chapter asks for it::

    sigmoid_prime = nh.solutions.use("sigmoid_prime")

and gets your function if it is saved and still passes its check, otherwise the
tested ``nh.sigmoid_prime``, with one printed line saying which it is using and why.
Later in the chapter where you write it, ``nh.solutions.use("minibatches",
yours=my_minibatches)`` does the same with the function in your notebook: yours if it
passes its check, else the tested one, so the rest of the chapter runs before you solve it.
The saved file is plain Python: read it, edit it (it is checked again on every use)
or delete it to go back to the tested version.
"""
from __future__ import annotations

import contextlib
import inspect
import io
import os
import textwrap
import types
from pathlib import Path
from typing import Callable

__all__ = ["save", "use", "forget", "solutions_dir"]

_FOLDER = "my_solutions"


def solutions_dir() -> Path:
    """Where saved solutions live: $NNHELPERS_SOLUTIONS_DIR, else my_solutions/ in the
    current folder (Jupyter runs a notebook in the notebook's own folder)."""
    return Path(os.environ.get("NNHELPERS_SOLUTIONS_DIR", Path.cwd() / _FOLDER))


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _tested(name: str) -> Callable:
    import nnhelpers

    reference = getattr(nnhelpers, name, None)
    if not callable(reference):
        raise ValueError(f"nnhelpers has no function {name!r} to fall back on; pass reference=...")
    return reference


def _check_for(name: str, check: Callable | None) -> Callable:
    import nnhelpers.checks

    found = check or getattr(nnhelpers.checks, f"check_{name}", None)
    if found is None:
        raise ValueError(f"nh.checks has no check_{name}; pass check=... (the check for this exercise)")
    return found


def _source(function: Callable) -> str:
    try:
        return textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        raise ValueError(
            f"cannot read the source code of {getattr(function, '__name__', function)!r}: "
            "save a function defined with `def` in a notebook cell or a .py file") from None


def _standalone_source(function: types.FunctionType, done: set[str] | None = None) -> tuple[list[str], list[str]]:
    """(import lines, function sources) that define ``function`` on its own.

    Modules it uses become imports, functions of yours that it calls are saved with
    it; a global variable (an array, a number) cannot travel with it, so it is refused.
    """
    done = set() if done is None else done
    done.add(function.__name__)
    closure = inspect.getclosurevars(function)
    if closure.nonlocals:
        raise ValueError(f"{function.__name__} uses variables of an enclosing function "
                         f"({', '.join(sorted(closure.nonlocals))}); define it at top level")
    imports, sources = [], []
    for name, value in sorted(closure.globals.items()):
        if isinstance(value, types.ModuleType):
            module = value.__name__
            imports.append(f"import {module}" if module == name else f"import {module} as {name}")
        elif isinstance(value, types.FunctionType) and value.__module__ == function.__module__:
            if name not in done:
                more_imports, more_sources = _standalone_source(value, done)
                imports += more_imports
                sources += more_sources
        elif (callable(value) and getattr(value, "__name__", None)
              and getattr(value, "__module__", None) not in (None, "__main__", function.__module__)):
            imports.append(f"from {value.__module__} import {value.__name__}"
                           + ("" if value.__name__ == name else f" as {name}"))
        else:
            raise ValueError(
                f"{function.__name__} uses the global variable {name!r} ({type(value).__name__}); "
                "pass it as an argument (or define it inside the function) so the function stands on its own")
    sources.append(_source(function))
    return imports, sources


def _load(path: Path, name: str) -> Callable:
    namespace: dict = {"__name__": f"my_solutions.{name}"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    function = namespace.get(name)
    if not callable(function):
        raise ValueError(f"{_shown(path)} defines no function {name!r}")
    return function


def _passes(check: Callable, function: Callable) -> None:
    """Run a check without its printed confirmation; raises its AnswerError on failure.

    These runs are not the student's attempts: they do not count towards the
    recipe that a check shows after repeated failures.
    """
    from nnhelpers.checks._feedback import not_counted

    with contextlib.redirect_stdout(io.StringIO()), not_counted():
        check(function)


def save(function: Callable, name: str, check: Callable | None = None) -> Path:
    """Save your solution of exercise ``name`` for later chapters, if it passes its check.

    Parameters
    ----------
    function : your function, e.g. ``my_sigmoid_prime``.
    name : the name of the tested nnhelpers function it replaces, e.g. ``"sigmoid_prime"``.
    check : the exercise's check; by default ``nh.checks.check_<name>``.

    Returns
    -------
    Path of the saved file, ``my_solutions/<name>.py``.

    Raises
    ------
    AnswerError (from the check) if the function is wrong: nothing is saved.
    ValueError if its source cannot be saved on its own (e.g. it reads a global variable).
    """
    from nnhelpers.checks import AnswerError

    check = _check_for(name, check)
    if not isinstance(function, types.FunctionType):
        raise ValueError(f"save() takes a function defined with `def`, got {type(function).__name__}")
    try:
        _passes(check, function)
    except AnswerError as error:
        raise AnswerError(f"not saved, the check fails first:\n{error}") from None
    imports, sources = _standalone_source(function)
    text = "\n".join([
        f"# Your solution for {name!r}, saved by nh.solutions.save() after it passed its check.",
        f"# Later chapters load it with nh.solutions.use({name!r}), which checks it again;",
        "# edit it freely, or delete this file to use the tested nnhelpers version.",
        *dict.fromkeys(imports), "", "", "\n\n\n".join(s.rstrip() for s in sources), "", "",
        f"{name} = {function.__name__}", ""])
    folder = solutions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():  # solutions are personal: keep them out of the course repository
        ignore.write_text("# written by nh.solutions.save(): your saved solutions stay out of git\n*\n")
    path = folder / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    try:
        _passes(check, _load(path, name))
    except Exception as error:  # the saved text must work on its own, or it is not kept
        path.unlink()
        raise ValueError(f"{function.__name__} does not work outside this notebook "
                         f"({type(error).__name__}: {str(error).splitlines()[0]}); not saved") from None
    print(f"Saved {function.__name__} as {_shown(path)}: later chapters use it via nh.solutions.use({name!r}).")
    return path


def use(name: str, check: Callable | None = None, reference: Callable | None = None,
        yours: Callable | None = None) -> Callable:
    """Your solution of ``name`` if it passes its check, else the tested nnhelpers one.

    Parameters
    ----------
    name : e.g. ``"sigmoid_prime"``.
    check : the exercise's check; by default ``nh.checks.check_<name>``.
    reference : the fallback; by default ``nh.<name>``.
    yours : your function from THIS notebook, e.g. ``my_minibatches``, for a later cell of the
        chapter where you wrote it. Without it, the solution saved by `save` (an earlier
        chapter) is used.

    Returns
    -------
    The function to use. One line is printed saying which one it is, and why: a stub that
    is not written yet, or an answer that fails its check, is replaced by the tested
    version, so the cells after it still run.

    Raises
    ------
    ValueError if nnhelpers has no check or no tested function of that ``name`` (and none
    is passed), or ``yours`` is not callable.
    """
    reference = reference or _tested(name)
    tested = f"the tested nh.{name}"
    if yours is not None:
        if not callable(yours):
            raise ValueError(f"yours must be your function (e.g. my_{name}), got {type(yours).__name__}")
        label = getattr(yours, "__name__", f"my_{name}")
        return _checked(yours, _check_for(name, check), reference, tested,
                        mine=label, failing=f"your {label} does not pass its check yet")
    path = solutions_dir() / f"{name}.py"
    if not path.exists():
        print(f"Using {tested} (no saved solution of yours in {_shown(path.parent)}/).")
        return reference
    try:
        function = _load(path, name)
    except Exception as error:
        print(f"Using {tested}: your {_shown(path)} does not load ({type(error).__name__}: {error}).")
        return reference
    return _checked(function, _check_for(name, check), reference, tested, mine=f"{name} from {_shown(path)}",
                    failing=f"your {_shown(path)} no longer passes its check")


def _checked(function: Callable, check: Callable, reference: Callable, tested: str,
             mine: str, failing: str) -> Callable:
    """``function`` if it passes ``check``, else ``reference``; one printed line says which."""
    from nnhelpers.checks import AnswerError
    from nnhelpers.checks._compare import NotAnsweredError

    try:
        _passes(check, function)
    except AnswerError as error:
        why = "not implemented yet" if isinstance(error, NotAnsweredError) else str(error).splitlines()[0]
        print(f"Using {tested}: {failing} ({why}).")
        return reference
    print(f"Using your own {mine} (it passes its check).")
    return function


def forget(name: str) -> bool:
    """Delete your saved solution of ``name``; True if there was one."""
    path = solutions_dir() / f"{name}.py"
    if path.exists():
        path.unlink()
        return True
    return False
