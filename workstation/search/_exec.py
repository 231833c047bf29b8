"""Vectorised query execution over the Whoosh index.

Whoosh's matchers walk posting lists one document at a time in Python; with exact totals
(every match is counted, not estimated) a query whose terms occur on most pages costs ~50 µs per
matching page, far too slow at 100k pages. This executor evaluates the same Whoosh query objects
(``And``, ``Or``, ``Not``, ``AndMaybe``, ``Term``, ``TermRange``, ``OffsetPhrase``) a segment at a
time on numpy arrays:

- a term's posting list is decoded once into ``ids``/``freqs`` arrays (and, for phrase checks,
  sorted ``docnum << 32 | position`` keys) and kept in an LRU cache shared by all searchers of
  the index (segments are immutable, so entries stay valid until the segment is merged away);
- the access scope is a boolean mask over a segment's documents, computed once per (searcher,
  scope) from numeric columns (case, item, level) and the deletions, and every node is
  evaluated *inside* it: totals, ranking statistics, groups and snippets only ever see documents
  the user may see;
- a phrase (a covering set of bigrams at offsets) is checked on candidate documents only: the
  start positions of its rarest term are looked up in the other terms' sorted keys;
- ranking is Whoosh's BM25F (B=0.75, K1=1.2, idf = log(N/(df+1))+1) with document frequencies,
  N and average lengths taken over the documents in scope; a phrase scores the sum of its
  terms, as Whoosh's intersection matcher does.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
from whoosh import query as wq

from . import _codec
from ._phrase import OffsetPhrase

B = 0.75
K1 = 1.2
_LOW32 = np.int64(0xFFFFFFFF)


class TermCache:
    """LRU of decoded per-segment arrays, bounded by bytes (shared by successive searchers)."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._d: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key):
        with self._lock:
            v = self._d.get(key)
            if v is not None:
                self._d.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
            return v

    def put(self, key, value, nbytes: int):
        with self._lock:
            old = self._d.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self._d[key] = (value, nbytes)
            self.bytes += nbytes
            while self.bytes > self.max_bytes and len(self._d) > 1:
                _, (_, nb) = self._d.popitem(last=False)
                self.bytes -= nb

    def drop_segments(self, keep: set[str]) -> None:
        """Forget entries of segments that are no longer in the index."""
        with self._lock:
            for k in [k for k in self._d if k[1] not in keep]:
                self.bytes -= self._d.pop(k)[1]

    def clear(self):
        with self._lock:
            self._d.clear()
            self.bytes = 0


_MISSING = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))


class Seg:
    """One segment of the searcher: its reader, global docnum base and cached arrays."""

    def __init__(self, reader, base: int, cache: TermCache):
        self.reader = reader
        self.base = base
        self.n = reader.doc_count_all()
        self.segid = reader.segment().segment_id()
        self.cache = cache
        dm = _codec.deleted_mask(reader.segment(), self.n)
        self.live = None if dm is None else ~dm

    def _cached(self, key, make):
        hit = self.cache.get(key)
        if hit is not None:
            return hit[0]
        value, nbytes = make()
        self.cache.put(key, value, nbytes)
        return value

    def docs(self, field: str, text: str):
        """(ids int32, freqs float32) of a term; empty arrays if absent."""
        key = ("d", self.segid, field, text)
        hit = self.cache.get(key)
        if hit is not None:
            return hit[0]
        return self._decode(field, text)[0]

    def keys(self, field: str, text: str) -> np.ndarray:
        """Sorted ``docnum << 32 | position`` keys of a positional term."""
        hit = self.cache.get(("k", self.segid, field, text))
        if hit is not None:
            return hit[0]
        return self._decode(field, text)[1]

    def _decode(self, field: str, text: str):
        """Decode a posting list once; a positional one gives its keys too (both cached: the
        decode, not the numpy work, is the cost)."""
        raw = _codec.raw_postings(self.reader, field, text.encode("utf-8"))
        if raw is None:
            docs, keys = _MISSING, np.zeros(0, dtype=np.int64)
        else:
            ids, w, values = raw
            docs = (ids.astype(np.int32), w)
            keys = _codec.positions_keys(ids, w, values) if isinstance(values, list) else np.zeros(0, dtype=np.int64)
        self.cache.put(("d", self.segid, field, text), docs, docs[0].nbytes + docs[1].nbytes + 200)
        if len(keys):
            self.cache.put(("k", self.segid, field, text), keys, keys.nbytes + 200)
        return docs, keys

    def lengths(self, field: str) -> np.ndarray:
        def make():
            a = _codec.lengths_array(self.reader, field)
            return a, a.nbytes
        return self._cached(("l", self.segid, field), make)

    def column(self, name: str, default: int) -> np.ndarray:
        def make():
            a = _codec.numeric_column(self.reader, name, default)
            return a, a.nbytes
        return self._cached(("c", self.segid, name), make)

    def dates(self) -> np.ndarray:
        """The date column as sortable ints (YYYYMMDD, -1 when unset)."""
        def make():
            out = np.full(self.n, -1, dtype=np.int64)
            pdr = self.reader._perdoc
            field = self.reader.schema["date"]
            if pdr.has_column("date"):
                col = pdr.column_reader("date", field.column_type)
                for d in range(self.n):
                    v = col[d]
                    if v:
                        digits = "".join(ch for ch in v.decode("utf-8", "replace") if ch.isdigit())[:8]
                        if digits:
                            out[d] = int(digits.ljust(8, "0"))
            return out, out.nbytes
        return self._cached(("t", self.segid), make)

    def scope_mask(self, scope) -> np.ndarray:
        level = self.column("c_level", 99)
        m = level <= int(scope.max_level)
        if scope.case_ids is not None:
            cases = np.fromiter(scope.case_ids, dtype=np.int64, count=len(scope.case_ids))
            m &= np.isin(self.column("c_case", -1), cases)
        if scope.denied_item_ids:
            items = np.fromiter(scope.denied_item_ids, dtype=np.int64, count=len(scope.denied_item_ids))
            m &= ~np.isin(self.column("c_item", -1), items)
        if self.live is not None:
            m &= self.live
        return m


class Unsupported(Exception):
    """A query object this executor does not evaluate (the caller falls back to Whoosh)."""


class Executor:
    """Evaluates queries against one Whoosh searcher (one index generation)."""

    def __init__(self, searcher, cache: TermCache):
        self.searcher = searcher
        self.schema = searcher.schema
        self.segs = [Seg(r, base, cache) for r, base in searcher.reader().leaf_readers()
                     if r.segment() is not None and r.doc_count_all()]
        self._scopes: OrderedDict = OrderedDict()

    # ------------------------------------------------------------------ scope
    def masks(self, scope) -> list[np.ndarray]:
        key = (int(scope.max_level), scope.case_ids, scope.denied_item_ids)
        v = self._scopes.get(key)
        if v is None:
            v = [s.scope_mask(scope) for s in self.segs]
            self._scopes[key] = v
            while len(self._scopes) > 16:
                self._scopes.popitem(last=False)
        else:
            self._scopes.move_to_end(key)
        return v

    # ------------------------------------------------------------------ search
    def search(self, q, scope, *, top: int, sort: str = "relevance"):
        """(total, [(segment, local docnum, score)] of the first ``top`` in order)."""
        if int(scope.max_level) < 0 or (scope.case_ids is not None and not scope.case_ids):
            return 0, []
        masks = self.masks(scope)
        run = _Run(self, masks)
        matched, scores, gids, segno = [], [], [], []
        total = 0
        for k, (seg, dom) in enumerate(zip(self.segs, masks)):
            if not dom.any():
                continue
            run.seg = seg
            m, sc = run.eval(q, dom)
            ids = np.flatnonzero(m)
            if not len(ids):
                continue
            total += len(ids)
            matched.append(ids)
            gids.append(ids + seg.base)
            segno.append(np.full(len(ids), k, dtype=np.int32))
            if sort == "date":
                scores.append(seg.dates()[ids].astype(np.float64))
            else:
                scores.append(sc[ids].astype(np.float64) if sc is not None else np.zeros(len(ids)))
        if not total:
            return 0, []
        local = np.concatenate(matched)
        key = np.concatenate(scores)
        gid = np.concatenate(gids)
        sno = np.concatenate(segno)
        top = min(top, total)
        if top < total:
            kth = np.partition(key, total - top)[total - top]
            cand = np.flatnonzero(key >= kth)  # keep ties: the order below is total
        else:
            cand = np.arange(total)
        order = cand[np.lexsort((gid[cand], -key[cand]))][:top]
        out = [(self.segs[int(sno[i])], int(local[i]), float(key[i]) if sort != "date" else 0.0) for i in order]
        return total, out


class _Run:
    """One query evaluation: BM25 statistics over the scope, computed lazily per term."""

    def __init__(self, ex: Executor, masks):
        self.ex = ex
        self.masks = masks
        self.seg: Seg | None = None
        self._df: dict = {}
        self._avg: dict = {}
        self._n = None

    # statistics over the scope (all segments)
    def n_scope(self) -> int:
        if self._n is None:
            self._n = int(sum(int(m.sum()) for m in self.masks))
        return self._n

    def df(self, field, text) -> int:
        key = (field, text)
        v = self._df.get(key)
        if v is None:
            v = 0
            for s, m in zip(self.ex.segs, self.masks):
                ids, _ = s.docs(field, text)
                if len(ids):
                    v += int(m[ids].sum())
            self._df[key] = v
        return v

    def avg_len(self, field) -> float:
        v = self._avg.get(field)
        if v is None:
            tot = 0.0
            for s, m in zip(self.ex.segs, self.masks):
                tot += float(s.lengths(field)[m].sum())
            v = self._avg[field] = (tot / self.n_scope()) if self.n_scope() else 1.0
            if v <= 0:
                v = self._avg[field] = 1.0
        return v

    def bm25(self, field, text, tf: np.ndarray, ids: np.ndarray) -> np.ndarray:
        n = self.n_scope()
        idf = np.log(n / (self.df(field, text) + 1.0)) + 1.0
        dl = self.seg.lengths(field)[ids]
        avg = self.avg_len(field)
        return (idf * (tf * (K1 + 1.0)) / (tf + K1 * ((1.0 - B) + B * dl / avg))).astype(np.float32)

    def scorable(self, field) -> bool:
        f = self.ex.schema[field] if field in self.ex.schema else None
        return bool(f is not None and f.scorable)

    # evaluation: (mask within dom, score array zero outside the mask, or None)
    def eval(self, q, dom: np.ndarray):
        t = type(q)
        if t is wq.Term:
            return self.term(q.fieldname, q.text, dom)
        if t is OffsetPhrase:
            return self.phrase(q, dom)
        if t is wq.And:
            return self.and_(q.subqueries, dom)
        if t is wq.Or:
            return self.or_(q.subqueries, dom)
        if t is wq.Not:
            m, _ = self.eval(q.query, dom)
            return dom & ~m, None
        if t is wq.AndMaybe:
            ma, sa = self.eval(q.a, dom)
            mb, sb = self.eval(q.b, ma)
            return ma, _add(sa, sb)
        if t is wq.TermRange:
            return self.term_range(q, dom)
        if q is wq.NullQuery or t is type(wq.NullQuery):
            return np.zeros_like(dom), None
        if t is wq.Every:
            return dom.copy(), None
        raise Unsupported(repr(q))

    def term(self, field, text, dom):
        seg = self.seg
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        ids, freqs = seg.docs(field, text)
        m = np.zeros_like(dom)
        if not len(ids):
            return m, None
        sel = dom[ids]
        hit = ids[sel]
        m[hit] = True
        if not self.scorable(field) or not len(hit):
            return m, None
        sc = np.zeros(len(dom), dtype=np.float32)
        sc[hit] = self.bm25(field, text, freqs[sel], hit)
        return m, sc

    def phrase(self, q: OffsetPhrase, dom):
        seg = self.seg
        field = q.fieldname
        pairs = []
        for text, off in q.terms_offsets:
            ids, freqs = seg.docs(field, text)
            if not len(ids):
                return np.zeros_like(dom), None
            pairs.append((float(freqs.sum()), len(ids), text, off, ids, freqs))
        # candidates: documents in the domain that have every term (rarest list first)
        pairs.sort(key=lambda p: p[1])
        ids0 = pairs[0][4]
        cand = ids0[dom[ids0]]
        for p in pairs[1:]:
            if not len(cand):
                return np.zeros_like(dom), None
            mt = np.zeros(len(dom), dtype=bool)
            mt[p[4]] = True
            cand = cand[mt[cand]]
        if not len(cand):
            return np.zeros_like(dom), None
        cmask = np.zeros(len(dom), dtype=bool)
        cmask[cand] = True
        # positions: the start positions of the term with the fewest positions, checked in the others
        pairs.sort(key=lambda p: p[0])
        _, _, text0, off0, _, _ = pairs[0]
        k0 = seg.keys(field, text0)
        starts = k0[cmask[k0 >> 32]]
        if off0:
            starts = starts[(starts & _LOW32) >= off0] - off0
        for _, _, text, off, _, _ in pairs[1:]:
            if not len(starts):
                break
            kt = seg.keys(field, text)
            want = starts + off
            idx = np.searchsorted(kt, want)
            idx[idx >= len(kt)] = len(kt) - 1
            starts = starts[kt[idx] == want]
        m = np.zeros_like(dom)
        if not len(starts):
            return m, None
        docs = starts >> 32
        hit = docs[np.concatenate(([True], docs[1:] != docs[:-1]))].astype(np.int64)
        m[hit] = True
        if not self.scorable(field):
            return m, None
        sc = np.zeros(len(dom), dtype=np.float32)
        done = set()
        for _, _, text, _, ids, freqs in pairs:
            if text in done:
                continue
            done.add(text)
            tf = freqs[np.searchsorted(ids, hit)]
            sc[hit] += self.bm25(field, text, tf, hit)
        return m, sc

    def and_(self, subs, dom):
        pos = [s for s in subs if type(s) is not wq.Not]
        neg = [s.query for s in subs if type(s) is wq.Not]
        pos.sort(key=self._cost)
        cur = dom
        score = None
        for s in pos:
            cur, sc = self.eval(s, cur)
            score = _add(score, sc)
            if not cur.any():
                return cur, None
        if not pos:
            cur = dom.copy()
        for s in neg:
            m, _ = self.eval(s, cur)
            cur = cur & ~m
        if score is not None:
            score = score * cur
        return cur, score

    def or_(self, subs, dom):
        m = np.zeros_like(dom)
        score = None
        for s in subs:
            ms, sc = self.eval(s, dom)
            m |= ms
            score = _add(score, sc)
        return m, score

    def term_range(self, q: wq.TermRange, dom):
        seg = self.seg
        m = np.zeros_like(dom)
        for bt in q._btexts(seg.reader):
            ids, _ = seg.docs(q.fieldname, bt.decode("utf-8"))
            if len(ids):
                m[ids] = True
        return m & dom, None

    def _cost(self, q) -> float:
        """Rough evaluation order for the children of an And (cheap, selective ones first)."""
        seg = self.seg
        t = type(q)
        if t is wq.Term:
            return float(len(seg.docs(q.fieldname, q.text if isinstance(q.text, str) else q.text.decode())[0]))
        if t is OffsetPhrase:
            return float(min(len(seg.docs(q.fieldname, x)[0]) for x, _ in q.terms_offsets))
        if t is wq.AndMaybe:
            return self._cost(q.a)
        return float(seg.n)


def _add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    return a + b
