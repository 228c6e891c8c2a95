"""newsfacts: turn news articles into checkable, structured facts.

from extractor import extract
article = extract("Exports rose 5% in the second quarter, the ministry said.",
                  published="2020-07-01")
print(article.figures[0].summary)
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from extractor._version import __version__
from extractor.errors import (
    DocumentError,
    EmptyDocumentError,
    FetchError,
    InputFormatError,
    ModelNotFoundError,
    NewsfactsError,
    SinkError,
    TerminalFetchError,
    TransientFetchError,
    UsageError,
)
from extractor.records import (
    Article,
    Attribution,
    Change,
    Document,
    Figure,
    FigureSource,
    Mention,
    PageMetadata,
    Provenance,
    Timex,
)

# The library logs to "newsfacts.*" and leaves showing it to the application (the CLI does).
logging.getLogger("newsfacts").addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from extractor.pipeline import DEFAULT_MODEL, Options, extract, extract_many, load_nlp

# The pipeline pulls in spaCy; importing the data model or the errors should not.
_PIPELINE_NAMES = frozenset({"DEFAULT_MODEL", "Options", "extract", "extract_many", "load_nlp"})


def __getattr__(name: str) -> Any:
    if name in _PIPELINE_NAMES:
        from extractor import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")


__all__ = [
    "DEFAULT_MODEL",
    "Article",
    "Attribution",
    "Change",
    "Document",
    "DocumentError",
    "EmptyDocumentError",
    "FetchError",
    "Figure",
    "FigureSource",
    "InputFormatError",
    "Mention",
    "ModelNotFoundError",
    "NewsfactsError",
    "Options",
    "PageMetadata",
    "Provenance",
    "SinkError",
    "TerminalFetchError",
    "Timex",
    "TransientFetchError",
    "UsageError",
    "__version__",
    "extract",
    "extract_many",
    "load_nlp",
]
