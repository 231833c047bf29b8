"""workstation:// links in the desktop workstation: a citation link opens the document at its
page or the recording at its second; a refused link shows the Chinese message; a link that
arrives while the screen is locked waits for unlocking; a second ``workstation --open``
process hands its link to the running workstation over the local socket and ends."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest

from tests.ui.conftest import error_keys
from workstation.review.anchors import anchor_uri


def _current_doc(win):
    from workstation.ui.documents import DocumentTab

    tab = win.workspace.currentWidget()
    return tab if isinstance(tab, DocumentTab) else None


def test_links_open_the_page_and_the_second(qtbot, make_window, inline_runner, review_case):
    win = make_window(review_case["reviewer"])
    pdf, video = review_case["pdf"], review_case["video"]
    win.follow_link(anchor_uri({"item_id": pdf, "page": 4}))
    qtbot.waitUntil(lambda: _current_doc(win) is not None and _current_doc(win).item["id"] == pdf, timeout=10_000)
    viewer = _current_doc(win).viewer
    qtbot.waitUntil(lambda: viewer.page_count > 0 and viewer.current_page == 4, timeout=20_000)
    assert win.current_page() == "cases"
    assert "第4页" in win.statusBar().currentMessage()

    win.follow_link(f"workstation://item/{video}?t=2.5")
    qtbot.waitUntil(lambda: _current_doc(win) is not None and _current_doc(win).item["id"] == video, timeout=10_000)
    av = _current_doc(win).viewer
    qtbot.waitUntil(lambda: abs(av.position_ms() - 2500) <= 60, timeout=20_000)
    # following it again (the tab is open) moves within the recording
    win.follow_link(f"workstation://item/{video}?t=1")
    qtbot.waitUntil(lambda: abs(av.position_ms() - 1000) <= 60, timeout=20_000)
    assert len(win.workspace.document_tabs()) == 2
    for tab in win.workspace.document_tabs():
        tab.close_document()


def test_refused_links_say_why(qtbot, make_window, inline_runner, review_case):
    win = make_window(review_case["outsider"])
    win.follow_link(f"workstation://item/{review_case['pdf']}?page=1")
    qtbot.waitUntil(lambda: "not_found" in error_keys(), timeout=10_000)
    win.follow_link("workstation://somewhere")
    qtbot.waitUntil(lambda: "bad_link" in error_keys(), timeout=10_000)
    assert win.workspace.document_tabs() == []


def test_a_link_waits_while_the_screen_is_locked(qtbot, make_window, inline_runner, review_case):
    win = make_window(review_case["reviewer"])
    win.show_lock()
    win.follow_link(anchor_uri({"item_id": review_case["pdf"], "page": 2}))
    qtbot.wait(200)
    assert win.workspace.document_tabs() == []  # nothing shown behind the lock screen
    win.restore_after_unlock()
    qtbot.waitUntil(lambda: len(win.workspace.document_tabs()) == 1, timeout=10_000)
    win.workspace.document_tabs()[0].close_document()


def _env():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("WORKSTATION_HOME", None)
    return env


def test_a_second_process_hands_the_link_over(qtbot, ui_app, tmp_path):
    from workstation.ui.linkserver import LinkServer, send_to_running, server_name

    assert not send_to_running(f"workstation-links-test-{uuid.uuid4().hex}", "workstation://item/1", timeout_ms=300)
    data_dir = tmp_path / "archive"
    server = LinkServer(server_name(data_dir))
    assert server.start()
    got = []
    server.link_received.connect(got.append)
    link = "workstation://item/7?page=2"
    # exactly what the desktop runs for a clicked link (installer: workstation register-links)
    proc = subprocess.Popen([sys.executable, "-m", "workstation", "--data-dir", str(data_dir), "--open", link],
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        qtbot.waitUntil(lambda: got == [link], timeout=20_000)
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20_000)
    finally:
        if proc.poll() is None:
            proc.kill()
        server.close()
    assert proc.returncode == 0, proc.stderr.read().decode()


def test_open_only_with_the_desktop(tmp_path):
    res = subprocess.run([sys.executable, "-m", "workstation", "--data-dir", str(tmp_path), "--open",
                          "workstation://item/1", "case", "list"], env=_env(), capture_output=True, text=True)
    assert res.returncode == 2 and "--open 只用于启动桌面工作站" in res.stderr


def test_launch_follows_the_link_after_sign_in(monkeypatch, archive, clerk, data_dir):
    from PySide6.QtWidgets import QApplication

    from tests.conftest import PASSWORD
    from workstation.ui import launch
    from workstation.ui.dialogs.sign_in import SignInDialog
    from workstation.ui.main_window import MainWindow

    followed = []

    def fake_exec(dialog):
        dialog.username.setText("clerk")
        dialog.password.setText(PASSWORD)
        dialog.submit()
        return dialog.result()

    def fake_app_exec(app):
        next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()).close()
        return 0

    monkeypatch.setattr(SignInDialog, "exec", fake_exec)
    monkeypatch.setattr(QApplication, "exec", fake_app_exec)
    monkeypatch.setattr(MainWindow, "follow_link", lambda self, link: followed.append((self.ws.username, link)))
    monkeypatch.setattr(launch, "_preload_viewer", lambda: None)
    archive.close()
    assert launch.launch_gui(data_dir, link="workstation://item/3?t=12") == 0
    assert followed == [("clerk", "workstation://item/3?t=12")]
