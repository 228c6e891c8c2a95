"""What shapes fetching (``FetchOptions``), apart from the fetcher so that the command line can
offer the switches and their defaults without loading the HTTP stack."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractor._version import __version__
from extractor.fetch.safety import AddressPolicy

CONTACT = "set-your-contact@example.org"


def default_user_agent() -> str:
    """``newsfacts/<version> (+contact: ...)``: who we are and how to reach the operator."""
    return f"newsfacts/{__version__} (+contact: {CONTACT})"


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Everything that shapes fetching, built once (at the CLI edge) and passed down."""

    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    max_duration: float = 120.0  # whole body, against servers that trickle bytes
    retries: int = 3  # extra attempts after the first
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    max_retry_wait: float = 120.0  # a longer Retry-After is not waited for: the URL fails instead
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 10
    user_agent: str = field(default_factory=default_user_agent)
    rate: float = 1.0  # requests per second to each host; 0 = no limit
    workers: int = 4
    window_size: int = 64  # URLs fetched ahead of the one fetch_many's consumer waits for
    cache_dir: Path | None = None
    respect_robots: bool = True
    allow_private: bool = False
    allowed_addresses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        positive = {
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
            "max_duration": self.max_duration,
            "max_bytes": self.max_bytes,
            "workers": self.workers,
            "window_size": self.window_size,
        }
        for name, value in positive.items():
            if value <= 0:
                raise ValueError(f"{name} must be positive, not {value}")
        for name, value in {
            "retries": self.retries,
            "rate": self.rate,
            "max_redirects": self.max_redirects,
        }.items():
            if value < 0:
                raise ValueError(f"{name} must not be negative, not {value}")
        if not self.user_agent.strip():
            raise ValueError("user_agent must not be empty")
        self.address_policy()  # raises ValueError for a malformed address

    def address_policy(self) -> AddressPolicy:
        return AddressPolicy.from_strings(self.allow_private, self.allowed_addresses)
