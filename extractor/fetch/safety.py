"""Address checks for the fetcher: which URLs and IP addresses it may connect to.

A fetcher that takes URLs from feeds and redirects must not be steered into the local network
(cloud metadata at 169.254.169.254, admin pages on 10.x, services on loopback). Every hop's host is
resolved and each of its addresses checked before a connection is made; the peer address of the
connection is checked again afterwards, which catches a DNS answer that changed in between.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from extractor.errors import TerminalFetchError, TransientFetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]

ALLOWED_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which non-public addresses may be contacted: all (``allow_private``) or those listed."""

    allow_private: bool = False
    allowed: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_strings(cls, allow_private: bool, addresses: Sequence[str]) -> AddressPolicy:
        """Build a policy from addresses or networks ("127.0.0.1", "10.0.0.0/8"); ValueError if bad."""
        networks = tuple(ipaddress.ip_network(text.strip(), strict=False) for text in addresses)
        return cls(allow_private=allow_private, allowed=networks)

    def permits(self, address: IPAddress) -> bool:
        if self.allow_private or address_category(address) is None:
            return True
        return any(address.version == net.version and address in net for net in self.allowed)


def address_category(address: IPAddress) -> str | None:
    """Why an address is not a public one ("loopback", "private" ...), or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("non-global", not address.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def split_checked_url(url: str) -> SplitResult:
    """The URL's parts, if it is an http(s) URL with a host; TerminalFetchError otherwise."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise TerminalFetchError(url, f"malformed URL: {exc}") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise TerminalFetchError(url, f"scheme {parts.scheme or '(none)'!r} refused: only http and https")
    if not parts.hostname:
        raise TerminalFetchError(url, "URL has no host")
    return parts


def default_port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme.lower() == "https" else 80)


def resolve_host(host: str, port: int) -> list[str]:
    """All addresses a host name resolves to (what the connection may end up using)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def check_url_address(url: str, policy: AddressPolicy, resolver: Resolver = resolve_host) -> None:
    """Refuse (TerminalFetchError) a URL whose host resolves to an address the policy forbids."""
    parts = split_checked_url(url)
    host = parts.hostname or ""
    try:
        addresses = resolver(host, default_port(parts))
    except socket.gaierror as exc:
        if exc.errno == socket.EAI_AGAIN:
            raise TransientFetchError(url, f"temporary failure resolving {host}") from exc
        raise TerminalFetchError(url, f"cannot resolve host {host}: {exc.strerror}") from exc
    if not addresses:
        raise TerminalFetchError(url, f"host {host} has no address")
    for text in addresses:
        check_address(url, text, policy, host=host)


def check_address(url: str, text: str, policy: AddressPolicy, *, host: str | None = None) -> None:
    """Refuse (TerminalFetchError) one address the policy forbids."""
    address = ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone id
    if policy.permits(address):
        return
    where = f"{host} resolves to {address}" if host and host != str(address) else f"address {address}"
    raise TerminalFetchError(
        url,
        f"refused: {where}, a {address_category(address)} address "
        "(use --allow-private or --allow-address to permit it)",
    )
