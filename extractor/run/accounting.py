"""The books of a batch run: every input is counted once, as written, failed, unreadable,
skipped (``--resume``) or a duplicate, and every failure is reported where it happens.

``unique_ids`` gives two different documents that claim one id two ids (the second gets a
``~2`` suffix and a warning), so that no output keeps one and drops or overwrites the other; the
same document met twice (same id, same content) is written once and counted as a duplicate.
``ResultWriter`` writes results to the sink, appends failures to the failures file and logs
them (logger ``newsfacts.run``), and ends the failures file with the run's summary line.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from collections.abc import Iterable, Iterator, Mapping, Set
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from extractor.errors import DocumentError, SinkError
from extractor.records import Article, Document
from extractor.sinks import Sink
from extractor.support.characters import replace_controls

if TYPE_CHECKING:
    from tqdm import tqdm

logger = logging.getLogger("newsfacts.run")

Result = Article | DocumentError
Item = Document | DocumentError

# Stages whose errors mean the input itself could not be read (not that processing failed).
READING_STAGES = frozenset({"input", "warc", "fetch"})
MAX_LISTED_FAILURES = 1000  # kept in BatchReport.failures; all of them go to the log and the file
RENAME_MARK = "~"


@dataclass(slots=True)
class BatchReport:
    """What a run did with each input document; ``total`` counts every one exactly once."""

    ok: int = 0  # written with their facts
    failed: int = 0  # read, but could not be processed (written as articles carrying the error)
    unreadable: int = 0  # inputs that could not be read: files, lines, records, URLs
    skipped: int = 0  # already in the output (resume)
    duplicates: int = 0  # the same document met again in the input: written once
    renamed: int = 0  # documents kept under a new id because another document had theirs
    retried: int = 0  # failures of an earlier run removed from the output to be tried again
    failures: list[tuple[str, str]] = field(default_factory=list)  # (where, reason), the first ones

    @property
    def total(self) -> int:
        return self.ok + self.failed + self.unreadable + self.skipped + self.duplicates

    @property
    def any_failed(self) -> bool:
        return bool(self.failed or self.unreadable)

    def counts(self) -> dict[str, int]:
        data = asdict(self)
        del data["failures"]
        return {"documents": self.total, **data}

    def summary(self) -> str:
        """One line: ``23 documents: 20 written, 1 failed, 1 unreadable, 1 skipped (resume)``."""
        parts = [f"{self.ok} written", f"{self.failed} failed", f"{self.unreadable} unreadable"]
        optional = (
            (self.skipped, "skipped (already in the output)"),
            (self.duplicates, "duplicates (written once)"),
            (self.renamed, "renamed (their id was taken)"),
            (self.retried, "retried (failed before)"),
        )
        parts += [f"{count} {what}" for count, what in optional if count]
        noun = "document" if self.total == 1 else "documents"
        return f"{self.total} {noun}: {', '.join(parts)}"


# --- ids ---------------------------------------------------------------------------------------


def _content_digest(item: Item) -> bytes:
    digest = hashlib.blake2b(digest_size=8)
    if isinstance(item, Document):
        for part in (item.text, item.html, item.url):
            digest.update((part or "").encode("utf-8", "surrogatepass") + b"\x00")
    else:
        digest.update(f"error\x00{item.reason}".encode("utf-8", "surrogatepass"))
    return digest.digest()


def _item_id(item: Item) -> str:
    return item.id if isinstance(item, Document) else item.doc_id


def _with_id(item: Item, doc_id: str) -> Item:
    return replace(item, id=doc_id) if isinstance(item, Document) else item.with_id(doc_id)


def unique_ids(items: Iterable[Item], report: BatchReport) -> Iterator[Item]:
    """Items with ids no earlier item of the run has: a repeat of the same content is dropped
    (``report.duplicates``), a different document with a taken id gets ``ID~2`` (``~3`` ...).

    The new id depends on input order only, so a resumed run gives every document the id it got
    the first time. One small digest per id is kept for the run. Control characters in an id
    are replaced here as the sinks replace them.
    """
    taken: dict[str, bytes] = {}  # final id -> content digest
    renamed: dict[str, list[bytes]] = {}  # an id given to several documents -> their digests
    for item in items:
        doc_id, digest = replace_controls(_item_id(item)), _content_digest(item)
        if doc_id != _item_id(item):  # as every sink will store it, so that --resume finds it
            item = _with_id(item, doc_id)
        if doc_id in taken:
            if taken[doc_id] == digest or digest in renamed.get(doc_id, ()):
                report.duplicates += 1
                logger.warning("%s: met again with the same content: written once", doc_id)
                continue
            new_id = _free_id(doc_id, taken)
            renamed.setdefault(doc_id, []).append(digest)
            report.renamed += 1
            logger.warning("%s: another document has this id: this one is written as %s", doc_id, new_id)
            item, doc_id = _with_id(item, new_id), new_id
        taken[doc_id] = digest
        yield item


def _free_id(doc_id: str, taken: Mapping[str, bytes]) -> str:
    number = 2
    while f"{doc_id}{RENAME_MARK}{number}" in taken:
        number += 1
    return f"{doc_id}{RENAME_MARK}{number}"


def skipping_done(items: Iterable[Item], done: Set[str], report: BatchReport) -> Iterator[Item]:
    """Items whose id the output does not hold yet (resume); the others are counted as skipped."""
    for item in items:
        if _item_id(item) in done:
            report.skipped += 1
            continue
        yield item


# --- writing -------------------------------------------------------------------------------------


def error_article(error: DocumentError) -> Article:
    """An empty article carrying a document's failure, so that the output lists every input."""
    return Article(id=error.doc_id, text="", url=error.url, errors=[f"{error.stage}: {error.reason}"])


@dataclass(frozen=True, slots=True)
class BarSettings:
    """Whether to show a progress bar, and its total when the number of documents is known."""

    show: bool
    total: int | None = None

    def open(self) -> tqdm[None]:
        from tqdm import tqdm  # only a run that shows a bar pays for the import

        return tqdm(desc="newsfacts", unit="doc", total=self.total, file=sys.stderr)


class FailuresFile:
    """The ``--failures`` file: one ``{"id", "reason", "url"?}`` line per failure, appended, and a
    last ``{"summary": {...}}`` line; a write that fails is a ``SinkError`` naming the file."""

    def __init__(self, path: Path, handle: IO[str]) -> None:
        self.path = path
        self._handle = handle

    @classmethod
    @contextmanager
    def open(cls, path: Path) -> Iterator[FailuresFile]:
        try:
            handle = path.open("a", encoding="utf-8")
        except OSError as exc:
            raise SinkError(f"cannot write the failures file {path}: {exc.strerror or exc}") from exc
        try:
            yield cls(path, handle)
        finally:
            try:
                handle.close()
            except OSError as exc:  # the buffered tail could not be written
                raise SinkError(f"cannot write the failures file {path}: {exc.strerror or exc}") from exc

    def write(self, data: dict[str, Any]) -> None:
        try:
            self._handle.write(json.dumps(data, ensure_ascii=False) + "\n")
            self._handle.flush()
        except OSError as exc:
            raise SinkError(f"cannot write the failures file {self.path}: {exc.strerror or exc}") from exc


class ResultWriter:
    """Writes results to a sink and keeps the books: the report, the failures file, the log, the bar.

    Failed documents are written as articles carrying their error (CONTRACT); each document is
    counted once.
    """

    def __init__(
        self,
        sink: Sink,
        failures: FailuresFile | None,
        bar: tqdm[None] | None,
        done: Set[str],
        report: BatchReport,
    ) -> None:
        self.sink = sink
        self.report = report
        self.done = done  # ids the output held when the run started (resume), else empty
        self._failures = failures
        self._bar = bar

    @classmethod
    @contextmanager
    def for_run(
        cls,
        sink: Sink,
        *,
        resume: bool,
        retry_failed: bool,
        failures_path: Path | None,
        progress: BarSettings,
    ) -> Iterator[ResultWriter]:
        """A writer for one run: opens the sink if needed, and closes what it opened. With
        ``resume`` and ``retry_failed``, the failures of earlier runs are removed from the output
        first, so that they are tried again."""
        report = BatchReport()
        with ExitStack() as stack:
            if not sink.is_open:
                stack.enter_context(sink)
            if resume and retry_failed:
                report.retried = len(sink.forget_failed())
            done = frozenset(sink.existing_ids()) if resume else frozenset()
            if resume:
                logger.info(
                    "resuming: %d documents in the output, %d failures to try again",
                    len(done),
                    report.retried,
                )
            failures = stack.enter_context(FailuresFile.open(failures_path)) if failures_path else None
            bar = stack.enter_context(progress.open()) if progress.show else None
            if bar is not None:  # log lines above the bar, not through it
                from tqdm.contrib.logging import logging_redirect_tqdm

                stack.enter_context(logging_redirect_tqdm(loggers=[logging.getLogger("newsfacts")]))
            writer = cls(sink, failures, bar, done, report)
            yield writer
            writer.advance_bar()  # documents skipped after the last write
            if failures is not None:
                failures.write({"summary": report.counts()})

    def write(self, batch: list[Result]) -> None:
        failed = [result for result in batch if isinstance(result, DocumentError)]
        written = self.sink.write([error_article(r) if isinstance(r, DocumentError) else r for r in batch])
        failed_ids = {error.doc_id for error in failed}
        failed += [error for error in written.failures if error.doc_id not in failed_ids]
        skipped = [doc_id for doc_id in written.skipped if doc_id not in failed_ids]
        unreadable = sum(1 for error in failed if error.stage in READING_STAGES)
        self.report.unreadable += unreadable
        self.report.failed += len(failed) - unreadable
        self.report.skipped += len(skipped)
        self.report.ok += len(batch) - len(failed) - len(skipped)
        for error in failed:
            self._record_failure(error)
        self.advance_bar()

    def advance_bar(self) -> None:
        """Bring the bar to every document accounted for (skipped and duplicates included)."""
        if self._bar is not None:
            self._bar.set_postfix(failed=self.report.failed + self.report.unreadable, refresh=False)
            self._bar.update(self.report.total - self._bar.n)

    def _record_failure(self, error: DocumentError) -> None:
        logger.error("%s: %s", error.where, error.reason)
        if error.detail:
            logger.debug("%s failed here:\n%s", error.where, error.detail.rstrip())
        if len(self.report.failures) < MAX_LISTED_FAILURES:
            self.report.failures.append((error.where, error.reason))
        if self._failures is not None:
            line = {"id": error.doc_id, "reason": error.reason}
            if error.url:
                line["url"] = error.url
            self._failures.write(line)
