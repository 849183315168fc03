"""Benchmark: seconds per sampled page for axe-core (rule a11y.wcag) in Chromium.

Target (issue 6): under 3 s per sampled page on this machine, load included. Two corpora:

1. the bundled demo province (checker/demo/province): the pages ``a11y.wcag`` samples from
   each portal (home + section pages, ``sample`` from rules/decree43.yaml);
2. generated "heavy" portal pages shaped like real provincial portals: a mega-menu of
   ~300 links, 80 news items with thumbnails (half without alt), tables, a search form,
   sidebar banners, low-contrast footer text (about 4 000 elements; the size is printed).

Prints one line per page (load s, axe s, violations) and a summary; exit status 0 when the
slowest page is under the budget, 1 otherwise (so CI can run it, but it is not a test).

    /work/venv/bin/python benchmarks/bench_axe.py [--heavy 5] [--budget 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.demo.server import PortalServer  # noqa: E402
from checker.registry import Context  # noqa: E402
from crawlers.a11y.axe import axe_version, block_media, run_axe  # noqa: E402
from crawlers.browser import BrowserSession  # noqa: E402
from crawlers.options import CrawlOptions  # noqa: E402

HEAVY_HOST = "heavy.hoaan.gov.vn"
WORDS = ("ủy ban nhân dân tỉnh triển khai kế hoạch chuyển đổi số năm 2026 hội nghị tổng kết công tác "
         "phòng chống thiên tai đầu tư công xây dựng nông thôn mới cải cách hành chính dịch vụ công").split()


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def heavy_page(seed: int) -> str:
    rng = random.Random(seed)
    menu = "".join(
        f'<li class="menu-item"><a href="/muc-{i}">{_text(rng, 3)}</a><ul class="sub">'
        + "".join(f'<li><a href="/muc-{i}/{j}">{_text(rng, 4)}</a></li>' for j in range(14)) + "</ul></li>"
        for i in range(20))
    news = "".join(
        f'<div class="news-item"><a href="/tin-tuc/{seed}-{i}"><img src="/anh/{i}.jpg" width="120" height="80"'
        + ("" if i % 2 else f' alt="{_text(rng, 5)}"') + f'></a><h3><a href="/tin-tuc/{seed}-{i}">{_text(rng, 12)}</a></h3>'
        f'<p class="date">2{i % 9}/11/2026</p><p>{_text(rng, 40)}</p></div>' for i in range(80))
    table = "<table class='van-ban'><tr><th>Số hiệu</th><th>Trích yếu</th><th>Ngày ban hành</th></tr>" + "".join(
        f"<tr><td>{i}/QĐ-UBND</td><td>{_text(rng, 15)}</td><td>0{i % 9 + 1}/11/2026</td></tr>" for i in range(60)) + "</table>"
    banners = "".join(f'<a href="https://lienket{i}.gov.vn/"><img src="/banner/{i}.png" width="220" height="60"></a>' for i in range(25))
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử tỉnh Hòa An</title>
<style>body{{font-family:Arial;font-size:14px}} .sub{{display:none}} .footer p{{color:#aaa}} .date{{color:#999}}</style></head>
<body><div class="header"><img src="/logo.png" width="400" height="90"><form action="/tim-kiem"><input name="q" type="text"><input type="submit" value="Tìm"></form></div>
<ul class="nav mega-menu">{menu}</ul>
<div class="main"><div class="left">{news}</div><div class="right">{banners}</div>{table}</div>
<div class="footer"><p>{_text(rng, 30)}</p><p>Địa chỉ: 01 Hùng Vương, thành phố Hòa An</p></div>
</body></html>"""


def bench(session: BrowserSession, urls: list[str], label: str, tags: list[str]) -> list[float]:
    """As rule a11y.wcag does it: one tab per portal, navigated from page to page, images,
    media and fonts not downloaded. Returns wall seconds (load + axe) per page."""
    out = []
    tab = session.new_page()
    block_media(tab)
    for url in urls:
        r = run_axe(tab, url, tags=tags, timeout=30)
        total = r["load_seconds"] + r["axe_seconds"]
        out.append(total)
        state = r["error"] or f"{len(r['violations'])} violated rules, {sum(v['count'] for v in r['violations'])} elements"
        print(f"  {label:6} load {r['load_seconds']:5.2f} s  axe {r['axe_seconds']:5.2f} s  total {total:5.2f} s  {state}  {url}")
    tab.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--heavy", type=int, default=5, help="generated heavy pages (default 5)")
    ap.add_argument("--sample", type=int, default=None, help="pages per demo portal (default: the rule's sample)")
    ap.add_argument("--budget", type=float, default=3.0, help="seconds per page (default 3)")
    args = ap.parse_args()

    from checker.a11y.sample import sample_pages
    from checker.rules import load_rules
    from crawlers.crawl import crawl

    rule = load_rules().get("a11y.wcag")
    axe_opts = rule.check["axe"]
    sample = args.sample or int(axe_opts.get("sample", 5))
    tags = list(axe_opts.get("tags") or ["wcag2a", "wcag2aa"])
    import os

    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min)")
    print(f"axe-core {axe_version()}, tags {', '.join(tags)}, sample {sample} pages per portal, budget {args.budget:g} s/page")

    all_seconds: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        heavy_dir = Path(tmp) / HEAVY_HOST
        heavy_dir.mkdir()
        for i in range(args.heavy):
            (heavy_dir / ("index.html" if i == 0 else f"trang-{i}.html")).write_text(heavy_page(i), encoding="utf-8")
        size = (heavy_dir / "index.html").stat().st_size
        with PortalServer(ROOT / "checker" / "demo" / "province") as demo, PortalServer(Path(tmp)) as heavy:
            resolve = demo.resolve_entries() + heavy.resolve_entries()
            options = CrawlOptions(resolve=resolve, delay=0.0, concurrency=4, timeout=10, render="never", max_pages=40)
            t0 = time.monotonic()
            session = BrowserSession(options)
            if not session.available:
                print(f"no browser: {session.reason}")
                return 2
            print(f"browser start {time.monotonic() - t0:.2f} s (once per scan, not counted per page)")
            try:
                now = datetime.now(UTC)
                for host in ("hoaan.gov.vn", "sxd.hoaan.gov.vn", "binhson.hoaan.gov.vn"):
                    snap = crawl(demo.url(host), options)
                    ctx = Context(snapshot=snap, level="province", now=now)
                    urls = [p.final_url or p.url for p in sample_pages(ctx, sample)]
                    print(f"demo portal {host}: {len(urls)} sampled pages")
                    all_seconds += bench(session, urls, "demo", tags)
                print(f"generated heavy pages: {args.heavy} × {size / 1024:.0f} KB")
                heavy_urls = [heavy.url(HEAVY_HOST, "/" if i == 0 else f"/trang-{i}") for i in range(args.heavy)]
                all_seconds += bench(session, heavy_urls, "heavy", tags)
            finally:
                session.close()
    wall = all_seconds
    worst = max(wall)
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.1f}")
    print(f"pages {len(wall)}: wall time per sampled page mean {statistics.fmean(wall):.2f} s, "
          f"median {statistics.median(wall):.2f} s, max {worst:.2f} s (budget {args.budget:g} s): "
          f"{'OK' if worst < args.budget else 'OVER BUDGET'}")
    for label, lo, hi in (("demo", 0, len(wall) - args.heavy), ("heavy", len(wall) - args.heavy, len(wall))):
        part = wall[lo:hi]
        if part:
            print(f"  {label}: mean {statistics.fmean(part):.2f} s, max {max(part):.2f} s over {len(part)} pages")
    return 0 if worst < args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
