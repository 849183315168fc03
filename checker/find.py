"""Finding a portal's sections and judging whether a section page has real content.

Decree 43 Art. 10.1 asks for information *sections* ("mục thông tin"), so the strongest
evidence that a section exists is a navigation link whose text names it; then a body link,
a URL slug, or a page whose own title/heading names it. A link alone proves nothing:
inspectors regularly find menu entries leading to a 404, an empty page or an "đang cập
nhật" (being updated) placeholder. So every candidate is followed and its page judged.

Cost model (the whole rule set must stay under a few ms CPU per page): the links of all
crawled pages are indexed once per portal (folded label, URL segment words), each rule
then matches its phrase list against the *distinct* labels and URLs only. Pages are parsed
for content judgement only when they are candidate targets or boilerplate references,
and every result is memoised in ``ctx.cache``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache, partial
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from crawlers.snapshot import (
    HEADER,
    NAV,
    OTHER,
    Link,
    Page,
    contains_node,
    inside_article,
    is_section_chrome_exempt,
)
from crawlers.text import Terms, find_folded_span, fold

__all__ = [
    "SectionHit", "Judgement", "find_sections", "judge_content", "judge", "compile_terms",
    "raw_match", "extract_dates", "page_dates", "DOC_EXTENSIONS", "GOOD", "DECOY",
]

DOC_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".7z", ".odt", ".ods")

# Verdicts of judge_content. GOOD ones can pass a section rule; DECOY ones make a found
# link a rejected decoy (fail if nothing better exists); the others need a person.
SUBSTANTIVE, LISTING, DOCUMENT, IMAGE = "substantive", "listing", "document", "image"
EMPTY, PLACEHOLDER, MISSING, ERROR_V, THIN, UNRELATED = "empty", "placeholder", "missing", "error", "thin", "unrelated"
GOOD = frozenset({SUBSTANTIVE, LISTING})
DECOY = frozenset({EMPTY, PLACEHOLDER, MISSING})

_WHERE_RANK = {"nav": 0, "link": 1, "url": 2, "title": 3, "heading": 3}

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
_SKIP_URL_TOKENS = frozenset({"html", "htm", "aspx", "asp", "php", "jsp", "do", "cfm", "shtml", "www", "http", "https",
                              "index", "default", "pages", "page", "vi", "vn", "vi vn", "portal", "web", "guest"})
_TITLE_SPLIT = re.compile(r"\s+[-–—|:»/]\s+|\s*\|\s*|\s*»\s*")
_IMG_SKIP = re.compile(r"logo|icon|banner|bullet|spacer|arrow|button|btn|flag|quoc-?huy|bg[_-]|background|loading", re.I)


@dataclass
class SectionHit:
    """A candidate section: the target page, how it was found, and what matched."""

    page: Page | None  # target page (None if it could not be fetched, or is a document)
    link: Link | None  # link that led to it (None when found by the page's own title/heading)
    source: Page | None  # page that holds the link
    matched: str  # folded phrase that matched
    where: str  # "nav" | "link" | "url" | "title" | "heading"
    url: str = ""  # target URL (also set when page is None)
    extra_words: int = 0  # words of the label/segment beyond the matched phrase
    document: bool = False  # the target is a file (PDF, DOC …), not a page

    @property
    def label(self) -> str:
        """What a person saw: the link text, else the matched title/heading."""
        if self.link is not None:
            return self.link.label
        return self.matched


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


# -- phrase compilation ------------------------------------------------------------------------
class _Matcher:
    """A Terms plus a joined-words pattern for URL slugs such as ``lichcongtac``."""

    def __init__(self, phrases: tuple[str, ...]):
        self.terms = Terms(list(phrases))
        joined = sorted({p.replace(" ", "") for p in self.terms.phrases if len(p.replace(" ", "")) >= 8},
                        key=len, reverse=True)
        self.joined = re.compile("|".join(re.escape(j) for j in joined)) if joined else None
        self.by_joined = {p.replace(" ", ""): p for p in self.terms.phrases}

    def find(self, folded: str) -> str | None:
        return self.terms.find(folded)

    def remove(self, folded: str) -> str:
        """The folded text with every phrase occurrence blanked out."""
        if not self.terms:
            return folded
        alternatives = "|".join(re.escape(p) for p in sorted(set(self.terms.phrases), key=len, reverse=True))
        return re.sub(rf"(?:^|\s)(?:{alternatives})(?=\s|$)", " ", folded)

    def find_joined(self, words: str) -> tuple[str, int] | None:
        """(phrase, extra characters) when a joined phrase occurs in the unspaced words."""
        if self.joined is None:
            return None
        flat = words.replace(" ", "")
        m = self.joined.search(flat)
        if not m:
            return None
        return self.by_joined[m.group(0)], len(flat) - len(m.group(0))


@lru_cache(maxsize=512)
def _matcher(phrases: tuple[str, ...]) -> _Matcher:
    return _Matcher(phrases)


def compile_terms(terms: Iterable[str] | Terms | None) -> _Matcher:
    """A cached matcher for a phrase list (compiling regexes once per distinct list)."""
    if terms is None:
        return _matcher(())
    if isinstance(terms, Terms):
        return _matcher(tuple(terms.phrases))
    return _matcher(tuple(terms))


def raw_match(text: str, folded_phrase: str) -> str:
    """The original-spelling substring of ``text`` that folds to ``folded_phrase`` (for
    report highlighting), or ``""``."""
    if not text or not folded_phrase:
        return ""
    span = find_folded_span(text, folded_phrase)
    return text[span[0]:span[1]] if span else ""


# -- per-portal link index ---------------------------------------------------------------------
# The 10,000-page synthetic portal of benchmarks/ holds ~360,000 distinct (URL, label) pairs
# ("related news" boxes pair each URL with many labels), so the index holds no object per
# pair (one each took ~80 MB): a pair maps to an int *witness code* saying where its best link
# is (the crawl order of the page holding it, plus _BODY unless it sits in navigation; smaller
# is better), and the Link is looked up on that page again only for pairs that become hits.
_BODY = 1 << 40


@dataclass
class _Index:
    by_label: dict[str, tuple[tuple[str, ...], tuple[int, ...]]]  # folded label -> (URLs, their witness codes), first seen first
    by_url: dict[str, tuple[int, Link]]  # URL -> (witness code, link) of its best link
    by_segment: dict[str, list[str]]  # folded words of a path segment / query value -> URLs
    names: list[tuple[int, Page, tuple[str, ...], int]]  # (order, page, folded title segments + h1s, n title segments)
    pages: list[Page]
    home_url: str


def _is_nav(link: Link) -> bool:
    return link.region in (NAV, HEADER)


def _witness_link(page: Page, url: str, folded: str, nav: bool) -> Link:
    """The link a witness code stands for: the first one on ``page`` to ``url`` whose label
    folds to ``folded``, in navigation or not (the one the index saw first)."""
    for link in page.links:
        if link.url == url and _is_nav(link) == nav and fold(link.label) == folded:
            return link
    return Link(url=url, text=folded, region=NAV if nav else OTHER)  # the page's text was replaced since


def _segments(url: str) -> list[str]:
    """Folded words of each path segment and query value, ids and extensions dropped."""
    parts = urlsplit(url)
    raw = [s for s in unquote(parts.path).split("/") if s]
    for pair in parts.query.split("&"):
        if "=" in pair:
            raw.append(unquote(pair.split("=", 1)[1]))
    out = []
    for seg in raw:
        spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", seg)
        words = [w for w in fold(spaced).split() if w not in _SKIP_URL_TOKENS and not any(c.isdigit() for c in w)]
        if words:
            out.append(" ".join(words))
    return out


def _build_index(snapshot) -> _Index:
    """Index the links of every crawled page by folded label and by URL.

    The witness of a (URL, label) pair, and of a URL, is its strongest link: navigation
    beats body, then the earlier page, then the first on that page."""
    by_label: dict[str, dict[str, int]] = {}
    by_url: dict[str, tuple[int, Link]] = {}
    fold_cache: dict[str, str] = {}
    pages = list(snapshot.html_pages())
    for order, page in enumerate(pages):
        nav_code, body_code = order, order + _BODY  # one int object per page, shared by its pairs
        for link in page.links:
            code = nav_code if _is_nav(link) else body_code
            url, label = link.url, link.label
            cur = by_url.get(url)
            if cur is None or code < cur[0]:
                by_url[url] = (code, link)
            folded = fold_cache.get(label)
            if folded is None:
                folded = fold_cache[label] = fold(label)
            if not folded:
                continue
            urls = by_label.get(folded)
            if urls is None:
                urls = by_label[folded] = {}
            cur_code = urls.get(url)
            if cur_code is None or code < cur_code:
                urls[url] = code
    for folded, urls in by_label.items():  # tuples take half a dict's memory; each dict goes at once
        by_label[folded] = (tuple(urls), tuple(urls.values()))
    home = snapshot.home
    home_url = home.final_url if home is not None else snapshot.start_url
    by_segment: dict[str, list[str]] = {}
    for u in by_url:
        for seg in dict.fromkeys(_segments(u)):
            by_segment.setdefault(seg, []).append(u)
    names = [_names(order, page) for order, page in enumerate(pages)
             if not (_same(page.final_url, home_url) or _same(page.url, home_url))]
    return _Index(by_label, by_url, by_segment, names, pages, home_url)


def _names(order: int, page: Page) -> tuple[int, Page, tuple[str, ...], int]:
    """Folded title segments then h1 texts, what a page says it is, and how many of them are
    title segments (one flat tuple per page: a 10,000-page portal has ~30,000 names)."""
    titles = [f for f in (fold(seg) for seg in _TITLE_SPLIT.split(page.title or "")) if f]
    headings = [f for f in (fold(t) for t in page.h1_texts) if f]
    return order, page, tuple(titles + headings), len(titles)


def _index(ctx) -> _Index:
    # Built once from the crawled pages; pages fetched later on demand are judged, not indexed.
    return ctx.memo(("find.index",), lambda: _build_index(ctx.snapshot))


def _same(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


_DOWNLOAD_URL = re.compile(r"download|getfile|attachment|tai-?ve|filedinhkem|dinh-?kem|\.ashx", re.I)
_DOWNLOAD_LABEL = Terms(["tải về", "tải xuống", "download", "đính kèm", "tệp đính kèm", "file đính kèm", "xem file", "tải file", "tải văn bản"])


def _is_doc(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(DOC_EXTENSIONS)


def _is_download(link: Link, folded_label: str) -> bool:
    """A file link: by extension, by a download-handler URL, or by its "Tải về" label."""
    return _is_doc(link.url) or bool(_DOWNLOAD_URL.search(link.url)) or bool(_DOWNLOAD_LABEL.find(folded_label))


# -- finding -----------------------------------------------------------------------------------
def find_sections(ctx, terms: list[str] | Terms, *, url_terms: list[str] | None = None,
                  max_hits: int = 8, max_extra_words: int = 4, url_max_extra_words: int = 2,
                  exclude: list[str] | None = None, fetch: bool = True) -> list[SectionHit]:
    """Candidate sections for ``terms``, best first, each target page fetched on demand.

    Ranking: a navigation/header link whose text names the section; then any other link
    text; then a URL path segment (``/lich-cong-tac``, ``LichCongTac.aspx``); then a page
    whose title or h1 names it. A link text or segment that holds many more words than the
    phrase (a news headline merely mentioning "khen thưởng") is not a section link: at most
    ``max_extra_words`` (``url_max_extra_words`` for URL segments) extra words are allowed.
    Labels, segments and titles containing an ``exclude`` phrase are skipped (e.g. the
    "Thống kê truy cập" visitor counter is not a statistics section).
    """
    m = compile_terms(terms)
    um = compile_terms(url_terms) if url_terms is not None else m
    xm = compile_terms(exclude)
    key = ("find.sections", id(m), id(um), id(xm), max_hits, max_extra_words, url_max_extra_words)
    return ctx.memo(key, lambda: _find(ctx, m, um, xm, max_hits, max_extra_words, url_max_extra_words, fetch))


def _find(ctx, m: _Matcher, um: _Matcher, xm: _Matcher, max_hits: int, max_extra: int, url_max_extra: int,
          fetch: bool) -> list[SectionHit]:
    idx = _index(ctx)
    snapshot = ctx.snapshot
    # the SectionHit of a label hit is only made for the winners: its link is looked up again
    best: dict[str, tuple[tuple, SectionHit | Callable[[], SectionHit]]] = {}

    def offer(url: str, rank: tuple, hit: SectionHit | Callable[[], SectionHit]) -> None:
        norm = url.rstrip("/")
        if _same(url, idx.home_url):
            return
        cur = best.get(norm)
        if cur is None or rank < cur[0]:
            best[norm] = (rank, hit)

    if m.terms:
        for folded, urls in idx.by_label.items():
            phrase = m.find(folded)
            if phrase is None or xm.find(folded):
                continue
            extra = len(folded.split()) - len(phrase.split())
            if extra > max_extra:
                continue
            for url, code in zip(*urls, strict=True):
                nav, order = code < _BODY, code % _BODY
                where = "nav" if nav else "link"
                rank = (_WHERE_RANK[where], not snapshot.is_internal(url), extra, order)
                offer(url, rank, partial(_label_hit, idx.pages[order], url, folded, nav, phrase, where, extra))
    if um.terms:
        for seg, urls in idx.by_segment.items():
            if xm.find(seg):
                continue
            phrase = um.find(seg)
            extra = len(seg.split()) - len(phrase.split()) if phrase else 99
            if phrase is None or extra > url_max_extra:
                j = um.find_joined(seg)
                if j is None or j[1] > 10:
                    continue
                phrase, extra = j[0], (1 if j[1] else 0)
            for url in urls:
                code, link = idx.by_url[url]
                order = code % _BODY
                rank = (_WHERE_RANK["url"], not snapshot.is_internal(url), extra, order)
                offer(url, rank, SectionHit(None, link, idx.pages[order], phrase, "url", url, extra, _is_doc(url)))
    if m.terms:
        for order, page, names, ntitles in idx.names:
            for i, folded in enumerate(names):
                phrase = m.find(folded)
                if phrase is None or xm.find(folded):
                    continue
                extra = len(folded.split()) - len(phrase.split())
                if extra <= max_extra:
                    where = "title" if i < ntitles else "heading"
                    offer(page.final_url, (_WHERE_RANK[where], False, extra, order),
                          SectionHit(page, None, None, phrase, where, page.final_url, extra))
                    break
    ranked = [h if isinstance(h, SectionHit) else h()
              for _, h in sorted(best.values(), key=lambda x: x[0])[:max_hits]]
    for hit in ranked:
        if hit.page is None and not hit.document:
            hit.page = snapshot.get(hit.url, fetch=fetch)
    return ranked


def _label_hit(source: Page, url: str, folded: str, nav: bool, phrase: str, where: str, extra: int) -> SectionHit:
    return SectionHit(None, _witness_link(source, url, folded, nav), source, phrase, where, url, extra, _is_doc(url))


# -- content judgement -------------------------------------------------------------------------
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


_LAYOUT_TOKEN = re.compile(
    r"^(?:nav|navbar|navigation|menu|menus|sidebar|sidebars|footer|header|banner|topbar|copyright|breadcrumbs?|"
    r"[\w-]*[-_](?:nav|navbar|sidebar|footer|header|breadcrumbs?|widget)|[\w-]*menu|"
    r"(?:nav|menu|sidebar|footer|header|breadcrumb|widget)[-_][\w-]*|"
    r"left-?col|right-?col|col-?left|col-?right|widget|module-?right|module-?left)$", re.I)
_MAIN_IDS = ("#content, #main, #main-content, #maincontent, .main-content, .page-content, .content, "
             "#noidung, .noidung, .detail, .news-detail, .article-detail, .entry-content, .post-content")


def _pick_main(tree):
    """The content container: <main>/role=main, else the largest #content-like box, else a
    single <article>. Several <article>s are a listing, so then there is no single one."""
    for sel in ("main", "[role=main]"):
        n = tree.css_first(sel)
        if n is not None:  # declared by the template: trusted even when nearly empty
            return n
    cands = list(tree.css(_MAIN_IDS))
    arts = tree.css("article")
    if len(arts) == 1:
        cands.append(arts[0])
    best, size = None, 0
    for n in cands:
        length = len(n.text(strip=True))
        if length > size:
            best, size = n, length
    return best if size >= 40 else None


def _is_layout(node) -> bool:
    attrs = node.attributes
    tokens = f"{attrs.get('id') or ''} {attrs.get('class') or ''}".split()
    return any(_LAYOUT_TOKEN.match(t) for t in tokens)


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
    main = _pick_main(tree)
    total = len(body.text(strip=True)) or 1
    layout = [n for n in tree.css("[id], [class]") if n.tag not in ("body", "html") and _is_layout(n)]
    for n in layout:
        if main is not None and contains_node(n, main):
            continue  # a wrapper of the content (e.g. <div class="has-sidebar">)
        if main is None and len(n.text(strip=True)) > 0.8 * total:
            continue  # a wrapper of the whole page, not a sidebar
        if n.parent is None or inside_article(n):
            continue  # detached already, or part of an article (entry-header, entry-meta)
        n.decompose()
    semantic = main is not None and (main.tag == "main" or (main.attributes.get("role") or "") == "main")
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


def judge(ctx, page: Page | None, *, min_chars: int = 150, min_items: int = 2,
          content_terms: list[str] | None = None, decoy_terms: list[str] | None = None) -> Judgement:
    """Judge a candidate section page in its portal (template boilerplate removed), memoised."""
    if page is None:
        return Judgement(ERROR_V, "page could not be fetched")
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
        Judgement(ERROR_V, "page could not be fetched")
    return j.verdict, j.reason


def _judge(ctx, page: Page, min_chars: int, min_items: int, content_terms: list[str] | None,
           decoy_terms: list[str] | None = None) -> Judgement:
    if page.status is None:
        return Judgement(ERROR_V, f"fetch failed: {page.error or 'no answer'}")
    if page.status >= 500 or page.status in (401, 403, 429):
        return Judgement(ERROR_V, f"HTTP {page.status}")
    if page.status >= 400:
        return Judgement(MISSING, f"HTTP {page.status}")
    if page.status >= 300:
        return Judgement(ERROR_V, f"HTTP {page.status} redirect not followed")
    if not page.is_html:
        return Judgement(DOCUMENT, f"a file ({page.content_type or 'unknown type'}), not a page")
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
        j.verdict, j.reason = MISSING, f"page says it does not exist: “{_NOT_FOUND.find(folded)}”"
        return j
    ph = _PLACEHOLDER.find(folded)
    # Text outside item links: a placeholder page may still carry a "related news" list.
    prose = len(folded) - sum(len(fold(lnk.label)) + 1 for lnk in items) - (len(ph) if ph else 0)
    if ph and prose < min_chars and not docs:
        j.verdict, j.reason = PLACEHOLDER, f"placeholder page: “{raw_match(text, ph) or ph}”"
        return j
    long_shared = [b for b in shared_b if len(b) >= 20]
    rows = [r for r in content.rows if r not in shared_b and not any(b in r for b in long_shared)]
    n_items = max(len(items), len(rows))
    if n_items >= min_items or docs:
        j.verdict = LISTING
        j.reason = f"{n_items} items" + (f", {len(docs)} files" if docs else "")
    elif len(folded) >= min_chars:
        j.verdict, j.reason = SUBSTANTIVE, f"{len(folded)} characters of page-specific text"
    elif content.images:
        j.verdict, j.reason = IMAGE, f"{content.images} image(s)/embedded viewer(s), little text"
    elif len(folded) >= 40 or items:
        j.verdict, j.reason = THIN, f"only {len(folded)} characters of text and {len(items)} items"
    else:
        j.verdict, j.reason = EMPTY, "no page-specific content"
        return j
    if content_terms and j.verdict == THIN and len(folded) >= 80:
        # A short page that holds the expected words (e.g. a question with its "Trả lời:")
        # is a small section, unless those words only appear as "đang chờ trả lời".
        j.verdict, j.reason = SUBSTANTIVE, f"{len(folded)} characters of page-specific text"
    if content_terms and j.verdict in GOOD:
        cm = compile_terms(content_terms)
        hay = folded + " " + " ".join(fold(lnk.label) for lnk in docs)
        dm = compile_terms(decoy_terms)
        decoy = dm.find(hay)
        if decoy:  # "đang chờ trả lời" must not count as "trả lời"
            hay = dm.remove(hay)
        if not cm.find(hay):
            if decoy:
                j.verdict, j.reason = PLACEHOLDER, f"{j.reason}, but only “{raw_match(text, decoy) or decoy}”, none of the expected words"
            else:
                j.verdict, j.reason = UNRELATED, f"{j.reason}, but none of the expected words ({', '.join(cm.terms.phrases[:4])}…)"
    return j


# -- dates ---------------------------------------------------------------------------------------
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4})(?![\d/])")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_VN_LONG = re.compile(r"ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})")


def _mk(y: str, mo: str, d: str) -> date | None:
    try:
        v = date(int(y), int(mo), int(d))
    except ValueError:
        return None
    return v if 1995 <= v.year <= 2100 else None


def extract_dates(text: str) -> list[tuple[date, str]]:
    """Dates written in ``text`` with the snippet that held them: dd/mm/yyyy, dd-mm-yyyy,
    dd.mm.yyyy (day first, as Vietnamese write), yyyy-mm-dd, "ngày 5 tháng 11 năm 2026"."""
    out: list[tuple[date, str]] = []
    for m in _DMY.finditer(text):
        d = _mk(m.group(3), m.group(2), m.group(1))
        if d:
            out.append((d, m.group(0)))
    for m in _ISO.finditer(text):
        d = _mk(m.group(1), m.group(2), m.group(3))
        if d:
            out.append((d, m.group(0)))
    if "th" in text.lower() or "TH" in text:
        for m in _VN_LONG.finditer(fold(text)):
            d = _mk(m.group(3), m.group(2), m.group(1))
            if d:
                out.append((d, m.group(0)))
    return out


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
