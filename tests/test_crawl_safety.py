"""Address policy (no private/loopback/link-local/metadata targets unless allowed) and TLS."""

from __future__ import annotations

import time

import pytest
from servers import TestServer, have_openssl, html, page, redirect

from crawlers.artifacts import Want
from crawlers.crawl import crawl
from crawlers.gather import Gatherer
from crawlers.options import CrawlOptions
from crawlers.safety import AddressPolicy, allow_start, authority, classify

HOST = "portal.gov.vn"


def opts(srv: TestServer, **kw) -> CrawlOptions:
    base = dict(resolve=[srv.resolve(HOST)], delay=0.0, timeout=1.0, render="never", retries=0, max_pages=20)
    base.update(kw)
    return CrawlOptions(**base)


@pytest.mark.parametrize("ip,kind", [("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.5", "private"),
                                     ("172.16.0.1", "private"), ("100.64.0.1", "private"), ("169.254.169.254", "metadata"),
                                     ("169.254.10.1", "link-local"), ("::1", "loopback"), ("fe80::1", "link-local"),
                                     ("::ffff:127.0.0.1", "loopback"), ("0.0.0.0", "reserved"), ("8.8.8.8", None),
                                     ("203.162.4.190", None)])
def test_classify(ip, kind):
    assert classify(ip) == kind


def test_policy_rules():
    p = AddressPolicy(CrawlOptions(resolve=["portal.gov.vn:8080:127.0.0.1"]))
    assert p.url_reason("http://portal.gov.vn:8080/x") is None  # the --resolve target itself
    assert p.url_reason("http://portal.gov.vn:8081/").startswith("blocked")  # other port: not mapped, DNS decides
    assert "loopback" in p.url_reason("http://127.0.0.1:8080/")
    assert "loopback" in p.url_reason("http://localhost/")  # a name resolving to loopback
    assert "metadata" in p.url_reason("http://169.254.169.254/latest/meta-data/")
    assert p.url_reason("file:///etc/passwd").startswith("blocked")
    q = AddressPolicy(CrawlOptions(allow_private=True))
    assert q.url_reason("http://10.0.0.1/") is None and q.url_reason("http://[fd12::1]:8080/") is None
    assert q.url_reason("http://100.64.1.1/") is None  # CGNAT
    assert "metadata" in q.url_reason("http://169.254.169.254/")  # --allow-private never opens metadata
    assert "link-local" in q.url_reason("http://169.254.10.1/") and "link-local" in q.url_reason("http://[fe80::1]/")


def test_allow_private_opens_private_ranges_but_not_loopback():
    """--allow-private is for internal portals on private networks: other services of the
    machine d43 runs on (loopback) stay closed unless the operator named their host:port."""
    q = AddressPolicy(CrawlOptions(allow_private=True))
    assert q.ip_reason("10.1.2.3", "intranet.example", 80) is None
    assert q.choose("intranet.example", 80, ["192.168.1.20"]) == "192.168.1.20"
    assert "loopback" in q.url_reason("http://127.0.0.1:9/")
    assert "loopback" in q.url_reason("http://localhost:9/") and "loopback" in q.url_reason("http://[::1]:9/")
    named = AddressPolicy(CrawlOptions(allow_private=True, allow=["127.0.0.1:9", "[::1]:9"]))
    assert named.url_reason("http://127.0.0.1:9/x") is None and named.url_reason("http://[::1]:9/") is None
    assert "loopback" in named.url_reason("http://127.0.0.1:10/")  # another port of the same host
    assert "loopback" in named.url_reason("http://localhost:9/")  # another name for it is not named
    # a named authority without --allow-private gets nothing more (its DNS could point anywhere)
    assert "loopback" in AddressPolicy(CrawlOptions(allow=["127.0.0.1:9"])).url_reason("http://127.0.0.1:9/")
    # link-local/metadata: never through a named authority, only through --resolve
    meta = AddressPolicy(CrawlOptions(allow_private=True, allow=["169.254.169.254:80"]))
    assert "metadata" in meta.url_reason("http://169.254.169.254/")
    mapped = AddressPolicy(CrawlOptions(resolve=["meta.test:80:169.254.169.254"]))
    assert mapped.url_reason("http://meta.test/") is None


def test_the_start_url_is_the_operator_named_authority():
    base = CrawlOptions(allow_private=True)
    opts = allow_start(base, "http://127.0.0.1:8080/portal")
    opts = allow_start(opts, "https://Portal.example./")
    opts = allow_start(opts, "http://[::1]/")
    opts = allow_start(opts, "http://127.0.0.1:8080/again")  # idempotent
    assert opts.allow == ["127.0.0.1:8080", "portal.example:443", "[::1]:80"]
    assert base.allow == []  # a copy: one portal's start URL never opens another's address
    assert authority("ftp://x/") is None and authority("http://h:99999/") is None


def test_redirects_to_private_and_metadata_are_blocked():
    with TestServer() as other:  # a second local service the portal must not reach
        other.route("/", html("<html><body>internal admin</body></html>"))
        routes = {"/": html(page("Home", links=[("/to-meta", "m"), ("/to-local", "l"), ("/ok", "ok")])),
                  "/to-meta": redirect("http://169.254.169.254/latest/meta-data/"),
                  "/to-local": redirect(f"http://127.0.0.1:{other.port}/"),
                  "/ok": html(page("OK"))}
        with TestServer(routes) as srv:
            t0 = time.monotonic()
            snap = crawl(srv.url(HOST), opts(srv))
            took = time.monotonic() - t0
        assert not other.hits  # never contacted
    meta = snap.get(srv.url(HOST, "/to-meta"), fetch=False)
    local = snap.get(srv.url(HOST, "/to-local"), fetch=False)
    assert meta.status is None and "blocked" in meta.error and "169.254.169.254" in meta.error
    assert local.status is None and "blocked" in local.error and "loopback" in local.error
    assert snap.get(srv.url(HOST, "/ok"), fetch=False).ok and took < 5


@pytest.mark.parametrize("host", ["localhost", "127.1", "2130706433", "0x7f000001", "[::ffff:127.0.0.1]", "127.0.0.1."])
def test_other_spellings_of_loopback_are_blocked_too(host):
    """The HTTP client skips the resolver for IP literals and may accept legacy numeric
    forms: each spelling must still meet the policy, in the crawl (a redirect) and in a
    fetch that goes straight to the client (the on-demand fetcher; crawlers/resolve.py)."""
    with TestServer() as other:
        other.route("/", html("<html><body>internal admin</body></html>"))
        target = f"http://{host}:{other.port}/"
        routes = {"/": html(page("Home", links=[("/to", "t")])), "/to": redirect(target)}
        with TestServer(routes) as srv:
            snap = crawl(srv.url(HOST), opts(srv, max_on_demand=2))
            direct = snap.fetcher(target)
            snap.close()
        assert not other.hits
    redirected = snap.get(srv.url(HOST, "/to"), fetch=False)
    for p in (redirected, direct):
        assert p.status is None and "blocked" in p.error and "loopback" in p.error, p.error


def test_on_demand_fetcher_obeys_the_same_rules():
    with TestServer() as other:
        other.route("/", html("<html><body>internal</body></html>"))
        routes = {"/robots.txt": html("User-agent: *\nDisallow: /secret\n", content_type="text/plain"),
                  "/": html(page("Home")), "/later": html(page("Later page")), "/secret": html(page("S"))}
        with TestServer(routes) as srv:
            snap = crawl(srv.url(HOST), opts(srv, max_on_demand=4))
            Gatherer(snap, opts(srv, max_on_demand=4)).fulfil([Want("page", srv.url(HOST, "/later"))])
            assert snap.get(srv.url(HOST, "/later")).ok  # gathered after the crawl
            p = snap.fetcher(f"http://127.0.0.1:{other.port}/")
            assert p.status is None and "blocked" in p.error
            p = snap.fetcher("http://169.254.169.254/")
            assert p.status is None and "blocked" in p.error
            p = snap.fetcher(srv.url(HOST, "/secret"))
            assert p.status is None and "robots" in p.error and not srv.requests_for("/secret")
            p = snap.fetcher(srv.url(HOST, "/later?again"))
            assert "budget" in p.error
            snap.close()
        assert not other.hits
    with TestServer({"/": html(page("Internal portal"))}) as srv:
        # an internal portal reached by its address, with --allow-private: the start URL's
        # host:port is operator-named, so its loopback address is allowed, and only it
        opts_ = CrawlOptions(allow_private=True, render="never", delay=0, timeout=1)
        snap = crawl(f"http://127.0.0.1:{srv.port}/", opts_)
        assert snap.home.ok and opts_.allow == []  # the caller's options are not changed
        with TestServer({"/": html("internal service")}) as other:
            p = snap.fetcher(f"http://127.0.0.1:{other.port}/")
            assert p.status is None and "loopback" in p.error
            snap.close()
        assert not other.hits
        snap = crawl(f"http://127.0.0.1:{srv.port}/", CrawlOptions(render="never", delay=0, timeout=1, retries=0))
        assert snap.home.status is None and "blocked" in snap.home.error


@pytest.mark.skipif(not have_openssl(), reason="openssl CLI needed for a self-signed certificate")
def test_self_signed_tls_is_a_finding_and_insecure_still_evaluates():
    routes = {"/": html(page("Home", links=[("/a", "a")])), "/a": html(page("A"))}
    with TestServer(routes, tls=True, cert_cn=HOST) as srv:
        snap = crawl(srv.url(HOST), opts(srv))
        assert snap.home.status is None and "TLS" in snap.home.error
        assert snap.notes.tls_error and "certificate" in snap.notes.tls_error.lower()
        snap = crawl(srv.url(HOST), opts(srv, insecure=True))
        assert snap.home.ok and snap.get(srv.url(HOST, "/a"), fetch=False).ok
        assert snap.notes.tls_error  # still reported as a finding
        snap.close()
