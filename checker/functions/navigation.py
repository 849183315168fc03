"""Support functions of Art. 15: ``search`` (a site search that finds real content) and
``sitemap`` (a site map page whose links lead to the portal's sections).

Both are *functional* tests, as inspectors do them: the search form is submitted with
phrases taken from real article headlines and must list that content; the site map's links
are counted and a sample is followed. A form the tool cannot submit (POST, script-only) is
``review``, a results page that ignores the query or lists items without the phrase is
``review``; only results pages that clearly list nothing, for every probe, are a ``fail``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from checker.find import find_sections
from checker.functions._common import searched
from checker.functions._search_probe import BASELINE_QUERY, Probe, Reading, probe_phrases, read_results
from checker.functions.articles import article_title
from checker.registry import ERROR, FAIL, PASS, REVIEW, Count, Outcome, Phrases, Positive, check, outcome
from checker.results import Bi, Evidence, bi, fetch_failed
from checker.vocabulary import alternation_of, bundled_option, words
from crawlers.dom import first_content_box
from crawlers.snapshot import Link, Page
from crawlers.text import excerpt, fold


# -- search -----------------------------------------------------------------------------------
@lru_cache(maxsize=16)
def search_hint_re(input_words: tuple[str, ...] | None = None) -> re.Pattern[str]:
    """A search box's attributes: the search rule's ``input_words`` (default: the bundled rule
    file's; found anywhere, folded) or a bare parameter name (q, s, k, kw)."""
    phrases = input_words if input_words is not None else bundled_option("search", "input_words")
    return re.compile(alternation_of(tuple(phrases)) + r"|kw\b|^q$|^s$|^k$", re.I)


def _search_inputs(form) -> list:
    return [i for i in form.css("input") if (i.attributes.get("type") or "text").lower() in ("text", "search", "")]


def _looks_search(node, inp, hint: re.Pattern[str]) -> bool:
    attrs = " ".join(filter(None, [inp.attributes.get(k) for k in ("name", "id", "placeholder", "aria-label", "title", "class")]))
    form_attrs = " ".join(filter(None, [node.attributes.get(k) for k in ("action", "id", "class", "role", "name")])) if node else ""
    return bool(hint.search(fold(attrs)) or hint.search(attrs) or hint.search(fold(form_attrs))
                or (node is not None and (node.attributes.get("role") or "").lower() == "search"))


def find_search_form(page: Page, hint: re.Pattern[str] | None = None) -> dict | None:
    """The page's search form: {action, method, param, hidden, js, page} or None (``hint``:
    :func:`search_hint_re`)."""
    hint = hint or search_hint_re()
    tree = page.tree
    for form in tree.css("form"):
        for inp in _search_inputs(form):
            if not inp.attributes.get("name") or not _looks_search(form, inp, hint):
                continue
            hidden = {h.attributes.get("name"): h.attributes.get("value") or "" for h in form.css("input[type=hidden]")
                      if h.attributes.get("name") and not (h.attributes.get("name") or "").startswith("__")}
            action = (form.attributes.get("action") or "").strip()
            js = action.lower().startswith("javascript:") or bool(form.attributes.get("onsubmit") and not action)
            return {"action": urljoin(page.final_url, action) if not js else "", "method":
                    (form.attributes.get("method") or "get").lower(), "param": inp.attributes.get("name"),
                    "hidden": hidden, "js": js, "page": page, "aspnet": bool(form.css_first("input[name=__VIEWSTATE]"))}
    for inp in tree.css("input"):
        if (inp.attributes.get("type") or "text").lower() in ("text", "search") and _looks_search(None, inp, hint):
            return {"action": "", "method": "", "param": inp.attributes.get("name") or "", "hidden": {}, "js": True,
                    "page": page, "aspnet": False}
    return None


def _with_query(action: str, params: dict[str, str]) -> str:
    parts = urlsplit(action)
    query = (parts.query + "&" if parts.query else "") + urlencode(params)
    return urlunsplit(parts._replace(query=query, fragment=""))


def _confirm(snap, reading: Reading, phrase: str, verify: int) -> tuple[Link, Page] | None:
    """The first of up to ``verify`` result items whose page holds ``phrase`` (items not yet
    fetched are wanted: gathered for the next round)."""
    fp = f" {fold(phrase)} "
    for lnk in reading.items[:verify]:
        target = snap.get(lnk.url)
        if target is not None and target.ok and fp in f" {target.folded_main} ":
            return lnk, target
    return None


def _found(reading: Reading, probe: Probe, confirmed: tuple[Link, Page] | None) -> Outcome:
    word = probe.phrase
    res_ev = Evidence(reading.url, excerpt(reading.page.main_text if reading.page else "", word),
                      bi("kết quả tìm “{}”", "results for “{}”", word), {"match": word})
    if confirmed is None:
        lnk, text = reading.hits[0]
        item_ev = Evidence(lnk.url, excerpt(text, word), Bi("kết quả có chứa cụm từ", "a result that holds the phrase"),
                           {"match": word})
    else:
        lnk, target = confirmed
        item_ev = Evidence(target.final_url, excerpt(target.main_text, word),
                           Bi("trang kết quả có chứa cụm từ", "the result's page holds the phrase"), {"match": word})
    return outcome(PASS, f"Tìm kiếm “{word}” trả về kết quả đúng (ví dụ: {lnk.label})",
                   f"Searching “{word}” returns matching content (e.g. “{lnk.label}”)", [res_ev, item_ev])


def _reading_ev(r: Reading, probe: Probe) -> Evidence:
    word = probe.phrase
    if r.kind == "unfetched":
        return fetch_failed(r.url, r.page.error if r.page is not None else None)
    if r.kind == "http":
        status = r.page.status if r.page is not None else None
        return Evidence(r.url, "", bi("HTTP {} khi tìm “{}”", "HTTP {} searching “{}”", status, word))
    text = r.page.main_text if r.page is not None else ""
    note = {"none": bi("không có kết quả cho “{}”", "no results for “{}”", word),
            "unclear": bi("kết quả tìm “{}” không rõ", "unclear results for “{}”", word)}[r.kind]
    return Evidence(r.url, excerpt(text, r.said or None, 200), note, {"match": r.said} if r.said else {})


@check("search")
def search(ctx, *, stop_words: Phrases | None = None, no_results: Phrases | None = None, probes: Positive = 3,
           verify: Count = 3, input_words: Phrases | None = None, page_terms: Phrases | None = None,
           page_url_terms: Phrases | None = None) -> Outcome:
    """The portal has a search form that, given a phrase of 2–4 syllables from a real
    article's headline, lists that content. Up to ``probes`` phrases are searched (the
    first alone, the others together if it did not clearly succeed; see
    checker/functions/_search_probe.py for how they are chosen and read). ``fail`` only when
    every probe clearly found nothing (no result items, or a ``no_results`` message);
    results that do not show the phrase are confirmed by opening up to ``verify`` of them,
    else ``review``. ``stop_words`` are the function words a phrase never spans. The form is
    the home page's, else a search page's (``page_terms``, ``page_url_terms``); a search box
    is named by ``input_words`` (defaults: the bundled rule file's)."""
    snap = ctx.snapshot
    home = snap.home
    pages = [p for p in [home] if p is not None and p.ok]
    hint = search_hint_re(tuple(input_words) if input_words is not None else None)
    form = find_search_form(home, hint) if home is not None and home.ok else None
    if form is None:
        hits = find_sections(ctx, list(page_terms if page_terms is not None else bundled_option("search", "page_terms")),
                             url_terms=list(page_url_terms if page_url_terms is not None
                                            else bundled_option("search", "page_url_terms")), max_hits=2)
        for h in hits:
            if h.page is not None and h.page.ok:
                pages.append(h.page)
                form = find_search_form(h.page, hint)
                if form:
                    break
    if form is None:
        return outcome(FAIL, "Không tìm thấy chức năng tìm kiếm", "No search function found", searched(pages, Bi("ô tìm kiếm", "a search form")))
    fpage: Page = form["page"]
    form_ev = Evidence(fpage.final_url, form["param"], bi("ô tìm kiếm (trường “{}”)", "search form (field “{}”)", form["param"]))
    if form["js"] or not form["action"]:
        return outcome(REVIEW, "Ô tìm kiếm hoạt động bằng JavaScript; không tự kiểm tra được kết quả",
                       "The search box is driven by JavaScript; results could not be tested", [form_ev])
    if form["method"] == "post" or form["aspnet"]:
        return outcome(REVIEW, "Biểu mẫu tìm kiếm gửi bằng POST; không tự kiểm tra được kết quả",
                       "The search form submits by POST; results could not be tested", [form_ev])
    before = snap.misses
    chosen = probe_phrases(ctx, probes, list(stop_words or []))
    if snap.recording and snap.misses > before:  # the news items are being gathered: choose when they are in
        return outcome(ERROR, "Đang thu thập bài viết để chọn cụm từ tìm thử", "Gathering articles to choose probe phrases")
    if not chosen:
        return outcome(REVIEW, "Có ô tìm kiếm nhưng không có bài viết để chọn cụm từ tìm thử",
                       "A search form exists but no article was found to take a probe phrase from", [form_ev])

    def url_for(text: str) -> str:
        return _with_query(form["action"], {**form["hidden"], form["param"]: text})

    baseline = snap.get(url_for(BASELINE_QUERY), probe="search")
    said = list(no_results or [])
    readings: list[tuple[Probe, Reading]] = []
    for i, probe in enumerate(chosen):
        url = url_for(probe.phrase)
        res = snap.get(url, probe="search")
        if res is None:
            if i == 0:
                break  # the first probe alone; the others only if it does not clearly succeed
            continue
        reading = read_results(res, url, probe.phrase, form=form, baseline=baseline, no_results=said)
        if reading.kind == "hit":
            return _found(reading, probe, None)
        if reading.kind == "unclear" and not reading.same_as_baseline:
            confirmed = _confirm(snap, reading, probe.phrase, verify)
            if confirmed is not None:
                return _found(reading, probe, confirmed)
        readings.append((probe, reading))
    return _no_hit(chosen, readings, form_ev)


def _no_hit(chosen: list[Probe], readings: list[tuple[Probe, Reading]], form_ev: Evidence) -> Outcome:
    """No probe found its article: ``fail`` when every probe clearly found nothing,
    ``error`` when none could be fetched, else ``review``."""
    words = ", ".join(f"“{p.phrase}”" for p in chosen)
    src = [Evidence(p.source.final_url, article_title(p.source),
                    bi("cụm từ thử “{}” lấy từ bài viết này", "probe phrase “{}” taken from this article", p.phrase),
                    {"match": p.phrase}) for p, _ in readings]
    ev = [_reading_ev(r, p) for p, r in readings] + src + [form_ev]
    kinds = [r.kind for _, r in readings]
    if len(readings) == len(chosen) and all(k == "none" for k in kinds):
        return outcome(FAIL, f"Tìm kiếm {words} (có trong bài viết trên cổng) không trả về kết quả",
                       f"Searching {words}, which appear in articles on the portal, returns no results", ev)
    if not kinds or all(k == "unfetched" for k in kinds):
        return outcome(ERROR, "Không tải được trang kết quả tìm kiếm", "The search results page could not be fetched",
                       ev or [form_ev])
    if "http" in kinds:
        codes = sorted({str(r.page.status) for _, r in readings if r.kind == "http" and r.page is not None})
        return outcome(REVIEW, f"Trang kết quả tìm kiếm trả về HTTP {', '.join(codes)}; cần kiểm tra",
                       f"The search results page answered HTTP {', '.join(codes)}; check by hand", ev)
    if any(r.same_as_baseline for _, r in readings):
        return outcome(REVIEW, f"Trang kết quả tìm {words} giống hệt khi tìm một từ vô nghĩa: có thể tìm kiếm không chạy; cần kiểm tra",
                       f"The results for {words} are the same page as for a nonsense query: the search may ignore "
                       "the query; check by hand", ev)
    return outcome(REVIEW, f"Tìm kiếm {words} không cho kết quả rõ ràng (không xác nhận được nội dung); cần kiểm tra",
                   f"Searching {words} gives no clear result (no listed item could be confirmed to hold the phrase); "
                   "check by hand", ev)


# -- sitemap ----------------------------------------------------------------------------------
_CONTAINER = re.compile(r"sitemap|site-map|so-?do|sodo|tree", re.I)
_JS_TREE = re.compile(r"jstree|treeview|fancytree|dynatree|\.ajax\(|fetch\(|XMLHttpRequest", re.I)


def sitemap_links(page: Page) -> list[tuple[str, str]]:
    """(url, text) of the links in the site map's content container (template removed)."""
    tree = LexborHTMLParser(page.text or "<html></html>")
    best, count = None, 0
    for n in tree.css("[id], [class]"):
        key = f"{n.attributes.get('id') or ''} {n.attributes.get('class') or ''}"
        if _CONTAINER.search(key) and n.tag not in ("body", "html", "a", "li"):
            c = len(n.css("a[href]"))
            if c > count:
                best, count = n, c
    if best is None:
        for tag in ("script", "style", "nav", "header", "footer", "aside"):
            for n in tree.css(tag):
                n.decompose()
        best = first_content_box(tree) or tree.body
    out, seen = [], set()
    for a in (best.css("a[href]") if best is not None else []):
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(page.final_url, href).split("#")[0]
        if url not in seen and url.rstrip("/") != page.final_url.rstrip("/"):
            seen.add(url)
            out.append((url, " ".join(a.text(separator=" ").split())))
    return out


@check("sitemap")
def sitemap(ctx, *, min_links: Count = 8, sample: Count = 5) -> Outcome:
    """A site-map page ("Sơ đồ cổng/trang/website", "Sitemap"; sitemap.xml alone does not
    count; the rule file's ``vocabulary``: ``sitemap_pages``) listing at least ``min_links``
    internal links, of which a sample of ``sample`` resolves."""
    hits = [h for h in find_sections(ctx, list(words(ctx, "sitemap_pages")), url_terms=list(words(ctx, "sitemap_page_urls")),
                                     max_hits=4)
            if not urlsplit(h.url).path.lower().endswith((".xml", ".xml.gz"))]
    home = ctx.snapshot.home
    if not hits:
        return outcome(FAIL, "Không có trang sơ đồ cổng/trang (sitemap)", "No site map page (“Sơ đồ cổng/trang”, “Sitemap”)",
                       searched([p for p in [home] if p is not None], Bi("liên kết tới sơ đồ cổng", "a site map link")))
    hit = hits[0]
    link_ev = Evidence(hit.source.final_url if hit.source is not None else hit.url, hit.label, bi("liên kết sơ đồ cổng → {}", "site map link → {}", hit.url),
                       {"match": hit.label})
    page = hit.page
    if page is None or page.status is None:
        return outcome(ERROR, "Không tải được trang sơ đồ", "The site map page could not be fetched", [link_ev])
    if page.status in (404, 410):
        return outcome(FAIL, f"Liên kết sơ đồ cổng dẫn tới trang lỗi HTTP {page.status}",
                       f"The site map link leads to HTTP {page.status}", [Evidence(hit.url, "", Bi(f"HTTP {page.status}", f"HTTP {page.status}")), link_ev])
    if not page.ok:
        return outcome(REVIEW, f"Trang sơ đồ trả về HTTP {page.status}; cần kiểm tra",
                       f"The site map page answered HTTP {page.status}; check by hand", [link_ev])
    links = sitemap_links(page)
    internal = [(u, t) for u, t in links if ctx.snapshot.is_internal(u)]
    page_ev = Evidence(page.final_url, " · ".join(t for _, t in internal[:8]) or excerpt(page.main_text, None, 160),
                       bi("{} liên kết nội bộ trong sơ đồ", "{} internal links in the site map", len(internal)))
    if len(internal) < min_links:
        if not internal and _JS_TREE.search(page.text or "") and not page.rendered:
            return outcome(REVIEW, "Sơ đồ cổng có thể được dựng bằng JavaScript; cần kiểm tra",
                           "The site map seems to be built by JavaScript; check by hand", [page_ev, link_ev])
        return outcome(FAIL, f"Trang sơ đồ chỉ có {len(internal)} liên kết tới các mục của cổng (cần ít nhất {min_links})",
                       f"The site map page lists only {len(internal)} links to the portal's sections (at least {min_links} expected)",
                       [page_ev, link_ev])
    step = max(1, len(internal) // sample)
    picked = internal[::step][:sample]
    ok, broken, errors = [], [], []
    for u, t in picked:
        p = ctx.snapshot.get(u)
        if p is None or p.status is None:
            errors.append((u, t))
        elif p.status >= 400:
            broken.append((u, t, p.status))
        else:
            ok.append((u, t))
    if broken and len(broken) * 2 >= len(picked):
        return outcome(FAIL, f"{len(broken)}/{len(picked)} liên kết thử trong sơ đồ bị lỗi",
                       f"{len(broken)} of {len(picked)} sampled site map links are broken",
                       [Evidence(u, t, Bi(f"HTTP {s}", f"HTTP {s}")) for u, t, s in broken[:5]] + [page_ev])
    if not ok:
        return outcome(ERROR, "Không tải được các liên kết trong sơ đồ", "The site map's links could not be fetched",
                       [page_ev] + [Evidence(u, t, Bi("không tải được", "fetch failed")) for u, t in errors[:3]])
    return outcome(PASS, f"Sơ đồ cổng có {len(internal)} liên kết tới các mục; {len(ok)}/{len(picked)} liên kết thử hoạt động",
                   f"Site map lists {len(internal)} section links; {len(ok)} of {len(picked)} sampled links work",
                   [page_ev, link_ev] + [Evidence(u, t, Bi("liên kết thử hoạt động", "sampled link works")) for u, t in ok[:3]])
