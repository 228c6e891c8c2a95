"""``newsfacts check``: claims in, verdicts out (supported / contradicted / not_found)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any

from extractor.cli.options import add_model_option, text_output
from extractor.errors import InputFormatError, UsageError

FORMATS = ("jsonl", "text", "claimreview")
DESCRIPTION = (
    "Check claims against a facts database written by 'newsfacts extract -o FACTS'. Each claim "
    "(a sentence) is read by the same pipeline as the articles; its figures are compared with the "
    "stored ones (value after normalisation, unit, period, direction of change, source, the words "
    "around the figure). Verdict: supported, contradicted or not_found, with ranked evidence. "
    "Exit status: 0 every claim was checked, 2 bad usage or an unreadable database."
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check", help="check claims against a facts database", description=DESCRIPTION
    )
    parser.add_argument("claims", nargs="*", metavar="CLAIM", help="claims to check, each one sentence")
    parser.add_argument("--db", required=True, metavar="FACTS", help="SQLite file or postgresql:// URL")
    parser.add_argument("--claims", dest="claims_file", metavar="FILE", help='JSONL of {"id", "claim"} lines')
    parser.add_argument("-o", "--output", default="-", metavar="OUT", help="output file (default: stdout)")
    parser.add_argument("--format", choices=FORMATS, help="jsonl (default), text, or claimreview JSON-LD")
    parser.add_argument("--as-of", metavar="DATE", help="date the claims were made (anchors 'last year')")
    parser.add_argument("--evidence", type=int, default=5, help="evidence items per claim (default 5)")
    add_model_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from extractor.check import CheckOptions, ClaimChecker, open_store  # loads spaCy: only when asked
    from extractor.check.report import write_verdicts

    claims = list(_claims(args))
    if not claims:
        raise UsageError("no claims: give CLAIM sentences or --claims FILE.jsonl")
    if args.evidence < 1:
        raise UsageError("--evidence must be at least 1")
    options = CheckOptions(max_evidence=args.evidence, model=args.model)
    fmt = args.format or ("text" if args.output == "-" and sys.stdout.isatty() else "jsonl")
    with open_store(args.db) as store, text_output(args.output) as out:
        write_verdicts(ClaimChecker(store, options).check(claims), out, fmt)
    return 0


def _claims(args: argparse.Namespace) -> Iterator[Any]:
    from extractor.check import Claim, read_claims

    for number, text in enumerate(args.claims, 1):
        yield Claim(f"claim-{number}", text, args.as_of)
    if args.claims_file:
        for claim in read_claims(_json_lines(args.claims_file)):
            yield claim if claim.published or not args.as_of else Claim(claim.id, claim.text, args.as_of)


def _json_lines(path: str) -> Iterator[dict[str, object]]:
    try:
        handle = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputFormatError(f"{path}:{number}", f"not JSON: {exc.msg}") from exc
            if not isinstance(item, dict):
                raise InputFormatError(f"{path}:{number}", "not a JSON object")
            yield item
