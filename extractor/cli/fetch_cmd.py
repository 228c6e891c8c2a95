"""``newsfacts fetch``: retrieve pages politely, keeping where and when each came from.

``add_fetch_options`` and ``fetch_options_from_args`` are shared with every command that reads
URLs (``discover``, ``extract``), so the politeness and safety switches are the same everywhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, Protocol

from extractor.cli.logs import add_logging_options
from extractor.errors import FetchError, SinkError
from extractor.fetch.fetcher import FetchedPage, Fetcher, FetchOptions
from extractor.fetch.warc import WarcWriter
from extractor.records import stable_id

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3


def _number(kind: type[int] | type[float], *, minimum: float) -> Any:
    """An argparse type: a number of ``kind`` no smaller than ``minimum``."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from exc
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum:g}, not {text}")
        return value

    return parse


def add_fetch_options(parser: argparse.ArgumentParser) -> None:
    """Add the fetching switches (timeouts, retries, rate, robots, address safety, cache)."""
    defaults = FetchOptions()
    group = parser.add_argument_group("fetching (polite and safe by default)")
    group.add_argument(
        "--timeout",
        type=_number(float, minimum=0.001),
        metavar="SECONDS",
        help=f"connect and read timeout (default {defaults.connect_timeout:g} s connect, "
        f"{defaults.read_timeout:g} s read)",
    )
    group.add_argument(
        "--retries",
        type=_number(int, minimum=0),
        default=defaults.retries,
        metavar="N",
        help=f"retries after timeouts, connection errors, 429 and 5xx (default {defaults.retries})",
    )
    group.add_argument(
        "--rate",
        type=_number(float, minimum=0),
        default=defaults.rate,
        metavar="PER_SECOND",
        help=f"requests per second to each host; 0 = no limit (default {defaults.rate:g})",
    )
    group.add_argument(
        "--fetch-workers",
        type=_number(int, minimum=1),
        default=defaults.workers,
        metavar="N",
        help=f"hosts fetched at the same time (default {defaults.workers})",
    )
    group.add_argument(
        "--max-bytes",
        type=_number(int, minimum=1),
        default=defaults.max_bytes,
        metavar="N",
        help=f"refuse bodies larger than this, after decompression (default {defaults.max_bytes})",
    )
    group.add_argument(
        "--cache", type=Path, metavar="DIR", help="on-disk HTTP cache, revalidated by ETag/Last-Modified"
    )
    group.add_argument(
        "--user-agent",
        metavar="UA",
        help="User-Agent to send; please include a contact (default: newsfacts/VERSION ...)",
    )
    group.add_argument("--ignore-robots", action="store_true", help="do not obey robots.txt")
    group.add_argument(
        "--allow-private",
        action="store_true",
        help="allow hosts on private, loopback, link-local or reserved addresses (refused by default)",
    )
    group.add_argument(
        "--allow-address",
        action="append",
        default=[],
        metavar="ADDR",
        help="allow this private address or network (e.g. 10.0.0.5, 10.0.0.0/8); repeatable",
    )


def fetch_options_from_args(args: argparse.Namespace) -> FetchOptions:
    """The FetchOptions the switches of ``add_fetch_options`` ask for; ValueError if impossible."""
    options = FetchOptions(
        retries=args.retries,
        rate=args.rate,
        workers=args.fetch_workers,
        max_bytes=args.max_bytes,
        cache_dir=args.cache,
        respect_robots=not args.ignore_robots,
        allow_private=args.allow_private,
        allowed_addresses=tuple(args.allow_address),
    )
    if args.timeout is not None:
        options = replace(options, connect_timeout=args.timeout, read_timeout=args.timeout)
    if args.user_agent:
        options = replace(options, user_agent=args.user_agent)
    return options


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
    try:
        options = fetch_options_from_args(args)
    except ValueError as exc:
        return _usage_error(str(exc))
    # A SinkError (a full disk, a closed pipe) goes up to main: one line, exit code 3.
    with _page_sink(args) as (sink, archive), Fetcher(options, archive=archive) as fetcher:
        failures = 0
        for result in fetcher.fetch_many(args.urls):
            if isinstance(result, FetchError):
                failures += 1
                print(f"newsfacts: {result.url}: {result.reason}", file=sys.stderr)
            else:
                sink.write(result)
    return EXIT_SOME_FAILED if failures else EXIT_OK


def _usage_error(message: str) -> int:
    print(f"newsfacts: error: {message}", file=sys.stderr)
    return EXIT_USAGE


@contextmanager
def _page_sink(args: argparse.Namespace) -> Iterator[tuple[_PageSink, WarcWriter | None]]:
    """Where pages go: a directory, a WARC file (written by the fetcher itself) or stdout."""
    if args.warc is not None:
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
