"""The forward proxy through which Chromium makes every connection (issue 14).

Why a proxy: Playwright's ``context.route()`` sees only the first URL of a redirect chain
and never sees WebSockets, and Chromium resolves names on its own, so request interception
cannot keep a hostile page away from 127.0.0.1 or 169.254.169.254. Chromium launched with
``--proxy-server`` (and ``<-loopback>`` so loopback is proxied too) sends every connection
here instead: each redirect hop, subresource, iframe, fetch/XHR, beacon, EventSource, and
every WebSocket (Chromium tunnels ``ws:``/``wss:`` through ``CONNECT``). For each one the
proxy takes the host and port, applies :class:`crawlers.safety.AddressPolicy` (a
``--resolve`` entry → its address; otherwise ONE resolution, refused when any answer is
disallowed) and connects to exactly the vetted address, so a DNS answer that changes
between the check and the connect cannot get through. A refusal is a ``403`` (header
``X-D43-Blocked``) and is reported through ``on_block``.

Supported: ``CONNECT host:port`` (bytes relayed both ways until one side is idle for
``idle_timeout``) and absolute-form plain-HTTP requests (one request per upstream
connection, ``Connection: close``). Request heads are capped at :data:`MAX_HEAD` bytes, the
number of clients at ``max_clients``; a misbehaving client only loses its own connection.

The proxy runs an asyncio loop on its own daemon thread, bound to 127.0.0.1 on an ephemeral
port; :class:`crawlers.browser.BrowserSession` starts and stops it with the browser.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable
from typing import Self
from urllib.parse import SplitResult, urlsplit

from crawlers.safety import AddressPolicy, BlockedAddress, Resolver, resolve_all

MAX_HEAD = 64 * 1024  # request/response head (request line + headers), and one chunk-size line
_HOP = {"connection", "proxy-connection", "keep-alive", "proxy-authorization", "proxy-authenticate", "te",
        "trailer", "upgrade"}
Opener = Callable[[str, int], Awaitable[tuple[asyncio.StreamReader, asyncio.StreamWriter]]]


class BadRequest(Exception):
    """The client's request cannot be proxied (answered with 400)."""


def split_authority(target: str) -> tuple[str, int]:
    """``host:port`` / ``[v6]:port`` of a CONNECT request → (host, port); raises BadRequest."""
    host, sep, port = target.rpartition(":")
    if not sep or not port.isdigit() or not host or not 0 < int(port) < 65536:
        raise BadRequest(f"bad CONNECT target {target[:100]!r}")
    if host.startswith("[") != host.endswith("]"):
        raise BadRequest(f"bad CONNECT target {target[:100]!r}")
    return host.strip("[]").lower().rstrip("."), int(port)


async def _open(addr: str, port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.open_connection(addr, port, limit=MAX_HEAD)


class PolicyProxy:
    """A forward proxy that applies ``policy`` to every connection (see the module docstring).

    ``resolver`` (host, port → addresses) and ``opener`` (address, port → streams) are
    injectable so that tests can play a DNS server whose answers change, and observe which
    address the proxy really connects to.
    """

    def __init__(self, policy: AddressPolicy, *, on_block: Callable[[str], None] | None = None,
                 resolver: Resolver | None = None, opener: Opener | None = None, idle_timeout: float = 60.0,
                 connect_timeout: float = 10.0, max_clients: int = 256):
        self.policy = policy
        self.on_block = on_block
        self.resolver = resolver or resolve_all
        self.opener = opener or _open
        self.idle_timeout = idle_timeout
        self.connect_timeout = connect_timeout
        self.max_clients = max_clients
        self.port = 0
        self.connections = 0  # upstream connections opened (tests and notes)
        self._active = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------
    def start(self) -> int:
        """Start serving on 127.0.0.1 (ephemeral port) on a daemon thread; returns the port."""
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            try:
                self._server = loop.run_until_complete(
                    asyncio.start_server(self._client, "127.0.0.1", 0, limit=MAX_HEAD, backlog=128))
                self.port = self._server.sockets[0].getsockname()[1]
            except BaseException as exc:  # noqa: BLE001 - handed to the starting thread
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(_cancel_all())
                loop.close()

        self._thread = threading.Thread(target=run, name="d43-proxy", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            raise failure[0]
        return self.port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        """Stop listening, drop every open tunnel, and end the thread."""
        loop, server = self._loop, self._server
        if loop is None or loop.is_closed():
            return

        def shutdown() -> None:
            if server is not None:
                server.close()
            loop.stop()

        try:
            loop.call_soon_threadsafe(shutdown)
        except RuntimeError:  # loop already closed
            pass
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._loop = self._server = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- one client -------------------------------------------------------------------------
    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._active >= self.max_clients:
            await self._reply(writer, 503, "too many connections")
            writer.close()
            return
        self._active += 1
        try:
            await self._serve(reader, writer)
        except BadRequest as exc:
            await self._reply(writer, 400, str(exc))
            await self._linger(reader, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ValueError):
            pass  # the client or the server went away, or sent something unparseable mid-stream
        except Exception:  # noqa: BLE001, S110 - never take the proxy (and the browser session) down
            pass
        finally:
            self._active -= 1
            writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), self.idle_timeout)
        except (asyncio.LimitOverrunError, ValueError):
            await self._reply(writer, 431, "request head too large")
            await self._linger(reader, writer)
            return
        lines = head[:-4].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise BadRequest("not an HTTP/1.x request")
        method, target, _version = parts
        headers = [_header(line) for line in lines[1:]]
        if method.upper() == "CONNECT":
            host, port = split_authority(target)
            up = await self._connect(writer, host, port, f"CONNECT {target[:200]}")
            if up is None:
                return
            writer.write(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            await writer.drain()
            await self._relay(reader, writer, *up)
            return
        url = urlsplit(target)
        if url.scheme != "http" or not url.hostname:
            raise BadRequest(f"only CONNECT and absolute http:// requests are proxied, not {target[:100]!r}")
        try:
            port = url.port or 80
        except ValueError:
            raise BadRequest(f"bad port in {target[:100]!r}") from None
        up = await self._connect(writer, url.hostname.lower().rstrip("."), port, target[:200])
        if up is None:
            return
        await self._forward(method, url, headers, reader, writer, *up)

    async def _connect(self, writer: asyncio.StreamWriter, host: str, port: int,
                       what: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        """Vet host:port and connect to the vetted address (pinned); None after a refusal."""
        if not 0 < port < 65536:
            raise BadRequest(f"bad port {port}")
        addr = self.policy.mapped(host, port)
        if addr is None:
            loop = asyncio.get_running_loop()
            answers = await loop.run_in_executor(None, self.resolver, host, port)
            if not answers:
                await self._reply(writer, 502, f"{host} does not resolve")
                return None
            try:
                addr = self.policy.choose(host, port, answers)
            except BlockedAddress as exc:
                if self.on_block is not None:
                    with contextlib.suppress(Exception):  # a reporting problem must not open the door
                        self.on_block(f"{what}: {exc}")
                await self._reply(writer, 403, str(exc), blocked=True)
                return None
        try:
            up = await asyncio.wait_for(self.opener(addr, port), self.connect_timeout)
        except (OSError, TimeoutError) as exc:
            await self._reply(writer, 502, f"cannot connect to {host}:{port}: {type(exc).__name__}")
            return None
        self.connections += 1
        return up

    # -- plain HTTP -------------------------------------------------------------------------
    async def _forward(self, method: str, url: SplitResult, headers: list[tuple[str, str]], reader: asyncio.StreamReader,
                       writer: asyncio.StreamWriter, up_r: asyncio.StreamReader, up_w: asyncio.StreamWriter) -> None:
        """One request to the origin server (origin-form, ``Connection: close``), its response
        back to the client with ``Connection: close``."""
        try:
            named = {token.strip().lower() for n, v in headers if n.lower() == "connection" for token in v.split(",")}
            keep = [(n, v) for n, v in headers if n.lower() not in _HOP and n.lower() not in named]
            if not any(n.lower() == "host" for n, _ in keep):
                keep.insert(0, ("Host", url.netloc.rpartition("@")[2]))
            path = (url.path or "/") + (f"?{url.query}" if url.query else "")
            out = [f"{method} {path} HTTP/1.1"] + [f"{n}: {v}" for n, v in keep] + ["Connection: close", "", ""]
            up_w.write("\r\n".join(out).encode("latin-1"))
            try:
                await self._body(headers, reader, up_w)
                await up_w.drain()
            except (ConnectionError, BrokenPipeError):
                pass  # the server answered (and closed) before taking the whole body: relay its answer
            head = await asyncio.wait_for(up_r.readuntil(b"\r\n\r\n"), self.idle_timeout)
            lines = head[:-4].decode("latin-1").split("\r\n")
            resp = [lines[0]] + [line for line in lines[1:]
                                 if line.split(":", 1)[0].strip().lower() not in ("connection", "keep-alive",
                                                                                  "proxy-connection")]
            writer.write(("\r\n".join(resp + ["Connection: close", "", ""])).encode("latin-1"))
            await writer.drain()
            while True:
                data = await asyncio.wait_for(up_r.read(65536), self.idle_timeout)
                if not data:
                    break
                writer.write(data)
                await writer.drain()
        finally:
            up_w.close()

    async def _body(self, headers: list[tuple[str, str]], reader: asyncio.StreamReader,
                    up_w: asyncio.StreamWriter) -> None:
        """Copy the request body as framed by Transfer-Encoding or Content-Length."""
        te = ",".join(v for n, v in headers if n.lower() == "transfer-encoding").lower()
        lengths = {v.strip() for n, v in headers if n.lower() == "content-length"}
        if "chunked" in te:
            while True:
                line = await asyncio.wait_for(reader.readuntil(b"\r\n"), self.idle_timeout)
                up_w.write(line)
                size = int(line.split(b";", 1)[0].strip() or b"x", 16)
                if size == 0:
                    while (trailer := await asyncio.wait_for(reader.readuntil(b"\r\n"), self.idle_timeout)) != b"\r\n":
                        up_w.write(trailer)
                    up_w.write(b"\r\n")
                    return
                await self._copy(reader, up_w, size + 2)
        elif lengths:
            if len(lengths) != 1 or not next(iter(lengths)).isdigit():
                raise BadRequest("bad Content-Length")
            await self._copy(reader, up_w, int(next(iter(lengths))))

    async def _copy(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter, n: int) -> None:
        while n > 0:
            data = await asyncio.wait_for(src.read(min(n, 65536)), self.idle_timeout)
            if not data:
                raise asyncio.IncompleteReadError(b"", n)
            dst.write(data)
            await dst.drain()
            n -= len(data)

    # -- tunnels ----------------------------------------------------------------------------
    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                     up_r: asyncio.StreamReader, up_w: asyncio.StreamWriter) -> None:
        """Bytes both ways until both sides finish, one fails, or nothing moves for idle_timeout."""
        loop = asyncio.get_running_loop()
        last = [loop.time()]

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            while data := await src.read(65536):
                last[0] = loop.time()
                dst.write(data)
                await dst.drain()
            if dst.can_write_eof():
                dst.write_eof()

        tasks = {asyncio.ensure_future(pump(reader, up_w)), asyncio.ensure_future(pump(up_r, writer))}
        try:
            while tasks:
                done, tasks = await asyncio.wait(tasks, timeout=min(5.0, self.idle_timeout))
                if any(t.exception() is not None for t in done) or loop.time() - last[0] > self.idle_timeout:
                    break
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            up_w.close()

    @staticmethod
    async def _linger(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """After an error reply, read (and drop) what the client still sends for a moment:
        closing with unread input would reset the connection and lose the reply."""
        with contextlib.suppress(Exception):
            if writer.can_write_eof():
                writer.write_eof()
            budget = 1 << 20
            while budget > 0 and (data := await asyncio.wait_for(reader.read(65536), 2.0)):
                budget -= len(data)

    @staticmethod
    async def _reply(writer: asyncio.StreamWriter, code: int, text: str, *, blocked: bool = False) -> None:
        reasons = {400: "Bad Request", 403: "Forbidden", 431: "Request Header Fields Too Large",
                   502: "Bad Gateway", 503: "Service Unavailable"}
        body = (text + "\n").encode("utf-8", "replace")
        extra = f"X-D43-Blocked: {text.encode('ascii', 'replace').decode()[:300]}\r\n" if blocked else ""
        head = (f"HTTP/1.1 {code} {reasons.get(code, 'Error')}\r\nContent-Type: text/plain; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\n{extra}Connection: close\r\n\r\n")
        try:
            writer.write(head.encode("latin-1") + body)
            await writer.drain()
        except (OSError, RuntimeError):
            pass


async def _cancel_all() -> None:
    """Cancel the loop's client tasks (each closes its sockets) and wait for them."""
    tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def _header(line: str) -> tuple[str, str]:
    name, sep, value = line.partition(":")
    if not sep or not name or name != name.strip():
        raise BadRequest("malformed header line")
    return name, value.strip()
