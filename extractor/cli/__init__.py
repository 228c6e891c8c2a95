"""The ``newsfacts`` command line: a thin shell over the library.

Each command lives in its own module exposing ``register(subparsers)`` and ``run(args)``;
library errors become one-line messages here, and exit codes follow CONTRACT.md:
0 all inputs processed, 1 some inputs failed, 2 bad usage, 3 the output could not be written
(it cannot be opened, the disk is full, standard output is closed or its reader went away).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from contextlib import suppress

from extractor._version import __version__
from extractor.cli import discover_cmd, extract_cmd, fetch_cmd
from extractor.cli.logs import configure_logging
from extractor.errors import NewsfactsError, SinkError, UsageError

COMMANDS = (extract_cmd, fetch_cmd, discover_cmd)
EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3


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
    except SinkError as exc:
        _quiet_broken_stdout(exc)
        print(f"newsfacts: error: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except NewsfactsError as exc:
        print(f"newsfacts: error: {exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_SOME_FAILED
    except KeyboardInterrupt:
        print("newsfacts: interrupted", file=sys.stderr)
        return 130
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
