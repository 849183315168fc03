"""Unit tests of the ``section`` and ``fresh_date`` check functions on constructed portals."""

from __future__ import annotations

from datetime import datetime

import checker.functions  # noqa: F401  (registers the check library)
from checker.registry import Context, run
from checker.rules import RuleFileError
from crawlers.snapshot import Page, Snapshot

NOW = datetime.fromisoformat("2026-11-22T09:00:00+07:00")
MENU = ('<nav><a href="/">Trang chủ</a><a href="/gioi-thieu">Giới thiệu</a><a href="/tin-tuc">Tin tức</a>'
        '<a href="/lich-cong-tac">Lịch công tác</a><a href="/hoi-dap">Hỏi đáp</a></nav>')
ABOUT = ("<h1>Giới thiệu</h1><p>Sở Xây dựng là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, tham mưu quản lý "
         "nhà nước về quy hoạch, kiến trúc, đầu tư xây dựng, phát triển đô thị, nhà ở và vật liệu xây dựng.</p>")


def page(main: str) -> str:
    return (f"<html><head><title>Sở Xây dựng</title></head><body><header>Chủ nhật, 22/11/2026</header>{MENU}"
            f"<main>{main}</main><footer>Địa chỉ: 12 Lê Lợi, Hòa An</footer></body></html>")


def news(dates: list[str]) -> str:
    return "<h1>Tin tức</h1>" + "".join(
        f'<div><a href="/tin/{i}">Hội nghị triển khai nhiệm vụ trọng tâm số {i} của ngành xây dựng</a> <i>{d}</i></div>'
        for i, d in enumerate(dates))


def ctx_for(pages: dict[str, str | None]) -> Context:
    snap = Snapshot(start_url="http://x.gov.vn/")
    for path, main in {"/": "<p>Chào mừng đến với cổng thông tin điện tử của Sở</p>", "/gioi-thieu": ABOUT, **pages}.items():
        snap.add(Page(url="http://x.gov.vn" + path, status=404 if main is None else 200, text=page(main or "")))
    return Context(snapshot=snap, level="department", now=NOW)


def test_section_pass_has_link_and_target_evidence():
    ctx = ctx_for({"/tin-tuc": news(["20/11/2026", "18/11/2026", "10/11/2026"])})
    out = run(ctx, {"section": {"terms": ["tin tức"]}})
    assert out.status == "pass"
    urls = [e.url for e in out.evidence]
    assert "http://x.gov.vn/tin-tuc" in urls and "http://x.gov.vn/" in urls
    assert any(e.extra.get("match") == "Tin tức" for e in out.evidence)


def test_section_fail_lists_searched_pages_and_rejected_decoy():
    ctx = ctx_for({"/hoi-dap": "<h1>Hỏi đáp</h1><p>Đang cập nhật</p>"})
    out = run(ctx, {"section": {"terms": ["hỏi đáp"]}})
    assert out.status == "fail"
    notes = [e.note for e in out.evidence]
    assert any(n.startswith("searched") for n in notes) and any(n.startswith("rejected: placeholder") for n in notes)
    assert any(e.notes["vi"].startswith("không được chấp nhận: trang “đang cập nhật”") for e in out.evidence)


def test_section_fail_when_nothing_found():
    out = run(ctx_for({}), {"section": {"terms": ["khen thưởng"]}})
    assert out.status == "fail" and out.evidence[0].note.startswith("searched menus, links, URLs and titles")
    assert out.evidence[0].notes["vi"].startswith("đã tìm trong menu") and out.evidence[0].excerpt == "khen thưởng"


def test_section_review_when_target_cannot_be_fetched():
    ctx = ctx_for({"/hoi-dap": "<p>x</p>"})
    ctx.snapshot.pages["http://x.gov.vn/hoi-dap"] = Page(url="http://x.gov.vn/hoi-dap", status=None, error="ReadTimeout")
    out = run(ctx, {"section": {"terms": ["hỏi đáp"]}})
    assert out.status == "review"


def test_section_accepts_documents_only_when_asked():
    ctx = ctx_for({"/tin-tuc": '<h1>Tin tức</h1><a href="/files/thong-ke-2026.pdf">Số liệu thống kê</a>'})
    assert run(ctx, {"section": {"terms": ["số liệu thống kê"]}}).status == "review"
    assert run(ctx, {"section": {"terms": ["số liệu thống kê"], "accept_documents": True}}).status == "pass"


def test_fresh_date_pass_fail_review():
    fresh = ctx_for({"/tin-tuc": news(["20/11/2026", "02/10/2026"])})
    assert run(fresh, {"fresh_date": {"terms": ["tin tức"]}}).status == "pass"
    stale = ctx_for({"/tin-tuc": news(["20/08/2026", "02/08/2026"])})
    out = run(stale, {"fresh_date": {"terms": ["tin tức"], "max_age_days": 30}})
    assert out.status == "fail" and "20/08/2026" in out.en
    undated = ctx_for({"/tin-tuc": news(["", ""])})
    assert run(undated, {"fresh_date": {"terms": ["tin tức"]}}).status == "review"
    unfetched = ctx_for({})  # the menu links to /lich-cong-tac but it could not be fetched
    assert run(unfetched, {"fresh_date": {"terms": ["lịch công tác"]}}).status == "review"
    gone = ctx_for({"/lich-cong-tac": None})  # HTTP 404
    assert run(gone, {"fresh_date": {"terms": ["lịch công tác"]}}).status == "fail"


def test_fresh_date_ignores_header_clock_and_far_future_dates():
    # Only the header shows today's date; the content has an announcement dated next year.
    ctx = ctx_for({"/tin-tuc": news(["15/08/2026"]) + "<p>Hội nghị sẽ diễn ra ngày 15/03/2027.</p>"})
    out = run(ctx, {"fresh_date": {"terms": ["tin tức"], "max_age_days": 30}})
    assert out.status == "fail" and "15/08/2026" in out.en


def test_schedule_window_option():
    sched = "<h1>Lịch công tác tuần</h1><p>Thứ Hai, 02/11/2026: Giám đốc họp giao ban. Thứ Ba, 03/11/2026: kiểm tra công trình.</p>"
    ctx = ctx_for({"/lich-cong-tac": sched})
    assert run(ctx, {"fresh_date": {"terms": ["lịch công tác"], "max_age_days": 14}}).status == "fail"
    assert run(ctx, {"fresh_date": {"terms": ["lịch công tác"], "max_age_days": 30}}).status == "pass"


def test_option_validation_at_load_time(tmp_path):
    from checker.rules import load_rules
    bad = tmp_path / "r.yaml"
    bad.write_text("schema: d43.rules/1\nrules:\n- id: x.y\n  title: {vi: a}\n  legal: {document: d, text: {vi: t}}\n"
                   "  levels: [province]\n  severity: minor\n  check: {section: {terms: []}}\n", encoding="utf-8")
    try:
        load_rules(bad)
    except RuleFileError as exc:
        assert "terms" in str(exc) and exc.line
    else:
        raise AssertionError("an empty phrase list must be rejected")


def test_require_documents_rejects_listing_without_downloads():
    rows = "".join(f"<tr><td>{i}/2026/QĐ-UBND</td><td>0{i}/06/2026</td><td>Quy định quản lý trật tự đô thị số {i}</td></tr>" for i in range(1, 4))
    table = f"<h1>Văn bản</h1><table><tr><th>Số</th><th>Ngày</th><th>Trích yếu</th></tr>{rows}</table>"
    bare = ctx_for({"/tin-tuc": table})
    opts = {"terms": ["tin tức"], "require_documents": True}
    assert run(bare, {"section": {"terms": ["tin tức"]}}).status == "pass"  # unlinked rows are items
    out = run(bare, {"section": opts})
    assert out.status == "fail" and any("no downloadable file" in e.note for e in out.evidence)
    with_files = ctx_for({"/tin-tuc": table + '<a href="/DownloadFile.ashx?id=7">Tải về</a>'})
    assert run(with_files, {"section": opts}).status == "pass"


def test_decoy_terms_pending_answers_are_not_answers():
    pending = "<h1>Hỏi đáp</h1>" + "".join(
        f"<div><p>Câu hỏi: Thủ tục cấp phép xây dựng nhà ở riêng lẻ số {i} mất bao lâu?</p><p>Trạng thái: Đang chờ trả lời</p></div>" for i in range(3))
    opts = {"terms": ["hỏi đáp"], "content_terms": ["trả lời"], "decoy_terms": ["đang chờ trả lời"]}
    assert run(ctx_for({"/hoi-dap": pending}), {"section": opts}).status == "fail"
    answered = pending.replace("Đang chờ trả lời", "Đã có câu trả lời. Trả lời: không quá 15 ngày")
    assert run(ctx_for({"/hoi-dap": answered}), {"section": opts}).status == "pass"


# -- content judged by kind (issue 13 item 2) --------------------------------------------------------
NUMBER = r"\b\d{1,5}/(?:\d{4}/)?[A-ZĐ]{1,8}\d{0,2}(?:-[A-ZĐ0-9]+)*"


def test_item_pattern_rejects_drafts_and_accepts_issued_documents():
    drafts = ("<h1>Văn bản</h1><p>Dự thảo Quyết định sửa đổi Quyết định số 12/2020/QĐ-UBND về quản lý trật tự xây dựng. "
              'Thời gian lấy ý kiến đến 10/12/2026. <a href="/files/du-thao.pdf">Toàn văn dự thảo</a></p>')
    opts = {"terms": ["văn bản"], "item_pattern": NUMBER, "decoy_terms": ["dự thảo", "lấy ý kiến"], "accept_documents": True}
    out = run(ctx_for({"/tin-tuc": drafts}), {"section": opts})
    # the only number is inside a draft's title: a draft is not an issued document
    assert out.status == "fail" and "of another kind" in out.en and "Dự thảo" in out.en
    issued = ('<h1>Văn bản</h1><table><tr><td>12/2026/QĐ-UBND</td><td>05/11/2026</td><td>Quy định quản lý trật tự xây dựng</td>'
              '<td><a href="/files/qd-12.pdf">Tải về</a></td></tr></table>')
    out = run(ctx_for({"/tin-tuc": issued}), {"section": opts})
    assert out.status == "pass" and any(e.excerpt.startswith("12/2026/QĐ-UBND") for e in out.evidence)
    # without any number and without decoy words a person must look
    plain = "<h1>Văn bản</h1>" + "".join(f"<p>Quy định quản lý trật tự xây dựng đô thị phần {i} của tỉnh</p>" for i in range(5))
    assert run(ctx_for({"/tin-tuc": plain}), {"section": opts}).status == "review"


def test_decoy_terms_name_content_of_another_kind():
    budget = ("<h1>Kế hoạch tài chính</h1><ul><li>Dự toán thu, chi ngân sách năm 2027 của Văn phòng Sở</li>"
              "<li>Kế hoạch mua sắm tài sản, trang thiết bị làm việc năm 2027</li><li>Công khai số liệu thực hiện dự toán quý III</li></ul>")
    opts = {"terms": ["kế hoạch"], "content_terms": ["quy hoạch", "kế hoạch", "chiến lược"],
            "decoy_terms": ["kế hoạch tài chính", "kế hoạch mua sắm", "dự toán"]}
    out = run(ctx_for({"/tin-tuc": budget}), {"section": opts})
    assert out.status == "fail" and "of another kind" in out.en
    assert out.vi.endswith("nội dung thuộc loại khác (http://x.gov.vn/tin-tuc)")
    plan = budget.replace("Dự toán thu, chi ngân sách", "Kế hoạch phát triển kinh tế - xã hội 5 năm 2026-2030")
    assert run(ctx_for({"/tin-tuc": plan}), {"section": opts}).status == "pass"


def test_per_part_heading_over_placeholder_is_no_evidence():
    env = ("<h1>Môi trường</h1><h3>Danh mục nguồn thải</h3><table><tr><td>1</td><td>Nhà máy xi măng Tân Lập</td><td>Bụi, khí thải</td></tr>"
           "<tr><td>2</td><td>Bệnh viện đa khoa tỉnh Hòa An</td><td>Chất thải y tế nguy hại</td></tr></table>"
           "<h3>Khu vực bị ô nhiễm môi trường nghiêm trọng</h3><p><em>Nội dung đang được cập nhật.</em></p>")
    opts = {"terms": ["tin tức"], "content_terms": ["khu vực bị ô nhiễm"], "per_part": True}
    out = run(ctx_for({"/tin-tuc": env}), {"section": opts})
    assert out.status == "fail" and "Khu vực bị ô nhiễm môi trường nghiêm trọng" in out.en
    assert run(ctx_for({"/tin-tuc": env}), {"section": {**opts, "per_part": False}}).status == "pass"
    filled = env.replace("<p><em>Nội dung đang được cập nhật.</em></p>",
                         "<p>Bãi rác cũ thị trấn (tổ 5): ô nhiễm nước rỉ rác, đang lập dự án cải tạo.</p>")
    assert run(ctx_for({"/tin-tuc": filled}), {"section": opts}).status == "pass"
    sources = {"terms": ["tin tức"], "content_terms": ["nguồn thải"], "per_part": True}
    assert run(ctx_for({"/tin-tuc": env}), {"section": sources}).status == "pass"


def test_no_results_page_is_an_empty_section():
    out = run(ctx_for({"/tin-tuc": "<h1>Chỉ đạo - Điều hành</h1><p>Không có kết quả nào được tìm thấy.</p>"}),
              {"section": {"terms": ["tin tức"]}})
    assert out.status == "fail" and "Không có kết quả nào" in out.en


def test_image_link_is_named_by_its_file_not_empty_quotes():
    snap = Snapshot(start_url="http://x.gov.vn/")
    home = page('<a href="/lich-cong-tac"><img src="/images/banner/lich_ct.png" alt=""></a><p>Chào mừng đến với cổng</p>')
    snap.add(Page(url="http://x.gov.vn/", status=200, text=home.replace('<a href="/lich-cong-tac">Lịch công tác</a>', "")))
    snap.add(Page(url="http://x.gov.vn/lich-cong-tac", status=200,
                  text=page(news(["20/11/2026", "18/11/2026"])).replace('<a href="/lich-cong-tac">Lịch công tác</a>', "")))
    ctx = Context(snapshot=snap, level="department", now=NOW)
    out = run(ctx, {"section": {"terms": ["lịch công tác"], "url_terms": ["lich cong tac"]}})
    assert out.status == "pass" and "“”" not in out.en and "lich_ct.png" in out.en


# -- content words compared with their tone marks (issue 13 item 1) ----------------------------------
def test_content_terms_are_compared_with_tone_marks():
    # "truyền thông" (communications) folds to "truyền thống" (tradition): not the same word
    comms = ("<h1>Giới thiệu</h1><p>Sở Thông tin và Truyền thông tham mưu về báo chí, xuất bản, bưu chính, viễn thông, "
             "công nghệ thông tin, phát thanh, truyền hình và hạ tầng thông tin truyền thông của tỉnh Hòa An.</p>")
    opts = {"terms": ["tin tức"], "content_terms": ["truyền thống", "lịch sử"], "without_content": "fail"}
    out = run(ctx_for({"/tin-tuc": comms}), {"section": opts})
    assert out.status == "fail" and "none of the expected words" in out.evidence[1].note
    history = comms.replace("tham mưu", "có truyền thống hơn 60 năm, tham mưu")
    assert run(ctx_for({"/tin-tuc": history}), {"section": opts}).status == "pass"


def test_a_colliding_word_in_text_without_marks_is_a_hint_for_a_person():
    unmarked = ("<h1>Gioi thieu</h1><p>So Thong tin va Truyen thong tham muu ve bao chi, xuat ban, buu chinh, vien thong, "
                "cong nghe thong tin, phat thanh, truyen hinh va ha tang thong tin truyen thong cua tinh Hoa An.</p>")
    opts = {"terms": ["tin tức"], "content_terms": ["truyền thống"], "without_content": "fail"}
    out = run(ctx_for({"/tin-tuc": unmarked}), {"section": opts})
    assert out.status == "review" and "without tone marks" in out.en
    # a longer phrase that collides with nothing is enough, marks or not
    longer = unmarked.replace("tham muu", "co truyen thong ve vang hon 60 nam, tham muu")
    assert run(ctx_for({"/tin-tuc": longer}), {"section": {**opts, "content_terms": ["truyền thống vẻ vang"]}}).status == "pass"


def test_decoy_terms_are_compared_with_tone_marks():
    # a plan named with marks is not the budget decoy "dự toán" because it says "dự toàn"... nor
    # is a decoy phrase written with other marks: only the words themselves decide
    page_ = ("<h1>Quy hoạch</h1><ul><li>Quy hoạch tỉnh Hòa An thời kỳ 2021-2030, tầm nhìn đến năm 2050</li>"
             "<li>Truyền thông về quy hoạch tỉnh đến người dân và doanh nghiệp</li></ul>")
    opts = {"terms": ["tin tức"], "content_terms": ["quy hoạch tỉnh"], "decoy_terms": ["truyền thống"]}
    assert run(ctx_for({"/tin-tuc": page_}), {"section": opts}).status == "pass"
    decoy = page_.replace("Quy hoạch tỉnh Hòa An thời kỳ 2021-2030, tầm nhìn đến năm 2050", "Truyền thống ngành kế hoạch")
    opts2 = {"terms": ["tin tức"], "content_terms": ["chiến lược"], "decoy_terms": ["truyền thống"]}
    out = run(ctx_for({"/tin-tuc": decoy}), {"section": opts2})
    assert out.status == "fail" and "Truyền thống" in out.en
    assert run(ctx_for({"/tin-tuc": page_}), {"section": opts2}).status == "review"  # "Truyền thông" is no decoy


# -- freshness from articles, not from listing chrome (issue 13 item 3) --------------------------------
def listing(n: int, dated: bool) -> str:
    """A news listing: chrome dated today (a date bar and a "Cập nhật lúc" line) around n headlines."""
    items = "".join(f'<div class="item"><a href="/tin/{i}">Hội nghị triển khai nhiệm vụ trọng tâm số {i} của ngành xây dựng</a>'
                    + (f" <i>({10 + i:02d}/03/2026)</i>" if dated else "") + "</div>" for i in range(n))
    return ('<div class="date-bar">Thứ bảy, 22/11/2026</div><h1>Tin tức</h1>' + items
            + '<p class="updated">Cập nhật lúc 08:15 ngày 22/11/2026</p>')


def article(i: int, when: str) -> str:
    return (f"<h1>Hội nghị triển khai nhiệm vụ trọng tâm số {i} của ngành xây dựng</h1><p>Ngày đăng: {when}</p>"
            "<p>Sáng nay, Sở Xây dựng tổ chức hội nghị triển khai nhiệm vụ trọng tâm, với sự tham dự của lãnh đạo các "
            "phòng, đơn vị trực thuộc và đại diện các huyện, thành phố trong tỉnh Hòa An.</p>")


def test_is_listing_tells_a_list_of_articles_from_one_article():
    from checker.functions.articles import is_listing

    def pg(path: str, main: str) -> Page:
        snap = Snapshot(start_url="http://x.gov.vn/")
        snap.add(Page(url="http://x.gov.vn" + path, status=200, text=page(main)))
        return snap.pages["http://x.gov.vn" + path]
    assert is_listing(pg("/tin-tuc", listing(5, dated=True)))
    assert not is_listing(pg("/tin-tuc", listing(3, dated=True)))  # three headlines are not yet a list
    assert not is_listing(pg("/tin/1", article(1, "05/03/2026")))
    # an article with a "related news" box shorter than its body is still one article
    related = article(1, "05/03/2026") * 4 + listing(4, dated=False)
    assert not is_listing(pg("/tin/1", related))


def test_listing_chrome_date_does_not_make_old_news_fresh():
    arts = {f"/tin/{i}": article(i, f"{10 + i:02d}/03/2026") for i in range(5)}
    for dated in (True, False):  # dates beside the headlines, or only on the articles
        ctx = ctx_for({"/tin-tuc": listing(5, dated), **arts})
        out = run(ctx, {"fresh_date": {"terms": ["tin tức"], "max_age_days": 30}})
        assert out.status == "fail" and "22/11/2026" not in out.en, out.en
        assert "/03/2026" in out.en
    arts["/tin/1"] = article(1, "19/11/2026")
    out = run(ctx_for({"/tin-tuc": listing(5, dated=False), **arts}), {"fresh_date": {"terms": ["tin tức"]}})
    assert out.status == "pass" and "19/11/2026" in out.en and out.evidence[0].url == "http://x.gov.vn/tin/1"


def test_listing_dated_beside_its_items_without_article_pages():
    out = run(ctx_for({"/tin-tuc": listing(5, dated=True)}), {"fresh_date": {"terms": ["tin tức"], "max_age_days": 30}})
    assert out.status == "fail" and "14/03/2026" in out.en  # the newest item's date, not the date bar's
    # only chrome is dated: a person must look
    assert run(ctx_for({"/tin-tuc": listing(5, dated=False)}), {"fresh_date": {"terms": ["tin tức"]}}).status == "review"
