"""Changes: "rose 5%", "fell by 3 percentage points", "96 per cent down", "a 41 per cent drop".

:func:`change_cue` says whether an amount states a change (and which way); :func:`change_target`
finds the figure that change describes ("rose 60% to 3.9 million headsets", "135 deserters
arrived, which was 41 per cent down"), if any; :func:`alternative_amounts` reads "fell 120
points, or 0.5%" as one change; :func:`multiplier_changes` gives the figure that "doubled" or
"halved" leads to a change with a direction and no value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extractor.figures.filters import token_at
from extractor.figures.lexicon import FigureLexicon
from extractor.figures.units import Reading
from extractor.support.spacy_utils import doc_text, sentence_of

_SKIPPABLE = frozenset(
    {
        "by",
        "a",
        "further",
        "another",
        "slightly",
        "sharply",
        "marginally",
        "significantly",
        "steeply",
        "strongly",
        "modestly",
        "just",
        "only",
        "even",
        "some",
        "roughly",
        "nearly",
        "almost",
        "about",
        "around",
        "over",
        "more",
        "than",
        "as",
        "much",
        "fully",
        "respectively",
        "again",
        "also",
        "still",
        "an",
        "estimated",
        "dramatically",
        # adjectives of the amount: "rose an annual 5.1%", "gained a whopping 50%", "fell a record 9%"
        "annual",
        "annualised",
        "annualized",
        "yearly",
        "monthly",
        "quarterly",
        "additional",
        "extra",
        "whopping",
        "modest",
        "record",
        "hefty",
        "staggering",
        "mere",
        "cumulative",
        "combined",
    }
)
_AFTER_PARTICLE = re.compile(r"^[ \t]*(?P<cue>up|down|higher|lower)\b(?![ \t]+(?:to|from)\b)", re.I)
_AFTER_NOUN = re.compile(
    r"^[ \t]*(?:(?:year-on-year|year-over-year|y/y|yoy|annual|annualised|annualized|yearly|monthly|"
    r"quarterly|on-year|sharp|steep|further|overall|sequential|cumulative|average|price|share)[ \t]+)*"
    r"(?P<cue>[a-z-]+)\b",
    re.I,
)
_FROM_GAP = re.compile(r"^[ \t]*,?[ \t]*from[ \t]+$", re.I)
_TO_GAP = re.compile(r"^[ \t]+to[ \t]+$", re.I)
_FORWARD_TARGET = re.compile(r"^[^;.]{0,70}?\b(?:to|at)\b[^;,.]{0,30}$", re.S)
_BACKWARD_TARGET = re.compile(
    r"(?:,[ \t]*(?:which|that)[ \t]+(?:\w+[ \t]+){0,3}|,[ \t]*|\([ \t]*)"
    r"(?:(?:up|down)[ \t]+|an?[ \t]+(?:[a-z-]+[ \t]+)?"
    r"|(?:an?[ \t]+)?(?:increase|decrease|rise|drop|fall|gain|decline)[ \t]+of[ \t]+)?$",
    re.I,
)
_RELATIVE_CHANGE = re.compile(
    r",[ \t]*(?:which|that)\b|,[ \t]*(?:up|down|an?(?:[ \t]+[a-z-]+)?)[ \t]*$|\([ \t]*(?:up|down)", re.I
)  # ", which was 41 per cent down", ", up 3%", ", a 41 per cent drop"
_CHANGE_FAMILIES = frozenset({"percent"})
_OR_ALTERNATIVE = re.compile(r"[ \t]*(?:,[ \t]*or|\()[ \t]*", re.I)


@dataclass(frozen=True, slots=True)
class ChangeCue:
    """The words that make an amount a change, and the direction they give it."""

    direction: str  # "up" or "down"
    start: int
    end: int
    strong: bool  # "by", "up"/"down" or a change noun: a change even for money or counts


def _direction(lex: FigureLexicon, token: Token) -> str | None:
    lower, lemma = token.lower_, token.lemma_.lower()
    if token.dep_ == "prt" and token.head.pos_ in ("VERB", "AUX") and not is_change_verb(lex, token.head):
        return None  # "stocked up 40 crates", "shut down": the particle of a phrasal verb
    if lower in lex.up_particles:
        return "up"
    if lower in lex.down_particles:
        return "down"
    if token.pos_ not in ("VERB", "AUX", "NOUN"):
        return None
    if lemma in lex.up_verbs or lower in lex.up_verbs:
        return "up"
    if lemma in lex.down_verbs or lower in lex.down_verbs:
        return "down"
    return None


def _cue_by_dependency(doc: Doc, reading: Reading, lex: FigureLexicon) -> ChangeCue | None:
    """ "raised rates by 25 basis points": the amount is the object of "by" under a change verb."""
    token = token_at(doc, reading.num_end - 1)
    while (
        token is not None and token.dep_ in ("nummod", "compound", "quantmod", "amod") and token.head != token
    ):
        token = token.head
    if token is None or token.dep_ != "pobj" or token.head.lower_ != "by":
        return None
    by = token.head
    if by.idx > reading.start or re.search(r"\d|\bto\b", doc_text(doc)[by.idx + 2 : reading.start]):
        return None  # "by $3.1 billion to $40.2 billion", "by a third to $2 million": "by" has the first
    verb = by.head
    direction = _direction(lex, verb) if verb.pos_ in ("VERB", "AUX") else None
    if direction is None or verb.i > token.i:
        return None
    return ChangeCue(direction, verb.idx, reading.end, True)


def _cue_before(doc: Doc, reading: Reading, lex: FigureLexicon) -> ChangeCue | None:
    """ "rose 5%", "fell by about 3 points", "up 19 cents": a verb or particle before the amount."""
    first = token_at(doc, reading.start)
    if first is None:
        return None
    saw_by = False
    j = first.i - 1
    sentence_start = sentence_of(first).start
    while j >= sentence_start and first.i - j <= 5:
        token = doc[j]
        direction = _direction(lex, token)
        if direction is not None:
            strong = saw_by or token.lower_ in lex.up_particles | lex.down_particles
            return ChangeCue(direction, token.idx, reading.end, strong)
        if token.lower_ not in _SKIPPABLE and not (
            token.pos_ == "ADV" and token.lower_ not in ("then", "now")
        ):
            return None
        saw_by = saw_by or token.lower_ == "by"
        j -= 1
    return None


def _cue_after(text: str, reading: Reading, lex: FigureLexicon) -> ChangeCue | None:
    """ "96 per cent down", "a 41 per cent drop": a particle or change noun after a percentage."""
    if reading.family not in _CHANGE_FAMILIES and reading.unit not in ("point", "pp"):
        return None  # "3% lower", "42 points lower"; but "5 years later" moves nothing
    after = text[reading.end : reading.end + 60]
    particle = _AFTER_PARTICLE.match(after)
    if particle:
        direction = "up" if particle.group("cue").lower() in lex.up_particles else "down"
        return ChangeCue(direction, reading.start, reading.end + particle.end("cue"), True)
    noun = _AFTER_NOUN.match(after)
    if noun:
        word = noun.group("cue").lower()
        if word in lex.up_nouns or word in lex.down_nouns:
            direction = "up" if word in lex.up_nouns else "down"
            return ChangeCue(direction, reading.start, reading.end + noun.end("cue"), True)
    return None


def change_cue(doc: Doc, reading: Reading, lex: FigureLexicon) -> ChangeCue | None:
    """The change cue of an amount, if it states a change."""
    after = _cue_after(doc_text(doc), reading, lex)
    if after is not None:
        return after
    before = _cue_before(doc, reading, lex) or _cue_by_dependency(doc, reading, lex)
    if before is None:
        return None
    if reading.family in _CHANGE_FAMILIES or reading.unit == "pp":
        return ChangeCue(before.direction, before.start, before.end, True)
    return before


def change_target(text: str, index: int, readings: list[Reading], taken: set[int]) -> int | None:
    """The index of the figure that the change amount ``readings[index]`` describes, if any."""
    amount = readings[index]
    if index + 2 < len(readings) and _FROM_GAP.match(text[amount.end : readings[index + 1].start]):
        level = readings[index + 2]  # "rose 25%, from 1.2% to 1.5%": the change led to the "to" end
        if index + 2 not in taken and _TO_GAP.match(text[readings[index + 1].end : level.start]):
            return index + 2
    if index + 1 < len(readings):
        nxt = readings[index + 1]
        if index + 1 not in taken and _FORWARD_TARGET.match(text[amount.end : nxt.start]):
            return index + 1
    if index > 0:
        prev = readings[index - 1]
        gap = text[prev.end : amount.start]
        near = index - 1 not in taken and len(gap) < 120 and ";" not in gap
        if near and _BACKWARD_TARGET.search(gap) and _RELATIVE_CHANGE.search(gap):
            return index - 1
    return None


def multiplier_changes(sentence: Span, readings: list[Reading], lex: FigureLexicon) -> dict[int, ChangeCue]:
    """ "tripled its staff to 9,000": reading index -> the cue that gives its change a
    direction. A multiplier states no percentage ("tripled" is not +200% unless the text says so)."""
    found: dict[int, ChangeCue] = {}
    doc = sentence.doc
    for token in sentence:
        direction = lex.multipliers.get(token.lemma_.lower())
        if direction is None or token.pos_ != "VERB":
            continue
        for k, reading in enumerate(readings):
            if reading.start <= token.idx or k in found:
                continue
            gap = doc_text(doc)[token.idx + len(token.text) : reading.start]
            if _FORWARD_TARGET.match(gap) and "\n" not in gap:
                found[k] = ChangeCue(direction, token.idx, token.idx + len(token.text), True)
            break
    return found


def is_change_verb(lex: FigureLexicon, token: Token) -> bool:
    """A verb that moves a figure: "rose", "slashed", "went" (from one level to another)."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    return _direction(lex, token) is not None or token.lemma_.lower() in lex.state_change_verbs


def alternative_amounts(text: str, readings: list[Reading], cues: list[ChangeCue | None]) -> set[int]:
    """ "fell 120 points, or 0.5%, to 28,000": one change said twice. The percentage takes the
    cue; the other amount is returned to be absorbed."""
    absorbed: set[int] = set()
    for k in range(len(readings) - 1):
        cue, first, second = cues[k], readings[k], readings[k + 1]
        if (
            cue is None
            or cues[k + 1] is not None
            or not _OR_ALTERNATIVE.fullmatch(text[first.end : second.start])
        ):
            continue
        keep, drop = (k + 1, k) if second.family == "percent" else (k, k + 1)
        cues[keep] = ChangeCue(cue.direction, cue.start, readings[keep].end, True)
        cues[drop] = None
        absorbed.add(drop)
    return absorbed
