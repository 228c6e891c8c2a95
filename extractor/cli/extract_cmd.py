"""``newsfacts extract``: articles in, fact records out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from ..errors import DocumentError, UsageError
from ..fetch import Fetcher
from ..inputs import iter_documents
from ..pipeline import DEFAULT_MODEL, Options, article_for_error, extract_many, load_nlp
from ..records import Article
from .fetch_cmd import add_fetch_options, fetch_options_from_args

FORMATS = ("jsonl", "json")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="extract figures, dates and sources from articles",
        description=(
            "Extract figures, dates and sources from news articles. INPUT is an http(s) URL, a "
            ".txt file (kept verbatim), an .html/.htm page (also .gz), a .jsonl file of documents, "
            "a .warc/.warc.gz archive, a directory, or - for JSONL documents on standard input. "
            "Exit status: 0 all inputs processed, "
            "1 some failed (each reported on stderr and in the output's errors), 2 bad usage."
        ),
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories or -")
    parser.add_argument("-o", "--output", default="-", metavar="OUT", help="output file (default: stdout)")
    parser.add_argument("--format", choices=FORMATS, help="output format (default: from OUT, else jsonl)")
    parser.add_argument(
        "--published", metavar="DATE", help="publication date (YYYY-MM-DD) for documents that carry none"
    )
    parser.add_argument(
        "--model", default=DEFAULT_MODEL, help=f"spaCy pipeline name (default {DEFAULT_MODEL})"
    )
    parser.add_argument("--batch-size", type=int, default=16, help="documents per spaCy batch (default 16)")
    add_fetch_options(parser)
    parser.set_defaults(func=run)


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    return "json" if str(args.output).endswith(".json") else "jsonl"


def run(args: argparse.Namespace) -> int:
    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    options = Options(model=args.model, batch_size=args.batch_size, published=args.published)
    try:
        fetch_options = fetch_options_from_args(args)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    nlp = load_nlp(options.model)
    failures = 0
    with Fetcher(fetch_options) as fetcher, _open_output(args.output) as out:
        writer = _JsonWriter(out, as_array=output_format(args) == "json")
        documents = iter_documents(args.inputs, fetcher=fetcher)
        for result in extract_many(documents, options, nlp=nlp):
            if isinstance(result, DocumentError):
                failures += 1
                print(f"newsfacts: {result.doc_id}: {result.reason}", file=sys.stderr)
                result = article_for_error(result)
            writer.write(result)
        writer.close()
    return 1 if failures else 0


@contextmanager
def _open_output(target: str) -> Iterator[IO[str]]:
    if target == "-":
        yield sys.stdout
        return
    try:
        handle = open(target, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}") from exc
    with handle:
        yield handle


class _JsonWriter:
    """JSON lines, or one JSON array when ``as_array``."""

    def __init__(self, out: IO[str], *, as_array: bool) -> None:
        self._out = out
        self._as_array = as_array
        self._count = 0

    def write(self, article: Article) -> None:
        line = json.dumps(article.to_json(), ensure_ascii=False)
        if self._as_array:
            self._out.write(("[\n" if self._count == 0 else ",\n") + line)
        else:
            self._out.write(line + "\n")
        self._out.flush()
        self._count += 1

    def close(self) -> None:
        if self._as_array:
            self._out.write("[]\n" if self._count == 0 else "\n]\n")
