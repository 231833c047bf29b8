"""Fast fixtures for the application tests: the archive, its users and the imported dossier
are built once per test session and copied for each test (argon2 sign-ins and a dossier
import cost seconds each). Sessions are opened for the template's users directly, without
a password check (the sign-in tests use the real dialog); names match tests/conftest.py.

Users: admin (系统管理员), sec (安全保密管理员, 机密), clerk (归档员, 秘密, 档案室), auditor
(安全审计员), reader (调阅人, 内部, 执法稽查科); password tests.conftest.PASSWORD."""

import shutil
from types import SimpleNamespace

import pytest

from tests.conftest import PASSWORD


def _build(path, dossier=None):
    from workstation.archive.vocab import Role
    from workstation.session import Archive

    arch = Archive.open(path, create=True)
    try:
        arch.init_admin("admin", PASSWORD)
        admin = arch.sign_in("admin", PASSWORD)
        admin.add_user("sec", PASSWORD, [Role.SECADMIN], department="保密办")
        admin.add_user("clerk", PASSWORD, [Role.ARCHIVIST], department="档案室")
        admin.add_user("auditor", PASSWORD, [Role.AUDITOR])
        admin.add_user("reader", PASSWORD, [Role.READER], department="执法稽查科")
        sec = arch.sign_in("sec", PASSWORD)
        sec.set_clearance("sec", "机密")
        sec.set_clearance("clerk", "秘密")
        case_no = None
        if dossier is not None:
            case_no = arch.sign_in("clerk", PASSWORD).import_paths([dossier]).case_no
        return case_no
    finally:
        arch.close()


@pytest.fixture(scope="session")
def ui_templates(tmp_path_factory, dossier_template, private_keyring):
    root = tmp_path_factory.mktemp("ui-templates")
    copy = root / "dossier"
    shutil.copytree(dossier_template, copy)
    _build(root / "empty")
    case_no = _build(root / "with-dossier", copy)
    return {"empty": root / "empty", "with-dossier": root / "with-dossier", "case_no": case_no}


@pytest.fixture
def archive(request, ui_templates, data_dir):
    from workstation.session import Archive

    which = "with-dossier" if "imported" in request.fixturenames else "empty"
    shutil.copytree(ui_templates[which], data_dir)
    arch = Archive.open(data_dir)
    yield arch
    arch.close()


def session_for(archive, username):
    """A session for a template user without the (slow, argon2) password check."""
    from sqlalchemy import select

    from workstation.archive.models import User
    from workstation.session import Workstation

    with archive.read() as s:
        user = s.scalar(select(User).where(User.username == username))
        s.expunge(user)
    return Workstation(archive, user)


@pytest.fixture
def admin(archive):
    return session_for(archive, "admin")


@pytest.fixture
def secadmin(archive):
    return session_for(archive, "sec")


@pytest.fixture
def clerk(archive):
    return session_for(archive, "clerk")


@pytest.fixture
def auditor(archive):
    return session_for(archive, "auditor")


@pytest.fixture
def reader(archive):
    return session_for(archive, "reader")


@pytest.fixture
def imported(archive, ui_templates):
    """The realistic dossier, imported by the clerk when the template was built."""
    return SimpleNamespace(case_no=ui_templates["case_no"])
