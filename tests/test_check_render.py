"""A failed check, as JupyterLab shows it: the tutor's message alone, never our code or answer key.

One small notebook plays a student (a stub, wrong answers, an answer that raises, a
global read by mistake, a prediction not made yet, a right answer); it is executed
by nbclient in one kernel, and each test reads the error output's ``traceback``
lines, which are exactly what JupyterLab displays.
"""
import re

import nbclient
import nbformat
import pytest

from nnhelpers.checks.ch01_neuron import WEIGHTED_SUM

_ANSI = re.compile(r"\x1b\[[0-9;]*m")

CELLS = {
    "setup": "import numpy as np\nimport nnhelpers as nh",
    "stub": ("def my_weighted_sum(w, x, b):\n"
             "    raise NotImplementedError('Exercise: replace this line with your code.')\n"
             "nh.checks.check_weighted_sum(my_weighted_sum)"),
    "wrong": ("def my_weighted_sum(w, x, b):\n"
              "    return np.dot(w, x)\n"
              "nh.checks.check_weighted_sum(my_weighted_sum)"),
    "raises": ("def as_row(x):\n"
               "    return x.reshape(1, -1)\n"
               "\n"
               "def my_weighted_sum(w, x, b):\n"
               "    return np.dot(as_row(x), w.reshape(1, -1)) + b\n"
               "nh.checks.check_weighted_sum(my_weighted_sum)"),
    "global": ("for bias in [-4.0, 0.0, 4.0]:  # the chapter's plotting loop leaves bias = 4.0\n"
               "    pass\n"
               "def my_weighted_sum(w, x, b):\n"
               "    return np.dot(w, x) + bias\n"
               "nh.checks.check_weighted_sum(my_weighted_sum)"),
    "choice": ("from nnhelpers.checks._feedback import Choice, Option\n"
               "PREDICT = Choice(name='prediction_render', question='Which one?',\n"
               "                 options={'a': Option('one', 'No.'), 'b': Option('two', 'Yes.')},\n"
               "                 correct='b')\n"
               "PREDICT.check()  # the variable prediction_render is not defined: not answered yet"),
    "right": ("def my_weighted_sum(w, x, b):\n"
              "    return np.dot(w, x) + b\n"
              "nh.checks.check_weighted_sum(my_weighted_sum)"),
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """name -> the outputs of that cell, after executing the whole notebook once."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(src) for src in CELLS.values()])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder = tmp_path_factory.mktemp("student")
    nbclient.NotebookClient(nb, allow_errors=True, timeout=120,
                            resources={"metadata": {"path": str(folder)}}).execute()
    return {name: cell.outputs for name, cell in zip(CELLS, nb.cells)}


def shown(outputs, name) -> list[str]:
    """The lines JupyterLab shows for the error of cell ``name`` (colour codes removed)."""
    errors = [o for o in outputs[name] if o.output_type == "error"]
    assert len(errors) == 1, f"cell {name!r} should fail once: {outputs[name]}"
    return [_ANSI.sub("", line) for block in errors[0].traceback for line in block.split("\n")]


def assert_nothing_of_ours(lines: list[str], named: str | None = None) -> None:
    text = "\n".join(lines)
    assert "nnhelpers" not in text and "site-packages" not in text
    assert "Traceback" not in text and "check_function" not in text
    for description in WEIGHTED_SUM.mistakes:  # the answer key: only the named mistake may show
        if description != named:
            assert description not in text, f"the answer key leaks: {description!r}"


def test_a_stub_shows_one_line(outputs):
    lines = shown(outputs, "stub")
    assert lines == ["✗ my_weighted_sum: not implemented yet. Replace the `raise NotImplementedError` "
                     "line with your code."]


def test_a_wrong_answer_shows_the_named_mistake_and_a_nudge_only(outputs):
    lines = shown(outputs, "wrong")
    named = "the bias is missing: z = w . x + b"
    assert lines[0] == f"✗ my_weighted_sum (test input 1 of 3): not quite. Your answer matches a common mistake: {named}."
    assert any(line.startswith("Nudge: ") for line in lines)
    assert not any(line.startswith("Recipe") for line in lines)  # first try: no recipe yet
    assert len(lines) <= 4
    assert_nothing_of_ours(lines, named)


def test_an_answer_that_raises_shows_the_students_frames_only(outputs):
    lines = shown(outputs, "raises")
    assert lines[0].startswith("✗ my_weighted_sum raised ValueError: ")
    assert "Where your code raised ValueError:" in lines
    frames = lines[lines.index("Where your code raised ValueError:") + 1:]
    assert re.fullmatch(r"  Cell In\[\d+\], line 5, in my_weighted_sum", frames[0])
    assert frames[1].strip() == "return np.dot(as_row(x), w.reshape(1, -1)) + b"
    assert len(lines) <= 10
    assert_nothing_of_ours(lines)


def test_a_global_read_by_mistake_is_named(outputs):
    lines = shown(outputs, "global")
    assert any("reads the notebook's global variable(s) `bias` (= 4)" in line for line in lines)
    assert_nothing_of_ours(lines)


def test_an_unanswered_prediction_is_not_a_name_error(outputs):
    lines = shown(outputs, "choice")
    assert lines == ['✗ prediction_render: not answered yet. Which one? Set prediction_render to one '
                     'of "a", "b" in the cell above, run it, then run this check again.']


def test_a_right_answer_prints_the_success_line(outputs):
    assert [o.text for o in outputs["right"]] == ["✓ my_weighted_sum is correct on all 3 test inputs.\n"]


def test_the_error_still_fails_a_notebook_run(outputs):
    errors = [o for o in outputs["wrong"] if o.output_type == "error"]
    assert errors[0].ename == "AnswerError"  # an AssertionError: nbval and pytest fail on it
