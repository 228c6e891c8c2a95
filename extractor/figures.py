"""The figure stage: every number in a parsed article that states a fact, as a :class:`Figure`.

Per sentence: find the numbers (:mod:`extractor.numbers`), drop shapes that are never figures
(times, dates, phone numbers, URLs), read each number's currency, unit, rate and bound
(:mod:`extractor.figures_units`), join ranges ("10 to 12 per cent"), drop years, names and
ordinals (:mod:`extractor.figures_filters`), name what a bare count counts from the parse
("12 deserters", "the number of deserters ... about 2,400 arrived"), and attach changes
(:mod:`extractor.figures_changes`): a percentage that only states another figure's change
becomes that figure's ``change``.

The link stage fills ``id``, ``period``, ``source``, the change's ``reference`` and ``summary``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from extractor.figures_changes import ChangeCue, change_cue, change_target, multiplier_changes
from extractor.figures_filters import is_not_a_figure, is_year, masked_spans, overlaps, token_at
from extractor.figures_lexicon import FigureLexicon, figure_lexicon
from extractor.figures_units import Reading, read_quantity
from extractor.numbers import NumberMatch, scale_factor, scan_numbers
from extractor.records import Change, Figure

__all__ = ["find_figures"]

_RANGE_GAP = re.compile(r"^[ \t]*(?:-|–|—|to|and|through|thru)[ \t]*$", re.I)
_OF_AFTER = re.compile(r"^[ \t]+of\b", re.I)
_APPOSITIVE_AGE_BEFORE = re.compile(r"[A-Z][\w'.-]+,[ \t]*$")
_APPOSITIVE_AGE_AFTER = re.compile(r"^[ \t]*[,)]")
_TIME_NOUNS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
                         "minute", "minutes", "decade", "decades", "quarter", "quarters"})
_DEICTIC = frozenset({"last", "next", "this", "that", "previous", "past", "coming"})
_ELLIPSIS_BEFORE = re.compile(
    r"\b(?:from|including|includes|compared (?:with|to)|versus|vs\.?|against|to|and|of which|while|but)[ \t]*$",
    re.I,
)
_NOT_COUNTED = frozenset({"%", "percent", "cent", "per", "times", "time", "of"})


@dataclass(frozen=True, slots=True)
class _Counted:
    """What a bare number counts, read from the parse."""

    unit: str
    kind: str  # count, measure (ages), other (fractions)
    time: bool  # the counted noun is a time word ("two years")


def find_figures(doc: Doc) -> list[Figure]:
    """The figures of a parsed article (tagger, parser and NER), sorted by span.

    ``id``, ``period``, ``source`` and ``summary`` are left for the link stage.
    """
    lexicon = figure_lexicon()
    figures: list[Figure] = []
    for sentence in doc.sents:
        figures.extend(_sentence_figures(doc, sentence, lexicon))
    return sorted(figures, key=lambda figure: figure.span)


# --------------------------------------------------------------------------- reading numbers
def _shifted(match: NumberMatch, offset: int) -> NumberMatch:
    return replace(match, span=(match.span[0] + offset, match.span[1] + offset))


def _readings(doc: Doc, sentence: Span, lexicon: FigureLexicon) -> list[Reading]:
    """Every number of the sentence read with its unit and bound, outside masked shapes."""
    offset = sentence.start_char
    sentence_text = doc.text[offset : sentence.end_char]
    masks = masked_spans(sentence_text, offset)
    readings = []
    for match in scan_numbers(sentence_text):
        match = _shifted(match, offset)
        if not overlaps(match.span, masks):
            readings.append(read_quantity(doc.text, match, lexicon))
    return readings


# --------------------------------------------------------------------------- ranges
def _range_kind(text: str, first: Reading, second: Reading) -> str | None:
    """ "range" for "10 to 12", "between 10 and 12", "10-12"; "score" for "2-1"; else None."""
    gap = _RANGE_GAP.match(text[first.end : second.start])
    if gap is None:
        return None
    connector = gap.group().strip().lower()
    before = text[max(0, first.start - 12) : first.start].lower().rstrip()
    if connector == "and" and not before.endswith("between"):
        return None
    if before.endswith(" by") or first.match.fraction or second.match.fraction:
        return None
    if is_year(first) != is_year(second) and (first.match.scale or second.match.scale):
        return None  # "in 2018 to 3.9 million"
    if connector in "-–—" and _is_score(first, second):
        return "score"
    if first.unit and second.unit and _base_unit(first.unit) != _base_unit(second.unit):
        return None
    if first.family and second.family and first.family != second.family:
        return None
    return "range"


def _base_unit(unit: str) -> str:
    """ "USD per share" -> "USD": range ends agree on the unit, the rate may come once."""
    return unit.split(" per ", 1)[0]


def _is_score(first: Reading, second: Reading) -> bool:
    """ "beat Charlton 2-1", "tied at 89-89": a result, not a range."""
    bare = not first.family and not second.family and first.match.digits and second.match.digits
    return bool(bare) and first.value >= second.value and first.value < 1000 and second.value.is_integer()


def _join(first: Reading, second: Reading) -> Reading:
    """One range reading from its two ends; the second's scale and unit carry to the first."""
    low = first.value
    factor = scale_factor(second.match.scale)
    if second.match.scale and not first.match.scale and not first.match.spelled and factor > 1:
        if first.match.value < second.match.value / factor:  # "$US89 to $93 billion"
            low = first.value * factor
    carrier = second if second.unit and (not first.unit or len(second.unit) > len(first.unit)) else first
    values = sorted((low, second.value))
    return replace(
        first,
        end=second.end,
        num_end=second.num_end,
        value=values[0],
        value_max=values[1] if values[1] != values[0] else None,
        kind=carrier.kind,
        unit=carrier.unit,
        family=carrier.family,
        modifier=first.modifier or second.modifier,
    )


def _merge_ranges(text: str, readings: list[Reading]) -> list[Reading]:
    out: list[Reading] = []
    i = 0
    while i < len(readings):
        if i + 1 < len(readings):
            kind = _range_kind(text, readings[i], readings[i + 1])
            if kind == "score":
                i += 2
                continue
            if kind == "range":
                out.append(_join(readings[i], readings[i + 1]))
                i += 2
                continue
        out.append(readings[i])
        i += 1
    return out


# --------------------------------------------------------------------------- counted nouns
def _noun_phrase(doc: Doc, noun: Token, after: int) -> str:  # noqa: D401
    """The counted noun with the compounds and names before it: "North Koreans", "league games"."""
    start = noun.i
    while start - 1 > after and (doc[start - 1].dep_ == "compound" or doc[start - 1].pos_ == "PROPN"):
        start -= 1
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
    first = last = i
    if doc[i].pos_ == "PRON":  # "those screened", "them"
        nxt = i + 1
        return (i, nxt) if nxt < len(doc) and doc[nxt].pos_ in ("VERB", "ADJ") else (i, i)
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
    glued_scale = i > 0 and doc[i - 1].like_num and token.idx == doc[i - 1].idx + len(doc[i - 1]) and len(token) == 1
    return glued_scale or token.tag_ == "PRP$" or token.pos_ in ("ADJ", "ADV", "CCONJ", "DET", "NUM", "PUNCT", "VERB")


def _of_phrase(doc: Doc, reading: Reading) -> str | None:
    """The noun after "of" in "tens of thousands of students", "a third of those screened"."""
    found = _OF_AFTER.match(doc.text[reading.end : reading.end + 6])
    if found is None:
        return None
    of = token_at(doc, reading.end + found.end() - 2)
    if of is None:
        return None
    group = _noun_after(doc, of.i + 1)
    return doc[group[0] : group[1] + 1].text if group else None


def _head_noun(doc: Doc, reading: Reading) -> str | None:
    """The noun a number modifies ("12 deserters", "30 million shares", "4.3M digital sales")."""
    token = token_at(doc, reading.num_end - 1)
    if token is None:
        return None
    while token.dep_ in ("quantmod", "compound", "nummod", "nmod") and token.head.pos_ == "NUM":
        if token.head.i <= token.i:
            break
        token = token.head
    head = token.head
    if token.dep_ in ("nummod", "compound", "amod", "nmod", "quantmod", "appos") and head.i > token.i:
        between = doc[token.i + 1 : head.i]
        plain = all(t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "CCONJ") or t.text == "-" for t in between)
        if head.pos_ in ("NOUN", "PROPN") and head.idx >= reading.end and plain:
            if head.lower_ not in _TIME_NOUNS or not any(t.lower_ in _DEICTIC for t in between):
                return _noun_phrase(doc, head, token.i)
    if token.i + 1 < len(doc) and doc[token.i + 1].lower_ in _DEICTIC:
        return None  # "2.1 last year": a time noun counts only right after the number
    group = _noun_after(doc, token.i + 1, limit=3)
    if group is None or doc[group[0]].pos_ == "PRON" or doc[group[1]].lower_ in _TIME_NOUNS:
        return None
    return doc[group[0] : group[1] + 1].text


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


def _counted(doc: Doc, sentence: Span, reading: Reading) -> _Counted | None:
    """What a bare number counts, or its age in an apposition ("Maddon, 66,")."""
    if reading.family:
        return None
    text = doc.text
    after = text[reading.end : reading.end + 12]
    if reading.match.fraction:
        noun = _of_phrase(doc, reading)
        return _Counted(f"share of {noun}" if noun else "share", "other", False)
    if re.match(r"^[ \t]+times\b", after, re.I):
        return _Counted("times", "count", False)
    noun = None
    if reading.match.value_max is not None or reading.match.scale == "dozens" or _OF_AFTER.match(after):
        noun = _of_phrase(doc, reading)
    noun = noun or _head_noun(doc, reading) or _number_of(doc, sentence, reading)
    if noun is not None and noun.lower() not in _NOT_COUNTED:
        head = noun.split()[-1].lower()
        return _Counted(noun, "count", head in _TIME_NOUNS)
    if _is_appositive_age(text, reading):
        return _Counted("years old", "measure", False)
    return None


def _is_appositive_age(text: str, reading: Reading) -> bool:
    value = reading.value
    return (
        bool(reading.match.digits)
        and value.is_integer()
        and 1 <= value < 120
        and _APPOSITIVE_AGE_BEFORE.search(text[max(0, reading.start - 30) : reading.start]) is not None
        and _APPOSITIVE_AGE_AFTER.match(text[reading.end : reading.end + 3]) is not None
    )


def _inherit_elided_units(text: str, kept: list[Reading], units: list[str | None], kinds: list[str]) -> None:
    """ "6 million homes, including 1.5 million": a bare number after "including", "from", "and" ...
    counts what a previous figure of the same magnitude counts."""
    for k, reading in enumerate(kept):
        if units[k] is not None or reading.family or reading.match.fraction or reading.value <= 0:
            continue
        if not _ELLIPSIS_BEFORE.search(text[max(0, reading.start - 20) : reading.start]):
            continue
        for j in range(k - 1, -1, -1):
            other = kept[j]
            if units[j] and kinds[j] in ("count", "money") and other.value > 0:
                if 0.1 <= reading.value / other.value <= 10:
                    units[k], kinds[k] = units[j], kinds[j]
                    break


# --------------------------------------------------------------------------- changes
def _signed(value: float, direction: str) -> float:
    return -abs(value) if direction == "down" else abs(value)


def _change(text: str, amount: Reading, cue: ChangeCue, unit: str | None) -> Change:
    start, end = min(cue.start, amount.start), max(cue.end, amount.end)
    return Change(_signed(amount.value, cue.direction), amount.unit or unit or "", cue.direction,
                  text[start:end], (start, end))


def _changes(doc: Doc, sentence: Span, readings: list[Reading], units: list[str | None],
             lexicon: FigureLexicon) -> tuple[dict[int, Change], set[int]]:
    """Changes by the index of the figure they belong to, and the indexes absorbed as changes."""
    text = doc.text
    cues = [change_cue(doc, reading, lexicon) for reading in readings]
    changes: dict[int, Change] = {}
    absorbed: set[int] = set()
    for k, cue in enumerate(cues):
        if cue is None or k in changes:
            continue
        target = change_target(text, k, readings, absorbed | {j for j, c in enumerate(cues) if c is not None})
        if target is not None and target not in changes:
            changes[target] = _change(text, readings[k], cue, units[target])
            absorbed.add(k)
        elif cue.strong:
            changes[k] = _change(text, readings[k], cue, units[k])
    for k, (size, direction, start, end) in multiplier_changes(sentence, readings, lexicon).items():
        if k not in changes and k not in absorbed:
            changes[k] = Change(size, "%", direction, text[start:end], (start, end))
    return changes, absorbed


# --------------------------------------------------------------------------- assembly
def _sentence_figures(doc: Doc, sentence: Span, lexicon: FigureLexicon) -> list[Figure]:
    readings = _merge_ranges(doc.text, _readings(doc, sentence, lexicon))
    kept: list[Reading] = []
    units: list[str | None] = []
    kinds: list[str] = []
    for reading in readings:
        counted = _counted(doc, sentence, reading)
        durable = counted is not None and (counted.time or counted.kind == "measure")
        if is_not_a_figure(doc, reading, durable):
            continue
        kept.append(reading)
        units.append(counted.unit if counted else reading.unit)
        kinds.append(counted.kind if counted else reading.kind)
    _inherit_elided_units(doc.text, kept, units, kinds)
    changes, absorbed = _changes(doc, sentence, kept, units, lexicon)
    bounds = (sentence.start_char, sentence.end_char)
    figures = []
    for k, reading in enumerate(kept):
        if k in absorbed:
            continue
        figures.append(
            Figure(
                span=(reading.start, reading.end),
                text=doc.text[reading.start : reading.end],
                value=reading.value,
                value_max=reading.value_max,
                kind=kinds[k],
                unit=units[k],
                bound=reading.bound,
                sentence=bounds,
                change=changes.get(k),
            )
        )
    return figures
