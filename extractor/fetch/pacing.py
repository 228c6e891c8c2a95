"""When the fetcher may send its next request: per-host rate limit, retry backoff, Retry-After."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# Statuses worth retrying: the server is busy or broken for now. 501 (not implemented) is not.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524})


class HostRateLimiter:
    """At most ``rate`` requests per second to each host; different hosts do not wait on each other.

    A request reserves the host's next free slot under a lock and sleeps outside it, so threads
    fetching other hosts are never blocked. ``rate`` 0 means no limit. A robots.txt Crawl-delay
    for a host widens that host's interval.
    """

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        max_crawl_delay: float = 30.0,
    ) -> None:
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._max_crawl_delay = max_crawl_delay
        self._next_free: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self._lock = threading.Lock()

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        with self._lock:
            self._crawl_delay[host] = min(max(seconds, 0.0), self._max_crawl_delay)

    def reserve(self, host: str) -> float:
        """Book the host's next slot and return how long to wait for it (does not sleep)."""
        with self._lock:
            now = self._clock()
            interval = max(self._interval, self._crawl_delay.get(host, 0.0))
            start = max(now, self._next_free.get(host, now))
            self._next_free[host] = start + interval
            return start - now

    def wait(self, host: str) -> None:
        delay = self.reserve(host)
        if delay > 0:
            self._sleep(delay)


def backoff_delay(attempt: int, base: float, maximum: float, rng: random.Random) -> float:
    """Exponential backoff with jitter: half fixed, half random, so clients spread out."""
    ceiling = min(maximum, base * (2.0**attempt))
    return ceiling / 2.0 + rng.uniform(0.0, ceiling / 2.0)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date), None if absent/bad."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
