"""IDX reading/writing (nnhelpers.data.idx): the format MNIST is distributed in."""
import gzip

import numpy as np
import pytest

from nnhelpers.data.idx import decode_idx, encode_idx, read_idx


def test_header_of_an_mnist_label_file_is_magic_2049_then_the_count():
    data = encode_idx(np.array([5, 0, 4], dtype=np.uint8))
    assert data[:4] == bytes([0, 0, 0x08, 1])
    assert int.from_bytes(data[:4], "big") == 2049
    assert int.from_bytes(data[4:8], "big") == 3
    assert data[8:] == bytes([5, 0, 4])


def test_image_file_magic_is_2051_with_big_endian_sizes():
    data = encode_idx(np.zeros((2, 28, 28), dtype=np.uint8))
    assert int.from_bytes(data[:4], "big") == 2051
    assert [int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12)] == [2, 28, 28]
    assert len(data) == 16 + 2 * 28 * 28


@pytest.mark.parametrize("dtype", ["u1", "i1", "i2", ">i2", "i4", "f4", ">f8"])
def test_round_trip_keeps_values_and_gives_native_byte_order(dtype):
    array = (np.arange(24) - 5).astype(np.float64).reshape(2, 3, 4)
    array = np.abs(array).astype(dtype) if dtype == "u1" else array.astype(dtype)
    decoded = decode_idx(encode_idx(array))
    np.testing.assert_array_equal(decoded, array)
    assert decoded.dtype.isnative and decoded.shape == (2, 3, 4)
    assert decoded.flags.writeable


def test_read_idx_accepts_gzipped_and_raw_files(tmp_path):
    images = np.random.default_rng(0).integers(0, 256, (3, 28, 28), dtype=np.uint8)
    (tmp_path / "raw").write_bytes(encode_idx(images))
    (tmp_path / "zipped.gz").write_bytes(gzip.compress(encode_idx(images)))
    # A gzipped file without the .gz suffix is still recognised by its signature.
    (tmp_path / "zipped-no-suffix").write_bytes(gzip.compress(encode_idx(images)))
    for name in ("raw", "zipped.gz", "zipped-no-suffix"):
        np.testing.assert_array_equal(read_idx(tmp_path / name), images)


def test_truncated_file_is_refused_naming_the_sizes():
    data = encode_idx(np.zeros((4, 28, 28), dtype=np.uint8))
    with pytest.raises(ValueError, match=r"shape \(4, 28, 28\).*truncated"):
        decode_idx(data[:-1], name="t10k-images")


def test_extra_bytes_are_refused_too():
    with pytest.raises(ValueError, match="holds 12 bytes"):
        decode_idx(encode_idx(np.zeros(3, dtype=np.uint8)) + b"\x00")


@pytest.mark.parametrize("header", [b"\x1f\x8b\x08\x00", b"\x00\x01\x08\x01", b"\x00\x00\x07\x01", b"\x00\x00\x08\x00"])
def test_bad_magic_number_is_refused(header):
    with pytest.raises(ValueError, match="not an IDX file"):
        decode_idx(header + b"\x00" * 8)


def test_short_input_is_refused():
    with pytest.raises(ValueError, match="too short"):
        decode_idx(b"\x00\x00")
    with pytest.raises(ValueError, match="truncated header"):
        decode_idx(bytes([0, 0, 8, 3]) + b"\x00\x00\x00\x02")


def test_damaged_gzip_is_a_value_error(tmp_path):
    good = gzip.compress(encode_idx(np.arange(100, dtype=np.uint8)))
    (tmp_path / "cut.gz").write_bytes(good[: len(good) // 2])
    with pytest.raises(ValueError, match="cut.gz"):
        read_idx(tmp_path / "cut.gz")


def test_encode_refuses_unsupported_dtypes_and_scalars():
    with pytest.raises(ValueError, match="int64"):
        encode_idx(np.zeros(3, dtype=np.int64))
    with pytest.raises(ValueError, match=r"shape \(\)"):
        encode_idx(np.uint8(3))
