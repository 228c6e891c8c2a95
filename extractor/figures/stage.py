"""The figure stage: every number in a parsed article that states a fact, as a :class:`Figure`.

Per sentence: find the numbers (:mod:`extractor.numbers`), drop shapes that are never figures
(times, dates, phone numbers, URLs), read each number's currency, unit, rate and bound
(:mod:`extractor.figures_units`), join ranges ("10 to 12 per cent"), drop years, names and
ordinals (:mod:`extractor.figures_filters`), name what a bare count counts from the parse
(:mod:`extractor.figures_nouns`), and attach changes
(:mod:`extractor.figures_changes`): a percentage that only states another figure's change
becomes that figure's ``change``.

The link stage fills ``id``, ``period``, ``source``, the change's ``reference`` and ``summary``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span

from extractor.figures.changes import (
    ChangeCue,
    alternative_amounts,
    change_cue,
    change_target,
    is_change_verb,
    multiplier_changes,
)
from extractor.figures.filters import data_rows, is_not_a_figure, is_year, masked_spans, overlaps, token_at
from extractor.figures.lexicon import FigureLexicon, figure_lexicon
from extractor.figures.nouns import counted_noun, inherit_elided_units
from extractor.figures.numbers import NumberMatch, parse_number, scale_factor, scan_numbers, tidy
from extractor.figures.units import Reading, read_quantity
from extractor.records import Change, Figure
from extractor.support.spacy_utils import doc_text, sentences

__all__ = ["find_figures", "parse_number"]

_RANGE_GAP = re.compile(r"^[ \t]*(?:-|\u2013|\u2014|to|and|through|thru)[ \t]*$", re.I)
_DASHES = ("-", "\u2013", "\u2014")
_MASK_OVERRUN = 16
_OF_AFTER = re.compile(r"[ \t]+of\b", re.I)
_BARE_BY = re.compile(r"^,[ \t]*(?:[A-Z][\w&'.-]*[ \t]+){1,3}by[ \t]+$")


def find_figures(doc: Doc) -> list[Figure]:
    """The figures of a parsed article (tagger, parser and NER), sorted by span.

    ``id``, ``period``, ``source`` and ``summary`` are left for the link stage.
    """
    lexicon = figure_lexicon()
    figures: list[Figure] = []
    # Without a parser or sentencizer the whole text is one sentence (rules that need the parse
    # then find nothing to use, the character-level ones still work).
    for sentence in sentences(doc) if doc.has_annotation("SENT_START") else [doc[:]]:
        figures.extend(_sentence_figures(doc, sentence, lexicon))
    return sorted(figures, key=lambda figure: figure.span)


# --------------------------------------------------------------------------- reading numbers
def _shifted(match: NumberMatch, offset: int) -> NumberMatch:
    return replace(match, span=(match.span[0] + offset, match.span[1] + offset))


def _readings(doc: Doc, sentence: Span, lexicon: FigureLexicon) -> list[Reading]:
    """Every number of the sentence read with its unit and bound, outside masked shapes."""
    offset = sentence.start_char
    sentence_text = doc_text(doc)[offset : sentence.end_char]
    matches = scan_numbers(sentence_text)
    # A shape may run past a bad sentence split ("10 p.|m."): the masks look a little further.
    masks = masked_spans(doc_text(doc)[offset : sentence.end_char + _MASK_OVERRUN], offset) if matches else []
    if len(matches) >= 3:
        numbers = [(m.span[0] + offset, m.span[1] + offset) for m in matches]
        masks += data_rows(doc, offset, sentence.end_char, numbers)
    readings: list[Reading] = []
    for match in matches:
        match = _shifted(match, offset)
        if overlaps(match.span, masks):
            continue
        reading = read_quantity(doc_text(doc), match, lexicon)
        if readings and reading.start < readings[-1].end:
            if reading.num_start < readings[-1].end:
                continue  # "64.2 cents a dozen": the dozen is the previous figure's rate
            reading = replace(reading, start=reading.num_start)  # "10 $ 30 $": the sign is taken
        readings.append(reading)
    return readings


# --------------------------------------------------------------------------- ranges
def _range_kind(doc: Doc, first: Reading, second: Reading, lexicon: FigureLexicon) -> str | None:
    """ "range" for "10 to 12", "between 10 and 12", "10-12"; "score" for "2-1"; else None."""
    text = doc_text(doc)
    gap = _RANGE_GAP.match(text[first.end : second.start])
    if gap is None:
        return None
    connector = gap.group().strip().lower()
    before = text[max(0, first.start - 12) : first.start].lower().rstrip()
    if connector == "and" and not before.endswith("between"):
        return None
    if connector == "to" and (before.endswith(" by") or change_cue(doc, first, lexicon) is not None):
        if not _range_of_change(first, second):
            return None  # "rose $2.10 to $84.50": a change and the level it led to
    elif connector == "to" and before.endswith("from") and _two_levels(doc, first, second, lexicon):
        return None  # "went from 175 GW to 450 GW": two levels, each a figure of its own
    if first.match.fraction or second.match.fraction:
        return None
    if is_year(first) != is_year(second) and (first.match.scale or second.match.scale):
        return None  # "in 2015 to 2.6 million"
    if connector in _DASHES and (first.match.spelled or second.match.spelled):
        return None  # "three-nought-four" is read out digit by digit
    if connector in _DASHES and _is_score(first, second):
        return "score"
    if first.family and not second.family and not before.endswith("from"):
        return None  # "rose 60% to 2.1 million"; but "from 208 pounds to 193" is a range
    if connector == "to" and first.value > second.value and not (first.family or before.endswith("from")):
        return None  # "beat the bill 1,141 to 406": a tally of bare counts, not a span of values
    if first.unit and second.unit and _base_unit(first.unit) != _base_unit(second.unit):
        return None
    if first.family and second.family and first.family != second.family:
        return None
    return "range"


def _range_of_change(first: Reading, second: Reading) -> bool:
    """ "cut by 2 to 3 points", "rose 5 to 7 per cent": a range of change writes its unit once,
    after the second end, and its ends are of one size; "rose $2.10 to $84.50" is not one."""
    return not first.family and bool(second.family) and 0 < first.value < second.value <= 10 * first.value


def _two_levels(doc: Doc, first: Reading, second: Reading, lexicon: FigureLexicon) -> bool:
    """ "cut from $900 million to $250 million", "went from 175 GW to 450 GW": each end a full
    amount with its own unit, and the "from" hangs on a verb of change. A unit written once
    ("rose from 240 to 273 horsepower") reads as one span of values."""
    if not (first.family and second.family):
        return False
    token = token_at(doc, first.start)
    preposition = doc[token.i - 1] if token is not None and token.i > 0 else None
    if preposition is None or preposition.lower_ != "from":
        return False
    return is_change_verb(lexicon, preposition.head)


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
    unscaled_first = not first.match.scale and not first.match.spelled
    if (
        second.match.scale
        and unscaled_first
        and factor > 1
        and first.match.value < second.match.value / factor
    ):
        low = tidy(first.value * factor)  # "$US89 to $93 billion"
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


def _merge_ranges(doc: Doc, readings: list[Reading], lexicon: FigureLexicon) -> list[Reading]:
    out: list[Reading] = []
    i = 0
    while i < len(readings):
        if i + 1 < len(readings):
            kind = _range_kind(doc, readings[i], readings[i + 1], lexicon)
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


def _is_cents(text: str, dollars: Reading, cents: Reading) -> bool:
    """ "3 dollars 50 cents", "15 dollars and 50.", "17 USD 25": one amount in two parts."""
    if dollars.family != "money" or dollars.match.scale or not dollars.value.is_integer():
        return False
    if not re.fullmatch(r"[ \t]*(?:and[ \t]+)?", text[dollars.end : cents.start]):
        return False
    if not cents.value.is_integer() or not 0 < cents.value < 100 or cents.prefix:
        return False
    if cents.family == "subunit" and cents.unit == "cent":
        return True
    return (
        cents.family == "" and re.match(r"[ \t]*(?:[.,;!?)]|$)", text[cents.end : cents.end + 3]) is not None
    )


def _inches(text: str, feet: Reading, inches: Reading) -> int:
    """ "5 ft 10 in", "5 feet and 2 inches": the end of the inches part, or 0 when not one."""
    if feet.unit != "ft" or not feet.value.is_integer() or not 0 <= inches.value < 12 or inches.prefix:
        return 0
    if not re.fullmatch(r"[ \t]*(?:and[ \t]+)?", text[feet.end : inches.start]):
        return 0
    if inches.unit == "in":
        return inches.end
    spelled = re.match(r"[ \t]*(?:in|ins|inches|inch)\b\.?", text[inches.end : inches.end + 8])
    return inches.end + spelled.end() if spelled and not inches.family else 0


def _merge_compound_amounts(text: str, readings: list[Reading]) -> list[Reading]:
    """One amount written in two units: "3 dollars 50 cents", "5 ft 10 in"."""
    out: list[Reading] = []
    for reading in readings:
        if out and _is_cents(text, out[-1], reading):
            dollars = out.pop()
            value = dollars.value + reading.value / 100
            out.append(replace(dollars, end=reading.end, num_end=reading.num_end, value=value))
        elif out and _inches(text, out[-1], reading):
            feet = out.pop()
            value = feet.value + reading.value / 12
            out.append(replace(feet, end=_inches(text, feet, reading), num_end=reading.num_end, value=value))
        else:
            out.append(reading)
    return out


# --------------------------------------------------------------------------- changes
def _signed(value: float, direction: str) -> float:
    return -abs(value) if direction == "down" else abs(value)


def _change(text: str, amount: Reading, cue: ChangeCue, unit: str | None) -> Change:
    start, end = min(cue.start, amount.start), max(cue.end, amount.end)
    if amount.match.fraction and not amount.family and not _OF_AFTER.match(text, amount.end):
        # "fell by a third": -33.3 %; "two-tenths of a point" is a fraction of another unit
        amount = replace(amount, value=amount.value * 100, unit="%", value_max=None)
    return Change(
        _signed(amount.value, cue.direction),
        amount.unit or unit or "",
        cue.direction,
        text[start:end],
        (start, end),
        value_max=None if amount.value_max is None else _signed(amount.value_max, cue.direction),
    )


def _cue(doc: Doc, reading: Reading, lexicon: FigureLexicon) -> ChangeCue | None:
    """The reading's change cue; a range takes only a verb before it ("cut by 2 to 3 points"):
    "3 to 4 per cent growth" is a forecast, not a move."""
    cue = change_cue(doc, reading, lexicon)
    if cue is None or (reading.value_max is not None and cue.start >= reading.start):
        return None
    return cue


def _carry_change_direction(text: str, readings: list[Reading], cues: list[ChangeCue | None]) -> None:
    """ "Globex fell 1.4%, Umbrella by 3.7%": a bare "by" amount repeats the previous change."""
    for k in range(1, len(readings)):
        previous = cues[k - 1]
        reading = readings[k]
        if (
            cues[k] is None
            and previous is not None
            and _BARE_BY.search(text[readings[k - 1].end : reading.start])
        ):
            cues[k] = ChangeCue(previous.direction, reading.start, reading.end, previous.strong)


def _changes(
    doc: Doc,
    sentence: Span,
    readings: list[Reading],
    units: list[str | None],
    durations: set[int],
    lexicon: FigureLexicon,
) -> tuple[dict[int, Change], set[int]]:
    """Changes by the index of the figure they belong to, and the indexes absorbed as changes.

    ``durations`` (the indexes of time spans) never take a change: "lost ground for five straight
    months, down 25%" moves the figure, not the span of time.
    """
    text = doc_text(doc)
    cues = [_cue(doc, r, lexicon) for r in readings]
    _carry_change_direction(text, readings, cues)
    absorbed = alternative_amounts(text, readings, cues)
    changes: dict[int, Change] = {}
    for k, cue in enumerate(cues):
        if cue is None or k in changes:
            continue
        taken = absorbed | durations | {j for j, c in enumerate(cues) if c is not None}
        target = change_target(text, k, readings, taken)
        if target is not None and target not in changes:
            changes[target] = _change(text, readings[k], cue, units[target])
            absorbed.add(k)
        elif cue.strong:
            changes[k] = _change(text, readings[k], cue, units[k])
    for k, cue in multiplier_changes(sentence, readings, lexicon).items():
        if k not in changes and k not in absorbed:
            changes[k] = Change(None, "", cue.direction, text[cue.start : cue.end], (cue.start, cue.end))
    return changes, absorbed


# --------------------------------------------------------------------------- assembly
def _sentence_figures(doc: Doc, sentence: Span, lexicon: FigureLexicon) -> list[Figure]:
    readings = _readings(doc, sentence, lexicon)
    if not readings:
        return []
    readings = _merge_ranges(doc, _merge_compound_amounts(doc_text(doc), readings), lexicon)
    kept: list[Reading] = []
    units: list[str | None] = []
    kinds: list[str] = []
    durations: set[int] = set()
    for reading in readings:
        counted = counted_noun(doc, sentence, reading)
        durable = counted is not None and (counted.time or counted.kind == "measure")
        if is_not_a_figure(doc, reading, lexicon, durable, counts=counted is not None):
            continue
        if reading.family == "time" or (counted is not None and counted.time):
            durations.add(len(kept))
        kept.append(reading)
        units.append(counted.unit if counted else reading.unit)
        kinds.append(counted.kind if counted else reading.kind)
    inherit_elided_units(doc_text(doc), kept, units, kinds)
    changes, absorbed = _changes(doc, sentence, kept, units, durations, lexicon)
    start, end = sentence.start_char, sentence.end_char
    if kept:  # a figure across a bad sentence split widens its sentence rather than lose words
        start, end = min(start, min(r.start for r in kept)), max(end, max(r.end for r in kept))
    bounds = (start, end)
    figures = []
    for k, reading in enumerate(kept):
        if k in absorbed:
            continue
        figures.append(
            Figure(
                span=(reading.start, reading.end),
                text=doc_text(doc)[reading.start : reading.end],
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
