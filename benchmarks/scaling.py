"""How each stage's time grows with the length of one document (a benchmark, not a test).

    .venv/bin/python benchmarks/scaling.py                      # the longest PolNeAR dev text
    .venv/bin/python benchmarks/scaling.py --text article.txt --factors 1 4 16 --rounds 3

One long article is repeated 1×, 4× and 16× (paragraphs joined by blank lines) and each stage
runs on the result: the spaCy parse, then dates, figures, sources and linking on that parse.
For each factor the script prints each stage's time (the median of ``--rounds``) and its growth
over the 1× time, beside the parse's own growth: a stage that is linear in the length of the
text grows like the parse (about 4× and 16×); one that scans pairs of candidates grows with the
square of it.

The default text is read at run time from the evaluation set beside the project
(../shared/eval/attr/docs.jsonl, its longest document); nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from extractor.attribution.stage import find_attributions  # noqa: E402
from extractor.figures.stage import find_figures  # noqa: E402
from extractor.link.discourse import Discourse  # noqa: E402
from extractor.link.stage import link_figures  # noqa: E402
from extractor.pipeline import resolve_model  # noqa: E402
from extractor.records import Article, PageMetadata  # noqa: E402
from extractor.settings import DEFAULT_MODEL  # noqa: E402
from extractor.timex.stage import find_dates  # noqa: E402

DEFAULT_DOCS = ROOT.parent / "shared" / "eval" / "attr" / "docs.jsonl"
PUBLISHED = "2016-06-01"
STAGES = ("parse", "dates", "figures", "sources", "link")


def longest_text(path: Path) -> str:
    """The longest ``text`` of a JSONL file of documents."""
    best = ""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line).get("text") if line.strip() else None
            if isinstance(text, str) and len(text) > len(best):
                best = text
    return best


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def stage_times(nlp: Any, text: str) -> dict[str, float]:
    """Seconds each stage takes on ``text``, the later ones on the parse of the first."""
    seconds: dict[str, float] = {}
    seconds["parse"], doc = timed(lambda: nlp(text))
    seconds["dates"], dates = timed(lambda: find_dates(doc, PUBLISHED))
    seconds["figures"], figures = timed(lambda: find_figures(doc))
    seconds["sources"], sources = timed(lambda: find_attributions(doc))
    article = Article(id="scaling", text=text, meta=PageMetadata(published=PUBLISHED))
    article.dates, article.sources = dates, sources
    seconds["link"], _ = timed(lambda: link_figures(article, figures, Discourse.from_doc(doc)))
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--text", type=Path, help="a plain-text article (default: the longest attr dev text)")
    parser.add_argument(
        "--factors", type=int, nargs="+", default=[1, 4, 16], help="repetitions (default 1 4 16)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs per factor; the median is shown (default 3)"
    )
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy pipeline (default {DEFAULT_MODEL})")
    args = parser.parse_args(argv)
    if args.rounds < 1 or any(f < 1 for f in args.factors):
        parser.error("--rounds and --factors must be at least 1")
    if args.text is not None:
        base = args.text.read_text(encoding="utf-8")
    elif DEFAULT_DOCS.is_file():
        base = longest_text(DEFAULT_DOCS)
    else:
        parser.error(f"no --text given and {DEFAULT_DOCS} is missing")
    nlp = spacy.load(resolve_model(args.model))
    nlp.max_length = max(nlp.max_length, (len(base) + 2) * max(args.factors) + 1)
    stage_times(nlp, base)  # warm-up: rules compile and lexicons load on first use
    rows: dict[int, dict[str, float]] = {}
    for factor in args.factors:
        text = "\n\n".join([base.strip()] * factor)
        rounds = [stage_times(nlp, text) for _ in range(args.rounds)]
        rows[factor] = {stage: statistics.median(r[stage] for r in rounds) for stage in STAGES}
        print(
            f"{factor:>3}× {len(text):>9,} characters: "
            + "  ".join(f"{stage} {rows[factor][stage]:.3f} s" for stage in STAGES),
            flush=True,
        )
    first = rows[args.factors[0]]
    print("\ngrowth over the first factor (a linear stage grows like the parse):")
    print("factor  " + "  ".join(f"{stage:>8}" for stage in STAGES))
    for factor in args.factors:
        print(f"{factor:>5}×  " + "  ".join(f"{rows[factor][s] / first[s]:>7.1f}×" for s in STAGES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
