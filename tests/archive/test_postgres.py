"""PostgreSQL mode: same catalog and audit chain on a real server; password only in keyring."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

PG = os.environ.get("WORKSTATION_TEST_PG")
pytestmark = pytest.mark.skipif(not PG, reason="WORKSTATION_TEST_PG not set (scripts/run-tests.sh starts a server)")

WRITER = r"""
import sys
from workstation.session import Archive
arch = Archive.open(sys.argv[1])
for i in range(40):
    arch.audit_now(sys.argv[2], "test.pg", str(i))
"""


@pytest.fixture
def pg_archive(tmp_path, monkeypatch):
    import sqlalchemy as sa

    from workstation.config import KEYRING_SERVICE_DB, load_settings, save_settings

    dbname = "ws_" + uuid.uuid4().hex[:10]
    admin_url = f"{PG}/postgres".replace("ws_test@", f"ws_test:{os.environ['WORKSTATION_TEST_PG_PASSWORD']}@")
    eng = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{dbname}"'))
    # A file-based keyring in tmp_path: never the real user keyring.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    import keyring
    import keyring.core

    keyring.core._keyring_backend = None
    keyring.core.init_backend()
    keyring.set_password(KEYRING_SERVICE_DB, "ws_test@127.0.0.1", os.environ["WORKSTATION_TEST_PG_PASSWORD"])

    data_dir = tmp_path / "arch"
    data_dir.mkdir()
    settings = load_settings(data_dir)
    settings.database_url = f"{PG}/{dbname}"
    save_settings(data_dir, settings)
    assert os.environ["WORKSTATION_TEST_PG_PASSWORD"] not in (data_dir / "settings.toml").read_text()
    yield data_dir
    with eng.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
    eng.dispose()


def test_password_in_config_is_refused(tmp_path):
    from workstation.config import Settings, save_settings
    from workstation.errors import ConfigError

    with pytest.raises(ConfigError):
        save_settings(tmp_path, Settings(database_url="postgresql://u:secret@localhost/db"))


def test_postgres_archive_ingest_and_concurrent_audit(pg_archive, dossier_template, tmp_path):
    from workstation.archive import audit
    from workstation.archive.vocab import Role
    from workstation.session import Archive

    with Archive.open(pg_archive, create=True) as arch:
        assert arch.engine.dialect.name == "postgresql"
        arch.init_admin("admin", PASSWORD)
        admin = arch.sign_in("admin", PASSWORD)
        admin.add_user("clerk", PASSWORD, [Role.ARCHIVIST])
        clerk = arch.sign_in("clerk", PASSWORD)
        report = clerk.import_paths([dossier_template])
        assert report.imported > 5
        assert clerk.verify_fixity().passed

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(pg_archive), f"w{n}"], env=env,
                              stderr=subprocess.PIPE, text=True) for n in range(3)]
    for p in procs:
        assert p.wait(120) == 0, p.stderr.read()
    with Archive.open(pg_archive) as arch:
        with arch.read() as s:
            report = audit.verify(s)
            assert report.ok, report
            assert sum(1 for _ in audit.iter_events(s, action="test.pg")) == 120
