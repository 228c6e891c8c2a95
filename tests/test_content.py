"""Content checks before extraction: binary data, invisible text, other languages, impossible
publication dates, deep markup, and long texts parsed in pieces. Real pipeline, made-up texts."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extractor.clean.body import clean_html
from extractor.clean.content import binary_reason, has_readable_text, unsupported_language
from extractor.clean.depth import flatten_deep_markup
from extractor.errors import DocumentError, EmptyDocumentError, InputFormatError
from extractor.pieces import split_pieces
from extractor.pipeline import Options, extract_many, prepare
from extractor.records import Article, Document

STORY = "Exports rose 5% to 120 tonnes in May, the ministry said on Tuesday."


def _one(nlp: Language, doc: Document, options: Options | None = None) -> Article | DocumentError:
    [result] = list(extract_many([doc], options or Options(), nlp=nlp))
    return result


# --- binary data and invisible text ---------------------------------------------------------------


def test_binary_data_is_refused_whatever_it_is_called() -> None:
    noise = "".join(chr(n % 32) if n % 3 == 0 else chr(65 + n % 26) for n in range(4000))
    assert binary_reason(noise) is not None
    with pytest.raises(InputFormatError, match="binary data, not text"):
        prepare(Document("image.html", html=f"<html><body>{noise}</body></html>"))
    with pytest.raises(InputFormatError, match="binary data"):
        prepare(Document("blob.txt", text=noise))


def test_text_with_a_stray_control_character_or_bad_charset_is_still_text() -> None:
    assert binary_reason(f"{STORY}\x00 {STORY}") is None
    assert binary_reason("Caf\ufffd au lait, 3 \ufffd\ufffd cups. " * 20) is None  # decoded wrongly


@pytest.mark.parametrize("text", ["\u200b\u200c\u200d\ufeff\u2060", " \n\t ", "\u00a0\u3000", "-- ... !!"])
def test_text_without_letters_or_digits_is_empty(text: str) -> None:
    assert not has_readable_text(text)
    with pytest.raises(EmptyDocumentError, match="no article text"):
        prepare(Document("blank", text=text))


# --- languages the model does not cover ---------------------------------------------------------

RUSSIAN = (
    "Правительство сообщило, что 1 июля было продано 120 тонн зерна. Это на 5% больше, чем "
    "в прошлом году, сообщили в министерстве сельского хозяйства страны во вторник вечером."
)


def test_a_text_in_another_language_gets_a_warning_and_no_facts(nlp: Language) -> None:
    article = _one(nlp, Document("ru", text=RUSSIAN, published="2020-07-02"))
    assert isinstance(article, Article) and article.errors == []
    assert article.figures == [] and article.dates == [] and article.sources == []
    [warning] = article.warnings
    assert warning.startswith("language:") and "'ru'" in warning and "--any-language" in warning
    forced = _one(nlp, Document("ru", text=RUSSIAN, published="2020-07-02"), Options(any_language=True))
    assert isinstance(forced, Article) and forced.figures and not forced.warnings


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Цены выросли на 5% 1 июля, сообщили в министерстве.", "cyrillic"),
        ("Οι τιμές αυξήθηκαν κατά 5% τον Ιούλιο, είπε το υπουργείο.", "greek"),
    ],
)
def test_a_short_text_in_another_script_is_not_read_by_the_english_rules(
    nlp: Language, text: str, script: str
) -> None:
    assert unsupported_language(text, "en") == script  # too short to tell the language, not the script
    article = _one(nlp, Document("short", text=text))
    assert isinstance(article, Article) and article.figures == []
    assert article.warnings and script in article.warnings[0]
    assert unsupported_language("Prices rose 5% in July, the ministry said on Tuesday.", "en") is None


def test_an_english_text_gets_no_language_warning(nlp: Language) -> None:
    article = _one(nlp, Document("en", text=f"{STORY} " * 4, published="2020-07-02"))
    assert isinstance(article, Article) and article.warnings == [] and article.figures


# --- publication dates that cannot exist ------------------------------------------------------------


@pytest.mark.parametrize("date", ["2020-02-30", "2020-13-10"])
def test_an_impossible_date_in_the_text_is_dropped_not_the_article(nlp: Language, date: str) -> None:
    article = _one(nlp, Document("d", text=f"Published {date}\n\n{STORY}"))
    assert isinstance(article, Article) and article.figures
    assert article.published is None
    [warning] = article.warnings
    assert date in warning and "cannot exist" in warning


def test_an_impossible_date_in_the_page_metadata_is_dropped(nlp: Language) -> None:
    head = '<meta property="article:published_time" content="2021-02-29T08:00:00Z">'
    body = "".join(f"<p>{STORY} Imports fell {n}% in June, the agency added.</p>" for n in range(2, 6))
    page = f"<html><head><title>Trade</title>{head}</head><body><article>{body}</article></body></html>"
    article = _one(nlp, Document("page", html=page))
    assert isinstance(article, Article) and article.text and article.published is None
    assert any("2021-02-29" in warning for warning in article.warnings)


def test_an_impossible_date_given_as_input_fails_that_document(nlp: Language) -> None:
    error = _one(nlp, Document("given", text=STORY, published="2020-02-30"))
    assert isinstance(error, InputFormatError) and error.doc_id == "given"


# --- markup nested deeper than the parser goes ------------------------------------------------------


def test_a_page_nested_past_the_parser_limit_keeps_its_body() -> None:
    paragraphs = "".join(f"<p>{STORY} Imports fell {n}% in June, the agency added.</p>" for n in range(2, 6))
    nested = f"{'<div>' * 3000}{paragraphs}{'</div>' * 3000}"
    page = f"<html><head><title>Trade</title></head><body>{nested}</body></html>"
    cleaned = clean_html(page)
    assert cleaned.errors == () and STORY in cleaned.text and "Imports fell 5%" in cleaned.text


def test_flattening_drops_deep_tags_but_no_text() -> None:
    html = "<b>a<i>b<u>c<s>d</s>e</u>f<br>g</i>h</b>i<!-- <x> --><script>if (a<b) {}</script>"
    flat = flatten_deep_markup(html, max_depth=2)
    assert flat == "<b>a<i>bcdef<br>g</i>h</b>i<!-- <x> --><script>if (a<b) {}</script>"
    assert flatten_deep_markup(html, max_depth=10) == html  # shallow markup is left alone


# --- long texts in pieces -------------------------------------------------------------------------


def test_pieces_cover_the_text_and_end_at_paragraphs() -> None:
    text = "\n\n".join(f"Paragraph {n} says {n * 11} things happened." for n in range(40))
    pieces = split_pieces(text, 200)
    assert "".join(piece for _offset, piece in pieces) == text
    assert all(len(piece) <= 200 for _offset, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith("\n\n") for _offset, piece in pieces[:-1])
    unbroken = "word " * 100
    assert [len(p) for _o, p in split_pieces(unbroken, 120)] == [120, 120, 120, 120, 20]


def test_a_long_text_in_pieces_finds_what_the_whole_text_finds(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraphs = [
        "Exports rose 5% to 120 tonnes in May, the ministry said on Tuesday.",
        "About 2,400 people arrived in 2010, up from 1,900 a year earlier, officials said.",
        "Rents climbed to $1,200 a month in the second quarter, the agency reported.",
        "The council approved 35 new homes on Monday.",
    ]
    doc = Document("long", text="\n\n".join(paragraphs * 3), published="2020-07-01")
    whole = _one(nlp, doc)
    monkeypatch.setattr("extractor.pipeline.PIECE_CHARS", 200)
    pieced = _one(nlp, doc)
    assert isinstance(whole, Article) and isinstance(pieced, Article)
    # The same facts at the same places; only a relative date ("a year earlier") may be anchored
    # differently, since the time stage's focus starts afresh in each piece.
    assert [_located(f.to_json()) for f in pieced.figures] == [_located(f.to_json()) for f in whole.figures]
    assert [(d.span, d.text) for d in pieced.dates] == [(d.span, d.text) for d in whole.dates]
    assert [s.to_json() for s in pieced.sources] == [s.to_json() for s in whole.sources]
    assert all(pieced.text[f.span[0] : f.span[1]] == f.text for f in pieced.figures)
    assert len(pieced.figures) >= 12


def _located(figure: dict[str, object]) -> dict[str, object]:
    return {
        key: figure[key] for key in ("id", "span", "text", "value", "unit", "change", "source", "sentence")
    }


def test_control_characters_are_replaced_one_for_one_but_c1_text_is_kept() -> None:
    from extractor.support.characters import replace_controls, terminal_safe

    mojibake = "Stefan K\u00c3\u0083rner said \u0093yes\u0094"  # a page decoded with the wrong charset
    assert replace_controls(mojibake) == mojibake  # every output stores C1 characters
    assert replace_controls("a\x00b\x1bc\x7fd\ud800e\tf\ng") == "a b c d\ufffde\tf\ng"
    assert terminal_safe("\x1b[31mred\x9b2J") == " [31mred 2J"  # no escape reaches a terminal
