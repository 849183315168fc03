"""One portal, end to end: crawl, gather what the checks ask for, judge, result. Used by
``d43 check`` and ``d43 scan``."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from checker.evaluate import portal_result
from checker.gathering import evaluate_gathered
from checker.results import Bi, Evidence, PortalResult, RuleResult
from checker.rules import RuleSet, load_rules
from crawlers.gather import Gatherer
from crawlers.options import CrawlOptions

VN_TZ = UTC  # timestamps are stored in UTC with offset; reports localise


def now_utc() -> datetime:
    return datetime.now(UTC)


def check_portal(url: str, level: str, *, rules: RuleSet | None = None, options: CrawlOptions | None = None,
                 portal: dict[str, Any] | None = None, now: datetime | None = None,
                 settings: dict[str, Any] | None = None) -> PortalResult:
    """Crawl ``url`` and evaluate ``rules`` for a portal of ``level``.

    Never raises for a portal's own faults: an unreachable portal gives a result whose
    status is ``error``. ``portal`` is the registry entry (id, name, parent, parent_url …).
    """
    t0 = time.monotonic()
    result = _check_portal(url, level, rules=rules, options=options, portal=portal, now=now, settings=settings)
    if not (options and options.from_archive):
        # the whole check: crawl, gather rounds (browser, axe) and evaluation, not the crawl alone
        result.duration_s = round(time.monotonic() - t0, 2)
        result.finished_at = now_utc().isoformat(timespec="seconds")
    return result


def _check_portal(url: str, level: str, *, rules: RuleSet | None, options: CrawlOptions | None,
                  portal: dict[str, Any] | None, now: datetime | None,
                  settings: dict[str, Any] | None) -> PortalResult:
    from crawlers.crawl import crawl

    rules = rules or load_rules()
    options = options or CrawlOptions()
    portal = dict(portal or {})
    now_given = now is not None
    now = now or now_utc()
    pid = portal.get("id") or _default_id(url)
    name = portal.get("name") or pid
    if options.from_archive:
        from crawlers.netguard import no_network

        with no_network():  # a replay that tried to reach the network would fail, not fetch
            return _judge_archive(url, level, rules, options, portal, now if now_given else None, settings)
    try:
        snapshot = crawl(url, options)
    except Exception as exc:  # the crawler must not take a scan down; report it
        return PortalResult(id=pid, name=name, url=url, level=level, status="error", as_of=now.isoformat(timespec="seconds"),
                            error=f"crawl failed: {type(exc).__name__}: {exc}",
                            results=[RuleResult(r.id, "error" if level in r.levels else "not_applicable",
                                                f"crawl failed: {exc}", {"vi": "Lỗi khi thu thập dữ liệu cổng (chi tiết kỹ thuật trong minh chứng)",
                                                                         "en": f"crawl failed: {exc}"},
                                                [Evidence(url, "", Bi("lỗi thu thập", "crawl failed"),
                                                          {"reason": f"{type(exc).__name__}: {exc}"})]
                                                if level in r.levels else [])
                                     for r in rules.rules],
                            parent=portal.get("parent"))
    settings = dict(settings or {})
    settings.setdefault("crawl_options", options)
    gatherer = Gatherer(snapshot, options)
    try:
        results = evaluate_gathered(snapshot, rules, level=level, now=now, portal=portal, settings=settings,
                                    gatherer=gatherer)
        gatherer.finish(now.isoformat(timespec="seconds"), level=level, portal=portal)
        result = portal_result(snapshot, rules, portal_id=pid, name=name, level=level, now=now, portal=portal,
                               results=results)
        result.as_of = now.isoformat(timespec="seconds")
        return result
    finally:
        gatherer.close()
        close = getattr(snapshot, "close", None)
        if close:
            close()


def _judge_archive(url: str, level: str, rules: RuleSet, options: CrawlOptions, portal: dict[str, Any],
                   now: datetime | None, settings: dict[str, Any] | None) -> PortalResult:
    """Judge a snapshot restored from a WARC (``--from-archive``): no crawl, no gatherer, no
    browser, one evaluation, as of the time the live run judged it (unless ``now`` is given)
    and with the registry entry it was judged with (values given here win)."""
    from crawlers.archive import load_archive

    snapshot = load_archive(options.from_archive or "")
    if now is None:
        now = datetime.fromisoformat(snapshot.as_of) if snapshot.as_of else now_utc()
    archived = snapshot.judged.get("portal")
    if isinstance(archived, dict):
        portal = {**archived, **portal}
    pid = portal.get("id") or _default_id(url)
    settings = {"crawl_options": options, "browser": None, **(settings or {})}
    result = portal_result(snapshot, rules, portal_id=pid, name=portal.get("name") or pid, level=level, now=now,
                           portal=portal, settings=settings)
    result.as_of = now.isoformat(timespec="seconds")
    return result


def _default_id(url: str) -> str:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or "portal"
    return host.split(".")[0] if host.count(".") >= 3 else host.replace(".", "-")
