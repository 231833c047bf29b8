"""Errors of the media package (part of the core's one error tree)."""

from __future__ import annotations

from workstation.errors import WorkstationError


class MediaError(WorkstationError):
    """A recording cannot be read, cut or rendered; the original stays preserved as stored."""

    key = "media_error"
    template = "音视频处理失败：{reason}"


class MediaToolMissing(MediaError):
    key = "media_tool_missing"
    template = "缺少音视频处理工具：{reason}"
