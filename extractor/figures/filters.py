"""Numbers that are not figures: dates, times, years, phone numbers, addresses, names, ordinals.

Two kinds of test: :func:`masked_spans` finds whole shapes in the text (a time "10:45 pm", an
ISO timestamp, a phone number, a URL) whose numbers are never figures; :func:`is_not_a_figure`
looks at one read number in its parsed sentence ("G20", "Boeing 737", "in 2003", "July 1",
"the two countries", "a third country").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from extractor.figures.lexicon import FigureLexicon
from extractor.figures.units import Reading
from extractor.support.spacy_utils import doc_text, entity_of

_WEB_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.I)  # URLs and e-mail addresses
_DIGIT = re.compile(r"\d")
_DIGIT_MASK_PATTERNS = tuple(  # each needs a digit
    re.compile(p, re.I)
    for p in (
        r"\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{1,2}:?\d{2})?)?",  # ISO dates and timestamps
        r"\b\d{1,4}([/.-])\d{1,2}\1\d{2,4}\b",  # 5/17/2018, 01.07.2020
        r"(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:\s?[ap]\.?\s?m\b\.?)?",  # 10:45, 9:01 p.m.
        r"(?<![\d.,])\d{1,2}(?:\.\d{2})?\s?(?:[ap]\.m\.|[ap]m\b)",  # 10.45pm, 5 am, 6 p.m.
        r"[+-]\d{1,2}:\d{2}\b",  # time zone offsets
        r"\b\d{1,3}(?:\.\d{1,3}){3}\b",  # IP addresses
        r"\+\d[\d\s().-]{7,}\d(?:/\d+)?",  # +1-222-2222 phone numbers
        r"\(?\b\d{3}\)?[\s.-]\d{3}-\d{4}\b|\b\d{3,4}-\d{3,4}-\d{3,4}\b",  # (555) 123-4567
        r"\b(?:page|photo|image|slide|picture|pic|video|step|part)\s+\d+\s+(?:of|/)\s+\d+\b",  # furniture
        r"\b\d+(?:st|nd|rd|th)\b",  # ordinals
        r"(?:\b|')(?:1[5-9]|20)?\d0'?s\b",  # decades: 1970s, '90s
        r"\b(?:24/7|9/11)\b",  # fixed expressions, not fractions
        r"=\"\d+\"|\b\d{16,}\b",  # markup attribute values and long identifiers
        r"\b0\d{2,4}[ -]\d{3}[ -]?\d{3,4}\b",  # 0800 123 456 (national phone numbers)
    )
)
_ENUMERATOR = re.compile(r"(?:^|(?<=[\s,;:]))\d{1,2}\)(?=\s)")
_HYPHEN_PREFIXES = frozenset(
    {
        "minus",
        "sub",
        "over",
        "under",
        "about",
        "around",
        "nearly",
        "some",
        "then",
        "now",
        "mid",
        "up",
        "top",
        "us",
        "usd",
        "rs",
    }
)
_NAME_MARKERS = frozenset(
    {
        "no",
        "no.",
        "nr",
        "nr.",
        "nos",
        "#",
        "number",
        "vol",
        "vol.",
        "ch",
        "ch.",
        "p",
        "p.",
        "pp.",
        "art",
        "art.",
        "sec",
        "sec.",
        "route",
        "highway",
        "exit",
        "flight",
        "unit",
        "room",
        "gate",
        "platform",
        "level",
        "tier",
        "grade",
        "class",
        "version",
        "v",
        "model",
        "generation",
        "season",
        "episode",
        "chapter",
        "article",
        "section",
        "rule",
        "clause",
        "act",
        "amendment",
        "game",
        "round",
        "stage",
        "phase",
        "category",
        "division",
    }
)
_MONTHS = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)
CALENDAR_WORDS = _MONTHS | {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thurs",
    "fri",
    "sat",
    "sun",
    "today",
    "yesterday",
    "tomorrow",
}
_SIZE_WORDS = frozenset({"strong", "magnitude", "plus", "odd", "fold", "times"})
_STREET = re.compile(
    r"^(?:\s+[A-Z][\w.]*){1,4}\s+(?:St|Street|Rd|Road|Ave|Avenue|Blvd|Boulevard|Lane|Ln|Drive|Dr|Way|Place|Pl|"
    r"Court|Ct|Terrace|Square|Sq|Parkway|Highway|Hwy|Close|Crescent|Row)\b\.?"
)
_STREET_FIRST = re.compile(r"^\s+(?:Ave|Avenue|Rue|Via|Calle|Avenida|Boulevard|Blvd|Plaza|Piazza)\.?\s+[A-Z]")
_BRACKET_CODE = re.compile(r"\([A-Za-z0-9]{1,2}\)")  # "401(k)", "501(c)(3)": a code, not a number
_LIST_MARKER_AFTER = re.compile(r"[.)][ \t]+\S")
_PAIR_WORDS = frozenset({"two", "both"})  # "the two countries": a pair named again, not counted
_SINGULAR_ORDINAL_END = re.compile(
    r"(?:third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth|hundredth|thousandth)$", re.I
)


def masked_spans(text: str, offset: int) -> list[tuple[int, int]]:
    """Absolute spans of shapes whose numbers are never figures (times, dates, phones ...)."""
    spans = [(offset + m.start(), offset + m.end()) for m in _WEB_ADDRESS.finditer(text)]
    if not _DIGIT.search(text):
        return spans
    for pattern in _DIGIT_MASK_PATTERNS:
        spans.extend((offset + m.start(), offset + m.end()) for m in pattern.finditer(text))
    for m in _ENUMERATOR.finditer(text):  # "2) realizes ..." with no "(" open before it
        if "(" not in text[max(0, m.start() - 40) : m.start()].rsplit(")", 1)[-1]:
            spans.append((offset + m.start(), offset + m.end()))
    return spans


def overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def token_at(doc: Doc, char: int) -> Token | None:
    """The token covering a character offset (None between tokens)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def is_year(reading: Reading) -> bool:
    """A bare four-digit number from 1000 to 2100 is a year ("in 2003", "an active 2017")."""
    digits = reading.match.digits
    return (
        len(digits) == 4
        and digits.isdigit()
        and 1000 <= reading.match.value <= 2100
        and reading.family in ("", "time")
        and not reading.prefix
    )


def _glued_to_name(text: str, reading: Reading) -> bool:
    """Numbers inside names and codes: "G20", "COVID-19", "XC40", "5G", "777F", "4K"."""
    start, end = reading.num_start, reading.num_end
    if reading.match.scale == "K" and re.fullmatch(r"\dK", text[start:end]):
        return True  # "4K", "8K" screens and "5K" runs are names
    if not reading.prefix and start > 0 and text[start - 1].isalpha():
        return True
    if not reading.prefix and start > 1 and text[start - 1] == "-" and text[start - 2].isalnum():
        word = re.search(r"([A-Za-z]+)-$", text[max(0, start - 12) : start])
        if word is None or word.group(1).lower() not in _HYPHEN_PREFIXES:
            return True
    if reading.family == "" and end < len(text) and (text[end].isalpha() or text[end] in "_/"):
        return not reading.match.scale  # "35m" folded a scale; "5G" is a name
    return reading.family == "" and _BRACKET_CODE.match(text, end) is not None


def _model_number(doc: Doc, reading: Reading) -> bool:
    """ "the 787 Dreamliner", "a 737 MAX": a bare number naming the product after it."""
    digits = reading.match.digits
    if reading.family or not digits.isdigit() or len(digits) < 3 or reading.bound != "=":
        return False
    last = token_at(doc, reading.num_end - 1)
    if last is None or last.i + 1 >= len(doc):
        return False
    after = doc[last.i + 1]
    following = doc[after.i + 1] if after.i + 1 < len(doc) else None
    named = after.tag_ == "NNP" and after.text[:1].isupper()
    return named and (following is None or following.pos_ not in ("NOUN", "PROPN"))


def _named_by_token_before(doc: Doc, reading: Reading) -> bool:
    """ "Boeing 737", "Stoxx 600", "No. 1", "Game 7": a bare number right after a name."""
    if reading.family or reading.match.fraction:
        return False
    first = token_at(doc, reading.num_start)
    if first is None or first.i == 0:
        return False
    before = doc[first.i - 1]
    if before.lower_ in _NAME_MARKERS and (before.is_title or before.lower_ in ("#", "no.", "nr.")):
        return True
    if before.lower_ in _MONTHS or before.is_sent_start or before.ent_type_ in ("DATE", "TIME"):
        return False
    capitalised = before.text[:1].isupper() and any(c.isalpha() for c in before.text)
    return before.pos_ == "PROPN" and capitalised and first.ent_type_ != "PERCENT"


def _in_date_or_time(doc: Doc, reading: Reading, counted_time: bool, counts: bool = False) -> bool:
    """Numbers of a DATE/TIME entity that is not a duration ("July 1", "Sept. 20-24")."""
    if reading.family in ("time", "age", "money", "percent", "measure") or counted_time:
        return False
    value = reading.value
    day_or_year = value.is_integer() and (1 <= value <= 31 or 1000 <= value <= 2100)
    if not reading.match.digits or not day_or_year:
        return False  # NER calls many plain numbers DATE; only days and years can be parts of dates
    token = token_at(doc, reading.num_start)
    if token is None or token.ent_type_ not in ("DATE", "TIME"):
        return False
    if counts:  # "Between 10 and 12 ships": a count, unless its entity names a month, weekday or year
        entity = entity_of(token)
        words = {t.lower_.rstrip(".") for t in entity} if entity is not None else set()
        return bool(words & CALENDAR_WORDS) or any(t.like_num and len(t.text) == 4 for t in entity or [])
    return True


def _address(text: str, reading: Reading) -> bool:
    after = text[reading.end : reading.end + 60]
    return reading.family == "" and (
        _STREET.match(after) is not None or _STREET_FIRST.match(after) is not None
    )


def _compound_modifier(doc: Doc, text: str, reading: Reading) -> bool:
    """ "a three-man race", "a ten-point lead", "the 30-share index", "a two-class cabin": a number
    inside a compound adjective describes the noun after it; it states no statistic."""
    if reading.family or reading.match.fraction or reading.match.scale or not reading.value.is_integer():
        return False  # "a 7.1-magnitude quake" states its size
    found = re.match(r"-([a-z]+)[ \t]+[A-Za-z]", text[reading.num_end : reading.num_end + 30])
    if found is None or found.group(1) in _SIZE_WORDS:
        return False  # "a 5,000-strong crowd"
    word = token_at(doc, reading.num_end + 1)
    if word is not None and word.tag_:
        return word.tag_ not in ("NNS", "NNPS")  # "ten-days" would be a plural: a count after all
    return not found.group(1).endswith("s")


def _definite_small_count(doc: Doc, text: str, reading: Reading) -> bool:
    """ "the two countries", "both sides": a definite pair names things met before; it is no
    statistic. A larger definite count ("the five companies") still tells how many."""
    words = text[reading.num_start : reading.num_end].lower()
    if words not in _PAIR_WORDS or reading.bound != "=" or reading.family:
        return False
    return (
        re.search(r"\b(?:the|these|those|both)\s+$", text[max(0, reading.start - 8) : reading.start], re.I)
        is not None
    )


_COUNTING_BEFORE = re.compile(r"\b(?:only|just|exactly|merely|a mere|but|than|least)[ \t]+$", re.I)
_PICKING_BEFORE = frozenset({"no", "any", "every", "each", "the", "this", "that", "which"})
_OR_MORE = re.compile(r"[ \t]+or[ \t]+(?:more|other|another)\b", re.I)


def _determiner_one(doc: Doc, text: str, reading: Reading, lex: FigureLexicon) -> bool:
    """ "one of the officers", "at one point", "no one", "one such plume", "the one you mentioned":
    "one" as a determiner or pronoun picks a thing out; it counts nothing. "Only one bank", "one
    person died" (a count in a subject or object) stay figures."""
    words = text[reading.num_start : reading.num_end].lower()
    if words not in ("one", "a", "an") or reading.family or reading.value_max is not None:
        return False
    end = reading.num_end
    more = _OR_MORE.match(text, end)
    following = re.match(r"[ \t]+([A-Za-z]+)", text[more.end() if more else end :])
    next_word = following.group(1).lower() if following else ""
    if next_word == "of" or next_word in lex.one_idioms:
        return True  # "one of the", "one or more of those", "one such", "one another"
    token = token_at(doc, reading.num_start)
    if token is None:
        return True
    if token.i > 0 and doc[token.i - 1].lower_ in _PICKING_BEFORE:
        return True  # "no one", "every one", "the one on which"
    if not (token.dep_ == "nummod" and token.head.pos_ in ("NOUN", "PROPN") and token.head.i > token.i):
        return True  # a pronoun: "help find one"
    if token.head.tag_ in ("NNS", "NNPS"):
        return True  # "if one steps back": one counts no plural, so it is the pronoun
    counted = _COUNTING_BEFORE.search(text[max(0, reading.num_start - 12) : reading.num_start]) is not None
    return token.head.dep_ == "pobj" and not counted  # "at one point", "according to one estimate"


def _places_in_time(text: str, reading: Reading, lex: FigureLexicon) -> bool:
    """ "two years later", "six months ago", "in the past two years", "the next three weeks": a
    duration that only places an event in time is a date (CONTRACT), not a measured quantity."""
    if lex.placement_after.match(text, reading.end) is not None:
        return True
    return lex.placement_before.search(text[max(0, reading.start - 24) : reading.start]) is not None


def _list_marker(text: str, reading: Reading) -> bool:
    """ "1. Define your goal", "3) Cut costs": a number that opens a line and is followed by a
    full stop or bracket numbers an item of a list."""
    digits = reading.match.digits
    if not digits.isdigit() or len(digits) > 3 or reading.start != reading.num_start or reading.family:
        return False
    line_start = text.rfind("\n", 0, reading.start) + 1
    if text[line_start : reading.start].strip(" \t\u00a0"):
        return False
    return _LIST_MARKER_AFTER.match(text, reading.num_end) is not None


def _designation(doc: Doc, reading: Reading, lex: FigureLexicon) -> bool:
    """ "five 787 jets", "the 777 program", "a 529 plan": a number that names a model, plan or
    programme. It follows another number, or it stands between a determiner and a singular noun
    that a count above one would put in the plural."""
    digits = reading.match.digits
    if reading.family or not digits.isdigit() or reading.value < 2:
        return False
    first, last = token_at(doc, reading.num_start), token_at(doc, reading.num_end - 1)
    if first is None or last is None or last.i + 1 >= len(doc):
        return False
    after = doc[last.i + 1]
    if not after.text[:1].isalpha():
        return False
    before = doc[first.i - 1] if first.i > 0 else None
    if before is not None and before.like_num and before.idx + len(before.text) + 1 >= first.idx:
        return after.lower_ not in ("and", "or", "to")  # "five 787 jets", "some 400 737 Max jets"
    head = last.head
    singular = head.tag_ in ("NN", "NNP") and head.lower_ not in lex.collective_nouns
    if len(digits) < 3 or last.dep_ not in ("nummod", "compound") or head.i < last.i or not singular:
        return False
    return head.lower_ not in lex.time_units and _determined(doc, first.i)


def _determined(doc: Doc, i: int) -> bool:
    """A determiner or possessive opens the phrase before token i ("the popular 777", "its 529",
    "the embattled 320")."""
    j = i - 1
    while j >= 0 and (doc[j].pos_ in ("ADJ", "ADV") or doc[j].dep_ == "amod") and i - j <= 3:
        j -= 1
    return j >= 0 and (doc[j].tag_ in ("DT", "PRP$", "POS", "WP$") and doc[j].lower_ not in ("some", "all"))


def _ordinal_not_fraction(text: str, reading: Reading) -> bool:
    """ "a third country", "a fifth term": an ordinal adjective, not a fraction."""
    if not reading.match.fraction or not _SINGULAR_ORDINAL_END.search(
        text[reading.num_start : reading.num_end]
    ):
        return False
    after = re.match(r"[\s-]*([A-Za-z]+)", text[reading.num_end : reading.num_end + 30])
    return after is not None and after.group(1).lower() not in ("of", "and", "or", "in", "to", "as", "than")


def is_not_a_figure(
    doc: Doc, reading: Reading, lex: FigureLexicon, counted_time: bool, counts: bool = False
) -> bool:
    """True when the read number is a year, date, name, code, list marker, address, ordinal,
    pronoun or a duration that only places an event in time.

    ``counted_time``: the number counts a time unit or is an age ("three months"), so a DATE
    entity around it is a duration; ``counts``: the number counts a noun ("12 ships").
    """
    text = doc_text(doc)
    if reading.modifier or _list_marker(text, reading):
        return True
    if is_year(reading) and not counted_time:
        return True
    if (reading.family == "time" or counted_time) and _places_in_time(text, reading, lex):
        return True
    return (
        _glued_to_name(text, reading)
        or _named_by_token_before(doc, reading)
        or _model_number(doc, reading)
        or _designation(doc, reading, lex)
        or _in_date_or_time(doc, reading, counted_time, counts)
        or _address(text, reading)
        or _compound_modifier(doc, text, reading)
        or _definite_small_count(doc, text, reading)
        or _determiner_one(doc, text, reading, lex)
        or _ordinal_not_fraction(text, reading)
    )
