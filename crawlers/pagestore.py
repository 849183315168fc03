"""Where a page's text lives: compressed on disk, with bounded caches of what is derived.

A crawl of 10,000 pages holds ~100 MB of compressed HTML, more than the rest of a scan, so
page texts go to a spool of temporary files (LZ4) and only small values stay on the
:class:`~crawlers.page.Page`; parse trees and derived texts are kept in size-bounded
LRU caches and recomputed (or read back from the spool) when evicted. The data model is
:mod:`crawlers.snapshot`; this module is its storage, and nothing else uses it directly.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import lz4.block

if TYPE_CHECKING:
    from crawlers.snapshot import Page

# -- compact text and bounded caches --------------------------------------------------------------
_SMALL_TEXT = 1024  # shorter texts are kept as they are
_DERIVED = ("title", "headings", "h1_texts", "lang", "metas", "mailto_hrefs", "links")


def _get_text(self: Page) -> str:
    d = self.__dict__
    ref = d.get("_zref")
    if ref is not None:
        return _CACHES["text"].get(self, lambda: _inflate(ref[0].read(ref[1], ref[2])), _str_cost)
    z = d.get("_ztext")
    if z is not None:
        return _CACHES["text"].get(self, lambda: _inflate(z), _str_cost)
    return d.get("_stext", "")


def pack(text: str) -> bytes:
    """A text compressed for the spool. LZ4: page texts are written once and read back a
    few times, and LZ4 does both several times faster than zlib (the spool is on disk, so
    its lower ratio costs disk, not memory)."""
    return lz4.block.compress(text.encode("utf-8", "surrogatepass"), store_size=True)


def pack_bytes(utf8: bytes) -> bytes:
    """:func:`pack` of a text already in UTF-8 (a body decoded verbatim: no re-encoding)."""
    return lz4.block.compress(utf8, store_size=True)


def _inflate(z: bytes) -> str:
    return lz4.block.decompress(z).decode("utf-8", "surrogatepass")


def _set_text(self: Page, value: str) -> None:
    d = self.__dict__
    value = value or ""
    for name in ("_stext", "_ztext", "_facts", "_visible_fixed", "_utf8"):
        d.pop(name, None)
    _release(d)  # the old texts' space in the spool
    if len(value) > _SMALL_TEXT:
        _store_compressed(self, pack(value))
    else:
        d["_stext"] = value
    # a new text invalidates everything derived from the old one
    for name in _DERIVED:
        d.pop(name, None)
    for cache in _CACHES.values():
        cache.drop(self)
    if len(value) > _SMALL_TEXT:  # about to be parsed (links): no need to read it back
        _CACHES["text"].get(self, lambda: value, _str_cost)


_SPOOLED = ("_zref", "_tref", "_vref")  # a page's places in the spool: (segment, offset, length …)


def _release(d: dict) -> None:
    """Give a page's places in the spool back (its text was replaced, or the page is gone).
    Called from ``Page.__del__`` rather than one ``weakref.finalize`` per text: those cost
    ~300 bytes each, 6 MB on a 10,000-page portal. (Pages are never copied: a copy would
    release the same places twice.)"""
    for key in _SPOOLED:
        ref = d.pop(key, None)
        if ref is not None:
            ref[0].release()


def _page_del(self: Page) -> None:
    try:
        _release(self.__dict__)
    except Exception:  # interpreter shutdown: the spool's files go with the process
        pass


def _spool(page: Page, key: str, z: bytes, *extra: int) -> bool:
    """Append ``z`` to the spool and note its place in ``page.__dict__[key]`` (one of
    ``_SPOOLED``: (segment, offset, length, *extra)); False when no temporary file works."""
    try:
        seg, off = _SPOOL.put(z)
    except OSError:
        return False
    page.__dict__[key] = (seg, off, len(z), *extra)
    return True


def _store_compressed(page: Page, z: bytes) -> None:
    if not _spool(page, "_zref", z):  # no usable temporary directory: keep the bytes in memory
        page.__dict__["_ztext"] = z


class _Segment:
    """One anonymous temporary file (deleted by the system when closed) of the spool."""

    def __init__(self, spool: _Spool):
        import tempfile  # here: an analysis worker never spools, and tempfile costs it ~2 MB

        self.spool = spool
        self.file = tempfile.TemporaryFile(prefix="d43-pages-")  # noqa: SIM115  (lives as long as the segment)
        self.fd = self.file.fileno()
        self.pid = os.getpid()
        self.size = 0
        self.live = 0

    def read(self, offset: int, length: int) -> bytes:
        return os.pread(self.fd, length, offset)

    def release(self) -> None:
        with self.spool.lock:
            self.live -= 1
            if self.live > 0:
                return
            if self.spool.current is self:  # empty: start again from the beginning
                self.size = 0
                try:
                    os.ftruncate(self.fd, 0)
                except OSError:
                    pass
            else:
                self.file.close()


class _Spool:
    """Compressed page texts live on disk, not in memory: a crawl of 10,000 pages holds
    ~100 MB of compressed HTML, more than the rest of a scan. Texts are appended to
    temporary files of at most ``SEGMENT`` bytes; a file is closed (and its space freed)
    when no page refers to it any more. Reads go through the OS page cache."""

    SEGMENT = 64 << 20

    def __init__(self):
        self.lock = threading.RLock()  # re-entrant: a page's finalizer may run inside put()
        self.current: _Segment | None = None

    def put(self, data: bytes) -> tuple[_Segment, int]:
        with self.lock:
            seg = self.current
            if seg is None or seg.pid != os.getpid() or seg.size >= self.SEGMENT:
                if seg is not None and seg.pid == os.getpid() and seg.live == 0:
                    seg.file.close()
                seg = self.current = _Segment(self)
            seg.live += 1  # first: a finalizer run by the GC meanwhile must not empty it
            off = seg.size
            seg.size += len(data)
            try:
                os.pwrite(seg.fd, data, off)
            except OSError:
                seg.live -= 1
                raise
            return seg, off


_SPOOL = _Spool()


class _LRU:
    """Values derived from pages, least recently used first out, bounded by an estimate of
    their size in bytes. Keyed by page identity; an entry holds its page, so a key's id
    cannot be reused while the entry lives."""

    def __init__(self, budget: int, on_evict: Callable[[Page, Any], None] | None = None):
        self.budget = budget
        self.on_evict = on_evict
        self.used = 0
        self.entries: OrderedDict[int, tuple[Page, object, int]] = OrderedDict()
        self.lock = threading.Lock()  # the browser thread builds pages too

    def get(self, page: Page, compute: Callable[[], object], cost: Callable[[object], int]):
        key = id(page)
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None and hit[0] is page:
                self.entries.move_to_end(key)
                return hit[1]
        value = compute()  # outside the lock: it may use the other caches
        size = cost(value)
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.used -= old[2]
            self.entries[key] = (page, value, size)
            self.used += size
            while self.used > self.budget and len(self.entries) > 1:
                _, (p, v, s) = self.entries.popitem(last=False)
                self.used -= s
                if self.on_evict is not None:
                    self.on_evict(p, v)
        return value

    def drop(self, page: Page) -> None:
        with self.lock:
            hit = self.entries.get(id(page))
            if hit is not None and hit[0] is page:
                del self.entries[id(page)]
                self.used -= hit[2]

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.used = 0


def _spill_texts(page: Page, texts: tuple[str, str]) -> None:
    """Keep an evicted (visible, main) pair compressed in the spool, once per page."""
    d = page.__dict__
    if "_tref" in d:
        return
    visible, main = texts
    _spool(page, "_tref", pack(visible + main), len(visible))  # nowhere to spill: computed again when needed


def _spool_visible(page: Page, z: bytes) -> None:
    if not _spool(page, "_vref", z):
        page.__dict__["_visible_fixed"] = _inflate(z)


def _str_cost(s) -> int:
    return 2 * len(s) + 64


def _texts_cost(t) -> int:
    return 2 * (len(t[0]) + len(t[1])) + 128


def _list_cost(xs) -> int:
    return 200 * len(xs) + 64


def _tree_cost(tree) -> int:
    return 1  # trees live in native memory (several times the HTML): counted, not sized
_MB = 1 << 20
_CACHES: dict[str, _LRU] = {
    # Budgets: a rule that sweeps every page of a large portal reads far more than any cache
    # holds (10,000 pages of 60 KB), so the caches serve repeated reads of a working set (the
    # home page, the section pages several rules judge), not sweeps. Halving "text", "texts"
    # and "visible" (16/8/8 MB before) and trimming the folded texts (8 MB each) cost no
    # measurable CPU on bench_eval and took ~10 MB off the crawler's peak at 3,000 pages;
    # halving them all again (2026-12-06) took 9 MB off the evaluation's peak on the
    # 10,000-page portal, evaluation CPU unchanged (benchmarks/bench_eval_portal.py).
    # decoded page texts: whoever reads one parses it, and inflating it again from the spool
    # costs a few per cent of that parse, so only the last few are kept
    "text": _LRU(2 * _MB),
    # parse trees, by count (each several times its page's HTML: ~1 MB for a 55 KB page); 4
    # rather than 8 re-parsed 2 % more pages in the sample provinces
    "tree": _LRU(4),
    "texts": _LRU(2 * _MB, on_evict=_spill_texts),  # (visible, main) texts; evicted ones are spilled, not lost
    "visible": _LRU(2 * _MB),  # visible texts of analysed pages (read back from the spool)
    "folded_text": _LRU(3 * _MB),  # (ASCII: 1 byte a character, half what _str_cost counts)
    "folded_main": _LRU(2 * _MB),
    "raw_links": _LRU(2 * _MB),
}


def clear_caches() -> None:
    """Drop every cached parse tree and derived text (they are recomputed on demand)."""
    for cache in _CACHES.values():
        cache.clear()
