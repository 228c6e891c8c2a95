"""What stands around a number: currency signs, units, rates ("per barrel") and bound words.

:func:`read_quantity` turns one :class:`~extractor.numbers.NumberMatch` into a :class:`Reading`:
the figure's span grown over its currency sign, unit and bound words, the value with scale
words settled ("48m tall" is metres, "35m devices" millions), its kind and unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractor.figures.lexicon import UNIT_KINDS, FigureLexicon, UnitEntry, suffix_entry
from extractor.figures.numbers import NumberMatch, tidy

_SCALE_AFTER_CODE = re.compile(r"^[ \t]*(?P<scale>million|billion|trillion|thousand|mn|bn|m|k)\b", re.I)
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_STERLING = re.compile(r"^[ \t]*sterling\b", re.I)
_NEXT_WORD = re.compile(r"^[ \t]*(?P<word>[A-Za-z]+|\d|[.,;:)!?]|$)")
_TIME_ADVERB = re.compile(r"^[ \t]+(?:earlier|ago|before|later|previously|prior)\b", re.I)
_SQUARE = re.compile(r"^m[2²3³]")
_WORD_SCALES = frozenset({"million", "billion", "trillion", "bn", "mn", "bln", "crore", "lakh"})
_NO_CURRENCY_WITH_ONE_DIGIT = frozenset({"PS"})  # "PS5" is a games console, "PS5.2bn" money


@dataclass(slots=True)
class Reading:
    """A number read with its surroundings; spans are absolute offsets into the document."""

    start: int
    end: int
    num_start: int
    num_end: int
    value: float
    value_max: float | None
    kind: str  # count, percent, money, measure, other (count is decided later, from the parse)
    unit: str | None
    family: str  # "" for a bare number, money, subunit, percent, time, age, measure
    bound: str
    match: NumberMatch
    modifier: bool = False  # a hyphenated time adjective ("a three-year plan"), not a figure
    prefix: str = ""  # the currency sign or code before the number, as written


def _prefix_currency(text: str, match: NumberMatch, lex: FigureLexicon) -> tuple[str, str, int] | None:
    """(ISO code, surface, start) of a currency sign or code right before the number."""
    start = match.span[0]
    window = text[max(0, start - 12) : start]
    found = lex.currency_prefix.search(window)
    if found is None:
        million = lex.million_prefix.search(window)
        if million is None:
            return None
        entry = suffix_entry(lex, million.group("cur"))
        return (entry.unit, million.group("cur"), start - len(window) + million.start()) if entry else None
    surface = found.group("cur")
    if surface in _NO_CURRENCY_WITH_ONE_DIGIT and len(match.digits) == 1:
        return None
    glued = found.end("cur") == len(window)  # "C$2.7 million": the sign is written onto the number
    if surface[0].isalpha() and not glued and re.search(r"\d[ \t]*$", window[: found.start()]):
        return None  # "10 rmb 20 usd": "rmb" belongs to the 10 before it
    code = lex.prefix_codes.get(surface)
    return (code, surface, start - len(window) + found.start()) if code else None


def _metres_not_millions(text: str, match: NumberMatch, lex: FigureLexicon) -> bool:
    """A glued lower-case "m" after a bare number reads as metres when no noun follows it."""
    end = match.span[1]
    if _SQUARE.match(text[end - 1 : end + 1]):
        return True
    following = _NEXT_WORD.match(text[end:])
    if following is None:
        return False
    word = following.group("word")
    return word.lower() in lex.metre_words or not word.isalpha()


def _settle_scale(text: str, match: NumberMatch, currency: bool, lex: FigureLexicon) -> NumberMatch:
    """Undo an ambiguous "m" scale when it is a unit (metres) rather than millions."""
    if match.scale != "m" or currency or not _metres_not_millions(text, match, lex):
        return match
    return replace(match, span=(match.span[0], match.span[1] - 1), value=match.value / 1e6, scale="")


def _suffix(text: str, end: int, lex: FigureLexicon) -> tuple[UnitEntry, int, str] | None:
    found = lex.unit_suffix.match(text, end)
    if found is None:
        return None
    surface = found.group("unit")
    entry = suffix_entry(lex, surface)
    if entry is None:
        return None
    if entry.family in ("money", "money-million") and text[found.end() : found.end() + 1].isdigit():
        return None  # "Mar. 12 C$4.1 million": the sign opens the next amount
    bracketed = bool(found.group("sep").strip(" \t-"))
    if bracketed and entry.family not in ("measure", "percent"):
        return None  # "2.3 billion ($2.71 billion)": the sign opens the next amount
    closing = re.match(r"[ \t]?[)\]}>]", text[found.end() :]) if bracketed else None
    return entry, found.end() + (closing.end() if closing else 0), found.group("sep")


_UNIT_JOINER = re.compile(r"[-/\u00b7\u22c5]")


def _compound(text: str, end: int, unit: str, lex: FigureLexicon) -> tuple[str, int]:
    """ "newton-metres" -> "N·m", "A/cm2" -> "A/cm²": two measure units joined into one."""
    joiner = _UNIT_JOINER.match(text, end)
    if joiner is None:
        return unit, end
    found = lex.unit_suffix.match(text, joiner.end())
    if found is None or found.group("sep"):
        return unit, end
    entry = suffix_entry(lex, found.group("unit"))
    if entry is None or entry.family != "measure":
        return unit, end
    return f"{unit}{'/' if joiner.group() == '/' else '·'}{entry.unit}", found.end()


def _ambiguous_compound(text: str, end: int, lex: FigureLexicon) -> tuple[str | None, str, int]:
    """(unit, family, end) of a compound whose first symbol is too ambiguous to read alone:
    "2.5 A/cm2" is amperes per square centimetre, "5 A" alone is not read as a unit."""
    found = lex.compound_numerator.match(text, end)
    if found is None:
        return None, "", end
    unit, compound_end = _compound(text, found.end(), found.group("unit"), lex)
    return (unit, "measure", compound_end) if compound_end > found.end() else (None, "", end)


_QUALIFIED_SUBUNIT = re.compile(r"[ \t]+(?:[A-Z][a-z]+\.?[ \t]+|U\.S\.[ \t]+){1,2}(?P<unit>[a-z]+)\b")


def _qualified_subunit(text: str, end: int, lex: FigureLexicon) -> tuple[str | None, str, int]:
    """(unit, family, end) of a minor unit named with its country: "20 Canadian cents"."""
    found = _QUALIFIED_SUBUNIT.match(text, end)
    entry = suffix_entry(lex, found.group("unit")) if found else None
    if found is None or entry is None or entry.family != "subunit":
        return None, "", end
    return entry.unit, "subunit", found.end()


def _money_suffix(text: str, end: int, entry: UnitEntry, match: NumberMatch) -> tuple[str, float, int]:
    """(code, multiplier, end) for a currency word after the number ("75 USD million", "30 MUSD")."""
    multiplier = 1e6 if entry.family == "money-million" else 1.0
    scale = _SCALE_AFTER_CODE.match(text[end:])
    if scale and not match.scale:
        multiplier *= _SCALES[scale.group("scale").lower()]
        end += scale.end()
    return entry.unit, multiplier, end


def _pounds(text: str, end: int, match: NumberMatch) -> tuple[str, str, int]:
    """(unit, family, end): pounds are sterling with a scale word or "sterling", else weight."""
    sterling = _STERLING.match(text[end:])
    if sterling:
        return "GBP", "money", end + sterling.end()
    if match.scale.lower() in _WORD_SCALES:
        return "GBP", "money", end
    return "lb", "measure", end


_BRACKET_BEFORE_RATE = re.compile(r"[ \t]*\([^()\n]{1,40}\)")


def _rate(text: str, end: int, unit: str, lex: FigureLexicon, priced: bool) -> tuple[str, int]:
    """A rate after the unit: "USD" + " a barrel" -> "USD per barrel". A rate written after a
    conversion in brackets ("A$9 (US$5.85) per share") belongs to both amounts; the figure's span
    then stops before the bracket, which holds a figure of its own."""
    found = lex.rate_suffix.match(text[end:])
    if found is None:
        measure = _measure_denominator(text, end, lex) if priced else None
        if measure is not None:  # a price per unit of measure; a measure per measure is a compound
            return f"{unit} per {measure[0]}", measure[1]
        bracket = _BRACKET_BEFORE_RATE.match(text, end)
        later = lex.rate_suffix.match(text[bracket.end() :]) if bracket else None
        if bracket is None or later is None or _TIME_ADVERB.match(text[bracket.end() + later.end() :]):
            return unit, end
        return f"{unit} per {_denominator(later.group('den'), lex)}", end
    if _TIME_ADVERB.match(text[end + found.end() :]):
        return unit, end  # "$4.25 billion a year earlier" is no rate
    return f"{unit} per {_denominator(found.group('den'), lex)}", end + found.end()


_PER = re.compile(r"[ \t]*(?:per[ \t]+|/[ \t]*)", re.I)


def _measure_denominator(text: str, end: int, lex: FigureLexicon) -> tuple[str, int] | None:
    """(symbol, end) of a unit of measure after "per" or "/": "$0.20/W", "€45 per MWh"."""
    per = _PER.match(text, end)
    found = lex.unit_suffix.match(text, per.end()) if per else None
    if found is None or found.group("sep"):
        return None
    entry = suffix_entry(lex, found.group("unit"))
    return (entry.unit, found.end()) if entry is not None and entry.family == "measure" else None


def _denominator(word: str, lex: FigureLexicon) -> str:
    entry = suffix_entry(lex, word)
    if entry is not None and entry.family == "measure":
        return entry.unit  # "per sq m" -> "m²", "a barrel" -> "barrel", "per kilogram" -> "kg"
    denominator = word.lower()
    if denominator.endswith("s") and denominator[:-1] in lex.rate_denominators:
        denominator = denominator[:-1]
    return denominator


def _bound(text: str, start: int, end: int, lex: FigureLexicon) -> tuple[str, int, int]:
    """(bound, new start, new end) from bound words before or after the figure."""
    bound, new_start, new_end = "=", start, end
    window = text[max(0, start - 30) : start]
    before = lex.bound_before.search(window)
    if before and _MOVED_UP_TO.search(window[: before.end("bound")]):
        before = None  # "creeping back up to 3.1 percent" moves to a level, it does not cap it
    if before:
        bound = lex.bound_before_map[before.group("bound").lower()]
        new_start = start - (len(text[max(0, start - 30) : start]) - before.start("bound"))
    after = lex.bound_after.match(text[end : end + 20])
    if after and bound == "=":
        bound = lex.bound_after_map[after.group("bound").lower()]
        new_end = end + after.end()
    return bound, new_start, new_end


_MOVED_UP_TO = re.compile(
    r"\b(?:rose|risen|ris(?:e|es|ing)|climb\w*|jump\w*|gain\w*|grew|grow\w*|inch\w*|edg\w*|creep\w*|crept|"
    r"tick\w*|went|go(?:es|ing)?|came|com(?:e|es|ing)|shot|back|mov\w*|head\w*|push\w*|drift\w*|fell|"
    r"fall\w*|dropp?\w*|slipp?\w*|revis\w*)[ \t]+(?:up|down)[ \t]+to$",
    re.I,
)
_PERCENT_OF = re.compile(r"\b(?:per[ \t]?cent|percents?|percentage)[ \t]+of[ \t]+$", re.I)


def read_quantity(text: str, match: NumberMatch, lex: FigureLexicon) -> Reading:
    """The number with its currency, unit, rate and bound read off the surrounding text."""
    percent_of = _PERCENT_OF.search(text[max(0, match.span[0] - 20) : match.span[0]])
    if percent_of is not None:  # "per cent of 210" (a spoken form)
        start = match.span[0] - (len(text[max(0, match.span[0] - 20) : match.span[0]]) - percent_of.start())
        return Reading(
            start,
            match.span[1],
            match.span[0],
            match.span[1],
            match.value,
            match.value_max,
            "percent",
            "%",
            "percent",
            "=",
            match,
        )
    prefix = _prefix_currency(text, match, lex)
    match = _settle_scale(text, match, prefix is not None, lex)
    value, start, end = match.value, match.span[0], match.span[1]
    unit: str | None = None
    family = ""
    if prefix is not None:
        unit, family, start = prefix[0], "money", prefix[2]
        if prefix[1].upper().startswith("M") and prefix[1].upper() not in ("MX$", "MEX$", "MXN$"):
            value *= 1e6  # "MUSD 60"
    suffix = _suffix(text, end, lex)
    modifier = False
    if suffix is not None:
        entry, suffix_end, separator = suffix
        if entry.family in ("money", "money-million") and prefix is None:
            unit, multiplier, end = _money_suffix(text, suffix_end, entry, match)
            value, family = value * multiplier, "money"
        elif entry.family == "pounds" and prefix is None:
            unit, family, end = _pounds(text, suffix_end, match)
        elif entry.family == "subunit" and prefix is None:
            unit, family, end = entry.unit, "subunit", suffix_end
        elif prefix is None or entry.family == "percent":
            unit, family, end = entry.unit, entry.family, suffix_end
            modifier = entry.family == "time" and "-" in separator
            if family == "measure":
                unit, end = _compound(text, end, unit, lex)
    elif prefix is None:
        unit, family, end = _ambiguous_compound(text, end, lex)
        if family == "":
            unit, family, end = _qualified_subunit(text, end, lex)
    if family in ("money", "subunit", "measure", "time"):
        unit, end = _rate(text, end, unit or "", lex, family in ("money", "subunit"))
    bound, start, end = _bound(text, start, end, lex)
    value_max = match.value_max
    if value_max is not None and value != match.value:
        value_max = tidy(value_max * value / match.value)
    kind = _kind(family)
    return Reading(
        start,
        end,
        match.span[0],
        match.span[1],
        tidy(value),
        value_max,
        kind,
        unit,
        family,
        bound,
        match,
        modifier,
        prefix[1] if prefix else "",
    )


def _kind(family: str) -> str:
    if family in ("money", "subunit"):
        return "money"
    return UNIT_KINDS.get(family, "other")
