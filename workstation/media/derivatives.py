"""What is derived from a recording for viewing: a poster frame, a strip of thumbnails,
waveform peaks, the frame index. Pure functions over a readable file; storing them (as
derivative objects in the evidence store, linked to the original's SHA-256) is done by
``workstation.media.catalog``. The original is only read.
"""

from __future__ import annotations

import array
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workstation.media.errors import MediaError
from workstation.media.frames import FrameImage, MediaFile, _open, audio_stream

if TYPE_CHECKING:
    from workstation.jobs import Job

POSTER = "poster"
THUMBNAIL = "thumbnail"
WAVEFORM = "waveform"
FRAME_INDEX = "frame_index"
KINDS = (POSTER, THUMBNAIL, WAVEFORM, FRAME_INDEX)

MIME = {"png": "image/png", "jpeg": "image/jpeg", "json": "application/json",
        "frame_index": "application/x-workstation-frame-index"}

#: The poster is the frame at this share of the recording (the first frames of body-cam
#: footage are often dark or blurred), but never later than POSTER_MAX_MS.
POSTER_AT = 0.1
POSTER_MAX_MS = 10_000


def image_format(fmt: str) -> str:
    fmt = fmt.lower()
    if fmt == "jpg":
        fmt = "jpeg"
    if fmt not in ("png", "jpeg"):
        raise MediaError(key="bad_format", reason=f"图片格式应为 png 或 jpeg，而不是“{fmt}”")
    return fmt


def _duration_ms(mf: MediaFile) -> float:
    if mf.index is not None:
        return mf.index.duration_ms
    dur = mf.facts["duration_ms"]
    if not dur:
        raise MediaError(key="no_duration", reason="无法确定录像时长")
    return float(dur)


def poster(mf: MediaFile, *, width: int = 640, fmt: str = "jpeg") -> tuple[FrameImage, bytes]:
    at = min(_duration_ms(mf) * POSTER_AT, POSTER_MAX_MS)
    img = mf.frame_at(at, width=width)
    return img, img.encode(image_format(fmt))


def thumbnail_times(duration_ms: float, n: int) -> list[float]:
    """The middle of each of ``n`` equal slots of the recording."""
    return [duration_ms * (i + 0.5) / n for i in range(n)]


def thumbnails(mf: MediaFile, *, n: int = 10, width: int = 160, fmt: str = "jpeg",
               job: "Job | None" = None) -> list[tuple[FrameImage, bytes]]:
    """``n`` thumbnails spread over the recording, each the exact frame shown at its time."""
    if n < 1 or n > 500:
        raise MediaError(key="bad_count", reason="缩略图数量应在 1–500 之间")
    fmt = image_format(fmt)
    out = []
    times = thumbnail_times(_duration_ms(mf), n)
    first = mf.snap(0, "ceil").ms if mf.has_video else 0.0
    for i, t in enumerate(times):
        if job is not None:
            job.check_cancelled()
            job.report(i, n, "thumbnails")
        img = mf.frame_at(max(t, first), width=width)
        out.append((img, img.encode(fmt)))
    if job is not None:
        job.report(n, n, "thumbnails")
    return out


# --------------------------------------------------------------------------- waveform

@dataclass
class Waveform:
    """Peaks for drawing: per bucket the lowest and highest sample, scaled to ±1000."""

    per_second: int
    sample_rate: int  # of the analysed (resampled, mono) signal
    duration_ms: float
    peaks: list[tuple[int, int]] = field(default_factory=list)
    complete: bool = True
    problem: str = ""

    @property
    def bucket_ms(self) -> float:
        return 1000 / self.per_second

    def bucket_at(self, ms: float) -> int:
        return max(0, min(len(self.peaks) - 1, int(ms / self.bucket_ms)))

    def to_json(self) -> dict[str, Any]:
        return {"per_second": self.per_second, "bucket_ms": self.bucket_ms, "sample_rate": self.sample_rate,
                "duration_ms": round(self.duration_ms, 3), "scale": 1000, "complete": self.complete,
                "problem": self.problem, "peaks": [list(p) for p in self.peaks]}

    def to_bytes(self) -> bytes:
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> "Waveform":
        doc = json.loads(data.decode("utf-8"))
        return cls(per_second=doc["per_second"], sample_rate=doc["sample_rate"], duration_ms=doc["duration_ms"],
                   peaks=[(int(a), int(b)) for a, b in doc["peaks"]], complete=doc.get("complete", True),
                   problem=doc.get("problem", ""))


def waveform(path: str | Path, *, per_second: int = 50, job: "Job | None" = None) -> Waveform:
    """Decode the (first) audio stream once and keep min/max per 1/``per_second`` s."""
    import av

    if not 1 <= per_second <= 1000:
        raise MediaError(key="bad_resolution", reason="波形分辨率应为每秒 1–1000 个点")
    with _open(path) as c:
        stream = audio_stream(c)
        if stream is None:
            raise MediaError(key="no_audio", reason="文件中没有音频流")
        src_rate = int(stream.codec_context.sample_rate)
        rate = src_rate if src_rate <= 16000 else 16000
        while rate % per_second:  # whole samples per bucket
            rate += 1
        per_bucket = rate // per_second
        resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
        total_ms = (c.duration / 1000) if c.duration else None
        buf = array.array("h")
        peaks: list[tuple[int, int]] = []
        complete, problem = True, ""
        samples = 0

        def drain(final: bool = False) -> None:
            nonlocal buf
            n_full = len(buf) // per_bucket
            for b in range(n_full):
                chunk = buf[b * per_bucket:(b + 1) * per_bucket]
                peaks.append((min(chunk) * 1000 // 32768, max(chunk) * 1000 // 32768))
            buf = buf[n_full * per_bucket:]
            if final and len(buf):
                peaks.append((min(buf) * 1000 // 32768, max(buf) * 1000 // 32768))
                buf = array.array("h")

        def take(frames) -> None:
            nonlocal samples
            for out in frames:
                data = bytes(out.planes[0])[:out.samples * 2]
                buf.frombytes(data)
                samples += out.samples
            drain()

        try:
            for i, frame in enumerate(c.decode(stream)):
                take(resampler.resample(frame))
                if job is not None and i % 500 == 0:
                    job.check_cancelled()
                    if total_ms:
                        job.report(int(samples * 1000 / rate), int(total_ms), "waveform")
        except av.error.FFmpegError as exc:
            complete = False
            problem = f"解码到 {samples / rate:.1f} 秒处出错（文件可能被截断或损坏）：{exc}"
        take(resampler.resample(None))
        drain(final=True)
    return Waveform(per_second=per_second, sample_rate=rate, duration_ms=samples * 1000 / rate, peaks=peaks,
                    complete=complete, problem=problem)
