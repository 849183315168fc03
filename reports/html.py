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
from reports import regime as regimes
from reports.i18n import (
    evidence_note,
    evidence_reason,
    format_number,
    portal_error,
    portal_error_reason,
)
from reports.safety import highlight, portal_filename, safe_href, safe_relative_href
from reports.svg import trend_svg

_HERE = Path(__file__).parent
MAX_ERRORS_SHOWN = 50
EVIDENCE_VISIBLE = 3  # evidence items shown open per finding; the rest fold under "and N more"
MATRIX_PART_COLUMNS = 20  # rule columns per printed part of the matrix: what fits portrait A4 at 7.5pt
SHORT_LABEL = 26  # characters of a rule title in a matrix column head

# Texts of the print layout, in the report's language (candidates for reports/i18n.py).
PRINT_STRINGS: dict[str, dict[str, str]] = {
    "vi": {"matrix_part": "Phần {n}/{total}: tiêu chí {first}–{last}",
           "matrix_key": "Chú giải cột",
           "matrix_print_note": "Mỗi cột là một tiêu chí, đánh số theo chú giải; ô ghi kết quả của cổng theo tiêu chí đó."},
    "en": {"matrix_part": "Part {n} of {total}: rules {first}–{last}",
           "matrix_key": "Column key",
           "matrix_print_note": "Each column is one rule, numbered as in the key; a cell holds the portal's result for that rule."},
}


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
    s = regimes.labels(results, lang)  # the strings, with the regime's title, basis and level names
    s.update(PRINT_STRINGS.get(lang, PRINT_STRINGS["vi"]))
    return {"s": s, "lang": lang, "css": Markup(_static("report.css")),
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


def short_label(title: str, limit: int = SHORT_LABEL) -> str:
    """A rule title cut at a word boundary to fit a rotated column head ("Lịch sử, truyền thống…")."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit + 1].rsplit(" ", 1)[0] if " " in title[:limit + 1] else title[:limit]
    return cut.rstrip(",;:.- ") + "…"


@dataclass
class MatrixColumn:
    """One rule's column of the matrix: its number in the key and a short head."""

    n: int
    id: str
    info: model.RuleInfo
    short: str


@dataclass
class MatrixGroup:
    """Consecutive columns of one article (or chapter, or other document): a spanning head."""

    label: str
    columns: list[MatrixColumn]


@dataclass
class MatrixPart:
    """A slice of the matrix that fits the width of a portrait A4 page."""

    groups: list[MatrixGroup]
    first: int
    last: int


def _group_label(info: model.RuleInfo, meta: Any, s: dict[str, Any]) -> tuple[tuple, str]:
    """The article a rule belongs to, as a grouping key and a short label ("Điều 10")."""
    legal = meta.get("legal") if isinstance(meta, dict) else None
    legal = legal if isinstance(legal, dict) else {}
    article, chapter = legal.get("article"), legal.get("chapter")
    in_decree = info.group_key[:1] == (0,)
    if in_decree and article not in (None, ""):
        return info.group_key[:3], str(s.get("legal_article", "{article}")).format(article=article)
    if in_decree and chapter not in (None, ""):
        return info.group_key[:3], str(s.get("legal_chapter", "{chapter}")).format(chapter=chapter)
    return (1,), str(s.get("legal_other", ""))


def matrix_groups(infos: dict[str, model.RuleInfo], meta: dict[str, Any], s: dict[str, Any]) -> list[MatrixGroup]:
    """The matrix's columns in the decree's order, numbered, grouped by article."""
    groups: list[MatrixGroup] = []
    last_key: tuple | None = None
    for n, (rid, info) in enumerate(infos.items(), 1):
        key, label = _group_label(info, meta.get(rid), s)
        if key != last_key:
            groups.append(MatrixGroup(label, []))
            last_key = key
        groups[-1].columns.append(MatrixColumn(n, rid, info, short_label(info.title)))
    return groups


def matrix_parts(groups: list[MatrixGroup], width: int = MATRIX_PART_COLUMNS) -> list[MatrixPart]:
    """Pack whole articles into parts of at most ``width`` columns; split an article only when it is wider."""
    parts: list[list[MatrixGroup]] = [[]]
    used = 0
    for g in groups:
        cols = g.columns
        while cols:
            room = width - used
            if len(cols) > room and used and len(cols) <= width:
                parts.append([])  # the article fits a part of its own: start one
                used, room = 0, width
            take = cols[:room]
            parts[-1].append(MatrixGroup(g.label, take))
            used += len(take)
            cols = cols[room:]
            if cols:
                parts.append([])
                used = 0
    return [MatrixPart(p, p[0].columns[0].n, p[-1].columns[-1].n) for p in parts if p]


def render_dashboard(results: ScanResults, lang: str, previous: ScanResults | None = None,
                     history: dict[str, list[tuple[str, float | None]]] | None = None) -> str:
    infos = model.rule_infos(results, lang)
    rows = portal_rows(results, lang, previous, history)
    levels = sorted({p.level for p in results.portals})
    ctx = _common(results, lang, _static("dashboard.js"))
    groups = matrix_groups(infos, results.rules_meta, ctx["s"])
    ctx.update(rows=rows, infos=infos, matrix_groups=groups, matrix_parts=matrix_parts(groups),
               columns={c.id: c for g in groups for c in g.columns}, stats=rule_stats(results, infos), levels=levels,
               has_change=previous is not None or any(r.change.direction != "none" for r in rows),
               has_trend=any(r.trend for r in rows), status_order=list(model.STATUS_ORDER),
               status_rank=model.STATUS_ORDER)
    return _env().get_template("dashboard.html").render(ctx)


def _evidence_view(e: Any, prefix: str, lang: str) -> dict[str, Any]:
    match = e.extra.get("match")
    archived = e.extra.get("archived")
    detail = " · ".join(str(e.extra[k]) for k in ("axe_id", "wcag", "impact", "selector")
                        if isinstance(e.extra.get(k), (str, int, float)) and e.extra.get(k) != "")
    note, note_lang = evidence_note(e, lang)
    return {"href": safe_href(e.url), "url": e.url, "note": note, "note_lang": note_lang,
            "reason": evidence_reason(e), "detail": detail,
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
                ev = [_evidence_view(e, "../", lang) for e in r.evidence[:model.MAX_EVIDENCE_SHOWN]]
                items.append({"r": r, "info": info, "message": model.message(r, lang),
                              "evidence": ev[:EVIDENCE_VISIBLE], "folded": ev[EVIDENCE_VISIBLE:],
                              "folded_n": max(0, len(r.evidence) - EVIDENCE_VISIBLE),
                              "more": max(0, len(r.evidence) - model.MAX_EVIDENCE_SHOWN),
                              "anchor": "r-" + r.rule})
            part.append({"g": g, "items": items})
            n += len(items)
        parts.append({"status": status, "groups": part, "n": n})
    crawl = portal.crawl if isinstance(portal.crawl, dict) else {}
    crawl_s = crawl.get("duration_s")
    ctx = _common(results, lang, None)
    ctx.update(p=portal, portal_error=portal_error(portal, lang), portal_reason=portal_error_reason(portal, lang),
               score=format_number(portal.score, lang), counts=model.counts(portal),
               parts=parts, crawl=crawl,
               duration=model.format_duration(model.portal_duration(portal), lang) or None,
               crawl_duration=model.format_duration(crawl_s, lang) if isinstance(portal.duration_s, (int, float)) else "",
               portal_as_of=model.format_time(portal.as_of, lang) if portal.as_of else ctx["prov"].as_of,
               errors=portal.errors[:MAX_ERRORS_SHOWN], errors_more=max(0, len(portal.errors) - MAX_ERRORS_SHOWN),
               portal_scan_time=model.time_span(portal.started_at, portal.finished_at, lang) if portal.started_at else ctx["scan_time"],
               wcag=model.wcag_summary(portal.result("a11y.wcag"), lang=lang))
    return _env().get_template("portal.html").render(ctx)


def summary_agencies(results: ScanResults, lang: str) -> list[dict[str, Any]]:
    """Per agency, its requirements not met and its items to review, in the decree's order:
    what the officials' summary says, in HTML (summary.html) and in Word (summary.docx)."""
    infos = model.rule_infos(results, lang)

    def items(p: PortalResult, status: str) -> list[dict[str, Any]]:
        found = [(r, infos.get(r.rule) or model.rule_info(r.rule, None, lang))
                 for r in p.results if r.status == status]
        found.sort(key=lambda ri: ri[1].sort_key)
        return [{"r": r, "info": i, "message": model.message(r, lang)} for r, i in found]

    return [{"p": p, "score": format_number(p.score, lang), "unmet": items(p, "fail"), "review": items(p, "review"),
             "error": portal_error(p, lang), "reason": portal_error_reason(p, lang)}
            for p in results.portals]


def render_summary(results: ScanResults, lang: str) -> str:
    """The officials' summary: requirements not met per agency, with legal basis, for A4."""
    ctx = _common(results, lang, None)
    ctx.update(agencies=summary_agencies(results, lang))
    return _env().get_template("summary.html").render(ctx)
