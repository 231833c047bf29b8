"""AV sidecars for a bundle: audio redaction (silence or a tone over a time range) and
video box masks, burnt into the exported copy with ffmpeg filters (re-encoded to
H.264/AAC MP4, or PCM WAV for sound only). The source file — already a copy (an exact
clip export, or a decrypted temporary copy) — is only read."""

from __future__ import annotations

from pathlib import Path

from workstation.export.spec import AudioRedaction, VideoMask
from workstation.media import tools
from workstation.media.clips import AAC_BITRATE, X264_CRF, X264_PRESET

TONE_HZ = 1000


def _s(ms: float) -> str:
    return f"{max(0.0, ms) / 1000:.3f}"


def _between(a_ms: float, b_ms: float) -> str:
    return f"between(t\\,{_s(a_ms)}\\,{_s(b_ms)})"


def filter_graph(audio: list[AudioRedaction], masks: list[VideoMask], *, offset_ms: float, has_video: bool,
                 has_audio: bool) -> tuple[str, list[str]]:
    """The -filter_complex text and the output maps. Times are shifted by ``offset_ms``
    (the file's time 0 is the source time ``offset_ms``)."""
    parts: list[str] = []
    maps: list[str] = []
    if has_video:
        chain = "[0:v:0]null"
        for m in masks:
            a, b = m.start_ms - offset_ms, m.end_ms - offset_ms
            chain += (f",drawbox=x={m.x}:y={m.y}:w={m.w}:h={m.h}:color=black:t=fill"
                      f":enable='{_between(a, b)}'")
        parts.append(chain + "[v]")
        maps += ["-map", "[v]"]
    if has_audio:
        if audio:
            gate = "+".join(_between(r.start_ms - offset_ms, r.end_ms - offset_ms) for r in audio)
            parts.append(f"[0:a:0]volume=volume=0:enable='{gate}'[muted]")
            tones = [r for r in audio if r.mode == "tone"]
            if tones:
                tgate = "+".join(_between(r.start_ms - offset_ms, r.end_ms - offset_ms) for r in tones)
                parts.append(f"aevalsrc=exprs='0.25*sin(2*PI*{TONE_HZ}*t)*gt({tgate}\\,0)':s=48000[tone]")
                parts.append("[muted][tone]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[a]")
            else:
                parts.append("[muted]anull[a]")
        else:
            parts.append("[0:a:0]anull[a]")
        maps += ["-map", "[a]"]
    return ";".join(parts), maps


def redact_media(src: Path, dst: Path, audio: list[AudioRedaction], masks: list[VideoMask], *,
                 offset_ms: float, has_video: bool, has_audio: bool) -> list[str]:
    """Write ``dst`` (MP4 for video, WAV for sound only) with the redactions applied."""
    graph, maps = filter_graph(audio, masks, offset_ms=offset_ms, has_video=has_video, has_audio=has_audio)
    cmd = [tools.ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "error", "-n", "-i", str(src),
           "-filter_complex", graph, *maps]
    if has_video:
        cmd += ["-c:v", "libx264", "-preset", X264_PRESET, "-crf", str(X264_CRF), "-pix_fmt", "yuv420p",
                "-fps_mode", "passthrough"]
        if has_audio:
            cmd += ["-c:a", "aac", "-b:a", AAC_BITRATE]
        cmd += ["-movflags", "+faststart"]
    else:
        cmd += ["-c:a", "pcm_s16le"]
    cmd += ["-map_metadata", "-1", "-dn", "-sn", str(dst)]
    tools.run(cmd, what="ffmpeg（音视频遮蔽）")
    return ["<副本>" if c == str(src) else (dst.name if c == str(dst) else c) for c in cmd]
