"""WARC write (by the fetcher) and read back, including non-HTML, truncated and corrupt files."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from http_server import LocalServer, Reply, html_reply

from extractor.errors import DocumentError, SinkError
from extractor.fetch.fetcher import Fetcher, FetchOptions
from extractor.fetch.warc import HttpExchange, WarcPage, WarcWriter, iter_warc_pages

RUSSIAN = "Экспорт вырос на пять процентов. " * 6


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


def _options() -> FetchOptions:
    return FetchOptions(rate=0, retries=0, allowed_addresses=("127.0.0.1",))


def _exchange(url: str, content_type: str, body: bytes, status: int = 200) -> HttpExchange:
    headers = (("Content-Type", content_type),)
    return HttpExchange(url, status, "OK", headers, (("User-Agent", "t"),), body, "2026-01-31T12:00:00Z")


def _write_sample(path: Path) -> list[str]:
    """A page, a PDF and a 404 written directly; returns the record ids."""
    with WarcWriter.open(path) as writer:
        return [
            writer.write(_exchange("https://news.example/a", "text/html; charset=utf-8", b"<p>A story</p>")),
            writer.write(_exchange("https://news.example/r.pdf", "application/pdf", b"%PDF-1.7")),
            writer.write(_exchange("https://news.example/gone", "text/html", b"gone", status=404)),
        ]


def test_fetched_pages_round_trip_with_record_ids(server: LocalServer, tmp_path: Path) -> None:
    ru_html = f'<html><head><meta charset="windows-1251"></head><body>{RUSSIAN}</body></html>'
    server.route("/ru", html_reply(ru_html.encode("cp1251"), charset=None))
    server.route(
        "/gz",
        Reply(
            body=gzip.compress(b"<p>zipped</p>"),
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        ),
    )
    out = tmp_path / "crawl.warc.gz"
    with WarcWriter.open(out) as writer, Fetcher(_options(), archive=writer) as fetcher:
        pages = [fetcher.fetch(server.url("/ru")), fetcher.fetch(server.url("/gz"))]
    read = list(iter_warc_pages(out))
    assert all(isinstance(item, WarcPage) for item in read)
    assert [p.record_id for p in read if isinstance(p, WarcPage)] == [
        p.provenance.warc_record_id for p in pages
    ]
    first, second = (p for p in read if isinstance(p, WarcPage))
    assert first.url == server.url("/ru") and RUSSIAN in first.html
    assert second.html == "<p>zipped</p>"  # stored decoded: no stale Content-Encoding
    assert first.date is not None and first.date.endswith("Z")


def test_non_html_and_error_records_are_reported(tmp_path: Path) -> None:
    ids = _write_sample(tmp_path / "mixed.warc.gz")
    read = list(iter_warc_pages(tmp_path / "mixed.warc.gz"))
    assert isinstance(read[0], WarcPage) and read[0].record_id == ids[0] and read[0].html == "<p>A story</p>"
    assert isinstance(read[1], DocumentError) and read[1].reason == "not HTML (application/pdf)"
    assert read[1].doc_id == "https://news.example/r.pdf"
    assert isinstance(read[2], DocumentError) and "HTTP 404" in read[2].reason
    assert len(read) == 3  # warcinfo and request records are skipped


@pytest.mark.parametrize("compressed", [True, False])
def test_truncated_file_keeps_the_good_records_and_reports_the_cut(tmp_path: Path, compressed: bool) -> None:
    name = "cut.warc.gz" if compressed else "cut.warc"
    full = tmp_path / name
    _write_sample(full)
    data = full.read_bytes()
    first_page_end = len(data) * 2 // 3 if compressed else data.index(b"%PDF-1.7") - 40
    full.write_bytes(data[:first_page_end])
    read = list(iter_warc_pages(full))
    assert isinstance(read[0], WarcPage) and read[0].html == "<p>A story</p>"
    assert isinstance(read[-1], DocumentError)
    assert "truncated" in read[-1].reason


def test_garbage_file_is_reported_not_raised(tmp_path: Path) -> None:
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"\x1f\x8b" + b"not really gzip" * 10)
    read = list(iter_warc_pages(junk))
    assert len(read) == 1 and isinstance(read[0], DocumentError)


def test_missing_file_is_a_document_error(tmp_path: Path) -> None:
    read = list(iter_warc_pages(tmp_path / "absent.warc.gz"))
    assert len(read) == 1 and isinstance(read[0], DocumentError) and "cannot read" in read[0].reason


def test_unwritable_target_is_a_sink_error(tmp_path: Path) -> None:
    with pytest.raises(SinkError):
        WarcWriter.open(tmp_path / "no" / "such" / "dir.warc.gz")


def test_a_bug_in_our_reading_code_is_not_taken_for_a_corrupt_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only warcio's reading is guarded: an exception from our own code goes up as what it is,
    rather than "corrupt or truncated WARC" and the rest of the file dropped."""
    path = tmp_path / "sample.warc.gz"
    _write_sample(path)

    def broken_decoder(body: bytes, charset: str | None) -> tuple[str, str]:
        raise TypeError("a bug in the decoder")

    monkeypatch.setattr("extractor.fetch.warc.decode_body", broken_decoder)
    with pytest.raises(TypeError, match="a bug in the decoder"):
        list(iter_warc_pages(path))
