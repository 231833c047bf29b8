"""调阅 requests: business users ask for a case by its 案号; the security officer or a
负责人 approves or refuses (an approval becomes a time-limited grant)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.archive.access import Permission
from workstation.changes import Changes
from workstation.ui import fmt, i18n
from workstation.ui.admin.access import grant_level_combo, until_edit
from workstation.ui.admin.edit_approvals import EditApprovalsPanel, edit_approvals_enabled
from workstation.ui.forms import FormDialog
from workstation.ui.bus import ChangeBus
from workstation.ui.errors import error_key, error_text
from workstation.ui.ops import run_op
from workstation.ui.resources import icon
from workstation.ui.widgets import PageHeader, data_table, fill_table, selected_data


class DecisionDialog(FormDialog):
    def __init__(self, ws, request: dict, approve: bool, on_done, parent=None):
        if approve:
            title, ok = (QCoreApplication.translate("DecisionDialog", "批准调阅申请"),
                         QCoreApplication.translate("DecisionDialog", "批准"))
        else:
            title, ok = (QCoreApplication.translate("DecisionDialog", "拒绝调阅申请"),
                         QCoreApplication.translate("DecisionDialog", "拒绝"))
        super().__init__(title, ok, parent)
        self.setObjectName("decisionDialog")
        self.ws, self.request, self.approve, self.on_done = ws, request, approve, on_done
        info = QLabel(self.tr("申请人：{who}\n案号：{case_no}\n级别：{level}，截止：{until}\n事由：{reason}").format(
            who=request["requester"], case_no=request["case_no"],
            level=i18n.tr_key(i18n.GRANT_LEVELS, request["level"]),
            until=fmt.datetime_text(request["ends_at"], seconds=False), reason=request["reason"]))
        info.setWordWrap(True)
        self.note = QLineEdit(objectName="decisionNote")
        self.note.setPlaceholderText(self.tr("审批意见（可选）"))
        self.body.addWidget(info)
        self.body.addWidget(self.note)
        self.setMinimumWidth(440)

    def submit(self) -> None:
        ws, rid, approve, note = self.ws, self.request["id"], self.approve, self.note.text().strip()
        self.run(lambda: ws.decide_request(rid, approve, note), self.on_done)


class RequestsPage(QWidget):
    def __init__(self, ws, bus: ChangeBus, parent=None):
        super().__init__(parent)
        self.ws, self.bus = ws, bus
        self.setObjectName("requestsPage")
        self.requests: list[dict] = []
        self.last_error_key: str | None = None
        self.may_approve = ws.policy.allows(Permission.APPROVE_REQUESTS)
        self.may_request = ws.policy.allows(Permission.REQUEST_ACCESS)
        desc = (self.tr("审批调阅申请；批准后申请人在期限内可查看该案卷。") if self.may_approve
                else self.tr("需要查阅本人无权查看的案卷时，凭案号提交调阅申请，经批准后在期限内可查看。"))
        header = PageHeader(self.tr("申请与审批") if edit_approvals_enabled(ws) else self.tr("调阅申请"), desc)
        refresh = QPushButton(icon("refresh"), self.tr("刷新"))
        refresh.clicked.connect(self.refresh)
        header.add_button(refresh)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 12, 14, 8)
        outer.addWidget(header)
        access = QWidget()
        layout = QVBoxLayout(access)
        layout.setContentsMargins(0, 6, 0, 0)
        self.edit_panel = None
        if edit_approvals_enabled(ws):
            self.tabs = QTabWidget(objectName="requestTabs")
            self.tabs.addTab(access, self.tr("调阅申请"))
            self.edit_panel = EditApprovalsPanel(ws, bus)
            self.tabs.addTab(self.edit_panel, self.tr("归档后修改申请"))
            self.tabs.currentChanged.connect(lambda i: self.edit_panel.refresh() if i == 1 else None)
            outer.addWidget(self.tabs, 1)
        else:
            outer.addWidget(access, 1)

        if self.may_request:
            layout.addWidget(self._request_form())
        self.status = QComboBox(objectName="requestStatus")
        self.status.addItem(self.tr("全部"), None)
        for key in ("pending", "approved", "refused"):
            self.status.addItem(i18n.tr_key(i18n.REQUEST_STATES, key), key)
        if self.may_approve:
            self.status.setCurrentIndex(1)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.approve_button = QPushButton(icon("ok"), self.tr("批准…"), objectName="approveRequest")
        self.refuse_button = QPushButton(self.tr("拒绝…"), objectName="refuseRequest")
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.refuse_button.clicked.connect(lambda: self.decide(False))
        bar = QHBoxLayout()
        title = QLabel(self.tr("全部调阅申请") if self.may_approve else self.tr("我的调阅申请"))
        title.setProperty("role", "heading")
        bar.addWidget(title)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("状态")))
        bar.addWidget(self.status)
        bar.addStretch(1)
        if self.may_approve:
            bar.addWidget(self.approve_button)
            bar.addWidget(self.refuse_button)
        self.table = data_table([self.tr("编号"), self.tr("申请人"), self.tr("案号"), self.tr("级别"), self.tr("起始"),
                                 self.tr("截止"), self.tr("状态"), self.tr("审批人"), self.tr("审批意见"), self.tr("事由")],
                                "requestsTable")
        for c, w in enumerate((50, 90, 200, 80, 130, 130, 70, 80, 150)):
            self.table.setColumnWidth(c, w)
        self.table.itemSelectionChanged.connect(self._selected)
        self.count = QLabel(objectName="requestCount")
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        bus.changes_applied.connect(lambda ch, _i: self.refresh() if ch.grants else None)
        self._selected()

    # -- new request ------------------------------------------------------------------------------
    def _request_form(self) -> QWidget:
        box = QGroupBox(self.tr("新建调阅申请"))
        self.req_case = QLineEdit(objectName="requestCaseNo")
        self.req_case.setPlaceholderText(self.tr("如：某市监处罚〔2025〕12号"))
        self.req_reason = QLineEdit(objectName="requestReason")
        self.req_reason.setPlaceholderText(self.tr("如：行政复议答辩需要查阅"))
        self.req_level = grant_level_combo("requestLevel")
        self.req_until = until_edit("requestUntil", 14)
        self.req_button = QPushButton(icon("send"), self.tr("提交申请"), objectName="submitRequest")
        self.req_button.clicked.connect(self.submit_request)
        self.req_result = QLabel(objectName="requestResult")
        self.req_result.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("案号 *"), self.req_case)
        form.addRow(self.tr("事由 *"), self.req_reason)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("级别")))
        row.addWidget(self.req_level)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("截止日期")))
        row.addWidget(self.req_until)
        row.addStretch(1)
        row.addWidget(self.req_button)
        form.addRow("", row)
        lay = QVBoxLayout(box)
        lay.addLayout(form)
        lay.addWidget(self.req_result)
        return box

    def submit_request(self) -> None:
        case_no, reason = self.req_case.text().strip(), self.req_reason.text().strip()
        if not case_no or not reason:
            self._request_result(self.tr("请填写案号和事由。"), False, "missing_input")
            return
        ws = self.ws
        level, until = self.req_level.currentData(), self.req_until.date().toString("yyyy-MM-dd")
        self.req_button.setEnabled(False)
        run_op(lambda: ws.create_request(case_no, reason=reason, ends=until, level=level),
               success=lambda rid: self._submitted(rid, case_no), failure=self._request_failed, parent=self)

    def _submitted(self, rid: int, case_no: str) -> None:
        self.req_button.setEnabled(True)
        self.req_case.clear()
        self.req_reason.clear()
        self._request_result(self.tr("已提交调阅申请（编号 {id}，案号 {case_no}），等待审批。").format(id=rid, case_no=case_no),
                             True, None)
        self.bus.apply(Changes(grants=True), self)

    def _request_failed(self, exc: BaseException) -> None:
        self.req_button.setEnabled(True)
        self._request_result(error_text(exc)[1], False, error_key(exc))

    def _request_result(self, text: str, ok: bool, key: str | None) -> None:
        self.last_error_key = key
        self.req_result.setProperty("role", "success" if ok else "error")
        self.req_result.setText(text)
        self.req_result.style().unpolish(self.req_result)
        self.req_result.style().polish(self.req_result)

    # -- list and decisions -------------------------------------------------------------------------
    def refresh(self) -> None:
        ws, status = self.ws, self.status.currentData()
        run_op(lambda: ws.list_requests(status), success=self._loaded, parent=self, serial=False)
        if self.edit_panel is not None:
            self.edit_panel.refresh()

    def _loaded(self, requests: list[dict]) -> None:
        self.requests = requests
        rows = [[str(r["id"]), r["requester"], r["case_no"], i18n.tr_key(i18n.GRANT_LEVELS, r["level"]),
                 fmt.datetime_text(r["starts_at"], seconds=False), fmt.datetime_text(r["ends_at"], seconds=False),
                 i18n.tr_key(i18n.REQUEST_STATES, r["status"]), r["decided_by"] or "", r["decision_note"] or "",
                 r["reason"]] for r in requests]
        fill_table(self.table, rows, data=requests)
        self.count.setText(self.tr("共 %n 条申请", "", len(requests)))
        self._selected()

    def _selected(self) -> None:
        r = selected_data(self.table)
        ok = r is not None and r["status"] == "pending" and r["requester"] != self.ws.username
        self.approve_button.setEnabled(ok)
        self.refuse_button.setEnabled(ok)

    def decide(self, approve: bool) -> None:
        r = selected_data(self.table)
        if r is not None:
            DecisionDialog(self.ws, r, approve, self.bus.apply, self).open()
