"""robots.txt as RFC 9309 reads it: groups per user agent, ``*``/``$`` patterns, longest match wins.

(urllib.robotparser takes the first matching line and treats ``*`` literally, so it lets through
paths like ``/*?print=`` that sites do disallow.) One ``RobotsCache`` per fetcher keeps each
origin's rules for the run.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from extractor.errors import TerminalFetchError, TransientFetchError

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB


@dataclass(frozen=True, slots=True)
class RobotsRule:
    allow: bool
    path: str
    pattern: re.Pattern[str]

    @classmethod
    def of(cls, allow: bool, path: str) -> RobotsRule:
        return cls(allow=allow, path=path, pattern=_pattern(path))

    def matches(self, target: str) -> bool:
        return self.pattern.match(target) is not None


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules of the group that applies to our agent, plus the file's Sitemap lines."""

    rules: tuple[RobotsRule, ...] = ()
    crawl_delay: float | None = None
    sitemaps: tuple[str, ...] = ()
    disallow_all_reason: str | None = None  # set when robots.txt could not be read (RFC: 5xx)

    def allows(self, url: str) -> bool:
        if self.disallow_all_reason is not None:
            return False
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        matching = [rule for rule in self.rules if rule.matches(target)]
        if not matching:
            return True
        # Longest pattern wins; on a tie, allow wins.
        best = max(matching, key=lambda rule: (len(rule.path), rule.allow))
        return best.allow


def _pattern(path: str) -> re.Pattern[str]:
    anchored = path.endswith("$")
    body = path[:-1] if anchored else path
    regex = ".*".join(re.escape(piece) for piece in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""))


@dataclass(slots=True)
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[RobotsRule] = field(default_factory=list)
    crawl_delay: float | None = None


def _parse_lines(text: str) -> tuple[list[_Group], list[str]]:
    groups: list[_Group] = []
    sitemaps: list[str] = []
    current: _Group | None = None
    for raw_line in text.splitlines():
        name, _, value = raw_line.split("#", 1)[0].partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "user-agent":
            if current is None or current.rules or current.crawl_delay is not None:
                current = _Group()
                groups.append(current)
            current.agents.append(value.lower())
        elif name in ("allow", "disallow") and current is not None:
            if value:  # an empty Disallow allows everything
                current.rules.append(RobotsRule.of(allow=name == "allow", path=value))
        elif name == "crawl-delay" and current is not None:
            with contextlib.suppress(ValueError):
                current.crawl_delay = float(value)
        elif name == "sitemap" and value:
            sitemaps.append(value)
    return groups, sitemaps


def parse_robots(text: str, agent: str) -> RobotsRules:
    """The rules for ``agent`` (a product token like "newsfacts"); groups naming it beat ``*``."""
    groups, sitemaps = _parse_lines(text)
    token = agent.lower()
    own = [g for g in groups if token in g.agents]
    chosen = own or [g for g in groups if "*" in g.agents]
    rules = tuple(rule for g in chosen for rule in g.rules)
    delays = [g.crawl_delay for g in chosen if g.crawl_delay is not None]
    return RobotsRules(rules=rules, crawl_delay=max(delays) if delays else None, sitemaps=tuple(sitemaps))


# Given a robots.txt URL, returns (status, text); raises FetchError when unreachable.
RobotsLoader = Callable[[str], tuple[int, str]]


class RobotsCache:
    """Each origin's robots.txt, read once per run (a lock per origin avoids double reads)."""

    def __init__(self, agent: str, loader: RobotsLoader) -> None:
        self._agent = agent
        self._loader = loader
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def rules_for(self, url: str) -> RobotsRules:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._rules:
                self._rules[origin] = self._load(origin + "/robots.txt")
            return self._rules[origin]

    def check(self, url: str) -> RobotsRules:
        """The origin's rules; TerminalFetchError if they disallow ``url`` (Transient if unreadable)."""
        rules = self.rules_for(url)
        if rules.disallow_all_reason is not None:
            raise TransientFetchError(url, rules.disallow_all_reason)
        if not rules.allows(url):
            raise TerminalFetchError(url, f"disallowed by robots.txt for {self._agent}")
        return rules

    def _load(self, robots_url: str) -> RobotsRules:
        try:
            status, text = self._loader(robots_url)
        except TransientFetchError as exc:
            # RFC 9309: an unreachable robots.txt means "assume complete disallow".
            return RobotsRules(disallow_all_reason=f"robots.txt unreachable ({exc.reason})")
        except TerminalFetchError:
            return RobotsRules()  # e.g. robots.txt is not text: treat as absent
        if 200 <= status < 300:
            return parse_robots(text, self._agent)
        if 400 <= status < 500:
            return RobotsRules()  # RFC 9309: unavailable robots.txt allows everything
        return RobotsRules(disallow_all_reason=f"robots.txt unreachable (HTTP {status})")
