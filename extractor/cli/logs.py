"""What the command line tells on standard error: the library's log (logger ``newsfacts``).

By default warnings and errors (a document that failed, an id given twice, a language the model
does not cover); ``--verbose`` adds what each stage is doing; ``--debug`` adds the traceback of
each failed document. Every line starts with ``newsfacts:``.
"""

from __future__ import annotations

import argparse
import logging
import sys

LOGGER_NAME = "newsfacts"


class _CommandLineHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler ``configure_logging`` installs (one at a time, so that tests may call main twice)."""


def add_logging_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("messages")
    level = group.add_mutually_exclusive_group()
    level.add_argument("-v", "--verbose", action="store_true", help="say what is being done")
    level.add_argument(
        "--debug", action="store_true", help="also print the traceback of each document that fails"
    )


def configure_logging(args: argparse.Namespace) -> None:
    """Send the ``newsfacts`` log to standard error at the level the options ask for."""
    logger = logging.getLogger(LOGGER_NAME)
    for handler in [h for h in logger.handlers if isinstance(h, _CommandLineHandler)]:
        logger.removeHandler(handler)
    handler = _CommandLineHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("newsfacts: %(message)s"))
    logger.addHandler(handler)
    if getattr(args, "debug", False):
        logger.setLevel(logging.DEBUG)
    elif getattr(args, "verbose", False):
        logger.setLevel(logging.INFO)
    else:
        logger.setLevel(logging.WARNING)
    logger.propagate = False  # one line per message, whatever the root logger does
