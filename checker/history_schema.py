"""The schema of the scan history database and the plumbing under :class:`checker.history.History`:
opening a connection (WAL, foreign keys), migrations, transactions, integrity checks.

Tables (schema version 1, see :data:`MIGRATIONS`)::

    schema_version(version)                      one row: the applied schema version
    scans(id, registry, registry_digest, name, rules_file, rules_version, rules_meta,
          started_at, finished_at, status, pid, hostname, options)
                                                 status: running | complete | abandoned
    portals(id, registry, key, name, url, level) one row per registry portal id
    portal_results(id, scan_id, portal_id, seq, name, url, level, parent, score,
                   pages_fetched, status, error, started_at, finished_at, extra)
    rule_results(id, portal_result_id, rule, status, message, messages)
    evidence(id, rule_result_id, seq, url, excerpt, note, extra)

**Migrations from day one.** ``schema_version`` holds the applied version; on open the
pending steps of :data:`MIGRATIONS` run in one transaction. A database written by a newer
d43 is refused (:class:`HistoryError`), never silently downgraded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MIGRATIONS: list[str] = [
    # 1: the initial schema
    """
    CREATE TABLE scans (
        id              INTEGER PRIMARY KEY,
        registry        TEXT NOT NULL,            -- absolute path of the registry file
        registry_digest TEXT,                     -- sha256 of its bytes when the scan started
        name            TEXT NOT NULL DEFAULT '',
        rules_file      TEXT NOT NULL DEFAULT '',
        rules_version   TEXT NOT NULL DEFAULT '',
        rules_meta      TEXT NOT NULL DEFAULT '{}',
        started_at      TEXT NOT NULL,
        finished_at     TEXT,
        status          TEXT NOT NULL CHECK (status IN ('running', 'complete', 'abandoned')),
        pid             INTEGER,
        hostname        TEXT,
        options         TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX scans_by_registry ON scans (registry, status, id);
    CREATE TABLE portals (
        id       INTEGER PRIMARY KEY,
        registry TEXT NOT NULL,
        key      TEXT NOT NULL,                   -- the registry's portal id
        name     TEXT NOT NULL DEFAULT '',
        url      TEXT NOT NULL DEFAULT '',
        level    TEXT NOT NULL DEFAULT '',
        UNIQUE (registry, key)
    );
    CREATE TABLE portal_results (
        id            INTEGER PRIMARY KEY,
        scan_id       INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        portal_id     INTEGER NOT NULL REFERENCES portals (id),
        seq           INTEGER NOT NULL DEFAULT 0, -- position in the registry
        name          TEXT NOT NULL DEFAULT '',
        url           TEXT NOT NULL,
        level         TEXT NOT NULL,
        parent        TEXT,
        score         REAL,
        pages_fetched INTEGER NOT NULL DEFAULT 0,
        status        TEXT NOT NULL DEFAULT 'ok',
        error         TEXT,
        started_at    TEXT NOT NULL DEFAULT '',
        finished_at   TEXT NOT NULL DEFAULT '',
        extra         TEXT NOT NULL DEFAULT '{}', -- crawl facts and fetch errors (JSON)
        UNIQUE (scan_id, portal_id)
    );
    CREATE INDEX portal_results_by_portal ON portal_results (portal_id, scan_id);
    CREATE TABLE rule_results (
        id               INTEGER PRIMARY KEY,
        portal_result_id INTEGER NOT NULL REFERENCES portal_results (id) ON DELETE CASCADE,
        rule             TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'review', 'not_applicable', 'error')),
        message          TEXT NOT NULL DEFAULT '',
        messages         TEXT NOT NULL DEFAULT '{}',
        UNIQUE (portal_result_id, rule)
    );
    CREATE TABLE evidence (
        id             INTEGER PRIMARY KEY,
        rule_result_id INTEGER NOT NULL REFERENCES rule_results (id) ON DELETE CASCADE,
        seq            INTEGER NOT NULL,
        url            TEXT NOT NULL,
        excerpt        TEXT NOT NULL DEFAULT '',
        note           TEXT NOT NULL DEFAULT '',
        extra          TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX evidence_by_rule ON evidence (rule_result_id, seq);
    """,
]


class HistoryError(Exception):
    """The database cannot be used (newer schema, not a d43 database, damaged or read-only,
    scan still running, resume refused): bad input, ``d43`` exits 2 before crawling."""


def damaged(path: Path, detail: object) -> HistoryError:
    """The error for a database SQLite cannot read or write, with what to do about it."""
    text = " ".join(str(detail).split())[:200]
    return HistoryError(f"history database {path} is damaged ({text}): move it aside or use --db NEW.sqlite")


def not_writable(path: Path, detail: object) -> HistoryError:
    """The error for a database this process may read but not write (permissions, read-only disk)."""
    text = " ".join(str(detail).split())[:200]
    return HistoryError(f"history database {path} cannot be written ({text}): fix its permissions "
                        "(and its folder's: SQLite writes FILE-wal beside it) or use --db NEW.sqlite")


def usability_problem(db: sqlite3.Connection, path: Path) -> HistoryError | None:
    """Why the database cannot take a scan's writes, or None: SQLite's quick check of every
    page (damage where later writes would go is found now, not after the first portal), then
    one real committed write (a read-only file or folder is found now too)."""
    try:
        bad = [r[0] for r in db.execute("PRAGMA quick_check") if r[0] != "ok"]
    except sqlite3.DatabaseError as exc:
        bad = [str(exc)]
    if bad:
        return damaged(path, bad[0] + (f" and {len(bad) - 1} more problem(s)" if len(bad) > 1 else ""))
    try:
        with write_transaction(db):
            db.execute("UPDATE schema_version SET version = version")
    except sqlite3.DatabaseError as exc:
        readonly = isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc).replace("-", "")
        return (not_writable if readonly else damaged)(path, exc)
    return None


def connect(path: Path, *, timeout: float = 30.0) -> sqlite3.Connection:
    """Open (creating and migrating if needed) the history database at ``path``."""
    try:
        db = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # WAL: durable across process crashes
        db.execute("PRAGMA foreign_keys=ON")
        migrate(db, path)
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "readonly" in text.replace("-", "") or "unable to open" in text:
            raise not_writable(path, exc) from None
        raise damaged(path, f"not a usable d43 history database: {exc}") from None
    return db


@contextmanager
def write_transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE … COMMIT`` (rolled back on any exception)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@contextmanager
def read_transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction: every query inside sees the same committed snapshot."""
    db.execute("BEGIN")
    try:
        yield db
    finally:
        db.execute("COMMIT")


def schema_version(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def _refuse_newer(version: int, path: Path) -> None:
    if version > len(MIGRATIONS):
        raise HistoryError(f"{path}: written by a newer d43 (schema {version}; this d43 knows "
                           f"up to {len(MIGRATIONS)}): upgrade d43 or use another --db")


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Apply the pending steps of :data:`MIGRATIONS` in one transaction."""
    # Readers must not queue behind a writer: check without a write lock first.
    has_table = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone()
    if has_table:
        version = schema_version(db)
        _refuse_newer(version, path)
        if version == len(MIGRATIONS):
            return
    with write_transaction(db):  # re-checked under the lock: two processes may race here
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        version = schema_version(db)
        _refuse_newer(version, path)
        if version == len(MIGRATIONS):
            return
        for step in MIGRATIONS[version:]:
            for statement in step.split(";"):
                if statement.strip():
                    db.execute(statement)
        db.execute("DELETE FROM schema_version")
        db.execute("INSERT INTO schema_version (version) VALUES (?)", (len(MIGRATIONS),))


def integrity_problems(db: sqlite3.Connection) -> list[str]:
    """Problems found (empty when consistent): SQLite's own checks plus d43's invariants."""
    problems = [r[0] for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
    problems += [f"foreign key: {tuple(r)}" for r in db.execute("PRAGMA foreign_key_check")]
    for r in db.execute("SELECT scan_id, portal_id, COUNT(*) FROM portal_results GROUP BY 1, 2 HAVING COUNT(*) > 1"):
        problems.append(f"portal {r[1]} stored {r[2]} times in scan {r[0]}")
    for r in db.execute("SELECT pr.id FROM portal_results pr WHERE NOT EXISTS"
                        " (SELECT 1 FROM rule_results rr WHERE rr.portal_result_id = pr.id)"):
        problems.append(f"portal result {r[0]} has no rule results")
    return problems
