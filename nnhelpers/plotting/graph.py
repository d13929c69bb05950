"""Drawing a computation graph of `nnhelpers.Value` s (chapter 4b).

The picture follows the convention of the chapter: **nodes are operations**
(a circle with +, ×, σ, ...) and **edges are values** flowing left to right
into the operation that uses them. Leaves (inputs, parameters, constants) are
boxes on the left of their first use; the output leaves the last node on the
right. Each edge carries two numbers:

- above, in blue: the value, computed in the forward pass;
- below, in red: the gradient that travels back along this edge,
  ``local derivative × gradient of the node it enters`` (reverse mode). A value
  used twice has two edges, and its gradient is the sum of their red numbers;
  under a leaf with two or more edges that sum is written in red ("total ∂ = ...").

Layout (no graphviz needed): a node's column is its longest distance from the
output, so every edge points right; rows come from a depth-first walk from the
output in which every leaf gets a row of its own and an operation sits at the
mean height of its operands, like a dendrogram; nodes of one column closer than
0.8 rows are then pushed apart.
"""
from __future__ import annotations

import matplotlib.pyplot as plt

from nnhelpers.autograd import Value

__all__ = ["plot_computation_graph", "plot_toy_network_graph", "graph_layout"]

VALUE_COLOR = "#1f4e9c"
GRAD_COLOR = "#c0392b"
MAX_NODES = 60
# A figure at most 10 x 4.8 inches (1000x480 px at the course's 100 dpi): the decks show an image
# at most 440 px high, and shrunk by more than that its 13-pt text would fall below the deck
# rules' 16 px (coursebuild.deckcheck).
MAX_WIDTH, MAX_HEIGHT = 10.0, 4.8
MIN_GAP = 0.8  # rows between two nodes of one column


def graph_layout(root: Value) -> dict:
    """Positions of every value in the graph of ``root``: id(value) -> (x, y).

    x is minus the longest path from the value to ``root`` (so the output is at
    x = 0 and edges point right); y counts leaf rows from the top (0, -1, ...),
    an operation sitting at the mean y of its operands; two nodes of one column
    are at least 0.8 apart.

    Raises
    ------
    TypeError if root is not a Value.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be an nnhelpers.Value, got {type(root).__name__}")
    order = root.graph()
    column = {id(root): 0}
    for node in reversed(order):  # users before operands: longest path from the output
        for child in node.children:
            column[id(child)] = max(column.get(id(child), 0), column[id(node)] + 1)
    height, next_row = {}, [0]

    def place(node):
        if id(node) in height:
            return height[id(node)]
        if not node.children:
            height[id(node)] = -next_row[0]
            next_row[0] += 1
        else:
            ys = [place(child) for child in node.children]
            height[id(node)] = sum(ys) / len(ys)
        return height[id(node)]

    place(root)
    # an operation at the mean height of its operands may land on a leaf of the same
    # column: keep at least MIN_GAP between the nodes of a column, pushing the lower down
    by_column = {}
    for node in order:
        by_column.setdefault(column[id(node)], []).append(id(node))
    for ids in by_column.values():
        ids.sort(key=lambda i: -height[i])
        for upper, lower in zip(ids, ids[1:]):
            height[lower] = min(height[lower], height[upper] - MIN_GAP)
    return {id(node): (-column[id(node)], height[id(node)]) for node in order}


def _name(value: Value) -> str:
    return value.label or f"{value.data:.3g}"


def _draw_total_grad(ax, xy, grad_text, above=False):
    """The gradient of a leaf used more than once (the sum of its edges' red numbers), in red
    under its box, or above it (gid "leaf_grad")."""
    box = dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85)
    ax.annotate(grad_text, xy, xytext=(0, 13 if above else -13), textcoords="offset points",
                color=GRAD_COLOR, fontsize="medium", ha="center",
                va="bottom" if above else "top", gid="leaf_grad", zorder=4, bbox=box)


def _figure(ax, xs, ys, x_scale=1.4, y_scale=1.0):
    if ax is None:
        width = min(MAX_WIDTH, x_scale * (max(xs) - min(xs) + 1.5) + 1)
        height = min(MAX_HEIGHT, y_scale * (max(ys) - min(ys) + 1) + 1.2)
        _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


def _draw_node(ax, xy, text, kind, fontsize="large"):
    """An operation (a circle, gid "op") or a leaf (a rounded box, gid "leaf"); a text box
    keeps its shape whatever the axes' aspect."""
    style = dict(op=dict(boxstyle="circle,pad=0.35", fc="#f3f3f3", ec="0.3", lw=1.2),
                 leaf=dict(boxstyle="round,pad=0.35", fc="#e8eef8", ec="0.35", lw=1.0))[kind]
    return ax.text(*xy, text, ha="center", va="center", fontsize=fontsize, gid=kind,
                   zorder=3, bbox=style)


def _draw_edge(ax, start, end, value_text, grad_text, show_grad, rad=0.0, at=0.5,
               fontsize="medium"):
    """An arrow start -> end with the value above it (blue) and the gradient below (red)."""
    ax.annotate("", xy=end, xytext=start, zorder=1,
                arrowprops=dict(arrowstyle="-|>", color="0.45", lw=1.1, mutation_scale=12,
                                shrinkA=17, shrinkB=17, connectionstyle=f"arc3,rad={rad}"))
    # a curved edge (rad != 0) bulges sideways by about rad * length / 2
    dx, dy = end[0] - start[0], end[1] - start[1]
    mx = start[0] + at * dx + rad * dy * 0.5
    my = start[1] + at * dy - rad * dx * 0.5
    box = dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85)
    # on a sloped edge each label slides a little along the side where the line moves away
    # from it (a red label under a falling edge slides left, ...), clear of the line and arrowhead
    slide = 0.0 if abs(dy) < 0.05 * abs(dx) or rad else (6.0 if dy < 0 else -6.0)
    ax.annotate(value_text, (mx, my), xytext=(slide, 2), textcoords="offset points",
                color=VALUE_COLOR, fontsize=fontsize, ha="center", va="bottom", gid="value",
                zorder=4, bbox=box)
    if show_grad:
        ax.annotate(grad_text, (mx, my), xytext=(-slide, -2), textcoords="offset points",
                    color=GRAD_COLOR, fontsize=fontsize, ha="center", va="top", gid="grad",
                    zorder=4, bbox=box)


def plot_computation_graph(root: Value, ax=None, title: str | None = None,
                           show_grad: bool = True, digits: int = 3):
    """Draw the computation graph of ``root`` with forward values and backward gradients.

    Every `Value` operation is a node. Call ``root.backward()`` first for the red
    numbers to mean anything (before it every gradient is 0). Meant for small
    expressions (a dozen operations); `plot_toy_network_graph` draws the toy
    network one neuron at a time.

    Parameters
    ----------
    root : nnhelpers.Value — the output (usually the loss).
    ax : matplotlib Axes or None (a new figure sized to the graph, at most 10 x 4.8
        inches; a deck shrinks it to 440 px high at most, which keeps 13-pt text above
        16 px).
    title : optional title.
    show_grad : bool — False draws the forward pass only (blue numbers).
    digits : significant digits of the printed numbers.

    Returns
    -------
    matplotlib.axes.Axes — the edge labels are its texts with gid "value" and
    "grad" (one of each per edge, the output's last), the operation symbols
    have gid "op", the leaves gid "leaf"; under each leaf used by two or more
    edges, its total gradient (the sum of those edges' red numbers) has gid
    "leaf_grad".

    Raises
    ------
    TypeError if root is not a Value; ValueError if the graph has more than
    60 values (too many to read; draw a smaller piece).
    """
    positions = graph_layout(root)
    order = root.graph()
    if len(order) > MAX_NODES:
        raise ValueError(f"the graph has {len(order)} values; at most {MAX_NODES} can be drawn "
                         "readably. Draw a smaller expression.")
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    ax = _figure(ax, xs + [1.0], ys)
    fmt = f"{{:.{digits}g}}".format
    uses = {}
    for node in order:
        for child in node.children:
            uses[id(child)] = uses.get(id(child), 0) + 1
    for node in order:
        xy = positions[id(node)]
        if not node.children:
            _draw_node(ax, xy, _name(node), "leaf", fontsize="medium")
            if show_grad and uses.get(id(node), 0) >= 2:
                _draw_total_grad(ax, xy, "total ∂\n= " + fmt(node.grad))
            continue
        _draw_node(ax, xy, node.op, "op")
        seen = {}
        for child, local in zip(node.children, node.local_grads):
            k = seen[id(child)] = seen.get(id(child), -1) + 1
            # the same value used twice by one operation (x * x): two edges bent apart
            rad = (0.35 if k == 0 else -0.35) if node.children.count(child) > 1 else 0.0
            name = f"{child.label} = " if child.label and child.children else ""
            _draw_edge(ax, positions[id(child)], xy, name + fmt(child.data),
                       "∂ " + fmt(local * node.grad), show_grad, rad=rad)
    x, y = positions[id(root)]  # the output leaves the last node to the right
    _draw_edge(ax, (x, y), (x + 1.0, y), f"{_name(root)} = " + fmt(root.data),
               "∂ " + fmt(root.grad), show_grad)
    ax.set_xlim(min(xs) - 0.5, x + 1.2)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


# neuron-level positions of the toy network: (x, y) of each node, in units of about an inch
_TOY_NODES = {
    "x1": (0.0, 1.2), "x2": (0.0, -1.2), "sum_h1": (2.3, 1.6), "h1": (4.4, 1.6),
    "sum_h2": (2.3, -1.6), "h2": (4.4, -1.6), "sum_o1": (6.2, 0.0), "o1": (8.2, 0.0),
    "y_true": (8.6, 1.7), "L": (10.2, 0.0),
}
# where along an edge its labels sit: the two crossing edges x1 -> sum_h2 and x2 -> sum_h1
# are labelled near their start, so that the labels do not meet at the crossing
_TOY_LABEL_AT = {("x1", "sum_h2"): 0.18, ("x2", "sum_h1"): 0.18, ("h1", "sum_o1"): 0.5,
                 ("h2", "sum_o1"): 0.5, ("o1", "L"): 0.38}
_TOY_SUMS = {"sum_h1": ("w1", "x1", "w2", "x2", "b1"), "sum_h2": ("w3", "x1", "w4", "x2", "b2"),
             "sum_o1": ("w5", "h1", "w6", "h2", "b3")}


def plot_toy_network_graph(values: dict, ax=None, title: str | None = None,
                           show_grad: bool = True, digits: int = 3):
    """Draw the toy network's computation graph one neuron at a time (chapter 4b).

    Nodes are operations: a weighted sum Σ (its formula and, in red, the gradients
    of its three parameters written beside it), a sigmoid σ, and the squared error.
    Edges are values: blue above, the forward value; red below, the gradient
    travelling back along that edge. The edge out of a Σ is labelled z, its sum
    (sum_h1, sum_h2, sum_o1 in `toy_network_values`). x1 and x2 each feed both hidden sums, so
    each has two edges: their gradients are the two red numbers added.

    Parameters
    ----------
    values : dict from `nnhelpers.toy_network_values`, after
        ``values["L"].backward()`` (before it, every red number is 0).
    ax : matplotlib Axes or None (a new figure of at most 10 x 4.8 inches; a deck shrinks
        it to 440 px high at most, which keeps 13-pt text above 16 px).
    title, show_grad, digits : as in `plot_computation_graph`.

    Returns
    -------
    matplotlib.axes.Axes (texts with gid "value", "grad", "op", "leaf", "param_grad", and
    "leaf_grad": the total gradient under x1 and x2, each the sum of its two edges).

    Raises
    ------
    ValueError if ``values`` lacks one of the toy network's values.
    """
    needed = set(_TOY_NODES) | {"w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"}
    missing = sorted(needed - set(values))
    if missing:
        raise ValueError(f"values lacks {missing}; pass the dict of nh.toy_network_values")
    fmt = f"{{:.{digits}g}}".format
    if ax is None:
        _, ax = plt.subplots(figsize=(MAX_WIDTH, MAX_HEIGHT), layout="constrained")
    for leaf in ("x1", "x2", "y_true"):
        _draw_node(ax, _TOY_NODES[leaf], leaf, "leaf")
        if show_grad and leaf != "y_true":  # x1 and x2 each feed both hidden sums
            # away from the crossing edges: above x1, below x2
            _draw_total_grad(ax, _TOY_NODES[leaf], "total ∂\n= " + fmt(values[leaf].grad),
                             above=leaf == "x1")
    for name, (wa, a, wb, b, bias) in _TOY_SUMS.items():
        x, y = _TOY_NODES[name]
        _draw_node(ax, (x, y), "Σ", "op")
        # Text away from the arrows: above the top hidden sum, below the bottom one (its
        # formula nearest the node, then its parameters' gradients); right of centre for
        # the output sum, whose inputs arrive from the left.
        formula = f"{wa}·{a} + {wb}·{b} + {bias}"
        grads = "\n".join(f"∂{p} = {fmt(values[p].grad)}" for p in (wa, wb, bias))
        grad_box = dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85)
        if name == "sum_o1":
            ax.text(x - 0.2, y + 0.3, formula, ha="left", va="bottom", fontsize="medium",
                    color="0.25")
            grad_at, grad_ha, grad_va, grad_x = y - 0.3, "left", "top", x - 0.1
        else:
            up = 1 if y > 0 else -1
            ax.text(x, y + 0.3 * up, formula, ha="center", va="bottom" if up > 0 else "top",
                    fontsize="medium", color="0.25")
            grad_at, grad_ha, grad_va, grad_x = y + 0.65 * up, "center", \
                "bottom" if up > 0 else "top", x
        if show_grad:
            ax.text(grad_x, grad_at, grads, ha=grad_ha, va=grad_va, fontsize="medium",
                    color=GRAD_COLOR, gid="param_grad", zorder=4, bbox=grad_box)
        for weight, source in ((wa, a), (wb, b)):
            # the gradient along this edge: d(sum)/d(source) = weight, times d L/d(sum)
            _draw_edge(ax, _TOY_NODES[source], (x, y), f"{source} = {fmt(values[source].data)}",
                       "∂ " + fmt(values[weight].data * values[name].grad), show_grad,
                       at=_TOY_LABEL_AT.get((source, name), 0.45))
        activation = {"sum_h1": "h1", "sum_h2": "h2", "sum_o1": "o1"}[name]
        _draw_node(ax, _TOY_NODES[activation], "σ", "op")
        # the sum is labelled z (chapter 4's sum_h1, ...): short enough for the edge
        _draw_edge(ax, (x, y), _TOY_NODES[activation], f"z = {fmt(values[name].data)}",
                   "∂ " + fmt(values[name].grad), show_grad)
    _draw_node(ax, _TOY_NODES["L"], "(y−o)²", "op", fontsize="medium")
    for source in ("o1", "y_true"):
        _draw_edge(ax, _TOY_NODES[source], _TOY_NODES["L"], f"{source} = {fmt(values[source].data)}",
                   "∂ " + fmt(values[source].grad), show_grad,
                   at=_TOY_LABEL_AT.get((source, "L"), 0.5))
    x, y = _TOY_NODES["L"]
    _draw_edge(ax, (x, y), (x + 1.7, y), f"L = {fmt(values['L'].data)}",
               "∂ " + fmt(values["L"].grad), show_grad, at=0.62)
    ax.set_xlim(-0.9, 12.1)
    ax.set_ylim(-3.2, 3.2)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax
