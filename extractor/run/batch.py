"""Batch runs: many inputs through the pipeline into a sink, in one or several processes.

    with open_sink("out.db") as sink:
        report = run_batch(["archive/"], sink, Options(), BatchSettings(workers=2, resume=True))

Documents are streamed: they go to the workers in chunks bounded in documents and characters,
at most ``CHUNKS_IN_FLIGHT * workers`` chunks at a time, whatever the input size.
Each worker process loads the spaCy model once (the pool's initializer) and returns the
results of a whole chunk, in input order. A document that fails is reported (the log, the
failures file, the report) and written as an article carrying the error, as the CONTRACT asks;
the rest go on. An exception that escapes a chunk is retried document by document, so that it
is blamed on the document that raised it; a worker process that dies stops the run with
``NewsfactsError``. ``accounting.py`` keeps the books (ids, resume, failures, the summary).

Results are written in batches bounded in articles and characters, one sink transaction each.
"""

from __future__ import annotations

import logging
import multiprocessing
import operator
import os
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extractor.errors import DocumentError, ModelNotFoundError, NewsfactsError, UsageError
from extractor.records import Article, Document
from extractor.run.accounting import (
    BarSettings,
    BatchReport,
    Item,
    Result,
    ResultWriter,
    error_article,
    skipping_done,
    unique_ids,
)
from extractor.sinks import Sink
from extractor.support.batching import bounded_batches

if TYPE_CHECKING:
    from spacy.language import Language

    from extractor.pipeline import Options

__all__ = [
    "BatchReport",
    "BatchSettings",
    "ChunkFunction",
    "ChunkRunner",
    "error_article",
    "extract_chunk",
    "extract_results",
    "process_documents",
    "run_batch",
    "usable_cores",
]

logger = logging.getLogger("newsfacts.run")

# Turns one chunk of documents into one result per document, in order. It must be a module-level
# function (it is pickled to the worker processes); ``extract_chunk`` is the real pipeline.
ChunkFunction = Callable[[list[Item], "Options"], list[Result]]
# Runs a chunk function over a stream of chunks, yielding each chunk's results in input order,
# with a bounded number of chunks in flight: in this process, a process pool, a dask cluster.
ChunkRunner = Callable[[Iterable[list[Item]], "Options", ChunkFunction], Iterator[list[Result]]]

WRITE_BATCH_SIZE = 64  # articles per sink transaction at most ...
WRITE_BATCH_CHARS = 4_000_000  # ... and characters of article text
CHUNK_CHARS = 2_000_000  # characters of input per chunk at most (one longer document goes alone)
CHUNKS_IN_FLIGHT = 2  # per worker


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """How a batch run goes, built once (at the CLI edge) and passed down.

    ``workers``: processes (capped at the usable cores, with a warning). ``resume``: skip the
    documents whose id the output holds (the sink must keep what it holds); with
    ``retry_failed`` (the default) the failures of earlier runs are removed first and tried
    again. ``failures_path``: a file to append failures and the summary to. ``chunk_size``:
    documents one worker gets at a time (default: one spaCy batch with several workers, so that
    the end of a run splits evenly; four in one process), at most ``chunk_chars`` characters.
    """

    workers: int = 1
    resume: bool = False
    retry_failed: bool = True
    failures_path: Path | None = None
    progress: bool = False
    chunk_size: int | None = None
    chunk_chars: int = CHUNK_CHARS
    write_batch_size: int = WRITE_BATCH_SIZE
    write_batch_chars: int = WRITE_BATCH_CHARS

    def __post_init__(self) -> None:
        minimums = {
            "workers": self.workers,
            "chunk_size": 1 if self.chunk_size is None else self.chunk_size,
            "chunk_chars": self.chunk_chars,
            "write_batch_size": self.write_batch_size,
            "write_batch_chars": self.write_batch_chars,
        }
        for name, value in minimums.items():
            if value < 1:
                raise UsageError(f"{name} must be at least 1, not {value}")

    def documents_per_chunk(self, options: Options) -> int:
        return self.chunk_size or (4 if self.workers == 1 else 1) * options.batch_size


def usable_cores() -> int:
    """The CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def capped_workers(requested: int) -> int:
    """``requested`` worker processes, at most one per usable core (more only compete for them,
    each holding its own copy of the model)."""
    cores = usable_cores()
    if requested > cores:
        logger.warning("%d workers asked for, but %d cores are usable: running %d", requested, cores, cores)
        return cores
    return requested


def run_batch(
    inputs: Sequence[str],
    sink: Sink,
    options: Options,
    settings: BatchSettings = BatchSettings(),
    *,
    extract_chunk_fn: ChunkFunction | None = None,
) -> BatchReport:
    """Run every document named by ``inputs`` (see ``iter_documents``) into ``sink``.

    ``sink`` may be open or not (it is opened and closed here if not). ``extract_chunk_fn``
    replaces the pipeline (tests, other engines). Raises ``UsageError`` for impossible settings,
    ``SinkError`` when the output (or the failures file) cannot be written.
    """
    from extractor.run.inputs import iter_documents

    return process_documents(
        iter_documents(inputs), sink, options, settings, extract_chunk_fn=extract_chunk_fn
    )


def process_documents(
    documents: Iterable[Item],
    sink: Sink,
    options: Options,
    settings: BatchSettings = BatchSettings(),
    *,
    extract_chunk_fn: ChunkFunction | None = None,
    runner: ChunkRunner | None = None,
) -> BatchReport:
    """``run_batch`` over documents already loaded (or fetched, or read from WARC). ``runner``
    runs the chunks somewhere else than here or a local process pool (the dask engine). The
    progress bar shows a total when ``documents`` knows its length (``operator.length_hint``)."""
    check_sink(sink, settings)
    with ResultWriter.for_run(
        sink,
        resume=settings.resume,
        retry_failed=settings.retry_failed,
        failures_path=settings.failures_path,
        progress=BarSettings(settings.progress, operator.length_hint(documents) or None),
    ) as writer:
        todo = skipping_done(unique_ids(documents, writer.report), writer.done, writer.report)
        if runner is None:
            runner = local_runner(capped_workers(settings.workers))
        chunks = bounded_batches(todo, settings.documents_per_chunk(options), settings.chunk_chars, _chars)
        results = (
            result for chunk in runner(chunks, options, extract_chunk_fn or extract_chunk) for result in chunk
        )
        for batch in bounded_batches(results, settings.write_batch_size, settings.write_batch_chars, _chars):
            writer.write(batch)
    return writer.report


def check_sink(sink: Sink, settings: BatchSettings) -> None:
    """``UsageError`` for a sink the settings cannot use."""
    if settings.resume and not sink.keeps_existing:
        raise UsageError(f"resuming needs an output that keeps what it holds: open {sink.target} with append")


def _chars(item: Document | Article | DocumentError) -> int:
    if isinstance(item, Document):
        return len(item.text or "") + len(item.html or "")
    return len(item.text) if isinstance(item, Article) else 0


# --- running the pipeline --------------------------------------------------------------------


def extract_results(
    documents: Iterable[Item],
    options: Options,
    settings: BatchSettings = BatchSettings(),
    *,
    extract_chunk_fn: ChunkFunction | None = None,
) -> Iterator[Result]:
    """One result per document, in input order, from ``settings.workers`` processes (1: this one)."""
    chunks = bounded_batches(documents, settings.documents_per_chunk(options), settings.chunk_chars, _chars)
    runner = local_runner(capped_workers(settings.workers))
    for chunk in runner(chunks, options, extract_chunk_fn or extract_chunk):
        yield from chunk


def local_runner(workers: int) -> ChunkRunner:
    """Chunks run in this process (one worker) or in a pool of ``workers`` processes."""
    if workers == 1:
        return _in_this_process

    def in_processes(
        chunks: Iterable[list[Item]], options: Options, function: ChunkFunction
    ) -> Iterator[list[Result]]:
        return _in_processes(chunks, options, workers, function)

    return in_processes


def _in_this_process(
    chunks: Iterable[list[Item]], options: Options, function: ChunkFunction
) -> Iterator[list[Result]]:
    for chunk in chunks:
        yield function(chunk, options)


def _in_processes(
    chunks: Iterable[list[Item]], options: Options, workers: int, function: ChunkFunction
) -> Iterator[list[Result]]:
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
                yield _result_of(pending.popleft())
        while pending:
            yield _result_of(pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _result_of(future: Future[list[Result]]) -> list[Result]:
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
    except Exception as exc:  # a bug: this document fails, with the traceback for --debug
        return DocumentError(
            item.id,
            f"pipeline failed: {type(exc).__name__}: {exc}",
            stage="nlp",
            url=item.url,
            detail=traceback.format_exc(),
        )
