"""The queues behind ``Fetcher.fetch_many``: URLs are admitted in input order, each host's URLs
are fetched one after another by one worker at a time (politeness), different hosts side by side.

``HostWindow.admit`` hands back a future for each URL; a host that has no worker gets one from
the pool, which drains that host's queue and goes. No worker ever waits for a URL that was not
admitted, so the consumer, which admits a bounded number ahead of what it reads, cannot deadlock.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Generic, TypeVar

Result = TypeVar("Result")


class HostWindow(Generic[Result]):
    """Per-host queues of admitted URLs, each drained by at most one worker at a time."""

    def __init__(self, fetch: Callable[[str], Result], pool: Executor) -> None:
        self._fetch = fetch
        self._pool = pool
        self._lock = threading.Lock()
        self._queues: dict[str, deque[tuple[str, Future[Result]]]] = {}
        self._stopped = threading.Event()

    def admit(self, url: str, host: str) -> Future[Result]:
        """Queue ``url`` behind the earlier URLs of ``host``; its result will be in the future."""
        future: Future[Result] = Future()
        with self._lock:
            queue = self._queues.get(host)
            idle = queue is None  # no worker on this host yet
            if queue is None:
                queue = self._queues[host] = deque()
            queue.append((url, future))
        if idle:
            self._pool.submit(self._drain, host)
        return future

    def stop(self) -> None:
        """Cancel what is not fetched yet (the consumer has stopped reading)."""
        self._stopped.set()

    def _drain(self, host: str) -> None:
        while True:
            with self._lock:
                queue = self._queues[host]
                if not queue:
                    del self._queues[host]  # the next URL of this host starts a new worker
                    return
                url, future = queue.popleft()
            if self._stopped.is_set():
                future.cancel()
                continue
            try:
                future.set_result(self._fetch(url))
            except BaseException as exc:  # a bug: surface it to the consumer, not into the pool
                future.set_exception(exc)
