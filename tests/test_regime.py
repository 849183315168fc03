"""Regimes as data (issue 11 items 1, 3, 5): a rule file's ``regime:`` block is loaded into a
typed Regime, its levels are the only ones the rules, the CLI and the registry accept, the
reports name it and say when it was replaced, and ``--rules auto`` picks it by date.

tests/fixtures/regimes/commune.yaml is a small rule file with a regime in force from
2022-08-15 whose levels include commune (not the bundled decree42)."""

from __future__ import annotations

import json
import re
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.registry_file import load_registry
from checker.results import PortalResult, RuleResult, ScanResults
from checker.rules import RuleFileError, builtin_path, bundled, load_rules, resolve_rules

ROOT = Path(__file__).resolve().parent.parent
COMMUNE = Path(__file__).parent / "fixtures" / "regimes" / "commune.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


# -- the regime block --------------------------------------------------------------------------
def test_bundled_decree43_declares_its_regime():
    r = load_rules().regime
    assert (r.id, r.document, r.in_force_from, r.in_force_to) == ("decree43", "43/2011/NĐ-CP", "2011-10-01", "2022-08-14")
    assert r.level_ids == ("province", "department", "district") and r.top_level == "province"
    assert r.level("district").name == {"vi": "Cấp huyện", "en": "District"}
    assert r.title["en"] == "Decree 43/2011/ND-CP" and r.basis["vi"].startswith("Căn cứ Nghị định số 43/2011/NĐ-CP")
    # the successor is named as the file's documents: name it
    assert r.replaced_by["document"] == "42/2022/NĐ-CP" and r.replaced_by["from"] == "2022-08-15"
    assert r.replaced_by["title"]["vi"].startswith("Quy định về việc cung cấp thông tin")
    assert r.document_kind == "decree" and r.document_title["en"].startswith("On the provision")


def test_fixture_regime_with_communes_and_an_unquoted_date():
    rs = load_rules(COMMUNE)
    assert rs.regime.id == "testregime" and rs.regime.in_force_from == "2022-08-15" and not rs.regime.in_force_to
    assert rs.regime.level_ids == ("province", "department", "commune") and rs.regime.replaced_by is None
    assert rs.get("intro.commune_only").levels == ["commune"]


HEAD = """\
schema: d43.rules/1
name: t
documents:
  1/2020/NĐ-CP: {kind: decree, title: {vi: "Một", en: "One"}}
regime:
  id: one
  document: "1/2020/NĐ-CP"
  title: {vi: "Nghị định 1/2020/NĐ-CP", en: "Decree 1/2020/ND-CP"}
  levels:
    province: {vi: "Cấp tỉnh", en: "Province"}
    commune: {vi: "Cấp xã", en: "Commune"}
rules:
- id: a.b
  title: {vi: x}
  legal: {refs: [{document: "1/2020/NĐ-CP", article: 1}]}
  levels: [LEVELS]
  severity: minor
  check: {section: {terms: [x]}}
"""


@pytest.mark.parametrize("text, line, field, message", [
    (HEAD.replace("LEVELS", "province, district"), 16, "rules[0].levels",
     "rule 'a.b' applies at district, not a level of regime 'one' (province, commune)"),
    (HEAD.replace('document: "1/2020/NĐ-CP"\n  title', 'document: "2/2020/NĐ-CP"\n  title'), 7, "regime.document",
     "'2/2020/NĐ-CP' is not a key of documents"),
    (HEAD.replace('commune: {vi: "Cấp xã", en: "Commune"}', 'commune: {vi: "Cấp xã"}'), 11, "regime.levels.commune",
     "'en' is a required property"),
    (HEAD.replace("  levels:\n    province", "  in_force: {from: 2022-02-30}\n  levels:\n    province"), 9,
     "regime.in_force.from", "not a date"),
    (HEAD.replace("  levels:\n    province", "  in_force: {from: 2022-01-01, to: 2021-01-01}\n  levels:\n    province"), 9,
     "regime.in_force.to", "ends (2021-01-01) before it starts"),
    (HEAD.replace("  levels:\n    province", "  replaced_by: {document: 9/2030/NĐ-CP, from: 2030-01-01}\n  levels:\n    province"), 9,
     "regime.replaced_by.document", "'9/2030/NĐ-CP' is not a key of documents"),
    (HEAD.replace("  id: one\n", ""), 5, "regime", "lacks id"),
    (HEAD.split("regime:")[0] + 'regime: "ND1/2020"\nrules:' + HEAD.split("rules:")[1], 5, "regime",
     "is not of type 'object'"),
])
def test_regime_errors_name_file_line_and_field(tmp_path, text, line, field, message):
    p = write(tmp_path, "r.yaml", text.replace("LEVELS", "province"))
    with pytest.raises(RuleFileError) as info:
        load_rules(p)
    err = info.value
    assert (err.line, err.field) == (line, field), str(err)
    assert message in err.message
    # and on the command line: exit 2, one line file:line: field: message
    r = run("rules", "--rules", str(p))
    assert r.exit_code == 2 and f"error: {p.resolve()}:{line}: {field}: " in r.output


def test_extends_inherits_the_regime_and_may_override_keys(tmp_path):
    child = write(tmp_path, "child.yaml", """\
        schema: d43.rules/1
        extends: decree43
        regime: {title: {vi: "Bộ tiêu chí của tỉnh", en: "The province's rule set"}}
        rules: []
        """)
    r = load_rules(child).regime
    assert r.id == "decree43" and r.title["en"] == "The province's rule set" and "district" in r.level_ids
    plain = write(tmp_path, "plain.yaml", "schema: d43.rules/1\nextends: decree43\nrules: []\n")
    assert load_rules(plain).regime == load_rules().regime
    # levels replace the base's: the inherited district rules no longer fit, said at regime.levels
    no_district = write(tmp_path, "communes.yaml", """\
        schema: d43.rules/1
        extends: decree43
        regime:
          levels:
            province: {vi: "Cấp tỉnh", en: "Province"}
            commune: {vi: "Cấp xã", en: "Commune"}
        rules: []
        """)
    with pytest.raises(RuleFileError) as info:
        load_rules(no_district)
    assert info.value.field == "regime.levels" and info.value.line == 4 and "not a level of regime" in info.value.message


def test_a_file_without_a_regime_knows_the_levels_its_rules_use(tmp_path):
    p = write(tmp_path, "r.yaml", HEAD.split("regime:")[0] + "rules:" + HEAD.split("rules:")[1].replace("LEVELS", "department"))
    rs = load_rules(p)
    assert rs.regime.id == "t" and rs.regime.level_ids == ("department",) and rs.regime.document == ""


# -- choosing the regime -----------------------------------------------------------------------
def test_auto_picks_the_regime_in_force_on_the_date():
    catalogue = {"decree43": builtin_path("decree43"), "later": COMMUNE}
    assert resolve_rules("auto", now=date(2022, 1, 1), catalogue=catalogue) == builtin_path("decree43")
    assert resolve_rules("auto", now=date(2022, 8, 14), catalogue=catalogue) == builtin_path("decree43")
    assert resolve_rules("auto", now=date(2022, 8, 15), catalogue=catalogue) == COMMUNE
    assert resolve_rules("auto", now=date(2026, 11, 22), catalogue=catalogue) == COMMUNE
    with pytest.raises(RuleFileError) as info:
        resolve_rules("auto", now=date(2005, 1, 1), catalogue=catalogue)
    assert "no bundled rule file is in force on 2005-01-01" in str(info.value)
    assert "decree43: 2011-10-01 – 2022-08-14" in str(info.value)
    assert resolve_rules("later", catalogue=catalogue) == COMMUNE  # by name
    assert resolve_rules(None) == builtin_path("decree43")  # the default


def test_rules_command_names_the_regime_and_its_levels():
    r = run("rules", "--rules", "auto", "--now", "2022-01-01")
    assert r.exit_code == 0 and "decree43" in r.output.splitlines()[0]
    assert "regime: Decree 43/2011/ND-CP, in force 2011-10-01 – 2022-08-14" in r.output
    r = run("rules", "--rules", str(COMMUNE), "--level", "commune")
    assert r.exit_code == 0 and "intro.commune_only" in r.output and "C commune" in r.output
    r = run("rules", "--level", "commune")
    assert r.exit_code == 2
    assert "error: --level: 'commune' is not a level of decree43; choose one of province, department, district" in r.output
    r = run("rules", "--rules", "nosuchset")
    assert r.exit_code == 2 and "no rules file 'nosuchset' (bundled: " in r.output and "decree43" in r.output


def test_auto_with_the_bundled_files_picks_decree43_then_decree42():
    assert set(bundled()) >= {"decree43", "decree42"}
    before = run("rules", "--rules", "auto", "--now", "2022-01-01")
    after = run("rules", "--rules", "auto", "--now", "2026-11-22")
    assert before.exit_code == 0 and before.output.startswith("decree43 ")
    assert after.exit_code == 0 and after.output.startswith("decree42 ")


def test_check_refuses_a_level_of_another_regime_before_crawling(tmp_path):
    r = run("check", "http://127.0.0.1:9/", "--level", "commune", "--out", str(tmp_path / "o"))
    assert r.exit_code == 2 and "error: --level: 'commune' is not a level of decree43" in r.output
    assert not (tmp_path / "o").exists()
    r = run("check", "http://127.0.0.1:9/", "--level", "district", "--rules", str(COMMUNE), "--out", str(tmp_path / "o"))
    assert r.exit_code == 2 and "choose one of province, department, commune" in r.output


# -- the registry ------------------------------------------------------------------------------
REGISTRY = """\
name: Tỉnh Thử
RULES
portals:
  - id: xa
    name: UBND xã Bình Sơn
    url: https://binhson.thu.gov.vn/
    level: commune
  - id: tinh
    name: UBND tỉnh Thử
    url: https://thu.gov.vn/
    level: province
"""


def test_registry_levels_come_from_the_chosen_rule_file(tmp_path):
    rel = COMMUNE  # an absolute path
    good = write(tmp_path, "reg.yaml", REGISTRY.replace("RULES", f"rules: {rel}"))
    reg = load_registry(good)
    assert reg.ruleset is not None and reg.ruleset.regime.id == "testregime"
    assert reg.get("xa").parent == "tinh"  # the regime's top level is the default parent
    # the default rule set has no communes: file:line: field, exit 2
    bad = write(tmp_path, "bad.yaml", REGISTRY.replace("RULES\n", ""))
    with pytest.raises(RuleFileError) as info:
        load_registry(bad)
    assert str(info.value) == (f"{bad}:6: portals[0].level: must be one of province, department, district, "
                               "got 'commune' (the levels of regime 'decree43')")
    # --rules beats the file's rules:
    assert load_registry(bad, rules=str(COMMUNE)).ruleset.regime.id == "testregime"
    with pytest.raises(RuleFileError):
        load_registry(good, rules="decree43")
    # rules: relative to the registry, auto by date, and a wrong value at its line
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.yaml").write_text(COMMUNE.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_registry(write(tmp_path, "rel.yaml", REGISTRY.replace("RULES", "rules: sub/c.yaml"))).ruleset.name == \
        "commune-test"
    wrong = write(tmp_path, "wrong.yaml", REGISTRY.replace("RULES", "rules: decree99"))
    with pytest.raises(RuleFileError) as info:
        load_registry(wrong)
    text = str(info.value)
    # (the levels cannot be judged without the rule set: that one mistake is the message)
    assert text == f"{wrong}:2: rules: no rules file 'decree99' (bundled: {', '.join(bundled())}, or auto, or a path)"


def test_scan_refuses_a_commune_under_the_default_rules(tmp_path):
    bad = write(tmp_path, "bad.yaml", REGISTRY.replace("RULES\n", ""))
    r = run("scan", str(bad), "--out", str(tmp_path / "o"))
    assert r.exit_code == 2
    assert f"error: {bad}:6: portals[0].level: must be one of province, department, district" in r.output


# -- the reports -------------------------------------------------------------------------------
def results_for(rules_path: Path | None, as_of: str, level: str) -> ScanResults:
    rs = load_rules(rules_path)
    rule = rs.rules[0]
    p = PortalResult(id="p", name="Cổng thử", url="https://thu.gov.vn/", level=level, score=0.0, as_of=as_of,
                     results=[RuleResult(rule.id, "fail", "not found", {"vi": "không thấy", "en": "not found"})])
    return ScanResults(rules_file=rs.file, rules_version=rs.version, rules_name=rs.name, started_at=as_of,
                       finished_at=as_of, portals=[p], rules_meta=rs.meta(), as_of=as_of, regime=rs.regime.to_dict())


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_reports_name_the_regime_of_the_results(tmp_path):
    from reports import write_all

    res = results_for(COMMUNE, "2026-11-22T09:00:00+07:00", "commune")
    for lang, title, level, basis in (("vi", "Nghị định 99/2022/NĐ-CP (thử)", "Cấp xã", "Căn cứ Nghị định thử số 99/2022/NĐ-CP."),
                                      ("en", "Decree 99/2022/ND-CP (test)", "Commune", "Pursuant to test Decree No. 99/2022/ND-CP.")):
        out = tmp_path / lang
        write_all(res, out, lang=lang)
        dash = _text((out / "index.html").read_text(encoding="utf-8"))
        summary = _text((out / "summary.html").read_text(encoding="utf-8"))
        portal = _text((out / "portals" / "p.html").read_text(encoding="utf-8"))
        assert title in dash and level in dash and title in portal and level in portal
        assert basis in summary and "43/2011" not in dash + summary + portal
    doc = json.loads((tmp_path / "en" / "results.json").read_text(encoding="utf-8"))
    regime = doc["rules"]["regime"]
    assert (regime["id"], regime["document"], regime["title"]["en"]) == ("testregime", "99/2022/NĐ-CP", "Decree 99/2022/ND-CP (test)")
    assert regime["in_force_on_as_of"] is True and regime["levels"]["commune"]["vi"] == "Cấp xã"
    assert ScanResults.read(tmp_path / "en" / "results.json").regime["id"] == "testregime"  # d43 report re-renders it


def test_a_decree43_run_after_its_replacement_says_so_everywhere(tmp_path):
    from docx import Document

    from reports import write_all

    late = results_for(None, "2026-11-22T09:00:00+07:00", "department")
    write_all(late, tmp_path / "vi", lang="vi")
    write_all(late, tmp_path / "en", lang="en")
    vi_notice = ("Nghị định 43/2011/NĐ-CP đã được thay thế bởi Nghị định số 42/2022/NĐ-CP (Quy định về việc cung cấp "
                 "thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng) từ ngày 15/08/2022")
    en_notice = ("Decree 43/2011/ND-CP was replaced by Decree 42/2022/NĐ-CP (On the provision of information and online "
                 "public services by state agencies in the network environment) from 2022-08-15")
    for lang, notice in (("vi", vi_notice), ("en", en_notice)):
        out = tmp_path / lang
        for page in ("index.html", "summary.html", "portals/p.html"):
            assert notice in _text((out / page).read_text(encoding="utf-8")), (lang, page)
        docx_text = " ".join(p.text for p in Document(str(out / "summary.docx")).paragraphs)
        assert notice in docx_text
    doc = json.loads((tmp_path / "vi" / "results.json").read_text(encoding="utf-8"))
    regime = doc["rules"]["regime"]
    assert regime["in_force_on_as_of"] is False and regime["replaced_by"]["document"] == "42/2022/NĐ-CP"
    assert regime["replaced_by"]["title"]["en"].startswith("On the provision of information")
    # dated while it was in force: no notice
    early = results_for(None, "2021-06-01T09:00:00+07:00", "department")
    write_all(early, tmp_path / "early", lang="en")
    assert "was replaced" not in (tmp_path / "early" / "summary.html").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "early" / "results.json").read_text(encoding="utf-8"))["rules"]["regime"]["in_force_on_as_of"]


def test_older_results_without_a_regime_read_it_from_the_bundled_file(tmp_path):
    from checker.app import _with_regime
    from reports.regime import view

    res = results_for(None, "2026-11-22T09:00:00+07:00", "department")
    res.regime = {}
    v = view(_with_regime(res), "vi")  # what `d43 report` does with an older results.json
    assert v.title == "Nghị định 43/2011/NĐ-CP" and v.levels["district"] == "Cấp huyện" and "42/2022" in v.notice
    res.rules_name, res.rules_file, res.regime = "", "/somewhere/custom.yaml", {}
    v = view(_with_regime(res), "en")  # unknown set: named by the document its rules cite most
    assert v.document == "43/2011/NĐ-CP" and v.title == "Decree 43/2011/NĐ-CP" and v.basis == "" and v.notice == ""


def test_no_code_names_the_decree():
    """The decree lives in rules/ only: code, docstrings, templates and the crawler's user
    agent name the regime or the rule file, never "43/2011", "Decree 43" or "Nghị định 43"
    (the last two may appear in the demo's generated portals: sample content, as a real
    portal cites its decree)."""
    import re
    import unicodedata

    named = re.compile(r"43/2011|decree\s+(?:no\.?\s*)?43\b|nghị\s+định\s+(?:số\s+)?43\b", re.I)
    demo = ROOT / "checker" / "demo"
    hits = [f"{p.relative_to(ROOT)}:{n}: {line.strip()[:80]}" for folder in ("checker", "crawlers", "reports")
            for p in sorted((ROOT / folder).rglob("*")) if p.is_file() and p.suffix in (".py", ".html", ".js", ".css")
            for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
            if "43/2011" in line or (demo not in p.parents and named.search(unicodedata.normalize("NFC", line)))]
    assert hits == []
    assert all(named.search(s) for s in ("Decree 43 Art. 10", "Nghị định 43 quy định", "Nghị định số 43/2011/NĐ-CP",
                                         "decree no. 43", "NGHỊ ĐỊNH 43"))
    assert not any(named.search(s) for s in ("decree43.yaml", "Decree 42/2022", "Decree 430", "regime"))


# -- checks read the level through the regime --------------------------------------------------
def test_checks_know_the_top_level_from_the_regime_not_by_name(tmp_path):
    """links_units: the regime's first level links down to the others, the others (a commune
    here) link up to it; the level's name plays no part."""
    from checker.evaluate import evaluate
    from crawlers.snapshot import Page, Snapshot

    rules = write(tmp_path, "r.yaml", HEAD.replace("LEVELS", "province, commune").replace(
        "check: {section: {terms: [x]}}", "check: {links_units: {min_units: 1}}"))
    rs = load_rules(rules)
    assert rs.regime.top_level == "province"
    home = ('<html><body><a href="https://thu.gov.vn/">Cổng tỉnh</a>'
            '<a href="https://xa.thu.gov.vn/">Xã</a></body></html>')

    def judge(level: str, start: str) -> str:
        snap = Snapshot(start_url=start)
        snap.add(Page(url=start, status=200, text=home))
        return evaluate(snap, rs, level=level, now=datetime(2026, 11, 22, tzinfo=UTC),
                        portal={"parent_url": "https://thu.gov.vn/"})[0].message

    assert "department/district portals" in judge("province", "https://thu.gov.vn/")  # links down
    assert "provincial portal" in judge("commune", "https://xa.thu.gov.vn/")  # links up
