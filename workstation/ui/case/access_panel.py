"""知悉范围 of one case: its grants, shown only to the security officer (MANAGE_ACCESS)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

from workstation.ui import fmt, i18n
from workstation.ui.bus import ChangeBus
from workstation.ui.ops import run_op


class AccessPanel(QGroupBox):
    def __init__(self, ws, bus: ChangeBus, parent=None):
        super().__init__(self.tr("知悉范围（有效授权）"), parent)
        self.setObjectName("accessPanel")
        self.ws = ws
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("对象"), self.tr("级别"), self.tr("截止"), self.tr("事由")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(180)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        self.grants: list[dict] = []

    def set_case(self, case_no: str) -> None:
        ws = self.ws
        run_op(lambda: ws.list_grants(case_no), success=self._show, parent=self, serial=False)

    def _show(self, grants: list[dict]) -> None:
        self.grants = [g for g in grants if g["state"] in ("active", "pending")]
        self.table.setRowCount(len(self.grants))
        for r, g in enumerate(self.grants):
            who = g["user"] or self.tr("部门：{d}").format(d=g["department"])
            until = fmt.datetime_text(g["ends_at"], seconds=False) if g["ends_at"] else self.tr("长期")
            for c, text in enumerate((who, i18n.tr_key(i18n.GRANT_LEVELS, g["level"]), until, g["reason"])):
                self.table.setItem(r, c, QTableWidgetItem(text))
