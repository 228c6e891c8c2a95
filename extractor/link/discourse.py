"""The structure of an article that linking reads: sentences, paragraphs, clauses and tenses.

``Discourse.from_doc`` reads it once from the parsed Doc into plain arrays, so that the linking
rules work on offsets (and can be tested on any parsed text) and every look-up is a bisection:

- a *sentence* is a spaCy sentence cut at line breaks (a sentence never runs over a paragraph);
- a *paragraph* is the text between line breaks;
- a *clause* is a verb with what depends on it, less the clauses it governs: its head is a
  verb (or the sentence root) attached as the root, a complement, an adverbial or relative
  clause, a conjoined verb or a parenthetical. A span belongs to the clause of its syntactic
  head; the clauses governing a clause are its chain up to the sentence root;
- the *tense* of a clause (past, present, perfect, future) comes from its verb and auxiliaries;
  an infinitive or participle clause has the tense of the clause it depends on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.attrs import DEP, HEAD, LEMMA, POS
from spacy.tokens import Doc, Token

from extractor.records import Span
from extractor.support.spacy_utils import doc_text, sentences, token_starts, token_strings

CLAUSE_DEPS = frozenset(
    {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "pcomp"}
)
_VERBS = frozenset({"VERB", "AUX"})
_FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo"})
_PARAGRAPH_BREAK = re.compile(r"\n\s*")


@dataclass(frozen=True, slots=True)
class Discourse:
    """Sentences, paragraphs, clauses and tenses of one article, as offsets and token indices."""

    sentences: tuple[Span, ...]  # in text order, none running over a line break
    paragraph_starts: tuple[int, ...]  # the offset where each paragraph starts
    token_starts: tuple[int, ...]
    lemmas: tuple[str, ...]  # the lower-case lemma of each token
    heads: tuple[int, ...]  # the head of each token (a root is its own head)
    clause_of: tuple[int, ...]  # the head token of each token's clause
    clause_parent: dict[int, int]  # clause head -> head of the clause governing it (root: none)
    clause_link: dict[int, str]  # clause head -> how it hangs from its parent: "advcl", "conj" ...
    tense: dict[int, str]  # clause head -> "past", "present", "perfect" or "future" (unknown: none)

    @classmethod
    def from_doc(cls, doc: Doc) -> Discourse:
        text = doc_text(doc)
        starts = token_starts(doc)
        lines = _line_sentences(doc, text)
        # Read from the doc's arrays: a Token object per word would cost more than the rest.
        pos, dep = token_strings(doc, POS), token_strings(doc, DEP)
        heads = _heads_within_sentences(_parse_heads(doc), pos, _sentence_of_tokens(starts, lines))
        clause_heads = [
            i for i in range(len(heads)) if heads[i] == i or (pos[i] in _VERBS and dep[i] in CLAUSE_DEPS)
        ]
        clause_of = _clause_of_tokens(heads, frozenset(clause_heads))
        parent = {i: clause_of[heads[i]] for i in clause_heads if heads[i] != i}
        own_tense = {i: tense for i in clause_heads if (tense := clause_tense(doc[i])) is not None}
        return cls(
            sentences=tuple(lines),
            paragraph_starts=(0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(text))),
            token_starts=tuple(starts),
            lemmas=tuple(lemma.lower() for lemma in token_strings(doc, LEMMA)),
            heads=heads,
            clause_of=clause_of,
            clause_parent=parent,
            clause_link={i: dep[i] for i in parent},
            tense=_inherited_tenses(clause_heads, parent, own_tense),
        )

    def sentence_index(self, offset: int) -> int:
        """The index of the sentence an offset falls in (or the last one starting before it)."""
        return max(0, bisect_right(self.sentences, (offset, 1 << 62)) - 1)

    def paragraph(self, offset: int) -> int:
        """The number of the paragraph an offset falls in."""
        return bisect_right(self.paragraph_starts, offset) - 1

    def head_token(self, span: Span) -> int | None:
        """The syntactic head of the tokens a span covers: the one whose head lies outside it."""
        first = bisect_right(self.token_starts, span[0]) - 1
        last = bisect_right(self.token_starts, max(span[0], span[1] - 1)) - 1
        if first < 0 or last < first:
            return None
        for i in range(first, last + 1):
            if not first <= self.heads[i] <= last or self.heads[i] == i:
                return i
        return first

    def clause(self, span: Span) -> int | None:
        """The head token of the clause a span belongs to."""
        head = self.head_token(span)
        return None if head is None else self.clause_of[head]

    def governing(self, clause: int) -> list[int]:
        """The clause and the clauses above it, nearest first, up to its sentence's root."""
        chain = [clause]
        while (up := self.clause_parent.get(chain[-1])) is not None and up not in chain:
            chain.append(up)
        return chain

    def head_lemma(self, span: Span) -> str | None:
        head = self.head_token(span)
        return None if head is None else self.lemmas[head]

    def below(self, clause: int, top: int, excluded: frozenset[str]) -> bool:
        """Whether ``clause`` lies under ``top`` through links none of which is ``excluded``."""
        seen = 0
        while clause != top and seen < 64:
            if self.clause_link.get(clause) in excluded or clause not in self.clause_parent:
                return False
            clause = self.clause_parent[clause]
            seen += 1
        return clause == top

    def tense_of(self, span: Span) -> str | None:
        clause = self.clause(span)
        return None if clause is None else self.tense.get(clause)


def _parse_heads(doc: Doc) -> list[int]:
    """The head index of every token (the array holds offsets from the token)."""
    offsets = doc.to_array(HEAD).astype("int64").tolist()
    return [i + offset for i, offset in enumerate(offsets)]


def _sentence_of_tokens(starts: list[int], lines: list[Span]) -> list[int]:
    """The index of the (line-cut) sentence each token is in; -1 for blanks between them."""
    out = []
    k = 0
    for start in starts:
        while k < len(lines) and lines[k][1] <= start:
            k += 1
        out.append(k if k < len(lines) and lines[k][0] <= start else -1)
    return out


def _heads_within_sentences(heads: list[int], pos: list[str], sentence: list[int]) -> tuple[int, ...]:
    """Token heads with no arc across a sentence or line break: the parser sometimes joins a
    heading or a paragraph's first words to the line before. In each sentence, the words whose
    head lies outside it (its roots) hang from the first verb among them, which becomes the root."""
    roots: dict[int, list[int]] = {}
    for i, head in enumerate(heads):
        if head == i or sentence[head] != sentence[i]:
            roots.setdefault(sentence[i], []).append(i)
    for members in roots.values():
        main = next((i for i in members if pos[i] in _VERBS), members[0])
        for i in members:
            heads[i] = main
    return tuple(heads)


def _clause_of_tokens(heads: tuple[int, ...], clause_heads: frozenset[int]) -> tuple[int, ...]:
    """Each token's clause head: the first clause head met walking up from it (memoised, so the
    whole doc costs one pass)."""
    found: list[int] = [-1] * len(heads)
    for start in range(len(heads)):
        path = []
        i = start
        while found[i] < 0 and i not in clause_heads and heads[i] != i:
            path.append(i)
            i = heads[i]
        clause = found[i] if found[i] >= 0 else i
        found[i] = clause
        for j in path:
            found[j] = clause
    return tuple(found)


def clause_tense(verb: Token) -> str | None:
    """The tense a clause head's verb group shows; None for infinitives, bare participles and
    verbless clauses (they take the tense of the clause above them)."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    words = {a.lower_ for a in auxiliaries}
    if words & _FUTURE_MODALS or ("going" in words and "to" in words):
        return "future"
    if "to" in words or any(a.tag_ == "MD" for a in auxiliaries):
        return None  # "to cut", "could reach": no tense of its own
    if any(a.lemma_ == "have" and a.tag_ in ("VBZ", "VBP") for a in auxiliaries):
        return "perfect"
    tags = {verb.tag_} | {a.tag_ for a in auxiliaries}
    if "VBD" in tags:
        return "past"
    if tags & {"VBZ", "VBP"}:
        return "present"
    return None


def _inherited_tenses(clause_heads: list[int], parent: dict[int, int], own: dict[int, str]) -> dict[int, str]:
    """Every clause's tense, its own or that of the nearest clause above it with one."""
    tenses: dict[int, str] = {}
    for head in clause_heads:  # heads in text order; a chain is walked at most to its root
        clause: int | None = head
        seen = 0
        while clause is not None and clause not in own and seen < 64:
            clause = parent.get(clause)
            seen += 1
        if clause is not None and clause in own:
            tenses[head] = own[clause]
    return tenses


def _line_sentences(doc: Doc, text: str) -> list[Span]:
    """The doc's sentences as character spans, cut at line breaks and trimmed of blanks."""
    out: list[Span] = []
    for sent in sentences(doc):
        start = sent.start_char
        for piece in text[start : sent.end_char].split("\n"):
            stripped = piece.strip()
            if stripped:
                begin = start + piece.index(stripped)
                out.append((begin, begin + len(stripped)))
            start += len(piece) + 1
    return out
