"""Input loading: paths, JSONL documents and standard input become ``Document`` values.

Every loader yields either a ``Document`` or a ``DocumentError`` for an input it could not
read (a file, a directory that cannot be listed, a line, a record, a URL), so one broken input
never stops the rest of a batch and none is passed over in silence. Everything is streamed:
JSONL line by line, WARC record by record, directories one listing at a time. The fetcher
(requests) and the WARC reader (warcio) are imported only by the inputs that need them.

Ids: a JSONL document's is its ``id`` (else a hash of its url and content); a file's is its
path relative to the input root it was found under (``story.txt`` for an input ``news/story.txt``,
``2020/a/index.html`` for ``archive/2020/a/index.html`` found under the input ``archive``); a
fetched page's or WARC record's is a hash of its URL.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from extractor.clean.content import binary_bytes_reason
from extractor.errors import DocumentError, FetchError, InputFormatError
from extractor.records import Document, Provenance, stable_id
from extractor.support.encoding import decode_body

if TYPE_CHECKING:
    from extractor.fetch.fetcher import FetchedPage, Fetcher
    from extractor.fetch.warc import WarcPage

LoadResult = Document | DocumentError
logger = logging.getLogger("newsfacts.input")


class _LineReader(Protocol):
    """A binary stream read line by line (a file, a gzip file, standard input)."""

    def readline(self, size: int = -1, /) -> bytes: ...


TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")
# One document's bytes at most (a file, or a JSONL line): a page is rarely over a few megabytes,
# and the pipeline takes MAX_TEXT_CHARS characters of text.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def iter_documents(
    inputs: Sequence[str], *, stdin: IO[str] | None = None, fetcher: Fetcher | None = None
) -> Iterator[LoadResult]:
    """Every document named by ``inputs``, in order: files, directories, ``-`` (JSONL on stdin),
    and http(s) URLs, which ``fetcher`` retrieves (runs of URLs are fetched concurrently).
    """
    urls: list[str] = []
    for item in inputs:
        if is_url(item):
            urls.append(item)
            continue
        if urls:
            yield from iter_urls(urls, fetcher)
            urls = []
        logger.info("reading %s", "standard input" if item == "-" else item)
        yield from _iter_local(item, stdin)
    if urls:
        yield from iter_urls(urls, fetcher)


def known_count(inputs: Sequence[str]) -> int | None:
    """How many results ``iter_documents(inputs)`` yields, when that is known without reading the
    inputs: one per URL, file or missing path, and one per text or HTML file of a directory; None
    when standard input, a JSONL file or a WARC archive (of any length) is among them."""
    total = 0
    for item in inputs:
        if item == "-":
            return None
        path = Path(item)
        if is_url(item) or not path.is_dir():
            kinds = [None if is_url(item) else input_kind(path)]
        else:
            kinds = [input_kind(p) for p in path.rglob("*") if p.is_file()]
            kinds = [kind for kind in kinds if kind is not None]
        if "jsonl" in kinds or "warc" in kinds:
            return None
        total += len(kinds)
    return total


class CountedDocuments(Iterator[LoadResult]):
    """Documents whose number is known up front (``known_count``): a progress bar can show it."""

    def __init__(self, documents: Iterator[LoadResult], count: int) -> None:
        self._documents = documents
        self._count = count

    def __next__(self) -> LoadResult:
        return next(self._documents)

    def __length_hint__(self) -> int:
        return self._count


def iter_urls(urls: Sequence[str], fetcher: Fetcher | None) -> Iterator[LoadResult]:
    """Fetched pages as documents; a URL that cannot be fetched is a DocumentError naming it."""
    logger.info("fetching %d URL%s", len(urls), "" if len(urls) == 1 else "s")
    if fetcher is None:
        for url in urls:
            yield DocumentError(stable_id(url), "URL inputs need a fetcher", stage="fetch", url=url)
        return
    for url, result in zip(urls, fetcher.fetch_many(urls), strict=True):
        if isinstance(result, FetchError):
            yield DocumentError(stable_id(url), result.reason, stage="fetch", url=url)
        else:
            yield document_from_page(result)


def document_from_page(page: FetchedPage) -> Document:
    is_text = page.content_type.startswith("text/plain")
    return Document(
        id=stable_id(page.url),
        text=page.text if is_text else None,
        html=None if is_text else page.text,
        url=page.url,
        provenance=page.provenance,
    )


def document_from_warc(page: WarcPage) -> Document:
    provenance = Provenance(
        final_url=page.url,
        status=page.status,
        fetched_at=page.date or "",
        sha256=hashlib.sha256(page.html.encode(page.encoding, errors="replace")).hexdigest(),
        warc_record_id=page.record_id,
    )
    return Document(id=stable_id(page.url), html=page.html, url=page.url, provenance=provenance)


def _iter_local(item: str, stdin: IO[str] | None) -> Iterator[LoadResult]:
    if item == "-":
        source: Iterable[str | InputFormatError] = (
            stdin if stdin is not None else _decoded_lines(sys.stdin.buffer, "<stdin>")
        )
        yield from iter_jsonl_lines(source, origin="<stdin>")
    else:
        path = Path(item)
        if path.is_dir():
            yield from iter_directory(path)
        elif path.is_file():
            yield from iter_file(path, doc_id=None)
        else:
            yield InputFormatError(item, "no such file or directory")


def iter_directory(root: Path, directory: Path | None = None) -> Iterator[LoadResult]:
    """The documents of the input files under ``root``, walked in name order one listing at a
    time (symbolic links to directories are not followed: they could loop). A directory that
    cannot be listed is an error of its own; files of unknown kinds are passed over."""
    directory = directory or root
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        yield InputFormatError(str(directory), f"cannot read directory: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from iter_directory(root, path)
        elif input_kind(path) is not None and entry.is_file():
            yield from iter_file(path, doc_id=path.relative_to(root).as_posix())


def input_kind(path: Path) -> str | None:
    """``text``, ``html``, ``jsonl`` or ``warc`` from the file name, else None."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def iter_file(path: Path, *, doc_id: str | None) -> Iterator[LoadResult]:
    """The documents in one file, chosen by its name; ``doc_id`` defaults to the file's name."""
    kind = input_kind(path)
    ident = doc_id or path.name
    if kind is None:
        yield InputFormatError(str(path), "unknown input kind (expected .txt, .html, .jsonl, .warc, .gz)")
        return
    if kind == "warc":
        from extractor.fetch.warc import WarcPage, iter_warc_pages

        for page in iter_warc_pages(path):
            yield document_from_warc(page) if isinstance(page, WarcPage) else page
        return
    if kind == "jsonl":
        yield from _iter_jsonl_file(path, ident)
        return
    try:
        raw = _read_bytes(path)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield InputFormatError(ident, f"cannot read {path}: {exc}")
        return
    except _TooLarge as exc:
        yield InputFormatError(ident, f"{path} is {exc}")
        return
    binary = binary_bytes_reason(raw)
    if binary:
        yield InputFormatError(ident, binary)
        return
    text = decode_body(raw)[0]  # the decoder HTTP bodies and WARC records go through too
    yield Document(id=ident, html=text) if kind == "html" else Document(id=ident, text=text)


def _open_bytes(path: Path) -> io.BufferedIOBase:
    if path.name.lower().endswith(".gz"):
        return gzip.GzipFile(path, "rb")
    return path.open("rb")


def _read_bytes(path: Path) -> bytes:
    """The file's bytes (decompressed); ``_TooLarge`` past ``MAX_DOCUMENT_BYTES``."""
    with _open_bytes(path) as handle:
        raw = handle.read(MAX_DOCUMENT_BYTES + 1)
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise _TooLarge(f"larger than the {MAX_DOCUMENT_BYTES}-byte limit for one document")
    return raw


class _TooLarge(Exception):
    """An input document over the size limit (reported as an InputFormatError)."""


def _iter_jsonl_file(path: Path, ident: str) -> Iterator[LoadResult]:
    """A JSONL file streamed line by line, so memory stays flat whatever its size."""
    try:
        with _open_bytes(path) as handle:
            yield from iter_jsonl_lines(_decoded_lines(handle, str(path)), origin=str(path))
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield InputFormatError(ident, f"cannot read {path}: {exc}")


def _decoded_lines(handle: _LineReader, origin: str) -> Iterator[str | InputFormatError]:
    """Lines split at "\\n" only: JSON strings may hold U+2028, U+2029 or U+0085, which
    ``str.splitlines`` would take for line ends. A line that is not UTF-8, or longer than
    ``MAX_DOCUMENT_BYTES``, is an error of its own (the long one is skipped, never held whole)."""
    for number, raw in enumerate(_bounded_lines(handle), start=1):
        if raw is None:
            reason = f"line longer than the {MAX_DOCUMENT_BYTES}-byte limit for one document"
            yield InputFormatError(f"{origin}:{number}", reason)
            continue
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield InputFormatError(f"{origin}:{number}", f"not UTF-8 JSONL: {exc.reason} at byte {exc.start}")


def _bounded_lines(handle: _LineReader) -> Iterator[bytes | None]:
    """Each line of a binary stream, or None for a line over ``MAX_DOCUMENT_BYTES`` (read past)."""
    while line := handle.readline(MAX_DOCUMENT_BYTES + 1):
        if len(line) <= MAX_DOCUMENT_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while (rest := handle.readline(MAX_DOCUMENT_BYTES)) and not rest.endswith(b"\n"):
            pass
        yield None


def iter_jsonl_lines(lines: Iterable[str | InputFormatError], *, origin: str) -> Iterator[LoadResult]:
    """JSONL document lines (``{"id", "text"|"html", "url"?, "published"?}``)."""
    for number, line in enumerate(lines, start=1):
        if isinstance(line, InputFormatError):
            yield line
            continue
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputFormatError(where, f"malformed JSON line: {exc.msg} at column {exc.colno}")
            continue
        try:
            yield document_from_record(record, where)
        except InputFormatError as exc:
            yield exc


def document_from_record(record: Any, where: str) -> Document:
    """One JSONL record as a Document; a typed error names what is wrong with it."""
    if not isinstance(record, dict):
        raise InputFormatError(where, "a JSONL document must be an object")
    text, html = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise InputFormatError(str(record.get("id") or where), 'needs a "text" or "html" string')
    url = record.get("url") if isinstance(record.get("url"), str) else None
    published = record.get("published") if isinstance(record.get("published"), str) else None
    doc_id = record.get("id")
    if doc_id is None:
        doc_id = stable_id(url or "", text if isinstance(text, str) else html)
    return Document(
        id=str(doc_id),
        text=text if isinstance(text, str) else None,
        html=html if isinstance(html, str) and not isinstance(text, str) else None,
        url=url,
        published=published or None,
    )
