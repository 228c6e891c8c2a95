"""Dependency-parse rules that find attributions around cue verbs, reporting nouns and
prepositional cues ("according to", "citing", "in a poll").

Each rule returns ``Draft`` attributions (character fragments per role plus the source's head
token, for pronoun resolution); ``attribution.py`` filters, completes and converts them. What
counts as a cue is data (``models/attribution/``); the code decides, in order of precedence,
which part of the tree is the content: a that-clause, a clause the cue is parenthetical to, an
infinitive, a phrasal object ("called for X"), an adjacent quote, then a direct object.
"""

from __future__ import annotations

import bisect
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from extractor.attribution.lexicon import AttributionLexicon
from extractor.attribution.spans import Fragments, plain_span, token_fragments
from extractor.records import Span as CharSpan
from extractor.support.spacy_utils import token_starts, token_strings

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Verbs that inherit the subject of the verb they hang from: "..., adding that", "and warned".
INHERITING = frozenset({"conj", "advcl", "xcomp", "ccomp"})
CUE_LEFT_MODIFIERS = frozenset({"aux", "auxpass", "neg", "advmod"})
LOOSE_PREPOSITIONS = frozenset({"with"})
NOT_VERBAL = frozenset({"amod", "compound", "nmod", "poss"})


@dataclass(frozen=True, slots=True)
class Draft:
    """An attribution found by a rule, before filtering and pronoun resolution."""

    source: Fragments | None
    cue: Fragments
    content: Fragments
    source_head: int | None  # token index of the source's head word
    rule: str


def subtree_indices(token: Token) -> set[int]:
    return set(range(token.left_edge.i, token.right_edge.i + 1))


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            return child
    return None


def _agent(verb: Token) -> tuple[Token, Token] | None:
    """The "by" of a passive and the noun it governs: "was reported by X"."""
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return child, objects[0]
    return None


def find_source(verb: Token) -> tuple[Token | None, bool]:
    """The token heading the source of a cue verb, and whether the verb is passive.

    Participles and conjoined verbs without a subject of their own ("..., adding that",
    "and warned") take the subject of the verb they depend on.
    """
    if _bare_participle(verb):  # "Asked whether ..., the mayor said": the mayor was asked
        agent = _agent(verb)
        return (agent[1] if agent else None), True
    token: Token | None = verb
    for _ in range(4):
        if token is None:
            break
        subject = _subject(token)
        if subject is not None:
            if subject.dep_ == "nsubjpass":
                agent = _agent(token)
                return (agent[1] if agent else None), True
            return subject, False
        agent = _agent(token)
        if agent:
            return agent[1], True
        if token.dep_ == "pcomp" and token.head.dep_ == "prep":
            token = token.head.head  # "after saying ...", "by arguing ...": the clause's subject
            continue
        if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.pos_ in {"NOUN", "PROPN"}:
            return token.head, False  # "voters saying they want ...": the noun speaks
        if token.dep_ not in INHERITING or token.head.i == token.i:
            break
        token = token.head
    return None, verb.tag_ == "VBN"


def _bare_participle(verb: Token) -> bool:
    """A past participle with no subject or auxiliary of its own: a reduced passive clause."""
    if verb.tag_ != "VBN" or verb.dep_ not in {"advcl", "acl", "ROOT"}:
        return False
    return not any(c.dep_ in SUBJECTS or c.dep_ in {"aux", "auxpass"} for c in verb.children)


def _adjacent_noun_phrase(verb: Token) -> Token | None:
    """The noun phrase ending right before a subjectless verb, which the parser attached elsewhere.

    In ``“...,” a source close to the talks told Reuters`` the parser often reads the source
    as part of the quote's clause; the phrase just before the verb is its subject all the same.
    """
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and doc[i].text == ",":
        i -= 1
    if i < 0 or doc[i].is_quote:
        return None
    token = doc[i]
    while token.head.i != token.i and token.head.i < verb.i and token.head.right_edge.i <= verb.i - 1:
        if token.pos_ in {"NOUN", "PROPN", "PRON"} and token.head.pos_ in {"VERB", "AUX"}:
            break
        token = token.head
    if token.pos_ not in {"NOUN", "PROPN", "PRON"} or token.dep_ in {"pobj", "dobj"}:
        return None
    return token


def cue_indices(verb: Token, subject: Token | None, extra: list[Token], lex: AttributionLexicon) -> list[int]:
    """The verb with its auxiliaries, negation and adverbs written before it ("has not yet said").

    A cue verb that is the infinitive of another verb takes that verb along ("tried to
    project", "goes on to slam"); a colon or a cue preposition right after it joins too
    ("said:", "said of").
    """
    chosen = {verb.i} | {t.i for t in extra}
    lead = verb
    if _infinitive_of(verb):
        lead = verb.head
        chosen |= set(range(lead.i, verb.i))
    lower_bound = subject.right_edge.i if subject is not None and subject.i < lead.i else -1
    left = sorted((c for c in lead.children if c.dep_ in CUE_LEFT_MODIFIERS and c.i < lead.i), reverse=True)
    position = lead.i
    for child in left:
        # Only words in an unbroken run before the verb: "also said", not "Later, he said".
        if child.i <= lower_bound or child.i != position - 1 or child.lower_ in lex.excluded_adverbs:
            break
        chosen.add(child.i)
        position = child.i
    last = verb.i
    for child in verb.children:
        if child.dep_ == "prt" and child.i == last + 1:
            chosen.add(child.i)
            last = child.i
    doc = verb.doc
    if last + 1 < len(doc):
        nxt = doc[last + 1]
        if nxt.text == ":" or (
            nxt.dep_ in {"prep", "prt"}
            and nxt.lower_ in lex.phrasal.get(lex.lemma(verb), ())
            and not _is_when(nxt)
        ):
            chosen.add(nxt.i)
    return sorted(chosen)


def _infinitive_of(verb: Token) -> bool:
    """Whether a cue verb is the to-infinitive right after another verb ("declined to claim").

    Only function words and adverbs may stand between them ("goes on to slam", "has not
    come out openly to back"), never an object ("urged voters to back").
    """
    head = verb.head
    if verb.dep_ not in {"xcomp", "advcl"} or head.pos_ != "VERB" or head.i >= verb.i:
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    between = verb.doc[head.i + 1 : verb.i]
    return all(t.dep_ in {"aux", "neg", "advmod", "prt"} and t.head.i in {head.i, verb.i} for t in between)


def _is_when(preposition: Token) -> bool:
    """A preposition that says when, not what about: "reported on Wednesday"."""
    return any(c.ent_type_ in {"DATE", "TIME"} for c in preposition.children if c.dep_ == "pobj")


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What every rule needs about one document: the lexicon, its quotes, its paragraphs, and the
    words of its tokens (read once from the doc's arrays, so rules pick their cue words without
    making a ``Token`` of every word)."""

    doc: Doc
    text: str  # doc.text, read once
    lex: AttributionLexicon
    quotes: tuple[CharSpan, ...]  # sorted
    quote_starts: tuple[int, ...]
    quote_ending_at: Mapping[int, CharSpan]  # the first quote ending at each offset
    paragraph: tuple[int, ...]  # paragraph number of each token (a newline starts a new one)
    lower: tuple[str, ...]  # lower-case form of each token
    cue_lemma: tuple[str, ...]  # ``lex.lemma`` of each token

    @classmethod
    def build(cls, doc: Doc, text: str, lex: AttributionLexicon, quotes: list[CharSpan]) -> RuleContext:
        lower = token_strings(doc, LOWER)
        lemma = token_strings(doc, LEMMA)
        cue_lemma = [lex.lemma_fixes.get(w, m.lower()) for w, m in zip(lower, lemma, strict=True)]
        paragraph = _paragraph_numbers(text, token_starts(doc))
        ending_at: dict[int, CharSpan] = {}
        for quote in quotes:
            ending_at.setdefault(quote[1], quote)
        starts = tuple(start for start, _ in quotes)
        return cls(
            doc, text, lex, tuple(quotes), starts, ending_at, paragraph, tuple(lower), tuple(cue_lemma)
        )

    def indices(self, sent: Span, words: Container[str], of: tuple[str, ...]) -> Iterator[int]:
        """The tokens of ``sent`` whose form in ``of`` (``self.lower`` or ``self.cue_lemma``) is
        one of ``words``."""
        return (i for i in range(sent.start, sent.end) if of[i] in words)

    def quote_tokens(self, span: CharSpan) -> set[int]:
        tokens = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        return set(range(tokens.start, tokens.end)) if tokens is not None else set()


def _paragraph_numbers(text: str, starts: list[int]) -> tuple[int, ...]:
    """The paragraph number of each token: a token whose text or trailing blank holds a newline
    ends its paragraph."""
    numbers = []
    current = 0
    newline = text.find("\n")
    for i in range(len(starts)):
        numbers.append(current)
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        if 0 <= newline < end:
            current += 1
            newline = text.find("\n", end)
    return tuple(numbers)


def _quote_after(verb: Token, ctx: RuleContext) -> set[int]:
    """The quote right after a cue ("said: “...", "told reporters, “...")."""
    text = ctx.text
    end = verb.idx + len(verb.text)
    first = bisect.bisect_left(ctx.quote_starts, end)  # the first quote starting after the cue
    if first == len(ctx.quotes):
        return set()
    q_start, q_end = ctx.quotes[first]
    gap = text[end:q_start]
    between = ctx.doc.char_span(end, q_start, alignment_mode="expand") if gap.strip() else None
    ok = between is None or all(t.is_punct or t.dep_ in {"dative", "dobj", "npadvmod"} for t in between)
    return ctx.quote_tokens((q_start, q_end)) if ok and len(gap) < 40 and "\n" not in gap else set()


def _quote_before(verb: Token, source: Token | None, ctx: RuleContext) -> set[int]:
    """The quote just before a cue clause: "“...,” Trump said.", "“...,” read one."."""
    first = min(verb.i, source.left_edge.i if source is not None else verb.i)
    allowed = subtree_indices(source) if source is not None else set()
    for t in ctx.doc[first : verb.i]:
        if t.dep_ not in {"aux", "auxpass", "neg", "advmod"} and t.i not in allowed:
            return set()
    start = ctx.doc[first].idx
    gap_start = start
    text = ctx.text
    while gap_start > 0 and (text[gap_start - 1].isspace() or text[gap_start - 1] in ",."):
        gap_start -= 1
    quote = ctx.quote_ending_at.get(gap_start)
    if quote is not None and "\n" not in text[gap_start:start]:
        return ctx.quote_tokens(quote)
    return set()


def _clausal_content(verb: Token, ctx: RuleContext) -> set[int]:
    """A that-clause, a reported clause written first, or the clause the cue is parenthetical to."""
    children = list(verb.children)
    right = [c for c in children if c.dep_ == "ccomp" and c.i > verb.i]
    if right:
        return subtree_indices(right[0])
    # A clause before a negated verb is seldom its content: "..., he did not ask".
    negated = any(c.dep_ == "neg" for c in children)
    left = [c for c in children if c.dep_ == "ccomp" and c.i < verb.i]
    if left and not negated:
        return subtree_indices(left[-1])
    parenthetical = _parenthetical_content(verb)
    if parenthetical:
        return parenthetical
    lemma = ctx.lex.lemma(verb)
    for child in children:
        if child.i < verb.i:
            continue
        if child.dep_ == "xcomp" and (lemma in ctx.lex.infinitive_verbs or lemma in ctx.lex.raising_verbs):
            return subtree_indices(child)
        if child.dep_ == "xcomp" and child.tag_ == "VBG" and lemma in ctx.lex.clause_verbs:
            return subtree_indices(child)  # "said ending the program would ..."
        if child.dep_ == "advcl" and lemma in ctx.lex.clause_verbs and _is_reported_clause(child):
            return subtree_indices(child)  # "said after the vote he would ..."
        if child.dep_ == "advcl" and _is_question(child):
            return subtree_indices(child)  # "asked if he would run", "wondered whether ..."
    return set()


def _is_question(clause: Token) -> bool:
    """An indirect question: a clause opened by "if" or "whether"."""
    return any(c.dep_ == "mark" and c.lower_ in {"if", "whether"} for c in clause.children)


def _is_reported_clause(clause: Token) -> bool:
    """An adverbial clause the parser hung on a speech verb but that is its content."""
    kids = list(clause.children)
    has_subject = any(c.dep_ in SUBJECTS for c in kids)
    return has_subject and not any(c.dep_ == "mark" for c in kids)


def content_indices(verb: Token, source: Token | None, ctx: RuleContext) -> tuple[set[int], list[Token]]:
    """Token indices of what a cue verb attributes, with the extra tokens that join its cue."""
    clausal = _clausal_content(verb, ctx)
    if clausal:
        return clausal, []
    lemma = ctx.lex.lemma(verb)
    words = ctx.lex.phrasal.get(lemma, frozenset())
    for child in verb.children:
        if (
            child.dep_ in {"prep", "prt"}
            and child.lower_ in words
            and child.i == verb.i + 1
            and not _is_when(child)
        ):
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objects:
                return subtree_indices(objects[0]), [child]
            if child.dep_ == "prt":
                rest = [c for c in verb.children if c.dep_ in {"dobj", "ccomp"} and c.i > child.i]
                if rest:
                    return subtree_indices(rest[0]), [child]
    quoted = _quote_after(verb, ctx) or _quote_before(verb, source, ctx)
    if quoted:
        return quoted, []
    if lemma in ctx.lex.object_verbs:
        return _object_content(verb), []
    return set(), []


OBJECT_PARTS = frozenset({"dobj", "oprd", "prep", "xcomp", "ccomp", "dative", "attr", "acomp"})


def _object_content(verb: Token) -> set[int]:
    """A direct object and what completes it: "called the plan “a disgrace”", "shows X with a lead"."""
    right = [c for c in verb.children if c.i > verb.i]
    if not any(c.dep_ == "dobj" for c in right):
        return set()
    indices: set[int] = set()
    for child in right:
        if child.dep_ not in OBJECT_PARTS or (child.dep_ == "prep" and _is_when(child)):
            break  # the object ends at a comma, a conjunction or a time phrase
        indices |= subtree_indices(child)
    return indices


def _parenthetical_content(verb: Token) -> set[int]:
    """The clause a parenthetical cue comments on: "Prices will rise, he said", "The plan, he said, is"."""
    head = verb.head
    if head.i == verb.i or verb.dep_ not in {"parataxis", "ccomp", "advcl", "conj", "acl"}:
        return set()
    if verb.dep_ == "acl":  # "The plan, first reported by the Post, is ...": the noun's clause
        if _agent(verb) is None or head.dep_ not in SUBJECTS:
            return set()
        head = head.head
    # A set-off cue clause has its own speaker: "he said", or the agent of "as reported by X".
    has_speaker = _subject(verb) is not None or _agent(verb) is not None
    if verb.dep_ == "conj" or not has_speaker:
        return set()
    doc = verb.doc
    left, right = verb.left_edge.i, verb.right_edge.i
    separators = {",", "\u2014", "\u2013", "-"}
    set_off = doc[left].text in separators or (
        left > 0 and (doc[left - 1].text in separators or doc[left - 1].is_quote)
    )
    if verb.i < head.i:  # in the middle of the clause: set off on both sides
        closing = doc[right].text in separators or (
            right + 1 < len(doc) and doc[right + 1].text in separators
        )
        set_off = set_off and closing
    elif verb.dep_ == "acl":
        set_off = set_off and (
            doc[right].text == "," or (right + 1 < len(doc) and doc[right + 1].text == ",")
        )
    if not set_off:
        return set()
    return subtree_indices(head) - subtree_indices(verb)


def _draft(
    ctx: RuleContext,
    source: Token | None,
    cue: list[int],
    content: set[int],
    rule: str,
    exclude: frozenset[int] = frozenset(),
) -> Draft | None:
    doc = ctx.doc
    paragraph = ctx.paragraph[cue[0]] if cue else -1
    same_paragraph = {i for i in content if ctx.paragraph[i] == paragraph}
    source_idx = (
        {i for i in source_indices(source, cue, ctx.lex) - exclude if ctx.paragraph[i] == paragraph}
        if source
        else set()
    )
    content = same_paragraph - source_idx - set(cue)
    if not ctx.lex.content_keeps_that:
        content -= {
            i for i in content if doc[i].dep_ == "mark" and doc[i].lower_ == "that" and i - 1 not in content
        }
    content_frags = token_fragments(doc, content, min_chars=2)
    cue_frags = (plain_span(doc, cue[0], cue[-1]),) if cue else ()
    if not content_frags or not cue_frags:
        return None
    source_frags = token_fragments(doc, source_idx - content) if source is not None else None
    if source is not None and not source_frags:
        return None
    if source_frags:
        source_frags = _with_closing_comma(ctx.text, source_frags, cue_frags[0][0])
    return Draft(source_frags, cue_frags, content_frags, source.i if source is not None else None, rule)


def source_indices(source: Token, cue: list[int], lex: AttributionLexicon) -> set[int]:
    """The source noun phrase: the subject's subtree, less loose modifiers after its head.

    "the website with contacts in Seoul said" -> "the website"; "of" phrases stay ("director
    of the agency"). An inverted source that repeats the cue word ("reports Efe news
    reports") loses the repeat.
    """
    indices = subtree_indices(source)
    doc = source.doc
    for child in source.children:
        # "Weaver, who said ..., argued": the relative clause is an attribution of its own.
        if child.dep_ == "relcl" and child.i > source.i and lex.lemma(child) in lex.cue_verbs:
            indices -= subtree_indices(child)
            around = range(max(child.left_edge.i - 1, 0), min(child.right_edge.i + 2, len(doc)))
            indices -= {i for i in around if doc[i].text == ","}
    if cue and source.i < cue[0]:
        for child in source.children:
            if child.dep_ == "prep" and child.i > source.i and child.lower_ in LOOSE_PREPOSITIONS:
                indices -= subtree_indices(child)
    elif (
        cue
        and source.i > cue[-1]
        and source.right_edge.i == source.i > source.left_edge.i
        and doc[cue[0]].lower_ == source.lower_
    ):
        indices.discard(source.i)
    return indices


def _with_closing_comma(text: str, source: Fragments, cue_start: int) -> Fragments:
    """An appositive source keeps the comma that closes it: "Jane Doe, a spokeswoman, said"."""
    end = source[-1][1]
    if end < cue_start and "," in text[source[0][0] : end] and text[end:cue_start].strip() == ",":
        comma = end + text[end:cue_start].index(",")
        return (*source[:-1], (source[-1][0], comma + 1))
    return source


def _verbal(token: Token) -> bool:
    """A verb, or a word mistagged as a noun that the parser still gave a subject ("data show")."""
    if token.pos_ == "VERB":
        return True
    has_subject = any(c.dep_ == "nsubj" for c in token.children)
    return token.pos_ == "NOUN" and token.tag_ in {"NN", "NNS"} and has_subject


def verb_drafts(sent: Span, ctx: RuleContext) -> list[Draft]:
    """Attributions around cue verbs: "X said (that) ...", "..., X said", "X warned of ..."."""
    verbs = (ctx.doc[i] for i in ctx.indices(sent, ctx.lex.cue_verbs, ctx.cue_lemma))
    drafts = (_verb_draft(v, ctx) for v in verbs if _verbal(v) and v.dep_ not in NOT_VERBAL)
    return [draft for draft in drafts if draft]


def _verb_draft(verb: Token, ctx: RuleContext) -> Draft | None:
    lex = ctx.lex
    source, passive = find_source(verb)
    if source is None and verb.dep_ == "ROOT" and not passive:
        source = _adjacent_noun_phrase(verb)
    if source is None and not passive and lex.lemma(verb) not in lex.raising_verbs:
        return None  # "to say", "predicting winners": no one is quoted
    content, extra = content_indices(verb, source, ctx)
    if not content:
        return None
    if passive:
        agent = _agent(verb)
        if agent:
            extra = [*extra, agent[0]]
        subject = _subject(verb)
        if subject is not None and subject.dep_ == "nsubjpass" and subject.lower_ != "it":
            content |= subtree_indices(subject)
    cue = cue_indices(verb, source if source is not None and source.head.i == verb.i else None, extra, lex)
    if lex.lemma(verb) in lex.raising_verbs:
        subject = _subject(verb)
        if subject is not None:
            content |= subtree_indices(subject)
        source = None
    # A noun that speaks through a participle ("voters saying ...") leaves the participle out.
    exclude = (
        frozenset(subtree_indices(verb)) if source is not None and source.i == verb.head.i else frozenset()
    )
    return _draft(ctx, source, cue, content, "verb", exclude)


def prepositional_drafts(sent: Span, ctx: RuleContext) -> list[Draft]:
    """ "According to X, ...", "..., citing X", "In a new poll, ...": the clause minus the phrase."""
    heads = ctx.indices(sent, ctx.lex.prepositional, ctx.lower)
    drafts = (_prepositional_draft(ctx.doc[i], sent, ctx) for i in heads)
    return [draft for draft in drafts if draft]


def _prepositional_draft(token: Token, sent: Span, ctx: RuleContext) -> Draft | None:
    phrase_rule = ctx.lex.prepositional.get(token.lower_)
    if phrase_rule is None:
        return None
    cue_tokens = [token]
    holder = token
    if phrase_rule.prep:
        nexts = [c for c in token.children if c.lower_ == phrase_rule.prep]
        if not nexts:
            return None
        holder = nexts[0]
        cue_tokens.append(holder)
    objects = [c for c in holder.children if c.dep_ in {"pobj", "dobj"}]
    if not objects or objects[0].lower_ in phrase_rule.object_excluded or objects[0].like_num:
        return None
    if phrase_rule.object_nouns:
        # "in" only cites a poll or a study, and only for the clause it opens.
        if objects[0].lower_ not in phrase_rule.object_nouns:
            return None
        head = token.head
        if head.pos_ not in {"VERB", "AUX"} or token.i > head.i:
            return None
        # A cue verb heading the clause keeps its own attribution: "In a poll, 40 percent said ...".
        content = subtree_indices(head) - subtree_indices(token)
        if ctx.lex.lemma(head) in ctx.lex.cue_verbs:
            content.discard(head.i)
    else:
        content = set(range(sent.start, sent.end)) - subtree_indices(token)
    return _draft(ctx, objects[0], [t.i for t in cue_tokens], content, "prep")


def noun_drafts(sent: Span, ctx: RuleContext) -> list[Draft]:
    """Reporting nouns with a possessive source: "Turkey's refusal to ...", "her call for ..."."""
    nouns = (ctx.doc[i] for i in ctx.indices(sent, ctx.lex.cue_nouns, ctx.cue_lemma))
    drafts = (_noun_draft(noun, ctx) for noun in nouns if noun.pos_ == "NOUN")
    return [draft for draft in drafts if draft]


def _noun_draft(noun: Token, ctx: RuleContext) -> Draft | None:
    owners = [c for c in noun.children if c.dep_ == "poss"]
    if not owners:
        return None
    preps = ctx.lex.cue_nouns[ctx.lex.lemma(noun)]
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ in {"acl", "ccomp"} and (_is_infinitive(child) or _has_that(child)):
            return _draft(ctx, owners[0], [noun.i], subtree_indices(child), "noun")
        if child.dep_ == "prep" and child.lower_ in preps and child.i == noun.i + 1:
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objects:
                return _draft(ctx, owners[0], [noun.i, child.i], subtree_indices(objects[0]), "noun")
    return None


def _is_infinitive(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _has_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
