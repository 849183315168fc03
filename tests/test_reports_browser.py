"""The reports in real Chromium: filters, sorting, screenshots, print, and axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from checker.sample_results import synthetic_results
from reports import write_all

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def reports_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("browser")
    res = synthetic_results(n_portals=12, n_rules=40)
    prev = synthetic_results(n_portals=12, n_rules=40, seed=7)
    history = {p.id: [("2026-08-01", 40.0), ("2026-09-01", None), ("2026-10-01", 70.0)] for p in res.portals[:6]}
    write_all(res, d, previous=prev, history=history)
    write_all(res, d / "en", lang="en")
    return d


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    pg = ctx.new_page()
    errors: list[str] = []
    requests: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("request", lambda r: requests.append(r.url))
    yield pg
    ctx.close()
    assert errors == [], errors
    assert all(u.startswith("file://") for u in requests), f"network access at view time: {requests}"


def visible_rows(page: object, table: str) -> list[dict[str, str]]:
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        f"#{table} tbody tr",
        "rows => rows.filter(r => r.offsetParent !== null).map(r => ({id: r.dataset.portal, "
        "level: r.dataset.level, results: r.dataset.results}))")


def test_filter_by_level_status_and_rule(page: object, reports_dir: Path) -> None:
    page.goto((reports_dir / "index.html").as_uri())  # type: ignore[attr-defined]
    all_rows = visible_rows(page, "portal-table")
    assert len(all_rows) == 12
    page.select_option("select[name=level]", "district")  # type: ignore[attr-defined]
    rows = visible_rows(page, "portal-table")
    assert rows and len(rows) < 12 and all(r["level"] == "district" for r in rows)
    assert [r["id"] for r in visible_rows(page, "matrix-table")] == [r["id"] for r in rows]
    assert page.text_content("#filter-count").endswith(f"{len(rows)}/12")  # type: ignore[attr-defined]

    page.select_option("select[name=level]", "")  # type: ignore[attr-defined]
    page.select_option("select[name=rule]", "intro.leader_bios")  # type: ignore[attr-defined]
    page.select_option("select[name=status]", "fail")  # type: ignore[attr-defined]
    expected = [r["id"] for r in all_rows if "intro.leader_bios=fail" in r["results"].split()]
    assert expected, "fixture should have portals failing intro.leader_bios"
    assert [r["id"] for r in visible_rows(page, "matrix-table")] == expected
    visible_cols = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#matrix-table thead th[data-rule]", "ths => ths.filter(t => t.offsetParent !== null).map(t => t.dataset.rule)")
    assert visible_cols == ["intro.leader_bios"]

    page.click("button[type=reset]")  # type: ignore[attr-defined]
    # Poll over the protocol: a string predicate would be eval'd in the page, which the
    # report's Content-Security-Policy rightly forbids.
    expect(page.locator("#portal-table tbody tr.hide")).to_have_count(0)  # type: ignore[attr-defined]
    assert len(visible_rows(page, "matrix-table")) == 12


def test_sorting_by_score_and_name(page: object, reports_dir: Path) -> None:
    page.goto((reports_dir / "index.html").as_uri())  # type: ignore[attr-defined]
    header = "#portal-table thead th:nth-child(3)"

    def scores() -> list[float]:
        return [float(v) for v in page.eval_on_selector_all(  # type: ignore[attr-defined]
            "#portal-table tbody td.score", "tds => tds.map(td => td.dataset.v)") if v != ""]

    page.click(f"{header} button")  # type: ignore[attr-defined]
    assert scores() == sorted(scores()) and len(scores()) == 12
    assert page.get_attribute(header, "aria-sort") == "ascending"  # type: ignore[attr-defined]
    page.click(f"{header} button")  # type: ignore[attr-defined]
    assert scores() == sorted(scores(), reverse=True)
    assert page.get_attribute(header, "aria-sort") == "descending"  # type: ignore[attr-defined]

    page.click("#matrix-table thead th[data-rule='news.section'] button")  # type: ignore[attr-defined]
    ranks = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#matrix-table tbody td[data-rule='news.section']", "tds => tds.map(td => +td.dataset.v)")
    assert ranks == sorted(ranks) and ranks[0] == 0  # failures first


def test_screenshots_and_print(page: object, reports_dir: Path, tmp_path: Path) -> None:
    for name in ("index.html", "portals/p001.html", "summary.html"):
        page.goto((reports_dir / name).as_uri())  # type: ignore[attr-defined]
        shot = tmp_path / (name.replace("/", "_") + ".png")
        page.screenshot(path=str(shot), full_page=False)  # type: ignore[attr-defined]
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert not page.is_visible("p.noprint")  # type: ignore[attr-defined]
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Times New Roman"')  # type: ignore[attr-defined]
    pdf = page.pdf(format="A4")  # type: ignore[attr-defined]
    assert pdf[:4] == b"%PDF"


def test_without_javascript_everything_is_visible(browser: object, reports_dir: Path) -> None:
    ctx = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        pg = ctx.new_page()
        pg.goto((reports_dir / "index.html").as_uri())
        assert pg.locator("#portal-table tbody tr").count() == 12
        assert pg.locator("#matrix-table tbody td.cell").first.is_visible()
        assert not pg.locator("#filters").is_visible()   # controls that need JS are not shown
    finally:
        ctx.close()


@pytest.mark.parametrize("name", ["index.html", "portals/tinh.html", "portals/p001.html", "summary.html",
                                  "en/index.html", "en/portals/p002.html"])
def test_axe_finds_no_violations(page: object, reports_dir: Path, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto((reports_dir / name).as_uri())  # type: ignore[attr-defined]
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
