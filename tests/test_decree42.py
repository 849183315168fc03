"""The Decree 42/2022 rule set (rules/decree42.yaml): every rule has a passing and a failing
fixture case in its own fixtures folder, an id shared with decree43.yaml keeps the same
check (so a fixture case linked from rules/fixtures/ still tests it), and the legal notes
(docs/legal-decree42.md) name every rule and every provisional citation."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from checker.registry import FUNCTIONS
from checker.rules import load_rules
from checker.selftest import coverage_problems, discover, run_case
from checker.vocabulary import bundled_option

ROOT = Path(__file__).resolve().parents[1]
RULES_FILE = ROOT / "rules" / "decree42.yaml"
FIXTURES = ROOT / "rules" / "fixtures-decree42"
NOTES = ROOT / "docs" / "legal-decree42.md"

D42 = load_rules(RULES_FILE)
D43 = load_rules()
CASES = list(discover(D42))


def test_fixtures_are_the_sets_own():
    assert D42.fixtures == [FIXTURES]


def test_every_rule_has_a_passing_and_a_failing_case():
    assert coverage_problems(D42, CASES) == []
    assert {c.rule for c in CASES} == {r.id for r in D42.rules}


def test_linked_cases_resolve_into_the_decree43_fixtures():
    links = [p for p in FIXTURES.glob("*/*") if p.is_symlink()]
    assert links, "reused cases are linked, not copied"
    for p in links:
        target = p.resolve()
        assert target.is_dir() and (target / "case.yaml").is_file(), p
        assert target.parent.parent == (ROOT / "rules" / "fixtures").resolve(), p


def _same_check(new: dict, old: dict) -> bool:
    """Whether two checks run the same: equal, or the new one leaves out options whose
    function reads the bundled rule file's value when they are left out (a rule's own words
    have one copy, in decree43.yaml: ``bundled_option``) and the old one sets exactly that."""
    if new == old:
        return True
    if len(new) != 1 or new.keys() != old.keys():
        return False
    (fn,) = new
    mine, theirs = dict(new[fn] or {}), dict(old[fn] or {})
    params = inspect.signature(FUNCTIONS[fn]).parameters
    for key in set(theirs) - set(mine):
        if key not in params or params[key].default is not None:
            return False
        try:
            bundled = bundled_option(fn, key)
        except KeyError:
            return False
        if (list(bundled) if isinstance(bundled, tuple) else bundled) != theirs[key]:
            return False
        mine[key] = theirs[key]
    return mine == theirs


def test_a_shared_id_keeps_decree43s_check():
    """Same id, same meaning: the check (vocabulary included) is decree43's, so the linked
    cases test what they tested there. A changed requirement takes a new id."""
    shared = [r for r in D42.rules if D43.get(r.id)]
    assert len(shared) >= 15
    for rule in shared:
        old = D43.get(rule.id)
        assert old is not None and _same_check(rule.check, old.check), rule.id


def test_linked_case_of_a_new_id_tests_the_same_function():
    """A new id may reuse decree43 cases (english.info's for english.organisation_contacts)
    only when its check is the very check those cases were written for."""
    for p in FIXTURES.glob("*/*"):
        if not p.is_symlink():
            continue
        new_id, old_id = p.parent.name, p.resolve().parent.name
        if new_id != old_id:
            new, old = D42.get(new_id), D43.get(old_id)
            assert new is not None and old is not None and _same_check(new.check, old.check), (new_id, old_id)


def test_every_reference_cites_a_document_of_the_file():
    for rule in D42.rules:
        for ref in rule.legal["refs"]:
            assert ref["document"]["number"] in D42.documents, (rule.id, ref)


def _notes_rows() -> dict[str, str]:
    text = NOTES.read_text(encoding="utf-8")
    return {m.group(1): m.group(0) for m in re.finditer(r"^\| ([a-z0-9_]+\.[a-z0-9_.]+) \|.*$", text, re.M)}


def test_legal_notes_cover_every_rule_and_its_provisional_marks():
    rows = _notes_rows()
    assert set(rows) == {r.id for r in D42.rules}
    for rule in D42.rules:
        provisional = any(ref.get("provisional") for ref in rule.legal["refs"])
        assert ("provisional" in rows[rule.id]) == provisional, rule.id


def test_legal_notes_are_linked_from_the_legal_reading():
    assert "legal-decree42.md" in (ROOT / "docs" / "legal.md").read_text(encoding="utf-8")


OWN_CASES = [c for c in CASES if not c.path.is_symlink()]


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{c.rule}/{c.name}") for c in OWN_CASES])
def test_own_fixture_case(case):
    """The cases written for this set (the linked ones run in tests/test_rule_fixtures.py
    against the same check)."""
    res = run_case(case, D42)
    assert res.status == case.expect, f"{case.path}: {res.message}"
    assert res.replay_status == res.status
