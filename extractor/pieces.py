"""Long texts in pieces: the pipeline parses a long article as pieces of bounded size, cut at
paragraph boundaries, so that its memory stays flat however long the article is (the parse of a
1 MB text in one ``Doc`` takes gigabytes). The rule stages' results on each piece are moved back
onto the whole text (``shifted_*``) before linking, which sees the article whole.

A paragraph longer than a piece is cut at a line end, else after a sentence's full stop, else at
a space, else anywhere; a sentence cut in two is the price of bounded memory. The time stage
starts afresh in each piece: a relative date early in a piece ("a year earlier") is anchored on
that piece's dates and the publication date, not on the previous piece's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractor.records import Attribution, Change, Figure, FigureSource, Mention, Span, Timex

# Where a piece may end, best first: after a blank line, a line end, a full stop, a space.
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'”’)]*\s"), re.compile(r"\s"))


def split_pieces(text: str, max_chars: int) -> list[tuple[int, str]]:
    """``(offset, piece)`` pairs that cover ``text`` in order, each at most ``max_chars`` long."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > max_chars:
        end = _break_before(text, start, start + max_chars)
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces


def _break_before(text: str, start: int, limit: int) -> int:
    """The best place to end a piece in ``text[start:limit]``: the last break of the best kind
    found in its second half (so that pieces are not tiny), else ``limit``."""
    window_start = start + (limit - start) // 2
    for pattern in _BREAKS:
        ends = [match.end() for match in pattern.finditer(text, window_start, limit)]
        if ends:
            return ends[-1]
    return limit


# --- moving results back onto the whole text ------------------------------------------------------


def _span(span: Span, offset: int) -> Span:
    return (span[0] + offset, span[1] + offset)


def shifted_timex(timex: Timex, offset: int) -> Timex:
    return timex if timex.span is None else replace(timex, span=_span(timex.span, offset))


def _shifted_mention(mention: Mention, offset: int) -> Mention:
    parts = tuple(_span(part, offset) for part in mention.parts)
    return replace(mention, span=_span(mention.span, offset), parts=parts)


def shifted_attribution(attribution: Attribution, offset: int) -> Attribution:
    source = attribution.source
    return replace(
        attribution,
        source=None if source is None else _shifted_mention(source, offset),
        cue=_shifted_mention(attribution.cue, offset),
        content=_shifted_mention(attribution.content, offset),
    )


def _shifted_change(change: Change, offset: int) -> Change:
    reference = None if change.reference is None else shifted_timex(change.reference, offset)
    return replace(change, span=_span(change.span, offset), reference=reference)


def _shifted_source(source: FigureSource, offset: int) -> FigureSource:
    return source if source.span is None else replace(source, span=_span(source.span, offset))


def shifted_figure(figure: Figure, offset: int) -> Figure:
    return replace(
        figure,
        span=_span(figure.span, offset),
        sentence=_span(figure.sentence, offset),
        change=None if figure.change is None else _shifted_change(figure.change, offset),
        period=None if figure.period is None else shifted_timex(figure.period, offset),
        source=None if figure.source is None else _shifted_source(figure.source, offset),
    )
