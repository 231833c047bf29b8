"""Search results against a brute-force oracle over the source texts of real PDF pages."""

import pytest

from workstation.search import AccessScope
from workstation.search._quality import QUERIES, brute_force, precision_recall_at

EVERYTHING = AccessScope(max_level=4, case_ids=None)


def ranked_ids(ix, query, limit=10, scope=EVERYTHING):
    return [h.doc_id for h in ix.search(query, scope, limit=limit).hits]


@pytest.mark.parametrize("kind, query", QUERIES, ids=[f"{k}:{q}" for k, q in QUERIES])
def test_query_finds_exactly_the_expected_units(archive, kind, query):
    expected = brute_force(query, archive.units)
    assert expected, f"query set entry {query!r} matches nothing in the corpus"
    res = archive.index.search(query, EVERYTHING, limit=1000)
    got = {h.doc_id for h in res.hits}
    assert res.total == len(got)
    assert got == expected, f"missing {sorted(expected - got)[:5]}, extra {sorted(got - expected)[:5]}"


def test_recall_and_precision_at_10(archive):
    ps, rs = [], []
    for _, query in QUERIES:
        expected = brute_force(query, archive.units)
        p, r = precision_recall_at(10, ranked_ids(archive.index, query), expected)
        ps.append(p)
        rs.append(r)
    precision, recall = sum(ps) / len(ps), sum(rs) / len(rs)
    print(f"precision@10={precision:.3f} recall@10={recall:.3f} over {len(ps)} queries")
    assert precision >= 0.95 and recall >= 0.95


def test_traditional_query_finds_simplified_pages_and_highlights(archive):
    res = archive.index.search("執法記錄儀", EVERYTHING, limit=5)
    assert res.total > 0 and res.query_terms == ["执法记录仪"]
    for h in res.hits:
        assert "<b>执法记录仪</b>" in h.snippet_html or "<b>執法記錄儀</b>" in h.snippet_html
        assert h.terms == ("执法记录仪",)


def test_term_broken_across_pdf_lines_is_found(archive):
    # find a 4-character substring that the PDF writer broke across two lines and search for it
    import re

    from workstation.search import _analyzer as ana

    for doc_id, doc in archive.docs.items():
        if doc.kind != "page":
            continue
        src = ana.fold(archive.units[doc_id])
        m = re.search(r"[\u4e00-\u9fff]{4}", src)
        if m:
            assert doc_id in ranked_ids(archive.index, f'"{m.group(0)}" 类型:页面', limit=1000)


def test_snippets_are_html_escaped(tmp_path):
    from workstation.search import IndexDoc, SearchIndex

    ix = SearchIndex(tmp_path / "ix", procs=1)
    ix.add([IndexDoc("p:1:1", 1, 1, "page", "<script>alert(1)</script> 执法记录仪 & 罚款", page=1)])
    h = ix.search("执法记录仪", EVERYTHING).hits[0]
    assert "<script>" not in h.snippet_html and "&lt;/script&gt;" in h.snippet_html
    assert "<b>执法记录仪</b>" in h.snippet_html and "&amp;" in h.snippet_html
    ix.close()


def test_grouping_pages_segments_and_times(archive):
    res = archive.index.search("执法记录仪", EVERYTHING, limit=100)
    seen = set()
    for case in res.groups:
        assert case.case_id not in seen
        seen.add(case.case_id)
        for item in case.items:
            for h in item.hits:
                doc = archive.docs[h.doc_id]
                assert doc.case_id == case.case_id and doc.item_id == item.item_id
                if h.kind == "page":
                    assert h.page == doc.page
                if h.kind == "segment":
                    assert (h.start_ms, h.end_ms) == (doc.start_ms, doc.end_ms)
    assert any(h.kind == "segment" and h.start_ms == 4200 for h in res.hits)  # 當事人…執法記錄儀 (traditional)


def test_paging_and_date_sort(archive):
    ix = archive.index
    full = [h.doc_id for h in ix.search("执法", EVERYTHING, limit=40).hits]
    page2 = [h.doc_id for h in ix.search("执法", EVERYTHING, limit=10, offset=10).hits]
    assert page2 == full[10:20]
    res = ix.search("执法", EVERYTHING, limit=200, sort="date")
    dates = [archive.docs[h.doc_id].fields.get("date", "") for h in res.hits]
    assert dates == sorted(dates, reverse=True)


FIELD_CASES = [
    ("案号:陵司字〔2019〕54号", lambda d: d.case_id == 1),
    ("案号:〔2019〕54号", lambda d: d.case_id == 1),
    ("案号:54号", lambda d: d.case_id == 1),
    ("案号:(2019)54号", lambda d: d.case_id == 1),
    ("案号:〔２０１９〕５４号", lambda d: d.case_id == 1),
    ("案号:2019", lambda d: d.case_id == 1),
    ("当事人:张三", lambda d: d.case_id == 2),
    ("当事人:91440300MA5DXXXX7Q", lambda d: d.case_id == 3),
    ("当事人:91440300", lambda d: d.case_id == 3),
    ("当事人:建材", lambda d: d.case_id == 1),
    ("执法类别:市场监管", lambda d: d.case_id == 3),
    ("案由:转包", lambda d: d.case_id == 2),
    ("题名:汇编", lambda d: d.item_id in (31, 32)),
    ("title:附件", lambda d: d.item_id == 12),
    ("文号:文书21号", lambda d: d.item_id == 21),
    ("责任者:某某执法局", lambda d: d.item_id is not None and d.kind != "segment"),
    ("状态:closed", lambda d: d.case_id == 1),
    ("日期:2020-01-01..2020-12-31", lambda d: d.fields.get("date", "").startswith("2020")),
    ("日期:2021-02", lambda d: d.fields.get("date", "").startswith("2021-02")),
    ("年度:2019..2020", lambda d: d.fields.get("date", "")[:4] in ("2019", "2020")),
    ("密级:秘密", lambda d: d.level == 2),
    ("类型:片段", lambda d: d.kind == "segment"),
    ("type:case_meta", lambda d: d.kind == "case_meta"),
]


@pytest.mark.parametrize("query, pred", FIELD_CASES, ids=[q for q, _ in FIELD_CASES])
def test_field_queries(archive, query, pred):
    expected = {i for i, d in archive.docs.items() if pred(d)}
    assert expected
    got = {h.doc_id for h in archive.index.search(query, EVERYTHING, limit=1000).hits}
    assert got == expected


def test_field_and_text_combined(archive):
    expected = brute_force("执法记录仪", archive.units)
    expected = {i for i in expected if archive.docs[i].case_id == 3}
    got = {h.doc_id for h in archive.index.search("当事人:北京某科技 AND 執法記錄儀", EVERYTHING, limit=1000).hits}
    assert got == expected and got
