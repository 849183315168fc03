"""Crawl options shared by every fetcher (HTTP crawler, browser, rule fixtures)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class CrawlOptions:
    max_pages: int = 300
    max_depth: int = 6
    max_bytes: int = 5_000_000  # per body, after decompression (and on the wire)
    timeout: float = 20.0  # per request: connect/read/write
    portal_timeout: float = 900.0  # whole portal
    resolve: list[str] = field(default_factory=list)  # curl form HOST:PORT:ADDR
    render: str = "auto"  # auto | always | never
    allow_private: bool = False  # allow private targets (loopback only for `allow` authorities); crawlers/safety.py
    allow: list[str] = field(default_factory=list)  # operator-named "host:port" authorities (the crawl adds its start URL)
    insecure: bool = False  # do not verify TLS (the TLS problem is still reported)
    respect_robots: bool = True
    # the tool and what it does, for the portals' logs; no regime: one tool checks under several
    user_agent: str = "d43/0.1 (compliance checker for Vietnamese government web portals)"
    concurrency: int = 2  # per host
    delay: float = 0.5  # seconds between requests to one host (robots Crawl-delay wins if larger)
    archive: str | None = None  # WARC file to write
    progress: Callable[[str, dict], None] | None = None  # called with (event, info)
    # -- added by the crawler (issue 3) ----------------------------------------------------
    connect_timeout: float | None = None  # default: min(timeout, 10)
    page_timeout: float | None = None  # whole fetch of one URL incl. retries/redirects; default 3 x timeout
    max_total_bytes: int = 200_000_000  # per portal, bytes received
    retries: int = 2  # extra attempts for transient failures (timeouts, 429/5xx, dropped connections)
    backoff: float = 1.0  # first retry waits this long, then doubles (with jitter)
    max_retry_after: float = 30.0  # Retry-After above this: give up instead of waiting
    max_crawl_delay: float = 10.0  # robots.txt Crawl-delay is honoured up to this
    max_delay: float = 30.0  # adaptive slow-down never waits longer than this between requests
    slow_response: float = 5.0  # a response slower than this slows the host down
    max_host_failures: int = 6  # consecutive failures after which a host is given up for this scan
    max_redirects: int = 10
    max_query_variants: int = 40  # distinct query strings per path (pagination, filters)
    max_calendar_pages: int = 12  # URLs per calendar-like pattern (date parameters or /YYYY/MM/ paths)
    max_url_length: int = 400
    max_documents: int = 500  # documents recorded (PDF, DOC …) per portal
    head_documents: bool = True  # HEAD a document link to learn its type and size
    sitemaps: bool = True  # read robots.txt Sitemap: lines and /sitemap.xml
    max_sitemap_urls: int = 5000
    max_rendered: int = 20  # pages rendered in a browser per portal (render=auto; "always": max_pages)
    cache_dir: str | None = None  # conditional requests: ETag/Last-Modified + bodies across scans
    max_on_demand: int = 200  # Snapshot.fetcher budget (fetches made by checks after the crawl)
    workers: int | None = None  # concurrent fetches in total; default 2 x concurrency
    browser_wait_ms: int = 500  # after "load", let scripts build menus
    analysis_workers: int | None = None  # processes that decode/parse pages; default 2 on 2+ cores, 0 = inline
    analysis_after: int = 300  # pages analysed inline before the worker starts (small portals never pay for it)
    from_archive: str | None = None  # replay this WARC (crawlers/archive.py) instead of fetching
    scope: str = "host"  # "host": the portal is its host; "prefix": a component site under the start URL's folder (crawlers/scope.py)


def parse_resolve(entries: list[str]) -> dict[tuple[str, int], str]:
    """``["host:443:1.2.3.4"]`` -> ``{("host", 443): "1.2.3.4"}``; raises ValueError on bad input."""
    out: dict[tuple[str, int], str] = {}
    for entry in entries:
        parts = entry.split(":", 2)
        if len(parts) != 3 or not parts[0] or not parts[1].isdigit() or not parts[2]:
            raise ValueError(f"--resolve wants HOST:PORT:ADDR, got {entry!r}")
        addr = parts[2].strip("[]")
        out[(parts[0].lower(), int(parts[1]))] = addr
    return out
