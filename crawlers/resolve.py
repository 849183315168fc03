"""curl's ``--resolve`` for httpx, plus the address policy (crawlers/safety.py).

Mapping happens at the TCP layer (an httpcore network backend), so the URL, the Host
header, TLS SNI and certificate checks all still see HOST. Every other name is resolved
here, checked against the policy (no loopback/private/link-local/metadata unless allowed)
and the connection goes to the vetted address.
"""

from __future__ import annotations

import functools
import socket
import ssl

import anyio
import httpcore
import httpx

from crawlers.options import CrawlOptions, parse_resolve
from crawlers.safety import AddressPolicy, BlockedAddress


class BlockedConnect(httpcore.ConnectError):
    """httpcore.ConnectError raised by the policy (httpx turns it into httpx.ConnectError)."""


def is_blocked(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, (BlockedConnect, BlockedAddress)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _policy(mapping_or_policy) -> AddressPolicy:
    if isinstance(mapping_or_policy, AddressPolicy):
        return mapping_or_policy
    # legacy form: a plain mapping means "only --resolve"; everything else unchecked
    p = AddressPolicy(CrawlOptions(allow_private=True))
    p.mapping = dict(mapping_or_policy)
    return p


class ResolvingBackend(httpcore.SyncBackend):
    def __init__(self, mapping_or_policy):
        self.policy = _policy(mapping_or_policy)

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            target = self.policy.resolve_sync(host, port)
        except BlockedAddress as exc:
            raise BlockedConnect(str(exc)) from None
        return super().connect_tcp(target, port, timeout=timeout, local_address=local_address, socket_options=socket_options)


class AsyncResolvingBackend(httpcore.AnyIOBackend):
    def __init__(self, mapping_or_policy):
        self.policy = _policy(mapping_or_policy)

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        target = self.policy.mapped(host, port)
        if target is None:
            try:
                infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
                addrs: list[str] = []
                for *_x, sockaddr in infos:
                    if sockaddr[0] not in addrs:
                        addrs.append(sockaddr[0])
            except OSError:
                addrs = []
            if not addrs:
                raise httpcore.ConnectError(f"cannot resolve {host}")
            try:
                target = self.policy.choose(host, port, addrs)
            except BlockedAddress as exc:
                raise BlockedConnect(str(exc)) from None
        return await super().connect_tcp(target, port, timeout=timeout, local_address=local_address, socket_options=socket_options)


def _opts(resolve: list[str], options: CrawlOptions | None) -> AddressPolicy:
    if options is not None:
        return AddressPolicy(options)
    return AddressPolicy(CrawlOptions(resolve=list(resolve), allow_private=False))


@functools.lru_cache(maxsize=2)
def ssl_context(verify: bool) -> ssl.SSLContext:
    """One TLS context per mode for the whole process: building one loads the CA bundle
    (~20 ms), and every on-demand fetch of the checks opens a client of its own."""
    return httpx.create_ssl_context(verify=verify)


def transport(resolve: list[str], *, verify: bool = True, max_connections: int = 10,
              options: CrawlOptions | None = None) -> httpx.HTTPTransport:
    """A sync transport applying --resolve and the address policy (private targets are
    refused unless ``options.allow_private``; without ``options`` the defaults apply)."""
    t = httpx.HTTPTransport(verify=ssl_context(verify), limits=httpx.Limits(max_connections=max_connections))
    t._pool._network_backend = ResolvingBackend(_opts(resolve, options))  # httpx has no public hook
    return t


def async_transport(resolve: list[str], *, verify: bool = True, max_connections: int = 10,
                    options: CrawlOptions | None = None) -> httpx.AsyncHTTPTransport:
    t = httpx.AsyncHTTPTransport(verify=ssl_context(verify), limits=httpx.Limits(max_connections=max_connections,
                                                                    max_keepalive_connections=max_connections))
    t._pool._network_backend = AsyncResolvingBackend(_opts(resolve, options))
    return t


__all__ = ["transport", "async_transport", "is_blocked", "BlockedConnect", "parse_resolve"]
