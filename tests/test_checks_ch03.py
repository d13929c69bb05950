"""The chapter 03 exercise check recognises the right answer and every named mistake."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError
from nnhelpers.checks.ch03_network import MSE_CASES, MSE_MISTAKES


def test_correct_answers_pass(capsys):
    def my_mse(y_true, y_pred):
        return np.mean((y_true - y_pred) ** 2)

    assert "correct" in nh.checks.check_mse(my_mse)
    assert "✓ my_mse" in capsys.readouterr().out
    nh.checks.check_mse(lambda t, p: float(((p - t) ** 2).sum() / t.size))
    nh.checks.check_mse(nh.mse)


def test_stub_says_not_implemented():
    def my_mse(y_true, y_pred):
        raise NotImplementedError

    with pytest.raises(AnswerError, match="not implemented yet"):
        nh.checks.check_mse(my_mse)


STUDENT_MISTAKES = {
    "mean absolute difference": lambda t, p: np.mean(np.abs(t - p)),
    "mean signed difference": lambda t, p: np.mean(t - p),
    "len(y_true)": lambda t, p: np.sum((t - p) ** 2) / len(t),
    "sum of the squared errors": lambda t, p: np.sum((t - p) ** 2),
    "RMSE": lambda t, p: np.sqrt(np.mean((t - p) ** 2)),
    "(m, m)": lambda t, p: np.mean((t.reshape(-1, 1) - p.ravel()) ** 2),
}


@pytest.mark.parametrize("name", list(STUDENT_MISTAKES))
def test_every_mistake_is_named(name):
    with pytest.raises(AnswerError, match="common mistake") as info:
        nh.checks.check_mse(STUDENT_MISTAKES[name])
    assert name in str(info.value)


def test_every_listed_mistake_is_tested():
    assert len(STUDENT_MISTAKES) == len(MSE_MISTAKES)
    for fragment, description in zip(STUDENT_MISTAKES, MSE_MISTAKES):
        assert fragment in description


def test_mistakes_differ_from_the_answer_on_some_case():
    for description, wrong in MSE_MISTAKES.items():
        assert any(not np.isclose(wrong(*case), nh.mse(*case)) for case in MSE_CASES), description


def test_forgetting_the_mean_is_a_shape_error():
    with pytest.raises(AnswerError, match="single number"):
        nh.checks.check_mse(lambda t, p: (t - p) ** 2)


def test_global_variable_is_spotted():
    y_true, y_pred = np.array([1.0, 0.0]), np.array([0.5, 0.5])
    with pytest.raises(AnswerError, match="global variable"):
        nh.checks.check_mse(lambda t, p: float(np.mean((y_true - y_pred) ** 2)))


def test_crash_becomes_feedback():
    with pytest.raises(AnswerError, match="raised ZeroDivisionError"):
        nh.checks.check_mse(lambda t, p: 1 / 0)
