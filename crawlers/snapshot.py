"""The snapshot: what the crawler saw of one portal, and what the checker reads.

This module is the contract between ``crawlers/`` and ``checker/``. A crawler (HTTP,
browser, archive replay or a rule-test fixture) fills a :class:`Snapshot` with
:class:`~crawlers.page.Page` objects; check functions only read it. Parsing is lazy and
cached per page so that evaluating ~40 rules costs one parse per page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urldefrag

from crawlers.artifacts import Artifact, Want
from crawlers.dom import FOOTER, HEADER, MAIN, NAV, OTHER  # noqa: F401  (regions: importable from here as before)
from crawlers.page import FACTS, TREE_FACTS, Document, Link, Page, page_fact  # noqa: F401  (the model's names, importable from here)
from crawlers.pagestore import clear_caches, pack  # noqa: F401  (crawlers.analyse and tests use them from here)
from crawlers.scope import PortalScope
from crawlers.stats import CrawlStats
from crawlers.urls import host_of, same_host


@dataclass
class Snapshot:
    """Everything gathered from one portal: pages, documents and artifacts.

    ``pages`` is keyed by the URL that was requested; :meth:`get` also finds a page by its
    final URL after redirects. Checks only *read* a snapshot. What they need and the crawl
    did not gather (a page it did not reach, axe-core results …) they ask for through
    :meth:`get` and :meth:`artifact`; while :attr:`recording` is on, those requests are noted
    in :attr:`wanted` as :class:`~crawlers.artifacts.Want` s, which the gather loop
    (``checker/gathering.py``) has the gatherers of ``crawlers/`` fulfil before the rules are
    evaluated again. ``fetcher`` is the crawler's follow-up fetcher the gatherer uses; no
    check calls it.
    """

    start_url: str
    pages: dict[str, Page] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: CrawlStats = field(default_factory=CrawlStats)  # facts about the crawl (crawlers/stats.py)
    fetcher: Callable[[str], Page | None] | None = None
    started_at: str = ""
    finished_at: str = ""
    as_of: str = ""  # the time the verdicts were computed for (kept in the archive for replays)
    judged: dict[str, object] = field(default_factory=dict)  # level and registry entry it was judged with
    artifacts: dict[str, Artifact] = field(default_factory=dict)  # by Want.key
    recording: bool = False  # note what checks ask for and is missing (gather rounds)
    wanted: dict[Want, None] = field(default_factory=dict)  # an ordered set: the order checks asked in
    misses: int = 0  # reads of something missing while recording (tells the gather loop which rules to redo)
    scope: PortalScope = field(default_factory=PortalScope)  # whole host, or a component site's prefix

    def add(self, page: Page) -> None:
        self.pages[page.url] = page
        if page.final_url and page.final_url != page.url:
            self._by_final[page.final_url] = page

    @cached_property
    def _by_final(self) -> dict[str, Page]:
        return {p.final_url: p for p in self.pages.values() if p.final_url != p.url}

    def get(self, url: str, fetch: bool = True, *, probe: str | None = None) -> Page | None:
        """The page for ``url`` (requested or final URL, with or without a final slash), or
        None. A missing page is *wanted* (gathered before the next round) when ``fetch`` is
        true and the snapshot is recording; a check never fetches anything itself. ``probe``
        marks a page that answers a probe (``"search"``: a search-results page), which page
        samples leave out."""
        url = urldefrag(url)[0]
        page = self.pages.get(url) or self._by_final.get(url)
        if page is None and url.endswith("/"):
            page = self.pages.get(url[:-1]) or self._by_final.get(url[:-1])
        elif page is None:
            page = self.pages.get(url + "/") or self._by_final.get(url + "/")
        if page is None and fetch and self.recording and url.startswith(("http://", "https://")):
            self.misses += 1
            self.wanted.setdefault(Want.of("page", url, probe=probe) if probe else Want("page", url), None)
        return page

    def artifact(self, want: Want) -> Artifact | None:
        """The gathered artifact for ``want``, or None (then wanted, when recording)."""
        art = self.artifacts.get(want.key)
        if art is None and self.recording:
            self.misses += 1
            self.wanted.setdefault(want, None)
        return art

    def put_artifact(self, art: Artifact) -> None:
        self.artifacts[art.want.key] = art

    @property
    def home(self) -> Page | None:
        return self.get(self.start_url, fetch=False)

    def html_pages(self) -> Iterator[Page]:
        """The portal's pages that were fetched successfully and are HTML, home page first.
        Pages gathered after the crawl (a leader's detail page, a parent or subordinate
        portal a check looked at, search results) are left out: whole-site checks judge the
        crawl's sample of this portal, and what they see must not depend on what another
        check happened to ask for — which is also what lets the gather rounds re-run only
        the rules that asked (checker/gathering.py)."""
        home = self.home
        if home is not None and home.ok:
            yield home
        inside = self._internal_memo()
        for p in self.pages.values():
            if p.ok and p is not home and not p.probe and not p.gathered:
                url = p.final_url
                hit = inside.get(url)
                if hit is None:
                    hit = inside[url] = self.is_internal(url)
                if hit:
                    yield p

    def _internal_memo(self) -> dict[str, bool]:
        """``is_internal`` by final URL, for the site's current host and scope (rules iterate the pages
        a dozen times: parsing each URL each time cost more than the iteration itself)."""
        key = (self.host, self.scope)
        memo = self.__dict__.get("_internal")
        if memo is None or memo[0] != key:
            memo = self.__dict__["_internal"] = (key, {})
        return memo[1]

    @property
    def host(self) -> str:
        home = self.home
        if home is not None:
            return home.host
        return host_of(self.start_url)

    def is_internal(self, url: str) -> bool:
        """The portal's own URL: same host name, or the www./non-www. twin of the start host
        (:func:`crawlers.urls.same_host`; ports are not compared), and inside the portal's
        :attr:`scope` (a component site's prefix: the host's other paths leave the portal)."""
        return same_host(host_of(url), self.host) and self.scope.in_prefix(url)

    in_portal = is_internal  # the name the scope's documentation uses (crawlers/scope.py)
