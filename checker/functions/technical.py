"""Technical and identity checks: ``domain`` (Art. 6), ``encoding`` (Art. 7, TCVN 6909),
``metadata`` (Art. 14, Circular 24/2011), ``english`` (Art. 13), ``links_units`` (Art. 16)
and ``services`` (Chapter III online public services).

Each function decides from what it can show (a host name, a page and an excerpt, a link)
and says ``review`` when the evidence is suggestive but not decisive.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from checker.content import DECOY, GOOD, judge
from checker.dates import extract_dates
from checker.find import find_sections
from checker.functions._common import (
    emails_in,
    footer_text,
    home_or_start,
    labelled_address,
    labelled_phone,
    phones_in,
    searched,
)
from checker.registry import ERROR, FAIL, PASS, REVIEW, Count, Outcome, Positive, check, outcome
from checker.results import Evidence
from crawlers.snapshot import MAIN, OTHER, Page, page_fact
from crawlers.text import excerpt, fold
from crawlers.urls import bare_host, host_of


# -- domain (Art. 6.1) ------------------------------------------------------------------------
def _province_label(name: str) -> str | None:
    """The unaccented joined province name from a portal name ("UBND tỉnh Quảng Ngãi" -> quangngai)."""
    m = re.search(r"\b(?:tinh|thanh pho)\s+(.+)$", fold(name or ""))
    return m.group(1).replace(" ", "") if m else None


@check("domain")
def domain(ctx, *, province_domain: str | None = None) -> Outcome:
    """The portal is served under .gov.vn in its level's form: province ``tentinh.gov.vn``,
    department/district ``x.tentinh.gov.vn`` (a ``www.`` prefix is accepted). The province's
    domain comes from ``province_domain``, else the registry's ``parent_url``."""
    snap = ctx.snapshot
    home = snap.home
    start_host = host_of(snap.start_url)
    host = bare_host(home.host if home is not None and home.final_url else start_host)
    url = home.final_url if home is not None else snap.start_url
    moved = f" (redirected from {start_host})" if bare_host(start_host) != host else ""
    ev = [Evidence(url, host, f"host name{moved}", {"match": host})]
    if not host.endswith(".gov.vn"):
        return outcome(FAIL, f"Cổng không dùng tên miền .gov.vn: {host}",
                       f"The portal is not served under .gov.vn: {host}{moved}", ev)
    labels = host[: -len(".gov.vn")].split(".")
    parent = bare_host((province_domain or host_of(str(ctx.portal.get("parent_url") or ""))).lower())
    if ctx.level == "province":
        if len(labels) != 1:
            return outcome(REVIEW, f"Cổng cấp tỉnh nên dùng tên miền cấp 3 dạng tentinh.gov.vn, đang dùng {host}",
                           f"A province portal should be a level-3 name tentinh.gov.vn; found {host}", ev)
        want = _province_label(str(ctx.portal.get("name") or ""))
        if want and want not in labels[0] and labels[0] not in want:
            return outcome(REVIEW, f"Tên miền {host} có thể không phải tên đầy đủ không dấu của tỉnh ({want})",
                           f"{host} may not be the province's full unaccented name ({want})", ev)
        return outcome(PASS, f"Tên miền đúng dạng tentinh.gov.vn: {host}", f"Province domain in the form tentinh.gov.vn: {host}", ev)
    if parent and parent.endswith(".gov.vn"):
        if host.endswith("." + parent) and len(labels) == len(parent.split(".")) - 1:
            return outcome(PASS, f"Tên miền đúng dạng tên-cơ-quan.{parent}: {host}",
                           f"Domain in the form name.{parent}: {host}", ev)
        return outcome(REVIEW, f"Tên miền {host} .gov.vn nhưng không nằm dưới tên miền của tỉnh {parent}",
                       f"{host} is .gov.vn but not a level-4 name under the province's {parent}", ev)
    if len(labels) == 2:
        return outcome(PASS, f"Tên miền đúng dạng tên-cơ-quan.tentinh.gov.vn: {host}",
                       f"Domain in the form name.tentinh.gov.vn: {host}", ev)
    return outcome(REVIEW, f"Tên miền {host} thuộc .gov.vn nhưng không đúng dạng tên-cơ-quan.tentinh.gov.vn",
                   f"{host} is .gov.vn but not in the form name.tentinh.gov.vn", ev)


# -- encoding (Art. 7; TCVN 6909:2001) ---------------------------------------------------------
# Latin-1 letters that *are* Vietnamese; every other Latin-1 letter/symbol glued to a Latin
# letter is how TCVN3 (ABC) and VNI text look once decoded ("c¸c", "Ch­¬ng", "Vieät").
_VI_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_SYMBOLS = set("«»©®°±§¿¡·×÷")  # also ordinary typography next to words ("«Hà Nội»", "Windows®")
_SUSPECT = "".join(re.escape(chr(c)) for c in range(0xA1, 0x100) if chr(c) not in _VI_LATIN1 and chr(c) not in _SYMBOLS)
_LEGACY = re.compile(rf"[A-Za-z][{_SUSPECT}]|[{_SUSPECT}][A-Za-z]")
_SUSPECT_CHAR = re.compile(f"[{_SUSPECT}]")
_LEGACY_FONT = re.compile(r"\.vn[a-z]*time|\.vnarial|vni[\s-]?(?:times|helve|top)|\.vnhelvet", re.I)


def _word_at(text: str, i: int) -> str:
    lo = text.rfind(" ", 0, i) + 1
    hi = text.find(" ", i)
    return text[lo: hi if hi >= 0 else len(text)]


def legacy_text(text: str) -> tuple[str | None, str]:
    """('TCVN3'|'VNI'|'legacy', excerpt) when the text holds legacy-encoded Vietnamese."""
    if len(_SUSPECT_CHAR.findall(text)) < 6:  # every hit holds one: a quick no (~5x faster)
        return None, ""
    hits = list(_LEGACY.finditer(text))
    if len(hits) < 6:
        return None, ""
    # Distinct words, so that one foreign name repeated (Müller) does not decide.
    distinct = {_word_at(text, h.start()) for h in hits}
    words = max(1, text.count(" ") + 1)
    if len(distinct) < 6 or (len(distinct) < 15 and len(hits) / words < 0.02):
        return None, ""
    # Excerpt where legacy words are densest (not a stray foreign name).
    best, j = 0, 0
    for k, h in enumerate(hits):
        while hits[j].start() < h.start() - 120:
            j += 1
        if k - j > best:
            best, i = k - j, hits[j].start()
    if best == 0:
        i = hits[0].start()
    lo = max(0, i - 20)
    snippet = text[lo: lo + 160]
    vni = sum(1 for h in hits if set(h.group(0)) & set("äöøûõïëñ"))
    kind = "VNI" if vni > len(hits) / 2 else "TCVN3"
    return kind, " ".join(snippet.split())


@page_fact("legacy_text")
def _legacy_fact(page: Page) -> tuple[str | None, str]:
    return legacy_text(page.visible_text)


def _is_utf8(name: str | None) -> bool:
    return (name or "").lower().replace("_", "-") in ("utf-8", "utf8")


@check("encoding")
def encoding(ctx, *, max_evidence: Count = 8) -> Outcome:
    """Every page declares UTF-8 (header or <meta>), is decoded as UTF-8, and holds no
    TCVN3/VNI legacy-encoded Vietnamese text."""
    legacy: list[Evidence] = []
    wrong: list[Evidence] = []
    undeclared: list[Evidence] = []
    n = 0
    for page in ctx.snapshot.html_pages():
        ctype = (page.content_type or "").lower()
        if ctype and "html" not in ctype:  # SVG, RSS, XML sitemaps: not pages a visitor reads
            continue
        n += 1
        kind, snip = page.fact("legacy_text")
        if kind:
            font = _LEGACY_FONT.search(page.text or "")
            note = f"{kind} legacy-encoded text" + (f" (font {font.group(0)})" if font else "")
            legacy.append(Evidence(page.final_url, snip, note, {"encoding": kind}))
            continue
        if page.declared_encoding and not _is_utf8(page.declared_encoding):
            wrong.append(Evidence(page.final_url, f"charset={page.declared_encoding}",
                                  f"declares {page.declared_encoding}, not UTF-8", {"match": page.declared_encoding}))
        elif not page.declared_encoding and not page.rendered:  # a browser DOM carries no charset
            undeclared.append(Evidence(page.final_url, page.headers.get("content-type", "") if page.headers else "",
                                       f"no charset declared (decoded as {page.encoding})"))
    if n == 0:
        return outcome(ERROR, "Không có trang nào để kiểm tra", "No page to check")
    if legacy:
        return outcome(FAIL, f"{len(legacy)} trang chứa văn bản mã cũ (TCVN3/VNI), không phải Unicode TCVN 6909",
                       f"{len(legacy)} page(s) hold legacy TCVN3/VNI-encoded text, not Unicode", legacy[:max_evidence])
    if wrong:
        return outcome(FAIL, f"{len(wrong)} trang khai báo bảng mã không phải UTF-8",
                       f"{len(wrong)} page(s) declare a character set other than UTF-8", wrong[:max_evidence])
    home = ctx.snapshot.home
    url = home.final_url if home is not None else ctx.snapshot.start_url
    if undeclared:
        return outcome(REVIEW, f"{len(undeclared)} trang không khai báo bảng mã (nội dung là Unicode)",
                       f"{len(undeclared)} page(s) declare no character set (content is Unicode)", undeclared[:max_evidence])
    return outcome(PASS, f"Cả {n} trang khai báo và dùng Unicode UTF-8, không có văn bản mã cũ",
                   f"All {n} pages declare and use UTF-8; no legacy-encoded text",
                   [Evidence(url, f"charset={home.declared_encoding if home else 'utf-8'}",
                             f"{n} pages checked", {"pages": n})])


# -- metadata (Art. 14; Circular 24/2011 Art. 4.1) --------------------------------------------
DC_ELEMENTS = ("title", "creator", "date", "description", "publisher", "identifier")
_DC_ALIASES = {"created": "date", "issued": "date", "modified": "date", "available": "date", "abstract": "description"}
_DC_NAME = re.compile(r"^(?:dc|dcterms|dct)[.:_]([a-z]+)", re.I)
_BYLINE = re.compile(r"\b(tac gia|nguoi viet|but danh|phong vien|ptv|btv|author|nguoi dang|dang boi|viet boi|nhom pv|ctv)\b")
_PUBLISHER = re.compile(r"\b(co quan chu quan|ban bien tap|chiu trach nhiem chinh|ban quyen thuoc|don vi chu quan|copyright|publisher"
                        r"|co quan xuat ban|don vi xuat ban|xuat ban boi)\b")
_DESC_CLASS = re.compile(r"sapo|summary|lead|mota|mo-ta|teaser|description|tom-?tat|abstract|intro", re.I)
_AUTHOR_CLASS = re.compile(r"author|byline|tacgia|tac-gia|writer", re.I)


def _dc(page: Page) -> dict[str, str]:
    out: dict[str, str] = {}
    for m_name, m_property, m_content in page.metas:
        name = (m_name or m_property or "").strip()
        g = _DC_NAME.match(name)
        content = (m_content or "").strip()
        if g and content:
            el = g.group(1).lower()
            el = _DC_ALIASES.get(el, el)
            if el in DC_ELEMENTS:
                out.setdefault(el, content)
    return out


def _meta(page: Page, *names: str) -> str:
    for m_name, m_property, m_content in page.metas:
        key = (m_name or m_property or "").strip().lower()
        if key in names and (m_content or "").strip():
            return (m_content or "").strip()
    return ""


def _visible(page: Page, publisher_text: str) -> dict[str, str]:
    """Visible (non-Dublin-Core) equivalents of the six mandatory elements."""
    out: dict[str, str] = {}
    if page.headings or page.title:
        out["title"] = article_title(page)
    head = page.main_text[:2500]
    dates = extract_dates(head)
    if dates:
        out["date"] = dates[0][1]
    elif _meta(page, "article:published_time", "date", "pubdate"):
        out["date"] = _meta(page, "article:published_time", "date", "pubdate")
    author = _meta(page, "author", "article:author")
    if not author:
        node = next((n for n in page.tree.css("[class], [itemprop]") if _AUTHOR_CLASS.search(
            f"{n.attributes.get('class') or ''} {n.attributes.get('itemprop') or ''}") and n.text(strip=True)), None)
        author = " ".join(node.text().split())[:80] if node is not None else ""
    if not author:
        m = _BYLINE.search(page.folded_main)
        author = m.group(0) if m else ""
    if author:
        out["creator"] = author
    desc = _meta(page, "description", "og:description")
    if len(desc) < 20:
        node = next((n for n in page.tree.css("[class]") if _DESC_CLASS.search(n.attributes.get("class") or "")
                     and len(n.text(strip=True)) >= 40), None)
        desc = " ".join(node.text().split())[:160] if node is not None else ""
    if desc:
        out["description"] = desc
    own = _PUBLISHER.search(page.folded_main)  # e.g. "Cơ quan xuất bản: Sở Y tế" under the article
    pub = _meta(page, "og:site_name", "publisher", "article:publisher") or (own.group(0) if own else "") or publisher_text
    if pub:
        out["publisher"] = pub
    # The identifier must be published (canonical link, og:url, a shown article code); the
    # address bar alone is not metadata.
    ident = _meta(page, "og:url", "identifier") or next(
        (n.attributes.get("href") or "" for n in page.tree.css("link[rel=canonical]")), "")
    if not ident:
        # a shown article code: "Mã tin: 1452", "Mã tin: SYT-20261110-14", "Mã bài viết 88"
        m = re.search(r"\b(ma bai viet|ma tin|ma so bai|ma so tin|id bai viet|article id)\s+(?:[a-z]+\s+){0,3}\d+", page.folded_main)
        ident = m.group(0) if m else ""
    if ident:
        out["identifier"] = ident
    return out


NEWS_TERMS = ["tin tức", "tin tức sự kiện", "tin hoạt động", "tin tức hoạt động", "hoạt động", "thông tin hoạt động",
              "tin mới", "tin trong tỉnh", "tin địa phương", "tin ngành", "tin tức chung", "news", "latest news"]
NEWS_URL_TERMS = ["tin tuc", "tintuc", "news", "tin hoat dong", "tin moi"]
_ARTICLE_META = re.compile(r"^(?:dc|dcterms)[.:]|^og:type$", re.I)


def article_title(page: Page) -> str:
    """The article's own headline: a heading inside the content area, else the first part
    of <title> (the site banner is often an <h1> too)."""
    main = page.main_text
    for h in page.headings:
        if len(h.split()) >= 3 and h in main:
            return h
    return re.split(r"\s+[-–|»:]\s+", page.title or "")[0] or (page.headings or [""])[0]


def _looks_article(page: Page | None, home: Page | None) -> bool:
    if page is None or not page.ok or page is home or not (page.headings or page.title) or len(page.main_text) < 80:
        return False
    link_chars = sum(len(lnk.text) for lnk in page.links if lnk.region in (MAIN, OTHER))
    return link_chars <= 0.6 * len(page.main_text)


def _listed_article(ctx, page: Page | None, home: Page | None) -> bool:
    """A page reached from the news listing is an article, whatever its URL shape
    (chitiet.asp?id=…, ?p=…, /node/…), when its own content (what other pages do not share:
    table-layout menus and banners are left out) is one dated text under a headline and not
    a list of links."""
    if page is None or not page.ok or page is home:
        return False
    j = judge(ctx, page)
    if j.verdict not in GOOD:
        return False
    headline = article_title(page)
    prose = len(j.folded) - sum(len(fold(lnk.label)) + 1 for lnk in j.items)
    dates = extract_dates(j.text)
    # A "related news" list under the body is fine; a list of dated items is a listing.
    if j.verdict != "substantive" and (prose < 2 * sum(len(lnk.label) for lnk in j.items) or len(dates) >= 3):
        return False
    if len(headline.split()) < 3 or prose < 150:
        return False
    # Dated: a date just under the headline (often a shared-looking "Cập nhật: …" line) or
    # at the top of the page's own text.
    main = page.main_text
    at = main.find(headline)
    near = main[at: at + len(headline) + 200] if at >= 0 else ""
    return bool(extract_dates(near) or extract_dates(j.text[:400]))


def _heuristic_articles(ctx, home: Page | None) -> list[Page]:
    """Pages that look like single articles without a news section to start from: a heading,
    a date near the top of the content, article metadata or a long text, few links."""
    out = []
    for p in ctx.snapshot.html_pages():
        if not _looks_article(p, home) or not extract_dates(p.main_text[:400]):
            continue
        meta = any(_ARTICLE_META.match(m_name or m_property or "") for m_name, m_property, _ in p.metas)
        if meta or len(p.main_text) >= 500:
            out.append(p)
        if len(out) >= 40:
            break
    return out


def article_pages(ctx, limit: int = 10) -> list[Page]:
    """A sample of article pages, as an inspector takes it: the items of the news section
    (fetched on demand); only without one, pages that look like articles. Memoised."""
    def compute() -> list[Page]:
        home = ctx.snapshot.home
        out: list[Page] = []
        for hit in find_sections(ctx, NEWS_TERMS, url_terms=NEWS_URL_TERMS, max_hits=3):
            if hit.page is None or not hit.page.ok:
                continue
            for link in judge(ctx, hit.page, min_items=1).items[:20]:
                p = ctx.snapshot.get(link.url)
                if (_looks_article(p, home) or _listed_article(ctx, p, home)) and all(p is not q for q in out):
                    out.append(p)
            if len(out) >= 10:
                break
        return out if len(out) >= 2 else _heuristic_articles(ctx, home)
    return ctx.memo(("technical.articles",), compute)[:limit]


@check("metadata")
def metadata(ctx, *, sample: Positive = 10, accept_visible: bool = True) -> Outcome:
    """Article pages carry the six mandatory metadata elements of Circular 24/2011 Art. 4.1
    (title, creator, date, description, publisher, identifier) as Dublin Core ``<meta>``
    (``DC.``, ``dc.``, ``DCTERMS.`` prefixes), or (``accept_visible``) as visible equivalents."""
    pages = article_pages(ctx, sample)
    if not pages:
        return outcome(REVIEW, "Không xác định được trang tin bài để kiểm tra dữ liệu đặc tả",
                       "No article page recognised to check metadata on",
                       searched([p for p in [ctx.snapshot.home] if p is not None], "article pages"))
    home = ctx.snapshot.home
    pub_text = ""
    if home is not None:
        m = _PUBLISHER.search(fold(footer_text(home))) or _PUBLISHER.search(home.folded_text)
        pub_text = m.group(0) if m else ""
    dc_any = False
    full_dc, full_visible, lacking = [], [], []
    for p in pages:
        dc = _dc(p)
        dc_any = dc_any or bool(dc)
        missing_dc = [e for e in DC_ELEMENTS if e not in dc]
        if not missing_dc:
            full_dc.append((p, dc))
            continue
        # A page that uses Dublin Core must carry all six; visible equivalents stand in
        # only for pages without any DC element.
        vis = _visible(p, pub_text) if accept_visible and not dc else {}
        missing = [e for e in missing_dc if e not in vis]
        if not missing:
            full_visible.append((p, dc, vis))
        else:
            lacking.append((p, dc, missing))
    if lacking:
        elements = sorted({e for _, _, miss in lacking for e in miss}, key=DC_ELEMENTS.index)
        ev = [Evidence(p.final_url, p.title[:120], f"missing: {', '.join(miss)}" + (f"; DC present: {', '.join(dc)}" if dc else ""),
                       {"missing": miss}) for p, dc, miss in lacking[:8]]
        clear = dc_any or any(e in ("title", "date", "identifier") for e in elements)
        if clear:
            return outcome(FAIL, f"{len(lacking)}/{len(pages)} trang tin bài thiếu dữ liệu đặc tả: {', '.join(elements)}",
                           f"{len(lacking)} of {len(pages)} article pages lack metadata: {', '.join(elements)}", ev)
        return outcome(REVIEW, f"Không có Dublin Core; chưa thấy rõ {', '.join(elements)} trên {len(lacking)} trang tin bài",
                       f"No Dublin Core; {', '.join(elements)} not clearly visible on {len(lacking)} article page(s)", ev)
    ev = [Evidence(p.final_url, "; ".join(f"DC.{k}={v[:40]}" for k, v in list(dc.items())[:3]), "Dublin Core: all 6 elements",
                   {"match": p.title[:60]}) for p, dc in full_dc[:5]]
    ev += [Evidence(p.final_url, f"{vis.get('title', '')[:60]} | {vis.get('date', '')} | {vis.get('creator', '')[:40]}",
                    "visible equivalents" + (f"; DC: {', '.join(dc)}" if dc else "")) for p, dc, vis in full_visible[:5]]
    if full_visible:
        return outcome(PASS, f"{len(pages)} trang tin bài có đủ 6 yếu tố dữ liệu đặc tả ({len(full_visible)} trang thể hiện trên giao diện)",
                       f"All {len(pages)} sampled articles show the 6 metadata elements ({len(full_visible)} as visible equivalents)", ev)
    return outcome(PASS, f"Cả {len(pages)} trang tin bài có đủ 6 yếu tố Dublin Core bắt buộc",
                   f"All {len(pages)} sampled articles carry the 6 mandatory Dublin Core elements", ev)


# -- english (Art. 13) ------------------------------------------------------------------------
_EN_LABEL = re.compile(r"^(english|en|eng|tieng anh|english version|phien ban tieng anh|english site|in english|"
                       r"ban tieng anh|tieng anh english)$")
_EN_IMG = re.compile(r"(^|[/_-])(en|eng|english|uk|gb|us|flag[_-]?en|en[_-]?flag|anh)\.(png|gif|jpe?g|svg|webp)", re.I)
_EN_STOP = frozenset("the of and to in is for on with by are as from this that be at or its".split())
_VI_MARKS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_EN_INTRO = re.compile(r"\b(introduction|about|about us|overview|general information|history|functions|organi[sz]ation|"
                       r"organi[sz]ational structure|leaders|leadership|profile|structure)\b")
_EN_CONTACT = re.compile(r"\b(contact|contacts|contact us|directory)\b")


def is_english(page: Page | None) -> bool:
    """The page's content is English (stop words, few Vietnamese letters), whatever lang says."""
    if page is None or not page.ok:
        return False
    text = page.main_text[:4000]
    words = fold(text).split()
    if len(words) < 15:
        return page.lang.lower().startswith("en") and not _VI_MARKS.search(text)
    stop = sum(1 for w in words if w in _EN_STOP)
    vi = len(_VI_MARKS.findall(text))
    return stop / len(words) >= 0.06 and vi / max(1, len(text)) < 0.01


def _english_links(ctx) -> list[tuple[str, Page, str]]:
    """(url, source page, why) of links to an English version, home page first."""
    out, seen = [], set()
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
            q = dict((k.lower(), v.lower()) for k, v in parse_qsl(parts.query))
            why = ""
            if _EN_LABEL.match(label) or _EN_LABEL.match(alt) or label.startswith("english"):
                why = f"link “{label or alt}”"
            elif img is not None and _EN_IMG.search(src):
                why = f"flag image {src.rsplit('/', 1)[-1]}"
            elif re.match(r"^/(en|eng|english)(/|$|-)", parts.path, re.I) or q.get("lang", "").startswith("en") \
                    or q.get("culture", "").startswith("en") or (parts.hostname or "").startswith(("en.", "english.")):
                why = f"URL {parts.path or '/'}"
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


def _english_contacts(page: Page) -> bool:
    text = page.visible_text
    folded = fold(text)
    has_addr = bool(re.search(r"\baddress\b", folded)) or bool(labelled_address(folded))
    has_tel = bool(re.search(r"\b(tel|phone|telephone|fax)\b", folded)) and bool(phones_in(text) or labelled_phone(folded))
    return (has_addr and has_tel) or (has_tel and bool(emails_in(text))) or (has_addr and bool(emails_in(text)))


@check("english")
def english(ctx) -> Outcome:
    """A link to an English version whose pages are English and include an introduction
    and contact information (Art. 13)."""
    links = _english_links(ctx)
    home = ctx.snapshot.home
    en_pages = [p for p in ctx.snapshot.html_pages() if p.lang.lower().startswith("en") and is_english(p)]
    if not links and not en_pages:
        google = home is not None and ("translate.google" in (home.text or "") or "google_translate" in (home.text or ""))
        if google:
            return outcome(REVIEW, "Chỉ có công cụ dịch tự động (Google Translate); cần kiểm tra",
                           "Only a machine-translation widget (Google Translate); check by hand",
                           searched([home], "an English version"))
        return outcome(FAIL, "Không có liên kết tới phiên bản tiếng Anh", "No link to an English version",
                       searched([p for p in [home] if p is not None], "an English version (English, EN, flag, /en/)"))
    targets: list[tuple[str, Page | None, str, str]] = []  # (url, page, why, source url)
    for url, src, why in links:
        targets.append((url, ctx.snapshot.get(url), why, src.final_url))
    for p in en_pages[:2]:
        targets.append((p.final_url, p, "page with lang=en", p.final_url))
    errors, not_en = [], []
    for url, page, why, src in targets:
        if page is None or page.status is None:
            errors.append(Evidence(url, why, "could not be fetched"))
            continue
        if not is_english(page):
            not_en.append(Evidence(url, excerpt(page.main_text, None, 140) or f"HTTP {page.status}",
                                   f"{why} on {src}: " + (f"HTTP {page.status}" if not page.ok else "content is not English")))
            continue
        intro_url = _first_link(page, _EN_INTRO)
        contact_url = _first_link(page, _EN_CONTACT)
        intro = ctx.snapshot.get(intro_url) if intro_url else None
        intro_ok = (intro is not None and is_english(intro) and len(intro.main_text) >= 150) or \
            bool(_EN_INTRO.search(fold(" ".join(page.headings))) and len(page.main_text) >= 300)
        contact = ctx.snapshot.get(contact_url) if contact_url else None
        contact_ok = (contact is not None and contact.ok and _english_contacts(contact)) or _english_contacts(page)
        ev = [Evidence(page.final_url, excerpt(page.main_text, None, 140), f"English version ({why} on {src})")]
        if intro_url:
            ev.append(Evidence(intro_url, excerpt(intro.main_text, None, 140) if intro is not None else "",
                               "introduction" + ("" if intro_ok else ": not English or empty")))
        if contact_url:
            ev.append(Evidence(contact_url, excerpt(contact.main_text, None, 140) if contact is not None else "",
                               "contacts" + ("" if contact_ok else ": no address/phone/e-mail")))
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


# -- links_units (Art. 16) --------------------------------------------------------------------
def _link_index(ctx) -> dict[str, list[tuple[str, str, str]]]:
    """host -> [(url, label, source page)] of the first link or <select> option URL (in page
    order) to that host, once. (Only the first is read; keeping one per host rather than one
    per link bounds the index on large portals.)"""
    def compute() -> dict[str, list[tuple[str, str, str]]]:
        idx: dict[str, list[tuple[str, str, str]]] = {}
        seen: set[str] = set()  # link URLs already looked at (menus repeat on every page)
        for page in ctx.snapshot.html_pages():
            for lnk in page.links:
                if lnk.url in seen:
                    continue
                seen.add(lnk.url)
                h = bare_host(host_of(lnk.url))
                if h and h not in idx:
                    idx[h] = [(lnk.url, lnk.label, page.final_url)]
            for url, label in page.fact("option_links"):
                h = bare_host(host_of(url))
                if h and h not in idx:
                    idx[h] = [(url, label, page.final_url)]
        return idx
    return ctx.memo(("technical.links",), compute)


@page_fact("option_links")
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


def _parent_domain(ctx) -> str | None:
    parent = bare_host(host_of(str(ctx.portal.get("parent_url") or "")))
    if parent:
        return parent
    own = bare_host(ctx.snapshot.host)
    parts = own.split(".")
    if own.endswith(".gov.vn") and len(parts) >= 4:
        return ".".join(parts[1:])
    return None


@check("links_units")
def links_units(ctx, *, min_units: Count = 5) -> Outcome:
    """Province: links to at least ``min_units`` portals of its departments/districts (hosts
    under the province's domain; a link list in a <select> counts), or to every one of its
    subordinate portals the registry names (``portal.children``). Department/district: a
    link to the provincial portal."""
    idx = _link_index(ctx)
    own = bare_host(ctx.snapshot.host)
    home_url = home_or_start(ctx)
    if ctx.level == "province":
        units = {h: v[0] for h, v in idx.items() if h.endswith("." + own) and h != own}
        ev = [Evidence(src, label or url, f"link to {h}", {"match": label} if label else {}) for h, (url, label, src) in
              list(units.items())[:10]]
        # The registry may name the province's department/district portals ("children"):
        # linking to every one of them under the province's domain is then the criterion.
        children = {bare_host(host_of(u)) for u in (ctx.portal.get("children") or []) if isinstance(u, str)}
        children = {h for h in children if h.endswith("." + own)}
        missing = sorted(h for h in children if h not in units)
        if len(units) >= min_units or (children and not missing):
            return outcome(PASS, f"Có liên kết tới {len(units)} cổng của sở, ngành, huyện",
                           f"Links to {len(units)} department/district portals under {own}", ev)
        gov = {h: v[0] for h, v in idx.items() if h.endswith(".gov.vn") and h != own and not h.endswith("." + own)}
        if units and missing:
            return outcome(FAIL, f"Thiếu liên kết tới cổng của đơn vị trực thuộc: {', '.join(missing[:8])}",
                           f"No link to these subordinate portals: {', '.join(missing[:8])}",
                           ev + searched([p for p in [ctx.snapshot.home] if p], "links to subordinate portals"))
        if units:  # a real province has far more than min_units departments and districts
            return outcome(FAIL, f"Chỉ có liên kết tới {len(units)} cổng đơn vị trực thuộc (cần ít nhất {min_units})",
                           f"Links to only {len(units)} subordinate portals (at least {min_units} expected)",
                           ev + searched([p for p in [ctx.snapshot.home] if p], "links to subordinate portals"))
        if len(gov) >= min_units:
            return outcome(REVIEW, f"Có liên kết tới {len(gov)} cổng .gov.vn nhưng không thuộc tên miền {own}; cần kiểm tra",
                           f"Links to {len(gov)} .gov.vn portals, none under {own}; check whether they are its units",
                           [Evidence(src, label or url, f"link to {h}") for h, (url, label, src) in list(gov.items())[:8]])
        return outcome(FAIL, "Không có liên kết tới cổng thông tin của các sở, ngành, huyện",
                       "No links to the portals of its departments and districts",
                       searched([p for p in [ctx.snapshot.home] if p], "links to subordinate portals"))
    parent = _parent_domain(ctx)
    if parent:
        hits = idx.get(parent, [])
        if hits:
            url, label, src = hits[0]
            return outcome(PASS, f"Có liên kết tới cổng thông tin của tỉnh ({parent})",
                           f"Links to the provincial portal ({parent})",
                           [Evidence(src, label or url, f"link to {url}", {"match": label} if label else {})])
        return outcome(FAIL, f"Không có liên kết tới cổng thông tin điện tử của tỉnh ({parent})",
                       f"No link to the provincial portal ({parent})",
                       searched([p for p in [ctx.snapshot.home] if p], f"a link to {parent}"))
    prov = [(h, v[0]) for h, v in idx.items() if h.endswith(".gov.vn") and len(h.split(".")) == 3
            and re.search(r"\b(tinh|ubnd|cong thong tin)\b", fold(v[0][1]))]
    if prov:
        h, (url, label, src) = prov[0]
        return outcome(REVIEW, f"Không rõ cổng tỉnh; có liên kết “{label}” tới {h}", f"Provincial portal unknown; found “{label}” → {h}",
                       [Evidence(src, label, f"link to {url}")])
    return outcome(REVIEW, "Không xác định được cổng thông tin của tỉnh (tên miền không thuộc .gov.vn và không có parent_url)",
                   "Cannot tell which provincial portal to look for (no parent_url and not a .gov.vn sub-domain)",
                   [Evidence(home_url, own, "domain")])


# -- services (Chapter III) -------------------------------------------------------------------
_DVC_HOST = re.compile(r"^(?:[\w-]+\.)*dichvucong\.gov\.vn$|^(?:dichvucong|dvc|dvctt|dvcqg|motcua|mot-cua|hcc|hanhchinhcong|"
                       r"dichvucongtructuyen|dvctructuyen|egov|congdichvucong|thutuc)[\w-]*\.(?:[\w-]+\.)*gov\.vn$")
SERVICE_TERMS = ["dịch vụ công trực tuyến", "dịch vụ công", "cổng dịch vụ công", "dịch vụ hành chính công",
                 "thủ tục hành chính", "dvc trực tuyến", "online public services", "public services", "e-services"]
SERVICE_URL_TERMS = ["dich vu cong", "dichvucong", "dvc", "dvctt", "thu tuc hanh chinh", "tthc", "dich vu truc tuyen"]
_LEVEL = re.compile(r"\b(muc do (?:2|3|4|ii|iii|iv|hai|ba|bon)|toan trinh|mot phan|dvc muc [234]|muc [234])\b")


@check("services")
def services(ctx, *, min_services: Count = 3) -> Outcome:
    """A link to the national (dichvucong.gov.vn) or provincial service portal, or a
    "Dịch vụ công trực tuyến" section listing services with their level (Mức độ 2/3/4,
    toàn trình, một phần)."""
    idx = _link_index(ctx)
    own = bare_host(ctx.snapshot.host)
    portals = [(h, v[0]) for h, v in idx.items() if _DVC_HOST.match(h) and h != own]
    if portals:
        ev = [Evidence(src, label or url, f"link to the public-service portal {h}", {"match": label} if label else {})
              for h, (url, label, src) in portals[:4]]
        return outcome(PASS, f"Có liên kết tới cổng dịch vụ công: {', '.join(h for h, _ in portals[:3])}",
                       f"Links to the public-service portal: {', '.join(h for h, _ in portals[:3])}", ev)
    hits = find_sections(ctx, SERVICE_TERMS, url_terms=SERVICE_URL_TERMS, max_hits=5)
    rejected, unsure = [], []
    for hit in hits:
        if hit.document or hit.page is None:
            unsure.append(Evidence(hit.url, hit.label, "file or page not fetched"))
            continue
        j = judge(ctx, hit.page, min_items=min_services)
        levels = {m.group(1) for m in _LEVEL.finditer(j.folded)}
        if j.verdict in GOOD and levels:
            m = _LEVEL.search(j.folded)
            return outcome(PASS, f"Mục “{hit.label}” liệt kê dịch vụ công trực tuyến kèm mức độ",
                           f"Section “{hit.label}” lists online services with their level ({', '.join(sorted(levels))})",
                           [Evidence(hit.url, excerpt(j.text, m.group(1)), f"services section: {j.reason}",
                                     {"match": m.group(1)})])
        if j.verdict in DECOY or j.verdict == "thin":  # too little text to list any service
            rejected.append(Evidence(hit.url, hit.label, f"rejected: {j.reason}"))
        elif j.verdict in GOOD:
            rejected.append(Evidence(hit.url, excerpt(j.text, None, 160), f"no service levels stated ({j.reason})"))
        else:
            unsure.append(Evidence(hit.url, hit.label, f"cannot judge: {j.reason}"))
    if unsure and not rejected:
        return outcome(REVIEW, "Có mục dịch vụ công nhưng không tự đánh giá được; cần kiểm tra",
                       "A public-services section exists but could not be judged; check by hand", unsure[:5])
    ev = rejected[:5] + searched([p for p in [ctx.snapshot.home] if p], "public-service portal links and a services section")
    if rejected:
        return outcome(FAIL, "Mục dịch vụ công không liệt kê dịch vụ kèm mức độ và không liên kết tới cổng dịch vụ công",
                       "The services section lists no services with levels and there is no link to a service portal", ev)
    return outcome(FAIL, "Không có liên kết tới cổng dịch vụ công và không có mục dịch vụ công trực tuyến",
                   "No link to a public-service portal and no online-services section", ev)
