"""The 归档 workflow in the case view: drag-and-drop order, template order, 页号, 档号, 卷内目录 and
卷内备考表 (checked by extracting their text), 已归档 and the 归档后修改 approval."""

import unicodedata

import pytest

from tests.ui.conftest import error_keys

pytestmark = pytest.mark.skipif(
    not hasattr(__import__("workstation.session", fromlist=["Workstation"]).Workstation, "reorder_items"),
    reason="the 归档 services (FilingMethods) are not installed")


def fold(text: str) -> str:
    """PDF text without layout spaces and line breaks, compatibility code points folded."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def main_volume_ids(ws, case_no):
    vol = next(v for v in ws.show_case(case_no)["volumes"] if v["kind"] == "正卷")
    return [it["id"] for it in vol["items"]]


def test_reorder_by_drag_and_drop_renumbers(qtbot, clerk, imported, make_window):
    from PySide6.QtWidgets import QAbstractItemView

    win = make_window(clerk)
    view = win.workspace.open_case(imported.case_no)
    assert view.filing is not None and view.filing_button.isVisible()
    assert view.tree.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove
    ids = main_volume_ids(clerk, imported.case_no)
    last = ids[-1]
    assert view.tree.move_item(last, 0)  # what a drop at the top of 正卷 does
    assert main_volume_ids(clerk, imported.case_no)[0] == last
    assert view.tree.item_ids()[0] == last  # the tree is rebuilt from the facade's answer
    first = next(it for v in clerk.show_case(imported.case_no)["volumes"] for it in v["items"] if it["id"] == last)
    if first.get("page_count"):
        assert first["page_start"] == 1  # renumbered after the move

    # A drop into the other volume moves the item there.
    moved = ids[1]
    view.tree.item_moved.emit(moved, ("副卷", 1), 1)
    internal = next(v for v in clerk.show_case(imported.case_no)["volumes"] if v["kind"] == "副卷")
    assert internal["items"][0]["id"] == moved


def test_template_order_code_forms_and_filing(qtbot, archive, clerk, secadmin, imported, make_window):
    from workstation.ui.case.filing import FilingCheckDialog, TemplatePreviewDialog
    from workstation.ui.case.form_preview import FormPreview

    archive.settings.fonds_code = "Z109"
    win = make_window(clerk)
    view = win.workspace.open_case(imported.case_no)
    ctl = view.filing
    view.tree.move_item(main_volume_ids(clerk, imported.case_no)[-1], 0)  # out of template order

    ctl.plan_template("samr-penalty")
    plan = view.findChild(TemplatePreviewDialog)
    assert plan.table.rowCount() >= 1 and plan.apply_button.isEnabled()
    plan.apply_button.click()
    again = clerk.plan_order_template(imported.case_no, "samr-penalty")
    assert again["moves"] == []  # the case now follows the template

    ctl.renumber(None)
    assert "重新编页" in win.statusBar().currentMessage()

    ctl.assign_code_with(None, "ZFJ")
    detail = clerk.show_case(imported.case_no)
    assert detail["archival_code"].startswith("Z109-WS·") and detail["filing_no"]
    assert view.cover.form.values["档号"].text() == detail["archival_code"]

    ctl.generate_contents_list()
    preview = ctl.preview
    assert isinstance(preview, FormPreview) and preview.page_labels
    text = fold(preview.text())
    titles = [it["title"] for v in detail["volumes"] for it in v["items"]]
    assert "卷内目录" in text and detail["archival_code"] in text
    assert sum(fold(t) in text for t in titles) >= len(titles) // 2
    preview.close()

    ctl.ask_closing_note()
    dlg = ctl.dialog
    dlg.fields["checked_by"].setText("王检查")
    dlg._ok()
    note = fold(ctl.preview.text())
    assert "备考表" in note and "王检查" in note and "立卷人" in note
    ctl.preview.close()

    ctl.check()
    check = view.findChild(FilingCheckDialog)
    assert check.file_button.isEnabled(), check.problems.text()
    check.file_button.click()
    assert clerk.show_case(imported.case_no)["status"] == "已归档"
    assert view.chip_labels[0].text() == "已归档"
    assert not view.add_button.isEnabled() and not view.tree.dragEnabled()
    assert "已归档" in view.filing_status.text()

    # 已归档 lock: adding files is refused with a clear message; reordering is off.
    before = main_volume_ids(clerk, imported.case_no)
    view.tree.move_item(before[-1], 0)
    assert main_volume_ids(clerk, imported.case_no) == before
    files = sorted(p for p in imported_paths(imported))[:1]
    win.importer.import_paths(files, imported.case_no)
    assert "case_filed" in error_keys()

    # 归档后修改: the clerk asks, the security officer approves, the tree can be reordered again.
    ctl.ask_edit_approval()
    req = ctl.dialog
    req.fields["reason"].setText("补充送达回证页号更正")
    req._ok()
    swin = make_window(secadmin)
    panel = swin.requests_page.edit_panel
    swin.requests_page.tabs.setCurrentIndex(1)
    assert [a["case_no"] for a in panel.items] == [imported.case_no]
    panel.table.selectRow(0)
    panel.decide(True)
    from workstation.ui.admin.edit_approvals import EditDecisionDialog

    panel.findChild(EditDecisionDialog).submit()
    view.refresh()
    assert view.filing.window_open and view.tree.dragEnabled()
    view.tree.move_item(before[-1], 0)
    assert main_volume_ids(clerk, imported.case_no)[0] == before[-1]


def imported_paths(report):
    """Some file of the dossier again (any file: the case is filed, so it must be refused)."""
    from pathlib import Path

    import tempfile

    tmp = Path(tempfile.mkdtemp())
    f = tmp / "补充材料.pdf"
    f.write_bytes(b"%PDF-1.4\n% a later addition\n")
    return [f]
