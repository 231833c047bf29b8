"""Accounts (系统管理员): list, add, disable/enable, roles."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.archive.access import Permission, check_role_combination
from workstation.archive.vocab import Classification, Role
from workstation.ui import fmt, i18n
from workstation.ui.bus import ChangeBus
from workstation.ui.forms import FormDialog
from workstation.ui.ops import run_op
from workstation.ui.resources import icon
from workstation.ui.widgets import PageHeader, data_table, fill_table, selected_data


class RoleChecks(QGroupBox):
    def __init__(self, title: str, chosen: set[str] = frozenset(), parent=None):
        super().__init__(title, parent)
        grid = QGridLayout(self)
        self.boxes: dict[Role, QCheckBox] = {}
        for n, role in enumerate(Role):
            box = QCheckBox(i18n.vocab(role.value))
            box.setObjectName(f"role_{role.name.lower()}")
            box.setChecked(role.value in chosen)
            grid.addWidget(box, n // 3, n % 3)
            self.boxes[role] = box

    def roles(self) -> list[Role]:
        return [r for r, b in self.boxes.items() if b.isChecked()]


class AddUserDialog(FormDialog):
    def __init__(self, ws, on_done, parent=None):
        super().__init__(self.tr("新增用户"), self.tr("创建"), parent)
        self.setObjectName("addUserDialog")
        self.ws, self.on_done = ws, on_done
        self.username = QLineEdit(objectName="newUsername")
        self.display_name = QLineEdit(objectName="newDisplayName")
        self.department = QLineEdit(objectName="newDepartment")
        self.clearance = QComboBox(objectName="newClearance")
        may_set = ws.policy.allows(Permission.MANAGE_ACCESS)
        for c in Classification:
            if may_set and ws.policy.can_see_level(c) or c <= Classification.INTERNAL:
                self.clearance.addItem(i18n.vocab(c.value), c.value)
        self.clearance.setCurrentIndex(self.clearance.findData(Classification.INTERNAL.value))
        self.password = QLineEdit(objectName="newPassword", echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(objectName="newPasswordAgain", echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("用户名 *"), self.username)
        form.addRow(self.tr("姓名"), self.display_name)
        form.addRow(self.tr("部门"), self.department)
        form.addRow(self.tr("人员密级"), self.clearance)
        form.addRow(self.tr("初始密码 *"), self.password)
        form.addRow(self.tr("再次输入"), self.again)
        self.roles = RoleChecks(self.tr("角色（三员分立：管理员不得兼任业务角色）"))
        hint = QLabel(self.tr("内部以上的人员密级由安全保密管理员设定。"))
        hint.setProperty("role", "hint")
        self.body.addLayout(form)
        self.body.addWidget(self.roles)
        self.body.addWidget(hint)
        self.setMinimumWidth(520)

    def submit(self) -> None:
        name, roles = self.username.text().strip(), self.roles.roles()
        if not name or not self.password.text():
            self.show_error(self.tr("请填写用户名和初始密码。"), "missing_input")
            return
        if self.password.text() != self.again.text():
            self.show_error(self.tr("两次输入的密码不一致。"), "password_mismatch")
            return
        if not roles:
            self.show_error(self.tr("请至少选择一个角色。"), "missing_input")
            return
        reason = check_role_combination(set(roles))
        if reason:
            self.show_error(reason, "role_conflict")
            return
        ws, pw = self.ws, self.password.text()
        kwargs = dict(display_name=self.display_name.text().strip(), department=self.department.text().strip(),
                      clearance=Classification(self.clearance.currentData()))
        self.run(lambda: ws.add_user(name, pw, roles, **kwargs), self.on_done)


class RolesDialog(FormDialog):
    def __init__(self, ws, user: dict, on_done, parent=None):
        super().__init__(self.tr("设置角色 — {user}").format(user=user["username"]), self.tr("保存"), parent)
        self.setObjectName("rolesDialog")
        self.ws, self.user, self.on_done = ws, user, on_done
        self.roles = RoleChecks(self.tr("角色"), set(user["roles"]))
        self.body.addWidget(self.roles)

    def submit(self) -> None:
        roles = self.roles.roles()
        if not roles:
            self.show_error(self.tr("请至少选择一个角色。"), "missing_input")
            return
        reason = check_role_combination(set(roles))
        if reason:
            self.show_error(reason, "role_conflict")
            return
        ws, name = self.ws, self.user["username"]
        self.run(lambda: ws.set_roles(name, roles), self.on_done)


class UsersPage(QWidget):
    def __init__(self, ws, bus: ChangeBus, parent=None):
        super().__init__(parent)
        self.ws, self.bus = ws, bus
        self.setObjectName("usersPage")
        self.users: list[dict] = []
        header = PageHeader(self.tr("用户管理"), self.tr("系统管理员管理账号与角色；人员密级、授权由安全保密管理员负责。"))
        self.add_button = QPushButton(icon("user-add"), self.tr("新增用户…"), objectName="addUser")
        self.roles_button = QPushButton(self.tr("设置角色…"), objectName="setRoles")
        self.active_button = QPushButton(self.tr("停用账号"), objectName="toggleActive")
        refresh = QPushButton(icon("refresh"), self.tr("刷新"))
        for b in (self.add_button, self.roles_button, self.active_button, refresh):
            header.add_button(b)
        self.add_button.clicked.connect(self.add_user)
        self.roles_button.clicked.connect(self.edit_roles)
        self.active_button.clicked.connect(self.toggle_active)
        refresh.clicked.connect(self.refresh)
        self.filter = QLineEdit(objectName="userFilter")
        self.filter.setPlaceholderText(self.tr("按用户名、姓名或部门筛选"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _t: self._show())
        self.table = data_table([self.tr("用户名"), self.tr("姓名"), self.tr("角色"), self.tr("部门"),
                                 self.tr("人员密级"), self.tr("状态"), self.tr("锁定至")], "usersTable")
        for c, w in enumerate((120, 120, 200, 140, 80, 70)):
            self.table.setColumnWidth(c, w)
        self.table.itemSelectionChanged.connect(self._selection)
        self.count = QLabel(objectName="userCount")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 8)
        layout.addWidget(header)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        bus.changes_applied.connect(lambda ch, _i: self.refresh() if ch.users else None)
        self._selection()

    def refresh(self) -> None:
        ws = self.ws
        run_op(ws.list_users, success=self._loaded, parent=self, serial=False)

    def _loaded(self, users: list[dict]) -> None:
        self.users = users
        self._show()

    def _show(self) -> None:
        text = self.filter.text().strip().lower()
        users = [u for u in self.users
                 if not text or text in f"{u['username']} {u['display_name']} {u['department']}".lower()]
        rows = [[u["username"], u["display_name"], "、".join(i18n.vocab(r) for r in u["roles"]), u["department"],
                 i18n.vocab(u["clearance"]), self.tr("启用") if u["active"] else self.tr("停用"),
                 fmt.datetime_text(u["locked_until"], seconds=False)] for u in users]
        fill_table(self.table, rows, data=users)
        self.count.setText(self.tr("共 %n 个账号", "", len(users)))
        self._selection()

    def _selection(self) -> None:
        user = selected_data(self.table)
        self.roles_button.setEnabled(user is not None)
        self.active_button.setEnabled(user is not None and user["username"] != self.ws.username)
        self.active_button.setText(self.tr("启用账号") if user and not user["active"] else self.tr("停用账号"))

    def add_user(self) -> None:
        AddUserDialog(self.ws, self.bus.apply, self).open()

    def edit_roles(self) -> None:
        user = selected_data(self.table)
        if user is not None:
            RolesDialog(self.ws, user, self.bus.apply, self).open()

    def toggle_active(self) -> None:
        user = selected_data(self.table)
        if user is None:
            return
        ws, name, active = self.ws, user["username"], not user["active"]
        run_op(lambda: ws.set_active(name, active), success=self.bus.apply, parent=self)
