"""Span helpers of the attribution stage: token sets to trimmed character fragments, and quotes.

A role (source, cue, content) is a tuple of ``[start, end)`` character fragments, most often one.
Fragments are trimmed the way news attribution corpora mark them: no edge spaces or sentence
punctuation, but quotation marks (and the punctuation inside them) are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc

from extractor.records import Span
from extractor.support.intervals import SpanIndex

Fragments = tuple[Span, ...]

OPENING_QUOTES = frozenset({"“", '"', "``", "''", "«", "\u2018"})
CLOSING_QUOTES = frozenset({"”", '"', "''", "»", "\u2019"})
# The '' of some wires (NYT) opens and closes quotes alike; guillemets pair as usual.
_PAIRED_QUOTE_RE = re.compile(r"''(?:(?!'')[^\n])*''|«[^«»\n]*»")
_DOUBLE_QUOTES = frozenset({'"', "“", "”"})


def quote_spans(text: str) -> list[Span]:
    """Every quoted passage of the text, marks included; a quote left open ends its paragraph.

    Straight and curly double quotes are paired in reading order, since news text mixes them
    ("... counterterrorism,” said ...): any of them opens a quote, and a straight or closing
    quote ends it.
    """
    spans = [(m.start(), m.end()) for m in _PAIRED_QUOTE_RE.finditer(text)]
    opened: int | None = None
    for i, char in enumerate(text):
        if char == "\n" and opened is not None:
            spans.append((opened, i))
            opened = None
        elif char in _DOUBLE_QUOTES:
            if opened is None:
                # A closing mark opens a quote only at the start of a paragraph (a typo for “).
                opened = i if char != "”" or i == 0 or text[i - 1] == "\n" else None
            elif char != "“":
                spans.append((opened, i + 1))
                opened = None
            else:
                opened = i  # a second opening mark: the first was never closed
    if opened is not None:
        spans.append((opened, len(text)))
    return sorted(s for s in spans if s[1] - s[0] > 2)


def _keep_at_start(doc: Doc, i: int) -> bool:
    token = doc[i]
    if token.is_space:
        return False
    return not token.is_punct or token.text in OPENING_QUOTES


def _keep_at_end(doc: Doc, i: int) -> bool:
    token = doc[i]
    if token.is_space:
        return False
    return not token.is_punct or token.text in CLOSING_QUOTES or token.text in {"%", ")", "]", "!", "?"}


def _runs(indices: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive token indices grouped as inclusive (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for i in sorted(set(indices)):
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def trim_run(doc: Doc, first: int, last: int) -> Span | None:
    """The character span of tokens first..last without edge punctuation, or None if nothing is left."""
    while first <= last and not _keep_at_start(doc, first):
        first += 1
    while last >= first and not _keep_at_end(doc, last):
        last -= 1
    if first > last:
        return None
    # A closing quote keeps the comma or period written inside it ("... season,”).
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def token_fragments(doc: Doc, indices: Iterable[int], *, min_chars: int = 1) -> Fragments:
    """Trimmed character fragments covering a set of token indices."""
    out = []
    for first, last in _runs(indices):
        span = trim_run(doc, first, last)
        if span and span[1] - span[0] >= min_chars:
            out.append(span)
    return tuple(out)


def plain_span(doc: Doc, first: int, last: int) -> Span:
    """The character span of tokens first..last (inclusive), untrimmed."""
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def touches(a: Fragments, b: Fragments) -> bool:
    """Whether two fragment lists share a character."""
    return any(x[0] < y[1] and y[0] < x[1] for x in a for y in b)


def inside(a: Fragments, b: Fragments) -> bool:
    """Whether every fragment of a lies within some fragment of b."""
    return bool(a) and all(any(y[0] <= x[0] and x[1] <= y[1] for y in b) for x in a)


def within_one_owner(fragments: Fragments, index: SpanIndex) -> set[int]:
    """The owners whose fragments hold every one of ``fragments`` (``inside`` per owner)."""
    if not fragments:
        return set()
    owners = index.containing(fragments[0])
    for fragment in fragments[1:]:
        owners &= index.containing(fragment)
    return owners


def extend_to_quotes(content: Fragments, quotes: SpanIndex, keep_out: Fragments) -> Fragments:
    """Stretch content fragments that cut a quote so they hold the whole quote.

    A multi-sentence quote is parsed as several sentences, so the clause the cue governs is
    often only its last sentence; the attributed content is the whole quotation. A quote that
    holds the cue or source itself (``keep_out``) is never swallowed.
    """
    out = []
    for start, end in content:
        # Quotes are taken in order, as a stretch can bring the next one into reach.
        for q_start, q_end in quotes.reaching_past(start):
            if q_start >= end:  # neither this quote nor a later one reaches the fragment
                break
            overlaps = q_start < end and start < q_end
            cuts = start > q_start or end < q_end
            if overlaps and cuts and not touches(((q_start, q_end),), keep_out):
                start, end = min(start, q_start), max(end, q_end)
        out.append((start, end))
    return merge(out)


def merge(fragments: Iterable[Span]) -> Fragments:
    """Sorted fragments with overlapping ones joined."""
    out: list[Span] = []
    for start, end in sorted(fragments):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)
