"""CPU cost of the per-page analysis (:func:`crawlers.analysis.analyse`), and a golden check.

The analysis runs in the crawler's worker processes for every fetched HTML page; this runs
it in-process (no server, no worker) on real files and prints the CPU milliseconds a page::

    python -m benchmarks.bench_analysis [--site /tmp/perf-portal10k] [--pages 2000]

``--save REF`` writes every input's analysis (texts decompressed) to ``REF`` (a pickle; keep
it outside the repository), ``--check-against REF`` compares this code's analyses with it
field by field: a speed change must leave every Analysis equal. The inputs are the site's
pages (``--all`` for all of them, not only the first ``--pages``) and every ``.html``
fixture of the repository (legacy TCVN3/VNI pages, windows-1258, broken HTML, obfuscated
e-mail addresses …), each decoded under three Content-Types.
"""

from __future__ import annotations

import argparse
import glob
import os
import pickle
import sys
import time
from typing import Any

import lz4.block

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE_DIRS = ("tests/fixtures", "rules/fixtures", "checker/demo")
FIXTURE_TYPES = ("text/html", "text/html; charset=utf-8", "text/html; charset=iso-8859-1")
SITE_TYPE = "text/html; charset=utf-8"


def inputs(site: str, pages: int | None) -> list[tuple[str, bytes, str, str]]:
    """(key, body, content type, url) of every input: the site's pages, then the fixtures."""
    out = []
    files = sorted(glob.glob(os.path.join(site, "**", "*.html"), recursive=True))
    for f in files if pages is None else files[:pages]:
        with open(f, "rb") as fh:
            out.append((f, fh.read(), SITE_TYPE, "http://x/" + os.path.relpath(f, site)))
    for d in FIXTURE_DIRS:
        for f in sorted(glob.glob(os.path.join(ROOT, d, "**", "*.html"), recursive=True)):
            with open(f, "rb") as fh:
                body = fh.read()
            rel = os.path.relpath(f, ROOT)
            for ct in FIXTURE_TYPES:
                out.append((f"{rel}|{ct}", body, ct, "http://fixture.gov.vn/" + rel))
    return out


def comparable(a: Any) -> dict[str, Any]:
    """An Analysis as plain values, its texts decompressed (the compressed bytes may differ
    between equal texts)."""
    d = dict(vars(a))
    d["html_z"] = lz4.block.decompress(d["html_z"])
    d["visible_z"] = lz4.block.decompress(d["visible_z"])
    return d


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", default="/tmp/perf-portal10k")
    ap.add_argument("--pages", type=int, default=2000, help="site pages timed (and checked without --all)")
    ap.add_argument("--all", action="store_true", help="check every page of the site")
    ap.add_argument("--save", metavar="REF")
    ap.add_argument("--check-against", metavar="REF")
    ap.add_argument("--repeat", type=int, default=1, help="timing passes (best is printed)")
    args = ap.parse_args()
    sys.path.insert(0, ROOT)
    import checker.page_facts  # noqa: F401  (registers the page facts, as a worker does)
    from crawlers.analysis import analyse

    site = [(b, u) for _, b, _, u in inputs(args.site, args.pages)[: args.pages]]
    best = float("inf")
    for _ in range(args.repeat):
        t = time.process_time()
        for b, u in site:
            pickle.dumps(analyse(b, SITE_TYPE, u, u))
        best = min(best, (time.process_time() - t) / max(1, len(site)) * 1e3)
    print(f"ms/page {best:.3f} ({len(site)} pages of {args.site})")
    if not (args.save or args.check_against):
        return
    results = {}
    for key, body, ct, url in inputs(args.site, None if args.all else args.pages):
        results[key] = comparable(analyse(body, ct, url, url))
    if args.save:
        with open(args.save, "wb") as fh:
            pickle.dump(results, fh, protocol=pickle.HIGHEST_PROTOCOL)
        print(f"saved {len(results)} analyses to {args.save}")
    if args.check_against:
        with open(args.check_against, "rb") as fh:
            ref = pickle.load(fh)
        missing = sorted(set(results) - set(ref))
        diffs = [(k, f) for k in sorted(set(ref) & set(results)) for f in ref[k] if ref[k][f] != results[k].get(f)]
        for k, f in diffs[:20]:
            print(f"DIFF {k} {f}: {str(ref[k][f])[:200]!r} != {str(results[k].get(f))[:200]!r}")
        print(f"checked {len(set(ref) & set(results))} analyses: {len(diffs)} differences, "
              f"{len(missing)} inputs not in {args.check_against}")
        if diffs or missing:
            sys.exit(1)


if __name__ == "__main__":
    main()
