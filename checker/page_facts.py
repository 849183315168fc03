"""The page facts: the per-page parts of whole-site checks, computed by the crawler while it
holds each page's parse tree (crawlers/analyse.py), so that no rule parses a page again.

They live apart from the check library (``checker.functions``) because the analysis
workers import them: importing this module costs ~1 MB, importing a check module loads the
whole library (~5 MB of Python, YAML and all) into every worker. The checks import these
from here (``_common`` re-exports the e-mail helpers).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote, urljoin

from crawlers.legacy import legacy_text
from crawlers.snapshot import Page, page_fact

# -- e-mail addresses ("emails") ----------------------------------------------------------------
_EMAIL = re.compile(r"(?<![\w.+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@([A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,12})(?![\w-])")
# Obfuscations seen on portals: abc[at]x.gov.vn, abc(at)x.gov.vn, abc(a)x.gov.vn, abc{at}…,
# abc [at] x [dot] gov [dot] vn, "abc @ x.gov.vn".
_AT = re.compile(r"\s*(?:\[\s*(?:at|a|@)\s*\]|\(\s*(?:at|a|@)\s*\)|\{\s*(?:at|a|@)\s*\})\s*|\s+@\s+", re.I)
_DOT = re.compile(r"\s*(?:\[\s*(?:dot|chấm|cham)\s*\]|\(\s*(?:dot|chấm|cham)\s*\)|\{\s*dot\s*\})\s*", re.I)
_NOT_TLD = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "js", "css", "ico", "bmp"})

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
    return _addresses(deobfuscate(text))


def _addresses(text: str) -> list[str]:
    """:func:`emails_in` of a text already deobfuscated."""
    out: dict[str, None] = {}
    for m in _email_matches(text):
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


def _context(text: str, address: str, low: str | None = None) -> str:
    """An excerpt of ``text`` around the first place (any case) of the address's user part;
    ``low`` is ``text.lower()`` when the caller has it (a page with several addresses)."""
    if low is None:
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
    visible = page.visible_text
    text = deobfuscate(visible)
    # ``deobfuscate`` gave its argument back: it leaves ``text`` as it is, and emails_in
    # would only run it again (its bracket scans cost as much as the address search)
    found: dict[str, str] = {}
    low = None
    for addr in _addresses(text) if text is visible else emails_in(text):
        if addr not in found:
            if low is None:
                low = text.lower()  # once a page, not once an address
            found[addr] = _context(text, addr, low)
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



# -- web addresses in drop-down lists ("option_links") ----------------------------------------------
@page_fact("option_links", tree=True)
def option_links(page: Page) -> tuple[tuple[str, str], ...]:
    """(URL, label) of every ``<option>`` whose value is a web address: portals list their
    units' sites in a drop-down ("Liên kết website")."""
    text = page.text
    if "<option" not in text and "<OPTION" not in text:
        return ()
    out = []
    for opt in page.tree.css("option"):
        v = (opt.attributes.get("value") or "").strip()
        if v.startswith(("http://", "https://", "//")):
            out.append((urljoin(page.final_url, v), " ".join(opt.text().split())))
    return tuple(out)


# -- legacy-encoded text ("legacy_text") ---------------------------------------------------------
@page_fact("legacy_text")
def legacy_fact(page: Page) -> tuple[str | None, str]:
    """(kind, excerpt) of TCVN3/VNI text in the page's visible text (encoding's evidence)."""
    return legacy_text(page.visible_text)
