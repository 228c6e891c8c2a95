"""``newsfacts extract``: articles in, fact records out (any sink, local processes or dask)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

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
from extractor.fetch.fetcher import Fetcher
from extractor.pipeline import Options, resolve_model
from extractor.run.batch import BatchReport, BatchSettings, process_documents
from extractor.run.inputs import iter_documents
from extractor.sinks import Sink, open_sink

DESCRIPTION = (
    "Extract figures, dates and sources from news articles. INPUT is an http(s) URL, a .txt file "
    "(kept verbatim), an .html/.htm page (also .gz), a .jsonl file of documents, a .warc/.warc.gz "
    "archive, a directory, or - for JSONL documents on standard input. OUT is a file whose suffix "
    "picks the format (.jsonl, .json, .csv, .parquet, .db/.sqlite) or a postgresql:// URL. "
    "Exit status: 0 all inputs processed, 1 some failed or could not be read (each reported on "
    "stderr and in the output's errors; a summary line ends the run), 2 bad usage, 3 the output "
    "could not be written."
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "extract", help="extract figures, dates and sources from articles", description=DESCRIPTION
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
    options = _options(args)
    resolve_model(options.model)  # a missing model is one clear error before any work starts
    progress = sys.stderr.isatty() if args.progress is None else bool(args.progress)
    settings = BatchSettings(
        workers=args.workers,
        resume=args.resume,
        retry_failed=args.retry_failed,
        failures_path=Path(args.failures) if args.failures else None,
        progress=progress,
    )
    with open_sink(args.output, args.format, records=args.records, append=args.resume) as sink:
        report = _run_engine(args, sink, options, settings)
    print(f"newsfacts: {report.summary()}", file=sys.stderr)
    return EXIT_SOME_FAILED if report.any_failed else EXIT_OK


def _options(args: argparse.Namespace) -> Options:
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
    with Fetcher(fetch_options_from_args(args)) as fetcher:
        documents = iter_documents(args.inputs, fetcher=fetcher)
        return process_documents(documents, sink, options, settings)
