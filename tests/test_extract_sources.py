"""``newsfacts extract`` on URLs (a real local server) and on WARC archives, with provenance."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from http_server import LocalServer, Reply, html_reply

from extractor.cli import main
from extractor.fetch.warc import HttpExchange, WarcWriter

PAGE = """<html><head><title>Port traffic rebounds | Harbour Times</title>
<meta property="article:published_time" content="2021-03-02"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Port traffic rebounds</h1>
<p>The port handled more than 2,000 ships in February, up 12% from a year earlier, the harbour
authority said on Monday.</p>
<p>Officials expect about 25,000 ships this year, a record for the port since it opened.</p>
</article><footer>Contact us</footer></body></html>"""


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        running.route("/story", html_reply(PAGE))
        running.route("/report.pdf", Reply(body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}))
        yield running


def _read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_urls_are_fetched_extracted_and_failures_reported(
    server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    story, pdf = server.url("/story"), server.url("/report.pdf")
    code = main(["extract", story, pdf, "-o", str(out), "--allow-address", "127.0.0.1", "--rate", "0"])
    assert code == 1
    assert f"newsfacts: {pdf}: unsupported content type application/pdf" in capsys.readouterr().err
    good, bad = _read(out)
    assert good["url"] == story and good["published"] == "2021-03-02"
    assert "Home" not in str(good["text"]) and str(good["text"]).startswith("The port handled")
    provenance = good["provenance"]
    assert isinstance(provenance, dict) and provenance["status"] == 200 and len(provenance["sha256"]) == 64
    figures = good["figures"]
    assert isinstance(figures, list) and {f["value"] for f in figures} >= {2000, 25000}
    assert bad["errors"] and bad["text"] == ""


def test_private_addresses_are_refused_by_default(server: LocalServer, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", server.url("/story"), "-o", str(out)]) == 1
    [article] = _read(out)
    assert "refused" in str(article["errors"])


def test_warc_responses_are_extracted_and_other_records_reported(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    with WarcWriter.open(archive) as writer:
        for path, body, content_type in (
            ("/story", PAGE.encode(), "text/html; charset=utf-8"),
            ("/report.pdf", b"%PDF-1.4", "application/pdf"),
        ):
            headers = (("Content-Type", content_type),)
            writer.write(
                HttpExchange(
                    f"https://harbour.example{path}", 200, "OK", headers, (), body, "2021-03-03T00:00:00Z"
                )
            )
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(archive), "-o", str(out)]) == 1
    articles = _read(out)
    extracted = [a for a in articles if not a["errors"]]
    assert len(extracted) == 1 and extracted[0]["url"] == "https://harbour.example/story"
    provenance = extracted[0]["provenance"]
    assert isinstance(provenance, dict) and str(provenance["warc_record_id"]).startswith("<urn:uuid:")
    assert any("application/pdf" in str(a["errors"]) for a in articles)
