"""The rule stages as spaCy pipeline components, so one ``nlp.pipe`` pass does all the work.

Each component computes (``predict``) without touching the docs, then stores its results on
the doc (``set_annotations``) in an extension attribute: ``doc._.newsfacts_dates``,
``doc._.newsfacts_figures``, ``doc._.newsfacts_sources``. When a batch fails, the component
retries its docs one by one, and a doc that still fails gets the reason appended to
``doc._.newsfacts_errors`` instead of stopping the whole stream.

The factories are registered under the ``spacy_factories`` entry point, so
``nlp.add_pipe("newsfacts_dates")`` works once the package is installed. One more component,
``newsfacts_paragraphs``, runs before the parser: it starts a sentence after every blank line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from traceback import format_exc
from typing import Any, Generic, TypeVar

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from extractor.records import Attribution, Figure, Timex
from extractor.support.spacy_utils import doc_text

Result = TypeVar("Result")

PUBLISHED = "newsfacts_published"  # set by the pipeline before parsing: ISO date or None
ERRORS = "newsfacts_errors"
TRACEBACK = "newsfacts_traceback"  # of the first exception a component met on the doc (--debug)
DATES, FIGURES, SOURCES = "newsfacts_dates", "newsfacts_figures", "newsfacts_sources"
COMPONENT_NAMES = ("newsfacts_dates", "newsfacts_figures", "newsfacts_sources")


def register_extensions() -> None:
    """Declare the doc attributes the components write (idempotent)."""
    for name in (PUBLISHED, DATES, FIGURES, SOURCES, ERRORS, TRACEBACK):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class RuleStage(Generic[Result]):
    """A component running one rule stage over each doc."""

    def __init__(self, name: str, extension: str, stage: Callable[[Doc], list[Result]]) -> None:
        register_extensions()
        self.name = name
        self.extension = extension
        self.stage = stage

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc], batch_size=1))

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 16) -> Iterator[Doc]:
        for batch in minibatch(stream, size=batch_size):  # type: ignore[no-untyped-call]
            docs = list(batch)
            try:
                self.set_annotations(docs, self.predict(docs))
            except Exception:  # retried per doc below, so one bad doc fails alone
                for doc in docs:
                    self._annotate_one(doc)
            yield from docs

    def predict(self, docs: Iterable[Doc]) -> list[list[Result]]:
        return [self.stage(doc) for doc in docs]

    def set_annotations(self, docs: Iterable[Doc], results: list[list[Result]]) -> None:
        for doc, result in zip(docs, results, strict=True):
            doc._.set(self.extension, result)

    def _annotate_one(self, doc: Doc) -> None:
        try:
            self.set_annotations([doc], self.predict([doc]))
        except Exception as exc:  # reported on the doc, turned into a DocumentError by the pipeline
            errors = doc._.get(ERRORS) or []
            doc._.set(ERRORS, [*errors, f"{self.name}: {type(exc).__name__}: {exc}"])
            doc._.set(TRACEBACK, doc._.get(TRACEBACK) or format_exc())
            doc._.set(self.extension, [])


# The stages are imported inside the factories: spaCy imports every installed
# ``spacy_factories`` entry point whenever it loads any pipeline, and a user of another pipeline
# should not pay for compiling our rules.


@Language.factory("newsfacts_dates", default_config={})
def make_dates(nlp: Language, name: str) -> RuleStage[Timex]:
    """Time expressions normalized to TIMEX3 against ``doc._.newsfacts_published``."""
    from extractor.timex.stage import find_dates

    def dates_of(doc: Doc) -> list[Timex]:
        return find_dates(doc, doc._.get(PUBLISHED))

    return RuleStage(name, DATES, dates_of)


@Language.factory("newsfacts_figures", default_config={})
def make_figures(nlp: Language, name: str) -> RuleStage[Figure]:
    """Figures with value, unit, bound and change (linked to periods and sources later)."""
    from extractor.figures.stage import find_figures

    return RuleStage(name, FIGURES, find_figures)


@Language.factory("newsfacts_sources", default_config={})
def make_sources(nlp: Language, name: str) -> RuleStage[Attribution]:
    """Attributions: source, cue and content."""
    from extractor.attribution.stage import find_attributions

    return RuleStage(name, SOURCES, find_attributions)


@Language.component("newsfacts_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every blank line, before the parser runs (it keeps boundaries
    set before it): a heading or a paragraph's first words are never parsed as part of the
    sentence before them."""
    text = doc_text(doc)
    end_of_words = 0  # where the last non-blank token ended
    for token in doc:
        if token.is_space:
            continue
        if token.i > 0 and text.count("\n", end_of_words, token.idx) >= 2:
            token.is_sent_start = True
        end_of_words = token.idx + len(token.text)
    return doc


def add_components(nlp: Language) -> Language:
    """Append the newsfacts components to a loaded pipeline (once), and mark paragraph breaks
    as sentence starts before its parser."""
    if "newsfacts_paragraphs" not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("newsfacts_paragraphs", before="parser")
        else:
            nlp.add_pipe("newsfacts_paragraphs", first=True)
    for name in COMPONENT_NAMES:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def doc_results(doc: Doc) -> dict[str, Any]:
    """What the components stored on a doc."""
    return {
        "dates": doc._.get(DATES) or [],
        "figures": doc._.get(FIGURES) or [],
        "sources": doc._.get(SOURCES) or [],
        "errors": doc._.get(ERRORS) or [],
        "traceback": doc._.get(TRACEBACK),
    }
