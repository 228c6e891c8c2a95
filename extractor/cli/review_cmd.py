"""``newsfacts review``: one self-contained HTML page to read extracted articles and their facts."""

from __future__ import annotations

import argparse
import json
from typing import Any

from extractor.cli.options import text_output
from extractor.errors import UsageError

DESCRIPTION = (
    "Write one self-contained HTML page (no network, no external files) showing each article "
    "with its figures, dates and sources highlighted, the record of a figure on click, and a "
    "sortable, filterable table of its figures. INPUT is what 'newsfacts extract' wrote: a "
    ".jsonl/.json file of articles, a SQLite file or a postgresql:// URL. With "
    "--datasette-metadata, also write the Datasette metadata (descriptions, canned queries) for "
    "a SQLite facts file: datasette facts.db -m metadata.json."
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "review", help="an HTML page to review extracted facts", description=DESCRIPTION
    )
    parser.add_argument("inputs", nargs="*", metavar="INPUT", help="extracted articles (files or databases)")
    parser.add_argument("-o", "--output", metavar="OUT.html", help="the page to write")
    parser.add_argument(
        "--datasette-metadata",
        metavar="FILE",
        help="write Datasette metadata for the SQLite INPUT (its canned queries) to FILE",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extractor.review import datasette_metadata, review_page
    from extractor.review.inputs import read_extracted

    if not args.inputs:
        raise UsageError("no INPUT: give the files or database that 'newsfacts extract' wrote")
    if not args.output and not args.datasette_metadata:
        raise UsageError("nothing to write: give -o OUT.html and/or --datasette-metadata FILE")
    if args.output:
        articles = [article for source in args.inputs for article in read_extracted(source)]
        _write(args.output, review_page(articles))
    if args.datasette_metadata:
        metadata = datasette_metadata(args.inputs[0])
        _write(args.datasette_metadata, json.dumps(metadata, indent=2, ensure_ascii=False) + "\n")
    return 0


def _write(path: str, text: str) -> None:
    with text_output(path) as out:
        out.write(text)
