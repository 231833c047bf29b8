"""The catalog row of a stored object: one place that records its digests (content, and
for objects encrypted at rest the bytes on disk), shared by ingest and derivatives."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.archive.models import Blob, Digest


def blob_row(s: Session, *, sha256: str, sm3: str, size: int, mime: str, key_id: str = "",
             stored_sha256: str = "", stored_sm3: str = "") -> Blob:
    """Get or create the Blob for this content; mark it encrypted if it was just encrypted."""
    blob = s.scalar(select(Blob).where(Blob.sha256 == sha256))
    if blob is None:
        blob = Blob(sha256=sha256, size=size, mime=mime, encrypted=bool(key_id), key_id=key_id)
        blob.digests = [Digest(algorithm="sha256", value=sha256), Digest(algorithm="sm3", value=sm3)]
        if key_id:
            blob.digests += _stored(stored_sha256, stored_sm3)
        s.add(blob)
        s.flush()
    elif key_id and not blob.encrypted:
        # The object was encrypted in place (it had been stored in the clear before).
        blob.encrypted, blob.key_id = True, key_id
        blob.digests += _stored(stored_sha256, stored_sm3)
        s.flush()
    return blob


def blob_row_for(s: Session, stored, mime: str) -> Blob:
    """Same, from a store.StoredObject."""
    enc = stored.stored_digests
    return blob_row(s, sha256=stored.sha256, sm3=stored.digests.sm3, size=stored.digests.size, mime=mime,
                    key_id=stored.key_id, stored_sha256=enc.sha256 if enc else "", stored_sm3=enc.sm3 if enc else "")


def _stored(sha256: str, sm3: str) -> list[Digest]:
    return [Digest(algorithm="sha256", scope="stored", value=sha256),
            Digest(algorithm="sm3", scope="stored", value=sm3)]
