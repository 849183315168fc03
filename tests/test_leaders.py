"""Leader extraction (Art. 10.1.a) on constructed pages of varied layouts."""

from __future__ import annotations

import inspect
from datetime import datetime

import checker.functions  # noqa: F401  (registers the check library)
from checker.functions.leader_extract import Vocab, extract_leaders
from checker.registry import Context, run
from checker.rules import load_rules
from crawlers.snapshot import Page, Snapshot

BASE = "http://sxd.hoaan.gov.vn/"
NAV = '<nav><a href="/">Trang chủ</a><a href="/lanh-dao">Lãnh đạo Sở</a><a href="/tin-tuc">Tin tức</a></nav>'


def _page(url: str, body: str, status: int = 200, nav: str = NAV) -> Page:
    html = f"<html><head><title>t</title></head><body>{nav}<main>{body}</main><footer>Sở Xây dựng</footer></body></html>"
    return Page(url=url, status=status, text=html, content_type="text/html; charset=utf-8")


def _ctx(pages: dict[str, str], level: str = "department", nav: str = NAV) -> Context:
    snap = Snapshot(start_url=BASE)
    snap.add(_page(BASE, "<h2>Tin tức</h2><p>Hoạt động của Sở trong tuần.</p>", nav=nav))
    for path, body in pages.items():
        snap.add(_page(BASE.rstrip("/") + path, body, nav=nav))
    return Context(snapshot=snap, level=level, now=datetime(2026, 11, 22))


# The rule's own options: the vocabulary is data (rules/decree43.yaml, intro.leader_bios).
_RULE = load_rules().get("intro.leader_bios")
assert _RULE is not None
OPTS = _RULE.check["leaders"]
VOCAB = {k: v for k, v in OPTS.items() if k in inspect.signature(Vocab.of).parameters}
LEADERS = {"leaders": OPTS}


def _vocab() -> Vocab:
    return Vocab.of(**VOCAB)


def _run(pages: dict[str, str], level: str = "department"):
    return run(_ctx(pages, level), LEADERS)


BIO = "<p>Ngày sinh: 12/03/1972</p><p>Quê quán: huyện Sơn Tịnh, tỉnh Hòa An</p><p>Trình độ chuyên môn: Thạc sĩ Xây dựng</p>"


def test_cards_complete_pass_with_evidence_per_leader():
    body = (f"<h1>Lãnh đạo Sở</h1><div class=item><h3>Nguyễn Văn An</h3><p>Giám đốc</p>{BIO}"
            "<p>Nhiệm vụ đảm nhiệm: Phụ trách chung, lãnh đạo toàn diện hoạt động của Sở.</p></div>"
            f"<div class=item><h3>Trần Thị Bình</h3><p>Phó Giám đốc</p>{BIO}"
            "<p>Phụ trách: lĩnh vực quy hoạch, kiến trúc, nhà ở và thị trường bất động sản.</p></div>")
    out = _run({"/lanh-dao": body})
    assert out.status == "pass", out.en
    assert {e.extra["match"] for e in out.evidence} == {"Nguyễn Văn An", "Trần Thị Bình"}


def test_missing_duties_named_in_message_even_when_career_mentions_phu_trach():
    body = (f"<h1>Lãnh đạo Sở</h1><div><h3>Nguyễn Văn An</h3><p>Giám đốc</p>{BIO}"
            "<p>Nhiệm vụ đảm nhiệm: Phụ trách chung.</p></div>"
            f"<div><h3>Trần Văn Bảo</h3><p>Phó Giám đốc</p>{BIO}"
            "<p>Quá trình công tác: 2012-2018 Trưởng phòng, phụ trách lĩnh vực quản lý chất lượng công trình.</p></div>")
    out = _run({"/lanh-dao": body})
    assert out.status == "fail"
    assert "1 of 2 leaders have no assigned duties: Phó Giám đốc Trần Văn Bảo" in out.en
    assert "Trần Văn Bảo" in out.vi


def test_table_with_header_row_labels_cells():
    body = ("<h1>Ban Giám đốc</h1><table><tr><th>Họ và tên</th><th>Chức vụ</th><th>Tiểu sử</th><th>Lĩnh vực phụ trách</th></tr>"
            "<tr><td>Lê Quang Cường</td><td>Giám đốc</td><td>Sinh năm 1970, quê quán Đức Phổ; Tiến sĩ Kinh tế</td>"
            "<td>Công tác tổ chức cán bộ, tài chính, thanh tra</td></tr>"
            "<tr><td>Phạm Thị Dung</td><td>Phó Giám đốc</td><td>Sinh năm 1978, quê quán Mộ Đức; Thạc sĩ Quản lý đô thị</td>"
            "<td>Quy hoạch, kiến trúc, hạ tầng kỹ thuật</td></tr></table>")
    out = _run({"/ban-giam-doc": body.replace("Ban Giám đốc", "Ban Giám đốc", 1)} | {"/lanh-dao": body})
    assert out.status == "pass", out.en


def test_uppercase_names_and_definition_list():
    body = ("<h1>LÃNH ĐẠO SỞ</h1><h3>GIÁM ĐỐC SỞ: NGUYỄN VĂN AN</h3><dl><dt>Năm sinh</dt><dd>1970</dd>"
            "<dt>Dân tộc</dt><dd>Kinh</dd><dt>Nhiệm vụ</dt><dd>Lãnh đạo, quản lý chung mọi hoạt động của Sở.</dd></dl>")
    ctx = _ctx({"/lanh-dao": body})
    leaders = extract_leaders(ctx, _vocab(), ctx.snapshot.get(BASE + "lanh-dao"))
    assert [(ldr.name, ldr.position) for ldr in leaders] == [("Nguyễn Văn An", "GIÁM ĐỐC")]
    assert set(leaders[0].bio) >= {"dob", "ethnicity"} and leaders[0].duties


def test_detail_pages_are_followed():
    listing = ('<h1>Lãnh đạo Sở</h1><ul><li><a href="/lanh-dao/an">Nguyễn Văn An</a> - Giám đốc</li>'
               '<li><a href="/lanh-dao/binh">Trần Thị Bình</a> - Phó Giám đốc</li></ul>')
    detail = "<h1>{n}</h1>" + BIO + "<h3>Nhiệm vụ được phân công</h3><p>Giúp Giám đốc chỉ đạo lĩnh vực nhà ở và bất động sản.</p>"
    out = _run({"/lanh-dao": listing, "/lanh-dao/an": detail.format(n="Nguyễn Văn An"),
                "/lanh-dao/binh": detail.format(n="Trần Thị Bình")})
    assert out.status == "pass", out.en
    assert any(e.url.endswith("/lanh-dao/binh") for e in out.evidence)


def test_leader_link_that_cannot_be_fetched_is_error():
    out = run(_ctx({}), LEADERS)  # the menu links /lanh-dao, the snapshot lacks it, no fetcher
    assert out.status == "error", out.en


def test_unfetchable_detail_page_is_review_not_fail():
    listing = '<h1>Lãnh đạo Sở</h1><p><a href="/lanh-dao/an">Nguyễn Văn An</a> - Giám đốc</p>'
    ctx = _ctx({"/lanh-dao": listing})
    ctx.snapshot.fetcher = lambda url: Page(url=url, status=None, error="ConnectTimeout")
    out = run(ctx, LEADERS)
    assert out.status == "review", out.en


def test_name_inside_a_sentence_is_not_a_leader():
    body = (f"<h1>Lãnh đạo Sở</h1><div><h3>Nguyễn Văn An</h3><p>Giám đốc</p>{BIO}"
            "<p>Nhiệm vụ đảm nhiệm: Phụ trách chung; phối hợp với Phó Chủ tịch UBND tỉnh Hoàng Văn Em trong công tác quy hoạch.</p></div>")
    ctx = _ctx({"/lanh-dao": body})
    names = [ldr.name for ldr in extract_leaders(ctx, _vocab(), ctx.snapshot.get(BASE + "lanh-dao"))]
    assert names == ["Nguyễn Văn An"]


def test_no_leader_page_fails_with_pages_searched():
    ctx = _ctx({"/tin-tuc": "<h1>Tin tức</h1><p>Không có gì.</p>"}, nav='<nav><a href="/tin-tuc">Tin tức</a></nav>')
    out = run(ctx, LEADERS)
    assert out.status == "fail" and out.evidence and out.evidence[0].note.startswith("searched")


def test_schedule_page_is_not_a_leaders_page():
    snap_pages = {"/lich-cong-tac-lanh-dao": "<h1>Lịch công tác lãnh đạo</h1><p>Thứ Hai: Giám đốc Nguyễn Văn An họp giao ban.</p>"}
    ctx = _ctx(snap_pages, nav='<nav><a href="/lich-cong-tac-lanh-dao">Lịch công tác lãnh đạo</a></nav>')
    out = run(ctx, LEADERS)
    assert out.status == "fail" and "No leaders page" in out.en


def test_leader_page_without_recognisable_people_is_review():
    out = _run({"/lanh-dao": "<h1>Lãnh đạo Sở</h1><p>Thông tin về lãnh đạo Sở được trình bày trong sơ đồ dưới đây, "
                             "gồm Giám đốc và các Phó Giám đốc phụ trách từng lĩnh vực chuyên môn của Sở.</p><img src='/so-do.jpg'>"})
    assert out.status == "review", out.en


# -- header-driven tables, name before position, placeholders ------------------------------------
_ROW = ("<tr><td><img src='/anh/{i}.jpg'></td><td><strong>{name}</strong><br>{pos}</td>"
        "<td>{bio}</td><td>{duty}</td></tr>")
_BIO_CELL = "Sinh năm 1970; quê quán: xã Bình Minh, huyện Tây Sơn; Trình độ: Thạc sĩ Quản lý kinh tế, Cao cấp lý luận chính trị"


def _table(rows: list[tuple[str, str, str, str]], header: str = "<tr><td>Ảnh</td><td>Họ và tên, chức vụ</td>"
           "<td>Tiểu sử tóm tắt</td><td>Nhiệm vụ đảm nhiệm</td></tr>") -> str:
    return ("<h1>Thường trực UBND tỉnh</h1><table class='tbl'>" + header
            + "".join(_ROW.format(i=i, name=n, pos=p, bio=b, duty=d) for i, (n, p, b, d) in enumerate(rows)) + "</table>")


_T_ROWS = [("Hồ Đức Thắng", "Chủ tịch UBND tỉnh", _BIO_CELL, "Phụ trách chung; trực tiếp chỉ đạo công tác nội chính, quốc phòng, an ninh."),
           ("Lưu Thị Mai Phương", "Phó Chủ tịch UBND tỉnh", _BIO_CELL, "Phụ trách lĩnh vực văn hóa, xã hội, giáo dục và y tế."),
           ("Đinh Công Lực", "Phó Chủ tịch UBND tỉnh", _BIO_CELL, "Phụ trách lĩnh vực kinh tế, tài chính, đầu tư và xây dựng.")]


def test_header_table_with_name_before_position_passes():
    out = _run({"/lanh-dao": _table(_T_ROWS)}, level="province")
    assert out.status == "pass", out.en
    assert {e.extra["match"] for e in out.evidence} == {"Hồ Đức Thắng", "Lưu Thị Mai Phương", "Đinh Công Lực"}
    ctx = _ctx({"/lanh-dao": _table(_T_ROWS)})
    leaders = extract_leaders(ctx, _vocab(), ctx.snapshot.get(BASE + "lanh-dao"))
    assert [(ldr.name, ldr.position) for ldr in leaders] == [("Hồ Đức Thắng", "Chủ tịch"), ("Lưu Thị Mai Phương", "Phó Chủ tịch"),
                                                       ("Đinh Công Lực", "Phó Chủ tịch")]


def test_header_table_separate_columns_th_header():
    header = "<tr><th>Họ tên</th><th>Chức vụ</th><th>Tiểu sử</th><th>Phân công nhiệm vụ</th></tr>"
    rows = "".join(f"<tr><td>{n}</td><td>{p}</td><td>{b}</td><td>{d}</td></tr>" for n, p, b, d in _T_ROWS)
    out = _run({"/lanh-dao": f"<h1>Lãnh đạo tỉnh</h1><table>{header}{rows}</table>"}, level="province")
    assert out.status == "pass", out.en


def test_header_table_empty_duties_cell_fails_naming_leader():
    rows = _T_ROWS[:2] + [("Đinh Công Lực", "Phó Chủ tịch UBND tỉnh", _BIO_CELL, "")]
    out = _run({"/lanh-dao": _table(rows)}, level="province")
    assert out.status == "fail", out.en
    assert "no assigned duties: Phó Chủ tịch Đinh Công Lực" in out.en and "Hồ Đức Thắng" not in out.en


def test_header_table_empty_bio_cell_fails_naming_leader():
    rows = [_T_ROWS[0], ("Lưu Thị Mai Phương", "Phó Chủ tịch UBND tỉnh", "", _T_ROWS[1][3]), _T_ROWS[2]]
    out = _run({"/lanh-dao": _table(rows)}, level="province")
    assert out.status == "fail" and "no biography: Phó Chủ tịch Lưu Thị Mai Phương" in out.en, out.en


def test_placeholder_biography_is_absent_biography():
    for ph in ("Đang cập nhật", "Chưa có thông tin", "updating"):
        rows = _T_ROWS[:2] + [("Đinh Công Lực", "Phó Chủ tịch UBND tỉnh", ph, _T_ROWS[2][3])]
        out = _run({"/lanh-dao": _table(rows)}, level="province")
        assert out.status == "fail" and "no biography: Phó Chủ tịch Đinh Công Lực" in out.en, (ph, out.en)


def test_placeholder_in_cards_even_with_one_fact_fails():
    body = (f"<h1>Lãnh đạo Sở</h1><div><h3>Nguyễn Văn An</h3><p>Giám đốc</p>{BIO}"
            "<p>Nhiệm vụ đảm nhiệm: Phụ trách chung, lãnh đạo toàn diện hoạt động của Sở.</p></div>"
            "<div><h3>Trần Văn Bảo</h3><p>Phó Giám đốc</p><p>Năm sinh: 1978</p><p>Tiểu sử: Đang cập nhật</p>"
            "<p>Nhiệm vụ đảm nhiệm: Giúp Giám đốc phụ trách lĩnh vực quy hoạch, kiến trúc.</p></div>"
            f"<div><h3>Lê Thị Cúc</h3><p>Phó Giám đốc</p>{BIO}<h4>Nhiệm vụ đảm nhiệm</h4><p>Đang cập nhật</p></div>")
    out = _run({"/lanh-dao": body})
    assert out.status == "fail", out.en
    assert "no biography: Phó Giám đốc Trần Văn Bảo" in out.en and "no assigned duties: Phó Giám đốc Lê Thị Cúc" in out.en
    assert "Nguyễn Văn An" not in out.en


def test_real_biography_mentioning_updates_is_not_a_placeholder():
    bio = _BIO_CELL + "; Quá trình công tác: cán bộ phòng Kinh tế, phụ trách cập nhật cơ sở dữ liệu đất đai (2001-2005)"
    rows = [(n, p, bio, d) for n, p, _, d in _T_ROWS]
    assert _run({"/lanh-dao": _table(rows)}, level="province").status == "pass"


# -- issue 13 item 4: names end at their block or at a label; duties under real headings ------
def test_name_ends_at_its_block_and_at_a_label():
    body = ("<h1>Lãnh đạo Sở</h1><div><h3>Giám đốc Sở Phan Thị Kim Oanh</h3><p><strong>Nhiệm vụ đảm nhiệm:</strong> "
            "Phụ trách chung, công tác tổ chức cán bộ, tài chính.</p></div>"
            "<div><p>Phó Giám đốc Lương Văn Tài Tiểu sử: Đang cập nhật.</p><p>Phụ trách: lĩnh vực đầu tư công.</p></div>")
    ctx = _ctx({"/lanh-dao": body})
    names = [ldr.name for ldr in extract_leaders(ctx, _vocab(), ctx.snapshot.get(BASE + "lanh-dao"))]
    assert names == ["Phan Thị Kim Oanh", "Lương Văn Tài"]


def test_duties_on_detail_page_linked_xem_tieu_su_va_nhiem_vu():
    listing = ('<h1>Lãnh đạo Sở</h1><div><h3>Nguyễn Đức Thịnh</h3><p>Giám đốc Sở</p>'
               '<a href="/lanh-dao/nguyen-uc-thinh">Xem tiểu sử và nhiệm vụ</a></div>')
    detail = ("<h1>Giám đốc Sở Nguyễn Đức Thịnh</h1><h3>Tiểu sử tóm tắt</h3><p>Sinh ngày 14/3/1976; quê quán: xã Yên "
              "Phong. Trình độ: Thạc sĩ.</p><h3>{h}</h3><ul><li>Trực tiếp phụ trách tổ chức cán bộ, tài chính.</li></ul>")
    for heading in ("Lĩnh vực phụ trách", "Nhiệm vụ được giao", "Phân công nhiệm vụ", "Lĩnh vực được phân công"):
        out = _run({"/lanh-dao": listing, "/lanh-dao/nguyen-uc-thinh": detail.format(h=heading)})
        assert out.status == "pass", (heading, out.en)
        assert any(e.url.endswith("/lanh-dao/nguyen-uc-thinh") for e in out.evidence)


def test_without_the_detail_link_text_in_the_vocabulary_the_leader_lacks_duties():
    """The detail-link words are data: the same page fails when the rule does not know them."""
    listing = ('<h1>Lãnh đạo Sở</h1><div><h3>Nguyễn Đức Thịnh</h3><p>Giám đốc Sở</p>'
               '<a href="/lanh-dao/x">Xem tiểu sử và nhiệm vụ</a></div>')
    detail = "<h1>Nguyễn Đức Thịnh</h1>" + BIO + "<h3>Lĩnh vực phụ trách</h3><p>Tổ chức cán bộ, tài chính, thanh tra.</p>"
    opts = dict(OPTS, detail_links=["xem chi tiết"])
    out = run(_ctx({"/lanh-dao": listing, "/lanh-dao/x": detail}), {"leaders": opts})
    assert out.status == "fail", out.en


def test_ethnic_minority_names_are_read_and_never_fail():
    body = ("<h1>Lãnh đạo huyện</h1>"
            '<div><div class="ten">Giàng A Páo</div><div>Chủ tịch UBND huyện</div><p>Tiểu sử tóm tắt</p>'
            "<p>Sinh năm 1975, dân tộc Mông, quê quán xã Sín Chải. Trình độ: Cử nhân Luật.</p>"
            "<p>Lĩnh vực được phân công</p><p>Lãnh đạo, điều hành chung hoạt động của UBND huyện.</p></div>"
            '<div><div class="ten">Pờ Xá Lử</div><div>Phó Chủ tịch UBND huyện</div>'
            "<p>Công tác tại huyện từ năm 2005.</p></div>")
    ctx = _ctx({"/lanh-dao": body}, level="district")
    leaders = extract_leaders(ctx, _vocab(), ctx.snapshot.get(BASE + "lanh-dao"))
    assert [(ldr.name, ldr.unsure) for ldr in leaders] == [("Giàng A Páo", False), ("Pờ Xá Lử", True)]
    out = run(ctx, LEADERS)
    assert out.status == "review" and "Pờ Xá Lử" in out.en, out.en


def test_placeholder_biography_fails():
    body = (f"<h1>Lãnh đạo Sở</h1><div><h3>Nguyễn Văn An</h3><p>Giám đốc</p>{BIO}<p>Phụ trách: công tác chung.</p></div>"
            "<div><h3>Lương Văn Tài</h3><p>Phó Giám đốc</p><p>Tiểu sử: Đang cập nhật.</p>"
            "<p>Phụ trách: lĩnh vực tài chính đầu tư, đầu tư công.</p></div>")
    out = _run({"/lanh-dao": body})
    assert out.status == "fail" and "no biography: Phó Giám đốc Lương Văn Tài" in out.en, out.en


def test_title_in_the_names_own_block_wins_over_the_next_blocks():
    body = ('<h1>Lãnh đạo Sở</h1><div><a href="/lanh-dao/1">Giám đốc Sở Võ Thành Trung</a></div>'
            '<div><a href="/lanh-dao/2">Phó Giám đốc Đặng Thị Mai</a></div>')
    ctx = _ctx({"/lanh-dao": body})
    leaders = extract_leaders(ctx, _vocab(), ctx.snapshot.get(BASE + "lanh-dao"), follow=False)
    assert [(ldr.position, ldr.name, ldr.head) for ldr in leaders] == [("Giám đốc", "Võ Thành Trung", True),
                                                                        ("Phó Giám đốc", "Đặng Thị Mai", True)]


def test_leaders_page_words_and_placeholders_come_from_the_rule_files_vocabulary():
    nav = '<nav><a href="/">Trang chủ</a><a href="/bo-may">Bộ phận điều hành</a><a href="/tin-tuc">Tin tức</a></nav>'
    body = (f"<h1>Bộ phận điều hành</h1><div class=item><h3>Nguyễn Văn An</h3><p>Giám đốc</p>{BIO}"
            "<p>Nhiệm vụ đảm nhiệm: Phụ trách chung, lãnh đạo toàn diện hoạt động của Sở.</p></div>")
    ctx = _ctx({"/bo-may": body}, nav=nav)
    assert run(ctx, LEADERS).status == "fail"  # the bundled words do not name this page
    mine = {**load_rules().vocabulary, "leader_pages": ("bộ phận điều hành",)}
    ctx = _ctx({"/bo-may": body}, nav=nav)
    ctx.vocabulary = mine
    assert run(ctx, LEADERS).status == "pass"
    # a duty the site marks with a placeholder of the rule file's own words is missing
    pending = body.replace("Phụ trách chung, lãnh đạo toàn diện hoạt động của Sở.", "Tạm chưa công bố")
    ctx = _ctx({"/bo-may": pending}, nav=nav)
    ctx.vocabulary = mine
    assert run(ctx, LEADERS).status == "pass"  # not a placeholder in the bundled words
    ctx = _ctx({"/bo-may": pending}, nav=nav)
    ctx.vocabulary = {**mine, "placeholder": ("tạm chưa công bố",)}
    out = run(ctx, LEADERS)
    assert out.status == "fail" and any("being updated" in e.note for e in out.evidence), out.evidence
