"""Dual digests (SHA-256 and SM3) computed while the data streams exactly once.

SM3 is the slow one (about 270 MB/s with OpenSSL 3 and 410 MB/s with libgcrypt's AVX
code, whichever is faster here, versus about 1.5 GB/s for SHA-256),
so the work is spread over threads that overlap:

* the calling thread reads fixed-size chunks (``bytes``), checks for cancellation and
  reports progress;
* one consumer thread feeds every chunk to SM3;
* another consumer thread feeds every chunk to SHA-256 and then to the optional sink
  (for example the temporary file of the evidence store).

Both consumers receive the same chunk objects through bounded queues, so at most about
``QUEUE_DEPTH + 2`` chunks are alive at once, whatever the size of the input (peak
memory stays in the tens of megabytes).  OpenSSL's hash update and file I/O release the
GIL for large buffers, so on a two-core machine the total time is close to SM3 alone.

Any exception (from the reader, either consumer or the sink) stops the pipeline; the
threads are always joined before the exception reaches the caller, so the caller may
safely clean up (e.g. delete a temporary file) as soon as the call returns or raises.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Protocol

from workstation.errors import StoreError

if TYPE_CHECKING:  # pragma: no cover
    from workstation.jobs import Job

ALGORITHMS = ("sha256", "sm3")

#: Bytes per chunk handed to the hash threads.  Tuned on a 2-core machine with a 1 GiB
#: file: 1–4 MiB chunks all keep pace with SM3; 2 MiB × depth 4 was fastest (≈30 MiB RSS).
CHUNK_SIZE = 2 * 1024 * 1024
#: Chunks waiting in each consumer queue.  Peak memory ≈ (QUEUE_DEPTH + 3) × CHUNK_SIZE.
QUEUE_DEPTH = 4

_PROGRESS_KEY = "hashing"
_STOP = None  # sentinel that ends a consumer


@dataclass(frozen=True)
class Digests:
    sha256: str
    sm3: str
    size: int

    def as_dict(self) -> dict[str, str]:
        return {"sha256": self.sha256, "sm3": self.sm3}


# --------------------------------------------------------------------------- SM3 backend


class _Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


def _hashlib_sm3() -> _Hasher | None:
    try:
        return hashlib.new("sm3")
    except (ValueError, TypeError):
        return None


class _GmsslCtypesSm3:
    """Adapter for the GmSSL-Python binding (``gmssl.Sm3``: update/digest)."""

    def __init__(self, cls: type) -> None:
        self._h = cls()

    def update(self, data: bytes) -> None:
        self._h.update(data)

    def hexdigest(self) -> str:
        return bytes(self._h.digest()).hex()


class _GmsslPureSm3:
    """Incremental SM3 over the compression function of the pure-Python ``gmssl``
    package (``gmssl.sm3.sm3_cf``).  Correct but slow; only used when OpenSSL has no SM3."""

    def __init__(self, sm3_module) -> None:
        self._cf: Callable[[list[int], bytes], list[int]] = sm3_module.sm3_cf
        self._v: list[int] = list(sm3_module.IV)
        self._buf = b""
        self._len = 0

    def update(self, data: bytes) -> None:
        self._len += len(data)
        buf = self._buf + bytes(data)
        full = len(buf) - len(buf) % 64
        v, cf = self._v, self._cf
        for i in range(0, full, 64):
            v = cf(v, buf[i : i + 64])
        self._v, self._buf = v, buf[full:]

    def hexdigest(self) -> str:
        bit_len = self._len * 8
        tail = self._buf + b"\x80"
        tail += b"\x00" * ((56 - len(tail)) % 64) + bit_len.to_bytes(8, "big")
        v = self._v
        for i in range(0, len(tail), 64):
            v = self._cf(v, tail[i : i + 64])
        return "".join(f"{word & 0xFFFFFFFF:08x}" for word in v)


def _gmssl_factory() -> Callable[[], _Hasher] | None:
    try:
        import gmssl  # type: ignore[import-not-found]
    except ImportError:
        return None
    cls = getattr(gmssl, "Sm3", None)
    if cls is not None:  # GmSSL-Python (ctypes binding of libgmssl)
        return lambda: _GmsslCtypesSm3(cls)
    try:
        from gmssl import sm3 as sm3_module  # type: ignore[import-not-found]
    except ImportError:
        return None
    if hasattr(sm3_module, "sm3_cf") and hasattr(sm3_module, "IV"):
        return lambda: _GmsslPureSm3(sm3_module)
    return None


_sm3_factory: Callable[[], _Hasher] | None = None
_sm3_lock = threading.Lock()


#: The backend chosen, for reports ("libgcrypt", "openssl", "gmssl").
sm3_backend = ""


def _faster(candidates: list[tuple[str, Callable[[], _Hasher]]]) -> tuple[str, Callable[[], _Hasher]]:
    """The candidate that digests a 1 MiB sample fastest (a few milliseconds, once)."""
    import time

    sample = bytes(range(256)) * 4096
    best: tuple[float, int] | None = None
    for i, (_name, make) in enumerate(candidates):
        h = make()
        t = time.perf_counter()
        h.update(sample)
        h.hexdigest()
        took = time.perf_counter() - t
        if best is None or took < best[0]:
            best = (took, i)
    return candidates[best[1] if best else 0]


def _resolve_sm3() -> Callable[[], _Hasher] | None:
    global _sm3_factory, sm3_backend
    with _sm3_lock:
        if _sm3_factory is None:
            from workstation.archive import sm3_gcrypt

            candidates: list[tuple[str, Callable[[], _Hasher]]] = []
            gcrypt = sm3_gcrypt.factory()
            if gcrypt is not None:
                candidates.append(("libgcrypt", gcrypt))
            if _hashlib_sm3() is not None:
                candidates.append(("openssl", lambda: hashlib.new("sm3")))
            if len(candidates) > 1:
                sm3_backend, _sm3_factory = _faster(candidates)
            elif candidates:
                sm3_backend, _sm3_factory = candidates[0]
            else:
                _sm3_factory = _gmssl_factory()
                sm3_backend = "gmssl" if _sm3_factory is not None else ""
        return _sm3_factory


def sm3_available() -> bool:
    """True when SM3 can be computed (OpenSSL's hashlib, or the ``gmssl`` package)."""
    return _resolve_sm3() is not None


def new_sm3() -> _Hasher:
    """A fresh SM3 hasher (``update`` / ``hexdigest``), or StoreError if there is none."""
    factory = _resolve_sm3()
    if factory is None:
        raise StoreError(
            key="sm3_unavailable",
            reason="本机的 OpenSSL 不支持 SM3 国密杂凑算法，且未安装 gmssl 软件包，无法计算 SM3 校验值",
        )
    return factory()


# --------------------------------------------------------------------------- pipeline


def _write_all(dst: BinaryIO, data: bytes) -> None:
    """Write all of ``data`` (raw unbuffered files may accept only part of it)."""
    written = dst.write(data)
    if written is None or written == len(data):
        return
    view = memoryview(data)
    while written < len(view):
        n = dst.write(view[written:])
        if n is None:  # non-blocking stream with nothing accepted: keep trying
            continue
        if n <= 0:
            raise OSError("写入目标文件失败：write() 未写入任何数据")
        written += n


class _Consumer(threading.Thread):
    """Runs ``work(chunk)`` for every chunk until the stop sentinel.

    After a failure it records the exception, raises the shared ``failed`` flag and keeps
    draining its queue (without working) so the reader can never block on it.
    """

    def __init__(self, name: str, work: Callable[[bytes], None], failed: threading.Event):
        super().__init__(name=name, daemon=True)
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUE_DEPTH)
        self.error: BaseException | None = None
        self._work = work
        self._failed = failed

    def run(self) -> None:
        get, work = self.queue.get, self._work
        while True:
            chunk = get()
            if chunk is _STOP:
                return
            if self.error is not None:
                continue
            try:
                work(chunk)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                self.error = exc
                self._failed.set()


def _pipeline(
    src: BinaryIO,
    sink: Callable[[bytes], None] | None,
    total: int | None,
    job: Job | None,
) -> Digests:
    sm3 = new_sm3()  # fail fast, before any thread starts
    sha = hashlib.sha256()
    failed = threading.Event()

    if sink is None:
        second_work: Callable[[bytes], None] = sha.update
    else:
        sha_update = sha.update

        def second_work(chunk: bytes) -> None:
            sha_update(chunk)
            sink(chunk)

    consumers = [
        _Consumer("digest-sm3", sm3.update, failed),
        _Consumer("digest-sha256", second_work, failed),
    ]
    for c in consumers:
        c.start()

    size = 0
    report_total = total if total is not None else 0
    read = src.read
    puts = [c.queue.put for c in consumers]
    reader_error: BaseException | None = None
    try:
        if job is not None:
            job.check_cancelled()
            job.report(0, report_total, _PROGRESS_KEY)
        while not failed.is_set():
            chunk = read(CHUNK_SIZE)
            if not chunk:
                if chunk is None:
                    raise OSError("源数据流暂时无数据（非阻塞流不受支持）")
                break
            if not isinstance(chunk, bytes):
                chunk = bytes(chunk)
            size += len(chunk)
            for put in puts:
                put(chunk)
            del chunk
            if job is not None:
                job.check_cancelled()
                job.report(size, max(report_total, size) if total is not None else 0, _PROGRESS_KEY)
    except BaseException as exc:  # noqa: BLE001 - re-raised below, after the threads end
        reader_error = exc
        failed.set()
    finally:
        for put in puts:
            put(_STOP)
        for c in consumers:
            c.join()

    if reader_error is not None:
        raise reader_error
    for c in consumers:
        if c.error is not None:
            raise c.error
    return Digests(sha256=sha.hexdigest(), sm3=sm3.hexdigest(), size=size)


def digest_file(path: str | os.PathLike[str], job: Job | None = None) -> Digests:
    """SHA-256 and SM3 of a file, reading it once."""
    with open(Path(path), "rb", buffering=0) as f:
        total = os.fstat(f.fileno()).st_size
        return _pipeline(f, None, total, job)  # type: ignore[arg-type]


def copy_and_digest(
    src: BinaryIO, dst: BinaryIO, total: int | None = None, job: Job | None = None
) -> Digests:
    """Copy ``src`` to ``dst`` (from their current positions) while computing both digests.

    ``src`` is read once.  ``dst`` is written from the SHA-256 thread; the caller flushes,
    syncs and closes it.  ``total`` is only used for progress reports.
    """
    return _pipeline(src, lambda chunk: _write_all(dst, chunk), total, job)


def digest_bytes(data: bytes) -> Digests:
    """Both digests of an in-memory value (small data; no threads)."""
    sm3 = new_sm3()
    sm3.update(data)
    return Digests(sha256=hashlib.sha256(data).hexdigest(), sm3=sm3.hexdigest(), size=len(data))


class StreamDigests:
    """Both digests of data handed over piece by piece as it is produced (e.g. a file while
    it is being written), so no second read is needed.

    SM3 runs in its own thread; SHA-256 (several times faster) in the caller's, which
    leaves the other core to SM3.  Memory is bounded: ``update`` blocks while SM3 is
    ``QUEUE_DEPTH`` chunks behind.  Call ``finish`` for the result or ``abort`` to drop it;
    either joins the thread.
    """

    def __init__(self) -> None:
        self._sm3 = new_sm3()
        self._sha = hashlib.sha256()
        self._failed = threading.Event()
        self._consumer = _Consumer("digest-sm3-stream", self._sm3.update, self._failed)
        self._consumer.start()
        self._put = self._consumer.queue.put
        self.size = 0
        self._open = True

    def update(self, chunk: bytes) -> None:
        if not chunk:
            return
        if self._failed.is_set():
            raise self._consumer.error or RuntimeError("SM3 digest thread failed")
        self._sha.update(chunk)
        self._put(chunk)
        self.size += len(chunk)

    def _join(self) -> None:
        if self._open:
            self._open = False
            self._put(_STOP)
            self._consumer.join()

    def finish(self) -> Digests:
        self._join()
        if self._consumer.error is not None:
            raise self._consumer.error
        return Digests(sha256=self._sha.hexdigest(), sm3=self._sm3.hexdigest(), size=self.size)

    def abort(self) -> None:
        self._join()
