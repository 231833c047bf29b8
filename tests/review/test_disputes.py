"""Disputes over a signed 意见书 (domain.md §5.4): 复核 asked within 3 working days of receiving
it (holidays skipped, late requests refused and audited), answered within 2 (维持 or 变更 with a
new conclusion; late answers marked), still unresolved → 集体讨论 with its participants,
outcome and the minutes anchored in the dossier. Illegal steps name the state."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.review.test_annotations import audit_actions
from tests.review.test_workflow import fill, submit
from workstation.errors import AccessDenied, InvalidInput, NotFound
from workstation.review.models import ReviewOpinion
from workstation.review.workflow import IllegalTransition


def signed(archive, review_case, signed_on: str) -> str:
    """A round taken to a signed 意见书, as if signed on ``signed_on``."""
    ws, head, case_no = review_case["reviewer"], review_case["head"], review_case["case_no"]
    submit(ws, case_no)
    ws.review_accept(case_no, accepted_on="2026-09-30")
    fill(ws, case_no, review_case["pdf"], review_case["video"])
    ws.review_conclude(case_no, "同意", note="同意")
    head.review_sign_off(case_no)
    with archive.write() as s:
        op = s.query(ReviewOpinion).one()
        op.signed_at = dt.datetime.fromisoformat(signed_on + "T04:00:00+00:00")  # noon in Beijing
    return case_no


def test_request_answer_refer_and_discuss(archive, review_case):
    ws = review_case["reviewer"]
    case_no = signed(archive, review_case, "2026-10-16")  # a Friday
    st = ws.review_dispute(case_no, reason="认为裁量过重", requested_by="执法一队 张三", points=[7, 5],
                           requested_on="2026-10-20")
    d = st["current"]["dispute"]
    assert d["status"] == "requested" and d["status_name"] == "已申请复核（待答复）"
    assert d["received_on"] == "2026-10-16" and d["request_deadline"] == "2026-10-21"  # Mon, Tue, Wed
    assert d["answer_due"] == "2026-10-22" and d["points"] == [5, 7] and d["requested_by"] == "执法一队 张三"
    assert ws.review_status(case_no, today="2026-10-23")["current"]["dispute"]["answer_overdue"] is True
    assert st["current"]["status"] == "signed"  # the signed opinion itself does not change

    with pytest.raises(IllegalTransition, match="已申请复核"):
        ws.review_dispute(case_no, reason="再次申请")
    with pytest.raises(IllegalTransition, match="已作复核答复时才可以"):
        ws.review_dispute_refer(case_no, reason="仍有分歧")
    with pytest.raises(InvalidInput, match="须选定新的审核结论"):
        ws.review_dispute_answer(case_no, "变更", text="改")
    st = ws.review_dispute_answer(case_no, "维持", text="裁量符合基准第三档", answered_on="2026-10-23")
    d = st["current"]["dispute"]
    assert d["answer_result"] == "维持" and d["answered_late"] is True and d["answered_by"] == "王法审"
    assert d["answer_overdue"] is False

    st = ws.review_dispute_refer(case_no, reason="承办机构仍认为应从轻", referred_on="2026-10-26")
    assert st["current"]["dispute"]["status"] == "referred"
    with pytest.raises(InvalidInput, match="至少 3 人"):
        ws.review_discussion(case_no, chair="局长 孙某", participants=["副局长 李某"], outcome="采纳法制审核意见",
                             decision="维持")
    with pytest.raises(InvalidInput, match="讨论结果应为"):
        ws.review_discussion(case_no, chair="局长 孙某", participants=["李某", "周某"], outcome="随便",
                             decision="维持")
    st = ws.review_discussion(case_no, chair="局长 孙某", participants=["副局长 李某", "法制科 赵科长", "局长 孙某"],
                              outcome="采纳法制审核意见", decision="按原审核意见作出处罚决定", held_on="2026-10-28",
                              minutes={"item_id": review_case["pdf"], "page": 5})
    d = st["current"]["dispute"]
    assert d["status"] == "discussed" and d["discussed_on"] == "2026-10-28"
    assert d["discussion"]["participants"] == ["局长 孙某", "副局长 李某", "法制科 赵科长"]
    assert d["discussion"]["minutes_uri"] == f"workstation://item/{review_case['pdf']}?page=5"
    with pytest.raises(IllegalTransition):
        ws.review_discussion(case_no, chair="甲", participants=["乙", "丙"], outcome="其他", decision="x")
    acts = [a for a in audit_actions(archive, "review.dis") if a[1] == "success"]
    assert [a[0] for a in acts] == ["review.dispute", "review.dispute_answer", "review.dispute_refer",
                                    "review.discussion"]


def test_deadline_skips_the_national_day_holiday_and_late_requests_are_refused(archive, review_case):
    ws = review_case["reviewer"]
    case_no = signed(archive, review_case, "2026-09-30")
    # 10-01..10-07 are holidays, Saturday 10-10 is a working day: Thu 8, Fri 9, Sat 10
    with pytest.raises(InvalidInput) as exc:
        ws.review_dispute(case_no, reason="不服", requested_on="2026-10-12")
    assert exc.value.key == "dispute_late" and "截止 2026-10-10" in exc.value.message
    assert ("review.dispute", "denied", "fazhi") in audit_actions(archive, "review.dispute")
    assert ws.review_status(case_no)["current"]["dispute"] is None  # nothing half-written
    st = ws.review_dispute(case_no, reason="不服", requested_on="2026-10-10")
    assert st["current"]["dispute"]["request_deadline"] == "2026-10-10"
    assert st["current"]["dispute"]["answer_due"] == "2026-10-13"  # Sun 11 is off: Mon 12, Tue 13


def test_changing_the_conclusion_and_bad_input(archive, review_case):
    ws = review_case["reviewer"]
    case_no = signed(archive, review_case, "2026-10-16")
    with pytest.raises(InvalidInput, match="理由"):
        ws.review_dispute(case_no, reason="  ")
    with pytest.raises(InvalidInput, match="要点编号无效"):
        ws.review_dispute(case_no, reason="x", points=[42], requested_on="2026-10-19")
    with pytest.raises(InvalidInput, match="不能早于签发日期"):
        ws.review_dispute(case_no, reason="x", received_on="2026-10-01", requested_on="2026-10-19")
    ws.review_dispute(case_no, reason="证据不足", received_on="2026-10-19", requested_on="2026-10-22")
    with pytest.raises(InvalidInput, match="维持或变更"):
        ws.review_dispute_answer(case_no, "改", text="x")
    with pytest.raises(NotFound):
        ws.open_dispute_reply(case_no)  # no answer yet
    st = ws.review_dispute_answer(case_no, "变更", text="补充证据后再送审", conclusion="修改后再送审",
                                  answered_on="2026-10-23")
    d = st["current"]["dispute"]
    assert d["answer_result"] == "变更" and d["changed_conclusion"] == "修改后再送审" and not d["answered_late"]
    # the 复核意见书 issued with the answer: stored, hashed, readable, its text what was decided
    import hashlib
    from pathlib import Path

    import pymupdf

    opened = ws.open_dispute_reply(case_no)
    data = Path(opened["path"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == d["reply"]["pdf_sha256"] == opened["sha256"]
    text = "".join(p.get_text() for p in pymupdf.open(stream=data, filetype="pdf")).replace("\n", "")
    number = st["current"]["opinion"]["number"]
    assert "法制审核复核意见书" in text and f"关于{number}的复核意见" in text
    assert "变更原审核意见，审核结论变更为：修改后再送审" in text and "证据不足" in text and "王法审" in text
    from docx import Document

    docx = Document(ws.open_dispute_reply(case_no, "docx")["path"])
    assert any("补充证据后再送审" in p.text for p in docx.paragraphs)
    event = [e for e in audit_actions(archive, "review.reply_open")]
    assert event == [("review.reply_open", "denied", "fazhi"), ("review.reply_open", "success", "fazhi"),
                     ("review.reply_open", "success", "fazhi")]
    from workstation.archive.models import Blob

    with archive.read() as s:  # fixity covers it: a catalog blob with both digests
        blob = s.query(Blob).filter_by(sha256=d["reply"]["pdf_sha256"]).one()
        assert blob.size == len(data)


def test_who_may_and_when(archive, review_case):
    ws, case_no = review_case["reviewer"], review_case["case_no"]
    submit(ws, case_no)
    with pytest.raises(IllegalTransition, match="意见书签发后才可以申请复核"):
        ws.review_dispute(case_no, reason="x")
    with pytest.raises(IllegalTransition, match="未申请复核"):
        ws.review_dispute_answer(case_no, "维持", text="x")
    with pytest.raises(Exception) as exc:
        review_case["outsider"].review_dispute(case_no, reason="x")
    assert exc.value.key in ("not_found", "access_denied")
    from tests.conftest import PASSWORD

    clerk = archive.sign_in("clerk", PASSWORD)  # an archivist has no 法制审核 function
    with pytest.raises(AccessDenied):
        clerk.review_dispute(case_no, reason="x")
