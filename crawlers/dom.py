"""DOM heuristics shared by the crawler and the checks: which box of a page is its content,
which boxes are layout (navigation, header, footer, sidebars), and which region a link sits in.

One copy of each heuristic lives here; ``crawlers/snapshot.py`` (links' regions, a page's
main text), ``checker/find.py`` (section content judgement), the leader extraction, the
site-map check and the footer/header texts import them. Where two users need different
behaviour the difference is a separate, named function or pattern below, with the reason:

* the *main container* has three forms. :func:`declared_main` is what the template declares
  (``<main>``, else ``role=main``): trusted even when nearly empty, so content judgement and
  leader extraction never pick a sidebar over it. :func:`first_content_box` is the first
  content-like box in document order, cheap enough for every page's main text (and the site
  map's fallback container). :func:`largest_content_box` weighs the ``#content``-like boxes
  by their text: content judgement runs on a few pages and must not take an empty
  ``.content`` wrapper of the banner for the content.
* *layout classes* have three forms. :data:`NAV_HINT`/:data:`FOOTER_HINT`/:data:`HEADER_HINT`
  match a layout word at the start of a class word (``menu-top``, ``footer2``): liberal,
  because they only say which region a link sits in (and which boxes the main text skips).
  :data:`LAYOUT_TOKEN` matches only a whole class token that names a layout box: content
  judgement *removes* those boxes, so a site map's own ``sitemap`` box, a ``bottom-news``
  list or a ``footer2`` wrapper of the content must survive it. :data:`LAYOUT_WORD` matches a layout word bounded on both sides, and also
  share/social/"other news" boxes: leader extraction reads names out of blocks, and a
  "related news" box full of names must not become a leader.

Nodes are selectolax (lexbor) nodes; nothing here imports the checker.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# Regions of a page a link can sit in. Navigation links are the strongest evidence that a
# section exists ("mục" in Art. 10.1 means a section of the portal, not a mention).
NAV, HEADER, FOOTER, MAIN, OTHER = "nav", "header", "footer", "main", "other"

# -- layout classes ------------------------------------------------------------------------------
NAV_WORDS = ("nav", "navbar", "menu", "mainmenu", "topmenu", "megamenu", "sidebar", "left-?col", "sitemap", "breadcrumb")
FOOTER_WORDS = ("footer", "foot", "bottom", "copyright", "contentinfo")
HEADER_WORDS = ("header", "banner", "topbar", "top-bar")


def _start_of_word(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(^|[\s_-])({'|'.join(words)})", re.I)


NAV_HINT = _start_of_word(NAV_WORDS)
FOOTER_HINT = _start_of_word(FOOTER_WORDS)
HEADER_HINT = _start_of_word(HEADER_WORDS)

LAYOUT_TOKEN = re.compile(
    r"^(?:nav|navbar|navigation|menu|menus|sidebar|sidebars|footer|header|banner|topbar|copyright|breadcrumbs?|"
    r"[\w-]*[-_](?:nav|navbar|sidebar|footer|header|breadcrumbs?|widget)|[\w-]*menu|"
    r"(?:nav|menu|sidebar|footer|header|breadcrumb|widget)[-_][\w-]*|"
    r"left-?col|right-?col|col-?left|col-?right|widget|module-?right|module-?left)$", re.I)
LAYOUT_WORD = re.compile(r"(^|[\s_-])(nav|navbar|menu|mainmenu|topmenu|megamenu|sidebar|left-?col|right-?col|breadcrumb|"
                         r"footer|header|banner|topbar|widget|share|social|related|other-?news|tin-?khac)([\s_-]|$)", re.I)


def class_key(node: Any) -> str:
    """``"id class"`` of a node: what the layout patterns are matched against."""
    attrs = node.attributes
    return _id_class(attrs.get("id"), attrs.get("class"))


def _id_class(id_attr: str | None, class_attr: str | None) -> str:
    return f"{id_attr or ''} {class_attr or ''}"


def is_region_hinted(key: str) -> bool:
    """An id/class that names navigation, a header or a footer (:data:`NAV_HINT` …)."""
    return bool(NAV_HINT.search(key) or FOOTER_HINT.search(key) or HEADER_HINT.search(key))


def is_layout_box(node: Any) -> bool:
    """A node one of whose id/class tokens is a whole layout name (:data:`LAYOUT_TOKEN`)."""
    return any(LAYOUT_TOKEN.match(t) for t in class_key(node).split())


# -- main container -------------------------------------------------------------------------------
DECLARED_MAIN = ("main", "[role=main]")
CONTENT_BOXES = "main, [role=main], article, #content, #main, .content, .main-content"
MAIN_BOXES = ("#content, #main, #main-content, #maincontent, .main-content, .page-content, .content, "
              "#noidung, .noidung, .detail, .news-detail, .article-detail, .entry-content, .post-content")


def declared_main(tree: Any) -> Any | None:
    """The template's declared content container: the first ``<main>``, else the first
    ``role=main`` element, else None."""
    for sel in DECLARED_MAIN:
        n = tree.css_first(sel)
        if n is not None:
            return n
    return None


def first_content_box(tree: Any) -> Any | None:
    """The first element in document order that is a content-like box (:data:`CONTENT_BOXES`:
    ``<main>``, ``role=main``, ``<article>``, ``#content``, ``#main``, ``.content``,
    ``.main-content``)."""
    return tree.css_first(CONTENT_BOXES)


def largest_content_box(tree: Any) -> Any | None:
    """The content container: :func:`declared_main` (trusted even when nearly empty), else
    the ``#content``-like box (:data:`MAIN_BOXES`) or single ``<article>`` holding the most
    text (at least 40 characters). Several ``<article>`` s are a listing, so then there is no
    single one."""
    main = declared_main(tree)
    if main is not None:
        return main
    cands = list(tree.css(MAIN_BOXES))
    arts = tree.css("article")
    if len(arts) == 1:
        cands.append(arts[0])
    best, size = None, 0
    for n in cands:
        length = len(n.text(strip=True))
        if length > size:
            best, size = n, length
    return best if size >= 40 else None


def is_declared_main(node: Any) -> bool:
    return node.tag == "main" or (node.attributes.get("role") or "") == "main"


# -- tree relations --------------------------------------------------------------------------------
def contains_node(ancestor: Any, node: Any) -> bool:
    """True when ``node`` is ``ancestor`` or lies inside it (selectolax nodes)."""
    n = node
    while n is not None:
        if n.mem_id == ancestor.mem_id:
            return True
        n = n.parent
    return False


def inside_article(node: Any) -> bool:
    """True when ``node`` sits inside an ``<article>``: CMS class names such as
    ``entry-header``, ``entry-meta`` or ``post-footer`` there belong to the article (its
    title, date and links), even though they look like page layout."""
    n = node.parent
    while n is not None and n.tag not in ("body", "html"):
        if n.tag == "article":
            return True
        n = n.parent
    return False


def is_section_chrome_exempt(node: Any) -> bool:
    """True for a ``<header>``/``<footer>`` that belongs to an article or section, not to the
    page: HTML5 scopes them to the nearest sectioning element, and CMSs (WordPress's
    ``entry-header``) put a post's title, link and date there. Page chrome is only the
    header/footer whose nearest sectioning ancestor is the body."""
    if node.tag not in ("header", "footer"):
        return False
    n = node.parent
    while n is not None and n.tag not in ("body", "html"):
        if n.tag in ("article", "section", "main") or (n.attributes.get("role") or "") == "main":
            return True
        n = n.parent
    return False


# -- link regions ----------------------------------------------------------------------------------
_STOP_TAGS = ("body", "html", "-undef")


def region_of(node: Any, cache: dict[int, str] | None = None) -> str:
    """Which layout region a link sits in, by its ancestors' tags, roles, ids and classes.

    ``cache`` maps node ids to the region found from them upwards, so that the links of one
    menu share one walk up the tree."""
    visited: list[int] = []
    region = OTHER
    n = node.parent
    while n is not None:
        tag = n.tag
        if tag in _STOP_TAGS:
            break
        if cache is not None:
            mem_id = n.mem_id
            hit = cache.get(mem_id)
            if hit is not None:
                region = hit
                break
            visited.append(mem_id)
        found = _region_by(tag, n.attributes)
        if found:
            region = found
            break
        n = n.parent
    if cache is not None:
        for mem_id in visited:
            cache[mem_id] = region
    return region


def own_region(n: Any) -> str | None:
    """The region a node itself declares (by tag, role, id or class), if any."""
    return _region_by(n.tag, n.attributes)


_NAMED_BY_TAG = {"nav": NAV, "footer": FOOTER, "header": HEADER}


def _region_by(tag: str, attrs: dict[str, str | None]) -> str | None:
    """:func:`own_region` of a node with this tag and these attributes. The same tags,
    roles, ids and classes recur on every page of a site (each menu item's ``<li>``), so
    the answers by attributes are kept (:func:`_declared_region`)."""
    return _NAMED_BY_TAG.get(tag) or _declared_region(tag, attrs.get("role"), attrs.get("id"), attrs.get("class"))


@functools.lru_cache(maxsize=4096)
def _declared_region(tag: str, role_attr: str | None, id_attr: str | None, class_attr: str | None) -> str | None:
    role = (role_attr or "").lower()
    if role == "navigation":
        return NAV
    if role == "contentinfo":
        return FOOTER
    if tag in ("main", "article") or role == "main":
        return MAIN
    key = _id_class(id_attr, class_attr)
    if key.strip():
        if NAV_HINT.search(key):
            return NAV
        if FOOTER_HINT.search(key):
            return FOOTER
        if HEADER_HINT.search(key):
            return HEADER
    return None
