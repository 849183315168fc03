"""The ``d43`` command line (design.md §1.2).

Exit codes: 0 gate passed; 1 gate failed; 2 bad usage, bad registry or bad rules file
(the message names file, line and field); 3 the tool itself failed.
"""

from __future__ import annotations

import functools
import sys
import traceback
from datetime import datetime
from pathlib import Path

import click

from checker import __version__
from checker.rules import RuleFileError

LEVELS = ("province", "department", "district")


def crawl_options(fn):
    """Options shared by ``check`` and ``scan``."""
    decorators = [
        click.option("--rules", "rules_file", type=click.Path(dir_okay=False), help="Rules file (default: bundled decree43.yaml)."),
        click.option("--resolve", multiple=True, metavar="HOST:PORT:ADDR", help="Connect to ADDR for HOST:PORT (curl's meaning). Repeatable."),
        click.option("--max-pages", type=click.IntRange(1), default=None, help="Page budget per portal [300]."),
        click.option("--render", type=click.Choice(["auto", "always", "never"]), default=None, help="Browser rendering [auto]."),
        click.option("--fail-on", type=click.Choice(["fail", "regression", "never"]), default="fail", show_default=True, help="What makes the exit code 1."),
        click.option("--baseline", type=click.Path(exists=True, dir_okay=False), help="Earlier results.json to compare with (regressions)."),
        click.option("--fail-under", type=click.FloatRange(0, 100), help="Exit 1 when a portal's score is below this."),
        click.option("--allow-private", is_flag=True, help="Allow private addresses (internal portals); loopback only at the start URL."),
        click.option("--insecure", is_flag=True, help="Evaluate pages even when TLS verification fails (the TLS problem is still reported)."),
        click.option("--ignore-robots", is_flag=True, help="Do not obey robots.txt (use only with the portal owner's consent)."),
        click.option("--delay", type=click.FloatRange(0), default=None, help="Seconds between requests to one host [0.5]."),
        click.option("--now", "now", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"]), help="Evaluate as of this date (freshness rules)."),
        click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Report language."),
    ]
    for d in reversed(decorators):
        fn = d(fn)
    return fn


def handle_errors(fn):
    """Map errors to exit codes: bad input 2, tool failure 3."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except RuleFileError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except click.exceptions.Exit:
            raise
        except (click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(3)
        except Exception:
            click.echo("d43 failed (this is a bug in d43):\n" + traceback.format_exc(), err=True)
            sys.exit(3)

    return wrapper


def build_options(*, resolve=(), max_pages=None, render=None, allow_private=False, insecure=False,
                  ignore_robots=False, delay=None, defaults: dict | None = None, progress=None):
    from crawlers.options import CrawlOptions, parse_resolve

    defaults = defaults or {}
    try:
        parse_resolve(list(resolve))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--resolve")
    opts = CrawlOptions(resolve=list(resolve), allow_private=allow_private, insecure=insecure,
                        respect_robots=not ignore_robots, progress=progress)
    opts.max_pages = max_pages or int(defaults.get("max_pages", opts.max_pages))
    opts.render = render or str(defaults.get("render", opts.render))
    if delay is not None:
        opts.delay = delay
    elif "delay" in defaults:
        opts.delay = float(defaults["delay"])
    return opts


def _aware(now: datetime | None) -> datetime | None:
    if now is not None and now.tzinfo is None:
        from datetime import timedelta, timezone

        now = now.replace(tzinfo=timezone(timedelta(hours=7)))  # Vietnam time
    return now


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="d43")
def main() -> None:
    """d43 checks Vietnamese government portals against Decree 43/2011/NĐ-CP and writes
    compliance reports (HTML in Vietnamese or English, JSON, JUnit, CSV/XLSX).

    \b
    Examples:
      d43 check https://sxd.quangngai.gov.vn/ --level department --out out/
      d43 scan province.yaml --out reports/ --db history.sqlite
      d43 rules --test
      d43 demo
    """


@main.command()
@click.argument("url")
@click.option("--level", type=click.Choice(LEVELS), required=True, help="The portal's level.")
@click.option("--out", type=click.Path(file_okay=False), default="d43-out", show_default=True, help="Output folder.")
@click.option("--id", "portal_id", help="Portal id in the results (default: from the host name).")
@click.option("--name", help="Portal name shown in reports.")
@click.option("--parent-url", help="Parent (provincial) portal URL, for the link rules.")
@click.option("--archive", "archive", type=click.Path(dir_okay=False), help="Save what was fetched to this WARC file (evidence; re-evaluate later with --from-archive).")
@click.option("--from-archive", "from_archive", type=click.Path(exists=True, dir_okay=False), help="Evaluate a WARC saved with --archive instead of fetching (offline).")
@crawl_options
@handle_errors
def check(url, level, out, portal_id, name, parent_url, archive, from_archive, rules_file, resolve, max_pages, render, fail_on,
          baseline, fail_under, allow_private, insecure, ignore_robots, delay, now, lang):
    """Check one portal at URL and write OUT/results.json and the HTML report."""
    from checker.gate import gate
    from checker.pipeline import check_portal, now_utc
    from checker.results import ScanResults
    from checker.rules import load_rules

    options = build_options(resolve=resolve, max_pages=max_pages, render=render, allow_private=allow_private,
                            insecure=insecure, ignore_robots=ignore_robots, delay=delay, progress=_progress_printer())
    options.archive = archive  # WARC evidence (crawlers/archive.py)
    options.from_archive = from_archive  # offline re-evaluation: crawl() replays the WARC
    ruleset = load_rules(rules_file)
    started = now_utc()
    portal = {k: v for k, v in {"id": portal_id, "name": name, "parent_url": parent_url}.items() if v}
    result = check_portal(url, level, rules=ruleset, options=options, portal=portal, now=_aware(now))
    results = ScanResults(rules_file=ruleset.file, rules_version=ruleset.version,
                          started_at=started.isoformat(timespec="seconds"),
                          finished_at=now_utc().isoformat(timespec="seconds"),
                          portals=[result], rules_meta=ruleset.meta(), name=result.name)
    written = _write_reports(results, Path(out), lang)
    c = result.counts()
    click.echo(f"{result.name}: score {result.score if result.score is not None else '-'} | "
               f"pass {c['pass']}, fail {c['fail']}, review {c['review']}, error {c['error']} | "
               f"{result.pages_fetched} pages")
    for r in result.results:
        if r.status in ("fail", "error"):
            click.echo(f"  {r.status.upper():6} {r.rule}: {r.messages.get(lang) or r.message}")
    click.echo(f"report: {written}")
    base = ScanResults.read(baseline) if baseline else None
    code, reasons = gate(results, fail_on=fail_on, baseline=base, fail_under=fail_under)
    for reason in reasons:
        click.echo(f"gate: {reason}", err=True)
    sys.exit(code)


def _write_reports(results, out: Path, lang: str, *, previous=None, history=None, quiet: bool = False) -> Path:
    """Write every output format (``reports.write_all`` writes results.json first). If the
    reports fail to render, results.json alone is still written: results are never lost."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        import reports

        reports.write_all(results, out, lang=lang, previous=previous, history=history)
    except Exception as exc:  # never lose the results because a report failed to render
        results.write(out / "results.json")
        if not quiet:
            click.echo(f"warning: HTML/JUnit/CSV reports not written: {type(exc).__name__}: {exc}", err=True)
        return out / "results.json"
    return out / "index.html"


def _progress_printer():
    """A progress callback printing one line per fetched page to stderr (when a TTY)."""
    if not sys.stderr.isatty():
        return None

    def progress(event: str, info: dict) -> None:
        if event == "page":
            click.echo(f"\r{info.get('pages', 0):5d} pages  {str(info.get('url', ''))[:90]:90}", err=True, nl=False)
        elif event == "done":
            click.echo("", err=True)

    return progress


@main.command()
@click.argument("results_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Output folder.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@handle_errors
def report(results_file, out, lang):
    """Re-render all reports from a stored RESULTS_FILE (results.json)."""
    import reports
    from checker.results import ScanResults

    try:
        results = ScanResults.read(results_file)
    except (ValueError, KeyError) as exc:
        click.echo(f"error: {results_file}: {exc}", err=True)
        sys.exit(2)
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    reports.write_all(results, out_dir, lang=lang)
    click.echo(f"report: {out_dir / 'index.html'}")


@main.command()
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False), help="Rules file (default: bundled).")
@click.option("--test", "run_tests", is_flag=True, help="Run every rule against its pass/fail fixture portals.")
@click.option("--rule", "only", multiple=True, help="With --test: only these rule ids.")
@click.option("--level", type=click.Choice(LEVELS), help="List only rules that apply at this level.")
@handle_errors
def rules(rules_file, run_tests, only, level):
    """List the rules, or with --test run the rules' own fixtures."""
    from checker.rules import load_rules

    ruleset = load_rules(rules_file)
    if not run_tests:
        click.echo(f"{ruleset.name} {ruleset.version} ({len(ruleset.rules)} rules) — {ruleset.file}")
        for r in ruleset.rules:
            if level and level not in r.levels:
                continue
            lv = "".join(x[0].upper() if x != "district" else "H" for x in r.levels)
            prov = " (provisional)" if r.legal.get("provisional") else ""
            click.echo(f"  {r.id:28} {lv:3} {r.severity:8} {r.legal.get('text', {}).get('en', '')}{prov} — {r.title.get('vi')}")
        return
    from checker.selftest import run_all

    def show(res):
        mark = "ok  " if res.ok else "FAIL"
        click.echo(f"{mark} {res.case.rule}/{res.case.name}: expected {res.case.expect}, got {res.status}"
                   + ("" if res.ok else f" — {res.message}"))

    results, problems = run_all(ruleset, only=set(only) or None, report=show)
    for p in problems:
        click.echo(f"FAIL {p}")
    failed = sum(1 for r in results if not r.ok) + len(problems)
    click.echo(f"{len(results) - sum(1 for r in results if not r.ok)} passed, {failed} failed")
    sys.exit(1 if failed else 0)


# scan, demo and history live in their own module.
try:
    from checker import cli_scan  # noqa: E402

    cli_scan.register(main)
except ImportError as _exc:  # pragma: no cover - only while the module is being written
    if "cli_scan" not in str(_exc):
        raise

