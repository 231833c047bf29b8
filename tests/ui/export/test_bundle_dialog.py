"""The 导出证据包 dialog (offscreen): choose, order, number, redact, export in a worker with
a cancellable progress dialog; the result is shown in Chinese; refusals are shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.export.conftest import find_page, secret_rect
from workstation.export.package import verify_bundle

ID_NO = "110101199003071234"


def _check(dialog, kind, ident, pages=None, proves=None):
    row = dialog.row_for(kind, ident)
    assert row is not None and row.flags() & Qt.ItemFlag.ItemIsEnabled
    row.setCheckState(0, Qt.CheckState.Checked)
    if pages is not None:
        row.setText(2, pages)
    if proves is not None:
        row.setText(3, proves)
    return row


@pytest.fixture
def out(tmp_path):
    d = tmp_path / "bundles"
    d.mkdir()
    return d


def test_choose_order_redact_and_export(qtbot, clerk, case, material, out):
    from workstation.ui.export.bundle_dialog import BundleDialog

    items = case["items"]
    dialog = BundleDialog(clerk, case["case_no"], out_dir=out)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.tree.topLevelItemCount() == 6
    assert dialog.row_for("clip", case["clip"]["id"]) is not None  # clips under their recording
    _check(dialog, "item", items["notice"])
    record = _check(dialog, "item", items["record"], pages="1-2", proves="当事人承认销售过期食品")
    _check(dialog, "clip", case["clip"]["id"])
    # move the 询问笔录 to the top
    dialog.tree.setCurrentItem(record)
    qtbot.mouseClick(dialog.up, Qt.MouseButton.LeftButton)
    assert dialog.tree.indexOfTopLevelItem(record) == 0
    dialog.prefix.setText("ZJ")
    dialog.digits.setValue(4)
    assert dialog.preview.text().startswith("ZJ0001")
    dialog.recipient.setText("某区人民法院")
    page = find_page(material["record"], ID_NO)
    dialog.add_redaction(items["record"], page, secret_rect(material["record"], page, ID_NO), "P1")
    dialog.add_av_redaction(f"clip:{case['clip']['id']}", 2000, "00:00:03.000", "提示音", reason="P1 电话")
    dialog.add_av_redaction(f"clip:{case['clip']['id']}", 1500, 3500, "画面遮挡", (40, 40, 100, 60), "P1")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.result_data is not None, dialog.result_label.text()
    text = dialog.result_label.text()
    assert "证据包已生成" in text and "ZJ0001–" in text
    res = dialog.result_data
    assert verify_bundle(res["path"])["ok"] and Path(res["zip"]).is_file()
    manifest = json.loads((Path(res["path"]) / "data/manifest.json").read_text("utf-8"))
    assert [(e["item_id"], e["clip_id"]) for e in manifest["exhibits"]] == [
        (items["record"], None), (items["notice"], None), (items["video"], case["clip"]["id"])]
    assert manifest["exhibits"][0]["proves"] == "当事人承认销售过期食品"
    assert manifest["exhibits"][0]["source"]["pages"] == [[1, 2]]
    marks = manifest["exhibits"][2]["source"]["redactions"]
    assert [(m["type"], m.get("mode"), m["start_ms"], m["end_ms"]) for m in marks] == [
        ("audio", "tone", 2000, 3000), ("mask", None, 1500, 3500)]
    assert marks[1]["box"] == [40, 40, 100, 60]


def test_bad_input_is_explained_without_exporting(qtbot, clerk, case, out):
    from workstation.ui.export.bundle_dialog import BundleDialog

    dialog = BundleDialog(clerk, case["case_no"], out_dir=out)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "至少勾选一项证据" in dialog.result_label.text()
    _check(dialog, "item", case["items"]["notice"], pages="9-12")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "导出失败" in dialog.result_label.text() and "只有 2 页" in dialog.result_label.text()
    assert list(out.iterdir()) == []
    dialog.row_for("item", case["items"]["notice"]).setText(2, "")
    dialog.add_av_redaction("clip:999", 0, 1000)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "clip:999 未被勾选" in dialog.result_label.text()
    assert list(out.iterdir()) == []


def test_items_without_export_grant_cannot_be_chosen(qtbot, secadmin, reviewer, case, out):
    from workstation.ui.export.bundle_dialog import BundleDialog

    secadmin.add_grant(case["case_no"], user="reviewer", level="view", reason="法制审核")
    dialog = BundleDialog(reviewer, case["case_no"], out_dir=out)
    qtbot.addWidget(dialog)
    rows = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    assert rows and not any(r.flags() & Qt.ItemFlag.ItemIsEnabled for r in rows)
    assert "下载/导出" in rows[0].toolTip(0)


def test_progress_dialog_cancel_leaves_nothing(qtbot, clerk, case, out):
    """Real worker thread and progress dialog: its cancel button stops the export."""
    from workstation.ui import ops
    from workstation.ui.export.bundle_dialog import BundleDialog

    dialog = BundleDialog(clerk, case["case_no"], out_dir=out)
    qtbot.addWidget(dialog)
    for key in ("notice", "record", "decision", "video", "audio"):
        _check(dialog, "item", case["items"][key])
    _check(dialog, "clip", case["clip"]["id"])
    ops.set_runner(ops.PoolRunner(show_after_ms=0, poll_ms=10))
    try:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        handle = dialog.handle
        qtbot.waitUntil(lambda: handle.progress_dialog is not None or handle.done, timeout=10_000)
        assert handle.progress_dialog is not None, "finished before the progress dialog appeared"
        assert "证据包" in handle.progress_dialog.labelText()
        handle.progress_dialog.canceled.emit()  # what its 取消 button does
        qtbot.waitUntil(lambda: handle.done, timeout=60_000)
    finally:
        ops.runner().wait_idle(60_000)
        ops.set_runner(ops.InlineRunner())
    assert "已取消" in dialog.result_label.text()
    assert list(out.iterdir()) == []


def test_case_view_offers_the_export_to_those_who_may(qtbot, archive, admin, clerk, case):
    from tests.conftest import PASSWORD
    from workstation.archive.vocab import Role
    from workstation.ui.bus import ChangeBus
    from workstation.ui.case.case_view import CaseView
    from workstation.ui.export.bundle_dialog import BundleDialog

    view = CaseView(clerk, case["case_no"], ChangeBus())
    qtbot.addWidget(view)
    view.show()
    assert view.bundle_button.isVisible() and view.bundle_button.text() == "导出证据包"
    qtbot.mouseClick(view.bundle_button, Qt.MouseButton.LeftButton)
    dialog = view.bundle_dialog
    assert isinstance(dialog, BundleDialog) and dialog.isVisible()
    assert dialog.tree.topLevelItemCount() == 6
    dialog.close()
    admin.add_user("reader", PASSWORD, [Role.READER])
    reader_view = CaseView(archive.sign_in("reader", PASSWORD), case["case_no"], ChangeBus())
    qtbot.addWidget(reader_view)
    reader_view.show()
    assert not reader_view.bundle_button.isVisible()  # no export permission: no button
