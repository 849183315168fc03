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
