"""Time stamps as people and subtitle formats write them."""

from __future__ import annotations

import re

from workstation.errors import InvalidInput

_STAMP_RE = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,9}))?\s*$")


def format_ms(ms: float, *, sep: str = ".", always_hours: bool = True) -> str:
    """12345.6 → "00:00:12.346" (``sep`` "," for SRT)."""
    total = int(round(ms))
    if total < 0:
        total = 0
    h, rem = divmod(total, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, milli = divmod(rem, 1000)
    if not always_hours and h == 0:
        return f"{m:02d}:{s:02d}{sep}{milli:03d}"
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{milli:03d}"


def parse_stamp_ms(text: str) -> float:
    """"hh:mm:ss.mmm…", "mm:ss.mmm", "hh:mm:ss,mmm", "mm:ss" → milliseconds (sub-ms kept)."""
    m = _STAMP_RE.match(text)
    if not m:
        raise InvalidInput(reason=f"无法识别的时间“{text.strip()}”（应为 时:分:秒.毫秒）")
    h, mi, s, frac = m.groups()
    if int(mi) >= 60 and h is not None or int(s) >= 60:
        raise InvalidInput(reason=f"时间“{text.strip()}”中的分或秒超出 59")
    seconds = (int(h or 0) * 60 + int(mi)) * 60 + int(s)
    return seconds * 1000 + (int(frac) / 10 ** (len(frac) - 3) if frac else 0.0)


def parse_stamp(text: str) -> int:
    """A subtitle time stamp in whole milliseconds."""
    return int(round(parse_stamp_ms(text)))


def parse_time(value: str | int | float) -> float:
    """A time given by a user: milliseconds (number) or a stamp ("00:12:31.400")."""
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    try:
        return float(text)
    except ValueError:
        return parse_stamp_ms(text)
