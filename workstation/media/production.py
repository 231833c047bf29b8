"""制作说明 (production statement) of an AV item: consistency checks and a printable form.

Fields (domain.md §3.2): 制作方法 (device, serial, original or copy, copy method),
制作时间 (start, end, clock check), 制作人 (≥ 2 officers with 执法证号), 证明对象,
原始载体 (where it is kept, or why it is absent), 文字记录, 完整性校验值, 剪辑声明 and any
interruption with its reason.

``check_production_note`` returns a list of issues, each with a stable ``key`` (for the UI
and tests), the ``field`` concerned, a ``severity`` ("error" = a required element missing
or impossible; "warning" = inconsistent, needs a person's look; "info") and a Chinese
``message``. Nothing here blocks anything: the reviewer decides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from workstation.media.timefmt import format_ms

BEIJING = dt.timezone(dt.timedelta(hours=8))

#: 制作时间 is often written to the minute: the span may differ from the file's length by
#: up to two minutes without anything being wrong. Configurable per call.
DEFAULT_DURATION_TOLERANCE_S = 120.0
#: How far the container's creation_time may be from the stated start before it is noted.
DEFAULT_CREATION_TOLERANCE_S = 600.0


@dataclass(frozen=True)
class NoteCheckSettings:
    duration_tolerance_s: float = DEFAULT_DURATION_TOLERANCE_S
    creation_tolerance_s: float = DEFAULT_CREATION_TOLERANCE_S
    min_makers: int = 2
    require_transcript_for_sound: bool = True


def _issue(key: str, field: str, message: str, severity: str = "error", **data: Any) -> dict[str, Any]:
    out = {"key": key, "field": field, "severity": severity, "message": message}
    if data:
        out["data"] = data
    return out


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _aware(value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=BEIJING)  # a form's local time
    return value


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(BEIJING).date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def beijing(value: dt.datetime | None) -> str:
    return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _seconds(s: float) -> str:
    s = abs(s)
    if s < 120:
        return f"{s:.0f} 秒"
    return f"{s / 60:.1f} 分钟"


def check_production_note(note: Any, *, case_opened: Any = None, case_closed: Any = None,
                          duration_ms: float | None = None, has_sound: bool = False,
                          has_transcript: bool = False, creation_time: Any = None,
                          settings: NoteCheckSettings | None = None) -> list[dict[str, Any]]:
    """Issues of one 制作说明 (an ``AVProductionNote`` row or a dict with its fields)."""
    cfg = settings or NoteCheckSettings()
    if note is None:
        return [_issue("no_note", "", "未填写制作说明（音像资料须说明制作方法、时间、制作人和证明对象）")]
    issues: list[dict[str, Any]] = []

    # 制作人: at least two, each with an enforcement certificate number
    makers = [m for m in (_get(note, "makers") or []) if m]
    named = []
    for i, m in enumerate(makers, 1):
        name = str(_get(m, "name", "") or "").strip() if isinstance(m, dict) else str(m).strip()
        cert = str(_get(m, "cert_no", "") or "").strip() if isinstance(m, dict) else ""
        if not name:
            issues.append(_issue("maker_without_name", "makers", f"第 {i} 位制作人未填写姓名"))
            continue
        named.append(name)
        if not cert:
            issues.append(_issue("maker_without_cert", "makers", f"制作人“{name}”未填写执法证号", name=name))
    if len(named) < cfg.min_makers:
        issues.append(_issue("makers_fewer_than_two", "makers",
                             f"制作人只有 {len(named)} 人，应不少于 {cfg.min_makers} 名持执法证的执法人员",
                             count=len(named)))

    # 制作时间
    start, end = _aware(_get(note, "recorded_from")), _aware(_get(note, "recorded_to"))
    if start is None or end is None:
        issues.append(_issue("time_missing", "recorded_from" if start is None else "recorded_to",
                             "未填写制作时间的" + ("起止时间" if start is None and end is None
                                                  else "开始时间" if start is None else "结束时间")))
    elif end < start:
        issues.append(_issue("end_before_start", "recorded_to",
                             f"制作结束时间（{beijing(end)}）早于开始时间（{beijing(start)}）"))
    opened, closed = _date(case_opened), _date(case_closed)
    for label, value in (("开始", start), ("结束", end)):
        if value is None:
            continue
        day = value.astimezone(BEIJING).date()
        if (opened and day < opened) or (closed and day > closed):
            period = f"{opened or '—'} 至 {closed or '今'}"
            issues.append(_issue("time_outside_case", "recorded_from" if label == "开始" else "recorded_to",
                                 f"制作{label}时间 {beijing(value)} 不在本案立案至结案期间（{period}），请核实"
                                 "（立案前的现场检查录像应在案源材料中说明）", "warning",
                                 which=label, date=day.isoformat()))
    if start is not None and end is not None and end >= start and duration_ms:
        span = (end - start).total_seconds()
        diff = span - duration_ms / 1000
        if abs(diff) > cfg.duration_tolerance_s:
            hint = "；已填写中断说明，请核对" if str(_get(note, "interruption_notes", "") or "").strip() else \
                "；如录制中断，应在中断说明中写明原因"
            issues.append(_issue(
                "duration_mismatch", "recorded_to",
                f"制作时间跨度 {format_ms(span * 1000)} 与文件时长 {format_ms(duration_ms)} 相差 {_seconds(diff)}"
                f"（允许 {_seconds(cfg.duration_tolerance_s)}）{hint}", "warning",
                span_s=round(span, 3), duration_s=round(duration_ms / 1000, 3)))
    created = _aware(creation_time) if creation_time else None
    if created is not None and start is not None:
        off = (created - start).total_seconds()
        if abs(off) > cfg.creation_tolerance_s:
            issues.append(_issue("creation_time_differs", "recorded_from",
                                 f"文件内记录的创建时间（{beijing(created)}）与制作开始时间相差 {_seconds(off)}"
                                 "（设备时钟或时区可能有误，请核对时钟校验情况）", "info", offset_s=round(off, 1)))
    if not _get(note, "clock_checked", False):
        issues.append(_issue("clock_not_checked", "clock_checked", "未确认已校对记录设备的时钟", "warning"))

    # 制作方法
    if not (str(_get(note, "method", "") or "").strip() or str(_get(note, "device", "") or "").strip()):
        issues.append(_issue("method_missing", "method", "未填写制作方法（记录设备及其编号）", "warning"))
    elif not str(_get(note, "device_serial", "") or "").strip():
        issues.append(_issue("device_serial_missing", "device_serial", "未填写记录设备的编号", "warning"))
    if not _get(note, "is_original", True) and not str(_get(note, "copy_method", "") or "").strip():
        issues.append(_issue("copy_method_missing", "copy_method", "该件为复制件，但未说明复制方法", "error"))

    # 证明对象, 原始载体, 剪辑声明
    if not str(_get(note, "proves", "") or "").strip():
        issues.append(_issue("proves_missing", "proves", "未填写证明对象（该音像资料证明的事实）"))
    carrier = str(_get(note, "original_carrier", "") or "").strip()
    location = str(_get(note, "carrier_location", "") or "").strip()
    if not carrier:
        issues.append(_issue("carrier_missing", "original_carrier", "未填写原始载体（存放位置，或无法提供的原因）"))
    elif not location:
        issues.append(_issue("carrier_location_missing", "carrier_location", "未填写原始载体的存放位置", "warning"))
    if not str(_get(note, "unedited_statement", "") or "").strip():
        issues.append(_issue("unedited_statement_missing", "unedited_statement",
                             "未填写剪辑声明（如“未经剪辑”，以及中断情况和原因）"))

    # 文字记录 (声音资料应附文字记录)
    if cfg.require_transcript_for_sound and has_sound and not has_transcript:
        issues.append(_issue("transcript_missing", "transcript", "含声音的音像资料应附有文字记录，尚未录入", "warning"))
    return issues


# --------------------------------------------------------------------------- printable form

def _makers_text(makers: Iterable[Any]) -> str:
    parts = []
    for m in makers or []:
        if isinstance(m, dict):
            name, cert = str(m.get("name", "") or ""), str(m.get("cert_no", "") or "")
            parts.append(f"{name}（执法证号：{cert or '未填写'}）")
        else:
            parts.append(str(m))
    return "；".join(parts) or "未填写"


def render_production_note_pdf(*, note: Any, case_no: str, case_title: str, item_title: str,
                               item_position: str = "", duration_ms: float | None = None,
                               digests: dict[str, str] | None = None, has_transcript: bool = False,
                               issues: list[dict[str, Any]] | None = None, made_by: str = "") -> bytes:
    """The 制作说明 as an A4 PDF form (for a dossier export or printing)."""
    from workstation.media.pdf import PdfForm

    form = PdfForm(title=f"音像资料制作说明 {case_no} {item_title}", subject="制作说明", author=made_by)
    form.title("音像资料制作说明")
    form.subtitle(f"案号：{case_no}    案卷：{case_title}")
    start, end = _aware(_get(note, "recorded_from")), _aware(_get(note, "recorded_to"))
    method = "；".join(x for x in (
        str(_get(note, "method", "") or ""),
        ("设备：" + str(_get(note, "device", ""))) if _get(note, "device") else "",
        ("编号：" + str(_get(note, "device_serial", ""))) if _get(note, "device_serial") else "") if x) or "未填写"
    original = "原件" if _get(note, "is_original", True) else f"复制件（复制方法：{_get(note, 'copy_method', '') or '未填写'}）"
    digest_text = "\n".join(f"{alg.upper()}：{val}" for alg, val in (digests or {}).items()) or "未记录"
    rows = [
        ("证据名称", item_title),
        ("卷内位置", item_position or "—"),
        ("制作方法", method),
        ("原件/复制件", original),
        ("制作时间", f"{beijing(start) or '未填写'} 至 {beijing(end) or '未填写'}"
                     + (f"（文件时长 {format_ms(duration_ms)}）" if duration_ms else "")),
        ("时钟校验", "已校对记录设备时钟" if _get(note, "clock_checked") else "未确认"),
        ("制作人", _makers_text(_get(note, "makers") or [])),
        ("证明对象", str(_get(note, "proves", "") or "未填写")),
        ("原始载体", "；".join(x for x in (str(_get(note, "original_carrier", "") or ""),
                                         ("存放于：" + str(_get(note, "carrier_location"))) if _get(note, "carrier_location") else "")
                               if x) or "未填写"),
        ("文字记录", "附后（见文字记录）" if has_transcript else "无"),
        ("完整性校验值", digest_text),
        ("剪辑声明", str(_get(note, "unedited_statement", "") or "未填写")),
        ("中断情况及原因", str(_get(note, "interruption_notes", "") or "无")),
    ] if note is not None else [("证据名称", item_title), ("制作说明", "未填写")]
    form.fields(rows)
    if issues:
        form.paragraph("核对提示（系统自动检查，供审核参考）：", size=10)
        for it in issues:
            mark = {"error": "【缺项】", "warning": "【请核实】"}.get(it.get("severity"), "【提示】")
            form.paragraph(f"{mark}{it['message']}", size=9.5, gap=1, color=(0.35, 0.1, 0.1))
    form.signatures(["制作人", "制作人", "审核人", "日期"])
    return form.finish()
