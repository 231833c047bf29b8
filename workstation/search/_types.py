"""Value types of the public search API (re-exported by ``workstation.search``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from workstation.errors import Conflict, WorkstationError

KINDS = ("page", "segment", "item_meta", "case_meta")
FIELD_KEYS = ("case_no", "party", "title", "category", "doc_no", "author", "cause", "status", "year", "date")
CASE_FIELD_KEYS = ("case_no", "party", "cause", "category", "status")


@dataclass(frozen=True)
class IndexDoc:
    """One searchable unit: a PDF page, a transcript segment, or an item's/case's metadata.

    ``fields`` are field-queryable metadata (keys in ``FIELD_KEYS``); give every unit of an
    item the case's and the item's metadata so that 当事人:某某 AND 罚款 finds that case's pages.
    """

    doc_id: str  # "p:{item_id}:{page}" / "t:{item_id}:{segment_id}" / "m:{item_id}" / "c:{case_id}"
    case_id: int
    item_id: int | None
    kind: str  # "page" | "segment" | "item_meta" | "case_meta"
    text: str
    page: int | None = None  # 1-based
    start_ms: int | None = None
    end_ms: int | None = None
    level: int = 1  # classification rank 0..4 (公开 内部 秘密 机密 绝密), max of case and item
    fields: dict[str, str] = field(default_factory=dict)
    version: str = ""  # content fingerprint for `index check`
    ocr: bool = False  # the text was recognised from an image (scanned page, photo): 识别文字

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if not 0 <= int(self.level) <= 4:
            raise ValueError(f"level must be 0..4, got {self.level!r}")
        unknown = set(self.fields) - set(FIELD_KEYS)
        if unknown:
            raise ValueError(f"unknown field(s) {sorted(unknown)}")


@dataclass(frozen=True)
class AccessScope:
    """What the signed-in user may see; it becomes part of every search query."""

    max_level: int  # clearance rank: units with level > max_level never match
    case_ids: frozenset[int] | None = None  # None = any case (within level)
    denied_item_ids: frozenset[int] = frozenset()

    @classmethod
    def everything(cls) -> "AccessScope":
        return cls(max_level=4, case_ids=None)


@dataclass(frozen=True)
class Hit:
    doc_id: str
    kind: str
    page: int | None
    start_ms: int | None
    end_ms: int | None
    score: float
    snippet_html: str  # HTML-escaped text with <b>…</b> around hit terms
    terms: tuple[str, ...]  # the query terms found in this unit (folded form)
    ocr: bool = False  # the unit's text is OCR output (show it as 识别文字)


@dataclass(frozen=True)
class ItemGroup:
    item_id: int | None  # None for a case's own metadata record
    hits: list[Hit]
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseGroup:
    case_id: int
    fields: dict[str, str]
    items: list[ItemGroup]


@dataclass(frozen=True)
class SearchResults:
    total: int  # matching units the scope allows (all pages, not just this one)
    groups: list[CaseGroup]
    query_terms: list[str]  # folded terms to highlight (for hit_boxes and the player)
    elapsed_ms: float
    offset: int = 0
    limit: int = 20
    hits: list[Hit] = field(default_factory=list)  # the same hits in rank (or date) order


class IndexNeedsRebuild(WorkstationError):
    key = "index_rebuild_needed"
    template = "检索索引需要重建：{reason}"


class IndexBusy(Conflict):
    key = "index_busy"
    template = "检索索引正被其他程序写入，请稍后重试"
