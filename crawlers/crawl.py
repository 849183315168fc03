"""The crawler: one portal URL -> a bounded, polite, reproducible :class:`Snapshot`.

``crawl(url, options)`` is synchronous and runs an asyncio crawl on httpx inside. What it does,
in order:

1. robots.txt of the start host (decisions in :mod:`crawlers.robots`), then the start page
   (cross-host redirects are followed for it only; the site is the start host and the host
   the start page ended on, with their ``www.`` twins).
2. ``render=auto``: when the static home page lacks the navigation a browser would show
   (:func:`lacks_navigation`), it is rendered in Chromium and its rendered links are used.
3. Links are queued by priority: navigation/header/footer links and site-map pages first,
   then other links breadth-first, then document HEADs, then URLs only listed in
   sitemap.xml. URLs are normalised and de-duplicated; trap-like URLs (calendars,
   query-string explosions) are skipped (:class:`crawlers.urls.TrapGuard`).
4. Per host: at most ``concurrency`` connections, ``delay`` between requests (robots
   Crawl-delay wins, capped), an adaptive slow-down on slow or failing responses (Retry-After
   pauses the host), and a circuit breaker after ``max_host_failures`` consecutive failures.
5. Per request: connect/read timeouts, a total per-page time limit (slow-drip servers), retries
   with exponential backoff for transient failures only, manual redirects (loops and limits
   detected, every hop checked by the address policy), body caps on the wire *and* after
   decompression (gzip bombs), and conditional requests against ``cache_dir``.
6. Budgets: pages, depth, bytes, portal time. A budget running out ends the crawl with what was
   fetched; it is recorded in ``snapshot.notes["budget"]``.

Facts for the checker go to ``snapshot.notes``: ``robots``, ``tls_error``, ``duration_s``,
``pages_failed``, ``rendered_pages``, ``render``, ``bytes``, ``not_modified``, ``sitemaps``,
``traps_skipped``, ``robots_skipped``, ``budget``, ``hosts_given_up``.
"""

from __future__ import annotations

import asyncio
import contextvars
import email.utils
import functools
import random
import ssl
import sys
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

import httpx

from crawlers.text import fold
from crawlers.analyse import Analyser
from crawlers.options import CrawlOptions
from crawlers.resolve import async_transport, is_blocked
from crawlers.safety import AddressPolicy, allow_start
from crawlers.robots import ROBOTS_MAX, Robots, parse_sitemap, robots_from_response
from crawlers.snapshot import FOOTER, HEADER, NAV, Document, Page, Snapshot
from crawlers.urls import TrapGuard, dedup_key, is_document, is_skipped_resource, normalize

DOC_EXT = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".ppt", ".pptx")  # kept for importers
REDIRECTS = (301, 302, 303, 307, 308)
TRANSIENT_STATUS = (429, 500, 502, 503, 504)
_SITEMAP_WORDS = ("so do", "sitemap", "site map", "ban do site", "so do cong", "so do trang", "so do website")

# priority classes of the frontier
P_NAV, P_LINK, P_DOC, P_SITEMAP = 0, 1, 2, 3


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------
@dataclass
class Resp:
    url: str
    status: int | None
    reason: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    raw_headers: list[tuple[str, str]] = field(default_factory=list)
    req_headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    truncated: bool = False
    elapsed: float = 0.0
    error: str | None = None
    kind: str = ""  # "", "timeout", "network", "tls", "blocked", "decode"
    http_version: str = "HTTP/1.1"
    wire: int = 0
    not_modified: bool = False
    body_read: bool = False


def _tls_problem(exc: BaseException) -> str | None:
    e: BaseException | None = exc
    seen = 0
    while e is not None and seen < 10:
        if isinstance(e, ssl.SSLError):
            return f"{type(e).__name__}: {getattr(e, 'verify_message', '') or e.reason or e}"
        text = str(e)
        if "CERTIFICATE_VERIFY_FAILED" in text or "SSL:" in text or "TLSV1_ALERT" in text or "WRONG_VERSION_NUMBER" in text:
            return text.splitlines()[0][:300]
        e = e.__cause__ or e.__context__
        seen += 1
    return None


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
        dt = dt.replace(tzinfo=timezone.utc)
    return max(0.0, (dt - datetime.now(timezone.utc)).total_seconds())


class _Decompressor:
    """Incremental gzip/deflate with an output cap (a gzip bomb never inflates past it)."""

    def __init__(self, encoding: str):
        enc = encoding.lower().strip()
        self.passthrough = enc in ("", "identity", "none")
        self.supported = self.passthrough or enc in ("gzip", "x-gzip", "deflate")
        self.deflate = enc == "deflate"
        self._d = None if self.passthrough else zlib.decompressobj(47 if not self.deflate else zlib.MAX_WBITS)
        self._first = True

    def feed(self, data: bytes, room: int) -> tuple[bytes, bool]:
        """Decompress ``data`` producing at most ``room`` + 1 bytes; (out, over_cap)."""
        if self.passthrough:
            return data[: room + 1], len(data) > room
        try:
            out = self._d.decompress(data, room + 1)
        except zlib.error:
            if self.deflate and self._first:  # raw deflate without zlib header
                self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                self._first = False
                out = self._d.decompress(data, room + 1)
            else:
                raise
        self._first = False
        return out, len(out) > room or bool(self._d.unconsumed_tail)


class _Host:
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


def lacks_navigation(page: Page, in_scope: Callable[[str], bool]) -> str | None:
    """Why the static HTML of ``page`` probably lacks the navigation a browser would show
    (None when it looks complete). Rendering only helps when the page has scripts."""
    tree = page.tree
    scripts = tree.css("script")
    if not scripts:
        return None
    internal = {l.url for l in page.links if in_scope(l.url)}
    nav = {l.url for l in page.links if in_scope(l.url) and l.region in (NAV, HEADER)}
    if len(internal) < 5:
        return f"only {len(internal)} internal links in the static HTML, and it has scripts"
    empty_menus = 0
    for node in tree.css("nav, [role=navigation], [id*=menu], [class*=menu], [id*=nav], [class*=navbar]"):
        if node.css_first("a[href]") is None:
            empty_menus += 1
    if empty_menus and len(nav) < 5:
        return f"{empty_menus} menu container(s) without links (built by scripts); {len(nav)} navigation links"
    for node in tree.css("noscript"):
        if "javascript" in (node.text() or "").lower() and len(nav) < 5:
            return "the page asks for JavaScript (<noscript>) and has few navigation links"
    root = tree.css_first("#root, #app, #__next, [ng-app], [data-reactroot], app-root")
    if root is not None and len(internal) < 15:
        return "single-page application root with few links"
    return None


def empty_shell(page: Page) -> bool:
    """The static HTML has scripts but next to no content text (content built by scripts)."""
    return bool(page.tree.css_first("script")) and len(page.main_text) < 200


# ---------------------------------------------------------------------------------------------
# the crawler
# ---------------------------------------------------------------------------------------------
class Crawler:
    def __init__(self, url: str, options: CrawlOptions, snapshot: Snapshot | None = None,
                 shared: dict[str, Any] | None = None):
        self.o = options
        self.start_url = url
        self.snap = snapshot or Snapshot(start_url=url, started_at=_now())
        shared = shared or {}
        self.cache = shared.get("cache")
        self.archive = shared.get("archive")
        self.browser_runner = shared.get("browser")
        self.site_hosts: set[str] = set(shared.get("site_hosts") or {_bare(url)})
        self.robots_cache: dict[str, Robots] = shared.get("robots", {})
        self.insecure_hosts: set[str] = shared.get("insecure_hosts", set())
        self.hosts: dict[str, _Host] = {}
        self.policy = AddressPolicy(options)
        self.trap = TrapGuard(options.max_query_variants, options.max_calendar_pages, options.max_url_length)
        self.seen: set[str] = set()
        self.doc_seen: set[str] = set()
        self.raw_seen: set[str] = set()
        self.queue: asyncio.PriorityQueue | None = None
        self.seq = 0
        self.fetched = 0
        self.bytes = 0
        self.not_modified = 0
        self.failed = 0
        self.rendered = 0
        self.robots_skipped = 0
        self.heads = 0
        self.stop_reason: str | None = None
        self.site_needs_render: str | None = None
        self.sitemap_urls: list[str] = []
        self.order: dict[str, tuple] = {}  # url -> (priority, depth, url): stable page order
        self.timeout = httpx.Timeout(options.timeout, connect=options.connect_timeout or min(options.timeout, 10.0),
                                     pool=None)
        self.page_timeout = options.page_timeout or max(3 * options.timeout, options.timeout + 5)
        workers = options.workers or max(2, 2 * options.concurrency)
        self.workers = workers
        self._clients: dict[tuple[bool, int], httpx.AsyncClient] = {}
        # httpcore's pool re-examines every connection (quadratically) whenever a request
        # starts or ends: at high concurrency that is a large share of the crawler's CPU.
        # Fetch tasks are spread over several clients of about four connections each.
        self._shards = max(1, options.concurrency // 4)
        self.analyser = Analyser(options.analysis_workers, options.analysis_after)

    # -- clients -----------------------------------------------------------------------------
    def client(self, insecure: bool) -> httpx.AsyncClient:
        key = (insecure, _SLOT.get() % self._shards)
        c = self._clients.get(key)
        if c is None:
            c = httpx.AsyncClient(
                transport=async_transport(self.o.resolve, verify=not insecure, max_connections=self.workers + 4,
                                          options=self.o),
                headers={"User-Agent": self.o.user_agent, "Accept-Encoding": "gzip, deflate",
                         "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                         "Accept-Language": "vi,en;q=0.5"},
                follow_redirects=False, timeout=self.timeout)
            self._clients[key] = c
        return c

    async def aclose(self) -> None:
        if self.analyser.note:
            self.snap.notes["analysis"] = self.analyser.note
        await self.analyser.close()
        if self.analyser.remote:
            self.snap.notes["analysed_in_worker"] = self.analyser.remote
        if self.analyser.peaks:
            self.snap.notes["analysis_workers_peak_rss_mb"] = self.analyser.peaks
        for c in self._clients.values():
            try:
                await c.aclose()
            except Exception:
                pass
        self._clients.clear()

    def host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = parts.netloc.lower()
        h = self.hosts.get(key)
        if h is None:
            h = self.hosts[key] = _Host(key, self.o.concurrency, self.o.delay)
            h.insecure = key in self.insecure_hosts
            if key in self.robots_cache:
                h.robots = self.robots_cache[key]
                self._apply_crawl_delay(h)
        return h

    def in_scope(self, url: str) -> bool:
        return _bare(url) in self.site_hosts

    # -- one HTTP exchange ---------------------------------------------------------------------
    async def _polite(self, h: _Host) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        start = max(now, h.next_at)
        h.next_at = start + h.delay
        if start > now:
            await asyncio.sleep(start - now)

    async def attempt(self, url: str, *, method: str = "GET", want_body: Callable[[str], bool] | None = None,
                      conditional: bool = True, cap: int | None = None) -> Resp:
        h = self.host(url)
        cap = cap or self.o.max_bytes
        headers: dict[str, str] = {}
        if conditional and self.cache is not None and method == "GET":
            headers.update(self.cache.validators(url))
        async with h.sem:
            await self._polite(h)
            t0 = time.monotonic()  # after the politeness wait: only the exchange is timed
            try:
                async with asyncio.timeout(self.page_timeout):
                    return await self._exchange(url, h, method, headers, want_body, cap, t0)
            except TimeoutError:
                return Resp(url=url, status=None, error=f"page time limit ({self.page_timeout:.0f}s) exceeded",
                            kind="timeout", elapsed=time.monotonic() - t0)

    async def _exchange(self, url: str, h: _Host, method: str, headers: dict[str, str],
                        want_body: Callable[[str], bool] | None, cap: int, t0: float) -> Resp:
        client = self.client(h.insecure)
        try:
            req = client.build_request(method, url, headers=headers)
            r = await client.send(req, stream=True)
        except httpx.HTTPError as exc:
            return self._error_resp(url, exc, t0, h)
        try:
            resp = Resp(url=url, status=r.status_code, reason=r.reason_phrase, headers=_headers(r.headers),
                        raw_headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in r.headers.raw],
                        req_headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in req.headers.raw],
                        http_version=r.http_version)
            resp.wire = 20 + sum(len(k) + len(v) + 4 for k, v in resp.raw_headers)
            if r.status_code == 304 and headers and self.cache is not None:
                cached = self.cache.load(url)
                if cached is not None:
                    meta, body = cached
                    resp.status, resp.reason = meta.get("status", 200), "OK (not modified)"
                    resp.headers = {**meta.get("headers", {}), **{k: v for k, v in resp.headers.items()
                                                                if k in ("date", "etag", "last-modified")}}
                    resp.body, resp.body_read, resp.not_modified = body, True, True
                    resp.elapsed = time.monotonic() - t0
                    return resp
            ctype = resp.headers.get("content-type", "")
            read = method == "GET" and r.status_code not in REDIRECTS and (want_body is None or want_body(ctype))
            if read:
                await self._read_body(r, resp, cap)
            resp.elapsed = time.monotonic() - t0
            return resp
        except httpx.HTTPError as exc:
            return self._error_resp(url, exc, t0, h)
        except zlib.error as exc:
            return Resp(url=url, status=r.status_code, headers=dict(r.headers), error=f"body could not be decompressed: {exc}",
                        kind="decode", elapsed=time.monotonic() - t0)
        finally:
            await r.aclose()

    async def _read_body(self, r: httpx.Response, resp: Resp, cap: int) -> None:
        dec = _Decompressor(resp.headers.get("content-encoding", ""))
        if not dec.supported:
            resp.error = f"unsupported Content-Encoding {resp.headers.get('content-encoding')!r}"
            resp.kind = "decode"
            return
        chunks: list[bytes] = []
        size = 0
        raw = 0
        async for chunk in r.aiter_raw():
            raw += len(chunk)
            out, over = dec.feed(chunk, cap - size)
            chunks.append(out)
            size += len(out)
            if over or size > cap or raw > cap:
                resp.truncated = True
                break
        body = b"".join(chunks)
        if len(body) > cap:
            body = body[:cap]
        resp.body, resp.body_read = body, True
        resp.wire += raw

    def _error_resp(self, url: str, exc: BaseException, t0: float, h: _Host) -> Resp:
        elapsed = time.monotonic() - t0
        if is_blocked(exc):
            msg = str(exc) or "blocked by the address policy"
            return Resp(url=url, status=None, error=msg if msg.startswith("blocked") else f"blocked: {msg}",
                        kind="blocked", elapsed=elapsed)
        tls = _tls_problem(exc)
        if tls:
            return Resp(url=url, status=None, error=f"TLS error: {tls}", kind="tls", elapsed=elapsed)
        if isinstance(exc, httpx.TimeoutException):
            what = {httpx.ConnectTimeout: "connect", httpx.ReadTimeout: "read", httpx.WriteTimeout: "write",
                    httpx.PoolTimeout: "pool"}.get(type(exc), "")
            return Resp(url=url, status=None, error=f"timeout ({what}) after {elapsed:.1f}s", kind="timeout",
                        elapsed=elapsed)
        kind = "network" if isinstance(exc, httpx.ConnectError) else "protocol"
        text = str(exc).splitlines()[0] if str(exc) else ""
        return Resp(url=url, status=None, error=f"{type(exc).__name__}: {text}"[:300], kind=kind, elapsed=elapsed)

    async def request(self, url: str, **kw: Any) -> Resp:
        """An exchange with retries (transient failures only), TLS fallback and host accounting."""
        h = self.host(url)
        loop = asyncio.get_running_loop()
        attempt = 0
        while True:
            resp = await self.attempt(url, **kw)
            self.bytes += resp.wire
            if resp.not_modified:
                self.not_modified += 1
            if resp.kind == "tls":
                self.snap.notes.setdefault("tls_error", f"{h.name}: {resp.error}")
                if self.o.insecure and not h.insecure:
                    h.insecure = True  # evaluate anyway; the TLS finding stays in notes["tls_error"]
                    self.insecure_hosts.add(h.name)
                    continue
            wait = self._retry_wait(resp, attempt, h)
            if wait is None or attempt >= self.o.retries:
                break
            attempt += 1
            await asyncio.sleep(wait)
        self._account(h, resp, loop.time())
        return resp

    def _retry_wait(self, resp: Resp, attempt: int, h: _Host) -> float | None:
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

    def _account(self, h: _Host, resp: Resp, now: float) -> None:
        bad = (resp.status is None and resp.kind not in ("blocked",)) or (resp.status or 0) >= 500 or resp.status == 429
        if bad:
            h.failures += 1
            h.delay = min(self.o.max_delay, max(h.delay * 2, 1.0))
            if h.failures >= self.o.max_host_failures and not h.dead:
                h.dead = f"{h.failures} consecutive failures, last: {resp.error or f'HTTP {resp.status}'}"
                self.snap.notes.setdefault("hosts_given_up", {})[h.name] = h.dead
        else:
            h.failures = 0
            if resp.elapsed > self.o.slow_response:
                h.delay = min(self.o.max_delay, max(h.delay * 2, 1.0))
            elif h.delay > h.base_delay:
                h.delay = h.delay * 0.75
                if h.delay < h.base_delay + 0.05:
                    h.delay = h.base_delay

    # -- robots ---------------------------------------------------------------------------------
    def _apply_crawl_delay(self, h: _Host) -> None:
        if h.robots and h.robots.crawl_delay is not None and h.robots.crawl_delay > h.base_delay:
            h.base_delay = h.robots.crawl_delay
            h.delay = max(h.delay, h.base_delay)

    async def robots_for(self, url: str) -> Robots:
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
                robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
                r = await self._get_following(robots_url, max_hops=5, cap=ROBOTS_MAX)
                if r.status is None and r.kind in ("network", "tls", "blocked"):
                    # no connection at all: the page fetches fail the same way and say why;
                    # a server that answers but not robots.txt (5xx, timeouts) is disallowed
                    h.robots = Robots("unreachable", f"robots.txt not fetched ({r.error})")
                else:
                    h.robots = robots_from_response(r.status, r.body, r.error, self.o.user_agent, self.o.max_crawl_delay)
                self._apply_crawl_delay(h)
            self.robots_cache[h.name] = h.robots
            self.snap.notes.setdefault("robots_hosts", {})[h.name] = h.robots.summary()
            if _bare(url) == _bare(self.start_url) or h.name == urlsplit(self.start_url).netloc.lower():
                self.snap.notes["robots"] = h.robots.summary()
            return h.robots

    async def _get_following(self, url: str, *, max_hops: int, cap: int) -> Resp:
        cur = url
        for _ in range(max_hops + 1):
            r = await self.request(cur, cap=cap, conditional=False)
            loc = r.headers.get("location")
            if r.status in REDIRECTS and loc:
                cur = urljoin(cur, loc)
                continue
            return r
        return Resp(url=url, status=None, error="too many redirects", kind="network")

    # -- one page ---------------------------------------------------------------------------------
    async def fetch_page(self, url: str, depth: int, *, start: bool = False) -> tuple[Page, str | None]:
        """Fetch ``url`` following redirects; returns (page, archive record id of the body)."""
        chain = [url]
        cur = url
        resp: Resp | None = None
        for _hop in range(self.o.max_redirects + 1):
            robots = await self.robots_for(cur)
            if not robots.allowed(cur, self.o.user_agent):
                self.robots_skipped += 1
                why = "robots.txt unavailable: host treated as disallowed" if robots.disallow_all else "disallowed by robots.txt"
                return Page(url=url, status=None, final_url=cur, error=f"{why} (use --ignore-robots with the owner's consent)",
                            fetched_at=_now(), depth=depth), None
            if self.host(cur).dead:
                return Page(url=url, status=None, final_url=cur, error=f"host given up: {self.host(cur).dead}",
                            fetched_at=_now(), depth=depth), None
            resp = await self.request(cur, want_body=_wants_body)
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
                    why = await asyncio.to_thread(self.policy.url_reason, nxt)
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
                    error=error or r.error, fetched_at=_now(), elapsed=r.elapsed, depth=depth,
                    size=len(r.body), truncated=r.truncated)
        if r.body_read and _is_htmlish(page.content_type) and not _looks_binary(r.body):
            page.adopt(await self.analyser(r.body, page.content_type, page.url, page.final_url))
        elif r.body_read and _looks_binary(r.body) and r.status is not None and not page.content_type:
            page.content_type = "application/octet-stream"
        if r.truncated and not page.error:
            page.error = None  # truncation is a fact (page.truncated), the page is still evaluated
        if r.body_read and self.cache is not None and r.status == 200 and not r.not_modified and not r.truncated:
            self.cache.store(r.url, r.status, r.headers, r.body, r.url)
        return page

    def _archive(self, r: Resp) -> str | None:
        if self.archive is None or r.status is None:
            return None
        try:
            return self.archive.exchange(r.url, r.req_headers, r.status, r.reason, r.raw_headers or list(r.headers.items()),
                                         r.body, r.http_version, truncated=r.truncated)
        except Exception as exc:  # evidence is best effort; the crawl goes on
            self.snap.notes["archive_error"] = f"{type(exc).__name__}: {exc}"
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
                self.snap.notes["archive_error"] = f"{type(exc).__name__}: {exc}"
        if self.o.progress is not None:
            try:
                self.o.progress("page", {"url": page.url, "pages": len(self.snap.pages), "errors": self.failed,
                                         "portal": self.start_url, "status": page.status})
            except Exception:
                pass

    # -- documents ----------------------------------------------------------------------------------
    def record_document(self, url: str, text: str, found_on: str) -> Document | None:
        key = dedup_key(url)
        if key in self.doc_seen or len(self.snap.documents) >= self.o.max_documents:
            return None
        self.doc_seen.add(key)
        doc = Document(url=url, link_text=text, found_on=found_on, content_type=_type_from_ext(url))
        self.snap.documents.append(doc)
        return doc

    async def head_document(self, doc: Document) -> None:
        robots = await self.robots_for(doc.url)
        if not robots.allowed(doc.url, self.o.user_agent) or self.host(doc.url).dead:
            return
        r = await self.request(doc.url, method="HEAD", conditional=False)
        if r.status == 405 or r.status == 501:  # no HEAD: GET the headers only, body not read
            r = await self.request(doc.url, want_body=lambda ct: False, conditional=False)
        hops = 0
        while r.status in REDIRECTS and r.headers.get("location") and hops < 5:
            nxt = normalize(urljoin(r.url, r.headers["location"]))
            r = await self.request(nxt, method="HEAD", conditional=False)
            hops += 1
        doc.status = r.status
        if r.status is not None:
            doc.content_type = r.headers.get("content-type", doc.content_type).split(";")[0].strip() or doc.content_type
            cl = r.headers.get("content-length")
            if cl and cl.isdigit():
                doc.size = int(cl)

    # -- links ----------------------------------------------------------------------------------------
    def enqueue_links(self, page: Page, depth: int) -> None:
        if self.queue is None:
            return
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
                    self._put(P_DOC, depth + 1, url, doc)
                continue
            if depth + 1 > self.o.max_depth:
                continue
            key = dedup_key(url)
            if key in self.seen:
                continue
            if not self.trap.allow(url):
                self.seen.add(key)
                continue
            self.seen.add(key)
            label = fold(link.label) if link.label else ""
            nav = link.region in (NAV, HEADER, FOOTER) or any(w in label for w in _SITEMAP_WORDS) or \
                "sitemap" in url.lower() or "so-do" in url.lower()
            self._put(P_NAV if nav else P_LINK, depth + 1, url, None)

    def _put(self, prio: int, depth: int, url: str, doc: Document | None) -> None:
        self.seq += 1
        if doc is None:
            self.order.setdefault(url, (prio, depth, url))
        # A re-scan takes the pages an earlier scan stored first (within the same priority and
        # depth): the same sample month after month, so verdicts compare and unchanged pages
        # cost a 304, even where the budget cuts a large portal short.
        known = 0 if self.cache is not None and doc is None and self.cache.has(url) else 1
        self.queue.put_nowait((prio, depth, known, self.seq, url, doc))

    # -- sitemaps ---------------------------------------------------------------------------------------
    async def read_sitemaps(self, base: str) -> None:
        robots = await self.robots_for(base)
        parts = urlsplit(base)
        candidates = list(robots.sitemaps) or [f"{parts.scheme}://{parts.netloc}/sitemap.xml"]
        todo = [(u, 0) for u in candidates[:5]]
        fetched = 0
        found: list[str] = []
        while todo and fetched < 10 and len(found) < self.o.max_sitemap_urls:
            sm, level = todo.pop(0)
            if not self.in_scope(sm) or not robots.allowed(sm, self.o.user_agent):
                continue
            fetched += 1
            r = await self._get_following(sm, max_hops=3, cap=min(self.o.max_bytes * 4, 50_000_000))
            if r.status != 200 or not r.body:
                continue
            self.sitemap_urls.append(sm)
            pages, nested = parse_sitemap(r.body)
            found.extend(pages[: self.o.max_sitemap_urls - len(found)])
            if level < 2:
                todo.extend((u, level + 1) for u in nested[:20])
        if self.sitemap_urls:
            self.snap.notes["sitemaps"] = self.sitemap_urls
            self.snap.notes["sitemap_urls"] = len(found)
        for u in found:
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
            self._put(P_SITEMAP, 1, u, None)

    # -- rendering ---------------------------------------------------------------------------------------
    def _render_budget(self) -> int:
        if self.o.render == "never":
            return 0
        return self.o.max_pages if self.o.render == "always" else self.o.max_rendered

    async def maybe_render(self, page: Page) -> Page:
        if self.o.render == "never" or not page.ok or self.rendered >= self._render_budget():
            return page
        if self.o.render == "auto":
            if page.depth == 0:
                why = lacks_navigation(page, self.in_scope)
                if why is None:
                    return page
                self.site_needs_render = why
                self.snap.notes.setdefault("render", {"mode": self.o.render})["reason"] = why
            else:
                # the menu is the same on every page: rendering the home page found it; another
                # page is rendered only when its own content is an empty shell filled by scripts
                if not self.site_needs_render or not empty_shell(page):
                    return page
        runner = self.browser_runner
        if runner is None:
            runner = self.browser_runner = BrowserRunner(self.o)
        self.rendered += 1
        rp = await runner.render(page.final_url)
        info = self.snap.notes.setdefault("render", {"mode": self.o.render})
        if rp.error:
            info["available"] = runner.available_flag
            info["error"] = rp.error
            self.snap.errors.append(f"render {page.url}: {rp.error}")
            return page
        info["available"] = True
        rp.url = page.url
        rp.status = page.status if rp.status is None else rp.status
        rp.headers = page.headers or rp.headers
        rp.encoding, rp.declared_encoding, rp.legacy_encoding = page.encoding, page.declared_encoding, page.legacy_encoding
        rp.depth, rp.size, rp.truncated = page.depth, page.size, page.truncated
        rp.fetched_at = page.fetched_at
        if self.archive is not None:
            try:
                self.archive.page(rp, self.archive.rendered(rp))
            except Exception:
                pass
        self.snap.notes["rendered_pages"] = self.snap.notes.get("rendered_pages", 0) + 1
        return rp

    # -- the crawl -----------------------------------------------------------------------------------------
    async def run(self) -> None:
        self.queue = asyncio.PriorityQueue()
        start = normalize(self.start_url)
        self.seen.add(dedup_key(start))
        home, rid = await self.fetch_page(self.start_url, 0, start=True)
        self.fetched += 1
        if home.final_url:
            self.site_hosts.add(_bare(home.final_url))
        if home.ok:
            home = await self.maybe_render(home)
        self.add_page(home, rid)
        if not home.ok:
            return
        self.enqueue_links(home, 0)
        self._drop_tree(home)
        if self.o.sitemaps:
            try:
                await self.read_sitemaps(home.final_url)
            except Exception as exc:  # a broken sitemap never stops the crawl
                self.snap.errors.append(f"sitemap: {type(exc).__name__}: {exc}")
        workers = [asyncio.create_task(self.worker(i)) for i in range(self.workers)]
        try:
            await self.queue.join()
        finally:
            for w in workers:
                w.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def worker(self, slot: int = 0) -> None:
        assert self.queue is not None
        _SLOT.set(slot)  # this task's HTTP client (see ``client``)
        while True:
            prio, depth, _known, _seq, url, doc = await self.queue.get()
            try:
                if self.stop_reason:
                    continue
                if doc is not None:
                    await self.head_document(doc)
                    continue
                if self.fetched >= self.o.max_pages:
                    self.stop_reason = self.stop_reason or "pages"
                    continue
                if self.bytes >= self.o.max_total_bytes:
                    self.stop_reason = "bytes"
                    continue
                self.fetched += 1
                page, rid = await self.fetch_page(url, depth)
                if page.error and page.error.startswith(("disallowed by robots", "robots.txt unavailable")):
                    self.fetched -= 1  # not fetched: does not use the page budget
                    self._note_skip(page)
                    continue
                if page.error and page.error.startswith("host given up"):
                    self.fetched -= 1
                    continue
                if page.ok and self.in_scope(page.final_url):
                    page = await self.maybe_render(page)
                self.add_page(page, rid)
                if page.status is not None and not page.is_html and page.status < 400:
                    self.record_document(page.final_url, "", page.url)
                if page.ok and self.in_scope(page.final_url) and depth < self.o.max_depth:
                    self.enqueue_links(page, depth)
                self._drop_tree(page)
            except asyncio.TimeoutError:
                pass
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a bug on one page must not stop the scan
                self.snap.errors.append(f"{url}: crawler error {type(exc).__name__}: {exc}")
            finally:
                self.queue.task_done()

    def _note_skip(self, page: Page) -> None:
        ex = self.snap.notes.setdefault("robots_skipped_examples", [])
        if len(ex) < 5:
            ex.append(page.url)

    @staticmethod
    def _drop_tree(page: Page) -> None:
        # the parse tree is by far the largest object; links/texts stay cached, the checker
        # reparses on demand (about 1 ms a page)
        page.__dict__.pop("tree", None)

    def stable_order(self) -> None:
        """Re-order snapshot.pages by (priority class, depth, URL), home first, so that the
        order checks see does not depend on which response happened to arrive first."""
        pages = self.snap.pages
        home = pages.get(self.start_url)
        rest = sorted((p for u, p in pages.items() if u != self.start_url),
                      key=lambda p: self.order.get(p.url, (9, p.depth, p.url)))
        pages.clear()
        if home is not None:
            pages[self.start_url] = home
        for p in rest:
            pages[p.url] = p
        self.snap.__dict__.pop("_by_final", None)

    def finish_notes(self, t0: float) -> None:
        n = self.snap.notes
        n["duration_s"] = round(time.monotonic() - t0, 2)
        n["pages_failed"] = self.failed
        n["bytes"] = self.bytes
        n.setdefault("rendered_pages", 0)
        if self.not_modified:
            n["not_modified"] = self.not_modified
        if self.trap.skipped:
            n["traps_skipped"] = self.trap.skipped
            n["trap_examples"] = self.trap.examples
        if self.robots_skipped:
            n["robots_skipped"] = self.robots_skipped
        if self.stop_reason:
            n["budget"] = self.stop_reason
        n["documents"] = len(self.snap.documents)
        if self.o.render == "never":
            n.setdefault("render", {"mode": "never"})
        else:
            n.setdefault("render", {"mode": self.o.render, "reason": None})


# Response headers whose values repeat from page to page: held once (10,000 pages keep
# 10,000 header dicts).
_SHARED_VALUES = frozenset(("content-type", "server", "cache-control", "vary", "connection", "x-powered-by",
                            "content-encoding", "transfer-encoding", "accept-ranges", "x-aspnet-version",
                            "x-frame-options", "x-content-type-options", "strict-transport-security", "pragma",
                            "content-language", "keep-alive", "expires"))


def _headers(h: httpx.Headers) -> dict[str, str]:
    return {sys.intern(k): (sys.intern(v) if k in _SHARED_VALUES and len(v) < 200 else v) for k, v in h.items()}


_SLOT: contextvars.ContextVar[int] = contextvars.ContextVar("d43_client_slot", default=0)


def _bare(url: str) -> str:
    """``host[:port]`` of a URL, lower-case, without ``www.`` (which site a link belongs to).
    Called for every link of every page: the authority is cut out with string operations
    and parsed once per distinct value."""
    _, sep, rest = url.partition("//")
    if not sep:
        return ""
    end = len(rest)
    for ch in "/?#":
        i = rest.find(ch)
        if 0 <= i < end:
            end = i
    return _bare_authority(rest[:end])


@functools.lru_cache(maxsize=4096)
def _bare_authority(authority: str) -> str:
    parts = urlsplit("//" + authority)
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port and port not in (80, 443) else host


def _wants_body(ctype: str) -> bool:
    return _is_htmlish(ctype)


def _is_htmlish(ctype: str) -> bool:
    ct = ctype.lower().split(";")[0].strip()
    if ct.startswith(("image/", "audio/", "video/", "font/")):
        return False  # image/svg+xml is XML, but not a page
    return not ct or "html" in ct or "xml" in ct or ct.startswith("text/")


def _looks_binary(body: bytes) -> bool:
    head = body[:8]
    return head.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"Rar!", b"\x89PNG", b"GIF8", b"\xff\xd8\xff"))


def _type_from_ext(url: str) -> str:
    ext = urlsplit(url).path.lower().rsplit(".", 1)[-1]
    return {"pdf": "application/pdf", "doc": "application/msword", "xls": "application/vnd.ms-excel",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "zip": "application/zip", "rar": "application/vnd.rar"}.get(ext, "")


# ---------------------------------------------------------------------------------------------
# the browser, on its own thread (sync Playwright cannot run inside the crawl's event loop)
# ---------------------------------------------------------------------------------------------
class BrowserRunner:
    """One BrowserSession for a whole crawl, driven from a dedicated thread."""

    def __init__(self, options: CrawlOptions):
        self.options = options
        self._exec = ThreadPoolExecutor(max_workers=1, thread_name_prefix="d43-browser")
        self._session = None
        self.available_flag: bool | None = None

    def _render_sync(self, url: str) -> Page:
        from crawlers.browser import BrowserSession

        if self._session is None:
            self._session = BrowserSession(self.options)
        if not self._session.available:
            self.available_flag = False
            return Page(url=url, status=None, error=f"no browser: {self._session.reason}", rendered=True)
        self.available_flag = True
        return self._session.render(url, wait_ms=self.options.browser_wait_ms)

    async def render(self, url: str) -> Page:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._exec, self._render_sync, url)

    def render_blocking(self, url: str) -> Page:
        return self._exec.submit(self._render_sync, url).result()

    @property
    def session(self):
        """The started :class:`crawlers.browser.BrowserSession`, or None. Playwright's sync
        objects belong to the thread that started them: use them only inside :meth:`call`."""
        return self._session

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` on the browser's thread and return its result, so that the
        evaluation's accessibility checks drive the crawl's Chromium instead of starting a
        second one. Re-entrant: from the browser's thread itself it runs directly."""
        if threading.current_thread().name.startswith("d43-browser"):
            return fn(*args)
        return self._exec.submit(fn, *args).result()

    def close(self) -> None:
        def _close() -> None:
            if self._session is not None:
                self._session.close()
                self._session = None

        try:
            self._exec.submit(_close).result(timeout=30)
        except Exception:
            pass
        self._exec.shutdown(wait=False)


# ---------------------------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------------------------
def _run_coro(factory: Callable[[], Any]) -> Any:
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
    snap = Snapshot(start_url=url, started_at=_now())
    shared: dict[str, Any] = {"robots": {}, "insecure_hosts": set(), "site_hosts": {_bare(url)}}
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
        except asyncio.TimeoutError:
            crawler.stop_reason = "time"
            snap.errors.append(f"portal time budget ({options.portal_timeout:.0f}s) exhausted; "
                               f"{len(snap.pages)} pages fetched")
        finally:
            await crawler.aclose()

    try:
        _run_coro(main)
    except Exception as exc:  # defensive: report, never crash the scan
        snap.errors.append(f"crawler failed: {type(exc).__name__}: {exc}")
        snap.notes["crawler_error"] = f"{type(exc).__name__}: {exc}"
    shared["site_hosts"] = crawler.site_hosts
    shared["browser"] = crawler.browser_runner
    snap.browser_runner = crawler.browser_runner  # type: ignore[attr-defined]  (the pipeline shares it)
    crawler.stable_order()
    crawler.finish_notes(t0)
    snap.finished_at = _now()
    if shared.get("archive") is not None:
        shared["archive"].snapshot(snap)
        shared["archive"]._fh.flush()
    on_demand = OnDemandFetcher(url, options, snap, shared)
    snap.fetcher = on_demand
    snap.close = on_demand.close  # type: ignore[attr-defined]  (pipeline calls it if present)
    if options.progress is not None:
        try:
            options.progress("done", {"url": url, "pages": len(snap.pages), "errors": crawler.failed, "portal": url})
        except Exception:
            pass
    return snap


class OnDemandFetcher:
    """``Snapshot.fetcher``: fetch one more URL after the crawl, under the same rules (address
    policy, robots.txt, size caps, timeouts, politeness delay, archive), within
    ``max_on_demand`` fetches."""

    def __init__(self, url: str, options: CrawlOptions, snap: Snapshot, shared: dict[str, Any]):
        self.url = url
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
                            fetched_at=_now(), depth=99)
            self.count += 1
            wait = self._last + self.options.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                page = _run_coro(lambda: self._fetch(target))
            except Exception as exc:
                page = Page(url=target, status=None, error=f"fetch failed: {type(exc).__name__}: {exc}", fetched_at=_now(),
                            depth=99)
            self._last = time.monotonic()
            self.snap.notes["on_demand"] = self.count
            return page

    async def _fetch(self, target: str) -> Page:
        c = Crawler(self.url, self.options, Snapshot(start_url=self.url), self.shared)
        try:
            try:
                page, rid = await asyncio.wait_for(c.fetch_page(target, 99, start=not c.in_scope(target)),
                                                   c.page_timeout)
            except asyncio.TimeoutError:
                page, rid = Page(url=target, status=None, error=f"page time limit ({c.page_timeout:.0f}s) exceeded",
                                 fetched_at=_now(), depth=99), None
            if page.error:
                self.snap.errors.append(f"{target}: {page.error}")
            if self.shared.get("archive") is not None:
                self.shared["archive"].page(page, rid)
            self.snap.notes["bytes"] = int(self.snap.notes.get("bytes", 0)) + c.bytes
            return page
        finally:
            await c.aclose()

    def close(self) -> None:
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
