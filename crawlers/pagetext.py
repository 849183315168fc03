"""Text and small values read from a page's parse tree: visible text, main text, metas,
mailto links, and the URL resolver used for link extraction. Pure functions of a tree
(selectolax/lexbor); the layout heuristics they use live once, in :mod:`crawlers.dom`."""

from __future__ import annotations

import re
import sys
from urllib.parse import urljoin, urlsplit

from crawlers.dom import (
    class_key,
    contains_node,
    first_content_box,
    inside_article,
    is_region_hinted,
    is_section_chrome_exempt,
)

_BOILERPLATE = "script, style, noscript, template, svg, iframe"
_LAYOUT_TAGS = ("nav", "header", "footer", "aside")
_SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")


def _intern(s: str) -> str:
    return sys.intern(s) if len(s) <= 512 else s


def _visible_of(tree) -> str:
    """Visible text of a parse tree (scripts, styles … removed from the tree)."""
    # one query for all the tags (a tree walk each costs ~10 µs); removed last first, so
    # that a node inside another one is removed before it (not freed with it, then touched)
    for n in reversed(tree.css(_BOILERPLATE)):
        n.decompose()
    body = tree.body
    return _clean(body.text(separator=" ")) if body else ""


def _texts_of(tree) -> tuple[str, str]:
    """(visible, main) texts of a parse tree, which is stripped in the process: the main text
    is the first content-like box (:func:`crawlers.dom.first_content_box`) once navigation,
    header, footer and region-hinted boxes outside it are gone, else the whole body."""
    full = _visible_of(tree)
    main_node = first_content_box(tree)
    for tag in _LAYOUT_TAGS:
        for n in tree.css(tag):
            if not is_section_chrome_exempt(n):
                n.decompose()
    for n in tree.css("[id], [class]"):
        if is_region_hinted(class_key(n)) and (main_node is None or not contains_node(n, main_node)) \
                and not inside_article(n):
            n.decompose()
    main_node = first_content_box(tree)
    main = _clean(main_node.text(separator=" ")) if main_node else ""
    if len(main) < 40:
        body = tree.body
        main = _clean(body.text(separator=" ")) if body else ""
    return full, main


def _metas(tree) -> tuple[tuple[str | None, str | None, str | None], ...]:
    out: list[tuple[str | None, str | None, str | None]] = []
    for m in tree.css("meta"):
        a = m.attributes
        out.append((_intern_opt(a.get("name")), _intern_opt(a.get("property")), _intern_opt(a.get("content"))))
    return tuple(out)


def _intern_opt(v: str | None) -> str | None:
    return _intern(v) if v else v


def _mailto_hrefs(tree) -> tuple[str, ...]:
    return tuple(a.attributes.get("href") or "" for a in tree.css("a[href^='mailto:'], a[href^='MAILTO:'], a[href^='Mailto:']"))


def _clean(text: str) -> str:
    """White space collapsed to single spaces and stripped (as ``" ".join(text.split())``)."""
    if len(text or "") < 2000:
        return " ".join((text or "").split())
    # A page's text: ``split`` makes a string of every word (~1 ms on 50 KB), and a pattern
    # for white-space runs (``\s``) tests every character against a category. Instead,
    # when the text has white space other than " " (``isprintable`` is one C pass, and " "
    # is the only printable white space), each such character present becomes " "
    # (``str.replace``), and a literal pattern collapses the runs of spaces left (~1.6x
    # faster on indented HTML's text). A text without (a minified page's) is split at "  ":
    # the pieces have at most one space at either end (~2.7x faster).
    if not text.isprintable():
        for c in _OTHER_SPACE:
            if c in text:
                text = text.replace(c, " ")
        return _SPACES.sub(" ", text).strip(" ")
    parts = text.split("  ")
    if len(parts) == 1:
        return text.strip(" ")
    return " ".join([p for p in [q.strip(" ") for q in parts] if p])


# every white-space character but " " (what ``str.split`` and ``\s`` split at: all are in
# the BMP below U+3001, which tests/test_pagetext.py checks against the whole of Unicode)
_OTHER_SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != " ")
_SPACES = re.compile("  +")


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
