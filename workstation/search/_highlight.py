"""Snippets with hit terms in <b>…</b>, and the folded↔original character alignment they need."""

from __future__ import annotations

import html
import re
import unicodedata

from . import _analyzer as ana

SNIPPET_CHARS = 110
LEAD_CHARS = 24


def term_regex(terms: list[str]) -> re.Pattern | None:
    """One regex for all terms (longest first) over folded text."""
    pats = [ana.highlight_pattern(t) for t in sorted(set(terms), key=len, reverse=True)]
    pats = [p for p in pats if p]
    if not pats:
        return None
    return re.compile("|".join(f"(?:{p})" for p in pats))


def aligned_fold(chars: str) -> tuple[str, list[int]]:
    """Fold ``chars`` keeping, for each folded character, the index of its source character."""
    pieces: list[str] = []
    index: list[int] = []
    for i, c in enumerate(chars):
        n = unicodedata.normalize("NFKC", c).lower() if not ("\u4e00" <= c <= "\u9fff") else c
        pieces.append(n)
        index.extend([i] * len(n))
    s = "".join(pieces)
    t = ana._converter().convert(s)
    if len(t) == len(s):
        s = t
    return s, index


def fold_display(display: str) -> tuple[str, bool]:
    """Folded text for a stored display text; True when it aligns with ``display`` char by char."""
    f = ana._converter().convert(display).lower()
    return (f, True) if len(f) == len(display) else (f, False)


def snippet(display: str, rx: re.Pattern | None, terms: list[str], width: int = SNIPPET_CHARS) -> tuple[str, list[str]]:
    """(HTML snippet, hit terms found) for one unit's display text."""
    folded, aligned = fold_display(display)
    shown = display if aligned else folded
    matches = list(rx.finditer(folded)) if rx else []
    if not matches:
        body = shown[:width]
        return _esc(body) + ("…" if len(shown) > width else ""), []
    best_start, best_score = 0, -1
    for m in matches[:60]:
        start = max(0, m.start() - LEAD_CHARS)
        end = start + width
        distinct = {folded[x.start():x.end()] for x in matches if start <= x.start() and x.end() <= end}
        if len(distinct) > best_score:
            best_start, best_score = start, len(distinct)
    start, end = best_start, min(len(shown), best_start + width)
    out = ["…" if start > 0 else ""]
    cur = start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        out.append(_esc(shown[cur:m.start()]))
        out.append("<b>" + _esc(shown[m.start():m.end()]) + "</b>")
        cur = m.end()
    out.append(_esc(shown[cur:end]))
    if end < len(shown):
        out.append("…")
    found = _found_terms(folded, matches, terms)
    return "".join(out), found


def _found_terms(folded: str, matches, terms: list[str]) -> list[str]:
    hit = set()
    texts = {folded[m.start():m.end()] for m in matches}
    for t in terms:
        p = ana.highlight_pattern(t)
        if p and any(re.fullmatch(p, x) for x in texts):
            hit.add(t)
    return [t for t in terms if t in hit]


def _esc(s: str) -> str:
    return html.escape(s.replace("\n", " "), quote=False)
