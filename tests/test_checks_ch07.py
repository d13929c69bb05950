"""Tests for nnhelpers.checks.ch07_improved: right answers pass, every named slip is named."""
import numpy as np
import pytest

from nnhelpers.checks import AnswerError, check_minibatches, check_momentum_update

# A notebook's globals, read by the "global variable" variants below.
batch_size_global = 128
X_train = np.random.default_rng(0).random((4, 10))


def expect(check, answer, *fragments):
    with pytest.raises(AnswerError) as caught:
        check(answer)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


# --- mini-batches -------------------------------------------------------------------------

def good_minibatches(X, Y, batch_size, rng):
    m = X.shape[1]
    order = rng.permutation(m)
    return [(X[:, order[start:start + batch_size]], Y[:, order[start:start + batch_size]])
            for start in range(0, m, batch_size)]


def test_minibatches_right_answers_pass(capsys):
    check_minibatches(good_minibatches)

    def generator(X, Y, batch_size, rng):  # a generator and a shuffled copy are fine too
        m = X.shape[1]
        order = rng.permutation(m)
        Xs, Ys = X[:, order], Y[:, order]
        for start in range(0, m, batch_size):
            yield Xs[:, start:start + batch_size], Ys[:, start:start + batch_size]
    check_minibatches(generator)
    assert "✓ my_minibatches is correct" in capsys.readouterr().out


def test_minibatches_stub_and_types():
    def stub(X, Y, batch_size, rng):
        raise NotImplementedError
    expect(check_minibatches, stub, "not implemented yet")
    expect(check_minibatches, lambda X, Y, b, rng: None, "forget to `return batches`")
    expect(check_minibatches, lambda X, Y, b, rng: X, "Expected a list of (X_batch, Y_batch) pairs")
    expect(check_minibatches, lambda X, Y, b, rng: [X[:, :b] for _ in range(3)], "not a pair")


def notes_off_by_one(X, Y, batch_size, rng):
    """The notes' loop: end = min(begin + batch_size, m - 1)."""
    m = X.shape[1]
    order = rng.permutation(m)
    batches = []
    for j in range(-(-m // batch_size)):
        begin = j * batch_size
        end = min(begin + batch_size, m - 1)
        batches.append((X[:, order[begin:end]], Y[:, order[begin:end]]))
    return batches


def test_dropping_the_last_sample_is_named():
    expect(check_minibatches, notes_off_by_one, "one sample is missing every epoch",
           "min(begin + batch_size, m - 1)")


def test_dropping_the_last_batch_is_named():
    def floor_division(X, Y, batch_size, rng):
        return good_minibatches(X, Y, batch_size, rng)[:X.shape[1] // batch_size]
    expect(check_minibatches, floor_division, "the last, smaller batch is missing", "range(0, m, batch_size)")


def test_global_batch_size_is_named():
    def global_size(X, Y, batch_size, rng):
        return good_minibatches(X, Y, 2, rng)
    expect(check_minibatches, global_size, "global batch size")

    def global_128(X, Y, batch_size, rng):
        return good_minibatches(X, Y, batch_size_global, rng)
    expect(check_minibatches, global_128, "global batch size")


def test_global_X_is_named():
    def reads_X_train(X, Y, batch_size, rng):
        return good_minibatches(X_train, Y, batch_size, rng)
    expect(check_minibatches, reads_X_train, "global")


def test_misaligned_shuffle_is_named():
    def two_permutations(X, Y, batch_size, rng):
        m = X.shape[1]
        ox, oy = rng.permutation(m), rng.permutation(m)
        return [(X[:, ox[s:s + batch_size]], Y[:, oy[s:s + batch_size]]) for s in range(0, m, batch_size)]
    expect(check_minibatches, two_permutations, "shuffled with different permutations")


def test_no_shuffle_and_np_random_are_named():
    def unshuffled(X, Y, batch_size, rng):
        m = X.shape[1]
        return [(X[:, s:s + batch_size], Y[:, s:s + batch_size]) for s in range(0, m, batch_size)]
    expect(check_minibatches, unshuffled, "original order")

    def global_random(X, Y, batch_size, rng):
        return good_minibatches(X, Y, batch_size, np.random.default_rng())
    expect(check_minibatches, global_random, "does not follow the rng passed in")


def test_transposed_batches_and_duplicates_are_named():
    def transposed(X, Y, batch_size, rng):
        return [(x.T, y) for x, y in good_minibatches(X, Y, batch_size, rng)]
    expect(check_minibatches, transposed, "looks transposed")

    def with_replacement(X, Y, batch_size, rng):
        m = X.shape[1]
        order = rng.integers(0, m, m)
        return [(X[:, order[s:s + batch_size]], Y[:, order[s:s + batch_size]]) for s in range(0, m, batch_size)]
    expect(check_minibatches, with_replacement, "appear in two batches")


# --- momentum -----------------------------------------------------------------------------

def good_momentum(param, grad, velocity, learning_rate, beta):
    velocity = beta * velocity + (1 - beta) * grad
    return param - learning_rate * velocity, velocity


def test_momentum_right_answers_pass(capsys):
    check_momentum_update(good_momentum)

    def in_place(param, grad, velocity, learning_rate, beta):
        velocity *= beta
        velocity += (1 - beta) * grad
        param -= learning_rate * velocity
        return param, velocity
    check_momentum_update(in_place)
    assert "✓ my_momentum_update is correct" in capsys.readouterr().out


def test_momentum_stub_and_types():
    def stub(param, grad, velocity, learning_rate, beta):
        raise NotImplementedError
    expect(check_momentum_update, stub, "not implemented yet")
    expect(check_momentum_update, lambda p, g, v, lr, b: None, "forget to `return param, velocity`")
    expect(check_momentum_update, lambda p, g, v, lr, b: p, "Expected the pair (param, velocity)")


@pytest.mark.parametrize("wrong, fragment", [
    (lambda p, g, v, lr, b: (p - lr * (b * v + g), b * v + g), "without the (1 - beta) factor"),
    (lambda p, g, v, lr, b: (p - lr * ((1 - b) * v + b * g), (1 - b) * v + b * g), "swapped"),
    (lambda p, g, v, lr, b: (p - lr * g, b * v + (1 - b) * g), "uses the gradient, not the velocity"),
    (lambda p, g, v, lr, b: (p + lr * (b * v + (1 - b) * g), b * v + (1 - b) * g), "the sign"),
    (lambda p, g, v, lr, b: (p - lr * v, b * v + (1 - b) * g), "OLD velocity"),
    (lambda p, g, v, lr, b: (p - lr * (b * v + (1 - b) * g), v), "velocity is not updated"),
])
def test_momentum_mistakes_are_named(wrong, fragment):
    expect(check_momentum_update, wrong, fragment)


def test_momentum_shape_slip():
    expect(check_momentum_update, lambda p, g, v, lr, b: [x.ravel() for x in good_momentum(p, g, v, lr, b)],
           "wrong shape")
