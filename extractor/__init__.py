"""newsfacts: turn news articles into checkable, structured facts.

from extractor import extract
article = extract("Exports rose 5% in the second quarter, the ministry said.",
                  published="2020-07-01")
print(article.figures[0].summary)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from .errors import (
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
from .records import (
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

if TYPE_CHECKING:
    from .pipeline import DEFAULT_MODEL, Options, extract, extract_many, load_nlp

# The pipeline pulls in spaCy; importing the data model or the errors should not.
_PIPELINE_NAMES = frozenset({"DEFAULT_MODEL", "Options", "extract", "extract_many", "load_nlp"})


def __getattr__(name: str) -> Any:
    if name in _PIPELINE_NAMES:
        from . import pipeline

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
