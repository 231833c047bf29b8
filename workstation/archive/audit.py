"""The hash-chained, append-only audit log.

Each event's hash is SHA-256 over a canonical JSON encoding of its fields and the
previous event's hash. Appending begins by updating the single ``audit_head`` row, which
takes the database's write lock (SQLite) or a row lock (PostgreSQL) before anything
else, so concurrent writers queue up and the chain cannot fork. Business writes append
their event in the same transaction, so a change and its record commit together or not
at all; refusals and failures are appended in a transaction of their own.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workstation.archive.models import AuditEvent, AuditHead
from workstation.archive.vocab import Outcome

GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "ts", "actor", "terminal", "action", "target", "outcome", "details", "prev_hash")


def canonical_details(details: dict[str, Any] | None) -> str:
    return json.dumps(details or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def event_hash(fields: dict[str, Any]) -> str:
    payload = {k: fields[k] for k in HASHED_FIELDS}
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _now_text() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def append(session: Session, *, actor: str, action: str, target: str = "", outcome: str = Outcome.SUCCESS,
           details: dict[str, Any] | None = None, terminal: str = "") -> AuditEvent:
    """Append one event inside the caller's transaction (which must commit it)."""
    # The UPDATE comes first: it takes the write lock before we read the head.
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1))
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
    fields = {
        "seq": int(head.seq),
        "ts": _now_text(),
        "actor": actor,
        "terminal": terminal,
        "action": action,
        "target": target,
        "outcome": str(outcome),
        "details": canonical_details(details),
        "prev_hash": head.hash,
    }
    fields["hash"] = event_hash(fields)
    event = AuditEvent(**fields)
    session.add(event)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(hash=fields["hash"]))
    session.flush()
    return event


@dataclass
class ChainReport:
    ok: bool
    events: int
    first_bad_seq: int | None = None
    problem: str = ""  # key: hash_mismatch, prev_mismatch, gap, head_mismatch
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "events": self.events, "first_bad_seq": self.first_bad_seq,
                "problem": self.problem, "detail": self.detail}


def verify(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the chain in order and name the first event that does not fit.

    Detects edits (hash mismatch), deletions and insertions (sequence gap or broken
    prev-hash link), reordering (both), and deletion of the newest events (head mismatch).
    """
    expected_seq = 1
    prev = GENESIS
    count = 0
    last_seq = 0
    while True:
        rows = session.execute(
            select(AuditEvent).where(AuditEvent.seq >= expected_seq).order_by(AuditEvent.seq).limit(batch)
        ).scalars().all()
        if not rows:
            break
        for ev in rows:
            fields = {k: getattr(ev, k) for k in HASHED_FIELDS}
            if ev.seq != expected_seq:
                return ChainReport(False, count, expected_seq, "gap",
                                   f"缺少序号 {expected_seq}（下一条为 {ev.seq}）")
            if ev.prev_hash != prev:
                return ChainReport(False, count, ev.seq, "prev_mismatch", "与前一条记录的链接断开")
            if event_hash(fields) != ev.hash:
                return ChainReport(False, count, ev.seq, "hash_mismatch", "记录内容与其哈希不符")
            prev = ev.hash
            last_seq = ev.seq
            expected_seq += 1
            count += 1
        session.expunge_all()
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
    if head.seq != last_seq or head.hash != prev:
        return ChainReport(False, count, last_seq + 1, "head_mismatch",
                           f"链头记录序号 {head.seq}，实际最后一条为 {last_seq}：最新记录被删除或篡改")
    return ChainReport(True, count)


def iter_events(session: Session, *, since: dt.datetime | None = None, until: dt.datetime | None = None,
                actor: str | None = None, action: str | None = None, outcome: str | None = None,
                target_like: str | None = None, batch: int = 2000) -> Iterator[AuditEvent]:
    stmt = select(AuditEvent).order_by(AuditEvent.seq)
    if since:
        stmt = stmt.where(AuditEvent.ts >= since.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"))
    if until:
        stmt = stmt.where(AuditEvent.ts < until.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"))
    if actor:
        stmt = stmt.where(AuditEvent.actor == actor)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if outcome:
        stmt = stmt.where(AuditEvent.outcome == outcome)
    if target_like:
        stmt = stmt.where(AuditEvent.target.contains(target_like))
    last = 0
    while True:
        rows = session.execute(stmt.where(AuditEvent.seq > last).limit(batch)).scalars().all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def event_to_json(ev: AuditEvent) -> dict[str, Any]:
    return {
        "seq": ev.seq, "ts": ev.ts, "actor": ev.actor, "terminal": ev.terminal, "action": ev.action,
        "target": ev.target, "outcome": ev.outcome, "details": json.loads(ev.details),
        "prev_hash": ev.prev_hash, "hash": ev.hash,
    }


def verify_extract(events: Iterable[dict[str, Any]]) -> ChainReport:
    """Check an exported segment of the chain on its own (e.g. inside a bundle)."""
    prev = None
    count = 0
    for ev in events:
        fields = dict(ev)
        fields["details"] = canonical_details(ev["details"]) if isinstance(ev["details"], dict) else ev["details"]
        if prev is not None and (fields["seq"] != prev["seq"] + 1 or fields["prev_hash"] != prev["hash"]):
            return ChainReport(False, count, fields["seq"], "prev_mismatch", "片段中记录不连续")
        if event_hash(fields) != fields["hash"]:
            return ChainReport(False, count, fields["seq"], "hash_mismatch", "记录内容与其哈希不符")
        prev = fields
        count += 1
    return ChainReport(True, count)


def events_to_csv(events: Iterable[AuditEvent]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["seq", "ts", "actor", "terminal", "action", "target", "outcome", "details", "prev_hash", "hash"])
    for ev in events:
        writer.writerow([ev.seq, ev.ts, ev.actor, ev.terminal, ev.action, ev.target, ev.outcome, ev.details,
                         ev.prev_hash, ev.hash])
    return out.getvalue()
