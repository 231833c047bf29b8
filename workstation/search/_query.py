"""The query language: a small recursive-descent parser that builds Whoosh query objects.

    query    := or_expr
    or_expr  := and_expr ( (OR | 或 | "|") and_expr )*
    and_expr := not_expr ( [AND | 与 | 且 | "&"] not_expr )*      -- juxtaposition is AND
    not_expr := (NOT | 非 | "-") not_expr | atom
    atom     := "(" or_expr ")" | FIELD ":" (atom) | "…" phrase | word

Operators are recognised only as separate tokens (upper-case AND/OR/NOT, or 与/或/非 standing
alone), so 与 or 非 inside a word stays text. A word or phrase becomes an ``OffsetPhrase`` of its
covering bigrams (see ``_analyzer``). NOT compiles to ``And([a, Not(b)])``: Whoosh's ``AndNot``
let excluded documents through (environment.md). Every error is a ``QuerySyntaxError`` that says,
in Chinese, what is wrong and where.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from whoosh import query as wq

from workstation.errors import InvalidInput

from . import _analyzer as ana
from ._phrase import OffsetPhrase
from ._schema import TEXT_FIELDS


class QuerySyntaxError(InvalidInput):
    key = "query_syntax"
    template = "检索式有误：{reason}"

    def __init__(self, reason: str, position: int | None = None, query: str = ""):
        where = ""
        if position is not None and query:
            pos = max(0, min(position, len(query)))
            where = f"（第 {pos + 1} 个字符处：{query[:pos]}▲{query[pos:]}）"
        super().__init__(reason=reason + where, position=position if position is not None else "", query=query)
        self.reason = reason
        self.position = position


LEVEL_NAMES = {"公开": 0, "内部": 1, "秘密": 2, "机密": 3, "绝密": 4}
KIND_NAMES = {
    "page": "page", "页": "page", "页面": "page", "文档": "page", "pdf": "page",
    "segment": "segment", "片段": "segment", "转写": "segment", "音视频": "segment", "录音": "segment",
    "录像": "segment",
    "item_meta": "item_meta", "条目": "item_meta", "文件": "item_meta", "著录": "item_meta",
    "case_meta": "case_meta", "案件": "case_meta", "案卷": "case_meta",
}

# user-facing field name -> internal name
FIELD_ALIASES = {
    "案号": "case_no", "case_no": "case_no", "caseno": "case_no",
    "当事人": "party", "party": "party",
    "题名": "title", "标题": "title", "title": "title",
    "执法类别": "category", "类别": "category", "category": "category",
    "文号": "doc_no", "doc_no": "doc_no", "docno": "doc_no",
    "责任者": "author", "author": "author",
    "案由": "cause", "cause": "cause",
    "状态": "status", "status": "status",
    "年度": "year", "年份": "year", "年": "year", "year": "year",
    "日期": "date", "date": "date",
    "类型": "kind", "type": "kind", "kind": "kind",
    "密级": "level", "level": "level", "classification": "level",
    "全文": "body", "text": "body", "正文": "body",
}
FIELD_HELP = "案号、当事人、题名、执法类别、文号、责任者、案由、日期、年度、类型、状态、密级、全文"

_AND = {"AND", "&", "&&", "与", "且"}
_OR = {"OR", "|", "||", "或"}
_NOT = {"NOT", "!", "非"}
_QUOTES = {'"': '"', "“": "”", "”": "”", "「": "」", "『": "』"}
_STOP = set("()") | set(_QUOTES)
_RE_FIELDNAME = re.compile(r"[^\W\d_][^\W_]*")
_RE_DATE = re.compile(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?")
_RE_YEAR = re.compile(r"\d{4}")


@dataclass
class Tok:
    kind: str  # LP RP AND OR NOT WORD PHRASE FIELD
    text: str
    pos: int


def lex(q: str) -> list[Tok]:
    toks: list[Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c == "(" and not _glued_paren(q, i, i):
            toks.append(Tok("LP", c, i))
            i += 1
        elif c == ")":
            toks.append(Tok("RP", c, i))
            i += 1
        elif c in _QUOTES:
            close = _QUOTES[c]
            j = q.find(close, i + 1)
            if close != '"' and j < 0:
                j = q.find('"', i + 1)
            if j < 0:
                raise QuerySyntaxError("引号不成对，缺少结束引号", i, q)
            toks.append(Tok("PHRASE", q[i + 1 : j], i))
            i = j + 1
        else:
            j = i
            while j < n and not q[j].isspace():
                if q[j] == "(" and _glued_paren(q, i, j):
                    j = q.index(")", j) + 1
                    continue
                if q[j] in _STOP:
                    break
                j += 1
            _bare(q, q[i:j], i, toks)
            i = j
    return toks


def _glued_paren(q: str, start: int, j: int) -> bool:
    """Is the "(" at ``j`` part of a word, as in 〔2019〕 written (2019)54号 or 国办发(2018)118号?
    Yes when its content has no space and it is glued to text before (from ``start``) or after."""
    k = q.find(")", j)
    if k < 0:
        return False
    inner = q[j + 1 : k]
    if not inner or any(c.isspace() or c in _STOP for c in inner):
        return False
    prefix = q[start:j]
    glued_before = bool(prefix) and not prefix.endswith(":")
    glued_after = k + 1 < len(q) and not q[k + 1].isspace() and q[k + 1] not in _STOP
    return glued_before or glued_after


def _bare(q: str, tok: str, pos: int, toks: list[Tok]) -> None:
    if tok in _AND:
        toks.append(Tok("AND", tok, pos))
    elif tok in _OR:
        toks.append(Tok("OR", tok, pos))
    elif tok in _NOT or tok == "-":
        toks.append(Tok("NOT", tok, pos))
    elif tok.startswith("-"):
        toks.append(Tok("NOT", "-", pos))
        _bare(q, tok[1:], pos + 1, toks)
    elif ":" in tok and tok.index(":") > 0:
        name, _, rest = tok.partition(":")
        key = FIELD_ALIASES.get(name.lower())
        if key is not None:
            toks.append(Tok("FIELD", key, pos))
            if rest:
                toks.append(Tok("WORD", rest, pos + len(name) + 1))
        elif _RE_FIELDNAME.fullmatch(name):
            raise QuerySyntaxError(
                f"未知的字段“{name}”，可用字段：{FIELD_HELP}；若要检索含冒号的文字，请加引号", pos, q
            )
        else:
            toks.append(Tok("WORD", tok, pos))
    else:
        toks.append(Tok("WORD", tok, pos))


# ------------------------------------------------------------------------------------ AST


@dataclass
class Node:
    op: str  # term, and, or, not
    kids: list["Node"] = field(default_factory=list)
    field: str = "body"
    text: str = ""
    pos: int = 0


class _Parser:
    def __init__(self, q: str):
        self.q = q
        self.toks = lex(q)
        self.i = 0

    def peek(self) -> Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def err(self, reason: str, pos: int | None = None):
        if pos is None:
            t = self.peek()
            pos = t.pos if t else len(self.q)
        raise QuerySyntaxError(reason, pos, self.q)

    def parse(self) -> Node:
        if not self.toks:
            raise QuerySyntaxError("检索式为空，请输入检索词")
        node = self.or_expr("body")
        t = self.peek()
        if t is not None:
            if t.kind == "RP":
                self.err("多余的右括号“)”")
            self.err(f"无法理解“{t.text}”")
        return node

    def or_expr(self, fld: str) -> Node:
        kids = [self.and_expr(fld)]
        while (t := self.peek()) is not None and t.kind == "OR":
            self.take()
            self._need_operand(t, "或（OR）")
            kids.append(self.and_expr(fld))
        return kids[0] if len(kids) == 1 else Node("or", kids)

    def and_expr(self, fld: str) -> Node:
        kids = [self.not_expr(fld)]
        while (t := self.peek()) is not None:
            if t.kind == "AND":
                self.take()
                self._need_operand(t, "与（AND）")
            elif t.kind not in ("WORD", "PHRASE", "FIELD", "LP", "NOT"):
                break
            kids.append(self.not_expr(fld))
        return kids[0] if len(kids) == 1 else Node("and", kids)

    def not_expr(self, fld: str) -> Node:
        t = self.peek()
        if t is not None and t.kind == "NOT":
            self.take()
            self._need_operand(t, "非（NOT）")
            return Node("not", [self.not_expr(fld)], pos=t.pos)
        return self.atom(fld)

    def _need_operand(self, op: Tok, name: str) -> None:
        t = self.peek()
        if t is None or t.kind in ("RP", "AND", "OR"):
            both = "" if op.kind == "NOT" else f"，{name} 两侧都需要检索词"
            self.err(f"运算符“{op.text}”之后缺少检索词{both}", op.pos)

    def atom(self, fld: str) -> Node:
        t = self.peek()
        if t is None:
            self.err("检索式不完整，末尾缺少检索词")
        if t.kind == "LP":
            self.take()
            if (n := self.peek()) is not None and n.kind == "RP":
                self.err("括号内没有检索词", t.pos)
            node = self.or_expr(fld)
            close = self.peek()
            if close is None or close.kind != "RP":
                self.err("括号不成对，缺少右括号“)”", t.pos)
            self.take()
            return node
        if t.kind == "FIELD":
            self.take()
            if fld != "body":
                self.err("字段检索不能嵌套", t.pos)
            v = self.peek()
            if v is None or v.kind not in ("WORD", "PHRASE", "LP"):
                self.err(f"字段“{t.text}”之后缺少检索值（例如 案号:〔2019〕54号）", t.pos)
            return self.atom(t.text)
        if t.kind in ("WORD", "PHRASE"):
            self.take()
            return Node("term", field=fld, text=t.text, pos=t.pos)
        if t.kind == "RP":
            self.err("多余的右括号“)”")
        self.err(f"运算符“{t.text}”之前缺少检索词")
        raise AssertionError


# ------------------------------------------------------------------------------- compile


@dataclass
class Compiled:
    query: wq.Query
    terms: list[str]  # folded positive terms, for highlighting
    field_terms: list[tuple[str, str]]  # (field, folded text) positive field terms


def parse(q: str) -> Compiled:
    """Parse a user query into a Whoosh query (without the access scope)."""
    if q is None or not q.strip():
        raise QuerySyntaxError("检索式为空，请输入检索词")
    q = ana._converter().convert(unicodedata.normalize("NFKC", q))  # whole query at once
    node = _Parser(q).parse()
    terms: list[str] = []
    fterms: list[tuple[str, str]] = []
    query = _compile(node, q, terms, fterms, negated=False)
    return Compiled(query, list(dict.fromkeys(terms)), fterms)


def _compile(node: Node, q: str, terms: list, fterms: list, negated: bool) -> wq.Query:
    if node.op == "and":
        pos = [k for k in node.kids if k.op != "not"]
        neg = [k for k in node.kids if k.op == "not"]
        subs = [_compile(k, q, terms, fterms, negated) for k in pos]
        subs += [wq.Not(_compile(k.kids[0], q, terms, fterms, not negated)) for k in neg]
        return wq.And(subs)
    if node.op == "or":
        return wq.Or([_compile(k, q, terms, fterms, negated) for k in node.kids])
    if node.op == "not":
        return wq.Not(_compile(node.kids[0], q, terms, fterms, not negated))
    return _term(node, q, terms, fterms, negated)


def _term(node: Node, q: str, terms: list, fterms: list, negated: bool) -> wq.Query:
    fld, text = node.field, node.text
    if fld == "body" or fld in TEXT_FIELDS:
        folded = ana.fold(text).strip()
        pairs = ana.query_terms(folded)
        if not pairs:
            raise QuerySyntaxError(f"“{text}”不含可检索的文字（只有标点或空白）", node.pos, q)
        fname = "body" if fld == "body" else "f_" + fld
        sub = wq.Term(fname, pairs[0][0]) if len(pairs) == 1 else OffsetPhrase(fname, pairs)
        if not negated:
            (terms if fld == "body" else fterms).append(folded if fld == "body" else (fld, folded))
            if fld == "body":
                ws = [w for w in ana.query_words(folded)]
                if ws:  # rank dictionary-word hits higher; matching is decided by the bigrams
                    sub = wq.AndMaybe(sub, wq.Or([wq.Term("words", w) for w in dict.fromkeys(ws)]))
        return sub
    value = unicodedata.normalize("NFKC", text).strip().lower()
    if not value:
        raise QuerySyntaxError(f"字段“{fld}”的检索值为空", node.pos, q)
    if fld == "level":
        v = LEVEL_NAMES.get(value, value)
        if str(v) not in {"0", "1", "2", "3", "4"}:
            raise QuerySyntaxError(f"未知的密级“{text}”，可用：公开、内部、秘密、机密、绝密", node.pos, q)
        return wq.Term("level", str(v))
    if fld == "kind":
        v = KIND_NAMES.get(value)
        if v is None:
            raise QuerySyntaxError(f"未知的类型“{text}”，可用：页面、片段（音视频转写）、文件、案件", node.pos, q)
        return wq.Term("kind", v)
    if fld == "status":
        return wq.Term("status", ana.fold_query(value))
    if fld in ("date", "year"):
        return _date(fld, value, text, node.pos, q)
    raise QuerySyntaxError(f"未知的字段“{fld}”", node.pos, q)


def _date(fld: str, value: str, raw: str, pos: int, q: str) -> wq.Query:
    rx = _RE_YEAR if fld == "year" else _RE_DATE
    fmt = "YYYY" if fld == "year" else "YYYY-MM-DD"
    value = value.replace("/", "-").replace("~", "..")
    if ".." in value:
        lo, _, hi = value.partition("..")
        lo, hi = lo.strip(), hi.strip()
        for part in (lo, hi):
            if part and (not rx.fullmatch(part) or not _valid_date(part)):
                raise QuerySyntaxError(f"“{raw}”不是有效的{'年度' if fld == 'year' else '日期'}范围，格式：{fmt}..{fmt}", pos, q)
        if not lo and not hi:
            raise QuerySyntaxError("范围两端不能都为空", pos, q)
        lo_v = (lo if fld == "year" else _pad(lo, low=True)) if lo else None
        hi_v = (hi if fld == "year" else _pad(hi, low=False)) if hi else None
        if lo_v and hi_v and lo_v > hi_v:
            raise QuerySyntaxError(f"范围“{raw}”的起点晚于终点", pos, q)
        return wq.TermRange(fld, lo_v, hi_v)
    if not rx.fullmatch(value) or not _valid_date(value):
        raise QuerySyntaxError(f"“{raw}”不是有效的{'年度' if fld == 'year' else '日期'}，格式：{fmt}", pos, q)
    if fld == "year":
        return wq.Term("year", value)
    if len(value) < 8:  # 2026 or 2026-03: the whole year or month
        return wq.TermRange("date", _pad(value, low=True), _pad(value, low=False))
    return wq.Term("date", _pad(value, low=True))


def _valid_date(d: str) -> bool:
    parts = [int(x) for x in d.split("-")]
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    if len(parts) == 3:
        try:
            datetime.date(*parts)
        except ValueError:
            return False
    return True


def _pad(d: str, low: bool) -> str:
    """A partial date as the lowest/highest full value it stands for (lexicographic order)."""
    parts = d.split("-")
    if len(parts) == 1:
        return parts[0] if low else parts[0] + "-12-31"
    y, m = parts[0], parts[1].zfill(2)
    if len(parts) == 2:
        return f"{y}-{m}" if low else f"{y}-{m}-31"
    return f"{y}-{m}-{parts[2].zfill(2)}"
