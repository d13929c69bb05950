"""Read and write the IDX files MNIST is distributed in (chapter 05).

An IDX file is a tiny header followed by raw bytes:

- a 4-byte magic number ``0x00 0x00 <type code> <ndim>`` (type 0x08 = unsigned byte);
- ``ndim`` big-endian uint32 sizes, e.g. (60000, 28, 28) for the training images;
- the values, row-major (C order), ``prod(sizes)`` of them.

MNIST uses two kinds: ``idx3-ubyte`` images (magic 2051 = 0x00000803) and
``idx1-ubyte`` labels (magic 2049 = 0x00000801). Files are usually gzipped;
``read_idx`` accepts both and tells them apart by the gzip signature, not the name.
The arrays here are in the file's own layout (one image per row); the MNIST loader
turns them into the course layout X (784, m).
"""
from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

__all__ = ["decode_idx", "encode_idx", "read_idx"]

_GZIP_SIGNATURE = b"\x1f\x8b"

# IDX type codes -> big-endian numpy dtypes (the format is always big-endian).
_IDX_DTYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_IDX_CODES = {dtype.newbyteorder("="): code for code, dtype in _IDX_DTYPES.items()}


def decode_idx(data: bytes, *, name: str = "IDX data") -> np.ndarray:
    """Decode the bytes of an (uncompressed) IDX file into an array.

    Parameters
    ----------
    data : bytes
        The whole file content.
    name : str
        What to call the data in error messages (usually the file name).

    Returns
    -------
    numpy.ndarray
        Shape as written in the header (e.g. (60000, 28, 28)), native byte order.

    Raises
    ------
    ValueError
        Bad magic number, unknown type code, or a size that disagrees with the header
        (a truncated or padded file).
    """
    if len(data) < 4:
        raise ValueError(f"{name}: {len(data)} bytes is too short for an IDX header")
    zero1, zero2, type_code, ndim = data[:4]
    if zero1 != 0 or zero2 != 0 or type_code not in _IDX_DTYPES or ndim == 0:
        raise ValueError(
            f"{name}: not an IDX file (magic number 0x{data[:4].hex()}; expected "
            "0x0000 followed by a type code such as 08 and the number of dimensions)"
        )
    header_size = 4 + 4 * ndim
    if len(data) < header_size:
        raise ValueError(f"{name}: truncated header ({len(data)} bytes, need {header_size})")
    shape = tuple(int(s) for s in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    dtype = _IDX_DTYPES[type_code]
    expected = header_size + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) != expected:
        raise ValueError(
            f"{name}: header says shape {shape} ({expected} bytes in all) "
            f"but the file holds {len(data)} bytes (truncated or corrupt)"
        )
    values = np.frombuffer(data, dtype=dtype, offset=header_size).reshape(shape)
    # One copy: gives a writeable array in native byte order that does not pin `data`.
    return values.astype(dtype.newbyteorder("="))


def read_idx(path) -> np.ndarray:
    """Read an IDX file, gzipped or not, into an array (see ``decode_idx``).

    Parameters
    ----------
    path : str or Path
        E.g. ``data/mnist/train-images-idx3-ubyte.gz`` or the same without ``.gz``.

    Returns
    -------
    numpy.ndarray
        E.g. uint8 of shape (60000, 28, 28) for the MNIST training images.
    """
    path = Path(path)
    raw = path.read_bytes()
    if raw[:2] == _GZIP_SIGNATURE:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:  # BadGzipFile is an OSError
            raise ValueError(f"{path.name}: damaged gzip data ({error})") from error
    return decode_idx(raw, name=path.name)


def encode_idx(array) -> bytes:
    """The IDX bytes of ``array`` (the inverse of ``decode_idx``; used to write test files).

    Parameters
    ----------
    array : array_like
        Any shape with at least one dimension; dtype uint8, int8, int16, int32,
        float32 or float64.

    Returns
    -------
    bytes
        Header and big-endian values, uncompressed.
    """
    array = np.asarray(array)
    native = array.dtype.newbyteorder("=")
    if array.ndim == 0 or native not in _IDX_CODES:
        raise ValueError(
            f"IDX holds arrays of 1 or more dimensions of "
            f"uint8/int8/int16/int32/float32/float64, got shape {array.shape} dtype {array.dtype}"
        )
    code = _IDX_CODES[native]
    header = bytes([0, 0, code, array.ndim]) + np.asarray(array.shape, dtype=">u4").tobytes()
    return header + np.ascontiguousarray(array, dtype=_IDX_DTYPES[code]).tobytes()
