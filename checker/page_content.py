"""Parsing a page for the content judgement (:mod:`checker.content`): its content region
(layout boxes, navigation and form controls removed) with text blocks, heading marks, links,
rows and images, and the portal's template text and links (boilerplate) shared by most pages.
Each page is parsed once per evaluation (memoised in ``ctx.cache``)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin

from selectolax.lexbor import LexborHTMLParser

from crawlers.dom import (
    contains_node,
    inside_article,
    is_declared_main,
    is_layout_box,
    is_section_chrome_exempt,
    largest_content_box,
)
from crawlers.snapshot import Link, Page
from crawlers.text import fold

# Form *controls* go, not <form>: ASP.NET WebForms (DNN, SharePoint) wrap the whole page in one.
_STRIP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
               "select", "textarea", "button", "label", "option")
_IMG_SKIP = re.compile(r"logo|icon|banner|bullet|spacer|arrow|button|btn|flag|quoc-?huy|bg[_-]|background|loading", re.I)

@dataclass
class PageContent:
    """The content region of a page: text blocks, links, images, <time> values."""

    blocks: list[str]
    folded_blocks: list[str]
    links: list[Link]
    images: int
    times: list[str]
    all_folded: set[str] = field(default_factory=set)  # blocks of the whole page (layout removed)
    rows: list[str] = field(default_factory=list)  # folded texts of list items / table rows (unlinked items)
    all_links: set[str] = field(default_factory=set)  # link URLs of the whole page
    raw_rows: list[str] = field(default_factory=list)  # the rows in their original spelling
    heads: list[bool] = field(default_factory=list)  # per block: is it (part of) a heading?



def _content(page: Page) -> PageContent:
    """Parse the page once more, drop layout (nav, header, footer, sidebars, forms) and
    collect the content region's text blocks, links, images and <time> values."""
    tree = LexborHTMLParser(page.text or "<html></html>")
    for tag in _STRIP_TAGS:
        for n in tree.css(tag):
            if not is_section_chrome_exempt(n):
                n.decompose()
    body = tree.body
    if body is None:
        return PageContent([], [], [], 0, [])
    main = largest_content_box(tree)
    total = len(body.text(strip=True)) or 1
    layout = [n for n in tree.css("[id], [class]") if n.tag not in ("body", "html") and is_layout_box(n)]
    for n in layout:
        if main is not None and contains_node(n, main):
            continue  # a wrapper of the content (e.g. <div class="has-sidebar">)
        if main is None and len(n.text(strip=True)) > 0.8 * total:
            continue  # a wrapper of the whole page, not a sidebar
        if n.parent is None or inside_article(n):
            continue  # detached already, or part of an article (entry-header, entry-meta)
        n.decompose()
    semantic = main is not None and is_declared_main(main)
    root = main if main is not None and (semantic or len(main.text(strip=True)) >= 40) else body
    heads: list[bool] = []
    blocks = _text_blocks(root, heads)
    links = _links(root, page.final_url)
    images = 0
    for img in root.css("img"):
        src = (img.attributes.get("src") or "") + " " + (img.attributes.get("class") or "")
        if _IMG_SKIP.search(src):
            continue
        w, h = img.attributes.get("width") or "", img.attributes.get("height") or ""
        if (w.isdigit() and int(w) < 120) or (h.isdigit() and int(h) < 120):
            continue
        images += 1
    images += len(root.css("iframe, embed, object, canvas"))
    times = [t.attributes.get("datetime") or "" for t in root.css("time[datetime]")]
    folded = [fold(b) for b in blocks]
    rows, raw_rows = [], []
    for n in root.css("li, tr"):
        if len(n.css("li, tr, th")) > 1:  # (the node itself is in its own css() result)
            continue  # a nested list's parent, or a header row
        raw = " ".join(n.text(separator=" ").split())
        f = fold(raw)
        if len(f.split()) >= 4:
            rows.append(f)
            raw_rows.append(raw)
    if root is body:
        all_folded, all_links = set(folded), {lnk.url for lnk in links}
    else:  # boilerplate is counted on the whole page, whichever region a page's content is in
        all_folded = {fold(b) for b in _text_blocks(body)}
        all_links = {lnk.url for lnk in _links(body, page.final_url)}
    return PageContent(blocks, folded, links, images, [t for t in times if t],
                    all_folded=all_folded, all_links=all_links, rows=rows, raw_rows=raw_rows, heads=heads)


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _is_heading(node) -> bool:
    """A text node inside h1–h6 (within three levels: ``<h3><span><a>…``), or a bold run that
    is a whole paragraph by itself (``<p><strong>Khu vực ô nhiễm</strong></p>``)."""
    up = node.parent
    for _ in range(3):
        if up is None:
            return False
        if up.tag in _HEADINGS:
            return True
        if up.tag in ("strong", "b") and up.parent is not None and up.parent.tag in ("p", "div") \
                and len(up.parent.text(strip=True)) == len(up.text(strip=True)):
            return True
        up = up.parent
    return False


def _text_blocks(root, heads: list[bool] | None = None) -> list[str]:
    blocks: list[str] = []
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            t = " ".join((node.text_content or "").split())
            if t:
                blocks.append(t)
                if heads is not None:
                    heads.append(_is_heading(node))
    return blocks


def _links(root, base: str) -> list[Link]:
    links: list[Link] = []
    for a in root.css("a[href]"):
        href = (a.attributes.get("href") or "").strip()
        if not href or href.lower().startswith(("mailto:", "tel:", "javascript:", "#", "data:")):
            continue
        try:
            url = urldefrag(urljoin(base, href))[0]
        except ValueError:
            continue
        text = " ".join(a.text(separator=" ").split())
        links.append(Link(url=url, text=text, region="main", title=a.attributes.get("title") or ""))
    return links


def page_content(ctx, page: Page) -> PageContent:
    if ctx is None:
        return _content(page)
    return ctx.memo(("find.content", page.final_url), lambda: _content(page))


@dataclass
class Boiler:
    """Template text and links shared by most pages of a portal (computed from references)."""

    block_counts: Counter
    link_counts: Counter
    per_page: dict[str, tuple[set[str], set[str]]]
    n: int


def boilerplate(ctx) -> Boiler:
    def build() -> Boiler:
        pages = [p for p in ctx.snapshot.html_pages()][:60]
        if len(pages) > 8:  # the home page and a spread of pages from the whole crawl
            step = (len(pages) - 1) / 7
            pages = [pages[0]] + [pages[1 + int(i * step)] for i in range(7)]
        bc: Counter = Counter()
        lc: Counter = Counter()
        per: dict[str, tuple[set[str], set[str]]] = {}
        for p in pages:
            c = page_content(ctx, p)
            bs = {b for b in c.all_folded if b}
            ls = c.all_links
            per[p.final_url] = (bs, ls)
            bc.update(bs)
            lc.update(ls)
        return Boiler(bc, lc, per, len(per))
    return ctx.memo(("find.boiler",), build)


def shared_sets(boiler: Boiler | None, page: Page) -> tuple[set[str], set[str]]:
    """Blocks and link URLs of ``page`` that also appear on at least half (and at least two)
    of the *other* reference pages: template text, not this page's content."""
    if boiler is None:
        return set(), set()
    own = boiler.per_page.get(page.final_url)
    n = boiler.n - (1 if own else 0)
    if n < 2:
        return set(), set()
    need = max(2, (n + 1) // 2)
    own_b, own_l = own if own else (set(), set())
    blocks = {b for b, c in boiler.block_counts.items() if c - (b in own_b) >= need}
    links = {u for u, c in boiler.link_counts.items() if c - (u in own_l) >= need}
    return blocks, links
