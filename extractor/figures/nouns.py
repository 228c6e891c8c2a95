"""What a bare number counts, read from the parse: "12 deserters", "30 million shares",
"tens of thousands of fans", "a third of the voters", "the number of deserters ... about 2,400
arrived", "Deaths rose to 1,234", an age in apposition ("Maddon, 66,"), and units left out
after "including" or "up from" ("6 million homes, including 1.5 million").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extractor.figures.filters import CALENDAR_WORDS, token_at
from extractor.figures.units import Reading
from extractor.support.spacy_utils import doc_text

_OF_AFTER = re.compile(r"^[ \t]+of\b", re.I)
_APPOSITIVE_AGE_BEFORE = re.compile(r"[A-Za-z][\w'.-]+,[ \t]*$")
_LEVEL_VERBS = frozenset({"reach", "total", "hit", "top", "exceed", "number", "surpass", "near"})
_AGED = re.compile(r"\b(?:aged|age)[ \t]+$", re.I)
_APPOSITIVE_AGE_AFTER = re.compile(r"^[ \t]*(?:[,)]|\.(?:\s|$))")  # "Lopez, 73," and "said Lopez, 73."
_TIME_NOUNS = frozenset(
    {
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "hour",
        "hours",
        "minute",
        "minutes",
        "decade",
        "decades",
        "quarter",
        "quarters",
    }
)
_DEICTIC = frozenset({"last", "next", "this", "that", "coming"})
_ELLIPSIS_BEFORE = re.compile(
    r"\b(?:from|including|includes|compared (?:with|to)|versus|vs\.?|against|to|and|of which|while|but)"
    r"[ \t]*$",
    re.I,
)
_OF_THEM = re.compile(r"[ \t]+of[ \t]+(?:them|those|these)\b", re.I)  # "133 of them"
_NOT_COUNTED = frozenset({"%", "percent", "cent", "per", "times", "time", "of"})


@dataclass(frozen=True, slots=True)
class Counted:
    """What a bare number counts, read from the parse."""

    unit: str
    kind: str  # count, measure (ages), other (fractions)
    time: bool  # the counted noun is a time word ("two years")


def _noun_phrase(doc: Doc, noun: Token, after: int) -> str:
    """The counted noun with the compounds and names before it: "North Koreans", "league games",
    "bus and tram drivers" (coordinated modifiers)."""
    start = noun.i
    while start - 1 > after and (doc[start - 1].dep_ in _COMPOUND_DEPS or doc[start - 1].pos_ == "PROPN"):
        if any(child.dep_ == "nummod" for child in doc[start - 1].children):
            break  # "two 300-metre towers": a modifier with its own number is a measure, not the noun
        start -= 1
    while start < noun.i and doc[start].dep_ in ("cc", "conj") and doc[start].pos_ not in ("NOUN", "PROPN"):
        start += 1  # a phrase starts with a noun, not "and" or "cleaning"
    return doc[start : noun.i + 1].text


def _noun_after(doc: Doc, start: int, limit: int = 5) -> tuple[int, int] | None:
    """The first noun group among the tokens from ``start`` (adjectives and "and" skipped):
    "digital and physical sales" -> "sales", "US population"; ``(first, last)`` token indexes."""
    i = start
    while i < len(doc) and i - start < limit and _skippable_before_noun(doc, i):
        if doc[i].pos_ == "VERB" and doc[i].dep_ != "amod":
            return None
        i += 1
    if i >= len(doc) or doc[i].pos_ not in ("NOUN", "PROPN", "PRON") or any(c.isdigit() for c in doc[i].text):
        return None
    if doc[i].lower_.rstrip(".") in CALENDAR_WORDS:
        return None  # "886 million Thursday"
    first = last = i
    if doc[i].pos_ == "PRON":  # "those screened", "them"
        follows = i + 1 < len(doc) and doc[i + 1].pos_ in ("VERB", "ADJ")
        return (i, i + 1) if follows else (i, i)
    while last + 1 < len(doc):
        nxt = doc[last + 1]
        if nxt.pos_ in ("NOUN", "PROPN") and nxt.dep_ != "appos" and not any(c.isdigit() for c in nxt.text):
            last += 1
        elif nxt.pos_ == "CCONJ" and last + 2 < len(doc) and doc[last + 2].pos_ in ("NOUN", "PROPN"):
            last += 2  # "Kia and Hyundai vehicles"
        else:
            break
    return first, last


def _skippable_before_noun(doc: Doc, i: int) -> bool:
    """Determiners, adjectives, "and", numbers and a scale letter glued to one ("4.3M")."""
    token = doc[i]
    if token.text in (",", ";", ":", ".", "(", ")"):
        return False
    glued_scale = (
        i > 0
        and doc[i - 1].like_num
        and token.idx == doc[i - 1].idx + len(doc[i - 1])
        and len(token) == 1
        and token.is_alpha  # a line break glued to the number ends the phrase
    )
    return (
        glued_scale
        or token.tag_ == "PRP$"
        or token.pos_ in ("ADJ", "ADV", "CCONJ", "DET", "NUM", "PUNCT", "VERB")
    )


def _of_phrase(doc: Doc, reading: Reading, plural_only: bool = False) -> str | None:
    """The noun after "of" in "tens of thousands of students", "a third of those screened"."""
    found = _OF_AFTER.match(doc_text(doc)[reading.end : reading.end + 6])
    if found is None:
        return None
    of = token_at(doc, reading.end + found.end() - 2)
    if of is None:
        return None
    objects = [child for child in of.children if child.dep_ == "pobj" and child.pos_ in ("NOUN", "PROPN")]
    if objects:  # "30 of the carrier's new jets": the object of "of", whatever stands before it
        head = objects[0]
        if plural_only and head.tag_ not in ("NNS", "NNPS"):
            return None
        return _noun_phrase(doc, head, of.i)
    group = _noun_after(doc, of.i + 1, limit=8)
    if group is None:
        return None
    head = doc[group[1]]
    if plural_only and (head.pos_ == "PRON" or head.tag_ not in ("NNS", "NNPS")):
        return None  # "the last 16 of the tournament", "12 of them"
    return doc[group[0] : group[1] + 1].text


_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod", "conj", "cc"})
_COMPOUND_DEPS = frozenset({"compound", "nmod", "conj", "cc"})


def _phrase_head(token: Token) -> Token:
    """The head of the noun phrase a noun modifies: "600 housekeeping and catering workers"
    attaches the number to "maintenance", a modifier of "workers", the noun counted."""
    while (
        token.dep_ in ("compound", "nmod") and token.head.i > token.i and token.head.pos_ in ("NOUN", "PROPN")
    ):
        token = token.head
    conjuncts = [child for child in token.children if child.dep_ == "conj" and child.i > token.i]
    if token.tag_ in ("NN", "NNP") and conjuncts and conjuncts[-1].i + 1 < len(token.doc):
        after = token.doc[conjuncts[-1].i + 1]  # "maintenance and cleaning | workers", misparsed
        if after.tag_ in ("NNS", "NNPS"):
            return after
    return token


def _head_noun(doc: Doc, reading: Reading) -> str | None:
    """The noun a number modifies ("12 deserters", "30 million shares", "4.3M digital sales")."""
    token = token_at(doc, reading.num_end - 1)
    if token is None:
        return None
    while token.dep_ in ("quantmod", "compound", "nummod", "nmod") and token.head.pos_ == "NUM":
        if token.head.i <= token.i:
            break
        token = token.head
    hyphenated = token.i + 1 < len(doc) and doc[token.i + 1].text == "-"  # "a 7.1-magnitude quake"
    head = token.head if hyphenated else _phrase_head(token.head)
    if token.dep_ in ("nummod", "compound", "amod", "nmod", "quantmod", "appos") and head.i > token.i:
        between = doc[token.i + 1 : head.i]
        plain = all(
            t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "CCONJ")
            or t.text == "-"
            or (t.pos_ == "VERB" and t.dep_ in _MODIFIER_DEPS)  # "housekeeping and catering workers"
            for t in between
        )
        timely = head.lower_ not in _TIME_NOUNS or not any(t.lower_ in _DEICTIC for t in between)
        if head.pos_ in ("NOUN", "PROPN") and head.idx >= reading.end and plain and timely:
            return _noun_phrase(doc, head, token.i)
    if token.i + 1 < len(doc) and doc[token.i + 1].lower_ in _DEICTIC:
        return None  # "2.1 last year": a time noun counts only right after the number
    group = _noun_after(doc, token.i + 1, limit=3)
    if group is None or doc[group[0]].pos_ == "PRON" or doc[group[1]].lower_ in _TIME_NOUNS:
        return None
    return doc[group[0] : group[1] + 1].text


def _or_more(doc: Doc, reading: Reading) -> str | None:
    """ "a winger or two", "a kite or two": the number after "a NOUN or" counts that noun."""
    token = token_at(doc, reading.num_start)
    if token is None or token.i < 3 or doc[token.i - 1].lower_ != "or":
        return None
    noun, determiner = doc[token.i - 2], doc[token.i - 3]
    if noun.tag_ != "NN" or not noun.is_alpha or determiner.lower_ not in ("a", "an", "another", "one"):
        return None  # "30k or 45k": no noun before the "or"
    return noun.text


def _number_of(doc: Doc, sentence: Span, reading: Reading) -> str | None:
    """ "The annual number of deserters ... when about 2,400 arrived": the noun the sentence counts."""
    token = token_at(doc, reading.num_end - 1)
    if token is None or token.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return None
    for candidate in sentence:
        if candidate.lower_ in ("number", "numbers", "total", "count") and candidate.i < token.i:
            for prep in candidate.children:
                if prep.lower_ == "of":
                    objects = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
                    if objects:
                        return _noun_phrase(doc, objects[0], prep.i)
    return None


def _subject_of(doc: Doc, reading: Reading) -> str | None:
    """ "Deaths rose to 1,234 from 1,100", "Exports reached 1,200": the plural subject counted."""
    token = token_at(doc, reading.num_end - 1)
    if token is None:
        return None
    verb = token.head
    if token.dep_ == "pobj" and verb.lower_ in ("to", "from", "at"):
        verb = verb.head
    elif token.dep_ not in ("dobj", "attr"):
        return None
    if verb.pos_ not in ("VERB", "AUX") or (token.dep_ == "dobj" and verb.lemma_ not in _LEVEL_VERBS):
        return None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("NNS", "NNPS")]
    return _noun_phrase(doc, subjects[0], subjects[0].i - 4) if subjects else None


def counted_noun(doc: Doc, sentence: Span, reading: Reading) -> Counted | None:
    """What a bare number counts, or its age in an apposition ("Maddon, 66,")."""
    if reading.family:
        return None
    text = doc_text(doc)
    after = text[reading.end : reading.end + 12]
    if reading.match.fraction:
        noun = _of_phrase(doc, reading)
        return Counted(f"share of {noun}" if noun else "share", "other", False)
    times = re.match(r"^[ \t]+times\b", after, re.I)
    if times:
        return Counted("times", "other" if _multiplies(doc, reading.end + times.end()) else "count", False)
    noun = None
    if reading.match.value_max is not None or reading.match.scale == "dozens":
        noun = _of_phrase(doc, reading)
    elif _OF_AFTER.match(after):
        noun = _of_phrase(doc, reading, plural_only=True)
    noun = noun or _or_more(doc, reading) or _head_noun(doc, reading)
    noun = noun or _number_of(doc, sentence, reading) or _subject_of(doc, reading)
    if noun is not None and noun.lower() not in _NOT_COUNTED:
        head = noun.split()[-1].lower()
        return Counted(noun, "count", head in _TIME_NOUNS)
    if _is_appositive_age(text, reading) or _AGED.search(text[max(0, reading.start - 8) : reading.start]):
        return Counted("years old", "measure", False)
    return None


_RATIO_TAGS = frozenset({"JJR", "RBR", "DT", "PDT", "PRP$", "WP"})
_OCCASION_WORDS = frozenset({"a", "an", "each", "every", "per", "last", "next", "this", "past", "since"})


def _multiplies(doc: Doc, end: int) -> bool:
    """ "four times higher", "40 times the safe level", "20 times your earnings", "three times as
    many": a multiple of another amount (kind ``other``), not a count of occasions ("visited five
    times", "spins 900 times a minute", "three times last year")."""
    following = token_at(doc, end + 1) if end + 1 < len(doc_text(doc)) else None
    if following is None or following.lower_ in _OCCASION_WORDS or following.lower_ in _TIME_NOUNS:
        return False
    if following.tag_ in _RATIO_TAGS:
        return True
    if following.pos_ == "ADJ" and following.i + 1 < len(doc):
        following = doc[following.i + 1]  # "20 times annual earnings"
    return following.tag_ in _RATIO_TAGS or following.lower_ in ("as", "over") or following.pos_ == "NOUN"


def _is_appositive_age(text: str, reading: Reading) -> bool:
    value = reading.value
    return (
        bool(reading.match.digits)
        and value.is_integer()
        and 1 <= value < 120
        and _APPOSITIVE_AGE_BEFORE.search(text[max(0, reading.start - 30) : reading.start]) is not None
        and _APPOSITIVE_AGE_AFTER.match(text[reading.end : reading.end + 3]) is not None
    )


def inherit_elided_units(text: str, kept: list[Reading], units: list[str | None], kinds: list[str]) -> None:
    """ "6 million homes, including 1.5 million", "400 fugitives were found, 130 of them abroad": a
    bare number after "including", "from", "and" ... or before "of them" counts what a previous
    figure of the same magnitude counts."""
    for k, reading in enumerate(kept):
        if units[k] is not None or reading.family or reading.match.fraction or reading.value <= 0:
            continue
        before = _ELLIPSIS_BEFORE.search(text[max(0, reading.start - 20) : reading.start])
        if not before and not _OF_THEM.match(text, reading.end):
            continue
        for j in range(k - 1, -1, -1):
            other = kept[j]
            similar = other.value > 0 and 0.1 <= reading.value / other.value <= 10
            if units[j] and kinds[j] in ("count", "money", "measure", "percent") and similar:
                units[k], kinds[k] = units[j], kinds[j]
                break
