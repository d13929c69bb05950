"""Exercise checks for chapter 04 (back-propagation by hand on the toy network).

The chapter works out dL/dw1 on Alice; the exercise asks for the mirror-image
partial through the other hidden neuron,

    dL/dw3 = dL/dy_pred * dy_pred/dh2 * dh2/dw3
           = -2 (y_true - y_pred) * w6 f'(sum_o1) * x1 f'(sum_h2),

for L = (y_true - y_pred)**2 and one sample x of shape (2,) (the course keeps
samples as columns; a single sample is a 1-D vector [x1, x2]).

A "predict, then run" exercise, ``prediction_learning_rate``, asks what the
largest of four SGD runs (learning rates 0.01, 0.1, 1 and 100, same start, 1000
epochs) does: the first epoch throws the output neuron's weights so far that
sum_o1 < -12 for all four people, o1 is about 0 for everybody, every partial
carries f'(sum_o1) < 1e-5, and the network is stuck at MSE 0.5 (answer "c"). See `_feedback` for the engine.
"""
from __future__ import annotations

import numpy as np

from nnhelpers.activations import sigmoid_prime
from nnhelpers.checks._feedback import Choice, FunctionExercise, Option
from nnhelpers.neuron import ToyNetwork

__all__ = ["check_dL_dw3", "check_prediction_learning_rate", "dL_dw3_cases", "DL_DW3",
           "DL_DW3_MISTAKES", "PREDICTION_LEARNING_RATE"]


def dL_dw3_cases() -> list[tuple]:
    """(x, y_true, net) test inputs: two seeded random networks, then Alice on the all-ones network.

    Alice comes last: with every weight 1 the two hidden neurons are twins
    and x2 = x1 / 2, so several mistakes give the right number or each
    other's; on the random networks every mistake gives its own number.
    """
    return [
        (np.array([1.5, -0.5]), 0.0, ToyNetwork.random(1)),
        (np.array([0.3, 0.8]), 1.0, ToyNetwork.random(2)),
        (np.array([-2.0, -1.0]), 1.0, ToyNetwork()),
    ]


def _reference(x, y_true, net):
    return net.gradients(x, y_true)["dw3"]


def _partial(x, y_true, net, *, hidden="h2", at_hidden="sum_h2", at_o1="sum_o1", factor=-2.0,
             sign=1.0, input_index=0, output_weight="w6"):
    """dL/dw3 with one knob per classic slip (the defaults give the right answer)."""
    v = net.forward(x)
    if hidden == "h1":  # the path of w1 instead of w3
        at_hidden, output_weight = "sum_h1", "w5"
    d_L_d_ypred = factor * sign * (y_true - v["o1"])
    d_ypred_d_h2 = getattr(net, output_weight) * sigmoid_prime(v[at_o1])
    d_h2_d_w3 = x[input_index] * sigmoid_prime(v[at_hidden])
    return float(d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w3)


DL_DW3_MISTAKES = {
    "f' was applied to the activations h2 and y_pred instead of the pre-activations sum_h2 and "
    "sum_o1 (f'(z) = f(z)(1 - f(z)) takes z)":
        lambda x, y, net: _partial(x, y, net, at_hidden="h2", at_o1="o1"),
    "in dh2/dw3, f' was applied to the activation h2 instead of the pre-activation sum_h2":
        lambda x, y, net: _partial(x, y, net, at_hidden="h2"),
    "in dy_pred/dh2, f' was applied to the activation y_pred instead of the pre-activation sum_o1":
        lambda x, y, net: _partial(x, y, net, at_o1="o1"),
    "the factor 2 of dL/dy_pred = -2 (y_true - y_pred) is missing (the derivative of a square)":
        lambda x, y, net: _partial(x, y, net, factor=-1.0),
    "the sign is flipped: dL/dy_pred is -2 (y_true - y_pred) = 2 (y_pred - y_true)":
        lambda x, y, net: _partial(x, y, net, sign=-1.0),
    "x2 was used instead of x1 in dh2/dw3 = x1 f'(sum_h2) (w3 multiplies x1)":
        lambda x, y, net: _partial(x, y, net, input_index=1),
    "w5 was used instead of w6 in dy_pred/dh2 = w6 f'(sum_o1) (h2 reaches o1 through w6)":
        lambda x, y, net: _partial(x, y, net, output_weight="w5"),
    "that is dL/dw1, the path through h1 (w5, sum_h1); w3 feeds h2, so the path runs through "
    "w6 and sum_h2":
        lambda x, y, net: _partial(x, y, net, hidden="h1"),
}


DL_DW3 = FunctionExercise(
    name="my_dL_dw3",
    reference=_reference,
    cases=dL_dw3_cases,
    mistakes=DL_DW3_MISTAKES,
    nudge="follow w3 forward: which neuron does it feed, and through which weight does that "
          "neuron reach o1? Each of the three factors is a local slope along that path.",
    recipe="v = net.forward(x); return -2 * (y_true - v['o1']) * net.w6 * "
           "nh.sigmoid_prime(v['sum_o1']) * x[0] * nh.sigmoid_prime(v['sum_h2'])",
)

PREDICTION_LEARNING_RATE = Choice(
    name="prediction_learning_rate",
    question="What does 1000 epochs of SGD with learning rate 100 do to the toy network?",
    options={
        "a": Option(
            "the loss blows up to inf or nan",
            "The output is a sigmoid: o1 stays between 0 and 1 whatever the weights, so the MSE "
            "can never exceed 1, and nh.sigmoid is the stable one of chapter 2 (no overflow). "
            "The weights jump far, but nothing becomes inf or nan."),
        "b": Option(
            "the loss oscillates",
            "Oscillation is what too large a step does where the slope stays large. Here the first "
            "epoch throws the output neuron's weights so far that sum_o1 is far below 0 for "
            "everybody; there the slope f'(sum_o1) is below 1e-5, the steps become tiny and "
            "nothing jumps any more: the loss is flat."),
        "c": Option(
            "stuck at one constant answer, MSE 0.5",
            "The first epoch throws the output neuron's weights so far that sum_o1 is below -12 "
            "for all four people: o1 is about 0 for everybody (the output sigmoid saturates). "
            "Every one of the nine partials carries the factor f'(sum_o1) < 1e-5, so nothing "
            "moves any more: MSE 0.5, the loss of answering 0 for everybody, for good. Too "
            "large a step is worse than too small."),
        "d": Option(
            "it converges fastest",
            "Bigger steps are faster only while the slope stays about the same over a step. A "
            "step of 100 overshoots so far that the output sigmoid saturates and its slope "
            "vanishes: 1 converges fastest of the four here, 100 ends worst."),
    },
    correct="c",
    nudge="a step w <- w - eta * dL/dw assumes the slope stays about the same over the step. "
          "What happens to a sigmoid's slope if a weight jumps by a hundred?",
)


def check_dL_dw3(my_dL_dw3, hint: bool = False) -> None:
    """Check a student's ``my_dL_dw3(x, y_true, net)``.

    Parameters
    ----------
    my_dL_dw3 : callable taking x (ndarray of shape (2,)), y_true (float) and a
        `nnhelpers.ToyNetwork` and returning dL/dw3 as a single number.
    hint : True adds the full recipe to the message if the answer is wrong.

    Returns
    -------
    None — a one-line confirmation is printed when the answer is right.

    Raises
    ------
    AnswerError naming the mistake: f' of the activation instead of the
    pre-activation, a missing factor 2, a flipped sign, x2 instead of x1,
    w5 instead of w6, or the path through h1 (dL/dw1) instead of h2.
    """
    DL_DW3.check(my_dL_dw3, hint=hint)


def check_prediction_learning_rate(prediction_learning_rate=Choice.MISSING,
                                   hint: bool = False) -> None:
    """Check the prediction of which learning rate ends worst (a letter a-d).

    Parameters
    ----------
    prediction_learning_rate : str, one of "a" (0.01), "b" (0.1), "c" (1), "d" (100).
        Without it the notebook variable ``prediction_learning_rate`` is read.
    hint : accepted like every check's (a choice has no recipe).

    Returns
    -------
    None — prints a ✓ and why the option is right.

    Raises
    ------
    AnswerError explaining why the chosen option is wrong, with a nudge.
    """
    PREDICTION_LEARNING_RATE.check(prediction_learning_rate, hint=hint)
