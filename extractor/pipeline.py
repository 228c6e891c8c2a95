"""The per-document pipeline: clean, one batched spaCy pass (the model plus the newsfacts rule
components, see ``components.py``), then linking.

``extract`` handles one text or page; ``extract_many`` streams documents through
``nlp.pipe`` in batches and yields one result per document, in input order: an ``Article``,
or the ``DocumentError`` that stopped it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.clean.body import clean_html, text_metadata
from extractor.components import PUBLISHED, add_components, doc_results
from extractor.errors import DocumentError, EmptyDocumentError, InputFormatError, ModelNotFoundError
from extractor.link.discourse import Discourse
from extractor.link.period import headline_periods
from extractor.link.stage import link_figures
from extractor.records import Article, Document, PageMetadata, Timex, stable_id
from extractor.settings import DEFAULT_MODEL as DEFAULT_MODEL  # re-exported: callers import it here
from extractor.settings import MODEL_ALIASES
from extractor.timex.stage import parse_published

MAX_TEXT_CHARS = 2_000_000
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
    group: list[Document | DocumentError] = []
    for doc in docs:
        group.append(doc)
        if len(group) >= group_size:
            yield from _extract_group(nlp, group, options)
            group = []
    if group:
        yield from _extract_group(nlp, group, options)


def _extract_group(
    nlp: Language, docs: list[Document | DocumentError], options: Options
) -> list[Article | DocumentError]:
    # Results are plain data, built before the zone frees what the parse allocated.
    with nlp.memory_zone():
        prepared = [_prepare_or_error(doc, options) for doc in docs]
        results: list[Article | DocumentError] = []
        for batch in size_bounded_batches(prepared, options.batch_size, options.batch_chars):
            stream = nlp.pipe(_docs_with_context(nlp, batch), as_tuples=True, batch_size=len(batch))
            headlines = _headline_dates(nlp, batch)
            results.extend(
                context
                if isinstance(context, DocumentError)
                else _analyse_or_error(spacy_doc, context, headline)
                for (spacy_doc, context), headline in zip(stream, headlines, strict=True)
            )
        return results


def size_bounded_batches(
    items: list[Article | DocumentError], max_docs: int, max_chars: int
) -> Iterator[list[Article | DocumentError]]:
    """Consecutive batches of at most ``max_docs`` items and ``max_chars`` characters of text, so
    that the parser's working memory depends on the batch budget, not on how long articles cluster."""
    batch: list[Article | DocumentError] = []
    chars = 0
    for item in items:
        size = len(item.text) if isinstance(item, Article) else 0
        if batch and (len(batch) >= max_docs or chars + size > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += size
    if batch:
        yield batch


def _docs_with_context(
    nlp: Language, prepared: Iterable[Article | DocumentError]
) -> Iterator[tuple[Doc, Any]]:
    # Errors travel through nlp.pipe as empty docs so that the output keeps input order.
    for item in prepared:
        doc = nlp.make_doc(item.text if isinstance(item, Article) else "")
        doc._.set(PUBLISHED, item.published if isinstance(item, Article) else None)
        yield doc, item


def _headline_dates(nlp: Language, batch: list[Article | DocumentError]) -> list[list[Timex]]:
    """The times each article's headline (its title, which is not in its text) gives for its
    event, normalized against its publication date; spans index the title."""
    docs = []
    for item in batch:
        doc = nlp.make_doc((item.meta.title or "") if isinstance(item, Article) else "")
        doc._.set(PUBLISHED, item.published if isinstance(item, Article) else None)
        docs.append(doc)
    parsed = nlp.pipe(docs, batch_size=len(docs), disable=list(_NOT_FOR_HEADLINES))
    return [headline_periods(doc, doc_results(doc)["dates"]) for doc in parsed]


def _prepare_or_error(doc: Document | DocumentError, options: Options) -> Article | DocumentError:
    if isinstance(doc, DocumentError):
        return doc
    try:
        return prepare(doc, options)
    except DocumentError as exc:
        return exc
    except Exception as exc:  # a cleaner bug must fail this document, reported, not the batch
        return DocumentError(doc.id, f"cleaning failed: {type(exc).__name__}: {exc}", stage="clean")


def prepare(doc: Document, options: Options = Options()) -> Article:
    """The clean text and metadata of a document, as an Article with no facts yet."""
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
    if not text.strip():
        reason = errors[0] if errors else "empty document: no article text"
        raise EmptyDocumentError(doc.id, reason, stage="clean")
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentError(doc.id, f"text too long ({len(text)} characters, limit {MAX_TEXT_CHARS})")
    meta = _anchor_publication(meta, doc.published, options.published)
    _check_published(doc.id, meta.published)
    return Article(
        id=doc.id,
        text=text,
        url=doc.url,
        meta=meta,
        errors=errors,
        provenance=doc.provenance,
        warnings=warnings,
    )


def _check_published(doc_id: str, published: str | None) -> None:
    """A publication date that cannot anchor relative dates fails the document, by its id."""
    try:
        parse_published(published)
    except InputFormatError as exc:
        raise InputFormatError(doc_id, exc.reason, stage="input") from exc


def _anchor_publication(meta: PageMetadata, own: str | None, default: str | None) -> PageMetadata:
    """The document's own date wins, then the run's ``--published``, then the page's."""
    if own:
        return replace(meta, published=own, published_source="input")
    if default:
        return replace(meta, published=default, published_source="option")
    return meta


def _analyse_or_error(spacy_doc: Doc, article: Article, headline: list[Timex]) -> Article | DocumentError:
    results = doc_results(spacy_doc)
    if results["errors"]:
        return DocumentError(article.id, "; ".join(results["errors"]), stage="nlp")
    try:
        article.dates = results["dates"]
        article.sources = results["sources"]
        discourse = Discourse.from_doc(spacy_doc)
        article.figures = link_figures(article, results["figures"], discourse, headline)
    except Exception as exc:  # one document's linking failure is reported with its id, not fatal
        return DocumentError(article.id, f"linking failed: {type(exc).__name__}: {exc}", stage="link")
    return article
