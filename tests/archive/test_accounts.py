"""Sign-in, lockout, roles and the audit trail of account actions."""

import datetime as dt

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD
from workstation.archive import audit
from workstation.archive.models import User
from workstation.archive.vocab import Role
from workstation.errors import AccessDenied, AccountLocked, AuthenticationFailed, Conflict, InvalidInput


def _actions(archive, action):
    with archive.read() as s:
        return [(e.actor, e.outcome, e.target) for e in audit.iter_events(s, action=action)]


def test_first_user_is_system_administrator_with_argon2id(archive):
    with archive.read() as s:
        user = s.scalar(select(User).where(User.username == "admin"))
        assert user.role_names == {str(Role.SYSADMIN)}
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
    with pytest.raises(Conflict):
        archive.init_admin("second", PASSWORD)


def test_wrong_password_is_refused_and_audited(archive):
    with pytest.raises(AuthenticationFailed):
        archive.sign_in("admin", "wrong-password")
    with pytest.raises(AuthenticationFailed) as unknown:
        archive.sign_in("nobody", "wrong-password")
    assert unknown.value.key == "authentication_failed"  # does not reveal that the account is missing
    assert ("admin", "denied", "admin") in _actions(archive, "auth.sign_in")
    assert ("nobody", "denied", "nobody") in _actions(archive, "auth.sign_in")


def test_five_failures_lock_the_account_for_fifteen_minutes(archive):
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as exc:
            archive.sign_in("admin", "nope-nope")
        assert exc.value.key == "authentication_failed"
    with pytest.raises(AccountLocked):
        archive.sign_in("admin", "nope-nope")
    # Even the right password is refused while locked.
    with pytest.raises(AccountLocked):
        archive.sign_in("admin", PASSWORD)
    with archive.read() as s:
        locked_until = s.scalar(select(User.locked_until).where(User.username == "admin"))
    remaining = locked_until - dt.datetime.now(dt.timezone.utc)
    assert dt.timedelta(minutes=14) < remaining <= dt.timedelta(minutes=15)
    # Once the lock has run out, the right password works again.
    with archive.write() as s:
        s.scalar(select(User).where(User.username == "admin")).locked_until = (
            dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1))
    assert archive.sign_in("admin", PASSWORD).username == "admin"


def test_lockout_thresholds_are_configurable(data_dir):
    from workstation.config import load_settings, save_settings
    from workstation.session import Archive

    with Archive.open(data_dir, create=True) as arch:
        arch.init_admin("admin", PASSWORD)
    settings = load_settings(data_dir)
    settings.sign_in.max_failed_attempts = 2
    settings.sign_in.lockout_minutes = 60
    save_settings(data_dir, settings)
    with Archive.open(data_dir) as arch:
        with pytest.raises(AuthenticationFailed):
            arch.sign_in("admin", "bad-bad-bad")
        with pytest.raises(AccountLocked):
            arch.sign_in("admin", "bad-bad-bad")


def test_only_system_administrator_adds_users_and_separation_holds(archive, admin, clerk):
    with pytest.raises(AccessDenied):
        clerk.add_user("eve", PASSWORD, [Role.ARCHIVIST])
    assert ("clerk", "denied", "eve") in _actions(archive, "user.add")
    with pytest.raises(InvalidInput) as exc:
        admin.add_user("both", PASSWORD, [Role.SYSADMIN, Role.AUDITOR])
    assert exc.value.key == "role_conflict"
    with pytest.raises(InvalidInput):
        admin.add_user("both2", PASSWORD, [Role.SECADMIN, Role.AUDITOR])
    with pytest.raises(InvalidInput) as weak:
        admin.add_user("shorty", "abc", [Role.READER])
    assert weak.value.key == "weak_password"
    names = [u["username"] for u in admin.list_users()]
    assert names == ["admin", "clerk", "sec"]


def test_admin_sees_no_case_content(archive, admin, clerk):
    clerk.create_case(case_no="测试〔2026〕1号", title="测试案", category="处罚")
    assert admin.list_cases() == []
    with pytest.raises(Exception):
        admin.show_case("测试〔2026〕1号")


def test_password_policy_is_stricter_for_higher_clearance(archive, admin, secadmin):
    admin.add_user("ann", "eight-ch", [Role.READER])  # 8 characters are enough for 内部
    secadmin.set_clearance("ann", "机密")
    # 机密 needs 12 characters and the password is older than nothing yet, so a new one must qualify.
    with pytest.raises(InvalidInput) as exc:
        archive.sign_in("ann", "eight-ch", new_password="short-pw-1")
    assert exc.value.key == "weak_password"
    ws = archive.sign_in("ann", "eight-ch", new_password="a-much-longer-passphrase")
    assert ws.username == "ann"


def test_password_expires_by_clearance_interval(archive, admin, secadmin):
    from workstation.errors import PasswordExpired

    admin.add_user("bob", PASSWORD, [Role.READER])
    secadmin.set_clearance("bob", "绝密")
    with archive.write() as s:
        s.scalar(select(User).where(User.username == "bob")).password_changed_at = (
            dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=31))
    with pytest.raises(PasswordExpired):
        archive.sign_in("bob", PASSWORD)
    with pytest.raises(InvalidInput):
        archive.sign_in("bob", PASSWORD, new_password=PASSWORD)  # reuse refused
    ws = archive.sign_in("bob", PASSWORD, new_password="brand-new-passphrase-42")
    assert ws.username == "bob"
    assert archive.sign_in("bob", "brand-new-passphrase-42").username == "bob"


def test_idle_lock_and_unlock(archive, clerk):
    from workstation.errors import SessionLocked

    clerk.list_cases()
    archive.settings.sign_in.idle_lock_minutes = 0  # lock after any pause
    import time

    time.sleep(0.05)
    with pytest.raises(SessionLocked):
        clerk.list_cases()
    with pytest.raises(AuthenticationFailed):
        clerk.unlock("wrong-password!")
    archive.settings.sign_in.idle_lock_minutes = 15
    clerk.unlock(PASSWORD)
    assert clerk.list_cases() == []
    assert ("clerk", "success", "clerk") in _actions(archive, "auth.idle_lock")
    assert ("clerk", "denied", "clerk") in _actions(archive, "auth.unlock")


def test_sysadmin_cannot_raise_clearance(archive, admin):
    with pytest.raises(AccessDenied):
        admin.add_user("carl", PASSWORD, [Role.READER], clearance="秘密")
    with pytest.raises(AccessDenied):
        admin.set_clearance("admin", "绝密")
