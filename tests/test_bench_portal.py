"""Smoke test of the portal benchmark's site (benchmarks/portal_site.py): the generator at
50 pages and the nginx that serves it (gzip, ETag, 304 on a conditional request), crawled by
d43 to the last page. Needs Debian's nginx (scripts/test.sh installs it as root)."""

from __future__ import annotations

import gzip
import shutil
import urllib.error
import urllib.request
from collections import Counter

import pytest
from selectolax.lexbor import LexborHTMLParser

from benchmarks.portal_site import Layout, Nginx, generate

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None and not shutil.os.path.exists("/usr/sbin/nginx"),
                                reason="nginx is not installed (scripts/test.sh installs it as root)")


def _get(url: str, **headers: str):
    return urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip", **headers}), timeout=10)


def test_generator_and_nginx(tmp_path):
    info = generate(tmp_path / "site", 50)
    assert info["pages"] == 50 and info["pdfs"] >= 1
    assert (tmp_path / "site" / "robots.txt").read_text().startswith("User-agent: *")
    assert (tmp_path / "site" / "sitemap.xml").read_text().count("<loc>") == 50
    lay = Layout(50)
    art = (tmp_path / "site" / lay.article_path(0)).read_text(encoding="utf-8")
    tree = LexborHTMLParser(art)
    assert len(tree.css("nav.mainmenu a[href]")) == 39  # the mega menu (12 sections, 27 sub-sections)
    assert 15 <= len(tree.css("aside a[href], .related a[href]")) <= 30  # content links
    assert "Ủy ban nhân dân" in art or "Sở Xây dựng" in art
    srv = Nginx(tmp_path / "site").start()
    try:
        r = _get(srv.url + lay.article_path(0))
        assert r.status == 200 and r.headers["Content-Encoding"] == "gzip"
        assert "utf-8" in r.headers["Content-Type"] and r.headers["Last-Modified"]
        assert gzip.decompress(r.read()).decode("utf-8") == art
        etag = r.headers["ETag"]
        with pytest.raises(urllib.error.HTTPError) as e:
            _get(srv.url + lay.article_path(0), **{"If-None-Match": etag})
        assert e.value.code == 304
        sent = srv.bytes_since()
        assert sent["responses"] == 2 and sent["not_modified"] == 1 and sent["bytes"] > 1000
    finally:
        srv.stop()


def test_d43_crawls_the_whole_portal(tmp_path):
    from crawlers.crawl import crawl
    from crawlers.options import CrawlOptions

    generate(tmp_path / "site", 50)
    srv = Nginx(tmp_path / "site").start()
    try:
        opts = CrawlOptions(allow_private=True, delay=0.0, concurrency=4, max_pages=100, render="never", timeout=10,
                            cache_dir=str(tmp_path / "cache"))
        snap = crawl(srv.url, opts)
        statuses = Counter(p.status for p in snap.pages.values())
        assert statuses[200] >= 50, statuses
        first = srv.bytes_since()["bytes"]
        again = crawl(srv.url, opts)  # unchanged site, same validator cache: 304s
        assert again.notes.not_modified >= 50
        assert srv.bytes_since()["bytes"] <= 0.05 * first
    finally:
        srv.stop()
