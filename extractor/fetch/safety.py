"""Address checks for the fetcher: which URLs and IP addresses it may connect to.

A fetcher that takes URLs from feeds and redirects must not be steered into the local network
(cloud metadata at 169.254.169.254, admin pages on 10.x, services on loopback). Every hop's host is
resolved and each of its addresses checked before a request is made (a clear error early); and
every connection the HTTP layer opens resolves the host again, checks every address, and connects
to a checked address itself (``session.GuardedAdapter``), so a DNS answer that changes in between
(rebinding) never reaches a forbidden address, whatever the server does with its connections.
``--allow-private`` opens private and loopback addresses, never link-local or cloud-metadata ones.
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


# Cloud instance-metadata services outside the link-local ranges (which are refused anyway):
# AWS over IPv6, Alibaba Cloud. Reading them hands out the machine's credentials.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(text) for text in ("fd00:ec2::254", "100.100.100.200"))
# Categories that --allow-private still refuses: no one asking for their LAN means these.
NEVER_WITH_ALLOW_PRIVATE = frozenset({"link-local", "cloud metadata"})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which non-public addresses may be contacted: those listed (``allowed``), and with
    ``allow_private`` every one but link-local and cloud-metadata addresses."""

    allow_private: bool = False
    allowed: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_strings(cls, allow_private: bool, addresses: Sequence[str]) -> AddressPolicy:
        """Build a policy from addresses or networks ("127.0.0.1", "10.0.0.0/8"); ValueError if bad."""
        networks = tuple(ipaddress.ip_network(text.strip(), strict=False) for text in addresses)
        return cls(allow_private=allow_private, allowed=networks)

    def permits(self, address: IPAddress) -> bool:
        category = address_category(address)
        if category is None:
            return True
        if any(address.version == net.version and address in net for net in self.allowed):
            return True  # named explicitly
        return self.allow_private and category not in NEVER_WITH_ALLOW_PRIVATE


def _embedded_ipv4(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one stands for (mapped, NAT64, 6to4), else the address itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if address.sixtofour is not None:
            return address.sixtofour
    return address


def address_category(address: IPAddress) -> str | None:
    """Why an address is not a public one ("loopback", "private" ...), or None when it is public."""
    address = _embedded_ipv4(address)
    checks = (
        ("cloud metadata", address in METADATA_ADDRESSES),
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
    checked_addresses(url, parts.hostname or "", default_port(parts), policy, resolver)


def checked_addresses(
    url: str, host: str, port: int, policy: AddressPolicy, resolver: Resolver = resolve_host
) -> list[str]:
    """The addresses ``host`` resolves to, all permitted; TerminalFetchError (Transient for a
    temporary DNS failure) otherwise."""
    try:
        addresses = resolver(host, port)
    except socket.gaierror as exc:
        if exc.errno == socket.EAI_AGAIN:
            raise TransientFetchError(url, f"temporary failure resolving {host}") from exc
        raise TerminalFetchError(url, f"cannot resolve host {host}: {exc.strerror}") from exc
    if not addresses:
        raise TerminalFetchError(url, f"host {host} has no address")
    for text in addresses:
        check_address(url, text, policy, host=host)
    return list(addresses)


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
