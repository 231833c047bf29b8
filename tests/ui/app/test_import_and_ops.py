"""Import with progress and cancel (nothing half-written), batch results as rows, the new-case
dialog, and the op runner's delayed progress dialog."""

import threading
import time

import pytest

from tests.ui.conftest import error_keys, open_boxes


def test_import_dossier_folder_reports_progress_and_shows_rows(qtbot, clerk, dossier, make_window, inline_runner):
    seen = []

    def before(op):  # record what the progress dialog would show
        if op.job is None:
            return
        chained = op.job.on_progress
        op.job.on_progress = lambda d, t, k: (seen.append((d, t, k)), chained(d, t, k))

    inline_runner.before = before
    win = make_window(clerk)
    win.workspace.import_into(None, [str(dossier)])  # a dropped dossier folder brings its own case
    report = win.importer.last_report
    assert report is not None and report.created_case
    assert any(k == "storing" for _d, _t, k in seen)
    assert ("storing" in {k for *_x, k in seen}) and seen[-1][0] == seen[-1][1]
    dialog = win.importer.results_dialog
    assert dialog.isVisible() and dialog.table.rowCount() == len(report.files)
    assert set(dialog.statuses()) <= {"imported", "unusable", "duplicate"}
    assert report.case_no in win.workspace.browser.visible_case_numbers()
    assert win.workspace.browser.count.text() == "共 1 件"

    # The same files again into the case: every row is a duplicate, with its reason.
    dialog.close()
    files = sorted(p for p in dossier.rglob("*.pdf"))[:2]
    win.workspace.import_into(report.case_no, [str(p) for p in files])
    again = win.importer.results_dialog
    assert again.statuses() == ["duplicate", "duplicate"]
    assert "未重复导入" in again.table.item(0, 4).text()


def test_cancelled_import_leaves_nothing(qtbot, qapp, clerk, dossier, make_window, inline_runner):
    before_cases = clerk.list_cases()
    store_files = sorted(p.name for p in (clerk.archive.data_dir / "store").rglob("*") if p.is_file())

    def cancel_midway(op):
        if op.job is None:
            return
        chained = op.job.on_progress

        def progress(done, total, key):
            chained(done, total, key)
            if key == "storing" and done >= 2:
                op.job.cancel()  # what the progress dialog's cancel button does

        op.job.on_progress = progress

    inline_runner.before = cancel_midway
    win = make_window(clerk)
    cancelled = []
    win.importer.cancelled.connect(lambda: cancelled.append(True))
    win.workspace.import_into(None, [str(dossier)])
    assert cancelled == [True]
    assert win.importer.results_dialog is None and win.importer.last_report is None
    assert error_keys() == [] and open_boxes(qapp) == []
    assert "取消" in win.statusBar().currentMessage()
    assert clerk.list_cases() == before_cases  # no case created, nothing half-written
    assert win.workspace.browser.count.text() == "共 0 件"
    after = sorted(p.name for p in (clerk.archive.data_dir / "store").rglob("*") if p.is_file())
    assert [f for f in after if f not in store_files and not f.endswith(".lock")] == []


def test_new_case_dialog_creates_and_opens_the_case(qtbot, clerk, make_window):
    win = make_window(clerk)
    win.new_case()
    dlg = win.new_case_dialog
    dlg.submit()
    assert dlg.last_error_key == "missing_input"
    dlg.case_no.setText("某市监处罚〔2026〕9号")
    dlg.party.setText("某某公司")
    dlg.cause.setText("销售过期食品")
    dlg.party.editingFinished.emit()
    assert dlg.title.text() == "某某公司销售过期食品案"  # 案件名称 = party + violation + 案
    select = dlg.procedure.findData("简易")
    dlg.procedure.setCurrentIndex(select)
    assert dlg.retention.currentData() == "定期30年"
    assert dlg.classification.findData("机密") < 0  # above the clerk's clearance: not offered
    dlg.submit()
    assert not dlg.isVisible()
    assert win.workspace.currentWidget().case_no == "某市监处罚〔2026〕9号"
    case = clerk.show_case("某市监处罚〔2026〕9号")
    assert case["procedure"] == "简易" and case["retention"] == "定期30年"

    win.new_case()
    dup = win.new_case_dialog
    dup.case_no.setText("某市监处罚〔2026〕9号")
    dup.title.setText("重复")
    dup.submit()
    assert dup.last_error_key == "case_exists" and dup.isVisible()


def test_pool_runner_shows_progress_late_and_cancel_is_normal(qtbot, qapp):
    from workstation.errors import Cancelled
    from workstation.jobs import Job
    from workstation.ui import ops

    runner = ops.PoolRunner(show_after_ms=150, poll_ms=20)
    ops.set_runner(runner)
    outcome = []
    job = Job()
    started = threading.Event()

    def slow():
        started.set()
        for n in range(200):
            job.check_cancelled()
            job.report(n, 200, "storing")
            time.sleep(0.01)
        return "done"

    quick = ops.run_op(lambda: 42, success=outcome.append, progress_label="快")
    qtbot.waitUntil(lambda: quick.done, timeout=3000)
    assert outcome == [42] and quick.progress_dialog is None  # fast work never shows a dialog

    handle = ops.run_op(slow, success=outcome.append, cancelled=lambda: outcome.append("cancelled"),
                        progress_label="正在导入…", job=job)
    qtbot.waitUntil(lambda: handle.progress_dialog is not None, timeout=3000)
    dlg = handle.progress_dialog
    qtbot.waitUntil(lambda: "正在存储" in dlg.labelText(), timeout=3000)
    assert dlg.maximum() == 200
    from PySide6.QtWidgets import QPushButton

    dlg.findChild(QPushButton).click()  # the cancel button
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    assert outcome == [42, "cancelled"] and isinstance(handle.error, Cancelled)
    assert error_keys() == []

    failing = ops.run_op(lambda: 1 / 0)
    qtbot.waitUntil(lambda: failing.done, timeout=3000)
    assert error_keys() == ["unexpected"]
    boxes = open_boxes(qapp)
    assert boxes and "意外错误" in boxes[0].windowTitle() and "ZeroDivisionError" in boxes[0].detailedText()
    assert "Traceback" not in boxes[0].text()
    runner.wait_idle()


@pytest.mark.parametrize("key", ["authentication_failed", "access_denied", "not_found", "case_filed"])
def test_error_presenter_uses_keys(qapp, key):
    from workstation.errors import AccessDenied, AuthenticationFailed, Conflict, NotFound
    from workstation.ui.errors import error_text, show_error

    exc = {"authentication_failed": AuthenticationFailed(), "access_denied": AccessDenied(reason="没有权限"),
           "not_found": NotFound(what="案卷 X"), "case_filed": Conflict(key="case_filed", reason="案卷已归档")}[key]
    title, text = error_text(exc)
    assert title and text and "{" not in text
    box = show_error(exc)
    assert box is not None and box.text() == text and not box.detailedText()
    box.close()
