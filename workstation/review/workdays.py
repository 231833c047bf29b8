"""Working days (domain.md §9): chinesecalendar behind one interface, with an override table.

A working day is Mon–Fri minus statutory holidays and 调休 rest days, plus the weekend days
declared working days. The override table (date → working day or not, with its source)
wins over chinesecalendar. Years chinesecalendar does not cover (it is released each
November with the State Council notice) fail closed: asking about such a date raises
:class:`CalendarOutOfRange` unless the override table has entries for that year, in which
case that year is weekdays plus the table (the administrator has entered the notice).

Pure Python; the facade loads the overrides from the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Mapping

from workstation.errors import ConfigError


class CalendarOutOfRange(ConfigError):
    key = "calendar_out_of_range"
    template = ("{year} 年不在节假日数据（chinesecalendar {version}，覆盖 {first}–{last} 年）的范围内，"
                "无法计算工作日。请在工作日调整表中录入 {year} 年的节假日和调休安排"
                "（workstation workdays set），或升级 chinesecalendar")


def calendar_version() -> str:
    import chinese_calendar

    return f"chinesecalendar {getattr(chinese_calendar, '__version__', '?')}"


def _range() -> tuple[int, int]:
    from chinese_calendar.constants import holidays

    years = {d.year for d in holidays}
    return min(years), max(years)


def parse_date(value: str | dt.date) -> dt.date:
    from workstation.errors import InvalidInput

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(reason=f"日期“{value}”格式应为 YYYY-MM-DD") from None


class WorkCalendar:
    """Working days from chinesecalendar plus ``overrides`` (date → is a working day)."""

    def __init__(self, overrides: Mapping[dt.date, bool] | None = None):
        self.overrides = dict(overrides or {})
        self._override_years = {d.year for d in self.overrides}
        self.first_year, self.last_year = _range()

    @property
    def version(self) -> str:
        extra = f" + 调整表 {len(self.overrides)} 条" if self.overrides else ""
        return calendar_version() + extra

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year or year in self._override_years

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if self.first_year <= day.year <= self.last_year:
            import chinese_calendar

            return chinese_calendar.is_workday(day)
        if day.year in self._override_years:
            return day.weekday() < 5
        raise CalendarOutOfRange(year=day.year, version=calendar_version().split()[-1],
                                 first=self.first_year, last=self.last_year)

    def add_workdays(self, start: dt.date, days: int, *, next_day: bool = True) -> dt.date:
        """The ``days``-th working day counted from ``start``. With ``next_day`` (次日起算)
        the start day itself never counts: 1 is the first working day after it. Without it
        the start day counts as the first when it is a working day."""
        if days < 0:
            raise ValueError(days)
        day = start
        if not next_day and days > 0 and self.is_workday(start):
            days -= 1
        while days > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                days -= 1
        return day

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in (a, b] (negative, counted the same way, when b is before a)."""
        if b < a:
            return -self.workdays_between(b, a)
        n, day = 0, a
        while day < b:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                n += 1
        return n

    def remaining(self, today: dt.date, deadline: dt.date) -> int:
        """Working days left before ``deadline`` (0 = due today or the next working day is
        past it; negative = overdue by that many working days)."""
        return self.workdays_between(today, deadline)


def countdown_level(remaining: int | None, yellow: int, red: int) -> str:
    """"" (fine), "yellow" or "red" for a countdown of ``remaining`` working days."""
    if remaining is None:
        return ""
    if remaining <= red:
        return "red"
    if remaining <= yellow:
        return "yellow"
    return ""


def countdown_text(remaining: int | None) -> str:
    if remaining is None:
        return ""
    if remaining < 0:
        return f"已超期 {-remaining} 个工作日"
    if remaining == 0:
        return "今日到期"
    return f"剩余 {remaining} 个工作日"
