"""Exact frame times read from the file itself (PyAV), for marks, citations and clips.

A player's clock (libVLC) is approximate: it seeks to key frames and interpolates its
position. Whatever the reviewer marks is therefore *snapped* to a real frame of the file:
a presentation time stamp (pts) of the video stream, kept as an integer in the stream's
time base, so the stored time is exact and the same frame can be found again.

Media time (the "ms" everywhere in this package) is measured from the container's start
time, which is also what ``ffmpeg -ss`` and players count from: for an MPEG-TS whose first
packet is stamped 1.456778 s, the first video frame at 1.480 s is at media time 23.222 ms.

Two ways to find frames:

* ``FrameIndex``: a demux-only scan of the video packets (no decoding, ~60k packets/s):
  every frame's pts, key-frame flags, frame numbers, variable frame rate detection.
  Built lazily, serialisable (stored as a derivative so it is built once per file).
* a local scan: seek to the key frame before the time and read packets until the frames
  either side of it are known. A few milliseconds whatever the file's length, so a mark
  never waits for a full index.

Audio-only recordings have no frames to snap to: their exact time is the nearest sample.
"""

from __future__ import annotations

import array
import bisect
import json
import math
import zlib
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from workstation.media.errors import MediaError
from workstation.media.timefmt import format_ms

if TYPE_CHECKING:
    from workstation.jobs import Job

SNAP_MODES = ("nearest", "floor", "ceil")
MAX_REORDER = 34  # packets: more than any codec's frame reordering (H.264/H.265 allow 16)
INDEX_FORMAT_VERSION = 1


def _frac(value: Any) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, str):
        return Fraction(value)
    return Fraction(value)


def _tb_text(tb: Fraction) -> str:
    return f"{tb.numerator}/{tb.denominator}"


# --------------------------------------------------------------------------- one frame time

@dataclass(frozen=True)
class FrameTime:
    """An exact time in a recording: a frame's pts (or, for audio, a sample number)."""

    pts: int
    time_base: Fraction
    origin: Fraction = Fraction(0)  # seconds subtracted to get media time (container start)
    index: int | None = None  # frame number in presentation order, when known
    key: bool = False
    kind: str = "video"  # "video" frame or "audio" sample

    @property
    def seconds(self) -> Fraction:
        return self.pts * self.time_base - self.origin

    @property
    def ms(self) -> float:
        return float(self.seconds * 1000)

    @property
    def stamp(self) -> str:
        return format_ms(self.ms)

    def to_json(self) -> dict[str, Any]:
        return {"ms": round(self.ms, 6), "stamp": self.stamp, "pts": self.pts,
                "time_base": _tb_text(self.time_base), "frame": self.index, "key": self.key, "kind": self.kind}


def _pick_mode(target: Fraction, below: Fraction | None, above: Fraction | None, mode: str) -> str:
    """Which neighbour a snap picks: "below" (≤ target) or "above" (> target)."""
    if mode not in SNAP_MODES:
        raise ValueError(f"snap mode {mode!r}")
    if below is None:
        return "above"
    if above is None:
        return "below"
    if mode == "floor" or below == target:
        return "below"
    if mode == "ceil":
        return "above"
    return "below" if target - below <= above - target else "above"


# --------------------------------------------------------------------------- the index

@dataclass
class FrameIndex:
    """Every video frame's pts in presentation order, with key frames (demux-only scan)."""

    stream_index: int
    time_base: Fraction
    origin: Fraction
    pts: array.array  # 'q', sorted presentation time stamps (stream time base)
    key_positions: array.array  # 'q', sorted frame numbers of key frames
    end_pts: int  # end of the last frame (its pts + duration)
    complete: bool = True
    problem: str = ""  # Chinese: why the scan stopped early (truncated / damaged file)
    corrupt_packets: int = 0
    discarded_packets: int = 0
    packets_scanned: int = 0

    # -- building ---------------------------------------------------------------------
    @classmethod
    def scan(cls, path: str | Path, job: "Job | None" = None) -> "FrameIndex":
        with _open(path) as container:
            stream = video_stream(container)
            if stream is None:
                raise MediaError(key="no_video", reason="文件中没有视频流，无法建立帧索引")
            return cls.scan_container(container, stream, job)

    @classmethod
    def scan_container(cls, container, stream, job: "Job | None" = None) -> "FrameIndex":
        import av

        tb = _frac(stream.time_base)
        origin = container_origin(container)
        frames: list[tuple[int, bool]] = []
        durations: dict[int, int] = {}
        corrupt = discarded = scanned = 0
        problem = ""
        complete = True
        total_hint = int(stream.frames or 0)
        try:
            for pkt in container.demux(stream):
                p = pkt.pts if pkt.pts is not None else pkt.dts
                if p is None:
                    continue  # flush packet at the end
                scanned += 1
                if pkt.size == 0:
                    continue  # an empty packet (AVI: "repeat the previous frame") shows no new frame
                if pkt.is_corrupt:
                    corrupt += 1
                if pkt.is_discard:
                    discarded += 1
                    continue
                frames.append((int(p), bool(pkt.is_keyframe)))
                if pkt.duration:
                    durations[int(p)] = int(pkt.duration)
                if job is not None and scanned % 2000 == 0:
                    job.check_cancelled()
                    job.report(scanned, max(total_hint, scanned), "frame_index")
        except av.error.FFmpegError as exc:
            complete = False
            problem = f"读取到第 {scanned} 个视频数据包时出错（文件可能被截断或损坏）：{exc}"
        # MP4/MOV list every sample in their index: fewer packets than listed = truncated.
        if complete and total_hint and scanned < total_hint and container.format.name.startswith("mov,mp4"):
            complete = False
            problem = f"文件被截断：容器声明 {total_hint} 个视频帧，实际只读到 {scanned} 个"
        if not frames:
            raise MediaError(key="no_frames", reason=problem or "视频流中没有可读取的帧")
        frames.sort()
        pts = array.array("q", (p for p, _k in frames))
        keys = array.array("q", (i for i, (_p, k) in enumerate(frames) if k))
        last = pts[-1]
        last_dur = durations.get(last) or _median_interval(pts) or 1
        if job is not None:
            job.report(scanned, scanned, "frame_index")
        return cls(stream_index=stream.index, time_base=tb, origin=origin, pts=pts, key_positions=keys,
                   end_pts=last + last_dur, complete=complete, problem=problem, corrupt_packets=corrupt,
                   discarded_packets=discarded, packets_scanned=scanned)

    # -- serialisation (stored as a derivative) ------------------------------------------
    def to_bytes(self) -> bytes:
        deltas = [self.pts[0]] + [self.pts[i] - self.pts[i - 1] for i in range(1, len(self.pts))]
        doc = {"format": "workstation-frame-index", "version": INDEX_FORMAT_VERSION,
               "stream_index": self.stream_index, "time_base": _tb_text(self.time_base),
               "origin": _tb_text(self.origin), "pts_deltas": deltas, "key_positions": list(self.key_positions),
               "end_pts": self.end_pts, "complete": self.complete, "problem": self.problem,
               "corrupt_packets": self.corrupt_packets, "discarded_packets": self.discarded_packets,
               "packets_scanned": self.packets_scanned}
        return zlib.compress(json.dumps(doc, separators=(",", ":")).encode("utf-8"), 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> "FrameIndex":
        doc = json.loads(zlib.decompress(data).decode("utf-8"))
        if doc.get("format") != "workstation-frame-index" or doc.get("version") != INDEX_FORMAT_VERSION:
            raise ValueError("not a frame index of this version")
        pts = array.array("q")
        acc = 0
        for i, d in enumerate(doc["pts_deltas"]):
            acc = d if i == 0 else acc + d
            pts.append(acc)
        return cls(stream_index=doc["stream_index"], time_base=Fraction(doc["time_base"]),
                   origin=Fraction(doc["origin"]), pts=pts, key_positions=array.array("q", doc["key_positions"]),
                   end_pts=doc["end_pts"], complete=doc["complete"], problem=doc["problem"],
                   corrupt_packets=doc["corrupt_packets"], discarded_packets=doc["discarded_packets"],
                   packets_scanned=doc["packets_scanned"])

    # -- queries ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.pts)

    def frame(self, i: int) -> FrameTime:
        if i < 0:
            i += len(self.pts)
        if not 0 <= i < len(self.pts):
            raise IndexError(i)
        k = bisect.bisect_left(self.key_positions, i)
        is_key = k < len(self.key_positions) and self.key_positions[k] == i
        return FrameTime(self.pts[i], self.time_base, self.origin, i, is_key)

    def frames(self) -> Iterator[FrameTime]:
        for i in range(len(self.pts)):
            yield self.frame(i)

    def _target_pts(self, ms: float) -> Fraction:
        return (Fraction(ms) / 1000 + self.origin) / self.time_base

    def snap(self, ms: float, mode: str = "nearest") -> FrameTime:
        """The frame at ``ms`` (media time): nearest frame start, or the frame shown at that
        moment ("floor"), or the next frame boundary ("ceil")."""
        target = self._target_pts(ms)
        i = bisect.bisect_right(self.pts, math.floor(target)) - 1  # last pts <= target
        if i >= 0 and self.pts[i] > target:
            i -= 1
        below = Fraction(self.pts[i]) if i >= 0 else None
        above = Fraction(self.pts[i + 1]) if i + 1 < len(self.pts) else None
        pick = _pick_mode(target, below, above, mode)
        return self.frame(i if pick == "below" else i + 1)

    def position_of(self, pts: int) -> int | None:
        i = bisect.bisect_left(self.pts, pts)
        return i if i < len(self.pts) and self.pts[i] == pts else None

    def keyframe_at_or_before(self, pos: int) -> FrameTime:
        k = bisect.bisect_right(self.key_positions, pos) - 1
        return self.frame(self.key_positions[k] if k >= 0 else 0)

    def end(self) -> FrameTime:
        """The end of the last frame (an exclusive clip end at the end of the recording)."""
        return FrameTime(self.end_pts, self.time_base, self.origin, len(self.pts), False)

    def boundary(self, ms: float, mode: str = "nearest") -> FrameTime:
        """Like ``snap`` but the end of the last frame counts too (for clip ends)."""
        target = self._target_pts(ms)
        last = Fraction(self.pts[-1])
        if target > last:
            end = Fraction(self.end_pts)
            pick = _pick_mode(target, last, end, mode) if target < end else "above"
            return self.frame(-1) if pick == "below" else self.end()
        return self.snap(ms, mode)

    @property
    def duration_ms(self) -> float:
        return float((self.end_pts - self.pts[0]) * self.time_base * 1000)

    def intervals(self) -> tuple[int, int, int]:
        """(min, median, max) frame interval in ticks."""
        if len(self.pts) < 2:
            return (0, 0, 0)
        d = sorted(self.pts[i] - self.pts[i - 1] for i in range(1, len(self.pts)))
        return d[0], d[len(d) // 2], d[-1]

    @property
    def variable_frame_rate(self) -> bool:
        lo, med, hi = self.intervals()
        if not med:
            return False
        # Container time bases round (30000/1001 fps in 1/1000 gives 33 and 34 ms): only a
        # spread beyond that rounding and 0.5 ms counts as a variable frame rate.
        slack = max(Fraction(3, 2), Fraction(1, 2000) / self.time_base)
        return hi - lo > slack

    @property
    def average_fps(self) -> float | None:
        if len(self.pts) < 2:
            return None
        span = (self.pts[-1] - self.pts[0]) * self.time_base
        return round(float((len(self.pts) - 1) / span), 4) if span else None

    def summary(self) -> dict[str, Any]:
        lo, med, hi = self.intervals()
        return {"frames": len(self.pts), "key_frames": len(self.key_positions), "time_base": _tb_text(self.time_base),
                "first_ms": round(self.frame(0).ms, 6), "duration_ms": round(self.duration_ms, 3),
                "average_fps": self.average_fps, "variable_frame_rate": self.variable_frame_rate,
                "frame_interval_ms": {"min": round(float(lo * self.time_base * 1000), 3),
                                      "median": round(float(med * self.time_base * 1000), 3),
                                      "max": round(float(hi * self.time_base * 1000), 3)},
                "max_key_interval_frames": _max_gap(self.key_positions, len(self.pts)),
                "complete": self.complete, "problem": self.problem, "corrupt_packets": self.corrupt_packets}


def _median_interval(pts: array.array) -> int:
    if len(pts) < 2:
        return 0
    d = sorted(pts[i] - pts[i - 1] for i in range(max(1, len(pts) - 50), len(pts)))
    return d[len(d) // 2]


def _max_gap(keys: array.array, n: int) -> int:
    bounds = list(keys) + [n]
    return max((bounds[i + 1] - bounds[i] for i in range(len(bounds) - 1)), default=n)


# --------------------------------------------------------------------------- containers

class _open:
    """``av.open`` with our error message; a context manager."""

    def __init__(self, path: str | Path):
        import av

        try:
            self.container = av.open(str(path), mode="r", metadata_errors="ignore")
        except av.error.FFmpegError as exc:
            raise MediaError(key="media_unreadable",
                             reason=f"无法打开音视频文件（可能已损坏或被截断，原件仍按原样保存）：{exc}") from None

    def __enter__(self):
        return self.container

    def __exit__(self, *exc):
        self.container.close()


def _seek(container, pts: int, stream) -> None:
    """Seek to the key frame at or before ``pts``; a refused seek falls back to the start."""
    import av

    try:
        container.seek(max(int(pts), _stream_floor(stream)), backward=True, any_frame=False, stream=stream)
    except av.error.FFmpegError:
        try:
            container.seek(_stream_floor(stream), backward=True, any_frame=False, stream=stream)
        except av.error.FFmpegError as exc:
            raise MediaError(key="seek_failed", reason=f"无法定位到该时间（文件可能已损坏）：{exc}") from None


def _stream_floor(stream) -> int:
    start = stream.start_time
    return min(0, int(start)) if start is not None else 0


def container_origin(container) -> Fraction:
    start = container.start_time
    return Fraction(int(start), 1_000_000) if start is not None else Fraction(0)


def video_stream(container):
    """The main video stream (not cover art), or None."""
    from av.stream import Disposition

    for s in container.streams.video:
        try:
            if int(s.disposition) & int(Disposition.attached_pic):
                continue
        except Exception:
            pass
        cc = s.codec_context
        if cc is not None and (cc.width or 0) > 0:
            return s
    return None


def audio_stream(container):
    for s in container.streams.audio:
        if (s.codec_context.sample_rate or 0) > 0:
            return s
    return None


# --------------------------------------------------------------------------- images

@dataclass
class FrameImage:
    """A decoded frame as packed RGB (3 bytes per pixel, no row padding)."""

    width: int
    height: int
    rgb: bytes
    time: FrameTime | None = None

    def _av_frame(self):
        import av

        frame = av.VideoFrame(self.width, self.height, "rgb24")
        plane = frame.planes[0]
        row = self.width * 3
        if plane.line_size == row:
            plane.update(self.rgb)
        else:
            pad = bytes(plane.line_size - row)
            plane.update(b"".join(self.rgb[y * row:(y + 1) * row] + pad for y in range(self.height)))
        return frame

    def _encode(self, codec: str, pix_fmt: str, q: int | None = None) -> bytes:
        import av

        cc = av.CodecContext.create(codec, "w")
        cc.width, cc.height, cc.pix_fmt = self.width, self.height, pix_fmt
        cc.time_base = Fraction(1, 25)
        if q is not None:
            cc.qmin = cc.qmax = q
        frame = self._av_frame()
        if pix_fmt != "rgb24":
            frame = frame.reformat(format=pix_fmt)
        packets = list(cc.encode(frame)) + list(cc.encode(None))
        return b"".join(bytes(p) for p in packets)

    def png(self) -> bytes:
        return self._encode("png", "rgb24")

    def jpeg(self, quality: int = 85) -> bytes:
        q = max(2, min(31, round((100 - quality) / 5) + 1))  # JPEG quality → MJPEG quantiser
        return self._encode("mjpeg", "yuvj420p", q)

    def encode(self, fmt: str = "png", quality: int = 85) -> bytes:
        fmt = fmt.lower()
        if fmt == "png":
            return self.png()
        if fmt in ("jpg", "jpeg"):
            return self.jpeg(quality)
        raise ValueError(f"image format {fmt!r}")


def _display_size(frame, width: int | None, height: int | None) -> tuple[int, int]:
    w, h = frame.width, frame.height
    sar = getattr(frame, "sample_aspect_ratio", None)
    try:
        if sar and float(sar) > 0 and float(sar) != 1.0:
            w = max(2, int(round(w * float(sar))))
    except (TypeError, ValueError, ZeroDivisionError):
        pass
    rotation = int(getattr(frame, "rotation", 0) or 0) % 180
    if rotation:  # shown turned by 90°: scale to the turned shape, turn afterwards
        w, h = h, w
    if width and not height:
        height = max(2, int(round(h * width / w)))
    elif height and not width:
        width = max(2, int(round(w * height / h)))
    width, height = width or w, height or h
    return (height, width) if rotation else (width, height)


def frame_to_image(frame, width: int | None = None, height: int | None = None,
                   time: FrameTime | None = None) -> FrameImage:
    """A decoded ``av.VideoFrame`` as packed RGB, scaled (aspect kept) and turned upright."""
    w, h = _display_size(frame, width, height)
    rgb_frame = frame.reformat(width=w, height=h, format="rgb24")
    plane = rgb_frame.planes[0]
    row = w * 3
    data = bytes(plane)
    if plane.line_size != row:
        data = b"".join(data[y * plane.line_size:y * plane.line_size + row] for y in range(h))
    image = FrameImage(w, h, data[:row * h], time)
    rotation = int(getattr(frame, "rotation", 0) or 0) % 360
    if rotation:
        image = _rotate(image, rotation)
    return image


def _rotate(img: FrameImage, degrees: int) -> FrameImage:
    """Turn an image by the stream's display rotation (counter-clockwise degrees)."""
    w, h, src = img.width, img.height, img.rgb
    px = [src[i:i + 3] for i in range(0, len(src), 3)]
    if degrees in (90, -270):  # counter-clockwise: new(x, y) = old(w-1-y, x)
        out = [px[x * w + (w - 1 - y)] for y in range(w) for x in range(h)]
        return FrameImage(h, w, b"".join(out), img.time)
    if degrees in (270, -90):
        out = [px[(h - 1 - x) * w + y] for y in range(w) for x in range(h)]
        return FrameImage(h, w, b"".join(out), img.time)
    if degrees in (180, -180):
        return FrameImage(w, h, b"".join(reversed(px)), img.time)
    return img


# --------------------------------------------------------------------------- a media file

@dataclass
class MediaFile:
    """One readable file (a stored original, or its decrypted temp copy) and exact time on it.

    Keeps one demuxer open for repeated ``frame_at`` calls (e.g. frame stepping). Not
    thread-safe: one per thread.
    """

    path: Path
    index: FrameIndex | None = None
    _container: Any = field(default=None, repr=False)
    _facts: dict[str, Any] | None = field(default=None, repr=False)

    def __post_init__(self):
        self.path = Path(self.path)

    # -- plumbing -----------------------------------------------------------------------------
    def _c(self):
        if self._container is None:
            self._container = _open(self.path).container
            v = video_stream(self._container)
            if v is not None:
                v.thread_type = "AUTO"
        return self._container

    def close(self) -> None:
        if self._container is not None:
            self._container.close()
            self._container = None

    def __enter__(self) -> "MediaFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def facts(self) -> dict[str, Any]:
        if self._facts is None:
            c = self._c()
            v, a = video_stream(c), audio_stream(c)
            self._facts = {
                "has_video": v is not None, "has_audio": a is not None,
                "video_index": v.index if v is not None else None,
                "audio_index": a.index if a is not None else None,
                "time_base": _frac(v.time_base) if v is not None else None,
                "sample_rate": int(a.codec_context.sample_rate) if a is not None else None,
                "origin": container_origin(c),
                "duration_ms": (c.duration / 1000) if c.duration else None,
                "format": c.format.name,
            }
            if v is None and a is None:
                raise MediaError(key="no_av_streams", reason="文件中没有可读取的音频或视频流")
        return self._facts

    @property
    def has_video(self) -> bool:
        return self.facts["has_video"]

    def build_index(self, job: "Job | None" = None) -> FrameIndex:
        if self.index is None:
            if not self.has_video:
                raise MediaError(key="no_video", reason="音频文件没有视频帧；精确时间按采样点计算")
            with _open(self.path) as c:  # its own demuxer: the shared one may be mid-GOP
                self.index = FrameIndex.scan_container(c, c.streams[self.facts["video_index"]], job)
        return self.index

    # -- exact time -----------------------------------------------------------------------------
    def snap(self, ms: float, mode: str = "nearest") -> FrameTime:
        """The exact frame (video) or sample (audio) time for an approximate ``ms``."""
        if not self.has_video:
            return self._snap_audio(ms)
        if self.index is not None:
            return self.index.snap(ms, mode)
        return self._snap_local(ms, mode)

    def boundary(self, ms: float, mode: str = "nearest") -> FrameTime:
        """A clip boundary: a frame start, or the end of the last frame."""
        if not self.has_video:
            return self._snap_audio(ms)
        if self.index is not None:
            return self.index.boundary(ms, mode)
        target, below, above, below_dur = self._neighbours(ms)
        tb, origin = self.facts["time_base"], self.facts["origin"]
        if above is None and below is not None:  # at or after the last frame: its end counts
            if not below_dur:
                return self.build_index().boundary(ms, mode)
            end = below[0] + below_dur
            if target < end and _pick_mode(target, Fraction(below[0]), Fraction(end), mode) == "below":
                return FrameTime(int(below[0]), tb, origin, None, below[1])
            return FrameTime(int(end), tb, origin, None, False)
        return self._pick(target, below, above, mode)

    def _snap_audio(self, ms: float) -> FrameTime:
        sr = self.facts["sample_rate"]
        ms = max(0.0, float(ms))
        dur = self.facts["duration_ms"]
        if dur is not None:
            ms = min(ms, dur)
        n = round(Fraction(ms) * sr / 1000)
        return FrameTime(int(n), Fraction(1, sr), Fraction(0), None, True, "audio")

    def _snap_local(self, ms: float, mode: str) -> FrameTime:
        """Snap without a full index: seek to the key frame before, read packets around."""
        target, below, above, _dur = self._neighbours(ms)
        return self._pick(target, below, above, mode)

    def _pick(self, target: Fraction, below, above, mode: str) -> FrameTime:
        if below is None and above is None:
            raise MediaError(key="no_frames", reason="找不到该时间附近的视频帧（文件可能已损坏）")
        pick = _pick_mode(target, Fraction(below[0]) if below is not None else None,
                          Fraction(above[0]) if above is not None else None, mode)
        p, k = below if pick == "below" else above
        return FrameTime(int(p), self.facts["time_base"], self.facts["origin"], None, k)

    def _neighbours(self, ms: float):
        """(target pts, (pts, key) of the last frame at or before it, (pts, key) of the first
        frame after it — None at the end —, the packet duration of the former)."""
        c = self._c()
        stream = c.streams[self.facts["video_index"]]
        tb, origin = self.facts["time_base"], self.facts["origin"]
        target = (Fraction(ms) / 1000 + origin) / tb
        seek_to = math.floor(target)
        back = max(1, int(2 / tb))  # two seconds in ticks
        below = above = None
        below_dur = 0
        floor = _stream_floor(stream)
        for attempt in range(8):
            below = above = None
            started = late = False
            beyond = 0
            _seek(c, seek_to, stream)
            for pkt in c.demux(stream):
                if pkt.size == 0:
                    continue
                p = pkt.pts if pkt.pts is not None else pkt.dts
                if p is None:
                    continue
                if not started:
                    # Some demuxers (MPEG-TS) seek inexactly: begin at a key frame at or
                    # before the target, or go back further.
                    if not pkt.is_keyframe:
                        continue
                    if p > target and seek_to > floor:
                        late = True
                        break
                    started = True
                d = pkt.dts
                if not pkt.is_discard:
                    if p <= target and (below is None or p > below[0]):
                        below, below_dur = (p, bool(pkt.is_keyframe)), int(pkt.duration or 0)
                    elif p > target and (above is None or p < above[0]):
                        above = (p, bool(pkt.is_keyframe))
                if above is None:
                    continue
                # Decode order: every later packet has dts >= d, and pts >= dts, so once
                # d reaches the nearest frame above the target nothing closer can follow.
                if d is not None:
                    if d >= above[0]:
                        break
                else:  # no dts (some demuxers, first packets): wait out any B-frame reordering
                    beyond = beyond + 1 if p > above[0] else 0
                    if beyond >= MAX_REORDER:
                        break
            if not late and (started or seek_to <= floor):
                break
            seek_to = max(floor, seek_to - back * (2 ** attempt))
        return target, below, above, below_dur

    # -- pictures --------------------------------------------------------------------------------
    def frame_at(self, when: float | FrameTime, *, width: int | None = None, height: int | None = None,
                 exact: bool = True) -> FrameImage:
        """The picture of the frame at ``when`` (ms or an exact FrameTime).

        ``exact``: decode from the previous key frame up to that frame (~2.5 ms per
        720p frame); otherwise the key frame itself (thumbnails)."""
        if not self.has_video:
            raise MediaError(key="no_video", reason="音频文件没有画面")
        ft = when if isinstance(when, FrameTime) else self.snap(float(when), "floor")
        frame = self._decode(ft.pts, exact)
        shown = FrameTime(int(frame.pts), ft.time_base, ft.origin, None, bool(frame.key_frame))
        if self.index is not None:
            pos = self.index.position_of(shown.pts)
            if pos is not None:
                shown = self.index.frame(pos)
        return frame_to_image(frame, width, height, shown)

    def _decode(self, target: int, exact: bool):
        """Decode the frame with pts ``target`` (``exact``) or the key frame at or before it."""
        import av

        c = self._c()
        stream = c.streams[self.facts["video_index"]]
        tb = self.facts["time_base"]
        back = max(1, int(2 / tb))
        floor = _stream_floor(stream)
        seek_to = target
        best = None
        for attempt in range(8):
            best = None
            started = late = False
            _seek(c, seek_to, stream)
            try:
                for pkt in c.demux(stream):
                    if not started:
                        p = pkt.pts if pkt.pts is not None else pkt.dts
                        if pkt.size == 0 or p is None or not pkt.is_keyframe:
                            continue  # inexact seek (MPEG-TS): start decoding at a key frame
                        if p > target and seek_to > floor:
                            late = True
                            break
                        started = True
                    for frame in stream.decode(pkt):
                        fp = frame.pts
                        if fp is None:
                            continue
                        if not exact:
                            return frame
                        if fp > target:
                            break
                        best = frame
                        if fp == target:
                            return frame
                    else:
                        continue
                    break
            except av.error.FFmpegError as exc:
                if best is None:
                    raise MediaError(key="decode_failed", reason=f"解码失败（文件可能已损坏）：{exc}") from None
            if not late and best is not None and (attempt > 0 or seek_to <= floor):
                return best  # the frame itself is not decodable here: the closest one before it
            seek_to = max(floor, seek_to - back * (2 ** attempt))
        if best is None:
            raise MediaError(key="decode_failed", reason="该时间处没有可解码的画面")
        return best

    def first_frame(self, width: int | None = None) -> FrameImage:
        """The first picture (opening a recording)."""
        c = self._c()
        stream = c.streams[self.facts["video_index"]]
        origin = self.facts["origin"]
        for frame in c.decode(stream):
            return frame_to_image(frame, width, None, FrameTime(int(frame.pts or 0), self.facts["time_base"], origin))
        raise MediaError(key="decode_failed", reason="视频中没有可解码的画面")

    def keyframe_image(self, ms: float, width: int | None = None) -> FrameImage:
        """The key frame at or before ``ms`` (fast: one frame decoded): thumbnails, posters."""
        tb, origin = self.facts["time_base"], self.facts["origin"]
        target = int(math.floor((Fraction(ms) / 1000 + origin) / tb))
        frame = self._decode(target, exact=False)
        return frame_to_image(frame, width, None, FrameTime(int(frame.pts), tb, origin, None, True))
