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

The server is a stdlib ``ThreadingHTTPServer`` in a daemon thread; it logs nothing.
"""

from __future__ import annotations

import html
import mimetypes
import re
import threading
import unicodedata
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

import yaml

__all__ = ["PortalServer"]

_HOST_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
_HTML_EXT = {".html", ".htm", ".aspx", ".asp", ".php", ".jsp", ".do", ".cfm", ""}
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


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D").casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _norm_query(query: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(parse_qsl(query, keep_blank_values=True)))


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_CHROME = re.compile(r"(^|[\s_-])(nav|menu|navbar|header|banner|footer|search|sidebar|toolbar|lien-ket|links)", re.I)


class _TextExtractor(HTMLParser):
    """Text of the content area (menus, header, footer, scripts left out), <title> and
    canonical link of an HTML page, for the search index: a portal's search finds
    articles, not every page that has the word in its menu."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.canonical = ""
        self._stack: list[bool] = []  # per open element: does it start a skipped region?
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "link":
            if (a.get("rel") or "").lower() == "canonical" and a.get("href"):
                self.canonical = a["href"] or ""
        if tag in _VOID:
            return
        key = f"{a.get('id') or ''} {a.get('class') or ''} {a.get('role') or ''}"
        skip = tag in ("script", "style", "noscript", "template", "nav", "header", "footer", "select") or bool(_CHROME.search(key))
        self._stack.append(skip)
        if skip:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _VOID or not self._stack:
            return
        if self._stack.pop():
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)


def _decode(raw: bytes, content_type: str) -> str:
    m = re.search(r"charset=([\w-]+)", content_type, re.I)
    if not m:
        m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:4096], re.I)
        charset = m.group(1).decode("ascii", "replace") if m else "utf-8"
    else:
        charset = m.group(1)
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


class _Site:
    """One portal directory with its ``_meta.yaml``."""

    def __init__(self, host: str, directory: Path):
        self.host = host
        self.dir = directory.resolve()
        meta_file = directory / "_meta.yaml"
        meta: dict[str, Any] = {}
        if meta_file.is_file():
            meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) or {}
        self.search: dict[str, Any] | None = meta.get("search")
        paths: dict[str, Any] = dict(meta.get("paths") or {})
        paths.update({k: v for k, v in meta.items() if isinstance(k, str) and k.startswith("/")})
        self.exact: dict[tuple[str, tuple], dict[str, Any]] = {}
        self.by_path: dict[str, dict[str, Any]] = {}
        for key, spec in paths.items():
            spec = spec or {}
            parts = urlsplit(key)
            if parts.query:
                self.exact[(parts.path, _norm_query(parts.query))] = spec
            else:
                self.by_path[parts.path] = spec
        self._index: list[tuple[str, str, str, str]] | None = None  # (url, title, text, folded)
        self._lock = threading.Lock()

    # -- lookup -------------------------------------------------------------------------
    def override(self, path: str, query: str) -> dict[str, Any] | None:
        if query:
            hit = self.exact.get((path, _norm_query(query)))
            if hit is not None:
                return hit
        return self.by_path.get(path)

    def safe_file(self, rel: str) -> Path | None:
        """The file for a relative path inside the portal, or None (also for hidden files)."""
        rel = rel.lstrip("/")
        parts = PurePosixPath(rel).parts
        if parts and (parts[0] in ("_meta.yaml", "_meta") or ".." in parts):
            return None
        target = (self.dir / rel).resolve()
        if target != self.dir and self.dir not in target.parents:
            return None
        return target if target.is_file() else None

    def body_path(self, rel: str) -> Path | None:
        """A ``body_file`` named in ``_meta.yaml`` (may live under ``_meta/``), inside the portal."""
        target = (self.dir / rel.lstrip("/")).resolve()
        if self.dir not in target.parents or not target.is_file():
            return None
        return target

    def find(self, path: str) -> Path | None:
        rel = path.lstrip("/")
        if rel == "" or path.endswith("/"):
            return self.safe_file(rel + "index.html")
        for cand in (rel, rel + ".html", rel + "/index.html"):
            f = self.safe_file(cand)
            if f is not None:
                return f
        return None

    # -- search -------------------------------------------------------------------------
    def index(self, content_type_for) -> list[tuple[str, str, str, str]]:
        with self._lock:
            if self._index is None:
                self._index = self._build_index(content_type_for)
            return self._index

    def _build_index(self, content_type_for) -> list[tuple[str, str, str, str]]:
        pretty = bool((self.search or {}).get("pretty_urls"))
        excluded = {p for p, s in self.by_path.items() if s.get("status", 200) >= 300 or s.get("redirect")}
        search_path = (self.search or {}).get("path")
        entries: list[tuple[str, Path, str | None]] = []
        body_files: set[Path] = set()
        for (path, q), spec in self.exact.items():
            if spec.get("body_file") and spec.get("status", 200) < 300 and not spec.get("redirect"):
                f = self.body_path(str(spec["body_file"]))
                if f is not None:
                    body_files.add(f)
                    entries.append(((path + "?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in q)), f, spec.get("content_type")))
        for path, spec in self.by_path.items():
            if spec.get("body_file") and spec.get("status", 200) < 300 and not spec.get("redirect"):
                f = self.body_path(str(spec["body_file"]))
                if f is not None:
                    body_files.add(f)
                    entries.append((path, f, spec.get("content_type")))
        for f in sorted(self.dir.rglob("*")):
            if not f.is_file() or f in body_files:
                continue
            rel = f.relative_to(self.dir).as_posix()
            if rel.split("/")[0] in ("_meta.yaml", "_meta") or f.suffix.lower() not in _HTML_EXT:
                continue
            if rel == "index.html":
                url = "/"
            elif rel.endswith("/index.html"):
                url = "/" + rel[: -len("index.html")]
            elif pretty and rel.endswith(".html"):
                url = "/" + rel[: -len(".html")]
            else:
                url = "/" + rel
            if url in excluded or url == search_path or (url.endswith(".html") and url[:-5] in excluded):
                continue
            spec = self.by_path.get(url) or {}
            entries.append((url, f, spec.get("content_type")))
        out = []
        for url, f, ctype in entries:
            raw = f.read_bytes()
            text = _decode(raw, ctype or content_type_for(f))
            ex = _TextExtractor()
            try:
                ex.feed(text)
            except Exception:  # a broken fixture page must not break search
                continue
            body = " ".join(" ".join(ex.parts).split())
            title = " ".join(ex.title.split()) or url
            link = ex.canonical or url
            out.append((link, title, body, _fold(body + " " + title)))
        return out


class PortalServer:
    """Serve every ``root/<hostname>/`` portal on one port; a context manager."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0):
        self.root = Path(root)
        self.bind_host = host
        self.port = port
        self.hosts: list[str] = sorted(
            d.name for d in self.root.iterdir() if d.is_dir() and _HOST_RE.match(d.name)
        )
        self._sites = {h: _Site(h, self.root / h) for h in self.hosts}
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

    def start(self) -> "PortalServer":
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

    def __enter__(self) -> "PortalServer":
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
        if ext in _HTML_EXT:
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
        search = site.search
        if search and path.rstrip("/") == str(search.get("path", "")).rstrip("/") and self.command in ("GET", "HEAD"):
            params = dict(parse_qsl(query, keep_blank_values=True))
            param = str(search.get("param", "keyword"))
            if param in params:
                body = self._search_page(site, params[param]).encode("utf-8")
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

    def _search_page(self, site: _Site, term: str) -> str:
        term = " ".join(term.split())
        esc = html.escape(term)
        rows: list[str] = []
        if term:
            needle_cf = unicodedata.normalize("NFC", term).casefold()
            needle = _fold(term)
            for url, title, text, folded in site.index(self.portal_server.content_type_for):
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
        action = html.escape(str(site.search.get("path", "/")))  # type: ignore[union-attr]
        param = html.escape(str(site.search.get("param", "keyword")))  # type: ignore[union-attr]
        return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Kết quả tìm kiếm</title></head>
<body><main id="content"><h1>Kết quả tìm kiếm</h1>
<form action="{action}" method="get" role="search"><label for="kw">Từ khóa</label>
<input id="kw" type="text" name="{param}" value="{esc}"><button type="submit">Tìm kiếm</button></form>
{result}
<p><a href="/">Về trang chủ</a></p></main></body></html>
"""
