"""The continuous page strip: paints the visible pages from the cache, asks for the rest.

Only the pages that intersect the viewport (plus ``PREFETCH`` on each side) are ever
requested; everything else is a size in the layout. Pages not rendered yet are drawn from
a rendering at another zoom (scaled) or as a blank sheet, so scrolling never waits.
Highlights (search hits, find-in-document, the text selection) are painted over the
rendered page; the watermark is part of the rendered image itself.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from .cache import ByteLRU
from .layout import PAGE_GAP, PageLayout, clamp_zoom, fit_width_zoom, zoom_key
from .text import PageText, Rect

PREFETCH = 1  # pages rendered beyond the visible ones, on each side
TEXT_CACHE_BYTES = 16 * 1024 * 1024

BACKGROUND = QColor(0x5F, 0x63, 0x68)
HIGHLIGHT = QColor(255, 214, 0, 110)  # hits passed in from a search result
FIND_HIT = QColor(255, 170, 0, 100)
FIND_CURRENT = QColor(255, 90, 0, 150)
SELECTION = QColor(40, 110, 255, 90)
CLICK_SLOP = 4  # px the pointer may move between press and release and still be a click
DRAW_TOOLS = ("highlight", "rect", "redaction")  # tools that draw by dragging
# Annotation overlays by kind: (fill, outline)
OVERLAY_STYLES = {
    "highlight": (QColor(255, 235, 0, 95), None),
    "rect": (QColor(220, 30, 30, 18), QColor(220, 30, 30)),
    "redaction": (QColor(0, 0, 0, 150), QColor(0, 0, 0)),
    "note": (QColor(255, 200, 40, 230), QColor(150, 100, 0)),
}
SELECTED_OUTLINE = QColor(30, 120, 255)
NOTE_SIZE = 14.0  # pt, the marker of a note on the page


class Overlay:
    """One annotation drawn over a page: ``rects`` in PDF points (a highlight has one per
    line of text; the others one), ``kind`` a key of OVERLAY_STYLES."""

    __slots__ = ("key", "kind", "rects", "tip")

    def __init__(self, key, kind: str, rects, tip: str = ""):
        self.key, self.kind, self.tip = key, kind, tip
        self.rects = [tuple(float(v) for v in r) for r in rects]

    def contains(self, x: float, y: float, slack: float = 2.0) -> bool:
        return any(r[0] - slack <= x <= r[2] + slack and r[1] - slack <= y <= r[3] + slack for r in self.rects)


class PageCanvas(QAbstractScrollArea):
    pages_wanted = Signal(list)  # [(page index, device zoom)], most wanted first
    text_wanted = Signal(list)  # [page index]
    current_page_changed = Signal(int)  # 0-based
    page_drawn = Signal(int)  # 0-based: first time a page is drawn sharp at the current zoom
    selection_changed = Signal(bool)
    zoom_changed = Signal(float)
    clicked = Signal(int, float, float)  # page index (0-based), x, y in PDF points: a plain left click
    region_drawn = Signal(str, int, object, object, str)  # tool, page index, rect, quads, text under it
    overlay_clicked = Signal(object)  # the key of the annotation overlay clicked

    def __init__(self, cache_bytes: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.cache = ByteLRU(cache_bytes)
        self.texts = ByteLRU(TEXT_CACHE_BYTES)
        self.layout = PageLayout([], 1.0)
        self.fit_width = True
        self.highlights: dict[int, list[Rect]] = {}
        self.find_hits: dict[int, list[Rect]] = {}
        self.current_hit: tuple[int, Rect] | None = None
        self.selectable = False
        self.failed_pages: dict[int, str] = {}
        self.message = ""  # shown instead of pages (e.g. the document failed to open)
        self._anchor: tuple[int, int] | None = None  # selection (page, caret)
        self._focus: tuple[int, int] | None = None
        self._dragging = False
        self._pending_press: tuple[int, float, float] | None = None
        self.tool: str | None = None  # an annotation tool (DRAW_TOOLS or "note"), None: select text
        self.overlays: dict[int, list[Overlay]] = {}
        self.selected_overlay = None  # key of the overlay drawn emphasised
        self._press_pos: QPointF | None = None
        self._rubber: list | None = None  # [page index, x0, y0, x1, y1] while a tool drags
        self._current = 0
        self._programmatic = 0
        self._last_wanted: list | None = None
        self._last_text_wanted: list | None = None
        self._drawn: set[tuple[int, int]] = set()
        self._want_timer = QTimer(self)
        self._want_timer.setSingleShot(True)
        self._want_timer.setInterval(0)
        self._want_timer.timeout.connect(self._update_wanted)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setAutoFillBackground(False)
        self.viewport().setMouseTracking(False)
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setSingleStep(40)

    # -- document ------------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return self.layout.page_count

    @property
    def zoom(self) -> float:
        return self.layout.zoom

    @property
    def device_zoom(self) -> float:
        return self.layout.zoom * self.devicePixelRatioF()

    @property
    def current_page(self) -> int:
        return self._current

    def available_width(self) -> int:
        return self.viewport().width()

    def fit_zoom(self, page_width_pt: float) -> float:
        return fit_width_zoom(self.available_width(), page_width_pt)

    def reset(self) -> None:
        self.cache.clear()
        self.texts.clear()
        self.layout = PageLayout([], self.layout.zoom)
        self.highlights, self.find_hits, self.current_hit = {}, {}, None
        self.failed_pages = {}
        self.message = ""
        self._anchor = self._focus = None
        self._pending_press = None
        self._dragging = False
        self._rubber = None
        self._press_pos = None
        self.overlays = {}
        self.selected_overlay = None
        self._current = 0
        self._last_wanted = self._last_text_wanted = None
        self._drawn.clear()
        self._update_scrollbars()
        self.viewport().update()

    def set_document(self, page_count: int, first_size: tuple[float, float], zoom: float | None) -> None:
        """Lay out ``page_count`` pages, all assumed as big as the first until the sizes come."""
        self.fit_width = zoom is None
        z = self.fit_zoom(first_size[0]) if zoom is None else clamp_zoom(zoom)
        self.layout = PageLayout([first_size] * page_count, z)
        self._update_scrollbars()
        self.zoom_changed.emit(z)
        self._schedule()

    def set_page_sizes(self, sizes: list[tuple[float, float]]) -> None:
        if sizes == self.layout.sizes:
            return
        anchor = self._anchor_point()
        z = self.fit_zoom(max(w for w, _h in sizes)) if self.fit_width and sizes else self.layout.zoom
        self.layout = PageLayout(sizes, z)
        self._update_scrollbars()
        self._restore_anchor(anchor)
        self._schedule()

    # -- zoom ----------------------------------------------------------------------------
    def set_zoom(self, zoom: float, *, fit_width: bool = False) -> None:
        if not self.layout.sizes:
            self.fit_width = fit_width
            return
        self.fit_width = fit_width
        if fit_width:
            zoom = self.fit_zoom(max(w for w, _h in self.layout.sizes))
        zoom = clamp_zoom(zoom)
        if abs(zoom - self.layout.zoom) < 1e-6:
            return
        anchor = self._anchor_point()
        self.layout = PageLayout(self.layout.sizes, zoom)
        self._update_scrollbars()
        self._restore_anchor(anchor)
        self._set_current(self._page_in_view())
        self.zoom_changed.emit(zoom)
        self._schedule()
        self.viewport().update()

    def _anchor_point(self) -> tuple[int, float, float] | None:
        """The page under the viewport centre and the point of it there, in PDF points."""
        if not self.layout.sizes:
            return None
        vw, vh = self.viewport().width(), self.viewport().height()
        cy = self.verticalScrollBar().value() + vh / 2
        idx = self.layout.page_at(cy)
        box = self.layout.box(idx, vw)
        cx = self.horizontalScrollBar().value() + vw / 2
        z = self.layout.zoom
        return idx, (cx - box.x) / z, (cy - box.y) / z

    def _restore_anchor(self, anchor: tuple[int, float, float] | None) -> None:
        if anchor is None:
            return
        idx, px, py = anchor
        idx = min(idx, self.layout.page_count - 1)
        vw, vh = self.viewport().width(), self.viewport().height()
        box = self.layout.box(idx, vw)
        z = self.layout.zoom
        with self._moving():
            self.verticalScrollBar().setValue(round(box.y + py * z - vh / 2))
            self.horizontalScrollBar().setValue(round(box.x + px * z - vw / 2))

    # -- moving ----------------------------------------------------------------------------
    def _moving(self):
        canvas = self

        class _Guard:
            def __enter__(self):
                canvas._programmatic += 1

            def __exit__(self, *exc):
                canvas._programmatic -= 1

        return _Guard()

    def go_to_page(self, index: int, y_pt: float | None = None) -> None:
        """Scroll page ``index`` (0-based) to the top, or point ``y_pt`` of it to a third of
        the viewport's height."""
        if not self.layout.sizes:
            return
        index = max(0, min(self.layout.page_count - 1, index))
        box = self.layout.box(index, self.viewport().width())
        if y_pt is None:
            y = box.y - PAGE_GAP / 2
        else:
            y = box.y + y_pt * self.layout.zoom - self.viewport().height() / 3
        with self._moving():
            self.verticalScrollBar().setValue(round(y))
        self._set_current(index)
        self._schedule()

    def ensure_visible(self, index: int, rect: Rect) -> None:
        """Scroll the least needed so that ``rect`` (PDF points) of page ``index`` is in view."""
        if not self.layout.sizes:
            return
        vw, vh = self.viewport().width(), self.viewport().height()
        box = self.layout.box(index, vw)
        z = self.layout.zoom
        top, bottom = box.y + rect[1] * z, box.y + rect[3] * z
        left, right = box.x + rect[0] * z, box.x + rect[2] * z
        vs, hs = self.verticalScrollBar(), self.horizontalScrollBar()
        with self._moving():
            if top < vs.value() or bottom > vs.value() + vh:
                vs.setValue(round((top + bottom) / 2 - vh / 2))
            if left < hs.value() or right > hs.value() + vw:
                hs.setValue(round((left + right) / 2 - vw / 2))
        self._set_current(index)
        self._schedule()

    def _set_current(self, index: int) -> None:
        if index != self._current:
            self._current = index
            self.current_page_changed.emit(index)

    def _page_in_view(self) -> int:
        """The page that takes up most of the viewport."""
        vh = self.viewport().height()
        y0 = self.verticalScrollBar().value()
        best, best_h = self._current, -1.0
        for i in self.layout.visible(y0, y0 + vh):
            top = self.layout.tops[i]
            h = self.layout.sizes[i][1] * self.layout.zoom
            seen = min(top + h, y0 + vh) - max(top, y0)
            if seen > best_h:
                best, best_h = i, seen
        return best

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt override
        # Move what is already painted; only the strip scrolled into view is repainted.
        self.viewport().scroll(dx, dy)
        if not self._programmatic and self.layout.sizes:
            self._set_current(self._page_in_view())
        self._schedule()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.fit_width and self.layout.sizes:
            anchor = self._anchor_point()
            zoom = self.fit_zoom(max(w for w, _h in self.layout.sizes))
            if abs(zoom - self.layout.zoom) > 1e-6:
                self.layout = PageLayout(self.layout.sizes, zoom)
                self._update_scrollbars()
                self._restore_anchor(anchor)
                self.zoom_changed.emit(zoom)
        self._update_scrollbars()
        self._schedule()

    def _update_scrollbars(self) -> None:
        vw, vh = self.viewport().width(), self.viewport().height()
        vs, hs = self.verticalScrollBar(), self.horizontalScrollBar()
        with self._moving():
            vs.setRange(0, max(0, round(self.layout.total_height - vh)))
            vs.setPageStep(max(1, vh))
            hs.setRange(0, max(0, round(self.layout.content_width - vw)))
            hs.setPageStep(max(1, vw))

    # -- what to render ------------------------------------------------------------------
    def _schedule(self) -> None:
        if not self._want_timer.isActive():
            self._want_timer.start()

    def visible_pages(self) -> range:
        y0 = self.verticalScrollBar().value()
        return self.layout.visible(y0, y0 + self.viewport().height())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._last_wanted = None
        self._schedule()

    def _update_wanted(self) -> None:
        if not self.layout.sizes or not self.isVisible():
            return
        vis = self.visible_pages()
        if not len(vis):
            return
        centre = self.verticalScrollBar().value() + self.viewport().height() / 2
        order = sorted(vis, key=lambda i: abs(self.layout.tops[i] + self.layout.sizes[i][1] * self.layout.zoom / 2
                                                  - centre))
        z = self.device_zoom
        k = zoom_key(z)
        missing = [i for i in order if (i, k) not in self.cache and i not in self.failed_pages]
        if missing:
            wanted = [(i, z) for i in missing]
        elif all((i, k) in self._drawn or i in self.failed_pages for i in vis):
            # Neighbours only once the visible pages are painted: a render holds the GIL,
            # and it should not delay the paint of what the user is looking at.
            after = [i for i in range(vis[-1] + 1, vis[-1] + 1 + PREFETCH) if i < self.layout.page_count]
            before = [i for i in range(vis[0] - PREFETCH, vis[0]) if i >= 0]
            wanted = [(i, z) for i in after + before if (i, k) not in self.cache and i not in self.failed_pages]
        else:
            wanted = []  # rendered, not painted yet: paintEvent asks again
        if wanted != self._last_wanted:
            self._last_wanted = wanted
            self.pages_wanted.emit(wanted)
        if self.selectable or self.tool == "highlight":
            texts = [i for i in order if i not in self.texts]
            if texts != self._last_text_wanted:
                self._last_text_wanted = texts
                self.text_wanted.emit(texts)

    def drawn_sharp(self, index: int) -> bool:
        """Whether page ``index`` has been painted from a rendering at the current zoom."""
        return (index, zoom_key(self.device_zoom)) in self._drawn

    def add_image(self, index: int, zkey: int, image: QImage) -> None:
        self.cache.put((index, zkey), image, image.sizeInBytes())
        self.failed_pages.pop(index, None)
        if zkey == zoom_key(self.device_zoom):
            self._last_wanted = None  # the next request list differs by this page
            if index in self.visible_pages():
                self.viewport().update()
            self._schedule()

    def add_failure(self, index: int, message: str) -> None:
        self.failed_pages[index] = message
        self.viewport().update()

    def add_text(self, index: int, text: PageText) -> None:
        self.texts.put((index, 0), text, text.nbytes)
        self._last_text_wanted = None
        if self._pending_press and self._pending_press[0] == index:
            idx, x, y = self._pending_press
            self._pending_press = None
            caret = text.caret_at(x, y)
            self._anchor = self._focus = (idx, caret)

    def set_forget(self, forget_page: Callable, forget_text: Callable) -> None:
        self.cache.on_evict = lambda key: forget_page(key)
        self.texts.on_evict = lambda key: forget_text(key[0])

    # -- painting ----------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        p = QPainter(self.viewport())
        p.fillRect(event.rect(), BACKGROUND)
        if self.message:
            p.setPen(QColor("white"))
            p.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            p.end()
            return
        drawn_now: list[int] = []
        if self.layout.sizes:
            vw = self.viewport().width()
            sx, sy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
            k = zoom_key(self.device_zoom)
            z = self.layout.zoom
            for i in self.visible_pages():
                box = self.layout.box(i, vw)
                x, y = round(box.x - sx), round(box.y - sy)
                target = QRectF(x, y, box.width, box.height)
                p.fillRect(target.translated(2, 2), QColor(0, 0, 0, 60))
                image = self.cache.get((i, k))
                if image is not None:
                    p.fillRect(target, QColor("white"))
                    p.drawImage(QPointF(x, y), image)
                    if (i, k) not in self._drawn:
                        self._drawn.add((i, k))
                        drawn_now.append(i)
                else:
                    p.fillRect(target, QColor("white"))
                    other = self.cache.any_for_page(i, prefer=k)
                    if other is not None:
                        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                        p.drawImage(target, other[1])
                    else:
                        self._paint_placeholder(p, target, i)
                self._paint_overlays(p, i, x, y, z)
        p.end()
        for i in drawn_now:
            self.page_drawn.emit(i)
        if drawn_now:
            self._schedule()

    def _paint_placeholder(self, p: QPainter, target: QRectF, index: int) -> None:
        p.setPen(QColor(150, 150, 150))
        font = QFont(p.font())
        font.setPointSizeF(max(9.0, min(28.0, target.width() / 20)))
        p.setFont(font)
        if index in self.failed_pages:
            text = f"第 {index + 1} 页无法显示\n{self.failed_pages[index]}"
        else:
            text = f"第 {index + 1} 页"
        p.drawText(target, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)

    def _paint_overlays(self, p: QPainter, index: int, x: float, y: float, z: float) -> None:
        def fill(rects, color):
            for r in rects:
                p.fillRect(QRectF(x + r[0] * z, y + r[1] * z, (r[2] - r[0]) * z, (r[3] - r[1]) * z), color)

        fill(self.highlights.get(index, ()), HIGHLIGHT)
        for ov in self.overlays.get(index, ()):
            self._paint_overlay(p, ov, x, y, z)
        if self._rubber and self._rubber[0] == index:
            _i, x0, y0, x1, y1 = self._rubber
            box = QRectF(x + min(x0, x1) * z, y + min(y0, y1) * z, abs(x1 - x0) * z, abs(y1 - y0) * z)
            fill_c, line_c = OVERLAY_STYLES.get(self.tool or "rect", OVERLAY_STYLES["rect"])
            p.fillRect(box, fill_c)
            pen = QPen(line_c or QColor(120, 120, 0), 1, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawRect(box)
        fill(self.find_hits.get(index, ()), FIND_HIT)
        if self.current_hit and self.current_hit[0] == index:
            r = self.current_hit[1]
            box = QRectF(x + r[0] * z, y + r[1] * z, (r[2] - r[0]) * z, (r[3] - r[1]) * z)
            p.fillRect(box, FIND_CURRENT)
            p.setPen(QPen(QColor(200, 60, 0), 1.5))
            p.drawRect(box.adjusted(-1, -1, 1, 1))
        sel = self.selection_range()
        if sel and sel[0][0] <= index <= sel[1][0]:
            text = self.texts.get((index, 0))
            if text is not None:
                start = sel[0][1] if index == sel[0][0] else 0
                end = sel[1][1] if index == sel[1][0] else len(text)
                fill(text.rects(start, end), SELECTION)

    def _paint_overlay(self, p: QPainter, ov: Overlay, x: float, y: float, z: float) -> None:
        fill_c, line_c = OVERLAY_STYLES.get(ov.kind, OVERLAY_STYLES["rect"])
        selected = ov.key is not None and ov.key == self.selected_overlay
        for r in ov.rects:
            if ov.kind == "note":
                box = QRectF(x + r[0] * z, y + r[1] * z, NOTE_SIZE * z, NOTE_SIZE * z)
            else:
                box = QRectF(x + r[0] * z, y + r[1] * z, (r[2] - r[0]) * z, (r[3] - r[1]) * z)
            p.fillRect(box, fill_c)
            if ov.kind == "redaction":
                p.setPen(QPen(QColor(255, 255, 255, 140), 1))
                step = 8.0
                k = 0.0
                while k < box.width() + box.height():  # hatching: a redaction is marked, not yet applied
                    p.drawLine(QPointF(box.left() + max(0.0, k - box.height()), box.top() + min(k, box.height())),
                               QPointF(box.left() + min(k, box.width()), box.top() + max(0.0, k - box.width())))
                    k += step
            if line_c is not None or selected:
                p.setPen(QPen(SELECTED_OUTLINE if selected else line_c, 2.5 if selected else 1.5))
                p.drawRect(box)

    def overlay_at(self, index: int, x: float, y: float):
        """The topmost overlay of page ``index`` under (x, y) in PDF points, or None."""
        for ov in reversed(self.overlays.get(index, ())):
            if ov.kind == "note":
                r = ov.rects[0]
                if r[0] <= x <= r[0] + NOTE_SIZE and r[1] <= y <= r[1] + NOTE_SIZE:
                    return ov
            elif ov.contains(x, y):
                return ov
        return None

    def set_overlays(self, overlays: dict[int, list[Overlay]]) -> None:
        self.overlays = overlays
        self.viewport().update()

    def set_tool(self, tool: str | None) -> None:
        self.tool = tool
        self._rubber = None
        if tool in DRAW_TOOLS or tool == "note":
            self.viewport().setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.viewport().setCursor(Qt.CursorShape.IBeamCursor if self.selectable else Qt.CursorShape.ArrowCursor)
        if tool == "highlight":
            self._last_text_wanted = None
            self._schedule()

    def _on_page(self, hit: tuple[int, float, float] | None) -> bool:
        if hit is None or not self.layout.sizes:
            return False
        w, h = self.layout.sizes[hit[0]]
        return 0 <= hit[1] <= w and 0 <= hit[2] <= h

    def _finish_rubber(self) -> None:
        idx, x0, y0, x1, y1 = self._rubber
        self._rubber = None
        self.viewport().update()
        w, h = self.layout.sizes[idx]
        rect = (max(0.0, min(x0, x1)), max(0.0, min(y0, y1)), min(w, max(x0, x1)), min(h, max(y0, y1)))
        quads: list = [rect]
        quote = ""
        if self.tool == "highlight":
            text = self.texts.get((idx, 0))
            if text is not None and len(text):
                a, b = text.caret_at(x0, y0), text.caret_at(x1, y1)
                a, b = min(a, b), max(a, b)
                if b > a:
                    quads = text.rects(a, b)
                    quote = text.text(a, b)
                    rect = (min(q[0] for q in quads), min(q[1] for q in quads),
                            max(q[2] for q in quads), max(q[3] for q in quads))
        if not quote and (rect[2] - rect[0] < 2 or rect[3] - rect[1] < 2):
            return  # too small to be meant
        self.region_drawn.emit(self.tool or "", idx, rect, quads, quote)

    # -- selection ---------------------------------------------------------------------------
    def selection_range(self) -> tuple[tuple[int, int], tuple[int, int]] | None:
        if self._anchor is None or self._focus is None or self._anchor == self._focus:
            return None
        return (self._anchor, self._focus) if self._anchor <= self._focus else (self._focus, self._anchor)

    def has_selection(self) -> bool:
        return self.selection_range() is not None

    def clear_selection(self) -> None:
        had = self.has_selection()
        self._anchor = self._focus = None
        if had:
            self.viewport().update()
            self.selection_changed.emit(False)

    def select_page(self, index: int) -> bool:
        """Select all text of page ``index``; False while its characters are not loaded yet."""
        text = self.texts.get((index, 0))
        if text is None:
            self._last_text_wanted = None
            self.text_wanted.emit([index])
            return False
        self._anchor, self._focus = (index, 0), (index, len(text))
        self.viewport().update()
        self.selection_changed.emit(self.has_selection())
        return True

    def selected_text(self) -> str:
        sel = self.selection_range()
        if sel is None:
            return ""
        parts = []
        for i in range(sel[0][0], sel[1][0] + 1):
            text = self.texts.get((i, 0))
            if text is None:
                continue
            start = sel[0][1] if i == sel[0][0] else 0
            end = sel[1][1] if i == sel[1][0] else len(text)
            parts.append(text.text(start, end))
        return "\n".join(p for p in parts if p)

    def page_point(self, pos: QPoint) -> tuple[int, float, float] | None:
        """(page index, x, y in PDF points) under a viewport position (nearest page)."""
        if not self.layout.sizes:
            return None
        vw = self.viewport().width()
        cy = self.verticalScrollBar().value() + pos.y()
        idx = self.layout.page_at(cy)
        box = self.layout.box(idx, vw)
        z = self.layout.zoom
        cx = self.horizontalScrollBar().value() + pos.x()
        return idx, (cx - box.x) / z, (cy - box.y) / z

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.setFocus()
        left = event.button() == Qt.MouseButton.LeftButton
        self._press_pos = event.position() if left else None
        if left and self.tool in DRAW_TOOLS:
            hit = self.page_point(event.position().toPoint())
            if self._on_page(hit):
                self._rubber = [hit[0], hit[1], hit[2], hit[1], hit[2]]
                if self.tool == "highlight" and (hit[0], 0) not in self.texts:
                    self._last_text_wanted = None
                    self.text_wanted.emit([hit[0]])
            return
        if not self.selectable or self.tool is not None or not left:
            return super().mousePressEvent(event)
        hit = self.page_point(event.position().toPoint())
        if hit is None:
            return
        idx, x, y = hit
        self.clear_selection()
        text = self.texts.get((idx, 0))
        if text is None:
            self._pending_press = hit
            self._last_text_wanted = None
            self.text_wanted.emit([idx])
        else:
            caret = text.caret_at(x, y)
            self._anchor = self._focus = (idx, caret)
        self._dragging = True

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._rubber is not None:
            hit = self.page_point(event.position().toPoint())
            if hit is not None and hit[0] == self._rubber[0]:
                w, h = self.layout.sizes[hit[0]]
                self._rubber[3], self._rubber[4] = min(max(hit[1], 0.0), w), min(max(hit[2], 0.0), h)
                self.viewport().update()
            return
        if not (self._dragging and self.selectable and self._anchor is not None):
            return super().mouseMoveEvent(event)
        pos = event.position().toPoint()
        vh = self.viewport().height()
        if pos.y() < 0 or pos.y() > vh:  # drag past the edge: scroll along
            vs = self.verticalScrollBar()
            vs.setValue(vs.value() + (pos.y() if pos.y() < 0 else pos.y() - vh))
        hit = self.page_point(pos)
        if hit is None:
            return
        idx, x, y = hit
        text = self.texts.get((idx, 0))
        if text is None:
            self._last_text_wanted = None
            self.text_wanted.emit([idx])
            return
        self._focus = (idx, text.caret_at(x, y))
        self.viewport().update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        press, self._press_pos = self._press_pos, None
        is_click = (press is not None and event.button() == Qt.MouseButton.LeftButton
                    and not (event.modifiers() & (Qt.KeyboardModifier.ShiftModifier
                                                  | Qt.KeyboardModifier.ControlModifier
                                                  | Qt.KeyboardModifier.AltModifier))
                    and (event.position() - press).manhattanLength() <= CLICK_SLOP)
        if self._rubber is not None:
            if is_click:
                self._rubber = None
                self.viewport().update()
            else:
                self._finish_rubber()
        if is_click:
            hit = self.page_point(event.position().toPoint())
            if self._on_page(hit):
                ov = self.overlay_at(*hit)
                if ov is not None and self.tool is None:
                    self.overlay_clicked.emit(ov.key)
                if self.tool == "note":
                    w, h = self.layout.sizes[hit[0]]
                    x, y = min(hit[1], w - NOTE_SIZE), min(hit[2], h - NOTE_SIZE)
                    self.region_drawn.emit("note", hit[0], (x, y, x + NOTE_SIZE, y + NOTE_SIZE),
                                           [(x, y, x + NOTE_SIZE, y + NOTE_SIZE)], "")
                self.clicked.emit(*hit)
        if self._dragging:
            self._dragging = False
            self.selection_changed.emit(self.has_selection())
        return super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Double-click selects the line under the pointer."""
        if not self.selectable:
            return super().mouseDoubleClickEvent(event)
        hit = self.page_point(event.position().toPoint())
        text = self.texts.get((hit[0], 0)) if hit else None
        if not text or not text.line_spans:
            return
        caret = min(text.caret_at(hit[1], hit[2]), len(text) - 1)
        start, end, *_ = text.line_spans[text.lines[caret]]
        self._anchor, self._focus = (hit[0], start), (hit[0], end)
        self._dragging = False
        self.viewport().update()
        self.selection_changed.emit(True)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            from .layout import step_zoom

            steps = event.angleDelta().y()
            if steps:
                self.set_zoom(step_zoom(self.layout.zoom, 1 if steps > 0 else -1))
            event.accept()
            return
        super().wheelEvent(event)
