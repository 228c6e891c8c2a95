"""Peak memory of whole CLI runs on big inputs (a check script, not a test).

    .venv/bin/python benchmarks/memory.py                      # every check
    .venv/bin/python benchmarks/memory.py --checks long --long-chars 1000000

Each check writes its input under ``--workdir`` (default: a fresh folder in /tmp), runs
``newsfacts extract`` on it as a child process, and reads the child's peak RSS from the kernel
(``os.wait4``); it passes when the peak is under its budget:

  stream   a .jsonl.gz of 200 documents of 1 MB each (200 MB of data: mostly page markup around a
           short article, so that the run measures reading and cleaning, not hours of parsing),
           budget 450 MB;
  stdin    the same documents piped through standard input, budget 450 MB;
  long     one plain-text article of ``--long-chars`` characters (1 MB: about 170,000 words of
           made-up news sentences), parsed in pieces, budget 1 GB.

The texts are made up here from a handful of sentence patterns with varying numbers, names and
dates; nothing is read from elsewhere. Exit status 1 when a check is over its budget.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "extractor", "extract"]
MB = 1024 * 1024

SUBJECTS = ("The ministry", "The city council", "Exporters", "The central bank", "Analysts", "The agency")
VERBS = ("said", "reported", "estimated", "announced", "noted")
THINGS = ("tonnes of grain", "new homes", "visitors", "jobs", "cases", "flights", "students")
MONTHS = ("January", "March", "May", "July", "September", "November")
FILLERS = (
    "Officials did not say when the review would end.",
    "The plan was debated for most of the afternoon.",
    "Residents have asked for more details about the project.",
    "Critics say the rules are too loose and too slow to change.",
    "The report was published on the agency's website.",
    "Local traders welcomed the decision but warned of delays.",
)
FIGURE_SHARE = 0.25  # sentences that state a figure, as in ordinary news copy


def sentence(rng: random.Random) -> str:
    """One made-up news sentence: a plain one, or one with a figure, change, period and source."""
    if rng.random() > FIGURE_SHARE:
        return rng.choice(FILLERS)
    subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    amount, change = rng.randint(2, 90_000), rng.randint(1, 60)
    thing, month, year = rng.choice(THINGS), rng.choice(MONTHS), rng.randint(1995, 2025)
    direction = rng.choice(("up", "down"))
    return (
        f"{subject} {verb} that {amount:,} {thing} were counted in {month} {year}, "
        f"{direction} {change}% on a year earlier."
    )


def article_text(rng: random.Random, chars: int) -> str:
    """Paragraphs of a few sentences each, about ``chars`` characters in all."""
    paragraphs: list[str] = []
    size = 0
    while size < chars:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def page(rng: random.Random, number: int, size: int) -> str:
    """An HTML page of ``size`` characters: a short article inside a large inline data blob."""
    story = "".join(f"<p>{sentence(rng)} {sentence(rng)} {sentence(rng)}</p>" for _ in range(10))
    title = f"<title>Story {number}</title>"
    head = f"<html><head>{title}</head><body><article><h1>Story {number}</h1>{story}</article>"
    blob_size = max(0, size - len(head) - 40)
    blob = "".join(rng.choice("abcdefghij0123456789") for _ in range(1000)) * (blob_size // 1000 + 1)
    return f'{head}<script type="application/json">{blob[:blob_size]}</script></body></html>'


def write_pages(path: Path, count: int, size: int) -> None:
    rng = random.Random(17)
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for number in range(count):
            handle.write(json.dumps({"id": f"page-{number:03d}", "html": page(rng, number, size)}) + "\n")


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    peak_mb: float
    budget_mb: float
    seconds: float
    exit_code: int

    @property
    def passed(self) -> bool:
        return self.peak_mb <= self.budget_mb and self.exit_code in (0, 1)


def run_child(argv: list[str], *, stdin_path: Path | None = None) -> tuple[float, float, int]:
    """(peak RSS in MB, seconds, exit code) of one child process run to its end."""
    start = time.monotonic()
    with open(stdin_path, "rb") if stdin_path else open(os.devnull, "rb") as stdin:
        feeder = None
        if stdin_path is not None and stdin_path.name.endswith(".gz"):
            feeder = subprocess.Popen(["gzip", "-dc", str(stdin_path)], stdout=subprocess.PIPE)
            stdin = feeder.stdout  # type: ignore[assignment]
        child = subprocess.Popen(argv, cwd=ROOT, stdin=stdin, stderr=subprocess.PIPE)
        if feeder is not None and feeder.stdout is not None:
            feeder.stdout.close()  # the child holds it now
        stderr = child.stderr.read() if child.stderr else b""
        _pid, status, usage = os.wait4(child.pid, 0)
        if feeder is not None:
            feeder.wait()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.stderr.write(stderr.decode("utf-8", "replace"))
    return usage.ru_maxrss / 1024, time.monotonic() - start, code


def check_stream(workdir: Path, args: argparse.Namespace) -> Outcome:
    source = workdir / "pages.jsonl.gz"
    if not source.exists():
        write_pages(source, args.pages, args.page_bytes)
    peak, seconds, code = run_child([*CLI, str(source), "-o", str(workdir / "stream.jsonl")])
    return Outcome("stream (.jsonl.gz)", peak, 450, seconds, code)


def check_stdin(workdir: Path, args: argparse.Namespace) -> Outcome:
    source = workdir / "pages.jsonl.gz"
    if not source.exists():
        write_pages(source, args.pages, args.page_bytes)
    peak, seconds, code = run_child([*CLI, "-", "-o", str(workdir / "stdin.jsonl")], stdin_path=source)
    return Outcome("stdin (JSONL)", peak, 450, seconds, code)


def check_long(workdir: Path, args: argparse.Namespace) -> Outcome:
    source = workdir / "long.txt"
    source.write_text(article_text(random.Random(5), args.long_chars), encoding="utf-8")
    peak, seconds, code = run_child([*CLI, str(source), "-o", str(workdir / "long.jsonl")])
    return Outcome(f"long ({args.long_chars:,} characters)", peak, 1024, seconds, code)


CHECKS: dict[str, Callable[[Path, argparse.Namespace], Outcome]] = {
    "stream": check_stream,
    "stdin": check_stdin,
    "long": check_long,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--checks", nargs="+", choices=CHECKS, default=list(CHECKS))
    parser.add_argument("--pages", type=int, default=200, help="documents in the stream checks")
    parser.add_argument("--page-bytes", type=int, default=MB, help="characters per document")
    parser.add_argument("--long-chars", type=int, default=MB, help="characters of the long article")
    parser.add_argument("--workdir", type=Path, help="where inputs and outputs go (default: a temp folder)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newsfacts-memory-"))
    workdir.mkdir(parents=True, exist_ok=True)
    outcomes = [CHECKS[name](workdir, args) for name in args.checks]
    for outcome in outcomes:
        verdict = "ok" if outcome.passed else "OVER BUDGET" if outcome.exit_code in (0, 1) else "FAILED"
        print(
            f"{outcome.name:32} peak {outcome.peak_mb:7.0f} MB (budget {outcome.budget_mb:.0f})"
            f"  {outcome.seconds:7.1f} s  exit {outcome.exit_code}  {verdict}"
        )
    return 0 if all(outcome.passed for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
