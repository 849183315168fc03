"""``d43 scan``, ``d43 demo`` and ``d43 history``: the click commands (added to the main
group by :mod:`checker.cli`); what they do is in :mod:`checker.app`.

Exit codes as the README's table: 0 gate passed, 1 gate failed, 2 bad usage / registry /
rules / baseline / database, 3 the tool failed, 4 the history could not be written (the
results were), 130 Ctrl-C. See :mod:`checker.gate` for what fails the gate.
"""

from __future__ import annotations

import sys

import click

from checker import app
from checker.app import DEFAULT_DB
from checker.cli_options import DATETIME, crawl_options, handle_errors, rules_option


@click.command()
@click.argument("registry_file", metavar="REGISTRY.yaml", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Output folder.")
@click.option("--db", type=click.Path(dir_okay=False), help=f"History database (SQLite) [OUT/{DEFAULT_DB}].")
@click.option("--resume", is_flag=True, help="Finish the last interrupted scan of this registry (new scan if none).")
@click.option("--workers", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Portals checked at the same time (global limit).")
@click.option("--per-host", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Portals of one host name checked at the same time.")
@click.option("--resume-max-age", type=click.FloatRange(0), default=7.0, show_default=True, metavar="DAYS",
              help="--resume refuses a scan started more than DAYS ago (a new scan starts without --resume).")
@crawl_options
@handle_errors
def scan(registry_file, out, db, resume, workers, per_host, resume_max_age, rules_file, resolve, max_pages, render,
         fail_on, baseline, fail_under, fail_on_error, allow_private, insecure, ignore_robots, delay, now, lang):
    """Check every portal of REGISTRY.yaml; keep the history; gate on regressions.

    \b
    Writes OUT/results.json, OUT/index.html and one page per portal, and records the
    scan in the history database. Baseline for --fail-on regression: --baseline FILE,
    else the last complete scan of this registry in the database.
    """
    sys.exit(app.run_scan(registry_file, out=out, db=db, resume=resume, rules_file=rules_file, resolve=resolve,
                          max_pages=max_pages, render=render, allow_private=allow_private, insecure=insecure,
                          ignore_robots=ignore_robots, delay=delay, now=now, lang=lang, workers=workers,
                          per_host=per_host, fail_on=fail_on, baseline=baseline, fail_under=fail_under,
                          fail_on_error=fail_on_error, resume_max_age=resume_max_age))


@click.command()
@click.option("--out", type=click.Path(file_okay=False), default="d43-demo", show_default=True, help="Output folder.")
@click.option("--now", "now", type=DATETIME,
              help="Evaluate as of this date [2026-11-22T09:00:00+07:00, the sample portals' date].")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Report language.")
@click.option("--render", type=click.Choice(["auto", "always", "never"]), default=None, help="Browser rendering [auto].")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Portals at the same time [number of CPUs, at most 4].")
@rules_option()
@handle_errors
def demo(out, now, lang, render, workers, rules_file):
    """Serve the bundled sample province (Tỉnh Hòa An) on 127.0.0.1, scan it, write the report."""
    sys.exit(app.run_demo(out=out, now=now, lang=lang, render=render, workers=workers, rules_file=rules_file))


@click.command()
@click.argument("portal", required=False)
@click.option("--db", type=click.Path(exists=True, dir_okay=False), required=True,
              help=f"History database (e.g. OUT/{DEFAULT_DB}).")
@click.option("--registry", "registry_file", type=click.Path(exists=True, dir_okay=False),
              help="Only scans of this registry.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@handle_errors
def history(portal, db, registry_file, as_json):
    """Scores and changed rules of PORTAL over time; without PORTAL, the list of scans."""
    sys.exit(app.show_history(db, portal, registry_file, as_json))
