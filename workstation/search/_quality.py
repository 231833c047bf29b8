"""Search quality measurement: a query set over the demo corpus and a brute-force oracle.

The oracle evaluates a parsed query directly on unit texts: a term matches when its folded form
occurs as a substring of the folded text (with the Latin/digit run boundaries the index applies,
``_analyzer.match_pattern``). It shares the parser and the folding with the engine but not the
index, so index-side mistakes (lost line breaks, bigram positions, NOT leaks, scope) show up.
Used by tests/search and benchmarks/search.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from . import _analyzer as ana
from ._query import _Parser, Node

# (kind, query). Every query has at least one expected unit in the demo corpus.
QUERIES: list[tuple[str, str]] = [
    ("simplified", "执法记录仪"),
    ("simplified", "法制审核"),
    ("simplified", "行政处罚"),
    ("simplified", "音像记录"),
    ("simplified", "双公示"),
    ("traditional", "執法記錄儀"),
    ("traditional", "全過程記錄"),
    ("traditional", "法制審核"),
    ("traditional", "重大執法決定"),
    ("traditional", "行政處罰"),
    ("mixed", "執法记录仪"),
    ("mixed", "法制審核制度"),
    ("mixed", "行政執法公示"),
    ("cross_word", "法记录"),
    ("cross_word", "制审核"),
    ("cross_word", "政执"),
    ("cross_word", "录制度"),
    ("cross_word", "定法制"),
    ("single_char", "罚"),
    ("single_char", "卷"),
    ("single_char", "仪"),
    ("single_char", "審"),
    ("phrase", '"全过程记录制度"'),
    ("phrase", '"重大执法决定法制审核"'),
    ("phrase", '"执法 人员"'),
    ("not", "执法 NOT 公示"),
    ("not", "记录 -音像"),
    ("not", "制度 AND NOT (公示 OR 审核)"),
    ("not", "执法记录仪 非 佩戴"),
    ("boolean", "听证 OR 复议"),
    ("boolean", "音像 AND 保存"),
    ("boolean", "(法制审核 OR 法律顾问) 与 重大"),
    ("case_no", "国办发〔2018〕118号"),
    ("case_no", "〔2017〕14号"),
    ("case_no", "118号"),
    ("case_no", "国办发"),
    ("fullwidth", "〔２０１８〕１１８号"),
    ("fullwidth", "２０个工作日"),
    ("number", "2019年10月"),
    ("number", "20个工作日"),
]


def term_matcher(field_text: Callable[[str], str]) -> Callable[[Node], bool]:
    """A predicate for term nodes over one unit: ``field_text(field)`` gives its folded text."""
    cache: dict[str, re.Pattern] = {}

    def match(node: Node) -> bool:
        folded = ana.fold(node.text).strip()
        rx = cache.get(folded)
        if rx is None:
            rx = cache[folded] = re.compile(ana.match_pattern(folded))
        return rx.search(field_text(node.field)) is not None

    return match


def evaluate(node: Node, match: Callable[[Node], bool]) -> bool:
    if node.op == "and":
        return all(evaluate(k, match) for k in node.kids)
    if node.op == "or":
        return any(evaluate(k, match) for k in node.kids)
    if node.op == "not":
        return not evaluate(node.kids[0], match)
    return match(node)


def parse_tree(query: str) -> Node:
    import unicodedata

    q = ana._converter().convert(unicodedata.normalize("NFKC", query))
    return _Parser(q).parse()


def brute_force(query: str, units: Mapping[str, str]) -> set[str]:
    """doc_ids among ``units`` (doc_id → raw body text) that the query should find (body terms)."""
    tree = parse_tree(query)
    out = set()
    for doc_id, text in units.items():
        folded = ana.fold(text)
        if evaluate(tree, term_matcher(lambda f, t=folded: t)):
            out.add(doc_id)
    return out


def precision_recall_at(k: int, ranked: list[str], expected: set[str]) -> tuple[float, float]:
    top = ranked[:k]
    if not expected:
        return (1.0 if not top else 0.0), 1.0
    good = sum(1 for d in top if d in expected)
    precision = good / len(top) if top else 0.0
    recall = good / min(k, len(expected))
    return precision, recall
