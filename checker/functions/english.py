"""``english`` (Art. 13): a link to an English version whose pages are English and carry an
introduction and contact information."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from checker.functions._common import (
    emails_in,
    labelled_address,
    labelled_phone,
    phones_in,
    searched,
)
from checker.language import english_url, is_english
from checker.registry import ERROR, FAIL, PASS, REVIEW, Outcome, Phrases, check, outcome
from checker.results import Bi, Evidence, bi
from checker.vocabulary import alternation_of, bundled_option, whole_re
from crawlers.snapshot import Page
from crawlers.text import excerpt, fold
from crawlers.urls import bare_host, host_of

# -- english (Art. 13) ------------------------------------------------------------------------
_EN_IMG = re.compile(r"(^|[/_-])(en|eng|english|uk|gb|us|flag[_-]?en|en[_-]?flag|anh)\.(png|gif|jpe?g|svg|webp)", re.I)


def _english_links(ctx) -> list[tuple[str, Page, str]]:
    """(url, source page, why) of links to an English version (named as the rule file's
    ``english_links`` says, or a flag image), home page first."""
    out, seen = [], set()
    en_label = whole_re(ctx, "english_links")
    for page in ctx.snapshot.html_pages():
        for a in page.tree.css("a[href]"):
            href = (a.attributes.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            url = urljoin(page.final_url, href)
            parts = urlsplit(url)
            label = fold(" ".join(a.text(separator=" ").split()) or a.attributes.get("title") or "")
            img = a.css_first("img")
            alt = fold((img.attributes.get("alt") or img.attributes.get("title") or "") if img is not None else "")
            src = (img.attributes.get("src") or "") if img is not None else ""
            why: str = ""
            if en_label.match(label) or en_label.match(alt) or label.startswith("english"):
                why = bi("liên kết “{}”", "link “{}”", label or alt)
            elif img is not None and _EN_IMG.search(src):
                why = bi("hình lá cờ {}", "flag image {}", src.rsplit("/", 1)[-1])
            elif re.match(r"^/(en|eng|english)(/|$|-)", parts.path, re.I) or english_url(url):
                why = bi("địa chỉ {}", "URL {}", parts.path or "/")
            if why and "translate.google" not in url and url not in seen:
                seen.add(url)
                out.append((url, page, why))
        if len(out) >= 3:
            break
    return out


def _first_link(page: Page, rx: re.Pattern) -> str | None:
    for lnk in page.links:
        if rx.search(fold(lnk.label)) and bare_host(host_of(lnk.url)) == bare_host(page.host):
            return lnk.url
    return None


def _links_re(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the phrases, as whole words in folded text (cached by ``re``)."""
    return re.compile(rf"\b{alternation_of(phrases)}\b")


def _english_contacts(page: Page, ctx=None) -> bool:
    text = page.visible_text
    folded = fold(text)
    has_addr = bool(re.search(r"\baddress\b", folded)) or bool(labelled_address(folded, ctx))
    has_tel = bool(re.search(r"\b(tel|phone|telephone|fax)\b", folded)) and bool(phones_in(text) or labelled_phone(folded, ctx))
    return (has_addr and has_tel) or (has_tel and bool(emails_in(text))) or (has_addr and bool(emails_in(text)))


@check("english")
def english(ctx, *, intro_links: Phrases | None = None, contact_links: Phrases | None = None) -> Outcome:
    """A link to an English version whose pages are English and include an introduction
    and contact information (Art. 13). ``intro_links``, ``contact_links``: link texts of the
    introduction and the contact page (folded, whole words; default: the bundled rule file's)."""
    intro_re = _links_re(tuple(intro_links if intro_links is not None else bundled_option("english", "intro_links")))
    contact_re = _links_re(tuple(contact_links if contact_links is not None else bundled_option("english", "contact_links")))
    links = _english_links(ctx)
    home = ctx.snapshot.home
    en_pages = [p for p in ctx.snapshot.html_pages() if p.lang.lower().startswith("en") and is_english(p)]
    if not links and not en_pages:
        google = home is not None and ("translate.google" in (home.text or "") or "google_translate" in (home.text or ""))
        if google:
            return outcome(REVIEW, "Chỉ có công cụ dịch tự động (Google Translate); cần kiểm tra",
                           "Only a machine-translation widget (Google Translate); check by hand",
                           searched([home], Bi("phiên bản tiếng Anh", "an English version")))
        return outcome(FAIL, "Không có liên kết tới phiên bản tiếng Anh", "No link to an English version",
                       searched([p for p in [home] if p is not None], Bi("phiên bản tiếng Anh (liên kết “English”, “EN”, lá cờ, /en/)",
                                                                         "an English version (English, EN, flag, /en/)")))
    targets: list[tuple[str, Page | None, str, str]] = []  # (url, page, why, source url)
    for url, src, why in links:
        targets.append((url, ctx.snapshot.get(url), why, src.final_url))
    for p in en_pages[:2]:
        targets.append((p.final_url, p, Bi("trang khai báo lang=en", "page with lang=en"), p.final_url))
    errors, not_en = [], []
    for url, page, why, src_url in targets:
        if page is None or page.status is None:
            errors.append(Evidence(url, why, Bi("không tải được", "could not be fetched")))
            continue
        if not is_english(page):
            not_en.append(Evidence(url, excerpt(page.main_text, None, 140) or f"HTTP {page.status}",
                                   bi("{} trên {}: {}", "{} on {}: {}", why, src_url,
                                      Bi(f"HTTP {page.status}", f"HTTP {page.status}") if not page.ok
                                      else Bi("nội dung không phải tiếng Anh", "content is not English"))))
            continue
        intro_url = _first_link(page, intro_re)
        contact_url = _first_link(page, contact_re)
        intro = ctx.snapshot.get(intro_url) if intro_url else None
        intro_ok = (intro is not None and is_english(intro) and len(intro.main_text) >= 150) or \
            bool(intro_re.search(fold(" ".join(page.headings))) and len(page.main_text) >= 300)
        contact = ctx.snapshot.get(contact_url) if contact_url else None
        contact_ok = (contact is not None and contact.ok and _english_contacts(contact, ctx)) or _english_contacts(page, ctx)
        ev = [Evidence(page.final_url, excerpt(page.main_text, None, 140), bi("phiên bản tiếng Anh ({} trên {})", "English version ({} on {})", why, src_url))]
        if intro_url:
            ev.append(Evidence(intro_url, excerpt(intro.main_text, None, 140) if intro is not None else "",
                               Bi("giới thiệu", "introduction") if intro_ok else
                               Bi("giới thiệu: không phải tiếng Anh hoặc trống", "introduction: not English or empty")))
        if contact_url:
            ev.append(Evidence(contact_url, excerpt(contact.main_text, None, 140) if contact is not None else "",
                               Bi("liên hệ", "contacts") if contact_ok else
                               Bi("liên hệ: không có địa chỉ/điện thoại/thư điện tử", "contacts: no address/phone/e-mail")))
        if intro_ok and contact_ok:
            return outcome(PASS, "Có phiên bản tiếng Anh với thông tin giới thiệu và liên hệ",
                           "An English version with introduction and contact information", ev)
        missing = [x for x, ok in (("introduction", intro_ok), ("contacts", contact_ok)) if not ok]
        vi = {"introduction": "giới thiệu", "contacts": "thông tin liên hệ"}
        return outcome(FAIL, f"Phiên bản tiếng Anh thiếu: {', '.join(vi[m] for m in missing)}",
                       f"The English version lacks: {', '.join(missing)}", ev)
    if not_en:
        return outcome(FAIL, "Liên kết tiếng Anh không dẫn tới nội dung tiếng Anh",
                       "The English link does not lead to English content", not_en[:5])
    return outcome(ERROR, "Không tải được trang tiếng Anh", "The English pages could not be fetched", errors[:5])
