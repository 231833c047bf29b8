"""Fixity: re-hash stored originals and compare both digests with those taken at ingest."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from workstation.archive.models import Blob, FixityCheck, Item, Volume, utcnow
from workstation.errors import IntegrityError, StoreError

if TYPE_CHECKING:
    from workstation.jobs import Job
    from workstation.session import Workstation


@dataclass
class FixityProblem:
    sha256: str
    problem: str  # "missing" | "mismatch" | "unreadable"
    detail: str
    items: list[str] = field(default_factory=list)  # "案号/件 id 题名" of the items holding it


@dataclass
class FixityReport:
    run_id: str
    checked: int
    ok: int
    problems: list[FixityProblem]
    bytes_checked: int

    @property
    def passed(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "checked": self.checked, "ok": self.ok, "passed": self.passed,
                "bytes_checked": self.bytes_checked, "problems": [asdict(p) for p in self.problems]}


def run_fixity(ws: "Workstation", *, due_only: bool, job: "Job") -> FixityReport:
    archive = ws.archive
    store = archive.store
    run_id = uuid.uuid4().hex
    with archive.read() as s:
        stmt = select(Blob.id, Blob.sha256, Blob.size, Blob.encrypted).order_by(Blob.id)
        if due_only:
            cutoff = utcnow() - dt.timedelta(days=archive.settings.fixity.recheck_days)
            stmt = stmt.where(or_(Blob.last_fixity_at.is_(None), Blob.last_fixity_at < cutoff))
        blobs = s.execute(stmt).all()
        expected = {}
        for b in s.scalars(select(Blob).where(Blob.id.in_([b.id for b in blobs])).options(selectinload(Blob.digests))):
            expected[b.id] = {(d.scope, d.algorithm): d.value for d in b.digests}
    total_bytes = sum(b.size for b in blobs) or 1
    done_bytes = 0
    results: list[tuple[int, bool, str, str]] = []
    problems: list[FixityProblem] = []
    for blob_id, sha256, size, encrypted in blobs:
        job.check_cancelled()
        job.report(done_bytes, total_bytes, "fixity")
        problem, detail = "", ""
        want = expected.get(blob_id, {})
        try:
            got = store.rehash(sha256)
            # Encrypted at rest: the bytes on disk are checked against the ciphertext digests,
            # then decrypted and checked against the plaintext digests taken at ingest.
            scope = "stored" if encrypted else "content"
            bad = [alg for alg in ("sha256", "sm3")
                   if want.get((scope, alg)) and want[(scope, alg)] != getattr(got, alg)]
            if bad:
                problem = "mismatch"
                detail = "；".join(f"存储字节 {alg} 不符：登记 {want[(scope, alg)]}，实际 {getattr(got, alg)}"
                                  for alg in bad)
            elif not encrypted and got.size != size:
                problem, detail = "mismatch", f"大小不符：登记 {size}，实际 {got.size}"
            elif encrypted:
                plain = _decrypted_digests(archive, sha256)
                bad = [alg for alg in ("sha256", "sm3") if want.get(("content", alg)) != getattr(plain, alg)]
                if bad or plain.size != size:
                    problem = "mismatch"
                    detail = "；".join(f"明文 {alg} 不符" for alg in bad) or f"明文大小不符：{plain.size}"
        except StoreError as exc:
            problem = "missing" if exc.key == "missing_object" else "unreadable"
            detail = exc.message
        except IntegrityError as exc:
            problem, detail = "unreadable", exc.message
        except OSError as exc:
            problem, detail = "unreadable", str(exc)
        results.append((blob_id, not problem, problem, detail))
        if problem:
            problems.append(FixityProblem(sha256, problem, detail))
        done_bytes += size
    job.report(total_bytes, total_bytes, "fixity")
    now = utcnow()
    with archive.write() as s:
        for blob_id, ok, problem, detail in results:
            s.add(FixityCheck(run_id=run_id, blob_id=blob_id, checked_at=now, ok=ok, problem=problem, detail=detail))
            blob = s.get(Blob, blob_id)
            blob.last_fixity_at, blob.last_fixity_ok = now, ok
        for p in problems:
            rows = s.execute(select(Item.id, Item.title, Volume.case_id).join(Volume).join(Blob, Item.blob_id == Blob.id)
                             .where(Blob.sha256 == p.sha256)).all()
            from workstation.archive.models import Case

            for item_id, title, case_id in rows:
                p.items.append(f"{s.get(Case, case_id).case_no}/件{item_id} {title}")
            ws._audit(s, "fixity.problem", p.sha256, "error", asdict(p))
        report = FixityReport(run_id, len(results), sum(1 for r in results if r[1]), problems,
                              sum(b.size for b in blobs))
        ws._audit(s, "fixity.verify", "", "success" if report.passed else "error",
                  {"run_id": run_id, "checked": report.checked, "problems": len(problems), "due_only": due_only})
    return report


class _Sink:
    def write(self, data) -> int:
        return len(data)


def _decrypted_digests(archive, sha256: str):
    from workstation.archive.crypto import decrypt_stream
    from workstation.archive.store import _DigestingIO

    sink = _DigestingIO(_Sink())
    with archive.store.open(sha256) as src:
        decrypt_stream(src, sink, archive.master_key())
    return sink.digests()
