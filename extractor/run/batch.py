"""Batch runs: many inputs through the pipeline into a sink, in one or several processes.

    with open_sink("out.db") as sink:
        report = run_batch(["archive/"], sink, Options(), workers=2, resume=True)

Documents are streamed: at most ``CHUNKS_IN_FLIGHT * workers`` chunks are in flight, whatever the
input size.
Each worker process loads the spaCy model once (the pool's initializer) and returns the
results of a whole chunk, in input order. A document that fails is reported (the failures file,
the report) and written as an article carrying the error, as the CONTRACT asks; the rest go on.
An exception that escapes a chunk is retried document by document, so that it is blamed on the
document that raised it; a worker process that dies stops the run with ``NewsfactsError``.

Results are written in batches of ``write_batch_size`` articles, one sink transaction each;
``resume`` skips the documents whose ids the output already holds.
"""

from __future__ import annotations

import json
import multiprocessing
import operator
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar

from extractor.errors import DocumentError, ModelNotFoundError, NewsfactsError, UsageError
from extractor.records import Article, Document
from extractor.sinks import Sink

if TYPE_CHECKING:
    from spacy.language import Language
    from tqdm import tqdm

    from extractor.pipeline import Options

Result = Article | DocumentError
Item = Document | DocumentError
# Turns one chunk of documents into one result per document, in order. It must be a module-level
# function (it is pickled to the worker processes); ``extract_chunk`` is the real pipeline.
ChunkFunction = Callable[[list[Item], "Options"], list[Result]]
T = TypeVar("T")

WRITE_BATCH_SIZE = 64  # articles per sink transaction
CHUNKS_IN_FLIGHT = 2  # per worker


@dataclass(slots=True)
class BatchReport:
    """What a run did: documents written, failed, and skipped because the output had them."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0  # already in the output (resume), or met twice in the input
    failures: list[tuple[str, str]] = field(default_factory=list)  # (document id, reason)

    @property
    def total(self) -> int:
        return self.ok + self.failed + self.skipped


def run_batch(
    inputs: Sequence[str],
    sink: Sink,
    options: Options,
    *,
    workers: int = 1,
    resume: bool = False,
    failures_path: str | Path | None = None,
    progress: bool = False,
    chunk_size: int | None = None,
    write_batch_size: int = WRITE_BATCH_SIZE,
    extract_chunk_fn: ChunkFunction | None = None,
) -> BatchReport:
    """Run every document named by ``inputs`` (see ``iter_documents``) into ``sink``.

    ``sink`` may be open or not (it is opened and closed here if not). ``resume`` needs a sink
    that keeps what it holds (``open_sink(..., append=True)``, or a database). ``chunk_size`` is
    the documents one worker gets at a time (default: one spaCy batch with several workers, so
    that the end of a run splits evenly between them; four in one process).
    ``extract_chunk_fn`` replaces the pipeline (tests, other engines).
    Raises ``UsageError`` for impossible settings, ``SinkError`` when the output fails.
    """
    from extractor.run.inputs import iter_documents

    return process_documents(
        iter_documents(inputs),
        sink,
        options,
        workers=workers,
        resume=resume,
        failures_path=failures_path,
        progress=progress,
        chunk_size=chunk_size,
        write_batch_size=write_batch_size,
        extract_chunk_fn=extract_chunk_fn,
    )


def process_documents(
    documents: Iterable[Item],
    sink: Sink,
    options: Options,
    *,
    workers: int = 1,
    resume: bool = False,
    failures_path: str | Path | None = None,
    progress: bool = False,
    chunk_size: int | None = None,
    write_batch_size: int = WRITE_BATCH_SIZE,
    extract_chunk_fn: ChunkFunction | None = None,
) -> BatchReport:
    """``run_batch`` over documents already loaded (or fetched, or read from WARC); the progress bar
    shows a total when ``documents`` knows its length (``operator.length_hint``)."""
    check_settings(sink, workers=workers, resume=resume, write_batch_size=write_batch_size)
    bar = BarSettings(progress, operator.length_hint(documents) or None)
    with ResultWriter.for_run(sink, resume=resume, failures_path=failures_path, progress=bar) as writer:
        todo = _skipping(documents, writer.done, writer.report)
        size = chunk_size or (4 if workers == 1 else 1) * options.batch_size
        results = extract_results(
            todo, options, workers=workers, chunk_size=size, extract_chunk_fn=extract_chunk_fn
        )
        for batch in _chunks(results, write_batch_size):
            writer.write(batch)
    return writer.report


def check_settings(sink: Sink, *, workers: int, resume: bool, write_batch_size: int) -> None:
    """``UsageError`` for settings no run can follow."""
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    if write_batch_size < 1:
        raise UsageError("the write batch size must be at least 1")
    if resume and not sink.keeps_existing:
        raise UsageError(f"resuming needs an output that keeps what it holds: open {sink.target} with append")


def _skipping(documents: Iterable[Item], done: Set[str], report: BatchReport) -> Iterator[Item]:
    for item in documents:
        if isinstance(item, Document) and item.id in done:
            report.skipped += 1
            continue
        yield item


@dataclass(frozen=True, slots=True)
class BarSettings:
    """Whether to show a progress bar, and its total when the number of documents is known."""

    show: bool
    total: int | None = None

    def open(self) -> tqdm[None]:
        from tqdm import tqdm  # only a run that shows a bar pays for the import

        return tqdm(desc="newsfacts", unit="doc", total=self.total, file=sys.stderr)


class ResultWriter:
    """Writes results to a sink and keeps the books: the report, the failures file, the bar.

    Failed documents are written as articles carrying their error (CONTRACT); each document is
    counted once, as written, failed, or skipped (already in the output).
    """

    def __init__(
        self, sink: Sink, failures_file: IO[str] | None, bar: tqdm[None] | None, done: Set[str]
    ) -> None:
        self.sink = sink
        self.report = BatchReport()
        self.done = done  # ids the output held when the run started (resume), else empty
        self._failures_file = failures_file
        self._bar = bar

    @classmethod
    @contextmanager
    def for_run(
        cls, sink: Sink, *, resume: bool, failures_path: str | Path | None, progress: BarSettings
    ) -> Iterator[ResultWriter]:
        """A writer for one run: opens the sink if needed, and closes what it opened."""
        with ExitStack() as stack:
            if not sink.is_open:
                stack.enter_context(sink)
            done = frozenset(sink.existing_ids()) if resume else frozenset()
            failures_file = stack.enter_context(_failures_file(failures_path))
            bar = stack.enter_context(progress.open()) if progress.show else None
            yield cls(sink, failures_file, bar, done)

    def write(self, batch: list[Result]) -> None:
        failed = [result for result in batch if isinstance(result, DocumentError)]
        written = self.sink.write([error_article(r) if isinstance(r, DocumentError) else r for r in batch])
        failed_ids = {error.doc_id for error in failed}
        failed += [error for error in written.failures if error.doc_id not in failed_ids]
        skipped = [doc_id for doc_id in written.skipped if doc_id not in failed_ids]  # met before
        self.report.failed += len(failed)
        self.report.skipped += len(skipped)
        self.report.ok += len(batch) - len(failed) - len(skipped)
        self._record_failures(failed)
        if self._bar is not None:
            self._bar.update(len(batch))
            self._bar.set_postfix(failed=self.report.failed, refresh=False)

    def _record_failures(self, failed: list[DocumentError]) -> None:
        for error in failed:
            self.report.failures.append((error.doc_id, error.reason))
            if self._failures_file is not None:
                line = json.dumps({"id": error.doc_id, "reason": error.reason}, ensure_ascii=False)
                self._failures_file.write(line + "\n")
        if self._failures_file is not None:
            self._failures_file.flush()


def error_article(error: DocumentError) -> Article:
    """An empty article carrying a document's failure, so that the output lists every input."""
    return Article(id=error.doc_id, text="", errors=[f"{error.stage}: {error.reason}"])


def _failures_file(path: str | Path | None) -> AbstractContextManager[IO[str] | None]:
    if path is None:
        return nullcontext()
    try:
        return open(path, "a", encoding="utf-8")  # entered by the caller's ExitStack
    except OSError as exc:
        raise UsageError(f"cannot write the failures file {path}: {exc.strerror}") from exc


# --- running the pipeline --------------------------------------------------------------------


def extract_results(
    documents: Iterable[Item],
    options: Options,
    *,
    workers: int = 1,
    chunk_size: int = 64,
    extract_chunk_fn: ChunkFunction | None = None,
) -> Iterator[Result]:
    """One result per document, in input order, from ``workers`` processes (1: this one)."""
    function = extract_chunk_fn or extract_chunk
    chunks = _chunks(documents, chunk_size)
    if workers == 1:
        for chunk in chunks:
            yield from function(chunk, options)
        return
    yield from _in_processes(chunks, options, workers, function)


def _in_processes(
    chunks: Iterable[list[Item]], options: Options, workers: int, function: ChunkFunction
) -> Iterator[Result]:
    # spawn: workers start clean (no copied threads or locks) and load the model themselves.
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(options.model if function is extract_chunk else None,),
    )
    pending: deque[Future[list[Result]]] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(function, chunk, options))
            if len(pending) >= CHUNKS_IN_FLIGHT * workers:  # the input is read only as fast as it is used
                yield from _result_of(pending.popleft(), options.model)
        while pending:
            yield from _result_of(pending.popleft(), options.model)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result_of(future: Future[list[Result]], model: str) -> list[Result]:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise NewsfactsError(
            f"a worker process died ({exc}): out of memory, killed, or a script that starts "
            "workers without an `if __name__ == '__main__':` guard"
        ) from exc


def init_worker(model: str | None) -> None:
    """Worker initializer: exit with the parent, and load the spaCy model once per process
    (``load_nlp`` caches it) unless another chunk function than the pipeline's is used."""
    _exit_with_parent()
    if model is not None:
        from extractor.pipeline import load_nlp

        with suppress(ModelNotFoundError):  # raised again by the first chunk, and reported then
            load_nlp(model)


def _exit_with_parent(interval: float = 1.0) -> None:
    # A parent killed with SIGKILL cannot stop its pool, and idle workers would wait forever.
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="newsfacts-parent-watch", daemon=True).start()


def extract_chunk(chunk: list[Item], options: Options, nlp: Language | None = None) -> list[Result]:
    """The pipeline over one chunk; an exception that escapes it is retried per document.

    ``nlp`` defaults to the process's cached ``load_nlp(options.model)``.
    """
    from extractor.pipeline import extract_many, load_nlp

    nlp = nlp or load_nlp(options.model)
    try:
        return list(extract_many(chunk, options, nlp=nlp))
    except Exception:  # a bug the pipeline did not contain: find the document that raises it
        return [_extract_one(item, options, nlp) for item in chunk]


def _extract_one(item: Item, options: Options, nlp: Language) -> Result:
    from extractor.pipeline import extract_many

    if isinstance(item, DocumentError):
        return item
    try:
        return next(extract_many([item], options, nlp=nlp))
    except Exception as exc:
        return DocumentError(item.id, f"pipeline failed: {type(exc).__name__}: {exc}", stage="nlp")


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
