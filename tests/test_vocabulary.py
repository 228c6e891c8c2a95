"""The unit and currency vocabularies built from pint's registry and CLDR (via Babel)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extractor.figures import vocabulary
from extractor.figures.stage import find_figures
from extractor.support.assets import load_json


def test_the_committed_vocabularies_match_the_registries() -> None:
    """models/figures/{measures,currency_names}.json are what the registries give today
    (rebuild with `python -m extractor.figures.vocabulary` after editing measure_units.json)."""
    pytest.importorskip("pint")
    pytest.importorskip("babel")
    for relative, table in vocabulary.build().items():
        assert load_json(relative) == table, relative


def test_measures_cover_prefixes_plurals_and_british_spelling() -> None:
    measures = load_json(vocabulary.MEASURES_FILE)
    assert measures["kilometres"] == measures["kilometers"] == measures["km"] == "km"
    assert measures["gigawatt hours"] == measures["gigawatt-hours"] == measures["GWh"] == "GWh"
    assert measures["inches"] == "in" and "in" not in measures  # "5 in" alone reads as a word
    assert "hertzes" not in measures and measures["kilohertz"] == "kHz"


def test_currency_names_come_in_both_numbers_with_nordic_crowns() -> None:
    names = load_json(vocabulary.CURRENCY_NAMES_FILE)
    assert names["swedish krona"] == names["swedish kronor"] == names["swedish crowns"] == "SEK"
    assert names["norwegian crowns"] == "NOK" and names["czech crowns"] == "CZK"
    assert not {"XAU", "XAG", "XDR"} & set(names.values())  # metals and drawing rights are not money
    assert names["central african cfa franc"] == "XAF"


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind"),
    [
        ("The deal is worth 15 billion Danish crowns.", 15e9, "DKK", "money"),
        ("The reactor produced 1,200 megawatt hours last month.", 1200, "MWh", "measure"),
        ("The phone has 256 gigabytes of storage.", 256, "GB", "measure"),
        ("The engine makes 420 newton-metres of torque.", 420, "N·m", "measure"),
        ("The plant emits 5 kilotonnes of soot a year.", 5, "kt", "measure"),
        ("Pressure fell to 960 hectopascals.", 960, "hPa", "measure"),
        ("Winds reached 90 knots.", 90, "knot", "measure"),
        ("He weighed 14 stone.", 14, "stone", "measure"),
    ],
)
def test_registry_units_in_sentences(nlp: Language, text: str, value: float, unit: str, kind: str) -> None:
    found = find_figures(nlp(text))
    assert [(f.value, f.unit, f.kind) for f in found] == [(value, unit, kind)]


def test_a_unit_name_in_title_case_is_a_name(nlp: Language) -> None:
    found = find_figures(nlp("During 2016 Stone met the officials."))
    assert found == []
