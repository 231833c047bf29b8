"""Cutting a clip out of a recording into a new file; the original is only ever read.

Two modes (domain.md §3.3: clips are derivatives with their own digests):

* **fast** — ``ffmpeg -ss S -i original -t D -c copy``: packets are copied unchanged, so
  the clip must begin at a key frame: it starts at the key frame *at or before* the marked
  start. The actual start is not guessed: the clip's first video packet is matched byte
  for byte against the original's key frames, which gives the exact source time of the
  clip's first frame (and, through the same offset, of its end).
* **exact** — re-encoded from the exact marked frame to the frame before the marked end
  (H.264/AAC MP4 for video, PCM WAV for audio-only), frames passed through with their own
  time stamps (variable frame rate kept, nothing duplicated or dropped).

Times given to ffmpeg are media times (from the container's start time, like ``-ss``).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workstation.media import remux, tools
from workstation.media.errors import MediaError
from workstation.media.frames import FrameTime, MediaFile, _open, audio_stream, video_stream
from workstation.media.timefmt import format_ms

if TYPE_CHECKING:
    from workstation.archive.hashing import Digests
    from workstation.jobs import Job

MODES = ("fast", "exact")
MODE_NAMES = {"fast": "快速（流复制）", "exact": "精确（重新编码）"}

#: Containers ffmpeg can stream-copy into under the original's own extension.
COPY_EXTENSIONS = {
    ".mp4": ".mp4", ".m4v": ".mp4", ".mov": ".mov", ".qt": ".mov", ".mkv": ".mkv", ".webm": ".webm",
    ".avi": ".avi", ".ts": ".ts", ".mts": ".ts", ".m2ts": ".ts", ".mpg": ".mpg", ".mpeg": ".mpg",
    ".3gp": ".3gp", ".flv": ".flv", ".wmv": ".wmv", ".asf": ".asf",
    ".wav": ".wav", ".mp3": ".mp3", ".amr": ".amr", ".m4a": ".m4a", ".aac": ".aac", ".flac": ".flac",
    ".ogg": ".ogg", ".oga": ".ogg", ".opus": ".opus", ".wma": ".wma", ".mka": ".mka",
}

#: Exact-mode encoding (configurable by callers).
X264_PRESET = "veryfast"
X264_CRF = 18
AAC_BITRATE = "192k"


@dataclass
class ClipFile:
    path: Path
    mode: str
    requested_start_ms: float
    requested_end_ms: float
    start_ms: float  # the clip's actual first frame / sample, in the original's media time
    end_ms: float  # the actual end, in the original's media time
    duration_ms: float | None  # the clip file's own duration (container)
    digests: "Digests"
    command: list[str]
    seconds: float
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def lead_ms(self) -> float:
        """How much earlier than the marked start the clip begins (fast mode)."""
        return max(0.0, self.requested_start_ms - self.start_ms)

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "mode": self.mode, "requested_start_ms": round(self.requested_start_ms, 6),
                "requested_end_ms": round(self.requested_end_ms, 6), "start_ms": round(self.start_ms, 6),
                "end_ms": round(self.end_ms, 6), "start": format_ms(self.start_ms), "end": format_ms(self.end_ms),
                "lead_ms": round(self.lead_ms, 3),
                "duration_ms": round(self.duration_ms, 3) if self.duration_ms is not None else None,
                "sha256": self.digests.sha256, "sm3": self.digests.sm3, "size": self.digests.size,
                "notes": self.notes, "seconds": round(self.seconds, 3), **self.details}


def safe_file_stem(name: str, fallback: str = "clip") -> str:
    """A file name part from a user's clip name (Chinese kept, separators and controls removed)."""
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name or "").strip(" ._")
    return (text or fallback)[:80]


def unused_path(dest_dir: Path, stem: str, ext: str) -> Path:
    """``dest_dir/stem.ext``, or ``stem(2).ext`` …: an export never overwrites a file."""
    cand = dest_dir / f"{stem}{ext}"
    n = 2
    while cand.exists():
        cand = dest_dir / f"{stem}({n}){ext}"
        n += 1
    return cand


def clip_extension(original_name: str, mode: str, has_video: bool) -> str:
    if mode == "exact":
        return ".mp4" if has_video else ".wav"
    ext = os.path.splitext(original_name)[1].lower()
    return COPY_EXTENSIONS.get(ext, ".mkv" if has_video else ".mka")


def _sec(value: Fraction | float) -> str:
    """Seconds for an ffmpeg option, to the microsecond (what ffmpeg parses)."""
    return f"{float(value):.6f}"


def cut(mf: MediaFile, dest: Path, start: FrameTime, end: FrameTime, mode: str, *,
        requested_start_ms: float | None = None, requested_end_ms: float | None = None,
        job: "Job | None" = None) -> ClipFile:
    """Write the clip [start, end) of ``mf`` to ``dest`` (which must not exist)."""
    from workstation.archive.hashing import digest_file

    if mode not in MODES:
        raise MediaError(key="bad_mode", reason=f"导出方式应为 fast 或 exact，而不是“{mode}”")
    if end.seconds <= start.seconds:
        raise MediaError(key="empty_clip", reason="片段终点须晚于起点")
    if dest.exists():
        raise MediaError(key="dest_exists", reason=f"目标文件已存在：{dest}")
    req_s = start.ms if requested_start_ms is None else requested_start_ms
    req_e = end.ms if requested_end_ms is None else requested_end_ms
    t0 = time.perf_counter()
    tmp = dest.with_name(f".{dest.stem}.part{dest.suffix}")
    tmp.unlink(missing_ok=True)
    ext = dest.suffix.lower()
    if mode == "fast" and remux.eligible(mf, ext, start, end):
        try:
            return _cut_in_process(mf, tmp, dest, start, end, req_s, req_e, t0, job)
        except remux.CannotRemux:
            tmp.unlink(missing_ok=True)  # an unusual file: ffmpeg copies it below
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clip-digest")
    try:
        cmd = _fast_command(mf, tmp, start, end) if mode == "fast" else _exact_command(mf, tmp, start, end)
        try:
            tools.run(cmd, what="ffmpeg（流复制）" if mode == "fast" else "ffmpeg（重新编码）")
        except MediaError as exc:
            if "fps_mode" not in exc.message:
                raise
            # ffmpeg before 5.1 spells "-fps_mode passthrough" as "-vsync passthrough"
            tmp.unlink(missing_ok=True)
            cmd = [("-vsync" if c == "-fps_mode" else c) for c in cmd]
            tools.run(cmd, what="ffmpeg（重新编码）")
        if job is not None:
            job.check_cancelled()
        # The digests (SM3 is the slow part) run while the clip is examined.
        pending = pool.submit(digest_file, tmp)
        if mode == "fast":
            actual_start, actual_end, details, notes = _locate_copy(mf, tmp, start, end)
        else:
            actual_start, actual_end = start.ms, end.ms
            details, notes = _check_exact(mf, tmp, start, end)
        duration = _container_duration_ms(tmp)
        digests = pending.result()
        _publish(tmp, dest)
    finally:
        pool.shutdown(wait=True)
        tmp.unlink(missing_ok=True)
    return ClipFile(path=dest, mode=mode, requested_start_ms=req_s, requested_end_ms=req_e, start_ms=actual_start,
                    end_ms=actual_end, duration_ms=duration, digests=digests, command=_redact(cmd, mf.path),
                    seconds=time.perf_counter() - t0, notes=notes, details=details)


def _cut_in_process(mf: MediaFile, tmp: Path, dest: Path, start: FrameTime, end: FrameTime, req_s: float,
                    req_e: float, t0: float, job: "Job | None") -> ClipFile:
    """Fast mode for MP4/MOV video (see ``remux``): the copied frames are known, so the
    actual start and end need no searching."""
    from workstation.archive.hashing import digest_file

    key = _keyframe_before(mf, start)
    try:
        copied = remux.copy(mf, tmp, key, end, job)
        digests = copied.digests if copied.digests is not None else digest_file(tmp)
        duration = _container_duration_ms(tmp)
        _publish(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    idx = mf.index
    have = {p for p in (idx.position_of(x) for x in copied.video_pts) if p is not None}
    pos = idx.position_of(key.pts)
    while pos is not None and pos in have:
        pos += 1
    actual_end = (idx.frame(pos) if pos is not None and pos < len(idx) else idx.end()).ms
    details: dict[str, Any] = {"start_matched": "copied", "clip_packets": len(copied.video_pts),
                               "digested_while_writing": copied.streamed}
    extra = sum(1 for i in have if idx.frame(i).ms >= actual_end - 1e-6)
    if extra:
        details["frames_after_end"] = extra
    import av

    command = [f"libavformat {_lavf_version()} (PyAV {av.__version__})", "-ss", _sec(key.seconds), "-i", "<原件>",
               "-to", _sec(end.seconds), "-map", "0:V", "-map", "0:a?", "-c", "copy", "-dn", "-sn",
               "-avoid_negative_ts", "disabled", "-map_metadata", "0", dest.name]
    return ClipFile(path=dest, mode="fast", requested_start_ms=req_s, requested_end_ms=req_e, start_ms=key.ms,
                    end_ms=actual_end, duration_ms=duration, digests=digests, command=command,
                    seconds=time.perf_counter() - t0, notes=_copy_notes(True, key.ms, actual_end, start, end),
                    details=details)


def _lavf_version() -> str:
    import av

    info = getattr(av, "library_versions", {}).get("libavformat")
    return ".".join(str(x) for x in info) if info else "?"


def _publish(tmp: Path, dest: Path) -> None:
    """Give the finished file its name without ever replacing an existing file."""
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise MediaError(key="dest_exists", reason=f"目标文件已存在：{dest}") from None
    except OSError:  # no hard links on this file system
        if dest.exists():
            raise MediaError(key="dest_exists", reason=f"目标文件已存在：{dest}") from None
        os.replace(tmp, dest)


def _redact(cmd: list[str], src: Path) -> list[str]:
    """The command as recorded: the (possibly decrypted temp) input shown as ``<原件>``."""
    return ["<原件>" if c == str(src) else (Path(c).name if os.sep in c and c != cmd[0] else c) for c in cmd]


#: Demuxers whose seeking is inexact (no index: they land near, not at, a key frame).
INEXACT_SEEK_FORMATS = frozenset({"mpegts", "mpeg", "mpegvideo", "h264", "hevc", "m4v", "mpegtsraw", "dv"})
INEXACT_SEEK_MARGIN = Fraction(5)


def _inexact_seek(mf: MediaFile) -> bool:
    return mf.facts["format"] in INEXACT_SEEK_FORMATS


def _keyframe_before(mf: MediaFile, t: FrameTime) -> FrameTime:
    idx = mf.build_index()
    pos = idx.position_of(t.pts)
    return idx.keyframe_at_or_before(len(idx) - 1 if pos is None else pos)


def _fast_command(mf: MediaFile, out: Path, start: FrameTime, end: FrameTime) -> list[str]:
    maps = ["-map", "0:V?", "-map", "0:a?"] if mf.has_video else ["-map", "0:a"]
    if mf.has_video and _inexact_seek(mf):
        # Seek well before, then let the copy begin at the key frame before the start: the
        # copy drops leading non-key frames, so aim a little before that key frame.
        k = _keyframe_before(mf, start)
        a = max(Fraction(0), k.seconds - INEXACT_SEEK_MARGIN)
        idx = mf.index
        pos = idx.position_of(k.pts) or 0
        prev_key = idx.keyframe_at_or_before(pos - 1).seconds if pos > 0 else k.seconds - 1
        delta = min(Fraction(1, 4), (k.seconds - prev_key) / 2)
        b = max(Fraction(0), k.seconds - a - delta)
        timing = ["-ss", _sec(a), "-i", str(mf.path), "-ss", _sec(b), "-t", _sec(end.seconds - (a + b))]
    else:
        timing = ["-ss", _sec(start.seconds), "-i", str(mf.path), "-t", _sec(end.seconds - start.seconds)]
    return [tools.ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "error", "-n", *timing,
            *maps, "-c", "copy", "-dn", "-sn", "-avoid_negative_ts", "make_zero", "-map_metadata", "0", str(out)]


def _gap_before(mf: MediaFile, t: FrameTime) -> Fraction:
    """A safety margin below a frame time: a quarter of the gap to the previous frame, at
    most 1 ms, so rounding in ffmpeg's seconds never loses or gains a frame."""
    cap = Fraction(1, 1000)
    if t.kind != "video" or mf.index is None:
        return Fraction(0) if t.kind == "audio" else cap / 4
    pos = mf.index.position_of(t.pts)
    if pos is None:  # the end of the last frame
        prev = mf.index.pts[-1]
    elif pos == 0:
        return cap
    else:
        prev = mf.index.pts[pos - 1]
    return min(cap, (t.pts - prev) * t.time_base / 4)


def _exact_command(mf: MediaFile, out: Path, start: FrameTime, end: FrameTime) -> list[str]:
    s = max(Fraction(0), start.seconds - _gap_before(mf, start))
    e = end.seconds - _gap_before(mf, end)
    if mf.has_video and _inexact_seek(mf):
        # Seek well before the key frame, decode from there, cut at the frame (output -ss).
        a = max(Fraction(0), _keyframe_before(mf, start).seconds - INEXACT_SEEK_MARGIN)
        timing = ["-ss", _sec(a), "-i", str(mf.path), "-ss", _sec(s - a), "-t", _sec(e - s)]
    else:
        timing = ["-ss", _sec(s), "-i", str(mf.path), "-t", _sec(e - s)]
    head = [tools.ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "error", "-n", *timing]
    if mf.has_video:
        return head + ["-map", "0:V:0", "-map", "0:a:0?", "-fps_mode", "passthrough",
                       "-c:v", "libx264", "-preset", X264_PRESET, "-crf", str(X264_CRF), "-pix_fmt", "yuv420p",
                       "-c:a", "aac", "-b:a", AAC_BITRATE, "-movflags", "+faststart", "-map_metadata", "0",
                       "-dn", "-sn", str(out)]
    return head + ["-map", "0:a:0", "-c:a", "pcm_s16le", "-map_metadata", "0", str(out)]


# --------------------------------------------------------------------------- checking results

def _container_duration_ms(path: Path) -> float | None:
    try:
        with _open(path) as c:
            return c.duration / 1000 if c.duration else None
    except MediaError:
        return None


@dataclass
class _Out:
    first_pts: int | None = None
    time_base: Fraction = Fraction(1)
    min_pts: int | None = None
    max_pts: int | None = None
    max_end: int | None = None
    packets: int = 0
    codec: str = ""
    hashes: list[str] = field(default_factory=list)  # sha256 of the first packets' data
    all_pts: list[int] = field(default_factory=list)  # every shown packet's pts


def _scan_out(path: Path, want_video: bool, keep: int = 16) -> _Out:
    res = _Out()
    with _open(path) as c:
        stream = video_stream(c) if want_video else audio_stream(c)
        if stream is None:
            raise MediaError(key="clip_empty", reason="导出的片段中没有" + ("视频" if want_video else "音频") + "数据")
        res.time_base = Fraction(stream.time_base)
        res.codec = stream.codec_context.name
        for pkt in c.demux(stream):
            if pkt.size == 0 or pkt.pts is None:
                continue
            if res.first_pts is None:
                res.first_pts = int(pkt.pts)
            if len(res.hashes) < keep:
                res.hashes.append(hashlib.sha256(bytes(pkt)).hexdigest())
            if pkt.is_discard:
                continue  # outside the clip's edit list: not shown by players
            res.packets += 1
            p = int(pkt.pts)
            res.min_pts = p if res.min_pts is None else min(res.min_pts, p)
            res.max_pts = p if res.max_pts is None else max(res.max_pts, p)
            res.all_pts.append(p)
            end = p + int(pkt.duration or 0)
            res.max_end = end if res.max_end is None else max(res.max_end, end)
    return res


def _thumb(frame) -> bytes:
    """A small grey picture of a decoded frame, for matching identical decodes."""
    return bytes(frame.reformat(width=48, height=27, format="gray").planes[0])[:48 * 27] if frame.width else b""


def _first_picture(path: Path) -> tuple[bytes, int, Fraction] | None:
    with _open(path) as c:
        v = video_stream(c)
        for frame in c.decode(v):
            return _thumb(frame), int(frame.pts), Fraction(v.time_base)
    return None


def _match_video_start(mf: MediaFile, clip: Path, out: _Out, start: FrameTime) -> tuple[int, int, str] | None:
    """(source pts, clip pts) of the clip's first frame: its packet found byte for byte among
    the original's key frames, else (containers that rewrite packets, e.g. MPEG-TS) its
    decoded picture matched against theirs."""
    import bisect

    idx = mf.build_index()
    pos = idx.position_of(start.pts)
    k = idx.keyframe_at_or_before(len(idx) - 1 if pos is None else pos)
    kp = idx.key_positions
    at = bisect.bisect_left(kp, k.index)
    # the key frame ffmpeg should have begun at first, then its neighbours
    cands = sorted((idx.pts[kp[j]] for j in range(max(0, at - 4), min(len(kp), at + 4))),
                   key=lambda p: abs(p - k.pts))
    with _open(mf.path) as c:
        stream = video_stream(c)
        for kpts in cands if out.hashes else []:
            c.seek(kpts, backward=True, any_frame=False, stream=stream)
            for pkt in c.demux(stream):
                if pkt.size == 0 or pkt.pts is None:
                    continue
                if pkt.pts == kpts:
                    if hashlib.sha256(bytes(pkt)).hexdigest() == out.hashes[0]:
                        return kpts, out.first_pts, "packet"
                    break
                if pkt.pts > kpts and pkt.is_keyframe:
                    break
    first = _first_picture(clip)
    if first is None:
        return None
    pic, clip_pts, clip_tb = first
    best = None
    for kpts in cands:
        try:
            frame = mf._decode(kpts, exact=False)
        except MediaError:
            continue
        src = _thumb(frame)
        score = 0 if src == pic else sum(abs(a - b) for a, b in zip(src, pic))
        if best is None or score < best[0]:
            best = (score, int(frame.pts))
    if best is None or best[0] > len(pic) * 2:  # nothing alike
        return None
    # express the clip's first frame in the clip stream's own packet clock
    return best[1], int(round(clip_pts * clip_tb / out.time_base)), "picture"


def _match_audio_start(mf: MediaFile, out: _Out, start: FrameTime) -> tuple[int, Fraction] | None:
    """The source pts of the clip's first audio packet: the clip's first packets found as a
    run among the original's packets near the start (nearest run wins: silence repeats)."""
    n = len(out.hashes)
    if not n or out.codec.startswith("pcm_"):
        return None
    with _open(mf.path) as c:
        stream = audio_stream(c)
        tb = Fraction(stream.time_base)
        around = start.seconds + mf.facts["origin"]
        for window in (Fraction(3), Fraction(60)):
            lo = max(0, int((around - window) / tb))
            c.seek(lo, backward=True, any_frame=False, stream=stream)
            seq: list[tuple[int, str]] = []
            for pkt in c.demux(stream):
                if pkt.size == 0 or pkt.pts is None:
                    continue
                if pkt.pts * tb > around + window:
                    break
                seq.append((int(pkt.pts), hashlib.sha256(bytes(pkt)).hexdigest()))
            hashes = [h for _p, h in seq]
            hits = [seq[i][0] for i in range(len(seq) - n + 1) if hashes[i:i + n] == out.hashes]
            if hits:
                return min(hits, key=lambda p: abs(p * tb - around)), tb
    return None


def _nearest_position(pts, p: int) -> int:
    import bisect

    i = bisect.bisect_left(pts, p)
    if i < len(pts) and pts[i] == p:
        return i
    if i == 0:
        return 0
    if i == len(pts):
        return i - 1
    return i if pts[i] - p < p - pts[i - 1] else i - 1


def _locate_copy(mf: MediaFile, clip: Path, start: FrameTime, end: FrameTime):
    """Where a stream-copied clip really starts and ends, in the original's media time."""
    video = mf.has_video
    out = _scan_out(clip, video)
    origin = mf.facts["origin"]
    notes: list[str] = []
    details: dict[str, Any] = {}
    match = None
    if video:
        m = _match_video_start(mf, clip, out, start)
        if m is not None:
            match = (m[0], mf.index.time_base, m[1])
            details["start_matched"] = m[2]
    else:
        m = _match_audio_start(mf, out, start)
        if m is not None:
            match = (m[0], m[1], out.first_pts)
            details["start_matched"] = "packet"
    if match is not None:
        src_pts, src_tb, clip_pts = match
        offset = src_pts * src_tb - clip_pts * out.time_base  # source clock − clip clock
        actual_start = float((src_pts * src_tb - origin) * 1000)
        if video:
            # The clip covers the original without a gap from its first frame up to the first
            # original frame it lacks (stream copy cuts in decode order: past the marked end a
            # few reordered frames may be missing). Packet durations are not used: with variable
            # frame rates a copied clip's are not trustworthy.
            idx = mf.index
            factor, shift = float(out.time_base / idx.time_base), float(offset / idx.time_base)
            have = {_nearest_position(idx.pts, round(x * factor + shift)) for x in out.all_pts}
            pos = idx.position_of(src_pts)
            while pos is not None and pos in have:
                pos += 1
            actual_end = (idx.frame(pos) if pos is not None and pos < len(idx) else idx.end()).ms
            extra = sum(1 for i in have if idx.frame(i).ms >= actual_end - 1e-6)
            if extra:
                details["frames_after_end"] = extra
        else:
            actual_end = float(((out.max_end or clip_pts) * out.time_base + offset - origin) * 1000)
    else:
        # PCM: ffmpeg seeks to the exact sample, so the clip starts where asked; its end
        # follows from its length.
        actual_start = start.ms
        span = ((out.max_end or 0) - (out.min_pts or 0)) * out.time_base
        actual_end = float((start.seconds + span) * 1000)
        details["start_matched"] = "requested" if not video or not out.hashes else "unmatched"
        if video:
            notes.append("未能确定片段首帧在原件中的位置，实际起点按标记起点记录，请核对。")
    notes.extend(_copy_notes(video, actual_start, actual_end, start, end))
    details["clip_packets"] = out.packets
    return actual_start, actual_end, details, notes


def _copy_notes(video: bool, actual_start: float, actual_end: float, start: FrameTime, end: FrameTime) -> list[str]:
    notes = []
    if video and actual_start < start.ms - 1e-6:
        notes.append(f"快速模式（流复制）只能从关键帧开始：片段实际从 {format_ms(actual_start)} 开始，"
                     f"比标记起点 {format_ms(start.ms)} 早 {(start.ms - actual_start) / 1000:.3f} 秒。")
    if actual_start > start.ms + 1e-6:
        notes.append(f"片段实际从 {format_ms(actual_start)} 开始，晚于标记起点 {format_ms(start.ms)}，请核对。")
    if actual_end > end.ms + 1e-6:
        notes.append(f"片段实际结束于 {format_ms(actual_end)}（流复制按数据包截取，略晚于标记终点 {format_ms(end.ms)}）。")
    elif actual_end < end.ms - 1e-6:
        notes.append(f"片段实际结束于 {format_ms(actual_end)}，早于标记终点 {format_ms(end.ms)}"
                     f"（此后的画面未能复制，原件可能在此处损坏或被截断），请核对。")
    return notes


def _check_exact(mf: MediaFile, clip: Path, start: FrameTime, end: FrameTime):
    """Count the re-encoded frames against the original's frames in [start, end)."""
    details: dict[str, Any] = {"encoder": f"libx264 {X264_PRESET} crf {X264_CRF} / aac {AAC_BITRATE}"
                               if mf.has_video else "pcm_s16le"}
    notes: list[str] = []
    if mf.has_video:
        idx = mf.build_index()
        import bisect

        expected = bisect.bisect_left(idx.pts, end.pts) - bisect.bisect_left(idx.pts, start.pts)
        out = _scan_out(clip, True)
        details.update(expected_frames=expected, clip_frames=out.packets)
        if out.packets != expected:
            notes.append(f"重新编码后的帧数（{out.packets}）与原件该区间的帧数（{expected}）不一致，请核对。")
    return details, notes
