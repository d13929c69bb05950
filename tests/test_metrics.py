"""Tests for nnhelpers.metrics: hand-computed cases and the course notes' binary matrix."""
import numpy as np
import pandas as pd
import pytest

import nnhelpers as nh
from nnhelpers.metrics import accuracy, classification_report, confusion_matrix


# Three classes, eight samples, counted by hand:
#   true 0: predicted 0, 0, 1      true 1: predicted 1, 1, 2      true 2: predicted 2, 0
Y_TRUE = np.array([0, 0, 0, 1, 1, 1, 2, 2])
Y_PRED = np.array([0, 0, 1, 1, 1, 2, 2, 0])


def notes_predictions_and_labels():
    """Binary "is it a zero?" outcomes behind the notes' [[8980, 33], [40, 947]].

    The notes printed ``confusion_matrix(predictions, labels)``: predictions
    were passed where the true labels belong, so the notes' ROWS are the
    predictions: 8980 (pred no, true no), 33 (pred no, true zero),
    40 (pred zero, true no), 947 (pred zero, true zero).
    """
    outcomes = [(False, False, 8980), (False, True, 33), (True, False, 40), (True, True, 947)]
    predictions = np.concatenate([np.full(n, p) for p, _, n in outcomes])
    labels = np.concatenate([np.full(n, t) for _, t, n in outcomes])
    return predictions, labels


# --- accuracy -------------------------------------------------------------------------------

def test_accuracy_hand_computed():
    assert accuracy(Y_TRUE, Y_PRED) == pytest.approx(5 / 8)


def test_accuracy_extremes():
    assert accuracy([1, 2, 3], [1, 2, 3]) == 1.0
    assert accuracy([1, 2, 3], [0, 0, 0]) == 0.0
    assert isinstance(accuracy([1], [1]), float)


def test_accuracy_of_notes_binary_case():
    predictions, labels = notes_predictions_and_labels()
    assert accuracy(labels, predictions) == pytest.approx((8980 + 947) / 10000)


def test_accuracy_accepts_bool_and_whole_float_labels():
    assert accuracy(np.array([True, False]), np.array([1, 0])) == 1.0
    assert accuracy(np.array([1.0, 0.0], dtype=np.float32), np.array([1, 1])) == 0.5


def test_accuracy_rejects_a_row_and_suggests_ravel():
    with pytest.raises(ValueError, match=r"1-D.*\(1, 4\).*ravel"):
        accuracy(np.zeros((1, 4), dtype=int), np.zeros(4, dtype=int))
    with pytest.raises(ValueError, match=r"y_pred.*\(1, 4\)"):
        accuracy(np.zeros(4, dtype=int), np.zeros((1, 4), dtype=int))


def test_accuracy_rejects_mismatched_lengths_and_empty():
    with pytest.raises(ValueError, match=r"\(3,\).*\(4,\)"):
        accuracy([0, 1, 2], [0, 1, 2, 3])
    with pytest.raises(ValueError, match="empty"):
        accuracy(np.array([], dtype=int), np.array([], dtype=int))


def test_accuracy_rejects_probabilities():
    with pytest.raises(ValueError, match="non-integer.*0.5"):
        accuracy([0, 1], np.array([0.2, 0.9]))


# --- confusion_matrix -----------------------------------------------------------------------

def test_confusion_matrix_hand_computed():
    cm = confusion_matrix(Y_TRUE, Y_PRED)
    expected = np.array([[2, 1, 0],
                         [0, 2, 1],
                         [1, 0, 1]])
    np.testing.assert_array_equal(cm.to_numpy(), expected)
    assert cm.index.name == "true" and cm.columns.name == "predicted"
    assert cm.index.tolist() == [0, 1, 2] and cm.columns.tolist() == [0, 1, 2]
    assert all(dtype == np.int64 for dtype in cm.dtypes)
    # each row sums to that class's number of samples
    np.testing.assert_array_equal(cm.sum(axis=1).to_numpy(), np.bincount(Y_TRUE))


def test_confusion_matrix_swapped_arguments_transpose_it():
    np.testing.assert_array_equal(confusion_matrix(Y_PRED, Y_TRUE).to_numpy(),
                                  confusion_matrix(Y_TRUE, Y_PRED).to_numpy().T)


def test_confusion_matrix_reproduces_the_notes_binary_matrix():
    predictions, labels = notes_predictions_and_labels()
    # the notes' call, arguments swapped: rows are predictions
    as_in_notes = confusion_matrix(predictions, labels)
    np.testing.assert_array_equal(as_in_notes.to_numpy(), [[8980, 33], [40, 947]])
    # the right order: rows are the truth; 980 zeros in the test set (33 missed + 947 found)
    cm = confusion_matrix(labels, predictions)
    np.testing.assert_array_equal(cm.to_numpy(), [[8980, 40], [33, 947]])
    assert cm.loc[True].sum() == 980
    assert cm.index.tolist() == [False, True]


def test_confusion_matrix_labels_add_absent_classes_and_reorder():
    cm = confusion_matrix([1, 1, 3], [1, 3, 3], labels=[3, 2, 1])
    np.testing.assert_array_equal(cm.to_numpy(), [[1, 0, 0],
                                                  [0, 0, 0],
                                                  [1, 0, 1]])
    assert cm.index.tolist() == [3, 2, 1]


def test_confusion_matrix_labels_subset_leaves_other_samples_out():
    cm = confusion_matrix(Y_TRUE, Y_PRED, labels=[0, 1])
    np.testing.assert_array_equal(cm.to_numpy(), [[2, 1], [0, 2]])


def test_confusion_matrix_default_labels_are_sorted_union():
    cm = confusion_matrix([5, 5, 9], [7, 5, 5])
    assert cm.index.tolist() == [5, 7, 9]
    np.testing.assert_array_equal(cm.to_numpy(), [[1, 1, 0], [0, 0, 0], [1, 0, 0]])


def test_confusion_matrix_bad_input():
    with pytest.raises(ValueError, match=r"y_true.*\(1, 8\).*ravel"):
        confusion_matrix(Y_TRUE[None, :], Y_PRED)
    with pytest.raises(ValueError, match="repeat"):
        confusion_matrix(Y_TRUE, Y_PRED, labels=[0, 1, 1])
    with pytest.raises(ValueError, match="labels is empty"):
        confusion_matrix(Y_TRUE, Y_PRED, labels=np.array([], dtype=int))
    with pytest.raises(ValueError, match="dtype"):
        confusion_matrix(np.array(["a", "b"]), np.array(["a", "b"]))


def test_confusion_matrix_many_samples_matches_a_python_count():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 10, 5000)
    y_pred = np.where(rng.random(5000) < 0.8, y_true, rng.integers(0, 10, 5000))
    cm = confusion_matrix(y_true, y_pred).to_numpy()
    expected = np.zeros((10, 10), dtype=np.int64)
    for t, p in zip(y_true, y_pred):
        expected[t, p] += 1
    np.testing.assert_array_equal(cm, expected)


# --- classification_report ------------------------------------------------------------------

def test_classification_report_hand_computed():
    report = classification_report(Y_TRUE, Y_PRED)
    assert report.index.tolist() == [0, 1, 2, "macro avg", "weighted avg"]
    assert report.columns.tolist() == ["precision", "recall", "f1-score", "support"]
    # class 0: predicted 3 times, 2 right; 3 true  -> p 2/3, r 2/3
    # class 1: predicted 3 times, 2 right; 3 true  -> p 2/3, r 2/3
    # class 2: predicted 2 times, 1 right; 2 true  -> p 1/2, r 1/2
    np.testing.assert_allclose(report.loc[[0, 1, 2], "precision"], [2 / 3, 2 / 3, 1 / 2])
    np.testing.assert_allclose(report.loc[[0, 1, 2], "recall"], [2 / 3, 2 / 3, 1 / 2])
    np.testing.assert_allclose(report.loc[[0, 1, 2], "f1-score"], [2 / 3, 2 / 3, 1 / 2])
    assert report["support"].tolist() == [3, 3, 2, 8, 8]
    assert report["support"].dtype == np.int64
    assert report.loc["macro avg", "precision"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 2) / 3)
    assert report.loc["weighted avg", "recall"] == pytest.approx((3 * 2 / 3 + 3 * 2 / 3 + 2 / 2) / 8)


def test_classification_report_precision_and_recall_differ():
    # true [1, 1, 1, 0], pred [1, 0, 0, 0]: class 1 precision 1/1, recall 1/3, f1 = 2*(1/3)/(4/3) = 1/2
    report = classification_report([1, 1, 1, 0], [1, 0, 0, 0])
    assert report.loc[1, "precision"] == pytest.approx(1.0)
    assert report.loc[1, "recall"] == pytest.approx(1 / 3)
    assert report.loc[1, "f1-score"] == pytest.approx(0.5)
    assert report.loc[0, "precision"] == pytest.approx(1 / 3)
    assert report.loc[0, "recall"] == pytest.approx(1.0)


def test_classification_report_zero_division_gives_zero_without_warning(recwarn):
    # class 2 is never predicted (precision 0/0) and class 7 never occurs (recall 0/0)
    report = classification_report([2, 2, 1], [1, 1, 1], labels=[1, 2, 7])
    assert report.loc[2, "precision"] == 0.0
    assert report.loc[7, ["precision", "recall", "f1-score"]].tolist() == [0.0, 0.0, 0.0]
    assert report.loc[7, "support"] == 0
    assert not np.isnan(report[["precision", "recall", "f1-score"]].to_numpy()).any()
    assert len(recwarn) == 0


def test_classification_report_of_the_notes_binary_case():
    predictions, labels = notes_predictions_and_labels()
    # The notes' report, arguments swapped: "support" counted predictions (9013 / 987),
    # and their printed True row (precision 0.97, recall 0.96) is really recall / precision.
    as_in_notes = classification_report(predictions, labels)
    assert as_in_notes["support"].tolist() == [9013, 987, 10000, 10000]
    assert round(as_in_notes.loc[True, "precision"], 2) == 0.97
    assert round(as_in_notes.loc[True, "recall"], 2) == 0.96
    assert round(as_in_notes.loc[True, "f1-score"], 2) == 0.96
    report = classification_report(labels, predictions)
    assert report["support"].tolist() == [9020, 980, 10000, 10000]
    assert report.loc[True, "precision"] == pytest.approx(947 / 987)
    assert report.loc[True, "recall"] == pytest.approx(947 / 980)
    assert report.loc[False, "recall"] == pytest.approx(8980 / 9020)
    assert report.loc["weighted avg", "recall"] == pytest.approx(accuracy(labels, predictions))


def test_classification_report_perfect_predictions():
    report = classification_report([0, 1, 2, 2], [0, 1, 2, 2])
    np.testing.assert_allclose(report[["precision", "recall", "f1-score"]].to_numpy(), 1.0)
    assert isinstance(report, pd.DataFrame)


def test_classification_report_bad_input():
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        classification_report([0, 1, 2], [0, 1])


# --- against scikit-learn (issue 13, item 6) --------------------------------------------------

sklearn_metrics = pytest.importorskip("sklearn.metrics")


def test_the_issue_case_counts_every_sample_like_sklearn():
    y_true, y_pred = [0, 1, 2, 1, 0, 2], [0, 2, 1, 1, 0, 0]
    report = nh.classification_report(y_true, y_pred, labels=[0, 1])
    assert report.loc[1, "precision"] == 0.5 and report.loc[1, "recall"] == 0.5
    assert report.loc[1, "support"] == 2
    assert "micro avg" in report.index


def _compare_with_sklearn(y_true, y_pred, labels):
    ours = nh.classification_report(y_true, y_pred, labels=labels)
    theirs = sklearn_metrics.classification_report(y_true, y_pred, labels=labels, output_dict=True,
                                                   zero_division=0)
    listed = labels if labels is not None else sorted(set(y_true) | set(y_pred))
    for c in listed:
        row = theirs[str(c)]
        np.testing.assert_allclose(ours.loc[c, ["precision", "recall", "f1-score"]].to_numpy(float),
                                   [row["precision"], row["recall"], row["f1-score"]], atol=1e-12)
        assert ours.loc[c, "support"] == row["support"]
    for name in ("macro avg", "weighted avg", "micro avg"):
        if name in theirs:
            row = theirs[name]
            np.testing.assert_allclose(ours.loc[name, ["precision", "recall", "f1-score"]].to_numpy(float),
                                       [row["precision"], row["recall"], row["f1-score"]], atol=1e-12)
            assert ours.loc[name, "support"] == row["support"]
    assert ("micro avg" in theirs) == ("micro avg" in ours.index)
    cm = sklearn_metrics.confusion_matrix(y_true, y_pred, labels=labels)
    np.testing.assert_array_equal(nh.confusion_matrix(y_true, y_pred, labels=labels).to_numpy(), cm)


@pytest.mark.filterwarnings("ignore:A single label was found")
@pytest.mark.parametrize("seed", range(12))
def test_metrics_agree_with_sklearn_on_random_labels(seed):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 60))
    k = int(rng.integers(2, 7))
    y_true = rng.integers(0, k, m)
    y_pred = np.where(rng.random(m) < 0.5, y_true, rng.integers(0, k, m))
    assert nh.accuracy(y_true, y_pred) == pytest.approx(sklearn_metrics.accuracy_score(y_true, y_pred))
    choices = [None, list(range(k)), list(range(k + 2)), sorted(rng.choice(k, size=max(1, k - 2), replace=False).tolist()),
               rng.permutation(k).tolist()]
    for labels in choices:
        _compare_with_sklearn(y_true.tolist(), y_pred.tolist(), labels)


def test_column_labels_are_called_columns():
    with pytest.raises(ValueError, match=r"an \(m, 1\) column: pass y_pred\.ravel\(\)"):
        nh.accuracy([1, 0, 1], [[1], [0], [1]])
    with pytest.raises(ValueError, match=r"a \(1, m\) row: pass y_true\.ravel\(\)"):
        nh.accuracy([[1, 0, 1]], [1, 0, 1])
    with pytest.raises(ValueError, match=r"one-hot columns.*argmax\(axis=0\)"):
        nh.accuracy([1, 0, 1], np.eye(2)[:, [1, 0, 1]])


# --- adversarial review: labels checked like scikit-learn (defects 14 and 15) -------------------

def test_confusion_matrix_labels_none_of_which_occur_is_an_error():
    with pytest.raises(ValueError, match="none of labels"):
        nh.confusion_matrix([0, 1], [0, 1], labels=[5])
    assert nh.confusion_matrix([0, 1], [0, 1], labels=[1, 5]).shape == (2, 2)
    assert nh.classification_report([0, 1], [0, 1], labels=[5]).loc[5, "support"] == 0


def test_two_d_labels_message_speaks_of_the_classes():
    with pytest.raises(ValueError, match=r"shape \(k,\), the list of k classes.*labels.ravel"):
        nh.confusion_matrix([0, 1], [0, 1], labels=[[0, 1]])
