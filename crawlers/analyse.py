"""Per-page analysis: decode, parse once, and keep what checks read from every page.

A fetched body is decoded, parsed once, and reduced to what the rules read again and again:
links with their regions, title, headings, ``<meta>``, the page's visible text,
and the registered **page facts** (small per-page results of whole-site checks, e.g. the
e-mail addresses on a page or its legacy-encoded text). Computed while the parse tree is
at hand, none of these forces a page to be parsed or decompressed again during evaluation.

:func:`analyse` (:mod:`crawlers.analysis`) is a pure function of the body and returns a picklable :class:`Analysis`,
so that a large crawl can run it in a worker process (:class:`Analyser`) on another core
while the event loop goes on fetching; small crawls run it inline. Either way
:func:`crawlers.page.Page.adopt` turns the result into the page the checks read.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import pickle
import sys
from typing import Any

from crawlers.analysis import _LEN, Analysis, analyse
from crawlers.snapshot import FACTS

__all__ = ["Analyser", "Analysis", "analyse", "default_workers"]


class _Worker:
    """One analysis process (``python -m crawlers.analysis``) spoken to over its stdin and
    stdout with length-prefixed pickles, from the event loop itself: no helper threads in
    the crawler's process to compete with it for the GIL."""

    def __init__(self) -> None:
        self.proc: asyncio.subprocess.Process | None = None
        self.pending: dict[int, asyncio.Future] = {}
        self.ids = itertools.count()
        self.reader: asyncio.Task | None = None

    async def start(self, modules: tuple[str, ...]) -> None:
        # the crawler's own import path (a checkout run without installing, a script that
        # extended sys.path): the worker must import the same crawlers/ and checker/
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "crawlers.analysis", *modules, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, limit=1 << 20, env=env)
        self.reader = asyncio.create_task(self._read())

    async def call(self, *args: Any) -> Analysis:
        assert self.proc is not None and self.proc.stdin is not None
        rid = next(self.ids)
        fut = asyncio.get_running_loop().create_future()
        self.pending[rid] = fut
        data = pickle.dumps((rid, args), protocol=pickle.HIGHEST_PROTOCOL)
        self.proc.stdin.write(_LEN.pack(len(data)))
        self.proc.stdin.write(data)
        await self.proc.stdin.drain()
        return await fut

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        why: BaseException = ConnectionError("analysis worker exited")
        try:
            while True:
                (n,) = _LEN.unpack(await self.proc.stdout.readexactly(_LEN.size))
                rid, ok, value = pickle.loads(await self.proc.stdout.readexactly(n))
                fut = self.pending.pop(rid, None)
                if fut is not None and not fut.done():
                    fut.set_result(value) if ok else fut.set_exception(RemoteError(value))
        except asyncio.IncompleteReadError:
            pass
        except Exception as exc:  # a garbled stream: the worker is given up
            why = ConnectionError(f"analysis worker stream: {type(exc).__name__}: {exc}")
        for fut in self.pending.values():
            if not fut.done():
                fut.set_exception(why)
        self.pending.clear()

    def peak_rss_mb(self) -> float | None:
        """The worker's peak resident memory (Linux ``VmHWM``), for the crawl's notes."""
        try:
            with open(f"/proc/{self.proc.pid}/status") as fh:  # type: ignore[union-attr]
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return round(int(line.split()[1]) / 1024, 1)
        except (OSError, AttributeError, ValueError):
            pass
        return None

    async def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            await asyncio.wait_for(proc.wait(), 5)
        except (TimeoutError, ProcessLookupError, ConnectionError):
            try:
                proc.kill()
                await proc.wait()
            except ProcessLookupError:
                pass
        if self.reader is not None:
            self.reader.cancel()
            await asyncio.gather(self.reader, return_exceptions=True)


class RemoteError(Exception):
    """:func:`analyse` raised in the worker (the page is analysed again inline)."""


class Analyser:
    """Runs :func:`analyse` inline, or in worker processes once a crawl proves large.

    Starting a process costs a fraction of a second (a fresh interpreter): portals of a few
    hundred pages never pay it. ``workers`` processes start after ``after`` pages. A page the
    worker failed on is analysed again inline (so its error is the same as without workers);
    a worker that dies (killed by the system) is given up and the crawl goes on inline."""

    def __init__(self, workers: int | None, after: int):
        self.workers = default_workers() if workers is None else workers
        self.after = after
        self.count = 0
        self.remote = 0  # pages analysed in a worker
        self.peaks: list[float] = []  # the workers' peak RSS (MB), read when they are closed
        self.pool: list[_Worker] = []
        self.note: str | None = None
        self._starting: asyncio.Task | None = None

    async def __call__(self, body: bytes, content_type: str, url: str, final_url: str) -> Analysis:
        self.count += 1
        if self.workers > 0 and self.count > self.after and self.note is None and self._starting is None:
            self._starting = asyncio.create_task(self._start())
        if self.pool:
            worker = min(self.pool, key=lambda w: len(w.pending))
            try:
                result = await worker.call(body, content_type, url, final_url)
                self.remote += 1
                return result
            except RemoteError:
                pass
            except (ConnectionError, OSError) as exc:
                self.note = f"analysis worker lost ({exc}); the crawl went on without it"
                if worker in self.pool:
                    self.pool.remove(worker)
                    await worker.close()
        return analyse(body, content_type, url, final_url)

    async def _start(self) -> None:
        modules = tuple(sorted({fn.__module__ for fn in FACTS.values()}))
        for _ in range(self.workers):
            w = _Worker()
            try:
                await w.start(modules)
            except (OSError, NotImplementedError, RuntimeError) as exc:  # no processes here: stay inline
                self.note = f"analysis workers unavailable: {exc}"
                return
            self.pool.append(w)

    async def close(self) -> None:
        if self._starting is not None:
            await asyncio.gather(self._starting, return_exceptions=True)
        pool, self.pool = self.pool, []
        for w in pool:
            rss = w.peak_rss_mb()
            if rss is not None:
                self.peaks.append(rss)
            await w.close()


def default_workers() -> int:
    """Two analysis processes when there is a second core, none on one core. (On two
    cores, two workers beside the crawler's process measured faster than one: the crawler
    waits on the network part of the time, and two queues keep both cores busy.)"""
    return 2 if (os.cpu_count() or 1) >= 2 else 0
