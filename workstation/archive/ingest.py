"""Ingest: preflight → store (both digests in one read) → probe → one catalog transaction.

Nothing reaches the catalog until every file is safely stored; the catalog rows, the
blob rows and the audit events of one import commit in a single transaction, so a crash
leaves either the whole import or none of it. Objects stored by an import that never
committed are removed by the recovery step (see recovery.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from workstation.archive.manifest import Manifest
from workstation.archive.probe import ProbeResult
from workstation.archive.vocab import Classification, VolumeKind
from workstation.errors import InvalidInput

SKIP_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass
class SourceFile:
    path: Path
    original_name: str
    volume_kind: VolumeKind = VolumeKind.MAIN
    volume_seq: int = 1
    volume_title: str = ""
    title: str = ""
    doc_no: str = ""
    author: str = ""
    date: dt.date | None = None
    doc_type: str = ""
    classification: Classification | None = None
    remarks: str = ""
    production_note: dict[str, Any] | None = None
    manifest_line: int | None = None


@dataclass
class FileOutcome:
    original_name: str
    status: str  # "imported" | "duplicate" | "unusable"
    item_id: int | None = None
    kind: str = ""
    sha256: str = ""
    sm3: str = ""
    size: int = 0
    reason: str = ""
    duplicate_of: int | None = None


@dataclass
class ImportReport:
    case_no: str
    created_case: bool
    files: list[FileOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(1 for f in self.files if f.status in ("imported", "unusable"))

    def to_json(self) -> dict[str, Any]:
        return {"case_no": self.case_no, "created_case": self.created_case, "imported": self.imported,
                "duplicates": sum(1 for f in self.files if f.status == "duplicate"),
                "unusable": sum(1 for f in self.files if f.status == "unusable"),
                "files": [asdict(f) for f in self.files], "warnings": self.warnings}


@dataclass
class Staged:
    """A file stored in the evidence store, probed, not yet in the catalog."""

    source: SourceFile
    sha256: str
    sm3: str
    size: int
    created: bool
    probe: ProbeResult
    stored_sha256: str = ""  # set when encrypted at rest: digests of the ciphertext on disk
    stored_sm3: str = ""
    key_id: str = ""


def check_regular_file(path: Path) -> None:
    if not path.exists():
        raise InvalidInput(key="missing_file", reason=f"文件不存在：{path}")
    if not path.is_file():
        raise InvalidInput(key="not_a_file", reason=f"不是普通文件：{path}")
    if path.stat().st_size == 0:
        raise InvalidInput(key="empty_file", reason=f"空文件（0 字节），拒绝导入：{path.name}")


def sources_from_paths(paths: list[Path]) -> list[SourceFile]:
    """Loose files and folders without a manifest, in name order; all checked first."""
    out: list[SourceFile] = []
    for p in paths:
        if p.is_dir():
            files = sorted((f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                            and f.name not in SKIP_NAMES), key=lambda f: f.relative_to(p).as_posix())
            if not files:
                raise InvalidInput(key="empty_folder", reason=f"文件夹中没有文件：{p}")
            out.extend(_source(f) for f in files)
        else:
            out.append(_source(p))
    for s in out:
        check_regular_file(s.path)
    return out


def _source(path: Path) -> SourceFile:
    return SourceFile(path=path, original_name=path.name, title=path.stem)


def sources_from_manifest(manifest: Manifest) -> list[SourceFile]:
    out = []
    for vol in manifest.volumes:
        for it in vol.items:
            out.append(SourceFile(
                path=it.file, original_name=Path(it.rel).name, volume_kind=vol.kind, volume_seq=vol.seq,
                volume_title=vol.title, title=it.title, doc_no=it.doc_no, author=it.author, date=it.date,
                doc_type=it.doc_type, classification=it.classification, remarks=it.remarks,
                production_note=it.production_note, manifest_line=it.line))
    return out


def stage_files(store, sources: list[SourceFile], job, into: list[Staged], *,
                master_for=lambda src: None) -> list[Staged]:
    """Store every file (both digests while streaming once) and probe the stored copy.

    Appends to ``into`` as it goes, so a caller that sees a failure knows what was stored.
    """
    from workstation.archive.crypto import is_encrypted_file
    from workstation.archive.probe import probe_file

    staged = into
    total = len(sources)
    for n, src in enumerate(sources):
        job.check_cancelled()
        job.report(n, total, "storing")
        master = master_for(src)
        if master is not None:
            stored = store.put_file_encrypted(src.path, master, job=job)
            # The plaintext was never written to the store; probe the source it came from.
            probe = probe_file(src.path, src.original_name)
        else:
            stored = store.put_file(src.path, job=job)
            kept = store.path_of(stored.digests.sha256)
            # Identical content may already be stored encrypted (for a classified item).
            probe = probe_file(src.path if is_encrypted_file(kept) else kept, src.original_name)
        digests, enc = stored.digests, stored.stored_digests
        staged.append(Staged(src, digests.sha256, digests.sm3, digests.size, stored.created, probe,
                             enc.sha256 if enc else "", enc.sm3 if enc else "", stored.key_id))
    job.report(total, total, "storing")
    return staged


def commit_staged(session, case, staged: list[Staged], *, user, audit) -> list[FileOutcome]:
    """Add blobs, items and production notes in the caller's transaction."""
    from workstation.archive import catalog
    from workstation.archive.blobs import blob_row
    from workstation.archive.models import AVProductionNote, Item

    outcomes: list[FileOutcome] = []
    seen: dict[str, int] = {}
    touched_volumes = {}
    for st in staged:
        src, probe = st.source, st.probe
        blob = blob_row(session, sha256=st.sha256, sm3=st.sm3, size=st.size, mime=probe.mime, key_id=st.key_id,
                        stored_sha256=st.stored_sha256, stored_sm3=st.stored_sm3)
        existing = seen.get(st.sha256)
        if existing is None:
            prior = catalog.item_holding_blob(session, case, blob.id)
            existing = prior.id if prior is not None else None
        base = dict(original_name=src.original_name, kind=str(probe.kind), sha256=st.sha256, sm3=st.sm3,
                    size=st.size)
        if existing is not None:
            outcomes.append(FileOutcome(status="duplicate", duplicate_of=existing,
                                        reason="与本案已有文件内容相同，未重复导入", **base))
            audit(session, "item.import", f"{case.case_no}/{src.original_name}", "success",
                  {"duplicate_of": existing, "sha256": st.sha256})
            continue
        volume = catalog.get_or_create_volume(session, case, src.volume_kind, src.volume_seq, src.volume_title)
        level = src.classification or case.classification
        if Classification(level) < Classification(case.classification):
            level = case.classification
        item = Item(
            volume_id=volume.id, seq=catalog.next_item_seq(session, volume), kind=probe.kind,
            title=src.title or Path(src.original_name).stem, doc_no=src.doc_no, author=src.author,
            doc_date=src.date, doc_type=src.doc_type, classification=level, page_count=probe.page_count,
            duration_ms=probe.duration_ms, blob_id=blob.id, original_name=src.original_name,
            imported_by_id=user.id, usable=probe.usable, unusable_reason=probe.reason if not probe.usable else "",
            probe=probe.info, remarks=src.remarks)
        session.add(item)
        session.flush()
        if src.production_note:
            session.add(AVProductionNote(item_id=item.id, **_note_fields(src.production_note)))
        touched_volumes[volume.id] = volume
        seen[st.sha256] = item.id
        status = "imported" if probe.usable else "unusable"
        outcomes.append(FileOutcome(status=status, item_id=item.id, reason=probe.reason, **base))
        audit(session, "item.import", f"{case.case_no}/item:{item.id}", "success",
              {"name": src.original_name, "sha256": st.sha256, "sm3": st.sm3, "size": st.size,
               "kind": str(probe.kind), "usable": probe.usable, "reason": probe.reason})
    session.flush()
    if touched_volumes:
        from workstation.archive.filing import renumber_by_case_convention

        # 页号 by the case's own convention (the default one until 归档 chooses another).
        renumber_by_case_convention(session, case)
    return outcomes


_NOTE_KEYS = ("method", "device", "device_serial", "is_original", "copy_method", "recorded_from", "recorded_to",
              "clock_checked", "makers", "proves", "original_carrier", "carrier_location", "unedited_statement",
              "interruption_notes")


def _note_fields(note: dict[str, Any]) -> dict[str, Any]:
    return {k: note[k] for k in _NOTE_KEYS if k in note and note[k] is not None}
