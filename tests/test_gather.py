"""Gather, then judge: checks ask, gatherers fetch between rounds, the archive keeps it all.

Fixture portals are served on 127.0.0.1 by the real server and crawled by the real
crawler; the replay runs with the process's network made impossible (crawlers.netguard).
"""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path

import pytest

from checker.demo.server import PortalServer
from checker.evaluate import evaluate
from checker.gathering import evaluate_gathered
from checker.rules import load_rules
from crawlers.a11y import is_no_browser
from crawlers.archive import ArchiveWriter, load_archive
from crawlers.artifacts import Artifact, Want
from crawlers.crawl import crawl
from crawlers.gather import Gatherer
from crawlers.netguard import NetworkForbidden, no_network
from crawlers.options import CrawlOptions
from crawlers.snapshot import Page, Snapshot

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "rules" / "fixtures"
NOW = datetime.fromisoformat("2026-11-22T09:00:00+07:00")
RULES = load_rules()


def _crawl_case(srv: PortalServer, url: str, warc: Path, max_pages: int) -> tuple[Snapshot, CrawlOptions]:
    options = CrawlOptions(max_pages=max_pages, resolve=srv.resolve_entries(), delay=0.0, render="never",
                           timeout=10, archive=str(warc))
    return crawl(srv.rebase(url), options), options


def test_a_check_asks_and_the_gatherer_fetches(tmp_path: Path):
    """With a budget of one page the crawl never reaches the site map; judged as crawled, the
    rule cannot look (error, never fail); the gather rounds fetch what it asked for (the site
    map page, then the links it samples) and it passes; the replay gives the same."""
    warc = tmp_path / "s.warc.gz"
    portal = {"parent_url": "http://hoaan.gov.vn/"}
    with PortalServer(FIXTURES / "access.sitemap" / "pass_sitemap_page") as srv:
        snap, options = _crawl_case(srv, "http://sxd.hoaan.gov.vn/", warc, max_pages=1)
        try:
            assert len(snap.pages) == 1
            as_crawled = evaluate(snap, RULES, level="department", now=NOW, portal=portal, only={"access.sitemap"})
            assert as_crawled[0].status == "error", as_crawled[0].message
            assert not snap.wanted and len(snap.pages) == 1  # judging alone fetched nothing
            gatherer = Gatherer(snap, options)
            results = evaluate_gathered(snap, RULES, level="department", now=NOW, portal=portal,
                                        only={"access.sitemap"}, gatherer=gatherer)
            gatherer.finish(NOW.isoformat(), level="department", portal=portal)
        finally:
            snap.close()  # type: ignore[attr-defined]
    assert results[0].status == "pass", results[0].message
    assert snap.notes.gathered["page"] >= 2  # the site map, then its sampled links (a second round)
    with no_network():
        replayed = load_archive(str(warc))
        again = evaluate(replayed, RULES, level="department", now=NOW, portal=portal, only={"access.sitemap"})
    assert again[0].status == "pass"
    assert list(replayed.pages) == list(snap.pages)  # the order the live run judged them in
    assert replayed.as_of == NOW.isoformat() and replayed.judged["level"] == "department"


def test_search_probe_is_a_wanted_page_marked_as_probe(tmp_path: Path):
    warc = tmp_path / "s.warc.gz"
    portal = {"parent_url": "http://hoaan.gov.vn/"}
    with PortalServer(FIXTURES / "access.search" / "pass_search_finds_article") as srv:
        snap, options = _crawl_case(srv, "http://sxd.hoaan.gov.vn/", warc, max_pages=30)
        gatherer = Gatherer(snap, options)
        try:
            results = evaluate_gathered(snap, RULES, level="department", now=NOW, portal=portal,
                                        only={"access.search"}, gatherer=gatherer)
            gatherer.finish(NOW.isoformat(), level="department", portal=portal)
        finally:
            snap.close()  # type: ignore[attr-defined]
    assert results[0].status == "pass", results[0].message
    probes = [p for p in snap.pages.values() if p.probe == "search"]
    assert probes, "the results page of the probe is in the snapshot, marked"
    with no_network():
        replayed = load_archive(str(warc))
    assert [p.url for p in replayed.pages.values() if p.probe == "search"] == [p.url for p in probes]


def test_missing_artifact_is_gathered_or_says_why(tmp_path: Path):
    """Browser artifacts with rendering off are artifacts with an error (never a guess); the
    archive keeps them and gives them back unchanged."""
    snap = Snapshot(start_url="http://example.gov.vn/")
    snap.add(Page(url="http://example.gov.vn/", status=200, text="<html><body>x</body></html>"))
    want = Want.of("axe", "http://example.gov.vn/", tags=["wcag2a", "wcag2aa"])
    snap.recording = True
    assert snap.artifact(want) is None and want in snap.wanted
    snap.recording = False
    gatherer = Gatherer(snap, CrawlOptions(render="never"))
    gatherer.fulfil([want])
    art = snap.artifact(want)
    assert art is not None and is_no_browser(art) and "render never" in (art.error or "")

    warc = tmp_path / "a.warc.gz"
    w = ArchiveWriter(str(warc))
    w.artifact(Artifact("support", "http://example.gov.vn/", {"text_larger": ["A+"]}, {"controls": [1, 2]}, None, "t"))
    w.snapshot(snap)
    w.close()
    back = load_archive(str(warc))
    restored = back.artifact(Want.of("support", "http://example.gov.vn/", text_larger=["A+"]))
    assert restored is not None and restored.data == {"controls": [1, 2]}


def test_network_guard_refuses_sockets():
    import socket

    with no_network(), pytest.raises(NetworkForbidden):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    with no_network(), pytest.raises(NetworkForbidden):
        socket.getaddrinfo("example.gov.vn", 80)


# -- checks are pure -------------------------------------------------------------------------------
_JUDGES = [*sorted((ROOT / "checker" / "functions").glob("*.py")),
           *(ROOT / "checker" / f for f in ("find.py", "content.py", "terms.py", "dates.py")),
           ROOT / "crawlers" / "dom.py",
           ROOT / "checker" / "evaluate.py", ROOT / "checker" / "registry.py", ROOT / "checker" / "gathering.py",
           *sorted((ROOT / "checker" / "a11y").glob("*.py"))]
_FORBIDDEN_MODULES = ("socket", "httpx", "urllib.request", "http.client", "playwright", "subprocess", "time",
                      "crawlers.crawl", "crawlers.browser", "crawlers.gather", "crawlers.fetch", "crawlers.proxy")
_FORBIDDEN_CALLS = ("now", "today", "utcnow")


@pytest.mark.parametrize("path", _JUDGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_judging_code_does_no_io_and_reads_no_clock(path: Path):
    """The code that judges imports nothing that opens sockets, starts browsers or reads the
    clock, and never calls ``datetime.now()``: a verdict is a function of the snapshot and
    the run's as-of time only."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _FORBIDDEN_CALLS:
            bad.append(f"line {node.lineno}: calls .{node.func.attr}()")
            continue
        else:
            continue
        for n in names:
            if any(n == m or n.startswith(m + ".") for m in _FORBIDDEN_MODULES):
                bad.append(f"line {node.lineno}: imports {n}")
    assert not bad, f"{path.name}: " + "; ".join(bad)
