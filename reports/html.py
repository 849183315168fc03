"""HTML reports: province dashboard, one page per portal, and the officials' summary.

Jinja2 with autoescape on for every template; CSS and JS are inlined from
``reports/static`` so a report opens from a file share or an e-mail attachment. Each page
carries a Content-Security-Policy that allows only its own inline script (by hash), so
even a missed escape could not run a script from crawled content.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from checker.results import PortalResult, ScanResults
from reports import model
from reports.i18n import format_number, strings
from reports.safety import highlight, portal_filename, safe_href, safe_relative_href
from reports.svg import trend_svg

_HERE = Path(__file__).parent
MAX_ERRORS_SHOWN = 50


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(_HERE / "templates")), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["href"] = safe_href
    return env


@lru_cache(maxsize=4)
def _static(name: str) -> str:
    return (_HERE / "static" / name).read_text(encoding="utf-8")


def _csp(script: str | None) -> str:
    """A CSP for a file that may run only ``script`` (hash-pinned) and load nothing."""
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        script_src = f"'sha256-{digest}'"
    else:
        script_src = "'none'"
    return (f"default-src 'none'; script-src {script_src}; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def _common(results: ScanResults, lang: str, script: str | None) -> dict[str, Any]:
    prov = model.provenance(results, lang)
    return {"s": strings(lang), "lang": lang, "css": Markup(_static("report.css")),
            "script": Markup(script) if script else None, "csp": _csp(script),
            "results": results, "title_name": results.name, "prov": prov,
            "scan_time": prov.scan_time}


@dataclass
class PortalRow:
    """One portal on the dashboard."""

    p: PortalResult
    file: str
    score: str
    counts: dict[str, int]
    change: model.Change
    trend: Markup
    statuses: dict[str, str]
    tokens: str  # "rule=status …" for the JS filter


def _history_points(results: ScanResults, p: PortalResult,
                    history: dict[str, list[tuple[str, float | None]]] | None) -> list[tuple[str, float | None]]:
    """Past scans from ``history`` plus this scan (unless history already ends with it)."""
    points = [(str(d), s if isinstance(s, (int, float)) else None) for d, s in (history or {}).get(p.id) or []]
    if points and points[-1][0] != results.started_at:
        points.append((results.started_at, p.score))
    return points


def _change(results: ScanResults, p: PortalResult, previous: ScanResults | None,
            points: list[tuple[str, float | None]], lang: str) -> model.Change:
    if previous is not None:
        before = next((q for q in previous.portals if q.id == p.id), None)
        if before is None:
            return model.score_change(p.score, None, True, lang)
        return model.score_change(p.score, before.score, True, lang)
    earlier = [pt for pt in points if str(pt[0]) != results.started_at]
    if earlier:
        return model.score_change(p.score, earlier[-1][1], True, lang)
    return model.score_change(p.score, None, False, lang)


def portal_rows(results: ScanResults, lang: str, previous: ScanResults | None,
                history: dict[str, list[tuple[str, float | None]]] | None) -> list[PortalRow]:
    rows = []
    for p in results.portals:
        points = _history_points(results, p, history)
        statuses = {r.rule: r.status for r in p.results}
        rows.append(PortalRow(
            p=p, file=portal_filename(p.id), score=format_number(p.score, lang),
            counts=model.counts(p), change=_change(results, p, previous, points, lang),
            trend=trend_svg(points, p.name, lang), statuses=statuses,
            tokens=" ".join(f"{k}={v}" for k, v in statuses.items() if " " not in k and "=" not in k)))
    return rows


@dataclass
class RuleStat:
    info: model.RuleInfo
    fail: int
    review: int
    error: int
    applicable: int


def rule_stats(results: ScanResults, infos: dict[str, model.RuleInfo]) -> list[RuleStat]:
    """Per rule, how many portals fail it: where the province should push."""
    stats = {rid: RuleStat(info, 0, 0, 0, 0) for rid, info in infos.items()}
    for p in results.portals:
        for r in p.results:
            st = stats.get(r.rule)
            if st is None:
                continue
            if r.status != "not_applicable":
                st.applicable += 1
            if r.status == "fail":
                st.fail += 1
            elif r.status == "review":
                st.review += 1
            elif r.status == "error":
                st.error += 1
    return sorted(stats.values(), key=lambda st: (-st.fail, -st.review, st.info.sort_key))


def render_dashboard(results: ScanResults, lang: str, previous: ScanResults | None = None,
                     history: dict[str, list[tuple[str, float | None]]] | None = None) -> str:
    infos = model.rule_infos(results, lang)
    rows = portal_rows(results, lang, previous, history)
    levels = sorted({p.level for p in results.portals})
    ctx = _common(results, lang, _static("dashboard.js"))
    ctx.update(rows=rows, infos=infos, stats=rule_stats(results, infos), levels=levels,
               has_change=previous is not None or any(r.change.direction != "none" for r in rows),
               has_trend=any(r.trend for r in rows), status_order=list(model.STATUS_ORDER),
               status_rank=model.STATUS_ORDER)
    return _env().get_template("dashboard.html").render(ctx)


def _evidence_view(e: Any, prefix: str) -> dict[str, Any]:
    match = e.extra.get("match")
    archived = e.extra.get("archived")
    detail = " · ".join(str(e.extra[k]) for k in ("axe_id", "wcag", "impact", "selector")
                        if isinstance(e.extra.get(k), (str, int, float)) and e.extra.get(k) != "")
    return {"href": safe_href(e.url), "url": e.url, "note": e.note, "detail": detail,
            "excerpt": highlight(e.excerpt, match if isinstance(match, str) else None),
            "archived": safe_relative_href(archived, prefix) if isinstance(archived, str) else None,
            "archived_text": archived if isinstance(archived, str) else ""}


def render_portal(results: ScanResults, portal: PortalResult, lang: str) -> str:
    """One portal's page; it lives in ``portals/`` so links to the report root use ``../``."""
    infos = model.rule_infos(results, lang)
    parts = []
    for status, groups in model.sections(portal, infos, lang, results.rules_meta):
        part: list[dict[str, Any]] = []
        n = 0
        for g in groups:
            items: list[dict[str, Any]] = []
            for r, info in g.findings:
                ev = [_evidence_view(e, "../") for e in r.evidence[:model.MAX_EVIDENCE_SHOWN]]
                items.append({"r": r, "info": info, "message": model.message(r, lang), "evidence": ev,
                              "more": max(0, len(r.evidence) - model.MAX_EVIDENCE_SHOWN),
                              "anchor": "r-" + r.rule})
            part.append({"g": g, "items": items})
            n += len(items)
        parts.append({"status": status, "groups": part, "n": n})
    crawl = portal.crawl if isinstance(portal.crawl, dict) else {}
    crawl_s = crawl.get("duration_s")
    ctx = _common(results, lang, None)
    ctx.update(p=portal, score=format_number(portal.score, lang), counts=model.counts(portal),
               parts=parts, crawl=crawl,
               duration=model.format_duration(model.portal_duration(portal), lang) or None,
               crawl_duration=model.format_duration(crawl_s, lang) if isinstance(portal.duration_s, (int, float)) else "",
               portal_as_of=model.format_time(portal.as_of, lang) if portal.as_of else ctx["prov"].as_of,
               errors=portal.errors[:MAX_ERRORS_SHOWN], errors_more=max(0, len(portal.errors) - MAX_ERRORS_SHOWN),
               portal_scan_time=model.time_span(portal.started_at, portal.finished_at, lang) if portal.started_at else ctx["scan_time"],
               wcag=model.wcag_summary(portal.result("a11y.wcag"), lang=lang))
    return _env().get_template("portal.html").render(ctx)


def render_summary(results: ScanResults, lang: str) -> str:
    """The officials' summary: requirements not met per agency, with legal basis, for A4."""
    infos = model.rule_infos(results, lang)

    def items(p: PortalResult, status: str) -> list[dict[str, Any]]:
        found = [(r, infos.get(r.rule) or model.rule_info(r.rule, None, lang))
                 for r in p.results if r.status == status]
        found.sort(key=lambda ri: ri[1].sort_key)
        return [{"r": r, "info": i, "message": model.message(r, lang)} for r, i in found]

    agencies = []
    for p in results.portals:
        agencies.append({"p": p, "score": format_number(p.score, lang), "unmet": items(p, "fail"),
                         "review": items(p, "review")})
    ctx = _common(results, lang, None)
    ctx.update(agencies=agencies)
    return _env().get_template("summary.html").render(ctx)
