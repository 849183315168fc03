"""Where d43 may connect: one address policy for the crawler, the on-demand fetcher and the
browser, applied to every connection (every redirect hop, subresource, WebSocket …).

Rules (issue 3, tightened in issue 14):

* A ``--resolve HOST:PORT:ADDR`` entry is an explicit operator decision: connections for
  exactly that HOST:PORT go to ADDR whatever ADDR is (this is how tests and fixture portals
  on 127.0.0.1 are reached, and the only way to reach a link-local address). Another host,
  or the same host on another port, is *not* covered: a redirect from a mapped host to
  ``http://127.0.0.1:8080/`` or to ``169.254.169.254`` is blocked.
* ``--allow-private`` opens the private ranges (RFC 1918, ULA, CGNAT) for any host, for
  internal portals. It does not open loopback in general: with it, loopback is reachable
  only for the ``host:port`` authorities the operator named (``CrawlOptions.allow``; the
  crawl adds the start URL's own authority), so a portal cannot make d43 reach other
  services of the machine it runs on. Without ``--allow-private`` a named authority gets
  no more than any other (a start URL whose DNS points at 127.0.0.1 stays blocked).
* Link-local and metadata addresses (169.254.0.0/16, fe80::/10, 169.254.169.254,
  fd00:ec2::254, 100.100.100.200) are reached only through a ``--resolve`` entry: never
  through ``--allow-private`` nor the start URL.
* The check happens at connect time on every address the name resolved to (one bad answer
  refuses the name), and the connection goes to the vetted address, so DNS answers that
  change between check and connect cannot get through. The HTTP crawler applies it in its
  transport (crawlers/resolve.py); Chromium reaches the network only through d43's proxy
  (crawlers/proxy.py), which applies it to each connection the browser opens.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import replace
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


Resolver = Callable[[str, int], list[str]]


def authority(url: str) -> str | None:
    """``"host:port"`` of an http(s) URL (default port filled in), None for other URLs."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    host = parts.hostname.lower().rstrip(".")
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def allow_start(options: CrawlOptions, url: str) -> CrawlOptions:
    """``options`` with the start URL's authority named as operator-chosen (``allow``).

    A copy: one options object may serve many portals (a scan), and one portal's start URL
    must not open the address of another's. The crawler and the gatherers of a portal
    (crawlers/gather.py, the browser included) both call this with the portal's start URL."""
    auth = authority(url)
    if not auth or auth in options.allow:
        return options
    return replace(options, allow=[*options.allow, auth])


def _parse_authority(entry: str) -> tuple[str, int] | None:
    host, sep, port = entry.strip().rpartition(":")
    if not sep or not port.isdigit() or not host:
        return None
    return host.strip("[]").lower().rstrip("."), int(port)


class AddressPolicy:
    """The rules of this module for one set of options (see the module docstring)."""

    def __init__(self, options: CrawlOptions):
        self.mapping = parse_resolve(options.resolve)
        self.allow_private = options.allow_private
        self.named = {a for a in map(_parse_authority, getattr(options, "allow", []) or []) if a}

    def mapped(self, host: str, port: int) -> str | None:
        return self.mapping.get((host.lower().rstrip(".").strip("[]"), port))

    def ip_reason(self, ip: str, host: str = "", port: int = 0) -> str | None:
        """Why connecting to ``ip`` for ``host:port`` is not allowed (None when it is)."""
        kind = classify(ip)
        if kind is None:
            return None
        if kind == "private" and self.allow_private:
            return None
        if kind == "loopback" and self.allow_private and (host.lower().rstrip(".").strip("[]"), port) in self.named:
            return None
        if kind == "private":
            hint = " (use --resolve or --allow-private for internal portals)"
        elif kind == "loopback":
            hint = " (only a --resolve entry, or the start URL with --allow-private, can reach it)"
        else:
            hint = " (only a --resolve entry can reach it)"
        return f"blocked: {ip} is a {kind} address{hint}"

    def choose(self, host: str, port: int, infos: list[str]) -> str:
        """The address to connect to among resolved ``infos``; raises BlockedAddress."""
        if not infos:
            raise BlockedAddress(f"blocked: {host} did not resolve")
        bad = [r for r in (self.ip_reason(ip, host, port) for ip in infos) if r]
        if bad:  # one private answer is enough to refuse: the name is not a public portal
            raise BlockedAddress(f"{bad[0]} ({host} resolves to it)" if host not in bad[0] else bad[0])
        return infos[0]

    def resolve_sync(self, host: str, port: int, resolver: Resolver | None = None) -> str:
        """Address to connect to for host:port (mapping first, then ONE resolution + checks);
        the caller connects to exactly this address (pinned)."""
        m = self.mapped(host, port)
        if m:
            return m
        return self.choose(host, port, (resolver or resolve_all)(host, port))

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
            self.choose(host, port, _cached_resolve(host, port))
        except BlockedAddress as exc:
            return str(exc)
        return None


def resolve_all(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (empty when it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):  # no such name; a name IDNA cannot encode
        return []
    out: list[str] = []
    for _f, _t, _p, _c, sockaddr in infos:
        if str(sockaddr[0]) not in out:
            out.append(str(sockaddr[0]))
    return out


@lru_cache(maxsize=1024)
def _cached_resolve(host: str, port: int) -> list[str]:
    return resolve_all(host, port)
