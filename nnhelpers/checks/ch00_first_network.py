"""Exercise check of chapter 0, what fit() does: a baseline to beat.

``prediction_majority`` (predict, then run): a "classifier" that ignores the
image and always answers the digit most common in the training set (a 1: 6,742
of the 60,000 training images). What accuracy does it get on the 10,000 test
images? The share of 1s among them: 1,135 / 10,000 = 11.35 %, a little above
the 10 % of guessing at random, because the ten digits are not equally common.
"""
from __future__ import annotations

from nnhelpers.checks._feedback import Choice, Option

__all__ = ["check_prediction_majority", "PREDICTION_MAJORITY"]

PREDICTION_MAJORITY = Choice(
    name="prediction_majority",
    question="What test accuracy does a model get that always answers the most common "
             "training digit?",
    options={
        "a": Option("exactly 10 %", "Close, but 10 % would need all ten digits equally common. "
                                    "They are not: the answer is the share of the most common "
                                    "digit among the test images, somewhat above 10 %."),
        "b": Option("somewhat above 10 %", "It is right exactly on the test images of that "
                                           "digit (a 1), and the most common of ten classes "
                                           "holds at least a tenth of the training set (1s: "
                                           "about 11 % of the test set too). Any model must "
                                           "beat this."),
        "c": Option("about 50 %", "Half would need one digit to be half of the data. Each of "
                                  "the ten digits is roughly a tenth of the images; the model is "
                                  "right only on the images of its one digit."),
        "d": Option("0 %", "It is never right on the other nine digits, but it IS right on every "
                           "test image of its own digit: about a tenth of them."),
    },
    correct="b",
    nudge="On which test images is a model that always says the same digit right?",
    recipe="It is right on the test images of its one digit and wrong on all others, so its "
           "accuracy is that digit's share of the test set: np.mean(y_test == 1).",
)


def check_prediction_majority(prediction_majority=Choice.MISSING, hint: bool = False) -> None:
    """Check the prediction of the always-the-most-common-digit baseline's test accuracy.

    Parameters
    ----------
    prediction_majority : one of "a", "b", "c", "d"; when omitted, the notebook's
        variable of that name is read.
    hint : True adds the worked answer if the prediction is wrong.

    Raises
    ------
    AnswerError explaining the chosen option when it is wrong; NotAnsweredError
    when nothing was chosen yet.
    """
    PREDICTION_MAJORITY.check(prediction_majority, hint=hint)
