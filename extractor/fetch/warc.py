"""WARC files: the fetcher records each retrieved page in one, and batch runs read pages from one.

Writing (``WarcWriter``): per page a ``response`` record (status line, headers and the body as
received after content decoding, so ``Content-Encoding`` is dropped and ``Content-Length`` is the
stored length) and a ``request`` record pointing to it (``WARC-Concurrent-To``). The response
record's ``WARC-Record-ID`` goes into the page's provenance.

Reading (``iter_warc_pages``): yields each HTML response as a ``WarcPage`` and each record that is
not one, or cannot be read (truncated, corrupt), as a ``DocumentError`` saying why. Request,
warcinfo and metadata records are skipped silently: they are not documents.
"""

from __future__ import annotations

import io
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractor.errors import DocumentError, SinkError, TruncatedStreamError
from extractor.fetch.session import Reply
from extractor.support.encoding import HTML_TYPES, decode_body, looks_like_html, parse_content_type

Headers = tuple[tuple[str, str], ...]
_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
_SKIPPED_TYPES = frozenset({"warcinfo", "request", "metadata", "conversion", "continuation"})
DEFAULT_MAX_RECORD_BYTES = 10 * 1024 * 1024
_READ_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class HttpExchange:
    """One request and its response, as they go into a WARC file."""

    url: str
    status: int
    reason: str
    response_headers: Headers
    request_headers: Headers
    body: bytes
    date: str  # ISO 8601 UTC, e.g. 2026-01-31T12:00:00Z

    @classmethod
    def from_reply(cls, reply: Reply, date: str) -> HttpExchange:
        return cls(
            reply.url, reply.status, reply.reason, reply.headers, reply.request_headers, reply.body, date
        )


@dataclass(frozen=True, slots=True)
class WarcPage:
    """An HTML response read back from a WARC file."""

    url: str
    html: str
    date: str | None  # the record's WARC-Date
    record_id: str
    status: int = 200
    encoding: str = "utf-8"


class WarcWriter:
    """Appends request/response records to a (gzipped) WARC stream; safe to share between threads."""

    def __init__(self, stream: IO[bytes], *, gzip: bool = True, software: str = "newsfacts") -> None:
        self._stream = stream
        self._writer = WARCWriter(stream, gzip=gzip)
        self._lock = threading.Lock()
        self._owned: IO[bytes] | None = None
        info = {"software": software, "format": "WARC File Format 1.0"}
        self._write_record(self._writer.create_warcinfo_record(getattr(stream, "name", ""), info))

    @classmethod
    def open(cls, path: str | Path, *, software: str = "newsfacts") -> WarcWriter:
        """A writer on a new file; gzipped unless the name ends in plain ``.warc``."""
        target = Path(path)
        try:
            stream = target.open("wb")
        except OSError as exc:
            raise SinkError(f"cannot write {target}: {exc.strerror}") from exc
        writer = cls(stream, gzip=not target.name.endswith(".warc"), software=software)
        writer._owned = stream
        return writer

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._owned is not None:
                owned, self._owned = self._owned, None
                try:
                    owned.close()  # flushes the buffered tail
                except OSError as exc:
                    raise SinkError(f"cannot write WARC file: {exc.strerror}") from exc

    def write(self, exchange: HttpExchange) -> str:
        """Write the response and request records; returns the response's WARC-Record-ID."""
        headers = [(k, v) for k, v in exchange.response_headers if k.lower() not in _DROPPED_HEADERS]
        headers.append(("Content-Length", str(len(exchange.body))))
        status_line = f"{exchange.status} {exchange.reason}".strip()
        response = self._writer.create_warc_record(
            exchange.url,
            "response",
            payload=BytesIO(exchange.body),
            length=len(exchange.body),
            http_headers=StatusAndHeaders(status_line, headers, protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": exchange.date},
        )
        record_id = str(response.rec_headers.get_header("WARC-Record-ID"))
        parts = urlsplit(exchange.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = self._writer.create_warc_record(
            exchange.url,
            "request",
            payload=BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(
                f"GET {target} HTTP/1.1", list(exchange.request_headers), is_http_request=True
            ),
            warc_headers_dict={"WARC-Date": exchange.date, "WARC-Concurrent-To": record_id},
        )
        with self._lock:
            self._write_record(response)
            self._write_record(request)
        return record_id

    def _write_record(self, record: Any) -> None:
        try:
            self._writer.write_record(record)
        except OSError as exc:
            raise SinkError(f"cannot write WARC record: {exc.strerror}") from exc


def iter_warc_pages(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_RECORD_BYTES
) -> Iterator[WarcPage | DocumentError]:
    """Each HTML response in a WARC file, or a DocumentError for a record that is not one.

    A corrupt or truncated file ends the iteration with one DocumentError saying after which record.
    """
    source = str(path)
    try:
        stream = _open_warc(source)
    except OSError as exc:
        yield DocumentError(source, f"cannot read WARC file: {exc.strerror}", stage="warc")
        return
    try:
        records = ArchiveIterator(stream, check_digests="raise")
        count = 0
        while True:
            try:  # only warcio's reading is guarded: a bug of ours must not pass for a bad file
                record = next(records)
                payload = _read_record(record, max_bytes)
            except StopIteration:
                break
            except _UNREADABLE as exc:
                reason = f"corrupt or truncated WARC after record {count}: {exc or type(exc).__name__}"
                yield DocumentError(source, reason, stage="warc")
                return
            count += 1
            result = _page_or_error(record, payload)
            if result is not None:
                yield result
    finally:
        stream.close()
    if not _ends_with_complete_record(source):
        reason = f"truncated WARC: the file ends inside the record after record {count}"
        yield DocumentError(source, reason, stage="warc")


def _ends_with_complete_record(source: str) -> bool:
    """Every WARC record ends with CRLF CRLF; an uncompressed file cut elsewhere lost a record.

    (warcio stops quietly when the file ends inside a record's header block. Gzipped files are
    checked by the gzip stream itself.)
    """
    with open(source, "rb") as raw:
        if raw.read(2) == b"\x1f\x8b":
            return True
        size = raw.seek(0, io.SEEK_END)
        if size == 0:
            return True
        raw.seek(max(0, size - 4))
        return raw.read() == b"\r\n\r\n"


class _StrictGzipReader(io.RawIOBase):
    """Inflates gzip members one after another, handing out all it can before reporting a cut.

    warcio's own inflater stops quietly at a truncated member, and Python's gzip module drops
    the data of the read that hits the cut; this one raises only once every byte is delivered.
    Output per step is bounded, so a compressed bomb inside a WARC cannot blow up memory.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._inflater = zlib.decompressobj(31)
        self._input = b""
        self._in_member = False
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._pending:
            self._pending = self._inflate_some()
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _inflate_some(self) -> bytes:
        while True:
            if not self._input:
                self._input = self._raw.read(_READ_BYTES)
                if not self._input:
                    if self._in_member:
                        # not an EOFError: warcio would take that for a clean end
                        raise TruncatedStreamError("the gzip stream ends inside a record")
                    return b""
            if self._inflater.eof:  # the previous member is complete: the next one starts
                self._inflater = zlib.decompressobj(31)
            self._in_member = True
            out = self._inflater.decompress(self._input, _READ_BYTES)
            if self._inflater.eof:
                self._input, self._in_member = self._inflater.unused_data, False
            else:
                self._input = self._inflater.unconsumed_tail
            if out:
                return out

    def close(self) -> None:
        self._raw.close()
        super().close()


# What warcio raises on damaged input; a cut header can even surface as AttributeError/TypeError.
_UNREADABLE = (
    ArchiveLoadFailed,
    TruncatedStreamError,
    zlib.error,
    EOFError,
    ValueError,
    OSError,
    AttributeError,
    TypeError,
    KeyError,
    IndexError,
)


def _open_warc(source: str) -> IO[bytes] | _StrictGzipReader:
    raw = open(source, "rb")  # noqa: SIM115 - the caller closes it
    if raw.peek(2)[:2] != b"\x1f\x8b":
        return raw
    return _StrictGzipReader(raw)  # unbuffered: a buffered read would lose what precedes a cut


@dataclass(frozen=True, slots=True)
class _Payload:
    """What was read of one record: its body (None when not a document), or why it is unusable."""

    body: bytes | None = None
    problem: str | None = None


def _read_record(record: Any, max_bytes: int) -> _Payload:
    """Read the record's bytes (warcio's part, which a damaged file makes raise)."""
    kind = str(record.rec_type)
    if kind in _SKIPPED_TYPES:
        missing = _missing_bytes(record)
        return _Payload(problem=f"truncated {kind} record: {missing} bytes missing" if missing else None)
    if kind not in ("response", "resource"):
        return _Payload(problem=f"{kind} record has no page to read")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return _Payload(problem=f"record payload over {max_bytes} bytes")
    missing = _missing_bytes(record)  # read first: a cut record has garbled headers
    if missing:
        return _Payload(problem=f"truncated record: {missing} bytes missing")
    return _Payload(body=bytes(body))


def _page_or_error(record: Any, payload: _Payload) -> WarcPage | DocumentError | None:
    """One record as a page, an error, or None for records that are not documents."""
    url = str(record.rec_headers.get_header("WARC-Target-URI") or "")
    record_id = str(record.rec_headers.get_header("WARC-Record-ID") or "")
    doc_id = url or record_id
    if payload.problem is not None:
        return DocumentError(doc_id, payload.problem, stage="warc")
    if payload.body is None:
        return None  # warcinfo, request, metadata ...: not documents
    body = payload.body
    status, content_type = _status_and_type(record)
    if not 200 <= status < 300:
        return DocumentError(doc_id, f"HTTP {status} response, not a page", stage="warc")
    mimetype, charset = parse_content_type(content_type)
    if mimetype not in HTML_TYPES and not (not mimetype and looks_like_html(body)):
        return DocumentError(doc_id, f"not HTML ({mimetype or 'no content type'})", stage="warc")
    html, encoding = decode_body(body, charset)
    date = record.rec_headers.get_header("WARC-Date")
    return WarcPage(url, html, str(date) if date else None, record_id, status, encoding)


def _status_and_type(record: Any) -> tuple[int, str | None]:
    if record.http_headers is None:  # a resource record: the block is the document
        return 200, record.rec_headers.get_header("Content-Type")
    code = str(record.http_headers.get_statuscode() or "0")
    status = int(code) if code.isdigit() else 0
    return status, record.http_headers.get_header("Content-Type")


def _missing_bytes(record: Any) -> int:
    """How many of the record's declared bytes the file lacks (warcio stops quietly at EOF)."""
    while record.raw_stream.read(64 * 1024):
        pass
    return int(getattr(record.raw_stream, "limit", 0) or 0)
