"""Index lifecycle: replace, delete, versions, schema version, clear, progress and cancel."""

import json

import pytest

from workstation.errors import Cancelled
from workstation.jobs import Job
from workstation.search import AccessScope, IndexDoc, IndexNeedsRebuild, SearchIndex

ALL = AccessScope(max_level=4, case_ids=None)


def doc(doc_id, text, case=1, item=1, **kw):
    return IndexDoc(doc_id, case, item, kw.pop("kind", "page"), text, page=kw.pop("page", 1), **kw)


def test_add_replaces_same_doc_id(tmp_path):
    ix = SearchIndex(tmp_path / "ix", procs=1)
    ix.add([doc("p:1:1", "旧的文字查封扣押", version="a")])
    ix.add([doc("p:1:1", "新的文字先行登记保存", version="b")])
    assert ix.search("查封扣押", ALL).total == 0
    assert ix.search("先行登记", ALL).total == 1
    assert ix.versions() == {"p:1:1": "b"}
    assert ix.doc_count() == 1
    ix.close()


def test_delete_item_and_case(tmp_path):
    ix = SearchIndex(tmp_path / "ix", procs=1)
    ix.add([doc("p:1:1", "听证告知", item=1), doc("p:2:1", "听证告知", item=2), doc("p:3:1", "听证告知", case=2, item=3)])
    assert ix.search("听证", ALL).total == 3
    assert ix.delete_item(1) == 1
    assert ix.search("听证", ALL).total == 2
    assert ix.delete_case(2) == 1
    assert set(ix.versions()) == {"p:2:1"}
    ix.close()


def test_schema_version_mismatch_needs_rebuild(tmp_path):
    path = tmp_path / "ix"
    SearchIndex(path, procs=1).close()
    meta = json.loads((path / "search-index.json").read_text())
    meta["schema_version"] = -1
    (path / "search-index.json").write_text(json.dumps(meta))
    ix = SearchIndex(path, procs=1)
    assert ix.needs_rebuild
    with pytest.raises(IndexNeedsRebuild) as ei:
        ix.search("执法", ALL)
    assert ei.value.key == "index_rebuild_needed"
    ix.clear()
    assert not ix.needs_rebuild
    ix.add([doc("p:1:1", "执法")])
    assert ix.search("执法", ALL).total == 1
    ix.close()


def test_progress_and_cancel_between_batches(tmp_path):
    ix = SearchIndex(tmp_path / "ix", procs=1, batch_size=10)
    seen = []
    job = Job(on_progress=lambda d, t, k: seen.append((d, t, k)))
    docs = [doc(f"p:1:{i}", f"第{i}页 行政处罚决定书", page=i + 1) for i in range(35)]
    assert ix.add(docs, job=job) == 35
    assert seen[-1] == (35, 35, "indexing") and len(seen) == 4

    class CancelAfterFirst(Job):
        def report(self, done, total, key=""):
            super().report(done, total, key)
            self.cancel()

    ix.clear()
    with pytest.raises(Cancelled):
        ix.add(docs, job=CancelAfterFirst())
    assert ix.doc_count() == 10  # committed batches stay; the rest is not written
    ix.close()


def test_parallel_bulk_add_matches_serial(tmp_path, monkeypatch):
    from workstation.search import _index

    monkeypatch.setattr(_index, "PARALLEL_MIN", 10)
    texts = ["执法记录仪佩戴在左肩部", "重大执法决定法制审核", "行政執法公示"] * 10
    docs = [doc(f"p:1:{i}", t, page=i + 1) for i, t in enumerate(texts)]
    a = SearchIndex(tmp_path / "a", procs=2, batch_size=10)  # 3 batches: built by the worker processes
    a.add(docs)
    b = SearchIndex(tmp_path / "b", procs=1)
    b.add(docs)
    for q in ("执法", "公示", "法制审核", "执法 NOT 公示"):
        assert {h.doc_id for h in a.search(q, ALL, limit=100).hits} == {h.doc_id for h in b.search(q, ALL, limit=100).hits}
    a.close()
    b.close()


def test_index_doc_validation():
    with pytest.raises(ValueError):
        IndexDoc("x", 1, 1, "photo", "")
    with pytest.raises(ValueError):
        IndexDoc("x", 1, 1, "page", "", level=7)
    with pytest.raises(ValueError):
        IndexDoc("x", 1, 1, "page", "", fields={"colour": "red"})
