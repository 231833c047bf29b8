"""launch_gui: a missing archive gives a Chinese message and exit code 1; a sign-in opens the
main window for that user; signing out returns to the sign-in window."""

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from tests.conftest import PASSWORD


def test_missing_archive(monkeypatch, tmp_path):
    from workstation.ui.launch import launch_gui

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text: shown.append((title, text)))
    assert launch_gui(tmp_path / "nowhere") == 1
    assert shown and shown[0][0] == "未找到档案库"


def test_sign_in_opens_the_main_window_and_sign_out_returns(monkeypatch, archive, clerk, data_dir):
    from workstation.ui import launch
    from workstation.ui.dialogs.sign_in import SignInDialog
    from workstation.ui.main_window import MainWindow

    dialogs, windows = [], []

    def fake_exec(dialog):
        dialogs.append(dialog)
        if len(dialogs) > 2:
            return QDialog.DialogCode.Rejected
        dialog.username.setText("clerk")
        dialog.password.setText(PASSWORD)
        dialog.submit()
        return dialog.result()

    def fake_app_exec(app):
        win = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        windows.append(win.ws.username)
        if len(windows) == 1:
            win.sign_out()  # back to the sign-in window
        else:
            win.close()
        return 0

    monkeypatch.setattr(SignInDialog, "exec", fake_exec)
    monkeypatch.setattr(QApplication, "exec", fake_app_exec)
    monkeypatch.setattr(launch, "_preload_viewer", lambda: None)
    archive.close()
    assert launch.launch_gui(data_dir) == 0
    assert windows == ["clerk", "clerk"]
    assert dialogs[1].username.text() == "clerk"  # the next sign-in remembers the user name
