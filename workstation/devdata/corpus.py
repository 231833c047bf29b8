"""Genuine Chinese text for generated documents (resources/demo-corpus/*.txt).

The corpus holds public government documents on the 三项制度. ``paragraphs()`` splits them
into stripped, non-empty paragraphs in a fixed order, so a ``random.Random(seed)`` picking from
it is deterministic.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parents[2] / "resources" / "demo-corpus"

# Characters stripped from both ends of a line: ASCII/full-width blanks, NBSP, BOM.
_BLANKS = " \t\r\n\u3000\u00a0\ufeff"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def corpus_files() -> list[Path]:
    files = sorted(CORPUS_DIR.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"demo corpus missing: no *.txt in {CORPUS_DIR}")
    return files


@lru_cache(maxsize=1)
def _paragraphs() -> tuple[str, ...]:
    out: list[str] = []
    for f in corpus_files():
        for line in f.read_text(encoding="utf-8").splitlines():
            line = line.strip(_BLANKS)
            if line:
                out.append(line)
    return tuple(out)


def paragraphs(min_cjk: int = 0) -> list[str]:
    """All corpus paragraphs (one per non-empty line), stripped, in file order.

    ``min_cjk`` keeps only paragraphs with at least that many Chinese characters, which drops
    web-page furniture like "字体:" when real body text is wanted.
    """
    paras = _paragraphs()
    if min_cjk:
        return [p for p in paras if cjk_count(p) >= min_cjk]
    return list(paras)


@lru_cache(maxsize=8)
def _body(min_cjk: int) -> tuple[str, ...]:
    return tuple(paragraphs(min_cjk))


def cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


def sample_paragraphs(rng: random.Random, n: int, *, min_cjk: int = 20) -> list[str]:
    """``n`` consecutive body paragraphs starting at a random place (reads like a real excerpt)."""
    body = _body(min_cjk)
    start = rng.randrange(len(body))
    return [body[(start + i) % len(body)] for i in range(n)]


def sample_text(rng: random.Random, n_chars: int, *, min_cjk: int = 20) -> str:
    """About ``n_chars`` characters of running corpus text, cut at a sentence end if possible.

    Consecutive paragraphs from a random start, joined with newlines. The result is at most
    ``n_chars`` long and never empty for ``n_chars`` > 0.
    """
    if n_chars <= 0:
        return ""
    body = _body(min_cjk)
    i = rng.randrange(len(body))
    parts: list[str] = []
    size = 0
    while size < n_chars:
        p = body[i % len(body)]
        parts.append(p)
        size += len(p) + 1
        i += 1
    text = "\n".join(parts)[:n_chars]
    cut = max(text.rfind(c) for c in "。；！？")
    if cut >= n_chars // 2:
        text = text[: cut + 1]
    return text
