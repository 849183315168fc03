"""Validator cache for conditional requests across scans (``CrawlOptions.cache_dir``).

For each fetched 200 response that carries an ``ETag`` or ``Last-Modified``, the cache keeps
the validators, the response headers and the (decompressed) body. On the next scan the
crawler sends ``If-None-Match`` / ``If-Modified-Since``; a ``304 Not Modified`` answer costs
a few hundred bytes and the page is evaluated from the stored body.

Layout: one SQLite file, ``cache_dir/validators.sqlite``: a row per URL with the metadata
as JSON and the body compressed with LZ4 (block format, as the page spool: the analysis
already compressed the body, and that copy is stored as it is). Why SQLite and not a file per URL (the layout
before 2026-12-06): creating, writing and renaming a file cost ~0.58 ms of the crawler's
event loop per page here, 17 % of its time on the 10,000-page portal benchmark; an insert
in a batched transaction costs ~0.05 ms. Stores are compressed and written by one writer
thread (LZ4 and SQLite release the GIL, so this work runs on another core while the event
loop goes on fetching), committed every :data:`BATCH` entries and when the crawl ends
(:meth:`flush`); a crash loses at most the stores not yet committed, i.e. a few pages are
fetched in full once more. Reads go through a second connection and see committed stores
(WAL). WAL mode and a busy timeout let the processes of a ``d43 scan`` share one cache
folder. A damaged database file is set aside (``validators.sqlite.damaged``) and a new one
started; if none can be opened, the crawl goes on without a cache (``error`` says why).
Entries of the older layouts are not read: those pages are fetched in full once.
"""

from __future__ import annotations

import json
import os
import queue
import sqlite3
import threading
import time
from pathlib import Path

import lz4.block

FILE = "validators.sqlite"
BATCH = 256  # stores per transaction
HANDOFF = 16  # stores handed to the writer at once (one wake-up of its thread per 16 pages)
QUEUE = 2  # hand-offs waiting for the writer before ``store`` waits for it (bounds the memory held)
_MAX_AGE = 2.0  # seconds an uncommitted batch may wait

_SCHEMA = "CREATE TABLE IF NOT EXISTS entry (url TEXT PRIMARY KEY, meta TEXT NOT NULL, body BLOB NOT NULL)"

_Store = tuple[str, dict, bytes, "bytes | None"]  # (url, metadata, body, body already compressed)


class ValidatorCache:
    """The validator cache of one crawl (see the module docstring). Thread-safe: the
    on-demand fetcher may use it from another thread than the crawl's event loop."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.hits = 0
        self.stores = 0
        self.error: str | None = None  # why the cache is off or lost a store, when it did
        self._lock = threading.Lock()  # the reading connection, the hand-off list and the writer's start
        self._db: sqlite3.Connection | None = None
        self._queue: queue.Queue[list[_Store] | threading.Event | None] = queue.Queue(QUEUE)
        self._handoff: list[_Store] = []
        self._writer: threading.Thread | None = None
        self._known: set[str] = set()  # URLs stored by earlier scans
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
            # read once: every queued URL asks ``has`` and every request ``validators``, and
            # on a first scan nearly all of them are misses (a set answers those for free)
            self._known = {row[0] for row in self._db.execute("SELECT url FROM entry")}
        except (OSError, sqlite3.Error) as exc:
            self.error = f"{type(exc).__name__}: {exc}"

    def _open(self) -> sqlite3.Connection:
        path = self.root / FILE
        try:
            return _connect(path)
        except sqlite3.DatabaseError:  # not a database / malformed: set aside, start afresh
            os.replace(path, path.with_name(FILE + ".damaged"))
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            return _connect(path)

    def _row(self, sql: str, url: str) -> tuple | None:
        if self._db is None or url not in self._known:
            return None
        with self._lock:
            try:
                return self._db.execute(sql, (url,)).fetchone()
            except sqlite3.Error:
                return None

    def has(self, url: str) -> bool:
        """Whether ``url`` was stored by an earlier scan (no body read)."""
        return self._row("SELECT 1 FROM entry WHERE url = ?", url) is not None

    def validators(self, url: str) -> dict[str, str]:
        """Request headers for a conditional GET of ``url`` (empty when nothing is cached)."""
        row = self._row("SELECT meta FROM entry WHERE url = ?", url)
        try:
            meta = json.loads(row[0]) if row else None
        except ValueError:
            return {}
        if not isinstance(meta, dict):
            return {}
        out = {}
        if meta.get("etag"):
            out["If-None-Match"] = meta["etag"]
        if meta.get("last_modified"):
            out["If-Modified-Since"] = meta["last_modified"]
        return out

    def load(self, url: str) -> tuple[dict, bytes] | None:
        """(metadata, body) of the cached response, or None."""
        row = self._row("SELECT meta, body FROM entry WHERE url = ?", url)
        if row is None:
            return None
        try:
            meta, body = json.loads(row[0]), lz4.block.decompress(row[1])
        except (ValueError, RuntimeError, TypeError, lz4.block.LZ4BlockError):  # garbled JSON, damaged LZ4 data
            return None
        if not isinstance(meta, dict):
            return None
        self.hits += 1
        return meta, body

    def store(self, url: str, status: int, headers: dict[str, str], body: bytes, final_url: str,
              packed: bytes | None = None) -> None:
        """Keep a 200 response that has a validator (written by the writer thread).
        ``packed``: the body already compressed as the cache stores it
        (``lz4.block.compress(body, store_size=True)``, what the page analysis made of it)."""
        etag = headers.get("etag")
        lm = headers.get("last-modified")
        if status != 200 or not (etag or lm) or self._db is None:
            return
        meta = {"url": url, "final_url": final_url, "status": status, "etag": etag, "last_modified": lm,
                "headers": {k: v for k, v in headers.items() if k not in ("content-encoding", "content-length",
                                                                          "transfer-encoding")}}
        with self._lock:
            if self._writer is None:
                self._writer = threading.Thread(target=self._write, name="d43-cache", daemon=True)
                self._writer.start()
            elif not self._writer.is_alive():
                return  # the writer ended (closed, or a bug): never wait on a queue nobody reads
            self._handoff.append((url, meta, body if packed is None else b"", packed))
            self.stores += 1
            if len(self._handoff) < HANDOFF:
                return
            batch, self._handoff = self._handoff, []
        self._queue.put(batch)

    def flush(self) -> None:
        """Wait until every store so far is committed (the crawl calls it when it ends)."""
        if self._writer is None or not self._writer.is_alive():
            return
        with self._lock:
            batch, self._handoff = self._handoff, []
        if batch:
            self._queue.put(batch)
        done = threading.Event()
        self._queue.put(done)
        while not done.wait(1.0) and self._writer.is_alive():
            pass

    def close(self) -> None:
        if self._writer is not None and self._writer.is_alive():
            self.flush()
            self._queue.put(None)
            self._writer.join()
        with self._lock:
            db, self._db = self._db, None
            if db is not None:
                db.close()

    def _write(self) -> None:
        """The writer thread: compress, insert, commit by batches (and on a flush)."""
        try:
            db = _connect(self.root / FILE)
        except sqlite3.Error as exc:
            self.error = f"{type(exc).__name__}: {exc}"
            db = None
        pending, since = 0, 0.0
        while True:
            item = self._queue.get()
            if isinstance(item, list):
                if db is None:
                    continue
                try:
                    for url, meta, body, packed in item:
                        if not db.in_transaction:
                            db.execute("BEGIN IMMEDIATE")
                            since = time.monotonic()
                        db.execute("INSERT OR REPLACE INTO entry (url, meta, body) VALUES (?, ?, ?)",
                                   (url, json.dumps(meta, ensure_ascii=False),
                                    packed if packed is not None else lz4.block.compress(body, store_size=True)))
                        pending += 1
                except (sqlite3.Error, ValueError, TypeError, RuntimeError) as exc:
                    # busy past the timeout, disk full, an unstorable value: this batch is lost
                    self.error = f"{type(exc).__name__}: {exc}"
                    _rollback(db)
                    pending = 0
                    continue
                if pending < BATCH and time.monotonic() - since <= _MAX_AGE:
                    continue
            _commit(self, db)
            pending = 0
            if isinstance(item, threading.Event):
                item.set()
            elif item is None:
                if db is not None:
                    db.close()
                return


def _commit(cache: ValidatorCache, db: sqlite3.Connection | None) -> None:
    if db is not None and db.in_transaction:
        try:
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            cache.error = f"{type(exc).__name__}: {exc}"
            _rollback(db)


def _rollback(db: sqlite3.Connection) -> None:
    try:
        if db.in_transaction:
            db.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA cache_size=-256")  # 256 KB a connection (2 MB by default): rows are read once
        db.execute(_SCHEMA)
    except sqlite3.Error:
        db.close()
        raise
    return db
