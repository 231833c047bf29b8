"""Content-addressed evidence store.

Layout under the store root::

    objects/<sha256[:2]>/<sha256>   one immutable, read-only file per distinct content
    tmp/                            temporary files being written (same filesystem)
    .lock                           flock(2) file coordinating imports and recovery

Originals are immutable.  An object is written once, atomically, under the SHA-256 of its
bytes: the data is streamed into ``tmp/`` while both digests (SHA-256 and SM3) are
computed, the file is made read-only and fsync'ed, then hard-linked into place (a link
never replaces an existing name, so an existing object is never overwritten) and the
directories are fsync'ed.  Identical content is stored only once.

Nothing in this module modifies or deletes an object, **except**
:meth:`LocalEvidenceStore.remove_unreferenced`, which exists only for crash recovery
(removing objects that no catalog row refers to, while holding the maintenance lock).

Locking protocol (advisory ``flock`` on ``<root>/.lock``):

* every importer holds :meth:`~LocalEvidenceStore.ingest_lock` (shared) for the whole
  import, from the first ``put_*`` until its catalog transaction has committed;
* recovery takes :meth:`~LocalEvidenceStore.maintenance_lock` (exclusive, non-blocking);
  only if it yields ``True`` may it delete orphan objects or temporary files, because
  otherwise an import in progress could own them.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import re
import stat
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Iterator, Protocol, runtime_checkable

from workstation.archive.hashing import Digests, copy_and_digest, digest_file
from workstation.errors import StoreError

if TYPE_CHECKING:  # pragma: no cover
    from workstation.jobs import Job

_SHA256_RE = re.compile(r"[0-9a-f]{64}")
_PREFIX_RE = re.compile(r"[0-9a-f]{2}")
_TEMP_PREFIX = "ingest-"
_TEMP_SUFFIX = ".part"
#: Inputs at least this big (or of unknown size) are flushed to disk while they stream.
_BACKGROUND_FLUSH_MIN = 32 * 1024 * 1024
_BACKGROUND_FLUSH_INTERVAL = 0.05
_fdatasync = getattr(os, "fdatasync", os.fsync)


@dataclass(frozen=True)
class StoredObject:
    digests: Digests
    created: bool  # False when identical content was already stored
    # For an encrypted object: digests of the bytes on disk (the ciphertext) and the key id.
    stored_digests: Digests | None = None
    key_id: str = ""

    @property
    def sha256(self) -> str:
        return self.digests.sha256


@runtime_checkable
class EvidenceStore(Protocol):
    """What the rest of the core needs from an evidence store.

    ``LocalEvidenceStore`` is the only implementation today; a shared or remote store can
    implement the same protocol later (``path_of`` may then return a local cached copy).
    """

    def put_file(self, path: Path, job: Job | None = None) -> StoredObject: ...

    def put_stream(
        self, src: BinaryIO, total: int | None = None, job: Job | None = None
    ) -> StoredObject: ...

    def exists(self, sha256: str) -> bool: ...

    def path_of(self, sha256: str) -> Path: ...

    def open(self, sha256: str) -> BinaryIO: ...

    def iter_objects(self) -> Iterator[str]: ...

    def rehash(self, sha256: str, job: Job | None = None) -> Digests: ...

    def remove_unreferenced(self, sha256: str) -> None: ...

    def clean_temp(self) -> list[str]: ...

    def ingest_lock(self): ...  # context manager

    def maintenance_lock(self): ...  # context manager yielding bool


def check_sha256(sha256: object) -> str:
    """Return ``sha256`` if it is 64 lowercase hex digits, else StoreError(bad_digest)."""
    if not isinstance(sha256, str) or not _SHA256_RE.fullmatch(sha256):
        raise StoreError(key="bad_digest", reason=f"无效的 SHA-256 摘要值：{sha256!r}")
    return sha256


def _fsync_dir(path: Path) -> None:
    """Make directory entries durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except PermissionError:  # read-only file on platforms where that matters
        try:
            os.chmod(path, 0o600)
            os.unlink(path)
        except FileNotFoundError:
            pass


class _BackgroundFlusher(threading.Thread):
    """Keeps writing dirty pages of a big temp file to disk while it is being copied, so
    the final fsync has almost nothing left to do (on a 2-core machine a 1 GiB fsync at
    the end would otherwise add ~2 s after hashing).  Errors are ignored here: the final
    fsync reports them."""

    def __init__(self, fd: int):
        super().__init__(name="store-flush", daemon=True)
        self._fd = fd
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(_BACKGROUND_FLUSH_INTERVAL):
            try:
                _fdatasync(self._fd)
            except OSError:
                return

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


class _DigestingIO:
    """Wraps a binary file; digests everything read from or written to it."""

    def __init__(self, f):
        from workstation.archive.hashing import new_sm3

        self._f = f
        self._sha = hashlib.sha256()
        self._sm3 = new_sm3()
        self._size = 0

    def _take(self, data) -> None:
        self._sha.update(data)
        self._sm3.update(data)
        self._size += len(data)

    def read(self, n: int = -1) -> bytes:
        data = self._f.read(n)
        self._take(data)
        return data

    def write(self, data) -> int:
        self._take(data)
        return self._f.write(data)

    def digests(self) -> Digests:
        return Digests(sha256=self._sha.hexdigest(), sm3=self._sm3.hexdigest(), size=self._size)


class LocalEvidenceStore:
    """Evidence store on a local (or locally mounted) filesystem. See the module doc."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.objects_dir = self.root / "objects"
        self.tmp_dir = self.root / "tmp"
        self.lock_path = self.root / ".lock"
        try:
            self.objects_dir.mkdir(parents=True, exist_ok=True)
            self.tmp_dir.mkdir(parents=True, exist_ok=True)
            if not self.lock_path.exists():
                self.lock_path.touch()
        except OSError as exc:
            raise StoreError(key="store_unavailable", reason=f"无法创建证据存储目录 {self.root}：{exc}") from exc

    def __repr__(self) -> str:
        return f"LocalEvidenceStore({str(self.root)!r})"

    # ------------------------------------------------------------------ writing

    def put_file(self, path: Path, job: Job | None = None) -> StoredObject:
        """Store a file's bytes (read once); see :meth:`put_stream`."""
        try:
            src = open(path, "rb", buffering=0)
        except OSError as exc:
            raise StoreError(key="source_unreadable", reason=f"无法读取文件 {path}：{exc}") from exc
        with src:
            total = os.fstat(src.fileno()).st_size
            return self.put_stream(src, total, job)  # type: ignore[arg-type]

    def put_stream(
        self, src: BinaryIO, total: int | None = None, job: Job | None = None
    ) -> StoredObject:
        """Store everything readable from ``src``; returns its digests.

        ``created`` is False when identical content was already stored.  On any error or
        cancellation the temporary file is removed and the exception re-raised; no object
        is ever left half-written.  Callers should hold :meth:`ingest_lock`.
        """
        fd, tmp_name = self._mkstemp()
        tmp_path = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb", buffering=0) as tmp:
                flusher = None
                if total is None or total >= _BACKGROUND_FLUSH_MIN:
                    flusher = _BackgroundFlusher(fd)
                    flusher.start()
                try:
                    digests = copy_and_digest(src, tmp, total=total, job=job)  # type: ignore[arg-type]
                finally:
                    if flusher is not None:
                        flusher.stop()
                if job is not None:
                    job.check_cancelled()
                # Read-only before it gets its final name: the object is never writable.
                if hasattr(os, "fchmod"):
                    os.fchmod(tmp.fileno(), 0o444)
                else:  # pragma: no cover - Windows
                    os.chmod(tmp_path, 0o444)
                tmp.flush()
                os.fsync(tmp.fileno())
            created = self._publish(tmp_path, digests)
        except BaseException:
            _unlink_quietly(tmp_path)
            raise
        return StoredObject(digests=digests, created=created)

    def put_file_encrypted(self, path: Path, master, job: Job | None = None) -> StoredObject:
        """Store a file encrypted at rest (items of 秘密 and above).

        The plaintext never touches the store: it is digested (SHA-256 + SM3) as it is read
        and encrypted on the way to the temp file, whose own digests are taken as written.
        The object keeps the plaintext's content address. If identical content is already
        stored (encrypted or not) that object is reused.
        """
        from workstation.archive.crypto import encrypt_stream

        fd, tmp_name = self._mkstemp()
        tmp_path = Path(tmp_name)
        try:
            with open(path, "rb") as raw, os.fdopen(fd, "wb") as tmp:
                reader, writer = _DigestingIO(raw), _DigestingIO(tmp)
                info = encrypt_stream(reader, writer, master, job)
                plain, stored = reader.digests(), writer.digests()
                if job is not None:
                    job.check_cancelled()
                os.fchmod(tmp.fileno(), 0o444)
                tmp.flush()
                os.fsync(tmp.fileno())
            target = self._object_path(plain.sha256)
            if target.exists():
                os.unlink(tmp_path)
                from workstation.archive.crypto import is_encrypted_file

                if is_encrypted_file(target):
                    return StoredObject(digests=plain, created=False)
                # Identical content is stored in the clear for a lower-classified item: the
                # object must now be protected at the higher level, so encrypt it in place.
                stored = self.encrypt_in_place(plain.sha256, master, job)
                return StoredObject(digests=plain, created=False, stored_digests=stored, key_id=master.key_id)
            created = self._publish(tmp_path, dataclasses.replace(stored, sha256=plain.sha256))
        except BaseException:
            _unlink_quietly(tmp_path)
            raise
        return StoredObject(digests=plain, created=created, stored_digests=stored, key_id=info.key_id)

    def _mkstemp(self) -> tuple[int, str]:
        try:
            return tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=self.tmp_dir)
        except OSError as exc:
            raise StoreError(key="store_unavailable", reason=f"无法在证据存储中创建临时文件：{exc}") from exc

    def _publish(self, tmp_path: Path, digests: Digests) -> bool:
        """Give the finished temp file its content address. Returns False on dedupe."""
        target = self._object_path(digests.sha256)
        parent = target.parent
        if not parent.is_dir():
            parent.mkdir(exist_ok=True)
            _fsync_dir(self.objects_dir)
        try:
            os.link(tmp_path, target)  # never replaces an existing name
        except FileExistsError:
            self._check_existing(target, digests)
            os.unlink(tmp_path)
            return False
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            # Filesystem without hard links: rename, after checking the name is free.
            if target.exists():
                self._check_existing(target, digests)
                os.unlink(tmp_path)
                return False
            os.rename(tmp_path, target)
            _fsync_dir(parent)
            return True
        _fsync_dir(parent)
        # No fsync of tmp/ needed: a temp name that reappears after a crash is just a
        # leftover for clean_temp(); the object itself is already durable.
        os.unlink(tmp_path)
        return True

    @staticmethod
    def _check_existing(target: Path, digests: Digests) -> None:
        """Cheap sanity check on dedupe: an existing object of another size is damaged —
        unless it is the same content already encrypted at rest for a classified item (it
        stays encrypted; its blob row says so)."""
        from workstation.archive.crypto import is_encrypted_file

        size = target.stat().st_size
        if size != digests.size and is_encrypted_file(target):
            return
        if size != digests.size:
            raise StoreError(
                key="object_corrupt",
                reason=f"已存储的对象 {digests.sha256} 大小为 {size} 字节，应为 {digests.size} 字节，存储可能已损坏",
                sha256=digests.sha256,
            )

    # ------------------------------------------------------------------ reading

    def _object_path(self, sha256: str) -> Path:
        check_sha256(sha256)
        return self.objects_dir / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self._object_path(sha256).is_file()

    def path_of(self, sha256: str) -> Path:
        """Local path of a stored object (a read-only file); StoreError(missing_object) if absent."""
        path = self._object_path(sha256)
        if not path.is_file():
            raise self._missing(sha256)
        return path

    def open(self, sha256: str) -> BinaryIO:
        path = self._object_path(sha256)
        try:
            return open(path, "rb")
        except FileNotFoundError:
            raise self._missing(sha256) from None

    @staticmethod
    def _missing(sha256: str) -> StoreError:
        return StoreError(key="missing_object", reason=f"证据存储中缺少对象 {sha256}", sha256=sha256)

    def iter_objects(self) -> Iterator[str]:
        """SHA-256 of every stored object, in sorted order; anything malformed is skipped."""
        try:
            prefixes = sorted(os.scandir(self.objects_dir), key=lambda e: e.name)
        except FileNotFoundError:
            return
        for prefix in prefixes:
            if not (_PREFIX_RE.fullmatch(prefix.name) and prefix.is_dir(follow_symlinks=False)):
                continue
            try:
                entries = sorted(os.scandir(prefix.path), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                name = entry.name
                if (
                    _SHA256_RE.fullmatch(name)
                    and name.startswith(prefix.name)
                    and entry.is_file(follow_symlinks=False)
                ):
                    yield name

    def rehash(self, sha256: str, job: Job | None = None) -> Digests:
        """Re-read an object and compute both digests (fixity check)."""
        path = self._object_path(sha256)
        try:
            return digest_file(path, job=job)
        except FileNotFoundError:
            raise self._missing(sha256) from None

    # ------------------------------------------------- encryption of an existing object

    @property
    def pending_dir(self) -> Path:
        path = self.root / "pending-encryption"
        path.mkdir(exist_ok=True)
        return path

    def encrypt_in_place(self, sha256: str, master, job: Job | None = None) -> Digests:
        """Replace a plaintext object by its encrypted form under the same content address.

        The one sanctioned rewrite of an object: its content (the plaintext and its digests)
        is unchanged, only its protection is raised (an item referring to it was classified
        秘密 or above). A marker in ``pending-encryption/`` names the object until the caller
        has recorded the change in the catalog and called :meth:`clear_pending`; recovery
        reconciles the catalog with any marker left by a crash. Returns the digests of the
        new bytes on disk.
        """
        from workstation.archive.crypto import encrypt_stream, is_encrypted_file

        target = self._object_path(sha256)
        if is_encrypted_file(target):
            raise StoreError(key="already_encrypted", reason=f"对象 {sha256} 已加密")
        marker = self.pending_dir / sha256
        marker.write_text("encrypt", "ascii")
        _fsync_dir(self.pending_dir)
        fd, tmp_name = self._mkstemp()
        tmp_path = Path(tmp_name)
        try:
            with open(target, "rb") as raw, os.fdopen(fd, "wb") as tmp:
                reader, writer = _DigestingIO(raw), _DigestingIO(tmp)
                encrypt_stream(reader, writer, master, job)
                if reader.digests().sha256 != sha256:
                    raise StoreError(key="object_corrupt", reason=f"对象 {sha256} 的内容与其摘要不符，拒绝加密", sha256=sha256)
                os.fchmod(tmp.fileno(), 0o444)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp_path, target)
            _fsync_dir(target.parent)
        except BaseException:
            _unlink_quietly(tmp_path)
            raise
        return writer.digests()

    def pending_encryptions(self) -> list[str]:
        return sorted(p.name for p in self.pending_dir.iterdir() if _SHA256_RE.fullmatch(p.name))

    def clear_pending(self, sha256: str) -> None:
        _unlink_quietly(self.pending_dir / check_sha256(sha256))

    # ------------------------------------------------------------------ recovery only

    def remove_unreferenced(self, sha256: str) -> None:
        """Delete an object.  **Crash recovery only**: call it solely for objects that no
        catalog row references, while :meth:`maintenance_lock` yielded True.  Nothing else
        may modify or delete an object.  Missing objects are ignored."""
        path = self._object_path(sha256)
        try:
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
            os.unlink(path)
        except FileNotFoundError:
            return
        _fsync_dir(path.parent)

    def clean_temp(self) -> list[str]:
        """Remove leftover temporary files (from interrupted imports); returns their names.
        Call only while :meth:`maintenance_lock` yielded True."""
        removed: list[str] = []
        try:
            entries = sorted(os.scandir(self.tmp_dir), key=lambda e: e.name)
        except FileNotFoundError:
            return removed
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                continue
            _unlink_quietly(Path(entry.path))
            removed.append(entry.name)
        if removed:
            _fsync_dir(self.tmp_dir)
        return removed

    # ------------------------------------------------------------------ locking

    def _open_lock(self) -> int:
        try:
            return os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(key="store_unavailable", reason=f"无法打开证据存储锁文件 {self.lock_path}：{exc}") from exc

    @contextmanager
    def ingest_lock(self) -> Iterator[None]:
        """Shared lock held by every importer for the duration of an import (blocks while
        recovery holds the maintenance lock)."""
        import fcntl

        fd = self._open_lock()
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    @contextmanager
    def maintenance_lock(self) -> Iterator[bool]:
        """Exclusive, non-blocking lock.  Yields True if acquired; False if some import
        (in any process, or in this one) holds the ingest lock — then recovery must not
        delete orphan objects or temporary files."""
        import fcntl

        fd = self._open_lock()
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EACCES):
                    yield False
                    return
                raise
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
