"""Text folding and tokenisation for Chinese full-text search (no Whoosh objects here).

One pipeline for documents and queries:

1. ``fold(text)``: NFKC (full/half-width), join line breaks and layout spaces inside CJK text,
   OpenCC t2s on the *whole* joined text, lower case.
2. ``units(folded)``: the folded text as a sequence of *units*: one CJK character, one Latin/digit
   run, or one separator (a punctuation character or a whitespace run). A unit's index is its
   position; separators take a position but are not indexed, so ``〔2019〕54号`` and ``(2019)54号``
   have the same shape.
3. Terms at positions, all in one positional field:
   - every CJK character and every Latin/digit run (unigram), plus the letter/digit parts of a mixed
     run (``91440300ma5x`` → ``91440300``, ``ma``, ``5``, ``x``) at the same position;
   - every pair of adjacent indexed units (bigram, e.g. ``执法``, ``第262``, ``262号``).
   A query string becomes the rarest-free *covering* set of those terms at relative offsets
   (``_query.py`` checks the offsets exactly), so any substring of two or more units matches and a
   single character is a unigram lookup.
4. jieba words (dictionary words, HMM off) go to a separate frequency-only field used for ranking.

Postings are built as ``{term: [positions]}`` dicts directly, without per-token objects.
"""

from __future__ import annotations

import logging
import re
from math import log
import tempfile
import threading
import unicodedata
from collections import defaultdict
from pathlib import Path

# Where jieba keeps its pickled prefix dictionary (building it costs ~1 s). The application may
# point this at its data dir before the first search; never inside site-packages.
JIEBA_CACHE_DIR: Path | None = None

ANALYZER_VERSION = "1"

_CJK = (
    "\u3005\u3007\u3021-\u3029\u3038-\u303b"  # 々 〇 Suzhou numerals
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uac00-\ud7af"  # hangul
    "\U00020000-\U0003134f"
)
# CJK punctuation / full-width forms that NFKC leaves alone (、。〔〕《》「」 …)
_CJK_PUNCT = "\u3000-\u3004\u3008-\u3020\u30fb\uff00-\uffef\u2018-\u201f\u2026\u2014"

_RE_UNIT = re.compile(
    rf"([{_CJK}])|((?:(?![{_CJK}])[^\W_])+)|(\s+)|(.)", re.S
)
# whitespace containing a line break next to CJK text, or any whitespace between two CJK chars
_RE_JOIN_NL = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \t\r\f\v]*\n\s*|[ \t\r\f\v]*\n\s*(?=[{_CJK}{_CJK_PUNCT}])")
_RE_JOIN_SP = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \t\u00a0]+(?=[{_CJK}{_CJK_PUNCT}])")
_RE_CJKISH = re.compile(rf"[{_CJK}{_CJK_PUNCT}]")
_RE_PARTS = re.compile(r"[0-9]+|[^\W\d_]+")
_RE_HAN_RUN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]{2,}")

SEP = 0
CJK = 1
ALNUM = 2

_opencc = None
_opencc_lock = threading.Lock()
_jieba = None
_jieba_lock = threading.Lock()


def _converter():
    global _opencc
    if _opencc is None:
        with _opencc_lock:
            if _opencc is None:
                import opencc

                _opencc = opencc.OpenCC("t2s")
    return _opencc


def join_lines(text: str) -> str:
    """NFKC, then drop line breaks and layout spaces inside CJK text (PDF line wrapping)."""
    text = unicodedata.normalize("NFKC", text)
    text = _RE_JOIN_NL.sub("", text)
    return _RE_JOIN_SP.sub("", text)


def is_cjk(c: str) -> bool:
    """A CJK character or CJK punctuation (no spaces are used around these in Chinese text)."""
    return bool(_RE_CJKISH.match(c))


def fold(text: str) -> str:
    """The searchable form of a text: NFKC + joined CJK lines + traditional→simplified + lower."""
    if not text:
        return ""
    return _converter().convert(join_lines(text)).lower()


def fold_query(text: str) -> str:
    """Queries: NFKC + t2s + lower, but keep their spaces (they separate terms)."""
    if not text:
        return ""
    return _converter().convert(unicodedata.normalize("NFKC", text)).lower()


def units(folded: str) -> list[tuple[int, str]]:
    """[(kind, text)] for a folded string: CJK char, Latin/digit run, or separator."""
    out = []
    for m in _RE_UNIT.finditer(folded):
        c, a = m.group(1), m.group(2)
        if c is not None:
            out.append((CJK, c))
        elif a is not None:
            out.append((ALNUM, a))
        else:
            out.append((SEP, m.group(0)))
    return out


# One group: the indexed unit (CJK character or Latin/digit run); '' for a separator unit.
_RE_UNIT_TEXT = re.compile(rf"([{_CJK}]|(?:(?![{_CJK}])[^\W_])+)|\s+|.", re.S)


def postings(folded: str) -> tuple[dict[str, list[int]], int]:
    """{term: [positions]} for the positional body field, and the field length (units).

    Unigrams at every indexed unit, the letter/digit parts of mixed Latin/digit runs at the run's
    position, and bigrams of adjacent indexed units at the first unit's position. (A bigram always
    contains a CJK character, so it never collides with a unigram or a part.)"""
    us = _RE_UNIT_TEXT.findall(folded)
    n = len(us)
    post: defaultdict[str, list[int]] = defaultdict(list)
    bigrams = [a + b if a and b else "" for a, b in zip(us, us[1:])]
    for c, pos in zip(us + bigrams, [*range(n), *range(n - 1)]):
        post[c].append(pos)
    post.pop("", None)
    for pos in [i for i, c in enumerate(us) if len(c) > 1]:
        c = us[pos]  # a Latin/digit run: its letter/digit parts too, when mixed
        parts = _RE_PARTS.findall(c)
        if len(parts) > 1:
            for p in set(parts):
                if p != c:
                    lst = post[p]
                    if pos not in lst:
                        lst.append(pos)
                        lst.sort()
    return dict(post), n


def query_terms(folded: str) -> list[tuple[str, int]]:
    """The (term, offset) pairs that identify ``folded`` exactly: a covering set of bigrams for
    each run of adjacent indexed units and unigrams for isolated ones. Offsets are relative to
    the first unit. Empty if the string has no indexed unit (only punctuation)."""
    us = units(folded)
    out: list[tuple[str, int]] = []
    i, n = 0, len(us)
    while i < n:
        if us[i][0] == SEP:
            i += 1
            continue
        j = i
        while j + 1 < n and us[j + 1][0] != SEP:
            j += 1
        # run of indexed units i..j
        if i == j:
            out.append((us[i][1], i))
        else:
            starts = list(range(i, j, 2))
            if starts[-1] != j - 1:
                starts.append(j - 1)
            out.extend((us[k][1] + us[k + 1][1], k) for k in starts)
        i = j + 1
    if out:
        base = out[0][1]
        out = [(t, o - base) for t, o in out]
    return out


def all_bigram_terms(folded: str) -> list[tuple[str, int]]:
    """Every bigram/unigram of ``folded`` with offsets (used to pick the rarest covering set)."""
    us = units(folded)
    out = []
    for k, (kind, text) in enumerate(us):
        if kind == SEP:
            continue
        if k + 1 < len(us) and us[k + 1][0] != SEP:
            out.append((text + us[k + 1][1], k))
        elif k == 0 or us[k - 1][0] == SEP:
            out.append((text, k))
    return out


def highlight_pattern(folded: str) -> str:
    """A regex matching ``folded`` in folded text with any single separator where it has one."""
    us = units(folded)
    while us and us[0][0] == SEP:
        us.pop(0)
    while us and us[-1][0] == SEP:
        us.pop()
    return "".join(_SEP_PATTERN if kind == SEP else re.escape(text) for kind, text in us)


_SEP_PATTERN = r"(?:[^\w\s]|_|\s+)"


def match_pattern(folded: str) -> str:
    """``highlight_pattern`` plus the unit boundaries the index applies to Latin/digit runs: a
    query's leading/trailing digits (letters) never continue into more digits (letters), so
    54号 does not match 154号 (a mixed run such as ma5x is split at letter/digit changes)."""
    p = highlight_pattern(folded)
    if not p:
        return p
    core = folded.strip()
    us = units(core)
    first, last = us[0][1], us[-1][1]
    if us[0][0] == ALNUM:
        p = (r"(?<![0-9])" if first[0].isdigit() else rf"(?<![^\W\d_{_CJK}])") + p
    if us[-1][0] == ALNUM:
        p += r"(?![0-9])" if last[-1].isdigit() else rf"(?![^\W\d_{_CJK}])"
    return p


# ---------------------------------------------------------------- jieba words (ranking only)


def _tokenizer():
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                logging.getLogger("jieba").setLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                cache_dir = Path(JIEBA_CACHE_DIR) if JIEBA_CACHE_DIR else Path(tempfile.gettempdir())
                try:
                    cache_dir.mkdir(parents=True, exist_ok=True)
                    tok.tmp_dir = str(cache_dir)
                except OSError:
                    tok.tmp_dir = tempfile.gettempdir()
                tok.initialize()
                _jieba = tok
    return _jieba


_LOGP: dict[str, float | None] = {}  # dictionary prefix -> log(freq) - log(total); None: not a word


def _cut_long_words(run: str, freq: dict, logtotal: float, out: dict) -> None:
    """jieba's dictionary segmentation (``Tokenizer.__cut_DAG_NO_HMM``: the DAG of dictionary
    words, then the maximum-probability route) of one Han run, counting the words of 3+
    characters into ``out``. Same algorithm, arithmetic and tie-breaking as jieba, in one backward
    pass with log-probabilities memoised per dictionary prefix (about twice as fast)."""
    n = len(run)
    best = [0.0] * (n + 1)
    nxt = [0] * n
    logp = _LOGP
    get = logp.get
    missing = _MISSING_P
    fallback = -logtotal
    for idx in range(n - 1, -1, -1):
        bv = None
        bx = idx
        i = idx
        frag = run[idx]
        while True:
            lp = get(frag, missing)
            if lp is missing:
                f = freq.get(frag)
                if f is None:
                    break  # not a prefix of any dictionary word
                lp = logp[frag] = (log(f) - logtotal) if f else None
            if lp is not None:
                v = lp + best[i + 1]
                if bv is None or v >= bv:  # ties: jieba's max() over (value, end) prefers the longer word
                    bv, bx = v, i
            i += 1
            if i >= n:
                break
            frag = run[idx:i + 1]
        if bv is None:
            bv = fallback + best[idx + 1]  # log(1): not a dictionary word, a single character
        best[idx] = bv
        nxt[idx] = bx
    x = 0
    oget = out.get
    while x < n:
        y = nxt[x] + 1
        if y - x > 2:
            w = run[x:y]
            out[w] = oget(w, 0) + 1
        x = y


_MISSING_P = object()


def words(folded: str) -> dict[str, int]:
    """jieba dictionary words of 3+ characters in the Han runs of ``folded``, with counts
    (2-character words are already bigram terms of the body field)."""
    tok = _tokenizer()
    freq = tok.FREQ
    logtotal = log(tok.total)
    if _LOGP.get("") != logtotal:  # memo belongs to this dictionary
        _LOGP.clear()
        _LOGP[""] = logtotal
    counts: dict[str, int] = {}
    for run in _RE_HAN_RUN.findall(folded):
        if len(run) > 2:
            _cut_long_words(run, freq, logtotal, counts)
    return counts


def query_words(folded: str) -> list[str]:
    out = []
    for run in _RE_HAN_RUN.findall(folded):
        if len(run) > 2:
            out.extend(w for w in _tokenizer().cut(run, HMM=False) if len(w) > 2)
    return out


def warm_up() -> None:
    """Load OpenCC and jieba now (e.g. in a background thread at start-up)."""
    _converter()
    _tokenizer()
