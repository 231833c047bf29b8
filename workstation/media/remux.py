"""Fast (stream-copy) clips of MP4/MOV video, copied in-process and digested while written.

Why not ``ffmpeg -c copy`` for these: every exported clip needs its SHA-256 and SM3
(domain.md §7.4), and SM3 alone takes about as long as the whole copy. An MP4 written by
ffmpeg can only be digested once it is finished, because the muxer patches the ``mdat``
box size near the start of the file at the very end. Choosing the packets ourselves
first tells us that size before anything is written, so the digests run alongside the
writing (SM3 on the other core) and the clip's true first frame is known by
construction, not found afterwards by matching.

The predicted size only ever affects speed, never the recorded digests: every write is
watched, and if the muxer rewrites anything already digested other than that size field
with exactly the predicted value (another libavformat, a layout we do not expect), the
finished file is digested again from disk.

Packets copied (all in the original's own time stamps, shifted so the clip starts at 0):
video from the key frame at or before the marked start, in decode order, up to the last
packet shown before the marked end (so every frame that is shown can be decoded; a few
reordered frames after the end may come along); leading frames of an open GOP, which
cannot be decoded without the previous GOP, are left out. Audio: every packet that
overlaps [key frame, end).
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workstation.media.errors import MediaError
from workstation.media.frames import FrameTime, MediaFile, video_stream

if TYPE_CHECKING:
    from workstation.archive.hashing import Digests
    from workstation.jobs import Job

#: Output containers this path writes (the extension decides the muxer).
MUXERS = {".mp4": "mp4", ".mov": "mov"}
#: The copied packets are held in memory between choosing and writing them; clips
#: estimated larger than this go through ffmpeg instead.
MEMORY_LIMIT = 512 * 1024 * 1024
#: libavformat's write buffer: larger writes, fewer hand-overs to the digest thread.
WRITE_BUFFER = 1024 * 1024


class CannotRemux(Exception):
    """This recording or range is left to ffmpeg (reason in the message)."""


def eligible(mf: MediaFile, ext: str, start: FrameTime, end: FrameTime) -> bool:
    facts = mf.facts
    if ext not in MUXERS or not facts["has_video"] or not facts["format"].startswith("mov,mp4"):
        return False
    total_ms = facts.get("duration_ms") or 0
    if total_ms <= 0:
        return False
    share = (end.ms - start.ms + 10_000) / total_ms  # + a GOP or so of slack
    return mf.path.stat().st_size * min(1.0, share) <= MEMORY_LIMIT


@dataclass
class Copied:
    """What was written: the digests (``None`` = digest the file again) and the source
    frames the clip holds."""

    digests: "Digests | None"
    key: FrameTime
    video_pts: list[int]  # source pts of every video frame in the clip (decode order)
    packets: int
    streamed: bool
    details: dict[str, Any] = field(default_factory=dict)


def copy(mf: MediaFile, out: Path, key: FrameTime, end: FrameTime, job: "Job | None" = None) -> Copied:
    """Write the packets of [``key``, ``end``) of ``mf`` to the new file ``out``."""
    import av

    if job is not None:
        job.check_cancelled()
    c = mf._c()  # the recording's open demuxer (every other user of it seeks first)
    v = video_stream(c)
    if v is None:
        raise CannotRemux("no video stream")
    others = [s for s in c.streams.video if s.index != v.index]
    if any(s.codec_context is not None and (s.codec_context.width or 0) > 0 for s in others):
        raise CannotRemux("more than one video stream")
    audio = [s for s in c.streams.audio if (s.codec_context.sample_rate or 0) > 0]
    try:
        packets, video_pts, size = _choose(c, v, audio, key, end, job)
    except av.error.FFmpegError as exc:
        raise MediaError(key="media_unreadable",
                         reason=f"读取原件数据时出错（文件可能被截断或损坏，原件仍按原样保存）：{exc}") from None
    if job is not None:
        job.check_cancelled()
    writer = _DigestingWriter(out, size)
    try:
        _mux(c, [v, *audio], packets, writer, MUXERS[out.suffix.lower()], job)
        if job is not None:
            job.check_cancelled()
        digests = writer.finish()
    except BaseException:
        writer.abort()
        raise
    return Copied(digests=digests, key=key, video_pts=video_pts, packets=len(packets), streamed=digests is not None,
                  details={"mdat_predicted": writer.prediction_held})


def _choose(c, v, audio, key: FrameTime, end: FrameTime, job: "Job | None"):
    """The packets to copy, restamped, and the predicted ``mdat`` payload size."""
    vtb = Fraction(v.time_base)
    k_abs = key.pts * vtb  # seconds on the container clock
    end_abs = end.pts * Fraction(end.time_base)
    vi = v.index
    v_end = end.pts if Fraction(end.time_base) == vtb else int(end_abs / vtb)
    a_start, a_end, shift = {}, {}, {vi: key.pts}
    for a in audio:
        atb = Fraction(a.time_base)
        a_start[a.index] = k_abs / atb
        a_end[a.index] = end_abs / atb
        shift[a.index] = round(k_abs / atb)
    c.seek(key.pts, stream=v, backward=True, any_frame=False)
    chosen: list = []
    video_at: list[int] = []  # positions in ``chosen`` of video packets
    done: set[int] = set()
    found_key = False
    size = 0
    n = 0
    for pkt in c.demux(v, *audio):
        pts = pkt.pts
        if pts is None or pkt.size == 0:
            continue
        si = pkt.stream_index
        if si in done:
            continue
        if si == vi:
            if not found_key:
                if pts != key.pts:
                    if pts > key.pts and pkt.is_keyframe:
                        raise CannotRemux("the start key frame was not where the index says")
                    continue
                found_key = True
            dts = pkt.dts if pkt.dts is not None else pts
            if dts >= v_end:
                done.add(si)
                if len(done) == len(shift):
                    break
                continue
            if pts < key.pts or pkt.is_discard:
                continue  # a leading frame of an open GOP, or hidden by the edit list
            video_at.append(len(chosen))
        else:
            if pts >= a_end[si]:
                done.add(si)
                if len(done) == len(shift):
                    break
                continue
            if pts + (pkt.duration or 0) <= a_start[si]:
                continue
        chosen.append(pkt)
        size += pkt.size
        if size > MEMORY_LIMIT:
            raise CannotRemux("clip larger than the memory limit")
        n += 1
        if job is not None and n % 256 == 0:
            job.check_cancelled()
    if not found_key:
        raise CannotRemux("the start key frame was not found")
    # Video past the last frame shown before the end is not needed for decoding: drop it.
    while video_at and chosen[video_at[-1]].pts >= v_end:
        size -= chosen[video_at[-1]].size
        chosen[video_at.pop()] = None
    packets = [p for p in chosen if p is not None]
    video_pts = []
    for p in packets:
        si = p.stream_index
        if si == vi:
            video_pts.append(int(p.pts))
        off = shift[si]
        p.pts -= off
        if p.dts is not None:
            p.dts -= off
    return packets, video_pts, size


def _mux(c, streams, packets, writer: "_DigestingWriter", muxer: str, job: "Job | None") -> None:
    import av

    # The original's tags (like ``ffmpeg -map_metadata 0``). Time stamps stay as chosen:
    # the key frame at 0, earlier decode times and the audio packet begun before it
    # negative; the MP4 muxer then writes edit lists so that picture and sound both start
    # exactly at 0 (the part of that first audio packet before the key frame is trimmed).
    oc = av.open(writer, "w", format=muxer, buffer_size=WRITE_BUFFER,
                 options={"avoid_negative_ts": "disabled"}, metadata_errors="ignore")
    try:
        meta = {k: v for k, v in c.metadata.items() if k not in ("encoder", "major_brand", "minor_version",
                                                                   "compatible_brands")}
        oc.metadata.update(meta)
        omap = {}
        for s in streams:
            o = oc.add_stream_from_template(s)
            o.metadata.update({k: v for k, v in s.metadata.items()})
            omap[s.index] = o
        for i, p in enumerate(packets):
            p.stream = omap[p.stream_index]
            oc.mux(p)
            if job is not None and i % 256 == 255:
                job.check_cancelled()
    finally:
        oc.close()


class _DigestingWriter:
    """A write-only file for libavformat that digests the bytes as they are written.

    The first bytes (``ftyp``, the ``free``/``wide`` placeholder and the ``mdat`` header)
    are held back until the predicted ``mdat`` size can be put where the muxer will
    finally write it; after that every appended byte goes straight to the digests.
    """

    def __init__(self, path: Path, mdat_payload: int):
        from workstation.archive.hashing import StreamDigests

        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
        self._mdat_payload = mdat_payload
        self._pos = 0
        self._size = 0
        self._head = bytearray()  # bytes not yet digested (only before the head is released)
        self._digested = 0
        self._field: tuple[int, bytes] | None = None  # (offset, predicted bytes) of the mdat size
        self._field_written = False
        self.streaming = True
        self.prediction_held = False
        self._digests = StreamDigests()
        self._closed = False

    # --- the file protocol PyAV uses
    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == 0:
            self._pos = offset
        elif whence == 1:
            self._pos += offset
        elif whence == 2:
            self._pos = self._size + offset
        else:
            raise OSError(f"unsupported whence {whence}")
        return self._pos

    def write(self, data) -> int:
        data = bytes(data)
        n = len(data)
        view = memoryview(data)
        done = 0
        while done < n:
            done += os.pwrite(self._fd, view[done:], self._pos + done)
        pos, self._pos = self._pos, self._pos + n
        if pos == self._size:
            self._size += n
            if self.streaming:
                self._append(data)
        elif pos > self._size:
            self._size = pos + n
            self.streaming = False  # a hole: not something this writer predicts
        else:
            self._rewrite(pos, data)
        return n

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass  # PyAV closes its side; ``finish``/``abort`` close the file

    # --- digesting
    def _append(self, data: bytes) -> None:
        if self._field is None:
            self._head += data
            self._release_head()
        else:
            self._digests.update(data)
            self._digested += len(data)

    def _release_head(self) -> None:
        head = self._head
        if len(head) < 8:
            return
        ftyp = struct.unpack(">I", head[:4])[0]
        if head[4:8] != b"ftyp" or ftyp < 8:
            self.streaming = False
            return
        if len(head) < ftyp + 16:
            return
        placeholder, kind = struct.unpack(">I4s", head[ftyp:ftyp + 8])
        mdat_size = self._mdat_payload + 8
        if (placeholder, head[ftyp + 12:ftyp + 16]) != (8, b"mdat") or kind not in (b"free", b"wide") \
                or mdat_size > 0xFFFFFFFF:
            self.streaming = False
            return
        at = ftyp + 8
        value = struct.pack(">I", mdat_size)
        self._field = (at, value)
        self.prediction_held = True
        first = bytes(head[:at]) + value + bytes(head[at + 4:])
        self._head = bytearray()
        self._digests.update(first)
        self._digested = len(first)

    def _rewrite(self, pos: int, data: bytes) -> None:
        if not self.streaming:
            return
        end = pos + len(data)
        if self._field is None:
            if end <= self._size:
                self._head[pos:end] = data  # still held back: take the new bytes
                self._release_head()
            else:
                self.streaming = False
            return
        at, value = self._field
        if (pos, data) == (at, value):
            self._field_written = True
        elif pos < self._digested:
            self.streaming = False  # something already digested changed

    def finish(self) -> "Digests | None":
        """The digests of the file as written, or None when it must be digested again."""
        self._close_fd()
        ok = self.streaming and self._field_written and self._digested == self._size
        if not ok:
            self._digests.abort()
            return None
        return self._digests.finish()

    def abort(self) -> None:
        self._close_fd()
        self._digests.abort()

    def _close_fd(self) -> None:
        if not self._closed:
            self._closed = True
            os.close(self._fd)
