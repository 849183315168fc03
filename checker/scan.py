"""``d43 scan``: every portal of a registry, concurrently, with history and resume.

Concurrency model
-----------------
Portals are checked in **worker processes** (``spawn``), at most ``workers`` at a time
(the global limit) and at most ``per_host`` at a time for one host name (the per-host
limit; within a portal the crawler keeps its own per-host request limit and delay).
Processes rather than threads because:

* a portal is isolated: a parser crash, a runaway page or a hung browser kills one worker,
  never the scan. The parent records an ``error`` result for that portal and starts a
  fresh worker. A portal that outlives ``portal_timeout`` (+ a grace period) is killed
  the same way;
* each worker is single-threaded, so the crawler may run its own asyncio loop and the
  browser (Playwright's sync API is not thread-safe) lives in exactly one thread: at most
  one browser per worker;
* evaluation is CPU-bound Python: processes use every core, threads would share one GIL.

Workers are long-lived (the rules are loaded once per worker) and exit by themselves when
the parent disappears (``kill -9`` of the scan), so nothing keeps running after a crash.

Durability
----------
The parent is the only writer of the history database. Each finished portal is committed
at once in its own transaction (:meth:`checker.history.History.save_portal`) and
``OUT/results.json`` is rewritten (atomically) after every portal, so a crash loses only
the portals in flight. ``--resume`` reopens the last ``running`` scan of the same registry
and checks only the portals it has not committed: no portal is lost or scanned twice. A
scan started more than ``resume_max_age`` days ago is not resumed (:class:`HistoryError`):
one scan spanning weeks would compare portals checked a month apart.

The database is checked before any portal is crawled (``History.preflight``); should a write
fail anyway mid-scan, the scan goes on without the history: every finished portal stays in
memory and in ``OUT/results.json``, and :attr:`ScanOutcome.history_error` says what failed.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from checker.history import History, HistoryError
from checker.history_schema import damaged
from checker.registry_file import PortalEntry, Registry
from checker.results import Bi, Evidence, PortalResult, RuleResult, ScanResults

GRACE = 300.0  # seconds beyond portal_timeout (the crawl budget) before a worker is killed: evaluation and browser time


class ScanError(Exception):
    """The scan itself cannot go on (a worker cannot even start): a tool failure, exit 3."""


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- the worker process -----------------------------------------------------------------------
def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(0)  # the scan is gone (crash, kill -9): stop working for nobody


def _worker_main(conn: Connection, rules_file: str | None, parent_pid: int) -> None:
    # Ctrl-C reaches the whole process group: the parent decides (it stops the workers)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    import crawlers.crawl  # noqa: F401  (imported before "ready": a portal's clock counts only its own work)
    from checker.pipeline import check_portal
    from checker.rules import load_rules
    from crawlers.options import CrawlOptions

    ruleset = load_rules(rules_file)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        started = _now_iso()
        try:
            options = CrawlOptions(**task["options"])
            now = datetime.fromisoformat(task["now"]) if task.get("now") else None
            result = check_portal(task["url"], task["level"], rules=ruleset, options=options,
                                  portal=task["portal"], now=now)
            result.parent = result.parent or task["portal"].get("parent")
            result.started_at = result.started_at or started
            result.finished_at = result.finished_at or _now_iso()
            payload: tuple[str, Any] = ("result", result.to_dict())
        except Exception:  # check_portal should not raise; if it does, it is this portal's error
            payload = ("crash", traceback.format_exc(limit=8))
        try:
            conn.send(payload)
        except (BrokenPipeError, OSError):
            return


# -- the parent ---------------------------------------------------------------------------------
@dataclass
class _Worker:
    proc: Any
    conn: Connection
    entry: PortalEntry | None = None
    ready: bool = False  # the worker has started and loaded the rules
    started: float = 0.0
    deadline: float = 0.0


@dataclass
class ScanOutcome:
    scan_id: int
    results: ScanResults
    resumed: bool
    scanned: list[str] = field(default_factory=list)  # portal ids checked by this run
    skipped: list[str] = field(default_factory=list)  # already committed (resume)
    history_error: str | None = None  # why the history database stopped taking writes (results kept)


def error_result(entry: PortalEntry, rules, message: str, portal: dict[str, Any]) -> PortalResult:
    """A portal that could not be checked at all: every applicable rule ``error``."""
    return PortalResult(
        id=entry.id, name=entry.name, url=entry.url, level=entry.level, status="error", error=message,
        parent=portal.get("parent"), started_at=_now_iso(), finished_at=_now_iso(),
        results=[RuleResult(r.id, "error" if entry.level in r.levels else "not_applicable", message,
                            {"vi": "Không kiểm tra được cổng (lỗi khi kiểm tra; chi tiết kỹ thuật trong minh chứng)",
                             "en": message},
                            [Evidence(entry.url, "", Bi("lỗi khi kiểm tra", message[:200]), {"reason": message[:200]})]
                            if entry.level in r.levels else [])
                 for r in rules.rules])


class Scanner:
    """Runs one scan (new or resumed) of ``registry`` into ``history``."""

    def __init__(self, registry: Registry, history: History, *, rules, rules_file: str | None,
                 make_options: Callable[[PortalEntry], Any], out: Path, now: datetime | None = None,
                 workers: int = 4, per_host: int = 1, resume: bool = False, resume_max_age: float | None = 7.0,
                 on_event: Callable[[str, dict], None] | None = None,
                 write_reports: Callable[[ScanResults, bool], None] | None = None, report_every: float = 60.0):
        self.registry, self.history, self.rules, self.rules_file = registry, history, rules, rules_file
        self.make_options, self.out, self.now = make_options, Path(out), now
        self.workers, self.per_host, self.resume = max(1, workers), max(1, per_host), resume
        self.resume_max_age = resume_max_age  # days; None: any age
        self.history_error: str | None = None
        self.on_event = on_event or (lambda event, info: None)
        self.write_reports = write_reports
        self.report_every = report_every

    # ---------------------------------------------------------------------------------------
    def run(self) -> ScanOutcome:
        try:
            done, started_at, resumed = self._open_scan()
        except sqlite3.DatabaseError as exc:  # before any crawling: bad input (exit 2), not a crash
            raise damaged(self.history.path, exc) from None
        reg = self.registry
        self.results = ScanResults(rules_file=self.rules.file, rules_version=self.rules.version,
                                   started_at=started_at, rules_meta=self.rules.meta(), name=reg.name,
                                   rules_name=self.rules.name, regime=self.rules.regime.to_dict(),
                                   # --now (or the resumed scan's): the verdicts' date
                                   as_of=self.now.isoformat(timespec="seconds") if self.now else "")
        self.done: dict[str, PortalResult] = {k: v for k, v in done.items() if reg.get(k) is not None}
        pending = [e for e in reg.portals if e.id not in self.done]
        outcome = ScanOutcome(scan_id=self.scan_id, results=self.results, resumed=resumed,
                              skipped=sorted(self.done))
        self.on_event("plan", {"scan_id": self.scan_id, "total": len(reg.portals), "pending": len(pending),
                               "workers": min(self.workers, max(1, len(pending)))})
        self._flush(final=False, reports=False)
        if pending:
            self._run_pending(pending, outcome)
        self.results.finished_at = _now_iso()
        self._flush(final=True, reports=True)
        if self.history_error is None:
            try:
                self.history.complete_scan(self.scan_id, self.results.finished_at)
            except sqlite3.Error as exc:
                self.note_history_failure(exc)
        outcome.history_error = self.history_error
        return outcome

    def _too_old(self, started_at: str) -> float | None:
        """The age in days of a scan started at ``started_at`` when above ``resume_max_age``."""
        if self.resume_max_age is None:
            return None
        try:
            started = datetime.fromisoformat(started_at)
        except ValueError:
            return None
        if started.tzinfo is None:
            started = started.replace(tzinfo=UTC)
        age = (datetime.now(UTC) - started).total_seconds() / 86400
        return age if age > self.resume_max_age else None

    def _open_scan(self) -> tuple[dict[str, PortalResult], str, bool]:
        """Resume the interrupted scan or start a new one: (portals already done, start time,
        resumed?). Sets ``self.scan_id``. Only database work, before any crawling."""
        reg, hist = self.registry, self.history
        resumed = None
        if self.resume:
            resumed = hist.resumable(reg.key)
        if resumed is not None:
            age = self._too_old(resumed.started_at)
            if age is not None:
                raise HistoryError(
                    f"not resuming scan {resumed.id}: it started {resumed.started_at}, {age:.0f} days ago, more than "
                    f"--resume-max-age {self.resume_max_age:g} days (one scan would span {age:.0f} days); without "
                    "--resume a new scan will start (the old one is then marked abandoned); to finish it, raise "
                    "--resume-max-age")
            scan_id = resumed.id
            hist.claim(scan_id)
            base = hist.load_scan(scan_id)
            stored = hist.db.execute("SELECT options FROM scans WHERE id = ?", (scan_id,)).fetchone()[0]
            import json

            opts = json.loads(stored or "{}")
            if self.now is None and opts.get("now"):
                self.now = datetime.fromisoformat(opts["now"])  # evaluate as the interrupted scan did
            done = {p.id: p for p in base.portals}
            self.on_event("resume", {"scan_id": scan_id, "started_at": resumed.started_at, "done": len(done),
                                     "registry_changed": bool(resumed.registry_digest and resumed.registry_digest != reg.digest),
                                     "rules_changed": base.rules_version != self.rules.version})
            started_at = resumed.started_at
        else:
            started_at = _now_iso()
            scan_id = hist.start_scan(registry=reg.key, digest=reg.digest, name=reg.name, rules_file=self.rules.file,
                                      rules_version=self.rules.version, rules_meta=self.rules.meta(),
                                      started_at=started_at,
                                      options={"now": self.now.isoformat() if self.now else None,
                                               "registry_file": reg.file})
            done = {}
            if self.resume:
                self.on_event("no_resume", {"scan_id": scan_id})
        self.scan_id = scan_id
        return done, started_at, resumed is not None

    def _ordered(self) -> list[PortalResult]:
        return [self.done[e.id] for e in self.registry.portals if e.id in self.done]

    def _flush(self, *, final: bool, reports: bool) -> None:
        self.results.portals = self._ordered()
        if not final:
            self.results.finished_at = ""
        if reports and self.write_reports is not None:
            self.write_reports(self.results, final)
        else:
            self.out.mkdir(parents=True, exist_ok=True)
            self.results.write(self.out / "results.json")

    def _commit(self, entry: PortalEntry, result: PortalResult) -> None:
        """Keep the result (memory, then results.json) and save it in the history. A failed
        save stops the history writes, never the scan: the result is kept all the same."""
        self.done[entry.id] = result
        if self.history_error is not None:
            return
        try:
            self.history.save_portal(self.scan_id, self.registry.key, result,
                                     seq=self.registry.portals.index(entry))
        except sqlite3.Error as exc:
            self.note_history_failure(exc)

    def note_history_failure(self, exc: BaseException) -> None:
        self.history_error = f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
        self.on_event("history_failed", {"db": str(self.history.path), "error": self.history_error})

    # ---------------------------------------------------------------------------------------
    def _spawn(self, ctx) -> _Worker:
        parent, child = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=_worker_main, args=(child, self.rules_file, os.getpid()), daemon=True,
                           name="d43-portal-worker")
        proc.start()
        child.close()
        return _Worker(proc=proc, conn=parent)

    def _task(self, entry: PortalEntry) -> dict[str, Any]:
        options = self.make_options(entry)
        opts = {k: v for k, v in asdict(options).items() if k != "progress"}
        if opts.get("analysis_workers") is None and self.workers > 1:
            opts["analysis_workers"] = 0  # the portals' own processes already use the cores
        return {"url": entry.url, "level": entry.level, "portal": self.registry.portal_dict(entry),
                "options": opts, "now": self.now.isoformat() if self.now else None,
                "timeout": float(options.portal_timeout) + GRACE}

    def _run_pending(self, pending: list[PortalEntry], outcome: ScanOutcome) -> None:
        ctx = mp.get_context("spawn")
        pool: list[_Worker] = []
        queue = list(pending)
        self._timeouts: dict[str, float] = {}
        total = len(self.registry.portals)
        last_report = time.monotonic()
        try:
            while queue or any(w.entry for w in pool):
                # hand out work: global limit = pool size, per-host limit on running portals
                busy_hosts: dict[str, int] = {}
                for w in pool:
                    if w.entry:
                        busy_hosts[w.entry.host] = busy_hosts.get(w.entry.host, 0) + 1
                while queue:
                    idle = next((w for w in pool if w.entry is None), None)
                    if idle is None and len(pool) < min(self.workers, len(queue) + sum(1 for w in pool if w.entry)):
                        idle = self._spawn(ctx)
                        pool.append(idle)
                    if idle is None:
                        break
                    entry = next((e for e in queue if busy_hosts.get(e.host, 0) < self.per_host), None)
                    if entry is None:
                        break
                    queue.remove(entry)
                    task = self._task(entry)
                    idle.conn.send(task)
                    idle.entry, idle.started = entry, time.monotonic()
                    idle.deadline = idle.started + task["timeout"] + (0 if idle.ready else 120)
                    self._timeouts[entry.id] = task["timeout"]
                    busy_hosts[entry.host] = busy_hosts.get(entry.host, 0) + 1
                    self.on_event("start", {"id": entry.id, "url": entry.url, "running": busy_hosts})
                running = [w for w in pool if w.entry]
                ready = wait([w.conn for w in running] + [w.proc.sentinel for w in running], timeout=0.5)
                now = time.monotonic()
                for w in running:
                    entry = w.entry
                    assert entry is not None
                    result: PortalResult | None = None
                    dead = False
                    if w.conn in ready:
                        try:
                            kind, payload = w.conn.recv()
                        except (EOFError, OSError):
                            kind, payload, dead = "died", None, True
                        if kind == "ready":
                            w.ready = True
                            w.started = time.monotonic()  # the portal's clock starts now
                            w.deadline = w.started + self._timeouts[entry.id]
                            continue
                        if dead and not w.ready:
                            w.proc.join(5)
                            raise ScanError(f"a portal worker process could not start (exit code {w.proc.exitcode}); "
                                            "see the messages above")
                        if kind == "result":
                            result = PortalResult.from_dict(payload)
                        elif kind == "crash":
                            result = error_result(entry, self.rules, "internal error while checking this portal: "
                                                  + payload.strip().splitlines()[-1], self.registry.portal_dict(entry))
                    elif w.proc.sentinel in ready and not w.proc.is_alive():
                        dead = True
                        if not w.ready:
                            raise ScanError(f"a portal worker process could not start (exit code {w.proc.exitcode}); "
                                            "see the messages above")
                    elif now > w.deadline:
                        w.proc.kill()
                        w.proc.join(5)
                        dead = True
                        result = error_result(entry, self.rules, f"portal check timed out after {now - w.started:.0f} s",
                                              self.registry.portal_dict(entry))
                    if dead and result is None:
                        w.proc.join(1)
                        result = error_result(entry, self.rules, f"portal worker died (exit code {w.proc.exitcode})",
                                              self.registry.portal_dict(entry))
                    if dead:
                        w.conn.close()
                        pool.remove(w)
                    if result is None:
                        continue
                    result.id, result.name, result.level = entry.id, entry.name, entry.level
                    self._commit(entry, result)
                    outcome.scanned.append(entry.id)
                    w.entry = None
                    self.on_event("done", {"id": entry.id, "result": result, "seconds": now - w.started,
                                           "done": len(self.done), "total": total})
                    due = self.write_reports is not None and time.monotonic() - last_report > self.report_every
                    self._flush(final=False, reports=due)
                    if due:
                        last_report = time.monotonic()
        finally:
            for w in pool:
                try:
                    if w.entry is None:
                        w.conn.send(None)
                except OSError:
                    pass
            for w in pool:
                w.proc.join(2 if w.entry is None else 0)
                if w.proc.is_alive():
                    w.proc.kill()
                    w.proc.join(2)
                w.conn.close()
