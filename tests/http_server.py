"""A real HTTP server for fetcher tests: ThreadingHTTPServer on 127.0.0.1 in a thread, with routes.

``LocalServer("127.0.0.2")`` is a twin on another loopback address; ``protocol="HTTP/1.0"`` a
server that closes each connection after one response.

Each route maps a path to a function of the recorded request that returns a ``Reply``; the server
records every request (path, headers, time) so tests can check what the client actually sent.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass(frozen=True, slots=True)
class SeenRequest:
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when it arrived

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


@dataclass(slots=True)
class Reply:
    """What a route answers. ``chunks`` streams the body without Content-Length (then closes)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # before the status line
    chunks: Iterable[bytes] | None = None
    chunk_delay: float = 0.0  # between streamed chunks


Route = Callable[[SeenRequest], Reply]


def html_reply(body: str | bytes, *, charset: str | None = "utf-8", **headers: str) -> Reply:
    data = body.encode(charset or "utf-8") if isinstance(body, str) else body
    content_type = "text/html" + (f"; charset={charset}" if charset else "")
    return Reply(body=data, headers={"Content-Type": content_type, **headers})


class LocalServer:
    """Start with ``with LocalServer() as server:``; ``server.url("/path")`` is an http URL to it."""

    def __init__(self, host: str = "127.0.0.1", *, protocol: str = "HTTP/1.1") -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[SeenRequest] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer((host, 0), self._handler_class(protocol))
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def route(self, path: str, reply: Reply | Route) -> None:
        self.routes[path] = reply if callable(reply) else (lambda _request: reply)

    def sequence(self, path: str, replies: list[Reply]) -> None:
        """Answer ``path`` with each reply in turn, the last one from then on."""
        remaining = list(replies)

        def next_reply(_request: SeenRequest) -> Reply:
            with self._lock:
                return remaining.pop(0) if len(remaining) > 1 else remaining[0]

        self.routes[path] = next_reply

    def requests_to(self, path: str) -> list[SeenRequest]:
        with self._lock:
            return [r for r in self.seen if r.path == path]

    def _record(self, request: SeenRequest) -> Reply:
        with self._lock:
            self.seen.append(request)
        route = self.routes.get(request.path) or self.routes.get(request.path.split("?", 1)[0])
        return route(request) if route else Reply(status=404, body=b"not found")

    def _handler_class(self, protocol: str) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = protocol  # HTTP/1.0: one request per connection

            def handle(self) -> None:
                # The client closed a kept-alive connection or gave up (timeout, cap): fine.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    super().handle()

            def do_GET(self) -> None:
                seen = SeenRequest(self.path, dict(self.headers.items()), time.monotonic())
                reply = server._record(seen)
                self._send(reply)

            def _send(self, reply: Reply) -> None:
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.chunks is None:
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                    return
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                for chunk in _paced(reply.chunks, reply.chunk_delay):
                    self.wfile.write(chunk)
                    self.wfile.flush()

            def log_message(self, format: str, *args: object) -> None:
                """Keep test output quiet."""

        return Handler


def _paced(chunks: Iterable[bytes], delay: float) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk
        if delay:
            time.sleep(delay)
