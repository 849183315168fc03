"""The shared DOM and URL heuristics (crawlers/dom.py, crawlers/urls.py) on constructed pages:
the three main-container forms, the three layout-class forms, link regions, host identity
and document extensions, and that the checker's users see them."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from checker.content import judge_content
from crawlers import dom
from crawlers.snapshot import FOOTER, HEADER, NAV, OTHER, Page, Snapshot
from crawlers.urls import bare_host, host_of, is_document, same_host, site_authority

TEXT = "Nội dung chính của trang với đủ chữ để được tính là một khối nội dung thật sự. " * 2


def tree(body: str) -> LexborHTMLParser:
    return LexborHTMLParser(f"<html><body>{body}</body></html>")


def test_declared_main_prefers_main_over_role_main_and_is_trusted_when_empty():
    t = tree('<div role="main" id="r">x</div><main id="m"></main><div id="content">' + TEXT + "</div>")
    assert dom.declared_main(t).attributes["id"] == "m"
    assert dom.largest_content_box(t).attributes["id"] == "m"  # declared: trusted even when empty
    assert dom.declared_main(tree("<div>x</div>")) is None


def test_largest_content_box_weighs_text_and_refuses_listings():
    t = tree('<div class="content">banner</div><div id="noidung">' + TEXT + "</div>")
    assert dom.largest_content_box(t).attributes["id"] == "noidung"
    assert dom.largest_content_box(tree('<div id="content">short</div>')) is None  # < 40 characters
    two = tree("<article>" + TEXT + "</article><article>" + TEXT + "</article>")
    assert dom.largest_content_box(two) is None  # several articles are a listing
    assert dom.largest_content_box(tree("<article>" + TEXT + "</article>")).tag == "article"


def test_first_content_box_is_document_order():
    t = tree('<div class="main-content" id="a"><div id="content">' + TEXT + "</div></div>")
    assert dom.first_content_box(t).attributes["id"] == "a"
    assert dom.first_content_box(tree("<div>x</div>")) is None


def test_layout_forms_differ_where_documented():
    for key in ("sitemap", "bottom-news", "footer2"):
        assert dom.is_region_hinted(key), key  # a link there is in navigation/footer
        assert not any(dom.LAYOUT_TOKEN.match(t) for t in key.split()), key  # but the box is not removed
    assert dom.LAYOUT_TOKEN.match("left-sidebar") and dom.LAYOUT_TOKEN.match("mainmenu")
    assert dom.LAYOUT_WORD.search("box related") and not dom.is_region_hinted("box related")
    assert not dom.LAYOUT_WORD.search("menuitem")  # both ends bounded


def test_regions_of_links():
    t = tree('<div class="menu-top"><a href="/a">a</a></div><div id="contentinfo"><a href="/b">b</a></div>'
             '<div class="top-bar"><a href="/c">c</a></div><div><a href="/d">d</a></div>')
    regions = [dom.region_of(a) for a in t.css("a")]
    assert regions == [NAV, FOOTER, HEADER, OTHER]


def test_snapshot_main_text_keeps_wrappers_of_the_content_box_and_drops_other_hinted_boxes():
    html = ('<html><body><div class="menu">Trang chủ Giới thiệu</div><div class="nav-wrapper"><div id="content">' + TEXT
            + '<div class="footer-box">Chia sẻ bài viết</div></div></div><div class="footer">Bản quyền</div></body></html>')
    p = Page(url="http://x.gov.vn/", status=200, text=html)
    assert "Nội dung chính" in p.main_text  # its "nav-wrapper" wraps the content box: kept
    assert "Trang chủ" not in p.main_text and "Bản quyền" not in p.main_text and "Chia sẻ" not in p.main_text


def test_host_identity():
    assert host_of("http://WWW.Sxd.HoaAn.gov.vn.:8080/x") == "www.sxd.hoaan.gov.vn"
    assert bare_host("www.x.gov.vn.") == "x.gov.vn" and same_host("www.x.gov.vn", "x.gov.vn")
    assert not same_host("a.x.gov.vn", "x.gov.vn")
    assert site_authority("http://www.x.gov.vn:8080/p") == "x.gov.vn:8080"  # the crawler keeps ports
    assert site_authority("https://x.gov.vn:443/p") == "x.gov.vn" and site_authority("mailto:a") == ""
    snap = Snapshot(start_url="http://www.x.gov.vn/")
    assert snap.is_internal("http://x.gov.vn/a") and snap.is_internal("http://x.gov.vn:8080/a")
    assert not snap.is_internal("http://y.gov.vn/a")


def test_documents_are_one_list_for_crawler_and_checker():
    assert is_document("http://x.gov.vn/files/QD.RTF") and not is_document("http://x.gov.vn/rtf-viewer")
    html = ('<html><body><main><h1>Văn bản</h1><p><a href="/files/ke-hoach.rtf">Kế hoạch năm</a></p></main>'
            "</body></html>")
    verdict, reason = judge_content(Page(url="http://x.gov.vn/van-ban", status=200, text=html))
    assert verdict == "listing" and "1 files" in reason
