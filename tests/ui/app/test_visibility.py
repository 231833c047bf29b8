"""A user without the clearance for a case sees nothing of it anywhere in the UI: not in the
table, the counts, the filter choices, the quick search, a case tab, the search panel or
the 调阅 form's answer."""

import pytest

from tests.conftest import PASSWORD

HIDDEN_NO = "某市监处罚〔2019〕999号"
HIDDEN_PARTY = "隐秘当事人实业有限公司"
HIDDEN_UNIT = "专案保密科"


@pytest.fixture
def reviewer(archive, admin, secadmin, clerk, imported, dossier):
    from workstation.archive.vocab import Role

    clerk.create_case(case_no=HIDDEN_NO, title=f"{HIDDEN_PARTY}案", category="处罚", party=HIDDEN_PARTY,
                      handling_unit=HIDDEN_UNIT, opened_on="2019-04-01", classification="秘密")
    clerk.import_paths(sorted(dossier.rglob("*.pdf"))[:1], HIDDEN_NO)
    admin.add_user("rev", PASSWORD, [Role.REVIEWER], department="法制科")
    # A rule would let reviewers see cases up to 秘密 — but this reviewer is cleared for 内部 only.
    secadmin.add_rule(role=Role.REVIEWER, max_classification="秘密", level="view", reason="法制审核")
    return archive.sign_in("rev", PASSWORD)


def test_hidden_case_is_invisible_everywhere(qtbot, reviewer, clerk, imported, make_window):
    win = make_window(reviewer)
    b = win.workspace.browser
    assert b.visible_case_numbers() == [imported.case_no]
    assert b.count.text() == "共 1 件"
    years = [b.year.itemData(i) for i in range(b.year.count())]
    units = [b.unit.itemText(i) for i in range(b.unit.count())]
    assert 2019 not in years and HIDDEN_UNIT not in units
    assert b.level.findData("秘密") < 0  # no 密级 above the user's clearance is even offered
    b.quick.setText("隐秘")
    b._quick_timer.timeout.emit()
    assert b.visible_case_numbers() == [] and b.count.text() == "共 0 件"
    assert b.empty.text() and HIDDEN_NO not in b.empty.text()

    # Typing the number into a case tab: the same answer as for a case that does not exist.
    view = win.workspace.open_case(HIDDEN_NO)
    assert view.detail is None and view.tree.topLevelItemCount() == 0
    ghost = win.workspace.open_case("某市监处罚〔2019〕000号")
    assert view.missing.text().replace(HIDDEN_NO, "X") == ghost.missing.text().replace("某市监处罚〔2019〕000号", "X")
    assert HIDDEN_PARTY not in view.missing.text() and view.title.text() == HIDDEN_NO

    # A 调阅 request for it gets the same "not found" as a made-up number.
    win.show_page("requests")
    page = win.requests_page
    page.req_case.setText(HIDDEN_NO)
    page.req_reason.setText("核对")
    page.submit_request()
    hidden_answer = page.req_result.text().replace(HIDDEN_NO, "X")
    assert page.last_error_key == "not_found"
    page.req_case.setText("某市监处罚〔2019〕000号")
    page.req_reason.setText("核对")
    page.submit_request()
    assert page.req_result.text().replace("某市监处罚〔2019〕000号", "X") == hidden_answer

    # Full-text search: the hidden case's party and number find nothing; the visible case is found.
    clerk.index_pending()
    win.show_page("search")
    sp = win.search_page
    for query in (HIDDEN_PARTY, HIDDEN_UNIT):
        sp.query.setText(query)
        sp.search()
        assert sp.result is not None and sp.result["total"] == 0, query
        assert HIDDEN_NO not in sp.results.toPlainText()
    party = clerk.show_case(imported.case_no)["party"]
    sp.query.setText(party)
    sp.search()
    assert sp.result["total"] > 0
    assert {c["case_no"] for c in sp.result["cases"]} == {imported.case_no}
    assert HIDDEN_NO not in sp.results.toPlainText()


def test_search_hit_opens_the_document_at_its_page(qtbot, clerk, imported, make_window):
    clerk.index_pending()
    win = make_window(clerk)
    win.show_page("search")
    sp = win.search_page
    sp.query.setText("行政处罚决定书")
    sp.search()
    assert sp.result["total"] > 0
    sp.open_first_hit()
    tab = win.workspace.currentWidget()
    assert win.current_page() == "cases" and tab.objectName() == "documentTab"
    first = next(i for c in sp.result["cases"] for i in c["items"] if i["item_id"] and i["hits"])
    assert tab.item["id"] == first["item_id"] and tab.item.get("kind")
    if first["hits"][0]["page"]:
        page = first["hits"][0]["page"]
        qtbot.waitUntil(lambda: tab.viewer.page_count > 0, timeout=10000)
        qtbot.waitUntil(lambda: tab.viewer.current_page == page, timeout=10000)
        assert tab.viewer.canvas.highlights.get(page - 1)  # the hit characters are marked
    win.workspace.close_tab(win.workspace.indexOf(tab))


def test_search_syntax_error_is_shown_in_the_panel(qtbot, clerk, make_window):
    win = make_window(clerk)
    sp = win.search_page
    sp.query.setText('"未闭合')
    sp.search()
    assert sp.last_error_key == "query_syntax"
    assert "检索式有误" in sp.results.toPlainText()
