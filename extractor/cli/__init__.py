"""The ``newsfacts`` command line: a thin shell over the library.

Each command lives in its own module exposing ``register(subparsers)`` and ``run(args)``;
library errors become one-line messages here, and exit codes follow CONTRACT.md:
0 all inputs processed, 1 some inputs failed, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from extractor._version import __version__
from extractor.cli import check_cmd, discover_cmd, extract_cmd, fetch_cmd, review_cmd
from extractor.errors import NewsfactsError, UsageError

COMMANDS = (extract_cmd, fetch_cmd, discover_cmd, check_cmd, review_cmd)
EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


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
    try:
        code: int = args.func(args)
    except NewsfactsError as exc:
        print(f"newsfacts: error: {exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_SOME_FAILED
    except KeyboardInterrupt:
        print("newsfacts: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
