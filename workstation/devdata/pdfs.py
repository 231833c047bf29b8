"""Generated PDFs with real, extractable Chinese text (PyMuPDF).

Text is laid out by hand: Chinese has no spaces, so lines are broken at any character by
measured width (closing punctuation may hang past the margin, as in print). Everything
is deterministic: same arguments (and same ``random.Random`` state) give byte-identical files
(fixed dates, fixed document ID, no timestamps).

Fonts: PDFs embed PyMuPDF's built-in ``china-s`` font (Droid Sans Fallback), subset to the
glyphs used, which keeps a page at a few kB. ``cjk_font_path()`` finds an installed Noto CJK
font; passing ``system_font=True`` embeds it instead, but MuPDF cannot subset that CFF/TTC font,
so every such PDF carries the whole ~14 MB font. Use it only to look at the output.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pymupdf

from . import corpus

A4 = pymupdf.Rect(0, 0, 595, 842)
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 80.0, 80.0, 78.0, 780.0
BODY_SIZE = 12.0
LINE_H = 21.0
RED = (0.85, 0.05, 0.05)
GRAY = (0.35, 0.35, 0.35)
FIXED_PDF_DATE = "D:20260101090000+08'00'"

_FONT_CANDIDATES = {
    False: [  # sans
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "C:/Windows/Fonts/msyh.ttc",
        "C:/Windows/Fonts/simhei.ttf",
        "/System/Library/Fonts/PingFang.ttc",
    ],
    True: [  # serif
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
        "C:/Windows/Fonts/simsun.ttc",
        "/System/Library/Fonts/Songti.ttc",
    ],
}
# Never start a line with these; they hang into the right margin instead.
_NO_LINE_START = frozenset("，。、；：？！）》」』”’…—％,.;:?!)]%")
_TOKEN = re.compile(r"[A-Za-z0-9.\-_/@:%]+|\n|.", re.S)

_font_cache: dict[bool, pymupdf.Font] = {}
_width_cache: dict[tuple[int, str], float] = {}


def cjk_font_path(serif: bool = False) -> Path | None:
    """An installed CJK font file (Noto CJK on Debian), or None."""
    for cand in _FONT_CANDIDATES[serif] + _FONT_CANDIDATES[not serif]:
        p = Path(cand)
        if p.is_file():
            return p
    return None


def pdf_font(system_font: bool = False) -> pymupdf.Font:
    """The font used for PDF text: built-in ``china-s`` unless ``system_font`` and one is found."""
    use_system = bool(system_font and cjk_font_path())
    font = _font_cache.get(use_system)
    if font is None:
        if use_system:
            font = pymupdf.Font(fontfile=str(cjk_font_path()))
        else:
            font = pymupdf.Font("china-s")
        _font_cache[use_system] = font
    return font


def text_width(font: pymupdf.Font, text: str, size: float) -> float:
    key = id(font)
    total = 0.0
    for ch in text:
        w = _width_cache.get((key, ch))
        if w is None:
            w = _width_cache[(key, ch)] = font.text_length(ch, fontsize=1)
        total += w
    return total * size


def wrap(font: pymupdf.Font, text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (first line narrower by ``indent``).

    Any CJK character may end a line; runs of ASCII letters/digits (numbers, codes) are kept
    whole unless longer than a line; closing punctuation hangs rather than starting a line.
    """
    key = id(font)
    lines: list[str] = []
    cur: list[str] = []
    used = indent
    for token in _TOKEN.findall(text):
        if token == "\n":
            lines.append("".join(cur))
            cur, used = [], 0.0
            continue
        w = 0.0
        for ch in token:
            cw = _width_cache.get((key, ch))
            if cw is None:
                cw = _width_cache[(key, ch)] = font.text_length(ch, fontsize=1)
            w += cw
        w *= size
        if len(token) > 1 and w > width - used:  # a run that does not fit
            if w > width:  # longer than a whole line: split it by characters
                for ch in token:
                    cw = _width_cache[(key, ch)] * size
                    if cur and used + cw > width:
                        lines.append("".join(cur))
                        cur, used = [], 0.0
                    cur.append(ch)
                    used += cw
                continue
        if cur and used + w > width and token[0] not in _NO_LINE_START:
            lines.append("".join(cur))
            cur, used = [], 0.0
        cur.append(token)
        used += w
    if cur or not lines:
        lines.append("".join(cur))
    return lines


class _Writer:
    """A multi-page document under construction: text per page in black/red/gray writers."""

    def __init__(self, font: pymupdf.Font, *, header: str | None = None, page_note: str | None = None):
        self.doc = pymupdf.open()
        self.font = font
        self.header = header
        self.page_note = page_note
        # (page number, writers); Page objects die when a page is added, so keep numbers.
        self.pages: list[tuple[int, dict[tuple, pymupdf.TextWriter]]] = []
        self._page: pymupdf.Page | None = None
        self.seals: list[tuple[int, str, tuple[float, float], float]] = []  # drawn last, on top
        self.bottom = MARGIN_B - (24 if page_note else 0)
        self.y = 0.0
        self.new_page()

    # -- pages -----------------------------------------------------------------
    def new_page(self) -> None:
        page = self._page = self.doc.new_page(width=A4.width, height=A4.height)
        self.pages.append((page.number, {}))
        self.y = MARGIN_T
        if self.header:
            self.text(MARGIN_L, 50, self.header, 9, GRAY)
            sh = page.new_shape()
            sh.draw_line((MARGIN_L, 56), (A4.width - MARGIN_R, 56))
            sh.finish(color=GRAY, width=0.5)
            sh.commit()

    @property
    def page(self) -> pymupdf.Page:
        return self._page

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    # -- text --------------------------------------------------------------------
    def text(self, x: float, y: float, s: str, size: float, color=(0, 0, 0), opacity: float = 1.0) -> None:
        writers = self.pages[-1][1]
        key = (tuple(color), opacity)
        tw = writers.get(key)
        if tw is None:
            tw = writers[key] = pymupdf.TextWriter(A4)
        tw.append((x, y), s, font=self.font, fontsize=size)

    def centered(self, s: str, size: float, color=(0, 0, 0), advance: float | None = None) -> None:
        width = A4.width - MARGIN_L - MARGIN_R
        for line in wrap(self.font, s, width, size):
            self.ensure(size * 1.6)
            self.y += size
            self.text((A4.width - text_width(self.font, line, size)) / 2, self.y, line, size, color)
            self.y += advance if advance is not None else size * 0.6

    def paragraph(self, s: str, size: float = BODY_SIZE, *, indent_chars: float = 2, x0: float = MARGIN_L,
                  hanging: float = 0.0, color=(0, 0, 0), line_h: float | None = None) -> None:
        line_h = line_h or size * 1.75
        width = A4.width - MARGIN_R - x0
        indent = indent_chars * size
        for i, line in enumerate(wrap(self.font, s, width - hanging, size, indent - hanging if indent else 0)):
            self.ensure(line_h)
            self.y += line_h
            x = x0 + (indent if i == 0 else hanging)
            self.text(x, self.y - line_h * 0.3, line, size, color)

    def right(self, s: str, size: float = BODY_SIZE, pad_chars: float = 2) -> None:
        self.ensure(size * 1.8)
        self.y += size * 1.8
        x = A4.width - MARGIN_R - pad_chars * size - text_width(self.font, s, size)
        self.text(x, self.y - size * 0.5, s, size)

    def seal(self, name: str, center: tuple[float, float], radius: float = 42.0) -> None:
        self.seals.append((self._page.number, name, center, radius))

    # -- output --------------------------------------------------------------------
    def flush(self, footer: bool = False) -> None:
        """Write the collected text onto the pages (once)."""
        total = len(self.pages)
        for i, (pno, writers) in enumerate(self.pages, start=1):
            page = self.doc[pno]
            if self.page_note:
                self._at(page, writers, MARGIN_L, MARGIN_B - 4, self.page_note, 10.5)
            if footer:
                s = f"第 {i} 页 共 {total} 页"
                self._at(page, writers, (A4.width - text_width(self.font, s, 9)) / 2, 812, s, 9)
            for (color, opacity), tw in writers.items():
                tw.write_text(page, color=color, opacity=opacity if opacity < 1 else -1)
            writers.clear()
        for pno, name, center, radius in self.seals:
            draw_seal(self.doc[pno], self.font, name, center, radius)
        self.seals.clear()

    def save(self, path: Path, *, title: str = "", author: str = "", footer: bool = True) -> Path:
        self.flush(footer)
        return save_pdf(self.doc, path, title=title, author=author)

    def _at(self, page, writers, x, y, s, size) -> None:
        tw = writers.setdefault(((0, 0, 0), 1.0), pymupdf.TextWriter(A4))
        tw.append((x, y), s, font=self.font, fontsize=size)


def draw_seal(page: pymupdf.Page, font: pymupdf.Font, name: str, center: tuple[float, float],
              radius: float = 42.0) -> None:
    """A red round official seal: ring, star, name along the upper arc (real text, rotated)."""
    cx, cy = center
    sh = page.new_shape()
    sh.draw_circle(center, radius)
    sh.finish(color=RED, width=2.2, stroke_opacity=0.85)
    star = []
    for k in range(10):
        r = radius * (0.28 if k % 2 == 0 else 0.11)
        a = -math.pi / 2 + k * math.pi / 5
        star.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    sh.draw_polyline(star + star[:1])
    sh.finish(color=RED, fill=RED, width=0.5, fill_opacity=0.85, stroke_opacity=0.85)
    sh.commit()
    size = min(11.0, radius * 0.3)
    n = len(name)
    span = min(math.radians(250), math.radians(22) * n)
    for i, ch in enumerate(name):
        ang = -math.pi / 2 - span / 2 + span * (i + 0.5) / n  # screen angle, 0 = right, clockwise
        r = radius - size * 1.25
        px, py = cx + r * math.cos(ang), cy + r * math.sin(ang)
        tw = pymupdf.TextWriter(A4)
        tw.append((px - size / 2, py + size * 0.4), ch, font=font, fontsize=size)
        rot = pymupdf.Matrix(-math.degrees(ang + math.pi / 2))
        tw.write_text(page, color=RED, opacity=0.85, morph=(pymupdf.Point(px, py), rot))


def save_pdf(doc: pymupdf.Document, path: Path | str, *, title: str = "", author: str = "",
             encryption: int | None = None, user_pw: str | None = None, owner_pw: str | None = None) -> Path:
    """Subset fonts, set fixed metadata and a content-derived document ID, save compactly."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.subset_fonts()
    meta = {"title": title, "author": author, "creator": "workstation.devdata", "producer": "PyMuPDF",
            "creationDate": FIXED_PDF_DATE, "modDate": FIXED_PDF_DATE}
    doc.set_metadata({k: v for k, v in meta.items() if v})  # "" would be written as null
    digest = hashlib.md5(f"{path.name}\n{title}\n{doc.page_count}".encode()).hexdigest().upper()
    doc.xref_set_key(-1, "ID", f"[<{digest}><{digest}>]")
    kw = {}
    if encryption is not None:
        kw = {"encryption": encryption, "user_pw": user_pw, "owner_pw": owner_pw,
              "permissions": pymupdf.PDF_PERM_PRINT | pymupdf.PDF_PERM_ACCESSIBILITY}
    doc.save(str(path), garbage=3, deflate=True, no_new_id=True, **kw)
    doc.close()
    return path


# ---------------------------------------------------------------------------------------------
def make_text_pdf(path: Path | str, title: str, paragraphs: Sequence[str], *, pages: int | None = None,
                  header: str | None = None, rng: random.Random | None = None,
                  letterhead: str | None = None, doc_no: str | None = None,
                  closing: Sequence[str] = (), seal: str | None = None, author: str = "",
                  system_font: bool = False) -> Path:
    """A4 document: optional red letterhead (红头) and 文号, centered title, body paragraphs
    (2-character first-line indent; a paragraph starting with "# " is a centered subheading),
    right-aligned ``closing`` lines (issuer, date) with an optional red ``seal`` over them,
    and a "第 x 页 共 y 页" footer on every page.

    ``pages``: produce exactly that many pages, continuing with corpus text (picked with ``rng``,
    default ``Random(0)``) when the paragraphs run out, and cutting off what does not fit.
    """
    w = _Writer(pdf_font(system_font), header=header)
    if letterhead:
        w.y += 6
        w.centered(letterhead, 24, RED, advance=14)
        if doc_no:
            w.centered(doc_no, 12, advance=6)
        sh = w.page.new_shape()
        sh.draw_line((MARGIN_L - 10, w.y + 4), (A4.width - MARGIN_R + 10, w.y + 4))
        sh.finish(color=RED, width=1.8)
        sh.commit()
        w.y += 22
    elif doc_no:
        w.right(doc_no, 11, pad_chars=0)
    w.y += 4
    w.centered(title, 19, advance=16)
    body = list(paragraphs)
    filler_rng = rng or random.Random(0)
    i = 0
    while True:
        if i < len(body):
            _put_paragraph(w, body[i])
            i += 1
        elif pages is not None and len(w.pages) <= pages:
            body.extend(corpus.sample_paragraphs(filler_rng, 4))
        else:
            break
        if pages is not None and len(w.pages) > pages:
            break
    if pages is None or len(w.pages) <= pages:
        _put_closing(w, closing, seal)
    if pages is not None and len(w.pages) > pages:
        _drop_pages(w, pages)
    return w.save(Path(path), title=title, author=author)


def _put_paragraph(w: _Writer, para: str) -> None:
    if para.startswith("# "):
        w.y += 6
        w.centered(para[2:], 14, advance=8)
    else:
        w.paragraph(para)


def _put_closing(w: _Writer, closing: Sequence[str], seal: str | None) -> None:
    if not closing:
        return
    w.ensure(LINE_H * (len(closing) + 2) + 30)
    w.y += LINE_H
    top = w.y
    for line in closing:
        w.right(line)
    if seal:
        w.seal(seal, (A4.width - MARGIN_R - 78, (top + w.y) / 2 + 4))


def _drop_pages(w: _Writer, keep: int) -> None:
    for _ in range(len(w.pages) - keep):
        pno, _writers = w.pages.pop()
        w.doc.delete_page(pno)


def make_form_pdf(path: Path | str, form_title: str, fields: dict[str, str] | Iterable[tuple[str, str]], *,
                  unit: str | None = None, doc_no: str | None = None,
                  qa: Sequence[tuple[str, str]] = (), page_note: str | None = None,
                  closing: Sequence[str] = (), seal: str | None = None, author: str = "",
                  system_font: bool = False) -> Path:
    """A government form: issuing ``unit`` and title on top, a bordered two-column table
    (shaded label cells, wrapped values; rows split across pages), then optional 问/答 lines
    (``qa`` as (speaker, text), e.g. ("问", "你的姓名？")), closing lines and seal.
    ``page_note`` is printed at the bottom of every page (e.g. 被询问人签名 on 笔录)."""
    w = _Writer(pdf_font(system_font), page_note=page_note)
    if unit:
        w.centered(unit, 15, advance=6)
    w.centered(form_title, 20, advance=10)
    if doc_no:
        w.right(doc_no, 10.5, pad_chars=0)
        w.y += 4
    else:
        w.y += 8
    rows = list(fields.items()) if isinstance(fields, dict) else list(fields)
    _table(w, rows)
    if qa:
        w.y += 8
        for speaker, text in qa:
            w.paragraph(f"{speaker}：{text}", 11.5, indent_chars=0, hanging=2 * 11.5, line_h=19)
    _put_closing(w, closing, seal)
    return w.save(Path(path), title=form_title, author=author)


def _table(w: _Writer, rows: list[tuple[str, str]]) -> None:
    x0, x2 = MARGIN_L - 20, A4.width - MARGIN_R + 20
    x1 = x0 + 100
    size, lh, pad = 11.0, 17.0, 6.0
    for label, value in rows:
        v_lines = wrap(w.font, str(value), x2 - x1 - 2 * pad, size)
        l_lines = wrap(w.font, label, x1 - x0 - 2 * pad, size)
        while v_lines:
            room = int((w.bottom - w.y - 2 * pad) // lh)
            if room < 1 or (room < len(v_lines) and room < 3 and len(v_lines) > room):
                w.new_page()
                room = int((w.bottom - w.y - 2 * pad) // lh)
            chunk, v_lines = v_lines[:room], v_lines[room:]
            n = max(len(chunk), len(l_lines), 1)
            h = max(26.0, n * lh + 2 * pad)
            top = w.y
            sh = w.page.new_shape()
            sh.draw_rect(pymupdf.Rect(x0, top, x1, top + h))
            sh.finish(color=(0, 0, 0), fill=(0.93, 0.93, 0.93), width=0.7)
            sh.draw_rect(pymupdf.Rect(x1, top, x2, top + h))
            sh.finish(color=(0, 0, 0), width=0.7)
            sh.commit()
            for k, line in enumerate(l_lines):
                w.text(x0 + pad, top + pad + (k + 1) * lh - 4, line, size)
            for k, line in enumerate(chunk):
                w.text(x1 + pad, top + pad + (k + 1) * lh - 4, line, size)
            w.y = top + h
            l_lines = []


def make_scanned_pdf(path: Path | str, paragraphs: Sequence[str], rng: random.Random, *,
                     title: str | None = None, dpi: int = 150, seal: str | None = None,
                     stamp: str | None = None) -> Path:
    """An image-only PDF, as from a scanner: the text is typeset, rendered to grayscale at ``dpi``,
    slightly rotated, given paper tone and noise, JPEG-compressed. No text layer at all.
    ``stamp``: a boxed note such as 与原件核对一致 drawn near the bottom (as on certified copies)."""
    w = _Writer(pdf_font())
    if title:
        w.y += 20
        w.centered(title, 26, advance=24)
    for para in paragraphs:
        _put_paragraph(w, para)
    if seal:
        w.seal(seal, (A4.width - MARGIN_R - 80, min(w.y + 60, MARGIN_B - 50)), 46)
    if stamp:
        size = 13
        width = text_width(w.font, stamp, size) + 16
        rect = pymupdf.Rect(MARGIN_L, MARGIN_B - 40, MARGIN_L + width, MARGIN_B - 14)
        sh = w.page.new_shape()
        sh.draw_rect(rect)
        sh.finish(color=RED, width=1.5)
        sh.commit()
        w.text(rect.x0 + 8, rect.y1 - 8, stamp, size, RED)
    w.flush()
    out = pymupdf.open()
    for pno, _ in w.pages:
        page = w.doc[pno]
        angle = rng.uniform(-1.2, 1.2)
        mat = pymupdf.Matrix(dpi / 72, dpi / 72).prerotate(angle)
        pix = page.get_pixmap(matrix=mat, colorspace=pymupdf.csGRAY, alpha=False)
        pix = _scan_look(pix, rng)
        target = out.new_page(width=A4.width, height=A4.height)
        target.insert_image(target.rect, stream=pix.tobytes("jpeg", jpg_quality=70))
    w.doc.close()
    return save_pdf(out, path, title=title or "")


def _scan_look(pix: pymupdf.Pixmap, rng: random.Random) -> pymupdf.Pixmap:
    """Paper tone, a little sensor noise and a few specks (numpy if present, else specks only)."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with PyMuPDF 2
        np = None
    if np is not None:
        gen = np.random.default_rng(rng.getrandbits(32))
        a = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
        f = a.astype(np.float32) * 0.86 + 22.0
        f += gen.normal(0.0, 6.0, f.shape).astype(np.float32)
        f -= np.linspace(0, 10, pix.width, dtype=np.float32)[None, :]  # uneven lighting
        out = np.clip(f, 0, 255).astype(np.uint8)
        return pymupdf.Pixmap(pymupdf.csGRAY, pix.width, pix.height, out.tobytes(), 0)
    for _ in range(1500):
        pix.set_pixel(rng.randrange(pix.width), rng.randrange(pix.height), (rng.randrange(60, 200),))
    return pix


def make_photo(path: Path | str, rng: random.Random, *, stamp: str = "2026/03/02 09:21",
               caption: str | None = None, width: int = 1024, height: int = 768) -> Path:
    """A 现场照片-like JPEG/PNG (by suffix): a shop shelf with goods, a camera date stamp.
    Drawn with PyMuPDF vector graphics and rendered; ``caption`` text is burnt into the image."""
    path = Path(path)
    doc = pymupdf.open()
    page = doc.new_page(width=width * 0.75, height=height * 0.75)
    W, H = page.rect.width, page.rect.height
    sh = page.new_shape()
    sh.draw_rect(page.rect)
    sh.finish(fill=(0.80, 0.78, 0.72), color=None)
    sh.draw_rect(pymupdf.Rect(0, H * 0.82, W, H))
    sh.finish(fill=(0.55, 0.50, 0.45), color=None)
    for shelf in range(4):
        y = H * (0.12 + shelf * 0.19)
        sh.draw_rect(pymupdf.Rect(W * 0.05, y + H * 0.15, W * 0.95, y + H * 0.17))
        sh.finish(fill=(0.35, 0.33, 0.32), color=None)
        x = W * 0.06
        while x < W * 0.92:
            bw, bh = rng.uniform(18, 46), rng.uniform(H * 0.06, H * 0.145)
            col = (rng.uniform(0.2, 0.95), rng.uniform(0.2, 0.9), rng.uniform(0.1, 0.8))
            sh.draw_rect(pymupdf.Rect(x, y + H * 0.15 - bh, x + bw, y + H * 0.15))
            sh.finish(fill=col, color=(0.1, 0.1, 0.1), width=0.4)
            x += bw + rng.uniform(1, 6)
    sh.commit()
    font = pdf_font()
    tw = pymupdf.TextWriter(page.rect)
    tw.append((W - 150, H - 14), stamp, font=font, fontsize=14)
    tw.write_text(page, color=(1.0, 0.55, 0.0))
    if caption:
        tw = pymupdf.TextWriter(page.rect)
        tw.append((14, H * 0.92), caption, font=font, fontsize=13)
        tw.write_text(page, color=(1, 1, 1))
    pix = page.get_pixmap(matrix=pymupdf.Matrix(width / W, height / H), alpha=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in (".jpg", ".jpeg"):
        path.write_bytes(pix.tobytes("jpeg", jpg_quality=80))
    else:
        path.write_bytes(pix.tobytes("png"))
    doc.close()
    return path


def make_long_pdf(path: Path | str, n_pages: int, rng: random.Random, *, templates: int = 64,
                  title: str = "行政执法案卷材料汇编") -> Path:
    """A big text PDF for benchmarks: ``n_pages`` pages of corpus text, ~1,000 pages in ~3 s.

    Up to ``templates`` distinct body pages are laid out once (TextWriter) and written onto
    pages in a shuffled cycle; each page also gets its own footer with its page number.
    """
    font = pdf_font()
    width = A4.width - MARGIN_L - MARGIN_R
    writers: list[pymupdf.TextWriter] = []
    for k in range(min(templates, n_pages)):
        tw = pymupdf.TextWriter(A4)
        y = MARGIN_T
        if k == 0:
            tw.append(((A4.width - text_width(font, title, 19)) / 2, y + 19), title, font=font, fontsize=19)
            y += 50
        for para in corpus.sample_paragraphs(rng, 40):
            for j, line in enumerate(wrap(font, para, width, BODY_SIZE, 2 * BODY_SIZE)):
                if y + LINE_H > MARGIN_B:
                    break
                y += LINE_H
                tw.append((MARGIN_L + (2 * BODY_SIZE if j == 0 else 0), y), line, font=font, fontsize=BODY_SIZE)
            if y + LINE_H > MARGIN_B:
                break
        writers.append(tw)
    doc = pymupdf.open()
    cycle: list[int] = []
    for i in range(n_pages):
        page = doc.new_page(width=A4.width, height=A4.height)
        if i == 0 or len(writers) == 1:
            idx = 0
        else:
            if not cycle:
                cycle = list(range(1, len(writers)))
                rng.shuffle(cycle)
            idx = cycle.pop()
        writers[idx].write_text(page)
        ft = pymupdf.TextWriter(A4)
        s = f"第 {i + 1} 页 共 {n_pages} 页"
        ft.append(((A4.width - text_width(font, s, 9)) / 2, 812), s, font=font, fontsize=9)
        ft.write_text(page)
    return save_pdf(doc, path, title=title)
