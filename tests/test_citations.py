"""Legal citations built from structured fields (issue 10 item 4).

The bundled rules cite by reference (document, article, clause, point); the reports render
them in Vietnamese order ("điểm a khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP") or English
order ("Decree 43/2011/NĐ-CP, Art. 10(1)(a)"), each document once, companion documents with
their validity, and the provisional caveat wherever a citation is shown.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from checker.results import Evidence, PortalResult, RuleResult, ScanResults
from checker.rules import RuleFileError, load_rules
from reports import citations, write_all
from reports.i18n import EN, VI
from reports.model import rule_info

NUMBER = re.compile(r"\d+/\d{4}/[A-ZĐa-z-]+|TCVN \d+:\d{4}|ISO/IEC \d+:\d{4}")


@pytest.fixture(scope="module")
def ruleset():
    return load_rules()


def test_vietnamese_order_smallest_unit_first(ruleset) -> None:
    assert ruleset.get("intro.org_structure").legal["text"]["vi"] == "điểm a khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP"
    assert ruleset.get("intro.org_structure").legal["text"]["en"] == "Decree 43/2011/NĐ-CP, Art. 10(1)(a)"
    # the circular's article is its own citation, never read as the decree's
    metadata = rule_info("access.metadata", ruleset.get("access.metadata").meta(), "vi")
    assert metadata.legal_text == "Điều 14 Nghị định số 43/2011/NĐ-CP; khoản 1 Điều 4 Thông tư số 24/2011/TT-BTTTT"
    assert rule_info("access.metadata", ruleset.get("access.metadata").meta(), "en").legal_text == \
        "Decree 43/2011/NĐ-CP, Art. 14; Circular 24/2011/TT-BTTTT, Art. 4(1)"
    assert rule_info("domain.gov_vn", ruleset.get("domain.gov_vn").meta(), "vi").legal_text == \
        "điểm b và điểm c khoản 1 Điều 6 Nghị định số 43/2011/NĐ-CP"
    assert rule_info("intro.culture", ruleset.get("intro.culture").meta(), "vi").legal_text == \
        "gạch đầu dòng thứ hai điểm a khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP"
    assert rule_info("contact.official_email", ruleset.get("contact.official_email").meta(), "vi").legal_text == \
        "Chỉ thị số 34/2008/CT-TTg"


def test_each_document_and_unit_once(ruleset) -> None:
    fresh = rule_info("news.fresh", ruleset.get("news.fresh").meta(), "vi").legal_text
    assert fresh == "điểm b khoản 1 Điều 10 và Điều 17 Nghị định số 43/2011/NĐ-CP"
    for rule in ruleset.rules:
        for lang in ("vi", "en"):
            text = rule_info(rule.id, rule.meta(), lang).legal_text
            numbers = NUMBER.findall(text)
            assert numbers and len(numbers) == len(set(numbers)), (rule.id, text)
            units = re.findall(r"(?:điểm [a-zđ] )?(?:khoản \d+ )?Điều \d+", text)
            assert len(units) == len(set(units)), (rule.id, text)
    # a reference repeated by hand is still named once
    refs = citations.normalise({"refs": [{"document": "43/2011/NĐ-CP", "article": 17},
                                         {"document": "Nghị định 43/2011/NĐ-CP", "article": 17}]})
    assert citations.render(refs, "vi") == "Điều 17 Nghị định số 43/2011/NĐ-CP"


def test_companion_documents_carry_their_own_validity(ruleset) -> None:
    text = rule_info("a11y.support", ruleset.get("a11y.support").meta(), "vi").legal_text
    assert text.split("; ") == ["Điều 8 Nghị định số 43/2011/NĐ-CP",
                                "Thông tư số 28/2009/TT-BTTTT (hiệu lực từ 02/11/2009 đến 31/12/2020)",
                                "Thông tư số 26/2020/TT-BTTTT (hiệu lực từ 01/01/2021)"]
    en = rule_info("a11y.support", ruleset.get("a11y.support").meta(), "en").legal_text
    assert "Circular 28/2009/TT-BTTTT (in force 02/11/2009 to 31/12/2020)" in en
    stored = ruleset.get("a11y.support").legal["refs"]
    assert stored[1]["document"] == {"number": "28/2009/TT-BTTTT", "kind": "circular",
                                     "title": stored[1]["document"]["title"],
                                     "valid_from": "2009-11-02", "valid_to": "2020-12-31"}


def test_user_rule_files_old_shape_and_own_documents(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text("""
extends: decree43
documents:
  99/2025/TT-BTTTT: {title: {vi: "Thông tư mẫu"}, valid_from: "2025-07-01"}
rules:
- id: access.metadata
  legal: {document: "Nghị định 43/2011/NĐ-CP", article: 14, text: {vi: "Điều 14"}, also: ["Thông tư 24/2011/TT-BTTTT, Điều 4 khoản 1"]}
- id: news.section
  legal:
    refs:
    - {document: "43/2011/NĐ-CP", article: 10, clause: 1, point: b}
    - {document: "99/2025/TT-BTTTT", article: 3, provisional: true}
""", encoding="utf-8")
    rs = load_rules(f)
    # the old, hand-typed shape still loads and renders from its fields
    assert rs.get("access.metadata").legal["text"]["vi"] == \
        "Điều 14 Nghị định số 43/2011/NĐ-CP; khoản 1 Điều 4 Thông tư số 24/2011/TT-BTTTT"
    news = rule_info("news.section", rs.get("news.section").meta(), "vi")
    assert news.legal_text == "điểm b khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP; Điều 3 Thông tư số 99/2025/TT-BTTTT (hiệu lực từ 01/07/2025)"
    assert news.provisional and news.caveat == VI["cite_provisional"]


def test_a_malformed_reference_names_file_and_field(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("""
extends: decree43
rules:
- id: news.section
  legal:
    refs:
    - {document: "43/2011/NĐ-CP", article: 10, clause: 1, point: "b)"}
""", encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        load_rules(f)
    assert "bad.yaml" in str(err.value) and "rules[0].legal" in str(err.value)


def _results(ruleset) -> ScanResults:
    ev = [Evidence(url="https://stn.example.gov.vn/moi-truong", excerpt="…")]
    portal = PortalResult(
        id="stn", name="Sở Tài nguyên và Môi trường", url="https://stn.example.gov.vn/", level="department",
        score=50.0, pages_fetched=5, started_at="2026-11-22T01:59:00+00:00", finished_at="2026-11-22T02:00:00+00:00",
        as_of="2026-11-22T02:00:00+00:00", duration_s=8.7,
        results=[RuleResult("legal.dissemination", "fail", "missing", {"vi": "Không có mục phổ biến pháp luật", "en": "missing"}, ev),
                 RuleResult("contact.officials", "review", "unsure", {"vi": "Cần kiểm tra danh bạ", "en": "unsure"}, ev),
                 RuleResult("access.metadata", "fail", "no DC", {"vi": "Thiếu dữ liệu đặc tả", "en": "no DC"}, ev)])
    return ScanResults(rules_file="/home/someone/rules/decree43.yaml", rules_version=ruleset.version,
                       rules_name=ruleset.name, started_at="2026-11-22T01:59:00+00:00",
                       finished_at="2026-11-22T02:00:00+00:00", portals=[portal], rules_meta=ruleset.meta(),
                       name="Tỉnh Mẫu", as_of="2026-11-22T02:00:00+00:00")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_caveat_wherever_a_citation_is_shown(tmp_path: Path, ruleset, lang: str) -> None:
    s = VI if lang == "vi" else EN
    caveat = s["cite_provisional"]
    write_all(_results(ruleset), tmp_path, lang=lang)
    point_d = "điểm d khoản 1 Điều 10 Nghị định số 43/2011/NĐ-CP" if lang == "vi" else "Decree 43/2011/NĐ-CP, Art. 10(1)(d)"

    portal = HTMLParser((tmp_path / "portals" / "stn.html").read_text(encoding="utf-8"))
    assert caveat in portal.css_first("#r-legal\\.dissemination").text()
    assert caveat not in portal.css_first("#r-access\\.metadata").text()  # settled law carries no caveat

    summary = HTMLParser((tmp_path / "summary.html").read_text(encoding="utf-8"))
    items = {li.text(strip=True).split(":")[0]: li.text() for li in summary.css("section.agency li")}
    dissemination = next(v for k, v in items.items() if k == rule_info("legal.dissemination", ruleset.get("legal.dissemination").meta(), lang).title)
    assert point_d in dissemination and caveat in dissemination
    officials = next(v for v in items.values() if "khoản 1 Điều 10" in v or "Art. 10(1)(k)" in v)
    assert caveat in officials  # review items too

    with open(tmp_path / "results.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    head = rows[0]
    by_rule = {r[head.index(s["csv"]["rule"])]: r for r in rows[1:]}
    legal = by_rule["legal.dissemination"][head.index(s["csv"]["legal"])]
    assert legal == f"{point_d} {caveat}"
    assert by_rule["legal.dissemination"][head.index(s["csv_provisional"])] == s["yes"]
    assert by_rule["access.metadata"][head.index(s["csv_provisional"])] == ""
    assert caveat not in by_rule["access.metadata"][head.index(s["csv"]["legal"])]

    wb = load_workbook(tmp_path / "results.xlsx", read_only=True)
    sheet = [list(r) for r in wb[s["xlsx_sheet"]].iter_rows(values_only=True)]
    assert any(f"{point_d} {caveat}" in row for row in sheet)
    about = [list(r) for r in wb[s["prov_sheet"]].iter_rows(values_only=True)]
    assert [s["prov_caveat_h"], caveat] in about and ["legal.dissemination", point_d] in about

    root = ET.parse(tmp_path / "junit.xml").getroot()
    case = next(c for c in root.iter("testcase") if c.get("name", "").startswith("legal.dissemination"))
    props = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert props["provisional"] == caveat and props["legal_basis"] == point_d
    assert caveat in (case.find("failure").text or "")
    review = next(c for c in root.iter("testcase") if c.get("name", "").startswith("contact.officials"))
    assert caveat in (review.find("system-out").text or "")
    settled = next(c for c in root.iter("testcase") if c.get("name", "").startswith("access.metadata"))
    assert "provisional" not in {p.get("name") for p in settled.iter("property")}
