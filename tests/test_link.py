"""Linking on short made-up articles, through the real pipeline: each period and source rule,
with the reason (``via``) it gives, and the change reference."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from extractor.link.discourse import Discourse
from extractor.link.period import merge_ranges, time_relation
from extractor.pipeline import extract, load_nlp
from extractor.records import Article, Figure, Timex

PUBLISHED = "2019-11-19"  # a Tuesday


def _article(text: str, published: str | None = PUBLISHED) -> Article:
    return extract(text, published=published)


def _figure(article: Article, text: str) -> Figure:
    found = [f for f in article.figures if text in f.text or f.text in text]
    assert found, f"no figure {text!r} in {[f.text for f in article.figures]}"
    return found[0]


def _period(article: Article, text: str) -> tuple[str | None, str | None]:
    period = _figure(article, text).period
    return (period.value, period.via) if period is not None else (None, None)


def _source(article: Article, text: str) -> tuple[str | None, str | None]:
    source = _figure(article, text).source
    return (source.text, source.via) if source is not None else (None, None)


# --- periods: the figure's sentence ------------------------------------------------------------


def test_a_time_in_the_figures_own_clause() -> None:
    article = _article("Sales rose to $2 billion in the third quarter, while costs fell in May.")
    assert _period(article, "$2 billion") == ("2019-Q3", "clause")


def test_a_time_in_a_governing_clause() -> None:
    article = _article("This year, officials closed the beaches, fining 85 swimmers along the coast.")
    assert _period(article, "85") == ("2019", "sentence")


def test_a_time_in_a_conjoined_or_relative_clause_is_another_events() -> None:
    article = _article("She won four national titles in Portugal and moved to Italy in 2016.")
    assert _period(article, "four") == (PUBLISHED, "publication date")
    article = _article("The 40 workers who had been hired in 2016 were dismissed.")
    assert _period(article, "40") == (PUBLISHED, "publication date")


def test_a_participle_clause_on_the_figures_noun_is_its_own() -> None:
    article = _article("There were 4,615 complaints filed nationwide between 2011 and 2014.")
    assert _period(article, "4,615") == ("2011/2014", "clause")


def test_the_date_of_a_saying_gives_way_to_the_time_of_the_fact() -> None:
    article = _article("Exports rose 5% to $3 billion in October, the ministry said on Monday.")
    assert _period(article, "$3 billion") == ("2019-10", "clause")
    article = _article("Exports reached $3 billion, the ministry said on Monday.")
    assert _period(article, "$3 billion") == ("2019-11-18", "sentence")


def test_a_duration_that_says_when_and_a_rate_are_periods() -> None:
    article = _article("Enrolment has climbed by 12,000 pupils in the past decade.")
    assert _period(article, "12,000") == ("P10Y", "clause")
    article = _article("Up to 30 hikers are rescued from the ridge annually.")
    assert _period(article, "Up to 30") == ("P1Y", "clause")


def test_the_ends_of_a_from_to_change_keep_their_own_times() -> None:
    article = _article("The scheme lowers battery prices from $140 per kilowatt-hour today to $85 by 2027.")
    assert _period(article, "$85") == ("2027", "clause")
    assert _period(article, "$140") == (PUBLISHED, "clause")


def test_a_month_without_a_year_is_resolved_against_the_publication_date() -> None:
    text = "Factories sold 1,200 tractors in May."
    assert _period(_article(text), "1,200") == ("2019-05", "clause")
    assert _period(_article(text, published=None), "1,200") == ("XXXX-05", "clause")


# --- periods: the context that governs the figure ----------------------------------------------


def test_an_earlier_sentence_of_the_paragraph_governs() -> None:
    article = _article(
        "Last week, the river gauge peaked at 7 metres. Crossing the old bridge meant wading through "
        "40 centimetres of water."
    )
    assert _period(article, "40 centimetres") == ("2019-W46", "paragraph")


def test_a_change_of_tense_stops_the_carried_time() -> None:
    article = _article("In 2012, the club had 4,000 members. Its rivals have also recruited 2,300 players.")
    assert _period(article, "2,300") == (PUBLISHED, "publication date")


def test_only_a_period_carries_over_a_paragraph_break() -> None:
    article = _article(
        "In the 17th century a famine killed up to a third of the island's farmers.\n\n"
        "More than 40,000 families emigrated."
    )
    assert _period(article, "40,000") == ("16", "paragraph")
    article = _article("On Sunday, 12 people were hurt in the blast.\n\nAnother 28 people were treated.")
    assert _period(article, "28") == (PUBLISHED, "publication date")


def test_the_ledes_period_governs_later_past_events() -> None:
    article = _article(
        "Globex posted second-quarter profits that beat forecasts.\n\n"
        "Its competitors also rose.\n\n"
        "The brewer made $410 million. Its shares trade at $37 each."
    )
    assert _period(article, "$410 million") == ("2019-Q2", "dateline")
    assert _period(article, "$37") == (PUBLISHED, "publication date")


def test_a_dateline_dates_the_report_of_the_day() -> None:
    article = _article("BERLIN (AP) \u2014 Eight finalists compete for the prize again.")
    figure = _figure(article, "Eight")
    assert figure.period is not None and figure.period.via == "dateline"
    assert (figure.period.value, figure.period.text) == (PUBLISHED, "BERLIN (AP)")


def test_nothing_governs_a_figure_the_publication_date_dates_it_or_none() -> None:
    article = _article("Sixty-four percent of renters share a flat with friends.")
    figure = _figure(article, "Sixty-four percent")
    assert figure.period is not None and figure.period.span is None
    assert (figure.period.value, figure.period.via) == (PUBLISHED, "publication date")
    assert _period(_article(article.text, published=None), "Sixty-four percent") == (None, None)


# --- sources -----------------------------------------------------------------------------------


def test_the_attribution_that_covers_the_figure() -> None:
    article = _article("Exports rose to $1.2 billion, the trade ministry said.")
    assert _source(article, "$1.2 billion") == ("the trade ministry", "sentence")
    source = _figure(article, "$1.2 billion").source
    assert source is not None and source.cue == "said" and not source.inherited


def test_a_quote_running_over_sentences_and_paragraphs() -> None:
    article = _article(
        "\u201cWe sold 500 cars last year. Demand is strong,\u201d said Maria Lopez, the chief executive.\n\n"
        "\u201cWe now employ 300 engineers.\u201d"
    )
    assert _source(article, "500 cars") == ("Maria Lopez, the chief executive", "quote")
    assert _source(article, "300 engineers") == ("Maria Lopez, the chief executive", "quote")


def test_a_pronoun_source_is_given_as_its_name() -> None:
    article = _article("Jane Smith runs the bakery. She said sales reached $5 million.")
    assert _source(article, "$5 million") == ("Jane Smith", "sentence")


def test_a_cue_whose_clause_holds_the_figure() -> None:
    article = _article(
        "Initech forecasts revenue growth of 2.6 percent, down from an earlier outlook of 4 percent."
    )
    assert _source(article, "4 percent") == ("Initech", "sentence")


def test_a_figure_outside_every_attribution_has_no_source_however_often_one_is_cited() -> None:
    article = _article(
        "Prices rose, Smith said. Costs fell, Smith added. Some 35 percent of tenants are behind on rent."
    )
    assert _source(article, "35 percent") == (None, None)


def test_a_credited_wire_is_inherited() -> None:
    article = _article("(Reuters) \u2014 The company has 8,300 employees.")
    source = _figure(article, "8,300").source
    assert source is not None and source.inherited and source.span is None
    assert (source.text, source.via) == ("Reuters", "article")


def test_a_cue_of_intention_names_no_source() -> None:
    article = _article("The fund agreed to lend $900 million to the airline.")
    assert _source(article, "$900 million") == (None, None)


def test_an_acronym_source_is_not_a_pronoun() -> None:
    article = _article(
        "Dr. Okafor tracks measles. According to WHO, there were 5,170 infections in the region."
    )
    assert _source(article, "5,170") == ("WHO", "sentence")


# --- change references, ids ------------------------------------------------------------------


def test_a_year_on_year_change_is_measured_against_the_period_a_year_before() -> None:
    article = _article(
        "In the first quarter, 135 deserters arrived, which was 41 per cent down year-on-year."
    )
    figure = _figure(article, "135")
    assert figure.period is not None and figure.period.value == "2019-Q1"
    assert figure.change is not None and figure.change.reference is not None
    assert (figure.change.reference.value, figure.change.reference.text) == ("2018-Q1", "year-on-year")


@pytest.mark.parametrize("published", [PUBLISHED, None])
def test_ids_are_deterministic_and_distinct(published: str | None) -> None:
    text = "Sales rose to $2 billion. Profit was $300 million."
    once = [f.id for f in _article(text, published).figures]
    again = [f.id for f in _article(text, published).figures]
    assert once == again and len(set(once)) == 2 and all(len(i) == 16 for i in once)


# --- the discourse structure linking reads -----------------------------------------------------


@pytest.fixture(scope="module")
def pipeline() -> Language:
    return load_nlp()


def test_clauses_tenses_and_sentences_cut_at_line_breaks(pipeline: Language) -> None:
    text = "Officials said sales rose.\nPrices will fall and costs have risen\n\nThis year, we cut 5 jobs."
    discourse = Discourse.from_doc(pipeline(text))
    assert [text[s:e] for s, e in discourse.sentences] == [
        "Officials said sales rose.",
        "Prices will fall and costs have risen",
        "This year, we cut 5 jobs.",
    ]
    assert [discourse.paragraph(s) for s, _ in discourse.sentences] == [0, 1, 2]

    def tense(word: str) -> str | None:
        return discourse.tense_of((text.index(word), text.index(word) + len(word)))

    assert [tense(w) for w in ("said", "rose", "fall", "risen", "cut")] == [
        "past",
        "past",
        "future",
        "perfect",
        "past",
    ]
    # "This year" is in the clause of "cut", whatever the parser joined it to across the break.
    year = (text.index("This year"), text.index("This year") + 9)
    assert discourse.clause(year) == discourse.clause((text.index("cut"), text.index("cut") + 3))


def test_a_range_of_two_dates_is_one_period() -> None:
    text = "between 2006 and 2013, from May to July, in 2011 and 2014"
    dates = [
        Timex((text.index(word), text.index(word) + len(word)), word, "DATE", value)
        for word, value in (
            ("2006", "2006"),
            ("2013", "2013"),
            ("May", "2019-05"),
            ("July", "2019-07"),
            ("2011", "2011"),
            ("2014", "2014"),
        )
    ]
    assert [d.value for d in merge_ranges(dates, text)] == ["2006/2013", "2019-05/2019-07", "2011", "2014"]


@pytest.mark.parametrize(
    ("value", "relation"),
    [
        ("2019", "present"),
        ("2019-Q3", "past"),
        ("2030", "future"),
        ("2019-W47", "present"),
        ("PAST_REF", "past"),
        ("P10Y", None),
        ("XXXX-05", None),
        ("2006/2013", "past"),
    ],
)
def test_time_relation_to_the_publication_date(value: str, relation: str | None) -> None:
    assert time_relation(value, date(2019, 11, 19)) == relation


def _page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    head = f"<head><title>{title}</title></head>"
    return f"<html>{head}<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"


def test_a_headline_period_dates_figures_its_tense_places_there() -> None:
    filler = (
        "The workshop in the valley has built furniture for three generations of local families, "
        "and its owners describe the coming change as the largest in the firm's history."
    )
    html = _page(
        "New Workshop to Open in Second Half of 2021",
        f"{filler}\n\nThe new building will hold 120 workbenches. The old one had 40 workbenches.",
    )
    article = extract(html, published=PUBLISHED)
    assert _period(article, "120") == ("2021-H2", "headline")
    assert _period(article, "40") == (PUBLISHED, "publication date")
    named = extract(
        _page("Five things to watch at the 2020 regatta", filler.replace("three", "3")), published=PUBLISHED
    )
    assert _period(named, "3") == (PUBLISHED, "publication date")
