"""The chapter 02 checks accept right answers and name every listed mistake."""
import math

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError


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
    with pytest.raises(AnswerError, match=r"my_stable_sigmoid: numpy reports 'overflow encountered in exp' for z between -1000 and 1000\..*exp\(-\|z\|\)"):
        nh.checks.check_stable_sigmoid(_naive_sigmoid)


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
