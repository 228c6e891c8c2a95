"""The time stage: find the time expressions of an article and normalize them to TIMEX3.

    find_dates(doc, published) -> [Timex]     sorted, non-overlapping, spans into doc.text
    shift_years(value, years)  -> value       "2020-Q1", -1 -> "2019-Q1"

Rules and word lists live in ``models/time/`` (see ``extractor/timex_rules.py``); the
normalizers in ``extractor/timex_norm.py``. Relative expressions ("last week", "the second
quarter", "Wednesday") are resolved against ``published``; without it they get ``X``
placeholders ("XXXX-Q2"), never today's date. "A year earlier", "the year-ago quarter" and
"the same period last year" go back one year from the period in focus: the last quarter or
half the article named before them that was over by the publication date.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from extractor.errors import InputFormatError
from extractor.records import Timex
from extractor.timex.arithmetic import shift_value_years
from extractor.timex.find import candidates
from extractor.timex.norm import (
    NORMALIZERS,
    Candidate,
    Context,
    Reading,
    is_ambiguous_numeric_date,
    is_period_value,
    period_is_over,
)

# Readings that refer back to the focus never become the focus themselves.
_ANAPHORIC = {"focus_period", "year_earlier"}
_CALENDAR_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-[QH]\d)?$")


def parse_published(published: str | None) -> date | None:
    """The publication day of an ISO 8601 date or datetime."""
    if published is None or not published.strip():
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError as exc:
        raise InputFormatError("published", f"not an ISO 8601 date: {published!r}", stage="time") from exc


def find_dates(doc: Doc, published: str | None, *, day_first: bool = False) -> list[Timex]:
    """The time expressions of a parsed article, normalized against its publication date.

    ``day_first`` reads numeric dates such as "01/07/2020" as day/month (the outlet's
    locale); by default they are read the US way, month first.
    Values that rest on that choice say so in ``Timex.assumed``.
    """
    context = Context(dct=parse_published(published), day_first=day_first)
    order = "day/month order assumed" if day_first else "month/day order assumed (US)"
    found = []
    for candidate in candidates(doc):
        reading = NORMALIZERS[candidate.norm](candidate, context)
        if reading is None:
            continue
        _update_focus(context, candidate, reading)
        assumed = order if is_ambiguous_numeric_date(candidate.text) else None
        span = (candidate.start, candidate.end)
        found.append(Timex(span, candidate.text, reading.type, reading.value, reading.mod, assumed))
    return found


def _update_focus(context: Context, candidate: Candidate, reading: Reading) -> None:
    if candidate.norm in _ANAPHORIC or reading.type != "DATE" or not _CALENDAR_VALUE.match(reading.value):
        return
    context.last_date = reading.value
    if is_period_value(reading.value) and period_is_over(reading.value, context.dct):
        context.last_period = reading.value


def shift_years(value: str, years: int) -> str:
    """A TIMEX3 value moved by whole years ("2020-Q1", -1 -> "2019-Q1"); values without a
    known year ("XXXX-Q1", "PRESENT_REF", "P3M") are returned unchanged."""
    return shift_value_years(value, years)
