"""``newsfacts fetch`` and ``newsfacts discover`` through their run(), against a local server."""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from http_server import LocalServer, Reply, html_reply

from extractor.cli import discover_cmd, fetch_cmd, main
from extractor.cli.options import fetch_options_from_args
from extractor.fetch.warc import WarcPage, iter_warc_pages
from extractor.records import stable_id

RUSSIAN = "Доходы бюджета выросли на семь процентов. " * 5
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>One</title><link>https://news.example/one</link>
<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate></item>
<item><title>Two</title><link>https://news.example/two</link></item></channel></rss>"""


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="newsfacts")
    subparsers = parser.add_subparsers()
    fetch_cmd.register(subparsers)
    discover_cmd.register(subparsers)
    return parser.parse_args(argv)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        running.route("/ok", html_reply("<p>fine</p>"))
        ru_page = f'<html><head><meta charset="windows-1251"></head><body>{RUSSIAN}</body></html>'
        running.route("/ru", html_reply(ru_page.encode("cp1251"), charset=None))
        running.route("/doc.pdf", Reply(body=b"%PDF", headers={"Content-Type": "application/pdf"}))
        running.route("/rss", Reply(body=RSS, headers={"Content-Type": "application/rss+xml"}))
        yield running


def local(*argv: str) -> list[str]:
    return [*argv, "--allow-address", "127.0.0.1", "--rate", "0", "--retries", "0"]


def test_fetch_to_directory_writes_pages_and_provenance(server: LocalServer, tmp_path: Path) -> None:
    out = tmp_path / "pages"
    code = fetch_cmd.run(parse("fetch", *local(server.url("/ok"), server.url("/ru"), "-o", str(out))))
    assert code == 0
    lines = [json.loads(line) for line in (out / "provenance.jsonl").read_text().splitlines()]
    assert [line["url"] for line in lines] == [server.url("/ok"), server.url("/ru")]
    assert lines[1]["encoding"] == "cp1251" and len(lines[1]["sha256"]) == 64
    assert lines[1]["file"] == f"{stable_id(server.url('/ru'))}.html"
    saved = (out / lines[1]["file"]).read_bytes()
    assert saved.startswith(b"\xef\xbb\xbf") and RUSSIAN in saved.decode("utf-8-sig")


def test_failed_urls_are_reported_one_line_each(
    server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = [server.url("/ok"), server.url("/doc.pdf"), server.url("/missing")]
    code = fetch_cmd.run(parse("fetch", *local(*urls, "-o", str(tmp_path))))
    assert code == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        f"newsfacts: {urls[1]}: unsupported content type application/pdf (expected HTML or text)",
        f"newsfacts: {urls[2]}: HTTP 404 Not Found",
    ]


def test_private_address_refused_without_the_switch(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code = fetch_cmd.run(parse("fetch", server.url("/ok"), "--retries", "0"))
    assert code == 1
    assert "loopback address" in capsys.readouterr().err
    assert server.seen == []


def test_fetch_to_warc(server: LocalServer, tmp_path: Path) -> None:
    warc = tmp_path / "out.warc.gz"
    assert fetch_cmd.run(parse("fetch", *local(server.url("/ok"), "--warc", str(warc)))) == 0
    pages = list(iter_warc_pages(warc))
    assert len(pages) == 1 and isinstance(pages[0], WarcPage) and pages[0].html == "<p>fine</p>"


def test_fetch_to_stdout_prints_input_documents(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert fetch_cmd.run(parse("fetch", *local(server.url("/ok")))) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["html"] == "<p>fine</p>" and document["url"] == server.url("/ok")
    assert document["id"] == stable_id(server.url("/ok"))
    assert document["provenance"]["status"] == 200


def test_bad_option_values_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch", "https://a.example/", "--allow-address", "nonsense"]) == 2
    assert "does not appear to be an IPv4 or IPv6" in capsys.readouterr().err
    assert main(["discover", "https://a.example/", "--allow-address", "nonsense"]) == 2
    assert capsys.readouterr().err.startswith("newsfacts: error: ")
    with pytest.raises(SystemExit) as exited:
        parse("fetch", "https://a.example/", "--fetch-workers", "0")
    assert exited.value.code == 2
    with pytest.raises(SystemExit):
        parse("fetch", "https://a.example/", "-o", "d", "--warc", "x.warc.gz")


def test_options_from_args_carry_every_switch(tmp_path: Path) -> None:
    args = parse(
        "fetch", "https://a.example/", "--timeout", "3", "--retries", "5", "--rate", "0.5",
        "--fetch-workers", "2",
        "--cache", str(tmp_path), "--user-agent", "bot/1 (+me@example.org)", "--ignore-robots",
        "--allow-private", "--allow-address", "10.0.0.1", "--allow-address", "10.1.0.0/16",
    )  # fmt: skip
    options = fetch_options_from_args(args)
    assert (options.connect_timeout, options.read_timeout, options.retries) == (3.0, 3.0, 5)
    assert (options.rate, options.workers, options.cache_dir) == (0.5, 2, tmp_path)
    assert options.user_agent == "bot/1 (+me@example.org)"
    assert not options.respect_robots and options.allow_private
    assert options.allowed_addresses == ("10.0.0.1", "10.1.0.0/16")


def test_every_command_has_help() -> None:
    parser = argparse.ArgumentParser(prog="newsfacts")
    subparsers = parser.add_subparsers()
    fetch_cmd.register(subparsers)
    discover_cmd.register(subparsers)
    for name in ("fetch", "discover"):
        text = subparsers.choices[name].format_help()
        assert "--allow-address" in text and "--ignore-robots" in text and "Exit status" in text


def test_discover_prints_urls_dates_titles(server: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert discover_cmd.run(parse("discover", *local(server.url("/rss")))) == 0
    assert capsys.readouterr().out.splitlines() == [
        "https://news.example/one\t2026-03-03T10:00:00Z\tOne",
        "https://news.example/two\t-\tTwo",
    ]


def test_discover_json(server: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert discover_cmd.run(parse("discover", *local(server.url("/rss"), "--json"))) == 0
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first == {"url": "https://news.example/one", "published": "2026-03-03T10:00:00Z", "title": "One"}


def test_discover_failure_is_one_line(server: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert discover_cmd.run(parse("discover", *local(server.url("/ok")))) == 1
    assert (
        capsys.readouterr().err.strip()
        == f"newsfacts: {server.url('/ok')}: no RSS/Atom feed or sitemap found"
    )


def test_unwritable_output_is_an_output_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["fetch", "https://a.example/", "-o", str(blocker / "sub")]) == 3
    assert capsys.readouterr().err.startswith("newsfacts: error: cannot write to")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("command", ["fetch", "discover"])
def test_a_full_disk_under_stdout_is_one_line_and_exit_3(
    server: LocalServer, command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = server.url("/ok" if command == "fetch" else "/rss")
    with open("/dev/full", "w", encoding="utf-8") as full:
        monkeypatch.setattr("sys.stdout", full)
        code = main([command, *local(url)])
        monkeypatch.undo()  # before the file closes: its buffer cannot be written either
        with contextlib.suppress(OSError):
            full.close()
    err = capsys.readouterr().err.strip()
    assert code == 3 and err == "newsfacts: error: cannot write to standard output: No space left on device"
