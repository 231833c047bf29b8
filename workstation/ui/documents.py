"""Document tabs: an opened item in the PDF viewer (workstation.ui.viewer), audio/video in
the libVLC player (workstation.ui.media.AvView), or an information pane for other files."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workstation.ui import fmt, i18n
from workstation.ui.errors import show_error
from workstation.ui.resources import icon

log = logging.getLogger(__name__)
VIEWABLE_KINDS = {"document", "image"}
AV_KINDS = {"video", "audio"}


class DocumentTab(QWidget):
    """One opened item. ``close_document()`` ends the viewing (the reader writes its audit)."""

    def __init__(self, ws, item: dict, case_no: str, *, page: int | None = None, highlights=None,
                 at_ms: float | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("documentTab")
        self.ws = ws
        self.item = item
        self.case_no = case_no
        self.viewer = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if item.get("kind") in AV_KINDS:
            from workstation.ui.media import AvView

            self.viewer = AvView(self)
            layout.addWidget(self.viewer)
            self.viewer.open_item(ws, item["id"], at_ms=at_ms)  # problems are shown inside the view
        elif item.get("kind") in VIEWABLE_KINDS:
            from workstation.ui.viewer import PdfViewer

            self.viewer = PdfViewer(self)
            layout.addWidget(self.viewer)
            try:
                self.viewer.open_item(ws, item["id"], page=page, highlights=highlights)
            except Exception as exc:  # noqa: BLE001 - shown by the presenter, the tab stays
                show_error(exc, self)
        else:
            layout.addWidget(self._placeholder(item))

    def _placeholder(self, item: dict) -> QWidget:
        box = QWidget(objectName="documentPlaceholder")
        lay = QVBoxLayout(box)
        lay.addStretch(1)
        badge = QLabel()
        badge.setPixmap(icon({"audio": "audio", "video": "video"}.get(item.get("kind"), "doc")).pixmap(64, 64))
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(item.get("title") or "", objectName="placeholderTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        facts = fmt.join_nonempty([
            i18n.tr_key(i18n.ITEM_KINDS, item.get("kind")),
            self.tr("{n} 页").format(n=item["page_count"]) if item.get("page_count") else "",
            fmt.duration_text(item.get("duration_ms")), fmt.size_text(item.get("size")),
            item.get("original_name") or "",
        ])
        note = self.tr("此类资料暂不能在此显示。")
        body = QLabel(f"{facts}\n\n{note}")
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.setWordWrap(True)
        body.setProperty("role", "hint")
        for w in (badge, title, body):
            lay.addWidget(w)
        lay.addStretch(2)
        return box

    def close_document(self) -> None:
        if self.viewer is not None:
            try:
                self.viewer.close_item()
            except Exception:  # noqa: BLE001 - closing must always succeed
                log.exception("viewer close_item failed")
            self.viewer = None
