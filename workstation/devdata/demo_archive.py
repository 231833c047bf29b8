"""`workstation demo`: a demo archive with users and realistic dossiers, built through the
same facade as real work (so the demo's audit log is a real one)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, Callable

from workstation.archive.vocab import Classification, Role

DEMO_PASSWORD = "demo-pass-2026"
DEMO_USERS = [
    # (username, role, clearance, department)
    ("admin", Role.SYSADMIN, Classification.INTERNAL, "信息中心"),
    ("secadmin", Role.SECADMIN, Classification.SECRET, "保密办"),
    ("auditor", Role.AUDITOR, Classification.INTERNAL, "审计室"),
    ("clerk", Role.ARCHIVIST, Classification.SECRET, "档案室"),
    ("reviewer", Role.REVIEWER, Classification.SECRET, "法制科"),
    ("evaluator", Role.EVALUATOR, Classification.INTERNAL, "法制科"),
    ("reader", Role.READER, Classification.INTERNAL, "执法稽查科"),
]
DEMO_CASES = 6


def build_demo_archive(data_dir: str | Path | None, *, progress: Callable[[str], Any] | None = None,
                       n_cases: int = DEMO_CASES, seed: int = 2026) -> dict[str, Any]:
    from workstation.archive.models import ArchiveMeta
    from workstation.devdata.dossiers import make_demo_set
    from workstation.errors import Conflict
    from workstation.session import Archive

    say = progress or (lambda _msg: None)
    archive = Archive.open(data_dir, create=True)
    with archive:
        if not archive.has_users():
            say(f"创建演示档案库 {archive.data_dir}")
            from workstation.archive.crypto import keyring_backend_info
            from workstation.config import save_settings

            backend, secure = keyring_backend_info()
            if not secure:
                # A demo machine is often headless: keep the demo's master key in a file keyring.
                say(f"注意：本机没有系统密钥环，演示库的主密钥保存在 {backend}（仅供演示）")
                archive.settings.allow_insecure_keyring = True
            archive.settings.demo = True
            archive.settings.agency_name = "某市市场监督管理局"
            archive.settings.fonds_code = "Z109"
            save_settings(archive.data_dir, archive.settings)
            archive.init_admin("admin", DEMO_PASSWORD)
            with archive.write() as s:
                s.merge(ArchiveMeta(key="demo", value="1"))
            admin = archive.sign_in("admin", DEMO_PASSWORD)
            for name, role, _clearance, dept in DEMO_USERS[1:]:
                admin.add_user(name, DEMO_PASSWORD, [role], department=dept)
            # Clearances, rules and grants are the security officer's decisions.
            sec = archive.sign_in("secadmin", DEMO_PASSWORD)
            for name, _role, clearance, dept in DEMO_USERS[1:]:
                sec.set_clearance(name, clearance)
            sec.add_rule(role=Role.REVIEWER, department="法制科", max_classification="秘密", level="export",
                         reason="法制科审核本机关全部案卷")
            sec.add_rule(role=Role.EVALUATOR, department="法制科", max_classification="内部", reason="年度案卷评查")
            sec.add_rule(role=Role.ARCHIVIST, department="档案室", max_classification="秘密", level="edit",
                         reason="档案室管理全部归档案卷")
        else:
            with archive.read() as s:
                if s.get(ArchiveMeta, "demo") is None:
                    raise Conflict(key="not_demo_archive",
                                   reason=f"{archive.data_dir} 是正式档案库，不能写入演示数据；请用 --data-dir 指定其他目录")
        clerk = archive.sign_in("clerk", DEMO_PASSWORD)
        existing = {c["case_no"] for c in clerk.list_cases()}
        imported: list[str] = []
        with tempfile.TemporaryDirectory(prefix="workstation-demo-") as tmp:
            say("生成演示案卷（PDF、扫描件、执法记录仪视频、询问录音）…")
            for folder in make_demo_set(Path(tmp), n_cases=n_cases, seed=seed):
                from workstation.archive.manifest import load_manifest

                case_no = load_manifest(folder).case["case_no"]
                if case_no in existing:
                    continue
                report = clerk.import_paths([folder])
                imported.append(report.case_no)
                say(f"  已导入 {report.case_no}（{report.imported} 件）")
        if imported and not archive_has_requests(archive):
            # One approved 调阅 request, so the reader has something to open in the demo.
            reader = archive.sign_in("reader", DEMO_PASSWORD)
            sec = archive.sign_in("secadmin", DEMO_PASSWORD)
            public = [c for c in clerk.list_cases() if c["classification"] in ("公开", "内部")]
            if public:
                rid = reader.create_request(public[0]["case_no"], reason="行政复议答辩需要查阅",
                                            ends=dt.date.today() + dt.timedelta(days=30))
                sec.decide_request(rid, True, "同意调阅30天")
        if imported:
            say("建立全文检索索引…")
            clerk.index_pending()
            say("生成音视频封面、缩略图与波形…")
            clerk.derive_pending()
            say("准备法制审核与案卷评查示例…")
            demo_review(archive, clerk)
            demo_evaluation(archive)
        cases = len(clerk.list_cases())
        return {"data_dir": str(archive.data_dir), "password": DEMO_PASSWORD,
                "users": [{"username": u, "role": str(r), "clearance": str(c)} for u, r, c, _ in DEMO_USERS],
                "imported": imported, "cases": cases}


def archive_has_requests(archive) -> bool:
    from sqlalchemy import func, select

    from workstation.archive.models import AccessRequest

    with archive.read() as s:
        return bool(s.scalar(select(func.count(AccessRequest.id))))


def _items(ws, case_no: str) -> list[dict[str, Any]]:
    return [it for v in ws.show_case(case_no)["volumes"] for it in v["items"]]


def demo_review(archive, clerk) -> None:
    """One 一般程序 penalty case submitted for 法制审核 and accepted a few working days ago,
    with a highlight on the 询问笔录 linked to the body-cam recording and the checklist
    half worked (so the countdown, annotations and citations have something to show)."""
    if not callable(getattr(clerk, "review_submit", None)):
        return
    reviewer = archive.sign_in("reviewer", DEMO_PASSWORD)
    cases = [c for c in reviewer.list_cases() if str(c["case_no"]).startswith("某市监处罚")]
    if not cases:
        return
    case_no = cases[0]["case_no"]
    items = _items(reviewer, case_no)
    pdf = next((i for i in items if i["kind"] == "document"), None)
    video = next((i for i in items if i["kind"] == "video"), None)
    cal = reviewer.work_calendar()
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    accepted = today
    try:  # accepted so that 3 working days of the 7 remain today
        while cal.remaining(today, cal.add_workdays(accepted, 7)) > 3:
            accepted -= dt.timedelta(days=1)
    except Exception:  # noqa: BLE001 - a year outside the holiday data: accept today
        accepted = today
    reviewer.review_submit(case_no, submitted_on=accepted, submitting_unit=cases[0].get("handling_unit") or "执法一队",
                           submitted_by="王伟", major_category="M4",
                           proposed_decision={"type": "罚款", "content": "没收违法所得，并处罚款五万元",
                                              "basis": "《中华人民共和国食品安全法》第一百二十四条"},
                           materials=["送审报告", "行政执法决定书代拟稿", "案卷全部材料"],
                           reviewer_qualification="A20201100001")
    reviewer.review_accept(case_no, accepted_on=accepted)
    citations: list[dict[str, Any]] = []
    if pdf is not None:
        hl = reviewer.add_annotation(pdf["id"], "highlight", page=1, rect=[72, 140, 520, 190],
                                     note="当事人陈述的进货时间与录像中所述不一致", category="证据")
        citations.append({"annotation_id": hl["id"]})
        if video is not None:
            reviewer.add_link({"annotation_id": hl["id"]}, {"item_id": video["id"], "start_ms": 2000, "end_ms": 5000},
                              note="笔录与执法记录仪对照")
            citations.append({"item_id": video["id"], "start_ms": 2000, "end_ms": 5000})
    for n in (1, 2, 3, 4):
        reviewer.review_check(case_no, n, "符合", explanation="经审查符合规定")
    reviewer.review_check(case_no, 5, "不符合", explanation="询问笔录第1页的陈述与执法记录仪录像不一致，需补充调查",
                          citations=citations)


def demo_evaluation(archive) -> None:
    """A 评查 plan over the dossiers the evaluator may see, assigned to the evaluator, with
    one sheet started (two anchored deductions)."""
    evaluator = archive.sign_in("evaluator", DEMO_PASSWORD)
    if not callable(getattr(evaluator, "create_plan", None)):
        return
    visible = [c["case_no"] for c in evaluator.list_cases() if str(c["case_no"]).startswith("某市监")]
    penalty = [c for c in visible if "罚" in c]
    if not penalty:
        return
    plan = evaluator.create_plan("2025 年度行政处罚案卷评查（演示）", "penalty-ordinary", case_nos=penalty, seed=20251231)
    evaluator.assign_evaluators(plan["id"], ["evaluator"])
    first = penalty[0]
    page_items = [i for i in _items(evaluator, first) if i.get("page_count")]
    if not page_items:
        return
    sheet = evaluator.sheet_for(plan["id"], first)
    anchor = {"item_id": page_items[0]["id"], "page": 1}
    evaluator.add_deduction(sheet["id"], "2.11", reason="询问笔录未载明询问起止时间", anchor=anchor, count=1)
    evaluator.add_deduction(sheet["id"], "4.1", reason="文书未按规定编写页号", anchor=anchor)
