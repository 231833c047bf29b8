"""What goes into a bundle: parts in order, Bates settings, recipient, redactions.

Pages are 1-based page numbers of the original; rectangles are PDF points
[x0, y0, x1, y1] in the page's visible (unrotated) coordinate space, top-left origin, as
PyMuPDF and the viewer use them. AV times are media times of the original in
milliseconds (what the player and the clip marks show)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from workstation.errors import InvalidInput

BATES_POSITIONS = ("bottom-right", "bottom-left", "bottom-center", "top-right", "top-left")
#: Distance (millimetres) of the Bates and page stamps from the page edge: the default keeps them
#: clear of the ~5 mm many printers cannot print; the range is what the export accepts.
DEFAULT_MARGIN_MM = 8.0
MARGIN_MM_RANGE = (3.0, 30.0)

#: Redaction reason codes (the code goes into the log; free text is kept beside it).
REASON_CODES = {
    "P1": "个人信息（身份证号、住址、电话等）",
    "P2": "未成年人信息",
    "T1": "商业秘密",
    "S1": "国家秘密",
    "S2": "工作秘密",
    "L1": "与本案无关的第三人信息",
    "O": "其他",
}


def reason_code(reason: str) -> tuple[str, str]:
    """(code, text) for a reason given as a code, "CODE 说明" or free text (code O)."""
    text = (reason or "").strip()
    head, _, rest = text.partition(" ")
    for cand in (text, head, head.rstrip(":：")):
        if cand.upper() in REASON_CODES:
            code = cand.upper()
            return code, (rest.strip() or REASON_CODES[code]) if cand != text else REASON_CODES[code]
    if not text:
        raise InvalidInput(key="redaction_reason_missing", reason="每处遮蔽都须写明理由（理由代码或说明）")
    return "O", text


@dataclass
class Bates:
    prefix: str = ""
    start: int = 1
    digits: int = 6
    position: str = "bottom-right"
    #: Distance of the stamps' text (Bates number, 第x页 共y页) from the page edge, in millimetres.
    margin_mm: float = DEFAULT_MARGIN_MM

    def __post_init__(self) -> None:
        self.prefix = (self.prefix or "").strip()
        if len(self.prefix) > 20 or any(ch.isspace() for ch in self.prefix):
            raise InvalidInput(key="bates_prefix", reason="Bates 前缀不超过 20 个字符，且不含空格")
        try:
            self.start, self.digits = int(self.start), int(self.digits)
        except (TypeError, ValueError):
            raise InvalidInput(reason="Bates 起始号和位数须为整数") from None
        if self.start < 0:
            raise InvalidInput(reason="Bates 起始号不能为负数")
        if not 1 <= self.digits <= 12:
            raise InvalidInput(reason="Bates 位数须在 1 到 12 之间")
        if self.position not in BATES_POSITIONS:
            raise InvalidInput(reason=f"Bates 位置应为 {'/'.join(BATES_POSITIONS)}")
        lo, hi = MARGIN_MM_RANGE
        if self.margin_mm is None:  # "margin_mm": null in a spec file: the default
            self.margin_mm = DEFAULT_MARGIN_MM
        try:
            margin = float(self.margin_mm)
        except (TypeError, ValueError):
            margin = float("nan")
        if isinstance(self.margin_mm, bool) or not lo <= margin <= hi:
            given = f"{margin:g}" if margin == margin else str(self.margin_mm)
            raise InvalidInput(key="bates_margin",
                               reason=f"Bates 编号和页码距页边的距离须在 {lo:g} 到 {hi:g} 毫米之间（现为 {given}）")
        self.margin_mm = margin

    @property
    def margin_pt(self) -> float:
        """``margin_mm`` in PDF points."""
        return self.margin_mm * 72 / 25.4

    def label(self, n: int) -> str:
        return f"{self.prefix}{n:0{self.digits}d}"

    def pattern(self) -> re.Pattern[str]:
        return re.compile(re.escape(self.prefix) + r"(\d{%d,})" % self.digits)


@dataclass
class Redaction:
    item_id: int
    page: int
    rect: tuple[float, float, float, float]
    reason: str
    annotation_id: int | None = None

    def __post_init__(self) -> None:
        try:
            self.item_id, self.page = int(self.item_id), int(self.page)
            self.rect = tuple(float(v) for v in self.rect)  # type: ignore[assignment]
        except (TypeError, ValueError):
            raise InvalidInput(reason="遮蔽须给出件号、页码和矩形 [x0,y0,x1,y1]") from None
        if len(self.rect) != 4 or self.rect[2] <= self.rect[0] or self.rect[3] <= self.rect[1]:
            raise InvalidInput(reason=f"遮蔽矩形无效：{self.rect}（应为 x0,y0,x1,y1 且 x1>x0、y1>y0）")
        if self.page < 1:
            raise InvalidInput(reason="遮蔽页码从 1 开始")
        reason_code(self.reason)


@dataclass
class AudioRedaction:
    """Silence (``mute``) or a 1 kHz tone (``tone``) over [start_ms, end_ms) of the source."""

    start_ms: float
    end_ms: float
    mode: str = "mute"
    reason: str = "O"

    def __post_init__(self) -> None:
        self.start_ms, self.end_ms = float(self.start_ms), float(self.end_ms)
        if self.end_ms <= self.start_ms or self.start_ms < 0:
            raise InvalidInput(reason="声音遮蔽的终点须晚于起点")
        if self.mode not in ("mute", "tone"):
            raise InvalidInput(reason="声音遮蔽方式应为 mute（静音）或 tone（提示音）")
        reason_code(self.reason)


@dataclass
class VideoMask:
    """A black box (pixels of the picture) over [start_ms, end_ms) of the source."""

    start_ms: float
    end_ms: float
    x: int
    y: int
    w: int
    h: int
    reason: str = "O"

    def __post_init__(self) -> None:
        self.start_ms, self.end_ms = float(self.start_ms), float(self.end_ms)
        self.x, self.y, self.w, self.h = (int(v) for v in (self.x, self.y, self.w, self.h))
        if self.end_ms <= self.start_ms or self.start_ms < 0:
            raise InvalidInput(reason="画面遮挡的终点须晚于起点")
        if self.w <= 0 or self.h <= 0 or self.x < 0 or self.y < 0:
            raise InvalidInput(reason="画面遮挡框须有正的宽和高")
        reason_code(self.reason)


@dataclass
class Part:
    """One exhibit: a whole item, some pages of an item, or a clip (``clip_id``)."""

    item_id: int | None = None
    pages: list[tuple[int, int]] | None = None
    clip_id: int | None = None
    title: str = ""
    source: str = ""
    proves: str = ""
    remarks: str = ""
    audio_redactions: list[AudioRedaction] = field(default_factory=list)
    masks: list[VideoMask] = field(default_factory=list)

    def __post_init__(self) -> None:
        if (self.item_id is None) == (self.clip_id is None):
            raise InvalidInput(reason="每项证据须指定件（item）或片段（clip）之一")
        if self.pages is not None:
            if not self.pages:
                raise InvalidInput(reason="页码范围不能为空")
            pages = []
            for a, b in self.pages:
                a, b = int(a), int(b)
                if a < 1 or b < a:
                    raise InvalidInput(reason=f"页码范围无效：{a}-{b}")
                pages.append((a, b))
            self.pages = pages
        self.audio_redactions = [a if isinstance(a, AudioRedaction) else AudioRedaction(**a)
                                 for a in self.audio_redactions]
        self.masks = [m if isinstance(m, VideoMask) else VideoMask(**m) for m in self.masks]

    def page_list(self, page_count: int) -> list[int]:
        """1-based pages of the original, in the order given."""
        if self.pages is None:
            return list(range(1, page_count + 1))
        out = []
        for a, b in self.pages:
            if b > page_count:
                raise InvalidInput(key="page_out_of_range",
                                   reason=f"件 {self.item_id} 只有 {page_count} 页，无法选取 {a}-{b} 页")
            out.extend(range(a, b + 1))
        return out


@dataclass
class BundleSpec:
    case_no: str
    parts: list[Part]
    bates: Bates = field(default_factory=Bates)
    recipient: str = ""
    purpose: str = "提交法院"
    redactions: list[Redaction] = field(default_factory=list)
    #: ids of the case's redaction annotations (review module) to apply; "all" for every one.
    redaction_annotations: list[int] | str = field(default_factory=list)
    #: annotations drawn on a separate annotated copy (never on the clean copy): explicit
    #: {item_id, page, rect, text} dicts, and/or "case" for the case's annotations.
    annotations: list[dict[str, Any]] = field(default_factory=list)
    include_case_annotations: bool = False
    zip: bool = False
    eep: bool = False
    clip_mode: str = "exact"

    def __post_init__(self) -> None:
        if not self.case_no:
            raise InvalidInput(reason="须指定案号")
        if not self.parts:
            raise InvalidInput(key="empty_bundle", reason="证据包至少须包含一项证据")
        if not isinstance(self.bates, Bates):
            self.bates = Bates(**self.bates)
        self.parts = [p if isinstance(p, Part) else Part(**p) for p in self.parts]
        self.redactions = [r if isinstance(r, Redaction) else Redaction(**r) for r in self.redactions]
        if len(self.recipient) > 100:
            raise InvalidInput(reason="接收方名称过长")
        if self.clip_mode not in ("exact",):
            raise InvalidInput(reason="证据包中的片段一律精确导出（重新编码为 MP4/WAV）")
        seen = set()
        for p in self.parts:
            key = ("clip", p.clip_id) if p.clip_id is not None else ("item", p.item_id, tuple(p.pages or ()))
            if key in seen:
                raise InvalidInput(key="duplicate_part", reason=f"同一证据重复选取：{key[0]} {key[1]}")
            seen.add(key)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "BundleSpec":
        try:
            return cls(**data)
        except TypeError as exc:
            raise InvalidInput(reason=f"证据包设置格式错误：{exc}") from None

    @classmethod
    def from_file(cls, path: str | Path) -> "BundleSpec":
        try:
            return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise InvalidInput(reason=f"无法读取证据包设置 {path}：{exc}") from None


# --------------------------------------------------------------------------- command-line forms

def parse_ranges(text: str) -> list[tuple[int, int]]:
    """"1-3,5" → [(1, 3), (5, 5)]."""
    out = []
    for chunk in text.replace("，", ",").split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        m = re.fullmatch(r"(\d+)(?:\s*[-–~]\s*(\d+))?", chunk)
        if not m:
            raise InvalidInput(reason=f"页码范围“{chunk}”格式应为 3 或 1-5")
        a = int(m.group(1))
        out.append((a, int(m.group(2) or a)))
    if not out:
        raise InvalidInput(reason="页码范围不能为空")
    return out


def parse_part(text: str) -> Part:
    """``12`` (whole item), ``12:1-3,5`` (pages), ``clip:4`` (a clip)."""
    text = text.strip()
    m = re.fullmatch(r"(?:clip|片段)[:：](\d+)", text, re.I)
    if m:
        return Part(clip_id=int(m.group(1)))
    m = re.fullmatch(r"(\d+)(?:[:：](.+))?", text)
    if not m:
        raise InvalidInput(reason=f"证据“{text}”格式应为 件号、件号:页码范围 或 clip:片段号")
    return Part(item_id=int(m.group(1)), pages=parse_ranges(m.group(2)) if m.group(2) else None)


def parse_redaction(text: str) -> Redaction:
    """``ITEM:PAGE:x0,y0,x1,y1:REASON``."""
    bits = text.split(":", 3)
    if len(bits) != 4:
        raise InvalidInput(reason=f"遮蔽“{text}”格式应为 件号:页码:x0,y0,x1,y1:理由")
    try:
        rect = tuple(float(v) for v in bits[2].split(","))
    except ValueError:
        raise InvalidInput(reason=f"遮蔽矩形“{bits[2]}”应为 4 个数") from None
    return Redaction(item_id=int(bits[0]), page=int(bits[1]), rect=rect, reason=bits[3])  # type: ignore[arg-type]


def parse_time_range(text: str) -> tuple[float, float]:
    from workstation.media.timefmt import parse_time

    a, sep, b = text.partition("-")
    if not sep:
        raise InvalidInput(reason=f"时间范围“{text}”格式应为 起-止（秒或 hh:mm:ss.mmm）")
    return float(parse_time(a)), float(parse_time(b))
