"""文字记录 (transcripts): segments with start, end, speaker and text.

Pure functions: parsing SRT / WebVTT / plain text, writing SRT / WebVTT / plain text,
finding the segment at a playback time, and the editing operations (insert, split, merge,
edit, confirm). Each operation returns a new list; the facade stores every save as a new
version and never changes an old one.

Speakers travel as a prefix in SRT and plain text ("问：…", the usual style of 询问笔录)
and as WebVTT voice spans (``<v 问>…</v>``).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Iterable

from workstation.errors import InvalidInput
from workstation.media.timefmt import format_ms, parse_stamp

SOURCES = ("manual", "import", "auto")
SOURCE_NAMES = {"manual": "人工录入", "import": "导入", "auto": "自动转写"}
AUTO_MARK = "自动转写，需核对"
DEFAULT_SEGMENT_MS = 2000
MAX_TEXT = 20_000


@dataclass(frozen=True)
class Segment:
    start_ms: int
    end_ms: int
    text: str
    speaker: str = ""
    confirmed: bool = True

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["start"] = format_ms(self.start_ms)
        d["end"] = format_ms(self.end_ms)
        return d


def segment_from(value: Any) -> Segment:
    """A Segment from a Segment, a dict ({start_ms, end_ms, text, speaker?, confirmed?}) or a
    tuple (start_ms, end_ms, speaker, text) as the dev-data generator returns them."""
    if isinstance(value, Segment):
        return value
    if isinstance(value, dict):
        try:
            return Segment(int(round(float(value["start_ms"]))), int(round(float(value["end_ms"]))),
                           str(value.get("text", "")), str(value.get("speaker", "") or ""),
                           bool(value.get("confirmed", True)))
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInput(reason=f"文字记录段落格式错误：{exc}") from None
    if isinstance(value, (tuple, list)) and len(value) == 4:
        return Segment(int(value[0]), int(value[1]), str(value[3]), str(value[2] or ""))
    raise InvalidInput(reason=f"无法识别的文字记录段落：{value!r}")


def normalise(segments: Iterable[Any], *, duration_ms: float | None = None) -> list[Segment]:
    """Check and order segments: 0 ≤ start ≤ end (≤ the recording's end, when known)."""
    out = []
    for i, raw in enumerate(segments, 1):
        seg = segment_from(raw)
        text = seg.text.replace("\r\n", "\n").replace("\r", "\n").strip()
        speaker = seg.speaker.strip()
        if seg.start_ms < 0 or seg.end_ms < seg.start_ms:
            raise InvalidInput(key="bad_segment_time",
                               reason=f"第 {i} 段的时间无效（{format_ms(seg.start_ms)}–{format_ms(seg.end_ms)}）")
        if duration_ms is not None and seg.start_ms > duration_ms + 1000:
            raise InvalidInput(key="segment_after_end",
                               reason=f"第 {i} 段开始于 {format_ms(seg.start_ms)}，晚于录音录像结束（{format_ms(duration_ms)}）")
        if len(text) > MAX_TEXT or len(speaker) > 100:
            raise InvalidInput(reason=f"第 {i} 段文字过长")
        out.append(replace(seg, text=text, speaker=speaker))
    out.sort(key=lambda s: (s.start_ms, s.end_ms))
    return out


# --------------------------------------------------------------------------- playback sync

def segment_index_at(segments: list[Segment], ms: float) -> int | None:
    """The segment being spoken at ``ms`` (start ≤ ms < end; with overlaps, the one that
    started last), or None between segments. ``segments`` sorted by start."""
    starts = [s.start_ms for s in segments]
    i = bisect.bisect_right(starts, ms) - 1
    for j in range(i, max(-1, i - 64), -1):  # an earlier, longer segment may still run
        seg = segments[j]
        if seg.start_ms <= ms < seg.end_ms or seg.start_ms == seg.end_ms == ms:
            return j
    return None


def segment_at(segments: list[Segment], ms: float) -> Segment | None:
    i = segment_index_at(segments, ms)
    return segments[i] if i is not None else None


# --------------------------------------------------------------------------- editing

def _check_index(segments: list[Segment], index: int) -> None:
    if not 0 <= index < len(segments):
        raise InvalidInput(key="no_such_segment", reason=f"没有第 {index + 1} 段")


def insert_at(segments: list[Segment], ms: int, *, text: str = "", speaker: str = "",
              length_ms: int = DEFAULT_SEGMENT_MS, duration_ms: float | None = None) -> tuple[list[Segment], int]:
    """A new segment starting at ``ms``, ending at the next segment's start (at most
    ``length_ms`` later). Returns the new list and the new segment's index."""
    ms = int(round(ms))
    if ms < 0:
        raise InvalidInput(reason="插入时间不能为负")
    later = [s.start_ms for s in segments if s.start_ms > ms]
    end = min([ms + length_ms] + later)
    if duration_ms is not None:
        end = min(end, max(ms, int(duration_ms)))
    new = Segment(ms, max(ms, end), text, speaker)
    out = normalise(list(segments) + [new])
    return out, out.index(new)


def split_at(segments: list[Segment], index: int, ms: int, *, text_at: int | None = None) -> list[Segment]:
    """Split a segment at ``ms``: the text at character ``text_at`` (default: in proportion
    to the time, moved to the nearest punctuation or space)."""
    _check_index(segments, index)
    seg = segments[index]
    ms = int(round(ms))
    if not seg.start_ms < ms < seg.end_ms:
        raise InvalidInput(key="split_outside",
                           reason=f"拆分时间 {format_ms(ms)} 不在该段（{format_ms(seg.start_ms)}–{format_ms(seg.end_ms)}）之内")
    if text_at is None:
        text_at = _split_point(seg.text, (ms - seg.start_ms) / (seg.end_ms - seg.start_ms))
    text_at = max(0, min(len(seg.text), text_at))
    first = replace(seg, end_ms=ms, text=seg.text[:text_at].strip())
    second = replace(seg, start_ms=ms, text=seg.text[text_at:].strip())
    return segments[:index] + [first, second] + segments[index + 1:]


def _split_point(text: str, share: float) -> int:
    guess = round(len(text) * share)
    best, best_d = guess, None
    for i, ch in enumerate(text):
        if ch in "，。；！？,.;!? 、":
            d = abs(i + 1 - guess)
            if d <= max(3, len(text) // 10) and (best_d is None or d < best_d):
                best, best_d = i + 1, d
    return best


def merge_with_next(segments: list[Segment], index: int) -> list[Segment]:
    """Join a segment and the one after it (one speaker; times span both)."""
    _check_index(segments, index)
    if index + 1 >= len(segments):
        raise InvalidInput(key="no_next_segment", reason="这是最后一段，没有可合并的下一段")
    a, b = segments[index], segments[index + 1]
    if a.speaker and b.speaker and a.speaker != b.speaker:
        raise InvalidInput(key="speakers_differ", reason=f"两段的说话人不同（{a.speaker} / {b.speaker}），不能合并")
    joiner = "" if _cjk_edge(a.text, b.text) else " "
    merged = Segment(a.start_ms, max(a.end_ms, b.end_ms), (a.text + joiner + b.text).strip(),
                     a.speaker or b.speaker, a.confirmed and b.confirmed)
    return segments[:index] + [merged] + segments[index + 2:]


def _cjk_edge(a: str, b: str) -> bool:
    def cjk(c: str) -> bool:
        return "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"

    return bool(a and b and (cjk(a[-1]) or cjk(b[0])))


def edit(segments: list[Segment], index: int, *, text: str | None = None, speaker: str | None = None,
         start_ms: int | None = None, end_ms: int | None = None, confirmed: bool | None = None) -> list[Segment]:
    """Change one segment. A person editing a segment's text confirms it."""
    _check_index(segments, index)
    seg = segments[index]
    changes: dict[str, Any] = {}
    if text is not None:
        changes["text"] = text
        changes["confirmed"] = True
    if speaker is not None:
        changes["speaker"] = speaker
    if start_ms is not None:
        changes["start_ms"] = int(round(start_ms))
    if end_ms is not None:
        changes["end_ms"] = int(round(end_ms))
    if confirmed is not None:
        changes["confirmed"] = confirmed
    return normalise(segments[:index] + [replace(seg, **changes)] + segments[index + 1:])


def confirm(segments: list[Segment], indexes: Iterable[int] | None = None) -> list[Segment]:
    """Mark segments (all, by default) as checked by a person."""
    wanted = set(range(len(segments))) if indexes is None else set(indexes)
    for i in wanted:
        _check_index(segments, i)
    return [replace(s, confirmed=True) if i in wanted else s for i, s in enumerate(segments)]


# --------------------------------------------------------------------------- text files

def read_text_file(path: str | Path) -> str:
    """A subtitle/text file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    data = Path(path).read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise InvalidInput(key="bad_encoding", reason="文字记录文件的编码无法识别（应为 UTF-8 或 GB18030）") from None


def detect_format(name: str, text: str) -> str:
    ext = Path(name).suffix.lower()
    if ext == ".srt":
        return "srt"
    if ext == ".vtt" or text.lstrip("\ufeff").startswith("WEBVTT"):
        return "vtt"
    if re.search(r"^\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", text, re.M):
        return "srt"
    return "txt"


def parse(text: str, fmt: str, *, duration_ms: float | None = None) -> list[Segment]:
    if fmt == "srt":
        return parse_srt(text)
    if fmt == "vtt":
        return parse_vtt(text)
    if fmt in ("txt", "text", "plain"):
        return parse_plain(text, duration_ms=duration_ms)
    raise InvalidInput(reason=f"不支持的文字记录格式“{fmt}”（可用 srt、vtt、txt）")


_SPEAKER_RE = re.compile(r"^\s*(?P<sp>[^\s：:，,。.!！?？\[\]【】<>()（）\"“”'/\d][^\s：:，,。.!！?？\[\]【】<>\"“”/]{0,11})"
                         r"\s*[：:](?!//)\s*(?P<text>.*)$", re.S)
_TAG_RE = re.compile(r"</?(?:i|b|u|font|c|ruby|rt|lang|span)(?:[ .][^>]*)?>|<\d{1,2}:[\d:.]+>", re.I)


def split_speaker(line: str) -> tuple[str, str]:
    """("问", "你的姓名？") from "问：你的姓名？"; ("", line) when there is no prefix."""
    m = _SPEAKER_RE.match(line)
    if m:
        return m.group("sp"), m.group("text").strip()
    return "", line.strip()


def _cue_time(text: str) -> int:
    return parse_stamp(text.strip().split()[0] if text.strip() else text)


def _blocks(text: str) -> list[list[str]]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [b.split("\n") for b in re.split(r"\n\s*\n", text) if b.strip()]


def parse_srt(text: str) -> list[Segment]:
    out = []
    for n, block in enumerate(_blocks(text), 1):
        lines = [ln for ln in block if ln.strip() or ln]
        at = next((i for i, ln in enumerate(lines) if "-->" in ln), None)
        if at is None:
            raise InvalidInput(key="bad_srt", reason=f"SRT 第 {n} 条缺少时间行（“开始 --> 结束”）")
        a, b = lines[at].split("-->", 1)
        start, end = _cue_time(a), _cue_time(b)
        body = "\n".join(_TAG_RE.sub("", ln) for ln in lines[at + 1:]).strip()
        speaker, body = split_speaker(body)
        out.append(Segment(start, end, body, speaker))
    return normalise(out)


def parse_vtt(text: str) -> list[Segment]:
    blocks = _blocks(text)
    if not blocks or not blocks[0][0].lstrip("\ufeff").startswith("WEBVTT"):
        raise InvalidInput(key="bad_vtt", reason="WebVTT 文件须以“WEBVTT”开头")
    out = []
    for block in blocks[1:]:
        if block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        at = next((i for i, ln in enumerate(block) if "-->" in ln), None)
        if at is None:
            continue
        a, b = block[at].split("-->", 1)
        start, end = _cue_time(a), _cue_time(b)
        raw = "\n".join(block[at + 1:]).strip()
        speaker = ""
        m = re.match(r"^<v(?:\.[^\s>]+)*\s+([^>]+)>(.*?)(?:</v>)?$", raw, re.S)
        if m:
            speaker, raw = m.group(1).strip(), m.group(2)
        body = html.unescape(_TAG_RE.sub("", raw)).replace("\xa0", " ").strip()
        if not speaker:
            speaker, body = split_speaker(body)
        out.append(Segment(start, end, body, speaker))
    return normalise(out)


_PLAIN_STAMP = re.compile(
    r"^\s*[\[【]\s*(?P<a>\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)\s*"
    r"(?:(?:-->|-|–|—|~|～|至)\s*(?P<b>\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)\s*)?[\]】]\s*(?P<rest>.*)$")


def parse_plain(text: str, *, duration_ms: float | None = None) -> list[Segment]:
    """One line per segment, optionally led by "[hh:mm:ss.mmm]" or "[start - end]".

    Lines without a stamp get times shared out evenly between the stamps around them
    (or over the recording) and are marked unconfirmed: their times are estimates."""
    rows: list[tuple[int | None, int | None, str, str]] = []
    for line in text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            continue
        m = _PLAIN_STAMP.match(line)
        if m:
            start = parse_stamp(m.group("a"))
            end = parse_stamp(m.group("b")) if m.group("b") else None
            speaker, body = split_speaker(m.group("rest"))
            rows.append((start, end, speaker, body))
        else:
            speaker, body = split_speaker(line)
            rows.append((None, None, speaker, body))
    if not rows:
        return []
    total = int(duration_ms) if duration_ms else None
    starts: list[float | None] = [r[0] for r in rows]
    known = [i for i, s in enumerate(starts) if s is not None]
    # Runs of unstamped lines share the span from the previous stamp (or 0) to the next one.
    anchors = [(-1, 0.0)] + [(i, float(starts[i])) for i in known]
    filled: list[float] = [0.0] * len(rows)
    estimated = [s is None for s in starts]
    for j, (ai, at) in enumerate(anchors):
        nxt = anchors[j + 1] if j + 1 < len(anchors) else None
        first = ai if ai >= 0 else 0
        last = (nxt[0] - 1) if nxt else len(rows) - 1
        if ai >= 0:
            filled[ai] = at
        run = [k for k in range(first, last + 1) if starts[k] is None]
        if not run:
            continue
        end_t = nxt[1] if nxt else float(total if total is not None else at + DEFAULT_SEGMENT_MS * (len(run) + 1))
        slots = len(run) + (1 if ai >= 0 else 0)
        step = max(0.0, (end_t - at) / slots) if slots else 0.0
        for n, k in enumerate(run, 1 if ai >= 0 else 0):
            filled[k] = at + step * n
    out = []
    for i, (start, end, speaker, body) in enumerate(rows):
        s = int(round(filled[i]))
        if end is None:
            if i + 1 < len(rows):
                end = int(round(filled[i + 1]))
            else:
                end = total if total is not None and total > s else s + DEFAULT_SEGMENT_MS
        out.append(Segment(s, max(s, int(end)), body, speaker, confirmed=not estimated[i]))
    return normalise(out)


def _one_block(text: str) -> str:
    """No blank lines inside a cue (a blank line ends an SRT/WebVTT cue)."""
    return re.sub(r"\n\s*\n+", "\n", text)


def _with_speaker(seg: Segment) -> str:
    text = _one_block(seg.text)
    return f"{seg.speaker}：{text}" if seg.speaker else text


def to_srt(segments: Iterable[Segment]) -> str:
    parts = []
    for n, seg in enumerate(segments, 1):
        parts.append(f"{n}\n{format_ms(seg.start_ms, sep=',')} --> {format_ms(seg.end_ms, sep=',')}\n"
                     f"{_with_speaker(seg)}\n")
    return "\n".join(parts)


def to_vtt(segments: Iterable[Segment]) -> str:
    parts = ["WEBVTT\n"]
    for seg in segments:
        body = html.escape(_one_block(seg.text), quote=False)
        if seg.speaker:
            body = f"<v {html.escape(seg.speaker, quote=False)}>{body}</v>"
        parts.append(f"{format_ms(seg.start_ms)} --> {format_ms(seg.end_ms)}\n{body}\n")
    return "\n".join(parts)


def to_plain(segments: Iterable[Segment]) -> str:
    return "".join(f"[{format_ms(s.start_ms)} - {format_ms(s.end_ms)}] {_with_speaker(s).replace(chr(10), ' ')}\n"
                   for s in segments)


def render(segments: list[Segment], fmt: str) -> str:
    if fmt == "srt":
        return to_srt(segments)
    if fmt == "vtt":
        return to_vtt(segments)
    if fmt in ("txt", "text", "plain"):
        return to_plain(segments)
    raise InvalidInput(reason=f"不支持的导出格式“{fmt}”（可用 srt、vtt、txt、pdf）")


# --------------------------------------------------------------------------- PDF 文字记录

def render_pdf(segments: list[Segment], *, case_no: str, case_title: str, item_title: str, version: int,
               source: str, saved_by: str = "", saved_at: str = "", duration_ms: float | None = None,
               exported_by: str = "") -> bytes:
    """The 文字记录 as an A4 PDF: heading, then a table time | speaker | text. Segments not
    yet checked by a person are marked ※ (自动转写或时间为估算，需核对)."""
    from workstation.media.pdf import Column, PdfForm

    form = PdfForm(title=f"文字记录 {case_no} {item_title}", subject="音像资料文字记录", author=exported_by)
    form.title("文字记录")
    form.fields([
        ("案号", case_no),
        ("案卷", case_title),
        ("音像资料", item_title + (f"（时长 {format_ms(duration_ms)}）" if duration_ms else "")),
        ("版本", f"第 {version} 版，{SOURCE_NAMES.get(source, source)}"
                 + (f"，{saved_by}" if saved_by else "") + (f" 保存于 {saved_at}" if saved_at else "")),
    ], size=10)
    unconfirmed = [not s.confirmed for s in segments]
    rows = [[f"{format_ms(s.start_ms)}\n–{format_ms(s.end_ms)}", s.speaker, ("※ " if not s.confirmed else "") + s.text]
            for s in segments]
    form.table([Column("时间", 0.2), Column("说话人", 0.12), Column("内容", 0.68)], rows, size=9.5, marks=unconfirmed)
    if any(unconfirmed):
        form.paragraph(f"※ 标记的段落为{AUTO_MARK}（或时间为估算），尚未经人工逐段确认。", size=9, color=(0.4, 0.1, 0.1))
    form.paragraph(f"共 {len(segments)} 段。时间为录音录像文件内的时间（时:分:秒.毫秒）。", size=9, color=(0.3, 0.3, 0.3))
    form.signatures(["记录人", "核对人", "日期"])
    return form.finish()
