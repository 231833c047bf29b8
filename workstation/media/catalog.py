"""Catalog side of the media package: derivative objects in the evidence store, transcript
versions, clips. Called by the session facade inside its transactions; no access checks here.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import OrderedDict
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING, Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workstation.archive.models import Blob
from workstation.media.models import Clip, ClipExport, MediaDerivative, Transcript, TranscriptSegment
from workstation.media.timefmt import format_ms
from workstation.media.transcripts import Segment

if TYPE_CHECKING:
    from workstation.media.frames import FrameIndex
    from workstation.session import Archive


# --------------------------------------------------------------------------- derivatives

def params_key(params: dict[str, Any]) -> str:
    key = json.dumps(params, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if len(key) > 200:
        raise ValueError("derivative parameters too long")
    return key


def find_derivatives(s: Session, source_sha256: str, kind: str, keys: Iterable[str]) -> dict[str, MediaDerivative]:
    keys = list(keys)
    rows = s.scalars(select(MediaDerivative).where(MediaDerivative.source_sha256 == source_sha256,
                                                   MediaDerivative.kind == kind,
                                                   MediaDerivative.params_key.in_(keys)))
    return {r.params_key: r for r in rows}


def _blob_row(s: Session, stored, mime: str) -> Blob:
    """The catalog row of a stored derivative object (fixity checks cover it; recovery keeps
    it), shared with identical content already stored."""
    from workstation.archive.blobs import blob_row_for

    return blob_row_for(s, stored, mime)


def store_derivatives(archive: "Archive", *, source_sha256: str, encrypt: bool, kind: str,
                      entries: list[tuple[dict[str, Any], dict[str, Any], bytes, str]], user_id: int | None,
                      audit) -> list[MediaDerivative]:
    """Store files derived from one original: ``entries`` = (request params, result facts,
    bytes, mime). Objects go into the evidence store (encrypted at rest when the original
    is); their blob rows, derivative rows and one audit event commit together, while the
    store's ingest lock is held so recovery never takes them for orphans."""
    store = archive.store
    tmp_dir = archive.data_dir / "cache" / "plain"  # private, emptied whenever the archive opens
    tmp_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    master = archive.master_key(create=True) if encrypt else None
    created: list[MediaDerivative] = []
    with store.ingest_lock():
        stored_list = []
        for _params, _facts, data, _mime in entries:
            fd, name = tempfile.mkstemp(prefix="deriv-", dir=tmp_dir)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                stored_list.append(store.put_file_encrypted(Path(name), master) if master is not None
                                   else store.put_file(Path(name)))
            finally:
                os.unlink(name)
        try:
            with archive.write() as s:
                for (params, facts, data, mime), stored in zip(entries, stored_list):
                    key = params_key(params)
                    existing = s.scalar(select(MediaDerivative).where(
                        MediaDerivative.source_sha256 == source_sha256, MediaDerivative.kind == kind,
                        MediaDerivative.params_key == key))
                    if existing is not None:  # made meanwhile by another session
                        created.append(existing)
                        continue
                    _blob_row(s, stored, mime)
                    row = MediaDerivative(source_sha256=source_sha256, kind=kind, params_key=key,
                                          params={**params, **facts}, blob_sha256=stored.sha256, mime=mime,
                                          size=len(data), created_by_id=user_id)
                    s.add(row)
                    s.flush()
                    created.append(row)
                audit(s, kind, [r.blob_sha256 for r in created])
        except IntegrityError:
            with archive.read() as s:
                found = find_derivatives(s, source_sha256, kind, [params_key(p) for p, *_ in entries])
            created = [found[params_key(p)] for p, *_ in entries if params_key(p) in found]
    for stored in stored_list:
        if stored.key_id:
            store.clear_pending(stored.sha256)
    return created


def read_derivative(archive: "Archive", row: MediaDerivative, *, source_encrypted: bool, actor: str) -> bytes:
    with archive.read() as s:
        blob = s.scalar(select(Blob).where(Blob.sha256 == row.blob_sha256))
        encrypted = bool(blob.encrypted)
    if source_encrypted and not encrypted:
        # The original was raised to an encrypted level after this derivative was made.
        archive.encrypt_blob(row.blob_sha256, actor)
        encrypted = True
    with archive.plaintext_path(row.blob_sha256, encrypted) as path:
        return Path(path).read_bytes()


# --------------------------------------------------------------------------- frame index cache

class _IndexCache:
    """Frame indexes in memory (per process), keyed by (archive, the original's SHA-256)."""

    def __init__(self, size: int = 24):
        self._d: OrderedDict[tuple[str, str], "FrameIndex"] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def get(self, key: tuple[str, str]) -> "FrameIndex | None":
        with self._lock:
            idx = self._d.get(key)
            if idx is not None:
                self._d.move_to_end(key)
            return idx

    def put(self, key: tuple[str, str], idx: "FrameIndex") -> None:
        with self._lock:
            self._d[key] = idx
            self._d.move_to_end(key)
            while len(self._d) > self._size:
                self._d.popitem(last=False)


INDEX_CACHE = _IndexCache()


# --------------------------------------------------------------------------- transcripts

def latest_transcript(s: Session, item_id: int) -> Transcript | None:
    return s.scalar(select(Transcript).where(Transcript.item_id == item_id).order_by(Transcript.version.desc())
                    .limit(1))


def transcript_version(s: Session, item_id: int, version: int) -> Transcript | None:
    return s.scalar(select(Transcript).where(Transcript.item_id == item_id, Transcript.version == version))


def latest_version_number(s: Session, item_id: int) -> int | None:
    return s.scalar(select(func.max(Transcript.version)).where(Transcript.item_id == item_id))


def segments_of(t: Transcript) -> list[Segment]:
    return [Segment(int(x.start_ms), int(x.end_ms), x.text, x.speaker, bool(x.confirmed)) for x in t.segments]


def add_transcript_version(s: Session, item_id: int, segments: list[Segment], *, source: str, user_id: int | None,
                           based_on: int | None, note: str) -> Transcript:
    version = (latest_version_number(s, item_id) or 0) + 1
    t = Transcript(item_id=item_id, version=version, source=source, based_on=based_on, note=note,
                   confirmed=bool(segments) and all(x.confirmed for x in segments), created_by_id=user_id)
    t.segments = [TranscriptSegment(seq=i, start_ms=x.start_ms, end_ms=x.end_ms, speaker=x.speaker, text=x.text,
                                    confirmed=x.confirmed) for i, x in enumerate(segments)]
    s.add(t)
    s.flush()
    return t


def transcript_json(t: Transcript, usernames: dict[int, str], *, with_segments: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "item_id": t.item_id, "version": t.version, "source": t.source, "confirmed": t.confirmed,
        "based_on": t.based_on, "note": t.note, "created_by": usernames.get(t.created_by_id or 0, ""),
        "created_at": t.created_at.isoformat(), "segment_count": len(t.segments),
        "unconfirmed": sum(1 for x in t.segments if not x.confirmed)}
    if with_segments:
        out["segments"] = [x.to_json() for x in segments_of(t)]
    return out


# --------------------------------------------------------------------------- clips

def clip_json(c: Clip, usernames: dict[int, str]) -> dict[str, Any]:
    return {"id": c.id, "item_id": c.item_id, "name": c.name, "start_ms": c.start_ms, "end_ms": c.end_ms,
            "start": format_ms(c.start_ms), "end": format_ms(c.end_ms), "duration_ms": round(c.end_ms - c.start_ms, 6),
            "start_pts": c.start_pts, "end_pts": c.end_pts, "time_base": c.time_base,
            "requested_start_ms": c.requested_start_ms, "requested_end_ms": c.requested_end_ms,
            "source_sha256": c.source_sha256, "note": c.note,
            "created_by": usernames.get(c.created_by_id or 0, ""), "created_at": c.created_at.isoformat(),
            "removed": c.removed_at is not None}


def export_json(e: ClipExport, usernames: dict[int, str]) -> dict[str, Any]:
    return {"id": e.id, "clip_id": e.clip_id, "item_id": e.item_id, "mode": e.mode, "file_name": e.file_name,
            "dest_path": e.dest_path, "size": e.size, "sha256": e.sha256, "sm3": e.sm3,
            "source_sha256": e.source_sha256, "start_ms": e.start_ms, "end_ms": e.end_ms,
            "start": format_ms(e.start_ms), "end": format_ms(e.end_ms),
            "requested_start_ms": e.requested_start_ms, "requested_end_ms": e.requested_end_ms,
            "details": e.details, "exported_by": usernames.get(e.exported_by_id or 0, ""),
            "exported_at": e.exported_at.isoformat()}
