"""案卷评查 UI (pytest-qt, offscreen): scoring a case by clicking rubric items and pages, veto,
submit; the reconciliation view; the report view with its charts; the plan dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from tests.evaluation.conftest import CASES

C1, C2 = CASES[0][0], CASES[1][0]


def page_pos(viewer, page: int, x: float, y: float) -> QPoint:
    c = viewer.canvas
    box = c.layout.box(page - 1, c.viewport().width())
    z = c.layout.zoom
    return QPoint(round(box.x + x * z - c.horizontalScrollBar().value()),
                  round(box.y + y * z - c.verticalScrollBar().value()))


def click_page(qtbot, viewer, page: int) -> None:
    viewer.go_to_page(page)
    qtbot.wait(50)
    qtbot.mouseClick(viewer.canvas.viewport(), Qt.MouseButton.LeftButton, pos=page_pos(viewer, page, 120, 160))


def click_rubric_item(qtbot, view, code: str) -> None:
    node = view.tree_items[code]
    view.tree.scrollToItem(node)
    rect = view.tree.visualItemRect(node)
    qtbot.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def scoring(qtbot, eval_env, pdf_item):
    from workstation.ui.evaluation import EvaluationPage

    lead, eva = eval_env["lead"], eval_env["eva"]
    plan = lead.create_plan("2025 抽查", "penalty-ordinary", case_nos=[C1])
    lead.assign_evaluators(plan["id"], ["eva"])
    page = EvaluationPage(eva)
    qtbot.addWidget(page)
    page.resize(1500, 950)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    assert page.assignments.table.rowCount() == 1
    page.assignments.table.selectRow(0)
    qtbot.mouseClick(page.assignments.open_button, Qt.MouseButton.LeftButton)
    view = page.tabs.currentWidget()
    assert view.objectName() == "scoringView"
    viewer = view.doc_tab.viewer
    qtbot.waitUntil(lambda: viewer.page_count == 3, timeout=20_000)
    yield page, view, viewer, plan
    view.close_viewer()


def test_score_a_case_by_clicking_items_and_pages(qtbot, scoring, eval_env, pdf_item, tmp_path):
    page, view, viewer, plan = scoring
    assert view.score_label.text() == "得分 100" and view.grade_label.text() == "优秀"
    assert not view.deduct_button.isEnabled()  # no rubric item chosen yet
    # capped item 2.11 (每处扣 1 分，本项扣完为止), two pages without signatures
    click_rubric_item(qtbot, view, "2.11")
    assert view.current_code == "2.11" and view.count.isVisibleTo(view) and not view.points.isVisibleTo(view)
    click_page(qtbot, viewer, 2)
    assert view.anchor == {"item_id": pdf_item, "page": 2}
    assert "第 2 页" in view.anchor_text.text()
    view.page_end.setValue(3)
    view.count.setValue(3)
    view.reason.setText("第2、3页被询问人未签名")
    qtbot.mouseClick(view.deduct_button, Qt.MouseButton.LeftButton)
    assert view.score_label.text() == "得分 98"  # 3 × 1 entered, the item has 2
    assert view.tree_items["2.11"].text(2) == "-2*"
    assert view.table.rowCount() == 1 and "第 2–3 页" in view.table.item(0, 3).text()
    assert view.reason.text() == ""
    # range item 3.1: the evaluator chooses the points
    click_rubric_item(qtbot, view, "3.1")
    assert view.points.isVisibleTo(view) and view.points.minimum() == 1 and view.points.maximum() == 5
    view.points.setValue(1.5)
    click_page(qtbot, viewer, 3)
    view.reason.setText("调查终结报告未写明证据")
    qtbot.mouseClick(view.deduct_button, Qt.MouseButton.LeftButton)
    assert view.score_label.text() == "得分 96.5" and view.grade_label.text() == "优秀"
    # a deduction without a reason is refused inline, nothing changes
    click_rubric_item(qtbot, view, "1.1")
    qtbot.mouseClick(view.deduct_button, Qt.MouseButton.LeftButton)
    assert view.entry_error.isVisible() and "理由" in view.entry_error.text()
    assert view.score_label.text() == "得分 96.5"
    # veto: the file is 不合格 at once
    click_rubric_item(qtbot, view, "F9")
    assert view.deduct_button.text() == "认定否决（不合格）"
    click_page(qtbot, viewer, 1)
    view.reason.setText("现场检查仅一名执法人员")
    qtbot.mouseClick(view.deduct_button, Qt.MouseButton.LeftButton)
    assert view.grade_label.text() == "不合格（否决）" and view.score_label.text() == "得分 0"
    assert view.tree_items["F9"].text(2) == "否决"
    # take the veto back (draft): the score returns
    view.table.selectRow(2)
    qtbot.mouseClick(view.remove_button, Qt.MouseButton.LeftButton)
    assert view.grade_label.text() == "优秀" and view.score_label.text() == "得分 96.5"
    # double-clicking a deduction goes to its page
    viewer.go_to_page(1)
    view.table.selectRow(0)
    qtbot.mouseClick(view.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: viewer.current_page == 2, timeout=5000)
    # notes and submit (confirmed), then read-only
    view.notes.setPlainText("询问笔录签名不全")
    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)
    box = view.findChild(QMessageBox, "confirmSubmit")
    assert box is not None and "96.5" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert "已提交" in view.status_label.text()
    assert not view.deduct_button.isEnabled() and not view.submit_button.isEnabled() and view.notes.isReadOnly()
    assert view.revise_button.isVisible()
    stored = eval_env["eva"].show_sheet(view.sheet["id"])
    assert stored["status"] == "submitted" and stored["notes"] == "询问笔录签名不全"
    assert [(d["item_code"], d["points"], d["anchor"]) for d in stored["deductions"]] == [
        ("2.11", 3.0, {"item_id": pdf_item, "page": 2, "page_end": 3}), ("3.1", 1.5, {"item_id": pdf_item, "page": 3})]
    page.assignments.refresh()
    assert page.assignments.table.item(0, 4).text() == "已提交"
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export_pdf(str(tmp_path / "sheet.pdf"))
    import pymupdf

    text = pymupdf.open(tmp_path / "sheet.pdf")[0].get_text().replace("\n", "")
    assert "得分 96.5 分" in text and "询问笔录 第 2–3 页" in text
    # a correction is a new revision (reason asked)
    qtbot.mouseClick(view.revise_button, Qt.MouseButton.LeftButton)
    view.revise_dialog.setTextValue("漏扣 1.6")
    view.revise_dialog.accept()
    assert view.sheet["revision"] == 2 and view.editable and "第 2 稿" in view.status_label.text()


def test_reconciliation_view(qtbot, eval_env, pdf_item):
    from workstation.ui.evaluation.reconcile import ReconcileView

    lead, eva, evb = eval_env["lead"], eval_env["eva"], eval_env["evb"]
    plan = lead.create_plan("双评", "penalty-ordinary", case_nos=[C1], double_scoring=True, blind=True)
    lead.assign_evaluators(plan["id"], ["eva", "evb"])
    for ws, entries in ((eva, [("2.12", {"count": 2}), ("3.1", {"points": 3})]),
                        (evb, [("2.12", {"count": 2}), ("F5", {})])):
        sheet = ws.sheet_for(plan["id"], C1)
        for code, kw in entries:
            sheet = ws.add_deduction(sheet["id"], code, reason=f"{code} 不符合要求",
                                     anchor={"item_id": pdf_item, "page": 2}, **kw)
        ws.submit_sheet(sheet["id"])
    view = ReconcileView(lead, plan["id"], C1)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    assert "评查甲" in view.title.text() and "96" in view.title.text() and "不合格" in view.title.text()
    assert set(view.choice_boxes) == {"3.1", "F5"} and view.summary.text() == "意见不一致 2 项"
    shown = [view.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(view.table.rowCount())
             if not view.table.isRowHidden(r)]
    assert shown == ["2.12", "3.1", "F5"]
    row_f5 = next(r for r in range(view.table.rowCount()) if view.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == "F5")
    assert view.table.item(row_f5, 2).text() == "" and view.table.item(row_f5, 3).text().startswith("否决")
    view.only_diff.setChecked(False)
    assert sum(not view.table.isRowHidden(r) for r in range(view.table.rowCount())) == view.table.rowCount() == 50
    view.choose("3.1", "a")
    qtbot.mouseClick(view.form_button, Qt.MouseButton.LeftButton)  # F5 not chosen yet
    assert view.error.isVisible() and "F5" in view.error.text()
    view.choose("F5", "a")
    with qtbot.waitSignal(view.reconciled, timeout=5000) as blocker:
        qtbot.mouseClick(view.form_button, Qt.MouseButton.LeftButton)
    final = blocker.args[0]
    assert final["result"]["score"] == 96 and final["result"]["grade"] == "优秀"
    assert "已有定稿：96 分 优秀" in view.final_label.text() and view.form_button.text() == "重新合议"


def test_report_view_charts_and_export(qtbot, eval_env, pdf_item, tmp_path):
    from workstation.ui.evaluation.report import ReportView

    lead, eva = eval_env["lead"], eval_env["eva"]
    plan = lead.create_plan("报告", "penalty-ordinary", case_nos=[C1, C2])
    lead.assign_evaluators(plan["id"], ["eva"])
    sheet = eva.sheet_for(plan["id"], C1)
    sheet = eva.add_deduction(sheet["id"], "3.3", reason="未告知听证", anchor={"item_id": pdf_item, "page": 1})
    eva.submit_sheet(sheet["id"])
    view = ReportView(lead, plan["id"])
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    assert view.grade_chart.labels == ["优秀（1）", "合格（0）", "不合格（0）"] and view.grade_chart.values == [1, 0, 0]
    assert view.dist_chart.values == [0] * 9 + [1]  # 100 − 10 = 90 falls in 90–100
    assert view.unit_chart.labels == ["执法稽查科"] and view.unit_chart.values == [90.0]
    assert "未完成 1 件" in view.summary.text()
    assert view.defects.item(0, 0).text() == "3.3"
    out_pdf, out_xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export("pdf", str(out_pdf))
    with qtbot.waitSignal(view.exported, timeout=20_000):
        view.export("xlsx", str(out_xlsx))
    assert out_pdf.read_bytes()[:4] == b"%PDF" and out_xlsx.stat().st_size > 5000


def test_main_window_page_and_new_plan_dialog(qtbot, eval_env, make_window, clerk):
    from workstation.ui.evaluation.page import NewPlanDialog, set_checked

    lead = eval_env["lead"]
    win = make_window(lead)
    assert "evaluation" in win.page_keys
    page = win.show_page("evaluation")
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["我的评查任务", "评查计划"]
    boss_win = make_window(eval_env["boss"])
    boss_page = boss_win.show_page("evaluation")
    assert [boss_page.tabs.tabText(i) for i in range(boss_page.tabs.count())] == ["评查计划"]
    assert "evaluation" not in make_window(clerk).page_keys
    dlg = NewPlanDialog(lead, page)
    qtbot.addWidget(dlg)
    set_checked(dlg.units, {"执法稽查科"})
    assert dlg.preview.text() == "符合条件、本人有权查阅的案卷：2 件"
    set_checked(dlg.levels, {"秘密"})
    assert "0 件" in dlg.preview.text()
    set_checked(dlg.levels, set())
    dlg.name.setText("稽查科抽查")
    dlg.sample.setValue(1)
    dlg.seed.setText("42")
    set_checked(dlg.evaluators, {"eva"})
    with qtbot.waitSignal(dlg.created, timeout=5000) as blocker:
        dlg.submit()
    plan = blocker.args[0]
    assert plan["seed"] == 42 and len(plan["cases"]) == 1
    page.plans.refresh()
    assert page.plans.table.item(0, 0).text() == "稽查科抽查"
    page.plans.select_plan(plan["id"])
    assert page.plans.cases.rowCount() == 1 and "评查甲" in page.plans.cases.item(0, 3).text()
    page.plans.report_button.click()
    assert page.tabs.currentWidget().objectName() == "reportView"


def test_av_item_fills_a_time_anchor(qtbot, eval_env, pdf_item, clerk, tmp_path):
    import shutil

    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg not installed")
    from workstation.devdata.media import make_bodycam_mp4
    from workstation.ui.evaluation.scoring import ScoringView

    clerk.import_paths([make_bodycam_mp4(tmp_path / "执法记录仪.mp4", 3)], case_no=C1)
    lead, eva = eval_env["lead"], eval_env["eva"]
    plan = lead.create_plan("音像", "penalty-ordinary", case_nos=[C1])
    lead.assign_evaluators(plan["id"], ["eva"])
    view = ScoringView(eva, eva.sheet_for(plan["id"], C1))
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    video = next(it for it in view.case_items if it["kind"] == "video")
    view.item_box.setCurrentIndex(view.case_items.index(video))
    player = view.doc_tab.viewer
    assert player.objectName() == "avView" and not view.page_end.isEnabled()
    with qtbot.waitSignal(player.position_changed, timeout=10_000):
        player.seek(1200)
    assert view.anchor["item_id"] == video["id"] and view.anchor.get("page") is None
    assert abs(view.anchor["ms"] - player.position_ms()) < 5
    player.range_selected.emit(500, 1800)  # the player's in/out marks
    assert view.anchor == {"item_id": video["id"], "ms": 500, "ms_end": 1800}
    assert view.anchor_text.text().endswith("00:00:00–00:00:01")
    view.choose_item("2.17")
    view.reason.setText("视听资料未注明制作人")
    view.deduct()
    d = view.sheet["deductions"][0]
    assert d["anchor"] == {"item_id": video["id"], "ms": 500, "ms_end": 1800} and view.sheet["result"]["score"] == 99
    view.close_viewer()


def test_report_view_of_a_plan_without_finished_files(qtbot, eval_env):
    from workstation.ui.evaluation.report import ReportView

    lead = eval_env["lead"]
    plan = lead.create_plan("刚开始", "licensing", categories=["许可"])
    view = ReportView(lead, plan["id"])
    qtbot.addWidget(view)
    view.show()
    assert "评查案卷 <b>0</b> 件" in view.summary.text() and "未完成 1 件" in view.summary.text()
    assert view.grade_chart.values == [0, 0, 0] and view.unit_chart.values == []
    assert view.defects.rowCount() == 0


def test_closing_a_plan_from_the_plans_tab(qtbot, eval_env, make_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tests.evaluation.conftest import CASES

    lead = eval_env["lead"]
    plan = lead.create_plan("年度评查", "penalty-ordinary", case_nos=[CASES[0][0]])
    lead.assign_evaluators(plan["id"], ["eva"])
    win = make_window(lead)
    page = win.show_page("evaluation")
    panel = page.plans
    panel.refresh()
    qtbot.waitUntil(lambda: panel.current_plan() is not None)
    panel.select_plan(plan["id"])
    assert panel.close_button.isEnabled() and panel.assign_button.isEnabled()
    asked = []

    def question(_parent, _title, text, *a, **k):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    panel.close_button.click()
    assert "仍有 1 件案卷没有最终评分" in asked[0]
    assert lead.show_plan(plan["id"])["closed_at"] is None  # answered No: nothing changed
    panel.close_plan(confirm=True)
    qtbot.waitUntil(lambda: (panel.current_plan() or {}).get("closed_at") is not None, timeout=5000)
    assert panel.table.item(0, 0).text().endswith("（已结束）")
    assert not panel.close_button.isEnabled() and not panel.assign_button.isEnabled()
    assert panel.report_button.isEnabled()
    qtbot.waitUntil(lambda: "结束" in panel.detail_label.text(), timeout=5000)


def test_reconciliation_view_agreed_deduction_and_none(qtbot, eval_env, pdf_item):
    """均不扣分 and 合议改定: the agreed deduction entered in its dialog (count for a per-occurrence
    item, anchor from the cited evidence, reason required) forms the final sheet."""
    from tests.evaluation.test_session import _score_both
    from workstation.ui.evaluation.reconcile import ReconcileView

    lead, eva, evb = eval_env["lead"], eval_env["eva"], eval_env["evb"]
    plan = lead.create_plan("合议改定", "penalty-ordinary", case_nos=[C1], double_scoring=True)
    lead.assign_evaluators(plan["id"], ["eva", "evb"])
    sa, sb = _score_both(eval_env, plan["id"], pdf_item, a_extra=True)
    eva.submit_sheet(sa["id"])
    evb.submit_sheet(sb["id"])
    view = ReconcileView(lead, plan["id"], C1)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    assert set(view.choice_boxes) == {"2.11", "3.1"}
    view.choose("3.1", "none")
    box = view.choice_boxes["2.11"]
    box.setCurrentIndex(box.findData("agreed"))
    box.activated.emit(box.currentIndex())  # as when the user picks 合议改定…
    dlg = view.agreed_dialog
    assert dlg is not None and dlg.isVisible() and dlg.count.isVisibleTo(dlg) and not dlg.points.isVisibleTo(dlg)
    assert dlg.count.value() == 3 and "第1页" in dlg.anchor.currentText().replace(" ", "")
    dlg.ok_button.click()  # no reason yet: stays open
    assert dlg.isVisible()
    dlg.count.setValue(1)
    dlg.reason.setText("合议认定缺一处签名")
    dlg.ok_button.click()
    assert not dlg.isVisible() and box.currentText() == "合议改定：1 处"
    assert view.choices() == {"3.1": "none", "2.11": {"reason": "合议认定缺一处签名", "count": 1,
                                                      "anchor": {"item_id": pdf_item, "page": 1}}}
    with qtbot.waitSignal(view.reconciled, timeout=5000) as blocker:
        qtbot.mouseClick(view.form_button, Qt.MouseButton.LeftButton)
    final = blocker.args[0]
    assert final["result"]["score"] == 98 and final["reconciliation"]["taken"]["2.11"] == "agreed"
    # cancelling the dialog leaves the item undecided
    box = view.choice_boxes["2.11"]
    box.setCurrentIndex(box.findData("agreed"))
    box.activated.emit(box.currentIndex())
    view.agreed_dialog.reject()
    assert box.currentData() == "" and "2.11" not in view.choices()


def test_item_remark_in_the_scoring_view(qtbot, scoring, eval_env):
    page, view, viewer, plan = scoring
    assert not view.save_item_note_button.isEnabled()  # no item chosen
    click_rubric_item(qtbot, view, "1.6")
    assert view.save_item_note_button.isEnabled() and view.item_note.text() == ""
    view.item_note.setText("立案审批表日期书写不规范，提示改进")
    qtbot.mouseClick(view.save_item_note_button, Qt.MouseButton.LeftButton)
    assert view.sheet["item_notes"] == {"1.6": "立案审批表日期书写不规范，提示改进"}
    click_rubric_item(qtbot, view, "2.11")
    assert view.item_note.text() == ""
    click_rubric_item(qtbot, view, "1.6")  # the remark comes back with its item
    assert view.item_note.text() == "立案审批表日期书写不规范，提示改进"
