"""Shape checks shared by every module.

The course keeps one layout everywhere: X (n_features, m), Y (n_out, m),
W (n_out, n_in), b (n_out, 1). NumPy will happily broadcast a (1, m) row
against an (m,) vector into an (m, m) matrix and carry on; these helpers turn
such slips into a ValueError that names what was seen and what was expected.
"""
from __future__ import annotations

import numpy as np


def as_float_array(name: str, value) -> np.ndarray:
    """Return ``value`` as a floating-point array, keeping float32/float64.

    Integers and booleans become float64 so that exp/log behave; anything that
    is not numeric raises a ValueError naming the argument.
    """
    array = np.asarray(value)
    if array.dtype.kind in "fc":
        return array
    if array.dtype.kind in "biu":
        return array.astype(np.float64)
    raise ValueError(f"{name} must be numeric, got an array of dtype {array.dtype}")


def require_ndim(name: str, array: np.ndarray, ndim: int, layout: str = "") -> None:
    """Raise ValueError unless ``array`` has exactly ``ndim`` dimensions."""
    if array.ndim != ndim:
        hint = f" {layout}" if layout else ""
        raise ValueError(
            f"{name} must be a {ndim}-D array{hint}, got shape {array.shape}"
        )


def require_shape(name: str, array: np.ndarray, expected: tuple) -> None:
    """Raise ValueError unless ``array.shape == expected`` (None matches any size)."""
    matches = array.ndim == len(expected) and all(
        want is None or want == got for want, got in zip(expected, array.shape)
    )
    if not matches:
        shown = "(" + ", ".join("any" if e is None else str(e) for e in expected)
        shown += ",)" if len(expected) == 1 else ")"
        raise ValueError(f"{name} must have shape {shown}, got {array.shape}")


def require_same_shape(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray,
                       two_d: bool = True) -> None:
    """Raise ValueError unless ``a`` and ``b`` have identical shapes, naming the likely culprit.

    With ``two_d`` (the (n_out, m) layout is required): an (m,) vector against a (1, m) row
    is blamed on the vector (keep the 2-D layout). An (m, 1) column against a (1, m) row is
    blamed on the column (one column per sample). Otherwise both shapes are named.
    """
    if a.shape == b.shape:
        return
    for (name, x), (other, y) in (((name_a, a), (name_b, b)), ((name_b, b), (name_a, a))):
        if not two_d:
            break
        if x.ndim == 1 and y.ndim == 2 and y.shape == (1, x.shape[0]):
            raise ValueError(f"{name} has shape {shape_text(x.shape)} but must have shape "
                             f"{shape_text(y.shape)}, like {other}: keep the 2-D layout (one column per "
                             f"sample), e.g. {name}.reshape(1, -1)")
        if x.ndim == 2 and y.ndim == 2 and x.shape == y.shape[::-1] and x.shape[1] == 1 and x.shape[0] > 1:
            raise ValueError(f"{name} has shape {shape_text(x.shape)}, an (m, 1) column, but must have shape "
                             f"{shape_text(y.shape)}, like {other}: one column per sample, use {name}.T")
    hint = ""
    if a.ndim == 2 and b.ndim == 2 and a.shape == b.shape[::-1]:
        hint = "; one of them is transposed: both must be (n_out, m), one column per sample"
    raise ValueError(
        f"{name_a} has shape {shape_text(a.shape)} but {name_b} has shape {shape_text(b.shape)}; "
        f"they must match exactly (no broadcasting){hint}"
    )


def require_columns_match(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    """Raise ValueError unless two 2-D arrays hold the same number of samples (columns).

    When one of them looks transposed (its rows match the other's columns) it is named.
    """
    if a.shape[1] == b.shape[1]:
        return
    for (name, x), (other, y) in (((name_b, b), (name_a, a)), ((name_a, a), (name_b, b))):
        if x.shape[0] == y.shape[1]:
            raise ValueError(f"{name} has shape {shape_text(x.shape)} but {other} has {y.shape[1]} samples "
                             f"(columns); {name} must have shape ({x.shape[1]}, {y.shape[1]}): it looks "
                             f"transposed (one row per sample), use {name}.T")
    raise ValueError(
        f"{name_a} has {a.shape[1]} samples (columns) but {name_b} has {b.shape[1]}; "
        f"they need one column per sample each"
    )


def shape_text(shape) -> str:
    """A shape as Python prints it, e.g. (3,) or (4, 1)."""
    shape = tuple(shape)
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def blame_layer_shapes(params, n_layers: int, size_names, data_shape=None, data_name: str = "X") -> list:
    """Check W1, b1, ..., WL, bL (and the data's rows) against each other; blame the odd one out.

    Layer l must have W_l of shape (n_l, n_{l-1}) and b_l of shape (n_l, 1), and the data
    (n_0, m). Each size n_l is voted on by every array that mentions it (W_l's rows, b_l's
    rows, W_{l+1}'s columns; n_0 by W1's columns and the data's rows). The sizes chosen are
    those that make the fewest arrays wrong -- a shortest path over the layers, so it is exact
    -- and the first array that does not fit is named in a ValueError, with the shape it
    should have ("W1 has shape (3, 4) but must have shape (4, 3) = (n_h, n_x) ...: it looks
    transposed"). On a tie the bias is blamed before its weights, and the data before W1
    (a copied bias, or data in the wrong layout, are the likelier slips).

    Parameters
    ----------
    params : mapping with 2-D arrays "W1".."WL" and arrays "b1".."bL" (already checked to exist).
    n_layers : L.
    size_names : L + 1 names for the message, e.g. ["n_x", "n_h", "n_y"].
    data_shape : the data's (2-D) shape, or None when no data is involved.
    data_name : the data's name in the message.

    Returns
    -------
    list [n_0, ..., n_L] when every shape fits.
    """
    data_rows = None if data_shape is None else data_shape[0]
    W = [None] + [np.shape(params[f"W{l}"]) for l in range(1, n_layers + 1)]
    b = [None] + [np.shape(params[f"b{l}"]) for l in range(1, n_layers + 1)]
    for l in range(1, n_layers + 1):
        if len(W[l]) != 2:
            raise ValueError(f"W{l} must be a 2-D array {shape_text((size_names[l], size_names[l - 1]))}, "
                             f"got shape {shape_text(W[l])}")
    # candidate values of each size: every vote for it
    candidates = [{W[1][1]} | ({data_rows} if data_rows is not None else set())]
    for l in range(1, n_layers + 1):
        votes = {W[l][0]}
        if len(b[l]) == 2 and b[l][1] == 1:
            votes.add(b[l][0])
        if l < n_layers:
            votes.add(W[l + 1][1])
        candidates.append(votes)

    def data_cost(n0):
        return 0.0 if data_rows is None or data_rows == n0 else 0.8

    # best[l][v] = (cost of layers 1..l with n_l = v, previous value)
    best = [{v: (data_cost(v), None) for v in candidates[0]}]
    for l in range(1, n_layers + 1):
        layer = {}
        for v in candidates[l]:
            b_cost = 0.0 if b[l] == (v, 1) else 0.9
            options = [(cost + (0.0 if W[l] == (v, u) else 1.0) + b_cost, u) for u, (cost, _) in best[-1].items()]
            layer[v] = min(options, key=lambda item: (item[0], item[1]))
        best.append(layer)
    sizes = [None] * (n_layers + 1)
    sizes[n_layers] = min(best[n_layers], key=lambda v: (best[n_layers][v][0], v))
    for l in range(n_layers, 0, -1):
        sizes[l - 1] = best[l][sizes[l]][1]

    # the wrong arrays, in reading order: X first, then W1, b1, W2, ...
    wrong = []
    if data_rows is not None and data_rows != sizes[0]:
        wrong.append(data_name)
    for l in range(1, n_layers + 1):
        if W[l] != (sizes[l], sizes[l - 1]):
            wrong.append(f"W{l}")
        if b[l] != (sizes[l], 1):
            wrong.append(f"b{l}")
    if not wrong:
        return sizes

    def supported(index, except_name):
        """Is size `index` confirmed by an array other than `except_name` that fits?"""
        voters = []
        if index == 0:
            voters = [("W1", W[1][1] == sizes[0])]
            if data_rows is not None:
                voters.append((data_name, data_rows == sizes[0]))
        else:
            voters = [(f"W{index}", W[index][0] == sizes[index]), (f"b{index}", b[index] == (sizes[index], 1))]
            if index < n_layers:
                voters.append((f"W{index + 1}", W[index + 1][1] == sizes[index]))
        return any(ok and name != except_name and name not in wrong for name, ok in voters)

    def size_text(index, except_name):
        return str(sizes[index]) if supported(index, except_name) else size_names[index]

    name = wrong[0]
    if name == data_name:
        if data_shape[1] == sizes[0]:
            raise ValueError(f"{data_name} has shape {shape_text(data_shape)} but W1 has shape "
                             f"{shape_text(W[1])}, i.e. {sizes[0]} inputs; {data_name} must have shape "
                             f"({sizes[0]}, m): it looks transposed (one row per sample), use {data_name}.T")
        # only W1 and the data speak about n_0: either may be the wrong one, so name both fixes
        raise ValueError(f"{data_name} has {data_rows} rows but W1 has shape {shape_text(W[1])}, i.e. "
                         f"{size_names[0]} = {sizes[0]} inputs; they must agree: {data_name} must have "
                         f"shape ({sizes[0]}, m), one column per sample, or W1 shape "
                         f"({W[1][0]}, {data_rows}) for this {data_name}")
    l = int(name[1:])
    if name.startswith("W"):
        rows, cols = size_text(l, name), size_text(l - 1, name)
        expected = f"({rows}, {cols})"
        layout = f"({size_names[l]}, {size_names[l - 1]})"
        hint = ""
        if W[l][::-1] == (sizes[l], sizes[l - 1]) or (not supported(l - 1, name) and W[l][1] == sizes[l]):
            hint = f"; it looks transposed: use W{l}.T"
        others = _witnesses(W, b, l, sizes, name, n_layers, data_rows, data_name)
        raise ValueError(f"W{l} has shape {shape_text(W[l])} but must have shape {expected} = {layout}"
                         f"{others}{hint}")
    rows = size_text(l, name)
    hint = ""
    if len(b[l]) == 1 or (len(b[l]) == 2 and b[l][0] == 1 and b[l][1] == sizes[l]):
        hint = "; a bias is a column, one row per unit: use b.reshape(-1, 1)"
    others = _witnesses(W, b, l, sizes, name, n_layers, data_rows, data_name)
    raise ValueError(f"b{l} has shape {shape_text(b[l])} but must have shape ({rows}, 1) = "
                     f"({size_names[l]}, 1){others}{hint}")


def _witnesses(W, b, l, sizes, blamed, n_layers, data_rows, data_name) -> str:
    """' (as W2 (3, 4) and b1 (4, 1) say)': the arrays that fix the blamed one's sizes."""
    said = []
    if blamed.startswith("W"):
        if f"b{l}" != blamed and b[l] == (sizes[l], 1):
            said.append(f"b{l} {shape_text(b[l])}")
        if l < n_layers and W[l + 1][1] == sizes[l]:
            said.append(f"W{l + 1} {shape_text(W[l + 1])}")
        if l == 1 and data_rows is not None and data_rows == sizes[0]:
            said.append(f"{data_name} ({data_rows}, m)")
        elif l > 1 and W[l - 1][0] == sizes[l - 1]:
            said.append(f"W{l - 1} {shape_text(W[l - 1])}")
    else:
        if W[l][0] == sizes[l]:
            said.append(f"W{l} {shape_text(W[l])}")
        if l < n_layers and W[l + 1][1] == sizes[l]:
            said.append(f"W{l + 1} {shape_text(W[l + 1])}")
    if not said:
        return ""
    listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
    return f" (as {listed} {'says' if len(said) == 1 else 'say'})"


def float_dtype(dtype) -> np.dtype:
    """``dtype`` as a floating NumPy dtype, or a ValueError (also for names NumPy does not know)."""
    try:
        result = np.dtype(dtype)
    except TypeError:
        raise ValueError(f"dtype must be a floating-point type such as np.float32 or np.float64, "
                         f"got {describe(dtype)}") from None
    if result.kind != "f":
        raise ValueError(f"dtype must be a floating-point type such as np.float32 or np.float64, got {result}")
    return result


def describe(value) -> str:
    """A short description of an argument for an error message: never a whole array or dict."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {shape_text(value.shape)}"
    if isinstance(value, dict):
        keys = sorted(map(str, value))
        return f"a dict with keys {keys[:6]}{' ...' if len(keys) > 6 else ''}"
    if isinstance(value, (str, bool, int, float, np.generic)) or value is None:
        text = repr(value)
        return text if len(text) <= 40 else text[:37] + "..."
    return f"a {type(value).__name__}"


def is_names(value) -> bool:
    """True for a string or a non-empty list/tuple of strings (activation names, an output)."""
    if isinstance(value, str):
        return True
    return isinstance(value, (list, tuple)) and bool(value) and all(isinstance(v, str) for v in value)


def check_data_order(function: str, signature: str, X, Y, n_in: int, n_out: int) -> None:
    """Raise "the arguments look swapped" when X has the labels' shape and Y the data's.

    Only when the evidence is unambiguous: X does not have the n_in rows the parameters
    need, but it has exactly Y's layout (n_out, m), and Y has the data's (n_in, m).
    """
    xs, ys = np.shape(X), np.shape(Y)
    if len(xs) == 2 and len(ys) == 2 and n_in != n_out and xs[0] != n_in \
            and xs == (n_out, ys[1]) and ys[0] == n_in:
        raise ValueError(f"the arguments look swapped: {function}({signature}) takes the data X "
                         f"({n_in}, m) before the labels Y ({n_out}, m); got X of shape "
                         f"{shape_text(xs)} and Y of shape {shape_text(ys)}")


def check_number(name: str, value, *, low=None, high=None, low_open: bool = False,
                 high_open: bool = False) -> float:
    """``value`` as a Python float, or a ValueError naming ``name``.

    A number is an int or float (NumPy scalars and 0-d arrays included), never a bool, a
    string or an array with entries; ``low``/``high`` bound it (open bounds exclude the
    end). NaN and inf are refused.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value[()]
    if low == 0 and low_open and high is None:
        wanted = "a positive number"
    elif low is not None and high is not None:
        wanted = f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    elif low is not None:
        wanted = f"a number {'>' if low_open else '>='} {low:g}"
    else:
        wanted = "a number" + ("" if high is None else f" {'<' if high_open else '<='} {high:g}")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be {wanted}, got {describe(value)}")
    number = float(value)
    bad = not np.isfinite(number)
    if low is not None and (number < low or (low_open and number == low)):
        bad = True
    if high is not None and (number > high or (high_open and number == high)):
        bad = True
    if bad:
        raise ValueError(f"{name} must be {wanted}, got {value!r}")
    return number
