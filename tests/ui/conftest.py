"""pytest-qt fixtures for the UI: offscreen Qt, Chinese UI, an inline op runner (background
work runs synchronously, so tests are deterministic), QSettings in a temp dir."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.conftest import PASSWORD  # noqa: E402


@pytest.fixture(autouse=True)
def ui_app(qapp, tmp_path):
    from PySide6.QtCore import QSettings

    from workstation.ui import errors, ops
    from workstation.ui.app import setup_app

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    qapp.setOrganizationName("workstation-tests")
    qapp.setApplicationName("workstation-tests")
    if not getattr(qapp, "_workstation_set_up", False):
        setup_app(qapp, lang="zh_CN")
        qapp._workstation_set_up = True
    runner = ops.InlineRunner()
    ops.set_runner(runner)
    errors.recent.clear()
    yield qapp
    ops.set_runner(None)
    errors.set_lock_handler(None)
    for w in qapp.topLevelWidgets():
        if w.isVisible():
            w.close()


@pytest.fixture
def inline_runner(ui_app):
    from workstation.ui import ops

    return ops.runner()


@pytest.fixture
def make_window(qtbot):
    from workstation.ui.main_window import MainWindow

    def make(ws, **kw):
        kw.setdefault("index_after_import", False)
        kw.setdefault("poll_ms", 60_000)
        win = MainWindow(ws, **kw)
        qtbot.addWidget(win)
        win.show()
        return win

    return make


def activate(qtbot, win):
    """Make ``win`` the active window (offscreen needs an explicit request) so shortcuts fire."""
    from PySide6.QtWidgets import QApplication

    win.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=2000)


def error_keys():
    from workstation.ui import errors

    return [k for k, _ in errors.recent]


def open_boxes(qapp, name="errorBox"):
    from PySide6.QtWidgets import QMessageBox

    return [w for w in qapp.topLevelWidgets() if isinstance(w, QMessageBox) and w.objectName() == name
            and w.isVisible()]


__all__ = ["PASSWORD", "activate", "error_keys", "open_boxes"]
