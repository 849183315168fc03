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
# every module of the checker (not its demo: sample data) and of the crawler
SCANNED = sorted(p for p in (ROOT / "checker").rglob("*.py") if "demo" not in p.relative_to(ROOT).parts) + sorted(
    (ROOT / "crawlers").rglob("*.py"))

# (file, name of the constant) -> why its words stay in code
ALLOWED = {
    ("_people.py", "SURNAMES"): "Vietnamese family names: language data telling a person's name from other words, "
                                "the same under every regime, not words a rule looks for",
    ("_people.py", "NON_NAME_WORDS"): "words that end a personal name (grammar of the name reader)",
    ("_people.py", "PLACE_NAMES"): "province names that read like personal names (grammar of the name reader)",
}
# (file, name of the constant) -> why its regex alternation of Vietnamese words stays in code
ALLOWED_PATTERNS: dict[tuple[str, str], str] = {}

# Common syllables of Vietnamese written without marks (as URLs, ids and folded text have
# them) that are not English words; with the particles, two or more of them make a phrase
# Vietnamese ("lien he", "tim kiem"), and so does one of the longer ones ("phuong") or a
# word glued from them ("timkiem", "danhba").
SYLLABLES = frozenset("""tin tuc lien dia chi dien thoai duong phuong huyen tinh thon thanh tru lanh dao gioi thieu tim
kiem khoa tai dinh kem thiet trien xay dung hanh cung cap giai phap doanh nghiep nhiem trach linh vuc phan cong ngay
sinh nam que trinh qua chuc danh tieu ghi thu van dong ten quan nguoi hoat muc tiep trang cuoi truoc huong dan nang
tro khuyet tat chinh phu uy nhan thong bao moi tiet xem them lai cau may giam doc truong lich viet dang tac gia phong
vien chuyen tuong chu lon nho nghe tieng anh dat""".split())
PARTICLES = frozenset("va he ho so ba to ve do ke co xa su vu bo de di mo ta tu ty pho ap km tp dt".split())


def _owners(tree: ast.AST) -> dict[ast.AST, str]:
    """Each node's owner: the name it is assigned to, else the enclosing function or class."""
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
    return owner


def _vietnamese_lists(path: Path) -> list[tuple[str, int, list[str]]]:
    """(owner, line, words) of each list/set/tuple literal, or ``"…".split()``, holding three
    or more strings with Vietnamese letters; the owner is the assigned name or the function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    owner = _owners(tree)
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


def _glued(word: str) -> bool:
    """``word`` is two or more syllables/particles run together, one of them a syllable."""
    best: list[tuple[int, int] | None] = [None] * (len(word) + 1)
    best[0] = (0, 0)
    for i in range(len(word)):
        here = best[i]
        if here is None:
            continue
        for j in range(i + 2, min(len(word), i + 7) + 1):
            part = word[i:j]
            if part in SYLLABLES or part in PARTICLES:
                cand = (here[0] + 1, here[1] + (part in SYLLABLES))
                cur = best[j]
                if cur is None or cand > cur:
                    best[j] = cand
    end = best[len(word)]
    return end is not None and end[0] >= 2 and end[1] >= 1


def _vietnamese(alternative: str) -> bool:
    """One alternative of a regex reads as Vietnamese: a marked letter, or unmarked
    syllables (escapes and group openers aside)."""
    if VI.search(alternative):
        return True
    toks = re.findall(r"[a-z]+", re.sub(r"\\.|\(\?[:!=<]+", " ", alternative).lower())
    if len(toks) >= 2:
        return all(t in SYLLABLES or t in PARTICLES for t in toks) and any(t in SYLLABLES for t in toks)
    return len(toks) == 1 and (_glued(toks[0]) or (toks[0] in SYLLABLES and len(toks[0]) >= 4))


def _vietnamese_patterns(path: Path) -> list[tuple[str, int, list[str]]]:
    """(owner, line, alternatives) of each ``re.compile``/``re.search``/… whose literal pattern
    (an f-string's literal parts included) has three or more ``|``-separated alternatives
    that read as Vietnamese; the owner is the assigned name or the function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    owners = _owners(tree)
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"):
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            src = arg.value
        elif isinstance(arg, ast.JoinedStr):
            src = "".join(v.value for v in arg.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        else:
            continue
        vi = [a for a in src.split("|") if _vietnamese(a)]
        if len(vi) >= 3:
            out.append((owners.get(node, "<module>"), node.lineno, vi))
    return out


def test_no_check_module_defines_its_own_vietnamese_word_list():
    found = {(p.name, o): (n, w) for p in SCANNED for o, n, w in _vietnamese_lists(p)}
    new = {k: v for k, v in found.items() if k not in ALLOWED}
    assert not new, ("words the checks look for belong in the rule file (its `vocabulary` block or the rule's "
                     f"options; docs/rules.md), not in code: {new}")
    stale = set(ALLOWED) - set(found)
    assert not stale, f"allow-listed but gone: remove from ALLOWED: {stale}"


def test_no_check_module_matches_vietnamese_words_with_its_own_regex():
    found = {(p.name, o): (n, w) for p in SCANNED for o, n, w in _vietnamese_patterns(p)}
    new = {k: v for k, v in found.items() if k not in ALLOWED_PATTERNS}
    assert not new, ("a regex alternation of Vietnamese words is a word list: the words belong in the rule file "
                     f"(its `vocabulary` block or the rule's options; docs/rules.md), the pattern around them in code: {new}")
    stale = set(ALLOWED_PATTERNS) - set(found)
    assert not stale, f"allow-listed but gone: remove from ALLOWED_PATTERNS: {stale}"


def test_the_scan_sees_a_regex_of_vietnamese_words(tmp_path):
    src = ('import re\n'
           'A = re.compile(r"\\b(?:so dien thoai|dien thoai|di dong|hotline)\\b")\n'  # unmarked phrases
           'B = re.compile(r"search|tim ?kiem|timkiem|tukhoa|^q$", re.I)\n'  # glued and spaced syllables
           'C = re.compile(r"liên hệ|góp ý|hỏi đáp")\n'  # marked words
           'D = re.compile(r"\\b(?:contact|about|history|profile)\\b")\n'  # English: not Vietnamese
           'E = re.compile(r"(\\d+)|(\\w+)|[a-z]+|ho")\n'  # structure, not words
           'def f(x):\n    return re.search(rf"{x}|lien he|danh ba|gioi thieu", x)\n')
    p = tmp_path / "probe.py"
    p.write_text(src, encoding="utf-8")
    assert [(o, n) for o, n, _ in _vietnamese_patterns(p)] == [("A", 2), ("B", 3), ("C", 4), ("f", 8)]


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


def test_label_words_are_the_rule_file_s_and_options_left_out_are_the_bundled_ones(tmp_path):
    """A file relabelling phones ("Số máy") finds that number and no longer the bundled
    "Điện thoại"; a search rule without ``input_words`` reads the bundled words, with its own
    it reads only those."""
    from checker.functions._common import labelled_phone
    from checker.functions.navigation import find_search_form, search_hint_re
    from checker.vocabulary import bundled_option
    from crawlers.text import fold

    user = tmp_path / "u.yaml"
    user.write_text("extends: decree43\nvocabulary:\n  phone_labels: [số máy]\nrules: []\n", encoding="utf-8")
    ctx = Context(snapshot=Snapshot(start_url="http://x.gov.vn/"), level="department", now=NOW,
                  vocabulary=load_rules(user).vocabulary)
    said, other = fold("Số máy cơ quan: 0255 3822 111"), fold("Điện thoại: 0255 3822 111")
    assert labelled_phone(said, ctx) and labelled_phone(said) is None
    assert labelled_phone(other) and labelled_phone(other, ctx) is None

    home = Page(url="http://x.gov.vn/", status=200,
                text='<html><body><form action="/tim"><input name="tukhoa"></form></body></html>')
    assert "tukhoa" in bundled_option("search", "input_words")
    assert find_search_form(home) is not None and find_search_form(home, search_hint_re(("search",))) is None
