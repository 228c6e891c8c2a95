"""Find time expressions in a parsed article: regex rules, checks on the parse, overlaps.

The rules of ``models/time/patterns.txt`` propose candidates over the raw text; the spaCy
parse vetoes readings that the words alone cannot settle ("May" the verb, "current account",
"1990 people") and gives the tense that picks "Friday" before or after the publication date.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from spacy.tokens import Doc, Token

from extractor.support.intervals import SpanIndex
from extractor.support.spacy_utils import doc_text, sentence_of, token_starts
from extractor.timex.norm import Candidate, month_number, period_of_months
from extractor.timex.rules import Rule, lexicon, rule_starts, rules

# A determiner belongs to the noun that a compound adjective modifies ("a two-week strike",
# "the 14-day limit"); possessives never open a TIMEX3 ("its fourth quarter").
_ADJECTIVE_DETERMINER = re.compile(
    r"^(?:a|an|the)\s+(?=[\w.]+(?:-[\w.]+)+$"  # "a two-week (strike)"
    r"|(?:\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty)"
    r"(?:[\s-]\w+)?\s+(?:year|month|week|day|hour|minute|decade)$)",  # "a five year (low)"
    re.I,
)
_POSSESSIVE = re.compile(r"^(?:its|their|his|her|our|my|your)\s+", re.I)
_CAPITALIZED_GROUPS = ("month", "month2", "month_end", "weekday", "holiday")


class TokenIndex:
    """Which token holds a character offset."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = token_starts(doc)

    def at(self, offset: int) -> Token | None:
        if not self.starts:
            return None
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.doc[max(i, 0)]

    def after(self, offset: int) -> Token | None:
        """The first token starting at or after ``offset``."""
        i = bisect.bisect_left(self.starts, offset)
        return self.doc[i] if i < len(self.doc) else None


def raw_matches(text: str) -> Iterator[tuple[Rule, re.Match[str]]]:
    """Each rule's matches, as ``rule.regex.finditer(text)`` gives them, but each rule is tried
    only where some rule matches (one scan of the text instead of one per rule)."""
    starts = rule_starts(text)
    for rule in rules():
        resume = 0
        for start in starts:
            if start >= resume and (match := rule.regex.match(text, start)):
                yield rule, match
                resume = max(match.end(), start + 1)


def _groups(match: re.Match[str]) -> dict[str, str]:
    return {k: re.sub(r"\s+", " ", v.lower()) for k, v in match.groupdict().items() if v}


@lru_cache(maxsize=1)
def _leading_prepositions() -> re.Pattern[str]:
    """Prepositions that open a matched phrase but stay outside a TIMEX3 span ("at least" stays)."""
    words = "|".join(lexicon()["leading_prepositions"])
    return re.compile(rf"^(?:{words})(?!\s+(?:least|most)\b)\s+", re.I)


def _tense_words(kind: str) -> frozenset[str]:
    return frozenset(lexicon()["tense"][kind])


def _trimmed_start(text: str, start: int, end: int, rule: Rule) -> int:
    if rule.name == "month_range":
        return start
    for pattern in (_leading_prepositions(), _POSSESSIVE, _ADJECTIVE_DETERMINER):
        lead = pattern.match(text[start:end])
        if lead and start + lead.end() < end:
            start += lead.end()
    return start


# ----------------------------------------------------------------------------- vetoes
def _capitalized(match: re.Match[str]) -> bool:
    for name in _CAPITALIZED_GROUPS:
        word = match.groupdict().get(name)
        if word and not word[0].isupper():
            return False
    return True


def _word_before(text: str, start: int) -> str:
    found = re.search(r"(\S+)\s*$", text[max(0, start - 40) : start])
    return found.group(1).lower() if found else ""


def _text_after(text: str, end: int) -> str:
    return text[end : end + 30].lower().lstrip()


def _month_ok(match: re.Match[str], text: str, index: TokenIndex) -> bool:
    month = match.group("month").lower().rstrip(".")
    token = index.at(match.start("month"))
    if month in lexicon()["month_abbreviations"]:  # "Jan" is a name too; "Jan. 6" is fine
        return False
    if month in lexicon()["months_need_noun_tag"] and token is not None:
        return token.tag_ in ("NNP", "NNPS")
    return True


def _year_ok(match: re.Match[str], text: str, index: TokenIndex) -> bool:
    lex = lexicon()
    before = _word_before(text, match.start())
    if any(before.endswith(w) for w in lex["year_not_before"]):
        return False
    after = _text_after(text, match.end())
    if any(re.match(re.escape(w) + r"\b", after) or after.startswith(w) for w in lex["year_not_after"]):
        return False
    if int(match.group("year")) < 1800 and before not in lex["old_year_needs_before"]:
        return False  # "1600 Pennsylvania Avenue", "1500 workers": old years come with "in"
    token = index.at(match.start("year"))
    return token is None or token.ent_type_ not in ("MONEY", "PERCENT", "QUANTITY")


def _ref_ok(match: re.Match[str], text: str, index: TokenIndex) -> bool:
    word = re.sub(r"\s+", " ", match.group("word").lower())
    token = index.at(match.start())
    following = index.after(match.end())
    if word == "current":
        return (
            token is not None
            and token.tag_ == "JJ"
            and following is not None
            and following.pos_ == "NOUN"
            and following.lower_ not in lexicon()["current_not_before"]
        )
    if word == "future":
        return _word_before(text, match.start()) == "in"
    if word == "the past":
        return following is None or following.pos_ not in ("NOUN", "ADJ", "PROPN", "NUM")
    return True


def _season_ok(match: re.Match[str], text: str, index: TokenIndex) -> bool:
    groups = match.groupdict()
    if groups.get("year") or (groups.get("rel") and groups["rel"].lower() != "the"):
        return True
    if groups.get("mod") or groups.get("mod2"):
        return True
    before = _word_before(text, match.start())
    if _text_after(text, match.end()).startswith("of "):
        return False
    prepositions = lexicon()["season_prepositions"]
    if groups.get("rel"):  # "the summer": only "in/during/over the summer"
        return before in prepositions
    return match.group("season").lower() != "fall" and before in prepositions  # "in spring"


def _set_word_ok(match: re.Match[str], text: str, index: TokenIndex) -> bool:
    token = index.at(match.start())
    if token is None or token.tag_ in ("NNP", "NNPS"):
        return False
    word = match.group("word").lower()
    if word in ("daily", "hourly", "nightly") or token.pos_ != "ADJ":
        return True
    following = index.after(match.end())
    heads: Sequence[str] = lexicon()["set_adjective_heads"]
    return following is not None and following.lower_ in heads


def _duration_ok(match: re.Match[str], text: str, index: TokenIndex) -> bool:
    groups = match.groupdict()
    unit = (groups.get("unit") or "").lower()
    number = (groups.get("num") or "").lower()
    if unit in ("second", "seconds") and number in ("a", "an", ""):
        return False
    if unit == "quarters" and "-" in match.group(0):  # "three-quarters" is a fraction
        return False
    if match.group("unit")[0].isupper():  # a title: "60 Minutes"
        return False
    if unit == "day" and (groups.get("det") or "").lower() == "the" and not groups.get("rel") and not number:
        return False
    return not re.match(r"old\b", _text_after(text, match.end()))  # ages are no durations


def _rel_unit_ok(match: re.Match[str], text: str, index: TokenIndex) -> bool:
    """ "the day" is too often no date ("the day he died")."""
    groups = match.groupdict()
    return (groups.get("rel", "") or "").lower() != "the" or (groups.get("unit") or "").lower() != "day"


def _day_word_ok(match: re.Match[str], text: str, index: TokenIndex) -> bool:
    """ "today's world", "today's youth": generic, not the publication day."""
    return not (match.group("word").lower() == "today" and text.startswith("'s", match.end()))


def _month_range_ok(match: re.Match[str], text: str, index: TokenIndex) -> bool:
    """Only ranges that make up a quarter or half are one expression; others are two months."""
    first = month_number(match.group("month") or match.group("month2"))
    last = month_number(match.group("month_end"))
    return period_of_months(first, last)[0] != ""


Check = Callable[[re.Match[str], str, TokenIndex], bool]

# The vetoes each rule's matches go through (rules not named here need none).
_CHECKS: dict[str, Check] = {
    "month": _month_ok,
    "month_rel_year": _month_ok,
    "year": _year_ok,
    "ref": _ref_ok,
    "season": _season_ok,
    "set_word": _set_word_ok,
    "duration": _duration_ok,
    "duration_unit_alone": _duration_ok,
    "rel_unit": _rel_unit_ok,
    "month_range": _month_range_ok,
    "day_word": _day_word_ok,
}


def acceptable(rule: Rule, match: re.Match[str], text: str, index: TokenIndex) -> bool:
    """Whether the parse and context allow this reading of the match."""
    if not _capitalized(match):
        return False
    check = _CHECKS.get(rule.name)
    return check is None or check(match, text, index)


# ----------------------------------------------------------------------------- tense
def clause_tense(index: TokenIndex, start: int, end: int | None = None) -> str | None:
    """ "past", "future" or "near" for the verb the expression attaches to (directly or
    through one preposition), else None: a verb further up ("said" over "the meeting on
    Dec. 7") is the reporting verb, whose tense says nothing of the date. "near" (the
    occurrence nearest the publication date, either way) is for what the grammar leaves
    open: modals ("would meet Friday"), plans ("scheduled a hearing Thursday") and
    deadlines ("until Tuesday", "as early as Monday")."""
    root = _span_root(index, start, start + 1 if end is None else end)
    if root is None:
        return None
    verb = _attached_verb(root)
    tense = (_verb_tense(verb) if verb is not None else None) or _sentence_future(root)
    text = doc_text(index.doc)
    possessive = end is not None and text.startswith(("'s", "’s"), end)  # "hit by Friday's storm"
    if not possessive and _deadline_cue().search(text[max(0, start - 20) : start]):
        if tense == "future" or (verb is not None and verb.lemma_ in _tense_words("postpone_verbs")):
            return "future"  # "postponed until Tuesday"
        return "near"
    return tense


def _attached_verb(root: Token) -> Token | None:
    """The verb the expression hangs on, directly or through one preposition."""
    token = root
    for _ in range(3):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i or (token.i != root.i and token.pos_ != "ADP"):
            return None
        token = token.head
    return None


def _span_root(index: TokenIndex, start: int, end: int) -> Token | None:
    """The token of the expression that the rest of the sentence hangs on: "morning" in
    "Thursday morning", whose "Thursday" is a mere compound."""
    token = index.at(start)
    while token is not None and token.head.i != token.i and start <= token.head.idx < end:
        token = token.head
    return token


def _sentence_future(token: Token) -> str | None:
    """ "future" when the sentence speaks of the future ("will", "is to") and not of the past."""
    words = sentence_of(token)
    future_aux = _tense_words("future_auxiliaries")
    if any(t.lower_ in future_aux for t in words) and not any(t.tag_ == "VBD" for t in words):
        return "future"
    return None


@lru_cache(maxsize=1)
def _deadline_cue() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in _tense_words("deadline_cues"))
    return re.compile(rf"\b(?:{words})\s+$", re.I)


def _verb_tense(verb: Token) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    future_aux = _tense_words("future_auxiliaries")
    if verb.lower_ in future_aux or any(a.lower_ in future_aux for a in auxes):
        return "future"
    if any(a.lower_ in _tense_words("modal_auxiliaries") for a in auxes):
        return "near"  # "would travel Friday": future of a past saying, or a habit
    if verb.dep_ == "xcomp" and _is_past_perfect(_governing_verb(verb)):
        return "past"  # "had been scheduled to close Friday", "had been due to end Friday"
    if (
        verb.tag_ == "VB"
        and any(a.lower_ == "to" for a in auxes)
        and (verb.head.lemma_ in _tense_words("intent_verbs") or verb.head.lower_ in ("going", "is", "are"))
    ):
        return "future"  # "is to resume", "set to meet", "going to vote"
    if verb.lemma_ in _tense_words("intent_verbs") and auxes and not _is_past_perfect(verb):
        return "near"  # "has scheduled a hearing Thursday", "is set for Friday"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return "past"
    if verb.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "near"  # "is meeting Friday": an arrangement, or what goes on today
    if verb.tag_ in ("VBZ", "VBP") and not auxes and verb.lemma_ not in _tense_words("reporting_verbs"):
        return "future"  # "meets Monday": the news present is a schedule
    return None


def _governing_verb(verb: Token) -> Token:
    """The verb an infinitive depends on, through an adjective ("due to end")."""
    head = verb.head
    return head.head if head.pos_ == "ADJ" else head


def _is_past_perfect(verb: Token) -> bool:
    return any(a.lower_ == "had" for a in verb.children if a.dep_ == "aux")


# ----------------------------------------------------------------------------- candidates
def candidates(doc: Doc) -> list[Candidate]:
    """Non-overlapping candidates in text order: longest match first, then rule order."""
    text = doc_text(doc)
    index = TokenIndex(doc)
    found: list[tuple[int, int, int, Rule, re.Match[str]]] = []
    for rule, match in raw_matches(text):
        if acceptable(rule, match, text, index):
            start = _trimmed_start(text, match.start(), match.end(), rule)
            found.append((start, match.end(), rule.order, rule, match))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken = SpanIndex()
    chosen = []
    for start, end, _, rule, match in found:
        if taken.overlapping((start, end)):
            continue
        taken.add((start, end), 0)
        chosen.append(_candidate(rule, match, start, end, text, index))
    return sorted(chosen, key=lambda c: c.start)


def _candidate(
    rule: Rule, match: re.Match[str], start: int, end: int, text: str, index: TokenIndex
) -> Candidate:
    return Candidate(
        rule=rule.name,
        norm=rule.norm,
        type=rule.type,
        start=start,
        end=end,
        text=text[start:end],
        groups=_groups(match),
        tense=clause_tense(index, start, end),
        before=text[max(0, start - 30) : start].lower(),
    )
