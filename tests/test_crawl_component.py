"""Component sites (issue 11 item 4): a portal that is a folder of another host
(``http://hoaan.gov.vn/xa-binh-son/``) is crawled and judged within that folder, against a
real server on 127.0.0.1, live and replayed from its archive."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from servers import TestServer, html, page

from checker.evaluate import evaluate
from checker.rules import load_rules
from crawlers.archive import load_archive
from crawlers.crawl import crawl
from crawlers.options import CrawlOptions
from crawlers.scope import PortalScope, prefix_of

HOST = "hoaan.gov.vn"
NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
NAV = [("/xa-binh-son/gioi-thieu", "Giới thiệu"), ("/xa-binh-son/tin-tuc", "Tin tức"),
       ("/Xa-Binh-Son/lien-he", "Liên hệ"),  # IIS-style mixed case: still the component's page
       ("/", "Cổng thông tin tỉnh"), ("/gioi-thieu", "Giới thiệu tỉnh"),
       ("/xa-binh-son/rieng/tai-lieu", "Tài liệu nội bộ")]


def _robots(req) -> tuple[int, dict, bytes]:
    body = ("User-agent: *\nDisallow: /xa-binh-son/rieng/\n"
            f"Sitemap: http://{HOST}:{req.server.port}/sitemap.xml\n").encode()
    return 200, {"Content-Type": "text/plain"}, body


def _sitemap(req) -> tuple[int, dict, bytes]:
    base = f"http://{HOST}:{req.server.port}"
    locs = "".join(f"<url><loc>{base}{p}</loc></url>" for p in ("/xa-binh-son/van-ban", "/tin-tuc-tinh", "/xa-binh-son-cu/"))
    return 200, {"Content-Type": "application/xml"}, f'<?xml version="1.0"?><urlset>{locs}</urlset>'.encode()


def _routes(links_out: bool = True) -> dict:
    nav = NAV if links_out else [n for n in NAV if n[0].lower().startswith("/xa-binh-son/")]
    return {
        "/robots.txt": _robots, "/sitemap.xml": _sitemap,
        "/": html(page("Cổng thông tin điện tử tỉnh Hòa An", nav=[("/gioi-thieu", "Giới thiệu"), ("/xa-binh-son/", "Xã Bình Sơn")])),
        "/gioi-thieu": html(page("Giới thiệu tỉnh")), "/tin-tuc-tinh": html(page("Tin tức tỉnh")),
        "/xa-binh-son-cu/": html(page("Trang cũ")),
        "/xa-binh-son/": html(page("UBND xã Bình Sơn", nav=nav)),
        "/xa-binh-son/gioi-thieu": html(page("Giới thiệu xã", nav=nav)),
        "/xa-binh-son/tin-tuc": html(page("Tin tức xã", nav=nav)),
        "/Xa-Binh-Son/lien-he": html(page("Liên hệ", nav=nav)),
        "/xa-binh-son/van-ban": html(page("Văn bản", nav=nav)),
        "/xa-binh-son/rieng/tai-lieu": html(page("Nội bộ")),
    }


def _opts(srv: TestServer, **kw) -> CrawlOptions:
    return CrawlOptions(resolve=[srv.resolve(HOST)], delay=0.0, timeout=2.0, render="never", retries=0,
                        max_pages=40, portal_timeout=30, scope="prefix", **kw)


def test_prefix_of_and_scope():
    assert prefix_of("https://hoaan.gov.vn/xa-binh-son/") == "/xa-binh-son/"
    assert prefix_of("https://hoaan.gov.vn/xa-binh-son") == "/xa-binh-son/"
    assert prefix_of("https://hoaan.gov.vn/Portal/Xa-Binh-Son/Default.aspx") == "/portal/xa-binh-son/"
    assert prefix_of("https://hoaan.gov.vn/") == "/"
    sc = PortalScope.of("https://hoaan.gov.vn/xa-binh-son/", "prefix")
    assert sc.component and sc.label("hoaan.gov.vn") == "hoaan.gov.vn/xa-binh-son/"
    assert sc.in_prefix("https://hoaan.gov.vn/xa-binh-son") and sc.in_prefix("https://hoaan.gov.vn/XA-BINH-SON/a?b=1")
    assert not sc.in_prefix("https://hoaan.gov.vn/xa-binh-son-cu/") and not sc.in_prefix("https://hoaan.gov.vn/")
    assert not PortalScope.of("https://hoaan.gov.vn/xa-binh-son/").component  # the default is the whole host
    assert PortalScope.from_json(sc.to_json()) == sc and PortalScope.from_json(None) == PortalScope()


def test_component_is_crawled_within_its_folder_and_obeys_the_hosts_robots(tmp_path: Path):
    with TestServer(_routes()) as srv:
        snap = crawl(srv.url(HOST, "/xa-binh-son/"), _opts(srv, archive=str(tmp_path / "c.warc.gz")))
        snap.close()  # type: ignore[attr-defined]
        got = {h.target for h in srv.hits if h.method == "GET"}
    # the component's pages, the one only its host's sitemap lists included
    assert {"/xa-binh-son/", "/xa-binh-son/gioi-thieu", "/xa-binh-son/tin-tuc", "/Xa-Binh-Son/lien-he",
            "/xa-binh-son/van-ban"} <= got
    # the parent site's pages, linked or in the sitemap, are not the portal's: never fetched
    assert not got & {"/", "/gioi-thieu", "/tin-tuc-tinh", "/xa-binh-son-cu/"}
    # robots.txt is the host's, and it is obeyed inside the component too
    assert "/robots.txt" in got and "/xa-binh-son/rieng/tai-lieu" not in got
    assert "/xa-binh-son/sitemap.xml" in got  # the component's own sitemap is tried first
    assert snap.scope == PortalScope("/xa-binh-son/")
    root = srv.url(HOST, "/")
    assert not snap.is_internal(root) and snap.is_internal(srv.url(HOST, "/xa-binh-son/tin-tuc"))
    pages = [p.final_url for p in snap.html_pages()]
    assert len(pages) == 5 and all("/xa-binh-son/" in u.lower() for u in pages)


def _verdicts(snap, parent: str | None) -> dict[str, str]:
    portal = {"parent_url": parent} if parent else {}
    res = evaluate(snap, load_rules(), level="district", now=NOW, portal=portal,
                   settings={"browser": None}, only={"links.units", "domain.gov_vn"})
    return {r.rule: r.status for r in res}


def test_links_to_the_parent_site_leave_the_component_and_replay_gives_the_same(tmp_path: Path):
    with TestServer(_routes()) as srv:
        parent = srv.url(HOST, "/")
        warc = str(tmp_path / "c.warc.gz")
        snap = crawl(srv.url(HOST, "/xa-binh-son/"), _opts(srv, archive=warc))
        live = _verdicts(snap, parent)
        bare = _verdicts(snap, None)  # no parent named: the portal of its host is the parent
        snap.close()  # type: ignore[attr-defined]
    assert live == {"links.units": "pass", "domain.gov_vn": "pass"}, live
    assert bare["links.units"] == "pass"
    replay = load_archive(warc)
    assert replay.scope == PortalScope("/xa-binh-son/")
    assert _verdicts(replay, parent) == live


def test_a_component_linking_only_inside_itself_has_no_link_to_its_parent(tmp_path: Path):
    with TestServer(_routes(links_out=False)) as srv:
        parent = srv.url(HOST, "/")
        warc = str(tmp_path / "c.warc.gz")
        snap = crawl(srv.url(HOST, "/xa-binh-son/"), _opts(srv, archive=warc))
        live = _verdicts(snap, parent)
        snap.close()  # type: ignore[attr-defined]
    # its own pages are on the parent's host, but they are not a link to the parent portal
    assert live["links.units"] == "fail", live
    assert _verdicts(load_archive(warc), parent) == live


def test_the_whole_host_portal_is_unchanged(tmp_path: Path):
    """Without scope: prefix the same server is one portal: the folder is just a section."""
    with TestServer(_routes()) as srv:
        opts = _opts(srv)
        opts.scope = "host"
        snap = crawl(srv.url(HOST, "/"), opts)
        snap.close()  # type: ignore[attr-defined]
        got = {h.target for h in srv.hits if h.method == "GET"}
    assert {"/", "/gioi-thieu", "/xa-binh-son/", "/xa-binh-son/tin-tuc"} <= got
    assert snap.is_internal(srv.url(HOST, "/xa-binh-son/")) and not snap.scope.component
