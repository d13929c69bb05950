"""Tests for nnhelpers.checks._feedback: the tutor behind every exercise check."""
import math

import numpy as np
import pytest

from nnhelpers.checks import AnswerError, check_function, check_value
from nnhelpers.checks._feedback import call_answer, global_hint, global_names


def test_answer_error_is_an_assertion_error():
    # a failing check must stop a notebook run (and nbval) like a failing assert
    assert issubclass(AnswerError, AssertionError)


# --- check_value: right answers ------------------------------------------------------

def test_right_answers_pass_silently(capsys):
    check_value("x", 0.5, 0.5)
    check_value("x", np.float32(0.5), 0.5)
    check_value("x", np.array(0.5), 0.5)  # a 0-d array counts as a number
    check_value("A", np.array([[1.0, 2.0]]), np.array([[1.0, 2.0 + 1e-9]]))
    assert capsys.readouterr().out == ""


# --- type ----------------------------------------------------------------------------

def test_array_where_a_number_was_expected():
    with pytest.raises(AnswerError, match=r"x: wrong type\. Expected a single number.*shape \(1,\).*float\(\.\.\.\)"):
        check_value("x", np.array([0.5]), 0.5)


def test_none_where_a_number_or_array_was_expected_suggests_a_missing_return():
    with pytest.raises(AnswerError, match=r"got NoneType.*forget to `return`"):
        check_value("x", None, 0.5)
    with pytest.raises(AnswerError, match=r"got NoneType.*forget to `return`"):
        check_value("A", None, np.zeros(3))


def test_list_where_an_array_was_expected():
    with pytest.raises(AnswerError, match=r"Expected a numpy array, got list\. Wrap it with np\.array"):
        check_value("A", [1.0, 2.0], np.array([1.0, 2.0]))


def test_bool_and_string_are_not_numbers():
    with pytest.raises(AnswerError, match="got bool"):
        check_value("x", True, 1.0)
    with pytest.raises(AnswerError, match="got str"):
        check_value("x", "0.5", 0.5)


# --- shape ---------------------------------------------------------------------------

def test_transposed_shape_hint():
    with pytest.raises(AnswerError, match=r"wrong shape\. Expected \(2, 3\), got \(3, 2\)\. It looks transposed"):
        check_value("W", np.zeros((3, 2)), np.zeros((2, 3)))


def test_vector_where_a_row_was_expected():
    with pytest.raises(AnswerError, match=r"Expected \(1, 4\), got \(4,\)\. That is an \(m,\) vector where a \(1, m\) row"):
        check_value("A", np.zeros(4), np.zeros((1, 4)))


def test_row_where_a_vector_was_expected():
    with pytest.raises(AnswerError, match=r"Expected \(4,\), got \(1, 4\)\. That is a \(1, m\) row where an \(m,\) vector"):
        check_value("a", np.zeros((1, 4)), np.zeros(4))


def test_vector_where_a_column_was_expected():
    with pytest.raises(AnswerError, match=r"Expected \(3, 1\), got \(3,\)\. A column vector needs shape \(n, 1\)"):
        check_value("db", np.zeros(3), np.zeros((3, 1)))


def test_square_result_points_at_broadcasting():
    with pytest.raises(AnswerError, match=r"got \(4, 4\)\. A square result often means .* broadcast"):
        check_value("A", np.zeros((4, 4)), np.zeros((1, 4)))


def test_other_shape_mismatch_has_no_misleading_hint():
    with pytest.raises(AnswerError) as info:
        check_value("A", np.zeros((2, 5)), np.zeros((3, 4)))
    assert str(info.value) == "A: wrong shape. Expected (3, 4), got (2, 5)."


# --- values --------------------------------------------------------------------------

def test_wrong_number_says_expected_and_got():
    with pytest.raises(AnswerError) as info:
        check_value("loss", 0.25, 0.5)
    message = str(info.value)
    assert "loss: wrong value" in message
    assert "expected 0.5" in message and "got      0.25" in message


def test_wrong_array_names_the_worst_entry():
    expected = np.array([[1.0, 2.0, 3.0]])
    got = np.array([[1.0, 2.5, 3.1]])
    with pytest.raises(AnswerError, match=r"largest difference at index \(0, 1\): expected 2, got 2\.5"):
        check_value("A", got, expected)


def test_nan_in_the_answer_is_reported_not_crashing():
    with pytest.raises(AnswerError, match=r"largest difference at index \(1,\): expected 2, got nan"):
        check_value("a", np.array([1.0, np.nan]), np.array([1.0, 2.0]))


def test_named_mistake_is_recognised():
    mistakes = {"you forgot the bias": 3.0, "you forgot the activation": 7.0}
    with pytest.raises(AnswerError, match=r"matches a common mistake: you forgot the activation\."):
        check_value("a", 7.0, 0.999, mistakes)


def test_named_mistake_of_another_shape_is_ignored():
    with pytest.raises(AnswerError, match="wrong value"):
        check_value("a", np.array([5.0, 5.0]), np.array([1.0, 1.0]), {"odd": np.array([5.0])})


def test_tolerances_are_used():
    check_value("x", 1.001, 1.0, rtol=1e-2)
    with pytest.raises(AnswerError):
        check_value("x", 1.001, 1.0)


# --- check_function ------------------------------------------------------------------

def _double(x):
    return 2 * x


def test_check_function_right_answer_prints_and_returns_confirmation(capsys):
    message = check_function("my_double", lambda x: x + x, _double, [(1.0,), (np.array([1.0, 2.0]),)])
    assert message == "✓ my_double is correct on all 2 test inputs."
    assert capsys.readouterr().out.strip() == message


def test_check_function_not_callable():
    with pytest.raises(AnswerError, match=r"my_double: wrong type\. Expected a function, got float"):
        check_function("my_double", 2.0, _double, [(1.0,)])


def test_check_function_not_implemented_yet():
    def stub(x):
        raise NotImplementedError

    with pytest.raises(AnswerError) as info:
        check_function("my_double", stub, _double, [(1.0,)])
    assert str(info.value) == (
        "my_double: not implemented yet. Replace the `raise NotImplementedError` line with your code."
    )


def test_check_function_reports_an_exception_in_the_students_code():
    def buggy(x):
        return x @ np.ones((5, 5))

    with pytest.raises(AnswerError, match=r"my_double raised ValueError: .*matmul") as info:
        check_function("my_double", buggy, _double, [(np.ones(3),)])
    assert isinstance(info.value.__cause__, ValueError)


def test_check_function_detects_a_global_variable():
    x = 4.0  # the notebook's global

    def uses_global(_ignored):
        return 2 * x

    with pytest.raises(AnswerError, match="same answer for different inputs.*global variable"):
        check_function("my_double", uses_global, _double, [(1.0,), (3.0,)])


def test_check_function_names_a_mistake_and_the_test_input():
    mistakes = {"you added instead of multiplying": lambda x: x + 2}
    with pytest.raises(AnswerError, match=r"my_double \(test input 2 of 2\): not quite.*added instead"):
        check_function("my_double", lambda x: x + 2 if x > 1 else 2 * x, _double, [(1.0,), (3.0,)], mistakes)


def test_check_function_wrong_shape_and_value_messages():
    with pytest.raises(AnswerError, match=r"test input 1 of 1\): wrong shape\. Expected \(1, 3\), got \(3,\)"):
        check_function("f", lambda A: 2 * A.ravel(), _double, [(np.ones((1, 3)),)])
    with pytest.raises(AnswerError, match=r"test input 1 of 1\): wrong value"):
        check_function("f", lambda x: 3 * x, _double, [(1.0,)])


def test_check_function_gives_each_call_its_own_copy_of_the_arguments():
    def mutates(a):
        a *= 2  # in place: would corrupt the reference's input if shared
        return a

    message = check_function("f", mutates, _double, [(np.array([1.0, 2.0]),), (np.array([3.0]),)])
    assert message.startswith("✓")


def test_check_function_skips_a_mistake_variant_that_fails_on_the_input():
    def not_vectorised(x):
        return 2 * math.fabs(x)  # TypeError on an array

    check_function("f", _double, _double, [(np.array([1.0, 2.0]),)], {"abs": not_vectorised})


def test_check_function_mistake_variants_do_not_warn():
    def overflowing(z):
        return np.exp(z)  # overflows at z = 1000, but only the checker evaluates it

    with pytest.raises(AnswerError, match="wrong value"):
        check_function("f", lambda z: z, _double, [(np.array([1000.0, 1.0]),)], {"exp": overflowing})


# --- shared helpers of the chapter checks --------------------------------------------

m_global = 60000  # a notebook's global, read by the function below


def test_global_names_and_hint_name_a_global_read_in_a_comprehension():
    def uses_global_m(grads):
        return {key: value / m_global for key, value in grads.items()}

    assert global_names(uses_global_m) == ["m_global"]
    assert global_hint(uses_global_m, "; use only its arguments (grads).") == (
        " Note: it reads the global variable(s) `m_global`; use only its arguments (grads).")
    assert global_hint(lambda grads: grads, "; use only its arguments (grads).") == ""


def test_call_answer_not_implemented_yet():
    def stub(x):
        raise NotImplementedError

    with pytest.raises(AnswerError) as info:
        call_answer("my_f", stub, (1.0,), advice="; unused.")
    assert str(info.value) == (
        "my_f: not implemented yet. Replace the `raise NotImplementedError` line with your code.")


def test_call_answer_wraps_other_exceptions_with_their_type_and_hints():
    def buggy(x):
        return x @ np.ones((5, 5)) / m_global

    with pytest.raises(AnswerError) as info:
        call_answer("my_f", buggy, (np.ones(3),), advice="; use only x.",
                    shape_hint=" Check the shapes.")
    message = str(info.value)
    assert message.startswith("my_f raised ValueError: ") and "matmul" in message
    assert message.endswith(". Check the shapes. Note: it reads the global variable(s) `m_global`; use only x.")
    assert isinstance(info.value.__cause__, ValueError)


def test_call_answer_calls_on_a_copy_of_the_arguments():
    def mutates(a):
        a *= 2
        return a

    original = np.array([1.0, 2.0])
    assert np.array_equal(call_answer("my_f", mutates, (original,)), [2.0, 4.0])
    assert np.array_equal(original, [1.0, 2.0])


# --- the declarative kinds -----------------------------------------------------------

from nnhelpers.checks._feedback import (  # noqa: E402
    RECIPE_AFTER, Choice, Experiment, FunctionExercise, NotAnsweredError, Option, hint, reset_attempts)


@pytest.fixture(autouse=True)
def _fresh_attempts():
    """Each test starts like a fresh kernel: no failed attempts counted yet."""
    reset_attempts()
    yield
    reset_attempts()


DOUBLE = FunctionExercise(
    name="my_double_x",
    reference=_double,
    cases=[(np.array([1.0, -2.0]),), (np.array([[0.5, 3.0, 4.0]]),)],
    mistakes={"you added 2 instead of multiplying by 2": lambda x: x + 2,
              "one number for the whole array (you summed it)": lambda x: float(np.sum(2 * x))},
    nudge="every entry is multiplied by the same number.",
    recipe="return 2 * x",
)


def test_function_exercise_right_answer_prints_the_success_line(capsys):
    assert DOUBLE.check(lambda x: x * 2) is None
    assert capsys.readouterr().out == "✓ my_double_x is correct on all 2 test inputs.\n"


def test_function_exercise_names_a_mistake_of_another_shape_before_the_type():
    with pytest.raises(AnswerError, match=r"common mistake: one number for the whole array"):
        DOUBLE.check(lambda x: float(np.sum(2 * x)))


def test_function_exercise_stub_is_not_answered_and_not_counted():
    def stub(x):
        raise NotImplementedError("Exercise: replace this line with your code.")

    for _ in range(5):
        with pytest.raises(NotAnsweredError, match=r"^my_double_x: not implemented yet\.[^\n]*$"):
            DOUBLE.check(stub)


def test_function_exercise_blind_spots():
    assert DOUBLE.blind_spots() == []
    blind = FunctionExercise(name="my_blind", reference=lambda x: 2 * x, cases=[(2.0,)],
                             mistakes={"squared": lambda x: x * x})
    assert blind.blind_spots() == ["squared"]


def test_function_exercise_tuple_answer_names_its_parts():
    pair = FunctionExercise(name="my_pair", reference=lambda x: (2 * x, x.sum(axis=1, keepdims=True)),
                            cases=[(np.arange(6.0).reshape(2, 3),), (np.ones((3, 2)),)],
                            parts=("doubled", "total"))
    with pytest.raises(AnswerError, match=r"my_pair \(test input 1 of 2\): total: wrong shape"):
        pair.check(lambda x: (2 * x, x.sum(axis=1)))
    with pytest.raises(AnswerError, match=r"Expected the tuple \(doubled, total\)"):
        pair.check(lambda x: 2 * x)


PREDICT = Choice(
    name="prediction_double",
    question="What does doubling the learning rate do?",
    options={"a": Option("nothing", "No: the step is proportional to the learning rate."),
             "b": Option("the first step doubles", "Yes: the update is -lr * gradient.")},
    correct="b",
    nudge="write the update rule down.",
)


def test_choice_right_letter_in_any_case_explains_why(capsys):
    for answer in ("b", " B ", "(b)"):
        PREDICT.check(answer)
    assert capsys.readouterr().out.splitlines()[0] == (
        '✓ prediction_double = "b" (the first step doubles) is right. Yes: the update is -lr * gradient.')


def test_choice_wrong_letter_explains_that_option_only():
    with pytest.raises(AnswerError) as info:
        PREDICT.check("A")
    message = str(info.value)
    # the option's explanation is the help: no nudge, no "Stuck?" line
    assert message == 'prediction_double = "a" (nothing): not this one. No: the step is proportional to the learning rate.'
    assert "Yes: the update" not in message  # the right option's explanation is not given away
    for _ in range(3):  # nor does the recipe come by itself
        with pytest.raises(AnswerError) as info:
            PREDICT.check("a")
        assert "Recipe" not in str(info.value)


def test_choice_unanswered_and_invalid():
    for stub in (None, "", ...):
        with pytest.raises(NotAnsweredError, match="not answered yet. What does doubling"):
            PREDICT.check(stub)
    with pytest.raises(AnswerError, match=r"'z' is not one of the options: .*\"a\", \"b\""):
        PREDICT.check("z")
    with pytest.raises(NotAnsweredError, match=r"set prediction_double to one of \"a\", \"b\" in the cell "
                       r"above, run it, then run this check again\."):
        PREDICT.check("e")  # not an option: not counted as an attempt
    with pytest.raises(NotAnsweredError, match=r'Put the letter in quotes, e\.g\. "b"\.'):
        PREDICT.check(object())  # an unquoted letter names a variable, e.g. a Value called b


def test_an_invalid_letter_is_not_an_attempt():
    from nnhelpers.checks._exercises import _failures
    for _ in range(RECIPE_AFTER + 1):
        with pytest.raises(NotAnsweredError):
            PREDICT.check("z")
    assert _failures["prediction_double"] == 0


def test_choice_without_argument_reads_the_callers_variable(capsys):
    with pytest.raises(NotAnsweredError):
        PREDICT.check()  # the variable is not defined yet (the stub cell raised before setting it)
    namespace = {"PREDICT": PREDICT}
    exec("prediction_double = 'b'\nPREDICT.check()", namespace)  # a notebook cell
    assert capsys.readouterr().out.startswith("✓ prediction_double")


LOSSES = Experiment(
    name="final_losses",
    what="the loss after 3 steps, per learning rate",
    measure=lambda: {0.1: 0.5, 1.0: float("nan")},
    variants={"you report the loss BEFORE training": lambda: {0.1: 0.7, 1.0: 0.7}},
    rtol=0.02,
)


def test_experiment_agreeing_report_passes(capsys):
    LOSSES.check({0.1: 0.505, 1.0: float("nan")})
    assert capsys.readouterr().out.startswith("✓ final_losses = ")
    assert "within 2%" in LOSSES.judge({0.1: 0.5, 1.0: np.nan})


def test_experiment_names_a_known_variant_and_states_the_tolerance():
    with pytest.raises(AnswerError, match="that is what you report the loss BEFORE training"):
        LOSSES.check({0.1: 0.7, 1.0: 0.7})
    with pytest.raises(AnswerError, match=r"final_losses\[0\.1\]: you measured 0\.6; yours is 20% higher than .*within 2%") as early:
        LOSSES.check({0.1: 0.6, 1.0: np.nan})
    assert "0.5" not in str(early.value)  # the library's value only on request or after RECIPE_AFTER tries
    with pytest.raises(AnswerError, match=r"The library measures \(as asked\): \{0\.1: 0\.5, 1\.0: nan\}"):
        LOSSES.check({0.1: 0.6, 1.0: np.nan}, hint=True)
    with pytest.raises(AnswerError, match=r"no measurement for \[1\.0\]"):
        LOSSES.check({0.1: 0.5})
    with pytest.raises(NotAnsweredError, match="not answered yet"):
        LOSSES.check(None)


def test_experiment_single_number():
    single = Experiment(name="accuracy_x", what="the test accuracy", measure=lambda: 0.9, atol=0.005, rtol=0)
    single.check(0.903)
    with pytest.raises(AnswerError, match=r"you measured 0\.8; yours is 11% lower than .*within ±0\.005"):
        single.check(0.8)
    messages = []
    for _ in range(RECIPE_AFTER):
        with pytest.raises(AnswerError) as info:
            single.check(0.8)
        messages.append(str(info.value))
    assert "0.9" not in messages[0] and "tries): 0.9 for the test accuracy" in messages[-1]


def test_hint_prints_the_recipe(capsys):
    hint("my_double_x")
    hint("double_x")
    assert capsys.readouterr().out.splitlines() == ["Recipe for my_double_x: return 2 * x"] * 2
    with pytest.raises(AnswerError, match="There is no exercise called 'nope'"):
        hint("nope")


def test_a_misspelt_hint_suggests_the_name_without_listing_every_exercise():
    with pytest.raises(AnswerError) as info:
        hint("my_dubble_x")
    message = str(info.value)
    assert message == "There is no exercise called 'my_dubble_x'. Did you mean nh.checks.hint(\"my_double_x\")?"
    assert info.value._render_traceback_()[1:] == []  # one line in a notebook, no library traceback


# --- a notebook global read by mistake is named, in every FunctionExercise ------------

def notebook_function(source: str, name: str, **notebook_globals):
    """Define ``name`` from ``source`` in a fresh namespace holding ``notebook_globals``."""
    namespace = {"np": np, "__name__": "__main__", **notebook_globals}
    exec(source, namespace)
    return namespace[name]


def test_a_wrong_value_names_the_global_it_reads():
    reads_scale = notebook_function("def my_double_x(x):\n    return scale * x\n", "my_double_x", scale=3.0)
    with pytest.raises(AnswerError) as info:
        DOUBLE.check(reads_scale)
    assert "reads the notebook's global variable(s) `scale` (= 3)" in str(info.value)
    assert "use only its arguments (x)" in str(info.value)


def test_a_global_read_through_a_helper_of_the_student_is_named():
    source = "def helper(x):\n    return x * factor\n\ndef my_double_x(x):\n    return helper(x)\n"
    with pytest.raises(AnswerError, match=r"`factor` \(an array of shape \(1,\)\)"):
        DOUBLE.check(notebook_function(source, "my_double_x", factor=np.array([3.0])))


def test_check_function_names_the_global_too():
    x_data = np.array([5.0])
    uses = notebook_function("def f(x):\n    return 2 * x_data\n", "f", x_data=x_data)
    with pytest.raises(AnswerError, match=r"(?s)same answer for different inputs.*`x_data`"):
        check_function("f", uses, _double, [(1.0,), (3.0,)])


# --- hints escalate -------------------------------------------------------------------

def test_first_wrong_answer_gets_the_nudge_not_the_recipe():
    with pytest.raises(AnswerError) as info:
        DOUBLE.check(lambda x: 3 * x)
    message = str(info.value)
    assert "Nudge: every entry is multiplied by the same number." in message
    assert "nh.checks.hint('my_double_x') shows the recipe" in message
    assert "return 2 * x" not in message


def test_the_recipe_comes_when_asked():
    with pytest.raises(AnswerError, match=r"Recipe \(as asked\): return 2 \* x"):
        DOUBLE.check(lambda x: 3 * x, hint=True)


def test_the_recipe_comes_after_three_failed_attempts_and_a_success_starts_over(capsys):
    messages = []
    for _ in range(3):
        with pytest.raises(AnswerError) as info:
            DOUBLE.check(lambda x: x + 2)
        messages.append(str(info.value))
    assert ["Recipe" in m for m in messages] == [False, False, True]
    assert "Recipe (after 3 tries): return 2 * x" in messages[-1]
    assert "common mistake: you added 2" in messages[-1]  # the named mistake stays first
    DOUBLE.check(lambda x: 2 * x)
    with pytest.raises(AnswerError) as info:
        DOUBLE.check(lambda x: x + 2)
    assert "Recipe" not in str(info.value)


def test_checks_run_by_the_library_are_not_attempts():
    from nnhelpers.checks._feedback import not_counted
    with not_counted():
        for _ in range(5):
            with pytest.raises(AnswerError):
                DOUBLE.check(lambda x: x + 2)
    with pytest.raises(AnswerError) as info:
        DOUBLE.check(lambda x: x + 2)
    assert "Recipe" not in str(info.value)


# --- messages that name the mistake ---------------------------------------------------

COLUMN_SUM = FunctionExercise(
    name="my_row_sums",
    reference=lambda dZ: dZ.sum(axis=1, keepdims=True) / dZ.shape[1],
    cases=[(np.arange(12.0).reshape(3, 4),), (np.arange(10.0).reshape(2, 5) - 3,)],
)


def test_a_single_number_where_a_column_was_expected_says_keepdims():
    with pytest.raises(AnswerError) as info:
        COLUMN_SUM.check(lambda dZ: np.sum(dZ) / dZ.shape[1])  # the `db1 = np.sum(dZ1) / m` slip
    message = str(info.value)
    assert "a single number where a column of shape (3, 1)" in message
    assert "np.sum(..., axis=1, keepdims=True)" in message
    assert "float64" not in message


def test_check_value_says_keepdims_for_a_number_where_a_column_was_expected():
    with pytest.raises(AnswerError, match=r"db1: a single number where a column of shape \(4, 1\).*keepdims=True"):
        check_value("db1", np.float64(0.3), np.zeros((4, 1)))


def test_a_broadcasting_error_with_a_1d_shape_gets_a_keepdims_hint():
    def centred(dZ):
        return dZ - dZ.sum(axis=1)  # (3, 4) - (3,): numpy refuses
    with pytest.raises(AnswerError) as info:
        COLUMN_SUM.check(centred)
    message = str(info.value)
    assert "operands could not be broadcast" in message and "(3,)" in message
    assert "keepdims=True" in message
    assert isinstance(info.value.__cause__, ValueError)  # the student's frames stay reachable


def _softmax(Z):
    e = np.exp(Z - Z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


SOFTMAX = FunctionExercise(
    name="my_softmax_x",
    reference=_softmax,
    cases=[(np.array([[1.0, 2.0, 0.5], [2.0, 0.0, 0.5], [3.0, -1.0, 0.5]]),),
           (np.array([[0.1, -0.3], [1.2, 0.4]]),)],
    properties={"each column must sum to 1 (the samples are the columns: normalise over axis=0)":
                lambda A, Z: np.allclose(np.sum(A, axis=0), 1),
                "every entry must be positive": lambda A, Z: bool(np.all(A > 0))},
)


def test_a_broken_property_heads_the_wrong_value_message():
    with pytest.raises(AnswerError) as info:
        SOFTMAX.check(lambda Z: np.exp(Z) / np.exp(Z).sum())  # divided by the whole array's sum
    message = str(info.value)
    assert message.startswith("my_softmax_x (test input 1 of 2): wrong value: each column must sum to 1")
    assert "expected" in message and "got" in message


def test_properties_that_hold_add_nothing():
    with pytest.raises(AnswerError) as info:
        SOFTMAX.check(lambda Z: _softmax(Z)[::-1])  # columns still sum to 1, values wrong
    assert str(info.value).startswith("my_softmax_x (test input 1 of 2): wrong value.\n")


def test_a_none_answer_of_a_structured_exercise_names_the_return_line():
    grads = FunctionExercise(name="my_grads_x", reference=lambda x: {"dx": 2 * x}, cases=[(1.0,)],
                             returns="grads")
    with pytest.raises(AnswerError, match=r"forget to `return grads`"):
        grads.check(lambda x: None)


# --- cases that do not divide evenly ----------------------------------------------------

def _batch_sizes(m, batch_size):
    return [len(range(m)[i:i + batch_size]) for i in range(0, m, batch_size)]


def test_an_off_by_one_is_blind_on_sizes_that_divide_and_seen_on_those_that_do_not():
    from nnhelpers.checks._feedback import make_cases
    off_by_one = {"one batch too many": lambda m, k: [len(range(m)[i * k:(i + 1) * k])
                                                     for i in range(m // k + 1)]}
    even = FunctionExercise(name="my_sizes_even", reference=_batch_sizes, cases=[(12, 4), (9, 3)],
                            mistakes=off_by_one)
    uneven = FunctionExercise(name="my_sizes_uneven", reference=_batch_sizes,
                              cases=make_cases(lambda rng, m, k: (m, k), [(10, 4), (13, 5), (8, 4)]),
                              mistakes=off_by_one)
    assert even.blind_spots() == []  # [4, 4, 4, 0] still differs from [4, 4, 4] here ...
    assert uneven.blind_spots() == []
    dropped = {"the smaller last batch dropped": lambda m, k: [k] * (m // k)}
    blind = FunctionExercise(name="my_sizes_blind", reference=_batch_sizes, cases=[(12, 4), (9, 3)],
                             mistakes=dropped)
    assert blind.blind_spots() == ["the smaller last batch dropped"]  # ... but this one hides


def test_make_cases_gives_each_case_its_own_stream():
    from nnhelpers.checks._feedback import make_cases
    first = make_cases(lambda rng, n: rng.normal(size=n), [(3,), (2,)], seed=1)
    more = make_cases(lambda rng, n: rng.normal(size=n), [(3,), (2,), (4,)], seed=1)
    assert [c[0].shape for c in more] == [(3,), (2,), (4,)]
    np.testing.assert_array_equal(first[1][0], more[1][0])


def test_a_function_exercise_without_its_variable_is_not_answered_yet():
    with pytest.raises(NotAnsweredError, match="my_double_x: not answered yet: the notebook has no my_double_x"):
        DOUBLE.check()
    namespace = {"DOUBLE": DOUBLE}
    exec("def my_double_x(x):\n    return 2 * x\nDOUBLE.check()", namespace)  # a notebook cell


def test_a_list_answer_is_judged_item_by_item():
    batches = FunctionExercise(name="my_halves", reference=lambda x: [x[:2], x[2:]],
                               cases=[(np.arange(5.0),), (np.arange(3.0),)])
    batches.check(lambda x: [x[:2], x[2:]])
    with pytest.raises(AnswerError, match=r"expected a list of 2 items, got a list of 3 items"):
        batches.check(lambda x: [x[:2], x[2:], x[:0]])
    with pytest.raises(AnswerError, match=r"test input 1 of 2\): item 1: wrong shape"):
        batches.check(lambda x: [x[:2], x[3:]])


# --- how Jupyter shows a failed check (the notebook-level test is tests/test_check_render.py) ---

def test_rendering_shows_the_message_and_only_the_students_frames():
    from nnhelpers.checks._render import render
    source = "def my_double_x(x):\n    return x @ np.ones((5, 5))\n"
    with pytest.raises(AnswerError) as info:
        DOUBLE.check(notebook_function(source, "my_double_x"))
    lines = render(info.value)
    assert "my_double_x raised ValueError" in lines[0]
    assert "Where your code raised ValueError:" in lines
    assert not any("nnhelpers" in line for line in lines)


def test_rendering_a_runaway_recursion_stays_short():
    from nnhelpers.checks._render import render
    source = "def my_double_x(x, depth=0):\n    return my_double_x(x, depth + 1)\n"
    with pytest.raises(AnswerError) as info:
        DOUBLE.check(notebook_function(source, "my_double_x"))
    lines = render(info.value)
    assert "RecursionError" in lines[0]
    assert len(lines) < 30 and any("more calls" in line for line in lines)


def test_as_check_builds_the_public_check_with_its_docstring(capsys):
    import inspect
    check_double_x = DOUBLE.as_check("Check ``my_double_x(x)`` = 2 x.", "callable, array -> array")
    assert check_double_x.__name__ == "check_double_x" and check_double_x.__module__ == __name__
    assert str(inspect.signature(check_double_x)) == "(my_double_x, hint=False)"
    assert check_double_x.__doc__.startswith("Check ``my_double_x(x)`` = 2 x.\n\nParameters\n")
    assert "my_double_x : callable, array -> array" in check_double_x.__doc__
    assert check_double_x(lambda x: 2 * x) is None
    assert capsys.readouterr().out.startswith("✓ my_double_x is correct")
    with pytest.raises(AnswerError, match=r"Recipe \(as asked\)"):
        check_double_x(lambda x: 3 * x, hint=True)
