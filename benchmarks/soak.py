"""A soak run: thousands of documents, good and broken mixed, through the CLI; nothing may be
lost and memory must stay flat (a check script, not a test; ``tests/test_soak.py`` runs a small one).

    .venv/bin/python benchmarks/soak.py                 # 3,000 documents
    .venv/bin/python benchmarks/soak.py --docs 20000 --workers 2

The inputs are made up here: JSONL files of news-like texts and pages, mixed with documents that
must fail (blank, invisible, binary, no text field, malformed or non-UTF-8 lines), documents in
another language, with impossible publication dates, ids given twice with other content, lines
repeated word for word, and a directory of files beside them. The run must account for every
one: written + failed + unreadable + duplicates = documents, one output article per document
but the duplicates, one failures-file line per failure; and the child's RSS over the last
quarter of the run may not exceed its peak over the second quarter by more than ``--growth``.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUBJECTS = ("The ministry", "The council", "Exporters", "The bank", "Analysts", "The agency")
THINGS = ("tonnes of grain", "new homes", "visitors", "jobs", "flights", "students")
MONTHS = ("January", "March", "May", "July", "September", "November")
RUSSIAN = "Правительство сообщило, что 1 июля было продано 120 тонн зерна, сообщили в министерстве."


@dataclass(slots=True)
class Expected:
    """What a correct run reports for the inputs written."""

    documents: int = 0
    failed: int = 0
    unreadable: int = 0
    duplicates: int = 0
    renamed: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    ids: list[str] = field(default_factory=list)  # ids the documents written so far have taken

    def add(self, kind: str, *, failed: bool = False, unreadable: bool = False) -> None:
        self.documents += 1
        self.failed += failed
        self.unreadable += unreadable
        self.kinds[kind] += 1


def _story(rng: random.Random, sentences: int) -> str:
    return " ".join(
        f"{rng.choice(SUBJECTS)} said {rng.randint(2, 90_000):,} {rng.choice(THINGS)} were counted in "
        f"{rng.choice(MONTHS)} {rng.randint(1995, 2025)}, up {rng.randint(1, 60)}% on a year earlier."
        for _ in range(sentences)
    )


def _line(record: dict[str, object]) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def _document(rng: random.Random, number: int, expected: Expected) -> bytes:
    """One JSONL line of a kind drawn at random, counted in ``expected``."""
    doc_id = f"doc-{number:06d}"
    roll = rng.random()
    if 0.88 <= roll < 0.94 and expected.ids:
        expected.add("id met before")
        expected.renamed += 1
        return _line({"id": rng.choice(expected.ids), "text": f"Another {number}: {_story(rng, 1)}"})
    if roll < 0.84:
        expected.ids.append(doc_id)  # the lines below (up to the unparsable ones) take their id
    if roll < 0.55:
        expected.add("text")
        return _line({"id": doc_id, "text": _story(rng, rng.randint(1, 8)), "published": "2021-03-04"})
    if roll < 0.70:
        expected.add("html")
        body = "".join(f"<p>{_story(rng, 2)}</p>" for _ in range(rng.randint(3, 6)))
        page = (
            f"<html><head><title>Story {number}</title></head><body><article>{body}</article></body></html>"
        )
        return _line({"id": doc_id, "html": page})
    if roll < 0.74:
        expected.add("another language")
        return _line({"id": doc_id, "text": " ".join([RUSSIAN] * 3)})
    if roll < 0.77:
        expected.add("impossible date")
        return _line({"id": doc_id, "text": f"Published 2020-02-30\n\n{_story(rng, 2)}"})
    if roll < 0.80:
        expected.add("blank", failed=True)
        return _line({"id": doc_id, "text": rng.choice((" ", "\u200b\u2060", "\ufeff", "-- !!"))})
    if roll < 0.82:
        expected.add("binary", unreadable=True)
        return _line({"id": doc_id, "text": "".join(chr(rng.randint(0, 31)) for _ in range(400))})
    if roll < 0.84:
        expected.add("no text field", unreadable=True)
        return _line({"id": doc_id, "title": "no body"})
    if roll < 0.86:
        expected.add("malformed line", unreadable=True)
        return b'{"id": "' + doc_id.encode() + b'", "text": "cut off\n'
    if roll < 0.88:
        expected.add("not UTF-8", unreadable=True)
        return b'{"id": "' + doc_id.encode() + b'", "text": "caf\xe9 cr\xe8me"}\n'
    expected.ids.append(doc_id)
    expected.add("text")
    return _line({"id": doc_id, "text": _story(rng, 3), "published": "2021-03-04"})


def write_inputs(folder: Path, count: int, seed: int = 11) -> tuple[list[str], Expected]:
    """JSONL files and a directory of files holding ``count`` documents; the inputs and what a
    correct run reports. One line in twenty is written again word for word."""
    rng = random.Random(seed)
    expected = Expected()
    files = folder / "files"
    files.mkdir(parents=True, exist_ok=True)
    jsonl = [folder / f"part-{n}.jsonl" for n in range(3)]
    handles = [path.open("wb") for path in jsonl]
    try:
        written: list[tuple[bytes, Counter[str]]] = []
        for number in range(count - count // 10):
            before = Counter(expected.kinds)
            line = _document(rng, number, expected)
            handles[number % len(handles)].write(line)
            written.append((line, expected.kinds - before))
        for line, kind in rng.sample(written, count // 20):
            handles[0].write(line)
            _count_repeat(next(iter(kind)), expected)
    finally:
        for handle in handles:
            handle.close()
    _write_files(files, rng, count - expected.documents, expected)
    return [*map(str, jsonl), str(files)], expected


def _count_repeat(kind: str, expected: Expected) -> None:
    """A line met again is a duplicate (same id, same content or reason), except a line that cannot
    be parsed: it is named by its place in the file, so it fails again as a new input."""
    if kind in ("malformed line", "not UTF-8"):
        expected.add(kind, unreadable=True)
    else:
        expected.documents += 1
        expected.duplicates += 1


def _write_files(folder: Path, rng: random.Random, count: int, expected: Expected) -> None:
    for number in range(count):
        if number % 25 == 24:
            (folder / f"image-{number}.html").write_bytes(
                bytes(rng.randrange(256) for _ in range(2000)) + b"\x00"
            )
            expected.add("binary file", unreadable=True)
        else:
            (folder / f"story-{number}.txt").write_text(_story(rng, 3), encoding="utf-8")
            expected.add("file")


@dataclass(slots=True)
class Outcome:
    summary: dict[str, int]
    articles: int
    failure_lines: int
    rss_mb: list[tuple[float, float]]  # (seconds, RSS in MB) samples of the run


def run_cli(inputs: list[str], folder: Path, workers: int) -> Outcome:
    """``newsfacts extract`` on the inputs as a child process, its RSS sampled as it runs."""
    import psutil

    out, failures = folder / "out.jsonl", folder / "failures.jsonl"
    argv = [sys.executable, "-m", "extractor", "extract", *inputs, "-o", str(out)]
    argv += ["--failures", str(failures), "--workers", str(workers), "--no-progress"]
    samples: list[tuple[float, float]] = []
    start = time.monotonic()
    with subprocess.Popen(argv, cwd=ROOT, stderr=subprocess.DEVNULL) as child:
        process = psutil.Process(child.pid)
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.25):
                try:
                    tree = [process, *process.children(recursive=True)]
                    rss = sum(p.memory_info().rss for p in tree)
                except psutil.Error:
                    continue
                samples.append((time.monotonic() - start, rss / 1024 / 1024))

        watcher = threading.Thread(target=sample, daemon=True)
        watcher.start()
        child.wait()
        stop.set()
        watcher.join()
    lines = [json.loads(line) for line in failures.read_text(encoding="utf-8").splitlines()]
    articles = sum(1 for _ in out.open(encoding="utf-8"))
    return Outcome(lines[-1]["summary"], articles, len(lines) - 1, samples)


def problems(outcome: Outcome, expected: Expected, growth: float | None) -> list[str]:
    """What is wrong with a run, or nothing."""
    found: list[str] = []
    summary = outcome.summary
    for key in ("documents", "failed", "unreadable", "duplicates", "renamed"):
        if summary[key] != getattr(expected, key):
            found.append(f"{key}: {summary[key]} reported, {getattr(expected, key)} expected")
    accounted = summary["ok"] + summary["failed"] + summary["unreadable"] + summary["duplicates"]
    if accounted != summary["documents"]:
        found.append(f"written + failed + unreadable + duplicates = {accounted}, not {summary['documents']}")
    if outcome.articles != summary["documents"] - summary["duplicates"]:
        kept = summary["documents"] - summary["duplicates"]
        found.append(f"{outcome.articles} articles written for {kept} documents")
    if outcome.failure_lines != summary["failed"] + summary["unreadable"]:
        found.append(
            f"{outcome.failure_lines} failure lines for {summary['failed'] + summary['unreadable']} failures"
        )
    if growth is not None and (drift := rss_growth(outcome.rss_mb)) is not None and drift > growth:
        found.append(f"RSS grew {drift:.0%} from the second quarter of the run to the last")
    return found


def rss_growth(samples: list[tuple[float, float]]) -> float | None:
    """Peak RSS of the last quarter of the run over the peak of its second quarter, minus one."""
    if len(samples) < 8:
        return None
    end = samples[-1][0]
    second = [rss for at, rss in samples if end / 4 <= at < end / 2]
    last = [rss for at, rss in samples if at >= 3 * end / 4]
    return max(last) / max(second) - 1 if second and last else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--growth", type=float, default=0.10, help="RSS growth allowed (default 0.10)")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    folder = args.workdir or Path(tempfile.mkdtemp(prefix="newsfacts-soak-"))
    inputs, expected = write_inputs(folder, args.docs)
    started = time.monotonic()
    outcome = run_cli(inputs, folder, args.workers)
    seconds = time.monotonic() - started
    print(f"{expected.documents} documents in {seconds:.0f} s: {json.dumps(outcome.summary)}")
    print(f"kinds: {dict(expected.kinds)}")
    peaks = [rss for _at, rss in outcome.rss_mb]
    drift = rss_growth(outcome.rss_mb)
    print(
        f"RSS peak {max(peaks):.0f} MB; second quarter to last: {drift:+.1%}"
        if drift is not None
        else "too short to judge RSS"
    )
    found = problems(outcome, expected, args.growth)
    for problem in found:
        print(f"PROBLEM: {problem}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
