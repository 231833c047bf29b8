"""Times as a reviewer types and reads them in the player."""

from __future__ import annotations

import re

from workstation.errors import InvalidInput
from workstation.media.timefmt import format_ms, parse_stamp_ms

_NUMBER_RE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(s|秒)?\s*$", re.IGNORECASE)
_MS_RE = re.compile(r"^\s*(\d+)\s*ms\s*$", re.IGNORECASE)


def parse_go_to_time(text: str) -> float:
    """The go-to-time box: "00:12:31.400", "12:31" (minutes:seconds), "1:02:03",
    "751.4" or "751" (seconds), "751s", "1500ms". Returns media time in ms (≥ 0).

    Raises ``InvalidInput`` (a Chinese message) for anything else."""
    raw = (text or "").strip().replace("：", ":").replace("，", ",").replace("。", ".")
    if not raw:
        raise InvalidInput(reason="请输入时间，例如 00:12:31.400、12:31 或 751.4（秒）")
    m = _MS_RE.match(raw)
    if m:
        return float(m.group(1))
    m = _NUMBER_RE.match(raw)
    if m:
        return float(m.group(1).replace(",", ".")) * 1000.0
    if ":" in raw:
        return parse_stamp_ms(raw)
    raise InvalidInput(reason=f"无法识别的时间“{raw}”（可写 00:12:31.400、12:31 或 751.4 秒）")


def format_clock(ms: float | None) -> str:
    """"00:12:31.400"; "--:--:--.---" when unknown."""
    if ms is None:
        return "--:--:--.---"
    return format_ms(ms)
