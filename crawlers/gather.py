"""Gatherers after the crawl: fulfil what the checks asked for (gather, then judge).

The checks of ``checker/`` are pure functions of the snapshot. During the gather rounds
(``checker/gathering.py``) they note what they miss as :class:`~crawlers.artifacts.Want` s;
a :class:`Gatherer` fulfils them here, where network and browser work belongs:

* ``page`` wants are fetched by the crawler's follow-up fetcher (same address policy,
  robots.txt, size caps, politeness delay and archive as the crawl, within
  ``CrawlOptions.max_on_demand``). A fetch that fails is still added to the snapshot, as a
  page with its ``error``, so the check sees *why* (and a replay sees the same).
* ``axe`` and ``support`` wants run in the scan's one Chromium (the crawl's, when it rendered
  script-built menus; otherwise one started here on first need), through the browser's
  address-policy proxy. Without a browser each becomes an artifact whose ``error`` says why.

Every artifact is written to the WARC archive (a ``metadata`` record, see
:mod:`crawlers.archive`), so ``--from-archive`` restores it without network or browser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from crawlers.artifacts import Artifact, Want
from crawlers.options import CrawlOptions
from crawlers.page import GATHERED_DEPTH
from crawlers.safety import allow_start
from crawlers.snapshot import Page, Snapshot

BROWSER_KINDS = ("axe", "support")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _browser_gatherer(kind: str) -> Callable[..., Artifact]:
    """The function that gathers ``kind`` in a browser session (crawlers/a11y)."""
    from crawlers.a11y.axe import gather_axe
    from crawlers.a11y.support import gather_support

    return {"axe": gather_axe, "support": gather_support}[kind]


class Gatherer:
    """Fulfils wants for one portal's snapshot; see the module docstring."""

    def __init__(self, snapshot: Snapshot, options: CrawlOptions):
        self.snap = snapshot
        self.options = allow_start(options, snapshot.start_url)  # the crawl's own address policy
        self.fetcher = snapshot.fetcher
        shared = getattr(self.fetcher, "shared", None) or {}
        self.archive = shared.get("archive")
        self.runner = getattr(snapshot, "browser_runner", None)
        self._own_runner = False
        self.counts: dict[str, int] = {}

    # -- fulfilling ----------------------------------------------------------------------------
    def fulfil(self, wants: Iterable[Want]) -> None:
        """Gather every want, in the order given (the order the checks asked in)."""
        for want in wants:
            self.counts[want.kind] = self.counts.get(want.kind, 0) + 1
            if want.kind == "page":
                self._page(want)
            elif want.kind in BROWSER_KINDS:
                self._store(self._in_browser(want))
            else:
                self._store(Artifact(want.kind, want.url, dict(want.params), None,
                                     f"no gatherer for artifacts of kind {want.kind!r}", _now()))
        self.snap.notes.gathered = dict(self.counts)

    def _page(self, want: Want) -> None:
        if self.snap.get(want.url, fetch=False) is not None:
            return
        page: Page | None = None
        if self.fetcher is not None:
            try:
                page = self.fetcher(want.url)
            except Exception as exc:  # the fetcher reports the portal's faults itself; this is ours
                page = Page(url=want.url, status=None, error=f"fetch failed: {type(exc).__name__}: {exc}",
                            fetched_at=_now(), depth=GATHERED_DEPTH)
        if page is None:
            page = Page(url=want.url, status=None, error="no fetcher (offline snapshot)", fetched_at=_now(), depth=GATHERED_DEPTH)
        probe = want.param("probe")
        if probe:
            page.probe = str(probe)
        self.snap.add(page)

    def _in_browser(self, want: Want) -> Artifact:
        """A browser artifact, gathered on the browser's thread. Without a browser (rendering
        off, no Chromium) the gatherer itself answers with a "no browser" artifact, which the
        checks tell apart from "this page did not load" (they fall back to a static subset)."""
        fn = _browser_gatherer(want.kind)
        if self.options.render == "never":
            return fn(None, want, self.options)
        runner = self._browser_runner()

        def work() -> Artifact:  # on the browser's thread
            if want.kind == "support":  # it picks its content page among the crawled ones
                return fn(runner.ensure_session(), want, self.options, self.snap)
            return fn(runner.ensure_session(), want, self.options)

        try:
            art = runner.call(work)
        except Exception as exc:  # a crashed browser is a gathering problem, never a verdict
            art = Artifact(want.kind, want.url, dict(want.params), None, f"browser failed: {type(exc).__name__}: {exc}",
                           _now())
        if not art.gathered_at:
            art.gathered_at = _now()
        return art

    def _browser_runner(self) -> Any:
        if self.runner is None:
            from crawlers.crawl import BrowserRunner

            self.runner = BrowserRunner(self.options)
            self._own_runner = True
        return self.runner

    def _store(self, art: Artifact) -> None:
        self.snap.put_artifact(art)
        if self.archive is not None:
            self.archive.artifact(art)

    # -- the end ---------------------------------------------------------------------------------
    def finish(self, as_of: str, *, level: str = "", portal: dict[str, Any] | None = None) -> None:
        """Write the closing snapshot record (page order, notes, errors, the as-of time, level
        and registry entry of the verdicts) once the gathering is over."""
        self.snap.as_of = as_of
        self.snap.judged = {"level": level, "portal": dict(portal or {})}
        if self.archive is not None:
            self.archive.snapshot(self.snap)

    def close(self) -> None:
        if self._own_runner and self.runner is not None:
            self.runner.close()
            self.runner = None
