"""URL normalisation, de-duplication keys and trap detection (pure functions)."""

from __future__ import annotations

from crawlers.urls import TrapGuard, dedup_key, is_document, normalize


def test_normalize():
    assert normalize("HTTP://Portal.GOV.vn:80/a/./b/../c?x=1#frag") == "http://portal.gov.vn/a/c?x=1"
    assert normalize("https://portal.gov.vn:443") == "https://portal.gov.vn/"
    assert normalize("http://portal.gov.vn:8080/x") == "http://portal.gov.vn:8080/x"
    assert normalize("http://p.gov.vn/tin tức?q=lãnh đạo") == "http://p.gov.vn/tin%20t%E1%BB%A9c?q=l%C3%A3nh+%C4%91%E1%BA%A1o"
    assert normalize("http://p.gov.vn/a;jsessionid=ABC?PHPSESSID=1&id=2") == "http://p.gov.vn/a?id=2"
    assert normalize("http://p.gov.vn/(S(abc123))/page.aspx") == "http://p.gov.vn/page.aspx"


def test_dedup_key():
    assert dedup_key("http://p.gov.vn/a?y=2&x=1") == dedup_key("http://www.p.gov.vn/a?x=1&y=2")
    assert dedup_key("http://p.gov.vn/b/") == dedup_key("http://p.gov.vn/b/index.html") == dedup_key("http://p.gov.vn/b")
    assert dedup_key("http://p.gov.vn/b") != dedup_key("http://p.gov.vn/c")
    assert is_document("http://p.gov.vn/files/QD-12.PDF") and not is_document("http://p.gov.vn/pdf-viewer")


def test_trap_guard():
    g = TrapGuard(max_query_variants=5, max_calendar_pages=3)
    assert all(g.allow(f"http://p/lich?month={m}&year=2024") for m in range(1, 4))
    assert not g.allow("http://p/lich?month=4&year=2024")  # calendar pattern budget
    assert not g.allow("http://p/events?date=2999-01-01")  # far-future date
    assert not g.allow("http://p/calendar/1850/01/")  # far-past year in a calendar path
    assert sum(g.allow(f"http://p/tin-tuc?page={i}") for i in range(10)) == 5  # query variants per path
    assert g.allow("http://p/tin-tuc/bai-viet-2024-1.html") and g.allow("http://p/tin-tuc/bai-viet-2024-2.html")
    assert not g.allow("http://p/a/b/a/b/a/b/c")  # repeating path
    assert not g.allow("http://p/" + "x" * 500)
    assert g.skipped == 10 and len(g.examples) == 5
