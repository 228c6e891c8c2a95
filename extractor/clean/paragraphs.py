"""Paragraph-level signals: is a block of text prose, a short line, or page furniture?

Each block gets a ``Kind`` from its own text, the way jusText classifies paragraphs: its length,
how much of it is link text, the share of function words of the page's language (the stop words
spaCy ships for that language), and the furniture lines of ``models/clean/boilerplate_phrases.txt``.
Text that is markup (an escaped ``<img ...>`` from a ``noscript``) is furniture too.
"""

from __future__ import annotations

import importlib.util
import re
from enum import IntEnum
from functools import lru_cache
from pathlib import Path

from extractor.clean.blocks import Block
from extractor.support.assets import load_words

# A block with this much plain (non-link) text, few links and function words is a paragraph.
GOOD_CHARS = 80
# Below this many plain characters a block is too short to tell prose from a label.
NEAR_CHARS = 25
# Function words make up at least this share of a prose paragraph's words (jusText uses ~0.3
# with its own, shorter lists; spaCy's lists are longer, and dense tables of names have ~0).
PROSE_STOP_SHARE = 0.2
# Characters read to measure a block's share of function words.
STOP_SAMPLE = 400
# Text in Chinese, Japanese or Korean says more per character: one counts as this many.
CJK_WEIGHT = 3
# Link density above which a block is a link, not text.
MAX_LINK_DENSITY = 0.5

_WORDS = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f\u2026:;\"\u201d\u00bb)]\s*$")
_MARKUP = re.compile(r"<(?:img|a|iframe|div|span|p|source|picture|video|figure|br|script)\b[^>]*>?", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CLOCK = re.compile(r"\b[0-2]?\d[:.h][0-5]\d\b")


class Kind(IntEnum):
    """How much a block reads like article text, worst first."""

    BAD = 0  # links, furniture lines, markup
    SHORT = 1  # too short to tell (labels, headings, a date)
    NEAR = 2  # a line of text, a short sentence
    GOOD = 3  # a paragraph of prose


# --------------------------------------------------------------------------- assets


@lru_cache(maxsize=64)
def stop_words(language: str | None) -> frozenset[str]:
    """spaCy's stop words of a language (ISO 639-1 code); empty when spaCy has none for it.

    The word list is read from its own file, without importing spaCy or the language's package,
    whose set-up takes seconds (the cleaner also runs without the NLP pipeline).
    """
    if not language or not language.isalpha() or not 2 <= len(language) <= 3:
        return frozenset()
    spacy = importlib.util.find_spec("spacy")  # finds the package without importing it
    if spacy is None or spacy.origin is None:
        return frozenset()
    path = Path(spacy.origin).parent / "lang" / language.lower() / "stop_words.py"
    spec = importlib.util.spec_from_file_location(f"_newsfacts_stop_words_{language.lower()}", path)
    if not path.is_file() or spec is None or spec.loader is None:
        return frozenset()
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(w.lower() for w in module.STOP_WORDS)


@lru_cache(maxsize=1)
def boilerplate_patterns() -> re.Pattern[str]:
    phrases = sorted(load_words("clean/boilerplate_phrases.txt"))
    return re.compile("|".join(f"(?:{p})" for p in phrases), re.IGNORECASE)


@lru_cache(maxsize=1)
def furniture_heading_patterns() -> re.Pattern[str]:
    phrases = sorted(load_words("clean/furniture_headings.txt"))
    return re.compile("|".join(f"(?:{p})" for p in phrases), re.IGNORECASE)


# --------------------------------------------------------------------------- single signals


def is_timestamp(text: str) -> bool:
    """A date line ("May 14, 2020 at 7:45 am", "19.11.2019, 08:57"): a year and a clock time."""
    if len(text) >= 80 or len(text.split()) > 10:
        return False
    return bool(_YEAR.search(text)) and bool(_CLOCK.search(text))


def is_boilerplate(block: Block) -> bool:
    """A short paragraph of page furniture: "Advertisement", "Share this", "Read more: ..."."""
    if block.chars >= 200:
        return False
    return boilerplate_patterns().match(block.text) is not None or is_timestamp(block.text)


def is_furniture_heading(block: Block) -> bool:
    """ "Related stories", "Read more", "Don't miss": a heading over a list of other articles."""
    return block.chars < 80 and furniture_heading_patterns().match(block.text) is not None


def is_markup(text: str) -> bool:
    """Text that is HTML source shown as text (``noscript`` fallbacks escaped by the page)."""
    return "<" in text and _MARKUP.search(text) is not None


def is_link_list(block: Block) -> bool:
    """Mostly links: a menu item or "related" entry; prose with many links keeps some plain text."""
    density = block.link_density
    return density >= 0.8 or (density > MAX_LINK_DENSITY and block.chars < 80)


def weighted_chars(text: str, chars: int) -> int:
    """Non-space characters, a CJK character counting for several (it says as much as a word)."""
    if chars < 8 or text.isascii():
        return chars
    return chars + (CJK_WEIGHT - 1) * len(_CJK.findall(text))


def stop_share(text: str, stops: frozenset[str]) -> float | None:
    """The share of the text's words that are function words; None without a list or words."""
    if not stops:
        return None
    words = _WORDS.findall(text[:STOP_SAMPLE].lower())
    if len(words) < 4:
        return None
    return sum(1 for w in words if w in stops) / len(words)


def ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text) is not None


# --------------------------------------------------------------------------- classification


def classify(block: Block, stops: frozenset[str]) -> Kind:
    """The block's kind from its own text (its place on the page is weighed elsewhere)."""
    if is_markup(block.text) or is_boilerplate(block):
        return Kind.BAD
    if is_link_list(block) and not block.in_table:
        return Kind.BAD
    plain = weighted_chars(block.text, block.chars) - block.link_chars
    if plain < NEAR_CHARS or block.heading:
        return Kind.SHORT
    share = stop_share(block.text, stops)
    wordy = share is None or share >= PROSE_STOP_SHARE
    if plain >= GOOD_CHARS and block.link_density < 0.3 and wordy:
        return Kind.GOOD
    if wordy or ends_sentence(block.text):
        return Kind.NEAR
    return Kind.SHORT


def classify_all(blocks: list[Block], stops: frozenset[str]) -> list[Kind]:
    return [classify(b, stops) for b in blocks]
