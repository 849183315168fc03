"""Gather, then judge: the rounds that complete a snapshot before its final evaluation.

Checks are pure functions of the snapshot and the as-of time. A check that needs what the
crawl did not collect (a leader's detail page, the result page of a search probe, axe-core
results) asks the snapshot for it; in a *gather round* the snapshot records those requests
(:attr:`crawlers.snapshot.Snapshot.wanted`), the gatherer of ``crawlers/`` fulfils them,
and the rules are evaluated again. A round in which nothing new is wanted was evaluated on
the snapshot as it is now, complete: its results are the verdicts. After ``MAX_ROUNDS``
rounds that still wanted more, one last evaluation on the frozen snapshot gives them
(whatever is still missing is judged as missing: ``error``, never ``fail``).

Because the verdicts are a function of the final snapshot only, and the archive holds that
snapshot (pages, artifacts, page order, as-of time), ``--from-archive`` gives the same
verdicts without network or browser: there is no gatherer then, and one evaluation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from checker.evaluate import evaluate
from checker.results import RuleResult
from checker.rules import RuleSet
from crawlers.artifacts import Want
from crawlers.snapshot import Snapshot

MAX_ROUNDS = 4


class Gathers(Protocol):
    def fulfil(self, wants: list[Want]) -> None: ...


def evaluate_gathered(snapshot: Snapshot, ruleset: RuleSet, *, level: str, now: datetime,
                      portal: dict[str, Any] | None = None, settings: dict[str, Any] | None = None,
                      only: set[str] | None = None, gatherer: Gathers | None = None) -> list[RuleResult]:
    """Results of the rules on ``snapshot`` after the gather rounds (see the module docstring)."""
    def once() -> list[RuleResult]:
        return evaluate(snapshot, ruleset, level=level, now=now, portal=portal, settings=settings, only=only)

    if gatherer is None:
        return once()
    attempted: set[Want] = set()
    for _ in range(MAX_ROUNDS):
        snapshot.wanted.clear()
        snapshot.recording = True
        try:
            results = once()
        finally:
            snapshot.recording = False
        new = [w for w in snapshot.wanted if w not in attempted]
        snapshot.wanted.clear()
        if not new:
            return results
        attempted.update(new)
        gatherer.fulfil(new)
    return once()
