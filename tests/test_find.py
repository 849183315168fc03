"""Unit tests of checker.find/content/dates/terms on constructed pages: finding sections, judging content, dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from checker.content import judge, judge_content, page_dates
from checker.dates import extract_dates
from checker.find import find_sections
from checker.registry import Context
from checker.terms import raw_match
from crawlers.snapshot import Page, Snapshot

NOW = datetime.fromisoformat("2026-11-22T09:00:00+07:00")
SIDEBAR = '<div class="box-right"><h3>Văn bản mới</h3><a href="/vb/1">Quyết định 12/QĐ-UBND ngày 01/02/2025 về việc ban hành quy chế</a></div>'


def html(menu: str, main: str, title: str = "Sở Xây dựng") -> str:
    return (f"<html><head><title>{title}</title></head><body><div id='header'>Thứ Hai, 22/11/2026</div>"
            f"{menu}<div class='wrap'><div class='noidung'>{main}</div>{SIDEBAR}</div>"
            "<div id='footer'>Địa chỉ: 12 Lê Lợi</div></body></html>")


def portal(pages: dict[str, str], menu: str) -> Context:
    snap = Snapshot(start_url="http://x.gov.vn/")
    for path, main in pages.items():
        status = 404 if main is None else 200
        snap.add(Page(url="http://x.gov.vn" + path, status=status, text=html(menu, main or "")))
    return Context(snapshot=snap, level="department", now=NOW)


FILLER = "<p>Sở Xây dựng là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, tham mưu quản lý nhà nước về xây dựng, quy hoạch, nhà ở và thị trường bất động sản trên địa bàn.</p>" * 2


def test_menu_in_div_menu_unaccented_upper_case_found_and_ranked_first():
    menu = '<div class="menu"><a href="/Pages/CoCauToChuc.aspx">CO CAU TO CHUC</a><a href="/tin-tuc">Tin tức</a></div>'
    ctx = portal({"/": "<p>Chào mừng</p>", "/Pages/CoCauToChuc.aspx": "<h1>Cơ cấu tổ chức</h1>" + FILLER,
                  "/tin-tuc": "<p>Tin</p>"}, menu)
    hits = find_sections(ctx, ["cơ cấu tổ chức"])
    assert hits and hits[0].where == "nav" and hits[0].url.endswith("CoCauToChuc.aspx")
    assert hits[0].matched == "co cau to chuc" and hits[0].page is not None


def test_camelcase_url_slug_found_without_link_text():
    menu = '<div class="menu"><a href="/Pages/LichCongTac.aspx">Lịch</a></div>'
    ctx = portal({"/": "<p>x</p>", "/Pages/LichCongTac.aspx": FILLER}, menu)
    hits = find_sections(ctx, ["lịch công tác"], url_terms=["lich cong tac"])
    assert [h.where for h in hits] == ["url"]


def test_headline_mentioning_keyword_is_not_a_section():
    body = '<a href="/tin/1">Sở Xây dựng tổ chức hội nghị tổng kết công tác thi đua khen thưởng năm 2026 và phát động thi đua</a>'
    ctx = portal({"/": body, "/tin/1": FILLER}, "<nav></nav>")
    assert find_sections(ctx, ["thi đua khen thưởng", "khen thưởng"]) == []


def test_exclude_terms_skip_visitor_counter():
    menu = '<nav><a href="/thong-ke-truy-cap">Thống kê truy cập</a></nav>'
    ctx = portal({"/": "<p>x</p>", "/thong-ke-truy-cap": FILLER}, menu)
    assert find_sections(ctx, ["thống kê"], exclude=["truy cập"]) == []
    assert find_sections(ctx, ["thống kê"])  # without the exclusion it would be a candidate


def test_query_string_url_found_by_link_text():
    menu = '<div class="moduletable_menu"><a href="/index.php?option=com_content&view=article&id=12">Hỏi đáp</a></div>'
    ctx = portal({"/": "<p>x</p>", "/index.php?option=com_content&view=article&id=12": FILLER}, menu)
    hits = find_sections(ctx, ["hỏi đáp"])
    assert hits[0].url.endswith("id=12") and hits[0].where == "nav"


@pytest.mark.parametrize("main,verdict", [
    ("<h1>Lịch công tác</h1><p>Nội dung đang được cập nhật...</p>", "placeholder"),
    ("<h1>Cơ cấu tổ chức</h1>", "empty"),
    ("<h1>Chức năng</h1><p>Sở có chức năng tham mưu giúp UBND tỉnh quản lý nhà nước về quy hoạch xây dựng, kiến trúc, hoạt động đầu tư xây dựng, phát triển đô thị, hạ tầng kỹ thuật, nhà ở, công sở và vật liệu xây dựng; thực hiện các dịch vụ công theo quy định.</p>", "substantive"),
    ("<h1>Văn bản</h1>" + "".join(f'<a href="/vb/{i}">Quyết định số {i}/QĐ-UBND về quản lý</a>' for i in range(4)), "listing"),
    ("<h1>Sơ đồ</h1><img src='/img/so-do.jpg' width='900' height='600'>", "image"),
    ("<h1>Lỗi</h1><p>Không tìm thấy trang bạn yêu cầu.</p>", "missing"),
])
def test_judge_verdicts_in_portal_context(main, verdict):
    ctx = portal({"/": "<p>Chào mừng</p>", "/a": FILLER, "/b": FILLER + "<p>khác</p>", "/t": main}, "<nav></nav>")
    j = judge(ctx, ctx.snapshot.get("http://x.gov.vn/t"))
    assert j.verdict == verdict, j.reason


def test_template_sidebar_does_not_make_an_empty_page_substantive():
    # The sidebar box has no layout class; only comparing with other pages reveals it as template.
    ctx = portal({"/": "<p>Chào mừng</p>", "/a": FILLER, "/b": FILLER + "<p>x</p>", "/t": "<h1>Dự thảo</h1>"}, "<nav></nav>")
    page = ctx.snapshot.get("http://x.gov.vn/t")
    assert judge(ctx, page, min_items=1).verdict == "empty"


def test_judge_content_http_errors_and_files():
    assert judge_content(Page(url="http://x/", status=404))[0] == "missing"
    assert judge_content(Page(url="http://x/", status=503))[0] == "error"
    assert judge_content(Page(url="http://x/", status=None, error="timeout"))[0] == "error"
    assert judge_content(Page(url="http://x/a.pdf", status=200, content_type="application/pdf"))[0] == "document"
    assert judge_content(None)[0] == "error"


def test_content_terms_make_off_topic_page_unrelated():
    page = Page(url="http://x/t", status=200, text=html("", "<h1>Tổng quan</h1>" + FILLER))
    assert judge_content(page, content_terms=["khí hậu", "diện tích"])[0] == "unrelated"
    assert judge_content(page, content_terms=["quy hoạch"])[0] == "substantive"


def test_404_page_is_missing_not_a_section():
    ctx = portal({"/": "<p>x</p>", "/hoi-dap": None}, '<nav><a href="/hoi-dap">Hỏi đáp</a></nav>')
    hits = find_sections(ctx, ["hỏi đáp"])
    assert judge(ctx, hits[0].page).verdict == "missing"


@pytest.mark.parametrize("text,expected", [
    ("Cập nhật: 16/11/2026 08:30", date(2026, 11, 16)),
    ("Ngày đăng 05-11-2026", date(2026, 11, 5)),
    ("Ngày 5.11.2026", date(2026, 11, 5)),
    ("Thứ Hai, 16/11/2026", date(2026, 11, 16)),
    ("Hòa An, ngày 5 tháng 11 năm 2026", date(2026, 11, 5)),
    ("NGÀY 05 THÁNG 11 NĂM 2026", date(2026, 11, 5)),
    ("published 2026-11-05", date(2026, 11, 5)),
])
def test_extract_dates_formats(text, expected):
    assert expected in [d for d, _ in extract_dates(text)]


def test_extract_dates_rejects_impossible_and_document_numbers():
    assert extract_dates("31/02/2026") == []
    assert extract_dates("Quyết định số 12/2026/QĐ-UBND") == []


def test_page_dates_reads_time_datetime():
    page = Page(url="http://x/t", status=200, text=html("", '<article><time datetime="2026-11-20T08:00:00+07:00">hôm qua</time></article>'))
    from checker.content import _judge
    j = _judge(None, page, 1, 1, None)
    assert date(2026, 11, 20) in [d for d, _ in page_dates(j)]
    # the header clock (template) is not the content's date
    assert date(2026, 11, 22) not in [d for d, _ in page_dates(j)]


def test_raw_match_returns_original_spelling():
    assert raw_match("Mục LỊCH CÔNG TÁC tuần", "lich cong tac") == "LỊCH CÔNG TÁC"
    assert raw_match("abc", "xyz") == ""


# -- tone-aware finding and the language of the evidence (issue 13) ------------------------------
def _site(pages: dict[str, tuple[str, str]], menu: str, lang: str = "vi") -> Context:
    """Pages as {path: (title, main html)}."""
    snap = Snapshot(start_url="http://x.gov.vn/")
    for path, (title, main) in pages.items():
        text = html(menu, main, title).replace("<html>", f'<html lang="{"en" if path.startswith("/en") else lang}">')
        snap.add(Page(url="http://x.gov.vn" + path, status=200, text=text))
    return Context(snapshot=snap, level="department", now=NOW)


HISTORY = ["lịch sử", "truyền thống", "quá trình hình thành"]


def test_communications_menu_is_not_the_history_section():
    menu = '<nav><a href="/bao-chi">Báo chí - Xuất bản - Truyền thông</a></nav>'
    ctx = _site({"/": ("Sở Thông tin và Truyền thông", "<p>x</p>"),
                 "/bao-chi": ("Báo chí - Xuất bản - Truyền thông | Sở Thông tin và Truyền thông", FILLER)}, menu)
    assert find_sections(ctx, HISTORY, url_terms=["lich su", "truyen thong"]) == []


def test_tradition_menu_is_the_history_section():
    menu = '<nav><a href="/lich-su">Truyền thống</a></nav>'
    ctx = _site({"/": ("Sở Thông tin và Truyền thông", "<p>x</p>"), "/lich-su": ("Truyền thống", FILLER)}, menu)
    assert [h.where for h in find_sections(ctx, HISTORY)] == ["nav"]


@pytest.mark.parametrize(("heading", "found"), [("Truyền thống", True), ("Truyền thông", False)])
def test_unaccented_colliding_label_needs_the_pages_own_heading(heading, found):
    menu = '<nav><a href="/p1">TRUYEN THONG</a></nav>'
    ctx = _site({"/": ("Sở", "<p>x</p>"), "/p1": ("Trang thông tin", f"<h2>{heading}</h2>" + FILLER)}, menu)
    hits = find_sections(ctx, ["truyền thống"], url_terms=[])
    assert [(h.where, h.weak) for h in hits] == ([("nav", True)] if found else [])


def test_english_sub_site_is_not_a_vietnamese_section_but_an_english_label_may_be():
    en = "<h2>Projects calling for investment</h2><p>" + "The province is calling for investors in the following projects of the period. " * 5 + "</p>"
    menu = '<nav><a href="/web/english/projects">Projects</a></nav>'
    ctx = _site({"/": ("Tỉnh", "<p>x</p>"), "/web/english/projects": ("Projects", en)}, menu)
    assert find_sections(ctx, ["dự án", "projects"], url_terms=["du an", "projects"]) == []
    menu = '<nav><a href="/du-an">Projects</a></nav>'
    ctx = _site({"/": ("Tỉnh", "<p>x</p>"), "/du-an": ("Dự án đầu tư", "<h1>Dự án</h1>" + FILLER)}, menu)
    assert [h.url for h in find_sections(ctx, ["dự án", "projects"])] == ["http://x.gov.vn/du-an"]



def test_a_page_is_found_by_its_first_title_segment_or_h1_that_names_the_section():
    # /a: the title's first segment is a headline (too many words), its h1 names it; /b: its
    # title does; every page shares the site name, one distinct name the index reads once
    long_title = "Lịch công tác tuần này của lãnh đạo Sở và các phòng chuyên môn - Sở Xây dựng"
    snap = Snapshot(start_url="http://x.gov.vn/")
    for path, title, main in [("/", "Sở Xây dựng", "<p>Chào mừng</p>"),
                              ("/a", long_title, "<h1>Lịch công tác</h1>" + FILLER),
                              ("/b", "Lịch công tác - Sở Xây dựng", FILLER),
                              ("/c", "Tin tức - Sở Xây dựng", "<h1>Tin tức</h1>" + FILLER)]:
        snap.add(Page(url="http://x.gov.vn" + path, status=200, text=html("<nav></nav>", main, title=title)))
    ctx = Context(snapshot=snap, level="department", now=NOW)
    hits = find_sections(ctx, ["lịch công tác"])
    assert [(h.url, h.where, h.extra_words) for h in hits] == [("http://x.gov.vn/a", "heading", 0),
                                                               ("http://x.gov.vn/b", "title", 0)]
    assert [h.url for h in find_sections(ctx, ["sở xây dựng"])] == ["http://x.gov.vn/a", "http://x.gov.vn/b",
                                                                    "http://x.gov.vn/c"]
