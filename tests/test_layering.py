"""The core never imports Qt or libVLC (checked with import-linter), and the layout exists."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_core_does_not_import_qt():
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "KEPT" in proc.stdout


def test_required_layout():
    for p in ("workstation/archive", "workstation/search", "workstation/ui", "resources", "installer", "tests",
              "pyproject.toml", "README.md", ".ci/run"):
        assert (ROOT / p).exists(), p


def test_python_dash_m_works():
    proc = subprocess.run([sys.executable, "-m", "workstation", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0 and "workstation" in proc.stdout


def test_migrations_match_models(tmp_path):
    """The models and the Alembic revisions describe the same schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from workstation.archive.db import make_engine, upgrade
    from workstation.archive.schema import metadata

    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_opening_a_session_does_not_load_the_heavy_libraries():
    """The sign-in window waits for ``workstation.session``: PyMuPDF (~0.9 s here), jieba,
    openpyxl, python-docx and bagit load only when a feature needs them."""
    code = ("import sys, workstation.session; "
            "print(','.join(m for m in ('pymupdf', 'jieba', 'openpyxl', 'docx', 'bagit', 'av', 'vlc', 'PySide6') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
