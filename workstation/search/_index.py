"""``SearchIndex``: the Whoosh index, its batched writer and its searcher.

Writing: every batch of documents becomes one new Whoosh segment, analysed and written in bulk
(``_codec.SegmentBuilder``) — by worker processes for bulk batches, so analysis and writing of
the next batches overlap with committing the previous one — then committed (table of contents)
under the index's write lock. Small segments are merged by ``_codec.merge_segments`` (a posting
list at a time) when there are more than ``MAX_SEGMENTS``.

Reading: one Whoosh searcher is kept open until the index changes; queries run on the
vectorised executor (``_exec.py``) with the access scope as a document mask inside the query.
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
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from whoosh import query as wq
from whoosh.reading import SegmentReader

from . import _analyzer as ana
from . import _codec
from . import _exec
from . import _highlight as hl
from . import _query
from ._schema import SCHEMA_VERSION, TEXT_FIELDS, build_schema
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

BATCH_DOCS = 1000  # documents per commit (= per new segment): bounds a builder's memory
PARALLEL_MIN = 400  # analyse and write in worker processes only for bulk batches
MAX_SEGMENTS = 8  # more than this after an add: merge the small ones
PARALLEL_MERGE_DOCS = 4000  # a merge this big is split over the worker processes
CACHE_MB = 256  # decoded posting lists kept for queries (LRU, shared by successive searchers)
LOCK_TIMEOUT = 10.0


# ------------------------------------------------------------------------------ analysis


def _analyse(doc: IndexDoc) -> dict:
    """One unit as ``SegmentBuilder.add`` input (runs in worker processes for bulk batches)."""
    display = ana.join_lines(doc.text)
    folded = ana._converter().convert(display).lower()
    level = int(doc.level)
    f = doc.fields
    terms = {
        "doc_id": [doc.doc_id],
        "case_id": [str(doc.case_id)],
        "kind": [doc.kind],
        "level": [str(level)],
        "vis": [str(x) for x in range(level, 5)],  # clearance ranks that may see the unit
    }
    if doc.item_id is not None:
        terms["item_id"] = [str(doc.item_id)]
    columns = {
        "doc_id": doc.doc_id.encode("utf-8"),
        "version": (doc.version or "").encode("utf-8"),
        "c_case": int(doc.case_id),
        "c_item": int(doc.item_id) if doc.item_id is not None else -1,
        "c_level": level,
    }
    date = (f.get("date") or "").strip()
    if date:
        terms["date"] = [date]
        columns["date"] = date.encode("utf-8")
    year = (f.get("year") or date[:4]).strip()
    if year:
        terms["year"] = [year]
    if f.get("status"):
        terms["status"] = [ana.fold(f["status"]).strip()]
    postings = {"body": ana.postings(folded)[0]}
    for name in TEXT_FIELDS:
        v = f.get(name)
        if v:
            postings["f_" + name] = ana.postings(ana.fold(v))[0]
    stored = {
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
    }
    if doc.ocr:
        stored["ocr"] = True
    return {"postings": postings, "freqs": {"words": ana.words(folded)}, "terms": terms,
            "stored": stored, "columns": columns}


def _build_segment(build_dir: str, docs: list[IndexDoc]):
    """Analyse ``docs`` and write them as one segment in ``build_dir`` (a worker task)."""
    gc_was = gc.isenabled()
    gc.disable()  # millions of small objects, no cycles
    try:
        b = _codec.SegmentBuilder(Path(build_dir), INDEX_NAME, build_schema())
        for d in docs:
            b.add(_analyse(d))
        return b.finish()
    finally:
        if gc_was:
            gc.enable()


def _merge_task(index_dir: str, build_dir: str, segments):
    gc_was = gc.isenabled()
    gc.disable()
    try:
        return _codec.merge_segments(index_dir, build_dir, INDEX_NAME, build_schema(), segments)
    finally:
        if gc_was:
            gc.enable()


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


def plan_merge(sizes: list[int], max_segments: int) -> list[int]:
    """Indexes of the segments to merge into one, or []: the smallest segments, as long as the
    next one is at most twice their total (so a document is re-merged O(log n) times) or there
    are still too many segments."""
    if len(sizes) <= max_segments:
        return []
    order = sorted(range(len(sizes)), key=lambda i: sizes[i])
    group = [order[0]]
    total = sizes[order[0]]
    for i in order[1:]:
        if sizes[i] <= 2 * max(total, 1) or len(sizes) - len(group) + 1 > max_segments:
            group.append(i)
            total += sizes[i]
        else:
            break
    return group if len(group) > 1 else []


# -------------------------------------------------------------------------------- index


class SearchIndex:
    """The search index in directory ``path`` (derived state: safe to delete and rebuild)."""

    def __init__(self, path: str | Path, *, procs: int | None = None, batch_size: int = BATCH_DOCS,
                 cache_mb: int = CACHE_MB):
        self.path = Path(path)
        self.procs = procs if procs is not None else min(2, os.cpu_count() or 1)
        self.batch_size = batch_size
        self._lock = threading.RLock()
        self._searcher = None
        self._executor: _exec.Executor | None = None
        self._cache = _exec.TermCache(int(cache_mb * 2**20))
        self._ix = None
        self.needs_rebuild = False
        self.rebuild_reason = ""
        self.path.mkdir(parents=True, exist_ok=True)
        meta = self._read_meta()
        if _codec.index_storage(self.path).index_exists(INDEX_NAME):
            if meta.get("schema_version") != SCHEMA_VERSION or meta.get("analyzer") != ana.ANALYZER_VERSION:
                self.needs_rebuild = True
                self.rebuild_reason = (
                    f"索引结构版本 {meta.get('schema_version')}，当前程序需要 {SCHEMA_VERSION}"
                )
                return
            try:
                self._ix = _codec.index_storage(self.path).open_index(INDEX_NAME)
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
        self._ix = _codec.index_storage(self.path).create_index(build_schema(), INDEX_NAME)
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
            self._cache.clear()
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
            self._executor = None

    def doc_count(self) -> int:
        with self._lock:
            return self._require().doc_count()

    def segment_count(self) -> int:
        with self._lock:
            return len(self._require()._segments())

    # --------------------------------------------------------------------- writing

    def _acquire(self, ix):
        lock = ix.lock("WRITELOCK")
        deadline = time.monotonic() + LOCK_TIMEOUT
        while not lock.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise IndexBusy()
            time.sleep(0.05)
        return lock

    def add(self, docs: Iterable[IndexDoc], job=None) -> int:
        """Add or replace units (same ``doc_id`` → replaced); one commit per bounded batch.
        ``job`` (``workstation.jobs.Job``) gets progress and may cancel between batches; the
        batches already committed stay. Returns the number of units written."""
        ix = self._require()
        total = len(docs) if hasattr(docs, "__len__") else 0
        done = 0
        with self._lock:
            lock = self._acquire(ix)
            _codec.discard_build_dirs(self.path)  # left by an interrupted writer
            w = _Commit(self, ix)
            pool = None
            pending: deque = deque()  # (future | None, docs, build dir, batch length)
            try:
                batches = _chunks(docs, self.batch_size)
                more = True

                def fill():
                    nonlocal more, pool
                    while more and len(pending) < max(1, self.procs):
                        batch = next(batches, None)
                        if batch is None:
                            more = False
                            return
                        uniq = list({d.doc_id: d for d in batch}.values())
                        bd = _codec.new_build_dir(self.path)
                        fut = None
                        # worker processes pay off for several bulk batches; one batch (the
                        # whole add, or an unsized iterable that ends early) is built in-process
                        several = total > self.batch_size if total else len(batch) >= self.batch_size
                        if self.procs > 1 and several and len(uniq) >= PARALLEL_MIN:
                            if pool is None:
                                pool = self._pool()
                            fut = pool.submit(_build_segment, str(bd), uniq)
                        pending.append((fut, uniq, bd, len(batch)))

                fill()
                while pending:
                    if job is not None:
                        job.check_cancelled()
                    fut, uniq, bd, n = pending.popleft()
                    seg = fut.result() if fut is not None else _build_segment(str(bd), uniq)
                    fill()  # keep the workers busy while this batch is committed
                    w.add_segment(seg, bd, [d.doc_id for d in uniq])
                    self._close_searcher()
                    done += n
                    if job is not None:
                        job.report(done, max(total, done), "indexing")
                self._merge_small(w, pool)
            finally:
                if pool is not None:
                    pool.shutdown(wait=True, cancel_futures=True)
                for _, _, bd, _ in pending:
                    shutil.rmtree(bd, ignore_errors=True)
                w.close()
                lock.release()
        return done

    def _pool(self) -> ProcessPoolExecutor:
        # spawn: never fork a possibly multi-threaded (Qt) process
        return ProcessPoolExecutor(self.procs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_worker_init, initargs=(ana.JIEBA_CACHE_DIR,))

    def _merge_small(self, w: "_Commit", pool=None) -> None:
        """Merge the small segments while there are more than ``MAX_SEGMENTS``."""
        while True:
            group = plan_merge([s.doc_count_all() for s in w.segments], MAX_SEGMENTS)
            if not group:
                return
            self._merge_group(w, [w.segments[i] for i in group], pool)

    def _merge_group(self, w: "_Commit", segs: list, pool=None) -> None:
        docs = sum(s.doc_count_all() for s in segs)
        parts = [segs]
        if pool is None and self.procs > 1 and docs >= PARALLEL_MERGE_DOCS and len(segs) >= 2 * self.procs:
            pool = self._pool()
            own_pool = True
        else:
            own_pool = False
        try:
            if pool is not None and docs >= PARALLEL_MERGE_DOCS and len(segs) >= 2 * self.procs:
                k = self.procs
                parts, acc, cur = [], 0, []
                for sg in segs:  # contiguous parts of about equal size
                    cur.append(sg)
                    acc += sg.doc_count_all()
                    if acc >= docs * (len(parts) + 1) / k and len(parts) < k - 1:
                        parts.append(cur)
                        cur = []
                if cur:
                    parts.append(cur)
            dirs = [_codec.new_build_dir(self.path) for _ in parts]
            try:
                if pool is not None and len(parts) > 1:
                    futs = [pool.submit(_merge_task, str(self.path), str(d), p) for d, p in zip(dirs, parts)]
                    merged = [f.result() for f in futs]
                else:
                    merged = [_merge_task(str(self.path), str(d), p) for d, p in zip(dirs, parts)]
            except BaseException:
                for d in dirs:
                    shutil.rmtree(d, ignore_errors=True)
                raise
            w.replace_segments(segs, merged, dirs)
            self._close_searcher()
        finally:
            if own_pool:
                pool.shutdown(wait=True)

    def _delete(self, fieldname: str, values: Iterable) -> int:
        ix = self._require()
        with self._lock:
            lock = self._acquire(ix)
            w = _Commit(self, ix)
            try:
                n = w.delete_terms(fieldname, [str(v) for v in values])
                if n:
                    w.commit()
                    self._close_searcher()
            finally:
                w.close()
                lock.release()
            return n

    def delete_item(self, item_id: int) -> int:
        return self._delete("item_id", [item_id])

    def delete_case(self, case_id: int) -> int:
        return self._delete("case_id", [case_id])

    def delete_docs(self, doc_ids: Iterable[str]) -> int:
        return self._delete("doc_id", list(doc_ids))

    def optimize(self) -> None:
        """Merge all segments into one, dropping deleted documents (e.g. after a rebuild)."""
        ix = self._require()
        with self._lock:
            lock = self._acquire(ix)
            w = _Commit(self, ix)
            try:
                if len(w.segments) > 1 or any(s.has_deletions() for s in w.segments):
                    self._merge_group(w, list(w.segments))
            finally:
                w.close()
                lock.release()

    # -------------------------------------------------------------------- reading

    def _get_searcher(self):
        ix = self._require()
        if self._searcher is None:
            self._searcher = ix.searcher()
        elif not self._searcher.up_to_date():  # written by another process
            self._close_searcher()
            self._searcher = ix.searcher()
        return self._searcher

    def _get_executor(self) -> _exec.Executor:
        s = self._get_searcher()
        if self._executor is None or self._executor.searcher is not s:
            self._executor = _exec.Executor(s, self._cache)
            self._cache.drop_segments({seg.segid for seg in self._executor.segs})
        return self._executor

    def versions(self) -> dict[str, str]:
        """doc_id → version of every unit in the index (for `index check`)."""
        with self._lock:
            s = self._get_searcher()
            r = s.reader()
            if not r.doc_count_all():
                return {}
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
        with self._lock:
            try:
                ex = self._get_executor()
                total, top = ex.search(compiled.query, scope, top=offset + limit, sort=sort)
                hits = []
                for seg, local, score in top[offset:]:
                    data = seg.reader.stored_fields(local)["data"]
                    hits.append((data["doc_id"], data, score))
            except _exec.Unsupported:
                total, hits = self._search_whoosh(compiled.query, scope, limit, offset, sort)
        rx = hl.term_regex(compiled.terms)
        groups, ranked = _group(hits, rx, compiled.terms)
        return SearchResults(total, groups, compiled.terms, (time.perf_counter() - t0) * 1000, offset, limit, ranked)

    def _search_whoosh(self, q, scope: AccessScope, limit: int, offset: int, sort: str):
        """The same search with Whoosh's own matchers (fallback, and a cross-check in tests)."""
        s = self._get_searcher()
        kwargs = {"sortedby": "date", "reverse": True} if sort == "date" else {}
        results = s.search(wq.And([q, scope_query(scope)]), limit=offset + limit, **kwargs)
        hits = []
        for i in range(offset, min(offset + limit, results.scored_length())):
            data = results[i]["data"]
            score = float(results.score(i) or 0.0) if sort == "relevance" else 0.0
            hits.append((data["doc_id"], data, score))
        return len(results), hits


class _Commit:
    """The index's table of contents while the write lock is held: segments are added,
    replaced or get deletions, and every ``commit()`` writes a new generation."""

    def __init__(self, index: SearchIndex, ix):
        self.index = index
        self.ix = ix
        toc = ix._read_toc()
        self.schema = toc.schema
        self.segments = list(toc.segments)
        self.generation = toc.generation
        self._pre = {s.segment_id() for s in self.segments}  # segments before this writer
        self._added_ids: set[str] = set()
        self._readers: dict[str, SegmentReader] = {}

    def _reader(self, seg) -> SegmentReader:
        r = self._readers.get(seg.segment_id())
        if r is None:
            r = self._readers[seg.segment_id()] = SegmentReader(self.ix.storage, self.schema, seg)
        return r

    def delete_terms(self, fieldname: str, values: list[str], segments=None) -> int:
        n = 0
        for seg in (self.segments if segments is None else segments):
            r = self._reader(seg)
            for v in values:
                raw = _codec.raw_postings(r, fieldname, v.encode("utf-8"))
                if raw is None:
                    continue
                for d in raw[0].tolist():
                    if not seg.is_deleted(d):
                        seg.delete_document(d)
                        n += 1
        return n

    def add_segment(self, seg, build_dir, doc_ids: list[str]) -> None:
        """Commit a built segment, deleting older units with the same doc ids."""
        if any(s.doc_count() for s in self.segments if s.segment_id() in self._pre):
            self.delete_terms("doc_id", doc_ids, [s for s in self.segments if s.segment_id() in self._pre])
        again = [d for d in doc_ids if d in self._added_ids]
        if again:  # the same unit twice in one add(): the later one wins
            self.delete_terms("doc_id", again, [s for s in self.segments if s.segment_id() not in self._pre])
        self._added_ids.update(doc_ids)
        _codec.install_segment(build_dir, self.index.path, seg)
        self.segments.append(seg)
        self.commit()

    def replace_segments(self, old: list, new: list, build_dirs) -> None:
        for seg, bd in zip(new, build_dirs):
            if seg is not None:
                _codec.install_segment(bd, self.index.path, seg)
            else:
                shutil.rmtree(bd, ignore_errors=True)
        gone = {s.segment_id() for s in old}
        for sid in gone:
            r = self._readers.pop(sid, None)
            if r is not None:
                r.close()
        pos = min(i for i, s in enumerate(self.segments) if s.segment_id() in gone)
        keep = [s for s in self.segments if s.segment_id() not in gone]
        self.segments = keep[:pos] + [s for s in new if s is not None] + keep[pos:]
        self.commit()

    def commit(self) -> None:
        from whoosh.index import TOC, clean_files

        self.generation += 1
        TOC(self.schema, self.segments, self.generation).write(self.ix.storage, INDEX_NAME)
        for r in self._readers.values():
            r.close()
        self._readers.clear()
        clean_files(self.ix.storage, INDEX_NAME, self.generation, self.segments)

    def close(self) -> None:
        for r in self._readers.values():
            r.close()
        self._readers.clear()


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
        hit = Hit(doc_id, data["kind"], data["page"], data["start_ms"], data["end_ms"], score, snip, tuple(found),
                  bool(data.get("ocr", False)))
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
