"""Generated audio/video evidence: body-cam clips, interview recordings, benchmark video.

Uses the ffmpeg and espeak-ng command-line tools (never the network). Outputs are
deterministic on one machine: fixed noise seeds, ``-threads 2`` for x264, bit-exact muxing,
and espeak-ng, which always renders the same text to the same samples.

Chinese speech comes from ``espeak-ng -v cmn``; without espeak-ng the clips get a quiet tone
instead and interview recordings raise RuntimeError (their point is speech with timings).
"""

from __future__ import annotations

import array
import re
import shutil
import subprocess
import tempfile
import wave
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from collections.abc import Sequence
from typing import Union

from .pdfs import cjk_font_path

BEIJING = timezone(timedelta(hours=8))
Segment = tuple[int, int, str, str]  # (start_ms, end_ms, speaker, text)
Line = Union[str, tuple[str, str]]

VOICES = {  # speaker -> espeak-ng voice, speed (words/min), pitch (0-99)
    "问": ("cmn", 260, 42),
    "答": ("cmn+f3", 250, 62),
    "": ("cmn", 240, 50),
}
_SPEAKER_RE = re.compile(r"^\s*(问|答)\s*[：:]\s*")
_BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]


def ffmpeg_path() -> str:
    exe = shutil.which("ffmpeg")
    if not exe:
        raise RuntimeError(
            "ffmpeg not found on PATH: the demo/test media generator needs it "
            "(Debian: apt-get install ffmpeg; Windows: put ffmpeg.exe on PATH)")
    return exe


def espeak_path() -> str | None:
    return shutil.which("espeak-ng")


@lru_cache(maxsize=4)
def _has_filter(ffmpeg: str, name: str) -> bool:
    out = subprocess.run([ffmpeg, "-hide_banner", "-filters"], capture_output=True, text=True,
                         errors="replace", timeout=30).stdout
    return any(line.split()[1:2] == [name] for line in out.splitlines() if len(line.split()) > 1)


def _run(cmd: list[str], *, cwd: Path | None = None, timeout: float = 120) -> None:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout)
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace")[-1500:]
        raise RuntimeError(f"{Path(cmd[0]).name} failed ({proc.returncode}): {tail}")


def _filter_path(p: Path | str) -> str:
    """A path as a quoted ffmpeg filter option value (Windows drive colons escaped)."""
    s = str(p).replace("\\", "/").replace(":", "\\:").replace("'", "'\\''")
    return f"'{s}'"


def speak(text: str, wav_path: Path, *, speaker: str = "", speed: int | None = None) -> Path:
    """Chinese speech for ``text`` into a 22,050 Hz mono 16-bit WAV (espeak-ng)."""
    exe = espeak_path()
    if not exe:
        raise RuntimeError("espeak-ng not found on PATH (Debian: apt-get install espeak-ng)")
    voice, default_speed, pitch = VOICES.get(speaker, VOICES[""])
    _run([exe, "-v", voice, "-s", str(speed or default_speed), "-p", str(pitch), "-w", str(wav_path), text],
         timeout=60)
    return wav_path


def wav_seconds(wav_path: Path) -> float:
    with wave.open(str(wav_path), "rb") as w:
        return w.getnframes() / w.getframerate()


# --- body-cam clip -------------------------------------------------------------------------------
def opening_statement(start: datetime, unit: str = "某市市场监督管理局", act: str = "现场检查") -> str:
    return (f"现在是{start.year}年{start.month}月{start.day}日{start.hour}时{start.minute}分，"
            f"我们是{unit}执法人员，正在进行{act}，全程录音录像。")


def make_bodycam_mp4(path: Path | str, seconds: float = 6, *, width: int = 640, height: int = 360,
                     stamp: str = "2026-03-02 09:15:00", device: str = "DSJ-V9", serial: str = "SN20240012",
                     make: str = "某品牌", officer: str = "", statement: str | None = None,
                     unit: str = "某市市场监督管理局", seed: int = 0) -> Path:
    """An H.264/AAC MP4 that looks like 执法记录仪 footage.

    Picture: ffmpeg's moving testsrc2 pattern (its frame counter helps seek tests) with sensor
    noise, a burnt-in running clock starting at ``stamp`` (Beijing time) and the device id.
    Sound: the spoken opening statement (espeak-ng), then room noise, cut to ``seconds``.
    Container tags: creation_time (UTC), make, model, serial, comment.
    """
    ffmpeg = ffmpeg_path()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    start = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S")
    epoch = int((start - datetime(1970, 1, 1)).total_seconds())  # naive: clock shows Beijing time
    utc = start.replace(tzinfo=BEIJING).astimezone(timezone.utc)
    with tempfile.TemporaryDirectory(prefix="devdata-av-") as tmp:
        tmpdir = Path(tmp)
        inputs = ["-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate=25:duration={seconds}"]
        if espeak_path():
            text = statement or opening_statement(start, unit)
            speech = speak(text, tmpdir / "speech.wav", speaker="问")
            spoken = wav_seconds(speech)
            if spoken > seconds - 0.5:  # talk faster so the statement fits the clip (espeak caps ~450)
                speed = min(400, int(VOICES["问"][1] * spoken / max(0.5, seconds - 0.5)) + 1)
                speak(text, speech, speaker="问", speed=speed)
            inputs += ["-i", "speech.wav"]
            voice = "[1:a]aresample=16000,apad[s];"
        else:
            inputs += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=16000:duration={seconds}"]
            voice = "[1:a]volume=0.2[s];"
        inputs += ["-f", "lavfi", "-i",
                   f"anoisesrc=color=brown:amplitude=0.02:seed={seed & 0x7FFFFFFF}:sample_rate=16000:duration={seconds}"]
        plain_vf = vf = f"noise=alls=8:allf=t+u:all_seed={seed & 0xFFFF}"
        if _has_filter(ffmpeg, "drawtext"):
            font = cjk_font_path()
            label = f"{make} {device} {serial} {officer}".strip() + (" 执法记录仪" if font else "")
            if not font:
                label = label.encode("ascii", "replace").decode().replace("?", "")
            (tmpdir / "clock.txt").write_text(
                "%{pts:gmtime:" + str(epoch) + ":%Y-%m-%d %H\\:%M\\:%S}", encoding="utf-8")
            (tmpdir / "label.txt").write_text(label, encoding="utf-8")
            ff = f"fontfile={_filter_path(font)}:" if font else ""
            common = f"{ff}fontcolor=white:box=1:boxcolor=black@0.45:boxborderw=4"
            size = max(12, height // 18)
            vf += (f",drawtext={common}:textfile=clock.txt:expansion=normal:fontsize={size}:x=w-tw-12:y=12"
                   f",drawtext={common}:textfile=label.txt:expansion=none:fontsize={size - 2}:x=12:y=h-th-12")

        def command(video_filter: str) -> list[str]:
            graph = f"[0:v]{video_filter}[v];{voice}[s][2:a]amix=inputs=2:duration=first:normalize=0[a]"
            return [
                ffmpeg, "-hide_banner", "-nostdin", "-y", *inputs, "-filter_complex", graph,
                "-map", "[v]", "-map", "[a]", "-t", str(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-crf", "30", "-g", "50", "-pix_fmt", "yuv420p",
                "-threads", "2", "-c:a", "aac", "-aac_coder", "fast", "-b:a", "48k", "-ar", "16000", "-ac", "1",
                "-metadata", f"creation_time={utc:%Y-%m-%dT%H:%M:%S.000000Z}",
                "-metadata", f"make={make}", "-metadata", f"model={device}",
                "-metadata", f"serial={serial}", "-metadata", f"comment={officer} {stamp}".strip(),
                "-movflags", "+use_metadata_tags", *_BITEXACT, str(path.resolve())]

        try:
            _run(command(vf), cwd=tmpdir)
        except RuntimeError:
            if vf == plain_vf:
                raise
            _run(command(plain_vf), cwd=tmpdir)  # drawtext without a usable font: no overlay
    return path


# --- interview recording -------------------------------------------------------------------------
def split_speaker(line: Line) -> tuple[str, str]:
    """("问", "你的姓名？") from "问：你的姓名？" or from the tuple itself."""
    if isinstance(line, tuple):
        return line[0], line[1]
    m = _SPEAKER_RE.match(line)
    if m:
        return m.group(1), line[m.end():]
    return "", line.strip()


def _speech_bounds(samples: array.array, threshold: int = 400) -> tuple[int, int]:
    n = len(samples)
    first = next((i for i in range(n) if abs(samples[i]) > threshold), 0)
    last = next((i for i in range(n - 1, -1, -1) if abs(samples[i]) > threshold), n - 1)
    return first, last + 1


def make_interview_audio(path: Path | str, lines: Sequence[Line], *, fmt: str | None = None,
                         pause_ms: int = 450, title: str = "询问录音",
                         recorded_at: str | None = None) -> tuple[Path, list[Segment]]:
    """An interview recording: each 问/答 line spoken by espeak-ng (two voices), with pauses.

    ``fmt``: "m4a" (AAC), "mp3" or "wav"; default from the path's suffix, else m4a.
    Returns (path, segments); each segment is (start_ms, end_ms, speaker, text), start/end
    being where the speech of that line begins and ends in the output (leading/trailing
    silence excluded; measured on the samples, so accurate to 1 ms before encoding).
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "m4a").lower()
    if fmt not in ("m4a", "mp3", "wav"):
        raise ValueError(f"unsupported audio format {fmt!r} (m4a, mp3 or wav)")
    path.parent.mkdir(parents=True, exist_ok=True)
    parsed = [split_speaker(line) for line in lines]
    with tempfile.TemporaryDirectory(prefix="devdata-audio-") as tmp:
        tmpdir = Path(tmp)
        wavs = [tmpdir / f"seg{i:03d}.wav" for i in range(len(parsed))]
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda a: speak(a[1][1], a[0], speaker=a[1][0]), zip(wavs, parsed)))
        rate = 22050  # espeak-ng's rate
        pcm = array.array("h", [0]) * (rate * 300 // 1000)  # lead-in
        segments: list[Segment] = []
        gap = array.array("h", [0]) * (rate * pause_ms // 1000)
        for wav_path, (speaker, text) in zip(wavs, parsed):
            with wave.open(str(wav_path), "rb") as w:
                if w.getnchannels() != 1 or w.getsampwidth() != 2 or w.getframerate() != rate:
                    raise RuntimeError(f"unexpected espeak-ng output format in {wav_path}")
                seg = array.array("h", w.readframes(w.getnframes()))
            lo, hi = _speech_bounds(seg)
            base = len(pcm)
            segments.append((round((base + lo) * 1000 / rate), round((base + hi) * 1000 / rate), speaker, text))
            pcm.extend(seg)
            pcm.extend(gap)
        wav_out = path if fmt == "wav" else tmpdir / "all.wav"
        with wave.open(str(wav_out), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(pcm.tobytes())
        if fmt != "wav":
            codec = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", "32k", "-ar", "16000"] if fmt == "m4a" else ["-c:a", "libmp3lame", "-b:a", "64k"]
            meta = ["-metadata", f"title={title}"]
            if recorded_at:
                meta += ["-metadata", f"creation_time={recorded_at}", "-metadata", f"date={recorded_at[:10]}"]
            _run([ffmpeg_path(), "-hide_banner", "-nostdin", "-y", "-i", str(wav_out), *codec, *meta,
                  "-fflags", "+bitexact", "-flags:a", "+bitexact", str(path.resolve())])
    return path, segments


# --- benchmark video -----------------------------------------------------------------------------
def make_long_video(path: Path | str, seconds: float, width: int = 1280, height: int = 720,
                    bitrate: str | int = "8M", *, fps: int = 25) -> Path:
    """A long H.264/AAC MP4 for benchmarks (testsrc2 + tone, ``-preset ultrafast``, CBR-ish).

    Slow for big sizes (10 min of 720p at 8 Mbit/s took ~2 min here): cache the result.
    """
    ffmpeg = ffmpeg_path()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    br = str(bitrate)
    _run([ffmpeg, "-hide_banner", "-nostdin", "-y",
          "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}",
          "-f", "lavfi", "-i", f"sine=frequency=523:sample_rate=44100:duration={seconds}",
          "-c:v", "libx264", "-preset", "ultrafast", "-b:v", br, "-maxrate", br, "-bufsize", br,
          "-g", str(fps * 2), "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k",
          "-metadata", "title=benchmark", *_BITEXACT, str(path)], timeout=max(600, seconds * 2))
    return path
