"""The chapter 03 exercise check recognises the right answer and every named mistake."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError
from nnhelpers.checks._feedback import reset_attempts
from nnhelpers.checks.ch03_network import MSE, MSE_CASES, MSE_MISTAKES


@pytest.fixture(autouse=True)
def _fresh_attempts():
    reset_attempts()
    yield
    reset_attempts()


def test_correct_answers_pass(capsys):
    def my_mse(y_true, y_pred):
        return np.mean((y_true - y_pred) ** 2)

    assert nh.checks.check_mse(my_mse) is None
    assert capsys.readouterr().out == "✓ my_mse is correct on all 3 test inputs.\n"
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
    "half the MSE": lambda t, p: 0.5 * np.mean((t - p) ** 2),
    "the square of the mean error": lambda t, p: np.mean(t - p) ** 2,
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


def test_no_blind_spots():
    assert MSE.blind_spots() == []


def test_first_wrong_answer_gets_a_nudge_not_the_recipe():
    with pytest.raises(AnswerError) as info:
        nh.checks.check_mse(STUDENT_MISTAKES["RMSE"])
    assert "Nudge:" in str(info.value) and "np.mean((y_true - y_pred) ** 2)" not in str(info.value)
    with pytest.raises(AnswerError, match=r"Recipe \(as asked\)"):
        nh.checks.check_mse(STUDENT_MISTAKES["RMSE"], hint=True)


# --- prediction_raw_inputs (predict, then run) --------------------------------------------

def test_raw_inputs_right_prediction(capsys):
    nh.checks.check_prediction_raw_inputs("c")
    out = capsys.readouterr().out
    assert out.startswith('✓ prediction_raw_inputs = "c"') and "their mean, 0.5" in out


@pytest.mark.parametrize("letter, why", [
    ("a", "where the sigmoid is flat"),
    ("b", "Not even slowly"),
    ("d", "never overflows"),
])
def test_raw_inputs_wrong_predictions_are_explained(letter, why):
    with pytest.raises(AnswerError, match=f"prediction_raw_inputs = \"{letter}\".*not this one.*{why}"):
        nh.checks.check_prediction_raw_inputs(letter)


def test_raw_inputs_not_answered_yet():
    with pytest.raises(AnswerError, match="prediction_raw_inputs: not answered yet"):
        nh.checks.check_prediction_raw_inputs()
    with pytest.raises(AnswerError, match="prediction_raw_inputs: not answered yet"):
        nh.checks.check_prediction_raw_inputs(None)


def test_raw_inputs_explanations_hold():
    """What the options say: sums far from 0, answer 0.5 for all, even 20 times longer."""
    df = nh.load_gender()
    X_raw = df[["weight_lb", "height_in"]].to_numpy(dtype=float).T
    y = nh.gender_features(df)[1]
    net = nh.ToyNetwork.random(seed=0)
    sums = [v[k] for v in map(net.forward, X_raw.T) for k in ("sum_h1", "sum_h2")]
    assert 7 < min(sums) < 9 and 110 < max(sums) < 112
    _, history = net.train_sgd(X_raw, y, learning_rate=0.1, epochs=20000, seed=0,
                               record_every=1000)
    assert all(abs(loss - 0.25) < 0.01 for loss in history["loss"][1:])
    assert np.ptp(net.predict(X_raw)) < 0.01
