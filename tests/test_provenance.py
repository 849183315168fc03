"""Provenance on every report (issue 10 item 5): the as-of date the verdicts were computed
for, the rule set by name and version (never a local path), d43's version, times in
Asia/Ho_Chi_Minh with the zone shown, and the portal's true check time (crawl, gathering
and evaluation — not the crawl alone).

A fixture portal on 127.0.0.1 is checked for real (``d43 check``'s application layer); its
home page takes a known time to answer, so the duration has a floor the test can assert.
"""

from __future__ import annotations

import csv
import json
import time
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from checker import __version__, app
from checker.results import PortalResult, ScanResults
from checker.rules import builtin_path, load_rules
from crawlers.options import CrawlOptions
from reports import write_all
from reports.i18n import EN, VI
from reports.model import format_duration, format_time
from tests.servers import TestServer, page

NOW = "2026-11-22T02:00:00+00:00"  # 09:00 in Hà Nội
SLOW = 0.6  # seconds the home page takes to answer


def _slow_home(req):
    time.sleep(SLOW)
    body = page("Sở Mẫu", links=[("/gioi-thieu", "Giới thiệu"), ("/tin-tuc", "Tin tức")], text="Cổng thông tin điện tử Sở Mẫu")
    return 200, {"Content-Type": "text/html; charset=utf-8"}, body.encode("utf-8")


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("prov")
    routes = {"/": _slow_home,
              "/gioi-thieu": lambda req: (200, {"Content-Type": "text/html; charset=utf-8"},
                                          page("Giới thiệu", text="Chức năng, nhiệm vụ").encode("utf-8")),
              "/tin-tuc": lambda req: (200, {"Content-Type": "text/html; charset=utf-8"},
                                       page("Tin tức", text="Tin ngày 20/11/2026").encode("utf-8"))}
    with TestServer(routes) as srv:
        url = srv.url("somau.gov.vn", "/")
        opts = CrawlOptions(resolve=[srv.resolve("somau.gov.vn")], render="never", timeout=5)
        code = app.run_check(url, "department", out=out, options=opts, portal={"id": "somau", "name": "Sở Mẫu"},
                             now=datetime.fromisoformat(NOW), fail_on="never")
    assert code == 0
    return out


def test_results_json_records_as_of_rules_and_version(checked: Path) -> None:
    doc = json.loads((checked / "results.json").read_text(encoding="utf-8"))
    assert doc["as_of"] == NOW
    assert doc["rules"]["name"] == "decree43" and doc["rules"]["version"] == load_rules().version
    assert doc["tool"] == {"name": "d43", "version": __version__}
    p = doc["portals"][0]
    assert p["as_of"] == NOW
    # the check's own time: at least the slow home page, and more than the crawl's share
    assert p["duration_s"] >= SLOW
    # evaluation (38 rules) and gathering come after the crawl: the crawl's own clock, which
    # the portal page used to show as the scan's time, is a part of the check's
    assert p["duration_s"] >= p["crawl"]["duration_s"]  # the whole check includes the crawl (both rounded to 0.01 s)
    span = (datetime.fromisoformat(p["finished_at"]) - datetime.fromisoformat(p["started_at"])).total_seconds()
    assert span >= int(p["duration_s"]) - 1  # start and end (whole seconds) bracket the check
    back = ScanResults.read(checked / "results.json")
    assert back.as_of == NOW and back.rules_name == "decree43" and back.portals[0].duration_s == p["duration_s"]


def test_html_reports_show_provenance_in_local_time_without_paths(checked: Path) -> None:
    doc = json.loads((checked / "results.json").read_text(encoding="utf-8"))
    rules_path = str(builtin_path())
    as_of = "22/11/2026 09:00 (GMT+7)"
    assert format_time(NOW, "vi") == as_of
    rules = f"decree43 {load_rules().version}"
    for name in ("index.html", "summary.html", "portals/somau.html"):
        html = (checked / name).read_text(encoding="utf-8")
        text = HTMLParser(html).body.text()
        assert as_of in text, name
        assert rules in text, name
        assert f"d43 {__version__}" in text or f"d43 ({VI['prov_version'].format(v=__version__)};" in text, name
        assert rules_path not in html and "decree43.yaml" not in html, name
        assert "+00:00" not in text and "T0" not in text, name  # no raw UTC timestamps
    facts = HTMLParser((checked / "portals/somau.html").read_text(encoding="utf-8")).css_first("dl.facts").text(separator="|")
    assert format_duration(doc["portals"][0]["duration_s"], "vi") in facts
    assert VI["prov_duration"] in facts


def test_tabular_and_junit_carry_provenance(checked: Path) -> None:
    with open(checked / "results.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index(VI["csv_as_of"])
    assert {r[col] for r in rows[1:]} == {"22/11/2026 09:00 (GMT+7)"}
    wb = load_workbook(checked / "results.xlsx", read_only=True)
    about = {r[0]: r[1] for r in wb[VI["prov_sheet"]].iter_rows(values_only=True)}
    assert about[VI["prov_as_of"]] == "22/11/2026 09:00 (GMT+7)"
    assert about[VI["prov_rules"]] == f"decree43 {load_rules().version}" and about[VI["prov_tool"]] == f"d43 {__version__}"
    suite = ET.parse(checked / "junit.xml").getroot().find("testsuite")
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["as_of"] == NOW and props["rules"].startswith("decree43 ") and props["d43_version"] == __version__
    doc = json.loads((checked / "results.json").read_text(encoding="utf-8"))
    assert float(suite.get("time")) == pytest.approx(doc["portals"][0]["duration_s"], abs=0.001)


def test_older_results_still_render_with_what_they_know(tmp_path: Path) -> None:
    """A results.json written before provenance: no as_of (the scan's start stands in), a
    rule file path (only its stem is shown), the crawl's duration; English shows the zone too."""
    old = ScanResults(rules_file="/home/officer/secret/decree43.yaml", rules_version="1",
                      started_at="2026-11-22T01:00:00+00:00", finished_at="2026-11-22T01:30:00+00:00",
                      portals=[PortalResult(id="a", name="A", url="https://a.gov.vn/", level="department",
                                            crawl={"duration_s": 3.5})], tool_version="")
    doc = old.to_dict()
    assert doc["as_of"] == "2026-11-22T01:00:00+00:00"
    write_all(ScanResults.from_dict(doc), tmp_path, lang="en")
    text = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "/home/officer" not in text and "2026-11-22 08:00 (GMT+7)" in text and "decree43 1" in text
    portal = HTMLParser((tmp_path / "portals/a.html").read_text(encoding="utf-8")).css_first("dl.facts").text()
    assert "3.5 s" in portal and EN["prov_as_of"] in portal


def test_durations_and_times_read_naturally() -> None:
    assert format_duration(8.72, "vi") == "8,7 giây" and format_duration(8.72, "en") == "8.7 s"
    assert format_duration(125, "vi") == "2 phút 05 giây"
    assert format_time("2026-11-21T20:30:00+00:00", "vi") == "22/11/2026 03:30 (GMT+7)"  # the next day in Hà Nội
    assert format_time("2026-11-22T09:00:00+07:00", "en") == "2026-11-22 09:00 (GMT+7)"
