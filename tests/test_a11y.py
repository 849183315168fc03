"""Accessibility rules in real Chromium (issue 6): axe-core on fixture portals served on
127.0.0.1, and support controls (A+, contrast) clicked and measured.

One Chromium for the whole module; each case serves its fixture directory with the demo
PortalServer, crawls it with the real crawler (no rendering, so the crawl does not start a
second browser), gathers the axe/support artifacts with the gatherers of crawlers/a11y/ in
that Chromium (tests/a11y_gather.py, a stand-in for the gather loop) and evaluates the rule
from rules/decree43.yaml or the check function on the snapshot.
"""

from __future__ import annotations

import json
import random
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from a11y_gather import gather_a11y, gather_fn

from checker.demo.server import PortalServer
from checker.evaluate import evaluate
from checker.registry import Context
from checker.rules import load_rules
from crawlers.artifacts import Artifact
from crawlers.browser import BrowserSession
from crawlers.crawl import crawl
from crawlers.options import CrawlOptions
from crawlers.snapshot import Page, Snapshot

pytestmark = pytest.mark.browser

HOST = "stttt.hoaan.gov.vn"
FIXTURES = Path(__file__).resolve().parent.parent / "rules" / "fixtures"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def _reserved_ports(n: int) -> list[int]:
    """``n`` ports free now, taken below the kernel's ephemeral range so that no outgoing
    connection (Chromium's, the crawler's) and no ``bind(0)`` server can take one of them
    between now and the test that binds it."""
    ephemeral = Path("/proc/sys/net/ipv4/ip_local_port_range")
    low = int(ephemeral.read_text().split()[0]) if ephemeral.exists() else 32768
    rng = random.Random()
    ports: list[int] = []
    while len(ports) < n:
        port = rng.randrange(max(1024, low - 12000), low)
        if port in ports:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
    return ports


# One browser for the module. Its --resolve entries (and so the browser's address policy)
# must name HOST:PORT before it starts, so the ports are chosen up front; each server gets
# its own port, because Chromium keeps HTTP keep-alive connections to a stopped server's
# still-running handler threads and would be served the previous fixture.
PORTS = iter(())


def _serve(root: Path) -> PortalServer:
    """A started server on the next reserved port that binds (a port reserved up front can
    still be taken by another process on a shared machine; the next one is tried)."""
    for port in PORTS:
        try:
            return PortalServer(root, port=port).start()
        except OSError:
            continue
    raise RuntimeError("all reserved ports are taken")


@pytest.fixture(scope="module")
def browser():
    global PORTS
    ports = _reserved_ports(60)
    PORTS = iter(ports)
    session = BrowserSession(CrawlOptions(resolve=[f"{HOST}:{p}:127.0.0.1" for p in ports], timeout=10))
    if not session.available:
        pytest.skip(f"Chromium not available: {session.reason}")
    yield session
    session.close()


@pytest.fixture(scope="module")
def ruleset():
    return load_rules()


def _snapshot(root: Path, srv: PortalServer) -> tuple[Snapshot, CrawlOptions]:
    opts = CrawlOptions(resolve=srv.resolve_entries(), delay=0.0, concurrency=4, timeout=10, render="never",
                        max_pages=20)
    return crawl(srv.url(HOST), opts), opts


def run_rule(root: Path, rule_id: str, ruleset, browser, keep: list | None = None):
    """The rule's result; ``keep`` receives the snapshot (with its artifacts)."""
    with _serve(root) as srv:
        snap, opts = _snapshot(root, srv)
        (result,) = gather_a11y(snap, ruleset, session=browser, options=opts, now=NOW, only={rule_id})
    if keep is not None:
        keep.append(snap)
    return result


def run_fn(root: Path, fn, browser, **options):
    with _serve(root) as srv:
        snap, opts = _snapshot(root, srv)
        ctx = Context(snapshot=snap, level="department", now=NOW)
        return gather_fn(ctx, fn, session=browser, options=opts, **options)


def site(tmp_path: Path, pages: dict[str, str]) -> Path:
    root = tmp_path / "portal"
    for rel, text in pages.items():
        f = root / HOST / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8")
    return root


def page_html(body: str, head: str = "", title: str = "Trang chủ") -> str:
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f'<body><main><h1>Sở Thông tin và Truyền thông</h1>{body}'
            f'<p>Cổng thông tin điện tử của Sở Thông tin và Truyền thông tỉnh Hòa An cung cấp thông tin '
            f'về hoạt động, chức năng, nhiệm vụ và dịch vụ công trực tuyến.</p></main></body></html>')


# ============================================================================ a11y.wcag
def test_known_violations_fail_with_axe_ids(ruleset, browser):
    r = run_rule(FIXTURES / "a11y.wcag" / "fail-known-violations", "a11y.wcag", ruleset, browser)
    assert r.status == "fail", r.message
    by_id = {e.extra.get("axe_id"): e for e in r.evidence if e.extra.get("axe_id")}
    assert {"image-alt", "label", "html-has-lang", "color-contrast"} <= set(by_id), sorted(by_id)
    img = by_id["image-alt"]
    assert img.extra["impact"] == "critical" and img.extra["wcag"] == "1.1.1"
    assert img.extra["source"] == "axe"
    assert img.extra["selector"] and "<img" in img.excerpt
    assert img.extra["help"]["vi"].startswith("Hình ảnh phải có văn bản thay thế")
    assert img.extra["help"]["en"] == "Images must have alternative text"
    # the banner (home) and the org chart (gioi-thieu) are two images on two pages
    assert img.extra["nodes"] == 2 and len(img.extra["pages"]) == 2
    assert by_id["color-contrast"].extra["wcag"] == "1.4.3"
    assert by_id["html-has-lang"].extra["wcag"] == "3.1.1"
    assert all(e.url.startswith("http://stttt.hoaan.gov.vn") for e in by_id.values())
    # the result serialises with exactly the keys the report groups by
    d = img.to_dict()
    assert {"axe_id", "impact", "wcag", "selector", "help", "url", "excerpt"} <= set(d)


def test_clean_pages_pass_with_evidence_per_page(ruleset, browser):
    r = run_rule(FIXTURES / "a11y.wcag" / "pass-clean-pages", "a11y.wcag", ruleset, browser)
    assert r.status == "pass", r.message
    tested = [e for e in r.evidence if "no critical/serious violations" in e.note]
    assert len(tested) == 3  # home + the two section pages


def test_impact_threshold_comes_from_options(tmp_path, browser):
    from checker.functions.a11y import axe

    # only serious violations here (no lang, low contrast): fail on serious, pass on critical-only
    root = site(tmp_path, {"index.html": '<!DOCTYPE html><html><head><title>Trang chủ</title></head><body><main>'
                           '<h1>Trang chủ</h1><p style="color:#c8c8c8;background:#fff">Chữ xám nhạt trên nền trắng</p>'
                           '</main></body></html>'})
    strict = run_fn(root, axe, browser, impacts_fail=["serious", "critical"])
    lenient = run_fn(root, axe, browser, impacts_fail=["critical"])
    assert strict.status == "fail"
    assert {e.extra.get("axe_id") for e in strict.evidence} >= {"html-has-lang", "color-contrast"}
    assert lenient.status == "pass", lenient.en
    # the serious ones are still listed as evidence of the pass
    assert {e.extra.get("axe_id") for e in lenient.evidence} >= {"html-has-lang", "color-contrast"}
    review = run_fn(root, axe, browser, impacts_fail=["critical"], impacts_review=["serious"])
    assert review.status == "review"


def test_page_that_fails_to_load_is_not_a_fail(tmp_path, browser):
    """A sampled page the browser cannot load is reported, never counted as a violation."""
    from checker.functions.a11y import axe

    root = site(tmp_path, {"index.html": page_html('<a href="/gioi-thieu">Giới thiệu</a>')})
    with _serve(root) as srv:
        home = srv.url(HOST)
        gone = srv.url(HOST, "/da-xoa")  # the crawl saw it, the server no longer has it (404)
        snap = Snapshot(start_url=home)
        html = page_html('<a href="/da-xoa">Đã xoá</a>')
        snap.add(Page(url=home, status=200, text=html))
        snap.add(Page(url=gone, status=200, text=page_html("<p>Trang cũ</p>", title="Cũ")))
        ctx = Context(snapshot=snap, level="department", now=NOW)
        out = gather_fn(ctx, axe, session=browser, sample=2)
        assert out.status == "review", out.en
        assert any("HTTP 404" in e.note for e in out.evidence)
        (art,) = [a for a in snap.artifacts.values() if a.url == gone]
        assert art.error == "HTTP 404 in the browser" and art.data["status"] == 404
        # every page unreachable: still no fail; the check could not look: error, with the reason
        snap2 = Snapshot(start_url=srv.url(HOST, "/khong-co"))
        snap2.add(Page(url=srv.url(HOST, "/khong-co"), status=200, text=html))
        out2 = gather_fn(Context(snapshot=snap2, level="department", now=NOW), axe, session=browser, sample=1)
        assert out2.status == "error" and "HTTP 404" in out2.en and any("HTTP 404" in e.note for e in out2.evidence)


def test_every_wcag20_axe_rule_has_vietnamese_help(browser):
    """When axe-core is upgraded, new WCAG 2.0 A/AA rules need a Vietnamese help text."""
    from checker.a11y import help_table
    from crawlers.a11y.axe import axe_script

    page = browser.new_page()
    try:
        page.set_content("<html></html>")
        page.evaluate(axe_script())
        ids = {r["ruleId"] for r in page.evaluate("() => axe.getRules(['wcag2a', 'wcag2aa'])")}
    finally:
        page.close()
    assert len(ids) > 40
    assert ids - set(help_table()["rules"]) == set()


# ============================================================================ a11y.support
def test_working_controls_pass_with_measurement(ruleset, browser):
    r = run_rule(FIXTURES / "a11y.support" / "pass-working-controls", "a11y.support", ruleset, browser)
    assert r.status == "pass", r.message
    works = {e.extra["feature"]: e for e in r.evidence if e.extra.get("works") is True}
    assert set(works) == {"text_larger", "text_smaller", "contrast"}
    assert works["text_larger"].extra["control"] == "A+"
    assert works["text_larger"].extra["before"] == "16px" and works["text_larger"].extra["after"] == "17.6px"
    assert "font-size 16px → 17.6px" in works["text_larger"].note
    # A- only undoes A+ in this widget: shown after A+
    assert "after A+" in works["text_smaller"].note
    assert "rgb(255, 255, 0) on rgb(0, 0, 0)" in works["contrast"].note


def test_fake_text_size_button_fails(ruleset, browser):
    r = run_rule(FIXTURES / "a11y.support" / "fail-fake-controls", "a11y.support", ruleset, browser)
    assert r.status == "fail", r.message
    broken = [e for e in r.evidence if e.extra.get("works") is False]
    assert {e.extra["control"] for e in broken} >= {"A+"}
    assert all("font-size 16px → 16px" in e.note for e in broken)


def test_no_support_fails_with_pages_searched(ruleset, browser):
    r = run_rule(FIXTURES / "a11y.support" / "fail-no-support", "a11y.support", ruleset, browser)
    assert r.status == "fail", r.message
    assert sum(1 for e in r.evidence if e.note == "searched in the browser") == 3


def test_help_page_only_is_review(ruleset, browser):
    r = run_rule(FIXTURES / "a11y.support" / "review-help-page-only", "a11y.support", ruleset, browser)
    assert r.status == "review", r.message
    assert any(e.extra.get("feature") == "help_page" and e.extra.get("control") == "Trợ năng" for e in r.evidence)


def test_fake_contrast_button_that_recolours_itself_fails(tmp_path, browser):
    from checker.functions.a11y_support import a11y_support

    body = ('<div class="tools"><button id="tp" type="button">Tương phản cao</button></div>'
            + "".join(f"<p>Đoạn văn số {i} của trang.</p>" for i in range(12)))
    js = ("<script>document.addEventListener('DOMContentLoaded',function(){var b=document.getElementById('tp');"
          "b.addEventListener('click',function(){b.style.color='#fff';b.style.background='#000';});});</script>")
    root = site(tmp_path, {"index.html": page_html(body, head=js)})
    out = run_fn(root, a11y_support, browser)
    assert out.status == "fail", out.en
    (ev,) = [e for e in out.evidence if e.extra.get("works") is False]
    assert ev.extra["feature"] == "contrast" and "7% of text elements changed" in ev.note  # the button alone


def test_control_in_closed_toolbar_and_css_zoom(tmp_path, browser):
    """A+ hidden in a collapsed toolbar (fired by a script click) that zooms the body: the
    rendered size (font-size × zoom) grows."""
    from checker.functions.a11y_support import a11y_support

    body = ('<div id="tb" style="display:none"><span class="btn-zoom" role="button" tabindex="0">Tăng cỡ chữ</span></div>'
            + "".join(f"<p>Đoạn văn số {i} của trang.</p>" for i in range(12)))
    js = ("<script>document.addEventListener('DOMContentLoaded',function(){document.querySelector('.btn-zoom')"
          ".addEventListener('click',function(){document.body.style.zoom='1.25';});});</script>")
    root = site(tmp_path, {"index.html": page_html(body, head=js)})
    out = run_fn(root, a11y_support, browser)
    assert out.status == "pass", out.en
    (ev,) = [e for e in out.evidence if e.extra.get("works") is True]
    assert ev.extra["control"] == "Tăng cỡ chữ" and "script click" in ev.note
    assert ev.extra["before"] == "16px" and ev.extra["after"] == "20px"


def test_no_browser_available_is_review_not_crash(ruleset, monkeypatch):
    monkeypatch.setenv("D43_NO_BROWSER", "1")
    session = BrowserSession(CrawlOptions())
    assert not session.available
    for rule_id, case in (("a11y.wcag", "fail-known-violations"), ("a11y.support", "pass-working-controls")):
        r = run_rule(FIXTURES / rule_id / case, rule_id, ruleset, session)
        assert r.status == "review", (rule_id, r.status, r.message)
        assert "D43_NO_BROWSER" in r.message
        assert r.evidence


# ====================================================================== rule fixtures
def _a11y_cases():
    from checker.selftest import discover

    return [c for c in discover(load_rules()) if c.rule.startswith("a11y.")]


@pytest.mark.parametrize("case", _a11y_cases(), ids=lambda c: f"{c.rule}/{c.name}")
def test_rule_fixture_with_gathered_artifacts(case, ruleset, browser):
    """Every a11y fixture case (rules/fixtures/a11y.*) as ``d43 rules --test`` runs it, with
    the artifacts gathered first (render: never -> the gatherers get no browser)."""
    with _serve(case.path) as srv:
        opts = CrawlOptions(max_pages=case.max_pages, resolve=srv.resolve_entries(), delay=0.0, concurrency=4,
                            render="never", timeout=10, respect_robots=True)
        snap = crawl(srv.rebase(case.url), opts)
        session = browser if case.render != "never" else None
        gather_opts = CrawlOptions(render=case.render)
        (r,) = gather_a11y(snap, ruleset, session=session, options=gather_opts, level=case.level, now=case.now,
                           only={case.rule}, portal=dict(case.portal))
    assert r.status == case.expect, f"{case.path}: {r.message}"


# ====================================================================== pure checks
@pytest.mark.parametrize("rule_id, case", [("a11y.wcag", "fail-known-violations"), ("a11y.wcag", "pass-clean-pages"),
                                           ("a11y.support", "pass-working-controls"),
                                           ("a11y.support", "fail-fake-controls")])
def test_checks_do_no_browser_work_and_replay_gives_the_same_verdict(rule_id, case, ruleset, browser, monkeypatch):
    """With the artifacts gathered, evaluating the rule again needs no browser: with every
    BrowserSession unusable, on the same snapshot and on a copy whose artifacts went through
    JSON (as the archive holds them), the verdict, message and evidence are the same."""
    keep: list[Snapshot] = []
    live = run_rule(FIXTURES / rule_id / case, rule_id, ruleset, browser, keep)
    (snap,) = keep
    assert live.status == case.split("-")[0], live.message
    kind = {"a11y.wcag": "axe", "a11y.support": "support"}[rule_id]
    assert snap.artifacts and {a.kind for a in snap.artifacts.values()} == {kind}

    def refuse(*_a, **_k):
        raise AssertionError("a check used the browser")

    monkeypatch.setattr(BrowserSession, "_start", refuse)
    monkeypatch.setattr(BrowserSession, "new_page", refuse)
    monkeypatch.setattr(BrowserSession, "render", refuse)
    replay = Snapshot(start_url=snap.start_url, pages=dict(snap.pages))
    replay.artifacts = {k: Artifact.from_json(json.loads(json.dumps(a.to_json()))) for k, a in snap.artifacts.items()}
    replay.recording = True
    for s in (snap, replay):
        (again,) = evaluate(s, ruleset, level="department", now=NOW, settings={}, only={rule_id})
        assert (again.status, again.message) == (live.status, live.message)
        assert [e.to_dict() for e in again.evidence] == [e.to_dict() for e in live.evidence]
    assert not replay.wanted  # nothing missing: the artifacts answered every want

