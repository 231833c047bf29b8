"""The ffmpeg / ffprobe command-line tools (clip export uses ffmpeg itself, as the rules of
evidence handling describe: stream copy or a re-encode, never an edit of the original)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from workstation.media.errors import MediaError, MediaToolMissing


def tool_path(name: str) -> str:
    """Path of ``ffmpeg`` / ``ffprobe``: $WORKSTATION_FFMPEG_DIR first, then PATH."""
    env_dir = os.environ.get("WORKSTATION_FFMPEG_DIR")
    if env_dir:
        for cand in (Path(env_dir) / name, Path(env_dir) / f"{name}.exe"):
            if cand.is_file():
                return str(cand)
    exe = shutil.which(name)
    if not exe:
        raise MediaToolMissing(reason=f"未找到 {name}（请安装 FFmpeg 并加入 PATH，或设置 WORKSTATION_FFMPEG_DIR）")
    return exe


def ffmpeg() -> str:
    return tool_path("ffmpeg")


def ffprobe() -> str:
    return tool_path("ffprobe")


def run(cmd: list[str], *, timeout: float = 3600, what: str = "ffmpeg") -> subprocess.CompletedProcess:
    """Run a tool; a failure becomes MediaError with the end of its stderr."""
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise MediaError(reason=f"{what} 超时（{timeout:.0f} 秒）") from None
    except OSError as exc:
        raise MediaError(reason=f"无法运行 {what}：{exc}") from None
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-6:]
        raise MediaError(reason=f"{what} 失败（返回码 {proc.returncode}）：" + " | ".join(tail))
    return proc
