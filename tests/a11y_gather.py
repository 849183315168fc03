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
from typing import Any, TypeVar

from checker.evaluate import evaluate
from checker.registry import Context
from crawlers.a11y.axe import gather_axe
from crawlers.a11y.support import gather_support
from crawlers.artifacts import Artifact
from crawlers.options import CrawlOptions
from crawlers.snapshot import Snapshot

T = TypeVar("T")
GATHERERS: dict[str, Callable[..., Artifact]] = {"axe": gather_axe, "support": gather_support}


def gather(snapshot: Snapshot, evaluate_once: Callable[[], T], session: Any, options: CrawlOptions | None = None,
           rounds: int = 4, runner: Any = None) -> T:
    """Evaluate, gather what was wanted, evaluate again (at most ``rounds`` gather rounds).
    ``runner`` (the crawl's BrowserRunner): run the gatherers on the browser's thread."""
    options = options or CrawlOptions()
    for _ in range(rounds):
        snapshot.recording = True
        snapshot.wanted.clear()
        try:
            evaluate_once()
        finally:
            snapshot.recording = False
        new = [w for w in snapshot.wanted if w.key not in snapshot.artifacts and w.kind in GATHERERS]
        if not new:
            break
        for want in new:
            fn = GATHERERS[want.kind]
            art = runner.call(fn, session, want, options) if runner is not None else fn(session, want, options)
            json.dumps(art.to_json())  # the archive must be able to hold it
            snapshot.artifacts[want.key] = art
    return evaluate_once()


def gather_a11y(snapshot: Snapshot, ruleset, *, session: Any, options: CrawlOptions | None = None,
                level: str = "department", now, only: set[str] | None = None, runner: Any = None, **kw: Any):
    """``evaluate(snapshot, ruleset, …)`` with the a11y artifacts gathered first."""
    return gather(snapshot, lambda: evaluate(snapshot, ruleset, level=level, now=now, only=only, **kw),
                  session, options, runner=runner)


def gather_fn(ctx: Context, fn: Callable[..., T], *, session: Any, options: CrawlOptions | None = None,
              **fn_options: Any) -> T:
    """A check function called on ``ctx`` with its artifacts gathered first."""
    return gather(ctx.snapshot, lambda: fn(ctx, **fn_options), session, options)
