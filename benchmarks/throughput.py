"""Throughput and memory of the batch pipeline (a benchmark, not a test).

    .venv/bin/python benchmarks/throughput.py                 # 300 documents, long run of 5,000
    .venv/bin/python benchmarks/throughput.py --docs 100 --long 0 --rounds 1 --json /tmp/bench.json

On one set of real article texts it measures, in one run (1 and 2 over ``--rounds``
interleaved rounds, reporting medians, since a shared machine's speed drifts):
  1. words/s of the spaCy model alone (``nlp.pipe``, no newsfacts components),
  2. words/s of the full pipeline into a JSONL sink with 1 worker, then 2 worker processes
     (start-up included: each worker loads the model), and the ratios between them;
  3. over a long run of ``--long`` documents with 2 workers, the peak RSS of each worker while
     the first thousand and the last thousand documents went by (a leak shows as growth).

The texts are read at run time from the bundled samples and the evaluation sets beside the
project (../shared/eval/{time,attr,quant}/docs.jsonl), repeated and shuffled to the size asked;
nothing is copied into the repository. "Words" are whitespace-separated words of the input.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.pipeline import DEFAULT_MODEL, Options, load_nlp  # noqa: E402
from extractor.records import Document  # noqa: E402
from extractor.run.batch import BatchSettings, extract_results, run_batch  # noqa: E402 - after the path is set
from extractor.sinks import open_sink  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
TEXT_SETS = ("time", "attr", "quant")
WINDOW = 1000  # documents per memory window (first and last)


def load_texts() -> list[str]:
    """Plain article texts: the bundled .txt samples and the text documents of the eval sets."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    for name in TEXT_SETS:
        path = EVAL / name / "docs.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                text = json.loads(line).get("text")
                if isinstance(text, str) and text.strip():
                    texts.append(text)
    if not texts:
        raise SystemExit("no texts found: run from a checkout with samples/ or ../shared/eval")
    return texts


def corpus(texts: list[str], count: int, seed: int) -> list[Document]:
    """``count`` documents drawn by cycling through shuffled copies of ``texts``."""
    rng = random.Random(seed)
    pool: list[str] = []
    while len(pool) < count:
        batch = texts[:]
        rng.shuffle(batch)
        pool.extend(batch)
    return [Document(id=f"bench-{n:05d}", text=text) for n, text in enumerate(pool[:count])]


def words(docs: list[Document]) -> int:
    return sum(len((doc.text or "").split()) for doc in docs)


def spacy_alone(docs: list[Document], model: str, batch_size: int) -> float:
    import spacy

    nlp = spacy.load(model)
    texts = [doc.text or "" for doc in docs[: min(len(docs), 20)]]
    list(nlp.pipe(texts, batch_size=batch_size))  # warm up
    start = time.perf_counter()
    for _ in nlp.pipe((doc.text or "" for doc in docs), batch_size=batch_size):
        pass
    return time.perf_counter() - start


def full_pipeline(docs: list[Document], options: Options, workers: int) -> float:
    # One worker runs in this process: it loads the model anew, as each worker process does.
    load_nlp.cache_clear()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "docs.jsonl"
        path.write_text(
            "".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in docs), encoding="utf-8"
        )
        start = time.perf_counter()
        with open_sink(str(Path(folder) / "out.jsonl")) as sink:
            report = run_batch([str(path)], sink, options, BatchSettings(workers=workers))
        elapsed = time.perf_counter() - start
    if report.any_failed:
        print(f"  ({report.summary()}; first failures: {report.failures[:3]})", file=sys.stderr)
    return elapsed


@dataclass
class MemorySampler:
    """Samples the RSS of this process's children while a shared document count advances."""

    interval: float = 0.25
    done: int = 0  # documents finished so far (set by the caller)
    samples: list[tuple[int, int, int]] = field(default_factory=list)  # (done, pid, rss)
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(self.interval):
            for child in me.children():
                try:
                    self.samples.append((self.done, child.pid, child.memory_info().rss))
                except psutil.Error:
                    continue

    def stop(self) -> None:
        self._stop.set()


def long_run(docs: list[Document], options: Options) -> dict[str, dict[str, float]]:
    """Peak RSS (MiB) of each of 2 workers over the first and last ``WINDOW`` documents."""
    sampler = MemorySampler()
    thread = threading.Thread(target=sampler.run, daemon=True)
    thread.start()
    start = time.perf_counter()
    try:
        for count, _result in enumerate(
            extract_results(docs, options, BatchSettings(workers=2, chunk_size=32)), start=1
        ):
            sampler.done = count
    finally:
        sampler.stop()
        thread.join()
    elapsed = time.perf_counter() - start
    peaks: dict[int, dict[str, int]] = defaultdict(lambda: {"first": 0, "last": 0})
    for done, pid, rss in sampler.samples:
        for window, low, high in (("first", 0, WINDOW), ("last", len(docs) - WINDOW, len(docs))):
            if low <= done < high:
                peaks[pid][window] = max(peaks[pid][window], rss)
    workers = sorted(peaks, key=lambda pid: -peaks[pid]["last"])[:2]  # the two busiest processes
    out = {f"worker{n + 1}": {k: v / 2**20 for k, v in peaks[pid].items()} for n, pid in enumerate(workers)}
    out["run"] = {"seconds": elapsed, "docs_per_s": len(docs) / elapsed}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=300, help="documents for the throughput runs")
    parser.add_argument("--long", type=int, default=5000, help="documents for the memory run (0: skip)")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--rounds", type=int, default=3, help="times each configuration is run (interleaved; medians shown)"
    )
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    options = Options(model=args.model, batch_size=args.batch_size)
    texts = load_texts()
    docs = corpus(texts, args.docs, args.seed)
    total = words(docs)
    print(f"{len(docs)} documents, {total} words (from {len(texts)} distinct texts)")
    results: dict[str, object] = {"docs": len(docs), "words": total}
    rounds: dict[str, list[float]] = defaultdict(list)
    for round_number in range(1, args.rounds + 1):
        # Interleaved rounds: a slow spell of a shared machine hits every configuration alike.
        rounds["spacy_alone"].append(spacy_alone(docs, args.model, args.batch_size))
        for workers in (1, 2):
            rounds[f"pipeline_{workers}w"].append(full_pipeline(docs, options, workers))
        seconds = ", ".join(f"{name} {times[-1]:.1f} s" for name, times in rounds.items())
        print(f"  round {round_number}: {seconds}")
    timings = {name: statistics.median(times) for name, times in rounds.items()}
    print(f"medians of {args.rounds} round(s):")
    for name, seconds in timings.items():
        speed = f"{total / seconds:9.0f} words/s  {len(docs) / seconds:7.1f} docs/s"
        print(f"  {name:14s} {seconds:8.1f} s  {speed}")
        results[name] = {"seconds": seconds, "words_per_s": total / seconds, "rounds": rounds[name]}
    ratios = {
        "pipeline_1w / spacy_alone": timings["spacy_alone"] / timings["pipeline_1w"],
        "pipeline_2w / pipeline_1w": timings["pipeline_1w"] / timings["pipeline_2w"],
    }
    for name, ratio in ratios.items():
        print(f"  speed {name}: {ratio:.2f}")
    results["ratios"] = ratios
    if args.long:
        if args.long < 2 * WINDOW:
            parser.error(f"--long needs at least {2 * WINDOW} documents (two windows of {WINDOW})")
        long_docs = corpus(texts, args.long, args.seed + 1)
        memory = long_run(long_docs, options)
        long_rate = words(long_docs) / memory["run"]["seconds"]
        print(f"long run: {args.long} documents, 2 workers, {long_rate:.0f} words/s")
        # Start-up (each worker imports spaCy, loads the model, compiles the rules) weighs on a
        # short run; here it is amortized.
        one_worker_rate = total / timings["pipeline_1w"]
        print(f"  speed long run 2w / pipeline_1w (words/s): {long_rate / one_worker_rate:.2f}")
        for name, peak in memory.items():
            if name != "run":
                first, last = f"{peak['first']:.0f} MiB", f"{peak['last']:.0f} MiB"
                growth = f"{100 * (peak['last'] / peak['first'] - 1):+.1f}%"
                print(f"  {name} peak RSS: first {WINDOW} documents {first}, last {WINDOW} {last} ({growth})")
        results["long_run"] = memory
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
