"""View models: turn ScanResults into the plain structures every output format renders.

One place decides ordering (the decree's article/clause/point order, failures first),
labels (rule titles, legal text) and fallbacks (any ``rules.meta`` key may be missing),
so the HTML, the summary, JUnit and the spreadsheets all say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.results import STATUSES, PortalResult, RuleResult, ScanResults
from reports.i18n import format_number, pick, strings

# Failures first: that is what an editor must act on.
STATUS_ORDER = {"fail": 0, "error": 1, "review": 2, "pass": 3, "not_applicable": 4}
# Vietnamese point letters in statute order (đ comes after d; there is no f, j, w, z).
_POINTS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"]
DECREE = "Nghị định 43/2011/NĐ-CP"
MAX_EVIDENCE_SHOWN = 12


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
    legal_text: str  # e.g. "Điều 10 khoản 1 điểm a Nghị định 43/2011/NĐ-CP"
    provisional: bool
    group_key: tuple
    group_heading: str
    severity: str
    severity_label: str
    help: str
    weight: float | None

    @property
    def sort_key(self) -> tuple:
        return (self.group_key, self.id)


def _legal(meta: dict[str, Any]) -> dict[str, Any]:
    legal = meta.get("legal")
    return legal if isinstance(legal, dict) else {}


def _with_document(text: str, document: str, doc_label: str) -> str:
    """``text`` followed by the document's name, unless the text already names it."""
    if not text:
        return doc_label
    number = document.split()[-1] if document.split() else document
    key = "/".join(number.split("/")[:2]).lower()  # "43/2011" names the decree in any language
    if key and key in text.replace(" ", "").lower():
        return text
    return f"{text} {doc_label}"


def rule_info(rule_id: str, meta: dict[str, Any] | None, lang: str) -> RuleInfo:
    """Labels for one rule in ``lang``, falling back to the rule id when meta is missing."""
    s = strings(lang)
    meta = meta if isinstance(meta, dict) else {}
    legal = _legal(meta)
    document = str(legal.get("document") or DECREE)
    article, clause, point = legal.get("article"), legal.get("clause"), legal.get("point")
    is_decree = document.replace(" ", "").lower() == DECREE.replace(" ", "").lower()
    doc_label = s["decree"] if is_decree else document
    chapter = legal.get("chapter")
    parts = []
    if article in (None, "") and chapter not in (None, ""):
        parts.append(s["legal_chapter"].format(chapter=chapter))  # e.g. online services, Chapter III
    if article not in (None, ""):
        parts.append(s["legal_article"].format(article=article))
        if clause not in (None, ""):
            parts.append(s["legal_clause"].format(clause=clause))
            if point not in (None, ""):
                parts.append(s["legal_point"].format(point=point))
    structural = " ".join(parts)
    text = pick(legal.get("text"), lang) or structural
    legal_text = _with_document(text, document, doc_label)
    also = legal.get("also")
    if isinstance(also, list) and also:
        legal_text = "; ".join([legal_text, *(str(a) for a in also if a)])
    if is_decree and (article not in (None, "") or chapter not in (None, "")):
        # Articles in number order; a chapter cited without an article sorts after them.
        group_key: tuple = (0, "", _num_key(article) if article not in (None, "") else (1, f"chapter {chapter}"),
                            _num_key(clause), _point_key(point))
        heading = f"{structural} {doc_label}"
    else:
        group_key = (1, document, _num_key(article), _num_key(clause), _point_key(point))
        heading = legal_text if not is_decree else s["legal_other"]
    severity = str(meta.get("severity") or "")
    weight = meta.get("weight")
    return RuleInfo(
        id=rule_id, title=pick(meta.get("title"), lang, rule_id) or rule_id,
        legal_text=legal_text, provisional=bool(legal.get("provisional")),
        group_key=group_key, group_heading=heading, severity=severity,
        severity_label=s["severity"].get(severity, severity), help=pick(meta.get("help"), lang),
        weight=weight if isinstance(weight, (int, float)) else None)


def rule_infos(results: ScanResults, lang: str) -> dict[str, RuleInfo]:
    """Every rule known from meta or met in a result, in the decree's order."""
    ids = set(results.rules_meta)
    for p in results.portals:
        ids.update(r.rule for r in p.results)
    infos = [rule_info(i, results.rules_meta.get(i), lang) for i in ids]
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
