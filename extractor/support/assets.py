"""Read the declarative NLP assets in ``models/`` (patterns, lexicons, word lists).

``models/`` sits at the top of the repository so a linguist can review it; the wheel ships
it inside the package as ``extractor/models``. Files are read once and returned as
immutable values, so no caller can change what another sees.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

_PACKAGE = Path(__file__).resolve().parent.parent
_PACKAGED = _PACKAGE / "models"
_SOURCE_TREE = _PACKAGE.parent / "models"


def models_dir() -> Path:
    """The folder holding the assets: inside the installed package, else the source tree."""
    return _PACKAGED if _PACKAGED.is_dir() else _SOURCE_TREE


def frozen(value: Any) -> Any:
    """A read-only copy of parsed JSON: objects become ``MappingProxyType``s, arrays tuples."""
    if isinstance(value, dict):
        return MappingProxyType({key: frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(frozen(item) for item in value)
    return value


@cache
def load_json(relative_path: str) -> Any:
    """A JSON asset, e.g. ``load_json("figures/units.json")``, read-only (see ``frozen``): the
    cached value is shared by every caller."""
    with (models_dir() / relative_path).open(encoding="utf-8") as handle:
        return frozen(json.load(handle))


@cache
def load_words(relative_path: str) -> frozenset[str]:
    """A word list: one entry per line, ``#`` starts a comment, case kept as written."""
    words = set()
    with (models_dir() / relative_path).open(encoding="utf-8") as handle:
        for line in handle:
            entry = line.split("#", 1)[0].strip()
            if entry:
                words.add(entry)
    return frozenset(words)
