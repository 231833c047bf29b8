"""评查评分表 (rubrics) as data: loading, validation, versions, grade bands.

A rubric is a YAML file (resources/rubrics/*.yaml, plus ``<data dir>/rubrics`` for local
ones) checked against ``rubric.schema.yaml`` and then against the rules the schema cannot
express (item points sum to ``total``, a deduction's values fit its item, bands descend…).
Every error names the file and the line.

Versions: a rubric carries a ``version`` field and a content hash (SHA-256 of its canonical
JSON, so comments and layout do not count). A plan stores the rubric it was made with as a
snapshot (``Rubric.snapshot()`` → ``Rubric.from_snapshot``); score sheets are always scored
against that snapshot, so later edits of the file never change a finished evaluation.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

from workstation.errors import ConfigError, NotFound, RubricError
from workstation.evaluation.schema import MarkedData, load_marked, validate

RUBRIC_DIR = Path(__file__).resolve().parents[2] / "resources" / "rubrics"
SCHEMA_FILE = "rubric.schema.yaml"
KINDS = ("fixed", "per_occurrence", "range", "capped", "veto")
KIND_NAMES = {"fixed": "固定扣分", "per_occurrence": "按处扣分", "range": "幅度扣分", "capped": "按处扣分（本项扣完为止）",
              "veto": "否决项"}
DEFAULT_BANDS = ({"name": "优秀", "min": 90}, {"name": "合格", "min": 60}, {"name": "不合格", "min": 0})


def _num(x: float) -> float:
    return round(float(x), 2)


@dataclass(frozen=True)
class RubricItem:
    code: str
    title: str
    stage: str
    category: str
    max_points: float
    kind: str
    points: float | None = None  # fixed / per_occurrence / capped
    range_min: float | None = None
    range_max: float | None = None
    basis: str = ""
    defect_code: str = ""
    guidance: str = ""

    @property
    def is_veto(self) -> bool:
        return self.kind == "veto"

    def rule_text(self) -> str:
        if self.kind == "fixed":
            return f"扣 {self.points:g} 分"
        if self.kind == "per_occurrence":
            return f"每处扣 {self.points:g} 分"
        if self.kind == "capped":
            return f"每处扣 {self.points:g} 分，本项扣完为止"
        if self.kind == "range":
            return f"酌情扣 {self.range_min:g}–{self.range_max:g} 分"
        return "否决：案卷不合格"

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "stage": self.stage, "category": self.category,
                "max": self.max_points, "kind": self.kind, "kind_name": KIND_NAMES[self.kind], "points": self.points,
                "min": self.range_min, "range_max": self.range_max, "rule": self.rule_text(), "basis": self.basis,
                "defect_code": self.defect_code, "guidance": self.guidance}


@dataclass(frozen=True)
class GradeBand:
    name: str
    min: float


@dataclass
class Rubric:
    key: str
    name: str
    version: str
    total: float
    bands: list[GradeBand]
    veto_grade: str
    veto_zero: bool
    categories: list[str]
    procedures: list[str]
    stages: list[dict[str, Any]]  # [{"name", "points", "categories": [{"name", "codes": [...]}]}]
    items: dict[str, RubricItem]
    data: dict[str, Any]
    content_hash: str
    source: str = ""
    description: str = ""
    legal_source: str = ""
    _order: list[str] = field(default_factory=list, repr=False)

    # -- grading ---------------------------------------------------------------------------------
    def grade(self, score: float, vetoed: bool = False) -> str:
        if vetoed:
            return self.veto_grade
        for band in self.bands:
            if score >= band.min:
                return band.name
        return self.bands[-1].name

    @property
    def band_names(self) -> list[str]:
        return [b.name for b in self.bands]

    def item(self, code: str) -> RubricItem:
        try:
            return self.items[str(code)]
        except KeyError:
            raise NotFound(what=f"评分表 {self.name} 中的评查项 {code}") from None

    def ordered_items(self) -> list[RubricItem]:
        return [self.items[c] for c in self._order]

    # -- serialisation ---------------------------------------------------------------------------
    def summary(self) -> dict[str, Any]:
        return {"id": self.key, "name": self.name, "version": self.version, "hash": self.content_hash,
                "total": self.total, "items": len(self.items), "vetoes": sum(i.is_veto for i in self.items.values()),
                "categories": self.categories, "procedures": self.procedures, "source": self.source,
                "bands": [{"name": b.name, "min": b.min} for b in self.bands], "veto_grade": self.veto_grade}

    def to_json(self) -> dict[str, Any]:
        return {**self.summary(), "description": self.description, "legal_source": self.legal_source,
                "veto_score": "zero" if self.veto_zero else "keep",
                "stages": [{"name": st["name"], "points": st["points"], "categories": [
                    {"name": cat["name"], "items": [self.items[c].to_json() for c in cat["codes"]]}
                    for cat in st["categories"]]} for st in self.stages]}

    def snapshot(self) -> dict[str, Any]:
        """What a plan stores: enough to rebuild exactly this rubric later."""
        return {"data": self.data, "hash": self.content_hash, "source": self.source}

    @classmethod
    def from_snapshot(cls, snap: dict[str, Any]) -> "Rubric":
        rubric = build(MarkedData(snap["data"], {}, snap.get("source") or "快照"))
        if rubric.content_hash != snap.get("hash"):
            raise ConfigError(reason=f"评分表快照 {rubric.key} 的内容与记录的哈希不符")
        rubric.source = snap.get("source", "")
        return rubric


def content_hash(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return yaml.safe_load((RUBRIC_DIR / SCHEMA_FILE).read_text("utf-8"))


def build(doc: MarkedData) -> Rubric:
    """Schema check, then the rules across fields; → Rubric."""
    validate(doc, schema())
    d = doc.data
    err = doc.error
    items: dict[str, RubricItem] = {}
    order: list[str] = []
    stages: list[dict[str, Any]] = []
    for si, st in enumerate(d["stages"]):
        has_items, has_cats = "items" in st, "categories" in st
        if has_items == has_cats:
            raise err(("stages", si), f"阶段“{st['name']}”须有 items 或 categories 之一（不能两者都有或都没有）")
        cats = [{"name": "", "items": st["items"], "path": ("stages", si, "items")}] if has_items else [
            {"name": c["name"], "items": c["items"], "path": ("stages", si, "categories", ci, "items")}
            for ci, c in enumerate(st["categories"])]
        stage = {"name": st["name"], "points": 0.0, "categories": []}
        for cat in cats:
            codes = []
            for ii, raw in enumerate(cat["items"]):
                path = cat["path"] + (ii,)
                code = str(raw["code"])
                if code in items:
                    raise err(path + ("code",), f"评查项编号“{code}”重复")
                ded = raw["deduction"]
                kind = ded["kind"]
                if kind == "veto":
                    if raw.get("max", 0):
                        raise err(path + ("max",), f"否决项“{code}”不计分值，max 应省略或为 0")
                    for extra in ("points", "min", "max"):
                        if extra in ded:
                            raise err(path + ("deduction", extra), f"否决项“{code}”不能设 {extra}")
                    max_points = 0.0
                else:
                    if "max" not in raw:
                        raise err(path, f"评查项“{code}”缺少分值 max")
                    max_points = float(raw["max"])
                    if max_points <= 0:
                        raise err(path + ("max",), f"评查项“{code}”的分值须大于 0")
                points = rmin = rmax = None
                if kind in ("fixed", "per_occurrence", "capped"):
                    if "points" not in ded:
                        raise err(path + ("deduction",), f"评查项“{code}”的扣分方式 {kind} 须给出 points（每次/每处扣分）")
                    for extra in ("min", "max"):
                        if extra in ded:
                            raise err(path + ("deduction", extra), f"扣分方式 {kind} 不用 {extra}（只用 points）")
                    points = float(ded["points"])
                    if kind != "per_occurrence" and points > max_points:
                        raise err(path + ("deduction", "points"),
                                  f"评查项“{code}”每次扣 {points:g} 分，超过本项分值 {max_points:g}")
                elif kind == "range":
                    if "min" not in ded or "max" not in ded:
                        raise err(path + ("deduction",), f"评查项“{code}”的幅度扣分须给出 min 和 max")
                    if "points" in ded:
                        raise err(path + ("deduction", "points"), "幅度扣分不用 points（用 min、max）")
                    rmin, rmax = float(ded["min"]), float(ded["max"])
                    if rmin > rmax:
                        raise err(path + ("deduction", "min"), f"评查项“{code}”的扣分幅度下限 {rmin:g} 大于上限 {rmax:g}")
                    if rmax > max_points:
                        raise err(path + ("deduction", "max"),
                                  f"评查项“{code}”最多扣 {rmax:g} 分，超过本项分值 {max_points:g}")
                items[code] = RubricItem(
                    code=code, title=raw["title"].strip(), stage=st["name"], category=cat["name"],
                    max_points=max_points, kind=kind, points=points, range_min=rmin, range_max=rmax,
                    basis=raw.get("basis", ""), defect_code=raw.get("defect_code", ""), guidance=raw.get("guidance", ""))
                order.append(code)
                codes.append(code)
                stage["points"] += max_points
            stage["categories"].append({"name": cat["name"], "codes": codes})
        stages.append(stage)
    total = float(d["total"])
    points_sum = sum(i.max_points for i in items.values())
    if abs(points_sum - total) > 1e-6:
        raise err(("total",), f"各评查项分值之和为 {points_sum:g}，与总分 total {total:g} 不符")
    bands = [GradeBand(b["name"], float(b["min"])) for b in d["grade_bands"]]
    for i in range(1, len(bands)):
        if bands[i].min >= bands[i - 1].min:
            raise err(("grade_bands", i, "min"), f"等次须按分数从高到低排列：“{bands[i].name}”的下限不低于上一档")
    if len({b.name for b in bands}) != len(bands):
        raise err(("grade_bands",), "等次名称重复")
    if bands[-1].min != 0:
        raise err(("grade_bands", len(bands) - 1, "min"), "最低一档的下限须为 0（每个分数都要有等次）")
    if bands[0].min > total:
        raise err(("grade_bands", 0, "min"), f"最高一档的下限 {bands[0].min:g} 超过总分 {total:g}")
    veto = d.get("veto", {})
    veto_grade = veto.get("grade", bands[-1].name)
    if veto_grade not in {b.name for b in bands}:
        raise err(("veto", "grade"), f"否决后的等次“{veto_grade}”不是 grade_bands 中的等次")
    applies = d.get("applies_to", {})
    return Rubric(key=d["id"], name=d["name"], version=str(d["version"]), total=total, bands=bands,
                  veto_grade=veto_grade, veto_zero=veto.get("score", "zero") == "zero",
                  categories=list(applies.get("categories", [])), procedures=list(applies.get("procedures", [])),
                  stages=stages, items=items, data=d, content_hash=content_hash(d), source=doc.file,
                  description=d.get("description", ""), legal_source=d.get("source", ""), _order=order)


def load_text(text: str, file: str) -> Rubric:
    return build(load_marked(text, file))


def load_file(path: Path) -> Rubric:
    try:
        text = Path(path).read_text("utf-8")
    except UnicodeDecodeError:
        raise RubricError(file=str(path), line=1, reason="文件不是 UTF-8 编码") from None
    except OSError as exc:
        raise RubricError(file=str(path), line=1, reason=f"无法读取：{exc.strerror or exc}") from None
    return load_text(text, Path(path).name)


def rubric_files(dirs: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for d in dirs:
        if Path(d).is_dir():
            out.extend(sorted(p for p in Path(d).glob("*.yaml") if p.name != SCHEMA_FILE))
    return out


def load_all(dirs: Iterable[Path]) -> dict[str, Rubric]:
    """Every rubric in ``dirs`` by id (a later directory overrides an earlier one); a bad file
    raises its RubricError, two files with one id in the same directory are a ConfigError."""
    found: dict[str, Rubric] = {}
    for d in dirs:
        seen: dict[str, str] = {}
        for path in rubric_files([d]):
            rubric = load_file(path)
            if rubric.key in seen:
                raise RubricError(file=path.name, line=1, reason=f"评分表编号 {rubric.key} 已由 {seen[rubric.key]} 使用")
            seen[rubric.key] = path.name
            found[rubric.key] = rubric
    return found
