"""Linking cost against article length: it must grow linearly (dates and attributions are
indexed by sentence and offset, never scanned per figure).

Builds made-up articles of two lengths by repeating one paragraph (with dates, quotes, sources
and figures), parses each once with the newsfacts pipeline, then times ``link_figures`` (with
``Discourse.from_doc``) alone, the two in turn, and prints the best times and their ratio
beside the length ratio:

    python benchmarks/link_speed.py [--chars 106000] [--factor 4] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

from spacy.tokens import Doc

from extractor.components import doc_results
from extractor.link.discourse import Discourse
from extractor.link.stage import link_figures
from extractor.pipeline import load_nlp
from extractor.records import Article, PageMetadata

PARAGRAPH = (
    "In March, the Northfield cooperative sold 12,400 tonnes of cheese, up 8% from a year earlier, "
    "the company said on Tuesday. \u201cWe hired 35 new drivers and opened 2 depots,\u201d said Ana Ruiz, "
    "its chief executive. Prices rose to $4.10 a kilogram. She said exports would reach $90 million "
    "by 2030.\n\n"
    "The region has 1.2 million dairy cows. Last year, farmers there earned about $310 million, "
    "according to the farm bureau.\n\n"
)


def article_of(chars: int) -> str:
    return PARAGRAPH * max(1, chars // len(PARAGRAPH))


def linking_seconds(doc: Doc, text: str) -> tuple[float, int]:
    """The time of one linking run over a parsed doc, and the figures linked."""
    results = doc_results(doc)
    article = Article(id="bench", text=text, meta=PageMetadata(published="2020-07-01"))
    article.dates, article.sources = results["dates"], results["sources"]
    started = time.perf_counter()
    linked = link_figures(article, results["figures"], Discourse.from_doc(doc))
    return time.perf_counter() - started, len(linked)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chars", type=int, default=106_000, help="length of the shorter article")
    parser.add_argument("--factor", type=int, default=4, help="how many times longer the other one is")
    parser.add_argument("--repeat", type=int, default=5, help="time linking this many times (best kept)")
    args = parser.parse_args(argv)
    nlp = load_nlp()
    nlp.max_length = max(nlp.max_length, args.chars * args.factor + len(PARAGRAPH))
    texts = [article_of(args.chars), article_of(args.chars * args.factor)]
    docs = [nlp(text) for text in texts]
    best = [float("inf"), float("inf")]
    figures = [0, 0]
    for _ in range(max(1, args.repeat)):  # interleaved, so both meet the same machine load
        for i, (doc, text) in enumerate(zip(docs, texts, strict=True)):
            seconds, figures[i] = linking_seconds(doc, text)
            best[i] = min(best[i], seconds)
    for text, count, seconds in zip(texts, figures, best, strict=True):
        print(f"{len(text):>9,} chars  {count:>6,} figures  linking {seconds:.3f} s")
    print(f"length x{args.factor}: linking x{best[1] / best[0]:.2f} (linear: about x{args.factor})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
