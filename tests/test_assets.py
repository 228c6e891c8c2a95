"""Cached lexicon data is shared by every caller, so it is handed out read-only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from extractor.attribution.lexicon import attribution_lexicon
from extractor.figures.lexicon import figure_lexicon
from extractor.support.assets import frozen, load_json
from extractor.timex.rules import lexicon


def test_frozen_turns_objects_into_read_only_mappings_and_arrays_into_tuples() -> None:
    value = frozen({"a": [1, {"b": [2, 3]}], "c": "x"})
    assert value == {"a": (1, {"b": (2, 3)}), "c": "x"}
    with pytest.raises(TypeError):
        value["c"] = "y"
    with pytest.raises(TypeError):
        value["a"][1]["b"] = ()


def _mutable_parts(value: Any, path: str = "") -> list[str]:
    """Where a value holds a dict, list or set that a caller could change."""
    if isinstance(value, (dict, list, set)):
        return [path or "<top>"]
    if isinstance(value, Mapping):
        return [p for key, item in value.items() for p in _mutable_parts(item, f"{path}/{key}")]
    if isinstance(value, tuple):
        return [p for index, item in enumerate(value) for p in _mutable_parts(item, f"{path}[{index}]")]
    return []


@pytest.mark.parametrize(
    "asset", ["figures/units.json", "figures/number_words.json", "time/lexicon.json", "clean/stopwords.json"]
)
def test_loaded_assets_hold_nothing_mutable(asset: str) -> None:
    assert _mutable_parts(load_json(asset)) == []


def test_compiled_lexicons_are_read_only() -> None:
    figures, sources = figure_lexicon(), attribution_lexicon()
    tables = [figures.suffix_entries, figures.prefix_codes, figures.multipliers]
    tables += [sources.phrasal, sources.prepositional, sources.pronoun_kinds, lexicon()]
    for table in tables:
        with pytest.raises(TypeError):
            table["new"] = None  # type: ignore[index]
