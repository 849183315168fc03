"""The crawler: one portal URL -> a bounded, polite, reproducible :class:`Snapshot`.

``crawl(url, options)`` is synchronous and runs an asyncio crawl on httpx inside. What it does,
in order:

1. robots.txt of the start host (decisions in :mod:`crawlers.robots`), then the start page
   (cross-host redirects are followed for it only; the site is the start host and the host
   the start page ended on, with their ``www.`` twins).
2. ``render=auto``: when the static home page lacks the navigation a browser would show
   (:func:`lacks_navigation`), it is rendered in Chromium and its rendered links are used
   (:mod:`crawlers.render`).
3. Links are queued by priority: navigation/header/footer links and site-map pages first,
   then other links breadth-first, then document HEADs, then URLs only listed in
   sitemap.xml (:mod:`crawlers.sitemaps`). URLs are normalised and de-duplicated; trap-like
   URLs (calendars, query-string explosions) are skipped (:class:`crawlers.urls.TrapGuard`).
4. The frontier is deterministic (:mod:`crawlers.frontier`): results are applied in the
   order their URLs were taken, whatever order responses arrive in, so which pages fill the
   budget depends on the portal only.
5. Per host: politeness, retries and give-up (:mod:`crawlers.polite`); per request: time
   limits, manual redirects checked by the address policy, body caps on the wire and after
   decompression, conditional requests against ``cache_dir`` (:mod:`crawlers.fetch`).
6. Budgets: pages, depth, bytes, portal time. A budget running out ends the crawl with what was
   fetched; it is recorded in ``snapshot.notes.budget``.

Facts about the crawl itself go to ``snapshot.notes``, a :class:`crawlers.stats.CrawlStats`.
Fetches after the crawl: :mod:`crawlers.ondemand`.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import urljoin

from crawlers.analyse import Analyser
from crawlers.documents import head_document
from crawlers.fetch import REDIRECTS, Exchange, Resp, is_htmlish, looks_binary
from crawlers.frontier import HOLD, STOP, TAKE, Discovery, Entry, Frontier, run_in_order
from crawlers.ondemand import OnDemandFetcher, now_iso, run_coro
from crawlers.options import CrawlOptions
from crawlers.polite import ITEM_BYTES, Requester, retry_after_seconds
from crawlers.render import BrowserRunner, Renderer, empty_shell, lacks_navigation
from crawlers.safety import AddressPolicy, allow_start
from crawlers.scope import PortalScope
from crawlers.sitemaps import read_sitemaps
from crawlers.snapshot import Document, Page, Snapshot
from crawlers.stats import RenderInfo
from crawlers.urls import DOC_EXT, dedup_key, normalize, site_authority

__all__ = ["DOC_EXT", "BrowserRunner", "Crawler", "OnDemandFetcher", "crawl", "empty_shell", "lacks_navigation",
           "retry_after_seconds"]

_ROBOTS_SKIP = ("disallowed by robots", "robots.txt unavailable")


class Crawler:
    """One crawl of one portal (``run``), or the fetch of single pages after it
    (``fetch_page``, used by :class:`OnDemandFetcher` with the crawl's ``shared`` state)."""

    def __init__(self, url: str, options: CrawlOptions, snapshot: Snapshot | None = None,
                 shared: dict[str, Any] | None = None):
        self.o = options
        self.start_url = url
        self.scope = PortalScope.of(url, options.scope)  # whole host, or a component site's folder
        self.snap = snapshot or Snapshot(start_url=url, started_at=now_iso(), scope=self.scope)
        shared = shared or {}
        self.cache = shared.get("cache")
        self.archive = shared.get("archive")
        self.site_hosts: set[str] = set(shared.get("site_hosts") or {site_authority(url)})
        self.policy = AddressPolicy(options)
        self.workers = options.workers or max(2, 2 * options.concurrency)
        self.exchange = Exchange(options, self.cache, self.workers)
        self.req = Requester(options, self.exchange, self.snap.notes, url, shared.get("robots", {}),
                             shared.get("insecure_hosts", set()))
        self.renderer = Renderer(options, self.snap, self.in_scope, shared.get("browser"), self.archive)
        self.frontier = Frontier(self.cache.has if self.cache is not None else None)
        self.discovery = Discovery(options, self.frontier, self.in_scope, self.snap.documents)
        self.fetched = 0  # pages taken from the frontier (in flight included), robots skips given back
        self.bytes_applied = 0  # bytes of the entries applied so far (the byte budget's measure)
        self.failed = 0
        self.robots_skipped = 0
        self.stop_reason: str | None = None
        self.analyser = Analyser(options.analysis_workers, options.analysis_after)
        self._slots: asyncio.Semaphore | None = None

    @property
    def browser_runner(self) -> BrowserRunner | None:
        return self.renderer.runner

    async def aclose(self) -> None:
        n = self.snap.notes
        if self.analyser.note:
            n.analysis = self.analyser.note
        await self.analyser.close()
        if self.analyser.remote:
            n.analysed_in_worker = self.analyser.remote
        if self.analyser.peaks:
            n.analysis_workers_peak_rss_mb = list(self.analyser.peaks)
        await self.exchange.aclose()

    def on_site(self, url: str) -> bool:
        """On the site's host (and port): where robots.txt and sitemap files are read."""
        return site_authority(url) in self.site_hosts

    def in_scope(self, url: str) -> bool:
        """The portal's own page: on the site and inside its scope (crawlers/scope.py)."""
        return site_authority(url) in self.site_hosts and self.scope.in_prefix(url)

    # -- one page ---------------------------------------------------------------------------------
    async def fetch_page(self, url: str, depth: int, *, start: bool = False) -> tuple[Page, str | None]:
        """Fetch ``url`` following redirects; returns (page, archive record id of the body)."""
        chain = [url]
        cur = url
        resp: Resp | None = None
        for _hop in range(self.o.max_redirects + 1):
            robots = await self.req.robots_for(cur)
            if not robots.allowed(cur, self.o.user_agent):
                why = "robots.txt unavailable: host treated as disallowed" if robots.disallow_all else "disallowed by robots.txt"
                return Page(url=url, status=None, final_url=cur, error=f"{why} (use --ignore-robots with the owner's consent)",
                            fetched_at=now_iso(), depth=depth), None
            dead = self.req.host(cur).dead
            if dead:
                return Page(url=url, status=None, final_url=cur, error=f"host given up: {dead}",
                            fetched_at=now_iso(), depth=depth), None
            resp = await self.req.request(cur, want_body=is_htmlish)
            rid = self._archive(resp)
            loc = resp.headers.get("location")
            if resp.status in REDIRECTS and loc:
                try:
                    nxt = normalize(urljoin(cur, loc.strip()))
                except ValueError:
                    return await self._page_from(url, resp, depth, error=f"bad redirect Location {loc[:100]!r}"), rid
                if not nxt.startswith(("http://", "https://")):
                    return await self._page_from(url, resp, depth, error=f"redirect to unsupported URL {nxt[:100]}"), rid
                if nxt in chain:
                    loop = " -> ".join(chain + [nxt])
                    return await self._page_from(url, resp, depth, error=f"redirect loop: {loop[:400]}"), rid
                if not start and not self.in_scope(nxt):
                    # an internal link leaving the site: record where it goes, do not fetch it
                    page = await self._page_from(url, resp, depth)
                    page.final_url = nxt
                    why = await asyncio.to_thread(self.policy.url_reason, nxt)  # type: ignore[arg-type]
                    if why:
                        page.status, page.error = None, f"redirect to {nxt[:120]}: {why}"
                    return page, rid
                chain.append(nxt)
                cur = nxt
                continue
            page = await self._page_from(url, resp, depth)
            if len(chain) > 1:
                page.final_url = cur
            if resp.status is None and len(chain) > 1:
                page.error = f"redirect from {chain[-2]} to {cur}: {resp.error}"
            return page, rid
        assert resp is not None
        return await self._page_from(url, resp, depth, error=f"too many redirects (>{self.o.max_redirects})"), None

    async def _page_from(self, url: str, r: Resp, depth: int, error: str | None = None) -> Page:
        page = Page(url=url, status=r.status, final_url=r.url, headers=r.headers,
                    content_type=r.headers.get("content-type", "") if r.status is not None else "text/html",
                    error=error or r.error, fetched_at=now_iso(), elapsed=r.elapsed, depth=depth,
                    size=len(r.body), truncated=r.truncated)
        packed = None
        if r.body_read and is_htmlish(page.content_type) and not looks_binary(r.body):
            a = await self.analyser(r.body, page.content_type, page.url, page.final_url)
            page.adopt(a)
            packed = a.html_z if a.verbatim else None
        elif r.body_read and looks_binary(r.body) and r.status is not None and not page.content_type:
            page.content_type = "application/octet-stream"
        if r.truncated and not page.error:
            page.error = None  # truncation is a fact (page.truncated), the page is still evaluated
        if r.body_read and self.cache is not None and r.status == 200 and not r.not_modified and not r.truncated:
            self.cache.store(r.url, r.status, r.headers, r.body, r.url, packed)
        return page

    def _archive(self, r: Resp) -> str | None:
        if self.archive is None or r.status is None:
            return None
        try:
            return self.archive.exchange(r.url, r.req_headers, r.status, r.reason, r.raw_headers or list(r.headers.items()),
                                         r.body, r.http_version, truncated=r.truncated)
        except Exception as exc:  # evidence is best effort; the crawl goes on
            self.snap.notes.archive_error = f"{type(exc).__name__}: {exc}"
            return None

    def add_page(self, page: Page, rid: str | None) -> None:
        self.snap.add(page)
        if page.status is None or (page.status >= 400):
            self.failed += 1
            if page.error:
                self.snap.errors.append(f"{page.url}: {page.error}")
            elif page.status is not None and page.status >= 500:
                self.snap.errors.append(f"{page.url}: HTTP {page.status}")
        if self.archive is not None:
            try:
                self.archive.page(page, rid)
            except Exception as exc:
                self.snap.notes.archive_error = f"{type(exc).__name__}: {exc}"
        if self.o.progress is not None:
            try:
                self.o.progress("page", {"url": page.url, "pages": len(self.snap.pages), "errors": self.failed,
                                         "portal": self.start_url, "status": page.status})
            except Exception:
                pass

    # -- documents ----------------------------------------------------------------------------------
    async def head_document(self, doc: Document) -> None:
        await head_document(self.req, doc, self.o.user_agent)

    async def _sitemaps(self, base: str) -> None:
        found = await read_sitemaps(self.req, base, self.on_site, self.o, self.scope)
        if found.files:
            self.snap.notes.sitemaps = found.files
            self.snap.notes.sitemap_urls = len(found.urls)
        self.discovery.sitemap_urls(found.urls)

    # -- the crawl -----------------------------------------------------------------------------------------
    async def run(self) -> None:
        self.discovery.seen.add(dedup_key(normalize(self.start_url)))
        home, rid = await self.fetch_page(self.start_url, 0, start=True)
        self.fetched += 1
        if home.final_url:
            self.site_hosts.add(site_authority(home.final_url))
        if home.ok:
            home = await self.renderer.maybe_render(home)
        self.add_page(home, rid)
        if not home.ok:
            return
        self.discovery.links(home, 0)
        self._drop_tree(home)
        if self.o.sitemaps:
            try:
                await self._sitemaps(home.final_url)
            except Exception as exc:  # a broken sitemap never stops the crawl
                self.snap.errors.append(f"sitemap: {type(exc).__name__}: {exc}")
        self.bytes_applied = self.snap.notes.bytes  # home, robots.txt and sitemaps
        self._slots = asyncio.Semaphore(self.workers)
        await run_in_order(self.frontier, self._admit, self._fetch_entry, self._apply)
        if len(self.frontier) and not self.stop_reason:
            self.stop_reason = "pages"  # only a page the budget has no room for stays queued

    def _admit(self, entry: Entry) -> str:
        """May the next entry be taken now? Decided on results applied in frontier order."""
        if self.stop_reason:
            return STOP
        if self.bytes_applied >= self.o.max_total_bytes:
            self.stop_reason = "bytes"
            return STOP
        if entry[5] is not None:  # a document HEAD: not a page of the budget
            return TAKE
        if self.fetched >= self.o.max_pages:
            return HOLD  # pages in flight may still give their place back (robots.txt)
        self.fetched += 1
        return TAKE

    async def _fetch_entry(self, n: int, entry: Entry) -> Any:
        """The network part of one entry (a task); failures are returned, not raised."""
        _prio, depth, _known, _seq, url, doc = entry
        box = [0]
        ITEM_BYTES.set(box)
        assert self._slots is not None
        async with self._slots:
            try:
                if doc is not None:
                    await self.head_document(doc)
                    return None
                page, rid = await self.fetch_page(url, depth)
                return page, rid, box
            except Exception as exc:  # a bug on one page must not stop the scan
                return exc

    async def _apply(self, entry: Entry, result: Any) -> None:
        """Record one entry's result, in frontier order: page, documents, links found."""
        _prio, depth, _known, _seq, url, _doc = entry
        if result is None:
            return
        if isinstance(result, BaseException):
            if not isinstance(result, TimeoutError):
                self.snap.errors.append(f"{url}: crawler error {type(result).__name__}: {result}")
            return
        page, rid, box = result
        self.bytes_applied += box[0]
        try:
            if page.error and page.error.startswith(_ROBOTS_SKIP):
                self.fetched -= 1  # not fetched: does not use the page budget
                self.robots_skipped += 1
                self._note_skip(page)
                return
            if page.error and page.error.startswith("host given up"):
                self.fetched -= 1
                return
            if page.ok and self.in_scope(page.final_url):
                page = await self.renderer.maybe_render(page)
            self.add_page(page, rid)
            if page.status is not None and not page.is_html and page.status < 400:
                self.discovery.record_document(page.final_url, "", page.url)
            if page.ok and self.in_scope(page.final_url) and depth < self.o.max_depth:
                self.discovery.links(page, depth)
            self._drop_tree(page)
        except Exception as exc:  # a bug on one page must not stop the scan
            self.snap.errors.append(f"{url}: crawler error {type(exc).__name__}: {exc}")

    def _note_skip(self, page: Page) -> None:
        ex = self.snap.notes.robots_skipped_examples
        if len(ex) < 5:
            ex.append(page.url)

    @staticmethod
    def _drop_tree(page: Page) -> None:
        # the parse tree is by far the largest object; links/texts stay cached, the checker
        # reparses on demand (about 1 ms a page)
        page.__dict__.pop("tree", None)

    def stable_order(self) -> None:
        """Re-order snapshot.pages by (priority class, depth, URL), home first, so that the
        order checks see is that of the portal's structure."""
        pages = self.snap.pages
        home = pages.get(self.start_url)
        order = self.frontier.order
        rest = sorted((p for u, p in pages.items() if u != self.start_url),
                      key=lambda p: order.get(p.url, (9, p.depth, p.url)))
        pages.clear()
        if home is not None:
            pages[self.start_url] = home
        for p in rest:
            pages[p.url] = p
        self.snap.__dict__.pop("_by_final", None)

    def finish_notes(self, t0: float) -> None:
        n = self.snap.notes
        n.duration_s = round(time.monotonic() - t0, 2)
        n.pages_failed = self.failed
        if self.discovery.trap.skipped:
            n.traps_skipped = self.discovery.trap.skipped
            n.trap_examples = list(self.discovery.trap.examples)
        n.robots_skipped = self.robots_skipped
        n.budget = self.stop_reason
        n.documents = len(self.snap.documents)
        if n.render is None:
            n.render = RenderInfo(mode=self.o.render)


def crawl(url: str, options: CrawlOptions | None = None) -> Snapshot:
    """Crawl the portal at ``url`` within the budgets of ``options``.

    Never raises for the portal's own faults: they end up in ``snapshot.errors``, in the
    pages' ``error`` and in ``snapshot.notes``. ``snapshot.fetcher`` fetches more pages later
    under the same rules; call ``snapshot.close()`` when done (releases browser and archive).
    """
    options = options or CrawlOptions()
    options = allow_start(options, url)  # the start URL's host:port is operator-named (crawlers/safety.py)
    if options.from_archive:
        from crawlers.archive import load_archive

        return load_archive(options.from_archive)  # offline: nothing is fetched, no fetcher
    t0 = time.monotonic()
    snap = Snapshot(start_url=url, started_at=now_iso(), scope=PortalScope.of(url, options.scope))
    shared: dict[str, Any] = {"robots": {}, "insecure_hosts": set(), "site_hosts": {site_authority(url)}}
    if options.cache_dir:
        from crawlers.cache import ValidatorCache

        shared["cache"] = ValidatorCache(options.cache_dir)
    if options.archive:
        from crawlers.archive import ArchiveWriter

        shared["archive"] = ArchiveWriter(options.archive)
    crawler = Crawler(url, options, snap, shared)

    async def main() -> None:
        try:
            await asyncio.wait_for(crawler.run(), timeout=options.portal_timeout)
        except TimeoutError:
            crawler.stop_reason = "time"
            snap.errors.append(f"portal time budget ({options.portal_timeout:.0f}s) exhausted; "
                               f"{len(snap.pages)} pages fetched")
        finally:
            await crawler.aclose()

    try:
        run_coro(main)
    except Exception as exc:  # defensive: report, never crash the scan
        snap.errors.append(f"crawler failed: {type(exc).__name__}: {exc}")
        snap.notes.crawler_error = f"{type(exc).__name__}: {exc}"
    if shared.get("cache") is not None:
        shared["cache"].flush()  # the crawl's stores are kept even if the snapshot is never closed
        snap.notes.cache_error = shared["cache"].error
    shared["site_hosts"] = crawler.site_hosts
    shared["browser"] = crawler.browser_runner
    snap.browser_runner = crawler.browser_runner  # type: ignore[attr-defined]  # the pipeline shares it
    crawler.stable_order()
    crawler.finish_notes(t0)
    snap.finished_at = now_iso()
    if shared.get("archive") is not None:
        shared["archive"].snapshot(snap)
        shared["archive"]._fh.flush()
    on_demand = OnDemandFetcher(url, options, snap, shared, Crawler)
    snap.fetcher = on_demand
    snap.close = on_demand.close  # type: ignore[attr-defined]  # the pipeline calls it if present
    if options.progress is not None:
        try:
            options.progress("done", {"url": url, "pages": len(snap.pages), "errors": crawler.failed, "portal": url})
        except Exception:
            pass
    return snap
