"""Every user-visible string of the reports, one dictionary per language.

Officials read Vietnamese first; English is for partners and engineers. Keeping the
strings here (and nowhere else) lets a translator review one file per language.
"""

from __future__ import annotations

from typing import Any

LANGS = ("vi", "en")

VI: dict[str, Any] = {
    "lang": "vi",
    "status": {"pass": "Đạt", "fail": "Không đạt", "review": "Cần xem xét",
               "not_applicable": "Không áp dụng", "error": "Lỗi"},
    "status_short": {"pass": "Đ", "fail": "KĐ", "review": "XX", "not_applicable": "–", "error": "L"},
    "severity": {"critical": "Nghiêm trọng", "serious": "Cao", "moderate": "Trung bình", "minor": "Thấp"},
    # the regime's title, the dashboard's intro, the summary's "Căn cứ …" and the level names
    # come from the rule file's regime (reports/regime.py)
    "regime_h": "Văn bản làm căn cứ",
    "legal_chapter": "Chương {chapter}",
    "legal_article": "Điều {article}",
    "legal_clause": "khoản {clause}",
    "legal_point": "điểm {point}",
    "legal_other": "Căn cứ khác",
    "provisional": "(điểm chưa được xác nhận, cần rà soát pháp lý)",
    "dash_title": "Kết quả kiểm tra Cổng/Trang thông tin điện tử",
    "scan_time": "Thời gian kiểm tra",
    "rules_version": "Bộ tiêu chí",
    "portals_count": "Số cổng được kiểm tra",
    "portal": "Cổng/Trang thông tin điện tử",
    "name": "Tên cơ quan",
    "level_h": "Cấp",
    "score": "Điểm",
    "change": "Thay đổi",
    "change_new": "Mới",
    "trend": "Diễn biến điểm",
    "trend_label": "Diễn biến điểm của {name}: {points}",
    "no_score": "Không có điểm",
    "n_pass": "Đạt",
    "n_fail": "Không đạt",
    "n_review": "Cần xem xét",
    "n_error": "Lỗi",
    "portals_h": "Danh sách cổng",
    "matrix_h": "Bảng kết quả theo tiêu chí",
    "matrix_caption": "Kết quả của từng cổng theo từng tiêu chí. Chọn tiêu đề cột để sắp xếp.",
    "filters": "Lọc kết quả",
    "filter_level": "Cấp",
    "filter_status": "Kết quả",
    "filter_rule": "Tiêu chí",
    "filter_all": "Tất cả",
    "filter_reset": "Bỏ lọc",
    "filter_none": "Không có cổng nào phù hợp với bộ lọc.",
    "sort_by": "Sắp xếp theo {col}",
    "rules_h": "Tiêu chí bị vi phạm nhiều nhất",
    "rules_intro": "Số cổng không đạt từng tiêu chí: nơi tỉnh cần tập trung chỉ đạo.",
    "rule": "Tiêu chí",
    "legal_basis": "Căn cứ pháp lý",
    "n_portals_fail": "Số cổng không đạt",
    "n_portals_review": "Số cổng cần xem xét",
    "n_portals_applicable": "Số cổng áp dụng",
    "portal_unscanned": "Không kiểm tra được",
    "summary_link": "Báo cáo tóm tắt (để in)",
    "data_files": "Dữ liệu",
    "open_portal": "Xem chi tiết {name}",
    "back": "Về trang tổng hợp",
    "url": "Địa chỉ",
    "pages_crawled": "Số trang đã thu thập",
    "pages_failed": "Số trang không tải được",
    "rendered_pages": "Số trang hiển thị bằng trình duyệt",
    "duration": "Thời gian quét",
    "seconds": "{n} giây",
    "crawl_h": "Quá trình thu thập",
    "errors_h": "Lỗi gặp phải khi thu thập",
    "errors_more": "… và {n} lỗi khác",
    "tls_error": "Lỗi chứng chỉ TLS",
    "portal_error": "Không kiểm tra được cổng này: {error}. Đây là lỗi khi kiểm tra, không phải kết luận vi phạm.",
    "findings_h": "Kết quả theo Nghị định",
    "sections": {"fail": "Các nội dung không đạt", "review": "Các nội dung cần xem xét",
                 "error": "Các nội dung chưa kiểm tra được (lỗi khi kiểm tra, không phải vi phạm)",
                 "pass": "Các nội dung đạt", "not_applicable": "Các nội dung không áp dụng cho cấp này"},
    "contents": "Mục lục",
    "failures_h": "Các nội dung không đạt",
    "no_failures": "Không có nội dung nào không đạt.",
    "message": "Nhận xét",
    "evidence": "Minh chứng",
    "evidence_page": "Trang đã kiểm tra",
    "archived": "Bản lưu",
    "excerpt": "Trích dẫn",
    "how_to_fix": "Cách khắc phục",
    "no_evidence": "Không có minh chứng.",
    "evidence_more": "… và {n} minh chứng khác",
    "severity_h": "Mức độ",
    "a11y_h": "Lỗi tiếp cận phổ biến nhất (WCAG)",
    "a11y_criterion": "Tiêu chí WCAG",
    "a11y_count": "Số lỗi",
    "a11y_rules": "Kiểm tra axe",
    "a11y_example": "Ví dụ",
    "unknown": "Không rõ",
    "sum_nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "sum_motto": "Độc lập - Tự do - Hạnh phúc",
    "sum_title": "KẾT QUẢ KIỂM TRA VIỆC CUNG CẤP THÔNG TIN TRÊN CỔNG/TRANG THÔNG TIN ĐIỆN TỬ",
    "sum_general_h": "I. THÔNG TIN CHUNG",
    "sum_results_h": "II. KẾT QUẢ KIỂM TRA CỤ THỂ",
    "sum_scope": "Số cổng/trang thông tin điện tử được kiểm tra: {n}.",
    "sum_time": "Thời gian kiểm tra: {time}.",
    "sum_method": "Phương thức: kiểm tra tự động bằng công cụ d43 ({rules}); các nội dung \"cần xem xét\" phải được cán bộ kiểm tra trực tiếp.",
    "sum_score": "Điểm đánh giá: {score}/100.",
    "sum_unmet": "Các nội dung chưa đáp ứng yêu cầu:",
    "sum_unmet_none": "Đáp ứng đầy đủ các nội dung được kiểm tra tự động.",
    "sum_review": "Các nội dung cần kiểm tra thêm:",
    "sum_basis_ref": "theo quy định tại {legal}",
    "sum_unscanned": "Chưa kiểm tra được cổng/trang này ({error}); đề nghị kiểm tra lại.",
    "sum_note": "Ghi chú: kết quả kiểm tra tự động; minh chứng chi tiết xem trong báo cáo của từng cổng.",
    "lang_switch": "Ngôn ngữ",
    "generated_by": "Báo cáo do công cụ d43 tạo",
    "skip": "Bỏ qua đến nội dung chính",
    "js_hint": "Bảng có thể lọc và sắp xếp khi trình duyệt cho phép JavaScript; nếu không, toàn bộ kết quả vẫn hiển thị đầy đủ.",
    "csv": {"portal_id": "Mã cổng", "portal_name": "Tên cơ quan", "url": "Địa chỉ cổng",
            "level": "Cấp", "score": "Điểm", "rule": "Mã tiêu chí", "title": "Tiêu chí",
            "legal": "Căn cứ pháp lý", "status": "Kết quả", "message": "Nhận xét",
            "evidence_url": "Trang minh chứng", "excerpt": "Trích dẫn",
            "help": "Cách khắc phục", "severity": "Mức độ"},
    "xlsx_sheet": "Kết quả",
    "junit_review": "Cần xem xét (không tính là lỗi)",
}

EN: dict[str, Any] = {
    "lang": "en",
    "status": {"pass": "Pass", "fail": "Fail", "review": "Needs review",
               "not_applicable": "Not applicable", "error": "Error"},
    "status_short": {"pass": "P", "fail": "F", "review": "R", "not_applicable": "–", "error": "E"},
    "severity": {"critical": "Critical", "serious": "Serious", "moderate": "Moderate", "minor": "Minor"},
    "regime_h": "Legal basis of the rules",
    "legal_chapter": "Chapter {chapter}",
    "legal_article": "Article {article}",
    "legal_clause": "clause {clause}",
    "legal_point": "point {point}",
    "legal_other": "Other legal bases",
    "provisional": "(point letter not confirmed; needs legal review)",
    "dash_title": "Government portal compliance results",
    "scan_time": "Scan time",
    "rules_version": "Rule set",
    "portals_count": "Portals checked",
    "portal": "Portal",
    "name": "Agency",
    "level_h": "Level",
    "score": "Score",
    "change": "Change",
    "change_new": "New",
    "trend": "Score trend",
    "trend_label": "Score trend of {name}: {points}",
    "no_score": "No score",
    "n_pass": "Pass",
    "n_fail": "Fail",
    "n_review": "Review",
    "n_error": "Error",
    "portals_h": "Portals",
    "matrix_h": "Results by rule",
    "matrix_caption": "Each portal's result for each rule. Use a column header to sort.",
    "filters": "Filter results",
    "filter_level": "Level",
    "filter_status": "Result",
    "filter_rule": "Rule",
    "filter_all": "All",
    "filter_reset": "Clear filters",
    "filter_none": "No portal matches the filters.",
    "sort_by": "Sort by {col}",
    "rules_h": "Most failed rules",
    "rules_intro": "How many portals fail each rule: where the province should push.",
    "rule": "Rule",
    "legal_basis": "Legal basis",
    "n_portals_fail": "Portals failing",
    "n_portals_review": "Portals to review",
    "n_portals_applicable": "Portals applicable",
    "portal_unscanned": "Could not be scanned",
    "summary_link": "Officials' summary (printable)",
    "data_files": "Data",
    "open_portal": "Details for {name}",
    "back": "Back to the dashboard",
    "url": "Address",
    "pages_crawled": "Pages crawled",
    "pages_failed": "Pages that failed to load",
    "rendered_pages": "Pages rendered in a browser",
    "duration": "Scan duration",
    "seconds": "{n} s",
    "crawl_h": "Crawl",
    "errors_h": "Errors met while crawling",
    "errors_more": "… and {n} more",
    "tls_error": "TLS certificate error",
    "portal_error": "This portal could not be scanned: {error}. This is a scan error, not a finding of non-compliance.",
    "findings_h": "Findings by the decree's structure",
    "sections": {"fail": "Requirements not met", "review": "Items needing review",
                 "error": "Items that could not be checked (scan errors, not violations)",
                 "pass": "Requirements met", "not_applicable": "Not applicable at this level"},
    "contents": "Contents",
    "failures_h": "Requirements not met",
    "no_failures": "No requirement failed.",
    "message": "Finding",
    "evidence": "Evidence",
    "evidence_page": "Page checked",
    "archived": "Archived copy",
    "excerpt": "Excerpt",
    "how_to_fix": "How to fix",
    "no_evidence": "No evidence.",
    "evidence_more": "… and {n} more evidence items",
    "severity_h": "Severity",
    "a11y_h": "Most frequent accessibility violations (WCAG)",
    "a11y_criterion": "WCAG criterion",
    "a11y_count": "Violations",
    "a11y_rules": "axe checks",
    "a11y_example": "Example",
    "unknown": "Unknown",
    "sum_nation": "SOCIALIST REPUBLIC OF VIET NAM",
    "sum_motto": "Independence - Freedom - Happiness",
    "sum_title": "RESULTS OF THE INSPECTION OF INFORMATION PROVIDED ON GOVERNMENT PORTALS AND WEBSITES",
    "sum_general_h": "I. GENERAL INFORMATION",
    "sum_results_h": "II. RESULTS BY AGENCY",
    "sum_scope": "Portals and websites checked: {n}.",
    "sum_time": "Scan time: {time}.",
    "sum_method": "Method: automated check with d43 ({rules}); items marked \"needs review\" must be checked by an inspector.",
    "sum_score": "Score: {score}/100.",
    "sum_unmet": "Requirements not met:",
    "sum_unmet_none": "All automatically checked requirements are met.",
    "sum_review": "Items needing further review:",
    "sum_basis_ref": "as required by {legal}",
    "sum_unscanned": "This portal could not be checked ({error}); please check it again.",
    "sum_note": "Note: automated results; see each portal's report for detailed evidence.",
    "lang_switch": "Language",
    "generated_by": "Report generated by d43",
    "skip": "Skip to main content",
    "js_hint": "The tables can be filtered and sorted when JavaScript is enabled; without it every result is still shown.",
    "csv": {"portal_id": "Portal id", "portal_name": "Agency", "url": "Portal URL",
            "level": "Level", "score": "Score", "rule": "Rule id", "title": "Rule",
            "legal": "Legal basis", "status": "Result", "message": "Finding",
            "evidence_url": "Evidence page", "excerpt": "Excerpt",
            "help": "How to fix", "severity": "Severity"},
    "xlsx_sheet": "Results",
    "junit_review": "Needs review (not counted as a failure)",
}

# -- evidence notes and error reasons (the lang helper's block) -------------------------------
VI.update({
    "reason": "Chi tiết kỹ thuật (nguyên văn, tiếng Anh)",
    "portal_unreachable": "không truy cập được cổng",
})
EN.update({
    "reason": "Technical detail",
    "portal_unreachable": "the portal could not be reached",
})


# -- citations and provenance (issue 10 items 4-5) -------------------------------------------
# Kept in their own block: other parts of the catalogue are edited in parallel.
CITE_PROV: dict[str, dict[str, Any]] = {
    "vi": {
        "cite_provisional": "(điều khoản viện dẫn chưa được đối chiếu với văn bản chính thức, cần rà soát pháp lý)",
        "cite_documents": "Văn bản được viện dẫn",
        "prov_as_of": "Thời điểm đánh giá",
        "prov_rules": "Bộ tiêu chí",
        "prov_tool": "Công cụ",
        "prov_duration": "Thời gian quét (thu thập và đánh giá)",
        "prov_crawl": "trong đó thu thập trang: {t}",
        "prov_minutes": "{m} phút {s} giây",
        "prov_version": "phiên bản {v}",
        "prov_line": "Đánh giá tại thời điểm {as_of}; bộ tiêu chí {rules}; {tool}.",
        "prov_sheet": "Thông tin chung",
        "prov_scan_time": "Thời gian kiểm tra",
        "prov_caveat_h": "Lưu ý về căn cứ pháp lý",
        "csv_as_of": "Thời điểm đánh giá",
        "csv_provisional": "Căn cứ tạm xác định",
        "yes": "Có",
    },
    "en": {
        "cite_provisional": "(provisional: not confirmed from the official text; needs legal review)",
        "cite_documents": "Documents cited",
        "prov_as_of": "Verdicts as of",
        "prov_rules": "Rule set",
        "prov_tool": "Tool",
        "prov_duration": "Scan duration (crawl and evaluation)",
        "prov_crawl": "of which crawling: {t}",
        "prov_minutes": "{m} min {s} s",
        "prov_version": "version {v}",
        "prov_line": "Verdicts as of {as_of}; rule set {rules}; {tool}.",
        "prov_sheet": "About",
        "prov_scan_time": "Scan time",
        "prov_caveat_h": "Note on the legal basis",
        "csv_as_of": "Verdicts as of",
        "csv_provisional": "Provisional legal basis",
        "yes": "Yes",
    },
}
VI.update(CITE_PROV["vi"])
EN.update(CITE_PROV["en"])

_ALL = {"vi": VI, "en": EN}


def evidence_note(e: Any, lang: str) -> tuple[str, str | None]:
    """(the note of evidence ``e`` in ``lang``, the language it is really in when that differs).

    Results written before notes had both languages carry only the English ``note``: it is
    shown, declared English (``lang="en"`` in HTML), never passed off as Vietnamese."""
    notes = getattr(e, "notes", None) or {}
    text = notes.get(lang) if isinstance(notes, dict) else None
    if isinstance(text, str) and text:
        return text, None
    note = getattr(e, "note", "") or ""
    return note, ("en" if note and lang != "en" else None)


def evidence_reason(e: Any) -> str:
    """A technical reason from outside d43 (an exception, a browser's error), verbatim."""
    extra = getattr(e, "extra", None) or {}
    reason = extra.get("reason") if isinstance(extra, dict) else None
    return reason if isinstance(reason, str) else ""


def portal_error(p: Any, lang: str) -> str:
    """Why portal ``p`` was not scanned, in ``lang``: the message of its first ``error``
    rule result (written in both languages); the raw ``PortalResult.error`` (English) only
    for the English report."""
    for r in getattr(p, "results", []) or []:
        if r.status == "error":
            messages = r.messages if isinstance(r.messages, dict) else {}
            text = messages.get(lang)
            if isinstance(text, str) and text:
                return text
            break
    if lang == "en" and getattr(p, "error", None):
        return str(p.error)
    return strings(lang)["portal_unreachable"]


def portal_error_reason(p: Any, lang: str) -> str:
    """The raw ``PortalResult.error`` (English, often an exception) to show, marked, beside
    :func:`portal_error` in a non-English report ("" in English: the message carries it)."""
    return str(p.error) if lang != "en" and getattr(p, "error", None) else ""


def strings(lang: str) -> dict[str, Any]:
    """The string table for ``lang``; unknown languages fall back to Vietnamese."""
    return _ALL.get(lang, VI)


def pick(texts: Any, lang: str, fallback: str = "") -> str:
    """Choose the ``lang`` text of a ``{vi, en}`` dict (or a plain string), falling back sensibly."""
    if isinstance(texts, str):
        return texts
    if isinstance(texts, dict):
        for key in (lang, "vi" if lang == "en" else "en"):
            v = texts.get(key)
            if isinstance(v, str) and v:
                return v
    return fallback


def format_number(value: float | None, lang: str, digits: int = 1) -> str:
    """Format a score the way readers of ``lang`` expect (Vietnamese uses a decimal comma)."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",") if lang == "vi" else text
