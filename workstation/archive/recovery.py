"""Recovery after an interrupted import (crash, kill, power loss).

The catalog is transactional, so an import that did not commit left no rows. What it
can leave are temp files and stored objects that no catalog row references. Both are
removed here, but only while no import is running (the store's maintenance lock), since
a running import's objects are not referenced until it commits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from sqlalchemy import select

from workstation.archive.models import Blob

if TYPE_CHECKING:
    from workstation.session import Archive


def recover(archive: "Archive") -> dict[str, Any]:
    store = archive.store
    with store.maintenance_lock() as exclusive:
        if not exclusive:
            return {"skipped": True, "reason": "import_running"}
        temp = store.clean_temp()
        with archive.read() as s:
            referenced = set(s.scalars(select(Blob.sha256)))
        orphans = [h for h in store.iter_objects() if h not in referenced]
        for h in orphans:
            store.remove_unreferenced(h)
        reconciled = _reconcile_encryption(archive, referenced)
    report = {"skipped": False, "temp_files_removed": temp, "orphan_objects_removed": orphans,
              "encryption_reconciled": reconciled}
    if temp or orphans or reconciled:
        archive.audit_now("system", "recovery", "", details={"temp_files_removed": len(temp),
                                                             "orphan_objects_removed": orphans,
                                                             "encryption_reconciled": reconciled})
    _clean_plaintext_cache(archive)
    return report


def _reconcile_encryption(archive: "Archive", referenced: set[str]) -> list[str]:
    """An object encrypted in place whose catalog update never committed (crash between the
    two): record it as encrypted now. A marker whose object is still plaintext is dropped."""
    from workstation.archive.crypto import is_encrypted_file

    done = []
    for sha in archive.store.pending_encryptions():
        if sha in referenced and archive.store.exists(sha) and is_encrypted_file(archive.store.path_of(sha)):
            stored = archive.store.rehash(sha)
            archive._record_encryption(sha, stored, archive.master_key().key_id, "system")
            done.append(sha)
        archive.store.clear_pending(sha)
    return done


def _clean_plaintext_cache(archive: "Archive") -> None:
    """Decrypted viewing copies left by a crash must not outlive it."""
    cache = archive.data_dir / "cache" / "plain"
    if cache.is_dir():
        for f in cache.iterdir():
            if f.is_file():
                f.unlink(missing_ok=True)


def remove_unreferenced_objects(archive: "Archive", candidates: Iterable[str]) -> list[str]:
    """After a failed or cancelled import: drop the objects it stored, if safe right now."""
    store = archive.store
    removed: list[str] = []
    with store.maintenance_lock() as exclusive:
        if not exclusive:
            return removed  # another import is running; the next recovery will do it
        with archive.read() as s:
            for h in candidates:
                if s.scalar(select(Blob.id).where(Blob.sha256 == h)) is None and store.exists(h):
                    store.remove_unreferenced(h)
                    removed.append(h)
    return removed
