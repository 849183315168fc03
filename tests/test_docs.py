"""The documentation in docs/ and the README's examples are tested, so they cannot drift:
the generated check-function reference equals the code, every CLI command and option is
documented, real results validate against docs/results.schema.json, and the README's and
docs' examples run (the code blocks are read from the files, never copied here)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from checker import docs_gen
from checker.cli import main
from checker.registry_file import RegistryError, load_registry

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _blocks(path: Path, lang: str = "") -> list[str]:
    """The fenced code blocks of a Markdown file (of one language when given)."""
    text = path.read_text(encoding="utf-8")
    return [m.group(2) for m in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.M | re.S) if not lang or m.group(1) == lang]


def _block(path: Path, first_line: str) -> str:
    found = [b for b in _blocks(path) if b.startswith(first_line + "\n")]
    assert len(found) == 1, f"{path.name}: one block starting {first_line!r}"
    return found[0]


# -- generated reference ---------------------------------------------------------------------
def test_check_functions_doc_is_generated_from_the_code():
    committed = (DOCS / "check-functions.md").read_text(encoding="utf-8")
    assert committed == docs_gen.render(), "python -m checker.docs_gen > docs/check-functions.md"


def test_check_functions_doc_names_every_function_and_option():
    from checker import registry
    from checker.rule_schema import library_functions

    text = (DOCS / "check-functions.md").read_text(encoding="utf-8")
    for name in library_functions():
        assert f"\n## {name}\n" in text
        for option in registry.option_schema(name)["properties"]:
            assert f"| `{option}` |" in text, (name, option)


# -- command line ----------------------------------------------------------------------------
def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## ", text, flags=re.M)
    return {p.split("\n", 1)[0].strip(): p for p in parts[1:]}


def test_cli_doc_covers_every_command_and_option():
    """As sqlite-utils does: walk the click app; each command has a section, and each of its
    options and arguments appears there or in the shared section it links to."""
    sections = _sections((DOCS / "cli.md").read_text(encoding="utf-8"))
    shared = sections["Options shared by check and scan"]
    assert main.commands, "no commands?"
    for name, command in main.commands.items():
        section = sections.get(f"d43 {name}")
        assert section is not None, f"docs/cli.md has no section '## d43 {name}'"
        text = section + (shared if "(#options-shared-by-check-and-scan)" in section else "")
        for param in command.params:
            if param.param_type_name == "argument":
                names = [param.human_readable_name.upper(), (param.metavar or "")]
                assert any(n and f"`{n}`" in text for n in names), (name, param.name)
            else:
                for opt in param.opts:
                    assert f"`{opt}" in text, f"d43 {name} {opt} is not documented in docs/cli.md"
    top = (DOCS / "cli.md").read_text(encoding="utf-8").split("## ", 1)[0]
    for param in main.params:
        for opt in param.opts:
            assert f"`{opt}`" in top, opt
    for opt in main.context_settings["help_option_names"]:
        assert f"`{opt}`" in top, opt


# -- results format --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def validator():
    schema = json.loads((DOCS / "results.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(validator, doc) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)][:5]


def test_demo_results_validate_against_the_schema(validator, tmp_path):
    out = tmp_path / "demo"
    proc = subprocess.run([sys.executable, "-m", "checker", "demo", "--render", "never", "--out", str(out)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert len(doc["portals"]) == 7
    assert not _errors(validator, doc)


def test_unreachable_portal_results_validate(validator, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "checker", "check", "http://127.0.0.1:9/", "--level", "department",
                           "--render", "never", "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert doc["portals"][0]["status"] == "error" and doc["portals"][0]["score"] is None
    assert not _errors(validator, doc)


def test_report_fixture_results_validate(validator):
    from checker.sample_results import synthetic_results

    assert not _errors(validator, synthetic_results(n_portals=6, n_rules=12).to_dict())


def test_schema_rejects_what_the_contract_forbids(validator):
    from checker.sample_results import synthetic_results

    good = synthetic_results(n_portals=2, n_rules=3).to_dict()
    assert not _errors(validator, good)
    bad = json.loads(json.dumps(good))
    bad["portals"][0]["results"][0]["status"] = "failed"
    assert _errors(validator, bad)
    bad = json.loads(json.dumps(good))
    del bad["portals"][1]["results"][0]["evidence"]
    assert _errors(validator, bad)
    assert _errors(validator, {**good, "schema": "d43.results/2"})
    extended = {**good, "as_of": "2026-11-22T09:00:00+07:00", "tool": {"name": "d43"}}  # additive
    assert not _errors(validator, extended)


def test_results_carry_the_regime_as_documented(validator):
    from checker.sample_results import synthetic_results

    good = synthetic_results(n_portals=2, n_rules=3).to_dict()  # decree43, as of 2026-11-22: already replaced
    regime = good["rules"]["regime"]
    assert (regime["id"], regime["document"], regime["in_force_on_as_of"]) == ("decree43", "43/2011/NĐ-CP", False)
    assert regime["replaced_by"]["document"] == "42/2022/NĐ-CP" and set(regime["levels"]) == {"province", "department", "district"}
    for key in ("id", "document", "title", "levels"):
        bad = json.loads(json.dumps(good))
        del bad["rules"]["regime"][key]
        assert _errors(validator, bad), key
    commune = json.loads(json.dumps(good))
    commune["portals"][0]["level"] = "commune"  # a level of another regime is still a level
    assert not _errors(validator, commune)


# -- examples --------------------------------------------------------------------------------
def test_readme_rule_example_is_the_shipped_one_and_passes_its_fixtures():
    """The README's my-rules.yaml (extends, override, disabled, new rule) is docs/examples/
    my-rules.yaml, and `d43 rules --rules my-rules.yaml --test` passes: the new rule with its
    own fixtures, the override against the bundled cases, the disabled rule skipped."""
    from checker.rules import load_rules
    from checker.selftest import coverage_problems, discover

    example = DOCS / "examples" / "my-rules.yaml"
    readme = _block(ROOT / "README.md", "# my-rules.yaml")
    assert readme == example.read_text(encoding="utf-8")
    assert readme == _block(DOCS / "rules.md", "# my-rules.yaml")
    ruleset = load_rules(example)
    assert ruleset.get("science.programs") is None and ruleset.get("local.tourism") is not None
    assert coverage_problems(ruleset, list(discover(ruleset))) == []
    result = CliRunner().invoke(main, ["rules", "--rules", str(example), "--test", "--rule", "local.tourism",
                                       "--rule", "news.fresh", "--rule", "science.programs"])
    assert result.exit_code == 0, result.output
    assert "local.tourism/pass: expected pass, got pass" in result.output
    assert "local.tourism/fail_absent: expected fail, got fail" in result.output
    assert "science.programs" not in result.output


def test_disabled_rule_fixtures_skipped_but_unknown_ones_reported(tmp_path):
    from checker.rules import load_rules
    from checker.selftest import coverage_problems, discover

    (tmp_path / "r.yaml").write_text("extends: decree43\nrules:\n  - id: science.programs\n    disabled: true\n",
                                     encoding="utf-8")
    stray = tmp_path / "fixtures" / "no.such_rule" / "pass"
    stray.mkdir(parents=True)
    (stray / "case.yaml").write_text("expect: pass\nlevel: department\nurl: http://a.gov.vn/\n", encoding="utf-8")
    ruleset = load_rules(tmp_path / "r.yaml")
    problems = coverage_problems(ruleset, list(discover(ruleset)))
    assert problems == [f"{stray}: fixture for unknown rule 'no.such_rule'"]


def test_registry_examples(tmp_path):
    good = _block(DOCS / "registry.md", "# province.yaml")
    (tmp_path / "province.yaml").write_text(good, encoding="utf-8")
    reg = load_registry(tmp_path / "province.yaml")
    assert [p.id for p in reg.portals] == ["tinh", "sxd", "huyen-son-tinh"]
    district = reg.get("huyen-son-tinh")
    assert district is not None and district.parent == "tinh"  # the one province portal
    assert reg.settings_for(district) == {"max_pages": 100, "render": "auto"}
    bad = _block(DOCS / "registry.md", "# bad.yaml")
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(RegistryError):
        load_registry(tmp_path / "bad.yaml")
    expected = next(b for b in _blocks(DOCS / "registry.md") if b.startswith("error: bad.yaml"))
    result = subprocess.run([sys.executable, "-m", "checker", "scan", "bad.yaml", "--out", "out"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 2
    assert result.stderr == expected


def test_docs_links_resolve():
    for md in [ROOT / "README.md", *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", md.read_text(encoding="utf-8")):
            if "://" not in target:
                assert (md.parent / target).exists(), f"{md.name}: broken link {target}"


def test_no_reference_to_files_outside_the_project():
    """The project's code and docs send no reader to notes that are not part of it. The
    provenance notes of the holdout fixtures record what their annotators read: history."""
    pattern = re.compile(r"design\.md|decree43\.md|/work/shared")
    history = {"tests/fixtures"}
    pending: set[str] = set()
    found = []
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT).as_posix()
        if path.suffix not in (".py", ".md") or rel.startswith((".venv", ".git", "build")) or "egg-info" in rel:
            continue
        if any(rel.startswith(h) for h in history) or rel in pending or path.name == "test_docs.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{rel}:{n}: {line.strip()[:100]}")
    assert not found, "\n".join(found)
