"""The figure stage's vocabulary, compiled once from ``models/figures/*.json``.

Everything a linguist may want to review (currencies, units, bound words, change verbs) lives in
the JSON files; this module only turns them into regular expressions and look-up tables.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from extractor.figures.vocabulary import CURRENCY_NAMES_FILE, MEASURES_FILE
from extractor.support.assets import load_json
from extractor.support.regex_words import word_alternation

# A unit family decides the figure's kind: percent units, time (durations), ages, other measures.
UNIT_KINDS = {"percent": "percent", "time": "measure", "age": "measure", "measure": "measure"}


@dataclass(frozen=True, slots=True)
class UnitEntry:
    """What a unit word after a number means."""

    unit: str  # the unit as emitted ("%", "km", "USD", "cent")
    family: str  # percent, time, age, measure, money, subunit, pounds


@dataclass(frozen=True, slots=True)
class FigureLexicon:
    """Compiled look-ups for the figure stage (read-only)."""

    currency_prefix: re.Pattern[str]  # a currency sign or code right before a number
    million_prefix: re.Pattern[str]  # "MUSD 60"-style codes that also mean millions
    prefix_codes: Mapping[str, str]  # surface prefix (normalised) -> ISO code
    unit_suffix: re.Pattern[str]  # a unit, currency word or code right after a number
    suffix_entries: Mapping[str, UnitEntry]  # normalised surface -> entry
    bound_before: re.Pattern[str]
    bound_before_map: Mapping[str, str]
    bound_after: re.Pattern[str]
    bound_after_map: Mapping[str, str]
    rate_suffix: re.Pattern[str]  # "per barrel", "a share", "/kg"
    up_verbs: frozenset[str]
    down_verbs: frozenset[str]
    up_particles: frozenset[str]
    down_particles: frozenset[str]
    up_nouns: frozenset[str]
    down_nouns: frozenset[str]
    multipliers: Mapping[str, str]  # "double" -> "up", "halve" -> "down"
    state_change_verbs: frozenset[str]  # "go", "move": a change between two levels, direction unsaid
    metre_words: frozenset[str]
    time_units: frozenset[str]
    rate_denominators: frozenset[str]
    placement_after: re.Pattern[str]  # "two years later": a duration that places an event in time
    placement_before: re.Pattern[str]  # "in the past two years", "the next three weeks"
    collective_nouns: frozenset[str]  # "20 staff": singular nouns a number above one still counts
    one_idioms: frozenset[str]  # "one such case", "one another": "one" as a determiner


def _norm(surface: str, case_sensitive: bool) -> str:
    return surface if case_sensitive else surface.lower()


def _alternation(forms: Sequence[str]) -> str:
    """A regex alternation of literal forms, longest first so "per cent" wins over "per"."""
    return word_alternation(forms, space=" ")


def _registry_entries(
    measures: Mapping[str, str], currency_names: Mapping[str, str]
) -> tuple[dict[str, UnitEntry], set[str]]:
    """The forms built from pint's unit registry and CLDR's currency names (vocabulary.py).
    Currency names match in any case ("Swedish crowns"); unit names and symbols only as written
    ("5 kWh", "3 stone", but not "2016 Stone", a name)."""
    entries = {name: UnitEntry(code, "money") for name, code in currency_names.items()}
    for form, symbol in measures.items():
        entries[form] = UnitEntry(symbol, "measure")
    return entries, set(measures)


def _unit_entries(
    units: Mapping[str, Any], currencies: Mapping[str, Any]
) -> tuple[dict[str, UnitEntry], set[str]]:
    """Surface form -> entry, and the forms that must match case-sensitively: the hand-written
    tables (``units.json``, ``currencies.json``), then the registries' forms they do not have."""
    entries, sensitive = _table_entries(units, currencies)
    known = {form.lower() for form in entries}
    registry, registry_sensitive = _registry_entries(load_json(MEASURES_FILE), load_json(CURRENCY_NAMES_FILE))
    for form, entry in registry.items():
        if form.lower() not in known:  # the tables decide the case rule of the forms they list
            entries[form] = entry
            if form in registry_sensitive:
                sensitive.add(form)
    return entries, sensitive


def _table_entries(
    units: Mapping[str, Any], currencies: Mapping[str, Any]
) -> tuple[dict[str, UnitEntry], set[str]]:
    entries: dict[str, UnitEntry] = {}
    sensitive = set(units["case_sensitive"])
    for family in ("measure", "time", "age", "percent"):
        for unit, forms in units[family].items():
            for form in forms:
                entries[_norm(form, form in sensitive)] = UnitEntry(unit, family)
    for name, code in currencies["names"].items():
        entries[name] = UnitEntry(code, "money")
    for code_form, code in currencies["codes"].items():
        entries[code_form] = UnitEntry(code, "money")
        sensitive.add(code_form)
    for form, code in currencies["symbols"].items():
        entries[form] = UnitEntry(code, "money")
        sensitive.add(form)
    for form, code in currencies["million_prefixed_codes"].items():
        entries[form] = UnitEntry(code, "money-million")
        sensitive.add(form)
    for form, name in currencies["subunits"].items():
        entries[form] = UnitEntry(name, "subunit")
        if len(form) == 1:  # "50p", "25c": one letter only in its own case
            sensitive.add(form)
    for form in currencies["ambiguous_pounds"]:
        entries[form] = UnitEntry("lb", "pounds")
    return entries, sensitive


def _suffix_regex(entries: dict[str, UnitEntry], sensitive: set[str]) -> re.Pattern[str]:
    # One alternation, longest form first, each form with its own case rule ("deg C" before "deg").
    forms = sorted(entries, key=len, reverse=True)
    alternation = "|".join(re.escape(f) if f in sensitive else f"(?i:{re.escape(f)})" for f in forms)
    # A unit word must end at a word boundary ("5 mi" but not "5 miles" read as "mi" + "les").
    end = r"(?![A-Za-z0-9²³]|-\d)"
    return re.compile(
        rf"(?P<sep>[ \t\u00a0]?-?[ \t\u00a0]?|[ \t]?[(\[{{<][ \t]?)(?P<unit>{alternation}){end}"
    )


# Codes also written in lower case before a number ("usd 200"); other lower-case letter
# groups before a number are words ("try 5 times").
_LOWER_CASE_CODES = ("usd", "eur", "gbp", "rmb", "jpy", "inr", "aud", "cad")


def _prefix_regex(currencies: Mapping[str, Any]) -> tuple[re.Pattern[str], dict[str, str]]:
    codes: dict[str, str] = {}
    for table in ("symbols", "ascii_folded", "codes"):
        codes.update(currencies[table])
    for code in _LOWER_CASE_CODES:
        codes[code] = currencies["codes"][code.upper()]
    # Case-sensitive: "a $70 fee" is not "A $" (Australian dollars).
    pattern = re.compile(rf"(?<![A-Za-z])(?P<cur>{_alternation(list(codes))})[ \t\u00a0]?$")
    return pattern, codes


def _bounds(table: Mapping[str, Sequence[str]], before: bool) -> tuple[re.Pattern[str], dict[str, str]]:
    mapping = {phrase.lower(): bound for bound, phrases in table.items() for phrase in phrases}
    alternation = _alternation(list(mapping))
    if before:
        # "sub-500" glues its bound; everything else stands as words before the number.
        pattern = re.compile(rf"(?i:(?:^|(?<=[^\w]))(?P<bound>{alternation})[ \t\u00a0]*)$")
    else:
        pattern = re.compile(rf"(?i:^[ \t\u00a0]*(?P<bound>{alternation}))(?![\w])")
    return pattern, mapping


def _placement(table: Mapping[str, Any]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words after and before a duration that make it a time, not a measured quantity."""
    after = re.compile(rf"(?i:[ \t]+(?:{_alternation(table['placement_after'])}))(?![\w-])")
    prepositions = _alternation(table["placement_prepositions"])
    deictics = _alternation(table["placement_deictics"])
    before = re.compile(rf"(?i:(?:^|(?<![\w-]))(?:(?:{prepositions})[ \t]+)?(?:{deictics})[ \t]+)$")
    return after, before


@lru_cache(maxsize=1)
def figure_lexicon() -> FigureLexicon:
    """The compiled lexicon (built once per process)."""
    units: Mapping[str, Any] = load_json("figures/units.json")
    currencies: Mapping[str, Any] = load_json("figures/currencies.json")
    bounds: Mapping[str, Any] = load_json("figures/bounds.json")
    changes: Mapping[str, Any] = load_json("figures/changes.json")
    non_figures: Mapping[str, Any] = load_json("figures/non_figures.json")
    placement_after, placement_before = _placement(non_figures)
    entries, sensitive = _unit_entries(units, currencies)
    prefix, prefix_codes = _prefix_regex(currencies)
    million = re.compile(rf"(?P<cur>{_alternation(list(currencies['million_prefixed_codes']))})[ \t]?$")
    before, before_map = _bounds(bounds["before"], before=True)
    after, after_map = _bounds(bounds["after"], before=False)
    rates = _alternation([*units["rate_denominators"], *(d + "s" for d in units["rate_denominators"])])
    rate = re.compile(rf"(?i:^[ \t]*(?:per|a|an|each|/)[ \t]*(?P<den>{rates}))(?![\w])")
    return FigureLexicon(
        currency_prefix=prefix,
        million_prefix=million,
        prefix_codes=MappingProxyType(prefix_codes),
        unit_suffix=_suffix_regex(entries, sensitive),
        suffix_entries=MappingProxyType(entries),
        bound_before=before,
        bound_before_map=MappingProxyType(before_map),
        bound_after=after,
        bound_after_map=MappingProxyType(after_map),
        rate_suffix=rate,
        up_verbs=frozenset(changes["up_verbs"]),
        down_verbs=frozenset(changes["down_verbs"]),
        up_particles=frozenset(changes["up_particles"]),
        down_particles=frozenset(changes["down_particles"]),
        up_nouns=frozenset(changes["up_nouns"]),
        down_nouns=frozenset(changes["down_nouns"]),
        multipliers=MappingProxyType(
            {verb: way for way, verbs in changes["multipliers"].items() for verb in verbs}
        ),
        state_change_verbs=frozenset(changes["state_change_verbs"]),
        metre_words=frozenset(units["metre_adjectives"]),
        time_units=frozenset(units["time"]),
        rate_denominators=frozenset(units["rate_denominators"]),
        placement_after=placement_after,
        placement_before=placement_before,
        collective_nouns=frozenset(non_figures["collective_nouns"]),
        one_idioms=frozenset(non_figures["one_idioms"]),
    )


def suffix_entry(lexicon: FigureLexicon, surface: str) -> UnitEntry | None:
    """The entry for a matched unit surface (exact case first, then lower case)."""
    return lexicon.suffix_entries.get(surface) or lexicon.suffix_entries.get(surface.lower())
