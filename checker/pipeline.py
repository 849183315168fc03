"""One portal, end to end: crawl, evaluate, result. Used by ``d43 check`` and ``d43 scan``."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from checker.evaluate import portal_result
from checker.results import Evidence, PortalResult, RuleResult
from checker.rules import RuleSet, load_rules
from crawlers.options import CrawlOptions

VN_TZ = timezone.utc  # timestamps are stored in UTC with offset; reports localise


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def check_portal(url: str, level: str, *, rules: RuleSet | None = None, options: CrawlOptions | None = None,
                 portal: dict[str, Any] | None = None, now: datetime | None = None,
                 settings: dict[str, Any] | None = None) -> PortalResult:
    """Crawl ``url`` and evaluate ``rules`` for a portal of ``level``.

    Never raises for a portal's own faults: an unreachable portal gives a result whose
    status is ``error``. ``portal`` is the registry entry (id, name, parent, parent_url …).
    """
    from crawlers.crawl import crawl

    rules = rules or load_rules()
    options = options or CrawlOptions()
    portal = dict(portal or {})
    now = now or now_utc()
    pid = portal.get("id") or _default_id(url)
    name = portal.get("name") or pid
    try:
        snapshot = crawl(url, options)
    except Exception as exc:  # the crawler must not take a scan down; report it
        return PortalResult(id=pid, name=name, url=url, level=level, status="error",
                            error=f"crawl failed: {type(exc).__name__}: {exc}",
                            results=[RuleResult(r.id, "error" if level in r.levels else "not_applicable",
                                                f"crawl failed: {exc}", {"vi": f"Lỗi thu thập: {exc}", "en": f"crawl failed: {exc}"},
                                                [Evidence(url, "", "crawl failed")] if level in r.levels else [])
                                     for r in rules.rules],
                            parent=portal.get("parent"))
    settings = dict(settings or {})
    settings.setdefault("crawl_options", options)
    own_browser = None
    runner = getattr(snapshot, "browser_runner", None)
    if "browser" not in settings and runner is not None and runner.session is not None and runner.session.available:
        # The crawl already runs a Chromium (it rendered script-built menus): the
        # accessibility checks drive that one, on its thread, instead of starting another.
        settings["browser"] = runner.session
        settings["browser_thread"] = runner
    elif "browser" not in settings and options.render != "never":
        # One browser for the evaluation of this portal (accessibility checks); started
        # lazily by BrowserSession, so portals whose rules never ask for it pay nothing.
        from crawlers.browser import BrowserSession

        own_browser = settings["browser"] = BrowserSession(options)
    try:
        return portal_result(snapshot, rules, portal_id=pid, name=name, level=level, now=now,
                             portal=portal, settings=settings)
    finally:
        if own_browser is not None:
            own_browser.close()
        close = getattr(snapshot, "close", None)
        if close:
            close()


def _default_id(url: str) -> str:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or "portal"
    return host.split(".")[0] if host.count(".") >= 3 else host.replace(".", "-")
