"""Working days against the 2026 official schedule (domain.md §9.3), the override table and
the fail-closed error for years outside chinesecalendar's range."""

from __future__ import annotations

import datetime as dt

import pytest

from workstation.review.workdays import CalendarOutOfRange, WorkCalendar, countdown_level, countdown_text

D = dt.date


@pytest.mark.parametrize("day,expected", [
    (D(2026, 1, 1), False), (D(2026, 1, 2), False), (D(2026, 1, 3), False), (D(2026, 1, 4), True),
    (D(2026, 2, 14), True), (D(2026, 2, 28), True), (D(2026, 5, 9), True), (D(2026, 9, 20), True),
    (D(2026, 10, 10), True), (D(2026, 10, 9), True), (D(2026, 10, 11), False),
] + [(D(2026, 2, d), False) for d in range(15, 24)] + [(D(2026, 10, d), False) for d in range(1, 8)])
def test_2026_schedule(day, expected):
    assert WorkCalendar().is_workday(day) is expected


def test_adding_working_days_counts_from_the_next_day():
    cal = WorkCalendar()
    assert cal.add_workdays(D(2026, 9, 30), 7) == D(2026, 10, 15)
    assert cal.add_workdays(D(2026, 2, 12), 7) == D(2026, 2, 28)
    # 次日起算: accepted on Friday 2026-01-02 (holiday) → Sunday 01-04 is the first working day
    assert cal.add_workdays(D(2026, 1, 2), 1) == D(2026, 1, 4)
    # counting the start day itself when the rule says so
    assert cal.add_workdays(D(2026, 3, 2), 1, next_day=False) == D(2026, 3, 2)
    assert cal.add_workdays(D(2026, 3, 2), 1) == D(2026, 3, 3)


def test_remaining_working_days_and_levels():
    cal = WorkCalendar()
    deadline = D(2026, 10, 15)
    assert cal.remaining(D(2026, 10, 13), deadline) == 2
    assert cal.remaining(D(2026, 9, 30), deadline) == 7
    assert cal.remaining(D(2026, 10, 15), deadline) == 0
    assert cal.remaining(D(2026, 10, 16), deadline) == -1
    assert countdown_level(5, 2, 0) == "" and countdown_level(2, 2, 0) == "yellow"
    assert countdown_level(0, 2, 0) == "red" and countdown_level(-3, 2, 0) == "red"
    assert countdown_text(2) == "剩余 2 个工作日" and countdown_text(-1) == "已超期 1 个工作日"


def test_year_outside_the_data_is_a_clear_error_until_overridden():
    with pytest.raises(CalendarOutOfRange) as err:
        WorkCalendar().is_workday(D(2027, 1, 5))
    assert "2027" in str(err.value) and "工作日调整表" in str(err.value)
    with pytest.raises(CalendarOutOfRange):
        WorkCalendar().add_workdays(D(2026, 12, 28), 7)  # runs into 2027
    cal = WorkCalendar({D(2027, 1, 1): False})
    assert cal.is_workday(D(2027, 1, 1)) is False
    assert cal.is_workday(D(2027, 1, 4)) is True  # a Monday
    assert cal.add_workdays(D(2026, 12, 30), 2) == D(2027, 1, 4)


def test_override_wins_over_chinesecalendar():
    cal = WorkCalendar({D(2026, 3, 2): False, D(2026, 3, 7): True})
    assert cal.is_workday(D(2026, 3, 2)) is False
    assert cal.is_workday(D(2026, 3, 7)) is True


def test_facade_override_table_is_audited_and_needs_configure(archive, admin, clerk):
    from workstation.errors import AccessDenied

    with pytest.raises(CalendarOutOfRange):
        admin.add_workdays("2026-12-30", 3)
    admin.set_workday_override("2027-01-01", False, source="国办发明电〔2026〕7号")
    admin.set_workday_override("2027-01-04", False, source="国办发明电〔2026〕7号")
    got = admin.add_workdays("2026-12-30", 3)
    assert got["date"] == "2027-01-06" and "调整表 2 条" in got["calendar"]
    assert [r["date"] for r in admin.list_workday_overrides(2027)] == ["2027-01-01", "2027-01-04"]
    with pytest.raises(AccessDenied):
        clerk.set_workday_override("2027-01-05", False, source="x")
    admin.remove_workday_override("2027-01-04")
    assert admin.add_workdays("2026-12-30", 3)["date"] == "2027-01-05"
    from workstation.archive import audit

    with archive.read() as s:
        actions = [(e.action, e.outcome) for e in audit.iter_events(s) if e.action.startswith("workday.")]
    assert ("workday.override", "success") in [(a, str(o)) for a, o in actions]
    assert ("workday.override", "denied") in [(a, str(o)) for a, o in actions]
    assert ("workday.override_remove", "success") in [(a, str(o)) for a, o in actions]
