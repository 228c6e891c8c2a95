"""Turn a matched time expression into a TIMEX3 value, against the publication date.

Each normalizer reads the named groups of one rule of ``models/time/patterns.txt``. The
``Context`` carries what the article said before: the last explicit date and the last
quarter or half ("the focus") that "a year earlier" or "the latest quarter" refer back to.
Without a publication date, relative expressions get ``X`` placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from extractor.timex import arithmetic as cal
from extractor.timex.rules import lexicon


@dataclass(frozen=True, slots=True)
class Candidate:
    """One rule match: its span, named groups (lower case) and the tense of its clause."""

    rule: str
    norm: str
    type: str
    start: int
    end: int
    text: str
    groups: dict[str, str] = field(default_factory=dict)
    tense: str | None = None  # "past", "future", "near" (nearest either way) or None
    before: str = ""  # the text just before the span, lower case


@dataclass(frozen=True, slots=True)
class Reading:
    """A normalized TIMEX3: type, value, mod."""

    type: str
    value: str
    mod: str | None = None


@dataclass(slots=True)
class Context:
    """What one article has said so far (one per ``find_dates`` call)."""

    dct: date | None
    last_date: str | None = None  # last explicit calendar value
    last_period: str | None = None  # last explicit quarter or half value
    day_first: bool = False  # read 01/07/2020 as 1 July (the outlet's locale), else US order


# A normalizer returns None when the words, read in context, name no valid time (a 31 April,
# a 13 p.m., "the period" with no period in focus); the finder then drops the match.
Normalizer = Callable[[Candidate, Context], Reading | None]

_QUARTER_VALUE = re.compile(r"^(\d{4}|XXXX)-([QH])(\d|X)$")
_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_SHORT_RANGE_YEARS = 30
_RATE_AMOUNT_END = re.compile(
    r"(\d(?:[%\w.,]*[%\w])?|twice|once|times|percent|cent|dollars|each"
    r"|hundred|thousand|million|billion|trillion)$"
)


# ----------------------------------------------------------------------------- helpers
def _lex() -> Mapping[str, Any]:
    return lexicon()


def month_number(word: str) -> int:
    key = word.lower().rstrip(".")
    number: int = _lex()["months"][key]
    return number


def mod_of(phrase: str | None) -> str | None:
    """The TIMEX3 mod of "early", "the end of", "nearly" ..."""
    if not phrase:
        return None
    key = re.sub(r"\s+", " ", phrase.lower().strip(" -"))
    key = re.sub(r"^at ", "", key)
    mod: str | None = _lex()["mods"].get(key)
    return mod


def parse_number(text: str) -> float | None:
    """ "12", "5 1/2", "twenty four", "two thousand", "a couple of", "two and a half" -> a number."""
    words = text.lower().replace("-", " ").strip()
    half = 0.5 if words.endswith("and a half") or words.endswith("1/2") else 0.0
    words = re.sub(r"\s*(and a half|1/2)$", "", words).replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", words):
        return float(words) + half
    numbers: Mapping[str, int] = _lex()["numbers"]
    if words in numbers:
        return numbers[words] + half
    total = 0.0
    for word in words.split():
        if word in ("hundred", "thousand"):  # "two thousand": a multiplier, not a term
            total = max(total, 1.0) * (100 if word == "hundred" else 1000)
        elif word in numbers:
            total += numbers[word]
        else:
            return None
    return total + half if total else None


def spelled_year(text: str) -> int:
    """ "nineteen ninety-six" -> 1996, "two thousand and one" -> 2001."""
    numbers: Mapping[str, int] = _lex()["numbers"]
    words = re.findall(r"[a-z]+", text.lower())
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(numbers.get(w, 0) for w in words[2:])
    return numbers[words[0]] * 100 + sum(numbers.get(w, 0) for w in words[1:])


def year_of_groups(g: dict[str, str]) -> int | None:
    """The year a match names in digits ("year") or in words ("syear")."""
    if "year" in g:
        return year_int(g["year"])
    if "syear" in g:
        return spelled_year(g["syear"])
    return None


def year_int(text: str) -> int:
    """A four-digit year, or a two-digit one read as 19xx/20xx."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 2:
        number = int(digits)
        return 2000 + number if number < 50 else 1900 + number
    return int(digits)


def _past_or_future(tense: str | None, past_gap: int, future_gap: int) -> str:
    """Which of the two nearest occurrences a tense picks; without one, the past unless the
    future one is much nearer (news mostly reports what happened)."""
    if tense == "past" and 6 * future_gap < past_gap:
        return "future"  # "the meeting was set for Dec. 7", a month before a Nov. 2 article
    if tense == "future" and 6 * past_gap < future_gap:
        return "past"
    if tense in ("past", "future"):
        return tense
    if tense == "near":
        return "future" if future_gap <= past_gap else "past"
    return "future" if 2 * future_gap < past_gap else "past"


def year_for_month(dct: date, month: int, tense: str | None) -> int:
    """The year of a month named without one."""
    if month == dct.month:
        return dct.year
    past_gap = (dct.month - month) % 12
    future_gap = (month - dct.month) % 12
    if _past_or_future(tense, past_gap, future_gap) == "past":
        return dct.year if month < dct.month else dct.year - 1
    return dct.year if month > dct.month else dct.year + 1


def year_for_day(dct: date, month: int, day: int, tense: str | None) -> int:
    """The year of a month and day named without one."""
    if (month, day) == (dct.month, dct.day):
        return dct.year
    this_year = date(dct.year, month, min(day, 28)) if month == 2 else date(dct.year, month, day)
    if this_year < dct:
        past, future = this_year, cal.add_years_to_day(this_year, 1)
    else:
        past, future = cal.add_years_to_day(this_year, -1), this_year
    direction = _past_or_future(tense, (dct - past).days, (future - dct).days)
    return past.year if direction == "past" else future.year


def relative_year(ctx: Context, rel: str | None) -> str:
    """The year that "this/last/next year" names."""
    if ctx.dct is None:
        return "XXXX"
    shift = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1, "following": 1}
    key = (rel or "this").split()[-1]
    return f"{ctx.dct.year + shift.get(key, 0):04d}"


# ----------------------------------------------------------------------------- calendar dates
def norm_calendar(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    month = int(g["month_num"]) if "month_num" in g else month_number(g["month"])
    day = _day_number(g.get("day"))
    mod = mod_of(g.get("mod"))
    if g.get("rel") in ("each", "every"):
        return Reading("SET", f"XXXX-{month:02d}")
    year = _calendar_year(c, ctx, month, day)
    if day is None:
        return Reading("DATE", f"{year}-{month:02d}", mod)
    if year != "XXXX" and not cal.valid_day(int(year), month, day):
        return None
    value = f"{year}-{month:02d}-{day:02d}"
    if "hour" in g:
        return Reading("TIME", f"{value}T{g['hour']}:{g['minute']}")
    return Reading("DATE", value, mod)


def _day_number(text: str | None) -> int | None:
    if not text:
        return None
    digits = re.sub(r"\D", "", text)
    if digits:
        return int(digits)
    ordinal: int = _lex()["ordinals"][text.lower()]
    return ordinal


def _calendar_year(c: Candidate, ctx: Context, month: int, day: int | None) -> str:
    g = c.groups
    named = year_of_groups(g)
    if named is not None:
        return f"{named:04d}"
    if "yrel" in g:
        return relative_year(ctx, g["yrel"])
    if ctx.dct is None:
        return "XXXX"
    if day is not None and "weekday" in g:
        matching = _year_with_weekday(ctx.dct, month, day, g["weekday"])
        if matching:
            return matching
    if day is None and g.get("rel") in ("this", "last", "next", "this past", "this coming"):
        return _month_rel_year(ctx.dct, month, g["rel"])
    if day is None:
        return f"{year_for_month(ctx.dct, month, c.tense):04d}"
    if not cal.valid_day(2000, month, day):
        return f"{ctx.dct.year:04d}"
    return f"{year_for_day(ctx.dct, month, day, c.tense):04d}"


def _year_with_weekday(dct: date, month: int, day: int, weekday: str) -> str | None:
    """ "Saturday, April 25": the year near the publication date where the weekday fits."""
    number: int = _lex()["weekdays"][weekday]
    for year in (dct.year, dct.year - 1, dct.year + 1):
        if cal.valid_day(year, month, day) and date(year, month, day).isoweekday() == number:
            return f"{year:04d}"
    return None


def _month_rel_year(dct: date, month: int, rel: str) -> str:
    """ "this September" is in the publication year; "last May" the latest May before it."""
    if rel == "this":
        return f"{dct.year:04d}"
    if rel in ("last", "this past"):
        return f"{dct.year if month < dct.month else dct.year - 1:04d}"
    return f"{dct.year if month > dct.month else dct.year + 1:04d}"


def norm_numeric_date(c: Candidate, ctx: Context) -> Reading | None:
    """ "01/07/2020": the order a number over 12 forces, else the locale's (US by default)."""
    first, second = int(c.groups["first"]), int(c.groups["second"])
    year = year_int(c.groups["year"])
    day_first = first > 12 or (ctx.day_first and second <= 12)
    month, day = (second, first) if day_first else (first, second)
    if not cal.valid_day(year, month, day):
        return None
    return Reading("DATE", f"{year:04d}-{month:02d}-{day:02d}")


def is_ambiguous_numeric_date(text: str) -> bool:
    """Whether a numeric date such as "01/07/2020" reads both ways (its value then rests on
    the locale assumed: ``find_dates(..., day_first=...)``)."""
    parts = re.findall(r"\d+", text)
    return len(parts) == 3 and all(1 <= int(p) <= 12 for p in parts[:2]) and parts[0] != parts[1]


def norm_year(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    mod = mod_of(g.get("mod"))
    if "later" in g:
        mod = "ON_OR_AFTER" if g["later"].split()[-1] in ("later", "after", "beyond") else "ON_OR_BEFORE"
    year = year_of_groups(g)
    return Reading("DATE", f"{year or 0:04d}", mod)


def norm_year_range_end(c: Candidate, ctx: Context) -> Reading | None:
    """ "45" of "1939-45": the first year after the start that ends in these two digits;
    nothing when that is far off ("1990-55" is no range of years)."""
    first = int(c.groups["first"])
    end = first - first % 100 + int(c.groups["yy"])
    if end <= first:
        end += 100
    if end - first > _MAX_SHORT_RANGE_YEARS:
        return None
    return Reading("DATE", f"{end:04d}")


def norm_decade(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    value = g["decade"][:3] if "decade" in g else ("19" + g["decade2"])[:3]
    return Reading("DATE", value, mod_of(g.get("mod")))


def norm_century(c: Candidate, ctx: Context) -> Reading | None:
    text = c.groups["ordinal"]
    number = int(re.sub(r"\D", "", text)) if text[0].isdigit() else _lex()["ordinals"][text]
    return Reading("DATE", f"{number - 1:02d}", mod_of(c.groups.get("mod")))


# ----------------------------------------------------------------------------- quarters, halves
def norm_quarter(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    kind, number = _quarter_number(g)
    year = _explicit_quarter_year(g, ctx)
    if year is None:
        year = _default_quarter_year(ctx, kind, number)
    if g.get("latest") in ("year-ago", "year-earlier", "year earlier", "prior-year") and year != "XXXX":
        year = f"{int(year) - 1:04d}"
    return Reading("DATE", f"{year}-{kind}{number}")


def _quarter_number(g: dict[str, str]) -> tuple[str, int]:
    if "qcode" in g:
        return g["qcode"][0].upper(), int(g["qcode"][1])
    if "half" in g:
        return "H", 1 if g["half"] in ("first", "1st") else 2
    word = g["quarter"]
    ordinals: Mapping[str, int] = _lex()["ordinals"]
    number = int(word[0]) if word[0].isdigit() else ordinals[word]
    return "Q", 4 if number < 0 else number


def _explicit_quarter_year(g: dict[str, str], ctx: Context) -> str | None:
    for key in ("year0", "year1", "year2", "year3", "year4"):
        if key in g:
            return f"{year_int(g[key]):04d}"
    for key in ("yrel0", "yrel", "yrel2"):
        if key in g:
            return relative_year(ctx, g[key].replace("the ", "").replace("current", "this"))
    if "yearref" in g:
        return relative_year(ctx, "this")
    return None


def _default_quarter_year(ctx: Context, kind: str, number: int) -> str:
    """The latest such quarter that has begun by the publication date: news reports results
    of quarters past and present far more often than it forecasts."""
    if ctx.dct is None:
        return "XXXX"
    months = 3 if kind == "Q" else 6
    start = date(ctx.dct.year, (number - 1) * months + 1, 1)
    return f"{ctx.dct.year if start <= ctx.dct else ctx.dct.year - 1:04d}"


def period_is_over(value: str, dct: date | None) -> bool:
    """Whether a quarter or half value ended by the publication date (unknown: yes)."""
    match = _QUARTER_VALUE.match(value)
    if dct is None or match is None or match.group(1) == "XXXX" or match.group(3) == "X":
        return True
    months = 3 if match.group(2) == "Q" else 6
    end = cal.add_months(int(match.group(1)), int(match.group(3)) * months, 1)
    return date(end[0], end[1], 1) <= dct


def _current_period(ctx: Context, previous: bool) -> str:
    if ctx.dct is None:
        return "XXXX-QX"
    year, quarter = ctx.dct.year, cal.quarter_of(ctx.dct)
    if previous:
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return f"{year:04d}-Q{quarter}"


def norm_focus_period(c: Candidate, ctx: Context) -> Reading | None:
    """ "the quarter", "the latest period", "this quarter", "the 1988 period" -> the focus."""
    g = c.groups
    focus = ctx.last_period
    if g.get("latest") == "current" and ctx.dct is not None:
        focus = f"{ctx.dct.year:04d}-Q{cal.quarter_of(ctx.dct)}"
    if "year" in g:
        if focus:
            return Reading("DATE", cal.shift_value_years(focus, year_int(g["year"]) - int(focus[:4])))
        return Reading("DATE", f"{year_int(g['year']):04d}")
    if focus is None:
        if g.get("unit") == "period" and g.get("latest") is None:
            return None
        focus = _current_period(ctx, previous=g.get("det") != "this" and g.get("latest") != "current")
    if "shift" in g:
        return Reading("DATE", cal.shift_value_years(focus, -1))
    return Reading("DATE", focus)


def norm_year_earlier(c: Candidate, ctx: Context) -> Reading | None:
    """ "a year earlier", "the year-ago quarter", "the same period last year": the period in
    focus, one year back."""
    g = c.groups
    unit = g.get("unit", "")
    if unit in ("nine months", "six months"):
        return Reading("DURATION", "P9M" if unit.startswith("nine") else "P6M")
    if "quarter" in g:
        number = _quarter_number({"quarter": g["quarter"]})[1]
        base = ctx.last_period[:4] if ctx.last_period else relative_year(ctx, "this")
        return Reading("DATE", cal.shift_value_years(f"{base}-Q{number}", -1))
    focus = _year_earlier_focus(c, ctx, unit)
    return Reading("DATE", cal.shift_value_years(focus, -1), mod_of(g.get("approx")))


def _year_earlier_focus(c: Candidate, ctx: Context, unit: str) -> str:
    if ctx.last_period and unit != "year":
        return ctx.last_period
    text = c.text.lower()
    if ctx.last_date and ("earlier" in text or "before" in text):
        return ctx.last_date
    return relative_year(ctx, "this")


# ----------------------------------------------------------------------------- days and weeks
def norm_weekday(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    number: int = _lex()["weekdays"][g["weekday"].lower()]
    part = _part_code(g.get("part"))
    if c.type == "SET" or g.get("rel") in ("every", "each"):
        return Reading("SET", f"XXXX-WXX-{number}" + (f"T{part}" if part else ""))
    mod = mod_of(g.get("mod"))
    if ctx.dct is None:
        return Reading("DATE", f"XXXX-WXX-{number}", mod)
    rel = g.get("rel", "")
    direction = _weekday_direction(rel, c.tense)
    day = cal.weekday_near(ctx.dct, number, direction)
    if rel in ("the previous", "the following") and ctx.last_date and len(ctx.last_date) == 10:
        day = cal.weekday_near(date.fromisoformat(ctx.last_date), number, direction)
    if part:  # "Friday night" is a time of a day: TIME, as TimeML types it
        return Reading("TIME", f"{day.isoformat()}T{part}", mod)
    return Reading("DATE", day.isoformat(), mod)


def _weekday_direction(rel: str, tense: str | None) -> str:
    if rel in ("last", "this past", "the previous"):
        return "last"
    if rel in ("next", "this coming", "the following"):
        return "next"
    if rel == "this":
        return "this"
    return _tense_direction(tense)


def _tense_direction(tense: str | None) -> str:
    """The ``weekday_near`` direction of a bare weekday in a clause of this tense."""
    if tense == "near":
        return "nearest"
    return "future" if tense == "future" else "past"


def _part_code(part: str | None) -> str | None:
    if not part:
        return None
    code: str = _lex()["day_parts"][part.lower()]
    return code


def _day_offset(word: str) -> int:
    return {"yesterday": -1, "tomorrow": 1}.get(word, 0)


def norm_day_word(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    word = g["word"]
    part = _part_code(g.get("part")) or ("NI" if word == "tonight" else None)
    base = "XXXX-XX-XX" if ctx.dct is None else (ctx.dct + timedelta(days=_day_offset(word))).isoformat()
    mod = mod_of(g.get("mod"))
    if part:
        return Reading("TIME", f"{base}T{part}", mod)
    return Reading("DATE", base, mod)


def norm_day_part(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    rel = g.get("rel", "today")
    part = _part_code(g["part"])
    offset = -1 if rel == "last" or rel == "yesterday" else (1 if rel == "tomorrow" else 0)
    base = "XXXX-XX-XX" if ctx.dct is None else (ctx.dct + timedelta(days=offset)).isoformat()
    return Reading("TIME", f"{base}T{part}", mod_of(g.get("mod")))


def norm_clock_time(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    if "named" in g:
        clock = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[g["named"]]
    else:
        hour = int(g["hour"])
        if hour > 12:
            return None
        if g["ampm"].startswith("p") and hour != 12:
            hour += 12
        elif g["ampm"].startswith("a") and hour == 12:
            hour = 0
        clock = f"{hour:02d}:{g.get('minute', '00')}"
    return Reading("TIME", f"{_clock_day(c, ctx)}T{clock}", mod_of(g.get("approx")))


def _clock_day(c: Candidate, ctx: Context) -> str:
    g = c.groups
    if ctx.dct is None:
        return "XXXX-XX-XX"
    if "month2" in g:
        g = {**g, "month": g["month2"], "day": g["day2"]}
    if "weekday" in g and "month" not in g:
        number: int = _lex()["weekdays"][g["weekday"]]
        return cal.weekday_near(ctx.dct, number, _tense_direction(c.tense)).isoformat()
    if "word" in g:
        return (ctx.dct + timedelta(days=_day_offset(g["word"]))).isoformat()
    if "month" in g:
        month, day = month_number(g["month"]), int(re.sub(r"\D", "", g["day"]))
        return f"{year_for_day(ctx.dct, month, day, c.tense):04d}-{month:02d}-{day:02d}"
    if ctx.last_date and _DAY_VALUE.match(ctx.last_date):
        return ctx.last_date  # "at 10 p.m." is on the day the article last named
    return ctx.dct.isoformat()


def norm_weekend(c: Candidate, ctx: Context) -> Reading | None:
    if ctx.dct is None:
        return Reading("DATE", "XXXX-WXX-WE")
    rel = c.groups.get("rel", "the")
    saturday = cal.weekday_near(ctx.dct, 6, _tense_direction(c.tense))
    if rel in ("last", "this past", "the past", "the previous"):
        saturday = cal.weekday_near(ctx.dct, 6, "last")
    elif rel in ("next", "this coming", "the coming"):
        saturday = cal.weekday_near(ctx.dct, 6, "next")
    elif rel == "this":
        saturday = cal.weekday_near(ctx.dct, 6, "this")
    return Reading("DATE", cal.iso_week(saturday) + "-WE")


# ----------------------------------------------------------------------------- relative periods
_SHIFT = {
    "last": -1, "this past": -1, "the past": -1, "the previous": -1, "next": 1, "this coming": 1,
    "the coming": 1, "the following": 1, "the next": 1,
}  # fmt: skip


def norm_rel_unit(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    rel, unit = g.get("rel", "this"), g.get("unit", "year").strip()
    rel = rel.replace("'s", "")
    mod = mod_of(g.get("mod")) or mod_of(g.get("approx"))
    if "dir" in g:  # "the day before", "the year after"
        rel = "the previous" if g["dir"] in ("before", "earlier") else "the following"
    if g.get("mod") == "end" and rel in ("year", "month"):  # "year-end"
        return _rel_period(ctx, rel, 0, None, "END")
    if rel == "the" and unit == "year" and mod is None:
        # "the year ended March 31" is a span of a year; "for the year" the year at hand
        return Reading("DURATION", "P1Y") if "ended" in g else _rel_period(ctx, "year", 0, None, None)
    if rel in ("the full", "the whole", "the entire"):
        rel = "this"
    if rel == "the next" and unit == "day":
        rel = "the following"  # "The next day, ..." follows the day last named
    if rel in ("the following", "the previous") and unit in ("year", "month", "day") and ctx.last_date:
        return _after_focus(ctx.last_date, unit, 1 if rel == "the following" else -1, mod)
    if rel in ("the past", "the previous", "the coming", "the next") and unit in ("week", "month", "day"):
        return Reading("DURATION", "P1" + unit[0].upper())
    if rel in ("that", "the same") and unit in ("year", "month", "day"):
        return _that_period(ctx, unit, mod)  # "the same day" is the day last named
    if unit in ("century", "decade"):
        return _rel_century(ctx, rel, unit, mod)
    return _rel_period(ctx, unit, _SHIFT.get(rel, 0), c.tense, mod)


def _rel_period(ctx: Context, unit: str, shift: int, tense: str | None, mod: str | None) -> Reading:
    dct = ctx.dct
    if unit == "year":
        return Reading("DATE", "XXXX" if dct is None else f"{dct.year + shift:04d}", mod)
    if dct is None:
        placeholder = {"month": "XXXX-XX", "week": "XXXX-WXX", "day": "XXXX-XX-XX", "quarter": "XXXX-QX"}
        return Reading("DATE", placeholder[unit], mod)
    if unit == "month":
        return Reading("DATE", cal.iso_month(*cal.add_months(dct.year, dct.month, shift)), mod)
    if unit == "week":
        return Reading("DATE", cal.iso_week(dct + timedelta(weeks=shift)), mod)
    if unit == "day":
        return Reading("DATE", (dct + timedelta(days=shift)).isoformat(), mod)
    year, quarter = divmod((dct.year * 4 + cal.quarter_of(dct) - 1) + shift, 4)
    return Reading("DATE", f"{year:04d}-Q{quarter + 1}", mod)


def _after_focus(focus: str, unit: str, shift: int, mod: str | None) -> Reading:
    """ "the following year", "the previous month": next to the last date mentioned."""
    if unit == "year" and focus[:4].isdigit():
        return Reading("DATE", f"{int(focus[:4]) + shift:04d}", mod)
    if unit == "month" and re.match(r"\d{4}-\d{2}(?!\d)", focus[:7] + "x"):
        return Reading("DATE", cal.iso_month(*cal.add_months(int(focus[:4]), int(focus[5:7]), shift)), mod)
    if unit == "day" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", focus):
        return Reading("DATE", (date.fromisoformat(focus) + timedelta(days=shift)).isoformat(), mod)
    return Reading("DATE", focus, mod)


def _that_period(ctx: Context, unit: str, mod: str | None) -> Reading:
    """ "earlier that day": the unit of the last date mentioned."""
    focus = ctx.last_date or (ctx.dct.isoformat() if ctx.dct else "XXXX-XX-XX")
    lengths = {"year": 4, "month": 7, "day": 10}
    return Reading("DATE", focus[: lengths.get(unit, 10)], mod)


def _rel_century(ctx: Context, rel: str, unit: str, mod: str | None) -> Reading:
    shift = _SHIFT.get(rel, 0)
    if rel in ("the past", "the last", "the previous", "the coming", "the next") or (
        shift and rel.startswith("the")
    ):
        return Reading("DURATION", "P10Y" if unit == "decade" else "P100Y", mod)
    if ctx.dct is None:
        return Reading("DATE", "XXX" if unit == "decade" else "XX", mod)
    if unit == "decade":
        return Reading("DATE", f"{ctx.dct.year // 10 + shift:03d}", mod)
    return Reading("DATE", f"{ctx.dct.year // 100 + shift:02d}", mod)


def norm_ago(c: Candidate, ctx: Context) -> Reading | None:
    """ "two years ago", "three months later": a date moved from the publication date
    (ago, from now) or from the last date mentioned (earlier, later)."""
    g = c.groups
    code = _lex()["units"][g["unit"]]
    backwards = g["dir"] in ("ago", "earlier", "before")
    number = parse_number(g["num"]) if "num" in g else None
    if number is None or not float(number).is_integer():
        return Reading("DATE", "PAST_REF" if backwards else "FUTURE_REF")
    anchor = _ago_anchor(g["dir"], ctx)
    if anchor is None:
        return Reading("DATE", _placeholder(code), mod_of(g.get("approx")))
    step = -int(number) if backwards else int(number)
    return Reading("DATE", _moved(anchor, code, step), mod_of(g.get("approx")))


def _ago_anchor(direction: str, ctx: Context) -> date | None:
    focus = ctx.last_date
    if direction in ("earlier", "later") and focus and re.fullmatch(r"\d{4}-\d{2}-\d{2}", focus):
        return date.fromisoformat(focus)
    return ctx.dct


def _placeholder(code: str) -> str:
    return {"M": "XXXX-XX", "W": "XXXX-WXX", "D": "XXXX-XX-XX"}.get(code, "XXXX")


def _moved(anchor: date, code: str, step: int) -> str:
    if code == "Y":
        return f"{anchor.year + step:04d}"
    if code in ("DE", "CE", "ML"):
        return f"{anchor.year + step * {'DE': 10, 'CE': 100, 'ML': 1000}[code]:04d}"
    if code == "M":
        return cal.iso_month(*cal.add_months(anchor.year, anchor.month, step))
    if code == "Q":
        return cal.iso_month(*cal.add_months(anchor.year, anchor.month, 3 * step))[:7]
    if code in ("W", "2W"):
        weeks = step * (2 if code == "2W" else 1)
        day = anchor + timedelta(weeks=weeks)
        return day.isoformat() if abs(weeks) <= 2 else cal.iso_week(day)
    if code in ("D", "WE"):
        return (anchor + timedelta(days=step)).isoformat()
    return anchor.isoformat()  # hours and minutes: that same day


# ----------------------------------------------------------------------------- durations, sets
def duration_value(number: float | None, code: str) -> str:
    """P3M, PT5H, P20Y (two decades), PXY (several years)."""
    scale = {"DE": (10, "Y"), "CE": (100, "Y"), "ML": (1000, "Y"), "2W": (2, "W"), "WE": (2, "D")}
    factor, letter = scale.get(code, (1, code))
    time = letter.startswith("T")
    letter = letter[-1]
    if number is None:
        return ("PT" if time else "P") + "X" + letter  # "decades": PXY
    amount = number * factor
    if not float(amount).is_integer():
        smaller = {"H": (60, "M"), "M": (60, "S")} if time else {"D": (24, "H"), "Y": (12, "M")}
        if letter in smaller:
            per, lower = smaller[letter]
            whole = int(amount)
            if time:
                return f"PT{whole}{letter}{round((amount - whole) * per)}{lower}"
            if letter == "Y":
                months = round((amount - whole) * per)
                return f"P{whole}Y{months}M" if whole else f"P{months}M"
            return f"P{whole}DT{round((amount - whole) * per)}H"
        return f"P{amount:g}{letter}"
    return ("PT" if time else "P") + f"{int(amount)}{letter}"


def norm_duration(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    code = _lex()["units"][g["unit"].lower()]
    number = parse_number(g["num"]) if "num" in g else None
    if "num" not in g and "vague" not in g:
        number = 1.0 if g.get("det") in ("a", "an", "the") or "rel" in g else None
    if "tail" in g:
        number = (number or 1.0) + 0.5
    if "num2" in g:  # "12 to 18 months": a vague amount of one unit
        number = None
    if (g.get("det") in ("a", "an") or g.get("num") in ("a", "an")) and _after_amount(c.before):
        return Reading("SET", duration_value(1.0, code))
    return Reading("DURATION", duration_value(number, code), mod_of(g.get("approx")))


def _after_amount(before: str) -> bool:
    """ "$5 a year", "twice a day", "10% a year": a rate, so the period is a SET. A number
    that ends a sentence ("... on Jan. 1. A day later") is no amount."""
    tail = before.rstrip()
    return bool(_RATE_AMOUNT_END.search(tail))


def norm_set_word(c: Candidate, ctx: Context) -> Reading | None:
    value: str = _lex()["set_adverbs"][c.groups["word"]]
    return Reading("SET", value)


def norm_set_every(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    unit = g["unit"].rstrip("s") if g["unit"] not in ("days",) else "day"
    if unit in ("night", "morning", "evening"):
        if g["every"] == "a":
            return None
        return Reading("SET", "XXXX-XX-XXT" + (_part_code(unit) or "NI"))
    if g["every"] == "a" and not _after_amount(c.before):
        return None
    code = _lex()["units"].get(unit, "WE" if unit == "weekend" else "D")
    number = 2.0 if g.get("num") == "other" else (parse_number(g["num"]) if "num" in g else 1.0)
    return Reading("SET", duration_value(number, code))


def norm_ref(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    if "word" in g:
        value: str = _lex()["refs"][re.sub(r"\s+", " ", g["word"])]
        return Reading("DATE", value)
    rel, unit = g["rel"], g["unit"]
    if rel == "recent" and unit in ("weeks", "months", "days"):
        return Reading("DURATION", duration_value(None, _lex()["units"][unit]))
    if rel in ("coming", "future"):
        return Reading("DATE", "FUTURE_REF")
    return Reading("DATE", "PAST_REF")


# ----------------------------------------------------------------------------- seasons, holidays
def norm_season(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    code: str = _lex()["seasons"][g["season"]]
    mod = mod_of(g.get("mod")) or mod_of(g.get("mod2"))
    rel = g.get("rel", "")
    if rel in ("every", "each"):
        return Reading("SET", f"XXXX-{code}")
    named = year_of_groups(g)
    if named is not None:
        return Reading("DATE", f"{named:04d}-{code}", mod)
    if ctx.dct is None:
        return Reading("DATE", f"XXXX-{code}", mod)
    return Reading("DATE", f"{_season_year(ctx.dct, code, rel, c.tense):04d}-{code}", mod)


def _season_year(dct: date, code: str, rel: str, tense: str | None) -> int:
    """The year of "last summer", "this winter" (a winter takes the year of its December)."""
    start_month: int = _lex()["season_start_month"][code]
    this_start = date(dct.year if code != "WI" or dct.month >= 3 else dct.year - 1, start_month, 1)
    end_year, end_month = cal.add_months(this_start.year, start_month, 3)
    this_end = date(end_year, end_month, 1)
    if rel in ("last", "this past"):
        return this_start.year if this_end <= dct else this_start.year - 1
    if rel in ("next", "this coming"):
        return this_start.year if this_start > dct else this_start.year + 1
    if rel == "the" and tense == "past" and this_start > dct:
        return this_start.year - 1
    return this_start.year


def norm_holiday(c: Candidate, ctx: Context) -> Reading | None:
    g = c.groups
    rule: str = _lex()["holidays"][re.sub(r"\s+", " ", g["holiday"])]
    if "year" in g:
        return Reading("DATE", _holiday_day(rule, year_int(g["year"])).isoformat())
    if ctx.dct is None:
        return Reading("DATE", "XXXX-" + rule[:5] if re.fullmatch(r"\d\d-\d\d", rule) else "XXXX-XX-XX")
    dct = ctx.dct
    this_year = _holiday_day(rule, dct.year)
    if this_year == dct:
        return Reading("DATE", dct.isoformat())
    past = this_year if this_year < dct else _holiday_day(rule, dct.year - 1)
    future = this_year if this_year > dct else _holiday_day(rule, dct.year + 1)
    rel = g.get("rel")
    if rel is None:
        direction = _past_or_future(c.tense, (dct - past).days, (future - dct).days)
    else:
        direction = "past" if rel == "last" else "future"
    return Reading("DATE", (past if direction == "past" else future).isoformat())


def _holiday_day(rule: str, year: int) -> date:
    """ "12-25" fixed; "11-4TH" the 4th Thursday; "05-LMO" the last Monday; "EASTER-2"."""
    if rule.startswith("EASTER"):
        return cal.easter(year) + timedelta(days=int(rule[6:] or 0))
    month, spec = rule.split("-")
    if spec.isdigit():
        return date(year, int(month), int(spec))
    weekdays = {"MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6, "SU": 7}
    nth = -1 if spec[0] == "L" else int(spec[0])
    return cal.nth_weekday(year, int(month), weekdays[spec[1:]], nth)


def norm_month_range(c: Candidate, ctx: Context) -> Reading | None:
    """ "between April and June" -> the quarter (or half) those months make up."""
    g = c.groups
    first, last = month_number(g.get("month") or g["month2"]), month_number(g["month_end"])
    kind, number = period_of_months(first, last)
    year_text = g.get("year_end") or g.get("year")
    if year_text:
        year = f"{year_int(year_text):04d}"
    elif ctx.dct is None:
        year = "XXXX"
    else:
        year = f"{year_for_month(ctx.dct, last, c.tense):04d}"
    return Reading("DATE", f"{year}-{kind}{number}")


def period_of_months(first: int, last: int) -> tuple[str, int]:
    """The quarter or half that runs from month ``first`` to ``last`` ("Q", 2) or ("", 0)."""
    if first % 3 == 1 and last == first + 2:
        return "Q", (first - 1) // 3 + 1
    if first in (1, 7) and last == first + 5:
        return "H", 1 if first == 1 else 2
    return "", 0


def is_period_value(value: str) -> bool:
    return bool(_QUARTER_VALUE.match(value))


NORMALIZERS: dict[str, Normalizer] = {
    "calendar": norm_calendar,
    "numeric_date": norm_numeric_date,
    "year": norm_year,
    "year_range_end": norm_year_range_end,
    "decade": norm_decade,
    "century": norm_century,
    "quarter": norm_quarter,
    "focus_period": norm_focus_period,
    "year_earlier": norm_year_earlier,
    "weekday": norm_weekday,
    "day_word": norm_day_word,
    "day_part": norm_day_part,
    "clock_time": norm_clock_time,
    "weekend": norm_weekend,
    "rel_unit": norm_rel_unit,
    "ago": norm_ago,
    "duration": norm_duration,
    "set_word": norm_set_word,
    "set_every": norm_set_every,
    "ref": norm_ref,
    "season": norm_season,
    "holiday": norm_holiday,
    "month_range": norm_month_range,
}
