"""The per-portal link index that :mod:`checker.find` searches: every crawled page's links by
label comparison form and by URL, URL path-segment words, and the pages' own names (title
segments, h1s), with a word index so that a search reads only the entries holding one of
its phrases' first words. Built once per portal (``index_of``: a complete value of the
gather rounds' shared memo)."""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from checker.language import english_url
from crawlers.snapshot import HEADER, NAV, OTHER, Link, Page
from crawlers.text import fold, has_marks, tonal
from crawlers.urls import is_document

SKIP_URL_TOKENS = frozenset({"html", "htm", "aspx", "asp", "php", "jsp", "do", "cfm", "shtml", "www", "http", "https",
                              "index", "default", "pages", "page", "vi", "vn", "vi vn", "portal", "web", "guest"})
TITLE_SPLIT = re.compile(r"\s+[-–—|:»/]\s+|\s*\|\s*|\s*»\s*")


# -- per-portal link index ---------------------------------------------------------------------
# The 10,000-page synthetic portal of benchmarks/ holds ~360,000 distinct (URL, label) pairs
# ("related news" boxes pair each URL with many labels), so the index holds no object per
# pair (one each took ~80 MB): a pair maps to an int *witness code* saying where its best link
# is (the crawl order of the page holding it, plus BODY unless it sits in navigation; smaller
# is better), and the Link is looked up on that page again only for pairs that become hits.
BODY = 1 << 40


Form = tuple[str, str, bool]  # (key, folded, marked): key is tonal() when marked, else the folded text


def form_of(text: str) -> Form:
    """How a label or title is compared: with its tone marks when it has them."""
    folded = fold(text)
    if has_marks(text):
        return tonal(text), folded, True
    return folded, folded, False


Label = tuple[str, str, bool, tuple[str, ...], tuple[int, ...], int]  # (key, folded, marked, URLs, witness codes, words)


@dataclass
class Index:
    labels: list[Label]  # one per label key, first seen first
    by_url: dict[str, tuple[int, Link]]  # URL -> (witness code, link) of its best link
    by_segment: dict[str, list[str]]  # folded words of a path segment / query value -> URLs
    # the names (title segments then h1s) of every page but the home page, in crawl order,
    # as two arrays: the page's crawl order (``pages[order]``), and 1 for a title segment,
    # 0 for an h1 (a tuple per name held ~30,000 tuples on a 10,000-page portal)
    name_order: array[int]
    name_is_title: array[int]
    name_forms: list[Form]  # the distinct forms of ``names`` (a site name in every title is one)
    named: list[array[int]]  # per form, the positions in ``name_order`` that have it (ascending)
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


def word_index(entries, folded_at: int, key_at: int, marked_at: int) -> tuple[dict[str, array[int]], dict[str, array[int]]]:
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


def holding(firsts: frozenset[str], tonal_firsts: frozenset[str], folded_words: dict[str, array[int]],
             tonal_words: dict[str, array[int]]) -> list[int]:
    """Positions, ascending, of the entries whose folded words hold one of ``firsts`` or whose
    tonal words (marked entries) one of ``tonal_firsts``: the entries a search must read."""
    hits: set[int] = set()
    for w in firsts:
        hits.update(folded_words.get(w, ()))
    for w in tonal_firsts:
        hits.update(tonal_words.get(w, ()))
    return sorted(hits)


NAV_REGIONS = (NAV, HEADER)


def is_nav(link: Link) -> bool:
    return link.region in NAV_REGIONS


def witness_link(page: Page, url: str, key: str, folded: str, nav: bool) -> Link:
    """The link a witness code stands for: the first one on ``page`` to ``url`` whose label
    has the comparison key ``key``, in navigation or not (the one the index saw first)."""
    for link in page.links:
        if link.url == url and is_nav(link) == nav and form_of(link.label)[0] == key:
            return link
    return Link(url=url, text=folded, region=NAV if nav else OTHER)  # the page's text was replaced since


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def segments(url: str, cache: dict[str, str] | None = None) -> list[str]:
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
            words = segment_words(seg)
            if cache is not None:
                cache[seg] = words
        if words:
            out.append(words)
    return out


def segment_words(seg: str) -> str:
    spaced = _CAMEL.sub(" ", seg)
    return " ".join(w for w in fold(spaced).split() if w not in SKIP_URL_TOKENS and not any(c.isdigit() for c in w))


def build_index(snapshot) -> Index:
    """Index the links of every crawled page by folded label and by URL.

    The witness of a (URL, label) pair, and of a URL, is its strongest link: navigation
    beats body, then the earlier page, then the first on that page."""
    pairs: dict[str, dict[str, int]] = {}  # label key -> {URL: witness code}
    by_url: dict[str, tuple[int, Link]] = {}
    form_cache: dict[str, Form] = {}
    pages = list(snapshot.html_pages())
    # (Reading each shared Link object once, through a set of their ids, saved 0.05 s on
    # a 10,000-page portal and cost 16 MB of the evaluation's peak: every link is read.)
    for order, page in enumerate(pages):
        nav_code, body_code = order, order + BODY  # one int object per page, shared by its pairs
        for link in page.links:
            code = nav_code if link.region in NAV_REGIONS else body_code
            url, label = link.url, link.label
            cur = by_url.get(url)
            if cur is None or code < cur[0]:
                by_url[url] = (code, link)
            form = form_cache.get(label)
            if form is None:
                form = form_cache[label] = form_of(label)
            if not form[1]:
                continue
            urls = pairs.get(form[0])
            if urls is None:
                urls = pairs[form[0]] = {}
            cur_code = urls.get(url)
            if cur_code is None or code < cur_code:
                urls[url] = code
    forms = {f[0]: f for f in form_cache.values()}
    labels: list[Label] = []
    for key in list(pairs):  # tuples take half a dict's memory; each dict goes at once
        urls = pairs.pop(key)
        _, folded, marked = forms[key]
        labels.append((key, folded, marked, tuple(urls), tuple(urls.values()), folded.count(" ") + 1))
    home = snapshot.home
    home_url = home.final_url if home is not None else snapshot.start_url
    by_segment: dict[str, list[str]] = {}
    seg_cache: dict[str, str] = {}
    for u in by_url:
        for seg in dict.fromkeys(segments(u, seg_cache)):
            by_segment.setdefault(seg, []).append(u)
    del seg_cache
    name_order: array[int] = array("I")
    name_is_title: array[int] = array("b")
    form_at: dict[Form, int] = {}
    named: list[array[int]] = []
    for order, page in enumerate(pages):
        if same_url(page.final_url, home_url) or same_url(page.url, home_url):
            continue
        for form, is_title in page_names(page, form_cache):
            at = form_at.get(form)
            if at is None:
                at = form_at[form] = len(named)
                named.append(array("I"))
            named[at].append(len(name_order))
            name_order.append(order)
            name_is_title.append(is_title)
    del form_cache
    idx = Index(labels, by_url, by_segment, name_order, name_is_title, list(form_at), named, pages, home_url)
    idx.label_words, idx.label_tonal_words = word_index(labels, 1, 0, 2)
    idx.form_words, idx.form_tonal_words = word_index(idx.name_forms, 1, 0, 2)
    return idx


def page_names(page: Page, cache: dict[str, Form]) -> list[tuple[Form, bool]]:
    """Comparison forms of the title segments then h1 texts, what a page says it is, each
    with whether it is a title segment. ``cache``: forms by text (a page's h1 is mostly its
    title's first segment, the site name ends every title)."""
    def form(text: str) -> Form:
        f = cache.get(text)
        if f is None:
            f = cache[text] = form_of(text)
        return f

    titles = [f for f in (form(seg) for seg in TITLE_SPLIT.split(page.title or "")) if f[1]]
    headings = [f for f in (form(t) for t in page.h1_texts) if f[1]]
    return [(f, True) for f in titles] + [(f, False) for f in headings]


def index_of(ctx) -> Index:
    # Built once from the crawled pages; pages fetched later on demand are judged, not indexed.
    # Complete (it records no miss), so the gather rounds' shared memo keeps it for every round.
    return ctx.memo(("find.index",), lambda: build_index(ctx.snapshot))


_FACT_PAIRS = {(e, d): (e, d) for e in (False, True) for d in (False, True)}  # four tuples, shared


def url_facts(idx: Index, url: str) -> tuple[bool, bool]:
    """(an English version's address, a document's), computed once per URL of the index."""
    facts = idx.url_facts.get(url)
    if facts is None:
        facts = idx.url_facts[url] = _FACT_PAIRS[english_url(url), is_document(url)]
    return facts


def internal_memo(idx: Index, snapshot) -> dict[str, bool]:
    """``snapshot.is_internal`` answers kept with the index, for the snapshot's current host
    and scope (the section rules ask it of the same thousands of URLs, ~25 searches)."""
    key = (snapshot.host, snapshot.scope)
    if idx.internal_for != key:
        idx.internal, idx.internal_for = {}, key
    return idx.internal


def same_url(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")
