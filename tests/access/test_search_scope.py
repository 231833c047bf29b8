"""Search through the facade: indexed after ingest, and scoped by the access policy inside
the query (totals and snippets never reveal hidden content)."""

import pytest

from tests.conftest import PASSWORD
from workstation.archive import audit
from workstation.archive.vocab import Role


@pytest.fixture
def indexed(archive, admin, secadmin, clerk, dossier):
    report = clerk.import_paths([dossier])
    clerk.index_pending()
    return report


def test_search_finds_pages_and_is_audited(archive, clerk, indexed):
    res = clerk.search_json("行政执法")
    assert res["total"] > 0
    case = res["cases"][0]
    assert case["case_no"] == indexed.case_no
    hit = case["items"][0]["hits"][0]
    assert "<b>" in hit["snippet"]
    # Traditional script folds to simplified.
    assert clerk.search_json("行政執法")["total"] == res["total"]
    with archive.read() as s:
        events = [e for e in audit.iter_events(s, action="search")]
    assert events and events[-1].target == "行政執法"


def test_search_scope_hides_cases_without_grant(archive, admin, secadmin, clerk, indexed):
    admin.add_user("reader", PASSWORD, [Role.READER], department="稽查科")
    reader = archive.sign_in("reader", PASSWORD)
    assert reader.search_json("行政执法")["total"] == 0
    assert reader.search_json(indexed.case_no.replace("〔", " ").replace("〕", " "))["total"] == 0
    gid = secadmin.add_grant(indexed.case_no, user="reader", reason="调阅")
    assert reader.search_json("行政执法")["total"] == clerk.search_json("行政执法")["total"]
    secadmin.revoke_grant(gid)
    assert reader.search_json("行政执法")["total"] == 0
    # The system administrator never searches case content.
    from workstation.errors import AccessDenied

    with pytest.raises(AccessDenied):
        admin.search("行政执法")


def test_index_check_and_rebuild(archive, clerk, indexed):
    assert clerk.index_check()["missing"] == []
    before = clerk.search_json("行政执法")["total"]
    clerk.index_rebuild()
    assert clerk.search_json("行政执法")["total"] == before
