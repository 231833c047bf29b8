"""``SearchIndex``: the Whoosh index, its batched writer and its searcher.

Writing: documents are analysed into ready postings (``_prepare``), in worker processes for big
batches, then handed to one Whoosh ``SegmentWriter`` per bounded batch (commit or cancel), with
the garbage collector paused while a batch is written.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from whoosh import index as windex
from whoosh import query as wq
from whoosh.index import LockError
from whoosh.system import pack_uint

from . import _analyzer as ana
from . import _highlight as hl
from . import _query
from ._schema import SCHEMA_VERSION, TEXT_FIELDS, ArrayPositions, Prepared, build_schema
from ._types import (
    CASE_FIELD_KEYS,
    AccessScope,
    CaseGroup,
    Hit,
    IndexBusy,
    IndexDoc,
    IndexNeedsRebuild,
    ItemGroup,
    SearchResults,
)

INDEX_NAME = "units"
META_FILE = "search-index.json"
_POS = ArrayPositions()

BATCH_DOCS = 1000  # documents per commit: bounds the writer's memory (~1.1k postings a page)
PARALLEL_MIN = 400  # analyse in worker processes only for bulk batches
CHUNK_DOCS = 40
MAX_SEGMENTS = 8  # documents per worker task


# ------------------------------------------------------------------------------ analysis


def _items_positional(folded: str) -> Prepared:
    post, _ = ana.postings(folded)
    enc = _POS.encode
    return Prepared([(t.encode("utf-8"), len(p), float(len(p)), enc(p)) for t, p in post.items()])


def _prepare(doc: IndexDoc) -> dict:
    """Whoosh ``add_document`` keyword arguments for one unit (runs in worker processes)."""
    display = ana.join_lines(doc.text)
    folded = ana._converter().convert(display).lower()
    words = ana.words(folded)
    level = int(doc.level)
    f = doc.fields
    kw = {
        "doc_id": doc.doc_id,
        "version": (doc.version or "").encode("utf-8"),
        "case_id": str(doc.case_id),
        "kind": doc.kind,
        "level": str(level),
        "vis": [str(x) for x in range(level, 5)],
        "body": _items_positional(folded),
        "words": Prepared([(w.encode("utf-8"), c, float(c), pack_uint(c)) for w, c in words.items()]),
        "data": {
            "doc_id": doc.doc_id,
            "kind": doc.kind,
            "case_id": doc.case_id,
            "item_id": doc.item_id,
            "page": doc.page,
            "start_ms": doc.start_ms,
            "end_ms": doc.end_ms,
            "level": level,
            "fields": dict(f),
            "z": zlib.compress(display.encode("utf-8"), 1),
        },
    }
    if doc.item_id is not None:
        kw["item_id"] = str(doc.item_id)
    date = (f.get("date") or "").strip()
    if date:
        kw["date"] = date
    year = (f.get("year") or date[:4]).strip()
    if year:
        kw["year"] = year
    if f.get("status"):
        kw["status"] = ana.fold(f["status"]).strip()
    for name in TEXT_FIELDS:
        v = f.get(name)
        if v:
            kw["f_" + name] = _items_positional(ana.fold(v))
    return kw


def _prepare_chunk(docs: list[IndexDoc]) -> list[dict]:
    return [_prepare(d) for d in docs]


def _worker_init(jieba_dir) -> None:
    ana.JIEBA_CACHE_DIR = jieba_dir
    ana.warm_up()


def _chunks(it: Iterable, n: int) -> Iterator[list]:
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) >= n:
            yield buf
            buf = []
    if buf:
        yield buf


# -------------------------------------------------------------------------------- index


class SearchIndex:
    """The search index in directory ``path`` (derived state: safe to delete and rebuild)."""

    def __init__(self, path: str | Path, *, procs: int | None = None, batch_size: int = BATCH_DOCS):
        self.path = Path(path)
        self.procs = procs if procs is not None else min(2, os.cpu_count() or 1)
        self.batch_size = batch_size
        self._lock = threading.RLock()
        self._searcher = None
        self._ix = None
        self.needs_rebuild = False
        self.rebuild_reason = ""
        self.path.mkdir(parents=True, exist_ok=True)
        meta = self._read_meta()
        if windex.exists_in(str(self.path), indexname=INDEX_NAME):
            if meta.get("schema_version") != SCHEMA_VERSION or meta.get("analyzer") != ana.ANALYZER_VERSION:
                self.needs_rebuild = True
                self.rebuild_reason = (
                    f"索引结构版本 {meta.get('schema_version')}，当前程序需要 {SCHEMA_VERSION}"
                )
                return
            try:
                self._ix = windex.open_dir(str(self.path), indexname=INDEX_NAME)
            except Exception as exc:  # unreadable / foreign index: derived state, rebuild it
                self.needs_rebuild = True
                self.rebuild_reason = f"无法打开索引（{type(exc).__name__}）"
        else:
            self._create()

    # ------------------------------------------------------------------ lifecycle

    def _read_meta(self) -> dict:
        try:
            return json.loads((self.path / META_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def _create(self) -> None:
        self._ix = windex.create_in(str(self.path), build_schema(), indexname=INDEX_NAME)
        (self.path / META_FILE).write_text(
            json.dumps({"schema_version": SCHEMA_VERSION, "analyzer": ana.ANALYZER_VERSION}), "utf-8"
        )
        self.needs_rebuild = False
        self.rebuild_reason = ""

    def _require(self):
        if self.needs_rebuild or self._ix is None:
            raise IndexNeedsRebuild(reason=self.rebuild_reason or "索引不可用")
        return self._ix

    def clear(self) -> None:
        """Delete everything and start an empty index with the current schema."""
        with self._lock:
            self._close_searcher()
            self._ix = None
            for p in self.path.iterdir():
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
            self._create()

    def close(self) -> None:
        with self._lock:
            self._close_searcher()
            if self._ix is not None:
                self._ix.close()
                self._ix = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def doc_count(self) -> int:
        with self._lock:
            return self._require().doc_count()

    # --------------------------------------------------------------------- writing

    def _writer(self):
        try:
            w = self._require().writer(timeout=10.0, limitmb=512)
        except LockError as exc:
            raise IndexBusy() from exc
        return w

    def add(self, docs: Iterable[IndexDoc], job=None) -> int:
        """Add or replace units (same ``doc_id`` → replaced); one commit per bounded batch.
        ``job`` (``workstation.jobs.Job``) gets progress and may cancel between batches; the
        batches already committed stay. Returns the number of units written."""
        ix = self._require()
        total = len(docs) if hasattr(docs, "__len__") else 0
        done = 0
        pool = None
        try:
            with self._lock:
                for batch in _chunks(docs, self.batch_size):
                    if job is not None:
                        job.check_cancelled()
                    uniq = list({d.doc_id: d for d in batch}.values())
                    if self.procs > 1 and len(uniq) >= PARALLEL_MIN:
                        if pool is None:
                            pool = ProcessPoolExecutor(
                                self.procs,
                                mp_context=multiprocessing.get_context("spawn"),
                                initializer=_worker_init,
                                initargs=(ana.JIEBA_CACHE_DIR,),
                            )
                        prepared = [kw for part in pool.map(_prepare_chunk, _chunks(uniq, CHUNK_DOCS)) for kw in part]
                    else:
                        prepared = [_prepare(d) for d in uniq]
                    self._write(ix, prepared)
                    done += len(batch)
                    if job is not None:
                        job.report(done, max(total, done), "indexing")
                self._merge(ix)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        return done

    def _write(self, ix, prepared: list[dict]) -> None:
        replace = ix.doc_count_all() > 0
        gc_was = gc.isenabled()
        gc.disable()
        w = self._writer()
        _speed_up(w, bulk=True)
        try:
            if replace:
                for kw in prepared:
                    w.delete_by_term("doc_id", kw["doc_id"])
            for kw in prepared:
                w.add_document(**kw)
            w.commit(merge=False)  # merging happens once after the batches (``_merge``)
            self._close_searcher()
        except BaseException:
            w.cancel()
            raise
        finally:
            if gc_was:
                gc.enable()

    def _merge(self, ix) -> None:
        """Merge small segments (Whoosh's MERGE_SMALL policy, spilling to disk as usual)."""
        if len(ix._segments()) <= MAX_SEGMENTS:
            return
        w = self._writer()
        _speed_up(w, bulk=False)
        try:
            w.commit(merge=True)
        except BaseException:
            w.cancel()
            raise
        self._close_searcher()

    def _delete(self, fieldname: str, value) -> int:
        self._require()
        with self._lock:
            w = self._writer()
            try:
                n = w.delete_by_term(fieldname, str(value))
                w.commit()
                self._close_searcher()
            except BaseException:
                w.cancel()
                raise
            return n

    def delete_item(self, item_id: int) -> int:
        return self._delete("item_id", item_id)

    def delete_case(self, case_id: int) -> int:
        return self._delete("case_id", case_id)

    def delete_docs(self, doc_ids: Iterable[str]) -> int:
        self._require()
        with self._lock:
            w = self._writer()
            try:
                n = sum(w.delete_by_term("doc_id", d) for d in doc_ids)
                w.commit()
                self._close_searcher()
            except BaseException:
                w.cancel()
                raise
            return n

    def optimize(self) -> None:
        """Merge all segments into one (after a rebuild: fewer segments, faster queries)."""
        with self._lock:
            w = self._writer()
            _speed_up(w, bulk=False)
            w.commit(optimize=True)
            self._close_searcher()

    # -------------------------------------------------------------------- reading

    def _get_searcher(self):
        ix = self._require()
        if self._searcher is None:
            self._searcher = ix.searcher()
        elif not self._searcher.up_to_date():  # written by another process
            self._close_searcher()
            self._searcher = ix.searcher()
        return self._searcher

    def versions(self) -> dict[str, str]:
        """doc_id → version of every unit in the index (for `index check`)."""
        with self._lock:
            s = self._get_searcher()
            r = s.reader()
            ids = r.column_reader("doc_id")
            vers = r.column_reader("version")
            out = {}
            for n in r.all_doc_ids():
                v = vers[n]
                out[ids[n]] = v.decode("utf-8") if isinstance(v, bytes) else str(v)
            return out

    def search(self, query: str, scope: AccessScope, *, limit: int = 20, offset: int = 0,
               sort: str = "relevance") -> SearchResults:
        t0 = time.perf_counter()
        if sort not in ("relevance", "date"):
            raise ValueError(f"sort must be 'relevance' or 'date', not {sort!r}")
        limit = max(1, int(limit))
        offset = max(0, int(offset))
        compiled = _query.parse(query)
        q = wq.And([compiled.query, scope_query(scope)])
        with self._lock:
            s = self._get_searcher()
            kwargs = {"sortedby": "date", "reverse": True} if sort == "date" else {}
            results = s.search(q, limit=offset + limit, **kwargs)
            total = len(results)
            rx = hl.term_regex(compiled.terms)
            hits = []
            for i in range(offset, min(offset + limit, results.scored_length())):
                data = results[i]["data"]
                score = float(results.score(i) or 0.0) if sort == "relevance" else 0.0
                hits.append((data["doc_id"], data, score))
        groups, ranked = _group(hits, rx, compiled.terms)
        return SearchResults(total, groups, compiled.terms, (time.perf_counter() - t0) * 1000, offset, limit, ranked)


class _Lengths:
    """Field lengths of the new segment read once per field instead of once per posting (Whoosh
    looks them up from the column file for every posting it writes)."""

    def __init__(self, pdr):
        self._pdr = pdr
        self._cache: dict[str, list[int]] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        lst = self._cache.get(fieldname)
        if lst is None:
            n = self._pdr.doc_count_all()
            lst = self._cache[fieldname] = [self._pdr.doc_field_length(d, fieldname, default) for d in range(n)]
        return lst[docnum]

    def __getattr__(self, name):
        return getattr(self._pdr, name)


def _speed_up(w, bulk: bool) -> None:
    """Per-writer shortcuts for bulk batches: postings go straight into the in-memory pool (the
    batch is bounded, so no spill-to-disk bookkeeping per posting), and segment flushing uses
    cached field lengths."""
    pool = w.pool
    if bulk:
        pool.add = pool.current.append
        pool.save = lambda: None  # never spill: BATCH_DOCS bounds the pool; no merging here

    def flush():
        w.perdocwriter.close()
        pdr = w.per_document_reader() if w.codec.length_stats else None
        w.fieldwriter.add_postings(w.schema, _Lengths(pdr) if pdr else None, pool.iter_postings())
        w.fieldwriter.close()
        if pdr:
            pdr.close()

    w._flush_segment = flush


def scope_query(scope: AccessScope) -> wq.Query:
    """The access filter as a Whoosh query (And-ed into every search)."""
    level = int(scope.max_level)
    if level < 0:
        return wq.NullQuery
    parts: list[wq.Query] = [wq.Term("vis", str(min(level, 4)))]
    if scope.case_ids is not None:
        if not scope.case_ids:
            return wq.NullQuery
        ids = sorted(scope.case_ids)
        parts.append(wq.Term("case_id", str(ids[0])) if len(ids) == 1 else wq.Or([wq.Term("case_id", str(c)) for c in ids]))
    if scope.denied_item_ids:
        parts.append(wq.Not(wq.Or([wq.Term("item_id", str(i)) for i in sorted(scope.denied_item_ids)])))
    return wq.And(parts)


def _group(hits, rx, terms) -> tuple[list[CaseGroup], list[Hit]]:
    cases: dict[int, dict] = {}
    ranked = []
    for doc_id, data, score in hits:
        text = zlib.decompress(data["z"]).decode("utf-8")
        snip, found = hl.snippet(text, rx, terms)
        hit = Hit(doc_id, data["kind"], data["page"], data["start_ms"], data["end_ms"], score, snip, tuple(found))
        ranked.append(hit)
        c = cases.setdefault(data["case_id"], {"fields": {}, "items": {}})
        flds = data.get("fields") or {}
        for k in CASE_FIELD_KEYS:
            if k in flds and k not in c["fields"]:
                c["fields"][k] = flds[k]
        item = c["items"].setdefault(data["item_id"], {"fields": dict(flds), "hits": []})
        item["hits"].append(hit)
    groups = [
        CaseGroup(cid, c["fields"], [ItemGroup(iid, it["hits"], it["fields"]) for iid, it in c["items"].items()])
        for cid, c in cases.items()
    ]
    return groups, ranked
