"""curl's ``--resolve`` for httpx: connections for HOST:PORT go to ADDR.

Mapping happens at the TCP layer (an httpcore network backend), so the URL, the Host
header, TLS SNI and certificate checks all still see HOST.
"""

from __future__ import annotations

import httpcore
import httpx

from crawlers.options import parse_resolve


class ResolvingBackend(httpcore.SyncBackend):
    def __init__(self, mapping: dict[tuple[str, int], str]):
        self.mapping = mapping

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        target = self.mapping.get((host.lower(), port), host)
        return super().connect_tcp(target, port, timeout=timeout, local_address=local_address, socket_options=socket_options)


class AsyncResolvingBackend(httpcore.AnyIOBackend):
    def __init__(self, mapping: dict[tuple[str, int], str]):
        self.mapping = mapping

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        target = self.mapping.get((host.lower(), port), host)
        return await super().connect_tcp(target, port, timeout=timeout, local_address=local_address, socket_options=socket_options)


def transport(resolve: list[str], *, verify: bool = True, max_connections: int = 10) -> httpx.HTTPTransport:
    t = httpx.HTTPTransport(verify=verify, limits=httpx.Limits(max_connections=max_connections))
    if resolve:
        t._pool._network_backend = ResolvingBackend(parse_resolve(resolve))  # httpx has no public hook
    return t


def async_transport(resolve: list[str], *, verify: bool = True, max_connections: int = 10) -> httpx.AsyncHTTPTransport:
    t = httpx.AsyncHTTPTransport(verify=verify, limits=httpx.Limits(max_connections=max_connections))
    if resolve:
        t._pool._network_backend = AsyncResolvingBackend(parse_resolve(resolve))
    return t
