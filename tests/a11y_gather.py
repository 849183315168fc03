"""The gather loop (checker/gathering.py) for the accessibility artifacts only, with a
browser session the test provides (the real loop's Gatherer starts its own).

What the loop does: the
checks are evaluated with a *recording* snapshot; the wants they could not find are
fulfilled by the gatherers of crawlers/a11y/ with a real :class:`BrowserSession` (or with
none, as when rendering is off or Chromium is missing); the artifacts are stored in
``snapshot.artifacts``; and the checks are evaluated again, until nothing new is wanted.
The final evaluation reads the snapshot with recording off.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from checker.gathering import MAX_ROUNDS, evaluate_gathered
from checker.registry import Context
from crawlers.a11y.axe import gather_axe
from crawlers.a11y.support import gather_support
from crawlers.artifacts import Artifact, Want
from crawlers.options import CrawlOptions
from crawlers.snapshot import Snapshot

T = TypeVar("T")
GATHERERS: dict[str, Callable[..., Artifact]] = {"axe": gather_axe, "support": gather_support}


class SessionGatherer:
    """A gatherer (checker.gathering.Gathers) that fulfils the a11y wants with the browser
    session the test provides, on the crawl's browser thread when ``runner`` is given."""

    def __init__(self, snapshot: Snapshot, session: Any, options: CrawlOptions | None = None, runner: Any = None):
        self.snapshot, self.session, self.runner = snapshot, session, runner
        self.options = options or CrawlOptions()

    def fulfil(self, wants: list[Want]) -> None:
        for want in wants:
            if want.kind not in GATHERERS or want.key in self.snapshot.artifacts:
                continue
            fn = GATHERERS[want.kind]
            art = (self.runner.call(fn, self.session, want, self.options) if self.runner is not None
                   else fn(self.session, want, self.options))
            json.dumps(art.to_json())  # the archive must be able to hold it
            self.snapshot.put_artifact(art)


def gather_a11y(snapshot: Snapshot, ruleset, *, session: Any, options: CrawlOptions | None = None,
                level: str = "department", now, only: set[str] | None = None, runner: Any = None, **kw: Any):
    """``evaluate(snapshot, ruleset, …)`` after the gather rounds of checker.gathering, with
    the a11y artifacts gathered in ``session``."""
    return evaluate_gathered(snapshot, ruleset, level=level, now=now, only=only,
                             gatherer=SessionGatherer(snapshot, session, options, runner), **kw)


def gather_fn(ctx: Context, fn: Callable[..., T], *, session: Any, options: CrawlOptions | None = None,
              **fn_options: Any) -> T:
    """A check function called on ``ctx`` with its artifacts gathered first (one check
    function, not a rule set: the rounds of checker.gathering, with a fresh context each)."""
    snapshot = ctx.snapshot
    gatherer = SessionGatherer(snapshot, session, options)

    def once() -> T:
        return fn(replace(ctx, cache={}, _incomplete=set()), **fn_options)

    for _ in range(MAX_ROUNDS):
        snapshot.recording = True
        snapshot.wanted.clear()
        try:
            once()
        finally:
            snapshot.recording = False
        new = list(snapshot.wanted)
        snapshot.wanted.clear()
        if not new:
            break
        gatherer.fulfil(new)
    return once()
