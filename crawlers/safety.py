"""Where the crawler may connect: no loopback, private, link-local or metadata addresses
unless the operator allowed them.

Rules (decided in issue 3):

* A ``--resolve HOST:PORT:ADDR`` entry is an explicit operator decision: connections for
  exactly that HOST:PORT go to ADDR whatever ADDR is (this is how tests and fixture portals
  on 127.0.0.1 are reached). Another host, or the same host on another port, is *not*
  covered: a redirect from a mapped host to ``http://127.0.0.1:8080/`` or to
  ``169.254.169.254`` is blocked.
* ``--allow-private`` allows loopback and private (RFC 1918, ULA, CGNAT) addresses, for
  internal portals. Link-local addresses (169.254.0.0/16, fe80::/10, which include the
  cloud metadata service 169.254.169.254) stay blocked even then: only a ``--resolve``
  entry can reach them.
* The check happens at connect time on the addresses the name actually resolved to, and the
  connection goes to the vetted address (no DNS-rebinding window). The same policy is used
  by the crawler, by ``Snapshot.fetcher`` and by the browser's request interception.
"""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlsplit

from crawlers.options import CrawlOptions, parse_resolve

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"),
             ipaddress.ip_address("100.100.100.200")}  # AWS/GCP/Azure, AWS IPv6, Alibaba


class BlockedAddress(Exception):
    """A connection was refused by the address policy (not by the network)."""


def classify(ip: str) -> str | None:
    """None for a public address, else 'loopback' / 'private' / 'link-local' / 'metadata' / 'reserved'."""
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return "invalid"
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if addr in _METADATA:
        return "metadata"
    if addr.is_loopback:
        return "loopback"
    if addr.is_link_local:
        return "link-local"
    if addr.is_unspecified or addr.is_multicast or addr.is_reserved:
        return "reserved"
    if addr.is_private or addr in _CGNAT:
        return "private"
    return None


class AddressPolicy:
    def __init__(self, options: CrawlOptions):
        self.mapping = parse_resolve(options.resolve)
        self.allow_private = options.allow_private

    def mapped(self, host: str, port: int) -> str | None:
        return self.mapping.get((host.lower().rstrip("."), port))

    def ip_reason(self, ip: str) -> str | None:
        """Why connecting to ``ip`` is not allowed (None when it is)."""
        kind = classify(ip)
        if kind is None:
            return None
        if kind in ("loopback", "private") and self.allow_private:
            return None
        hint = " (use --resolve or --allow-private for internal portals)" if kind in ("loopback", "private") else \
            " (only a --resolve entry can reach it)"
        return f"blocked: {ip} is a {kind} address{hint}"

    def choose(self, host: str, port: int, infos: list[str]) -> str:
        """The address to connect to among resolved ``infos``; raises BlockedAddress."""
        if not infos:
            raise BlockedAddress(f"blocked: {host} did not resolve")
        reasons = [self.ip_reason(ip) for ip in infos]
        bad = [r for r in reasons if r]
        if bad:  # one private answer is enough to refuse: the name is not a public portal
            raise BlockedAddress(f"{bad[0]} ({host} resolves to it)" if host not in bad[0] else bad[0])
        return infos[0]

    def resolve_sync(self, host: str, port: int) -> str:
        """Address to connect to for host:port (mapping first, then DNS + checks)."""
        m = self.mapped(host, port)
        if m:
            return m
        return self.choose(host, port, _getaddrinfo(host, port))

    def url_reason(self, url: str) -> str | None:
        """Why ``url`` may not be fetched (resolves the name; cached). None when allowed."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            return f"blocked: unsupported URL {url[:80]}"
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return f"blocked: bad port in {url[:80]}"
        if self.mapped(host, port):
            return None
        try:
            self.choose(host, port, _cached_getaddrinfo(host, port))
        except BlockedAddress as exc:
            return str(exc)
        return None


def _getaddrinfo(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return []
    out: list[str] = []
    for _f, _t, _p, _c, sockaddr in infos:
        if sockaddr[0] not in out:
            out.append(sockaddr[0])
    return out


@lru_cache(maxsize=1024)
def _cached_getaddrinfo(host: str, port: int) -> list[str]:
    return _getaddrinfo(host, port)
