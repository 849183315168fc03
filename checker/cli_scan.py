"""``d43 scan``, ``d43 demo`` and ``d43 history`` (registered on the main group by checker.cli).

Exit codes as design.md §1.2: 0 gate passed, 1 gate failed, 2 bad usage / registry /
rules / database, 3 the tool failed. See :mod:`checker.gate` for what fails the gate.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

# checker.cli imports this module at its end (and names from it are imported lazily here),
# so either module may be imported first.

DEFAULT_DB = "history.sqlite"  # inside --out unless --db is given


def _echo_event(event: str, info: dict[str, Any]) -> None:
    if event == "plan":
        click.echo(f"scan {info['scan_id']}: {info['pending']} of {info['total']} portals to check, "
                   f"{info['workers']} at a time")
    elif event == "resume":
        click.echo(f"resuming scan {info['scan_id']} started {info['started_at']}: {info['done']} portal(s) already done")
        if info.get("registry_changed"):
            click.echo("warning: the registry file changed since the scan started; portals no longer in it are left out",
                       err=True)
        if info.get("rules_changed"):
            click.echo("warning: the rules changed since the scan started; the resumed portals use the new rules", err=True)
    elif event == "no_resume":
        click.echo(f"no interrupted scan of this registry: starting a new one (scan {info['scan_id']})")
    elif event == "start":
        click.echo(f"  start  {info['id']:<16} {info['url']}")
    elif event == "done":
        r = info["result"]
        c = r.counts()
        head = f"[{info['done']}/{info['total']}] {r.id:<16}"
        if r.status == "error":
            click.echo(f"  {head} ERROR  {r.error} ({info['seconds']:.1f} s)")
        else:
            score = "-" if r.score is None else f"{r.score:5.1f}"
            click.echo(f"  {head} score {score} | pass {c['pass']} fail {c['fail']} review {c['review']} "
                       f"error {c['error']} | {r.pages_fetched} pages, {info['seconds']:.1f} s")


def run_scan(registry_file: str | Path, *, out: str | Path, db: str | Path | None = None, resume: bool = False,
             rules_file: str | None = None, resolve=(), max_pages=None, render=None, allow_private=False,
             insecure=False, ignore_robots=False, delay=None, now: datetime | None = None, lang: str = "vi",
             workers: int = 4, per_host: int = 1, fail_on: str = "fail", baseline: str | None = None,
             fail_under: float | None = None, fail_on_error: bool = False, report_every: float = 60.0) -> int:
    """The whole ``d43 scan``: returns the exit code. Raises RuleFileError / HistoryError on bad input."""
    from checker.cli import _aware, _write_reports, build_options
    from checker.gate import gate, summary
    from checker.history import History
    from checker.registry_file import load_registry
    from checker.results import ScanResults
    from checker.rules import load_rules
    from checker.scan import Scanner

    registry = load_registry(registry_file)
    ruleset = load_rules(rules_file)
    base_file = ScanResults.read(baseline) if baseline else None
    build_options(resolve=resolve)  # validates --resolve (exit 2) before anything starts
    out = Path(out)
    db_path = Path(db) if db else out / DEFAULT_DB

    def make_options(entry):
        settings = registry.settings_for(entry)
        opts = build_options(resolve=list(resolve) + entry.resolve, max_pages=max_pages, render=render,
                             allow_private=allow_private, insecure=insecure, ignore_robots=ignore_robots,
                             delay=delay, defaults=settings)
        for key in ("max_depth", "timeout", "portal_timeout", "concurrency", "retries"):
            if key in settings:
                setattr(opts, key, settings[key])
        return opts

    with History(db_path) as hist:
        state: dict[str, Any] = {}

        def write_reports(results: ScanResults, final: bool) -> None:
            scan_id = state["scanner"].scan_id
            prev_id = hist.last_complete(registry.key, before=scan_id)
            previous = hist.load_scan(prev_id) if prev_id else base_file
            _write_reports(results, out, lang, previous=previous,
                           history=hist.score_history(registry.key, upto=scan_id), quiet=not final)

        scanner = Scanner(registry, hist, rules=ruleset, rules_file=rules_file, make_options=make_options, out=out,
                          now=_aware(now), workers=workers, per_host=per_host, resume=resume, on_event=_echo_event,
                          write_reports=write_reports, report_every=report_every)
        state["scanner"] = scanner
        try:
            outcome = scanner.run()
        except KeyboardInterrupt:
            sid = getattr(scanner, "scan_id", None)
            if sid is not None:
                click.echo(f"\ninterrupted: {len(hist.committed_portals(sid))} portal(s) of scan {sid} are saved; "
                           f"finish it with the same command and --resume", err=True)
            raise
        results = outcome.results
        if base_file is not None:
            base, label = base_file, f"--baseline {baseline}"
        else:
            base = hist.baseline(registry.key, before=outcome.scan_id)
            prev = hist.last_complete(registry.key, before=outcome.scan_id)
            label = f"scan {prev} ({hist.scan_info(prev).started_at})" if prev else ""
    index = out / "index.html"
    click.echo(f"report: {index if index.exists() else out / 'results.json'}")
    click.echo(f"history: {db_path} (scan {outcome.scan_id})")
    for line in summary(results, base, baseline_label=label):
        click.echo(line)
    code, reasons = gate(results, fail_on=fail_on, baseline=base, fail_under=fail_under, fail_on_error=fail_on_error)
    for reason in reasons:
        click.echo(f"gate: {reason}", err=True)
    click.echo(f"gate: {'FAILED' if code else 'passed'} (--fail-on {fail_on}"
               + (f", --fail-under {fail_under}" if fail_under is not None else "")
               + (", --fail-on-error" if fail_on_error else "") + f"): exit {code}")
    return code


def _history_error(fn):
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from checker.history import HistoryError

        try:
            return fn(*args, **kwargs)
        except HistoryError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)

    return wrapper


def register(main: click.Group) -> None:
    from checker.cli import _aware, crawl_options, handle_errors

    @main.command()
    @click.argument("registry_file", metavar="REGISTRY.yaml", type=click.Path(exists=True, dir_okay=False))
    @click.option("--out", type=click.Path(file_okay=False), required=True, help="Output folder.")
    @click.option("--db", type=click.Path(dir_okay=False), help=f"History database (SQLite) [OUT/{DEFAULT_DB}].")
    @click.option("--resume", is_flag=True, help="Finish the last interrupted scan of this registry (new scan if none).")
    @click.option("--workers", type=click.IntRange(1, 64), default=4, show_default=True,
                  help="Portals checked at the same time (global limit).")
    @click.option("--per-host", type=click.IntRange(1, 16), default=1, show_default=True,
                  help="Portals of one host name checked at the same time.")
    @click.option("--fail-on-error", is_flag=True, help="Unreachable portals and unevaluated rules fail the gate too.")
    @crawl_options
    @handle_errors
    @_history_error
    def scan(registry_file, out, db, resume, workers, per_host, fail_on_error, rules_file, resolve, max_pages, render,
             fail_on, baseline, fail_under, allow_private, insecure, ignore_robots, delay, now, lang):
        """Check every portal of REGISTRY.yaml; keep the history; gate on regressions.

        \b
        Writes OUT/results.json, OUT/index.html and one page per portal, and records the
        scan in the history database. Baseline for --fail-on regression: --baseline FILE,
        else the last complete scan of this registry in the database.
        """
        sys.exit(run_scan(registry_file, out=out, db=db, resume=resume, rules_file=rules_file, resolve=resolve,
                          max_pages=max_pages, render=render, allow_private=allow_private, insecure=insecure,
                          ignore_robots=ignore_robots, delay=delay, now=now, lang=lang, workers=workers,
                          per_host=per_host, fail_on=fail_on, baseline=baseline, fail_under=fail_under,
                          fail_on_error=fail_on_error))

    @main.command()
    @click.option("--out", type=click.Path(file_okay=False), default="d43-demo", show_default=True, help="Output folder.")
    @click.option("--now", "now", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"]),
                  help="Evaluate as of this date [2026-11-22T09:00:00+07:00, the sample portals' date].")
    @click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Report language.")
    @click.option("--render", type=click.Choice(["auto", "always", "never"]), default=None, help="Browser rendering [auto].")
    @click.option("--workers", type=click.IntRange(1, 64), default=None, help="Portals at the same time [number of CPUs, at most 4].")
    @handle_errors
    @_history_error
    def demo(out, now, lang, render, workers):
        """Serve the bundled sample province (Tỉnh Hòa An) on 127.0.0.1, scan it, write the report."""
        from checker.demo.run import run_demo

        sys.exit(run_demo(out=out, now=_aware(now), lang=lang, render=render, workers=workers))

    @main.command()
    @click.argument("portal", required=False)
    @click.option("--db", type=click.Path(exists=True, dir_okay=False), required=True,
                  help=f"History database (e.g. OUT/{DEFAULT_DB}).")
    @click.option("--registry", "registry_file", type=click.Path(exists=True, dir_okay=False),
                  help="Only scans of this registry.")
    @click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
    @handle_errors
    @_history_error
    def history(portal, db, registry_file, as_json):
        """Scores and changed rules of PORTAL over time; without PORTAL, the list of scans."""
        from checker.history import History

        registry = str(Path(registry_file).resolve()) if registry_file else None
        with History(db) as hist:
            if not portal:
                scans = hist.scans(registry)
                if as_json:
                    click.echo(json.dumps([s.__dict__ for s in scans], ensure_ascii=False, indent=1))
                    return
                for s in scans:
                    click.echo(f"scan {s.id:<4} {s.started_at}  {s.status:<9} {s.portals:3d} portals  {s.name}  ({s.registry})")
                keys = hist.portal_keys()
                if keys:
                    click.echo("portals: " + ", ".join(sorted({k for _, k, _ in keys})))
                return
            points = hist.portal_history(portal, registry)
            if not points:
                known = sorted({k for _, k, _ in hist.portal_keys()})
                click.echo(f"error: no complete scan has portal {portal!r} (known: {', '.join(known) or 'none'})", err=True)
                sys.exit(2)
            if as_json:
                click.echo(json.dumps([{"scan": p.scan_id, "started_at": p.started_at, "score": p.score,
                                        "status": p.status, "counts": p.counts,
                                        "changes": [{"rule": r, "before": b, "now": n} for r, b, n in p.changes]}
                                       for p in points], ensure_ascii=False, indent=1))
                return
            click.echo(f"{portal}: {len(points)} scan(s)")
            prev_score = None
            for p in points:
                score = "-" if p.score is None else f"{p.score:5.1f}"
                delta = ""
                if p.score is not None and prev_score is not None and p.score != prev_score:
                    delta = f" ({p.score - prev_score:+.1f})"
                c = p.counts
                click.echo(f"scan {p.scan_id:<4} {p.started_at}  score {score}{delta:9} pass {c.get('pass', 0)} "
                           f"fail {c.get('fail', 0)} review {c.get('review', 0)} error {c.get('error', 0)}"
                           + ("  UNREACHABLE" if p.status == "error" else ""))
                for rule, before, now_status in p.changes:
                    click.echo(f"    {rule}: {before or 'new'} -> {now_status}")
                prev_score = p.score if p.score is not None else prev_score
