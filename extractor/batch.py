"""Batch runs: many inputs through the pipeline into a sink, in one or several processes.

    with open_sink("out.db") as sink:
        report = run_batch(["archive/"], sink, Options(), workers=2, resume=True)

Documents are streamed: at most ``2 * workers`` chunks are in flight, whatever the input size.
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
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from tqdm import tqdm

from .errors import DocumentError, NewsfactsError, UsageError
from .records import Article, Document
from .sinks import Sink

if TYPE_CHECKING:
    from .pipeline import Options

Result = Article | DocumentError
Item = Document | DocumentError
# Turns one chunk of documents into one result per document, in order. It must be a module-level
# function (it is pickled to the worker processes); ``extract_chunk`` is the real pipeline.
ChunkFunction = Callable[[list[Item], "Options"], list[Result]]
T = TypeVar("T")

WRITE_BATCH_SIZE = 64  # articles per sink transaction


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
    the documents one worker gets at a time (default ``4 * options.batch_size``).
    ``extract_chunk_fn`` replaces the pipeline (tests, other engines).
    Raises ``UsageError`` for impossible settings, ``SinkError`` when the output fails.
    """
    from .inputs import iter_documents

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
    """``run_batch`` over documents already loaded (or fetched, or read from WARC)."""
    _check_settings(sink, workers=workers, resume=resume, write_batch_size=write_batch_size)
    report = BatchReport()
    with ExitStack() as stack:
        if not sink.is_open:
            stack.enter_context(sink)
        done = sink.existing_ids() if resume else set()
        failures_file = stack.enter_context(_failures_file(failures_path))
        bar = stack.enter_context(tqdm(desc="newsfacts", unit="doc", file=sys.stderr, disable=not progress))
        todo = _skipping(documents, done, report)
        size = chunk_size or 4 * options.batch_size
        results = extract_results(
            todo, options, workers=workers, chunk_size=size, extract_chunk_fn=extract_chunk_fn
        )
        for batch in _chunks(results, write_batch_size):
            _write_batch(batch, sink, report, failures_file)
            bar.update(len(batch))
            bar.set_postfix(failed=report.failed, refresh=False)
    return report


def _check_settings(sink: Sink, *, workers: int, resume: bool, write_batch_size: int) -> None:
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    if write_batch_size < 1:
        raise UsageError("the write batch size must be at least 1")
    if resume and not sink.keeps_existing:
        raise UsageError(f"resuming needs an output that keeps what it holds: open {sink.target} with append")


def _skipping(documents: Iterable[Item], done: set[str], report: BatchReport) -> Iterator[Item]:
    for item in documents:
        if isinstance(item, Document) and item.id in done:
            report.skipped += 1
            continue
        yield item


def _write_batch(batch: list[Result], sink: Sink, report: BatchReport, failures_file: IO[str] | None) -> None:
    from .pipeline import article_for_error

    failed = [result for result in batch if isinstance(result, DocumentError)]
    written = sink.write([article_for_error(r) if isinstance(r, DocumentError) else r for r in batch])
    # Failed documents are written as articles carrying their error; count each document once.
    failed_ids = {error.doc_id for error in failed}
    failed += [error for error in written.failures if error.doc_id not in failed_ids]
    skipped = [doc_id for doc_id in written.skipped if doc_id not in failed_ids]  # ids seen before
    report.failed += len(failed)
    report.skipped += len(skipped)
    report.ok += len(batch) - len(failed) - len(skipped)
    for error in failed:
        report.failures.append((error.doc_id, error.reason))
        if failures_file is not None:
            failures_file.write(
                json.dumps({"id": error.doc_id, "reason": error.reason}, ensure_ascii=False) + "\n"
            )
    if failures_file is not None:
        failures_file.flush()


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
        initializer=load_model,
        initargs=(options.model if function is extract_chunk else None,),
    )
    pending: deque[Future[list[Portable]]] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(_run_portable, function, [_portable(i) for i in chunk], options))
            if len(pending) >= 2 * workers:  # bounded: the input is read only as fast as it is used
                yield from _result_of(pending.popleft())
        while pending:
            yield from _result_of(pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result_of(future: Future[list[Portable]]) -> list[Result]:
    try:
        return [_restored(result) for result in future.result()]
    except BrokenProcessPool as exc:
        raise NewsfactsError(f"a worker process died (out of memory or killed?): {exc}") from exc


@dataclass(frozen=True, slots=True)
class _Failure:
    """A ``DocumentError`` as it crosses a process boundary (exceptions with keyword-only
    arguments do not survive pickling)."""

    kind: type[DocumentError]
    doc_id: str
    reason: str
    stage: str


Portable = Article | Document | _Failure


def _portable(item: Result | Item) -> Portable:
    if isinstance(item, DocumentError):
        return _Failure(type(item), item.doc_id, item.reason, item.stage)
    return item


def _restored(item: Portable) -> Any:
    if isinstance(item, _Failure):
        return item.kind(item.doc_id, item.reason, stage=item.stage)
    return item


def _run_portable(function: ChunkFunction, chunk: list[Portable], options: Options) -> list[Portable]:
    """Run in a worker process: ``function`` over a chunk, to and from portable values."""
    return [_portable(result) for result in function([_restored(item) for item in chunk], options)]


def load_model(model: str | None) -> None:
    """Worker initializer: load the spaCy model once per process (``load_nlp`` caches it)."""
    if model is None:  # another chunk function than the pipeline's
        return
    from .pipeline import load_nlp

    load_nlp(model)


def extract_chunk(chunk: list[Item], options: Options) -> list[Result]:
    """The pipeline over one chunk; an exception that escapes it is retried per document."""
    from .pipeline import extract_many, load_nlp

    nlp = load_nlp(options.model)
    try:
        return list(extract_many(chunk, options, nlp=nlp))
    except Exception:  # a bug the pipeline did not contain: find the document that raises it
        return [_extract_one(item, options) for item in chunk]


def _extract_one(item: Item, options: Options) -> Result:
    from .pipeline import extract_many, load_nlp

    if isinstance(item, DocumentError):
        return item
    try:
        return next(extract_many([item], options, nlp=load_nlp(options.model)))
    except Exception as exc:
        return DocumentError(item.id, f"pipeline failed: {type(exc).__name__}: {exc}", stage="nlp")


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
