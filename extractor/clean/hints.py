"""Class/id hints: what an element's ``class``, ``id`` and tag say about its role.

The words come from ``models/clean/negative_hints.txt`` (page furniture: share bars, comments,
related teasers, cookie notices ...), ``positive_hints.txt`` (article bodies) and
``media_hints.txt`` (images, galleries, videos: their text is captions). A class token is
split into words ("articleShare-bar" -> article, share, bar). Words that only describe a state or a
variant do not give the element its role: those after a state word ("has-ads", "no-sidebar",
``models/clean/state_words.txt``) and a BEM modifier after "--" ("main--skyscraper").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from extractor.support.assets import load_words

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD_SPLIT = re.compile(r"[^a-zA-Z0-9]+")


@dataclass(frozen=True, slots=True)
class WordList:
    """Lower-cased words, some of them stems ("promo*" matches any word starting with "promo")."""

    exact: frozenset[str]
    stems: tuple[str, ...]

    @classmethod
    def of(cls, words: Iterable[str]) -> WordList:
        lowered = [w.lower() for w in words]
        return cls(
            frozenset(w for w in lowered if not w.endswith("*")),
            tuple(sorted(w[:-1] for w in lowered if w.endswith("*"))),
        )

    def matches(self, word: str) -> bool:
        return word in self.exact or word.startswith(self.stems)


@dataclass(frozen=True, slots=True)
class HintWords:
    """Class/id words that mark furniture (negative) or article bodies (positive), and the state
    words that void the words after them."""

    negative: WordList
    positive: WordList
    states: frozenset[str]
    anywhere: re.Pattern[str]  # any of the words inside a token: a quick test before splitting


@lru_cache(maxsize=1)
def hint_words() -> HintWords:
    negative = load_words("clean/negative_hints.txt")
    positive = load_words("clean/positive_hints.txt")
    stems = sorted({w.rstrip("*").lower() for w in negative | positive}, key=len, reverse=True)
    return HintWords(
        negative=WordList.of(negative),
        positive=WordList.of(positive),
        states=frozenset(w.lower() for w in load_words("clean/state_words.txt")),
        anywhere=re.compile("|".join(re.escape(w) for w in stems)),
    )


@lru_cache(maxsize=1)
def media_words() -> tuple[WordList, re.Pattern[str]]:
    """The media words, and a pattern finding any of them inside a token (a quick test first)."""
    words = load_words("clean/media_hints.txt")
    stems = sorted({w.rstrip("*").lower() for w in words}, key=len, reverse=True)
    return WordList.of(words), re.compile("|".join(re.escape(w) for w in stems))


@lru_cache(maxsize=1)
def furniture_tags() -> frozenset[str]:
    return load_words("clean/furniture_tags.txt")


def class_words(value: str) -> list[str]:
    """The lower-cased words of one class/id token: "articleShare-bar" -> article, share, bar."""
    return [w.lower() for w in _WORD_SPLIT.split(_CAMEL.sub(" ", value)) if w]


def role_words(token: str, states: frozenset[str]) -> list[str]:
    """The words of a token that name a role: not a BEM modifier ("main--skyscraper" -> main),
    nor what follows a state word ("section--has-ads", "has-sidebar" -> section, nothing)."""
    words = []
    for word in class_words(token.split("--", 1)[0] if not token.startswith("--") else token):
        if word in states:
            break
        words.append(word)
    return words


@lru_cache(maxsize=16384)
def token_polarity(token: str) -> int:
    """-1 when the class/id token or one of its role words is a furniture word ("article-share"),
    else +1 for an article-body word ("story-body"), else 0. Cached: tokens repeat a lot."""
    hints = hint_words()
    if hints.anywhere.search(token.lower()) is None:
        return 0
    words = role_words(token, hints.states)
    candidates = [token.lower(), *words] if len(words) == len(class_words(token)) else words
    if any(hints.negative.matches(w) for w in candidates):
        return -1
    if any(hints.positive.matches(w) for w in candidates):
        return 1
    return 0


def hint_polarity(element: etree._Element) -> int:
    """+1 for an article-body hint, -1 for a furniture hint, 0 for none.

    One positive class/id token saves the element ("entry-content share-enabled").
    """
    if element.get("itemprop", "").lower() == "articlebody":
        return 1
    return attribute_polarity(element.get("class", ""), element.get("id", ""))


@lru_cache(maxsize=16384)
def attribute_polarity(class_value: str, id_value: str) -> int:
    """The hint of a class and id pair (cached: templates repeat the same classes)."""
    polarities = {token_polarity(t) for t in f"{class_value} {id_value}".split()}
    if 1 in polarities:
        return 1
    return -1 if -1 in polarities else 0


@lru_cache(maxsize=16384)
def _is_media_token(token: str) -> bool:
    words, anywhere = media_words()
    if anywhere.search(token.lower()) is None:
        return False
    return any(words.matches(w) for w in role_words(token, hint_words().states))


Marks = tuple[bool, bool]  # (furniture, media)


@lru_cache(maxsize=16384)
def element_marks(tag: str, class_value: str, id_value: str, itemprop: str, in_article: bool) -> Marks:
    """Whether an element is furniture, and whether it holds media, from its tag and attributes
    (cached: the segmenter asks for every element). Inside an article, a ``<header>`` is the
    article's own (headline, byline, lead), furniture only by its class/id."""
    polarity = 1 if itemprop.lower() == "articlebody" else attribute_polarity(class_value, id_value)
    tag_rule = not (tag == "header" and in_article)
    furniture = polarity < 0 or (polarity == 0 and tag_rule and tag in furniture_tags())
    return furniture, any(_is_media_token(t) for t in f"{class_value} {id_value}".split())
