"""Misbehaving HTTP(S) servers on 127.0.0.1 for crawler tests (reusable by any test).

    from tests.servers import TestServer, html, redirect, drip, hang, status, big, gzip_bomb

    with TestServer({"/": html("<a href='/a'>A</a>"), "/a": hang(30)}) as srv:
        url = srv.url("portal.gov.vn", "/")          # http://portal.gov.vn:PORT/
        opts = CrawlOptions(resolve=[srv.resolve("portal.gov.vn")], timeout=1)

Routes map a path (``"/a"``) or a prefix (``"/cal/*"``) to a handler. A handler gets the
:class:`Request` and either returns ``(status, headers, body)`` or writes the response itself
through ``req.wfile`` (for drips, hangs, broken framing) and returns None. Every request is
recorded in ``srv.hits`` (method, host, path+query, headers) so tests can assert what the
crawler asked for. ``TestServer(tls=True)`` serves HTTPS with a fresh self-signed certificate
(openssl CLI). Servers are stdlib ``ThreadingHTTPServer`` in daemon threads; hanging handlers
end when the server stops (they wait on ``srv.stopping``).
"""

from __future__ import annotations

import gzip
import os
import ssl
import subprocess
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Handler = Callable[["Request"], "tuple[int, dict, bytes] | None"]


@dataclass
class Request:
    method: str
    host: str
    path: str  # without query
    query: str
    headers: dict[str, str]
    wfile: object = None
    server: TestServer | None = None
    hit: int = 0  # how many times this path was requested (1 = first)

    @property
    def target(self) -> str:
        return self.path + (f"?{self.query}" if self.query else "")


@dataclass
class Hit:
    method: str
    host: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)
    t: float = 0.0  # time.monotonic() when the request arrived


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):  # clients hanging up mid-response are normal here
        pass


class TestServer:
    __test__ = False  # not a pytest class

    def __init__(self, routes: dict[str, Handler] | None = None, *, tls: bool = False, cert_cn: str = "localhost"):
        self.routes: dict[str, Handler] = dict(routes or {})
        self.tls = tls
        self.cert_cn = cert_cn
        self.hits: list[Hit] = []
        self.counts: dict[str, int] = {}
        self.bytes_sent = 0
        self.in_flight = 0
        self.max_in_flight = 0  # most requests handled at the same time (politeness tests)
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd: _Quiet | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- setup ---------------------------------------------------------------------------------
    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def url(self, host: str = "portal.gov.vn", path: str = "/") -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    def resolve(self, host: str = "portal.gov.vn") -> str:
        return f"{host}:{self.port}:127.0.0.1"

    def requests_for(self, target_prefix: str) -> list[Hit]:
        return [h for h in self.hits if h.target.startswith(target_prefix)]

    def start(self) -> TestServer:
        server = self

        class H(_Handler):
            owner = server

        self._httpd = _Quiet(("127.0.0.1", 0), H)
        self.port = self._httpd.server_address[1]
        if self.tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            cert, key = self_signed_cert(self.cert_cn)
            ctx.load_cert_chain(cert, key)
            self._httpd.socket = ctx.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _find(self, path: str) -> Handler | None:
        if path in self.routes:
            return self.routes[path]
        best = None
        for key, fn in self.routes.items():
            if key.endswith("*") and path.startswith(key[:-1]) and (best is None or len(key) > len(best[0])):
                best = (key, fn)
        return best[1] if best else None


class _Handler(BaseHTTPRequestHandler):
    owner: TestServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def _serve(self) -> None:
        srv = self.owner
        parts = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        self._read_body(headers)  # as a real server does: an unread body makes closing reset the connection
        host = headers.get("host", "").rsplit(":", 1)[0]
        with srv._lock:
            srv.hits.append(Hit(self.command, host, self.path, headers, time.monotonic()))
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
            srv.counts[parts.path] = srv.counts.get(parts.path, 0) + 1
            n = srv.counts[parts.path]
        req = Request(self.command, host, parts.path, parts.query, headers, self.wfile, srv, n)
        fn = srv._find(parts.path)
        try:
            if fn is None:
                out = (404, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>not found</body></html>")
            else:
                out = fn(req)
        finally:
            with srv._lock:
                srv.in_flight -= 1
        if out is None:
            self.close_connection = True
            return
        code, hdrs, body = out
        self.send_response(code)
        lower = {k.lower() for k in hdrs}
        for k, v in hdrs.items():
            self.send_header(k, v)
        if "content-length" not in lower:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if self.command != "HEAD" and code != 304:
                self.wfile.write(body)
                with srv._lock:
                    srv.bytes_sent += len(body)
        except OSError:
            self.close_connection = True

    def _read_body(self, headers: dict[str, str]) -> bytes:
        """The request body (Content-Length or chunked); b"" when there is none."""
        if "chunked" in headers.get("transfer-encoding", "").lower():
            out = b""
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return out
                out += self.rfile.read(size)
                self.rfile.readline()
        n = headers.get("content-length", "")
        return self.rfile.read(int(n)) if n.isdigit() else b""

    do_GET = do_HEAD = do_POST = _serve


# -- handlers ------------------------------------------------------------------------------------
def html(body: str | bytes, status: int = 200, headers: dict | None = None,
         content_type: str = "text/html; charset=utf-8") -> Handler:
    data = body.encode("utf-8") if isinstance(body, str) else body
    hdrs = {"Content-Type": content_type, **(headers or {})} if content_type else dict(headers or {})

    def handler(req: Request):
        return status, hdrs, data

    return handler


def page(title: str, links: list[tuple[str, str]] = (), nav: list[tuple[str, str]] = (), text: str = "") -> str:
    """A small HTML page: a <nav> with ``nav`` links, a <main> with ``links`` and ``text``."""
    navh = "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in nav)
    mainh = "".join(f'<p><a href="{u}">{t}</a></p>' for u, t in links)
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f"<nav><ul>{navh}</ul></nav><main><h1>{title}</h1>{mainh}<p>{text}</p></main></body></html>")


def status(code: int, headers: dict | None = None, body: bytes = b"", then: Handler | None = None, times: int = 10**9) -> Handler:
    """Answer ``code`` for the first ``times`` requests of the path, then delegate to ``then``."""

    def handler(req: Request):
        if req.hit <= times or then is None:
            return code, {"Content-Type": "text/html; charset=utf-8", **(headers or {})}, body
        return then(req)

    return handler


def redirect(location: str, code: int = 302) -> Handler:
    def handler(req: Request):
        loc = location.replace("{port}", str(req.server.port)) if req.server else location
        return code, {"Location": loc, "Content-Type": "text/html"}, b""

    return handler


def drip(total: int = 10_000, chunk: int = 10, interval: float = 0.2) -> Handler:
    """Send headers, then ``chunk`` bytes every ``interval`` seconds (defeats read timeouts)."""

    def handler(req: Request):
        w = req.wfile
        try:
            w.write(f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {total}\r\n\r\n".encode())
            w.flush()
            sent = 0
            while sent < total and not req.server.stopping.is_set():
                w.write(b"x" * chunk)
                w.flush()
                sent += chunk
                time.sleep(interval)
        except OSError:
            pass
        return None

    return handler


def hang(seconds: float = 30.0, after_headers: bool = False) -> Handler:
    """Accept the request and say nothing (or only the headers) for ``seconds``."""

    def handler(req: Request):
        try:
            if after_headers:
                req.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n")
                req.wfile.flush()
            req.server.stopping.wait(seconds)
        except OSError:
            pass
        return None

    return handler


def big(size: int = 50_000_000, content_type: str = "text/html; charset=utf-8") -> Handler:
    """A body of ``size`` bytes, streamed in 64 KiB blocks (never held in memory)."""

    def handler(req: Request):
        w = req.wfile
        try:
            w.write(f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {size}\r\n\r\n".encode())
            block = (b"<p>" + b"a" * 65529 + b"</p>\n")
            sent = 0
            while sent < size and not req.server.stopping.is_set():
                n = min(len(block), size - sent)
                w.write(block[:n])
                sent += n
                with req.server._lock:
                    req.server.bytes_sent += n
        except OSError:
            pass
        return None

    return handler


_BOMB_CACHE: dict[int, bytes] = {}


def gzip_bomb(inflated: int = 1_000_000_000) -> Handler:
    """A ~1 MB gzip body that inflates to ``inflated`` bytes of zeros-like HTML."""
    if inflated not in _BOMB_CACHE:
        co = zlib.compressobj(9, zlib.DEFLATED, 31)
        parts = [co.compress(b"<html><body>")]
        block = b"\0" * 1_000_000
        for _ in range(inflated // len(block)):
            parts.append(co.compress(block))
        parts.append(co.flush())
        _BOMB_CACHE[inflated] = b"".join(parts)
    data = _BOMB_CACHE[inflated]

    def handler(req: Request):
        return 200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}, data

    return handler


def gzipped(body: bytes, content_type: str = "text/html; charset=utf-8") -> Handler:
    data = gzip.compress(body)

    def handler(req: Request):
        return 200, {"Content-Type": content_type, "Content-Encoding": "gzip"}, data

    return handler


def etagged(body: bytes, etag: str = '"v1"', last_modified: str = "Mon, 01 Jan 2024 00:00:00 GMT",
            content_type: str = "text/html; charset=utf-8") -> Handler:
    """200 with ETag/Last-Modified; 304 when the request's validators match."""

    def handler(req: Request):
        if req.headers.get("if-none-match") == etag or (
                "if-none-match" not in req.headers and req.headers.get("if-modified-since") == last_modified):
            return 304, {"ETag": etag, "Last-Modified": last_modified}, b""
        return 200, {"Content-Type": content_type, "ETag": etag, "Last-Modified": last_modified}, body

    return handler


# -- TLS -------------------------------------------------------------------------------------------
_CERTS: dict[str, tuple[str, str]] = {}


def self_signed_cert(cn: str = "localhost") -> tuple[str, str]:
    """(cert.pem, key.pem) of a fresh self-signed certificate for ``cn`` (openssl CLI)."""
    if cn in _CERTS:
        return _CERTS[cn]
    d = tempfile.mkdtemp(prefix="d43-cert-")
    cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", f"/CN={cn}", "-addext", f"subjectAltName=DNS:{cn}"],
                   check=True, capture_output=True, timeout=60)
    _CERTS[cn] = (cert, key)
    return cert, key


def have_openssl() -> bool:
    from shutil import which

    return which("openssl") is not None
