"""Sign-in, and the change of an expired password in the same step.

Errors appear inside the dialog (never a popup): wrong password, locked account (with the
time it opens again), disabled account. An expired password opens the change-password
dialog; the new password goes to ``archive.sign_in(name, pw, new_password=…)``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from workstation.errors import InvalidInput, PasswordExpired
from workstation.ui import i18n
from workstation.ui.errors import error_key, error_text
from workstation.ui.ops import run_op
from workstation.ui.resources import icon


def _error_label(name: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class ChangePasswordDialog(QDialog):
    """Ask for a new password twice; ``submitted(new)`` when both agree."""

    submitted = Signal(str)

    def __init__(self, username: str, sign_in_settings, parent=None):
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("修改密码"))
        self.setModal(True)
        lengths = getattr(sign_in_settings, "min_length_by_level", {}) or {}
        policy = self.tr("，").join(self.tr("{level} {n} 位").format(level=i18n.vocab(lvl), n=n)
                                   for lvl, n in lengths.items() if lvl != "公开")
        intro = QLabel(self.tr("账号“{user}”的密码已过期或须修改，请设置新密码后继续登录。").format(user=username))
        intro.setWordWrap(True)
        hint = QLabel(self.tr("密码长度要求随人员密级而定（{policy}），至少包含 4 个不同字符，且不能与原密码相同。")
                      .format(policy=policy))
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.new = QLineEdit(objectName="newPassword", echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(objectName="newPasswordAgain", echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("新密码"), self.new)
        form.addRow(self.tr("再次输入"), self.again)
        self.error = _error_label("changePasswordError")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("修改并登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def _submit(self) -> None:
        if not self.new.text():
            self.show_error(self.tr("请输入新密码。"))
        elif self.new.text() != self.again.text():
            self.show_error(self.tr("两次输入的新密码不一致。"))
            self.again.clear()
            self.again.setFocus()
        else:
            self.error.setVisible(False)
            self.submitted.emit(self.new.text())

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)


class SignInDialog(QDialog):
    """Sign in to an opened archive; on success ``workstation`` holds the session."""

    def __init__(self, archive, parent=None, *, username: str = ""):
        super().__init__(parent)
        self.archive = archive
        self.workstation = None
        self.last_error_key: str | None = None
        self.change_dialog: ChangePasswordDialog | None = None
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("登录"))
        self.setWindowIcon(icon("app"))

        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(56, 56))
        title = QLabel(self.tr("案卷归档与审查工作站"), objectName="signInTitle")
        settings = archive.settings
        where = settings.agency_name or str(archive.data_dir)
        sub = QLabel(where, objectName="signInSubtitle")
        sub.setWordWrap(True)
        sub.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head_text = QVBoxLayout()
        head_text.setSpacing(2)
        head_text.addWidget(title)
        head_text.addWidget(sub)
        head = QHBoxLayout()
        head.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(head_text, 1)

        self.username = QLineEdit(username, objectName="username")
        self.username.setPlaceholderText(self.tr("用户名"))
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        self.error = _error_label("signInError")
        notice = QLabel(self.tr("本系统记录全部操作并留存审计日志。连续输错密码 {n} 次，账号将锁定 {m} 分钟。").format(
            n=settings.sign_in.max_failed_attempts, m=settings.sign_in.lockout_minutes))
        notice.setWordWrap(True)
        notice.setProperty("role", "hint")
        if settings.demo:
            demo = QLabel(self.tr("演示档案库：所有演示账号的密码均为 demo-pass-2026"), objectName="demoNotice")
            demo.setProperty("chip", "demo")
            demo.setWordWrap(True)
        else:
            demo = None

        self.sign_in_button = QPushButton(self.tr("登录"), objectName="signInButton")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("退出"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.sign_in_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addLayout(head)
        if demo is not None:
            layout.addWidget(demo)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(notice)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)
        (self.password if username else self.username).setFocus()

    # -- flow -------------------------------------------------------------------------------------
    def submit(self) -> None:
        name, password = self.username.text().strip(), self.password.text()
        if not name or not password:
            self._show_error(self.tr("请输入用户名和密码。"), "missing_input")
            return
        self._busy(True)
        archive = self.archive
        run_op(lambda: archive.sign_in(name, password), success=self._signed_in,
               failure=lambda exc: self._failed(exc, name, password), parent=self)

    def _failed(self, exc: BaseException, name: str, password: str) -> None:
        self._busy(False)
        if isinstance(exc, PasswordExpired):
            self.last_error_key = exc.key
            self._ask_new_password(name, password)
            return
        _title, text = error_text(exc)
        self._show_error(text, error_key(exc))
        self.password.clear()
        self.password.setFocus()

    def _ask_new_password(self, name: str, password: str) -> None:
        dlg = ChangePasswordDialog(name, self.archive.settings.sign_in, self)
        self.change_dialog = dlg
        dlg.submitted.connect(lambda new: self._submit_new(dlg, name, password, new))
        dlg.rejected.connect(lambda: self._show_error(self.tr("须修改密码后才能登录。"), "password_expired"))
        dlg.open()

    def _submit_new(self, dlg: ChangePasswordDialog, name: str, password: str, new: str) -> None:
        dlg.ok_button.setEnabled(False)
        archive = self.archive

        def failed(exc):
            dlg.ok_button.setEnabled(True)
            if isinstance(exc, InvalidInput):
                dlg.show_error(error_text(exc)[1])
                self.last_error_key = exc.key
            else:
                dlg.reject()
                self._failed(exc, name, password)

        def done(ws):
            dlg.accept()
            self._signed_in(ws)

        run_op(lambda: archive.sign_in(name, password, new_password=new), success=done, failure=failed, parent=dlg)

    def _signed_in(self, ws) -> None:
        self._busy(False)
        self.workstation = ws
        self.last_error_key = None
        self.accept()

    def _show_error(self, text: str, key: str) -> None:
        self.last_error_key = key
        self.error.setText(text)
        self.error.setVisible(True)

    def _busy(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy)
        self.sign_in_button.setText(self.tr("正在登录…") if busy else self.tr("登录"))

    def keyPressEvent(self, event):  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Cancel):
            self.reject()
            return
        super().keyPressEvent(event)
