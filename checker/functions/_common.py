"""Shared helpers of the identity/contact/technical checks: e-mail and phone extraction,
footer and header text, evidence of pages searched. (Personal names, position titles and
token streams are :mod:`checker.functions._people`.)

Nothing here registers a check; the modules beside it (``contact``, ``leaders``,
``technical``, ``navigation``) do. Everything that scans all pages of a portal is memoised
through ``ctx.memo`` so that the rule set stays within its per-page CPU budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from checker.page_facts import (  # noqa: F401  (the e-mail helpers' old home: importable from here)
    _EMAIL,
    _context,
    _email_matches,
    deobfuscate,
    email_candidates,
    emails_in,
)
from checker.results import Bi, Evidence, bi
from checker.vocabulary import alternation
from crawlers.dom import FOOTER_HINT, HEADER_HINT, class_key
from crawlers.snapshot import Page
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


def is_gov(domain: str) -> bool:
    return domain == "gov.vn" or domain.endswith(".gov.vn")


def is_webmail(domain: str) -> bool:
    return domain in WEBMAIL or domain.startswith(("yahoo.", "hotmail.", "outlook.", "live."))



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



def page_emails(page: Page, home_url: str, known: set[str] | None = None, ctx: Any = None) -> list[EmailHit]:
    """Every address on a page (:func:`email_candidates`), each tagged agency/content context
    (the rule file's ``agency_page_words`` and ``vendor_words``; ``ctx`` None: the bundled ones)."""
    found = dict(page.fact("emails"))
    if not found:
        return []
    known = known if known is not None else set()
    unknown = any(a not in known for a in found)
    # an agency page makes every address on it the agency's, as being known does: when all
    # are known (the footer's address on every page), whether it is one changes nothing
    agency_page = page.final_url.rstrip("/") == home_url.rstrip("/") or (unknown and bool(
        _anywhere(alternation(ctx, "agency_page_words")).search(
            fold(unquote(urlsplit(page.final_url).path)) + " " + fold(page.title))))
    vendor_re = _anywhere(alternation(ctx, "vendor_words"))
    need_chrome = not agency_page and unknown
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
