"""The chapter 4b checks accept right answers and name every listed mistake."""
import math

import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError
from nnhelpers.checks._feedback import NotAnsweredError, reset_attempts
from nnhelpers.checks.ch04b_graph import PREDICTION_FORK, TANH


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


# --- my_tanh ----------------------------------------------------------------------

def _tanh_with(local):
    def my_tanh(v):
        t = math.tanh(v.data)
        return nh.Value(t, (v,), (local(v.data, t),), "tanh")
    return my_tanh


def test_tanh_right_answers_pass(capsys):
    nh.checks.check_tanh(_tanh_with(lambda z, t: 1 - t ** 2))
    nh.checks.check_tanh(_tanh_with(lambda z, t: 1 / math.cosh(z) ** 2))  # sech², the same
    assert capsys.readouterr().out == "✓ my_tanh is correct on all 3 test inputs.\n" * 2


def test_tanh_engine_operation_passes_too():
    nh.checks.check_tanh(lambda v: v.tanh())


def test_tanh_not_implemented():
    def stub(v):
        raise NotImplementedError
    with pytest.raises(AnswerError, match="my_tanh: not implemented yet"):
        nh.checks.check_tanh(stub)


@pytest.mark.parametrize("local, named", [
    (lambda z, t: 1 - z ** 2, "taken of the input"),
    (lambda z, t: 1 - t, "the square is missing"),
    (lambda z, t: t * (1 - t), "the sigmoid's derivative"),
    (lambda z, t: 1 + t ** 2, "the sign"),
    (lambda z, t: 1.0, "belongs to \\+"),
])
def test_tanh_mistakes_are_named(local, named):
    with pytest.raises(AnswerError, match=r"my_tanh.*common mistake: .*" + named):
        nh.checks.check_tanh(_tanh_with(local))


def test_tanh_sigmoid_instead_of_tanh_is_named():
    with pytest.raises(AnswerError, match="the value is the sigmoid"):
        nh.checks.check_tanh(lambda v: v.sigmoid())


def test_tanh_returned_value_must_be_a_value_with_v_as_child():
    with pytest.raises(AnswerError, match="must return a Value, got float"):
        nh.checks.check_tanh(lambda v: math.tanh(v.data))
    with pytest.raises(AnswerError, match=r"only child \(children=\(v,\)\)"):
        nh.checks.check_tanh(lambda v: nh.Value(math.tanh(v.data)))


def test_tanh_has_no_blind_spots():
    assert TANH.blind_spots() == []
