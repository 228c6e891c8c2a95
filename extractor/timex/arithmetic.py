"""Calendar arithmetic on TIMEX3 values: weeks, quarters, shifts, placeholders."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_YEAR_PREFIX = re.compile(r"^(\d{4})(?=$|-)")


def iso_day(day: date) -> str:
    return day.isoformat()


def iso_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by ``delta`` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def add_years_to_day(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    last = calendar.monthrange(day.year + years, day.month)[1]
    return date(day.year + years, day.month, min(day.day, last))


def valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` ISO ``weekday`` (1 = Monday) of a month; ``nth`` -1 is the last one."""
    if nth > 0:
        first = date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + timedelta(days=offset + 7 * (nth - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month = (h + leap - 7 * m + 114) // 31
    day = (h + leap - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def weekday_near(anchor: date, weekday: int, direction: str) -> date:
    """The ``weekday`` nearest ``anchor`` in ``direction``: "past" (on or before), "future"
    (on or after), "last" (strictly before), "next" (strictly after), "this" (same ISO week),
    "nearest" (on or after when that is closer, else on or before)."""
    today = anchor.isoweekday()
    if direction == "this":
        return anchor + timedelta(days=weekday - today)
    if direction == "nearest":
        ahead = (weekday - today) % 7
        return anchor + timedelta(days=ahead if ahead < 7 - ahead else ahead - 7)
    if direction in ("past", "last"):
        back = (today - weekday) % 7
        if back == 0 and direction == "last":
            back = 7
        return anchor - timedelta(days=back)
    ahead = (weekday - today) % 7
    if ahead == 0 and direction == "next":
        ahead = 7
    return anchor + timedelta(days=ahead)


def shift_value_years(value: str, years: int) -> str:
    """A TIMEX3 value whose leading four-digit year is moved; others are returned as they are."""
    match = _YEAR_PREFIX.match(value)
    if not match:
        return value
    year = int(match.group(1)) + years
    rest = value[4:]
    day = re.fullmatch(r"-(\d{2})-(\d{2})(.*)", rest)
    if day:  # keep the day valid (29 February)
        month, dom = int(day.group(1)), int(day.group(2))
        dom = min(dom, calendar.monthrange(year, month)[1]) if 1 <= month <= 12 else dom
        return f"{year:04d}-{month:02d}-{dom:02d}{day.group(3)}"
    week = re.fullmatch(r"-W(\d{2})(.*)", rest)
    if week:  # keep the week valid (not every year has a week 53)
        weeks = date(year, 12, 28).isocalendar()[1]
        return f"{year:04d}-W{min(int(week.group(1)), weeks):02d}{week.group(2)}"
    return f"{year:04d}{rest}"
