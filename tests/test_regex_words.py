"""Word tries, lowercased patterns, and the one-scan rule matcher of the time stage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor.clean.body import clean_html
from extractor.support.regex_words import ascii_lower, lowercase_pattern, word_alternation
from extractor.timex.find import raw_matches
from extractor.timex.rules import rule_starts, rules

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
WORDS = ["mar", "march", "may", "monday", "new year", "new year's day", "q1"]


@pytest.mark.parametrize("word", WORDS)
def test_trie_matches_each_word_whole(word: str) -> None:
    assert re.fullmatch(word_alternation(WORDS), word)


def test_trie_prefers_the_longest_word_like_a_sorted_list() -> None:
    trie = re.compile(word_alternation(WORDS))
    listed = re.compile("|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True)))
    for text in ("march", "marching", "new year's day", "new years", "mayday", "mondays"):
        assert trie.match(text).group() == listed.match(text).group()  # type: ignore[union-attr]


def test_trie_spaces_match_blank_runs_within_a_line_only() -> None:
    trie = re.compile(word_alternation(["new year"]) + "$")
    assert trie.match("new \t year")
    assert not trie.match("new\nyear")
    assert not trie.match("newyear")


def test_trie_escapes_regex_characters() -> None:
    trie = re.compile(word_alternation(["a.m.", "u.s."]) + "$")
    assert trie.match("a.m.")
    assert not trie.match("axmx")


def test_lowercasing_keeps_offsets_and_escapes() -> None:
    assert ascii_lower("Q2 ÉTÉ 2020") == "q2 ÉtÉ 2020"
    assert lowercase_pattern(r"[^\S\n]+Q\d\W(?P<Year>X)(?P=Year)") == r"[^\S\n]+q\d\W(?P<Year>x)(?P=Year)"


TRICKY = [
    "March 2020",  # a match at the very start
    "In Q2 2020, exports fell. On 2021-03-04T10:30 the SEC met; by 3,1990 nothing.",
    "MONDAY, JAN. 6 — LAST YEAR'S first quarter, the 1990s and mid-2019 to 2020–21.",
    "He said (Friday) that 5 years ago, about two weeks later, at 10 a.m. on New Year's Day ...",
    "x1990 1990x 1990 ,1990 .1990 12/31/2020 31.12.20 the day before. Over the next day.",
]


def _per_rule_scan(text: str) -> list[tuple[str, tuple[int, int], dict[str, str | None]]]:
    return [(r.name, m.span(), m.groupdict()) for r in rules() for m in r.regex.finditer(text)]


def _sample_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    texts += [clean_html(p.read_text(encoding="utf-8"), None).text for p in sorted(SAMPLES.glob("*.html"))]
    return texts


@pytest.mark.parametrize("text", TRICKY + _sample_texts())
def test_one_scan_finds_what_each_rule_finds_alone(text: str) -> None:
    fast = [(r.name, m.span(), m.groupdict()) for r, m in raw_matches(text)]
    assert fast == _per_rule_scan(text)
    assert fast, "each text has some time expression"


def test_rule_starts_are_few_and_cover_every_match() -> None:
    text = (SAMPLES / "seed-defectors.txt").read_text(encoding="utf-8")
    starts = rule_starts(text)
    assert len(starts) < len(text.split()) / 10
    assert {span[0] for _, span, _ in _per_rule_scan(text)} <= set(starts)
