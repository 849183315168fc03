"""CI gating: exit codes from results, a baseline, and thresholds (docs/cli.md).

Exit 0 the gate passed, 1 it failed.

* ``--fail-on fail`` (default): any rule whose status is ``fail`` fails the gate.
* ``--fail-on regression``: a **regression** fails the gate: a rule that was ``pass`` in the
  baseline and is ``fail`` or ``review`` now, on the same portal (portal id + rule id).
  Without a baseline (the first scan) there is nothing to regress from: the gate passes
  and says so.
* ``--fail-on never``: only ``--fail-under`` (and ``--fail-on-error``) can fail it.
* ``--fail-under SCORE``: a portal scored below SCORE fails the gate.

**Errors are not findings.** A rule that could not be evaluated (``error``: the portal was
unreachable, timed out, or a check crashed) is neither a ``fail`` nor a regression: a scan
problem must never be published as the agency's fault. ``pass`` → ``error``
is reported as *unverified* and an unreachable portal as *unreachable*, both printed, and
neither changes the exit code unless ``--fail-on-error`` is given (then each fails the
gate). An unreachable portal has no score, so ``--fail-under`` does not apply to it.
The regression is not lost either: with the history database as baseline, a rule's baseline
status is its last *evaluated* status (:meth:`checker.history.History.baseline`), so
pass → error → fail is a regression on the scan where it fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.results import ScanResults

NOT_PASSING = ("fail", "review")


@dataclass
class Regression:
    """A rule whose status changed between baseline and now (regressed, fixed or unverified)."""

    portal: str
    rule: str
    before: str
    now: str
    message: str
    evidence: list = field(default_factory=list)

    def describe(self, kind: str, max_evidence: int = 3) -> str:
        lines = [f"{kind} {self.portal}: {self.rule} {self.before} -> {self.now}: {self.message}".rstrip(": ")]
        for e in self.evidence[:max_evidence]:
            excerpt = " ".join((e.excerpt or "").split())[:120]
            note = f" [{e.note}]" if getattr(e, "note", "") else ""
            lines.append(f"    evidence: {e.url}{note}" + (f" — “{excerpt}”" if excerpt else ""))
        if len(self.evidence) > max_evidence:
            lines.append(f"    … and {len(self.evidence) - max_evidence} more")
        return "\n".join(lines)


@dataclass
class Comparison:
    regressions: list[Regression] = field(default_factory=list)  # pass -> fail/review
    fixed: list[Regression] = field(default_factory=list)  # fail/review -> pass
    unverified: list[Regression] = field(default_factory=list)  # pass -> error
    new_portals: list[str] = field(default_factory=list)  # in current only
    missing_portals: list[str] = field(default_factory=list)  # in baseline only


def compare(current: ScanResults, baseline: ScanResults) -> Comparison:
    before = {(p.id, r.rule): r for p in baseline.portals for r in p.results}
    base_ids = {p.id for p in baseline.portals}
    cur_ids = {p.id for p in current.portals}
    out = Comparison(new_portals=[p.id for p in current.portals if p.id not in base_ids],
                     missing_portals=[p.id for p in baseline.portals if p.id not in cur_ids])
    for p in current.portals:
        for r in p.results:
            was = before.get((p.id, r.rule))
            if was is None:
                continue
            if was.status == "pass" and r.status in NOT_PASSING:
                out.regressions.append(Regression(p.id, r.rule, "pass", r.status, r.message, r.evidence))
            elif was.status == "pass" and r.status == "error":
                out.unverified.append(Regression(p.id, r.rule, "pass", "error", r.message, r.evidence))
            elif was.status in NOT_PASSING and r.status == "pass":
                out.fixed.append(Regression(p.id, r.rule, was.status, "pass", r.message, r.evidence))
    return out


def regressions(current: ScanResults, baseline: ScanResults) -> list[Regression]:
    return compare(current, baseline).regressions


def unreachable(current: ScanResults) -> list[str]:
    return [p.id for p in current.portals if p.status == "error"]


def gate(current: ScanResults, *, fail_on: str = "fail", baseline: ScanResults | None = None,
         fail_under: float | None = None, fail_on_error: bool = False) -> tuple[int, list[str]]:
    """(exit code, reasons the gate failed — each may span lines, regressions with evidence)."""
    reasons: list[str] = []
    if fail_on == "fail":
        for p in current.portals:
            n = sum(1 for r in p.results if r.status == "fail")
            if n:
                reasons.append(f"{p.id}: {n} rule(s) fail")
    elif fail_on == "regression" and baseline is not None:
        reasons += [reg.describe("REGRESSION") for reg in compare(current, baseline).regressions]
    if fail_under is not None:
        for p in current.portals:
            if p.score is not None and p.score < fail_under:
                reasons.append(f"{p.id}: score {p.score} is under {fail_under}")
    if fail_on_error:
        down = set(unreachable(current))
        for p in current.portals:
            if p.id in down:
                reasons.append(f"{p.id}: portal unreachable: {p.error or 'no page could be fetched'}")
            else:
                n = sum(1 for r in p.results if r.status == "error")
                if n:
                    reasons.append(f"{p.id}: {n} rule(s) could not be evaluated (error)")
    return (1 if reasons else 0), reasons


def summary(current: ScanResults, baseline: ScanResults | None, *, baseline_label: str = "") -> list[str]:
    """Informational lines for the terminal: what changed since the baseline, with evidence,
    and the portals that could not be reached. They do not decide the exit code."""
    lines: list[str] = []
    for pid in unreachable(current):
        p = next(x for x in current.portals if x.id == pid)
        lines.append(f"UNREACHABLE {pid}: {p.error or 'no page could be fetched'} (its rules are 'error', not 'fail')")
    if baseline is None:
        lines.append("no baseline: nothing to compare with (first scan?); no regressions possible")
        return lines
    c = compare(current, baseline)
    lines.append(f"compared with {baseline_label or 'the baseline'}: {len(c.regressions)} regression(s), "
                 f"{len(c.fixed)} fixed, {len(c.unverified)} unverified")
    lines += [r.describe("REGRESSION") for r in c.regressions]
    lines += [r.describe("FIXED", max_evidence=1) for r in c.fixed]
    lines += [r.describe("UNVERIFIED", max_evidence=1) for r in c.unverified]
    if c.new_portals:
        lines.append(f"new portals (no baseline): {', '.join(c.new_portals)}")
    if c.missing_portals:
        lines.append(f"in the baseline but not scanned now: {', '.join(c.missing_portals)}")
    return lines
