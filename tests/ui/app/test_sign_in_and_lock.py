"""Sign-in (success, wrong password, lockout, expired password) and the idle lock."""

from PySide6.QtWidgets import QDialog

from tests.conftest import PASSWORD
from tests.ui.conftest import activate, open_boxes


def sign_in_dialog(qtbot, archive, name, password):
    from workstation.ui.dialogs.sign_in import SignInDialog

    dlg = SignInDialog(archive)
    qtbot.addWidget(dlg)
    dlg.username.setText(name)
    dlg.password.setText(password)
    dlg.sign_in_button.click()
    return dlg


def test_sign_in_success(qtbot, archive, clerk):
    dlg = sign_in_dialog(qtbot, archive, "clerk", PASSWORD)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.workstation is not None and dlg.workstation.username == "clerk"
    assert dlg.last_error_key is None


def test_sign_in_wrong_password_shows_chinese_error_in_the_dialog(qtbot, qapp, archive, clerk):
    dlg = sign_in_dialog(qtbot, archive, "clerk", "not-the-password")
    assert dlg.workstation is None
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.last_error_key == "authentication_failed"
    assert not dlg.error.isHidden() and "密码" in dlg.error.text()
    assert dlg.password.text() == ""  # cleared for the next attempt
    assert open_boxes(qapp) == []  # errors stay inside the dialog
    # An unknown user gets the very same answer (the dialog does not reveal who exists).
    dlg2 = sign_in_dialog(qtbot, archive, "nobody", "whatever-123")
    assert dlg2.last_error_key == "authentication_failed" and dlg2.error.text() == dlg.error.text()


def test_sign_in_empty_fields(qtbot, archive):
    dlg = sign_in_dialog(qtbot, archive, "", "")
    assert dlg.last_error_key == "missing_input"


def test_lockout_after_repeated_failures(qtbot, archive, clerk):
    limit = archive.settings.sign_in.max_failed_attempts
    dlg = sign_in_dialog(qtbot, archive, "clerk", "wrong-1")
    for n in range(limit - 1):
        dlg.password.setText(f"wrong-{n + 2}")
        dlg.sign_in_button.click()
    assert dlg.last_error_key == "account_locked"
    assert "锁定" in dlg.error.text()
    # Even the right password is refused while the account is locked.
    dlg.password.setText(PASSWORD)
    dlg.sign_in_button.click()
    assert dlg.last_error_key == "account_locked" and dlg.workstation is None


def test_expired_password_must_be_changed(qtbot, archive, clerk):
    from sqlalchemy import select

    from workstation.archive.models import User

    with archive.write() as s:  # test set-up: the account must change its password
        s.scalar(select(User).where(User.username == "clerk")).must_change_password = True
    dlg = sign_in_dialog(qtbot, archive, "clerk", PASSWORD)
    assert dlg.workstation is None and dlg.last_error_key == "password_expired"
    change = dlg.change_dialog
    assert change is not None and change.isVisible()
    change.new.setText("short")
    change.again.setText("different")
    change.ok_button.click()
    assert "不一致" in change.error.text()
    change.new.setText("short")
    change.again.setText("short")
    change.ok_button.click()
    assert dlg.last_error_key == "weak_password" and dlg.workstation is None  # the policy's message
    change.new.setText("a-much-better-passphrase-7")
    change.again.setText("a-much-better-passphrase-7")
    change.ok_button.click()
    assert dlg.workstation is not None and dlg.result() == QDialog.DialogCode.Accepted
    assert archive.sign_in("clerk", "a-much-better-passphrase-7").username == "clerk"


def test_idle_lock_hides_content_and_unlock_restores_the_same_screen(qtbot, archive, clerk, imported, make_window):
    win = make_window(clerk)
    view = win.workspace.open_case(imported.case_no)
    view.tree.select_item(view.tree.item_ids()[2])
    assert win.workspace.currentWidget() is view

    archive.settings.sign_in.idle_lock_minutes = 0  # the facade now considers the session idle
    assert win.guard.check() is True
    assert win.is_locked
    assert win.outer.currentWidget() is win.lock_screen
    assert not view.isVisible() and not win.workspace.isVisible()  # nothing of the case on screen
    assert not win.toolbar.isVisible() and not win.menuBar().isVisible()
    # Any facade call now fails; the presenter turns that into the lock screen, not a popup.
    from workstation.errors import SessionLocked

    with __import__("pytest").raises(SessionLocked):
        clerk.list_cases()

    archive.settings.sign_in.idle_lock_minutes = 15
    win.lock_screen.password.setText("wrong-password")
    win.lock_screen.unlock_button.click()
    assert win.is_locked and win.lock_screen.last_error_key == "authentication_failed"

    win.lock_screen.password.setText(PASSWORD)
    win.lock_screen.unlock_button.click()
    assert not win.is_locked
    assert win.current_page() == "cases"
    assert win.workspace.currentWidget() is view  # the same tab, the same selection
    assert view.tree.current_item_id() == view.tree.item_ids()[2]
    assert view.isVisible() and win.toolbar.isVisible()
    assert clerk.list_cases()  # the session works again


def test_manual_lock_shortcut_and_locked_error_from_an_operation(qtbot, archive, clerk, make_window):
    from PySide6.QtCore import Qt

    win = make_window(clerk)
    activate(qtbot, win)
    qtbot.keyClick(win.workspace.browser.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert win.is_locked
    win.lock_screen.password.setText(PASSWORD)
    win.lock_screen.submit()
    assert not win.is_locked

    # An operation that finds the session locked shows the lock screen (no error box).
    archive.settings.sign_in.idle_lock_minutes = 0
    win.workspace.browser.refresh()
    assert win.is_locked
    archive.settings.sign_in.idle_lock_minutes = 15


def test_lock_hides_open_dialogs_and_brings_them_back(qtbot, archive, clerk, make_window):
    win = make_window(clerk)
    win.new_case()
    dlg = win.new_case_dialog
    assert dlg.isVisible()
    win.lock_now()
    assert not dlg.isVisible()
    win.lock_screen.password.setText(PASSWORD)
    win.lock_screen.submit()
    assert dlg.isVisible()
