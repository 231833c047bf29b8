"""Visible watermarks on every page rendered for a person: on screen, in print, in exports.

One implementation for the GUI viewer and for exports, so what a person sees on screen
and what leaves the workstation carry the same mark:

* :func:`watermark_text` builds the text (user, time in Beijing time, terminal, …) from
  the configured template;
* :func:`render_page` renders a page for the screen with the watermark drawn on top,
  without modifying the source document;
* :func:`stamp_page` / :func:`stamp_pdf_copy` draw the watermark into the page content
  of a *copy* (exports, printing).

The watermark is real text (not an image), so it can be extracted back with
``page.get_text()`` — tests rely on that, and so can an investigation of a leaked copy.

Fonts: the default is MuPDF's built-in CJK font (Droid Sans Fallback, PyMuPDF name
``"china-s"``), embedded and subset in exports.  Characters it lacks (rare name
characters such as 䶮 or CJK Extension B) are drawn with Noto Sans CJK
(:data:`NOTO_CJK_PATH`) when present.  Noto is not the default because its cmap maps
several code points onto one glyph (space/U+00A0, hyphen/U+2011), so PyMuPDF's
ToUnicode would turn "2026-01-01 09:30" into "2026‑01‑01\\xa009:30" on extraction; and its
CFF outlines are not subset, adding ~14 MB to every export.

Not thread-safe in the MuPDF sense: call from one thread at a time per process (as with
any PyMuPDF use); the overlay cache itself is locked.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import string
import tempfile
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import pymupdf

from workstation.errors import ConfigError, InvalidInput

__all__ = [
    "BEIJING",
    "NOTO_CJK_PATH",
    "WatermarkSettings",
    "render_page",
    "stamp_page",
    "stamp_pdf_copy",
    "watermark_text",
]

BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")
NOTO_CJK_PATH = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
BUILTIN_FONT = "china-s"

#: Placeholders a template may use.
FIELDS = ("user", "display_name", "time", "terminal", "case_no", "purpose")
#: Largest zoom render_page accepts (a 1.5 zoom is a normal screen; 8 is a 576-dpi print).
MAX_ZOOM = 16.0
_OVERLAY_CACHE_SIZE = 16


# --------------------------------------------------------------------------- settings


def _template_fields(template: str) -> list[str]:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise InvalidInput(key="watermark_template_invalid", reason=f"水印模板格式错误：{exc}") from exc
    names = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in FIELDS or spec or conversion:
            raise InvalidInput(
                key="watermark_template_invalid",
                reason=f"水印模板中的占位符 {{{name}}} 无效，可用：" + "、".join(f"{{{f}}}" for f in FIELDS),
            )
        names.append(name)
    return names


@dataclass
class WatermarkSettings:
    """How the watermark looks.  Configured by the security officer.

    ``template`` must contain ``{time}``, ``{terminal}`` and ``{user}`` or
    ``{display_name}``: the mark has to say who saw the page, when, and where.
    ``density`` is the number of rows and of columns of tiles per page (a lattice centred
    on the page, so one tile is always whole in the middle).  ``angle`` is in degrees,
    counter-clockwise.  ``font``: ``"auto"`` (built-in CJK font, Noto for characters it
    lacks), ``"builtin"``, or a path to a TTF/OTF font file.
    """

    template: str = "{user} {time} {terminal}"
    opacity: float = 0.15
    density: int = 3
    font_size: float = 14
    angle: int = 30
    color: tuple[float, float, float] = (0.5, 0.5, 0.5)
    font: str = "auto"

    def __post_init__(self) -> None:
        if not isinstance(self.template, str) or not self.template.strip() or len(self.template) > 200:
            raise InvalidInput(key="watermark_template_invalid", reason="水印模板不能为空，且不超过 200 个字符")
        names = set(_template_fields(self.template))
        missing = [n for n in ("time", "terminal") if n not in names]
        if not names & {"user", "display_name"}:
            missing.insert(0, "user")
        if missing:
            raise InvalidInput(
                key="watermark_template_invalid",
                reason="水印模板必须包含查看人、时间和终端：缺少 " + "、".join(f"{{{n}}}" for n in missing),
            )
        try:
            self.opacity = float(self.opacity)
            self.font_size = float(self.font_size)
            self.angle = int(self.angle)
            self.density = int(self.density)
            color = tuple(float(c) for c in self.color)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(reason=f"水印参数类型错误：{exc}") from exc
        if not 0.03 <= self.opacity <= 1:
            raise InvalidInput(reason="水印不透明度必须在 0.03 到 1 之间（不允许不可见的水印）")
        if not 1 <= self.density <= 12:
            raise InvalidInput(reason="水印密度必须在 1 到 12 之间")
        if not 4 <= self.font_size <= 144:
            raise InvalidInput(reason="水印字号必须在 4 到 144 磅之间")
        if not -90 <= self.angle <= 90:
            raise InvalidInput(reason="水印角度必须在 -90 到 90 度之间")
        if len(color) != 3 or not all(0 <= c <= 1 for c in color):
            raise InvalidInput(reason="水印颜色必须是 3 个 0 到 1 之间的数（RGB）")
        self.color = color  # type: ignore[assignment]
        if not isinstance(self.font, str) or not self.font:
            raise InvalidInput(reason="水印字体设置无效")

    def to_dict(self) -> dict[str, Any]:
        """Plain values for the configuration file / database."""
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple) else v) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "WatermarkSettings":
        """Settings from :meth:`to_dict` output; unknown keys are ignored, missing ones
        take their defaults; invalid values raise InvalidInput."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    def key(self) -> tuple[Any, ...]:
        """Hashable identity of everything that affects drawing (for caches)."""
        return (self.opacity, self.density, self.font_size, self.angle, self.color, self.font)


# --------------------------------------------------------------------------- text


def _one_line(text: str) -> str:
    """Control and format characters (newlines, tabs, bidi overrides…) become spaces."""
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)


def _clean(value: object) -> str:
    return _one_line("" if value is None else str(value)).strip()


def format_time(when: dt.datetime | None = None) -> str:
    """``YYYY-MM-DD HH:MM`` in Beijing time.  Naive datetimes are taken as the machine's
    local time (Python's convention); ``None`` means now."""
    if when is None:
        when = dt.datetime.now(dt.timezone.utc)
    return when.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def watermark_text(
    settings: WatermarkSettings,
    *,
    user: str,
    display_name: str = "",
    terminal: str,
    case_no: str = "",
    purpose: str = "",
    when: dt.datetime | None = None,
) -> str:
    """The watermark line for one person, from ``settings.template``."""
    user = _clean(user)
    terminal = _clean(terminal)
    if not user:
        raise InvalidInput(reason="水印必须包含查看人")
    if not terminal:
        raise InvalidInput(reason="水印必须包含终端名称")
    values = {
        "user": user,
        "display_name": _clean(display_name) or user,
        "time": format_time(when),
        "terminal": terminal,
        "case_no": _clean(case_no),
        "purpose": _clean(purpose),
    }
    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(settings.template):
        out.append(_one_line(literal))
        if name is not None:
            out.append(values[name])
    return " ".join("".join(out).split())


# --------------------------------------------------------------------------- fonts


@lru_cache(maxsize=1)
def _builtin_font() -> pymupdf.Font:
    return pymupdf.Font(BUILTIN_FONT)


@lru_cache(maxsize=4)
def _file_font(path: str) -> pymupdf.Font:
    try:
        return pymupdf.Font(fontfile=path)
    except Exception as exc:  # noqa: BLE001 - MuPDF raises plain exceptions
        raise ConfigError(key="watermark_font", reason=f"无法加载水印字体 {path}：{exc}") from exc


def _has_glyph(font: pymupdf.Font, ch: str) -> bool:
    return ch.isspace() or bool(font.has_glyph(ord(ch)))


def _runs(text: str, settings: WatermarkSettings) -> list[tuple[pymupdf.Font, str]]:
    """Split ``text`` into runs, each drawn with one font."""
    if settings.font == "builtin":
        return [(_builtin_font(), text)]
    if settings.font != "auto":
        if not os.path.isfile(settings.font):
            raise ConfigError(key="watermark_font", reason=f"水印字体文件不存在：{settings.font}")
        return [(_file_font(settings.font), text)]
    primary = _builtin_font()
    fallback = _file_font(str(NOTO_CJK_PATH)) if NOTO_CJK_PATH.is_file() else None
    runs: list[tuple[pymupdf.Font, str]] = []
    for ch in text:
        font = primary
        if fallback is not None and not _has_glyph(primary, ch) and _has_glyph(fallback, ch):
            font = fallback
        if runs and runs[-1][0] is font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


# --------------------------------------------------------------------------- geometry


def _tile_centres(rect: pymupdf.Rect, density: int) -> list[pymupdf.Point]:
    """A lattice centred on the page with ``density`` steps per side, covering it."""
    cx, cy = (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2
    sx, sy = rect.width / density, rect.height / density
    k = density // 2 + 1
    points = []
    for j in range(-k, k + 1):
        y = cy + j * sy
        if not rect.y0 - sy / 2 < y < rect.y1 + sy / 2:
            continue
        for i in range(-k, k + 1):
            x = cx + i * sx
            if rect.x0 - sx / 2 < x < rect.x1 + sx / 2:
                points.append(pymupdf.Point(x, y))
    return points


def _fitted_size(runs: list[tuple[pymupdf.Font, str]], rect: pymupdf.Rect, settings: WatermarkSettings) -> tuple[float, float]:
    """Font size (shrunk if needed so that one rotated line fits on the page) and line length."""
    size = settings.font_size
    length = sum(font.text_length(chunk, size) for font, chunk in runs)
    a = math.radians(abs(settings.angle))
    # Extent of the rotated line's box (length × 1.3 em) along x and y.
    ext_x = length * math.cos(a) + 1.3 * size * math.sin(a)
    ext_y = length * math.sin(a) + 1.3 * size * math.cos(a)
    scale = min(1.0, 0.95 * rect.width / max(ext_x, 1e-6), 0.95 * rect.height / max(ext_y, 1e-6))
    return size * scale, length * scale


# --------------------------------------------------------------------------- stamping


def _draw_tiles(page: pymupdf.Page, text: str, settings: WatermarkSettings) -> None:
    """Write the tiled, rotated text onto a plain page (rotation 0, no crop offset)."""
    rect = page.rect
    runs = _runs(text, settings)
    size, length = _fitted_size(runs, rect, settings)
    primary = runs[0][0]
    # Baseline offset that centres the glyph box vertically on the tile centre.
    baseline = (primary.ascender + primary.descender) / 2 * size
    centre = pymupdf.Point((rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2)
    # TextWriter applies ``morph`` in PDF space (y up), where Matrix(angle) turns
    # counter-clockwise as seen on screen; in PyMuPDF's y-down page coordinates the same
    # turn is Matrix(-angle), whose inverse is Matrix(angle).
    rot = pymupdf.Matrix(settings.angle)
    inv = pymupdf.Matrix(settings.angle)
    writer = pymupdf.TextWriter(rect, opacity=settings.opacity, color=settings.color)
    for tile in _tile_centres(rect, settings.density):
        # The whole writer is rotated about the page centre; place each line so that,
        # after that rotation, its middle lands on ``tile``.
        pre = centre + (tile - centre) * inv
        pos = pymupdf.Point(pre.x - length / 2, pre.y + baseline)
        for font, chunk in runs:
            _, pos = writer.append(pos, chunk, font=font, fontsize=size)
    writer.write_text(page, morph=(centre, rot), overlay=True)


def stamp_page(page: pymupdf.Page, text: str, settings: WatermarkSettings) -> None:
    """Draw the tiled, rotated watermark into ``page``'s content, on top of everything.

    For pages of a *copy* only (exports, prints): the page is modified, and a rotated
    page is first normalised to rotation 0 (same appearance).  The mark is a form
    XObject shared by all pages of the same size, so a long export embeds it once.
    """
    if not isinstance(settings, WatermarkSettings):
        raise InvalidInput(reason="需要水印设置（WatermarkSettings）")
    text = _clean(text)
    if not text:
        raise InvalidInput(reason="水印文字不能为空")
    if not page.parent.is_pdf:
        raise InvalidInput(reason="只能在 PDF 页面上加盖水印（请先转换为 PDF）")
    if page.rotation:
        page.remove_rotation()
    rect = page.rect
    overlay = _overlay_page(rect.width, rect.height, text, settings)
    # show_pdf_page first balances the existing content's q/Q (wrap_contents), so a
    # transformation, clip or colour it leaves behind cannot distort or hide the mark; it
    # maps the overlay onto the visible area, whatever the page's mediabox/cropbox offsets
    # (TextWriter alone misplaces text on cropped pages).
    page.show_pdf_page(rect, overlay.parent, 0, keep_proportion=False, overlay=True)


# --------------------------------------------------------------------------- screen


_overlay_lock = threading.Lock()


@dataclass
class _Overlay:
    doc: pymupdf.Document
    page: pymupdf.Page
    display_list: Any = None  # mupdf.FzDisplayList, made on first screen use


_overlays: OrderedDict[tuple[Any, ...], _Overlay] = OrderedDict()


def _overlay(width: float, height: float, text: str, settings: WatermarkSettings) -> _Overlay:
    """A cached one-page PDF holding only the watermark for a page of this size."""
    key = (round(width, 2), round(height, 2), text, settings.template, settings.key())
    with _overlay_lock:
        hit = _overlays.get(key)
        if hit is not None:
            _overlays.move_to_end(key)
            return hit
        doc = pymupdf.open()
        page = doc.new_page(width=width, height=height)
        _draw_tiles(page, text, settings)
        try:
            # Only the mark's glyphs: stamped copies then carry a few KB of font, not the
            # whole CJK font, and need no subsetting pass of their own.
            doc.subset_fonts()
            page = doc[0]
        except Exception:  # noqa: BLE001 - subsetting only saves space
            pass
        hit = _overlays[key] = _Overlay(doc, page)
        while len(_overlays) > _OVERLAY_CACHE_SIZE:
            _overlays.popitem(last=False)
        return hit


def _overlay_page(width: float, height: float, text: str, settings: WatermarkSettings) -> pymupdf.Page:
    return _overlay(width, height, text, settings).page


def _draw(page: pymupdf.Page, overlay: _Overlay | None, zoom: float, alpha: bool) -> pymupdf.Pixmap:
    """Render ``page`` (with annotations, exactly like ``get_pixmap``) and then the
    overlay's display list on top, into one pixmap, through MuPDF's draw device.
    Nothing is modified; no copy of the page is made."""
    mupdf = pymupdf.mupdf
    ctm = mupdf.FzMatrix(zoom, 0, 0, zoom, 0, 0)
    bbox = mupdf.fz_round_rect(mupdf.fz_transform_rect(mupdf.fz_bound_page(page.this), ctm))
    pix = mupdf.fz_new_pixmap_with_bbox(mupdf.fz_device_rgb(), bbox, mupdf.FzSeparations(), 1 if alpha else 0)
    if alpha:
        mupdf.fz_clear_pixmap(pix)
    else:
        mupdf.fz_clear_pixmap_with_value(pix, 0xFF)
    dev = mupdf.fz_new_draw_device(ctm, pix)
    try:
        mupdf.fz_run_page(page.this, dev, mupdf.FzMatrix(), mupdf.FzCookie())
        if overlay is not None:
            if overlay.display_list is None:  # parsed once, replayed on every render
                overlay.display_list = mupdf.fz_new_display_list_from_page(overlay.page.this)
            mupdf.fz_run_display_list(
                overlay.display_list, dev, mupdf.FzMatrix(), mupdf.FzRect(mupdf.FzRect.Fixed_INFINITE), mupdf.FzCookie()
            )
        mupdf.fz_close_device(dev)
    finally:
        del dev
    return pymupdf.Pixmap("raw", pix)


def _render_via_copy(doc: pymupdf.Document, page_no: int, zoom: float, text: str, settings: WatermarkSettings, alpha: bool) -> pymupdf.Pixmap:
    """Fallback: stamp the page in a scratch copy of the document and render that.

    Slower (the scratch copy is a second handle on the file, or an in-memory copy).  Not
    ``insert_pdf`` from ``doc``: grafting marks the *source* document dirty.  Not
    ``convert_to_pdf(page_no, page_no)``: PyMuPDF fails on it for page_no > 0."""
    name = getattr(doc, "name", "") or ""
    if name and os.path.isfile(name):
        scratch = pymupdf.open(name)
    elif doc.is_pdf:
        scratch = pymupdf.open("pdf", doc.tobytes())
    else:
        raise InvalidInput(reason="无法为此文档生成带水印的页面")
    if not scratch.is_pdf:
        converted = pymupdf.open("pdf", scratch.convert_to_pdf(from_page=0, to_page=page_no))
        scratch.close()
        scratch = converted
    scratch.select([page_no])
    try:
        page = scratch[0]
        stamp_page(page, text, settings)
        return page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=alpha)
    finally:
        scratch.close()


def render_page(
    doc: pymupdf.Document,
    page_no: int,
    zoom: float,
    text: str,
    settings: WatermarkSettings,
    *,
    alpha: bool = False,
) -> pymupdf.Pixmap:
    """Render page ``page_no`` of ``doc`` at ``zoom`` with the watermark on top.

    The source document is not modified (no scratch copy of the page is made: the page
    and a cached watermark-only page are drawn into the same pixmap).  Works for any
    document MuPDF opens (PDF, images, XPS, …).
    """
    if not isinstance(settings, WatermarkSettings):
        raise InvalidInput(reason="需要水印设置（WatermarkSettings）")
    if not isinstance(page_no, int) or not 0 <= page_no < doc.page_count:
        raise InvalidInput(reason=f"页码超出范围：{page_no}")
    try:
        zoom = float(zoom)
    except (TypeError, ValueError):
        raise InvalidInput(reason=f"缩放比例无效：{zoom!r}") from None
    if not 0 < zoom <= MAX_ZOOM:
        raise InvalidInput(reason=f"缩放比例必须在 0 到 {MAX_ZOOM:g} 之间")
    text = _clean(text)
    if not text:
        raise InvalidInput(reason="水印文字不能为空")
    page = doc.load_page(page_no)
    rect = page.rect
    overlay = _overlay(rect.width, rect.height, text, settings)
    try:
        return _draw(page, overlay, zoom, alpha)
    except (AttributeError, TypeError, NotImplementedError):  # pragma: no cover - PyMuPDF without these low-level bindings
        return _render_via_copy(doc, page_no, zoom, text, settings, alpha)


# --------------------------------------------------------------------------- exports


def stamp_pdf_copy(
    src_path: str | os.PathLike[str],
    dst_path: str | os.PathLike[str],
    text: str,
    settings: WatermarkSettings,
) -> int:
    """Write a copy of ``src_path`` with every page stamped to ``dst_path``; returns the
    page count.  The source file is only read.  Non-PDF documents MuPDF can open
    (images, XPS, …) are converted to PDF first.  Annotations and form fields are baked
    into the page content so the watermark lies on top of them too.  ``dst_path`` appears
    atomically (written to a temporary name in the same folder, then renamed).
    """
    src = Path(src_path)
    dst = Path(dst_path)
    if not src.is_file():
        raise InvalidInput(reason=f"源文件不存在：{src}")
    if dst.resolve() == src.resolve() or (dst.exists() and os.path.samefile(dst, src)):
        raise InvalidInput(reason="导出副本不能覆盖源文件")
    try:
        doc = pymupdf.open(src)
    except Exception as exc:  # noqa: BLE001 - MuPDF raises plain exceptions
        raise InvalidInput(key="unreadable_document", reason=f"无法打开文档 {src.name}：{exc}") from exc
    try:
        if doc.needs_pass:
            raise InvalidInput(key="protected_document", reason=f"文档 {src.name} 受口令保护，无法加盖水印")
        if not doc.is_pdf:
            converted = pymupdf.open("pdf", doc.convert_to_pdf())
            doc.close()
            doc = converted
        if hasattr(doc, "bake"):
            doc.bake(annots=True, widgets=True)
        for page in doc:
            stamp_page(page, text, settings)
        try:
            doc.subset_fonts()
        except Exception:  # noqa: BLE001 - subsetting only saves space
            pass
        count = doc.page_count
        dst.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".stamp-", suffix=".pdf", dir=dst.parent)
        os.close(fd)
        try:
            doc.save(tmp_name, garbage=3, deflate=True)
            os.replace(tmp_name, dst)
        except BaseException:
            try:
                os.unlink(tmp_name)
            except FileNotFoundError:
                pass
            raise
        return count
    finally:
        doc.close()
