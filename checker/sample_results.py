"""Synthetic scan results for tests and the benchmark (not for real reports).

Uses the rule ids and legal bases of docs/legal.md so rendered samples look like a real
province; beyond the catalogue it invents ``extra.N`` rules. The regime (its document, its
levels) is the default bundled rule file's. Deterministic per seed.
"""

from __future__ import annotations

import random
from functools import cache

from checker.regime import Regime
from checker.results import Evidence, PortalResult, RuleResult, ScanResults

# (id, article, clause, point, provisional, levels, vi title, en title); the levels are codes
# of the regime's levels by position (LEVEL_POSITION): P its first level, D its second, H its third.
CATALOGUE = [
    ("domain.gov_vn", 6, 1, None, False, "PDH", "Tên miền .gov.vn", "Domain under .gov.vn"),
    ("access.unicode", 7, None, None, False, "PDH", "Sử dụng bảng mã Unicode", "Unicode text"),
    ("access.metadata", 14, None, None, False, "PDH", "Dữ liệu đặc tả", "Metadata"),
    ("access.search", 15, None, None, False, "PDH", "Chức năng tìm kiếm", "Site search"),
    ("access.sitemap", 15, None, None, False, "PDH", "Sơ đồ cổng", "Site map"),
    ("a11y.support", 8, None, None, False, "PDH", "Hỗ trợ người khuyết tật", "Support for people with disabilities"),
    ("a11y.wcag", 8, None, None, False, "PDH", "Tiêu chuẩn tiếp cận WCAG", "WCAG accessibility"),
    ("intro.org_structure", 10, 1, "a", False, "D", "Sơ đồ, cơ cấu tổ chức", "Organisational structure"),
    ("intro.functions", 10, 1, "a", False, "D", "Chức năng, nhiệm vụ, quyền hạn", "Functions and duties"),
    ("intro.history", 10, 1, "a", False, "D", "Quá trình hình thành và phát triển", "History"),
    ("intro.admin_apparatus", 10, 1, "a", False, "PH", "Tổ chức bộ máy hành chính", "Administrative apparatus"),
    ("intro.admin_map", 10, 1, "a", False, "PH", "Bản đồ địa giới hành chính", "Administrative map"),
    ("intro.geography", 10, 1, "a", False, "PH", "Điều kiện tự nhiên", "Natural conditions"),
    ("intro.culture", 10, 1, "a", False, "PH", "Lịch sử, văn hóa, di tích, danh thắng", "History and culture"),
    ("intro.leader_bios", 10, 1, "a", False, "PDH", "Tiểu sử và nhiệm vụ đảm nhiệm của lãnh đạo", "Leader biographies and duties"),
    ("news.section", 10, 1, "b", False, "PDH", "Tin tức, sự kiện", "News and events"),
    ("news.fresh", 10, 1, "b", False, "PDH", "Tin tức được cập nhật thường xuyên", "News kept current"),
    ("direction.documents", 10, 1, "c", False, "PDH", "Thông tin chỉ đạo, điều hành", "Direction documents"),
    ("direction.petitions", 10, 1, "c", False, "PDH", "Trả lời kiến nghị, phản ánh", "Responses to petitions"),
    ("direction.rewards_sanctions", 10, 1, "c", False, "PDH", "Thông tin khen thưởng, xử phạt", "Commendations and sanctions"),
    ("direction.leader_schedule", 10, 1, "c", False, "PDH", "Lịch làm việc của lãnh đạo", "Leaders' schedule"),
    ("legal.dissemination", 10, 1, "d", True, "PDH", "Phổ biến, hướng dẫn pháp luật", "Law dissemination"),
    ("plans.strategy", 10, 1, "đ", True, "PDH", "Chiến lược, quy hoạch, kế hoạch", "Strategies and plans"),
    ("env.waste_planning", 10, 1, "đ", True, "PH", "Quy hoạch thu gom, xử lý chất thải", "Waste planning"),
    ("env.pollution_sources", 10, 1, "đ", True, "PH", "Nguồn thải, chất thải nguy hại", "Pollution sources"),
    ("env.polluted_areas", 10, 1, "đ", True, "PH", "Khu vực ô nhiễm nghiêm trọng", "Polluted areas"),
    ("legal.documents", 10, 1, "e", True, "PDH", "Văn bản quy phạm pháp luật", "Legal documents"),
    ("projects.procurement", 10, 1, "h", True, "PDH", "Dự án, đấu thầu, mua sắm công", "Projects and procurement"),
    ("consult.drafts", 10, 1, "i", True, "PDH", "Lấy ý kiến dự thảo văn bản", "Consultation on drafts"),
    ("contact.officials", 10, 1, "k", True, "PDH", "Danh sách cán bộ đầu mối", "Contact officials"),
    ("contact.portal", 10, 1, "l", True, "PDH", "Thông tin liên hệ của cơ quan", "Agency contacts"),
    ("contact.official_email", None, None, None, False, "PDH", "Sử dụng thư điện tử công vụ", "Official e-mail"),
    ("science.programs", 11, None, None, False, "PD", "Chương trình, đề tài khoa học", "Science programmes"),
    ("stats.reports", 12, None, None, False, "PDH", "Thông tin, báo cáo thống kê", "Statistics"),
    ("english.info", 13, None, None, False, "P", "Thông tin tiếng nước ngoài", "English information"),
    ("feedback.qa", 15, None, None, False, "PDH", "Hỏi đáp", "Questions and answers"),
    ("links.units", 16, None, None, False, "PDH", "Liên kết với các cổng liên quan", "Links to related portals"),
    ("services.online", 18, None, None, True, "PDH", "Dịch vụ công trực tuyến", "Online public services"),
]
LEVEL_POSITION = "PDH"
SEVERITIES = ("critical", "serious", "moderate", "minor")
MESSAGES = {
    "pass": ("Có mục \u201c{t}\u201d với nội dung phù hợp", "Section \u201c{t}\u201d found with matching content"),
    "fail": ("Không tìm thấy mục \u201c{t}\u201d trong các trang đã thu thập", "No \u201c{t}\u201d section among the pages crawled"),
    "review": ("Có trang liên quan nhưng chưa xác định được nội dung, cần cán bộ kiểm tra", "A related page exists but its content could not be judged"),
    "error": ("Không tải được trang cần kiểm tra (hết thời gian chờ)", "The page to check could not be fetched (timeout)"),
}


@cache
def regime() -> Regime:
    """The default bundled rule file's regime (what the sample is judged by)."""
    from checker.rules import DEFAULT, bundled_regime

    return bundled_regime(DEFAULT)


def level_code() -> dict[str, str]:
    """Level id -> its catalogue code (P, D, H by position in the regime)."""
    return dict(zip(regime().level_ids, LEVEL_POSITION, strict=False))


def rules_meta(n_rules: int = 40) -> dict[str, dict]:
    meta: dict[str, dict] = {}
    document = regime().document
    for i in range(n_rules):
        if i < len(CATALOGUE):
            rid, art, cl, pt, prov, levels, vi, en = CATALOGUE[i]
        else:
            rid, art, cl, pt, prov, levels, vi, en = (f"extra.r{i}", 17, None, None, False, "PDH",
                                                      f"Tiêu chí bổ sung {i}", f"Extra rule {i}")
        legal = {"document": "Chỉ thị 34/2008/CT-TTg"} if rid == "contact.official_email" else {
            "document": document, "article": art, "clause": cl, "point": pt, "provisional": prov}
        meta[rid] = {"title": {"vi": vi, "en": en}, "legal": legal, "severity": SEVERITIES[i % 4],
                     "weight": 1 + i % 3, "levels": [k for k, v in level_code().items() if v in levels],
                     "help": {"vi": f"Bổ sung mục \"{vi}\" trên cổng và cập nhật thường xuyên.",
                              "en": f"Add the section \"{en}\" to the portal and keep it current."}}
    return meta


def synthetic_results(n_portals: int = 60, n_rules: int = 40, seed: int = 43,
                      started_at: str = "2026-11-22T08:00:00+07:00") -> ScanResults:
    rng = random.Random(seed)
    meta = rules_meta(n_rules)
    portals = []
    top, second, third = (regime().level_ids + ("", "", ""))[:3]
    for i in range(n_portals):
        level = top if i == 0 else ((second if i % 3 else third) or second)
        pid = "tinh" if i == 0 else f"p{i:03d}"
        host = "quangngai.gov.vn" if i == 0 else f"{pid}.quangngai.gov.vn"
        results = []
        for rid, m in meta.items():
            if level not in m["levels"]:
                results.append(RuleResult(rid, "not_applicable", "Not applicable at this level",
                                          {"vi": "Không áp dụng cho cấp này", "en": "Not applicable at this level"}))
                continue
            status = rng.choices(["pass", "fail", "review", "error"], [6, 3, 1, 0.2])[0]
            ev = [Evidence(url=f"https://{host}/trang/{rid.replace('.', '-')}/{k}",
                           excerpt=f"Trang {m['title']['vi']} — nội dung trích dẫn số {k} cho tiêu chí",
                           note="searched" if status == "fail" else "",
                           extra={"match": m["title"]["vi"].split(",")[0], "archived": f"archive/{pid}/{k}.html"})
                  for k in range(3)]
            if rid == "a11y.wcag" and status == "fail":
                ev = [Evidence(url=f"https://{host}/", excerpt="<img src=logo.png>",
                               extra={"axe_id": a, "impact": "serious", "wcag": w, "selector": f"#x{k}", "help": a})
                      for k, (a, w) in enumerate([("image-alt", "1.1.1"), ("image-alt", "1.1.1"),
                                                  ("label", "1.3.1"), ("link-name", "2.4.4")])]
            vi, en = MESSAGES[status]
            results.append(RuleResult(rid, status, en.format(t=m["title"]["en"]),
                                      {"vi": vi.format(t=m["title"]["vi"]), "en": en.format(t=m["title"]["en"])}, ev))
        scored = [r for r in results if r.status in ("pass", "fail")]
        score = round(100 * sum(r.status == "pass" for r in scored) / len(scored), 1) if scored else None
        portals.append(PortalResult(
            id=pid, name=("UBND tỉnh Quảng Ngãi" if i == 0 else f"Sở/UBND số {i}"), url=f"https://{host}/",
            level=level, score=score, pages_fetched=rng.randint(20, 300), results=results,
            errors=[f"https://{host}/broken/{k}: HTTP 404" for k in range(rng.randint(0, 3))],
            crawl={"duration_s": round(rng.uniform(10, 200), 1), "pages_failed": rng.randint(0, 5),
                   "rendered_pages": rng.randint(0, 10)},
            parent=None if i == 0 else "tinh", started_at=started_at, finished_at=started_at))
    from checker.rules import DEFAULT

    return ScanResults(rules_file=f"rules/{DEFAULT}.yaml", rules_version="synthetic", started_at=started_at,
                       finished_at=started_at, portals=portals, rules_meta=meta, name="Tỉnh Quảng Ngãi (mẫu)",
                       rules_name=DEFAULT, regime=regime().to_dict())
