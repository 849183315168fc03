"""The generated collision list is current, and no rule's section terms name the usual menu
label of another section (labels of real portals, tests/real_menu_labels.yaml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from checker.terms import colliding, compile_terms

ROOT = Path(__file__).resolve().parent.parent
LABELS = yaml.safe_load((ROOT / "tests" / "real_menu_labels.yaml").read_text(encoding="utf-8"))["labels"]


def _finders(node) -> list[tuple[list[str], list[str]]]:
    """(terms, exclude_terms) of every section finder in a check tree."""
    out: list[tuple[list[str], list[str]]] = []
    if isinstance(node, dict):
        if isinstance(node.get("terms"), list):
            out.append((node["terms"], node.get("exclude_terms") or []))
        for v in node.values():
            out += _finders(v)
    elif isinstance(node, list):
        for v in node:
            out += _finders(v)
    return out


RULES = {r["id"]: _finders(r.get("check") or {})
         for r in yaml.safe_load((ROOT / "rules" / "decree43.yaml").read_text(encoding="utf-8"))["rules"]}


def test_committed_collision_list_is_up_to_date():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "collisions.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_collision_list_holds_the_known_trap_and_the_matcher_reads_it():
    assert "truyen thong" in colliding()
    m = compile_terms(["truyền thống", "lịch sử"])
    assert m.match("Báo chí - Xuất bản - Truyền thông") is None  # compared with the marks
    assert m.match("LỊCH SỬ - TRUYỀN THỐNG") == ("lich su", False)
    assert m.match("Truyen thong") == ("truyen thong", True)  # folded, short, colliding: weak


@pytest.mark.parametrize("entry", LABELS, ids=[e["label"] for e in LABELS])
def test_no_rule_names_another_sections_menu_label(entry):
    label, own = entry["label"], set(entry["rules"])
    wrong = []
    for rule, finders in RULES.items():
        if rule in own:
            continue
        for terms, exclude in finders:
            hit = compile_terms(terms).match(label)
            if hit is not None and not hit[1] and compile_terms(exclude).match(label) is None:
                wrong.append(f"{rule}: {hit[0]!r}")
    assert not wrong, f"“{label}” (a label of {sorted(own) or 'no Decree 43 section'}) is matched by {wrong}"
