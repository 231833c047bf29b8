"""The core side of playing a recording (the libVLC widget lives in the UI).

``MediaReader`` wraps the item's ``ItemReader`` (access checked, readable path — a private
decrypted copy for items encrypted at rest — and one summarising ``item.view`` audit event
when closed, listing the time ranges played) and adds exact time: snapping the player's
approximate position to the frame actually shown, decoding exact frames for frame steps
and marks, and following the transcript.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workstation.media.frames import FrameImage, FrameIndex, FrameTime, MediaFile
from workstation.media.transcripts import Segment, segment_index_at

if TYPE_CHECKING:
    from workstation.archive.reader import ItemReader


class MediaReader:
    def __init__(self, reader: "ItemReader", index: FrameIndex | None, info: dict[str, Any],
                 segments: list[Segment] | None = None, on_index=None):
        self._reader = reader
        self._media: MediaFile | None = None
        self._index = index
        self._on_index = on_index  # called with a newly built index (to store it)
        self.info = info
        self.segments = segments or []

    # -- what the widget needs -------------------------------------------------------------
    @property
    def item_id(self) -> int:
        return self._reader.item_id

    @property
    def path(self):
        """A readable file for libVLC (valid until ``close``)."""
        return self._reader.path

    @property
    def duration_ms(self) -> float | None:
        return self._reader.duration_ms

    @property
    def media(self) -> MediaFile:
        if self._media is None:
            self._media = MediaFile(self._reader.path, index=self._index)
        return self._media

    def watermark_text(self, purpose: str = "播放") -> str:
        return self._reader.watermark_text(purpose)

    # -- exact time ----------------------------------------------------------------------------
    def frame_index(self) -> FrameIndex:
        if self._index is None:
            self._index = self.media.build_index()
            if self._on_index is not None:
                self._on_index(self._index)
        return self._index

    def snap(self, player_ms: float, mode: str = "nearest") -> dict[str, Any]:
        """The exact frame for a player position, with both times (show both)."""
        ft = self.media.snap(player_ms, mode)
        return {**ft.to_json(), "player_ms": float(player_ms), "offset_ms": round(ft.ms - float(player_ms), 3)}

    def exact(self, player_ms: float, mode: str = "nearest") -> FrameTime:
        return self.media.snap(player_ms, mode)

    def frame_at(self, ms: float | FrameTime, *, width: int | None = None) -> FrameImage:
        img = self.media.frame_at(ms, width=width)
        t = img.time.ms if img.time else float(ms if not isinstance(ms, FrameTime) else ms.ms)
        self._reader.note_time(int(t), int(t))
        return img

    def step(self, ms: float, frames: int) -> FrameTime:
        """The frame ``frames`` away (±) from the one shown at ``ms`` (needs the index)."""
        idx = self.frame_index()
        here = idx.snap(ms, "floor").index or 0
        return idx.frame(max(0, min(len(idx) - 1, here + frames)))

    # -- audit of what was played --------------------------------------------------------------
    def note_played(self, start_ms: float, end_ms: float) -> None:
        """The player reports each stretch it played (summarised in one audit event)."""
        self._reader.note_time(int(start_ms), int(end_ms))

    # -- transcript sync ---------------------------------------------------------------------------
    def segment_index_at(self, ms: float) -> int | None:
        return segment_index_at(self.segments, ms)

    # -- lifetime ------------------------------------------------------------------------------------
    def close(self) -> None:
        if self._media is not None:
            self._media.close()
            self._media = None
        self._reader.close()

    def __enter__(self) -> "MediaReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
