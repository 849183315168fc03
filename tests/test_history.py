"""The SQLite history: migrations, per-portal atomic commits, consistent readers, baselines."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading

import pytest

from checker import history as history_mod
from checker import history_schema  # the migrations live there
from checker.gate import compare, gate
from checker.history import History, HistoryError
from checker.results import Evidence, PortalResult, RuleResult

REG = "/srv/registry.yaml"


def portal(pid: str, statuses: dict[str, str], *, score: float | None = 50.0, status: str = "ok",
           evidence: int = 2) -> PortalResult:
    rules = [RuleResult(rule, st, f"{rule} is {st}", {"vi": f"{rule} {st}", "en": f"{rule} is {st}"},
                        [Evidence(f"http://{pid}.gov.vn/p{i}", f"trích đoạn {i}", "searched" if i else "",
                                  {"selector": f"#s{i}"} if i else {}) for i in range(evidence)])
             for rule, st in statuses.items()]
    return PortalResult(id=pid, name=f"Cổng {pid}", url=f"http://{pid}.gov.vn/", level="department", score=score,
                        pages_fetched=12, results=rules, status=status, error=None if status == "ok" else "refused",
                        errors=["http://x/: timeout"], crawl={"duration": 1.5}, parent="tinh",
                        started_at="2026-11-22T01:00:00+00:00", finished_at="2026-11-22T01:01:00+00:00")


def new_scan(h: History, when: str = "2026-10-22T01:00:00+00:00") -> int:
    return h.start_scan(registry=REG, name="Tỉnh X", rules_file="r.yaml", rules_version="1",
                        rules_meta={"a.b": {"title": {"vi": "A"}}}, started_at=when)


def test_new_database_is_migrated_in_wal_mode(tmp_path):
    db = tmp_path / "h.sqlite"
    with History(db) as h:
        assert h.schema_version() == len(history_mod.MIGRATIONS) == 1
        tables = {r[0] for r in h.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"schema_version", "scans", "portals", "portal_results", "rule_results", "evidence"} <= tables
        assert h.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with History(db) as h:  # reopening is a no-op
        assert h.schema_version() == 1
        assert h.db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 1


def test_pending_migration_upgrades_and_keeps_data(tmp_path, monkeypatch):
    db = tmp_path / "h.sqlite"
    with History(db) as h:
        sid = new_scan(h)
        h.save_portal(sid, REG, portal("sxd", {"a.b": "pass"}))
    monkeypatch.setattr(history_schema, "MIGRATIONS", history_schema.MIGRATIONS + ["ALTER TABLE scans ADD COLUMN note TEXT"])
    with History(db) as h:
        assert h.schema_version() == 2
        assert h.db.execute("SELECT note FROM scans WHERE id = ?", (sid,)).fetchone()[0] is None
        assert h.load_scan(sid).portals[0].results[0].status == "pass"


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    db = tmp_path / "h.sqlite"
    History(db).close()
    monkeypatch.setattr(history_schema, "MIGRATIONS", history_schema.MIGRATIONS + [
        "CREATE TABLE extra (x INTEGER); ALTER TABLE no_such_table ADD COLUMN y"])
    with pytest.raises(HistoryError):
        History(db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT version FROM schema_version").fetchone()[0] == 1
    assert con.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'extra'").fetchone()[0] == 0


def test_newer_schema_and_foreign_files_are_refused(tmp_path):
    db = tmp_path / "h.sqlite"
    History(db).close()
    con = sqlite3.connect(db)
    con.execute("UPDATE schema_version SET version = 99")
    con.commit()
    con.close()
    with pytest.raises(HistoryError, match="newer d43"):
        History(db)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(HistoryError, match="is damaged .not a usable d43 history database.*move it aside"):
        History(junk)


def test_round_trip_and_no_duplicates(tmp_path):
    with History(tmp_path / "h.sqlite") as h:
        sid = new_scan(h)
        a = portal("sxd", {"a.b": "pass", "c.d": "fail", "e.f": "not_applicable"})
        h.save_portal(sid, REG, a, seq=1)
        h.save_portal(sid, REG, portal("tinh", {"a.b": "review"}), seq=0)
        h.save_portal(sid, REG, a, seq=1)  # the same portal again (a retry): replaced, not duplicated
        loaded = h.load_scan(sid)
        assert [p.id for p in loaded.portals] == ["tinh", "sxd"]  # registry order
        assert loaded.portals[1].to_dict() == a.to_dict()
        assert loaded.name == "Tỉnh X" and loaded.rules_meta == {"a.b": {"title": {"vi": "A"}}}
        assert h.committed_portals(sid) == {"tinh", "sxd"}
        assert h.check_integrity() == []
        assert h.db.execute("SELECT COUNT(*) FROM rule_results").fetchone()[0] == 4
        assert h.db.execute("SELECT COUNT(*) FROM evidence").fetchone()[0] == 8


def test_notes_in_both_languages_and_provenance_survive_the_history(tmp_path):
    """A scan read back from the database (``--resume``, baselines) keeps each evidence's notes
    in both languages and each portal's as-of time and duration, like results.json does."""
    a = portal("sxd", {"a.b": "fail"})
    a.results[0].evidence[1].notes = {"vi": "đã tìm", "en": "searched"}
    a.as_of, a.duration_s = "2026-11-22T09:00:00+07:00", 8.7
    with History(tmp_path / "h.sqlite") as h:
        sid = new_scan(h)
        h.save_portal(sid, REG, a, seq=0)
        back = h.load_scan(sid).portals[0]
    assert back.results[0].evidence[1].notes == {"vi": "đã tìm", "en": "searched"}
    assert back.results[0].evidence[1].extra == {"selector": "#s1"}  # the notes do not leak into extra
    assert back.as_of == a.as_of and back.duration_s == 8.7
    assert back.to_dict() == a.to_dict()


def test_reader_never_sees_a_portal_half_written(tmp_path):
    """A writer blocked in the middle of a portal's transaction (rule rows inserted, evidence
    half done): a second connection sees the portals committed before, not the half one."""
    db = tmp_path / "h.sqlite"
    with History(db) as setup:
        sid = new_scan(setup)
        setup.save_portal(sid, REG, portal("tinh", {"a.b": "pass"}))
    inside, release = threading.Event(), threading.Event()
    rows_inside: list[int] = []

    def write_half() -> None:
        with History(db) as writer:  # one connection per thread
            class SlowEvidence(list):
                def __iter__(self):
                    # the writer's own view, mid-transaction: both portals' rule rows exist
                    rows_inside.append(writer.db.execute("SELECT COUNT(*) FROM rule_results").fetchone()[0])
                    inside.set()
                    release.wait(10)
                    return super().__iter__()

            half = portal("sxd", {"a.b": "pass", "c.d": "fail"})
            half.results[1].evidence = SlowEvidence(half.results[1].evidence)
            writer.save_portal(sid, REG, half)

    t = threading.Thread(target=write_half)
    t.start()
    try:
        assert inside.wait(10)
        assert rows_inside == [3]
        with History(db) as reader:
            # the reader sees only what was committed
            seen = reader.load_scan(sid)
            assert [p.id for p in seen.portals] == ["tinh"]
            assert reader.db.execute("SELECT COUNT(*) FROM rule_results").fetchone()[0] == 1
            assert reader.last_complete(REG) is None  # the scan is still running
    finally:
        release.set()
        t.join(10)
    with History(db) as h:
        assert [p.id for p in h.load_scan(sid).portals] == ["tinh", "sxd"]
        h.complete_scan(sid, "2026-10-22T02:00:00+00:00")
    with History(db) as reader:
        assert reader.last_complete(REG) == sid


def test_concurrent_reader_process_sees_only_whole_portals(tmp_path):
    """A real second process writes 60 portals (38 rules, 5 evidence each) while this one
    reads in a loop: every portal it sees is whole, and the scan is only ever complete
    when all 60 are there."""
    db = tmp_path / "h.sqlite"
    History(db).close()
    script = f"""
import sys
sys.path.insert(0, {str(__import__('pathlib').Path(__file__).parent)!r})
from test_history import portal, new_scan, REG
from checker.history import History
h = History({str(db)!r})
sid = new_scan(h)
rules = {{f"r.x{{i}}": "pass" for i in range(38)}}
for i in range(60):
    h.save_portal(sid, REG, portal(f"p{{i}}", rules, evidence=5), seq=i)
h.complete_scan(sid, "2026-10-22T02:00:00+00:00")
"""
    proc = subprocess.Popen([sys.executable, "-c", script])
    seen_counts = set()
    with History(db) as reader:
        while True:
            done = proc.poll() is not None
            sid = reader.db.execute("SELECT MAX(id) FROM scans").fetchone()[0]
            if sid:
                scan = reader.load_scan(sid)
                seen_counts.add(len(scan.portals))
                for p in scan.portals:
                    assert len(p.results) == 38 and all(len(r.evidence) == 5 for r in p.results)
                complete = reader.last_complete(REG)
                if complete:
                    assert len(reader.load_scan(complete).portals) == 60
            if done:
                break
    assert proc.returncode == 0
    assert max(seen_counts) == 60 and len(seen_counts) > 2  # we really read while it wrote


def test_baseline_uses_last_evaluated_status_through_errors(tmp_path):
    """pass (scan 1) -> portal down, error (scan 2) -> fail (scan 3): scan 3 is a regression."""
    with History(tmp_path / "h.sqlite") as h:
        s1 = new_scan(h, "2026-09-22T01:00:00+00:00")
        h.save_portal(s1, REG, portal("sxd", {"a.b": "pass", "c.d": "fail"}))
        h.complete_scan(s1, "x")
        s2 = new_scan(h, "2026-10-22T01:00:00+00:00")
        h.save_portal(s2, REG, portal("sxd", {"a.b": "error", "c.d": "error"}, score=None, status="error"))
        h.complete_scan(s2, "x")
        s3 = new_scan(h, "2026-11-22T01:00:00+00:00")
        now = portal("sxd", {"a.b": "fail", "c.d": "fail"})
        h.save_portal(s3, REG, now)
        h.complete_scan(s3, "x")
        cur = h.load_scan(s3)
        # scan 2 against scan 1: pass -> error is "unverified", not a regression
        c2 = compare(h.load_scan(s2), h.baseline(REG, before=s2))
        assert c2.regressions == [] and [(u.rule, u.before, u.now) for u in c2.unverified] == [("a.b", "pass", "error")]
        assert gate(h.load_scan(s2), fail_on="regression", baseline=h.baseline(REG, before=s2))[0] == 0
        # scan 3 against the raw scan 2 would see error -> fail (no regression); the baseline does not
        base = h.baseline(REG, before=s3)
        assert base.portals[0].result("a.b").status == "pass"
        assert "last evaluated 2026-09-22" in base.portals[0].result("a.b").message
        code, reasons = gate(cur, fail_on="regression", baseline=base)
        assert code == 1 and len(reasons) == 1 and reasons[0].startswith("REGRESSION sxd: a.b pass -> fail")
        assert "evidence: http://sxd.gov.vn/p0" in reasons[0]
        # history of the portal: scores and changed rules per scan
        pts = h.portal_history("sxd")
        assert [p.scan_id for p in pts] == [s1, s2, s3]
        assert pts[0].changes == [] and ("a.b", "pass", "error") in pts[1].changes
        assert pts[2].changes == [("a.b", "error", "fail"), ("c.d", "error", "fail")]
        assert h.score_history(REG)["sxd"] == [("2026-09-22T01:00:00+00:00", 50.0), ("2026-10-22T01:00:00+00:00", None),
                                               ("2026-11-22T01:00:00+00:00", 50.0)]


def test_resumable_scan_ownership(tmp_path):
    db = tmp_path / "h.sqlite"
    with History(db) as h:
        sid = new_scan(h)
        # a scan owned by a live process is not resumable by another one
        sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
        try:
            h.db.execute("UPDATE scans SET pid = ? WHERE id = ?", (sleeper.pid, sid))
            with pytest.raises(HistoryError, match="still running"):
                h.resumable(REG)
        finally:
            sleeper.kill()
            sleeper.wait()
        info = h.resumable(REG)  # its process is gone: resumable
        assert info is not None and info.id == sid and info.status == "running"
        assert h.resumable("/other/registry.yaml") is None
        # a new scan (no --resume) abandons the dead one
        sid2 = new_scan(h)
        assert h.scan_info(sid).status == "abandoned"
        assert h.resumable(REG).id == sid2  # our own running scan


def test_preflight_finds_damage_where_writes_go(tmp_path):
    """A file that opens (header and schema intact) but whose table pages are garbage: the
    preflight says so with what to do; a whole database passes it and stays usable."""
    db = tmp_path / "h.sqlite"
    with History(db) as h:
        sid = new_scan(h)
        for i in range(20):
            h.save_portal(sid, REG, portal(f"p{i}", {f"r{j}": "pass" for j in range(10)}), seq=i)
        h.preflight()  # whole: no complaint, and the write probe leaves the data as it was
        assert len(h.load_scan(sid).portals) == 20 and h.check_integrity() == []
    size = 4096
    with open(db, "r+b") as fh:  # pages 5.. hold the portals, results and evidence
        for number in range(5, db.stat().st_size // size + 1):
            fh.seek((number - 1) * size)
            fh.write(bytes((i * 37 + number) % 251 for i in range(size)))
    with History(db) as h:  # it still opens …
        with pytest.raises(sqlite3.DatabaseError):  # … and a write where the rows go fails
            h.save_portal(sid, REG, portal("late", {"a": "pass"}), seq=99)
        with pytest.raises(HistoryError, match=rf"history database {db} is damaged \(.*malformed.*\): "
                                               r"move it aside or use --db NEW.sqlite"):
            h.preflight()
