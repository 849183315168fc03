"""Leaders' biographies and assigned duties (Decree 43 Art. 10.1.a: "tiểu sử tóm tắt và
nhiệm vụ đảm nhiệm của lãnh đạo cơ quan").

Structured extraction, because the rule is per leader: a page that shows four photos and
one biography does not comply. Layouts vary (cards, tables with a header row, definition
lists, one long article, one page per leader), so extraction works on the page's text
*blocks* in document order rather than on a CSS template:

1. the content area is cut into blocks (paragraphs, cells, list items, headings; a data
   table's cells are prefixed with their column header, "Nhiệm vụ: …");
2. a leader *anchor* is a Vietnamese personal name (family-name list) that starts a block
   (after at most an honorific, a number or a position title) with a position title in the
   same or a neighbouring block — a name mentioned inside a sentence never starts a leader;
3. each leader's segment runs to the next anchor; biography facts (Ngày sinh, Quê quán,
   Dân tộc, Trình độ, Lý luận chính trị, học vị, Quá trình công tác) and duties (Nhiệm vụ
   đảm nhiệm/đảm nhận, Phụ trách…, Giúp Giám đốc…, Lĩnh vực phụ trách, Theo dõi, chỉ đạo…)
   are recognised as *labels* (block start or followed by ":"), so "phụ trách" inside a
   career history line does not count as duties;
4. a leader whose segment lacks a part is completed from its detail page (name link or
   "Xem chi tiết") and from a "Phân công nhiệm vụ" page naming it.

Verdict: pass when every (head) leader has biography and duties; fail naming the leaders
that lack them; review when a gap may be the tool's (detail page not fetchable, duties
in a PDF, a one-fact biography); fail when no leader page exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from checker.find import DECOY, DOC_EXTENSIONS, SectionHit, find_sections, judge
from checker.functions._common import HEAD_POSITIONS, POSITION_RE, POSITIONS, Tokens, name_at, phrase_re, searched
from checker.registry import ERROR, FAIL, PASS, REVIEW, Count, Outcome, Positive, check, outcome
from checker.results import Evidence
from crawlers.snapshot import Page
from crawlers.text import fold, url_words

LEADER_TERMS = [
    "lãnh đạo", "ban lãnh đạo", "lãnh đạo sở", "ban giám đốc", "ban giám đốc sở", "lãnh đạo ubnd tỉnh",
    "lãnh đạo ủy ban nhân dân tỉnh", "lãnh đạo ubnd huyện", "lãnh đạo ubnd", "lãnh đạo ủy ban", "thường trực ubnd",
    "thường trực ủy ban nhân dân", "thường trực ubnd tỉnh", "thường trực ubnd huyện", "lãnh đạo huyện", "lãnh đạo tỉnh",
    "lãnh đạo cơ quan", "lãnh đạo ban", "lãnh đạo cục", "lãnh đạo đương nhiệm", "lãnh đạo văn phòng",
    "lãnh đạo thành phố", "lãnh đạo thị xã", "lãnh đạo quận", "thành viên ubnd", "tiểu sử lãnh đạo",
    "thông tin lãnh đạo", "giới thiệu lãnh đạo", "lãnh đạo đơn vị", "leaders", "leadership",
]
LEADER_URL_TERMS = ["lanh dao", "lanhdao", "ban giam doc", "bangiamdoc", "thuong truc ubnd", "leader", "leaders",
                    "leadership", "tieu su lanh dao"]
NAV_POSITION_TERMS = ["giám đốc", "phó giám đốc", "giám đốc sở", "phó giám đốc sở", "chủ tịch ubnd", "phó chủ tịch ubnd",
                      "chủ tịch", "phó chủ tịch", "trưởng ban", "phó trưởng ban", "cục trưởng", "phó cục trưởng"]
ASSIGNMENT_TERMS = ["phân công nhiệm vụ", "phân công công tác", "phân công nhiệm vụ lãnh đạo", "phân công lãnh đạo",
                    "quy chế làm việc", "phân công nhiệm vụ ban giám đốc"]
# A leaders' *schedule*, their news, speeches or former leaders are other sections.
_NOT_LEADER_PAGE = re.compile(r"\b(lich|chi dao|phat bieu|hoat dong|thoi ky|tien nhiem|nguyen|y kien|tiep cong dan|"
                              r"tiep dan|giao luu|truc tuyen|thu|tin|bai viet|ket luan|thong bao|van ban|hop|lam viec|"
                              r"tham|chuc mung|schedule|news)\b")

_BLOCK_TAGS = frozenset("""address article aside blockquote body dd div dl dt fieldset figcaption figure footer form
h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot tr td th ul center""".split())
# (Not <form>: ASP.NET WebForms wraps the whole page in one.)
_SKIP_TAGS = frozenset(["script", "style", "noscript", "template", "svg", "iframe", "select", "button", "input",
                        "textarea", "nav", "header", "footer", "aside"])
_LAYOUT = re.compile(r"(^|[\s_-])(nav|navbar|menu|mainmenu|topmenu|megamenu|sidebar|left-?col|right-?col|breadcrumb|"
                     r"footer|header|banner|topbar|widget|share|social|related|other-?news|tin-?khac)([\s_-]|$)", re.I)
_INNER_BLOCK = ",".join(sorted(_BLOCK_TAGS - {"body"}))

# -- vocabulary -------------------------------------------------------------------------------
_DOB = re.compile(r"(?:^| )(ngay sinh|nam sinh|sinh ngay|sinh nam|sinh thang|ngay thang nam sinh)(?= |$)")
_BIO_ANYWHERE = {  # kind -> phrases recognised anywhere in the leader's segment
    "hometown": ["quê quán", "nơi sinh", "nguyên quán", "quê ở", "quê tại"],
    "education": ["trình độ chuyên môn", "trình độ lý luận chính trị", "lý luận chính trị", "học vị", "học hàm",
                  "thạc sĩ", "thạc sỹ", "tiến sĩ", "tiến sỹ", "cử nhân", "kỹ sư", "kĩ sư", "bác sĩ", "giáo sư",
                  "phó giáo sư", "trình độ học vấn", "trình độ đào tạo", "trung cấp lý luận", "cao cấp lý luận"],
    "party": ["ngày vào đảng", "ngày vào đảng cộng sản việt nam", "đảng viên"],
}
_BIO_LABELS = {  # kind -> phrases that count only as labels (block start or followed by ':')
    "ethnicity": ["dân tộc"],
    "education": ["trình độ", "chuyên môn", "ngoại ngữ", "tin học"],
    "career": ["quá trình công tác", "tóm tắt quá trình công tác", "tiểu sử", "tiểu sử tóm tắt", "tóm tắt tiểu sử",
               "quá trình học tập và công tác", "quá trình học tập", "sơ lược tiểu sử", "lý lịch", "lý lịch trích ngang"],
    "hometown": ["quê", "nơi ở", "hộ khẩu thường trú"],
}
_DUTY_LABELS = [
    "nhiệm vụ đảm nhiệm", "nhiệm vụ đảm nhận", "nhiệm vụ được giao", "nhiệm vụ được phân công", "nhiệm vụ phụ trách",
    "phân công nhiệm vụ", "phân công công tác", "lĩnh vực phụ trách", "lĩnh vực được giao", "lĩnh vực công tác",
    "lĩnh vực được phân công", "nhiệm vụ", "nhiệm vụ chính", "phụ trách", "phụ trách lĩnh vực", "phụ trách các lĩnh vực",
    "chịu trách nhiệm", "giúp giám đốc", "giúp chủ tịch", "giúp trưởng ban", "giúp cục trưởng", "giúp chủ tịch ubnd",
    "theo dõi chỉ đạo", "theo dõi", "trực tiếp chỉ đạo", "trực tiếp phụ trách", "chỉ đạo", "lãnh đạo quản lý",
    "được phân công", "công việc đảm nhiệm", "đảm nhiệm", "đảm nhận", "nhiệm vụ và quyền hạn", "chức trách nhiệm vụ",
    "tham mưu giúp", "quản lý điều hành", "điều hành", "duties", "responsibilities", "in charge of",
]
_DUTY_SELF = frozenset(fold(p) for p in ["phụ trách chung", "lãnh đạo chung", "quản lý chung", "điều hành chung",
                                         "lãnh đạo, quản lý chung", "phụ trách công tác chung"])
_DETAIL = re.compile(r"^(xem chi tiet|chi tiet|xem them|xem tiep|doc tiep|tieu su|xem tieu su|thong tin chi tiet|"
                     r"chi tiet tieu su|more|detail|details|read more|ho so|xem ho so)$")
_PREFIX_OK = frozenset(fold(w) for p in POSITIONS for w in p.split()) | frozenset(
    "ong ba dong chi d c ts ths ks pgs gs bs cn ls ho va ten hoten so ubnd tinh huyen thanh pho uy ban nhan dan hdnd "
    "thuong truc quan thi xa cuc vien nha giao sy si thac tien lanh dao co quan la kiem".split())
_BULLET = frozenset("- + • * · – — ● ■ ▪ ► » > . ) ( :".split())

_DOB_RE = _DOB
_ANY_RE = {k: phrase_re(v) for k, v in _BIO_ANYWHERE.items()}
_LABEL_RE = {k: phrase_re(v) for k, v in _BIO_LABELS.items()}
_DUTY_RE = phrase_re(_DUTY_LABELS + list(_DUTY_SELF))
_KIND_VI = {"dob": "ngày sinh", "hometown": "quê quán", "ethnicity": "dân tộc", "education": "trình độ",
            "career": "quá trình công tác", "party": "ngày vào Đảng"}


@dataclass
class Block:
    text: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (absolute URL, link text)
    link_only: bool = False


@dataclass(eq=False)
class Leader:
    """One leader as extracted: where listed, what biography facts and duties were seen."""

    name: str
    position: str
    url: str
    text: str = ""
    detail_url: str | None = None
    bio: dict[str, tuple[str, str]] = field(default_factory=dict)  # kind -> (url, snippet)
    duties: tuple[str, str] | None = None  # (url, snippet)
    notes: list[str] = field(default_factory=list)
    placeholder: set[str] = field(default_factory=set)  # "bio"/"duties" the site marks "Đang cập nhật"
    unsure: bool = False  # a missing part may be the tool's gap (detail page not fetched, PDF …)

    @property
    def label(self) -> str:
        return f"{self.position} {self.name}".strip()

    @property
    def head(self) -> bool:
        return fold(self.position) in HEAD_POSITIONS


# -- blocks -----------------------------------------------------------------------------------
def _abs(page: Page, href: str) -> str | None:
    from urllib.parse import urldefrag, urljoin
    href = (href or "").strip()
    if not href or href.lower().startswith(("mailto:", "tel:", "javascript:", "#", "data:")):
        return None
    try:
        return urldefrag(urljoin(page.final_url, href))[0]
    except ValueError:
        return None


def _node_links(page: Page, node) -> list[tuple[str, str]]:
    out = []
    nodes = [node] if node.tag == "a" else []
    for a in nodes + list(node.css("a[href]")):
        url = _abs(page, a.attributes.get("href") or "")
        if url:
            text = " ".join(a.text(separator=" ").split())
            if not text:
                img = a.css_first("img")
                text = (img.attributes.get("alt") or "") if img is not None else ""
            out.append((url, text))
    return out


def _content_root(page: Page):
    tree = LexborHTMLParser(page.text or "<html></html>")
    for tag in _SKIP_TAGS:
        for n in tree.css(tag):
            n.decompose()
    main = tree.css_first("main, [role=main]")
    for n in list(tree.css("[id], [class]")):
        if n.tag in ("body", "html") or (main is not None and n.mem_id == main.mem_id):
            continue
        key = f"{n.attributes.get('id') or ''} {n.attributes.get('class') or ''}"
        if _LAYOUT.search(key):
            n.decompose()
    return main if main is not None and len(main.text(strip=True)) > 40 else tree.body


# Header of a column that holds the person (name and/or position), not a fact about them.
_PERSON_COLUMN = re.compile(r"\b(ho (va )?ten|ho ten|chuc vu|chuc danh|lanh dao|dong chi|ten)\b")
_FACT_COLUMN = re.compile(r"\b(tieu su|nhiem vu|phu trach|linh vuc|phan cong|ngay sinh|nam sinh|que|trinh do|"
                          r"qua trinh|dien thoai|email|thu dien tu|ghi chu)\b")


def _header_row(table) -> list[str] | None:
    rows = table.css("tr")
    if not rows:
        return None
    cells = rows[0].css("th, td")
    labels = [" ".join(c.text(separator=" ").split()) for c in cells]
    if rows[0].css_first("th") is not None or (
            len(labels) >= 2 and all(len(x) <= 40 for x in labels) and
            any(re.search(r"ho (va )?ten|chuc vu|chuc danh|nhiem vu|phu trach|tieu su|ngay sinh|que quan|dien thoai|email|"
                          r"trinh do|linh vuc|phan cong",
                          fold(x)) for x in labels)):
        return labels
    return None


def _walk(page: Page, node, out: list[Block]) -> None:
    pending: list[str] = []
    links: list[tuple[str, str]] = []

    def flush() -> None:
        text = " ".join(" ".join(pending).split())
        if text:
            only = bool(links) and fold(text) == fold(" ".join(t for _, t in links))
            out.append(Block(text, list(links), only))
        pending.clear()
        links.clear()

    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            pending.append(child.text_content or "")
            continue
        if tag in _SKIP_TAGS or tag in ("-comment", "img"):
            if tag == "img":
                continue
            continue
        if tag == "br" or tag == "hr":
            flush()
            continue
        if tag == "table":
            flush()
            header = _header_row(child)
            if header:
                for tr in child.css("tr")[1:]:
                    for i, cell in enumerate(tr.css("td, th")):
                        text = " ".join(cell.text(separator=" ").split())
                        if not text:
                            continue
                        label = header[i] if i < len(header) else ""
                        if label and _PERSON_COLUMN.search(fold(label)) and not _FACT_COLUMN.search(fold(label)):
                            # "Họ và tên, chức vụ": the cell *is* the leader ("<b>Name</b><br>Position"),
                            # read as blocks of its own so the name starts one.
                            _walk(page, cell, out)
                            continue
                        out.append(Block(f"{label}: {text}" if label else text, _node_links(page, cell)))
            else:
                _walk(page, child, out)
            continue
        if tag in _BLOCK_TAGS or child.css_first(_INNER_BLOCK) is not None:
            flush()
            _walk(page, child, out)
            if tag == "a":
                url = _abs(page, child.attributes.get("href") or "")
                if url and out:
                    out[-1].links.append((url, out[-1].text))
            continue
        pending.append(child.text(separator=" "))
        links.extend(_node_links(page, child))
    flush()


def page_blocks(page: Page) -> list[Block]:
    root = _content_root(page)
    out: list[Block] = []
    if root is not None:
        _walk(page, root, out)
    return out


# -- extraction -------------------------------------------------------------------------------
def _first_word(tok: Tokens, i: int) -> int:
    """Index of the first non-bullet token of token i's block."""
    b = tok.block[i]
    j = i
    while j > 0 and tok.block[j - 1] == b:
        j -= 1
    while j < len(tok.words) and tok.block[j] == b and (tok.folded[j] in _BULLET or tok.folded[j].isdigit()):
        j += 1
    return j


def _block_range(tok: Tokens, b: int) -> tuple[int, int]:
    """[first, last+1) token indices of block ``b`` (computed once per token stream)."""
    ranges = getattr(tok, "_ranges", None)
    if ranges is None:
        ranges = {}
        for i, x in enumerate(tok.block):
            lo, _ = ranges.get(x, (i, i))
            ranges[x] = (lo, i + 1)
        tok._ranges = ranges  # type: ignore[attr-defined]
    return ranges.get(b, (len(tok.block), len(tok.block)))


def _label_form(tok: Tokens, start: int, n: int, hi: int) -> bool:
    """A phrase is a label when it starts its block or is followed by ':' (or '-')."""
    after = start + n
    if after < hi and tok.folded[after] in (":", "-", "–"):
        return True
    return _first_word(tok, start) == start


def _value_after(tok: Tokens, start: int, n: int, hi: int, min_words: int = 1) -> str:
    """The words after a label (same block, or the next block when the label is alone)."""
    j = start + n
    while j < hi and tok.folded[j] in _BULLET:
        j += 1
    words = []
    k = j
    while k < hi and len(words) < 40:
        if tok.block[k] != tok.block[j] and tok.block[k] != tok.block[start] and len(words) >= min_words:
            break
        if tok.folded[k][0].isalnum():
            words.append(tok.words[k])
        k += 1
    if len(words) < min_words:
        return ""
    return tok.text(start, k)


# A part the site itself states is missing: "Tiểu sử: Đang cập nhật", "Nhiệm vụ: Chưa có thông tin".
_PLACEHOLDER_WORDS = (r"(?:dang (?:duoc )?cap nhat|chua (?:duoc )?cap nhat|chua co (?:thong tin|du lieu|noi dung)|"
                      r"khong co (?:thong tin|du lieu)|dang bo sung|updating|being updated|no information|to be updated)")
_PLACEHOLDER = re.compile(rf"^(?P<label>(?:\S+ ){{0,8}}?){_PLACEHOLDER_WORDS}(?: \S+){{0,2}}$")
_PLACEHOLDER_START = re.compile(rf"^{_PLACEHOLDER_WORDS}(?: |$)")


def _is_placeholder(value: str, phrase: str) -> bool:
    """The value read after a label is only a placeholder ("Tiểu sử: Đang cập nhật …")."""
    f = fold(value)
    if f.startswith(phrase):
        f = f[len(phrase):].strip()
    return bool(_PLACEHOLDER_START.match(f))
_BIO_LABEL_ANY = phrase_re([p for v in _BIO_LABELS.values() for p in v] + ["ngày sinh", "năm sinh", "quê quán",
                                                                            "trình độ chuyên môn", "học vị"])


def _placeholders(blocks: list[Block], b_lo: int, b_hi: int, leader: Leader) -> None:
    """Note the parts (biography, duties) that a label in blocks [b_lo, b_hi) says are not
    provided ("Tiểu sử: Đang cập nhật", or a "Nhiệm vụ" heading over a block "Chưa có thông tin")."""
    for b in range(b_lo, b_hi):
        m = _PLACEHOLDER.match(fold(blocks[b].text))
        if not m:
            continue
        label = m.group("label").strip()
        if not label and b > b_lo:
            prev = fold(blocks[b - 1].text)
            label = prev if len(prev.split()) <= 6 else ""
        if not label:
            continue
        if _DUTY_RE.search(label):
            leader.placeholder.add("duties")
        if _BIO_LABEL_ANY.search(label):
            leader.placeholder.add("bio")


def _facts(tok: Tokens, blocks: list[Block], lo: int, hi: int, anchor_block: int, url: str,
           leader: Leader) -> None:
    """Add the biography facts and duties found in tokens [lo, hi) to ``leader``."""
    def usable(i: int) -> bool:
        return not blocks[tok.block[i]].link_only

    if hi > lo:
        _placeholders(blocks, tok.block[lo], tok.block[hi - 1] + 1, leader)

    for s, n, _phrase in tok.find_all(_DOB_RE, lo, hi):
        if usable(s):
            v = _value_after(tok, s, n, hi)
            if any(c.isdigit() for c in v):
                leader.bio.setdefault("dob", (url, v[:160]))
    for kind, rx in _ANY_RE.items():
        for s, n, phrase in tok.find_all(rx, lo, hi):
            if usable(s):
                v = _value_after(tok, s, n, hi)
                if v and not _is_placeholder(v, phrase):
                    leader.bio.setdefault(kind, (url, v[:160]))
                    break
    for kind, rx in _LABEL_RE.items():
        for s, n, phrase in tok.find_all(rx, lo, hi):
            if usable(s) and _label_form(tok, s, n, hi):
                v = _value_after(tok, s, n, hi, min_words=8 if kind == "career" else 1)
                if v and not _is_placeholder(v, phrase):
                    leader.bio.setdefault(kind, (url, v[:160]))
                    break
    if leader.duties is None:
        for s, n, phrase in tok.find_all(_DUTY_RE, lo, hi):
            if not usable(s):
                continue
            in_anchor = tok.block[s] == anchor_block
            if not (_label_form(tok, s, n, hi) or in_anchor):
                continue
            if phrase in _DUTY_SELF:
                leader.duties = (url, tok.text(s, min(hi, s + n + 20))[:200])
                break
            v = _value_after(tok, s, n, hi, min_words=2)
            if v and not _is_placeholder(v, phrase):
                leader.duties = (url, v[:200])
                break


def _anchors(tok: Tokens, blocks: list[Block]) -> list[tuple[int, int, int, str]]:
    """(segment start token, name token, name length, position) of each leader on a page."""
    positions = tok.find_all(POSITION_RE)
    seen: set[str] = set()
    out = []
    for i in range(len(tok.words)):
        n = name_at(tok.words, i)
        if not n:
            continue
        first = _first_word(tok, i)
        if i - first > 10 or any(tok.folded[j] not in _PREFIX_OK and tok.folded[j] not in _BULLET
                                 and not tok.folded[j].isdigit() for j in range(first, i)):
            continue
        key = fold(" ".join(tok.words[i:i + n]))
        if key in seen:
            continue
        b = tok.block[i]
        best = None
        for ps, pn, phrase in positions:
            pb = tok.block[ps]
            if pb < b - 1 or pb > b + 3:
                continue
            if pb < b:  # a title block just before the name (cards): only when short
                blo, bhi = _block_range(tok, pb)
                if bhi - blo > 8:
                    continue
            dist = abs(ps - i) if ps < i else ps - (i + n)
            if dist <= 25 and (best is None or dist < best[0]):
                best = (dist, ps, pn, phrase)
        if best is None:
            continue
        seen.add(key)
        _, ps, pn, _ = best
        start = min(_block_range(tok, tok.block[ps])[0], _block_range(tok, b)[0])
        out.append((start, i, n, tok.text(ps, ps + pn)))
    out.sort()
    # Segments must not overlap: a later anchor whose start falls before an earlier name
    # keeps its own block only.
    fixed = []
    for _k, (start, i, n, pos) in enumerate(out):
        if fixed and start <= fixed[-1][1]:
            start = _block_range(tok, tok.block[i])[0]
            if start <= fixed[-1][1]:
                continue
        fixed.append((start, i, n, pos))
    return fixed


def _detail_link(ctx, page: Page, blocks: list[Block], b_lo: int, b_hi: int, name: str) -> str | None:
    fname = fold(name)
    for b in range(b_lo, b_hi):
        for url, text in blocks[b].links:
            if url.rstrip("/") == page.final_url.rstrip("/") or not ctx.snapshot.is_internal(url):
                continue
            if url.lower().split("?")[0].endswith(DOC_EXTENSIONS):
                continue
            ft = fold(text)
            if (fname and fname in ft) or _DETAIL.match(ft) or (not ft and b <= b_lo + 1):
                return url
    return None


def extract_leaders(ctx, page: Page, follow: bool = True, max_follow: int = 12) -> list[Leader]:
    """The leaders listed on ``page``, completed from their detail pages."""
    blocks = page_blocks(page)
    tok = Tokens.of_blocks([b.text for b in blocks])
    anchors = _anchors(tok, blocks)
    leaders: list[Leader] = []
    for k, (start, i, n, pos) in enumerate(anchors):
        end = anchors[k + 1][0] if k + 1 < len(anchors) else len(tok.words)
        name = " ".join(tok.words[i:i + n])
        leader = Leader(name=_title_case(name), position=pos, url=page.final_url, text=tok.text(start, min(end, start + 60)))
        _facts(tok, blocks, start, end, tok.block[i], page.final_url, leader)
        b_lo, b_hi = tok.block[start], (tok.block[end - 1] + 1 if end > start else tok.block[start] + 1)
        leader.detail_url = _detail_link(ctx, page, blocks, b_lo, b_hi, name)
        leaders.append(leader)
    if follow:
        followed = 0
        for leader in leaders:
            if leader.detail_url and (len(leader.bio) < 2 or leader.duties is None) and followed < max_follow:
                followed += 1
                _complete_from_detail(ctx, leader)
    return leaders


def _title_case(name: str) -> str:
    return name if not name.isupper() else " ".join(w.capitalize() for w in name.split())


def _complete_from_detail(ctx, leader: Leader) -> None:
    dp = ctx.snapshot.get(leader.detail_url)
    if dp is None or dp.status is None:
        leader.unsure = True
        leader.notes.append(f"detail page could not be fetched: {leader.detail_url}")
        return
    if not dp.ok:
        leader.notes.append(f"detail page answers HTTP {dp.status}: {leader.detail_url}")
        return
    blocks = page_blocks(dp)
    tok = Tokens.of_blocks([b.text for b in blocks])
    fname = fold(leader.name)
    hits = [s for s, _, _ in tok.find_all(re.compile(rf"(?:^| )({re.escape(fname)})(?= |$)"))] if fname else []
    if not hits:
        leader.unsure = True
        leader.notes.append(f"detail page does not name {leader.name}: {leader.detail_url}")
        return
    _facts(tok, blocks, 0, len(tok.words), tok.block[hits[0]], dp.final_url, leader)


def _from_assignment_pages(ctx, leaders: list[Leader]) -> list[str]:
    """Complete duties from a "Phân công nhiệm vụ" page naming the leader; return URLs of
    assignment *documents* (PDF …) the tool cannot read."""
    lacking = [ldr for ldr in leaders if ldr.duties is None]
    if not lacking:
        return []
    docs = []
    for hit in find_sections(ctx, ASSIGNMENT_TERMS, max_hits=4):
        if hit.document:
            docs.append(hit.url)
            continue
        if hit.page is None or not hit.page.ok:
            continue
        blocks = page_blocks(hit.page)
        tok = Tokens.of_blocks([b.text for b in blocks])
        for leader in lacking:
            fname = fold(leader.name)
            m = re.search(rf"(?:^| )({re.escape(fname)})(?= |$)", tok.joined) if fname else None
            if not m or leader.duties is not None:
                continue
            s = tok.token_at(m.start(1))
            tmp = Leader(leader.name, leader.position, hit.page.final_url)
            b = tok.block[s]
            lo = _block_range(tok, b)[0]
            hi = _block_range(tok, min(b + 3, tok.block[-1]))[1]
            _facts(tok, blocks, lo, hi, b, hit.page.final_url, tmp)
            if tmp.duties is not None:
                leader.duties = tmp.duties
    return docs


# -- leader pages -----------------------------------------------------------------------------
def _good_hit(hit: SectionHit) -> bool:
    label = fold(hit.label) if hit.where != "url" else ""
    words = url_words(hit.url.split("://", 1)[-1].split("/", 1)[-1]) if "/" in hit.url.split("://", 1)[-1] else ""
    return not _NOT_LEADER_PAGE.search(label) and not _NOT_LEADER_PAGE.search(words)


def leader_hits(ctx) -> list[SectionHit]:
    def compute() -> list[SectionHit]:
        hits = [h for h in find_sections(ctx, LEADER_TERMS, url_terms=LEADER_URL_TERMS, max_hits=8) if _good_hit(h)]
        nav = [h for h in find_sections(ctx, NAV_POSITION_TERMS, url_terms=[], max_hits=6, max_extra_words=2)
               if h.where == "nav" and _good_hit(h)]
        seen, out = set(), []
        for h in hits + nav:
            key = h.url.rstrip("/")
            if key not in seen:
                seen.add(key)
                out.append(h)
        return out[:8]
    return ctx.memo(("leaders.hits",), compute)


def leader_pages(ctx) -> list[Page]:
    return [h.page for h in leader_hits(ctx) if h.page is not None and h.page.ok]


@dataclass
class LeaderScan:
    hits: list[SectionHit]
    leaders: list[Leader]
    pages: list[Page]
    assignment_docs: list[str]


def scan_leaders(ctx, max_pages: int = 4) -> LeaderScan:
    """All leaders of the portal (merged by name across leader pages), memoised."""
    def compute() -> LeaderScan:
        hits = leader_hits(ctx)
        by_name: dict[str, Leader] = {}
        pages = []
        for hit in hits:
            if hit.page is None or not hit.page.ok or len(pages) >= max_pages:
                continue
            pages.append(hit.page)
            for ldr in extract_leaders(ctx, hit.page):
                key = fold(ldr.name)
                cur = by_name.get(key)
                if cur is None:
                    by_name[key] = ldr
                    continue
                for kind, v in ldr.bio.items():
                    cur.bio.setdefault(kind, v)
                cur.duties = cur.duties or ldr.duties
                cur.unsure = cur.unsure and ldr.unsure
                cur.notes += ldr.notes
        leaders = list(by_name.values())
        docs = _from_assignment_pages(ctx, leaders)
        return LeaderScan(hits, leaders, pages, docs)
    return ctx.memo(("leaders.scan", max_pages), compute)


# -- the check --------------------------------------------------------------------------------
def _leader_evidence(ldr: Leader, note: str) -> Evidence:
    parts = [v[1] for v in list(ldr.bio.values())[:2]]
    if ldr.duties:
        parts.append(ldr.duties[1])
    ex = f"{ldr.label} — " + " | ".join(parts) if parts else ldr.text
    url = ldr.detail_url if ldr.detail_url and (ldr.bio or ldr.duties) and any(
        v[0] == ldr.detail_url for v in list(ldr.bio.values()) + ([ldr.duties] if ldr.duties else [])) else ldr.url
    return Evidence(url, ex[:300], note, {"match": ldr.name, "leader": ldr.label})


def _names(ls: list[Leader], limit: int = 6) -> str:
    s = ", ".join(ldr.label for ldr in ls[:limit])
    return s + (" …" if len(ls) > limit else "")


@check("leaders")
def leaders(ctx, *, min_bio_facts: Count = 2, require_bio: bool = True, require_duties: bool = True,
            max_pages: Positive = 4) -> Outcome:
    """Every leader has name, position, a short biography (``min_bio_facts`` kinds of facts:
    birth, hometown, ethnicity, education, career, party) and assigned duties."""
    scan = scan_leaders(ctx, max_pages)
    home = ctx.snapshot.home
    if not scan.hits:
        return outcome(FAIL, "Không tìm thấy trang giới thiệu lãnh đạo (Lãnh đạo Sở, Ban Giám đốc, Thường trực UBND…)",
                       "No leaders page found (Lãnh đạo Sở, Ban Giám đốc, Thường trực UBND …)",
                       searched([home] if home is not None else [], "a leaders page") + [Evidence(
                           home.final_url if home is not None else ctx.snapshot.start_url,
                           f"Searched menus, links, URLs and titles of {sum(1 for _ in ctx.snapshot.html_pages())} pages",
                           "searched")])
    if not scan.pages:
        if all(h.page is not None and h.page.status is not None for h in scan.hits if not h.document):
            ev = [Evidence(h.url, h.label, f"HTTP {h.page.status}" if h.page is not None else "file") for h in scan.hits[:5]]
            if any(h.document for h in scan.hits):
                return outcome(REVIEW, "Thông tin lãnh đạo chỉ có trong tệp đính kèm; cần kiểm tra",
                               "Leader information is only in an attached file; check by hand", ev)
            return outcome(FAIL, "Liên kết trang lãnh đạo bị lỗi", "The leaders page link is broken", ev)
        return outcome(ERROR, "Không tải được trang lãnh đạo", "The leaders page could not be fetched",
                       [Evidence(h.url, h.label, "fetch failed") for h in scan.hits[:5]])
    if not scan.leaders:
        verdicts = [(p, judge(ctx, p)) for p in scan.pages]
        ev = [Evidence(p.final_url, (j.text or p.title)[:200], f"leaders page: {j.reason}") for p, j in verdicts]
        if all(j.verdict in DECOY for _, j in verdicts):
            return outcome(FAIL, "Trang lãnh đạo không có nội dung", "The leaders page has no content", ev)
        return outcome(REVIEW, "Có trang lãnh đạo nhưng không nhận dạng được từng lãnh đạo; cần kiểm tra",
                       "A leaders page exists but no individual leader was recognised; check by hand", ev)
    required = [ldr for ldr in scan.leaders if ldr.head] or scan.leaders
    # "Tiểu sử: Đang cập nhật" is the site stating the biography is not provided: absent,
    # unless a biography is given elsewhere after all.
    no_bio = [ldr for ldr in required if require_bio and (len(ldr.bio) < 1 or
                                                      ("bio" in ldr.placeholder and len(ldr.bio) < min_bio_facts))]
    weak_bio = [ldr for ldr in required if require_bio and ldr not in no_bio and 1 <= len(ldr.bio) < min_bio_facts]
    no_duty = [ldr for ldr in required if require_duties and ldr.duties is None]
    if scan.assignment_docs:
        for ldr in no_duty:
            ldr.unsure = True
            ldr.notes.append(f"duties may be in a file: {scan.assignment_docs[0]}")
    sure_bio = [ldr for ldr in no_bio if not ldr.unsure]
    sure_duty = [ldr for ldr in no_duty if not ldr.unsure]
    total = len(required)
    if sure_bio or sure_duty:
        vi, en = [], []
        if sure_duty:
            vi.append(f"{len(sure_duty)}/{total} lãnh đạo không có nhiệm vụ đảm nhiệm: {_names(sure_duty)}")
            en.append(f"{len(sure_duty)} of {total} leaders have no assigned duties: {_names(sure_duty)}")
        if sure_bio:
            vi.append(f"{len(sure_bio)}/{total} lãnh đạo không có tiểu sử tóm tắt: {_names(sure_bio)}")
            en.append(f"{len(sure_bio)} of {total} leaders have no biography: {_names(sure_bio)}")
        bad = list(dict.fromkeys(sure_duty + sure_bio))
        ev = [_leader_evidence(ldr, "missing: " + ", ".join(x for x, miss in (("biography", ldr in sure_bio),
                                                                            ("duties", ldr in sure_duty)) if miss)
                               + (" (the page says it is being updated)" if ldr.placeholder else "")
                               + ("; " + "; ".join(ldr.notes) if ldr.notes else "")) for ldr in bad[:8]]
        ev += [Evidence(p.final_url, p.title[:120], "leaders page searched") for p in scan.pages]
        return outcome(FAIL, "; ".join(vi), "; ".join(en), ev)
    unsure = list(dict.fromkeys(no_bio + no_duty + weak_bio))
    if unsure:
        ev = [_leader_evidence(ldr, "cannot confirm: " + ("; ".join(ldr.notes) or
                                                         f"only {len(ldr.bio)} biography fact(s)")) for ldr in unsure[:8]]
        return outcome(REVIEW, f"Chưa xác định chắc chắn tiểu sử/nhiệm vụ của: {_names(unsure)}; cần kiểm tra",
                       f"Could not confirm biography/duties of: {_names(unsure)}; check by hand", ev)
    ev = [_leader_evidence(ldr, "name, position, biography ("
                           + ", ".join(_KIND_VI.get(k, k) for k in ldr.bio) + ") and duties") for ldr in required[:10]]
    return outcome(PASS, f"Cả {total} lãnh đạo có họ tên, chức vụ, tiểu sử tóm tắt và nhiệm vụ đảm nhiệm",
                   f"All {total} leaders have name, position, biography and assigned duties", ev)
