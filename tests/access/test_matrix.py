"""Zero leaks: every role × clearance × grant state × read path, each denial audited."""

import datetime as dt
import time

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from workstation.archive.models import AuditEvent
from workstation.archive.vocab import Classification, Role
from workstation.errors import AccessDenied, NotFound

LEVELS = list(Classification)
STATES = ["none", "active", "expired", "revoked", "department", "rule"]
ROLES = [Role.ARCHIVIST, Role.REVIEWER, Role.EVALUATOR, Role.READER, Role.APPROVER,
         Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR]
READERS = {Role.ARCHIVIST, Role.REVIEWER, Role.EVALUATOR, Role.READER, Role.APPROVER}
NOW = dt.datetime.now(dt.timezone.utc)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from workstation.session import Archive

    data_dir = tmp_path_factory.mktemp("matrix") / "archive"
    arch = Archive.open(data_dir, create=True)
    arch.init_admin("admin", PASSWORD)
    admin = arch.sign_in("admin", PASSWORD)
    admin.add_user("sec", PASSWORD, [Role.SECADMIN], department="保密办")
    sec = arch.sign_in("sec", PASSWORD)
    sec.set_clearance("sec", "绝密")
    sec = arch.sign_in("sec", PASSWORD)
    admin.add_user("boss", PASSWORD, [Role.ARCHIVIST], department="档案室")
    sec.set_clearance("boss", "绝密")
    boss = arch.sign_in("boss", PASSWORD)

    users = {}
    for role in ROLES:
        for level in LEVELS:
            name = f"u{ROLES.index(role)}{level.rank}"
            admin.add_user(name, PASSWORD, [role], department=f"dept-{name}")
            sec.set_clearance(name, level)
            users[name] = (role, level)

    src = data_dir.parent / "evidence.txt"
    cases = {}
    for level in LEVELS:
        for state in STATES:
            case_no = f"矩阵〔2026〕{level.rank}{STATES.index(state)}号"
            unit = "规则单位" if state == "rule" else "普通单位"
            boss.create_case(case_no=case_no, title=f"{level}{state}案", category="检查", classification=level,
                             handling_unit=unit)
            src.write_text(f"证据 {case_no}", "utf-8")
            report = boss.import_paths([src], case_no)
            cases[case_no] = (level, state, report.files[0].item_id)

    for name, (role, _level) in users.items():
        for case_no, (_lvl, state, _item) in cases.items():
            if state == "active":
                sec.add_grant(case_no, user=name, level="view", reason="办案需要")
            elif state == "expired":
                sec.add_grant(case_no, user=name, starts=NOW - dt.timedelta(days=10),
                              ends=NOW - dt.timedelta(days=1), reason="已过期")
            elif state == "revoked":
                gid = sec.add_grant(case_no, user=name, reason="将撤销")
                sec.revoke_grant(gid)
            elif state == "department":
                sec.add_grant(case_no, department=f"dept-{name}", reason="部门授权")
        sec.add_rule(role=role, department=f"dept-{name}", case_unit="规则单位", max_classification="绝密",
                     reason="规则测试")
    boss.index_rebuild()
    yield arch, users, cases
    arch.close()


def expected(role, clearance, case_level, state):
    return role in READERS and case_level <= clearance and state in ("active", "department", "rule")


def denied_count(arch, name):
    with arch.read() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent)
                        .where(AuditEvent.actor == name, AuditEvent.outcome == "denied"))


@pytest.mark.parametrize("role", ROLES, ids=[str(r) for r in ROLES])
def test_no_leaks(world, role):
    arch, users, cases = world
    for name, (urole, clearance) in users.items():
        if urole != role:
            continue
        ws = arch.sign_in(name, PASSWORD)
        want = {c for c, (lvl, st, _i) in cases.items() if expected(role, clearance, lvl, st)}
        listed = {c["case_no"] for c in ws.list_cases()}
        assert listed == want, (name, clearance)
        # Search: the filter is inside the query, so totals and groups equal what may be seen.
        if role in READERS:
            res = ws.search_json("矩阵", limit=100)
            assert {c["case_no"] for c in res["cases"]} == want, (name, "search")
            assert res["total"] == len(want)
            assert all("矩阵" in h["snippet"].replace("<b>", "").replace("</b>", "")
                       for c in res["cases"] for i in c["items"] for h in i["hits"])
        else:
            with pytest.raises(AccessDenied):
                ws.search("矩阵")
        for case_no, (lvl, state, item_id) in cases.items():
            before = denied_count(arch, name)
            if case_no in want:
                assert ws.show_case(case_no)["case_no"] == case_no
                with ws.open_item(item_id) as reader:
                    assert reader.path.read_text("utf-8").startswith("证据")
            else:
                with pytest.raises(NotFound) as exc:
                    ws.show_case(case_no)
                # Hidden looks exactly like missing: same key, same wording pattern.
                with pytest.raises(NotFound) as missing:
                    ws.show_case(case_no + "不存在")
                assert exc.value.key == missing.value.key
                with pytest.raises(NotFound):
                    ws.open_item(item_id)
                assert denied_count(arch, name) == before + 3


def test_item_above_case_level_stays_hidden(world):
    arch, users, cases = world
    boss = arch.sign_in("boss", PASSWORD)
    sec = arch.sign_in("sec", PASSWORD)
    case_no = next(c for c, (lvl, st, _i) in cases.items() if lvl == Classification.INTERNAL and st == "active")
    src = arch.data_dir.parent / "secret-item.txt"
    src.write_text("秘密附件内容", "utf-8")
    item_id = boss.import_paths([src], case_no).files[0].item_id
    sec.classify(case_no, "秘密", item_id=item_id, basis="涉及国家秘密事项")
    ws = arch.sign_in("u01", PASSWORD)  # 归档员, 内部 clearance, active grant on the case
    shown = ws.show_case(case_no)
    ids = [it["id"] for v in shown["volumes"] for it in v["items"]]
    assert item_id not in ids and ids
    with pytest.raises(NotFound):
        ws.open_item(item_id)
    ws2 = arch.sign_in("u02", PASSWORD)  # 归档员, 秘密 clearance
    sec.add_grant(case_no, user="u02", reason="查看秘密附件")
    with ws2.open_item(item_id) as r:
        assert r.path.exists()


def test_grant_expiry_takes_effect_without_restart(world):
    arch, users, cases = world
    sec = arch.sign_in("sec", PASSWORD)
    case_no = next(c for c, (lvl, st, _i) in cases.items() if lvl == Classification.PUBLIC and st == "none")
    ws = arch.sign_in("u30", PASSWORD)  # 调阅人, 公开
    assert case_no not in {c["case_no"] for c in ws.list_cases()}
    sec.add_grant(case_no, user="u30", ends=dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=2),
                  reason="短期调阅")
    assert case_no in {c["case_no"] for c in ws.list_cases()}
    time.sleep(2.2)
    assert case_no not in {c["case_no"] for c in ws.list_cases()}
    with pytest.raises(NotFound):
        ws.show_case(case_no)


def test_edit_needs_an_edit_grant(world):
    arch, users, cases = world
    case_no = next(c for c, (lvl, st, _i) in cases.items() if lvl == Classification.PUBLIC and st == "active")
    ws = arch.sign_in("u00", PASSWORD)  # 归档员 with a view grant only
    src = arch.data_dir.parent / "more.txt"
    src.write_text("补充材料", "utf-8")
    with pytest.raises(AccessDenied):
        ws.import_paths([src], case_no)
