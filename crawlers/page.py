"""A fetched page of a portal: its text (stored compactly), what is read from it once
(links with their regions, title, headings, metas), and its page facts.

Part of the snapshot model (:mod:`crawlers.snapshot` re-exports these names): the text's
storage is :mod:`crawlers.pagestore`, what is read from a parse tree :mod:`crawlers.pagetext`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from crawlers.dom import region_of
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
from crawlers.text import fold
from crawlers.urls import host_of

# Page facts: name -> function(page) -> small picklable value. Whole-site checks that read
# every page (legacy encodings, e-mail addresses …) register the per-page part here; the
# crawler computes them while each page is parsed (crawlers/analyse.py), and
# :meth:`Page.fact` computes them on demand for pages that did not go through it.
FACTS: dict[str, Callable[[Page], object]] = {}
TREE_FACTS: set[str] = set()  # facts that read ``page.tree`` (computed before the tree is stripped)


def page_fact(name: str, *, tree: bool = False) -> Callable[[Callable[[Page], object]], Callable[[Page], object]]:
    """Register ``fn(page)`` as the page fact ``name`` (its value must pickle and be small).
    ``tree``: it reads the parse tree; the analysis then runs it while the tree is whole,
    before the visible text is cut out of it (otherwise such a fact parses the page again)."""
    def register(fn: Callable[[Page], object]) -> Callable[[Page], object]:
        FACTS[name] = fn
        if tree:
            TREE_FACTS.add(name)
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


GATHERED_DEPTH = 99  # the depth of a page fetched after the crawl because a check asked for it


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
    def gathered(self) -> bool:
        """Fetched after the crawl because a check asked for it (crawlers/gather.py)."""
        return self.depth >= GATHERED_DEPTH

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
        # the analysis hands over the body when it is the text's UTF-8 (``_utf8``): lexbor
        # parses UTF-8, and would otherwise encode the text back to the same bytes
        tree = LexborHTMLParser(self.__dict__.get("_utf8") or self.text or "<html></html>")
        # small values read from the tree are kept on the page, so that they never force a
        # re-parse (the crawler parses every page once for its links)
        d = self.__dict__
        if "title" not in d:
            node = tree.css_first("title")
            d["title"] = _clean(node.text()) if node else ""
        if "headings" not in d or "h1_texts" not in d:
            nodes = tree.css("h1, h2, h3")  # (in document order: the h1s are those of css("h1"))
            if "headings" not in d:
                d["headings"] = [t for t in (_clean(n.text()) for n in nodes) if t]
            if "h1_texts" not in d:
                d["h1_texts"] = [n.text(separator=" ") for n in nodes if n.tag == "h1"]
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
        """Take the results of :func:`crawlers.analysis.analyse` for this page's body: the
        compressed texts go to the spool, derived values and facts onto the page."""
        self.encoding, self.declared_encoding, self.legacy_encoding = (
            a.encoding and _intern(a.encoding), a.declared and _intern(a.declared), a.legacy and _intern(a.legacy))
        d = self.__dict__
        _store_compressed(self, a.html_z)
        # a worker's values arrive as fresh strings for every page, though most repeat from
        # page to page (sidebar headings, <meta> names and contents, the footer's e-mail):
        # shared, each is held once (~1 KB a page)
        d.update({k: _shared(v) for k, v in a.derived.items()})
        d["links"] = [_link(*t) for t in a.links]
        _spool_visible(self, a.visible_z)
        d["_facts"] = {sys.intern(k): _shared(v) for k, v in a.facts.items()}

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
        tree = self.tree
        # the first <base href> (what css_first("base[href]") finds, but by tag name: an
        # attribute selector tests every element, ~5x slower)
        base_node = next((n for n in tree.tags("base") if "href" in n.attrs), None)
        if base_node is not None:
            base = urljoin(base, base_node.attributes.get("href") or "")
        resolve = _Resolver(base)
        regions: dict[int, str] = {}
        out: list[tuple[str, str, str, str]] = []
        for a in tree.css("a[href], area[href]"):
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


def _shared(value):
    """``value`` with its strings interned, inside tuples and lists too (what the analysis
    sends: strings, tuples and lists of them, None)."""
    if isinstance(value, str):
        return _intern(value)
    if isinstance(value, tuple):
        return tuple(_shared(v) for v in value)
    if isinstance(value, list):
        return [_shared(v) for v in value]
    return value


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
