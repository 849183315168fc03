"""Accessibility check functions (the regime's accessibility article, see the rule file): ``axe`` here, ``a11y_support`` in
:mod:`checker.functions.a11y_support`.

Verdicts, on purpose:

Both are pure functions of the snapshot: they ask it for the artifacts the gatherers of
crawlers/a11y/ collect in Chromium (``axe`` per sampled page, ``support`` per portal), by
a :class:`~crawlers.artifacts.Want` that the rule's options and the snapshot's pages fully
determine. A missing artifact, or one whose ``error`` says a page could not be checked, is
``error`` with the reason, never a fail; an artifact saying there was no browser at all
makes the static subset below run instead.

- ``axe``: ``fail`` when axe-core in Chromium found a violation of an impact listed in
  ``impacts_fail`` on a sampled page; ``pass`` only when every sampled page was tested and
  none has; without a browser the static subset (lang, alt, labels, title, link text,
  headings) runs and the result is ``review`` — a partial check is never a pass. A page the
  browser could not load is reported, never counted as a violation.
- ``a11y_support``: ``pass`` only when a text-size or contrast control was found *and*
  clicking it visibly changed the page in Chromium; ``fail`` when such a control does
  nothing (evidence: the control and the measurement) or when no support feature was found
  on any page searched; ``review`` when features were found but could not be shown to work
  (no browser, read-aloud/help page only).
"""

from __future__ import annotations

from typing import Annotated, Any

from checker.a11y import IMPACT_ORDER, browser_reason, criterion, rule_help
from checker.a11y.axe import AxePage
from checker.a11y.sample import sample_pages
from checker.registry import (
    ERROR,
    FAIL,
    PASS,
    REVIEW,
    Context,
    NonEmpty,
    Outcome,
    Positive,
    Schema,
    Seconds,
    check,
    outcome,
)
from checker.results import Bi, Evidence, bi
from crawlers.a11y import is_no_browser
from crawlers.artifacts import Artifact, Want

__all__ = ["axe", "axe_want"]

IMPACTS = tuple(IMPACT_ORDER)


# ============================================================================ a11y.wcag: axe
# an axe-core impact level, as the ``impacts_fail`` / ``impacts_review`` options name them
Impact = Annotated[str, Schema(enum=list(IMPACTS), title="impact")]


@check("axe", needs=("axe",))
def axe(ctx: Context, *, sample: Positive = 5, tags: Annotated[list[str], NonEmpty] | None = None,
        impacts_fail: list[Impact] | None = None, impacts_review: list[Impact] | None = None,
        disable: list[str] | None = None, page_timeout: Seconds = 20.0, max_seconds: Seconds = 90.0) -> Outcome:
    """axe-core (WCAG ``tags``, default wcag2a + wcag2aa) on the home page and up to
    ``sample - 1`` section pages. ``impacts_fail`` (default serious, critical) decide a fail;
    violations of ``impacts_review`` impacts (default none) make a review; other violations
    are listed as evidence of a pass. ``disable``: axe rule ids not to run. ``page_timeout``:
    seconds per page (load + axe); ``max_seconds``: no new page is started after this."""
    tags = list(tags or ["wcag2a", "wcag2aa"])
    fail_on = set(impacts_fail if impacts_fail is not None else ["serious", "critical"])
    review_on = set(impacts_review or []) - fail_on
    pages = sample_pages(ctx, sample)
    if not pages:
        return outcome(ERROR, "Không có trang HTML nào để kiểm tra trợ năng",
                       "No HTML page was fetched to check accessibility",
                       [Evidence(ctx.snapshot.start_url, "", Bi("không tải được trang nào", "no page fetched"))])
    wants = [axe_want(p.final_url or p.url, tags=tags, disable=disable, page_timeout=page_timeout,
                      max_seconds=max_seconds) for p in pages]
    arts = [ctx.snapshot.artifact(w) for w in wants]  # every want asked before deciding: one gather round
    missing = _missing(wants, arts, "axe-core results", "kết quả axe-core")
    if missing is not None:
        return missing
    none = next((a for a in arts if is_no_browser(a)), None)
    if none is not None:
        return _static_review(ctx, pages, browser_reason(none.error or ""))
    results = [AxePage.from_artifact(a) for a in arts if a is not None]
    skipped = [r.url for r in results if r.budget]
    tested = [r for r in results if r.tested]
    broken = [r for r in results if not r.tested and not r.budget]
    if not tested:
        ev = [Evidence(r.url, "", bi("lỗi trình duyệt", "browser: {}", r.error), {"reason": r.error}) for r in results]
        return outcome(ERROR, f"Không kiểm tra được trang nào bằng axe-core trong trình duyệt ({len(results)} trang)",
                       f"axe-core could not check any sampled page in the browser ({len(results)} page(s)): "
                       + "; ".join(dict.fromkeys(r.error for r in results)), ev)

    groups = _group(tested)
    failing = [g for g in groups if g["impact"] in fail_on]
    reviewing = [g for g in groups if g["impact"] in review_on]
    evidence = [_violation_evidence(g) for g in failing + reviewing]
    evidence += [Evidence(r.url, "", bi("lỗi trình duyệt (chưa kiểm tra)", "browser: {} (not tested)", r.error),
                          {"reason": r.error}) for r in broken]
    evidence += [_violation_evidence(g) for g in groups if g not in failing and g not in reviewing]
    engine = f"axe-core {tested[0].engine or '?'} ({', '.join(tags)})"
    npages = len(tested)
    counts = _impact_counts(groups)
    counts_vi = _impact_counts(groups, vi=True)
    not_tested = not_tested_vi = ""
    if broken:
        not_tested += f"; {len(broken)} page(s) could not be loaded in the browser"
        not_tested_vi += f"; {len(broken)} trang không tải được trong trình duyệt"
    if skipped:
        not_tested += f"; {len(skipped)} page(s) not sampled (time budget {max_seconds:g} s)"
        not_tested_vi += f"; {len(skipped)} trang chưa kiểm tra (hết thời gian {max_seconds:g} giây)"
    if failing:
        n = sum(g["nodes"] for g in failing)
        ids = ", ".join(g["axe_id"] for g in failing[:6])
        return outcome(FAIL,
                       f"{engine}: {len(failing)} lỗi mức {'/'.join(_vi_impacts(fail_on))} ({n} phần tử) trên {npages} trang đã kiểm tra: {ids}{not_tested_vi}",
                       f"{engine}: {len(failing)} {'/'.join(sorted(fail_on))} violation(s) ({n} elements) on {npages} page(s) tested: {ids}{not_tested}",
                       evidence)
    page_ev = [Evidence(r.url, "", Bi(f"{engine}: không có lỗi mức {'/'.join(_vi_impacts(fail_on))} "
                                      f"({len(r.violations)} lỗi khác; tải trang {r.load_seconds:.1f} giây, axe {r.axe_seconds:.1f} giây)",
                                      f"{engine}: no {'/'.join(sorted(fail_on))} violations "
                                      f"({len(r.violations)} other; load {r.load_seconds:.1f} s, axe {r.axe_seconds:.1f} s)"),
                        extra={"impacts": _impact_counts(_group([r]))}) for r in tested]
    if reviewing or broken:
        why_en = (f"{len(reviewing)} {'/'.join(sorted(review_on))} violation(s) to confirm" if reviewing else
                  "no blocking violation on the pages tested")
        return outcome(REVIEW,
                       f"{engine}: không có lỗi mức {'/'.join(_vi_impacts(fail_on))} trên {npages} trang; "
                       + ("có lỗi cần xem xét" if reviewing else "chưa kiểm tra hết") + not_tested_vi,
                       f"{engine}: {why_en} on {npages} page(s){not_tested}", evidence + page_ev)
    return outcome(PASS,
                   f"{engine}: không có lỗi mức {'/'.join(_vi_impacts(fail_on))} trên {npages} trang đã kiểm tra"
                   + (f" (lỗi mức thấp hơn: {counts_vi})" if groups else "") + not_tested_vi,
                   f"{engine}: no {'/'.join(sorted(fail_on))} violations on {npages} page(s) tested"
                   + (f" ({counts} of lower impact)" if groups else "") + not_tested,
                   page_ev + evidence)


def axe_want(url: str, *, tags: list[str], disable: list[str] | None, page_timeout: float,
             max_seconds: float) -> Want:
    """What rule ``a11y.wcag`` asks the gatherer (crawlers.a11y.axe.gather_axe) for one page."""
    return Want.of("axe", url, tags=list(tags), disable=list(disable or []), timeout=float(page_timeout),
                   budget=float(max_seconds))


def _missing(wants: list[Want], arts: list[Artifact | None], what_en: str, what_vi: str) -> Outcome | None:
    """``error`` naming the pages whose artifacts were not gathered (None when all were)."""
    gone = [w for w, a in zip(wants, arts, strict=True) if a is None]
    if not gone:
        return None
    return outcome(ERROR, f"Chưa thu thập {what_vi} cho {len(gone)} trang",
                   f"{what_en} not gathered for {len(gone)} page(s) (the browser work did not run)",
                   [Evidence(w.url, "", bi("chưa thu thập kết quả {}", "{} artifact not gathered", w.kind)) for w in gone])

_VI_IMPACT = {"critical": "nghiêm trọng", "serious": "nặng", "moderate": "trung bình", "minor": "nhẹ"}


def _vi_impacts(impacts: set[str]) -> list[str]:
    return [_VI_IMPACT.get(i, i) for i in sorted(impacts, key=lambda i: IMPACT_ORDER.get(i, 9))]


def _group(tested) -> list[dict[str, Any]]:
    """Violations grouped by axe rule across pages (one evidence item per rule, so that the
    evidence cap keeps every rule and ``nodes`` keeps the true count)."""
    groups: dict[str, dict[str, Any]] = {}
    for r in tested:
        for v in r.violations:
            g = groups.get(v.id)
            if g is None:
                g = groups[v.id] = {"axe_id": v.id, "impact": v.impact, "wcag": v.wcag, "help_en": v.help,
                                    "help_url": v.help_url, "url": r.url, "node": v.nodes[0] if v.nodes else None,
                                    "nodes": 0, "pages": [], "selectors": []}
            g["nodes"] += v.count
            g["pages"].append({"url": r.url, "nodes": v.count})
            g["selectors"] += [n.selector for n in v.nodes if n.selector][: max(0, 5 - len(g["selectors"]))]
    return sorted(groups.values(), key=lambda g: (IMPACT_ORDER.get(g["impact"], 9), -g["nodes"]))


def _impact_counts(groups: list[dict[str, Any]], vi: bool = False) -> str:
    """``"1 serious, 2 minor"``: violated axe rules per impact."""
    c: dict[str, int] = {}
    for g in groups:
        c[g["impact"]] = c.get(g["impact"], 0) + 1
    return ", ".join(f"{n} {_VI_IMPACT.get(i, i) if vi else i}"
                     for i, n in sorted(c.items(), key=lambda kv: IMPACT_ORDER.get(kv[0], 9)))


def _violation_evidence(g: dict[str, Any]) -> Evidence:
    node = g["node"]
    wcag = g["wcag"][0] if g["wcag"] else ""
    sc = criterion(wcag)
    extra = {"axe_id": g["axe_id"], "impact": g["impact"], "wcag": wcag, "wcag_all": g["wcag"],
             "selector": node.selector if node else "", "selectors": g["selectors"],
             "help": rule_help(g["axe_id"], g["help_en"]), "help_url": g["help_url"],
             "nodes": g["nodes"], "count": g["nodes"],
             "pages": g["pages"], "source": "axe"}
    if sc:
        extra["wcag_name"] = {"vi": sc.get("vi", ""), "en": sc.get("en", "")}
        extra["wcag_level"] = sc.get("level", "")
    npages = len(g["pages"])
    note = Bi(f"axe {g['axe_id']} (mức {_VI_IMPACT.get(g['impact'], g['impact'])}), WCAG {wcag or '—'}: "
              f"{g['nodes']} phần tử trên {npages} trang",
              f"axe {g['axe_id']} ({g['impact']}), WCAG {wcag or '—'}: {g['nodes']} element(s) on {npages} page(s)")
    return Evidence(g["url"], node.html if node else "", note, extra)


def _static_review(ctx: Context, pages, why: Bi) -> Outcome:
    """No browser: the static subset, as review (never pass: contrast, keyboard and scripts
    were not checked)."""
    from checker.a11y.static import STATIC_RULES, check_page

    evidence: list[Evidence] = []
    per_rule: dict[str, list] = {}
    for page in pages:
        for f in check_page(page):
            per_rule.setdefault(f.axe_id, []).append((page.url, f))
    ordered = sorted(per_rule.items(), key=lambda kv: (IMPACT_ORDER.get(kv[1][0][1].impact, 9), -len(kv[1])))
    for rule_id, hits in ordered:
        url, f = hits[0]
        pages_hit: dict[str, int] = {}
        for u, _ in hits:
            pages_hit[u] = pages_hit.get(u, 0) + 1
        sc = criterion(f.wcag)
        extra = {"axe_id": rule_id, "impact": f.impact, "wcag": f.wcag, "selector": f.selector,
                 "selectors": [h[1].selector for h in hits[:5]], "help": rule_help(rule_id),
                 "nodes": len(hits), "count": len(hits),
                 "pages": [{"url": u, "nodes": n} for u, n in pages_hit.items()], "source": "static"}
        if sc:
            extra["wcag_name"] = {"vi": sc.get("vi", ""), "en": sc.get("en", "")}
        evidence.append(Evidence(url, f.html, bi(
            "kiểm tra tĩnh {} (mức {}), WCAG {}: {} phần tử" + ("; {}" if f.note else ""),
            "static {} ({}), WCAG {}: {} element(s)" + ("; {}" if f.note else ""),
            rule_id, Bi(_VI_IMPACT.get(f.impact, f.impact), f.impact), f.wcag, len(hits), f.note), extra))
    clean = [p for p in pages if p.url not in {u for hits in per_rule.values() for u, _ in hits}]
    evidence += [Evidence(p.url, "", bi("kiểm tra tĩnh một phần ({} phép kiểm tra): không thấy lỗi",
                                            "static subset ({} checks): nothing found", len(STATIC_RULES))) for p in clean]
    n = sum(len(h) for h in per_rule.values())
    blocking = sum(len(h) for h in per_rule.values() if h[0][1].impact in ("serious", "critical"))
    return outcome(REVIEW,
                   f"Chưa chạy được axe-core trong trình duyệt ({why.vi}); kiểm tra tĩnh một phần trên {len(pages)} trang: "
                   f"{n} vấn đề ({blocking} mức nặng/nghiêm trọng). Cần kiểm tra đầy đủ (độ tương phản, bàn phím).",
                   f"axe-core could not run in a browser ({why.en}); static subset on {len(pages)} page(s): "
                   f"{n} finding(s) ({blocking} serious/critical). Contrast, keyboard and scripted content "
                   f"were not checked: not a full WCAG check.",
                   evidence)
