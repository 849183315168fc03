"""The ``d43`` command line (docs/cli.md).

Exit codes (the README's table): 0 gate passed; 1 gate failed; 2 bad input, found before
any crawling (the message names the argument, or file, line and field); 3 the tool itself
failed; 4 a scan's history could not be written (its results are); 130 Ctrl-C.
"""

from __future__ import annotations

import sys

import click

from checker import __version__, app
from checker.cli_options import DATETIME, LEVEL_HELP, crawl_options, handle_errors, rules_option
from checker.cli_scan import demo, history, scan


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="d43")
def main() -> None:
    """d43 checks Vietnamese government portals against the legal regime of a rule set (the
    bundled decree43 by default; decree42, auto or your own with --rules) and writes
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
@click.option("--level", required=True, metavar="LEVEL", help=LEVEL_HELP)
@click.option("--out", type=click.Path(file_okay=False), default="d43-out", show_default=True, help="Output folder.")
@click.option("--id", "portal_id", help="Portal id in the results (default: from the host name).")
@click.option("--name", help="Portal name shown in reports.")
@click.option("--parent-url", help="Parent (provincial) portal URL, for the link rules.")
@click.option("--scope", type=click.Choice(["host", "prefix"]), default="host", show_default=True,
              help="prefix: a component site, checked within URL's folder of its host (https://host/xa-binh-son/).")
@click.option("--archive", "archive", type=click.Path(dir_okay=False), help="Save what was fetched to this WARC file (evidence; re-evaluate later with --from-archive).")
@click.option("--from-archive", "from_archive", type=click.Path(exists=True, dir_okay=False), help="Evaluate a WARC saved with --archive instead of fetching (offline).")
@crawl_options
@handle_errors
def check(url, level, out, portal_id, name, parent_url, scope, archive, from_archive, rules_file, resolve, max_pages, render, fail_on,
          baseline, fail_under, fail_on_error, allow_private, insecure, ignore_robots, delay, now, lang):
    """Check one portal at URL and write OUT/results.json and the HTML report."""
    options = app.build_options(resolve=resolve, max_pages=max_pages, render=render, allow_private=allow_private,
                                insecure=insecure, ignore_robots=ignore_robots, delay=delay,
                                progress=_progress_printer())
    options.archive = archive  # WARC evidence (crawlers/archive.py)
    options.scope = scope  # crawlers/scope.py
    options.from_archive = from_archive  # offline re-evaluation: crawl() replays the WARC
    portal = {k: v for k, v in {"id": portal_id, "name": name, "parent_url": parent_url}.items() if v}
    if scope != "host":
        portal["scope"] = scope
    sys.exit(app.run_check(url, level, out=out, options=options, rules_file=rules_file, portal=portal, now=now,
                           lang=lang, fail_on=fail_on, baseline=baseline, fail_under=fail_under,
                           fail_on_error=fail_on_error))


def _progress_printer() -> app.Progress | None:
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
    sys.exit(app.run_report(results_file, out, lang))


@main.command()
@rules_option()
@click.option("--now", "now", type=DATETIME, help="With --rules auto: choose the rule set in force on this date [today].")
@click.option("--test", "run_tests", is_flag=True, help="Run every rule against its pass/fail fixture portals.")
@click.option("--rule", "only", multiple=True, help="With --test: only these rule ids.")
@click.option("--level", metavar="LEVEL", help="List only rules that apply at this level (a level of the regime).")
@handle_errors
def rules(rules_file, now, run_tests, only, level):
    """List the rules, or with --test run the rules' own fixtures."""
    ruleset = app.choose_rules(rules_file, now)
    app.check_level(ruleset, level)
    if not run_tests:
        regime = ruleset.regime
        click.echo(f"{ruleset.name} {ruleset.version} ({len(ruleset.rules)} rules) — {ruleset.file}")
        title = regime.title.get("en") or regime.id
        span = f", in force {regime.span()}" if regime.in_force_from else ""
        codes = level_codes(regime.level_ids)
        click.echo(f"regime: {title}{span}; levels: " + ", ".join(f"{codes[lv]} {lv}" for lv in regime.level_ids))
        for r in ruleset.rules:
            if level and level not in r.levels:
                continue
            lv = "".join(codes.get(x, "?") for x in r.levels)
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


def level_codes(levels: tuple[str, ...] | list[str]) -> dict[str, str]:
    """One letter per level for the rule list: the first letter of its id not taken by an
    earlier level (province P, department D, district I; commune C)."""
    codes: dict[str, str] = {}
    for lv in levels:
        letter = next((c.upper() for c in lv if c.isalpha() and c.upper() not in codes.values()), "?")
        codes[lv] = letter
    return codes


for _command in (scan, demo, history):  # in checker/cli_scan.py
    main.add_command(_command)
