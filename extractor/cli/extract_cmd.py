"""``newsfacts extract``: articles in, fact records out (any sink, local processes or dask).

spaCy, the fetcher and the engines are imported in ``run``, so that ``newsfacts --help`` and the
other commands start without them.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractor.cli.logs import add_logging_options
from extractor.cli.options import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    add_fetch_options,
    add_model_option,
    add_output_options,
    fetch_options_from_args,
)
from extractor.errors import UsageError
from extractor.fetch.options import FetchOptions

if TYPE_CHECKING:
    from extractor.fetch.fetcher import Fetcher
    from extractor.pipeline import Options
    from extractor.run.batch import BatchReport, BatchSettings
    from extractor.sinks import Sink

DESCRIPTION = (
    "Extract figures, dates and sources from news articles. INPUT is an http(s) URL, a .txt file "
    "(kept verbatim), an .html/.htm page (also .gz), a .jsonl file of documents, a .warc/.warc.gz "
    "archive, a directory, or - for JSONL documents on standard input. OUT is a file whose suffix "
    "picks the format (.jsonl, .json, .csv, .parquet, .db/.sqlite) or a postgresql:// URL. "
    "Without -o, a terminal gets a table of each article's figure records, a pipe JSON lines. "
    "Exit status: 0 all inputs processed, 1 some failed or could not be read (each reported on "
    "stderr and in the output's errors; a summary line ends the run), 2 bad usage, 3 the output "
    "could not be written."
)
EXAMPLES = """examples:
  newsfacts extract story.html                     a table of the figures, on a terminal
  newsfacts extract story.txt --published 2020-07-01 | jq .figures
  newsfacts extract https://example.org/news/story.html -o facts.jsonl
  newsfacts extract pages/ -o facts.db --workers 2 --resume
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="extract figures, dates and sources from articles",
        description=textwrap.fill(DESCRIPTION, 78),  # wrapped here: the raw formatter keeps lines
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="URLs, files, directories or -")
    add_output_options(parser)
    parser.add_argument(
        "--records",
        action="store_true",
        help="write one flat record per figure (JSON formats; CSV always does)",
    )
    parser.add_argument(
        "--published", metavar="DATE", help="publication date (YYYY-MM-DD) for documents that carry none"
    )
    add_model_option(parser)
    parser.add_argument("--batch-size", type=int, default=16, help="documents per spaCy batch (default 16)")
    parser.add_argument(
        "--any-language",
        action="store_true",
        help="run the English rules on texts detected to be in another language too (by default "
        "such an article gets a warning and no facts)",
    )
    _add_batch_options(parser)
    add_fetch_options(parser)
    add_logging_options(parser)
    parser.set_defaults(func=run)


def _add_batch_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("batch runs")
    group.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes, each loading the model once (default 1; at most one per core)",
    )
    group.add_argument(
        "--resume",
        action="store_true",
        help="skip documents whose id the output already holds; documents that failed before are "
        "removed from the output and tried again",
    )
    group.add_argument(
        "--no-retry-failed",
        dest="retry_failed",
        action="store_false",
        help="with --resume, keep the failures of earlier runs as they are (skip them too)",
    )
    group.add_argument(
        "--failures",
        metavar="FILE",
        help="append failed documents here as JSONL {id, reason, url?}, then the run's summary",
    )
    progress = group.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help="progress bar"
    )
    progress.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    group.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="local processes, or a dask cluster"
    )
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="dask scheduler address (default: a local cluster of --workers)",
    )


def run(args: argparse.Namespace) -> int:
    from extractor.pipeline import resolve_model
    from extractor.run.batch import BatchSettings

    options = _options(args)
    resolve_model(options.model)  # a missing model is one clear error before any work starts
    table = _prints_table(args)
    # The table is progress enough: a bar on the same terminal would cut through it.
    progress = sys.stderr.isatty() and not table if args.progress is None else bool(args.progress)
    settings = BatchSettings(
        workers=args.workers,
        resume=args.resume,
        retry_failed=args.retry_failed,
        failures_path=Path(args.failures) if args.failures else None,
        progress=progress,
    )
    with _open_output(args, table) as sink:
        report = _run_engine(args, sink, options, settings)
    print(f"newsfacts: {report.summary()}", file=sys.stderr)
    return EXIT_SOME_FAILED if report.any_failed else EXIT_OK


def _prints_table(args: argparse.Namespace) -> bool:
    """Whether a person reads the output: standard output is a terminal and no output was asked for."""
    terminal = sys.stdout is not None and sys.stdout.isatty()
    return args.output == "-" and args.format is None and not args.records and terminal


def _open_output(args: argparse.Namespace, table: bool) -> Sink:
    """The table printer on a terminal, else the sink ``-o`` and ``--format`` name (opened)."""
    if table:
        from extractor.cli.table import TableSink

        printer = TableSink(sys.stdout, shutil.get_terminal_size().columns)
        printer.open()
        return printer
    from extractor.sinks import open_sink

    return open_sink(args.output, args.format, records=args.records, append=args.resume)


def _options(args: argparse.Namespace) -> Options:
    from extractor.pipeline import Options

    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler goes with --engine dask")
    return Options(
        model=args.model, batch_size=args.batch_size, published=args.published, any_language=args.any_language
    )


def _run_engine(
    args: argparse.Namespace, sink: Sink, options: Options, settings: BatchSettings
) -> BatchReport:
    if args.engine == "dask":
        try:
            from extractor.run.cluster import run_dask  # dask is heavy: imported only when asked for
        except ImportError as exc:
            raise UsageError(f"--engine dask needs dask: pip install 'newsfacts[cluster]' ({exc})") from exc

        return run_dask(args.inputs, sink, options, args.scheduler, settings)
    from extractor.run.batch import process_documents
    from extractor.run.inputs import CountedDocuments, iter_documents, known_count

    with _fetcher(fetch_options_from_args(args), args.inputs) as fetcher:
        documents = iter_documents(args.inputs, fetcher=fetcher)
        count = known_count(args.inputs) if settings.progress else None  # a total for the bar
        if count is not None:
            documents = CountedDocuments(documents, count)
        return process_documents(documents, sink, options, settings)


@contextmanager
def _fetcher(options: FetchOptions, inputs: list[str]) -> Iterator[Fetcher | None]:
    """A fetcher when some input is a URL; none (and no HTTP stack loaded) otherwise."""
    from extractor.run.inputs import is_url

    if not any(is_url(item) for item in inputs):
        yield None
        return
    from extractor.fetch.fetcher import Fetcher

    with Fetcher(options) as fetcher:
        yield fetcher
