"""The scan history: an embedded SQLite database (``--db FILE``).

The tables and their migrations are in :mod:`checker.history_schema`.

Guarantees:

* **One portal, one transaction.** :meth:`History.save_portal` writes a portal's result,
  its rule results and their evidence in a single ``BEGIN IMMEDIATE … COMMIT``; a crash or
  ``kill -9`` loses only the portals whose transaction had not committed.
* **A scan is complete or it is not.** The ``scans.status`` flips to ``complete`` in its own
  transaction after the last portal. Baselines and history read only complete scans.
* **Readers see committed states only.** WAL mode gives each read transaction a snapshot;
  every multi-query read here (:meth:`load_scan`, :meth:`baseline` …) runs inside one.
* **Migrations from day one** (:mod:`checker.history_schema`): a database written by a newer
  d43 is refused (:class:`HistoryError`), never silently downgraded.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from checker.history_schema import (
    MIGRATIONS,
    HistoryError,
    connect,
    integrity_problems,
    read_transaction,
    schema_version,
    usability_problem,
    write_transaction,
)
from checker.results import Evidence, PortalResult, RuleResult, ScanResults

__all__ = ["MIGRATIONS", "History", "HistoryError", "PortalPoint", "ScanInfo"]


@dataclass
class ScanInfo:
    id: int
    registry: str
    name: str
    started_at: str
    finished_at: str | None
    status: str
    pid: int | None = None
    hostname: str | None = None
    registry_digest: str | None = None
    portals: int = 0


@dataclass
class PortalPoint:
    """One portal in one complete scan, with what changed since its previous point."""

    scan_id: int
    started_at: str
    score: float | None
    status: str
    counts: dict[str, int]
    changes: list[tuple[str, str | None, str]] = field(default_factory=list)  # (rule, before, now)


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (killed, not yet reaped by its parent) is not running
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


class History:
    """A handle on one history database. Not shared across threads: open one per thread."""

    def __init__(self, path: str | Path, *, timeout: float = 30.0):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = connect(self.path, timeout=timeout)

    # -- plumbing ---------------------------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return write_transaction(self.db)

    def _read(self) -> AbstractContextManager[sqlite3.Connection]:
        """One read transaction: every query inside sees the same committed snapshot."""
        return read_transaction(self.db)

    def schema_version(self) -> int:
        return schema_version(self.db)

    def preflight(self) -> None:
        """Raise :class:`HistoryError` (damaged, or cannot be written, with what to do) unless
        the database can take a scan's writes. ``d43 scan`` calls it before crawling, so a bad
        file stops the run at once instead of failing when the first portal is saved."""
        problem = usability_problem(self.db, self.path)
        if problem is not None:
            raise problem

    # -- writing a scan ------------------------------------------------------------------------
    def start_scan(self, *, registry: str, digest: str = "", name: str = "", rules_file: str = "",
                   rules_version: str = "", rules_meta: dict | None = None, started_at: str,
                   options: dict | None = None) -> int:
        """A new ``running`` scan. Older running scans of this registry whose process is gone
        are marked ``abandoned`` (the user chose a new scan over ``--resume``)."""
        with self._write() as db:
            for row in db.execute("SELECT id, pid, hostname FROM scans WHERE registry = ? AND status = 'running'",
                                  (registry,)).fetchall():
                if not self._alive(row):
                    db.execute("UPDATE scans SET status = 'abandoned' WHERE id = ?", (row["id"],))
            cur = db.execute(
                "INSERT INTO scans (registry, registry_digest, name, rules_file, rules_version, rules_meta,"
                " started_at, status, pid, hostname, options) VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)",
                (registry, digest, name, rules_file, rules_version, json.dumps(rules_meta or {}, ensure_ascii=False),
                 started_at, os.getpid(), socket.gethostname(), json.dumps(options or {}, ensure_ascii=False)))
            assert cur.lastrowid is not None  # an INSERT always sets it
            return cur.lastrowid

    @staticmethod
    def _alive(row: sqlite3.Row) -> bool:
        return row["hostname"] == socket.gethostname() and _pid_alive(row["pid"])

    def resumable(self, registry: str) -> ScanInfo | None:
        """The latest interrupted scan of ``registry``, or None. Raises HistoryError when that
        scan's process is still running on this machine (two scans must not share it)."""
        row = self.db.execute("SELECT * FROM scans WHERE registry = ? AND status = 'running' ORDER BY id DESC LIMIT 1",
                              (registry,)).fetchone()
        if row is None:
            return None
        if self._alive(row) and row["pid"] != os.getpid():
            raise HistoryError(f"scan {row['id']} of {registry} is still running (pid {row['pid']}); "
                               "wait for it or stop it before --resume")
        return self._info(row)

    def claim(self, scan_id: int) -> None:
        """Make this process the owner of a resumed scan."""
        with self._write() as db:
            db.execute("UPDATE scans SET pid = ?, hostname = ? WHERE id = ?", (os.getpid(), socket.gethostname(), scan_id))

    def committed_portals(self, scan_id: int) -> set[str]:
        rows = self.db.execute("SELECT p.key FROM portal_results pr JOIN portals p ON p.id = pr.portal_id"
                               " WHERE pr.scan_id = ?", (scan_id,)).fetchall()
        return {r[0] for r in rows}

    def save_portal(self, scan_id: int, registry: str, result: PortalResult, seq: int = 0) -> None:
        """Commit one portal's results, rules and evidence atomically (replacing an earlier
        copy of the same portal in this scan, so a retried portal is never duplicated)."""
        extra = json.dumps({"crawl": result.crawl, "errors": result.errors[:200], "as_of": result.as_of,
                            "duration_s": result.duration_s}, ensure_ascii=False, default=str)
        with self._write() as db:
            db.execute("INSERT INTO portals (registry, key, name, url, level) VALUES (?, ?, ?, ?, ?)"
                       " ON CONFLICT (registry, key) DO UPDATE SET name = excluded.name, url = excluded.url,"
                       " level = excluded.level", (registry, result.id, result.name, result.url, result.level))
            portal_id = db.execute("SELECT id FROM portals WHERE registry = ? AND key = ?",
                                   (registry, result.id)).fetchone()[0]
            db.execute("DELETE FROM portal_results WHERE scan_id = ? AND portal_id = ?", (scan_id, portal_id))
            cur = db.execute(
                "INSERT INTO portal_results (scan_id, portal_id, seq, name, url, level, parent, score, pages_fetched,"
                " status, error, started_at, finished_at, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (scan_id, portal_id, seq, result.name, result.url, result.level, result.parent, result.score,
                 result.pages_fetched, result.status, result.error, result.started_at, result.finished_at, extra))
            pr_id = cur.lastrowid
            for r in result.results:
                rr = db.execute("INSERT INTO rule_results (portal_result_id, rule, status, message, messages)"
                                " VALUES (?, ?, ?, ?, ?)",
                                (pr_id, r.rule, r.status, r.message, json.dumps(r.messages, ensure_ascii=False)))
                db.executemany(
                    "INSERT INTO evidence (rule_result_id, seq, url, excerpt, note, extra) VALUES (?, ?, ?, ?, ?, ?)",
                    [(rr.lastrowid, i, e.url, e.excerpt or "", e.note or "",
                      json.dumps(_evidence_extra(e), ensure_ascii=False, default=str)) for i, e in enumerate(r.evidence)])

    def complete_scan(self, scan_id: int, finished_at: str) -> None:
        with self._write() as db:
            db.execute("UPDATE scans SET status = 'complete', finished_at = ? WHERE id = ?", (finished_at, scan_id))

    # -- reading --------------------------------------------------------------------------------
    @staticmethod
    def _info(row: sqlite3.Row, portals: int = 0) -> ScanInfo:
        return ScanInfo(id=row["id"], registry=row["registry"], name=row["name"], started_at=row["started_at"],
                        finished_at=row["finished_at"], status=row["status"], pid=row["pid"],
                        hostname=row["hostname"], registry_digest=row["registry_digest"], portals=portals)

    def scan_info(self, scan_id: int) -> ScanInfo | None:
        row = self.db.execute("SELECT * FROM scans WHERE id = ?", (scan_id,)).fetchone()
        return self._info(row) if row else None

    def scans(self, registry: str | None = None) -> list[ScanInfo]:
        q = ("SELECT s.*, (SELECT COUNT(*) FROM portal_results pr WHERE pr.scan_id = s.id) AS n FROM scans s"
             + (" WHERE s.registry = ?" if registry else "") + " ORDER BY s.id")
        with self._read() as db:
            return [self._info(r, r["n"]) for r in db.execute(q, (registry,) if registry else ()).fetchall()]

    def last_complete(self, registry: str, *, before: int | None = None) -> int | None:
        row = self.db.execute("SELECT id FROM scans WHERE registry = ? AND status = 'complete' AND id < ?"
                              " ORDER BY id DESC LIMIT 1", (registry, before or 1 << 62)).fetchone()
        return int(row[0]) if row else None

    def load_scan(self, scan_id: int, *, only: set[str] | None = None) -> ScanResults:
        """The scan as a ``d43.results/1`` model: the portals committed so far (all of them for
        a complete scan), read in one snapshot. ``only``: restrict to these portal ids."""
        with self._read() as db:
            return self._load(db, scan_id, only)

    def _load(self, db: sqlite3.Connection, scan_id: int, only: set[str] | None = None) -> ScanResults:
        s = db.execute("SELECT * FROM scans WHERE id = ?", (scan_id,)).fetchone()
        if s is None:
            raise HistoryError(f"{self.path}: no scan {scan_id}")
        results = ScanResults(rules_file=s["rules_file"], rules_version=s["rules_version"],
                              started_at=s["started_at"], finished_at=s["finished_at"] or "",
                              rules_meta=json.loads(s["rules_meta"] or "{}"), name=s["name"])
        prs = db.execute("SELECT pr.*, p.key FROM portal_results pr JOIN portals p ON p.id = pr.portal_id"
                         " WHERE pr.scan_id = ? ORDER BY pr.seq, pr.id", (scan_id,)).fetchall()
        evidence: dict[int, list[Evidence]] = {}
        for e in db.execute("SELECT e.* FROM evidence e JOIN rule_results rr ON rr.id = e.rule_result_id"
                            " JOIN portal_results pr ON pr.id = rr.portal_result_id WHERE pr.scan_id = ?"
                            " ORDER BY e.rule_result_id, e.seq", (scan_id,)):
            evidence.setdefault(e["rule_result_id"], []).append(
                _evidence_from_row(e))
        rules: dict[int, list[RuleResult]] = {}
        for r in db.execute("SELECT rr.* FROM rule_results rr JOIN portal_results pr ON pr.id = rr.portal_result_id"
                            " WHERE pr.scan_id = ? ORDER BY rr.id", (scan_id,)):
            rules.setdefault(r["portal_result_id"], []).append(
                RuleResult(rule=r["rule"], status=r["status"], message=r["message"],
                           messages=json.loads(r["messages"] or "{}"), evidence=evidence.get(r["id"], [])))
        for pr in prs:
            if only is not None and pr["key"] not in only:
                continue
            extra = json.loads(pr["extra"] or "{}")
            results.portals.append(PortalResult(
                id=pr["key"], name=pr["name"], url=pr["url"], level=pr["level"], score=pr["score"],
                pages_fetched=pr["pages_fetched"], results=rules.get(pr["id"], []), status=pr["status"],
                error=pr["error"], errors=extra.get("errors", []), crawl=extra.get("crawl", {}),
                as_of=extra.get("as_of") or "",
                duration_s=extra["duration_s"] if isinstance(extra.get("duration_s"), (int, float)) else None,
                parent=pr["parent"], started_at=pr["started_at"], finished_at=pr["finished_at"]))
        return results

    def baseline(self, registry: str, *, before: int | None = None) -> ScanResults | None:
        """What the gate compares with: the last complete scan of ``registry`` (before scan
        ``before``), where a rule that was ``error`` there (portal down, check crashed) takes
        its last *evaluated* status from earlier complete scans. So pass → error → fail is
        still caught as a regression on the scan that fails, one month later."""
        with self._read() as db:
            row = db.execute("SELECT id FROM scans WHERE registry = ? AND status = 'complete' AND id < ?"
                             " ORDER BY id DESC LIMIT 1", (registry, before or 1 << 62)).fetchone()
            if row is None:
                return None
            base = self._load(db, row[0])
            for p in base.portals:
                for r in p.results:
                    if r.status != "error":
                        continue
                    last = db.execute(
                        "SELECT rr.status, rr.message, rr.id, s.started_at FROM rule_results rr"
                        " JOIN portal_results pr ON pr.id = rr.portal_result_id"
                        " JOIN portals po ON po.id = pr.portal_id JOIN scans s ON s.id = pr.scan_id"
                        " WHERE po.registry = ? AND po.key = ? AND rr.rule = ? AND rr.status != 'error'"
                        " AND s.status = 'complete' AND s.id < ? ORDER BY s.id DESC LIMIT 1",
                        (registry, p.id, r.rule, row[0])).fetchone()
                    if last is not None:
                        r.status, r.message = last["status"], f"{last['message']} (last evaluated {last['started_at']})"
                        r.evidence = [_evidence_from_row(e)
                                      for e in db.execute("SELECT * FROM evidence WHERE rule_result_id = ? ORDER BY seq",
                                                          (last["id"],))]
            return base

    def score_history(self, registry: str, *, upto: int | None = None) -> dict[str, list[tuple[str, float | None]]]:
        """{portal id: [(scan start, score)]} over complete scans (plus scan ``upto`` itself)."""
        rows = self.db.execute(
            "SELECT p.key, s.started_at, pr.score FROM portal_results pr JOIN portals p ON p.id = pr.portal_id"
            " JOIN scans s ON s.id = pr.scan_id WHERE s.registry = ? AND (s.status = 'complete' OR s.id = ?)"
            " AND s.id <= ? ORDER BY s.id", (registry, upto or -1, upto or 1 << 62)).fetchall()
        out: dict[str, list[tuple[str, float | None]]] = {}
        for key, started, score in rows:
            out.setdefault(key, []).append((started, score))
        return out

    def portal_keys(self) -> list[tuple[str, str, str]]:
        """(registry, key, name) of every portal ever scanned."""
        return [(r[0], r[1], r[2]) for r in self.db.execute("SELECT registry, key, name FROM portals ORDER BY registry, key")]

    def portal_history(self, key: str, registry: str | None = None) -> list[PortalPoint]:
        """A portal's score and status per complete scan, oldest first, each with the rules whose
        status changed since the portal's previous point."""
        q = ("SELECT pr.id, pr.scan_id, s.started_at, pr.score, pr.status FROM portal_results pr"
             " JOIN portals p ON p.id = pr.portal_id JOIN scans s ON s.id = pr.scan_id"
             " WHERE p.key = ? AND s.status = 'complete'" + (" AND p.registry = ?" if registry else "")
             + " ORDER BY s.id")
        points: list[PortalPoint] = []
        prev: dict[str, str] | None = None
        with self._read() as db:
            for row in db.execute(q, (key, registry) if registry else (key,)).fetchall():
                statuses = {r[0]: r[1] for r in db.execute(
                    "SELECT rule, status FROM rule_results WHERE portal_result_id = ? ORDER BY id", (row["id"],))}
                counts: dict[str, int] = {}
                for st in statuses.values():
                    counts[st] = counts.get(st, 0) + 1
                changes = []
                if prev is not None:
                    for rule, st in statuses.items():
                        if prev.get(rule) != st:
                            changes.append((rule, prev.get(rule), st))
                points.append(PortalPoint(row["scan_id"], row["started_at"], row["score"], row["status"], counts, changes))
                prev = statuses
        return points

    def check_integrity(self) -> list[str]:
        """Problems found (empty when consistent): SQLite's own checks plus d43's invariants."""
        return integrity_problems(self.db)


_NOTES = "_notes"  # where an evidence's notes in both languages are kept in its ``extra`` column


def _evidence_extra(e: Evidence) -> dict:
    """The evidence's ``extra`` with its notes ({vi, en}) beside it, so a scan read back from
    the history (``--resume``, baselines) reports in one language like a fresh one."""
    return {**e.extra, _NOTES: e.notes} if e.notes else dict(e.extra)


def _evidence_from_row(row) -> Evidence:
    extra = json.loads(row["extra"] or "{}")
    notes = extra.pop(_NOTES, None)
    return Evidence(url=row["url"], excerpt=row["excerpt"], note=row["note"], extra=extra,
                    notes=notes if isinstance(notes, dict) else {})
