"""Judging whether a candidate section page has real content.

A link alone proves nothing: inspectors regularly find menu entries leading to a 404, an
empty page or an "đang cập nhật" (being updated) placeholder. So every candidate section
page is judged on what is *its own*: the content region (:func:`crawlers.dom.largest_content_box`,
layout boxes removed), less the text and links the portal's template repeats on most pages
(computed once per portal from a spread of reference pages). What a placeholder or a soft 404
says is the rule file's ``vocabulary`` (:mod:`checker.vocabulary`). Pages are parsed for this only
when they are candidate targets or boilerplate references (parsing: :mod:`checker.page_content`),
and every result is memoised in ``ctx.cache``.

Real content is not enough: it must be of the section's *kind*, which the rule file states
(:class:`Kind`: words it must hold, look-alike words of another kind, a pattern its items
show, evidence per part of the page). Drafts are not issued documents, a budget table is not
a development plan, an office-location map is not the administrative map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from checker.dates import extract_dates
from checker.page_content import boilerplate, page_content, shared_sets
from checker.results import Bi, bi
from checker.terms import Matcher, compile_terms, raw_match
from checker.vocabulary import alternation, words
from crawlers.snapshot import Link, Page
from crawlers.text import Terms, excerpt, fold, forms, has_marks, tonal
from crawlers.urls import is_document

__all__ = ["Judgement", "judge", "judge_content", "page_dates", "shows_kind", "GOOD", "DECOY"]


# Verdicts of judge_content. GOOD ones can pass a section rule; DECOY ones make a found
# link a rejected decoy (fail if nothing better exists); the others need a person.
SUBSTANTIVE, LISTING, DOCUMENT, IMAGE = "substantive", "listing", "document", "image"
EMPTY, PLACEHOLDER, MISSING, ERROR_V, THIN, UNRELATED = "empty", "placeholder", "missing", "error", "thin", "unrelated"
OTHER_KIND = "other_kind"  # content of another kind than the section's (drafts for issued documents, budget for plans)
GOOD = frozenset({SUBSTANTIVE, LISTING})
DECOY = frozenset({EMPTY, PLACEHOLDER, MISSING, OTHER_KIND})


@lru_cache(maxsize=16)
def _pager_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    """Link texts that are navigation inside a listing, not items of it: page numbers, arrows,
    and the rule file's ``pager_labels`` ("Xem thêm", "Trang sau"), the whole folded text."""
    alts = "".join("|" + re.escape(f) for f in sorted({fold(w) for w in labels if fold(w)}, key=len, reverse=True))
    return re.compile(rf"^(?:\d{{1,4}}|[«»‹›<>…]+{alts})$")


@dataclass
class Judgement:
    """What a candidate section page holds, with the text and items that decided it."""

    verdict: str
    reason: str
    text: str = ""  # page-specific text (template boilerplate removed), original spelling
    folded: str = ""  # fold(text)
    items: list[Link] = field(default_factory=list)  # page-specific item links
    documents: list[Link] = field(default_factory=list)  # links to files (PDF, DOC …)
    images: int = 0  # content images / embedded viewers (org chart, map)
    blocks: list[str] = field(default_factory=list)  # page-specific text blocks
    times: list[str] = field(default_factory=list)  # <time datetime> values in the content
    kind: str = ""  # the text that showed the section's kind (``item_pattern`` match)
    weak: str = ""  # a content word matched only folded, in text without marks, that collides with another word
    unmet: tuple[str, Bi | str] | None = None  # (verdict, reason) before an unmet ``item_pattern`` demoted it
    rows: list[str] = field(default_factory=list)  # page-specific list items / table rows, original spelling

    @property
    def good(self) -> bool:
        return self.verdict in GOOD



@lru_cache(maxsize=16)
def _download_url_re(alts: str) -> re.Pattern[str]:
    """Any part of a download-handler URL (the rule file's ``download_urls``), in any case."""
    return re.compile(alts, re.I)


def _is_download(link: Link, folded_label: str, labels: Terms, urls: re.Pattern[str]) -> bool:
    """A file link: by extension, by a download-handler URL (``urls``: the rule file's
    ``download_urls``), or by its "Tải về" label (``labels``: its ``download_labels``)."""
    return is_document(link.url) or bool(urls.search(link.url)) or bool(labels.find(folded_label))


@lru_cache(maxsize=16)
def _download_labels(phrases: tuple[str, ...]) -> Terms:
    return Terms(list(phrases))



_NOT_FETCHED = Bi("không tải được trang", "page could not be fetched")


def _own_text(n: int) -> Bi:
    return bi("{} ký tự nội dung riêng của trang", "{} characters of page-specific text", n)


@dataclass(frozen=True)
class Kind:
    """What content of the right kind shows, as the rule file says (options of ``section``).

    ``terms``: words the content must hold (one of them); ``decoys``: words of look-alike
    content of another kind ("dự thảo" for issued documents, "dự toán" for plans, "đang chờ
    trả lời" for answers), not taken as ``terms``: content showing them and lacking the kind
    is a decoy; ``pattern``: a regular expression some item must match in its original
    spelling (a document's number/symbol), items holding a decoy word not counted;
    ``per_part``: each item needs its own evidence: words matched only in a heading whose
    part of the page is empty or "đang cập nhật" do not count."""

    terms: tuple[str, ...] = ()
    decoys: tuple[str, ...] = ()
    pattern: str = ""
    per_part: bool = False

    @classmethod
    def of(cls, content_terms: list[str] | None = None, decoy_terms: list[str] | None = None,
           item_pattern: str | None = None, per_part: bool = False) -> Kind:
        return cls(tuple(content_terms or ()), tuple(decoy_terms or ()), item_pattern or "", per_part)


def judge(ctx, page: Page | None, *, min_chars: int = 150, min_items: int = 2,
          content_terms: list[str] | None = None, decoy_terms: list[str] | None = None,
          kind: Kind | None = None) -> Judgement:
    """Judge a candidate section page in its portal (template boilerplate removed), memoised.
    ``kind`` (or the older ``content_terms``/``decoy_terms``) says what its content must be."""
    if page is None:
        return Judgement(ERROR_V, _NOT_FETCHED)
    k = kind if kind is not None else Kind.of(content_terms, decoy_terms)
    key = ("find.judge", page.final_url, page.status, min_chars, min_items, k)
    return ctx.memo(key, lambda: _judge(ctx, page, min_chars, min_items, k))


def judge_content(page: Page | None, *, min_chars: int = 150, min_items: int = 2,
                  content_terms: list[str] | None = None, decoy_terms: list[str] | None = None,
                  item_pattern: str | None = None, per_part: bool = False) -> tuple[str, str]:
    """(verdict, reason) for a page on its own, without portal context.

    Verdicts: ``substantive`` (real text), ``listing`` (items/documents), ``image`` (content
    is an image or embedded viewer: org chart, map), ``document`` (not HTML), ``thin``
    (some text, too little to judge), ``unrelated`` (content lacks ``content_terms`` or
    ``item_pattern``), ``other_kind`` (content shows only ``decoy_terms``: of another kind),
    ``placeholder`` ("đang cập nhật", also for the matched part alone with ``per_part``),
    ``empty``, ``missing`` (404, soft 404), ``error``.
    """
    k = Kind.of(content_terms, decoy_terms, item_pattern, per_part)
    j = _judge(None, page, min_chars, min_items, k) if page is not None else Judgement(ERROR_V, _NOT_FETCHED)
    return j.verdict, str(j.reason)


def _judge(ctx, page: Page, min_chars: int, min_items: int, kind: Kind | None = None) -> Judgement:
    kind = kind or Kind()
    if page.status is None:
        return Judgement(ERROR_V, bi("không tải được trang", "fetch failed: {}", page.error or "no answer"))
    if page.status >= 500 or page.status in (401, 403, 429):
        return Judgement(ERROR_V, bi("HTTP {}", "HTTP {}", page.status))
    if page.status >= 400:
        return Judgement(MISSING, bi("HTTP {}", "HTTP {}", page.status))
    if page.status >= 300:
        return Judgement(ERROR_V, bi("HTTP {} chuyển hướng không được theo", "HTTP {} redirect not followed", page.status))
    if not page.is_html:
        return Judgement(DOCUMENT, bi("một tệp ({}), không phải trang", "a file ({}), not a page",
                                         page.content_type or Bi("không rõ loại", "unknown type")))
    content = page_content(ctx, page)
    shared_b, shared_l = shared_sets(boilerplate(ctx) if ctx is not None else None, page)
    own_blocks = [(b, f, h) for b, f, h in zip(content.blocks, content.folded_blocks, content.heads, strict=True)
                  if f and f not in shared_b]
    blocks = [b for b, _, _ in own_blocks]
    text = " ".join(blocks)
    folded = fold(text)
    own = {page.url.rstrip("/"), page.final_url.rstrip("/")}
    items: list[Link] = []
    docs: list[Link] = []
    seen: set[str] = set()
    download, pager = _download_labels(words(ctx, "download_labels")), _pager_re(words(ctx, "pager_labels"))
    download_urls = _download_url_re(alternation(ctx, "download_urls", folded=False))
    for link in content.links:
        u = link.url
        if u.rstrip("/") in own or u in shared_l or u in seen:
            continue
        seen.add(u)
        f = fold(link.label)
        if _is_download(link, f, download, download_urls):
            docs.append(link)
            continue
        if not f or pager.match(f) or len(f.split()) < 2:
            continue
        items.append(link)
    j = Judgement("", "", text, folded, items, docs, content.images, blocks, content.times)
    gone = compile_terms(words(ctx, "not_found")).find(folded) if len(folded) < 400 else None
    if gone:
        j.verdict, j.reason = MISSING, bi("trang báo không tồn tại: “{}”", "page says it does not exist: “{}”",
                                              raw_match(text, gone) or gone)
        return j
    placeholder = compile_terms(words(ctx, "placeholder"))
    ph = placeholder.find(folded)
    # Text outside item links: a placeholder page may still carry a "related news" list.
    prose = len(folded) - sum(len(fold(lnk.label)) + 1 for lnk in items) - (len(ph) if ph else 0)
    if ph and prose < min_chars and not docs:
        j.verdict, j.reason = PLACEHOLDER, bi("trang “đang cập nhật”: “{}”", "placeholder page: “{}”",
                                                  raw_match(text, ph) or ph)
        return j
    long_shared = [b for b in shared_b if len(b) >= 20]
    own_rows = [(r, raw) for r, raw in zip(content.rows, content.raw_rows, strict=True)
                if r not in shared_b and not any(b in r for b in long_shared)]
    j.rows = [raw for _, raw in own_rows]
    n_items = max(len(items), len(own_rows))
    if n_items >= min_items or docs:
        j.verdict = LISTING
        j.reason = (bi("{} mục, {} tệp", "{} items, {} files", n_items, len(docs)) if docs
                    else bi("{} mục", "{} items", n_items))
    elif len(folded) >= min_chars:
        j.verdict, j.reason = SUBSTANTIVE, _own_text(len(folded))
    elif content.images:
        j.verdict, j.reason = IMAGE, bi("{} hình ảnh/khung nhúng, ít chữ", "{} image(s)/embedded viewer(s), little text",
                                             content.images)
    elif len(folded) >= 40 or items:
        j.verdict, j.reason = THIN, bi("chỉ {} ký tự và {} mục", "only {} characters of text and {} items",
                                            len(folded), len(items))
    else:
        j.verdict, j.reason = EMPTY, Bi("không có nội dung riêng của trang", "no page-specific content")
        return j
    if kind.terms and j.verdict == THIN and len(folded) >= 80:
        # A short page that holds the expected words (e.g. a question with its "Trả lời:")
        # is a small section, unless those words only appear as "đang chờ trả lời".
        j.verdict, j.reason = SUBSTANTIVE, _own_text(len(folded))
    _judge_kind(j, kind, own_blocks, placeholder)
    return j


def _hay(j: Judgement) -> tuple[str, str, bool]:
    """(tonal, folded, marked) forms of a judged page's own text and its file links' labels,
    as :meth:`crawlers.text.Terms.match_forms` compares them (docs/rules.md, "Tone marks")."""
    labels = [lnk.label for lnk in j.documents if lnk.label]
    marked = has_marks(j.text) or any(has_marks(x) for x in labels)
    folded = " ".join([j.folded, *(fold(x) for x in labels)])
    return (" ".join([tonal(j.text), *(tonal(x) for x in labels)]) if marked else ""), folded, marked


def _decoy(dm: Matcher, t: str, f: str, marked: bool) -> str | None:
    """The decoy phrase a text shows: a word of another kind. A folded match of a short
    colliding word in text without marks is no evidence of another kind."""
    hit = dm.match_forms(t, f, marked) if dm.terms else None
    return hit[0] if hit is not None and not hit[1] else None


def _judge_kind(j: Judgement, kind: Kind, own_blocks: list[tuple[str, str, bool]], placeholder: Matcher) -> None:
    """Demote a page whose content is not of the section's kind (see :class:`Kind`). Text
    with tone marks is compared with them ("truyền thông" is not "truyền thống"); text
    without marks folded, where a short colliding word alone is only a hint (``weak``)."""
    if j.verdict not in GOOD and j.verdict != IMAGE:
        return
    dm = compile_terms(kind.decoys)
    t, f, marked = _hay(j) if kind.decoys or kind.terms else ("", "", False)
    decoy = _decoy(dm, t, f, marked)
    if decoy:  # "đang chờ trả lời" must not count as "trả lời"
        t, f = dm.remove_forms(t, f, marked)
    if kind.terms:
        cm = compile_terms(kind.terms)
        found = cm.match_forms(t, f, marked)
        if found is None or found[1]:
            if found is not None and j.verdict in GOOD:  # "song" written without marks: sông or sống?
                j.weak = found[0]
                j.verdict, j.reason = UNRELATED, bi(
                    "{}, chỉ có “{}” viết không dấu (có thể là từ khác), cần người xem",
                    "{}, only “{}” written without tone marks (may be another word): a person must read it",
                    j.reason, raw_match(j.text, found[0]) or found[0])
            elif decoy:
                j.verdict, j.reason = OTHER_KIND, bi(
                    "{}, nhưng chỉ có “{}”, không có từ nào cần tìm", "{}, but only “{}”, none of the expected words",
                    j.reason, raw_match(j.text, decoy) or decoy)
            elif j.verdict in GOOD:  # an image (a map, a chart) says little in words
                j.verdict, j.reason = UNRELATED, bi(
                    "{}, nhưng không có từ nào cần tìm ({}…)", "{}, but none of the expected words ({}…)",
                    j.reason, ", ".join(cm.terms.phrases[:4]))
            return
        if kind.per_part and j.verdict in GOOD:
            _judge_parts(j, cm, dm, own_blocks, placeholder)
    if kind.pattern and j.verdict in GOOD:
        j.kind = shows_kind(j, kind)
        if not j.kind:
            j.unmet = (j.verdict, j.reason)
            j.verdict, j.reason = (OTHER_KIND if decoy else UNRELATED), (
                bi("{}, nhưng chỉ có “{}”, không mục nào có dạng cần tìm", "{}, but only “{}”, no item of the expected form",
                   j.reason, raw_match(j.text, decoy) or decoy) if decoy else
                bi("{}, nhưng không mục nào có dạng cần tìm", "{}, but no item of the expected form", j.reason))


@lru_cache(maxsize=64)
def _pattern(rx: str) -> re.Pattern[str]:
    return re.compile(rx)


def shows_kind(j: Judgement, kind: Kind) -> str:
    """The first row, item link, file link or text block of a judged page that matches the
    kind's ``pattern`` and holds none of its decoy words, or ``""``."""
    if not kind.pattern:
        return ""
    rx, dm = _pattern(kind.pattern), compile_terms(kind.decoys)
    for cand in (*j.rows, *(lnk.label for lnk in j.items), *(lnk.label for lnk in j.documents), *j.blocks):
        m = rx.search(cand)
        if m and not _decoy(dm, *forms(cand)):
            return cand if len(cand) <= 160 else excerpt(cand, m.group(0))
    return ""


def _judge_parts(j: Judgement, cm: Matcher, dm: Matcher, own_blocks: list[tuple[str, str, bool]],
                 placeholder: Matcher) -> None:
    """Each item needs its own evidence: words of the kind found only in headings whose parts
    of the page (the text up to the next heading) are empty or "đang cập nhật" are no evidence."""
    n = len(own_blocks)
    empty_part = ""
    for i, (raw, f, head) in enumerate(own_blocks):
        t, f, marked = (tonal(raw) if has_marks(raw) else ""), f, has_marks(raw)
        if _decoy(dm, t, f, marked):
            t, f = dm.remove_forms(t, f, marked)
        found = cm.match_forms(t, f, marked)
        if found is None or found[1]:
            continue
        if not head:
            if not (placeholder.find(f) and len(f) < 120):
                return  # the words are in the content itself
            empty_part = empty_part or raw
            continue
        k = i + 1
        while k < n and own_blocks[k][2]:
            k += 1  # a heading split into several text nodes
        body = []
        while k < n and not own_blocks[k][2]:
            body.append(own_blocks[k][1])
            k += 1
        part = " ".join(body)
        ph = placeholder.find(part)
        if len(part) - (len(ph) if ph else 0) >= 40:
            return
        empty_part = empty_part or raw
    if empty_part:
        j.verdict, j.reason = PLACEHOLDER, bi(
            "phần “{}” chưa có nội dung (“đang cập nhật” hoặc trống)", "the part “{}” has no content of its own (placeholder or empty)",
            empty_part[:120])


def page_dates(j: Judgement) -> list[tuple[date, str]]:
    """Dates in a judged page's own content: its text blocks and <time datetime> values."""
    out = []
    for b in j.blocks:
        if any(c.isdigit() for c in b):
            for d, snip in extract_dates(b):
                out.append((d, b if len(b) <= 160 else snip))
    for t in j.times:
        try:
            dt = datetime.fromisoformat(t.strip().replace("Z", "+00:00"))
            out.append((dt.date(), t))
        except ValueError:
            for d, snip in extract_dates(t):
                out.append((d, snip))
    return out
