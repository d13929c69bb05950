"""Tests for nnhelpers.autograd: the engine against hand-derived and numerical gradients."""
import math

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.autograd import Value, toy_network_values
from nnhelpers.neuron import PARAMETER_NAMES

ALICE = (np.array([-2.0, -1.0]), 1.0)


def test_exported_at_top_level():
    assert nh.Value is Value
    assert nh.toy_network_values is toy_network_values


def test_forward_values_and_local_derivatives_of_each_operation():
    a, b = Value(2.0), Value(-3.0)
    cases = {  # expression -> (value, d/da, d/db)
        "a + b": (lambda: a + b, -1.0, 1.0, 1.0),
        "a - b": (lambda: a - b, 5.0, 1.0, -1.0),
        "a * b": (lambda: a * b, -6.0, -3.0, 2.0),
        "a / b": (lambda: a / b, -2 / 3, -1 / 3, -2 / 9),
        "a ** 3": (lambda: a ** 3, 8.0, 12.0, 0.0),
        "-a": (lambda: -a, -2.0, -1.0, 0.0),
        "2 * a - b / 4 + 1": (lambda: 2 * a - b / 4 + 1, 5.75, 2.0, -0.25),
        "1 - a": (lambda: 1 - a, -1.0, -1.0, 0.0),
        "6 / b": (lambda: 6 / b, -2.0, 0.0, -6 / 9),
        "a.exp()": (lambda: a.exp(), math.exp(2), math.exp(2), 0.0),
        "a.tanh()": (lambda: a.tanh(), math.tanh(2), 1 - math.tanh(2) ** 2, 0.0),
        "b.relu() + a.relu()": (lambda: b.relu() + a.relu(), 2.0, 1.0, 0.0),
        "a.sigmoid()": (lambda: a.sigmoid(), nh.sigmoid(2.0), float(nh.sigmoid_prime(2.0)), 0.0),
    }
    for text, (build, value, da, db) in cases.items():
        a.grad = b.grad = 0.0  # backward resets only the values in its own graph
        out = build()
        out.backward()
        assert out.data == pytest.approx(value), text
        assert a.grad == pytest.approx(da), text
        assert b.grad == pytest.approx(db), text


def test_sigmoid_is_stable_at_the_extremes():
    for z in (-1000.0, 1000.0):
        s = Value(z).sigmoid()
        assert s.data == float(nh.sigmoid(z))
        assert s.local_grads == (0.0,)


def test_backward_twice_gives_the_same_gradients():
    x = Value(1.5)
    y = x * x * x
    y.backward()
    first = x.grad
    y.backward()
    assert x.grad == first == pytest.approx(3 * 1.5 ** 2)


def test_fork_value_used_twice_gets_the_sum():
    x = Value(3.0)
    (x * x).backward()
    assert x.grad == 6.0  # d(x*x)/dx = 2x: one x from each use
    (x + x + x).backward()
    assert x.grad == 3.0


def test_fork_unit_feeding_two_others_sums_over_paths():
    # a feeds z1 = w1 a and z2 = w2 a; L = sigmoid(z1) * tanh(z2)
    a, w1, w2 = Value(0.7), Value(-1.2), Value(0.5)
    z1, z2 = w1 * a, w2 * a
    s, t = z1.sigmoid(), z2.tanh()
    loss = s * t
    loss.backward()
    d_z1 = t.data * s.data * (1 - s.data)
    d_z2 = s.data * (1 - t.data ** 2)
    assert z1.grad == pytest.approx(d_z1) and z2.grad == pytest.approx(d_z2)
    assert a.grad == pytest.approx(w1.data * d_z1 + w2.data * d_z2)  # the sum over both paths


def test_toy_network_nine_partials_match_the_hand_derived_ones():
    for net, (x, y) in [(nh.ToyNetwork(), ALICE),
                        (nh.ToyNetwork(0.3, -1.1, 0.8, 0.2, -0.7, 1.4, 0.1, -0.4, 0.6),
                         (np.array([1.5, -0.5]), 0.0))]:
        values = toy_network_values(net, x, y)
        values["L"].backward()
        hand = net.gradients(x, y)
        for name in PARAMETER_NAMES:
            assert values[name].grad == pytest.approx(hand["d" + name], rel=1e-12, abs=1e-15)
        assert values["L"].data == pytest.approx(net.loss(x, y), rel=1e-14)
        assert values["o1"].data == pytest.approx(net.feedforward(x), rel=1e-14)


def test_toy_network_partials_match_the_numerical_gradient():
    net = nh.ToyNetwork(0.3, -1.1, 0.8, 0.2, -0.7, 1.4, 0.1, -0.4, 0.6)
    x, y = ALICE
    values = toy_network_values(net, x, y)
    values["L"].backward()
    engine = {"d" + name: values[name].grad for name in PARAMETER_NAMES}
    table = nh.gradient_check(lambda: net.loss(x, y), net.parameters(), engine)
    assert (table["relative_error"] < 1e-7).all()


def _random_expression(rng, leaves):
    """A random expression over the leaves, mixing every operation, and a float twin."""
    exprs = [(leaf, (lambda i: lambda xs: xs[i])(i)) for i, leaf in enumerate(leaves)]
    for _ in range(12):
        (a, fa), (b, fb) = (exprs[i] for i in rng.integers(len(exprs), size=2))
        kind = rng.integers(7)
        if kind == 0:
            exprs.append((a + b, lambda xs, fa=fa, fb=fb: fa(xs) + fb(xs)))
        elif kind == 1:
            exprs.append((a * b, lambda xs, fa=fa, fb=fb: fa(xs) * fb(xs)))
        elif kind == 2:
            exprs.append((a - b, lambda xs, fa=fa, fb=fb: fa(xs) - fb(xs)))
        elif kind == 3:
            exprs.append((a.sigmoid(), lambda xs, fa=fa: float(nh.sigmoid(fa(xs)))))
        elif kind == 4:
            exprs.append((a.tanh(), lambda xs, fa=fa: math.tanh(fa(xs))))
        elif kind == 5:
            exprs.append((a / (1 + b * b), lambda xs, fa=fa, fb=fb: fa(xs) / (1 + fb(xs) ** 2)))
        else:
            exprs.append((a ** 2, lambda xs, fa=fa: fa(xs) ** 2))
    # add everything up so that every leaf and every intermediate result counts
    total, f_total = exprs[0]
    for e, f in exprs[1:]:
        total, f_total = total + e, (lambda xs, g=f_total, f=f: g(xs) + f(xs))
    return total, f_total


@pytest.mark.parametrize("seed", range(5))
def test_random_expressions_against_the_numerical_gradient(seed):
    rng = np.random.default_rng(seed)
    point = rng.normal(size=4)
    leaves = [Value(float(p)) for p in point]
    out, f = _random_expression(rng, leaves)
    out.backward()
    assert out.data == pytest.approx(f(point), rel=1e-12)
    xs = point.copy()
    numeric = nh.numerical_gradient(lambda: f(xs), xs)
    engine = np.array([leaf.grad for leaf in leaves])
    assert (nh.relative_error(engine, numeric) < 1e-6).all()


def test_graph_is_topological_and_visits_shared_nodes_once():
    x = Value(2.0)
    y = x * x
    z = y + x
    order = z.graph()
    assert order[-1] is z and len(order) == 3
    assert order.index(x) < order.index(y) < order.index(z)


def test_repr_shows_label_data_and_grad():
    v = Value(0.5, label="h1")
    assert repr(v) == "Value(h1: data=0.5, grad=0)"


def test_bad_input():
    with pytest.raises(TypeError, match="real number.*str"):
        Value("1.0")
    with pytest.raises(TypeError, match="real number.*bool"):
        Value(True)
    with pytest.raises(TypeError, match="real number.*ndarray"):
        Value(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="NaN"):
        Value(float("nan"))
    with pytest.raises(TypeError, match=r"unsupported operand for \+: Value and list"):
        Value(1.0) + [1]
    with pytest.raises(TypeError, match=r"unsupported operand for \*: Value and str"):
        "a" * Value(1.0)
    with pytest.raises(TypeError, match="exponent must be a plain number"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(ValueError, match="no real derivative"):
        Value(-2.0) ** 0.5
    with pytest.raises(ValueError, match="no real derivative"):
        Value(0.0) ** -1
    with pytest.raises(ZeroDivisionError, match="is 0"):
        Value(1.0) / Value(0.0)
    with pytest.raises(ValueError, match="one local derivative per child: 2 children, 1"):
        Value(1.0, (Value(1.0), Value(2.0)), (1.0,))
    with pytest.raises(ValueError, match="x must hold one sample"):
        toy_network_values(nh.ToyNetwork(), [1.0, 2.0, 3.0], 1.0)


def test_numpy_scalars_are_accepted():
    v = Value(np.float32(0.5)) * np.float64(2.0) + np.int64(1)
    assert v.data == 2.0
