"""Linking: give each figure its period, its change's reference period, its source, an id and
a readable summary, from what the date and attribution stages found and the structure of the
article (``discourse``): the rules are in ``period`` and ``source``.

The cost is linear in the article: dates and attributions are indexed by sentence and offset
once, and each figure is linked by bisection, never by a scan of every date or source.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from extractor.link.discourse import Discourse
from extractor.link.period import PeriodLinker
from extractor.link.source import SourceLinker
from extractor.link.summary import figure_summary
from extractor.records import Article, Change, Figure, Timex, stable_id
from extractor.timex.stage import parse_published, shift_years

# Time expressions that name the period a change is measured against, not the figure's own.
_REFERENCE_TEXT = re.compile(
    r"\b(same (period|quarter|month|time|week)|(a|one|the) year (earlier|ago|before)|year[- ]ago|"
    r"previous|prior|preceding|last year|a year earlier|year[- ](on|over)[- ]year)\b",
    re.IGNORECASE,
)
# A change said to be "year-on-year" is measured against the same period one year before.
_YEAR_ON_YEAR = re.compile(r"\b(year[- ](on|over|to)[- ]year|y-?o-?y|from a year (earlier|ago))\b", re.I)


def link_figures(
    article: Article, figures: list[Figure], discourse: Discourse, headline: Sequence[Timex] = ()
) -> list[Figure]:
    """The figures with id, period, change reference, source and summary filled in;
    ``discourse`` is the article's structure (``Discourse.from_doc`` of its parse), ``headline``
    the time expressions of its title (their spans index the title)."""
    periods = PeriodLinker.build(article, discourse, parse_published(article.meta.published), headline)
    sources = SourceLinker.build(article, discourse).sources(figures)
    dates = [d for d in article.dates if d.span is not None]
    date_starts = [d.span[0] for d in dates if d.span is not None]
    linked = []
    for figure, source in zip(figures, sources, strict=True):
        reference = _change_reference(figure, dates, date_starts, discourse)
        period = periods.period(figure, reference)
        change = _with_reference(figure.change, reference, period, article.text, figure.sentence)
        figure = replace(
            figure,
            id=stable_id(article.id, figure.span[0], figure.span[1], figure.kind),
            period=period,
            change=change,
            source=source,
        )
        linked.append(replace(figure, summary=figure_summary(figure)))
    return linked


def _change_reference(
    figure: Figure, dates: list[Timex], starts: list[int], discourse: Discourse
) -> Timex | None:
    """The first reference-period expression after the figure's change, in its sentence ("the
    same period last year"); ``starts`` are the dates' start offsets, for bisection."""
    if figure.change is None:
        return None
    start = min(figure.change.span[0], figure.span[0])
    sentence_end = discourse.sentences[discourse.sentence_index(start)][1]
    for k in range(bisect_left(starts, start), bisect_left(starts, sentence_end)):
        if _REFERENCE_TEXT.search(dates[k].text):
            return dates[k]
    return None


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
