"""Fast clips of MP4/MOV copied in-process (workstation.media.remux): digests taken while the
file is written and always equal to the file's; picture and sound start together at 0; open
GOPs, a wrong size prediction, an unexpected rewrite and cancelling are all handled."""

from __future__ import annotations

import os
import struct
import subprocess
from pathlib import Path

import pytest

from tests.media.conftest import FF, VIDEO, decoded_thumbs, ffprobe_json, first_thumb
from workstation.archive.hashing import digest_bytes, digest_file
from workstation.errors import Cancelled
from workstation.jobs import Job
from workstation.media import clips, remux
from workstation.media.frames import MediaFile


def _streams_start(path: Path) -> dict[str, float]:
    info = ffprobe_json(path, "-show_streams")
    return {s["codec_type"]: float(s["start_time"]) for s in info["streams"]}


def _decode_errors(path: Path) -> str:
    return subprocess.run(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", str(path), "-f", "null", "-"],
                          capture_output=True, text=True).stderr


@pytest.mark.parametrize("key", ["mp4", "mov", "vfr", "hevc"])
def test_copied_in_process_and_digested_while_written(media, tmp_path, key):
    src = media[key]
    with MediaFile(src) as mf:
        idx = mf.build_index()
        start, end = mf.snap(1234), mf.boundary(2500)
        res = clips.cut(mf, tmp_path / f"clip{src.suffix}", start, end, "fast")
    assert res.details["start_matched"] == "copied"
    assert res.details["digested_while_writing"] is True
    assert res.digests == digest_file(res.path)
    key_frame = idx.keyframe_at_or_before(idx.position_of(start.pts))
    assert res.start_ms == pytest.approx(key_frame.ms)
    assert res.end_ms >= end.ms - 1e-6
    starts = _streams_start(res.path)
    assert all(abs(t) < 1e-3 for t in starts.values()), starts  # sound and picture both begin at 0
    assert first_thumb(res.path) == dict(decoded_thumbs(src))[key_frame.pts]
    assert _decode_errors(res.path) == ""
    assert res.command[0].startswith("libavformat") and "<原件>" in res.command


def test_open_gop_leading_frames_are_left_out(tmp_path):
    src = tmp_path / "open_gop.mp4"
    subprocess.run(FF + ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=4"] + VIDEO
                   + ["-g", "25", "-bf", "3", "-x264-params", "open-gop=1:scenecut=0", str(src)], check=True)
    with MediaFile(src) as mf:
        idx = mf.build_index()
        start, end = mf.snap(1500), mf.boundary(3000)
        res = clips.cut(mf, tmp_path / "clip.mp4", start, end, "fast")
    key = idx.keyframe_at_or_before(idx.position_of(start.pts))
    assert res.details["start_matched"] == "copied" and res.start_ms == pytest.approx(key.ms)
    # (the decoder may warn that the key frame refers to the previous GOP: it is not an IDR
    # frame; what matters is that every picture shown is the original's)
    shown = decoded_thumbs(res.path)
    original = dict(decoded_thumbs(src))
    wanted = [p for p in idx.pts if key.pts <= p < end.pts]
    assert len(shown) >= len(wanted)
    assert [pic for _pts, pic in shown[:len(wanted)]] == [original[p] for p in wanted]


def test_a_wrong_size_prediction_only_costs_a_second_read(media, tmp_path, monkeypatch):
    real = remux._choose

    def off_by_one(*args, **kwargs):
        packets, video_pts, size = real(*args, **kwargs)
        return packets, video_pts, size + 1

    monkeypatch.setattr(remux, "_choose", off_by_one)
    with MediaFile(media["mp4"]) as mf:
        mf.build_index()
        res = clips.cut(mf, tmp_path / "clip.mp4", mf.snap(1000), mf.boundary(3000), "fast")
    assert res.details["digested_while_writing"] is False
    assert res.digests == digest_file(res.path)


def _head(payload: int) -> bytes:
    ftyp = struct.pack(">I4s4sI", 20, b"ftyp", b"isom", 512) + b"isom"
    return ftyp + struct.pack(">I4s", 8, b"free") + struct.pack(">I4s", 0, b"mdat")


def test_writer_accepts_only_the_predicted_patch(tmp_path):
    payload = os.urandom(300_000)
    moov = b"\x00\x00\x00\x08moov"
    # as the MP4 muxer writes: header, data, moov, then the mdat size near the start
    good = remux._DigestingWriter(tmp_path / "good.mp4", len(payload))
    for part in (_head(len(payload)), payload[:1000], payload[1000:], moov):
        good.write(part)
    good.seek(28)
    good.write(struct.pack(">I", len(payload) + 8))
    good.seek(0, 2)
    d = good.finish()
    assert d == digest_file(tmp_path / "good.mp4") and d.size == 36 + len(payload) + 8

    # anything else rewritten where the digests have already been: digest the file again
    bad = remux._DigestingWriter(tmp_path / "bad.mp4", len(payload))
    for part in (_head(len(payload)), payload, moov):
        bad.write(part)
    bad.seek(28)
    bad.write(struct.pack(">I", len(payload) + 8))
    bad.seek(100)
    bad.write(b"changed")
    assert bad.finish() is None

    # the size field never written: the file on disk is not what was digested
    unpatched = remux._DigestingWriter(tmp_path / "unpatched.mp4", len(payload))
    unpatched.write(_head(len(payload)) + payload)
    assert unpatched.finish() is None

    # not an MP4 layout this writer knows: nothing predicted
    other = remux._DigestingWriter(tmp_path / "other.bin", 10)
    other.write(b"RIFF" + bytes(60))
    assert other.finish() is None and not other.prediction_held


def test_writer_never_replaces_a_file(tmp_path):
    (tmp_path / "there.mp4").write_bytes(b"x")
    with pytest.raises(FileExistsError):
        remux._DigestingWriter(tmp_path / "there.mp4", 0)
    assert digest_file(tmp_path / "there.mp4") == digest_bytes(b"x")


class _CancelAfter(Job):
    """Cancelled by the user after the work has looked ``n`` times."""

    def __init__(self, n: int):
        super().__init__()
        self.n = n

    def check_cancelled(self) -> None:
        self.n -= 1
        if self.n < 0:
            self.cancel()
        super().check_cancelled()


@pytest.mark.parametrize("checks", [0, 1, 2, 3, 4])
def test_cancelling_leaves_nothing(media, tmp_path, checks):
    out = tmp_path / "out"
    out.mkdir()
    with MediaFile(media["mp4"]) as mf:
        mf.build_index()
        with pytest.raises(Cancelled):
            clips.cut(mf, out / "clip.mp4", mf.snap(0), mf.boundary(5900), "fast", job=_CancelAfter(checks))
    assert list(out.iterdir()) == []


def test_other_containers_and_audio_go_through_ffmpeg(media, tmp_path):
    for key in ("mkv", "ts", "avi", "m4a"):
        with MediaFile(media[key]) as mf:
            if mf.has_video:
                mf.build_index()
            start, end = mf.snap(1000), mf.boundary(2000)
            res = clips.cut(mf, tmp_path / f"{key}{clips.clip_extension(media[key].name, 'fast', mf.has_video)}",
                            start, end, "fast")
        assert res.details["start_matched"] != "copied", key
        assert res.digests == digest_file(res.path)
