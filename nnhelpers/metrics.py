"""Classification metrics: accuracy, confusion matrix, per-class report (chapter 05).

The course stores samples as columns, so a network's predictions for m
samples come out as a (1, m) row or, after ``argmax(axis=0)``, as an (m,)
vector. The metrics here take plain 1-D label vectors of length m: a (1, m)
row is rejected with a hint to ``.ravel()`` it, because comparing a (1, m)
row with an (m,) vector would silently broadcast into an (m, m) matrix.

Argument order follows scikit-learn: ``y_true`` first, then ``y_pred``. In a
confusion matrix the true labels are the rows and the predictions the columns.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["accuracy", "confusion_matrix", "classification_report"]


def _label_vector(name: str, labels) -> np.ndarray:
    """``labels`` as a 1-D array of integer or boolean class labels, or a ValueError."""
    array = np.asarray(labels)
    if array.ndim != 1 and name == "labels":
        hint = " (pass labels.ravel())" if array.ndim == 2 and 1 in array.shape else ""
        raise ValueError(f"labels must be a 1-D array of shape (k,), the list of k classes to show, "
                         f"got shape {array.shape}{hint}")
    if array.ndim != 1:
        hint = ""
        if array.ndim == 2 and array.shape[0] == 1:
            hint = f" (a (1, m) row: pass {name}.ravel())"
        elif array.ndim == 2 and array.shape[1] == 1:
            hint = f" (an (m, 1) column: pass {name}.ravel())"
        elif array.ndim == 2 and np.all((array == 0) | (array == 1)) and np.all(array.sum(axis=0) == 1):
            hint = f" (one-hot columns, (n_classes, m)? the labels are {name}.argmax(axis=0))"
        elif array.ndim == 2:
            hint = (f" (probabilities, (n_classes, m)? the predicted labels are {name}.argmax(axis=0))")
        raise ValueError(
            f"{name} must be a 1-D array of class labels of shape (m,), one per sample, got shape "
            f"{array.shape}{hint}"
        )
    if array.dtype.kind in "biu":
        return array
    if array.dtype.kind == "f" and np.all(np.isfinite(array)) and np.all(array == np.round(array)):
        # 0.0/1.0 labels (e.g. a float32 Y row, ravelled) are whole numbers: accept them as ints.
        return array.astype(np.int64)
    if array.dtype.kind == "f":
        raise ValueError(
            f"{name} holds non-integer numbers (dtype {array.dtype}); metrics need class labels. "
            "Probabilities must be turned into labels first, e.g. (A > 0.5).astype(int) or A.argmax(axis=0)"
        )
    raise ValueError(f"{name} must hold integer or boolean class labels, got dtype {array.dtype}")


def _label_pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y_true = _label_vector("y_true", y_true)
    y_pred = _label_vector("y_pred", y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}; "
            "they need one label per sample each"
        )
    if y_true.size == 0:
        raise ValueError("y_true and y_pred are empty; a metric needs at least one sample")
    return y_true, y_pred


def accuracy(y_true, y_pred) -> float:
    """Fraction of samples whose predicted label equals the true label.

    Parameters
    ----------
    y_true : array_like, shape (m,) — true class labels (integers or booleans).
    y_pred : array_like, shape (m,) — predicted class labels.

    Returns
    -------
    float in [0, 1].

    Raises
    ------
    ValueError if either is not 1-D (a (1, m) row must be ``.ravel()``-ed first),
    if their lengths differ, or if they are empty.
    """
    y_true, y_pred = _label_pair(y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def _resolve_labels(y_true: np.ndarray, y_pred: np.ndarray, labels) -> np.ndarray:
    if labels is None:
        return np.union1d(y_true, y_pred)
    labels = _label_vector("labels", labels)
    if labels.size == 0:
        raise ValueError("labels is empty; give at least one class label")
    if np.unique(labels).size != labels.size:
        raise ValueError(f"labels must not repeat a class, got {labels.tolist()}")
    return labels


def _counts(y_true: np.ndarray, y_pred: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """(k, k) int64 counts, rows = true label, columns = predicted label, in ``labels`` order."""
    k = labels.size
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]

    def codes(values):
        position = np.clip(np.searchsorted(sorted_labels, values), 0, k - 1)
        known = sorted_labels[position] == values
        return order[position], known

    true_code, true_known = codes(y_true)
    pred_code, pred_known = codes(y_pred)
    keep = true_known & pred_known  # samples outside `labels` are left out, as in scikit-learn
    flat = true_code[keep].astype(np.int64) * k + pred_code[keep]
    return np.bincount(flat, minlength=k * k).reshape(k, k).astype(np.int64, copy=False)


def confusion_matrix(y_true, y_pred, labels=None) -> pd.DataFrame:
    """Count how often each true class was predicted as each class.

    Parameters
    ----------
    y_true : array_like, shape (m,) — true class labels (integers or booleans).
    y_pred : array_like, shape (m,) — predicted class labels.
    labels : array_like, shape (k,), optional — the classes to list, in this
        order. Default: the sorted union of the labels in ``y_true`` and
        ``y_pred``. Give e.g. ``range(10)`` to show classes that never occur;
        samples whose true or predicted label is not listed are left out.

    Returns
    -------
    pandas.DataFrame, shape (k, k), int64 counts. Row index named "true"
    (the true label), columns named "predicted": entry [i, j] counts the
    samples of class i that were predicted as class j, so the diagonal holds
    the correct answers and each row sums to that class's number of samples.

    Raises
    ------
    ValueError if y_true or y_pred is not a 1-D vector of integer/boolean labels (an
    (m, 1) column, one-hot columns or probabilities are named), their lengths differ, both
    are empty, or ``labels`` is not a 1-D list of distinct classes at least one of which
    occurs in y_true (as scikit-learn's ``confusion_matrix``).

    Notes
    -----
    The argument order matters: swapping y_true and y_pred transposes the
    matrix (scikit-learn's ``confusion_matrix`` uses the same order).
    """
    y_true, y_pred = _label_pair(y_true, y_pred)
    given = labels is not None
    labels = _resolve_labels(y_true, y_pred, labels)
    if given and not np.isin(labels, y_true).any():
        # scikit-learn raises here too: an all-zero matrix would hide a wrong labels argument
        raise ValueError(f"none of labels {labels.tolist()[:10]} occurs in y_true (which holds "
                         f"{np.unique(y_true).tolist()[:10]}); at least one listed class must be a "
                         "true label")
    counts = _counts(y_true, y_pred, labels)
    return pd.DataFrame(
        counts,
        index=pd.Index(labels, name="true"),
        columns=pd.Index(labels, name="predicted"),
    )


def _safe_divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, with 0 where the denominator is 0 (and no warning)."""
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.asarray(denominator, dtype=np.float64)
    out = np.zeros(np.broadcast(numerator, denominator).shape)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def classification_report(y_true, y_pred, labels=None) -> pd.DataFrame:
    """Precision, recall, F1-score and support for every class, plus averages.

    For class c: precision = (correct c) / (predicted c) — how often a "c"
    answer is right; recall = (correct c) / (true c) — how many of the c's
    were found; F1 = 2 precision recall / (precision + recall); support =
    number of samples whose true class is c. A ratio with nothing to divide
    by (a class never predicted, or never present) counts as 0, silently
    (scikit-learn's ``zero_division=0``).

    Every count is over ALL the samples, as in scikit-learn's
    ``classification_report`` / ``precision_recall_fscore_support``: ``labels``
    only chooses which classes get a row. A sample of an unlisted class that was
    predicted as class 1 is a wrong "1" answer and lowers class 1's precision.
    (The confusion matrix is different: there, as in scikit-learn's
    ``confusion_matrix``, samples outside ``labels`` are left out.)

    Parameters
    ----------
    y_true : array_like, shape (m,) — true class labels (integers or booleans).
    y_pred : array_like, shape (m,) — predicted class labels.
    labels : array_like, shape (k,), optional — the classes to report, in this
        order. Default: the sorted union of the labels in y_true and y_pred.

    Returns
    -------
    pandas.DataFrame with one row per class, then "macro avg" (the plain mean over
    the k classes) and "weighted avg" (weighted by support), and columns precision,
    recall, f1-score (float64) and support (int64; the average rows hold the total
    support of the k classes). When ``labels`` leaves out a class that occurs, a
    "micro avg" row (precision, recall and F1 from the summed counts of the k
    classes) comes before them, as in scikit-learn; otherwise the micro average
    would equal the accuracy, which scikit-learn reports as an "accuracy" row and
    this table leaves to ``nh.accuracy``.

    Raises
    ------
    ValueError as for `confusion_matrix`, except that ``labels`` may list only classes
    that never occur (their rows are all 0, as in scikit-learn's report).
    """
    y_true, y_pred = _label_pair(y_true, y_pred)
    listed = _resolve_labels(y_true, y_pred, labels)
    present = np.union1d(y_true, y_pred)
    everything = np.union1d(present, listed)
    full = _counts(y_true, y_pred, everything)  # every sample counted
    position = np.searchsorted(everything, listed)
    correct = full[position, position]
    predicted = full[:, position].sum(axis=0)
    support = full[position, :].sum(axis=1)
    precision = _safe_divide(correct, predicted)
    recall = _safe_divide(correct, support)
    f1 = _safe_divide(2 * precision * recall, precision + recall)

    per_class = np.column_stack([precision, recall, f1])
    total = int(support.sum())
    rows, names, supports = [per_class], list(listed.tolist()), list(support)
    if not set(present.tolist()) <= set(listed.tolist()):
        micro_p = _safe_divide(correct.sum(), predicted.sum())
        micro_r = _safe_divide(correct.sum(), total)
        micro_f = _safe_divide(2 * micro_p * micro_r, micro_p + micro_r)
        rows.append(np.array([[micro_p, micro_r, micro_f]]))
        names.append("micro avg")
        supports.append(total)
    macro = per_class.mean(axis=0)
    weighted = _safe_divide(support @ per_class, total)
    rows += [macro[None, :], weighted[None, :]]
    names += ["macro avg", "weighted avg"]
    supports += [total, total]

    report = pd.DataFrame(
        np.vstack(rows),
        index=pd.Index(names, dtype=object, name="class"),
        columns=["precision", "recall", "f1-score"],
    )
    report["support"] = np.asarray(supports).astype(np.int64)
    return report
