"""Fetches after the crawl (``Snapshot.fetcher``), and running the async crawler from sync code.

Why this is its own module: a check that needs a page the crawl did not reach gets it here,
under the crawl's rules (address policy, robots.txt, caps, timeouts, politeness delay,
archive) and within ``max_on_demand`` fetches. Issue 14 moves these fetches into the
gathering phase; until then this keeps the callable ``(url) -> Page | None``.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from crawlers.options import CrawlOptions
from crawlers.page import GATHERED_DEPTH
from crawlers.snapshot import Page, Snapshot


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def run_coro(factory: Callable[[], Any]) -> Any:
    """Run a coroutine to completion from sync code, also when this thread already has a
    running event loop (then on a helper thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(factory())
        except BaseException as exc:  # re-raised in the caller
            box["error"] = exc

    t = threading.Thread(target=target, name="d43-crawl", daemon=True)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


class OnDemandFetcher:
    """``Snapshot.fetcher``: fetch one more URL after the crawl, under the same rules (address
    policy, robots.txt, size caps, timeouts, politeness delay, archive), within
    ``max_on_demand`` fetches."""

    def __init__(self, url: str, options: CrawlOptions, snap: Snapshot, shared: dict[str, Any],
                 crawler: Callable[..., Any]):
        self.url = url
        self.crawler = crawler  # crawlers.crawl.Crawler, handed in: the crawler module builds this fetcher
        self.options = options
        self.snap = snap
        self.shared = shared
        self.count = 0
        self._last = 0.0
        self._lock = threading.Lock()

    def __call__(self, target: str) -> Page | None:
        with self._lock:
            if self.count >= self.options.max_on_demand:
                return Page(url=target, status=None, error=f"on-demand fetch budget ({self.options.max_on_demand}) used up",
                            fetched_at=now_iso(), depth=GATHERED_DEPTH)
            self.count += 1
            wait = self._last + self.options.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                page = run_coro(lambda: self._fetch(target))
            except Exception as exc:
                page = Page(url=target, status=None, error=f"fetch failed: {type(exc).__name__}: {exc}",
                            fetched_at=now_iso(), depth=GATHERED_DEPTH)
            self._last = time.monotonic()
            self.snap.notes.on_demand = self.count
            return page

    async def _fetch(self, target: str) -> Page:
        c = self.crawler(self.url, self.options, Snapshot(start_url=self.url), self.shared)
        try:
            try:
                page, rid = await asyncio.wait_for(c.fetch_page(target, GATHERED_DEPTH, start=not c.in_scope(target)),
                                                   c.exchange.page_timeout)
            except TimeoutError:
                page, rid = Page(url=target, status=None, error=f"page time limit ({c.exchange.page_timeout:.0f}s) exceeded",
                                 fetched_at=now_iso(), depth=GATHERED_DEPTH), None
            if page.error:
                self.snap.errors.append(f"{target}: {page.error}")
            if self.shared.get("archive") is not None:
                self.shared["archive"].page(page, rid)
            self.snap.notes.bytes += c.snap.notes.bytes
            return page
        finally:
            await c.aclose()

    def close(self) -> None:
        cache = self.shared.pop("cache", None)
        if cache is not None:
            cache.close()
        b = self.shared.pop("browser", None)
        if b is not None:
            b.close()
        a = self.shared.pop("archive", None)
        if a is not None:
            try:
                if self.count:
                    a.snapshot(self.snap)
            finally:
                a.close()
