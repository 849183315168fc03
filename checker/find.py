"""Finding a portal's sections.

Decree 43 Art. 10.1 asks for information *sections* ("mục thông tin"), so the strongest
evidence that a section exists is a navigation link whose text names it; then a body link,
a URL slug, or a page whose own title/heading names it. A link alone proves nothing: every
candidate is followed and its page judged (:mod:`checker.content`).

Cost model (the whole rule set must stay under a few ms CPU per page): the links of all
crawled pages are indexed once per portal (folded label, URL segment words), each rule
then matches its phrase list against the *distinct* labels and URLs only, and every result
is memoised in ``ctx.cache``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from urllib.parse import unquote, urlsplit

from checker.terms import Matcher, compile_terms
from crawlers.snapshot import HEADER, NAV, OTHER, Link, Page
from crawlers.text import Terms, fold
from crawlers.urls import is_document

__all__ = ["SectionHit", "find_sections"]


_WHERE_RANK = {"nav": 0, "link": 1, "url": 2, "title": 3, "heading": 3}

_SKIP_URL_TOKENS = frozenset({"html", "htm", "aspx", "asp", "php", "jsp", "do", "cfm", "shtml", "www", "http", "https",
                              "index", "default", "pages", "page", "vi", "vn", "vi vn", "portal", "web", "guest"})
_TITLE_SPLIT = re.compile(r"\s+[-–—|:»/]\s+|\s*\|\s*|\s*»\s*")


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
    pairs: dict[str, dict[str, int]] = {}  # folded label -> {URL: witness code}
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
            urls = pairs.get(folded)
            if urls is None:
                urls = pairs[folded] = {}
            cur_code = urls.get(url)
            if cur_code is None or code < cur_code:
                urls[url] = code
    by_label: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {}
    for folded in list(pairs):  # tuples take half a dict's memory; each dict goes at once
        urls = pairs.pop(folded)
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
    # the matchers themselves (hashed by identity), not their ids: the key keeps them alive, so
    # an id cannot be reused by another list while the memo lasts (it spans the gather rounds)
    key = ("find.sections", m, um, xm, max_hits, max_extra_words, url_max_extra_words)
    return ctx.memo(key, lambda: _find(ctx, m, um, xm, max_hits, max_extra_words, url_max_extra_words, fetch))


def _find(ctx, m: Matcher, um: Matcher, xm: Matcher, max_hits: int, max_extra: int, url_max_extra: int,
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
        for folded, (label_urls, codes) in idx.by_label.items():
            phrase = m.find(folded)
            if phrase is None or xm.find(folded):
                continue
            extra = len(folded.split()) - len(phrase.split())
            if extra > max_extra:
                continue
            for url, code in zip(label_urls, codes, strict=True):
                nav, order = code < _BODY, code % _BODY
                where = "nav" if nav else "link"
                rank = (_WHERE_RANK[where], not snapshot.is_internal(url), extra, order)
                offer(url, rank, partial(_label_hit, idx.pages[order], url, folded, nav, phrase, where, extra))
    if um.terms:
        for seg, seg_urls in idx.by_segment.items():
            if xm.find(seg):
                continue
            phrase = um.find(seg)
            extra = len(seg.split()) - len(phrase.split()) if phrase else 99
            if phrase is None or extra > url_max_extra:
                j = um.find_joined(seg)
                if j is None or j[1] > 10:
                    continue
                phrase, extra = j[0], (1 if j[1] else 0)
            for url in seg_urls:
                code, link = idx.by_url[url]
                order = code % _BODY
                rank = (_WHERE_RANK["url"], not snapshot.is_internal(url), extra, order)
                offer(url, rank, SectionHit(None, link, idx.pages[order], phrase, "url", url, extra, is_document(url)))
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
    return SectionHit(None, _witness_link(source, url, folded, nav), source, phrase, where, url, extra, is_document(url))
