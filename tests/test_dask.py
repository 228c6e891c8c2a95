"""The dask engine: partitions read every document once, and a cluster finds what a local run finds.

The clusters are LocalClusters of 2 thread workers (processes=False), quick to start.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from test_batch import fake_chunk, figure_ids, options, write_documents

from extractor.errors import InputFormatError, UsageError
from extractor.pipeline import Options
from extractor.records import Document
from extractor.run.batch import run_batch
from extractor.run.cluster import Partition, partitions, read_partition, run_dask
from extractor.sinks import open_sink

ROOT = Path(__file__).resolve().parent.parent
__all__ = ["options"]  # the fixture, shared with test_batch


def _ids(parts: list[Partition]) -> list[str]:
    return [
        item.id if isinstance(item, Document) else item.doc_id for p in parts for item in read_partition(p)
    ]


@pytest.mark.parametrize("blocksize", [1, 7, 50, 64, 10_000])
def test_byte_ranges_read_every_line_once(blocksize: int, tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": f"d{n}", "text": "é" * n}) for n in range(12)]
    docs.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
    parts = list(partitions([str(docs)], blocksize=blocksize))
    assert len(parts) == -(-docs.stat().st_size // blocksize)
    assert _ids(parts) == [f"d{n}" for n in range(12)]


def test_files_that_cannot_be_split_are_one_partition_each(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "a.txt").write_text("Some 5 things.", encoding="utf-8")
    (tmp_path / "dir" / "notes.md").write_text("not an input", encoding="utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    parts = list(partitions([str(tmp_path / "dir"), str(empty), str(tmp_path / "missing.warc.gz")]))
    assert [(Path(p.path).name, p.end) for p in parts] == [
        ("a.txt", None),
        ("empty.jsonl", 0),
        ("missing.warc.gz", None),
    ]
    results = [list(read_partition(p)) for p in parts]
    assert [type(r[0]).__name__ for r in results if r] == ["Document", "InputFormatError"]
    assert isinstance(results[2][0], InputFormatError)


def test_standard_input_cannot_be_partitioned() -> None:
    with pytest.raises(UsageError, match="standard input"):
        list(partitions(["-"]))


def test_a_cluster_writes_what_a_local_run_writes(options: Options, tmp_path: Path) -> None:
    docs = write_documents(tmp_path / "docs.jsonl", 30, extra=(json.dumps({"id": "bad", "text": "FAIL"}),))
    local, cluster = str(tmp_path / "local.db"), str(tmp_path / "cluster.db")
    with open_sink(local) as sink:
        expected = run_batch([str(docs)], sink, options, extract_chunk_fn=fake_chunk)
    with open_sink(cluster) as sink:
        report = run_dask(
            [str(docs)], sink, options, processes=False, blocksize=300, extract_chunk_fn=fake_chunk
        )
    assert (report.ok, report.failed, report.failures) == (expected.ok, expected.failed, expected.failures)
    assert figure_ids(cluster) == figure_ids(local) and len(figure_ids(local)) == 90
    with open_sink(cluster) as sink:  # resumed: everything is there already
        again = run_dask(
            [str(docs)], sink, options, processes=False, resume=True, extract_chunk_fn=fake_chunk
        )
    assert (again.ok, again.skipped) == (0, 31)


def test_the_pipeline_on_a_cluster_finds_the_same_figures(options: Options, tmp_path: Path) -> None:
    texts = [p for p in sorted((ROOT / "samples").iterdir()) if p.suffix in (".txt", ".html")]
    docs = tmp_path / "samples.jsonl"
    with docs.open("w", encoding="utf-8") as handle:
        for path in texts:
            key = "html" if path.suffix == ".html" else "text"
            handle.write(json.dumps({"id": path.stem, key: path.read_text(encoding="utf-8")}) + "\n")
    local, cluster = str(tmp_path / "local.jsonl"), str(tmp_path / "cluster.jsonl")
    with open_sink(local) as sink:
        run_batch([str(docs)], sink, options)
    with open_sink(cluster) as sink:
        report = run_dask([str(docs)], sink, options, processes=False, blocksize=2000)
    assert report.ok == len(texts) and report.failed == 0
    local_figures = Counter((r["id"], r["value"], r["unit"]) for r in _records(local))
    assert (
        local_figures
        and Counter((r["id"], r["value"], r["unit"]) for r in _records(cluster)) == local_figures
    )


def _records(target: str) -> list[dict[str, object]]:
    with open_sink(target, append=True) as sink:
        return sink.read_records()


def test_the_cli_engine_dask_writes_what_a_local_run_writes(tmp_path: Path) -> None:
    """`newsfacts extract --engine dask` on a local cluster of 2 worker processes."""
    import json

    from extractor.cli import main

    docs = tmp_path / "docs.jsonl"
    stories = [
        "Exports rose 5% in May, the ministry said.",
        "About 2,400 people arrived in 2010, up from 1,900 a year earlier.",
        "Rents climbed to $1,200 a month.",
    ]
    docs.write_text(
        "".join(json.dumps({"id": f"s{n}", "text": text}) + "\n" for n, text in enumerate(stories)),
        encoding="utf-8",
    )
    local, cluster = tmp_path / "local.jsonl", tmp_path / "cluster.jsonl"
    assert main(["extract", str(docs), "-o", str(local), "--no-progress"]) == 0
    assert main(["extract", str(docs), "-o", str(cluster), "--engine", "dask", "--workers", "2"]) == 0

    def figures(path: Path) -> dict[str, list[str]]:
        lines = path.read_text(encoding="utf-8").splitlines()
        return {a["id"]: [f["summary"] for f in a["figures"]] for a in map(json.loads, lines)}

    assert figures(cluster) == figures(local) and len(figures(local)) == 3
