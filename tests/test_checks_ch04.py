"""The chapter 04 exercise check recognises the right answer and every named mistake."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError
from nnhelpers.checks._feedback import reset_attempts
from nnhelpers.checks.ch04_backprop import DL_DW3, DL_DW3_MISTAKES, _reference, dL_dw3_cases


@pytest.fixture(autouse=True)
def _fresh_attempts():
    reset_attempts()
    yield
    reset_attempts()


def _student(hidden="h2", at_hidden=None, at_o1="sum_o1", factor=-2, flip=False, i=0, w=None):
    """A student's dL/dw3, written the way the chapter writes dL/dw1, with optional slips."""
    at_hidden = at_hidden or ("sum_" + hidden)
    w = w or ("w6" if hidden == "h2" else "w5")

    def my_dL_dw3(x, y_true, net):
        v = net.forward(x)
        error = (v["o1"] - y_true) if flip else (y_true - v["o1"])
        d_L_d_ypred = factor * error
        d_ypred_d_h2 = getattr(net, w) * nh.sigmoid_prime(v[at_o1])
        d_h2_d_w3 = x[i] * nh.sigmoid_prime(v[at_hidden])
        return d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w3
    return my_dL_dw3


def test_correct_answer_passes(capsys):
    assert nh.checks.check_dL_dw3(_student()) is None
    assert capsys.readouterr().out == "✓ my_dL_dw3 is correct on all 3 test inputs.\n"


def test_derivative_written_with_the_activation_also_passes():
    # f'(sum_h2) = h2 (1 - h2): the same number, so it must be accepted
    def via_activations(x, y_true, net):
        v = net.forward(x)
        return (-2 * (y_true - v["o1"]) * net.w6 * v["o1"] * (1 - v["o1"])
                * x[0] * v["h2"] * (1 - v["h2"]))

    nh.checks.check_dL_dw3(via_activations)


def test_stub_says_not_implemented():
    def my_dL_dw3(x, y_true, net):
        raise NotImplementedError

    with pytest.raises(AnswerError, match="not implemented yet"):
        nh.checks.check_dL_dw3(my_dL_dw3)


STUDENT_MISTAKES = {
    "activations h2 and y_pred instead of the pre-activations": _student(at_hidden="h2", at_o1="o1"),
    "in dh2/dw3, f' was applied to the activation h2": _student(at_hidden="h2"),
    "in dy_pred/dh2, f' was applied to the activation y_pred": _student(at_o1="o1"),
    "factor 2": _student(factor=-1),
    "sign is flipped": _student(flip=True),
    "x2 was used instead of x1": _student(i=1),
    "w5 was used instead of w6": _student(w="w5"),
    "that is dL/dw1": _student(hidden="h1"),
}


@pytest.mark.parametrize("name", list(STUDENT_MISTAKES))
def test_every_mistake_is_named(name):
    with pytest.raises(AnswerError, match="common mistake") as info:
        nh.checks.check_dL_dw3(STUDENT_MISTAKES[name])
    assert name in str(info.value)


def test_every_listed_mistake_is_tested():
    assert len(STUDENT_MISTAKES) == len(DL_DW3_MISTAKES)
    for fragment, description in zip(STUDENT_MISTAKES, DL_DW3_MISTAKES):
        assert fragment in description


def test_first_case_tells_every_mistake_apart():
    x, y, net = dL_dw3_cases()[0]
    values = [_reference(x, y, net)] + [wrong(x, y, net) for wrong in DL_DW3_MISTAKES.values()]
    assert len(values) == len(set(np.round(values, 6)))


def test_reference_is_the_hand_derived_partial():
    for x, y, net in dL_dw3_cases():
        table = nh.gradient_check(lambda: net.loss(x, y), {"w3": net.parameters()["w3"]},
                                  {"dw3": _reference(x, y, net)})
        assert table["relative_error"].max() < 1e-7


def test_check_does_not_let_the_student_change_the_cases():
    def vandal(x, y_true, net):
        net.parameters()["w3"] += 100.0
        x[0] = 99.0
        return 0.0

    with pytest.raises(AnswerError):
        nh.checks.check_dL_dw3(vandal)
    assert dL_dw3_cases()[0][2].w3 == nh.ToyNetwork.random(1).w3


def test_returning_an_array_is_a_type_error():
    with pytest.raises(AnswerError, match="single number"):
        nh.checks.check_dL_dw3(lambda x, y, net: np.array([_student()(x, y, net)]))


def test_no_blind_spots():
    assert DL_DW3.blind_spots() == []


def test_first_wrong_answer_gets_a_nudge_not_the_recipe():
    with pytest.raises(AnswerError) as info:
        nh.checks.check_dL_dw3(_student(w="w5"))
    assert "Nudge:" in str(info.value) and "Recipe" not in str(info.value)
    with pytest.raises(AnswerError, match=r"Recipe \(as asked\).*net\.w6"):
        nh.checks.check_dL_dw3(_student(w="w5"), hint=True)


# --- prediction_learning_rate (predict, then run) ------------------------------------------

def test_learning_rate_right_prediction(capsys):
    nh.checks.check_prediction_learning_rate("c")
    out = capsys.readouterr().out
    assert out.startswith('✓ prediction_learning_rate = "c" (stuck') and "saturates" in out


@pytest.mark.parametrize("letter, why", [
    ("a", "never exceed 1"),
    ("b", "the loss is flat"),
    ("d", "1 converges fastest"),
])
def test_learning_rate_wrong_predictions_are_explained(letter, why):
    with pytest.raises(AnswerError, match=f"prediction_learning_rate = \"{letter}\".*not this one.*{why}"):
        nh.checks.check_prediction_learning_rate(letter)


def test_learning_rate_not_answered_yet():
    with pytest.raises(AnswerError, match="prediction_learning_rate: not answered yet"):
        nh.checks.check_prediction_learning_rate()


def test_learning_rate_explanations_hold():
    """The chapter's four runs: 100 ends worst (stuck at 0.5), 1 best, 0.01 still falling."""
    X, y = nh.gender_features(nh.load_gender())
    final, falling = {}, {}
    for rate in [0.01, 0.1, 1.0, 100.0]:
        net = nh.ToyNetwork.random(seed=0)
        _, history = net.train_sgd(X, y, learning_rate=rate, epochs=1000, seed=0)
        final[rate] = history["loss"][-1]
        falling[rate] = all(np.diff(history["loss"]) < 0)
    assert max(final, key=final.get) == 100.0 and abs(final[100.0] - 0.5) < 1e-3
    assert min(final, key=final.get) == 1.0
    assert falling[0.01] and final[0.01] > final[0.1]
    # eta = 100: after the first epoch the loss is flat (no oscillation), sum_o1 < -12 for all
    net = nh.ToyNetwork.random(seed=0)
    _, history = net.train_sgd(X, y, learning_rate=100.0, epochs=1000, seed=0)
    assert np.ptp(history["loss"][2:]) < 1e-3 and np.all(np.isfinite(history["loss"]))
    sums = np.array([net.forward(X[:, i])["sum_o1"] for i in range(4)])
    assert np.all(sums < -12) and nh.sigmoid_prime(sums).max() < 1e-5
