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
crawled pages are indexed once per portal (label comparison forms, URL segment words),
each rule then matches its phrase list against the *distinct* labels and URLs only, and
every result is memoised in ``ctx.cache``.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import unquote, urlsplit

from checker.language import english_url, is_english
from checker.terms import Matcher, compile_terms
from crawlers.snapshot import HEADER, NAV, OTHER, Link, Page
from crawlers.text import Terms, fold, has_marks, tonal
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
    weak: bool = False  # a folded match of a short colliding phrase, kept only if the page's title agrees

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


_Form = tuple[str, str, bool]  # (key, folded, marked): key is tonal() when marked, else the folded text


def _form(text: str) -> _Form:
    """How a label or title is compared: with its tone marks when it has them."""
    folded = fold(text)
    if has_marks(text):
        return tonal(text), folded, True
    return folded, folded, False


_Label = tuple[str, str, bool, tuple[str, ...], tuple[int, ...], int]  # (key, folded, marked, URLs, witness codes, words)
_Name = tuple[int, Page, bool]  # (order of the page, the page, a title segment rather than an h1)


@dataclass
class _Index:
    labels: list[_Label]  # one per label key, first seen first
    by_url: dict[str, tuple[int, Link]]  # URL -> (witness code, link) of its best link
    by_segment: dict[str, list[str]]  # folded words of a path segment / query value -> URLs
    names: list[_Name]  # title segments then h1s of every page but the home page, in crawl order
    name_forms: list[_Form]  # the distinct forms of ``names`` (a site name in every title is one)
    named: list[array[int]]  # per form, the positions in ``names`` that have it (ascending)
    pages: list[Page]
    home_url: str
    # word -> positions (ascending) in ``labels`` / ``names`` of the entries whose folded
    # words, or (marked entries) tonal words, hold it: a search reads only the entries that
    # hold one of its phrases' first words (most of ~10,000 labels and titles hold none)
    label_words: dict[str, array[int]] = field(default_factory=dict)
    label_tonal_words: dict[str, array[int]] = field(default_factory=dict)
    form_words: dict[str, array[int]] = field(default_factory=dict)  # positions in ``name_forms``
    form_tonal_words: dict[str, array[int]] = field(default_factory=dict)
    url_facts: dict[str, tuple[bool, bool]] = field(default_factory=dict)  # URL -> (English, a document)
    internal: dict[str, bool] = field(default_factory=dict)  # URL -> inside the portal, for ``internal_for``
    internal_for: tuple = ()  # (host, scope) the ``internal`` answers hold for


def _word_index(entries, folded_at: int, key_at: int, marked_at: int) -> tuple[dict[str, array[int]], dict[str, array[int]]]:
    """(folded word -> positions, tonal word -> positions of marked entries) of ``entries``.
    Positions are machine integers (``array``): a list would hold an int object (28 bytes)
    for each of the ~200,000 positions of a large portal's labels."""
    folded_words: dict[str, array[int]] = {}
    tonal_words: dict[str, array[int]] = {}
    for pos, e in enumerate(entries):
        for w in set(e[folded_at].split(" ")):
            positions = folded_words.get(w)
            if positions is None:
                positions = folded_words[w] = array("I")
            positions.append(pos)
        if e[marked_at]:
            for w in set(e[key_at].split(" ")):
                positions = tonal_words.get(w)
                if positions is None:
                    positions = tonal_words[w] = array("I")
                positions.append(pos)
    return folded_words, tonal_words


def _holding(firsts: frozenset[str], tonal_firsts: frozenset[str], folded_words: dict[str, array[int]],
             tonal_words: dict[str, array[int]]) -> list[int]:
    """Positions, ascending, of the entries whose folded words hold one of ``firsts`` or whose
    tonal words (marked entries) one of ``tonal_firsts``: the entries a search must read."""
    hits: set[int] = set()
    for w in firsts:
        hits.update(folded_words.get(w, ()))
    for w in tonal_firsts:
        hits.update(tonal_words.get(w, ()))
    return sorted(hits)


_NAV_REGIONS = (NAV, HEADER)


def _is_nav(link: Link) -> bool:
    return link.region in _NAV_REGIONS


def _witness_link(page: Page, url: str, key: str, folded: str, nav: bool) -> Link:
    """The link a witness code stands for: the first one on ``page`` to ``url`` whose label
    has the comparison key ``key``, in navigation or not (the one the index saw first)."""
    for link in page.links:
        if link.url == url and _is_nav(link) == nav and _form(link.label)[0] == key:
            return link
    return Link(url=url, text=folded, region=NAV if nav else OTHER)  # the page's text was replaced since


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _segments(url: str, cache: dict[str, str] | None = None) -> list[str]:
    """Folded words of each path segment and query value, ids and extensions dropped.
    ``cache``: the words of segments seen before (a portal's URLs share most of theirs)."""
    parts = urlsplit(url)
    raw = [s for s in unquote(parts.path).split("/") if s]
    for pair in parts.query.split("&"):
        if "=" in pair:
            raw.append(unquote(pair.split("=", 1)[1]))
    out = []
    for seg in raw:
        words = cache.get(seg) if cache is not None else None
        if words is None:
            words = _segment_words(seg)
            if cache is not None:
                cache[seg] = words
        if words:
            out.append(words)
    return out


def _segment_words(seg: str) -> str:
    spaced = _CAMEL.sub(" ", seg)
    return " ".join(w for w in fold(spaced).split() if w not in _SKIP_URL_TOKENS and not any(c.isdigit() for c in w))


def _build_index(snapshot) -> _Index:
    """Index the links of every crawled page by folded label and by URL.

    The witness of a (URL, label) pair, and of a URL, is its strongest link: navigation
    beats body, then the earlier page, then the first on that page."""
    pairs: dict[str, dict[str, int]] = {}  # label key -> {URL: witness code}
    by_url: dict[str, tuple[int, Link]] = {}
    form_cache: dict[str, _Form] = {}
    pages = list(snapshot.html_pages())
    # (Reading each shared Link object once, through a set of their ids, saved 0.05 s on
    # a 10,000-page portal and cost 16 MB of the evaluation's peak: every link is read.)
    for order, page in enumerate(pages):
        nav_code, body_code = order, order + _BODY  # one int object per page, shared by its pairs
        for link in page.links:
            code = nav_code if link.region in _NAV_REGIONS else body_code
            url, label = link.url, link.label
            cur = by_url.get(url)
            if cur is None or code < cur[0]:
                by_url[url] = (code, link)
            form = form_cache.get(label)
            if form is None:
                form = form_cache[label] = _form(label)
            if not form[1]:
                continue
            urls = pairs.get(form[0])
            if urls is None:
                urls = pairs[form[0]] = {}
            cur_code = urls.get(url)
            if cur_code is None or code < cur_code:
                urls[url] = code
    forms = {f[0]: f for f in form_cache.values()}
    labels: list[_Label] = []
    for key in list(pairs):  # tuples take half a dict's memory; each dict goes at once
        urls = pairs.pop(key)
        _, folded, marked = forms[key]
        labels.append((key, folded, marked, tuple(urls), tuple(urls.values()), folded.count(" ") + 1))
    home = snapshot.home
    home_url = home.final_url if home is not None else snapshot.start_url
    by_segment: dict[str, list[str]] = {}
    seg_cache: dict[str, str] = {}
    for u in by_url:
        for seg in dict.fromkeys(_segments(u, seg_cache)):
            by_segment.setdefault(seg, []).append(u)
    del seg_cache
    names: list[_Name] = []
    form_at: dict[_Form, int] = {}
    named: list[array[int]] = []
    for order, page in enumerate(pages):
        if _same(page.final_url, home_url) or _same(page.url, home_url):
            continue
        for form, is_title in _names(page, form_cache):
            at = form_at.get(form)
            if at is None:
                at = form_at[form] = len(named)
                named.append(array("I"))
            named[at].append(len(names))
            names.append((order, page, is_title))
    del form_cache
    idx = _Index(labels, by_url, by_segment, names, list(form_at), named, pages, home_url)
    idx.label_words, idx.label_tonal_words = _word_index(labels, 1, 0, 2)
    idx.form_words, idx.form_tonal_words = _word_index(idx.name_forms, 1, 0, 2)
    return idx


def _names(page: Page, cache: dict[str, _Form]) -> list[tuple[_Form, bool]]:
    """Comparison forms of the title segments then h1 texts, what a page says it is, each
    with whether it is a title segment. ``cache``: forms by text (a page's h1 is mostly its
    title's first segment, the site name ends every title)."""
    def form(text: str) -> _Form:
        f = cache.get(text)
        if f is None:
            f = cache[text] = _form(text)
        return f

    titles = [f for f in (form(seg) for seg in _TITLE_SPLIT.split(page.title or "")) if f[1]]
    headings = [f for f in (form(t) for t in page.h1_texts) if f[1]]
    return [(f, True) for f in titles] + [(f, False) for f in headings]


def _agrees(page: Page, m: Matcher) -> bool:
    """The page's own title or a heading names the section, with tone marks (or in a
    phrase that does not collide): what a weak, folded match needs to be believed."""
    texts = [seg for seg in _TITLE_SPLIT.split(page.title or "")] + list(page.h1_texts) + list(page.headings[:4])
    for t in texts:
        hit = m.match(t) if t else None
        if hit is not None and not hit[1]:
            return True
    return False


def _english_page(page: Page) -> bool:
    return english_url(page.final_url) or english_url(page.url) or is_english(page)


def _index(ctx) -> _Index:
    # Built once from the crawled pages; pages fetched later on demand are judged, not indexed.
    # Complete (it records no miss), so the gather rounds' shared memo keeps it for every round.
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
    internal = _internal_memo(idx, snapshot)
    # the SectionHit of a label or URL hit is only made for the winners
    best: dict[str, tuple[tuple, SectionHit | Callable[[], SectionHit]]] = {}

    def offer(url: str, rank: tuple, hit: SectionHit | Callable[[], SectionHit]) -> None:
        norm = url.rstrip("/")
        if _same(url, idx.home_url) or _url_facts(idx, url)[0]:
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
        for pos in _holding(firsts, tonal_firsts, idx.label_words, idx.label_tonal_words):
            key, folded, marked, label_urls, codes, words = labels[pos]
            if words > longest:
                continue
            found = m.match_forms(key, folded, marked)
            if found is None or xm.match_forms(key, folded, marked):
                continue
            phrase, weak = found
            extra = len(folded.split()) - len(phrase.split())
            if extra > max_extra:
                continue
            for url, code in zip(label_urls, codes, strict=True):
                nav, order = code < _BODY, code % _BODY
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
                order = code % _BODY
                rank = (weak, _WHERE_RANK["url"], not inside(url), extra, order)
                offer(url, rank, partial(_url_hit, idx, link, idx.pages[order], phrase, url, extra, weak))
    if m.terms:
        # a page is offered by the first of its names (title segments, then h1s) that names
        # the section: each distinct name is matched once, then its pages in crawl order
        matched: list[tuple[int, str, bool, int]] = []  # (position in names, phrase, weak, extra)
        for fpos in _holding(firsts, tonal_firsts, idx.form_words, idx.form_tonal_words):
            key, folded, marked = idx.name_forms[fpos]
            if folded.count(" ") >= longest:
                continue
            found = m.match_forms(key, folded, marked)
            if found is None or xm.match_forms(key, folded, marked):
                continue
            phrase, weak = found
            extra = len(folded.split()) - len(phrase.split())
            if extra <= max_extra:
                matched.extend((pos, phrase, weak, extra) for pos in idx.named[fpos])
        offered = -1  # the order of the last page offered: its other names are not read
        for pos, phrase, weak, extra in sorted(matched):
            order, page, is_title = idx.names[pos]
            if order == offered:
                continue
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


_FACT_PAIRS = {(e, d): (e, d) for e in (False, True) for d in (False, True)}  # four tuples, shared


def _url_facts(idx: _Index, url: str) -> tuple[bool, bool]:
    """(an English version's address, a document's), computed once per URL of the index."""
    facts = idx.url_facts.get(url)
    if facts is None:
        facts = idx.url_facts[url] = _FACT_PAIRS[english_url(url), is_document(url)]
    return facts


def _internal_memo(idx: _Index, snapshot) -> dict[str, bool]:
    """``snapshot.is_internal`` answers kept with the index, for the snapshot's current host
    and scope (the section rules ask it of the same thousands of URLs, ~25 searches)."""
    key = (snapshot.host, snapshot.scope)
    if idx.internal_for != key:
        idx.internal, idx.internal_for = {}, key
    return idx.internal


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
    return SectionHit(None, _witness_link(source, url, key, folded, nav), source, phrase, where, url, extra,
                      is_document(url), weak)


def _url_hit(idx: _Index, link: Link, source: Page, phrase: str, url: str, extra: int, weak: bool) -> SectionHit:
    return SectionHit(None, link, source, phrase, "url", url, extra, _url_facts(idx, url)[1], weak)
