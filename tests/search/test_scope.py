"""The access scope is part of the query: hidden units never show in totals, groups or snippets."""

import pytest

from workstation.search import AccessScope
from workstation.search._quality import QUERIES, brute_force

SCOPES = [
    AccessScope(max_level=0, case_ids=None),
    AccessScope(max_level=1, case_ids=None),
    AccessScope(max_level=2, case_ids=frozenset({1, 2})),
    AccessScope(max_level=4, case_ids=frozenset({3}), denied_item_ids=frozenset({31})),
    AccessScope(max_level=4, case_ids=None, denied_item_ids=frozenset({11, 21, 33})),
    AccessScope(max_level=3, case_ids=frozenset()),
]


def visible(doc, scope):
    return (
        doc.level <= scope.max_level
        and (scope.case_ids is None or doc.case_id in scope.case_ids)
        and doc.item_id not in scope.denied_item_ids
    )


@pytest.mark.parametrize("scope", SCOPES, ids=[repr(s) for s in SCOPES])
def test_scope_filters_totals_groups_and_snippets(archive, scope):
    for _, query in QUERIES[::3] + [("", "执法"), ("", "类型:页面"), ("", "NOT 执法")]:
        expected = {i for i in brute_force(query, archive.units) if visible(archive.docs[i], scope)} \
            if "类型" not in query else {i for i, d in archive.docs.items() if d.kind == "page" and visible(d, scope)}
        res = archive.index.search(query, scope, limit=1000)
        got = {h.doc_id for h in res.hits}
        assert res.total == len(expected), query
        assert got == expected, query
        for case in res.groups:
            assert scope.case_ids is None or case.case_id in scope.case_ids
            for item in case.items:
                assert item.item_id not in scope.denied_item_ids


def test_hidden_only_matches_give_empty_result(archive):
    # 陵司字〔2019〕54号 is case 1; a user limited to case 2 sees nothing of it, not even a count
    res = archive.index.search("案号:54号", AccessScope(max_level=4, case_ids=frozenset({2})))
    assert res.total == 0 and res.groups == []


def test_secret_text_never_in_snippets(archive):
    secret_items = {i for i, d in archive.docs.items() if d.level >= 2}
    assert secret_items
    res = archive.index.search("制度", AccessScope(max_level=1, case_ids=None), limit=1000)
    assert res.total > 0
    assert not {h.doc_id for h in res.hits} & secret_items
