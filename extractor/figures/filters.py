"""Numbers that are not figures: dates, times, years, phone numbers, addresses, names, ordinals.

Two kinds of test: :func:`masked_spans` finds whole shapes in the text (a time "10:45 pm", an
ISO timestamp, a phone number, a URL) whose numbers are never figures; :func:`is_not_a_figure`
looks at one read number in its parsed sentence ("G20", "Boeing 737", "in 2003", "July 1",
"the two countries", "a third country").
"""

from __future__ import annotations

import re
from itertools import pairwise

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
        r"\b0\d{2,4}(?:[ -]\d{2,4}){2,3}\b",  # 0800 123 456, 0845 6021 337 (national phone numbers)
        r"(?<![\d.,])(?<!\d[ \u202f\u00a0])0\d+(?![\d.,]*\d)",  # 007, 0158: a leading zero makes a code
        r"\b(?!\d{1,3}(?:\.\d{3})+\b)\d+(?:\.\d+){2,}[a-z]?\b",  # versions: 3.6.0, 0.9.7c (not 1.234.567)
        r"\[\d{1,3}\]",  # footnote and citation markers: "[5]"
        r"(?<![\d:.,])\d{1,3}:\d{1,3}(?![\d:]|\.\d)",  # ratios and scores: 4:3, 3:1
        r"\b(?:240|360|480|576|720|1080|1440|2160|4320)[pi]\b",  # video resolutions: 1080p, not pence
    )
)
_YEAR_PAIR = re.compile(r"(?<![\d.,])((?:1[89]|20)\d{2})[ \t]?[/\u2013-][ \t]?(\d{4}|\d{2})(?![\d.,]?\d)")
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
        "figure",
        "fig",
        "fig.",
        "table",
        "chart",
        "graph",
        "exhibit",
        "appendix",
        "example",
        "item",
        "page",
        "track",
    }
)
_LOWER_CASE_NAME_MARKERS = frozenset(
    {
        "#",
        "no.",
        "nr.",
        "model",
        "version",
        "flight",
        "route",
        "highway",
        "exit",
        "room",
        "gate",
        "platform",
        "season",
        "episode",
        "chapter",
        "section",
        "article",
        "amendment",
        "phase",
        "stage",
        "tier",
        "grade",
        "category",
        "division",
        "figure",
        "table",
        "page",
        "track",
        "item",
    }
)  # "a model 2250 meter", "in season 3": names even in lower case ("for example 5" is no name)
_PLACES_AND_GROUPS = frozenset({"GPE", "LOC", "FAC", "NORP"})
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
_SUSPENDED_HYPHEN = re.compile(r"-[ \t]*(?:,|and\b|or\b|to\b)")
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
    spans.extend((offset + m.start(), offset + m.end()) for m in _YEAR_PAIR.finditer(text) if _next_year(m))
    for m in _ENUMERATOR.finditer(text):  # "2) realizes ..." with no "(" open before it
        if "(" not in text[max(0, m.start() - 40) : m.start()].rsplit(")", 1)[-1]:
            spans.append((offset + m.start(), offset + m.end()))
    return spans


_FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_LINE = re.compile(r"[^\n]+")
_LIST_GAP = re.compile(r"[,;]|\b(?:and|or|to)\b", re.I)


def data_rows(doc: Doc, start: int, end: int, numbers: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the lines between ``start`` and ``end`` that are rows of a table (a stock table,
    results, a calendar): three numbers or more, side by side like cells (no comma or "and"
    between them), numbers for two words in five at least, and no finite verb. Their numbers
    are data, not figures a sentence states."""
    rows = []
    text = doc_text(doc)
    for line in _LINE.finditer(text, start, end):
        inside = [(s, e) for s, e in numbers if line.start() <= s < line.end()]
        cells = line.group().split()
        if len(inside) < 3 or sum(1 for cell in cells if _DIGIT.search(cell)) < max(3, 0.4 * len(cells)):
            continue
        if any(_LIST_GAP.search(text[a[1] : b[0]]) for a, b in pairwise(inside)):
            continue  # "notes of 5 €, 10 € and 20 €": a list written in a sentence
        words = doc.char_span(line.start(), line.end(), alignment_mode="expand")
        if words is not None and not any(t.tag_ in _FINITE_VERB_TAGS for t in words):
            rows.append(line.span())
    return rows


def _next_year(pair: re.Match[str]) -> bool:
    """ "2031/32", "2030-31", "2009/2010": a season or fiscal year names a span of time (a date)."""
    first, second = pair.group(1), pair.group(2)
    following = (int(first) + 1) % (100 if len(second) == 2 else 10_000)
    return int(second) == following


def overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def token_at(doc: Doc, char: int) -> Token | None:
    """The token covering a character offset (None between tokens)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def is_year(reading: Reading) -> bool:
    """A bare four-digit number from 1000 to 2100 is a year ("in 2003", "an active 2017")."""
    digits = reading.match.digits
    if reading.value_max is not None and not 1000 <= reading.value_max <= 2100:
        return False  # "between 2000-2500 people": a range of counts, not of years
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


def _named_by_token_before(doc: Doc, reading: Reading, lex: FigureLexicon) -> bool:
    """ "Boeing 737", "Stoxx 600", "No. 1", "Game 7": a bare number right after a name."""
    if reading.family or reading.match.fraction or reading.match.scale:
        return False  # "the IMF 2 billion loan": an amount
    first = token_at(doc, reading.num_start)
    if first is None or first.i == 0:
        return False
    before = doc[first.i - 1]
    lower_case_name = before.lower_ in _LOWER_CASE_NAME_MARKERS and bool(reading.match.digits)
    if before.lower_ in _NAME_MARKERS and (before.is_title or before.is_upper or lower_case_name):
        return True  # "Game 7", "a model 2250 meter"; but "version three" is still read out
    if before.lower_ in _MONTHS or before.is_sent_start or before.ent_type_ in ("DATE", "TIME"):
        return False
    if _acronym(before, lex) and (
        reading.match.digits.count(".") == 1 or first.i + 1 == len(doc) or _names(doc[first.i + 1])
    ):
        return True  # "USB 3.1", "FEAR FACTOR 9": a version or a grade after an acronym
    capitalised = any(c.isupper() for c in before.text) and any(c.isalpha() for c in before.text)
    if (
        before.ent_type_ in _PLACES_AND_GROUPS
        and first.head.tag_ in ("NNS", "NNPS")
        and first.head.i > first.i
    ):
        return False  # "in the UK 10,000 people died": a place before a count
    return before.pos_ == "PROPN" and capitalised and first.ent_type_ != "PERCENT"


def _acronym(token: Token, lex: FigureLexicon) -> bool:
    """An upper-case word that is no place or people ("USB", "PS", not "UK" or "EU")."""
    if not (token.is_upper and token.is_alpha and len(token) > 1) or token.ent_type_ in _PLACES_AND_GROUPS:
        return False
    return token.text not in lex.prefix_codes  # "20 USD 40" is money, not a name


def _names(token: Token) -> bool:
    """The word after a number that a designation is followed by: a singular noun or no noun."""
    return token.tag_ not in ("NNS", "NNPS", "CD") and not token.like_num


def _day_after_month(doc: Doc, reading: Reading) -> bool:
    """ "MARCH 14", "Oct. 3": a day number after a month's name is a date, whatever the entity
    recogniser says ("may 5" in lower case is the verb, not the month)."""
    value = reading.value
    if reading.family or not reading.match.digits or not value.is_integer() or not 1 <= value <= 31:
        return False
    first = token_at(doc, reading.num_start)
    before = doc[first.i - 1] if first is not None and first.i > 0 else None
    return before is not None and before.lower_.rstrip(".") in _MONTHS and not before.is_lower


def _in_date_or_time(doc: Doc, reading: Reading, counted_time: bool, counts: bool = False) -> bool:
    """Numbers of a DATE/TIME entity that is not a duration ("July 1", "Sept. 20-24")."""
    if reading.family in ("time", "age", "money", "percent", "measure") or counted_time:
        return False
    value = reading.value
    top = reading.value_max if reading.value_max is not None else value
    day_or_year = all(v.is_integer() and (1 <= v <= 31 or 1000 <= v <= 2100) for v in (value, top))
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
    if _SUSPENDED_HYPHEN.match(text, reading.num_end):
        return True  # "two-, three- and four-bedroom homes": the compound is written once, at the end
    found = re.match(r"-([a-z]+)[ \t]+[A-Za-z]", text[reading.num_end : reading.num_end + 30])
    if found is None or found.group(1) in _SIZE_WORDS:
        return False  # "a 5,000-strong crowd"
    word = token_at(doc, reading.num_end + 1)
    if word is not None and word.tag_:
        return word.tag_ not in ("NNS", "NNPS")  # "ten-days" would be a plural: a count after all
    return not found.group(1).endswith("s")


def _definite_small_count(text: str, reading: Reading) -> bool:
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


_HYPHENATED_UNIT = re.compile(r"[ \t]?-[ \t]?[^\W\d]")
_PHRASE_DEPS = frozenset({"compound", "nmod", "amod", "conj", "npadvmod"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})  # a named place is one thing whose size is a fact


def _product_size(doc: Doc, text: str, reading: Reading) -> bool:
    """ "the new 14-inch Chromebook Flip", "the 14-inch is lighter": a measure written as a compound
    adjective before a product's name, or standing for the product, names a model; it is not
    the size of one thing ("a 300-metre tower", "the 3,100-kilometre-wide moon" state a size)."""
    if reading.family != "measure" or reading.bound != "=":
        return False
    if not _HYPHENATED_UNIT.match(text, reading.num_end):
        return False
    unit = token_at(doc, reading.end - 1)
    if unit is None or (unit.i + 1 < len(doc) and doc[unit.i + 1].text == "-"):
        return False  # "the 3,100-kilometre-wide moon": a dimension of one thing
    first = token_at(doc, reading.num_start)
    before = doc[first.i - 1] if first is not None and first.i > 0 else None
    head = unit
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head  # "13-inch and 16-inch laptops": the first size carries the phrase
    while head.dep_ in _PHRASE_DEPS and head.head.i > head.i:
        head = head.head
    if head.i <= unit.i:  # the size used as a noun names the model
        return before is not None and before.tag_ in ("DT", "PRP$")
    return any(_product_name(token) for token in doc[unit.i + 1 : head.i + 1])


def _product_name(token: Token) -> bool:
    """A word of a product's name ("Chromebook", "Galaxy"), not of a place ("the 6,300-km Yangtze")."""
    return token.pos_ == "PROPN" and token.is_alpha and len(token) > 1 and token.ent_type_ not in _PLACES


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
        or _named_by_token_before(doc, reading, lex)
        or _model_number(doc, reading)
        or _designation(doc, reading, lex)
        or _in_date_or_time(doc, reading, counted_time, counts)
        or _day_after_month(doc, reading)
        or _address(text, reading)
        or _product_size(doc, text, reading)
        or _compound_modifier(doc, text, reading)
        or _definite_small_count(text, reading)
        or _determiner_one(doc, text, reading, lex)
        or _ordinal_not_fraction(text, reading)
    )
