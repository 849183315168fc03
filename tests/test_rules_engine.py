"""The rule language: loading with file:line errors, extends/override/disable, combinators,
evidence discipline, levels and scoring. Uses two tiny test-only check functions."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import pytest

from checker import registry
from checker.evaluate import evaluate, score
from checker.registry import Context, check, outcome, run
from checker.results import Evidence, RuleResult
from checker.rules import RuleFileError, load_rules
from crawlers.snapshot import Page, Snapshot

NOW = datetime(2026, 11, 22, tzinfo=UTC)

if "t_const" not in registry.FUNCTIONS:
    @check("t_const")
    def t_const(ctx, *, status: Literal["pass", "fail", "review", "error"], evidence: bool = True):
        ev = [Evidence(ctx.snapshot.start_url, f"const {status}")] if evidence else []
        return outcome(status, f"vi {status}", f"en {status}", ev)

    @check("t_boom")
    def t_boom(ctx):
        raise RuntimeError("kaboom")


def snap(status: int | None = 200) -> Snapshot:
    s = Snapshot(start_url="http://x.gov.vn/")
    s.add(Page(url="http://x.gov.vn/", status=status, text="<html><body>hi</body></html>", error=None if status else "ConnectError"))
    return s


def ctx() -> Context:
    return Context(snapshot=snap(), level="department", now=NOW)


def c(status):
    return {"t_const": {"status": status}}


@pytest.mark.parametrize("parts,expected", [
    (["pass", "pass"], "pass"), (["pass", "fail"], "fail"), (["pass", "review"], "review"),
    (["review", "fail"], "fail"), (["error", "pass"], "error"),
])
def test_all(parts, expected):
    assert run(ctx(), {"all": [c(p) for p in parts]}).status == expected


@pytest.mark.parametrize("parts,expected", [
    (["fail", "pass"], "pass"), (["fail", "fail"], "fail"), (["fail", "review"], "review"),
    (["error", "fail"], "error"), (["review", "error"], "review"),
])
def test_any(parts, expected):
    assert run(ctx(), {"any": [c(p) for p in parts]}).status == expected


def test_not_flips_only_sure_verdicts():
    assert run(ctx(), {"not": c("pass")}).status == "fail"
    assert run(ctx(), {"not": c("fail")}).status == "pass"
    assert run(ctx(), {"not": c("review")}).status == "review"


def test_suggests_turns_only_a_pass_into_review():
    assert run(ctx(), {"suggests": c("pass")}).status == "review"
    assert run(ctx(), {"suggests": c("fail")}).status == "fail"
    assert run(ctx(), {"suggests": c("error")}).status == "error"
    # in an any, a suggestion cannot outvote a sure pass, and lifts an otherwise failing rule to review
    assert run(ctx(), {"any": [c("fail"), {"suggests": c("pass")}]}).status == "review"
    assert run(ctx(), {"any": [{"suggests": c("pass")}, c("pass")]}).status == "pass"


def test_a_crashing_function_is_an_error_not_a_crash():
    o = run(ctx(), {"t_boom": None})
    assert o.status == "error" and "kaboom" in o.en


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


RULE = """
  - id: {id}
    title: {{vi: Tiêu đề, en: Title}}
    legal: {{document: "Nghị định 43/2011/NĐ-CP", article: 10, text: {{vi: "Điều 10", en: "Art. 10"}}}}
    levels: [{levels}]
    severity: {severity}
    check: {{t_const: {{status: {status}}}}}
"""


def rules_file(tmp_path, *rules, extends=None, name="base.yaml"):
    head = "schema: d43.rules/1\nname: t\nversion: '1'\n" + (f"extends: {extends}\n" if extends else "") + "rules:\n"
    body = "".join(RULE.format(**{"levels": "department", "severity": "serious", "status": "pass", **r}) for r in rules)
    return write(tmp_path, name, head + body)


def test_load_and_evaluate_with_levels_and_score(tmp_path):
    rs = load_rules(rules_file(tmp_path, {"id": "a.one"}, {"id": "a.two", "status": "fail", "severity": "minor"},
                               {"id": "a.three", "levels": "province"}))
    results = evaluate(snap(), rs, level="department", now=NOW)
    assert [(r.rule, r.status) for r in results] == [("a.one", "pass"), ("a.two", "fail"), ("a.three", "not_applicable")]
    assert score(results, {r.id: r.weight for r in rs.rules}) == pytest.approx(100 * 3 / 4, abs=0.1)


def test_review_earns_half_and_error_is_left_out():
    rs = [RuleResult("a", "review", ""), RuleResult("b", "pass", ""), RuleResult("c", "error", ""),
          RuleResult("d", "not_applicable", "")]
    assert score(rs, {"a": 2, "b": 2, "c": 100, "d": 100}) == 75.0
    assert score([RuleResult("c", "error", "")], {}) is None


def test_pass_without_evidence_becomes_review(tmp_path):
    p = write(tmp_path, "r.yaml", "rules:\n" + RULE.format(id="a.b", levels="department", severity="minor", status="pass")
              .replace("{t_const: {status: pass}}", "{t_const: {status: pass, evidence: false}}"))
    (r,) = evaluate(snap(), load_rules(p), level="department", now=NOW)
    assert r.status == "review" and "evidence" in r.message


def test_unreachable_portal_gives_errors_not_fails(tmp_path):
    rs = load_rules(rules_file(tmp_path, {"id": "a.one", "status": "fail"}))
    (r,) = evaluate(snap(status=None), rs, level="department", now=NOW)
    assert r.status == "error" and r.evidence


def test_extends_override_disable_and_add(tmp_path):
    rules_file(tmp_path, {"id": "a.one"}, {"id": "a.two"}, {"id": "a.three"})
    user = write(tmp_path, "user.yaml", """
extends: base.yaml
rules:
  - id: a.one
    check: {t_const: {status: fail}}
  - id: a.two
    disabled: true
""" + RULE.format(id="my.rule", levels="department", severity="critical", status="review"))
    rs = load_rules(user)
    assert [r.id for r in rs.rules] == ["a.one", "a.three", "my.rule"]
    assert rs.get("a.one").check == {"t_const": {"status": "fail"}}
    assert rs.get("a.one").title["en"] == "Title"  # untouched fields come from the base
    assert rs.get("my.rule").weight == 4.0


def test_extends_builtin_decree43(tmp_path):
    user = write(tmp_path, "u.yaml", "extends: decree43\nrules: []\n")
    base = load_rules()
    extended = load_rules(user)
    assert [r.id for r in extended.rules] == [r.id for r in base.rules] and base.rules
    assert extended.fixtures == base.fixtures  # the base set's fixtures stay available


@pytest.mark.parametrize("text,line,field,msg", [
    ("rules:\n  - id: a.b\n    title: {vi: x}\n    levels: [No-where]\n", 4, "rules[0].levels[0]", "does not match"),
    ("rules:\n  - id: a.b\n    title: {vi: x}\n    legal: {document: d, text: {vi: x}}\n    levels: [province]\n"
     "    severity: minor\n    check: {no_such_fn: {}}\n", 7, "rules[0].check.no_such_fn", "unknown check function"),
    ("rules:\n  - id: a.b\n    title: {vi: x}\n    legal: {document: d, text: {vi: x}}\n    levels: [province]\n"
     "    severity: minor\n    check:\n      all:\n        - t_const: {status: pass, colour: red}\n", 9,
     "rules[0].check.all[0].t_const.colour", "unknown option"),
    ("rules:\n  - id: a.b\n    title: {vi: x}\n    legal: {document: d, text: {vi: x}}\n    levels: [province]\n"
     "    severity: minor\n    check: {t_const: {status: maybe}}\n", 7, "rules[0].check.t_const.status",
     "expected one of pass, fail, review, error, got 'maybe'"),
    ("rules:\n  - id: a.b\n    title: {vi: x}\n    legal: {document: d, text: {vi: x}}\n    levels: [province]\n"
     "    severity: minor\n    check:\n      not:\n        t_const: {status: pass, evidence: 'no'}\n", 9,
     "rules[0].check.not.t_const.evidence", "expected true or false, got 'no'"),
    ("rules:\n  - id: a.b\n    title: {vi: x}\n    legal: {document: d, text: {vi: x}}\n    levels: [province]\n"
     "    severity: minor\n    check: {t_const: {}}\n", 7, "rules[0].check.t_const", "needs option 'status'"),
    ("rules:\n  - id: a.b\n    title: [unclosed\n", 4, "", "YAML syntax"),
    ("rules:\n  - id: a.b\n    id: c.d\n", 3, "id", "duplicate key"),
    ("rules:\n  - id: a.b\n    title: {vi: x}\n", 2, "rules[0]", "lacks legal, levels, severity, check"),
    ("extends: nothere.yaml\nrules: []\n", 1, "extends", "no rules file"),
    ("rules:\n  - id: x.y\n    disabled: true\n", 2, "rules[0].id", "cannot disable unknown rule"),
])
def test_errors_name_file_line_and_field(tmp_path, text, line, field, msg):
    p = write(tmp_path, "bad.yaml", text)
    with pytest.raises(RuleFileError) as info:
        load_rules(p)
    err = info.value
    assert err.file == str(p.resolve()) or err.file == str(p)
    assert err.line == line, str(err)
    assert err.field == field, str(err)
    assert msg in err.message, str(err)


def test_bundled_rule_set_is_valid_and_covers_the_catalogue():
    rs = load_rules()
    catalogue = {
        "domain.gov_vn": "PDH", "access.unicode": "PDH", "access.metadata": "PDH", "access.search": "PDH",
        "access.sitemap": "PDH", "a11y.support": "PDH", "a11y.wcag": "PDH", "intro.org_structure": "D",
        "intro.functions": "D", "intro.history": "D", "intro.admin_apparatus": "PH", "intro.admin_map": "PH",
        "intro.geography": "PH", "intro.culture": "PH", "intro.leader_bios": "PDH", "news.section": "PDH",
        "news.fresh": "PDH", "direction.documents": "PDH", "direction.petitions": "PDH",
        "direction.rewards_sanctions": "PDH", "direction.leader_schedule": "PDH", "legal.dissemination": "PDH",
        "plans.strategy": "PDH", "env.waste_planning": "PH", "env.pollution_sources": "PH",
        "env.polluted_areas": "PH", "legal.documents": "PDH", "projects.procurement": "PDH",
        "consult.drafts": "PDH", "contact.officials": "PDH", "contact.portal": "PDH",
        "contact.official_email": "PDH", "science.programs": "PD", "stats.reports": "PDH", "english.info": "P",
        "feedback.qa": "PDH", "links.units": "PDH", "services.online": "PDH",
    }
    code = {"province": "P", "department": "D", "district": "H"}
    got = {r.id: "".join(sorted(code[lnk] for lnk in r.levels)) for r in rs.rules}
    assert got == {k: "".join(sorted(v)) for k, v in catalogue.items()}
    for r in rs.rules:
        assert r.title.get("vi") and r.title.get("en"), r.id
        assert r.help.get("vi") and r.help.get("en"), r.id
        assert r.legal.get("text", {}).get("vi"), r.id


# -- the shared vocabulary block (rules are data, vocabulary included) --------------------------------
def test_vocabulary_block_is_merged_through_extends_and_reaches_the_checks(tmp_path):
    from checker.vocabulary import bundled
    base = load_rules()
    assert base.vocabulary == bundled() and "không có kết quả nào" in base.vocabulary["placeholder"]
    assert "lãnh đạo sở" in base.vocabulary["leader_pages"]
    user = write(tmp_path, "u.yaml", "extends: decree43\nvocabulary:\n  placeholder: [tạm ngừng cung cấp]\nrules: []\n")
    rs = load_rules(user)
    assert rs.vocabulary["placeholder"] == ("tạm ngừng cung cấp",)  # a key's list is replaced ...
    assert rs.vocabulary["leader_pages"] == base.vocabulary["leader_pages"]  # ... the others kept
    s = Snapshot(start_url="http://x.gov.vn/")
    menu = '<nav><a href="/">Trang chủ</a><a href="/hoi-dap">Hỏi đáp</a></nav>'
    s.add(Page(url="http://x.gov.vn/", status=200, text=f"<html><body>{menu}<p>Chào mừng đến với cổng thông tin</p></body></html>"))
    s.add(Page(url="http://x.gov.vn/hoi-dap", status=200,
               text=f"<html><body>{menu}<main><h1>Hỏi đáp</h1><p>Chuyên mục tạm ngừng cung cấp.</p></main></body></html>"))
    opts = {"section": {"terms": ["hỏi đáp"], "min_chars": 20}}
    assert run(Context(snapshot=s, level="department", now=NOW), opts).status == "pass"  # bundled words
    users = Context(snapshot=s, level="department", now=NOW, vocabulary=rs.vocabulary)
    out = run(users, opts)
    assert out.status == "fail" and "tạm ngừng cung cấp" in out.en


def test_vocabulary_keys_are_checked(tmp_path):
    p = write(tmp_path, "bad.yaml", "extends: decree43\nvocabulary:\n  placeholders: [x]\nrules: []\n")
    with pytest.raises(RuleFileError) as info:
        load_rules(p)
    assert info.value.line == 2 and "placeholders" in info.value.message
