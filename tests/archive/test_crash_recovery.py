"""An import killed at any moment leaves a consistent archive after recovery."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select, text

from tests.conftest import PASSWORD
from workstation.archive import audit
from workstation.archive.db import sqlite_integrity_ok
from workstation.archive.models import Blob, Case, Item

IMPORTER = r"""
import sys
from workstation.session import Archive
arch = Archive.open(sys.argv[1])
ws = arch.sign_in("clerk", sys.argv[3])
print("START", flush=True)
ws.import_paths([sys.argv[2]])
print("DONE", flush=True)
"""


def _variant(template: Path, dest: Path, n: int) -> tuple[Path, str]:
    """A copy of the dossier with its own 案号 and one unique large file (so blobs are new)."""
    shutil.copytree(template, dest)
    manifest_path = dest / "dossier.yaml"
    data = yaml.safe_load(manifest_path.read_text("utf-8"))
    case_no = f"崩溃测试〔2026〕{n}号"
    data["case"]["case_no"] = case_no
    big = dest / f"附件-{n}.bin"
    rng = random.Random(n)
    big.write_bytes(rng.randbytes(24 * 1024 * 1024))
    data["volumes"][0]["items"].append({"file": big.name, "title": f"大附件{n}"})
    manifest_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return dest, case_no


def _expected_items(folder: Path) -> int:
    data = yaml.safe_load((folder / "dossier.yaml").read_text("utf-8"))
    return sum(len(v["items"]) for v in data["volumes"])


def _check_consistent(data_dir: Path, case_no: str, expected_items: int) -> str:
    from workstation.session import Archive

    with Archive.open(data_dir) as arch:  # runs recovery
        assert arch.recovery_report and not arch.recovery_report.get("skipped")
        assert sqlite_integrity_ok(arch.engine)
        with arch.read() as s:
            case = s.scalar(select(Case).where(Case.case_no == case_no))
            if case is not None:
                n = s.scalar(select(func.count(Item.id)).select_from(Item).join(Item.volume)
                             .where(text("volume.case_id = :c")).params(c=case.id))
                assert n == expected_items, "partial case"
            referenced = set(s.scalars(select(Blob.sha256)))
            assert audit.verify(s).ok
        stored = set(arch.store.iter_objects())
        assert stored == referenced, "orphan or missing objects"
        assert not list((data_dir / "store" / "tmp").iterdir())
        return "complete" if case is not None else "absent"


@pytest.mark.slow
def test_killed_imports_leave_consistent_archive(archive, clerk, dossier_template, tmp_path):
    data_dir = archive.data_dir
    archive.close()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))

    def start(folder):
        proc = subprocess.Popen([sys.executable, "-c", IMPORTER, str(data_dir), str(folder), PASSWORD],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        line = proc.stdout.readline()
        assert line.strip() == "START", proc.stderr.read()
        return proc

    # Measure one undisturbed import to spread the kill points over its whole length.
    folder, case_no = _variant(dossier_template, tmp_path / "v0", 0)
    proc = start(folder)
    t0 = time.monotonic()
    assert proc.wait(120) == 0, proc.stderr.read()
    duration = time.monotonic() - t0
    assert _check_consistent(data_dir, case_no, _expected_items(folder)) == "complete"

    outcomes = []
    points = 24
    for n in range(1, points + 1):
        folder, case_no = _variant(dossier_template, tmp_path / f"v{n}", n)
        proc = start(folder)
        time.sleep(duration * n / points)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        outcomes.append(_check_consistent(data_dir, case_no, _expected_items(folder)))
        shutil.rmtree(folder)
    # The kill points covered both outcomes: interrupted imports and finished ones.
    assert "absent" in outcomes
