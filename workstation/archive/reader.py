"""Reading evidence: one handle per opened item, one audit event per viewing.

A viewer tells the handle which pages or time ranges it actually showed; closing the
handle writes a single ``item.view`` event summarising them, so scrolling through a
1,000-page document costs one audit row, not a thousand.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Iterable

if TYPE_CHECKING:
    from workstation.session import Workstation


def compress_ranges(numbers: Iterable[int]) -> str:
    """[1,2,3,5,7,8] -> "1-3,5,7-8"."""
    nums = sorted(set(numbers))
    parts: list[str] = []
    start = prev = None
    for n in nums:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            parts.append(f"{start}-{prev}" if start != prev else str(start))
            start = prev = n
    if start is not None:
        parts.append(f"{start}-{prev}" if start != prev else str(start))
    return ",".join(parts)


def merge_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted((min(a, b), max(a, b)) for a, b in intervals):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


class ItemReader:
    def __init__(self, ws: "Workstation", item_id: int, case_no: str, title: str, kind: str, sha256: str,
                 page_count: int | None, duration_ms: int | None):
        self._ws = ws
        self.item_id = item_id
        self.case_no = case_no
        self.title = title
        self.kind = kind
        self.sha256 = sha256
        self.page_count = page_count
        self.duration_ms = duration_ms
        self._pages: set[int] = set()
        self._times: list[tuple[int, int]] = []
        self._opened = time.monotonic()
        self._closed = False

    @property
    def path(self) -> Path:
        """The stored original (read-only). Viewers open it; nobody writes to it."""
        return self._ws.archive.store.path_of(self.sha256)

    def open_bytes(self) -> BinaryIO:
        return self._ws.archive.store.open(self.sha256)

    def note_pages(self, pages: Iterable[int]) -> None:
        self._pages.update(int(p) for p in pages)

    def note_time(self, start_ms: int, end_ms: int) -> None:
        self._times.append((int(start_ms), int(end_ms)))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        details = {"title": self.title, "kind": self.kind, "seconds_open": round(time.monotonic() - self._opened, 1)}
        if self._pages:
            details["pages"] = compress_ranges(self._pages)
        if self._times:
            details["time_ranges_ms"] = [list(r) for r in merge_intervals(self._times)]
        self._ws.archive.audit_now(self._ws.username, "item.view", f"{self.case_no}/item:{self.item_id}",
                                   details=details)

    def __enter__(self) -> "ItemReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
