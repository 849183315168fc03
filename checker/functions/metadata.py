"""``metadata`` (Art. 14; Circular 24/2011 Art. 4.1): article pages carry the six mandatory
metadata elements as Dublin Core ``<meta>``, or as visible equivalents."""

from __future__ import annotations

import re
from collections.abc import Iterable

from checker.dates import extract_dates
from checker.functions._common import (
    footer_text,
    searched,
)
from checker.functions.articles import article_pages, article_title
from checker.registry import FAIL, PASS, REVIEW, Outcome, Positive, check, outcome
from checker.results import Bi, Evidence, bi
from checker.vocabulary import word_re
from crawlers.snapshot import Page
from crawlers.text import fold

# -- metadata (Art. 14; Circular 24/2011 Art. 4.1) --------------------------------------------
DC_ELEMENTS = ("title", "creator", "date", "description", "publisher", "identifier")
_DC_ALIASES = {"created": "date", "issued": "date", "modified": "date", "available": "date", "abstract": "description"}
_DC_NAME = re.compile(r"^(?:dc|dcterms|dct)[.:_]([a-z]+)", re.I)
_DESC_CLASS = re.compile(r"sapo|summary|lead|mota|mo-ta|teaser|description|tom-?tat|abstract|intro", re.I)
_AUTHOR_CLASS = re.compile(r"author|byline|tacgia|tac-gia|writer", re.I)
_ELEMENT_VI = {"title": "tiêu đề", "creator": "tác giả", "date": "ngày ban hành", "description": "tóm tắt",
               "publisher": "cơ quan xuất bản", "identifier": "định danh"}


def _elements(names: Iterable[str]) -> Bi:
    """Dublin Core element names, in Vietnamese for the Vietnamese text."""
    names = list(names)
    return Bi(", ".join(_ELEMENT_VI.get(n, n) for n in names), ", ".join(names))


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


def _visible(page: Page, publisher_text: str, byline: re.Pattern[str], publisher: re.Pattern[str]) -> dict[str, str]:
    """Visible (non-Dublin-Core) equivalents of the six mandatory elements (``byline``,
    ``publisher``: the rule file's ``byline_labels`` and ``publisher_labels``)."""
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
        m = byline.search(page.folded_main)
        author = m.group(0) if m else ""
    if not author:
        author = _signature(page)
    if author:
        out["creator"] = author
    desc = _meta(page, "description", "og:description")
    if len(desc) < 20:
        node = next((n for n in page.tree.css("[class]") if _DESC_CLASS.search(n.attributes.get("class") or "")
                     and len(n.text(strip=True)) >= 40), None)
        desc = " ".join(node.text().split())[:160] if node is not None else ""
    if not desc:
        desc = _sapo(page)
    if desc:
        out["description"] = desc
    own = publisher.search(page.folded_main)  # e.g. "Cơ quan xuất bản: Sở Y tế" under the article
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


def _signature(page: Page) -> str:
    """The author's signature line that ends many Vietnamese articles: a short right-aligned
    or bold/italic paragraph of two to eight words ("Minh Anh", "Thu Hà - Sở TT&TT")."""
    nodes = page.tree.css("p[align=right], p[style*=right], div[style*=right], .text-right, p > strong, p > b, p > em")
    for node in reversed(nodes):
        text = " ".join(node.text().split())
        words = text.split()
        if 2 <= len(words) <= 8 and words[0][:1].isupper() and not extract_dates(text) and text in page.main_text[-600:]:
            return text
    return ""


def _sapo(page: Page) -> str:
    """The lead paragraph (sapo): the article's first paragraph of 40+ characters set wholly in
    bold or italics, or an h2/h3 lead of that length under the headline."""
    headline = article_title(page)
    for node in page.tree.css("p, h2, h3")[:12]:
        text = " ".join(node.text().split())
        if len(text) < 40 or text not in page.main_text or text == headline or text in (page.title or ""):
            continue
        inner = node.css_first("strong, b, em, i")
        if node.tag in ("h2", "h3") or (inner is not None and len(" ".join(inner.text().split())) >= 0.8 * len(text)):
            return text[:160]
    return ""


@check("metadata")
def metadata(ctx, *, sample: Positive = 10, accept_visible: bool = True) -> Outcome:
    """Article pages carry the six mandatory metadata elements of Circular 24/2011 Art. 4.1
    (title, creator, date, description, publisher, identifier) as Dublin Core ``<meta>``
    (``DC.``, ``dc.``, ``DCTERMS.`` prefixes), or (``accept_visible``) as visible equivalents."""
    pages = article_pages(ctx, sample)
    if not pages:
        return outcome(REVIEW, "Không xác định được trang tin bài để kiểm tra dữ liệu đặc tả",
                       "No article page recognised to check metadata on",
                       searched([p for p in [ctx.snapshot.home] if p is not None], Bi("các trang bài viết", "article pages")))
    home = ctx.snapshot.home
    pub_text = ""
    byline, publisher = word_re(ctx, "byline_labels"), word_re(ctx, "publisher_labels")
    if home is not None:
        m = publisher.search(fold(footer_text(home))) or publisher.search(home.folded_text)
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
        vis = _visible(p, pub_text, byline, publisher) if accept_visible and not dc else {}
        missing = [e for e in missing_dc if e not in vis]
        if not missing:
            full_visible.append((p, dc, vis))
        else:
            lacking.append((p, dc, missing))
    if lacking:
        elements = sorted({e for _, _, miss in lacking for e in miss}, key=DC_ELEMENTS.index)
        ev = [Evidence(p.final_url, p.title[:120],
                       bi("thiếu: {}; có Dublin Core: {}", "missing: {}; DC present: {}", _elements(miss), _elements(dc))
                       if dc else bi("thiếu: {}", "missing: {}", _elements(miss)),
                       {"missing": miss}) for p, dc, miss in lacking[:8]]
        clear = dc_any or any(e in ("title", "date", "identifier") for e in elements)
        if clear:
            return outcome(FAIL, f"{len(lacking)}/{len(pages)} trang tin bài thiếu dữ liệu đặc tả: {_elements(elements).vi}",
                           f"{len(lacking)} of {len(pages)} article pages lack metadata: {', '.join(elements)}", ev)
        return outcome(REVIEW, f"Không có Dublin Core; chưa thấy rõ {_elements(elements).vi} trên {len(lacking)} trang tin bài",
                       f"No Dublin Core; {', '.join(elements)} not clearly visible on {len(lacking)} article page(s)", ev)
    ev = [Evidence(p.final_url, "; ".join(f"DC.{k}={v[:40]}" for k, v in list(dc.items())[:3]), Bi("Dublin Core: đủ 6 yếu tố", "Dublin Core: all 6 elements"),
                   {"match": p.title[:60]}) for p, dc in full_dc[:5]]
    ev += [Evidence(p.final_url, f"{vis.get('title', '')[:60]} | {vis.get('date', '')} | {vis.get('creator', '')[:40]}",
                    bi("thể hiện trên giao diện; Dublin Core: {}", "visible equivalents; DC: {}", _elements(dc)) if dc
                    else Bi("thể hiện trên giao diện", "visible equivalents")) for p, dc, vis in full_visible[:5]]
    if full_visible:
        return outcome(PASS, f"{len(pages)} trang tin bài có đủ 6 yếu tố dữ liệu đặc tả ({len(full_visible)} trang thể hiện trên giao diện)",
                       f"All {len(pages)} sampled articles show the 6 metadata elements ({len(full_visible)} as visible equivalents)", ev)
    return outcome(PASS, f"Cả {len(pages)} trang tin bài có đủ 6 yếu tố Dublin Core bắt buộc",
                   f"All {len(pages)} sampled articles carry the 6 mandatory Dublin Core elements", ev)
