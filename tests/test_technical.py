"""Technical, identity and contact checks on constructed pages (no network)."""

from __future__ import annotations

from datetime import datetime

import checker.functions  # noqa: F401  (registers the check library)
from checker.functions._common import emails_in, labelled_fax, labelled_phone, phones_in
from checker.functions._people import name_at
from checker.functions.contact import officials_on
from checker.functions.english import is_english
from checker.functions.navigation import find_search_form, sitemap_links
from checker.functions.technical import legacy_text
from checker.registry import Context, run
from crawlers.snapshot import Page, Snapshot
from crawlers.text import fold

DEPT = "http://sxd.hoaan.gov.vn/"
FOOT = ("<footer>Địa chỉ: Số 12 Trần Hưng Đạo, TP Hòa An. Điện thoại: (0255) 3822 111 - Fax: 0255.3822.112 - "
        "Email: sxd@hoaan.gov.vn</footer>")


def _page(url: str, body: str, *, head: str = "", foot: str = FOOT, lang: str = "vi", declared: str | None = "utf-8") -> Page:
    html = f"<html lang='{lang}'><head><title>T</title>{head}</head><body><nav><a href='/'>Trang chủ</a></nav><main>{body}</main>{foot}</body></html>"
    return Page(url=url, status=200, text=html, content_type="text/html; charset=utf-8", encoding="utf-8",
                declared_encoding=declared)


def _ctx(pages: list[Page], level: str = "department", portal: dict | None = None, start: str = DEPT) -> Context:
    snap = Snapshot(start_url=start)
    for p in pages:
        snap.add(p)
    return Context(snapshot=snap, level=level, now=datetime(2026, 11, 22), portal=portal or {})


def _home(body: str = "<p>Trang chủ Sở Xây dựng</p>", **kw) -> Page:
    return _page(DEPT, body, **kw)


# -- domain ------------------------------------------------------------------------------------
def test_domain_forms_by_level():
    parent = {"parent_url": "https://hoaan.gov.vn/"}
    assert run(_ctx([_home()], portal=parent), {"domain": {}}).status == "pass"
    www = _page("http://www.sxd.hoaan.gov.vn/", "x")
    assert run(_ctx([www], portal=parent, start=www.url), {"domain": {}}).status == "pass"
    com = _page("http://sxdhoaan.com.vn/", "x")
    out = run(_ctx([com], portal=parent, start=com.url), {"domain": {}})
    assert out.status == "fail" and out.evidence[0].excerpt == "sxdhoaan.com.vn"
    level3 = _page("http://sxdhoaan.gov.vn/", "x")
    assert run(_ctx([level3], portal=parent, start=level3.url), {"domain": {}}).status == "review"
    prov = _page("http://hoaan.gov.vn/", "x")
    assert run(_ctx([prov], level="province", portal={"name": "UBND tỉnh Hòa An"}, start=prov.url), {"domain": {}}).status == "pass"
    assert run(_ctx([prov], level="province", portal={"name": "UBND tỉnh Quảng Ngãi"}, start=prov.url), {"domain": {}}).status == "review"


# -- encoding ----------------------------------------------------------------------------------
VI = ("Sở Xây dựng tỉnh Hòa An là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, có chức năng tham mưu, giúp Ủy ban "
      "quản lý nhà nước về xây dựng, kiến trúc, quy hoạch. Giám đốc Sở chịu trách nhiệm. © 2026 «Hòa An» 25°C Müller ")
TCVN3 = ("Thùc hiÖn kÕ ho¹ch cña UBND tØnh vÒ viÖc triÓn khai c¸c nhiÖm vô träng t©m, Së X©y dùng ®· tæ chøc "
         "kiÓm tra c«ng t¸c qu¶n lý chÊt l\u00adîng c«ng tr×nh x©y dùng trªn ®Þa bµn c¸c huyÖn. ")
VNI = ("Thöïc hieän keá hoaïch cuûa UBND tænh veà vieäc trieån khai caùc nhieäm vuï troïng taâm, Sôû Xaây döïng ñaõ "
       "toå chöùc kieåm tra coâng taùc quaûn lyù chaát löôïng coâng trình xaây döïng treân ñòa baøn caùc huyeän. ")


def test_legacy_detection_does_not_flag_unicode_vietnamese():
    assert legacy_text(VI * 30) == (None, "")
    kind, snip = legacy_text(VI * 5 + TCVN3)
    # the excerpt is the pasted legacy passage, not the page's Unicode text around it
    assert kind == "TCVN3" and "c«ng t¸c" in snip and snip in " ".join(TCVN3.split())
    assert legacy_text(VNI * 2)[0] == "VNI"


def test_encoding_verdicts():
    assert run(_ctx([_home(VI)]), {"encoding": {}}).status == "pass"
    out = run(_ctx([_home(VI), _page(DEPT + "a", TCVN3)]), {"encoding": {}})
    assert out.status == "fail" and out.evidence[0].url == DEPT + "a" and "c¸c" in out.evidence[0].excerpt
    assert run(_ctx([_home(VI, declared="cp1258")]), {"encoding": {}}).status == "fail"
    assert run(_ctx([_home(VI, declared=None)]), {"encoding": {}}).status == "review"


# -- metadata ----------------------------------------------------------------------------------
ART = ("<h1>Hội nghị tổng kết công tác quy hoạch năm 2026</h1><p>Ngày 15/11/2026</p><p>" + "Nội dung bài viết về quy hoạch. " * 30 + "</p>")
DC = ''.join(f'<meta name="{k}" content="v">' for k in ("DC.title", "dc.creator", "DCTERMS.created", "DC.description",
                                                         "DC.publisher", "DC.identifier"))


def test_metadata_dublin_core_full_partial_and_visible():
    assert run(_ctx([_home(), _page(DEPT + "tin/1", ART, head=DC)]), {"metadata": {}}).status == "pass"
    out = run(_ctx([_home(), _page(DEPT + "tin/1", ART, head='<meta name="DC.title" content="x">')]), {"metadata": {}})
    assert out.status == "fail" and "creator" in out.en and "publisher" in out.en
    visible = ART.replace("<p>Ngày", '<p class="sapo">Tóm tắt: hội nghị đánh giá công tác quy hoạch của năm và đề ra nhiệm vụ mới.</p><p>Tác giả: Minh Anh. Ngày')
    out = run(_ctx([_home(foot=FOOT + "<div class='footer'>Cơ quan chủ quản: Sở Xây dựng</div>"),
                    _page(DEPT + "tin/1", visible, head=f'<link rel="canonical" href="{DEPT}tin/1">')]), {"metadata": {}})
    assert out.status == "pass", out.en
    out = run(_ctx([_home(), _page(DEPT + "tin/1", visible)]), {"metadata": {}})
    assert out.status == "fail" and "identifier" in out.en  # no DC, no published identifier
    assert run(_ctx([_home()]), {"metadata": {}}).status == "review"  # no article to sample


# -- e-mail, phones, names ------------------------------------------------------------------------
def test_email_extraction_and_obfuscation():
    assert emails_in("Email: sxd[at]hoaan.gov.vn; vp(a)hoaan.gov.vn, tt (at) hoaan [dot] gov [dot] vn") == [
        "sxd@hoaan.gov.vn", "vp@hoaan.gov.vn", "tt@hoaan.gov.vn"]
    assert emails_in("logo@2x.png ABC@Yahoo.com.vn.") == ["abc@yahoo.com.vn"]


def test_official_email_verdicts():
    assert run(_ctx([_home()]), {"official_email": {}}).status == "pass"
    gmail = _home(foot=FOOT.replace("sxd@hoaan.gov.vn", "soxaydung@gmail.com"))
    out = run(_ctx([gmail]), {"official_email": {}})
    assert out.status == "fail" and out.evidence[0].extra["match"] == "soxaydung@gmail.com"
    # a citizen's webmail inside a Q&A article is not the agency's address: review, not fail
    qa = _page(DEPT + "hoi-dap/123", "<h1>Hỏi về cấp phép</h1><p>Người hỏi: Nguyễn Văn X (nguyenx@gmail.com)</p>", foot="")
    assert run(_ctx([_home(), qa]), {"official_email": {}}).status == "review"
    # a web developer's address in the footer is ignored; Cloudflare-protected addresses are decoded
    cf = "".join(f"{b ^ 0x42:02x}" for b in b"sxd@hoaan.gov.vn")
    vendor = _home(foot=f'<footer><a href="/cdn-cgi/l/email-protection#42{cf}">[email protected]</a> '
                        'Thiết kế bởi Công ty ABC: info@abc.com.vn</footer>')
    out = run(_ctx([vendor]), {"official_email": {}})
    assert out.status == "pass" and "sxd@hoaan.gov.vn" in out.en
    assert run(_ctx([_home(foot="<footer>Sở Xây dựng</footer>")]), {"official_email": {}}).status == "review"


def test_phones_and_labels():
    assert phones_in("ĐT: (0255) 3.822.111, DĐ 0912 345 678, ngày 01/01/1970") == ["(0255) 3.822.111", "0912 345 678"]
    assert labelled_phone(fold("Điện thoại/Fax: 0255 3822 111")) and labelled_fax(fold("Điện thoại/Fax: 0255 3822 111"))
    assert labelled_fax(fold("Số fax: 0255.3822.112")) and not labelled_fax(fold("Fax: đang cập nhật"))


def test_names():
    w = "Ông Trần Thị Bình Phó Giám đốc".split()
    assert name_at(w, 1) == 3 and name_at(w, 0) == 0
    assert name_at("thành phố Hồ Chí Minh".split(), 2) == 0
    assert name_at("NGUYỄN VĂN AN Giám".split(), 0) == 3


def test_contacts_all_four_and_missing():
    assert run(_ctx([_home()]), {"contacts": {}}).status == "pass"
    out = run(_ctx([_home(foot=FOOT.replace(" - Fax: 0255.3822.112", ""))]), {"contacts": {}})
    assert out.status == "fail" and out.en.endswith("fax") and "fax" in out.vi


def test_officials_cards_and_table():
    cards = ('<div class="card"><h3>Nguyễn Văn An</h3><p>Giám đốc Sở</p><p>ĐT: 0255 3822 101</p>'
             '<p>Email: <a href="mailto:annv@hoaan.gov.vn">annv@hoaan.gov.vn</a></p></div>'
             '<div class="card"><h3>Trần Thị Bình</h3><p>Phó Giám đốc</p><p>ĐT: 0255 3822 102</p></div>')
    people = officials_on(_page(DEPT + "lien-he", cards))
    assert {(o.name, o.complete) for o in people} == {("Nguyễn Văn An", True), ("Trần Thị Bình", False)}
    home = _home(foot=FOOT + "<a href='/danh-ba'>Danh bạ</a>")
    out = run(_ctx([home, _page(DEPT + "danh-ba", cards)]), {"officials": {}})
    assert out.status == "pass" and out.evidence[0].extra["match"] == "Nguyễn Văn An"


# -- english -----------------------------------------------------------------------------------
EN = ("Hoa An is a coastal province of Viet Nam. The Provincial People's Committee is the state administrative body "
      "of the province and is responsible for the economy, culture and society of the province.")


def test_is_english():
    assert is_english(_page("http://hoaan.gov.vn/en/", EN, lang="en"))
    assert not is_english(_page("http://hoaan.gov.vn/en/", VI * 3, lang="en"))


def test_english_pass_and_missing_contacts():
    home = _page("http://hoaan.gov.vn/", "<a href='/en/'>English</a><p>Tin tức</p>")
    en_home = _page("http://hoaan.gov.vn/en/", "<a href='/en/about'>About us</a><p>" + EN + "</p>", lang="en",
                    foot="<footer>Address: 1 Hung Vuong Street. Tel: +84 255 3822 001. Email: ubnd@hoaan.gov.vn</footer>")
    about = _page("http://hoaan.gov.vn/en/about", "<h1>Introduction</h1><p>" + EN + "</p>", lang="en", foot="")
    ctx = _ctx([home, en_home, about], level="province", start=home.url)
    assert run(ctx, {"english": {}}).status == "pass"
    en_home2 = _page("http://hoaan.gov.vn/en/", "<a href='/en/about'>About us</a><p>" + EN + "</p>", lang="en", foot="")
    out = run(_ctx([home, en_home2, about], level="province", start=home.url), {"english": {}})
    assert out.status == "fail" and "contacts" in out.en


# -- links and services ------------------------------------------------------------------------
def test_links_units_select_and_parent():
    opts = "".join(f'<option value="http://{u}.hoaan.gov.vn/">{u}</option>' for u in ("sxd", "stc", "syt", "sgd", "ducpho"))
    prov = _page("http://hoaan.gov.vn/", f"<select>{opts}</select>")
    assert run(_ctx([prov], level="province", start=prov.url), {"links_units": {}}).status == "pass"
    assert run(_ctx([prov], level="province", start=prov.url), {"links_units": {"min_units": 6}}).status == "fail"
    dept = _home(foot=FOOT + '<a href="https://www.hoaan.gov.vn/">UBND tỉnh</a>')
    assert run(_ctx([dept]), {"links_units": {}}).status == "pass"  # parent derived from the domain
    assert run(_ctx([_home()]), {"links_units": {}}).status == "fail"
    other = _page("http://sxdhoaan.com.vn/", "x")
    assert run(_ctx([other], start=other.url), {"links_units": {}}).status == "review"


def test_services_portal_link_hosts():
    for host, status in (("dichvucong.gov.vn", "pass"), ("dichvucong.hoaan.gov.vn", "pass"), ("dvc.hoaan.gov.vn", "pass"),
                         ("dichvucong.example.com", "review")):  # a named link whose page was not fetched
        home = _home(f'<a href="https://{host}/">Dịch vụ công</a>')
        assert run(_ctx([home]), {"services": {}}).status == status, host
    assert run(_ctx([_home()]), {"services": {}}).status == "fail"


# -- search and sitemap helpers ----------------------------------------------------------------
def test_search_form_detection():
    f = find_search_form(_home('<form action="/search" method="get"><input name="q"></form>'))
    assert f and f["param"] == "q" and f["action"] == DEPT + "search" and not f["js"]
    js = find_search_form(_home('<input type="text" id="txtSearch" onkeypress="doSearch(event)">'))
    assert js and js["js"]
    assert find_search_form(_home('<form action="/dang-nhap"><input name="username"></form>')) is None


def test_search_without_form_fails_and_js_search_is_review():
    assert run(_ctx([_home()]), {"search": {}}).status == "fail"
    js = _home('<input type="text" id="txtSearch" onkeypress="doSearch(event)">')
    assert run(_ctx([js]), {"search": {}}).status == "review"


def test_sitemap_links_use_the_content_container():
    links = "".join(f"<li><a href='/muc-{i}'>Mục {i}</a></li>" for i in range(10))
    page = _page(DEPT + "so-do-cong", f"<h1>Sơ đồ cổng</h1><div id='sitemap'><ul>{links}</ul></div>")
    assert len(sitemap_links(page)) == 10
    empty = _page(DEPT + "so-do-cong", "<h1>Sơ đồ cổng</h1>")
    assert sitemap_links(empty) == []


# -- metadata: article pages of table-layout portals, whatever the URL shape -------------------------
_MENU = "".join(f"<tr><td><a href='/{s}.asp'>{t}</a></td></tr>" for s, t in [
    ("gioithieu", "Giới thiệu chung về huyện"), ("tintuc", "Tin tức sự kiện"), ("vanban", "Văn bản chỉ đạo điều hành"),
    ("thutuc", "Thủ tục hành chính"), ("lienhe", "Liên hệ với chúng tôi"), ("hoidap", "Hỏi đáp trực tuyến"),
    ("quyhoach", "Quy hoạch kế hoạch phát triển"), ("duan", "Dự án đầu tư công"), ("thongke", "Số liệu thống kê"),
    ("lichct", "Lịch công tác của lãnh đạo huyện"), ("ykien", "Lấy ý kiến dự thảo văn bản"), ("dvc", "Dịch vụ công trực tuyến"),
    ("thidua", "Thi đua khen thưởng"), ("tiepdan", "Tiếp công dân và giải quyết khiếu nại")])


def _asp(url: str, content: str, head: str = "") -> Page:
    """A classic ASP portal: one layout table, menus in cells, no <nav>/<main>."""
    html = (f"<html><head><title>UBND huyện Hòa Lạc</title>{head}</head><body><table width='100%'><tr>"
            f"<td width='200'><table>{_MENU}</table></td><td>{content}</td><td width='180'><table>{_MENU}</table></td>"
            "</tr></table><div>UBND huyện Hòa Lạc - Điện thoại: 0255 3845 111</div></body></html>")
    return Page(url=url, status=200, text=html, content_type="text/html; charset=utf-8", encoding="utf-8",
                declared_encoding="utf-8")


_ASP_TITLES = ["Huyện Hòa Lạc ra quân làm thủy lợi nội đồng", "Khai giảng lớp bồi dưỡng nghiệp vụ công tác dân vận",
               "Tuyên dương học sinh giỏi cấp tỉnh năm học mới"]


_ASP_BODIES = ["Sáng 10/11, hơn hai nghìn cán bộ, đoàn viên và nhân dân các xã ra quân nạo vét kênh mương nội đồng, "
               "khơi thông dòng chảy phục vụ sản xuất vụ Đông Xuân; lãnh đạo huyện kiểm tra tại xã Lạc Sơn.",
               "Lớp học kéo dài ba ngày với năm chuyên đề về kỹ năng vận động quần chúng, nắm bắt tình hình dư luận "
               "và xây dựng mô hình dân vận khéo cho sáu mươi học viên là cán bộ cơ sở.",
               "Ba mươi hai học sinh đạt giải kỳ thi chọn học sinh giỏi cấp tỉnh được khen thưởng; Chủ tịch UBND huyện "
               "đề nghị ngành giáo dục tiếp tục đổi mới phương pháp dạy và học, chăm lo đội ngũ giáo viên."]


def _asp_ctx(shape: str, head: str) -> Context:
    urls = [DEPT + shape.format(1400 + i) for i in range(3)]
    listing = "<h2>Tin tức sự kiện</h2>" + "".join(f"<p><a href='{u}'>{t}</a> ({10 + i}/11/2026)</p>"
                                                   for i, (u, t) in enumerate(zip(urls, _ASP_TITLES, strict=True)))
    pages = [_asp(DEPT, "<b>Chào mừng đến Cổng thông tin điện tử huyện Hòa Lạc</b>"), _asp(DEPT + "tintuc.asp", listing)]
    for i, (u, t) in enumerate(zip(urls, _ASP_TITLES, strict=True)):
        pages.append(_asp(u, f"<h3>{t}</h3><i>Ngày {10 + i}/11/2026</i><p>{_ASP_BODIES[i]}</p><p>Thanh Bình</p>", head=head))
    return _ctx(pages, level="district")


def test_metadata_article_pages_of_table_layout_portals_any_url_shape():
    from checker.functions.articles import article_pages
    for shape in ("chitiet.asp?id={}", "tin-tuc/chi-tiet.asp?id={}", "ArticleDetail.aspx?ItemID={}", "?p={}", "node/{}",
                  "vi-vn/tin-tuc/{}"):
        ctx = _asp_ctx(shape, DC)
        assert len(article_pages(ctx)) == 3, shape
        assert run(_asp_ctx(shape, DC), {"metadata": {}}).status == "pass", shape
        out = run(_asp_ctx(shape, '<meta name="DC.title" content="x"><meta name="DC.date" content="2026-11-10">'),
                  {"metadata": {}})
        assert out.status == "fail" and "creator" in out.en, (shape, out.en)


def test_listing_page_is_not_taken_for_an_article():
    from checker.functions.articles import _listed_article
    ctx = _asp_ctx("chitiet.asp?id={}", DC)
    listing = ctx.snapshot.get(DEPT + "tintuc.asp")
    assert not _listed_article(ctx, listing, ctx.snapshot.home)
