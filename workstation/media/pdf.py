"""A small A4 document writer for the media forms (文字记录, 制作说明): title, labelled
lines, tables with wrapped cells and a repeated header row, page numbers "第 n 页 共 m 页".

PyMuPDF's built-in "china-s" font (Droid Sans Fallback), embedded and subset, so the
files read the same on any machine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

A4 = (595.0, 842.0)
MARGIN = 56.0  # ≈ 2 cm
GRID = (0.35, 0.35, 0.35)
SHADE = (0.92, 0.92, 0.92)


@dataclass
class Column:
    title: str
    width: float  # share of the table width


class PdfForm:
    def __init__(self, *, title: str, subject: str = "", author: str = ""):
        import pymupdf

        self._pymupdf = pymupdf
        self.doc = pymupdf.open()
        self.font = pymupdf.Font("china-s")
        self.meta = {"title": title, "subject": subject, "author": author, "creator": "案卷归档与审查工作站",
                     "producer": "PyMuPDF"}
        self.page = None
        self._writers: dict[tuple, object] = {}  # colour → TextWriter of the current page
        self.y = 0.0
        self.width = A4[0] - 2 * MARGIN
        self.bottom = A4[1] - MARGIN - 14  # room for the page number

    # -- pages and text -------------------------------------------------------------------
    def new_page(self) -> None:
        self._flush()
        self.page = self.doc.new_page(width=A4[0], height=A4[1])
        self.y = MARGIN

    def _flush(self) -> None:
        """Write the page's text. Text goes through TextWriter (one font object for the whole
        document) rather than insert_text, which costs several ms a line and leaves a whole
        font copy per page for subset_fonts to work through."""
        for color, writer in self._writers.items():
            writer.write_text(self.page, color=color)
        self._writers = {}

    def _ensure(self, height: float) -> bool:
        """Start a new page if ``height`` does not fit; True when a page was started."""
        if self.page is None or self.y + height > self.bottom:
            self.new_page()
            return True
        return False

    def text(self, x: float, baseline: float, s: str, size: float = 10.5, color=(0, 0, 0)) -> None:
        if s:
            color = tuple(color)
            writer = self._writers.get(color)
            if writer is None:
                writer = self._writers[color] = self._pymupdf.TextWriter(self.page.rect)
            writer.append((x, baseline), s, font=self.font, fontsize=size)

    def length(self, s: str, size: float) -> float:
        return self.font.text_length(s, fontsize=size)

    def wrap(self, s: str, width: float, size: float) -> list[str]:
        """Lines of ``s`` no wider than ``width`` (CJK breaks anywhere; Latin words kept whole
        when they fit on a line of their own)."""
        out: list[str] = []
        for para in (s or "").split("\n"):
            line = ""
            for tok in _tokens(para):
                if self.length(line + tok, size) <= width:
                    line += tok
                    continue
                if line.strip():
                    out.append(line.rstrip())
                    line = ""
                    if tok.isspace():
                        continue
                if self.length(tok, size) <= width:
                    line = tok
                    continue
                for ch in tok:  # a word wider than the line: break it by characters
                    if line and self.length(line + ch, size) > width:
                        out.append(line)
                        line = ""
                    line += ch
            out.append(line.rstrip())
        return out or [""]

    # -- blocks ------------------------------------------------------------------------------
    def title(self, s: str, size: float = 18) -> None:
        self._ensure(size * 2.2)
        w = self.length(s, size)
        self.text((A4[0] - w) / 2, self.y + size, s, size)
        self.y += size * 2.2

    def subtitle(self, s: str, size: float = 10.5) -> None:
        self._ensure(size * 1.8)
        w = self.length(s, size)
        self.text((A4[0] - w) / 2, self.y + size, s, size, color=(0.25, 0.25, 0.25))
        self.y += size * 1.8

    def paragraph(self, s: str, size: float = 10.5, gap: float = 4, color=(0, 0, 0)) -> None:
        lead = size * 1.45
        for line in self.wrap(s, self.width, size):
            self._ensure(lead)
            self.text(MARGIN, self.y + size, line, size, color)
            self.y += lead
        self.y += gap

    def fields(self, rows: Sequence[tuple[str, str]], size: float = 10.5, label_width: float = 110) -> None:
        """A two-column bordered form: label | value (values wrap)."""
        self.table([Column("", label_width / self.width), Column("", 1 - label_width / self.width)],
                   [list(r) for r in rows], size=size, header=False, label_shade=True)

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *, size: float = 9.5,
              header: bool = True, label_shade: bool = False, marks: Sequence[bool] | None = None) -> None:
        """A bordered table; the header row repeats on each new page; long rows split."""
        total = sum(c.width for c in columns)
        widths = [self.width * c.width / total for c in columns]
        pad, lead = 4.0, size * 1.45

        def draw_header() -> None:
            if not header:
                return
            h = lead + 2 * pad
            self._ensure(h)
            x = MARGIN
            for col, w in zip(columns, widths):
                r = self._pymupdf.Rect(x, self.y, x + w, self.y + h)
                self.page.draw_rect(r, color=GRID, fill=SHADE, width=0.6)
                self.text(x + pad, self.y + pad + size, col.title, size)
                x += w
            self.y += h

        if self._ensure(lead * 2 + 4 * pad):
            pass
        draw_header()
        for n, row in enumerate(rows):
            cells = [self.wrap(str(v), w - 2 * pad, size) for v, w in zip(row, widths)]
            remaining = max(len(c) for c in cells)
            offset = 0
            while remaining > 0:
                room = int((self.bottom - self.y - 2 * pad) // lead)
                if room < 1 or (room < remaining and room < 3 and self.y > MARGIN + 60):
                    self.new_page()
                    draw_header()
                    continue
                take = min(room, remaining)
                h = take * lead + 2 * pad
                x = MARGIN
                for i, (lines, w) in enumerate(zip(cells, widths)):
                    fill = SHADE if (label_shade and i == 0) or (marks and marks[n] and i == 0) else None
                    self.page.draw_rect(self._pymupdf.Rect(x, self.y, x + w, self.y + h), color=GRID, fill=fill,
                                        width=0.6)
                    for k, line in enumerate(lines[offset:offset + take]):
                        self.text(x + pad, self.y + pad + size + k * lead, line, size)
                    x += w
                self.y += h
                offset += take
                remaining -= take
        self.y += 6

    def signatures(self, labels: Sequence[str], size: float = 10.5) -> None:
        """Blank lines for hand signatures, two per row."""
        self.y += 10
        per_row = 2
        col = self.width / per_row
        for i in range(0, len(labels), per_row):
            self._ensure(size * 3)
            for j, label in enumerate(labels[i:i + per_row]):
                x = MARGIN + j * col
                self.text(x, self.y + size, f"{label}：", size)
                lx = x + self.length(f"{label}：", size) + 4
                self.page.draw_line((lx, self.y + size + 2), (x + col - 20, self.y + size + 2), color=GRID, width=0.6)
            self.y += size * 3

    # -- output --------------------------------------------------------------------------------
    def finish(self) -> bytes:
        if self.page is None:
            self.new_page()
        self._flush()
        n = self.doc.page_count
        for i, page in enumerate(self.doc):
            label = f"第 {i + 1} 页 共 {n} 页"
            w = self.length(label, 9)
            writer = self._pymupdf.TextWriter(page.rect)
            writer.append(((A4[0] - w) / 2, A4[1] - MARGIN + 10), label, font=self.font, fontsize=9)
            writer.write_text(page, color=(0.3, 0.3, 0.3))
        now = dt.datetime.now(dt.timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
        self.doc.set_metadata({**self.meta, "creationDate": now, "modDate": now})
        self.doc.subset_fonts()
        return self.doc.tobytes(garbage=3, deflate=True)


def _tokens(text: str) -> list[str]:
    """Split into breakable pieces: each CJK character alone, Latin words with their space."""
    out: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            word += ch
            continue
        if word:
            out.append(word)
            word = ""
        out.append(ch)
    if word:
        out.append(word)
    return out
