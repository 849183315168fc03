"""The site-search probe of ``search`` (checker/functions/navigation.py): which phrases to
search for, and what a results page says about one of them.

**Phrases.** Vietnamese words are mostly two syllables ("triển khai", "quyết toán"); a
portal's search engine that indexes words, or matches whole phrases, finds nothing for one
syllable cut out of a word ("kiện" from "sự kiện"). So a probe is a run of 2–4 syllables
from an article's headline, cut only where a word surely ends: at punctuation, numbers and
function words (the rule's ``stop_words``), or at an even syllable count from such a
boundary (most words being two syllables). It must be in the article's own text (what the
engine indexes), not in the portal's boilerplate (site name, menu and footer labels). Phrases whose
ends are both sure come first, then those whose guessed end falls between two syllables
that are rarer together on the portal than the pair inside the phrase; among these, the
phrases found on the fewest crawled pages come first: a phrase on a single page is that
article's own (a news sidebar may repeat a headline on every page, so the count only ranks). At most one phrase per article, so
that a second probe does not depend on the same page being indexed. The choice is a
function of the crawl's pages and the news items only (never of probe or other gathered
pages), so the same snapshot gives the same probes, live and in an archive replay.

**Reading a results page.** The items are the links the results page has and the portal's
template (the form page's menus, header and footer) and the *baseline* (the results page
of a nonsense query, fetched with the first probe) do not: a sidebar of latest news is on
both and is not a result. An item whose link text or surrounding text holds the phrase is
a hit. No item at all, or an explicit "no results" message without a hit, is *none*; the
same page as the baseline (the query ignored), or items without the phrase, are *unclear*
(``search`` opens a few to confirm, else says ``review``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from urllib.parse import parse_qsl, urljoin, urlsplit

from checker.functions.articles import article_pages, article_title
from crawlers.snapshot import FOOTER, HEADER, NAV, Link, Page
from crawlers.text import find_folded_span, fold, nfc, strip_diacritics

BASELINE_QUERY = "qxzv jkwq"  # a query no portal's text holds: what its "no results" page looks like
_CUT = frozenset(",.;:!?()[]{}\"'“”‘’«»|/\\–—…")  # characters that end a phrase
_TRIM = "".join(_CUT) + "-"


@dataclass(frozen=True)
class Probe:
    """A phrase to search (as the headline writes it) and the article it was taken from."""

    phrase: str
    source: Page
    pages: int  # crawled pages whose main text holds it (fewer: more distinctive)


@dataclass
class Reading:
    """What one results page says. ``kind``: ``hit`` (an item holds the phrase), ``none``
    (clearly nothing), ``unclear``, ``http`` (an error status), ``unfetched``."""

    kind: str
    url: str
    page: Page | None = None
    hits: list[tuple[Link, str]] = field(default_factory=list)  # (item link, its text)
    items: list[Link] = field(default_factory=list)  # result items (template and baseline removed)
    said: str = ""  # the "no results" phrase the page shows, if any
    same_as_baseline: bool = False


def _key(word: str) -> str:
    return nfc(word).casefold()


@lru_cache(maxsize=8)
def _folded(stop: frozenset[str]) -> frozenset[str]:
    return frozenset(fold(s) for s in stop)


def _runs(title: str, stop: frozenset[str]) -> list[list[str]]:
    """The title's runs of content syllables: split at punctuation, numbers, stop words. A
    title written without any tone mark is compared with the stop words folded."""
    plain = strip_diacritics(title) == title
    folded_stop = _folded(stop) if plain else frozenset()
    runs: list[list[str]] = [[]]
    for raw in title.split():
        word = raw.strip(_TRIM)
        if raw[0] in _CUT or raw in ("-", "–", "—"):
            runs.append([])
        if not word or not word.isalpha() or _key(word) in stop or fold(word) in folded_stop:
            runs.append([])
        else:
            runs[-1].append(word)
        if raw[-1] in _CUT:
            runs.append([])
    return [r for r in runs if len(r) >= 2]


@dataclass(frozen=True)
class Candidate:
    """A phrase and, for each end that is not a sure word boundary, the syllable pair
    across that end and the pair just inside it (folded)."""

    phrase: str
    cuts: tuple[tuple[str, str], ...] = ()  # (pair across the end, pair inside the end)


def _pair(a: str, b: str) -> str:
    return f" {fold(a)} {fold(b)} "


def candidate_phrases(title: str, stop: frozenset[str]) -> list[Candidate]:
    """Phrases of 2–4 syllables from ``title`` (see the module docstring), in the title's
    order: whole runs first, then, for longer runs, pieces of 2 or 4 syllables anchored at
    one end of the run (the other end guessed)."""
    whole: list[Candidate] = []
    pieces: list[Candidate] = []
    for run in _runs(title, stop):
        n = len(run)
        if n <= 4:
            whole.append(Candidate(" ".join(run)))
            continue
        for k in (4, 2):
            pieces.append(Candidate(" ".join(run[:k]), ((_pair(run[k - 1], run[k]), _pair(run[k - 2], run[k - 1])),)))
            pieces.append(Candidate(" ".join(run[-k:]), ((_pair(run[-k - 1], run[-k]), _pair(run[-k], run[-k + 1])),)))
    out: list[Candidate] = []
    for c in whole + pieces:
        if all(c.phrase != o.phrase for o in out):
            out.append(c)
    return out


def _risk(c: Candidate, pages_with: Mapping[str, int]) -> int:
    """0: both ends are sure; 1: a guessed end where the pair across it is on fewer of the
    portal's pages than the pair just inside (so probably two words meet there); 2: the
    pair across is as common (perhaps one word cut in two, "quần | chúng"). ``pages_with``:
    how many pages' folded texts hold each pair (:func:`pages_holding`)."""
    if not c.cuts:
        return 0
    for across, inside in c.cuts:
        if pages_with.get(across, 0) >= pages_with.get(inside, 0):
            return 2
    return 1


DF_SAMPLE = 400
"""How many crawled pages (in crawl order, so the same on replay) the phrase counts read.
They rank phrases (rare before common) and guess word boundaries; a sample measures both as
well as the whole site, and folding the main text of every page of a 10,000-page portal was
the largest CPU cost of the whole evaluation."""


def pages_holding(texts: Iterable[str], needles: Iterable[str]) -> dict[str, int]:
    """How many of ``texts`` hold each of ``needles`` (substrings). One pass over texts that
    may be produced one at a time: a 10,000-page portal's folded texts held at once took
    ~400 MB."""
    wanted = list(dict.fromkeys(needles))
    counts = dict.fromkeys(wanted, 0)
    # A needle " a b " ends with a space, the commonest character of a folded text, which
    # the substring search compares first at every step: " a b" then a space after it is
    # the same test and a third faster (400 texts x ~100 needles: the probe's second cost).
    cores = [(n, n[:-1] if len(n) > 1 and n[-1] == " " else n) for n in wanted]
    for t in texts:
        for needle, core in cores:
            if core is needle:
                if needle in t:
                    counts[needle] += 1
                continue
            end = len(core)
            i = t.find(core)
            while i >= 0:
                if t.startswith(" ", i + end):
                    counts[needle] += 1
                    break
                i = t.find(core, i + 1)
    return counts


def _boilerplate(snap) -> str:
    """Folded text every page repeats: the home page's title, menus, header and footer."""
    home = snap.home
    if home is None or not home.ok:
        return ""
    labels = [lnk.label for lnk in home.links if lnk.region in (NAV, HEADER, FOOTER)]
    return " " + " | ".join(fold(t) for t in [home.title or "", *labels]) + " "


def _headlines(page: Page, template: set[str]) -> list[str]:
    """The article's headline as article_title reads it, then <title> before the site name,
    then the other headings of its content (a portlet title may come first) that are not
    ``template`` (the home page's headings: box titles such as "Liên kết website")."""
    out = [article_title(page), re.split(r"\s+[-–|»:]\s+", page.title or "")[0]]
    out += [h for h in page.headings if len(h.split()) >= 3 and h in page.main_text and fold(h) not in template]
    return [h for i, h in enumerate(out) if h and h not in out[:i]]


def probe_phrases(ctx, count: int, stop_words: list[str]) -> list[Probe]:
    """Up to ``count`` probes, surest and most distinctive first, one per article (more
    from one article only when there are too few articles)."""
    snap = ctx.snapshot
    stop = frozenset(_key(w) for w in stop_words)
    articles = article_pages(ctx, 10)
    seen_pages = {id(p) for p in snap.html_pages()}
    boiler = _boilerplate(snap)
    template = {fold(h) for h in snap.home.headings} if snap.home is not None and snap.home.ok else set()
    # the candidates first, then one pass over the pages' texts counts every needle (each
    # text is produced and dropped in turn, never all held at once)
    per_cand: list[tuple[int, Page, int, Candidate, str]] = []
    for a, page in enumerate(articles):
        own = f" {page.folded_text} "  # the headline may sit outside what main_text keeps
        seen: set[str] = set()
        cands = [c for h in _headlines(page, template) for c in candidate_phrases(h, stop)]
        for pos, cand in enumerate(cands):
            fp = f" {fold(cand.phrase)} "
            if fp in seen or fp not in own or fp in boiler:
                continue
            seen.add(fp)
            per_cand.append((a, page, pos, cand, fp))
    pairs = [pair for *_, cand, _fp in per_cand for cut in cand.cuts for pair in cut]
    # df: crawled pages holding the phrase (a news sidebar may repeat it everywhere: ranks,
    # never excludes); word cohesion (_risk) also counts the articles gathered beyond the crawl
    # counted once per scan (the crawled pages are the same in every gather round)
    known: dict[str, int] = ctx.memo(("search.pages_holding",), dict)
    missing = [n for n in dict.fromkeys([c[4] for c in per_cand] + pairs) if n not in known]
    if missing:
        sample = islice(snap.html_pages(), DF_SAMPLE)
        known.update(pages_holding((f" {p.folded_main} " for p in sample), missing))
    crawled = known
    extra = pages_holding((f" {p.folded_main} " for p in articles if id(p) not in seen_pages), pairs)
    cohesion = {k: crawled[k] + extra[k] for k in extra}
    per_article: dict[int, list[tuple[int, int, int, int, int, Probe]]] = {}
    for a, page, pos, cand, fp in per_cand:
        df = crawled[fp]
        n = len(cand.phrase.split())
        per_article.setdefault(a, []).append((_risk(cand, cohesion), df, abs(n - 3), a, pos, Probe(cand.phrase, page, df)))
    ranked = [sorted(found, key=lambda t: t[:5]) for _, found in sorted(per_article.items())]
    firsts = sorted((c[0] for c in ranked), key=lambda t: t[:5])
    rest = sorted((t for c in ranked for t in c[1:]), key=lambda t: t[:5])
    return [t[5] for t in (firsts + rest)[:count]]


def _is_self(url: str, search_url: str, param: str, hidden: dict[str, str]) -> bool:
    """A link back to the search itself (pager, "search again", sort order): same path, and
    the query names the search field or every hidden field of the form with its value."""
    a, b = urlsplit(url), urlsplit(search_url)
    if a.netloc != b.netloc or a.path.rstrip("/") != b.path.rstrip("/"):
        return False
    q = dict(parse_qsl(a.query, keep_blank_values=True))
    if param in q or not a.query:
        return True
    return bool(hidden) and all(q.get(k) == v for k, v in hidden.items())


def _item_texts(res: Page) -> dict[str, str]:
    """Each link's item text: the link and what surrounds it up to the block that holds
    other results (a result's snippet, date, category)."""
    out: dict[str, str] = {}
    for a in res.tree.css("a[href]"):
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(res.final_url, href).split("#")[0]
        node, text = a, a.text(separator=" ")
        for _ in range(3):
            parent = node.parent
            if parent is None or parent.tag in ("body", "html", "main", "form"):
                break
            if len({x.attributes.get("href") for x in parent.css("a[href]")}) > 2:
                break  # the list of results, not one result
            node, text = parent, parent.text(separator=" ")
        out[url] = (out.get(url, "") + " " + text).strip()
    return out


def _holds(text: str, phrase: str) -> bool:
    return find_folded_span(text, phrase) is not None


def _said(folded: str, no_results: list[str]) -> str:
    padded = f" {folded} "
    return next((s for s in no_results if f" {fold(s)} " in padded), "")


def read_results(res: Page | None, url: str, phrase: str, *, form: dict, baseline: Page | None,
                 no_results: list[str]) -> Reading:
    """What the results page ``res`` (fetched from ``url``) says about ``phrase``."""
    if res is None or res.status is None:
        return Reading("unfetched", url, res)
    if not res.ok:
        return Reading("http", url, res)
    fpage: Page = form["page"]
    if res.folded_main == fpage.folded_main:
        return Reading("unclear", url, res)  # the form's own page: the search runs in a script
    template = {lnk.url for lnk in fpage.links if lnk.region in (NAV, HEADER, FOOTER)}
    base_ok = baseline is not None and baseline.ok and baseline is not res
    if base_ok:
        template |= {lnk.url for lnk in baseline.links}  # type: ignore[union-attr]
    home = fpage.final_url.rstrip("/")
    items = [lnk for lnk in res.links
             if lnk.region not in (NAV, HEADER, FOOTER) and lnk.url not in template and lnk.url.rstrip("/") != home
             and not _is_self(lnk.url, url, form["param"], form["hidden"])]
    texts = _item_texts(res) if items else {}
    hits = [(lnk, texts.get(lnk.url, lnk.label)) for lnk in items
            if _holds(lnk.label, phrase) or _holds(texts.get(lnk.url, ""), phrase)]
    said = _said(res.folded_main, no_results)
    same = False
    if base_ok:
        echo = (f" {fold(phrase)} ", f" {fold(BASELINE_QUERY)} ")
        mine = f" {res.folded_main} ".replace(echo[0], " ")
        theirs = f" {baseline.folded_main} ".replace(echo[1], " ")  # type: ignore[union-attr]
        same = mine.split() == theirs.split()
    if hits:
        return Reading("hit", url, res, hits, items, said)
    if not items or said:
        if same and not said and not _said(baseline.folded_main, no_results):  # type: ignore[union-attr]
            return Reading("unclear", url, res, items=items, same_as_baseline=True)
        return Reading("none", url, res, items=items, said=said)
    return Reading("unclear", url, res, items=items, said=said, same_as_baseline=same)
