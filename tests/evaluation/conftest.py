"""An archive with cases of three units, a 评查 lead and three evaluators (one with a lower
clearance), and PDF/AV items to anchor deductions on."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

# (case_no, title, category, procedure, unit, opened_on, classification, handlers)
CASES = [
    ("某市监处罚〔2025〕1号", "销售过期食品案", "处罚", "一般", "执法稽查科", "2025-03-04", "内部", "张伟,李娜"),
    ("某市监处罚〔2025〕2号", "无照经营案", "处罚", "一般", "执法稽查科", "2025-05-11", "公开", "王强,赵敏"),
    ("某市监处罚〔2025〕3号", "虚假宣传案", "处罚", "一般", "食品安全科", "2025-06-20", "秘密", "周杰,吴芳"),
    ("某市监处罚〔2025〕4号", "销售不合格产品案", "处罚", "一般", "食品安全科", "2025-08-02", "内部", "孙丽,评查乙"),
    ("某市监处罚〔2024〕9号", "未明码标价案", "处罚", "一般", "价格监督科", "2024-10-09", "内部", "钱明,郑洁"),
    ("某市监许〔2025〕7号", "食品经营许可", "许可", "一般", "行政审批科", "2025-04-15", "公开", "冯涛,陈静"),
]


@pytest.fixture
def eval_env(archive, admin, secadmin, clerk):
    """Users: lead (评查员, 秘密, leads plans), eva and evb (评查员, 内部), boss (负责人).
    An access rule lets 法制科 evaluators see 内部 and below; lead sees up to 秘密."""
    from workstation.archive.vocab import Role

    admin.add_user("lead", PASSWORD, [Role.EVALUATOR], department="法制科", display_name="评查组长")
    admin.add_user("eva", PASSWORD, [Role.EVALUATOR], department="法制科", display_name="评查甲")
    admin.add_user("evb", PASSWORD, [Role.EVALUATOR], department="法制科", display_name="评查乙")
    admin.add_user("boss", PASSWORD, [Role.APPROVER], department="局领导")
    secadmin.set_clearance("lead", "秘密")
    secadmin.add_rule(role=Role.EVALUATOR, department="法制科", max_classification="秘密", reason="年度案卷评查")
    secadmin.add_rule(role=Role.APPROVER, max_classification="内部", reason="负责人查阅")
    for case_no, title, cat, proc, unit, opened, level, handlers in CASES:
        clerk.create_case(case_no=case_no, title=title, category=cat, procedure=proc, handling_unit=unit,
                          opened_on=opened, classification=level, handlers=handlers)
    return {name: archive.sign_in(name, PASSWORD) for name in ("lead", "eva", "evb", "boss")}


@pytest.fixture
def pdf_item(tmp_path, clerk):
    """A 3-page PDF imported into case 1 → its item id."""
    import pymupdf

    path = tmp_path / "询问笔录.pdf"
    doc = pymupdf.open()
    for i in range(3):
        page = doc.new_page()
        page.insert_text((72, 72), f"page {i + 1}")
    doc.save(path)
    clerk.import_paths([path], case_no=CASES[0][0])
    detail = clerk.show_case(CASES[0][0])
    return next(it for v in detail["volumes"] for it in v["items"] if it["title"].startswith("询问笔录"))["id"]
