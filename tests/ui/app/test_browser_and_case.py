"""Case browser (filters, sorting, quick search, counts) and the case view."""

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import activate


@pytest.fixture
def cases(clerk, imported):
    """The imported dossier plus three small cases that differ in every filter."""
    clerk.create_case(case_no="某市监许〔2024〕8号", title="某某餐饮店申请食品经营许可案", category="许可",
                      handling_unit="行政审批科", opened_on="2024-05-06", party="某某餐饮店")
    clerk.create_case(case_no="某市监处罚〔2025〕77号", title="某某超市未明码标价案", category="处罚",
                      handling_unit="价格监督检查科", opened_on="2025-03-01", party="某某超市", classification="秘密")
    clerk.create_case(case_no="某市监检〔2025〕5号", title="某某药店检查案", category="检查",
                      handling_unit="价格监督检查科", opened_on="2025-07-01", party="某某药店", classification="公开")
    return [c["case_no"] for c in clerk.list_cases()]


def select(combo, data):
    idx = combo.findData(data)
    assert idx >= 0, data
    combo.setCurrentIndex(idx)


def test_browse_filter_sort_and_count(qtbot, clerk, cases, make_window):
    win = make_window(clerk)
    b = win.workspace.browser
    assert sorted(b.visible_case_numbers()) == sorted(cases)
    assert b.count.text() == f"共 {len(cases)} 件"
    assert {b.year.itemData(i) for i in range(1, b.year.count())} >= {2024, 2025}

    select(b.category, "许可")  # server-side (ws.list_cases(category=…))
    assert b.visible_case_numbers() == ["某市监许〔2024〕8号"] and b.count.text() == "共 1 件"
    select(b.category, None)
    select(b.year, 2025)
    assert "某市监许〔2024〕8号" not in b.visible_case_numbers()
    b.reset_filters()

    select(b.level, "秘密")  # client-side
    assert b.visible_case_numbers() == ["某市监处罚〔2025〕77号"]
    select(b.level, None)
    select(b.unit, "价格监督检查科")
    assert sorted(b.visible_case_numbers()) == ["某市监处罚〔2025〕77号", "某市监检〔2025〕5号"]
    assert b.count.text() == "共 2 件"
    b.reset_filters()

    b.quick.setText("药店")
    b._quick_timer.timeout.emit()
    assert b.visible_case_numbers() == ["某市监检〔2025〕5号"]
    b.quick.setText("没有这个当事人")
    b._quick_timer.timeout.emit()
    assert b.visible_case_numbers() == [] and b.count.text() == "共 0 件"
    assert b.stack.currentWidget() is b.empty and "没有符合" in b.empty.text()
    b.reset_filters()

    b.table.sortByColumn(b.model.column_of("case_no"), Qt.SortOrder.AscendingOrder)
    assert b.visible_case_numbers() == sorted(cases)
    b.table.sortByColumn(b.model.column_of("classification"), Qt.SortOrder.DescendingOrder)
    assert b.visible_case_numbers()[0] == "某市监处罚〔2025〕77号"  # 秘密 ranks highest


def test_open_case_shows_cover_tree_items_and_integrity(qtbot, clerk, imported, make_window, tmp_path):
    win = make_window(clerk)
    b = win.workspace.browser
    assert b.select_case(imported.case_no)
    activate(qtbot, win)
    qtbot.keyClick(b.table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # Ctrl+O opens
    view = win.workspace.currentWidget()
    assert view.objectName() == "caseView" and view.case_no == imported.case_no
    detail = clerk.show_case(imported.case_no)
    assert view.cover.form.values["案号"].text() == imported.case_no
    assert view.cover.form.values["案卷题名"].text() == detail["title"]
    assert view.access is None  # the clerk does not manage access: no "who has access" panel

    tree = view.tree
    assert tree.topLevelItemCount() == len(detail["volumes"])
    assert tree.topLevelItem(0).text(0).startswith("正卷")
    items = [it for vol in detail["volumes"] for it in vol["items"]]
    assert tree.item_ids() == [it["id"] for it in items]
    paged = next(it for it in items if it.get("page_count") and it["page_end"] != it["page_start"])
    av = next(it for it in items if it.get("duration_ms"))
    tree.select_item(paged["id"])
    node = tree.currentItem()
    assert node.text(5) == f"{paged['page_start']}–{paged['page_end']}"
    assert view.item_panel.form.values["题名"].text() == paged["title"]
    sha = next(d["value"] for d in paged["digests"] if d["algorithm"] == "sha256" and d["scope"] == "content")
    assert view.item_panel.form.values["SHA-256"].text() == sha
    tree.select_item(av["id"])
    assert ":" in tree.currentItem().text(6)  # duration mm:ss
    assert view.integrity.property("state") == "ok"

    # An unreadable file is imported as unusable: the tree and the summary say so.
    bad = tmp_path / "扫描件-损坏.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    win.workspace.import_into(imported.case_no, [str(bad)])
    dialog = win.importer.results_dialog
    assert dialog.statuses() == ["unusable"]
    dialog.close()
    assert view.integrity.property("state") == "bad"
    bad_id = max(tree.item_ids())
    tree.select_item(bad_id)
    assert tree.currentItem().text(8) == "不可用"
    assert "不可用" in view.item_panel.form.values["完整性"].text()


def test_open_item_in_viewer_and_close_writes_the_view_event(qtbot, clerk, imported, make_window, auditor):
    win = make_window(clerk)
    view = win.workspace.open_case(imported.case_no)
    doc = next(it for vol in view.detail["volumes"] for it in vol["items"] if it["kind"] == "document")
    view.tree.select_item(doc["id"])
    view.open_current()
    tab = win.workspace.currentWidget()
    assert tab.objectName() == "documentTab" and tab.item["id"] == doc["id"]
    assert tab.viewer is not None
    qtbot.waitUntil(lambda: tab.viewer.page_count == doc["page_count"], timeout=10000)
    win.workspace.close_tab(win.workspace.indexOf(tab))
    events = auditor.export_audit(action="item.view", actor="clerk")
    assert events and events[-1]["target"].endswith(f"item:{doc['id']}")


def test_shortcuts_refresh_and_find(qtbot, clerk, imported, make_window):
    win = make_window(clerk)
    activate(qtbot, win)
    qtbot.keyClick(win.workspace.browser.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert win.current_page() == "search" and win.search_page.query.hasFocus()
    qtbot.keyClick(win.search_page.query, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert win.current_page() == "cases" and win.workspace.browser.quick.hasFocus()
    clerk.create_case(case_no="新案〔2026〕1号", title="新案", category="检查")
    qtbot.keyClick(win.workspace.browser.table, Qt.Key.Key_F5)
    assert "新案〔2026〕1号" in win.workspace.browser.visible_case_numbers()


def test_window_geometry_is_remembered(qtbot, clerk, make_window):
    from PySide6.QtCore import QSettings

    win = make_window(clerk)
    win.resize(1200, 760)
    win.close()
    assert QSettings().value("main/geometry") is not None
    again = make_window(clerk)
    assert again.height() == 760  # (the offscreen screen may clamp the width)
    assert again.width() != 1440  # not the default size


# -- 审核期限 column (issue 8) -----------------------------------------------------------------
REVIEW_MATERIALS = ["送审报告", "行政执法决定书代拟稿", "案卷全部材料"]


def _submit(ws, case_no, submitted_on):
    ws.review_submit(case_no, submitted_on=submitted_on, submitting_unit="执法一队", submitted_by="张三",
                     major_category="M4", proposed_decision={"type": "罚款", "content": "罚款五万元"},
                     materials=REVIEW_MATERIALS, reviewer_qualification="A20201100001")


def _cell(browser, case_no, role=Qt.ItemDataRole.DisplayRole):
    col = browser.model.column_of("review_deadline")
    row = next(r for r in range(browser.model.rowCount()) if browser.model.rows[r]["case_no"] == case_no)
    return browser.model.index(row, col).data(role)


@pytest.fixture
def reviewer(admin, secadmin, archive, cases, imported):
    """A 法制审核员 with grants on three of the cases."""
    from tests.ui.app.conftest import session_for
    from workstation.archive.vocab import Role

    admin.add_user("fazhi", "Pw-reviewer-2026!", [Role.REVIEWER], display_name="王法审", department="法制科")
    for case_no in ("某市监许〔2024〕8号", "某市监检〔2025〕5号", imported.case_no):
        secadmin.add_grant(case_no, user="fazhi", level="view", reason="法制审核")
    return session_for(archive, "fazhi")


def test_review_deadline_column_countdown_colours_sort_and_refresh(qtbot, reviewer, clerk, reader, cases,
                                                                  imported):
    import datetime as dt

    from PySide6.QtGui import QColor

    from workstation.changes import Changes
    from workstation.ui.browser.case_browser import CaseBrowser
    from workstation.ui.bus import ChangeBus
    from tests.ui.conftest import error_keys

    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    cal = reviewer.work_calendar()
    limit = reviewer.review_reference()["limits"]["limit_days"]

    def accepted_for(remaining):  # an acceptance date that leaves ``remaining`` working days today
        for back in range(0, 60):
            day = today - dt.timedelta(days=back)
            if cal.remaining(today, cal.add_workdays(day, limit)) == remaining:
                return day
        raise AssertionError(remaining)

    near, late, waiting = "某市监检〔2025〕5号", "某市监许〔2024〕8号", imported.case_no
    day = accepted_for(2)
    _submit(reviewer, near, day.isoformat())
    reviewer.review_accept(near, accepted_on=day.isoformat())
    old = today - dt.timedelta(days=40)
    overdue = cal.remaining(today, cal.add_workdays(old, limit))
    assert overdue < 0
    _submit(reviewer, late, old.isoformat())
    reviewer.review_accept(late, accepted_on=old.isoformat())
    _submit(reviewer, waiting, today.isoformat())  # submitted, not yet accepted: no deadline yet

    bus = ChangeBus()
    b = CaseBrowser(reviewer, bus)
    qtbot.addWidget(b)
    b.refresh()
    assert sorted(b.visible_case_numbers()) == sorted([near, late, waiting])
    header = b.model.headerData(b.model.column_of("review_deadline"), Qt.Orientation.Horizontal)
    assert header == "审核期限" and not b.table.isColumnHidden(b.model.column_of("review_deadline"))

    assert _cell(b, near) == "剩余 2 个工作日"
    assert _cell(b, near, Qt.ItemDataRole.BackgroundRole) == QColor("#fff3c4")  # yellow
    assert _cell(b, late) == f"已超期 {-overdue} 个工作日"
    assert _cell(b, late, Qt.ItemDataRole.BackgroundRole) == QColor("#fde2e1")  # red
    assert _cell(b, waiting) == "已送审（待受理）"
    assert _cell(b, waiting, Qt.ItemDataRole.BackgroundRole) is None
    assert "尚未受理" in _cell(b, waiting, Qt.ItemDataRole.ToolTipRole)
    assert "审核期限至" in _cell(b, near, Qt.ItemDataRole.ToolTipRole)

    b.table.sortByColumn(b.model.column_of("review_deadline"), Qt.SortOrder.AscendingOrder)
    assert b.visible_case_numbers() == [late, near, waiting]  # most urgent first

    # the reviewer accepts the waiting one today; the change bus reloads the column
    reviewer.review_accept(waiting, accepted_on=today.isoformat())
    assert _cell(b, waiting) == "已送审（待受理）"  # not before the bus says so
    bus.apply(Changes(cases=True))
    fresh = cal.remaining(today, cal.add_workdays(today, limit))
    assert _cell(b, waiting) == f"剩余 {fresh} 个工作日"
    assert _cell(b, waiting, Qt.ItemDataRole.BackgroundRole) is None  # plenty of time: no warning
    assert b.visible_case_numbers() == [late, near, waiting]

    # the clerk (no REVIEW permission) sees the countdown of the cases it may see, without errors;
    # cases without an open review stay empty
    cb = CaseBrowser(clerk, bus)
    qtbot.addWidget(cb)
    cb.refresh()
    assert _cell(cb, near) == "剩余 2 个工作日"
    others = [c for c in cases if c not in (near, late, waiting)]
    assert others and all(_cell(cb, c) == "" for c in others)
    # the reader sees none of these cases, and no countdown leaks
    rb = CaseBrowser(reader, bus)
    qtbot.addWidget(rb)
    rb.refresh()
    assert rb.model.deadlines == {} and error_keys() == []


def test_review_deadline_column_never_breaks_the_case_list(qtbot, clerk, cases):
    from workstation.errors import AccessDenied, InvalidInput
    from workstation.ui.browser.case_browser import CaseBrowser, load_deadlines
    from workstation.ui.bus import ChangeBus
    from tests.ui.conftest import error_keys

    class Without:  # a facade without the call (an older session type)
        def __getattr__(self, name):
            if name == "review_deadlines":
                raise AttributeError(name)
            return getattr(clerk, name)

    assert load_deadlines(Without()) == (None, "")

    def refuse(**_kw):
        raise AccessDenied(reason="无权查看")

    clerk.review_deadlines = refuse
    assert load_deadlines(clerk) == (None, "")

    def broken(**_kw):
        raise InvalidInput(reason="工作日历不包含 2099 年")

    clerk.review_deadlines = broken
    b = CaseBrowser(clerk, ChangeBus())
    qtbot.addWidget(b)
    b.refresh()
    assert sorted(b.visible_case_numbers()) == sorted(cases) and error_keys() == []
    col = b.model.column_of("review_deadline")
    assert all(_cell(b, c) == "" for c in cases)
    tip = b.model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "审核期限暂不可用" in tip and "2099" in tip
