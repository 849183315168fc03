"""Check functions for content sections (the regime's articles, see the rule file): ``section`` and
``fresh_date``.

Both start from :func:`checker.find.find_sections` (navigation/link text, URL slugs, page
titles) and judge each candidate page with :func:`checker.find.judge`, so that a menu entry
leading to a 404, an empty page or an "đang cập nhật" placeholder is a rejected decoy, not
a section. Verdict discipline: ``pass`` needs a found section with real content; ``fail``
means nothing was found or only decoys were; anything in between (unfetchable target,
content only in an image or file, no parseable dates) is ``review``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Annotated, Literal
from urllib.parse import unquote, urljoin, urlsplit

from checker.content import (
    DECOY,
    DOCUMENT,
    ERROR_V,
    GOOD,
    IMAGE,
    THIN,
    UNRELATED,
    Judgement,
    Kind,
    judge,
    page_dates,
    shows_kind,
)
from checker.find import SectionHit, find_sections
from checker.functions.articles import article_date, listing_dates, lists_articles
from checker.registry import FAIL, PASS, REVIEW, Count, Outcome, Phrases, Schema, check, outcome
from checker.results import Bi, Evidence, bi
from checker.terms import raw_match
from crawlers.text import excerpt

_VI_VERDICT = {
    "missing": "trang không tồn tại", "empty": "trang trống", "placeholder": "trang “đang cập nhật”",
    "error": "không tải được trang", "thin": "nội dung quá ít", "unrelated": "nội dung không đúng chủ đề",
    "document": "chỉ là tệp đính kèm", "image": "nội dung chỉ là hình ảnh",
    "no_files": "danh sách không có tệp tải về", "other_kind": "nội dung thuộc loại khác",
    "elsewhere": "nội dung nằm ngoài cổng này",
}

_EN_VERDICT = {"other_kind": "of another kind", "no_files": "without downloadable files"}
ELSEWHERE = "elsewhere"  # accepted content, but on a page outside the portal (another site, or outside a component site's folder)


def _own(ctx, hit: SectionHit) -> bool:
    """The section's page (or file) is the portal's own: inside its host, or its folder for a
    component site. A section that only links out is somebody else's publication."""
    snap = ctx.snapshot
    return snap.is_internal(hit.url) or (hit.page is not None and snap.is_internal(hit.page.final_url))

Regex = Annotated[str, Schema(minLength=1, format="regex")]
"""A regular expression (Python syntax), matched against text in its original spelling."""


_HOW = {"nav": Bi("liên kết trên menu", "menu link"), "link": Bi("liên kết", "link"),
        "url": Bi("liên kết có địa chỉ mang tên mục", "link whose URL names the section")}


# -- shared helpers --------------------------------------------------------------------------------
def _name(hit: SectionHit) -> str:
    """What a person saw of the deciding link: its text, else (an image link with an empty
    ``alt``) the image's alt/title or file name, else the target URL; never “”."""
    if hit.label.strip():
        return hit.label
    src = hit.source
    if src is not None and src.ok and src.is_html:
        for a in src.tree.css("a[href]"):
            href = (a.attributes.get("href") or "").strip()
            if not href or urljoin(src.final_url, href).split("#")[0].rstrip("/") != hit.url.rstrip("/"):
                continue
            for img in a.css("img"):
                attrs = img.attributes
                said = (attrs.get("alt") or attrs.get("title") or "").strip()
                if said:
                    return said
                file = unquote(urlsplit(attrs.get("src") or "").path.rsplit("/", 1)[-1])
                if file:
                    return f"[{file}]"
    return hit.url


def _searched_evidence(ctx, terms: list[str]) -> Evidence:
    snap = ctx.snapshot
    home = snap.home
    # the same count for every section rule (the crawled pages do not change while rules are
    # judged; a gather round adds pages, so their number is part of the key)
    n_pages = ctx.memo(("crawled.count", len(snap.pages)), lambda: sum(1 for _ in snap.html_pages()))
    sample = ", ".join(terms[:5]) + ("…" if len(terms) > 5 else "")
    return Evidence(home.final_url if home is not None else snap.start_url, sample,
                    bi("đã tìm trong menu, liên kết, địa chỉ URL và tiêu đề của {} trang",
                       "searched menus, links, URLs and titles of {} pages", n_pages), {"pages_searched": n_pages})


def _link_evidence(hit: SectionHit) -> Evidence | None:
    """Where the section was found: the linking page and the link text (matched words marked)."""
    if hit.link is None or hit.source is None:
        return None
    label = _name(hit)
    extra = {"match": raw_match(label, hit.matched)} if hit.where in ("nav", "link") and raw_match(label, hit.matched) else {}
    extra["target"] = hit.url
    how = _HOW.get(hit.where, _HOW["link"])
    return Evidence(hit.source.final_url, label, bi("{} → {}", "{} → {}", how, hit.url), extra)


def _target_evidence(hit: SectionHit, j: Judgement, note: Bi) -> Evidence:
    text = j.text or (hit.page.main_text if hit.page is not None and hit.page.ok else "")
    m = raw_match(text, hit.matched) if text else ""
    ex = excerpt(text, m or None) if text else ""
    if not ex and j.items:
        ex = " · ".join(lnk.label for lnk in j.items[:4])
    if not ex and j.documents:
        ex = " · ".join(lnk.label or lnk.url for lnk in j.documents[:4])
    return Evidence(hit.url, ex, note, {"match": m} if m else {})


def _hit_evidence(hit: SectionHit, j: Judgement, note: Bi) -> list[Evidence]:
    ev = [_target_evidence(hit, j, note)]
    le = _link_evidence(hit)
    if le is not None:
        ev.append(le)
    return ev


def _judge_hit(ctx, hit: SectionHit, *, min_chars: int, min_items: int, kind: Kind) -> Judgement:
    if hit.document:
        return Judgement(DOCUMENT, Bi("liên kết tới một tệp", "link to a file"))
    return judge(ctx, hit.page, min_chars=min_chars, min_items=min_items, kind=kind)


def _kind_on_items(ctx, j: Judgement, kind: Kind, follow: int = 3) -> Judgement:
    """A listing whose own rows do not show the kind's pattern (a hub of sub-categories, a
    list of titles whose numbers are on the detail pages): look on its first item pages.
    Found there, the page gets its verdict back; not found, it stays demoted."""
    if j.unmet is None or not j.items:
        return j
    for link in j.items[:follow]:
        page = ctx.snapshot.get(link.url)
        if page is None or not page.ok:
            continue
        shown = shows_kind(judge(ctx, page, min_chars=1, min_items=1), kind)
        if shown:
            verdict, reason = j.unmet
            return replace(j, verdict=verdict, reason=bi("{}; mục “{}”: {}", "{}; item “{}”: {}", reason, link.label, shown),
                           kind=shown, unmet=None)
    return j


def _downloads(ctx, j: Judgement, follow: int = 3) -> tuple[list[tuple[str, str]], int]:
    """File links of a section: on its page, else on up to ``follow`` of its item pages.
    Returns ([(file URL, page URL)], number of item pages that could not be fetched)."""
    if j.documents:
        return [(d.url, "") for d in j.documents], 0
    found, unreachable = [], 0
    for link in j.items[:follow]:
        page = ctx.snapshot.get(link.url)
        if page is None or page.status is None or page.status >= 500:
            unreachable += 1
            continue
        sub = judge(ctx, page, min_chars=1, min_items=1)
        found += [(d.url, page.final_url) for d in sub.documents]
    return found, unreachable


def _accepted(j: Judgement, accept_documents: bool, accept_images: bool) -> bool:
    return j.verdict in GOOD or (accept_documents and j.verdict == DOCUMENT) or \
        (accept_images and j.verdict == IMAGE)


# -- section -----------------------------------------------------------------------------------------
@check("section")
def section(ctx, *, terms: Phrases, url_terms: Phrases | None = None,
            content_terms: Phrases | None = None, decoy_terms: Phrases | None = None,
            min_items: Count = 2, min_chars: Count = 150, accept_documents: bool = False,
            accept_images: bool = False, require_documents: bool = False,
            exclude_terms: Phrases | None = None, max_extra_words: Count = 4, max_hits: Count = 6,
            without_content: Literal["review", "fail"] = "review", item_pattern: Regex | None = None,
            per_part: bool = False) -> Outcome:
    """The portal has a section named by ``terms`` (menu/link text, also as URL slugs via
    ``url_terms``) whose page has real content: page-specific text of ``min_chars`` folded
    characters, or ``min_items`` item links, or (``accept_documents``) links to files, or
    (``accept_images``) an image/embedded viewer such as an org chart or map. With
    ``content_terms`` the content must also contain one of those words; links whose text
    contains an ``exclude_terms`` phrase are not candidates. ``decoy_terms`` (e.g. "đang chờ
    trả lời") are not taken as ``content_terms``; content showing them and lacking the
    section's kind is of another kind ("Dự thảo" where issued documents are asked for,
    "Dự toán ngân sách" where development plans are): a decoy, so fail. ``item_pattern``
    (a regular expression, e.g. for a document's number/symbol such as 12/2026/QĐ-UBND) must
    match a row, item or text of the page, or of its first item pages, that holds no
    ``decoy_terms`` word. With ``per_part`` each item needs its own evidence: ``content_terms``
    found only in a heading whose part of the page is empty or "đang cập nhật" do not count
    (a broad "Môi trường" page with three headings and one placeholder). With
    ``require_documents`` the section must offer downloadable files, on its page or on its
    first item pages. ``without_content`` says what a text page lacking every
    ``content_terms`` word means: ``review`` (default: the right section may use other words)
    or ``fail`` (for a broad section, e.g. "Môi trường", searched for one item: it was read
    and the item is not there). A listing page lacking them stays ``review`` either way,
    because the item may sit inside one of its entries. A section whose page lies outside the
    portal (another host, or outside a component site's folder) is never a pass: ``review``,
    since whose content it is needs a person."""
    hits = find_sections(ctx, terms, url_terms=url_terms, max_hits=max_hits, max_extra_words=max_extra_words,
                         exclude=exclude_terms)
    kind = Kind.of(content_terms, decoy_terms, item_pattern, per_part)
    rejected: list[tuple[SectionHit, Judgement]] = []
    unsure: list[tuple[SectionHit, Judgement]] = []
    for hit in hits:
        j = _kind_on_items(ctx, _judge_hit(ctx, hit, min_chars=min_chars, min_items=min_items, kind=kind), kind)
        if require_documents and _accepted(j, accept_documents, accept_images) and not hit.document:
            files, unreachable = _downloads(ctx, j)
            if not files:
                j = replace(j, verdict=THIN if unreachable else "no_files",
                            reason=Bi("không tải được các trang mục để tìm tệp", "item pages could not be fetched to look for files")
                            if unreachable else
                            bi("{}, nhưng không có tệp tải về trên trang hoặc các mục đầu",
                               "{}, but no downloadable file on the page or its first items", j.reason))
                if j.verdict == "no_files":
                    rejected.append((hit, j))
                else:
                    unsure.append((hit, j))
                continue
        if _accepted(j, accept_documents, accept_images) and not _own(ctx, hit):
            # content on another agency's site (a component site's link up to the provincial
            # portal, a district's link to the province's page): found, but whose it is needs a person
            unsure.append((hit, replace(j, verdict=ELSEWHERE, reason=bi(
                "{}, nhưng ở ngoài cổng này", "{}, but outside this portal", j.reason))))
            continue
        if _accepted(j, accept_documents, accept_images):
            ev = _hit_evidence(hit, j, bi("trang chuyên mục: {}", "section page: {}", j.reason))
            if j.kind:  # the item that showed the section's kind (a document's number/symbol)
                ev.insert(1, Evidence(hit.url, j.kind, Bi("mục đúng loại nội dung", "an item of the section's kind"), {}))
            return outcome(PASS, f"Có mục “{_name(hit)}”: {hit.url}",
                           f"Section “{_name(hit)}” found ({hit.where}) with content ({j.reason}): {hit.url}", ev)
        absent = (j.verdict == UNRELATED and without_content == "fail" and not j.weak and len(j.items) < min_items)
        (rejected if j.verdict in DECOY or absent else unsure).append((hit, j))
    if unsure:
        ev = []
        for hit, j in unsure[:4]:
            ev += _hit_evidence(hit, j, bi("không tự đánh giá được: {}", "cannot judge: {}", j.reason))
        first, fj = unsure[0]
        return outcome(REVIEW,
                       f"Tìm thấy “{_name(first)}” nhưng không tự đánh giá được ({_VI_VERDICT.get(fj.verdict, fj.verdict)}); cần kiểm tra",
                       f"Found “{_name(first)}” but could not judge it ({fj.reason}); check by hand", ev)
    ev = [_searched_evidence(ctx, terms)]
    for hit, j in rejected[:5]:
        ev += _hit_evidence(hit, j, bi("không được chấp nhận: {}", "rejected: {}", j.reason))
    if rejected:
        first, fj = rejected[0]
        return outcome(FAIL,
                       f"Mục “{_name(first)}” chỉ dẫn tới {_VI_VERDICT.get(fj.verdict, fj.verdict)} ({first.url})",
                       f"Only decoys found: “{_name(first)}” leads to a page that is {_EN_VERDICT.get(fj.verdict, fj.verdict)} ({fj.reason})", ev)
    return outcome(FAIL, "Không tìm thấy mục thông tin này trên cổng",
                   "No such section found in menus, links, URLs or page titles", ev)


# -- fresh_date ----------------------------------------------------------------------------------------
def _dated(ctx, hit: SectionHit, j: Judgement, now: date, max_future: int, follow_items: int):
    """(date, snippet, url) for the dates of the section's items. A listing of articles is
    dated by its articles: the dates it shows beside them and each of its first
    ``follow_items`` articles' own date, never by its chrome (a header clock, a "Cập nhật lúc"
    line). Another page by every date in its own content or, if it shows none, on up to
    ``follow_items`` of its item pages (a hub of sub-categories, or a list without dates)."""
    limit = now + timedelta(days=max_future)
    if lists_articles(hit.page, j):
        found = [(d, s, hit.url) for d, s in listing_dates(j) if d <= limit]
        for link in j.items[:follow_items]:
            page = ctx.snapshot.get(link.url)
            own = article_date(ctx, page, limit) if page is not None else None
            if own is not None and page is not None:
                found.append((own[0], own[1], page.final_url))
        return found
    found = [(d, s, hit.url) for d, s in page_dates(j) if d <= limit]
    if found or follow_items <= 0:
        return found
    for link in j.items[:follow_items]:
        page = ctx.snapshot.get(link.url)
        if page is None:
            continue
        sub = judge(ctx, page, min_chars=1, min_items=1)
        found += [(d, s, page.final_url) for d, s in page_dates(sub) if d <= limit]
    return found


@check("fresh_date")
def fresh_date(ctx, *, terms: Phrases, url_terms: Phrases | None = None, max_age_days: Count = 30,
               max_future_days: Count = 1, follow_items: Count = 3, min_items: Count = 1,
               exclude_terms: Phrases | None = None, max_extra_words: Count = 4, max_hits: Count = 6) -> Outcome:
    """The newest date in the section named by ``terms`` is at most ``max_age_days`` old.

    Dates are read from the section page's own content (template text such as a header
    clock removed); a listing of articles is dated by its articles only (the dates shown
    beside them, and the first ``follow_items`` articles' own dates), not by a date in its
    chrome ("Thứ bảy, 22/11/2026", "Cập nhật lúc …"): dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, "ngày 5 tháng 11 năm
    2026", ``<time datetime>``. Dates more than ``max_future_days`` ahead are ignored (event
    announcements); a schedule sets it larger. No section → fail; a section without any
    date → review; the newest date too old → fail naming it."""
    now = ctx.now.date()
    hits = find_sections(ctx, terms, url_terms=url_terms, max_hits=max_hits, max_extra_words=max_extra_words,
                         exclude=exclude_terms)
    dated: list[tuple[date, str, str, SectionHit]] = []
    undated: list[tuple[SectionHit, Judgement]] = []
    rejected: list[tuple[SectionHit, Judgement]] = []
    for hit in hits:
        j = _judge_hit(ctx, hit, min_chars=100, min_items=min_items, kind=Kind())
        if j.verdict in DECOY:
            rejected.append((hit, j))
            continue
        if hit.document or j.verdict == ERROR_V:
            undated.append((hit, j))
            continue
        ds = _dated(ctx, hit, j, now, max_future_days, follow_items)
        if ds:
            dated += [(d, s, u, hit) for d, s, u in ds]
        else:
            undated.append((hit, j))
    if dated:
        d, snip, url, hit = max(dated, key=lambda x: x[0])
        age = (now - d).days
        ev = [Evidence(url, snip, bi("ngày mới nhất tìm thấy: {d:%d/%m/%Y} ({age} ngày trước thời điểm kiểm tra)",
                                  "newest date found: {d:%d/%m/%Y} ({age} days before the scan)", d=d, age=age), {"match": snip}
                       if len(snip) < 40 else {"date": d.isoformat()})]
        le = _link_evidence(hit)
        if le is not None:
            ev.append(le)
        if age <= max_age_days:
            return outcome(PASS, f"Mục “{_name(hit)}” cập nhật: mới nhất ngày {d:%d/%m/%Y}",
                           f"“{_name(hit)}” is current: newest date {d:%d/%m/%Y} ({age} days old, limit {max_age_days})", ev)
        return outcome(FAIL, f"Mục “{_name(hit)}” không cập nhật: mới nhất ngày {d:%d/%m/%Y} ({age} ngày, giới hạn {max_age_days})",
                       f"“{_name(hit)}” is stale: newest date {d:%d/%m/%Y} is {age} days old (limit {max_age_days})", ev)
    if undated:
        ev = []
        for hit, j in undated[:4]:
            ev += _hit_evidence(hit, j, bi("không tìm thấy ngày tháng ({})", "no date found ({})", j.reason))
        first = undated[0][0]
        return outcome(REVIEW, f"Có mục “{_name(first)}” nhưng không đọc được ngày tháng; cần kiểm tra",
                       f"Found “{_name(first)}” but no dates could be read; check by hand", ev)
    ev = [_searched_evidence(ctx, terms)]
    for hit, j in rejected[:5]:
        ev += _hit_evidence(hit, j, bi("không được chấp nhận: {}", "rejected: {}", j.reason))
    return outcome(FAIL, "Không tìm thấy mục thông tin có nội dung để đánh giá độ cập nhật",
                   "No section with content found to date" + (f" (only decoys: {rejected[0][1].reason})" if rejected else ""), ev)
