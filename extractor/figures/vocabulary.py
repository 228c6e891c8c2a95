"""Build the figure stage's unit and currency vocabularies from real registries.

    python -m extractor.figures.vocabulary        # rewrites models/figures/{measures,currency_names}.json

Physical units come from pint's default unit registry (BSD licence): the units news uses, named in
``models/figures/measure_units.json`` with the SI prefixes each takes, are expanded into every
written form (name, British spelling, plural, symbol) and the symbol the figure's ``unit`` takes.
Currency names come from CLDR through Babel (BSD licence): the English singular and plural names
of the ISO 4217 currencies, plus the "crowns" English news writes for the Nordic and Czech ones.

The outputs are plain JSON that :mod:`extractor.figures.lexicon` reads at run time, so running
newsfacts needs neither library (``pip install '.[vocab]'`` to rebuild); a test checks that the
files match the registries whenever both are installed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from extractor.support.assets import load_json, models_dir

MEASURES_FILE = "figures/measures.json"
CURRENCY_NAMES_FILE = "figures/currency_names.json"

# Aliases in pint's registry that name a variant or a system, not a word news writes.
_SYSTEM_ALIAS = re.compile(
    r"^(?:international|us|uk|ec|avdp|avoirdupois|liquid|thermochemical|hydraulic)_|_(?:th|iso)$", re.I
)
_WORD = re.compile(r"^[A-Za-z]+(?:_[A-Za-z]+)*$")
# Codes for funds, metals and tests (XAU, XDR, XTS ...) are no money a price is given in.
_CURRENCY_UNITS_OF_ACCOUNT = re.compile(r"^X(?!AF|OF|PF|CD)")
_CROWN_WORDS = frozenset({"krona", "kronor", "krone", "kroner", "koruna", "korunas", "króna", "krónur"})


def _plural(name: str, invariant: set[str]) -> str:
    """ "kilometre" -> "kilometres", "inch" -> "inches", "degree celsius" -> "degrees celsius"."""
    words = name.split(" ")
    index = 0 if words[0] == "degree" else -1
    word = words[index]
    if word in invariant or any(word.endswith(other) for other in invariant):
        return name  # "hertz", "kilohertz", "horsepower", "feet"
    words[index] = word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")
    return " ".join(words)


def _unit_forms(registry: Any, unit: str) -> tuple[list[str], list[str]]:
    """(word forms, symbols) of one pint unit: names lower-cased with spaces, symbols as written."""
    definition = registry._units[unit]
    words = {definition.name.replace("_", " ").lower()}
    symbols = {definition.symbol} if definition.symbol else set()
    for alias in definition.aliases:
        if _SYSTEM_ALIAS.search(alias):
            continue
        if (_WORD.match(alias) and alias.islower()) or "_" in alias:
            words.add(alias.replace("_", " ").lower())
        else:
            symbols.add(alias)
    return sorted(words), sorted(symbols)


def build_measures(registry: Any, spec: dict[str, Any]) -> dict[str, str]:
    """Written form -> emitted symbol, for every unit and prefix of the spec."""
    ambiguous = set(spec["ambiguous_symbols"])
    invariant = set(spec["invariant_words"])
    forms: dict[str, str] = {}
    for entry in spec["units"]:
        words, symbols = _unit_forms(registry, entry["unit"])
        for prefix in entry["prefixes"]:
            prefix_symbol = registry._prefixes[prefix].symbol if prefix else ""
            emitted = entry.get("symbol") or prefix_symbol + str(registry._units[entry["unit"]].symbol)
            for word in words:
                if word.startswith("degree ") and prefix:
                    continue  # no "kilodegree celsius"
                name = prefix + word
                for form in (name, name.replace(" ", "-")):  # "kilowatt hours", "kilowatt-hours"
                    forms.setdefault(form, emitted)
                    forms.setdefault(_plural(form, invariant), emitted)
            for symbol in symbols:
                if prefix or symbol not in ambiguous:
                    forms.setdefault(prefix_symbol + symbol, emitted)
    return dict(sorted(forms.items()))


def build_currency_names(numbers: Any) -> dict[str, str]:
    """English currency name (singular and plural, lower case) -> ISO 4217 code, from CLDR."""
    names: dict[str, str] = {}
    for code in sorted(numbers.list_currencies()):
        if _CURRENCY_UNITS_OF_ACCOUNT.match(code):
            continue
        for count in (1, 2):
            name = numbers.get_currency_name(code, count, "en").lower()
            if re.search(r"[\d()]", name) or name == code.lower():
                continue
            names.setdefault(name, code)
            words = name.split(" ")
            if len(words) > 1 and words[-1] in _CROWN_WORDS:  # "Swedish kronor" -> "Swedish crowns"
                crown = "crown" if count == 1 else "crowns"
                names.setdefault(" ".join([*words[:-1], crown]), code)
    return dict(sorted(names.items()))


def build() -> dict[str, dict[str, str]]:
    """Both vocabularies, by the file each is written to (needs pint and Babel)."""
    import babel.numbers
    import pint

    registry: Any = pint.UnitRegistry(cache_folder=None)
    spec: dict[str, Any] = load_json("figures/measure_units.json")
    return {
        MEASURES_FILE: build_measures(registry, spec),
        CURRENCY_NAMES_FILE: build_currency_names(babel.numbers),
    }


def main() -> int:
    for relative, table in build().items():
        path = Path(models_dir()) / relative
        path.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path}: {len(table)} forms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
