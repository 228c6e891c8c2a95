"""What the commands share: the exit codes, the fetch, model and output options, and how a failed
input is reported. Commands import this module, never each other.

Exit codes (the same for every command):

    0  every input processed
    1  some inputs failed (each reported on stderr as ``newsfacts: ITEM: REASON``)
    2  bad usage: an impossible option
    3  the output could not be written: it cannot be opened, the disk is full, standard output
       is closed or its reader went away (a ``SinkError``)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from extractor.errors import NewsfactsError, SinkError, UsageError
from extractor.fetch.options import FetchOptions
from extractor.settings import DEFAULT_MODEL
from extractor.sinks import FORMATS

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def exit_code(error: NewsfactsError) -> int:
    """The exit code of a run stopped by ``error``."""
    if isinstance(error, SinkError):
        return EXIT_OUTPUT
    return EXIT_USAGE if isinstance(error, UsageError) else EXIT_SOME_FAILED


def report_failure(item: str, reason: str) -> None:
    """One line on standard error for an input that failed while the others go on."""
    print(f"newsfacts: {item}: {reason}", file=sys.stderr)


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


def add_model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model", default=DEFAULT_MODEL, help=f"spaCy pipeline name (default {DEFAULT_MODEL})"
    )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """``-o OUT`` and ``--format``: where facts go and in which format."""
    parser.add_argument("-o", "--output", default="-", metavar="OUT", help="output (default: stdout, JSONL)")
    parser.add_argument("--format", choices=FORMATS, help="output format (default: from OUT, else jsonl)")


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
    """The FetchOptions the switches of ``add_fetch_options`` ask for; UsageError if impossible."""
    try:
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
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    return options


@contextmanager
def text_output(path: str) -> Iterator[TextIO]:
    """A text output: standard output for ``-``, else the file (SinkError, exit code 3, when it
    cannot be made, or the buffered text cannot be written at the end)."""
    if path == "-":
        if sys.stdout is None:  # started with its standard output closed
            raise SinkError("cannot write to standard output: it is closed")
        yield sys.stdout
        try:
            sys.stdout.flush()
        except OSError as exc:
            raise SinkError(f"cannot write to standard output: {exc.strerror or exc}") from exc
        return
    try:
        handle = Path(path).open("w", encoding="utf-8")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise SinkError(f"cannot write {path}: {exc.strerror}") from exc
    with _closed_or_sink_error(handle, path):
        yield handle


@contextmanager
def _closed_or_sink_error(handle: TextIO, path: str) -> Iterator[None]:
    try:
        yield
    finally:
        try:
            handle.close()  # flushes what is buffered: a full disk shows here
        except OSError as exc:
            raise SinkError(f"cannot write {path}: {exc.strerror or exc}") from exc
