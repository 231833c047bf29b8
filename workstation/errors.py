"""One error tree for the whole core.

Every error carries a stable ``key`` (asserted by tests, translated by the UI) plus
``data`` for the message. ``str(error)`` gives a Chinese sentence so the CLI can show
something useful without the UI's translation layer.
"""

from __future__ import annotations

from typing import Any


class WorkstationError(Exception):
    key = "error"
    template = "操作失败：{reason}"

    def __init__(self, key: str | None = None, message: str | None = None, **data: Any):
        if key:
            self.key = key
        self.data = data
        self.message = message or self._render()
        super().__init__(self.message)

    def _render(self) -> str:
        try:
            return self.template.format(**self.data)
        except (KeyError, IndexError):
            return self.template.split("{")[0].rstrip("：") + (f"：{self.data}" if self.data else "")

    def to_json(self) -> dict[str, Any]:
        return {"error": self.key, "message": self.message, "data": {k: str(v) for k, v in self.data.items()}}


class InvalidInput(WorkstationError):
    key = "invalid_input"
    template = "输入无效：{reason}"


class ManifestError(InvalidInput):
    key = "manifest_error"
    template = "案卷清单错误（{file} 第 {line} 行）：{reason}"


class NotFound(WorkstationError):
    key = "not_found"
    template = "未找到：{what}"


class AccessDenied(WorkstationError):
    key = "access_denied"
    template = "无权执行此操作：{reason}"


class AuthenticationFailed(WorkstationError):
    key = "authentication_failed"
    template = "用户名或密码错误"


class AccountLocked(AuthenticationFailed):
    key = "account_locked"
    template = "账号已锁定，请在 {until} 之后重试"


class IntegrityError(WorkstationError):
    key = "integrity_error"
    template = "完整性校验失败：{reason}"


class StoreError(WorkstationError):
    key = "store_error"
    template = "证据存储错误：{reason}"


class DuplicateItem(WorkstationError):
    key = "duplicate_item"
    template = "重复的文件：{name}"


class Conflict(WorkstationError):
    key = "conflict"
    template = "冲突：{reason}"


class ConfigError(WorkstationError):
    key = "config_error"
    template = "配置错误：{reason}"


class Cancelled(WorkstationError):
    key = "cancelled"
    template = "操作已取消"


class PasswordExpired(AuthenticationFailed):
    key = "password_expired"
    template = "密码已过期或须修改，请先修改密码"


class SessionLocked(WorkstationError):
    key = "session_locked"
    template = "长时间未操作，工作站已锁定，请重新输入密码解锁"


class RubricError(ConfigError):
    """A 评查评分表 file that does not load or does not pass the schema (names file and line)."""

    key = "rubric_error"
    template = "评分表错误（{file} 第 {line} 行）：{reason}"
