"""密级与授权 (安全保密管理员): 知悉范围 grants, role rules, people's clearances and
案卷定密. The security officer sees no case content: case numbers are typed, as on the
paper request that asks for them."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
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

from workstation.archive.access import GRANT_LEVELS
from workstation.archive.vocab import Classification, Role
from workstation.changes import Changes
from workstation.ui import fmt, i18n
from workstation.ui.forms import FormDialog
from workstation.ui.bus import ChangeBus
from workstation.ui.errors import error_text
from workstation.ui.ops import run_op
from workstation.ui.resources import icon
from workstation.ui.widgets import PageHeader, data_table, fill_table, selected_data


def level_combo(name: str, ws, default: str = "内部") -> QComboBox:
    combo = QComboBox(objectName=name)
    for c in Classification:
        if ws.policy.can_see_level(c):
            combo.addItem(i18n.vocab(c.value), c.value)
    combo.setCurrentIndex(max(0, combo.findData(default)))
    return combo


def grant_level_combo(name: str) -> QComboBox:
    combo = QComboBox(objectName=name)
    for lv in GRANT_LEVELS:
        combo.addItem(i18n.tr_key(i18n.GRANT_LEVELS, lv), lv)
    return combo


def until_edit(name: str, days: int = 30) -> QDateEdit:
    edit = QDateEdit(objectName=name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(QDate.currentDate().addDays(1))
    edit.setDate(QDate.currentDate().addDays(days))
    return edit


class AddGrantDialog(FormDialog):
    def __init__(self, ws, on_done, parent=None, *, case_no: str = "", names: list[str] = ()):
        super().__init__(self.tr("新增授权（知悉范围）"), self.tr("授权"), parent)
        self.setObjectName("addGrantDialog")
        self.ws, self.on_done = ws, on_done
        self.case_no = QLineEdit(case_no, objectName="grantCaseNo")
        self.item_id = QLineEdit(objectName="grantItemId")
        self.item_id.setPlaceholderText(self.tr("留空表示整个案卷"))
        self.user = QLineEdit(objectName="grantUser")
        self.user.setCompleter(QCompleter(sorted(set(names)), self))
        self.department = QLineEdit(objectName="grantDepartment")
        self.department.setPlaceholderText(self.tr("或授予整个部门"))
        self.level = grant_level_combo("grantLevel")
        self.limited = QCheckBox(self.tr("设定截止日期"), checked=True)
        self.until = until_edit("grantUntil")
        self.limited.toggled.connect(self.until.setEnabled)
        self.reason = QLineEdit(objectName="grantReason")
        form = QFormLayout()
        form.addRow(self.tr("案号 *"), self.case_no)
        form.addRow(self.tr("件（ID）"), self.item_id)
        form.addRow(self.tr("用户"), self.user)
        form.addRow(self.tr("部门"), self.department)
        form.addRow(self.tr("授权级别"), self.level)
        row = QHBoxLayout()
        row.addWidget(self.limited)
        row.addWidget(self.until, 1)
        form.addRow(self.tr("期限"), row)
        form.addRow(self.tr("事由 *"), self.reason)
        self.body.addLayout(form)
        self.setMinimumWidth(480)

    def submit(self) -> None:
        case_no = self.case_no.text().strip()
        item = self.item_id.text().strip()
        if not case_no:
            self.show_error(self.tr("请填写案号。"), "missing_input")
            return
        if item and not item.isdigit():
            self.show_error(self.tr("件的 ID 应为数字。"), "invalid_input")
            return
        ws = self.ws
        kwargs = dict(user=self.user.text().strip() or None, department=self.department.text().strip() or None,
                      level=self.level.currentData(), reason=self.reason.text().strip(),
                      ends=self.until.date().toString("yyyy-MM-dd") if self.limited.isChecked() else None,
                      item_id=int(item) if item else None)
        self.run(lambda: ws.add_grant(case_no, **kwargs), lambda _id: self.on_done(Changes(grants=True)))


class AddRuleDialog(FormDialog):
    def __init__(self, ws, on_done, parent=None):
        super().__init__(self.tr("新增访问规则"), self.tr("添加"), parent)
        self.setObjectName("addRuleDialog")
        self.ws, self.on_done = ws, on_done
        self.role = QComboBox(objectName="ruleRole")
        for r in (Role.ARCHIVIST, Role.REVIEWER, Role.EVALUATOR, Role.READER, Role.APPROVER):
            self.role.addItem(i18n.vocab(r.value), r.value)
        self.department = QLineEdit(objectName="ruleDepartment")
        self.department.setPlaceholderText(self.tr("留空表示所有部门"))
        self.unit = QLineEdit(objectName="ruleUnit")
        self.unit.setPlaceholderText(self.tr("留空表示所有承办机构的案卷"))
        self.top = level_combo("ruleMax", ws)
        self.level = grant_level_combo("ruleLevel")
        self.reason = QLineEdit(objectName="ruleReason")
        form = QFormLayout()
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("人员部门"), self.department)
        form.addRow(self.tr("案卷承办机构"), self.unit)
        form.addRow(self.tr("最高密级"), self.top)
        form.addRow(self.tr("授权级别"), self.level)
        form.addRow(self.tr("依据/事由"), self.reason)
        self.body.addLayout(form)
        self.setMinimumWidth(460)

    def submit(self) -> None:
        ws = self.ws
        kwargs = dict(role=Role(self.role.currentData()), max_classification=self.top.currentData(),
                      department=self.department.text().strip(), case_unit=self.unit.text().strip(),
                      level=self.level.currentData(), reason=self.reason.text().strip())
        self.run(lambda: ws.add_rule(**kwargs), lambda _id: self.on_done(Changes(grants=True)))


class AccessPage(QWidget):
    def __init__(self, ws, bus: ChangeBus, parent=None):
        super().__init__(parent)
        self.ws, self.bus = ws, bus
        self.setObjectName("accessPage")
        self.grants: list[dict] = []
        self.rules: list[dict] = []
        header = PageHeader(self.tr("密级与授权"), self.tr("知悉范围授权、按角色的访问规则、人员密级与案卷定密。每项操作均写入审计日志。"))
        self.tabs = QTabWidget(objectName="accessTabs")
        self.tabs.addTab(self._grants_tab(), icon("key"), self.tr("知悉范围授权"))
        self.tabs.addTab(self._rules_tab(), icon("rules"), self.tr("访问规则"))
        self.tabs.addTab(self._clearance_tab(), icon("shield"), self.tr("人员密级与定密"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 8)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)
        bus.changes_applied.connect(self._on_changes)

    # -- grants -------------------------------------------------------------------------------------
    def _grants_tab(self) -> QWidget:
        page = QWidget()
        self.grant_case = QLineEdit(objectName="grantFilterCase")
        self.grant_case.setPlaceholderText(self.tr("按案号筛选（回车）"))
        self.grant_case.setClearButtonEnabled(True)
        self.grant_case.returnPressed.connect(self.refresh_grants)
        self.show_inactive = QCheckBox(self.tr("显示已撤销/已过期"), objectName="showInactive")
        self.show_inactive.toggled.connect(lambda _c: self._show_grants())
        add = QPushButton(icon("plus"), self.tr("新增授权…"), objectName="addGrant")
        add.clicked.connect(self.add_grant)
        self.revoke_button = QPushButton(self.tr("撤销授权"), objectName="revokeGrant")
        self.revoke_button.clicked.connect(self.revoke_grant)
        bar = QHBoxLayout()
        bar.addWidget(self.grant_case, 1)
        bar.addWidget(self.show_inactive)
        bar.addStretch(1)
        bar.addWidget(add)
        bar.addWidget(self.revoke_button)
        self.grant_table = data_table([self.tr("编号"), self.tr("案号"), self.tr("件"), self.tr("授权对象"),
                                       self.tr("级别"), self.tr("生效"), self.tr("截止"), self.tr("状态"),
                                       self.tr("事由")], "grantsTable")
        for c, w in enumerate((50, 200, 50, 130, 80, 130, 130, 70)):
            self.grant_table.setColumnWidth(c, w)
        self.grant_table.itemSelectionChanged.connect(self._grant_selected)
        lay = QVBoxLayout(page)
        lay.addLayout(bar)
        lay.addWidget(self.grant_table, 1)
        self._grant_selected()
        return page

    def refresh_grants(self) -> None:
        ws, case_no = self.ws, self.grant_case.text().strip() or None
        run_op(lambda: ws.list_grants(case_no), success=self._grants_loaded, failure=self._grant_failure,
               parent=self, serial=False)

    def _grant_failure(self, exc):
        from workstation.ui.errors import show_error

        self.grants = []
        self._show_grants()
        show_error(exc, self)

    def _grants_loaded(self, grants: list[dict]) -> None:
        self.grants = grants
        self._show_grants()

    def _show_grants(self) -> None:
        grants = [g for g in self.grants if self.show_inactive.isChecked() or g["state"] in ("active", "pending")]
        rows = [[str(g["id"]), g["case_no"], str(g["item_id"] or ""),
                 g["user"] or self.tr("部门：{d}").format(d=g["department"]),
                 i18n.tr_key(i18n.GRANT_LEVELS, g["level"]), fmt.datetime_text(g["starts_at"], seconds=False),
                 fmt.datetime_text(g["ends_at"], seconds=False) if g["ends_at"] else self.tr("长期"),
                 i18n.tr_key(i18n.GRANT_STATES, g["state"]), g["reason"]] for g in grants]
        fill_table(self.grant_table, rows, data=grants)
        self._grant_selected()

    def _grant_selected(self) -> None:
        g = selected_data(self.grant_table)
        self.revoke_button.setEnabled(g is not None and g["state"] in ("active", "pending"))

    def known_names(self) -> list[str]:
        return [g["user"] for g in self.grants if g["user"]]

    def add_grant(self) -> None:
        AddGrantDialog(self.ws, self.bus.apply, self, case_no=self.grant_case.text().strip(),
                       names=self.known_names()).open()

    def revoke_grant(self) -> None:
        g = selected_data(self.grant_table)
        if g is None:
            return
        ws, gid = self.ws, g["id"]
        run_op(lambda: ws.revoke_grant(gid), success=self.bus.apply, parent=self)

    # -- rules --------------------------------------------------------------------------------------
    def _rules_tab(self) -> QWidget:
        page = QWidget()
        add = QPushButton(icon("plus"), self.tr("新增规则…"), objectName="addRule")
        add.clicked.connect(lambda: AddRuleDialog(self.ws, self.bus.apply, self).open())
        self.deactivate_button = QPushButton(self.tr("停用规则"), objectName="deactivateRule")
        self.deactivate_button.clicked.connect(self.deactivate_rule)
        note = QLabel(self.tr("规则按角色、部门和承办机构授予一类人员查看一类案卷，且不超过规则的最高密级与本人密级。"))
        note.setProperty("role", "hint")
        note.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(note, 1)
        bar.addWidget(add)
        bar.addWidget(self.deactivate_button)
        self.rule_table = data_table([self.tr("编号"), self.tr("角色"), self.tr("人员部门"), self.tr("案卷承办机构"),
                                      self.tr("最高密级"), self.tr("级别"), self.tr("状态"), self.tr("依据/事由")],
                                     "rulesTable")
        for c, w in enumerate((50, 110, 110, 150, 80, 90, 60)):
            self.rule_table.setColumnWidth(c, w)
        self.rule_table.itemSelectionChanged.connect(
            lambda: self.deactivate_button.setEnabled(bool((selected_data(self.rule_table) or {}).get("active"))))
        lay = QVBoxLayout(page)
        lay.addLayout(bar)
        lay.addWidget(self.rule_table, 1)
        self.deactivate_button.setEnabled(False)
        return page

    def refresh_rules(self) -> None:
        ws = self.ws
        run_op(ws.list_rules, success=self._rules_loaded, parent=self, serial=False)

    def _rules_loaded(self, rules: list[dict]) -> None:
        self.rules = rules
        any_text = self.tr("（全部）")
        rows = [[str(r["id"]), i18n.vocab(r["role"]), r["department"] or any_text, r["case_unit"] or any_text,
                 i18n.vocab(r["max_classification"]), i18n.tr_key(i18n.GRANT_LEVELS, r["level"]),
                 self.tr("有效") if r["active"] else self.tr("已停用"), r["reason"]] for r in rules]
        fill_table(self.rule_table, rows, data=rules)

    def deactivate_rule(self) -> None:
        r = selected_data(self.rule_table)
        if r is not None:
            ws, rid = self.ws, r["id"]
            run_op(lambda: ws.deactivate_rule(rid), success=self.bus.apply, parent=self)

    # -- clearances and 定密 ---------------------------------------------------------------------------
    def _clearance_tab(self) -> QWidget:
        page = QWidget()
        people = QGroupBox(self.tr("设定人员密级"))
        self.clear_user = QLineEdit(objectName="clearanceUser")
        self.clear_level = level_combo("clearanceLevel", self.ws)
        self.clear_dept = QLineEdit(objectName="clearanceDepartment")
        self.clear_dept.setPlaceholderText(self.tr("留空则不改部门"))
        set_button = QPushButton(self.tr("设定"), objectName="setClearance")
        set_button.clicked.connect(self.set_clearance)
        f = QFormLayout(people)
        f.addRow(self.tr("用户名"), self.clear_user)
        f.addRow(self.tr("密级"), self.clear_level)
        f.addRow(self.tr("部门"), self.clear_dept)
        f.addRow("", set_button)
        case = QGroupBox(self.tr("案卷或文件定密"))
        self.cls_case = QLineEdit(objectName="classifyCase")
        self.cls_item = QLineEdit(objectName="classifyItem")
        self.cls_item.setPlaceholderText(self.tr("留空表示整个案卷"))
        self.cls_level = level_combo("classifyLevel", self.ws, "秘密")
        self.cls_term = QLineEdit(objectName="classifyTerm")
        self.cls_term.setPlaceholderText(self.tr("如：10年，或解密条件"))
        self.cls_basis = QLineEdit(objectName="classifyBasis")
        cls_button = QPushButton(self.tr("确定密级"), objectName="classify")
        cls_button.clicked.connect(self.classify)
        g = QFormLayout(case)
        g.addRow(self.tr("案号"), self.cls_case)
        g.addRow(self.tr("件（ID）"), self.cls_item)
        g.addRow(self.tr("密级"), self.cls_level)
        g.addRow(self.tr("保密期限"), self.cls_term)
        g.addRow(self.tr("定密依据 *"), self.cls_basis)
        g.addRow("", cls_button)
        self.clearance_result = QLabel(objectName="clearanceResult")
        self.clearance_result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(people, 1)
        row.addWidget(case, 1)
        lay = QVBoxLayout(page)
        lay.addLayout(row)
        lay.addWidget(self.clearance_result)
        lay.addStretch(1)
        return page

    def _result(self, text: str, ok: bool = True) -> None:
        self.clearance_result.setProperty("role", "success" if ok else "error")
        self.clearance_result.setText(text)
        self.clearance_result.style().unpolish(self.clearance_result)
        self.clearance_result.style().polish(self.clearance_result)

    def set_clearance(self) -> None:
        name, level = self.clear_user.text().strip(), self.clear_level.currentData()
        if not name:
            self._result(self.tr("请填写用户名。"), False)
            return
        ws, dept = self.ws, self.clear_dept.text().strip() or None
        run_op(lambda: ws.set_clearance(name, level, department=dept),
               success=lambda ch: (self.bus.apply(ch, self),
                                   self._result(self.tr("已将 {user} 的密级设为 {level}。").format(
                                       user=name, level=i18n.vocab(level)))),
               failure=lambda exc: self._result(error_text(exc)[1], False), parent=self)

    def classify(self) -> None:
        case_no, item = self.cls_case.text().strip(), self.cls_item.text().strip()
        if not case_no or (item and not item.isdigit()):
            self._result(self.tr("请填写案号（件的 ID 应为数字）。"), False)
            return
        ws, level, basis, term = self.ws, self.cls_level.currentData(), self.cls_basis.text(), self.cls_term.text()
        target = self.tr("{case_no} / 件 {item}").format(case_no=case_no, item=item) if item else case_no
        done = self.tr("已确定 {target} 的密级为 {level}。").format(target=target, level=i18n.vocab(level))
        run_op(lambda: ws.classify(case_no, level, basis=basis, item_id=int(item) if item else None,
                                   secrecy_term=term),
               success=lambda ch: (self.bus.apply(ch, self), self._result(done)),
               failure=lambda exc: self._result(error_text(exc)[1], False), parent=self)

    # -- refresh --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.refresh_grants()
        self.refresh_rules()

    def _on_changes(self, changes: Changes, _initiator) -> None:
        if changes.grants or changes.cases:
            self.refresh()

