"""Idle lock: the facade locks a session after ``idle_lock_minutes`` without activity; the
UI polls ``ws.locked`` and, when it turns true (or the user presses Ctrl+L), replaces the
window's content by the lock screen. Unlocking (``ws.unlock(password)``) brings back the
very same screen: nothing is closed or rebuilt while locked.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from workstation.ui import i18n
from workstation.ui.errors import error_key, error_text
from workstation.ui.ops import run_op
from workstation.ui.resources import icon

POLL_MS = 5000
ACTIVITY_THROTTLE_S = 30.0


class SessionGuard(QObject):
    """Watches the session: emits ``lock_needed`` when the facade reports it locked."""

    lock_needed = Signal()

    def __init__(self, ws, parent=None, *, poll_ms: int = POLL_MS):
        super().__init__(parent)
        self.ws = ws
        self.is_locked = False
        self._last_touch = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> bool:
        """Poll the facade; True when the session is (now) locked."""
        if self.is_locked:
            return True
        try:
            locked = bool(self.ws.locked)
        except Exception:  # noqa: BLE001 - a database hiccup must not lock anyone out
            return False
        if locked:
            self.is_locked = True
            self.lock_needed.emit()
        return locked

    def lock_now(self) -> None:
        """Lock on request (Ctrl+L). Uses the facade's own lock when it has one."""
        if self.is_locked:
            return
        lock = getattr(self.ws, "lock", None)
        if callable(lock):
            try:
                lock()
            except Exception:  # noqa: BLE001
                pass
        self.is_locked = True
        self.lock_needed.emit()

    def unlocked(self) -> None:
        self.is_locked = False
        self._last_touch = time.monotonic()

    # -- user input counts as activity, when the facade offers a public way to say so ----------
    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            now = time.monotonic()
            touch = getattr(self.ws, "touch", None)
            if callable(touch) and not self.is_locked and now - self._last_touch > ACTIVITY_THROTTLE_S:
                self._last_touch = now
                try:
                    touch()
                except Exception:  # noqa: BLE001 - e.g. SessionLocked: the next poll shows the lock
                    pass
        return False


class LockScreen(QWidget):
    """Hides the content; asks for the password. Emits ``unlocked`` after ``ws.unlock``."""

    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(self, ws, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.last_error_key: str | None = None
        badge = QLabel()
        badge.setPixmap(icon("lock").pixmap(72, 72))
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("工作站已锁定"), objectName="lockTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        roles = "、".join(i18n.vocab(r) for r in sorted(ws.policy.roles))
        who = QLabel(self.tr("{user}（{roles}）\n为保护案卷内容，屏幕已隐藏。请输入密码解锁。").format(
            user=ws.user.display_name or ws.username, roles=roles), objectName="lockWho")
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who.setWordWrap(True)
        self.password = QLineEdit(objectName="unlockPassword", echoMode=QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        self.password.setMinimumWidth(260)
        self.password.returnPressed.connect(self.submit)
        self.unlock_button = QPushButton(self.tr("解锁"), objectName="unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        sign_out = QPushButton(self.tr("退出登录"), objectName="lockSignOut")
        sign_out.setFlat(True)
        sign_out.clicked.connect(self.sign_out_requested)
        self.error = QLabel(objectName="unlockError")
        self.error.setProperty("role", "error")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setVisible(False)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.password)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        card = QWidget(objectName="lockCard")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        cl = QVBoxLayout(card)
        cl.setSpacing(14)
        cl.setContentsMargins(40, 32, 40, 28)
        cl.addWidget(badge)
        cl.addWidget(title)
        cl.addWidget(who)
        cl.addLayout(row)
        cl.addWidget(self.error)
        cl.addWidget(sign_out, 0, Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        outer = QHBoxLayout()
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)
        layout.addLayout(outer)
        layout.addStretch(2)

    def reset(self) -> None:
        self.password.clear()
        self.error.setVisible(False)
        self.unlock_button.setEnabled(True)
        self.password.setFocus()

    def submit(self) -> None:
        password = self.password.text()
        if not password:
            return
        self.unlock_button.setEnabled(False)
        ws = self.ws
        run_op(lambda: ws.unlock(password), success=lambda _r: self._done(), failure=self._failed, parent=self)

    def _done(self) -> None:
        self.last_error_key = None
        self.password.clear()
        self.unlocked.emit()

    def _failed(self, exc: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        self.last_error_key = error_key(exc)
        self.error.setText(error_text(exc)[1])
        self.error.setVisible(True)
        self.password.clear()
        self.password.setFocus()
