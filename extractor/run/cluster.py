"""The batch pipeline on a dask.distributed cluster: partitions of the inputs go to the workers.

    with open_sink("out.parquet") as sink:
        report = run_dask(["crawl/*.warc.gz", "docs.jsonl"], sink, Options(), "tcp://scheduler:8786")

Partitions: a plain ``.jsonl`` file is cut into byte ranges of ``blocksize`` (a line belongs to
the range it starts in); any other file (``.warc``, ``.warc.gz``, ``.jsonl.gz``, ``.html``,
``.txt``) is one partition, read with ``iter_documents``; a directory gives its files. Paths must
be readable by the workers (a shared file system). Each worker loads the spaCy model once (a
worker plugin) and runs the same chunk function as ``run_batch``; the results come back to this
process, which writes them to ``sink`` in partition order (the sink is not shared).

A malformed JSONL line in a partition is reported as ``PATH@OFFSET:N`` (N counted from the
range's first line), where ``run_batch`` says ``PATH:LINE``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence, Set
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dask.distributed import Client, Future, LocalCluster, WorkerPlugin, get_worker

from extractor.errors import InputFormatError, UsageError
from extractor.records import Document
from extractor.run.batch import (
    BarSettings,
    ChunkFunction,
    Item,
    Result,
    ResultWriter,
    check_settings,
    extract_chunk,
)
from extractor.run.inputs import input_kind, iter_documents, iter_jsonl_lines
from extractor.sinks import Sink

if TYPE_CHECKING:
    from spacy.language import Language

    from extractor.pipeline import Options
    from extractor.run.batch import BatchReport

BLOCKSIZE = 8 * 1024 * 1024  # bytes of JSONL per partition
PLUGIN_NAME = "newsfacts-nlp"


@dataclass(frozen=True, slots=True)
class Partition:
    """A piece of input one task reads: bytes [start, end) of a JSONL file, or a whole file."""

    path: str
    start: int = 0
    end: int | None = None  # None: the whole file, read by iter_documents


def partitions(inputs: Sequence[str], blocksize: int = BLOCKSIZE) -> Iterator[Partition]:
    """The partitions of ``inputs``, in input order."""
    for item in inputs:
        if item == "-":
            raise UsageError("standard input cannot be split across a cluster: give files")
        path = Path(item)
        files = (
            sorted(p for p in path.rglob("*") if p.is_file() and input_kind(p)) if path.is_dir() else [path]
        )
        for file in files:
            yield from _file_partitions(file, blocksize)


def _file_partitions(path: Path, blocksize: int) -> Iterator[Partition]:
    if input_kind(path) != "jsonl" or path.name.lower().endswith(".gz") or not path.is_file():
        yield Partition(str(path))  # not splittable (or missing: its task reports it)
        return
    size = path.stat().st_size
    for start in range(0, max(size, 1), blocksize):
        yield Partition(str(path), start, min(start + blocksize, size))


def read_partition(partition: Partition) -> Iterator[Item]:
    """The documents of one partition (or the errors that stand for them)."""
    if partition.end is None:
        yield from iter_documents([partition.path])
        return
    origin = f"{partition.path}@{partition.start}"
    try:
        lines = _lines_in_range(Path(partition.path), partition.start, partition.end)
    except OSError as exc:
        yield InputFormatError(origin, f"cannot read: {exc.strerror or exc}")
        return
    except UnicodeDecodeError as exc:
        yield InputFormatError(origin, f"not UTF-8 JSONL: {exc.reason}")
        return
    yield from iter_jsonl_lines(lines, origin=origin)


def _lines_in_range(path: Path, start: int, end: int) -> list[str]:
    """The lines that start in bytes [start, end) of a file."""
    lines: list[str] = []
    with path.open("rb") as handle:
        if start > 0:
            handle.seek(start - 1)
            handle.readline()  # the rest of the line that started before ``start``
        while handle.tell() < end:
            line = handle.readline()
            if not line:
                break
            lines.append(line.decode("utf-8"))
    if start == 0 and lines:
        lines[0] = lines[0].removeprefix("\ufeff")  # a byte-order mark
    return lines


class NlpPlugin(WorkerPlugin):
    """Loads the spaCy model once per worker (its own copy, even for thread workers)."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.nlp: Language | None = None

    def setup(self, worker: Any) -> None:
        from extractor.pipeline import load_nlp

        # load_nlp caches per process; thread workers of one process would share one pipeline.
        self.nlp = load_nlp.__wrapped__(self.model)


def process_partition(
    partition: Partition, options: Options, done: Set[str], function: ChunkFunction | None
) -> tuple[list[Result], int]:
    """Run on a worker: the results of one partition, and how many documents ``done`` skipped."""
    items = list(read_partition(partition))
    todo = [item for item in items if not (isinstance(item, Document) and item.id in done)]
    run = function or _extract_with_worker_nlp
    results = run(todo, options)
    return results, len(items) - len(todo)


def _extract_with_worker_nlp(todo: list[Item], options: Options) -> list[Result]:
    return extract_chunk(todo, options, nlp=_worker_nlp())


def _worker_nlp() -> Language | None:
    plugin = get_worker().plugins.get(PLUGIN_NAME)
    return plugin.nlp if isinstance(plugin, NlpPlugin) else None


def run_dask(
    inputs: Sequence[str],
    sink: Sink,
    options: Options,
    scheduler: str | None = None,
    *,
    n_workers: int = 2,
    processes: bool = True,
    blocksize: int = BLOCKSIZE,
    resume: bool = False,
    failures_path: str | Path | None = None,
    progress: bool = False,
    extract_chunk_fn: ChunkFunction | None = None,
) -> BatchReport:
    """``run_batch`` on dask: ``scheduler`` is an address, or None for a LocalCluster of
    ``n_workers`` (``processes=False``: threads of this process, quick to start)."""
    check_settings(sink, workers=n_workers, resume=resume, write_batch_size=1)
    with (
        _client(scheduler, n_workers, processes) as client,
        ResultWriter.for_run(
            sink, resume=resume, failures_path=failures_path, progress=BarSettings(progress)
        ) as writer,
    ):
        if extract_chunk_fn is None:
            client.register_plugin(NlpPlugin(options.model), name=PLUGIN_NAME)
        [done] = client.scatter([writer.done], broadcast=True)  # type: ignore[no-untyped-call]
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
        for results, skipped in _in_order(
            client, partitions(inputs, blocksize), window, options, done, extract_chunk_fn
        ):
            writer.report.skipped += skipped
            if results:
                writer.write(results)
    return writer.report


@contextmanager
def _client(scheduler: str | None, n_workers: int, processes: bool) -> Iterator[Client]:
    if scheduler is not None:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=n_workers, threads_per_worker=1, processes=processes, dashboard_address=None
    )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def _in_order(
    client: Client,
    parts: Iterable[Partition],
    window: int,
    options: Options,
    done: Any,
    function: ChunkFunction | None,
) -> Iterator[tuple[list[Any], int]]:
    """Partition results in input order, with at most ``window`` partitions in flight."""
    pending: deque[Future[Any]] = deque()
    for part in parts:
        pending.append(client.submit(process_partition, part, options, done, function, pure=False))
        if len(pending) >= window:
            yield _gathered(pending.popleft())
    while pending:
        yield _gathered(pending.popleft())


def _gathered(future: Future[Any]) -> tuple[list[Result], int]:
    results, skipped = future.result()
    return results, skipped
