"""The ``newsfacts`` command line: a thin shell over the library.

Each command lives in its own module exposing ``register(subparsers)`` and ``run(args)``; what
they share (options, exit codes) is in ``options``. Library errors become one-line messages here,
the one place that prints ``newsfacts: error: ...``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from extractor._version import __version__
from extractor.cli import check_cmd, discover_cmd, extract_cmd, fetch_cmd, review_cmd
from extractor.cli.options import EXIT_INTERRUPTED, EXIT_USAGE, exit_code
from extractor.errors import NewsfactsError

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
    try:
        code: int = args.func(args)
    except NewsfactsError as exc:
        print(f"newsfacts: error: {exc}", file=sys.stderr)
        return exit_code(exc)
    except KeyboardInterrupt:
        print("newsfacts: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return code


if __name__ == "__main__":
    sys.exit(main())
