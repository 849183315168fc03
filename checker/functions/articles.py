"""Article pages, sampled as an inspector takes them: the items of the news section, else
pages that look like single articles. Read by ``metadata`` (Art. 14), the navigation
checks (breadcrumbs, article titles) and ``fresh_date`` (a listing is as fresh as its newest
article, whatever date its page chrome shows).
"""

from __future__ import annotations

import re
from datetime import date

from checker.content import GOOD, Judgement, judge, page_dates
from checker.dates import extract_dates
from checker.find import find_sections
from checker.vocabulary import words
from crawlers.snapshot import MAIN, OTHER, Page
from crawlers.text import fold

_ARTICLE_META = re.compile(r"^(?:dc|dcterms)[.:]|^og:type$", re.I)


def article_title(page: Page) -> str:
    """The article's own headline: a heading inside the content area, else the first part
    of <title> (the site banner is often an <h1> too)."""
    main = page.main_text
    for h in page.headings:
        if len(h.split()) >= 3 and h in main:
            return h
    return re.split(r"\s+[-–|»:]\s+", page.title or "")[0] or (page.headings or [""])[0]


def is_listing(page: Page) -> bool:
    """A list of articles (headline links, most with a date or a teaser), not one article:
    four or more links whose text reads like a headline (five words or more) that make up
    a fair share of the page's own text. A single article's "related news" box is shorter
    than its body."""
    heads = [lnk for lnk in page.links if lnk.region == MAIN and len(lnk.text.split()) >= 5]
    if len(heads) < 4:
        return False
    return sum(len(lnk.text) for lnk in heads) >= 0.3 * max(1, len(page.main_text))


def listing_dates(j: Judgement) -> list[tuple[date, str]]:
    """Dates a judged listing shows *for its items*: in an item's or a file's link text ("Lịch
    công tác tuần 47 (từ ngày 16/11/2026 …)"), in the list item or table row that holds it,
    or in the text between the first and the last item's title (reaching before the first and
    after the last only as far as one item's part reaches, so that dates written before or
    after each title both count). Dates elsewhere on a listing (a "Thứ bảy, 22/11/2026" date
    bar above the list, a "Cập nhật lúc …" line under it) say when the page was rendered,
    not when anything was published."""
    labels = [lnk.label for lnk in (*j.items, *j.documents) if lnk.label]
    if not labels:
        return []
    out: list[tuple[date, str]] = []
    for label in labels:
        out += extract_dates(label)
    for row in j.rows:
        if any(c.isdigit() for c in row) and any(label in row for label in labels):
            out += [(d, row if len(row) <= 160 else snip) for d, snip in extract_dates(row)]
    window = _item_window(j, labels)
    if window is not None:
        for b in j.blocks[window[0]:window[1]]:
            if any(c.isdigit() for c in b):
                out += [(d, b if len(b) <= 160 else snip) for d, snip in extract_dates(b)]
    return out


def _item_window(j: Judgement, labels: list[str]) -> tuple[int, int] | None:
    """[start, end) of the judged page's blocks that belong to its items: from the first to the
    last item's title, widened on each side by one item's part besides its title (the median
    distance between titles, less one)."""
    exact, long = set(labels), [x for x in labels if len(x) >= 15]
    at = [i for i, b in enumerate(j.blocks) if b in exact or (len(b) >= 15 and any(x.startswith(b) for x in long))]
    if not at:
        return None
    gaps = sorted(b - a for a, b in zip(at, at[1:], strict=False) if b > a)
    reach = gaps[len(gaps) // 2] - 1 if gaps else 1
    return max(0, at[0] - reach), min(len(j.blocks), at[-1] + reach + 1)


def lists_articles(page: Page | None, j: Judgement) -> bool:
    """A list of articles: :func:`is_listing`, or (headlines with teasers, whose text outweighs
    the headlines') four or more headline links whose parts make up most of the page's own
    text. An article's "related news" box covers only the end of the page."""
    if page is not None and page.ok and is_listing(page):
        return True
    heads = [lnk.label for lnk in j.items if len(lnk.label.split()) >= 5]
    if len(heads) < 4:
        return False
    window = _item_window(j, heads)
    if window is None:
        return False
    inside = sum(len(b) for b in j.blocks[window[0]:window[1]])
    return inside >= 0.6 * max(1, sum(len(b) for b in j.blocks))


def article_date(ctx, page: Page | None, limit: date) -> tuple[date, str] | None:
    """An article's own date: the newest date (up to ``limit``) just under its headline or at
    the top of its own content (template text removed), else in its own content; None when
    the page is no article's (not fetched, an error, a listing) or shows no date."""
    if page is None or not page.ok or is_listing(page):
        return None
    j = judge(ctx, page, min_chars=1, min_items=1)
    if j.verdict not in GOOD:
        return None
    main = page.main_text
    headline = article_title(page)
    at = main.find(headline) if headline else -1
    near = extract_dates(main[at: at + len(headline) + 200]) if at >= 0 else []
    top = extract_dates(j.text[:400])
    cands = [x for x in near + top if x[0] <= limit] or [x for x in page_dates(j) if x[0] <= limit]
    return max(cands, key=lambda x: x[0]) if cands else None


def _looks_article(page: Page | None, home: Page | None) -> bool:
    if page is None or not page.ok or page is home or not (page.headings or page.title) or len(page.main_text) < 80:
        return False
    link_chars = sum(len(lnk.text) for lnk in page.links if lnk.region in (MAIN, OTHER))
    return link_chars <= 0.6 * len(page.main_text) and not is_listing(page)


def _listed_article(ctx, page: Page | None, home: Page | None) -> bool:
    """A page reached from the news listing is an article, whatever its URL shape
    (chitiet.asp?id=…, ?p=…, /node/…), when its own content (what other pages do not share:
    table-layout menus and banners are left out) is one dated text under a headline and not
    a list of links."""
    if page is None or not page.ok or page is home or is_listing(page):
        return False
    j = judge(ctx, page)
    if j.verdict not in GOOD:
        return False
    headline = article_title(page)
    prose = len(j.folded) - sum(len(fold(lnk.label)) + 1 for lnk in j.items)
    dates = extract_dates(j.text)
    # A "related news" list under the body is fine; a list of dated items is a listing.
    if j.verdict != "substantive" and (prose < 2 * sum(len(lnk.label) for lnk in j.items) or len(dates) >= 3):
        return False
    if len(headline.split()) < 3 or prose < 150:
        return False
    # Dated: a date just under the headline (often a shared-looking "Cập nhật: …" line) or
    # at the top of the page's own text.
    main = page.main_text
    at = main.find(headline)
    near = main[at: at + len(headline) + 200] if at >= 0 else ""
    return bool(extract_dates(near) or extract_dates(j.text[:400]))


def _heuristic_articles(ctx, home: Page | None) -> list[Page]:
    """Pages that look like single articles without a news section to start from: a heading,
    a date near the top of the content, article metadata or a long text, few links."""
    out = []
    for p in ctx.snapshot.html_pages():
        if not _looks_article(p, home) or not extract_dates(p.main_text[:400]):
            continue
        meta = any(_ARTICLE_META.match(m_name or m_property or "") for m_name, m_property, _ in p.metas)
        if meta or len(p.main_text) >= 500:
            out.append(p)
        if len(out) >= 40:
            break
    return out


def article_pages(ctx, limit: int = 10) -> list[Page]:
    """A sample of article pages, as an inspector takes it: the items of the news section
    (named as the rule file's ``vocabulary`` says: ``news_pages``, ``news_page_urls``; fetched on demand); only without one, pages that look like articles. Memoised."""
    def compute() -> list[Page]:
        home = ctx.snapshot.home
        out: list[Page] = []
        for hit in find_sections(ctx, list(words(ctx, "news_pages")), url_terms=list(words(ctx, "news_page_urls")),
                                 max_hits=3):
            if hit.page is None or not hit.page.ok:
                continue
            for link in judge(ctx, hit.page, min_items=1).items[:20]:
                p = ctx.snapshot.get(link.url)
                if (_looks_article(p, home) or _listed_article(ctx, p, home)) and all(p is not q for q in out):
                    out.append(p)
            if len(out) >= 10:
                break
        return out if len(out) >= 2 else _heuristic_articles(ctx, home)
    return ctx.memo(("technical.articles",), compute)[:limit]
