"""Locality-specific reference data kept in resources/reference (document types, order
templates, 档号 patterns): loaded and checked here, never hard-coded elsewhere."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from workstation.errors import ConfigError

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "resources" / "reference"


@dataclass(frozen=True)
class DocumentType:
    name: str
    volume: str
    av: bool = False


@dataclass(frozen=True)
class OrderTemplate:
    id: str
    name: str
    volumes: dict[str, list[str]]


def _load(name: str, directory: Path | None = None) -> dict:
    path = (directory or REFERENCE_DIR) / name
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(reason=f"缺少参考数据文件 {path}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" 第 {mark.line + 1} 行" if mark else ""
        raise ConfigError(reason=f"{path}{where} 无法解析：{exc}") from None
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ConfigError(reason=f"{path}：缺少 version: 1")
    return data


@lru_cache(maxsize=None)
def document_types(directory: Path | None = None) -> tuple[DocumentType, ...]:
    data = _load("document_types.yaml", directory)
    out = []
    for n, entry in enumerate(data.get("types") or [], 1):
        if not isinstance(entry, dict) or not entry.get("name") or entry.get("volume") not in ("正卷", "副卷"):
            raise ConfigError(reason=f"document_types.yaml 第 {n} 个类型缺少 name 或 volume（正卷/副卷）")
        out.append(DocumentType(entry["name"], entry["volume"], bool(entry.get("av", False))))
    return tuple(out)


@lru_cache(maxsize=None)
def order_templates(directory: Path | None = None) -> tuple[OrderTemplate, ...]:
    data = _load("order_templates.yaml", directory)
    known = {t.name for t in document_types(directory)}
    out = []
    for entry in data.get("templates") or []:
        for vol, names in (entry.get("volumes") or {}).items():
            unknown = [n for n in names if n not in known]
            if vol not in ("正卷", "副卷") or unknown:
                raise ConfigError(reason=f"order_templates.yaml 模板 {entry.get('id')}：卷 {vol} 含未知文件类型 {unknown}")
        out.append(OrderTemplate(entry["id"], entry["name"], {k: list(v) for k, v in entry["volumes"].items()}))
    return tuple(out)


@lru_cache(maxsize=None)
def archival_code_rules(directory: Path | None = None) -> dict:
    return _load("archival_codes.yaml", directory)
