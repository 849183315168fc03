"""Page content is untrusted: payloads in every field stay inert in every output format."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from junitparser import Failure, JUnitXml
from openpyxl import load_workbook
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from checker.results import Evidence, PortalResult, RuleResult, ScanResults
from reports import write_all
from reports.safety import FORMULA_PREFIXES

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PROBE = "window.__pwned=1"
SCRIPT = f"<script>{PROBE}</script>"
ATTR_BREAK = f'"><img src=x onerror="{PROBE}">'
SQ_BREAK = f"'><svg onload={PROBE}>"
CLOSER = f"</textarea></title></style></script>{SCRIPT}"
FORMULA = '=HYPERLINK("https://evil.example/","bấm vào đây")'
FORMULAS = [FORMULA, "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]
BAD_URLS = ["javascript:" + PROBE, "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " \x01javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
            f'https://ok.example.gov.vn/" onmouseover="{PROBE}', "//evil.example/x"]
TEXTS = [SCRIPT, ATTR_BREAK, SQ_BREAK, CLOSER, "{{ 7*7 }} {error} %s", "ctl\x00\x08\x1b\x7f chars", *FORMULAS]

ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "a", "header", "h1", "h2", "h3", "h4", "p",
                "main", "dl", "dt", "dd", "form", "label", "select", "option", "button", "div", "table", "thead",
                "tbody", "tr", "th", "td", "caption", "span", "strong", "br", "svg", "line", "g", "polyline",
                "circle", "nav", "ul", "ol", "li", "section", "article", "blockquote", "mark", "code", "em", "hr",
                "footer", "script", "-text", "-comment", "-doctype", "_text", "_comment", "_doctype"}


def hostile_results() -> ScanResults:
    """Results whose every page-derived field carries a payload."""
    meta = {"rule.a": {"title": {"vi": ATTR_BREAK, "en": ATTR_BREAK}, "help": {"vi": SCRIPT, "en": SCRIPT},
                       "legal": {"article": SQ_BREAK, "text": {"vi": CLOSER, "en": CLOSER}}, "severity": SCRIPT},
            "a11y.wcag": {"title": {"vi": "WCAG", "en": "WCAG"}, "legal": {"article": 8}}}
    results = []
    for i, text in enumerate(TEXTS):
        ev = [Evidence(url=BAD_URLS[i % len(BAD_URLS)], excerpt=f"trước {text} sau", note=text,
                       extra={"match": text, "archived": BAD_URLS[(i + 1) % len(BAD_URLS)]}),
              Evidence(url="https://ok.example.gov.vn/page?q=" + text, excerpt=ATTR_BREAK,
                       extra={"match": "<img", "archived": "../../etc/passwd"})]
        results.append(RuleResult(f"rule.{'a' if i == 0 else i}", ["fail", "review", "error", "pass"][i % 4],
                                  text, {"vi": text, "en": text}, ev))
    results.append(RuleResult("a11y.wcag", "fail", SCRIPT, {"vi": SCRIPT}, [
        Evidence(url="https://ok.example.gov.vn/", excerpt=SCRIPT,
                 extra={"axe_id": ATTR_BREAK, "wcag": SQ_BREAK, "impact": SCRIPT, "selector": CLOSER, "help": FORMULA})]))
    evil = PortalResult(id='"><script>x</script>/../../pwn', name=SCRIPT + FORMULA, url=BAD_URLS[0],
                        level=ATTR_BREAK, score=12.5, pages_fetched=3, results=results,
                        errors=[SCRIPT, ATTR_BREAK], crawl={"duration_s": 1.0, "tls_error": SCRIPT, "pages_failed": SCRIPT},
                        started_at=SQ_BREAK)
    down = PortalResult(id="down", name=FORMULA, url=BAD_URLS[6], level="district", status="error",
                        error=SCRIPT + "\x00" + FORMULA)
    return ScanResults(rules_file=SCRIPT, rules_version=ATTR_BREAK, started_at="2026-11-22T08:00:00+07:00",
                       portals=[evil, down], rules_meta=meta, name=CLOSER)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    prev = hostile_results()
    prev.portals[0].score = 10.0
    history = {prev.portals[0].id: [(SCRIPT, 5.0), (ATTR_BREAK, None), ("2026-10-01", 9.0)]}
    write_all(hostile_results(), d, previous=prev, history=history)
    return d


def html_pages(out: Path) -> list[Path]:
    return [out / "index.html", out / "summary.html", *sorted((out / "portals").glob("*.html"))]


def test_portal_files_stay_inside_the_report_folder(out: Path) -> None:
    pages = sorted((out / "portals").glob("*.html"))
    assert len(pages) == 2
    assert {p.parent for p in pages} == {out / "portals"}
    assert not (out.parent / "pwn.html").exists()


def test_html_has_no_injected_markup(out: Path) -> None:
    dashboard_js = (Path(__file__).parents[1] / "reports" / "static" / "dashboard.js").read_text(encoding="utf-8")
    for page in html_pages(out):
        tree = HTMLParser(page.read_text(encoding="utf-8"))
        tags = {n.tag for n in tree.root.traverse(include_text=False)}
        assert tags <= ALLOWED_TAGS, (page.name, tags - ALLOWED_TAGS)
        scripts = tree.css("script")
        if page.name == "index.html":
            assert len(scripts) == 1 and scripts[0].text() == dashboard_js
        else:
            assert scripts == []
        for node in tree.css("*"):
            for attr in node.attributes:
                assert not attr.lower().startswith("on"), (page.name, node.tag, attr)
        for a in tree.css("[href]"):
            href = a.attributes["href"] or ""
            assert "javascript" not in re.sub(r"\s", "", href).lower(), (page.name, href)
            parts = urlsplit(href)
            if parts.scheme:
                assert parts.scheme in ("http", "https") and parts.netloc, (page.name, href)
            else:
                assert not href.startswith("//") and ":" not in href.split("/")[0], (page.name, href)
        # the payloads are shown to the reader as text, not dropped
        assert SCRIPT in tree.body.text() or page.name == "index.html" and ATTR_BREAK in tree.body.text()


def test_excerpt_highlight_escapes_match(out: Path) -> None:
    page = next(p for p in (out / "portals").glob("*.html") if "pwn" in p.name)
    tree = HTMLParser(page.read_text(encoding="utf-8"))
    marks = [m.text() for m in tree.css("mark")]
    assert SCRIPT in marks and ATTR_BREAK in marks and "<img" in marks
    for m in tree.css("mark"):
        assert [c.tag for c in m.iter(include_text=False)] == []


@pytest.mark.browser
def test_payloads_do_not_run_in_chromium_even_without_csp(out: Path) -> None:
    """Escaping alone must hold: the CSP is switched off (bypass_csp) for this test."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            ctx = browser.new_context(bypass_csp=True, java_script_enabled=True)
            page = ctx.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            for path in html_pages(out):
                page.goto(path.as_uri())
                for el in page.query_selector_all("main a, main td, main blockquote")[:60]:
                    el.hover(timeout=1000, force=True)
                assert page.evaluate("window.__pwned") is None, path.name
            assert dialogs == []
            assert all(u.startswith("file://") for u in requests), requests
        finally:
            browser.close()


def test_junit_is_well_formed_and_payloads_are_text(out: Path) -> None:
    xml = JUnitXml.fromfile(str(out / "junit.xml"))
    suites = list(xml)
    assert len(suites) == 2
    evil = suites[0]
    assert evil.name.startswith(SCRIPT + FORMULA)
    cases = list(evil)
    assert len(cases) == len(TEXTS) + 1   # payloads did not add or remove test cases
    fails = [c.result[0] for c in cases if c.result and isinstance(c.result[0], Failure)]
    assert any(f.message == SCRIPT for f in fails)
    assert any(ATTR_BREAK in (f.text or "") for f in fails)
    assert "\x00" not in (out / "junit.xml").read_text(encoding="utf-8")


def test_csv_cells_cannot_be_formulas(out: Path) -> None:
    with open(out / "results.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 1 + len(TEXTS) + 1 + 1
    for row in rows:
        for value in row:
            assert not value.startswith(FORMULA_PREFIXES), value
    flat = [v for row in rows for v in row]
    assert "'" + FORMULA in flat and "'-2+3" in flat and "'@SUM(A1:A2)" in flat


def test_xlsx_cells_cannot_be_formulas(out: Path) -> None:
    wb = load_workbook(out / "results.xlsx")
    ws = wb.active
    values = []
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f", c.value
            if isinstance(c.value, str):
                assert not c.value.startswith(FORMULA_PREFIXES), c.value
                values.append(c.value)
    assert "'" + FORMULA in values and "'+cmd|' /C calc'!A0" in values


def test_results_json_round_trips_payloads(out: Path) -> None:
    back = ScanResults.read(out / "results.json")
    assert back.portals[0].name == SCRIPT + FORMULA
    assert back.portals[0].results[0].evidence[0].extra["match"] == TEXTS[0]
