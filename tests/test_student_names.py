"""Which names a notebook cell defines (coursebuild/student.py), as the student edition reads them.

answer_dependent_cells follows the names an exercise cell binds into later cells; a cell
whose whole-line IPython magics are blanked still parses and is followed, a cell that does
not parse (a magic inside a line, a syntax error) is left alone. tests/test_grade.py pins
how the grader reads the same cells.
"""
import sys
from pathlib import Path

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # coursebuild/ is project tooling, not an installed package

from coursebuild.student import BEGIN, END, answer_dependent_cells  # noqa: E402

EXERCISE = f"def my_x(w):\n    {BEGIN}\n    return 2 * w\n    {END}"


def dependent(*sources):
    nb = new_notebook(cells=[new_markdown_cell("# Chapter 90 — x"), new_code_cell(EXERCISE)]
                      + [new_code_cell(source) for source in sources])
    return answer_dependent_cells(nb)


def test_cells_with_whole_line_magics_are_followed():
    # the blanked magic line itself is not read: `%timeit my_x(3)` is not seen to use my_x
    assert dependent("%timeit my_x(3)", "%%time\ny = my_x(3)", "print(y)", "print(1)") == [1, 3, 4]


def test_a_cell_that_does_not_parse_is_left_alone():
    assert dependent("t = %timeit -o my_x(3)", "print(t)", "my_x(3\n") == [1]
    assert dependent("my_x?", "def f(:\n    return my_x(1)") == [1]


def test_a_name_rebound_from_elsewhere_is_no_longer_followed():
    assert dependent("y = my_x(1)", "y = 2", "print(y)") == [1, 2]
    assert dependent("import numpy as my_x", "print(my_x)") == [1]
