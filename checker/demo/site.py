"""One fixture portal of :class:`checker.demo.server.PortalServer`: its directory, its
``_meta.yaml`` overrides (see the server's docstring for the format), the file a path maps
to, and the index behind its simulated site search.

The search index imitates what a portal's own search engine finds: the text of the
content area (menus, header, footer and scripts left out), compared case-insensitively
and also without Vietnamese diacritics.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import yaml

from crawlers.text import strip_diacritics

HTML_EXT = {".html", ".htm", ".aspx", ".asp", ".php", ".jsp", ".do", ".cfm", ""}
IndexEntry = tuple[str, str, str, str]  # (url, title, text, folded text)


def search_fold(text: str) -> str:
    """Case-fold, drop diacritics, collapse spaces: how the simulated search compares."""
    return " ".join(strip_diacritics(text.casefold()).split())


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
        elif tag == "link" and (a.get("rel") or "").lower() == "canonical" and a.get("href"):
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
    if m:
        charset = m.group(1)
    else:
        mb = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:4096], re.I)
        charset = mb.group(1).decode("ascii", "replace") if mb else "utf-8"
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


class Site:
    """One portal directory with its ``_meta.yaml``."""

    def __init__(self, host: str, directory: Path):
        self.host = host
        self.dir = directory.resolve()
        meta_file = directory / "_meta.yaml"
        meta: dict[str, Any] = {}
        if meta_file.is_file():
            meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) or {}
        self.search: dict[str, Any] | None = meta.get("search")
        # component sites (folders of this host) with their own search: {path, param, scope: /folder/}
        self.searches: list[dict[str, Any]] = ([self.search] if self.search else []) + list(meta.get("searches") or [])
        # folders of this host that are component sites: not in the host portal's own search
        self.components: tuple[str, ...] = tuple(str(c).lower() for c in meta.get("components") or [])
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
        self._index: list[IndexEntry] | None = None
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
    def search_for(self, path: str) -> dict[str, Any] | None:
        """The search whose endpoint is ``path`` (the host's own, or a component site's)."""
        return next((s for s in self.searches if path.rstrip("/") == str(s.get("path", "")).rstrip("/")), None)

    def results_in(self, search: dict[str, Any], entries: list[IndexEntry]) -> list[IndexEntry]:
        """The index entries a search answers from: a component site's search its folder's
        pages; the host's search the others (a component site is not the host portal's)."""
        scope = search.get("scope")
        if scope:
            return [e for e in entries if e[0].lower().startswith(str(scope).lower())]
        scopes = self.components + tuple(str(s["scope"]).lower() for s in self.searches if s.get("scope"))
        return [e for e in entries if not scopes or not e[0].lower().startswith(scopes)]

    def index(self, content_type_for: Callable[[Path], str]) -> list[IndexEntry]:
        with self._lock:
            if self._index is None:
                self._index = self._build_index(content_type_for)
            return self._index

    def _build_index(self, content_type_for: Callable[[Path], str]) -> list[IndexEntry]:
        pretty = bool((self.search or {}).get("pretty_urls"))
        excluded = {p for p, s in self.by_path.items() if s.get("status", 200) >= 300 or s.get("redirect")}
        search_paths = {s.get("path") for s in self.searches}
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
            if rel.split("/")[0] in ("_meta.yaml", "_meta") or f.suffix.lower() not in HTML_EXT:
                continue
            if rel == "index.html":
                url = "/"
            elif rel.endswith("/index.html"):
                url = "/" + rel[: -len("index.html")]
            elif pretty and rel.endswith(".html"):
                url = "/" + rel[: -len(".html")]
            else:
                url = "/" + rel
            if url in excluded or url in search_paths or (url.endswith(".html") and url[:-5] in excluded):
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
            out.append((link, title, body, search_fold(body + " " + title)))
        return out
