"""The dask engine: a cluster writes what a local run writes, ids, resume and failures alike.

The clusters are LocalClusters of 2 thread workers (processes=False), quick to start.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from test_batch import fake_chunk, figure_ids, options, write_documents

from extractor.errors import DocumentError
from extractor.pipeline import Options
from extractor.run.batch import BatchSettings, run_batch
from extractor.run.cluster import run_dask
from extractor.sinks import open_sink

ROOT = Path(__file__).resolve().parent.parent
__all__ = ["options"]  # the fixture, shared with test_batch


def test_a_cluster_writes_what_a_local_run_writes(options: Options, tmp_path: Path) -> None:
    clash = json.dumps({"id": "d0001", "text": "Another document, 5 items."})  # an id met before
    docs = write_documents(
        tmp_path / "docs.jsonl", 30, extra=(json.dumps({"id": "bad", "text": "FAIL"}), "{not json", clash)
    )
    local, cluster = str(tmp_path / "local.db"), str(tmp_path / "cluster.db")
    with open_sink(local) as sink:
        expected = run_batch([str(docs)], sink, options, extract_chunk_fn=fake_chunk)
    settings = BatchSettings(chunk_size=4)
    with open_sink(cluster) as sink:
        report = run_dask(
            [str(docs)], sink, options, settings=settings, processes=False, extract_chunk_fn=fake_chunk
        )
    assert report == expected and (report.ok, report.failed, report.unreadable, report.renamed) == (
        31,
        1,
        1,
        1,
    )
    assert figure_ids(cluster) == figure_ids(local) and len(figure_ids(local)) == 91
    with open_sink(cluster) as sink:  # resumed: the failures are tried again, the rest is there
        again = run_dask(
            [str(docs)],
            sink,
            options,
            settings=BatchSettings(resume=True),
            processes=False,
            extract_chunk_fn=fake_chunk,
        )
    assert (again.ok, again.skipped, again.retried, again.failed, again.unreadable) == (0, 31, 2, 1, 1)


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
        report = run_dask([str(docs)], sink, options, processes=False)
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


def test_the_cluster_is_fed_only_as_fast_as_it_works(options: Options) -> None:
    from dask.distributed import Client, LocalCluster

    from extractor.records import Document
    from extractor.run.batch import CHUNKS_IN_FLIGHT
    from extractor.run.cluster import dask_runner

    pulled: list[int] = []

    def chunks() -> Iterator[list[Document | DocumentError]]:
        for n in range(40):
            pulled.append(n)
            yield [Document(f"d{n}", text=f"Document {n} counts {n + 1}.")]

    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None)
    with cluster, Client(cluster) as client:
        results = dask_runner(client)(chunks(), options, fake_chunk)
        first = next(results)
        assert len(pulled) <= CHUNKS_IN_FLIGHT  # one worker: the window is two chunks
        rest = list(results)
    assert [r.id for r in [*first, *(r for chunk in rest for r in chunk)]] == [f"d{n}" for n in range(40)]
