"""Per-page analysis (crawlers/analyse.py): the same page whether analysed by the crawler
(inline or in a worker process) or read lazily, and a crawl that survives losing its worker."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from servers import TestServer, html

import checker.functions  # noqa: F401  (registers the page facts)
from checker.functions._common import _EMAIL, _email_matches
from checker.functions.technical import legacy_text
from crawlers.analyse import analyse
from crawlers.crawl import crawl
from crawlers.decode import decode_html
from crawlers.options import CrawlOptions
from crawlers.snapshot import FACTS, Page

ROOT = Path(__file__).resolve().parent.parent
HOST = "portal.gov.vn"
FIXTURE_PAGES = sorted(p for d in (ROOT / "rules" / "fixtures", ROOT / "tests" / "fixtures") for p in d.rglob("*.html"))


def _lazy(body: bytes, url: str, ctype: str) -> Page:
    page = Page(url=url, status=200, final_url=url, content_type=ctype)
    d = decode_html(body, ctype)
    page.text, page.encoding, page.declared_encoding, page.legacy_encoding = d.text, d.encoding, d.declared, d.legacy
    return page


def _adopted(body: bytes, url: str, ctype: str) -> Page:
    page = Page(url=url, status=200, final_url=url, content_type=ctype)
    page.adopt(analyse(body, ctype, url, url))
    return page


def _view(page: Page) -> dict:
    return {"text": page.text, "encoding": (page.encoding, page.declared_encoding, page.legacy_encoding),
            "links": page.links, "title": page.title, "headings": page.headings, "h1": page.h1_texts,
            "lang": page.lang, "metas": page.metas, "mailto": page.mailto_hrefs, "visible": page.visible_text,
            "main": page.main_text, "facts": {name: page.fact(name) for name in sorted(FACTS)}}


def test_registered_facts_include_the_whole_site_sweeps():
    assert {"emails", "legacy_text", "option_links"} <= set(FACTS)


def test_every_fixture_page_reads_the_same_analysed_or_lazy():
    """812 real fixture pages (rule fixtures and three sample provinces: TCVN3/VNI, wrong
    charsets, e-mails, <select> link lists …): what checks read is identical."""
    assert len(FIXTURE_PAGES) > 300
    differ = []
    for path in FIXTURE_PAGES:
        body = path.read_bytes()
        url = f"http://{HOST}/{path.parent.name}/{path.name}"
        ctype = "text/html"
        a, b = _view(_lazy(body, url, ctype)), _view(_adopted(body, url, ctype))
        bad = [k for k in a if a[k] != b[k]]
        if bad:
            differ.append((path.relative_to(ROOT), bad))
    assert differ == []


def test_facts_of_an_analysed_page_are_not_recomputed():
    body = ('<html><body><p>Email: vanthu@soxd.hoaan.gov.vn</p><select><option value="https://a.hoaan.gov.vn/">Sở A'
            '</option></select></body></html>').encode()
    page = _adopted(body, f"http://{HOST}/", "text/html; charset=utf-8")
    assert page.fact("emails")[0][0] == "vanthu@soxd.hoaan.gov.vn"
    assert page.fact("option_links") == (("https://a.hoaan.gov.vn/", "Sở A"),)
    page.__dict__["_facts"]["emails"] = ("sentinel",)  # stored, not computed again
    assert page.fact("emails") == ("sentinel",)
    page.text = "<html><body>new</body></html>"  # a new text drops derived facts
    assert page.fact("emails") == ()


@pytest.mark.parametrize("text", [
    "Liên hệ: vanthu@soxd.hoaan.gov.vn, hoặc abc.def+x@mail.example.com.",
    "xx" + "a" * 70 + "@example.gov.vn yy short@x.vn",  # user part longer than 64
    "a@b.vn@c.vn d@e.vn", "@@@ x@@y.vn @z.vn q@r", "tên_miền@ví-dụ.vn ascii@vi-du.vn",
    "one@a.gov.vn" + " filler" * 2000 + " two@b.gov.vn", "", "no address here",
])
def test_email_search_around_at_signs_matches_a_full_scan(text):
    assert [m.span() for m in _email_matches(text)] == [m.span() for m in _EMAIL.finditer(text)]


def test_legacy_quick_no_keeps_real_legacy_text():
    tcvn3 = "C¸c c¬ quan, ®¬n vÞ thùc hiÖn nghiªm tóc quy ®Þnh vÒ c«ng t¸c v¨n th­ l­u tr÷ " * 3
    assert legacy_text(tcvn3)[0] == "TCVN3"
    assert legacy_text("Müller ©2024 «Hà Nội» Ø")[0] is None


# -- the worker process ---------------------------------------------------------------------------
def _portal(n: int) -> dict:
    def page_handler(req):
        i = int(req.path.rsplit("/", 1)[-1].removesuffix(".html") or 0)
        kids = "".join(f'<li><a href="/p/{c}.html">Bài {c}</a></li>' for c in range(3 * i + 1, 3 * i + 4) if c < n)
        body = (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Trang {i}</title></head><body>'
                f'<nav class="menu"><a href="/p/0.html">Trang chủ</a> <a href="/p/1.html">Liên hệ</a></nav>'
                f'<main><h1>Bài {i}</h1><p>Nội dung trang {i}. Email: vt{i % 3}@so.hoaan.gov.vn</p><ul>{kids}</ul>'
                f'</main><footer>Điện thoại 0255 3822 111</footer></body></html>')
        return 200, {"Content-Type": "text/html; charset=utf-8"}, body.encode()
    return {"/": html('<a href="/p/0.html">Vào</a>'), "/p/*": page_handler}


def _opts(srv: TestServer, **kw) -> CrawlOptions:
    return CrawlOptions(resolve=[srv.resolve(HOST)], delay=0.0, render="never", max_pages=200, max_depth=50,
                        concurrency=4, portal_timeout=60, timeout=5, **kw)


def _summary(snap) -> dict:
    return {u: (p.status, [lnk.url for lnk in p.links], p.fact("emails"), p.visible_text, p.title)
            for u, p in snap.pages.items()}


def test_a_crawl_analysed_in_a_worker_reads_the_same_as_inline():
    with TestServer(_portal(120)) as srv:
        inline = crawl(srv.url(HOST), _opts(srv, analysis_workers=0))
        worker = crawl(srv.url(HOST), _opts(srv, analysis_workers=1, analysis_after=5))
    assert len(inline.pages) == 121
    assert not inline.notes.analysed_in_worker
    assert worker.notes.analysed_in_worker >= 100  # the worker really did the work
    assert not worker.notes.analysis
    assert _summary(worker) == _summary(inline)


def _analysis_workers() -> list[int]:
    me, out = os.getpid(), []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (d / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == me and b"crawlers.analysis" in cmd:
            out.append(int(d.name))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the worker")
def test_a_killed_worker_leaves_the_crawl_complete_and_says_so():
    killed: list[int] = []

    def progress(event, info):
        if event == "page" and info["pages"] >= 30 and not killed:
            for pid in _analysis_workers():
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    with TestServer(_portal(120)) as srv:
        snap = crawl(srv.url(HOST), _opts(srv, analysis_workers=1, analysis_after=5, progress=progress))
    assert killed, "the worker was running"
    assert len(snap.pages) == 121 and all(p.ok for p in snap.pages.values())
    assert "analysis worker lost" in snap.notes.analysis
    assert all(p.links for p in snap.pages.values())
    assert sum(1 for p in snap.pages.values() if p.fact("emails")) == 120
    assert _analysis_workers() == []  # nothing left behind


def test_spool_space_is_given_back_when_texts_are_replaced_and_pages_go():
    import gc

    from crawlers import pagestore as S

    big = "<html><body><p>" + "Nội dung trang thông tin điện tử. " * 100 + "</p></body></html>"
    S.clear_caches()  # cache entries hold their pages (earlier tests' pages go now)
    gc.collect()
    probe = Page(url="http://x/probe", status=200, text=big)  # makes sure a segment is current
    seg = S._SPOOL.current
    start = seg.live
    pages = [Page(url=f"http://x/{i}", status=200, text=big) for i in range(20)]
    pages += [_adopted(big.encode(), f"http://x/a{i}", "text/html; charset=utf-8") for i in range(5)]
    assert S._SPOOL.current is seg and seg.live == start + 20 + 2 * 5  # adopted: HTML + visible text
    for p in pages[:20]:
        p.text = big + "<!-- v2 -->"  # the old text's place is released, the new one taken
    assert seg.live == start + 30
    pages[0].text = "short"  # short texts stay in memory
    assert seg.live == start + 29
    assert pages[1].text.endswith("<!-- v2 -->") and "Nội dung" in pages[-1].visible_text
    del pages, p
    S.clear_caches()  # cache entries hold their pages
    gc.collect()
    assert seg.live == start
    del probe


def test_a_page_with_a_drop_down_of_links_is_parsed_once(monkeypatch):
    """option_links reads the tree: it runs before the visible text is cut out of it, so a
    portal with a "Liên kết website" drop-down on every page is not parsed twice a page."""
    import crawlers.page as page_mod

    parses = []
    real = page_mod.LexborHTMLParser

    def counting(*a, **kw):
        parses.append(1)
        return real(*a, **kw)

    monkeypatch.setattr(page_mod, "LexborHTMLParser", counting)
    body = ("<html><head><title>Trang chủ</title></head><body><nav><a href='/gioi-thieu'>Giới thiệu</a></nav>"
            "<select><option value=''>Liên kết website</option><option value='https://dalat.gov.vn/'>TP Đà Lạt</option>"
            "<option value='//baoloc.gov.vn'>TP Bảo Lộc</option></select>"
            "<noscript><select><option value='https://x.gov.vn/'>X</option></select></noscript>"
            "<p>Nội dung trang</p></body></html>").encode()
    a = analyse(body, "text/html; charset=utf-8", "http://so.gov.vn/", "http://so.gov.vn/")
    assert len(parses) == 1
    assert a.facts["option_links"] == (("https://dalat.gov.vn/", "TP Đà Lạt"), ("http://baoloc.gov.vn", "TP Bảo Lộc"),
                                       ("https://x.gov.vn/", "X"))
