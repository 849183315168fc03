"""Typed options of check functions: every option declares its type, a rule file with an
option of the wrong type is an error naming file, line and field (also through the CLI),
and the committed rules/schema.json is what the declarations generate."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Literal

import jsonschema
import pytest
import yaml

from checker import registry, registry_file, rules, yamlfile
from checker.registry import Schema, check, option_schema, type_schema
from checker.rule_schema import library_functions, render, rules_schema
from checker.rules import RuleFileError, builtin_path, load_rules

ROOT = Path(__file__).resolve().parent.parent


# -- declarations ----------------------------------------------------------------------------
def test_every_library_function_declares_a_type_for_every_option():
    names = library_functions()
    assert {"section", "fresh_date", "axe", "a11y_support", "leaders", "contacts"} <= set(names)
    for name in names:
        schema = option_schema(name)
        params = [p for p in inspect.signature(registry.FUNCTIONS[name]).parameters.values() if p.kind is p.KEYWORD_ONLY]
        assert set(schema["properties"]) == {p.name for p in params}, name
        for p in params:
            prop = schema["properties"][p.name]
            assert "type" in prop or "enum" in prop, (name, p.name, prop)
        assert set(schema.get("required", [])) == {p.name for p in params if p.default is p.empty}, name


@pytest.fixture
def scratch_functions():
    """Register throw-away check functions; they are removed afterwards."""
    before = set(registry.FUNCTIONS)
    yield
    for name in set(registry.FUNCTIONS) - before:
        del registry.FUNCTIONS[name]
        registry.NEEDS.pop(name, None)
    registry.option_schema.cache_clear()


def test_an_option_without_annotation_has_no_schema(scratch_functions):
    @check("t_untyped")
    def t_untyped(ctx, *, good: int = 1, loose=2):
        raise AssertionError("not run")

    with pytest.raises(TypeError, match="'loose' has no type annotation"):
        option_schema("t_untyped")


def test_an_annotation_without_json_equivalent_is_refused(scratch_functions):
    @check("t_set")
    def t_set(ctx, *, kinds: set[str] | None = None):
        raise AssertionError("not run")

    with pytest.raises(TypeError, match="'kinds'"):
        option_schema("t_set")


def test_decorator_constraints_must_name_an_option():
    with pytest.raises(ValueError, match="unknown options"):
        @check("t_typo", options={"min_itemz": {"minimum": 1}})
        def t_typo(ctx, *, min_items: int = 1):
            raise AssertionError("not run")
    assert "t_typo" not in registry.FUNCTIONS


def test_decorator_constraints_join_the_annotation(scratch_functions):
    @check("t_min", options={"n": {"minimum": 1}})
    def t_min(ctx, *, n: int = 2, labels: dict[str, list[str]] | None = None):
        raise AssertionError("not run")

    props = option_schema("t_min")["properties"]
    assert props["n"] == {"type": "integer", "minimum": 1, "default": 2}
    assert props["labels"] == {"type": ["object", "null"], "additionalProperties": {"type": "array", "items": {"type": "string"}}}


@pytest.mark.parametrize("annotation, schema", [
    (int, {"type": "integer"}),
    (float, {"type": "number"}),
    (bool, {"type": "boolean"}),
    (str, {"type": "string"}),
    (list[str], {"type": "array", "items": {"type": "string"}}),
    (Literal["a", "b"], {"enum": ["a", "b"]}),
    (Literal["a", "b"] | None, {"enum": ["a", "b", None]}),
    (int | None, {"type": ["integer", "null"]}),
    (Annotated[str, Schema(enum=["x"])] | None, {"type": ["string", "null"], "enum": ["x", None]}),
    (dict[str, list[str]], {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}),
    (Annotated[int, Schema(minimum=0)], {"type": "integer", "minimum": 0}),
    (Annotated[list[str], Schema(minItems=1)] | None, {"type": ["array", "null"], "items": {"type": "string"}, "minItems": 1}),
])
def test_type_schema(annotation, schema):
    assert type_schema(annotation) == schema


@pytest.mark.parametrize("annotation", [list[str] | dict[str, str] | None, int | str, set[str], dict[int, str], object])
def test_annotations_without_schema(annotation):
    with pytest.raises(TypeError):
        type_schema(annotation)


# -- rules/schema.json ----------------------------------------------------------------------------
def test_committed_schema_is_the_generated_one():
    committed = (ROOT / "rules" / "schema.json").read_text(encoding="utf-8")
    assert committed == render(), "rules/schema.json is stale: python -m checker.rule_schema > rules/schema.json"


def test_generator_check_mode(tmp_path):
    stale = tmp_path / "schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    run = [sys.executable, "-m", "checker.rule_schema", "--check"]
    assert subprocess.run(run + [str(ROOT / "rules" / "schema.json")], cwd=ROOT, check=False).returncode == 0
    r = subprocess.run(run + [str(stale)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert r.returncode == 1 and "out of date" in r.stderr


def test_editor_schema_holds_each_function_and_accepts_the_bundled_rules():
    schema = json.loads((ROOT / "rules" / "schema.json").read_text(encoding="utf-8"))
    check_props = schema["$defs"]["check"]["properties"]
    for name in library_functions():
        assert check_props[name] == json.loads(json.dumps(option_schema(name))), name
    # what an editor does: plain JSON Schema over the YAML as data
    validator = jsonschema.Draft202012Validator(schema)
    bundled = yaml.safe_load(builtin_path().read_text(encoding="utf-8"))
    assert list(validator.iter_errors(bundled)) == []
    bundled["rules"][0]["check"] = {"officials": {"min_officials": "two"}}
    assert [list(e.absolute_path) for e in validator.iter_errors(bundled)] == [["rules", 0, "check", "officials", "min_officials"]]
    bundled["rules"][0]["check"] = {"no_such_function": {}}
    assert list(validator.iter_errors(bundled))


def test_rules_schema_is_the_loader_schema():
    assert rules.schema() == rules_schema()


# -- loading rule files -------------------------------------------------------------------------
RULE = ("rules:\n  - id: x.y\n    title: {vi: a}\n    legal: {document: d, text: {vi: t}}\n"
        "    levels: [province]\n    severity: minor\n    check:\n")  # the check starts on line 8


@pytest.mark.parametrize("check_yaml, line, field, message", [
    ("      officials: {min_officials: two}\n", 8, "rules[0].check.officials.min_officials", "expected integer, got 'two'"),
    ("      officials: {min_officials: 2.0}\n", 8, "rules[0].check.officials.min_officials", "expected integer, got 2.0"),
    ("      officials: {min_officials: true}\n", 8, "rules[0].check.officials.min_officials", "expected integer, got True"),
    ("      officials: {min_officials: -1}\n", 8, "rules[0].check.officials.min_officials", "must be ≥ 0, got -1"),
    ("      metadata: {accept_visible: 'yes'}\n", 8, "rules[0].check.metadata.accept_visible",
     "expected true or false, got 'yes'"),
    ("      any:\n        - english: {}\n        - all:\n            - sitemap: {sample: '5'}\n", 11,
     "rules[0].check.any[1].all[0].sitemap.sample", "expected integer, got '5'"),
    ("      not:\n        suggests:\n          officials: {min_officials: [1]}\n", 10,
     "rules[0].check.not.suggests.officials.min_officials", "expected integer, got [1]"),
    ("      section:\n        terms:\n          - tin tức\n          - ' – '\n", 11,
     "rules[0].check.section.terms[1]", "a phrase needs a letter or digit, got ' – '"),
    ("      section: {terms: []}\n", 8, "rules[0].check.section.terms", "must not be empty"),
    ("      section: {terms: tin tức}\n", 8, "rules[0].check.section.terms", "expected list, got 'tin tức'"),
    ("      section: {terms: [a], without_content: maybe}\n", 8, "rules[0].check.section.without_content",
     "expected one of review, fail, got 'maybe'"),
    ("      contacts: {require: [phone, telex]}\n", 8, "rules[0].check.contacts.require[1]",
     "expected one of address, phone, fax, email, got 'telex'"),
    ("      axe:\n        impacts_fail: [serious, severe]\n", 9, "rules[0].check.axe.impacts_fail[1]",
     "unknown impact 'severe' (one of critical, serious, moderate, minor)"),
    ("      axe: {tags: []}\n", 8, "rules[0].check.axe.tags", "must not be empty"),
    ("      axe: {page_timeout: 0}\n", 8, "rules[0].check.axe.page_timeout", "must be > 0, got 0"),
    ("      a11y_support: {absent_without_browser: pass}\n", 8, "rules[0].check.a11y_support.absent_without_browser",
     "expected one of fail, review, got 'pass'"),
])
def test_wrong_option_values_name_file_line_and_field(tmp_path, check_yaml, line, field, message):
    f = tmp_path / "my-rules.yaml"
    f.write_text(RULE + check_yaml, encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rules(f)
    err = info.value
    assert (err.line, err.field, err.message) == (line, field, message), str(err)


def test_good_option_values_load(tmp_path):
    f = tmp_path / "ok.yaml"
    f.write_text(RULE + "      any:\n        - section: {terms: [tin tức], url_terms: null, min_items: 0}\n"
                 "        - axe: {page_timeout: 5, impacts_review: [], tags: [wcag2a]}\n"
                 "        - english:\n", encoding="utf-8")
    rule = load_rules(f).rules[0]
    assert rule.check["any"][0]["section"]["url_terms"] is None


def test_extending_rule_set_overriding_check_is_validated(tmp_path):
    f = tmp_path / "mine.yaml"
    f.write_text("extends: decree43\nrules:\n  - id: intro.leader_bios\n    check:\n"
                 "      all:\n        - officials: {min_officials: 3}\n        - officials: {min_officials: two}\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rules(f)
    assert str(info.value) == f"{f.resolve()}:7: rules[0].check.all[1].officials.min_officials: expected integer, got 'two'"


def test_the_earliest_bad_option_is_reported(tmp_path):
    f = tmp_path / "two.yaml"
    f.write_text(RULE + "      fresh_date:\n        terms: [lịch]\n        max_age_days: soon\n        max_hits: -2\n",
                 encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rules(f)
    assert (info.value.line, info.value.field) == (10, "rules[0].check.fresh_date.max_age_days")


def test_bundled_rules_load_with_typed_options():
    assert len(load_rules().rules) >= 38


def test_cli_rejects_a_wrongly_typed_option_with_one_line(tmp_path):
    f = tmp_path / "my-rules.yaml"
    f.write_text("extends: decree43\nrules:\n  - id: contact.officials\n    check:\n"
                 "      metadata:\n        accept_visible: true\n        sample: two\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "checker", "rules", "--rules", str(f)], cwd=tmp_path,
                       capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode == 2, r.stderr
    assert r.stderr.splitlines() == [f"error: {f}:7: rules[0].check.metadata.sample: expected integer, got 'two'"]
    assert "Traceback" not in r.stdout + r.stderr


# -- one YAML loader --------------------------------------------------------------------------------
def test_rules_and_registry_share_the_yaml_module():
    assert rules.load_yaml is yamlfile.load_yaml and registry_file.load_yaml is yamlfile.load_yaml
    assert rules.RuleFileError is yamlfile.RuleFileError is registry_file.RuleFileError


def test_yaml_lines_of_block_list_items(tmp_path):
    f = tmp_path / "l.yaml"
    f.write_text("a:\n  - x\n  -\n    b: 1\n  - y\n", encoding="utf-8")
    doc = yamlfile.load_yaml(f)
    assert [yamlfile.line_of(doc, ["a", i]) for i in range(3)] == [2, 4, 5]
    assert yamlfile.line_of(doc, ["a", 1, "b"]) == 4 and yamlfile.line_of(doc, ["a", 9]) == 1
    assert yamlfile.field_path(["a", 1, "b"]) == "a[1].b"
