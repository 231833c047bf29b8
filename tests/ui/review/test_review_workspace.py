"""The review workspace (pytest-qt, offscreen): PDF ⇄ video side by side, an annotation
drawn by mouse on a page, a time range on the timeline, a link followed, the checklist
filled through the panel, the 意见书 generated and its citations read back."""

from __future__ import annotations

import pymupdf
import pytest
from PySide6.QtCore import Qt

from tests.ui.review.test_viewer_tools import page_pos
from tests.review.test_workflow import REQUIRED, submit


@pytest.fixture
def workspace(qtbot, review_case):
    from workstation.ui.review import ReviewWorkspace

    ws = review_case["reviewer"]
    submit(ws, review_case["case_no"], materials=REQUIRED)
    ws.review_accept(review_case["case_no"], accepted_on="2026-09-30")
    w = ReviewWorkspace(ws, review_case["case_no"])
    w.note_provider = lambda: "自动填写的批注"
    qtbot.addWidget(w)
    w.resize(1500, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close_items()


def wait_pdf(qtbot, pane):
    qtbot.waitUntil(lambda: pane.pdf.page_count > 0 and pane.pdf.canvas.drawn_sharp(pane.pdf.current_page - 1),
                    timeout=20_000)


def test_side_by_side_annotate_link_checklist_opinion(qtbot, workspace, review_case, tmp_path):
    left, right = workspace.panes
    pdf, video = review_case["pdf"], review_case["video"]
    assert left.item["id"] == pdf and right.item["id"] == video  # PDF left, recording right
    assert right.stack.currentWidget() is right.av
    wait_pdf(qtbot, left)

    # a rectangle drawn by mouse on page 1
    left.set_tool("rect")
    vp = left.pdf.canvas.viewport()
    a, b = page_pos(left.pdf, 1, 90, 120), page_pos(left.pdf, 1, 320, 200)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(vp, b)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)
    qtbot.waitUntil(lambda: len(workspace.annotations) == 1, timeout=3000)
    ann = workspace.annotations[0]
    assert ann["kind"] == "rect" and ann["page"] == 1 and abs(ann["rect"][0] - 90) < 3
    assert left.pdf.canvas.overlays[0][0].key == ann["id"]

    # a time range marked on the video's timeline becomes an av_range annotation with a marker
    right.av.range_selected.emit(1000, 2500)
    qtbot.waitUntil(lambda: len(workspace.annotations) == 2, timeout=3000)
    t = next(x for x in workspace.annotations if x["kind"] == "av_range")
    assert (t["start_ms"], t["end_ms"], t["note"]) == (1000, 2500, "自动填写的批注")

    # link the PDF page with the video time, then follow it from the list
    workspace.selected_annotation = None
    left.pdf.go_to_page(3)
    right.av.seek(2000)
    qtbot.waitUntil(lambda: left.pdf.current_page == 3, timeout=3000)
    link = workspace.link_panes()
    assert link["a"]["item_id"] == pdf and link["a"]["page"] == 3 and link["b"]["item_id"] == video
    left.pdf.go_to_page(1)
    qtbot.waitUntil(lambda: left.pdf.current_page == 1, timeout=3000)
    row = workspace.link_list.list.item(0)
    workspace.link_list._follow(row)
    qtbot.waitUntil(lambda: left.pdf.current_page == 3, timeout=3000)

    # clicking an annotation in the list navigates to it
    workspace.annotation_list.refresh()
    first = workspace.annotation_list.list.item(0)
    workspace.annotation_list._activated(first)
    qtbot.waitUntil(lambda: left.pdf.current_page == 1, timeout=3000)

    # the checklist: every point through the panel; point 5 cites the page and the range
    panel = workspace.review_panel
    for r in range(9):
        panel.table.setCurrentCell(r, 0)
        panel.result_box.setCurrentText("不适用" if r == 8 else "符合")
        panel.explanation.setText(f"要点{r + 1}已审查")
        if r == 4:
            workspace.selected_annotation = None
            left.pdf.go_to_page(2)
            qtbot.waitUntil(lambda: left.pdf.current_page == 2, timeout=3000)
            panel.cite_current()  # page 2 of the PDF and the video position
            workspace.select_annotation(t)
            panel.cite_current()  # the time-range annotation
        panel.save_point()
    p5 = panel.current["checklist"][4]
    assert [c.get("page") for c in p5["citations"]][0] == 2
    assert any(c.get("start_ms") == 1000 for c in p5["citations"])
    # a citation double-clicked opens the exact page
    left.pdf.go_to_page(4)
    qtbot.waitUntil(lambda: left.pdf.current_page == 4, timeout=3000)
    panel._cell_activated(4, 3)
    qtbot.waitUntil(lambda: left.pdf.current_page == 2, timeout=3000)

    panel.conclusion_box.setCurrentText("同意")
    panel.conclude()
    assert panel.current["status"] == "concluded"
    out = panel.generate_opinion()
    assert panel.preview is not None and len(panel.preview.pages) >= 1
    with pymupdf.open(out["path"]) as doc:
        text = "".join(p.get_text() for p in doc)
    assert "《询问笔录》第2页" in text and "《执法记录仪》00:00:01—00:00:02" in text
    assert not panel.sign_button.isVisible()  # the reviewer cannot sign off
    panel.preview.close()


def test_layout_is_remembered_per_case(qtbot, workspace, review_case):
    from workstation.ui.review import ReviewWorkspace

    left, right = workspace.panes
    wait_pdf(qtbot, left)
    right.open_item(review_case["pdf"])
    workspace.sync_box.setChecked(True)
    workspace.close_items()
    again = ReviewWorkspace(review_case["reviewer"], review_case["case_no"])
    qtbot.addWidget(again)
    assert [p.item["id"] for p in again.panes] == [review_case["pdf"], review_case["pdf"]]
    assert again.sync_box.isChecked()
    again.show()
    qtbot.waitExposed(again)
    a, b = again.panes
    wait_pdf(qtbot, a)
    qtbot.waitUntil(lambda: b.pdf.page_count > 0, timeout=20_000)
    a.pdf.go_to_page(4)
    qtbot.waitUntil(lambda: b.pdf.current_page == 4, timeout=3000)  # synchronised scrolling
    again.close_items()


def test_sign_off_from_the_panel(qtbot, review_case):
    from workstation.ui.review import ReviewWorkspace

    ws, case_no = review_case["reviewer"], review_case["case_no"]
    submit(ws, case_no, materials=REQUIRED)
    ws.review_accept(case_no, accepted_on="2026-09-30")
    for n in range(1, 10):
        ws.review_check(case_no, n, "符合", explanation="已审查")
    ws.review_conclude(case_no, "同意")
    from workstation.ui.bus import ChangeBus
    from workstation.ui.review.page import ReviewPage

    page = ReviewPage(review_case["head"], ChangeBus())
    qtbot.addWidget(page)
    page.show()
    assert "【" in page.case_box.currentText()  # the open review's countdown
    w = page.open_case(case_no)
    panel = w.review_panel
    assert panel.sign_button.isEnabled() and not panel.save_button.isEnabled()
    panel.sign_off()
    assert panel.current["status"] == "signed" and panel.current["opinion"]["number"]
    assert not panel.sign_button.isEnabled()
    # signed: the case list drops the countdown at once and keeps the case chosen
    assert page.case_box.currentData() == case_no and "【" not in page.case_box.currentText()
    w.close_items()


def test_intake_through_the_panel_forms(qtbot, review_case, monkeypatch):
    """送审 registered with the form (a required material missing), 受理 refused until the
    补正, then accepted; the deadline counts working days; an extension is recorded."""
    from workstation.ui.review import ReviewWorkspace
    from workstation.ui.review.submission import AcceptDialog, ExtendDialog, MaterialsDialog, SubmissionDialog

    ws, case_no = review_case["reviewer"], review_case["case_no"]
    w = ReviewWorkspace(ws, case_no)
    qtbot.addWidget(w)
    panel = w.review_panel
    assert panel.submit_button.isEnabled() and not panel.accept_button.isEnabled()
    assert "尚未送审" in panel.info.text()

    form = SubmissionDialog(panel.ref, w.case, w)
    qtbot.addWidget(form)
    form.submitted_on.setDate(form.submitted_on.date().fromString("2026-09-28", "yyyy-MM-dd"))
    form.person.setText("张三")
    form.decision_type.setText("罚款")
    form.decision_content.setText("没收违法所得并处罚款五万元")
    required = [m["name"] for m in panel.ref["materials"] if m["required"]]
    for name in required[:-1]:
        form.materials[name].setChecked(True)
    values = form.values()
    assert values["major_category"] == panel.ref["catalogue"][0]["code"]
    assert values["materials"] == required[:-1]
    panel.submit(values)
    assert "尚缺材料" in panel.info.text() and required[-1] in panel.info.text()
    assert panel.accept_button.isEnabled() and panel.materials_button.isEnabled()
    assert not panel.submit_button.isEnabled()

    shown = []
    import workstation.ui.errors as errors

    monkeypatch.setattr(errors, "show_error", lambda exc, parent=None: shown.append(str(exc)))
    accept = AcceptDialog(panel.current["submitted_on"], w)
    accept.accepted_on.setDate(accept.accepted_on.date().fromString("2026-09-30", "yyyy-MM-dd"))
    assert panel.accept_package(accept.values()["accepted_on"]) is None  # refused: a material is missing
    assert shown and "送审材料不齐" in shown[0]
    monkeypatch.undo()

    missing = MaterialsDialog(panel.current["missing"], w)
    for c in missing.checks.values():
        c.setChecked(True)
    panel.add_materials(missing.values())
    assert not panel.current["missing"]
    panel.accept_package("2026-09-30")
    cur = panel.current
    assert cur["status"] == "accepted" and cur["accepted_on"] == "2026-09-30"
    # 2026-10-01..08 are the National Day holidays, 10-10 (Saturday) is a working day.
    assert cur["deadline"] == ws.add_workdays("2026-09-30", cur["limit_days"])["date"]
    assert panel.extend_button.isEnabled() and not panel.accept_button.isEnabled()

    ext = ExtendDialog(panel.ref["limits"]["extension_days"], w)
    ext.days.setValue(2)
    ext.approved_by.setText("李局长")
    ext.reason.setText("案情复杂，需补充调查")
    panel.extend(ext.values())
    cur = panel.current
    assert cur["extension_days"] == 2
    assert cur["deadline"] == ws.add_workdays("2026-09-30", cur["limit_days"] + 2)["date"]
    assert "延长 2" in panel.info.text()
    w.close_items()


def test_intake_buttons_wrap_instead_of_squeezing(qtbot):
    from PySide6.QtWidgets import QPushButton, QWidget

    from workstation.ui.review.panel import _ButtonRow

    host = QWidget()
    qtbot.addWidget(host)
    buttons = [QPushButton(t, host) for t in ("登记送审…", "补正材料…", "受理…", "退回…", "延长期限…")]
    row = _ButtonRow(buttons, host)
    host.resize(1000, 400)
    host.show()
    for width, rows in ((900, 1), (320, 2), (150, 5)):
        row.resize(width, row.sizeHint().height())
        qtbot.wait(30)
        used = {row.grid.getItemPosition(row.grid.indexOf(b))[0] for b in buttons}
        assert len(used) == rows, (width, used)
        if width >= 320:  # every button keeps its natural width
            assert all(b.width() >= b.sizeHint().width() - 1 for b in buttons), width
