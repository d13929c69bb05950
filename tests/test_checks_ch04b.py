"""The chapter 4b checks accept right answers and name every listed mistake."""
import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError
from nnhelpers.checks._feedback import NotAnsweredError, reset_attempts
from nnhelpers.checks.ch04b_graph import DIV, PREDICTION_FORK


@pytest.fixture(autouse=True)
def fresh_attempts():
    reset_attempts()
    yield
    reset_attempts()


# --- prediction_fork ---------------------------------------------------------------

def test_fork_prediction_right(capsys):
    for answer in ("b", "B", " (b) "):
        assert nh.checks.check_prediction_fork(answer) is None
        assert capsys.readouterr().out.startswith('✓ prediction_fork = "b" (9) is right.')


def test_fork_prediction_matches_the_engine():
    x, y = nh.Value(2.0), nh.Value(5.0)
    a = x + y
    loss = a * x
    loss.backward()
    assert PREDICTION_FORK.options[PREDICTION_FORK.correct].text == f"{x.grad:g}"


@pytest.mark.parametrize("wrong, explained", [
    ("a", "direct path only"), ("c", "also the value of L"), ("d", "path through a only"),
])
def test_fork_prediction_wrong_options_are_explained(wrong, explained):
    with pytest.raises(AnswerError, match=rf'prediction_fork = "{wrong}".*not this one.*{explained}'):
        nh.checks.check_prediction_fork(wrong)


def test_fork_prediction_not_answered_and_not_an_option():
    with pytest.raises(NotAnsweredError, match="prediction_fork: not answered yet"):
        nh.checks.check_prediction_fork(None)
    with pytest.raises(AnswerError, match="is not one of the options"):
        nh.checks.check_prediction_fork("e")


def test_fork_prediction_reads_the_callers_variable():
    prediction_fork = "b"  # noqa: F841  (read by the check from this frame)
    nh.checks.check_prediction_fork()


# --- my_div -----------------------------------------------------------------------

def _div_with(value, local_a, local_b):
    def my_div(a, b):
        return nh.Value(value(a.data, b.data), (a, b),
                        (local_a(a.data, b.data), local_b(a.data, b.data)), "/")
    return my_div


def test_div_right_answer_passes(capsys):
    nh.checks.check_div(_div_with(lambda a, b: a / b, lambda a, b: 1 / b,
                                  lambda a, b: -a / b ** 2))
    assert capsys.readouterr().out == "✓ my_div is correct on all 3 test inputs.\n"


def test_div_engine_operations_are_refused_and_restored():
    for cheat in (lambda a, b: a / b, lambda a, b: a * b ** -1,
                  lambda a, b: nh.Value(a.data / b.data, (a, b), (1 / b, -a / b ** 2), "/")):
        with pytest.raises(AnswerError, match="engine's own operations"):
            nh.checks.check_div(cheat)
    x, y = nh.Value(3.0), nh.Value(2.0)  # the engine works again afterwards
    assert (x / y).data == 1.5 and (x * y).data == 6.0 and (x ** 2).data == 9.0


def test_div_values_as_local_derivatives_are_refused():
    with pytest.raises(AnswerError, match="use b.data, not the Value b"):
        nh.checks.check_div(lambda a, b: nh.Value(a.data / b.data, (a, b), (b, a), "/"))


def test_div_not_implemented():
    def stub(a, b):
        raise NotImplementedError
    with pytest.raises(AnswerError, match="my_div: not implemented yet"):
        nh.checks.check_div(stub)


@pytest.mark.parametrize("answer, named", [
    (_div_with(lambda a, b: a / b, lambda a, b: 1 / b, lambda a, b: a / b ** 2), "minus sign"),
    (_div_with(lambda a, b: a / b, lambda a, b: 1 / b, lambda a, b: -1 / b ** 2), "factor a"),
    (_div_with(lambda a, b: a / b, lambda a, b: b, lambda a, b: a), "of a product"),
])
def test_div_mistakes_are_named(answer, named):
    with pytest.raises(AnswerError, match=r"my_div.*common mistake: .*" + named):
        nh.checks.check_div(answer)


def test_div_returned_value_must_be_a_value_with_both_children():
    with pytest.raises(AnswerError, match="must return a Value, got float"):
        nh.checks.check_div(lambda a, b: a.data / b.data)
    with pytest.raises(AnswerError, match=r"children=\(a, b\)"):
        nh.checks.check_div(lambda a, b: nh.Value(a.data / b.data))
    with pytest.raises(AnswerError, match="one local derivative per child"):
        nh.checks.check_div(lambda a, b: nh.Value(a.data / b.data, (a, b), (1 / b.data,), "/"))


def test_div_has_no_blind_spots():
    assert DIV.blind_spots() == []
