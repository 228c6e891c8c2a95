"""The batch pipeline on a dask.distributed cluster: chunks of documents go to the workers.

    with open_sink("out.parquet") as sink:
        report = run_dask(["crawl/*.warc.gz", "docs.jsonl"], sink, Options(), "tcp://scheduler:8786")

This process reads the inputs as a local run does (streamed: ``iter_documents``), so ids,
``--resume``, duplicate ids and failures are handled exactly as in ``run_batch``; the chunks go to
the workers, at most ``CHUNKS_IN_FLIGHT`` per worker at a time, and their results come back in
input order to be written here (the sink is not shared). Reading is never the bottleneck: a
worker parses a few thousand words a second, a reader streams megabytes. Each worker loads the
spaCy model once (a worker plugin) and runs the same chunk function as ``run_batch``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from dask.distributed import Client, Future, LocalCluster, WorkerPlugin, get_worker

from extractor.run.accounting import Item, Result
from extractor.run.batch import (
    CHUNKS_IN_FLIGHT,
    BatchReport,
    BatchSettings,
    ChunkFunction,
    ChunkRunner,
    capped_workers,
    extract_chunk,
    process_documents,
)
from extractor.run.inputs import iter_documents
from extractor.sinks import Sink

if TYPE_CHECKING:
    from spacy.language import Language

    from extractor.pipeline import Options

PLUGIN_NAME = "newsfacts-nlp"


class NlpPlugin(WorkerPlugin):
    """Loads the spaCy model once per worker (its own copy, even for thread workers)."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.nlp: Language | None = None

    def setup(self, worker: Any) -> None:
        from extractor.pipeline import load_nlp

        # load_nlp caches per process; thread workers of one process would share one pipeline.
        self.nlp = load_nlp.__wrapped__(self.model)


def extract_with_worker_nlp(chunk: list[Item], options: Options) -> list[Result]:
    """The pipeline over one chunk, with the worker's own model (see ``NlpPlugin``)."""
    plugin = get_worker().plugins.get(PLUGIN_NAME)
    return extract_chunk(chunk, options, nlp=plugin.nlp if isinstance(plugin, NlpPlugin) else None)


def run_dask(
    inputs: Sequence[str],
    sink: Sink,
    options: Options,
    scheduler: str | None = None,
    settings: BatchSettings | None = None,
    *,
    processes: bool = True,
    extract_chunk_fn: ChunkFunction | None = None,
) -> BatchReport:
    """``run_batch`` on dask: ``scheduler`` is an address, or None for a LocalCluster of
    ``settings.workers`` (``processes=False``: threads of this process, quick to start)."""
    settings = settings or BatchSettings()
    with _client(scheduler, settings.workers, processes) as client:
        if extract_chunk_fn is None:
            client.register_plugin(NlpPlugin(options.model), name=PLUGIN_NAME)
        return process_documents(
            iter_documents(inputs),
            sink,
            options,
            settings,
            extract_chunk_fn=extract_chunk_fn or extract_with_worker_nlp,
            runner=dask_runner(client),
        )


def dask_runner(client: Client) -> ChunkRunner:
    """Chunks run as tasks on ``client``'s cluster, results in input order, a bounded window."""

    def on_cluster(
        chunks: Iterable[list[Item]], options: Options, function: ChunkFunction
    ) -> Iterator[list[Result]]:
        window = CHUNKS_IN_FLIGHT * max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque[Future[list[Result]]] = deque()
        for chunk in chunks:
            pending.append(client.submit(function, chunk, options, pure=False))
            if len(pending) >= window:  # the input is read only as fast as the cluster uses it
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    return on_cluster


@contextmanager
def _client(scheduler: str | None, workers: int, processes: bool) -> Iterator[Client]:
    if scheduler is not None:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=capped_workers(workers), threads_per_worker=1, processes=processes, dashboard_address=None
    )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client
