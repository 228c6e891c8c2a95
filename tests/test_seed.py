"""The golden test: the bundled seed article against its hand-checked expected facts.

Thresholds follow issue 2: all five figures with unit, bound, period and change; at least 9 of
the 10 dates; at least 4 of the 5 sources with their cue.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from extractor.pipeline import extract
from extractor.records import Article, Figure

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
EXPECTED: dict[str, Any] = json.loads((SAMPLES / "seed-defectors.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed(nlp: Language) -> Article:
    text = (SAMPLES / EXPECTED["input"]).read_text(encoding="utf-8")
    return extract(text, nlp=nlp)


def _figure_with_value(article: Article, value: float) -> Figure:
    matches = [f for f in article.figures if abs(f.value - value) < 1e-6]
    assert matches, f"no figure with value {value}: {[f.text for f in article.figures]}"
    return matches[0]


def test_article_metadata(seed: Article) -> None:
    assert seed.meta.title == EXPECTED["article"]["title"]
    assert (seed.meta.published or "").startswith(EXPECTED["article"]["published"])
    assert seed.text.startswith("Number of N.Korean")  # a .txt input is kept verbatim


@pytest.mark.parametrize("want", EXPECTED["figures"], ids=lambda f: str(f["value"]))
def test_figure(seed: Article, want: dict[str, Any]) -> None:
    figure = _figure_with_value(seed, want["value"])
    assert figure.kind == want["kind"]
    assert figure.unit in want["units"]
    assert figure.bound == want["bound"]
    assert figure.period is not None and figure.period.value in want["periods"]
    if "change" in want:
        assert figure.change is not None
        assert figure.change.value == want["change"]["value"]
        assert figure.change.unit == want["change"]["unit"]
        assert figure.change.reference is not None
        assert figure.change.reference.value == want["change"]["reference"]
    if "sources" in want:
        assert figure.source is not None and figure.source.text in want["sources"]
    assert seed.text[figure.sentence[0] : figure.sentence[1]].find(figure.text) >= 0
    assert figure.id and figure.summary.startswith(figure.summary.split(",")[0])


def test_twelve_deserters_summary(seed: Article) -> None:
    assert _figure_with_value(seed, 12).summary == "12 deserters, Q2 2020, \u221296%"


@pytest.mark.parametrize("phrase", EXPECTED["not_figures"])
def test_not_a_figure(seed: Article, phrase: str) -> None:
    start = seed.text.find(phrase, seed.text.find("Seoul, July 1"))
    assert start >= 0
    end = start + len(phrase)
    assert not [f.text for f in seed.figures if f.span[0] < end and start < f.span[1]]


def test_dates(seed: Article) -> None:
    found = {(d.text, d.value) for d in seed.dates}
    right = [d for d in EXPECTED["dates"] if (d["text"], d["value"]) in found]
    missing = [d for d in EXPECTED["dates"] if (d["text"], d["value"]) not in found]
    assert len(right) >= 9, f"missing or wrong: {missing}; found {sorted(found)}"


def test_sources(seed: Article) -> None:
    right = 0
    for want in EXPECTED["sources"]:
        for attribution in seed.sources:
            source = attribution.source.text if attribution.source else None
            content = seed.text[attribution.content.span[0] : attribution.content.span[1]]
            if source in want["sources"] and attribution.cue.text == want["cue"]:
                content = content.lstrip('"“ ').removeprefix("that ")
                right += content.startswith(want["content_starts"])
                break
    assert right >= 4
