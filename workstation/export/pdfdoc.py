"""Stamped and redacted document copies for a bundle (PyMuPDF; the original is only read).

One pass per document on a copy: keep the chosen pages, bake annotations and form
fields into the page content, apply redactions (``apply_redactions``: text under the box
is removed from the content stream and covered image pixels are blanked, so nothing can be
copied or extracted back), then draw the Bates number and "第x页 共y页" on every page.
The recipient watermark is drawn on top by the core's ``stamp_page`` — the per-page step of
``stamp_pdf_copy``, the implementation the viewer and every other export use — in the
same pass, so each document is opened and saved once (``garbage`` collection on save
drops the unreferenced objects: pages left out, content streams replaced by redaction).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import pymupdf

from workstation.archive.dossier_forms import MUPDF_LOCK
from workstation.archive.watermark import WatermarkSettings, stamp_page
from workstation.errors import InvalidInput
from workstation.export.spec import Bates, Redaction, reason_code

STAMP_SIZE = 9.0
#: save(garbage=…): 1 drops unreferenced objects (what redaction and page selection leave).
GARBAGE = 1
#: Default distance of the stamps' text from the bottom/top edge (points): the spec's
#: ``Bates.margin_mm`` (default 8 mm) is what an export uses.
MARGIN = Bates().margin_pt
#: Least distance from the left/right edge (points); a larger ``margin_mm`` moves them further in.
SIDE_MARGIN = 28.0


@lru_cache(maxsize=1)
def _font() -> pymupdf.Font:
    return pymupdf.Font("china-s")


STAMP_FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "stamp-subset.ttf"
#: What the small stamp font holds (scripts/make_stamp_font.py): printable ASCII and 第页共.
STAMP_CHARS = frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset("第页共")


@lru_cache(maxsize=1)
def _stamp_font() -> pymupdf.Font | None:
    """Droid Sans Fallback cut down to the stamp characters (~9 KB): embedded in every
    stamped document, it needs no subsetting pass afterwards."""
    try:
        return pymupdf.Font(fontbuffer=STAMP_FONT.read_bytes())
    except (OSError, RuntimeError):
        return None


@dataclass
class StampedDoc:
    pages: int
    bates_first: int
    bates_last: int
    source_pages: list[int]
    redaction_log: list[dict[str, Any]] = field(default_factory=list)


def open_as_pdf(path: Path) -> pymupdf.Document:
    try:
        doc = pymupdf.open(path)
    except Exception as exc:  # noqa: BLE001 - MuPDF raises plain exceptions
        raise InvalidInput(key="unreadable_document", reason=f"无法打开文档 {path.name}：{exc}") from exc
    if doc.needs_pass:
        doc.close()
        raise InvalidInput(key="protected_document", reason=f"文档 {path.name} 受口令保护，不能装入证据包")
    if not doc.is_pdf:
        converted = pymupdf.open("pdf", doc.convert_to_pdf())
        doc.close()
        doc = converted
    return doc


@lru_cache(maxsize=512)
def _advance(ch: str) -> float:
    return _font().text_length(ch, 1.0)


def _width(text: str, size: float) -> float:
    """Text width from cached per-character advances (stamps are short, the font has no kerning)."""
    return sum(_advance(ch) for ch in text) * size


@lru_cache(maxsize=4)
def _extent(font: pymupdf.Font) -> tuple[float, float]:
    """(ascender, descender) per point of size: the text box PDF readers (and MuPDF's
    search) give a line of this font, from the baseline (descender is negative)."""
    return font.ascender, font.descender


def _place(rect: pymupdf.Rect, text: str, size: float, position: str, margin: float = MARGIN,
           font: pymupdf.Font | None = None) -> pymupdf.Point:
    """Baseline start of ``text`` so that its whole box (ascender to descender) lies ``margin``
    points from the top or bottom edge and at least ``max(margin, SIDE_MARGIN)`` from the side."""
    width = _width(text, size)
    ascender, descender = _extent(font or _font())
    vertical, _, horizontal = position.partition("-")
    y = rect.y0 + margin + ascender * size if vertical == "top" else rect.y1 - margin + descender * size
    side = max(margin, SIDE_MARGIN)
    if horizontal == "left":
        x = rect.x0 + side
    elif horizontal == "center":
        x = rect.x0 + (rect.width - width) / 2
    else:
        x = rect.x1 - side - width
    return pymupdf.Point(x, y)


def _own_resources(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    """Give the page its own /Resources dictionary (and own /XObject, /Font, /ExtGState
    sub-dictionaries). Generated PDFs often share one resource dictionary between all
    pages; every stamp adds entries to it, so without this each page would carry the
    stamps' resources of every page before it (quadratic time, larger files). Only the
    dictionaries are copied; fonts and images stay shared objects."""
    kind, value = doc.xref_get_key(page.xref, "Resources")
    if kind == "null":  # inherited from the page tree
        node = page.xref
        for _ in range(32):
            pk, pv = doc.xref_get_key(node, "Parent")
            if pk != "xref":
                break
            node = int(pv.split()[0])
            kind, value = doc.xref_get_key(node, "Resources")
            if kind != "null":
                break
        if kind == "null":
            return
    if kind == "xref":
        value = doc.xref_object(int(value.split()[0]), compressed=True)
    if kind in ("xref", "dict") or value.startswith("<<"):
        doc.xref_set_key(page.xref, "Resources", value)
    for key in ("XObject", "Font", "ExtGState"):
        k, v = doc.xref_get_key(page.xref, f"Resources/{key}")
        if k == "xref":
            doc.xref_set_key(page.xref, f"Resources/{key}", doc.xref_object(int(v.split()[0]), compressed=True))


def _stamp_font_for(bates: Bates) -> pymupdf.Font:
    """The small stamp font when the labels fit it (a Bates prefix may be any text)."""
    small = _stamp_font()
    if small is not None and set(bates.label(0)) <= STAMP_CHARS:
        return small
    return _font()


def _stamp(page: pymupdf.Page, bates_label: str, page_label: str, position: str,
           font: pymupdf.Font | None = None, margin: float = MARGIN) -> None:
    rect = page.rect
    tw = pymupdf.TextWriter(rect)
    font = font or _font()
    # Bates in the chosen corner; the page count centred on the bottom edge, or on the top edge
    # when the Bates number takes the bottom centre. Both keep ``margin`` from the edge.
    tw.append(_place(rect, bates_label, STAMP_SIZE + 1, position, margin, font), bates_label, font=font,
              fontsize=STAMP_SIZE + 1)
    page_pos = "bottom-center" if not position.startswith("bottom-center") else "top-center"
    tw.append(_place(rect, page_label, STAMP_SIZE, page_pos, margin, font), page_label, font=font,
              fontsize=STAMP_SIZE)
    tw.write_text(page, color=(0, 0, 0))


def build_document(src: Path, dst: Path, *, page_numbers: list[int], redactions: list[Redaction], bates: Bates,
                   first_number: int, redacted_by: str, watermark: str, wm_settings: WatermarkSettings,
                   check: Callable[[], None] | None = None) -> StampedDoc:
    """Write the stamped, redacted copy of pages ``page_numbers`` (1-based) of ``src`` to ``dst``."""
    with MUPDF_LOCK:
        doc = open_as_pdf(src)
        try:
            count = doc.page_count
            bad = [p for p in page_numbers if not 1 <= p <= count]
            if bad:
                raise InvalidInput(key="page_out_of_range", reason=f"{src.name} 只有 {count} 页，没有第 {bad[0]} 页")
            if page_numbers != list(range(1, count + 1)):
                doc.select([p - 1 for p in page_numbers])
            if hasattr(doc, "bake"):
                doc.bake(annots=True, widgets=True)
            total = doc.page_count
            by_page: dict[int, list[Redaction]] = {}
            for r in redactions:
                if r.page not in page_numbers:
                    continue  # a mark on a page not exported has nothing to remove
                by_page.setdefault(r.page, []).append(r)
            log: list[dict[str, Any]] = []
            font = _stamp_font_for(bates)
            margin = bates.margin_pt
            for i, page in enumerate(doc):
                if check is not None and i % 25 == 0:
                    check()
                if page.rotation:
                    page.remove_rotation()
                _own_resources(doc, page)
                src_page = page_numbers[i]
                marks = by_page.get(src_page)
                if marks:
                    for r in marks:
                        rect = pymupdf.Rect(r.rect) & page.rect
                        if rect.is_empty:
                            raise InvalidInput(reason=f"遮蔽矩形 {r.rect} 在第 {src_page} 页的页面之外")
                        page.add_redact_annot(rect, fill=(0, 0, 0))
                    page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                                          graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED)
                    for r in marks:
                        code, text = reason_code(r.reason)
                        log.append({"page": i + 1, "source_page": src_page, "bates": bates.label(first_number + i),
                                    "rect": [round(v, 2) for v in r.rect], "reason_code": code, "reason": text,
                                    "by": redacted_by, "annotation_id": r.annotation_id})
                _stamp(page, bates.label(first_number + i), f"第 {i + 1} 页 共 {total} 页", bates.position, font,
                       margin)
                stamp_page(page, watermark, wm_settings)
            if font is not _stamp_font():
                try:
                    doc.subset_fonts()  # the whole CJK font went in: keep only the glyphs used
                except Exception:  # noqa: BLE001 - subsetting only saves space
                    pass
            fd, tmp_name = tempfile.mkstemp(prefix=".bates-", suffix=".pdf", dir=dst.parent)
            os.close(fd)
            try:
                doc.save(tmp_name, garbage=GARBAGE, deflate=True)
                os.replace(tmp_name, dst)
            finally:
                Path(tmp_name).unlink(missing_ok=True)
        finally:
            if not doc.is_closed:
                doc.close()
    return StampedDoc(pages=total, bates_first=first_number, bates_last=first_number + total - 1,
                      source_pages=list(page_numbers), redaction_log=log)


def annotated_copy(clean: Path, dst: Path, notes: list[dict[str, Any]], *, source_pages: list[int]) -> int:
    """A copy of the stamped clean copy with the reviewers' annotations drawn as PDF
    annotations (square + note). The clean copy is not touched. Returns the notes placed."""
    placed = 0
    with MUPDF_LOCK:
        doc = pymupdf.open(clean)
        try:
            for n in notes:
                try:
                    i = source_pages.index(int(n["page"]))
                except ValueError:
                    continue
                page = doc[i]
                rect = pymupdf.Rect(n["rect"]) & page.rect
                if rect.is_empty:
                    continue
                text = str(n.get("text") or n.get("body") or n.get("note") or n.get("reason") or "")
                annot = page.add_rect_annot(rect)
                annot.set_colors(stroke=(1, 0.5, 0))
                annot.set_info(content=text, title=str(n.get("author") or n.get("created_by") or ""))
                annot.update()
                placed += 1
            doc.save(dst, garbage=1, deflate=True)
        finally:
            doc.close()
    return placed


def page_texts(path: Path) -> list[str]:
    with MUPDF_LOCK:
        with pymupdf.open(path) as doc:
            return [p.get_text() for p in doc]
