"""Politeness and retries: per-host slots and delays, robots.txt, backoff, give-up.

Why this is its own module: how often and how hard d43 may knock on a host is a policy
that holds for the crawl, its sitemaps and document HEADs, and the follow-up fetches after
the crawl alike. :class:`Requester` is the only way those reach :class:`Exchange`.

Per host: at most ``concurrency`` connections, ``delay`` between requests (robots.txt
Crawl-delay wins, capped), an adaptive slow-down on slow or failing responses (Retry-After
pauses the host), and a circuit breaker after ``max_host_failures`` consecutive failures.
Retries with exponential backoff are for transient failures only.
"""

from __future__ import annotations

import asyncio
import contextvars
import email.utils
import random
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawlers.fetch import REDIRECTS, Exchange, Resp
from crawlers.options import CrawlOptions
from crawlers.robots import ROBOTS_MAX, Robots, robots_from_response
from crawlers.stats import CrawlStats
from crawlers.urls import site_authority

TRANSIENT_STATUS = (429, 500, 502, 503, 504)

# Bytes received for the frontier item a fetch task works on ([count], or None outside
# one): the byte budget is decided on items in frontier order, not on arrival (frontier.py).
ITEM_BYTES: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("d43_item_bytes", default=None)


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds (delta-seconds or HTTP-date), None when absent or unparsable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        dt = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return max(0.0, (dt - datetime.now(UTC)).total_seconds())


class HostState:
    """One host's slots, pacing, failure count and robots.txt."""

    def __init__(self, name: str, concurrency: int, delay: float):
        self.name = name
        self.sem = asyncio.Semaphore(max(1, concurrency))
        self.base_delay = delay
        self.delay = delay
        self.next_at = 0.0
        self.failures = 0
        self.dead: str | None = None
        self.robots: Robots | None = None
        self.robots_lock = asyncio.Lock()
        self.insecure = False


class Requester:
    """Requests under the politeness rules of one crawl (or of the fetches after it, which
    share its robots cache and TLS fallbacks through ``shared``)."""

    def __init__(self, options: CrawlOptions, exchange: Exchange, stats: CrawlStats, start_url: str,
                 robots_cache: dict[str, Robots], insecure_hosts: set[str]):
        self.o = options
        self.exchange = exchange
        self.stats = stats
        self.start_url = start_url
        self.robots_cache = robots_cache
        self.insecure_hosts = insecure_hosts
        self.hosts: dict[str, HostState] = {}

    def host(self, url: str) -> HostState:
        key = urlsplit(url).netloc.lower()
        h = self.hosts.get(key)
        if h is None:
            h = self.hosts[key] = HostState(key, self.o.concurrency, self.o.delay)
            h.insecure = key in self.insecure_hosts
            if key in self.robots_cache:
                h.robots = self.robots_cache[key]
                self._apply_crawl_delay(h)
        return h

    async def _pace(self, h: HostState) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        start = max(now, h.next_at)
        h.next_at = start + h.delay
        if start > now:
            await asyncio.sleep(start - now)

    async def attempt(self, url: str, **kw: Any) -> Resp:
        """One exchange in the host's slot, after its politeness delay."""
        h = self.host(url)
        async with h.sem:
            await self._pace(h)
            return await self.exchange.attempt(url, h.insecure, **kw)

    async def request(self, url: str, **kw: Any) -> Resp:
        """An exchange with retries (transient failures only), TLS fallback and host accounting."""
        h = self.host(url)
        attempt = 0
        while True:
            resp = await self.attempt(url, **kw)
            self.stats.bytes += resp.wire
            box = ITEM_BYTES.get()
            if box is not None:
                box[0] += resp.wire
            if resp.not_modified:
                self.stats.not_modified += 1
            if resp.kind == "tls":
                if self.stats.tls_error is None:
                    self.stats.tls_error = f"{h.name}: {resp.error}"
                if self.o.insecure and not h.insecure:
                    h.insecure = True  # evaluate anyway; the TLS finding stays in notes.tls_error
                    self.insecure_hosts.add(h.name)
                    continue
            wait = self._retry_wait(resp, attempt, h)
            if wait is None or attempt >= self.o.retries:
                break
            attempt += 1
            await asyncio.sleep(wait)
        self._account(h, resp)
        return resp

    def _retry_wait(self, resp: Resp, attempt: int, h: HostState) -> float | None:
        backoff = self.o.backoff * (2 ** attempt) * (0.8 + 0.4 * random.random())
        if resp.status is None:
            return backoff if resp.kind in ("timeout", "protocol") else None
        if resp.status in TRANSIENT_STATUS:
            ra = retry_after_seconds(resp.headers.get("retry-after"))
            if ra is not None:
                if ra > self.o.max_retry_after:
                    resp.error = (f"HTTP {resp.status}: Retry-After {ra:.0f}s is above the cap "
                                  f"({self.o.max_retry_after:.0f}s); not retried")
                    return None
                h.next_at = max(h.next_at, asyncio.get_running_loop().time() + ra)  # pause the host
                return ra
            return backoff
        return None

    def _account(self, h: HostState, resp: Resp) -> None:
        bad = (resp.status is None and resp.kind not in ("blocked",)) or (resp.status or 0) >= 500 or resp.status == 429
        if bad:
            h.failures += 1
            h.delay = min(self.o.max_delay, max(h.delay * 2, 1.0))
            if h.failures >= self.o.max_host_failures and not h.dead:
                h.dead = f"{h.failures} consecutive failures, last: {resp.error or f'HTTP {resp.status}'}"
                self.stats.hosts_given_up[h.name] = h.dead
        else:
            h.failures = 0
            if resp.elapsed > self.o.slow_response:
                h.delay = min(self.o.max_delay, max(h.delay * 2, 1.0))
            elif h.delay > h.base_delay:
                h.delay = h.delay * 0.75
                if h.delay < h.base_delay + 0.05:
                    h.delay = h.base_delay

    # -- robots ---------------------------------------------------------------------------------
    def _apply_crawl_delay(self, h: HostState) -> None:
        if h.robots and h.robots.crawl_delay is not None and h.robots.crawl_delay > h.base_delay:
            h.base_delay = h.robots.crawl_delay
            h.delay = max(h.delay, h.base_delay)

    async def robots_for(self, url: str) -> Robots:
        """The host's robots.txt decisions, fetched once per host (robots.py decides)."""
        h = self.host(url)
        if h.robots is not None:
            return h.robots
        async with h.robots_lock:
            if h.robots is not None:
                return h.robots
            if not self.o.respect_robots:
                h.robots = Robots("ignored", "robots.txt not consulted (--ignore-robots)")
            else:
                parts = urlsplit(url)
                token = ITEM_BYTES.set(None)  # whichever item asks first: not that item's bytes
                try:
                    r = await self.get_following(f"{parts.scheme}://{parts.netloc}/robots.txt", max_hops=5,
                                                 cap=ROBOTS_MAX)
                finally:
                    ITEM_BYTES.reset(token)
                if r.status is None and r.kind in ("network", "tls", "blocked"):
                    # no connection at all: the page fetches fail the same way and say why;
                    # a server that answers but not robots.txt (5xx, timeouts) is disallowed
                    h.robots = Robots("unreachable", f"robots.txt not fetched ({r.error})")
                else:
                    h.robots = robots_from_response(r.status, r.body, r.error, self.o.user_agent, self.o.max_crawl_delay)
                self._apply_crawl_delay(h)
            self.robots_cache[h.name] = h.robots
            self.stats.robots_hosts[h.name] = h.robots.summary()
            if site_authority(url) == site_authority(self.start_url) or h.name == urlsplit(self.start_url).netloc.lower():
                self.stats.robots = h.robots.summary()
            return h.robots

    async def get_following(self, url: str, *, max_hops: int, cap: int) -> Resp:
        """GET following redirects (robots.txt, sitemaps: no page bookkeeping)."""
        cur = url
        for _ in range(max_hops + 1):
            r = await self.request(cur, cap=cap, conditional=False)
            loc = r.headers.get("location")
            if r.status in REDIRECTS and loc:
                cur = urljoin(cur, loc)
                continue
            return r
        return Resp(url=url, status=None, error="too many redirects", kind="network")
