"""Every rule's own fixture portals (rules/fixtures/<rule>/<case>/), one test per case, and
the `d43 rules --test` command's exit codes. Each case is served on 127.0.0.1 and crawled
by the real crawler (see checker/selftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.rules import load_rules
from checker.selftest import coverage_problems, discover, run_case

RULES = load_rules()
CASES = list(discover(RULES))


def test_every_rule_has_a_passing_and_a_failing_case():
    assert coverage_problems(RULES, CASES) == []


def test_coverage_problems_name_rules_without_cases():
    only_pass = [c for c in CASES if c.rule == "news.fresh" and c.expect == "pass"]
    assert coverage_problems(RULES, only_pass, only={"news.fresh"}) == ["news.fresh: no fixture case expecting fail"]
    assert "no fixture case expecting pass" in " ".join(coverage_problems(RULES, [], only={"access.search"}))


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{c.rule}/{c.name}",
                                               marks=[pytest.mark.browser] if c.render != "never" else [])
                                  for c in CASES])
def test_fixture_case(case):
    """The live verdict is the expected one, and the replay of the case's archive, with the
    network made impossible (crawlers.netguard), gives the same verdict."""
    res = run_case(case, RULES)
    assert res.status == case.expect, f"{case.path}: {res.message}"
    assert res.replay_status == res.status, f"{case.path}: replay said {res.replay_status}, live {res.status}"


def test_rules_test_command_exits_0_when_cases_pass():
    r = CliRunner().invoke(main, ["rules", "--test", "--rule", "news.fresh"])
    assert r.exit_code == 0, r.output
    assert "0 failed" in r.output


def test_rules_test_command_exits_1_when_a_case_disagrees(tmp_path: Path):
    # Overriding news.fresh to accept news of any age makes its "stale" fixture pass,
    # against the case's expectation: the command must report it and exit 1.
    user = tmp_path / "lenient.yaml"
    user.write_text("extends: decree43\nrules:\n  - id: news.fresh\n    check: {fresh_date: {terms: [tin tức, tin tức sự kiện,"
                    " tin hoạt động], max_age_days: 100000}}\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["rules", "--rules", str(user), "--test", "--rule", "news.fresh"])
    assert r.exit_code == 1, r.output
    assert "FAIL news.fresh/" in r.output and "expected fail, got pass" in r.output
