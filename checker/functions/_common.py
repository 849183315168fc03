"""Shared helpers of the identity/contact/technical checks: e-mail and phone extraction,
Vietnamese personal names and position titles, footer text, evidence of pages searched.

Nothing here registers a check; the modules beside it (``contact``, ``leaders``,
``technical``, ``navigation``) do. Everything that scans all pages of a portal is memoised
through ``ctx.memo`` so that the rule set stays within its per-page CPU budget.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from checker.results import Evidence
from crawlers.dom import FOOTER_HINT, HEADER_HINT, class_key
from crawlers.snapshot import Page, page_fact
from crawlers.text import fold, nfc

# -- e-mail -------------------------------------------------------------------------------------
# Public webmail: Directive 34/2008/CT-TTg asks agencies to use the state's official mail
# systems, and inspectors report "contact e-mail on gmail" as a finding.
WEBMAIL = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.com.vn", "ymail.com", "rocketmail.com",
    "hotmail.com", "hotmail.com.vn", "outlook.com", "outlook.com.vn", "live.com", "msn.com",
    "icloud.com", "me.com", "mac.com", "aol.com", "mail.ru", "yandex.ru", "yandex.com", "zoho.com",
    "protonmail.com", "proton.me", "gmx.com", "gmx.net", "qq.com", "163.com", "126.com", "mail.com",
    "inbox.com", "tutanota.com",
})
_EMAIL = re.compile(r"(?<![\w.+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@([A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,12})(?![\w-])")
# Obfuscations seen on portals: abc[at]x.gov.vn, abc(at)x.gov.vn, abc(a)x.gov.vn, abc{at}…,
# abc [at] x [dot] gov [dot] vn, "abc @ x.gov.vn".
_AT = re.compile(r"\s*(?:\[\s*(?:at|a|@)\s*\]|\(\s*(?:at|a|@)\s*\)|\{\s*(?:at|a|@)\s*\})\s*|\s+@\s+", re.I)
_DOT = re.compile(r"\s*(?:\[\s*(?:dot|chấm|cham)\s*\]|\(\s*(?:dot|chấm|cham)\s*\)|\{\s*dot\s*\})\s*", re.I)
_NOT_TLD = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "js", "css", "ico", "bmp"})
_VENDOR = re.compile(r"thiet ke|phat trien boi|xay dung boi|van hanh boi|cung cap boi|cong ty|designed|developed|powered|"
                     r"ho tro ky thuat|giai phap|doanh nghiep|tap doan")


def is_gov(domain: str) -> bool:
    return domain == "gov.vn" or domain.endswith(".gov.vn")


def is_webmail(domain: str) -> bool:
    return domain in WEBMAIL or domain.startswith(("yahoo.", "hotmail.", "outlook.", "live."))


def deobfuscate(text: str) -> str:
    """Turn ``abc[at]x[dot]gov[dot]vn`` style addresses back into ``abc@x.gov.vn``."""
    if "[" not in text and "(" not in text and "{" not in text and " @ " not in text:
        return text
    return _DOT.sub(".", _AT.sub("@", text))


def emails_in(text: str) -> list[str]:
    """E-mail addresses (lower-cased, obfuscations decoded) in a text, in order, distinct."""
    if not text or ("@" not in text and "at" not in text.lower() and "(a)" not in text):
        return []
    out: dict[str, None] = {}
    for m in _email_matches(deobfuscate(text)):
        user, domain = m.group(1).strip("."), m.group(2).lower().rstrip(".")
        if domain.rsplit(".", 1)[-1] in _NOT_TLD or not user:
            continue
        out[f"{user.lower()}@{domain}"] = None
    return list(out)


def _email_matches(text: str) -> Iterator[re.Match]:
    """``_EMAIL.finditer(text)``, but searched only around each "@": scanning a whole page
    text with the pattern costs ~1 ms, the "@"s are found in microseconds. (A user part is
    at most 64 characters, so a match holding the "@" at ``i`` starts after ``i - 65``;
    the look-behind still sees the text before ``pos``.)"""
    pos = 0
    while True:
        i = text.find("@", pos)
        if i < 0:
            return
        m = _EMAIL.search(text, max(pos, i - 65), i + 512)
        if m is not None and m.start() <= i < m.end():
            yield m
            pos = m.end()
        else:
            pos = i + 1


def _cf_decode(hexstr: str) -> str | None:
    """Decode Cloudflare's e-mail protection (``data-cfemail``): XOR with the first byte."""
    try:
        data = bytes.fromhex(hexstr)
    except ValueError:
        return None
    if len(data) < 2:
        return None
    key = data[0]
    try:
        return bytes(b ^ key for b in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None


@dataclass
class EmailHit:
    """One e-mail address seen on one page, with where it sat (for the verdict and evidence)."""

    address: str
    url: str
    context: str  # a short excerpt around the address
    agency: bool  # in an agency context: home page, footer/header, contact/directory/leader/intro page
    vendor: bool = False  # the text around it names a web developer/vendor, not the agency

    @property
    def domain(self) -> str:
        return self.address.rsplit("@", 1)[-1]


_AGENCY_PAGE = re.compile(r"lien he|lienhe|contact|danh ba|danhba|gioi thieu|gioithieu|lanh dao|lanhdao|ban giam doc|"
                          r"co cau to chuc|about|thong tin lien|directory|so do to chuc|bo may")


def _context(text: str, address: str) -> str:
    low = text.lower()
    i = low.find(address.split("@")[0])
    if i < 0:
        return address
    lo = max(0, i - 70)
    return " ".join(text[lo: i + len(address) + 40].split())


@page_fact("emails")
def email_candidates(page: Page) -> tuple[tuple[str, str], ...]:
    """(address, excerpt) of every address on a page: visible text (obfuscations decoded),
    mailto: links and Cloudflare-protected addresses. A page fact: computed by the crawler
    while it parses the page, so the e-mail rules never parse a page again."""
    raw = page.text
    if "@" not in raw and "[at]" not in raw and "(a)" not in raw and "(at)" not in raw and "cfemail" not in raw:
        return ()
    text = deobfuscate(page.visible_text)
    found: dict[str, str] = {}
    for addr in emails_in(text):
        found.setdefault(addr, _context(text, addr))
    if "ailto:" in raw or "AILTO:" in raw:  # any case of "mailto:" (cheaper than lower-casing the page)
        for raw_href in page.mailto_hrefs:  # (kept from the page's parse: no re-parse)
            href = raw_href.strip()
            for addr in emails_in(unquote(href[7:].split("?")[0])):
                found.setdefault(addr, addr)
    if "cfemail" in raw or "email-protection" in raw:
        for node in page.tree.css("[data-cfemail]"):
            addr = _cf_decode(node.attributes.get("data-cfemail") or "")
            for a in emails_in(addr or ""):
                found.setdefault(a, a)
        for node in page.tree.css("a[href*='email-protection#']"):
            addr = _cf_decode((node.attributes.get("href") or "").split("#", 1)[-1])
            for a in emails_in(addr or ""):
                found.setdefault(a, a)
    return tuple(found.items())


def page_emails(page: Page, home_url: str, known: set[str] | None = None) -> list[EmailHit]:
    """Every address on a page (:func:`email_candidates`), each tagged agency/content context."""
    found = dict(page.fact("emails"))
    if not found:
        return []
    agency_page = page.final_url.rstrip("/") == home_url.rstrip("/") or bool(
        _AGENCY_PAGE.search(fold(unquote(urlsplit(page.final_url).path)) + " " + fold(page.title)))
    known = known if known is not None else set()
    need_chrome = not agency_page and any(a not in known for a in found)
    chrome = fold(footer_text(page) + " " + header_text(page)) if need_chrome else ""
    out = []
    for addr, ctx_text in found.items():
        in_chrome = agency_page or addr in known or fold(addr) in chrome
        vendor = bool(_VENDOR.search(fold(ctx_text)))
        out.append(EmailHit(addr, page.final_url, ctx_text[:200], in_chrome, vendor))
    return out


def all_emails(ctx) -> list[EmailHit]:
    """Every e-mail published on the crawled pages, computed once per portal."""
    def collect() -> list[EmailHit]:
        snap = ctx.snapshot
        home = snap.home
        home_url = home.final_url if home is not None else snap.start_url
        out: list[EmailHit] = []
        known: set[str] = set()  # addresses already seen in an agency context (footer …)
        for page in snap.html_pages():
            hits = page_emails(page, home_url, known)
            known.update(h.address for h in hits if h.agency)
            out.extend(hits)
        return out
    return ctx.memo(("contact.emails",), collect)


# -- layout regions -----------------------------------------------------------------------------
def _region_text(page: Page, tags: str, hint: re.Pattern[str]) -> str:
    """Text of the page's ``tags`` elements, else of the boxes whose id/class ``hint`` names
    (the region hints of :mod:`crawlers.dom`, as for the links' regions)."""
    nodes = list(page.tree.css(tags))
    if not nodes:
        for n in page.tree.css("div[id], div[class], section[class], table[id], table[class], td[class], p[class]"):
            if hint.search(class_key(n)):
                nodes.append(n)
    parts: list[str] = []
    seen: set[str] = set()
    for n in nodes:
        t = " ".join(n.text(separator=" ").split())
        if t and t not in seen and not any(t in s for s in seen):
            seen.add(t)
            parts.append(t)
    return " ".join(parts)


def footer_text(page: Page) -> str:
    """Text of the page footer (``<footer>``, role=contentinfo, or a footer-like box)."""
    return _region_text(page, "footer, [role=contentinfo]", FOOTER_HINT)


def header_text(page: Page) -> str:
    return _region_text(page, "header, [role=banner]", HEADER_HINT)


# -- phones -------------------------------------------------------------------------------------
# On raw text: 0255 3822 111, (0255) 3.822.111, +84 255 3822111, 0912.345.678 (9–11 digits).
PHONE = re.compile(r"(?<![\w/.-])(?:\+?84|\(?0)(?:[\s.\-()]{0,2}\d){8,10}(?![\d/])")
# On folded text after a label: also short local numbers (3822111).
_PHONE_LABEL = re.compile(r"\b(?:so dien thoai|dien thoai|dtdd|sdt|dt|tel|telephone|phone|mobile|hotline|duong day nong)"
                          r"\b(?: (?:co quan|ban|lien he|fax|di dong|ddong|cq|noi bo))*\s+(\+?\d[\d ]{5,18}\d)")
_FAX_LABEL = re.compile(r"\bfax\b(?: (?:so|co quan))*\s+(\+?\d[\d ]{5,18}\d)")


def _digits_ok(s: str, lo: int = 7, hi: int = 12) -> bool:
    n = sum(c.isdigit() for c in s)
    return lo <= n <= hi


def labelled_phone(folded: str) -> str | None:
    for m in _PHONE_LABEL.finditer(folded):
        if _digits_ok(m.group(1)):
            return m.group(0)
    return None


def labelled_fax(folded: str) -> str | None:
    for m in _FAX_LABEL.finditer(folded):
        if _digits_ok(m.group(1)):
            return m.group(0)
    return None


def phones_in(text: str) -> list[str]:
    return [m.group(0) for m in PHONE.finditer(text)]


_ADDRESS = re.compile(r"\b(?:dia chi|tru so|tru so chinh|address)\b(?! (?:email|e mail|thu|mail|website|web|trang|ip|truy cap|lien he|cong))"
                      r"((?: [a-z0-9]+){3,14})")
_STREET = re.compile(r"\b(?:so|duong|pho|phuong|xa|thi tran|quan|huyen|tinh|thanh pho|tp|to|khu|thon|ap|km|street|road|ward|district|province|city|st)\b|\d")


def labelled_address(folded: str) -> str | None:
    for m in _ADDRESS.finditer(folded):
        if _STREET.search(m.group(1)):
            return m.group(0)
    return None


# -- people -------------------------------------------------------------------------------------
# Common Vietnamese family names (original spelling, lower case). A name is a capitalised
# family name followed by one to four capitalised given/middle names.
SURNAMES = frozenset(nfc(s) for s in """
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh đào cao lương trương mai
lâm hà tạ thái trịnh đoàn vương châu tô quách kiều triệu lưu tăng phùng doãn nông mạc giang hứa âu
khổng thân chu từ lục nghiêm kim tôn lò quan bế đàm lạc hầu thạch danh lã khúc vi mã tống
""".split())
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


def name_at(words: list[str], i: int) -> int:
    """Length (in words) of a personal name starting at ``words[i]``, or 0."""
    w = words[i]
    if not _is_cap(w) or w.casefold() not in SURNAMES:
        return 0
    upper = w.isupper() and len(w) > 1
    n = 1
    while i + n < len(words) and n < 5:
        nxt = words[i + n]
        if not nxt.isalpha() or not _is_cap(nxt) or nxt.casefold() in NON_NAME_WORDS:
            break
        if upper and not nxt.isupper():
            break
        n += 1
    if n < 2:
        return 0
    if fold(" ".join(words[i:i + n])) in PLACE_NAMES:
        return 0
    return n


POSITIONS = [
    "Phó Chủ tịch Thường trực", "Phó Chủ tịch", "Chủ tịch", "Tổng Giám đốc", "Phó Tổng Giám đốc", "Phó Giám đốc",
    "Giám đốc", "Phó Bí thư Thường trực", "Phó Bí thư", "Bí thư", "Phó Chánh Văn phòng", "Chánh Văn phòng",
    "Phó Chánh Thanh tra", "Chánh Thanh tra", "Phó Trưởng ban Thường trực", "Phó Trưởng ban", "Trưởng ban",
    "Phó Tổng Cục trưởng", "Tổng Cục trưởng", "Phó Cục trưởng", "Cục trưởng", "Phó Chi cục trưởng", "Chi cục trưởng",
    "Phó Trưởng phòng", "Trưởng phòng", "Phó Viện trưởng", "Viện trưởng", "Phó Hiệu trưởng", "Hiệu trưởng",
    "Bộ trưởng", "Thứ trưởng", "Phó Chủ nhiệm", "Chủ nhiệm", "Ủy viên", "Uỷ viên", "Thủ trưởng",
    "Phó Trưởng Đài", "Trưởng Đài", "Chuyên viên", "Văn thư", "Kế toán", "Cán bộ", "Công chức", "Quản trị viên",
    "Thanh tra viên", "Phó Giám đốc phụ trách",
]
HEAD_POSITIONS = frozenset(fold(p) for p in [
    "Phó Chủ tịch Thường trực", "Phó Chủ tịch", "Chủ tịch", "Tổng Giám đốc", "Phó Tổng Giám đốc", "Phó Giám đốc",
    "Giám đốc", "Phó Trưởng ban Thường trực", "Phó Trưởng ban", "Trưởng ban", "Phó Tổng Cục trưởng",
    "Tổng Cục trưởng", "Phó Cục trưởng", "Cục trưởng", "Phó Chi cục trưởng", "Chi cục trưởng", "Phó Viện trưởng",
    "Viện trưởng", "Bộ trưởng", "Thứ trưởng", "Phó Chủ nhiệm", "Chủ nhiệm", "Phó Giám đốc phụ trách",
])
POSITION_RE = re.compile(r"(?:^| )(" + "|".join(re.escape(p) for p in sorted({fold(x) for x in POSITIONS}, key=len, reverse=True)) + r")(?= |$)")


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


# -- evidence -----------------------------------------------------------------------------------
def searched(pages: list[Page], what: str) -> list[Evidence]:
    """Evidence for a ``fail``: the pages that were looked at."""
    ev = []
    for p in pages[:8]:
        ev.append(Evidence(p.final_url, (p.title or "")[:120], f"searched for {what}"))
    return ev


def home_or_start(ctx) -> str:
    home = ctx.snapshot.home
    return home.final_url if home is not None else ctx.snapshot.start_url




def thin(page: Page | None) -> bool:
    """A page with almost no visible text (probably built by scripts the crawl did not run)."""
    return page is None or len(page.visible_text) < 150
