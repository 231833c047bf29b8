"""Exact frame times: the index equals ffprobe's frames; snapping and decoding are exact on
every container, with variable frame rates, odd time bases and inexact seeking (MPEG-TS)."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from tests.media.conftest import VIDEO_KEYS, decoded_thumbs, ffprobe_video_frames, gray_thumb
from workstation.media.errors import MediaError
from workstation.media.frames import FrameIndex, MediaFile


@pytest.mark.parametrize("key", VIDEO_KEYS)
def test_index_is_ffprobes_frames(media, key):
    path = media[key]
    idx = FrameIndex.scan(path)
    pts, keys, tb, start = ffprobe_video_frames(path)
    assert list(idx.pts) == sorted(pts)
    assert idx.time_base == Fraction(tb)
    ff_key_pts = {p for p, k in zip(pts, keys) if k}
    assert {idx.pts[i] for i in idx.key_positions} == ff_key_pts
    # media time counts from the container's start, like ffmpeg -ss and players
    first = idx.frame(0)
    assert first.ms == pytest.approx((pts[0] * float(Fraction(tb)) - start) * 1000, abs=1e-6)
    assert idx.complete and not idx.problem


@pytest.mark.parametrize("key", VIDEO_KEYS)
def test_snap_matches_brute_force_and_local_scan(media, key):
    path = media[key]
    pts, _keys, tb, start = ffprobe_video_frames(path)
    tb = Fraction(tb)
    times = sorted((Fraction(p) * tb - Fraction(start).limit_denominator(10**6)) * 1000 for p in pts)
    idx = FrameIndex.scan(path)
    rng = random.Random(key)
    probes = [rng.uniform(-50, float(times[-1]) + 80) for _ in range(60)] + [float(t) for t in times[::7]]
    with MediaFile(path) as local:
        for ms in probes:
            target = Fraction(ms)
            below = [t for t in times if t <= target]
            above = [t for t in times if t > target]
            floor = below[-1] if below else above[0]
            ceil = above[0] if (above and (not below or below[-1] != target)) else below[-1]
            if below and above:
                near = below[-1] if target - below[-1] <= above[0] - target else above[0]
            else:
                near = floor if below else above[0]
            for mode, want in (("floor", floor), ("ceil", ceil), ("nearest", near)):
                got = idx.snap(ms, mode)
                assert got.ms == pytest.approx(float(want), abs=1e-6), (key, ms, mode)
                assert local.snap(ms, mode).pts == got.pts, (key, ms, mode)
            assert idx.snap(ms).to_json()["pts"] == idx.snap(ms).pts


def test_snapped_time_is_a_frame_even_for_29_97_in_milliseconds(media):
    idx = FrameIndex.scan(media["mkv"])
    lo, _med, hi = idx.intervals()
    assert (lo, hi) == (33, 34)  # 1/1000 time base rounding
    assert not idx.variable_frame_rate
    t = idx.snap(1001.0)
    assert t.pts in set(idx.pts) and t.ms == float(t.pts)


def test_variable_frame_rate_is_detected(media):
    vfr = FrameIndex.scan(media["vfr"])
    assert vfr.variable_frame_rate
    lo, _m, hi = vfr.intervals()
    assert float(hi * vfr.time_base) == pytest.approx(0.1, abs=1e-3)
    assert float(lo * vfr.time_base) == pytest.approx(1 / 30, abs=1e-3)
    assert not FrameIndex.scan(media["mp4"]).variable_frame_rate
    # a time inside the slow part snaps to the 10 fps grid
    t = vfr.snap(3040)
    assert t.ms == pytest.approx(3000.0, abs=0.5) or t.ms == pytest.approx(3100.0, abs=0.5)


@pytest.mark.parametrize("key", VIDEO_KEYS)
def test_frame_at_decodes_exactly_that_frame(media, key):
    """Decoding from the previous key frame gives the same picture as decoding in order."""
    path = media[key]
    want = dict(decoded_thumbs(path))
    with MediaFile(path) as mf:
        idx = mf.build_index()
        rng = random.Random(1)
        for i in rng.sample(range(len(idx)), 12) + [0, len(idx) - 1]:
            ft = idx.frame(i)
            img = mf.frame_at(ft)
            assert img.time.pts == ft.pts
            frame = mf._decode(ft.pts, True)
            assert gray_thumb(frame) == want[ft.pts], (key, i)


def test_frame_images_encode(media):
    with MediaFile(media["mp4"]) as mf:
        img = mf.frame_at(2000, width=160)
        assert (img.width, img.height) == (160, 120) and len(img.rgb) == 160 * 120 * 3
        assert img.png().startswith(b"\x89PNG") and img.jpeg().startswith(b"\xff\xd8")
        assert img.time.ms == 2000.0


def test_index_serialises(media):
    idx = FrameIndex.scan(media["vfr"])
    again = FrameIndex.from_bytes(idx.to_bytes())
    assert list(again.pts) == list(idx.pts) and list(again.key_positions) == list(idx.key_positions)
    assert again.summary() == idx.summary()


def test_audio_snaps_to_samples(media):
    with MediaFile(media["wav"]) as mf:
        t = mf.snap(1234.56789)
        assert t.kind == "audio" and t.time_base == Fraction(1, 16000)
        assert t.pts == round(1234.56789 * 16)
        with pytest.raises(MediaError):
            mf.build_index()


def test_truncated_moov_at_end_is_a_clear_error(media):
    with pytest.raises(MediaError) as exc:
        FrameIndex.scan(media["truncated_end"])
    assert exc.value.key == "media_unreadable" and "原件仍按原样保存" in exc.value.message


def test_truncated_faststart_reads_what_is_there(media):
    idx = FrameIndex.scan(media["truncated_front"])
    full = FrameIndex.scan(media["mp4"])
    assert 0 < len(idx) < len(full)
    assert not idx.complete and "截断" in idx.problem
    assert full.complete
    with MediaFile(media["truncated_front"], index=idx) as mf:
        img = mf.frame_at(idx.frame(len(idx) // 2))
        assert img.width == 320


@pytest.mark.parametrize("key", VIDEO_KEYS)
def test_clip_boundaries_without_an_index(media, key):
    idx = FrameIndex.scan(media[key])
    rng = random.Random(5)
    end_ms = idx.end().ms
    with MediaFile(media[key]) as mf:
        for ms in [rng.uniform(0, end_ms + 500) for _ in range(30)] + [end_ms - 1, end_ms + 1, idx.frame(-1).ms + 1]:
            for mode in ("nearest", "floor", "ceil"):
                assert mf.boundary(ms, mode).pts == idx.boundary(ms, mode).pts, (key, ms, mode)
        assert mf.index is None
