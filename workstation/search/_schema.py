"""Whoosh schema of the search index, and the field type of pre-analysed fields.

The analyser builds ``{term: positions}`` dicts itself (``_analyzer.postings``) and
``_codec.SegmentBuilder`` writes them as posting lists; ``PreparedField`` only describes the
fields to Whoosh (format, scorable, columns) so that its readers, matchers and merges work, and
still accepts ``Prepared`` values through Whoosh's own ``add_document``. Positions are stored as a
raw native int32 array (cheaper to encode and decode than Whoosh's pickled deltas).
"""

from __future__ import annotations

import struct
from array import array

from whoosh import fields, formats
from whoosh.system import pack_uint

# Bump when the schema or the analyzer changes: an index with another version must be rebuilt.
SCHEMA_VERSION = 4

# field-query name -> index field; metadata fields are positional and analysed like the body
TEXT_FIELDS = ("case_no", "party", "title", "category", "doc_no", "author", "cause")
EXACT_FIELDS = ("status", "year", "date", "kind", "level")

_INT = struct.calcsize("i")


class ArrayPositions(formats.Positions):
    """Positions as a raw native int32 array (the count is the length; no header, no deltas)."""

    def encode(self, poslist):
        return array("i", poslist).tobytes()

    def decode_positions(self, valuestring):
        a = array("i")
        a.frombytes(valuestring)
        return a.tolist()

    def decode_frequency(self, valuestring):
        return len(valuestring) // _INT

    def decode_weight(self, valuestring):
        return self.decode_frequency(valuestring) * self.field_boost


class Prepared:
    """A field value whose postings were built outside Whoosh: [(tbytes, freq, weight, vbytes)]."""

    __slots__ = ("items",)

    def __init__(self, items):
        self.items = items


class PreparedField(fields.FieldType):
    """A field indexed from ``Prepared`` values (or a plain str taken as one exact term)."""

    def __init__(self, fmt, *, scorable=False, stored=False, sortable=False, unique=False):
        self.format = fmt
        self.analyzer = None
        self.scorable = scorable
        self.stored = stored
        self.unique = unique
        self.vector = None
        self.column_type = fields.columns.VarBytesColumn() if sortable else None
        self.spelling = False
        self.multitoken_query = "default"

    def index(self, value, **kwargs):
        if isinstance(value, Prepared):
            return value.items
        if isinstance(value, str):
            value = [value]
        enc = self.format.encode if isinstance(self.format, formats.Positions) else None
        out = []
        for i, v in enumerate(dict.fromkeys(value)):
            vb = enc([i]) if enc else (pack_uint(1) if isinstance(self.format, formats.Frequency) else b"")
            out.append((v.encode("utf-8"), 1, 1.0, vb))
        return out

    def to_column_value(self, value):
        if isinstance(value, Prepared):
            return b""
        return value.encode("utf-8") if isinstance(value, str) else b"".join(v.encode() for v in value)

    def from_column_value(self, value):
        return value.decode("utf-8")

    def self_parsing(self):
        return False

    def process_text(self, qstring, mode="", **kwargs):
        yield qstring


def exact():
    return PreparedField(formats.Existence())


def build_schema() -> fields.Schema:
    f = {
        "doc_id": PreparedField(formats.Existence(), unique=True, sortable=True),
        "version": fields.COLUMN(fields.columns.VarBytesColumn()),  # content fingerprint
        "case_id": exact(),
        "item_id": exact(),
        "vis": exact(),  # clearance ranks that may see the unit: level..4
        "status": exact(),
        "year": exact(),
        "date": PreparedField(formats.Existence(), sortable=True),
        "kind": exact(),
        "level": exact(),
        "body": PreparedField(ArrayPositions(), scorable=True),
        "words": PreparedField(formats.Frequency(), scorable=True),
        "data": fields.STORED(),  # dict: kind, ids, page, times, level, fields, display text
        # numeric columns for the query executor's access filter (read as arrays, ``_exec.py``)
        "c_case": fields.COLUMN(fields.columns.NumericColumn("i", default=-1)),
        "c_item": fields.COLUMN(fields.columns.NumericColumn("i", default=-1)),
        "c_level": fields.COLUMN(fields.columns.NumericColumn("i", default=-1)),
    }
    for name in TEXT_FIELDS:
        f["f_" + name] = PreparedField(ArrayPositions(), scorable=True)
    return fields.Schema(**f)
