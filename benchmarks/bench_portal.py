"""Portal benchmark: d43 (crawl + analyse + evaluate) against Scrapy on a text-heavy
Vietnamese portal served by nginx (benchmarks/portal_site.py), in one run, several rounds.

    .venv/bin/python benchmarks/bench_portal.py [--pages 10000] [--rounds 2] [--concurrency 16] [--skip-scrapy]

The site (median page ~55 KB, 40 menu links + ~22 content links a page, PDFs, sitemap,
robots.txt) is generated into a temporary folder once and served by Debian's nginx from its
own prefix on 127.0.0.1 (gzip on, ETag and Last-Modified). Each round runs, each in its own
child process (``benchmarks/bench_crawl.py --child …``: CPU of the child and of its
analysis workers; peak RSS twice: the crawler's own peak plus each worker's (an upper
bound), and the largest total its processes held at one time, sampled every 20 ms):

1. d43 first scan with an empty validator cache: ``check_portal`` (crawl + decode + parse +
   link extraction + page facts + evaluation of the bundled rules), politeness off;
2. d43 re-scan of the unchanged site with that cache (conditional requests): the bytes
   nginx sent, from its access log, as a share of the first scan's (target ≤ 2%);
3. Scrapy: a CrawlSpider with a LinkExtractor, same concurrency, no delay, N pages.

The rounds alternate which crawler goes first. Prints every run, then medians: pages/s,
CPU ms per page (all of d43's processes), peak RSS, the d43/Scrapy ratio, nginx's own CPU,
and how d43's wall time splits between the crawl and the evaluation after it. Needs nginx
and the ``bench`` extra (scrapy, psutil).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_crawl import _run_child  # noqa: E402
from benchmarks.portal_site import Nginx, generate  # noqa: E402


def _rate(r: dict) -> float:
    return r["pages"] / r["wall"] if r["wall"] else 0.0


def _ms(r: dict) -> float:
    return 1000 * r["cpu"] / max(1, r["pages"])


def _run(srv: Nginx, kind: str, common: list[str], cache: str | None = None) -> dict:
    srv.bytes_since()
    cpu0 = srv.cpu_seconds()
    args = ["--child", kind, *common] + (["--cache", cache] if cache else [])
    r = _run_child(args)
    sent = srv.bytes_since()
    r["server_bytes"], r["server_responses"], r["server_304"] = sent["bytes"], sent["responses"], sent["not_modified"]
    r["nginx_cpu"] = srv.cpu_seconds() - cpu0
    return r


def _line(name: str, r: dict) -> str:
    return (f"{name:16}{r['pages']:>7}{r['wall']:>8.1f}{_rate(r):>9.1f}{r['cpu']:>8.1f}{_ms(r):>9.2f}"
            f"{r['maxrss_mb']:>9.0f}{r['server_bytes'] / 1e6:>10.1f}{r['nginx_cpu']:>8.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--skip-scrapy", action="store_true")
    ap.add_argument("--skip-rescan", action="store_true")
    ap.add_argument("--analysis-workers", type=int, default=None)
    ap.add_argument("--site", help="an already generated site folder (default: generate into a temporary one)")
    a = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="d43-portal-") as tmp:
        site = a.site or tmp
        if not a.site:
            info = generate(site, a.pages)
            print(f"portal: {json.dumps(info)}", flush=True)
        srv = Nginx(site).start()
        try:
            common = ["--url", srv.url, "--pages", str(a.pages), "--concurrency", str(a.concurrency)]
            if a.analysis_workers is not None:
                common += ["--analysis-workers", str(a.analysis_workers)]
            print(f"nginx on {srv.url} (gzip, ETag), concurrency {a.concurrency}, no delay, {a.rounds} round(s)", flush=True)
            runs: dict[str, list[dict]] = {"d43 scan": [], "d43 re-scan": [], "scrapy": []}
            for rnd in range(a.rounds):
                order = ["d43", "scrapy"] if rnd % 2 == 0 else ["scrapy", "d43"]
                for who in order:
                    if who == "scrapy":
                        if a.skip_scrapy:
                            continue
                        r = _run(srv, "scrapy", common)
                        runs["scrapy"].append(r)
                        print(f"round {rnd + 1} scrapy: {json.dumps(r)}", flush=True)
                        continue
                    with tempfile.TemporaryDirectory(prefix="d43-bench-cache-") as cache:
                        r = _run(srv, "d43", common, cache)
                        runs["d43 scan"].append(r)
                        print(f"round {rnd + 1} d43 scan: {json.dumps(r)}", flush=True)
                        if not a.skip_rescan:
                            r2 = _run(srv, "d43", common, cache)
                            r2["share"] = r2["server_bytes"] / max(1, r["server_bytes"])
                            runs["d43 re-scan"].append(r2)
                            print(f"round {rnd + 1} d43 re-scan: {json.dumps(r2)}", flush=True)
        finally:
            srv.stop()

    med: dict[str, dict] = {}
    for name, rs in runs.items():
        if rs:
            med[name] = {k: statistics.median(float(r[k]) for r in rs)
                         for k in ("pages", "wall", "cpu", "maxrss_mb", "server_bytes", "nginx_cpu", "main_rss_mb", "worker_rss_mb",
                                   "worker_cpu", "share", "crawl_s", "peak_sum_mb") if all(k in r for r in rs)}
            med[name]["rate"] = statistics.median(_rate(r) for r in rs)
            med[name]["ms"] = statistics.median(_ms(r) for r in rs)
    print(f"\nmedians of {a.rounds} round(s), {a.pages} pages:")
    print(f"{'':16}{'pages':>7}{'wall s':>8}{'pages/s':>9}{'CPU s':>8}{'ms/page':>9}{'RSS MB':>9}{'sent MB':>10}{'nginx s':>8}")
    for name, m in med.items():
        print(f"{name:16}{m['pages']:>7.0f}{m['wall']:>8.1f}{m['rate']:>9.1f}{m['cpu']:>8.1f}{m['ms']:>9.2f}"
              f"{m['maxrss_mb']:>9.0f}{m['server_bytes'] / 1e6:>10.1f}{m['nginx_cpu']:>8.1f}")
    d, s = med.get("d43 scan"), med.get("scrapy")
    if d and s:
        print(f"\nd43/scrapy pages/s: {d['rate'] / s['rate']:.2f}x (target >= 3x); CPU per page d43 {d['ms']:.2f} ms "
              f"(target <= 5) vs scrapy {s['ms']:.2f} ms")
    if d:
        print(f"d43 peak RSS {d['maxrss_mb']:.0f} MB = crawler {d['main_rss_mb']:.0f} + workers {d['worker_rss_mb']:.0f} "
              f"(each process's own peak, added: an upper bound; target <= 200 MB); worker CPU {d['worker_cpu']:.1f} s "
              f"of {d['cpu']:.1f} s")
        if "peak_sum_mb" in d:
            print(f"d43 peak RSS of its processes at one time (sampled every 20 ms): {d['peak_sum_mb']:.0f} MB")
        if "crawl_s" in d:
            print(f"d43 wall {d['wall']:.1f} s = crawl {d['crawl_s']:.1f} s + evaluation and the rest "
                  f"{d['wall'] - d['crawl_s']:.1f} s")
    if "d43 re-scan" in med:
        print(f"re-scan moved {100 * med['d43 re-scan']['share']:.2f}% of the first scan's bytes (target <= 2%)")


if __name__ == "__main__":
    main()
