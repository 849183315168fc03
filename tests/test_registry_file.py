"""REGISTRY.yaml loading and validation (docs/registry.md): every error names file:line: field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from checker.registry_file import load_registry
from checker.rules import RuleFileError

GOOD = """\
name: Tỉnh Quảng Ngãi
defaults: {max_pages: 300, render: auto}
portals:
  - id: tinh
    name: UBND tỉnh Quảng Ngãi
    url: https://quangngai.gov.vn/
    level: province
  - id: sxd
    name: Sở Xây dựng
    url: https://sxd.quangngai.gov.vn/
    level: department
    parent: tinh
    resolve: ["sxd.quangngai.gov.vn:443:203.0.113.7"]
  - id: binhson
    name: UBND huyện Bình Sơn
    url: https://binhson.quangngai.gov.vn/
    level: district
    max_pages: 50
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "registry.yaml"
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def error_of(tmp_path: Path, text: str) -> RuleFileError:
    with pytest.raises(RuleFileError) as info:
        load_registry(write(tmp_path, text))
    return info.value


def test_design_example_loads_with_links_between_portals(tmp_path):
    reg = load_registry(write(tmp_path, GOOD))
    assert reg.name == "Tỉnh Quảng Ngãi"
    assert [p.id for p in reg.portals] == ["tinh", "sxd", "binhson"]
    sxd = reg.get("sxd")
    assert sxd.resolve == ["sxd.quangngai.gov.vn:443:203.0.113.7"] and sxd.host == "sxd.quangngai.gov.vn"
    # binhson has no parent: the registry's only province portal becomes its parent
    assert reg.get("binhson").parent == "tinh"
    tinh = reg.portal_dict(reg.get("tinh"))
    assert tinh["children"] == ["https://sxd.quangngai.gov.vn/", "https://binhson.quangngai.gov.vn/"]
    assert "parent_url" not in tinh
    assert reg.portal_dict(sxd)["parent_url"] == "https://quangngai.gov.vn/"
    # per-portal settings beat defaults
    assert reg.settings_for(reg.get("binhson")) == {"max_pages": 50, "render": "auto"}
    assert reg.settings_for(sxd) == {"max_pages": 300, "render": "auto"}
    assert len(reg.digest) == 64 and Path(reg.key).is_absolute()


@pytest.mark.parametrize("mutation, line, field, words", [
    (("level: department\n    parent: tinh", "level: ministry\n    parent: tinh"), 11, "portals[1].level", "must be one of"),
    (("id: sxd", "id: tinh"), 8, "portals[1].id", "duplicate id 'tinh' (first used at line 4)"),
    (("parent: tinh", "parent: tihn"), 12, "portals[1].parent", "no portal has id 'tihn'"),
    (("url: https://sxd.quangngai.gov.vn/", "url: ftp://sxd.quangngai.gov.vn/"), 10, "portals[1].url", "http:// or https://"),
    (("url: https://sxd.quangngai.gov.vn/", "url: https://sxd quangngai/"), 10, "portals[1].url", "no valid host"),
    (("url: https://sxd.quangngai.gov.vn/", "url: https://quangngai.gov.vn"), 10, "portals[1].url", "same URL as portal 'tinh'"),
    (('resolve: ["sxd.quangngai.gov.vn:443:203.0.113.7"]', 'resolve: ["sxd.quangngai.gov.vn:203.0.113.7"]'), 13,
     "portals[1].resolve[0]", "HOST:PORT:ADDR"),
    (("render: auto}", "render: sometimes}"), 2, "defaults.render", "one of auto, always, never"),
    (("max_pages: 300,", "max_page: 300,"), 2, "defaults.max_page", "did you mean 'max_pages'"),
    (("    max_pages: 50", "    max_pages: 0"), 18, "portals[2].max_pages", "≥ 1"),
    (("    name: Sở Xây dựng\n", "    nmae: Sở Xây dựng\n"), 9, "portals[1].nmae", "unknown field"),
    (("    url: https://binhson.quangngai.gov.vn/\n", ""), 14, "portals[2].url", "required field is missing"),
    (("parent: tinh", "parent: sxd"), 12, "portals[1].parent", "cannot be its own parent"),
    (("id: sxd", "id: sở xây dựng"), 8, "portals[1].id", "letters, digits"),
])
def test_errors_name_file_line_and_field(tmp_path, mutation, line, field, words):
    old, new = mutation
    assert old in GOOD
    err = error_of(tmp_path, GOOD.replace(old, new, 1))
    assert err.file.endswith("registry.yaml")
    assert (err.line, err.field) == (line, field), str(err)
    assert words in err.message, str(err)
    assert str(err).startswith(f"{err.file}:{line}: {field}: ")


def test_structural_errors(tmp_path):
    assert "non-empty list" in error_of(tmp_path, "name: X\nportals: []\n").message
    assert error_of(tmp_path, "name: X\n").message.startswith("portals: a non-empty list")
    e = error_of(tmp_path, "- just\n- a list\n")
    assert e.line == 1 and "mapping" in e.message
    e = error_of(tmp_path, "name: X\nportals:\n  - id: a\n    url: [http://a.gov.vn/\n")
    assert "YAML syntax" in e.message and e.line is not None
    e = error_of(tmp_path, "name: X\nportal:\n  - {}\n")
    assert (e.line, e.field) == (2, "portal") and "did you mean 'portals'" in e.message
    e = error_of(tmp_path, "name: X\nportals:\n  - id: a\n    id: b\n    url: http://a.gov.vn/\n    level: province\n")
    assert (e.line, e.field) == (4, "id") and "duplicate key" in e.message


def test_parent_cycles_are_rejected(tmp_path):
    text = """\
    portals:
      - {id: a, url: "http://a.gov.vn/", level: department, parent: b}
      - {id: b, url: "http://b.gov.vn/", level: department, parent: a}
    """
    e = error_of(tmp_path, text)
    assert e.field == "portals[0].parent" and "loops" in e.message and e.line == 2


def test_every_mistake_is_reported_at_once(tmp_path):
    """Four mistakes on four portals (and one in defaults): all listed, in line order, each
    file:line: field: message; a valid portal next to them is not blamed."""
    text = GOOD.replace("render: auto}", "render: sometimes}", 1)  # line 2
    text = text.replace("level: province", "level: nation", 1)  # line 7
    text = text.replace("url: https://sxd.quangngai.gov.vn/", "url: sxd.quangngai.gov.vn", 1)  # line 10
    text = text.replace("    max_pages: 50", "    max_pages: 0\n    colour: blue", 1)  # lines 18, 19
    err = error_of(tmp_path, text)
    lines = str(err).splitlines()
    assert [(e.line, e.field) for e in err.errors] == [
        (2, "defaults.render"), (7, "portals[0].level"), (10, "portals[1].url"),
        (18, "portals[2].max_pages"), (19, "portals[2].colour")], lines
    assert all(line.startswith(f"{err.file}:") for line in lines) and len(lines) == 5
    assert "must start with http:// or https://, got 'sxd.quangngai.gov.vn'" in lines[2]
    # the first mistake's attributes, for callers that show one
    assert (err.line, err.field) == (2, "defaults.render")
    # sxd's parent 'tinh' is a portal with a mistake, not a missing one: no second complaint
    assert not any("no portal has id" in line for line in lines)


COMPONENT = """\
name: Tỉnh Quảng Ngãi
portals:
  - id: tinh
    url: https://quangngai.gov.vn/
    level: province
  - id: son-tinh
    name: UBND huyện Sơn Tịnh (trang thành phần)
    url: https://quangngai.gov.vn/huyen-son-tinh/
    level: district
    scope: prefix
"""


def test_component_site_scope(tmp_path):
    reg = load_registry(write(tmp_path, COMPONENT))
    comp = reg.get("son-tinh")
    assert comp is not None and comp.scope == "prefix" and reg.get("tinh").scope == "host"
    d = reg.portal_dict(comp)
    assert d["scope"] == "prefix" and d["parent_url"] == "https://quangngai.gov.vn/"
    assert "scope" not in reg.portal_dict(reg.get("tinh"))
    assert reg.portal_dict(reg.get("tinh"))["children"] == ["https://quangngai.gov.vn/huyen-son-tinh/"]


@pytest.mark.parametrize("mutation, message", [
    (("scope: prefix", "scope: folder"), "must be one of host, prefix, got 'folder'"),
    (("url: https://quangngai.gov.vn/huyen-son-tinh/", "url: https://sontinh.quangngai.gov.vn/"),
     "scope: prefix needs a URL with a path"),
])
def test_component_scope_errors_name_file_line_and_field(tmp_path, mutation, message):
    with pytest.raises(RuleFileError) as exc:
        load_registry(write(tmp_path, COMPONENT.replace(*mutation)))
    assert exc.value.line == 10 and exc.value.field == "portals[1].scope"
    assert message in str(exc.value)
