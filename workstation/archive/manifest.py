"""Read and check a dossier folder's manifest (``dossier.yaml``; docs/manifest-format.md).

Everything is checked before anything is imported. Each problem is reported as a
:class:`~workstation.errors.ManifestError` naming the manifest file and the 1-based line of
the offending key or value. Keys may be English or Chinese; the result uses English keys and
the vocabularies of :mod:`workstation.archive.vocab`.

When several problems are found the one on the earliest line is raised; the full list is on
the exception's ``errors`` attribute (``[{"key", "line", "reason"}, …]``) so a UI can show
them all at once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Callable

import yaml

from workstation.archive.probe import is_media_extension
from workstation.archive.vocab import Category, Classification, Procedure, Retention, VolumeKind
from workstation.errors import ManifestError

FORMAT_ID = "workstation-dossier/1"
MANIFEST_NAMES = ("dossier.yaml", "案卷.yaml", "manifest.yaml")
BEIJING = dt.timezone(dt.timedelta(hours=8))

#: Operating-system litter that is never reported as an unlisted file.
IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "ehthumbs.db"})

# --------------------------------------------------------------------------- key aliases

TOP_KEYS = {"format": "format", "格式": "format",
            "case": "case", "案件": "case", "案卷封面": "case",
            "volumes": "volumes", "卷": "volumes"}
CASE_KEYS = {
    "case_no": "case_no", "案号": "case_no",
    "title": "title", "题名": "title", "案卷题名": "title",
    "party": "party", "当事人": "party",
    "party_id_no": "party_id_no", "当事人证件号": "party_id_no",
    "cause": "cause", "案由": "cause",
    "category": "category", "执法类别": "category",
    "procedure": "procedure", "程序": "procedure",
    "handling_unit": "handling_unit", "承办机构": "handling_unit",
    "handlers": "handlers", "承办人": "handlers",
    "decision_no": "decision_no", "决定书文号": "decision_no",
    "opened_on": "opened_on", "立案日期": "opened_on",
    "closed_on": "closed_on", "结案日期": "closed_on",
    "retention": "retention", "保管期限": "retention",
    "classification": "classification", "密级": "classification",
    "secrecy_term": "secrecy_term", "保密期限": "secrecy_term",
    "remarks": "remarks", "备注": "remarks",
}
VOLUME_KEYS = {"kind": "kind", "类型": "kind", "seq": "seq", "卷号": "seq",
               "title": "title", "题名": "title", "items": "items", "件": "items"}
ITEM_KEYS = {
    "file": "file", "文件": "file",
    "title": "title", "题名": "title",
    "doc_no": "doc_no", "文号": "doc_no",
    "author": "author", "责任者": "author",
    "date": "date", "日期": "date",
    "doc_type": "doc_type", "文件类型": "doc_type",
    "classification": "classification", "密级": "classification",
    "remarks": "remarks", "备注": "remarks",
    "production_note": "production_note", "制作说明": "production_note",
}
NOTE_KEYS = {
    "method": "method", "制作方法": "method",
    "device": "device", "设备": "device",
    "device_serial": "device_serial", "设备编号": "device_serial",
    "is_original": "is_original", "是否原件": "is_original",
    "copy_method": "copy_method", "复制方法": "copy_method",
    "recorded_from": "recorded_from", "制作开始时间": "recorded_from",
    "recorded_to": "recorded_to", "制作结束时间": "recorded_to",
    "clock_checked": "clock_checked", "已校对时钟": "clock_checked",
    "makers": "makers", "制作人": "makers",
    "proves": "proves", "证明对象": "proves",
    "original_carrier": "original_carrier", "原始载体": "original_carrier",
    "carrier_location": "carrier_location", "存放位置": "carrier_location",
    "unedited_statement": "unedited_statement", "剪辑声明": "unedited_statement",
    "interruption_notes": "interruption_notes", "中断说明": "interruption_notes",
}
MAKER_KEYS = {"name": "name", "姓名": "name", "cert_no": "cert_no", "执法证号": "cert_no"}

_LABELS = {
    "format": "format（清单格式）", "case": "case（案件）", "volumes": "volumes（卷）",
    "case_no": "case_no（案号）", "title": "title（题名）", "category": "category（执法类别）",
    "kind": "kind（卷类型）", "items": "items（件）", "file": "file（文件）", "name": "name（姓名）",
}


# --------------------------------------------------------------------------- result

@dataclass
class ManifestItem:
    file: Path  # absolute resolved path
    rel: str  # as written (posix)
    line: int
    title: str
    doc_no: str = ""
    author: str = ""
    date: dt.date | None = None
    doc_type: str = ""
    classification: Classification | None = None  # None = inherit the case's
    remarks: str = ""
    production_note: dict[str, Any] | None = None


@dataclass
class ManifestVolume:
    kind: VolumeKind
    seq: int
    title: str
    items: list[ManifestItem]
    line: int


@dataclass
class Manifest:
    path: Path  # the manifest file
    folder: Path
    case: dict[str, Any]
    volumes: list[ManifestVolume]
    unlisted_files: list[str] = field(default_factory=list)  # a warning, not an error

    @property
    def items(self) -> list[ManifestItem]:
        return [item for volume in self.volumes for item in volume.items]


# --------------------------------------------------------------------------- YAML with lines

class _Map(dict):
    """A mapping that remembers where each key and value was written (1-based lines)."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}
        self.value_lines: dict[Any, int] = {}
        self.raw: dict[Any, str | None] = {}
        self.duplicates: list[tuple[Any, int]] = []


class _Seq(list):
    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []
        self.raw: list[str | None] = []


def _plain_text(node: yaml.Node) -> str | None:
    """The text of a plain (unquoted) scalar, so 0123 or 2026-03-01 can still be read as text."""
    if isinstance(node, yaml.ScalarNode) and node.style is None:
        return node.value
    return None


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    out = _Map()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            key = repr(key)
        key_line = key_node.start_mark.line + 1
        if key in out:
            out.duplicates.append((key, key_line))
            continue
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_line
        out.value_lines[key] = value_node.start_mark.line + 1
        out.raw[key] = _plain_text(value_node)
    return out


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> _Seq:
    out = _Seq()
    out.line = node.start_mark.line + 1
    for child in node.value:
        out.append(loader.construct_object(child, deep=True))
        out.lines.append(child.start_mark.line + 1)
        out.raw.append(_plain_text(child))
    return out


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # e.g. 2026-02-30: keep the text, the checks report it with its line
        return node.value


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


# --------------------------------------------------------------------------- public API

def find_manifest(folder: Path) -> Path | None:
    """The manifest file at the top of ``folder`` (first of MANIFEST_NAMES), or None."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    for name in MANIFEST_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    try:  # case-insensitive file systems aside, accept e.g. "Dossier.yaml"
        entries = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    except OSError:
        return None
    for name in MANIFEST_NAMES:
        if name.lower() in entries:
            return entries[name.lower()]
    return None


def load_manifest(folder_or_file: Path) -> Manifest:
    """Parse and check a dossier's manifest; raises ManifestError on the first problem."""
    target = Path(folder_or_file)
    if target.is_dir():
        found = find_manifest(target)
        if found is None:
            raise ManifestError(key="no_manifest", file=str(target), line=0,
                                reason="文件夹中没有案卷清单（" + "、".join(MANIFEST_NAMES) + "）")
        path = found
    elif target.is_file():
        path = target
    else:
        raise ManifestError(key="no_manifest", file=str(target), line=0, reason="文件夹或清单文件不存在")
    root = _read_yaml(path)
    checker = _Checker(path, path.parent)
    return checker.run(root)


def _read_yaml(path: Path) -> _Map:
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ManifestError(key="manifest_syntax", file=file, line=0, reason=f"无法读取清单文件：{exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ManifestError(key="manifest_syntax", file=file, line=line,
                            reason="清单文件不是 UTF-8 编码（可能以 GBK 保存），请另存为 UTF-8") from exc
    try:
        root = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        reason = "YAML 语法错误：" + (exc.problem or "")
        if "'\\t'" in (exc.problem or ""):
            reason += "（YAML 不能用 Tab 缩进，请改用空格）"
        if exc.context:
            where = f"，开始于第 {exc.context_mark.line + 1} 行" if exc.context_mark is not None else ""
            reason += f"（{exc.context}{where}）"
        raise ManifestError(key="manifest_syntax", file=file, line=line, reason=reason) from exc
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", None)
        line = text[:position].count("\n") + 1 if isinstance(position, int) else 1
        raise ManifestError(key="manifest_syntax", file=file, line=line, reason=f"YAML 语法错误：{exc}") from exc
    except RecursionError as exc:
        raise ManifestError(key="manifest_syntax", file=file, line=1, reason="YAML 嵌套过深") from exc
    if not isinstance(root, _Map):
        line = getattr(root, "line", 1) or 1
        what = "为空" if root is None else "的顶层不是键值映射"
        raise ManifestError(key="manifest_syntax", file=file, line=line,
                            reason=f"清单{what}，应包含 format、case、volumes 等键")
    return root


# --------------------------------------------------------------------------- checking

class _Bad(Exception):
    """A value that cannot be accepted; the message is the Chinese reason."""


@dataclass
class _Field:
    value: Any
    key: str  # as written
    key_line: int
    value_line: int
    raw: str | None


class _Checker:
    def __init__(self, path: Path, folder: Path):
        self.path = path
        self.file = str(path)
        self.folder = folder
        self.root = Path(os.path.realpath(folder))
        self.errors: list[tuple[int, int, str, str]] = []  # (line, order, key, reason)
        self.seen_files: dict[Any, tuple[int, str]] = {}
        self.listed: set[str] = set()

    # ---- errors

    def err(self, key: str, line: int, reason: str) -> None:
        self.errors.append((line, len(self.errors), key, reason))

    def field_err(self, line: int, reason: str) -> None:
        self.err("manifest_field", line, reason)

    # ---- generic helpers

    def keys(self, mapping: _Map, aliases: dict[str, str], where: str) -> dict[str, _Field]:
        out: dict[str, _Field] = {}
        for key, line in mapping.duplicates:
            self.field_err(line, f"{where}中的键「{key}」重复出现")
        for key, value in mapping.items():
            key_line = mapping.key_lines[key]
            name = aliases.get(key.strip()) if isinstance(key, str) else None
            if name is None:
                self.field_err(key_line, f"{where}中有未知的键「{key}」")
                continue
            if name in out:
                self.field_err(key_line, f"{where}中的键「{key}」与第 {out[name].key_line} 行的"
                                         f"「{out[name].key}」含义相同，重复填写")
                continue
            out[name] = _Field(value, str(key), key_line, mapping.value_lines[key], mapping.raw.get(key))
        return out

    def require(self, fields: dict[str, _Field], name: str, line: int, where: str) -> _Field | None:
        f = fields.get(name)
        if f is None or f.value is None or (isinstance(f.value, str) and not f.value.strip()):
            label = _LABELS.get(name, name)
            if f is None:
                self.field_err(line, f"{where}缺少必填项 {label}")
            else:
                self.field_err(f.value_line, f"{where}的必填项 {label} 不能为空")
            return None
        return f

    def conv(self, fields: dict[str, _Field], name: str, fn: Callable[[_Field], Any], default: Any = None,
             label: str = "") -> Any:
        f = fields.get(name)
        if f is None:
            return default
        try:
            value = fn(f)
        except _Bad as exc:
            self.field_err(f.value_line, f"{label or f.key}：{exc}")
            return default
        return default if value is None else value

    # ---- value converters

    @staticmethod
    def text(f: _Field) -> str:
        return _text(f.value, f.raw)

    @staticmethod
    def date(f: _Field) -> dt.date | None:
        return _date(f.value)

    @staticmethod
    def enum(cls: type[Enum]) -> Callable[[_Field], Any]:
        def convert(f: _Field):
            return _enum_value(cls, f.value, f.raw)
        return convert

    # ---- sections

    def run(self, root: _Map) -> Manifest:
        top = self.keys(root, TOP_KEYS, "清单顶层")
        fmt = self.require(top, "format", 1, "清单")
        if fmt is not None:
            value = _text_or_none(fmt.value, fmt.raw)
            if value != FORMAT_ID:
                self.field_err(fmt.value_line, f"不支持的清单格式「{fmt.value}」，应为 {FORMAT_ID}")
        case: dict[str, Any] = {}
        case_field = self.require(top, "case", 1, "清单")
        if case_field is not None:
            if isinstance(case_field.value, _Map):
                case = self.check_case(case_field.value, case_field.key_line)
            else:
                self.field_err(case_field.value_line, "case（案件）应为键值映射")
        volumes: list[ManifestVolume] = []
        vol_field = top.get("volumes")
        if vol_field is None:
            self.field_err(1, "清单缺少必填项 volumes（卷），至少需要一个卷")
        elif vol_field.value is None or (isinstance(vol_field.value, list) and not vol_field.value):
            self.field_err(vol_field.key_line, "volumes（卷）为空，至少需要一个卷")
        elif not isinstance(vol_field.value, _Seq):
            self.field_err(vol_field.value_line, "volumes（卷）应为列表（每个卷以“- ”开头）")
        else:
            volumes = self.check_volumes(vol_field.value, case.get("classification"))

        if self.errors:
            self.errors.sort()
            line, _, key, reason = self.errors[0]
            exc = ManifestError(key=key, file=self.file, line=line, reason=reason)
            exc.errors = [{"key": k, "line": ln, "reason": r} for ln, _, k, r in self.errors]
            raise exc
        return Manifest(path=self.path, folder=self.folder, case=case, volumes=volumes,
                        unlisted_files=self.unlisted())

    def check_case(self, mapping: _Map, anchor: int) -> dict[str, Any]:
        where = "case（案件）"
        f = self.keys(mapping, CASE_KEYS, where)
        for name in ("case_no", "title", "category"):
            self.require(f, name, anchor, where)
        case: dict[str, Any] = {
            "case_no": self.conv(f, "case_no", self.text, ""),
            "title": self.conv(f, "title", self.text, ""),
            "party": self.conv(f, "party", self.text, ""),
            "party_id_no": self.conv(f, "party_id_no", self.text, ""),
            "cause": self.conv(f, "cause", self.text, ""),
            "category": self.conv(f, "category", self.enum(Category), None, "执法类别"),
            "procedure": self.conv(f, "procedure", self.enum(Procedure), Procedure.ORDINARY, "程序"),
            "handling_unit": self.conv(f, "handling_unit", self.text, ""),
            "handlers": self.conv(f, "handlers", _handlers, [], "承办人"),
            "decision_no": self.conv(f, "decision_no", self.text, ""),
            "opened_on": self.conv(f, "opened_on", self.date, None, "立案日期"),
            "closed_on": self.conv(f, "closed_on", self.date, None, "结案日期"),
            "retention": self.conv(f, "retention", self.enum(Retention), Retention.PERMANENT, "保管期限"),
            "classification": self.conv(f, "classification", self.enum(Classification),
                                        Classification.INTERNAL, "密级"),
            "secrecy_term": self.conv(f, "secrecy_term", self.text, ""),
            "remarks": self.conv(f, "remarks", self.text, ""),
        }
        opened, closed = case["opened_on"], case["closed_on"]
        if opened and closed and closed < opened:
            self.field_err(f["closed_on"].value_line,
                           f"结案日期 {closed.isoformat()} 早于立案日期 {opened.isoformat()}")
        return case

    def check_volumes(self, seq: _Seq, case_class: Classification | None) -> list[ManifestVolume]:
        volumes: list[ManifestVolume] = []
        used: dict[tuple[VolumeKind, int], int] = {}
        highest: dict[VolumeKind, int] = {}
        for index, (entry, line) in enumerate(zip(seq, seq.lines), start=1):
            where = f"第 {index} 个卷"
            if not isinstance(entry, _Map):
                self.field_err(line, f"{where}应为键值映射（kind、items 等）")
                continue
            f = self.keys(entry, VOLUME_KEYS, where)
            kind = None
            if self.require(f, "kind", entry.line, where):
                kind = self.conv(f, "kind", self.enum(VolumeKind), None, "卷类型")
            number = self.conv(f, "seq", _positive_int, None, "卷号")
            title = self.conv(f, "title", self.text, "")
            if kind is not None:
                if number is None:
                    number = highest.get(kind, 0) + 1
                key = (kind, number)
                if key in used:
                    at = f["seq"].value_line if "seq" in f else entry.line
                    self.field_err(at, f"{kind.value}第 {number} 卷重复（第 {used[key]} 行已有）")
                else:
                    used[key] = entry.line
                highest[kind] = max(highest.get(kind, 0), number)
            items: list[ManifestItem] = []
            items_field = f.get("items")
            if items_field is None:
                self.field_err(entry.line, f"{where}缺少必填项 items（件），每个卷至少需要一个文件")
            elif items_field.value is None or (isinstance(items_field.value, list) and not items_field.value):
                self.field_err(items_field.key_line, f"{where}的 items（件）为空，每个卷至少需要一个文件")
            elif not isinstance(items_field.value, _Seq):
                self.field_err(items_field.value_line, f"{where}的 items（件）应为列表（每件以“- ”开头）")
            else:
                for item_index, (item, item_line) in enumerate(zip(items_field.value, items_field.value.lines),
                                                               start=1):
                    parsed = self.check_item(item, item_line, f"{where}第 {item_index} 件", case_class)
                    if parsed is not None:
                        items.append(parsed)
            volumes.append(ManifestVolume(kind=kind or VolumeKind.MAIN, seq=number or 1, title=title,
                                          items=items, line=entry.line))
        return volumes

    def check_item(self, entry: Any, line: int, where: str,
                   case_class: Classification | None) -> ManifestItem | None:
        if isinstance(entry, str) and entry.strip():
            # "- 正卷/01.pdf" is shorthand for "- file: 正卷/01.pdf"
            m = _Map()
            m.line = line
            m["file"] = entry
            m.key_lines["file"] = m.value_lines["file"] = line
            m.raw["file"] = None
            entry = m
        if not isinstance(entry, _Map):
            self.field_err(line, f"{where}应为键值映射（file、title 等）")
            return None
        f = self.keys(entry, ITEM_KEYS, where)
        file_field = self.require(f, "file", entry.line, where)
        resolved: Path | None = None
        rel = ""
        if file_field is not None:
            try:
                rel = _text(file_field.value, file_field.raw)
            except _Bad as exc:
                self.field_err(file_field.value_line, f"file（文件）：{exc}")
            else:
                rel = rel.strip().replace("\\", "/")
                resolved = self.check_path(rel, file_field.value_line)
        classification = self.conv(f, "classification", self.enum(Classification), None, "密级")
        if classification is not None and case_class is not None and classification < case_class:
            self.field_err(f["classification"].value_line,
                           f"件的密级「{classification.value}」低于案卷密级「{case_class.value}」"
                           "（件的密级只能等于或高于案卷密级）")
        note = None
        note_field = f.get("production_note")
        if note_field is not None and note_field.value is not None:
            if rel and not is_media_extension(rel):
                self.field_err(note_field.key_line,
                               f"只有音视频文件才能填写 production_note（制作说明），「{rel}」不是音视频文件")
            elif not isinstance(note_field.value, _Map):
                self.field_err(note_field.value_line, "production_note（制作说明）应为键值映射")
            else:
                note = self.check_note(note_field.value, f"{where}的制作说明")
        default_title = PurePosixPath(rel).stem if rel else ""
        title = self.conv(f, "title", self.text, "") or default_title
        return ManifestItem(
            file=resolved if resolved is not None else self.root / rel,
            rel=rel,
            line=entry.line,
            title=title,
            doc_no=self.conv(f, "doc_no", self.text, ""),
            author=self.conv(f, "author", self.text, ""),
            date=self.conv(f, "date", self.date, None, "日期"),
            doc_type=self.conv(f, "doc_type", self.text, ""),
            classification=classification,
            remarks=self.conv(f, "remarks", self.text, ""),
            production_note=note,
        )

    def check_note(self, mapping: _Map, where: str) -> dict[str, Any]:
        f = self.keys(mapping, NOTE_KEYS, where)
        note: dict[str, Any] = {
            "method": self.conv(f, "method", self.text, ""),
            "device": self.conv(f, "device", self.text, ""),
            "device_serial": self.conv(f, "device_serial", self.text, ""),
            "is_original": self.conv(f, "is_original", _bool, True, "是否原件"),
            "copy_method": self.conv(f, "copy_method", self.text, ""),
            "recorded_from": self.conv(f, "recorded_from", _datetime, None, "制作开始时间"),
            "recorded_to": self.conv(f, "recorded_to", _datetime, None, "制作结束时间"),
            "clock_checked": self.conv(f, "clock_checked", _bool, False, "已校对时钟"),
            "makers": [],
            "proves": self.conv(f, "proves", self.text, ""),
            "original_carrier": self.conv(f, "original_carrier", self.text, ""),
            "carrier_location": self.conv(f, "carrier_location", self.text, ""),
            "unedited_statement": self.conv(f, "unedited_statement", self.text, ""),
            "interruption_notes": self.conv(f, "interruption_notes", self.text, ""),
        }
        start, end = note["recorded_from"], note["recorded_to"]
        if start and end and end < start:
            self.field_err(f["recorded_to"].value_line,
                           f"制作结束时间 {end.isoformat()} 早于制作开始时间 {start.isoformat()}")
        makers_field = f.get("makers")
        if makers_field is not None and makers_field.value is not None:
            value = makers_field.value
            if not isinstance(value, _Seq):
                self.field_err(makers_field.value_line, "makers（制作人）应为列表")
            else:
                for maker, line, raw in zip(value, value.lines, value.raw):
                    parsed = self.check_maker(maker, line, raw)
                    if parsed is not None:
                        note["makers"].append(parsed)
        return note

    def check_maker(self, maker: Any, line: int, raw: str | None) -> dict[str, str] | None:
        if isinstance(maker, _Map):
            f = self.keys(maker, MAKER_KEYS, "制作人")
            if self.require(f, "name", maker.line, "制作人") is None:
                return None
            return {"name": self.conv(f, "name", self.text, ""), "cert_no": self.conv(f, "cert_no", self.text, "")}
        try:
            name = _text(maker, raw)
        except _Bad:
            self.field_err(line, "制作人应写成 {name: 姓名, cert_no: 执法证号}")
            return None
        if not name:
            self.field_err(line, "制作人姓名不能为空")
            return None
        return {"name": name, "cert_no": ""}

    # ---- files

    def check_path(self, rel: str, line: int) -> Path | None:
        if not rel:
            self.field_err(line, "file（文件）不能为空")
            return None
        if "\x00" in rel:
            self.field_err(line, "file（文件）路径中含有无效字符")
            return None
        win = PureWindowsPath(rel)
        if rel.startswith("/") or win.drive or win.root:
            self.err("path_escape", line, f"「{rel}」是绝对路径；文件路径必须相对于案卷文件夹")
            return None
        depth = 0
        for part in PurePosixPath(rel).parts:
            if part == "..":
                depth -= 1
                if depth < 0:
                    self.err("path_escape", line, f"「{rel}」指向案卷文件夹之外（使用了 ..）")
                    return None
            elif part not in (".", ""):
                depth += 1
        candidate = self.root / rel
        try:
            resolved = Path(os.path.realpath(candidate))
        except (OSError, ValueError) as exc:
            self.err("missing_file", line, f"无法访问「{rel}」：{exc}")
            return None
        if not _inside(resolved, self.root):
            self.err("path_escape", line, f"「{rel}」是符号链接（或快捷方式），指向案卷文件夹之外的 {resolved}")
            return None
        try:
            st = os.stat(resolved)
        except FileNotFoundError:
            self.err("missing_file", line, f"文件「{rel}」不存在")
            return None
        except OSError as exc:
            self.err("missing_file", line, f"无法访问文件「{rel}」：{exc}")
            return None
        if stat.S_ISDIR(st.st_mode):
            self.err("missing_file", line, f"「{rel}」是文件夹，不是文件")
            return None
        if not stat.S_ISREG(st.st_mode):
            self.err("missing_file", line, f"「{rel}」不是普通文件")
            return None
        identity = (st.st_dev, st.st_ino) if st.st_ino else os.path.normcase(str(resolved))
        if identity in self.seen_files:
            first_line, first_rel = self.seen_files[identity]
            self.err("duplicate_file", line, f"文件「{rel}」重复列出（第 {first_line} 行已列出「{first_rel}」）")
            return None
        self.seen_files[identity] = (line, rel)
        self.listed.add(os.path.normcase(str(resolved)))
        if st.st_size == 0:
            self.err("empty_file", line, f"文件「{rel}」是空文件（0 字节）")
            return None
        return resolved

    def unlisted(self) -> list[str]:
        manifest = os.path.normcase(os.path.realpath(self.path))
        out: list[str] = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames.sort()
            for name in sorted(filenames):
                if name in IGNORED_NAMES or name.startswith("._"):
                    continue
                full = os.path.join(dirpath, name)
                real = os.path.normcase(os.path.realpath(full))
                if real == manifest or real in self.listed:
                    continue
                out.append(Path(os.path.relpath(full, self.root)).as_posix())
        return out


# --------------------------------------------------------------------------- converters

def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _text_or_none(value: Any, raw: str | None) -> str | None:
    try:
        return _text(value, raw)
    except _Bad:
        return None


def _text(value: Any, raw: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if raw is not None and not isinstance(value, (dict, list)):
        return raw.strip()  # a number, date or yes/no written as plain text: keep it as written
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise _Bad("应为文本")


def _enum_value(cls: type[Enum], value: Any, raw: str | None = None):
    if value is None:
        return None
    text = re.sub(r"\s+", "", _text(value, raw))
    for member in cls:  # type: ignore[attr-defined]
        if text == member.value or text.lower() == member.name.lower():
            return member
    if cls is Retention:
        codes = {r.code.lower(): r for r in Retention}
        if text.lower() in codes:
            return codes[text.lower()]
    allowed = "、".join(m.value for m in cls)  # type: ignore[attr-defined]
    raise _Bad(f"「{value}」不是有效的值，可选：{allowed}")


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        raise _Bad(f"「{value}」应为日期 YYYY-MM-DD（不带时间）")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _Bad(f"「{value}」不是有效日期") from None
    raise _Bad(f"日期格式错误「{value}」，应为 YYYY-MM-DD")


def _datetime(f: _Field) -> dt.datetime | None:
    value = f.value
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise _Bad(f"「{value}」只有日期，应为日期时间，如 2026-03-02T09:15:00+08:00")
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise _Bad(f"时间格式错误「{value}」，应为 ISO-8601，如 2026-03-02T09:15:00+08:00") from None
    elif not isinstance(value, dt.datetime):
        if isinstance(value, dt.date):
            raise _Bad(f"「{value}」只有日期，应为日期时间，如 2026-03-02T09:15:00+08:00")
        raise _Bad(f"时间格式错误「{value}」，应为 ISO-8601，如 2026-03-02T09:15:00+08:00")
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=BEIJING)
    return value


_TRUE = {"true", "yes", "y", "1", "是", "对", "有"}
_FALSE = {"false", "no", "n", "0", "否", "不是", "无"}


def _bool(f: _Field) -> bool | None:
    value = f.value
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Bad(f"「{value}」应为 true/false（是/否）")


def _positive_int(f: _Field) -> int | None:
    value = f.value
    if value is None:
        return None
    if isinstance(value, bool):
        raise _Bad(f"「{value}」应为正整数")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and value >= 1:
        return value
    raise _Bad(f"「{value}」应为正整数")


def _handlers(f: _Field) -> list[str]:
    value = f.value
    if value is None:
        return []
    if isinstance(value, str):
        return [p for p in re.split(r"[、,，;；\s]+", value) if p]
    if isinstance(value, _Seq):
        out = []
        for item, raw in zip(value, value.raw):
            if item is None:
                continue
            try:
                text = _text(item, raw)
            except _Bad:
                raise _Bad("承办人应为姓名列表，如 [张三, 李四]") from None
            if text:
                out.append(text)
        return out
    raise _Bad("承办人应为姓名列表，如 [张三, 李四]")
