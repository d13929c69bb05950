"""The chapter 01 checks accept right answers and name every listed mistake."""
import math

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError


def _not_implemented(w, x, b):
    raise NotImplementedError


# --- my_weighted_sum -----------------------------------------------------------------

@pytest.mark.parametrize("answer", [
    lambda w, x, b: np.dot(w, x) + b,
    lambda w, x, b: float(np.sum(w * x) + b),
    lambda w, x, b: sum(wi * xi for wi, xi in zip(w, x)) + b,  # a plain loop is fine too
    lambda w, x, b: w @ x + b,
])
def test_weighted_sum_right_answers_pass(answer, capsys):
    assert nh.checks.check_weighted_sum(answer) is None  # prints, returns nothing: no Out[...] in a notebook
    assert capsys.readouterr().out == "✓ my_weighted_sum is correct on all 3 test inputs.\n"


def test_weighted_sum_not_implemented():
    with pytest.raises(AnswerError, match=r"my_weighted_sum: not implemented yet"):
        nh.checks.check_weighted_sum(_not_implemented)


@pytest.mark.parametrize("wrong, named", [
    (lambda w, x, b: np.dot(w, x), "the bias is missing"),
    (lambda w, x, b: np.sum(w * x + b), "the bias is added once per input"),
    (lambda w, x, b: nh.sigmoid(np.dot(w, x) + b), "the sigmoid is applied"),
    (lambda w, x, b: np.dot(w, x) - b, "the bias is subtracted"),
    (lambda w, x, b: w * x + b, "keeps one number per input"),
    (lambda w, x, b: w * x, "without the sum and without the bias"),
])
def test_weighted_sum_mistakes_are_named(wrong, named):
    with pytest.raises(AnswerError, match=r"my_weighted_sum.*common mistake: .*" + named):
        nh.checks.check_weighted_sum(wrong)


def test_weighted_sum_global_variable_is_detected():
    w, x, b = np.array([0.0, 1.0]), np.array([2.0, 3.0]), 4.0  # the notebook's example values

    def uses_globals(_w, _x, _b):
        return np.dot(w, x) + b

    with pytest.raises(AnswerError, match="same answer for different inputs"):
        nh.checks.check_weighted_sum(uses_globals)


def test_weighted_sum_other_errors():
    with pytest.raises(AnswerError, match="forget to `return`"):
        nh.checks.check_weighted_sum(lambda w, x, b: None)
    with pytest.raises(AnswerError, match=r"wrong type\. Expected a function"):
        nh.checks.check_weighted_sum(7.0)
    with pytest.raises(AnswerError, match=r"my_weighted_sum raised ValueError"):
        nh.checks.check_weighted_sum(lambda w, x, b: np.dot(w, x.reshape(-1, 1).T) + b)
    with pytest.raises(AnswerError, match=r"wrong value"):
        nh.checks.check_weighted_sum(lambda w, x, b: np.dot(w, x) + b + 1)


# --- my_neuron_output ----------------------------------------------------------------

@pytest.mark.parametrize("answer", [
    lambda w, x, b: nh.sigmoid(np.dot(w, x) + b),
    lambda w, x, b: 1 / (1 + math.exp(-(np.dot(w, x) + b))),
    lambda w, x, b: nh.Neuron(w, b).feedforward(x),
])
def test_neuron_output_right_answers_pass(answer, capsys):
    nh.checks.check_neuron_output(answer)
    assert capsys.readouterr().out.startswith("✓ my_neuron_output is correct")


def test_neuron_output_not_implemented():
    with pytest.raises(AnswerError, match=r"my_neuron_output: not implemented yet"):
        nh.checks.check_neuron_output(_not_implemented)


@pytest.mark.parametrize("wrong, named", [
    (lambda w, x, b: np.dot(w, x) + b, "the activation is missing"),
    (lambda w, x, b: nh.sigmoid(np.dot(w, x)), "the bias is missing"),
    (lambda w, x, b: nh.sigmoid(np.dot(w, x)) + b, "the bias is added after the sigmoid"),
    (lambda w, x, b: 1 / (1 + np.exp(np.dot(w, x) + b)), "the sign in the exponent"),
    (lambda w, x, b: nh.sigmoid(w * x + b), "gives one number per input"),
])
def test_neuron_output_mistakes_are_named(wrong, named):
    with pytest.raises(AnswerError, match=r"my_neuron_output.*common mistake: .*" + named):
        nh.checks.check_neuron_output(wrong)


def test_neuron_output_student_modifying_inputs_in_place_is_judged_fairly():
    def in_place(w, x, b):
        w *= x  # changes the caller's w, but the check gives each call its own copy
        return nh.sigmoid(w.sum() + b)

    nh.checks.check_neuron_output(in_place)
