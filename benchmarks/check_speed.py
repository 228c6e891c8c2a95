"""Speed of ``newsfacts check``: one claim against a synthetic 10,000-article facts database.

    python benchmarks/check_speed.py [--articles 10000] [--db /tmp/check-bench.db] [--rounds 3]

The database is generated from sentence templates with varied subjects, numbers, units and
periods (it need not be real news; building it takes no spaCy pass), written by the SQLite
sink with its search indexes, and kept at ``--db`` for the next run. Each claim is then checked
``--rounds`` times with one loaded pipeline; the model load is timed apart.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from extractor.check import ClaimChecker, open_store
from extractor.records import Article, Figure, PageMetadata, Timex, stable_id
from extractor.sinks import open_sink

SUBJECTS = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
]
PLACES = ["Northville", "Southport", "Eastwick", "Westfield", "Lakeside", "Hillcrest", "Riverton", "Bayview"]
# (template, kind, unit, scale of the number): {s} subject, {n} number, {p} period text
TEMPLATES = [
    ("{s} reported revenue of ${n} billion in {p}, the company said.", "money", "USD", 1e9),
    ("{s} employs {n} workers across its factories in {p}, a spokesperson said.", "count", "workers", 1),
    ("The city of {s} recorded {n} traffic deaths in {p}, according to the police.", "count", "deaths", 1),
    ("Unemployment in {s} rose to {n}% in {p}, official figures show.", "percent", "%", 1),
    ("{s} plans to install {n} GW of solar capacity by {p}, the ministry said.", "measure", "GW", 1),
    ("Farmers near {s} harvested {n} tonnes of wheat in {p}, the cooperative said.", "measure", "t", 1),
]
CLAIMS = [
    "Acme reported revenue of about $4.2bn in 2019.",
    "Northville recorded 310 traffic deaths in 2020, according to the police.",
    "Unemployment in Lakeside rose to 7.5% in the third quarter of 2018.",
]


def _sentence(rng: random.Random) -> tuple[str, tuple[int, int], float, str, str, tuple[int, int], str]:
    template, kind, unit, scale = rng.choice(TEMPLATES)
    subject = rng.choice(SUBJECTS + PLACES)
    year = rng.randint(2010, 2024)
    period = rng.choice([str(year), f"the third quarter of {year}", f"March {year}"])
    period_value = {str(year): str(year), f"March {year}": f"{year}-03"}.get(period, f"{year}-Q3")
    number = round(rng.uniform(1, 999), rng.choice([0, 1]))
    number_text = f"{number:g}"
    text = template.format(s=subject, n=number_text, p=period)
    start = text.index(number_text)
    end = start + len(number_text) + (len(" billion") if scale > 1 else 0)
    return (
        text,
        (start, end),
        number * scale,
        kind,
        unit,
        (text.index(period), text.index(period) + len(period)),
        period_value,
    )


def synthetic_articles(count: int, seed: int = 7) -> Iterator[Article]:
    """``count`` articles of three template sentences, each sentence one figure with its period."""
    rng = random.Random(seed)
    for number in range(count):
        article_id = f"synthetic-{number:05d}"
        text, figures, dates = "", [], []
        for _ in range(3):
            sentence, span, value, kind, unit, period_span, period_value = _sentence(rng)
            offset = len(text)
            text += sentence + " "
            period = Timex((offset + period_span[0], offset + period_span[1]),
                           sentence[period_span[0]:period_span[1]], "DATE", period_value)  # fmt: skip
            dates.append(period)
            figure_span = (offset + span[0], offset + span[1])
            figures.append(
                Figure(
                    figure_span,
                    text[figure_span[0] : figure_span[1]],
                    value,
                    None,
                    kind,
                    unit,
                    "=",
                    (offset, offset + len(sentence)),
                    period=period,
                    id=stable_id(article_id, figure_span),
                    summary=f"{value:g} {unit}",
                )
            )
        meta = PageMetadata(title=f"Synthetic report {number}", published="2024-06-01", outlet="Example Wire")
        yield Article(article_id, text.strip(), f"https://news.example/{number}", meta, figures, dates)


def build(path: Path, count: int) -> float:
    started = time.perf_counter()
    with open_sink(str(path)) as sink:
        batch: list[Article] = []
        for article in synthetic_articles(count):
            batch.append(article)
            if len(batch) == 500:
                sink.write(batch)
                batch = []
        if batch:
            sink.write(batch)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/newsfacts-check-bench.db"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if not args.db.exists():
        print(f"building {args.articles} articles into {args.db}: {build(args.db, args.articles):.1f} s")
    started = time.perf_counter()
    with open_store(str(args.db)) as store:
        checker = ClaimChecker(store)
        checker.check_one("warm-up claim with 1 figure")
        print(f"pipeline loaded and warmed: {time.perf_counter() - started:.2f} s")
        worst = 0.0
        for claim in CLAIMS:
            times = []
            for _ in range(args.rounds):
                tick = time.perf_counter()
                verdict = checker.check_one(claim)
                times.append(time.perf_counter() - tick)
            worst = max(worst, min(times))
            print(f"{min(times) * 1000:7.1f} ms (best of {args.rounds})  {verdict.verdict:12}  {claim}")
    print(f"slowest claim: {worst * 1000:.1f} ms ({'under' if worst < 1 else 'OVER'} the 1 s target)")
    return 0 if worst < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
