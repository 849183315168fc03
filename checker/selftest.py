"""``d43 rules --test``: run every rule against its own fixture portals.

Layout, under each fixtures root of the rule set (``rules/fixtures/`` for the bundled set)::

    <rule id>/<case name>/case.yaml      # {expect: pass|fail|review|…, level: department,
                                         #  url: http://sxd.hoaan.gov.vn/, now: 2026-11-22T09:00:00+07:00,
                                         #  max_pages: 50, portal: {…registry fields…}}
    <rule id>/<case name>/<hostname>/…   # the pages, served by checker.demo.server.PortalServer

Every enabled rule must have at least one ``pass`` case and one ``fail`` case; a rule
without them is reported as a failure of the test run. A rule that a user file switches off
(``disabled: true``) is not run, and neither are its cases in the base set's fixtures: a
disabled rule has no verdict to test. Each case is served on 127.0.0.1, crawled by the
real crawler (hosts mapped with ``--resolve``) and evaluated for that rule only.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from checker.evaluate import evaluate
from checker.gathering import evaluate_gathered
from checker.rules import RuleFileError, RuleSet, builtin_path, bundled, load_rules, load_yaml
from crawlers.options import CrawlOptions

DEFAULT_NOW = "2026-11-22T09:00:00+07:00"


@dataclass
class Case:
    rule: str
    name: str
    path: Path
    expect: str
    level: str
    url: str
    now: datetime
    max_pages: int
    portal: dict
    render: str


@dataclass
class CaseResult:
    case: Case
    status: str
    message: str
    ok: bool
    replay_status: str | None = None  # the verdict of the offline replay of the case's archive


def discover(ruleset: RuleSet) -> Iterator[Case]:
    for root in ruleset.fixtures:
        for rule_dir in sorted(p for p in root.iterdir() if p.is_dir()):
            for case_dir in sorted(p for p in rule_dir.iterdir() if p.is_dir()):
                meta_file = case_dir / "case.yaml"
                if not meta_file.exists():
                    continue
                meta = load_yaml(meta_file) or {}
                for key in ("expect", "level", "url"):
                    if key not in meta:
                        raise RuleFileError(meta_file, getattr(meta, "line", 1), key, "required")
                yield Case(rule=rule_dir.name, name=case_dir.name, path=case_dir, expect=str(meta["expect"]),
                           level=str(meta["level"]), url=str(meta["url"]),
                           now=datetime.fromisoformat(str(meta.get("now", DEFAULT_NOW))),
                           max_pages=int(meta.get("max_pages", 60)), portal=dict(meta.get("portal") or {}),
                           render=str(meta.get("render", "never")))


def run_case(case: Case, ruleset: RuleSet, settings: dict | None = None) -> CaseResult:
    """Serve the case, crawl it (archived to a WARC), gather and judge the rule; then replay
    the archive without network and judge again. The case passes when the live verdict is
    the expected one and the replay gives the same verdict."""
    from checker.demo.server import PortalServer
    from crawlers.archive import load_archive
    from crawlers.crawl import crawl
    from crawlers.gather import Gatherer
    from crawlers.netguard import no_network

    with tempfile.TemporaryDirectory(prefix="d43-case-") as tmp:
        warc = str(Path(tmp) / "case.warc.gz")
        with PortalServer(case.path) as srv:
            url = srv.rebase(case.url)
            portal = {k: _rebase_urls(srv, v) for k, v in case.portal.items()}
            options = CrawlOptions(max_pages=case.max_pages, resolve=srv.resolve_entries(), delay=0.0,
                                   concurrency=4, render=case.render, timeout=10, respect_robots=True, archive=warc,
                                   scope=str(portal.get("scope") or "host"))  # a component site: portal.scope: prefix
            snapshot = crawl(url, options)
            settings = {"crawl_options": options, **(settings or {})}
            gatherer = Gatherer(snapshot, options)
            try:
                results = evaluate_gathered(snapshot, ruleset, level=case.level, now=case.now, portal=portal,
                                            settings=settings, only={case.rule}, gatherer=gatherer)
                gatherer.finish(case.now.isoformat(), level=case.level, portal=portal)
            finally:
                gatherer.close()
                close = getattr(snapshot, "close", None)
                if close:
                    close()
        if not results:
            return CaseResult(case, "missing", f"no rule {case.rule!r} in the rule set", False)
        r = results[0]
        with no_network():
            replayed = evaluate(load_archive(warc), ruleset, level=case.level, now=case.now, portal=portal,
                                settings={"crawl_options": options}, only={case.rule})
    again = replayed[0].status if replayed else "missing"
    message = r.message if again == r.status else f"{r.message} [replay from the archive said {again}]"
    return CaseResult(case, r.status, message, r.status == case.expect and again == r.status, again)


def _rebase_urls(srv, value):
    """Registry-style values of a case's ``portal`` (a URL, or a list such as ``children``)
    with the fixture server's port added."""
    if isinstance(value, str) and value.startswith("http"):
        return srv.rebase(value)
    if isinstance(value, list):
        return [_rebase_urls(srv, v) for v in value]
    return value


def disabled_rules(ruleset: RuleSet) -> set[str]:
    """Ids of the rules the set's files switched off: those of the base set (``extends``)
    that the loaded set no longer has (``disabled: true`` is the only way a rule leaves)."""
    doc = load_yaml(Path(ruleset.file))
    target = doc.get("extends") if isinstance(doc, dict) else None
    if not target:
        return set()
    target = str(target)
    base = load_rules(builtin_path(target) if target in bundled() else Path(ruleset.file).parent / target)
    return {r.id for r in base.rules} - {r.id for r in ruleset.rules}


def coverage_problems(ruleset: RuleSet, cases: list[Case], only: set[str] | None = None) -> list[str]:
    """Enabled rules (of ``only``, or all) without both a ``pass`` and a ``fail`` case, and
    cases for rules the set never had (a disabled rule's cases are skipped, not wrong)."""
    problems: list[str] = []
    ids = {r.id for r in ruleset.rules} | disabled_rules(ruleset)
    for rule in ruleset.rules:
        if only is not None and rule.id not in only:
            continue
        expects = {c.expect for c in cases if c.rule == rule.id}
        for needed in ("pass", "fail"):
            if needed not in expects:
                problems.append(f"{rule.id}: no fixture case expecting {needed}")
    for c in cases:
        if c.rule not in ids and (only is None or c.rule in only):
            problems.append(f"{c.path}: fixture for unknown rule {c.rule!r}")
    return problems


def run_all(ruleset: RuleSet, only: set[str] | None = None,
            report: Callable[[CaseResult], None] | None = None) -> tuple[list[CaseResult], list[str]]:
    """Run all cases; return (case results, problems such as rules without pass/fail cases)."""
    cases = [c for c in discover(ruleset) if only is None or c.rule in only]
    problems = coverage_problems(ruleset, cases, only)
    ids = {r.id for r in ruleset.rules}
    results = []
    for c in cases:
        if c.rule not in ids:
            continue
        res = run_case(c, ruleset)
        results.append(res)
        if report:
            report(res)
    return results, problems
