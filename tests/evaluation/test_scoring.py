"""The five deduction kinds, the item cap, the floor at 0, vetoes (pure scoring)."""

from __future__ import annotations

import textwrap

import pytest

from workstation.errors import Conflict, InvalidInput
from workstation.evaluation.rubric import load_text
from workstation.evaluation.scoring import Anchor, anchor_text, check_deduction, compute

RUBRIC = load_text(textwrap.dedent("""\
    id: kinds
    name: 五种扣分
    version: "1"
    total: 20
    veto: {score: zero}
    grade_bands:
      - {name: 优秀, min: 18}
      - {name: 合格, min: 12}
      - {name: 不合格, min: 0}
    stages:
      - name: 全部
        items:
          - {code: A, title: 固定, max: 3, deduction: {kind: fixed, points: 2}}
          - {code: B, title: 按处, max: 4, deduction: {kind: per_occurrence, points: 1.5}}
          - {code: C, title: 幅度, max: 5, deduction: {kind: range, min: 1, max: 4}}
          - {code: D, title: 扣完为止, max: 4, deduction: {kind: capped, points: 1.5}}
          - {code: E, title: 其他, max: 4, deduction: {kind: fixed, points: 4}}
          - {code: V, title: 否决, deduction: {kind: veto}}
    """), "kinds.yaml")


def add(sheet: list, code: str, **kw):
    points, count = check_deduction(RUBRIC, code, sheet, reason=kw.pop("reason", "理由"), **kw)
    sheet.append({"item_code": code, "points": points, "count": count})
    return points, count


def test_fixed_takes_its_value_once():
    sheet: list = []
    assert add(sheet, "A") == (2, 1)
    with pytest.raises(Conflict):
        add(sheet, "A")
    with pytest.raises(InvalidInput):
        check_deduction(RUBRIC, "E", [], points=3, reason="x")
    assert compute(RUBRIC, sheet).score == 18


def test_per_occurrence_multiplies_and_is_not_capped_by_the_item():
    sheet: list = []
    assert add(sheet, "B", count=2) == (3, 2)
    assert add(sheet, "B", count=1) == (1.5, 1)
    res = compute(RUBRIC, sheet)
    assert res.items["B"].applied == 4.5 and not res.items["B"].capped  # more than the item's 4
    assert res.score == 15.5
    with pytest.raises(InvalidInput):
        check_deduction(RUBRIC, "B", [], count=0, reason="x")
    with pytest.raises(InvalidInput):  # points given must agree with value × count
        check_deduction(RUBRIC, "B", [], count=2, points=2, reason="x")


def test_range_is_chosen_within_bounds_once():
    with pytest.raises(InvalidInput) as info:
        check_deduction(RUBRIC, "C", [], reason="x")
    assert info.value.key == "points_required"
    for bad in (0.5, 4.5):
        with pytest.raises(InvalidInput) as info:
            check_deduction(RUBRIC, "C", [], points=bad, reason="x")
        assert info.value.key == "points_out_of_range"
    sheet: list = []
    assert add(sheet, "C", points=2.5) == (2.5, 1)
    with pytest.raises(Conflict):
        add(sheet, "C", points=1)
    assert compute(RUBRIC, sheet).score == 17.5


def test_capped_item_floors_at_zero():
    sheet: list = []
    add(sheet, "D", count=2)  # 3
    add(sheet, "D", count=1)  # 4.5 entered, the item has 4
    res = compute(RUBRIC, sheet)
    assert res.items["D"].raw == 4.5 and res.items["D"].applied == 4 and res.items["D"].capped
    assert res.score == 16 and res.grade == "合格"


def test_total_never_below_zero():
    sheet: list = []
    add(sheet, "A")
    add(sheet, "B", count=10)  # 15
    add(sheet, "C", points=4)
    add(sheet, "D", count=3)
    res = compute(RUBRIC, sheet)
    assert res.deducted == 2 + 15 + 4 + 4 and res.score == 0 and res.floored and res.grade == "不合格"


def test_veto_marks_failure_at_once():
    sheet: list = []
    assert add(sheet, "V") == (0, 1)
    res = compute(RUBRIC, sheet)
    assert res.vetoed and res.veto_items == ["V"] and res.grade == "不合格" and res.score == 0
    with pytest.raises(InvalidInput):
        check_deduction(RUBRIC, "V", [], points=5, reason="x")


def test_veto_keeps_score_when_the_rubric_says_so():
    keep = load_text(_yaml_keep(), "keep.yaml")
    res = compute(keep, [{"item_code": "A", "points": 2}, {"item_code": "V", "points": 0}])
    assert res.score == 18 and res.grade == "不合格" and res.vetoed


def _yaml_keep() -> str:
    import yaml

    data = dict(RUBRIC.data)
    data["veto"] = {"score": "keep"}
    return yaml.safe_dump(data, allow_unicode=True)


def test_reason_and_anchor_are_required():
    with pytest.raises(InvalidInput) as info:
        check_deduction(RUBRIC, "A", [], reason="  ")
    assert info.value.key == "reason_required"
    for bad in (None, {}, {"item_id": 3}, {"item_id": 3, "page": 0}, {"item_id": 3, "ms": 5, "ms_end": 1}):
        with pytest.raises(InvalidInput):
            Anchor.parse(bad)
    a = Anchor.parse({"item_id": "3", "page": "2", "page_end": 4})
    assert a.to_json() == {"item_id": 3, "page": 2, "page_end": 4}
    assert anchor_text({"item_id": 3, "page": 2, "page_end": 4}, "询问笔录", "12") == "询问笔录 第 2–4 页（卷内页号 12）"
    assert anchor_text({"item_id": 5, "ms": 65_000, "ms_end": 80_000}, "执法记录仪视频") == "执法记录仪视频 00:01:05–00:01:20"
