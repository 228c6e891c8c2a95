"""A doc's named entities, indexed for pronoun resolution: the nearest earlier entity of some
labels, and the fullest earlier form of its name, are found by bisection instead of a scan of
every entity for every pronoun (which made long articles quadratic)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.tokens import Span


class _Mentions:
    """Positions (into the entity list, in doc order) of the entities of one kind, with, per last
    word of the name, the longest name seen up to each of them."""

    def __init__(self, positions: list[int], texts: Sequence[str]) -> None:
        self.positions = positions
        self._texts = texts
        self._by_last_word: dict[str, tuple[list[int], list[int]]] | None = None

    def count_before(self, limit: int) -> int:
        """How many of these entities come before entity number ``limit``."""
        return bisect.bisect_left(self.positions, limit)

    def fullest_name(self, count: int) -> str:
        """The name of the last of the first ``count`` entities, or a longer earlier name with the
        same last word ("Yoh" -> "Yoh Sang-key"); the first of the longest wins."""
        name = self._texts[self.positions[count - 1]]
        same, longest = self._last_word_index().get(name.split()[-1], ([], []))
        seen = bisect.bisect_right(same, self.positions[count - 1])
        fullest = self._texts[longest[seen - 1]] if seen else name
        return fullest if len(fullest) > len(name) else name

    def _last_word_index(self) -> dict[str, tuple[list[int], list[int]]]:
        if self._by_last_word is None:
            self._by_last_word = {}
            for position in self.positions:
                text = self._texts[position]
                same, longest = self._by_last_word.setdefault(text.split()[-1], ([], []))
                best = longest[-1] if longest and len(self._texts[longest[-1]]) >= len(text) else position
                same.append(position)
                longest.append(best)
        return self._by_last_word


class EntityIndex:
    """The named entities of a doc (``doc.ents``: sorted, never overlapping)."""

    def __init__(self, entities: Sequence[Span]) -> None:
        self._entities = list(entities)
        self._texts = [e.text for e in self._entities]
        self._lower = [text.lower() for text in self._texts]
        self._labels = [e.label_ for e in self._entities]
        self._end_chars = [e.end_char for e in self._entities]
        self._starts = [e.start for e in self._entities]
        self._mentions: dict[tuple[str, str | None], _Mentions] = {}

    def _of(self, label: str, noun: str | None) -> _Mentions:
        """The entities of ``label`` (whose name holds ``noun``, when given)."""
        key = (label, noun)
        if key not in self._mentions:
            positions = [
                i
                for i, found in enumerate(self._labels)
                if found == label and (noun is None or noun in self._lower[i])
            ]
            self._mentions[key] = _Mentions(positions, self._texts)
        return self._mentions[key]

    def nearest(self, before: int, labels: tuple[str, ...], noun: str | None) -> str | None:
        """The fullest name of the closest entity ending before character ``before`` whose label
        fits, the first label preferred; among those whose name holds ``noun``, if any does."""
        limit = bisect.bisect_right(self._end_chars, before)
        if noun is not None and not any(self._of(label, noun).count_before(limit) for label in labels):
            noun = None
        for label in labels:
            mentions = self._of(label, noun)
            count = mentions.count_before(limit)
            if count:
                return mentions.fullest_name(count)
        return None

    def containing_token(self, i: int) -> str | None:
        """The text of the entity that token ``i`` belongs to, if any."""
        at = bisect.bisect_right(self._starts, i) - 1
        if at >= 0 and i < self._entities[at].end:
            return self._texts[at]
        return None
