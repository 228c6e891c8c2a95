"""Attribution forms found on the surface rather than in the parse tree.

``X: “...”`` (a speaker or a headline's source before a colon), quotes signed with a dash
(``“...” ― Jane Doe``) and the continuation of a split quote (``“A,” he said. “B.”``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Span

from extractor.attribution.lexicon import AttributionLexicon
from extractor.attribution.rules import Draft
from extractor.attribution.spans import merge, plain_span, token_fragments, touches
from extractor.records import Span as CharSpan
from extractor.support.intervals import SpanIndex

MAX_COLON_SOURCE_TOKENS = 7
_DASHES = frozenset({"-", "\u2013", "\u2014", "\u2015"})
_NAME_WORD = r"[A-Z][\w.'\u2019-]*"
_DASH_SIGNATURE = re.compile(
    # the dash on the quote's line or opening the next one, then a name ending its line
    rf"(?:[ \t]*|\s*\n)[\u2015\u2014\u2013-]+[ \t]*"
    rf"({_NAME_WORD}(?:[ \t,]+{_NAME_WORD}){{0,6}})[ \t.]*(?:\n|$)"
)
# Between the two halves of a split quote: the cue clause and punctuation, on one line.
_MAX_SPLIT_GAP = 120


def _colon_source_ok(tokens: Span, lex: AttributionLexicon) -> bool:
    if not 1 <= len(tokens) <= MAX_COLON_SOURCE_TOKENS:
        return False
    if any(t.pos_ in {"VERB", "AUX", "NUM"} or t.like_num or t.text in {":", "(", ")", "/"} for t in tokens):
        return False
    head = tokens.root
    return head.pos_ == "PROPN" or head.ent_type_ in {"PERSON", "ORG"} or head.lower_ in lex.source_nouns


def _line_start(doc: Doc, colon: int) -> int:
    """Where the would-be source before a colon starts: the line start or a dash ("Poll - Jane Doe:")."""
    i = colon - 1
    while (
        i >= 0 and "\n" not in doc[i].text and "\n" not in doc[i].whitespace_ and doc[i].text not in _DASHES
    ):
        if colon - i > MAX_COLON_SOURCE_TOKENS + 1:
            return -1
        i -= 1
    return i + 1


def _colon_content(doc: Doc, colon: int) -> Span | None:
    """What follows a colon up to the end of its line, if it says something (a verb or a quote)."""
    end = colon + 1
    while end < len(doc) and "\n" not in doc[end].text and "\n" not in doc[end - 1].whitespace_:
        end += 1
    after = doc[colon + 1 : end]
    if len(after) < 3 or not any(t.pos_ in {"VERB", "AUX"} or t.is_quote for t in after):
        return None
    return after


def colon_drafts(doc: Doc, lex: AttributionLexicon, colons: Iterable[int]) -> list[Draft]:
    """``Speaker: “...”`` and ``Poll: Clinton leads``: a short name before a colon speaks the rest.
    ``colons`` are the indices of the doc's ":" tokens."""
    drafts = []
    for i in colons:
        token = doc[i]
        if i == 0:
            continue
        start = _line_start(doc, token.i)
        if start < 0:
            continue
        before = doc[start : token.i]
        after = _colon_content(doc, token.i)
        if after is None or not _colon_source_ok(before, lex):
            continue
        content = token_fragments(doc, range(after.start, after.end), min_chars=2)
        source = token_fragments(doc, range(before.start, before.end))
        if content and source:
            cue = (plain_span(doc, token.i, token.i),)
            drafts.append(Draft(source, cue, content, before.root.i, "colon"))
    return drafts


def dash_drafts(doc: Doc, text: str, quotes: list[CharSpan]) -> list[Draft]:
    """A quote signed with a dash and a name: ``“...” ― Jane Doe``."""
    drafts = []
    for start, end in quotes:
        tail = end
        while tail < len(text) and text[tail] in ".,":
            tail += 1
        match = _DASH_SIGNATURE.match(text, tail)
        if not match:
            continue
        name_start, name_end = match.span(1)
        name = text[name_start:name_end].rstrip(" ,.")
        dash = match.group(0).lstrip()[0]
        dash_at = text.index(dash, tail)
        head = doc.char_span(name_start, name_start + len(name), alignment_mode="expand")
        drafts.append(
            Draft(
                ((name_start, name_start + len(name)),),
                ((dash_at, dash_at + 1),),
                ((start, end),),
                head.root.i if head is not None else None,
                "dash",
            )
        )
    return drafts


def split_quote_parts(drafts: list[Draft], quotes: list[CharSpan], text: str) -> list[Draft]:
    """Add the second half of a quote split by its cue: ``“A,” he said. “B.”``.

    The next quote belongs to the same content when only the cue clause (its cue, its source
    and punctuation) separates it from the first half, in the same paragraph, and no other
    attribution claims it. ``quotes`` are sorted.
    """
    claims = SpanIndex((fragment, i) for i, d in enumerate(drafts) for fragment in d.cue + d.content)
    quote_ends = {end for _, end in quotes}
    out = []
    for draft in drafts:
        nxt = _second_half(draft, quotes, quote_ends, text)
        if nxt is not None and all(drafts[i].cue == draft.cue for i in claims.overlapping(nxt)):
            draft = replace(draft, content=merge([*draft.content, nxt]))
        out.append(draft)
    return out


def _second_half(draft: Draft, quotes: list[CharSpan], quote_ends: set[int], text: str) -> CharSpan | None:
    """The quote that may continue the draft's quoted content past its cue clause, if any."""
    if not draft.content or not draft.cue:
        return None
    content_end = draft.content[-1][1]
    if content_end not in quote_ends or content_end > draft.cue[0][0]:
        return None
    claimed = draft.cue + (draft.source or ())
    later = (quotes[k] for k in range(bisect.bisect_left(quotes, (content_end,)), len(quotes)))
    nxt = next((q for q in later if not touches((q,), claimed)), None)
    if nxt is None:
        return None
    gap = _outside(text, content_end, nxt[0], claimed)
    if len(text[content_end : nxt[0]]) > _MAX_SPLIT_GAP or "\n" in text[content_end : nxt[0]]:
        return None
    # The second half starts a new sentence or follows the cue clause's comma: "he said, “B”".
    if not gap.rstrip() or gap.rstrip()[-1] not in ".,:;!?" or len(text[nxt[0] : nxt[1]].split()) < 3:
        return None
    return nxt


def _outside(text: str, start: int, end: int, spans: tuple[CharSpan, ...]) -> str:
    """The text of [start, end) with the given spans blanked out."""
    chars = list(text[start:end])
    for s, e in spans:
        for i in range(max(s, start), min(e, end)):
            chars[i - start] = " "
    return "".join(chars)
