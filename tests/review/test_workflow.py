"""The 法制审核 workflow through the facade: submission with missing materials, acceptance
and the working-day deadline, extension, the checklist with citations, conclusion, the state
machine's refusals, the 意见书 draft and sign-off (stored and hashed like evidence), rounds."""

from __future__ import annotations

import pymupdf
import pytest

from workstation.errors import AccessDenied, Conflict, InvalidInput, NotFound
from workstation.review.workflow import IllegalTransition

REQUIRED = ["送审报告", "行政执法决定书代拟稿", "案卷全部材料"]
PROPOSED = {"type": "罚款", "content": "没收违法所得并处罚款五万元", "basis": "《食品安全法》第一百二十四条第一款第五项",
            "discretion": "一般情节", "hearing": "当事人未申请听证"}


def submit(ws, case_no, materials=REQUIRED, **kw):
    return ws.review_submit(case_no, submitted_on="2026-09-28", submitting_unit="执法一队", submitted_by="张三",
                            major_category="M4", proposed_decision=PROPOSED, materials=list(materials),
                            reviewer_qualification="A20201100001", **kw)


def fill(ws, case_no, pdf, video, skip=()):
    for n in range(1, 10):
        if n in skip:
            continue
        cites = []
        if n == 5:
            cites = [{"item_id": pdf, "page": 3}, {"item_id": video, "start_ms": 2000, "end_ms": 3000}]
        ws.review_check(case_no, n, "不适用" if n == 9 else "符合", explanation=f"第{n}项已审查", citations=cites)


def test_full_round_to_signed_opinion(archive, review_case, tmp_path):
    ws, head = review_case["reviewer"], review_case["head"]
    case_no, pdf, video = review_case["case_no"], review_case["pdf"], review_case["video"]
    st = submit(ws, case_no, materials=REQUIRED[:2])
    cur = st["current"]
    assert cur["status"] == "submitted" and cur["round"] == 1 and cur["missing"] == ["案卷全部材料"]
    assert cur["major_category"].startswith("对公民处以1万元以上")
    with pytest.raises(Conflict, match="尚缺：案卷全部材料"):
        ws.review_accept(case_no, accepted_on="2026-09-30")
    ws.review_materials(case_no, ["案卷全部材料"])
    st = ws.review_accept(case_no, accepted_on="2026-09-30")
    cur = st["current"]
    assert cur["deadline"] == "2026-10-15" and cur["calendar_version"].startswith("chinesecalendar 1.11")
    assert ws.review_status(case_no, today="2026-10-13")["current"]["remaining_workdays"] == 2
    s = ws.review_status(case_no, today="2026-10-13")["current"]
    assert s["countdown"] == "剩余 2 个工作日" and s["warning"] == "yellow"
    assert ws.review_status(case_no, today="2026-10-09")["current"]["warning"] == ""
    assert ws.review_status(case_no, today="2026-10-16")["current"]["warning"] == "red"

    with pytest.raises(Conflict, match="尚未填完"):
        ws.review_conclude(case_no, "同意")
    fill(ws, case_no, pdf, video)
    with pytest.raises(InvalidInput, match="须写明理由"):
        ws.review_check(case_no, 7, "不符合")
    ws.review_check(case_no, 7, "不符合", explanation="未说明从轻理由", suggestion="补充裁量说明",
                    citations=[{"item_id": pdf, "page": 2, "rect": [72, 90, 400, 120]}])
    with pytest.raises(Conflict, match="不能作出“同意”"):
        ws.review_conclude(case_no, "同意")
    ws.review_check(case_no, 7, "符合", explanation="裁量适当")
    ws.review_extend(case_no, 2, approved_by="局长 孙某", reason="案情复杂", approved_on="2026-10-14")
    assert ws.review_status(case_no)["current"]["deadline"] == "2026-10-19"
    with pytest.raises(InvalidInput, match="最多延长 3"):
        ws.review_extend(case_no, 2, approved_by="局长 孙某", reason="再延")
    st = ws.review_conclude(case_no, "同意", note="同意按代拟稿作出处罚决定")
    assert st["current"]["status"] == "concluded"

    draft = ws.review_opinion(case_no, tmp_path)
    with pymupdf.open(draft["path"]) as doc:
        text = "".join(p.get_text() for p in doc)
        uris = [ln["uri"] for p in doc for ln in p.get_links() if ln.get("uri")]
    assert "法制审核意见书" in text and case_no in text and "草稿" in text
    assert "《询问笔录》第3页（卷内页号" in text and "《执法记录仪》00:00:02—00:00:03" in text
    assert f"workstation://item/{pdf}?page=3" in uris and f"workstation://item/{video}?t=2" in uris
    assert "同意按代拟稿作出处罚决定" in text and "延长 2 个工作日" in text and "A20201100001" in text

    with pytest.raises(AccessDenied):
        ws.review_sign_off(case_no)  # the reviewer cannot sign off
    st = head.review_sign_off(case_no)
    op = st["current"]["opinion"]
    assert st["current"]["status"] == "signed" and op["signed_by"] == "赵科长" and "法审〔" in op["number"]
    assert len(op["pdf"]["sha256"]) == 64 and len(op["pdf"]["sm3"]) == 64 and len(op["docx"]["sm3"]) == 64
    opened = ws.open_opinion(case_no)
    import hashlib
    from pathlib import Path

    assert hashlib.sha256(Path(opened["path"]).read_bytes()).hexdigest() == op["pdf"]["sha256"]
    with pymupdf.open(opened["path"]) as doc:
        text = "".join(p.get_text() for p in doc)
    assert "草稿" not in text and "赵科长" in text and op["number"] in text
    from docx import Document

    docx_text = "\n".join(p.text for p in Document(ws.open_opinion(case_no, "docx")["path"]).paragraphs)
    assert "《询问笔录》第3页" in docx_text and "赵科长" in docx_text

    # immutable once signed
    with pytest.raises(IllegalTransition, match="意见书已签发"):
        ws.review_check(case_no, 1, "符合")
    with pytest.raises(IllegalTransition):
        ws.review_conclude(case_no, "不同意")
    with pytest.raises(IllegalTransition):
        head.review_sign_off(case_no)
    from workstation.archive import audit

    with archive.read() as s:
        acts = [e.action for e in audit.iter_events(s) if e.action.startswith("review.") and str(e.outcome) == "success"]
    for a in ("review.submit", "review.materials", "review.accept", "review.check", "review.extend",
              "review.conclude", "review.opinion", "review.sign_off", "review.opinion_open"):
        assert a in acts


def test_state_machine_refusals_and_rounds(review_case):
    ws, case_no = review_case["reviewer"], review_case["case_no"]
    with pytest.raises(NotFound):
        ws.review_accept(case_no)
    submit(ws, case_no, materials=REQUIRED[:1])
    with pytest.raises(IllegalTransition, match="已有进行中的送审"):
        submit(ws, case_no)
    with pytest.raises(IllegalTransition, match="已送审（待受理）"):
        ws.review_check(case_no, 1, "符合")
    with pytest.raises(IllegalTransition):
        ws.review_conclude(case_no, "同意")
    ws.review_return(case_no, "材料三个工作日内未补正")
    st = submit(ws, case_no)
    assert [r["round"] for r in st["rounds"]] == [1, 2] and st["rounds"][0]["status"] == "returned"
    ws.review_accept(case_no, accepted_on="2026-09-30")
    with pytest.raises(IllegalTransition):
        ws.review_materials(case_no, ["听证笔录"])
    with pytest.raises(InvalidInput, match="不在法制审核目录"):
        ws.review_submit(case_no, major_category="X99")


def test_access(review_case):
    ws, outsider, head = review_case["reviewer"], review_case["outsider"], review_case["head"]
    case_no = review_case["case_no"]
    with pytest.raises(NotFound):
        submit(outsider, case_no)
    with pytest.raises(AccessDenied):
        submit(head, case_no)  # the head has no REVIEW function
    submit(ws, case_no)
    with pytest.raises(NotFound):
        outsider.review_status(case_no)
    assert head.review_status(case_no)["current"]["status"] == "submitted"
    assert case_no in ws.review_deadlines()
    assert outsider.review_deadlines() == {}


def test_out_of_range_year_blocks_acceptance(review_case):
    ws, case_no = review_case["reviewer"], review_case["case_no"]
    submit(ws, case_no)
    from workstation.review.workdays import CalendarOutOfRange

    with pytest.raises(CalendarOutOfRange, match="2027"):
        ws.review_accept(case_no, accepted_on="2026-12-28")
    assert ws.review_status(case_no)["current"]["status"] == "submitted"
