"""Where d43's memory goes on the portal benchmark's site: RSS of the crawler by phase.

    .venv/bin/python benchmarks/mem_portal.py --site /tmp/perf-portal10k [--pages 3000] [--trace 25] [--no-a11y]

Serves ``--site`` (benchmarks/portal_site.py; generated into a temporary folder when
omitted) with nginx and, in this process, imports d43, crawls (analysis workers as in a
scan), then evaluates the bundled rules (``--no-a11y``: without the ``a11y.*`` rules, to
tell their share apart). Prints RSS after each phase (and the peak), the workers' peaks,
and with ``--trace N`` the N largest Python allocation sites alive after the crawl
(tracemalloc: slow, and it counts Python objects only, not lxml/Lexbor native memory).
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def rss() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB."""
    out = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line[:5]] = int(line.split()[1]) / 1024
    return out["VmRSS"], out["VmHWM"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site")
    ap.add_argument("--pages", type=int, default=3000)
    ap.add_argument("--trace", type=int, default=0)
    ap.add_argument("--no-a11y", action="store_true")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--trim", action="store_true", help="malloc_trim(0) after the crawl (glibc): give freed heap back")
    ap.add_argument("--per-rule", action="store_true", help="evaluate rule by rule, RSS after each that grew it")
    a = ap.parse_args()

    def phase(name: str) -> None:
        cur, peak = rss()
        print(f"{name:28} RSS {cur:7.1f} MB  peak {peak:7.1f} MB  ({time.monotonic() - t0:6.1f} s)", flush=True)

    t0 = time.monotonic()
    phase("start")
    from benchmarks.portal_site import Nginx, generate

    with tempfile.TemporaryDirectory(prefix="d43-mem-") as tmp:
        site = a.site or tmp
        if not a.site:
            generate(site, a.pages)
        srv = Nginx(site).start()
        try:
            from datetime import UTC, datetime

            from checker.gathering import evaluate_gathered
            from checker.rules import load_rules
            from crawlers.crawl import crawl
            from crawlers.options import CrawlOptions

            rules = load_rules()
            if a.no_a11y:
                rules.rules = [r for r in rules.rules if not r.id.startswith("a11y.")]
            phase("imports + rules")
            opts = CrawlOptions(allow_private=True, delay=0.0, concurrency=a.concurrency, max_pages=a.pages, max_depth=1000,
                                render="never", timeout=30, portal_timeout=3600, max_query_variants=10**6,
                                max_on_demand=50, max_total_bytes=10**12)
            if a.trace:
                tracemalloc.start(3)
            snap = crawl(srv.url, opts)
            gc.collect()
            phase(f"crawl ({len(snap.pages)} pages)")
            if a.trim:
                import ctypes

                ctypes.CDLL("libc.so.6").malloc_trim(0)
                phase("malloc_trim")
            print(f"  analysis workers' peaks: {snap.notes.analysis_workers_peak_rss_mb}")
            if a.trace:
                top = tracemalloc.take_snapshot().statistics("traceback")
                total = sum(s.size for s in top)
                print(f"  Python objects alive after the crawl: {total / 2**20:.1f} MB; largest sites:")
                for s in top[: a.trace]:
                    print(f"  {s.size / 2**20:7.2f} MB {s.count:8} x  " + " <- ".join(
                        f"{Path(f.filename).name}:{f.lineno}" for f in s.traceback))
                tracemalloc.stop()
            if a.per_rule:
                from checker.evaluate import evaluate

                for rule in rules.rules:
                    before, cpu = rss()[0], time.process_time()
                    evaluate(snap, rules, level="department", now=datetime.now(UTC), settings={"max_fetches": 0},
                             only={rule.id})
                    cpu = time.process_time() - cpu
                    if rss()[0] - before >= 1 or cpu >= 1:
                        phase(f"  {rule.id} ({cpu:.1f} s CPU)")
            else:
                evaluate_gathered(snap, rules, level="department", now=datetime.now(UTC), settings={"max_fetches": 0})
            gc.collect()
            phase("evaluation")
        finally:
            srv.stop()


if __name__ == "__main__":
    main()
