"""Browser rendering in real Chromium: JavaScript-built menus, address policy, time limits."""

from __future__ import annotations

import time
from datetime import UTC

import pytest
from servers import TestServer, hang, html, page

from crawlers.browser import BrowserSession
from crawlers.crawl import crawl
from crawlers.options import CrawlOptions

HOST = "portal.gov.vn"

JS_HOME = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng TTĐT</title></head>
<body><header><div id="mainmenu" class="menu"></div></header><main><p>Chào mừng</p></main>
<script>
  var items = [["/gioi-thieu", "Giới thiệu"], ["/tin-tuc", "Tin tức"], ["/lien-he", "Liên hệ"], ["/so-do", "Sơ đồ cổng"]];
  var ul = document.createElement("ul");
  items.forEach(function (it) { var a = document.createElement("a"); a.href = it[0]; a.textContent = it[1];
    var li = document.createElement("li"); li.appendChild(a); ul.appendChild(li); });
  document.getElementById("mainmenu").appendChild(ul);
</script></body></html>"""


def routes():
    r = {"/": html(JS_HOME)}
    for p in ("/gioi-thieu", "/tin-tuc", "/lien-he", "/so-do"):
        r[p] = html(page(p.strip("/"), text="nội dung"))
    return r


def opts(srv, **kw):
    base = dict(resolve=[srv.resolve(HOST)], delay=0.0, timeout=3.0, render="auto", max_pages=20, browser_wait_ms=100)
    base.update(kw)
    return CrawlOptions(**base)


@pytest.mark.browser
def test_js_menu_is_rendered_in_auto_mode_and_not_in_never():
    with TestServer(routes()) as srv:
        snap = crawl(srv.url(HOST), opts(srv))
        snap.close()
        assert snap.home.rendered and snap.notes.rendered_pages == 1  # only the home needed it
        assert "menu" in snap.notes.render.reason or "links" in snap.notes.render.reason
        assert {lnk.text for lnk in snap.home.links} >= {"Giới thiệu", "Tin tức", "Liên hệ", "Sơ đồ cổng"}
        for p in ("/gioi-thieu", "/tin-tuc", "/lien-he", "/so-do"):
            assert snap.get(srv.url(HOST, p), fetch=False).ok
        assert snap.home.encoding == "utf-8" and snap.home.status == 200
        n = len(srv.hits)
        plain = crawl(srv.url(HOST), opts(srv, render="never"))
        assert not plain.home.rendered and len(plain.pages) == 1 and len(srv.hits) - n <= 3


@pytest.mark.browser
def test_static_navigation_is_not_rendered():
    nav = [("/gioi-thieu", "Giới thiệu"), ("/tin-tuc", "Tin tức"), ("/lien-he", "Liên hệ"), ("/so-do", "Sơ đồ"),
           ("/hoi-dap", "Hỏi đáp"), ("/van-ban", "Văn bản")]
    home = page("Home", nav=nav).replace("</body>", "<script>console.log(1)</script></body>")
    with TestServer({"/": html(home), "/*": html(page("x"))}) as srv:
        snap = crawl(srv.url(HOST), opts(srv, max_pages=3))
        snap.close()
    assert snap.notes.rendered_pages == 0 and not snap.home.rendered


@pytest.mark.browser
def test_browser_blocks_private_requests_and_cuts_off_endless_pages():
    # one browser for both checks (starting Chromium is the slow part)
    with TestServer({"/secret": html("admin")}) as other:
        evil = (f'<html><body><img src="http://169.254.169.254/latest/meta-data/x.png">'
                f'<img src="http://127.0.0.1:{other.port}/secret">'
                f'<script>fetch("http://127.0.0.1:{other.port}/secret").catch(function(){{}})</script>'
                f'<p>page</p></body></html>')
        slow = '<html><body><nav id="menu"></nav><p>visible</p><img src="/never.png"><script>1</script></body></html>'
        with TestServer({"/": html(evil), "/slow": html(slow), "/never.png": hang(30)}) as srv, \
                BrowserSession(opts(srv, timeout=2.0)) as b:
            if not b.available:
                pytest.skip(b.reason)
            p = b.render(srv.url(HOST), wait_ms=300)
            assert p.status == 200 and "page" in p.text
            assert any("169.254.169.254" in x for x in b.blocked)
            assert any(f"127.0.0.1:{other.port}" in x for x in b.blocked)
            t0 = time.monotonic()
            p = b.render(srv.url(HOST, "/slow"), wait_ms=0)
            assert time.monotonic() - t0 < 8  # "load" never fires: cut off by the time limit
            assert p.status == 200 and "visible" in p.text
        assert not other.hits


def test_no_browser_is_a_clear_result_not_a_crash(monkeypatch):
    monkeypatch.setenv("D43_NO_BROWSER", "1")
    with TestServer(routes()) as srv:
        snap = crawl(srv.url(HOST), opts(srv, render="always"))
        snap.close()
    assert snap.home.ok and not snap.home.rendered  # the static page is still evaluated
    assert snap.notes.render.available is False
    assert "browser" in snap.notes.render.error
    assert any("render" in e for e in snap.errors)


@pytest.mark.browser
def test_one_chromium_per_portal_the_gatherers_drive_the_crawls_browser():
    """A script-built menu makes the crawler start Chromium; the accessibility artifacts
    (axe, support controls) are then gathered in that same browser, on its thread, and the
    checks judge them: one launch in all. (tests/a11y_gather.py stands in for the gather
    loop until it runs in the pipeline.)"""
    from datetime import datetime

    from a11y_gather import gather_a11y

    from checker.rules import load_rules

    rules = load_rules()
    rules.rules = [r for r in rules.rules if r.id in ("a11y.wcag", "a11y.support")]
    before = BrowserSession.launched
    with TestServer(routes()) as srv:
        options = opts(srv)
        snap = crawl(srv.url(HOST), options)
        try:
            runner = snap.browser_runner
            results = gather_a11y(snap, rules, session=runner.session, options=options, runner=runner,
                                  now=datetime(2026, 11, 1, tzinfo=UTC))
        finally:
            snap.close()
    assert BrowserSession.launched - before == 1
    assert snap.notes.rendered_pages == 1
    by_id = {r.rule: r for r in results}
    wcag, support = by_id["a11y.wcag"], by_id["a11y.support"]
    assert wcag.status in ("pass", "fail") and "axe-core" in wcag.message  # really tested in Chromium
    assert support.status == "fail" and "in the browser" in support.message  # its controls searched in Chromium
    assert {a.kind for a in snap.artifacts.values()} == {"axe", "support"}
