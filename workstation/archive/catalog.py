"""Case, volume and item operations on an open database session (no access checks:
the session facade does those before calling in)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from workstation.archive.models import AVProductionNote, Blob, Case, Item, Volume
from workstation.archive.vocab import (
    CaseStatus,
    Category,
    Classification,
    Procedure,
    Retention,
    VolumeKind,
)
from workstation.errors import Conflict, InvalidInput

CASE_FIELDS = ("case_no", "title", "party", "party_id_no", "cause", "category", "procedure", "handling_unit",
               "handlers", "decision_no", "opened_on", "closed_on", "retention", "classification",
               "secrecy_term", "remarks")


def normalise_case_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Validate user-supplied case fields (CLI or GUI) into model values."""
    unknown = set(data) - set(CASE_FIELDS)
    if unknown:
        raise InvalidInput(reason=f"未知的案件字段 {sorted(unknown)}")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if key == "category":
            out[key] = _enum(Category, value, "执法类别")
        elif key == "procedure":
            out[key] = _enum(Procedure, value, "程序")
        elif key == "retention":
            out[key] = _enum(Retention, value, "保管期限")
        elif key == "classification":
            out[key] = _enum(Classification, value, "密级")
        elif key in ("opened_on", "closed_on"):
            out[key] = _date(value, "立案日期" if key == "opened_on" else "结案日期")
        elif key == "handlers":
            out[key] = [h.strip() for h in (value.replace("，", ",").split(",") if isinstance(value, str) else value)
                        if h and h.strip()]
        else:
            out[key] = str(value).strip()
    for required, label in (("case_no", "案号"), ("title", "案卷题名"), ("category", "执法类别")):
        if required in data and not out.get(required):
            raise InvalidInput(reason=f"{label}不能为空")
    if out.get("opened_on") and out.get("closed_on") and out["closed_on"] < out["opened_on"]:
        raise InvalidInput(reason="结案日期早于立案日期")
    return out


def _enum(cls, value, label):
    try:
        return cls(value)
    except ValueError:
        raise InvalidInput(reason=f"{label}“{value}”无效，可选：{'、'.join(m.value for m in cls)}") from None


def _date(value, label) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(reason=f"{label}“{value}”不是 YYYY-MM-DD 格式的日期") from None


def create_case(session: Session, fields: dict[str, Any], created_by_id: int | None) -> Case:
    values = normalise_case_fields(fields)
    for required, label in (("case_no", "案号"), ("title", "案卷题名"), ("category", "执法类别")):
        if not values.get(required):
            raise InvalidInput(reason=f"缺少{label}")
    if session.scalar(select(Case.id).where(Case.case_no == values["case_no"])) is not None:
        raise Conflict(key="case_exists", reason=f"案号 {values['case_no']} 已存在")
    case = Case(created_by_id=created_by_id, **values)
    session.add(case)
    session.flush()
    return case


def case_by_no(session: Session, case_no: str, *, load_items: bool = False) -> Case | None:
    stmt = select(Case).where(Case.case_no == case_no)
    if load_items:
        stmt = stmt.options(selectinload(Case.volumes).selectinload(Volume.items).selectinload(Item.blob)
                            .selectinload(Blob.digests))
    return session.scalar(stmt)


def get_or_create_volume(session: Session, case: Case, kind: VolumeKind, seq: int = 1, title: str = "") -> Volume:
    vol = session.scalar(select(Volume).where(Volume.case_id == case.id, Volume.kind == kind, Volume.seq == seq))
    if vol is None:
        vol = Volume(case_id=case.id, kind=kind, seq=seq, title=title)
        session.add(vol)
        session.flush()
    return vol


def next_item_seq(session: Session, volume: Volume) -> int:
    return (session.scalar(select(func.max(Item.seq)).where(Item.volume_id == volume.id)) or 0) + 1


def item_holding_blob(session: Session, case: Case, blob_id: int) -> Item | None:
    return session.scalar(select(Item).join(Volume).where(Volume.case_id == case.id, Item.blob_id == blob_id))


def renumber_pages(session: Session, volume: Volume) -> None:
    """页号 per 卷: each paged item gets the next run of numbers; AV and paperless items none.

    Only the default convention for now (every page numbered, per volume); the
    configurable conventions of domain.md §2.2 arrive with the 归档 workflow.
    """
    page = 0
    items = session.scalars(select(Item).where(Item.volume_id == volume.id).order_by(Item.seq)).all()
    for item in items:
        if item.page_count:
            item.page_start, item.page_end = page + 1, page + item.page_count
            page += item.page_count
        else:
            item.page_start = item.page_end = None


def require_editable(case: Case, user_id: int | None = None) -> int | None:
    """A filed case may be edited only inside an approved 归档后修改 window (filing.py), of
    ``user_id`` when given (else of anyone). Returns that approval's id for the audit event,
    None for a case not yet filed."""
    if case.status == CaseStatus.FILED:
        from workstation.archive.filing import edit_window_for

        approval = edit_window_for(case, user_id)
        if approval is None:
            raise Conflict(key="case_filed", reason=f"案卷 {case.case_no} 已归档，修改需经审批")
        return approval
    return None


# ---- JSON views -----------------------------------------------------------------

def case_summary(case: Case) -> dict[str, Any]:
    return {
        "case_no": case.case_no, "title": case.title, "party": case.party, "category": str(case.category),
        "procedure": str(case.procedure), "handling_unit": case.handling_unit,
        "opened_on": _iso(case.opened_on), "closed_on": _iso(case.closed_on),
        "classification": str(case.classification), "status": str(case.status),
        "archival_code": case.archival_code, "retention": str(case.retention),
    }


def case_detail(case: Case, hidden_item_ids: set[int] = frozenset()) -> dict[str, Any]:
    out = case_summary(case)
    out.update({
        "party_id_no": case.party_id_no, "cause": case.cause, "handlers": list(case.handlers or []),
        "decision_no": case.decision_no, "secrecy_term": case.secrecy_term, "filing_no": case.filing_no,
        "remarks": case.remarks, "created_at": case.created_at.isoformat(),
    })
    out["volumes"] = []
    for vol in sorted(case.volumes, key=lambda v: (list(VolumeKind).index(v.kind), v.seq)):
        items = [item_json(it) for it in vol.items if it.id not in hidden_item_ids]
        out["volumes"].append({"kind": str(vol.kind), "seq": vol.seq, "title": vol.title, "items": items})
    return out


def item_json(item: Item) -> dict[str, Any]:
    blob = item.blob
    out: dict[str, Any] = {
        "id": item.id, "seq": item.seq, "kind": str(item.kind), "title": item.title, "doc_no": item.doc_no,
        "author": item.author, "date": _iso(item.doc_date), "doc_type": item.doc_type,
        "classification": str(item.classification), "page_count": item.page_count,
        "duration_ms": item.duration_ms, "page_start": item.page_start, "page_end": item.page_end,
        "original_name": item.original_name, "imported_at": item.imported_at.isoformat(),
        "usable": item.usable, "unusable_reason": item.unusable_reason,
    }
    if blob is not None:
        out["size"] = blob.size
        out["mime"] = blob.mime
        out["digests"] = [{"algorithm": d.algorithm, "value": d.value, "scope": d.scope} for d in blob.digests]
    return out


def production_note_json(note: AVProductionNote) -> dict[str, Any]:
    return {
        "method": note.method, "device": note.device, "device_serial": note.device_serial,
        "is_original": note.is_original, "copy_method": note.copy_method,
        "recorded_from": note.recorded_from.isoformat() if note.recorded_from else None,
        "recorded_to": note.recorded_to.isoformat() if note.recorded_to else None,
        "clock_checked": note.clock_checked, "makers": note.makers, "proves": note.proves,
        "original_carrier": note.original_carrier, "carrier_location": note.carrier_location,
        "unedited_statement": note.unedited_statement, "interruption_notes": note.interruption_notes,
    }


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None
