"""The ``newsfacts`` command line: a thin shell over the library.

Each command lives in its own module exposing ``register(subparsers)`` and ``run(args)``; what
they share (options, exit codes) is in ``options``. Library errors become one-line messages here,
the one place that prints ``newsfacts: error: ...``; a ``SinkError`` (the output cannot be
opened, the disk is full, standard output is closed or its reader went away) exits with 3.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from contextlib import suppress

from extractor._version import __version__
from extractor.cli import check_cmd, discover_cmd, extract_cmd, fetch_cmd, review_cmd
from extractor.cli.logs import configure_logging
from extractor.cli.options import EXIT_INTERRUPTED, EXIT_USAGE, exit_code
from extractor.errors import NewsfactsError, SinkError

COMMANDS = (extract_cmd, fetch_cmd, discover_cmd, check_cmd, review_cmd)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsfacts",
        description="Turn news articles into checkable, structured facts: figures, dates and sources.",
    )
    parser.add_argument("--version", action="version", version=f"newsfacts {__version__}")
    subparsers = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    configure_logging(args)
    try:
        code: int = args.func(args)
    except NewsfactsError as exc:
        if isinstance(exc, SinkError):
            _quiet_broken_stdout(exc)
        print(f"newsfacts: error: {exc}", file=sys.stderr)
        return exit_code(exc)
    except KeyboardInterrupt:
        print("newsfacts: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return code


def _quiet_broken_stdout(exc: SinkError) -> None:
    """After a broken pipe, point standard output at /dev/null: Python would otherwise flush it
    once more at exit and print a second, ugly error."""
    if not isinstance(exc.__cause__, BrokenPipeError) or sys.stdout is None:
        return
    with suppress(OSError, ValueError):  # no file descriptor (a captured stream): nothing to flush
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
