"""The deterministic frontier: which URLs a crawl fetches, and in what order.

Why (issue 14, point 6): the same unchanged portal must give the same snapshot. When
results were handled in the order responses arrived, the links a fast page revealed were
queued before those of a slow one, and which pages filled the page budget — and so a
verdict — changed from scan to scan with the server's and the machine's load.

Here the order depends on the portal only:

* The frontier is ordered by (priority class, depth, known-first, discovery sequence).
  ``known`` puts URLs the validator cache already holds first within a class and depth (a
  re-scan takes the same sample and unchanged pages cost a 304).
* :func:`run_in_order` takes entries from the frontier and fetches them concurrently, but
  *applies* their results (links queued, page recorded) strictly in the order they were
  taken, whatever order the responses come in. The discovery sequence is assigned while
  applying, so it is deterministic too.
* At most ``window`` entries are taken and not yet applied: entry n is taken only after
  the result of entry n - ``window`` was applied. Every decision (which entry is next, is
  there budget for it) is therefore a function of the results applied so far, which are a
  fixed prefix: the same portal gives the same decisions. The window is a constant, not
  derived from the concurrency or the machine, for the same reason.
* Budgets are decided on that order too (``admit``): a page entry is taken only while the
  pages taken (applied or in flight) stay within the budget; an entry that turns out not
  to use the budget (robots.txt disallows it) gives its place back when it is applied.

Unlike fixed batches ("waves") there is no barrier: while the oldest result is awaited the
others keep coming in, so one slow page costs a stall only once the window is full.
"""

from __future__ import annotations

import asyncio
import heapq
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from crawlers.fetch import type_from_ext
from crawlers.options import CrawlOptions
from crawlers.snapshot import FOOTER, HEADER, NAV, Document, Page
from crawlers.text import fold
from crawlers.urls import (
    TrapGuard,
    dedup_key,
    is_document,
    is_skipped_resource,
    normalize,
)

# priority classes of the frontier: menus and site-map pages, other links breadth-first,
# document HEADs, URLs only listed in sitemap.xml
P_NAV, P_LINK, P_DOC, P_SITEMAP = 0, 1, 2, 3

# entries taken and not yet applied (see the module docstring: a constant on purpose). 64
# halved the 10,000-page benchmark's rate (the oldest result, queued for an analysis worker,
# held everything up); 256 measured level with the arrival-order crawler.
WINDOW = 256

TAKE, HOLD, STOP = "take", "hold", "stop"

_SITEMAP_WORDS = ("so do", "sitemap", "site map", "ban do site", "so do cong", "so do trang", "so do website")

Entry = tuple[int, int, int, int, str, "Document | None"]  # (priority, depth, known, seq, url, doc)


class Frontier:
    """URLs waiting to be fetched, smallest (priority, depth, known, seq) first."""

    def __init__(self, known: Callable[[str], bool] | None = None):
        self._heap: list[Entry] = []
        self._known = known
        self.seq = 0
        self.order: dict[str, tuple[int, int, str]] = {}  # url -> (priority, depth, url): stable page order

    def put(self, prio: int, depth: int, url: str, doc: Document | None = None) -> None:
        self.seq += 1
        if doc is None:
            self.order.setdefault(url, (prio, depth, url))
        known = 0 if doc is None and self._known is not None and self._known(url) else 1
        heapq.heappush(self._heap, (prio, depth, known, self.seq, url, doc))

    def peek(self) -> Entry | None:
        return self._heap[0] if self._heap else None

    def pop(self) -> Entry:
        return heapq.heappop(self._heap)

    def __len__(self) -> int:
        return len(self._heap)


class Discovery:
    """What enters the frontier: links of fetched pages and sitemap URLs in scope,
    normalised, de-duplicated, trap-like ones skipped, classified (menus and site-map pages
    first); document links recorded (``documents``) and queued for a HEAD."""

    def __init__(self, options: CrawlOptions, frontier: Frontier, in_scope: Callable[[str], bool],
                 documents: list[Document]):
        self.o = options
        self.frontier = frontier
        self.in_scope = in_scope
        self.documents = documents
        self.trap = TrapGuard(options.max_query_variants, options.max_calendar_pages, options.max_url_length)
        self.seen: set[str] = set()
        self.doc_seen: set[str] = set()
        self.raw_seen: set[str] = set()
        self.heads = 0

    def record_document(self, url: str, text: str, found_on: str) -> Document | None:
        key = dedup_key(url)
        if key in self.doc_seen or len(self.documents) >= self.o.max_documents:
            return None
        self.doc_seen.add(key)
        doc = Document(url=url, link_text=text, found_on=found_on, content_type=type_from_ext(url))
        self.documents.append(doc)
        return doc

    def links(self, page: Page, depth: int) -> None:
        """Queue the links of ``page`` (found at ``depth``)."""
        raw_seen = self.raw_seen
        for link in page.links:
            url = link.url
            if url in raw_seen:  # fast path: menus, footers and sidebars repeat on every page
                continue
            if depth + 1 > self.o.max_depth and not is_document(url):
                continue  # not marked seen: a shallower page may still reach it
            raw_seen.add(url)
            if not self.in_scope(url) or is_skipped_resource(url):
                continue
            try:
                url = normalize(url)
            except ValueError:
                continue
            if is_document(url):
                doc = self.record_document(url, link.label, page.url)
                if doc is not None and self.heads < (self.o.max_documents if self.o.head_documents else 0):
                    self.heads += 1
                    self.frontier.put(P_DOC, depth + 1, url, doc)
                continue
            if depth + 1 > self.o.max_depth:
                continue
            key = dedup_key(url)
            if key in self.seen:
                continue
            self.seen.add(key)
            if not self.trap.allow(url):
                continue
            label = fold(link.label) if link.label else ""
            nav = link.region in (NAV, HEADER, FOOTER) or any(w in label for w in _SITEMAP_WORDS) or \
                "sitemap" in url.lower() or "so-do" in url.lower()
            self.frontier.put(P_NAV if nav else P_LINK, depth + 1, url)

    def sitemap_urls(self, urls: list[str]) -> None:
        """Queue URLs listed in sitemap.xml (after every linked page: they were not linked)."""
        for u in urls:
            if not self.in_scope(u):
                continue
            try:
                u = normalize(u)
            except ValueError:
                continue
            if is_document(u):
                self.record_document(u, "", "sitemap")
                continue
            key = dedup_key(u)
            if key in self.seen or not self.trap.allow(u):
                continue
            self.seen.add(key)
            self.frontier.put(P_SITEMAP, 1, u)


async def run_in_order(frontier: Frontier, admit: Callable[[Entry], str],
                       fetch: Callable[[int, Entry], Coroutine[Any, Any, Any]],
                       apply: Callable[[Entry, Any], Awaitable[None]], window: int = WINDOW) -> None:
    """Fetch frontier entries concurrently and apply their results in the order taken.

    ``admit(entry)`` says whether the next entry may be taken now: ``TAKE``; ``HOLD`` (not
    now: apply the oldest pending result and ask again; the crawl ends when nothing is
    pending); ``STOP`` (take nothing more). ``fetch(n, entry)`` is the n-th entry's network
    work, run as a task; it should return its failures rather than raise them. ``apply``
    may put new entries into the frontier.
    """
    pending: deque[tuple[Entry, asyncio.Task[Any]]] = deque()

    async def apply_oldest() -> None:
        entry, task = pending.popleft()
        await apply(entry, await task)

    n = 0
    try:
        while True:
            while len(pending) >= window:
                await apply_oldest()
            entry = frontier.peek()
            decision = HOLD if entry is None else admit(entry)
            if decision == TAKE:
                assert entry is not None
                frontier.pop()
                pending.append((entry, asyncio.create_task(fetch(n, entry))))
                n += 1
            elif decision == STOP:
                break
            elif pending:
                await apply_oldest()
            else:
                break
        while pending:
            await apply_oldest()
    except asyncio.CancelledError:
        # the portal's time budget ran out: keep the pages already fetched, in order, up to
        # the first one still on its way
        while pending and pending[0][1].done() and not pending[0][1].cancelled():
            await apply_oldest()
        raise
    finally:
        tasks = [t for _, t in pending]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
