"""The HTTP layer under the fetcher: sessions, one response read under a byte cap, error mapping,
and the address guard on every connection (``GuardedAdapter``).

requests-cache is used as an on-disk store of validated responses only: its own save path reads
the whole (decompressed) body into memory, which would defeat the byte cap, so its filter keeps it
from saving anything itself, and the fetcher saves a response after reading it under the cap.
Every cached response is revalidated (If-None-Match / If-Modified-Since); a 304 serves the copy.
"""

from __future__ import annotations

import re
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from requests_cache import CachedSession
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.connection import create_connection

from extractor.errors import FetchError, TerminalFetchError, TransientFetchError
from extractor.fetch.safety import AddressPolicy, checked_addresses

CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Reply:
    """One HTTP response of one hop: status, headers, the body read so far (empty unless 2xx)."""

    url: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    request_headers: tuple[tuple[str, str], ...]
    content_type: str = ""
    body: bytes = b""
    from_cache: bool = False

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


class AddressRefused(OSError):
    """A connection the address guard would not open (carries the fetcher's error)."""

    def __init__(self, error: FetchError) -> None:
        super().__init__(error.reason)
        self.error = error


class _GuardedConnection(HTTPConnection):
    """Connects only to addresses the policy permits: resolves the host itself, checks every
    address, and opens the socket to a checked one (the Host header and TLS SNI keep the name),
    so no later DNS answer and no kind of server connection handling can slip past the check."""

    policy: AddressPolicy = AddressPolicy()

    def _new_conn(self) -> socket.socket:
        url = f"{self.host}:{self.port}"  # for the message only: the fetcher names the real URL
        try:
            addresses = checked_addresses(url, self._dns_host, self.port, self.policy)
        except FetchError as exc:
            raise AddressRefused(exc) from exc
        last: OSError | None = None
        for address in addresses:
            try:
                return create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as exc:
                raise urllib3.exceptions.ConnectTimeoutError(self, f"connect to {address} timed out") from exc
            except OSError as exc:
                last = exc
        raise urllib3.exceptions.NewConnectionError(self, f"Failed to establish a new connection: {last}")


class _GuardedHTTPSConnection(_GuardedConnection, HTTPSConnection):
    """The guarded connection under TLS (``HTTPSConnection.connect`` wraps our socket)."""


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose every connection passes the address guard (see above)."""

    def __init__(self, policy: AddressPolicy, **kwargs: Any) -> None:
        self._policy = policy
        super().__init__(**kwargs)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        policy = self._policy
        http = type("GuardedHTTPConnection", (_GuardedConnection,), {"policy": policy})
        https = type("GuardedHTTPSConnection", (_GuardedHTTPSConnection,), {"policy": policy})
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
            "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https}),
        }


def guard_session(session: requests.Session, policy: AddressPolicy) -> requests.Session:
    """Mount the address guard for http and https on ``session`` (replacing its adapters)."""
    session.mount("http://", GuardedAdapter(policy))
    session.mount("https://", GuardedAdapter(policy))
    return session


def _refusal(exc: BaseException) -> FetchError | None:
    """The guard's refusal somewhere in the chain urllib3 and requests wrap it in, if any."""
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, AddressRefused):
            return item.error
        stack += [*item.args, getattr(item, "reason", None), item.__cause__, item.__context__]
    return None


def _only_cached_responses(response: requests.Response) -> bool:
    """requests-cache filter: never let it save a live response itself (see the module docstring)."""
    return bool(getattr(response, "from_cache", False))


def make_session(cache_dir: Path | None) -> requests.Session:
    """A plain session, or one that revalidates against an SQLite cache in ``cache_dir``."""
    if cache_dir is None:
        return requests.Session()
    cache_dir.mkdir(parents=True, exist_ok=True)
    return CachedSession(
        cache_name=str(cache_dir / "http_cache"),
        backend="sqlite",
        allowable_codes=(200,),
        always_revalidate=True,
        filter_fn=_only_cached_responses,
    )


def save_to_cache(session: requests.Session, response: requests.Response, body: bytes) -> None:
    """Store a fully read 200 response that carries a validator, for revalidation next time."""
    if not isinstance(session, CachedSession) or getattr(response, "from_cache", False):
        return
    headers = response.headers
    if response.status_code != 200 or "no-store" in headers.get("Cache-Control", "").lower():
        return
    if "ETag" not in headers and "Last-Modified" not in headers:
        return
    # What requests itself sets once it has read a body.
    response._content = body
    response._content_consumed = True  # type: ignore[attr-defined]
    session.cache.save_response(response)


def read_capped(url: str, response: requests.Response, max_bytes: int, max_duration: float) -> bytes:
    """The decoded body, refused once it passes ``max_bytes`` (so a gzip bomb stops early)."""
    deadline = time.monotonic() + max_duration
    encoded = response.headers.get("Content-Encoding", "identity").lower() not in ("", "identity")
    body = bytearray()
    try:
        for chunk in response.iter_content(chunk_size=CHUNK_BYTES):
            body += chunk
            if len(body) > max_bytes:
                after = " after decompression" if encoded else ""
                raise TerminalFetchError(url, f"body larger than the {max_bytes}-byte cap{after}")
            if time.monotonic() > deadline:
                raise TransientFetchError(url, f"body not received within {max_duration:g} s")
    except requests.RequestException as exc:
        raise map_request_error(url, exc) from exc
    return bytes(body)


def _errno_text(exc: BaseException) -> str:
    """The useful end of urllib3's long messages: "Connection refused", "Name or service ..."."""
    match = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", str(exc))
    return match.group(1).strip() if match else type(exc).__name__


def _caused_by_read_timeout(exc: BaseException) -> bool:
    return any(isinstance(arg, urllib3.exceptions.ReadTimeoutError) for arg in exc.args) or (
        "Read timed out" in str(exc)
    )


def map_request_error(url: str, exc: requests.RequestException) -> FetchError:
    """A requests exception as our typed error, most specific first; transient means retry may help."""
    refused = _refusal(exc)
    if refused is not None:
        return type(refused)(url, refused.reason)
    if isinstance(exc, requests.ConnectTimeout):
        return TransientFetchError(url, "connect timeout")
    if isinstance(exc, requests.ReadTimeout) or (
        isinstance(exc, requests.ConnectionError) and _caused_by_read_timeout(exc)
    ):
        return TransientFetchError(url, "read timeout")
    if isinstance(exc, requests.exceptions.SSLError):
        return TerminalFetchError(url, f"TLS error: {_errno_text(exc)}")
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return TerminalFetchError(url, "body cannot be decompressed (bad Content-Encoding)")
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return TransientFetchError(url, "connection broken while reading the body")
    if isinstance(exc, requests.ConnectionError):
        return TransientFetchError(url, f"connection failed: {_errno_text(exc)}")
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema)):
        return TerminalFetchError(url, f"invalid URL: {exc}")
    if isinstance(exc, requests.exceptions.MissingSchema):
        return TerminalFetchError(url, "invalid URL: no scheme")
    return TransientFetchError(url, f"request failed: {type(exc).__name__}")
