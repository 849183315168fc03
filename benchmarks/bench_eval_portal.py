"""Evaluation cost on a real crawl: per-rule CPU of the rules judged after the crawl.

The nginx benchmark's evaluation runs after a crawl of thousands of pages, single-threaded;
bench_eval.py measures it on a synthetic portal built in memory. This one measures it on a
snapshot of a real crawl, replayed from a WARC so that the crawl is made once:

    # once: serve a generated portal folder on 127.0.0.1, crawl it, archive the crawl
    PYTHONPATH=. .venv/bin/python benchmarks/bench_eval_portal.py crawl /tmp/perf-portal10k /tmp/portal.warc.gz
    # every timing run: replay, analyse every page as the crawl's workers do (not timed),
    # then time the evaluation alone; --dump writes every rule's full result for comparison
    PYTHONPATH=. .venv/bin/python benchmarks/bench_eval_portal.py time /tmp/portal.warc.gz [--dump out.json] [--repeat 2]

The replayed pages are analysed (crawlers.analysis.analyse, then Page.adopt) before the
clock starts, as the live crawl's worker processes do: the timed part is what the crawler's
process spends judging after the crawl.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import datetime

from checker.evaluate import evaluate_rule
from checker.registry import Context
from checker.rules import load_rules
from crawlers.snapshot import Snapshot


def crawl(root: str, archive: str, pages: int) -> None:
    """Crawl ``root`` served by ``python -m http.server`` on 127.0.0.1 once, into ``archive``."""
    from benchmarks.portal_site import free_port
    from checker.pipeline import check_portal
    from crawlers.options import CrawlOptions

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", root],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        opts = CrawlOptions(allow_private=True, delay=0.0, max_pages=pages, max_depth=1000, render="never", timeout=30,
                            portal_timeout=3600, max_query_variants=10**6, max_on_demand=50, max_total_bytes=10**12,
                            archive=archive)
        t0 = time.monotonic()
        result = check_portal(f"http://127.0.0.1:{port}/", "department", rules=load_rules(), options=opts,
                              settings={"max_fetches": 0})
        print(f"crawled {result.pages_fetched} pages in {time.monotonic() - t0:.1f} s into {archive}")
    finally:
        server.terminate()
        server.wait()


def replay(archive: str, analyses: str | None = None) -> Snapshot:
    """The archived snapshot with every HTML page analysed as the crawl's workers analyse it.
    ``analyses``: a pickle of the analyses, written on the first run and read on later ones
    (saves ~15 s a run while only checker/ changes; delete it when crawlers/ changes)."""
    from crawlers.analysis import analyse
    from crawlers.archive import load_archive

    snap = load_archive(archive)
    done: dict = {}
    if analyses and os.path.exists(analyses):
        with open(analyses, "rb") as fh:
            done = pickle.load(fh)  # noqa: S301 (a file this script wrote)
    fresh = not done
    for page in snap.pages.values():
        if page.ok and page.text:
            a = done.get(page.url) if not fresh else None
            if a is None:
                a = done[page.url] = analyse(page.text.encode("utf-8"), "text/html; charset=utf-8", page.url,
                                             page.final_url)
            page.adopt(a)
    if analyses and fresh:
        with open(analyses, "wb") as fh:
            pickle.dump(done, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return snap


def time_rules(snap: Snapshot, level: str) -> tuple[dict[str, float], list[dict]]:
    """CPU seconds of each rule (in rule-set order, sharing one Context as evaluate() does)
    and every rule's full result."""
    rules = load_rules()
    now = datetime.fromisoformat(snap.as_of)
    portal = snap.judged.get("portal")
    ctx = Context(snapshot=snap, level=level, now=now, portal=dict(portal) if isinstance(portal, dict) else {},
                  settings={"browser": None}, vocabulary=rules.vocabulary, top=level == rules.regime.top_level)
    cpu: dict[str, float] = {}
    out = []
    for rule in rules.rules:
        t0 = time.process_time()
        res = evaluate_rule(rule, ctx)
        cpu[rule.id] = time.process_time() - t0
        out.append(asdict(res))
    return cpu, out


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("crawl")
    c.add_argument("root")
    c.add_argument("archive")
    c.add_argument("--pages", type=int, default=10000)
    t = sub.add_parser("time")
    t.add_argument("archive")
    t.add_argument("--dump")
    t.add_argument("--level", default="department")
    t.add_argument("--top", type=int, default=12)
    t.add_argument("--analyses", help="pickle of the pages' analyses (made if missing)")
    t.add_argument("--repeat", type=int, default=1, help="fresh replays timed one after the other")
    a = ap.parse_args()
    if a.cmd == "crawl":
        crawl(a.root, a.archive, a.pages)
        return
    for _ in range(a.repeat):
        snap = replay(a.archive, a.analyses)
        n = sum(1 for _ in snap.html_pages())
        cpu, results = time_rules(snap, a.level)
        total = sum(cpu.values())
        print(f"pages: {n}  evaluation CPU: {total:.3f} s  ({1000 * total / max(n, 1):.3f} ms/page)")
        for rid, s in sorted(cpu.items(), key=lambda kv: -kv[1])[:a.top]:
            print(f"  {rid:40s} {s:7.3f} s  {100 * s / total:5.1f} %")
        if a.dump:
            with open(a.dump, "w", encoding="utf-8") as fh:
                json.dump(results, fh, ensure_ascii=False, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
