"""View models: turn ScanResults into the plain structures every output format renders.

One place decides ordering (the decree's article/clause/point order, failures first),
labels (rule titles, legal text) and fallbacks (any ``rules.meta`` key may be missing),
so the HTML, the summary, JUnit and the spreadsheets all say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from checker.results import STATUSES, PortalResult, RuleResult, ScanResults
from reports import citations
from reports import regime as regimes
from reports.i18n import format_number, pick, strings

# Failures first: that is what an editor must act on.
STATUS_ORDER = {"fail": 0, "error": 1, "review": 2, "pass": 3, "not_applicable": 4}
# Vietnamese point letters in statute order (đ comes after d; there is no f, j, w, z).
_POINTS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"]
MAX_EVIDENCE_SHOWN = 12
# Officials work in Asia/Ho_Chi_Minh: UTC+7 all year (no daylight saving since 1975).
VN_TZ = timezone(timedelta(hours=7), "GMT+7")


def _num_key(value: Any) -> tuple[int, Any]:
    """Sort integers numerically, anything else after them as text (e.g. 'III')."""
    if value is None or value == "":
        return (2, "")
    try:
        return (0, int(value))
    except (TypeError, ValueError):
        return (1, str(value))


def _point_key(point: Any) -> tuple[int, Any]:
    if point is None or point == "":
        return (-1, "")
    p = str(point).strip().lower()
    return (_POINTS.index(p), "") if p in _POINTS else (len(_POINTS), p)


@dataclass
class RuleInfo:
    """What the reports say about a rule, with every ``rules.meta`` key optional."""

    id: str
    title: str
    legal_text: str  # e.g. "điểm a khoản 1 Điều 10 Nghị định số …", without the caveat
    provisional: bool
    group_key: tuple
    group_heading: str
    severity: str
    severity_label: str
    help: str
    weight: float | None
    caveat: str = ""  # the provisional caveat in the report's language, "" when settled
    documents: list[citations.Document] = field(default_factory=list)
    documents_title: str = ""  # "24/2011/TT-BTTTT: Quy định về …; …" for a tooltip

    @property
    def sort_key(self) -> tuple:
        return (self.group_key, self.id)

    @property
    def citation(self) -> str:
        """The citation with its caveat: what every report shows where a citation stands."""
        return f"{self.legal_text} {self.caveat}" if self.caveat else self.legal_text


def _legal(meta: dict[str, Any]) -> dict[str, Any]:
    legal = meta.get("legal")
    return legal if isinstance(legal, dict) else {}


def rule_info(rule_id: str, meta: dict[str, Any] | None, lang: str, regime_document: str = "") -> RuleInfo:
    """Labels for one rule in ``lang``, falling back to the rule id when meta is missing.
    The citation is rendered from the references (:mod:`reports.citations`), never taken
    from a stored text, so a report reads the same in every format and language. Rules
    citing ``regime_document`` (the regime's own, reports.regime) are grouped and ordered
    by its articles; the others after them, by document."""
    s = strings(lang)
    meta = meta if isinstance(meta, dict) else {}
    refs = [r for r in citations.normalise(_legal(meta), default=regime_document)
            if r.document.number or r.article or r.chapter]
    legal_text = (citations.render(refs, lang) if refs else
                  citations.label(citations.document(regime_document), lang) if regime_document else s["legal_other"])
    provisional = any(r.provisional for r in refs)
    primary = next((r for r in refs if citations.is_primary(r.document, regime_document) and (r.article or r.chapter)),
                   None)
    if primary is not None:
        # Articles in number order; a chapter cited without an article sorts after them.
        group_key: tuple = (0, "", _num_key(primary.article) if primary.article else (1, f"chapter {primary.chapter}"),
                            _num_key(primary.clause), _point_key(primary.point))
        bare = citations.Reference(primary.document, primary.chapter, primary.article, primary.clause, primary.point)
        heading = citations.render([bare], lang)
    else:
        first = refs[0] if refs else None
        document = first.document.number if first else ""
        group_key = (1, document, _num_key(first.article if first else None), _num_key(first.clause if first else None),
                     _point_key(first.point if first else None))
        heading = legal_text if first and not citations.is_primary(first.document, regime_document) else s["legal_other"]
    severity = str(meta.get("severity") or "")
    weight = meta.get("weight")
    return RuleInfo(
        id=rule_id, title=pick(meta.get("title"), lang, rule_id) or rule_id,
        legal_text=legal_text, provisional=provisional,
        group_key=group_key, group_heading=heading, severity=severity,
        severity_label=s["severity"].get(severity, severity), help=pick(meta.get("help"), lang),
        weight=weight if isinstance(weight, (int, float)) else None,
        caveat=s["cite_provisional"] if provisional else "",
        documents=[d for d, _ in citations.by_document(refs)],
        documents_title="; ".join(f"{citations.label(d, lang)}: {pick(d.title, lang)}"
                                  for d, _ in citations.by_document(refs) if d.title))


def rule_infos(results: ScanResults, lang: str) -> dict[str, RuleInfo]:
    """Every rule known from meta or met in a result, in the decree's order."""
    ids = set(results.rules_meta)
    for p in results.portals:
        ids.update(r.rule for r in p.results)
    document = regimes.view(results, lang).document
    infos = [rule_info(i, results.rules_meta.get(i), lang, document) for i in ids]
    return {i.id: i for i in sorted(infos, key=lambda i: i.sort_key)}


def message(r: RuleResult, lang: str) -> str:
    return pick(r.messages, lang, r.message) or r.message


@dataclass
class Change:
    """Score change since the previous scan, for the dashboard."""

    delta: float | None
    label: str
    sort: float
    direction: str  # "up", "down", "same", "new", "none"


def score_change(score: float | None, before: float | None, known_before: bool, lang: str) -> Change:
    s = strings(lang)
    if not known_before:
        return Change(None, "–", 0.0, "none")
    if before is None and score is not None:
        return Change(None, s["change_new"], 0.0, "new")
    if before is None or score is None:
        return Change(None, "–", 0.0, "none")
    delta = round(score - before, 1)
    if delta == 0:
        return Change(0.0, "±0", 0.0, "same")
    sign = "+" if delta > 0 else "−"
    return Change(delta, sign + format_number(abs(delta), lang), delta, "up" if delta > 0 else "down")


@dataclass
class Group:
    key: tuple
    heading: str
    anchor: str
    findings: list[tuple[RuleResult, RuleInfo]] = field(default_factory=list)


def group_findings(portal: PortalResult, infos: dict[str, RuleInfo], lang: str,
                   meta: dict[str, Any], status: str | None = None) -> list[Group]:
    """Findings (optionally of one status) grouped by article/clause/point, in the decree's order."""
    groups: dict[tuple, Group] = {}
    prefix = f"{status or 'all'}-g"
    for r in portal.results:
        if status is not None and r.status != status:
            continue
        info = infos.get(r.rule) or rule_info(r.rule, meta.get(r.rule), lang)
        g = groups.get(info.group_key)
        if g is None:
            g = groups[info.group_key] = Group(info.group_key, info.group_heading, "")
        g.findings.append((r, info))
    ordered = sorted(groups.values(), key=lambda g: g.key)
    for n, g in enumerate(ordered, 1):
        g.anchor = f"{prefix}{n}"
        g.findings.sort(key=lambda ri: (STATUS_ORDER.get(ri[0].status, 9), ri[1].sort_key))
    return ordered


def sections(portal: PortalResult, infos: dict[str, RuleInfo], lang: str,
             meta: dict[str, Any]) -> list[tuple[str, list[Group]]]:
    """The portal page's parts, failures first: (status, groups in the decree's order)."""
    present = {r.status for r in portal.results}
    order = sorted(present, key=lambda st: STATUS_ORDER.get(st, 9))
    return [(st, group_findings(portal, infos, lang, meta, st)) for st in order]


def counts(portal: PortalResult) -> dict[str, int]:
    c = {s: 0 for s in STATUSES}
    for r in portal.results:
        c[r.status] = c.get(r.status, 0) + 1
    return c


@dataclass
class WcagRow:
    criterion: str
    count: int
    axe_ids: list[str]
    example: str
    impact: str


def wcag_summary(result: RuleResult | None, top: int = 10, lang: str = "vi") -> list[WcagRow]:
    """Top accessibility violations of ``a11y.wcag``, grouped by WCAG criterion."""
    if result is None:
        return []
    rows: dict[str, WcagRow] = {}
    for e in result.evidence:
        if not e.extra.get("axe_id") and not e.extra.get("wcag"):
            continue
        wcag = e.extra.get("wcag") or "?"
        crit = ", ".join(str(w) for w in wcag) if isinstance(wcag, list) else str(wcag)
        row = rows.setdefault(crit, WcagRow(crit, 0, [], "", ""))
        n = e.extra.get("count")
        row.count += n if isinstance(n, int) and n > 0 else 1
        axe_id = str(e.extra.get("axe_id") or "")
        if axe_id and axe_id not in row.axe_ids:
            row.axe_ids.append(axe_id)
        if not row.example:
            # help is {"vi": …, "en": …} from the axe rule (or a plain string from other tools)
            help_text = pick(e.extra.get("help"), lang) if isinstance(e.extra.get("help"), dict) else str(e.extra.get("help") or "")
            row.example = " — ".join(x for x in (help_text, str(e.extra.get("selector") or "")) if x)
        if not row.impact:
            row.impact = str(e.extra.get("impact") or "")
    return sorted(rows.values(), key=lambda r: (-r.count, r.criterion))[:top]


# -- provenance ------------------------------------------------------------------------------
def format_time(iso: str, lang: str, *, seconds: bool = False) -> str:
    """A stored timestamp (ISO, UTC with offset) in Asia/Ho_Chi_Minh with the zone shown:
    "22/11/2026 09:00 (GMT+7)"; a naive timestamp is taken as UTC, as d43 stores them."""
    if not iso:
        return ""
    try:
        t = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    local = t.astimezone(VN_TZ)
    clock = "%H:%M:%S" if seconds else "%H:%M"
    return local.strftime(("%d/%m/%Y " if lang == "vi" else "%Y-%m-%d ") + clock) + " (GMT+7)"


def time_span(start: str, end: str, lang: str) -> str:
    """"22/11/2026 09:00 – 09:12 (GMT+7)"; the date again only when the span crosses midnight."""
    a, b = format_time(start, lang), format_time(end, lang)
    if a and b and a != b:
        a_day, b_day = a.rsplit(" ", 2)[0], b.rsplit(" ", 2)[0]
        if a_day == b_day:
            return f"{a.rsplit(' ', 1)[0]} – {b.rsplit(' ', 2)[1]} (GMT+7)"
        return f"{a.rsplit(' ', 1)[0]} – {b}"
    return a or b or "–"


def format_duration(seconds: float | None, lang: str) -> str:
    """"8,7 giây", "2 phút 05 giây" / "8.7 s", "2 min 05 s"."""
    if not isinstance(seconds, (int, float)) or seconds < 0:
        return ""
    s = strings(lang)
    if seconds < 60:
        return s["seconds"].format(n=format_number(seconds, lang))
    minutes, rest = divmod(int(round(seconds)), 60)
    return s["prov_minutes"].format(m=minutes, s=f"{rest:02d}")


@dataclass
class Provenance:
    """Where a report's verdicts come from: as of when, which rules, which d43."""

    as_of: str  # "22/11/2026 09:00 (GMT+7)"
    rules: str  # "decree43 2026.11.1"
    tool: str  # "d43 0.1.0"
    scan_time: str  # the scan's start – end, local time


def portal_duration(p: PortalResult) -> float | None:
    """The portal's check time: crawl, gathering and evaluation (``duration_s``). Results
    written before it was recorded only know the crawl's own time, or start and end."""
    if isinstance(p.duration_s, (int, float)):
        return float(p.duration_s)
    try:
        if p.started_at and p.finished_at:
            return max(0.0, (datetime.fromisoformat(p.finished_at) - datetime.fromisoformat(p.started_at)).total_seconds())
    except ValueError:
        pass
    crawl = p.crawl.get("duration_s") if isinstance(p.crawl, dict) else None
    return float(crawl) if isinstance(crawl, (int, float)) else None


def provenance(results: ScanResults, lang: str) -> Provenance:
    rules = " ".join(x for x in (results.rule_set_name(), results.rules_version) if x)
    return Provenance(as_of=format_time(results.effective_as_of(), lang) or "–", rules=rules or "–",
                      tool=f"d43 {results.tool_version}" if results.tool_version else "d43",
                      scan_time=time_span(results.started_at, results.finished_at, lang))
