"""Attribution stage (issue 7): who says each thing in an article.

``find_attributions`` reads a parsed article (tagger, parser, NER) and returns who says what:
the source noun phrase, the cue ("said", "according to", ":") and the attributed content.
Dependency rules (``attribution_rules``) do most of the work; surface forms (colon, dash
signatures, split quotes) are in ``attribution_forms``. The word lists are data in
``models/attribution/``. (The wire agency an article is credited to is metadata:
``clean_metadata.find_agency``.)
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from extractor.attribution.entities import EntityIndex
from extractor.attribution.forms import colon_drafts, dash_drafts, split_quote_parts
from extractor.attribution.lexicon import AttributionLexicon, attribution_lexicon
from extractor.attribution.rules import (
    Draft,
    RuleContext,
    noun_drafts,
    prepositional_drafts,
    verb_drafts,
)
from extractor.attribution.spans import (
    Fragments,
    extend_to_quotes,
    quote_spans,
    within_one_owner,
)
from extractor.errors import NewsfactsError
from extractor.records import Attribution, Mention
from extractor.support.intervals import SpanIndex
from extractor.support.spacy_utils import doc_text, sentences

__all__ = ["find_attributions"]

# Which named-entity labels a pronoun of each kind can stand for, nearest first.
_ANTECEDENT_LABELS = {
    "person": ("PERSON",),
    "org": ("ORG",),
    "group": ("ORG", "NORP", "PERSON", "GPE"),
    "any": ("PERSON", "ORG", "NORP", "GPE"),
}
_RULE_PRIORITY = {"verb": 0, "prep": 1, "noun": 2, "colon": 3, "dash": 4}


def find_attributions(doc: Doc) -> list[Attribution]:
    """Every attribution in a parsed article, sorted by where its content starts.

    Raises NewsfactsError when the Doc has no dependency parse (a blank or parser-less pipeline).
    """
    if len(doc) and not doc.has_annotation("DEP"):
        raise NewsfactsError("find_attributions needs a Doc parsed with a dependency parser")
    lex = attribution_lexicon()
    text = doc_text(doc)
    quotes = quote_spans(text)
    ctx = RuleContext.build(doc, text, lex, quotes)
    drafts: list[Draft] = []
    for sent in sentences(doc):
        drafts.extend(verb_drafts(sent, ctx))
        drafts.extend(prepositional_drafts(sent, ctx))
        drafts.extend(noun_drafts(sent, ctx))
    drafts.extend(colon_drafts(doc, lex, (i for i, word in enumerate(ctx.lower) if word == ":")))
    drafts.extend(dash_drafts(doc, text, quotes))
    quote_index = SpanIndex((quote, 0) for quote in quotes)
    drafts = [_complete_quotes(d, quote_index) for d in drafts]
    drafts = [d for d in drafts if not within_one_owner(d.cue, quote_index)]  # cues quoted
    drafts = _drop_nested(_one_per_cue(drafts))
    drafts = split_quote_parts(drafts, quotes, text)
    entities = EntityIndex(doc.ents)  # doc.ents is a fresh tuple on every read: read once
    attributions = [_to_attribution(doc, text, d, lex, entities) for d in drafts]
    return sorted(attributions, key=lambda a: (a.content.span, a.cue.span))


def _complete_quotes(draft: Draft, quotes: SpanIndex) -> Draft:
    keep_out = draft.cue + (draft.source or ())
    content = extend_to_quotes(draft.content, quotes, keep_out)
    return Draft(draft.source, draft.cue, content, draft.source_head, draft.rule)


def _one_per_cue(drafts: list[Draft]) -> list[Draft]:
    """One attribution per cue: the rule most specific to it wins."""
    best: dict[Fragments, Draft] = {}
    taken = SpanIndex()  # the cue fragments of the drafts kept so far
    for draft in sorted(drafts, key=lambda d: _RULE_PRIORITY[d.rule]):
        if not any(taken.overlapping(fragment) for fragment in draft.cue):
            for fragment in draft.cue:
                taken.add(fragment, 0)
            best[draft.cue] = draft
    return list(best.values())


def _drop_nested(drafts: list[Draft]) -> list[Draft]:
    """Drop attributions whose cue lies inside another's content (nested ones are not reported)."""
    contents = SpanIndex((fragment, i) for i, d in enumerate(drafts) for fragment in d.content)
    return [d for i, d in enumerate(drafts) if not within_one_owner(d.cue, contents) - {i}]


def _mention(text: str, fragments: Fragments) -> Mention:
    start, end = fragments[0][0], fragments[-1][1]
    parts = fragments if len(fragments) > 1 else ()
    return Mention((start, end), text[start:end], parts)


def _to_attribution(
    doc: Doc, text: str, draft: Draft, lex: AttributionLexicon, entities: EntityIndex
) -> Attribution:
    source = _mention(text, draft.source) if draft.source else None
    resolved = None
    if source is not None and draft.source_head is not None:
        resolved = resolve_source(source, doc[draft.source_head], lex, entities)
    return Attribution(source, _mention(text, draft.cue), _mention(text, draft.content), resolved)


# ------------------------------------------------------------------------ pronoun resolution
def _pronoun_kind(source: Mention, head: Token, lex: AttributionLexicon) -> str | None:
    """ "person", "org", "group" or "any" for a pronoun or a definite description, else None."""
    if len(source.text) > 1 and source.text.isupper():
        return None  # an acronym that spells a pronoun: "WHO", "US"
    words = source.text.lower().split()
    if len(words) == 1 and words[0] in lex.pronoun_kinds:
        return lex.pronoun_kinds[words[0]]
    if len(words) == 2 and words[0] == "the" and words[1] in lex.org_nouns:
        return "org"
    return None


def resolve_source(
    source: Mention, head: Token, lex: AttributionLexicon, entities: EntityIndex
) -> str | None:
    """The named mention a pronoun source ("he", "who", "the ministry") stands for, if any;
    ``entities`` are the doc's named entities."""
    kind = _pronoun_kind(source, head, lex)
    if kind is None:
        return None
    if (
        head.dep_.startswith("nsubj")
        and head.head.dep_ == "relcl"
        and head.lower_ in {"who", "which", "that"}
    ):
        return _relative_antecedent(head.head.head, entities)
    noun = source.text.split()[-1].lower() if " " in source.text else None
    return entities.nearest(source.span[0], _ANTECEDENT_LABELS[kind], noun)


def _relative_antecedent(noun: Token, entities: EntityIndex) -> str:
    """The noun phrase a relative pronoun refers to ("Smith, who said ...")."""
    named = entities.containing_token(noun.i) if noun.ent_type_ else None
    return named if named is not None else noun.doc[noun.left_edge.i : noun.i + 1].text
