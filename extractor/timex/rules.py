"""The time expression rules as data: the lexicon and the regex patterns of ``models/time/``.

``models/time/patterns.txt`` holds one block per rule (name, normalizer, TIMEX3 type, regex);
its ``{MACROS}`` are filled in from ``models/time/lexicon.json`` (month names, weekdays,
number words ...) so a linguist can extend a word list without touching a regex.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extractor.errors import RuleError
from extractor.support.assets import load_json, models_dir
from extractor.support.regex_words import ascii_lower, lowercase_pattern, word_alternation

PATTERNS_FILE = "time/patterns.txt"
LEXICON_FILE = "time/lexicon.json"

# Matches never start inside a word or a number like "3,1990", never end inside a word.
_NOT_INSIDE_NUMBER = r"(?<![0-9][.,])"
_LEFT_EDGE = r"(?<![\w])" + _NOT_INSIDE_NUMBER
_RIGHT_EDGE = r"(?![\w])(?![.,][0-9])"
_MACRO = re.compile(r"\{([A-Z_][A-Z0-9_]*)\}")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled pattern: its name, normalizer, TIMEX3 type and regex."""

    name: str
    norm: str
    type: str
    order: int
    regex: re.Pattern[str]


def lexicon() -> Mapping[str, Any]:
    """The time lexicon (read-only)."""
    data: Mapping[str, Any] = load_json(LEXICON_FILE)
    return data


def _lexicon_macros() -> dict[str, str]:
    lex = lexicon()
    abbreviations = list(lex["month_abbreviations"])
    full_names = [m for m in lex["months"] if m not in abbreviations]
    return {
        # "Sept." and "Sept" both; full names take no period ("in May." ends a sentence).
        "MONTH": f"{word_alternation(full_names)}|{word_alternation(abbreviations)}\\.?",
        "WEEKDAY": word_alternation(list(lex["weekdays"])),
        "SEASON": word_alternation(list(lex["seasons"])),
        "NUM": word_alternation(list(lex["numbers"])),
        "VAGUE": word_alternation(list(lex["vague_numbers"])),
        "ORDW": word_alternation([w for w in lex["ordinals"] if lex["ordinals"][w] > 0]),
        "UNIT": word_alternation(list(lex["units"])),
        "HOLIDAY": word_alternation(list(lex["holidays"])),
        "REFS": word_alternation(list(lex["refs"])),
    }


def _expand(template: str, macros: dict[str, str], rule: str) -> str:
    """Fill ``{NAME}`` macros in, repeatedly (macros may use macros)."""
    for _ in range(10):
        # Each macro is a group of its own, so a quantifier after it applies to all of it.
        expanded = _MACRO.sub(
            lambda m: f"(?:{macros[m.group(1)]})" if m.group(1) in macros else m.group(0), template
        )
        if expanded == template:
            break
        template = expanded
    unknown = _MACRO.findall(template)
    if unknown:
        raise RuleError(f"rule {rule}: unknown macro(s) {sorted(set(unknown))}")
    return template


def _blocks(text: str) -> tuple[list[tuple[str, str]], list[dict[str, str]]]:
    """The macro lines and the rule blocks of a pattern file."""
    macros: list[tuple[str, str]] = []
    rules: list[dict[str, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if key == "macro":
            name, _, body = value.partition("=")
            macros.append((name.strip(), body.strip()))
        elif key == "rule":
            rules.append({"rule": value})
        elif rules and key in ("norm", "type", "regex"):
            rules[-1][key] = value
        else:
            raise RuleError(f"{PATTERNS_FILE}: cannot read line {raw!r}")
    return macros, rules


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """All rules of ``models/time/patterns.txt``, compiled, in file order."""
    text = (models_dir() / PATTERNS_FILE).read_text(encoding="utf-8")
    macro_lines, blocks = _blocks(text)
    macros = _lexicon_macros()
    for name, body in macro_lines:
        macros[name] = _expand(body, macros, f"macro {name}")
    compiled = []
    for order, block in enumerate(blocks):
        name = block["rule"]
        if not all(k in block for k in ("norm", "type", "regex")):
            raise RuleError(f"rule {name}: needs norm, type and regex")
        pattern = _LEFT_EDGE + "(?:" + _expand(block["regex"], macros, name) + ")" + _RIGHT_EDGE
        try:
            regex = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise RuleError(f"rule {name}: {exc}") from exc
        compiled.append(Rule(name, block["norm"], block["type"], order, regex))
    return tuple(compiled)


@lru_cache(maxsize=1)
def _start_scanner() -> re.Pattern[str]:
    # All rules as one lookahead, run once over the lowercased text instead of once per rule.
    # Each hit consumes the character before a start (a blank, or the space that stands for the
    # start of the text): a character-class first step lets the engine skip inside words fast.
    bodies = [_NAMED_GROUP.sub("(?:", rule.regex.pattern.removeprefix(_LEFT_EDGE)) for rule in rules()]
    return re.compile(r"[^\w](?=" + _NOT_INSIDE_NUMBER + "(?:" + lowercase_pattern("|".join(bodies)) + "))")


def rule_starts(text: str) -> list[int]:
    """The offsets of ``text`` where some rule matches, in order: every rule match starts at one
    of them (for text whose letters are ASCII or caseless; other letters compare as written)."""
    return [hit.start() for hit in _start_scanner().finditer(" " + ascii_lower(text))]
