"""The chapter 4b checks accept right answers and name every listed mistake."""
import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError
from nnhelpers.checks._feedback import NotAnsweredError, reset_attempts
from nnhelpers.checks.ch04b_graph import MUL, PREDICTION_FORK


@pytest.fixture(autouse=True)
def fresh_attempts():
    reset_attempts()
    yield
    reset_attempts()


# --- prediction_fork ---------------------------------------------------------------

def test_fork_prediction_right(capsys):
    for answer in ("b", "B", " (b) "):
        assert nh.checks.check_prediction_fork(answer) is None
        assert capsys.readouterr().out.startswith('✓ prediction_fork = "b" (12) is right.')


def test_fork_prediction_matches_the_engine():
    x, y = nh.Value(2.0), nh.Value(3.0)
    a = x * y
    loss = a * x
    loss.backward()
    assert PREDICTION_FORK.options[PREDICTION_FORK.correct].text == f"{x.grad:g}"


@pytest.mark.parametrize("wrong, explained", [
    ("a", "one path only"), ("c", "contributions add"), ("d", "one local derivative"),
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


# --- my_mul -----------------------------------------------------------------------

def _mul_with(value, local_a, local_b):
    def my_mul(a, b):
        return nh.Value(value(a.data, b.data), (a, b),
                        (local_a(a.data, b.data), local_b(a.data, b.data)), "×")
    return my_mul


def test_mul_right_answers_pass(capsys):
    nh.checks.check_mul(_mul_with(lambda a, b: a * b, lambda a, b: b, lambda a, b: a))
    nh.checks.check_mul(lambda a, b: a * b)  # the engine's own operation
    assert capsys.readouterr().out == "✓ my_mul is correct on all 3 test inputs.\n" * 2


def test_mul_not_implemented():
    def stub(a, b):
        raise NotImplementedError
    with pytest.raises(AnswerError, match="my_mul: not implemented yet"):
        nh.checks.check_mul(stub)


@pytest.mark.parametrize("answer, named", [
    (_mul_with(lambda a, b: a * b, lambda a, b: a, lambda a, b: b), "swapped"),
    (_mul_with(lambda a, b: a * b, lambda a, b: 1.0, lambda a, b: 1.0), "of a \\+ b"),
    (_mul_with(lambda a, b: a * b, lambda a, b: a * b, lambda a, b: a * b), "the product a·b itself"),
    (_mul_with(lambda a, b: a + b, lambda a, b: b, lambda a, b: a), "the value is a \\+ b"),
])
def test_mul_mistakes_are_named(answer, named):
    with pytest.raises(AnswerError, match=r"my_mul.*common mistake: .*" + named):
        nh.checks.check_mul(answer)


def test_mul_returned_value_must_be_a_value_with_both_children():
    with pytest.raises(AnswerError, match="must return a Value, got float"):
        nh.checks.check_mul(lambda a, b: a.data * b.data)
    with pytest.raises(AnswerError, match=r"children=\(a, b\)"):
        nh.checks.check_mul(lambda a, b: nh.Value(a.data * b.data))
    with pytest.raises(AnswerError, match="one local derivative per child"):
        nh.checks.check_mul(lambda a, b: nh.Value(a.data * b.data, (a, b), (b.data,), "×"))


def test_mul_has_no_blind_spots():
    assert MUL.blind_spots() == []
