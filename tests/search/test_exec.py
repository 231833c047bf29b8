"""The vectorised executor against Whoosh's own matchers, and the bulk segment writer/merger."""

import pytest

from workstation.search import AccessScope, IndexDoc, SearchIndex
from workstation.search import _codec, _index, _query
from workstation.search._quality import QUERIES, brute_force

from .test_scope import SCOPES, visible

EXTRA = ["执法", "类型:页面", "NOT 执法", "执法 OR NOT 公示", "(执法 OR 听证) AND NOT (公示 -审核)",
         "案号:54号 OR 当事人:张三", "日期:2020 执法", "年度:2019..2020", "密级:内部 OR 密级:公开",
         "执法记录仪 执法记录仪", '"执法执法"', "法 法", "x NOT x"]
ALL = [q for _, q in QUERIES] + EXTRA


@pytest.mark.parametrize("scope", SCOPES, ids=[repr(s) for s in SCOPES])
def test_executor_matches_whoosh_matchers(archive, scope):
    ix = archive.index
    for q in ALL:
        compiled = _query.parse(q)
        total, hits = ix._search_whoosh(compiled.query, scope, 10_000, 0, "relevance")
        res = ix.search(q, scope, limit=10_000)
        assert res.total == total, q
        assert {h.doc_id for h in res.hits} == {d for d, _, _ in hits}, q


def test_top_hits_are_the_best_scores_in_a_stable_order(archive):
    ix = archive.index
    everything = AccessScope(4, None)
    full = ix.search("执法 记录", everything, limit=1000).hits
    scores = [h.score for h in full]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    assert [h.doc_id for h in ix.search("执法 记录", everything, limit=7, offset=3).hits] == \
        [h.doc_id for h in full[3:10]]


def _docs(n, text="第{i}页 行政执法全过程记录制度 执法记录仪", case_every=5, item_every=2):
    return [IndexDoc(f"p:{i // item_every}:{i}", i // case_every, i // item_every, "page", text.format(i=i),
                     page=i + 1, level=i % 5, version="v") for i in range(n)]


def test_many_small_batches_are_merged_and_stay_correct(tmp_path):
    ix = SearchIndex(tmp_path / "ix", procs=1, batch_size=7)
    docs = _docs(120)
    ix.add(docs)
    assert ix.segment_count() <= _index.MAX_SEGMENTS
    units = {d.doc_id: d.text for d in docs}
    for q in ("执法记录仪", "第17页", "17页", "记录 NOT 第3页"):
        exp = brute_force(q, units)
        assert {h.doc_id for h in ix.search(q, AccessScope(4, None), limit=1000).hits} == exp, q
    scope = AccessScope(2, frozenset({1, 3, 7}), frozenset({3}))
    exp = {d.doc_id for d in docs if visible(d, scope)}
    res = ix.search("执法", scope, limit=1000)
    assert res.total == len(exp) and {h.doc_id for h in res.hits} == exp
    ix.close()


def test_merge_drops_deleted_units_and_keeps_columns(tmp_path):
    ix = SearchIndex(tmp_path / "ix", procs=1, batch_size=10)
    docs = _docs(40)
    ix.add(docs)
    assert ix.delete_item(3) == 2
    ix.add([IndexDoc("p:1:2", 0, 1, "page", "替换后的文字 听证告知", page=3, level=0, version="w")])
    ix.optimize()
    assert ix.segment_count() == 1
    assert ix.doc_count() == 40 - 2
    assert ix.search("第6页", AccessScope(4, None)).total == 0  # docs 6, 7 were item 3
    assert ix.search("听证告知", AccessScope(0, frozenset({0}))).total == 1
    assert ix.search("第2页", AccessScope(4, None)).total == 0  # replaced
    v = ix.versions()
    assert v["p:1:2"] == "w" and len(v) == 38
    # the access columns survived the merge
    scope = AccessScope(1, frozenset({2, 4}), frozenset({9}))
    exp = {d.doc_id for d in docs if visible(d, scope) and d.item_id != 3}
    assert {h.doc_id for h in ix.search("执法", scope, limit=1000).hits} == exp
    ix.close()


def test_plan_merge_is_geometric():
    assert _index.plan_merge([1000] * 5, 8) == []
    assert sorted(_index.plan_merge([1000] * 100, 8)) == list(range(100))
    big = [50000, 50000] + [200] * 7
    assert sorted(_index.plan_merge(big, 8)) == list(range(2, 9))


def test_segment_written_in_bulk_reads_back_with_whoosh(tmp_path):
    # the bulk writer's posting blocks are plain W3: Whoosh's own matchers read them
    ix = SearchIndex(tmp_path / "ix", procs=1)
    docs = _docs(600, text="执法" * 3 + "{i}")  # > 1 block for 执法
    ix.add(docs)
    s = ix._get_searcher()
    from whoosh import query as wq

    got = sorted(s.docs_for_query(wq.Term("body", "执法")))
    assert len(got) == 600
    m = s.reader().postings("body", "执法")
    assert m.value_as("positions") == [0, 2, 4]
    ids, w, vals = _codec.raw_postings(s.reader().leaf_readers()[0][0], "body", "执法".encode())
    assert len(ids) == 600 and (w == 3).all()
    ix.close()


def test_worker_built_segments_and_parallel_merge(tmp_path, monkeypatch):
    monkeypatch.setattr(_index, "PARALLEL_MIN", 5)
    monkeypatch.setattr(_index, "PARALLEL_MERGE_DOCS", 20)
    docs = _docs(100)
    ix = SearchIndex(tmp_path / "ix", procs=2, batch_size=10)  # 10 segments from the workers
    assert ix.add(docs) == 100
    assert ix.segment_count() == 2  # merged in two parts, one per worker
    assert not list((tmp_path / "ix").glob(".build-*"))
    scope = AccessScope(3, frozenset(range(0, 20, 3)), frozenset({4}))
    exp = {d.doc_id for d in docs if visible(d, scope)}
    res = ix.search("执法记录仪", scope, limit=1000)
    assert res.total == len(exp) and {h.doc_id for h in res.hits} == exp
    ix.close()
