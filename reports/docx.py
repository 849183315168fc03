"""The officials' summary as a Word document (summary.docx), because officials edit, sign
and file reports in Word.

Laid out as a Vietnamese administrative report in the manner of Nghị định 30/2020/NĐ-CP
(Phụ lục I): A4, margins 20/20/30/15 mm, Times New Roman 13–14; the issuing body (a
placeholder) on the left and the quốc hiệu and tiêu ngữ on the right; place and date;
the document type and its trích yếu; numbered sections (I, II, III) and numbered
findings with their legal citations and evidence URLs; "Nơi nhận" and the signature block
as placeholders the official fills in. ``lang="en"`` gives the same structure in English.

It says what summary.html says: the agencies, findings, messages and citations come from
the same view (:func:`reports.html.summary_agencies`, built on ``reports.model``); citation
text is read from the model (``RuleInfo.citation``), never composed here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from checker.results import ScanResults
from reports import html, model
from reports import regime as regimes

FONT = "Times New Roman"
BODY_PT = 14  # Nghị định 30/2020: body text 13–14
SMALL_PT = 12  # "Nơi nhận" and the issuing body's parent
EVIDENCE_LISTED = 3  # evidence URLs per finding; the portal's page has the rest

# Texts only the Word document needs (candidates for reports/i18n.py).
DOCX_STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "parent_body": "TÊN CƠ QUAN, TỔ CHỨC CHỦ QUẢN",
        "issuing_body": "TÊN CƠ QUAN, TỔ CHỨC BAN HÀNH",
        "number": "Số:       /BC-……",
        "place_date": "………, ngày …… tháng …… năm ……",
        "doc_type": "BÁO CÁO",
        "abstract": "Kết quả kiểm tra việc cung cấp thông tin trên cổng/trang thông tin điện tử",
        "scope_of": "Phạm vi kiểm tra: {name}.",
        "evidence": "Minh chứng: {urls}",
        "evidence_more": "và {n} minh chứng khác",
        "proposals_h": "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "proposals": "Đề nghị các cơ quan, đơn vị có tên tại Mục II rà soát, bổ sung các nội dung chưa đáp ứng "
                     "yêu cầu theo quy định tại {document} và báo cáo kết quả khắc phục; "
                     "các nội dung cần kiểm tra thêm do cán bộ kiểm tra xác minh trực tiếp.",
        "the_rules": "bộ tiêu chí",
        "recipients_h": "Nơi nhận:",
        "recipients": "- Như trên;\n- ……………;\n- Lưu: VT, …….",
        "signer_title": "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ",
        "signature": "(Chữ ký của người có thẩm quyền, dấu/chữ ký số của cơ quan, tổ chức)",
        "signer_name": "Họ và tên",
    },
    "en": {
        "parent_body": "NAME OF THE SUPERVISING AGENCY",
        "issuing_body": "NAME OF THE ISSUING AGENCY",
        "number": "No.:       /BC-……",
        "place_date": "………, day …… month …… year ……",
        "doc_type": "REPORT",
        "abstract": "Results of the inspection of information provided on government portals and websites",
        "scope_of": "Scope: {name}.",
        "evidence": "Evidence: {urls}",
        "evidence_more": "and {n} more",
        "proposals_h": "III. RECOMMENDATIONS",
        "proposals": "The agencies named in Section II are asked to review and complete the items that do not "
                     "meet the requirements of {document} and to report on the corrections; "
                     "items needing review are to be verified by an inspector.",
        "the_rules": "the rule set",
        "recipients_h": "Recipients:",
        "recipients": "- As above;\n- ……………;\n- Archived: ……",
        "signer_title": "AUTHORITY AND POSITION OF THE SIGNATORY",
        "signature": "(Signature of the competent person, seal/digital signature of the agency)",
        "signer_name": "Full name",
    },
}


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _add(p: Paragraph, text: str, size: float | None = None, bold: bool | None = None,
         italic: bool | None = None) -> Any:
    """A run of ``text`` in Times New Roman; characters XML cannot hold (crawled text may
    carry control characters) are dropped rather than failing the whole document."""
    run = p.add_run(_NOT_XML.sub("", text))
    _font(run, size, bold, italic)
    return run


def _font(run: Any, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    """Times New Roman for every script (w:eastAsia and w:cs too, or Word substitutes a font)."""
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic


def _para(container: Any, text: str = "", *, size: float = BODY_PT, bold: bool = False, italic: bool = False,
          align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, before: float = 0,
          after: float = 6) -> Paragraph:
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(before), Pt(after), 1.15
    if indent:
        fmt.first_line_indent = Cm(1.0)
    if text:
        _add(p, text, size, bold, italic)
    return p


def _short_line(container: Any, length_cm: float, width_cm: float) -> Paragraph:
    """A centred rule ``length_cm`` long under the previous paragraph (under the issuing body,
    the tiêu ngữ and the trích yếu): an empty paragraph whose bottom border is narrowed by indents."""
    p = _para(container, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(max(0.0, (width_cm - length_cm) / 2))
    fmt.line_spacing = Pt(2)
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    ppr.append(border)
    return p


def _widths(table: Any, *cm: float) -> None:
    """Column widths Word and LibreOffice both honour: the grid (w:gridCol) and every cell (w:tcW)."""
    table.autofit = False
    for col, width in zip(table.columns, cm, strict=True):
        col.width = Cm(width)
        for cell in col.cells:
            cell.width = Cm(width)


def _borderless(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _cell_lines(cell: _Cell, lines: list[tuple[str, dict[str, Any]]]) -> list[Paragraph]:
    """Paragraphs in a table cell, centred unless told: the cell's empty first paragraph first."""
    out = []
    for i, (text, kw) in enumerate(lines):
        kw = {"align": WD_ALIGN_PARAGRAPH.CENTER, "after": 0, **kw}
        if i == 0:
            p = cell.paragraphs[0]
            p.alignment = kw["align"]
            p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(kw.get("before", 0)), Pt(kw["after"])
            _add(p, text, kw.get("size", BODY_PT), kw.get("bold", False), kw.get("italic", False))
        else:
            p = _para(cell, text, **kw)
        out.append(p)
    return out


def _header(doc: Any, s: dict[str, Any], d: dict[str, str]) -> None:
    """Issuing body on the left; quốc hiệu, tiêu ngữ, place and date on the right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, 6.0, 10.5)
    _borderless(table)
    left, right = table.rows[0].cells
    _cell_lines(left, [(d["parent_body"], {"size": SMALL_PT}), (d["issuing_body"], {"size": SMALL_PT, "bold": True})])
    _short_line(left, 2.5, 6.0)
    _para(left, d["number"], size=BODY_PT - 1, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=0)
    _cell_lines(right, [(s["sum_nation"], {"size": SMALL_PT + 0.5, "bold": True}),
                        (s["sum_motto"], {"size": BODY_PT - 0.5, "bold": True})])
    _short_line(right, 6.0, 10.5)
    _para(right, d["place_date"], size=BODY_PT - 0.5, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT, before=6, after=0)


def _evidence_line(r: Any, d: dict[str, str]) -> str:
    urls: list[str] = []
    for e in r.evidence:
        if e.url and e.url not in urls:
            urls.append(e.url)
    if not urls:
        return ""
    shown = "; ".join(urls[:EVIDENCE_LISTED])
    if len(urls) > EVIDENCE_LISTED:
        shown += f"; {d['evidence_more'].format(n=len(urls) - EVIDENCE_LISTED)}"
    return d["evidence"].format(urls=shown)


def _findings(doc: Any, number: int, start: int, items: list[dict[str, Any]], s: dict[str, Any],
              d: dict[str, str]) -> int:
    """Findings numbered "2.1.", "2.2." … under agency 2, with citation and evidence; returns the next number."""
    k = start
    for it in items:
        info = it["info"]
        legal = info.citation  # with the provisional caveat, as every report shows it
        p = _para(doc, indent=True, after=2)
        _add(p, f"{number}.{k}. {info.title}: ", BODY_PT, bold=True)
        _add(p, f"{it['message']} ({s['sum_basis_ref'].format(legal=legal)}).", BODY_PT)
        evidence = _evidence_line(it["r"], d)
        if evidence:
            _para(doc, evidence, size=BODY_PT - 1, italic=True, indent=True, after=4, align=WD_ALIGN_PARAGRAPH.LEFT)
        k += 1
    return k


def _signature(doc: Any, d: dict[str, str]) -> None:
    table = doc.add_table(rows=1, cols=2)
    _widths(table, 8.0, 8.5)
    _borderless(table)
    left, right = table.rows[0].cells
    left_align = WD_ALIGN_PARAGRAPH.LEFT
    _cell_lines(left, [(d["recipients_h"], {"size": SMALL_PT, "bold": True, "italic": True, "align": left_align}),
                       *((line, {"size": SMALL_PT - 1, "align": left_align}) for line in d["recipients"].split("\n"))])
    _cell_lines(right, [(d["signer_title"], {"size": BODY_PT - 0.5, "bold": True}),
                        (d["signature"], {"size": BODY_PT - 1, "italic": True, "after": 60}),
                        (d["signer_name"], {"size": BODY_PT - 0.5, "bold": True})])


def build(results: ScanResults, lang: str = "vi") -> Any:
    """The summary as a python-docx Document (not yet saved)."""
    s = regimes.labels(results, lang)  # the regime's title, basis and notice
    d = DOCX_STRINGS.get(lang, DOCX_STRINGS["vi"])
    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    doc.core_properties.title = f"{d['doc_type']} {d['abstract']}"
    doc.core_properties.language = lang

    _header(doc, s, d)
    _para(doc, d["doc_type"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=0)
    _para(doc, d["abstract"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    if results.name:
        _para(doc, results.name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _short_line(doc, 5.0, 16.5)
    if s["sum_basis"]:
        _para(doc, s["sum_basis"], italic=True, indent=True, before=12)
    if s["regime_notice"]:
        _para(doc, s["regime_notice"], bold=True, indent=True, before=6)

    agencies = html.summary_agencies(results, lang)
    prov = model.provenance(results, lang)  # the same provenance lines as summary.html
    version = (s["prov_version"].format(v=results.tool_version) + "; ") if results.tool_version else ""
    rules = f"{version}{s['prov_rules'].lower()} {prov.rules}"
    _para(doc, s["sum_general_h"], bold=True, before=6)
    _para(doc, "1. " + s["sum_scope"].format(n=len(agencies)), indent=True)
    _para(doc, "2. " + s["sum_time"].format(time=prov.scan_time) + f" {s['prov_as_of']}: {prov.as_of}.", indent=True)
    _para(doc, "3. " + s["sum_method"].format(rules=rules), indent=True)

    _para(doc, s["sum_results_h"], bold=True, before=6)
    for n, a in enumerate(agencies, 1):
        p = a["p"]
        _para(doc, f"{n}. {p.name} ({p.url})", bold=True, indent=True, before=6)
        if p.status == "error" and p.score is None:
            _para(doc, s["sum_unscanned"].format(error=p.error or s["unknown"]), indent=True)
            continue
        _para(doc, s["sum_score"].format(score=a["score"]), indent=True)
        k = 1
        if a["unmet"]:
            _para(doc, "a) " + s["sum_unmet"], indent=True, italic=True)
            k = _findings(doc, n, k, a["unmet"], s, d)
        else:
            _para(doc, "a) " + s["sum_unmet_none"], indent=True)
        if a["review"]:
            _para(doc, "b) " + s["sum_review"], indent=True, italic=True)
            _findings(doc, n, k, a["review"], s, d)

    _para(doc, d["proposals_h"], bold=True, before=6)
    _para(doc, d["proposals"].format(document=s["regime_document"] or s["decree"] or d["the_rules"]), indent=True)
    _para(doc, s["sum_note"], italic=True, indent=True, after=12)
    _signature(doc, d)
    return doc


def write_docx(results: ScanResults, path: Path, lang: str = "vi") -> Path:
    """Write ``summary.docx``; atomically, so a file share never shows half a document."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    build(results, lang).save(str(tmp))
    tmp.replace(path)
    return path
