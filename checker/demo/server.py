"""A small virtual-hosting static server for the bundled fixture portals.

``root`` holds one directory per portal, named by its host (``root/hoaan.gov.vn/``,
``root/sxd.hoaan.gov.vn/`` …). The request's ``Host`` header (port removed) selects the
directory, so one server on one random port on 127.0.0.1 serves a whole province; clients
reach it with curl-style ``--resolve HOST:PORT:127.0.0.1`` entries
(:meth:`PortalServer.resolve_entries`). Unknown hosts get 404.

Path mapping (query string ignored unless ``_meta.yaml`` names it, see below)::

    /            -> index.html
    /a/b/        -> a/b/index.html
    /a/b         -> a/b, else a/b.html, else a/b/index.html (first that exists)

Content-Type comes from the extension; ``.html`` and server-side page extensions
(``.aspx``, ``.php``, ``.asp``, ``.jsp``) and extension-less files are served as
``text/html; charset=utf-8`` unless ``_meta.yaml`` overrides it.

**Port rewriting.** Portal HTML is written as it would be on the real network: absolute
cross-portal links carry no port (``href="http://sxd.hoaan.gov.vn/"``). When the server
sends a text body (HTML, XML, CSS, JavaScript, plain text) it rewrites every
``//<known host>/``, ``//<known host>"`` and ``//<known host>'`` to include ``:PORT``, so
those links lead back to this server on its random port. The rewrite works on bytes, so
it is safe for any ASCII-compatible page encoding (windows-1258, TCVN3 fonts …). An
absolute ``Location`` of a configured redirect is rewritten the same way.

**Per-host ``_meta.yaml``** (never served, nor is anything under ``_meta/``)::

    search: {path: /tim-kiem, param: keyword}      # optional, see below
    searches:                                      # component sites' own searches (optional)
      - {path: /xa-binh-son/tim-kiem, param: q, scope: /xa-binh-son/}
    components: [/xa-binh-son/, /phuong-an-phu/]  # component sites: not in the host's own search
    paths:
      /old-page: {redirect: /new-page}             # 302 unless status says 301/307/308
      /hoi-dap: {status: 404}
      /van-ban.html: {content_type: "text/html"}   # e.g. no charset
      /legacy: {content_type: "text/html; charset=windows-1258", headers: {X-Powered-By: ASP.NET}}
      "/index.php?option=com_content&id=12": {body_file: _meta/article-12.html}

A key with a query string matches that exact query (parameter order does not matter);
otherwise the key matches the path alone. ``body_file`` is relative to the host directory.
For convenience the per-path entries may also sit at the top level of the mapping (any key
starting with ``/``).

**Search.** With ``search: {path, param}``, ``GET path?param=X`` returns a generated
results page listing this portal's pages whose visible text contains X (case-insensitive,
also ignoring Vietnamese diacritics), or a "Không tìm thấy kết quả" page. Pages answering
an error status or a redirect are not indexed. A result links to the page's canonical URL
(``<link rel="canonical">`` if present, else the URL path, with ``.html`` dropped from
files whose ``_meta`` says ``search: {pretty_urls: true}``).
A search with a ``scope`` (a component site's folder, under ``searches``) answers from that
folder's pages only, and the host's own search leaves those folders out.
``search: {min_words: 2}`` imitates an engine that indexes words, not syllables: a query of
fewer syllables finds nothing (Vietnamese words are mostly two syllables: "kiện" alone is
not a word of "sự kiện").

The server is a stdlib ``ThreadingHTTPServer`` in a daemon thread; it logs nothing. One
portal's files, overrides and search index: :class:`checker.demo.site.Site`.
"""

from __future__ import annotations

import html
import mimetypes
import re
import threading
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from checker.demo.site import HTML_EXT, Site, search_fold

__all__ = ["PortalServer"]

_HOST_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
_TEXT_TYPES = ("text/", "application/javascript", "application/xml", "application/xhtml", "application/rss", "application/json")
_EXTRA_TYPES = {
    ".js": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".svg": "image/svg+xml",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class PortalServer:
    """Serve every ``root/<hostname>/`` portal on one port; a context manager."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0):
        self.root = Path(root)
        self.bind_host = host
        self.port = port
        self.hosts: list[str] = sorted(
            d.name for d in self.root.iterdir() if d.is_dir() and _HOST_RE.match(d.name)
        )
        self._sites = {h: Site(h, self.root / h) for h in self.hosts}
        alternation = b"|".join(re.escape(h.encode("ascii")) for h in sorted(self.hosts, key=len, reverse=True))
        self._link_re = re.compile(rb"//(" + alternation + rb")(?=[/\"'])") if self.hosts else None
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- public API -------------------------------------------------------------------------
    def url(self, hostname: str, path: str = "/") -> str:
        if not path.startswith("/"):
            path = "/" + path
        return f"http://{hostname}:{self.port}{path}"

    def rebase(self, url: str) -> str:
        """``url`` as written in a registry or fixture (no port, e.g. ``http://hoaan.gov.vn/a``)
        with this server's port added, scheme, path and query kept; URLs with a port are
        returned unchanged."""
        parts = urlsplit(url)
        if parts.port:
            return url
        return urlunsplit(parts._replace(netloc=f"{parts.hostname}:{self.port}"))

    def resolve_entries(self) -> list[str]:
        addr = self.bind_host
        return [f"{h}:{self.port}:{addr}" for h in self.hosts]

    def start(self) -> PortalServer:
        if self._httpd is not None:
            return self
        server = self

        class Handler(_Handler):
            portal_server = server

        httpd = _QuietServer((self.bind_host, self.port), Handler)
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"PortalServer:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> PortalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- helpers used by the handler ----------------------------------------------------------
    def rewrite(self, body: bytes) -> bytes:
        if self._link_re is None:
            return body
        port = str(self.port).encode("ascii")
        return self._link_re.sub(lambda m: b"//" + m.group(1) + b":" + port, body)

    @staticmethod
    def content_type_for(path: Path) -> str:
        ext = path.suffix.lower()
        if ext in HTML_EXT:
            return "text/html; charset=utf-8"
        if ext in _EXTRA_TYPES:
            return _EXTRA_TYPES[ext]
        guessed, _ = mimetypes.guess_type(path.name)
        return guessed or "application/octet-stream"


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:  # no tracebacks on stderr
        pass


_NOT_FOUND = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>404 - Không tìm thấy trang</title></head>
<body><h1>404 - Không tìm thấy trang</h1><p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa.</p></body></html>
"""


class _Handler(BaseHTTPRequestHandler):
    portal_server: PortalServer
    server_version = "Microsoft-IIS/8.5"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once: no 40 ms delayed-ACK stalls
    wbufsize = 1 << 16

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_POST(self) -> None:  # forms on fixture portals: read and ignore the body
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, 1 << 20))
        self._serve(head=False)

    # ----------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None,
              head: bool = False) -> None:
        srv = self.portal_server
        if any(content_type.lower().startswith(t) for t in _TEXT_TYPES) or "xml" in content_type.lower():
            body = srv.rewrite(body)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(str(k), str(v))
        self.end_headers()
        if not head:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    def _serve(self, head: bool) -> None:
        srv = self.portal_server
        hostname = (self.headers.get("Host") or "").strip().lower()
        if hostname.startswith("["):
            hostname = hostname.split("]")[0] + "]"
        else:
            hostname = hostname.rsplit(":", 1)[0] if ":" in hostname else hostname
        site = srv._sites.get(hostname.rstrip("."))
        if site is None:
            self._send(404, _NOT_FOUND.encode("utf-8"), "text/html; charset=utf-8", head=head)
            return
        parts = urlsplit(self.path)
        path = unquote(parts.path) or "/"
        query = parts.query

        # Search endpoint.
        search = site.search_for(path)
        if search and self.command in ("GET", "HEAD"):
            params = dict(parse_qsl(query, keep_blank_values=True))
            param = str(search.get("param", "keyword"))
            if param in params:
                body = self._search_page(site, params[param], search).encode("utf-8")
                self._send(200, body, "text/html; charset=utf-8", head=head)
                return

        spec = site.override(path, query) or {}
        headers = dict(spec.get("headers") or {})
        if spec.get("redirect"):
            status = int(spec.get("status", 302))
            location = str(spec["redirect"])
            headers["Location"] = srv.rewrite(location.encode("utf-8")).decode("utf-8") if "//" in location else location
            self._send(status if 300 <= status < 400 else 302, b"", "text/html; charset=utf-8", headers, head)
            return
        status = int(spec.get("status", 200))
        file: Path | None
        if spec.get("body_file"):
            file = site.body_path(str(spec["body_file"]))
        else:
            file = site.find(path)
        if file is None:
            if status == 200:
                status = 404
            self._send(status, _NOT_FOUND.encode("utf-8"), "text/html; charset=utf-8", headers, head)
            return
        ctype = spec.get("content_type") or srv.content_type_for(file)
        self._send(status, file.read_bytes(), ctype, headers, head)

    def _search_page(self, site: Site, term: str, search: dict[str, Any]) -> str:
        term = " ".join(term.split())
        esc = html.escape(term)
        rows: list[str] = []
        if term and len(term.split()) >= int(search.get("min_words", 1)):
            needle_cf = unicodedata.normalize("NFC", term).casefold()
            needle = search_fold(term)
            for url, title, text, folded in site.results_in(search, site.index(self.portal_server.content_type_for)):
                low = unicodedata.normalize("NFC", text).casefold()
                pos = low.find(needle_cf)
                if pos < 0 and needle and needle in folded:
                    pos = 0
                elif pos < 0:
                    continue
                lo = max(0, pos - 60)
                snippet = html.escape(text[lo: lo + 200])
                rows.append(f'<li class="search-result"><a href="{html.escape(url)}">{html.escape(title)}</a>'
                            f'<p>…{snippet}…</p></li>')
        if rows:
            result = (f"<p class=\"search-count\">Tìm thấy {len(rows)} kết quả cho từ khóa «{esc}»</p>"
                      f"<ol class=\"search-results\">{''.join(rows)}</ol>")
        elif term:
            result = f"<p class=\"search-empty\">Không tìm thấy kết quả nào cho từ khóa «{esc}».</p>"
        else:
            result = "<p class=\"search-empty\">Vui lòng nhập từ khóa cần tìm. Không tìm thấy kết quả.</p>"
        action = html.escape(str(search.get("path", "/")))
        param = html.escape(str(search.get("param", "keyword")))
        return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Kết quả tìm kiếm</title></head>
<body><main id="content"><h1>Kết quả tìm kiếm</h1>
<form action="{action}" method="get" role="search"><label for="kw">Từ khóa</label>
<input id="kw" type="text" name="{param}" value="{esc}"><button type="submit">Tìm kiếm</button></form>
{result}
<p><a href="{html.escape(str(search.get("scope") or "/"))}">Về trang chủ</a></p></main></body></html>
"""
