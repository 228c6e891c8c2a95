"""Linking: give each figure its period, its change's reference period, its source, an id
and a readable summary, from what the date and attribution stages found.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from extractor.link.summary import figure_summary
from extractor.records import Article, Attribution, Change, Figure, FigureSource, Timex, stable_id
from extractor.timex.stage import shift_years

# Time expressions that name the period a change is measured against, not the figure's own.
_REFERENCE_TEXT = re.compile(
    r"\b(same (period|quarter|month|time|week)|(a|one|the) year (earlier|ago|before)|year[- ]ago|"
    r"previous|prior|preceding|last year|a year earlier|year[- ](on|over)[- ]year)\b",
    re.IGNORECASE,
)
# A change said to be "year-on-year" is measured against the same period one year before.
_YEAR_ON_YEAR = re.compile(r"\b(year[- ](on|over|to)[- ]year|y-?o-?y|from a year (earlier|ago))\b", re.I)
_PERIOD_TYPES = ("DATE", "TIME")
# "said on Tuesday": the gap between a cue and the date of the saying, not of the figure.
_REPORTING_GAP = re.compile(r"^[\s,]*(?:on|late|early|earlier|in|at)?\s*$", re.IGNORECASE)
MAIN_SOURCE_MIN_CITATIONS = 2  # a source cited once is not the article's main source


def link_figures(article: Article, figures: list[Figure]) -> list[Figure]:
    """The figures with id, period, change reference, source and summary filled in."""
    main_source = _main_source(article)
    reporting = _reporting_dates(article)
    linked = []
    for figure in figures:
        in_sentence = [d for d in article.dates if _inside(d.span, figure.sentence)]
        reference = _change_reference(figure, in_sentence)
        period = _period(figure, [d for d in in_sentence if d is not reference], reporting)
        change = _with_reference(figure.change, reference, period, article.text, figure.sentence)
        figure = replace(
            figure,
            id=stable_id(article.id, figure.span[0], figure.span[1], figure.kind),
            period=period,
            change=change,
            source=_source(figure, article.sources) or main_source,
        )
        linked.append(replace(figure, summary=figure_summary(figure)))
    return linked


def _inside(span: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def _reporting_dates(article: Article) -> set[tuple[int, int]]:
    """Spans of dates that tell when something was said ("said on Tuesday")."""
    spans = set()
    for date in article.dates:
        for attribution in article.sources:
            cue_end = attribution.cue.span[1]
            if cue_end <= date.span[0] <= cue_end + 12 and _REPORTING_GAP.match(
                article.text[cue_end : date.span[0]]
            ):
                spans.add(date.span)
    return spans


def _period(figure: Figure, dates: list[Timex], reporting: set[tuple[int, int]]) -> Timex | None:
    """The nearest point or period in the figure's sentence (durations and sets are not periods);
    the date of a saying only when the sentence has no other."""
    candidates = [d for d in dates if d.type in _PERIOD_TYPES and not _overlaps(d.span, figure.span)]
    if any(d.span not in reporting for d in candidates):
        candidates = [d for d in candidates if d.span not in reporting]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (_distance(d.span, figure.span), d.span[0] > figure.span[0]))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _change_reference(figure: Figure, dates: list[Timex]) -> Timex | None:
    """A reference-period expression after the figure's change, e.g. "the same period last year"."""
    if figure.change is None:
        return None
    start = min(figure.change.span[0], figure.span[0])
    after = [d for d in dates if d.span[0] >= start and _REFERENCE_TEXT.search(d.text)]
    return min(after, key=lambda d: d.span[0]) if after else None


def _with_reference(
    change: Change | None, reference: Timex | None, period: Timex | None, text: str, sentence: tuple[int, int]
) -> Change | None:
    if change is None:
        return None
    if reference is None and period is not None:
        reference = _year_on_year_reference(change, period, text, sentence)
    return replace(change, reference=reference) if reference else change


def _year_on_year_reference(
    change: Change, period: Timex, text: str, sentence: tuple[int, int]
) -> Timex | None:
    """For "41 per cent down year-on-year": the figure's period one year back, on the cue's span."""
    match = _YEAR_ON_YEAR.search(text, change.span[0], sentence[1])
    if match is None:
        return None
    shifted = shift_years(period.value, -1)
    if shifted == period.value:
        return None
    return Timex((match.start(), match.end()), match.group(0), "DATE", shifted)


def _source(figure: Figure, attributions: list[Attribution]) -> FigureSource | None:
    """The attribution whose content holds the figure, else one whose cue is in its sentence."""
    covering = [a for a in attributions if _in_content(figure.span, a)]
    if not covering:
        covering = [a for a in attributions if a.source and _inside(a.cue.span, figure.sentence)]
    if not covering:
        return None
    best = min(covering, key=lambda a: a.content.span[1] - a.content.span[0])
    if best.source is None:
        return None
    return FigureSource(best.resolved or best.source.text, best.source.span, best.cue.text, inherited=False)


def _in_content(span: tuple[int, int], attribution: Attribution) -> bool:
    parts = attribution.content.parts or (attribution.content.span,)
    return any(_inside(span, part) for part in parts)


def _main_source(article: Article) -> FigureSource | None:
    """What a figure with no local attribution inherits: the source the article cites most
    (at least twice), else its wire agency or outlet."""
    names = [_source_name(a) for a in article.sources]
    counts = Counter(name for name in names if name)
    if counts:
        name, count = counts.most_common(1)[0]
        if count >= MAIN_SOURCE_MIN_CITATIONS:
            first = next(a for a, n in zip(article.sources, names, strict=True) if n == name)
            span = first.source.span if first.source else None
            return FigureSource(name, span, first.cue.text, inherited=True)
    wire = article.meta.agency or article.meta.outlet
    return FigureSource(wire, None, None, inherited=True) if wire else None


def _source_name(attribution: Attribution) -> str | None:
    """The name a source goes by: its resolved mention, else its text (None when agentless)."""
    if attribution.source is None:
        return None
    return attribution.resolved or attribution.source.text
