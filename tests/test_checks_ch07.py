"""Tests for nnhelpers.checks.ch07_improved: stubs say "not implemented yet", right answers
pass, every named slip is named, and no named slip hides from the test inputs."""
import numpy as np
import pytest

from nnhelpers.checks import (AnswerError, check_minibatches, check_momentum_update,
                              check_overfit_100)
from nnhelpers.checks._feedback import reset_attempts
from nnhelpers.checks.ch07_improved import (MINIBATCHES, MOMENTUM_UPDATE, OVERFIT_100,
                                            overfit_100_experiment)

# A notebook's globals, read by the "global variable" variants below.
batch_size_global = 128
X_train = np.random.default_rng(0).random((4, 10))


@pytest.fixture(autouse=True)
def fresh_attempts():
    reset_attempts()  # a recipe that comes after 3 failures must not leak between tests
    yield
    reset_attempts()


def expect(check, answer, *fragments):
    with pytest.raises(AnswerError) as caught:
        check(answer)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


def test_no_named_mistake_hides_from_the_test_inputs():
    assert MINIBATCHES.blind_spots() == []
    assert MOMENTUM_UPDATE.blind_spots() == []


# --- mini-batches -------------------------------------------------------------------------

def good_minibatches(X, Y, batch_size, seed):
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    return [(X[:, order[start:start + batch_size]], Y[:, order[start:start + batch_size]])
            for start in range(0, m, batch_size)]


def test_minibatches_right_answers_pass(capsys):
    check_minibatches(good_minibatches)

    def generator(X, Y, batch_size, seed):  # a generator and a shuffled copy are fine too
        m = X.shape[1]
        order = np.random.default_rng(seed).permutation(m)
        Xs, Ys = X[:, order], Y[:, order]
        for start in range(0, m, batch_size):
            yield Xs[:, start:start + batch_size], Ys[:, start:start + batch_size]
    check_minibatches(generator)

    def ceil_loop(X, Y, batch_size, seed):  # ceil(m / batch_size) batches, the last one cut
        m = X.shape[1]
        rng = np.random.default_rng(seed)
        order = rng.permutation(m)
        batches = []
        for j in range(int(np.ceil(m / batch_size))):
            batch = order[j * batch_size:min((j + 1) * batch_size, m)]
            batches.append((X[:, batch], Y[:, batch]))
        return batches
    check_minibatches(ceil_loop)
    assert capsys.readouterr().out.count("✓ my_minibatches is correct") == 3


def test_minibatches_stub_and_types():
    def stub(X, Y, batch_size, seed):
        raise NotImplementedError
    expect(check_minibatches, stub, "not implemented yet")
    expect(check_minibatches, lambda X, Y, b, seed: None, "forget to `return batches`")
    expect(check_minibatches, lambda X, Y, b, seed: X, "Expected a list of (X_batch, Y_batch) pairs")
    expect(check_minibatches, lambda X, Y, b, seed: [X[:, :b] for _ in range(3)], "not a pair")


def notes_off_by_one(X, Y, batch_size, seed):
    """The notes' loop: end = min(begin + batch_size, m - 1)."""
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    batches = []
    for j in range(-(-m // batch_size)):
        begin = j * batch_size
        end = min(begin + batch_size, m - 1)
        batches.append((X[:, order[begin:end]], Y[:, order[begin:end]]))
    return batches


def plus_one(X, Y, batch_size, seed):
    """range(m // batch_size + 1): for m = 12 and batches of 4, sizes [4, 4, 4, 0]."""
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    return [(X[:, order[j * batch_size:(j + 1) * batch_size]],
             Y[:, order[j * batch_size:(j + 1) * batch_size]]) for j in range(m // batch_size + 1)]


def test_the_plus_one_bug_gives_an_empty_batch_exactly_when_the_size_divides():
    X, Y = np.arange(12.0).reshape(1, 12), np.arange(12.0).reshape(1, 12)
    assert [x.shape[1] for x, _ in plus_one(X, Y, 4, 0)] == [4, 4, 4, 0]
    assert [x.shape[1] for x, _ in plus_one(X, Y, 5, 0)] == [5, 5, 2]  # right, by luck
    assert [x.shape[1] for x, _ in good_minibatches(X, Y, 5, 0)] == [5, 5, 2]


def test_an_empty_last_batch_is_named():
    expect(check_minibatches, plus_one, "EMPTY last batch", "range(m // batch_size + 1)",
           "4, 4, 4, 0")


def test_dropping_the_last_sample_is_named():
    expect(check_minibatches, notes_off_by_one, "one sample is missing every epoch",
           "min(begin + batch_size, m - 1)")


def test_dropping_the_last_batch_is_named():
    def floor_division(X, Y, batch_size, seed):
        return good_minibatches(X, Y, batch_size, seed)[:X.shape[1] // batch_size]
    expect(check_minibatches, floor_division, "the last, smaller batch is missing",
           "range(0, m, batch_size)")


def test_global_batch_size_is_named():
    def global_128(X, Y, batch_size, seed):
        return good_minibatches(X, Y, batch_size_global, seed)
    expect(check_minibatches, global_128, "global batch size", "batch_size_global")


def test_an_unknown_batch_size_slip_gets_the_numbers():
    def fixed_2(X, Y, batch_size, seed):
        return good_minibatches(X, Y, 2, seed)
    expect(check_minibatches, fixed_2, "number of batches: wrong value: every batch but the last",
           "expected 3\n  got      6")


def test_global_X_is_named():
    def reads_X_train(X, Y, batch_size, seed):
        return good_minibatches(X_train, Y, batch_size, seed)
    expect(check_minibatches, reads_X_train, "not in the X passed in", "X_train")


def test_misaligned_shuffle_is_named():
    def two_permutations(X, Y, batch_size, seed):
        m = X.shape[1]
        rng = np.random.default_rng(seed)
        ox, oy = rng.permutation(m), rng.permutation(m)
        return [(X[:, ox[s:s + batch_size]], Y[:, oy[s:s + batch_size]])
                for s in range(0, m, batch_size)]
    expect(check_minibatches, two_permutations, "shuffled with different permutations")


def test_no_shuffle_and_the_seed_are_named():
    def unshuffled(X, Y, batch_size, seed):
        m = X.shape[1]
        return [(X[:, s:s + batch_size], Y[:, s:s + batch_size]) for s in range(0, m, batch_size)]
    expect(check_minibatches, unshuffled, "original order")

    def global_random(X, Y, batch_size, seed):
        order = np.random.permutation(X.shape[1])
        return [(X[:, order[s:s + batch_size]], Y[:, order[s:s + batch_size]])
                for s in range(0, X.shape[1], batch_size)]
    expect(check_minibatches, global_random, "does not follow the seed", "np.random.permutation")

    def fixed_seed(X, Y, batch_size, seed):
        return good_minibatches(X, Y, batch_size, 42)
    expect(check_minibatches, fixed_seed, "another seed gives the same batches")


def test_transposed_batches_and_duplicates_are_named():
    def transposed(X, Y, batch_size, seed):
        return [(x.T, y) for x, y in good_minibatches(X, Y, batch_size, seed)]
    expect(check_minibatches, transposed, "looks transposed")

    def with_replacement(X, Y, batch_size, seed):
        m = X.shape[1]
        order = np.random.default_rng(seed).integers(0, m, m)
        return [(X[:, order[s:s + batch_size]], Y[:, order[s:s + batch_size]])
                for s in range(0, m, batch_size)]
    expect(check_minibatches, with_replacement, "appear in two batches")


# --- momentum -----------------------------------------------------------------------------

def good_momentum(param, grad, velocity, learning_rate, beta):
    velocity = beta * velocity + (1 - beta) * grad
    return param - learning_rate * velocity, velocity


def test_momentum_right_answers_pass(capsys):
    check_momentum_update(good_momentum)
    assert capsys.readouterr().out.count("✓ my_momentum_update is correct") == 1


def test_momentum_in_place_is_named():
    """The exercise asks for new arrays: the right values computed in place are not enough."""
    def in_place(param, grad, velocity, learning_rate, beta):
        velocity *= beta
        velocity += (1 - beta) * grad
        param -= learning_rate * velocity
        return param, velocity

    def param_in_place(param, grad, velocity, learning_rate, beta):
        velocity = beta * velocity + (1 - beta) * grad
        param -= learning_rate * velocity
        return param, velocity

    message = expect(check_momentum_update, in_place, "right values, but it changed the array passed as")
    assert "`param`" in message  # the first argument it changed, by the exercise's name
    expect(check_momentum_update, param_in_place, "passed as `param` in place")


def test_momentum_stub_and_types():
    def stub(param, grad, velocity, learning_rate, beta):
        raise NotImplementedError
    expect(check_momentum_update, stub, "not implemented yet")
    expect(check_momentum_update, lambda p, g, v, lr, b: None, "forget to `return param, velocity`")
    expect(check_momentum_update, lambda p, g, v, lr, b: p, "Expected the tuple (param, velocity)")


@pytest.mark.parametrize("wrong, fragment", [
    (lambda p, g, v, lr, b: (p - lr * (b * v + g), b * v + g), "without the (1 - beta) factor"),
    (lambda p, g, v, lr, b: (p - lr * ((1 - b) * v + b * g), (1 - b) * v + b * g), "swapped"),
    (lambda p, g, v, lr, b: (p - lr * g, b * v + (1 - b) * g), "uses the gradient, not the velocity"),
    (lambda p, g, v, lr, b: (p + lr * (b * v + (1 - b) * g), b * v + (1 - b) * g), "the sign"),
    (lambda p, g, v, lr, b: (p - lr * v, b * v + (1 - b) * g), "OLD velocity"),
    (lambda p, g, v, lr, b: (p - lr * (b * v + (1 - b) * g), v), "velocity is not updated"),
    (lambda p, g, v, lr, b: (p - (b * v + lr * g), b * v + lr * g), "rate is inside"),
    (lambda p, g, v, lr, b: (p - lr * (b * v + (1 - b) * g), b * v - (1 - b) * g),
     "points uphill"),
    (lambda p, g, v, lr, b: (p - lr * (b * v + b * g), b * v + b * g), "both terms"),
    (lambda p, g, v, lr, b: (b * v + (1 - b) * g, p - lr * (b * v + (1 - b) * g)),
     "wrong order"),
])
def test_momentum_mistakes_are_named(wrong, fragment):
    expect(check_momentum_update, wrong, fragment)


def test_momentum_shape_slip():
    expect(check_momentum_update,
           lambda p, g, v, lr, b: tuple(x.ravel() for x in good_momentum(p, g, v, lr, b)),
           "wrong shape")


def test_momentum_recipe_comes_on_request():
    message = expect(lambda f: check_momentum_update(f, hint=True),
                     lambda p, g, v, lr, b: (p - lr * g, v), "Recipe (as asked)")
    assert "(1 - beta) * grad" in message


# --- experiment: overfit 100 images on purpose ------------------------------------------------

@pytest.fixture(scope="module")
def measured():
    return overfit_100_experiment()


def test_the_experiment_overfits(measured):
    assert measured["training"] == 1.0
    assert 0.5 < measured["validation"] < 0.85, measured


def test_overfit_report_not_answered_yet():
    expect(check_overfit_100, None, "not answered yet")


def test_overfit_right_report_passes(measured, capsys):
    check_overfit_100(dict(measured))
    check_overfit_100({"training": measured["training"], "validation": measured["validation"] + 0.01})
    assert capsys.readouterr().out.count("✓ overfit_100") == 2


def test_overfit_slips_are_named(measured):
    expect(check_overfit_100, overfit_100_experiment(at_start=True), "untrained network")
    expect(check_overfit_100, overfit_100_experiment(epochs=1), "one epoch of training")
    expect(check_overfit_100, {"training": measured["training"], "validation": measured["training"]},
           "overfit_100['validation']")
    expect(check_overfit_100, {"training": 1.0}, "no measurement for ['validation']")
    expect(check_overfit_100, 0.7, "expected a dict")


def test_overfit_reads_the_notebook_variable(measured):
    overfit_100 = dict(measured)  # noqa: F841  (read by the check through the caller's frame)
    OVERFIT_100.check()


def test_overfit_report_in_percent_is_named(measured):
    expect(check_overfit_100, {key: 100 * value for key, value in measured.items()},
           "Percentages instead of fractions")
    # rounded as a student writes them: 100 and 75 for 1.0 and 0.7481
    message = expect(check_overfit_100, {key: round(100 * value) for key, value in measured.items()},
                     "Percentages instead of fractions", "(75% is 0.75)")
    assert message.startswith("overfit_100['training'] = 100: outside [0, 1].")
    expect(check_overfit_100, {"training": 1.0, "validation": -0.2}, "overfit_100['validation'] = -0.2")


def test_rows_as_samples_get_the_columns_nudge():
    def rows(X, Y, batch_size, seed):
        order = np.random.default_rng(seed).permutation(X.shape[0])
        return [(X[order[b:b + batch_size]], Y[order[b:b + batch_size]])
                for b in range(0, X.shape[0], batch_size)]
    expect(check_minibatches, rows, "Samples are COLUMNS")
