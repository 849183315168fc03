"""Exit codes and error messages of the CLI (docs/cli.md)."""

from __future__ import annotations

import json
import socket

from click.testing import CliRunner

from checker.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_bad_rules_file_exits_2_naming_file_line_and_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: a.b\n    levels: [County]\n", encoding="utf-8")
    r = run("rules", "--rules", str(bad))
    assert r.exit_code == 2
    assert f"{bad.resolve()}:3: rules[0].levels[0]" in r.output


def test_bad_resolve_is_a_usage_error():
    r = run("check", "http://x.gov.vn/", "--level", "department", "--resolve", "nonsense")
    assert r.exit_code == 2 and "HOST:PORT:ADDR" in r.output


def test_missing_level_is_a_usage_error():
    assert run("check", "http://x.gov.vn/").exit_code == 2


def test_report_rejects_a_file_that_is_not_results(tmp_path):
    f = tmp_path / "x.json"
    f.write_text('{"schema": "nope"}')
    r = run("report", str(f), "--out", str(tmp_path / "o"))
    assert r.exit_code == 2 and "d43.results/1" in r.output


def test_rules_lists_the_catalogue():
    r = run("rules")
    assert r.exit_code == 0
    assert "intro.leader_bios" in r.output and "a11y.wcag" in r.output


def test_tool_failure_exits_3(monkeypatch, tmp_path):
    import checker.pipeline

    def broken(*a, **k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(checker.pipeline, "check_portal", broken)
    r = CliRunner().invoke(main, ["check", "http://x.gov.vn/", "--level", "district", "--out", str(tmp_path)])
    assert r.exit_code == 3 and "simulated bug" in r.output


def test_unreachable_portal_is_a_result_not_a_crash(tmp_path):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    out = tmp_path / "out"
    r = run("check", f"http://sxd.hoaan.gov.vn:{port}/", "--level", "department", "--out", str(out),
            "--resolve", f"sxd.hoaan.gov.vn:{port}:127.0.0.1", "--render", "never", "--fail-on", "fail")
    assert r.exit_code in (0, 1), r.output
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (portal,) = doc["portals"]
    assert portal["status"] == "error" and portal["score"] is None
    statuses = {x["status"] for x in portal["results"]}
    assert statuses <= {"error", "not_applicable"} and "error" in statuses
    assert all(x["evidence"] for x in portal["results"] if x["status"] == "error")
