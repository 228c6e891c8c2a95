"""Property-based tests (hypothesis): the readers and stages lose nothing and never blow up.

* the JSONL reader gives back every document, whatever Unicode its strings hold;
* the HTML cleaner takes random and deeply nested markup without an exception, in bounded time;
* the pipeline on random text with numbers and dates keeps every span inside the text and every
  value finite.

The example counts are kept small so that the whole file runs in well under a minute.
"""

from __future__ import annotations

import json
import math
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from extractor.clean.body import clean_html
from extractor.errors import DocumentError
from extractor.pipeline import Options, extract_many
from extractor.records import Article, Document
from extractor.run.inputs import iter_documents

QUICK = settings(max_examples=60, deadline=None, database=None)
SLOW = settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SECONDS_PER_PAGE = 10.0  # generous: the machine is shared; a runaway parse takes minutes

# Any character JSON can carry in UTF-8 (no lone surrogates), line and paragraph separators included.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)


@QUICK
@given(texts=st.lists(any_text, min_size=1, max_size=8), gzip=st.booleans())
def test_the_jsonl_reader_gives_back_every_document(
    texts: list[str], gzip: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("jsonl")
    path = folder / ("docs.jsonl.gz" if gzip else "docs.jsonl")
    lines = "".join(
        json.dumps({"id": f"d{n}", "text": t}, ensure_ascii=False) + "\n" for n, t in enumerate(texts)
    )
    if gzip:
        import gzip as gz

        path.write_bytes(gz.compress(lines.encode("utf-8")))
    else:
        path.write_text(lines, encoding="utf-8")
    documents = list(iter_documents([str(path)]))
    assert [d.id for d in documents if isinstance(d, Document)] == [f"d{n}" for n in range(len(texts))]
    assert [d.text for d in documents if isinstance(d, Document)] == texts


TAGS = (
    "div",
    "p",
    "span",
    "article",
    "section",
    "b",
    "i",
    "a",
    "table",
    "tr",
    "td",
    "li",
    "ul",
    "h1",
    "br",
    "img",
)
words = st.sampled_from(
    ("Exports", "rose", "5%", "to", "120", "tonnes", "in", "May", "said", "the", "<", "&amp;", ">")
)


@st.composite
def markup(draw: st.DrawFn) -> str:
    """Random tag soup: unbalanced and nested tags, attributes, text, sometimes very deep."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            parts.append(f'<{tag} class="{draw(st.sampled_from(("story", "nav", "ad", "x")))}">')
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(" ".join(draw(st.lists(words, max_size=12))))
    depth = draw(st.sampled_from((0, 0, 10, 3000)))
    inner = "".join(parts)
    return f"<html><body>{'<div>' * depth}{inner}{'</div>' * depth}</body></html>"


@SLOW
@given(page=st.one_of(markup(), any_text))
def test_the_cleaner_takes_any_markup_in_bounded_time(page: str) -> None:
    start = time.monotonic()
    cleaned = clean_html(page)
    assert time.monotonic() - start < SECONDS_PER_PAGE
    assert isinstance(cleaned.text, str) and all(isinstance(e, str) for e in cleaned.errors)


number = st.one_of(
    st.integers(-(10**12), 10**12).map(lambda n: f"{n:,}"),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(lambda x: f"{x:g}"),
    st.sampled_from(("1e308", "9" * 40, "0.000001", "1/2", "3-4", "½", "١٢٣", "$1.2bn", "40 per cent")),
)
date = st.sampled_from(("2020-02-30", "31 April 2021", "Q2 2020", "last week", "1999-12-31", "13/13/2013"))
token = st.one_of(number, date, words, st.text(st.characters(exclude_categories=("Cs",)), max_size=8))


@SLOW
@given(tokens=st.lists(token, min_size=1, max_size=40))
def test_the_pipeline_keeps_spans_inside_the_text_and_values_finite(nlp: Language, tokens: list[str]) -> None:
    text = " ".join(tokens)
    [result] = list(extract_many([Document("fuzz", text=text, published="2020-07-01")], Options(), nlp=nlp))
    if isinstance(result, DocumentError):
        assert result.doc_id == "fuzz" and result.stage in ("clean", "input")  # empty, binary ...
        return
    assert isinstance(result, Article) and result.text == text
    spans = [f.span for f in result.figures] + [f.sentence for f in result.figures]
    spans += [d.span for d in result.dates] + [s.cue.span for s in result.sources]
    assert all(0 <= start <= end <= len(text) for start, end in spans)
    assert all(text[f.span[0] : f.span[1]] == f.text for f in result.figures)
    values = [f.value for f in result.figures] + [
        f.value_max for f in result.figures if f.value_max is not None
    ]
    values += [f.change.value for f in result.figures if f.change and f.change.value is not None]
    assert all(math.isfinite(value) for value in values)
