"""axe-core in Chromium: load a page in the scan's browser, inject the axe-core bundled with
axe-playwright-python (offline), run it with WCAG tags, and turn the result into plain data.

Choices, on purpose:
- ``iframes: false``: content inside frames (YouTube, maps, third-party widgets) is not
  checked; with it on, axe waits for every frame that cannot answer and a page can take a
  minute. ``frame-title`` on the page itself is still checked.
- ``resultTypes: ["violations"]``: axe then skips building node details for passes, which
  keeps a heavy portal home page within about a second.
- the whole run is raced against a timeout inside the page, so a hung page costs at most
  ``timeout`` seconds and is reported as a load/run error, never as a violation.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from checker.a11y import IMPACT_ORDER

_WCAG_TAG = re.compile(r"^wcag(\d)(\d)(\d+)$")


@lru_cache(maxsize=1)
def axe_script() -> str:
    """The axe-core source shipped with axe-playwright-python (no network needed)."""
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


@lru_cache(maxsize=1)
def axe_version() -> str:
    m = re.search(r"axe v(\d+\.\d+\.\d+)", axe_script()[:200])
    return m.group(1) if m else "?"


def wcag_criteria(tags: list[str]) -> list[str]:
    """``["wcag2a", "wcag111", "wcag412"]`` -> ``["1.1.1", "4.1.2"]``."""
    out = []
    for t in tags:
        m = _WCAG_TAG.match(t)
        if m:
            out.append(f"{m.group(1)}.{m.group(2)}.{m.group(3)}")
    return out


@dataclass
class AxeNode:
    selector: str
    html: str
    summary: str = ""


@dataclass
class AxeViolation:
    id: str
    impact: str
    wcag: list[str]
    help: str
    help_url: str
    description: str
    nodes: list[AxeNode]

    @property
    def rank(self) -> tuple[int, int]:
        return (IMPACT_ORDER.get(self.impact, 9), -len(self.nodes))


@dataclass
class AxePage:
    """axe's verdict on one page, or why there is none (``error``)."""

    url: str
    final_url: str = ""
    status: int | None = None
    error: str = ""
    violations: list[AxeViolation] = field(default_factory=list)
    incomplete: int = 0  # rules axe could not decide ("needs review")
    load_seconds: float = 0.0
    axe_seconds: float = 0.0

    @property
    def tested(self) -> bool:
        return not self.error

    @property
    def seconds(self) -> float:
        return self.load_seconds + self.axe_seconds


_RUN_JS = """async ([options, ms]) => {
  const timer = new Promise((_, reject) => setTimeout(() => reject(new Error('axe did not finish within ' + ms + ' ms')), ms));
  const r = await Promise.race([axe.run(document, options), timer]);
  const slim = v => ({id: v.id, impact: v.impact || '', tags: v.tags, help: v.help, helpUrl: v.helpUrl,
                      description: v.description,
                      nodes: v.nodes.slice(0, 50).map(n => ({target: n.target, html: (n.html || '').slice(0, 400),
                                                            summary: (n.failureSummary || '').slice(0, 400)})),
                      count: v.nodes.length});
  return {violations: r.violations.map(slim), incomplete: (r.incomplete || []).length};
}"""


_HEAVY = ("image", "media", "font")
_HEAVY_URLS = ["*.jpg", "*.jpeg", "*.png", "*.gif", "*.webp", "*.bmp", "*.ico", "*.svg", "*.woff", "*.woff2",
               "*.ttf", "*.otf", "*.eot", "*.mp4", "*.webm", "*.mp3", "*.flv", "*.avi"]


def block_media(tab: Any) -> None:
    """Do not download images, audio/video and fonts in ``tab``: axe judges markup and
    computed styles (``image-alt`` reads the attribute, not the picture), and a portal page
    with 100 thumbnails then loads in a fraction of the time, with fewer requests to the
    portal. Chromium blocks them itself by URL (CDP ``Network.setBlockedURLs``, no round
    trip to Python per request); where CDP is not available a page route aborts them by
    resource type. Other requests still pass the session's own route guard."""
    try:
        cdp = tab.context.new_cdp_session(tab)
        cdp.send("Network.enable")
        cdp.send("Network.setBlockedURLs", {"urls": _HEAVY_URLS})
        tab._d43_cdp = cdp  # keep the session attached as long as the tab
        return
    except Exception:
        pass

    def handler(route: Any) -> None:
        try:
            if route.request.resource_type in _HEAVY:
                route.abort("blockedbyclient")
            else:
                route.fallback()
        except Exception:
            pass

    tab.route("**/*", handler)


def run_axe(session: Any, url: str, *, tags: list[str], timeout: float = 20.0,
            disable: list[str] | None = None, settle_ms: int = 250, tab: Any = None,
            block: bool = True) -> AxePage:
    """Load ``url`` in ``tab`` (a Playwright page the caller reuses for several URLs and
    closes; see :func:`block_media`) or in a new tab of ``session`` (a BrowserSession) closed
    afterwards, without images/media/fonts when ``block``; run axe."""
    result = AxePage(url=url)
    t0 = time.monotonic()
    own = tab is None
    try:
        page = session.new_page() if own else tab
        if own and block:
            block_media(page)
    except Exception as exc:
        result.error = f"browser: {type(exc).__name__}: {_first_line(exc)}"
        return result
    try:
        try:
            resp = page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
        except Exception as exc:
            result.error = f"page did not load: {type(exc).__name__}: {_first_line(exc)}"
            return result
        result.status = resp.status if resp is not None else None
        result.final_url = page.url
        if result.status is not None and result.status >= 400:
            result.error = f"HTTP {result.status} in the browser"
            return result
        try:
            page.wait_for_load_state("load", timeout=min(5.0, timeout) * 1000)
        except Exception:
            pass  # pages whose last resources never arrive are checked as they are
        if settle_ms:
            page.wait_for_timeout(settle_ms)
        result.load_seconds = time.monotonic() - t0
        t1 = time.monotonic()
        options: dict[str, Any] = {"runOnly": {"type": "tag", "values": list(tags)},
                                   "resultTypes": ["violations"], "iframes": False,
                                   "elementRef": False, "ancestry": False, "xpath": False}
        if disable:
            options["rules"] = {rid: {"enabled": False} for rid in disable}
        try:
            page.evaluate(axe_script())
            raw = page.evaluate(_RUN_JS, [options, int(timeout * 1000)])
        except Exception as exc:
            result.error = f"axe could not run: {type(exc).__name__}: {_first_line(exc)}"
            return result
        finally:
            result.axe_seconds = time.monotonic() - t1
        result.incomplete = int(raw.get("incomplete") or 0)
        for v in raw.get("violations") or []:
            nodes = [AxeNode(selector=_selector(n.get("target")), html=" ".join((n.get("html") or "").split()),
                             summary=" ".join((n.get("summary") or "").split())) for n in v.get("nodes") or []]
            # axe returns at most 50 nodes here; keep the true count
            extra = max(0, int(v.get("count") or 0) - len(nodes))
            nodes += [AxeNode(selector="", html="")] * extra
            result.violations.append(AxeViolation(
                id=v["id"], impact=v.get("impact") or "minor", wcag=wcag_criteria(v.get("tags") or []),
                help=v.get("help") or "", help_url=v.get("helpUrl") or "", description=v.get("description") or "",
                nodes=nodes))
        result.violations.sort(key=lambda x: x.rank)
        return result
    finally:
        if own:
            try:
                page.close()
            except Exception:
                pass


def _selector(target: Any) -> str:
    """axe's target: a list of selectors, nested lists for shadow DOM / frames."""
    if isinstance(target, list):
        return " ".join(_selector(t) if isinstance(t, list) else str(t) for t in target)
    return str(target or "")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else ""
