"""Accounts and sign-in: argon2id hashes and lockout after repeated failures."""

from __future__ import annotations

import datetime as dt
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.archive.models import User, UserRole, utcnow
from workstation.archive.vocab import Classification, Role
from workstation.config import SignInSettings
from workstation.errors import AccountLocked, AuthenticationFailed, Conflict, InvalidInput

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verifying against this keeps the time for an unknown user equal to a wrong password.
_DUMMY_HASH = _hasher.hash("workstation-dummy-password")
USERNAME_RE = re.compile(r"^[\w.\-@\u4e00-\u9fff]{1,64}$")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_policy(password: str, settings: SignInSettings,
                          clearance: Classification = Classification.PUBLIC) -> None:
    need = max(settings.min_password_length, settings.min_length_by_level.get(str(clearance), 0))
    if len(password) < need:
        raise InvalidInput(key="weak_password", reason=f"密级为{clearance}的账号，密码至少需要 {need} 个字符")
    if len(set(password)) < 4:
        raise InvalidInput(key="weak_password", reason="密码过于简单（至少包含 4 个不同字符）")


def password_expired(user: User, settings: SignInSettings, now: dt.datetime | None = None) -> bool:
    days = settings.max_age_days_by_level.get(str(user.clearance), 0)
    if user.must_change_password:
        return True
    return bool(days) and (now or utcnow()) - user.password_changed_at > dt.timedelta(days=days)


def change_password(user: User, new_password: str, settings: SignInSettings) -> None:
    check_password_policy(new_password, settings, Classification(user.clearance))
    try:
        if _hasher.verify(user.password_hash, new_password):
            raise InvalidInput(key="password_reused", reason="新密码不能与原密码相同")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        pass
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    user.must_change_password = False


def create_user(session: Session, username: str, password: str, roles: list[Role], settings: SignInSettings,
                *, display_name: str = "", department: str = "",
                clearance: Classification = Classification.INTERNAL) -> User:
    if not USERNAME_RE.match(username):
        raise InvalidInput(key="bad_username", reason="用户名只能包含字母、数字、汉字和 . - _ @，最长 64 个字符")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(key="user_exists", reason=f"用户 {username} 已存在")
    check_password_policy(password, settings, clearance)
    user = User(username=username, display_name=display_name or username, password_hash=hash_password(password),
                department=department, clearance=clearance)
    user.roles = [UserRole(role=str(r)) for r in dict.fromkeys(roles)]
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str, settings: SignInSettings,
                 now: dt.datetime | None = None) -> User:
    """Check a password; update the failure counter and lock. Caller commits.

    Raises AuthenticationFailed or AccountLocked; the caller audits either outcome.
    """
    now = now or utcnow()
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        try:
            _hasher.verify(_DUMMY_HASH, password + "x")
        except VerificationError:
            pass
        raise AuthenticationFailed(reason="unknown_user")
    if not user.active:
        raise AuthenticationFailed(key="account_disabled", message="账号已停用，请联系系统管理员")
    if user.locked_until and user.locked_until > now:
        raise AccountLocked(until=user.locked_until.astimezone(_BEIJING).strftime("%Y-%m-%d %H:%M"))
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_attempts += 1
        if user.failed_attempts >= settings.max_failed_attempts:
            user.failed_attempts = 0
            user.locked_until = now + dt.timedelta(minutes=settings.lockout_minutes)
            raise AccountLocked(until=user.locked_until.astimezone(_BEIJING).strftime("%Y-%m-%d %H:%M"))
        raise AuthenticationFailed(reason="wrong_password", remaining=settings.max_failed_attempts - user.failed_attempts)
    user.failed_attempts = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


_BEIJING = dt.timezone(dt.timedelta(hours=8))
