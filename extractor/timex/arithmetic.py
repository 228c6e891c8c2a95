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


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
_VALUE_PARTS = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|(?P<half>[QH])(?P<part>[1-4])"
    r"|W(?P<week>\d{2})|(?P<season>SP|SU|FA|WI)))?(?:T.*|-WE|-\d)?$"
)
_DECADE = re.compile(r"^(\d{2,3})$")


def value_bounds(value: str) -> tuple[date, date] | None:
    """The first and last day a TIMEX3 point or period value covers ("2020-Q2" -> 1 April,
    30 June; "201" -> the 2010s; "2006/2013" -> both ends); None when the value has no calendar
    place (placeholders, durations, references)."""
    if "/" in value:
        first, _, last = value.partition("/")
        start, end = value_bounds(first), value_bounds(last)
        return (start[0], end[1]) if start and end and start[0] <= end[1] else None
    decade = _DECADE.match(value)
    if decade:
        digits = decade.group(1)
        span = 10 ** (4 - len(digits))
        return date(int(digits) * span, 1, 1), date(int(digits) * span + span - 1, 12, 31)
    match = _VALUE_PARTS.match(value)
    if match is None:
        return None
    try:
        return _bounds_of_parts(match)
    except ValueError:  # a day or week the calendar does not have
        return None


def _bounds_of_parts(match: re.Match[str]) -> tuple[date, date]:
    year = int(match.group("year"))
    if match.group("day"):
        day = date(year, int(match.group("month")), int(match.group("day")))
        return day, day
    if match.group("month"):
        return _month_bounds(year, int(match.group("month")), int(match.group("month")))
    if match.group("half"):
        months = 3 if match.group("half") == "Q" else 6
        last = int(match.group("part")) * months
        return _month_bounds(year, last - months + 1, last)
    if match.group("week"):
        monday = date.fromisocalendar(year, int(match.group("week")), 1)
        return monday, monday + timedelta(days=6)
    if match.group("season"):
        first, last = _SEASON_MONTHS[match.group("season")]
        return _month_bounds(year, first, last)
    return date(year, 1, 1), date(year, 12, 31)


def _month_bounds(year: int, first: int, last: int) -> tuple[date, date]:
    end_year, end_month = add_months(year, last, 0)  # a winter runs into the next year
    return date(year, first, 1), date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
