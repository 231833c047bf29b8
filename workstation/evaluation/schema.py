"""YAML with line numbers, and the JSON Schema subset the rubric schema uses.

``load_marked(text, file)`` parses YAML into plain Python data plus ``lines``: the 1-based
line of every value by its path (("stages", 0, "items", 2, "max") → 41), so a check made on
the plain data can still name the line. ``validate(data, lines, schema, file)`` raises a
``RubricError`` at the first violation of the schema (file and line in the message).

Supported keywords: type (one or a list), required, properties, additionalProperties (false),
items, enum, minimum, exclusiveMinimum, minLength, minItems, pattern, $ref (#/definitions/…).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from workstation.errors import RubricError

Path_ = tuple[Any, ...]
_TYPE_NAMES = {"string": "文本", "number": "数字", "integer": "整数", "boolean": "是/否", "object": "映射（键: 值）",
               "array": "列表"}


class MarkedData:
    def __init__(self, data: Any, lines: dict[Path_, int], file: str):
        self.data = data
        self.lines = lines
        self.file = file

    def line(self, path: Path_) -> int:
        """The line of ``path``, else of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), 1)

    def error(self, path: Path_, reason: str) -> RubricError:
        return RubricError(file=self.file, line=self.line(path), reason=reason)


def load_marked(text: str, file: str) -> MarkedData:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise RubricError(file=file, line=(mark.line + 1) if mark else 1,
                          reason=f"YAML 无法解析：{getattr(exc, 'problem', None) or exc}") from None
    if root is None:
        raise RubricError(file=file, line=1, reason="文件为空")
    lines: dict[Path_, int] = {}
    constructor = yaml.SafeLoader("")

    def build(node: yaml.Node, path: Path_) -> Any:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = constructor.construct_object(key_node, deep=True)
                if key in out:
                    raise RubricError(file=file, line=key_node.start_mark.line + 1, reason=f"字段“{key}”重复出现")
                out[key] = build(value_node, path + (key,))
                # An unknown or misplaced key is reported on the key's own line.
                lines[path + (key, "<key>")] = key_node.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            return [build(child, path + (i,)) for i, child in enumerate(node.value)]
        try:
            return constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise RubricError(file=file, line=node.start_mark.line + 1, reason=f"无法解析的值：{exc}") from None

    return MarkedData(build(root, ()), lines, file)


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    raise ValueError(f"unsupported schema type {name!r}")


def _where(path: Path_) -> str:
    names = [str(p) for p in path if not isinstance(p, int)]
    return f"“{names[-1]}”" if names else "文件"


def validate(doc: MarkedData, schema: dict[str, Any]) -> None:
    definitions = schema.get("definitions", {})

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        ref = node.get("$ref")
        if ref is None:
            return node
        if not ref.startswith("#/definitions/"):
            raise ValueError(f"unsupported $ref {ref!r}")
        return definitions[ref.rsplit("/", 1)[1]]

    def check(value: Any, node: dict[str, Any], path: Path_) -> None:
        node = resolve(node)
        types = node.get("type")
        if types is not None:
            types = [types] if isinstance(types, str) else list(types)
            if not any(_is_type(value, t) for t in types):
                wanted = "或".join(_TYPE_NAMES[t] for t in types)
                raise doc.error(path, f"{_where(path)}应为{wanted}，实为“{value}”")
        if "enum" in node and value not in node["enum"]:
            raise doc.error(path, f"{_where(path)}的值“{value}”无效，可选：{'、'.join(map(str, node['enum']))}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in node and value < node["minimum"]:
                raise doc.error(path, f"{_where(path)}不得小于 {node['minimum']}")
            if "exclusiveMinimum" in node and value <= node["exclusiveMinimum"]:
                raise doc.error(path, f"{_where(path)}须大于 {node['exclusiveMinimum']}")
        if isinstance(value, (str, int)) and not isinstance(value, bool) and "pattern" in node:
            if not re.search(node["pattern"], str(value)):
                raise doc.error(path, f"{_where(path)}的值“{value}”格式不对")
        if isinstance(value, str) and len(value.strip()) < node.get("minLength", 0):
            raise doc.error(path, f"{_where(path)}不能为空")
        if isinstance(value, list):
            if len(value) < node.get("minItems", 0):
                raise doc.error(path, f"{_where(path)}至少要有 {node['minItems']} 项")
            if "items" in node:
                for i, child in enumerate(value):
                    check(child, node["items"], path + (i,))
        if isinstance(value, dict):
            props = node.get("properties", {})
            for key in node.get("required", []):
                if key not in value:
                    raise doc.error(path, f"缺少必填字段“{key}”")
            for key, child in value.items():
                if key in props:
                    check(child, props[key], path + (key,))
                elif node.get("additionalProperties", True) is False:
                    line = doc.lines.get(path + (key, "<key>"), doc.line(path))
                    known = "、".join(props)
                    raise RubricError(file=doc.file, line=line, reason=f"不认识的字段“{key}”（可用：{known}）")

    check(doc.data, schema, ())
