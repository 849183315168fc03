"""Spreadsheets for officials: results.csv and results.xlsx, one row per portal × rule.

CSV is UTF-8 with BOM so Excel shows Vietnamese; every text cell goes through
:func:`reports.safety.cell` so crawled text can never become a formula. The XLSX is
written in openpyxl's streaming mode (fast for large provinces) with every text cell
typed as a string.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from checker.results import ScanResults
from reports import model
from reports import regime as regimes
from reports.i18n import portal_error, strings
from reports.safety import cell

# "legal" holds the citation with its caveat; "provisional" says so for filtering; "as_of"
# (the verdicts' date, Asia/Ho_Chi_Minh) keeps a row's provenance when it is copied elsewhere.
COLUMNS = ("portal_id", "portal_name", "url", "level", "score", "rule", "title", "legal",
           "severity", "status", "message", "evidence_url", "excerpt", "help", "provisional", "as_of")
WIDTHS = {"portal_id": 12, "portal_name": 30, "url": 30, "level": 14, "score": 8, "rule": 22,
          "title": 40, "legal": 30, "severity": 12, "status": 14, "message": 50,
          "evidence_url": 40, "excerpt": 50, "help": 50, "provisional": 12, "as_of": 22}
MAX_URLS = 5


def headers(lang: str) -> list[str]:
    s = strings(lang)
    names = {**s["csv"], "provisional": s["csv_provisional"], "as_of": s["csv_as_of"]}
    return [names[c] for c in COLUMNS]


def rows(results: ScanResults, lang: str) -> Iterator[list[Any]]:
    """Raw (not yet neutralised) rows, ordered by portal then by the regime's order."""
    s = regimes.labels(results, lang)  # level names from the regime
    infos = model.rule_infos(results, lang)
    scan_as_of = model.provenance(results, lang).as_of
    for p in results.portals:
        base = [p.id, p.name, p.url, s["level"].get(p.level, p.level), p.score]
        as_of = model.format_time(p.as_of, lang) if p.as_of else scan_as_of
        if not p.results and p.status == "error":
            yield base + ["", "", "", "", s["status"]["error"], portal_error(p, lang), "", "", "", "", as_of]
            continue
        ordered = sorted(p.results, key=lambda r: infos[r.rule].sort_key if r.rule in infos else ((9,), r.rule))
        for r in ordered:
            info = infos.get(r.rule) or model.rule_info(r.rule, None, lang)
            urls = "\n".join(e.url for e in r.evidence[:MAX_URLS] if e.url)
            excerpt = next((e.excerpt for e in r.evidence if e.excerpt), "")
            yield base + [r.rule, info.title, info.citation, info.severity_label,
                          s["status"].get(r.status, r.status), model.message(r, lang), urls, excerpt,
                          info.help if r.status in ("fail", "review", "error") else "",
                          s["yes"] if info.provisional else "", as_of]


def write_csv(results: ScanResults, path: Path, lang: str = "vi") -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(headers(lang))
        for row in rows(results, lang):
            w.writerow([cell(v) for v in row])
    return path


def write_xlsx(results: ScanResults, path: Path, lang: str = "vi") -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(strings(lang)["xlsx_sheet"])
    ws.freeze_panes = "A2"
    for i, col in enumerate(COLUMNS):
        ws.column_dimensions[chr(ord("A") + i)].width = WIDTHS[col]
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header_cells = []
    for h in headers(lang):
        c = WriteOnlyCell(ws, value=h)
        c.font = bold
        header_cells.append(c)
    ws.append(header_cells)
    n = 1
    for row in rows(results, lang):
        out = []
        for v in row:
            safe = cell(v)
            c = WriteOnlyCell(ws, value=safe)
            if isinstance(safe, str):
                c.data_type = "s"  # never "f": a string starting with "=" is not a formula
                if "\n" in safe or len(safe) > 40:
                    c.alignment = wrap
            out.append(c)
        ws.append(out)
        n += 1
    ws.auto_filter.ref = f"A1:{chr(ord('A') + len(COLUMNS) - 1)}{n}"
    _about_sheet(wb, results, lang)
    wb.save(path)
    return path


def _about_sheet(wb: Workbook, results: ScanResults, lang: str) -> None:
    """The workbook's provenance (as of, rule set, d43, scan time) and, when a finding rests
    on a provisional citation, the caveat spelled out: a sheet officials file along."""
    s = regimes.labels(results, lang)
    prov = model.provenance(results, lang)
    ws = wb.create_sheet(s["prov_sheet"])
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 80
    rows: list[tuple[str, str]] = [(s["prov_as_of"], prov.as_of), (s["prov_rules"], prov.rules),
                                   (s["regime_h"], s["decree"]),
                                   (s["prov_tool"], prov.tool), (s["prov_scan_time"], prov.scan_time)]
    if s["regime_notice"]:
        rows.append(("", s["regime_notice"]))
    infos = model.rule_infos(results, lang)
    provisional = [i for i in infos.values() if i.provisional]
    if provisional:
        rows.append((s["prov_caveat_h"], s["cite_provisional"]))
        rows += [(i.id, i.legal_text) for i in provisional]
    for key, value in rows:
        a, b = WriteOnlyCell(ws, value=cell(key)), WriteOnlyCell(ws, value=cell(value))
        a.data_type = b.data_type = "s"
        a.font = Font(bold=True)
        ws.append([a, b])
