"""Spans indexed for overlap and containment queries, so that rule stages stay linear in the
length of an article."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

Span = tuple[int, int]


class SpanIndex:
    """Spans, each of an owner (an int), sorted by start: which ones overlap or contain a given
    span, found by bisection in a window as wide as the longest span rather than by a scan of all
    (a scan per candidate would make a rule stage quadratic in the length of the article)."""

    def __init__(self, items: Iterable[tuple[Span, int]] = ()) -> None:
        self._items = sorted(items)
        self._starts = [span[0] for span, _ in self._items]
        self._longest = max((span[1] - span[0] for span, _ in self._items), default=0)

    def add(self, span: Span, owner: int) -> None:
        at = bisect.bisect_right(self._items, (span, owner))
        self._items.insert(at, (span, owner))
        self._starts.insert(at, span[0])
        self._longest = max(self._longest, span[1] - span[0])

    def _window(self, first_start: int, last_start: int) -> list[tuple[Span, int]]:
        """The items whose start lies in [first_start, last_start]."""
        lo = bisect.bisect_left(self._starts, first_start)
        return self._items[lo : bisect.bisect_right(self._starts, last_start)]

    def reaching_past(self, start: int) -> Iterator[Span]:
        """The spans in order, from the first that may end after ``start`` (those before it
        start more than the longest span earlier, so they end before it)."""
        for k in range(bisect.bisect_left(self._starts, start - self._longest), len(self._items)):
            yield self._items[k][0]

    def overlapping(self, span: Span) -> set[int]:
        """Owners of a span sharing a character with ``span`` (as ``touches`` has it)."""
        start, end = span
        near = self._window(start - self._longest, end)
        return {owner for (s, e), owner in near if s < end and start < e}

    def containing(self, span: Span) -> set[int]:
        """Owners of a span that ``span`` lies within (as ``inside`` has it)."""
        start, end = span
        near = self._window(end - self._longest, start)
        return {owner for (s, e), owner in near if s <= start and end <= e}
