"""Links to other portals: ``links_units`` (Art. 16: a province links to its departments'
and districts' portals, they link to the province's) and ``services`` (Chapter III: a link to
the public-service portal, or a services section listing services with their level).

Both read one index of the first link (or ``<select>`` option) to each host, host names
compared without ``www.`` (:func:`crawlers.urls.bare_host`). Links inside the portal are not
in it: for a component site (a path of another host, crawlers/scope.py) a link to its host's
other paths — the provincial portal — leaves the portal like a link to another host.
"""

from __future__ import annotations

import re

from checker.content import DECOY, GOOD, judge
from checker.find import find_sections
from checker.functions._common import (
    home_or_start,
    searched,
)
from checker.page_facts import option_links  # noqa: F401  (registers the page fact; importable from here)
from checker.registry import FAIL, PASS, REVIEW, Count, Outcome, check, outcome
from checker.results import Bi, Evidence, bi
from checker.vocabulary import word_re, words
from crawlers.scope import PortalScope
from crawlers.text import excerpt, fold
from crawlers.urls import bare_host, host_of, same_host


# -- links_units (Art. 16) --------------------------------------------------------------------
def _link_index(ctx) -> dict[str, list[tuple[str, str, str]]]:
    """host -> [(url, label, source page)] of the first link or <select> option URL (in page
    order) to that host and out of the portal, once. (Only the first is read; keeping one
    per host rather than one per link bounds the index on large portals.)"""
    def compute() -> dict[str, list[tuple[str, str, str]]]:
        snap = ctx.snapshot
        idx: dict[str, list[tuple[str, str, str]]] = {}
        seen: set[str] = set()  # link URLs already looked at (menus repeat on every page)
        for page in snap.html_pages():
            for lnk in page.links:
                if lnk.url in seen:
                    continue
                seen.add(lnk.url)
                h = bare_host(host_of(lnk.url))
                if h and h not in idx and not snap.is_internal(lnk.url):
                    idx[h] = [(lnk.url, lnk.label, page.final_url)]
            for url, label in page.fact("option_links"):
                h = bare_host(host_of(url))
                if h and h not in idx and not snap.is_internal(url):
                    idx[h] = [(url, label, page.final_url)]
        return idx
    return ctx.memo(("technical.links",), compute)


def _parent_domain(ctx) -> str | None:
    parent = bare_host(host_of(str(ctx.portal.get("parent_url") or "")))
    if parent:
        return parent
    own = bare_host(ctx.snapshot.host)
    if ctx.snapshot.scope.component:  # a component site's parent is the portal of its host
        return own
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
    if ctx.at_top:  # the provincial portal: the regime's first level
        units = {h: v[0] for h, v in idx.items() if h.endswith("." + own) and h != own}
        # The registry may name the province's department/district portals ("children"):
        # linking to every one of them under the province's domain is then the criterion.
        kids = [u for u in (ctx.portal.get("children") or []) if isinstance(u, str)]
        children = {bare_host(host_of(u)) for u in kids}
        children = {h for h in children if h.endswith("." + own)}
        # component sites of this host (paths of it): linked when a link leads into their folder
        components = {PortalScope.of(u, "prefix").label(own): u for u in kids if bare_host(host_of(u)) == own}
        units.update(_component_links(ctx, components))
        children |= set(components)
        ev = [Evidence(src, label or url, _link_to(h), {"match": label} if label else {}) for h, (url, label, src) in
              list(units.items())[:10]]
        missing = sorted(h for h in children if h not in units)
        if len(units) >= min_units or (children and not missing):
            return outcome(PASS, f"Có liên kết tới {len(units)} cổng của sở, ngành, huyện",
                           f"Links to {len(units)} department/district portals under {own}", ev)
        gov = {h: v[0] for h, v in idx.items() if h.endswith(".gov.vn") and h != own and not h.endswith("." + own)}
        if units and missing:
            return outcome(FAIL, f"Thiếu liên kết tới cổng của đơn vị trực thuộc: {', '.join(missing[:8])}",
                           f"No link to these subordinate portals: {', '.join(missing[:8])}",
                           ev + searched([p for p in [ctx.snapshot.home] if p], _SUBORDINATE))
        if units:  # a real province has far more than min_units departments and districts
            return outcome(FAIL, f"Chỉ có liên kết tới {len(units)} cổng đơn vị trực thuộc (cần ít nhất {min_units})",
                           f"Links to only {len(units)} subordinate portals (at least {min_units} expected)",
                           ev + searched([p for p in [ctx.snapshot.home] if p], _SUBORDINATE))
        if len(gov) >= min_units:
            return outcome(REVIEW, f"Có liên kết tới {len(gov)} cổng .gov.vn nhưng không thuộc tên miền {own}; cần kiểm tra",
                           f"Links to {len(gov)} .gov.vn portals, none under {own}; check whether they are its units",
                           [Evidence(src, label or url, _link_to(h)) for h, (url, label, src) in list(gov.items())[:8]])
        return outcome(FAIL, "Không có liên kết tới cổng thông tin của các sở, ngành, huyện",
                       "No links to the portals of its departments and districts",
                       searched([p for p in [ctx.snapshot.home] if p], _SUBORDINATE))
    parent = _parent_domain(ctx)
    if parent:
        hits = idx.get(parent, [])
        if hits:
            url, label, src = hits[0]
            return outcome(PASS, f"Có liên kết tới cổng thông tin của tỉnh ({parent})",
                           f"Links to the provincial portal ({parent})",
                           [Evidence(src, label or url, _link_to(url), {"match": label} if label else {})])
        return outcome(FAIL, f"Không có liên kết tới cổng thông tin điện tử của tỉnh ({parent})",
                       f"No link to the provincial portal ({parent})",
                       searched([p for p in [ctx.snapshot.home] if p], bi("liên kết tới {}", "a link to {}", parent)))
    prov = [(h, v[0]) for h, v in idx.items() if h.endswith(".gov.vn") and len(h.split(".")) == 3
            and re.search(r"\b(tinh|ubnd|cong thong tin)\b", fold(v[0][1]))]
    if prov:
        h, (url, label, src) = prov[0]
        return outcome(REVIEW, f"Không rõ cổng tỉnh; có liên kết “{label}” tới {h}", f"Provincial portal unknown; found “{label}” → {h}",
                       [Evidence(src, label, _link_to(url))])
    return outcome(REVIEW, "Không xác định được cổng thông tin của tỉnh (tên miền không thuộc .gov.vn và không có parent_url)",
                   "Cannot tell which provincial portal to look for (no parent_url and not a .gov.vn sub-domain)",
                   [Evidence(home_url, own, Bi("tên miền", "domain"))])


def _component_links(ctx, components: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    """label -> (url, label, source page) of the first link into each component site's
    folder (``components``: label -> the component's start URL) on the portal's pages."""
    if not components:
        return {}
    scopes = {lab: PortalScope.of(u, "prefix") for lab, u in components.items()}
    found: dict[str, tuple[str, str, str]] = {}
    for page in ctx.snapshot.html_pages():
        for lnk in page.links:
            if not same_host(host_of(lnk.url), ctx.snapshot.host):
                continue
            for lab, sc in scopes.items():
                if lab not in found and sc.in_prefix(lnk.url):
                    found[lab] = (lnk.url, lnk.label, page.final_url)
        if len(found) == len(scopes):
            break
    return found


def _link_to(where: str) -> Bi:
    return bi("liên kết tới {}", "link to {}", where)


_SUBORDINATE = Bi("liên kết tới cổng của các đơn vị trực thuộc", "links to subordinate portals")


# -- services (Chapter III) -------------------------------------------------------------------
_DVC_HOST = re.compile(r"^(?:[\w-]+\.)*dichvucong\.gov\.vn$|^(?:dichvucong|dvc|dvctt|dvcqg|motcua|mot-cua|hcc|hanhchinhcong|"
                       r"dichvucongtructuyen|dvctructuyen|egov|congdichvucong|thutuc)[\w-]*\.(?:[\w-]+\.)*gov\.vn$")


@check("services")
def services(ctx, *, min_services: Count = 3) -> Outcome:
    """A link to the national (dichvucong.gov.vn) or provincial service portal, or a
    "Dịch vụ công trực tuyến" section listing services with their level (Mức độ 2/3/4,
    toàn trình, một phần): the rule file's ``vocabulary`` (``service_pages``, ``service_levels``)."""
    idx = _link_index(ctx)
    own = bare_host(ctx.snapshot.host)
    portals = [(h, v[0]) for h, v in idx.items() if _DVC_HOST.match(h) and h != own]
    if portals:
        ev = [Evidence(src, label or url, bi("liên kết tới cổng dịch vụ công {}", "link to the public-service portal {}", h), {"match": label} if label else {})
              for h, (url, label, src) in portals[:4]]
        return outcome(PASS, f"Có liên kết tới cổng dịch vụ công: {', '.join(h for h, _ in portals[:3])}",
                       f"Links to the public-service portal: {', '.join(h for h, _ in portals[:3])}", ev)
    hits = find_sections(ctx, list(words(ctx, "service_pages")), url_terms=list(words(ctx, "service_page_urls")), max_hits=5)
    level_re = word_re(ctx, "service_levels")
    rejected, unsure = [], []
    for hit in hits:
        if hit.document or hit.page is None:
            unsure.append(Evidence(hit.url, hit.label, Bi("tệp hoặc trang chưa được tải", "file or page not fetched")))
            continue
        j = judge(ctx, hit.page, min_items=min_services)
        levels = {m.group(1) for m in level_re.finditer(j.folded)}
        m = level_re.search(j.folded)
        if j.verdict in GOOD and m is not None:  # (m is the first of the levels)
            return outcome(PASS, f"Mục “{hit.label}” liệt kê dịch vụ công trực tuyến kèm mức độ",
                           f"Section “{hit.label}” lists online services with their level ({', '.join(sorted(levels))})",
                           [Evidence(hit.url, excerpt(j.text, m.group(1)), bi("mục dịch vụ công: {}", "services section: {}", j.reason),
                                     {"match": m.group(1)})])
        if j.verdict in DECOY or j.verdict == "thin":  # too little text to list any service
            rejected.append(Evidence(hit.url, hit.label, bi("không được chấp nhận: {}", "rejected: {}", j.reason)))
        elif j.verdict in GOOD:
            rejected.append(Evidence(hit.url, excerpt(j.text, None, 160), bi("không nêu mức độ dịch vụ ({})", "no service levels stated ({})", j.reason)))
        else:
            unsure.append(Evidence(hit.url, hit.label, bi("không tự đánh giá được: {}", "cannot judge: {}", j.reason)))
    if unsure and not rejected:
        return outcome(REVIEW, "Có mục dịch vụ công nhưng không tự đánh giá được; cần kiểm tra",
                       "A public-services section exists but could not be judged; check by hand", unsure[:5])
    ev = rejected[:5] + searched([p for p in [ctx.snapshot.home] if p], Bi("liên kết tới cổng dịch vụ công và mục dịch vụ công",
                                                                    "public-service portal links and a services section"))
    if rejected:
        return outcome(FAIL, "Mục dịch vụ công không liệt kê dịch vụ kèm mức độ và không liên kết tới cổng dịch vụ công",
                       "The services section lists no services with levels and there is no link to a service portal", ev)
    return outcome(FAIL, "Không có liên kết tới cổng dịch vụ công và không có mục dịch vụ công trực tuyến",
                   "No link to a public-service portal and no online-services section", ev)
