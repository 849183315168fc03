"""Interim bounded crawler (breadth-first, navigation links first).

NOTE: a minimal crawler so that ``d43 check`` works end to end; the full polite, robust
crawler of issue 3 replaces this module and keeps ``crawl(url, options) -> Snapshot``.
"""

from __future__ import annotations

import time
from collections import deque
from datetime import datetime, timezone
from urllib.parse import urldefrag, urlsplit

import httpx

from crawlers.decode import decode_html
from crawlers.options import CrawlOptions
from crawlers.resolve import transport
from crawlers.snapshot import FOOTER, HEADER, NAV, Document, Page, Snapshot

DOC_EXT = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".ppt", ".pptx")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def fetch(client: httpx.Client, url: str, options: CrawlOptions, depth: int = 0) -> Page:
    t0 = time.monotonic()
    try:
        with client.stream("GET", url) as r:
            body = b""
            for chunk in r.iter_bytes():
                body += chunk
                if len(body) > options.max_bytes:
                    break
            ctype = r.headers.get("content-type", "")
            page = Page(url=url, status=r.status_code, final_url=str(r.url), headers=dict(r.headers),
                        content_type=ctype, fetched_at=_now(), elapsed=time.monotonic() - t0, depth=depth,
                        size=len(body), truncated=len(body) > options.max_bytes)
            if "html" in ctype.lower() or not ctype:
                d = decode_html(body[: options.max_bytes], ctype)
                page.text, page.encoding, page.declared_encoding, page.legacy_encoding = d.text, d.encoding, d.declared, d.legacy
            return page
    except httpx.HTTPError as exc:
        return Page(url=url, status=None, error=f"{type(exc).__name__}: {exc}", fetched_at=_now(),
                    elapsed=time.monotonic() - t0, depth=depth)


def crawl(url: str, options: CrawlOptions | None = None) -> Snapshot:
    options = options or CrawlOptions()
    client = httpx.Client(transport=transport(options.resolve, verify=not options.insecure),
                          headers={"User-Agent": options.user_agent}, follow_redirects=True,
                          timeout=options.timeout, max_redirects=10)
    snap = Snapshot(start_url=url, started_at=_now())
    start_host = (urlsplit(url).hostname or "").lower()
    seen = {url}
    queue: deque[tuple[int, str]] = deque([(0, url)])
    deadline = time.monotonic() + options.portal_timeout
    while queue and len([p for p in snap.pages.values()]) < options.max_pages and time.monotonic() < deadline:
        depth, u = queue.popleft()
        page = fetch(client, u, options, depth)
        snap.add(page)
        if page.error:
            snap.errors.append(f"{u}: {page.error}")
        if not page.ok or depth >= options.max_depth:
            continue
        links = sorted(page.links, key=lambda l: 0 if l.region in (NAV, HEADER, FOOTER) else 1)
        for link in links:
            target = urldefrag(link.url)[0]
            host = (urlsplit(target).hostname or "").lower()
            if host.removeprefix("www.") != start_host.removeprefix("www.") or target in seen:
                continue
            seen.add(target)
            if urlsplit(target).path.lower().endswith(DOC_EXT):
                snap.documents.append(Document(url=target, link_text=link.label, found_on=page.url))
                continue
            queue.append((depth + 1, target))
    client.close()
    snap.finished_at = _now()

    def fetch_on_demand(target: str) -> Page | None:
        with httpx.Client(transport=transport(options.resolve, verify=not options.insecure),
                          headers={"User-Agent": options.user_agent}, follow_redirects=True,
                          timeout=options.timeout) as c:
            return fetch(c, target, options, depth=99)

    snap.fetcher = fetch_on_demand
    return snap
