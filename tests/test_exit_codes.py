"""The exit-code table of the README, row by row, through the real CLI.

Each case runs ``d43`` (a subprocess, or click's CliRunner where a bug has to be simulated or
crawl timeouts shortened) against real servers on 127.0.0.1 and real files, and checks the
exit code, the message the table promises, and that stderr holds no traceback (except for
row 3, where the traceback is the point). Plus the durability cases of ``d43 scan``: a
history database damaged mid-scan (results kept, exit 4) and ``--resume-max-age``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scan import D43, TEST_RULES, make_portal, make_province, served_registry  # noqa: E402
from servers import TestServer, page  # noqa: E402

from checker.demo.server import PortalServer  # noqa: E402
from checker.history import History  # noqa: E402

ENV = {**os.environ, "D43_NO_BROWSER": "1"}
FAST = ["--render", "never", "--delay", "0", "--now", "2026-11-22"]


@dataclass
class Run:
    code: int
    out: str
    err: str


def d43(*args: str, timeout: float = 60, prefix: list[str] | None = None) -> Run:
    p = subprocess.run((prefix or []) + D43 + list(args), capture_output=True, text=True, timeout=timeout, env=ENV)
    return Run(p.returncode, p.stdout, p.stderr)


def invoke(*args: str) -> Run:
    """In process (CliRunner), for the cases that patch something first."""
    from checker.cli import main

    r = CliRunner().invoke(main, list(args))
    return Run(r.exit_code, r.stdout, r.stderr)


@dataclass
class Site:
    """A tiny province served on 127.0.0.1: ``good`` passes every test rule, ``bad`` has no site map."""

    tmp: Path
    rules: Path
    registry: Path
    server: PortalServer
    root: Path

    def url(self, host: str) -> list[str]:
        return [f"http://{host}:{self.server.port}/", "--resolve", f"{host}:{self.server.port}:127.0.0.1"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("exit-codes")
    root = tmp / "portals"
    source = make_province(root, 2, pages=6)
    make_portal(root, "nositemap.thuvien.gov.vn", "Sở không sơ đồ", pages=6, sitemap=False)
    rules = tmp / "rules.yaml"
    rules.write_text(TEST_RULES, encoding="utf-8")
    with PortalServer(root) as server:
        yield Site(tmp, rules, served_registry(source, server, tmp / "registry.yaml"), server, root)


def held(release: threading.Event, body: bytes = b"<p>late</p>"):
    """A handler that answers only when ``release`` is set (a portal still being crawled)."""

    def handler(req):
        release.wait(30)
        return 200, {"Content-Type": "text/html; charset=utf-8"}, body

    return handler


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_history(path: Path, *, registry: str = "/nowhere/registry.yaml", portals: int = 20) -> Path:
    """A real history database with one complete scan of ``portals`` portals."""
    from checker.results import Evidence, PortalResult, RuleResult

    with History(path) as h:
        sid = h.start_scan(registry=registry, started_at="2026-10-22T01:00:00+00:00")
        for i in range(portals):
            rules = [RuleResult(f"r{j}", "pass", "ok", {"en": "ok"}, [Evidence(f"http://p{i}.gov.vn/", "x" * 50)])
                     for j in range(20)]
            h.save_portal(sid, registry, PortalResult(f"p{i}", f"P{i}", f"http://p{i}.gov.vn/", "department",
                                                      score=90.0, results=rules), seq=i)
        h.complete_scan(sid, "2026-10-22T02:00:00+00:00")
    return path


def corrupt_pages(path: Path, first: int = 5) -> None:
    """Overwrite every page from ``first`` (1-based) on with garbage, keeping the header page and
    the first tables' roots: SQLite still opens the file, the damage is where rows are written."""
    size = 4096
    with open(path, "r+b") as fh:
        n = os.path.getsize(path) // size
        for number in range(first, n + 1):
            fh.seek((number - 1) * size)
            fh.write(bytes((i * 37 + number) % 251 for i in range(size)))


def without_root_override() -> list[str]:
    """A command prefix that makes file permissions bind even for root (drops CAP_DAC_OVERRIDE)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


# -- the cases: each returns (run, expected code, text the table promises) -------------------
Case = Callable[[Site, Path], tuple[Run, int, str]]


def gate_passed(s: Site, tmp: Path):
    r = d43("check", *s.url("thuvien.gov.vn"), "--level", "province", "--rules", str(s.rules), "--out", str(tmp), *FAST)
    return r, 0, "report: "


def gate_failed_rule(s: Site, tmp: Path):
    r = d43("check", *s.url("nositemap.thuvien.gov.vn"), "--level", "department", "--rules", str(s.rules),
            "--out", str(tmp), *FAST)
    return r, 1, "gate: nositemap: 1 rule(s) fail"


def unreachable_passes(s: Site, tmp: Path):
    port = free_port()
    r = d43("check", f"http://down.thuvien.gov.vn:{port}/", "--resolve", f"down.thuvien.gov.vn:{port}:127.0.0.1",
            "--level", "department", "--rules", str(s.rules), "--out", str(tmp), *FAST)
    return r, 0, f"UNREACHABLE http://down.thuvien.gov.vn:{port}/: "


def unreachable_fail_on_error(s: Site, tmp: Path):
    port = free_port()
    r = d43("check", f"http://down.thuvien.gov.vn:{port}/", "--resolve", f"down.thuvien.gov.vn:{port}:127.0.0.1",
            "--level", "department", "--rules", str(s.rules), "--out", str(tmp), "--fail-on-error", *FAST)
    return r, 1, "gate: down: portal unreachable"


def no_scheme(s: Site, tmp: Path):
    return d43("check", "a.gov.vn", "--level", "department", "--out", str(tmp)), 2, \
        "error: URL: must start with http:// or https://, got 'a.gov.vn'"


def not_a_url(s: Site, tmp: Path):
    return d43("check", "not-a-url", "--level", "department", "--out", str(tmp)), 2, "error: URL: "


def bad_option(s: Site, tmp: Path):
    return d43("check", "http://x.gov.vn/", "--level", "department", "--resolve", "nonsense"), 2, \
        "error: --resolve: --resolve wants HOST:PORT:ADDR"


def baseline_not_json(s: Site, tmp: Path):
    f = tmp / "base.json"
    f.write_text("{\"schema\": ", encoding="utf-8")
    return d43("check", *s.url("thuvien.gov.vn"), "--level", "province", "--baseline", str(f), "--out", str(tmp)), 2, \
        f"error: --baseline {f}: not JSON (line 1"


def baseline_wrong_schema(s: Site, tmp: Path):
    f = tmp / "base.json"
    f.write_text(json.dumps({"schema": "junit", "portals": []}), encoding="utf-8")
    return d43("scan", str(s.registry), "--out", str(tmp / "o"), "--baseline", str(f)), 2, \
        f"error: --baseline {f}: not a d43.results/1 document (schema: 'junit')"


def baseline_missing_field(s: Site, tmp: Path):
    f = tmp / "base.json"
    f.write_text(json.dumps({"schema": "d43.results/1", "portals": [{"id": "a", "level": "province"}]}), encoding="utf-8")
    return d43("check", *s.url("thuvien.gov.vn"), "--level", "province", "--baseline", str(f), "--out", str(tmp)), 2, \
        f"error: --baseline {f}: portals[0].url: missing or not text"


def bad_registry(s: Site, tmp: Path):
    text = s.registry.read_text(encoding="utf-8").replace("level: department", "level: departement", 1)
    text = text.replace("url: http://thuvien", "url: thuvien", 1)
    bad = tmp / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    r = d43("scan", str(bad), "--out", str(tmp / "o"))
    lines = [line for line in r.err.splitlines() if line.startswith(f"error: {bad}:")]
    assert len(lines) == 2, r.err  # every mistake, not only the first
    return r, 2, "portals[1].level: must be one of province, department, district"


def bad_rules(s: Site, tmp: Path):
    bad = tmp / "rules.yaml"
    bad.write_text("rules:\n  - id: a.b\n    levels: [County]\n", encoding="utf-8")
    return d43("check", *s.url("thuvien.gov.vn"), "--level", "province", "--rules", str(bad), "--out", str(tmp)), 2, \
        "rules[0].levels[0]"


def damaged_database(s: Site, tmp: Path):
    db = make_history(tmp / "history.sqlite")
    corrupt_pages(db)
    r = d43("scan", str(s.registry), "--out", str(tmp / "o"), "--db", str(db), "--rules", str(s.rules), *FAST)
    assert not (tmp / "o" / "results.json").exists()  # refused before crawling
    return r, 2, f"error: history database {db} is damaged (database disk image is malformed): move it aside or use --db"


def read_only_database(s: Site, tmp: Path):
    db = make_history(tmp / "history.sqlite")
    db.chmod(0o444)
    r = d43("scan", str(s.registry), "--out", str(tmp / "o"), "--db", str(db), "--rules", str(s.rules), *FAST,
            prefix=without_root_override())
    assert not (tmp / "o" / "results.json").exists()
    return r, 2, f"error: history database {db} cannot be written (attempt to write a readonly database)"


def resume_too_old(s: Site, tmp: Path):
    db = tmp / "history.sqlite"
    started = (datetime.now(UTC) - timedelta(days=30)).isoformat(timespec="seconds")
    with History(db) as h:
        sid = h.start_scan(registry=str(s.registry.resolve()), started_at=started)
        h.db.execute("UPDATE scans SET hostname = 'another-machine' WHERE id = ?", (sid,))  # its process is gone
    r = d43("scan", str(s.registry), "--out", str(tmp / "o"), "--db", str(db), "--resume", "--rules", str(s.rules), *FAST)
    assert "without --resume a new scan will start" in r.err
    return r, 2, f"error: not resuming scan {sid}: it started {started}, 30 days ago, more than --resume-max-age 7 days"


def tool_bug(s: Site, tmp: Path):
    import checker.pipeline

    saved = checker.pipeline.check_portal

    def broken(*a, **k):
        raise RuntimeError("simulated bug")

    checker.pipeline.check_portal = broken
    try:
        r = invoke("check", "http://x.gov.vn/", "--level", "district", "--out", str(tmp))
    finally:
        checker.pipeline.check_portal = saved
    return r, 3, "d43 failed (this is a bug in d43)"


def history_write_failed(s: Site, tmp: Path):
    return history_damaged_mid_scan(s, tmp), 4, "error: history database "


def ctrl_c_check(s: Site, tmp: Path):
    release = threading.Event()
    with TestServer({"/": held(release)}) as srv:
        p = subprocess.Popen(D43 + ["check", srv.url("cham.thuvien.gov.vn"), "--resolve", srv.resolve("cham.thuvien.gov.vn"),
                                    "--level", "department", "--rules", str(s.rules), "--out", str(tmp), *FAST],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, start_new_session=True)
        try:
            wait_for(lambda: any(h.target == "/" for h in srv.hits), p)
            os.killpg(p.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
            out, err = p.communicate(timeout=20)
        finally:
            release.set()
            if p.poll() is None:
                p.kill()
    assert not (tmp / "results.json").exists()
    return Run(p.returncode, out, err), 130, "interrupted: the check of http://cham.thuvien.gov.vn:"


def ctrl_c_scan(s: Site, tmp: Path):
    release = threading.Event()
    with TestServer({"/": held(release)}) as srv:
        reg = with_portal(s, tmp, srv)
        p = subprocess.Popen(D43 + ["scan", str(reg), "--out", str(tmp / "o"), "--rules", str(s.rules), "--workers", "1",
                                    *FAST], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
                             start_new_session=True)
        try:
            wait_for(lambda: any(h.target == "/" for h in srv.hits), p)
            os.killpg(p.pid, signal.SIGINT)
            out, err = p.communicate(timeout=20)
        finally:
            release.set()
            if p.poll() is None:
                p.kill()
    kept = json.loads((tmp / "o" / "results.json").read_text(encoding="utf-8"))
    assert [x["id"] for x in kept["portals"]] == ["tinh", "so01"]  # what was committed stays
    return Run(p.returncode, out, err), 130, "interrupted: 2 finished portal(s) of scan 1 are kept in"


def broken_pipe(s: Site, tmp: Path):
    """`d43 rules | head`: the reader is gone before d43 writes (the pipe's read end is closed
    at once), so every write fails."""
    r, w = os.pipe()
    p = subprocess.Popen(D43 + ["rules", "--rules", str(s.rules)], stdout=w, stderr=subprocess.PIPE, text=True, env=ENV)
    os.close(w)
    os.close(r)
    _, err = p.communicate(timeout=60)
    assert err == ""  # silent, as other tools in a pipeline
    return Run(p.returncode, "", err), 141, ""


CASES: dict[str, tuple[Case, str]] = {
    # name: (case, the README row it stands for)
    "0-gate-passed": (gate_passed, "0"),
    "0-unreachable-is-not-a-failure": (unreachable_passes, "0"),
    "1-failing-rule": (gate_failed_rule, "1"),
    "1-unreachable-with-fail-on-error": (unreachable_fail_on_error, "1"),
    "2-url-without-scheme": (no_scheme, "2"),
    "2-not-a-url": (not_a_url, "2"),
    "2-bad-option": (bad_option, "2"),
    "2-baseline-not-json": (baseline_not_json, "2"),
    "2-baseline-wrong-schema": (baseline_wrong_schema, "2"),
    "2-baseline-missing-field": (baseline_missing_field, "2"),
    "2-registry-mistakes": (bad_registry, "2"),
    "2-rules-file": (bad_rules, "2"),
    "2-damaged-database": (damaged_database, "2"),
    "2-read-only-database": (read_only_database, "2"),
    "2-resume-too-old": (resume_too_old, "2"),
    "3-bug": (tool_bug, "3"),
    "4-history-not-written": (history_write_failed, "4"),
    "130-ctrl-c-check": (ctrl_c_check, "130"),
    "130-ctrl-c-scan": (ctrl_c_scan, "130"),
    "141-broken-pipe": (broken_pipe, "141"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_exit_code_table(site, tmp_path, name, monkeypatch):
    monkeypatch.setenv("D43_NO_BROWSER", "1")
    case, row = CASES[name]
    run, code, message = case(site, tmp_path)
    assert run.code == code, f"{name}: exit {run.code}\nstdout:\n{run.out}\nstderr:\n{run.err}"
    assert message in run.out + run.err, f"{name}: {message!r} not printed\nstdout:\n{run.out}\nstderr:\n{run.err}"
    assert row in readme_rows()  # the row is documented
    if code == 3:
        assert "Traceback" in run.err and "simulated bug" in run.err
    else:
        assert "Traceback" not in run.err, run.err
    if code in (2, 130):  # one line says it all (a registry: one line per mistake)
        errors = [line for line in run.err.splitlines() if line.strip()]
        assert errors and all(line.startswith(("error: ", "interrupted")) for line in errors), run.err
        if name != "2-registry-mistakes":
            assert len(errors) == 1, run.err


def readme_rows() -> set[str]:
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = text.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    return {line.split("|")[1].strip(" `") for line in section.splitlines() if line.startswith("| `")}


# -- helpers of the long cases -----------------------------------------------------------------
def wait_for(cond: Callable[[], object], proc: subprocess.Popen, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if proc.poll() is not None:
            raise AssertionError(f"d43 ended early ({proc.returncode}): {proc.communicate()}")
        if time.monotonic() > end:
            raise AssertionError("timed out waiting for d43")
        time.sleep(0.05)


def with_portal(s: Site, tmp: Path, srv: TestServer, *, first: bool = False) -> Path:
    """The site's registry plus a portal ``cham`` served by ``srv`` (last, or first)."""
    doc = yaml.safe_load(s.registry.read_text(encoding="utf-8"))
    entry = {"id": "cham", "name": "Sở chậm", "url": srv.url("cham.thuvien.gov.vn"), "level": "department",
             "resolve": [srv.resolve("cham.thuvien.gov.vn")]}
    doc["portals"].insert(0, entry) if first else doc["portals"].append(entry)
    reg = tmp / "registry.yaml"
    reg.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return reg


def history_damaged_mid_scan(s: Site, tmp: Path) -> Run:
    """The database passes the check before crawling, then is damaged where the portal rows go
    while the first portal is being crawled: the scan goes on, results.json keeps every
    portal, the exit code is 4."""
    release = threading.Event()
    body = page("Sở chậm", nav=[("/tin-tuc/", "Tin tức"), ("/lien-he.html", "Liên hệ")]).encode()
    db = tmp / "history.sqlite"
    with TestServer({"/": held(release, body)}) as srv:
        reg = with_portal(s, tmp, srv, first=True)
        p = subprocess.Popen(D43 + ["scan", str(reg), "--out", str(tmp / "o"), "--db", str(db), "--rules", str(s.rules),
                                    "--workers", "1", "--fail-on", "never", *FAST],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        try:
            wait_for(lambda: any(h.target == "/" for h in srv.hits), p)
            # another process writes (the scan's page cache is then stale), checkpoints, and the
            # file is damaged under the tables the portals are written to
            con = sqlite3.connect(db, isolation_level=None)
            con.execute("UPDATE scans SET name = name")
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.close()
            corrupt_pages(db)
            release.set()
            out, err = p.communicate(timeout=60)
        finally:
            release.set()
            if p.poll() is None:
                p.kill()
    assert "warning: history database" in err and "the scan goes on" in err, err
    results = json.loads((tmp / "o" / "results.json").read_text(encoding="utf-8"))
    assert [x["id"] for x in results["portals"]] == ["cham", "tinh", "so01"], err  # every finished portal
    assert (tmp / "o" / "index.html").exists()  # the reports too
    assert "all 3 finished portal(s)" in err
    return Run(p.returncode, out, err)


def test_check_on_a_host_that_never_answers_says_unreachable(tmp_path, monkeypatch):
    """A host that accepts connections and never answers is UNREACHABLE like a refused one
    (crawl timeouts shortened through the options the command builds), and fails the gate
    with --fail-on-error."""
    import checker.app

    build = checker.app.build_options

    def short(**kw):
        opts = build(**kw)
        opts.timeout, opts.connect_timeout, opts.retries, opts.portal_timeout = 1.0, 1.0, 0, 8.0
        return opts

    monkeypatch.setattr(checker.app, "build_options", short)
    monkeypatch.setenv("D43_NO_BROWSER", "1")
    tarpit = socket.socket()
    tarpit.bind(("127.0.0.1", 0))
    tarpit.listen(8)  # the kernel completes the handshakes; nobody ever reads or answers
    port = tarpit.getsockname()[1]
    try:
        r = invoke("check", f"http://treo.thuvien.gov.vn:{port}/", "--resolve", f"treo.thuvien.gov.vn:{port}:127.0.0.1",
                   "--level", "department", "--out", str(tmp_path), "--fail-on-error", *FAST)
    finally:
        tarpit.close()
    assert r.code == 1, r.out + r.err
    assert f"UNREACHABLE http://treo.thuvien.gov.vn:{port}/: " in r.out
    assert "gate: treo: portal unreachable" in r.err and "Traceback" not in r.err
    assert json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["portals"][0]["status"] == "error"


def test_resume_within_the_age_limit_finishes_the_scan(site, tmp_path):
    """--resume-max-age raised: the 30-day-old scan is resumed (and only then)."""
    db = tmp_path / "history.sqlite"
    started = (datetime.now(UTC) - timedelta(days=30)).isoformat(timespec="seconds")
    with History(db) as h:
        sid = h.start_scan(registry=str(site.registry.resolve()), started_at=started)
        h.db.execute("UPDATE scans SET hostname = 'another-machine' WHERE id = ?", (sid,))
    r = d43("scan", str(site.registry), "--out", str(tmp_path / "o"), "--db", str(db), "--resume",
            "--resume-max-age", "45", "--rules", str(site.rules), "--workers", "1", *FAST)
    assert r.code == 0, r.out + r.err
    assert f"resuming scan {sid} started {started}" in r.out
    with History(db) as h:
        assert [(s.id, s.status) for s in h.scans()] == [(sid, "complete")]
