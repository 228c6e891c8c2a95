"""The batch runner: streaming, workers, failures, resume, and a run killed half way.

Most tests replace the pipeline with ``fake_chunk`` (numbers in the text become figures), so
that they test the runner, not the model; the last ones run the real pipeline.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import psutil
import pytest

from extractor.errors import DocumentError, SinkError, UsageError
from extractor.records import Article, Document, Figure, stable_id
from extractor.run.batch import BatchReport, BatchSettings, error_article, extract_chunk, run_batch
from extractor.sinks import open_sink

if TYPE_CHECKING:  # the pipeline (and spaCy) is imported by the tests that run it, not here
    from extractor.pipeline import Options

ROOT = Path(__file__).resolve().parent.parent
DELAY_ENV = "NEWSFACTS_TEST_FAKE_DELAY"  # seconds the fake spends on each document


@pytest.fixture(scope="module")
def options() -> Options:
    from extractor.pipeline import Options

    return Options()


def fake_chunk(chunk: list[Document | DocumentError], options: Options) -> list[Article | DocumentError]:
    """A stand-in pipeline: every number is a figure; FAIL fails the document, RAISE is a bug."""
    results: list[Article | DocumentError] = []
    for item in chunk:
        if isinstance(item, DocumentError):
            results.append(item)
            continue
        text = item.text or ""
        if "RAISE" in text:
            raise RuntimeError(f"a bug met in {item.id}")
        if "FAIL" in text:
            results.append(DocumentError(item.id, "the fake pipeline refused it", stage="nlp"))
            continue
        time.sleep(float(os.environ.get(DELAY_ENV, "0")))
        results.append(Article(id=item.id, text=text, figures=_numbers(item.id, text)))
    return results


def _numbers(doc_id: str, text: str) -> list[Figure]:
    return [
        Figure(
            span=(m.start(), m.end()),
            text=m.group(),
            value=float(m.group()),
            value_max=None,
            kind="count",
            unit=None,
            bound="=",
            sentence=(0, len(text)),
            id=stable_id(doc_id, m.start(), m.end()),
        )
        for m in re.finditer(r"\d+", text)
    ]


def write_documents(path: Path, count: int, *, extra: tuple[str, ...] = ()) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for n in range(count):
            handle.write(
                json.dumps({"id": f"d{n:04d}", "text": f"Document {n} counts {n * 7} and {n + 1}."}) + "\n"
            )
        for line in extra:
            handle.write(line + "\n")
    return path


def figure_ids(target: str) -> Counter[str]:
    with open_sink(target, append=True) as sink:
        return Counter(record["id"] for record in sink.read_records())


def article_ids(target: str) -> Counter[str]:
    with open_sink(target, append=True) as sink:
        return Counter(str(article["id"]) for article in sink.read_articles())


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    bad = (
        json.dumps({"id": "bad", "text": "this one will FAIL 3 times"}),
        "{not json",
        json.dumps({"id": "late", "text": "The last one: 99."}),
    )
    return write_documents(tmp_path / "docs.jsonl", 20, extra=bad)


def test_every_document_is_written_or_reported(options: Options, documents: Path, tmp_path: Path) -> None:
    out, failures = str(tmp_path / "out.jsonl"), tmp_path / "failures.jsonl"
    with open_sink(out) as sink:
        report = run_batch(
            [str(documents)],
            sink,
            options,
            BatchSettings(failures_path=failures),
            extract_chunk_fn=fake_chunk,
        )
    assert (report.ok, report.failed, report.unreadable, report.skipped) == (21, 1, 1, 0)
    *reported, summary = [json.loads(line) for line in failures.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in reported] == ["bad", f"{documents}:22"]
    assert reported[0]["reason"] == "the fake pipeline refused it" and set(reported[0]) == {"id", "reason"}
    assert report.failures == [(r["id"], r["reason"]) for r in reported]
    assert summary == {"summary": report.counts()} and summary["summary"]["documents"] == 23
    # Failed documents are written too, as articles carrying their error (CONTRACT exit code 1).
    written = article_ids(out)
    assert set(written.values()) == {1} and len(written) == 23
    figures = figure_ids(out)
    assert set(figures.values()) == {1} and len(figures) == 20 * 3 + 1


def test_two_workers_write_what_one_writes(options: Options, documents: Path, tmp_path: Path) -> None:
    outputs = []
    for workers in (1, 2):
        out = str(tmp_path / f"out{workers}.jsonl")
        with open_sink(out) as sink:
            report = run_batch(
                [str(documents)],
                sink,
                options,
                BatchSettings(workers=workers, chunk_size=3),
                extract_chunk_fn=fake_chunk,
            )
        assert (report.ok, report.failed, report.unreadable) == (21, 1, 1)
        outputs.append(Path(out).read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]  # same articles, same order


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bug_in_the_pipeline_is_not_swallowed(options: Options, workers: int, tmp_path: Path) -> None:
    docs = write_documents(tmp_path / "docs.jsonl", 4, extra=(json.dumps({"id": "x", "text": "RAISE"}),))
    with open_sink(str(tmp_path / "out.jsonl")) as sink, pytest.raises(RuntimeError, match="a bug met in x"):
        run_batch([str(docs)], sink, options, BatchSettings(workers=workers), extract_chunk_fn=fake_chunk)


def test_resume_skips_what_the_output_holds(options: Options, documents: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "out.db")
    first = write_documents(tmp_path / "first.jsonl", 8)
    with open_sink(out) as sink:
        run_batch([str(first)], sink, options, extract_chunk_fn=fake_chunk)
    with open_sink(out) as sink:
        report = run_batch(
            [str(documents)], sink, options, BatchSettings(resume=True), extract_chunk_fn=fake_chunk
        )
    assert (report.ok, report.failed, report.unreadable, report.skipped) == (13, 1, 1, 8)
    assert len(article_ids(out)) == 23


def test_resuming_a_file_output_needs_append(options: Options, tmp_path: Path) -> None:
    with open_sink(str(tmp_path / "out.jsonl")) as sink, pytest.raises(UsageError, match="append"):
        run_batch([], sink, options, BatchSettings(resume=True))
    with pytest.raises(UsageError, match="workers"):
        BatchSettings(workers=0)


def test_the_progress_bar_goes_to_stderr(
    options: Options, documents: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_sink(str(tmp_path / "out.jsonl")) as sink:
        run_batch([str(documents)], sink, options, BatchSettings(progress=True), extract_chunk_fn=fake_chunk)
    captured = capsys.readouterr()
    assert "23doc" in captured.err.replace(" ", "") and captured.out == ""


def test_an_unopened_sink_is_opened_and_closed(options: Options, documents: Path, tmp_path: Path) -> None:
    sink = open_sink(str(tmp_path / "out.csv"))
    sink.close()
    report = run_batch([str(documents)], sink, options, extract_chunk_fn=fake_chunk)
    assert isinstance(report, BatchReport) and report.total == 23 and not sink.is_open
    assert len(figure_ids(str(tmp_path / "out.csv"))) == 20 * 3 + 1


# --- a run killed half way, then resumed ---------------------------------------------------

_RUNNER = """
import sys
sys.path.insert(0, {tests!r})
from types import SimpleNamespace
from test_batch import fake_chunk
from extractor.run.batch import BatchSettings, run_batch
from extractor.sinks import open_sink
options = SimpleNamespace(model="unused", batch_size=16)  # the fake needs no pipeline, nor spaCy
settings = BatchSettings(resume=True, workers={workers}, chunk_size=2, write_batch_size=3)
with open_sink({out!r}, append=True) as sink:
    report = run_batch([{docs!r}], sink, options, settings, extract_chunk_fn=fake_chunk)
print(report.ok, report.skipped)
"""


def _runner(docs: Path, out: str, workers: int) -> list[str]:
    code = _RUNNER.format(tests=str(ROOT / "tests"), out=out, docs=str(docs), workers=workers)
    return [sys.executable, "-c", code]


@pytest.mark.parametrize("fmt, workers", [("jsonl", 1), ("csv", 1), ("db", 2), ("parquet", 1)])
def test_a_killed_run_resumes_with_every_record_once(fmt: str, workers: int, tmp_path: Path) -> None:
    docs = write_documents(tmp_path / "docs.jsonl", 60)
    out = str(tmp_path / f"out.{fmt}")
    env = {**os.environ, DELAY_ENV: "0.05"}
    with subprocess.Popen(_runner(docs, out, workers), env=env, cwd=ROOT, stdout=subprocess.PIPE) as run:
        _wait_for_output(Path(out), run)
        pool = psutil.Process(run.pid).children()
        run.send_signal(signal.SIGKILL)
        run.wait()
    assert len(pool) >= (workers if workers > 1 else 0)  # the workers (and a resource tracker)
    _, alive = psutil.wait_procs(pool, timeout=15)  # workers do not outlive a killed parent
    assert not alive
    written_before = len(_ids_after_kill(out))
    finished = subprocess.run(
        _runner(docs, out, workers), cwd=ROOT, capture_output=True, text=True, check=True
    )
    ok, skipped = map(int, finished.stdout.split())
    assert ok + skipped == 60 and skipped == written_before
    assert 0 < written_before < 60 or fmt == "parquet"  # parquet holds its buffer until close
    expected = Counter(f.id for n in range(60) for f in _numbers(f"d{n:04d}", _doc_text(n)))
    assert figure_ids(out) == expected


def _doc_text(n: int) -> str:
    return f"Document {n} counts {n * 7} and {n + 1}."


def _wait_for_output(path: Path, run: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert run.poll() is None, "the run ended before it could be killed"
        if _under_way(path):
            return
        time.sleep(0.05)
    raise AssertionError("the run wrote nothing in 60 s")


def _under_way(path: Path) -> bool:
    """Whether a few articles were written (read without opening a sink: it would repair)."""
    if path.suffix == ".parquet":  # nothing is flushed before close: kill once the run is going
        time.sleep(0.5)
        return path.is_dir()
    if path.suffix == ".db":
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
                return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0]) >= 6
        except sqlite3.Error:
            return False
    return path.exists() and path.stat().st_size > 2000


def _ids_after_kill(out: str) -> set[str]:
    with open_sink(out, append=True) as sink:
        return sink.existing_ids()


# --- the real pipeline -----------------------------------------------------------------------


def test_the_pipeline_in_two_workers_finds_the_same_facts(options: Options, tmp_path: Path) -> None:
    samples = [str(ROOT / "samples"), str(ROOT / "samples" / "exports-story.txt")]  # twice: one skip
    outputs = []
    for workers in (1, 2):
        out = str(tmp_path / f"out{workers}.jsonl")
        with open_sink(out) as sink:
            report = run_batch(samples, sink, options, BatchSettings(workers=workers, chunk_size=1))
        assert (report.failed, report.duplicates) == (0, 1) and report.ok == len(list(_lines(Path(out))))
        outputs.append(Path(out).read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert any(json.loads(line)["figures"] for line in outputs[0].splitlines())


def test_a_pipeline_exception_is_blamed_on_its_document(
    options: Options, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extractor.pipeline as pipeline

    def extract_many(docs: list[Document], options: Options, *, nlp: object) -> Iterator[Article]:
        for doc in docs:
            if doc.text == "boom":
                raise ValueError("spaCy choked")
            yield Article(id=doc.id, text=doc.text or "")

    monkeypatch.setattr(pipeline, "load_nlp", lambda model: object())
    monkeypatch.setattr(pipeline, "extract_many", extract_many)
    chunk: list[Document | DocumentError] = [Document("a", text="fine"), Document("b", text="boom")]
    results = extract_chunk([*chunk, Document("c", text="fine")], options)
    assert [type(r).__name__ for r in results] == ["Article", "DocumentError", "Article"]
    error = results[1]
    assert isinstance(error, DocumentError) and "ValueError: spaCy choked" in error.reason


def _lines(path: Path) -> Iterator[str]:
    return iter(path.read_text(encoding="utf-8").splitlines())


def test_failed_documents_become_error_articles() -> None:
    article = error_article(DocumentError("d1", "no article text", stage="clean"))
    assert (article.id, article.text, article.errors) == ("d1", "", ["clean: no article text"])


def test_a_missing_model_is_reported_as_such_from_the_workers(tmp_path: Path) -> None:
    from extractor.errors import ModelNotFoundError
    from extractor.pipeline import Options

    with (
        open_sink(str(tmp_path / "out.jsonl")) as sink,
        pytest.raises(ModelNotFoundError, match="no_such_model"),
    ):
        run_batch([str(ROOT / "samples")], sink, Options(model="no_such_model"), BatchSettings(workers=2))


# --- ids, duplicates, resume retries, the books ------------------------------------------------


def _export(path: Path, texts: list[str]) -> Path:
    path.write_text(
        "".join(json.dumps({"id": str(n), "text": text}) + "\n" for n, text in enumerate(texts, start=1)),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("suffix", [".jsonl", ".db"])
def test_two_exports_whose_ids_collide_lose_nothing(options: Options, tmp_path: Path, suffix: str) -> None:
    first = _export(tmp_path / "first.jsonl", ["One 1.", "Two 2.", "Three 3."])
    second = _export(tmp_path / "second.jsonl", ["Uno 10.", "Dos 20.", "Tres 30."])
    out = str(tmp_path / f"out{suffix}")
    with open_sink(out) as sink:
        report = run_batch([str(first), str(second)], sink, options, extract_chunk_fn=fake_chunk)
    assert (report.ok, report.renamed, report.duplicates) == (6, 3, 0)
    assert sorted(article_ids(out)) == ["1", "1~2", "2", "2~2", "3", "3~2"]
    assert "6 documents: 6 written" in report.summary() and "3 renamed" in report.summary()


def test_the_same_files_under_two_names_are_both_kept(options: Options, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(f"Page {folder} says 7.", encoding="utf-8")
    out = str(tmp_path / "out.jsonl")
    inputs = [str(tmp_path / "a" / "index.txt"), str(tmp_path / "b" / "index.txt")]
    with open_sink(out) as sink:
        report = run_batch(inputs, sink, options, extract_chunk_fn=fake_chunk)
    assert report.renamed == 1 and sorted(article_ids(out)) == ["index.txt", "index.txt~2"]


def test_a_document_given_twice_is_written_once_and_counted(
    options: Options, documents: Path, tmp_path: Path
) -> None:
    out = str(tmp_path / "out.jsonl")
    with open_sink(out) as sink:
        report = run_batch([str(documents), str(documents)], sink, options, extract_chunk_fn=fake_chunk)
    assert (report.ok, report.duplicates, report.renamed, report.total) == (21, 23, 0, 46)
    assert set(article_ids(out).values()) == {1}


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".db", ".parquet"])
def test_resume_retries_earlier_failures_and_clears_their_rows(
    options: Options, tmp_path: Path, suffix: str
) -> None:
    docs = tmp_path / "docs.jsonl"
    _export(docs, ["Fine 1.", "This will FAIL.", "Fine 3."])
    out = str(tmp_path / f"out{suffix}")
    with open_sink(out) as sink:
        assert run_batch([str(docs)], sink, options, extract_chunk_fn=fake_chunk).failed == 1
    _export(docs, ["Fine 1.", "Now it works: 2.", "Fine 3."])  # the cause was fixed
    with open_sink(out, append=True) as sink:
        kept = run_batch(
            [str(docs)],
            sink,
            options,
            BatchSettings(resume=True, retry_failed=False),
            extract_chunk_fn=fake_chunk,
        )
    assert (kept.ok, kept.skipped, kept.retried) == (0, 3, 0)
    with open_sink(out, append=True) as sink:
        report = run_batch(
            [str(docs)], sink, options, BatchSettings(resume=True), extract_chunk_fn=fake_chunk
        )
        articles = {a["id"]: a for a in sink.read_articles()}
    assert (report.ok, report.skipped, report.retried, report.failed) == (1, 2, 1, 0)
    assert sorted(articles) == ["1", "2", "3"] and articles["2"]["errors"] == []
    assert articles["2"]["text"] == "Now it works: 2." and len(article_ids(out)) == 3


def test_a_full_disk_under_the_failures_file_is_an_output_error(
    options: Options, documents: Path, tmp_path: Path
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with (
        open_sink(str(tmp_path / "out.jsonl")) as sink,
        pytest.raises(SinkError, match="failures file /dev/full"),
    ):
        run_batch(
            [str(documents)],
            sink,
            options,
            BatchSettings(failures_path=Path("/dev/full")),
            extract_chunk_fn=fake_chunk,
        )


def test_workers_are_capped_at_the_cores_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    from extractor.run.batch import capped_workers, usable_cores

    with caplog.at_level(logging.WARNING, logger="newsfacts.run"):
        assert capped_workers(1000) == usable_cores()
        assert capped_workers(1) == 1
    [record] = caplog.records
    assert "1000 workers asked for" in record.getMessage()


def test_an_id_with_a_control_character_resumes_like_any_other(options: Options, tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "a\u0000b", "text": "Seven 7."}) + "\n", encoding="utf-8")
    out = str(tmp_path / "out.jsonl")
    with open_sink(out) as sink:
        run_batch([str(docs)], sink, options, extract_chunk_fn=fake_chunk)
    with open_sink(out, append=True) as sink:
        report = run_batch(
            [str(docs)], sink, options, BatchSettings(resume=True), extract_chunk_fn=fake_chunk
        )
    assert (report.ok, report.skipped) == (0, 1) and article_ids(out) == Counter({"a b": 1})
