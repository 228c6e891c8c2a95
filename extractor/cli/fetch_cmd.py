"""``newsfacts fetch``: retrieve pages politely, keeping where and when each came from.

The HTTP stack (requests) and the WARC writer (warcio) are imported in ``run``, not at start-up.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from extractor.cli.logs import add_logging_options
from extractor.cli.options import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    add_fetch_options,
    fetch_options_from_args,
    report_failure,
)
from extractor.errors import FetchError, SinkError

if TYPE_CHECKING:
    from extractor.fetch.fetcher import FetchedPage
    from extractor.fetch.warc import WarcWriter


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "fetch",
        help="retrieve pages politely, with provenance",
        description=(
            "Fetch web pages politely (robots.txt, 1 request/s per host, retries with backoff) and "
            "safely (http/https only, private addresses refused, 10 MB cap). Without -o or --warc, "
            "prints one JSON document per page ({id, html, url, provenance}), ready for "
            "'newsfacts extract -'. Exit status: 0 all fetched, 1 some URLs failed (each on "
            "stderr as 'newsfacts: URL: reason'), 2 bad usage, 3 the pages could not be written."
        ),
        epilog="example: newsfacts fetch https://example.org/news/story.html -o pages/",
    )
    parser.add_argument("urls", nargs="+", metavar="URL", help="http(s) URLs to fetch")
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "-o",
        "--output-dir",
        type=Path,
        metavar="DIR",
        help="write one .html per page (UTF-8) and provenance.jsonl",
    )
    target.add_argument(
        "--warc", type=Path, metavar="OUT.warc.gz", help="write request/response records to a WARC file"
    )
    add_fetch_options(parser)
    add_logging_options(parser)
    parser.set_defaults(func=run)


class _PageSink(Protocol):
    def write(self, page: FetchedPage) -> None: ...


def run(args: argparse.Namespace) -> int:
    from extractor.fetch.fetcher import Fetcher

    options = fetch_options_from_args(args)
    # A SinkError (an output that cannot be made, a full disk, a closed pipe) goes up to main:
    # one line, exit code 3.
    with _page_sink(args) as (sink, archive), Fetcher(options, archive=archive) as fetcher:
        failures = 0
        for result in fetcher.fetch_many(args.urls):
            if isinstance(result, FetchError):
                failures += 1
                report_failure(result.url, result.reason)
            else:
                sink.write(result)
    return EXIT_SOME_FAILED if failures else EXIT_OK


@contextmanager
def _page_sink(args: argparse.Namespace) -> Iterator[tuple[_PageSink, WarcWriter | None]]:
    """Where pages go: a directory, a WARC file (written by the fetcher itself) or stdout."""
    if args.warc is not None:
        from extractor.fetch.warc import WarcWriter

        with WarcWriter.open(args.warc) as archive:
            yield _NoSink(), archive
    elif args.output_dir is not None:
        with _DirectorySink.open(args.output_dir) as directory:
            yield directory, None
    else:
        if sys.stdout is None:  # started with its standard output closed
            raise SinkError("cannot write to standard output: it is closed")
        yield _JsonDocumentSink(sys.stdout), None


class _NoSink:
    def write(self, page: FetchedPage) -> None:
        """The WARC writer inside the fetcher has recorded the page already."""


class _JsonDocumentSink:
    """One input-document line per page: what ``newsfacts extract -`` reads."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out

    def write(self, page: FetchedPage) -> None:
        from extractor.records import stable_id  # the data model: loaded once pages come in

        line = {
            "id": stable_id(page.url),
            "html": page.text,
            "url": page.url,
            "provenance": _provenance(page),
        }
        try:
            self._out.write(json.dumps(line, ensure_ascii=False) + "\n")
            self._out.flush()  # a full disk or a closed pipe is met here, not at exit
        except OSError as exc:
            raise SinkError(f"cannot write to standard output: {exc.strerror or exc}") from exc


class _DirectorySink:
    """``<id>.html`` per page, UTF-8 with a byte-order mark (which outranks the page's own meta
    charset in every HTML reader, so a page served as windows-1251 stays readable), plus one
    ``provenance.jsonl`` line per page, appended."""

    def __init__(self, directory: Path, log: IO[str]) -> None:
        self._directory = directory
        self._log = log

    @classmethod
    @contextmanager
    def open(cls, directory: Path) -> Iterator[_DirectorySink]:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            log = (directory / "provenance.jsonl").open("a", encoding="utf-8")
        except OSError as exc:
            raise SinkError(f"cannot write to {directory}: {exc.strerror}") from exc
        with log:
            yield cls(directory, log)

    def write(self, page: FetchedPage) -> None:
        from extractor.records import stable_id

        name = f"{stable_id(page.url)}.html"
        try:
            (self._directory / name).write_text(page.text, encoding="utf-8-sig")
        except OSError as exc:
            raise SinkError(f"cannot write {self._directory / name}: {exc.strerror}") from exc
        try:
            self._log.write(json.dumps({"file": name, "url": page.url, **_provenance(page)}) + "\n")
            self._log.flush()
        except OSError as exc:
            raise SinkError(f"cannot write {self._log.name}: {exc.strerror}") from exc


def _provenance(page: FetchedPage) -> dict[str, Any]:
    return {"content_type": page.content_type, "encoding": page.encoding, **page.provenance.to_json()}
