"""The body extractor's candidates and fallbacks, on small made-up pages."""

from __future__ import annotations

import pytest

from extractor.clean.body import INDEX_WARNING, LINES_WARNING, NO_ARTICLE_ERROR, clean_html
from extractor.clean.hints import element_marks, token_polarity
from extractor.clean.paragraphs import stop_share, stop_words

PARAGRAPHS = [
    "The harbour town of Westmouth opened its new ferry terminal on Thursday, ending four years of "
    "building work that cost the council more than 40 million pounds.",
    "The terminal can handle two ferries at once, and the operator expects passenger numbers to rise "
    "by a third over the next five years, the harbour board said.",
    "Islanders had waited since the old pier closed in 2017, and many of them travelled through the "
    "next port along the coast to reach the mainland for work.",
]
MENU = "<ul>" + "".join(f"<li><a href='/{w}'>{w}</a></li>" for w in ("Home", "News", "Sport")) + "</ul>"


def page(body: str, lang: str = "en") -> str:
    return f"<html lang='{lang}'><head><title>Ferry terminal opens</title></head><body>{body}</body></html>"


def paragraphs(texts: list[str] = PARAGRAPHS) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


# --------------------------------------------------------------------------- never empty


def test_index_page_gets_its_text_and_a_warning() -> None:
    cards = "".join(
        f"<div class='card'><h2><a href='/{i}'>Story number {i} about the coast</a></h2>"
        f"<p>A short excerpt of story {i}, with a few words about what happened.</p></div>"
        for i in range(8)
    )
    cleaned = clean_html(page(f"<nav>{MENU}</nav><main>{cards}</main>"))
    assert "A short excerpt of story 3" in cleaned.text
    assert cleaned.warnings == (INDEX_WARNING,)
    assert cleaned.errors == ()


def test_a_one_sentence_wire_brief_is_an_article_without_warning() -> None:
    brief = "<p>The port authority said on Monday that 1,200 passengers crossed in the first week.</p>"
    cleaned = clean_html(page(f"<nav>{MENU}</nav><article>{brief}</article>"))
    assert "1,200 passengers crossed" in cleaned.text
    assert cleaned.warnings == () and cleaned.errors == ()


def test_page_without_running_text_is_empty_with_the_reason() -> None:
    links = "<div><a href='/a'>About us</a> <a href='/c'>Contact</a></div>"
    cleaned = clean_html(page(f"<div>{MENU}</div>{links}"))
    assert cleaned.text == ""
    assert cleaned.errors == (NO_ARTICLE_ERROR,)


def test_page_of_short_lines_without_prose_gets_them_with_a_warning() -> None:
    facts = ["Harbour: Westmouth.", "Ferry: MV Islander.", "Built: 1998.", "Crossing: 40 minutes."]
    facts += ["Seats: 320.", "Season: April to October."]
    lines = "".join(f"<p>{t}</p>" for t in facts)
    cleaned = clean_html(page(f"<nav>{MENU}</nav><div class='entry'>{lines}</div>"))
    assert cleaned.text.split("\n\n") == facts
    assert cleaned.warnings == (LINES_WARNING,)
    assert cleaned.errors == ()


def test_wire_brief_of_one_sentence_is_an_article() -> None:
    brief = "The ferry terminal in Westmouth opened on Thursday, the harbour board said."
    cleaned = clean_html(page(f"<nav>{MENU}</nav><article><h1>Terminal opens</h1><p>{brief}</p></article>"))
    assert cleaned.text == brief
    assert cleaned.errors == ()


def test_article_that_is_mostly_a_table_keeps_its_rows_with_links() -> None:
    rows = "".join(
        f"<tr><td><a href='/p/{i}'>Ferry model {i}</a></td><td>{100 + i} seats</td><td>{i},5</td></tr>"
        for i in range(10)
    )
    table = f"<p>{PARAGRAPHS[0]}</p><table>{rows}</table><p>{PARAGRAPHS[1]}</p>"
    body = f"<nav>{MENU}</nav><article>{table}</article>"
    text = clean_html(page(body)).text
    assert "Ferry model 7 107 seats 7,5" in text
    assert text.startswith("The harbour town")
    assert "Sport" not in text


def test_text_that_sits_only_in_elements_hinted_as_furniture_is_still_found() -> None:
    post = "<div class='comment'><div class='comment-body'><p>{}</p></div></div>"
    posts = "".join(post.format(t) for t in PARAGRAPHS)
    cleaned = clean_html(page(f"<nav>{MENU}</nav><div class='comments'>{posts}</div>"))
    assert cleaned.text.split("\n\n") == PARAGRAPHS


def test_container_without_running_text_gives_way_to_the_next_best() -> None:
    figures = "".join(f"<tr><td>Pier {i}</td><td>{i}</td><td>{2 * i}</td></tr>" for i in range(60))
    body = f"<div class='data'><table>{figures}</table></div><div class='story'><p>{PARAGRAPHS[0]}</p></div>"
    cleaned = clean_html(page(body))
    assert cleaned.text.startswith("The harbour town")
    assert cleaned.errors == ()


def test_density_pass_finds_paragraphs_scattered_between_furniture() -> None:
    ads = "".join(f"<div class='slot'><a href='/ad{i}'>Buy ferry tickets {i}</a></div>" for i in range(12))
    body = f"<div>{MENU}</div>" + "".join(f"<div><p>{t}</p></div>{ads}" for t in PARAGRAPHS)
    text = clean_html(page(body)).text
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    assert "Buy ferry tickets" not in text


def test_container_is_widened_when_the_article_is_split_apart() -> None:
    intro = f"<div class='intro'><div class='box'><p>{PARAGRAPHS[0]}</p></div></div>"
    steps = "".join(f"<li><p>{t}</p></li>" for t in PARAGRAPHS[1:])
    gallery = f"<div class='gallery'>{MENU}</div>"
    body = f"<nav>{MENU}</nav><div class='page'>{intro}{gallery}<ol>{steps}</ol></div>"
    text = clean_html(page(body)).text
    for paragraph in PARAGRAPHS:
        assert paragraph in text


def test_short_lines_around_one_long_paragraph_are_kept() -> None:
    lines = ["Quay St 4", "Westmouth", "Tel. 01234"]
    post = f"<div>{paragraphs(PARAGRAPHS[:1])}{paragraphs(lines)}</div>"
    html = page(f"<nav>{MENU}</nav><div class='sidebar'>{MENU}</div>{post}")
    assert clean_html(html).text.split("\n\n") == [PARAGRAPHS[0], *lines]


def test_json_ld_body_keeps_the_lead_that_only_the_markup_shows() -> None:
    lead = "A short standfirst that sits in the page header and nowhere else on the page."
    article_body = " ".join(["The terminal opened on Thursday after four years of work."] * 30)
    ld = f'{{"@type": "NewsArticle", "articleBody": "{article_body}"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    html = f"<html><head>{head}</head><body><main><header><p>{lead}</p></header></main></body></html>"
    assert clean_html(html).text == f"{lead}\n\n{article_body}"


# --------------------------------------------------------------------------- structure and hints


def test_wrapper_hinted_only_by_a_state_word_or_modifier_keeps_the_article() -> None:
    for wrapper in ("section has-ads", "main--skyscraper", "layout no-sidebar"):
        body = f"<div class='{wrapper}'><div>{paragraphs()}</div></div><div class='sidebar'>{MENU}</div>"
        assert clean_html(page(body)).text.split("\n\n") == PARAGRAPHS, wrapper


@pytest.mark.parametrize(
    ("token", "polarity"),
    [
        ("share-bar", -1),
        ("AuthorBox", -1),
        ("entry-crumbs", -1),
        ("c-flyout__content", -1),
        ("articleShare", -1),
        ("story-body", 1),
        ("section--has-ads", 0),
        ("has-sidebar", 0),
        ("main--skyscraper", 1),
        ("col-md-8", 0),
    ],
)
def test_class_token_polarity(token: str, polarity: int) -> None:
    assert token_polarity(token) == polarity


def test_header_inside_the_article_is_kept_outside_it_is_furniture() -> None:
    lead = "The council says the terminal will bring thousands of visitors to the island every summer."
    body = (
        "<header><p>Westmouth Courier, your local paper since 1901, delivered every morning.</p>"
        f"{MENU}</header>"
        f"<main><header><h1>Terminal opens</h1><p>{lead}</p></header>{paragraphs()}</main>"
    )
    text = clean_html(page(body)).text
    assert text.startswith(lead)
    assert "your local paper" not in text


def test_caption_inside_the_article_is_dropped() -> None:
    caption = (
        "<div class='photoBox'><div class='legend'><p>The new terminal seen from the harbour wall on the "
        "morning of its opening, with the first ferry of the day.</p></div></div>"
    )
    article = f"<article>{paragraphs(PARAGRAPHS[:2])}{caption}{paragraphs(PARAGRAPHS[2:])}</article>"
    assert clean_html(page(article)).text.split("\n\n") == PARAGRAPHS


def test_gallery_whose_text_is_its_captions_keeps_them() -> None:
    slides = "".join(f"<div class='gallery-slide'><p>{t}</p></div>" for t in PARAGRAPHS)
    html = page(f"<nav>{MENU}</nav><article><h1>Terminal opens</h1>{slides}</article>")
    assert clean_html(html).text.split("\n\n") == PARAGRAPHS


def test_wrapper_named_as_media_holding_the_article_keeps_it() -> None:
    for wrapper in ("post format-gallery", "video-page"):
        html = page(f"<nav>{MENU}</nav><div class='{wrapper}'><div>{paragraphs()}</div></div>")
        assert clean_html(html).text.split("\n\n") == PARAGRAPHS, wrapper


@pytest.mark.parametrize(
    ("classes", "media"),
    [
        ("img-description", True),
        ("photoBox", True),
        ("gallery-slide", True),
        ("format-gallery", False),
        ("", False),
    ],
)
def test_media_elements_by_their_class_words(classes: str, media: bool) -> None:
    assert element_marks("div", classes, "", "", False)[1] == media


def test_teaser_card_between_the_paragraphs_is_dropped() -> None:
    card = (
        "<div class='box'><h3><a href='/other'>Lighthouse keeper retires after forty years</a></h3>"
        "<p>The last keeper of the Westmouth light handed over his keys on Friday.</p></div>"
    )
    article = f"<article>{paragraphs(PARAGRAPHS[:2])}{card}{paragraphs(PARAGRAPHS[2:])}</article>"
    assert clean_html(page(article)).text.split("\n\n") == PARAGRAPHS


def test_section_under_a_linked_heading_is_kept() -> None:
    section = "<h3><a href='/timetable'>The new timetable</a></h3><p>Ferries leave every hour from six.</p>"
    article = f"<article>{paragraphs(PARAGRAPHS[:2])}{section}{paragraphs(PARAGRAPHS[2:])}</article>"
    text = clean_html(page(article)).text
    assert "Ferries leave every hour from six." in text


def test_unclosed_noscript_or_nav_holding_the_page_is_unwrapped() -> None:
    html = page("<noscript><div id='no-js'></noscript><div>" + paragraphs() + "</div></noscript>")
    assert clean_html(html).text.split("\n\n") == PARAGRAPHS
    unclosed_nav = page(f"<header><nav class='navbar'>{MENU}<div class='post'>{paragraphs()}</div>")
    assert clean_html(unclosed_nav).text.split("\n\n") == PARAGRAPHS


def test_markup_shown_as_text_never_reaches_the_body() -> None:
    escaped = '<p>&lt;img src="/ferry.jpg" alt="The new terminal" class="lazy" /&gt;</p>'
    article = f"<article>{paragraphs(PARAGRAPHS[:1])}{escaped}{paragraphs(PARAGRAPHS[1:])}</article>"
    text = clean_html(page(article)).text
    assert "<img" not in text
    assert PARAGRAPHS[2] in text


def test_text_written_with_combining_accents_comes_out_composed() -> None:
    decomposed = "Die neue Fa\u0308hre fu\u0308r die Insel wurde am Donnerstag in Westmouth getauft."
    text = clean_html(page(f"<article><p>{decomposed}</p></article>", lang="de")).text
    assert text == "Die neue F\u00e4hre f\u00fcr die Insel wurde am Donnerstag in Westmouth getauft."


def test_ruby_readings_are_dropped() -> None:
    ruby = "<ruby>港<rt>みなと</rt></ruby>に新しいフェリーターミナルができました。"
    text = clean_html(page(f"<article><p>{ruby * 4}</p></article>", lang="ja")).text
    assert "みなと" not in text
    assert text.startswith("港に新しい")


@pytest.mark.parametrize(
    "furniture",
    [
        "<h3>Mehr zum Thema</h3><ul><li>Neue Fähre fährt ab Mai</li><li>Hafen wird ausgebaut</li></ul>",
        "<h3>Lire aussi</h3><ul><li>La gare maritime ouvre ses portes</li></ul>",
        "<p>Follow the Courier on Twitter and Facebook for more news from the coast.</p>",
        "<p>To read the full story, please subscribe to the Courier.</p>",
        "<p>Seite teilen</p>",
        "<p>Weitere spannende Themen aus dem Hafen</p><ul><li>Neue Fähre fährt ab Mai</li></ul>",
        "<p>Diese Artikel könnten Sie auch interessieren:</p><ul><li>Hafen wird ausgebaut</li></ul>",
    ],
)
def test_furniture_lines_in_several_languages_are_dropped(furniture: str) -> None:
    text = clean_html(page(f"<article>{paragraphs()}{furniture}</article>")).text
    assert text.split("\n\n") == PARAGRAPHS


# --------------------------------------------------------------------------- the lead

LEAD = (
    "Four years late and ten million pounds over budget, the island's new ferry terminal finally "
    "welcomed its first passengers this week."
)
BODY = PARAGRAPHS + [p.replace("the", "this") for p in PARAGRAPHS]
BYLINE = "<div class='byline'><a href='/staff/ann'>Ann Example</a></div>"


def article_page(between: str) -> str:
    """A headline, then ``between`` (the page's header), then the body in its own element."""
    share = "<ul class='share'><li><a href='/s1'>Share</a></li><li><a href='/s2'>Tweet</a></li></ul>"
    head = f"<div class='head'><h1>Terminal opens</h1>{between}{BYLINE}{share}</div>"
    return page(f"<nav>{MENU}</nav>{head}<div class='story-body'>{paragraphs(BODY)}</div>")


@pytest.mark.parametrize(
    "lead", [f"<p class='standfirst'>{LEAD}</p>", f"<div class='teaser-text'><p>{LEAD}</p></div>"]
)
def test_lead_between_headline_and_body_opens_the_text(lead: str) -> None:
    text = clean_html(article_page(lead)).text
    assert text.split("\n\n") == [LEAD, *BODY]


def test_lead_hinted_as_a_teaser_inside_the_body_element_is_kept() -> None:
    article = f"<h1>Terminal opens</h1><div class='teaser'><p>{LEAD}</p></div>{paragraphs(BODY)}"
    text = clean_html(page(f"<nav>{MENU}</nav><div class='story-body'>{article}</div>")).text
    assert text.split("\n\n") == [LEAD, *BODY]


def test_short_lead_that_ends_its_sentence_is_kept_a_dateline_is_not() -> None:
    short = "The island's new ferry terminal opened at last this week, four years late."
    dateline = "<div class='when'>Published 3 March 2021, 10:45, updated 11:20</div>"
    text = clean_html(article_page(f"<div class='summary'>{short}</div>{dateline}")).text
    assert text.split("\n\n") == [short, *BODY]


def test_caption_between_headline_and_body_is_not_a_lead() -> None:
    caption = f"<div class='img-wrap'><div class='description'><p>{LEAD}</p></div></div>"
    assert clean_html(article_page(caption)).text.split("\n\n") == BODY


def test_box_of_teasers_between_headline_and_body_is_not_a_lead() -> None:
    teasers = "".join(f"<p>{LEAD} Part {i}.</p>" for i in range(3))
    box = f"<div class='related'>{teasers}</div>"
    assert clean_html(article_page(box)).text.split("\n\n") == BODY


# --------------------------------------------------------------------------- language signals


def test_stop_words_come_from_spacy_per_language() -> None:
    assert "und" in stop_words("de")
    assert "the" in stop_words("en")
    assert stop_words("zz") == frozenset()
    assert stop_words(None) == frozenset()
    prose = stop_share("Der Hafen wurde am Donnerstag nach vier Jahren Bauzeit eröffnet", stop_words("de"))
    names = stop_share("Hamburg Bremen Kiel Lübeck Rostock Emden", stop_words("de"))
    assert prose is not None and names is not None and prose > names


def test_declared_language_that_does_not_fit_the_text_is_replaced_by_a_guess() -> None:
    spanish = [
        "El ayuntamiento inauguró el jueves la nueva terminal de transbordadores, que puede recibir dos "
        "barcos a la vez y que se construyó en cuatro años.",
        "Los vecinos de la isla esperaban desde que se cerró el viejo muelle en 2017, y muchos de ellos "
        "viajaban por el puerto de al lado para llegar al trabajo.",
    ]
    cleaned = clean_html(page(f"<nav>{MENU}</nav><div>{paragraphs(spanish)}</div>", lang="en"))
    assert cleaned.text.split("\n\n") == spanish
