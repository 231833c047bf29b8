"""Locality-dependent review rules, kept as data in resources/review/*.yaml: time limits,
the 重大 catalogue, the materials list, the checklist points and conclusions, annotation
categories and the 意见书 layout. An installation overrides a file by putting one of the
same name into ``<data dir>/review/`` (the whole file replaces the shipped one)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from workstation.errors import ConfigError

REVIEW_DIR = Path(__file__).resolve().parents[2] / "resources" / "review"
FILES = ("time_limits.yaml", "major_catalogue.yaml", "materials.yaml", "checklist.yaml", "annotations.yaml",
         "opinion.yaml")


@dataclass(frozen=True)
class CheckPoint:
    no: int
    name: str
    question: str
    optional: bool = False


@dataclass(frozen=True)
class Material:
    name: str
    required: bool


@dataclass(frozen=True)
class ReviewConfig:
    limit_days: int
    extension_days: int
    next_day: bool
    supplement_days: int
    warn_yellow_days: int
    warn_red_days: int
    dispute_request_days: int
    dispute_answer_days: int
    discussion_min_participants: int
    catalogue: tuple[tuple[str, str], ...]  # (code, name)
    materials: tuple[Material, ...]
    points: tuple[CheckPoint, ...]
    results: tuple[str, ...]
    conclusions: tuple[str, ...]
    categories: tuple[str, ...]
    opinion: dict[str, Any]
    sources: tuple[str, ...]  # the files read, for diagnostics

    def point(self, no: int) -> CheckPoint:
        for p in self.points:
            if p.no == int(no):
                return p
        raise KeyError(no)

    def catalogue_name(self, text: str) -> str:
        """A catalogue entry by code or name (as stored on a submission)."""
        for code, name in self.catalogue:
            if text in (code, name):
                return name
        raise KeyError(text)


def _load(name: str, override_dir: Path | None) -> tuple[dict, str]:
    path = REVIEW_DIR / name
    if override_dir is not None and (override_dir / name).is_file():
        path = override_dir / name
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(reason=f"缺少法制审核配置文件 {path}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" 第 {mark.line + 1} 行" if mark else ""
        raise ConfigError(reason=f"{path}{where} 无法解析：{exc}") from None
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ConfigError(reason=f"{path}：缺少 version: 1")
    return data, str(path)


def _int(data: dict, key: str, path: str, minimum: int = 0) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ConfigError(reason=f"{path}：{key} 应为不小于 {minimum} 的整数")
    return value


_CACHE: dict[tuple, ReviewConfig] = {}


def load_config(data_dir: Path | None = None) -> ReviewConfig:
    """The review rules, with the installation's overrides from ``<data_dir>/review``."""
    override_dir = Path(data_dir) / "review" if data_dir is not None else None
    stamp = tuple((override_dir / f).stat().st_mtime_ns if override_dir and (override_dir / f).is_file() else 0
                  for f in FILES)
    key = (str(override_dir), stamp)
    if key in _CACHE:
        return _CACHE[key]
    limits, p1 = _load("time_limits.yaml", override_dir)
    cat, p2 = _load("major_catalogue.yaml", override_dir)
    mats, p3 = _load("materials.yaml", override_dir)
    chk, p4 = _load("checklist.yaml", override_dir)
    ann, p5 = _load("annotations.yaml", override_dir)
    op, p6 = _load("opinion.yaml", override_dir)
    catalogue = []
    for n, e in enumerate(cat.get("entries") or [], 1):
        if not isinstance(e, dict) or not e.get("code") or not e.get("name"):
            raise ConfigError(reason=f"{p2}：第 {n} 个目录条目缺少 code 或 name")
        catalogue.append((str(e["code"]), str(e["name"])))
    materials = []
    for n, e in enumerate(mats.get("materials") or [], 1):
        if not isinstance(e, dict) or not e.get("name"):
            raise ConfigError(reason=f"{p3}：第 {n} 项材料缺少 name")
        materials.append(Material(str(e["name"]), bool(e.get("required", False))))
    points = []
    for n, e in enumerate(chk.get("points") or [], 1):
        if not isinstance(e, dict) or not isinstance(e.get("id"), int) or not e.get("name"):
            raise ConfigError(reason=f"{p4}：第 {n} 个审核要点缺少 id 或 name")
        points.append(CheckPoint(e["id"], str(e["name"]), str(e.get("question", "")), bool(e.get("optional", False))))
    if len({p.no for p in points}) != len(points) or not points:
        raise ConfigError(reason=f"{p4}：审核要点编号重复或为空")
    results = tuple(chk.get("results") or ())
    conclusions = tuple(chk.get("conclusions") or ())
    categories = tuple(ann.get("categories") or ())
    if not results or not conclusions or not categories:
        raise ConfigError(reason=f"{p4}/{p5}：results、conclusions、categories 不能为空")
    cfg = ReviewConfig(
        limit_days=_int(limits, "limit_days", p1, 1), extension_days=_int(limits, "extension_days", p1),
        next_day=bool(limits.get("next_day", True)), supplement_days=_int(limits, "supplement_days", p1),
        warn_yellow_days=_int(limits, "warn_yellow_days", p1), warn_red_days=_int(limits, "warn_red_days", p1),
        # overrides written before disputes were modelled keep working with the defaults
        dispute_request_days=_int({"dispute_request_days": 3, **limits}, "dispute_request_days", p1, 1),
        dispute_answer_days=_int({"dispute_answer_days": 2, **limits}, "dispute_answer_days", p1, 1),
        discussion_min_participants=_int({"discussion_min_participants": 3, **limits},
                                         "discussion_min_participants", p1, 1),
        catalogue=tuple(catalogue), materials=tuple(materials), points=tuple(points), results=results,
        conclusions=conclusions, categories=categories, opinion=dict(op), sources=(p1, p2, p3, p4, p5, p6))
    _CACHE[key] = cfg
    return cfg
