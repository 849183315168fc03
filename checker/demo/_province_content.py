"""Content of the sample province "Tỉnh Hòa An" (used by checker/demo/make_province.py).

Every decoy is written on purpose and listed in province/expected.yaml next to the
verdict it decides. Evaluation date assumed: 2026-11-22 (Sunday).
"""

from __future__ import annotations

import json
from typing import Any

from checker.demo.sample_files import cp1258, pdf, svg_chart, svg_map, tcvn3
from checker.demo.sample_portal import E, Portal, a, bio_block, paras, schedule_table, table, ul, vn_date, week_days
from checker.demo.themes import (
    theme_binhson,
    theme_dnn,
    theme_joomla,
    theme_laison,
    theme_liferay,
    theme_plain,
    theme_sharepoint,
    theme_wordpress,
)

PROVINCE = "http://hoaan.gov.vn/"
DVC = "http://dichvucong.hoaan.gov.vn/"

COMMUNES_BINHSON = ["Thị trấn Bình Sơn", "Xã Bình Thạnh", "Xã Bình Hòa", "Xã Bình Trung", "Xã Sơn Lộc",
                    "Xã Sơn Thủy", "Xã Bình Minh", "Xã Tân Sơn"]
COMMUNES_PROVINCE = ["TP. Hòa An (12 phường, 4 xã)", "Huyện Bình Sơn (1 TT, 7 xã)", "Huyện Lai Sơn (1 TT, 11 xã)",
                     "Huyện Đông Hải (14 xã)", "Thị xã Phú Mỹ (5 phường, 6 xã)", "Huyện Tây Nguyên Hạ (13 xã)"]


def footer_block(name: str, addr: str, phone: str, fax: str | None, email: str | None, extra: str = "") -> str:
    parts = [f"<p><strong>{E(name)}</strong></p>", f"<p>Địa chỉ: {E(addr)}</p>", f"<p>Điện thoại: {E(phone)}"]
    if fax:
        parts[-1] += f" - Fax: {E(fax)}"
    parts[-1] += "</p>"
    if email:
        parts.append(f'<p>Email: <a href="mailto:{E(email)}">{E(email)}</a></p>')
    parts.append(extra)
    return "".join(parts)


def article_body(date: str, lead: str, paragraphs: list[str], author: str, source: str) -> str:
    return (f'<div class="article"><p class="date">Ngày đăng: {vn_date(date)}</p>'
            f'<p class="sapo"><strong>{E(lead)}</strong></p>' + paras(*paragraphs) +
            f'<p class="author" style="text-align:right"><strong>{E(author)}</strong> - {E(source)}</p></div>')


def dc_for(title: str, creator: str, date: str, desc: str, publisher: str, ident: str, full: bool = True) -> dict:
    d = {"title": title, "date": date}
    if full:
        d.update({"creator": creator, "description": desc, "publisher": publisher, "identifier": ident,
                  "language": "vi"})
    return d


def pdfs(p: Portal, path: str, title: str, lines: list[str]) -> str:
    p.store(path, pdf([title] + lines), content_type="application/pdf")
    return path


# ======================================================================================
# 1. hoaan.gov.vn — province portal, Liferay-like. Mostly compliant.
#    Gaps: Phó Chủ tịch Lê Minh Đức has no assigned duties; no site map.
# ======================================================================================
def province() -> list[Portal]:
    W = "/web/guest"
    nav = [
        ("Trang chủ", "/", []),
        ("Giới thiệu", f"{W}/tong-quan", [("Tổng quan về Hòa An", f"{W}/tong-quan"),
                                          ("Điều kiện tự nhiên", f"{W}/dieu-kien-tu-nhien"),
                                          ("Lịch sử - Văn hóa", f"{W}/lich-su-van-hoa"),
                                          ("Bản đồ hành chính", f"{W}/ban-do-hanh-chinh"),
                                          ("Tổ chức bộ máy hành chính", f"{W}/to-chuc-bo-may"),
                                          ("Lãnh đạo UBND tỉnh", f"{W}/lanh-dao-ubnd-tinh")]),
        ("Tin tức - Sự kiện", f"{W}/tin-tuc", []),
        ("Chỉ đạo - Điều hành", f"{W}/chi-dao-dieu-hanh", [("Văn bản chỉ đạo điều hành", f"{W}/chi-dao-dieu-hanh"),
                                                            ("Lịch công tác", f"{W}/lich-cong-tac"),
                                                            ("Trả lời kiến nghị cử tri", f"{W}/tra-loi-kien-nghi"),
                                                            ("Khen thưởng - Xử phạt", f"{W}/khen-thuong-xu-phat")]),
        ("Văn bản pháp luật", f"{W}/van-ban-phap-luat", [("Phổ biến giáo dục pháp luật", f"{W}/pho-bien-phap-luat"),
                                                         ("Lấy ý kiến dự thảo văn bản", f"{W}/lay-y-kien-du-thao")]),
        ("Quy hoạch - Kế hoạch", f"{W}/quy-hoach-ke-hoach", [("Quy hoạch, kế hoạch phát triển", f"{W}/quy-hoach-ke-hoach"),
                                                              ("Quy hoạch thu gom, xử lý chất thải", f"{W}/moi-truong/quy-hoach-chat-thai"),
                                                              ("Nguồn thải, chất thải nguy hại", f"{W}/moi-truong/nguon-thai"),
                                                              ("Khu vực ô nhiễm, nguy cơ sự cố môi trường", f"{W}/moi-truong/khu-vuc-o-nhiem")]),
        ("Dự án - Đấu thầu", f"{W}/du-an-dau-thau", []),
        ("Khoa học - Công nghệ", f"{W}/khoa-hoc-cong-nghe", []),
        ("Thống kê", f"{W}/thong-ke", []),
        ("Dịch vụ công", f"{W}/dich-vu-cong", []),
        ("Hỏi đáp", f"{W}/hoi-dap", []),
        ("Liên hệ", f"{W}/lien-he", [("Danh bạ điện thoại, thư điện tử", f"{W}/danh-ba")]),
    ]
    units = [("Sở Xây dựng", "http://sxd.hoaan.gov.vn/"), ("Sở Tài nguyên và Môi trường", "http://stnmt.hoaan.gov.vn/"),
             ("Sở Giáo dục và Đào tạo", "http://sgddt.hoaan.gov.vn/"), ("Sở Y tế", "http://soyte-hoaan.com.vn/"),
             ("UBND huyện Bình Sơn", "http://binhson.hoaan.gov.vn/"), ("UBND huyện Lai Sơn", "http://laison.hoaan.gov.vn/"),
             ("Cổng Dịch vụ công tỉnh", DVC)]
    footer = footer_block(
        "CỔNG THÔNG TIN ĐIỆN TỬ TỈNH HÒA AN", "Số 01 Đường Trần Hưng Đạo, phường Hòa Bình, TP. Hòa An, tỉnh Hòa An",
        "0257.3822.101", "0257.3822.199", "ubnd@hoaan.gov.vn",
        "<p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Hòa An. Chịu trách nhiệm chính: Chánh Văn phòng UBND tỉnh.</p>"
        "<p>Giấy phép số 15/GP-TTĐT ngày 12/3/2021 của Sở Thông tin và Truyền thông.</p>"
        '<div class="links-units"><label for="lienket">Liên kết website</label><ul id="lienket">'
        + "".join(f"<li>{a(u, n)}</li>" for n, u in units) + "</ul></div>")
    search_form = (f'<form action="{W}/tim-kiem" method="get" role="search" class="search-form">'
                   '<label for="q" class="sr-only">Tìm kiếm</label>'
                   '<input id="q" type="text" name="keywords" placeholder="Nhập từ khóa..."><button type="submit">Tìm kiếm</button></form>')
    p = Portal("hoaan.gov.vn", "Cổng thông tin điện tử tỉnh Hòa An", theme_liferay, toolbar="working", footer=footer,
               nav=nav, search={"path": f"{W}/tim-kiem", "param": "keywords", "pretty_urls": True},
               search_form=search_form, publisher="Văn phòng UBND tỉnh Hòa An")
    pub = "Văn phòng UBND tỉnh Hòa An"

    news = [
        ("2026-11-20", "uy-ban-nhan-dan-tinh-hop-phien-thuong-ky-thang-11", "UBND tỉnh họp phiên thường kỳ tháng 11/2026",
         "Sáng 20/11, UBND tỉnh Hòa An tổ chức phiên họp thường kỳ tháng 11 để đánh giá tình hình kinh tế - xã hội 11 tháng năm 2026."),
        ("2026-11-18", "khoi-cong-tuyen-duong-ven-bien-dong-hai", "Khởi công tuyến đường ven biển Đông Hải",
         "Tuyến đường dài 32 km, tổng mức đầu tư 1.450 tỷ đồng, dự kiến hoàn thành năm 2029."),
        ("2026-11-16", "hoi-nghi-xuc-tien-dau-tu-hoa-an-2026", "Hội nghị xúc tiến đầu tư tỉnh Hòa An năm 2026",
         "Tỉnh trao quyết định chủ trương đầu tư cho 12 dự án với tổng vốn đăng ký hơn 18.000 tỷ đồng."),
        ("2026-11-12", "trien-khai-cong-tac-phong-chong-thien-tai", "Triển khai công tác phòng, chống thiên tai cuối năm",
         "Chủ tịch UBND tỉnh yêu cầu các địa phương chủ động ứng phó với mưa lũ muộn."),
        ("2026-11-06", "ky-niem-ngay-nha-giao-viet-nam", "Gặp mặt kỷ niệm 44 năm Ngày Nhà giáo Việt Nam",
         "Lãnh đạo tỉnh gặp mặt, biểu dương 120 nhà giáo tiêu biểu."),
        ("2026-10-28", "chuyen-doi-so-cap-xa", "Đẩy mạnh chuyển đổi số cấp xã",
         "100% xã, phường, thị trấn đã kết nối Cổng Dịch vụ công của tỉnh."),
    ]
    articles = []
    for i, (d, slug, title, lead) in enumerate(news):
        url = f"{W}/tin-tuc/-/asset_publisher/TinTuc/content/{slug}"
        body = article_body(d, lead, [
            "Theo báo cáo, các chỉ tiêu chủ yếu đều đạt và vượt kế hoạch; thu ngân sách ước đạt 96% dự toán năm.",
            "Lãnh đạo tỉnh đề nghị các sở, ngành, địa phương tập trung hoàn thành các nhiệm vụ còn lại của năm 2026."],
            "Minh Châu", "Cổng TTĐT tỉnh")
        p.page(url, title, body, dc=dc_for(title, "Minh Châu", d, lead, pub, f"hoaan.gov.vn/tin-tuc/{1200 + i}"))
        articles.append((d, url, title, lead))
    p.page(f"{W}/tin-tuc", "Tin tức - Sự kiện", ul([f'{a(u, t)} <span class="date">({vn_date(d)})</span><p>{E(lnk)}</p>'
                                                    for d, u, t, lnk in articles], "news-list"),
           dc=dc_for("Tin tức - Sự kiện", pub, "2026-11-20", "Tin tức, sự kiện tỉnh Hòa An", pub, "hoaan.gov.vn/tin-tuc"))

    # Home page
    home = ('<div class="hot-news"><h3>Tin nổi bật</h3>' +
            ul([f'{a(u, t)} <span class="date">{vn_date(d)}</span>' for d, u, t, _ in articles[:5]]) +
            f'<p>{a(W + "/tin-tuc", "Xem tất cả tin tức")}</p></div>'
            f'<div class="box"><h3>Dịch vụ công trực tuyến</h3><p>{a(DVC, "Cổng Dịch vụ công tỉnh Hòa An")} - '
            f'{a(W + "/dich-vu-cong", "Danh mục dịch vụ công trực tuyến mức độ 3, 4")}</p></div>'
            f'<div class="box"><h3>Lịch công tác</h3><p>{a(W + "/lich-cong-tac", "Lịch công tác tuần 47 (16/11/2026 - 22/11/2026)")}</p></div>')
    p.page("/", "Trang chủ", home,
           dc=dc_for("Cổng thông tin điện tử tỉnh Hòa An", pub, "2026-11-20", "Cổng thông tin điện tử tỉnh Hòa An", pub, "hoaan.gov.vn"))

    p.page(f"{W}/tong-quan", "Tổng quan về tỉnh Hòa An", paras(
        "Tỉnh Hòa An nằm ở duyên hải Nam Trung Bộ, diện tích tự nhiên 5.135 km², dân số trung bình năm 2025 là 1.268.400 người.",
        "Tỉnh có 6 đơn vị hành chính cấp huyện gồm thành phố Hòa An, thị xã Phú Mỹ và các huyện Bình Sơn, Lai Sơn, Đông Hải, Tây Nguyên Hạ; 69 đơn vị hành chính cấp xã.",
        "Tỉnh được tái lập ngày 01/7/1989 theo Nghị quyết của Quốc hội khóa VIII."))
    p.page(f"{W}/dieu-kien-tu-nhien", "Điều kiện tự nhiên", paras(
        "Vị trí địa lý: phía Bắc giáp tỉnh Quảng Hà, phía Nam giáp tỉnh Bình Phú, phía Tây giáp Lào, phía Đông giáp Biển Đông với 112 km bờ biển.",
        "Địa hình: thấp dần từ Tây sang Đông, gồm vùng núi, trung du, đồng bằng ven biển. Khí hậu nhiệt đới gió mùa, nhiệt độ trung bình năm 26,5°C, lượng mưa trung bình 2.100 mm.",
        "Tài nguyên: đất nông nghiệp 152.000 ha, rừng 218.000 ha, khoáng sản titan, cát trắng, đá granit; hệ thống sông Trà Giang và sông Vệ."))
    p.page(f"{W}/lich-su-van-hoa", "Lịch sử, truyền thống văn hóa, di tích, danh thắng", paras(
        "Vùng đất Hòa An có lịch sử hình thành hơn 500 năm, gắn với các cuộc khai hoang lập ấp thời các chúa Nguyễn.",
        "Truyền thống văn hóa: lễ hội cầu ngư, hát bài chòi, nghề gốm Thanh Lương được công nhận di sản văn hóa phi vật thể quốc gia.",
        "Di tích, danh thắng: 2 di tích quốc gia đặc biệt (Thành cổ Hòa An, Địa đạo Sơn Lộc), 27 di tích quốc gia, danh thắng Gành Đá Đỏ, Đầm Ô Loan Nhỏ, bãi biển Mỹ Khê Nam."))
    p.store("/documents/ban-do-hanh-chinh-tinh-hoa-an.svg", svg_map("Bản đồ hành chính tỉnh Hòa An", COMMUNES_PROVINCE))
    p.page(f"{W}/ban-do-hanh-chinh", "Bản đồ hành chính tỉnh Hòa An",
           '<figure><img src="/documents/ban-do-hanh-chinh-tinh-hoa-an.svg" alt="Bản đồ địa giới hành chính tỉnh Hòa An đến cấp xã, phường, thị trấn" width="800">'
           "<figcaption>Bản đồ địa giới hành chính tỉnh Hòa An (đến cấp xã, phường, thị trấn), cập nhật theo Nghị quyết sắp xếp đơn vị hành chính năm 2025.</figcaption></figure>"
           + paras("Tỉnh có 6 đơn vị hành chính cấp huyện và 69 đơn vị hành chính cấp xã (17 phường, 2 thị trấn, 50 xã).")
           + f'<p>{a("/documents/ban-do-hanh-chinh-tinh-hoa-an.svg", "Tải bản đồ khổ lớn")}</p>')
    p.page(f"{W}/to-chuc-bo-may", "Tổ chức bộ máy hành chính", paras(
        "Ủy ban nhân dân tỉnh gồm Chủ tịch, 3 Phó Chủ tịch và các Ủy viên. Cơ quan chuyên môn thuộc UBND tỉnh gồm 17 sở, ban, ngành:")
        + ul(["Văn phòng UBND tỉnh", "Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Tài nguyên và Môi trường",
              "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Kế hoạch và Đầu tư", "Thanh tra tỉnh", "..."])
        + paras("UBND cấp huyện: UBND thành phố Hòa An, UBND thị xã Phú Mỹ, UBND các huyện Bình Sơn, Lai Sơn, Đông Hải, Tây Nguyên Hạ."))

    leaders = [
        dict(slug="tran-quoc-hung", name="Trần Quốc Hưng", position="Chủ tịch UBND tỉnh", born="12/05/1970",
             home="Xã Bình Hòa, huyện Bình Sơn, tỉnh Hòa An", degree="Tiến sĩ Kinh tế",
             career="Từ 1993 công tác tại Sở Kế hoạch và Đầu tư; 2010-2015 Giám đốc Sở Tài chính; 2015-2020 Bí thư Huyện ủy Bình Sơn; từ 2021 Chủ tịch UBND tỉnh.",
             duties="Lãnh đạo, quản lý, điều hành chung mọi hoạt động của UBND tỉnh; trực tiếp phụ trách công tác nội chính, quốc phòng, an ninh, tổ chức bộ máy, quy hoạch."),
        dict(slug="nguyen-thi-thanh-ha", name="Nguyễn Thị Thanh Hà", position="Phó Chủ tịch Thường trực UBND tỉnh", born="03/09/1974",
             home="Phường Hòa Bình, TP. Hòa An", degree="Thạc sĩ Quản lý kinh tế",
             career="2000-2012 công tác tại Sở Tài chính; 2012-2019 Giám đốc Sở Kế hoạch và Đầu tư; từ 2020 Phó Chủ tịch UBND tỉnh.",
             duties="Giúp Chủ tịch phụ trách lĩnh vực kinh tế tổng hợp, tài chính, ngân sách, đầu tư, xây dựng, giao thông, tài nguyên và môi trường."),
        dict(slug="le-minh-duc", name="Lê Minh Đức", position="Phó Chủ tịch UBND tỉnh", born="21/01/1976",
             home="Xã Sơn Lộc, huyện Bình Sơn", degree="Thạc sĩ Nông nghiệp",
             career="2001-2014 công tác tại Sở Nông nghiệp và Phát triển nông thôn; 2014-2020 Chủ tịch UBND huyện Lai Sơn; từ 2021 Phó Chủ tịch UBND tỉnh.",
             duties=""),  # decoy: no assigned duties
        dict(slug="pham-van-long", name="Phạm Văn Long", position="Phó Chủ tịch UBND tỉnh", born="30/06/1972",
             home="Thị xã Phú Mỹ, tỉnh Hòa An", degree="Tiến sĩ Quản lý giáo dục",
             career="1995-2010 giảng viên Trường Đại học Hòa An; 2010-2020 Giám đốc Sở Giáo dục và Đào tạo; từ 2021 Phó Chủ tịch UBND tỉnh.",
             duties="Giúp Chủ tịch phụ trách lĩnh vực văn hóa - xã hội: giáo dục, y tế, văn hóa, thể thao, du lịch, lao động, khoa học và công nghệ."),
    ]
    rows = []
    for L in leaders:
        url = f"{W}/lanh-dao-ubnd-tinh/-/chi-tiet/{L['slug']}"
        L["img"] = f"/documents/lanh-dao/{L['slug']}.jpg"
        p.page(url, f"{L['position']} {L['name']}", bio_block(L, "h3"))
        rows.append(f'<div class="leader-card">{a(url, L["name"])}<p>{E(L["position"])}</p></div>')
    p.page(f"{W}/lanh-dao-ubnd-tinh", "Lãnh đạo UBND tỉnh", "".join(rows))

    def doc_list(items, folder):
        r = []
        for num, date, summary in items:
            path = pdfs(p, f"/documents/{folder}/{num.replace('/', '-')}.pdf", num, [summary, f"Ngay ban hanh {date}"])
            r.append([E(num), E(date), E(summary), a(path, "Tải về", title=f"Tải về {num}")])
        return table(["Số ký hiệu", "Ngày ban hành", "Trích yếu", "Tệp đính kèm"], r)

    p.page(f"{W}/chi-dao-dieu-hanh", "Văn bản chỉ đạo điều hành", doc_list([
        ("125/CT-UBND", "18/11/2026", "Chỉ thị về tăng cường công tác phòng, chống thiên tai cuối năm 2026"),
        ("4521/UBND-KT", "13/11/2026", "Về việc đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2026"),
        ("89/TB-UBND", "09/11/2026", "Thông báo kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với huyện Lai Sơn")], "chi-dao"))
    p.page(f"{W}/lich-cong-tac", "Lịch công tác của Lãnh đạo UBND tỉnh",
           "<h3>Lịch công tác tuần 47 (từ 16/11/2026 đến 22/11/2026)</h3>" + schedule_table(week_days(16, 11, 2026, [
               [("08h00", "Chủ tịch UBND tỉnh Trần Quốc Hưng chủ trì họp giao ban lãnh đạo UBND tỉnh"),
                ("14h00", "PCT Thường trực Nguyễn Thị Thanh Hà làm việc với Sở Tài chính về dự toán 2027")],
               [("08h00", "Chủ tịch UBND tỉnh dự Hội nghị xúc tiến đầu tư")],
               [("07h30", "PCT Phạm Văn Long kiểm tra công tác chuẩn bị kỳ thi học sinh giỏi")],
               [("08h00", "PCT Lê Minh Đức làm việc tại huyện Lai Sơn")],
               [("08h00", "Phiên họp thường kỳ UBND tỉnh tháng 11/2026")],
               [("", "Trực lãnh đạo: PCT Nguyễn Thị Thanh Hà")],
               [("", "Nghỉ")]]))
           + "<h3>Lịch công tác tuần 48 (từ 23/11/2026 đến 29/11/2026)</h3>" + schedule_table(week_days(23, 11, 2026, [
               [("08h00", "Chủ tịch UBND tỉnh tiếp công dân định kỳ")],
               [("08h00", "PCT Thường trực dự kỳ họp HĐND tỉnh")]])))
    p.page(f"{W}/tra-loi-kien-nghi", "Trả lời kiến nghị của cử tri và công dân", ul([
        f"{a('/documents/kien-nghi/tra-loi-cu-tri-ky-hop-thu-9.pdf', 'Báo cáo kết quả giải quyết kiến nghị cử tri trước Kỳ họp thứ 9 HĐND tỉnh')} (12/11/2026)",
        "Trả lời kiến nghị của ông Nguyễn Văn Tám (xã Bình Thạnh) về bồi thường giải phóng mặt bằng dự án đường ven biển: UBND tỉnh giao UBND huyện Bình Sơn rà soát, trả lời trước 30/11/2026. (05/11/2026)",
        "Phản hồi kiến nghị của Hiệp hội Doanh nghiệp tỉnh về thủ tục cấp phép xây dựng (28/10/2026)"]))
    pdfs(p, "/documents/kien-nghi/tra-loi-cu-tri-ky-hop-thu-9.pdf", "Tra loi kien nghi cu tri", ["UBND tinh Hoa An"])
    p.page(f"{W}/khen-thuong-xu-phat", "Khen thưởng - Xử phạt", "<h3>Khen thưởng</h3>" + ul([
        "Quyết định số 2456/QĐ-UBND ngày 10/11/2026 tặng Bằng khen cho 15 tập thể, 32 cá nhân có thành tích trong phong trào thi đua xây dựng nông thôn mới",
        "Quyết định số 2301/QĐ-UBND ngày 25/10/2026 khen thưởng doanh nghiệp tiêu biểu năm 2026"])
        + "<h3>Xử phạt vi phạm hành chính</h3>" + ul([
        "Quyết định số 2410/QĐ-XPHC ngày 05/11/2026 xử phạt vi phạm hành chính đối với Công ty TNHH Khoáng sản Sơn Hà (khai thác cát ngoài phạm vi cấp phép), phạt tiền 250.000.000 đồng",
        "Quyết định số 2388/QĐ-XPHC ngày 30/10/2026 xử phạt Công ty CP Thủy sản Đông Hải về xả thải vượt quy chuẩn"]))
    p.page(f"{W}/pho-bien-phap-luat", "Phổ biến, giáo dục pháp luật", ul([
        a(f"{W}/pho-bien-phap-luat/luat-dat-dai-2024", "Hỏi đáp một số điểm mới của Luật Đất đai năm 2024"),
        "Tuyên truyền Luật Chuyển đổi số có hiệu lực từ 01/7/2026 (15/10/2026)",
        "Hướng dẫn thực hiện chính sách hỗ trợ người lao động mất việc làm (02/10/2026)"]))
    p.page(f"{W}/pho-bien-phap-luat/luat-dat-dai-2024", "Hỏi đáp một số điểm mới của Luật Đất đai năm 2024",
           article_body("2026-11-03", "Tài liệu tuyên truyền, phổ biến pháp luật về đất đai cho người dân.",
                        ["Luật Đất đai năm 2024 mở rộng đối tượng được nhận chuyển nhượng đất trồng lúa...",
                         "Người dân có thể liên hệ Sở Tài nguyên và Môi trường để được hướng dẫn."], "Sở Tư pháp", "Cổng TTĐT tỉnh"),
           dc=dc_for("Hỏi đáp một số điểm mới của Luật Đất đai năm 2024", "Sở Tư pháp", "2026-11-03",
                     "Tài liệu tuyên truyền pháp luật đất đai", pub, "hoaan.gov.vn/pbgdpl/331"))
    p.page(f"{W}/quy-hoach-ke-hoach", "Quy hoạch, kế hoạch phát triển", ul([
        a(pdfs(p, "/documents/quy-hoach/quy-hoach-tinh-2021-2030.pdf", "Quy hoach tinh Hoa An thoi ky 2021-2030, tam nhin 2050", ["QD 1120/QD-TTg"]),
          "Quy hoạch tỉnh Hòa An thời kỳ 2021 - 2030, tầm nhìn đến năm 2050 (Quyết định 1120/QĐ-TTg)"),
        a(pdfs(p, "/documents/quy-hoach/ke-hoach-ktxh-2026-2030.pdf", "Ke hoach phat trien KT-XH 5 nam 2026-2030", []),
          "Kế hoạch phát triển kinh tế - xã hội 5 năm 2026 - 2030"),
        "Kế hoạch sử dụng đất năm 2027 cấp tỉnh (dự thảo)"]))
    p.page(f"{W}/moi-truong/quy-hoach-chat-thai", "Quy hoạch thu gom, tái chế, xử lý chất thải rắn", paras(
        "Quy hoạch quản lý chất thải rắn tỉnh Hòa An đến năm 2030 (tích hợp trong Quy hoạch tỉnh): 3 khu xử lý chất thải rắn tập trung tại Bình Sơn (50 ha), Lai Sơn (20 ha) và Phú Mỹ (35 ha); công nghệ đốt phát điện kết hợp tái chế.",
        "Tỷ lệ thu gom chất thải rắn sinh hoạt đô thị năm 2025 đạt 92%, nông thôn đạt 68%; mục tiêu 2030: 98% và 85%.")
        + f'<p>{a(pdfs(p, "/documents/moi-truong/quy-hoach-chat-thai-ran.pdf", "Quy hoach thu gom, xu ly chat thai ran", []), "Toàn văn phương án quản lý chất thải rắn")}</p>')
    p.page(f"{W}/moi-truong/nguon-thai", "Danh mục nguồn thải, chất thải nguy hại", table(
        ["STT", "Cơ sở", "Địa điểm", "Loại chất thải", "Khối lượng (tấn/năm)"], [
            ["1", "KCN Phú Mỹ", "Thị xã Phú Mỹ", "Nước thải công nghiệp, bùn thải chứa kim loại nặng", "1.250"],
            ["2", "Nhà máy chế biến titan Sơn Hà", "Huyện Bình Sơn", "Chất thải phóng xạ tự nhiên, bùn thải", "860"],
            ["3", "Bệnh viện Đa khoa tỉnh", "TP. Hòa An", "Chất thải y tế nguy hại", "95"],
            ["4", "Làng nghề chế biến hải sản Đông Hải", "Huyện Đông Hải", "Nước thải hữu cơ", "3.400"]]))
    p.page(f"{W}/moi-truong/khu-vuc-o-nhiem", "Khu vực ô nhiễm, suy thoái và có nguy cơ sự cố môi trường", ul([
        "Bãi rác cũ Gò Sỏi (TP. Hòa An) - ô nhiễm môi trường nghiêm trọng, đang xử lý theo Quyết định 1788/QĐ-TTg",
        "Hạ lưu sông Vệ đoạn qua KCN Phú Mỹ - ô nhiễm nước mặt, chỉ số COD vượt 1,8 lần",
        "Khu vực khai thác titan ven biển Bình Sơn - nguy cơ sự cố môi trường, sạt lở",
        "Hồ chứa bùn thải mỏ đá Lai Sơn - nguy cơ vỡ đập"]))
    p.page(f"{W}/van-ban-phap-luat", "Văn bản quy phạm pháp luật", doc_list([
        ("25/2026/QĐ-UBND", "12/11/2026", "Quyết định ban hành quy định phân cấp quản lý chất lượng công trình xây dựng"),
        ("24/2026/QĐ-UBND", "30/10/2026", "Quyết định quy định bảng giá đất điều chỉnh năm 2026"),
        ("15/2026/NQ-HĐND", "20/07/2026", "Nghị quyết quy định mức thu phí tham quan di tích")], "vbqppl"))
    p.page(f"{W}/du-an-dau-thau", "Dự án đầu tư - Đấu thầu - Mua sắm công", table(
        ["Tên dự án", "Mục tiêu", "Lĩnh vực", "Loại dự án", "Thời gian thực hiện", "Nguồn vốn", "Tình trạng"], [
            ["Đường ven biển Đông Hải", "Kết nối các khu kinh tế ven biển", "Giao thông", "Nhóm A", "2026-2029", "Ngân sách trung ương, tỉnh", "Đang thi công"],
            ["Bệnh viện Sản - Nhi tỉnh", "Nâng cao chất lượng khám chữa bệnh", "Y tế", "Nhóm B", "2025-2027", "Ngân sách tỉnh", "Đang thực hiện"],
            ["Mua sắm thiết bị dạy học lớp 6-9", "Thực hiện chương trình GDPT 2018", "Giáo dục", "Mua sắm công", "2026", "Ngân sách tỉnh", "Đã lựa chọn nhà thầu"]])
        + paras("Thông báo mời thầu gói thầu số 05: Xây lắp đoạn Km0-Km12 đường ven biển (đăng ngày 10/11/2026)."))
    p.page(f"{W}/lay-y-kien-du-thao", "Lấy ý kiến dự thảo văn bản", ul([
        f"{a(pdfs(p, '/documents/du-thao/du-thao-quy-dinh-ho-tro-dau-tu.pdf', 'Du thao quy dinh ho tro dau tu', []), 'Dự thảo Nghị quyết quy định chính sách hỗ trợ đầu tư vào nông nghiệp')} - Thời hạn góp ý: đến hết ngày 05/12/2026. Ý kiến góp ý gửi về Sở Kế hoạch và Đầu tư, email: skhdt@hoaan.gov.vn",
        "Dự thảo Quyết định ban hành quy chế quản lý cụm công nghiệp - Thời hạn góp ý: 30/11/2026 (đã nhận 4 ý kiến góp ý)"])
        + '<form action="/web/guest/lay-y-kien-du-thao" method="post"><label for="gy">Nội dung góp ý</label><textarea id="gy" name="gopy"></textarea>'
          '<label for="em">Email</label><input id="em" name="email"><button type="submit">Gửi góp ý</button></form>')
    officials = [
        ["Đỗ Văn Thành", "Chánh Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh", "0257.3822.102", "dvthanh@hoaan.gov.vn"],
        ["Trương Thị Hoa", "Phó Chánh Văn phòng", "Văn phòng UBND tỉnh", "0257.3822.103", "tthoa@hoaan.gov.vn"],
        ["Lý Quang Vinh", "Giám đốc Trung tâm Phục vụ hành chính công", "Văn phòng UBND tỉnh", "0257.3822.180", "lqvinh@hoaan.gov.vn"],
        ["Võ Thị Hạnh", "Trưởng phòng Tiếp công dân", "Ban Tiếp công dân tỉnh", "0257.3822.111", "vthanh@hoaan.gov.vn"]]
    p.page(f"{W}/danh-ba", "Danh bạ điện thoại, thư điện tử", table(["Họ và tên", "Chức vụ", "Đơn vị", "Điện thoại", "Thư điện tử"],
                                                                   [[E(c) for c in r] for r in officials]))
    p.page(f"{W}/lien-he", "Liên hệ", paras("Văn phòng UBND tỉnh Hòa An",
                                           "Địa chỉ: Số 01 Đường Trần Hưng Đạo, phường Hòa Bình, TP. Hòa An",
                                           "Điện thoại: 0257.3822.101 - Fax: 0257.3822.199 - Email: ubnd@hoaan.gov.vn"))
    p.page(f"{W}/khoa-hoc-cong-nghe", "Chương trình, đề tài khoa học và công nghệ", table(
        ["Mã số", "Tên đề tài", "Cấp quản lý", "Lĩnh vực", "Đơn vị chủ trì", "Thời gian thực hiện", "Kết quả"], [
            ["ĐT.HA.01-2025", "Nghiên cứu giải pháp chống xâm nhập mặn vùng hạ lưu sông Vệ", "Cấp tỉnh", "Tài nguyên nước", "Trường Đại học Hòa An", "2025-2027", "Đang thực hiện"],
            ["ĐT.HA.07-2024", "Ứng dụng công nghệ số trong quản lý di tích", "Cấp tỉnh", "Văn hóa", "Bảo tàng tỉnh", "2024-2026", a("/documents/khcn/bao-cao-dt-ha-07-2024.pdf", "Báo cáo tổng hợp")]]))
    pdfs(p, "/documents/khcn/bao-cao-dt-ha-07-2024.pdf", "Bao cao tong hop de tai DT.HA.07-2024", [])
    p.page(f"{W}/thong-ke", "Số liệu thống kê", ul([
        a(pdfs(p, "/documents/thong-ke/tinh-hinh-ktxh-10-thang-2026.pdf", "Tinh hinh KT-XH 10 thang 2026", []),
          "Báo cáo tình hình kinh tế - xã hội 10 tháng năm 2026"),
        "Niên giám thống kê tỉnh Hòa An năm 2025", "Tốc độ tăng trưởng GRDP 9 tháng năm 2026 đạt 7,85%"]))
    p.page(f"{W}/hoi-dap", "Hỏi đáp", "".join(
        f'<div class="qa"><p class="q"><strong>Hỏi:</strong> {E(q)}</p><p class="ans"><strong>Trả lời:</strong> {E(r)}</p></div>' for q, r in [
            ("Thủ tục cấp lại giấy phép lái xe bị mất thực hiện ở đâu? (Trần Văn Nam, 10/11/2026)",
             "Ông nộp hồ sơ trực tuyến trên Cổng Dịch vụ công tỉnh hoặc tại Trung tâm Phục vụ hành chính công tỉnh (Sở Giao thông vận tải trả lời ngày 14/11/2026)."),
            ("Hộ kinh doanh cá thể có được hỗ trợ chuyển đổi số không? (Lê Thị Hoa, 01/11/2026)",
             "Theo Kế hoạch 215/KH-UBND, hộ kinh doanh được hỗ trợ 50% chi phí phần mềm kế toán trong năm đầu (Sở Khoa học và Công nghệ trả lời ngày 08/11/2026).")])
        + '<p><a href="/web/guest/hoi-dap/gui-cau-hoi">Gửi câu hỏi</a></p>')
    p.page(f"{W}/hoi-dap/gui-cau-hoi", "Gửi câu hỏi", '<form method="post"><label for="hoten">Họ tên</label><input id="hoten" name="hoten"><label for="nd">Nội dung</label><textarea id="nd" name="noidung"></textarea><button>Gửi</button></form>')
    p.page(f"{W}/dich-vu-cong", "Dịch vụ công trực tuyến", table(["Thủ tục", "Lĩnh vực", "Mức độ"], [
        ["Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng", "Mức độ 4 (toàn trình)"],
        ["Cấp giấy chứng nhận đăng ký doanh nghiệp", "Kế hoạch - Đầu tư", "Mức độ 4 (toàn trình)"],
        ["Cấp phép khai thác nước mặt", "Tài nguyên nước", "Mức độ 3 (một phần)"]])
        + f"<p>Thực hiện trực tuyến tại {a(DVC, 'Cổng Dịch vụ công tỉnh Hòa An')}.</p>")
    p.page(f"{W}/tim-kiem", "Tìm kiếm", search_form)
    # English
    en_nav = ""
    p.store("/en/index.html", theme_plain(_en(p), "/en/", "Hoa An Province Portal",
            "<p>Welcome to the official web portal of Hoa An Province People's Committee.</p>"
            + ul([a("/en/introduction", "Introduction"), a("/en/leaders", "Provincial leaders"), a("/en/contact", "Contact")]), None, en_nav).encode("utf-8"))
    p.store("/en/introduction.html", theme_plain(_en(p), "/en/introduction", "Introduction to Hoa An Province",
            paras("Hoa An is a coastal province in South Central Vietnam with an area of 5,135 km2 and a population of 1.27 million.",
                  "The Provincial People's Committee has 17 specialised agencies (departments) and 6 district-level units.",
                  "Functions: the People's Committee is the local state administrative body, implementing the Constitution, laws and resolutions of the People's Council."), None, "").encode("utf-8"))
    p.store("/en/leaders.html", theme_plain(_en(p), "/en/leaders", "Provincial leaders",
            ul(["Mr. Tran Quoc Hung - Chairman", "Ms. Nguyen Thi Thanh Ha - Standing Vice Chairwoman",
                "Mr. Le Minh Duc - Vice Chairman", "Mr. Pham Van Long - Vice Chairman"]), None, "").encode("utf-8"))
    p.store("/en/contact.html", theme_plain(_en(p), "/en/contact", "Contact",
            paras("Office of the Provincial People's Committee", "Address: 01 Tran Hung Dao Street, Hoa Binh Ward, Hoa An City",
                  "Phone: +84 257 3822 101 - Fax: +84 257 3822 199 - Email: ubnd@hoaan.gov.vn",
                  "Foreign affairs contact: Mr. Ly Quang Vinh, Director, Department of Foreign Affairs, phone +84 257 3822 150, email lqvinh@hoaan.gov.vn"), None, "").encode("utf-8"))
    p.store("/robots.txt", b"User-agent: *\nDisallow: /c/portal/\nDisallow: /group/\n", content_type="text/plain; charset=utf-8")
    pdfs(p, "/documents/chinh-sach.pdf", "Chinh sach", [])
    return [p, dichvucong()]


def _en(p: Portal) -> Portal:
    e = Portal(p.host, "Hoa An Province Portal", theme_plain, lang="en",
               nav=[("Home", "/en/", []), ("Introduction", "/en/introduction", []), ("Contact", "/en/contact", []),
                    ("Tiếng Việt", "/", [])],
               footer="<p>Hoa An Province People's Committee - 01 Tran Hung Dao St., Hoa An City - Tel: +84 257 3822 101 - Email: ubnd@hoaan.gov.vn</p>")
    return e


def dichvucong() -> Portal:
    """The provincial public-service portal (linked to, not in the registry)."""
    p = Portal("dichvucong.hoaan.gov.vn", "Cổng Dịch vụ công tỉnh Hòa An", theme_plain,
               nav=[("Trang chủ", "/", []), ("Thủ tục hành chính", "/thu-tuc-hanh-chinh", []), ("Tra cứu hồ sơ", "/tra-cuu", [])],
               footer="<p>Trung tâm Phục vụ hành chính công tỉnh Hòa An - Điện thoại: 0257.3822.180 - Email: dichvucong@hoaan.gov.vn</p>")
    p.page("/", "Cổng Dịch vụ công tỉnh Hòa An", "<p>Nộp hồ sơ trực tuyến, tra cứu kết quả giải quyết thủ tục hành chính.</p>")
    p.page("/thu-tuc-hanh-chinh", "Danh mục thủ tục hành chính", table(["Thủ tục", "Cơ quan", "Mức độ"], [
        ["Cấp giấy phép xây dựng", "Sở Xây dựng", "Toàn trình"], ["Cấp giấy phép môi trường", "Sở Tài nguyên và Môi trường", "Một phần"],
        ["Cấp chứng chỉ hành nghề khám chữa bệnh", "Sở Y tế", "Toàn trình"]]))
    p.page("/tra-cuu", "Tra cứu hồ sơ", '<form><label for="ma">Mã hồ sơ</label><input id="ma" name="ma"><button>Tra cứu</button></form>')
    return p


# ======================================================================================
# Generic section builder used by the department and district portals. ``U`` maps a
# section key to its URL on that portal (missing key: the portal has no such section);
# ``A`` holds the agency's facts. Decoys are added per portal after this.
# ======================================================================================
def sections(p: Portal, U: dict, A: dict, dc: bool) -> None:
    pub = A["name"]

    def add(key, title, body, **kw):
        if key in U:
            d = dc_for(title, pub, A["updated"], title, pub, p.host + U[key]) if dc else None
            p.page(U[key], title, body, dc=d, **kw)

    def docs(folder, items):
        rows = []
        for num, date, summary in items:
            path = pdfs(p, f"{A['files']}/{folder}/{num.replace('/', '-')}.pdf", num, [summary, date])
            rows.append([E(num), E(date), E(summary), a(path, "Tải về")])
        return table(["Số/Ký hiệu", "Ngày ban hành", "Trích yếu", "Tải về"], rows)

    # news
    arts = []
    for i, (d, title, lead) in enumerate(A["news"]):
        url = U["article"].format(i=i + 1, id=A.get("id0", 100) + i)
        body = article_body(d, lead, A.get("news_paras") or [
            "Tại buổi làm việc, các đơn vị đã báo cáo kết quả thực hiện nhiệm vụ và đề xuất giải pháp trong thời gian tới.",
            "Kết luận buổi làm việc, lãnh đạo đề nghị các phòng, đơn vị chủ động phối hợp, hoàn thành đúng tiến độ."],
            A.get("author", "Văn phòng"), A["short"])
        p.page(url, title, body, dc=dc_for(title, A.get("author", "Văn phòng"), d, lead, pub, p.host + url,
                                           full=A.get("dc_full", True)) if dc else None)
        arts.append((d, url, title, lead))
    add("news", A.get("news_label", "Tin tức - Sự kiện"),
        ul([f'{a(u, t)} <span class="date">({vn_date(d)})</span><p>{E(lnk)}</p>' for d, u, t, lnk in arts], "news-list"))
    A["_arts"] = arts

    add("functions", "Chức năng, nhiệm vụ, quyền hạn", A.get("functions", ""))
    if "structure" in U:
        p.store(f"{A['files']}/so-do-to-chuc.svg", svg_chart("Sơ đồ tổ chức " + A["short"], [A["short"]] + A["units"]))
        add("structure", "Cơ cấu tổ chức", f'<p><img src="{A["files"]}/so-do-to-chuc.svg" alt="Sơ đồ cơ cấu tổ chức {E(A["short"])}" width="800"></p>'
            + "<p>Cơ cấu tổ chức gồm Ban Giám đốc và các phòng, đơn vị:</p>" + ul([E(x) for x in A["units"]]))
    add("history", A.get("history_title", "Quá trình hình thành và phát triển"), paras(*A.get("history", [])))
    if "leaders" in U:
        body = ""
        for j, L in enumerate(A["leaders"]):
            if "leader" in U:
                lu = U["leader"].format(i=j + 1)
                p.page(lu, f"{L['position']} {L['name']}", bio_block(L))
                body += f'<div class="leader-item">{a(lu, L["position"] + " " + L["name"])}</div>'
            else:
                body += bio_block(L)
        add("leaders", A.get("leaders_title", "Lãnh đạo"), body)
    add("overview", "Tổng quan", paras(*A.get("overview", [])))
    add("geography", "Điều kiện tự nhiên", paras(*A.get("geography", [])))
    add("culture", "Lịch sử, văn hóa, di tích, danh thắng", paras(*A.get("culture", [])))
    if "map" in U:
        p.store(f"{A['files']}/ban-do-hanh-chinh.svg", svg_map("Bản đồ hành chính " + A["short"], A["communes"]))
        add("map", "Bản đồ hành chính", f'<figure><img src="{A["files"]}/ban-do-hanh-chinh.svg" alt="Bản đồ địa giới hành chính {E(A["short"])} đến cấp xã" width="800">'
            f"<figcaption>Bản đồ địa giới hành chính {E(A['short'])}: {len(A['communes'])} đơn vị hành chính cấp xã</figcaption></figure>")
    add("apparatus", "Tổ chức bộ máy", paras(*A.get("apparatus", [])))
    add("directions", A.get("directions_title", "Văn bản chỉ đạo điều hành"), docs("chi-dao", A.get("directions", [])))
    if "schedule" in U:
        add("schedule", A.get("schedule_title", "Lịch công tác"), A["schedule"])
    add("petitions", A.get("petitions_title", "Trả lời kiến nghị, phản ánh"), ul([E(x) for x in A.get("petitions", [])]))
    add("rewards", A.get("rewards_title", "Thi đua - Khen thưởng - Xử phạt"), ul([E(x) for x in A.get("rewards", [])]))
    add("dissemination", "Phổ biến, giáo dục pháp luật", ul([E(x) for x in A.get("dissemination", [])]))
    add("plans", A.get("plans_title", "Quy hoạch - Kế hoạch"), docs("quy-hoach", A.get("plans", [])))
    add("legal", A.get("legal_title", "Văn bản pháp luật"), docs("van-ban", A.get("legal", [])))
    add("projects", A.get("projects_title", "Dự án - Đấu thầu"), table(
        ["Tên dự án/gói thầu", "Mục tiêu", "Lĩnh vực", "Loại", "Thời gian", "Nguồn vốn", "Tình trạng"], [[E(c) for c in r] for r in A.get("projects", [])]))
    if "drafts" in U:
        add("drafts", A.get("drafts_title", "Lấy ý kiến góp ý dự thảo"), ul([E(x) for x in A.get("drafts", [])])
            + f'<p>Đơn vị tiếp nhận: Văn phòng, địa chỉ {E(A["address"])}, email {E(A["email"])}</p>'
              '<form method="post"><label for="gy">Ý kiến góp ý</label><textarea id="gy" name="gopy"></textarea><button>Gửi góp ý</button></form>')
    add("officials", A.get("officials_title", "Danh bạ"), table(["Họ và tên", "Chức vụ", "Đơn vị", "Điện thoại", "Email"],
                                                              [[E(c) for c in r] for r in A.get("officials", [])]))
    add("contact", "Liên hệ", paras(A["name"], f"Địa chỉ: {A['address']}", f"Điện thoại: {A['phone']}"
                                    + (f" - Fax: {A['fax']}" if A.get("fax") else ""))
        + (f'<p>Email: <a href="mailto:{E(A["email"])}">{E(A["email"])}</a></p>' if A.get("email") else ""))
    add("science", A.get("science_title", "Khoa học - Công nghệ"), table(
        ["Mã số", "Tên đề tài", "Cấp quản lý", "Lĩnh vực", "Đơn vị chủ trì", "Thời gian", "Kết quả"], [[E(c) for c in r] for r in A.get("science", [])]))
    add("stats", A.get("stats_title", "Thống kê"), ul([E(x) for x in A.get("stats", [])]))
    if "qa" in U:
        add("qa", "Hỏi đáp", "".join(f'<div class="qa"><p><strong>Câu hỏi:</strong> {E(q)}</p><p><strong>Trả lời:</strong> {E(r)}</p></div>'
                                     for q, r in A.get("qa", [])))
    if "services" in U:
        add("services", A.get("services_title", "Thủ tục hành chính - Dịch vụ công"),
            table(["Thủ tục", "Lĩnh vực", "Mức độ"], [[E(c) for c in r] for r in A.get("services", [])])
            + (f"<p>Nộp hồ sơ trực tuyến tại {a(DVC, 'Cổng Dịch vụ công tỉnh Hòa An')}</p>" if A.get("dvc_link", True) else ""))


def sitemap_page(p: Portal, url: str, title: str = "Sơ đồ cổng thông tin") -> None:
    items = []
    for label, href, kids in p.nav:
        sub = ul([a(h, lb) for lb, h in kids]) if kids else ""
        items.append(a(href, label) + sub)
    p.page(url, title, ul(items, "sitemap-tree"))


def home_page(p: Portal, A: dict, extra: str = "", dc: bool = False, **kw) -> None:
    arts = A["_arts"]
    body = ('<div class="tin-moi"><h3>Tin mới</h3>' + ul([f'{a(u, t)} <em>{vn_date(d)}</em>' for d, u, t, _ in arts[:6]]) + "</div>" + extra)
    d = dc_for(p.name, A["name"], A["updated"], p.name, A["name"], p.host) if dc else None
    p.page("/", "Trang chủ", body, dc=d, **kw)


def leader(name, position, duties, bio=True, **kw):
    base = dict(name=name, position=position, born=kw.get("born", "15/08/1975"), home=kw.get("home", "tỉnh Hòa An"),
                degree=kw.get("degree", "Thạc sĩ"), career=kw.get("career", "Công tác tại Sở từ năm 2002; giữ chức vụ hiện nay từ năm 2021."),
                duties=duties, bio=bio)
    base.update({k: v for k, v in kw.items() if k in ("phone", "email", "duties_label")})
    return base


def week47(events_by_day, title="Lịch công tác tuần 47 năm 2026 (từ ngày 16/11 đến ngày 22/11/2026)"):
    return f"<h3>{E(title)}</h3>" + schedule_table(week_days(16, 11, 2026, events_by_day))


def links_box(items) -> str:
    return '<div class="lien-ket"><h3>Liên kết website</h3>' + ul([a(u, n) for n, u in items]) + "</div>"


# ======================================================================================
# 2. sxd.hoaan.gov.vn — Sở Xây dựng, DNN/.aspx CamelCase + ?ItemID= URLs. Good.
#    Some pages are served with "text/html" and no charset (meta says UTF-8): still Unicode.
# ======================================================================================
def sxd() -> Portal:
    U = {"news": "/TinTuc.aspx", "article": "/TinTuc/ChiTiet.aspx?ItemID={id}",
         "functions": "/GioiThieu/ChucNangNhiemVu.aspx", "structure": "/GioiThieu/CoCauToChuc.aspx",
         "history": "/GioiThieu/LichSuHinhThanh.aspx", "leaders": "/GioiThieu/LanhDaoSo.aspx", "leader": "/GioiThieu/LanhDao.aspx?id={i}",
         "directions": "/ChiDaoDieuHanh.aspx", "schedule": "/LichCongTac.aspx", "petitions": "/TraLoiKienNghi.aspx",
         "rewards": "/ThanhTra/KhenThuongXuPhat.aspx", "dissemination": "/PhoBienPhapLuat.aspx", "plans": "/QuyHoachKeHoach.aspx",
         "legal": "/VanBan.aspx", "projects": "/DuAnDauThau.aspx", "drafts": "/GopYDuThao.aspx", "officials": "/DanhBa.aspx",
         "contact": "/LienHe.aspx", "science": "/KhoaHocCongNghe.aspx", "stats": "/ThongKe.aspx", "qa": "/HoiDap.aspx",
         "services": "/ThuTucHanhChinh.aspx"}
    A: dict[str, Any] = dict(name="Sở Xây dựng tỉnh Hòa An", short="Sở Xây dựng", updated="2026-11-19", files="/Portals/0/Files",
             address="Số 18 Đường Lê Lợi, phường Hòa Bình, TP. Hòa An", phone="0257.3822.456", fax="0257.3822.457",
             email="sxd@hoaan.gov.vn", id0=1021, author="Phòng Quản lý xây dựng",
             units=["Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý xây dựng", "Phòng Quy hoạch - Kiến trúc",
                    "Phòng Phát triển đô thị", "Phòng Nhà ở và Thị trường BĐS", "Trung tâm Kiểm định chất lượng xây dựng"],
             functions=paras("Sở Xây dựng là cơ quan chuyên môn thuộc UBND tỉnh Hòa An, có chức năng tham mưu, giúp UBND tỉnh quản lý nhà nước về: quy hoạch xây dựng, kiến trúc; hoạt động đầu tư xây dựng; phát triển đô thị; hạ tầng kỹ thuật; nhà ở; thị trường bất động sản; vật liệu xây dựng.",
                             "Nhiệm vụ và quyền hạn: trình UBND tỉnh dự thảo quyết định, chỉ thị; tổ chức thẩm định đồ án quy hoạch; cấp giấy phép xây dựng; thanh tra, kiểm tra, xử lý vi phạm trong lĩnh vực xây dựng.",
                             "Các phòng chuyên môn thực hiện nhiệm vụ theo Quyết định 12/QĐ-SXD ngày 05/01/2024 của Giám đốc Sở."),
             history=["Sở Xây dựng tỉnh Hòa An được thành lập năm 1989 khi tái lập tỉnh, trên cơ sở Ty Kiến trúc cũ.",
                      "Qua hơn 35 năm xây dựng và phát triển, Sở được tặng Huân chương Lao động hạng Nhì (2014), hạng Nhất (2024)."],
             leaders=[leader("Võ Thành Trung", "Giám đốc Sở", "Phụ trách chung, lãnh đạo toàn diện các mặt công tác của Sở; trực tiếp phụ trách công tác tổ chức cán bộ, tài chính, thanh tra.",
                             degree="Kỹ sư Xây dựng, Thạc sĩ Quản lý đô thị", born="02/02/1971", phone="0257.3822.458", email="vttrung@hoaan.gov.vn"),
                      leader("Đặng Thị Mai", "Phó Giám đốc", "Giúp Giám đốc phụ trách lĩnh vực quy hoạch - kiến trúc, phát triển đô thị, hạ tầng kỹ thuật.",
                             degree="Kiến trúc sư", born="11/11/1978", phone="0257.3822.459", email="dtmai@hoaan.gov.vn"),
                      leader("Huỳnh Văn Tâm", "Phó Giám đốc", "Giúp Giám đốc phụ trách lĩnh vực quản lý hoạt động xây dựng, nhà ở và thị trường bất động sản, vật liệu xây dựng.",
                             degree="Kỹ sư Kinh tế xây dựng", born="07/07/1976", phone="0257.3822.460", email="hvtam@hoaan.gov.vn")],
             news=[("2026-11-19", "Kiểm tra chất lượng công trình trường học tại huyện Lai Sơn", "Đoàn kiểm tra của Sở đã kiểm tra 6 công trình trường học xây mới."),
                   ("2026-11-17", "Hội nghị tập huấn Luật Xây dựng sửa đổi", "Hơn 200 cán bộ cấp huyện, xã tham dự tập huấn."),
                   ("2026-11-13", "Công bố giá vật liệu xây dựng quý IV/2026", "Sở Xây dựng công bố giá vật liệu xây dựng trên địa bàn tỉnh."),
                   ("2026-11-05", "Thẩm định đồ án quy hoạch chung đô thị Phú Mỹ", "Hội đồng thẩm định thông qua đồ án quy hoạch chung đến năm 2045."),
                   ("2026-10-29", "Phát triển nhà ở xã hội năm 2026", "Toàn tỉnh khởi công 3 dự án nhà ở xã hội với 1.850 căn hộ.")],
             directions=[("2231/SXD-QLXD", "16/11/2026", "Về việc tăng cường quản lý trật tự xây dựng cuối năm"),
                         ("2190/SXD-VP", "09/11/2026", "Triển khai kế hoạch cải cách hành chính năm 2027")],
             schedule=week47([[("08h00", "Giám đốc Võ Thành Trung họp giao ban Sở"), ("14h00", "PGĐ Đặng Thị Mai họp thẩm định quy hoạch Phú Mỹ")],
                              [("08h00", "PGĐ Huỳnh Văn Tâm kiểm tra công trình tại Lai Sơn")], [("08h00", "Giám đốc dự Hội nghị xúc tiến đầu tư")],
                              [("08h00", "Tập huấn Luật Xây dựng sửa đổi")], [("08h00", "Giám đốc dự phiên họp UBND tỉnh")], [], []])
                      + "<h3>Lịch công tác tuần 48 (23/11 - 29/11/2026)</h3><p>Thứ Hai 23/11/2026, 08h00: Giám đốc tiếp công dân định kỳ.</p>",
             petitions=["Trả lời kiến nghị của cử tri huyện Bình Sơn về cấp phép xây dựng nhà ở nông thôn (11/11/2026)",
                        "Phản hồi phản ánh của ông Lê Văn Hải về công trình xây dựng sai phép tại phường Hòa Bình (03/11/2026)"],
             rewards=["Quyết định 455/QĐ-SXD ngày 12/11/2026 khen thưởng 8 tập thể hoàn thành xuất sắc nhiệm vụ",
                      "Quyết định xử phạt vi phạm hành chính số 31/QĐ-XPHC ngày 06/11/2026 đối với Công ty TNHH Xây dựng Minh Phát (thi công không phép), phạt 40.000.000 đồng"],
             dissemination=["Tuyên truyền Luật Nhà ở 2023 và Luật Kinh doanh bất động sản 2023 (10/11/2026)", "Hướng dẫn thủ tục cấp phép xây dựng nhà ở riêng lẻ (25/10/2026)"],
             plans=[("1122/QĐ-UBND", "12/06/2025", "Chương trình phát triển nhà ở tỉnh Hòa An giai đoạn 2021-2030"),
                    ("845/QĐ-UBND", "20/04/2026", "Kế hoạch phát triển đô thị tỉnh Hòa An năm 2026")],
             legal=[("15/2026/QĐ-UBND", "02/11/2026", "Quy định phân cấp cấp giấy phép xây dựng trên địa bàn tỉnh"),
                    ("08/2026/QĐ-UBND", "15/05/2026", "Ban hành đơn giá xây dựng công trình")],
             projects=[["Trụ sở Trung tâm Kiểm định", "Nâng cao năng lực kiểm định", "Xây dựng", "Nhóm C", "2026-2027", "Ngân sách tỉnh", "Đang đấu thầu"],
                       ["Gói thầu mua sắm thiết bị thí nghiệm vật liệu", "Trang bị phòng thí nghiệm", "Xây dựng", "Mua sắm công", "2026", "Sự nghiệp", "Đã ký hợp đồng"]],
             drafts=["Dự thảo Quyết định quy định quản lý cây xanh đô thị - thời hạn góp ý đến 10/12/2026 (2 ý kiến đã góp)"],
             officials=[["Nguyễn Hữu Phước", "Chánh Văn phòng", "Văn phòng Sở", "0257.3822.461", "nhphuoc@hoaan.gov.vn"],
                        ["Trần Thị Thu", "Chánh Thanh tra", "Thanh tra Sở", "0257.3822.462", "ttthu@hoaan.gov.vn"],
                        ["Phan Văn Quý", "Trưởng phòng Quản lý xây dựng", "Phòng QLXD", "0257.3822.463", "pvquy@hoaan.gov.vn"]],
             science=[["XD.01-2025", "Nghiên cứu sử dụng tro xỉ nhiệt điện làm vật liệu san lấp", "Cấp tỉnh", "Vật liệu xây dựng", "Trung tâm Kiểm định", "2025-2026", "Đã nghiệm thu"]],
             stats=["Báo cáo thống kê ngành xây dựng 9 tháng năm 2026", "Số liệu cấp phép xây dựng quý III/2026: 1.245 giấy phép"],
             qa=[("Xây nhà 2 tầng ở nông thôn có cần giấy phép không? (12/11/2026)", "Theo Luật Xây dựng, nhà ở riêng lẻ ở nông thôn không thuộc khu vực có quy hoạch được miễn giấy phép (trả lời ngày 15/11/2026).")],
             services=[["Cấp giấy phép xây dựng", "Hoạt động xây dựng", "Mức độ 4"], ["Cấp chứng chỉ hành nghề", "Hoạt động xây dựng", "Mức độ 4"],
                       ["Thẩm định thiết kế cơ sở", "Hoạt động xây dựng", "Mức độ 3"]])
    nav = [("Trang chủ", "/", []),
           ("Giới thiệu", U["functions"], [("Chức năng nhiệm vụ", U["functions"]), ("Cơ cấu tổ chức", U["structure"]),
                                           ("Lịch sử hình thành", U["history"]), ("Lãnh đạo Sở", U["leaders"])]),
           ("Tin tức", U["news"], []),
           ("Chỉ đạo điều hành", U["directions"], [("Lịch công tác", U["schedule"]), ("Trả lời kiến nghị", U["petitions"]),
                                                   ("Khen thưởng - Xử phạt", U["rewards"])]),
           ("Văn bản", U["legal"], [("Phổ biến pháp luật", U["dissemination"]), ("Góp ý dự thảo", U["drafts"])]),
           ("Quy hoạch - Kế hoạch", U["plans"], []), ("Dự án", U["projects"], []), ("KHCN", U["science"], []),
           ("Thống kê", U["stats"], []), ("Thủ tục hành chính", U["services"], []), ("Hỏi đáp", U["qa"], []),
           ("Liên hệ", U["contact"], [("Danh bạ", U["officials"])]), ("Sơ đồ site", "/SoDoSite.aspx", [])]
    footer = footer_block("SỞ XÂY DỰNG TỈNH HÒA AN", A["address"], A["phone"], A["fax"], A["email"],
                          "<p>Chịu trách nhiệm chính: Giám đốc Sở Xây dựng Võ Thành Trung</p>"
                          + links_box([("Cổng TTĐT tỉnh Hòa An", PROVINCE), ("Cổng Dịch vụ công tỉnh", DVC),
                                       ("Sở Tài nguyên và Môi trường", "http://stnmt.hoaan.gov.vn/")]))
    form = '<form action="/TimKiem.aspx" method="get" role="search"><label for="txtq">Tìm kiếm</label><input id="txtq" name="q" type="text"><input type="submit" value="Tìm"></form>'
    p = Portal("sxd.hoaan.gov.vn", "Sở Xây dựng tỉnh Hòa An", theme_dnn, toolbar="working", footer=footer, nav=nav,
               search={"path": "/TimKiem.aspx", "param": "q"}, search_form=form)
    sections(p, U, A, dc=True)
    home_page(p, A, f'<div class="box">{a(U["schedule"], "Lịch công tác tuần")} | {a(DVC, "Dịch vụ công trực tuyến")}</div>', dc=True)
    sitemap_page(p, "/SoDoSite.aspx", "Sơ đồ site")
    p.page("/TimKiem.aspx", "Tìm kiếm", form)
    for url in (U["history"], U["structure"], U["functions"]):  # served without charset; <meta> says UTF-8
        p.meta["paths"].setdefault(url, {})["content_type"] = "text/html"
    return p


# ======================================================================================
# 3. stnmt.hoaan.gov.vn — Sở TN&MT, SharePoint-like; the TOP MENU IS BUILT BY JAVASCRIPT
#    (/SiteAssets/js/topnav.js). Medium: stale schedule, fake A+ button, empty draft page,
#    no rewards/sanctions, no science, no metadata, only sitemap.xml (no site-map page).
# ======================================================================================
def stnmt() -> Portal:
    U = {"news": "/tin-tuc/Pages/default.aspx", "article": "/tin-tuc/Pages/tin-{id}.aspx",
         "functions": "/Pages/chuc-nang-nhiem-vu.aspx", "structure": "/Pages/co-cau-to-chuc.aspx",
         "history": "/Pages/qua-trinh-phat-trien.aspx", "leaders": "/Pages/ban-giam-doc.aspx",
         "directions": "/Pages/van-ban-chi-dao.aspx", "schedule": "/Pages/lich-lam-viec.aspx", "petitions": "/Pages/tra-loi-phan-anh.aspx",
         "dissemination": "/Pages/pho-bien-phap-luat.aspx", "plans": "/Pages/quy-hoach.aspx", "legal": "/Pages/van-ban-phap-luat.aspx",
         "projects": "/Pages/du-an.aspx", "officials": "/Pages/danh-ba.aspx", "contact": "/Pages/lien-he.aspx",
         "stats": "/Pages/thong-ke.aspx", "qa": "/Pages/hoi-dap.aspx", "services": "/Pages/thu-tuc-hanh-chinh.aspx"}
    fn_pdf = "/SiteAssets/files/QD-quy-dinh-chuc-nang-nhiem-vu-STNMT.pdf"
    A: dict[str, Any] = dict(name="Sở Tài nguyên và Môi trường tỉnh Hòa An", short="Sở Tài nguyên và Môi trường", updated="2026-11-05",
             files="/SiteAssets/files", address="Số 5 Đường Nguyễn Huệ, phường Hòa Bình, TP. Hòa An", phone="0257.3823.200",
             fax="0257.3823.201", email="stnmt@hoaan.gov.vn", id0=2301, author="Văn phòng Sở",
             units=["Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý đất đai", "Phòng Môi trường", "Phòng Tài nguyên nước - Khoáng sản",
                    "Chi cục Bảo vệ môi trường", "Văn phòng Đăng ký đất đai"],
             functions=f'<p>Sở Tài nguyên và Môi trường thực hiện chức năng, nhiệm vụ, quyền hạn theo Quyết định số 21/2023/QĐ-UBND của UBND tỉnh: tham mưu quản lý nhà nước về đất đai, tài nguyên nước, khoáng sản, môi trường, khí tượng thủy văn, biển và hải đảo.</p><p>{a(fn_pdf, "Toàn văn Quyết định quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức (PDF)")}</p>',
             history=["Năm 2003, Sở Tài nguyên và Môi trường được thành lập trên cơ sở hợp nhất Sở Địa chính và bộ phận quản lý tài nguyên, môi trường của Sở Khoa học, Công nghệ và Môi trường.",
                      "Giai đoạn 2003-2026: Sở hoàn thành đo đạc bản đồ địa chính chính quy toàn tỉnh, xây dựng cơ sở dữ liệu đất đai."],
             leaders=[leader("Ngô Văn Bình", "Giám đốc Sở", "Phụ trách chung; trực tiếp chỉ đạo lĩnh vực đất đai, tổ chức cán bộ, thanh tra.", degree="Kỹ sư Quản lý đất đai"),
                      leader("Lương Thị Hồng", "Phó Giám đốc Sở", "Phụ trách lĩnh vực môi trường, biến đổi khí hậu, Chi cục Bảo vệ môi trường.", degree="Thạc sĩ Khoa học môi trường"),
                      leader("Trịnh Quang Vinh", "Phó Giám đốc Sở", "Phụ trách lĩnh vực tài nguyên nước, khoáng sản, đo đạc bản đồ.", degree="Kỹ sư Địa chất")],
             leaders_title="Ban Giám đốc Sở",
             news=[("2026-11-05", "Ra quân làm sạch bờ biển Đông Hải", "Hơn 500 đoàn viên thanh niên tham gia thu gom rác thải nhựa."),
                   ("2026-10-27", "Tổng kiểm tra công tác cấp giấy chứng nhận quyền sử dụng đất", "Đoàn kiểm tra làm việc tại 6 huyện, thị xã, thành phố."),
                   ("2026-10-15", "Quan trắc môi trường nước mặt quý III", "Kết quả quan trắc 42 điểm trên các sông chính."),
                   ("2026-09-30", "Hội thảo ứng phó biến đổi khí hậu vùng ven biển", "Các chuyên gia thảo luận giải pháp thích ứng.")],
             schedule="<h3>Lịch làm việc của Ban Giám đốc tuần 38 (từ 14/9/2026 đến 18/9/2026)</h3>"
                      + schedule_table(week_days(14, 9, 2026, [[("08h00", "Giám đốc họp giao ban")], [("08h00", "PGĐ Lương Thị Hồng đi kiểm tra môi trường KCN Phú Mỹ")],
                                                               [("14h00", "PGĐ Trịnh Quang Vinh họp Hội đồng đánh giá trữ lượng khoáng sản")], [], [("08h00", "Giám đốc dự họp UBND tỉnh")]])),
             schedule_title="Lịch làm việc của lãnh đạo Sở",
             directions=[("3120/STNMT-VP", "02/11/2026", "Về việc triển khai kiểm kê đất đai năm 2026"),
                         ("3011/STNMT-MT", "20/10/2026", "Tăng cường kiểm soát ô nhiễm tại các cơ sở sản xuất")],
             petitions=["Trả lời phản ánh của người dân xã Bình Trung về mùi hôi từ cơ sở chế biến thủy sản (30/10/2026)",
                        "Trả lời kiến nghị của cử tri huyện Lai Sơn về cấp giấy chứng nhận quyền sử dụng đất (16/10/2026)"],
             dissemination=["Tuyên truyền Luật Bảo vệ môi trường 2020 và Nghị định 08/2022/NĐ-CP (04/11/2026)", "Hướng dẫn phân loại rác thải sinh hoạt tại nguồn (20/10/2026)"],
             plans=[("2134/QĐ-UBND", "30/12/2025", "Kế hoạch sử dụng đất năm 2026 tỉnh Hòa An"),
                    ("1510/QĐ-UBND", "15/08/2024", "Kế hoạch bảo vệ môi trường tỉnh giai đoạn 2024-2030")],
             legal=[("20/2026/QĐ-UBND", "15/09/2026", "Quy định hạn mức giao đất ở"), ("11/2026/QĐ-UBND", "10/06/2026", "Quy định thu gom, xử lý chất thải rắn sinh hoạt")],
             projects=[["Xây dựng cơ sở dữ liệu đất đai giai đoạn 2", "Hoàn thiện CSDL đất đai", "Đất đai", "Nhóm B", "2025-2027", "Ngân sách tỉnh", "Đang thực hiện"]],
             officials=[["Đinh Thị Thảo", "Chánh Văn phòng Sở", "Văn phòng", "0257.3823.202", "dtthao@hoaan.gov.vn"],
                        ["Bùi Quang Huy", "Chi cục trưởng", "Chi cục Bảo vệ môi trường", "0257.3823.210", "bqhuy@hoaan.gov.vn"]],
             stats=["Báo cáo hiện trạng môi trường tỉnh Hòa An năm 2025", "Thống kê diện tích đất đai năm 2025"],
             qa=[("Hồ sơ cấp đổi sổ đỏ gồm những gì? (20/10/2026)", "Gồm đơn đề nghị cấp đổi theo mẫu số 10/ĐK và bản gốc giấy chứng nhận đã cấp (trả lời 25/10/2026).")],
             services=[["Cấp giấy phép môi trường", "Môi trường", "Mức độ 3"], ["Đăng ký biến động đất đai", "Đất đai", "Mức độ 4"]])
    p = Portal("stnmt.hoaan.gov.vn", "Sở Tài nguyên và Môi trường tỉnh Hòa An", theme_sharepoint, toolbar="fake",
               footer=footer_block("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG TỈNH HÒA AN", A["address"], A["phone"], A["fax"], A["email"],
                                   links_box([("Cổng TTĐT tỉnh Hòa An", PROVINCE), ("Dịch vụ công", DVC)])),
               search={"path": "/_layouts/15/osssearchresults.aspx", "param": "k"},
               search_form='<form action="/_layouts/15/osssearchresults.aspx" method="get" role="search"><label for="k">Tìm kiếm trên trang</label><input id="k" name="k" type="search"><button type="submit">Tìm</button></form>')
    pdfs(p, fn_pdf, "Quyet dinh quy dinh chuc nang, nhiem vu, quyen han STNMT", ["21/2023/QD-UBND"])
    sections(p, U, A, dc=False)
    home_page(p, A, '<div class="box"><h3>Thông báo</h3><p>Thông báo lịch tiếp công dân tháng 11/2026.</p></div>', dc=False)
    p.store("/Pages/default.aspx", p.files.pop("index.html"))
    p.override("/", redirect="/Pages/default.aspx", status=302)
    # decoy: a menu item leading to an (almost) empty page
    p.page("/Pages/gop-y-du-thao.aspx", "Góp ý dự thảo văn bản", '<div class="ms-rtestate-field">&#8203;</div><p>Chưa có dữ liệu.</p>')
    menu = [
        {"t": "Trang chủ", "u": "/Pages/default.aspx"},
        {"t": "Giới thiệu", "u": U["functions"], "c": [["Chức năng, nhiệm vụ", U["functions"]], ["Cơ cấu tổ chức", U["structure"]],
                                                        ["Quá trình phát triển", U["history"]], ["Ban Giám đốc", U["leaders"]]]},
        {"t": "Tin tức - Sự kiện", "u": U["news"]},
        {"t": "Chỉ đạo điều hành", "u": U["directions"], "c": [["Lịch làm việc của lãnh đạo", U["schedule"]], ["Trả lời phản ánh, kiến nghị", U["petitions"]]]},
        {"t": "Văn bản", "u": U["legal"], "c": [["Phổ biến giáo dục pháp luật", U["dissemination"]], ["Góp ý dự thảo", "/Pages/gop-y-du-thao.aspx"]]},
        {"t": "Quy hoạch - Kế hoạch", "u": U["plans"]}, {"t": "Dự án", "u": U["projects"]}, {"t": "Thống kê", "u": U["stats"]},
        {"t": "Thủ tục hành chính", "u": U["services"]}, {"t": "Hỏi đáp", "u": U["qa"]},
        {"t": "Liên hệ", "u": U["contact"], "c": [["Danh bạ", U["officials"]]]}]
    js = ("var TopNav={items:" + json.dumps(menu, ensure_ascii=False) + ",render:function(id){var box=document.getElementById(id);"
          "if(!box)return;var ul=document.createElement('ul');ul.className='ms-core-listMenu-root static';"
          "TopNav.items.forEach(function(it){var li=document.createElement('li');var x=document.createElement('a');x.href=it.u;x.textContent=it.t;"
          "x.className='static menu-item';li.appendChild(x);if(it.c){var s=document.createElement('ul');it.c.forEach(function(c){"
          "var l2=document.createElement('li');var y=document.createElement('a');y.href=c[1];y.textContent=c[0];l2.appendChild(y);s.appendChild(l2);});"
          "li.appendChild(s);}ul.appendChild(li);});box.appendChild(ul);}};\n")
    p.store("/SiteAssets/js/topnav.js", js.encode("utf-8"))
    urls = ["/Pages/default.aspx"] + [v for k, v in U.items() if k not in ("article",)] + [u for _, u, _, _ in A["_arts"]]
    p.store("/sitemap.xml", ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                             + "".join(f"<url><loc>http://stnmt.hoaan.gov.vn{u}</loc></url>\n" for u in urls) + "</urlset>\n").encode())
    p.store("/robots.txt", b"User-agent: *\nDisallow: /_layouts/\nAllow: /_layouts/15/osssearchresults.aspx\nSitemap: http://stnmt.hoaan.gov.vn/sitemap.xml\n",
            content_type="text/plain")
    return p


# ======================================================================================
# 4. sgddt.hoaan.gov.vn — Sở GD&ĐT, Joomla with query-string URLs. Poor.
# ======================================================================================
def sgddt() -> Portal:
    J = "/index.php?option=com_content&view={v}&id={id}&Itemid={it}"
    U = {"news": J.format(v="category", id=8, it=102), "article": "/index.php?option=com_content&view=article&id={id}&catid=8&Itemid=102",
         "functions": J.format(v="article", id=2, it=101), "structure": J.format(v="article", id=3, it=101),
         "leaders": J.format(v="article", id=4, it=101), "directions": J.format(v="category", id=9, it=103),
         "dissemination": J.format(v="category", id=10, it=104), "plans": J.format(v="category", id=11, it=105),
         "legal": J.format(v="category", id=12, it=106), "officials": J.format(v="article", id=14, it=108),
         "contact": "/index.php?option=com_contact&view=contact&id=1&Itemid=109"}
    A: dict[str, Any] = dict(name="Sở Giáo dục và Đào tạo tỉnh Hòa An", short="Sở GD&ĐT Hòa An", updated="2025-12-18", files="/images/stories/files",
             address="Số 22 Đường Phan Bội Châu, TP. Hòa An", phone="0257.3824.300", fax="0257.3824.301", email="sgddt.hoaan@gmail.com",
             id0=101, author="Phòng GDTrH",
             units=["Văn phòng", "Thanh tra", "Phòng Tổ chức cán bộ", "Phòng Giáo dục Mầm non - Tiểu học", "Phòng Giáo dục Trung học",
                    "Phòng Khảo thí và Kiểm định chất lượng"],
             functions=paras("Sở Giáo dục và Đào tạo là cơ quan chuyên môn thuộc UBND tỉnh, có chức năng tham mưu, giúp UBND tỉnh quản lý nhà nước về giáo dục và đào tạo.",
                             "Nhiệm vụ, quyền hạn: trình UBND tỉnh kế hoạch phát triển giáo dục; hướng dẫn, kiểm tra việc thực hiện chương trình, kế hoạch giáo dục; quản lý các kỳ thi; các phòng chuyên môn thực hiện nhiệm vụ theo phân công của Giám đốc."),
             leaders=[leader("Phan Thị Kim Oanh", "Giám đốc Sở", "Phụ trách chung, công tác tổ chức cán bộ, tài chính.", bio=False),
                      leader("Hồ Văn Sơn", "Phó Giám đốc", "Phụ trách giáo dục trung học, khảo thí.", bio=False),
                      leader("Lâm Quốc Bảo", "Phó Giám đốc", "Phụ trách giáo dục mầm non, tiểu học, cơ sở vật chất.", bio=False)],
             leaders_title="Lãnh đạo Sở",
             news=[("2025-12-18", "Tổng kết Hội khỏe Phù Đổng cấp tỉnh", "Hơn 1.200 vận động viên học sinh tham gia."),
                   ("2025-12-05", "Hội nghị giao ban hiệu trưởng THPT học kỳ I", "Theo lịch công tác của lãnh đạo Sở, hội nghị giao ban được tổ chức tại Trường THPT chuyên Hòa An."),
                   ("2025-11-20", "Mít tinh kỷ niệm Ngày Nhà giáo Việt Nam 20/11/2025", "Tuyên dương 85 nhà giáo tiêu biểu."),
                   ("2025-10-30", "Tập huấn chương trình giáo dục phổ thông 2018 môn Tin học", "120 giáo viên cốt cán tham dự.")],
             news_paras=["Theo lịch công tác tuần của lãnh đạo Sở, Phó Giám đốc Hồ Văn Sơn chủ trì hội nghị.",
                         "Các đơn vị được yêu cầu báo cáo kết quả học kỳ I trước ngày 10/01/2026."],
             directions=[("1850/SGDĐT-VP", "10/12/2025", "Hướng dẫn tổ chức kiểm tra học kỳ I năm học 2025-2026")],
             dissemination=["Tuyên truyền Luật Nhà giáo năm 2025 (28/11/2025)", "Phổ biến quy định về phòng chống bạo lực học đường (10/10/2025)"],
             plans=[("2456/KH-SGDĐT", "05/09/2025", "Kế hoạch thực hiện nhiệm vụ năm học 2025-2026"),
                    ("1210/QĐ-UBND", "20/06/2022", "Quy hoạch mạng lưới trường học tỉnh Hòa An đến năm 2030")],
             legal=[("22/2025/TT-BGDĐT", "15/08/2025", "Thông tư ban hành Điều lệ trường trung học"),
                    ("1890/QĐ-UBND", "02/08/2025", "Quyết định ban hành khung kế hoạch thời gian năm học 2025-2026")],
             officials=[["Nguyễn Văn Tuấn", "Chánh Văn phòng", "Văn phòng Sở", "0257.3824.302", "tuanvp.sgd@gmail.com"],
                        ["Lê Thị Ngọc", "Trưởng phòng GDTrH", "Phòng GDTrH", "0257.3824.310", "ngocgdtrh@gmail.com"]])
    nav = [("Trang chủ", "/", []),
           ("Giới thiệu", U["functions"], [("Chức năng nhiệm vụ", U["functions"]), ("Cơ cấu tổ chức", U["structure"]), ("Lãnh đạo Sở", U["leaders"])]),
           ("Tin tức", U["news"], []), ("Văn bản chỉ đạo", U["directions"], []),
           ("Thi đua - Khen thưởng", J.format(v="category", id=13, it=107), []),  # decoy: empty page
           ("Pháp luật", U["dissemination"], []), ("Kế hoạch", U["plans"], []), ("Văn bản", U["legal"], []),
           ("Hỏi đáp", "/index.php?option=com_qa&view=questions&Itemid=110", []),  # decoy: 404
           ("Danh bạ", U["officials"], []), ("Liên hệ", U["contact"], [])]
    p = Portal("sgddt.hoaan.gov.vn", "Sở Giáo dục và Đào tạo tỉnh Hòa An", theme_joomla, lang=None, nav=nav,
               footer=footer_block("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH HÒA AN", A["address"], A["phone"], A["fax"], A["email"],
                                   "<p>Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>"),
               search_form='<form action="/tim-kiem.html" method="get"><input type="text" name="searchword" value="Tìm kiếm..." onfocus="this.value=\'\'"><input type="submit" value="Tìm"></form>')
    sections(p, U, A, dc=False)
    home_page(p, A)
    p.page(J.format(v="category", id=13, it=107), "Thi đua - Khen thưởng", "<p>Đang cập nhật...</p>")
    p.override("/index.php?option=com_qa&view=questions&Itemid=110", status=404)
    p.page("/tim-kiem.html", "Tìm kiếm", "<p>Không tìm thấy kết quả nào.</p>")
    return p


# ======================================================================================
# 5. binhson.hoaan.gov.vn — UBND huyện Bình Sơn, home-grown PHP with .html URLs. Good-ish:
#    only two of the three environmental items (no polluted-area list); schedule as PDFs.
# ======================================================================================
def binhson() -> Portal:
    U = {"news": "/tin-tuc.html", "article": "/tin-tuc/tin-{id}.html", "overview": "/gioi-thieu/tong-quan.html",
         "geography": "/gioi-thieu/dieu-kien-tu-nhien.html", "culture": "/gioi-thieu/lich-su-van-hoa.html",
         "map": "/gioi-thieu/ban-do-hanh-chinh.html", "apparatus": "/gioi-thieu/to-chuc-bo-may.html",
         "leaders": "/gioi-thieu/lanh-dao-huyen.html", "directions": "/chi-dao-dieu-hanh.html", "petitions": "/tra-loi-kien-nghi.html",
         "rewards": "/thi-dua-khen-thuong.html", "dissemination": "/pho-bien-phap-luat.html", "plans": "/quy-hoach-ke-hoach.html",
         "legal": "/van-ban.html", "projects": "/dau-thau.html", "drafts": "/du-thao.html", "officials": "/danh-ba.html",
         "contact": "/lien-he.html", "stats": "/thong-ke.html", "qa": "/hoi-dap.html", "services": "/dich-vu-cong.html"}
    A: dict[str, Any] = dict(name="UBND huyện Bình Sơn", short="huyện Bình Sơn", updated="2026-11-20", files="/uploads/files",
             address="Số 1 Đường Hùng Vương, thị trấn Bình Sơn, huyện Bình Sơn, tỉnh Hòa An", phone="0257.3860.123",
             fax="0257.3860.124", email="ubndbinhson@hoaan.gov.vn", id0=5501, author="Văn phòng HĐND-UBND", communes=COMMUNES_BINHSON,
             overview=["Huyện Bình Sơn có diện tích 468 km², dân số 142.600 người, gồm 1 thị trấn và 7 xã."],
             geography=["Vị trí: phía Bắc giáp thành phố Hòa An, phía Nam giáp huyện Đông Hải, phía Đông giáp biển.",
                        "Địa hình đồng bằng ven biển xen đồi thấp; khí hậu nhiệt đới gió mùa; sông Trà Giang chảy qua địa bàn 38 km."],
             culture=["Lịch sử: vùng đất được khai phá từ thế kỷ XV; căn cứ cách mạng Sơn Lộc.",
                      "Di tích, danh thắng: Địa đạo Sơn Lộc (di tích quốc gia đặc biệt), chùa Thiên Ấn, bãi biển Mỹ Khê Nam; lễ hội cầu ngư Bình Thạnh."],
             apparatus=["UBND huyện gồm Chủ tịch, 2 Phó Chủ tịch và 10 Ủy viên; 12 phòng, ban chuyên môn: Văn phòng HĐND-UBND, Phòng Nội vụ, Phòng Tài chính - Kế hoạch, Phòng Tài nguyên và Môi trường, Phòng Kinh tế - Hạ tầng, Phòng Giáo dục và Đào tạo, ..."],
             leaders=[leader("Bùi Văn Khánh", "Chủ tịch UBND huyện", "Phụ trách chung; trực tiếp chỉ đạo công tác nội chính, quy hoạch, tài chính.",
                             home="Xã Bình Hòa, huyện Bình Sơn", degree="Thạc sĩ Quản lý công"),
                      leader("Đoàn Thị Lan", "Phó Chủ tịch UBND huyện", "Phụ trách khối văn hóa - xã hội.", degree="Cử nhân Luật"),
                      leader("Mai Xuân Hòa", "Phó Chủ tịch UBND huyện", "Phụ trách khối kinh tế, tài nguyên - môi trường, xây dựng.", degree="Kỹ sư Thủy lợi")],
             leaders_title="Lãnh đạo UBND huyện",
             news=[("2026-11-20", "Huyện Bình Sơn đạt chuẩn nông thôn mới nâng cao", "Thủ tướng công nhận huyện đạt chuẩn nông thôn mới nâng cao năm 2026."),
                   ("2026-11-17", "Khánh thành cầu Bình Thạnh", "Cầu dài 240 m kết nối xã Bình Thạnh với thị trấn."),
                   ("2026-11-11", "Ra quân thu gom rác thải tại các xã ven biển", "Các xã thu gom hơn 12 tấn rác thải."),
                   ("2026-11-02", "Hội nghị đối thoại với nông dân năm 2026", "Chủ tịch UBND huyện đối thoại với hơn 200 hội viên nông dân.")],
             directions=[("1520/UBND-VP", "18/11/2026", "Về việc chuẩn bị Tết Nguyên đán Bính Ngọ năm 2027"),
                         ("1487/UBND-TNMT", "10/11/2026", "Tăng cường quản lý khai thác cát trên sông Trà Giang")],
             petitions=["Trả lời kiến nghị cử tri xã Sơn Lộc về sửa chữa đường liên xã (15/11/2026)",
                        "Trả lời đơn của bà Trần Thị Bé về tranh chấp đất đai (08/11/2026)"],
             rewards=["Quyết định 2210/QĐ-UBND ngày 12/11/2026 khen thưởng 10 hộ gia đình tiêu biểu trong xây dựng nông thôn mới",
                      "Quyết định 45/QĐ-XPVPHC ngày 05/11/2026 xử phạt ông Nguyễn Văn Hùng khai thác cát trái phép, phạt 30.000.000 đồng"],
             dissemination=["Tuyên truyền Luật Đất đai 2024 tại các xã (12/11/2026)", "Hướng dẫn đăng ký, quản lý cư trú (03/11/2026)"],
             plans=[("1880/QĐ-UBND", "20/12/2025", "Kế hoạch sử dụng đất năm 2026 huyện Bình Sơn"),
                    ("955/QĐ-UBND", "15/05/2023", "Quy hoạch xây dựng vùng huyện Bình Sơn đến năm 2040")],
             legal=[("12/2026/QĐ-UBND", "01/10/2026", "Quy chế quản lý cụm công nghiệp Bình Sơn"), ("05/2026/QĐ-UBND", "12/03/2026", "Quy định quản lý chợ trên địa bàn huyện")],
             projects=[["Đường liên xã Bình Hòa - Sơn Lộc", "Phát triển giao thông nông thôn", "Giao thông", "Nhóm C", "2026-2027", "Ngân sách huyện", "Đang thi công"],
                       ["Trường Tiểu học Bình Minh", "Xây mới 12 phòng học", "Giáo dục", "Nhóm C", "2026", "Ngân sách tỉnh hỗ trợ", "Hoàn thành"]],
             drafts=["Dự thảo Đề án phát triển du lịch huyện Bình Sơn giai đoạn 2026-2030 - hạn góp ý 15/12/2026 (3 ý kiến đã nhận)"],
             officials=[["Trần Văn Phú", "Chánh Văn phòng HĐND-UBND", "Văn phòng", "0257.3860.125", "tvphu.binhson@hoaan.gov.vn"],
                        ["Nguyễn Thị Yến", "Trưởng phòng Tài nguyên và Môi trường", "Phòng TN&MT", "0257.3860.140", "ntyen.binhson@hoaan.gov.vn"]],
             stats=["Tình hình kinh tế - xã hội 10 tháng năm 2026 huyện Bình Sơn", "Số liệu dân số và lao động năm 2025"],
             qa=[("Thủ tục đăng ký khai sinh cho con nộp ở đâu? (05/11/2026)", "Nộp tại UBND cấp xã nơi cư trú hoặc trực tuyến trên Cổng Dịch vụ công (trả lời 09/11/2026).")],
             services=[["Đăng ký kinh doanh hộ cá thể", "Đăng ký kinh doanh", "Mức độ 4"], ["Cấp giấy phép xây dựng nhà ở", "Xây dựng", "Mức độ 4"]])
    nav = [("Trang chủ", "/", []),
           ("Giới thiệu", U["overview"], [("Tổng quan", U["overview"]), ("Điều kiện tự nhiên", U["geography"]), ("Lịch sử - Văn hóa", U["culture"]),
                                          ("Bản đồ hành chính", U["map"]), ("Tổ chức bộ máy", U["apparatus"]), ("Lãnh đạo huyện", U["leaders"])]),
           ("Tin tức", U["news"], []),
           ("Chỉ đạo - Điều hành", U["directions"], [("Lịch làm việc của lãnh đạo", "/lich-lam-viec.html"), ("Trả lời kiến nghị", U["petitions"]),
                                                     ("Thi đua - Khen thưởng", U["rewards"])]),
           ("Văn bản", U["legal"], [("Phổ biến pháp luật", U["dissemination"]), ("Dự thảo lấy ý kiến", U["drafts"])]),
           ("Quy hoạch - Môi trường", U["plans"], [("Quy hoạch - Kế hoạch", U["plans"]),
                                                   ("Quy hoạch thu gom, xử lý chất thải rắn", "/moi-truong/quy-hoach-thu-gom-xu-ly-chat-thai.html"),
                                                   ("Nguồn thải trên địa bàn", "/moi-truong/nguon-thai.html")]),
           ("Đầu tư - Đấu thầu", U["projects"], []), ("Thống kê", U["stats"], []), ("Dịch vụ công", U["services"], []),
           ("Hỏi đáp", U["qa"], []), ("Liên hệ", U["contact"], [("Danh bạ", U["officials"])])]
    p = Portal("binhson.hoaan.gov.vn", "Cổng thông tin điện tử huyện Bình Sơn", theme_binhson, toolbar="working", nav=nav,
               footer=footer_block("ỦY BAN NHÂN DÂN HUYỆN BÌNH SƠN", A["address"], A["phone"], A["fax"], A["email"],
                                   links_box([("Cổng TTĐT tỉnh Hòa An", PROVINCE), ("Cổng Dịch vụ công tỉnh", DVC)])
                                   + f'<p>{a("/so-do-website.html", "Sơ đồ website")}</p>'),
               search={"path": "/tim-kiem.html", "param": "tu_khoa"},
               search_form='<form action="/tim-kiem.html" method="get" role="search"><label for="tk" class="visually-hidden">Từ khóa</label><input id="tk" name="tu_khoa" placeholder="Tìm kiếm"><button type="submit">Tìm</button></form>')
    sections(p, U, A, dc=True)
    sched = [("Lịch làm việc tuần 48 (23/11/2026 - 29/11/2026)", "lich-tuan-48-2026.pdf"),
             ("Lịch làm việc tuần 47 (16/11/2026 - 22/11/2026)", "lich-tuan-47-2026.pdf"),
             ("Lịch làm việc tuần 46 (09/11/2026 - 15/11/2026)", "lich-tuan-46-2026.pdf")]
    for t, f in sched:
        pdfs(p, f"/uploads/lich/{f}", t, ["Chu tich UBND huyen: hop giao ban", "PCT: kiem tra cong trinh"])
    p.page("/lich-lam-viec.html", "Lịch làm việc của lãnh đạo UBND huyện", ul([a(f"/uploads/lich/{f}", t) for t, f in sched]))
    p.page("/moi-truong/quy-hoach-thu-gom-xu-ly-chat-thai.html", "Quy hoạch thu gom, xử lý chất thải rắn", paras(
        "Phương án thu gom, vận chuyển, xử lý chất thải rắn sinh hoạt huyện Bình Sơn đến năm 2030: 8/8 xã, thị trấn tổ chức thu gom; rác được vận chuyển về Khu xử lý chất thải rắn tập trung Bình Sơn (50 ha, xã Tân Sơn) để tái chế và đốt phát điện.",
        "Điểm tập kết trung chuyển: 12 điểm; tần suất thu gom 1 lần/ngày tại thị trấn, 3 lần/tuần tại các xã."))
    p.page("/moi-truong/nguon-thai.html", "Danh sách nguồn thải, chất thải nguy hại trên địa bàn huyện", table(
        ["Cơ sở", "Địa chỉ", "Loại chất thải", "Ghi chú"], [["Nhà máy chế biến titan Sơn Hà", "Xã Tân Sơn", "Bùn thải, chất thải phóng xạ tự nhiên", "Nguy hại"],
                                                            ["Cụm công nghiệp Bình Sơn", "Thị trấn Bình Sơn", "Nước thải công nghiệp", ""],
                                                            ["Lò giết mổ tập trung Bình Hòa", "Xã Bình Hòa", "Nước thải hữu cơ", ""]]))
    home_page(p, A, f'<div class="box">{a("/lich-lam-viec.html", "Lịch làm việc tuần 47")} | {a(DVC, "Dịch vụ công trực tuyến")}</div>', dc=True)
    sitemap_page(p, "/so-do-website.html", "Sơ đồ website")
    p.page("/tim-kiem.html", "Tìm kiếm", p.search_form)
    # one page saved with a UTF-8 byte-order mark (still Unicode)
    p.page(U["culture"], "Lịch sử, văn hóa, di tích, danh thắng", paras(*A["culture"]),
           dc=dc_for("Lịch sử, văn hóa", A["name"], A["updated"], "Lịch sử văn hóa", A["name"], p.host + U["culture"]), bom=True)
    p.meta["search"]["pretty_urls"] = False
    return p


# ======================================================================================
# 6. laison.hoaan.gov.vn — UBND huyện Lai Sơn, old table-based ASP site. Poor: TCVN3
#    (.VnTime) text, one windows-1258 page, no environmental data (but a news article that
#    mentions waste planning), leaders without bios/duties, no search, stale news.
# ======================================================================================
def laison() -> Portal:
    D = "/default.asp?cat={c}"
    U = {"news": D.format(c=10), "article": "/default.asp?cat=10&id={id}", "culture": D.format(c=4),
         "leaders": D.format(c=6), "legal": D.format(c=20), "plans": D.format(c=21), "contact": D.format(c=30)}
    A: dict[str, Any] = dict(name="UBND huyện Lai Sơn", short="UBND huyện Lai Sơn", updated="2026-08-14", files="/upload",
             address="Khu 3, thị trấn Lai Sơn, huyện Lai Sơn, tỉnh Hòa An", phone="0257.3870.001", fax=None, email="ubndlaison@hoaan.gov.vn",
             id0=345,
             culture=["Huyện Lai Sơn là vùng đất giàu truyền thống cách mạng, nơi cư trú của đồng bào Kinh, Tày, Nùng, Dao.",
                      "Di tích, danh thắng: đình Lai Xá (di tích cấp tỉnh), thác Bản Khe, hang Tiên; lễ hội Lồng Tồng mùa xuân."],
             leaders=[dict(name="Hoàng Văn Thắng", position="Chủ tịch UBND huyện", bio=False, duties=""),
                      dict(name="Vi Thị Hạnh", position="Phó Chủ tịch UBND huyện", bio=False, duties=""),
                      dict(name="Nông Văn Tú", position="Phó Chủ tịch UBND huyện", bio=False, duties="")],
             leaders_title="Lãnh đạo huyện",
             news=[("2026-08-14", "Huyện Lai Sơn tổ chức Hội nghị sơ kết 6 tháng đầu năm 2026",
                    "Hội nghị đánh giá kết quả 6 tháng và triển khai nhiệm vụ 6 tháng cuối năm; đề cập công tác quy hoạch xử lý chất thải rắn."),
                   ("2026-07-02", "Tập huấn phòng chống cháy rừng năm 2026", "Hơn 150 người dân các xã vùng cao tham gia."),
                   ("2026-05-19", "Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh", "Các hoạt động được tổ chức trang trọng."),
                   ("2026-04-28", "Khai mạc chợ phiên vùng cao Lai Sơn", "Chợ phiên thu hút đông đảo du khách."),
                   ("2026-03-26", "Ra quân Tết trồng cây năm 2026", "Toàn huyện trồng mới 120 ha rừng."),
                   ("2026-02-10", "Huyện Lai Sơn chúc Tết các gia đình chính sách", "Lãnh đạo huyện thăm, tặng 350 suất quà.")],
             news_paras=["Về môi trường, huyện đang chờ tỉnh phê duyệt quy hoạch xử lý chất thải rắn; trước mắt các xã tự tổ chức thu gom, chôn lấp hợp vệ sinh.",
                         "Chủ tịch UBND huyện yêu cầu các ngành tập trung hoàn thành chỉ tiêu thu ngân sách."],
             legal=[("08/2026/QĐ-UBND", "05/06/2026", "Quy định quản lý trật tự đô thị thị trấn Lai Sơn")],
             plans=[("1402/QĐ-UBND", "25/12/2025", "Kế hoạch sử dụng đất năm 2026 huyện Lai Sơn")])
    nav: list[tuple[str, str, list[Any]]] = [("Trang chủ", "/", []), ("Giới thiệu", D.format(c=2), []), ("Điều kiện tự nhiên", D.format(c=3), []),
           ("Lịch sử - Văn hóa", U["culture"], []), ("Tổ chức bộ máy", D.format(c=5), []), ("Lãnh đạo huyện", U["leaders"], []),
           ("Tin tức", U["news"], []), ("Văn bản", U["legal"], []), ("Quy hoạch", U["plans"], []), ("Liên hệ", U["contact"], [])]
    select = ('<form name="frmLink"><select name="lienket" onchange="if(this.value)window.open(this.value)" title="Liên kết website">'
              '<option value="">-- Liên kết website --</option><option value="http://hoaan.gov.vn/">Cổng TTĐT tỉnh Hòa An</option>'
              '<option value="http://sxd.hoaan.gov.vn/">Sở Xây dựng</option></select></form>')
    p = Portal("laison.hoaan.gov.vn", "UBND huyện Lai Sơn", theme_laison, lang=None, nav=nav,
               footer=f"<p>UBND HUYỆN LAI SƠN - Địa chỉ: {E(A['address'])} - Điện thoại: {A['phone']}</p><p>Số lượt truy cập: 356.201</p>",
               search_form=select)
    sections(p, U, A, dc=False)
    # legal documents listed, but no file to download (decoy for legal.documents)
    p.page(U["legal"], "Văn bản", table(["Số/Ký hiệu", "Ngày ban hành", "Trích yếu"], [
        ["08/2026/QĐ-UBND", "05/06/2026", "Quy định quản lý trật tự đô thị thị trấn Lai Sơn"],
        ["1402/QĐ-UBND", "25/12/2025", "Kế hoạch sử dụng đất năm 2026"],
        ["05/2025/QĐ-UBND", "10/04/2025", "Quy định về chợ phiên vùng cao"]]))
    p.page(U["contact"], "Liên hệ", paras("UBND huyện Lai Sơn", f"Địa chỉ: {A['address']}", f"Điện thoại: {A['phone']}")
           + f'<p>Email: <a href="mailto:{A["email"]}">{A["email"]}</a></p>')
    home_page(p, A)
    # Giới thiệu chung: a whole old page in TCVN3 bytes (.VnTime), declared windows-1252.
    old_menu = " | ".join(f'<a href="{E(h)}"><font face=".VnTime">{tcvn3(lb)}</font></a>' for lb, h, _ in nav)
    txt = tcvn3("Huyện Lai Sơn nằm ở phía Tây tỉnh Hòa An, diện tích tự nhiên 1.024 km², dân số 78.500 người, gồm 1 thị trấn và 11 xã. "
                "Huyện được thành lập năm 1979 trên cơ sở chia tách huyện Lai Châu cũ.")
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Gioi thieu chung</title></head>'
            f'<body><table width="1000" align="center"><tr><td>{old_menu}</td></tr><tr><td>'
            f'<p><font face=".VnTimeH" size="4"><b>{tcvn3("GIỚI THIỆU CHUNG")}</b></font></p>'
            f'<p><font face=".VnTime">{txt}</font></p></td></tr></table></body></html>')
    p.store(D.format(c=2), page.encode("latin-1"), content_type="text/html")
    # Điều kiện tự nhiên: UTF-8 template, article body pasted from an old .VnTime Word file.
    p.page(D.format(c=3), "Điều kiện tự nhiên", '<div style="font-family:.VnTime; font-size:14pt">' + "".join(
        f"<p>{E(tcvn3(t))}</p>" for t in [
            "Vị trí địa lý: phía Bắc giáp tỉnh Quảng Hà, phía Tây giáp nước Cộng hòa Dân chủ Nhân dân Lào, phía Đông giáp huyện Bình Sơn.",
            "Địa hình chủ yếu là đồi núi, độ cao trung bình 600 m; khí hậu nhiệt đới gió mùa có mùa đông lạnh.",
            "Tài nguyên: đất lâm nghiệp 71.000 ha, rừng tự nhiên che phủ 58%; khoáng sản đá vôi, đá granit."]) + "</div>")
    # Tổ chức bộ máy: a page saved and served in windows-1258.
    body = ("<p>UBND huyện Lai Sơn gồm Chủ tịch, 2 Phó Chủ tịch và các Ủy viên.</p>"
            "<p>Các cơ quan chuyên môn: Văn phòng HĐND và UBND, Phòng Nội vụ, Phòng Tài chính - Kế hoạch, Phòng Tài nguyên và Môi trường, "
            "Phòng Nông nghiệp và PTNT, Phòng Giáo dục và Đào tạo, Phòng Y tế, Phòng Văn hóa và Thông tin, Thanh tra huyện.</p>")
    page = p.render(D.format(c=5), "Tổ chức bộ máy", body).replace('charset=utf-8', 'charset=windows-1258')
    p.store(D.format(c=5), cp1258(page), content_type="text/html; charset=windows-1258")
    return p


# ======================================================================================
# 7. soyte-hoaan.com.vn — Sở Y tế on a commercial domain (WordPress). Medium-poor:
#    wrong domain; contact page declared ISO-8859-1 but written in UTF-8; yahoo e-mail;
#    partial Dublin Core; schedule without dates; unanswered Q&A; site map with dead links.
# ======================================================================================
def soyte() -> Portal:
    U = {"news": "/category/tin-tuc/", "article": "/2026/11/{i:02d}/tin-y-te-{id}/", "functions": "/gioi-thieu/chuc-nang-nhiem-vu/",
         "structure": "/gioi-thieu/co-cau-to-chuc/", "history": "/gioi-thieu/lich-su-phat-trien/", "leaders": "/gioi-thieu/ban-giam-doc/",
         "directions": "/van-ban-chi-dao/", "dissemination": "/pho-bien-phap-luat/", "legal": "/van-ban/", "projects": "/dau-thau/",
         "science": "/nghien-cuu-khoa-hoc/", "services": "/thu-tuc-hanh-chinh/", "contact": "/lien-he/"}
    A: dict[str, Any] = dict(name="Sở Y tế tỉnh Hòa An", short="Sở Y tế Hòa An", updated="2026-11-12", files="/wp-content/uploads/2026/11",
             address="Số 9 Đường Lý Thường Kiệt, TP. Hòa An", phone="0257.3825.500", fax="0257.3825.501", email="soytehoaan@yahoo.com",
             id0=7701, author="Phòng Nghiệp vụ Y", dc_full=False,
             units=["Văn phòng Sở", "Thanh tra Sở", "Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược", "Phòng Kế hoạch - Tài chính", "Chi cục Dân số"],
             functions=paras("Sở Y tế là cơ quan chuyên môn thuộc UBND tỉnh Hòa An, tham mưu quản lý nhà nước về y tế: y tế dự phòng, khám chữa bệnh, phục hồi chức năng, dược, mỹ phẩm, an toàn thực phẩm, trang thiết bị y tế, dân số.",
                             "Nhiệm vụ, quyền hạn: trình UBND tỉnh quy hoạch, kế hoạch phát triển ngành y tế; cấp, thu hồi chứng chỉ hành nghề; thanh tra, kiểm tra chuyên ngành y tế."),
             history=["Ty Y tế Hòa An được thành lập năm 1976; năm 1989 đổi tên thành Sở Y tế khi tái lập tỉnh.",
                      "Hiện ngành có 1 bệnh viện đa khoa tỉnh, 5 bệnh viện chuyên khoa, 6 trung tâm y tế huyện và 69 trạm y tế xã."],
             leaders=[leader("Tạ Minh Khoa", "Giám đốc Sở", "Phụ trách chung; trực tiếp phụ trách tổ chức cán bộ, kế hoạch - tài chính, thanh tra.",
                             degree="Bác sĩ chuyên khoa II Ngoại khoa", born="19/03/1969"),
                      leader("Thái Thị Ngọc", "Phó Giám đốc Sở", "Phụ trách nghiệp vụ y, nghiệp vụ dược, an toàn thực phẩm.",
                             degree="Tiến sĩ Y học", born="25/12/1977")],
             leaders_title="Ban Giám đốc",
             news=[("2026-11-12", "Triển khai chiến dịch tiêm vắc xin sởi cho trẻ em", "Hơn 25.000 trẻ em từ 1-5 tuổi được tiêm bổ sung."),
                   ("2026-11-04", "Bệnh viện Đa khoa tỉnh thực hiện thành công ca ghép thận", "Đây là ca ghép thận thứ 10 tại bệnh viện."),
                   ("2026-10-25", "Kiểm tra an toàn thực phẩm bếp ăn tập thể", "Đoàn kiểm tra 35 bếp ăn tại các khu công nghiệp.")],
             directions=[("2890/SYT-NVY", "09/11/2026", "Tăng cường phòng chống dịch sốt xuất huyết"),
                         ("2801/SYT-VP", "28/10/2026", "Triển khai bệnh án điện tử tại các bệnh viện")],
             dissemination=["Tuyên truyền Luật Khám bệnh, chữa bệnh 2023 (05/11/2026)", "Hướng dẫn phòng chống ngộ độc thực phẩm (22/10/2026)"],
             legal=[("30/2026/TT-BYT", "15/09/2026", "Thông tư quy định về hồ sơ bệnh án điện tử"),
                    ("18/2026/QĐ-UBND", "01/08/2026", "Quy định giá dịch vụ khám chữa bệnh tại cơ sở y tế công lập")],
             projects=[["Mua sắm thiết bị y tế cho Trung tâm y tế huyện Lai Sơn", "Nâng cao năng lực y tế tuyến huyện", "Y tế", "Mua sắm công", "2026", "Ngân sách tỉnh", "Đang đấu thầu"],
                       ["Cải tạo Trạm y tế xã Bình Minh", "Chuẩn quốc gia y tế xã", "Y tế", "Nhóm C", "2026-2027", "Ngân sách huyện", "Chuẩn bị đầu tư"]],
             science=[["YT.02-2025", "Đánh giá tình trạng dinh dưỡng trẻ em dưới 5 tuổi vùng núi Lai Sơn", "Cấp tỉnh", "Y tế công cộng", "Trung tâm Kiểm soát bệnh tật", "2025-2026", "Đang thực hiện"]],
             science_title="Nghiên cứu khoa học",
             services=[["Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", "Khám chữa bệnh", ""], ["Cấp giấy phép hoạt động phòng khám", "Khám chữa bệnh", ""]],
             dvc_link=False)
    nav = [("Trang chủ", "/", []),
           ("Giới thiệu", "/gioi-thieu/", [("Chức năng nhiệm vụ", U["functions"]), ("Cơ cấu tổ chức", U["structure"]),
                                           ("Lịch sử phát triển", U["history"]), ("Ban Giám đốc", U["leaders"])]),
           ("Tin tức", U["news"], []), ("Văn bản chỉ đạo", U["directions"], [("Lịch công tác", "/lich-cong-tac/")]),
           ("Văn bản", U["legal"], [("Phổ biến pháp luật", U["dissemination"])]), ("Đấu thầu", U["projects"], []),
           ("Nghiên cứu khoa học", U["science"], []), ("Thủ tục hành chính", U["services"], []), ("Hỏi đáp", "/hoi-dap/", []),
           ("Liên hệ", U["contact"], []), ("Sơ đồ site", "/so-do-site/", [])]
    p = Portal("soyte-hoaan.com.vn", "Sở Y tế tỉnh Hòa An", theme_wordpress, nav=nav,
               footer=footer_block("SỞ Y TẾ TỈNH HÒA AN", A["address"], A["phone"], A["fax"], A["email"],
                                   f'<p>{a(PROVINCE, "Cổng TTĐT tỉnh Hòa An")}</p>'),
               search_form='<form role="search" method="get" action="/tim-kiem/"><label><span class="screen-reader-text">Tìm kiếm:</span><input type="search" name="s" placeholder="Tìm kiếm &hellip;"></label><input type="submit" value="Tìm"></form>')
    sections(p, U, A, dc=True)
    p.page("/gioi-thieu/", "Giới thiệu", ul([a(U[k], t) for k, t in [("functions", "Chức năng nhiệm vụ"), ("structure", "Cơ cấu tổ chức"),
                                                                      ("history", "Lịch sử phát triển"), ("leaders", "Ban Giám đốc")]]))
    # schedule without any date: cannot tell which week it is
    p.page("/lich-cong-tac/", "Lịch công tác tuần", table(["Ngày", "Nội dung"], [
        ["Thứ Hai", "Giám đốc họp giao ban Sở"], ["Thứ Ba", "PGĐ Thái Thị Ngọc kiểm tra an toàn thực phẩm"],
        ["Thứ Tư", "Giám đốc làm việc tại Bệnh viện Đa khoa tỉnh"], ["Thứ Năm", "Họp Hội đồng thuốc"], ["Thứ Sáu", "Giám đốc dự họp UBND tỉnh"]]))
    p.page("/hoi-dap/", "Hỏi đáp", "".join(f'<div class="qa"><p><strong>Câu hỏi:</strong> {E(q)}</p><p class="status">Trạng thái: Đang chờ trả lời</p></div>' for q in [
        "Thủ tục cấp lại chứng chỉ hành nghề dược bị mất? (02/11/2026)", "Trạm y tế xã Bình Minh khi nào sửa xong? (15/10/2026)"]))
    # contact page: declared ISO-8859-1, bytes are UTF-8
    html_ = p.render(U["contact"], "Liên hệ", paras(A["name"], f"Địa chỉ: {A['address']}", f"Điện thoại: {A['phone']} - Fax: {A['fax']}")
                     + f'<p>Email: <a href="mailto:{A["email"]}">{A["email"]}</a></p>').replace('<meta charset="UTF-8">', '<meta charset="ISO-8859-1">')
    p.store(U["contact"], html_.encode("utf-8"), content_type="text/html; charset=ISO-8859-1")
    p.page("/so-do-site/", "Sơ đồ site", ul([a("/", "Trang chủ"), a("/gioi-thieu-chung/", "Giới thiệu chung"), a("/tin-tuc-su-kien/", "Tin tức sự kiện"),
                                              a("/van-ban-phap-quy/", "Văn bản pháp quy"), a("/lich-lam-viec/", "Lịch làm việc"),
                                              a("/hoi-dap-truc-tuyen/", "Hỏi đáp trực tuyến"), a(U["news"], "Tin tức"), a(U["contact"], "Liên hệ")]))
    p.page("/tim-kiem/", "Tìm kiếm", "<p>Xin lỗi, không tìm thấy kết quả nào phù hợp với từ khóa của bạn.</p>")
    home_page(p, A, dc=True)
    return p


def build_all() -> list[Portal]:
    return province() + [sxd(), stnmt(), sgddt(), binhson(), laison(), soyte()]
