"""Admin screens per role: users (系统管理员), grants/rules/clearances (安全保密管理员),
调阅 requests and approvals, and the auditor's log viewer with chain status and export."""

import csv
import json
import unicodedata



def test_each_role_sees_only_its_screens(qtbot, admin, secadmin, clerk, auditor, reader, make_window):
    expected = {admin: ["users"], secadmin: ["requests", "access"], auditor: ["audit"],
                clerk: ["cases", "search", "requests"], reader: ["cases", "search", "requests"]}
    for ws, pages in expected.items():
        win = make_window(ws)
        assert win.page_keys == pages, ws.username
        assert win.act_new_case.isVisible() == (ws is clerk)
        assert win.act_import.isVisible() == (ws is clerk)
        assert win.user_label.text().startswith(f"用户：{ws.user.display_name}")
        assert "人员密级" in win.user_label.text()
        win.close()


def test_users_page_add_disable_and_roles(qtbot, admin, clerk, make_window):
    from workstation.ui.admin.users import AddUserDialog, RolesDialog

    win = make_window(admin)
    page = win.users_page
    assert "clerk" in [u["username"] for u in page.users]
    assert page.count.text() == f"共 {len(page.users)} 个账号"

    page.add_user()
    dlg = page.findChild(AddUserDialog)
    dlg.username.setText("evaluator2")
    dlg.department.setText("法制科")
    dlg.password.setText("evaluate-me-2026")
    dlg.again.setText("evaluate-me-2026")
    dlg.roles.boxes[next(r for r in dlg.roles.boxes if r.value == "系统管理员")].setChecked(True)
    dlg.roles.boxes[next(r for r in dlg.roles.boxes if r.value == "评查员")].setChecked(True)
    dlg.submit()
    assert dlg.last_error_key == "role_conflict" and dlg.isVisible()  # 三员: no admin + business role
    dlg.roles.boxes[next(r for r in dlg.roles.boxes if r.value == "系统管理员")].setChecked(False)
    assert dlg.clearance.findData("秘密") < 0  # only the security officer sets clearances above 内部
    dlg.submit()
    assert "evaluator2" in [u["username"] for u in page.users]

    row = next(r for r, u in enumerate(page.users) if u["username"] == "clerk")
    page.table.selectRow(row)
    assert page.active_button.text() == "停用账号"
    page.toggle_active()
    assert next(u for u in page.users if u["username"] == "clerk")["active"] is False
    row = next(r for r, u in enumerate(page.users) if u["username"] == "clerk")
    assert page.table.item(row, 5).text() == "停用"

    page.table.selectRow(row)
    page.edit_roles()
    roles = page.findChild(RolesDialog)
    roles.roles.boxes[next(r for r in roles.roles.boxes if r.value == "评查员")].setChecked(True)
    roles.submit()
    assert "评查员" in next(u for u in page.users if u["username"] == "clerk")["roles"]


def test_access_page_grants_rules_and_clearance(qtbot, secadmin, clerk, imported, make_window):
    from workstation.ui.admin.access import AddGrantDialog, AddRuleDialog

    win = make_window(secadmin)
    win.show_page("access")
    page = win.access_page
    assert any(g["case_no"] == imported.case_no and g["user"] == "clerk" for g in page.grants)

    page.grant_case.setText(imported.case_no)
    page.add_grant()
    dlg = page.findChild(AddGrantDialog)
    dlg.user.setText("sec")
    dlg.submit()
    assert dlg.last_error_key == "invalid_input"  # a grant needs a reason
    dlg.reason.setText("复核")
    dlg.submit()
    grant = next(g for g in page.grants if g["user"] == "sec" and g["reason"] == "复核")
    assert grant["state"] == "active" and grant["case_no"] == imported.case_no

    row = next(r for r, g in enumerate(page.grants) if g["id"] == grant["id"])
    page.grant_table.selectRow(row)
    page.revoke_grant()
    assert next(g for g in secadmin.list_grants(imported.case_no) if g["id"] == grant["id"])["state"] == "revoked"
    assert all(g["id"] != grant["id"] for g in
               (page.grant_table.item(r, 0).data(0x0100) for r in range(page.grant_table.rowCount())))

    page.tabs.setCurrentIndex(1)
    before = len(page.rules)
    from PySide6.QtWidgets import QPushButton

    page.findChild(QPushButton, "addRule").click()
    rule = page.findChild(AddRuleDialog)
    rule.reason.setText("年度评查")
    rule.submit()
    assert len(page.rules) == before + 1

    page.clear_user.setText("clerk")
    page.clear_level.setCurrentIndex(page.clear_level.findData("内部"))
    page.set_clearance()
    assert "已将 clerk 的密级设为" in page.clearance_result.text()
    page.clear_user.setText("nobody")
    page.set_clearance()
    assert page.clearance_result.property("role") == "error"


def test_request_then_approval_opens_the_case(qtbot, secadmin, clerk, imported, reader, make_window):
    rwin = make_window(reader)
    assert rwin.workspace.browser.visible_case_numbers() == []
    assert "调阅申请" in rwin.workspace.browser.empty.text()
    rwin.show_page("requests")
    rp = rwin.requests_page
    rp.req_case.setText(imported.case_no)
    rp.req_reason.setText("行政复议答辩需要查阅")
    rp.submit_request()
    assert rp.last_error_key is None and "等待审批" in rp.req_result.text()
    assert [r["status"] for r in rp.requests] == ["pending"]
    assert not rp.approve_button.isVisible()  # a reader cannot approve

    swin = make_window(secadmin)
    sp = swin.requests_page
    assert [r["case_no"] for r in sp.requests] == [imported.case_no]
    sp.table.selectRow(0)
    assert sp.approve_button.isEnabled()
    sp.decide(True)
    from workstation.ui.admin.requests import DecisionDialog

    dlg = sp.findChild(DecisionDialog)
    dlg.note.setText("同意调阅")
    dlg.submit()
    assert sp.requests == []  # filter "待审批": nothing left

    rwin.workspace.browser.refresh()
    assert rwin.workspace.browser.visible_case_numbers() == [imported.case_no]


def test_audit_viewer_events_chain_filters_and_export(qtbot, auditor, clerk, imported, make_window, tmp_path):
    import pymupdf

    win = make_window(auditor)
    page = win.audit_page
    assert win.current_page() == "audit"
    assert page.model.rowCount() > 0
    assert page.chain is not None and page.chain.ok
    assert page.chain_label.property("state") == "ok" and "审计链完整" in page.chain_label.text()
    actions = {e["action"] for e in page.events}
    assert {"auth.sign_in", "import", "case.create"} <= actions

    page.actor.setText("clerk")
    page.refresh()
    assert page.events and {e["actor"] for e in page.events} == {"clerk"}
    page.actor.clear()
    page.outcome.setCurrentIndex(page.outcome.findData("denied"))
    page.refresh()
    assert all(e["outcome"] == "denied" for e in page.events)
    page.outcome.setCurrentIndex(0)
    page.target.setText(imported.case_no)
    page.refresh()
    assert page.events and all(imported.case_no in e["target"] for e in page.events)
    page.text.setText("item.import")  # client-side: searches the shown text and details
    page.text.setText("")

    csv_path = page.export(tmp_path / "audit.csv", "csv")
    with open(csv_path, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(page.events) and rows[0]["hash"] and rows[0]["target"]
    from workstation.archive.audit import verify_extract

    extract = [dict(r, seq=int(r["seq"]), details=json.loads(r["details"])) for r in rows]
    assert all(verify_extract([e]).ok for e in extract)  # every exported row still matches its hash

    pdf_path = page.export(tmp_path / "audit.pdf", "pdf")
    with pymupdf.open(pdf_path) as doc:
        # Qt's PDF maps some CJK glyphs back to compatibility code points (⽇ for 日): fold them.
        text = unicodedata.normalize("NFKC", "".join(p.get_text() for p in doc))
    assert "审计日志" in text and imported.case_no in text and "审计链完整" in text
