"""Extracting leaders from their pages: who they are, which biography facts and which
duties are shown (the regime's leaders requirement, see the rule file). Structured, because
the rule is per leader: a page that shows four photos and one biography does not comply.

1. the content area is cut into blocks (paragraphs, cells, list items, headings; a data
   table's cells are prefixed with their column header, "Nhiệm vụ: …");
2. a leader *anchor* is a Vietnamese personal name (family-name list) that starts a block
   (after at most an honorific, a number or a position title) with a position title in the
   same or a neighbouring block — a name mentioned inside a sentence never starts a leader.
   A name ends where its block ends or a field label begins ("Nhiệm vụ", "Tiểu sử", "Chức
   vụ" …). A block of capitalised words whose family name is not in the list ("Giàng A
   Páo"), beside a short title block, is an *unsure* anchor: gaps there lead to review;
3. each leader's segment runs to the next anchor; biography facts (Ngày sinh, Quê quán,
   Dân tộc, Trình độ, Lý luận chính trị, học vị, Quá trình công tác) and duties (Nhiệm vụ
   đảm nhiệm, Lĩnh vực phụ trách, Nhiệm vụ được giao, Phụ trách…) are recognised as
   *labels* (block start or followed by ":"), so "phụ trách" inside a career history line
   does not count as duties;
4. a leader whose segment lacks a part is completed from its detail page (name link or a
   detail text such as "Xem tiểu sử và nhiệm vụ") and from a "Phân công nhiệm vụ" page
   naming it.

The words are data (:class:`Vocab`, from the ``leaders`` rule's options in
rules/decree43.yaml); the code knows only the layout.

Step 1, the blocks, is :mod:`checker.functions.leader_blocks`; the rule's judgement is
:mod:`checker.functions.leaders`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from checker.find import find_sections
from checker.functions._people import StopIndex, Tokens, bare_name, name_at, phrase_re, stop_index
from checker.functions.leader_blocks import Block, Columns, page_blocks
from checker.results import Bi, bi
from checker.vocabulary import alternation_of, words
from crawlers.snapshot import Page
from crawlers.text import fold
from crawlers.urls import is_document

__all__ = ["Leader", "Vocab", "extract_leaders", "complete_from_assignment_pages", "KIND_VI"]

KIND_VI = {"dob": "ngày sinh", "hometown": "quê quán", "ethnicity": "dân tộc", "education": "trình độ",
           "career": "quá trình công tác", "party": "ngày vào Đảng"}


# -- vocabulary (data: the ``leaders`` rule's options in rules/decree43.yaml) ----------------
@dataclass(frozen=True)
class Vocab:
    """The words leaders' pages are read with, compiled once per distinct option set.

    ``titles``: position titles that make a name a leader ("Phó Giám đốc"); ``head_titles``:
    those whose holders must all have biography and duties; ``birth_labels``: date-of-birth
    labels (the value must hold a digit); ``facts``: biography phrases recognised anywhere,
    per kind; ``fact_labels``: biography phrases recognised only as labels (block start or
    followed by ":"), per kind; ``duty_labels``: headings of the duties part ("Lĩnh vực phụ
    trách", "Nhiệm vụ được giao" …); ``duty_general``: phrases that *are* a head's duties
    ("Phụ trách chung"); ``detail_links``: texts of the link to a leader's own page ("Xem
    tiểu sử và nhiệm vụ"); ``assignment_terms``: titles of a separate duty-assignment page;
    ``name_end_labels``: other field labels that end a name ("Chức vụ", "Điện thoại");
    ``person_columns``, ``fact_columns``, ``header_columns``: a leaders' table's column
    headers (:class:`~checker.functions.leader_blocks.Columns`)."""

    titles: tuple[str, ...]
    head_titles: tuple[str, ...]
    birth_labels: tuple[str, ...]
    facts: tuple[tuple[str, tuple[str, ...]], ...]
    fact_labels: tuple[tuple[str, tuple[str, ...]], ...]
    duty_labels: tuple[str, ...]
    duty_general: tuple[str, ...]
    detail_links: tuple[str, ...]
    assignment_terms: tuple[str, ...]
    name_end_labels: tuple[str, ...]
    person_columns: tuple[str, ...]
    fact_columns: tuple[str, ...]
    header_columns: tuple[str, ...]
    placeholders: tuple[str, ...] = ()

    @classmethod
    def of(cls, *, titles: list[str], head_titles: list[str], birth_labels: list[str],
           facts: dict[str, list[str]], fact_labels: dict[str, list[str]], duty_labels: list[str],
           duty_general: list[str], detail_links: list[str], assignment_terms: list[str],
           name_end_labels: list[str], person_columns: list[str], fact_columns: list[str], header_columns: list[str],
           placeholders: tuple[str, ...] | list[str] | None = None) -> Vocab:
        """``placeholders``: what a part the site has not provided says ("Đang cập nhật");
        default: the bundled rule file's ``vocabulary`` (:mod:`checker.vocabulary`)."""
        return _vocab(tuple(titles), tuple(head_titles), tuple(birth_labels),
                      tuple((k, tuple(v)) for k, v in facts.items()), tuple((k, tuple(v)) for k, v in fact_labels.items()),
                      tuple(duty_labels), tuple(duty_general), tuple(detail_links), tuple(assignment_terms),
                      tuple(name_end_labels), tuple(person_columns), tuple(fact_columns), tuple(header_columns),
                      tuple(placeholders if placeholders is not None else words(None, "placeholder")))

    # compiled forms (cached per instance: instances are interned by :func:`_vocab`)
    @cached_property
    def columns(self) -> Columns:
        return Columns.of(alternation_of(self.person_columns), alternation_of(self.fact_columns),
                          alternation_of(self.header_columns))

    @cached_property
    def title_re(self) -> re.Pattern:
        return phrase_re(list(self.titles))

    @cached_property
    def heads(self) -> frozenset[str]:
        return frozenset(fold(p) for p in self.head_titles)

    @cached_property
    def birth_re(self) -> re.Pattern:
        return phrase_re(list(self.birth_labels))

    @cached_property
    def fact_res(self) -> dict[str, re.Pattern]:
        return {k: phrase_re(list(v)) for k, v in self.facts}

    @cached_property
    def label_res(self) -> dict[str, re.Pattern]:
        return {k: phrase_re(list(v)) for k, v in self.fact_labels}

    @cached_property
    def general(self) -> frozenset[str]:
        return frozenset(fold(p) for p in self.duty_general)

    @cached_property
    def duty_re(self) -> re.Pattern:
        return phrase_re(list(self.duty_labels) + list(self.duty_general))

    @cached_property
    def bio_label_re(self) -> re.Pattern:
        """Any biography label (to tell which part a "Đang cập nhật" placeholder stands for)."""
        return phrase_re([p for _, v in self.fact_labels for p in v] + [p for _, v in self.facts for p in v]
                         + list(self.birth_labels))

    @cached_property
    def placeholder_words(self) -> str:
        """A regex alternation of the folded placeholder phrases, longest first."""
        return "(?:" + "|".join(re.escape(p) for p in sorted({fold(x) for x in self.placeholders if fold(x)}, key=len,
                                                                    reverse=True)) + ")" if self.placeholders else "(?!)"

    @cached_property
    def placeholder_re(self) -> re.Pattern:
        """A block that is a label followed by a placeholder ("Tiểu sử: Đang cập nhật")."""
        return re.compile(rf"^(?P<label>(?:\S+ ){{0,8}}?){self.placeholder_words}(?: \S+){{0,2}}$")

    @cached_property
    def placeholder_start(self) -> re.Pattern:
        return re.compile(rf"^{self.placeholder_words}(?: |$)")

    @cached_property
    def details(self) -> frozenset[str]:
        return frozenset(fold(p) for p in self.detail_links)

    @cached_property
    def name_stops(self) -> StopIndex:
        """Labels that end a name: every duty and biography label, and ``name_end_labels``."""
        return stop_index(list(self.duty_labels) + list(self.birth_labels) + list(self.name_end_labels)
                          + [p for _, v in self.fact_labels for p in v])

    @cached_property
    def prefix_ok(self) -> frozenset[str]:
        """Words that may precede a name at the start of its block (titles, honorifics)."""
        return frozenset(fold(w) for p in self.titles for w in p.split()) | _HONORIFIC


@cache
def _vocab(*args: Any) -> Vocab:
    return Vocab(*args)


_HONORIFIC = frozenset(
    "ong ba dong chi d c ts ths ks pgs gs bs cn ls ho va ten hoten so ubnd tinh huyen thanh pho uy ban nhan dan hdnd "
    "thuong truc quan thi xa cuc vien nha giao sy si thac tien lanh dao co quan la kiem".split())
_BULLET = frozenset("- + • * · – — ● ■ ▪ ► » > . ) ( :".split())


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
    notes: list[Bi] = field(default_factory=list)
    placeholder: set[str] = field(default_factory=set)  # "bio"/"duties" the site marks "Đang cập nhật"
    unsure: bool = False  # a missing part may be the tool's gap (detail page not fetched, PDF …)
    head: bool = False  # holds a head title (the rule's ``head_titles``)

    @property
    def label(self) -> str:
        return f"{self.position} {self.name}".strip()



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
    words: list[str] = []
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


# A part the site itself states is missing: "Tiểu sử: Đang cập nhật", "Nhiệm vụ: Chưa có thông tin"
# (the words: Vocab.placeholders, the rule file's vocabulary).
def _is_placeholder(v: Vocab, value: str, phrase: str) -> bool:
    """The value read after a label is only a placeholder ("Tiểu sử: Đang cập nhật …")."""
    f = fold(value)
    if f.startswith(phrase):
        f = f[len(phrase):].strip()
    return bool(v.placeholder_start.match(f))


def _placeholders(v: Vocab, blocks: list[Block], b_lo: int, b_hi: int, leader: Leader) -> None:
    """Note the parts (biography, duties) that a label in blocks [b_lo, b_hi) says are not
    provided ("Tiểu sử: Đang cập nhật", or a "Nhiệm vụ" heading over a block "Chưa có thông tin")."""
    for b in range(b_lo, b_hi):
        m = v.placeholder_re.match(fold(blocks[b].text))
        if not m:
            continue
        label = m.group("label").strip()
        if not label and b > b_lo:
            prev = fold(blocks[b - 1].text)
            label = prev if len(prev.split()) <= 6 else ""
        if not label:
            continue
        if v.duty_re.search(label):
            leader.placeholder.add("duties")
        if v.bio_label_re.search(label):
            leader.placeholder.add("bio")


def _facts(voc: Vocab, tok: Tokens, blocks: list[Block], lo: int, hi: int, anchor_block: int, url: str,
           leader: Leader) -> None:
    """Add the biography facts and duties found in tokens [lo, hi) to ``leader``."""
    def usable(i: int) -> bool:
        return not blocks[tok.block[i]].link_only

    if hi > lo:
        _placeholders(voc, blocks, tok.block[lo], tok.block[hi - 1] + 1, leader)

    for s, n, _phrase in tok.find_all(voc.birth_re, lo, hi):
        if usable(s):
            v = _value_after(tok, s, n, hi)
            if any(c.isdigit() for c in v):
                leader.bio.setdefault("dob", (url, v[:160]))
    for kind, rx in voc.fact_res.items():
        for s, n, phrase in tok.find_all(rx, lo, hi):
            if usable(s):
                v = _value_after(tok, s, n, hi)
                if v and not _is_placeholder(voc, v, phrase):
                    leader.bio.setdefault(kind, (url, v[:160]))
                    break
    for kind, rx in voc.label_res.items():
        for s, n, phrase in tok.find_all(rx, lo, hi):
            if usable(s) and _label_form(tok, s, n, hi):
                v = _value_after(tok, s, n, hi, min_words=8 if kind == "career" else 1)
                if v and not _is_placeholder(voc, v, phrase):
                    leader.bio.setdefault(kind, (url, v[:160]))
                    break
    if leader.duties is None:
        for s, n, phrase in tok.find_all(voc.duty_re, lo, hi):
            if not usable(s):
                continue
            in_anchor = tok.block[s] == anchor_block
            if not (_label_form(tok, s, n, hi) or in_anchor):
                continue
            if phrase in voc.general:
                leader.duties = (url, tok.text(s, min(hi, s + n + 20))[:200])
                break
            v = _value_after(tok, s, n, hi, min_words=2)
            if v and not _is_placeholder(voc, v, phrase):
                leader.duties = (url, v[:200])
                break


Anchor = tuple[int, int, int, str, bool]  # segment start, name token, name length, position, unsure


def _anchors(voc: Vocab, tok: Tokens) -> list[Anchor]:
    """The leaders of a page, one anchor each. A name ends at its block's end or where a
    field label begins; a block that is only capitalised words the family-name list does
    not know ("Giàng A Páo"), next to a short title block, is an unsure anchor."""
    positions = tok.find_all(voc.title_re)
    seen: set[str] = set()
    out: list[Anchor] = []
    for i in range(len(tok.words)):
        b = tok.block[i]
        b_lo, b_hi = _block_range(tok, b)
        n = name_at(tok.words, i, b_hi, voc.name_stops)
        unsure = False
        first = _first_word(tok, i)
        if not n and i == first and bare_name(tok.words, i, b_hi, voc.name_stops):
            n, unsure = b_hi - i, True
        if not n:
            continue
        if i - first > 10 or any(tok.folded[j] not in voc.prefix_ok and tok.folded[j] not in _BULLET
                                 and not tok.folded[j].isdigit() for j in range(first, i)):
            continue
        key = fold(" ".join(tok.words[i:i + n]))
        if key in seen:
            continue
        best = None
        for ps, pn, phrase in positions:
            pb = tok.block[ps]
            if pb < b - 1 or pb > b + 3 or (unsure and abs(pb - b) != 1):
                continue
            if pb < b or unsure:  # a title block just before the name (cards): only when short
                blo, bhi = _block_range(tok, pb)
                if bhi - blo > 8:
                    continue
            dist = abs(ps - i) if ps < i else ps - (i + n)
            # The title in the name's own block first ("Giám đốc Sở Võ Thành Trung" followed by
            # the block "Phó Giám đốc Đặng Thị Mai": the next block's title is nearer in tokens).
            rank = (pb != b, dist)
            if dist <= 25 and (best is None or rank < best[0]):
                best = (rank, ps, pn, phrase)
        if best is None:
            continue
        seen.add(key)
        _, ps, pn, _ = best
        start = min(_block_range(tok, tok.block[ps])[0], b_lo)
        out.append((start, i, n, tok.text(ps, ps + pn), unsure))
    out.sort()
    # Segments must not overlap: a later anchor whose start falls before an earlier name
    # keeps its own block only.
    fixed: list[Anchor] = []
    for start, i, n, pos, unsure in out:
        if fixed and start <= fixed[-1][1]:
            start = _block_range(tok, tok.block[i])[0]
            if start <= fixed[-1][1]:
                continue
        fixed.append((start, i, n, pos, unsure))
    return fixed


def _detail_link(ctx, voc: Vocab, page: Page, blocks: list[Block], b_lo: int, b_hi: int, name: str) -> str | None:
    """The link to the leader's own page: its name, a detail text ("Xem tiểu sử và nhiệm
    vụ"), or an image link at the top of its segment."""
    fname = fold(name)
    for b in range(b_lo, b_hi):
        for url, text in blocks[b].links:
            if url.rstrip("/") == page.final_url.rstrip("/") or not ctx.snapshot.is_internal(url):
                continue
            if is_document(url):
                continue
            ft = fold(text)
            if (fname and fname in ft) or ft in voc.details or (not ft and b <= b_lo + 1):
                return url
    return None


def extract_leaders(ctx, voc: Vocab, page: Page, follow: bool = True, max_follow: int = 12) -> list[Leader]:
    """The leaders listed on ``page``, completed from their detail pages."""
    blocks = page_blocks(page, voc.columns)
    tok = Tokens.of_blocks([b.text for b in blocks])
    anchors = _anchors(voc, tok)
    leaders: list[Leader] = []
    for k, (start, i, n, pos, unsure) in enumerate(anchors):
        end = anchors[k + 1][0] if k + 1 < len(anchors) else len(tok.words)
        name = " ".join(tok.words[i:i + n])
        leader = Leader(name=_title_case(name), position=pos, url=page.final_url, text=tok.text(start, min(end, start + 60)),
                        head=fold(pos) in voc.heads)
        if unsure:
            leader.unsure = True
            leader.notes.append(bi("tên không có trong danh sách họ đã biết: {}", "name not in the known family names: {}",
                                   leader.name))
        _facts(voc, tok, blocks, start, end, tok.block[i], page.final_url, leader)
        b_lo, b_hi = tok.block[start], (tok.block[end - 1] + 1 if end > start else tok.block[start] + 1)
        leader.detail_url = _detail_link(ctx, voc, page, blocks, b_lo, b_hi, name)
        leaders.append(leader)
    if follow:
        followed = 0
        for leader in leaders:
            if leader.detail_url and (len(leader.bio) < 2 or leader.duties is None) and followed < max_follow:
                followed += 1
                _complete_from_detail(ctx, voc, leader)
    return leaders


def _title_case(name: str) -> str:
    return name if not name.isupper() else " ".join(w.capitalize() for w in name.split())


def _complete_from_detail(ctx, voc: Vocab, leader: Leader) -> None:
    dp = ctx.snapshot.get(leader.detail_url)
    if dp is None or dp.status is None:
        leader.unsure = True
        leader.notes.append(bi("không tải được trang chi tiết: {}", "detail page could not be fetched: {}",
                                leader.detail_url))
        return
    if not dp.ok:
        leader.notes.append(bi("trang chi tiết trả về HTTP {}: {}", "detail page answers HTTP {}: {}",
                                dp.status, leader.detail_url))
        return
    blocks = page_blocks(dp, voc.columns)
    tok = Tokens.of_blocks([b.text for b in blocks])
    fname = fold(leader.name)
    hits = [s for s, _, _ in tok.find_all(re.compile(rf"(?:^| )({re.escape(fname)})(?= |$)"))] if fname else []
    if not hits:
        leader.unsure = True
        leader.notes.append(bi("trang chi tiết không nêu tên {}: {}", "detail page does not name {}: {}",
                                leader.name, leader.detail_url))
        return
    _facts(voc, tok, blocks, 0, len(tok.words), tok.block[hits[0]], dp.final_url, leader)


def complete_from_assignment_pages(ctx, voc: Vocab, leaders: list[Leader]) -> list[str]:
    """Complete duties from a "Phân công nhiệm vụ" page naming the leader; return URLs of
    assignment *documents* (PDF …) the tool cannot read."""
    lacking = [ldr for ldr in leaders if ldr.duties is None]
    if not lacking:
        return []
    docs = []
    for hit in find_sections(ctx, list(voc.assignment_terms), max_hits=4):
        if hit.document:
            docs.append(hit.url)
            continue
        if hit.page is None or not hit.page.ok:
            continue
        blocks = page_blocks(hit.page, voc.columns)
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
            _facts(voc, tok, blocks, lo, hi, b, hit.page.final_url, tmp)
            if tmp.duties is not None:
                leader.duties = tmp.duties
    return docs
