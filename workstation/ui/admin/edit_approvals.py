"""归档后修改 requests: the 归档员 sees their own; a 负责人 or the 安全保密管理员 approves a
time-boxed edit window or refuses."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.archive.access import Permission
from workstation.ui import fmt, i18n
from workstation.ui.forms import FormDialog
from workstation.ui.bus import ChangeBus
from workstation.ui.ops import run_op
from workstation.ui.widgets import data_table, fill_table, selected_data

EDIT_STATES = {
    "pending": QT_TRANSLATE_NOOP("Keys", "待审批"),
    "approved": QT_TRANSLATE_NOOP("Keys", "修改中"),
    "expired": QT_TRANSLATE_NOOP("Keys", "时限已过"),
    "closed": QT_TRANSLATE_NOOP("Keys", "已结束"),
    "refused": QT_TRANSLATE_NOOP("Keys", "已拒绝"),
}


class EditDecisionDialog(FormDialog):
    def __init__(self, ws, request: dict, approve: bool, on_done, parent=None):
        if approve:
            title, ok = (QCoreApplication.translate("EditDecisionDialog", "批准归档后修改"),
                         QCoreApplication.translate("EditDecisionDialog", "批准"))
        else:
            title, ok = (QCoreApplication.translate("EditDecisionDialog", "拒绝归档后修改"),
                         QCoreApplication.translate("EditDecisionDialog", "拒绝"))
        super().__init__(title, ok, parent)
        self.setObjectName("editDecisionDialog")
        self.ws, self.request, self.approve, self.on_done = ws, request, approve, on_done
        info = QLabel(QCoreApplication.translate("EditDecisionDialog", "申请人：{who}\n案号：{case_no}\n事由：{reason}").format(
            who=request["requester"], case_no=request["case_no"], reason=request["reason"]))
        info.setWordWrap(True)
        self.body.addWidget(info)
        self.hours = QDoubleSpinBox(objectName="editHours")
        self.hours.setRange(0.5, 168)
        self.hours.setValue(24)
        self.hours.setSuffix(QCoreApplication.translate("EditDecisionDialog", " 小时"))
        if approve:
            row = QHBoxLayout()
            row.addWidget(QLabel(QCoreApplication.translate("EditDecisionDialog", "修改时限")))
            row.addWidget(self.hours)
            row.addStretch(1)
            self.body.addLayout(row)
        self.note = QLineEdit(objectName="editNote")
        self.note.setPlaceholderText(QCoreApplication.translate("EditDecisionDialog", "审批意见（可选）"))
        self.body.addWidget(self.note)

    def submit(self) -> None:
        ws, rid, note = self.ws, self.request["id"], self.note.text().strip()
        if self.approve:
            hours = self.hours.value()
            self.run(lambda: ws.approve_edit(rid, hours=hours, note=note), self.on_done)
        else:
            self.run(lambda: ws.refuse_edit(rid, note), self.on_done)


class EditApprovalsPanel(QWidget):
    def __init__(self, ws, bus: ChangeBus, parent=None):
        super().__init__(parent)
        self.ws, self.bus = ws, bus
        self.setObjectName("editApprovals")
        self.items: list[dict] = []
        self.may_approve = ws.policy.allows(Permission.APPROVE_REQUESTS)
        self.status = QComboBox(objectName="editStatus")
        self.status.addItem(self.tr("全部"), None)
        for key in ("pending", "approved", "refused", "closed"):
            self.status.addItem(i18n.tr_key(EDIT_STATES, key), key)
        if self.may_approve:
            self.status.setCurrentIndex(1)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.approve_button = QPushButton(self.tr("批准…"), objectName="approveEdit")
        self.refuse_button = QPushButton(self.tr("拒绝…"), objectName="refuseEdit")
        self.close_button = QPushButton(self.tr("结束修改"), objectName="closeEdit")
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.refuse_button.clicked.connect(lambda: self.decide(False))
        self.close_button.clicked.connect(self.close_window)
        bar = QHBoxLayout()
        hint = QLabel(self.tr("已归档案卷的修改须经批准，在批准的时限内进行。") if not self.may_approve
                      else self.tr("批准后，申请人在时限内可修改该已归档案卷；全部修改记入审计日志。"))
        hint.setProperty("role", "hint")
        bar.addWidget(QLabel(self.tr("状态")))
        bar.addWidget(self.status)
        bar.addWidget(hint, 1)
        if self.may_approve:
            bar.addWidget(self.approve_button)
            bar.addWidget(self.refuse_button)
        bar.addWidget(self.close_button)
        self.table = data_table([self.tr("编号"), self.tr("案号"), self.tr("申请人"), self.tr("事由"), self.tr("状态"),
                                 self.tr("审批人"), self.tr("修改截止"), self.tr("审批意见")], "editTable")
        for c, w in enumerate((50, 200, 90, 220, 80, 80, 130)):
            self.table.setColumnWidth(c, w)
        self.table.itemSelectionChanged.connect(self._selected)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        bus.changes_applied.connect(lambda ch, _i: self.refresh() if ch.cases else None)
        self._selected()

    def refresh(self) -> None:
        ws, status = self.ws, self.status.currentData()
        run_op(lambda: ws.list_edit_approvals(status=status), success=self._loaded, parent=self, serial=False)

    def _loaded(self, items: list[dict]) -> None:
        self.items = items
        rows = [[str(a["id"]), a["case_no"], a["requester"] or "", a["reason"],
                 i18n.tr_key(EDIT_STATES, a["state"], a["state"]), a["decided_by"] or "",
                 fmt.datetime_text(a.get("window_ends_at"), seconds=False), a.get("decision_note") or ""]
                for a in items]
        fill_table(self.table, rows, data=items)
        self._selected()

    def _selected(self) -> None:
        a = selected_data(self.table)
        pending = a is not None and a["status"] == "pending" and a["requester"] != self.ws.username
        self.approve_button.setEnabled(pending)
        self.refuse_button.setEnabled(pending)
        self.close_button.setEnabled(a is not None and a["state"] == "approved")

    def decide(self, approve: bool) -> None:
        a = selected_data(self.table)
        if a is not None:
            EditDecisionDialog(self.ws, a, approve, self.bus.apply, self).open()

    def close_window(self) -> None:
        a = selected_data(self.table)
        if a is not None:
            ws, rid = self.ws, a["id"]
            run_op(lambda: ws.close_edit_window(rid), success=lambda ch: self.bus.apply(ch, self), parent=self)


def edit_approvals_enabled(ws) -> bool:
    return callable(getattr(ws, "list_edit_approvals", None)) and (
        ws.policy.allows(Permission.APPROVE_REQUESTS) or ws.policy.allows(Permission.EDIT_CASE))

