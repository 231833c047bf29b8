"""复核 and 集体讨论 over a signed 意见书 through the review panel (pytest-qt, offscreen): the
section appears after sign-off, each form is filled through its widgets and submitted with
OK (request → 变更 answer → referral → collective discussion), the panel's text and buttons
follow each step; a late request and a discussion without a quorum are refused inside
the form, with nothing recorded."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.review.test_disputes import signed
from tests.review.test_workflow import submit

TODAY = dt.date(2026, 10, 23)  # the day the panel is looked at (answer due 10-22: overdue)


@pytest.fixture
def on_day(monkeypatch):
    """Pin the facade's "today" (countdowns, 已逾期) so the test does not depend on the clock."""
    import workstation.session_review as sr

    monkeypatch.setattr(sr, "_today", lambda: TODAY)
    return TODAY


def make_workspace(qtbot, ws, case_no):
    from workstation.ui.review import ReviewWorkspace

    w = ReviewWorkspace(ws, case_no)
    qtbot.addWidget(w)
    return w


def click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def enabled(panel) -> list[str]:
    return [b.objectName() for b in panel.dispute_buttons if b.isEnabled()]


def shown(panel) -> str:
    return "\n".join(x.text() for x in (panel.dispute_state, panel.dispute_deadlines, panel.dispute_details))


def test_section_hidden_until_the_opinion_is_signed(qtbot, review_case):
    ws, case_no = review_case["reviewer"], review_case["case_no"]
    submit(ws, case_no)
    w = make_workspace(qtbot, ws, case_no)
    assert w.review_panel.dispute_box.isHidden()
    w.close_items()


def test_request_answer_refer_and_discuss_through_the_forms(qtbot, archive, review_case, on_day):
    from workstation.ui.review.dispute import (
        DiscussionDialog,
        DisputeAnswerDialog,
        DisputeReferDialog,
        DisputeRequestDialog,
        set_date,
    )

    ws = review_case["reviewer"]
    case_no = signed(archive, review_case, "2026-10-16")  # a Friday
    w = make_workspace(qtbot, ws, case_no)
    panel = w.review_panel
    assert not panel.dispute_box.isHidden()
    assert enabled(panel) == ["disputeRequestButton"]
    assert "未申请复核" in shown(panel) and "申请截止 2026-10-21" in shown(panel)

    # 登记复核申请
    click(qtbot, panel.dispute_request_button)
    form = panel.dispute_form
    assert isinstance(form, DisputeRequestDialog) and form.isVisible()
    assert form.received_on.date().toString("yyyy-MM-dd") == "2026-10-16"  # the sign-off day
    form.requested_by.setText("执法一队 张三")
    form.reason.setPlainText("认为罚款数额裁量过重")
    form.points[5].setChecked(True)
    form.points[7].setChecked(True)
    set_date(form.requested_on, "2026-10-20")
    assert form.deadline.text() == "申请截止 2026-10-21" and not form.deadline.property("late")
    click(qtbot, form.ok_button)
    assert not shiboken6.isValid(form) or not form.isVisible()
    assert panel.dispute_form is None
    d = panel.dispute
    assert d["status"] == "requested" and d["points"] == [5, 7] and d["requested_on"] == "2026-10-20"
    text = shown(panel)
    assert "已申请复核（待答复）" in text and "申请截止 2026-10-21（2026-10-16 收到意见书）" in text
    assert "答复期限 2026-10-22" in text and "已逾期" in text  # looked at on 10-23
    assert "执法一队 张三" in text and "认为罚款数额裁量过重" in text and "有异议的要点：5. " in text
    assert enabled(panel) == ["disputeAnswerButton"]

    # 复核答复: 变更 with a new conclusion, one day late
    click(qtbot, panel.dispute_answer_button)
    form = panel.dispute_form
    assert isinstance(form, DisputeAnswerDialog)
    assert form.result_buttons["维持"].isChecked() and not form.conclusion.isEnabled()
    context = form.findChild(QLabel, "disputeAnswerContext").text()
    assert "执法一队 张三 于 2026-10-20 申请复核" in context and "原审核结论：同意" in context
    assert form.conclusion.currentText() != "同意"  # 变更 is preset to another conclusion
    click(qtbot, form.result_buttons["变更"])
    assert form.result_buttons["变更"].isChecked() and form.conclusion.isEnabled()
    form.conclusion.setCurrentText("修改后再送审")
    form.text.setPlainText("罚款数额应适用裁量基准第二档")
    set_date(form.answered_on, "2026-10-23")
    click(qtbot, form.ok_button)
    assert panel.dispute_form is None
    d = panel.dispute
    assert d["answer_result"] == "变更" and d["changed_conclusion"] == "修改后再送审" and d["answered_late"]
    text = shown(panel)
    assert "已作复核答复" in text and "2026-10-23 已答复" in text and "逾期答复" in text and "已逾期" not in text
    assert "变更，新的审核结论：修改后再送审" in text and "王法审" in text
    assert enabled(panel) == ["disputeReferButton"]
    # the 复核意见书 issued with the answer opens from the section's link
    assert "查看复核意见书" in text
    panel.dispute_details.linkActivated.emit("reply")
    assert panel.preview is not None and panel.preview.isVisible()
    panel.preview.close()

    # 提请集体讨论
    click(qtbot, panel.dispute_refer_button)
    form = panel.dispute_form
    assert isinstance(form, DisputeReferDialog)
    form.reason.setPlainText("承办机构仍认为应从轻处罚")
    set_date(form.referred_on, "2026-10-26")
    click(qtbot, form.ok_button)
    assert panel.dispute["status"] == "referred"
    assert "已提请集体讨论" in shown(panel) and "承办机构仍认为应从轻处罚" in shown(panel)
    assert enabled(panel) == ["discussionButton"]

    # 集体讨论决定, with the minutes on page 5 of the 询问笔录 PDF
    click(qtbot, panel.discussion_button)
    form = panel.dispute_form
    assert isinstance(form, DiscussionDialog)
    set_date(form.held_on, "2026-10-28")
    form.chair.setText("局长 孙某")
    form.participants.setPlainText("副局长 李某\n\n法制科 赵科长\n")
    assert form.count.text().startswith("共 3 人") and form.count.property("role") == "hint"
    form.outcome.setCurrentText("采纳承办机构意见")
    form.decision.setPlainText("按裁量基准第二档作出处罚决定")
    assert not form.minutes_page.isEnabled()
    form.minutes_item.setCurrentIndex(form.minutes_item.findData(review_case["pdf"]))
    assert form.minutes_page.isEnabled() and form.minutes_page.maximum() == 5
    form.minutes_page.setValue(5)
    click(qtbot, form.ok_button)
    d = panel.dispute
    assert d["status"] == "discussed" and d["discussion"]["participants"] == ["局长 孙某", "副局长 李某", "法制科 赵科长"]
    assert d["discussion"]["minutes_uri"] == f"workstation://item/{review_case['pdf']}?page=5"
    text = shown(panel)
    assert "集体讨论已作决定" in text and "主持 局长 孙某；参加 局长 孙某、副局长 李某、法制科 赵科长" in text
    assert "采纳承办机构意见" in text and "按裁量基准第二档作出处罚决定" in text and "第 5 页" in text
    assert enabled(panel) == []
    panel._dispute_link("minutes")  # the minutes link opens the page in a pane
    assert any(p.item and p.item["id"] == review_case["pdf"] for p in w.panes)
    w.close_items()

    # the head of the legal unit sees the record but has no dispute buttons
    head = make_workspace(qtbot, review_case["head"], case_no)
    assert not head.review_panel.dispute_box.isHidden()
    assert all(b.isHidden() for b in head.review_panel.dispute_buttons)
    assert "集体讨论已作决定" in shown(head.review_panel)
    head.close_items()


def test_a_late_request_is_refused_in_the_form(qtbot, archive, review_case, on_day):
    from workstation.ui.review.dispute import set_date

    ws = review_case["reviewer"]
    case_no = signed(archive, review_case, "2026-10-16")
    w = make_workspace(qtbot, ws, case_no)
    panel = w.review_panel
    click(qtbot, panel.dispute_request_button)
    form = panel.dispute_form
    form.reason.setPlainText("不服审核意见")
    set_date(form.requested_on, "2026-10-23")  # the deadline is 10-21
    assert form.deadline.property("late") and form.deadline.property("role") == "error"
    click(qtbot, form.ok_button)
    assert form.isVisible() and panel.dispute_form is form  # the form stays open
    assert form.last_error_key == "dispute_late"
    assert form.error.isVisible() and "截止 2026-10-21" in form.error.text() and "已逾期" in form.error.text()
    assert form.reason.toPlainText() == "不服审核意见" and form.ok_button.isEnabled()
    assert ws.review_status(case_no)["current"]["dispute"] is None  # nothing recorded
    assert panel.dispute is None and enabled(panel) == ["disputeRequestButton"]
    # corrected: received later than the sign-off day, the request is in time
    set_date(form.received_on, "2026-10-20")
    assert form.deadline.text() == "申请截止 2026-10-23"
    click(qtbot, form.ok_button)
    assert panel.dispute_form is None and panel.dispute["request_deadline"] == "2026-10-23"
    w.close_items()


def test_a_discussion_without_quorum_is_refused_in_the_form(qtbot, archive, review_case, on_day):
    ws = review_case["reviewer"]
    case_no = signed(archive, review_case, "2026-10-16")
    ws.review_dispute(case_no, reason="认为裁量过重", requested_on="2026-10-19")
    ws.review_dispute_answer(case_no, "维持", text="裁量适当", answered_on="2026-10-20")
    ws.review_dispute_refer(case_no, reason="仍有分歧", referred_on="2026-10-21")
    w = make_workspace(qtbot, ws, case_no)
    panel = w.review_panel
    assert enabled(panel) == ["discussionButton"]
    assert "维持" in shown(panel) and "逾期答复" not in shown(panel)
    click(qtbot, panel.discussion_button)
    form = panel.dispute_form
    form.chair.setText("局长 孙某")
    form.participants.setPlainText("局长 孙某\n副局长 李某")  # the chair counts once
    assert form.count.text().startswith("共 2 人") and form.count.property("role") == "error"
    form.decision.setPlainText("维持原审核意见")
    click(qtbot, form.ok_button)
    assert form.isVisible() and form.error.isVisible() and "至少 3 人" in form.error.text()
    assert ws.review_status(case_no)["current"]["dispute"]["status"] == "referred"
    assert panel.dispute["status"] == "referred" and enabled(panel) == ["discussionButton"]
    form.participants.appendPlainText("法制科 赵科长")
    click(qtbot, form.ok_button)
    assert panel.dispute_form is None and panel.dispute["status"] == "discussed"
    assert panel.dispute["discussion"]["minutes"] is None and "讨论记录" not in shown(panel)
    w.close_items()
