"""Scoring a dossier against a rubric: the five deduction kinds, caps, the floor at 0, vetoes.

Pure functions over a ``Rubric`` and plain deduction records; the session facade stores
the deductions and calls these both when one is entered (``check_deduction``) and to show
the running total (``compute``).

Rules (domain.md §6.1–6.2):
* fixed — once per item, exactly the item's value;
* per_occurrence — value × count, several entries allowed, no cap on the item (only the
  file's score floors at 0);
* range — once per item, the evaluator picks the points between min and max;
* capped — value × count, several entries allowed, the item loses at most its max;
* veto — no points; the file is 不合格 (and scores 0 when the rubric says so).
Score = total − deductions, never below 0. Every deduction needs a reason and an anchor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from workstation.errors import Conflict, InvalidInput
from workstation.evaluation.rubric import KIND_NAMES, Rubric

ONCE_KINDS = ("fixed", "range", "veto")


def r2(x: float) -> float:
    return round(float(x) + 0.0, 2)


@dataclass
class Anchor:
    """Where a deduction points: an item (件) and a page (or page range) or a time range."""

    item_id: int
    page: int | None = None
    page_end: int | None = None
    ms: int | None = None
    ms_end: int | None = None

    @classmethod
    def parse(cls, value: Any) -> "Anchor":
        if isinstance(value, Anchor):
            return value
        if not isinstance(value, dict) or value.get("item_id") in (None, ""):
            raise InvalidInput(key="anchor_required", reason="扣分须注明依据所在的位置（件及页号，或音视频及时间）")

        def opt_int(key: str) -> int | None:
            v = value.get(key)
            if v in (None, ""):
                return None
            try:
                return int(v)
            except (TypeError, ValueError):
                raise InvalidInput(reason=f"锚点的 {key} 应为整数，实为“{v}”") from None

        anchor = cls(item_id=int(value["item_id"]), page=opt_int("page"), page_end=opt_int("page_end"),
                     ms=opt_int("ms"), ms_end=opt_int("ms_end"))
        if anchor.page is None and anchor.ms is None:
            raise InvalidInput(key="anchor_required", reason="锚点须给出页号（文书）或时间点（音视频）")
        if anchor.page is not None and anchor.page < 1:
            raise InvalidInput(reason="页号从 1 开始")
        if anchor.page_end is not None and (anchor.page is None or anchor.page_end < anchor.page):
            raise InvalidInput(reason="页号范围的结束页不能小于起始页")
        if anchor.ms is not None and anchor.ms < 0:
            raise InvalidInput(reason="时间点不能为负")
        if anchor.ms_end is not None and (anchor.ms is None or anchor.ms_end < anchor.ms):
            raise InvalidInput(reason="时间范围的结束时间不能早于开始时间")
        return anchor

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in (("item_id", self.item_id), ("page", self.page), ("page_end", self.page_end),
                                  ("ms", self.ms), ("ms_end", self.ms_end)) if v is not None}


def anchor_text(anchor: dict[str, Any], item_title: str = "", page_label: str | None = None) -> str:
    """“询问笔录 第 3 页” / “执法记录仪视频 00:01:05–00:01:20”."""
    head = item_title or f"件 {anchor.get('item_id')}"
    if anchor.get("page") is not None:
        p = f"第 {anchor['page']}" + (f"–{anchor['page_end']}" if anchor.get("page_end") else "") + " 页"
        if page_label:
            p += f"（卷内页号 {page_label}）"
        return f"{head} {p}"
    if anchor.get("ms") is not None:
        t = clock(anchor["ms"]) + (f"–{clock(anchor['ms_end'])}" if anchor.get("ms_end") is not None else "")
        return f"{head} {t}"
    return head


def clock(ms: int) -> str:
    s = int(ms) // 1000
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def check_deduction(rubric: Rubric, code: str, existing: Iterable[dict[str, Any]], *, points: float | None = None,
                    count: int | None = None, reason: str = "") -> tuple[float, int]:
    """The (points, count) a new deduction on ``code`` takes, or an error saying why it cannot.

    ``existing``: the deductions already on the sheet (dicts with ``item_code``)."""
    item = rubric.item(code)
    if not (reason or "").strip():
        raise InvalidInput(key="reason_required", reason=f"评查项 {code} 的扣分须写明理由")
    if item.kind in ONCE_KINDS and any(d["item_code"] == item.code for d in existing):
        raise Conflict(key="already_deducted",
                       reason=f"评查项 {code}（{KIND_NAMES[item.kind]}）只能扣一次；如需调整请先删除原扣分")
    if item.kind in ONCE_KINDS and count not in (None, 1):
        raise InvalidInput(reason=f"评查项 {code} 不按处计，处数只能为 1")
    if item.kind == "veto":
        if points not in (None, 0):
            raise InvalidInput(reason=f"否决项 {code} 不扣分值，认定后案卷即为不合格")
        return 0.0, 1
    if item.kind == "fixed":
        if points is not None and abs(float(points) - item.points) > 1e-9:
            raise InvalidInput(reason=f"评查项 {code} 固定扣 {item.points:g} 分，不能扣 {float(points):g} 分")
        return item.points, 1
    if item.kind == "range":
        if points is None:
            raise InvalidInput(key="points_required",
                               reason=f"评查项 {code} 须在 {item.range_min:g}–{item.range_max:g} 分之间酌定扣分")
        p = float(points)
        if p < item.range_min - 1e-9 or p > item.range_max + 1e-9:
            raise InvalidInput(key="points_out_of_range",
                               reason=f"评查项 {code} 的扣分须在 {item.range_min:g}–{item.range_max:g} 分之间，不能扣 {p:g} 分")
        return r2(p), 1
    # per_occurrence, capped
    n = 1 if count is None else count
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise InvalidInput(reason=f"评查项 {code} 的处数须为正整数")
    value = r2(item.points * n)
    if points is not None and abs(float(points) - value) > 1e-9:
        raise InvalidInput(reason=f"评查项 {code} 每处扣 {item.points:g} 分，{n} 处应扣 {value:g} 分")
    return value, n


@dataclass
class ItemResult:
    code: str
    raw: float = 0.0  # sum of the entered deductions
    applied: float = 0.0  # what counts (after the item's cap)
    entries: int = 0
    capped: bool = False
    vetoed: bool = False


@dataclass
class Result:
    total: float
    deducted: float
    score: float
    grade: str
    vetoed: bool
    veto_items: list[str]
    floored: bool
    items: dict[str, ItemResult] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "deducted": self.deducted, "score": self.score, "grade": self.grade,
                "vetoed": self.vetoed, "veto_items": self.veto_items, "floored": self.floored,
                "items": {c: {"raw": i.raw, "applied": i.applied, "entries": i.entries, "capped": i.capped,
                              "vetoed": i.vetoed} for c, i in self.items.items() if i.entries}}


def compute(rubric: Rubric, deductions: Iterable[dict[str, Any]]) -> Result:
    """The sheet's running result from its deductions (dicts with item_code and points)."""
    items: dict[str, ItemResult] = {}
    for d in deductions:
        item = rubric.item(d["item_code"])
        res = items.setdefault(item.code, ItemResult(item.code))
        res.entries += 1
        if item.is_veto:
            res.vetoed = True
            continue
        res.raw = r2(res.raw + float(d["points"]))
    for code, res in items.items():
        item = rubric.items[code]
        if item.kind == "capped" and res.raw > item.max_points:
            res.applied, res.capped = item.max_points, True
        else:
            res.applied = res.raw
    deducted = r2(sum(r.applied for r in items.values()))
    veto_items = [c for c in rubric._order if c in items and items[c].vetoed]
    vetoed = bool(veto_items)
    floored = deducted > rubric.total
    score = r2(max(0.0, rubric.total - deducted))
    if vetoed and rubric.veto_zero:
        score = 0.0
    return Result(total=rubric.total, deducted=deducted, score=score, grade=rubric.grade(score, vetoed),
                  vetoed=vetoed, veto_items=veto_items, floored=floored, items=items)
