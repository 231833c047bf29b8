"""Characters of a page with their boxes, for text selection (pure Python, no Qt).

Built from PyMuPDF ``rawdict`` (one entry per character): ``"words"`` would give one item
per line of Chinese text, which makes selecting part of a CJK line impossible.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

Rect = tuple[float, float, float, float]


@dataclass
class PageText:
    chars: list[str] = field(default_factory=list)
    boxes: list[Rect] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # line number of each character
    # per line: (first char index, end index, y0, y1, x0, x1)
    line_spans: list[tuple[int, int, float, float, float, float]] = field(default_factory=list)

    @classmethod
    def from_rawdict(cls, raw: dict) -> "PageText":
        out = cls()
        for block in raw.get("blocks", []):
            if block.get("type", 0) != 0:
                continue
            for line in block.get("lines", []):
                start = len(out.chars)
                for span in line.get("spans", []):
                    for ch in span.get("chars", []):
                        out.chars.append(ch["c"])
                        out.boxes.append(tuple(ch["bbox"]))
                        out.lines.append(len(out.line_spans))
                if len(out.chars) > start:
                    bx = out.boxes[start:]
                    out.line_spans.append((start, len(out.chars), min(b[1] for b in bx), max(b[3] for b in bx),
                                           min(b[0] for b in bx), max(b[2] for b in bx)))
        return out

    @property
    def nbytes(self) -> int:
        return 120 * len(self.chars) + 64

    def __len__(self) -> int:
        return len(self.chars)

    def caret_at(self, x: float, y: float) -> int:
        """The caret position (0..len) nearest to point (x, y) in PDF points."""
        if not self.line_spans:
            return 0
        # The line whose vertical extent contains y, else the nearest one.
        best, best_d = 0, float("inf")
        for n, (_s, _e, y0, y1, _x0, _x1) in enumerate(self.line_spans):
            d = 0.0 if y0 <= y <= y1 else min(abs(y - y0), abs(y - y1))
            if d < best_d:
                best, best_d = n, d
                if d == 0.0:
                    break
        start, end, *_ = self.line_spans[best]
        mids = [(self.boxes[i][0] + self.boxes[i][2]) / 2 for i in range(start, end)]
        return start + bisect_left(mids, x) if mids == sorted(mids) else start + sum(m < x for m in mids)

    def rects(self, start: int, end: int) -> list[Rect]:
        """One rectangle per line covering characters [start, end)."""
        out: list[Rect] = []
        start, end = max(0, start), min(len(self.chars), end)
        cur_line, rect = None, None
        for i in range(start, end):
            b = self.boxes[i]
            if self.lines[i] != cur_line:
                if rect:
                    out.append(tuple(rect))
                cur_line, rect = self.lines[i], list(b)
            else:
                rect = [min(rect[0], b[0]), min(rect[1], b[1]), max(rect[2], b[2]), max(rect[3], b[3])]
        if rect:
            out.append(tuple(rect))
        return out

    def text(self, start: int, end: int) -> str:
        """Characters [start, end), a line break between lines."""
        parts: list[str] = []
        start, end = max(0, start), min(len(self.chars), end)
        prev = None
        for i in range(start, end):
            if prev is not None and self.lines[i] != prev:
                parts.append("\n")
            parts.append(self.chars[i])
            prev = self.lines[i]
        return "".join(parts)
