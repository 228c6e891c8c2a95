"""Cheap doc text, token arrays and sentence lookup agree with spaCy's own (slow) properties."""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language

from extractor.support.spacy_utils import (
    doc_text,
    entity_of,
    sentence_of,
    sentences,
    token_starts,
    token_strings,
)


def test_sentence_of_matches_token_sent(nlp: Language) -> None:
    doc = nlp("Exports rose 5% in May. Imports fell. The ministry said so on Tuesday, officials added.")
    for token in doc:
        assert sentence_of(token) == token.sent


def test_sentence_of_without_sentences_is_the_whole_doc(blank_nlp: Language) -> None:
    doc = blank_nlp("No parser here. So one span.")
    assert sentence_of(doc[4]) == doc[:]


def test_doc_text_is_the_text_and_is_kept(nlp: Language) -> None:
    doc = nlp("About 2,400 arrived in 2010.")
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)


def test_sentences_match_doc_sents(nlp: Language) -> None:
    doc = nlp("Exports rose 5% in May.\n\nImports fell! Did they? The ministry said so on Tuesday.")
    assert [(s.start, s.end) for s in sentences(doc)] == [(s.start, s.end) for s in doc.sents]
    assert len(sentences(doc)) >= 3
    assert sentences(nlp.make_doc("")) == []


def test_token_arrays_match_token_attributes(nlp: Language) -> None:
    doc = nlp("Officials SAID the figures were revised, hoping for 3.5% growth.")
    assert token_starts(doc) == [t.idx for t in doc]
    assert token_strings(doc, LOWER) == [t.lower_ for t in doc]
    assert token_strings(doc, LEMMA) == [t.lemma_ for t in doc]


def test_entity_of_matches_doc_ents(nlp: Language) -> None:
    doc = nlp(
        "Yoh Sang-key of the Unification Ministry in Seoul said on July 1, 2020 that 12 people "
        "from North Korea arrived between April and June, The Korea Herald reported."
    )
    assert len(doc.ents) >= 4
    for token in doc:
        expected = next(((e.start, e.end, e.label_) for e in doc.ents if e.start <= token.i < e.end), None)
        found = entity_of(token)
        assert (found.start, found.end, found.label_) == expected if found is not None else expected is None
