"""The sample province under Decree 42/2022, end to end (issue 11, item 6 and its "done
when"): ``d43 demo --rules decree42`` serves the province on 127.0.0.1 (real HTTP server),
scans the registry of that regime (province, departments and three communes, two of them
component sites of hoaan.gov.vn), in a browser where the rules need one, and writes reports
that cite Decree 42 in Vietnamese and, rendered again with ``d43 report --lang en``, in
English, with the regime's level names and no word of Decree 43.

Also: ``d43 check --rules auto --now 2026-11-22 --level commune`` on a demo commune (the
regime chosen by date knows the commune level), and the demo's default stays Decree 43.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from checker.cli import main
from checker.demo.server import PortalServer

PROVINCE = Path(__file__).resolve().parents[1] / "checker" / "demo" / "province"
OLD = "43/2011"  # Decree 43's number: no report of a Decree 42 run may name it


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def demo42(tmp_path_factory) -> Path:
    """One ``d43 demo --rules decree42`` run (with the browser rules), and its English report."""
    out = tmp_path_factory.mktemp("demo42")
    r = run("demo", "--rules", "decree42", "--out", str(out / "vi"), "--workers", "2")
    assert r.exit_code == 0, r.output
    assert "the sample province (8 portals)" in r.output
    en = run("report", str(out / "vi" / "results.json"), "--out", str(out / "en"), "--lang", "en")
    assert en.exit_code == 0, en.output
    return out


def _results(out: Path) -> dict:
    return json.loads((out / "vi" / "results.json").read_text(encoding="utf-8"))


def _xlsx_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def _report_texts(folder: Path) -> dict[str, str]:
    """Every report file of ``folder`` as text (XLSX cells, DOCX XML, the rest as UTF-8)."""
    texts = {}
    for f in sorted(folder.rglob("*")):
        if not f.is_file() or f.suffix == ".sqlite" or f.name == "demo-registry.yaml":
            continue
        if f.suffix == ".xlsx":
            texts[str(f.relative_to(folder))] = _xlsx_text(f)
        elif f.suffix == ".docx":
            texts[str(f.relative_to(folder))] = _docx_text(f)
        else:
            texts[str(f.relative_to(folder))] = f.read_text(encoding="utf-8", errors="replace")
    return texts


def test_the_scan_is_the_decree42_registry_under_decree42(demo42):
    res = _results(demo42)
    assert res["rules"]["regime"]["id"] == "decree42"
    levels = {p["id"]: p["level"] for p in res["portals"]}
    assert levels == {"tinh": "province", "sxd": "department", "stnmt": "department", "sgddt": "department",
                      "soyte": "department", "xa-binh-son": "commune", "phuong-an-phu": "commune", "xa-tan-son": "commune"}
    urls = {p["id"]: p["url"] for p in res["portals"]}
    assert urls["xa-binh-son"].endswith("/xa-binh-son/") and urls["phuong-an-phu"].endswith("/phuong-an-phu/")


def test_every_verdict_follows_expected_decree42(demo42):
    """The whole province, browser rules included, as expected-decree42.yaml records it."""
    expected = yaml.safe_load((PROVINCE / "expected-decree42.yaml").read_text(encoding="utf-8"))
    wrong, total = [], 0
    for p in _results(demo42)["portals"]:
        got = {r["rule"]: r["status"] for r in p["results"]}
        assert set(got) == set(expected[p["id"]]), (p["id"], set(got) ^ set(expected[p["id"]]))
        for rule, want in expected[p["id"]].items():
            if want == "any":
                continue
            total += 1
            if got[rule] != want:
                wrong.append(f"{p['id']} {rule}: expected {want}, got {got[rule]}")
    assert not wrong, f"{len(wrong)}/{total} wrong:\n" + "\n".join(wrong)
    assert total >= 150


def test_vietnamese_reports_cite_decree42_and_name_communes(demo42):
    texts = _report_texts(demo42 / "vi")
    for name in ("index.html", "portals/xa-binh-son.html", "portals/phuong-an-phu.html", "results.xlsx"):
        assert "Nghị định 42/2022/NĐ-CP" in texts[name], name
        assert "Cấp xã" in texts[name], name
    assert "Căn cứ Nghị định số 42/2022/NĐ-CP ngày 24/6/2022" in texts["summary.html"]
    assert "Nghị định 42/2022/NĐ-CP" in texts["results.json"] and "Cấp xã" in texts["results.json"]
    mentions = {name: text.count(OLD) for name, text in texts.items() if OLD in text}
    assert not mentions, mentions


def test_english_reports_cite_decree42_and_name_communes(demo42):
    texts = _report_texts(demo42 / "en")
    for name in ("index.html", "portals/xa-binh-son.html", "portals/xa-tan-son.html"):
        assert "Decree 42/2022/ND-CP" in texts[name], name
        assert "Commune" in texts[name], name
        assert "Nghị định 43" not in texts[name] and "Decree 43" not in texts[name], name
    assert "Pursuant to Decree No. 42/2022/ND-CP" in texts["summary.html"]
    mentions = {name: text.count(OLD) for name, text in texts.items() if OLD in text}
    assert not mentions, mentions


def test_the_demo_picks_its_registry_by_the_regime_it_resolves():
    """``d43 demo`` (decree43) keeps the district registry; decree42 and auto after 15/08/2022 the communes."""
    from datetime import date

    from checker.demo.run import registry_for
    from checker.rules import load_rules, resolve_rules

    def chosen(spec: str | None, day: date) -> str:
        return registry_for(PROVINCE, load_rules(resolve_rules(spec, now=day)).regime.id).name

    assert chosen(None, date(2026, 11, 22)) == "registry.yaml"
    assert chosen("decree43", date(2026, 11, 22)) == "registry.yaml"
    assert chosen("decree42", date(2026, 11, 22)) == "registry-decree42.yaml"
    assert chosen("auto", date(2026, 11, 22)) == "registry-decree42.yaml"
    assert chosen("auto", date(2022, 1, 1)) == "registry.yaml"
    # the registry says its own rule set, so `d43 scan registry-decree42.yaml` needs no --rules
    assert yaml.safe_load((PROVINCE / "registry-decree42.yaml").read_text(encoding="utf-8"))["rules"] == "decree42"


def test_check_auto_picks_decree42_for_a_commune_component_site(tmp_path):
    """``d43 check URL --rules auto --now 2026-11-22 --level commune`` on xã Bình Sơn (a folder of hoaan.gov.vn)."""
    with PortalServer(PROVINCE) as srv:
        args = ["check", srv.rebase("http://hoaan.gov.vn/xa-binh-son/"), "--level", "commune", "--rules", "auto",
                "--now", "2026-11-22", "--scope", "prefix", "--parent-url", srv.rebase("http://hoaan.gov.vn/"),
                "--render", "never", "--fail-on", "never", "--out", str(tmp_path / "o")]
        for entry in srv.resolve_entries():
            args += ["--resolve", entry]
        r = run(*args)
    assert r.exit_code == 0, r.output
    res = json.loads((tmp_path / "o" / "results.json").read_text(encoding="utf-8"))
    assert res["rules"]["regime"]["id"] == "decree42"
    (portal,) = res["portals"]
    assert portal["level"] == "commune"
    got = {x["rule"]: x["status"] for x in portal["results"]}
    assert got["links.agencies"] == "pass" and got["portal.components"] == "not_applicable"
    assert got["finance.annual_report"] == "pass" and got["access.search"] == "pass"
    # the same check dated before 15/08/2022 is a Decree 43 check, which has no communes
    r = run("check", "http://127.0.0.1:9/", "--level", "commune", "--rules", "auto", "--now", "2022-01-01",
            "--out", str(tmp_path / "old"))
    assert r.exit_code == 2 and "'commune' is not a level of decree43" in r.output
