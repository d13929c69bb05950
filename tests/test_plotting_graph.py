"""Tests for nnhelpers.plotting.graph: layout, what is drawn, and the errors."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnhelpers as nh  # noqa: E402
from nnhelpers.plotting.graph import graph_layout  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _texts(ax, gid):
    return [t.get_text() for t in ax.texts if t.get_gid() == gid]


def _fork():
    x, w1, w2 = nh.Value(3.0, label="x"), nh.Value(0.5, label="w1"), nh.Value(-1.0, label="w2")
    loss = (w1 * x).sigmoid() * (w2 * x).tanh()
    loss.label = "L"
    loss.backward()
    return x, loss


def test_exported_at_top_level_and_in_plotting():
    assert nh.plot_computation_graph is nh.plotting.plot_computation_graph
    assert nh.plot_toy_network_graph is nh.plotting.plot_toy_network_graph


def test_layout_columns_point_right_and_leaves_get_their_own_rows():
    x, loss = _fork()
    pos = graph_layout(loss)
    assert pos[id(loss)][0] == 0
    for node in loss.graph():
        for child in node.children:
            assert pos[id(child)][0] < pos[id(node)][0]  # every edge points right
    leaf_rows = [pos[id(n)][1] for n in loss.graph() if not n.children]
    assert len(set(leaf_rows)) == len(leaf_rows) == 3


def test_layout_keeps_nodes_of_a_column_apart():
    # two outputs of h: the leaf y2 and the sigmoid of v2 * h share a column and, by
    # the mean rule, a row; the layout pushes them apart
    h, v1, v2, y1, y2 = (nh.Value(n, label=s) for n, s in
                         [(0.6, "h"), (1.5, "v1"), (-2.0, "v2"), (1.0, "y1"), (0.0, "y2")])
    loss = (y1 - (v1 * h).sigmoid()) ** 2 + (y2 - (v2 * h).sigmoid()) ** 2
    positions = list(graph_layout(loss).values())
    for i, (x, y) in enumerate(positions):
        for x2, y2_ in positions[i + 1:]:
            assert x != x2 or abs(y - y2_) >= 0.8 - 1e-12


def test_plot_computation_graph_draws_every_operation_and_edge():
    x, loss = _fork()
    ax = nh.plot_computation_graph(loss, title="fork")
    assert sorted(_texts(ax, "op")) == sorted(["×", "×", "σ", "tanh", "×"])
    assert sorted(_texts(ax, "leaf")) == ["w1", "w2", "x"]
    values, grads = _texts(ax, "value"), _texts(ax, "grad")
    assert len(values) == len(grads) == 9  # 8 operand edges and the output
    assert values[-1] == f"L = {loss.data:.3g}" and grads[-1] == "∂ 1"
    # the two edges leaving x carry the two contributions; they add up to x.grad
    w1x, w2x = (n for n in loss.graph() if n.op == "×" and x in n.children)
    contributions = [w1x.local_grads[1] * w1x.grad, w2x.local_grads[1] * w2x.grad]
    assert sum(contributions) == pytest.approx(x.grad)
    for c in contributions:
        assert f"∂ {c:.3g}" in grads
    # only x has two edges: its total gradient, the sum of the two, is written under it
    assert _texts(ax, "leaf_grad") == [f"total ∂\n= {x.grad:.3g}"]
    assert ax.get_title() == "fork"


def test_plot_computation_graph_value_used_twice_has_two_edges():
    x = nh.Value(3.0, label="x")
    y = x * x
    y.backward()
    ax = nh.plot_computation_graph(y)
    assert _texts(ax, "grad") == ["∂ 3", "∂ 3", "∂ 1"]  # 3 + 3 = 6 = dy/dx


def test_plot_computation_graph_forward_only_and_given_axes():
    _, loss = _fork()
    _, ax = plt.subplots()
    assert nh.plot_computation_graph(loss, ax=ax, show_grad=False) is ax
    assert _texts(ax, "grad") == [] and len(_texts(ax, "value")) == 9
    assert _texts(ax, "leaf_grad") == []


def test_plot_computation_graph_fits_a_slide():
    _, loss = _fork()
    ax = nh.plot_computation_graph(loss)
    width, height = ax.figure.get_size_inches()
    assert width <= 10 and height <= 4.8


def test_plot_toy_network_graph_shows_the_engine_numbers():
    net = nh.ToyNetwork()
    values = nh.toy_network_values(net, [-2.0, -1.0], 1.0)
    values["L"].backward()
    ax = nh.plot_toy_network_graph(values, title="Alice")
    assert _texts(ax, "op").count("Σ") == 3 and _texts(ax, "op").count("σ") == 3
    assert sorted(_texts(ax, "leaf")) == ["x1", "x2", "y_true"]
    param_text = "\n".join(_texts(ax, "param_grad"))
    for name, g in net.gradients(np.array([-2.0, -1.0]), 1.0).items():
        assert f"∂{name[1:]} = {g:.3g}" in param_text
    values_text = _texts(ax, "value")
    assert "h1 = 0.0474" in values_text and "o1 = 0.524" in values_text
    assert "L = 0.227" in values_text
    assert tuple(ax.figure.get_size_inches()) == (10, 4.8)
    assert _texts(ax, "leaf_grad") == [f"total ∂\n= {values[x].grad:.3g}" for x in ("x1", "x2")]
    # x1 feeds both hidden sums: two edges whose red numbers add up to x1's gradient
    grads = _texts(ax, "grad")
    x1_edges = [values["w1"].data * values["sum_h1"].grad, values["w3"].data * values["sum_h2"].grad]
    assert sum(x1_edges) == pytest.approx(values["x1"].grad)
    assert len(grads) == len(values_text) == 6 + 3 + 2 + 1


def test_bad_input():
    with pytest.raises(TypeError, match="root must be an nnhelpers.Value, got float"):
        nh.plot_computation_graph(1.0)
    big = nh.Value(0.0)
    for i in range(40):
        big = big + nh.Value(float(i))
    with pytest.raises(ValueError, match="81 values; at most 60"):
        nh.plot_computation_graph(big)
    with pytest.raises(ValueError, match=r"values lacks \['L'"):
        nh.plot_toy_network_graph({"x1": nh.Value(1.0)})
