"""Which names a notebook cell defines (coursebuild/student.py), as the student edition reads them.

answer_dependent_cells follows the names an exercise cell binds into later cells; a cell
whose whole-line IPython magics are blanked still parses and is followed, a cell that does
not parse (a magic inside a line, a syntax error) is left alone. tests/test_grade.py pins
how the grader reads the same cells.
"""
import ast
import re
import sys
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # coursebuild/ is project tooling, not an installed package

from coursebuild.student import BEGIN, END, answer_dependent_cells, names_defined, parse_cell  # noqa: E402

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



def test_a_name_from_solutions_use_works_under_a_stub_and_is_not_followed():
    """`x = nh.solutions.use("x", yours=my_x)` prints whose function it took (hidden under a
    stub) but returns a working function either way: the cells calling it are not hidden."""
    assert dependent('x = nh.solutions.use("x", yours=my_x)', "print(x(2))") == [1, 2]
    assert dependent("y = my_x(1)", 'y = nh.solutions.use("y", yours=my_x)', "print(y)") == [1, 2, 3]
    assert dependent('x = nh.solutions.use("x")', "print(x(2))") == [1]

# --- names_defined, the one reading of "what does this cell define" (student.py and grade.py) ----

def test_what_a_parsed_cell_defines():
    source = "\n".join([
        "%matplotlib inline", "import numpy.linalg as la, os.path", "from math import pi as PI",
        "def f(w):", "    local = 1", "class C:", "    attribute = 2",
        "a, (b, c) = 1, (2, 3)", "d += 1", "e: int = 4", "for i in range(2): pass",
        "with open('x') as g: pass", "if (h := 5): j = [k for k in 'ab']",
        "try:", "    pass", "except ValueError as error:", "    m = 1", "del n", "print(o)",
    ])
    expected = {"la", "os", "PI", "f", "C", "a", "b", "c", "d", "e", "i", "g", "h", "j", "k", "m"}
    assert names_defined(source) == names_defined(source, fallback="line_starts") == expected
    assert names_defined(parse_cell(source)) == expected
    assert names_defined(parse_cell(source).body[-2]) == set()            # one statement: del n
    assert names_defined(ast.parse("x = y = 1").body[0]) == {"x", "y"}


def test_parse_cell_blanks_whole_line_magics_only():
    assert parse_cell("%%time\n!pip list\n  %timeit f()\nx = 1").body[0].lineno == 4
    assert parse_cell("t = %timeit -o f()") is None
    assert parse_cell("f?") is None
    assert parse_cell("def f(:") is None


# Cells that do not parse, and the names each reading of their text finds.
UNPARSABLE = [
    ("def my_x(w, x, b)\n    return 1", {"my_x"}, {"my_x"}),
    ("t = %timeit -o my_x(3)\nmy_y = 2", {"t", "my_y"}, {"t", "my_y"}),
    ("my_x?", set(), set()),
    ("my_x(3)\n)", set(), {"my_x"}),
    ("print(my_x)\nif ok: my_y = 1\nf(my_z=2)\nasync def my_w(:", {"my_y", "my_z", "my_w"}, {"print", "f"}),
    ("my_x == 1\n)", {"my_x"}, {"my_x"}),
    ("s = 'my_x = 1'  # my_y = 2\n)", {"s", "my_x", "my_y"}, {"s"}),
    ("def f(:\n    my_y = 1\n  undef  z=3; é_q = 1; 1x = 2", {"f", "my_y", "z", "é_q"}, {"f", "my_y"}),
]


@pytest.mark.parametrize("source, assignments, line_starts", UNPARSABLE)
def test_a_cell_that_does_not_parse_is_read_as_text(source, assignments, line_starts):
    assert parse_cell(source) is None
    assert names_defined(source) == names_defined(source, fallback="assignments") == assignments
    assert names_defined(source, fallback="line_starts") == line_starts


@pytest.mark.parametrize("source", [case[0] for case in UNPARSABLE])
def test_assignments_reading_agrees_with_a_search_for_each_name(source):
    """The grader's feedback page searched the text of such a cell for one answer at a time;
    the set names_defined gives answers the same question for every name."""
    words = set(re.findall(r"\w+", source)) | {"q", "x", "_q", "my"}
    for name in (word for word in words if word.isidentifier()):
        searched = bool(re.search(rf"\b{re.escape(name)}\s*=|def\s+{re.escape(name)}\b", source))
        assert (name in names_defined(source)) == searched, name


def test_an_unknown_fallback_is_a_clear_error():
    with pytest.raises(ValueError, match=r"fallback must be one of \['assignments', 'line_starts'\], got 'any'"):
        names_defined("x = 1", fallback="any")
