"""The application layer of the ``d43`` commands: what ``check``, ``scan``, ``report``,
``demo`` and ``history`` do, without the command line.

The click modules (:mod:`checker.cli`, :mod:`checker.cli_scan`) parse options and turn
what these functions return into exit codes; nothing here depends on them, so the
commands share these functions instead of borrowing each other's private helpers (and
there is no import cycle: cli → cli_scan → app, cli → app, app → demo helpers).

Every ``run_*`` function returns an exit code (:data:`EXIT_OK` … :data:`EXIT_HISTORY`, the
table in the README) and raises :class:`~checker.rules.RuleFileError`,
:class:`~checker.history.HistoryError`, :class:`~checker.results.ResultsFileError` or
:class:`OptionError` on bad input, always before any portal is crawled: the command layer
maps those to exit 2, and KeyboardInterrupt to 130. Output goes through :func:`click.echo`
(a print that copes with pipes and encodings), the only use of click here.

Heavy modules (the crawler, the browser, the report renderers) are imported inside the
functions that need them, so that ``d43 --help`` and ``d43 rules`` start fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from click import echo

from checker.gate import gate, summary
from checker.results import ResultsFileError, ScanResults

if TYPE_CHECKING:
    from checker.rules import RuleSet
    from crawlers.options import CrawlOptions

VIETNAM = timezone(timedelta(hours=7))
DEFAULT_DB = "history.sqlite"  # inside --out unless --db is given
Progress = Callable[[str, dict], None]

# The exit codes (README "Exit codes"): CI tells a gate failure from a scan it cannot trust.
EXIT_OK = 0  # the gate passed
EXIT_GATE = 1  # the gate failed (failing rules, regressions, --fail-under, --fail-on-error)
EXIT_USAGE = 2  # bad input, found before any crawling (options, URL, registry, rules, baseline, database)
EXIT_BUG = 3  # d43 itself failed (a bug): the traceback is printed
EXIT_HISTORY = 4  # the scan finished and its reports are written, but the history database was not
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)
EXIT_BROKEN_PIPE = 141  # the reader of stdout went away (`d43 rules | head`): 128 + SIGPIPE, as shells report it


class OptionError(ValueError):
    """A command-line option or argument has a bad value; ``option`` names it (``--resolve``, ``URL``)."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, with the one line that says what was kept (exit 130)."""


def check_url_option(url: str, option: str) -> None:
    """Refuse a URL d43 cannot crawl (no http/https scheme, no host) before any work, with
    the registry's own rule (:func:`checker.registry_file.check_url`)."""
    from checker.registry_file import check_url

    problem = check_url(url)
    if problem:
        raise OptionError(option, problem if repr(url) in problem else f"{url!r} {problem}")


def read_baseline(baseline: str | None) -> ScanResults | None:
    """The ``--baseline`` file, validated before any crawling (exit 2 on a bad file)."""
    if not baseline:
        return None
    try:
        return ScanResults.read(baseline)
    except ResultsFileError as exc:
        raise ResultsFileError(f"--baseline {exc}") from None


def aware(now: datetime | None) -> datetime | None:
    """``--now`` without a time zone means Vietnam time."""
    if now is not None and now.tzinfo is None:
        now = now.replace(tzinfo=VIETNAM)
    return now


def as_of_now(now: datetime | None) -> datetime:
    """The as-of time of a run: ``--now`` (Vietnam time when it has no zone), else now."""
    return aware(now) or datetime.now(VIETNAM)


def choose_rules(rules_file: str | None, now: datetime | None) -> RuleSet:
    """The rule set ``--rules`` names (NAME, PATH or auto, resolved for the run's as-of date)."""
    from checker.rules import load_rules, resolve_rules

    return load_rules(resolve_rules(rules_file, now=as_of_now(now)))


def check_level(ruleset: RuleSet, level: str | None, option: str = "--level") -> None:
    """Refuse a level the rule set's regime does not know (exit 2), naming those it does."""
    known = ruleset.regime.level_ids
    if level is not None and level not in known:
        regime = ruleset.regime.id or ruleset.name
        of = regime if regime == ruleset.name else f"{regime} (rule set {ruleset.name})"
        raise OptionError(option, f"{level!r} is not a level of {of}; choose one of {', '.join(known)}")


def build_options(*, resolve: Sequence[str] = (), max_pages: int | None = None, render: str | None = None,
                  allow_private: bool = False, insecure: bool = False, ignore_robots: bool = False,
                  delay: float | None = None, defaults: dict[str, Any] | None = None,
                  progress: Progress | None = None) -> CrawlOptions:
    """The crawl options of one portal: command-line values first, then the registry's
    ``defaults`` (``max_pages``, ``render``, ``delay``), then the crawler's own defaults."""
    from crawlers.options import CrawlOptions, parse_resolve

    defaults = defaults or {}
    try:
        parse_resolve(list(resolve))
    except ValueError as exc:
        raise OptionError("--resolve", str(exc)) from None
    opts = CrawlOptions(resolve=list(resolve), allow_private=allow_private, insecure=insecure,
                        respect_robots=not ignore_robots, progress=progress)
    opts.max_pages = max_pages or int(defaults.get("max_pages", opts.max_pages))
    opts.render = render or str(defaults.get("render", opts.render))
    if delay is not None:
        opts.delay = delay
    elif "delay" in defaults:
        opts.delay = float(defaults["delay"])
    return opts


def write_reports(results: ScanResults, out: Path, lang: str, *, previous: ScanResults | None = None,
                  history: dict[str, list[tuple[str, float | None]]] | None = None, quiet: bool = False) -> Path:
    """Write every output format (``reports.write_all`` writes results.json first) and return
    the file to open. If the reports fail to render, results.json alone is still written:
    results are never lost."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        import reports

        reports.write_all(results, out, lang=lang, previous=previous, history=history)
    except Exception as exc:  # never lose the results because a report failed to render
        results.write(out / "results.json")
        if not quiet:
            echo(f"warning: HTML/JUnit/CSV reports not written: {type(exc).__name__}: {exc}", err=True)
        return out / "results.json"
    return out / "index.html"


def print_gate(results: ScanResults, *, fail_on: str, baseline: ScanResults | None = None,
               fail_under: float | None = None, fail_on_error: bool = False) -> int:
    """Apply the gate (:mod:`checker.gate`), print its reasons on stderr, return the exit code."""
    code, reasons = gate(results, fail_on=fail_on, baseline=baseline, fail_under=fail_under,
                         fail_on_error=fail_on_error)
    for reason in reasons:
        echo(f"gate: {reason}", err=True)
    return code


def run_check(url: str, level: str, *, out: str | Path, options: CrawlOptions, rules_file: str | None = None,
              portal: dict[str, str] | None = None, now: datetime | None = None, lang: str = "vi",
              fail_on: str = "fail", baseline: str | None = None, fail_under: float | None = None,
              fail_on_error: bool = False) -> int:
    """The whole ``d43 check``: crawl and judge one portal, write the reports, apply the gate.
    The URL, the parent URL, the baseline and the rules are checked before crawling."""
    from checker.pipeline import check_portal, now_utc

    check_url_option(url, "URL")
    if portal and portal.get("parent_url"):
        check_url_option(portal["parent_url"], "--parent-url")
    base = read_baseline(baseline)
    ruleset = choose_rules(rules_file, now)
    check_level(ruleset, level)
    started = now_utc()
    try:
        result = check_portal(url, level, rules=ruleset, options=options, portal=portal or {}, now=aware(now))
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted: the check of {url} was stopped before it finished; nothing was written") from None
    results = ScanResults(rules_file=ruleset.file, rules_version=ruleset.version, rules_name=ruleset.name,
                          started_at=started.isoformat(timespec="seconds"),
                          finished_at=now_utc().isoformat(timespec="seconds"),
                          portals=[result], rules_meta=ruleset.meta(), name=result.name, as_of=result.as_of,
                          regime=ruleset.regime.to_dict())
    written = write_reports(results, Path(out), lang)
    c = result.counts()
    echo(f"{result.name}: score {result.score if result.score is not None else '-'} | "
         f"pass {c['pass']}, fail {c['fail']}, review {c['review']}, error {c['error']} | "
         f"{result.pages_fetched} pages")
    if result.status == "error":  # one line, as scan prints it, instead of every rule's ERROR
        echo(f"UNREACHABLE {url}: {result.error or 'no page could be fetched'} (its rules are 'error', not 'fail')")
    else:
        for r in result.results:
            if r.status in ("fail", "error"):
                echo(f"  {r.status.upper():6} {r.rule}: {r.messages.get(lang) or r.message}")
    echo(f"report: {written}")
    return print_gate(results, fail_on=fail_on, baseline=base, fail_under=fail_under, fail_on_error=fail_on_error)


def _with_regime(results: ScanResults) -> ScanResults:
    """Results written before the regime was recorded get the bundled rule file's of the same
    name (the reports render what they carry and load no rule file)."""
    from checker.rules import bundled, bundled_regime

    if results.regime:
        return results
    name = results.rule_set_name()
    if name in bundled():
        results.regime = bundled_regime(name).to_dict()
    return results


def run_report(results_file: str | Path, out: str | Path, lang: str = "vi") -> int:
    """``d43 report``: re-render every report from a stored results.json."""
    import reports

    results = _with_regime(ScanResults.read(results_file))  # ResultsFileError: exit 2, one line
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    reports.write_all(results, out_dir, lang=lang)
    echo(f"report: {out_dir / 'index.html'}")
    return 0


def _echo_event(event: str, info: dict[str, Any]) -> None:
    """Print the progress of a scan (events of :class:`checker.scan.Scanner`)."""
    if event == "plan":
        echo(f"scan {info['scan_id']}: {info['pending']} of {info['total']} portals to check, "
             f"{info['workers']} at a time")
    elif event == "resume":
        echo(f"resuming scan {info['scan_id']} started {info['started_at']}: {info['done']} portal(s) already done")
        if info.get("registry_changed"):
            echo("warning: the registry file changed since the scan started; portals no longer in it are left out",
                 err=True)
        if info.get("rules_changed"):
            echo("warning: the rules changed since the scan started; the resumed portals use the new rules", err=True)
    elif event == "history_failed":
        echo(f"warning: history database {info['db']} could not be written ({info['error']}): the scan goes on "
             "without it; results.json keeps every finished portal", err=True)
    elif event == "no_resume":
        echo(f"no interrupted scan of this registry: starting a new one (scan {info['scan_id']})")
    elif event == "start":
        echo(f"  start  {info['id']:<16} {info['url']}")
    elif event == "done":
        r = info["result"]
        c = r.counts()
        head = f"[{info['done']}/{info['total']}] {r.id:<16}"
        if r.status == "error":
            echo(f"  {head} ERROR  {r.error} ({info['seconds']:.1f} s)")
        else:
            score = "-" if r.score is None else f"{r.score:5.1f}"
            echo(f"  {head} score {score} | pass {c['pass']} fail {c['fail']} review {c['review']} "
                 f"error {c['error']} | {r.pages_fetched} pages, {info['seconds']:.1f} s")


def run_scan(registry_file: str | Path, *, out: str | Path, db: str | Path | None = None, resume: bool = False,
             rules_file: str | None = None, resolve: Sequence[str] = (), max_pages: int | None = None,
             render: str | None = None, allow_private: bool = False, insecure: bool = False,
             ignore_robots: bool = False, delay: float | None = None, now: datetime | None = None, lang: str = "vi",
             workers: int = 4, per_host: int = 1, fail_on: str = "fail", baseline: str | None = None,
             fail_under: float | None = None, fail_on_error: bool = False, report_every: float = 60.0,
             resume_max_age: float | None = 7.0) -> int:
    """The whole ``d43 scan``: every portal of the registry, the history, the reports, the gate.

    Bad input (registry, rules, baseline, --resolve, a damaged or read-only database, a
    --resume too old) is refused before any crawling. A history write that fails mid-scan
    anyway does not stop the scan: results.json and the reports keep every finished portal
    and the exit code is :data:`EXIT_HISTORY`."""
    import sqlite3

    from checker.history import History
    from checker.registry_file import PortalEntry, load_registry
    from checker.scan import Scanner

    registry = load_registry(registry_file, rules=rules_file, now=as_of_now(now))
    ruleset = registry.ruleset
    assert ruleset is not None  # load_registry raises when it could not choose one
    base_file = read_baseline(baseline)
    build_options(resolve=resolve)  # validates --resolve (exit 2) before anything starts
    out = Path(out)
    db_path = Path(db) if db else out / DEFAULT_DB

    def make_options(entry: PortalEntry) -> CrawlOptions:
        settings = registry.settings_for(entry)
        opts = build_options(resolve=list(resolve) + entry.resolve, max_pages=max_pages, render=render,
                             allow_private=allow_private, insecure=insecure, ignore_robots=ignore_robots,
                             delay=delay, defaults=settings)
        for key in ("max_depth", "timeout", "portal_timeout", "concurrency", "retries"):
            if key in settings:
                setattr(opts, key, settings[key])
        opts.scope = entry.scope  # a component site is crawled and judged within its folder
        return opts

    with History(db_path) as hist:
        hist.preflight()  # damaged or read-only: exit 2 now, not when the first portal is saved
        state: dict[str, Any] = {}

        def on_reports(results: ScanResults, final: bool) -> None:
            scan_id = state["scanner"].scan_id
            previous, history = base_file, None
            if state["scanner"].history_error is None:
                try:  # the reports' comparison and score trend come from the database, if it still reads
                    prev_id = hist.last_complete(registry.key, before=scan_id)
                    previous = hist.load_scan(prev_id) if prev_id else base_file
                    history = hist.score_history(registry.key, upto=scan_id)
                except sqlite3.Error as exc:
                    state["scanner"].note_history_failure(exc)
            write_reports(results, out, lang, previous=previous, history=history, quiet=not final)

        scanner = Scanner(registry, hist, rules=ruleset, rules_file=ruleset.file, make_options=make_options, out=out,
                          now=aware(now), workers=workers, per_host=per_host, resume=resume,
                          resume_max_age=resume_max_age, on_event=_echo_event, write_reports=on_reports,
                          report_every=report_every)
        state["scanner"] = scanner
        try:
            outcome = scanner.run()
        except KeyboardInterrupt:
            sid = getattr(scanner, "scan_id", None)
            if sid is None:
                raise Interrupted("interrupted before the scan started: nothing was checked") from None
            kept = len(getattr(scanner, "done", {}))
            where = f"{db_path} and " if scanner.history_error is None else ""
            raise Interrupted(f"interrupted: {kept} finished portal(s) of scan {sid} are kept in {where}"
                              f"{out / 'results.json'}; run the same command with --resume to finish the scan") from None
        results = outcome.results
        base: ScanResults | None = base_file
        label = f"--baseline {baseline}" if base_file is not None else ""
        if base_file is None and outcome.history_error is None:
            try:
                base = hist.baseline(registry.key, before=outcome.scan_id)
                prev = hist.last_complete(registry.key, before=outcome.scan_id)
                info = hist.scan_info(prev) if prev else None
                label = f"scan {prev} ({info.started_at})" if info else ""
            except sqlite3.Error as exc:
                scanner.note_history_failure(exc)
                outcome.history_error = scanner.history_error
    index = out / "index.html"
    echo(f"report: {index if index.exists() else out / 'results.json'}")
    if outcome.history_error is None:
        echo(f"history: {db_path} (scan {outcome.scan_id})")
    for line in summary(results, base, baseline_label=label):
        echo(line)
    code = print_gate(results, fail_on=fail_on, baseline=base, fail_under=fail_under, fail_on_error=fail_on_error)
    echo(f"gate: {'FAILED' if code else 'passed'} (--fail-on {fail_on}"
         + (f", --fail-under {fail_under}" if fail_under is not None else "")
         + (", --fail-on-error" if fail_on_error else "") + ")"
         + (f": exit {code}" if outcome.history_error is None else ""))
    if outcome.history_error is not None:
        echo(f"error: history database {db_path} could not be written ({outcome.history_error}); results.json and "
             f"the reports keep all {len(results.portals)} finished portal(s), but this scan is not in the history: "
             f"exit {EXIT_HISTORY}", err=True)
        return EXIT_HISTORY
    return code


def run_demo(*, out: str | Path = "d43-demo", now: datetime | None = None, lang: str = "vi", render: str | None = None,
             workers: int | None = None, root: Path | None = None, rules_file: str | None = None) -> int:
    """``d43 demo``: serve the sample province on 127.0.0.1 (:mod:`checker.demo.run`), scan it
    with :func:`run_scan`, say where the report is. Always 0 when the scan ran (no gate)."""
    import os

    import yaml

    from checker.demo.run import DEFAULT_NOW, demo_registry, province_root, registry_for
    from checker.demo.server import PortalServer
    from checker.rules import load_rules, resolve_rules

    root = Path(root) if root else province_root()
    out = Path(out)
    when = aware(now) or DEFAULT_NOW
    # the sample registry of the chosen regime (decree42: communes instead of districts)
    source = registry_for(root, load_rules(resolve_rules(rules_file, now=when)).regime.id)
    if not source.is_file():
        raise FileNotFoundError(f"the sample province is missing: {source} (a broken installation of d43)")
    # every portal may start a Chromium (accessibility checks): one per core at most
    workers = workers or max(1, min(4, os.cpu_count() or 1))
    with PortalServer(root) as server:
        registry = demo_registry(source, server.port, server.resolve_entries(), out / "demo-registry.yaml")
        n = len(yaml.safe_load(source.read_text(encoding="utf-8")).get("portals", []))
        echo(f"d43 demo: the sample province ({n} portals) is served on 127.0.0.1:{server.port}; "
             f"evaluating as of {when.isoformat()}"
             + (" (the sample pages are dated for 2026-11-22; --now changes this)" if now is None else ""))
        run_scan(registry, out=out, db=out / DEFAULT_DB, now=when, delay=0, render=render, lang=lang,
                 workers=workers, fail_on="never", rules_file=rules_file)
    index = (out / "index.html").resolve()
    target = index if index.exists() else (out / "results.json").resolve()
    echo(f"\nThe report is ready: {target}\nOpen it in a browser: {target.as_uri()}")
    return 0


def show_history(db: str | Path, portal: str | None = None, registry_file: str | Path | None = None,
                 as_json: bool = False) -> int:
    """``d43 history``: without ``portal`` the list of scans, else the portal's scores and
    changed rules over time. 2 when no complete scan has that portal."""
    import json

    from checker.history import History

    registry = str(Path(registry_file).resolve()) if registry_file else None
    with History(db) as hist:
        if not portal:
            scans = hist.scans(registry)
            if as_json:
                echo(json.dumps([s.__dict__ for s in scans], ensure_ascii=False, indent=1))
                return 0
            for s in scans:
                echo(f"scan {s.id:<4} {s.started_at}  {s.status:<9} {s.portals:3d} portals  {s.name}  ({s.registry})")
            keys = hist.portal_keys()
            if keys:
                echo("portals: " + ", ".join(sorted({k for _, k, _ in keys})))
            return 0
        points = hist.portal_history(portal, registry)
        if not points:
            known = sorted({k for _, k, _ in hist.portal_keys()})
            echo(f"error: no complete scan has portal {portal!r} (known: {', '.join(known) or 'none'})", err=True)
            return 2
        if as_json:
            echo(json.dumps([{"scan": p.scan_id, "started_at": p.started_at, "score": p.score,
                              "status": p.status, "counts": p.counts,
                              "changes": [{"rule": r, "before": b, "now": n} for r, b, n in p.changes]}
                             for p in points], ensure_ascii=False, indent=1))
            return 0
        echo(f"{portal}: {len(points)} scan(s)")
        prev_score = None
        for p in points:
            score = "-" if p.score is None else f"{p.score:5.1f}"
            delta = ""
            if p.score is not None and prev_score is not None and p.score != prev_score:
                delta = f" ({p.score - prev_score:+.1f})"
            c = p.counts
            echo(f"scan {p.scan_id:<4} {p.started_at}  score {score}{delta:9} pass {c.get('pass', 0)} "
                 f"fail {c.get('fail', 0)} review {c.get('review', 0)} error {c.get('error', 0)}"
                 + ("  UNREACHABLE" if p.status == "error" else ""))
            for rule, before, now_status in p.changes:
                echo(f"    {rule}: {before or 'new'} -> {now_status}")
            prev_score = p.score if p.score is not None else prev_score
    return 0
