"""The one decoder: labels read as browsers read them, and the same bytes giving the same text
whichever way they come in (a file, an HTTP body, a WARC record, ``clean_html(bytes)``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from http_server import LocalServer, Reply

from extractor.clean.body import clean_html
from extractor.fetch.fetcher import Fetcher, FetchOptions
from extractor.fetch.warc import HttpExchange, WarcWriter
from extractor.records import Document
from extractor.run.inputs import iter_documents
from extractor.support.encoding import decode_body, normalize_charset

PARAGRAPH = "Les exportations ont augmenté de 5 % à Québec, selon le ministère des Finances. "
STORY = PARAGRAPH * 8
RUSSIAN = "Экспорт вырос на пять процентов в третьем квартале, сообщило министерство. " * 8

# Each page as bytes, and the text each must decode to: declared in a meta tag under a legacy
# label, undeclared (left to detection), and UTF-8 with a byte-order mark.
PAGES = {
    "latin1": (
        f'<html><head><meta charset="iso-8859-1"><title>Q</title></head><body><p>{STORY}</p></body></html>',
        "cp1252",
    ),
    "cyrillic": (f"<html><body><p>{RUSSIAN}</p></body></html>", "cp1251"),
    "bom": (f"<html><body><p>{STORY}</p></body></html>", "utf-8-sig"),
}


def _page_bytes(name: str) -> bytes:
    text, codec = PAGES[name]
    return text.encode(codec)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        for name in PAGES:
            running.route(f"/{name}", Reply(body=_page_bytes(name), headers={"Content-Type": "text/html"}))
        yield running


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("ISO-8859-1", "cp1252"),
        ("latin-1", "cp1252"),
        ("ascii", "cp1252"),
        ("Shift_JIS", "cp932"),
        ("tis-620", "cp874"),
        ("gb2312", "gb18030"),
        ("euc_kr", "cp949"),
        (" utf8 ", "utf-8"),
        ("x-no-such-charset", None),
        ("", None),
    ],
)
def test_labels_are_read_as_browsers_read_them(label: str, codec: str | None) -> None:
    assert normalize_charset(label) == codec


def test_bom_outranks_header_and_meta() -> None:
    body = b"\xef\xbb\xbf" + '<meta charset="windows-1251"><p>Ещё</p>'.encode()
    assert decode_body(body, "iso-8859-1") == ('<meta charset="windows-1251"><p>Ещё</p>', "utf-8-sig")
    assert decode_body(b"\xff\xfeh\x00i\x00") == ("hi", "utf-16")


def test_header_outranks_meta_and_a_wrong_one_falls_through() -> None:
    page = '<meta charset="utf-8"><p>Café</p>'
    assert decode_body(page.encode("cp1252"), "windows-1252") == (page, "cp1252")
    # A header naming a charset the bytes do not decode in gives way to the page's meta.
    page = '<meta charset="windows-1252"><p>Café</p>'
    assert decode_body(page.encode("cp1252"), "utf-8") == (page, "cp1252")


def test_undecodable_bytes_are_replaced_not_raised() -> None:
    text, _ = decode_body(b"\x81\x8d\x8f\x90\x9d" * 3, "windows-1252")
    assert isinstance(text, str) and text


@pytest.mark.parametrize("name", sorted(PAGES))
def test_same_bytes_same_text_by_every_path(name: str, server: LocalServer, tmp_path: Path) -> None:
    raw = _page_bytes(name)
    expected, _ = PAGES[name]
    page_file = tmp_path / f"{name}.html"
    page_file.write_bytes(raw)
    [from_file] = iter_documents([str(page_file)])
    options = FetchOptions(rate=0, retries=0, allowed_addresses=("127.0.0.1",))
    archive = tmp_path / f"{name}.warc.gz"
    with WarcWriter.open(archive) as writer, Fetcher(options, archive=writer) as fetcher:
        fetched = fetcher.fetch(server.url(f"/{name}"))
        headers = (("Content-Type", "text/html"),)
        stored = HttpExchange("https://news.example/a", 200, "OK", headers, (), raw, "2026-01-31T12:00:00Z")
        writer.write(stored)
    from_warc = [d for d in iter_documents([str(archive)]) if isinstance(d, Document)]
    texts = [from_file.html if isinstance(from_file, Document) else None, fetched.text]
    texts += [d.html for d in from_warc]
    assert texts == [expected] * 4
    assert clean_html(raw).text == clean_html(expected).text != ""


def test_a_text_file_in_a_legacy_charset_is_read(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    [doc] = iter_documents([str(path)])
    assert isinstance(doc, Document) and doc.text == RUSSIAN
