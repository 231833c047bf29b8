"""Fixity: a flipped byte or a missing file is reported, recorded and audited."""

import os

from sqlalchemy import select

from workstation.archive import audit
from workstation.archive.models import FixityCheck


def _flip_byte(path, offset=100):
    os.chmod(path, 0o644)
    with open(path, "r+b") as f:
        f.seek(offset)
        b = f.read(1)
        f.seek(offset)
        f.write(bytes([b[0] ^ 0x01]))
    os.chmod(path, 0o444)


def test_clean_archive_passes(clerk, dossier):
    clerk.import_paths([dossier])
    report = clerk.verify_fixity()
    assert report.passed and report.checked == report.ok > 0


def test_flipped_byte_and_missing_file_are_reported(clerk, archive, dossier):
    report = clerk.import_paths([dossier])
    files = [f for f in report.files if f.status != "duplicate"]
    victim, missing = files[0], files[1]
    _flip_byte(archive.store.path_of(victim.sha256))
    os.chmod(archive.store.path_of(missing.sha256), 0o644)
    os.unlink(archive.store.path_of(missing.sha256))

    result = clerk.verify_fixity()
    assert not result.passed
    problems = {p.sha256: p for p in result.problems}
    assert problems[victim.sha256].problem == "mismatch"
    assert "sha256" in problems[victim.sha256].detail and "sm3" in problems[victim.sha256].detail
    assert problems[missing.sha256].problem == "missing"
    assert any(victim.original_name.split(".")[0][:4] in i or "件" in i for i in problems[victim.sha256].items)
    assert len(result.problems) == 2
    with archive.read() as s:
        rows = s.scalars(select(FixityCheck).where(FixityCheck.run_id == result.run_id)).all()
        assert sum(1 for r in rows if not r.ok) == 2
        events = [e.action for e in audit.iter_events(s, actor="clerk")]
    assert events.count("fixity.problem") == 2 and "fixity.verify" in events


def test_due_only_skips_recently_checked(clerk, dossier):
    clerk.import_paths([dossier])
    first = clerk.verify_fixity(due_only=True)
    assert first.checked > 0
    second = clerk.verify_fixity(due_only=True)
    assert second.checked == 0
