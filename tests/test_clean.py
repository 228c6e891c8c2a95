"""The cleaning stage on small hand-written pages (tests/fixtures/clean/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.clean.body import INDEX_WARNING, CleanedPage, clean_html, text_metadata
from extractor.clean.metadata import (
    credited_agency,
    dateline_date,
    dateline_span,
    find_agency,
    guess_language,
    normalize_date,
    strip_site_suffix,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "clean"
SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "000_0474773b4515b1d9.txt"

BODY = (
    "<p>The harbour town of Westmouth opened its new ferry terminal on Thursday, ending four years "
    "of building work that cost the council more than 40 million pounds.</p>"
    "<p>The terminal can handle two ferries at once, and the operator expects passenger numbers to "
    "rise by a third over the next five years, the harbour board said.</p>"
)


def clean_fixture(name: str, url: str | None = None) -> CleanedPage:
    return clean_html((FIXTURES / name).read_bytes(), url)


def page(head: str = "", body: str = BODY, html_attrs: str = "") -> str:
    return f"<html {html_attrs}><head>{head}</head><body><div>{body}</div></body></html>"


# --------------------------------------------------------------------------- body text


@pytest.fixture(scope="module")
def furniture_page() -> CleanedPage:
    return clean_fixture("article_with_furniture.html")


def test_body_keeps_paragraphs_subheadings_and_list_items(furniture_page: CleanedPage) -> None:
    paragraphs = furniture_page.text.split("\n\n")
    assert paragraphs[0].startswith("The harbour town of Westmouth opened")
    assert "A long wait for islanders" in paragraphs
    assert "charging points for electric cars in the car park." in paragraphs
    assert paragraphs[-1].startswith('"This is a great day for the whole coast,"')
    assert furniture_page.errors == ()


@pytest.mark.parametrize(
    "furniture",
    [
        "We use cookies",  # cookie notice
        "Sport",  # navigation
        "Share on Facebook",  # share bar
        "Photo: Harbour Board",  # caption
        "Sign up for our newsletter",  # newsletter box
        "Get the morning briefing",  # newsletter heading
        "Advertisement",  # ad slot
        "Hidden teaser",  # display: none
        "Ferry fares to rise",  # related links
        "Related stories",
        "Reader comment",  # comments
        "Storm warning",  # sidebar
        "All rights reserved",  # footer
        "By Jane Marsh",  # byline
        "Harbour town opens new ferry terminal",  # the title is not part of the body
        "Do not read me",  # script
    ],
)
def test_body_drops_furniture(furniture_page: CleanedPage, furniture: str) -> None:
    assert furniture not in furniture_page.text


def test_index_page_gets_its_best_text_with_a_warning() -> None:
    cleaned = clean_fixture("index_page.html")
    assert "Operators blame the price of diesel." in cleaned.text
    assert "Next page" not in cleaned.text
    assert cleaned.errors == ()
    assert cleaned.warnings == (INDEX_WARNING,)
    assert cleaned.meta.outlet == "The Coastal Courier"
    assert cleaned.meta.language == "en"


def test_malformed_html_is_read_to_the_end() -> None:
    cleaned = clean_fixture("malformed.html")
    assert "sloppy templates often do in the wild" in cleaned.text
    assert "bold text that is not closed properly" in cleaned.text
    assert "keep reading the page to the end" in cleaned.text


def test_windows_1251_bytes_are_decoded_from_the_meta_charset() -> None:
    cleaned = clean_fixture("cp1251.html")
    assert cleaned.text.startswith("\u0412 четверг администрация города ввела в строй новый паром")
    assert "Главная" not in cleaned.text
    assert cleaned.meta.title == "Новый паром для острова"
    assert cleaned.meta.language == "ru"


def test_non_english_page() -> None:
    cleaned = clean_fixture("german.html")
    assert cleaned.text.split("\n\n")[0].startswith("Die Gemeinde hat am Donnerstag")
    assert "„Für die Inselbewohner ist das ein großer Tag“" in cleaned.text
    assert "Teilen" not in cleaned.text
    assert cleaned.meta.language == "de"
    assert cleaned.meta.outlet == "Küstenbote"


@pytest.mark.parametrize("html", ["", "   ", b"", b"\xff\xfe\x00\x00garbage", "plain words, no markup"])
def test_degenerate_inputs_do_not_raise(html: str | bytes) -> None:
    cleaned = clean_html(html)
    assert cleaned.text == ""
    assert cleaned.errors


def test_xml_declaration_and_deep_nesting_do_not_raise() -> None:
    deep = "<div>" * 1500 + BODY + "</div>" * 1500
    cleaned = clean_html('<?xml version="1.0" encoding="utf-8"?>' + page(body=deep))
    assert "Westmouth" in cleaned.text
    # Beyond libxml2's depth limit the parser gives up on the rest, without raising.
    assert isinstance(clean_html(page(body="<div>" * 10000 + BODY)), CleanedPage)


def test_huge_page_is_cleaned() -> None:
    teasers = "".join(
        f"<li><a href='/{i}'>Teaser number {i} about something else</a></li>" for i in range(20000)
    )
    cleaned = clean_html(page(body=f"<ul class='more'>{teasers}</ul><article>{BODY}</article>"))
    assert cleaned.text.startswith("The harbour town of Westmouth")
    assert "Teaser number" not in cleaned.text


def test_json_ld_article_body_is_used_when_the_markup_has_no_prose() -> None:
    article_body = " ".join(["The terminal opened on Thursday after four years of work."] * 8)
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": "'
        + article_body
        + '"}</script>'
    )
    body = "<a href='/1'>Home</a> <a href='/2'>News</a> <div id='app'></div>"
    cleaned = clean_html(page(head=head, body=body))
    assert cleaned.text == article_body
    assert cleaned.errors == ()


def test_in_body_furniture_lines_are_dropped() -> None:
    body = (
        "<div class='story'>" + BODY + "<p>The new terminal seen from the quay (Image: GETTY)</p>"
        "<p>March 4, 2021 at 10:15 am</p><h3>Don't miss</h3>"
        "<ul><li>Fares to rise in spring, operators say</li><li>Pier closure explained</li></ul>"
        "<p>Islanders had waited since the old pier closed in 2017, and many travelled through the "
        "next port along the coast.</p></div>"
    )
    text = clean_html(page(body=body)).text
    assert "Islanders had waited" in text
    for furniture in ("(Image: GETTY)", "10:15", "Don't miss", "Fares to rise", "Pier closure"):
        assert furniture not in text


def test_table_rows_become_lines_of_cells() -> None:
    table = "<table><tr><th>Pos.</th><th>Driver</th></tr><tr><td>1</td><td>Kyle Busch</td></tr></table>"
    text = clean_html(page(body=BODY + table)).text
    assert text.endswith("Pos. Driver\n\n1 Kyle Busch")


def test_json_ld_article_body_replaces_a_far_shorter_markup_text() -> None:
    article_body = " ".join(["The terminal opened on Thursday after four years of work."] * 30)
    ld = '{"@type": "NewsArticle", "articleBody": "' + article_body + '"}'
    head = f'<script type="application/ld+json">{ld}</script>'
    cleaned = clean_html(page(head=head))
    # The markup's paragraphs that the articleBody lacks stay in front of it (a standfirst).
    assert cleaned.text.split("\n\n")[-1] == article_body
    assert cleaned.text.startswith("The harbour town of Westmouth")
    teaser_ld = '{"@type": "NewsArticle", "articleBody": "' + article_body[:400] + '"}'
    teaser_head = f'<script type="application/ld+json">{teaser_ld}</script>'
    assert clean_html(page(head=teaser_head)).text.startswith("The harbour town of Westmouth")


# --------------------------------------------------------------------------- metadata sources


def test_metadata_from_json_ld_and_meta(furniture_page: CleanedPage) -> None:
    meta = furniture_page.meta
    assert (meta.title, meta.title_source) == ("Harbour town opens new ferry terminal", "meta")
    assert meta.authors == ("Jane Marsh", "Tom Reed")
    assert (meta.published, meta.published_source) == ("2021-03-04T08:30:00Z", "json-ld")
    assert meta.modified == "2021-03-05T10:00:00Z"
    assert (meta.outlet, meta.outlet_source) == ("The Coastal Courier", "meta")
    assert meta.language == "en"


def test_title_from_h1_then_title_without_site_suffix() -> None:
    with_h1 = clean_html(
        page(head="<title>Other | Site</title>", body="<h1>Ferry terminal opens</h1>" + BODY)
    )
    assert (with_h1.meta.title, with_h1.meta.title_source) == ("Ferry terminal opens", "h1")
    with_title = clean_html(page(head="<title>Ferry terminal opens | The Coastal Courier</title>"))
    assert (with_title.meta.title, with_title.meta.title_source) == ("Ferry terminal opens", "title")


def test_published_from_meta_tag() -> None:
    head = '<meta property="article:published_time" content="2021-03-04T09:15:00+01:00">'
    meta = clean_html(page(head=head)).meta
    assert (meta.published, meta.published_source) == ("2021-03-04T09:15:00+01:00", "meta")


def test_published_from_time_element() -> None:
    meta = clean_html(page(body='<time datetime="2021-03-04">4 March</time>' + BODY)).meta
    assert (meta.published, meta.published_source) == ("2021-03-04", "time")


def test_published_from_url() -> None:
    meta = clean_html(page(), url="https://example.com/2021/03/04/ferry-terminal").meta
    assert (meta.published, meta.published_source) == ("2021-03-04", "url")


def test_published_from_dateline_with_the_year_from_the_page() -> None:
    body = "<p>WESTMOUTH, March 4 (Reuters) - " + BODY[3:] + "<footer>© 2021 Example</footer>"
    meta = clean_html(page(body=body)).meta
    assert (meta.published, meta.published_source) == ("2021-03-04", "dateline")
    assert meta.agency == "Reuters"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SEOUL, July 1 (Yonhap) -- ...", "2020-07-01"),
        ("Seoul, Sept. 30 - ...", "2020-09-30"),
        ("LONDON, 4 March - ...", "2020-03-04"),
        ("Geneva, Feb 30 - no such day", None),
        ("Seoul, July 1, 2019 - a year written out is no dateline", None),
        ("No date in the opening words, though July 1 comes later in the line", None),
        ("SAN JUAN, Puerto Rico, Jan. 5 (AP) - ...", "2020-01-05"),
        ("Rio de Janeiro, May 2 - ...", "2020-05-02"),
        ("LONDON (Reuters), June 3 - ...", "2020-06-03"),
        ("On July 1, the ministry said ...", None),
        ("Officials said on July 1 that ...", None),
        ("The minister, July 1 - a phrase with a common word is no place", None),
        ("Winston-Salem, May 3 - ...", "2020-05-03"),
        ("A-" * 100 + " no comma: hyphenated words split one way only, so this fails fast", None),
    ],
)
def test_dateline_date_takes_the_year_given(text: str, expected: str | None) -> None:
    assert dateline_date(text, [2020, 2019]) == expected


def test_authors_from_meta_and_from_byline() -> None:
    from_meta = clean_html(page(head='<meta name="author" content="Jane Marsh">')).meta
    assert from_meta.authors == ("Jane Marsh",)
    byline = '<span class="byline">By Tom Reed and Ann Lee | March 4, 2021</span>'
    from_byline = clean_html(page(body=byline + BODY)).meta
    assert from_byline.authors == ("Tom Reed", "Ann Lee")


def test_outlet_from_json_ld_publisher_and_agency_from_text() -> None:
    ld = '{"@type": "NewsArticle", "publisher": {"name": "Courier"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    body = "<p>LONDON (AP) - " + BODY[3:]
    meta = clean_html(page(head=head, body=body)).meta
    assert (meta.outlet, meta.outlet_source) == ("Courier", "json-ld")
    assert meta.agency == "AP"


def test_outlet_falls_back_to_the_agency() -> None:
    meta = clean_html(page(body=BODY + "<p>(With inputs from IANS)</p>")).meta
    assert (meta.outlet, meta.outlet_source, meta.agency) == ("IANS", "text", "IANS")


def test_language_from_html_lang_else_guessed_else_unknown() -> None:
    assert clean_html(page(html_attrs='lang="en-US"')).meta.language == "en"
    assert clean_html(page()).meta.language == "en"  # no lang attribute: English stopwords
    portuguese = (
        "<p>A prefeitura inaugurou na quinta-feira o novo terminal de balsas, que pode receber duas "
        "embarcações ao mesmo tempo e que foi construído em quatro anos.</p>"
    )
    assert clean_html(page(body=portuguese)).meta.language == "pt"
    assert guess_language("12 34 56") is None


def test_placeholder_dates_are_rejected() -> None:
    assert normalize_date("0001-01-01T00:00:00+00:00") is None
    assert normalize_date("2020-07-01T13:48:05+5:30") == "2020-07-01T13:48:05+05:30"
    assert normalize_date("July 1, 2020") == "2020-07-01"


@pytest.mark.parametrize("value", ["4:15 PM", "09:30", "17.45 Uhr", "PT20M", "P1DT2H"])
def test_a_clock_time_or_a_duration_alone_is_no_date(value: str) -> None:
    assert normalize_date(value) is None


def test_a_date_with_its_clock_time_keeps_both() -> None:
    assert normalize_date("3. März 2021 08:20") == "2021-03-03T08:20:00"
    assert normalize_date("Mar 3, 2021 8:20 pm") == "2021-03-03T20:20:00"


def test_impossible_dates_are_dropped_and_the_next_signal_used() -> None:
    assert normalize_date("2020-02-30") is None and normalize_date("2021-13-01T10:00:00Z") is None
    assert normalize_date("2020-02-29T10:00:00Z") == "2020-02-29T10:00:00Z"
    head = '<meta property="article:published_time" content="2021-02-30T09:15:00Z">'
    meta = clean_html(page(head=head), url="https://example.com/2021/03/04/ferry").meta
    assert (meta.published, meta.published_source) == ("2021-03-04", "url")


def test_json_ld_with_trailing_commas_is_read() -> None:
    ld = '{"@type": "NewsArticle", "datePublished": "2021-03-04T09:15:00-05:00", "keywords": ["a", ],}'
    meta = clean_html(page(head=f'<script type="application/ld+json">{ld}</script>')).meta
    assert (meta.published, meta.published_source) == ("2021-03-04T09:15:00-05:00", "json-ld")


def test_a_utc_timestamp_gives_way_to_the_pages_local_day() -> None:
    utc = '<meta property="article:published_time" content="2021-03-05T04:30:00Z">'
    local = clean_html(page(head=utc), url="https://example.com/2021/03/04/ferry").meta
    assert (local.published, local.published_source) == ("2021-03-04", "url")
    offset = utc + '<meta name="pubdate" content="2021-03-04 20:30:00 -0800">'
    assert clean_html(page(head=offset)).meta.published == "2021-03-04T20:30:00-08:00"
    # A timestamp of another item (no zone: not the page's own day) or two days apart changes nothing.
    others = utc + '<meta itemprop="datePublished" content="2021-03-04T09:00:00">'
    assert clean_html(page(head=others)).meta.published == "2021-03-05T04:30:00Z"
    far = clean_html(page(head=utc), url="https://example.com/2021/03/03/ferry").meta
    assert far.published == "2021-03-05T04:30:00Z"


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("WASHINGTON (AP) \u2014 The Senate voted ...", "WASHINGTON (AP)"),
        ("SANTA FE, N.M. \u2014 The state ...", "SANTA FE, N.M."),
        ("CAPE TOWN, South Africa \u2014 The port ...", "CAPE TOWN, South Africa"),
        ("(Reuters) - The company ...", "(Reuters)"),
        ("SEOUL, July 1 (Yonhap) -- The ministry ...", "SEOUL, July 1"),
        ("A bridge was reopened \u2014 the second this year.", None),
        ("UNESCO announced a plan on Monday.", None),
    ],
)
def test_dateline_span(text: str, dateline: str | None) -> None:
    span = dateline_span(text)
    assert (text[span[0] : span[1]] if span else None) == dateline


def test_credited_agency_is_a_credit_line_not_a_mention() -> None:
    assert credited_agency("LONDON (Reuters) - Shares fell.") == "Reuters"
    assert credited_agency("Shares fell, the Associated Press reported.") is None
    assert find_agency("Shares fell, the Associated Press reported.") == "AP"


def test_strip_site_suffix() -> None:
    assert strip_site_suffix("Ferry terminal opens | Courier") == "Ferry terminal opens"
    assert (
        strip_site_suffix("Courier - Ferry terminal opens at last", "Courier")
        == "Ferry terminal opens at last"
    )
    assert strip_site_suffix("Venice: a lagoon at the tipping point") == (
        "Venice: a lagoon at the tipping point"
    )


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("NEW YORK (Reuters) - Stocks fell.", "Reuters"),
        ("By IANS | Published: July 1", "IANS"),
        ("Body text.\n\n( With inputs from Agence France-Presse )", "AFP"),
        ("Apple sold more phones.", None),
    ],
)
def test_find_agency(text: str, agency: str | None) -> None:
    assert find_agency(text) == agency


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("LONDON (Reuters) - Oil prices rose on Monday.", "Reuters"),
        ("WASHINGTON (AP) — The Senate voted on Tuesday.", "AP"),
        ("By IANS | Published: July 1, 2020", "IANS"),
        ("Only 12 crossed, reports Efe news reports.", "Efe"),
        ("The index fell 2 percent.\n\n( With inputs from PTI )", "PTI"),
        ("Shares fell, the Associated Press reported.", "AP"),
    ],
)
def test_find_agency_wire_forms(text: str, agency: str) -> None:
    assert find_agency(text) == agency


def test_find_agency_is_none_without_a_credit() -> None:
    assert find_agency("The council met on Tuesday and approved the budget.") is None
    assert find_agency("The APA guidelines and EPA rules apply.") is None


def test_earliest_wire_credit_wins() -> None:
    assert (
        find_agency("By IANS\n\nSeoul, July 1 ..., reports Efe news.\n\n( With inputs from IANS )") == "IANS"
    )


# --------------------------------------------------------------------------- plain text


def test_text_metadata_on_a_wire_dump() -> None:
    meta = text_metadata((FIXTURES / "wire_dump.txt").read_text(encoding="utf-8"))
    assert (meta.title, meta.title_source) == ("Lighthouse keepers' cottages to become a museum", "text")
    assert meta.published is not None and meta.published.startswith("2021-03-04")
    assert (meta.outlet, meta.agency) == ("PTI", "PTI")
    assert meta.language == "en"


def test_text_metadata_dateline_and_iso_timestamp() -> None:
    dateline = text_metadata("Port Blair, March 4 The museum will open in 2021, officials said on Thursday.")
    assert (dateline.published, dateline.published_source) == ("2021-03-04", "dateline")
    assert dateline.title is None  # a sentence, not a headline
    stamped = text_metadata("Museum to open\n\n2021-03-04T09:15:00+05:30\n\nThe museum will open.")
    assert stamped.published == "2021-03-04T09:15:00+05:30"


@pytest.mark.skipif(not SEED.is_file(), reason="the shared seed article is not checked out")
def test_text_metadata_on_the_seed_article() -> None:
    meta = text_metadata(SEED.read_text(encoding="utf-8"))
    assert meta.title == "Number of N.Korean defectors to Seoul reaches record low"
    assert meta.published is not None and meta.published.startswith("2020-07-01")
    assert meta.outlet == "IANS"
