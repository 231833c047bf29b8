"""案卷评查 through the facade: plans and access, sampling, assignment, scoring with anchors,
submission and corrections, blind double scoring and reconciliation, versions, audit."""

from __future__ import annotations

import textwrap

import pytest

from tests.conftest import PASSWORD
from tests.evaluation.conftest import CASES
from workstation.errors import AccessDenied, ConfigError, Conflict, InvalidInput, NotFound
from workstation.evaluation.plans import draw

C1, C2, C3, C4, C5, C6 = (c[0] for c in CASES)


def audit_actions(auditor, outcome=None):
    return [(e["action"], e["outcome"], e["target"]) for e in auditor.export_audit()
            if e["action"].startswith("eval.") and (outcome is None or e["outcome"] == outcome)]


def test_plan_by_criteria_only_takes_visible_cases(eval_env):
    lead, eva = eval_env["lead"], eval_env["eva"]
    plan = lead.create_plan("2025 处罚", "penalty-ordinary", categories=["处罚"], years=[2025])
    assert [c["case_no"] for c in plan["cases"]] == [C1, C2, C3, C4]  # lead (秘密) sees the 秘密 case 3
    assert plan["rubric"]["id"] == "penalty-ordinary" and plan["seed"] is None and plan["candidates"] == 4
    plan = eva.create_plan("2025 处罚", "penalty-ordinary", categories=["处罚"], years=[2025])
    assert [c["case_no"] for c in plan["cases"]] == [C1, C2, C4]  # eva (内部) does not
    plan = eva.create_plan("稽查科", "penalty-ordinary", units=["执法稽查科", "价格监督科"])
    assert [c["case_no"] for c in plan["cases"]] == [C5, C1, C2]  # sorted by 案号
    plan = eva.create_plan("内部", "penalty-ordinary", classifications=["内部"], categories=["处罚"])
    assert {c["case_no"] for c in plan["cases"]} == {C1, C4, C5}


def test_evaluator_without_clearance_cannot_put_a_hidden_case_in_a_plan(eval_env, auditor):
    eva = eval_env["eva"]
    with pytest.raises(NotFound) as info:
        eva.create_plan("点名", "penalty-ordinary", case_nos=[C1, C3])
    assert C3 in info.value.message  # same as a missing case
    with pytest.raises(NotFound):
        eva.create_plan("点名", "penalty-ordinary", case_nos=["某市监处罚〔2099〕1号"])
    with pytest.raises(AccessDenied) as info:
        eva.create_plan("秘密卷", "penalty-ordinary", classifications=["秘密"])
    assert "秘密" in info.value.message
    assert eva.list_plans() == []
    denied = audit_actions(auditor, "denied")
    assert ("eval.plan_create", "denied", C3) in denied
    assert any(a == "eval.plan_create" and t == "秘密卷" for a, _o, t in denied)


def test_functions_are_checked(eval_env, clerk, pdf_item):
    with pytest.raises(AccessDenied):
        clerk.create_plan("x", "penalty-ordinary", categories=["处罚"])
    lead, boss = eval_env["lead"], eval_env["boss"]
    plan = lead.create_plan("p", "penalty-ordinary", case_nos=[C1])
    lead.assign_evaluators(plan["id"], ["eva"])
    plan2 = lead.create_plan("p2", "penalty-ordinary", case_nos=[C1])
    with pytest.raises(InvalidInput) as info:  # boss (负责人) manages plans but does not score
        lead.assign_evaluators(plan2["id"], ["boss"])
    assert "评查打分权限" in info.value.message
    assert [p["name"] for p in boss.list_plans()] == ["p2", "p"]
    sheet = eval_env["eva"].sheet_for(plan["id"], C1)
    with pytest.raises(AccessDenied):
        boss.add_deduction(sheet["id"], "1.1", reason="x", anchor={"item_id": pdf_item, "page": 1})
    with pytest.raises(AccessDenied):  # another evaluator cannot write my sheet
        eval_env["evb"].add_deduction(sheet["id"], "1.1", reason="x", anchor={"item_id": pdf_item, "page": 1})


def test_random_draw_is_recorded_and_reproducible(eval_env):
    lead = eval_env["lead"]
    a = lead.create_plan("抽查", "penalty-ordinary", categories=["处罚", "许可"], sample_size=3, seed=20260101)
    b = lead.create_plan("抽查", "penalty-ordinary", categories=["处罚", "许可"], sample_size=3, seed=20260101)
    drawn = [c["case_no"] for c in sorted(a["cases"], key=lambda c: c["seq"])]
    assert len(drawn) == 3 and drawn == [c["case_no"] for c in sorted(b["cases"], key=lambda c: c["seq"])]
    assert a["seed"] == 20260101 and a["sample_size"] == 3 and a["candidates"] == 6
    assert draw(a["candidate_case_nos"], 3, a["seed"]) == drawn
    c = lead.create_plan("抽查", "penalty-ordinary", categories=["处罚", "许可"], sample_size=3)
    assert isinstance(c["seed"], int) and draw(c["candidate_case_nos"], 3, c["seed"]) == [
        x["case_no"] for x in sorted(c["cases"], key=lambda x: x["seq"])]


def test_assignment_skips_own_files_and_cases_the_evaluator_cannot_see(eval_env):
    lead = eval_env["lead"]
    plan = lead.create_plan("双评", "penalty-ordinary", case_nos=[C1, C2, C3, C4], double_scoring=True)
    with pytest.raises(InvalidInput) as info:  # eva and evb are 内部: nobody can take the 秘密 case 3
        lead.assign_evaluators(plan["id"], ["eva", "evb"])
    assert C3 in info.value.message and "无权查阅" in info.value.message
    with pytest.raises(InvalidInput) as info:  # case 4 was handled by 评查乙 (evb)
        lead.assign_evaluators(plan["id"], ["eva", "evb"], case_nos=[C4])
    assert "承办人" in info.value.message
    made = lead.assign_evaluators(plan["id"], ["eva", "evb"], case_nos=[C1, C2])["assignments"]
    assert {(m["case_no"], m["evaluator"], m["slot"]) for m in made} == {
        (C1, "eva", 1), (C1, "evb", 2), (C2, "eva", 1), (C2, "evb", 2)}
    made = lead.assign_evaluators(plan["id"], ["eva", "lead"], case_nos=[C4])["assignments"]
    assert {m["evaluator"] for m in made} == {"eva", "lead"}
    single = lead.create_plan("单评", "penalty-ordinary", case_nos=[C1, C2, C4, C5])
    made = lead.assign_evaluators(single["id"], ["eva", "evb"])["assignments"]
    counts = {n: sum(m["evaluator"] == n for m in made) for n in ("eva", "evb")}
    assert counts == {"eva": 2, "evb": 2} and all(m["evaluator"] != "evb" for m in made if m["case_no"] == C4)
    progress = lead.show_plan(single["id"])["progress"]
    assert progress["assigned"] == 4 and progress["finished"] == 0


def test_scoring_anchors_submit_and_corrections(eval_env, pdf_item, auditor, clerk):
    lead, eva = eval_env["lead"], eval_env["eva"]
    plan = lead.create_plan("单评", "penalty-ordinary", case_nos=[C1, C2])
    lead.assign_evaluators(plan["id"], ["eva"])
    sheet = eva.sheet_for(plan["id"], C1)
    assert sheet["status"] == "draft" and sheet["editable"] and sheet["result"]["score"] == 100
    with pytest.raises(InvalidInput) as info:
        eva.add_deduction(sheet["id"], "1.1", reason="缺当事人", anchor={"item_id": pdf_item, "page": 4})
    assert info.value.key == "anchor_out_of_range"
    with pytest.raises(InvalidInput):
        eva.add_deduction(sheet["id"], "1.1", reason="缺当事人", anchor={"item_id": pdf_item})
    with pytest.raises(NotFound):  # an item of another case
        other = eva.sheet_for(plan["id"], C2)
        eva.add_deduction(other["id"], "1.1", reason="x", anchor={"item_id": pdf_item, "page": 1})
    sheet = eva.add_deduction(sheet["id"], "1.1", reason="缺当事人", anchor={"item_id": pdf_item, "page": 1})
    sheet = eva.add_deduction(sheet["id"], "2.11", reason="第2、3页无签名", count=2,
                              anchor={"item_id": pdf_item, "page": 2, "page_end": 3})
    sheet = eva.add_deduction(sheet["id"], "3.1", reason="报告过简", points=1.5, anchor={"item_id": pdf_item, "page": 3})
    assert sheet["result"]["score"] == 100 - 0.5 - 2 - 1.5 and sheet["result"]["grade"] == "优秀"
    d = sheet["deductions"][1]
    assert d["anchor"] == {"item_id": pdf_item, "page": 2, "page_end": 3}
    assert d["anchor_text"].startswith("询问笔录") and "第 2–3 页" in d["anchor_text"]
    sheet = eva.remove_deduction(sheet["deductions"][0]["id"])
    sheet = eva.set_sheet_notes(sheet["id"], "询问笔录签名不全")
    assert sheet["result"]["score"] == 96.5
    sheet = eva.submit_sheet(sheet["id"])
    assert sheet["status"] == "submitted" and not sheet["editable"]
    with pytest.raises(Conflict) as info:
        eva.add_deduction(sheet["id"], "1.2", reason="x", anchor={"item_id": pdf_item, "page": 1})
    assert info.value.key == "sheet_submitted"
    with pytest.raises(InvalidInput):
        eva.revise_sheet(sheet["id"], "")
    rev = eva.revise_sheet(sheet["id"], "漏扣立案期限")
    assert rev["revision"] == 2 and rev["status"] == "draft" and len(rev["deductions"]) == 2
    with pytest.raises(Conflict):
        eva.revise_sheet(sheet["id"], "再来一次")
    # the submitted revision stays in force until the correction is submitted
    assert lead.show_plan(plan["id"])["cases"][0]["final"]["score"] == 96.5
    rev = eva.add_deduction(rev["id"], "1.6", reason="超期立案", anchor={"item_id": pdf_item, "page": 1})
    rev = eva.submit_sheet(rev["id"])
    assert rev["result"]["score"] == 95.5 and eva.show_sheet(sheet["id"])["status"] == "superseded"
    shown = lead.show_plan(plan["id"])
    assert shown["cases"][0]["final"]["score"] == 95.5 and shown["progress"]["finished"] == 1
    mine = {m["case_no"]: m for m in eva.my_assignments()}
    assert mine[C1]["status"] == "submitted" and mine[C1]["revision"] == 2 and mine[C2]["status"] == "draft"
    actions = [a for a, _o, _t in audit_actions(auditor, "success")]
    for a in ("eval.plan_create", "eval.assign", "eval.sheet_start", "eval.deduct", "eval.remove_deduction",
              "eval.notes", "eval.submit", "eval.revise"):
        assert a in actions, a
    # the case becomes hidden (classified above eva's clearance): the sheet goes with it
    sec = clerk.archive.sign_in("sec", PASSWORD)
    sec.classify(C1, "秘密", basis="测试")
    with pytest.raises(NotFound):
        eva.show_sheet(rev["id"])
    assert C1 not in {m["case_no"] for m in eva.my_assignments()}


def test_veto_marks_the_file_failed(eval_env, pdf_item):
    lead, eva = eval_env["lead"], eval_env["eva"]
    plan = lead.create_plan("单评", "penalty-ordinary", case_nos=[C1])
    lead.assign_evaluators(plan["id"], ["eva"])
    sheet = eva.sheet_for(plan["id"], C1)
    sheet = eva.add_deduction(sheet["id"], "F9", reason="检查仅一人", anchor={"item_id": pdf_item, "page": 1})
    assert sheet["result"]["vetoed"] and sheet["result"]["grade"] == "不合格" and sheet["result"]["score"] == 0
    sheet = eva.submit_sheet(sheet["id"])
    assert sheet["status"] == "submitted"


def _score_both(env, plan_id, item, a_extra: bool):
    eva, evb = env["eva"], env["evb"]
    sa = eva.sheet_for(plan_id, C1)
    sa = eva.add_deduction(sa["id"], "2.12", reason="两处涂改无指印", count=2, anchor={"item_id": item, "page": 2})
    if a_extra:
        sa = eva.add_deduction(sa["id"], "3.1", reason="报告过简", points=3, anchor={"item_id": item, "page": 3})
    sb = evb.sheet_for(plan_id, C1)
    sb = evb.add_deduction(sb["id"], "2.12", reason="涂改未按指印", count=2, anchor={"item_id": item, "page": 2})
    sb = evb.add_deduction(sb["id"], "2.11", reason="缺签名", count=3, anchor={"item_id": item, "page": 1})
    return sa, sb


def test_blind_double_scoring_and_reconciliation(eval_env, pdf_item, auditor):
    lead, eva, evb = eval_env["lead"], eval_env["eva"], eval_env["evb"]
    plan = lead.create_plan("背靠背", "penalty-ordinary", case_nos=[C1], double_scoring=True, blind=True)
    lead.assign_evaluators(plan["id"], ["eva", "evb"])
    sa, sb = _score_both(eval_env, plan["id"], pdf_item, a_extra=True)
    eva.submit_sheet(sa["id"])
    with pytest.raises(AccessDenied) as info:  # eva manages evaluations too, but is in this case
        eva.show_sheet(sb["id"])
    assert "背靠背" in info.value.message
    row = eva.show_plan(plan["id"])["cases"][0]
    assert [e["score"] for e in row["evaluators"]] == [96.0, None]
    with pytest.raises(Conflict):
        lead.reconciliation(plan["id"], C1)
    lead_view = lead.show_sheet(sb["id"])  # the organiser, not an evaluator of the case
    assert lead_view["result"]["score"] == 97  # 2.11: 3 × 1 capped at the item's 2
    evb.submit_sheet(sb["id"])
    assert eva.show_sheet(sb["id"])["result"]["score"] == 97
    rec = lead.reconciliation(plan["id"], C1)
    assert rec["differences"] == ["2.11", "3.1"]
    rows = {r["code"]: r for r in rec["rows"]}
    assert rows["2.12"]["same"] and rows["2.11"]["b"]["applied"] == 2 and rows["2.11"]["a"]["applied"] == 0
    assert lead.show_plan(plan["id"])["cases"][0]["state"] == "to_reconcile"
    with pytest.raises(InvalidInput) as info:
        lead.reconcile(plan["id"], C1, {"3.1": "a"})
    assert info.value.key == "choices_required" and "2.11" in info.value.message
    final = lead.reconcile(plan["id"], C1, {"3.1": "a", "2.11": "b"}, notes="合议：两项均成立")
    assert final["kind"] == "final" and final["status"] == "submitted"
    assert sorted(d["item_code"] for d in final["deductions"]) == ["2.11", "2.12", "3.1"]
    assert final["result"]["score"] == 100 - 1 - 3 - 2
    assert final["reconciliation"]["taken"] == {"2.11": "b", "2.12": "a", "3.1": "a"}
    with pytest.raises(Conflict):  # the individual sheets are closed once reconciled
        eva.revise_sheet(sa["id"], "想改")
    again = lead.reconcile(plan["id"], C1, {"3.1": "b", "2.11": "b"})
    assert again["revision"] == 2 and again["result"]["score"] == 97
    assert lead.show_sheet(final["id"])["status"] == "superseded"
    shown = lead.show_plan(plan["id"])
    assert shown["cases"][0]["state"] == "finished" and shown["cases"][0]["final"]["score"] == 97
    assert shown["progress"] == {"cases": 1, "assigned": 1, "sheets": 2, "sheets_assigned": 2, "submitted": 2,
                                 "to_reconcile": 0, "finished": 1, "percent": 100.0}
    assert ("eval.sheet_show", "denied", f"sheet:{sb['id']}") in audit_actions(auditor, "denied")
    assert [a for a, _o, _t in audit_actions(auditor, "success")].count("eval.reconcile") == 2


def test_open_double_scoring_shows_the_other_sheet(eval_env, pdf_item):
    lead, eva = eval_env["lead"], eval_env["eva"]
    plan = lead.create_plan("公开双评", "penalty-ordinary", case_nos=[C1], double_scoring=True, blind=False)
    lead.assign_evaluators(plan["id"], ["eva", "evb"])
    _sa, sb = _score_both(eval_env, plan["id"], pdf_item, a_extra=False)
    assert eva.show_sheet(sb["id"])["result"]["score"] == 97
    with pytest.raises(InvalidInput):
        lead.create_plan("x", "penalty-ordinary", case_nos=[C1], blind=True)


RUBRIC = textwrap.dedent("""\
    id: local-mini
    name: 本地小表
    version: "{version}"
    total: 10
    grade_bands: [{{name: 合格, min: 6}}, {{name: 不合格, min: 0}}]
    stages:
      - name: 全部
        items:
          - {{code: "1", title: {title}, max: 10, deduction: {{kind: range, min: 1, max: 10}}}}
    """)


def test_a_finished_evaluation_keeps_its_rubric_version(eval_env, pdf_item):
    lead, eva = eval_env["lead"], eval_env["eva"]
    local = lead.archive.data_dir / "rubrics"
    local.mkdir()
    (local / "mini.yaml").write_text(RUBRIC.format(version="1", title="旧的评查项"), "utf-8")
    assert "local-mini" in {r["id"] for r in lead.list_rubrics()}
    old = lead.create_plan("旧版", "local-mini", case_nos=[C1])
    lead.assign_evaluators(old["id"], ["eva"])
    sheet = eva.sheet_for(old["id"], C1)
    sheet = eva.add_deduction(sheet["id"], "1", reason="x", points=5, anchor={"item_id": pdf_item, "page": 1})
    sheet = eva.submit_sheet(sheet["id"])
    (local / "mini.yaml").write_text(RUBRIC.format(version="1", title="新的评查项"), "utf-8")
    with pytest.raises(ConfigError) as info:  # content changed, version not raised
        lead.create_plan("新版", "local-mini", case_nos=[C2])
    assert info.value.key == "rubric_version_reused"
    (local / "mini.yaml").write_text(RUBRIC.format(version="2", title="新的评查项"), "utf-8")
    new = lead.create_plan("新版", "local-mini", case_nos=[C2])
    assert new["rubric"]["version"] == "2" and new["rubric"]["hash"] != old["rubric"]["hash"]
    assert lead.plan_rubric(old["id"])["stages"][0]["categories"][0]["items"][0]["title"] == "旧的评查项"
    again = eva.show_sheet(sheet["id"])
    assert again["rubric"]["version"] == "1" and again["deductions"][0]["item_title"] == "旧的评查项"
    assert again["result"]["score"] == 5


def test_time_anchor_on_audio_video(eval_env, pdf_item, clerk, tmp_path):
    from workstation.devdata.media import make_bodycam_mp4

    video = make_bodycam_mp4(tmp_path / "执法记录仪.mp4", 2)
    clerk.import_paths([video], case_no=C1)
    detail = clerk.show_case(C1)
    vid = next(it for v in detail["volumes"] for it in v["items"] if it["kind"] == "video")
    lead, eva = eval_env["lead"], eval_env["eva"]
    plan = lead.create_plan("音像", "penalty-ordinary", case_nos=[C1])
    lead.assign_evaluators(plan["id"], ["eva"])
    sheet = eva.sheet_for(plan["id"], C1)
    with pytest.raises(InvalidInput) as info:  # a document has pages, not times
        eva.add_deduction(sheet["id"], "2.17", reason="x", count=1, anchor={"item_id": pdf_item, "ms": 500})
    assert "页号" in info.value.message
    with pytest.raises(InvalidInput) as info:
        eva.add_deduction(sheet["id"], "2.17", reason="x", count=1,
                          anchor={"item_id": vid["id"], "ms": 500, "ms_end": vid["duration_ms"] + 1000})
    assert info.value.key == "anchor_out_of_range"
    sheet = eva.add_deduction(sheet["id"], "2.17", reason="未说明制作人", count=1,
                              anchor={"item_id": vid["id"], "ms": 500, "ms_end": 1500})
    assert sheet["deductions"][0]["anchor_text"].endswith("00:00:00–00:00:01")
    assert sheet["result"]["score"] == 99


def test_a_closed_plan_is_final(eval_env, pdf_item, auditor):
    from workstation.errors import AccessDenied, Conflict

    lead, eva = eval_env["lead"], eval_env["eva"]
    plan = lead.create_plan("年度评查", "penalty-ordinary", case_nos=[C1, C2])
    lead.assign_evaluators(plan["id"], ["eva"], case_nos=[C1])
    sheet = eva.sheet_for(plan["id"], C1)
    sheet = eva.add_deduction(sheet["id"], "2.12", reason="涂改无指印", count=1, anchor={"item_id": pdf_item, "page": 1})
    eva.submit_sheet(sheet["id"])
    with pytest.raises(AccessDenied):
        auditor.close_plan(plan["id"])  # managing plans is a 评查 function
    with pytest.raises(Conflict) as exc:
        lead.close_plan(plan["id"])  # C2 has no final sheet
    assert "1 件案卷没有最终评分" in exc.value.message
    closed = lead.close_plan(plan["id"], note="年度评查结束", allow_incomplete=True)
    assert closed["closed_at"] and closed["closed_by"] == "lead" and closed["closing_note"] == "年度评查结束"
    assert closed["progress"]["finished"] == 1
    for attempt in (lambda: eva.revise_sheet(sheet["id"], "更正"),
                    lambda: lead.assign_evaluators(plan["id"], ["evb"]),
                    lambda: lead.close_plan(plan["id"])):
        with pytest.raises(Conflict) as exc:
            attempt()
        assert "已结束" in exc.value.message
    assert lead.plan_report(plan["id"])["stats"]["files"] == 1  # the report still reads the final scores
    events = auditor.export_audit(action="eval.plan_close")
    assert [(e["actor"], e["outcome"]) for e in events] == [("auditor", "denied"), ("lead", "denied"),
                                                            ("lead", "success"), ("lead", "denied")]


def _queries(archive, fn) -> int:
    from sqlalchemy import event

    n = [0]

    def count(*_a, **_k):
        n[0] += 1

    event.listen(archive.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(archive.engine, "before_cursor_execute", count)
    return n[0]


def test_plan_views_do_not_query_per_case(archive, eval_env):
    """Showing a plan, its progress, an evaluator's list and the report cost the same number
    of queries for 2 cases as for 5 (benchmarks/evaluation.py: 300 cases)."""
    lead, eva, evb = eval_env["lead"], eval_env["eva"], eval_env["evb"]
    counts = []
    for case_nos in ([C1, C2], [C1, C2, C4, C5, C6]):
        plan = lead.create_plan(f"{len(case_nos)} 件", "penalty-ordinary", case_nos=case_nos, double_scoring=True)
        lead.assign_evaluators(plan["id"], ["eva", "evb"], case_nos=[c for c in case_nos if c != C4])
        if C4 in case_nos:  # evb handled C4
            lead.assign_evaluators(plan["id"], ["eva", "lead"], case_nos=[C4])
        for who in (eva, evb, lead):
            for row in who.my_assignments(plan["id"]):
                who.submit_sheet(who.open_sheet(row["assignment_id"])["id"])
        lead.reconcile(plan["id"], C1)
        pid = plan["id"]
        shown = lead.show_plan(pid, audit=False)
        assert {r["case_no"]: r["state"] for r in shown["cases"]}[C1] == "finished"
        assert shown["progress"]["finished"] == 1 and shown["progress"]["cases"] == len(case_nos)
        counts.append([_queries(archive, f) for f in (
            lambda: lead.show_plan(pid, audit=False), lambda: lead.list_plans(),
            lambda: eva.my_assignments(pid), lambda: lead.plan_report(pid))])
    small, large = counts
    assert small[0] == large[0] and small[2] == large[2] and small[3] == large[3], counts
    assert large[1] - small[1] <= small[1]  # two plans listed now: a few queries per plan, none per case


def test_reconciliation_may_agree_on_no_deduction_or_a_new_one(eval_env, pdf_item, auditor):
    """合议 need not take one evaluator's side: an item may end with no deduction, or with the
    deduction agreed in discussion (合议改定), checked like any deduction and recorded."""
    import pymupdf

    lead, eva, evb = eval_env["lead"], eval_env["eva"], eval_env["evb"]
    plan = lead.create_plan("合议改定", "penalty-ordinary", case_nos=[C1], double_scoring=True)
    lead.assign_evaluators(plan["id"], ["eva", "evb"])
    sa, sb = _score_both(eval_env, plan["id"], pdf_item, a_extra=True)
    eva.submit_sheet(sa["id"])
    evb.submit_sheet(sb["id"])
    agreed = {"count": 1, "reason": "合议认定缺一处签名", "anchor": {"item_id": pdf_item, "page": 1}}
    for bad, key in (({**agreed, "count": 0}, "invalid_input"), ({**agreed, "reason": " "}, "reason_required"),
                     ({**agreed, "anchor": {"item_id": pdf_item, "page": 9}}, "anchor_out_of_range")):
        with pytest.raises(InvalidInput) as info:
            lead.reconcile(plan["id"], C1, {"2.11": bad, "3.1": "none"})
        assert info.value.key == key
    with pytest.raises(InvalidInput):
        lead.reconcile(plan["id"], C1, {"2.11": "c", "3.1": "none"})
    assert lead.reconciliation(plan["id"], C1)["final"] is None  # nothing half-written
    final = lead.reconcile(plan["id"], C1, {"2.11": agreed, "3.1": "none"}, notes="合议")
    assert final["result"]["score"] == 100 - 1 - 1  # 2.12 as both had it, 2.11 one occurrence, 3.1 none
    deds = {d["item_code"]: d for d in final["deductions"]}
    assert sorted(deds) == ["2.11", "2.12"] and deds["2.11"]["count"] == 1 and deds["2.11"]["created_by"] == "lead"
    rec = final["reconciliation"]
    assert rec["taken"] == {"2.11": "agreed", "2.12": "a", "3.1": "none"}
    assert rec["agreed"]["2.11"]["reason"] == "合议认定缺一处签名"
    text = "".join(p.get_text() for p in pymupdf.open(stream=lead.export_sheet_pdf(final["id"]), filetype="pdf"))
    assert "2.11 合议改定" in text.replace("\n", "") and "3.1 不扣分" in text.replace("\n", "")
    event = [e for e in auditor.export_audit() if e["action"] == "eval.reconcile"][-1]
    assert event["details"]["taken"]["2.11"] == "agreed" and event["details"]["agreed"]["2.11"]["count"] == 1


def test_item_remarks(eval_env, pdf_item, auditor):
    """A remark on a rubric item (with or without a deduction): only on one's own draft,
    kept by a correction, merged (甲/乙) into the reconciled sheet, printed on the sheet PDF."""
    import pymupdf

    lead, eva, evb = eval_env["lead"], eval_env["eva"], eval_env["evb"]
    plan = lead.create_plan("意见", "penalty-ordinary", case_nos=[C1], double_scoring=True)
    lead.assign_evaluators(plan["id"], ["eva", "evb"])
    sa, sb = _score_both(eval_env, plan["id"], pdf_item, a_extra=False)
    sa = eva.set_item_note(sa["id"], "1.6", "立案审批表日期书写不规范，未扣分，提示改进")
    sa = eva.set_item_note(sa["id"], "2.12", "涂改处已按指印两处，另有一处未按")
    assert sa["item_notes"] == {"1.6": "立案审批表日期书写不规范，未扣分，提示改进", "2.12": "涂改处已按指印两处，另有一处未按"}
    assert eva.set_item_note(sa["id"], "1.6", "  ")["item_notes"] == {"2.12": "涂改处已按指印两处，另有一处未按"}
    with pytest.raises(InvalidInput):
        eva.set_item_note(sa["id"], "99.9", "x")
    with pytest.raises(AccessDenied):
        evb.set_item_note(sa["id"], "2.12", "不是我的表")
    evb.set_item_note(sb["id"], "2.12", "涂改未按指印")
    eva.submit_sheet(sa["id"])
    with pytest.raises(Conflict):
        eva.set_item_note(sa["id"], "2.12", "提交后再改")
    evb.submit_sheet(sb["id"])
    revised = eva.revise_sheet(sa["id"], "补充意见")
    assert revised["item_notes"] == {"2.12": "涂改处已按指印两处，另有一处未按"}
    eva.submit_sheet(revised["id"])
    final = lead.reconcile(plan["id"], C1, {"2.11": "b"})
    assert final["item_notes"] == {"2.12": "甲：涂改处已按指印两处，另有一处未按；乙：涂改未按指印"}
    text = "".join(p.get_text() for p in pymupdf.open(stream=lead.export_sheet_pdf(final["id"]), filetype="pdf"))
    assert "评查项意见" in text and "乙：涂改未按指印" in text.replace("\n", "")
    assert any(e["action"] == "eval.item_note" for e in auditor.export_audit())
