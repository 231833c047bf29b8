"""The 归档 workflow's core on an open database session (no access checks: the session
facade, ``session_filing.FilingMethods``, does those before calling in).

* order: reorder inside a 卷, move between 卷, plan and apply an order template
  (resources/reference/order_templates.yaml, domain.md §2.3);
* 页号: numbering by a configurable convention (resources/reference/page_numbering.yaml,
  domain.md §2.2), with optional blank-page detection cached per stored PDF;
* 档号 / 归档号: formatted by resources/reference/archival_codes.yaml (domain.md §2.4), the
  流水号 allocated from a per-(全宗号, 年度) counter in the caller's transaction;
* the data behind the 卷内目录 and 卷内备考表, and its fingerprint (a generated form is
  current while the fingerprint of the catalog still matches);
* the 已归档 lock and its time-boxed 归档后修改 windows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError as SAIntegrityError
from sqlalchemy.orm import Session, object_session, selectinload

from workstation.archive import refdata
from workstation.archive.models import Case, Item, Volume, utcnow
from workstation.archive.models_filing import (
    ArchivalSerial,
    CaseFiling,
    Derivative,
    EditApproval,
    ItemAcknowledgement,
)
from workstation.archive.vocab import CaseStatus, Classification, ItemKind, Retention, VolumeKind
from workstation.errors import ConfigError, Conflict, InvalidInput

BEIJING = dt.timezone(dt.timedelta(hours=8))
KIND_ORDER = list(VolumeKind)
DERIVATIVE_KINDS = {"contents_list": "卷内目录", "closing_note": "卷内备考表"}
POSITIONS = ("top-right", "top-left", "bottom-right", "bottom-left")
AV_KINDS = (ItemKind.AUDIO, ItemKind.VIDEO)


# ---------------------------------------------------------------------------- 页号 conventions

@dataclass(frozen=True)
class PageNumbering:
    """One 页号 convention (domain.md §2.2), loaded from page_numbering.yaml."""

    id: str
    name: str
    scope: str = "volume"  # "volume": one run per 卷; "item": every 件 starts again
    front: str = "bottom-right"  # where the number goes on a sheet's front (odd pages)
    back: str = "bottom-left"  # … and on its back (even pages)
    count_blank: bool = True  # False: blank pages get no number
    excluded_doc_types: tuple[str, ...] = ("卷内目录", "卷内备考表")
    start: int = 1
    source: str = ""

    def position(self, number: int) -> str:
        """Where page number ``number`` is stamped (front for odd, back for even)."""
        return self.front if number % 2 else self.back

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["excluded_doc_types"] = list(self.excluded_doc_types)
        return out


@lru_cache(maxsize=None)
def page_numbering_conventions(directory: Path | None = None) -> tuple[tuple[PageNumbering, ...], str]:
    """All conventions and the id of the default one."""
    data = refdata._load("page_numbering.yaml", directory)
    out: list[PageNumbering] = []
    for n, entry in enumerate(data.get("conventions") or [], 1):
        where = f"page_numbering.yaml 第 {n} 个约定"
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
            raise ConfigError(reason=f"{where}缺少 id 或 name")
        scope = entry.get("scope", "volume")
        if scope not in ("volume", "item"):
            raise ConfigError(reason=f"{where}（{entry['id']}）：scope 应为 volume 或 item")
        front, back = entry.get("front", "bottom-right"), entry.get("back", "bottom-left")
        if front not in POSITIONS or back not in POSITIONS:
            raise ConfigError(reason=f"{where}（{entry['id']}）：front/back 应为 {'、'.join(POSITIONS)}")
        start = entry.get("start", 1)
        if not isinstance(start, int) or start < 0:
            raise ConfigError(reason=f"{where}（{entry['id']}）：start 应为非负整数")
        out.append(PageNumbering(
            id=str(entry["id"]), name=str(entry["name"]), scope=scope, front=front, back=back,
            count_blank=bool(entry.get("count_blank", True)),
            excluded_doc_types=tuple(entry.get("excluded_doc_types") or ()), start=start,
            source=str(entry.get("source", ""))))
    ids = [c.id for c in out]
    if not out or len(set(ids)) != len(ids):
        raise ConfigError(reason="page_numbering.yaml：约定为空或 id 重复")
    default = data.get("default", ids[0])
    if default not in ids:
        raise ConfigError(reason=f"page_numbering.yaml：默认约定 {default} 不存在")
    return tuple(out), default


def convention(convention_id: str | None = None, directory: Path | None = None) -> PageNumbering:
    conventions, default = page_numbering_conventions(directory)
    wanted = convention_id or default
    for c in conventions:
        if c.id == wanted:
            return c
    raise InvalidInput(key="unknown_convention",
                       reason=f"页号约定“{wanted}”不存在，可选：{'、'.join(c.id for c in conventions)}")


def filing_row(s: Session, case: Case) -> CaseFiling:
    row = s.get(CaseFiling, case.id)
    if row is None:
        row = CaseFiling(case_id=case.id, page_convention="", fonds_code="", unit_code="")
        s.add(row)
        s.flush()
    return row


def case_convention(s: Session, case: Case) -> PageNumbering:
    row = s.get(CaseFiling, case.id)
    return convention(row.page_convention if row is not None and row.page_convention else None)


# ---------------------------------------------------------------------------- blank pages

BLANK_METHOD = "text+render/v1"
_BLANK_ZOOM = 0.25  # an A4 page renders to about 149 × 210 pixels
_DARK = 200  # a grey level below this counts as ink
_MAX_INK = 0.001  # share of inked pixels below which a text-less page is blank


def detect_blank_pages(path: str | Path) -> tuple[int, list[int]]:
    """(page count, 1-based numbers of blank pages): no extractable text and a near-white
    rendering at low resolution. Text-less scans of real content have ink, so they stay."""
    import pymupdf

    from workstation.archive.dossier_forms import MUPDF_LOCK

    blanks: list[int] = []
    with MUPDF_LOCK, pymupdf.open(path) as doc:
        count = doc.page_count
        for number, page in enumerate(doc, 1):
            if page.get_text("text").strip():
                continue
            pix = page.get_pixmap(matrix=pymupdf.Matrix(_BLANK_ZOOM, _BLANK_ZOOM), colorspace=pymupdf.csGRAY,
                                  alpha=False, annots=True)
            samples = pix.samples
            ink = len(samples) - len(samples.translate(None, bytes(range(_DARK))))
            if ink <= _MAX_INK * max(len(samples), 1):
                blanks.append(number)
    return count, blanks


def needs_blank_check(item: Item) -> bool:
    return (item.kind == ItemKind.DOCUMENT and item.usable and bool(item.page_count) and item.blob is not None
            and item.blob.mime == "application/pdf")


# ---------------------------------------------------------------------------- numbering

def ordered_volumes(case: Case) -> list[Volume]:
    return sorted(case.volumes, key=lambda v: (KIND_ORDER.index(VolumeKind(v.kind)), v.seq))


def ordered_items(volume: Volume) -> list[Item]:
    return sorted(volume.items, key=lambda i: (i.seq, i.id))


def compute_page_numbers(volumes: Iterable[tuple[Any, list[Item]]], conv: PageNumbering,
                         blank_pages: dict[int, Iterable[int]] | None = None) -> dict[int, tuple[int | None, int | None]]:
    """页号 (first, last) of every item; (None, None) for items without numbered pages.

    ``blank_pages`` maps blob id → blank page numbers; consulted only when the convention
    skips blanks. Per-卷: one run through each 卷; per-件: each item from ``start``."""
    blank_pages = blank_pages or {}
    out: dict[int, tuple[int | None, int | None]] = {}
    for _volume, items in volumes:
        last = conv.start - 1
        for item in items:
            if not item.page_count or item.doc_type in conv.excluded_doc_types:
                out[item.id] = (None, None)
                continue
            pages = item.page_count
            if not conv.count_blank and item.blob_id in blank_pages:
                pages -= len({b for b in blank_pages[item.blob_id] if 1 <= b <= item.page_count})
            if pages <= 0:
                out[item.id] = (None, None)
            elif conv.scope == "item":
                out[item.id] = (conv.start, conv.start + pages - 1)
            else:
                out[item.id] = (last + 1, last + pages)
                last += pages
    return out


def refresh_structure(s: Session, case: Case) -> None:
    """After items changed 卷 or 顺序号 by column: reload the collections from the database."""
    s.flush()
    for vol in list(case.volumes):
        s.expire(vol, ["items"])
    s.expire(case, ["volumes"])


def renumber_case(s: Session, case: Case, conv: PageNumbering,
                  blank_pages: dict[int, Iterable[int]] | None = None) -> dict[str, Any]:
    """Store 页号 on every item of the case by ``conv``; returns a summary."""
    refresh_structure(s, case)
    volumes = [(v, ordered_items(v)) for v in ordered_volumes(case)]
    numbers = compute_page_numbers(volumes, conv, blank_pages)
    changed = 0
    summary = []
    for vol, items in volumes:
        pages = 0
        for item in items:
            start, end = numbers[item.id]
            if (item.page_start, item.page_end) != (start, end):
                item.page_start, item.page_end = start, end
                changed += 1
            if start is not None:
                pages += end - start + 1
        summary.append({"kind": str(vol.kind), "seq": vol.seq, "items": len(items), "pages": pages})
    s.flush()
    return {"convention": conv.id, "changed_items": changed, "volumes": summary}


def cached_blank_pages(s: Session, case: Case) -> dict[int, list[int]]:
    """Blank pages known from the cache (no file is read)."""
    from workstation.archive.models_filing import BlobPages

    ids = [it.blob_id for v in case.volumes for it in v.items if it.blob_id]
    if not ids:
        return {}
    return {row.blob_id: list(row.blank_pages) for row in s.scalars(
        select(BlobPages).where(BlobPages.blob_id.in_(ids), BlobPages.method == BLANK_METHOD))}


def renumber_by_case_convention(s: Session, case: Case) -> dict[str, Any]:
    """Renumber by the case's own convention inside the caller's transaction, with blank
    pages from the cache only — for code paths that add items (ingest) and must not read
    files while holding the write lock. Items whose blank pages are not yet known keep all
    their pages numbered; ``filing_check`` then asks for a renumber."""
    return renumber_case(s, case, case_convention(s, case), cached_blank_pages(s, case))


# ---------------------------------------------------------------------------- order

@dataclass
class Placement:
    """Where one item is and where it goes."""

    item_id: int
    title: str
    doc_type: str
    from_kind: str
    from_volume: int
    from_seq: int
    to_kind: str
    to_volume: int
    to_seq: int

    @property
    def moved(self) -> bool:
        return (self.from_kind, self.from_volume, self.from_seq) != (self.to_kind, self.to_volume, self.to_seq)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["moved"] = self.moved
        out["changes_volume"] = (self.from_kind, self.from_volume) != (self.to_kind, self.to_volume)
        return out


def find_template(template_id: str) -> refdata.OrderTemplate:
    templates = refdata.order_templates()
    for t in templates:
        if t.id == template_id:
            return t
    raise InvalidInput(key="unknown_template",
                       reason=f"排列模板“{template_id}”不存在，可选：{'、'.join(t.id for t in templates)}")


def plan_template(case: Case, template: refdata.OrderTemplate, *, move_volumes: bool = True) -> list[Placement]:
    """Every item's placement under ``template``, in the new order.

    Items are sorted by their 文件类型's position in the template's list for their 卷 (stable:
    equal types keep their relative order); types the template does not name follow, in
    their current relative order. With ``move_volumes`` an item goes to the 卷 kind the
    template lists its type under, else the one document_types.yaml gives it."""
    type_volume = {t.name: t.volume for t in refdata.document_types()}
    template_volume: dict[str, str] = {}
    for kind, names in template.volumes.items():
        for name in names:
            template_volume.setdefault(name, kind)
    current: list[tuple[Item, Volume]] = [(it, v) for v in ordered_volumes(case) for it in ordered_items(v)]
    original_index = {it.id: n for n, (it, _v) in enumerate(current)}
    by_kind: dict[str, list[Item]] = {str(k): [] for k in KIND_ORDER}
    source: dict[int, Volume] = {}
    for it, vol in current:
        source[it.id] = vol
        kind = str(vol.kind)
        if move_volumes:
            kind = template_volume.get(it.doc_type) or type_volume.get(it.doc_type) or kind
        by_kind[kind].append(it)
    placements: list[Placement] = []
    for kind, items in by_kind.items():
        names = template.volumes.get(kind, [])
        rank = {name: n for n, name in enumerate(names)}
        items.sort(key=lambda it: (0, rank[it.doc_type], original_index[it.id]) if it.doc_type in rank
                   else (1, 0, original_index[it.id]))
        vols = sorted((v for v in case.volumes if str(v.kind) == kind), key=lambda v: v.seq)
        capacities = [len(v.items) for v in vols] or [0]
        seqs = [v.seq for v in vols] or [1]
        vol_index, in_vol = 0, 0
        for it in items:
            # Fill each existing 卷 up to its current size; the last takes the rest.
            while vol_index < len(seqs) - 1 and in_vol >= capacities[vol_index]:
                vol_index, in_vol = vol_index + 1, 0
            in_vol += 1
            src = source[it.id]
            placements.append(Placement(it.id, it.title, it.doc_type, str(src.kind), src.seq, it.seq,
                                        kind, seqs[vol_index], in_vol))
    return placements


def apply_placements(s: Session, case: Case, placements: list[Placement]) -> int:
    """Move items to their planned 卷 and 顺序号; returns how many moved."""
    from workstation.archive.catalog import get_or_create_volume

    moved = 0
    for p in placements:
        if not p.moved:
            continue
        item = s.get(Item, p.item_id)
        vol = get_or_create_volume(s, case, VolumeKind(p.to_kind), p.to_volume)
        item.volume_id, item.seq = vol.id, p.to_seq
        moved += 1
    refresh_structure(s, case)
    return moved


def resequence(items: list[Item]) -> None:
    for n, it in enumerate(items, 1):
        it.seq = n


# ---------------------------------------------------------------------------- 档号

def archival_year(case: Case, today: dt.date | None = None) -> int:
    """年度: the year the case was closed, else opened, else this year."""
    day = case.closed_on or case.opened_on or today or dt.datetime.now(BEIJING).date()
    return day.year


def allocate_serial(s: Session, fonds: str, year: int) -> int:
    """The next 流水号 for (全宗号, 年度), in the caller's transaction. The UPDATE comes first:
    it takes the row lock (PostgreSQL) or the write lock (SQLite), so two transactions
    never read the same value; a first-of-year race on INSERT falls back to the UPDATE."""
    key = (ArchivalSerial.fonds_code == fonds, ArchivalSerial.year == year)
    result = s.execute(update(ArchivalSerial).where(*key).values(last_serial=ArchivalSerial.last_serial + 1)
                       .execution_options(synchronize_session=False))
    if result.rowcount == 0:
        try:
            with s.begin_nested():
                s.add(ArchivalSerial(fonds_code=fonds, year=year, last_serial=1))
            return 1
        except SAIntegrityError:
            s.execute(update(ArchivalSerial).where(*key).values(last_serial=ArchivalSerial.last_serial + 1)
                      .execution_options(synchronize_session=False))
    return s.scalar(select(ArchivalSerial.last_serial).where(*key))


def unit_code_for(case: Case, rules: dict[str, Any], explicit: str | None) -> str:
    if explicit and explicit.strip():
        return explicit.strip()
    codes = rules.get("unit_codes") or {}
    if case.handling_unit in codes:
        return str(codes[case.handling_unit])
    unit = (case.handling_unit or "").strip()
    if unit and unit.isascii() and unit.replace("-", "").replace("_", "").isalnum():
        return unit
    return ""


def format_codes(rules: dict[str, Any], values: dict[str, Any]) -> tuple[str, str]:
    """(档号, 归档号) from the configured patterns."""
    out = []
    for key in ("archival_code", "filing_no"):
        pattern = rules.get(key)
        if not pattern:
            raise ConfigError(reason=f"archival_codes.yaml 缺少 {key}")
        try:
            out.append(pattern.format_map(values))
        except KeyError as exc:
            raise ConfigError(reason=f"archival_codes.yaml 的 {key} 含未知占位符 {exc}") from None
        except (ValueError, IndexError) as exc:
            raise ConfigError(reason=f"archival_codes.yaml 的 {key} 格式错误：{exc}") from None
    return out[0], out[1]


def code_values(case: Case, rules: dict[str, Any], *, fonds: str, year: int, unit: str, serial: int) -> dict[str, Any]:
    retention = Retention(case.retention)
    codes = rules.get("retention_codes") or {}
    return {"fonds": fonds, "class": rules.get("class_code", ""), "year": year,
            "retention_code": codes.get(retention.value, retention.code), "unit": unit, "serial": serial}


def assign_codes(s: Session, case: Case, *, fonds: str, unit: str, user_id: int,
                 rules: dict[str, Any] | None = None) -> dict[str, Any]:
    """Give the case its 档号 and 归档号 (never renumbered: assigning twice is a Conflict)."""
    from workstation.archive.models import Case as CaseModel

    rules = rules or refdata.archival_code_rules()
    if case.archival_code or case.filing_no:
        raise Conflict(key="archival_code_assigned",
                       reason=f"案卷 {case.case_no} 已有档号 {case.archival_code or case.filing_no}，档号一经赋予不得重编")
    year = archival_year(case)
    for _attempt in range(10000):
        serial = allocate_serial(s, fonds, year)
        code, filing_no = format_codes(rules, code_values(case, rules, fonds=fonds, year=year, unit=unit,
                                                          serial=serial))
        taken = s.scalar(select(func.count(CaseModel.id)).where(
            (CaseModel.archival_code == code) | (CaseModel.filing_no == filing_no)))
        if not taken:  # a code given by hand (legacy data) is skipped, never reused
            break
    else:  # pragma: no cover - 10 000 legacy collisions in a row
        raise Conflict(reason="无法分配未被占用的档号")
    case.archival_code, case.filing_no = code, filing_no
    row = filing_row(s, case)
    row.fonds_code, row.archival_year, row.archival_serial, row.unit_code = fonds, year, serial, unit
    row.code_assigned_at, row.code_assigned_by_id = utcnow(), user_id
    s.flush()
    return {"case_no": case.case_no, "archival_code": code, "filing_no": filing_no, "fonds": fonds,
            "year": year, "serial": serial, "unit": unit}


# ---------------------------------------------------------------------------- forms' data

def _date8(d: dt.date | None) -> str:
    return f"{d:%Y%m%d}" if d else ""


def _duration(ms: int | None) -> str:
    if not ms:
        return ""
    sec = round(ms / 1000)
    return f"{sec // 3600}:{sec // 60 % 60:02d}:{sec % 60:02d}" if sec >= 3600 else f"{sec // 60}:{sec % 60:02d}"


def item_remarks(item: Item, acknowledged: set[int]) -> str:
    parts = []
    if Classification(item.classification) >= Classification.SECRET:
        parts.append(str(item.classification))
    if item.kind in AV_KINDS:
        parts.append(f"音像 {_duration(item.duration_ms)}".strip())
    if not item.usable:
        parts.append("已确认无法读取" if item.id in acknowledged else "无法读取")
    if item.remarks:
        parts.append(item.remarks)
    return "；".join(parts)


def load_case(s: Session, case_no: str) -> Case | None:
    return s.scalar(select(Case).where(Case.case_no == case_no).options(
        selectinload(Case.volumes).selectinload(Volume.items).selectinload(Item.blob),
        selectinload(Case.volumes).selectinload(Volume.items).selectinload(Item.production_note)))


def acknowledged_ids(s: Session, case: Case) -> set[int]:
    ids = [it.id for v in case.volumes for it in v.items]
    if not ids:
        return set()
    return set(s.scalars(select(ItemAcknowledgement.item_id).where(ItemAcknowledgement.item_id.in_(ids))))


def contents_data(s: Session, case: Case, *, fonds_name: str = "") -> dict[str, Any]:
    """Everything the 卷内目录 shows, as plain data (also fingerprinted)."""
    conv = case_convention(s, case)
    acks = acknowledged_ids(s, case)
    volumes = []
    for vol in ordered_volumes(case):
        items = ordered_items(vol)
        if not items:
            continue
        rows = []
        for it in items:
            # Only what is printed, so the fingerprint changes exactly when the form would.
            rows.append({"seq": it.seq, "doc_no": it.doc_no or "", "author": it.author or "",
                         "title": it.title, "date": _date8(it.doc_date), "page_start": it.page_start,
                         "page_end": it.page_end, "remarks": item_remarks(it, acks)})
        volumes.append({"kind": str(vol.kind), "seq": vol.seq, "title": vol.title, "rows": rows})
    return {"case": {"case_no": case.case_no, "title": case.title, "archival_code": case.archival_code or "",
                     "filing_no": case.filing_no or "", "retention": str(case.retention),
                     "classification": str(case.classification), "fonds_name": fonds_name},
            "convention": {"id": conv.id, "scope": conv.scope, "name": conv.name},
            "volumes": volumes}


def closing_data(s: Session, case: Case, *, compiled_by: str, checked_by: str, notes: str,
                 compiled_on: str, blank_pages: dict[int, Iterable[int]] | None = None,
                 fonds_name: str = "") -> dict[str, Any]:
    """Everything the 卷内备考表 shows: per 卷 figures and the people and date."""
    conv = case_convention(s, case)
    acks = acknowledged_ids(s, case)
    blank_pages = blank_pages or {}
    volumes = []
    for vol in ordered_volumes(case):
        items = ordered_items(vol)
        if not items:
            continue
        pages = sum(it.page_end - it.page_start + 1 for it in items if it.page_start is not None)
        av = [it for it in items if it.kind in AV_KINDS]
        carriers = {(it.production_note.original_carrier, it.production_note.carrier_location)
                    for it in av if it.production_note is not None and it.production_note.original_carrier}
        classified = [it for it in items if Classification(it.classification) >= Classification.SECRET]
        problems = [{"seq": it.seq, "title": it.title, "reason": it.unusable_reason or "无法读取",
                     "acknowledged": it.id in acks} for it in items if not it.usable]
        blanks = 0
        if not conv.count_blank:
            blanks = sum(len(set(blank_pages.get(it.blob_id, ()))) for it in items
                         if it.page_count and it.doc_type not in conv.excluded_doc_types)
        volumes.append({"kind": str(vol.kind), "seq": vol.seq, "items": len(items), "pages": pages,
                        "documents": len(items) - len(av), "av_items": len(av), "av_carriers": len(carriers),
                        "classified_items": len(classified),
                        "classified": [{"seq": it.seq, "level": str(it.classification)} for it in classified],
                        "problems": problems, "blank_pages_skipped": blanks,
                        "copies": sum(1 for it in items if "复印件" in (it.title + it.remarks))})
    return {"case": {"case_no": case.case_no, "title": case.title, "archival_code": case.archival_code or "",
                     "filing_no": case.filing_no or "", "classification": str(case.classification),
                     "fonds_name": fonds_name},
            "convention": {"id": conv.id, "scope": conv.scope, "name": conv.name},
            "volumes": volumes, "compiled_by": compiled_by, "checked_by": checked_by, "notes": notes,
            "compiled_on": compiled_on}


def fingerprint(data: dict[str, Any]) -> str:
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def latest_derivative(s: Session, case_id: int, kind: str) -> Derivative | None:
    return s.scalar(select(Derivative).where(Derivative.case_id == case_id, Derivative.kind == kind)
                    .order_by(Derivative.version.desc()).limit(1))


def next_version(s: Session, case_id: int, kind: str) -> int:
    return (s.scalar(select(func.max(Derivative.version)).where(Derivative.case_id == case_id,
                                                               Derivative.kind == kind)) or 0) + 1


def derivative_json(d: Derivative, s: Session, *, current: bool | None = None) -> dict[str, Any]:
    from workstation.archive.models import User

    user = s.get(User, d.created_by_id) if d.created_by_id else None
    out = {"id": d.id, "case_no": s.get(Case, d.case_id).case_no, "kind": d.kind,
           "kind_name": DERIVATIVE_KINDS.get(d.kind, d.kind), "version": d.version, "sha256": d.sha256,
           "pages": d.page_count, "created_at": d.created_at.isoformat(),
           "created_by": user.username if user else None, "params": dict(d.params or {})}
    if current is not None:
        out["current"] = current
    return out


# ---------------------------------------------------------------------------- the 已归档 lock

def active_edit_window(s: Session, case_id: int, user_id: int | None = None,
                       now: dt.datetime | None = None) -> EditApproval | None:
    """The approved 归档后修改 window open now for the case (for ``user_id``, the requester,
    when given)."""
    now = now or utcnow()
    stmt = select(EditApproval).where(EditApproval.case_id == case_id, EditApproval.status == "approved",
                                      EditApproval.window_starts_at <= now, EditApproval.window_ends_at > now)
    if user_id is not None:
        stmt = stmt.where(EditApproval.requester_id == user_id)
    return s.scalar(stmt.order_by(EditApproval.window_ends_at.desc()).limit(1))


def edit_window_for(case: Case, user_id: int | None = None) -> int | None:
    """Id of the open edit approval that lets ``user_id`` (anyone, when None) edit the
    filed ``case`` — used by ``catalog.require_editable``."""
    s = object_session(case)
    if s is None:
        return None
    window = active_edit_window(s, case.id, user_id)
    return window.id if window is not None else None


def require_editable(s: Session, case: Case, user_id: int | None) -> int | None:
    """None for a case being compiled; the approval id for a filed case inside an open edit
    window of this user; else Conflict(case_filed)."""
    if case.status != CaseStatus.FILED:
        return None
    window = active_edit_window(s, case.id, user_id)
    if window is None:
        raise Conflict(key="case_filed", reason=f"案卷 {case.case_no} 已归档，修改需经审批（申请归档后修改）")
    return window.id


def approval_json(a: EditApproval, s: Session) -> dict[str, Any]:
    from workstation.archive.models import User

    now = utcnow()
    state = a.status
    if a.status == "approved" and a.window_ends_at and a.window_ends_at <= now:
        state = "expired"

    def name(uid):
        u = s.get(User, uid) if uid else None
        return u.username if u else None

    return {"id": a.id, "case_no": s.get(Case, a.case_id).case_no, "requester": name(a.requester_id),
            "reason": a.reason, "status": a.status, "state": state, "created_at": a.created_at.isoformat(),
            "decided_by": name(a.decided_by_id), "decided_at": a.decided_at.isoformat() if a.decided_at else None,
            "decision_note": a.decision_note,
            "window_starts_at": a.window_starts_at.isoformat() if a.window_starts_at else None,
            "window_ends_at": a.window_ends_at.isoformat() if a.window_ends_at else None,
            "closed_at": a.closed_at.isoformat() if a.closed_at else None}


@dataclass
class Readiness:
    problems: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def problem(self, key: str, message: str, **data: Any) -> None:
        self.problems.append({"key": key, "message": message, **data})

    def warn(self, key: str, message: str, **data: Any) -> None:
        self.warnings.append({"key": key, "message": message, **data})
