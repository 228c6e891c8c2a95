"""Cheap doc text and sentence lookup agree with spaCy's own (slow) properties."""

from __future__ import annotations

from spacy.language import Language

from extractor.spacy_utils import doc_text, sentence_of


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
