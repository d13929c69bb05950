"""What decks and pages keep of a chapter's outputs (coursebuild.notebooks.read, answer_dependent_cells)."""
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # coursebuild/ is project tooling, not an installed package

from coursebuild.notebooks import read  # noqa: E402
from coursebuild.student import answer_dependent_cells  # noqa: E402


def test_a_comprehension_variable_is_not_an_answer_the_exercise_bound():
    nb = new_notebook(cells=[
        new_markdown_cell("## Exercise"),
        new_code_cell("losses = {}\nfor rate in [0.1, 1.0]:\n    ### BEGIN SOLUTION\n"
                      "    losses[rate] = rate ** 2\n    ### END SOLUTION"),
        new_code_cell("rates = [0.1, 1.0]\nshown = [2 * rate for rate in rates]\nprint(shown)"),
        new_code_cell("print(losses)"),
    ])
    dependent = answer_dependent_cells(nb)
    assert 1 in dependent                 # the exercise itself
    assert 2 not in dependent             # its own `rate`, local to the comprehension
    assert 3 in dependent                 # the exercise's answer, read from outside


def test_progress_bar_widgets_are_left_out_of_decks_and_pages(tmp_path):
    bar = new_output("display_data", data={
        "text/plain": "  0%|          | 0/2000 [00:00<?, ?it/s]",
        "application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2,
                                                     "version_minor": 0}})
    printed = new_output("stream", name="stdout", text="accuracy 0.92\n")
    cell = new_code_cell("train()")
    cell.outputs = [bar, printed]
    nb = new_notebook(cells=[cell], metadata={"widgets": {"state": {}}})
    path = tmp_path / "06_x.ipynb"
    nbformat.write(nb, str(path))
    read_back = read(path)
    assert "widgets" not in read_back.metadata
    assert [output.output_type for output in read_back.cells[0].outputs] == ["stream"]
