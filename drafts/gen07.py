import sys

sys.path.insert(0, "/tmp/gen")
from nbtools import code, md, notebook

COMPARE_EPOCHS = 5
BIG_HIDDEN, BIG_EPOCHS = 128, 12

cells = [
    md(r"""
# 7 · A better MNIST network

Chapter 6 trained a 784-64-10 network with 2000 full-batch gradient-descent steps: minutes of computing for about
92% test accuracy. The notes improve the *training*, not the network, in three ways:

1. **mini-batches**: many small steps per pass over the data instead of one;
2. **momentum**: steps that follow an average of recent gradients;
3. **initial weights with variance $1/n$**: hidden units that start in the sigmoid's useful range.

We take them one at a time, then together (the notes' recipe: about 97% in seconds), and then go past 98%.
""", "slide"),
    code(r"""
import time

import matplotlib.pyplot as plt
import numpy as np

import nnhelpers as nh

SEED = 138  # the notes' seed
X_train, y_train, X_test, y_test = nh.load_mnist()  # float32, one image per column
Y_train = nh.one_hot(y_train)                      # (10, 60000)


def test_accuracy(params):
    return {"test_accuracy": nh.accuracy(y_test, nh.predict(params, X_test))}
""", "skip"),

    # --- mini-batches ------------------------------------------------------------------------
    md(r"""
## 1 · Mini-batch gradient descent

The gradient is a mean over the training images. The mean over 128 images picked at random is a noisy but unbiased
estimate of it, at 1/470 of the cost. So, each **epoch** (one pass over the data):

- shuffle the $m$ images,
- cut them into batches of `batch_size` columns, $\lceil m / \text{batch\_size} \rceil$ of them,
- take one gradient step per batch.

With $m = 60{,}000$ and batches of 128 that is 469 steps per epoch: 468 batches of 128 and a last one of 96.
Every image is used exactly once per epoch, and the last batch's gradient divides by *its* size.
""", "slide"),
    md(r"""
### The notes drop one image per epoch

The notes' loop ends each batch at `end = min(begin + batch_size, m - 1)`. A slice `[begin:end]` already stops
*before* `end`, so the last batch ends one image early: image number $m-1$ of every shuffle is never seen.
One image in 60,000 changes nothing measurable, but the same slip with a small data set, or a loop that drops the whole
last batch, does. Slicing `order[begin:begin + batch_size]` needs no `min` at all.
""", "subslide"),
    md(r"""
### Exercise 1: `my_minibatches`

Return one epoch's batches as a list of pairs `(X_batch, Y_batch)`, shuffled with
`order = rng.permutation(m)` from the generator passed in. Take every size from the arguments, not from globals.
""", "subslide"),
    code(r"""
def my_minibatches(X, Y, batch_size, rng):
    ### BEGIN SOLUTION
    m = X.shape[1]
    order = rng.permutation(m)
    batches = []
    for begin in range(0, m, batch_size):
        batch = order[begin:begin + batch_size]
        batches.append((X[:, batch], Y[:, batch]))
    return batches
    ### END SOLUTION
""", "-"),
    code(r"""
nh.checks.check_minibatches(my_minibatches)
""", "fragment"),
    md(r"""
`nh.minibatch_sgd` runs this loop. It does not copy the shuffled data set each epoch (`X[:, order]` would move
188 MB, more time than the training itself): it gathers each batch's 128 columns, which are contiguous in memory
because `load_mnist` stores one image per column, into one reused buffer.
""", "notes"),

    # --- momentum ----------------------------------------------------------------------------
    md(r"""
## 2 · Momentum

A mini-batch gradient is noisy. Momentum steps along a running average of the gradients instead:

$$
V \leftarrow \beta V + (1-\beta)\, dW, \qquad W \leftarrow W - \alpha V \qquad (V = 0 \text{ at the start})
$$

With $\beta = 0.9$, $V$ averages roughly the last $1/(1-\beta) = 10$ gradients: directions that agree from batch to
batch add up, noise that flips sign cancels. The factor $(1-\beta)$ keeps $V$ the size of a gradient; without it $V$
grows to $dW/(1-\beta)$, ten times larger, as if the learning rate were ten times larger. (PyTorch's `SGD` leaves the
factor out, so its `lr=0.4, momentum=0.9` is our learning rate 4.)
""", "slide"),
    md(r"""
### Exercise 2: `my_momentum_update`

Update one parameter array: return the new `(param, velocity)`.
""", "subslide"),
    code(r"""
def my_momentum_update(param, grad, velocity, learning_rate, beta):
    ### BEGIN SOLUTION
    velocity = beta * velocity + (1 - beta) * grad
    return param - learning_rate * velocity, velocity
    ### END SOLUTION
""", "-"),
    code(r"""
nh.checks.check_momentum_update(my_momentum_update)
""", "fragment"),

    # --- initialisation ----------------------------------------------------------------------
    md(r"""
## 3 · Initial weights with variance $1/n$

A hidden unit's pre-activation adds up $n = 784$ terms, $z = \sum_i w_i x_i$. With independent weights of variance
$\operatorname{Var}(w)$, $\operatorname{Var}(z) = \operatorname{Var}(w)\sum_i x_i^2$. With `randn` ($\operatorname{Var}(w) = 1$)
and a hundred or so bright pixels, $z$ is spread over about $\pm 10$: most sigmoids start on their flat tails, where
$\sigma'(z) \approx 0$ and learning crawls. Scaling the weights by $\sqrt{1/n}$ gives $\operatorname{Var}(w) = 1/n$ and
$z$ of order 1.
""", "slide"),
    code(r"""
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
for scheme in ("randn", "one_over_n"):
    start_params = nh.initialize_network(784, 64, 10, scheme=scheme, seed=SEED)
    A1 = nh.feed_forward(start_params, X_train[:, :1000])["A1"]
    saturated = np.mean((A1 < 0.01) | (A1 > 0.99))  # sigmoid' below 0.01 there
    ax.hist(A1.ravel(), bins=50, range=(0, 1), alpha=0.6,
            label=f"{scheme}: {saturated:.0%} saturated")
ax.set_xlabel("hidden activation $A^{[1]}$ at the start (1000 images)")
ax.set_ylabel("count")
ax.legend();
""", "subslide"),

    # --- comparison --------------------------------------------------------------------------
    md(rf"""
## One at a time, and together

Four short runs of {COMPARE_EPOCHS} epochs each, all with mini-batches of 128 and the notes' learning rate 4:
with or without momentum ($\beta = 0.9$), with `randn` or $1/n$ weights. For comparison, chapter 6's
full-batch gradient descent gets {COMPARE_EPOCHS} steps out of {COMPARE_EPOCHS} passes over the data.
""", "slide"),
    code(r'''
def train(n_h=64, scheme="one_over_n", learning_rate=4, epochs=9, beta=0.9, seed=SEED,
          evaluate=test_accuracy):
    """Shorthand for this chapter's runs: the notes' recipe unless told otherwise."""
    start_params = nh.initialize_network(784, n_h, 10, scheme=scheme, seed=seed)
    return nh.minibatch_sgd(start_params, X_train, Y_train, nh.network_loss_and_grads,
                            learning_rate, epochs, batch_size=128, beta=beta, seed=seed,
                            evaluate=evaluate)
''', "fragment"),
    code(rf"""
start = time.perf_counter()
runs = {{}}
for scheme in ("randn", "one_over_n"):
    for beta in (0.0, 0.9):
        _, runs[f"{{scheme}}, beta={{beta}}"] = train(scheme=scheme, beta=beta,
                                                  epochs={COMPARE_EPOCHS})
_, full_batch = nh.gradient_descent(
    nh.initialize_network(784, 64, 10, scheme="randn", seed=SEED),
    X_train, Y_train, nh.network_loss_and_grads, learning_rate=1,
    iterations={COMPARE_EPOCHS}, evaluate=test_accuracy)
print(f"5 runs in {{time.perf_counter() - start:.1f}} s")
""", "subslide", ignore=True),
    code(r"""
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
for ax in (left, right):
    for label, history in runs.items():
        ax.plot(history["step"], history["test_accuracy"], marker="o",
                label=f"mini-batch, {label}")
    ax.set_xlabel("epoch (passes over the training set)")
    ax.set_xticks(full_batch["step"])
    ax.grid(True, alpha=0.3)
left.plot(full_batch["step"], full_batch["test_accuracy"], marker="s", color="0.4",
          label="full batch, randn (chapter 6)")
left.set(ylim=(0, 1), ylabel="test accuracy", title="Against full-batch descent")
right.set(ylim=(0.88, 0.98), title="The four mini-batch runs, zoomed in")
left.legend(loc="center right", fontsize=8);
""", "subslide"),
    code(r"""
print(f"test accuracy after {full_batch['step'][-1]} passes over the training set:")
for label, history in runs.items():
    print(f"  {'mini-batch, ' + label:34s} {history['test_accuracy'][-1]:.1%}")
full_batch_accuracy = full_batch["test_accuracy"][-1]
print(f"  {'full batch, randn (chapter 6)':34s} {full_batch_accuracy:.1%}")
""", "fragment", ignore=True),
    code(r"""
final = {label: history["test_accuracy"][-1] for label, history in runs.items()}
together = final["one_over_n, beta=0.9"]
assert together == max(final.values()) and together >= 0.965, final
assert min(final.values()) > full_batch["test_accuracy"][-1] + 0.3
print("all three together are best:", together == max(final.values()))
""", "-"),
    md(r"""
- **Mini-batches** are the big step: after one pass over the data every mini-batch run is at 90% or more, where
  full-batch gradient descent has taken a single step.
- **Momentum** alone and the **$1/n$ initialisation** alone change little at this learning rate (momentum alone even
  costs a little here).
- **Together** they gain about two points. One reading: with $1/n$ weights the sigmoids are in their steep range and
  learn fast, and a learning rate of 4 then makes each noisy mini-batch step too large; momentum averages that noise
  away. Improvements interact: test them together, not only one at a time.
""", "subslide"),

    # --- the recipe ---------------------------------------------------------------------------
    md(r"""
## The notes' recipe

Seed 138, $1/n$ weights, learning rate 4, $\beta = 0.9$, batches of 128, **9 epochs**: 4221 steps, each on 128 images,
about as much arithmetic as 9 full-batch steps of chapter 6.
""", "slide"),
    code(r"""
start = time.perf_counter()
params, history = nh.minibatch_sgd(
    nh.initialize_network(784, 64, 10, scheme="one_over_n", seed=SEED),
    X_train, Y_train, nh.network_loss_and_grads,
    learning_rate=4, epochs=9, batch_size=128, beta=0.9, seed=SEED,
    evaluate=test_accuracy)
recipe_seconds = time.perf_counter() - start
recipe_accuracy = history["test_accuracy"][-1]
print(f"9 epochs in {recipe_seconds:.1f} s; test accuracy {recipe_accuracy:.2%}")
""", "fragment", ignore=True),
    code(r"""
assert 0.970 <= recipe_accuracy < 0.980, recipe_accuracy
print("the notes' recipe: between 97% and 98%:", 0.970 <= recipe_accuracy < 0.980)
""", "-"),
    code(r"""
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5), layout="constrained")
nh.plot_history(history, keys=["loss"], ax=left, title="Training loss (epoch mean)")
nh.plot_history(history, keys=["test_accuracy"], ax=right, title="Test accuracy");
""", "subslide"),

    md(r"""
## The notes say 98%

Our run of the same recipe lands a little above 97%, and so does PyTorch fed the same initial weights and batches
(`bench/` in the repository checks that the losses agree). Where does "98%" come from?

**The notes' own table.** Their report was printed with `classification_report(predictions, labels)`, arguments
swapped, so its "recall" of a digit is the fraction of the images *predicted* as that digit that were right, and
its "support" counts predictions. Weighted by that support, those recalls add up to the accuracy:
""", "slide"),
    code(r"""
# the notes' "recall" and "support" columns, digits 0 to 9 (recall rounded to 2 digits)
notes_recall = np.array([0.98, 0.99, 0.98, 0.98, 0.98, 0.96, 0.99, 0.97, 0.96, 0.96])
notes_support = np.array([984, 1136, 1037, 1004, 970, 900, 942, 1026, 982, 1019])
notes_accuracy = notes_recall @ notes_support / notes_support.sum()
print(f"the notes' accuracy: {notes_accuracy:.2%}")
print("give or take 0.5%: each recall was rounded to two digits")
""", "fragment"),
    md(r"""
About 97.5%, printed to two digits in the *avg / total* row: "0.98". Our report's weighted average, for comparison:
""", "fragment"),
    code(r"""
report = nh.classification_report(y_test, nh.predict(params, X_test))
report.loc[["weighted avg"]].round(4)
""", "fragment", ignore=True),
    md(r"""
### Randomness

The initial weights and every epoch's shuffle come from the seed. The notes' random numbers come from NumPy's legacy
generator, their training set was shuffled once more (without a seed) before training, and their loop drops one image
per epoch: their run is not ours. Other seeds move the result by a few tenths of a percent, which covers the notes'
figure:
""", "subslide"),
    code(r"""
seed_accuracy = {}
for seed in (0, 1, 2, 3):
    trained, _ = train(seed=seed, evaluate=None)   # the recipe, another seed
    seed_accuracy[seed] = nh.accuracy(y_test, nh.predict(trained, X_test))
print("test accuracy by seed:",
      ", ".join(f"{seed}: {a:.2%}" for seed, a in seed_accuracy.items()))
""", "fragment", ignore=True),
    code(r"""
in_range = all(0.965 <= a < 0.98 for a in seed_accuracy.values())
assert in_range, seed_accuracy
print("every seed between 96.5% and 98%:", in_range)
""", "-"),
    md(r"""
So the recipe is a 97-point-something network; "98%" is a rounded report of one lucky-ish run. Getting a
*reliable* 98% needs a little more.
""", "fragment"),

    # --- past 98% ----------------------------------------------------------------------------
    md(rf"""
## Past 98%, in seconds

Two changes, both already in `nnhelpers`:

- **{BIG_HIDDEN} hidden units** instead of 64: more patterns to detect;
- a **learning-rate schedule**: `learning_rate` may be a function of the epoch. Big steps (4) get close quickly;
  small ones (1, then 0.25) let the weights settle instead of rattling around the minimum at the size of the
  mini-batch noise.

{BIG_EPOCHS} epochs; on two cores this stays well inside a 30 s budget.
""", "slide"),
    code(rf"""
def schedule(epoch):
    return 4.0 if epoch <= 8 else 1.0 if epoch <= 11 else 0.25


start = time.perf_counter()
big, big_history = train(n_h={BIG_HIDDEN}, learning_rate=schedule, epochs={BIG_EPOCHS})
big_seconds = time.perf_counter() - start
big_accuracy = big_history["test_accuracy"][-1]
print(f"{BIG_EPOCHS} epochs in {{big_seconds:.1f}} s; test accuracy {{big_accuracy:.2%}}")
""", "fragment", ignore=True),
    code(r"""
assert big_accuracy >= 0.98, big_accuracy
print("test accuracy >= 98%:", big_accuracy >= 0.98)
""", "-"),
    code(r"""
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
ax.plot(history["step"], history["test_accuracy"], marker="o",
        label="64 hidden units (the notes' recipe)")
ax.plot(big_history["step"], big_history["test_accuracy"], marker="o",
        label=f"{big['W1'].shape[0]} hidden units, learning-rate schedule")
ax.axhline(0.98, color="0.5", linestyle=":")
ax.set_xlabel("epoch")
ax.set_ylabel("test accuracy")
ax.set_ylim(0.95, 0.99)
ax.grid(True, alpha=0.3)
ax.legend(loc="lower right");
""", "subslide"),

    # --- what it learned ----------------------------------------------------------------------
    md(r"""
## What did the hidden units learn?

Each row of $W^{[1]}$ holds one hidden unit's 784 input weights: draw it as a 28 × 28 image. Red pixels push the unit's
pre-activation up, blue ones down: each unit has become a detector of strokes in particular places, not a picture of
a digit.
""", "slide"),
    code(r"""
nh.plot_weight_images(big["W1"], n=24, ncols=8);
""", "fragment"),
    md(r"""
## What does it still get wrong?

The first misclassified test images, with the true label and the network's answer:
""", "slide"),
    code(r"""
big_predicted = nh.predict(big, X_test)
nh.plot_misclassified(X_test, y_test, big_predicted, n=20, ncols=10);
""", "fragment"),
    md(r"""
Many of these would make a person hesitate too: a 4 closed like a 9, a 7 with a bar, a 2 with a loop. Others are
clear to us, and show what a network that sees pixels, not strokes, is missing. The next chapters stack more layers.
""", "notes"),
    md(r"""
## Summary

| | passes over the data | test accuracy |
|---|---|---|
| chapter 6: full-batch gradient descent | 2000 | about 92% |
| mini-batches + momentum + $1/n$ weights (the notes' recipe) | 9 | a little over 97% |
| 128 hidden units and a learning-rate schedule | 12 | above 98% |

- Many cheap, noisy steps beat few exact ones.
- Momentum averages the noise; the $(1-\beta)$ factor keeps the step size meaning what it says.
- Initial weights decide whether the sigmoids can learn at all: variance $1/n$.
- Big steps first, small steps last: a learning-rate schedule.
""", "slide"),
]

notebook(cells, "/work/main/notebooks/07_improved_mnist_network.ipynb")
