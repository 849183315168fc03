"""The address policy (crawlers/safety.py) and curl's ``--resolve`` for the crawler's HTTP
client (aiohttp).

Every host name is resolved here, checked against the policy (no loopback, private,
link-local or metadata address unless allowed) and the connection goes to the vetted
address: the client connects to exactly what was checked, and the URL, the ``Host``
header, TLS SNI and certificate checks all still see the name. ``--resolve HOST:PORT:ADDR``
entries map a name without asking DNS. aiohttp does not ask a resolver for a URL whose host
is an IP address, so :meth:`PolicyResolver.check_literal` vets those before the request.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
import ssl
from typing import Any

import certifi
from aiohttp.abc import AbstractResolver

from crawlers.safety import AddressPolicy, BlockedAddress


def is_blocked(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or what caused it) is the address policy refusing a connection."""
    while exc is not None:
        if isinstance(exc, BlockedAddress):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


@functools.lru_cache(maxsize=256)
def literal_ip(host: str) -> str | None:
    """The address an IP-literal host names, also in the legacy numeric spellings socket
    libraries accept (``127.1``, ``2130706433``, ``0x7f000001``, a trailing dot); None for
    a name."""
    h = host.strip("[]").rstrip(".")
    try:
        return str(ipaddress.ip_address(h))
    except ValueError:
        pass
    if not h or not all(part and (part.isdigit() or part.lower().startswith("0x")) for part in h.split(".")):
        return None
    try:
        return socket.inet_ntoa(socket.inet_aton(h))
    except OSError:
        return None


class PolicyResolver(AbstractResolver):
    """aiohttp's resolver hook: ``--resolve`` mapping first, else one lookup whose every
    answer must pass the policy (one private answer is enough to refuse the name)."""

    def __init__(self, policy: AddressPolicy):
        self.policy = policy

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> list[Any]:
        target = self.policy.mapped(host, port)
        if target is None:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except (OSError, UnicodeError, ValueError):  # no such name; a name IDNA cannot encode
                infos = []
            addrs: list[str] = []
            for *_x, sockaddr in infos:
                if str(sockaddr[0]) not in addrs:
                    addrs.append(str(sockaddr[0]))
            if not addrs:
                raise OSError(f"cannot resolve {host}")  # aiohttp reports it as a connection error
            target = self.policy.choose(host, port, addrs)  # raises BlockedAddress
        fam = socket.AF_INET6 if ":" in target else socket.AF_INET
        return [{"hostname": host, "host": target, "port": port, "family": fam, "proto": 0,
                 "flags": socket.AI_NUMERICHOST}]

    async def close(self) -> None:
        return None

    def check_literal(self, host: str, port: int) -> None:
        """Raise :class:`BlockedAddress` for an IP-address host the policy refuses (aiohttp
        connects to those without asking the resolver)."""
        ip = literal_ip(host) if host else None
        if ip is not None and self.policy.mapped(host, port) is None:
            self.policy.choose(host, port, [ip])


@functools.lru_cache(maxsize=2)
def ssl_context(verify: bool) -> ssl.SSLContext:
    """One TLS context per mode for the whole process: building one loads the CA bundle
    (~20 ms), and every on-demand fetch of the checks opens a client of its own. The CA
    bundle is certifi's (the one the crawler used with httpx), not the system's, so a
    verdict on a portal's certificate does not depend on the machine it ran on."""
    if not verify:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx
    return ssl.create_default_context(cafile=certifi.where())


__all__ = ["PolicyResolver", "is_blocked", "ssl_context"]
