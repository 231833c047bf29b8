"""PDF text per page for the indexer, and character-level hit rectangles for the viewer.

PyMuPDF's "words" mode gives one item per line of Chinese text (no spaces in CJK), so hit boxes
come from the per-character boxes of ``rawdict``. ``pymupdf`` is imported lazily (~0.6 s).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import _analyzer as ana
from . import _highlight as hl

EXTRACTOR_VERSION = "pdf1"


@dataclass(frozen=True)
class PageText:
    page: int  # 1-based
    text: str  # CJK line breaks joined
    needs_ocr: bool = False  # no text layer but images: a candidate for OCR


def extract_pdf_pages(path: str | Path) -> list[PageText]:
    import pymupdf

    out = []
    with pymupdf.open(str(path)) as doc:
        for i, page in enumerate(doc):
            raw = page.get_text("text", sort=True)
            text = ana.join_lines(raw).strip()
            needs_ocr = not text and bool(page.get_images(full=False))
            out.append(PageText(i + 1, text, needs_ocr))
    return out


def _page_chars(page) -> tuple[str, list[tuple[float, float, float, float] | None], list[int]]:
    """Characters of a page in reading order with their boxes, CJK line breaks joined.
    Returns (text, boxes per char (None for inserted separators), line number per char)."""
    chars: list[str] = []
    boxes: list = []
    lines: list[int] = []
    line_no = 0
    raw = page.get_text("rawdict", flags=0)
    for block in raw.get("blocks", []):
        if block.get("type", 0) != 0:
            continue
        sep = "\n"  # before the first character of a block; a space before a new line
        for line in block.get("lines", []):
            line_no += 1
            first = True
            for span in line.get("spans", []):
                for ch in span.get("chars", []):
                    c = ch["c"]
                    if first and chars and not (_is_cjk(chars[-1]) or _is_cjk(c)):
                        chars.append(sep)  # like join_lines: no break next to CJK text
                        boxes.append(None)
                        lines.append(-1)
                    first = False
                    sep = " "
                    chars.append(c)
                    boxes.append(tuple(ch["bbox"]))
                    lines.append(line_no)
    return "".join(chars), boxes, lines


_is_cjk = ana.is_cjk


def hit_boxes(pdf_path: str | Path, page_no: int, query_terms: list[str]) -> list[tuple[float, float, float, float]]:
    """Rectangles (x0, y0, x1, y1 in PDF points, top-left origin) covering each hit of the
    query terms on page ``page_no`` (1-based); one rectangle per hit per text line."""
    import pymupdf

    rx = hl.term_regex([ana.fold_query(t) for t in query_terms if t and t.strip()])
    if rx is None:
        return []
    with pymupdf.open(str(pdf_path)) as doc:
        if not 1 <= page_no <= doc.page_count:
            return []
        text, boxes, lines = _page_chars(doc[page_no - 1])
    folded, index = hl.aligned_fold(text)
    out: list[tuple[float, float, float, float]] = []
    for m in rx.finditer(folded):
        src = sorted({index[k] for k in range(m.start(), m.end())})
        cur_line, rect = None, None
        for k in src:
            b = boxes[k]
            if b is None:
                continue
            if lines[k] != cur_line:
                if rect:
                    out.append(tuple(rect))
                cur_line, rect = lines[k], list(b)
            else:
                rect = [min(rect[0], b[0]), min(rect[1], b[1]), max(rect[2], b[2]), max(rect[3], b[3])]
        if rect:
            out.append(tuple(rect))
    return out
