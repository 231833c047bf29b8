"""The audit chain: every write and read is recorded, and any tampering is found."""

import threading

import pytest
from sqlalchemy import text

from workstation.archive import audit
from workstation.archive.models import AuditEvent


def _events(archive):
    with archive.read() as s:
        return [audit.event_to_json(e) for e in audit.iter_events(s)]


def _fill(archive, n=10):
    for i in range(n):
        archive.audit_now("tester", "test.event", f"t{i}", details={"i": i, "文本": "审计"})


def test_chain_is_valid_and_sequenced(archive):
    _fill(archive)
    events = _events(archive)
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert events[0]["prev_hash"] == audit.GENESIS
    for a, b in zip(events, events[1:]):
        assert b["prev_hash"] == a["hash"]
    with archive.read() as s:
        assert audit.verify(s).ok


@pytest.mark.parametrize("column,value", [
    ("actor", "'mallory'"), ("details", "'{\"i\" : 99}'"), ("outcome", "'denied'"), ("ts", "'2020-01-01T00:00:00'"),
    ("target", "'x'"), ("action", "'case.delete'"), ("terminal", "'elsewhere'"),
])
def test_any_field_edit_is_detected(archive, column, value):
    _fill(archive)
    with archive.write() as s:
        s.connection().exec_driver_sql(f"UPDATE audit_event SET {column} = {value} WHERE seq = 5")
    with archive.read() as s:
        report = audit.verify(s)
    assert not report.ok and report.first_bad_seq == 5


def test_edit_with_recomputed_hash_breaks_the_next_link(archive):
    _fill(archive)
    with archive.write() as s:
        ev = s.get(AuditEvent, 4)
        ev.actor = "mallory"
        ev.hash = audit.event_hash({k: getattr(ev, k) for k in audit.HASHED_FIELDS})
    with archive.read() as s:
        report = audit.verify(s)
    assert not report.ok and report.first_bad_seq == 5 and report.problem == "prev_mismatch"


def test_deletion_is_detected(archive):
    _fill(archive)
    with archive.write() as s:
        s.execute(text("DELETE FROM audit_event WHERE seq = 6"))
    with archive.read() as s:
        report = audit.verify(s)
    assert not report.ok and report.first_bad_seq == 6 and report.problem == "gap"


def test_deleting_the_newest_events_is_detected(archive):
    _fill(archive)
    with archive.read() as s:
        last = s.execute(text("SELECT max(seq) FROM audit_event")).scalar()
    with archive.write() as s:
        s.execute(text(f"DELETE FROM audit_event WHERE seq >= {last - 1}"))
    with archive.read() as s:
        report = audit.verify(s)
    assert not report.ok and report.problem == "head_mismatch" and report.first_bad_seq == last - 1


def test_insertion_is_detected(archive):
    _fill(archive)
    with archive.write() as s:
        s.execute(text("UPDATE audit_event SET seq = seq + 1000 WHERE seq >= 7"))
        s.execute(text("UPDATE audit_event SET seq = seq - 999 WHERE seq >= 1007"))
        s.execute(text("INSERT INTO audit_event (seq, ts, actor, terminal, action, target, outcome, details, "
                       "prev_hash, hash) VALUES (7, '2026-01-01', 'mallory', '', 'x', '', 'success', '{}', "
                       "'" + "0" * 64 + "', '" + "1" * 64 + "')"))
    with archive.read() as s:
        report = audit.verify(s)
    assert not report.ok and report.first_bad_seq == 7


def test_reordering_is_detected(archive):
    _fill(archive)
    with archive.write() as s:
        s.execute(text("UPDATE audit_event SET seq = -1 WHERE seq = 3"))
        s.execute(text("UPDATE audit_event SET seq = 3 WHERE seq = 4"))
        s.execute(text("UPDATE audit_event SET seq = 4 WHERE seq = -1"))
    with archive.read() as s:
        report = audit.verify(s)
    assert not report.ok and report.first_bad_seq == 3


def test_concurrent_writers_do_not_fork_the_chain(archive):
    errors = []

    def writer(n):
        try:
            for i in range(25):
                archive.audit_now(f"w{n}", "test.concurrent", str(i))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with archive.read() as s:
        report = audit.verify(s)
        assert report.ok
        assert s.execute(text("SELECT count(*) FROM audit_event WHERE action='test.concurrent'")).scalar() == 100


def test_extract_verifies_on_its_own(archive):
    _fill(archive)
    events = _events(archive)[2:8]
    assert audit.verify_extract(events).ok
    events[3]["details"]["i"] = 1000
    assert not audit.verify_extract(events).ok
