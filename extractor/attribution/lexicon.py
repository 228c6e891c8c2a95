"""The word lists of the attribution stage, read once from ``models/attribution/``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from spacy.tokens import Token

from extractor.support.assets import load_json, load_words


@dataclass(frozen=True, slots=True)
class PhraseRule:
    """A prepositional cue: its head word, the preposition after it, and what it may govern."""

    prep: str | None  # "to" of "according to"
    object_nouns: frozenset[str]  # when not empty, the object's head must be one of them
    object_excluded: frozenset[str] = frozenset()  # objects that are no source ("per cent")


@dataclass(frozen=True, slots=True)
class AttributionLexicon:
    """Cue verbs by the content they take, phrasal cue words, pronouns and source nouns."""

    clause_verbs: frozenset[str]
    object_verbs: frozenset[str]
    infinitive_verbs: frozenset[str]
    raising_verbs: frozenset[str]
    phrasal: Mapping[str, frozenset[str]]
    cue_nouns: Mapping[str, frozenset[str]]  # reporting noun lemma -> prepositions taking its content
    prepositional: Mapping[str, PhraseRule]  # head word ("according", "citing", "in") -> its rule
    pronoun_kinds: Mapping[str, str]  # lower-case pronoun -> person, group, org or any
    org_nouns: frozenset[str]
    source_nouns: frozenset[str]
    excluded_adverbs: frozenset[str]
    lemma_fixes: Mapping[str, str]  # surface form -> cue lemma, where the tagger's lemma is wrong
    content_keeps_that: bool  # "said that X": is "that" part of the content?
    cue_verbs: frozenset[str] = field(init=False)  # all four kinds of cue verb

    def __post_init__(self) -> None:
        verbs = self.clause_verbs | self.object_verbs | self.infinitive_verbs | self.raising_verbs
        object.__setattr__(self, "cue_verbs", verbs)

    def lemma(self, token: Token) -> str:
        """The cue lemma of a token, correcting known lemmatizer slips ("hoping" -> "hop")."""
        return self.lemma_fixes.get(token.lower_, token.lemma_.lower())


def _words(values: object) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values) if isinstance(values, tuple) else frozenset()


def _entries(table: Mapping[str, object]) -> Mapping[str, frozenset[str]]:
    """A table's word lists by key, lower-cased (keys starting with "_" are comments)."""
    return MappingProxyType({k: _words(v) for k, v in table.items() if not k.startswith("_")})


@lru_cache(maxsize=1)
def attribution_lexicon() -> AttributionLexicon:
    """The attribution lexicon (cached; immutable)."""
    verbs = load_json("attribution/cue_verbs.json")
    phrasal = load_json("attribution/cue_phrasal.json")
    phrases = load_json("attribution/cue_phrases.json")
    pronouns = load_json("attribution/pronouns.json")
    return AttributionLexicon(
        clause_verbs=_words(verbs["clause"]),
        object_verbs=_words(verbs["object"]),
        infinitive_verbs=_words(verbs["infinitive"]),
        raising_verbs=_words(verbs["raising"]),
        phrasal=_entries(phrasal),
        cue_nouns=_entries(load_json("attribution/cue_nouns.json")),
        prepositional=MappingProxyType(
            {
                v["head"]: PhraseRule(
                    v["prep"], _words(v.get("object_nouns", ())), _words(v.get("object_excluded", ()))
                )
                for k, v in phrases.items()
                if not k.startswith("_")
            }
        ),
        pronoun_kinds=MappingProxyType({w: kind for kind, ws in _entries(pronouns).items() for w in ws}),
        org_nouns=frozenset(w.lower() for w in load_words("attribution/org_nouns.txt")),
        source_nouns=frozenset(w.lower() for w in load_words("attribution/source_nouns.txt")),
        lemma_fixes=MappingProxyType(
            {k: v for k, v in verbs["lemma_fixes"].items() if not k.startswith("_")}
        ),
        content_keeps_that=bool(load_json("attribution/conventions.json")["content_keeps_that"]),
        excluded_adverbs=frozenset(w.lower() for w in load_words("attribution/cue_adverbs_excluded.txt")),
    )
