"""``newsfacts discover``: list the article URLs a feed, sitemap or site offers."""

from __future__ import annotations

import argparse
import json
import sys

from extractor.cli.logs import add_logging_options
from extractor.cli.options import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    add_fetch_options,
    fetch_options_from_args,
    report_failure,
)
from extractor.errors import FetchError, SinkError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "discover",
        help="list article URLs from an RSS/Atom feed, a news sitemap or a site",
        description=(
            "List the article URLs (with publication date and title) that an RSS/Atom feed or a "
            "(news) sitemap offers. Given a site's page, follows the feeds it links, else the "
            "sitemaps its robots.txt lists. Prints 'URL<TAB>DATE<TAB>TITLE' lines ('-' when "
            "unknown), or JSON lines with --json. Exit status: 0 ok, 1 nothing could be read, "
            "2 bad usage, 3 the list could not be written."
        ),
        epilog="example: newsfacts discover https://example.org/rss.xml --json | jq -r .url",
    )
    parser.add_argument("source", metavar="FEED_OR_SITE", help="URL of a feed, a sitemap or a site's page")
    parser.add_argument("--json", action="store_true", help='print {"url", "published", "title"} JSON lines')
    add_fetch_options(parser)
    add_logging_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extractor.fetch.discover import discover  # feedparser and requests: only when run
    from extractor.fetch.fetcher import Fetcher

    options = fetch_options_from_args(args)
    try:
        with Fetcher(options) as fetcher:
            found = discover(args.source, fetcher)
    except FetchError as exc:
        report_failure(exc.url, exc.reason)
        return EXIT_SOME_FAILED
    if sys.stdout is None:  # started with its standard output closed
        raise SinkError("cannot write to standard output: it is closed")
    try:
        for item in found:
            if args.json:
                print(json.dumps(item.to_json(), ensure_ascii=False))
            else:
                print(f"{item.url}\t{item.published or '-'}\t{item.title or '-'}")
        sys.stdout.flush()
    except OSError as exc:  # a full disk, a reader that went away (main turns it into exit code 3)
        raise SinkError(f"cannot write to standard output: {exc.strerror or exc}") from exc
    return EXIT_OK
