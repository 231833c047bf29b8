"""Start the desktop workstation: open the archive, sign in, show the main window.

The sign-in window needs only Qt and the catalog; the main window (and with it search,
PDF rendering and the rest) is imported after a successful sign-in, so the first window
appears quickly. Signing out returns to the sign-in window.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path


def _setup_logging(data_dir: Path | None) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if data_dir is not None and data_dir.exists():
        logs = data_dir / "logs"
        try:
            logs.mkdir(exist_ok=True)
            handlers.append(logging.FileHandler(logs / "workstation-ui.log", encoding="utf-8"))
        except OSError:
            pass
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        handlers=handlers)


def launch_gui(data_dir, link: str | None = None) -> int:
    """Run the GUI on the archive in ``data_dir`` (None: $WORKSTATION_HOME or the default).

    ``link`` (``workstation://item/…``) is followed after sign-in, or handed to the
    workstation already running on that archive (this process then ends at once)."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    from workstation.config import resolve_data_dir
    from workstation.errors import WorkstationError
    from workstation.ui.app import create_app
    from workstation.ui.errors import error_text

    path = resolve_data_dir(data_dir)
    app = create_app(cache_dir=path / "cache" / "translations" if path.exists() else None)
    _setup_logging(path)

    from workstation.ui.linkserver import LinkServer, send_to_running, server_name

    name = server_name(path)
    if link and send_to_running(name, link):
        return 0
    inbox = LinkInbox(LinkServer(name, app))
    if link:
        inbox.receive(link)

    from workstation.session import Archive

    try:
        archive = Archive.open(path)
    except WorkstationError as exc:
        title, text = error_text(exc)
        QMessageBox.critical(None, title, text)
        return 1
    except Exception as exc:  # noqa: BLE001 - a generic message, details in the log
        logging.getLogger("workstation.ui").exception("cannot open archive")
        title, text = error_text(exc)
        QMessageBox.critical(None, title, text)
        return 1
    with archive:
        if not archive.has_users():
            from PySide6.QtCore import QCoreApplication

            QMessageBox.information(None, QCoreApplication.translate("Launch", "档案库尚未初始化"),
                                    QCoreApplication.translate(
                                        "Launch", "请先运行 workstation init --admin 用户名 创建系统管理员账号。"))
            return 1
        try:
            return _run(app, archive, inbox)
        finally:
            inbox.server.close()


def _preload_viewer() -> None:
    """Import PyMuPDF in the background once the sign-in window is up (the viewer needs it)."""
    try:
        from workstation.ui.viewer import preload_mupdf
    except ImportError:
        return
    preload_mupdf()


class LinkInbox:
    """Links that arrive (on the command line or from later processes) go to the signed-in
    window, or wait for the next sign-in."""

    def __init__(self, server):
        self.server = server
        self.pending: list[str] = []
        self.window = None
        self.dialog = None
        server.link_received.connect(self.receive)
        server.start()

    def receive(self, link: str) -> None:
        if self.window is not None:
            self.window.follow_link(link)
            return
        self.pending.append(link)
        if self.dialog is not None:  # someone has to sign in first: show where
            self.dialog.raise_()
            self.dialog.activateWindow()

    def attach(self, window) -> None:
        self.window = window
        waiting, self.pending = self.pending, []
        for link in waiting:
            window.follow_link(link)


def _run(app, archive, inbox: LinkInbox | None = None) -> int:
    from PySide6.QtWidgets import QDialog

    from workstation.ui.dialogs.sign_in import SignInDialog

    username = ""
    while True:
        dialog = SignInDialog(archive, username=username)
        if inbox is not None:
            inbox.dialog = dialog
        dialog.show()
        dialog.raise_()
        _preload_viewer()
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.workstation is None:
            return 0
        ws = dialog.workstation
        username = ws.username
        from workstation.ui.main_window import MainWindow

        window = MainWindow(ws)
        window.show()
        if inbox is not None:
            inbox.dialog = None
            inbox.attach(window)
        rc = app.exec()
        if inbox is not None:
            inbox.window = None
        from workstation.ui.ops import runner

        runner().wait_idle(10000)
        if not window.sign_out_requested:
            return rc
        window.deleteLater()
