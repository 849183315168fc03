"""Finding a portal's sections.

The regime asks for information *sections* ("mục thông tin"), so the strongest
evidence that a section exists is a navigation link whose text names it; then a body link,
a URL slug, or a page whose own title/heading names it. A link alone proves nothing: every
candidate is followed and its page judged (:mod:`checker.content`).

Labels and titles written with tone marks are compared with them, those without marks and
URL slugs folded (:class:`crawlers.text.Terms`); a folded match of a short phrase that
collides with another word ("truyen thong") is weak: it ranks after every other hit and
stays only when the target page's own title or heading names the section with marks.
English pages and sub-sites (``/en/``, ``/web/english/``, English content) are not
candidates: a Vietnamese requirement is decided by Vietnamese pages (``english.info``
judges the English version).

Cost model (the whole rule set must stay under a few ms CPU per page): the links of all
crawled pages are indexed once per portal (:mod:`checker.find_index`: label comparison
forms, URL segment words, page names),
each rule then matches its phrase list against the *distinct* labels and URLs only, and
every result is memoised in ``ctx.cache``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from checker.find_index import (
    BODY,
    TITLE_SPLIT,
    Index,
    holding,
    index_of,
    internal_memo,
    same_url,
    url_facts,
    witness_link,
)
from checker.language import english_url, is_english
from checker.terms import Matcher, compile_terms
from crawlers.snapshot import Link, Page
from crawlers.text import Terms
from crawlers.urls import is_document

__all__ = ["SectionHit", "find_sections"]


_WHERE_RANK = {"nav": 0, "link": 1, "url": 2, "title": 3, "heading": 3}


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
    weak: bool = False  # a folded match of a short colliding phrase, kept only if the page's title agrees

    @property
    def label(self) -> str:
        """What a person saw: the link text, else the matched title/heading."""
        if self.link is not None:
            return self.link.label
        return self.matched


def _agrees(page: Page, m: Matcher) -> bool:
    """The page's own title or a heading names the section, with tone marks (or in a
    phrase that does not collide): what a weak, folded match needs to be believed."""
    texts = [seg for seg in TITLE_SPLIT.split(page.title or "")] + list(page.h1_texts) + list(page.headings[:4])
    for t in texts:
        hit = m.match(t) if t else None
        if hit is not None and not hit[1]:
            return True
    return False


def _english_page(page: Page) -> bool:
    return english_url(page.final_url) or english_url(page.url) or is_english(page)


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
    idx = index_of(ctx)
    snapshot = ctx.snapshot
    internal = internal_memo(idx, snapshot)
    # the SectionHit of a label or URL hit is only made for the winners
    best: dict[str, tuple[tuple, SectionHit | Callable[[], SectionHit]]] = {}

    def offer(url: str, rank: tuple, hit: SectionHit | Callable[[], SectionHit]) -> None:
        norm = url.rstrip("/")
        if same_url(url, idx.home_url) or url_facts(idx, url)[0]:
            return
        cur = best.get(norm)
        if cur is None or rank < cur[0]:
            best[norm] = (rank, hit)

    def inside(url: str) -> bool:
        hit = internal.get(url)
        if hit is None:
            hit = internal[url] = snapshot.is_internal(url)
        return hit

    # a label or title longer than the longest phrase plus ``max_extra`` words cannot be a
    # section's name whatever it holds: most distinct labels are headlines, skipped unread
    longest = max((p.count(" ") + 1 for p in m.terms.phrases), default=0) + max_extra
    # nor can a label holding no phrase's first word: only those holding one are read (the
    # word index), in the index's order
    firsts, tonal_firsts = m.terms.first_words()
    if m.terms:
        labels = idx.labels
        for pos in holding(firsts, tonal_firsts, idx.label_words, idx.label_tonal_words):
            key, folded, marked, label_urls, codes, words = labels[pos]
            if words > longest:
                continue
            named = _names_section(m, xm, key, folded, marked)
            if named is None or named[2] > max_extra:
                continue
            phrase, weak, extra = named
            for url, code in zip(label_urls, codes, strict=True):
                nav, order = code < BODY, code % BODY
                where = "nav" if nav else "link"
                rank = (weak, _WHERE_RANK[where], not inside(url), extra, order)
                offer(url, rank, partial(_label_hit, idx.pages[order], url, key, folded, nav, phrase, where, extra, weak))
    if um.terms:
        for seg, seg_urls in idx.by_segment.items():
            if xm.find(seg):
                continue
            found = um.strongest(seg)
            phrase, weak = found if found is not None else ("", False)
            extra = len(seg.split()) - len(phrase.split()) if phrase else 99
            if not phrase or extra > url_max_extra:
                j = um.find_joined(seg)
                if j is None or j[1] > 10:
                    continue
                phrase, extra, weak = j[0], (1 if j[1] else 0), um.is_weak(j[0])
            for url in seg_urls:
                code, link = idx.by_url[url]
                order = code % BODY
                rank = (weak, _WHERE_RANK["url"], not inside(url), extra, order)
                offer(url, rank, partial(_url_hit, idx, link, idx.pages[order], phrase, url, extra, weak))
    if m.terms:
        # a page is offered by the first of its names (title segments, then h1s) that names
        # the section: each distinct name is matched once, then its pages in crawl order
        matched: list[tuple[int, str, bool, int]] = []  # (position in names, phrase, weak, extra)
        for fpos in holding(firsts, tonal_firsts, idx.form_words, idx.form_tonal_words):
            key, folded, marked = idx.name_forms[fpos]
            if folded.count(" ") >= longest:
                continue
            named = _names_section(m, xm, key, folded, marked)
            if named is not None and named[2] <= max_extra:
                matched.extend((pos, *named) for pos in idx.named[fpos])
        offered = -1  # the order of the last page offered: its other names are not read
        for pos, phrase, weak, extra in sorted(matched):
            order = idx.name_order[pos]
            if order == offered:
                continue
            page, is_title = idx.pages[order], idx.name_is_title[pos]
            where = "title" if is_title else "heading"
            offer(page.final_url, (weak, _WHERE_RANK[where], False, extra, order),
                  SectionHit(page, None, None, phrase, where, page.final_url, extra, weak=weak))
            offered = order
    ranked: list[SectionHit] = []
    for _, h in sorted(best.values(), key=lambda x: x[0]):
        hit = h if isinstance(h, SectionHit) else h()
        if hit.page is None and not hit.document:
            hit.page = snapshot.get(hit.url, fetch=fetch)
        if hit.page is not None and hit.page.ok and _english_page(hit.page):
            continue  # an English version: english.info's evidence, not this section's
        if hit.weak and not _confirmed(snapshot, hit, m):
            continue
        ranked.append(hit)
        if len(ranked) >= max_hits:
            break
    return ranked


def _names_section(m: Matcher, xm: Matcher, key: str, folded: str, marked: bool) -> tuple[str, bool, int] | None:
    """(phrase, weak, extra words) when a label or page name (its comparison forms) names
    the section and no excluded phrase; None otherwise."""
    found = m.match_forms(key, folded, marked)
    if found is None or xm.match_forms(key, folded, marked):
        return None
    phrase, weak = found
    return phrase, weak, len(folded.split()) - len(phrase.split())


def _confirmed(snapshot, hit: SectionHit, m: Matcher) -> bool:
    """A weak hit stands when its page's own title/heading agrees; while pages are still
    being gathered an unfetched page keeps it (the rule runs again with the page)."""
    if hit.document:
        return False
    if hit.page is None:
        return bool(getattr(snapshot, "recording", False))
    return hit.page.ok and _agrees(hit.page, m)


def _label_hit(source: Page, url: str, key: str, folded: str, nav: bool, phrase: str, where: str, extra: int,
               weak: bool) -> SectionHit:
    return SectionHit(None, witness_link(source, url, key, folded, nav), source, phrase, where, url, extra,
                      is_document(url), weak)


def _url_hit(idx: Index, link: Link, source: Page, phrase: str, url: str, extra: int, weak: bool) -> SectionHit:
    return SectionHit(None, link, source, phrase, "url", url, extra, url_facts(idx, url)[1], weak)
