"""Period linking: the time a figure holds for, chosen from the whole article, and why.

The first of these that has a time expression gives the period (its ``via``):

1. ``clause``: a time expression in the figure's own clause ("rose 5% in May");
2. ``sentence``: one in a clause that governs the figure's, else anywhere in its sentence; a
   date of the saying ("..., she said on Tuesday") only when the sentence has no other;
3. ``paragraph``: the time of the nearest earlier sentence of the paragraph that has one
   ("In March, ... . Sales also ...") when it fits the tense of the figure's clause: a past
   date does not govern a statement in the present, nor a future date one in the past, so a
   change of tense is where the carried context stops;
4. ``dateline``: for a past event in a later paragraph, the period of the lede ("posted
   second-quarter profits ... ¶ It made $410 million"); then the date of the dateline
   ("SEOUL, July 1 -"), or the publication date when the dateline names only the place
   ("BERLIN (AP) -"): a report of the day; ``headline``: the period the headline gives
   as the time of its event ("... to Open in Second Half of 2021"), when the figure's tense
   puts it there (past, present or future alike);
5. ``publication date``: a figure nothing governs holds as of the day it was published;
6. null (via ``none``) when the article has no publication date either.

Durations are periods only when they say when ("in the past decade"); two dates written as a
range ("between 2006 and 2013") are one period, ``2006/2013``. Dates inside a source's name
("data released in August") or naming the period a change is measured against are skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc

from extractor.clean.metadata import dateline_span
from extractor.link.discourse import Discourse
from extractor.records import Article, Figure, Span, Timex
from extractor.timex.arithmetic import value_bounds

PERIOD_TYPES = frozenset({"DATE", "TIME"})
REF_VALUES = {"PRESENT_REF": "present", "PAST_REF": "past", "FUTURE_REF": "future"}
# "said on Tuesday": the gap between a cue and the date of the saying, not of the figure.
_REPORTING_GAP = re.compile(r"^[\s,]*(?:on|late|early|earlier|in|at)?\s*$", re.IGNORECASE)
LONG_PERIOD_DAYS = 28
REPORTING_REACH = 12  # characters after a cue within which a date is the saying's
# A duration says when only as "the past decade", "the last two years", "the next five years".
_WHEN_DURATION = re.compile(r"^(?:the\s+)?(?:past|last|previous|next|coming)\b", re.IGNORECASE)
# Clauses whose times are of another event than a figure above them: "and moved in 2014",
# "tenants who had lived there since 2014".
_OTHER_EVENT_LINKS = frozenset({"conj", "relcl", "parataxis"})
# "from $140/kWh today to $85 by 2027": the two ends of a change and their times.
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:\w+\s+)?$", re.IGNORECASE)
_FROM_ANYWHERE = re.compile(r"\bfrom\b", re.IGNORECASE)
_TO_AFTER = re.compile(r"[^.;:!?]{0,30}?\bto\b", re.IGNORECASE)
_TO_BEFORE = re.compile(r"\bto\s+(?:\w+\s+)?$", re.IGNORECASE)
_BACKGROUND_LINKS = frozenset({"relcl"})
_NOUN_MODIFIERS = frozenset({"compound", "nmod", "amod", "nummod", "poss"})
_RANGE_GAP = re.compile(r"^\s*(?:and|to|through|until|till|[-\u2013\u2014])\s*$", re.IGNORECASE)
_RANGE_OPENING = re.compile(r"\b(?:between|from)\s*$", re.IGNORECASE)
# Which times a clause of each tense can carry over from an earlier sentence.
_FITTING = {
    "past": frozenset({"past", "present"}),
    "present": frozenset({"present", "future"}),
    "perfect": frozenset({"present"}),
    "future": frozenset({"present", "future"}),
}


@dataclass(slots=True)
class _Dated:
    """A candidate time expression with where it sits."""

    timex: Timex
    start: int
    end: int
    sentence: int
    reporting: bool  # the day of a saying ("said on Tuesday"; not "reported third-quarter ...")
    clause: int | None


@dataclass(slots=True)
class PeriodLinker:
    """Chooses figures' periods in one article; built once, then asked per figure."""

    article: Article
    discourse: Discourse
    dct: date | None
    by_sentence: dict[int, list[_Dated]] = field(default_factory=dict)
    focus: dict[int, Timex] = field(default_factory=dict)  # sentence -> the time it is about
    # Per sentence: the nearest earlier sentence with a focus in its paragraph, and the last
    # one of the paragraph before (-1: none).
    earlier: list[tuple[int, int]] = field(default_factory=list)
    lede: Timex | None = None  # the time of the article's first paragraph, when it is over
    headline: Timex | None = None  # the period the headline names (a month or more)
    dateline: Timex | None = None

    @classmethod
    def build(
        cls, article: Article, discourse: Discourse, dct: date | None, headline: Sequence[Timex] = ()
    ) -> PeriodLinker:
        linker = cls(article, discourse, dct)
        linker.headline = next(
            (
                replace(t, span=None, via="headline")
                for t in headline
                if t.type in PERIOD_TYPES and _is_long(t)
            ),
            None,
        )
        for dated in _candidates(article, discourse):
            linker.by_sentence.setdefault(dated.sentence, []).append(dated)
        for sentence, in_sentence in linker.by_sentence.items():
            focus = _sentence_focus(discourse, in_sentence)
            if focus is not None:
                linker.focus[sentence] = focus.timex
        linker.earlier = _earlier_focus(discourse, linker.focus)
        linker.lede = linker._lede()
        linker.dateline = _dateline_period(article)
        return linker

    def period(self, figure: Figure, skip: Timex | None) -> Timex | None:
        """The figure's period with its ``via``; ``skip`` is its change's reference date."""
        sentence = self.discourse.sentence_index(figure.span[0])
        side = _range_side(self.article.text, figure.span)
        own = [
            d
            for d in self.by_sentence.get(sentence, ())
            if d.timex is not skip and not _overlaps((d.start, d.end), figure.span) and side(d.start)
        ]
        in_sentence = self._in_sentence(figure, own) if own else None
        if in_sentence is not None:
            return in_sentence
        carried = self._carried(figure, sentence)
        if carried is not None:
            return carried
        return self._of_the_day(figure)

    def _in_sentence(self, figure: Figure, dated: list[_Dated]) -> Timex | None:
        """The time in the figure's clause (or a participle clause on its noun: "complaints filed
        in 2019"), else in the nearest clause governing it, else in a clause below it; a time in
        a clause conjoined to it ("..., and moved in 2014") or in a relative clause ("who
        had lived there since 2014") is another event's."""
        clause = self.discourse.clause(figure.span)
        if clause is None:
            return None
        chain = self.discourse.governing(clause)
        ranked = [(level, d) for d in dated if (level := self._level(d, figure, clause, chain)) is not None]
        if not ranked:
            return None

        def rank(item: tuple[int, _Dated]) -> tuple[bool, int, bool, int]:
            level, d = item
            vague = d.timex.value in REF_VALUES or d.timex.type != "DATE"
            return (d.reporting, level, vague, _distance((d.start, d.end), figure.span))

        level, best = min(ranked, key=rank)
        return replace(best.timex, via="clause" if level == 0 else "sentence")

    def _level(self, dated: _Dated, figure: Figure, clause: int, chain: list[int]) -> int | None:
        """0 for the figure's own clause, then the governing clauses upwards, then clauses below
        it; None for a time that does not bear on the figure."""
        discourse = self.discourse
        if dated.clause is None:
            return None
        if dated.clause == clause or self._on_figure_noun(dated.clause, figure):
            return 0
        if dated.timex.type == "SET":
            return None  # a rate belongs to its own clause only
        if dated.clause in chain:
            return chain.index(dated.clause)
        if discourse.below(dated.clause, clause, _OTHER_EVENT_LINKS):
            return len(chain) + 1
        return None

    def _on_figure_noun(self, clause: int, figure: Figure) -> bool:
        discourse = self.discourse
        head = discourse.head_token(figure.span)
        if head is None or discourse.clause_link.get(clause) != "acl":
            return False
        return discourse.heads[clause] in (head, discourse.heads[head])

    def _carried(self, figure: Figure, sentence: int) -> Timex | None:
        """The time of the nearest earlier sentence of the paragraph that has one, if it fits;
        for the paragraph's first time, that of the paragraph before (news often gives one
        sentence a paragraph); else, for a past event, the time of the article's lede when it
        is over ("posted second-quarter profits ... ¶ It made $410 million")."""
        same, before = self.earlier[sentence] if sentence < len(self.earlier) else (-1, -1)
        if same >= 0:
            timex = self.focus[same]
            return replace(timex, via="paragraph") if self._fits(figure, timex) else None
        if before >= 0:  # across a paragraph break only a period carries, not the day of an event
            timex = self.focus[before]
            fits = _is_long(timex) and self._fits(figure, timex)
            return replace(timex, via="paragraph") if fits else None
        past = self.discourse.tense_of(figure.span) == "past"
        if self.lede is not None and past and self.discourse.paragraph(figure.span[0]) > 0:
            return replace(self.lede, via="dateline")
        return None

    def _lede(self) -> Timex | None:
        """The time the first paragraph is about, when it is over by the publication date."""
        first = [
            t
            for s, t in sorted(self.focus.items())
            if self.discourse.paragraph(self.discourse.sentences[s][0]) == 0
        ]
        if not first or not _is_long(first[0]) or time_relation(first[0].value, self.dct) != "past":
            return None
        return first[0]

    def _of_the_day(self, figure: Figure) -> Timex | None:
        if self.dateline is not None and self._fits(figure, self.dateline):
            return self.dateline
        if self.headline is not None and self._same_time(figure, self.headline):
            return self.headline
        published = self.article.meta.published
        if published is None:
            return None
        return Timex(None, published, "DATE", published[:10], via="publication date")

    def _same_time(self, figure: Figure, timex: Timex) -> bool:
        """Whether a time from afar (the headline) is where the figure's tense places it."""
        tense = self.discourse.tense_of(figure.span)
        relation = time_relation(timex.value, self.dct)
        return relation is not None and relation == {"perfect": "present"}.get(tense or "", tense)

    def _fits(self, figure: Figure, timex: Timex) -> bool:
        """Whether a time carried from elsewhere suits the tense of the figure's clause."""
        tense = self.discourse.tense_of(figure.span)
        relation = time_relation(timex.value, self.dct)
        return tense is None or relation is None or relation in _FITTING[tense]


def _range_side(text: str, span: Span) -> Callable[[int], bool]:
    """Which dates can be a figure's when it is one end of "from A (then) to B (by then)": the
    dates before the "to" are A's, those after it B's; for other figures, every date."""
    after = _TO_AFTER.match(text, span[1], min(len(text), span[1] + 40))
    if after and _FROM_BEFORE.search(text, max(0, span[0] - 30), span[0]):
        split = after.end()
        return lambda start: start < split
    before = _TO_BEFORE.search(text, max(0, span[0] - 20), span[0])
    if before and _FROM_ANYWHERE.search(text, max(0, before.start() - 80), before.start()):
        split = before.start()
        return lambda start: start > split
    return lambda start: True


def _is_long(timex: Timex) -> bool:
    """Whether a time is a period of a month or more (not the day or week of an event)."""
    bounds = value_bounds(timex.value)
    return bounds is not None and (bounds[1] - bounds[0]).days >= LONG_PERIOD_DAYS


def headline_periods(title: Doc, dates: Sequence[Timex]) -> list[Timex]:
    """The headline's times that say when its event is ("... to Open in Second Half of 2021"),
    not those naming a thing ("the 2020 regatta", "its 2031 notes"); spans index the title."""
    out = []
    for timex in dates:
        if timex.span is None:
            continue
        words = title.char_span(timex.span[0], timex.span[1], alignment_mode="expand")
        if words is not None and words.root.dep_ not in _NOUN_MODIFIERS:
            out.append(timex)
    return out


def time_relation(value: str, dct: date | None) -> str | None:
    """Whether a time value lies before ("past"), around ("present") or after ("future") the
    publication date; None when it cannot be told."""
    if value in REF_VALUES:
        return REF_VALUES[value]
    bounds = value_bounds(value)
    if bounds is None or dct is None:
        return None
    if bounds[1] < dct:
        return "past"
    return "future" if bounds[0] > dct else "present"


def _candidates(article: Article, discourse: Discourse) -> list[_Dated]:
    """The article's time expressions that can be periods, ranges merged, with their places."""
    cue_ends = sorted(a.cue.span[1] for a in article.sources)
    source_spans = sorted(a.source.span for a in article.sources if a.source is not None)
    out = []
    for timex in merge_ranges(article.dates, article.text):
        if timex.span is None or not _can_be_period(timex) or _inside_any(timex.span, source_spans):
            continue
        start, end = timex.span
        out.append(
            _Dated(
                timex,
                start,
                end,
                discourse.sentence_index(start),
                not _is_long(timex) and _after_cue(start, cue_ends, article.text),
                discourse.clause(timex.span),
            )
        )
    return out


def _can_be_period(timex: Timex) -> bool:
    """Points and periods; a rate's time ("annually", in the figure's own clause); a duration
    that says when ("the past decade")."""
    if timex.type in PERIOD_TYPES or timex.type == "SET":
        return True
    return timex.type == "DURATION" and bool(_WHEN_DURATION.match(timex.text))


def merge_ranges(dates: list[Timex], text: str) -> list[Timex]:
    """The dates with "between 2006 and 2013", "from May to July" made one period each."""
    out: list[Timex] = []
    i = 0
    while i < len(dates):
        span = _range_span(dates[i], dates[i + 1], text) if i + 1 < len(dates) else None
        if span is None:
            out.append(dates[i])
            i += 1
            continue
        value = f"{dates[i].value}/{dates[i + 1].value}"
        out.append(Timex(span, text[span[0] : span[1]], "DATE", value))
        i += 2
    return out


def _range_span(first: Timex, second: Timex, text: str) -> Span | None:
    """The span of two dates that make a range ("between A and B", "from A to B"), else None."""
    if first.span is None or second.span is None or first.type != "DATE" or second.type != "DATE":
        return None
    if not _RANGE_GAP.match(text[first.span[1] : second.span[0]]):
        return None
    if not _RANGE_OPENING.search(text[max(0, first.span[0] - 12) : first.span[0]]):
        return None
    start, end = value_bounds(first.value), value_bounds(second.value)
    if start is None or end is None or start[0] >= end[1]:
        return None
    return first.span[0], second.span[1]


def _after_cue(start: int, cue_ends: list[int], text: str) -> bool:
    """Whether a date follows a cue closely: "reported on Sunday", "said Tuesday"."""
    k = bisect_right(cue_ends, start) - 1
    if k < 0:
        return False
    cue_end = cue_ends[k]
    return start - cue_end <= REPORTING_REACH and bool(_REPORTING_GAP.match(text[cue_end:start]))


def _inside_any(span: Span, spans: list[Span]) -> bool:
    k = bisect_right(spans, (span[0], 1 << 62)) - 1
    return any(spans[j][0] <= span[0] and span[1] <= spans[j][1] for j in range(max(0, k - 2), k + 1))


def _earlier_focus(discourse: Discourse, focus: dict[int, Timex]) -> list[tuple[int, int]]:
    """For each sentence: the nearest earlier sentence of its paragraph with a focus, and the
    last sentence with one in the paragraph just before (-1 when there is none): one pass."""
    out = []
    current = previous = -1
    paragraph = 0
    for i, (start, _end) in enumerate(discourse.sentences):
        number = discourse.paragraph(start)
        if number != paragraph:
            previous = current if number == paragraph + 1 else -1
            current, paragraph = -1, number
        out.append((current, previous if current < 0 else -1))
        if i in focus:
            current = i
    return out


def _sentence_focus(discourse: Discourse, dated: list[_Dated]) -> _Dated | None:
    """The time a sentence is about: of its points and periods that are not the date of a
    saying nor in a relative clause (a noun's background: "workers who were hired in 2016"),
    the one nearest its main clause, the last one on a tie."""
    usable = [
        d
        for d in dated
        if not d.reporting
        and d.timex.type in PERIOD_TYPES
        and d.clause is not None
        and discourse.below(d.clause, discourse.governing(d.clause)[-1], _BACKGROUND_LINKS)
    ]
    if not usable:
        return None

    def depth(d: _Dated) -> tuple[int, int]:
        return (len(discourse.governing(d.clause)) if d.clause is not None else 99, -d.start)

    return min(usable, key=depth)


def _dateline_period(article: Article) -> Timex | None:
    """The date of the article's dateline: the one written in it, else the publication date."""
    span = dateline_span(article.text)
    if span is None:
        return None
    written = [
        d
        for d in article.dates[:3]
        if d.span is not None and span[0] <= d.span[0] and d.span[1] <= span[1] and d.type in PERIOD_TYPES
    ]
    if written:
        return replace(written[0], via="dateline")
    published = article.meta.published
    if published is None:
        return None
    return Timex(span, article.text[span[0] : span[1]], "DATE", published[:10], via="dateline")


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _distance(a: Span, b: Span) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])
