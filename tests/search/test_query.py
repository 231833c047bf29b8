import pytest

from workstation.errors import InvalidInput
from workstation.search import QuerySyntaxError
from workstation.search._query import parse


@pytest.mark.parametrize(
    "query, fragment",
    [
        ("", "为空"),
        ("   ", "为空"),
        ("(执法", "括号不成对"),
        ("执法)", "多余的右括号"),
        ('"执法', "引号不成对"),
        ("执法 AND", "之后缺少检索词"),
        ("OR 执法", "之前缺少检索词"),
        ("执法 OR OR 审核", "之后缺少检索词"),
        ("NOT", "之后缺少检索词"),
        ("-", "之后缺少检索词"),
        ("()", "括号内没有检索词"),
        ("来源:主动公开", "未知的字段"),
        ("案号:", "缺少检索值"),
        ("，。", "不含可检索的文字"),
        ("日期:2026-13-01", "不是有效的日期"),
        ("日期:2026-03-31..2026-01-01", "起点晚于终点"),
        ("密级:顶级", "未知的密级"),
        ("类型:图片", "未知的类型"),
    ],
)
def test_malformed_queries_raise_helpful_errors(query, fragment):
    with pytest.raises(QuerySyntaxError) as ei:
        parse(query)
    err = ei.value
    assert isinstance(err, InvalidInput)
    assert err.key == "query_syntax"
    assert fragment in str(err)


def test_error_points_at_the_position():
    with pytest.raises(QuerySyntaxError) as ei:
        parse("执法 AND (审核 OR")
    assert ei.value.position is not None and "▲" in str(ei.value)


def test_operators_only_standalone():
    # 与/非/或 inside words are text, standing alone they are operators
    q = str(parse("行政执法与监督").query)
    assert "与监" in q
    q = str(parse("执法 非 公示").query)
    assert "NOT" in q


def test_not_compiles_to_and_not_not_andnot():
    from whoosh import query as wq

    q = parse("执法 NOT 公示").query
    assert isinstance(q, wq.And) and any(isinstance(s, wq.Not) for s in q.subqueries)
    assert "AndNot" not in repr(q)


def test_query_terms_are_folded_and_exclude_negated():
    c = parse('執法記錄儀 NOT 简易 "全過程"')
    assert c.terms == ["执法记录仪", "全过程"]


def test_quoted_colon_is_text():
    assert parse('"来源:主动公开"').terms == ["来源:主动公开"]


def test_english_field_names_and_ranges():
    parse("title:方案 party:张三 case_no:54号 date:2019-01..2019-12 year:2019..2020 level:2 type:page status:open")
