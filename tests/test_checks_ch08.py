"""Tests for nnhelpers.checks.ch08_deep: right answers pass, every named slip is named, the stubs
say "not implemented yet" / "not answered yet", and the prediction is what the numbers do."""
import functools

import numpy as np
import pytest

import nnhelpers as nh
from nnhelpers.checks import AnswerError, check_deep_backward, check_prediction_zero_init
from nnhelpers.checks._feedback import reset_attempts
from nnhelpers.checks.ch08_deep import DEEP_BACKWARD, _NETWORKS, _cases, _reference

# A notebook's globals, read by the "global variable" variants below.
m = 20


@pytest.fixture(autouse=True)
def _fresh_attempts():
    reset_attempts()  # the recipe comes after 3 failures; every test starts from none
    yield
    reset_attempts()


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
    message = expect(variant(prime_of_A=True), "test input 1", "activation A instead of the pre-activation Z")
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
    expect(lambda *args: None, "returned None", "forget to `return grads`")
    expect(lambda *args: list(good(*args).values()), "wrong type", "Expected a dict with keys")


def test_missing_gradient_is_named():
    def no_first_layer(*args):
        grads = good(*args)
        del grads["db1"]
        return grads
    expect(no_first_layer, "no key(s) ['db1']", "'dW1', 'dW2'")


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
    assert "test input 1 of 5" in message  # named on the equal-size network, before shapes differ


def test_no_named_mistake_is_invisible_to_the_test_networks():
    assert DEEP_BACKWARD.blind_spots() == []


def test_transposed_dW_on_a_network_whose_sizes_differ_is_still_named():
    """Past network 1 (equal sizes), a transposed dW has the wrong shape, and is named all the same."""
    def transposed_after_the_first(params, caches, AL, Y, g_prime):
        grads = good(params, caches, AL, Y, g_prime)
        if params["W1"].shape == (3, 3):
            return grads
        return {k: v.T if k.startswith("dW") else v for k, v in grads.items()}
    expect(transposed_after_the_first, "test input 3", "common mistake", "dW is transposed")


def test_db_without_keepdims_is_a_shape_hint():
    expect(variant(no_keepdims=True), "db3", "wrong shape", "keepdims=True")


def test_a_global_m_is_reported_as_a_wrong_scale():
    def global_m(params, caches, AL, Y, g_prime):
        grads = good(params, caches, AL, Y, g_prime)
        return {k: v * Y.shape[1] / m for k, v in grads.items()}  # m = 20, the notebook's
    expect(global_m, "times the same constant", "m = Y.shape[1]", "global variable(s) `m` (= 20)")


def test_a_fixed_batch_size_is_reported_as_a_wrong_scale():
    def fixed_m(params, caches, AL, Y, g_prime):
        return {k: v * Y.shape[1] / 128 for k, v in good(params, caches, AL, Y, g_prime).items()}
    message = expect(fixed_m, "wrong value", "times the same constant", "m = Y.shape[1]")
    assert "global variable" not in message.split("constant")[1].split("Nudge")[0].replace(
        "Is m read from a global variable", "")


def test_globals_instead_of_arguments_are_caught():
    frozen_args = _cases()[0]

    def reads_globals(params, caches, AL, Y, g_prime):
        return good(*frozen_args)
    expect(reads_globals, "same answer for different inputs", "global variable")


def test_a_crash_inside_the_answer_becomes_feedback_with_a_shape_hint():
    def wrong_transpose(params, caches, AL, Y, g_prime):
        grads = good(params, caches, AL, Y, g_prime)
        params["W2"] @ caches[0]["Z"].T @ caches[0]["Z"].T  # shapes that do not multiply
        return grads
    expect(wrong_transpose, "raised ValueError", "W_l of the layer ABOVE, transposed")


def test_the_recipe_comes_on_request_or_after_three_tries():
    message = expect(variant(sign=-1), "Nudge:", "nh.checks.hint('my_deep_backward')")
    assert "Recipe" not in message
    expect(variant(sign=-1))
    assert "Recipe (after 3 tries)" in expect(variant(sign=-1))
    with pytest.raises(AnswerError, match=r"Recipe \(as asked\).*g_prime\(caches\[l - 2\]\['Z'\]\)"):
        check_deep_backward(variant(sign=-1), hint=True)


# --- prediction_zero_init (predict, then run) ------------------------------------------------

def test_zero_init_right_prediction(capsys):
    check_prediction_zero_init("c")
    out = capsys.readouterr().out
    assert out.startswith('✓ prediction_zero_init = "c"') and "most common" in out
    check_prediction_zero_init(" (C) ")


@pytest.mark.parametrize("letter, why", [
    ("a", "no signal and no gradient reaches the hidden layers"),
    ("b", "SIGMOID hidden units"),
    ("d", "log 10"),
])
def test_zero_init_wrong_predictions_are_explained(letter, why):
    with pytest.raises(AnswerError, match=f'prediction_zero_init = "{letter}".*not this one.*{why}'):
        check_prediction_zero_init(letter)


@pytest.mark.parametrize("stub", [None, "", ...])
def test_zero_init_not_answered_yet(stub):
    with pytest.raises(AnswerError, match="prediction_zero_init: not answered yet"):
        check_prediction_zero_init(stub)


def test_zero_init_not_an_option_and_read_from_the_notebook():
    with pytest.raises(AnswerError, match="is not one of the options"):
        check_prediction_zero_init("e")
    with pytest.raises(AnswerError, match="prediction_zero_init: not answered yet"):
        check_prediction_zero_init()  # the student edition's stub never sets the variable


def test_zero_init_prediction_is_what_the_numbers_do():
    """ReLU hidden layers from all-zero weights: hidden gradients exactly 0, only b_L moves;
    sigmoid hidden layers: they learn, and the units of a layer stay identical."""
    rng = np.random.default_rng(0)
    X = rng.random((6, 40))
    Y = nh.one_hot(rng.integers(0, 3, 40), n_classes=3, dtype=np.float64)
    zeros = {k: np.zeros_like(v) for k, v in nh.initialize_deep([6, 4, 4, 3], seed=0).items()}
    relu, _ = nh.minibatch_sgd(zeros, X, Y, functools.partial(
        nh.deep_loss_and_grads, activations=["relu", "relu", "softmax"]),
        learning_rate=0.5, epochs=3, batch_size=8, beta=0.9, seed=0)
    assert all(np.all(relu[k] == 0) for k in relu if k != "b3") and np.any(relu["b3"] != 0)
    sigmoid, _ = nh.minibatch_sgd(zeros, X, Y, functools.partial(
        nh.deep_loss_and_grads, activations=["sigmoid", "sigmoid", "softmax"]),
        learning_rate=0.5, epochs=3, batch_size=8, beta=0.9, seed=0)
    assert np.any(sigmoid["W1"] != 0)
    np.testing.assert_allclose(sigmoid["W1"], sigmoid["W1"][[0]].repeat(4, axis=0), rtol=1e-12)


@pytest.mark.parametrize("prime, fragment", [("none", "derivative g'(Z_l) is missing"),
                                             ("relu", "hard-coded")])
def test_missing_and_hard_coded_derivatives_are_named(prime, fragment):
    from nnhelpers.checks.ch08_deep import _reference

    def wrong(params, caches, AL, Y, g_prime):
        return _reference(params, caches, AL, Y, g_prime, prime=prime)
    expect(wrong, "common mistake", fragment)
