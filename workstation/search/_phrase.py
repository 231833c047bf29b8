"""``OffsetPhrase``: terms that must occur at exact relative positions in one field.

A query string such as 执法记录仪 becomes a covering set of its bigrams (执法@0, 记录@2, 录仪@3);
a document matches when every term occurs at ``p + offset`` for one start ``p``. Candidates come
from Whoosh's own intersection of the term posting lists (rarest first); only those are checked
position by position. This is exact (a covering set determines every character) and avoids
Whoosh's span machinery, which is several times slower.
"""

from __future__ import annotations

from whoosh import matching
from whoosh.query import And, Term, qcore
from whoosh.util import make_binary_tree


class OffsetPhrase(qcore.Query):
    def __init__(self, fieldname: str, terms: list[tuple[str, int]], boost: float = 1.0):
        self.fieldname = fieldname
        self.terms_offsets = list(terms)
        self.boost = boost

    def __eq__(self, other):
        return (
            isinstance(other, OffsetPhrase)
            and self.fieldname == other.fieldname
            and self.terms_offsets == other.terms_offsets
            and self.boost == other.boost
        )

    def __hash__(self):
        return hash((self.fieldname, tuple(self.terms_offsets), self.boost))

    def __repr__(self):
        return f"OffsetPhrase({self.fieldname!r}, {self.terms_offsets!r})"

    def __str__(self):
        return f"{self.fieldname}:<{' '.join(f'{t}@{o}' for t, o in self.terms_offsets)}>"

    def has_terms(self):
        return True

    def terms(self, phrases=False):
        if phrases:
            for t, _ in self.terms_offsets:
                yield (self.fieldname, t)

    def normalize(self):
        return self

    def _and_query(self):
        return And([Term(self.fieldname, t) for t, _ in self.terms_offsets])

    def estimate_size(self, ixreader):
        return self._and_query().estimate_size(ixreader)

    def estimate_min_size(self, ixreader):
        return self._and_query().estimate_min_size(ixreader)

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        fieldname = self.fieldname
        pairs = []
        for text, off in self.terms_offsets:
            if (fieldname, text) not in reader:
                return matching.NullMatcher()
            pairs.append((reader.doc_frequency(fieldname, text), text, off))
        pairs.sort()
        leaves = []
        for _, text, off in pairs:
            m = Term(fieldname, text).matcher(searcher, context)
            if not m.is_active():
                return matching.NullMatcher()
            leaves.append((m, off))
        if len(leaves) == 1:
            return leaves[0][0]
        # Whoosh builds a balanced tree; rarest-first leaves keep skip_to effective
        child = make_binary_tree(matching.IntersectionMatcher, [m for m, _ in leaves])
        return PositionFilter(child, leaves, self.boost)


class PositionFilter(matching.WrappingMatcher):
    """Passes only the documents where the leaves' positions line up at their offsets."""

    def __init__(self, child, leaves, boost=1.0):
        super().__init__(child, boost)
        self._leaves = leaves
        self._advance()

    def _aligned(self) -> bool:
        cand = None
        for m, off in self._leaves:
            ps = m.value_as("positions")
            if cand is None:
                cand = {p - off for p in ps}
            else:
                cand.intersection_update([p - off for p in ps])
            if not cand:
                return False
        return True

    def _advance(self):
        child = self.child
        while child.is_active() and not self._aligned():
            child.next()

    def next(self):
        self.child.next()
        self._advance()

    def skip_to(self, id):
        if self.child.is_active() and self.child.id() < id:
            self.child.skip_to(id)
            self._advance()

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()

    def supports_block_quality(self):
        return False

    def replace(self, minquality=0):
        return self if self.is_active() else matching.NullMatcher()

    def copy(self):
        raise NotImplementedError("PositionFilter cannot be copied")

    def spans(self):
        return []
