"""newsfacts: turn news articles into checkable, structured facts.

from extractor import extract
article = extract("Exports rose 5% in the second quarter, the ministry said.",
                  published="2020-07-01")
print(article.figures[0].summary)
"""

from __future__ import annotations

import logging
from importlib import import_module
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
from extractor.settings import DEFAULT_MODEL

# The library logs to "newsfacts.*" and leaves showing it to the application (the CLI does).
logging.getLogger("newsfacts").addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from extractor.pipeline import Options, extract, extract_many, load_nlp
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

# Loaded on first use: the pipeline pulls in spaCy, and even the data model's dataclasses take a
# noticeable share of the command line's start-up, which needs neither.
_LAZY = {
    **dict.fromkeys(("Options", "extract", "extract_many", "load_nlp"), "extractor.pipeline"),
    **dict.fromkeys(
        (
            "Article",
            "Attribution",
            "Change",
            "Document",
            "Figure",
            "FigureSource",
            "Mention",
            "PageMetadata",
            "Provenance",
            "Timex",
        ),
        "extractor.records",
    ),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
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
