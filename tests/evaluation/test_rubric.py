"""Rubric files: the shipped ones load; broken ones fail with the file and the line."""

from __future__ import annotations

import textwrap

import pytest

from workstation.errors import ConfigError, RubricError
from workstation.evaluation.rubric import RUBRIC_DIR, Rubric, load_all, load_file, load_text

GOOD = textwrap.dedent("""\
    id: mini
    name: 小评分表
    version: "1"
    total: 10
    grade_bands:
      - {name: 优秀, min: 9}
      - {name: 合格, min: 6}
      - {name: 不合格, min: 0}
    stages:
      - name: 甲阶段
        items:
          - {code: "1", title: 固定项, max: 4, deduction: {kind: fixed, points: 4}}
          - {code: "2", title: 幅度项, max: 6, deduction: {kind: range, min: 1, max: 6}}
      - name: 否决项
        items:
          - {code: F1, title: 否决, deduction: {kind: veto}}
    """)


def err(text: str, file: str = "bad.yaml") -> RubricError:
    with pytest.raises(RubricError) as info:
        load_text(text, file)
    return info.value


def test_shipped_rubrics_load_and_total_100():
    rubrics = load_all([RUBRIC_DIR])
    assert set(rubrics) >= {"licensing", "penalty-ordinary"}
    lic = rubrics["licensing"]
    assert lic.name == "行政许可案卷评分表" and lic.total == 100
    # 12 items of the 评分表 (item 12 as 8 × 1.5) plus the veto items
    points = [i.max_points for i in lic.ordered_items() if not i.is_veto]
    assert points == [5, 10, 6, 6, 15, 6, 5, 10, 10, 10, 5] + [1.5] * 8
    assert sum(points) == 100
    pen = rubrics["penalty-ordinary"]
    assert [(s["name"], s["points"]) for s in pen.stages] == [
        ("立案审批", 5), ("调查取证", 35), ("审查决定", 35), ("送达执行", 9), ("归档与卷面", 16), ("否决项", 0)]
    assert sum(i.is_veto for i in pen.items.values()) == 12
    kinds = {i.kind for i in pen.items.values()}
    assert kinds == {"fixed", "per_occurrence", "range", "capped", "veto"}
    assert pen.item("4.1").basis.startswith("《中华人民共和国行政处罚法》第六十一条")


def test_grade_bands():
    r = load_text(GOOD, "good.yaml")
    assert [r.grade(x) for x in (10, 9, 8.99, 6, 5.5, 0)] == ["优秀", "优秀", "合格", "合格", "不合格", "不合格"]
    assert r.grade(10, vetoed=True) == "不合格"
    pen = load_file(RUBRIC_DIR / "penalty-ordinary.yaml")
    assert [pen.grade(x) for x in (100, 90, 89.5, 60, 59.5)] == ["优秀", "优秀", "合格", "合格", "不合格"]


def test_yaml_syntax_error_names_line():
    e = err(GOOD.replace("  - name: 否决项", "  - name: [否决项"))
    assert e.data["file"] == "bad.yaml" and e.data["line"] in (15, 16)
    assert "YAML" in e.message and "bad.yaml" in e.message


def test_missing_field_names_line_of_the_item():
    e = err(GOOD.replace(", max: 4, deduction: {kind: fixed, points: 4}", ""))
    assert e.data["line"] == 12 and "deduction" in e.data["reason"]


def test_unknown_field_names_its_own_line():
    e = err(GOOD.replace('version: "1"\n', 'version: "1"\nauthor: 某人\n'))
    assert e.data["line"] == 4 and "author" in e.data["reason"]


def test_bad_kind_and_wrong_type():
    e = err(GOOD.replace("kind: fixed", "kind: fixd"))
    assert e.data["line"] == 12 and "fixd" in e.data["reason"] and "per_occurrence" in e.data["reason"]
    e = err(GOOD.replace("max: 6, deduction", "max: 六, deduction"))
    assert e.data["line"] == 13 and "数字" in e.data["reason"]


def test_points_must_sum_to_total():
    e = err(GOOD.replace("total: 10", "total: 12"))
    assert e.data["line"] == 4 and "12" in e.data["reason"] and "10" in e.data["reason"]


def test_deduction_must_fit_its_item():
    e = err(GOOD.replace("kind: range, min: 1, max: 6", "kind: range, min: 1, max: 7"))
    assert e.data["line"] == 13 and "超过本项分值" in e.data["reason"]
    e = err(GOOD.replace("kind: fixed, points: 4", "kind: fixed"))
    assert e.data["line"] == 12 and "points" in e.data["reason"]
    e = err(GOOD.replace("{kind: veto}", "{kind: veto, points: 2}"))
    assert e.data["line"] == 16


def test_bands_must_descend_and_reach_zero():
    e = err(GOOD.replace("{name: 合格, min: 6}", "{name: 合格, min: 9.5}"))
    assert e.data["line"] == 7 and "从高到低" in e.data["reason"]
    e = err(GOOD.replace("{name: 不合格, min: 0}", "{name: 不合格, min: 1}"))
    assert e.data["line"] == 8


def test_duplicate_codes_and_keys():
    e = err(GOOD.replace('code: "2"', 'code: "1"'))
    assert e.data["line"] == 13 and "重复" in e.data["reason"]
    e = err(GOOD.replace('name: 小评分表\n', 'name: 小评分表\nname: 又一个\n'))
    assert e.data["line"] == 3 and "重复" in e.data["reason"]


def test_bad_file_in_a_directory_is_reported(tmp_path):
    (tmp_path / "ok.yaml").write_text(GOOD, "utf-8")
    (tmp_path / "broken.yaml").write_text(GOOD.replace("total: 10", "total: ten"), "utf-8")
    with pytest.raises(RubricError) as info:
        load_all([tmp_path])
    assert info.value.data["file"] == "broken.yaml" and info.value.data["line"] == 4
    assert "broken.yaml 第 4 行" in str(info.value)


def test_version_hash_and_snapshot():
    a = load_text(GOOD, "a.yaml")
    # comments and layout do not change the content hash; content does
    b = load_text("# 注释\n" + GOOD.replace("{name: 优秀, min: 9}", "{min: 9, name: 优秀}"), "b.yaml")
    assert a.content_hash == b.content_hash and len(a.content_hash) == 64
    c = load_text(GOOD.replace("title: 固定项", "title: 固定项（改）"), "c.yaml")
    assert c.content_hash != a.content_hash
    snap = a.snapshot()
    again = Rubric.from_snapshot(snap)
    assert again.content_hash == a.content_hash and again.item("2").range_max == 6
    snap["data"]["stages"][0]["items"][0]["title"] = "被改过"
    with pytest.raises(ConfigError):
        Rubric.from_snapshot(snap)
