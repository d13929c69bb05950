"""Command line for the course data (chapter 05).

    python -m nnhelpers.data fetch [--force] [--quiet]   # download + verify + cache MNIST
    python -m nnhelpers.data info                        # what the cache holds
"""
from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from nnhelpers.data import mnist


def _fetch(args) -> int:
    started = time.perf_counter()
    try:
        report = mnist.fetch_mnist(force=args.force, progress=not args.quiet)
    except mnist.MNISTUnavailableError as error:
        print(error, file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    for source, reason in report.failed:
        print(f"skipped {source}: {reason}")
    served = "already cached, verified" if report.source == "cache" else f"served by: {report.source}"
    print(f"MNIST {served} ({seconds:.1f} s)")
    print(f"cache:  {report.path} ({report.path.stat().st_size / 2**20:.1f} MiB)")
    print(f"sha256: {report.sha256} (content checksum OK)")
    return 0


def _info(args) -> int:
    path = mnist.cache_path()
    print(f"cache:    {path}")
    if not path.exists():
        print("status:   missing (run: python -m nnhelpers.data fetch)")
        return 1
    print(f"size:     {path.stat().st_size / 2**20:.1f} MiB")
    try:
        arrays = mnist._read_cache(path, mnist.MNIST_SHA256)
    except Exception as error:  # noqa: BLE001 - report, do not repair, in `info`
        print(f"checksum: FAILED ({error}); run: python -m nnhelpers.data fetch")
        return 1
    print(f"checksum: OK (content sha256 {mnist.MNIST_SHA256})")
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        counts = np.bincount(labels, minlength=10)
        print(f"{split + ':':9} X {(images.shape[1], images.shape[0])}, y {labels.shape}; "
              f"per digit 0-9: {' '.join(str(c) for c in counts)}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nnhelpers.data", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    fetch = commands.add_parser("fetch", help="download, verify and cache MNIST (data/mnist.npz)")
    fetch.add_argument("--force", action="store_true", help="fetch again even if the cache is valid")
    fetch.add_argument("--quiet", action="store_true", help="no progress bars")
    fetch.set_defaults(run=_fetch)
    info = commands.add_parser("info", help="show the cache: path, size, checksum, shapes, class counts")
    info.set_defaults(run=_info)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
