"""Plan reports: the numbers checked against hand-computed values; the PDF and XLSX carry them
(with charts)."""

from __future__ import annotations

import io

import pymupdf
import pytest

from tests.evaluation.conftest import CASES
from workstation.errors import AccessDenied
from workstation.review.anchors import anchor_uri

C1, C2, C3, C4, C5, C6 = (c[0] for c in CASES)


@pytest.fixture
def scored_plan(eval_env, pdf_item, clerk):
    """Single scoring by eva of C1, C2 (执法稽查科) and C5 (价格监督科); C4 assigned, not finished.

    C1: 2.12 per occurrence 3 × 0.5 + 3.1 range 2.5                 → 96   优秀
    C2: 3.2 capped 1 × 4 + veto F4                                  → 0    不合格 (veto → 0)
    C5: 3.3 fixed 10 + 3.4 fixed 5 + 4.2 range 6 + 3.2 capped 3 × 4 (12, item max 8) → 100 − 29 = 71 合格
    """
    lead, eva = eval_env["lead"], eval_env["eva"]
    items = {}
    for case_no in (C2, C5):
        import pymupdf as mu

        path = clerk.archive.data_dir.parent / f"{case_no[-3:]}.pdf"
        doc = mu.open()
        doc.new_page()
        doc.save(path)
        clerk.import_paths([path], case_no=case_no)
        detail = clerk.show_case(case_no)
        items[case_no] = detail["volumes"][0]["items"][0]["id"]
    items[C1] = pdf_item
    plan = lead.create_plan("2025年度案卷评查", "penalty-ordinary", case_nos=[C1, C2, C4, C5])
    lead.assign_evaluators(plan["id"], ["eva"])

    def score(case_no, entries):
        sheet = eva.sheet_for(plan["id"], case_no)
        for code, kw in entries:
            sheet = eva.add_deduction(sheet["id"], code, reason=f"{code} 的问题",
                                      anchor={"item_id": items[case_no], "page": 1}, **kw)
        return eva.submit_sheet(sheet["id"])

    s1 = score(C1, [("2.12", {"count": 3}), ("3.1", {"points": 2.5})])
    s2 = score(C2, [("3.2", {"count": 1}), ("F4", {})])
    s5 = score(C5, [("3.3", {}), ("3.4", {}), ("4.2", {"points": 6}), ("3.2", {"count": 3})])
    assert (s1["result"]["score"], s2["result"]["score"], s5["result"]["score"]) == (96, 0, 71)
    eva.sheet_for(plan["id"], C4)  # started, not submitted
    return plan


def test_report_numbers(eval_env, scored_plan):
    lead = eval_env["lead"]
    rep = lead.plan_report(scored_plan["id"])
    st = rep["stats"]
    assert st["files"] == 3 and [p["case_no"] for p in rep["pending"]] == [C4]
    assert st["mean"] == round((96 + 0 + 71) / 3, 2) == 55.67
    assert st["median"] == 71 and st["min"] == 0 and st["max"] == 96 and st["vetoed"] == 1
    assert [(g["grade"], g["count"], g["share"]) for g in st["grades"]] == [
        ("优秀", 1, 33.33), ("合格", 1, 33.33), ("不合格", 1, 33.33)]
    assert {b["label"]: b["count"] for b in st["distribution"] if b["count"]} == {"0–10": 1, "70–80": 1, "90–100": 1}
    top = [(d["code"], d["files"], d["points"]) for d in st["top_defects"]]
    assert top == [("3.2", 2, 12.0), ("3.3", 1, 10.0), ("4.2", 1, 6.0), ("3.4", 1, 5.0), ("3.1", 1, 2.5),
                   ("2.12", 1, 1.5), ("F4", 1, 0.0)]
    assert st["top_defects"][0]["share"] == 66.67
    units = [(u["unit"], u["files"], u["mean"], u["median"], u["grade"], u["vetoed"]) for u in st["units"]]
    assert units == [("价格监督科", 1, 71.0, 71.0, "合格", 0), ("执法稽查科", 2, 48.0, 48.0, "不合格", 1)]
    unit = lead.plan_report(scored_plan["id"], unit="执法稽查科")["stats"]
    assert unit["files"] == 2 and unit["mean"] == 48 and [u["unit"] for u in unit["units"]] == ["执法稽查科"]


def test_report_pdf_and_xlsx(eval_env, scored_plan, auditor):
    from openpyxl import load_workbook

    lead = eval_env["lead"]
    pdf = lead.export_plan_report(scored_plan["id"], "pdf")
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    text = "".join(p.get_text() for p in doc)
    for needle in ("案卷评查报告：2025年度案卷评查", "55.67", "各等次案卷数", "得分分布", "各单位平均分", "价格监督科",
                   "调查终结报告及审批", C4, "一般程序行政处罚案卷评分表 版本 2026.1"):
        assert needle in text, needle
    assert len(doc[0].get_drawings()) > 20  # the charts are vector drawings
    wb = load_workbook(io.BytesIO(lead.export_plan_report(scored_plan["id"], "xlsx")))
    assert wb.sheetnames == ["概况", "分数分布", "常见问题", "单位比较", "案卷得分", "扣分明细"]
    assert len(wb["概况"]._charts) == 1 and len(wb["分数分布"]._charts) == 1 and len(wb["单位比较"]._charts) == 1
    rows = {r[0]: r[1] for r in wb["概况"].iter_rows(min_row=3, max_col=2, values_only=True) if r[0]}
    assert rows["平均分"] == 55.67 and rows["中位数"] == 71 and rows["评查案卷"] == 3
    units = list(wb["单位比较"].iter_rows(min_row=2, max_col=3, values_only=True))
    assert units == [("价格监督科", 1, 71), ("执法稽查科", 2, 48)]
    details = list(wb["扣分明细"].iter_rows(min_row=2, values_only=True))
    assert len(details) == 2 + 2 + 4 and all(r[6] for r in details)  # every deduction with its anchor
    actions = [(e["action"], e["details"].get("format")) for e in auditor.export_audit()
               if e["action"] == "eval.report_export"]
    assert actions == [("eval.report_export", "pdf"), ("eval.report_export", "xlsx")]


def test_score_sheet_pdf_lists_every_deduction_with_its_anchor(eval_env, scored_plan):
    lead = eval_env["lead"]
    case = next(c for c in lead.show_plan(scored_plan["id"])["cases"] if c["case_no"] == C1)
    doc = pymupdf.open(stream=lead.export_sheet_pdf(case["final"]["sheet_id"]), filetype="pdf")
    text = "".join(p.get_text() for p in doc).replace("\n", "")
    assert "得分 96 分" in text and "优秀" in text
    assert "询问笔录 第 1 页" in text and "2.12 的问题" in text and "3.1 的问题" in text
    assert "按处扣分，3 处" in text
    # each anchor cell links to its page or second in the workstation (workstation --open)
    sheet = lead.show_sheet(case["final"]["sheet_id"])
    links = [(pno, link["uri"], link["from"]) for pno, page in enumerate(doc) for link in page.get_links()]
    want = [anchor_uri(d["anchor"]) for d in sheet["deductions"] if d["anchor"].get("item_id") is not None]
    assert want and [uri for _p, uri, _r in links] == want
    for (pno, uri, rect), d in zip(links, [d for d in sheet["deductions"] if d["anchor"].get("item_id")]):
        cell = doc[pno].get_textbox(rect).replace("\n", "")
        assert d["anchor_text"][:6] in cell  # the link covers the cell that shows that anchor
        assert lead.follow_link(uri)["anchor"]["item_id"] == d["anchor"]["item_id"]


def test_reports_need_the_function(eval_env, scored_plan):
    with pytest.raises(AccessDenied):
        eval_env["evb"].archive.sign_in("clerk", "correct-horse-9").plan_report(scored_plan["id"])
    boss = eval_env["boss"]  # 负责人: manages evaluations, sees 内部 and below — all four cases here
    assert boss.plan_report(scored_plan["id"])["stats"]["files"] == 3


def test_empty_report_exports(eval_env):
    from openpyxl import load_workbook

    lead = eval_env["lead"]
    plan = lead.create_plan("刚开始", "licensing", categories=["许可"])
    rep = lead.plan_report(plan["id"])
    assert rep["stats"]["files"] == 0 and rep["stats"]["mean"] is None and len(rep["pending"]) == 1
    text = "".join(p.get_text() for p in pymupdf.open(stream=lead.export_plan_report(plan["id"], "pdf"), filetype="pdf"))
    assert "尚未完成评查的案卷 1 件" in text and "没有扣分" in text
    wb = load_workbook(io.BytesIO(lead.export_plan_report(plan["id"], "xlsx")))
    assert [r[5] for r in wb["案卷得分"].iter_rows(min_row=2, values_only=True)] == ["未完成"]
