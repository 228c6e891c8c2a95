"""Linking on hand-made stage outputs: periods, change references, sources, ids."""

from __future__ import annotations

from extractor.link.stage import link_figures
from extractor.records import Article, Attribution, Change, Figure, Mention, PageMetadata, Timex

TEXT = (
    "In the first quarter of the year, 135 deserters arrived, which was 41 per cent down year-on-year. "
    "Only 12 came between April and June, 96 per cent down on the same period last year, the ministry said."
)


def _span(phrase: str, start: int = 0) -> tuple[int, int]:
    begin = TEXT.index(phrase, start)
    return begin, begin + len(phrase)


def _timex(phrase: str, value: str) -> Timex:
    return Timex(_span(phrase), phrase, "DATE", value)


def _article(**fields: object) -> Article:
    dates = [
        _timex("the first quarter of the year", "2020-Q1"),
        _timex("between April and June", "2020-Q2"),
        _timex("the same period last year", "2019-Q2"),
    ]
    article = Article(id="doc", text=TEXT, meta=PageMetadata(agency="IANS"), dates=dates)
    for name, value in fields.items():
        setattr(article, name, value)
    return article


def _figure(phrase: str, change_phrase: str, change_value: float) -> Figure:
    sentence_end = TEXT.index(".", TEXT.index(change_phrase)) + 1
    sentence_start = TEXT.rfind(". ", 0, TEXT.index(phrase))
    return Figure(
        span=_span(phrase),
        text=phrase,
        value=float(phrase.split()[-2] if " " in phrase else phrase),
        value_max=None,
        kind="count",
        unit="deserters",
        bound="=",
        sentence=(0 if sentence_start < 0 else sentence_start + 2, sentence_end),
        change=Change(change_value, "%", "down", change_phrase, _span(change_phrase)),
    )


def test_period_and_year_on_year_reference() -> None:
    [figure] = link_figures(_article(), [_figure("135", "41 per cent down", -41.0)])
    assert figure.period is not None and figure.period.value == "2020-Q1"
    assert figure.change is not None and figure.change.reference is not None
    assert figure.change.reference.value == "2019-Q1"
    assert figure.change.reference.text == "year-on-year"
    assert figure.summary == "135 deserters, Q1 2020, \u221241%"


def test_reference_expression_is_not_the_period() -> None:
    [figure] = link_figures(_article(), [_figure("12", "96 per cent down", -96.0)])
    assert figure.period is not None and figure.period.value == "2020-Q2"
    assert figure.change is not None and figure.change.reference is not None
    assert figure.change.reference.value == "2019-Q2"


def _said_by_ministry(content_start: str, content_end: str) -> Attribution:
    return Attribution(
        source=Mention(_span("the ministry"), "the ministry"),
        cue=Mention(_span("said"), "said"),
        content=Mention((TEXT.index(content_start), TEXT.index(content_end)), "..."),
    )


def test_source_from_covering_attribution_else_the_wire() -> None:
    said = _said_by_ministry("Only 12", ", the ministry")
    first, second = link_figures(
        _article(sources=[said]),
        [_figure("135", "41 per cent down", -41.0), _figure("12", "96 per cent down", -96.0)],
    )
    assert second.source is not None and not second.source.inherited
    assert (second.source.text, second.source.cue) == ("the ministry", "said")
    # Cited once, the ministry is not the article's main source: the wire credit is.
    assert first.source is not None and first.source.inherited and first.source.text == "IANS"


def test_a_source_cited_twice_is_inherited() -> None:
    sources = [_said_by_ministry("Only 12", ", the ministry"), _said_by_ministry("96 per", ", the ministry")]
    [figure] = link_figures(_article(sources=sources), [_figure("135", "41 per cent down", -41.0)])
    assert figure.source is not None and figure.source.inherited
    assert (figure.source.text, figure.source.cue) == ("the ministry", "said")


def test_the_date_of_a_saying_is_not_the_period_when_another_date_is_there() -> None:
    text = "Exports rose 5% in May, the ministry said on Tuesday."
    said = Attribution(
        source=Mention((24, 36), "the ministry"),
        cue=Mention((37, 41), "said"),
        content=Mention((0, 22), "Exports rose 5% in May"),
    )
    may, tuesday = Timex((19, 22), "May", "DATE", "2020-05"), Timex((45, 52), "Tuesday", "DATE", "2020-06-30")
    article = Article(id="d", text=text, dates=[may, tuesday], sources=[said])
    figure = Figure(
        span=(13, 15),
        text="5%",
        value=5.0,
        value_max=None,
        kind="percent",
        unit="%",
        bound="=",
        sentence=(0, len(text)),
    )
    [linked] = link_figures(article, [figure])
    assert linked.period == may
    article.dates = [tuesday]
    [linked] = link_figures(article, [figure])
    assert linked.period == tuesday


def test_wire_agency_is_inherited_when_nobody_is_quoted() -> None:
    [figure] = link_figures(_article(), [_figure("135", "41 per cent down", -41.0)])
    assert figure.source is not None and figure.source.inherited and figure.source.text == "IANS"
    assert figure.source.span is None


def test_ids_are_deterministic_and_distinct() -> None:
    figures = [_figure("135", "41 per cent down", -41.0), _figure("12", "96 per cent down", -96.0)]
    once = [f.id for f in link_figures(_article(), figures)]
    again = [f.id for f in link_figures(_article(), figures)]
    assert once == again and len(set(once)) == 2 and all(len(i) == 16 for i in once)
