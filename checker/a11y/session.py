"""The browser used during evaluation, and which pages the accessibility checks look at."""

from __future__ import annotations

import atexit
from typing import Any
from urllib.parse import urlsplit

from checker.registry import Context
from crawlers.snapshot import FOOTER, HEADER, NAV, Page

_CACHE_KEY = "a11y.browser"


def get_browser(ctx: Context) -> Any | None:
    """The scan's :class:`crawlers.browser.BrowserSession`, or None when rendering is off.

    1. ``ctx.settings["browser"]`` when the pipeline put one there (it also closes it);
       an explicit ``None`` there means "no browser".
    2. Otherwise, unless ``ctx.settings["crawl_options"].render == "never"``, ONE session is
       created lazily with the crawl options (``--resolve`` entries, ``insecure``), stored in
       ``ctx.settings["browser"]`` so other rules reuse it, and registered for closing in
       ``ctx.settings["closers"]`` (and at interpreter exit, as a safety net).

    The caller still checks ``.available``: a session whose Chromium cannot start says why
    in ``.reason``.
    """
    if "browser" in ctx.settings:
        return ctx.settings["browser"]
    if _CACHE_KEY in ctx.cache:
        return ctx.cache[_CACHE_KEY]
    options = ctx.settings.get("crawl_options")
    if options is not None and getattr(options, "render", "auto") == "never":
        ctx.cache[_CACHE_KEY] = None
        return None
    from crawlers.browser import BrowserSession
    from crawlers.options import CrawlOptions

    if options is None:
        options = CrawlOptions(resolve=list(ctx.settings.get("resolve") or []),
                               insecure=bool(ctx.settings.get("insecure", False)))
    session = BrowserSession(options)
    ctx.settings["browser"] = session
    ctx.cache[_CACHE_KEY] = session
    ctx.settings.setdefault("closers", []).append(session.close)
    atexit.register(session.close)
    return session


def in_browser_thread(ctx: Context, fn, *args: Any) -> Any:
    """Run ``fn(*args)`` where the browser's Playwright objects live: on the crawl's browser
    thread when the evaluation shares the crawl's Chromium (``settings["browser_thread"]``),
    else right here."""
    runner = ctx.settings.get("browser_thread")
    return runner.call(fn, *args) if runner is not None else fn(*args)


def browser_unavailable_reason(ctx: Context, session: Any | None) -> str:
    if session is None:
        options = ctx.settings.get("crawl_options")
        if options is not None and getattr(options, "render", "") == "never":
            return "rendering is off (--render never)"
        return "no browser in this evaluation"
    return getattr(session, "reason", "") or "browser not available"


def sample_pages(ctx: Context, count: int) -> list[Page]:
    """The home page and up to ``count - 1`` section pages: pages linked from the home page's
    navigation (one per first path segment, so different sections, not ten news items), then
    other fetched HTML pages. Probe pages (search results) are left out."""
    snap = ctx.snapshot
    pages = [p for p in snap.html_pages() if not p.probe]
    if not pages or count <= 0:
        return []
    home = snap.home if snap.home is not None and snap.home.ok else pages[0]
    chosen: list[Page] = [home]
    seen_urls = {home.url, home.final_url}
    seen_sections = {_section(home.final_url)}

    def take(p: Page | None, distinct: bool) -> None:
        if p is None or not p.ok or p.probe or len(chosen) >= count:
            return
        if p.url in seen_urls or p.final_url in seen_urls:
            return
        sec = _section(p.final_url)
        if distinct and sec in seen_sections:
            return
        chosen.append(p)
        seen_urls.update((p.url, p.final_url))
        seen_sections.add(sec)

    nav_links = [l for l in home.links if l.region in (NAV, HEADER, FOOTER) and snap.is_internal(l.url)]
    for link in nav_links:
        take(snap.get(link.url, fetch=False), distinct=True)
    for p in pages:
        take(p, distinct=True)
    for p in pages:
        take(p, distinct=False)
    return chosen[:count]


def _section(url: str) -> str:
    parts = [s for s in urlsplit(url).path.split("/") if s]
    return parts[0].lower() if parts else ""
