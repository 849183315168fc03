"""Chromium through Playwright: one browser per scan, reused for every page.

``playwright install`` cannot download browsers on the machines d43 runs on, so we look
for a system Chromium (Debian's /usr/bin/chromium) when Playwright's own is absent. When no
browser can be started, :attr:`BrowserSession.available` is False and :attr:`reason` says
why: callers turn that into a ``review``/``error`` result, never a crash.

This is the *sync* API: use it outside a running asyncio loop (evaluation runs after the
crawl's loop has finished).

Address policy: Chromium reaches the network only through d43's proxy (crawlers/proxy.py),
started with the browser, which checks and pins every connection (each redirect hop,
WebSockets included). The route handler stays as a first layer: it refuses non-web schemes
and records the full URL of a directly refused request.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import UTC, datetime
from typing import Any

from crawlers.options import CrawlOptions
from crawlers.proxy import PolicyProxy
from crawlers.snapshot import Page

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
                 # no way around the proxy: no UDP for WebRTC, no name lookups of Chromium's own
                 "--force-webrtc-ip-handling-policy=disable_non_proxied_udp", "--dns-prefetch-disable"]
MAX_BLOCKED = 200  # refusals kept in BrowserSession.blocked
_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable")


def find_chromium() -> str | None:
    """A Chromium executable: $D43_CHROMIUM, else a system one, else None (Playwright's own
    bundled browser is tried by :class:`BrowserSession` when this returns None)."""
    env = os.environ.get("D43_CHROMIUM")
    if env:
        return env if os.path.exists(env) else None
    for c in _CANDIDATES:
        if os.path.exists(c):
            return c
    return shutil.which("chromium") or shutil.which("chromium-browser")


def proxy_args(port: int) -> list[str]:
    """Chromium flags sending every connection, loopback included, through the proxy."""
    return [f"--proxy-server=http://127.0.0.1:{port}", "--proxy-bypass-list=<-loopback>"]


class BrowserSession:
    """A lazily started Chromium shared by all pages of a scan (or of one portal)."""

    launched = 0  # Chromiums started by this process (tests check that one portal starts one)

    def __init__(self, options: CrawlOptions | None = None):
        self.options = options or CrawlOptions()
        self._pw: Any = None
        self._browser: Any = None
        self._context: Any = None
        self.reason = ""
        self._tried = False
        self.blocked: list[str] = []  # requests/connections refused by the address policy ("what: reason")
        self._proxy: PolicyProxy | None = None
        from crawlers.safety import AddressPolicy

        self._policy = AddressPolicy(self.options)

    def _note_blocked(self, entry: str) -> None:
        """Record one refusal (called from the page's route handler and the proxy thread)."""
        if len(self.blocked) < MAX_BLOCKED and entry not in self.blocked:
            self.blocked.append(entry)

    def _guard(self, route) -> None:
        """Route handler: the address policy of crawlers/safety.py for every request the
        page makes (documents, scripts, XHR, redirects); non-web schemes are refused."""
        url = route.request.url
        try:
            if url.startswith(("http://", "https://")):
                why = self._policy.url_reason(url)
                if why:
                    self._note_blocked(f"{url[:200]}: {why}")
                    route.abort("blockedbyclient")
                    return
            elif not url.startswith(("data:", "blob:", "about:")):
                route.abort("blockedbyclient")
                return
            route.continue_()
        except Exception:  # the page or context went away meanwhile
            pass

    # -- lifecycle --------------------------------------------------------------------------
    def _start(self) -> None:
        self._tried = True
        if os.environ.get("D43_NO_BROWSER"):
            self.reason = "browser disabled (D43_NO_BROWSER is set)"
            return
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            self.reason = "Playwright is not installed"
            return
        exe = find_chromium()
        try:
            timeout = self.options.connect_timeout or min(self.options.timeout, 10.0)
            self._proxy = PolicyProxy(self._policy, on_block=self._note_blocked, connect_timeout=timeout,
                                      idle_timeout=max(60.0, 3 * self.options.timeout))
            args = CHROMIUM_ARGS + proxy_args(self._proxy.start())
            self._pw = sync_playwright().start()
            self._browser = self._pw.chromium.launch(executable_path=exe, args=args, headless=True)
            BrowserSession.launched += 1
            self._context = self._browser.new_context(
                ignore_https_errors=self.options.insecure, accept_downloads=False, service_workers="block",
                user_agent=self.options.user_agent, locale="vi-VN", java_script_enabled=True)
            self._context.route("**/*", self._guard)
            self._context.set_default_timeout(self.options.timeout * 1000)
            self._context.set_default_navigation_timeout(self.options.timeout * 1000)
        except Exception as exc:  # no browser binary, sandbox problems, …
            self.reason = f"Chromium could not be started: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            self.close()

    @property
    def available(self) -> bool:
        if not self._tried:
            self._start()
        return self._context is not None

    def new_page(self):
        """A new Playwright page in the shared context (caller closes it)."""
        if not self.available:
            raise RuntimeError(self.reason or "no browser")
        return self._context.new_page()

    def render(self, url: str, *, wait_ms: int = 500) -> Page:
        """Load ``url``, let scripts run, and return the DOM as a rendered :class:`Page`."""
        t0 = time.monotonic()
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        if not self.available:
            return Page(url=url, status=None, error=self.reason, rendered=True, fetched_at=fetched_at)
        page = self.new_page()
        try:
            resp = page.goto(url, wait_until="domcontentloaded")
            try:
                page.wait_for_load_state("load", timeout=min(5000, self.options.timeout * 1000))
            except Exception:
                pass  # pages that never finish loading are cut off; the DOM so far is used
            if wait_ms:
                page.wait_for_timeout(wait_ms)
            blocked = resp.headers.get("x-d43-blocked") if resp else None
            if blocked:  # a redirect of the page itself led to a refused address (crawlers/proxy.py)
                return Page(url=url, status=None, error=blocked, final_url=page.url, rendered=True,
                            fetched_at=fetched_at, elapsed=time.monotonic() - t0)
            html = page.content()
            return Page(url=url, status=resp.status if resp else None, text=html, final_url=page.url,
                        headers=dict(resp.headers) if resp else {}, content_type="text/html",
                        encoding="utf-8", rendered=True, fetched_at=fetched_at, elapsed=time.monotonic() - t0,
                        size=len(html))
        except Exception as exc:
            return Page(url=url, status=None, error=f"render failed: {type(exc).__name__}: {str(exc).splitlines()[0]}",
                        rendered=True, fetched_at=fetched_at, elapsed=time.monotonic() - t0)
        finally:
            page.close()

    def close(self) -> None:
        """Close the browser, then its proxy (safe to call twice)."""
        for obj in (self._context, self._browser):
            try:
                if obj is not None:
                    obj.close()
            except Exception:
                pass
        try:
            if self._pw is not None:
                self._pw.stop()
        except Exception:
            pass
        self._pw = self._browser = self._context = None
        if self._proxy is not None:
            self._proxy.stop()
            self._proxy = None

    def __enter__(self) -> BrowserSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
