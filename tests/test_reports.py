"""Reports: content, ordering, languages, self-containment, JUnit/CSV/XLSX (no browser)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml
from openpyxl import load_workbook
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from checker.results import Evidence, PortalResult, RuleResult, ScanResults
from checker.rules import bundled_regime
from checker.sample_results import rules_meta, synthetic_results
from reports import write_all
from reports.i18n import EN, VI, format_number
from reports.model import rule_info
from reports.safety import cell, portal_filename, safe_href, safe_relative_href

META = {
    "intro.leader_bios": {"title": {"vi": "Tiểu sử lãnh đạo", "en": "Leader biographies"},
                          "legal": {"document": "Nghị định 43/2011/NĐ-CP", "article": 10, "clause": 1, "point": "a",
                                    "text": {"vi": "Điều 10 khoản 1 điểm a", "en": "Art. 10.1(a)"}},
                          "severity": "serious", "help": {"vi": "Bổ sung tiểu sử và nhiệm vụ đảm nhiệm.",
                                                          "en": "Add biographies and assigned duties."}},
    "env.polluted_areas": {"title": {"vi": "Khu vực ô nhiễm", "en": "Polluted areas"},
                           "legal": {"article": 10, "clause": 1, "point": "đ", "provisional": True}},
    "env.pollution_sources": {"title": {"vi": "Nguồn thải", "en": "Pollution sources"},
                              "legal": {"article": 10, "clause": 1, "point": "d", "provisional": True}},
    "domain.gov_vn": {"title": {"vi": "Tên miền .gov.vn", "en": "Domain"},
                      "legal": {"article": 6, "clause": 1}},
    "contact.official_email": {"title": {"vi": "Thư điện tử công vụ", "en": "Official e-mail"},
                               "legal": {"document": "Chỉ thị 34/2008/CT-TTg"}},
    "a11y.wcag": {"title": {"vi": "Tiếp cận WCAG", "en": "WCAG"}, "legal": {"article": 8}},
}


def _r(rule: str, status: str, vi: str = "", en: str = "", evidence: list[Evidence] | None = None) -> RuleResult:
    return RuleResult(rule, status, en or f"{rule} {status}", {"vi": vi or f"{rule} {status} vi", "en": en or f"{rule} {status}"},
                      evidence or [Evidence(url=f"https://sxd.example.gov.vn/{rule}", excerpt="…")])


def small_results(score: float | None = 62.5) -> ScanResults:
    wcag_ev = [Evidence(url="https://sxd.example.gov.vn/", excerpt="<img>",
                        extra={"axe_id": "image-alt", "impact": "critical", "wcag": "1.1.1", "selector": f"img.{i}", "help": "Images must have alt"})
               for i in range(3)]
    wcag_ev.append(Evidence(url="https://sxd.example.gov.vn/", excerpt="<a>",
                            extra={"axe_id": "link-name", "impact": "serious", "wcag": "2.4.4", "selector": "a.x", "help": "Links need names"}))
    sxd = PortalResult(
        id="sxd", name="Sở Xây dựng", url="https://sxd.example.gov.vn/", level="department", score=score,
        pages_fetched=42, errors=["https://sxd.example.gov.vn/x: HTTP 500"],
        crawl={"duration_s": 12.5, "pages_failed": 1, "rendered_pages": 3},
        results=[
            _r("domain.gov_vn", "pass"),
            _r("intro.leader_bios", "fail", vi="2 trong 4 lãnh đạo chưa có nhiệm vụ đảm nhiệm",
               en="2 of 4 leaders have no assigned duties",
               evidence=[Evidence(url="https://sxd.example.gov.vn/lanh-dao",
                                  excerpt="Phó Giám đốc Nguyễn Văn A, phụ trách lĩnh vực",
                                  extra={"match": "Phó Giám đốc", "archived": "archive/sxd/lanh-dao.html"})]),
            _r("env.polluted_areas", "fail"),
            _r("env.pollution_sources", "fail"),
            _r("contact.official_email", "review"),
            _r("a11y.wcag", "fail", evidence=wcag_ev),
            _r("unknown.rule", "error", vi="Hết thời gian chờ", en="Timed out"),
            _r("intro.admin_map", "not_applicable"),
        ])
    down = PortalResult(id="huyen", name="UBND huyện X", url="https://x.example.gov.vn/", level="district",
                        score=None, status="error", error="DNS lookup failed")
    return ScanResults(rules_file="rules/decree43.yaml", rules_version="1", started_at="2026-11-22T08:00:00+07:00",
                       finished_at="2026-11-22T09:00:00+07:00", portals=[sxd, down], rules_meta=META, name="Tỉnh Mẫu",
                       regime=bundled_regime("decree43").to_dict())


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("rep")
    prev = small_results(score=50.0)
    hist = {"sxd": [("2026-09-01", 40.0), ("2026-10-01", 50.0)]}
    write_all(small_results(), d, previous=prev, history=hist)
    return d


def _text(path: Path) -> str:
    return HTMLParser(path.read_text(encoding="utf-8")).body.text(separator=" ")


def test_write_all_writes_every_output(tmp_path: Path) -> None:
    files = write_all(small_results(), tmp_path)
    names = {p.relative_to(tmp_path).as_posix() for p in files}
    assert names == {"results.json", "index.html", "summary.html", "summary.docx", "junit.xml", "results.csv",
                     "results.xlsx", "portals/sxd.html", "portals/huyen.html"}
    assert all(p.stat().st_size > 0 for p in files)
    assert not list(tmp_path.rglob("*.tmp"))
    assert ScanResults.read(tmp_path / "results.json").to_dict() == small_results().to_dict()


def test_rerender_from_stored_json_is_identical(out: Path, tmp_path: Path) -> None:
    """`d43 report RESULTS.json` reproduces the reports byte for byte (same inputs)."""
    write_all(ScanResults.read(out / "results.json"), tmp_path, previous=small_results(score=50.0),
              history={"sxd": [("2026-09-01", 40.0), ("2026-10-01", 50.0)]})
    for name in ("index.html", "summary.html", "portals/sxd.html", "junit.xml", "results.csv"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_dashboard_lists_portals_with_counts_change_and_trend(out: Path) -> None:
    tree = HTMLParser((out / "index.html").read_text(encoding="utf-8"))
    rows = tree.css("#portal-table tbody tr")
    assert [r.attributes["data-portal"] for r in rows] == ["sxd", "huyen"]
    sxd = rows[0]
    cells = [c.text(strip=True) for c in sxd.css("td")]
    assert cells[0] == "Sở, ban, ngành"  # the regime's name of the level (rules/decree43.yaml)
    assert cells[1] == "62,5"
    assert cells[2] == "+12,5"          # previous scan had 50
    assert cells[3:7] == ["1", "4", "1", "1"]  # pass, fail, review, error
    svg = sxd.css_first("svg.trend")
    assert svg is not None and "62,5" in svg.attributes["aria-label"]
    assert len(svg.css("circle")) == 3   # two past scans + this one
    assert VI["portal_unscanned"] in rows[1].text()
    assert rows[0].css_first("a").attributes["href"] == "portals/sxd.html"


def test_dashboard_matrix_and_rule_stats(out: Path) -> None:
    tree = HTMLParser((out / "index.html").read_text(encoding="utf-8"))
    heads = [th.attributes["data-rule"] for th in tree.css("#matrix-table thead th[data-rule]")]
    assert heads.index("domain.gov_vn") < heads.index("a11y.wcag") < heads.index("intro.leader_bios")
    cell_ = tree.css_first('#matrix-table tr[data-portal="sxd"] td[data-rule="intro.leader_bios"]')
    assert cell_.attributes["data-status"] == "fail"
    assert cell_.css_first("a").attributes["href"] == "portals/sxd.html#r-intro.leader_bios"
    stats = tree.css("#rule-table tbody tr")
    assert stats[0].attributes["data-rule-row"] in {"intro.leader_bios", "env.polluted_areas",
                                                   "env.pollution_sources", "a11y.wcag"}
    assert stats[0].css("td")[1].text(strip=True).startswith("1")


def test_portal_page_failures_first_grouped_by_decree(out: Path) -> None:
    tree = HTMLParser((out / "portals" / "sxd.html").read_text(encoding="utf-8"))
    sections = [h.attributes["id"] for h in tree.css("main > section > h2")]
    assert sections == ["sec-fail", "sec-error", "sec-review", "sec-pass", "sec-not_applicable"]
    fail = tree.css_first("#sec-fail").parent
    headings = [h.text(strip=True) for h in fail.css("h3")]
    # Art. 8 before Art. 10; within Art. 10.1 point d before đ before… (Vietnamese letter order)
    assert headings == ["Điều 8 Nghị định số 43/2011/NĐ-CP",
                        "điểm a khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP",
                        "điểm d khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP",
                        "điểm đ khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP"]
    leader = tree.css_first("#r-intro\\.leader_bios")
    text = leader.text(separator=" ")
    assert "2 trong 4 lãnh đạo chưa có nhiệm vụ đảm nhiệm" in text
    assert "Bổ sung tiểu sử và nhiệm vụ đảm nhiệm." in text
    assert leader.css_first("mark").text() == "Phó Giám đốc"
    hrefs = [a.attributes["href"] for a in leader.css("a")]
    assert "https://sxd.example.gov.vn/lanh-dao" in hrefs
    assert "../archive/sxd/lanh-dao.html" in hrefs
    assert VI["cite_provisional"] in tree.css_first("#r-env\\.polluted_areas").text()
    review = tree.css_first("#sec-review").parent.text()
    assert "Chỉ thị số 34/2008/CT-TTg" in review


def test_portal_page_shows_crawl_facts_errors_and_wcag(out: Path) -> None:
    tree = HTMLParser((out / "portals" / "sxd.html").read_text(encoding="utf-8"))
    facts = tree.css_first("dl.facts").text(separator="|")
    assert "42" in facts and "12,5 giây" in facts and "22/11/2026 08:00" in facts and "(GMT+7)" in facts
    assert tree.css_first("#errors") is not None
    assert [li.text() for li in tree.css("main > ul > li")] == ["https://sxd.example.gov.vn/x: HTTP 500"]
    rows = [[" ".join(c.text().split()) for c in tr.css("th, td")] for tr in tree.css("table.wcag tbody tr")]
    assert rows[0][:3] == ["1.1.1", "3", "image-alt (critical)"]
    assert rows[1][:2] == ["2.4.4", "1"]
    # the unknown rule (no meta) falls back to its id
    assert "unknown.rule" in tree.css_first("#r-unknown\\.rule h4").text()


def test_error_portal_is_not_reported_as_failure(out: Path) -> None:
    text = _text(out / "portals" / "huyen.html")
    assert "DNS lookup failed" in text and "không phải kết luận vi phạm" in text
    summary = _text(out / "summary.html")
    # the reason in the report's language; the raw (English) reason kept, marked as such
    assert "Chưa kiểm tra được cổng/trang này (không truy cập được cổng)" in summary
    assert "Chi tiết kỹ thuật (nguyên văn, tiếng Anh):" in summary and "DNS lookup failed" in summary


def test_summary_lists_unmet_requirements_with_legal_basis(out: Path) -> None:
    tree = HTMLParser((out / "summary.html").read_text(encoding="utf-8"))
    assert "KẾT QUẢ KIỂM TRA VIỆC CUNG CẤP THÔNG TIN TRÊN CỔNG/TRANG THÔNG TIN ĐIỆN TỬ" in tree.css_first("h1").text()
    agency = tree.css("section.agency")[0]
    lists = agency.css("ul")
    unmet = [li.text(strip=True) for li in lists[0].css("li")]
    assert len(unmet) == 4
    assert ("Tiểu sử lãnh đạo: 2 trong 4 lãnh đạo chưa có nhiệm vụ đảm nhiệm "
            "(theo quy định tại điểm a khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP).") in unmet
    assert all("theo quy định tại" in u for u in unmet)
    assert "Thư điện tử công vụ" in lists[1].text()   # the review item, listed apart
    css = "".join(style.text() for style in tree.css("style")).replace(" ", "")
    assert "size:A4;margin:20mm15mm20mm30mm" in css  # A4 with the margins of Nghị định 30/2020/NĐ-CP


def test_english_reports(tmp_path: Path) -> None:
    write_all(small_results(), tmp_path, lang="en")
    tree = HTMLParser((tmp_path / "portals" / "sxd.html").read_text(encoding="utf-8"))
    assert tree.css_first("html").attributes["lang"] == "en"
    assert tree.css_first("#sec-fail").text(strip=True).startswith(EN["status"]["fail"])
    assert "2 of 4 leaders have no assigned duties" in tree.body.text()
    assert "Decree 43/2011/NĐ-CP, Art. 10(1)(a)" in tree.body.text()
    assert "62.5" in _text(tmp_path / "index.html")
    with open(tmp_path / "results.csv", encoding="utf-8-sig") as fh:
        assert next(csv.reader(fh))[0] == EN["csv"]["portal_id"]


def test_html_is_self_contained(out: Path) -> None:
    for page in [out / "index.html", out / "summary.html", *sorted((out / "portals").glob("*.html"))]:
        tree = HTMLParser(page.read_text(encoding="utf-8"))
        assert not tree.css("link, img, iframe, object, embed, script[src]"), page
        assert "@import" not in page.read_text(encoding="utf-8") and "url(" not in tree.css_first("style").text()
        csp = tree.css_first('meta[http-equiv="Content-Security-Policy"]').attributes["content"]
        assert "default-src 'none'" in csp
        scripts = tree.css("script")
        assert len(scripts) == (1 if page.name == "index.html" else 0)


def test_junit_read_by_junitparser(out: Path) -> None:
    xml = JUnitXml.fromfile(str(out / "junit.xml"))
    suites = {s.name: s for s in xml}
    assert set(suites) == {"Sở Xây dựng (sxd)", "UBND huyện X (huyen)"}
    sxd = suites["Sở Xây dựng (sxd)"]
    cases = {c.name.split(":")[0]: c for c in sxd}
    assert "intro.admin_map" not in cases          # not applicable: not a test case
    assert sxd.tests == 7 and sxd.failures == 4 and sxd.errors == 1
    fail = cases["intro.leader_bios"].result[0]
    assert isinstance(fail, Failure)
    assert fail.message == "2 trong 4 lãnh đạo chưa có nhiệm vụ đảm nhiệm"
    assert "https://sxd.example.gov.vn/lanh-dao" in fail.text and "điểm a khoản 1 Điều 10" in fail.text
    assert cases["domain.gov_vn"].is_passed and cases["contact.official_email"].is_passed
    assert isinstance(cases["unknown.rule"].result[0], Error)
    down = list(suites["UBND huyện X (huyen)"])
    assert len(down) == 1 and isinstance(down[0].result[0], Error) and down[0].result[0].message == "không truy cập được cổng"
    assert "Chi tiết kỹ thuật (nguyên văn, tiếng Anh): DNS lookup failed" in down[0].result[0].text


def test_csv_and_xlsx_rows(out: Path) -> None:
    raw = (out / "results.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(out / "results.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["Mã cổng", "Tên cơ quan", "Địa chỉ cổng"]
    assert len(rows) == 1 + 8 + 1                  # 8 rule rows for sxd, 1 error row for huyen
    by_rule = {r[5]: r for r in rows[1:] if r[0] == "sxd"}
    assert by_rule["intro.leader_bios"][9] == "Không đạt"
    assert by_rule["intro.leader_bios"][7] == "điểm a khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP"
    wb = load_workbook(out / "results.xlsx", read_only=True)
    xrows = [[("" if v is None else v) for v in r] for r in wb.active.iter_rows(values_only=True)]
    assert xrows[0] == rows[0]
    assert len(xrows) == len(rows)
    assert xrows[2][4] == 62.5                      # score stays a number


def test_synthetic_province_renders(tmp_path: Path) -> None:
    res = synthetic_results(n_portals=5, n_rules=40)
    files = write_all(res, tmp_path)
    assert len(files) == 7 + 5  # results.json, index, summary.html and .docx, junit, csv, xlsx + portals
    with open(tmp_path / "results.csv", encoding="utf-8-sig", newline="") as fh:
        assert sum(1 for _ in csv.reader(fh)) == 1 + 5 * 40


@pytest.mark.parametrize("url,ok", [
    ("https://a.gov.vn/x?y=1", True), ("HTTP://a.gov.vn", True), ("javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), (" \x01javascript:alert(1)", False), ("data:text/html,<b>", False),
    ("//evil.example/x", False), ("/relative", False), ("ftp://a.gov.vn", False), ("https:///nohost", False)])
def test_safe_href(url: str, ok: bool) -> None:
    assert (safe_href(url) is not None) is ok


def test_safe_relative_href() -> None:
    assert safe_relative_href("archive/a b.html", "../") == "../archive/a%20b.html"
    assert safe_relative_href("https://web.archive.org/x", "../") == "https://web.archive.org/x"
    for bad in ("javascript:alert(1)", "/etc/passwd", "../../secret", "a/../../b", "file:///etc/passwd", "\\\\share\\x"):
        assert safe_relative_href(bad, "../") is None, bad


def test_portal_filename() -> None:
    assert portal_filename("sxd") == "sxd.html"
    names = {portal_filename(x) for x in ("../../etc", "a/b", "a_b", "CON", "Sở Y tế", "", ".hidden")}
    assert len(names) == 7
    for n in names:
        assert re.fullmatch(r"[A-Za-z0-9._-]+\.html", n) and not n.startswith(".") and "/" not in n


def test_cell_neutralises_formulas() -> None:
    for payload in ("=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "\uff1d1"):
        assert str(cell(payload)).startswith("'")
    assert cell("Sở Y tế") == "Sở Y tế" and cell(87.5) == 87.5 and cell(None) is None
    assert cell("a\x00b\x1fc") == "abc"


def test_format_number_and_meta_fallback() -> None:
    assert format_number(87.5, "vi") == "87,5" and format_number(87.5, "en") == "87.5"
    assert format_number(100.0, "vi") == "100" and format_number(None, "vi") == "–"
    info = rule_info("x.y", None, "vi", "43/2011/NĐ-CP")  # no legal basis: the regime's document
    assert info.title == "x.y" and info.legal_text == "Nghị định số 43/2011/NĐ-CP"
    assert rule_info("x.y", None, "vi").legal_text == VI["legal_other"]  # nor a regime: no decree named
    # results.json written before structured references: the old shape still renders
    info = rule_info("c.e", {"legal": {"document": "Chỉ thị 34/2008/CT-TTg", "text": {"vi": "Chỉ thị 34/2008/CT-TTg"},
                                       "also": ["Thông tư 24/2011/TT-BTTTT"]}}, "vi")
    assert info.legal_text == "Chỉ thị số 34/2008/CT-TTg; Thông tư số 24/2011/TT-BTTTT"
    info = rule_info("m", {"legal": {"document": "Nghị định 43/2011/NĐ-CP", "article": 14,
                                     "text": {"vi": "Điều 14", "en": "Art. 14"}}}, "en")
    assert info.legal_text == "Decree 43/2011/NĐ-CP, Art. 14"
    info = rule_info("x.y", {"title": "bad type", "legal": "nope", "weight": "w"}, "en")
    assert info.title == "bad type" and info.weight is None


def test_strings_cover_both_languages() -> None:
    def keys(d: dict, prefix: str = "") -> set[str]:
        out: set[str] = set()
        for k, v in d.items():
            out |= keys(v, f"{prefix}{k}.") if isinstance(v, dict) else {prefix + k}
        return out
    assert keys(VI) == keys(EN)
    assert len(rules_meta(40)) == 40


def test_wcag_summary_shows_help_in_the_report_language_not_a_raw_dict():
    from checker.results import Evidence, RuleResult
    from reports.model import wcag_summary

    help_text = {"vi": "Ảnh phải có văn bản thay thế", "en": "Images must have alternate text"}
    ev = [Evidence("http://x.gov.vn/", "<img src=a.png>", extra={"axe_id": "image-alt", "wcag": "1.1.1", "impact": "critical",
                                                                  "help": help_text, "selector": "img.logo", "count": 3}),
          Evidence("http://x.gov.vn/a", "<input>", extra={"axe_id": "label", "wcag": "1.3.1", "impact": "critical",
                                                           "help": help_text, "count": 1})]
    r = RuleResult("a11y.wcag", "fail", "x", {}, ev)
    (first, second) = wcag_summary(r, lang="en")
    assert (first.criterion, first.count, first.axe_ids) == ("1.1.1", 3, ["image-alt"])
    assert first.example == "Images must have alternate text — img.logo"
    assert wcag_summary(r, lang="vi")[0].example.startswith("Ảnh phải có")
    assert "{" not in first.example and second.criterion == "1.3.1"
