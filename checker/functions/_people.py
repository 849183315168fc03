"""Vietnamese personal names and position titles, and token streams for structured
extraction (leaders' pages, officials on contact pages). No check registers here."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from crawlers.text import fold, nfc

# -- people -------------------------------------------------------------------------------------
# Common Vietnamese family names (original spelling, lower case). A name is a capitalised
# family name followed by one to four capitalised given/middle names.
SURNAMES = frozenset(nfc(s) for s in """
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh đào cao lương trương mai
lâm hà tạ thái trịnh đoàn vương châu tô quách kiều triệu lưu tăng phùng doãn nông mạc giang hứa âu
khổng thân chu từ lục nghiêm kim tôn lò quan bế đàm lạc hầu thạch danh lã khúc vi mã tống
giàng sùng vàng thào lầu mùa hạng sầm lường cầm điêu quàng tòng bàn chảo phàn ma mè lỳ hoàng
""".split())
# (The last line: family names of the Mông, Thái, Dao and other ethnic minorities, whose
# leaders are common in the northern mountain provinces. A name whose family name is in
# none of these is still read, as unsure, by :func:`bare_name` on card layouts.)
# Words that end a name: the start of a position title, an agency or a field label. Given
# names such as Thị, Thành, Nhân, Dân, Chi, Năm must *not* be here.
NON_NAME_WORDS = frozenset(nfc(s) for s in """
giám phó chủ sở ủy uỷ ubnd hđnd trưởng bí chánh tỉnh huyện quận xã phường cục viện thường ban điện email
fax địa họ chức đơn lãnh cơ hội đảng ngày tháng các và của về tại thuộc
""".split())
PLACE_NAMES = frozenset(fold(s) for s in [
    "Hồ Chí Minh", "Hà Nội", "Hà Tĩnh", "Hà Giang", "Hà Nam", "Lâm Đồng", "Cao Bằng", "Thái Bình", "Thái Nguyên",
    "Lý Sơn", "Hà Đông", "Mai Châu", "Kim Bảng", "Hồ Tây", "Trần Hưng Đạo", "Lê Lợi", "Lê Duẩn", "Quang Trung",
])


def _is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper() and word[0].isalpha()


StopIndex = dict[str, tuple[tuple[str, ...], ...]]


def stop_index(phrases: list[str]) -> StopIndex:
    """Field labels that end a name ("Nhiệm vụ", "Tiểu sử", "Chức vụ" …), indexed by their
    first folded word, for :func:`name_at`."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for p in phrases:
        words = tuple(fold(p).split())
        if words:
            out.setdefault(words[0], set()).add(words[1:])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def _starts_label(words: list[str], j: int, end: int, stops: StopIndex) -> bool:
    tails = stops.get(fold(words[j]))
    if tails is None:
        return False
    return any(j + 1 + len(t) <= end and tuple(fold(w) for w in words[j + 1:j + 1 + len(t)]) == t for t in tails)


def name_at(words: list[str], i: int, end: int | None = None, stops: StopIndex | None = None) -> int:
    """Length (in words) of a personal name starting at ``words[i]``, or 0.

    The name ends at ``end`` (the end of its block: "<h3>Phan Thị Kim Oanh</h3><p>Nhiệm vụ…"
    must not read "Oanh Nhiệm") and where a field label of ``stops`` begins ("Lương Văn Tài
    Tiểu sử: …")."""
    end = len(words) if end is None else min(end, len(words))
    w = words[i]
    if not _is_cap(w) or w.casefold() not in SURNAMES:
        return 0
    upper = w.isupper() and len(w) > 1
    n = 1
    while i + n < end and n < 5:
        nxt = words[i + n]
        if not nxt.isalpha() or not _is_cap(nxt) or nxt.casefold() in NON_NAME_WORDS:
            break
        if upper and not nxt.isupper():
            break
        if stops and _starts_label(words, i + n, end, stops):
            break
        n += 1
    if n < 2:
        return 0
    if fold(" ".join(words[i:i + n])) in PLACE_NAMES:
        return 0
    return n


def bare_name(words: list[str], lo: int, hi: int, stops: StopIndex | None = None) -> bool:
    """Whether words[lo:hi] (a whole block) look like a personal name the family-name list
    does not know (ethnic-minority or unaccented names, "Giàng A Páo"): two to five
    capitalised words, no title or agency word, no field label. Read as *unsure*."""
    ws = words[lo:hi]
    if not 2 <= len(ws) <= 5 or not all(w.isalpha() and _is_cap(w) and len(w) <= 8 for w in ws):
        return False
    if any(w.casefold() in NON_NAME_WORDS for w in ws) or fold(" ".join(ws)) in PLACE_NAMES:
        return False
    return not (stops and any(_starts_label(words, j, hi, stops) for j in range(lo, hi)))


# Position titles are data: officials' positions are the rule file's ``official_positions``
# vocabulary (checker/functions/contact.py), leaders' titles the leaders rule's options.


# -- token streams (for structured extraction on a few pages) -------------------------------
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass
class Tokens:
    """Words and punctuation of a sequence of text blocks, with folded forms and a joined
    folded string for phrase search (``find`` returns token indices)."""

    words: list[str] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)
    block: list[int] = field(default_factory=list)
    joined: str = ""
    starts: list[int] = field(default_factory=list)

    @classmethod
    def of_blocks(cls, blocks: list[str]) -> Tokens:
        t = cls()
        for b, text in enumerate(blocks):
            for w in _TOKEN.findall(nfc(text)):
                f = fold(w) if w[0].isalnum() or w[0] == "_" else w
                if not f:
                    continue
                t.words.append(w)
                t.folded.append(f)
                t.block.append(b)
        pos, parts = 0, []
        for f in t.folded:
            t.starts.append(pos)
            parts.append(f)
            pos += len(f) + 1
        t.joined = " ".join(parts)
        return t

    def token_at(self, char_pos: int) -> int:
        return bisect_right(self.starts, char_pos) - 1

    def find_all(self, pattern: re.Pattern, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, str]]:
        """(first token, token count, folded phrase) of each match of ``pattern`` (group 1)."""
        hi = len(self.words) if hi is None else hi
        if lo >= hi:
            return []
        a = self.starts[lo]
        b = self.starts[hi - 1] + len(self.folded[hi - 1]) if hi - 1 < len(self.starts) else len(self.joined)
        out = []
        for m in pattern.finditer(self.joined, a, b):
            start = self.token_at(m.start(1))
            out.append((start, len(m.group(1).split()), m.group(1)))
        return out

    def text(self, lo: int, hi: int) -> str:
        out = ""
        for i in range(lo, min(hi, len(self.words))):
            w = self.words[i]
            if out and (w[0].isalnum() or w in "(") and not out.endswith(("(", "/")):
                out += " "
            out += w
        return out


def phrase_re(phrases: list[str]) -> re.Pattern:
    alts = "|".join(re.escape(p) for p in sorted({fold(x) for x in phrases if fold(x)}, key=len, reverse=True))
    return re.compile(rf"(?:^| )({alts})(?= |$)")
