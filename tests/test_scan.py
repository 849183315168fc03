"""``d43 scan`` end to end, as real subprocesses against portals served on 127.0.0.1.

* kill -9 in the middle of a scan, then ``--resume``: no portal lost or duplicated, the
  database consistent, the workers gone;
* the gate's exit codes and regression lists: no change, a new failure, a fixed rule,
  an unreachable (and a hanging) portal, a malformed registry.
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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scan import D43, TEST_RULES, make_portal, make_province, served_registry  # noqa: E402

from checker.demo.server import PortalServer  # noqa: E402
from checker.history import History  # noqa: E402

ENV = {**os.environ, "D43_NO_BROWSER": "1"}


def d43(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(D43 + list(args), capture_output=True, text=True, timeout=timeout, env=ENV)


@pytest.fixture
def province(tmp_path):
    """4 portals (province, 2 departments, 1 district) served by PortalServer; yields
    (registry path, portals root, rules path, server)."""
    root = tmp_path / "portals"
    source = make_province(root, 4, pages=6)
    rules = tmp_path / "rules.yaml"
    rules.write_text(TEST_RULES, encoding="utf-8")
    with PortalServer(root) as server:
        yield served_registry(source, server, tmp_path / "registry.yaml"), root, rules, server


def scan(reg: Path, out: Path, rules: Path, *extra: str) -> subprocess.CompletedProcess:
    workers = [] if "--workers" in extra else ["--workers", "1"]  # tiny portals: one worker is quickest
    return d43("scan", str(reg), "--out", str(out), "--rules", str(rules), "--delay", "0", "--now", "2026-11-22",
               *workers, *extra)


# -- the gate ----------------------------------------------------------------------------------
def test_gate_no_change_new_failure_fixed_rule(province, tmp_path):
    reg, root, rules, _server = province
    out = tmp_path / "out"
    host = "so01.thuvien.gov.vn"

    r1 = scan(reg, out, rules, "--fail-on", "regression")
    assert r1.returncode == 0, r1.stderr
    assert "no baseline" in r1.stdout and "gate: passed" in r1.stdout
    (tmp_path / "scan1.json").write_bytes((out / "results.json").read_bytes())

    # 1. no change
    r2 = scan(reg, out, rules, "--fail-on", "regression")
    assert r2.returncode == 0, r2.stderr
    assert "compared with scan 1" in r2.stdout and "0 regression(s), 0 fixed, 0 unverified" in r2.stdout
    assert "REGRESSION" not in r2.stdout + r2.stderr

    # 2. a new failure: so01 loses its site map (page and menu link)
    (root / host / "so-do-trang.html").unlink()
    make_portal(root, host, "Sở số 1", pages=6, sitemap=False)
    r3 = scan(reg, out, rules, "--fail-on", "regression")
    assert r3.returncode == 1, r3.stdout + r3.stderr
    assert "1 regression(s), 0 fixed" in r3.stdout
    gate_lines = [line for line in r3.stderr.splitlines() if line.startswith("gate: ")]
    assert gate_lines[0].startswith("gate: REGRESSION so01: access.sitemap pass -> fail: ")
    assert f"    evidence: http://{host}:" in r3.stderr  # printed with its evidence
    assert "gate: FAILED" in r3.stdout and "exit 1" in r3.stdout
    # the same regression against an explicit --baseline file (and a fresh database), with
    # --fail-under on the score as a second reason
    r3b = scan(reg, tmp_path / "out-b", rules, "--fail-on", "regression", "--baseline", str(tmp_path / "scan1.json"),
               "--fail-under", "95")
    assert r3b.returncode == 1
    assert "gate: REGRESSION so01: access.sitemap pass -> fail" in r3b.stderr
    assert "gate: so01: score" in r3b.stderr and "is under 95" in r3b.stderr
    # --fail-on fail: any failing rule fails the gate, regression or not
    r3c = scan(reg, tmp_path / "out-c", rules, "--fail-on", "fail")
    assert r3c.returncode == 1 and "gate: so01: 1 rule(s) fail" in r3c.stderr

    # 3. the rule is fixed
    make_portal(root, host, "Sở số 1", pages=6, sitemap=True)
    r4 = scan(reg, out, rules, "--fail-on", "regression")
    assert r4.returncode == 0, r4.stderr
    assert "0 regression(s), 1 fixed" in r4.stdout
    assert "FIXED so01: access.sitemap fail -> pass" in r4.stdout

    # the history view shows the scores and the changed rule over time
    h = d43("history", "so01", "--db", str(out / "history.sqlite"))
    assert h.returncode == 0, h.stderr
    assert h.stdout.count("\nscan ") == 4
    assert "access.sitemap: pass -> fail" in h.stdout and "access.sitemap: fail -> pass" in h.stdout
    hj = json.loads(d43("history", "so01", "--db", str(out / "history.sqlite"), "--json").stdout)
    assert [p["score"] for p in hj][2] < hj[0]["score"] == hj[3]["score"]
    listing = d43("history", "--db", str(out / "history.sqlite"))
    assert listing.stdout.count("complete") == 4 and "so01" in listing.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_and_hanging_portals_are_results_not_crashes(province, tmp_path):
    reg, _root, rules, _server = province
    out = tmp_path / "out"
    assert scan(reg, out, rules).returncode == 0
    # so02 goes down (connection refused); a new portal hangs forever after connecting
    closed = _free_port()
    tarpit = socket.socket()
    tarpit.bind(("127.0.0.1", 0))
    tarpit.listen(8)  # never accepts, never answers
    doc = yaml.safe_load(reg.read_text(encoding="utf-8"))
    so02 = next(p for p in doc["portals"] if p["id"] == "so02")
    so02["url"] = f"http://so02.thuvien.gov.vn:{closed}/"
    so02["resolve"] = [f"so02.thuvien.gov.vn:{closed}:127.0.0.1"]
    tp = tarpit.getsockname()[1]
    doc["portals"].append({"id": "treo", "name": "Cổng treo", "url": f"http://treo.thuvien.gov.vn:{tp}/",
                           "level": "district", "resolve": [f"treo.thuvien.gov.vn:{tp}:127.0.0.1"], "timeout": 1,
                           "retries": 0})
    reg.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    try:
        r = scan(reg, out, rules, "--fail-on", "regression", "--workers", "2")
        assert r.returncode == 0, r.stdout + r.stderr  # a portal being down is not a regression
        assert "UNREACHABLE so02" in r.stdout and "UNREACHABLE treo" in r.stdout
        assert "UNVERIFIED so02: news.section pass -> error" in r.stdout
        assert "0 regression(s)" in r.stdout
        res = json.loads((out / "results.json").read_text(encoding="utf-8"))
        by_id = {p["id"]: p for p in res["portals"]}
        assert list(by_id) == ["tinh", "so01", "so02", "huyen03", "treo"]
        assert by_id["so02"]["status"] == "error" and by_id["so02"]["score"] is None
        assert {x["status"] for x in by_id["so02"]["results"]} == {"error"}
        assert by_id["treo"]["status"] == "error"
        # the others were checked normally
        assert all(by_id[i]["status"] == "ok" and by_id[i]["score"] == 100.0 for i in ("tinh", "so01", "huyen03"))
        # --fail-on-error makes a portal that cannot be reached fail the gate
        r2 = scan(reg, tmp_path / "out2", rules, "--fail-on", "never", "--fail-on-error")
        assert r2.returncode == 1
        assert "gate: so02: portal unreachable" in r2.stderr and "gate: treo: portal unreachable" in r2.stderr
    finally:
        tarpit.close()


def test_malformed_registry_exits_2_with_file_line_field(province, tmp_path):
    reg, _root, rules, _server = province
    doc = reg.read_text(encoding="utf-8").replace("level: department", "level: departement", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(doc, encoding="utf-8")
    line = next(i for i, text in enumerate(doc.splitlines(), 1) if "departement" in text)
    out = tmp_path / "out"
    r = scan(bad, out, rules)
    assert r.returncode == 2
    assert f"error: {bad}:{line}: portals[1].level: must be one of province, department, district" in r.stderr
    assert not out.exists()  # nothing scanned, nothing written
    r = scan(reg, out, rules, "--resolve", "nonsense")
    assert r.returncode == 2 and "HOST:PORT:ADDR" in r.stderr
    r = d43("scan", str(tmp_path / "missing.yaml"), "--out", str(out))
    assert r.returncode == 2


# -- kill -9 and --resume ----------------------------------------------------------------------
class _SlowHandler(BaseHTTPRequestHandler):
    root: Path
    delay = 0.05

    def log_message(self, *args):
        pass

    def do_GET(self):
        time.sleep(self.delay)
        host = (self.headers.get("Host") or "").split(":")[0]
        path = self.path.split("?")[0]
        rel = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
        f = self.root / host / rel
        if not f.is_file():
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = f.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _live_in_group(pgid: int) -> list[int]:
    """Processes of the process group that are running (not zombies)."""
    live = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            live.append(int(d.name))
    return live


def _committed(db: Path) -> dict[str, tuple[int, str]]:
    if not db.exists():
        return {}
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        rows = con.execute("SELECT p.key, pr.id, pr.finished_at FROM portal_results pr"
                           " JOIN portals p ON p.id = pr.portal_id").fetchall()
    except sqlite3.OperationalError:  # tables not created yet
        return {}
    finally:
        con.close()
    return {k: (i, f) for k, i, f in rows}


def test_sigkill_mid_scan_then_resume_loses_and_duplicates_nothing(tmp_path):
    root = tmp_path / "portals"
    source = make_province(root, 8, pages=6)
    rules = tmp_path / "rules.yaml"
    rules.write_text(TEST_RULES, encoding="utf-8")

    handler = type("H", (_SlowHandler,), {"root": root})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    for p in doc["portals"]:
        host = p["url"].split("/")[2]
        p["url"] = f"http://{host}:{port}/"
        p["resolve"] = [f"{host}:{port}:127.0.0.1"]
    reg = tmp_path / "registry.yaml"
    reg.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    out, db = tmp_path / "out", tmp_path / "h.sqlite"
    args = ["scan", str(reg), "--out", str(out), "--db", str(db), "--rules", str(rules), "--delay", "0",
            "--workers", "2", "--now", "2026-11-22"]
    try:
        proc = subprocess.Popen(D43 + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
                                start_new_session=True)
        deadline = time.monotonic() + 60
        while len(_committed(db)) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the scan finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        # the workers notice their parent is gone and stop
        deadline = time.monotonic() + 10
        while _live_in_group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _live_in_group(proc.pid) == []

        before = _committed(db)
        assert 2 <= len(before) < 8
        with History(db) as h:
            assert h.check_integrity() == []
            (info,) = h.scans()
            assert info.status == "running" and info.portals == len(before)
            assert h.last_complete(str(reg.resolve())) is None  # readers see no complete scan
        partial = json.loads((out / "results.json").read_text(encoding="utf-8"))  # whole, valid JSON
        assert {p["id"] for p in partial["portals"]} <= set(before) and partial["finished_at"] == ""

        r = d43(*args, "--resume")
        assert r.returncode == 0, r.stdout + r.stderr
        assert "resuming scan 1 started" in r.stdout and f"{len(before)} portal(s) already done" in r.stdout
        started = [line.split()[1] for line in r.stdout.splitlines() if line.startswith("  start ")]
        all_ids = [p["id"] for p in doc["portals"]]
        assert sorted(started) == sorted(set(all_ids) - set(before))  # only the missing ones, once each

        after = _committed(db)
        assert set(after) == set(all_ids)
        assert {k: after[k] for k in before} == before  # the committed portals were not redone
        with History(db) as h:
            assert h.check_integrity() == []
            (info,) = h.scans()  # still one scan, now complete
            assert info.status == "complete" and info.portals == 8
            assert h.db.execute("SELECT COUNT(*) FROM portal_results").fetchone()[0] == 8
            assert h.db.execute("SELECT COUNT(*) FROM rule_results").fetchone()[0] == 8 * 3
        final = json.loads((out / "results.json").read_text(encoding="utf-8"))
        assert [p["id"] for p in final["portals"]] == all_ids and final["finished_at"]

        # --resume with nothing to resume starts a new scan
        r2 = d43(*args, "--resume")
        assert r2.returncode == 0 and "no interrupted scan of this registry: starting a new one (scan 2)" in r2.stdout
    finally:
        httpd.shutdown()
        httpd.server_close()


# -- d43 demo ------------------------------------------------------------------------------------
def test_demo_scans_the_bundled_province_offline(tmp_path):
    """The README's first command (browser off here to keep the test fast: the demo's own
    speed with Chromium is measured by running it)."""
    out = tmp_path / "demo"
    r = d43("demo", "--out", str(out), "--render", "never")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "evaluating as of 2026-11-22T09:00:00+07:00 (the sample pages are dated for 2026-11-22" in r.stdout
    index = (out / "index.html").resolve()
    assert f"The report is ready: {index}" in r.stdout and index.is_file()
    res = json.loads((out / "results.json").read_text(encoding="utf-8"))
    levels = [p["level"] for p in res["portals"]]
    assert levels.count("province") == 1 and levels.count("department") >= 3 and levels.count("district") >= 2
    assert all(p["status"] == "ok" and p["pages_fetched"] > 5 for p in res["portals"])
    # a province with gaps (which ones is checker/demo/province/expected.yaml's business)
    assert sum(p["counts"]["fail"] for p in res["portals"]) > 0
    assert all(p["counts"]["pass"] > 0 for p in res["portals"])
    with History(out / "history.sqlite") as h:
        (info,) = h.scans()
        assert info.status == "complete" and info.portals == len(res["portals"])
