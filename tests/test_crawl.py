"""The crawler against real misbehaving servers on 127.0.0.1 (reached through --resolve)."""

from __future__ import annotations

import itertools
import time

import pytest
from servers import TestServer, big, drip, etagged, gzip_bomb, hang, html, page, redirect, status

from crawlers.crawl import crawl, retry_after_seconds
from crawlers.options import CrawlOptions

HOST = "portal.gov.vn"


def opts(srv: TestServer, **kw) -> CrawlOptions:
    base = dict(resolve=[srv.resolve(HOST)], delay=0.0, timeout=1.0, render="never", retries=1, backoff=0.05,
                max_pages=50, portal_timeout=20)
    base.update(kw)
    return CrawlOptions(**base)


def test_discovery_order_dedup_documents_progress():
    nav = [("/gioi-thieu", "Giới thiệu"), ("/tin-tuc", "Tin tức"), ("/so-do", "Sơ đồ cổng")]
    routes = {
        "/": html(page("Trang chủ", links=[("/a?y=2&x=1", "A"), ("/a?x=1&y=2#frag", "A again"), ("/b/", "B"),
                                          ("/b/index.html", "B index"), ("/files/ke-hoach.pdf", "Kế hoạch 2024"),
                                          ("/logo.png", "logo"), ("http://other.example/", "elsewhere")], nav=nav)),
        "/gioi-thieu": html(page("Giới thiệu", nav=nav)), "/tin-tuc": html(page("Tin tức", nav=nav)),
        "/so-do": html(page("Sơ đồ", nav=nav)), "/a": html(page("A", nav=nav)), "/b/": html(page("B", nav=nav)),
        "/files/ke-hoach.pdf": html(b"%PDF-1.4 " + b"0" * 5000, content_type="application/pdf"),
    }
    events = []
    with TestServer(routes) as srv:
        snap = crawl(srv.url(HOST), opts(srv, concurrency=1, workers=1, progress=lambda e, i: events.append((e, i))))
        got = [h.target for h in srv.hits if h.method == "GET" and h.target != "/robots.txt" and "sitemap" not in h.target]
        heads = [h.target for h in srv.hits if h.method == "HEAD"]
    # navigation links first, then the rest breadth-first
    assert got[0] == "/"
    assert set(got[1:4]) == {"/gioi-thieu", "/tin-tuc", "/so-do"}
    # de-duplicated: query order, fragments, index.html, trailing slash
    assert sorted(got[4:]) == ["/a?y=2&x=1", "/b/"]
    # the document is recorded with type and size from a HEAD, never downloaded
    assert "/files/ke-hoach.pdf" not in got and heads == ["/files/ke-hoach.pdf"]
    (doc,) = snap.documents
    assert doc.url.endswith("/files/ke-hoach.pdf") and doc.link_text == "Kế hoạch 2024"
    assert doc.content_type == "application/pdf" and doc.size == 5009 and doc.status == 200
    assert snap.home is not None and snap.home.ok and len(snap.pages) == 6
    assert [e for e, _ in events].count("page") == 6 and events[-1][0] == "done"
    assert events[0][1]["portal"] == srv.url(HOST) and "pages" in events[0][1] and "errors" in events[0][1]


def test_slow_drip_is_cut_by_the_page_time_limit_and_rest_is_crawled():
    routes = {"/": html(page("Home", links=[("/drip", "drip"), ("/ok", "ok")])), "/drip": drip(total=100_000, interval=0.1),
              "/ok": html(page("OK"))}
    with TestServer(routes) as srv:
        t0 = time.monotonic()
        snap = crawl(srv.url(HOST), opts(srv, timeout=1.0, page_timeout=1.5))
        took = time.monotonic() - t0
    assert took < 6
    p = snap.get(srv.url(HOST, "/drip"), fetch=False)
    assert p.status is None and "time limit" in p.error
    assert snap.get(srv.url(HOST, "/ok"), fetch=False).ok
    assert any("/drip" in e for e in snap.errors)


def test_hanging_server_times_out_with_bounded_retries():
    routes = {"/": html(page("Home", links=[("/hang", "hang"), ("/ok", "ok")])), "/hang": hang(30), "/ok": html(page("OK"))}
    with TestServer(routes) as srv:
        t0 = time.monotonic()
        snap = crawl(srv.url(HOST), opts(srv, timeout=0.5, retries=1))
        took = time.monotonic() - t0
        tries = len(srv.requests_for("/hang"))
    assert took < 5
    p = snap.get(srv.url(HOST, "/hang"), fetch=False)
    assert p.status is None and "timeout (read)" in p.error
    assert tries == 2  # one retry for a transient failure, then give up
    assert snap.get(srv.url(HOST, "/ok"), fetch=False).ok


def test_503_retry_after_is_honoured_and_capped():
    routes = {"/": html(page("Home", links=[("/busy", "busy"), ("/down", "down"), ("/broken", "broken")])),
              "/busy": status(503, {"Retry-After": "1"}, times=1, then=html(page("Busy page"))),
              "/down": status(503, {"Retry-After": "3600"}),
              "/broken": status(500)}
    with TestServer(routes) as srv:
        snap = crawl(srv.url(HOST), opts(srv, retries=2, max_retry_after=5))
        busy = srv.requests_for("/busy")
        down, broken = len(srv.requests_for("/down")), len(srv.requests_for("/broken"))
    assert len(busy) == 2 and busy[1].t - busy[0].t >= 0.95  # waited as asked
    assert snap.get(srv.url(HOST, "/busy"), fetch=False).ok
    d = snap.get(srv.url(HOST, "/down"), fetch=False)
    assert down == 1 and d.status == 503 and "above the cap" in d.error  # 1 hour: not waited for
    assert broken == 3 and snap.get(srv.url(HOST, "/broken"), fetch=False).status == 500  # 2 retries, backoff


def test_retry_after_parsing():
    assert retry_after_seconds("7") == 7
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_redirect_loop_and_too_many_redirects():
    routes = {"/": html(page("Home", links=[("/loop1", "l"), ("/r0", "r"), ("/ok", "ok")])),
              "/loop1": redirect("/loop2"), "/loop2": redirect("/loop1"),
              "/ok": html(page("OK"))}
    for i in range(15):
        routes[f"/r{i}"] = redirect(f"/r{i + 1}", 301)
    with TestServer(routes) as srv:
        snap = crawl(srv.url(HOST), opts(srv, max_redirects=5))
        assert len([h for h in srv.requests_for("/r") if h.target != "/robots.txt"]) == 6
    loop = snap.get(srv.url(HOST, "/loop1"), fetch=False)
    assert "redirect loop" in loop.error and "/loop2" in loop.error
    assert "too many redirects" in snap.get(srv.url(HOST, "/r0"), fetch=False).error
    assert snap.get(srv.url(HOST, "/ok"), fetch=False).ok


def test_gzip_bomb_is_capped_after_decompression():
    routes = {"/": html(page("Home", links=[("/bomb", "b"), ("/ok", "ok")])), "/bomb": gzip_bomb(200_000_000),
              "/ok": html(page("OK"))}
    with TestServer(routes) as srv:
        t0 = time.monotonic()
        snap = crawl(srv.url(HOST), opts(srv, max_bytes=1_000_000, timeout=5))
        took = time.monotonic() - t0
    p = snap.get(srv.url(HOST, "/bomb"), fetch=False)
    assert p.truncated and p.size <= 1_000_000 and p.status == 200
    assert took < 10
    assert snap.get(srv.url(HOST, "/ok"), fetch=False).ok


def test_50mb_body_is_cut_at_the_cap_without_downloading_it():
    routes = {"/": html(page("Home", links=[("/huge", "h"), ("/ok", "ok")])), "/huge": big(50_000_000),
              "/ok": html(page("OK"))}
    with TestServer(routes) as srv:
        snap = crawl(srv.url(HOST), opts(srv, max_bytes=1_000_000, timeout=5))
        time.sleep(0.2)
        sent = srv.bytes_sent
    p = snap.get(srv.url(HOST, "/huge"), fetch=False)
    assert p.truncated and p.size == 1_000_000 and p.ok
    assert sent < 10_000_000  # the connection was dropped, not drained
    assert snap.notes.bytes < 3_000_000
    assert snap.get(srv.url(HOST, "/ok"), fetch=False).ok


def test_charsets_wrong_and_missing_and_bom():
    from crawlers.decode import encode_cp1258, to_tcvn3

    vi = "Ủy ban nhân dân tỉnh Quảng Ngãi – Sở Xây dựng: lãnh đạo, chức năng nhiệm vụ, người dân."
    body = f"<html><head><title>t</title></head><body><p>{vi}</p></body></html>"
    routes = {
        "/": html(page("Home", links=[(f"/p{i}", str(i)) for i in range(1, 7)])),
        "/p1": html(body.encode("utf-8"), content_type="text/html; charset=iso-8859-1"),  # mislabelled UTF-8
        "/p2": html(encode_cp1258(body), content_type="text/html; charset=iso-8859-1"),  # mislabelled cp1258
        "/p3": html(encode_cp1258(body), content_type="text/html"),  # no charset at all
        "/p4": html(b"\xef\xbb\xbf" + body.encode("utf-8"), content_type="text/html; charset=windows-1252"),  # BOM wins
        "/p5": html(encode_cp1258(body.replace("<head>", '<head><meta charset="windows-1258">')),
                    content_type="text/html; charset=utf-8"),  # header wrong, meta right
        "/p6": html(to_tcvn3(body.replace("–", "-").replace("<head>", '<head><style>body{font-family:".VnTime"}</style>')).encode("latin-1"),
                    content_type="text/html"),  # TCVN3 legacy font page
    }
    with TestServer(routes) as srv:
        snap = crawl(srv.url(HOST), opts(srv))
    pages = {i: snap.get(srv.url(HOST, f"/p{i}"), fetch=False) for i in range(1, 7)}
    for i in range(1, 6):
        assert vi in pages[i].text, (i, pages[i].encoding, pages[i].text[:200])
        assert pages[i].legacy_encoding is None
    assert pages[1].encoding == "utf-8" and pages[1].declared_encoding == "cp1252"
    assert pages[2].encoding == "cp1258" and pages[3].encoding == "cp1258" and pages[3].declared_encoding is None
    assert pages[4].encoding == "utf-8" and pages[5].encoding == "cp1258"
    assert pages[6].legacy_encoding == "TCVN3" and "Quảng" not in pages[6].text


def test_infinite_calendar_is_bounded():
    def calendar(req):
        q = dict(p.split("=") for p in req.query.split("&")) if req.query else {"month": "1", "year": "2024"}
        m, y = int(q.get("month", 1)), int(q.get("year", 2024))
        nm, ny = (1, y + 1) if m == 12 else (m + 1, y)
        pm, py = (12, y - 1) if m == 1 else (m - 1, y)
        days = "".join(f'<a href="/lich?day={d}&month={m}&year={y}">{d}</a>' for d in range(1, 29))
        return 200, {"Content-Type": "text/html; charset=utf-8"}, (
            f'<html><body><a href="/lich?month={nm}&year={ny}">next</a><a href="/lich?month={pm}&year={py}">prev</a>'
            f'{days}</body></html>').encode()

    routes = {"/": html(page("Home", links=[("/lich", "Lịch"), ("/ok", "ok")])), "/lich": calendar,
              "/ok": html(page("OK"))}
    with TestServer(routes) as srv:
        snap = crawl(srv.url(HOST), opts(srv, max_pages=500, max_calendar_pages=10, max_query_variants=30))
        cal = len(srv.requests_for("/lich"))
    assert cal <= 31  # bounded by the trap budgets, not by max_pages
    assert snap.notes.traps_skipped > 0 and snap.notes.trap_examples
    assert snap.get(srv.url(HOST, "/ok"), fetch=False).ok
    assert snap.notes.budget != "pages"


def test_robots_disallow_and_crawl_delay_capped():
    robots = "User-agent: *\nDisallow: /private\nCrawl-delay: 100\n"
    routes = {"/robots.txt": html(robots, content_type="text/plain"),
              "/": html(page("Home", links=[("/private/x", "p"), ("/a", "a"), ("/b", "b")])),
              "/private/x": html(page("secret")), "/a": html(page("A")), "/b": html(page("B"))}
    with TestServer(routes) as srv:
        snap = crawl(srv.url(HOST), opts(srv, max_crawl_delay=0.3))
        pages = [h for h in srv.hits if h.target in ("/", "/a", "/b")]
        assert not srv.requests_for("/private")
    assert snap.notes.robots["status"] == "ok" and snap.notes.robots["crawl_delay"] == 0.3
    assert snap.notes.robots_skipped == 1
    gaps = [b.t - a.t for a, b in itertools.pairwise(pages)]
    assert len(gaps) == 2 and min(gaps) >= 0.27  # Crawl-delay honoured up to the cap


def test_robots_ignored_with_flag():
    routes = {"/robots.txt": html("User-agent: *\nDisallow: /\n", content_type="text/plain"),
              "/": html(page("Home", links=[("/a", "a")])), "/a": html(page("A"))}
    with TestServer(routes) as srv:
        snap = crawl(srv.url(HOST), opts(srv, respect_robots=False))
        assert not srv.requests_for("/robots.txt")
    assert snap.home.ok and snap.get(srv.url(HOST, "/a"), fetch=False).ok
    assert snap.notes.robots["status"] == "ignored"


@pytest.mark.parametrize("code,allowed", [(503, False), (404, True), (403, True)])
def test_robots_unreachable_policy(code, allowed):
    routes = {"/robots.txt": status(code), "/": html(page("Home"))}
    with TestServer(routes) as srv:
        snap = crawl(srv.url(HOST), opts(srv, retries=0))
    if allowed:
        assert snap.home.ok and snap.notes.robots["status"] == "missing"
    else:
        assert snap.home.status is None and "robots.txt unavailable" in snap.home.error
        assert snap.notes.robots["status"] == "unavailable"


def test_per_host_concurrency_limit():
    def slow(req):
        time.sleep(0.15)
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page("x").encode()

    routes = {"/": html(page("Home", links=[(f"/p{i}", str(i)) for i in range(12)])), "/p*": slow}
    with TestServer(routes) as srv:
        snap = crawl(srv.url(HOST), opts(srv, concurrency=2, workers=8))
        peak = srv.max_in_flight
    assert len(snap.pages) == 13 and peak == 2


def test_conditional_requests_make_a_rescan_cheap(tmp_path):
    text = page("Bài viết", text="Nội dung " * 2000)
    routes = {"/": etagged(page("Home", links=[(f"/p{i}", str(i)) for i in range(5)]).encode()),
              "/p*": etagged(text.encode(), etag='"p"')}
    with TestServer(routes) as srv:
        o = opts(srv, cache_dir=str(tmp_path / "cache"))
        first = crawl(srv.url(HOST), o)
        sent1 = srv.bytes_sent
        second = crawl(srv.url(HOST), o)
        sent2 = srv.bytes_sent - sent1
        conditional = [h for h in srv.hits[len(srv.hits) // 2:] if "if-none-match" in h.headers]
    assert second.notes.not_modified == 6 and len(conditional) == 6
    assert sent2 < 0.05 * sent1 and second.notes.bytes < 0.05 * first.notes.bytes
    for url, p in first.pages.items():
        q = second.pages[url]
        assert q.ok and q.text == p.text and q.status == 200


def test_a_rescan_revisits_the_pages_it_has_seen_when_the_budget_cuts_the_portal(tmp_path):
    """The home page's news list changes order between scans (the newest first); with a
    10-page budget the re-scan still takes the 9 articles it stored, each a 304."""
    text = page("Bài viết", text="Nội dung " * 500)
    home_calls = []

    def home(req):
        home_calls.append(1)
        order = list(range(30)) if len(home_calls) == 1 else list(range(29, -1, -1))
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page("Home", links=[(f"/p{i}", f"Tin {i}") for i in order]).encode()

    routes = {"/": home, "/p*": etagged(text.encode(), etag='"p"')}
    with TestServer(routes) as srv:
        o = opts(srv, cache_dir=str(tmp_path / "cache"), max_pages=10, concurrency=1, workers=1, sitemaps=False)
        first = crawl(srv.url(HOST), o)
        second = crawl(srv.url(HOST), o)
    def articles(snap):
        return {u for u in snap.pages if u.rsplit("/", 1)[-1].startswith("p")}

    assert len(articles(first)) == 9 and articles(second) == articles(first)
    assert second.notes.not_modified == 9


def test_page_and_depth_budgets():
    def chain(req):
        n = int(req.path[2:] or 0)
        return 200, {"Content-Type": "text/html"}, page(f"p{n}", links=[(f"/c{n + 1}", "next")]).encode()

    routes = {"/": html(page("Home", links=[("/c1", "c1")] + [(f"/w{i}", "w") for i in range(20)])),
              "/c*": chain, "/w*": html(page("w"))}
    with TestServer(routes) as srv:
        snap = crawl(srv.url(HOST), opts(srv, max_pages=8))
        assert len(snap.pages) == 8 and snap.notes.budget == "pages"
        snap = crawl(srv.url(HOST), opts(srv, max_pages=100, max_depth=3))
        assert snap.get(srv.url(HOST, "/c3"), fetch=False) is not None
        assert snap.get(srv.url(HOST, "/c4"), fetch=False) is None


def test_portal_time_budget_and_failing_host_circuit_breaker():
    routes = {"/": html(page("Home", links=[(f"/s{i}", str(i)) for i in range(40)])), "/s*": status(500)}
    with TestServer(routes) as srv:
        t0 = time.monotonic()
        snap = crawl(srv.url(HOST), opts(srv, retries=0, max_host_failures=4, max_delay=0.2))
        took = time.monotonic() - t0
        asked = len(srv.requests_for("/s"))
        assert took < 8 and asked <= 8  # given up after 4 consecutive failures (plus in-flight ones)
        assert snap.notes.hosts_given_up

    routes = {"/": html(page("Home", links=[(f"/h{i}", str(i)) for i in range(10)])), "/h*": hang(30)}
    with TestServer(routes) as srv:
        t0 = time.monotonic()
        snap = crawl(srv.url(HOST), opts(srv, timeout=5, portal_timeout=1.5, max_host_failures=100))
        took = time.monotonic() - t0
    assert took < 4 and snap.notes.budget == "time" and snap.home.ok
    assert any("time budget" in e for e in snap.errors)


def test_unreachable_portal_is_a_result_and_next_portal_is_fine():
    with TestServer({"/": html(page("Home"))}) as srv:
        port = srv.port
        good = opts(srv)
    # nothing listens on the port any more
    bad = CrawlOptions(resolve=[f"{HOST}:{port}:127.0.0.1"], timeout=1, retries=0, render="never", delay=0)
    snap = crawl(f"http://{HOST}:{port}/", bad)
    assert snap.home.status is None and snap.home.error and snap.errors
    with TestServer({"/": html(page("Home"))}) as srv:
        snap = crawl(srv.url(HOST), opts(srv))
    assert snap.home.ok and good is not None


def test_non_html_answer_is_recorded_as_document_and_sitemap_is_used():
    sm = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
          b'<url><loc>http://portal.gov.vn:{port}/only-in-sitemap</loc></url></urlset>')

    def sitemap(req):
        return 200, {"Content-Type": "application/xml"}, sm.replace(b"{port}", str(req.server.port).encode())

    routes = {"/": html(page("Home", links=[("/download?id=1", "Quyết định 12")])),
              "/download": html(b"%PDF-1.7 data", content_type="application/pdf"),
              "/sitemap.xml": sitemap, "/only-in-sitemap": html(page("Hidden"))}
    with TestServer(routes) as srv:
        snap = crawl(srv.url(HOST), opts(srv))
    assert snap.get(srv.url(HOST, "/only-in-sitemap"), fetch=False).ok
    assert snap.notes.sitemaps == [srv.url(HOST, "/sitemap.xml")]
    assert any(d.url.endswith("/download?id=1") and d.content_type == "" or "pdf" in d.content_type
               for d in snap.documents)
    p = snap.get(srv.url(HOST, "/download?id=1"), fetch=False)
    assert p.status == 200 and not p.ok and p.text == ""


def test_every_request_names_the_tool_and_robots_groups_for_it_apply():
    """The default user agent is the tool's ("d43/…", what it does), the same on every request,
    robots.txt and documents included; it names no regime (one tool, several decrees). A
    robots.txt group for "d43" is the one the crawler obeys."""
    robots = "User-agent: *\nDisallow:\n\nUser-agent: d43\nDisallow: /private\n"
    routes = {"/robots.txt": html(robots, content_type="text/plain"),
              "/": html(page("Trang chủ", links=[("/private/x", "p"), ("/a", "a"), ("/files/kh.pdf", "Kế hoạch")])),
              "/private/x": html(page("riêng")), "/a": html(page("A")),
              "/files/kh.pdf": html(b"%PDF-1.4 " + b"0" * 100, content_type="application/pdf")}
    ua = CrawlOptions().user_agent
    assert ua.startswith("d43/") and not any(w in ua.lower() for w in ("decree", "nghị định", "43/2011", "42/2022"))
    with TestServer(routes) as srv:
        crawl(srv.url(HOST), opts(srv))
        agents = {h.headers.get("User-Agent") or h.headers.get("user-agent") for h in srv.hits}
        targets = {h.target for h in srv.hits}
        assert not srv.requests_for("/private")
    assert agents == {ua} and {"/robots.txt", "/", "/a", "/files/kh.pdf"} <= targets
