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
                 page_count: int | None, duration_ms: int | None, encrypted: bool = False, suffix: str = ""):
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
        self._encrypted = encrypted
        self._suffix = suffix
        self._plain = None  # context manager holding a decrypted temp copy
        self._plain_path: Path | None = None

    @property
    def path(self) -> Path:
        """A readable file of the original: the read-only stored object, or for an item
        encrypted at rest a private decrypted copy removed when the reader closes."""
        if not self._encrypted:
            return self._ws.archive.store.path_of(self.sha256)
        if self._plain_path is None:
            import re

            suffix = self._suffix if re.fullmatch(r"\.[A-Za-z0-9_-]{1,16}", self._suffix) else ""
            self._plain = self._ws.archive.plaintext_path(self.sha256, True, suffix)
            self._plain_path = self._plain.__enter__()
        return self._plain_path

    def open_bytes(self) -> BinaryIO:
        return open(self.path, "rb")

    def watermark_text(self, purpose: str = "查看") -> str:
        from workstation.archive.watermark import watermark_text

        user = self._ws.user
        return watermark_text(self._watermark_settings(), user=user.username, display_name=user.display_name,
                              terminal=self._ws.archive.settings.workstation_name, case_no=self.case_no,
                              purpose=purpose)

    def _watermark_settings(self):
        if getattr(self, "_wm_settings", None) is None:
            from dataclasses import asdict

            from workstation.archive.watermark import WatermarkSettings

            self._wm_settings = WatermarkSettings(**asdict(self._ws.archive.settings.watermark))
        return self._wm_settings

    def _current_watermark(self) -> str:
        # The text shows the time to the minute: rebuild it once a minute, not per page.
        minute = int(time.time() // 60)
        if getattr(self, "_wm_minute", None) != minute:
            self._wm_minute, self._wm_text = minute, self.watermark_text()
        return self._wm_text

    def render_page(self, doc, page_no: int, zoom: float = 1.5, *, note: bool = True):
        """A page as the person sees it: rendered with the watermark, and (unless ``note`` is
        False, e.g. for prefetching) noted as viewed. Viewers that prefetch call
        ``note_pages`` themselves when a page is actually painted."""
        from workstation.archive.watermark import render_page

        if note:
            self.note_pages([page_no + 1])
        return render_page(doc, page_no, zoom, self._current_watermark(), self._watermark_settings())

    def note_pages(self, pages: Iterable[int]) -> None:
        self._pages.update(int(p) for p in pages)

    def note_time(self, start_ms: int, end_ms: int) -> None:
        self._times.append((int(start_ms), int(end_ms)))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._plain is not None:
            self._plain.__exit__(None, None, None)
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
