import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSWORD = "correct-horse-9"
CORPUS = Path(__file__).resolve().parents[1] / "resources" / "demo-corpus"


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "archive"


@pytest.fixture
def archive(data_dir):
    from workstation.session import Archive

    arch = Archive.open(data_dir, create=True)
    arch.init_admin("admin", PASSWORD)
    yield arch
    arch.close()


@pytest.fixture
def admin(archive):
    return archive.sign_in("admin", PASSWORD)


@pytest.fixture
def secadmin(archive, admin):
    from workstation.archive.vocab import Role

    admin.add_user("sec", PASSWORD, [Role.SECADMIN], department="保密办")
    sec = archive.sign_in("sec", PASSWORD)
    sec.set_clearance("sec", "机密")
    return archive.sign_in("sec", PASSWORD)


@pytest.fixture
def clerk(archive, admin, secadmin):
    from workstation.archive.vocab import Role

    admin.add_user("clerk", PASSWORD, [Role.ARCHIVIST], department="档案室")
    secadmin.set_clearance("clerk", "秘密")
    return archive.sign_in("clerk", PASSWORD)


@pytest.fixture
def auditor(archive, admin):
    from workstation.archive.vocab import Role

    admin.add_user("auditor", PASSWORD, [Role.AUDITOR])
    return archive.sign_in("auditor", PASSWORD)


@pytest.fixture(scope="session")
def dossier_template(tmp_path_factory) -> Path:
    """One realistic dossier folder, generated once per test session."""
    from workstation.devdata.dossiers import make_dossier_folder

    return make_dossier_folder(tmp_path_factory.mktemp("dossier"), seed=7)


@pytest.fixture
def dossier(dossier_template, tmp_path) -> Path:
    dest = tmp_path / "dossier-copy"
    shutil.copytree(dossier_template, dest)
    return dest


def cli_env(data_dir: Path, user: str | None = None, password: str = PASSWORD, **extra) -> dict:
    env = dict(os.environ)
    env["WORKSTATION_HOME"] = str(data_dir)
    env["WORKSTATION_PASSWORD"] = password
    if user:
        env["WORKSTATION_USER"] = user
    env.update(extra)
    return env


@pytest.fixture(autouse=True, scope="session")
def private_keyring(tmp_path_factory):
    """A file keyring in a temp dir for the whole run: never the real user keyring.
    Archive ids are unique, so tests sharing it cannot see each other's keys."""
    import keyring
    import keyring.core

    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg-data"))
    keyring.core._keyring_backend = None
    keyring.core.init_backend()
    yield
