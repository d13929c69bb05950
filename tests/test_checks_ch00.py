"""The chapter 0 check accepts the right prediction and explains every wrong one."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError
from nnhelpers.checks._feedback import NotAnsweredError, reset_attempts


@pytest.fixture(autouse=True)
def fresh_attempts():
    reset_attempts()
    yield
    reset_attempts()


def test_majority_prediction_right(capsys):
    nh.checks.check_prediction_majority("b")
    assert capsys.readouterr().out.startswith('✓ prediction_majority = "b" (somewhat above 10 %)')


@pytest.mark.parametrize("wrong, explained", [
    ("a", "equally common"), ("c", "roughly a tenth"), ("d", "right on every test image of its own"),
])
def test_majority_prediction_wrong_options_are_explained(wrong, explained):
    with pytest.raises(AnswerError, match=rf'prediction_majority = "{wrong}".*{explained}'):
        nh.checks.check_prediction_majority(wrong)


def test_majority_prediction_not_answered():
    with pytest.raises(NotAnsweredError, match="not answered yet"):
        nh.checks.check_prediction_majority(None)


def test_majority_baseline_is_a_little_over_11_percent():
    mnist = nh.load_mnist()
    most_common = np.bincount(mnist.y_train).argmax()
    assert most_common == 1
    assert np.mean(mnist.y_test == most_common) == pytest.approx(0.1135)
