"""The chapter 02 checks accept right answers and name every listed mistake."""
import math

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError
from nnhelpers.checks._feedback import RECIPE_AFTER, reset_attempts
from nnhelpers.checks.ch02_sigmoid import SIGMOID_PRIME, STABLE_SIGMOID, TANH_PRIME


@pytest.fixture(autouse=True)
def _fresh_attempts():
    """Each test starts as a fresh kernel would: no failed attempts counted yet."""
    reset_attempts()
    yield
    reset_attempts()


def _not_implemented(z):
    raise NotImplementedError


def _naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


# --- my_sigmoid_prime ----------------------------------------------------------------

@pytest.mark.parametrize("answer", [
    lambda z: nh.sigmoid(z) * (1 - nh.sigmoid(z)),
    lambda z: _naive_sigmoid(z) * (1 - _naive_sigmoid(z)),
    lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2,
    nh.sigmoid_prime,
])
def test_sigmoid_prime_right_answers_pass(answer, capsys):
    assert nh.checks.check_sigmoid_prime(answer) is None
    assert capsys.readouterr().out.startswith("✓ my_sigmoid_prime is correct on all 2 test inputs")


def test_sigmoid_prime_not_implemented():
    with pytest.raises(AnswerError, match=r"my_sigmoid_prime: not implemented yet"):
        nh.checks.check_sigmoid_prime(_not_implemented)


@pytest.mark.parametrize("wrong, named", [
    (lambda z: nh.sigmoid(nh.sigmoid(z)) * (1 - nh.sigmoid(nh.sigmoid(z))), "taken at the activation"),
    (lambda z: z * (1 - z), r"z\(1 - z\) uses z where sigma\(z\) belongs"),
    (lambda z: nh.sigmoid(z) * (1 + nh.sigmoid(z)), "a plus sign"),
    (nh.sigmoid, r"this is sigma\(z\) itself"),
    (lambda z: 1 - nh.sigmoid(z), r"this is 1 - sigma\(z\)"),
])
def test_sigmoid_prime_mistakes_are_named(wrong, named):
    with pytest.raises(AnswerError, match=r"my_sigmoid_prime.*common mistake: .*" + named):
        nh.checks.check_sigmoid_prime(wrong)


@pytest.mark.parametrize("not_vectorised", [
    lambda z: (1 / (1 + math.exp(-z))) * (1 - 1 / (1 + math.exp(-z))),  # math.exp: TypeError on arrays
    lambda z: 0.25 if z == 0 else float(nh.sigmoid_prime(z)),          # `if` on an array: ValueError
])
def test_sigmoid_prime_not_vectorised_is_named(not_vectorised):
    with pytest.raises(AnswerError, match=r"my_sigmoid_prime: it works on a single number but fails on an array"):
        nh.checks.check_sigmoid_prime(not_vectorised)


def test_sigmoid_prime_failing_on_numbers_too_reports_the_error():
    with pytest.raises(AnswerError, match=r"my_sigmoid_prime raised \w*TypeError") as info:
        nh.checks.check_sigmoid_prime(lambda z: z + "1")
    assert "single number" not in str(info.value)


def test_sigmoid_prime_global_variable_and_shape():
    z_global = np.array([-2.0, 0.0, 0.5, 3.0])
    with pytest.raises(AnswerError, match="same answer for different inputs"):
        nh.checks.check_sigmoid_prime(lambda z: nh.sigmoid_prime(z_global))
    with pytest.raises(AnswerError, match=r"wrong shape"):
        nh.checks.check_sigmoid_prime(lambda z: nh.sigmoid_prime(z).ravel())


# --- my_stable_sigmoid ---------------------------------------------------------------

def _stable(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _stable_with_masks(z):
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1 / (1 + np.exp(-z[positive]))
    out[~positive] = np.exp(z[~positive]) / (1 + np.exp(z[~positive]))
    return out


@pytest.mark.parametrize("answer", [_stable, _stable_with_masks, nh.sigmoid])
def test_stable_sigmoid_right_answers_pass(answer, capsys):
    assert nh.checks.check_stable_sigmoid(answer) is None
    assert capsys.readouterr().out.startswith("✓ my_stable_sigmoid is correct on all 2 test inputs")


def test_stable_sigmoid_not_implemented():
    with pytest.raises(AnswerError, match=r"my_stable_sigmoid: not implemented yet"):
        nh.checks.check_stable_sigmoid(_not_implemented)


def test_naive_sigmoid_overflow_is_explained_without_a_warning():
    # pytest turns RuntimeWarnings into errors: passing here means nothing leaked
    with pytest.raises(AnswerError, match=r"my_stable_sigmoid: numpy reports 'overflow "
                       r"encountered in exp' for z between -1000 and 1000\.") as info:
        nh.checks.check_stable_sigmoid(_naive_sigmoid)
    assert "Nudge:" in str(info.value)


def test_the_recipe_of_the_stable_sigmoid_escalates():
    # the first naive answer gets what went wrong and a nudge, not the complete formula
    recipe = "t / (1 + t)"
    with pytest.raises(AnswerError) as first:
        nh.checks.check_stable_sigmoid(_naive_sigmoid)
    assert recipe not in str(first.value) and "exp(-|z|)" not in str(first.value)
    assert "nh.checks.hint('my_stable_sigmoid')" in str(first.value)
    # on request ...
    with pytest.raises(AnswerError, match=r"Recipe \(as asked\)") as asked:
        nh.checks.check_stable_sigmoid(_naive_sigmoid, hint=True)
    assert recipe in str(asked.value)
    # ... or by itself after repeated tries
    reset_attempts()
    for _ in range(RECIPE_AFTER - 1):
        with pytest.raises(AnswerError) as early:
            nh.checks.check_stable_sigmoid(_naive_sigmoid)
        assert recipe not in str(early.value)
    with pytest.raises(AnswerError, match=r"Recipe \(after 3 tries\)") as late:
        nh.checks.check_stable_sigmoid(_naive_sigmoid)
    assert recipe in str(late.value)


def test_hint_prints_the_recipe(capsys):
    nh.checks.hint("my_stable_sigmoid")
    assert "t / (1 + t)" in capsys.readouterr().out


def test_where_with_overflowing_branches_is_explained():
    def both_branches(z):
        return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))

    with pytest.raises(AnswerError, match=r"overflow.*np\.where\(cond, a, b\) computes both"):
        nh.checks.check_stable_sigmoid(both_branches)


@pytest.mark.parametrize("wrong, named", [
    (lambda z: _stable(-z), r"this is sigma\(-z\)"),
    (lambda z: np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))), r"right for z < 0 only"),
    (lambda z: 1 / (1 + np.exp(-np.abs(z))), r"right for z >= 0 only"),
    (lambda z: np.where(z >= 0, np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))),
                        1 / (1 + np.exp(-np.abs(z)))), r"the two branches swapped"),
])
def test_stable_sigmoid_mistakes_are_named(wrong, named):
    with pytest.raises(AnswerError, match=r"my_stable_sigmoid.*common mistake: .*" + named):
        nh.checks.check_stable_sigmoid(wrong)


def test_stable_sigmoid_not_vectorised_is_named():
    def scalar_only(z):
        return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))

    with pytest.raises(AnswerError, match=r"works on a single number but fails on an array"):
        nh.checks.check_stable_sigmoid(scalar_only)


# --- my_tanh_prime (derive) ------------------------------------------------------------

@pytest.mark.parametrize("answer", [
    lambda z: 1 - np.tanh(z) ** 2,
    lambda z: 1 / np.cosh(z) ** 2,                     # sech squared: the same function
    lambda z: 4 * nh.sigmoid_prime(2 * z),             # through tanh(z) = 2 sigma(2z) - 1
    lambda z: 4 / (np.exp(z) + np.exp(-z)) ** 2,
])
def test_tanh_prime_right_answers_pass(answer, capsys):
    assert nh.checks.check_tanh_prime(answer) is None
    assert capsys.readouterr().out.startswith("✓ my_tanh_prime is correct on all 2 test inputs")


def test_tanh_prime_not_implemented():
    with pytest.raises(AnswerError, match=r"my_tanh_prime: not implemented yet"):
        nh.checks.check_tanh_prime(_not_implemented)


@pytest.mark.parametrize("wrong, named", [
    (lambda z: 1 - np.tanh(z), r"1 - tanh\(z\) is missing a power"),
    (lambda z: np.tanh(z) * (1 - np.tanh(z)), "copies the sigmoid's pattern"),
    (lambda z: 1 + np.tanh(z) ** 2, "a sign slipped"),
    (lambda z: np.tanh(z) ** 2 - 1, "has the wrong sign"),
    (lambda z: 1 / np.cosh(z), r"1 / cosh\(z\) is missing a power"),
    (lambda z: 2 * nh.sigmoid_prime(2 * z), "a second factor 2"),
    (nh.sigmoid_prime, "the sigmoid's derivative, not tanh's"),
    (lambda z: (np.exp(z) + np.exp(-z)) / (np.exp(z) - np.exp(-z)), "not u' / v'"),
])
def test_tanh_prime_mistakes_are_named(wrong, named):
    with pytest.raises(AnswerError, match=r"my_tanh_prime.*common mistake: .*" + named) as info:
        nh.checks.check_tanh_prime(wrong)
    assert "Nudge:" in str(info.value) and "1 - t**2" not in str(info.value)


def test_tanh_prime_recipe_on_request():
    with pytest.raises(AnswerError, match=r"Recipe \(as asked\).*1 - tanh\(z\)\^2"):
        nh.checks.check_tanh_prime(lambda z: 1 - np.tanh(z), hint=True)


def test_tanh_prime_not_vectorised_is_named():
    with pytest.raises(AnswerError, match=r"works on a single number but fails on an array"):
        nh.checks.check_tanh_prime(lambda z: 1 - math.tanh(z) ** 2)


# --- every function exercise: each named mistake is wrong on some case ---------------------

@pytest.mark.parametrize("exercise", [SIGMOID_PRIME, STABLE_SIGMOID, TANH_PRIME])
def test_no_blind_spots(exercise):
    assert exercise.blind_spots() == []


# --- prediction_small_h (predict, then run) ---------------------------------------------

def test_small_h_right_prediction(capsys):
    nh.checks.check_prediction_small_h("c")
    out = capsys.readouterr().out
    assert out.startswith('✓ prediction_small_h = "c"') and "rounding" in out
    nh.checks.check_prediction_small_h(" (C) ")


@pytest.mark.parametrize("letter, why", [
    ("a", "truncation error alone"),
    ("b", "ten million times larger"),
    ("d", "nothing overflows"),
])
def test_small_h_wrong_predictions_are_explained(letter, why):
    with pytest.raises(AnswerError, match=f"prediction_small_h = \"{letter}\".*not this one.*{why}"):
        nh.checks.check_prediction_small_h(letter)


@pytest.mark.parametrize("stub", [None, "", ...])
def test_small_h_not_answered_yet(stub):
    with pytest.raises(AnswerError, match="prediction_small_h: not answered yet"):
        nh.checks.check_prediction_small_h(stub)


def test_small_h_not_an_option():
    with pytest.raises(AnswerError, match="is not one of the options"):
        nh.checks.check_prediction_small_h("e")


def test_small_h_prediction_is_what_the_numbers_do():
    exact = nh.sigmoid_prime(1.0)
    error = {h: abs((nh.sigmoid(1 + h) - nh.sigmoid(1 - h)) / (2 * h) - exact) for h in (1e-5, 1e-12)}
    assert error[1e-12] > 1e4 * error[1e-5]


def test_small_h_read_from_the_notebook_when_not_passed():
    # the student edition's cell is a stub that never sets the variable
    with pytest.raises(AnswerError, match="prediction_small_h: not answered yet"):
        nh.checks.check_prediction_small_h()
