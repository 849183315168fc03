"""Browser rendering during the crawl: when a page needs it, and the browser's own thread.

Why this is its own module: deciding that static HTML lacks what a browser would show
(:func:`lacks_navigation`, :func:`empty_shell`) and driving Chromium from an asyncio crawl
(:class:`BrowserRunner`: sync Playwright lives on one dedicated thread) are independent of
fetching. :class:`Renderer` is called in frontier order (crawlers/frontier.py), so which
pages use the rendering budget does not depend on response timing.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from crawlers.options import CrawlOptions
from crawlers.snapshot import HEADER, NAV, Page, Snapshot
from crawlers.stats import RenderInfo


def lacks_navigation(page: Page, in_scope: Callable[[str], bool]) -> str | None:
    """Why the static HTML of ``page`` probably lacks the navigation a browser would show
    (None when it looks complete). Rendering only helps when the page has scripts."""
    tree = page.tree
    scripts = tree.css("script")
    if not scripts:
        return None
    internal = {lnk.url for lnk in page.links if in_scope(lnk.url)}
    nav = {lnk.url for lnk in page.links if in_scope(lnk.url) and lnk.region in (NAV, HEADER)}
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


class BrowserRunner:
    """One BrowserSession for a whole crawl, driven from a dedicated thread."""

    def __init__(self, options: CrawlOptions):
        self.options = options
        self._exec = ThreadPoolExecutor(max_workers=1, thread_name_prefix="d43-browser")
        self._session: Any = None
        self.available_flag: bool | None = None

    def ensure_session(self) -> Any:
        """The portal's one :class:`crawlers.browser.BrowserSession`, created on first use
        (on the browser's thread: call it inside :meth:`call`). Chromium starts lazily."""
        if self._session is None:
            from crawlers.browser import BrowserSession

            self._session = BrowserSession(self.options)
        return self._session

    def _render_sync(self, url: str) -> Page:
        session = self.ensure_session()
        if not session.available:
            self.available_flag = False
            return Page(url=url, status=None, error=f"no browser: {session.reason}", rendered=True)
        self.available_flag = True
        return session.render(url, wait_ms=self.options.browser_wait_ms)

    async def render(self, url: str) -> Page:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._exec, self._render_sync, url)

    def render_blocking(self, url: str) -> Page:
        return self._exec.submit(self._render_sync, url).result()

    @property
    def session(self) -> Any:
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


class Renderer:
    """``render=auto|always|never`` for one crawl: decides per page, renders, and records
    what happened in ``snap.notes.render`` / ``rendered_pages``."""

    def __init__(self, options: CrawlOptions, snap: Snapshot, in_scope: Callable[[str], bool],
                 runner: BrowserRunner | None, archive: Any):
        self.o = options
        self.snap = snap
        self.in_scope = in_scope
        self.runner = runner
        self.archive = archive
        self.rendered = 0
        self.site_needs_render: str | None = None

    def _budget(self) -> int:
        if self.o.render == "never":
            return 0
        return self.o.max_pages if self.o.render == "always" else self.o.max_rendered

    def _info(self) -> RenderInfo:
        if self.snap.notes.render is None:
            self.snap.notes.render = RenderInfo(mode=self.o.render)
        return self.snap.notes.render

    async def maybe_render(self, page: Page) -> Page:
        """``page``, or its rendered version when the mode and the page call for it."""
        if self.o.render == "never" or not page.ok or self.rendered >= self._budget():
            return page
        if self.o.render == "auto":
            if page.depth == 0:
                why = lacks_navigation(page, self.in_scope)
                if why is None:
                    return page
                self.site_needs_render = why
                self._info().reason = why
            else:
                # the menu is the same on every page: rendering the home page found it; another
                # page is rendered only when its own content is an empty shell filled by scripts
                if not self.site_needs_render or not empty_shell(page):
                    return page
        runner = self.runner
        if runner is None:
            runner = self.runner = BrowserRunner(self.o)
        self.rendered += 1
        rp = await runner.render(page.final_url)
        info = self._info()
        if rp.error:
            info.available = runner.available_flag
            info.error = rp.error
            self.snap.errors.append(f"render {page.url}: {rp.error}")
            return page
        info.available = True
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
        self.snap.notes.rendered_pages += 1
        return rp
