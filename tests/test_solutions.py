"""nh.solutions: save a checked solution, use it later, fall back to the tested one."""
import itertools
import linecache
import re

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError, check_function

_cells = itertools.count()


def notebook_cell(source: str) -> dict:
    """Run ``source`` the way a Jupyter cell runs: in __main__, with its text in linecache."""
    filename = f"<notebook-cell-{next(_cells)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"__name__": "__main__"}
    exec(compile(source, filename, "exec"), namespace)
    return namespace


def cube(x):
    return np.asarray(x, dtype=float) ** 3


def check_cube(function):
    return check_function("my_cube", function, cube, [(np.array([1.0, -2.0]),), (np.array([[0.5]]),)],
                          mistakes={"squared instead of cubed": lambda x: np.asarray(x, dtype=float) ** 2})


RIGHT = """
import numpy as np

def _power(x, n):
    return np.asarray(x, dtype=float) ** n

def my_cube(x):
    return _power(x, 3)
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NNHELPERS_SOLUTIONS_DIR", str(tmp_path / "my_solutions"))
    return tmp_path / "my_solutions"


def test_save_then_use_gives_back_your_function(folder, capsys):
    my_cube = notebook_cell(RIGHT)["my_cube"]
    path = nh.solutions.save(my_cube, "cube", check=check_cube)
    assert path == folder / "cube.py"
    assert "Saved my_cube as" in capsys.readouterr().out
    used = nh.solutions.use("cube", check=check_cube, reference=cube)
    assert capsys.readouterr().out.startswith("Using your own cube from")
    assert used is not my_cube and used is not cube  # rebuilt from the saved file
    assert used.__name__ == "my_cube"
    np.testing.assert_array_equal(used(np.array([2.0])), [8.0])


def test_saved_file_is_plain_python_with_helpers_and_imports(folder):
    nh.solutions.save(notebook_cell(RIGHT)["my_cube"], "cube", check=check_cube)
    text = (folder / "cube.py").read_text()
    assert "import numpy as np" in text
    assert "def _power(x, n):" in text and "def my_cube(x):" in text
    assert text.rstrip().endswith("cube = my_cube")
    namespace = {}
    exec(text, namespace)  # stands on its own
    np.testing.assert_array_equal(namespace["cube"](np.array([3.0])), [27.0])
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"


def test_a_wrong_function_is_not_saved(folder):
    wrong = notebook_cell("import numpy as np\ndef my_cube(x):\n    return np.asarray(x, dtype=float) ** 2\n")
    with pytest.raises(AnswerError, match="(?s)not saved.*squared instead of cubed"):
        nh.solutions.save(wrong["my_cube"], "cube", check=check_cube)
    assert not (folder / "cube.py").exists()


def test_a_function_reading_a_global_variable_is_refused_by_name(folder):
    cell = notebook_cell("import numpy as np\nPOWER = np.array(3.0)\n"
                         "def my_cube(x):\n    return np.asarray(x, dtype=float) ** POWER\n")
    with pytest.raises(ValueError, match="global variable 'POWER' .*pass it as an argument"):
        nh.solutions.save(cell["my_cube"], "cube", check=check_cube)
    assert not (folder / "cube.py").exists()


def test_a_function_without_source_is_refused():
    with pytest.raises(ValueError, match="defined with `def`"):
        nh.solutions.save(np.cbrt, "cube", check=check_cube)


def test_use_falls_back_when_nothing_is_saved(folder, capsys):
    assert nh.solutions.use("cube", check=check_cube, reference=cube) is cube
    out = capsys.readouterr().out
    assert out.startswith("Using the tested nh.cube (no saved solution") and out.count("\n") == 1


def test_use_falls_back_when_the_saved_file_no_longer_passes(folder, capsys):
    nh.solutions.save(notebook_cell(RIGHT)["my_cube"], "cube", check=check_cube)
    path = folder / "cube.py"
    path.write_text(path.read_text().replace("_power(x, 3)", "_power(x, 2)"))
    capsys.readouterr()
    assert nh.solutions.use("cube", check=check_cube, reference=cube) is cube
    out = capsys.readouterr().out
    assert "no longer passes its check" in out and "squared instead of cubed" in out


def test_rechecking_a_saved_file_is_not_one_of_the_students_attempts(folder, capsys):
    """use() re-checks the saved file; a failure there must not bring the recipe on early."""
    from nnhelpers.checks._feedback import FunctionExercise, reset_attempts

    exercise = FunctionExercise(name="my_cube_attempts", reference=cube, cases=[(np.array([1.0, -2.0]),)],
                                recipe="return x ** 3")
    nh.solutions.save(notebook_cell(RIGHT)["my_cube"], "cube", check=exercise.check)
    path = folder / "cube.py"
    path.write_text(path.read_text().replace("_power(x, 3)", "_power(x, 2)"))
    reset_attempts()
    for _ in range(5):
        assert nh.solutions.use("cube", check=exercise.check, reference=cube) is cube
    with pytest.raises(AnswerError) as info:
        exercise.check(lambda x: x ** 2)
    assert "Recipe" not in str(info.value)  # the student's first attempt: a nudge at most
    reset_attempts()


def test_use_falls_back_when_the_saved_file_does_not_load(folder, capsys):
    folder.mkdir(parents=True)
    (folder / "cube.py").write_text("def my_cube(x):\n    return x **\n")
    assert nh.solutions.use("cube", check=check_cube, reference=cube) is cube
    assert "does not load (SyntaxError" in capsys.readouterr().out


def test_defaults_are_the_nnhelpers_function_and_its_check(folder, capsys):
    """With no check= / reference=, "sigmoid_prime" means nh.sigmoid_prime and nh.checks.check_sigmoid_prime."""
    cell = notebook_cell("import nnhelpers as nh\n"
                         "def my_sigmoid_prime(z):\n    s = nh.sigmoid(z)\n    return s * (1 - s)\n")
    assert nh.solutions.use("sigmoid_prime") is nh.sigmoid_prime
    nh.solutions.save(cell["my_sigmoid_prime"], "sigmoid_prime")
    assert "import nnhelpers as nh" in (folder / "sigmoid_prime.py").read_text()
    mine = nh.solutions.use("sigmoid_prime")
    assert mine is not nh.sigmoid_prime and mine.__name__ == "my_sigmoid_prime"
    assert capsys.readouterr().out.splitlines()[-1].startswith("Using your own sigmoid_prime")


def test_use_yours_from_this_notebook_when_it_passes(folder, capsys):
    """yours=: the function in the notebook itself, checked on the spot; no file involved."""
    mine = notebook_cell(RIGHT)["my_cube"]
    assert nh.solutions.use("cube", check=check_cube, reference=cube, yours=mine) is mine
    assert capsys.readouterr().out == "Using your own my_cube (it passes its check).\n"
    assert not folder.exists()


@pytest.mark.parametrize("body, said", [
    ('raise NotImplementedError("Exercise: replace this line with your code.")', "(not implemented yet)."),
    ("return x ** 2", "squared instead of cubed"),
    ("return x[99]", "raised IndexError"),
])
def test_use_yours_falls_back_to_the_tested_one_and_says_why(folder, capsys, body, said):
    """A stub, a wrong answer or a crash: the later cells get the tested function."""
    mine = notebook_cell(f"def my_cube(x):\n    {body}\n")["my_cube"]
    assert nh.solutions.use("cube", check=check_cube, reference=cube, yours=mine) is cube
    out = capsys.readouterr().out
    assert out.startswith("Using the tested nh.cube: your my_cube does not pass its check yet (")
    assert said in out and out.count("\n") == 1


def test_use_yours_ignores_a_saved_file_and_needs_a_function(folder, capsys):
    nh.solutions.save(notebook_cell(RIGHT)["my_cube"], "cube", check=check_cube)
    wrong = notebook_cell("def my_cube(x):\n    return x ** 2\n")["my_cube"]
    assert nh.solutions.use("cube", check=check_cube, reference=cube, yours=wrong) is cube
    with pytest.raises(ValueError, match="yours must be your function .*got ndarray"):
        nh.solutions.use("cube", check=check_cube, reference=cube, yours=np.zeros(2))


def test_use_yours_with_the_chapter_07_defaults(folder, capsys):
    """nh.minibatches / nh.momentum_update and their checks are found by name."""
    def my_momentum_update(param, grad, velocity, learning_rate, beta):
        raise NotImplementedError("Exercise: replace this line with your code.")

    assert nh.solutions.use("momentum_update", yours=my_momentum_update) is nh.momentum_update
    assert nh.solutions.use("minibatches", yours=nh.minibatches) is nh.minibatches
    lines = capsys.readouterr().out.splitlines()
    assert "not implemented yet" in lines[0] and lines[1].startswith("Using your own minibatches")


def test_unknown_names_are_a_clear_error(folder):
    with pytest.raises(ValueError, match="no function 'no_such_thing'"):
        nh.solutions.use("no_such_thing")
    with pytest.raises(ValueError, match="no check_no_such_thing"):
        nh.solutions.save(cube, "no_such_thing")


def test_forget_deletes_the_saved_solution(folder):
    nh.solutions.save(notebook_cell(RIGHT)["my_cube"], "cube", check=check_cube)
    assert nh.solutions.forget("cube") is True
    assert nh.solutions.forget("cube") is False
    assert not (folder / "cube.py").exists()


def test_default_folder_is_my_solutions_beside_the_notebook(tmp_path, monkeypatch):
    monkeypatch.delenv("NNHELPERS_SOLUTIONS_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert nh.solutions.solutions_dir() == tmp_path / "my_solutions"


# --- with the course's own exercises ------------------------------------------

def _reusable_exercises():
    """(notebook, name) for the exercises of chapters 01-04 that replace a tested nnhelpers function
    (toy data: running those notebooks up to their checks takes a fraction of a second)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from coursebuild.exercises import exercise_pairs
    from coursebuild.notebooks import course_notebooks, read

    found = []
    for path in course_notebooks():
        if path.name[:2] not in {"01", "02", "03", "04"}:
            continue
        nb = read(path)
        for exercise, _ in exercise_pairs(nb):
            for name in re.findall(r"^def my_(\w+)\(", nb.cells[exercise].source, re.MULTILINE):
                if callable(getattr(nh, name, None)) and hasattr(nh.checks, f"check_{name}"):
                    found.append((path, name))
    return found


@pytest.mark.parametrize("path, name", _reusable_exercises(), ids=lambda v: getattr(v, "name", v))
def test_the_course_answers_can_be_saved_and_reused(path, name, folder, capsys):
    """The instructor's answer, as a student would write it in the notebook, survives save() and use()."""
    from coursebuild.exercises import run_exercises
    from coursebuild.notebooks import read
    from coursebuild.student import student_notebook

    nb = read(path)
    namespace = {}
    run_exercises(nb, student_notebook(nb, notes=True), path.parent, namespace=namespace, name=path.name)
    nh.solutions.save(namespace[f"my_{name}"], name)
    used = nh.solutions.use(name)
    assert used is not getattr(nh, name) and used.__name__ == f"my_{name}"
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"Using your own {name}")
