"""Support functions of Art. 15: ``search`` (a site search that finds real content) and
``sitemap`` (a site map page whose links lead to the portal's sections).

Both are *functional* tests, as inspectors do them: the search form is submitted with a
word taken from a real article title and must list that content; the site map's links are
counted and a sample is followed. A form the tool cannot submit (POST, script-only) is
``review``, a results page that ignores the query is ``review``; only a 200 results page
that lists nothing is a ``fail``.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from checker.find import find_sections
from checker.functions._common import searched
from checker.functions.articles import article_pages, article_title
from checker.registry import ERROR, FAIL, PASS, REVIEW, Count, Outcome, check, outcome
from checker.results import Bi, Evidence, bi, fetch_failed
from crawlers.dom import first_content_box
from crawlers.snapshot import FOOTER, HEADER, NAV, Link, Page
from crawlers.text import excerpt, fold

# -- search -----------------------------------------------------------------------------------
_SEARCH_HINT = re.compile(r"search|tim ?kiem|timkiem|tu khoa|tukhoa|keyword|query|kw\b|^q$|^s$|^k$|txtsearch|tk", re.I)
_NO_RESULT = re.compile(r"khong tim thay|khong co ket qua|chua co ket qua|0 ket qua|no results?|nothing found|not found|"
                        r"khong co du lieu|khong co bai viet")
_STOP = frozenset(fold(w) for w in """và của các cho với trong những được này một đến từ theo về tại trên năm ngày tháng
là có không đã sẽ người khi đồng chí tỉnh huyện thành phố sở ban hội nghị công tác""".split())


def _search_inputs(form) -> list:
    return [i for i in form.css("input") if (i.attributes.get("type") or "text").lower() in ("text", "search", "")]


def _looks_search(node, inp) -> bool:
    attrs = " ".join(filter(None, [inp.attributes.get(k) for k in ("name", "id", "placeholder", "aria-label", "title", "class")]))
    form_attrs = " ".join(filter(None, [node.attributes.get(k) for k in ("action", "id", "class", "role", "name")])) if node else ""
    return bool(_SEARCH_HINT.search(fold(attrs)) or _SEARCH_HINT.search(attrs) or _SEARCH_HINT.search(fold(form_attrs))
                or (node is not None and (node.attributes.get("role") or "").lower() == "search"))


def find_search_form(page: Page) -> dict | None:
    """The page's search form: {action, method, param, hidden, js, page} or None."""
    tree = page.tree
    for form in tree.css("form"):
        for inp in _search_inputs(form):
            if not inp.attributes.get("name") or not _looks_search(form, inp):
                continue
            hidden = {h.attributes.get("name"): h.attributes.get("value") or "" for h in form.css("input[type=hidden]")
                      if h.attributes.get("name") and not (h.attributes.get("name") or "").startswith("__")}
            action = (form.attributes.get("action") or "").strip()
            js = action.lower().startswith("javascript:") or bool(form.attributes.get("onsubmit") and not action)
            return {"action": urljoin(page.final_url, action) if not js else "", "method":
                    (form.attributes.get("method") or "get").lower(), "param": inp.attributes.get("name"),
                    "hidden": hidden, "js": js, "page": page, "aspnet": bool(form.css_first("input[name=__VIEWSTATE]"))}
    for inp in tree.css("input"):
        if (inp.attributes.get("type") or "text").lower() in ("text", "search") and _looks_search(None, inp):
            return {"action": "", "method": "", "param": inp.attributes.get("name") or "", "hidden": {}, "js": True,
                    "page": page, "aspnet": False}
    return None


def _probe_word(ctx) -> tuple[str, Page] | None:
    """A distinctive word from a real article title (and the article it came from)."""
    for p in article_pages(ctx, 10):
        title = article_title(p)
        words = [w.strip(".,:;!?\"'()[]“”–-") for w in title.split()]
        cands = [w for w in words if len(w) >= 4 and w.isalpha() and fold(w) not in _STOP]
        if cands:
            word = max(cands, key=len)
            if fold(word) in p.folded_main:
                return word, p
    return None


def _with_query(action: str, params: dict[str, str]) -> str:
    parts = urlsplit(action)
    query = (parts.query + "&" if parts.query else "") + urlencode(params)
    return urlunsplit(parts._replace(query=query, fragment=""))


def _result_links(res: Page, form_page: Page, search_url: str) -> list:
    template = {lnk.url for lnk in form_page.links if lnk.region in (NAV, HEADER, FOOTER)}
    home = form_page.final_url.rstrip("/")
    out = []
    for lnk in res.links:
        if lnk.region in (NAV, HEADER, FOOTER) or lnk.url in template or lnk.url.rstrip("/") in (home, search_url.split("?")[0].rstrip("/")):
            continue
        if urlsplit(lnk.url).path.rstrip("/") == urlsplit(search_url).path.rstrip("/"):
            continue  # pager of the results
        out.append(lnk)
    return out


@check("search")
def search(ctx, *, verify: Count = 3) -> Outcome:
    """The portal has a search form that, given a word from a real article title, lists
    pages containing it (up to ``verify`` results are opened to confirm)."""
    snap = ctx.snapshot
    home = snap.home
    pages = [p for p in [home] if p is not None and p.ok]
    form = find_search_form(home) if home is not None and home.ok else None
    if form is None:
        hits = find_sections(ctx, ["tìm kiếm", "tìm kiếm nâng cao", "search"], url_terms=["tim kiem", "timkiem", "search"],
                             max_hits=2)
        for h in hits:
            if h.page is not None and h.page.ok:
                pages.append(h.page)
                form = find_search_form(h.page)
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
    probe = _probe_word(ctx)
    if probe is None:
        return outcome(REVIEW, "Có ô tìm kiếm nhưng không có bài viết để chọn từ khóa thử",
                       "A search form exists but no article was found to take a probe word from", [form_ev])
    word, source = probe
    url = _with_query(form["action"], {**form["hidden"], form["param"]: word})
    res = snap.get(url, probe="search")
    src_ev = Evidence(source.final_url, article_title(source), bi("từ khóa thử “{}” lấy từ bài viết này", "probe word “{}” taken from this article", word),
                      {"match": word})
    if res is None or res.status is None:
        return outcome(ERROR, "Không tải được trang kết quả tìm kiếm", "The search results page could not be fetched",
                       [fetch_failed(url, res.error if res is not None else None)])
    if not res.ok:
        return outcome(REVIEW, f"Trang kết quả tìm kiếm trả về HTTP {res.status}; cần kiểm tra",
                       f"The search results page answered HTTP {res.status}; check by hand",
                       [Evidence(url, "", Bi(f"HTTP {res.status}", f"HTTP {res.status}")), form_ev, src_ev])
    if res.folded_main == fpage.folded_main:
        return outcome(REVIEW, "Trang kết quả giống hệt trang gốc: có thể tìm kiếm chạy bằng JavaScript",
                       "The results page equals the form's page: the search probably runs in JavaScript", [form_ev])
    links = _result_links(res, fpage, url)
    fw = fold(word)
    confirmed: list[tuple[Link, Page]] = []
    for lnk in links:
        if fw in fold(lnk.label) or len(confirmed) < verify:
            target = snap.get(lnk.url)
            if target is not None and target.ok and fw in target.folded_main:
                confirmed.append((lnk, target))
                if len(confirmed) >= 1:
                    break
    if confirmed:
        lnk, target = confirmed[0]
        return outcome(PASS, f"Tìm kiếm “{word}” trả về kết quả đúng (ví dụ: {lnk.label})",
                       f"Searching “{word}” returns matching content (e.g. “{lnk.label}”)",
                       [Evidence(url, excerpt(res.main_text, word), bi("kết quả tìm “{}”", "results for “{}”", word), {"match": word}),
                        Evidence(target.final_url, excerpt(target.main_text, word), Bi("kết quả có chứa từ khóa", "result contains the word"),
                                 {"match": word})])
    ev = [Evidence(url, excerpt(res.main_text, None, 200), bi("trang kết quả tìm “{}”", "results page for “{}”", word)), src_ev, form_ev]
    none_said = _NO_RESULT.search(res.folded_main)
    if not links or none_said:
        return outcome(FAIL, f"Tìm kiếm “{word}” (có trong bài viết trên cổng) không trả về kết quả",
                       f"Searching “{word}”, which appears in an article on the portal, returns no results", ev)
    return outcome(REVIEW, f"Tìm kiếm “{word}” có trả về liên kết nhưng không xác nhận được nội dung; cần kiểm tra",
                   f"Searching “{word}” lists links but none could be confirmed to contain it; check by hand", ev)


# -- sitemap ----------------------------------------------------------------------------------
SITEMAP_TERMS = ["sơ đồ cổng", "sơ đồ trang", "sơ đồ website", "sơ đồ web", "sơ đồ site", "sơ đồ trang web",
                 "sơ đồ cổng thông tin", "site map", "sitemap", "bản đồ website", "bản đồ site", "bản đồ trang"]
SITEMAP_URL_TERMS = ["so do trang", "so do website", "so do cong", "so do web", "so do site", "sitemap", "site map",
                     "sodotrang", "sodoweb", "sodocong", "sodosite"]
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
    count) listing at least ``min_links`` internal links, of which a sample of ``sample``
    resolves."""
    hits = [h for h in find_sections(ctx, SITEMAP_TERMS, url_terms=SITEMAP_URL_TERMS, max_hits=4)
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
