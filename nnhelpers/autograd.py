"""A tiny reverse-mode automatic differentiation engine on single numbers (chapter 4b).

A `Value` holds one number and remembers how it was made: from which values
(its ``children``) and with which *local derivatives* (∂self/∂child, computed
while the number itself is computed). ``loss.backward()`` then walks the graph
from the loss back to the leaves and applies the chain rule once per edge,

    child.grad += local_derivative * node.grad,

in reverse topological order, so that every node has received the gradient of
ALL its users before it passes its own on. The ``+=`` is the sum over paths:
a value used twice (``x * x``, or a hidden unit feeding two others) collects one
contribution per use.

Sources: the design follows Andrej Karpathy's micrograd (``micrograd/engine.py``,
2020), which stores a ``_backward`` closure per node; this one stores the local
derivatives instead, so that the one loop in `Value.backward` is the whole chain
rule and the per-edge contributions can be drawn (`nh.plot_computation_graph`).
Reverse mode itself: A. Griewank and A. Walther, *Evaluating Derivatives*, 2nd ed.,
SIAM 2008, chapter 3. PyTorch's autograd does the same on tensors.
"""
from __future__ import annotations

import math
import numbers

__all__ = ["Value", "toy_network_values"]


class Value:
    """One number in a computation graph, with the gradient ∂(output)/∂(this number).

    Parameters
    ----------
    data : a real number (int or float; not bool, not NaN).
    label : optional name, shown by ``repr`` and in graph drawings.

    Attributes
    ----------
    data : float — the value, computed in the forward pass.
    grad : float — ∂(the value `backward` was called on)/∂(this value); 0 before.
    children : tuple of Value — the operands this value was computed from.
    local_grads : tuple of float — ∂self/∂child for each child, in the same order.
    op : str — the operation that made it ("" for a leaf).

    Raises
    ------
    TypeError if ``data`` is not a real number; ValueError if it is NaN or if
    ``local_grads`` does not hold one number per child.
    """

    def __init__(self, data, children=(), local_grads=(), op="", label=""):
        if isinstance(data, bool) or not isinstance(data, numbers.Real):
            raise TypeError(f"data must be a real number (int or float), got {type(data).__name__}")
        if math.isnan(data):
            raise ValueError("data must be a number, got NaN")
        if len(local_grads) != len(children):
            raise ValueError(f"local_grads must hold one local derivative per child: "
                             f"{len(children)} children, {len(local_grads)} local_grads")
        self.data = float(data)
        self.grad = 0.0
        self.children = tuple(children)
        self.local_grads = tuple(float(g) for g in local_grads)
        self.op = op
        self.label = label

    def __repr__(self):
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    # --- the operations: each returns a new Value and its local derivatives ------
    def __add__(self, other):
        other = _as_value(other, "+")
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        other = _as_value(other, "*")
        return Value(self.data * other.data, (self, other), (other.data, self.data), "×")

    def __pow__(self, exponent):
        if isinstance(exponent, bool) or not isinstance(exponent, numbers.Real):
            raise TypeError(f"the exponent must be a plain number (int or float), got "
                            f"{type(exponent).__name__}; x ** Value is not supported")
        if self.data == 0 and exponent < 1 or self.data < 0 and exponent != int(exponent):
            raise ValueError(f"{self.data:g} ** {exponent:g} has no real derivative here")
        return Value(self.data ** exponent, (self,), (exponent * self.data ** (exponent - 1),),
                     f"**{exponent:g}")

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,), "exp")

    def sigmoid(self):
        # stable: exp of -|z| only (as nh.sigmoid); σ'(z) = σ(z)(1 - σ(z))
        e = math.exp(-abs(self.data))
        s = 1 / (1 + e) if self.data >= 0 else e / (1 + e)
        return Value(s, (self,), (s * (1 - s),), "σ")

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1 - t * t,), "tanh")

    def relu(self):
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,), "relu")

    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,), "−")

    def __sub__(self, other):
        other = _as_value(other, "-")
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "−")

    def __truediv__(self, other):
        other = _as_value(other, "/")
        if other.data == 0:
            raise ZeroDivisionError(f"division of {self.data:g} by a Value that is 0")
        return Value(self.data / other.data, (self, other),
                     (1 / other.data, -self.data / other.data ** 2), "/")

    # a number on the left (2 * x, 1 - x): turn it into a Value, then as above
    def __radd__(self, other):
        return _as_value(other, "+") + self

    def __rmul__(self, other):
        return _as_value(other, "*") * self

    def __rsub__(self, other):
        return _as_value(other, "-") - self

    def __rtruediv__(self, other):
        return _as_value(other, "/") / self

    # --- reverse mode -------------------------------------------------------------
    def backward(self):
        """Fill in ``grad`` of every value this one depends on: ∂self/∂value.

        Sets every gradient in the graph to 0 (so calling it twice gives the same
        answer; PyTorch instead accumulates across calls), seeds ∂self/∂self = 1,
        then visits the nodes from this one back to the leaves, each after all its
        users, and sends each child its contribution ``local * node.grad``.
        """
        order = self.graph()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for child, local in zip(node.children, node.local_grads):
                child.grad += local * node.grad  # chain rule; += sums over paths

    def graph(self) -> list:
        """Every value this one depends on, itself last, in topological order
        (each value after all the values it was computed from)."""
        order, seen = [], set()

        def visit(node):  # depth-first; an explicit stack would allow deeper graphs
            if id(node) not in seen:
                seen.add(id(node))
                for child in node.children:
                    visit(child)
                order.append(node)

        visit(self)
        return order


def _as_value(other, op):
    if isinstance(other, Value):
        return other
    if isinstance(other, bool) or not isinstance(other, numbers.Real):
        raise TypeError(f"unsupported operand for {op}: Value and {type(other).__name__} "
                        "(a Value combines with another Value, an int or a float)")
    return Value(other)


def toy_network_values(net, x, y_true) -> dict:
    """The 2-2-1 toy network's loss for one sample, built from `Value` s (chapter 4b).

    The same computation as `nnhelpers.ToyNetwork` (sigmoid units,
    L = (y_true - y_pred)**2), one primitive operation at a time, so that
    ``values["L"].backward()`` computes all nine partials by reverse mode.

    Parameters
    ----------
    net : nnhelpers.ToyNetwork — supplies w1 ... w6, b1, b2, b3.
    x : sequence of two numbers [x1, x2] — one sample.
    y_true : number — its target.

    Returns
    -------
    dict name -> Value with the leaves x1, x2, y_true, w1 ... b3 and the
    intermediate values sum_h1, h1, sum_h2, h2, sum_o1, o1 and the loss L
    (gradients are 0 until ``values["L"].backward()`` is called).

    Raises
    ------
    ValueError if x does not hold exactly two numbers.
    """
    if len(x) != 2:
        raise ValueError(f"x must hold one sample [x1, x2], got {len(x)} numbers")
    v = {name: Value(float(value), label=name) for name, value in net.parameters().items()}
    v["x1"], v["x2"] = Value(float(x[0]), label="x1"), Value(float(x[1]), label="x2")
    v["y_true"] = Value(float(y_true), label="y_true")
    for hidden, (wa, wb, b) in {"h1": ("w1", "w2", "b1"), "h2": ("w3", "w4", "b2")}.items():
        v["sum_" + hidden] = v[wa] * v["x1"] + v[wb] * v["x2"] + v[b]
        v[hidden] = v["sum_" + hidden].sigmoid()
    v["sum_o1"] = v["w5"] * v["h1"] + v["w6"] * v["h2"] + v["b3"]
    v["o1"] = v["sum_o1"].sigmoid()
    v["L"] = (v["y_true"] - v["o1"]) ** 2
    for name in ("sum_h1", "h1", "sum_h2", "h2", "sum_o1", "o1", "L"):
        v[name].label = name
    return v
