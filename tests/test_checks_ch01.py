"""The chapter 01 checks accept right answers and name every listed mistake."""
import math

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError


def _not_implemented(w, x, b):
    raise NotImplementedError


# --- my_weighted_sum -----------------------------------------------------------------

@pytest.mark.parametrize("answer", [
    lambda w, x, b: np.dot(w, x) + b,
    lambda w, x, b: float(np.sum(w * x) + b),
    lambda w, x, b: sum(wi * xi for wi, xi in zip(w, x)) + b,  # a plain loop is fine too
    lambda w, x, b: w @ x + b,
])
def test_weighted_sum_right_answers_pass(answer, capsys):
    assert nh.checks.check_weighted_sum(answer) is None  # prints, returns nothing: no Out[...] in a notebook
    assert capsys.readouterr().out == "✓ my_weighted_sum is correct on all 3 test inputs.\n"


def test_weighted_sum_not_implemented():
    with pytest.raises(AnswerError, match=r"my_weighted_sum: not implemented yet"):
        nh.checks.check_weighted_sum(_not_implemented)


@pytest.mark.parametrize("wrong, named", [
    (lambda w, x, b: np.dot(w, x), "the bias is missing"),
    (lambda w, x, b: np.sum(w * x + b), "the bias is added once per input"),
    (lambda w, x, b: nh.sigmoid(np.dot(w, x) + b), "the sigmoid is applied"),
    (lambda w, x, b: np.dot(w, x) - b, "the bias is subtracted"),
    (lambda w, x, b: w * x + b, "keeps one number per input"),
    (lambda w, x, b: w * x, "without the sum and without the bias"),
])
def test_weighted_sum_mistakes_are_named(wrong, named):
    with pytest.raises(AnswerError, match=r"my_weighted_sum.*common mistake: .*" + named):
        nh.checks.check_weighted_sum(wrong)


def test_weighted_sum_global_variable_is_detected():
    w, x, b = np.array([0.0, 1.0]), np.array([2.0, 3.0]), 4.0  # the notebook's example values

    def uses_globals(_w, _x, _b):
        return np.dot(w, x) + b

    with pytest.raises(AnswerError, match="same answer for different inputs"):
        nh.checks.check_weighted_sum(uses_globals)


def test_weighted_sum_other_errors():
    with pytest.raises(AnswerError, match="forget to `return`"):
        nh.checks.check_weighted_sum(lambda w, x, b: None)
    with pytest.raises(AnswerError, match=r"wrong type\. Expected a function"):
        nh.checks.check_weighted_sum(7.0)
    with pytest.raises(AnswerError, match=r"my_weighted_sum raised ValueError"):
        nh.checks.check_weighted_sum(lambda w, x, b: np.dot(w, x.reshape(-1, 1).T) + b)
    with pytest.raises(AnswerError, match=r"wrong value"):
        nh.checks.check_weighted_sum(lambda w, x, b: np.dot(w, x) + b + 1)


# --- my_neuron_output ----------------------------------------------------------------

@pytest.mark.parametrize("answer", [
    lambda w, x, b: nh.sigmoid(np.dot(w, x) + b),
    lambda w, x, b: 1 / (1 + math.exp(-(np.dot(w, x) + b))),
    lambda w, x, b: nh.Neuron(w, b).feedforward(x),
])
def test_neuron_output_right_answers_pass(answer, capsys):
    nh.checks.check_neuron_output(answer)
    assert capsys.readouterr().out.startswith("✓ my_neuron_output is correct")


def test_neuron_output_not_implemented():
    with pytest.raises(AnswerError, match=r"my_neuron_output: not implemented yet"):
        nh.checks.check_neuron_output(_not_implemented)


@pytest.mark.parametrize("wrong, named", [
    (lambda w, x, b: np.dot(w, x) + b, "the activation is missing"),
    (lambda w, x, b: nh.sigmoid(np.dot(w, x)), "the bias is missing"),
    (lambda w, x, b: nh.sigmoid(np.dot(w, x)) + b, "the bias is added after the sigmoid"),
    (lambda w, x, b: 1 / (1 + np.exp(np.dot(w, x) + b)), "the sign in the exponent"),
    (lambda w, x, b: nh.sigmoid(w * x + b), "gives one number per input"),
])
def test_neuron_output_mistakes_are_named(wrong, named):
    with pytest.raises(AnswerError, match=r"my_neuron_output.*common mistake: .*" + named):
        nh.checks.check_neuron_output(wrong)


def test_neuron_output_student_modifying_inputs_in_place_is_judged_fairly():
    def in_place(w, x, b):
        w *= x  # changes the caller's w, but the check gives each call its own copy
        return nh.sigmoid(w.sum() + b)

    nh.checks.check_neuron_output(in_place)


# --- the engine's guarantees on chapter 01 -----------------------------------------------

@pytest.fixture(autouse=True)
def _fresh_attempts():
    from nnhelpers.checks._feedback import reset_attempts
    reset_attempts()
    yield
    reset_attempts()


def test_no_named_mistake_is_blind():
    from nnhelpers.checks.ch01_neuron import NEURON_OUTPUT, WEIGHTED_SUM
    assert WEIGHTED_SUM.blind_spots() == []
    assert NEURON_OUTPUT.blind_spots() == []


def test_the_plotting_loops_bias_is_named():
    """Issue 14: `np.dot(w, x) + bias` reads `bias = 4.0` left by chapter 01's plotting loop.

    Test input 1 has b = 4 and passes by coincidence; the message must say why input 2 fails.
    """
    namespace = {"np": np, "__name__": "__main__"}
    exec("for bias in [-4.0, 0.0, 4.0]:\n    pass\n"
         "def my_weighted_sum(w, x, b):\n    return np.dot(w, x) + bias\n", namespace)
    with pytest.raises(AnswerError) as info:
        nh.checks.check_weighted_sum(namespace["my_weighted_sum"])
    message = str(info.value)
    assert message.startswith("my_weighted_sum (test input 2 of 3): wrong value.")
    assert "reads the notebook's global variable(s) `bias` (= 4)" in message
    assert "use only its arguments (w, x, b)" in message


def test_a_neuron_calling_a_weighted_sum_that_reads_the_global_is_told_too():
    namespace = {"np": np, "nh": nh, "__name__": "__main__", "bias": 4.0}
    exec("def my_weighted_sum(w, x, b):\n    return np.dot(w, x) + bias\n"
         "def my_neuron_output(w, x, b):\n    return nh.sigmoid(my_weighted_sum(w, x, b))\n", namespace)
    with pytest.raises(AnswerError, match="global variable\\(s\\) `bias`"):
        nh.checks.check_neuron_output(namespace["my_neuron_output"])


def test_hints_escalate_and_can_be_asked_for(capsys):
    def wrong(w, x, b):
        return np.dot(w, x)
    with pytest.raises(AnswerError) as info:
        nh.checks.check_weighted_sum(wrong)
    assert "Nudge:" in str(info.value) and "np.dot(w, x) + b" not in str(info.value).split("Nudge:")[1]
    with pytest.raises(AnswerError, match=r"Recipe \(as asked\): return np\.dot\(w, x\) \+ b"):
        nh.checks.check_weighted_sum(wrong, hint=True)
    nh.checks.hint("my_weighted_sum")
    assert capsys.readouterr().out.startswith("Recipe for my_weighted_sum: return np.dot(w, x) + b")


# --- predict, then run: where the b = 4 curve crosses one half ------------------------------

def test_prediction_threshold_right_letter_in_any_case(capsys):
    for letter in ("b", "B", " (b) "):
        nh.checks.check_prediction_threshold(letter)
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith('✓ prediction_threshold = "b" (at x = -4) is right. Yes: sigmoid(z) = 1/2')


@pytest.mark.parametrize("letter, why", [
    ("a", "its curve moves left, not right"),
    ("c", "cannot lift the output out of"),
])
def test_prediction_threshold_wrong_letters_are_explained(letter, why):
    with pytest.raises(AnswerError) as info:
        nh.checks.check_prediction_threshold(letter)
    assert why in str(info.value)
    assert "Nudge" not in str(info.value) and "Stuck?" not in str(info.value)  # the explanation says it all


def test_prediction_threshold_invalid_letter_is_not_an_attempt():
    from nnhelpers.checks._feedback import NotAnsweredError
    with pytest.raises(NotAnsweredError, match=r"'d' is not one of the options: set prediction_threshold to "
                       r"one of \"a\", \"b\", \"c\" in the cell above, run it, then run this check again\."):
        nh.checks.check_prediction_threshold("d")


def test_prediction_threshold_not_answered_yet():
    from nnhelpers.checks._feedback import NotAnsweredError
    with pytest.raises(NotAnsweredError, match="prediction_threshold: not answered yet") as info:
        nh.checks.check_prediction_threshold(None)
    assert str(info.value).endswith('Set prediction_threshold to one of "a", "b", "c" in the cell above, '
                                    'run it, then run this check again.')
    with pytest.raises(NotAnsweredError, match="not answered yet"):
        nh.checks.check_prediction_threshold()  # no such variable here: the stub never set it


# --- the reviewer's findings on the engine, shown on chapter 01 ---------------------------------

def test_exercise_2_with_an_unsolved_exercise_1_says_which_to_solve_first():
    namespace = {"np": np, "nh": nh, "__name__": "__main__"}
    exec("def my_weighted_sum(w, x, b):\n    raise NotImplementedError('Exercise: replace this line')\n"
         "def my_neuron_output(w, x, b):\n    return nh.sigmoid(my_weighted_sum(w, x, b))\n", namespace)
    from nnhelpers.checks._feedback import NotAnsweredError
    with pytest.raises(NotAnsweredError) as info:
        nh.checks.check_neuron_output(namespace["my_neuron_output"])
    assert str(info.value) == ("my_neuron_output calls my_weighted_sum, which is not implemented yet: "
                               "solve it first (its check is above).")


def test_a_called_function_instead_of_the_function_itself():
    w, x, b = np.array([0.0, 1.0]), np.array([2.0, 3.0]), 4.0
    with pytest.raises(AnswerError) as info:
        nh.checks.check_weighted_sum(float(np.dot(w, x) + b))  # check_weighted_sum(my_weighted_sum(w, x, b))
    assert str(info.value).startswith("my_weighted_sum: wrong type. Expected a function, got float. Pass the "
                                      "function itself, check_weighted_sum(my_weighted_sum), without calling it.")


def test_a_misspelt_hint_suggests_the_name():
    with pytest.raises(AnswerError) as info:
        nh.checks.hint("my_weigted_sum")
    assert str(info.value) == ("There is no exercise called 'my_weigted_sum'. "
                               'Did you mean nh.checks.hint("my_weighted_sum")?')


def test_a_wrong_value_shows_a_small_test_input():
    with pytest.raises(AnswerError) as info:
        nh.checks.check_weighted_sum(lambda w, x, b: np.dot(w, x) + b + 1)
    lines = str(info.value).splitlines()
    assert lines[0] == "my_weighted_sum (test input 1 of 3): wrong value."
    assert lines[1] == "  test input: w = np.array([0.0, 1.0]), x = np.array([2.0, 3.0]), b = 4.0"


def test_a_large_test_input_is_not_shown():
    from nnhelpers.checks.ch01_neuron import OUTPUTS
    w, X, b = OUTPUTS.test_cases()[2]
    assert w.size + X.size + 1 > 12

    def wrong_on_the_large_case_only(w, X, b):
        return nh.sigmoid(w @ X + b) + (0.1 if X.size > 12 else 0.0)
    with pytest.raises(AnswerError) as info:
        nh.checks.check_outputs(wrong_on_the_large_case_only)
    assert str(info.value).startswith("my_outputs (test input 3 of 3): wrong value.")
    assert "test input:" not in str(info.value)


def test_the_global_note_uses_the_students_own_argument_names_also_when_their_code_raised():
    namespace = {"np": np, "__name__": "__main__", "bias": np.array([4.0, 1.0, 2.0])}
    exec("def my_weighted_sum(weights, inputs, offset):\n    return float(np.dot(weights, inputs) + bias)\n",
         namespace)
    with pytest.raises(AnswerError) as info:
        nh.checks.check_weighted_sum(namespace["my_weighted_sum"])
    message = str(info.value)
    assert message.startswith("my_weighted_sum raised ")
    assert "`bias` (an array of shape (3,))" in message
    assert "use only its arguments (weights, inputs, offset)" in message


def test_a_notebook_object_read_as_a_global_is_named():
    namespace = {"np": np, "nh": nh, "__name__": "__main__", "neuron": nh.Neuron([0.0, 1.0], 4.0)}
    exec("def my_neuron_output(w, x, b):\n    return neuron(x)\n", namespace)
    with pytest.raises(AnswerError) as info:
        nh.checks.check_neuron_output(namespace["my_neuron_output"])
    assert "global variable(s) `neuron` (a Neuron)" in str(info.value)
    assert "use only its arguments (w, x, b)" in str(info.value)


def test_modules_functions_and_attribute_names_are_not_globals_read_by_mistake():
    from nnhelpers.checks._feedback import global_names
    namespace = {"np": np, "nh": nh, "__name__": "__main__", "data": 3.0, "sigmoid": nh.sigmoid,
                 "Neuron": nh.Neuron}
    exec("def f(w, x, b):\n    return sigmoid(np.dot(w, x) + b) + nh.data.__name__.count('x')\n", namespace)
    assert global_names(namespace["f"]) == []


def test_a_duplicate_exercise_name_from_another_module_raises():
    from nnhelpers.checks import FunctionExercise
    with pytest.raises(ValueError, match="'my_weighted_sum' is already defined in module "
                                         "'nnhelpers.checks.ch01_neuron'"):
        FunctionExercise(name="my_weighted_sum", reference=lambda w, x, b: 0.0, cases=[])


def test_the_engine_kinds_are_exported():
    from nnhelpers.checks import Choice, Experiment, FunctionExercise, Option, make_cases  # noqa: F401


# --- exercise 3: the outputs of a whole data set -------------------------------------------------

@pytest.mark.parametrize("answer", [
    lambda w, X, b: nh.sigmoid(w @ X + b),
    lambda w, X, b: nh.sigmoid(X.T @ w + b),  # the same numbers: (X.T @ w)[j] = w . X[:, j]
    lambda w, X, b: np.array([nh.sigmoid(np.dot(w, X[:, j]) + b) for j in range(X.shape[1])]),
    lambda w, X, b: nh.Neuron(w, b)(X),
])
def test_outputs_right_answers_pass(answer, capsys):
    nh.checks.check_outputs(answer)
    assert capsys.readouterr().out == "✓ my_outputs is correct on all 3 test inputs.\n"


def test_outputs_not_implemented():
    with pytest.raises(AnswerError, match=r"my_outputs: not implemented yet"):
        nh.checks.check_outputs(_not_implemented)


@pytest.mark.parametrize("wrong, named", [
    (lambda w, X, b: w @ X + b, "the activation is missing"),
    (lambda w, X, b: nh.sigmoid(w @ X), "the bias is missing"),
    (lambda w, X, b: nh.sigmoid(w @ X) + b, "the bias is added after the sigmoid"),
    (lambda w, X, b: nh.sigmoid(np.sum(w[:, None] * X + b, axis=0)), "the bias is added once per feature"),
    (lambda w, X, b: nh.sigmoid(np.sum(w[:, None] * X, axis=1) + b), "added up along axis=1"),
    (lambda w, X, b: float(nh.sigmoid(np.sum(w @ X) + b)), "all the samples are added up"),
    (lambda w, X, b: nh.sigmoid(w.reshape(1, -1) @ X + b), r"a \(1, m\) row"),
])
def test_outputs_mistakes_are_named(wrong, named):
    with pytest.raises(AnswerError, match=r"my_outputs.*common mistake: .*" + named):
        nh.checks.check_outputs(wrong)


def test_outputs_rows_instead_of_columns_is_explained():
    with pytest.raises(AnswerError) as info:
        nh.checks.check_outputs(lambda w, X, b: nh.sigmoid(X @ w + b))
    message = str(info.value)
    assert message.startswith("my_outputs raised ValueError: matmul")
    assert "X holds one sample per COLUMN" in message


def test_outputs_cases_tell_every_mistake_apart():
    from nnhelpers.checks.ch01_neuron import OUTPUTS
    assert OUTPUTS.blind_spots() == []
    assert all(X.shape[0] != X.shape[1] for _, X, _ in OUTPUTS.test_cases())
