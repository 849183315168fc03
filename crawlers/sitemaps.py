"""sitemap.xml discovery: which sitemap files to read, and the page URLs they list.

Why this is its own module: sitemaps are a second source of URLs with their own bounds
(at most 10 files, two levels of sitemap indexes, ``max_sitemap_urls`` URLs); the crawler
decides what to do with the URLs (crawlers/crawl.py queues them after the linked pages).
Parsing is in :func:`crawlers.robots.parse_sitemap`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawlers.options import CrawlOptions
from crawlers.polite import Requester
from crawlers.robots import parse_sitemap
from crawlers.scope import PortalScope

MAX_FILES = 10  # sitemap files fetched per portal
MAX_NESTED = 20  # sitemaps followed per sitemap index
MAX_LEVEL = 2  # sitemap index -> sitemap index -> sitemap


@dataclass
class Sitemaps:
    files: list[str] = field(default_factory=list)  # sitemap files that answered 200
    urls: list[str] = field(default_factory=list)  # page URLs they list, in file order


async def read_sitemaps(req: Requester, base: str, on_site: Callable[[str], bool],
                        options: CrawlOptions, scope: PortalScope | None = None) -> Sitemaps:
    """The sitemaps named in robots.txt (or ``/sitemap.xml``) of ``base``'s host, read in a
    fixed order (so the URLs come out the same on every scan). ``on_site`` says which
    sitemap files may be read (the site's host); which listed URLs are the portal's is the
    caller's decision. A component site (``scope``) also tries ``<prefix>sitemap.xml``
    first: robots.txt and ``/sitemap.xml`` are the host's, and list the host's other pages."""
    robots = await req.robots_for(base)
    parts = urlsplit(base)
    root = f"{parts.scheme}://{parts.netloc}"
    candidates = list(robots.sitemaps) or [f"{root}/sitemap.xml"]
    if scope is not None and scope.component:
        candidates = [f"{root}{scope.prefix}sitemap.xml"] + [c for c in candidates if c != f"{root}{scope.prefix}sitemap.xml"]
    todo = [(u, 0) for u in candidates[:5]]
    fetched = 0
    out = Sitemaps()
    while todo and fetched < MAX_FILES and len(out.urls) < options.max_sitemap_urls:
        sm, level = todo.pop(0)
        if not on_site(sm) or not robots.allowed(sm, options.user_agent):
            continue
        fetched += 1
        r = await req.get_following(sm, max_hops=3, cap=min(options.max_bytes * 4, 50_000_000))
        if r.status != 200 or not r.body:
            continue
        out.files.append(sm)
        pages, nested = parse_sitemap(r.body)
        out.urls.extend(pages[: options.max_sitemap_urls - len(out.urls)])
        if level < MAX_LEVEL:
            todo.extend((u, level + 1) for u in nested[:MAX_NESTED])
    return out
