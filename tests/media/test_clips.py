"""Clips: exact frame marks, export in fast (stream copy) and exact (re-encode) mode on every
format, checked with ffprobe; digests recorded; one audit event per export; original untouched."""

from __future__ import annotations

import array
import os
import stat
import wave
from fractions import Fraction

import pytest

from tests.media.conftest import (AUDIO_KEYS, VIDEO_KEYS, decoded_thumbs, ffprobe_duration, ffprobe_first_frame_time,
                                  ffprobe_packet_span, ffprobe_video_frames, first_thumb, need, sad)
from workstation.archive.hashing import digest_file
from workstation.errors import InvalidInput
from workstation.media.frames import FrameIndex


def _events(archive, action):
    from workstation.archive import audit

    with archive.read() as s:
        return [e for e in audit.iter_events(s) if e.action == action]


def _source_times(path):
    pts, keys, tb, start = ffprobe_video_frames(path)
    tb = Fraction(tb)
    order = sorted(range(len(pts)), key=lambda i: pts[i])
    times = [float((pts[i] * tb - Fraction(start).limit_denominator(10**6)) * 1000) for i in order]
    return times, [keys[i] for i in order], [pts[i] for i in order]


@pytest.mark.parametrize("key", VIDEO_KEYS)
def test_video_clip_both_modes(archive, clerk, case_with, media, tmp_path, key):
    src = media[key]
    item = case_with(src)[src.name]
    times, keys, pts = _source_times(src)
    span = times[-1] - times[0]
    req_s, req_e = times[0] + span * 0.45 + 7.3, times[0] + span * 0.8 - 3.1
    clip = clerk.create_clip(item, req_s, req_e, "出示证件")
    # marks are snapped to real frames of the file
    assert clip["start_ms"] in [pytest.approx(t, abs=1e-6) for t in times]
    assert clip["start_pts"] in pts
    s_i = min(range(len(times)), key=lambda i: abs(times[i] - req_s))
    e_i = min(range(len(times)), key=lambda i: abs(times[i] - req_e))
    assert clip["start_ms"] == pytest.approx(times[s_i], abs=1e-6)
    assert clip["end_ms"] == pytest.approx(times[e_i], abs=1e-6)
    src_pics = dict(decoded_thumbs(src))
    sha_before = archive.store.rehash(clip["source_sha256"]).sha256

    # ---- exact: re-encoded from the exact frame to the frame before the end
    ex = clerk.export_clip(clip["id"], "exact", tmp_path)
    assert ex["start_ms"] == pytest.approx(times[s_i]) and ex["end_ms"] == pytest.approx(times[e_i])
    assert ex["path"].endswith(".mp4") and ex["lead_ms"] == 0
    out_times, _k, _p = _source_times(ex["path"])
    assert len(out_times) == e_i - s_i  # every frame of [start, end), none duplicated or dropped
    assert ffprobe_first_frame_time(ex["path"]) == pytest.approx(0, abs=1e-3)
    gaps = [times[i + 1] - times[i] for i in range(s_i, e_i)]
    assert ffprobe_duration(ex["path"], "v:0") * 1000 == pytest.approx(times[e_i] - times[s_i], abs=max(gaps) + 1)
    first = first_thumb(ex["path"])
    scores = {i: sad(first, src_pics[pts[i]]) for i in (s_i - 1, s_i, s_i + 1)}
    assert min(scores, key=scores.get) == s_i, scores  # the first frame is the marked frame

    # ---- fast: stream copy from the key frame at or before the start
    fa = clerk.export_clip(clip["id"], "fast", tmp_path)
    k_i = max(i for i in range(s_i + 1) if keys[i])
    assert fa["start_ms"] == pytest.approx(times[k_i], abs=1e-3)
    assert fa["lead_ms"] == pytest.approx(times[s_i] - times[k_i], abs=1e-3)
    if k_i < s_i:
        assert any("关键帧" in n for n in fa["notes"])
    assert first_thumb(fa["path"]) == src_pics[pts[k_i]]  # same bitstream, same picture
    assert fa["end_ms"] >= times[e_i] - 1
    # the clip holds exactly the original's frames of [actual start, actual end)
    fast_times, _k, _p = _source_times(fa["path"])
    shown = {round(t - fast_times[0] + fa["start_ms"], 1) for t in fast_times}
    wanted = {round(t, 1) for t in times if fa["start_ms"] - 1e-3 <= t < fa["end_ms"] - 1e-3}
    assert wanted and all(any(abs(w - x) < 0.6 for x in shown) for w in wanted)
    assert os.path.splitext(fa["path"])[1] == {"mkv": ".mkv", "avi": ".avi", "mov": ".mov", "ts": ".ts"}.get(key, ".mp4")
    # MP4/MOV are copied in-process and digested while written; the rest by ffmpeg, then matched
    in_process = key in ("mp4", "vfr", "hevc", "mov")
    assert (fa["start_matched"] == "copied") is in_process
    assert fa.get("digested_while_writing", False) is in_process

    # ---- the catalog, the audit trail, the original
    for res in (ex, fa):
        d = digest_file(res["path"])
        assert (d.sha256, d.sm3, d.size) == (res["sha256"], res["sm3"], res["size"])
    rows = clerk.clip_exports(item)
    assert [(r["mode"], r["sha256"], r["source_sha256"]) for r in rows] == [
        ("exact", ex["sha256"], clip["source_sha256"]), ("fast", fa["sha256"], clip["source_sha256"])]
    assert rows[1]["start_ms"] == pytest.approx(fa["start_ms"]) and rows[1]["requested_start_ms"] == clip["start_ms"]
    events = _events(archive, "clip.export")
    assert len(events) == 2 and all(e.outcome == "success" for e in events)
    assert ex["sha256"] in events[0].details and fa["sha256"] in events[1].details
    assert archive.store.rehash(clip["source_sha256"]).sha256 == sha_before == clip["source_sha256"]
    assert not os.stat(archive.store.path_of(clip["source_sha256"])).st_mode & stat.S_IWUSR


@pytest.mark.parametrize("key", AUDIO_KEYS)
def test_audio_clip_both_modes(archive, clerk, case_with, media, tmp_path, key):
    src = need(media, key)
    item = case_with(src)[src.name]
    info = clerk.media_info(item)
    assert info["kind"] == "audio"
    clip = clerk.create_clip(item, "00:00:01.2345", "00:00:03.5", "关键陈述")
    rate = int(clip["time_base"].split("/")[1])
    assert clip["start_pts"] == round(1.2345 * rate) and clip["end_pts"] == round(3.5 * rate)

    ex = clerk.export_clip(clip["id"], "exact", tmp_path)
    assert ex["path"].endswith(".wav")
    with wave.open(ex["path"]) as w:
        n, out_rate = w.getnframes(), w.getframerate()
        samples = array.array("h", w.readframes(n))
    assert abs(n / out_rate - (clip["end_ms"] - clip["start_ms"]) / 1000) <= 1.5 / out_rate
    if key == "wav":  # PCM: the very same samples
        with wave.open(str(src)) as w:
            w.setpos(clip["start_pts"])
            want = array.array("h", w.readframes(n))
        assert samples == want

    fa = clerk.export_clip(clip["id"], "fast", tmp_path)
    assert os.path.splitext(fa["path"])[1] == f".{key}"
    assert fa["start_ms"] <= clip["start_ms"] + 1e-6
    assert clip["start_ms"] - fa["start_ms"] < 130  # at most one packet (AAC 21 ms, MP3 26 ms, AMR 20 ms)
    assert fa["end_ms"] >= clip["end_ms"] - 1
    assert ffprobe_packet_span(fa["path"]) * 1000 == pytest.approx(fa["end_ms"] - fa["start_ms"], abs=1)
    if key == "wav":
        assert fa["start_ms"] == pytest.approx(clip["start_ms"])
    for res in (ex, fa):
        assert digest_file(res["path"]).sha256 == res["sha256"]
    assert len(_events(archive, "clip.export")) == 2


def test_clip_end_at_end_of_recording_and_never_overwrites(clerk, case_with, media, tmp_path):
    src = media["mp4"]
    item = case_with(src)[src.name]
    idx = FrameIndex.scan(src)
    clip = clerk.create_clip(item, 5000, 99_000, "结尾")
    assert clip["end_pts"] == idx.end_pts and clip["end_ms"] == pytest.approx(6000.0)
    a = clerk.export_clip(clip["id"], "exact", tmp_path)
    b = clerk.export_clip(clip["id"], "exact", tmp_path)
    assert a["path"] != b["path"] and os.path.exists(a["path"]) and os.path.exists(b["path"])
    assert len(decoded_thumbs(__import__("pathlib").Path(a["path"]))) == 25


def test_tiny_clip_keeps_one_frame_and_bad_ranges_refused(clerk, case_with, media):
    src = media["mp4"]
    item = case_with(src)[src.name]
    clip = clerk.create_clip(item, 2001, 2003, "一帧")
    assert clip["end_ms"] - clip["start_ms"] == pytest.approx(40.0)
    with pytest.raises(InvalidInput):
        clerk.create_clip(item, 3000, 2000, "反了")
    with pytest.raises(InvalidInput):
        clerk.create_clip(item, 1000, 2000, "  ")


def test_clips_listed_and_withdrawn(archive, clerk, case_with, media):
    src = media["mp4"]
    item = case_with(src)[src.name]
    a = clerk.create_clip(item, 1000, 2000, "甲")
    b = clerk.create_clip(item, 500, 1500, "乙")
    assert [c["name"] for c in clerk.list_clips(item)] == ["乙", "甲"]  # by start time
    clerk.remove_clip(a["id"])
    assert [c["name"] for c in clerk.list_clips(item)] == ["乙"]
    assert [c["removed"] for c in clerk.list_clips(item, include_removed=True)] == [False, True]
    assert len(_events(archive, "clip.create")) == 2 and len(_events(archive, "clip.remove")) == 1
    assert b["created_by"] == "clerk"


def test_truncated_recording_gives_a_clear_message(clerk, case_with, media):
    from workstation.media.errors import MediaError

    items = case_with(media["truncated_end"])
    item = items[media["truncated_end"].name]
    with pytest.raises(MediaError) as exc:
        clerk.create_clip(item, 100, 900, "截断")
    assert "损坏或被截断" in exc.value.message
