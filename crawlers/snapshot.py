"""The snapshot: what the crawler saw of one portal, and what the checker reads.

This module is the contract between ``crawlers/`` and ``checker/``. A crawler (HTTP,
browser, archive replay or a rule-test fixture) fills a :class:`Snapshot` with
:class:`Page` objects; check functions only read it. Parsing is lazy and cached per page
so that evaluating ~40 rules costs one parse per page.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urldefrag, urljoin

from selectolax.lexbor import LexborHTMLParser

from crawlers.artifacts import Artifact, Want
from crawlers.dom import (  # noqa: F401  (regions and DOM helpers: importable from here as before)
    FOOTER,
    HEADER,
    MAIN,
    NAV,
    OTHER,
    class_key,
    contains_node,
    first_content_box,
    inside_article,
    is_region_hinted,
    is_section_chrome_exempt,
    region_of,
)
from crawlers.pagestore import (
    _CACHES,
    _DERIVED,
    _get_text,
    _inflate,
    _list_cost,
    _page_del,
    _set_text,
    _spool_visible,
    _store_compressed,
    _str_cost,
    _texts_cost,
    _tree_cost,
    pack,  # noqa: F401  (crawlers.analyse compresses with it)
)
from crawlers.pagetext import (
    _SKIP_SCHEMES,
    _clean,
    _intern,
    _mailto_hrefs,
    _metas,
    _Resolver,
    _texts_of,
    _visible_of,
)
from crawlers.stats import CrawlStats
from crawlers.text import fold
from crawlers.urls import host_of, same_host

# Page facts: name -> function(page) -> small picklable value. Whole-site checks that read
# every page (legacy encodings, e-mail addresses …) register the per-page part here; the
# crawler computes them while each page is parsed (crawlers/analyse.py), and
# :meth:`Page.fact` computes them on demand for pages that did not go through it.
FACTS: dict[str, Callable[[Page], object]] = {}


def page_fact(name: str) -> Callable[[Callable[[Page], object]], Callable[[Page], object]]:
    """Register ``fn(page)`` as the page fact ``name`` (its value must pickle and be small)."""
    def register(fn: Callable[[Page], object]) -> Callable[[Page], object]:
        FACTS[name] = fn
        return fn
    return register


@dataclass(frozen=True, slots=True)
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

    # ``text`` is stored compactly (see ``_get_text``/``_set_text`` below the class).
    def _cached(self, kind: str, compute: Callable[[], object], cost: Callable[[object], int]):
        """A large derived value (parse tree, page texts …) from the bounded per-process
        cache; recomputed from ``text`` when it was evicted."""
        return _CACHES[kind].get(self, compute, cost)

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
    @property
    def tree(self) -> LexborHTMLParser:
        """The parse tree. Trees are large (native memory, several times the HTML): a bounded
        number is kept, a page whose tree was evicted is parsed again."""
        return self._cached("tree", self._parse, _tree_cost)

    def _parse(self) -> LexborHTMLParser:
        tree = LexborHTMLParser(self.text or "<html></html>")
        # small values read from the tree are kept on the page, so that they never force a
        # re-parse (the crawler parses every page once for its links)
        d = self.__dict__
        if "title" not in d:
            node = tree.css_first("title")
            d["title"] = _clean(node.text()) if node else ""
        if "headings" not in d:
            d["headings"] = [t for t in (_clean(n.text()) for n in tree.css("h1, h2, h3")) if t]
        if "h1_texts" not in d:
            d["h1_texts"] = [n.text(separator=" ") for n in tree.css("h1")]
        if "lang" not in d:
            node = tree.css_first("html")
            d["lang"] = (node.attributes.get("lang") or "").strip() if node else ""
        if "metas" not in d:
            d["metas"] = _metas(tree)
        if "mailto_hrefs" not in d:
            d["mailto_hrefs"] = _mailto_hrefs(tree)
        return tree

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
    def metas(self) -> tuple[tuple[str | None, str | None, str | None], ...]:
        """(name, property, content) attributes of every ``<meta>``, None when absent."""
        return _metas(self.tree)

    @cached_property
    def mailto_hrefs(self) -> tuple[str, ...]:
        """``href`` (as written) of every ``mailto:`` link (any case of the scheme's first letter)."""
        return _mailto_hrefs(self.tree)

    @cached_property
    def h1_texts(self) -> list[str]:
        """Raw text (``separator=" "``) of every h1, in document order."""
        return [n.text(separator=" ") for n in self.tree.css("h1")]

    # -- analysis (crawlers/analyse.py) -----------------------------------------------------
    def derive(self) -> tuple[dict[str, object], list[tuple[str, str, str, str]]]:
        """Parse once: (the small values read from the tree: title, headings, lang, metas,
        mailto hrefs; the link tuples)."""
        self.tree  # noqa: B018  (_parse keeps the small values)
        return {k: self.__dict__[k] for k in _DERIVED if k != "links"}, self.link_tuples()

    def visible_from_tree(self) -> str:
        """The visible text, from the cached tree, which is stripped in the process and
        therefore dropped from the cache (saves the second parse ``_compute_texts`` needs).
        The main text is left to be computed for the few pages whose content is judged."""
        tree = self.tree
        self.forget_tree()
        return _visible_of(tree)

    def forget_tree(self) -> None:
        _CACHES["tree"].drop(self)

    def adopt(self, a) -> None:
        """Take the results of :func:`crawlers.analyse.analyse` for this page's body: the
        compressed texts go to the spool, derived values and facts onto the page."""
        self.encoding, self.declared_encoding, self.legacy_encoding = (
            a.encoding and _intern(a.encoding), a.declared and _intern(a.declared), a.legacy and _intern(a.legacy))
        d = self.__dict__
        _store_compressed(self, a.html_z)
        d.update(a.derived)
        d["links"] = [_link(*t) for t in a.links]
        _spool_visible(self, a.visible_z)
        d["_facts"] = {sys.intern(k): v for k, v in a.facts.items()}
        if d.get("lang"):
            d["lang"] = _intern(d["lang"])

    def fact(self, name: str):
        """The page fact ``name`` (see :data:`FACTS`), computed once."""
        facts = self.__dict__.setdefault("_facts", {})
        if name not in facts:
            facts[name] = FACTS[name](self)
        return facts[name]

    @property
    def _texts(self) -> tuple[str, str]:
        """(visible text of the whole page, text of the main content only)."""
        return self._cached("texts", self._load_texts, _texts_cost)

    def _load_texts(self) -> tuple[str, str]:
        # evicted texts were spilled to the spool (compressed): reading them back costs a
        # fraction of a second parse (rules sweep all pages' texts more than once)
        ref = self.__dict__.get("_tref")
        if ref is not None:
            seg, off, n, split = ref
            raw = _inflate(seg.read(off, n))
            return raw[:split], raw[split:]
        return self._compute_texts()

    def _compute_texts(self) -> tuple[str, str]:
        return _texts_of(LexborHTMLParser(self.text or "<html></html>"))

    @property
    def visible_text(self) -> str:
        """All text a visitor sees (scripts and styles removed)."""
        d = self.__dict__
        fixed = d.get("_visible_fixed")
        if fixed is not None:
            return fixed
        ref = d.get("_vref")
        if ref is not None:  # analysed by the crawler: read back, never re-parsed
            return _CACHES["visible"].get(self, lambda: _inflate(ref[0].read(ref[1], ref[2])), _str_cost)
        return self._texts[0]

    @property
    def main_text(self) -> str:
        """Text of the content area: navigation, header, footer and sidebars removed."""
        return self._texts[1]

    @property
    def folded_text(self) -> str:
        return self._cached("folded_text", lambda: fold(self.visible_text), _str_cost)

    @property
    def folded_main(self) -> str:
        return self._cached("folded_main", lambda: fold(self.main_text), _str_cost)

    @cached_property
    def links(self) -> list[Link]:
        """Every hyperlink, absolute and without fragment, with the region it sits in."""
        # menus, footers and sidebars repeat the same URLs and texts on every page:
        # interned, each is held once
        return [_link(*t) for t in self.link_tuples()]

    def link_tuples(self) -> list[tuple[str, str, str, str]]:
        """(url, text, region, title) of every hyperlink (what :attr:`links` is made of)."""
        base = self.final_url
        base_node = self.tree.css_first("base[href]")
        if base_node is not None:
            base = urljoin(base, base_node.attributes.get("href") or "")
        resolve = _Resolver(base)
        regions: dict[int, str] = {}
        out: list[tuple[str, str, str, str]] = []
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
            out.append((url, text, region_of(a, regions), _clean(title)))
        return out

    @property
    def raw_links(self) -> list[tuple[str, str]]:
        """(href as written, text) for every ``a[href]``, including mailto:/tel:/javascript:."""
        return self._cached("raw_links", lambda: [((a.attributes.get("href") or "").strip(), _clean(a.text()))
                                                  for a in self.tree.css("a[href]")], _list_cost)

    @property
    def host(self) -> str:
        return host_of(self.final_url)


_LINKS: dict[tuple[str, str, str, str], Link] = {}


def _link(url: str, text: str, region: str, title: str) -> Link:
    """A shared Link: menus, footers and sidebars repeat the same links on every page (Link
    is immutable). The table is bounded: it is emptied when it grows large. A new Link and
    its table key hold interned strings only, not the caller's copies (the analysis worker's
    results arrive as fresh strings for every page)."""
    link = _LINKS.get((url, text, region, title))
    if link is None:
        if len(_LINKS) >= 20_000:
            _LINKS.clear()
        link = Link(url=_intern(url), text=_intern(text), region=sys.intern(region), title=_intern(title))
        _LINKS[(link.url, link.text, link.region, link.title)] = link
    return link


# The dataclass field ``text`` (its __init__ argument) is replaced by a property storing it
# compactly: a descriptor set after class creation, which type checkers cannot follow.
Page.text = property(_get_text, _set_text)  # type: ignore[assignment]
Page.__del__ = _page_del  # type: ignore[attr-defined]


@dataclass
class Snapshot:
    """Everything gathered from one portal: pages, documents and artifacts.

    ``pages`` is keyed by the URL that was requested; :meth:`get` also finds a page by its
    final URL after redirects. Checks only *read* a snapshot. What they need and the crawl
    did not gather (a page it did not reach, axe-core results …) they ask for through
    :meth:`get` and :meth:`artifact`; while :attr:`recording` is on, those requests are noted
    in :attr:`wanted` as :class:`~crawlers.artifacts.Want` s, which the gather loop
    (``checker/gathering.py``) has the gatherers of ``crawlers/`` fulfil before the rules are
    evaluated again. ``fetcher`` is the crawler's follow-up fetcher the gatherer uses; no
    check calls it.
    """

    start_url: str
    pages: dict[str, Page] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: CrawlStats = field(default_factory=CrawlStats)  # facts about the crawl (crawlers/stats.py)
    fetcher: Callable[[str], Page | None] | None = None
    started_at: str = ""
    finished_at: str = ""
    as_of: str = ""  # the time the verdicts were computed for (kept in the archive for replays)
    judged: dict[str, object] = field(default_factory=dict)  # level and registry entry it was judged with
    artifacts: dict[str, Artifact] = field(default_factory=dict)  # by Want.key
    recording: bool = False  # note what checks ask for and is missing (gather rounds)
    wanted: dict[Want, None] = field(default_factory=dict)  # an ordered set: the order checks asked in

    def add(self, page: Page) -> None:
        self.pages[page.url] = page
        if page.final_url and page.final_url != page.url:
            self._by_final[page.final_url] = page

    @cached_property
    def _by_final(self) -> dict[str, Page]:
        return {p.final_url: p for p in self.pages.values() if p.final_url != p.url}

    def get(self, url: str, fetch: bool = True, *, probe: str | None = None) -> Page | None:
        """The page for ``url`` (requested or final URL, with or without a final slash), or
        None. A missing page is *wanted* (gathered before the next round) when ``fetch`` is
        true and the snapshot is recording; a check never fetches anything itself. ``probe``
        marks a page that answers a probe (``"search"``: a search-results page), which page
        samples leave out."""
        url = urldefrag(url)[0]
        page = self.pages.get(url) or self._by_final.get(url)
        if page is None and url.endswith("/"):
            page = self.pages.get(url[:-1]) or self._by_final.get(url[:-1])
        elif page is None:
            page = self.pages.get(url + "/") or self._by_final.get(url + "/")
        if page is None and fetch and self.recording and url.startswith(("http://", "https://")):
            self.wanted.setdefault(Want.of("page", url, probe=probe) if probe else Want("page", url), None)
        return page

    def artifact(self, want: Want) -> Artifact | None:
        """The gathered artifact for ``want``, or None (then wanted, when recording)."""
        art = self.artifacts.get(want.key)
        if art is None and self.recording:
            self.wanted.setdefault(want, None)
        return art

    def put_artifact(self, art: Artifact) -> None:
        self.artifacts[art.want.key] = art

    @property
    def home(self) -> Page | None:
        return self.get(self.start_url, fetch=False)

    def html_pages(self) -> Iterator[Page]:
        """The portal's pages that were fetched successfully and are HTML, home page first.
        Pages gathered from other sites (a parent or subordinate portal a check looked at) and
        probe answers (search results) are left out: whole-site checks judge this portal,
        and what they see must not depend on what another check happened to ask for."""
        home = self.home
        if home is not None and home.ok:
            yield home
        for p in self.pages.values():
            if p.ok and p is not home and not p.probe and self.is_internal(p.final_url):
                yield p

    @property
    def host(self) -> str:
        home = self.home
        if home is not None:
            return home.host
        return host_of(self.start_url)

    def is_internal(self, url: str) -> bool:
        """Same site: same host name, or the www./non-www. twin of the start host
        (:func:`crawlers.urls.same_host`; ports are not compared)."""
        return same_host(host_of(url), self.host)
