"""Readable one-line summaries of figures: ``12 deserters, Q2 2020, −96%``."""

from __future__ import annotations

import re

from extractor.records import Change, Figure, Timex

MINUS = "\u2212"  # a real minus sign, as typeset figures use
BOUND_PREFIX = {"=": "", "~": "~", ">": ">", ">=": "\u2265", "<": "<", "<=": "\u2264"}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_QUARTER = re.compile(r"^(\d{4}|XXXX)-(Q[1-4]|H[12])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_REF_WORDS = {"PRESENT_REF": "now", "PAST_REF": "in the past", "FUTURE_REF": "in the future"}


def format_number(value: float) -> str:
    """12 -> "12", 33000 -> "33,000", 1.5e9 -> "1.5 billion", 0.25 -> "0.25"."""
    magnitude = abs(value)
    for scale, word in SCALES:
        if magnitude >= scale:
            return f"{_plain(value / scale)} {word}"
    return _plain(value)


def _plain(value: float) -> str:
    text = f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace("-", MINUS)


def format_amount(figure: Figure) -> str:
    """The figure's value or range with its bound and unit, as a reader would write it."""
    number = format_number(figure.value)
    if figure.value_max is not None and figure.value_max != figure.value:
        number = f"{number}\u2013{format_number(figure.value_max)}"
    number = BOUND_PREFIX.get(figure.bound, "") + number
    unit = figure.unit or ""
    if unit == "pp":
        return f"{number} pp"
    if figure.kind == "percent" or unit == "%":
        return f"{number}%"
    if figure.kind == "money" and unit:
        return f"{unit} {number}"
    return f"{number} {unit}".strip()


def format_period(timex: Timex) -> str:
    """2020-Q2 -> "Q2 2020", 2020-07 -> "Jul 2020", PRESENT_REF -> "now", others as they are."""
    value = timex.value
    if value in _REF_WORDS:
        return _REF_WORDS[value]
    quarter = _QUARTER.match(value)
    if quarter:
        return f"{quarter.group(2)} {quarter.group(1)}"
    month = _MONTH.match(value)
    if month and 1 <= int(month.group(2)) <= 12:
        return f"{MONTHS[int(month.group(2)) - 1]} {month.group(1)}"
    return value


def format_change(change: Change) -> str:
    """−96%, +5 pp, +1,200 deserters; "up"/"down" when the change has no number."""
    if change.value is None:
        return change.direction or change.text
    sign = "+" if change.value > 0 else ""
    number = sign + format_number(change.value)
    if change.unit == "%":
        return f"{number}%"
    return f"{number} {change.unit}".strip()


def figure_summary(figure: Figure) -> str:
    parts = [format_amount(figure)]
    if figure.period is not None:
        parts.append(format_period(figure.period))
    if figure.change is not None:
        parts.append(format_change(figure.change))
    return ", ".join(parts)
