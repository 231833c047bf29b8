"""Small form dialogs: fields above, an inline error line, OK/Cancel; OK submits a core call
through ``run_op`` and the dialog stays open with the Chinese message when it is refused.
Also the date edits the forms share."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from workstation.ui.errors import error_key, error_text
from workstation.ui.ops import run_op


class FormDialog(QDialog):
    """A dialog with an inline error line and OK/Cancel, submitting through run_op.
    Subclasses put their fields in ``body`` and implement ``submit`` (calling ``run``)."""

    def __init__(self, title: str, ok_text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_error_key: str | None = None
        self.body = QVBoxLayout()
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.body)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def submit(self) -> None:  # every concrete dialog overrides it
        raise NotImplementedError

    def run(self, fn, on_done) -> None:
        self.error.setVisible(False)
        self.ok_button.setEnabled(False)

        def ok(result):
            on_done(result)
            self.accept()

        run_op(fn, success=ok, failure=self.fail, parent=self)

    def fail(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.show_error(error_text(exc)[1], error_key(exc))

    def show_error(self, text: str, key: str = "invalid_input") -> None:
        self.last_error_key = key
        self.error.setText(text)
        self.error.setVisible(True)


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_edit(parent: QWidget, day: dt.date | str | None = None, name: str = "") -> QDateEdit:
    """A yyyy-MM-dd date edit with a calendar popup, on ``day`` (default today)."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    d = dt.date.fromisoformat(day) if isinstance(day, str) else (day or dt.date.today())
    edit.setDate(qdate(d))
    if name:
        edit.setObjectName(name)
    return edit


def iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")
