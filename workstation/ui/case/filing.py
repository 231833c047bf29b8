"""The 归档 workflow of one case (归档员): order templates, drag-and-drop order, 页号, 档号,
卷内目录 and 卷内备考表 (generated PDFs, previewable and printable), the readiness check, 已归档,
and 归档后修改 requests. Every step is a facade call (FilingMethods); the UI offers only
what the facade has, so the panel works while parts of the core are missing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDate, QObject, Qt, QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workstation.changes import Changes
from workstation.ui import i18n
from workstation.ui.bus import ChangeBus
from workstation.ui.errors import error_key, error_text, show_error
from workstation.ui.ops import run_op
from workstation.ui.widgets import data_table, fill_table

FILING_METHODS = ("reorder_items", "move_item", "apply_order_template", "plan_order_template", "renumber",
                  "page_conventions", "order_templates", "assign_archival_code", "generate_contents_list",
                  "generate_closing_note", "list_derivatives", "open_derivative", "filing_check", "mark_filed",
                  "request_edit_approval", "acknowledge_item")


def _tr(text: str) -> str:
    """UI text of this module (context "Filing"; collected by resources/translations/update_ts.py)."""
    return QCoreApplication.translate("Filing", text)


# Readiness problems and warnings of ``filing_check`` by key; keys with figures keep the
# core's own sentence.
FILING_PROBLEMS = {
    "already_filed": QT_TRANSLATE_NOOP("Filing", "案卷已归档"),
    "no_items": QT_TRANSLATE_NOOP("Filing", "案卷中没有文件"),
    "hidden_items": QT_TRANSLATE_NOOP("Filing", "案卷中有超出您密级或知悉范围的文件，须由有权查看全部文件的人员办理归档"),
    "no_archival_code": QT_TRANSLATE_NOOP("Filing", "尚未编档号"),
    "pages_unverified": QT_TRANSLATE_NOOP("Filing", "部分文件尚未检测空白页，请重新编页"),
    "no_contents_list": QT_TRANSLATE_NOOP("Filing", "尚未生成卷内目录"),
    "stale_contents_list": QT_TRANSLATE_NOOP("Filing", "卷内目录生成后案卷又有变化，请重新生成"),
    "no_closing_note": QT_TRANSLATE_NOOP("Filing", "尚未生成卷内备考表"),
    "stale_closing_note": QT_TRANSLATE_NOOP("Filing", "卷内备考表生成后案卷又有变化，请重新生成"),
}
FORM_NAMES = {
    "contents_list": QT_TRANSLATE_NOOP("Filing", "卷内目录"),
    "closing_note": QT_TRANSLATE_NOOP("Filing", "卷内备考表"),
}


def problem_text(problem: dict) -> str:
    key = problem.get("key")
    return _tr(FILING_PROBLEMS[key]) if key in FILING_PROBLEMS else problem.get("message", "")


def form_name(info: dict) -> str:
    kind = info.get("kind")
    return _tr(FORM_NAMES[kind]) if kind in FORM_NAMES else info.get("kind_name", "")


def available(ws) -> set[str]:
    return {name for name in FILING_METHODS if callable(getattr(ws, name, None))}



class _Form(QDialog):
    """A small modal form: fields, an inline error line, OK/Cancel; ``accepted_values`` on OK."""

    accepted_values = Signal(dict)

    def __init__(self, title: str, ok_text: str, intro: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(self.form)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_tr("取消"))
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.fields: dict[str, QWidget] = {}
        self.required: set[str] = set()
        self.setMinimumWidth(460)

    def add(self, key: str, label: str, widget: QWidget, *, required: bool = False) -> QWidget:
        self.form.addRow(label + (" *" if required else ""), widget)
        self.fields[key] = widget
        if required:
            self.required.add(key)
        return widget

    def values(self) -> dict:
        out = {}
        for key, w in self.fields.items():
            if isinstance(w, QLineEdit):
                out[key] = w.text().strip()
            elif isinstance(w, QPlainTextEdit):
                out[key] = w.toPlainText().strip()
            elif isinstance(w, QDateEdit):
                out[key] = w.date().toString("yyyy-MM-dd")
        return out

    def _ok(self) -> None:
        values = self.values()
        missing = [k for k in self.required if not values.get(k)]
        if missing:
            self.show_error(_tr("请填写带 * 的项目。"))
            return
        self.accepted_values.emit(values)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
        self.ok_button.setEnabled(True)


class TemplatePreviewDialog(QDialog):
    """What applying an order template would move (from ``plan_order_template``)."""

    def __init__(self, plan: dict, parent=None):
        super().__init__(parent)
        self.setObjectName("templatePreview")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_tr("按排列模板排序：{name}").format(name=plan["template_name"]))
        moves = plan["moves"]
        intro = QLabel(_tr("将按“{name}”重排 {n} 件文件（共 {total} 件），并按页号约定重新编页。").format(
            name=plan["template_name"], n=len(moves), total=len(plan["items"])) if moves else
            _tr("案卷已符合“{name}”的顺序，无需调整。").format(name=plan["template_name"]))
        intro.setWordWrap(True)
        self.table = data_table([_tr("题名"), _tr("文件类型"), _tr("原位置"), _tr("新位置")], "templateMoves")

        def where(kind, vol, seq):
            return _tr("{kind}第 {vol} 卷 第 {seq} 件").format(kind=i18n.vocab(kind), vol=vol, seq=seq)

        fill_table(self.table, [[m.get("title", ""), m.get("doc_type", ""),
                                 where(m.get("from_kind"), m.get("from_volume"), m.get("from_seq")),
                                 where(m.get("to_kind"), m.get("to_volume"), m.get("to_seq"))] for m in moves])
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, 130)
        self.table.setColumnWidth(2, 150)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText(_tr("应用"))
        self.apply_button.setEnabled(bool(moves))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)


class FilingCheckDialog(QDialog):
    """The readiness report (``filing_check``): problems block 归档, warnings deserve a look."""

    file_requested = Signal()

    def __init__(self, report: dict, parent=None):
        super().__init__(parent)
        self.setObjectName("filingCheck")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_tr("归档检查 — {case_no}").format(case_no=report["case_no"]))
        self.report = report
        lines = [
            _tr("档号：{code}").format(code=report.get("archival_code") or _tr("未编")),
            _tr("页号约定：{name}").format(name=report.get("page_convention_name") or ""),
        ]
        for key, name in (("contents_list", _tr("卷内目录")), ("closing_note", _tr("卷内备考表"))):
            form = report.get(key)
            state = (_tr("第 {v} 版（最新）").format(v=form["version"]) if form and form.get("current")
                     else _tr("第 {v} 版（已过时）").format(v=form["version"]) if form else _tr("未生成"))
            lines.append(f"{name}：{state}")
        facts = QLabel("\n".join(lines))
        self.problems = QLabel(objectName="filingProblems")
        self.problems.setWordWrap(True)
        if report.get("status") == "已归档":
            text = _tr("案卷已于 {at} 由 {who} 归档。").format(at=(report.get("filed_at") or "")[:16].replace("T", " "),
                                                         who=report.get("filed_by") or "")
            self.problems.setProperty("role", "success")
        elif report["problems"]:
            text = _tr("尚不能归档：") + "\n" + "\n".join(f"• {problem_text(p)}" for p in report["problems"])
            self.problems.setProperty("role", "error")
        else:
            text = _tr("可以归档。归档后案卷锁定，修改须经审批并记入审计日志。")
            self.problems.setProperty("role", "success")
        if report["warnings"]:
            text += "\n\n" + _tr("提示：") + "\n" + "\n".join(f"• {problem_text(w)}" for w in report["warnings"])
        self.problems.setText(text)
        buttons = QDialogButtonBox()
        self.file_button = buttons.addButton(_tr("归档（锁定案卷）"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.file_button.setObjectName("markFiled")
        self.file_button.setEnabled(bool(report.get("ready")) and report.get("status") != "已归档")
        close = buttons.addButton(_tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        self.file_button.clicked.connect(self.file_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(facts)
        layout.addWidget(self.problems)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)


class FilingController(QObject):
    """The 归档 menu and the tree's drag-and-drop for one case view."""

    status_message = Signal(str)
    document_ready = Signal(dict)  # an opened derivative (path, kind_name, version…)

    def __init__(self, ws, case_no: str, bus: ChangeBus, owner: QWidget, menu: QMenu):
        super().__init__(owner)
        self.ws, self.case_no, self.bus, self.owner, self.menu = ws, case_no, bus, owner, menu
        self.methods = available(ws)
        self.filed = False
        self.window_open = False  # an approved 归档后修改 window is running
        self.last_check: dict | None = None
        self.dialog: QDialog | None = None
        self.preview = None
        menu.aboutToShow.connect(self._build_menu)

    @property
    def editable(self) -> bool:
        return not self.filed or self.window_open

    @property
    def can_reorder(self) -> bool:
        return "reorder_items" in self.methods and self.editable

    # -- the menu ---------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        menu = self.menu
        menu.clear()
        editable = self.editable
        if "apply_order_template" in self.methods and "order_templates" in self.methods:
            sub = menu.addMenu(_tr("按排列模板排序"))
            sub.setEnabled(editable)
            try:
                templates = self.ws.order_templates()
            except Exception:  # noqa: BLE001 - a broken reference file: no templates offered
                templates = []
            for t in templates:
                sub.addAction(t["name"], lambda tid=t["id"]: self.plan_template(tid))
        if "renumber" in self.methods:
            sub = menu.addMenu(_tr("编页号"))
            sub.setEnabled(editable)
            conventions = self.ws.page_conventions() if "page_conventions" in self.methods else []
            sub.addAction(_tr("按本卷约定重新编页"), lambda: self.renumber(None))
            if conventions:
                sub.addSeparator()
            for c in conventions:
                label = c.get("name") or c["id"]
                if c.get("default"):
                    label += _tr("（默认）")
                sub.addAction(label, lambda cid=c["id"]: self.renumber(cid))
        if "assign_archival_code" in self.methods:
            act = menu.addAction(_tr("编制档号"), self.assign_code)
            act.setEnabled(editable)
        menu.addSeparator()
        if "generate_contents_list" in self.methods:
            menu.addAction(_tr("生成卷内目录"), self.generate_contents_list)
        if "generate_closing_note" in self.methods:
            menu.addAction(_tr("生成卷内备考表…"), self.ask_closing_note)
        if "list_derivatives" in self.methods and "open_derivative" in self.methods:
            sub = menu.addMenu(_tr("已生成的表单"))
            try:
                forms = self.ws.list_derivatives(self.case_no)
            except Exception:  # noqa: BLE001
                forms = []
            for d in forms:
                state = _tr("最新") if d.get("current") else _tr("已过时")
                sub.addAction(_tr("{name} 第 {v} 版（{state}）").format(name=form_name(d), v=d["version"], state=state),
                              lambda did=d["id"]: self.open_derivative(did))
            sub.setEnabled(bool(forms))
        menu.addSeparator()
        if "filing_check" in self.methods:
            menu.addAction(_tr("归档检查…"), self.check)
        if self.filed and "request_edit_approval" in self.methods:
            menu.addAction(_tr("申请归档后修改…"), self.ask_edit_approval)

    # -- order --------------------------------------------------------------------------------------
    def reorder(self, volume: tuple[str, int], item_ids: list[int], on_fail) -> None:
        kind, seq = volume
        ws, case_no = self.ws, self.case_no
        run_op(lambda: ws.reorder_items(case_no, kind, seq, item_ids), success=self._changed,
               failure=on_fail, parent=self.owner)

    def move(self, item_id: int, volume: tuple[str, int], position: int, on_fail) -> None:
        ws = self.ws
        run_op(lambda: ws.move_item(item_id, volume[0], volume[1], position), success=self._changed,
               failure=on_fail, parent=self.owner)

    def plan_template(self, template_id: str) -> None:
        ws, case_no = self.ws, self.case_no
        run_op(lambda: ws.plan_order_template(case_no, template_id), success=self._show_plan, parent=self.owner,
               serial=False)

    def _show_plan(self, plan: dict) -> None:
        dlg = TemplatePreviewDialog(plan, self.owner)
        dlg.accepted.connect(lambda: self.apply_template(plan["template_id"]))
        self.dialog = dlg
        dlg.open()

    def apply_template(self, template_id: str) -> None:
        ws, case_no = self.ws, self.case_no
        run_op(lambda: ws.apply_order_template(case_no, template_id), success=self._changed,
               progress_label=_tr("正在按模板排序并重新编页…"), parent=self.owner)

    def renumber(self, convention_id: str | None) -> None:
        ws, case_no = self.ws, self.case_no

        def done(summary: dict):
            self._changed(Changes(items=True, cases=True))
            self.status_message.emit(_tr("已按“{conv}”重新编页，{n} 件文件的页号有变化。").format(
                conv=summary.get("convention_name") or summary.get("convention") or "",
                n=summary.get("changed_items", 0)))

        run_op(lambda: ws.renumber(case_no, convention_id), success=done,
               progress_label=_tr("正在编页号（检测空白页）…"), parent=self.owner)

    # -- 档号 ------------------------------------------------------------------------------------------
    def assign_code(self) -> None:
        dlg = _Form(_tr("编制档号"), _tr("编制"),
                    _tr("档号按 archival_codes.yaml 的格式编制，取本全宗、本年度的下一个流水号；一经编制不得重编。"),
                    self.owner)
        dlg.setObjectName("archivalCodeDialog")
        unit = QLineEdit(objectName="unitCode")
        unit.setPlaceholderText(_tr("如 BGS；承办机构已配置机构代码时可留空"))
        dlg.add("unit", _tr("机构代码"), unit)
        dlg.accepted_values.connect(lambda values: self.assign_code_with(dlg, values.get("unit") or None))
        self.dialog = dlg
        dlg.open()

    def assign_code_with(self, dlg: _Form | None, unit: str | None) -> None:
        ws, case_no = self.ws, self.case_no
        if dlg is not None:
            dlg.ok_button.setEnabled(False)

        def done(result: dict):
            if dlg is not None:
                dlg.accept()
            self._changed(Changes(cases=True))
            self.status_message.emit(_tr("已编制档号 {code}（归档号 {no}）。").format(
                code=result.get("archival_code", ""), no=result.get("filing_no", "")))

        def failed(exc):
            if dlg is not None:
                dlg.show_error(error_text(exc)[1])
            else:
                show_error(exc, self.owner)

        run_op(lambda: ws.assign_archival_code(case_no, unit=unit), success=done, failure=failed, parent=self.owner)

    # -- forms ----------------------------------------------------------------------------------------
    def generate_contents_list(self) -> None:
        ws, case_no = self.ws, self.case_no
        run_op(lambda: ws.generate_contents_list(case_no), success=self._generated,
               progress_label=_tr("正在生成卷内目录…"), parent=self.owner)

    def ask_closing_note(self) -> None:
        dlg = _Form(_tr("生成卷内备考表"), _tr("生成"),
                    _tr("本卷情况说明中的页数、件数、缺损和音像载体等由系统按目录统计；可补充说明。"), self.owner)
        dlg.setObjectName("closingNoteDialog")
        user = self.ws.user
        dlg.add("compiled_by", _tr("立卷人"), QLineEdit(user.display_name or user.username, objectName="compiledBy"),
                required=True)
        dlg.add("checked_by", _tr("检查人"), QLineEdit(objectName="checkedBy"), required=True)
        when = QDateEdit(QDate.currentDate(), objectName="compiledOn")
        when.setCalendarPopup(True)
        when.setDisplayFormat("yyyy-MM-dd")
        dlg.add("compiled_on", _tr("立卷时间"), when)
        notes = QPlainTextEdit(objectName="closingNotes")
        notes.setFixedHeight(80)
        dlg.add("notes", _tr("补充说明"), notes)
        dlg.accepted_values.connect(lambda values: self.generate_closing_note(dlg, values))
        self.dialog = dlg
        dlg.open()

    def generate_closing_note(self, dlg: _Form | None, values: dict) -> None:
        ws, case_no = self.ws, self.case_no
        if dlg is not None:
            dlg.ok_button.setEnabled(False)

        def done(result):
            if dlg is not None:
                dlg.accept()
            self._generated(result)

        def failed(exc):
            if dlg is not None:
                dlg.show_error(error_text(exc)[1])
            else:
                show_error(exc, self.owner)

        run_op(lambda: ws.generate_closing_note(case_no, **values), success=done, failure=failed,
               progress_label=_tr("正在生成卷内备考表…"), parent=self.owner)

    def _generated(self, result: dict) -> None:
        self.bus.apply(Changes(cases=True), self)
        self.status_message.emit(_tr("已生成{name}第 {v} 版。").format(name=form_name(result),
                                                                    v=result.get("version", "")))
        if "id" in result:
            self.open_derivative(result["id"])

    def open_derivative(self, derivative_id: int) -> None:
        ws = self.ws
        run_op(lambda: ws.open_derivative(derivative_id), success=self._preview, parent=self.owner, serial=False)

    def _preview(self, info: dict) -> None:
        from workstation.ui.case.form_preview import FormPreview

        self.document_ready.emit(info)
        self.preview = FormPreview(info, self.owner)
        self.preview.open()

    # -- 归档 -------------------------------------------------------------------------------------------
    def check(self) -> None:
        ws, case_no = self.ws, self.case_no
        run_op(lambda: ws.filing_check(case_no), success=self._show_check, parent=self.owner, serial=False)

    def _show_check(self, report: dict) -> None:
        self.last_check = report
        dlg = FilingCheckDialog(report, self.owner)
        dlg.file_requested.connect(lambda: self.mark_filed(dlg))
        self.dialog = dlg
        dlg.open()

    def mark_filed(self, dlg: QDialog | None = None) -> None:
        ws, case_no = self.ws, self.case_no

        def done(changes):
            if dlg is not None:
                dlg.accept()
            self._changed(changes)
            self.status_message.emit(_tr("案卷 {case_no} 已归档。").format(case_no=case_no))

        run_op(lambda: ws.mark_filed(case_no), success=done, parent=self.owner)

    def ask_edit_approval(self) -> None:
        dlg = _Form(_tr("申请归档后修改"), _tr("提交申请"),
                    _tr("已归档案卷的修改须经负责人或安全保密管理员批准，在批准的时限内进行，全程记入审计日志。"), self.owner)
        dlg.setObjectName("editRequestDialog")
        dlg.add("reason", _tr("事由"), QLineEdit(objectName="editReason"), required=True)

        def submit(values):
            ws, case_no = self.ws, self.case_no
            dlg.ok_button.setEnabled(False)
            run_op(lambda: ws.request_edit_approval(case_no, values["reason"]),
                   success=lambda rid: (dlg.accept(), self.status_message.emit(
                       _tr("已提交修改申请（编号 {id}），等待审批。").format(id=rid)),
                       self.bus.apply(Changes(cases=True), self)),
                   failure=lambda exc: dlg.show_error(error_text(exc)[1]), parent=dlg)

        dlg.accepted_values.connect(submit)
        self.dialog = dlg
        dlg.open()

    def acknowledge(self, item: dict) -> None:
        dlg = _Form(_tr("确认按现状归档"), _tr("确认"),
                    _tr("“{title}”无法读取（{reason}）。确认后将按现状归档，缺损情况写入卷内备考表。").format(
                        title=item.get("title", ""), reason=item.get("unusable_reason", "")), self.owner)
        dlg.setObjectName("acknowledgeDialog")
        dlg.add("reason", _tr("说明"), QLineEdit(objectName="ackReason"), required=True)

        def submit(values):
            ws, item_id = self.ws, item["id"]
            run_op(lambda: ws.acknowledge_item(item_id, values["reason"]),
                   success=lambda ch: (dlg.accept(), self._changed(ch)),
                   failure=lambda exc: dlg.show_error(error_text(exc)[1]), parent=dlg)

        dlg.accepted_values.connect(submit)
        self.dialog = dlg
        dlg.open()

    def _changed(self, changes) -> None:
        self.bus.apply(changes if isinstance(changes, Changes) else Changes(cases=True, items=True), self)


__all__ = ["FilingController", "available", "error_key"]
