"""Tests for nnhelpers.checks.ch08_deep: right answers pass, every named slip is named."""
import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError, check_deep_backward
from nnhelpers.checks.ch08_deep import _NETWORKS, _cases, _reference

# A notebook's globals, read by the "global variable" variants below.
m = 20


def expect(answer, *fragments):
    with pytest.raises(AnswerError) as caught:
        check_deep_backward(answer)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


def good(params, caches, AL, Y, g_prime):
    L = len(caches)
    m = Y.shape[1]
    grads = {}
    dZ = AL - Y
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ caches[l - 1]["A_prev"].T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dZ = (params[f"W{l}"].T @ dZ) * g_prime(caches[l - 2]["Z"])
    return grads


def variant(**changes):
    """``good`` with one slip; the keyword says which."""
    def wrong(params, caches, AL, Y, g_prime):
        L = len(caches)
        m = Y.shape[1]
        grads = {}
        dZ = changes.get("sign", 1) * (AL - Y)
        if changes.get("output_prime"):
            dZ = dZ * AL * (1 - AL)
        if changes.get("dZ_over_m"):
            dZ = dZ / m
        for l in range(L, 0, -1):
            A_prev = caches[l - 1]["A_prev"]
            dW = dZ @ A_prev.T
            if changes.get("transposed"):
                dW = A_prev @ dZ.T
            grads[f"dW{l}"] = dW if changes.get("no_m") else dW / m
            db = np.sum(dZ, axis=1, keepdims=not changes.get("no_keepdims"))
            grads[f"db{l}"] = db if (changes.get("no_m") or changes.get("no_m_db")) else db / m
            if changes.get("scale"):
                grads[f"dW{l}"] = grads[f"dW{l}"] * changes["scale"]
                grads[f"db{l}"] = grads[f"db{l}"] * changes["scale"]
            if l > 1:
                W = params[f"W{l - 1}"] if changes.get("W_of_layer_below") else params[f"W{l}"]
                at = A_prev if changes.get("prime_of_A") else caches[l - 2]["Z"]
                dZ = (W.T @ dZ) * g_prime(at)
        return grads
    return wrong


def test_the_checks_reference_is_the_library_backward_pass():
    for (sizes, hidden, output, _, _), (params, caches, AL, Y, _) in zip(_NETWORKS, _cases()):
        activations = [hidden] * (len(sizes) - 2) + [output]
        library = nh.deep_backward(params, Y, caches, activations)
        ours = _reference(params, caches, AL, Y, nh.relu_prime if hidden == "relu" else nh.sigmoid_prime)
        assert library.keys() == ours.keys()
        for key in library:
            np.testing.assert_allclose(ours[key], library[key], rtol=1e-12, atol=1e-15)


def test_right_answers_pass(capsys):
    check_deep_backward(good)
    assert "✓ my_deep_backward is correct on all 5 test networks" in capsys.readouterr().out
    # extra entries (e.g. the dZ's kept for inspection) are allowed
    check_deep_backward(lambda *args: {**good(*args), "dZ1": np.zeros(1)})


def test_relu_derivative_of_A_is_harmless_for_relu_but_named_for_sigmoid():
    """The first test network has sigmoid hidden units: g'(A) != g'(Z) there."""
    message = expect(variant(prime_of_A=True), "test network 1", "activation A instead of the pre-activation Z")
    assert "for ReLU the two agree" in message
    params, caches, AL, Y, _ = _cases()[2]  # a ReLU network: the slip gives the right numbers
    right, slip = good(params, caches, AL, Y, nh.relu_prime), variant(prime_of_A=True)(
        params, caches, AL, Y, nh.relu_prime)
    for key in right:
        np.testing.assert_array_equal(slip[key], right[key])


def test_stub_and_types():
    def stub(params, caches, AL, Y, g_prime):
        raise NotImplementedError("Replace this line with your code")
    expect(stub, "not implemented yet")
    expect("grads", "Expected a function")
    expect(lambda *args: None, "wrong type", "forget to `return grads`")
    expect(lambda *args: list(good(*args).values()), "Expected a dict of gradients")


def test_missing_gradient_is_named():
    def no_first_layer(*args):
        grads = good(*args)
        del grads["db1"]
        return grads
    expect(no_first_layer, "no 'db1'", "'dW1', 'db1', 'dW2'")


@pytest.mark.parametrize("changes, fragment", [
    ({"no_m": True}, "the 1/m is missing"),
    ({"no_m_db": True}, "db is missing its 1/m"),
    ({"dZ_over_m": True}, "1/m is applied twice"),
    ({"transposed": True}, "dW is transposed"),
    ({"prime_of_A": True}, "activation A instead of the pre-activation Z"),
    ({"W_of_layer_below": True}, "the weights of the wrong layer"),
    ({"sign": -1}, "sign of dZ_L is flipped"),
    ({"output_prime": True}, "output activation's derivative"),
])
def test_every_named_mistake_is_recognised(changes, fragment):
    message = expect(variant(**changes), "common mistake", fragment)
    assert "test network 1" in message  # named on the equal-size network, before shapes differ


def test_transposed_dW_on_a_network_whose_sizes_differ_is_a_shape_hint():
    """Past network 1 (where it is named by value), a transposed dW has the wrong shape."""
    def transposed_after_the_first(params, caches, AL, Y, g_prime):
        grads = good(params, caches, AL, Y, g_prime)
        if params["W1"].shape == (3, 3):
            return grads
        return {k: v.T if k.startswith("dW") else v for k, v in grads.items()}
    expect(transposed_after_the_first, "test network 3", "wrong shape", "looks transposed")


def test_db_without_keepdims_is_a_shape_hint():
    expect(variant(no_keepdims=True), "grads['db3']", "wrong shape", "keepdims=True")


def test_a_global_m_is_reported_as_a_wrong_scale():
    def global_m(params, caches, AL, Y, g_prime):
        grads = good(params, caches, AL, Y, g_prime)
        return {k: v * Y.shape[1] / m for k, v in grads.items()}  # m = 20, the notebook's
    expect(global_m, "right one times 0.25", "m = Y.shape[1]")


def test_globals_instead_of_arguments_are_caught():
    frozen_args = _cases()[0]

    def reads_globals(params, caches, AL, Y, g_prime):
        return good(*frozen_args)
    expect(reads_globals, "same gradients for two different networks", "global variables")


def test_a_crash_inside_the_answer_becomes_feedback_with_a_shape_hint():
    def wrong_transpose(params, caches, AL, Y, g_prime):
        grads = good(params, caches, AL, Y, g_prime)
        params["W2"] @ caches[0]["Z"].T @ caches[0]["Z"].T  # shapes that do not multiply
        return grads
    expect(wrong_transpose, "raised ValueError", "W_l of the layer ABOVE, transposed")
