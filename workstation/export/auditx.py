"""The case's audit extract: one unbroken segment of the hash chain, from the case's first
event to the bundle's own export events. Events about the case (target = the case number
or ``case_no/…``) are given in full, so their hashes can be recomputed; every other event
in between is given only as (seq, prev_hash, hash) — enough to prove the chain is unbroken
without disclosing other cases. Verified by ``verify_extract`` here and by ``bundle verify``."""

from __future__ import annotations

import json
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.archive import audit
from workstation.archive.models import AuditEvent


def is_case_event(target: str, case_no: str) -> bool:
    return target == case_no or target.startswith(case_no + "/")


def build_extract(s: Session, case_no: str, until_seq: int) -> list[dict[str, Any]]:
    first = s.scalar(select(AuditEvent.seq).where(
        (AuditEvent.target == case_no) | AuditEvent.target.startswith(case_no + "/", autoescape=True))
        .order_by(AuditEvent.seq).limit(1))
    if first is None or first > until_seq:
        first = until_seq
    out: list[dict[str, Any]] = []
    last = first - 1
    while True:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.seq > last, AuditEvent.seq <= until_seq)
                         .order_by(AuditEvent.seq).limit(5000)).all()
        if not rows:
            break
        for ev in rows:
            if is_case_event(ev.target, case_no):
                out.append(audit.event_to_json(ev))
            else:
                out.append({"seq": ev.seq, "elided": True, "prev_hash": ev.prev_hash, "hash": ev.hash})
        last = rows[-1].seq
    return out


def dumps(events: Iterable[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in events).encode("utf-8")


def loads(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]


def verify_extract(events: list[dict[str, Any]], case_no: str | None = None) -> list[str]:
    """Problems (Chinese) found in an extract; empty when it is a sound chain segment."""
    problems: list[str] = []
    prev: dict[str, Any] | None = None
    for ev in events:
        try:
            seq = int(ev["seq"])
            if prev is not None:
                if seq != int(prev["seq"]) + 1:
                    problems.append(f"审计摘录在序号 {prev['seq']} 之后不连续（下一条为 {seq}）")
                elif ev["prev_hash"] != prev["hash"]:
                    problems.append(f"审计记录 {seq} 与前一条记录的哈希链接断开")
            if not ev.get("elided"):
                fields = dict(ev)
                fields["details"] = audit.canonical_details(ev["details"]) if isinstance(ev["details"], dict) \
                    else ev["details"]
                if audit.event_hash(fields) != ev["hash"]:
                    problems.append(f"审计记录 {seq} 的内容与其哈希不符")
                if case_no and not is_case_event(str(ev.get("target", "")), case_no):
                    problems.append(f"审计记录 {seq} 不属于案卷 {case_no}")
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"审计摘录格式错误：{exc}")
            break
        prev = ev
        if len(problems) > 20:
            break
    if not events:
        problems.append("审计摘录为空")
    return problems
