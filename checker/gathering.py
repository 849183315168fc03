"""Gather, then judge: the rounds that complete a snapshot before its final evaluation.

Checks are pure functions of the snapshot and the as-of time. A check that needs what the
crawl did not collect (a leader's detail page, the result page of a search probe, axe-core
results) asks the snapshot for it; in a *gather round* the snapshot records those requests
(:attr:`crawlers.snapshot.Snapshot.wanted`), the gatherer of ``crawlers/`` fulfils them,
and the rules that missed something are evaluated again. A rule that missed nothing was
evaluated on what it needs, complete: its result is its verdict. After ``MAX_ROUNDS``
rounds that still wanted more, one last evaluation of the rules still missing something,
on the frozen snapshot, gives theirs (whatever is still missing is judged as missing:
``error``, never ``fail``).

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
    """Results of the rules on ``snapshot`` after the gather rounds (see the module docstring).

    Only the rules that read something missing are evaluated again: every other rule read
    nothing that a round adds (whole-site checks iterate the crawl's pages only, never the
    gathered ones, and a memoised value computed while something was missing counts as
    missing for every rule that reads it — ``Context.memo``), so its result is already the
    one a full evaluation of the final snapshot gives; the test suite compares every rule
    fixture and demo portal with exactly that evaluation, its offline replay.

    The rounds share one memo (``Context.memo``) less the values computed while something
    was missing: a complete value read nothing a round adds (the same argument), so the
    whole-site indexes (sections, links, e-mails …) are built once, not once per round."""
    memo: dict[Any, Any] = {}

    def once(ids: set[str] | None, missed: set[str] | None = None) -> list[RuleResult]:
        return evaluate(snapshot, ruleset, level=level, now=now, portal=portal, settings=settings, only=ids,
                        missed=missed, cache=memo)

    if gatherer is None:
        return once(only)
    attempted: set[Want] = set()
    final: dict[str, RuleResult] = {}
    redo = only
    for _ in range(MAX_ROUNDS):
        missed: set[str] = set()
        snapshot.wanted.clear()
        snapshot.recording = True
        try:
            for r in once(redo, missed):
                final[r.rule] = r
        finally:
            snapshot.recording = False
        new = [w for w in snapshot.wanted if w not in attempted]
        snapshot.wanted.clear()
        if not missed:
            return _in_order(final, ruleset)
        redo = missed
        if not new:
            break  # what they miss was asked for before and could not be had: judged as missing below
        attempted.update(new)
        gatherer.fulfil(new)
    for r in once(redo):  # the frozen snapshot: a miss is judged as missing (error, never fail)
        final[r.rule] = r
    return _in_order(final, ruleset)


def _in_order(results: dict[str, RuleResult], ruleset: RuleSet) -> list[RuleResult]:
    return [results[r.id] for r in ruleset.rules if r.id in results]
