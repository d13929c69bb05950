"""Benchmark: the course notes' improved MNIST recipe in nnhelpers, PyTorch and scikit-learn.

The recipe: 784-64-10, sigmoid hidden layer, softmax output, float32, weights
randn * sqrt(1/n_in) from seed 138, mini-batches of 128 reshuffled every epoch,
momentum V = beta V + (1 - beta) grad with beta 0.9, learning rate 4, 9 epochs.

Each implementation trains in its own subprocess, so that its peak memory (the
process's peak resident set size, ``resource.getrusage(RUSAGE_SELF).ru_maxrss``:
interpreter, libraries, data and training together) is its own. The rounds are
interleaved (nnhelpers, torch, sklearn, nnhelpers, ...) and the ratios are taken
within each round, so that a machine that gets busier or quieter during the run
affects all of them alike.

- nnhelpers: ``nh.minibatch_sgd`` with ``nh.network_loss_and_grads``.
- torch (if installed): the same initial weights and the very same batches (one
  ``np.random.RandomState(138)``, the notes' stream: weights, then a permutation per
  epoch); SGD(lr=0.4, momentum=0.9, dampening=0) is the same update as lr 4 with
  V = beta V + (1 - beta) g (its buffer is V / (1 - beta)), so the losses agree with
  nnhelpers' to float32 rounding.
- sklearn (if installed): MLPClassifier with the same architecture and
  hyperparameters (its own initialisation and shuffling, so not the same numbers).
- notes: the notes' straightforward loop (whole dataset copied by X[:, permutation]
  every epoch, the last sample dropped), for reference.

A last worker times one full-batch gradient-descent iteration (chapter 06: all 60,000
samples) against its two large matrix products alone.

Usage (from the project root; torch and scikit-learn in a separate venv):
    python bench/bench_mnist_recipe.py [--rounds 3] [--only nnhelpers torch ...]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np

SEED, N_HIDDEN, LEARNING_RATE, BETA, BATCH_SIZE, EPOCHS = 138, 64, 4.0, 0.9, 128, 9
WORKERS = ("nnhelpers", "torch", "sklearn", "notes")


# --- workers: each runs in its own process and prints one JSON line ------------------------

def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _data():
    import nnhelpers as nh

    mnist = nh.load_mnist()
    return nh, mnist, nh.one_hot(mnist.y_train)


def _notes_random() -> np.random.RandomState:
    """The notes' np.random.seed(138) stream: the weights first, then one permutation per epoch."""
    return np.random.RandomState(SEED)


def _blas_info() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    return "; ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} "
                     f"threads={i.get('num_threads')}" for i in threadpool_info())


def work_nnhelpers() -> dict:
    nh, mnist, Y = _data()
    stream = _notes_random()
    params = nh.initialize_network(784, N_HIDDEN, 10, "one_over_n", seed=stream)
    start = time.perf_counter()
    params, history = nh.minibatch_sgd(params, mnist.X_train, Y, nh.network_loss_and_grads,
                                       LEARNING_RATE, EPOCHS, BATCH_SIZE, beta=BETA, seed=stream)
    seconds = time.perf_counter() - start
    accuracy = float(np.mean(nh.predict(params, mnist.X_test) == mnist.y_test))
    return {"seconds": seconds, "accuracy": accuracy, "losses": history["loss"], "blas": _blas_info()}


def work_torch() -> dict:
    import torch

    nh, mnist, _ = _data()
    torch.manual_seed(SEED)
    stream = _notes_random()
    init = nh.initialize_network(784, N_HIDDEN, 10, "one_over_n", seed=stream)
    model = torch.nn.Sequential(torch.nn.Linear(784, N_HIDDEN), torch.nn.Sigmoid(),
                                torch.nn.Linear(N_HIDDEN, 10))
    with torch.no_grad():
        model[0].weight.copy_(torch.from_numpy(init["W1"]))
        model[0].bias.copy_(torch.from_numpy(init["b1"][:, 0]))
        model[2].weight.copy_(torch.from_numpy(init["W2"]))
        model[2].bias.copy_(torch.from_numpy(init["b2"][:, 0]))
    # X_train is F-ordered (784, m): its transpose is a C-ordered (m, 784) array, no copy.
    X = torch.from_numpy(mnist.X_train.T)
    y = torch.from_numpy(mnist.y_train)
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE * (1 - BETA), momentum=BETA,
                                dampening=0)
    loss_function = torch.nn.CrossEntropyLoss()
    m = X.shape[0]
    losses = []
    start = time.perf_counter()
    for _ in range(EPOCHS):
        order = torch.from_numpy(stream.permutation(m))  # the same batches as nh.minibatch_sgd
        total = 0.0
        for begin in range(0, m, BATCH_SIZE):
            batch = order[begin:begin + BATCH_SIZE]
            optimizer.zero_grad()
            loss = loss_function(model(X[batch]), y[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        losses.append(total / m)
    seconds = time.perf_counter() - start
    with torch.no_grad():
        predictions = model(torch.from_numpy(mnist.X_test.T)).argmax(dim=1).numpy()
    return {"seconds": seconds, "accuracy": float(np.mean(predictions == mnist.y_test)),
            "losses": losses, "threads": torch.get_num_threads(), "version": torch.__version__}


def work_sklearn() -> dict:
    import sklearn
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    _, mnist, _ = _data()
    model = MLPClassifier(hidden_layer_sizes=(N_HIDDEN,), activation="logistic", solver="sgd",
                          momentum=BETA, nesterovs_momentum=False,
                          learning_rate_init=LEARNING_RATE * (1 - BETA), alpha=0.0,
                          batch_size=BATCH_SIZE, max_iter=EPOCHS, random_state=SEED)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # 9 epochs is the recipe, not a failure
        model.fit(mnist.X_train.T, mnist.y_train)
    seconds = time.perf_counter() - start
    accuracy = float(np.mean(model.predict(mnist.X_test.T) == mnist.y_test))
    return {"seconds": seconds, "accuracy": accuracy, "losses": [float(x) for x in model.loss_curve_],
            "version": sklearn.__version__}


def work_notes() -> dict:
    """The notes' loop as written (float32, 1/n init, the last sample of each epoch dropped)."""
    nh, mnist, Y_train = _data()
    X_train = np.ascontiguousarray(mnist.X_train)  # the notes' X[:m].T, C-ordered
    Y_train = np.ascontiguousarray(Y_train)
    rng = _notes_random()
    params = nh.initialize_network(784, N_HIDDEN, 10, "one_over_n", seed=rng)
    V = {k: np.zeros_like(v) for k, v in params.items()}
    m = X_train.shape[1]

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    start = time.perf_counter()
    for _ in range(EPOCHS):
        permutation = rng.permutation(m)
        X_shuffled, Y_shuffled = X_train[:, permutation], Y_train[:, permutation]
        for j in range(-(-m // BATCH_SIZE)):
            begin = j * BATCH_SIZE
            end = min(begin + BATCH_SIZE, m - 1)
            X, Y = X_shuffled[:, begin:end], Y_shuffled[:, begin:end]
            m_batch = end - begin
            Z1 = params["W1"] @ X + params["b1"]
            A1 = sigmoid(Z1)
            Z2 = params["W2"] @ A1 + params["b2"]
            A2 = np.exp(Z2) / np.sum(np.exp(Z2), axis=0)
            dZ2 = A2 - Y
            grads = {"dW2": (1.0 / m_batch) * dZ2 @ A1.T,
                     "db2": (1.0 / m_batch) * np.sum(dZ2, axis=1, keepdims=True)}
            dZ1 = (params["W2"].T @ dZ2) * sigmoid(Z1) * (1 - sigmoid(Z1))
            grads["dW1"] = (1.0 / m_batch) * dZ1 @ X.T
            grads["db1"] = (1.0 / m_batch) * np.sum(dZ1, axis=1, keepdims=True)
            for k in params:
                V[k] = BETA * V[k] + (1.0 - BETA) * grads["d" + k]
                params[k] = params[k] - LEARNING_RATE * V[k]
    seconds = time.perf_counter() - start
    accuracy = float(np.mean(nh.predict(params, mnist.X_test) == mnist.y_test))
    return {"seconds": seconds, "accuracy": accuracy}


def work_fullbatch(repeats: int = 15) -> dict:
    """One full-batch iteration (as in chapter 06) against its two large matrix products."""
    nh, mnist, Y = _data()
    X = mnist.X_train
    params = nh.initialize_network(784, N_HIDDEN, 10, "randn", seed=SEED)
    A1 = nh.sigmoid(params["W1"] @ X)
    dZ1 = (A1 * (1 - A1)).astype(np.float32)

    def iteration():
        loss, grads = nh.network_loss_and_grads(params, X, Y)
        for k in params:
            params[k] -= 1.0 * grads["d" + k]

    def products():
        params["W1"] @ X  # forward: (64, 784) @ (784, 60000)
        X @ dZ1.T         # backward: dW1.T = (784, 60000) @ (60000, 64), as nnhelpers computes it

    def textbook_dW1():
        dZ1 @ X.T         # the same dW1 written the textbook way: (64, 60000) @ (60000, 784)

    def median_time(f):
        f()
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            f()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    # alternate the two, so that both see the same machine
    pairs = [(median_time(iteration), median_time(products)) for _ in range(3)]
    iteration_s = statistics.median(p[0] for p in pairs)
    products_s = statistics.median(p[1] for p in pairs)
    flops = 2 * 2 * N_HIDDEN * 784 * X.shape[1]
    return {"iteration_ms": 1e3 * iteration_s, "products_ms": 1e3 * products_s,
            "ratio": iteration_s / products_s, "products_gflops": flops / products_s / 1e9,
            "textbook_dW1_ms": 1e3 * median_time(textbook_dW1)}


def worker(name: str) -> None:
    result = globals()[f"work_{name}"]()
    result["peak_rss_mib"] = _peak_rss_mib()
    print(json.dumps(result))


# --- driver -------------------------------------------------------------------------------

def run_worker(name: str) -> dict | None:
    completed = subprocess.run([sys.executable, __file__, "--worker", name],
                               capture_output=True, text=True, env=os.environ.copy())
    if completed.returncode != 0:
        reason = completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else "failed"
        if "ModuleNotFoundError" in completed.stderr:
            print(f"  {name}: skipped ({reason})")
        else:
            print(f"  {name}: FAILED\n{completed.stderr}")
        return None
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="+", choices=WORKERS + ("fullbatch",))
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return

    chosen = args.only or list(WORKERS) + ["fullbatch"]
    trainers = [w for w in chosen if w in WORKERS]
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    results: dict[str, list] = {w: [] for w in trainers}
    for round_number in range(1, args.rounds + 1):
        print(f"round {round_number}:")
        for name in trainers:
            result = run_worker(name)
            if result is not None:
                results[name].append(result)
                print(f"  {name:10s} {result['seconds']:6.2f} s  test accuracy {result['accuracy']:.4f}  "
                      f"peak RSS {result['peak_rss_mib']:5.0f} MiB")
    results = {k: v for k, v in results.items() if v}

    if results:
        print(f"\nmedian of {args.rounds} rounds (training time excludes loading MNIST; peak memory is the "
              "worker process's peak RSS from getrusage):")
        for name, runs in results.items():
            print(f"  {name:10s} {statistics.median(r['seconds'] for r in runs):6.2f} s   accuracy "
                  f"{statistics.median(r['accuracy'] for r in runs):.4f}   peak RSS "
                  f"{max(r['peak_rss_mib'] for r in runs):5.0f} MiB")
        if "nnhelpers" in results:
            print(f"  BLAS: {results['nnhelpers'][0]['blas']}")
            for other in ("torch", "sklearn", "notes"):
                if other in results:
                    ratios = [a["seconds"] / b["seconds"] for a, b in zip(results["nnhelpers"], results[other])]
                    print(f"  nnhelpers / {other:8s} time ratio: median {statistics.median(ratios):.2f} "
                          f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)})")
        if "nnhelpers" in results and "torch" in results:
            a, b = results["nnhelpers"][0]["losses"], results["torch"][0]["losses"]
            gap = max(abs(x - y) for x, y in zip(a, b))
            print(f"  epoch losses nnhelpers {a[-1]:.6f} vs torch {b[-1]:.6f} (last epoch); largest "
                  f"difference over the {len(a)} epochs {gap:.2e}")

    if "fullbatch" in chosen:
        full = run_worker("fullbatch")
        if full is not None:
            print(f"\nfull-batch iteration (m = 60000): {full['iteration_ms']:.1f} ms; its two large "
                  f"products alone {full['products_ms']:.1f} ms ({full['products_gflops']:.0f} GFLOP/s); "
                  f"ratio {full['ratio']:.2f}; peak RSS {full['peak_rss_mib']:.0f} MiB")
            print(f"  (dW1 written dZ1 @ X.T instead of (X @ dZ1.T).T: {full['textbook_dW1_ms']:.1f} ms "
                  "for that product alone)")


if __name__ == "__main__":
    main()
