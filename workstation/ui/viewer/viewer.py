"""PdfViewer: the document viewer widget (tool bar, thumbnails, page strip, find bar).

It receives the ``Workstation`` facade with each item it opens and touches the archive only
through it: ``ws.open_item`` gives the ``ItemReader`` (readable file, watermarked renders,
the one ``item.view`` audit event on close) and the export grant decides whether text may
be selected and copied. All MuPDF work happens on the document's own worker thread.

UI strings are Chinese source text passed through ``QCoreApplication.translate`` (context
"PdfViewer"), so an English .qm can translate them.
"""

from __future__ import annotations

import time
from typing import Any, Iterable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QIntValidator, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .canvas import Overlay, PageCanvas
from .find import FindController
from .layout import fit_width_zoom, step_zoom, zoom_key
from .thumbnails import ThumbnailBar
from .worker import DocWorker, Failed, FindChunk, Opened, Rendered, RenderFailed, Sizes, TextReady

DEFAULT_CACHE_BYTES = 192 * 1024 * 1024
ZOOM_CHOICES = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
Rect = tuple[float, float, float, float]


def _tr(text: str) -> str:
    return QCoreApplication.translate("PdfViewer", text)


def export_allowed(ws: Any, item_id: int) -> bool:
    """Whether this user may export the item, and so select and copy its text."""
    check = getattr(ws, "can_export_item", None)
    if callable(check):
        return bool(check(item_id))
    from workstation.archive.access import Permission

    if not ws.policy.allows(Permission.EXPORT):
        return False
    with ws.archive.read() as s:
        return bool(ws.policy.may_item(s, item_id, "export"))


def _marks(highlights: Iterable[tuple[int, Iterable[Rect]]] | None) -> dict[int, list[Rect]]:
    """Search-hit rectangles by page index (from 1-based page numbers)."""
    marks: dict[int, list[Rect]] = {}
    for page_no, rects in highlights or ():
        marks.setdefault(int(page_no) - 1, []).extend(tuple(float(v) for v in r) for r in rects)
    return marks


def _landing(marks: dict[int, list[Rect]], page: int | None) -> tuple[int, Rect | None]:
    """Where to open: ``page`` (1-based) or the first highlighted page, and the topmost hit there."""
    if page is not None:
        index = int(page) - 1
    elif any(marks.values()):
        index = min(p for p, rs in marks.items() if rs)
    else:
        index = min(marks, default=0)
    rects = marks.get(index)
    return max(index, 0), (min(rects, key=lambda r: (r[1], r[0])) if rects else None)


class _Bridge(QObject):
    """The signal a worker thread emits; its receiver lives in the UI thread, so each event
    is queued there."""

    event = Signal(object)


class PdfViewer(QWidget):
    opened = Signal(int)  # item id; the page count is known
    closed = Signal(int)  # item id; its item.view audit event is written
    failed = Signal(str)  # a message in Chinese (the document could not be opened)
    page_changed = Signal(int, int)  # current page (1-based), page count
    zoom_changed = Signal(float)
    find_progress = Signal(int, int, int)  # pages searched, page count, hits so far
    find_finished = Signal(int)  # hits
    first_page_drawn = Signal(float)  # ms from open_item() to the first page drawn sharp
    page_rendered = Signal(int, float)  # page (1-based), render time in ms (worker side)
    page_clicked = Signal(int, float, float)  # a plain left click: page (1-based), x, y in PDF points
    # an annotation tool finished: tool ("highlight" | "rect" | "redaction" | "note"), page
    # (1-based), bounding rect, quads (one per text line for a highlight), the text under it
    annotation_drawn = Signal(str, int, object, object, str)
    annotation_clicked = Signal(object)  # the key given with set_annotations()

    def __init__(self, parent: QWidget | None = None, *, cache_bytes: int = DEFAULT_CACHE_BYTES):
        super().__init__(parent)
        self._ws: Any = None
        self._reader: Any = None
        self._item_id: int | None = None
        self._worker: DocWorker | None = None
        self._bridge: _Bridge | None = None
        self._token: object | None = None
        self._can_copy = False
        self._copy_decided = False
        self._copy_reason = ""
        self._opened_at = 0.0
        self._first_drawn = False
        self._landing: tuple[int, Rect | None] = (0, None)
        self._zoom_request: float | None = None
        self.render_times: list[tuple[float, float]] = []  # (wall, CPU) ms per page image, for benchmarks

        self.canvas = PageCanvas(cache_bytes, self)
        self.thumbnails = ThumbnailBar(self)
        self.thumbnails.hide()
        self._build_toolbar()
        self._find = FindController(self.canvas, self.find_label, lambda: self._worker, self)
        self._find.progress.connect(self.find_progress)
        self._find.finished.connect(self.find_finished)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.thumbnails)
        body.addWidget(self.canvas, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.toolbar)
        outer.addLayout(body, 1)

        self.canvas.current_page_changed.connect(self._on_current_page)
        self.canvas.zoom_changed.connect(self._on_zoom)
        self.canvas.page_drawn.connect(self._on_page_drawn)
        self.canvas.selection_changed.connect(lambda _has: self._update_copy_action())
        self.canvas.clicked.connect(lambda idx, x, y: self.page_clicked.emit(idx + 1, x, y))
        self.canvas.region_drawn.connect(
            lambda tool, idx, rect, quads, text: self.annotation_drawn.emit(tool, idx + 1, rect, quads, text))
        self.canvas.overlay_clicked.connect(self.annotation_clicked)
        self.thumbnails.page_activated.connect(lambda row: self.go_to_page(row + 1))
        self.canvas.pages_wanted.connect(self._want_pages)
        self.canvas.text_wanted.connect(self._want_text)
        self.thumbnails.thumbs.thumbs_wanted.connect(self._want_thumbs)
        self.canvas.set_forget(lambda key: self._forget(("page", key[0], key[1])), lambda i: self._forget(("text", i)))
        self.thumbnails.thumbs.cache.on_evict = lambda key: self._forget(("thumb", key[0], key[1]))
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close_item)
        self._set_enabled(False)

    # -- tool bar -------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None, *, checkable: bool = False,
                tip: str = "") -> QAction:
        act = QAction(_tr(text), self)
        act.setCheckable(checkable)
        if shortcut:
            seqs = shortcut if isinstance(shortcut, list) else [shortcut]
            act.setShortcuts([QKeySequence(s) for s in seqs])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.setToolTip(_tr(tip or text) + (f" ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                                           if shortcut else ""))
        (act.toggled if checkable else act.triggered).connect(slot)
        self.addAction(act)
        return act

    def _build_toolbar(self) -> None:
        tb = self.toolbar = QToolBar(self)
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.thumbs_action = self._action("缩略图", self.set_thumbnails_visible, checkable=True,
                                          tip="显示或隐藏页面缩略图")
        self.prev_page_action = self._action("上一页", self.previous_page, None)
        self.next_page_action = self._action("下一页", self.next_page, None)
        self.page_box = QLineEdit(self)
        self.page_box.setFixedWidth(56)
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_box.setToolTip(_tr("输入页码后按回车跳转") + " (Ctrl+G)")
        self.page_box.setAccessibleName(_tr("页码"))
        self.page_box.returnPressed.connect(self._page_box_entered)
        self.page_total = QLabel(" / 0 ", self)
        self.zoom_out_action = self._action("缩小", self.zoom_out, [QKeySequence.StandardKey.ZoomOut, "Ctrl+-"])
        self.zoom_box = QComboBox(self)
        self.zoom_box.setEditable(True)
        self.zoom_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zoom_box.setMinimumContentsLength(6)
        self.zoom_box.addItem(_tr("适合宽度"))
        for z in ZOOM_CHOICES:
            self.zoom_box.addItem(f"{round(z * 100)}%")
        self.zoom_box.setToolTip(_tr("缩放比例"))
        self.zoom_box.activated.connect(self._zoom_box_chosen)
        self.zoom_box.lineEdit().returnPressed.connect(self._zoom_box_entered)
        self.zoom_in_action = self._action("放大", self.zoom_in, [QKeySequence.StandardKey.ZoomIn, "Ctrl+="])
        self.fit_width_action = self._action("适合宽度", self.fit_width, "Ctrl+0", tip="页面宽度适合窗口")
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText(_tr("在文档中查找"))
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMinimumWidth(140)
        self.find_box.setToolTip(_tr("回车查找下一个，Shift+回车查找上一个") + " (Ctrl+F)")
        self.find_box.returnPressed.connect(self._find_entered)
        self.find_box.textChanged.connect(lambda t: self.clear_find() if not t else None)
        self.find_prev_action = self._action("上一个", self.find_previous, "Shift+F3", tip="上一处查找结果")
        self.find_next_action = self._action("下一个", self.find_next, "F3", tip="下一处查找结果")
        self.find_label = QLabel("", self)
        self.find_label.setMinimumWidth(90)
        self.copy_action = self._action("复制", self.copy_selection, QKeySequence.StandardKey.Copy)
        self.select_page_action = self._action("全选本页", self.select_current_page, QKeySequence.StandardKey.SelectAll,
                                               tip="选中当前页的全部文字")
        self._action("查找", self._focus_find, QKeySequence.StandardKey.Find)
        self._action("跳转到页", self._focus_page_box, "Ctrl+G")
        self._action("首页", lambda: self.go_to_page(1), "Home")
        self._action("末页", lambda: self.go_to_page(self.page_count), "End")

        tb.addAction(self.thumbs_action)
        tb.addSeparator()
        tb.addAction(self.prev_page_action)
        tb.addWidget(self.page_box)
        tb.addWidget(self.page_total)
        tb.addAction(self.next_page_action)
        tb.addSeparator()
        tb.addAction(self.zoom_out_action)
        tb.addWidget(self.zoom_box)
        tb.addAction(self.zoom_in_action)
        tb.addAction(self.fit_width_action)
        tb.addSeparator()
        tb.addWidget(self.find_box)
        tb.addAction(self.find_prev_action)
        tb.addAction(self.find_next_action)
        tb.addWidget(self.find_label)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        tb.addAction(self.copy_action)

    def _set_enabled(self, on: bool) -> None:
        for w in (self.prev_page_action, self.next_page_action, self.zoom_out_action, self.zoom_in_action,
                  self.fit_width_action, self.find_prev_action, self.find_next_action):
            w.setEnabled(on)
        for w in (self.page_box, self.zoom_box, self.find_box):
            w.setEnabled(on)
        self._update_copy_action()

    def _update_copy_action(self) -> None:
        open_ = self._reader is not None
        self.select_page_action.setEnabled(open_ and self._can_copy)
        if open_ and self._copy_decided and not self._can_copy:
            self.copy_action.setEnabled(False)
            self.copy_action.setToolTip(self._copy_reason)
        else:
            self.copy_action.setEnabled(open_ and self.canvas.has_selection())
            self.copy_action.setToolTip(_tr("复制选中的文字") + " (Ctrl+C)")

    # -- opening and closing ------------------------------------------------------------
    @property
    def item_id(self) -> int | None:
        return self._item_id

    @property
    def reader(self) -> Any:
        return self._reader

    @property
    def worker(self) -> DocWorker | None:
        return self._worker

    @property
    def page_count(self) -> int:
        return self.canvas.page_count

    @property
    def current_page(self) -> int:
        """1-based; 0 when nothing is open."""
        return self.canvas.current_page + 1 if self.canvas.page_count else 0

    @property
    def zoom(self) -> float:
        return self.canvas.zoom

    @property
    def can_copy(self) -> bool:
        return self._can_copy

    @property
    def copy_disabled_reason(self) -> str:
        return self._copy_reason if self._copy_decided and not self._can_copy else ""

    def open_item(self, ws: Any, item_id: int, page: int | None = None,
                  highlights: Iterable[tuple[int, Iterable[Rect]]] | None = None, *, zoom: float | None = None) -> None:
        """Open an item and show it at ``page`` (1-based) or at the first highlight.

        ``highlights``: ``[(page_no, [(x0, y0, x1, y1), ...]), ...]`` in PDF points, 1-based
        pages (what a search hit gives); they stay marked until another item is opened.
        ``zoom`` (1.0 = 72 dpi) instead of fitting the page width. Raises the facade's
        ``WorkstationError`` (not found, no access, session locked) before changing anything.
        """
        self._opened_at = time.perf_counter()
        if self._reader is not None and ws is self._ws and item_id == self._item_id:
            # Already open (e.g. another hit in the same document): move, don't reopen, so
            # the viewing stays one audit event.
            self.show_hits(highlights, page)
            if zoom is not None:
                self.set_zoom(zoom)
            return
        reader = ws.open_item(item_id)  # access check + the handle whose close is audited
        self.close_item()
        self._ws, self._reader, self._item_id = ws, reader, item_id
        self._first_drawn = False
        self._can_copy = False  # decided once the first page is on screen (_after_first_page)
        self._copy_decided = False
        self._copy_reason = _tr("没有此件的“下载/导出”授权，不能选择或复制文字；如需摘录，请申请导出授权。")
        marks = _marks(highlights)
        self._landing = _landing(marks, page)
        self.canvas.reset()
        self.canvas.highlights = marks
        self.canvas.selectable = False
        self.canvas.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        self.canvas.fit_width = zoom is None
        self._find.reset()
        self.thumbnails.thumbs.set_sizes([])
        self._set_enabled(False)
        self._update_copy_action()

        # Worker events reach _on_event through a queued connection (the receiver is this
        # widget, in the UI thread); the token drops events of a document closed since.
        token = self._token = object()
        bridge = self._bridge = _Bridge(self)
        bridge.event.connect(self._on_event)

        def emit(evt: object) -> None:
            try:
                bridge.event.emit((token, evt))
            except RuntimeError:  # the bridge is gone: the viewer closed this document
                pass

        dpr = self.canvas.devicePixelRatioF()
        avail = self.canvas.available_width()

        def first_zoom(w: float, _h: float) -> float:
            return (zoom if zoom is not None else fit_width_zoom(avail, w)) * dpr

        # Render the landing page right away only if the canvas has its real size; a viewer
        # opened before it is shown lays out and renders once it is.
        eager = first_zoom if self.canvas.isVisible() else None

        self._zoom_request = zoom
        self._worker = DocWorker(reader, emit, first_page=self._landing[0], first_zoom=eager)
        self.canvas.message = _tr("正在打开……")
        self._worker.start()

    def close_item(self) -> None:
        """Stop the worker, close the reader (writes the one ``item.view`` audit event)."""
        reader, item_id = self._reader, self._item_id
        if reader is None:
            return
        worker, self._worker = self._worker, None
        self._reader, self._item_id, self._ws, self._token = None, None, None, None
        if self._bridge is not None:
            try:
                self._bridge.event.disconnect()
            except (RuntimeError, TypeError):
                pass
            self._bridge.deleteLater()
            self._bridge = None
        try:
            if worker is not None:
                worker.stop()
        finally:
            self.canvas.reset()
            self.thumbnails.thumbs.set_sizes([])
            self._find.reset()
            self._can_copy = False
            self.canvas.selectable = False
            self._set_enabled(False)
            self.page_box.clear()
            self.page_total.setText(" / 0 ")
            try:
                reader.close()
            finally:
                self.closed.emit(item_id)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.close_item()
        super().closeEvent(event)

    # -- to the worker --------------------------------------------------------------------
    def _want_pages(self, wanted: list) -> None:
        if self._worker is not None:
            self._worker.want_pages(wanted, zoom_key)

    def _want_thumbs(self, wanted: list) -> None:
        if self._worker is not None:
            self._worker.want_thumbs(wanted, zoom_key)

    def _want_text(self, pages: list) -> None:
        if self._worker is not None:
            self._worker.want_text(pages)

    def _forget(self, key: tuple) -> None:
        if self._worker is not None:
            self._worker.forget(key)

    # -- worker events --------------------------------------------------------------------
    def _on_event(self, message: tuple) -> None:
        token, evt = message
        if token is not self._token:
            return  # from a document closed since
        if isinstance(evt, Rendered):
            kind, index, zkey = evt.key
            if kind == "page":
                evt.image.setDevicePixelRatio(self.canvas.devicePixelRatioF())
                self.canvas.add_image(index, zkey, evt.image)
                self.render_times.append((evt.render_ms, evt.cpu_ms))
                del self.render_times[:-2000]
                self.page_rendered.emit(index + 1, evt.render_ms)
            else:
                self.thumbnails.thumbs.add_image(index, zkey, evt.image)
        elif isinstance(evt, TextReady):
            self.canvas.add_text(evt.index, evt.text)
        elif isinstance(evt, FindChunk):
            self._find.on_chunk(evt)
        elif isinstance(evt, Sizes):
            self.canvas.set_page_sizes(evt.sizes)
            self.thumbnails.thumbs.update_sizes(evt.sizes)
        elif isinstance(evt, RenderFailed):
            if evt.key[0] == "page":
                self.canvas.add_failure(evt.key[1], evt.message)
                if not self._first_drawn:
                    self._first_drawn = True
                    self._after_first_page()
        elif isinstance(evt, Opened):
            self._on_opened(evt)
        elif isinstance(evt, Failed):
            self.canvas.message = evt.message
            self.canvas.viewport().update()
            self.failed.emit(evt.message)
            self._first_drawn = True
            self._after_first_page()

    def _on_opened(self, evt: Opened) -> None:
        self.canvas.message = "" if evt.page_count else _tr("文档没有页面")
        self.canvas.set_document(evt.page_count, evt.first_size, self._zoom_request)
        self.thumbnails.thumbs.dpr = self.thumbnails.devicePixelRatioF()
        self.thumbnails.thumbs.set_sizes([evt.first_size] * evt.page_count)
        self.page_box.setValidator(QIntValidator(1, max(1, evt.page_count), self.page_box))
        self.page_total.setText(f" / {evt.page_count} ")
        self._set_enabled(evt.page_count > 0)
        self._go_to_landing()
        self._on_current_page(self.canvas.current_page)
        self.canvas.viewport().update()
        if evt.page_count == 0 and not self._first_drawn:
            self._first_drawn = True
            self._after_first_page()
        self.opened.emit(self._item_id)

    def _on_page_drawn(self, index: int) -> None:
        if not self._first_drawn:
            self._first_drawn = True
            self.first_page_drawn.emit((time.perf_counter() - self._opened_at) * 1000)
            self._after_first_page()

    def _after_first_page(self) -> None:
        """Work that the first page need not wait for: page sizes, the copy permission."""
        if self._worker is not None:
            self._worker.allow_background()
        if self._reader is None:
            return
        try:
            self._can_copy = export_allowed(self._ws, self._item_id)
        except Exception:  # noqa: BLE001 - when in doubt, no copying
            self._can_copy = False
        self._copy_decided = True
        self.canvas.selectable = self._can_copy
        self.canvas.set_tool(self.canvas.tool)  # the cursor: the tool's, or the text cursor
        self._update_copy_action()
        self.canvas._schedule()

    def _on_current_page(self, index: int) -> None:
        if not self.page_box.hasFocus():
            self.page_box.setText(str(index + 1) if self.page_count else "")
        self.thumbnails.set_current(index)
        self.prev_page_action.setEnabled(index > 0)
        self.next_page_action.setEnabled(index + 1 < self.page_count)
        self.page_changed.emit(index + 1, self.page_count)

    def _on_zoom(self, zoom: float) -> None:
        self._sync_zoom_box()
        self.zoom_changed.emit(zoom)

    def _sync_zoom_box(self) -> None:
        text = _tr("适合宽度") if self.canvas.fit_width else f"{round(self.canvas.zoom * 100)}%"
        if self.zoom_box.currentText() != text:
            self.zoom_box.setEditText(text)

    # -- navigation and zoom ------------------------------------------------------------------
    def go_to_page(self, page_no: int) -> None:
        """Show page ``page_no`` (1-based, clamped to the document)."""
        if self.page_count:
            self.canvas.go_to_page(int(page_no) - 1)

    def next_page(self) -> None:
        self.go_to_page(self.current_page + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page - 1)

    def set_zoom(self, zoom: float) -> None:
        """Zoom to ``zoom`` (1.0 = 72 dpi, shown as 100 %), keeping the view's centre."""
        self.canvas.set_zoom(zoom)
        self._sync_zoom_box()

    def zoom_in(self) -> None:
        self.set_zoom(step_zoom(self.canvas.zoom, 1))

    def zoom_out(self) -> None:
        self.set_zoom(step_zoom(self.canvas.zoom, -1))

    def fit_width(self) -> None:
        """Fit the page width to the window (and keep fitting it when the window resizes)."""
        self.canvas.set_zoom(self.canvas.zoom, fit_width=True)
        self._sync_zoom_box()

    def set_thumbnails_visible(self, visible: bool) -> None:
        """Thumbnails are hidden by default: every thumbnail shown is a page rendered for
        this person and counts as viewed in the audit event."""
        self.thumbnails.setVisible(bool(visible))
        if self.thumbs_action.isChecked() != bool(visible):
            self.thumbs_action.setChecked(bool(visible))
        if visible:
            self.thumbnails.set_current(self.canvas.current_page)

    def _page_box_entered(self) -> None:
        text = self.page_box.text().strip()
        if text.isdigit():
            self.go_to_page(int(text))
        self.canvas.setFocus()
        self._on_current_page(self.canvas.current_page)

    def _zoom_box_chosen(self, row: int) -> None:
        if row == 0:
            self.fit_width()
        else:
            self.set_zoom(ZOOM_CHOICES[row - 1])

    def _zoom_box_entered(self) -> None:
        text = self.zoom_box.currentText().strip().rstrip("%％").strip()
        try:
            self.set_zoom(float(text) / 100)
        except ValueError:
            self._sync_zoom_box()

    def _focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def _focus_page_box(self) -> None:
        self.page_box.setFocus()
        self.page_box.selectAll()

    # -- find in document -------------------------------------------------------------------
    def find(self, text: str) -> None:
        """Search the whole document (on the worker thread); hits arrive in chunks, the view
        moves to the first hit at or after the current page."""
        if self.find_box.text() != text:
            self.find_box.blockSignals(True)
            self.find_box.setText(text)
            self.find_box.blockSignals(False)
        self._find.start(text)

    def clear_find(self) -> None:
        self._find.clear()

    def find_next(self) -> None:
        self._find.step(1)

    def find_previous(self) -> None:
        self._find.step(-1)

    @property
    def find_running(self) -> bool:
        return not self._find.done

    @property
    def find_hits(self) -> list[tuple[int, Rect]]:
        """All hits found so far: (page 1-based, rect in PDF points), in page order."""
        return self._find.hits

    @property
    def current_hit(self) -> tuple[int, Rect] | None:
        return self._find.current

    def _find_entered(self) -> None:
        needle = " ".join(self.find_box.text().split())
        if needle and needle == self._find.needle:
            shift = QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier
            self._find.step(-1 if shift else 1)
        else:
            self.find(self.find_box.text())

    def set_highlights(self, highlights: Iterable[tuple[int, Iterable[Rect]]] | None) -> None:
        """Replace the marked search hits (1-based pages, rects in PDF points)."""
        self.canvas.highlights = _marks(highlights)
        self.canvas.viewport().update()

    def show_hits(self, highlights: Iterable[tuple[int, Iterable[Rect]]] | None, page: int | None = None) -> None:
        """Mark ``highlights`` and go to ``page`` (1-based) or the first of them, in the
        document already open."""
        marks = _marks(highlights)
        self.canvas.highlights = marks
        self._landing = _landing(marks, page)
        if self.page_count:
            self._go_to_landing()
        self.canvas.viewport().update()

    def _go_to_landing(self) -> None:
        index, rect = self._landing
        index = min(index, max(self.page_count - 1, 0))
        if rect is not None:
            self.canvas.go_to_page(index, rect[1])
            self.canvas.ensure_visible(index, rect)
        else:
            self.canvas.go_to_page(index)

    # -- anchors, annotation overlays and tools -----------------------------------------------
    def anchor(self) -> dict | None:
        """Where the viewer stands: ``{"item_id", "page"}`` (1-based page), None when closed."""
        if self._item_id is None or not self.page_count:
            return None
        return {"item_id": self._item_id, "page": self.current_page}

    def set_tool(self, tool: str | None) -> None:
        """Choose an annotation tool: "highlight" (drag over text), "rect", "redaction" (drag
        a rectangle), "note" (click); None for text selection. The result arrives as
        ``annotation_drawn``; the viewer itself stores nothing."""
        if tool not in (None, "highlight", "rect", "redaction", "note"):
            raise ValueError(tool)
        self.canvas.set_tool(tool)

    @property
    def tool(self) -> str | None:
        return self.canvas.tool

    def set_annotations(self, annotations: Iterable[dict]) -> None:
        """Draw annotations over the pages: dicts with "page" (1-based), "kind", "rect" and
        optionally "quads" (PDF points) and "id" (the key ``annotation_clicked`` gives back)."""
        overlays: dict[int, list[Overlay]] = {}
        for a in annotations:
            if a.get("page") is None or a.get("rect") is None:
                continue
            rects = a.get("quads") or [a["rect"]]
            overlays.setdefault(int(a["page"]) - 1, []).append(
                Overlay(a.get("id"), a.get("kind", "rect"), rects, a.get("note") or ""))
        self.canvas.set_overlays(overlays)

    def select_annotation(self, key) -> None:
        self.canvas.selected_overlay = key
        self.canvas.viewport().update()

    def show_rect(self, page: int, rect: Rect | None = None) -> None:
        """Go to ``page`` (1-based) and bring ``rect`` (PDF points) into view."""
        if not self.page_count:
            self._landing = (int(page) - 1, tuple(rect) if rect else None)
            return
        if rect is None:
            self.go_to_page(page)
        else:
            index = max(0, min(self.page_count - 1, int(page) - 1))
            self.canvas.go_to_page(index, rect[1])
            self.canvas.ensure_visible(index, tuple(rect))

    def view_position(self) -> tuple[int, float]:
        """(page 1-based, fraction of that page scrolled past the top), for synchronised scrolling."""
        c = self.canvas
        if not c.layout.sizes:
            return 0, 0.0
        y = c.verticalScrollBar().value()
        idx = c.layout.page_at(y)
        h = c.layout.sizes[idx][1] * c.layout.zoom
        return idx + 1, (y - c.layout.tops[idx]) / h if h else 0.0

    def set_view_position(self, page: int, fraction: float) -> None:
        c = self.canvas
        if not c.layout.sizes:
            return
        idx = max(0, min(c.layout.page_count - 1, int(page) - 1))
        h = c.layout.sizes[idx][1] * c.layout.zoom
        c.verticalScrollBar().setValue(round(c.layout.tops[idx] + fraction * h))

    # -- selection and copy -----------------------------------------------------------------
    def select_current_page(self) -> bool:
        """Select all text of the current page (needs the export grant)."""
        if not self._can_copy:
            return False
        return self.canvas.select_page(self.canvas.current_page)

    def selected_text(self) -> str:
        return self.canvas.selected_text() if self._can_copy else ""

    def copy_selection(self) -> str | None:
        """Copy the selected text to the clipboard; None when not permitted or nothing selected.
        The grant is checked again, so a grant revoked while the item is open stops copying."""
        if self._reader is None or not self._can_copy:
            return None
        try:
            allowed = export_allowed(self._ws, self._item_id)
        except Exception:  # noqa: BLE001 - e.g. the session locked meanwhile
            allowed = False
        if not allowed:
            self._can_copy = False
            self.canvas.selectable = False
            self.canvas.clear_selection()
            self.canvas.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            self._update_copy_action()
            return None
        text = self.canvas.selected_text()
        if not text:
            return None
        QApplication.clipboard().setText(text)
        return text
