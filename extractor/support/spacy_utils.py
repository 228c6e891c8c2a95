"""Cheap access to what spaCy computes on every read.

``Doc.text`` joins every token anew on each access, ``Doc.ents`` builds every entity anew, and
``Token.sent`` first checks the sentence annotation of the whole doc: all are O(document) per
call, which rule code calling them per number or per date turns into O(document²).
"""

from __future__ import annotations

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Span, Token

_TEXT_KEY = "newsfacts.text"


def doc_text(doc: Doc) -> str:
    """The doc's text, built once and kept in ``doc.user_data``."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def token_starts(doc: Doc) -> list[int]:
    """The character offset of each token, read from the doc's array rather than token by token."""
    starts: list[int] = doc.to_array(IDX).tolist()
    return starts


def token_strings(doc: Doc, attr: int) -> list[str]:
    """A string attribute (``LOWER``, ``LEMMA`` ...) of every token, read from the doc's array:
    rule code can then look at every word without making a ``Token`` for each."""
    strings = doc.vocab.strings
    known: dict[int, str] = {}
    out = []
    for key in doc.to_array(attr).tolist():
        text = known.get(key)
        if text is None:
            text = known[key] = strings[key]
        out.append(text)
    return out


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences, as ``doc.sents`` gives them, found from the sentence-start array."""
    flags: list[int] = doc.to_array(SENT_START).tolist()
    if not flags:
        return []
    starts = [0, *(i for i in range(1, len(flags)) if flags[i] == 1)]
    return [doc[start:end] for start, end in zip(starts, [*starts[1:], len(flags)], strict=True)]


def entity_of(token: Token) -> Span | None:
    """The named entity the token is part of, as ``doc.ents`` has it (a "B" token and the "I"
    tokens after it), found from the token's neighbours instead of building ``doc.ents``."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type_)


def sentence_of(token: Token) -> Span:
    """The token's sentence, found by walking to the nearest sentence starts (the whole doc when
    there is no sentence annotation)."""
    doc = token.doc
    start = token.i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = token.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start:end]
