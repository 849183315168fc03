"""axe-core in Chromium, as a gatherer: load one page in the scan's browser, inject the
axe-core bundled with axe-playwright-python (offline), run it with the want's WCAG tags,
and return the violations as plain data (an :class:`~crawlers.artifacts.Artifact`).

Choices, on purpose:
- ``iframes: false``: content inside frames (YouTube, maps, third-party widgets) is not
  checked; with it on, axe waits for every frame that cannot answer and a page can take a
  minute. ``frame-title`` on the page itself is still checked.
- ``resultTypes: ["violations"]``: axe then skips building node details for passes, which
  keeps a heavy portal home page within about a second.
- the whole run is raced against a timeout inside the page, so a hung page costs at most
  ``timeout`` seconds and is reported as a load/run error, never as a violation.
- one tab per browser session, navigated from page to page (a navigation costs less than a
  new tab), with images, media and fonts not downloaded (:func:`block_media`).
- ``budget`` (the rule's ``max_seconds``): once axe has spent that long on one portal's
  pages in this session, further pages are not started (an artifact with ``error`` and
  ``data["budget"]``), so one slow portal cannot hold the scan.
"""

from __future__ import annotations

import re
import time
import weakref
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from crawlers.a11y import artifact, first_line, no_browser, no_browser_reason
from crawlers.artifacts import Artifact, Want
from crawlers.options import CrawlOptions

_WCAG_TAG = re.compile(r"^wcag(\d)(\d)(\d+)$")
MAX_NODES = 50  # nodes kept per violation (the true count is kept in "count")
MAX_HTML = 400  # characters of a node's HTML excerpt


@lru_cache(maxsize=1)
def axe_script() -> str:
    """The axe-core source shipped with axe-playwright-python (no network needed)."""
    from axe_playwright_python.base import AXE_SCRIPT

    return str(AXE_SCRIPT)


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


_RUN_JS = """async ([options, ms, maxNodes, maxHtml]) => {
  const timer = new Promise((_, reject) => setTimeout(() => reject(new Error('axe did not finish within ' + ms + ' ms')), ms));
  const r = await Promise.race([axe.run(document, options), timer]);
  const slim = v => ({id: v.id, impact: v.impact || '', tags: v.tags, help: v.help, helpUrl: v.helpUrl,
                      description: v.description,
                      nodes: v.nodes.slice(0, maxNodes).map(n => ({target: n.target, html: (n.html || '').slice(0, maxHtml),
                                                                   summary: (n.failureSummary || '').slice(0, maxHtml)})),
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


def run_axe(tab: Any, url: str, *, tags: list[str], timeout: float = 20.0, disable: list[str] | None = None,
            settle_ms: int = 250) -> dict[str, Any]:
    """Load ``url`` in ``tab`` and run axe. Returns plain data; ``"error"`` is set (and
    there are no violations) when the page did not load, answered HTTP ≥ 400 or axe could
    not run — a page that cannot be checked is never a violation."""
    result: dict[str, Any] = {"url": url, "requested": url, "status": None, "engine": axe_version(), "tags": list(tags),
                              "load_seconds": 0.0, "axe_seconds": 0.0, "incomplete": 0, "violations": [], "error": ""}
    t0 = time.monotonic()
    try:
        resp = tab.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
    except Exception as exc:
        result["error"] = f"page did not load: {type(exc).__name__}: {first_line(exc)}"
        return result
    result["status"] = resp.status if resp is not None else None
    result["url"] = tab.url
    if result["status"] is not None and result["status"] >= 400:
        result["error"] = f"HTTP {result['status']} in the browser"
        return result
    try:
        tab.wait_for_load_state("load", timeout=min(5.0, timeout) * 1000)
    except Exception:
        pass  # pages whose last resources never arrive are checked as they are
    if settle_ms:
        tab.wait_for_timeout(settle_ms)
    result["load_seconds"] = round(time.monotonic() - t0, 3)
    t1 = time.monotonic()
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"],
                               "iframes": False, "elementRef": False, "ancestry": False, "xpath": False}
    if disable:
        options["rules"] = {rid: {"enabled": False} for rid in disable}
    try:
        tab.evaluate(axe_script())
        raw = tab.evaluate(_RUN_JS, [options, int(timeout * 1000), MAX_NODES, MAX_HTML])
    except Exception as exc:
        result["error"] = f"axe could not run: {type(exc).__name__}: {first_line(exc)}"
        return result
    finally:
        result["axe_seconds"] = round(time.monotonic() - t1, 3)
    result["incomplete"] = int(raw.get("incomplete") or 0)
    for v in raw.get("violations") or []:
        nodes = [{"selector": _selector(n.get("target")), "html": " ".join((n.get("html") or "").split()),
                  "summary": " ".join((n.get("summary") or "").split())} for n in v.get("nodes") or []]
        tags_v = [str(t) for t in v.get("tags") or []]
        result["violations"].append({
            "id": v["id"], "impact": v.get("impact") or "minor", "tags": tags_v, "wcag": wcag_criteria(tags_v),
            "help": v.get("help") or "", "help_url": v.get("helpUrl") or "", "description": v.get("description") or "",
            "count": max(int(v.get("count") or 0), len(nodes)), "nodes": nodes})
    return result


def _selector(target: Any) -> str:
    """axe's target: a list of selectors, nested lists for shadow DOM / frames."""
    if isinstance(target, list):
        return " ".join(_selector(t) if isinstance(t, list) else str(t) for t in target)
    return str(target or "")


class _State:
    """Per browser session: the axe tab, and the seconds spent per portal (for ``budget``)."""

    def __init__(self) -> None:
        self.tab: Any = None
        self.spent: dict[str, float] = {}


_STATES: weakref.WeakKeyDictionary[Any, _State] = weakref.WeakKeyDictionary()


def _tab(session: Any, state: _State) -> Any:
    if state.tab is None or state.tab.is_closed():
        state.tab = None
        tab = session.new_page()
        block_media(tab)
        state.tab = tab
    return state.tab


def _drop_tab(state: _State) -> None:
    tab, state.tab = state.tab, None
    try:
        if tab is not None:
            tab.close()
    except Exception:
        pass


def gather_axe(session: Any, want: Want, options: CrawlOptions | None = None) -> Artifact:
    """Fulfil an ``axe`` want: axe-core with ``want.param("tags")`` on ``want.url``.

    Runs on the browser's thread (the caller's job); never raises. ``data`` is
    ``{"url": final URL, "requested", "status", "engine", "tags", "violations": [{"id",
    "impact", "tags", "wcag", "help", "help_url", "description", "count", "nodes":
    [{"selector", "html", "summary"}]}], "incomplete", "load_seconds", "axe_seconds"}``;
    ``error`` says why the page could not be checked (no browser, did not load, HTTP status,
    axe failed, time budget used up)."""
    why = no_browser_reason(session, options)
    if why:
        return no_browser(want, why)
    tags = [str(t) for t in (want.param("tags") or ("wcag2a", "wcag2aa"))]
    disable = [str(d) for d in (want.param("disable") or ())]
    timeout = float(want.param("timeout") or 20.0)
    budget = want.param("budget")
    try:
        state = _STATES.setdefault(session, _State())
        portal = (urlsplit(want.url).hostname or "").lower()
        if budget is not None and state.spent.get(portal, 0.0) > float(budget):
            return artifact(want, data={"budget": True, "requested": want.url},
                            error=f"not tested: time budget of {float(budget):g} s for axe on this portal used up")
        t0 = time.monotonic()
        try:
            tab = _tab(session, state)
        except Exception as exc:
            return artifact(want, error=f"browser: {type(exc).__name__}: {first_line(exc)}")
        try:
            data = run_axe(tab, want.url, tags=tags, timeout=timeout, disable=disable)
        finally:
            state.spent[portal] = state.spent.get(portal, 0.0) + time.monotonic() - t0
        error = data.pop("error") or None
        if error and not error.startswith("HTTP "):
            _drop_tab(state)  # a timed-out or crashed tab is not reused for the next page
        return artifact(want, data=data, error=error)
    except Exception as exc:  # never raise into the gather loop
        return artifact(want, error=f"axe gatherer failed: {type(exc).__name__}: {first_line(exc)}")
