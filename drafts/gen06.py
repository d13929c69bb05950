import sys

sys.path.insert(0, "/tmp/gen")
from nbtools import code, md, notebook

BINARY_ITERATIONS = 100

cells = [
    md(r"""
# 6 · One hidden layer: MNIST

Chapter 5 recognised zeros with logistic regression: one neuron, one weighted sum of the 784 pixels. In this chapter we

- put a **hidden layer** of 64 sigmoid units between the pixels and the answer, and see why that helps;
- write its forward and backward passes as matrix equations, with every shape, and check them numerically;
- train it to answer "is it a zero?", then grow the output into a **softmax** over all ten digits;
- find out what full-batch gradient descent costs: the last training run here is the slowest cell of the course.
""", "slide"),
    code(r"""
import time
from functools import partial

import matplotlib.pyplot as plt
import numpy as np

import nnhelpers as nh

SEED = 138  # the notes' seed; every random number in this chapter comes from it
X_train, y_train, X_test, y_test = nh.load_mnist()  # images as float32 columns
""", "skip"),
    code(r"""
print(f"X_train {X_train.shape} {X_train.dtype}, y_train {y_train.shape}")
print(f"X_test  {X_test.shape} {X_test.dtype}, y_test  {y_test.shape}")
""", "-"),

    # --- why a hidden layer -----------------------------------------------------------------
    md(r"""
## Why a hidden layer?

Logistic regression scores an image with one weighted sum, $z = \mathbf{w}\cdot\mathbf{x} + b$: every pixel pushes
the answer up or down by a fixed amount, whatever the other pixels do. Its decision boundary is a flat hyperplane
in 784-dimensional pixel space.

A hidden layer first computes 64 such sums, each squashed by a sigmoid, and the output neuron weighs *those*:

- each hidden unit can respond to a pattern (a stroke, a loop, an empty centre), so the output reasons about
  patterns instead of single pixels;
- the sigmoid between the layers is essential: without it, $W_2(W_1\mathbf{x}) = (W_2W_1)\mathbf{x}$ would again be
  one linear map, and the extra layer would buy nothing.
""", "slide"),
    md(r"""
## The network, one column per image

For $m$ images at once, $X$ holds one image per column:

$$
\begin{aligned}
Z^{[1]} &= W^{[1]} X + \mathbf{b}^{[1]}, & A^{[1]} &= \sigma\bigl(Z^{[1]}\bigr)\\
Z^{[2]} &= W^{[2]} A^{[1]} + \mathbf{b}^{[2]}, & A^{[2]} &= \sigma\bigl(Z^{[2]}\bigr)
\end{aligned}
$$

| array | shape | here |
|---|---|---|
| $X$ | $(n_x, m)$ | (784, 60000) |
| $W^{[1]}$, $\mathbf{b}^{[1]}$ | $(n_h, n_x)$, $(n_h, 1)$ | (64, 784), (64, 1) |
| $Z^{[1]}, A^{[1]}$ | $(n_h, m)$ | (64, 60000) |
| $W^{[2]}$, $\mathbf{b}^{[2]}$ | $(n_y, n_h)$, $(n_y, 1)$ | (1, 64), (1, 1) |
| $Z^{[2]}, A^{[2]}$ | $(n_y, m)$ | (1, 60000) |

The bias columns are broadcast across the $m$ columns. `nh.feed_forward` computes exactly these four arrays.
""", "subslide"),
    code(r"""
params = nh.initialize_network(784, 64, 1, scheme="randn", seed=SEED)
cache = nh.feed_forward(params, X_train[:, :5], output="sigmoid")
for name in ("W1", "b1", "W2", "b2"):
    print(f"{name}: {params[name].shape}", end="   ")
print()
for name, value in cache.items():
    print(f"{name}: {value.shape}", end="   ")
""", "subslide"),

    # --- backward ---------------------------------------------------------------------------
    md(r"""
## Backward: the chain rule, layer by layer

With the binary cross-entropy, averaged over the $m$ columns, chapter 5 showed that the sigmoid's derivative cancels:
$\partial L/\partial Z^{[2]} = (A^{[2]} - Y)/m$. From there, each step reuses the one before:

$$
\begin{aligned}
dZ^{[2]} &= A^{[2]} - Y & (n_y, m)\\
dW^{[2]} &= \tfrac{1}{m}\, dZ^{[2]} A^{[1]\top}, \quad d\mathbf{b}^{[2]} = \tfrac{1}{m}\textstyle\sum_j dZ^{[2]}_{:,j} & (n_y, n_h),\ (n_y, 1)\\
dZ^{[1]} &= \bigl(W^{[2]\top} dZ^{[2]}\bigr) \odot \sigma'\bigl(Z^{[1]}\bigr) & (n_h, m)\\
dW^{[1]} &= \tfrac{1}{m}\, dZ^{[1]} X^{\top}, \quad d\mathbf{b}^{[1]} = \tfrac{1}{m}\textstyle\sum_j dZ^{[1]}_{:,j} & (n_h, n_x),\ (n_h, 1)
\end{aligned}
$$

$W^{[2]\top}$ carries the output error back to the hidden units; $\odot$ multiplies entry by entry.
The derivative is taken at the **pre-activation**: $\sigma'(Z^{[1]}) = \sigma(Z^{[1]})\bigl(1-\sigma(Z^{[1]})\bigr) = A^{[1]}\odot(1-A^{[1]})$,
which the forward pass has already computed. Every gradient has the shape of its parameter: a quick check for any derivation.
""", "slide"),
    md(r"""
### Is it right? Ask the numbers

`nh.back_propagate` implements these equations. A central difference nudges each of the parameters of a small network
in float64 and compares (chapter 4): a relative error below $10^{-7}$ means the derivation and the code agree.
""", "subslide"),
    code(r"""
rng = np.random.default_rng(SEED)
small = nh.initialize_network(6, 4, 1, seed=SEED, dtype=np.float64)
X_small = rng.standard_normal((6, 9))
Y_small = rng.integers(0, 2, (1, 9)).astype(np.float64)
# loss and gradients of the network with one sigmoid output unit
binary = partial(nh.network_loss_and_grads, output="sigmoid")

loss, grads = binary(small, X_small, Y_small)
table = nh.gradient_check(lambda: binary(small, X_small, Y_small)[0], small, grads)
print(f"{len(table)} partial derivatives checked; all relative errors < 1e-7: "
      f"{bool(table['relative_error'].max() < 1e-7)}")
""", "fragment"),

    # --- binary training ---------------------------------------------------------------------
    md(rf"""
## Is it a zero? Training the binary network

The notes' settings: 64 hidden units, weights from a standard normal (`randn`, unscaled), zero biases,
learning rate 1, and **full-batch** gradient descent: every step looks at all 60,000 training images.
The notes run 2000 steps; {BINARY_ITERATIONS} already tell the story (and take seconds, not minutes).
`nh.gradient_descent` is the loop of chapter 5, written once for any model: it takes the parameters and a
function returning the loss and its gradients.
""", "slide"),
    code(rf"""
Y_zero = nh.binary_labels(y_train, digit=0)   # (1, 60000): 1 for a zero, else 0
is_zero = y_test == 0


def zero_detector_accuracy(params):
    said_zero = nh.predict(params, X_test, output="sigmoid") == 1
    return {{"test_accuracy": nh.accuracy(is_zero, said_zero)}}


params_zero, history_zero = nh.gradient_descent(
    nh.initialize_network(784, 64, 1, scheme="randn", seed=SEED),
    X_train, Y_zero, binary, learning_rate=1, iterations={BINARY_ITERATIONS},
    evaluate=zero_detector_accuracy, record_every=10)
""", "fragment"),
    code(r"""
zero_accuracy = history_zero["test_accuracy"][-1]
print(f"test accuracy after {history_zero['step'][-1]} steps: {zero_accuracy:.2%}")
""", "subslide", ignore=True),
    code(r"""
assert zero_accuracy >= 0.975, zero_accuracy
always_no = np.mean(~is_zero)  # accuracy of always answering "not a zero"
print("better than always answering 'not a zero':", zero_accuracy > always_no)
""", "-"),
    code(r"""
fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
nh.plot_history(history_zero, keys=["test_accuracy"], ax=ax,
                xlabel="gradient-descent step", title="Zero detector: test accuracy")
ax.axhline(always_no, color="0.5", linestyle=":", label="always 'not a zero'")
ax.legend();
""", "fragment"),
    md(r"""
## The confusion matrix, and a warning about the notes' one

Our `nh.confusion_matrix(y_true, y_pred)` puts the **true** class in the rows, like scikit-learn's. The notes call
`confusion_matrix(predictions, labels)`, arguments swapped, so their rows are the *predictions*: their
`[[8984, 36], [36, 944]]` happens to be symmetric (36 misses, 36 false alarms), which hides the swap, but their
"support" column (9020, 980) counts predicted classes, not true ones. The test set holds 980 zeros.
""", "slide"),
    code(r"""
zero_predicted = nh.predict(params_zero, X_test, output="sigmoid") == 1
cm_zero = nh.confusion_matrix(is_zero, zero_predicted)
nh.plot_confusion_matrix(cm_zero, title="Is it a zero? (rows: true)");
""", "subslide"),
    code(r"""
print(f"zeros in the test set: {is_zero.sum()}")
print(f"missed zeros: {cm_zero.loc[True, False]}")
print(f"false alarms: {cm_zero.loc[False, True]}")
""", "fragment", ignore=True),
    md(r"""
The notes' 72 errors come after 2000 steps; ours, after 100, are more. Even so the detector is far better than
always answering "not a zero". Chapter 5's single neuron did at least as well after as many steps: the hidden layer
only pays off once it can learn quickly, and with unscaled `randn` weights many hidden sigmoids start saturated
(chapter 7 fixes that). Ten digits are where the hidden layer earns its keep.
""", "notes"),

    # --- softmax ------------------------------------------------------------------------------
    md(r"""
## Ten digits: a softmax output

Replace the single output unit by ten, one per digit, and turn their scores $z_0, \dots, z_9$ into probabilities:

$$
\operatorname{softmax}(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{j=0}^{9} e^{z_j}}
$$

Each is positive and the ten add up to 1; the largest score gets the largest probability. With one column per image,
the sum runs down each **column** (`axis=0`).
""", "slide"),
    md(r"""
### Stable softmax

$e^{1000}$ overflows to `inf` and $\infty/\infty$ is `NaN`. Multiplying top and bottom by $e^{-c}$ changes nothing:

$$
\frac{e^{z_i}}{\sum_j e^{z_j}} = \frac{e^{z_i - c}}{\sum_j e^{z_j - c}}
$$

Choose $c = \max_j z_j$, per column: the largest exponent is then $e^0 = 1$, nothing overflows, and at least one
term of the sum is 1, so nothing divides by zero either.
""", "subslide"),
    md(r"""
### Exercise 1: `my_softmax`

Write the column-wise, stable softmax of a score matrix `Z` of shape `(n_classes, m)`. The check tries scores near ±1000.
""", "subslide"),
    code(r"""
def my_softmax(Z):
    ### BEGIN SOLUTION
    exps = np.exp(Z - Z.max(axis=0, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)
    ### END SOLUTION
""", "-"),
    code(r"""
nh.checks.check_softmax(my_softmax)
""", "fragment"),

    # --- cross-entropy and its gradient ------------------------------------------------------
    md(r"""
## Cross-entropy, and why $dZ^{[2]} = A^{[2]} - Y$ again

With one-hot labels ($y_i = 1$ for the true class, 0 otherwise) the loss of one image is
$L = -\sum_i y_i \log a_i$, the log-probability given to the right answer. Averaged over the columns:
$L = -\frac{1}{m}\sum_{j}\sum_i y_i^{(j)}\log a_i^{(j)}$.

Every $a_k$ depends on every $z_i$: $\dfrac{\partial a_k}{\partial z_i} = a_k(\delta_{ki} - a_i)$. So

$$
\frac{\partial L}{\partial z_i} = -\sum_k \frac{y_k}{a_k}\, a_k(\delta_{ki} - a_i) = -y_i + a_i \sum_k y_k = a_i - y_i ,
$$

because the $y_k$ add up to 1. The same $dZ^{[2]} = A^{[2]} - Y$ as for the sigmoid with binary cross-entropy, so
the backward equations above hold unchanged, only with $n_y = 10$.
""", "slide"),
    md(r"""
### Exercise 2: `my_back_propagate`

Given the parameters, a batch `X` (n_x, m), one-hot `Y` (10, m) and the forward pass's `cache`
(`"Z1"`, `"A1"`, `"Z2"`, `"A2"`), return the dict `{"dW1", "db1", "dW2", "db2"}` of the equations above.
Take $m$ from `X`: the same function will later see batches of other sizes.
""", "subslide"),
    code(r"""
def my_back_propagate(params, X, Y, cache):
    ### BEGIN SOLUTION
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * cache["A1"] * (1 - cache["A1"])
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    ### END SOLUTION
""", "-"),
    code(r"""
nh.checks.check_back_propagate(my_back_propagate)
""", "fragment"),

    # --- the cost of one iteration -----------------------------------------------------------
    md(r"""
## What one full-batch step costs

Before training, count. A matrix product $(p, q) \times (q, r)$ takes $p\,q\,r$ multiplications and as many
additions: $2pqr$ floating-point operations (FLOPs). One gradient-descent step on all $m = 60{,}000$ images:
""", "slide"),
    code(r"""
m, n_x, n_h, n_y = X_train.shape[1], 784, 64, 10
products = {
    "forward   W1 @ X":       2 * n_h * n_x * m,
    "forward   W2 @ A1":      2 * n_y * n_h * m,
    "backward  dZ2 @ A1.T":   2 * n_y * n_h * m,
    "backward  W2.T @ dZ2":   2 * n_h * n_y * m,
    "backward  dZ1 @ X.T":    2 * n_h * n_x * m,
}
for name, flops in products.items():
    print(f"{name:22s} {flops / 1e9:6.2f} GFLOP")
flops_per_step = sum(products.values())
print(f"{'one step':22s} {flops_per_step / 1e9:6.2f} GFLOP")
print(f"{'2000 steps':22s} {2000 * flops_per_step / 1e12:6.2f} TFLOP")
""", "fragment"),
    md(r"""
Two products, `W1 @ X` forward and `dZ1 @ X.T` backward, are 98% of the work: both read the whole 188 MB training set.
Everything else (the sigmoid, the softmax, the element-wise products) is cheap in FLOPs but still has to stream
$64 \times 60{,}000$ numbers through memory several times. How fast is this machine?
""", "subslide"),
    code(r"""
Y_train = nh.one_hot(y_train)   # (10, 60000), one column per image
params = nh.initialize_network(784, 64, 10, scheme="randn", seed=SEED)


def seconds(f, repeats=5):
    f()  # warm up
    start = time.perf_counter()
    for _ in range(repeats):
        f()
    return (time.perf_counter() - start) / repeats


A1 = nh.feed_forward(params, X_train)["A1"]
step_s = seconds(lambda: nh.network_loss_and_grads(params, X_train, Y_train))
# the two large products, as nnhelpers computes them (dW1 as (X @ dZ1.T).T)
big_s = seconds(lambda: (params["W1"] @ X_train, X_train @ A1.T))
print(f"one full-batch step: {1e3 * step_s:.0f} ms "
      f"({flops_per_step / step_s / 1e9:.0f} GFLOP/s)")
print(f"its two large products alone: {1e3 * big_s:.0f} ms")
print(f"everything else: {1e3 * (step_s - big_s):.0f} ms")
print(f"so 2000 steps take about {2000 * step_s / 60:.1f} minutes")
""", "fragment", ignore=True),
    md(r"""
The step runs close to the speed of its two big products: `nnhelpers` keeps the data float32, computes
$\sigma'$ from $A^{[1]}$ instead of re-evaluating the sigmoid, updates arrays in place, never copies $X$, and writes
$dW^{[1]} = dZ^{[1]}X^\top$ as $(X\,dZ^{[1]\top})^\top$, the same numbers in the orientation OpenBLAS computes
fastest (on two busy cores the textbook orientation can take several times longer).
The products themselves run at the speed of the machine's BLAS library. There is no trick left that makes 2000 passes
over 60,000 images cheap; chapter 7 changes the algorithm instead.
""", "notes"),

    # --- the long run -----------------------------------------------------------------------
    md(r"""
## Training the ten-digit network

The notes' settings again: 64 sigmoid hidden units, unscaled `randn` weights, seed 138, learning rate 1,
**2000 full-batch steps**. We record the test accuracy every 100 steps to draw the learning curve.

This is the slowest cell of the course, about as many minutes as the estimate above; it prints the test accuracy
every 100 steps as it goes. Start it, then read on.
""", "slide"),
    code(r"""
checkpoints = []


def test_accuracy(params):
    checkpoints.append(nh.accuracy(y_test, nh.predict(params, X_test)))
    # a sign of life every 100 steps, seven to a line
    end = "\n" if len(checkpoints) % 7 == 0 else ""
    print(f"{checkpoints[-1]:6.1%}", end=end, flush=True)
    return {"test_accuracy": checkpoints[-1]}
""", "fragment"),
    code(r"""
start = time.perf_counter()
params, history = nh.gradient_descent(
    nh.initialize_network(784, 64, 10, scheme="randn", seed=SEED),
    X_train, Y_train, nh.network_loss_and_grads, learning_rate=1, iterations=2000,
    evaluate=test_accuracy, record_every=100)
training_minutes = (time.perf_counter() - start) / 60
""", "subslide", ignore=True),
    code(r"""
final_accuracy = history["test_accuracy"][-1]
print(f"2000 steps in {training_minutes:.1f} min")
print(f"test accuracy {final_accuracy:.1%}")
""", "fragment", ignore=True),
    code(r"""
assert final_accuracy >= 0.915, final_accuracy
print("test accuracy after 2000 steps >= 91.5%:", final_accuracy >= 0.915)
""", "-"),
    code(r"""
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.5), layout="constrained")
steps = "gradient-descent step"
nh.plot_history(history, keys=["loss"], xlabel=steps, ax=left, logy=True,
                title="Training loss (log scale)")
nh.plot_history(history, keys=["test_accuracy"], xlabel=steps, ax=right,
                title="Test accuracy")
right.set_ylim(0, 1);
""", "subslide"),
    md(r"""
The notes report 92% for this run. Our initial weights come from a different random generator (NumPy's
`default_rng`, seeded with the same 138), so the run is not the notes' run; its final figure lands within a few tenths
of theirs, and the shape of the curve is the same.
""", "fragment"),
    md(r"""
The first few hundred steps do most of the work; after that every 100 steps, each reading the whole training set,
add less than a point. The unscaled `randn` weights are part of the reason: with 784 inputs the hidden
pre-activations are large, many sigmoids sit on their flat tails, and their derivative $A(1-A)$ is nearly 0.
Chapter 7 fixes that too.
""", "notes"),

    # --- evaluation -------------------------------------------------------------------------
    md(r"""
## Which digits does it confuse?

Rows are the true digit, columns the prediction; the diagonal holds the correct answers.
""", "slide"),
    code(r"""
predicted = nh.predict(params, X_test)
fig, ax = plt.subplots(figsize=(5.5, 4.6), layout="constrained")
nh.plot_confusion_matrix(nh.confusion_matrix(y_test, predicted), ax=ax,
                         title="Ten digits, 2000 full-batch steps");
""", "fragment"),
    md(r"""
### Precision and recall per digit

Precision: of the images called "5", how many are fives. Recall: of the fives, how many were found.
""", "subslide"),
    code(r"""
nh.classification_report(y_test, predicted).round(3)
""", "fragment", ignore=True),
    code(r"""
report = nh.classification_report(y_test, predicted)
digits = report.loc[list(range(10))]
assert (digits["recall"] > 0.8).all()
print("hardest digit to find (lowest recall):", digits["recall"].idxmin())
""", "skip", ignore=True),
    md(r"""
The notes' report for this network (rows swapped, as above) gives 0.92 on average too, with 5, 8 and 9 the weakest
digits; the exact counts depend on the random initial weights.
""", "notes"),
    md(r"""
## How long, and why

- One step costs about 12 GFLOP, almost all in two products that read the full 188 MB training set.
- 2000 steps are about 25 TFLOP: minutes on a laptop, whatever the language or library (the products already run
  in optimised BLAS, and Python's own overhead is negligible next to them).
- Yet each of those steps is one small move computed from **all** 60,000 images. The gradient of 128 random images
  points almost the same way, at 1/470 of the cost.

Chapter 7: mini-batches, momentum and a better initialisation reach about 97% in a few seconds.
""", "slide"),
]

notebook(cells, "/work/main/notebooks/06_one_hidden_layer_mnist.ipynb")
