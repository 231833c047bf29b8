"""Whoosh W3 segments written, merged and read in bulk.

Whoosh's own writer pushes every posting through a sorting pool and a per-posting block writer
(~10 ms of Python per page here). This module writes the same on-disk format (W3 codec: posting
blocks of pickled ``(delta ids, weights, values)`` tuples, the ordered term hash, per-document
columns, one compound ``.seg`` file per segment) from postings grouped per term, a block at a
time, and reads posting lists back a block at a time into numpy arrays for the query executor
(``_exec.py``). Whoosh's readers, matchers and merge code still work on these segments.

Segments are built in a private directory (``<index>/.build-*``, ignored by Whoosh's file
cleaner) — by worker processes for bulk batches — and moved into the index directory just before
the table of contents that lists them is written.
"""

from __future__ import annotations

import heapq
import io
import os
import pickle
import secrets
import shutil
import struct
import zlib
from array import array
from collections import defaultdict
from itertools import chain
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.system import pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

BLOCK = 256  # postings per block (Whoosh: 128); bigger blocks = fewer Python steps per posting
COMPRESSION = 1  # zlib level of a block (Whoosh: 3); 1 is ~3x faster at ~5 % more bytes

_INT = struct.Struct("!i")
_PICKLE = pickle.dumps
_LEN_TABLE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
_HDR = [pack_uint(i) for i in range(1024)]


# ------------------------------------------------------------------------------ writing


def write_term(postfile, ids, weights, values, lengths, fixedsize) -> W3TermInfo:
    """Write one posting list (ids ascending) as W3 blocks; returns its term info.

    ``weights``: list of floats or None (all 1.0); ``values``: list of bytes per posting (variable
    size formats), or None (Existence); ``lengths``: the field length of each posting's document
    (None for unscored fields); ``fixedsize`` as in ``Format.fixed_value_size()``."""
    n = len(ids)
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    total_w = 0.0
    max_w = 0.0
    for a in range(0, n, BLOCK):
        b = a + BLOCK if a + BLOCK < n else n
        bids = ids[a:b]
        deltas = [bids[0], *[y - x for x, y in zip(bids, bids[1:])]]
        if weights is None:
            bw, w_min, w_max, w_sum = None, 1.0, 1.0, float(b - a)
        else:
            ws = weights[a:b]
            w_min, w_max, w_sum = min(ws), max(ws), float(sum(ws))
            bw = None if w_min == w_max == 1.0 else (float(w_min) if w_min == w_max else tuple(ws))
        if values is None or fixedsize == 0:
            bv = None
        elif fixedsize is None or fixedsize < 0:
            bv = tuple(values[a:b])
        else:
            bv = b"".join(values[a:b])
        if lengths is not None:
            ls = lengths[a:b]
            lmin, lmax = min(ls), max(ls)
            lmin = lmin if lmin else None
        else:
            lmin, lmax = None, 0
        data = _PICKLE((tuple(deltas), bw, bv), 2)
        if COMPRESSION:
            data = zlib.compress(data, COMPRESSION)
        info = _PICKLE((b - a, bids[-1], float(w_max), COMPRESSION, length_to_byte(lmin), length_to_byte(lmax)), 2)
        size = len(info) + len(data)
        postfile.write(_INT.pack(-size if b == n else size))
        postfile.write(info)
        postfile.write(data)
        total_w += w_sum
        if w_max > max_w:
            max_w = w_max
    ti = W3TermInfo()
    ti._weight = total_w
    ti._df = n
    if lengths is not None:
        nz = [x for x in lengths if x]
        ti._minlength = min(nz) if nz else None
        ti._maxlength = max(lengths)
    else:
        ti._minlength, ti._maxlength = None, 0
    ti._maxweight = max_w
    ti._minid = int(ids[0])
    ti._maxid = int(ids[-1])
    ti.set_extent(start, postfile.tell() - start)
    return ti


class SegmentBuilder:
    """Writes one new segment into ``folder`` from documents given one at a time.

    ``add(doc)`` takes a dict: ``postings`` {field: {term: positions}} for positional fields,
    ``freqs`` {field: {term: count}} for frequency fields, ``terms`` {field: [term, ...]} for exact
    fields, ``lengths`` {field: length}, ``stored`` (the stored ``data`` value), ``columns``
    {field: value}. Terms are str; Whoosh stores them as UTF-8 (same order as str order)."""

    def __init__(self, folder: Path, indexname: str, schema):
        self.folder = Path(folder)
        self.storage = FileStorage(str(self.folder)).create()
        self.schema = schema
        self.codec = W3Codec()
        self.segment = self.codec.new_segment(self.storage, indexname)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self.n = 0
        # field -> term -> [ids, weights, values]
        self.post: dict[str, dict[str, list]] = defaultdict(dict)
        self.doc_lengths: dict[str, array] = {}

    def _length_array(self, field: str) -> array:
        a = self.doc_lengths.get(field)
        if a is None:
            a = self.doc_lengths[field] = array("i")
        if len(a) < self.n + 1:
            a.extend([0] * (self.n + 1 - len(a)))
        return a

    def add(self, doc: dict) -> int:
        docnum = self.n
        schema = self.schema
        pdw = self.perdoc
        pdw.start_doc(docnum)
        arr = array
        for field, post in doc.get("postings", {}).items():
            g = self.post[field]
            get = g.get
            length = 0
            for t, ps in post.items():
                f = len(ps)
                length += f
                v = arr("i", ps).tobytes()
                e = get(t)
                if e is None:
                    g[t] = [[docnum], [f], [v]]
                else:
                    e[0].append(docnum)
                    e[1].append(f)
                    e[2].append(v)
            if length:
                self._length_array(field)[docnum] = length
                pdw.add_field(field, schema[field], None, length)
        for field, counts in doc.get("freqs", {}).items():
            g = self.post[field]
            get = g.get
            length = 0
            for t, c in counts.items():
                length += c
                e = get(t)
                if e is None:
                    g[t] = [[docnum], [c], [_HDR[c] if c < 1024 else pack_uint(c)]]
                else:
                    e[0].append(docnum)
                    e[1].append(c)
                    e[2].append(_HDR[c] if c < 1024 else pack_uint(c))
            if length:
                self._length_array(field)[docnum] = length
                pdw.add_field(field, schema[field], None, length)
        for field, terms in doc.get("terms", {}).items():
            g = self.post[field]
            for t in dict.fromkeys(terms):
                e = g.get(t)
                if e is None:
                    g[t] = [[docnum], None, None]
                else:
                    e[0].append(docnum)
        stored = doc.get("stored")
        if stored is not None:
            pdw.add_field("data", schema["data"], stored, 0)
        for field, value in doc.get("columns", {}).items():
            pdw.add_column_value(field, schema[field].column_type, value)
        pdw.finish_doc()
        self.n += 1
        return docnum

    def finish(self):
        """Write the postings, assemble the compound file; returns the Whoosh segment."""
        self.perdoc.close()
        fw = self.codec.field_writer(self.storage, self.segment)
        for field in sorted(self.post):
            terms = self.post[field]
            if not terms:
                continue
            fieldobj = self.schema[field]
            fixed = fieldobj.format.fixed_value_size()
            lens = self.doc_lengths.get(field)
            if lens is not None and len(lens) < self.n:
                lens.extend([0] * (self.n - len(lens)))
            fw.start_field(field, fieldobj)
            prefix = pack_ushort(fw._fieldid)
            postfile = fw._postfile
            add = fw._tindex.add
            for t in sorted(terms):
                ids, weights, values = terms[t]
                ti = write_term(postfile, ids, weights, values,
                                [lens[d] for d in ids] if lens is not None else None, fixed)
                add(prefix + t.encode("utf-8"), ti.to_bytes())
            fw.finish_field()
            terms.clear()
        fw.close()
        self.segment.set_doc_count(self.n)
        self.segment.create_compound_file(self.storage)
        return self.segment


# ------------------------------------------------------------------------------ reading


def raw_postings(reader: SegmentReader, fieldname: str, tbytes: bytes):
    """All postings of a term in one segment: (ids int64 array, weights float32 array,
    values) where values is a list of bytes per posting for variable-size formats, one bytes
    string of fixed-size values, or None. None if the term is not in the segment."""
    terms = reader._terms
    try:
        ti = terms.term_info(fieldname, tbytes)
    except Exception:  # TermNotFound
        return None
    if ti.is_inlined():
        ids, ws, vs = ti.inlined_postings()
        return (np.asarray(ids, dtype=np.int64), np.asarray(ws, dtype=np.float32),
                list(vs) if vs else None)
    return decode_blocks(_extent_bytes(terms._postfile, ti))


def _extent_bytes(postfile, ti) -> bytes:
    offset, length = ti.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves the unpacked tuple
        length = length[0]
    return postfile.get(offset, length)


def decode_blocks(raw: bytes):
    bio = io.BytesIO(raw)
    load = pickle.load
    loads = pickle.loads
    decompress = zlib.decompress
    unpack = _INT.unpack_from
    p = 4  # magic
    deltas: list[int] = []
    weights: list[float] = []
    vtuples = []
    vbytes = []
    prev_last = 0
    end_all = len(raw)
    while p < end_all:
        size = unpack(raw, p)[0]
        p += 4
        last = size < 0
        if last:
            size = -size
        end = p + size
        bio.seek(p)
        count, maxid, _maxw, comp, _l0, _l1 = load(bio)
        d = raw[bio.tell():end]
        ids, ws, vs = loads(decompress(d) if comp else d)
        first = len(deltas)
        deltas.extend(ids)
        if prev_last:
            deltas[first] -= prev_last  # one cumulative sum over all blocks below
        prev_last = maxid
        if ws is None:
            weights.extend([1.0] * count)
        elif isinstance(ws, float):
            weights.extend([ws] * count)
        else:
            weights.extend(ws)
        if isinstance(vs, tuple):
            vtuples.append(vs)
        elif vs is not None:
            vbytes.append(vs)
        p = end
        if last:
            break
    ids = np.cumsum(np.asarray(deltas, dtype=np.int64))
    w = np.asarray(weights, dtype=np.float32)
    if vtuples:
        values = list(chain.from_iterable(vtuples))
    elif vbytes:
        values = b"".join(vbytes)
    else:
        values = None
    return ids, w, values


def positions_keys(ids: np.ndarray, freqs: np.ndarray, values: list[bytes]) -> np.ndarray:
    """Sorted int64 keys ``docnum << 32 | position`` from ``ArrayPositions`` values."""
    if not len(ids):
        return np.zeros(0, dtype=np.int64)
    pos = np.frombuffer(b"".join(values), dtype=np.int32).astype(np.int64)
    f = freqs.astype(np.int64)
    if int(f.sum()) != len(pos):  # weights are not the position counts (a boosted field)
        f = np.array([len(v) // 4 for v in values], dtype=np.int64)
    return (np.repeat(ids, f) << 32) | pos


def lengths_array(reader: SegmentReader, fieldname: str) -> np.ndarray:
    """Field length of every document of a segment (Whoosh's byte approximation), float32."""
    n = reader.doc_count_all()
    pdr = reader._perdoc
    col = "_%s_len" % fieldname
    if not pdr.has_column(col):
        return np.zeros(n, dtype=np.float32)
    f, off, length = pdr._get_column_file(col)
    b = np.frombuffer(f.get(off, length), dtype=np.uint8)
    out = np.zeros(n, dtype=np.uint8)
    out[: min(n, len(b))] = b[:n]
    return _LEN_TABLE[out]


def numeric_column(reader: SegmentReader, fieldname: str, default: int, dtype=">i4") -> np.ndarray:
    """A NumericColumn of a segment as an int64 array (``default`` where unset)."""
    n = reader.doc_count_all()
    pdr = reader._perdoc
    out = np.full(n, default, dtype=np.int64)
    if not pdr.has_column(fieldname):
        return out
    f, off, length = pdr._get_column_file(fieldname)
    vals = np.frombuffer(f.get(off, length), dtype=dtype)
    out[: min(n, len(vals))] = vals[:n]
    return out


def deleted_mask(segment, n: int) -> np.ndarray | None:
    d = segment.deleted_docs()
    d = list(d) if d else []
    if not d:
        return None
    m = np.zeros(n, dtype=bool)
    m[np.asarray(d, dtype=np.int64)] = True
    return m


# ------------------------------------------------------------------------------ merging


def merge_segments(index_folder: str, build_folder: str, indexname: str, schema, segments):
    """Merge ``segments`` (of the index in ``index_folder``) into one new segment written in
    ``build_folder``, dropping deleted documents. Posting lists are decoded and re-blocked a
    term at a time (no per-posting Whoosh objects). Returns the new segment (None if empty)."""
    storage = index_storage(index_folder)
    readers = [SegmentReader(storage, schema, s) for s in segments]
    try:
        b = SegmentBuilder(Path(build_folder), indexname, schema)
        pdw = b.perdoc
        docmaps = []
        scored = [name for name, f in schema.items() if f.scorable]
        col_fields = [(name, f.column_type) for name, f in schema.items() if f.column_type is not None]
        for r, seg in zip(readers, segments):
            n = r.doc_count_all()
            dm = deleted_mask(seg, n)
            live = np.arange(n) if dm is None else np.flatnonzero(~dm)
            docmap = np.full(n, -1, dtype=np.int64)
            docmap[live] = b.n + np.arange(len(live))
            docmaps.append(docmap)
            lens = {f: lengths_array(r, f) for f in scored}
            cols = {}
            for name, ctype in col_fields:
                if r._perdoc.has_column(name):
                    cols[name] = (ctype, r._perdoc.column_reader(name, ctype))
            for d in live.tolist():
                pdw.start_doc(b.n)
                for f in scored:
                    ln = int(lens[f][d])
                    if ln:
                        b._length_array(f)[b.n] = ln
                        pdw.add_field(f, schema[f], None, ln)
                stored = r.stored_fields(d)
                if "data" in stored:
                    pdw.add_field("data", schema["data"], stored["data"], 0)
                for name, (ctype, creader) in cols.items():
                    pdw.add_column_value(name, ctype, creader[d])
                pdw.finish_doc()
                b.n += 1
        pdw.close()
        fw = b.codec.field_writer(b.storage, b.segment)
        fields = sorted({f for r in readers for f in r._terms.indexed_field_names()} & set(schema.names()))
        for field in fields:
            fieldobj = schema[field]
            fixed = fieldobj.format.fixed_value_size()
            lens = b.doc_lengths.get(field)
            if lens is not None and len(lens) < b.n:
                lens.extend([0] * (b.n - len(lens)))
            lens_np = np.frombuffer(lens, dtype=np.int32) if lens is not None else None
            iters = [_field_terms(r, field, k) for k, r in enumerate(readers)]
            started = False
            cur, parts = None, []
            for t, k, ti in chain(heapq.merge(*iters, key=lambda x: x[0]), [(None, None, None)]):
                if t != cur and cur is not None:
                    if not started:
                        fw.start_field(field, fieldobj)
                        started = True
                    _merge_term(fw, cur, parts, readers, docmaps, lens_np, fixed)
                    parts = []
                cur = t
                if t is not None:
                    parts.append((k, ti))
            if started:
                fw.finish_field()
        fw.close()
        if b.n == 0:
            return None
        b.segment.set_doc_count(b.n)
        b.segment.create_compound_file(b.storage)
        return b.segment
    finally:
        for r in readers:
            r.close()


def _field_terms(reader, field: str, k: int):
    """(term bytes, reader number, term info) of one field of a segment, in term order."""
    if field not in reader._terms.indexed_field_names():
        return
    for (fname, t), ti in reader._terms.items_from(field, b""):
        if fname != field:
            return
        yield t, k, ti


def _merge_term(fw, tbytes, parts, readers, docmaps, lens_np, fixed):
    all_ids, all_w, all_v = [], [], []
    for k, ti in parts:
        r = readers[k]
        if ti.is_inlined():
            ids, ws, vs = ti.inlined_postings()
            ids = np.asarray(ids, dtype=np.int64)
            ws = np.asarray(ws, dtype=np.float32)
            vs = list(vs) if vs else None
        else:
            ids, ws, vs = decode_blocks(_extent_bytes(r._terms._postfile, ti))
        new = docmaps[k][ids]
        keep = new >= 0
        if not keep.all():
            idx = np.flatnonzero(keep)
            new, ws = new[idx], ws[idx]
            if isinstance(vs, list):
                vs = [vs[i] for i in idx.tolist()]
            elif isinstance(vs, bytes) and fixed:
                vs = b"".join(vs[i * fixed:(i + 1) * fixed] for i in idx.tolist())
        if not len(new):
            continue
        all_ids.append(new)
        all_w.append(ws)
        if isinstance(vs, list):
            all_v.extend(vs)
        elif isinstance(vs, bytes):
            all_v.extend(vs[i:i + fixed] for i in range(0, len(vs), fixed))
    if not all_ids:
        return
    ids = np.concatenate(all_ids)
    ws = np.concatenate(all_w)
    weights = None if bool((ws == 1.0).all()) else ws.tolist()
    values = all_v if all_v else None
    lengths = lens_np[ids].tolist() if lens_np is not None else None
    ti = write_term(fw._postfile, ids.tolist(), weights, values, lengths, fixed)
    fw._tindex.add(pack_ushort(fw._fieldid) + tbytes, ti.to_bytes())


# ------------------------------------------------------------------------------ files


def index_storage(folder) -> FileStorage:
    """The index directory as Whoosh storage *without* mmap: with mmap, Whoosh opens every file
    inside a compound segment as ``BytesIO(memoryview)``, i.e. it copies the whole posting file
    into memory (1.7 GB per searcher at 100k pages, 2 s to open). Without it, sub-files are read
    with seek + read from one file handle per segment."""
    return FileStorage(str(folder), supports_mmap=False)


def new_build_dir(index_dir: Path) -> Path:
    """A private directory for building one segment (Whoosh's cleaner ignores dot names)."""
    d = Path(index_dir) / f".build-{secrets.token_hex(6)}"
    d.mkdir()
    return d


def install_segment(build_dir: Path, index_dir: Path, segment) -> None:
    """Move a built segment's compound file into the index directory; remove the build dir."""
    name = segment.make_filename(segment.COMPOUND_EXT)
    os.replace(Path(build_dir) / name, Path(index_dir) / name)
    shutil.rmtree(build_dir, ignore_errors=True)


def discard_build_dirs(index_dir: Path) -> None:
    for d in Path(index_dir).glob(".build-*"):
        shutil.rmtree(d, ignore_errors=True)
