"""Small real recordings made with ffmpeg (320×240, a few seconds), once per test session.

AMR: the system ffmpeg often lacks an AMR encoder (libopencore_amrnb); then PyAV's own
FFmpeg build is used if it has one, else the AMR test is skipped with the reason.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

FF = ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
VIDEO = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-threads", "2"]
SRC = "testsrc2=size=320x240:rate={rate}:duration={dur}"
TONE = "sine=frequency=440:sample_rate={sr}:duration={dur}"
NOISE = "anoisesrc=color=pink:amplitude=0.3:seed=7:sample_rate={sr}:duration={dur}"


def _run(args: list[str]) -> None:
    proc = subprocess.run(FF + args, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-800:])


def ffmpeg_has_encoder(name: str) -> bool:
    out = subprocess.run(["ffmpeg", "-hide_banner", "-encoders"], capture_output=True, text=True).stdout
    return any(line.split()[1:2] == [name] for line in out.splitlines() if len(line.split()) > 1)


def _amr_with_pyav(wav: Path, out: Path) -> bool:
    import av

    try:
        av.codec.Codec("libopencore_amrnb", "w")
    except Exception:
        return False
    with av.open(str(wav)) as src, av.open(str(out), "w", format="amr") as dst:
        st = dst.add_stream("libopencore_amrnb", rate=8000)
        st.bit_rate = 12200
        st.layout = "mono"
        res = av.AudioResampler(format="s16", layout="mono", rate=8000)
        for frame in src.decode(audio=0):
            for f in res.resample(frame):
                f.pts = None
                for p in st.encode(f):
                    dst.mux(p)
        for p in st.encode(None):
            dst.mux(p)
    return True


def make_media(d: Path) -> dict[str, Path]:
    d.mkdir(parents=True, exist_ok=True)
    p: dict[str, Path] = {}
    av_in = ["-f", "lavfi", "-i", SRC.format(rate=25, dur=6), "-f", "lavfi", "-i", NOISE.format(sr=48000, dur=6)]
    p["mp4"] = d / "bodycam.mp4"
    _run(av_in + VIDEO + ["-g", "25", "-c:a", "aac", "-b:a", "64k", "-shortest", str(p["mp4"])])
    # variable frame rate: 30 fps for 2 s, then every third frame (10 fps)
    p["vfr"] = d / "vfr.mp4"
    _run(["-f", "lavfi", "-i", SRC.format(rate=30, dur=6), "-vf", r"select='if(lt(n\,60)\,1\,not(mod(n\,3)))'",
          "-fps_mode", "vfr"] + VIDEO + ["-g", "20", str(p["vfr"])])
    p["hevc"] = d / "h265.mp4"
    _run(["-f", "lavfi", "-i", SRC.format(rate=25, dur=3), "-c:v", "libx265", "-preset", "ultrafast",
          "-x265-params", "log-level=error:keyint=25", "-tag:v", "hvc1", "-pix_fmt", "yuv420p", str(p["hevc"])])
    p["mkv"] = d / "ntsc.mkv"  # 29.97 fps in a 1 ms time base (33/34 ms steps)
    _run(["-f", "lavfi", "-i", SRC.format(rate="30000/1001", dur=4), "-f", "lavfi", "-i", TONE.format(sr=44100, dur=4)]
         + VIDEO + ["-g", "30", "-c:a", "aac", "-shortest", str(p["mkv"])])
    p["avi"] = d / "old.avi"
    _run(["-f", "lavfi", "-i", SRC.format(rate=25, dur=4), "-f", "lavfi", "-i", TONE.format(sr=44100, dur=4),
          "-c:v", "mpeg4", "-q:v", "4", "-g", "12", "-c:a", "libmp3lame", "-shortest", str(p["avi"])])
    p["mov"] = d / "phone.mov"
    _run(["-f", "lavfi", "-i", SRC.format(rate=25, dur=4), "-f", "lavfi", "-i", TONE.format(sr=44100, dur=4)]
         + VIDEO + ["-g", "25", "-c:a", "aac", "-shortest", str(p["mov"])])
    p["ts"] = d / "recorder.ts"
    _run(["-f", "lavfi", "-i", SRC.format(rate=25, dur=4), "-f", "lavfi", "-i", NOISE.format(sr=48000, dur=4)]
         + VIDEO + ["-g", "25", "-c:a", "aac", "-shortest", str(p["ts"])])
    p["wav"] = d / "interview.wav"
    _run(["-f", "lavfi", "-i", NOISE.format(sr=16000, dur=5), "-c:a", "pcm_s16le", str(p["wav"])])
    p["mp3"] = d / "interview.mp3"
    _run(["-i", str(p["wav"]), "-c:a", "libmp3lame", "-b:a", "64k", str(p["mp3"])])
    p["m4a"] = d / "interview.m4a"
    _run(["-i", str(p["wav"]), "-c:a", "aac", "-b:a", "48k", str(p["m4a"])])
    amr = d / "recorder.amr"
    if ffmpeg_has_encoder("libopencore_amrnb"):
        _run(["-i", str(p["wav"]), "-ar", "8000", "-ac", "1", "-c:a", "libopencore_amrnb", "-b:a", "12.2k", str(amr)])
        p["amr"] = amr
    elif _amr_with_pyav(p["wav"], amr):
        p["amr"] = amr
    # truncated recordings: moov at the end (nothing playable) and at the front (the first part plays)
    full = d / "full_faststart.mp4"
    _run(av_in + VIDEO + ["-g", "25", "-c:a", "aac", "-shortest", "-movflags", "+faststart", str(full)])
    data = full.read_bytes()
    p["truncated_front"] = d / "cut_faststart.mp4"
    p["truncated_front"].write_bytes(data[: len(data) * 55 // 100])
    p["truncated_end"] = d / "cut_moov_at_end.mp4"
    p["truncated_end"].write_bytes(p["mp4"].read_bytes()[: p["mp4"].stat().st_size * 60 // 100])
    return p


@pytest.fixture(scope="session")
def media(tmp_path_factory) -> dict[str, Path]:
    if not shutil.which("ffmpeg") or not shutil.which("ffprobe"):
        pytest.skip("ffmpeg/ffprobe not installed")
    return make_media(tmp_path_factory.mktemp("media"))


VIDEO_KEYS = ["mp4", "vfr", "hevc", "mkv", "avi", "mov", "ts"]
AUDIO_KEYS = ["wav", "mp3", "m4a", "amr"]


def need(media: dict[str, Path], key: str) -> Path:
    if key not in media:
        pytest.skip("no AMR encoder: the system ffmpeg has no libopencore_amrnb and PyAV's build has none either")
    return media[key]


# --------------------------------------------------------------------------- ffprobe

def ffprobe_json(path: Path, *args: str) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-of", "json", *args, str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def ffprobe_video_frames(path: Path) -> tuple[list[int], list[bool], str, float]:
    """Video frame pts (presentation order, stream time base), key flags, the time base and
    the format's start time, as ffprobe sees them."""
    j = ffprobe_json(path, "-select_streams", "v:0", "-show_frames", "-show_entries",
                     "frame=pts,best_effort_timestamp,key_frame:stream=time_base:format=start_time")
    frames = j["frames"]
    pts = [int(f.get("pts", f.get("best_effort_timestamp"))) for f in frames]
    keys = [bool(int(f["key_frame"])) for f in frames]
    return pts, keys, j["streams"][0]["time_base"], float(j["format"].get("start_time", 0) or 0)


def ffprobe_duration(path: Path, stream: str | None = None) -> float:
    if stream:
        j = ffprobe_json(path, "-select_streams", stream, "-show_entries", "stream=duration")
        return float(j["streams"][0]["duration"])
    return float(ffprobe_json(path, "-show_entries", "format=duration")["format"]["duration"])


def ffprobe_packet_span(path: Path, stream: str = "a:0") -> float:
    """Seconds from the first packet's start to the last packet's end (ffprobe's own
    duration of raw AMR/MP3 is only estimated from the bit rate)."""
    j = ffprobe_json(path, "-select_streams", stream, "-show_entries", "packet=pts_time,duration_time")
    pk = [(float(x["pts_time"]), float(x.get("duration_time", 0) or 0)) for x in j["packets"] if "pts_time" in x]
    return max(p + d for p, d in pk) - min(p for p, _d in pk)


def ffprobe_first_frame_time(path: Path) -> float:
    j = ffprobe_json(path, "-select_streams", "v:0", "-show_frames", "-read_intervals", "%+#1",
                     "-show_entries", "frame=pts_time:format=start_time")
    return float(j["frames"][0]["pts_time"]) - float(j["format"].get("start_time", 0) or 0)


def gray_thumb(frame) -> bytes:
    return bytes(frame.reformat(width=64, height=48, format="gray").planes[0])[: 64 * 48]


def decoded_thumbs(path: Path) -> list[tuple[int, bytes]]:
    """(pts, small grey picture) of every frame, decoded in order."""
    import av

    with av.open(str(path)) as c:
        return [(int(f.pts), gray_thumb(f)) for f in c.decode(video=0)]


def first_thumb(path: Path) -> bytes:
    import av

    with av.open(str(path)) as c:
        for f in c.decode(video=0):
            return gray_thumb(f)
    raise AssertionError("no frame")


def sad(a: bytes, b: bytes) -> int:
    return sum(abs(x - y) for x, y in zip(a, b))


@pytest.fixture
def case_with(clerk):
    """Import given files into a fresh case; returns {name: item_id}."""
    counter = {"n": 0}

    def make(*paths: Path, case_no: str | None = None, classification: str | None = None) -> dict[str, int]:
        counter["n"] += 1
        no = case_no or f"测试〔2026〕{counter['n']}号"
        fields = dict(case_no=no, title="某公司销售过期食品案", category="处罚")
        if classification:
            fields["classification"] = classification
        clerk.create_case(**fields)
        report = clerk.import_paths(list(paths), no)
        return {Path(f.original_name).name: f.item_id for f in report.files}

    return make
