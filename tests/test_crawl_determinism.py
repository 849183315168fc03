"""The same portal gives the same snapshot (issue 14, point 6).

A fixture portal on 127.0.0.1 answers every request after a random 0–80 ms pause, seeded
differently for each scan, so responses arrive in a different order each time. Crawled three
times with a page budget well below the site's size: which pages fill the budget, their
order, and every rule's verdict must be identical. Before the deterministic frontier the
budget was filled by whichever responses happened to arrive first.
"""

from __future__ import annotations

import random
import threading
import time
from datetime import UTC, datetime

import pytest
from servers import Request, TestServer, page

from checker.evaluate import evaluate
from checker.rules import load_rules
from crawlers.crawl import crawl
from crawlers.options import CrawlOptions

HOST = "stttt.danang.gov.vn"  # a department: links.units looks for a link to danang.gov.vn
SECTIONS = [("gioi-thieu", "Giới thiệu"), ("tin-tuc", "Tin tức"), ("lanh-dao", "Lãnh đạo"),
            ("van-ban", "Văn bản"), ("thu-tuc", "Thủ tục hành chính"), ("lien-he", "Liên hệ")]
ARTICLES = 19  # per section: 1 home + 6 sections + 6 x 19 articles = 121 pages
NAV = [(f"/{slug}", label) for slug, label in SECTIONS]


def _site() -> dict[str, str]:
    """Path -> HTML of a small portal: a menu on every page, sections listing articles,
    articles linking to neighbours in other sections (so discovery order matters)."""
    pages = {"/": page("Cổng thông tin điện tử Sở Thông tin", nav=NAV,
                       links=[(f"/{s}/bai-{i}", f"Bài {i}") for s, _ in SECTIONS[:2] for i in range(3)],
                       text="Trang chủ của cổng thông tin điện tử. Địa chỉ: 1 Lê Lợi. Điện thoại: 0236 3822 000.")}
    for k, (slug, label) in enumerate(SECTIONS):
        pages[f"/{slug}"] = page(label, nav=NAV, links=[(f"/{slug}/bai-{i}", f"{label} {i}") for i in range(ARTICLES)],
                                 text=f"Chuyên mục {label}.")
        for i in range(ARTICLES):
            other = SECTIONS[(k + 1 + i) % len(SECTIONS)][0]
            links = [(f"/{other}/bai-{(i * 7) % ARTICLES}", "Xem thêm"), (f"/{slug}/bai-{(i + 1) % ARTICLES}", "Tiếp")]
            if i == 9 and slug == "van-ban":  # one deep page only: whether a verdict sees it
                links.append(("https://danang.gov.vn/", "Cổng thông tin điện tử thành phố"))  # depends on the budget
            pages[f"/{slug}/bai-{i}"] = page(f"{label} — bài {i}", nav=NAV, links=links,
                                             text=f"Nội dung bài {i} của chuyên mục {label}. " * 12)
    return pages


def _server(seed: int) -> TestServer:
    rng = random.Random(seed)
    lock = threading.Lock()
    bodies = {path: html.encode("utf-8") for path, html in _site().items()}

    def handler(req: Request):
        with lock:
            pause = rng.uniform(0.0, 0.08)
        time.sleep(pause)
        body = bodies.get(req.path.rstrip("/") or "/")
        if body is None:
            return 404, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>not found</body></html>"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, body

    return TestServer({"/*": handler})


@pytest.fixture
def no_browser(monkeypatch):
    monkeypatch.setenv("D43_NO_BROWSER", "1")


def test_same_portal_same_pages_and_verdicts_under_random_delays(no_browser):
    assert len(_site()) > 3 * 40
    rules = load_rules()
    now = datetime(2025, 6, 1, tzinfo=UTC)
    seen: list[tuple[list[str], dict[str, str]]] = []
    base_seed = time.time_ns()
    for run in range(3):
        with _server(base_seed + run) as srv:
            opts = CrawlOptions(resolve=[srv.resolve(HOST)], delay=0.0, timeout=5.0, render="never", concurrency=4,
                                max_pages=40, portal_timeout=120, sitemaps=False, max_on_demand=20)
            snap = crawl(srv.url(HOST), opts)
            try:
                root = srv.url(HOST).rstrip("/")  # the port differs from run to run
                urls = [u.removeprefix(root) for u in snap.pages]
                verdicts = {r.rule: r.status for r in evaluate(snap, rules, level="department", now=now)}
            finally:
                snap.close()
        assert len(urls) == 40 and urls[0] == "/"
        seen.append((urls, verdicts))
    first_urls, first_verdicts = seen[0]
    for urls, verdicts in seen[1:]:
        assert urls == first_urls, "the pages that fill the budget depend on response timing"
        assert verdicts == first_verdicts
