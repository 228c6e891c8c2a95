"""Pages per second of ``clean_html`` beside ``trafilatura.extract``, on the same pages, same run.

    .venv/bin/python benchmarks/clean_speed.py [DOCS.jsonl] [--repeat N]

DOCS.jsonl (or .jsonl.gz) holds one {"id", "html", "url"} page per line; the default is the body dev split,
../shared/eval/body/docs.jsonl (from the project root). trafilatura is optional: without it
only clean_html is timed. Time is the process's CPU time, so other work on a shared machine does
not skew the ratio; both extractors are warmed up on the first pages (lazy imports, caches).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.clean.body import clean_html  # noqa: E402

DEFAULT_DOCS = Path("../shared/eval/body/docs.jsonl")

Page = tuple[str, str | None]


def load_pages(path: Path) -> list[Page]:
    pages = []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                doc = json.loads(line)
                pages.append((doc["html"], doc.get("url")))
    return pages


WARM_UP_PAGES = 5


def pages_per_second(extract: Callable[[str, str | None], object], pages: list[Page], repeat: int) -> float:
    for html, url in pages[:WARM_UP_PAGES]:  # warm up: word lists, lazy imports, date parsers
        extract(html, url)
    start = time.process_time()
    for _ in range(repeat):
        for html, url in pages:
            extract(html, url)
    return repeat * len(pages) / (time.process_time() - start)


def run_clean(html: str, url: str | None) -> object:
    return clean_html(html, url)


def trafilatura_runner() -> Callable[[str, str | None], object] | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def run(html: str, url: str | None) -> object:
        return trafilatura.extract(html, url=url)

    return run


def resolve(path: Path) -> Path | None:
    for candidate in (path, ROOT / path):
        if candidate.is_file():
            return candidate
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", type=Path, default=DEFAULT_DOCS, help="JSONL of {id, html, url}")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the pages (default 1)")
    args = parser.parse_args(argv)
    path = resolve(args.docs)
    if path is None:
        print(f"clean_speed: no such file: {args.docs} (give the path of a docs.jsonl)", file=sys.stderr)
        return 2
    pages = load_pages(path)
    if not pages:
        print(f"clean_speed: {path} holds no pages", file=sys.stderr)
        return 2
    size = sum(len(html) for html, _ in pages) / 1e6
    print(f"{len(pages)} pages, {size:.1f} M characters, {args.repeat} pass(es)")
    ours = pages_per_second(run_clean, pages, args.repeat)
    print(f"clean_html           {ours:7.1f} pages/s")
    theirs = trafilatura_runner()
    if theirs is None:
        print("trafilatura.extract  (not installed: pip install trafilatura)")
        return 0
    other = pages_per_second(theirs, pages, args.repeat)
    print(f"trafilatura.extract  {other:7.1f} pages/s")
    print(f"ratio                {ours / other:7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
