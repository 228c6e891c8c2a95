"""A claim, read the way articles are read: the same pipeline finds its figures, dates and
sources, and its content words are weighted for comparison with stored sentences."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from extractor.check.terms import is_content_word, stem
from extractor.components import COMPONENT_NAMES
from extractor.errors import DocumentError, InputFormatError
from extractor.pipeline import extract_many
from extractor.records import Article, Document, Figure

# How much a shared word says that two sentences state the same fact, by the claim word's part
# of speech: names and nouns say most, function words nothing.
POS_WEIGHTS = {"PROPN": 1.5, "NOUN": 1.2, "ADJ": 1.0, "VERB": 1.0, "ADV": 0.5}
NEAR_TOKENS = 4  # words this close to a figure describe it: full weight; farther ones count less
FAR_FACTOR = 0.6


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence to check, with its id and (optionally) the date it was made on."""

    id: str
    text: str
    published: str | None = None  # anchors "last year", "in March" in the claim


@dataclass(frozen=True, slots=True)
class ClaimFigure:
    """One figure of a claim with the weighted stems of the words that describe it."""

    figure: Figure
    words: dict[str, float]
    depth: int = 0  # steps from the figure up to the root of the claim's parse: 0-1 main clause


@dataclass(frozen=True, slots=True)
class ParsedClaim:
    """A claim with what the pipeline found in it."""

    claim: Claim
    figures: list[ClaimFigure] = field(default_factory=list)
    periods: tuple[str, ...] = ()  # the TIMEX values of its dates
    source_words: frozenset[str] = frozenset()  # stems of the sources it names
    problem: str | None = None  # why it could not be read, if it could not


def parse_claims(claims: Sequence[Claim], nlp: Language) -> Iterator[ParsedClaim]:
    """The claims read by the extraction pipeline, in order (one ``ParsedClaim`` each)."""
    documents = [Document(id=claim.id, text=claim.text, published=claim.published) for claim in claims]
    articles = extract_many(documents, nlp=nlp)
    docs = nlp.pipe((claim.text for claim in claims), disable=list(COMPONENT_NAMES))
    for claim, article, doc in zip(claims, articles, docs, strict=True):
        yield _parsed(claim, article, doc)


def _parsed(claim: Claim, article: Article | DocumentError, doc: Doc) -> ParsedClaim:
    if isinstance(article, DocumentError):
        return ParsedClaim(claim, problem=article.reason)
    figures = [
        ClaimFigure(figure, _figure_words(doc, figure), _depth(doc, figure)) for figure in article.figures
    ]
    sources = {stem(word) for s in article.sources if s.source for word in s.source.text.split()}
    return ParsedClaim(
        claim,
        figures=figures,
        periods=tuple(timex.value for timex in article.dates),
        source_words=frozenset(word for word in sources if word),
    )


def _figure_words(doc: Doc, figure: Figure) -> dict[str, float]:
    """The claim's content words, weighted by part of speech and by nearness to the figure."""
    start, end = figure.span
    words: dict[str, float] = {}
    for token in doc:
        if start <= token.idx < end or not _counts(token):
            continue
        distance = _distance(doc, token, start, end)
        weight = POS_WEIGHTS.get(token.pos_, 0.5) * (1.0 if distance <= NEAR_TOKENS else FAR_FACTOR)
        key = stem(token.text)
        words[key] = max(words.get(key, 0.0), weight)
    return words


def _depth(doc: Doc, figure: Figure) -> int:
    span = doc.char_span(*figure.span, alignment_mode="expand")
    if span is None:
        return 0
    token, steps = span.root, 0
    while token.head.i != token.i:
        token, steps = token.head, steps + 1
    return steps


def _counts(token: Token) -> bool:
    return token.is_alpha and is_content_word(token.text) and not token.like_num


def _distance(doc: Doc, token: Token, start: int, end: int) -> int:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 0
    if token.i < span.start:
        return span.start - token.i
    return token.i - span.end + 1


def read_claims(lines: Iterable[dict[str, object]]) -> Iterator[Claim]:
    """Claims from ``{"id", "claim"}`` objects (other keys ignored; ``published`` or ``date``
    anchors the claim's relative dates)."""
    for number, line in enumerate(lines, 1):
        text = line.get("claim")
        if not isinstance(text, str):
            raise InputFormatError(str(line.get("id", number)), f"claim {number} has no 'claim' text")
        published = line.get("published") or line.get("date")
        yield Claim(str(line.get("id", number)), text, str(published) if published else None)
