"""Click pieces shared by the commands of :mod:`checker.cli` and :mod:`checker.cli_scan`:
the crawl options, the ``--now`` date type, and the mapping of errors to exit codes (the
README's table: 2 bad input, one ``error:`` line per mistake and no traceback; 3 the tool
itself failed, with the traceback; 130 Ctrl-C, one line)."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import click

from checker.app import EXIT_BROKEN_PIPE, EXIT_BUG, EXIT_INTERRUPTED, EXIT_USAGE, OptionError
from checker.history_schema import HistoryError
from checker.results import ResultsFileError
from checker.rules import RuleFileError

DATETIME = click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"])

F = TypeVar("F", bound=Callable[..., Any])


RULES_HELP = ("Rule set: a bundled one by NAME (decree43, decree42), a PATH, or auto (the bundled set in force "
              "on the as-of date, --now else today) [decree43].")
LEVEL_HELP = "The portal's level: one of the levels of the rule set's regime (decree43: province, department, district)."


def rules_option() -> Callable[[F], F]:
    """``--rules NAME|PATH|auto`` (resolved by :func:`checker.rules.resolve_rules`)."""
    return click.option("--rules", "rules_file", metavar="NAME|PATH|auto", help=RULES_HELP)


def crawl_options(fn: F) -> F:
    """Options shared by ``check`` and ``scan``."""
    decorators = [
        rules_option(),
        click.option("--resolve", multiple=True, metavar="HOST:PORT:ADDR", help="Connect to ADDR for HOST:PORT (curl's meaning). Repeatable."),
        click.option("--max-pages", type=click.IntRange(1), default=None, help="Page budget per portal [300]."),
        click.option("--render", type=click.Choice(["auto", "always", "never"]), default=None, help="Browser rendering [auto]."),
        click.option("--fail-on", type=click.Choice(["fail", "regression", "never"]), default="fail", show_default=True, help="What makes the exit code 1."),
        click.option("--baseline", type=click.Path(exists=True, dir_okay=False), help="Earlier results.json to compare with (regressions)."),
        click.option("--fail-under", type=click.FloatRange(0, 100), help="Exit 1 when a portal's score is below this."),
        click.option("--fail-on-error", is_flag=True,
                     help="Unreachable portals and rules that could not be evaluated fail the gate too (exit 1)."),
        click.option("--allow-private", is_flag=True, help="Allow private addresses (internal portals); loopback only at the start URL."),
        click.option("--insecure", is_flag=True, help="Evaluate pages even when TLS verification fails (the TLS problem is still reported)."),
        click.option("--ignore-robots", is_flag=True, help="Do not obey robots.txt (use only with the portal owner's consent)."),
        click.option("--delay", type=click.FloatRange(0), default=None, help="Seconds between requests to one host [0.5]."),
        click.option("--now", "now", type=DATETIME, help="Evaluate as of this date (freshness rules)."),
        click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Report language."),
    ]
    for d in reversed(decorators):
        fn = d(fn)
    return fn


def handle_errors(fn: F) -> F:
    """Map errors to exit codes: bad input 2 (``error: …`` lines, one per mistake), tool
    failure 3 (with the traceback: it is a bug to report), Ctrl-C 130 (one line), a closed
    stdout 141 (silent, as ``yes | head``)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            try:
                return fn(*args, **kwargs)
            finally:
                sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        except OptionError as exc:
            click.echo(f"error: {exc.option}: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except (RuleFileError, HistoryError, ResultsFileError) as exc:
            for line in str(exc).splitlines():  # a registry lists every mistake, one per line
                click.echo(f"error: {line}", err=True)
            sys.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            # the reader went away (`d43 rules | head`): nothing to report, and Python must not
            # complain again when it flushes stdout at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_BROKEN_PIPE)
        except KeyboardInterrupt as exc:
            click.echo(f"\n{exc}" if str(exc) else "\ninterrupted (Ctrl-C): stopped before the end, nothing was written",
                       err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception:
            click.echo("d43 failed (this is a bug in d43):\n" + traceback.format_exc(), err=True)
            sys.exit(EXIT_BUG)

    return wrapper  # type: ignore[return-value]
