"""Evaluation cost: CPU time of the full rule set per page (issue 2 target: < 5 ms/page).

Builds a synthetic department portal of N typical pages in memory (≈50 KB each: a mega
menu of ~45 links, ~30 sidebar/news links, a Vietnamese article, a footer with contacts),
then measures the CPU time (time.process_time) of parsing + evaluating every rule of the
bundled set on it, excluding fetches (the snapshot has no fetcher: on-demand fetches are
not made). Prints ms per page. Run:  .venv/bin/python benchmarks/bench_eval.py [N]
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, datetime

from checker.evaluate import evaluate
from checker.rules import load_rules
from crawlers.snapshot import Page, Snapshot

MENU = [("Giới thiệu", "gioi-thieu"), ("Cơ cấu tổ chức", "gioi-thieu/co-cau-to-chuc"),
        ("Chức năng nhiệm vụ", "gioi-thieu/chuc-nang-nhiem-vu"), ("Lãnh đạo Sở", "gioi-thieu/lanh-dao"),
        ("Lịch sử hình thành", "gioi-thieu/lich-su"), ("Tin tức - Sự kiện", "tin-tuc"),
        ("Chỉ đạo điều hành", "chi-dao-dieu-hanh"), ("Lịch công tác", "lich-cong-tac"),
        ("Văn bản pháp luật", "van-ban"), ("Quy hoạch - Kế hoạch", "quy-hoach-ke-hoach"),
        ("Dự án - Đấu thầu", "dau-thau"), ("Lấy ý kiến dự thảo", "du-thao"), ("Hỏi đáp", "hoi-dap"),
        ("Thống kê", "thong-ke"), ("Liên hệ", "lien-he"), ("Sơ đồ cổng", "so-do-cong"),
        ("Dịch vụ công", "dich-vu-cong"), ("Phổ biến pháp luật", "pho-bien-phap-luat"),
        ("Khen thưởng", "thi-dua-khen-thuong"), ("Trả lời kiến nghị", "tra-loi-kien-nghi")]
WORDS = ("Sở Xây dựng tỉnh tổ chức hội nghị triển khai kế hoạch năm về công tác quản lý nhà nước "
         "trong lĩnh vực quy hoạch đô thị phát triển hạ tầng kỹ thuật nhà ở thị trường bất động sản "
         "cán bộ công chức viên chức thực hiện nhiệm vụ được giao đảm bảo tiến độ chất lượng").split()


# Real portal pages carry tens of KB of inline CSS and script (CMS themes, analytics,
# menus); the parser must skip them, so they belong in a realistic page.
STYLE = "".join(f".c{k} .menu li a:hover{{{{color:#{k:06x};padding:{k % 9}px}}}}\n" for k in range(300))
SCRIPT = "".join(f"function f{k}(a,b){{{{return document.querySelectorAll('.m{k}').length+a*b;}}}}\n" for k in range(180))


def article(rng: random.Random, words: int) -> str:
    paras = []
    for _ in range(max(1, words // 60)):
        paras.append("<p>" + " ".join(rng.choice(WORDS) for _ in range(60)) + ".</p>")
    return "\n".join(paras)


def page_html(rng: random.Random, i: int, n: int) -> str:
    menu = "".join(f'<li><a href="/{slug}">{label}</a><ul>' +
                   "".join(f'<li><a href="/{slug}/muc-{k}">{label} mục {k}</a></li>' for k in range(2)) +
                   "</ul></li>" for label, slug in MENU)
    news = "".join(f'<li><a href="/tin-tuc/bai-{rng.randrange(n)}.html">{" ".join(rng.choice(WORDS) for _ in range(9))}</a>'
                   f' <span class="date">{rng.randint(1, 28):02d}/{rng.randint(1, 11):02d}/2026</span></li>' for _ in range(30))
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Bài {i} - Sở Xây dựng</title>
<meta name="DC.title" content="Bài {i}"><meta name="DC.creator" content="Sở Xây dựng">
<style>{STYLE}</style></head><body>
<header><div class="logo"><img src="/logo.png" alt="Sở Xây dựng tỉnh Hòa An"></div>
<form action="/tim-kiem" method="get"><input name="keyword" aria-label="Tìm kiếm"><button>Tìm</button></form></header>
<nav class="mainmenu"><ul class="menu">{menu}</ul></nav>
<div class="container"><main id="content"><h1>Bài {i}: {" ".join(rng.choice(WORDS) for _ in range(10))}</h1>
<div class="meta">Ngày đăng: {rng.randint(1, 28):02d}/11/2026 | Tác giả: Văn phòng Sở</div>
{article(rng, 1500)}
</main><aside class="sidebar"><h2>Tin mới</h2><ul>{news}</ul></aside></div>
<footer><p>Cơ quan chủ quản: Sở Xây dựng tỉnh Hòa An. Địa chỉ: 12 Lê Lợi, TP Hòa An.
Điện thoại: 0255 3822 123 - Fax: 0255 3822 124 - Email: sxd@hoaan.gov.vn</p>
<a href="http://hoaan.gov.vn/">Cổng TTĐT tỉnh</a> <a href="https://dichvucong.gov.vn/">Dịch vụ công</a></footer>
<script>{SCRIPT}</script></body></html>"""


def build(n: int) -> Snapshot:
    rng = random.Random(43)
    snap = Snapshot(start_url="http://sxd.hoaan.gov.vn/")
    urls = ["http://sxd.hoaan.gov.vn/"] + [f"http://sxd.hoaan.gov.vn/{s}" for _, s in MENU]
    urls += [f"http://sxd.hoaan.gov.vn/tin-tuc/bai-{k}.html" for k in range(n - len(urls))]
    for i, url in enumerate(urls[:n]):
        snap.add(Page(url=url, status=200, text=page_html(rng, i, n), content_type="text/html; charset=utf-8",
                      encoding="utf-8", declared_encoding="utf-8"))
    return snap


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rules = load_rules()
    snap = build(n)
    size = sum(len(p.text.encode()) for p in snap.pages.values()) / n
    links = sum(len(p.links) for p in list(snap.pages.values())[:5]) / 5
    for p in snap.pages.values():  # fresh pages: parsing must be counted
        p.__dict__.pop("links", None)
    now = datetime(2026, 11, 22, tzinfo=UTC)
    t0, w0 = time.process_time(), time.perf_counter()
    results = evaluate(snap, rules, level="department", now=now, settings={})
    cpu, wall = time.process_time() - t0, time.perf_counter() - w0
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    print(f"pages: {n}  avg page: {size / 1024:.1f} KB  links/page: {links:.0f}  rules: {len(rules.rules)}")
    print(f"CPU: {cpu:.3f} s  wall: {wall:.3f} s  =>  {1000 * cpu / n:.2f} ms CPU per page (target < 5 ms)")
    print("verdicts:", counts)


if __name__ == "__main__":
    main()
