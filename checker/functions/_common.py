"""Shared helpers of the identity/contact/technical checks: e-mail and phone extraction,
footer and header text, evidence of pages searched. (Personal names, position titles and
token streams are :mod:`checker.functions._people`.)

Nothing here registers a check; the modules beside it (``contact``, ``leaders``,
``technical``, ``navigation``) do. Everything that scans all pages of a portal is memoised
through ``ctx.memo`` so that the rule set stays within its per-page CPU budget.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from checker.results import Bi, Evidence, bi
from checker.vocabulary import alternation
from crawlers.dom import FOOTER_HINT, HEADER_HINT, class_key
from crawlers.snapshot import Page, page_fact
from crawlers.text import fold

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


def is_gov(domain: str) -> bool:
    return domain == "gov.vn" or domain.endswith(".gov.vn")


def is_webmail(domain: str) -> bool:
    return domain in WEBMAIL or domain.startswith(("yahoo.", "hotmail.", "outlook.", "live."))


# The bracketed words alone, anchored at an opening bracket: ``_has_bracketed`` tries them
# only where a bracket is (found with ``str.find``), a quick "no" on a page of text; the
# substitutions above try their leading ``\s*`` at every space (~4 ms on a 50 KB page).
# Whatever ``_AT``/``_DOT`` match contains a match of these.
_AT_CORE = re.compile(r"[\[({]\s*(?:at|a|@)\s*[\])}]", re.I)
_DOT_CORE = re.compile(r"[\[({]\s*(?:dot|chấm|cham)\s*[\])}]", re.I)


def _has_bracketed(text: str, core: re.Pattern[str]) -> bool:
    for opener in "[({":
        i = text.find(opener)
        while i >= 0:
            if core.match(text, i) is not None:
                return True
            i = text.find(opener, i + 1)
    return False


def _has_spaced_at(text: str) -> bool:
    """An "@" with white space on both sides (what ``_AT``'s last alternative needs)."""
    i, n = text.find("@"), len(text)
    while i >= 0:
        if 0 < i < n - 1 and text[i - 1].isspace() and text[i + 1].isspace():
            return True
        i = text.find("@", i + 1)
    return False


def deobfuscate(text: str) -> str:
    """Turn ``abc[at]x[dot]gov[dot]vn`` style addresses back into ``abc@x.gov.vn``."""
    if "[" not in text and "(" not in text and "{" not in text and " @ " not in text:
        return text
    if _has_bracketed(text, _AT_CORE) or _has_spaced_at(text):
        text = _AT.sub("@", text)
    if _has_bracketed(text, _DOT_CORE):
        text = _DOT.sub(".", text)
    return text


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


@lru_cache(maxsize=16)
def _anywhere(alts: str) -> re.Pattern[str]:
    """A pattern finding any of the alternation's phrases anywhere in folded text."""
    return re.compile(alts)


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
            decoded = _cf_decode(node.attributes.get("data-cfemail") or "")
            for a in emails_in(decoded or ""):
                found.setdefault(a, a)
        for node in page.tree.css("a[href*='email-protection#']"):
            decoded = _cf_decode((node.attributes.get("href") or "").split("#", 1)[-1])
            for a in emails_in(decoded or ""):
                found.setdefault(a, a)
    return tuple(found.items())


def page_emails(page: Page, home_url: str, known: set[str] | None = None, ctx: Any = None) -> list[EmailHit]:
    """Every address on a page (:func:`email_candidates`), each tagged agency/content context
    (the rule file's ``agency_page_words`` and ``vendor_words``; ``ctx`` None: the bundled ones)."""
    found = dict(page.fact("emails"))
    if not found:
        return []
    agency_page = page.final_url.rstrip("/") == home_url.rstrip("/") or bool(
        _anywhere(alternation(ctx, "agency_page_words")).search(
            fold(unquote(urlsplit(page.final_url).path)) + " " + fold(page.title)))
    vendor_re = _anywhere(alternation(ctx, "vendor_words"))
    known = known if known is not None else set()
    need_chrome = not agency_page and any(a not in known for a in found)
    chrome = fold(footer_text(page) + " " + header_text(page)) if need_chrome else ""
    out = []
    for addr, ctx_text in found.items():
        in_chrome = agency_page or addr in known or fold(addr) in chrome
        vendor = bool(vendor_re.search(fold(ctx_text)))
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
            hits = page_emails(page, home_url, known, ctx)
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
# On folded text after a label: also short local numbers (3822111). The labels, and the words
# that may stand between a label and its number, are the rule file's (``phone_labels``,
# ``phone_label_words``, ``fax_labels``, ``fax_label_words``); the numbers' shape is here.
_NUMBER = r"\s+(\+?\d[\d ]{5,18}\d)"


@lru_cache(maxsize=16)
def _label_re(labels: str, between: str) -> re.Pattern[str]:
    return re.compile(rf"\b{labels}\b(?: {between})*{_NUMBER}")


def _digits_ok(s: str, lo: int = 7, hi: int = 12) -> bool:
    n = sum(c.isdigit() for c in s)
    return lo <= n <= hi


def labelled_phone(folded: str, ctx: Any = None) -> str | None:
    """The first "label number" of a phone in folded text (``ctx`` None: the bundled labels)."""
    for m in _label_re(alternation(ctx, "phone_labels"), alternation(ctx, "phone_label_words")).finditer(folded):
        if _digits_ok(m.group(1)):
            return m.group(0)
    return None


def labelled_fax(folded: str, ctx: Any = None) -> str | None:
    for m in _label_re(alternation(ctx, "fax_labels"), alternation(ctx, "fax_label_words")).finditer(folded):
        if _digits_ok(m.group(1)):
            return m.group(0)
    return None


def phones_in(text: str) -> list[str]:
    return [m.group(0) for m in PHONE.finditer(text)]


@lru_cache(maxsize=16)
def _address_re(labels: str, not_after: str) -> re.Pattern[str]:
    """An address label not followed by another kind of address ("Địa chỉ email"), then 3–14 words."""
    return re.compile(rf"\b{labels}\b(?! {not_after})((?: [a-z0-9]+){{3,14}})")


@lru_cache(maxsize=16)
def _street_re(streets: str) -> re.Pattern[str]:
    return re.compile(rf"\b{streets}\b|\d")


def labelled_address(folded: str, ctx: Any = None) -> str | None:
    """The first address label with a street word or a digit after it (the rule file's
    ``address_labels``, ``not_address_words``, ``street_words``)."""
    street = _street_re(alternation(ctx, "street_words"))
    for m in _address_re(alternation(ctx, "address_labels"), alternation(ctx, "not_address_words")).finditer(folded):
        if street.search(m.group(1)):
            return m.group(0)
    return None


# -- evidence -----------------------------------------------------------------------------------
def searched(pages: list[Page], what: Bi) -> list[Evidence]:
    """Evidence for a ``fail``: the pages that were looked at (``what``: what was sought)."""
    ev = []
    for p in pages[:8]:
        ev.append(Evidence(p.final_url, (p.title or "")[:120], bi("đã tìm {}", "searched for {}", what)))
    return ev


def home_or_start(ctx) -> str:
    home = ctx.snapshot.home
    return home.final_url if home is not None else ctx.snapshot.start_url




def thin(page: Page | None) -> bool:
    """A page with almost no visible text (probably built by scripts the crawl did not run)."""
    return page is None or len(page.visible_text) < 150
