"""Judging whether a candidate section page has real content.

A link alone proves nothing: inspectors regularly find menu entries leading to a 404, an
empty page or an "đang cập nhật" (being updated) placeholder. So every candidate section
page is judged on what is *its own*: the content region (:func:`crawlers.dom.largest_content_box`,
layout boxes removed), less the text and links the portal's template repeats on most pages
(computed once per portal from a spread of reference pages). Pages are parsed for this only
when they are candidate targets or boilerplate references, and every result is memoised in
``ctx.cache``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urldefrag, urljoin

from selectolax.lexbor import LexborHTMLParser

from checker.dates import extract_dates
from checker.results import Bi, bi
from checker.terms import compile_terms, raw_match
from crawlers.dom import (
    contains_node,
    inside_article,
    is_declared_main,
    is_layout_box,
    is_section_chrome_exempt,
    largest_content_box,
)
from crawlers.snapshot import Link, Page
from crawlers.text import Terms, fold
from crawlers.urls import is_document

__all__ = ["Judgement", "judge", "judge_content", "page_dates", "GOOD", "DECOY"]


# Verdicts of judge_content. GOOD ones can pass a section rule; DECOY ones make a found
# link a rejected decoy (fail if nothing better exists); the others need a person.
SUBSTANTIVE, LISTING, DOCUMENT, IMAGE = "substantive", "listing", "document", "image"
EMPTY, PLACEHOLDER, MISSING, ERROR_V, THIN, UNRELATED = "empty", "placeholder", "missing", "error", "thin", "unrelated"
GOOD = frozenset({SUBSTANTIVE, LISTING})
DECOY = frozenset({EMPTY, PLACEHOLDER, MISSING})

# Pages saying the section is "being updated / under construction / has no data".
_PLACEHOLDER = Terms([
    "đang cập nhật", "đang được cập nhật", "đang cập nhập", "đang xây dựng", "đang được xây dựng",
    "đang hoàn thiện", "chưa có dữ liệu", "chưa có thông tin", "chưa có bài viết", "chưa có nội dung",
    "chưa có tin", "không có dữ liệu", "không có bài viết", "không có tin", "không có nội dung",
    "không có văn bản", "chưa có văn bản", "dữ liệu đang cập nhật", "nội dung đang cập nhật",
    "under construction", "coming soon", "being updated", "no data", "no content", "no articles",
])
# Soft 404s: a 200 answer whose body says the page does not exist.
_NOT_FOUND = Terms([
    "không tìm thấy trang", "trang không tồn tại", "trang bạn yêu cầu không tồn tại",
    "không tìm thấy nội dung", "đường dẫn không tồn tại", "liên kết không tồn tại",
    "bài viết không tồn tại", "page not found", "404 not found", "error 404", "lỗi 404",
    "the page you requested", "không tìm thấy dữ liệu",
])
# Link texts that are navigation inside a listing, not items of it.
_PAGER = re.compile(r"^(?:\d{1,4}|[«»‹›<>…]+|trang (?:dau|cuoi|sau|truoc|tiep)|xem (?:tiep|them)|chi tiet|tiep theo|"
                    r"ve dau|first|last|next|prev(?:ious)?|more|doc tiep|xem tat ca|quay lai|in trang|in bai|"
                    r"gui email|chia se|share|top|len dau trang|tro ve)$")
# Form *controls* go, not <form>: ASP.NET WebForms (DNN, SharePoint) wrap the whole page in one.
_STRIP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
               "select", "textarea", "button", "label", "option")
_IMG_SKIP = re.compile(r"logo|icon|banner|bullet|spacer|arrow|button|btn|flag|quoc-?huy|bg[_-]|background|loading", re.I)


@dataclass
class Judgement:
    """What a candidate section page holds, with the text and items that decided it."""

    verdict: str
    reason: str
    text: str = ""  # page-specific text (template boilerplate removed), original spelling
    folded: str = ""  # fold(text)
    items: list[Link] = field(default_factory=list)  # page-specific item links
    documents: list[Link] = field(default_factory=list)  # links to files (PDF, DOC …)
    images: int = 0  # content images / embedded viewers (org chart, map)
    blocks: list[str] = field(default_factory=list)  # page-specific text blocks
    times: list[str] = field(default_factory=list)  # <time datetime> values in the content

    @property
    def good(self) -> bool:
        return self.verdict in GOOD



_DOWNLOAD_URL = re.compile(r"download|getfile|attachment|tai-?ve|filedinhkem|dinh-?kem|\.ashx", re.I)
_DOWNLOAD_LABEL = Terms(["tải về", "tải xuống", "download", "đính kèm", "tệp đính kèm", "file đính kèm", "xem file", "tải file", "tải văn bản"])


def _is_download(link: Link, folded_label: str) -> bool:
    """A file link: by extension, by a download-handler URL, or by its "Tải về" label."""
    return is_document(link.url) or bool(_DOWNLOAD_URL.search(link.url)) or bool(_DOWNLOAD_LABEL.find(folded_label))



@dataclass
class _Content:
    """The content region of a page: text blocks, links, images, <time> values."""

    blocks: list[str]
    folded_blocks: list[str]
    links: list[Link]
    images: int
    times: list[str]
    all_folded: set[str] = field(default_factory=set)  # blocks of the whole page (layout removed)
    rows: list[str] = field(default_factory=list)  # folded texts of list items / table rows (unlinked items)
    all_links: set[str] = field(default_factory=set)  # link URLs of the whole page



def _content(page: Page) -> _Content:
    """Parse the page once more, drop layout (nav, header, footer, sidebars, forms) and
    collect the content region's text blocks, links, images and <time> values."""
    tree = LexborHTMLParser(page.text or "<html></html>")
    for tag in _STRIP_TAGS:
        for n in tree.css(tag):
            if not is_section_chrome_exempt(n):
                n.decompose()
    body = tree.body
    if body is None:
        return _Content([], [], [], 0, [])
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
    blocks = _text_blocks(root)
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
    rows = []
    for n in root.css("li, tr"):
        if len(n.css("li, tr, th")) > 1:  # (the node itself is in its own css() result)
            continue  # a nested list's parent, or a header row
        f = fold(n.text(separator=" "))
        if len(f.split()) >= 4:
            rows.append(f)
    if root is body:
        all_folded, all_links = set(folded), {lnk.url for lnk in links}
    else:  # boilerplate is counted on the whole page, whichever region a page's content is in
        all_folded = {fold(b) for b in _text_blocks(body)}
        all_links = {lnk.url for lnk in _links(body, page.final_url)}
    return _Content(blocks, folded, links, images, [t for t in times if t],
                    all_folded=all_folded, all_links=all_links, rows=rows)


def _text_blocks(root) -> list[str]:
    blocks: list[str] = []
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            t = " ".join((node.text_content or "").split())
            if t:
                blocks.append(t)
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


def _page_content(ctx, page: Page) -> _Content:
    if ctx is None:
        return _content(page)
    return ctx.memo(("find.content", page.final_url), lambda: _content(page))


@dataclass
class _Boiler:
    """Template text and links shared by most pages of a portal (computed from references)."""

    block_counts: Counter
    link_counts: Counter
    per_page: dict[str, tuple[set[str], set[str]]]
    n: int


def _boilerplate(ctx) -> _Boiler:
    def build() -> _Boiler:
        pages = [p for p in ctx.snapshot.html_pages()][:60]
        if len(pages) > 8:  # the home page and a spread of pages from the whole crawl
            step = (len(pages) - 1) / 7
            pages = [pages[0]] + [pages[1 + int(i * step)] for i in range(7)]
        bc: Counter = Counter()
        lc: Counter = Counter()
        per: dict[str, tuple[set[str], set[str]]] = {}
        for p in pages:
            c = _page_content(ctx, p)
            bs = {b for b in c.all_folded if b}
            ls = c.all_links
            per[p.final_url] = (bs, ls)
            bc.update(bs)
            lc.update(ls)
        return _Boiler(bc, lc, per, len(per))
    return ctx.memo(("find.boiler",), build)


def _shared_sets(boiler: _Boiler | None, page: Page) -> tuple[set[str], set[str]]:
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


_NOT_FETCHED = Bi("không tải được trang", "page could not be fetched")


def _own_text(n: int) -> Bi:
    return bi("{} ký tự nội dung riêng của trang", "{} characters of page-specific text", n)


def judge(ctx, page: Page | None, *, min_chars: int = 150, min_items: int = 2,
          content_terms: list[str] | None = None, decoy_terms: list[str] | None = None) -> Judgement:
    """Judge a candidate section page in its portal (template boilerplate removed), memoised."""
    if page is None:
        return Judgement(ERROR_V, _NOT_FETCHED)
    key = ("find.judge", page.final_url, page.status, min_chars, min_items, tuple(content_terms or ()),
           tuple(decoy_terms or ()))
    return ctx.memo(key, lambda: _judge(ctx, page, min_chars, min_items, content_terms, decoy_terms))


def judge_content(page: Page | None, *, min_chars: int = 150, min_items: int = 2,
                  content_terms: list[str] | None = None, decoy_terms: list[str] | None = None) -> tuple[str, str]:
    """(verdict, reason) for a page on its own, without portal context.

    Verdicts: ``substantive`` (real text), ``listing`` (items/documents), ``image`` (content
    is an image or embedded viewer: org chart, map), ``document`` (not HTML), ``thin``
    (some text, too little to judge), ``unrelated`` (content lacks ``content_terms``),
    ``placeholder`` ("đang cập nhật"; also content showing only ``decoy_terms`` such as
    "đang chờ trả lời" where ``content_terms`` are required), ``empty``, ``missing`` (404,
    soft 404), ``error``.
    """
    j = _judge(None, page, min_chars, min_items, content_terms, decoy_terms) if page is not None else \
        Judgement(ERROR_V, _NOT_FETCHED)
    return j.verdict, j.reason


def _judge(ctx, page: Page, min_chars: int, min_items: int, content_terms: list[str] | None,
           decoy_terms: list[str] | None = None) -> Judgement:
    if page.status is None:
        return Judgement(ERROR_V, bi("không tải được trang", "fetch failed: {}", page.error or "no answer"))
    if page.status >= 500 or page.status in (401, 403, 429):
        return Judgement(ERROR_V, bi("HTTP {}", "HTTP {}", page.status))
    if page.status >= 400:
        return Judgement(MISSING, bi("HTTP {}", "HTTP {}", page.status))
    if page.status >= 300:
        return Judgement(ERROR_V, bi("HTTP {} chuyển hướng không được theo", "HTTP {} redirect not followed", page.status))
    if not page.is_html:
        return Judgement(DOCUMENT, bi("một tệp ({}), không phải trang", "a file ({}), not a page",
                                         page.content_type or Bi("không rõ loại", "unknown type")))
    content = _page_content(ctx, page)
    shared_b, shared_l = _shared_sets(_boilerplate(ctx) if ctx is not None else None, page)
    blocks = [b for b, f in zip(content.blocks, content.folded_blocks, strict=True) if f and f not in shared_b]
    text = " ".join(blocks)
    folded = fold(text)
    own = {page.url.rstrip("/"), page.final_url.rstrip("/")}
    items: list[Link] = []
    docs: list[Link] = []
    seen: set[str] = set()
    for link in content.links:
        u = link.url
        if u.rstrip("/") in own or u in shared_l or u in seen:
            continue
        seen.add(u)
        f = fold(link.label)
        if _is_download(link, f):
            docs.append(link)
            continue
        if not f or _PAGER.match(f) or len(f.split()) < 2:
            continue
        items.append(link)
    j = Judgement("", "", text, folded, items, docs, content.images, blocks, content.times)
    if len(folded) < 400 and _NOT_FOUND.find(folded):
        j.verdict, j.reason = MISSING, bi("trang báo không tồn tại: “{}”", "page says it does not exist: “{}”",
                                              _NOT_FOUND.find(folded))
        return j
    ph = _PLACEHOLDER.find(folded)
    # Text outside item links: a placeholder page may still carry a "related news" list.
    prose = len(folded) - sum(len(fold(lnk.label)) + 1 for lnk in items) - (len(ph) if ph else 0)
    if ph and prose < min_chars and not docs:
        j.verdict, j.reason = PLACEHOLDER, bi("trang “đang cập nhật”: “{}”", "placeholder page: “{}”",
                                                  raw_match(text, ph) or ph)
        return j
    long_shared = [b for b in shared_b if len(b) >= 20]
    rows = [r for r in content.rows if r not in shared_b and not any(b in r for b in long_shared)]
    n_items = max(len(items), len(rows))
    if n_items >= min_items or docs:
        j.verdict = LISTING
        j.reason = (bi("{} mục, {} tệp", "{} items, {} files", n_items, len(docs)) if docs
                    else bi("{} mục", "{} items", n_items))
    elif len(folded) >= min_chars:
        j.verdict, j.reason = SUBSTANTIVE, _own_text(len(folded))
    elif content.images:
        j.verdict, j.reason = IMAGE, bi("{} hình ảnh/khung nhúng, ít chữ", "{} image(s)/embedded viewer(s), little text",
                                             content.images)
    elif len(folded) >= 40 or items:
        j.verdict, j.reason = THIN, bi("chỉ {} ký tự và {} mục", "only {} characters of text and {} items",
                                            len(folded), len(items))
    else:
        j.verdict, j.reason = EMPTY, Bi("không có nội dung riêng của trang", "no page-specific content")
        return j
    if content_terms and j.verdict == THIN and len(folded) >= 80:
        # A short page that holds the expected words (e.g. a question with its "Trả lời:")
        # is a small section, unless those words only appear as "đang chờ trả lời".
        j.verdict, j.reason = SUBSTANTIVE, _own_text(len(folded))
    if content_terms and j.verdict in GOOD:
        cm = compile_terms(content_terms)
        hay = folded + " " + " ".join(fold(lnk.label) for lnk in docs)
        dm = compile_terms(decoy_terms)
        decoy = dm.find(hay)
        if decoy:  # "đang chờ trả lời" must not count as "trả lời"
            hay = dm.remove(hay)
        if not cm.find(hay):
            if decoy:
                j.verdict, j.reason = PLACEHOLDER, bi(
                    "{}, nhưng chỉ có “{}”, không có từ nào cần tìm", "{}, but only “{}”, none of the expected words",
                    j.reason, raw_match(text, decoy) or decoy)
            else:
                j.verdict, j.reason = UNRELATED, bi(
                    "{}, nhưng không có từ nào cần tìm ({}…)", "{}, but none of the expected words ({}…)",
                    j.reason, ", ".join(cm.terms.phrases[:4]))
    return j



def page_dates(j: Judgement) -> list[tuple[date, str]]:
    """Dates in a judged page's own content: its text blocks and <time datetime> values."""
    out = []
    for b in j.blocks:
        if any(c.isdigit() for c in b):
            for d, snip in extract_dates(b):
                out.append((d, b if len(b) <= 160 else snip))
    for t in j.times:
        try:
            dt = datetime.fromisoformat(t.strip().replace("Z", "+00:00"))
            out.append((dt.date(), t))
        except ValueError:
            for d, snip in extract_dates(t):
                out.append((d, snip))
    return out
