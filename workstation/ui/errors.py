"""The one error presenter: a core error becomes a clear message in the UI language.

``WorkstationError`` subclasses carry a stable key; the key picks a translated title and
message (i18n.ERROR_TEXT). Anything else is unexpected: the user gets a generic message and
the technical details sit in the collapsed "详细信息" box (and in the log) — never a raw
traceback dialog. Message boxes are opened window-modal without a nested event loop, so a
lock of the session (or a test) is never stuck behind one.
"""

from __future__ import annotations

import logging
import traceback
from collections import deque
from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from workstation.errors import Cancelled, SessionLocked, WorkstationError
from workstation.ui import i18n

log = logging.getLogger("workstation.ui")

# The last errors presented (key, text): for tests and the "copy details" of support.
recent: deque[tuple[str, str]] = deque(maxlen=20)

_lock_handler: Callable[[], None] | None = None
# Boxes without a parent window are owned by Python: keep them alive until closed.
_parentless: set[QMessageBox] = set()


def _keep(box: QMessageBox, parent: QWidget | None) -> None:
    if parent is None:
        _parentless.add(box)
        box.finished.connect(lambda _r, b=box: _parentless.discard(b))


def set_lock_handler(handler: Callable[[], None] | None) -> None:
    """Who shows the lock screen when an operation finds the session locked."""
    global _lock_handler
    _lock_handler = handler


class _Missing(dict):
    def __missing__(self, key):
        raise KeyError(key)


def error_key(exc: BaseException) -> str:
    return exc.key if isinstance(exc, WorkstationError) else "unexpected"


def error_text(exc: BaseException) -> tuple[str, str]:
    """(title, message) for an error, in the UI language."""
    if isinstance(exc, WorkstationError):
        title = i18n.tr_key(i18n.ERROR_TITLES, exc.key, QCoreApplication.translate("Errors", i18n.DEFAULT_ERROR_TITLE))
        template = i18n.tr_key(i18n.ERROR_TEXT, exc.key, "")
        if template:
            try:
                data = _Missing({k: str(v) for k, v in exc.data.items()})
                return title, template.format_map(data)
            except (KeyError, IndexError, ValueError):
                pass
        return title, exc.message
    return (QCoreApplication.translate("Errors", i18n.UNEXPECTED_TITLE),
            QCoreApplication.translate("Errors", i18n.UNEXPECTED_TEXT))


def show_error(exc: BaseException, parent: QWidget | None = None) -> QMessageBox | None:
    """Present an error. Cancelled is not an error (returns None); SessionLocked locks the screen."""
    if isinstance(exc, Cancelled):
        return None
    if isinstance(exc, SessionLocked) and _lock_handler is not None:
        _lock_handler()
        return None
    title, text = error_text(exc)
    recent.append((error_key(exc), text))
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("errorBox")
    box.setWindowTitle(title)
    box.setText(text)
    if isinstance(exc, WorkstationError):
        box.setIcon(QMessageBox.Icon.Warning)
        log.info("error shown: %s %s", exc.key, exc.message)
    else:
        box.setIcon(QMessageBox.Icon.Critical)
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        box.setDetailedText(details)
        log.error("unexpected error\n%s", details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setWindowModality(Qt.WindowModality.WindowModal if parent is not None else Qt.WindowModality.ApplicationModal)
    _keep(box, parent)
    box.open()
    return box


def inform(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A non-blocking information box (same behaviour as errors)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("infoBox")
    _keep(box, parent)
    box.open()
    return box
