"""The checks' words are rule data (issue 11: "the vocabulary the checks use lives in data
that a rule file can extend or override"): the bundled rule file's ``vocabulary`` block holds
them, a user file replaces a key through ``extends``, and no check module grows a new list of
Vietnamese words of its own."""

from __future__ import annotations

import ast
import re
from datetime import datetime
from pathlib import Path

from checker.registry import Context, run
from checker.rules import load_rules
from checker.vocabulary import KEYS, bundled
from crawlers.snapshot import Page, Snapshot

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime.fromisoformat("2026-11-22T09:00:00+07:00")
VI = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
SCANNED = sorted((ROOT / "checker" / "functions").glob("*.py")) + [
    ROOT / "checker" / n for n in ("content.py", "page_content.py", "dates.py", "language.py", "find.py")]

# (file, name of the constant) -> why its words stay in code
ALLOWED = {
    ("_people.py", "SURNAMES"): "Vietnamese family names: language data telling a person's name from other words, "
                                "the same under every regime, not words a rule looks for",
    ("_people.py", "NON_NAME_WORDS"): "words that end a personal name (grammar of the name reader)",
    ("_people.py", "PLACE_NAMES"): "province names that read like personal names (grammar of the name reader)",
    ("a11y_support.py", "DEFAULT_VOCAB"): "defaults of the a11y_support rule's options (a rule file already overrides "
                                          "them there); the browser probe (crawlers/a11y) shares them: not moved yet",
}


def _vietnamese_lists(path: Path) -> list[tuple[str, int, list[str]]]:
    """(owner, line, words) of each list/set/tuple literal, or ``"…".split()``, holding three
    or more strings with Vietnamese letters; the owner is the assigned name or the function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    owner: dict[ast.AST, str] = {}

    def mark(node: ast.AST, name: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                here = child.name
            elif isinstance(child, (ast.Assign, ast.AnnAssign)):
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                here = next((t.id for t in targets if isinstance(t, ast.Name)), name)
            else:
                here = name
            owner[child] = here
            mark(child, here)

    mark(tree, "<module>")
    out = []
    for node in ast.walk(tree):
        strings: list[str] = []
        if isinstance(node, (ast.List, ast.Set, ast.Tuple)):
            strings = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
              and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)):
            strings = node.func.value.value.split()
        vi = [s for s in strings if VI.search(s)]
        if len(vi) >= 3:
            out.append((owner.get(node, "<module>"), getattr(node, "lineno", 0), vi))
    return out


def test_no_check_module_defines_its_own_vietnamese_word_list():
    found = {(p.name, o): (n, w) for p in SCANNED for o, n, w in _vietnamese_lists(p)}
    new = {k: v for k, v in found.items() if k not in ALLOWED}
    assert not new, ("words the checks look for belong in the rule file (its `vocabulary` block or the rule's "
                     f"options; docs/rules.md), not in code: {new}")
    stale = set(ALLOWED) - set(found)
    assert not stale, f"allow-listed but gone: remove from ALLOWED: {stale}"


def test_the_scan_sees_a_word_list(tmp_path):
    src = 'X = ["tin tức", "thông báo", "lịch công tác"]\nY = ("news", "tin tức")\ndef f():\n    return "lịch họp đề án".split()\n'
    p = tmp_path / "probe.py"
    p.write_text(src, encoding="utf-8")
    assert [(o, n) for o, n, _ in _vietnamese_lists(p)] == [("X", 1), ("f", 4)]


def test_every_key_has_its_default_in_the_bundled_rule_file():
    voc = bundled()
    assert set(voc) == set(KEYS)
    assert all(voc[k] for k in KEYS)
    # a rule file without the block (decree42.yaml) judges with the bundled words
    d42 = load_rules(ROOT / "rules" / "decree42.yaml")
    assert not d42.vocabulary or all(d42.vocabulary[k] for k in d42.vocabulary)


def _services_snapshot() -> Snapshot:
    s = Snapshot(start_url="http://x.gov.vn/")
    menu = '<nav><a href="/">Trang chủ</a><a href="/dich-vu-cong">Dịch vụ công trực tuyến</a></nav>'
    s.add(Page(url="http://x.gov.vn/", status=200,
               text=f"<html><body>{menu}<p>Chào mừng đến với cổng thông tin điện tử của Sở</p></body></html>"))
    items = "".join(f'<li><a href="/tthc/{i}">Thủ tục {name} – Cấp độ 3</a></li>'
                    for i, name in enumerate(["cấp giấy phép xây dựng nhà ở riêng lẻ", "cấp phép khai thác nước mặt",
                                              "đăng ký hoạt động khoa học công nghệ", "cấp chứng chỉ hành nghề dược"]))
    s.add(Page(url="http://x.gov.vn/dich-vu-cong", status=200,
               text=f"<html><body>{menu}<main><h1>Dịch vụ công trực tuyến</h1><p>Danh sách thủ tục hành chính "
                    f"được cung cấp trực tuyến tại Sở, người dân nộp hồ sơ qua mạng.</p><ul>{items}</ul></main></body></html>"))
    return s


def test_a_user_rule_file_replaces_a_key_and_the_check_reads_it(tmp_path):
    """"Cấp độ 3" is not among the bundled service levels: the bundled words fail the section,
    a file extending decree43 with its own ``service_levels`` makes the same portal pass."""
    user = tmp_path / "u.yaml"
    user.write_text("extends: decree43\nvocabulary:\n  service_levels: [cấp độ 3, cấp độ 4]\nrules: []\n", encoding="utf-8")
    rs = load_rules(user)
    assert rs.vocabulary["service_levels"] == ("cấp độ 3", "cấp độ 4")
    assert rs.vocabulary["service_pages"] == bundled()["service_pages"]
    s = _services_snapshot()
    base = run(Context(snapshot=s, level="department", now=NOW), {"services": {}})
    assert base.status == "fail" and "no service levels stated" in " ".join(str(e.note) for e in base.evidence)
    s = _services_snapshot()
    own = run(Context(snapshot=s, level="department", now=NOW, vocabulary=rs.vocabulary), {"services": {}})
    assert own.status == "pass" and "cap do 3" in own.en
