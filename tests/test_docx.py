"""summary.docx, read back with python-docx: every portal and every failed or review finding,
with its citation and evidence, in Times New Roman, under the quốc hiệu and tiêu ngữ."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from checker.results import Evidence, PortalResult, RuleResult, ScanResults
from checker.sample_results import synthetic_results
from reports import write_all
from reports.model import rule_infos


def _text(document: object) -> list[str]:
    """Every paragraph's text, tables included, in reading order (good enough for assertions)."""
    out = [p.text for p in document.paragraphs]  # type: ignore[attr-defined]
    for t in document.tables:  # type: ignore[attr-defined]
        for row in t.rows:
            for cell in row.cells:
                out += [p.text for p in cell.paragraphs]
    return out


def _runs(document: object) -> list[object]:
    runs = [r for p in document.paragraphs for r in p.runs]  # type: ignore[attr-defined]
    for t in document.tables:  # type: ignore[attr-defined]
        for row in t.rows:
            for cell in row.cells:
                runs += [r for p in cell.paragraphs for r in p.runs]
    return runs


@pytest.fixture(scope="module")
def results() -> ScanResults:
    res = synthetic_results(n_portals=6, n_rules=14)
    # one portal that could not be scanned, one with evidence beyond what is listed
    res.portals[0].status, res.portals[0].score, res.portals[0].error = "error", None, "timeout after 30 s"
    res.portals[0].results = []
    failing = next(r for p in res.portals for r in p.results if r.status == "fail")
    failing.evidence = [Evidence(url=f"https://ev.example.gov.vn/page-{i}", excerpt="", note="") for i in range(6)]
    return res


@pytest.fixture(scope="module")
def vi(results: ScanResults, tmp_path_factory: pytest.TempPathFactory) -> object:
    out = tmp_path_factory.mktemp("docx-vi")
    written = write_all(results, out)
    assert out / "summary.docx" in written
    return docx.Document(str(out / "summary.docx"))


def test_quoc_hieu_tieu_ngu_title_and_signature(vi: object) -> None:
    text = _text(vi)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "BÁO CÁO" in text
    assert any(t.startswith("Kết quả kiểm tra") for t in text)
    assert any("ngày" in t and "tháng" in t and "năm" in t for t in text)  # place and date
    assert "Nơi nhận:" in text and "Họ và tên" in text
    heads = [t for t in text if t[:3] in ("I. ", "II.", "III")]
    assert heads == ["I. THÔNG TIN CHUNG", "II. KẾT QUẢ KIỂM TRA CỤ THỂ", "III. ĐỀ XUẤT, KIẾN NGHỊ"]
    # the quốc hiệu stands at the top, before the title
    assert vi.tables[0].rows[0].cells[1].paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # type: ignore[attr-defined]


def test_every_portal_and_finding_with_its_citation(vi: object, results: ScanResults) -> None:
    text = "\n".join(_text(vi))
    infos = rule_infos(results, "vi")
    for n, p in enumerate(results.portals, 1):
        assert f"{n}. {p.name} ({p.url})" in text
        for r in p.results:
            info = infos[r.rule]
            line = next((t for t in _text(vi) if f": {r.messages.get('vi') or r.message} (" in t
                         and t.split(". ", 1)[-1].startswith(info.title)), None)
            if r.status in ("fail", "review"):
                assert line is not None, (p.id, r.rule)
                assert info.legal_text in line  # the model's citation, as the HTML summary shows it
            elif r.status == "pass":
                assert line is None, (p.id, r.rule)
    assert "Chưa kiểm tra được cổng/trang này (timeout after 30 s)" in text


def test_findings_numbered_per_agency_with_evidence(vi: object, results: ScanResults) -> None:
    text = _text(vi)
    second = [t for t in text if t.startswith("2.") and t[2:3].isdigit()]
    fails_and_reviews = sum(1 for r in results.portals[1].results if r.status in ("fail", "review"))
    assert [t.split(" ", 1)[0] for t in second] == [f"2.{k}." for k in range(1, fails_and_reviews + 1)]
    capped = next(t for t in text if "https://ev.example.gov.vn/page-0" in t)
    assert capped.startswith("Minh chứng: ") and "page-2" in capped and "page-3" not in capped
    assert capped.endswith("và 3 minh chứng khác")


def test_times_new_roman_13_to_14_on_a4(vi: object) -> None:
    runs = _runs(vi)
    assert len(runs) > 50
    assert {r.font.name for r in runs} == {"Times New Roman"}  # type: ignore[attr-defined]
    sizes = [r.font.size.pt for r in runs if r.font.size is not None]  # type: ignore[attr-defined]
    assert sizes and min(sizes) >= 11 and max(sizes) <= 14
    body = [r.font.size.pt for p in vi.paragraphs for r in p.runs if p.text.startswith(("1.", "2.", "3."))]  # type: ignore[attr-defined]
    assert body and all(13 <= s <= 14 for s in body)
    assert vi.styles["Normal"].font.name == "Times New Roman"  # type: ignore[attr-defined]
    section = vi.sections[0]  # type: ignore[attr-defined]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15


def test_english(results: ScanResults, tmp_path: Path) -> None:
    write_all(results, tmp_path, lang="en")
    document = docx.Document(str(tmp_path / "summary.docx"))
    text = _text(document)
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "REPORT" in text and "Recipients:" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text and "Nơi nhận:" not in text
    joined = "\n".join(text)
    assert all(p.name in joined for p in results.portals)
    assert "Evidence: https://ev.example.gov.vn/page-0" in joined


def test_untrusted_text_stays_text(tmp_path: Path) -> None:
    """Crawled names and messages carry markup and control characters; the file still opens."""
    bad = "<w:p>\x07 & “quotes” </script>"
    res = ScanResults(rules_file="rules.yaml", rules_version="1", started_at="2026-11-22T09:00:00+07:00",
                      finished_at="2026-11-22T09:10:00+07:00", name=bad, portals=[PortalResult(
                          id="x", name=bad, url="https://x.gov.vn/", level="province", score=10.0, pages_fetched=1,
                          results=[RuleResult(rule="r.one", status="fail", message=bad, messages={},
                                              evidence=[Evidence(url="https://x.gov.vn/?a=<b>", excerpt=bad, note="")])])])
    write_all(res, tmp_path)
    text = "\n".join(_text(docx.Document(str(tmp_path / "summary.docx"))))
    assert "<w:p>" in text and "https://x.gov.vn/?a=<b>" in text
