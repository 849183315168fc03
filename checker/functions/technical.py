"""Identity checks of the portal itself: ``domain`` (Art. 6: served under .gov.vn in its
level's form) and ``encoding`` (Art. 7, TCVN 6909: Unicode UTF-8, no TCVN3/VNI text).

The other technical checks live beside it: ``metadata`` (:mod:`.metadata`), ``english``
(:mod:`.english`), ``links_units`` and ``services`` (:mod:`.links`). Each function decides
from what it can show (a host name, a page and an excerpt, a link) and says ``review`` when
the evidence is suggestive but not decisive.
"""

from __future__ import annotations

import re

import checker.page_facts  # noqa: F401  (registers the page fact legacy_text)
from checker.registry import ERROR, FAIL, PASS, REVIEW, Count, Outcome, check, outcome
from checker.results import Bi, Evidence, bi
from crawlers.legacy import legacy_text  # noqa: F401  (importable from here, as before)
from crawlers.text import fold
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
    note = (bi("tên máy chủ (chuyển hướng từ {})", "host name (redirected from {})", start_host) if moved
            else Bi("tên máy chủ", "host name"))
    ev = [Evidence(url, host, note, {"match": host})]
    if not host.endswith(".gov.vn"):
        return outcome(FAIL, f"Cổng không dùng tên miền .gov.vn: {host}",
                       f"The portal is not served under .gov.vn: {host}{moved}", ev)
    labels = host[: -len(".gov.vn")].split(".")
    parent = bare_host((province_domain or host_of(str(ctx.portal.get("parent_url") or ""))).lower())
    if snap.scope.component:
        return _component_domain(snap.scope.label(host), host, parent, url)
    if ctx.at_top:  # the provincial portal: the regime's first level
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


def _component_domain(where: str, host: str, parent: str, url: str) -> Outcome:
    """A component site (a folder of another portal's host, crawlers/scope.py) has no domain
    of its own: it is served under its host's, which must be the province's (or under it)."""
    ev = [Evidence(url, where, bi("trang thành phần tại {}", "component site at {}", where), {"match": host})]
    if parent and host != parent and not host.endswith("." + parent):
        return outcome(REVIEW, f"Trang thành phần {where} không nằm dưới tên miền của tỉnh {parent}",
                       f"Component site {where} is not under the province's domain {parent}", ev)
    return outcome(PASS, f"Trang thành phần {where} dùng tên miền {host} của cổng chủ quản",
                   f"Component site {where} is served under its portal's domain {host}", ev)


# -- encoding (Art. 7; TCVN 6909:2001) ---------------------------------------------------------
# The detector is crawlers/legacy.py (the crawler uses it too); its per-page result is the
# page fact ``legacy_text`` (checker/page_facts.py).
_LEGACY_FONT = re.compile(r"\.vn[a-z]*time|\.vnarial|vni[\s-]?(?:times|helve|top)|\.vnhelvet", re.I)


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
            note = (bi("văn bản mã cũ {} (phông {})", "{} legacy-encoded text (font {})", kind, font.group(0)) if font
                    else bi("văn bản mã cũ {}", "{} legacy-encoded text", kind))
            legacy.append(Evidence(page.final_url, snip, note, {"encoding": kind}))
            continue
        if page.declared_encoding and not _is_utf8(page.declared_encoding):
            wrong.append(Evidence(page.final_url, f"charset={page.declared_encoding}",
                                  bi("khai báo {}, không phải UTF-8", "declares {}, not UTF-8", page.declared_encoding), {"match": page.declared_encoding}))
        elif not page.declared_encoding and not page.rendered:  # a browser DOM carries no charset
            undeclared.append(Evidence(page.final_url, page.headers.get("content-type", "") if page.headers else "",
                                       bi("không khai báo bảng mã (đã giải mã theo {})", "no charset declared (decoded as {})",
                                          page.encoding)))
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
                             bi("đã kiểm tra {} trang", "{} pages checked", n), {"pages": n})])
