"""CI gating: exit codes from results, a baseline, and thresholds (design.md §1.2).

Exit 0 the gate passed, 1 it failed. A regression is a rule that passed in the baseline
and does not pass now (fail, review or error) on the same portal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.results import ScanResults


@dataclass
class Regression:
    portal: str
    rule: str
    before: str
    now: str
    message: str
    evidence: list = field(default_factory=list)


def regressions(current: ScanResults, baseline: ScanResults) -> list[Regression]:
    before = {(p.id, r.rule): r.status for p in baseline.portals for r in p.results}
    out = []
    for p in current.portals:
        for r in p.results:
            was = before.get((p.id, r.rule))
            if was == "pass" and r.status != "pass":
                out.append(Regression(p.id, r.rule, was, r.status, r.message, r.evidence))
    return out


def gate(current: ScanResults, *, fail_on: str = "fail", baseline: ScanResults | None = None,
         fail_under: float | None = None) -> tuple[int, list[str]]:
    """(exit code, reasons). ``fail_on``: fail | regression | never."""
    reasons: list[str] = []
    if fail_on == "fail":
        for p in current.portals:
            n = sum(1 for r in p.results if r.status == "fail")
            if n:
                reasons.append(f"{p.id}: {n} rule(s) fail")
    elif fail_on == "regression" and baseline is not None:
        for reg in regressions(current, baseline):
            where = reg.evidence[0].url if reg.evidence else ""
            reasons.append(f"{reg.portal}: {reg.rule} regressed {reg.before} -> {reg.now}: {reg.message} {where}".rstrip())
    if fail_under is not None:
        for p in current.portals:
            if p.score is not None and p.score < fail_under:
                reasons.append(f"{p.id}: score {p.score} is under {fail_under}")
    return (1 if reasons else 0), reasons
