"""Dual digests and the content-addressed evidence store, on real files (no mocks)."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workstation.archive import hashing
from workstation.archive.hashing import Digests, copy_and_digest, digest_file, sm3_available
from workstation.archive.store import EvidenceStore, LocalEvidenceStore, StoredObject
from workstation.errors import Cancelled, StoreError
from workstation.jobs import Job

SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
MIB = 1024 * 1024


def _sha256sum(path: Path) -> str:
    out = subprocess.run(["sha256sum", str(path)], check=True, capture_output=True, text=True).stdout
    return out.split()[0]


def _openssl_sm3(path: Path) -> str:
    out = subprocess.run(
        ["openssl", "dgst", "-sm3", "-r", str(path)], check=True, capture_output=True, text=True
    ).stdout
    return out.split()[0]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture
def store(tmp_path) -> LocalEvidenceStore:
    return LocalEvidenceStore(tmp_path / "store")


def _tmp_files(store: LocalEvidenceStore) -> list[str]:
    return sorted(os.listdir(store.root / "tmp"))


class FailingReader(io.RawIOBase):
    """A readable stream that yields ``good`` bytes and then fails."""

    def __init__(self, good: bytes):
        self._src = io.BytesIO(good)

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        chunk = self._src.read(n)
        if not chunk:
            raise OSError("simulated read failure")
        return chunk


class FailingWriter(io.RawIOBase):
    def __init__(self, fail_after: int):
        self.written = 0
        self._fail_after = fail_after

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self.written >= self._fail_after:
            raise OSError("simulated write failure")
        self.written += len(data)
        return len(data)


# --------------------------------------------------------------------------- digests


def test_sm3_is_available_and_matches_the_standard_vector(tmp_path):
    assert sm3_available()
    assert hashing.ALGORITHMS == ("sha256", "sm3")
    d = digest_file(_write(tmp_path / "abc", b"abc"))
    assert d.sm3 == SM3_ABC
    assert d.sha256 == hashlib.sha256(b"abc").hexdigest()
    assert d.size == 3
    assert d.as_dict() == {"sha256": d.sha256, "sm3": SM3_ABC}
    assert hashing.digest_bytes(b"abc") == d


@pytest.mark.parametrize(
    "size",
    [0, 1, 64, hashing.CHUNK_SIZE, 2 * hashing.CHUNK_SIZE + 1, 9 * MIB + 123],
    ids=lambda n: f"{n}B",
)
def test_digests_match_sha256sum_and_openssl(tmp_path, size):
    path = _write(tmp_path / "data.bin", os.urandom(size))
    d = digest_file(path)
    assert d == Digests(sha256=_sha256sum(path), sm3=_openssl_sm3(path), size=size)


def test_copy_and_digest_copies_exactly_and_reports_progress(tmp_path):
    data = os.urandom(5 * MIB + 7)
    src = _write(tmp_path / "src.bin", data)
    seen: list[tuple[int, int, str]] = []
    job = Job(on_progress=lambda done, total, key: seen.append((done, total, key)))
    with open(src, "rb") as fin, open(tmp_path / "dst.bin", "wb") as fout:
        d = copy_and_digest(fin, fout, total=len(data), job=job)
    assert (tmp_path / "dst.bin").read_bytes() == data
    assert d == Digests(_sha256sum(src), _openssl_sm3(src), len(data))
    assert seen[0] == (0, len(data), "hashing")
    assert seen[-1] == (len(data), len(data), "hashing")
    assert [s[0] for s in seen] == sorted(s[0] for s in seen)


def test_reader_failure_propagates(tmp_path):
    with pytest.raises(OSError, match="simulated read failure"):
        copy_and_digest(FailingReader(os.urandom(3 * hashing.CHUNK_SIZE)), io.BytesIO())


def test_sink_failure_propagates_and_does_not_hang(tmp_path):
    src = io.BytesIO(os.urandom(10 * hashing.CHUNK_SIZE))
    with pytest.raises(OSError, match="simulated write failure"):
        copy_and_digest(src, FailingWriter(fail_after=hashing.CHUNK_SIZE))
    # The reader stopped early instead of draining the whole source.
    assert src.tell() < 10 * hashing.CHUNK_SIZE


def test_cancelled_digest_raises(tmp_path):
    path = _write(tmp_path / "big.bin", os.urandom(4 * hashing.CHUNK_SIZE))
    job = Job()
    job.on_progress = lambda done, total, key: job.cancel() if done > 0 else None
    with pytest.raises(Cancelled):
        digest_file(path, job=job)


# --------------------------------------------------------------------------- store


def test_local_store_implements_the_protocol(store):
    assert isinstance(store, EvidenceStore)
    for sub in ("objects", "tmp"):
        assert (store.root / sub).is_dir()


def test_put_file_stores_exact_read_only_bytes(store, tmp_path):
    data = os.urandom(3 * MIB + 5)
    src = _write(tmp_path / "evidence.bin", data)
    stored = store.put_file(src)
    assert isinstance(stored, StoredObject) and stored.created
    d = stored.digests
    assert d == Digests(_sha256sum(src), _openssl_sm3(src), len(data))

    path = store.path_of(d.sha256)
    assert path == store.root / "objects" / d.sha256[:2] / d.sha256
    assert path.read_bytes() == data
    assert os.stat(path).st_mode & 0o222 == 0
    with store.open(d.sha256) as f:
        assert f.read() == data
    assert store.exists(d.sha256)
    assert list(store.iter_objects()) == [d.sha256]
    assert _tmp_files(store) == []


def test_identical_content_is_stored_once(store, tmp_path):
    data = os.urandom(100_000)
    first = store.put_file(_write(tmp_path / "a.bin", data))
    second = store.put_file(_write(tmp_path / "b.bin", data))
    third = store.put_stream(io.BytesIO(data))
    assert first.created and not second.created and not third.created
    assert first.digests == second.digests == third.digests
    assert list(store.iter_objects()) == [first.digests.sha256]
    assert store.path_of(first.digests.sha256).read_bytes() == data
    assert _tmp_files(store) == []


def test_empty_file_and_stream_of_unknown_size(store, tmp_path):
    empty = store.put_file(_write(tmp_path / "empty", b""))
    assert empty.digests.size == 0
    assert empty.digests.sha256 == hashlib.sha256(b"").hexdigest()
    assert empty.digests.sm3 == _openssl_sm3(tmp_path / "empty")
    assert store.path_of(empty.digests.sha256).read_bytes() == b""

    data = os.urandom(2 * hashing.CHUNK_SIZE + 3)
    stored = store.put_stream(io.BytesIO(data), total=None)
    assert stored.created and store.path_of(stored.digests.sha256).read_bytes() == data
    assert _tmp_files(store) == []


def test_cancellation_mid_stream_leaves_no_temp_and_no_object(store, tmp_path):
    data = os.urandom(9 * MIB + 123)
    src = _write(tmp_path / "big.bin", data)
    job = Job()
    calls: list[int] = []

    def on_progress(done, total, key):
        calls.append(done)
        if done >= hashing.CHUNK_SIZE:
            job.cancel()

    job.on_progress = on_progress
    with pytest.raises(Cancelled):
        store.put_file(src, job=job)
    assert 0 < max(calls) < len(data)
    assert _tmp_files(store) == []
    assert list(store.iter_objects()) == []
    assert not store.exists(hashlib.sha256(data).hexdigest())

    # The store still works afterwards.
    assert store.put_file(src).created


def test_reader_failure_leaves_no_temp_and_no_object(store):
    with pytest.raises(OSError, match="simulated read failure"):
        store.put_stream(FailingReader(os.urandom(3 * hashing.CHUNK_SIZE + 1)))
    assert _tmp_files(store) == []
    assert list(store.iter_objects()) == []


def test_unreadable_source_is_a_store_error(store, tmp_path):
    with pytest.raises(StoreError) as exc:
        store.put_file(tmp_path / "does-not-exist.bin")
    assert exc.value.key == "source_unreadable"
    assert _tmp_files(store) == []


def test_rehash_detects_a_flipped_byte(store, tmp_path):
    data = os.urandom(3 * MIB)
    stored = store.put_file(_write(tmp_path / "x.bin", data))
    sha = stored.digests.sha256
    assert store.rehash(sha) == stored.digests

    path = store.path_of(sha)
    os.chmod(path, 0o644)
    with open(path, "r+b") as f:
        f.seek(1_234_567)
        byte = f.read(1)
        f.seek(1_234_567)
        f.write(bytes([byte[0] ^ 0x01]))
    again = store.rehash(sha)
    assert again.size == stored.digests.size
    assert again.sha256 != stored.digests.sha256
    assert again.sm3 != stored.digests.sm3


def test_missing_object(store):
    sha = hashlib.sha256(b"never stored").hexdigest()
    assert not store.exists(sha)
    for call in (store.rehash, store.path_of, store.open):
        with pytest.raises(StoreError) as exc:
            call(sha)
        assert exc.value.key == "missing_object"
    store.remove_unreferenced(sha)  # idempotent


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "abc",
        "A" * 64,
        "g" * 64,
        "0" * 63,
        "0" * 65,
        "../" + "0" * 61,
        "00/../../../../etc/passwd",
        "0" * 63 + "\n",
        None,
        123,
    ],
)
def test_bad_digest_strings_are_rejected(store, bad):
    for call in (store.exists, store.path_of, store.open, store.rehash, store.remove_unreferenced):
        with pytest.raises(StoreError) as exc:
            call(bad)
        assert exc.value.key == "bad_digest"


def test_remove_unreferenced_and_clean_temp(store, tmp_path):
    keep = store.put_stream(io.BytesIO(b"keep"))
    drop = store.put_stream(io.BytesIO(b"drop"))
    store.remove_unreferenced(drop.digests.sha256)
    assert not store.exists(drop.digests.sha256)
    assert list(store.iter_objects()) == [keep.digests.sha256]

    (store.root / "tmp" / "ingest-crashed.part").write_bytes(b"partial")
    leftover = store.root / "tmp" / "ingest-readonly.part"
    leftover.write_bytes(b"partial")
    leftover.chmod(0o444)
    assert store.clean_temp() == ["ingest-crashed.part", "ingest-readonly.part"]
    assert _tmp_files(store) == []
    assert store.clean_temp() == []


def test_iter_objects_skips_malformed_entries(store):
    stored = store.put_stream(io.BytesIO(b"real"))
    objects = store.root / "objects"
    (objects / "zz").mkdir()
    (objects / "zz" / ("z" * 64)).write_bytes(b"x")
    (objects / "README").write_text("not an object")
    (objects / "ab").mkdir(exist_ok=True)
    (objects / "ab" / ("cd" + "0" * 62)).write_bytes(b"wrong prefix")
    (objects / "ab" / "short").write_bytes(b"x")
    (objects / "ab" / ("ab" + "0" * 62 + ".part")).write_bytes(b"x")
    (objects / "ab" / ("ab" + "1" * 62)).mkdir()
    assert list(store.iter_objects()) == [stored.digests.sha256]


def test_reopening_a_store_keeps_its_objects(store, tmp_path):
    stored = store.put_stream(io.BytesIO(b"persistent"))
    again = LocalEvidenceStore(store.root)
    assert list(again.iter_objects()) == [stored.digests.sha256]
    assert not again.put_stream(io.BytesIO(b"persistent")).created


# --------------------------------------------------------------------------- locks

_HOLD_INGEST_LOCK = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from workstation.archive.store import LocalEvidenceStore

    store = LocalEvidenceStore(Path(sys.argv[1]))
    with store.ingest_lock():
        print("locked", flush=True)
        sys.stdin.read()  # hold until the parent closes our stdin
    print("released", flush=True)
    """
)


def test_maintenance_lock_is_refused_while_another_process_imports(store):
    with store.maintenance_lock() as exclusive:
        assert exclusive is True

    repo = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(repo), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD_INGEST_LOCK, str(store.root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout.readline().strip() == "locked"
        with store.maintenance_lock() as exclusive:
            assert exclusive is False
        # Imports share the lock with each other.
        with store.ingest_lock():
            pass
    finally:
        proc.stdin.close()
        out = proc.stdout.read()
        proc.wait(timeout=30)
    assert "released" in out and proc.returncode == 0

    with store.maintenance_lock() as exclusive:
        assert exclusive is True


def test_maintenance_lock_is_refused_during_an_import_in_this_process(store):
    with store.ingest_lock():
        with store.maintenance_lock() as exclusive:
            assert exclusive is False
    with store.maintenance_lock() as exclusive:
        assert exclusive is True
        # Another maintainer is refused while we hold it.
        with store.maintenance_lock() as other:
            assert other is False

