"""Contact checks: the agency's transaction details (``contacts``), competent officials'
contacts (``officials``) and official e-mail domains (``official_email``).

The regime's article on the agency's information (contacts and transaction points; the
rule file cites it) and Directive 34/2008/CT-TTg (state agencies use official e-mail).
Where the information sits varies: a footer block, a "Liên hệ" page, a "Danh bạ" table,
cards on a leaders page. A field the tool does not see on any of those places is reported
missing with the pages searched; a portal whose pages are nearly empty (script-built) is
``review``, never ``fail``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from checker.find import find_sections
from checker.functions._common import (
    EmailHit,
    all_emails,
    emails_in,
    footer_text,
    is_gov,
    is_webmail,
    labelled_address,
    labelled_fax,
    labelled_phone,
    phones_in,
    searched,
    thin,
)
from checker.functions._people import name_at, phrase_re
from checker.registry import FAIL, PASS, REVIEW, Count, Outcome, check, outcome
from checker.results import Bi, Evidence, bi
from checker.vocabulary import words
from crawlers.snapshot import Page
from crawlers.text import excerpt, fold, nfc

_FIELD_VI = {"address": "địa chỉ", "phone": "điện thoại", "fax": "fax", "email": "thư điện tử"}


def _contact_pages(ctx) -> list[Page]:
    """The contact page, named as the rule file's ``vocabulary`` says (``contact_pages``)."""
    hits = find_sections(ctx, list(words(ctx, "contact_pages")), url_terms=list(words(ctx, "contact_page_urls")), max_hits=4)
    return [h.page for h in hits if h.page is not None and h.page.ok]


def _directory_pages(ctx) -> list[Page]:
    """The staff directory, named as the rule file's ``vocabulary`` says (``directory_pages``)."""
    hits = find_sections(ctx, list(words(ctx, "directory_pages")), url_terms=list(words(ctx, "directory_page_urls")),
                         max_hits=4)
    return [h.page for h in hits if h.page is not None and h.page.ok]


def _fields(text: str, ctx=None) -> dict[str, str]:
    """The transaction fields found in a text, each with the snippet that shows it (labels:
    the rule file's ``vocabulary``)."""
    folded = fold(text)
    out: dict[str, str] = {}
    for name, fn in (("address", labelled_address), ("phone", labelled_phone), ("fax", labelled_fax)):
        hit = fn(folded, ctx)
        if hit:
            out[name] = hit
    mails = emails_in(text)
    if mails:
        out["email"] = mails[0]
    return out


# -- contacts (transaction information) --------------------------------------------------------
@check("contacts")
def contacts(ctx, *, require: list[Literal["address", "phone", "fax", "email"]] | None = None) -> Outcome:
    """The agency's address, phone, fax and e-mail appear in the home page footer or on a
    contact page. ``require`` narrows the list (default: all four)."""
    need = list(require or ["address", "phone", "fax", "email"])
    home = ctx.snapshot.home
    sources: list[tuple[Page, str]] = []
    if home is not None and home.ok:
        foot = footer_text(home)
        if foot:
            sources.append((home, foot))
    for page in _contact_pages(ctx):
        sources.append((page, page.visible_text))
    if home is not None and home.ok:
        sources.append((home, home.visible_text))
    found: dict[str, tuple[Page, str, str]] = {}
    for page, text in sources:
        for name, snip in _fields(text, ctx).items():
            if name in need and name not in found:
                found[name] = (page, text, snip)
        if all(n in found for n in need):
            break
    ev = [Evidence(p.final_url, excerpt(t, s) if name != "email" else excerpt(t, s.split("@")[0]) or s,
                   bi("có {}", "{} found", Bi(_FIELD_VI.get(name, name), name)), {"field": name}) for name, (p, t, s) in found.items()]
    missing = [n for n in need if n not in found]
    if not missing:
        return outcome(PASS, "Có đủ thông tin giao dịch: địa chỉ, điện thoại, fax, thư điện tử",
                       "The agency's address, phone, fax and e-mail are published", ev)
    pages: list[Page] = []
    for p, _ in sources:
        if all(p is not q for q in pages):
            pages.append(p)
    if not found and (home is None or thin(home)):
        return outcome(REVIEW, "Trang chủ gần như không có nội dung văn bản; không kiểm tra được thông tin giao dịch",
                       "The home page has almost no text (script-built?); contact details could not be checked",
                       searched(pages or ([home] if home else []), Bi("thông tin liên hệ", "contact details")))
    miss_vi = ", ".join(_FIELD_VI.get(n, n) for n in missing)
    return outcome(FAIL, f"Thiếu thông tin giao dịch: {miss_vi}",
                   f"Missing transaction details: {', '.join(missing)}",
                   ev + searched(pages, Bi("địa chỉ, điện thoại, fax, thư điện tử", "address, phone, fax, e-mail")))


# -- officials ------------------------------------------------------------------------------------
@dataclass
class Official:
    name: str
    position: str
    phone: str
    email: str
    url: str
    text: str

    @property
    def complete(self) -> bool:
        return bool(self.name and self.position and self.phone and self.email)


_ENTRY_TAGS = "tr, li, p, div, article, section, dl, td"


def _entry(node_text: str, mailtos: list[str], url: str, positions: re.Pattern[str], ctx=None) -> Official | None:
    """An official (name, position, phone, e-mail) in one record's text, or None if no named
    person with a position (``positions``: the rule file's ``official_positions``) is in it."""
    text = nfc(node_text)
    folded = fold(text)
    pos = positions.search(folded)
    if not pos:
        return None
    words = [w for w in text.replace(",", " , ").replace(":", " : ").replace("-", " - ").split()]
    name = ""
    for i in range(len(words)):
        n = name_at(words, i)
        if n:
            name = " ".join(words[i:i + n])
            break
    if not name:
        return None
    phones = phones_in(text)
    phone = phones[0] if phones else (labelled_phone(folded, ctx) or "")
    mails = emails_in(text) or mailtos
    return Official(name, pos.group(1), phone, mails[0] if mails else "", url, " ".join(text.split())[:240])


def positions_re(ctx=None) -> re.Pattern[str]:
    """The position titles of officials (the rule file's ``official_positions``), compiled once."""
    return _positions_re(words(ctx, "official_positions"))


@lru_cache(maxsize=16)
def _positions_re(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_re(list(phrases))


def officials_on(page: Page, positions: re.Pattern[str] | None = None, ctx=None) -> list[Official]:
    """Officials listed on a page: one per table row, list item or card (innermost record);
    ``positions``: :func:`positions_re` (default: the bundled rule file's); ``ctx``: whose
    ``vocabulary`` labels phone numbers (None: the bundled one)."""
    positions = positions or positions_re()
    cands: list[tuple[str, list[str]]] = []
    for node in page.tree.css(_ENTRY_TAGS):
        t = " ".join(node.text(separator=" ").split())
        if not t or len(t) > 450:
            continue
        mailtos = [h[7:].split("?")[0].lower() for h in
                   (a.attributes.get("href") or "" for a in node.css("a[href^='mailto:']"))]
        cands.append((t, mailtos))
        if len(cands) > 600:
            break
    texts = [t for t, _ in cands]
    out: dict[str, Official] = {}
    for t, mailtos in cands:
        off = _entry(t, mailtos, page.final_url, positions, ctx)
        if off is None:
            continue
        # keep the innermost record that still names the person with all it knows
        inner = [o for o in texts if len(o) < len(t) and o in t and off.name in o]
        if any(e is not None and e.complete >= off.complete for e in (_entry(o, [], page.final_url, positions, ctx) for o in inner)):
            continue
        key = fold(off.name)
        cur = out.get(key)
        if cur is None or (off.complete and not cur.complete):
            out[key] = off
    return list(out.values())


@check("officials")
def officials(ctx, *, min_officials: Count = 1) -> Outcome:
    """Competent officials are named with position, phone and a non-webmail e-mail on a
    contact or directory page (or the leaders' page)."""
    from checker.functions.leaders import leader_pages

    pages: list[Page] = []
    for p in _directory_pages(ctx) + _contact_pages(ctx) + leader_pages(ctx):
        if all(p is not q for q in pages):
            pages.append(p)
    if not pages:
        home = ctx.snapshot.home
        return outcome(FAIL, "Không tìm thấy trang liên hệ / danh bạ cán bộ",
                       "No contact or directory page found",
                       searched([home] if home is not None else [], Bi("trang liên hệ/danh bạ (Liên hệ, Danh bạ)",
                                                                             "contact/directory page (Liên hệ, Danh bạ)")))
    people: list[Official] = []
    positions = positions_re(ctx)
    for p in pages:
        people += officials_on(p, positions, ctx)
    good = [o for o in people if o.complete and not is_webmail(o.email.rsplit("@", 1)[-1])]
    if len(good) >= min_officials:
        ev = [Evidence(o.url, o.text, bi("{} {}: có điện thoại và thư điện tử", "{} {}: phone and e-mail", o.position, o.name), {"match": o.name}) for o in good[:6]]
        return outcome(PASS, f"Có thông tin liên hệ của {len(good)} cán bộ (họ tên, chức vụ, điện thoại, thư điện tử)",
                       f"{len(good)} official(s) listed with name, position, phone and e-mail", ev)
    if people:
        webmail = [o for o in people if o.complete]
        lack_phone = [o for o in people if not o.phone]
        lack_mail = [o for o in people if not o.email]
        parts_en, parts_vi = [], []
        if lack_phone:
            parts_en.append(f"{len(lack_phone)} without phone")
            parts_vi.append(f"{len(lack_phone)} người không có điện thoại")
        if lack_mail:
            parts_en.append(f"{len(lack_mail)} without e-mail")
            parts_vi.append(f"{len(lack_mail)} người không có thư điện tử")
        if webmail:
            parts_en.append(f"{len(webmail)} with e-mail on public webmail")
            parts_vi.append(f"{len(webmail)} người dùng thư điện tử công cộng")
        ev = [Evidence(o.url, o.text, _lacks(o), {"match": o.name}) for o in people[:6]]
        return outcome(FAIL, f"Cán bộ được nêu tên nhưng thiếu thông tin liên hệ: {'; '.join(parts_vi)}",
                       f"{len(people)} official(s) named but not contactable: {'; '.join(parts_en)}",
                       ev + searched(pages, Bi("thông tin liên hệ của cán bộ", "officials' contacts")))
    if all(thin(p) for p in pages):
        return outcome(REVIEW, "Trang liên hệ gần như không có nội dung; cần kiểm tra",
                       "Contact pages have almost no text; check by hand", searched(pages, Bi("cán bộ", "officials")))
    return outcome(FAIL, "Trang liên hệ/danh bạ không nêu tên, chức vụ, điện thoại, thư điện tử của cán bộ có thẩm quyền",
                   "Contact/directory pages name no competent official with position, phone and e-mail",
                   searched(pages, Bi("cán bộ có họ tên, chức vụ, điện thoại, thư điện tử",
                                      "named officials with position, phone, e-mail")))


# -- official_email -------------------------------------------------------------------------------
_WEBMAIL = Bi("thư điện tử công cộng", "public webmail")
_GOV = Bi("tên miền của cơ quan nhà nước", "government domain")
def _lacks(o: Official) -> Bi:
    """What an official's entry lacks, for the evidence note."""
    lacks = [(vi, en) for vi, en, bad in (
        ("không có điện thoại", "no phone", not o.phone), ("không có thư điện tử", "no e-mail", not o.email),
        ("thư điện tử công cộng", "webmail", bool(o.email) and is_webmail(o.email.rsplit("@", 1)[-1]))) if bad]
    return bi("{} {}: {}", "{} {}: {}", o.position, o.name,
              Bi(", ".join(v for v, _ in lacks), ", ".join(e for _, e in lacks)))


def _hit_ev(h: EmailHit, note: Bi) -> Evidence:
    return Evidence(h.url, h.context, note, {"match": h.address, "email": h.address})


@check("official_email")
def official_email(ctx) -> Outcome:
    """Every e-mail the agency publishes is on a government domain (.gov.vn); none on public
    webmail. Addresses inside articles or Q&A (citizens', companies') are not the agency's:
    webmail there is only ``review``; a web developer's address in the footer is ignored."""
    hits = [h for h in all_emails(ctx) if not h.vendor]
    if not hits:
        return outcome(REVIEW, "Không tìm thấy địa chỉ thư điện tử nào trên cổng",
                       "No e-mail address found on the portal", searched(
                           [p for p in [ctx.snapshot.home] if p is not None], Bi("địa chỉ thư điện tử", "e-mail addresses")))
    agency = [h for h in hits if h.agency]
    bad = [h for h in agency if is_webmail(h.domain)]
    if bad:
        addrs = ", ".join(dict.fromkeys(h.address for h in bad))
        return outcome(FAIL, f"Cổng công bố thư điện tử trên dịch vụ công cộng: {addrs}",
                       f"The portal publishes e-mail on public webmail: {addrs}",
                       [_hit_ev(h, _WEBMAIL) for h in bad[:8]])
    content_bad = [h for h in hits if not h.agency and is_webmail(h.domain)]
    other = [h for h in agency if not is_gov(h.domain)]
    gov = [h for h in agency if is_gov(h.domain)]
    if gov and not other and not content_bad:
        addrs = ", ".join(dict.fromkeys(h.address for h in gov))
        return outcome(PASS, f"Thư điện tử công bố đều thuộc tên miền .gov.vn: {addrs}",
                       f"Published e-mail addresses are on .gov.vn: {addrs}",
                       [_hit_ev(h, _GOV) for h in gov[:8]])
    ev = [_hit_ev(h, Bi("thư điện tử công cộng trong nội dung trang", "public webmail inside page content")) for h in content_bad[:5]] + \
         [_hit_ev(h, Bi("không thuộc tên miền .gov.vn", "not a .gov.vn domain")) for h in other[:5]] + [_hit_ev(h, _GOV) for h in gov[:3]]
    if not agency:
        return outcome(REVIEW, "Chỉ thấy thư điện tử trong nội dung bài viết; cần xác định thư điện tử của cơ quan",
                       "E-mail addresses appear only inside articles; check which is the agency's", ev)
    return outcome(REVIEW, "Có thư điện tử không thuộc tên miền .gov.vn; cần kiểm tra có phải của cơ quan không",
                   "Some e-mail addresses are not on .gov.vn (or webmail appears inside articles); check whose they are",
                   ev)
