"""Anchors (a place in an item: a page, a region of it, or a time range of a recording),
their validation, and how a citation of one reads in the 意见书 (pure Python)."""

from __future__ import annotations

from typing import Any

from workstation.errors import InvalidInput

ANNOTATION_KINDS = {"highlight": "高亮", "rect": "矩形框", "note": "批注", "redaction": "遮盖标记",
                    "av_range": "时间段"}
PAGE_KINDS = ("highlight", "rect", "note", "redaction")
VISIBILITIES = {"private": "仅本人可见", "shared": "办案团队可见"}


def _rect(value: Any, what: str) -> list[float]:
    try:
        r = [float(v) for v in value]
    except (TypeError, ValueError):
        raise InvalidInput(reason=f"{what}应为 [x0, y0, x1, y1]") from None
    if len(r) != 4 or r[2] < r[0] or r[3] < r[1] or min(r) < 0:
        raise InvalidInput(reason=f"{what}应为 [x0, y0, x1, y1]（x0≤x1，y0≤y1，单位为 PDF 点）")
    return [round(v, 2) for v in r]


def parse_rect(text: str) -> list[float]:
    """"x0,y0,x1,y1" from the command line."""
    return _rect([p for p in text.replace("，", ",").split(",") if p.strip()], "区域")


def normalize_anchor(anchor: dict[str, Any]) -> dict[str, Any]:
    """A clean anchor dict: item_id, and page (+ rect) or start_ms/end_ms (+ annotation_id)."""
    if not isinstance(anchor, dict) or anchor.get("item_id") in (None, ""):
        raise InvalidInput(reason="锚点须指明件（item_id）")
    out: dict[str, Any] = {"item_id": int(anchor["item_id"])}
    if anchor.get("page") is not None:
        page = int(anchor["page"])
        if page < 1:
            raise InvalidInput(reason="页码从 1 开始")
        out["page"] = page
        if anchor.get("rect"):
            out["rect"] = _rect(anchor["rect"], "区域")
    if anchor.get("start_ms") is not None:
        start = int(anchor["start_ms"])
        end = int(anchor.get("end_ms") if anchor.get("end_ms") is not None else start)
        if start < 0 or end < start:
            raise InvalidInput(reason="时间段的开始不能晚于结束")
        out["start_ms"], out["end_ms"] = start, end
    if "page" in out and "start_ms" in out:
        raise InvalidInput(reason="锚点不能同时有页码和时间")
    if anchor.get("annotation_id") is not None:
        out["annotation_id"] = int(anchor["annotation_id"])
    return out


def parse_anchor(text: str) -> dict[str, Any]:
    """Command-line anchors: ``ITEM:p3``, ``ITEM:p3:x0,y0,x1,y1``, ``ITEM:t00:12:31-00:12:40``,
    ``ITEM:t751000-760000`` (ms), ``ITEM`` (the whole item), or ``a:ANNOTATION_ID``."""
    text = text.strip()
    if text.startswith("a:"):
        try:
            return {"annotation_id": int(text[2:])}
        except ValueError:
            raise InvalidInput(reason=f"锚点“{text}”无效") from None
    head, _, rest = text.partition(":")
    try:
        anchor: dict[str, Any] = {"item_id": int(head)}
    except ValueError:
        raise InvalidInput(reason=f"锚点“{text}”无效，格式如 12:p3、12:p3:100,200,300,260 或 15:t00:12:31-00:12:40")
    if rest.startswith("p"):
        page, _, rect = rest[1:].partition(":")
        anchor["page"] = int(page) if page.isdigit() else 0
        if rect:
            anchor["rect"] = parse_rect(rect)
    elif rest.startswith("t"):
        start, _, end = rest[1:].partition("-")
        anchor["start_ms"] = parse_time(start)
        anchor["end_ms"] = parse_time(end) if end else anchor["start_ms"]
    elif rest:
        raise InvalidInput(reason=f"锚点“{text}”无效")
    return normalize_anchor(anchor)


def parse_time(text: str) -> int:
    """"hh:mm:ss[.mmm]", "mm:ss" or milliseconds → ms."""
    text = text.strip()
    try:
        if ":" not in text:
            return int(text)
        parts = [float(p) for p in text.split(":")]
    except ValueError:
        raise InvalidInput(reason=f"时间“{text}”格式应为 hh:mm:ss") from None
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + p
    return round(seconds * 1000)


def hms(ms: int | None) -> str:
    if ms is None:
        return ""
    s = int(ms) // 1000
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def bates(item: dict[str, Any], page: int) -> int | None:
    """The dossier page number (卷内页号) of ``page`` of the item, when it has been numbered."""
    start = item.get("page_start")
    return int(start) + page - 1 if start else None


def citation_text(anchor: dict[str, Any], item: dict[str, Any]) -> str:
    """How a citation reads: 《询问笔录》第3页（卷内页号 15）, 《执法记录仪视频》00:12:31—00:12:40."""
    title = f"《{item.get('title') or ('件 ' + str(anchor.get('item_id')))}》"
    if anchor.get("page") is not None:
        text = f"{title}第{anchor['page']}页"
        b = bates(item, int(anchor["page"]))
        return text + (f"（卷内页号 {b}）" if b else "")
    if anchor.get("start_ms") is not None:
        start, end = hms(anchor["start_ms"]), hms(anchor.get("end_ms"))
        return f"{title}{start}" + (f"—{end}" if end and end != start else "")
    return title


def anchor_uri(anchor: dict[str, Any]) -> str:
    """A workstation link that opens the exact page or second (clicked in the 意见书)."""
    uri = f"workstation://item/{anchor['item_id']}"
    if anchor.get("page") is not None:
        return uri + f"?page={anchor['page']}"
    if anchor.get("start_ms") is not None:
        return uri + f"?t={int(anchor['start_ms']) / 1000:g}"
    return uri


def parse_uri(uri: str) -> dict[str, Any] | None:
    """The anchor of a ``workstation://item/…`` link, or None."""
    from urllib.parse import parse_qs, urlparse

    u = urlparse(uri)
    if u.scheme != "workstation" or u.netloc != "item":
        return None
    try:
        anchor: dict[str, Any] = {"item_id": int(u.path.strip("/"))}
        q = parse_qs(u.query)
        if "page" in q:
            anchor["page"] = int(q["page"][0])
        if "t" in q:
            anchor["start_ms"] = round(float(q["t"][0]) * 1000)
    except ValueError:
        return None
    return anchor
