"""The 法制审核 navigation page: a case chooser (open reviews first, with their countdown)
and the review workspace of the chosen case."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workstation.ui.review.workspace import WARN_COLORS, ReviewWorkspace, _guard


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReviewWorkspace", text)


class ReviewPage(QWidget):
    status_message = Signal(str)

    def __init__(self, ws: Any, bus: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.bus = bus
        if bus is not None:  # an intake step or sign-off changes the countdowns shown here
            bus.changes_applied.connect(self._changes_applied)
        self.workspace: ReviewWorkspace | None = None
        self.case_box = QComboBox(self)
        self.case_box.setMinimumContentsLength(30)
        self.open_button = QPushButton(_tr("打开"), self)
        self.open_button.clicked.connect(lambda: self.open_case(self.case_box.currentData()))
        self.refresh_button = QPushButton(_tr("刷新"), self)
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_tr("案卷")))
        bar.addWidget(self.case_box, 1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.refresh_button)
        self.body = QVBoxLayout()
        self.empty = QLabel(_tr("选择一个案卷进行法制审核"), self)
        self.body.addWidget(self.empty, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(bar)
        lay.addLayout(self.body, 1)
        self._loaded = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def _changes_applied(self, changes, _initiator) -> None:
        if getattr(changes, "cases", False) and self._loaded:
            self.refresh()

    @_guard
    def refresh(self) -> None:
        chosen = self.case_box.currentData()
        deadlines = self.ws.review_deadlines()
        cases = self.ws.list_cases()
        cases.sort(key=lambda c: (c["case_no"] not in deadlines,
                                  (deadlines.get(c["case_no"]) or {}).get("remaining") or 0))
        self.case_box.clear()
        for c in cases:
            d = deadlines.get(c["case_no"])
            label = f"{c['case_no']}  {c['title']}" + (f"  【{d['text'] or d['status_name']}】" if d else "")
            self.case_box.addItem(label, c["case_no"])
            if d and d["warning"]:
                self.case_box.setItemData(self.case_box.count() - 1, QBrush(QColor(WARN_COLORS[d["warning"]])),
                                          3)  # Qt.ForegroundRole
        if chosen is not None and self.case_box.findData(chosen) >= 0:
            self.case_box.setCurrentIndex(self.case_box.findData(chosen))

    def open_case(self, case_no: str | None) -> ReviewWorkspace | None:
        if not case_no:
            return None
        if self.workspace is not None:
            self.workspace.close_items()
            self.workspace.setParent(None)
            self.workspace.deleteLater()
        self.empty.hide()
        self.workspace = ReviewWorkspace(self.ws, case_no, self)
        self.workspace.bus = self.bus  # intake actions announce changes (case list countdowns)
        self.workspace.status_message.connect(self.status_message)
        self.body.addWidget(self.workspace, 1)
        return self.workspace
