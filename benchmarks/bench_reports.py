"""Benchmark: render every report output for a synthetic 60-portal × 40-rule province.

Target (issue 4): all outputs in under 10 s. Prints per-output and total seconds.

    /work/venv/bin/python benchmarks/bench_reports.py [--portals 60] [--rules 40] [--lang vi] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from checker.sample_results import synthetic_results
from reports import html, junit, tabular, write_all

TARGET_S = 10.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--portals", type=int, default=60)
    ap.add_argument("--rules", type=int, default=40)
    ap.add_argument("--lang", default="vi")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    results = synthetic_results(args.portals, args.rules)
    previous = synthetic_results(args.portals, args.rules, seed=1)
    history = {p.id: [(f"2026-{m:02d}-01", 50.0 + m) for m in range(1, 11)] for p in results.portals}
    n_ev = sum(len(r.evidence) for p in results.portals for r in p.results)
    print(f"{args.portals} portals × {args.rules} rules, {n_ev} evidence items, lang={args.lang}")

    totals = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            out = Path(tmp) / f"run{i}"
            t0 = time.perf_counter()
            files = write_all(results, out, lang=args.lang, previous=previous, history=history)
            totals.append(time.perf_counter() - t0)
        size = sum(f.stat().st_size for f in files)
        print(f"write_all: {len(files)} files, {size / 1e6:.1f} MB")

        parts = {
            "index.html": lambda: html.render_dashboard(results, args.lang, previous, history),
            "portal pages": lambda: [html.render_portal(results, p, args.lang) for p in results.portals],
            "summary.html": lambda: html.render_summary(results, args.lang),
            "junit.xml": lambda: junit.write(results, Path(tmp) / "j.xml", args.lang),
            "results.csv": lambda: tabular.write_csv(results, Path(tmp) / "r.csv", args.lang),
            "results.xlsx": lambda: tabular.write_xlsx(results, Path(tmp) / "r.xlsx", args.lang),
            "results.json": lambda: results.write(Path(tmp) / "r.json"),
        }
        for name, fn in parts.items():
            t0 = time.perf_counter()
            fn()
            print(f"  {name:<14} {time.perf_counter() - t0:6.2f} s")

    best, worst = min(totals), max(totals)
    verdict = "OK" if worst < TARGET_S else "TOO SLOW"
    print(f"all outputs: best {best:.2f} s, worst {worst:.2f} s over {args.repeat} runs "
          f"(target < {TARGET_S:.0f} s): {verdict}")


if __name__ == "__main__":
    main()
