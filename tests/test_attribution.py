"""The attribution stage on hand-written sentences: each news form, pronouns, wire credits."""

from __future__ import annotations

import random

import pytest
from spacy.language import Language
from spacy.tokens import Span as SpacySpan

from extractor.attribution.entities import EntityIndex
from extractor.attribution.lexicon import attribution_lexicon
from extractor.attribution.rules import RuleContext
from extractor.attribution.spans import (
    Fragments,
    extend_to_quotes,
    inside,
    merge,
    quote_spans,
    token_fragments,
    touches,
)
from extractor.attribution.stage import find_attributions
from extractor.errors import NewsfactsError
from extractor.records import Attribution, Span
from extractor.support.intervals import SpanIndex


def _only(nlp: Language, text: str) -> Attribution:
    found = find_attributions(nlp(text))
    assert len(found) == 1, [a.to_json() for a in found]
    return found[0]


def _roles(attribution: Attribution) -> tuple[str | None, str, str]:
    source = attribution.source.text if attribution.source else None
    return source, attribution.cue.text, attribution.content.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ministry spokesman John Smith said that prices would rise next year.",
            ("Ministry spokesman John Smith", "said", "prices would rise next year"),
        ),
        (
            "The minister told reporters that the budget would be cut.",
            ("The minister", "told", "the budget would be cut"),
        ),
        (
            "The firm announced it would hire 100 workers.",
            ("The firm", "announced", "it would hire 100 workers"),
        ),
        (
            "Analysts estimated that sales fell 3 percent.",
            ("Analysts", "estimated", "sales fell 3 percent"),
        ),
        ("The IMF warned that growth would slow.", ("The IMF", "warned", "growth would slow")),
        (
            "Prices will rise next year, the central bank said on Monday.",
            ("the central bank", "said", "Prices will rise next year"),
        ),
        (
            "Unemployment fell to 4 percent, according to the Labour Department.",
            ("the Labour Department", "according to", "Unemployment fell to 4 percent"),
        ),
        (
            "Official data show that exports grew by 5 percent.",
            ("Official data", "show", "exports grew by 5 percent"),
        ),
        (
            "The company cut 200 jobs, as reported by the Financial Times.",
            ("the Financial Times", "reported by", "The company cut 200 jobs"),
        ),
        (
            "Only 12 people crossed the border this year, reports Efe news reports.",
            ("Efe news", "reports", "Only 12 people crossed the border this year"),
        ),
        ('Smith: "We will win this race."', ("Smith", ":", '"We will win this race."')),
        (
            "Many voters believe the economy is improving.",
            ("Many voters", "believe", "the economy is improving"),
        ),
        ("The senator criticized the plan.", ("The senator", "criticized", "the plan")),
        (
            "The governor has repeatedly vowed to veto the bill.",
            ("The governor", "has repeatedly vowed", "to veto the bill"),
        ),
    ],
)
def test_news_forms(nlp: Language, text: str, expected: tuple[str | None, str, str]) -> None:
    assert _roles(_only(nlp, text)) == expected


def test_appositive_source_keeps_its_closing_comma(nlp: Language) -> None:
    found = _only(nlp, "Jane Doe, a spokeswoman for the agency, said the office would close.")
    assert found.source is not None
    assert found.source.text == "Jane Doe, a spokeswoman for the agency,"


def test_agentless_report_has_no_source(nlp: Language) -> None:
    found = _only(nlp, "It was reported that the factory closed.")
    assert found.source is None
    assert (found.cue.text, found.content.text) == ("was reported", "the factory closed")


def test_quote_split_by_its_cue_is_one_content_in_two_parts(nlp: Language) -> None:
    text = '"We are ready," he said. "The talks start tomorrow."'
    found = _only(nlp, text)
    assert found.cue.text == "said"
    assert [text[s:e] for s, e in found.content.parts] == ['"We are ready,"', '"The talks start tomorrow."']


def test_multi_sentence_quote_is_attributed_whole(nlp: Language) -> None:
    text = "“Costs went up. We had no choice,” the owner said."
    found = _only(nlp, text)
    assert found.content.text == "“Costs went up. We had no choice,”"
    assert found.source is not None and found.source.text == "the owner"


def test_attributions_inside_a_quote_are_not_reported(nlp: Language) -> None:
    text = '"I think the deal is dead," Smith said.'
    found = find_attributions(nlp(text))
    assert [a.cue.text for a in found] == ["said"]


def test_pronoun_source_resolves_to_the_person_named_before(nlp: Language) -> None:
    found = _only(nlp, "Maria Lopez runs the clinic in Lima. She said the number of patients doubled.")
    assert found.source is not None and found.source.text == "She"
    assert found.resolved == "Maria Lopez"


def test_definite_description_resolves_to_the_organisation(nlp: Language) -> None:
    text = "Acme Corp opened a plant in Ohio. The company said it would hire 300 people."
    found = _only(nlp, text)
    assert found.source is not None and found.source.text == "The company"
    assert found.resolved == "Acme Corp"


def test_named_source_is_not_resolved(nlp: Language) -> None:
    found = _only(nlp, "Analysts estimated that sales fell 3 percent.")
    assert found.resolved is None


def test_results_are_sorted_by_content_and_serialise(nlp: Language) -> None:
    text = "Sales rose 5 percent, the company said. The union said 40 workers were laid off."
    found = find_attributions(nlp(text))
    assert [a.content.span[0] for a in found] == sorted(a.content.span[0] for a in found)
    for item in found:
        data = item.to_json()
        start, end = data["content"]["span"]
        assert text[start:end] == data["content"]["text"]


def test_plain_narration_has_no_attribution(nlp: Language) -> None:
    assert find_attributions(nlp("The bridge opened in 1998 and carries 40,000 cars a day.")) == []


def test_quote_spans_pair_marks_within_a_paragraph() -> None:
    text = 'He said "yes" and “no”.\n\n“An open quote runs to its paragraph end\nNext.'
    spans = [text[s:e] for s, e in quote_spans(text)]
    assert spans == ['"yes"', "“no”", "“An open quote runs to its paragraph end"]


def test_token_fragments_trim_punctuation_but_keep_quotes(blank_nlp: Language) -> None:
    doc = blank_nlp('"We won," he said, .')
    assert [doc.text[s:e] for s, e in token_fragments(doc, range(len(doc)))] == ['"We won," he said']
    assert token_fragments(doc, [len(doc) - 1]) == ()


def test_extend_to_quotes_never_swallows_the_cue() -> None:
    quotes = SpanIndex([((0, 20), 0)])
    assert extend_to_quotes(((5, 10),), quotes, keep_out=((30, 34),)) == ((0, 20),)
    assert extend_to_quotes(((5, 10),), quotes, keep_out=((12, 14),)) == ((5, 10),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In a new poll by Gallup, 40 percent of voters approve of the plan.",
            ("a new poll by Gallup", "In", "40 percent of voters approve of the plan"),
        ),
        ('"We will not give up." \u2015 Jane Doe', ("Jane Doe", "\u2015", '"We will not give up."')),
        (
            "Turkey's refusal to recognize the vote angered Brussels.",
            ("Turkey's", "refusal", "to recognize the vote"),
        ),
        (
            "Asked whether he would run again, the mayor smiled.",
            (None, "Asked", "whether he would run again"),
        ),
    ],
)
def test_less_common_forms(nlp: Language, text: str, expected: tuple[str | None, str, str]) -> None:
    assert _roles(_only(nlp, text)) == expected


def test_set_off_participle_with_agent(nlp: Language) -> None:
    text = "The scheme, first reported by The Harbour Gazette, is central to the budget."
    found = _only(nlp, text)
    assert found.source is not None and found.source.text == "The Harbour Gazette"
    assert found.cue.text == "first reported by"
    assert [text[s:e] for s, e in found.content.parts] == ["The scheme", "is central to the budget"]


def test_unparsed_doc_is_refused(blank_nlp: Language) -> None:
    with pytest.raises(NewsfactsError):
        find_attributions(blank_nlp("He said prices rose."))


def test_empty_doc_has_no_attribution(nlp: Language) -> None:
    assert find_attributions(nlp("")) == []


@pytest.mark.parametrize(
    "text",
    [
        "Pharmaceutical exports fell by 12.5 per cent in March.",
        "Income per capita rose to $4,000 last year.",
        "The plant makes 300 cars per day.",
    ],
)
def test_per_with_a_unit_is_no_attribution(nlp: Language, text: str) -> None:
    assert not [a for a in find_attributions(nlp(text)) if a.cue.text.lower() == "per"]


def test_per_with_a_source_is_an_attribution(nlp: Language) -> None:
    [attribution] = find_attributions(nlp("Per the ministry, exports rose 5% in May."))
    assert attribution.cue.text == "Per" and attribution.source is not None
    assert attribution.source.text == "the ministry"


def test_rule_context_reads_words_and_paragraphs_from_the_doc(nlp: Language) -> None:
    text = "Officials said: “Prices rose.”\n\nHe ADDED that\nthey fell.  \n Hoping for more, she said."
    doc = nlp(text)
    ctx = RuleContext.build(doc, text, attribution_lexicon(), quote_spans(text))
    expected, current = [], 0
    for token in doc:
        expected.append(current)
        current += "\n" in token.text + token.whitespace_
    assert ctx.paragraph == tuple(expected)
    assert ctx.paragraph[-1] == 3
    assert ctx.lower == tuple(t.lower_ for t in doc)
    assert ctx.cue_lemma == tuple(attribution_lexicon().lemma(t) for t in doc)
    assert ctx.cue_lemma[[t.text for t in doc].index("ADDED")] == "add"


def _random_spans(rng: random.Random, count: int, length: int) -> list[tuple[int, int]]:
    spans = []
    for _ in range(count):
        start = rng.randrange(length)
        spans.append((start, start + rng.randrange(1, 40)))
    return spans


def test_fragment_index_finds_what_a_scan_of_all_fragments_finds() -> None:
    rng = random.Random(7)
    for _ in range(30):
        fragments = _random_spans(rng, 40, 300)
        index = SpanIndex((span, i) for i, span in enumerate(fragments))
        for probe in _random_spans(rng, 40, 300):
            overlapping = {i for i, span in enumerate(fragments) if touches((span,), (probe,))}
            containing = {i for i, span in enumerate(fragments) if inside((probe,), (span,))}
            assert index.overlapping(probe) == overlapping
            assert index.containing(probe) == containing
        growing = SpanIndex()
        for i, span in enumerate(fragments):
            growing.add(span, i)
        assert growing.overlapping((0, 400)) == set(range(len(fragments)))


def _scan_extend_to_quotes(content: Fragments, quotes: list[Span], keep_out: Fragments) -> Fragments:
    """The plain loop over every quote, which ``extend_to_quotes`` shortens."""
    out = []
    for start, end in content:
        for q_start, q_end in quotes:
            cuts = start > q_start or end < q_end
            if q_start < end and start < q_end and cuts and not touches(((q_start, q_end),), keep_out):
                start, end = min(start, q_start), max(end, q_end)
        out.append((start, end))
    return merge(out)


def test_extend_to_quotes_matches_the_plain_loop() -> None:
    rng = random.Random(11)
    for _ in range(200):
        quotes = sorted(_random_spans(rng, 8, 200))
        content = merge(_random_spans(rng, 2, 200))
        keep_out = tuple(_random_spans(rng, 1, 200))
        index = SpanIndex((quote, 0) for quote in quotes)
        assert extend_to_quotes(content, index, keep_out) == _scan_extend_to_quotes(content, quotes, keep_out)


def _scan_nearest(
    ents: list[SpacySpan], before: int, labels: tuple[str, ...], noun: str | None
) -> str | None:
    """The plain scan over every entity that ``EntityIndex.nearest`` replaces."""
    earlier = [e for e in ents if e.end_char <= before and e.label_ in labels]
    if noun is not None:
        earlier = [e for e in earlier if noun in e.text.lower()] or earlier
    for label in labels:
        fitting = [e for e in earlier if e.label_ == label]
        if fitting:
            name = fitting[-1].text
            longer = [
                e.text for e in fitting if e.text.split()[-1] == name.split()[-1] and len(e.text) > len(name)
            ]
            return max(longer, key=len) if longer else name
    return None


def test_entity_index_finds_what_a_scan_of_all_entities_finds(blank_nlp: Language) -> None:
    rng = random.Random(5)
    words = ["Ann", "Lee", "Ann Lee", "Bank", "Central Bank", "Oslo", "the", "said", "Mr", "Lee Ann"]
    for _ in range(20):
        doc = blank_nlp(" ".join(rng.choice(words) for _ in range(120)))
        ents, i = [], 0
        while i < len(doc) - 3:
            size = rng.randrange(1, 4)
            if rng.random() < 0.4:
                ents.append(SpacySpan(doc, i, i + size, label=rng.choice(["PERSON", "ORG", "GPE"])))
            i += size + rng.randrange(0, 3)
        doc.ents = ents
        index = EntityIndex(doc.ents)
        for _ in range(30):
            before = rng.randrange(len(doc.text) + 1)
            labels = rng.choice([("PERSON",), ("ORG", "PERSON"), ("GPE", "ORG", "PERSON")])
            noun = rng.choice([None, "bank", "lee", "zz"])
            assert index.nearest(before, labels, noun) == _scan_nearest(list(doc.ents), before, labels, noun)
        for token in doc:
            inside_ent = next((e.text for e in doc.ents if e.start <= token.i < e.end), None)
            assert index.containing_token(token.i) == inside_ent
