"""Small display formatters shared by the panels (no widgets here)."""

from __future__ import annotations

import datetime as dt

BEIJING = dt.timezone(dt.timedelta(hours=8))


def date_text(iso: str | None) -> str:
    return iso or ""


def datetime_text(iso: str | None, *, seconds: bool = True) -> str:
    """An ISO timestamp shown in Beijing time (the agency's clock), e.g. 2026-03-01 09:30:05."""
    if not iso:
        return ""
    try:
        value = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if value.tzinfo is not None:
        value = value.astimezone(BEIJING)
    return value.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def duration_text(ms: int | None) -> str:
    if not ms:
        return ""
    total = int(round(ms / 1000))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def size_text(size: int | None) -> str:
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return str(size)


def pages_text(start: int | None, end: int | None) -> str:
    if not start:
        return ""
    return str(start) if not end or end == start else f"{start}–{end}"


def join_nonempty(parts, sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)
