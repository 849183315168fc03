"""The validator cache (crawlers/cache.py): one SQLite file, batched stores, shared by
processes, a damaged file set aside. The crawl-level behaviour (304s, the same sample on a
re-scan) is in tests/test_crawl.py."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time

from crawlers import cache as cache_mod
from crawlers.cache import FILE, ValidatorCache

HEADERS = {"etag": '"v1"', "content-type": "text/html; charset=utf-8", "content-encoding": "gzip"}


def test_store_then_read_back_after_flush_from_another_connection(tmp_path):
    c = ValidatorCache(tmp_path)
    c.store("http://a.test/p", 200, HEADERS, "Trang chủ".encode() * 100, "http://a.test/p")
    c.flush()
    other = ValidatorCache(tmp_path)  # a later scan
    assert other.has("http://a.test/p") and not other.has("http://a.test/q")
    assert other.validators("http://a.test/p") == {"If-None-Match": '"v1"'}
    meta, body = other.load("http://a.test/p")
    assert body == "Trang chủ".encode() * 100
    assert meta["headers"] == {"etag": '"v1"', "content-type": "text/html; charset=utf-8"}  # no content-encoding
    assert other.hits == 1 and other.load("http://a.test/q") is None


def test_only_200_with_a_validator_is_stored(tmp_path):
    c = ValidatorCache(tmp_path)
    c.store("http://a.test/404", 404, HEADERS, b"x", "http://a.test/404")
    c.store("http://a.test/none", 200, {"content-type": "text/html"}, b"x", "http://a.test/none")
    c.store("http://a.test/lm", 200, {"last-modified": "Sat, 05 Dec 2026 10:00:00 GMT"}, b"x", "http://a.test/lm")
    c.close()
    c = ValidatorCache(tmp_path)
    assert not c.has("http://a.test/404") and not c.has("http://a.test/none")
    assert c.validators("http://a.test/lm") == {"If-Modified-Since": "Sat, 05 Dec 2026 10:00:00 GMT"}


def test_a_full_batch_is_committed_without_a_flush(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_mod, "BATCH", 3)
    monkeypatch.setattr(cache_mod, "HANDOFF", 1)
    monkeypatch.setattr(cache_mod, "_MAX_AGE", 3600.0)
    c = ValidatorCache(tmp_path)
    for i in (1, 2):
        c.store(f"http://a.test/{i}", 200, HEADERS, b"x", f"http://a.test/{i}")
    time.sleep(0.3)
    assert not ValidatorCache(tmp_path).has("http://a.test/1")  # two of three: not committed yet
    c.store("http://a.test/3", 200, HEADERS, b"3", "http://a.test/3")  # the third commits the batch
    deadline = time.monotonic() + 10
    while not ValidatorCache(tmp_path).has("http://a.test/3") and time.monotonic() < deadline:
        time.sleep(0.02)
    assert ValidatorCache(tmp_path).has("http://a.test/1") and ValidatorCache(tmp_path).has("http://a.test/3")


def test_stores_wait_for_the_writer_when_it_falls_behind(tmp_path, monkeypatch):
    """The queue is bounded: a slow disk makes the crawl wait rather than hold every body."""
    monkeypatch.setattr(cache_mod, "QUEUE", 2)
    monkeypatch.setattr(cache_mod, "HANDOFF", 1)
    c = ValidatorCache(tmp_path)
    for i in range(50):
        c.store(f"http://a.test/{i}", 200, HEADERS, b"x" * 1000, f"http://a.test/{i}")
        assert c._queue.qsize() <= 2
    c.close()
    assert all(ValidatorCache(tmp_path).has(f"http://a.test/{i}") for i in range(50))


def test_a_damaged_file_is_set_aside_and_a_new_cache_started(tmp_path):
    (tmp_path / FILE).write_bytes(b"this is not a database" * 100)
    c = ValidatorCache(tmp_path)
    assert c.error is None and (tmp_path / (FILE + ".damaged")).exists()
    c.store("http://a.test/p", 200, HEADERS, b"p", "http://a.test/p")
    c.close()
    assert ValidatorCache(tmp_path).has("http://a.test/p")


def test_a_cache_that_cannot_be_opened_is_off_with_a_reason(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    c = ValidatorCache(blocker / "cache")
    assert c.error is not None and c.error.startswith(("FileExistsError", "NotADirectoryError"))
    c.store("http://a.test/p", 200, HEADERS, b"p", "http://a.test/p")
    assert not c.has("http://a.test/p") and c.validators("http://a.test/p") == {} and c.load("http://a.test/p") is None


def test_a_garbled_row_is_a_miss(tmp_path):
    c = ValidatorCache(tmp_path)
    c.close()
    db = sqlite3.connect(tmp_path / FILE)
    db.execute("INSERT INTO entry VALUES (?, ?, ?)", ("http://a.test/p", "{not json", b"not lz4"))
    db.execute("INSERT INTO entry VALUES (?, ?, ?)", ("http://a.test/q", '{"etag": "\\"q\\""}', b"not lz4"))
    db.commit()
    db.close()
    c = ValidatorCache(tmp_path)
    assert c.validators("http://a.test/p") == {} and c.load("http://a.test/p") is None
    assert c.validators("http://a.test/q") == {"If-None-Match": '"q"'} and c.load("http://a.test/q") is None


def _writer(root: str, who: int, n: int) -> None:
    c = ValidatorCache(root)
    for i in range(n):
        c.store(f"http://a.test/{who}/{i}", 200, HEADERS, f"{who}-{i}".encode() * 50, f"http://a.test/{who}/{i}")
    c.close()
    if c.error:
        raise SystemExit(c.error)


def test_processes_of_one_scan_share_a_cache_folder(tmp_path):
    """``d43 scan`` runs portals in processes; with a common cache_dir each must keep all
    its stores (WAL, busy timeout, BEGIN IMMEDIATE: no 'database is locked')."""
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), w, 600)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    c = ValidatorCache(tmp_path)
    assert all(c.has(f"http://a.test/{w}/{i}") for w in range(3) for i in range(0, 600, 37))
    assert c.load("http://a.test/2/599")[1] == b"2-599" * 50
