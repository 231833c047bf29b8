"""The review workspace (issue 8): side-by-side panes (each any item of the case: the PDF
viewer or the AV view), annotation tools drawn over the PDF, the annotation list with
filters, links between two anchors, and the 法制审核 panel (submission, countdown,
checklist with cited anchors, conclusion, 意见书 draft preview and sign-off).

Everything goes through the ``Workstation`` facade; errors are shown by ``ui.errors``.
The layout of each case (items in the panes, splitter sizes, synchronised scrolling) is
remembered in QSettings under ``review/<case_no>``.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workstation.archive.access import Permission
from workstation.ui.viewer import PdfViewer

TOOLS = ((QT_TRANSLATE_NOOP("ReviewWorkspace", "选择"), None), (QT_TRANSLATE_NOOP("ReviewWorkspace", "高亮"), "highlight"),
         (QT_TRANSLATE_NOOP("ReviewWorkspace", "矩形"), "rect"), (QT_TRANSLATE_NOOP("ReviewWorkspace", "遮盖"), "redaction"),
         (QT_TRANSLATE_NOOP("ReviewWorkspace", "批注"), "note"))
WARN_COLORS = {"yellow": "#b8860b", "red": "#c0392b", "": "#2e7d32"}
ROLE = Qt.ItemDataRole.UserRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewWorkspace", text)


def _is_av(item: dict) -> bool:
    return str(item.get("kind")) in ("video", "audio")


def _guard(fn: Callable) -> Callable:
    """Run a UI action; a WorkstationError is shown (non-modal box, ui.errors), not raised into Qt."""
    from functools import wraps

    from workstation.errors import WorkstationError

    @wraps(fn)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except WorkstationError as exc:
            from workstation.ui import errors

            errors.show_error(exc, args[0] if args and isinstance(args[0], QWidget) else None)
            return None
    return run


class Pane(QWidget):
    """One pane: an item chooser, annotation tools, and the PDF viewer or the AV view."""

    anchor_activated = Signal(object)  # an annotation clicked in this pane (its dict)

    def __init__(self, workspace: "ReviewWorkspace", index: int):
        super().__init__(workspace)
        self.ws_view = workspace
        self.index = index
        self.item: dict | None = None
        self.item_box = QComboBox(self)
        self.item_box.setMinimumContentsLength(8)
        self.item_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.item_box.activated.connect(lambda _row: self.open_item(self.item_box.currentData()))
        self.tools = QButtonGroup(self)
        self.tools.setExclusive(True)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(self.item_box, 1)
        self.tool_buttons: dict[str | None, QToolButton] = {}
        for label, tool in TOOLS:
            b = QToolButton(self)
            b.setText(_tr(label))
            b.setCheckable(True)
            b.setChecked(tool is None)
            b.clicked.connect(lambda _c=False, t=tool: self.set_tool(t))
            self.tools.addButton(b)
            self.tool_buttons[tool] = b
            bar.addWidget(b)
        self.pdf = PdfViewer(self)
        self.pdf.annotation_drawn.connect(self._drawn)
        self.pdf.annotation_clicked.connect(self._clicked)
        self.av = None
        self.av_error = QLabel(_tr("音视频播放组件不可用"), self)
        self.stack = QStackedWidget(self)
        self.placeholder = QLabel(_tr("选择要查看的文件"), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.pdf)
        self.stack.addWidget(self.av_error)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(bar)
        lay.addWidget(self.stack, 1)
        self._markers: list[dict] = []

    # -- items ------------------------------------------------------------------------------
    def set_items(self, items: list[dict]) -> None:
        self.item_box.clear()
        for it in items:
            self.item_box.addItem(("🎞 " if _is_av(it) else "📄 ") + it["title"], it["id"])

    def _av_view(self):
        if self.av is None:
            try:
                from workstation.ui.media import AvView

                self.av = AvView(self, compact=True)
            except Exception:  # noqa: BLE001 - no libVLC: the pane says so
                return None
            self.av.range_selected.connect(self._range_selected)
            self.av.marker_clicked.connect(self._marker_clicked)
            self.stack.addWidget(self.av)
        return self.av

    @_guard
    def open_item(self, item_id: int | None, *, page: int | None = None, rect=None, at_ms: int | None = None) -> None:
        if item_id is None:
            return
        item = self.ws_view.items.get(int(item_id))
        if item is None:
            return
        self.item = item
        row = self.item_box.findData(item["id"])
        if row >= 0:
            self.item_box.setCurrentIndex(row)
        if _is_av(item):
            if self.pdf.item_id is not None:
                self.pdf.close_item()
            view = self._av_view()
            if view is None:
                self.stack.setCurrentWidget(self.av_error)
                return
            self.stack.setCurrentWidget(view)
            if view.item_id != item["id"]:
                view.open_item(self.ws_view.ws, item["id"], at_ms=at_ms or 0)
            elif at_ms is not None:
                view.seek(int(at_ms))
        else:
            if self.av is not None and self.av.item_id is not None:
                self.av.close_item()
            self.stack.setCurrentWidget(self.pdf)
            if self.pdf.item_id != item["id"]:
                self.pdf.open_item(self.ws_view.ws, item["id"], page=page)
            if page is not None:
                self.pdf.show_rect(page, rect)
        for tool, b in self.tool_buttons.items():
            b.setEnabled(not _is_av(item) or tool is None)
        self.refresh_annotations()
        self.ws_view.pane_changed()

    def close_item(self) -> None:
        self.pdf.close_item()
        if self.av is not None and self.av.item_id is not None:
            self.av.close_item()

    def set_tool(self, tool: str | None) -> None:
        self.pdf.set_tool(tool)
        self.tool_buttons[tool].setChecked(True)

    # -- anchors ----------------------------------------------------------------------------
    def anchor(self) -> dict | None:
        """Where this pane stands: the selected annotation, else the page, else the AV
        position (or the range marked on the timeline)."""
        if self.item is None:
            return None
        sel = self.ws_view.selected_annotation
        if sel is not None and sel["item_id"] == self.item["id"]:
            return {"annotation_id": sel["id"]}
        if _is_av(self.item):
            if self.av is None:
                return None
            return {"item_id": self.item["id"], "start_ms": int(self.av.position_ms() or 0)}
        return self.pdf.anchor()

    # -- annotations --------------------------------------------------------------------------
    def refresh_annotations(self) -> None:
        if self.item is None:
            return
        mine = [a for a in self.ws_view.annotations if a["item_id"] == self.item["id"]]
        if _is_av(self.item):
            if self.av is not None:
                self._markers = [a for a in mine if a["kind"] == "av_range"]
                from workstation.ui.media import Marker

                self.av.set_markers([Marker(a["start_ms"], a["end_ms"], "#e6a23c", a["note"] or a["category"])
                                     for a in self._markers])
        else:
            self.pdf.set_annotations(mine)
            sel = self.ws_view.selected_annotation
            self.pdf.select_annotation(sel["id"] if sel else None)

    @_guard
    def _drawn(self, tool: str, page: int, rect, quads, text: str) -> None:
        note = ""
        if tool == "note":
            note = self.ws_view.ask_note()
            if not note:
                return
        a = self.ws_view.ws.add_annotation(self.item["id"], tool, page=page, rect=list(rect),
                                           quads=[list(q) for q in quads], quote=text, note=note,
                                           category=self.ws_view.category(), visibility=self.ws_view.visibility())
        self.ws_view.annotation_added(a)

    @_guard
    def _range_selected(self, start_ms: int, end_ms: int) -> None:
        note = self.ws_view.ask_note()
        a = self.ws_view.ws.add_annotation(self.item["id"], "av_range", start_ms=int(start_ms), end_ms=int(end_ms),
                                           note=note or "", category=self.ws_view.category(),
                                           visibility=self.ws_view.visibility())
        self.ws_view.annotation_added(a)

    def _clicked(self, key) -> None:
        a = next((x for x in self.ws_view.annotations if x["id"] == key), None)
        if a is not None:
            self.ws_view.select_annotation(a)

    def _marker_clicked(self, index: int) -> None:
        if 0 <= index < len(self._markers):
            self.ws_view.select_annotation(self._markers[index])


class ReviewWorkspace(QWidget):
    """The review workspace of one case."""

    status_message = Signal(str)

    def __init__(self, ws: Any, case_no: str, parent: QWidget | None = None, *, panes: int = 2):
        super().__init__(parent)
        self.bus = None  # the main window's change bus, set by the page that hosts this workspace
        self.ws = ws
        self.case_no = case_no
        self.items: dict[int, dict] = {}
        self.annotations: list[dict] = []
        self.links: list[dict] = []
        self.selected_annotation: dict | None = None
        self.note_provider: Callable[[], str] | None = None  # tests and scripts replace the dialog
        self._syncing = False
        self.panes = [Pane(self, i) for i in range(max(2, panes))]
        self.pane_split = QSplitter(Qt.Orientation.Horizontal, self)
        for p in self.panes:
            self.pane_split.addWidget(p)
        self.sync_box = QCheckBox(_tr("同步滚动"), self)
        self.sync_box.setToolTip(_tr("比对同一文书的两个版本时，左右两个 PDF 一起滚动"))
        self.sync_box.toggled.connect(self._save_layout)
        self.category_box = QComboBox(self)
        self.private_box = QCheckBox(_tr("仅本人可见"), self)
        self.link_button = QPushButton(_tr("关联两个窗格的位置"), self)
        self.link_button.clicked.connect(self.link_panes)
        self.can_annotate = ws.policy.allows(Permission.ANNOTATE)
        for w in (self.category_box, self.private_box, self.link_button):
            w.setEnabled(self.can_annotate)
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 4)
        self.title_label = QLabel(self)
        self.title_label.setStyleSheet("font-weight: bold")
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(self.title_label, 1)
        top.addWidget(QLabel(_tr("批注类别")))
        top.addWidget(self.category_box)
        top.addWidget(self.private_box)
        top.addWidget(self.link_button)
        top.addWidget(self.sync_box)

        from workstation.ui.review.panel import AnnotationList, LinkList, ReviewPanel

        self.annotation_list = AnnotationList(self)
        self.link_list = LinkList(self)
        self.review_panel = ReviewPanel(self)
        self.side = QTabWidget(self)
        self.side.addTab(self.review_panel, _tr("法制审核"))
        self.side.addTab(self.annotation_list, _tr("批注"))
        self.side.addTab(self.link_list, _tr("关联"))
        self.side.setMinimumWidth(320)
        for p in self.panes:
            p.setMinimumWidth(260)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(self.pane_split)
        self.split.addWidget(self.side)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.splitterMoved.connect(lambda *_: self._save_layout())
        self.pane_split.splitterMoved.connect(lambda *_: self._save_layout())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.split, 1)
        a, b = self.panes[0].pdf.canvas.verticalScrollBar(), self.panes[1].pdf.canvas.verticalScrollBar()
        a.valueChanged.connect(lambda _v: self._sync(0, 1))
        b.valueChanged.connect(lambda _v: self._sync(1, 0))
        self.load()

    # -- loading -----------------------------------------------------------------------------
    @_guard
    def load(self) -> None:
        detail = self.ws.show_case(self.case_no)
        self.case = detail
        self.title_label.setText(f"{detail.get('case_no', self.case_no)}  {detail.get('title', '')}")
        self.items = {}
        for vol in detail.get("volumes", []):
            for it in vol.get("items", []):
                self.items[it["id"]] = it
        for p in self.panes:
            p.set_items(list(self.items.values()))
        ref = self.ws.review_reference()
        self.category_box.clear()
        self.category_box.addItems(ref["categories"])
        self.review_panel.set_reference(ref)
        self.reload_annotations()
        self.review_panel.refresh()
        self._restore_layout()

    def reload_annotations(self) -> None:
        self.annotations = self.ws.list_annotations(self.case_no)
        self.links = self.ws.list_links(self.case_no)
        if self.selected_annotation is not None:
            self.selected_annotation = next((a for a in self.annotations if a["id"] == self.selected_annotation["id"]),
                                            None)
        self.annotation_list.refresh()
        self.link_list.refresh()
        for p in self.panes:
            p.refresh_annotations()

    # -- annotation helpers -------------------------------------------------------------------
    def category(self) -> str:
        return self.category_box.currentText()

    def visibility(self) -> str:
        return "private" if self.private_box.isChecked() else "shared"

    def ask_note(self) -> str:
        if self.note_provider is not None:
            return self.note_provider()
        text, ok = QInputDialog.getText(self, _tr("批注"), _tr("批注内容："))
        return text.strip() if ok else ""

    def annotation_added(self, a: dict) -> None:
        self.selected_annotation = a
        self.reload_annotations()
        self.status_message.emit(_tr("已添加批注：%s") % a["citation"])

    def select_annotation(self, a: dict | None) -> None:
        self.selected_annotation = a
        self.annotation_list.select(a["id"] if a else None)
        for p in self.panes:
            p.refresh_annotations()

    def pane_for(self, item_id: int) -> Pane:
        """The pane already showing the item, else the first pane showing the other media
        type's counterpart rule: PDFs go left, recordings right."""
        for p in self.panes:
            if p.item and p.item["id"] == item_id:
                return p
        item = self.items.get(item_id, {})
        return self.panes[1] if _is_av(item) else self.panes[0]

    def go_to(self, anchor: dict, pane: Pane | None = None) -> None:
        """Open an anchor (page, region or time) in a pane: the exact page or second."""
        if anchor.get("annotation_id") is not None and anchor.get("item_id") is None:
            a = next((x for x in self.annotations if x["id"] == anchor["annotation_id"]), None)
            if a is None:
                return
            anchor = a["anchor"]
        pane = pane or self.pane_for(int(anchor["item_id"]))
        pane.open_item(anchor["item_id"], page=anchor.get("page"), rect=anchor.get("rect"),
                       at_ms=anchor.get("start_ms"))

    def follow_link(self, link: dict, from_item: int | None = None) -> None:
        """Show both ends of a link side by side (the end on ``from_item`` stays put)."""
        a, b = link["a"], link["b"]
        if from_item is not None and b["item_id"] == from_item:
            a, b = b, a
        first = self.pane_for(a["item_id"])
        other = next(p for p in self.panes if p is not first)
        self.go_to(a, first)
        self.go_to(b, other)

    @_guard
    def link_panes(self) -> dict | None:
        """Link the anchors of the first two panes (selected annotation, page or AV time)."""
        a, b = self.panes[0].anchor(), self.panes[1].anchor()
        if not a or not b:
            self.status_message.emit(_tr("两个窗格都须打开文件"))
            return None
        note = self.ask_note()
        link = self.ws.add_link(a, b, note=note, visibility=self.visibility())
        self.reload_annotations()
        self.side.setCurrentWidget(self.link_list)
        return link

    # -- synchronised scrolling and the remembered layout --------------------------------------
    def _sync(self, src: int, dst: int) -> None:
        if not self.sync_box.isChecked() or self._syncing:
            return
        a, b = self.panes[src], self.panes[dst]
        if a.item is None or b.item is None or _is_av(a.item) or _is_av(b.item):
            return
        self._syncing = True
        try:
            b.pdf.set_view_position(*a.pdf.view_position())
        finally:
            self._syncing = False

    def _settings_key(self) -> str:
        return "review/" + self.case_no

    def pane_changed(self) -> None:
        self._save_layout()

    def _save_layout(self) -> None:
        if getattr(self, "_restoring", False):
            return
        state = {"items": [p.item["id"] if p.item else None for p in self.panes],
                 "sizes": self.pane_split.sizes(), "side": self.split.sizes(), "sync": self.sync_box.isChecked()}
        QSettings().setValue(self._settings_key(), json.dumps(state))

    def _restore_layout(self) -> None:
        raw = QSettings().value(self._settings_key())
        try:
            state = json.loads(raw) if raw else {}
        except (TypeError, ValueError):
            state = {}
        self._restoring = True
        try:
            items = state.get("items") or []
            if not items:  # first time: the first PDF left, the first recording right
                docs = [i for i, it in self.items.items() if not _is_av(it)]
                avs = [i for i, it in self.items.items() if _is_av(it)]
                items = [docs[0] if docs else None, (avs or docs[1:] or [None])[0]]
            for p, item_id in zip(self.panes, items):
                if item_id in self.items:
                    p.open_item(item_id)
            if state.get("sizes"):
                self.pane_split.setSizes(state["sizes"])
            if state.get("side"):
                self.split.setSizes(state["side"])
            self.sync_box.setChecked(bool(state.get("sync")))
        finally:
            self._restoring = False

    def close_items(self) -> None:
        for p in self.panes:
            p.close_item()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.close_items()
        super().closeEvent(event)


class PdfPreview(QDialog):
    """A read-only preview of a generated 意见书 (rendered pages)."""

    def __init__(self, path: str, parent: QWidget | None = None, title: str = ""):
        super().__init__(parent)
        import pymupdf

        self.setWindowTitle(title or _tr("意见书预览"))
        self.resize(720, 860)
        inner = QWidget()
        col = QVBoxLayout(inner)
        self.pages: list[QLabel] = []
        with pymupdf.open(path) as doc:
            for page in doc:
                pix = page.get_pixmap(matrix=pymupdf.Matrix(1.1, 1.1))
                img = QImage(pix.samples, pix.width, pix.height, pix.stride, QImage.Format.Format_RGB888).copy()
                label = QLabel()
                label.setPixmap(QPixmap.fromImage(img))
                label.setStyleSheet("border: 1px solid #999; background: white")
                col.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
                self.pages.append(label)
        scroll = QScrollArea(self)
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        lay = QVBoxLayout(self)
        lay.addWidget(scroll)


__all__ = ["Pane", "PdfPreview", "ReviewWorkspace", "WARN_COLORS"]
