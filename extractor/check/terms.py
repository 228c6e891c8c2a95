"""Words as the checker compares them: lower-cased, stemmed, without stop words and digits.

A claim and a stored sentence rarely use the same word forms ("rose" / "rise", "deaths" /
"death"); the Snowball English stemmer folds the endings, spaCy's English stop-word list drops
the words that say nothing about the fact.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from spacy.lang.en.stop_words import STOP_WORDS

# Letters only: numbers are compared as values, never as words.
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_STEMMER = snowballstemmer.stemmer("english")
# Words that name the measure rather than the thing measured, and reporting words: every
# sentence with a figure has them, so they would match anything.
_NOISE = frozenset({"s", "percent", "cent", "per", "said", "says", "say", "according", "reported"})


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word.lower()))


def is_content_word(word: str) -> bool:
    lowered = word.lower()
    return len(lowered) > 1 and lowered not in STOP_WORDS and lowered not in _NOISE


def content_words(text: str) -> list[str]:
    """The content words of ``text`` in order, as written (for full-text queries)."""
    return [match.group() for match in WORD.finditer(text) if is_content_word(match.group())]


def stems(text: str) -> set[str]:
    """The stems of the content words of ``text``."""
    return {stem(word) for word in content_words(text)}


def stems_near(text: str, start: int, end: int, reach: int) -> set[str]:
    """The stems of the content words of ``text`` at most ``reach`` words before ``[start, end)``
    or after it (offsets into ``text``)."""
    words = list(WORD.finditer(text))
    before = [match for match in words if match.end() <= start][-reach:] if reach else []
    after = [match for match in words if match.start() >= end][:reach]
    inside = [match for match in words if match.start() < end and match.end() > start]
    return {stem(m.group()) for m in (*before, *inside, *after) if is_content_word(m.group())}
