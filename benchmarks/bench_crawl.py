"""Crawl benchmark: d43 (crawl + parse + evaluate) against Scrapy on the same synthetic portal.

    /work/venv/bin/python benchmarks/bench_crawl.py [--pages 10000] [--concurrency 16] [--skip-scrapy]

Generates a synthetic portal of N pages (~55 KB, ~75 links each; benchmarks/synth_site.py),
serves it on 127.0.0.1 in this process, then runs, each in its own child process so that CPU
time and peak RSS are the child's alone:

1. d43 first scan: ``check_portal`` (crawl + decode + parse + link extraction + evaluation of
   the whole bundled rule set), politeness off (delay 0, robots.txt still read), with a
   validator cache directory. d43 decodes and parses pages in analysis worker processes
   once a crawl passes 300 pages (crawlers/analyse.py): their CPU is added to d43's, and
   d43's peak RSS is the crawler's peak plus the sum of the workers' peaks;
2. d43 second scan of the unchanged site with the same cache (conditional requests);
3. Scrapy: a CrawlSpider with a LinkExtractor following every internal link, same
   concurrency, no delay, closing after N pages.

Prints pages/s, CPU seconds, peak RSS and the ratios, and the bytes the server sent for the
second d43 scan as a share of the first. Needs the ``bench`` extra (scrapy, psutil).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _usage() -> dict:
    """CPU of this process and of its finished children (d43's analysis workers), and peak
    RSS of this process and of its largest child (``_with_workers`` replaces the latter by
    the sum of every worker's peak, which the crawler notes)."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu": ru.ru_utime + ru.ru_stime + ch.ru_utime + ch.ru_stime,
            "maxrss_mb": (ru.ru_maxrss + ch.ru_maxrss) / 1024, "main_rss_mb": ru.ru_maxrss / 1024,
            "worker_rss_mb": ch.ru_maxrss / 1024, "worker_cpu": ch.ru_utime + ch.ru_stime}


# -- children -------------------------------------------------------------------------------------
def child_d43(url: str, pages: int, concurrency: int, cache: str, crawl_only: bool = False,
              analysis_workers: int | None = None) -> dict:
    from datetime import datetime

    from checker.pipeline import check_portal
    from checker.rules import load_rules
    from crawlers.options import CrawlOptions

    rules = load_rules()
    opts = CrawlOptions(allow_private=True, delay=0.0, concurrency=concurrency, max_pages=pages, max_depth=1000,
                        render="never", timeout=30, portal_timeout=3600, cache_dir=cache, max_query_variants=10**6,
                        max_on_demand=50, max_total_bytes=10**12, analysis_workers=analysis_workers)
    if crawl_only:
        from crawlers.crawl import crawl

        u0, t0 = _usage(), time.monotonic()
        snap = crawl(url, opts)
        wall = time.monotonic() - t0
        u1 = _usage()
        return _with_workers({"pages": len(snap.pages), "wall": wall, "cpu": u1["cpu"] - u0["cpu"], "maxrss_mb": u1["maxrss_mb"],
                "main_rss_mb": u1["main_rss_mb"], "worker_rss_mb": u1["worker_rss_mb"],
                "worker_cpu": u1["worker_cpu"] - u0["worker_cpu"],
                "bytes": snap.notes.bytes, "not_modified": snap.notes.not_modified}, snap.notes.to_dict())
    u0, t0 = _usage(), time.monotonic()
    result = check_portal(url, "department", rules=rules, options=opts, now=datetime.now(UTC),
                          settings={"max_fetches": 0})
    wall = time.monotonic() - t0
    u1 = _usage()
    crawl_s = float(result.crawl.get("duration_s", 0))
    return _with_workers({"pages": result.pages_fetched, "wall": wall, "cpu": u1["cpu"] - u0["cpu"], "maxrss_mb": u1["maxrss_mb"],
            "main_rss_mb": u1["main_rss_mb"], "worker_rss_mb": u1["worker_rss_mb"],
            "worker_cpu": u1["worker_cpu"] - u0["worker_cpu"], "crawl_s": crawl_s, "bytes": result.crawl.get("bytes"), "not_modified": result.crawl.get("not_modified", 0),
            "score": result.score, "statuses": _counts([r.status for r in result.results])}, result.crawl)


def _with_workers(out: dict, notes: dict) -> dict:
    """Peak RSS = the crawler's peak + the sum of its analysis workers' peaks (an upper
    bound of what they held at once)."""
    peaks = notes.get("analysis_workers_peak_rss_mb") or []
    if peaks:
        out["worker_rss_mb"] = float(sum(peaks))
        out["workers"] = len(peaks)
    out["maxrss_mb"] = out["main_rss_mb"] + out["worker_rss_mb"]
    return out


def _counts(xs):
    out: dict[str, int] = {}
    for x in xs:
        out[x] = out.get(x, 0) + 1
    return out


def child_scrapy(url: str, pages: int, concurrency: int) -> dict:
    from scrapy.crawler import CrawlerProcess
    from scrapy.linkextractors import LinkExtractor
    from scrapy.spiders import CrawlSpider, Rule

    host = url.split("/")[2].split(":")[0]
    count = {"n": 0}

    class Bench(CrawlSpider):
        name = "bench"
        start_urls = [url]
        allowed_domains = [host]
        rules = (Rule(LinkExtractor(), callback="parse_item", follow=True),)  # offsite middleware keeps it on the host

        def parse_start_url(self, response, **kw):
            count["n"] += 1
            return []

        def parse_item(self, response):
            count["n"] += 1
            return []

    settings = {"LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS": concurrency,
                "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency, "DOWNLOAD_DELAY": 0, "CLOSESPIDER_PAGECOUNT": pages,
                "TELNETCONSOLE_ENABLED": False, "COOKIES_ENABLED": False, "DEPTH_PRIORITY": 1,
                "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
                "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue", "HTTPCACHE_ENABLED": False}
    process = CrawlerProcess(settings)
    u0, t0 = _usage(), time.monotonic()
    crawler = process.create_crawler(Bench)
    process.crawl(crawler)
    process.start()
    wall = time.monotonic() - t0
    u1 = _usage()
    return {"pages": count["n"], "wall": wall, "cpu": u1["cpu"] - u0["cpu"], "maxrss_mb": u1["maxrss_mb"],
            "requests": crawler.stats.get_value("downloader/request_count")}


def _run_child(args: list[str]) -> dict:
    """Run a child and add ``peak_sum_mb``: the largest RSS its processes (the crawler and
    its analysis workers) held at one time, sampled every 20 ms. ``maxrss_mb`` adds each
    process's own peak, an upper bound: the crawler peaks while judging, after its workers
    have exited."""
    import threading

    import psutil

    env = dict(os.environ, PYTHONPATH=str(ROOT), D43_NO_BROWSER="1")
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    peak = [0]

    def sample() -> None:
        try:
            root = psutil.Process(proc.pid)
            while proc.poll() is None:
                total = 0
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:  # a worker exiting between the listing and the read
                        pass
                peak[0] = max(peak[0], total)
                time.sleep(0.02)
        except psutil.Error:
            pass

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"child {args[:2]} failed:\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_sum_mb"] = round(peak[0] / 2**20, 1)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--skip-scrapy", action="store_true")
    ap.add_argument("--analysis-workers", type=int, default=None, help="d43's analysis processes [default: 2 on 2+ cores]")
    ap.add_argument("--child", choices=["d43", "d43-crawl", "scrapy"])
    ap.add_argument("--url")
    ap.add_argument("--cache")
    a = ap.parse_args()
    if a.child in ("d43", "d43-crawl"):
        print(json.dumps(child_d43(a.url, a.pages, a.concurrency, a.cache, crawl_only=a.child == "d43-crawl",
                                   analysis_workers=a.analysis_workers)))
        return
    if a.child == "scrapy":
        print(json.dumps(child_scrapy(a.url, a.pages, a.concurrency)))
        return

    from benchmarks.synth_site import SynthSite

    site = SynthSite(a.pages).start()
    url = f"http://127.0.0.1:{site.port}/"
    print(f"synthetic portal: {a.pages} pages on {url} (concurrency {a.concurrency}, no delay)", flush=True)
    with tempfile.TemporaryDirectory(prefix="d43-bench-cache-") as cache:
        common = ["--url", url, "--pages", str(a.pages), "--concurrency", str(a.concurrency)]
        if a.analysis_workers is not None:
            common += ["--analysis-workers", str(a.analysis_workers)]
        site.reset_counters()
        d1 = _run_child(["--child", "d43", *common, "--cache", cache])
        sent1 = site.bytes_sent
        print(f"d43 scan 1: {json.dumps(d1)}  server sent {sent1:,} bytes", flush=True)
        site.reset_counters()
        d2 = _run_child(["--child", "d43", *common, "--cache", cache])
        sent2, nm = site.bytes_sent, site.not_modified
        print(f"d43 scan 2: {json.dumps(d2)}  server sent {sent2:,} bytes ({nm} x 304)", flush=True)
    with tempfile.TemporaryDirectory(prefix="d43-bench-cache-") as cache:
        site.reset_counters()
        c1 = _run_child(["--child", "d43-crawl", *common, "--cache", cache])
        print(f"d43 crawl only (no evaluation): {json.dumps(c1)}", flush=True)
    s = None
    if not a.skip_scrapy:
        site.reset_counters()
        s = _run_child(["--child", "scrapy", *common])
        print(f"scrapy:     {json.dumps(s)}  server sent {site.bytes_sent:,} bytes", flush=True)
    site.stop()

    def rate(r):
        return r["pages"] / r["wall"] if r["wall"] else 0.0

    print()
    print(f"{'':14}{'pages':>8}{'wall s':>9}{'pages/s':>9}{'CPU s':>8}{'CPU ms/page':>12}{'peak RSS MB':>12}")
    rows = [("d43 scan 1", d1), ("d43 scan 2", d2), ("d43 crawl", c1)] + ([("scrapy", s)] if s else [])
    for name, r in rows:
        print(f"{name:14}{r['pages']:>8}{r['wall']:>9.1f}{rate(r):>9.1f}{r['cpu']:>8.1f}"
              f"{1000 * r['cpu'] / max(1, r['pages']):>12.2f}{r['maxrss_mb']:>12.0f}")
    if s:
        print(f"\nd43/scrapy pages/s ratio: {rate(d1) / rate(s):.2f}x  (target >= 3x)")
        print(f"scrapy/d43 CPU per page:  {(s['cpu'] / s['pages']) / (d1['cpu'] / d1['pages']):.2f}x")
        print(f"crawl only: d43/scrapy pages/s {rate(c1) / rate(s):.2f}x, CPU per page "
              f"{1000 * c1['cpu'] / max(1, c1['pages']):.2f} ms vs {1000 * s['cpu'] / max(1, s['pages']):.2f} ms")
    print(f"d43 peak RSS: {d1['maxrss_mb']:.0f} MB = crawler {d1['main_rss_mb']:.0f} MB + {d1.get('workers', 0)} analysis "
          f"worker(s) {d1['worker_rss_mb']:.0f} MB (target < 250 MB); worker CPU {d1['worker_cpu']:.1f} s of {d1['cpu']:.1f} s")
    print(f"second scan transferred {100 * sent2 / max(1, sent1):.2f}% of the first's bytes (server side; "
          f"crawler-counted {100 * (d2['bytes'] or 0) / max(1, d1['bytes'] or 1):.2f}%) (target < 5%)")


if __name__ == "__main__":
    main()
