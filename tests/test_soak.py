"""A small soak run (``benchmarks/soak.py`` runs thousands): good and broken documents mixed, and
every one accounted for, as written, failed, unreadable or duplicate."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extractor.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from soak import Outcome, problems, write_inputs  # benchmarks/ is not a package: found by path


def test_a_mixed_batch_loses_nothing(tmp_path: Path) -> None:
    inputs, expected = write_inputs(tmp_path, 150, seed=3)
    out, failures = tmp_path / "out.jsonl", tmp_path / "failures.jsonl"
    assert main(["extract", *inputs, "-o", str(out), "--failures", str(failures), "--no-progress"]) == 1
    lines = [json.loads(line) for line in failures.read_text(encoding="utf-8").splitlines()]
    articles = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    outcome = Outcome(lines[-1]["summary"], len(articles), len(lines) - 1, [])
    assert problems(outcome, expected, growth=None) == []
    assert len({a["id"] for a in articles}) == len(articles)  # no id written twice
    assert expected.failed and expected.unreadable and expected.duplicates and expected.renamed
