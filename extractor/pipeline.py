"""The per-document pipeline: clean, one batched spaCy pass (the model plus the newsfacts rule
components, see ``components.py``), then linking.

``extract`` handles one text or page; ``extract_many`` streams documents through
``nlp.pipe`` in batches and yields one result per document, in input order: an ``Article``,
or the ``DocumentError`` that stopped it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from traceback import format_exc

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.clean.body import clean_html, text_metadata
from extractor.clean.content import binary_reason, has_readable_text, unsupported_language
from extractor.components import PUBLISHED, add_components, doc_results
from extractor.errors import DocumentError, EmptyDocumentError, InputFormatError, ModelNotFoundError
from extractor.link.discourse import Discourse
from extractor.link.period import headline_periods
from extractor.link.stage import link_figures
from extractor.pieces import shifted_attribution, shifted_figure, shifted_timex, split_pieces
from extractor.records import Article, Attribution, Document, Figure, PageMetadata, Timex, stable_id
from extractor.settings import DEFAULT_MODEL as DEFAULT_MODEL  # re-exported: callers import it here
from extractor.settings import MODEL_ALIASES
from extractor.support.batching import bounded_batches
from extractor.timex.stage import parse_published

MAX_TEXT_CHARS = 2_000_000  # characters of article text per document at most (a clear error past it)
# A longer text is parsed in pieces of at most this many characters, cut at paragraph ends, so
# that memory stays flat (see ``pieces.py``); news articles are far shorter.
PIECE_CHARS = 50_000
LANGUAGE_WARNING = "language:"  # starts the warning that stops the rule stages on an article
DOCS_PER_MEMORY_ZONE_BATCHES = 8  # spaCy batches per memory zone
# A headline is read for its dates only.
_NOT_FOR_HEADLINES = ("ner", "newsfacts_figures", "newsfacts_sources")
_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<\?xml|<head|<body|<div|<p[\s>]|<article)", re.I)


@dataclass(frozen=True, slots=True)
class Options:
    """How to run the pipeline; built once (at the CLI edge) and passed down."""

    model: str = DEFAULT_MODEL
    batch_size: int = 16  # documents per spaCy batch at most
    # Characters per spaCy batch at most (one longer document goes alone). The parse of a full
    # batch briefly takes ~90 MiB; larger batches cost memory and gain no speed (measured).
    batch_chars: int = 32_000
    published: str | None = None  # anchors relative dates for documents that carry none
    # Run the English rules on texts detected to be in another language too (they would misread
    # them: "1 июля" as a count); by default such an article gets a warning and no facts.
    any_language: bool = False


def resolve_model(model: str) -> str:
    """The installed package name or existing path that ``model`` names, without loading it
    (so a run that loads the model in worker processes can check it first)."""
    for name in (model, MODEL_ALIASES.get(model)):
        if name is not None and (spacy.util.is_package(name) or Path(name).is_dir()):
            return name
    raise ModelNotFoundError(model)


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """An installed spaCy pipeline by name (or path) with the newsfacts components appended;
    cached, since loading takes a second."""
    nlp = spacy.load(resolve_model(model))
    nlp.max_length = MAX_TEXT_CHARS
    return add_components(nlp)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))


def extract(
    text_or_html: str,
    *,
    url: str | None = None,
    published: str | None = None,
    options: Options = Options(),
    nlp: Language | None = None,
) -> Article:
    """Facts from one article given as plain text or as an HTML page.

    Raises ``DocumentError`` (e.g. ``EmptyDocumentError``) when no article can be made of it.
    """
    is_html = looks_like_html(text_or_html)
    doc = Document(
        id=stable_id(url or "", text_or_html),
        text=None if is_html else text_or_html,
        html=text_or_html if is_html else None,
        url=url,
        published=published,
    )
    result = next(extract_many([doc], options, nlp=nlp))
    if isinstance(result, DocumentError):
        raise result
    return result


def extract_many(
    docs: Iterable[Document | DocumentError],
    options: Options = Options(),
    *,
    nlp: Language | None = None,
) -> Iterator[Article | DocumentError]:
    """One result per document, in input order; errors passed in are passed through.

    ``nlp`` is a loaded pipeline (default: ``load_nlp(options.model)``); the newsfacts
    components are appended to it when missing. Documents go through in groups, each inside a
    spaCy memory zone, so that the strings a long run meets do not pile up in the vocabulary.
    """
    nlp = add_components(nlp) if nlp is not None else load_nlp(options.model)
    group_size = options.batch_size * DOCS_PER_MEMORY_ZONE_BATCHES
    group_chars = options.batch_chars * DOCS_PER_MEMORY_ZONE_BATCHES
    for group in bounded_batches(docs, group_size, group_chars, _document_chars):
        yield from _extract_group(nlp, group, options)


def _document_chars(doc: Document | DocumentError) -> int:
    return 0 if isinstance(doc, DocumentError) else len(doc.text or "") + len(doc.html or "")


def _extract_group(
    nlp: Language, docs: list[Document | DocumentError], options: Options
) -> list[Article | DocumentError]:
    # Results are plain data, built before the zone frees what the parse allocated.
    with nlp.memory_zone():
        prepared = [_prepare_or_error(doc, options, nlp.lang) for doc in docs]
        works = [item for item in prepared if isinstance(item, _Work)]
        for work, headline in zip(works, _headline_dates(nlp, [w.article for w in works]), strict=True):
            work.headline = headline
        pieces = [
            _Piece(item, offset, text)
            for item in prepared
            if isinstance(item, _Work)
            for offset, text in item.pieces
        ]
        for batch in bounded_batches(pieces, options.batch_size, options.batch_chars, _piece_chars):
            stream = nlp.pipe(_piece_docs(nlp, batch), as_tuples=True, batch_size=len(batch))
            for spacy_doc, piece in stream:
                piece.work.add(spacy_doc, piece.offset)
        return [item.finish() if isinstance(item, _Work) else item for item in prepared]


@dataclass(frozen=True, slots=True)
class _Piece:
    """A stretch of one article's text parsed as one spaCy doc."""

    work: _Work  # the article it belongs to
    offset: int  # where the piece starts in the article's text
    text: str


def _piece_chars(piece: _Piece) -> int:
    return len(piece.text)


def _piece_docs(nlp: Language, pieces: Iterable[_Piece]) -> Iterator[tuple[Doc, _Piece]]:
    for piece in pieces:
        doc = nlp.make_doc(piece.text)
        doc._.set(PUBLISHED, piece.work.article.published)
        yield doc, piece


def _headline_dates(nlp: Language, articles: list[Article]) -> list[list[Timex]]:
    """The times each article's headline (its title, which is not in its text) gives for its
    event, normalized against its publication date; spans index the title."""
    docs = []
    for article in articles:
        doc = nlp.make_doc(article.meta.title or "")
        doc._.set(PUBLISHED, article.published)
        docs.append(doc)
    parsed = nlp.pipe(docs, batch_size=max(1, len(docs)), disable=list(_NOT_FOR_HEADLINES))
    return [headline_periods(doc, doc_results(doc)["dates"]) for doc in parsed]


@dataclass(slots=True)
class _Work:
    """An article being analysed: its pieces (none when the rules are not to run on it) and
    what the rule stages found in those parsed so far, moved onto the whole text."""

    article: Article
    pieces: list[tuple[int, str]]
    headline: list[Timex] = field(default_factory=list)  # the dates of its title
    parsed: list[Doc] = field(default_factory=list)  # its pieces, parsed, in order
    dates: list[Timex] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    sources: list[Attribution] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: str | None = None  # the traceback of the first exception a rule stage raised

    def add(self, spacy_doc: Doc, offset: int) -> None:
        self.parsed.append(spacy_doc)
        results = doc_results(spacy_doc)
        self.dates += [shifted_timex(timex, offset) for timex in results["dates"]]
        self.figures += [shifted_figure(figure, offset) for figure in results["figures"]]
        self.sources += [shifted_attribution(source, offset) for source in results["sources"]]
        self.errors += results["errors"]
        self.failure = self.failure or results["traceback"]

    def finish(self) -> Article | DocumentError:
        article = self.article
        if self.errors:
            return DocumentError(
                article.id, "; ".join(self.errors), stage="nlp", url=article.url, detail=self.failure
            )
        article.dates, article.sources = self.dates, self.sources
        if not self.parsed:  # the rules did not run (a language the model does not cover)
            return article
        try:
            whole = self.parsed[0] if len(self.parsed) == 1 else _joined(self.parsed)
            article.figures = link_figures(article, self.figures, Discourse.from_doc(whole), self.headline)
        except Exception as exc:  # one document's linking failure is reported with its id, not fatal
            reason = f"linking failed: {type(exc).__name__}: {exc}"
            return DocumentError(article.id, reason, stage="link", url=article.url, detail=format_exc())
        return article


def _joined(pieces: list[Doc]) -> Doc:
    """One doc of an article's parsed pieces (for linking, which reads the whole article); the
    extension values stay behind, they were read already."""
    # spaCy 3.8's from_docs takes ``exclude``; its type stub does not list it yet.
    return Doc.from_docs(pieces, ensure_whitespace=False, exclude=["user_data", "tensor"])  # type: ignore[call-arg]


def _prepare_or_error(
    doc: Document | DocumentError, options: Options, language: str | None
) -> _Work | DocumentError:
    if isinstance(doc, DocumentError):
        return doc
    try:
        article = prepare(doc, options, model_language=language)
    except DocumentError as exc:
        return exc
    except Exception as exc:  # a cleaner bug must fail this document, reported, not the batch
        reason = f"cleaning failed: {type(exc).__name__}: {exc}"
        return DocumentError(doc.id, reason, stage="clean", url=doc.url, detail=format_exc())
    skip_rules = any(warning.startswith(LANGUAGE_WARNING) for warning in article.warnings)
    return _Work(article, [] if skip_rules else split_pieces(article.text, PIECE_CHARS))


def prepare(doc: Document, options: Options = Options(), *, model_language: str | None = "en") -> Article:
    """The clean text and metadata of a document, as an Article with no facts yet.

    Raises ``DocumentError``: ``InputFormatError`` for binary content, ``EmptyDocumentError``
    when no readable text is left, and when the text is longer than ``MAX_TEXT_CHARS``. A
    publication date of the page that cannot exist is passed over with a warning; a text that
    reads as another language than ``model_language`` gets a warning that stops the rule
    stages (unless ``options.any_language``).
    """
    binary = binary_reason(doc.html if doc.html is not None else doc.text or "")
    if binary:
        raise InputFormatError(doc.id, binary, url=doc.url)
    errors: list[str] = []
    warnings: list[str] = []
    if doc.html is not None:
        page = clean_html(doc.html, doc.url)
        text, meta = page.text, page.meta
        errors.extend(page.errors)
        warnings.extend(page.warnings)
    else:
        text = doc.text or ""
        meta = text_metadata(text)
    if not has_readable_text(text):
        reason = errors[0] if errors else "empty document: no article text"
        raise EmptyDocumentError(doc.id, reason, stage="clean", url=doc.url)
    if len(text) > MAX_TEXT_CHARS:
        reason = f"text too long ({len(text)} characters, limit {MAX_TEXT_CHARS})"
        raise DocumentError(doc.id, reason, stage="clean", url=doc.url)
    meta = _anchor_publication(meta, doc.published, options.published)
    warnings.extend(_publication_warnings(doc, meta))
    language = None
    if model_language is not None and not options.any_language:
        language = unsupported_language(text, model_language)
    if language is not None:
        warnings.append(
            f"{LANGUAGE_WARNING} the text reads as {language!r}, which the {model_language!r} model "
            "does not cover: no facts extracted (--any-language extracts them anyway)"
        )
    return Article(
        id=doc.id,
        text=text,
        url=doc.url,
        meta=meta,
        errors=errors,
        provenance=doc.provenance,
        warnings=warnings,
    )


def _publication_warnings(doc: Document, meta: PageMetadata) -> list[str]:
    """A publication date given as input that cannot anchor relative dates fails the document, by
    its id; the page's own dates that cannot exist were passed over by the cleaner, and each is
    noted as a warning."""
    try:
        parse_published(meta.published)
    except InputFormatError as exc:
        raise InputFormatError(doc.id, exc.reason, stage="input", url=doc.url) from exc
    return [f"published: {date!r} cannot exist: passed over" for date in meta.impossible_dates]


def _anchor_publication(meta: PageMetadata, own: str | None, default: str | None) -> PageMetadata:
    """The document's own date wins, then the run's ``--published``, then the page's."""
    if own:
        return replace(meta, published=own, published_source="input")
    if default:
        return replace(meta, published=default, published_source="option")
    return meta
