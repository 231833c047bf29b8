"""The 归档 workflow core (issue 6): order, 页号 conventions, 档号, 卷内目录 / 卷内备考表,
the 已归档 lock and 归档后修改 approvals, all through the facade."""

from __future__ import annotations

import re
import shutil
import threading

import pymupdf
import pytest

from tests.conftest import PASSWORD
from workstation.archive.vocab import Role
from workstation.errors import AccessDenied, Conflict, InvalidInput, NotFound

MAIN_ORDER = ["立案审批表", "行政处罚决定书", "送达回证", "询问笔录", "现场检查笔录", "主体资格证明", "现场照片",
              "执法记录仪视频", "询问录音录像", "罚没款票据"]
SIDE_ORDER = ["案源材料", "调查终结报告", "法制审核意见书", "集体讨论记录", "结案报告"]
HEADERS = ["顺序号", "文号", "责任者", "题名", "日期", "页号", "备注"]


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    """Sign-ins are not under test here: cheap argon2 parameters keep the module fast."""
    from argon2 import PasswordHasher

    from workstation.archive import users

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1))


@pytest.fixture(scope="module")
def migrated_archive(tmp_path_factory):
    from workstation.session import Archive

    path = tmp_path_factory.mktemp("filing-template") / "archive"
    Archive.open(path, create=True).close()
    return path


@pytest.fixture
def data_dir(tmp_path, migrated_archive):
    """A copy of a new, migrated archive: conftest's ``archive`` then initialises it as usual."""
    dest = tmp_path / "archive"
    shutil.copytree(migrated_archive, dest)
    return dest


@pytest.fixture
def case_no(clerk, dossier, archive):
    archive.settings.fonds_code = "Z109"
    return clerk.import_paths([dossier]).case_no


def volume(ws, case_no, kind="正卷", seq=1):
    detail = ws.show_case(case_no)
    return next(v["items"] for v in detail["volumes"] if v["kind"] == kind and v["seq"] == seq)


def by_type(items):
    return {it["doc_type"]: it for it in items}


def events(auditor, action, target=None):
    return [e for e in auditor.export_audit() if e["action"] == action and (target is None or e["target"] == target)]


def pdf_text(path) -> str:
    with pymupdf.open(path) as doc:
        return "\n".join(page.get_text() for page in doc)


def make_pdf(path, pages):
    """pages: list of "text", "" (blank) or "ink" (a drawing without text, like a scan)."""
    doc = pymupdf.open()
    for content in pages:
        page = doc.new_page()
        if content == "ink":
            page.draw_rect(pymupdf.Rect(100, 100, 400, 500), color=(0, 0, 0), fill=(0.2, 0.2, 0.2))
        elif content:
            page.insert_text((72, 100), content, fontname="china-s", fontsize=14)
    doc.save(path)
    return path


def user(archive, admin, secadmin, name, roles, clearance="秘密", department=""):
    admin.add_user(name, PASSWORD, roles, department=department)
    if clearance != "内部":
        secadmin.set_clearance(name, clearance)
    return archive.sign_in(name, PASSWORD)


@pytest.fixture
def auditor(archive, admin):
    admin.add_user("auditor", PASSWORD, [Role.AUDITOR])
    return archive.sign_in("auditor", PASSWORD)


def ready_to_file(clerk, case_no):
    clerk.assign_archival_code(case_no, unit="ZFJC")
    clerk.generate_contents_list(case_no)


# ---------------------------------------------------------------------------- order

def test_reorder_renumbers_pages_and_is_audited(clerk, case_no, auditor):
    items = volume(clerk, case_no)
    assert [it["page_start"] for it in items[:3]] == [1, 2, 4]  # 决定书 has 2 pages
    new = [it["id"] for it in reversed(items)]
    assert clerk.reorder_items(case_no, "正卷", 1, new).items
    after = volume(clerk, case_no)
    assert [it["id"] for it in after] == new and [it["seq"] for it in after] == list(range(1, 11))
    pages = [(it["doc_type"], it["page_start"], it["page_end"]) for it in after]
    assert pages[0] == ("罚没款票据", 1, 1)
    assert ("执法记录仪视频", None, None) in pages  # AV items have no 页号
    decision = by_type(after)["行政处罚决定书"]
    assert (decision["page_start"], decision["page_end"]) == (7, 8)
    assert by_type(after)["立案审批表"]["page_start"] == 9
    with pytest.raises(InvalidInput):
        clerk.reorder_items(case_no, "正卷", 1, new[:-1])
    with pytest.raises(InvalidInput):
        clerk.reorder_items(case_no, "正卷", 1, new[:-1] + [new[0]])
    (event,) = events(auditor, "filing.reorder")
    assert event["details"]["after"] == new and event["details"]["edit_approval"] is None


def test_move_item_between_volumes(clerk, case_no):
    photo = by_type(volume(clerk, case_no))["现场照片"]
    clerk.move_item(photo["id"], "副卷", 1, position=2)
    side = volume(clerk, case_no, "副卷")
    assert [it["doc_type"] for it in side][:3] == ["案源材料", "现场照片", "调查终结报告"]
    assert [(it["page_start"], it["page_end"]) for it in side] == [(i, i) for i in range(1, 7)]
    main = volume(clerk, case_no)
    assert len(main) == 9 and [it["seq"] for it in main] == list(range(1, 10))
    assert by_type(main)["罚没款票据"]["page_start"] == 8
    with pytest.raises(InvalidInput):  # 副卷 2 would be next; 3 is not
        clerk.move_item(photo["id"], "副卷", 3)
    clerk.move_item(photo["id"], "副卷", 2)  # a new 卷
    assert [it["doc_type"] for it in volume(clerk, case_no, "副卷", 2)] == ["现场照片"]
    clerk.move_item(photo["id"], "正卷", 1, position=1)
    assert volume(clerk, case_no)[0]["id"] == photo["id"]


def test_template_orders_samr_penalty_dossier(clerk, case_no, tmp_path, auditor):
    loose = make_pdf(tmp_path / "补充说明.pdf", ["补充说明"])
    clerk.import_paths([loose], case_no)  # no doc_type: unknown to the template
    main = volume(clerk, case_no)
    shuffled = [it["id"] for it in reversed(main)]
    clerk.reorder_items(case_no, "正卷", 1, shuffled)
    source = by_type(volume(clerk, case_no, "副卷"))["案源材料"]
    clerk.move_item(source["id"], "正卷", 1, position=1)  # misfiled into the 正卷

    plan = clerk.plan_order_template(case_no, "samr-penalty")
    assert plan["template_id"] == "samr-penalty" and plan["moves"]
    moved_back = next(m for m in plan["moves"] if m["item_id"] == source["id"])
    assert moved_back["to_kind"] == "副卷" and moved_back["changes_volume"]
    # The plan changed nothing.
    assert volume(clerk, case_no)[0]["id"] == source["id"]

    clerk.apply_order_template(case_no, "samr-penalty")
    main = volume(clerk, case_no)
    assert [it["doc_type"] for it in main] == MAIN_ORDER + [""]  # unknown types after known ones
    assert [it["doc_type"] for it in volume(clerk, case_no, "副卷")] == SIDE_ORDER
    assert [it["page_start"] for it in main if it["page_start"]] == [1, 2, 4, 5, 6, 7, 8, 9, 10]
    assert clerk.plan_order_template(case_no, "samr-penalty")["moves"] == []  # idempotent
    assert events(auditor, "filing.apply_template", case_no)
    with pytest.raises(InvalidInput):
        clerk.plan_order_template(case_no, "no-such-template")


def test_template_keeps_relative_order_of_unknown_types_and_can_stay_in_volume(clerk, case_no):
    side_ids = [it["id"] for it in volume(clerk, case_no, "副卷")]
    closing = side_ids[-1]
    report = by_type(volume(clerk, case_no, "副卷"))
    clerk.move_item(report["结案报告"]["id"], "正卷", 1, position=1)
    clerk.move_item(report["案源材料"]["id"], "正卷", 1, position=1)
    plan = clerk.plan_order_template(case_no, "summary-penalty", move_volumes=False)
    main_plan = [p for p in plan["items"] if p["to_kind"] == "正卷"]
    # summary-penalty: 决定书 → 现场照片 → 执法记录仪视频 → 其他 → 结案报告 → 罚没款票据; the rest keep order.
    assert [p["doc_type"] for p in main_plan][:5] == ["行政处罚决定书", "现场照片", "执法记录仪视频", "结案报告",
                                                       "罚没款票据"]
    rest = [p["doc_type"] for p in main_plan][5:]
    assert rest == ["案源材料", "立案审批表", "送达回证", "询问笔录", "现场检查笔录", "主体资格证明", "询问录音录像"]
    assert all(p["to_kind"] == p["from_kind"] for p in plan["items"])
    assert closing in [p["item_id"] for p in main_plan]


# ---------------------------------------------------------------------------- 页号 conventions

@pytest.fixture
def case_with_blank(clerk, case_no, tmp_path):
    pdf = make_pdf(tmp_path / "双面扫描件.pdf", ["第一页", "", "ink", "第四页"])  # page 2 blank, 3 a text-less scan
    clerk.import_paths([pdf], case_no)
    return case_no


def test_page_conventions(clerk, case_with_blank, archive, auditor):
    case_no = case_with_blank
    conventions = {c["id"]: c for c in clerk.page_conventions()}
    assert {"duplex-bottom", "duplex-top-skip-blank", "text-pages-bottom-right", "per-item"} <= set(conventions)
    assert conventions["duplex-bottom"]["default"]
    assert conventions["duplex-top-skip-blank"]["front"] == "top-right"
    assert conventions["duplex-top-skip-blank"]["back"] == "top-left"

    def scan():
        return volume(clerk, case_no)[-1]

    # Default: every page counted, one run per 卷.
    clerk.renumber(case_no, "duplex-bottom")
    assert (scan()["page_start"], scan()["page_end"]) == (10, 13)
    # Blank pages skipped: the scan has 4 pages, one blank; the inked text-less page counts.
    summary = clerk.renumber(case_no, "duplex-top-skip-blank")
    assert (scan()["page_start"], scan()["page_end"]) == (10, 12)
    assert summary["volumes"][0] == {"kind": "正卷", "seq": 1, "items": 11, "pages": 12}
    assert clerk.filing_check(case_no)["page_convention"] == "duplex-top-skip-blank"
    # The convention is remembered: a reorder numbers by it too.
    ids = [it["id"] for it in volume(clerk, case_no)]
    clerk.reorder_items(case_no, "正卷", 1, [ids[-1]] + ids[:-1])
    assert (volume(clerk, case_no)[0]["page_start"], volume(clerk, case_no)[0]["page_end"]) == (1, 3)
    # Per 件: every item starts at 1.
    clerk.renumber(case_no, "per-item")
    main = volume(clerk, case_no)
    assert [(it["page_start"], it["page_end"]) for it in main if it["page_start"]][:3] == [(1, 4), (1, 1), (1, 2)]
    # Excluded types (a scanned 卷内目录 imported as an item) get no number.
    from workstation.archive.models import Item

    with archive.write() as s:
        s.get(Item, main[1]["id"]).doc_type = "卷内目录"
    clerk.renumber(case_no, "text-pages-bottom-right")
    main = volume(clerk, case_no)
    assert (main[1]["page_start"], main[1]["page_end"]) == (None, None)
    assert (main[0]["page_start"], main[0]["page_end"]) == (1, 3) and main[2]["page_start"] == 4
    with pytest.raises(InvalidInput):
        clerk.renumber(case_no, "no-such-convention")
    assert [e["details"]["convention"] for e in events(auditor, "filing.renumber")] == [
        "duplex-bottom", "duplex-top-skip-blank", "per-item", "text-pages-bottom-right"]


def test_blank_page_detection_is_cached(clerk, case_with_blank, monkeypatch):
    from workstation.archive import filing

    clerk.renumber(case_with_blank, "duplex-top-skip-blank")
    monkeypatch.setattr(filing, "detect_blank_pages", lambda path: pytest.fail("not cached"))
    clerk.renumber(case_with_blank, "text-pages-bottom-right")
    clerk.generate_closing_note(case_with_blank, compiled_by="王芳", checked_by="李明")
    assert "blank_pages_skipped" not in {p["key"] for p in clerk.filing_check(case_with_blank)["warnings"]}


def test_ingest_can_renumber_by_the_case_convention(clerk, case_no, archive):
    from workstation.archive import catalog, filing

    clerk.renumber(case_no, "per-item")
    with archive.write() as s:  # what ingest does today after adding items
        for vol in filing.load_case(s, case_no).volumes:
            catalog.renumber_pages(s, vol)
    assert "pages_not_numbered" in {p["key"] for p in clerk.filing_check(case_no)["problems"]}
    with archive.write() as s:
        filing.renumber_by_case_convention(s, filing.load_case(s, case_no))
    assert "pages_not_numbered" not in {p["key"] for p in clerk.filing_check(case_no)["problems"]}


def test_detect_blank_pages(tmp_path):
    from workstation.archive.filing import detect_blank_pages

    pdf = make_pdf(tmp_path / "x.pdf", ["文字", "", "ink", "", "文字"])
    assert detect_blank_pages(pdf) == (5, [2, 4])


# ---------------------------------------------------------------------------- 档号

def test_archival_code_pattern_and_never_renumbered(clerk, case_no, archive, auditor):
    archive.settings.fonds_code = ""
    with pytest.raises(InvalidInput) as exc:
        clerk.assign_archival_code(case_no, unit="ZFJC")
    assert exc.value.key == "fonds_not_configured" and "全宗号" in exc.value.message
    archive.settings.fonds_code = "Z109"
    # 执法稽查科's 机构代码 comes from resources/reference/archival_codes.yaml (unit_codes).
    result = clerk.assign_archival_code(case_no)
    # DA/T 22: 全宗号-门类·年度-期限-机构-件号; the year is the 结案 year; 归档号 = year + serial.
    assert result["archival_code"] == "Z109-WS·2025-Y-ZFJC-0001"
    assert result["filing_no"] == "20250001"
    assert clerk.show_case(case_no)["archival_code"] == "Z109-WS·2025-Y-ZFJC-0001"
    with pytest.raises(Conflict) as exc:
        clerk.assign_archival_code(case_no, unit="ZFJC")
    assert exc.value.key == "archival_code_assigned"
    outcomes = [e["outcome"] for e in events(auditor, "filing.assign_code", case_no)]
    assert outcomes == ["success", "denied"]


def test_serials_are_unique_under_concurrency(archive, admin, secadmin, clerk):
    archive.settings.fonds_code = "Z109"
    cases = [f"某市监处罚〔2025〕{n}号" for n in range(1, 9)]
    for no in cases:
        clerk.create_case(case_no=no, title=f"案件{no}", category="处罚", closed_on="2025-06-01",
                          handling_unit="ZFJC")
    clerk.create_case(case_no="某市监处罚〔2024〕1号", title="去年的案件", category="处罚", closed_on="2024-12-30",
                      handling_unit="ZFJC", retention="定期30年")
    sessions = [clerk, archive.sign_in("clerk", PASSWORD)]
    results, errors = [], []
    barrier = threading.Barrier(2)

    def work(ws, mine):
        barrier.wait()
        for no in mine:
            try:
                results.append(ws.assign_archival_code(no))
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(sessions[0], cases[0::2])),
               threading.Thread(target=work, args=(sessions[1], cases[1::2]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(r["serial"] for r in results) == list(range(1, 9))
    assert len({r["archival_code"] for r in results}) == 8
    assert all(re.fullmatch(r"Z109-WS·2025-Y-ZFJC-000[1-8]", r["archival_code"]) for r in results)
    # Each 年度 has its own run; 定期30年 gives D30.
    other = clerk.assign_archival_code("某市监处罚〔2024〕1号")
    assert other["archival_code"] == "Z109-WS·2024-D30-ZFJC-0001" and other["filing_no"] == "20240001"

    # Two workstations assigning the same case: one wins, the other gets a Conflict.
    clerk.create_case(case_no="同案", title="同一案件", category="处罚", closed_on="2025-07-01", handling_unit="ZFJC")
    outcomes = []

    def race(ws):
        barrier.wait()
        try:
            outcomes.append(ws.assign_archival_code("同案")["serial"])
        except Conflict as exc:
            outcomes.append(exc.key)

    threads = [threading.Thread(target=race, args=(ws,)) for ws in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=str) == [9, "archival_code_assigned"]


# ---------------------------------------------------------------------------- 卷内目录 and 卷内备考表

def test_contents_list_pdf(clerk, case_no, archive, auditor):
    clerk.assign_archival_code(case_no, unit="ZFJC")
    decision = by_type(volume(clerk, case_no))["行政处罚决定书"]
    clerk.move_item(decision["id"], "正卷", 1)  # last, so the last row shows a range: 8-9
    items_before = sum(len(v["items"]) for v in clerk.show_case(case_no)["volumes"])
    result = clerk.generate_contents_list(case_no)
    assert result["kind"] == "contents_list" and result["version"] == 1 and result["current"]
    opened = clerk.open_derivative(result["id"])
    assert opened["path"].startswith(str(archive.store.root)) and not opened["temporary"]
    text = pdf_text(opened["path"])
    assert "卷  内  目  录" in text or "卷内目录" in text.replace(" ", "")
    for header in HEADERS:
        assert header in text
    assert "Z109-WS·2025-Y-ZFJC-0001" in text
    assert "某市金穗食品有限公司销售过期食品案" in text
    for title in ("立案审批表", "营业执照复印件", "询问录音", "案源材料", "结案报告"):
        assert title in text
    assert "20250311" in text  # dates as YYYYMMDD
    assert "某市监罚字〔2025〕296号" in text.replace("\n", "")
    lines = text.split("\n")
    assert "8-9" in lines  # 页号: first pages, the last row a range
    assert "副卷（第 1 卷）" in text
    # A derivative: stored and catalogued, never an evidence item.
    assert sum(len(v["items"]) for v in clerk.show_case(case_no)["volumes"]) == items_before
    assert archive.store.exists(result["sha256"])
    (opened_event,) = events(auditor, "derivative.open")
    assert opened_event["details"]["derivative_id"] == result["id"]
    (generated,) = events(auditor, "filing.generate", case_no)
    assert generated["details"]["kind"] == "contents_list" and generated["details"]["sha256"] == result["sha256"]
    # Regenerating makes a new version; a change makes the older one stale.
    clerk.reorder_items(case_no, "正卷", 1, [it["id"] for it in reversed(volume(clerk, case_no))])
    listed = clerk.list_derivatives(case_no)
    assert [(d["version"], d["current"]) for d in listed] == [(1, False)]
    again = clerk.generate_contents_list(case_no)
    assert again["version"] == 2 and again["sha256"] != result["sha256"]
    assert [(d["version"], d["current"]) for d in clerk.list_derivatives(case_no)] == [(2, True), (1, False)]
    # The objects survive recovery (they are catalogued), and fixity covers them.
    from workstation.session import Archive

    Archive.open(archive.data_dir).close()
    assert archive.store.exists(result["sha256"]) and archive.store.exists(again["sha256"])
    assert clerk.verify_fixity().passed


def test_long_forms_continue_on_new_pages():
    from workstation.archive.dossier_forms import closing_note_pdf, contents_list_pdf

    rows = [{"seq": n, "doc_no": f"某市监罚字〔2025〕{n}号", "author": "某市市场监督管理局",
             "title": f"第{n}份询问笔录（当事人陈述、申辩及相关证据材料的说明）", "date": "20250311",
             "page_start": 3 * n - 2, "page_end": 3 * n, "remarks": "复印件，当事人签字确认"} for n in range(1, 61)]
    case = {"case_no": "甲1号", "title": "某案", "archival_code": "", "filing_no": "", "fonds_name": ""}
    data = {"case": case, "convention": {"id": "duplex-bottom", "scope": "volume"},
            "volumes": [{"kind": "正卷", "seq": 1, "title": "", "rows": rows}]}
    pdf, pages = contents_list_pdf(data)
    assert pages >= 3
    with pymupdf.open("pdf", pdf) as doc:
        texts = [page.get_text() for page in doc]
    assert all("顺序号" in t for t in texts)  # the header row repeats on every page
    assert "（续）" in texts[1]
    joined = "".join(texts).replace("\n", "")
    assert all(f"第{n}份询问笔录" in joined for n in range(1, 61))
    assert re.search(r"(^|\s)178-180(\s|$)", texts[-1])  # the last row shows its range
    vol = {"kind": "正卷", "seq": 1, "title": "", "items": 60, "pages": 180, "av_items": 0, "av_carriers": 0,
           "classified_items": 0, "classified": [], "problems": [], "blank_pages_skipped": 0, "copies": 0}
    notes = "。".join(f"第{n}项说明：原件存于执法稽查科证据柜" for n in range(200))
    pdf, pages = closing_note_pdf({"case": case, "convention": data["convention"], "volumes": [vol],
                                   "compiled_by": "王芳", "checked_by": "李明", "notes": notes,
                                   "compiled_on": "2025-05-20"})
    assert pages >= 2
    with pymupdf.open("pdf", pdf) as doc:
        texts = [page.get_text() for page in doc]
    assert "（续）" in texts[1] and "立卷人：王芳" in texts[-1] and "立卷人" not in texts[0]
    assert "第199项说明" in "".join(texts).replace("\n", "")


def test_closing_note_pdf(clerk, case_no, tmp_path):
    broken = tmp_path / "损坏的笔录.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntruncated")
    clerk.import_paths([broken], case_no)
    result = clerk.generate_closing_note(case_no, compiled_by="王芳", checked_by="李明",
                                         notes="询问录音另存光盘一张。", compiled_on="2025-05-20")
    assert result["kind"] == "closing_note" and result["pages"] == 2  # one sheet per 卷
    text = pdf_text(clerk.open_derivative(result["id"])["path"])
    assert "卷内备考表" in text.replace(" ", "")
    assert "本卷情况说明" in text
    assert "本卷共有文件 11 件，共 9 页。" in text
    assert "其中音像资料 2 件，原始载体 2 个" in text
    assert "本卷无涉密文件。" in text
    assert "缺损：第 11 号《损坏的笔录》" in text
    assert "询问录音另存光盘一张。" in text
    assert "立卷人：王芳" in text and "检查人：李明" in text and "立卷时间：2025 年 5 月 20 日" in text
    assert "本卷共有文件 5 件，共 5 页。" in text  # the 副卷's sheet
    with pytest.raises(InvalidInput):
        clerk.generate_closing_note(case_no, compiled_by="", checked_by="李明")


def test_classified_case_forms_are_encrypted(clerk, case_no, secadmin, archive):
    secadmin.classify(case_no, "秘密", basis="涉及商业秘密")
    result = clerk.generate_contents_list(case_no)
    assert archive.store.path_of(result["sha256"]).read_bytes().startswith(b"WSENC1")
    opened = clerk.open_derivative(result["id"])
    assert opened["temporary"]
    assert "秘密" in pdf_text(opened["path"])  # items inherit the 密级, shown in 备注
    assert "立案审批表" in pdf_text(opened["path"])


def test_items_above_clearance(clerk, case_no, secadmin):
    items = volume(clerk, case_no)
    secret = items[3]
    secadmin.classify(case_no, "机密", item_id=secret["id"], basis="涉及国家秘密")
    visible = [it["id"] for it in volume(clerk, case_no)]
    assert secret["id"] not in visible
    # The hidden item keeps its place; the visible ones take the others.
    clerk.reorder_items(case_no, "正卷", 1, list(reversed(visible)))
    with pytest.raises(InvalidInput):  # naming the hidden item does not help
        clerk.reorder_items(case_no, "正卷", 1, visible + [secret["id"]])
    with pytest.raises(Conflict) as exc:
        clerk.apply_order_template(case_no, "samr-penalty")
    assert exc.value.key == "hidden_items"
    with pytest.raises(Conflict):
        clerk.generate_contents_list(case_no)
    assert "hidden_items" in [p["key"] for p in clerk.filing_check(case_no)["problems"]]


# ---------------------------------------------------------------------------- 已归档 and approvals

def test_filing_lock_and_edit_approval(archive, admin, secadmin, clerk, case_no, tmp_path, auditor):
    report = clerk.filing_check(case_no)
    assert not report["ready"]
    assert {"no_archival_code", "no_contents_list"} <= {p["key"] for p in report["problems"]}
    with pytest.raises(Conflict) as exc:
        clerk.mark_filed(case_no)
    assert exc.value.key == "not_ready_to_file"

    broken = tmp_path / "损坏.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    bad_id = clerk.import_paths([broken], case_no).files[0].item_id
    ready_to_file(clerk, case_no)
    assert [p["key"] for p in clerk.filing_check(case_no)["problems"]] == ["unusable_items"]
    clerk.acknowledge_item(bad_id, "原件已损毁，按现状归档")
    # The acknowledgement shows in the 备注, so the 卷内目录 must be regenerated.
    assert [p["key"] for p in clerk.filing_check(case_no)["problems"]] == ["stale_contents_list"]
    clerk.generate_contents_list(case_no)
    check = clerk.filing_check(case_no)
    assert check["ready"] and {w["key"] for w in check["warnings"]} == {"no_closing_note"}
    clerk.mark_filed(case_no)
    assert clerk.show_case(case_no)["status"] == "已归档"
    assert clerk.filing_check(case_no)["filed_by"] == "clerk"

    # Locked: every edit is refused, through this module and through the import path.
    ids = [it["id"] for it in volume(clerk, case_no)]
    with pytest.raises(Conflict) as exc:
        clerk.reorder_items(case_no, "正卷", 1, list(reversed(ids)))
    assert exc.value.key == "case_filed"
    with pytest.raises(Conflict):
        clerk.import_paths([make_pdf(tmp_path / "补充.pdf", ["补充"])], case_no)
    with pytest.raises(Conflict):
        clerk.generate_contents_list(case_no)
    with pytest.raises(Conflict):
        clerk.mark_filed(case_no)

    # 归档后修改: asked by the 归档员, approved by a 负责人 (never by the requester).
    leader = user(archive, admin, secadmin, "leader", [Role.APPROVER])
    request_id = clerk.request_edit_approval(case_no, "补充送达回证")
    with pytest.raises(AccessDenied):
        clerk.approve_edit(request_id)
    with pytest.raises(InvalidInput):
        leader.approve_edit(request_id, hours=0)
    leader.approve_edit(request_id, hours=24, note="同意")
    with pytest.raises(Conflict) as exc:
        clerk.request_edit_approval(case_no, "再申请一次")
    assert exc.value.key == "window_open"
    (approval,) = clerk.list_edit_approvals()
    assert approval["status"] == "approved" and approval["window_ends_at"]
    assert clerk.filing_check(case_no)["edit_window"]["id"] == request_id

    clerk.reorder_items(case_no, "正卷", 1, list(reversed(ids)))
    clerk.import_paths([make_pdf(tmp_path / "补充2.pdf", ["补充"])], case_no)
    edit = events(auditor, "filing.reorder", case_no)[-1]
    assert edit["outcome"] == "success" and edit["details"]["edit_approval"] == request_id
    assert clerk.filing_check(case_no)["status"] == "已归档"
    assert "stale_contents_list" in [p["key"] for p in clerk.filing_check(case_no)["problems"]]
    clerk.generate_contents_list(case_no)

    # Another 归档员 with an edit grant is not covered by this approval.
    other = user(archive, admin, secadmin, "clerk2", [Role.ARCHIVIST])
    secadmin.add_grant(case_no, user="clerk2", level="edit", reason="协助整理")
    with pytest.raises(Conflict):
        other.reorder_items(case_no, "正卷", 1, ids)

    clerk.close_edit_window(request_id)
    with pytest.raises(Conflict):
        clerk.reorder_items(case_no, "正卷", 1, ids)
    assert clerk.list_edit_approvals()[0]["status"] == "closed"

    # A refused request opens nothing; the 安全保密管理员 may decide too.
    second = clerk.request_edit_approval(case_no, "更正题名")
    with pytest.raises(Conflict):
        clerk.request_edit_approval(case_no, "重复申请")
    secadmin.refuse_edit(second, "理由不充分")
    with pytest.raises(Conflict):
        clerk.reorder_items(case_no, "正卷", 1, ids)

    actions = {e["action"] for e in auditor.export_audit() if case_no in e["target"]}
    assert {"case.file", "filing.edit_request", "filing.edit_approve", "filing.edit_refuse", "filing.edit_close",
            "filing.acknowledge"} <= actions
    denied = [e for e in events(auditor, "filing.reorder", case_no) if e["outcome"] == "denied"]
    assert denied and all(e["details"]["reason"] == "case_filed" for e in denied)


def test_edit_window_expires(archive, admin, secadmin, clerk, case_no):
    import datetime as dt

    from workstation.archive.models_filing import EditApproval

    ready_to_file(clerk, case_no)
    clerk.mark_filed(case_no)
    leader = user(archive, admin, secadmin, "leader", [Role.APPROVER])
    request_id = clerk.request_edit_approval(case_no, "补充材料")
    leader.approve_edit(request_id, hours=1)
    clerk.renumber(case_no)
    with archive.write() as s:  # the clock moves past the window
        req = s.get(EditApproval, request_id)
        req.window_starts_at -= dt.timedelta(hours=2)
        req.window_ends_at -= dt.timedelta(hours=2)
    with pytest.raises(Conflict):
        clerk.renumber(case_no)
    assert clerk.list_edit_approvals()[0]["state"] == "expired"


# ---------------------------------------------------------------------------- permissions

def test_permission_denials(archive, admin, secadmin, clerk, case_no, auditor):
    ready_to_file(clerk, case_no)
    reader = user(archive, admin, secadmin, "reader", [Role.READER])
    viewer = user(archive, admin, secadmin, "viewer", [Role.ARCHIVIST])
    stranger = user(archive, admin, secadmin, "stranger", [Role.ARCHIVIST])
    secadmin.add_grant(case_no, user="reader", level="view", reason="调阅")
    secadmin.add_grant(case_no, user="viewer", level="view", reason="查看")
    ids = [it["id"] for it in volume(clerk, case_no)]

    with pytest.raises(AccessDenied):  # the role has no edit function
        reader.reorder_items(case_no, "正卷", 1, ids)
    with pytest.raises(AccessDenied):  # a view grant is not an edit grant
        viewer.reorder_items(case_no, "正卷", 1, ids)
    with pytest.raises(AccessDenied):
        viewer.apply_order_template(case_no, "samr-penalty")
    with pytest.raises(AccessDenied):
        viewer.renumber(case_no, "per-item")
    with pytest.raises(AccessDenied):
        viewer.generate_contents_list(case_no)
    with pytest.raises(AccessDenied):
        viewer.mark_filed(case_no)
    with pytest.raises(AccessDenied):
        viewer.move_item(ids[0], "副卷", 1)
    with pytest.raises(NotFound):  # no grant at all: the case does not exist for them
        stranger.reorder_items(case_no, "正卷", 1, ids)
    with pytest.raises(NotFound):
        stranger.move_item(ids[0], "副卷", 1)
    with pytest.raises(NotFound):
        stranger.filing_check(case_no)
    with pytest.raises(NotFound):
        stranger.assign_archival_code(case_no)
    derivative = clerk.list_derivatives(case_no)[0]["id"]
    with pytest.raises(NotFound):
        stranger.open_derivative(derivative)
    assert "卷内目录" in pdf_text(reader.open_derivative(derivative)["path"]).replace(" ", "")
    assert volume(clerk, case_no)[0]["id"] == ids[0]  # nothing changed
    with pytest.raises(AccessDenied):
        reader.request_edit_approval(case_no, "想改")
    clerk.mark_filed(case_no)
    request_id = clerk.request_edit_approval(case_no, "补充")
    with pytest.raises(AccessDenied):
        reader.approve_edit(request_id)
    with pytest.raises(AccessDenied):
        admin.approve_edit(request_id)

    denied = [e for e in auditor.export_audit() if e["outcome"] == "denied" and e["actor"] in
              ("reader", "viewer", "stranger", "admin")]
    reasons = {(e["actor"], e["action"]) for e in denied}
    assert ("viewer", "filing.reorder") in reasons and ("reader", "filing.reorder") in reasons
    assert ("stranger", "derivative.open") in reasons and ("admin", "filing.edit_approve") in reasons
