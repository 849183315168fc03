"""WARC archiving during the crawl and offline replay (d43 check --from-archive)."""

from __future__ import annotations

from servers import TestServer, big, gzipped, html, page, redirect
from warcio.archiveiterator import ArchiveIterator

from crawlers.archive import load_archive
from crawlers.artifacts import Want
from crawlers.crawl import crawl
from crawlers.decode import encode_cp1258
from crawlers.gather import Gatherer
from crawlers.options import CrawlOptions

HOST = "portal.gov.vn"


def test_archive_round_trip(tmp_path):
    warc = tmp_path / "scan.warc.gz"
    vi = "<html><body><p>Sở Xây dựng tỉnh Quảng Ngãi, lãnh đạo Sở, chức năng nhiệm vụ.</p></body></html>"
    routes = {"/": html(page("Trang chủ", links=[("/gz", "gz"), ("/old", "old"), ("/vi", "vi"), ("/huge", "h"),
                                                 ("/van-ban/qd.pdf", "Quyết định")])),
              "/gz": gzipped(page("Nén gzip", text="nội dung").encode()),
              "/old": redirect("/new", 301), "/new": html(page("Trang mới")),
              "/vi": html(encode_cp1258(vi), content_type="text/html; charset=iso-8859-1"),
              "/huge": big(3_000_000), "/van-ban/qd.pdf": html(b"%PDF", content_type="application/pdf"),
              "/later": html(page("Fetched on demand"))}
    with TestServer(routes) as srv:
        o = CrawlOptions(resolve=[srv.resolve(HOST)], delay=0, timeout=2, render="never", archive=str(warc),
                         max_bytes=1_000_000)
        snap = crawl(srv.url(HOST), o)
        Gatherer(snap, o).fulfil([Want("page", srv.url(HOST, "/later"))])  # a page a check asked for
        assert snap.get(srv.url(HOST, "/later")).ok  # gathered pages are archived too
        snap.close()
    types = []
    with open(warc, "rb") as fh:
        for rec in ArchiveIterator(fh):
            types.append(rec.rec_type)
            if rec.rec_type == "response" and rec.rec_headers.get_header("WARC-Target-URI").endswith("/gz"):
                assert rec.http_headers.get_header("X-D43-Original-Content-Encoding") == "gzip"
                assert b"N\xc3\xa9n gzip" in rec.content_stream().read()
            if rec.rec_type == "response" and rec.rec_headers.get_header("WARC-Target-URI").endswith("/huge"):
                assert rec.rec_headers.get_header("WARC-Truncated") == "length"
    assert types[0] == "warcinfo" and "request" in types and types.count("metadata") >= 8
    replay = load_archive(str(warc))
    assert replay.start_url == snap.start_url and replay.fetcher is None
    assert set(replay.pages) == set(snap.pages)
    for url, p in snap.pages.items():
        q = replay.pages[url]
        assert (q.status, q.final_url, q.text, q.encoding, q.truncated) == (p.status, p.final_url, p.text, p.encoding, p.truncated)
    assert replay.get(srv.url(HOST, "/old"), fetch=False).final_url == srv.url(HOST, "/new")
    assert "Quảng Ngãi" in replay.get(srv.url(HOST, "/vi"), fetch=False).text
    assert [d.url for d in replay.documents] == [d.url for d in snap.documents]
    assert replay.documents[0].content_type == "application/pdf"
    assert replay.notes.bytes == snap.notes.bytes and replay.notes.from_archive == str(warc)
    assert replay.home.links and replay.home.title == "Trang chủ"
