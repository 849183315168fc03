"""The snapshot: what the crawler saw of one portal, and what the checker reads.

This module is the contract between ``crawlers/`` and ``checker/``. A crawler (HTTP,
browser, archive replay or a rule-test fixture) fills a :class:`Snapshot` with
:class:`Page` objects; check functions only read it. Parsing is lazy and cached per page
so that evaluating ~40 rules costs one parse per page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterator
from urllib.parse import urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from checker.text import fold

# Regions of a page a link can sit in. Navigation links are the strongest evidence that a
# section exists ("mục" in Art. 10.1 means a section of the portal, not a mention).
NAV, HEADER, FOOTER, MAIN, OTHER = "nav", "header", "footer", "main", "other"

_NAV_HINT = re.compile(r"(^|[\s_-])(nav|navbar|menu|mainmenu|topmenu|megamenu|sidebar|left-?col|sitemap|breadcrumb)", re.I)
_FOOTER_HINT = re.compile(r"(^|[\s_-])(footer|foot|bottom|copyright)", re.I)
_HEADER_HINT = re.compile(r"(^|[\s_-])(header|banner|topbar|top-bar)", re.I)
_BOILERPLATE_TAGS = ("script", "style", "noscript", "template", "svg", "iframe")
_LAYOUT_TAGS = ("nav", "header", "footer", "aside")
_SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")


@dataclass(frozen=True)
class Link:
    """A hyperlink on a page: absolute URL (fragment removed), visible text, and region."""

    url: str
    text: str
    region: str  # NAV, HEADER, FOOTER, MAIN or OTHER
    title: str = ""

    @property
    def label(self) -> str:
        """Text a person sees or hears for this link (text, else title/aria-label/img alt)."""
        return self.text or self.title


@dataclass
class Document:
    """A non-HTML resource the crawler recorded without parsing (PDF, DOC, XLS …)."""

    url: str
    content_type: str = ""
    size: int | None = None
    link_text: str = ""
    found_on: str = ""
    status: int | None = None


@dataclass
class Page:
    """One fetched URL.

    ``text`` is the decoded HTML (the crawler decodes: BOM, header, ``<meta>``, then
    detection). ``status`` is None when the fetch itself failed; ``error`` says why.
    """

    url: str
    status: int | None
    text: str = ""
    final_url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html"
    encoding: str | None = None  # encoding used to decode ``text``
    declared_encoding: str | None = None  # what the header or <meta> declared, if anything
    legacy_encoding: str | None = None  # "TCVN3" / "VNI" when legacy-font text was recognised
    error: str | None = None
    fetched_at: str = ""
    elapsed: float = 0.0
    rendered: bool = False  # True when ``text`` is the DOM after a browser ran scripts
    depth: int = 0
    size: int = 0  # bytes received (after decompression)
    truncated: bool = False  # body was cut at the size cap
    probe: str | None = None  # set when the page answers a probe (e.g. "search")

    def __post_init__(self) -> None:
        if not self.final_url:
            self.final_url = self.url

    # -- status -------------------------------------------------------------------------
    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300 and self.is_html

    @property
    def is_html(self) -> bool:
        """HTML or XHTML (or an unlabelled body). XML sitemaps, RSS and SVG are not pages."""
        ct = self.content_type.lower().split(";")[0].strip()
        return ct in ("", "text/html", "application/xhtml+xml") or ct.endswith("+html")

    # -- parsing (lazy, cached) -----------------------------------------------------------
    @cached_property
    def tree(self) -> LexborHTMLParser:
        return LexborHTMLParser(self.text or "<html></html>")

    @cached_property
    def title(self) -> str:
        node = self.tree.css_first("title")
        return _clean(node.text()) if node else ""

    @cached_property
    def headings(self) -> list[str]:
        """h1–h3 texts, in document order."""
        return [t for t in (_clean(n.text()) for n in self.tree.css("h1, h2, h3")) if t]

    @cached_property
    def lang(self) -> str:
        node = self.tree.css_first("html")
        return (node.attributes.get("lang") or "").strip() if node else ""

    @cached_property
    def _texts(self) -> tuple[str, str]:
        """(visible text of the whole page, text of the main content only)."""
        tree = LexborHTMLParser(self.text or "<html></html>")
        for tag in _BOILERPLATE_TAGS:
            for n in tree.css(tag):
                n.decompose()
        body = tree.body
        full = _clean(body.text(separator=" ")) if body else ""
        main_node = tree.css_first("main, [role=main], article, #content, #main, .content, .main-content")
        for tag in _LAYOUT_TAGS:
            for n in tree.css(tag):
                n.decompose()
        for n in tree.css("[id], [class]"):
            key = f"{n.attributes.get('id') or ''} {n.attributes.get('class') or ''}"
            if _NAV_HINT.search(key) or _FOOTER_HINT.search(key) or _HEADER_HINT.search(key):
                if main_node is None or not _contains(n, main_node):
                    n.decompose()
        main_node = tree.css_first("main, [role=main], article, #content, #main, .content, .main-content")
        main = _clean(main_node.text(separator=" ")) if main_node else ""
        if len(main) < 40:
            body = tree.body
            main = _clean(body.text(separator=" ")) if body else ""
        return full, main

    @property
    def visible_text(self) -> str:
        """All text a visitor sees (scripts and styles removed)."""
        return self._texts[0]

    @property
    def main_text(self) -> str:
        """Text of the content area: navigation, header, footer and sidebars removed."""
        return self._texts[1]

    @cached_property
    def folded_text(self) -> str:
        return fold(self.visible_text)

    @cached_property
    def folded_main(self) -> str:
        return fold(self.main_text)

    @cached_property
    def links(self) -> list[Link]:
        """Every hyperlink, absolute and without fragment, with the region it sits in."""
        base = self.final_url
        base_node = self.tree.css_first("base[href]")
        if base_node is not None:
            base = urljoin(base, base_node.attributes.get("href") or "")
        resolve = _Resolver(base)
        regions: dict[int, str] = {}
        out: list[Link] = []
        for a in self.tree.css("a[href], area[href]"):
            attrs = a.attributes
            href = (attrs.get("href") or "").strip()
            if not href or href.lower().startswith(_SKIP_SCHEMES):
                continue
            url = resolve(href)
            if url is None:
                continue
            text = _clean(a.text(separator=" "))
            title = attrs.get("title") or attrs.get("aria-label") or ""
            if not text and not title:
                img = a.css_first("img[alt]")
                title = img.attributes.get("alt") or "" if img else ""
            out.append(Link(url=url, text=text, region=_region(a, regions), title=_clean(title)))
        return out

    @cached_property
    def raw_links(self) -> list[tuple[str, str]]:
        """(href as written, text) for every ``a[href]``, including mailto:/tel:/javascript:."""
        return [((a.attributes.get("href") or "").strip(), _clean(a.text())) for a in self.tree.css("a[href]")]

    @property
    def host(self) -> str:
        return (urlsplit(self.final_url).hostname or "").lower()


@dataclass
class Snapshot:
    """Everything fetched from one portal.

    ``pages`` is keyed by the URL that was requested; :meth:`get` also finds a page by its
    final URL after redirects. ``fetcher``, when set, lets a check fetch a page the crawl
    did not reach (e.g. a site-map link or a search probe); fetched pages are added here so
    they are archived and reported like the others.
    """

    start_url: str
    pages: dict[str, Page] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: dict[str, object] = field(default_factory=dict)  # e.g. {"tls_error": "..."}
    fetcher: Callable[[str], Page | None] | None = None
    started_at: str = ""
    finished_at: str = ""

    def add(self, page: Page) -> None:
        self.pages[page.url] = page
        if page.final_url and page.final_url != page.url:
            self._by_final[page.final_url] = page

    @cached_property
    def _by_final(self) -> dict[str, Page]:
        return {p.final_url: p for p in self.pages.values() if p.final_url != p.url}

    def get(self, url: str, fetch: bool = True) -> Page | None:
        """The page for ``url`` (requested or final URL); fetch it on demand when allowed."""
        url = urldefrag(url)[0]
        page = self.pages.get(url) or self._by_final.get(url)
        if page is None and url.endswith("/"):
            page = self.pages.get(url[:-1]) or self._by_final.get(url[:-1])
        elif page is None:
            page = self.pages.get(url + "/") or self._by_final.get(url + "/")
        if page is None and fetch and self.fetcher is not None:
            page = self.fetcher(url)
            if page is not None:
                self.add(page)
        return page

    @property
    def home(self) -> Page | None:
        return self.get(self.start_url, fetch=False)

    def html_pages(self) -> Iterator[Page]:
        """Pages that were fetched successfully and are HTML, home page first."""
        home = self.home
        if home is not None and home.ok:
            yield home
        for p in self.pages.values():
            if p.ok and p is not home:
                yield p

    @property
    def host(self) -> str:
        home = self.home
        if home is not None:
            return home.host
        return (urlsplit(self.start_url).hostname or "").lower()

    def is_internal(self, url: str) -> bool:
        """Same site: same host, or the www./non-www. twin of the start host."""
        h = (urlsplit(url).hostname or "").lower()
        mine = self.host
        return h == mine or h.removeprefix("www.") == mine.removeprefix("www.")


def _clean(text: str) -> str:
    return " ".join((text or "").split())


class _Resolver:
    """Resolves hrefs against one base URL. Menus repeat the same hrefs on every page, and
    most are absolute or root-relative: those skip ``urljoin`` (the costliest step of link
    extraction on large portals)."""

    def __init__(self, base: str):
        self.base = base
        parts = urlsplit(base)
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None

    def __call__(self, href: str) -> str | None:
        if href.startswith(("http://", "https://")) and " " not in href:
            url = href
        elif self.origin and href.startswith("/") and not href.startswith("//") and "/." not in href:
            url = self.origin + href
        else:
            try:
                url = urljoin(self.base, href)
            except ValueError:
                return None
            if not url.startswith(("http://", "https://")):
                return None
        hash_at = url.find("#")
        return url[:hash_at] if hash_at >= 0 else url


def _region(node, cache: dict[int, str] | None = None) -> str:
    """Which layout region a link sits in, by its ancestors' tags, roles, ids and classes.

    ``cache`` maps node ids to the region found from them upwards, so that the links of one
    menu share one walk up the tree."""
    visited: list[int] = []
    region = OTHER
    n = node.parent
    while n is not None and n.tag not in ("body", "html", "-undef"):
        if cache is not None:
            hit = cache.get(n.mem_id)
            if hit is not None:
                region = hit
                break
            visited.append(n.mem_id)
        found = _own_region(n)
        if found:
            region = found
            break
        n = n.parent
    if cache is not None:
        for mem_id in visited:
            cache[mem_id] = region
    return region


def _own_region(n) -> str | None:
    """The region a node itself declares (by tag, role, id or class), if any."""
    tag = n.tag
    if tag == "nav":
        return NAV
    if tag == "footer":
        return FOOTER
    if tag == "header":
        return HEADER
    attrs = n.attributes
    role = (attrs.get("role") or "").lower()
    if role == "navigation":
        return NAV
    if role == "contentinfo":
        return FOOTER
    if tag in ("main", "article") or role == "main":
        return MAIN
    key = f"{attrs.get('id') or ''} {attrs.get('class') or ''}"
    if key.strip():
        if _NAV_HINT.search(key):
            return NAV
        if _FOOTER_HINT.search(key):
            return FOOTER
        if _HEADER_HINT.search(key):
            return HEADER
    return None


def _contains(ancestor, node) -> bool:
    n = node
    while n is not None:
        if n.mem_id == ancestor.mem_id:
            return True
        n = n.parent
    return False
