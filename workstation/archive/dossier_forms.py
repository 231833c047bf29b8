"""The 卷内目录 and 卷内备考表 as PDF (GB/T 9705-2008 style, A4).

Pure rendering: each function takes the plain data built by ``filing.contents_data`` /
``filing.closing_data`` and returns PDF bytes. One section per 卷 (each 卷 has its own
目录 and 备考表), starting on a new page.

Text is real text in MuPDF's built-in CJK font (``"china-s"``, Droid Sans Fallback),
embedded and subset, so the forms print the same everywhere and their text can be
extracted (tests do). Not thread-safe in the MuPDF sense: one caller at a time.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pymupdf

__all__ = ["CONTENTS_COLUMNS", "MUPDF_LOCK", "closing_note_pdf", "contents_list_pdf"]

#: MuPDF is not thread-safe: the core's own PyMuPDF work (forms, blank-page detection) is
#: serialised on this lock.
MUPDF_LOCK = threading.RLock()

PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 70.0, 56.0, 56.0, 56.0  # wider left edge for binding
BODY = 9.0
HEAD = 10.0
TITLE = 20.0
LINE = 1.35  # line height, in font sizes
PAD = 3.0
MIN_ROW = 24.0
PRODUCER = "案卷归档与审查工作站"

# (header, width in points); widths sum to the text block width (469.28 pt).
CONTENTS_COLUMNS = (("顺序号", 30.0), ("文号", 72.0), ("责任者", 70.0), ("题名", 140.28), ("日期", 50.0),
                    ("页号", 40.0), ("备注", 67.0))


@lru_cache(maxsize=1)
def _font() -> pymupdf.Font:
    return pymupdf.Font("china-s")


_NO_LINE_START = set("，。、；：？！）》」』〕】,.;:?!)")
_NO_LINE_END = set("（《「『〔【(")


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (CJK text breaks anywhere; a Latin
    word or number is kept whole when it fits on a line of its own)."""
    font = _font()
    lines: list[str] = []
    for para in (text or "").split("\n"):
        line = ""
        tokens: list[str] = []
        word = ""
        for ch in para:
            if ch.isascii() and not ch.isspace():
                word += ch
                continue
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        if word:
            tokens.append(word)
        for tok in tokens:
            # Closing punctuation never starts a line (it may overhang by one character).
            if font.text_length(line + tok, size) <= width or (tok in _NO_LINE_START and line.strip()):
                line += tok
                continue
            carry = ""
            if len(line) > 1 and line[-1] in _NO_LINE_END:  # an opening bracket moves down
                line, carry = line[:-1], line[-1]
            if line.strip():
                lines.append(line.rstrip())
                line = ""
            tok = carry + tok.lstrip()
            while font.text_length(tok, size) > width:  # a token longer than the line
                cut = len(tok)
                while cut > 1 and font.text_length(tok[:cut], size) > width:
                    cut -= 1
                lines.append(tok[:cut])
                tok = tok[cut:]
            line = tok
        lines.append(line.rstrip())
    return lines or [""]


class _Canvas:
    """A document being drawn, a page at a time (text via one TextWriter per page)."""

    def __init__(self, title: str, subject: str):
        self.doc = pymupdf.open()
        self.doc.set_metadata({"title": title, "subject": subject, "creator": PRODUCER, "producer": PRODUCER,
                               "creationDate": pymupdf.get_pdf_now(), "modDate": pymupdf.get_pdf_now()})
        self.page: pymupdf.Page | None = None
        self.writer: pymupdf.TextWriter | None = None
        self.shape = None

    def new_page(self) -> None:
        self.flush()
        self.page = self.doc.new_page(width=PAGE_W, height=PAGE_H)
        self.writer = pymupdf.TextWriter(self.page.rect)
        self.shape = self.page.new_shape()

    def flush(self) -> None:
        if self.page is not None:
            self.shape.finish(color=(0, 0, 0), width=0.7)
            self.shape.commit()
            self.writer.write_text(self.page)
            self.page = self.writer = self.shape = None

    def text(self, x: float, y_top: float, text: str, size: float, *, align: str = "left",
             width: float = 0.0) -> None:
        """One line whose box starts at ``y_top``."""
        font = _font()
        if align != "left":
            length = font.text_length(text, size)
            x = x + (width - length) / (2 if align == "center" else 1)
        baseline = y_top + font.ascender * size
        self.writer.append((x, baseline), text, font=font, fontsize=size)

    def lines(self, x: float, y_top: float, lines: list[str], size: float, *, align: str = "left",
              width: float = 0.0) -> float:
        for n, line in enumerate(lines):
            if line:
                self.text(x, y_top + n * size * LINE, line, size, align=align, width=width)
        return y_top + len(lines) * size * LINE

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.shape.draw_line((x0, y0), (x1, y1))

    def rect(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.shape.draw_rect(pymupdf.Rect(x0, y0, x1, y1))

    def finish(self) -> tuple[bytes, int]:
        self.flush()
        try:
            self.doc.subset_fonts()
        except Exception:  # noqa: BLE001 - subsetting only saves space
            pass
        count = self.doc.page_count
        data = self.doc.tobytes(garbage=3, deflate=True)
        self.doc.close()
        return data, count


def _volume_label(vol: dict[str, Any]) -> str:
    label = f"{vol['kind']}（第 {vol['seq']} 卷）"
    return f"{label} {vol['title']}" if vol.get("title") else label


def _heading(c: _Canvas, title: str, case: dict[str, Any], vol: dict[str, Any], continued: bool) -> float:
    width = PAGE_W - MARGIN_L - MARGIN_R
    y = MARGIN_T
    c.text(MARGIN_L, y, "  ".join(title) + ("（续）" if continued else ""), TITLE, align="center", width=width)
    y += TITLE * 1.9
    left = f"档号：{case['archival_code'] or '（未编档号）'}"
    c.text(MARGIN_L, y, left, HEAD)
    c.text(MARGIN_L, y, _volume_label(vol), HEAD, align="right", width=width)
    y += HEAD * LINE
    y = c.lines(MARGIN_L, y, _wrap(f"案卷题名：{case['title']}", width, HEAD), HEAD)
    return y + 6


# ---------------------------------------------------------------------------- 卷内目录

@dataclass
class _Row:
    cells: list[list[str]]
    height: float


def _page_cell(row: dict[str, Any], last: bool, scope: str) -> str:
    start, end = row["page_start"], row["page_end"]
    if start is None:
        return ""
    if scope == "item":  # per-件 numbering: the column gives the 件's page count
        return str(end - start + 1)
    if last and end != start:
        return f"{start}-{end}"
    return str(start)


def contents_list_pdf(data: dict[str, Any]) -> tuple[bytes, int]:
    """The 卷内目录: columns 顺序号 | 文号 | 责任者 | 题名 | 日期 | 页号 | 备注. 页号 is each
    件's first page; the last numbered row shows its range (so the list gives the 卷's
    last page). Under per-件 numbering the column is 页数."""
    with MUPDF_LOCK:
        return _contents_list_pdf(data)


def _contents_list_pdf(data: dict[str, Any]) -> tuple[bytes, int]:
    case = data["case"]
    scope = data.get("convention", {}).get("scope", "volume")
    c = _Canvas(f"卷内目录 {case['case_no']}", case["title"])
    headers = [h for h, _w in CONTENTS_COLUMNS]
    if scope == "item":
        headers[5] = "页数"
    widths = [w for _h, w in CONTENTS_COLUMNS]
    head_height = MIN_ROW
    volumes = data["volumes"] or [{"kind": "正卷", "seq": 1, "title": "", "rows": []}]
    for vol in volumes:
        numbered = [n for n, r in enumerate(vol["rows"]) if r["page_start"] is not None]
        last_numbered = numbered[-1] if numbered else -1
        rows = []
        for n, r in enumerate(vol["rows"]):
            values = [str(r["seq"]), r["doc_no"], r["author"], r["title"], r["date"],
                      _page_cell(r, n == last_numbered, scope), r["remarks"]]
            cells = [_wrap(v, w - 2 * PAD, BODY) for v, w in zip(values, widths)]
            height = max(MIN_ROW, max(len(cl) for cl in cells) * BODY * LINE + 2 * PAD + 2)
            rows.append(_Row(cells, height))
        continued = False
        index = 0
        while True:
            c.new_page()
            y = _heading(c, "卷内目录", case, vol, continued)
            y = _table_row(c, y, [[h] for h in headers], widths, head_height, HEAD, center=True)
            while index < len(rows) and y + rows[index].height <= PAGE_H - MARGIN_B:
                y = _table_row(c, y, rows[index].cells, widths, rows[index].height, BODY)
                index += 1
            if index >= len(rows):
                break
            continued = True
    return c.finish()


def _table_row(c: _Canvas, y: float, cells: list[list[str]], widths: list[float], height: float, size: float,
               *, center: bool = False) -> float:
    x = MARGIN_L
    for lines, w in zip(cells, widths):
        c.rect(x, y, x + w, y + height)
        text_h = len(lines) * size * LINE
        top = y + max(PAD, (height - text_h) / 2)
        short = len(lines) == 1 and _font().text_length(lines[0], size) <= w - 2 * PAD
        align = "center" if center or (short and w <= 60) else "left"
        c.lines(x + PAD, top, lines, size, align=align, width=w - 2 * PAD)
        x += w
    return y + height


# ---------------------------------------------------------------------------- 卷内备考表

def _explanation(vol: dict[str, Any], data: dict[str, Any]) -> list[str]:
    scope = data.get("convention", {}).get("scope", "volume")
    pages = f"共 {vol['pages']} 页" if scope == "volume" else f"各件分别编页，合计 {vol['pages']} 页"
    out = [f"本卷共有文件 {vol['items']} 件，{pages}。"]
    if vol["av_items"]:
        out.append(f"其中音像资料 {vol['av_items']} 件，原始载体 {vol['av_carriers']} 个（音像文件已存入电子档案）。")
    else:
        out.append("本卷无音像资料。")
    if vol["classified_items"]:
        levels = "、".join(f"第 {c['seq']} 号（{c['level']}）" for c in vol["classified"])
        out.append(f"涉密文件 {vol['classified_items']} 件：{levels}。")
    else:
        out.append("本卷无涉密文件。")
    if vol.get("copies"):
        out.append(f"复印件 {vol['copies']} 件。")
    if vol["problems"]:
        for p in vol["problems"]:
            note = "（已确认按现状归档）" if p["acknowledged"] else ""
            out.append(f"缺损：第 {p['seq']} 号《{p['title']}》{p['reason']}{note}。")
    else:
        out.append("缺页、缺损情况：无。")
    if vol.get("blank_pages_skipped"):
        out.append(f"空白页 {vol['blank_pages_skipped']} 页未编页号。")
    if data.get("notes"):
        out.append(data["notes"])
    return out


def closing_note_pdf(data: dict[str, Any]) -> tuple[bytes, int]:
    """The 卷内备考表: 本卷情况说明 (件数, 页数, 音像 items and carriers, 涉密 items, missing
    or damaged parts, the user's own text), then 立卷人, 检查人 and 立卷时间."""
    with MUPDF_LOCK:
        return _closing_note_pdf(data)


def _closing_note_pdf(data: dict[str, Any]) -> tuple[bytes, int]:
    case = data["case"]
    c = _Canvas(f"卷内备考表 {case['case_no']}", case["title"])
    width = PAGE_W - MARGIN_L - MARGIN_R
    volumes = data["volumes"] or [{"kind": "正卷", "seq": 1, "title": "", "items": 0, "pages": 0, "av_items": 0,
                                    "av_carriers": 0, "classified_items": 0, "classified": [], "problems": []}]
    signature_h = 3 * HEAD * LINE * 1.6 + 12
    for vol in volumes:
        paragraphs = _explanation(vol, data)
        lines: list[str] = []
        for p in paragraphs:
            lines.extend(_wrap("　　" + p, width - 4 * PAD, BODY + 1))
        per_line = (BODY + 1) * LINE
        continued = False
        while True:
            c.new_page()
            y = _heading(c, "卷内备考表", case, vol, continued)
            box_top = y
            bottom = PAGE_H - MARGIN_B
            c.text(MARGIN_L + 2 * PAD, y + 2 * PAD, "本卷情况说明：", HEAD + 1)
            y += 2 * PAD + (HEAD + 1) * LINE + 4
            room = int((bottom - signature_h - y - 2 * PAD) // per_line)
            chunk, lines = lines[:max(room, 1)], lines[max(room, 1):]
            c.lines(MARGIN_L + 2 * PAD, y, chunk, BODY + 1)
            if lines:
                c.rect(MARGIN_L, box_top, MARGIN_L + width, bottom)
                continued = True
                continue
            # 立卷人 / 检查人 / 立卷时间, bottom right of the box.
            sy = bottom - signature_h + 6
            x = MARGIN_L + width * 0.52
            for label, value in (("立卷人", data["compiled_by"]), ("检查人", data["checked_by"]),
                                 ("立卷时间", _cn_date(data["compiled_on"]))):
                c.text(x, sy, f"{label}：{value}", HEAD + 1)
                sy += HEAD * LINE * 1.6
            c.rect(MARGIN_L, box_top, MARGIN_L + width, bottom)
            break
    return c.finish()


def _cn_date(value: str) -> str:
    try:
        d = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value or ""
    return f"{d.year} 年 {d.month} 月 {d.day} 日"
