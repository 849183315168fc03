"""Evaluating a rule set against one portal's snapshot, and scoring the result.

Score (0–100), documented in the README: each applicable rule has a weight (from its
severity: critical 4, serious 3, moderate 2, minor 1, unless the rule sets ``weight``).
A ``pass`` earns its full weight, a ``review`` half of it (the tool found something a person
must confirm), a ``fail`` nothing. ``not_applicable`` and ``error`` rules are left out of
both sides: a scan problem never lowers (or raises) a portal's score. A portal with no
scorable rule has no score (null).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from checker import functions  # noqa: F401  (registers the check library)
from checker.registry import ERROR, FAIL, PASS, REVIEW, Context, Outcome, run
from checker.results import Bi, Evidence, PortalResult, RuleResult
from checker.rules import Rule, RuleSet
from crawlers.snapshot import Page, Snapshot

CREDIT = {PASS: 1.0, REVIEW: 0.5, FAIL: 0.0}
MAX_EVIDENCE = 20


def evaluate_rule(rule: Rule, ctx: Context) -> RuleResult:
    if ctx.level not in rule.levels:
        return RuleResult(rule.id, "not_applicable", f"Not required at {ctx.level} level",
                          {"vi": "Không áp dụng cho cấp này", "en": f"Not required at {ctx.level} level"})
    out: Outcome = run(ctx, rule.check)
    status = out.status
    vi, en = out.vi, out.en
    if status in (PASS, FAIL) and not out.evidence:
        # A verdict nobody can check is not a verdict (docs/results.md).
        status = REVIEW
        vi += " (không có bằng chứng kèm theo: cần kiểm tra thủ công)"
        en += " (no evidence recorded: check by hand)"
    return RuleResult(rule.id, status, en, {"vi": vi, "en": en}, out.evidence[:MAX_EVIDENCE])


def score(results: list[RuleResult], weights: dict[str, float]) -> float | None:
    total = earned = 0.0
    for r in results:
        if r.status in CREDIT:
            w = weights.get(r.rule, 1.0)
            total += w
            earned += w * CREDIT[r.status]
    return round(100.0 * earned / total, 1) if total else None


def reachable(snapshot: Snapshot) -> bool:
    """The portal answered: its home page was fetched with a status below 400."""
    home = snapshot.home
    return home is not None and home.status is not None and home.status < 400


def evaluate(snapshot: Snapshot, ruleset: RuleSet, *, level: str, now: datetime,
             portal: dict[str, Any] | None = None, settings: dict[str, Any] | None = None,
             only: set[str] | None = None, missed: set[str] | None = None,
             cache: dict[Any, Any] | None = None) -> list[RuleResult]:
    """Results of every rule (or of the ``only`` ids) on the snapshot, in rule-set order.
    ``missed`` (while the snapshot is recording) collects the ids of the rules that read
    something missing: their results are provisional until it is gathered. ``cache``: the
    memo of an earlier gather round to start from (``Context.memo``; complete values only,
    see checker/gathering.py)."""
    ctx = Context(snapshot=snapshot, level=level, now=now, portal=dict(portal or {}), settings=dict(settings or {}),
                  vocabulary=ruleset.vocabulary, top=level == ruleset.regime.top_level,
                  cache=cache if cache is not None else {})
    home = snapshot.home
    unreachable = not reachable(snapshot)
    results = []
    for rule in ruleset.rules:
        if only is not None and rule.id not in only:
            continue
        if unreachable and level in rule.levels:
            why = unreachable_reason(home)
            results.append(RuleResult(rule.id, ERROR, f"Portal could not be fetched: {why.en}",
                                      {"vi": f"Không truy cập được cổng: {why.vi}", "en": f"Portal could not be fetched: {why.en}"},
                                      [Evidence(snapshot.start_url, "", why,
                                                {"reason": home.error} if home is not None and home.error else {})]))
            continue
        before = snapshot.misses
        results.append(evaluate_rule(rule, ctx))
        if missed is not None and snapshot.misses > before:
            missed.add(rule.id)
    if cache is not None:  # a value computed with something missing is computed again next round
        for key in ctx.incomplete:
            cache.pop(key, None)
    return results


def unreachable_reason(home: Page | None) -> Bi:
    """Why the home page gives no verdict, in each language; a connection error's own words
    (an exception, in English) only on the English side (and in the evidence's ``reason``)."""
    if home is not None and home.error:
        return Bi("lỗi kết nối", home.error)
    if home is not None:
        return Bi(f"HTTP {home.status}", f"HTTP {home.status}")
    return Bi("chưa tải được trang chủ", "home page not fetched")


def portal_result(snapshot: Snapshot, ruleset: RuleSet, *, portal_id: str, name: str, level: str,
                  now: datetime, portal: dict[str, Any] | None = None,
                  settings: dict[str, Any] | None = None, results: list[RuleResult] | None = None) -> PortalResult:
    """The portal's result: ``results`` when already evaluated (after the gather rounds),
    else one evaluation of the snapshot as it is."""
    if results is None:
        results = evaluate(snapshot, ruleset, level=level, now=now, portal=portal, settings=settings)
    weights = {r.id: r.weight for r in ruleset.rules}
    ok = reachable(snapshot)
    pages = [p for p in snapshot.pages.values() if p.status is not None]
    return PortalResult(
        id=portal_id, name=name, url=snapshot.start_url, level=level,
        score=score(results, weights) if ok else None,
        pages_fetched=len(pages), results=results,
        status="ok" if ok else "error",
        error=None if ok else next((r.message for r in results if r.status == ERROR), "unreachable"),
        errors=list(snapshot.errors), crawl=snapshot.notes.to_dict(), parent=(portal or {}).get("parent"),
        started_at=snapshot.started_at, finished_at=snapshot.finished_at)
