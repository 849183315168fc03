#!/usr/bin/env python3
"""Print check: does each d43 HTML report print well on A4?

Officials print the reports and file them, so "it looks fine on screen" is not enough.
This script prints every report of a report folder (index.html, summary.html,
portals/*.html) to an A4 PDF with Chromium (Playwright's ``page.pdf``, the engine that
the officials' own browser uses), then measures what a reader of the paper would see:

- pages per document;
- per page, how much of it is blank: the share of the page's height below the last
  inked row (pages rasterised by ``pdftoppm`` from poppler-utils);
- whether anything is wider than the printable width (Chromium cuts it at the margin
  without a trace on paper), measured in the browser with print media and a viewport
  as wide as the page's printable area, from the document's own ``@page`` margins;
- in the dashboard, whether every rule's column of the portal × rule matrix is laid out
  within the printable width (element boxes, measured the same way).

Usage::

    python scripts/print_check.py REPORT_DIR [--pdf-dir DIR] [--png-dir DIR] [--json]

Exit status 1 when a threshold is broken (``--max-blank``, ``--max-portal-pages``,
a matrix column or anything else wider than the page), 2 when it cannot run
(no Chromium, no pdftoppm).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

MM_PX = 96 / 25.4  # CSS pixels per millimetre
A4_MM = (210.0, 297.0)
RASTER_DPI = 40  # enough to find ink rows; keeps the check fast
INK_LEVEL = 235  # grey level (0 black … 255 white) below which a pixel is ink
_INK_TABLE = bytes(1 if v < INK_LEVEL else 0 for v in range(256))

# Reads the document's own @page margins (the last matching rule wins, as in CSS) so the
# width check uses the printable width the author asked for.
_PAGE_MARGINS_JS = """() => {
  const out = {top: null, right: null, bottom: null, left: null};
  const walk = (rules) => {
    for (const r of rules) {
      if (r.type === CSSRule.PAGE_RULE && !r.selectorText) {
        for (const side of ["top", "right", "bottom", "left"]) {
          const v = r.style.getPropertyValue("margin-" + side);
          if (v) out[side] = v;
        }
      } else if (r.cssRules && (!r.media || window.matchMedia(r.media.mediaText).matches)) {
        walk(r.cssRules);
      }
    }
  };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);
  return out;
}"""

# Every rule id with a column head in the document; for each, whether one of its heads is
# rendered (print media) and lies inside the printable width; and the widest matrix table.
_MATRIX_JS = """(width) => {
  const heads = Array.from(document.querySelectorAll("th[data-rule]"));
  const rules = {};
  for (const th of heads) {
    const id = th.dataset.rule;
    const box = th.getBoundingClientRect();
    const shown = th.offsetParent !== null && box.width > 0 && box.height > 0;
    const inside = shown && box.left >= -0.5 && box.right <= width + 0.5;
    rules[id] = rules[id] || inside;
  }
  let widest = 0;
  for (const t of document.querySelectorAll("table")) {
    if (t.offsetParent !== null && t.querySelector("th[data-rule]")) {
      widest = Math.max(widest, t.getBoundingClientRect().right);
    }
  }
  const wide = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  return {rules, widest, overflow: Math.max(0, wide - width)};
}"""


@dataclass
class PageMeasure:
    """One printed page: where its ink is, as shares of the page."""

    number: int
    blank: float  # share of the page's height below the last inked row (1.0: empty page)
    ink_right: float  # rightmost inked column, as a share of the page's width


@dataclass
class DocumentCheck:
    """One report document printed to A4."""

    name: str
    pdf: str
    pages: list[PageMeasure] = field(default_factory=list)
    margins_mm: dict[str, float] = field(default_factory=dict)
    printable_width_px: float = 0.0
    rule_columns: int = 0  # distinct rules with a matrix column head
    rules_outside: list[str] = field(default_factory=list)  # rules with no head inside the printable width
    widest_matrix_px: float = 0.0
    overflow_px: float = 0.0  # how far the widest content reaches past the printable width

    @property
    def page_count(self) -> int:
        return len(self.pages)


def _length_mm(value: str | None, default: float) -> float:
    """A CSS length ("12mm", "2cm", "0.5in", "20px", "10pt") in millimetres."""
    if not value:
        return default
    v = value.strip().lower()
    for unit, factor in (("mm", 1.0), ("cm", 10.0), ("in", 25.4), ("px", 25.4 / 96), ("pt", 25.4 / 72)):
        if v.endswith(unit):
            try:
                return float(v[: -len(unit)]) * factor
            except ValueError:
                return default
    return 0.0 if v == "0" else default


def read_pgm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and 8-bit grey pixels of a binary PGM (what ``pdftoppm -gray`` writes)."""
    data = path.read_bytes()
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P5" or int(fields[3]) > 255:
        raise ValueError(f"{path}: not an 8-bit binary PGM")
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[pos + 1: pos + 1 + width * height]


def measure_page(path: Path, number: int) -> PageMeasure:
    """Where the ink is on one rasterised page."""
    width, height, px = read_pgm(path)
    ink = px.translate(_INK_TABLE)  # 1 where inked, 0 elsewhere
    last_row, right = -1, -1
    for y in range(height):
        x = ink.rfind(b"\x01", y * width, (y + 1) * width)
        if x >= 0:
            last_row, right = y, max(right, x - y * width)
    blank = 1.0 if last_row < 0 else (height - 1 - last_row) / height
    ink_right = (right + 1) / width if right >= 0 else 0.0
    return PageMeasure(number, round(blank, 3), round(ink_right, 3))


def rasterise(pdf: Path, folder: Path, png_dir: Path | None = None) -> list[Path]:
    """Pages of ``pdf`` as grey PGM files in ``folder`` (and PNGs in ``png_dir`` for a person to look at)."""
    stem = folder / pdf.stem
    subprocess.run(["pdftoppm", "-gray", "-r", str(RASTER_DPI), str(pdf), str(stem)], check=True, capture_output=True)
    if png_dir is not None:
        png_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(png_dir / pdf.stem)], check=True, capture_output=True)
    return sorted(folder.glob(f"{pdf.stem}-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def documents(report_dir: Path) -> list[Path]:
    """The printable reports of a report folder, dashboard and summary first."""
    docs = [report_dir / n for n in ("index.html", "summary.html") if (report_dir / n).exists()]
    return docs + sorted((report_dir / "portals").glob("*.html"))


def _pdf_name(report_dir: Path, doc: Path) -> str:
    return doc.relative_to(report_dir).as_posix()


def check_reports(report_dir: Path, pdf_dir: Path | None = None, png_dir: Path | None = None) -> list[DocumentCheck]:
    """Print every report in ``report_dir`` to A4 and measure it."""
    from playwright.sync_api import sync_playwright

    from crawlers.browser import CHROMIUM_ARGS, find_chromium

    if shutil.which("pdftoppm") is None:
        raise RuntimeError("pdftoppm not found: install poppler-utils (apt-get install -y poppler-utils)")
    report_dir = Path(report_dir).resolve()
    checks: list[DocumentCheck] = []
    with tempfile.TemporaryDirectory(prefix="d43-print-") as tmp_name:
        tmp = Path(tmp_name)
        out = Path(pdf_dir) if pdf_dir else tmp
        out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS, headless=True)
            try:
                context = browser.new_context()
                # the reports load nothing; refuse anything but the file itself
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                              else route.abort())
                page = context.new_page()
                for doc in documents(report_dir):
                    name = _pdf_name(report_dir, doc)
                    page.goto(doc.as_uri())
                    page.emulate_media(media="print")
                    raw = page.evaluate(_PAGE_MARGINS_JS)
                    margins = {side: round(_length_mm(raw.get(side), 10.0), 2) for side in ("top", "right", "bottom", "left")}
                    width_px = (A4_MM[0] - margins["left"] - margins["right"]) * MM_PX
                    page.set_viewport_size({"width": int(width_px), "height": 1000})
                    matrix = page.evaluate(_MATRIX_JS, width_px)
                    pdf = out / (name.replace("/", "_").removesuffix(".html") + ".pdf")
                    page.pdf(path=str(pdf), format="A4", print_background=True)
                    page.set_viewport_size({"width": 1280, "height": 800})
                    check = DocumentCheck(name=name, pdf=str(pdf), margins_mm=margins,
                                          printable_width_px=round(width_px, 1),
                                          rule_columns=len(matrix["rules"]),
                                          rules_outside=sorted(r for r, ok in matrix["rules"].items() if not ok),
                                          widest_matrix_px=round(matrix["widest"], 1),
                                          overflow_px=round(matrix["overflow"], 1))
                    pages = rasterise(pdf, tmp, png_dir)
                    check.pages = [measure_page(p, i) for i, p in enumerate(pages, 1)]
                    checks.append(check)
            finally:
                browser.close()
    return checks


def problems(checks: list[DocumentCheck], max_blank: float = 0.35, max_portal_pages: int = 12) -> list[str]:
    """What a reader of the printed reports would complain about."""
    found = []
    for c in checks:
        if c.rules_outside:
            found.append(f"{c.name}: {len(c.rules_outside)} of {c.rule_columns} rule columns outside the printable width "
                         f"({', '.join(c.rules_outside[:5])}{' …' if len(c.rules_outside) > 5 else ''})")
        if c.overflow_px > 1:
            found.append(f"{c.name}: content {c.overflow_px:.0f} px wider than the printable width (cut on paper)")
        if c.name == "summary.html":
            blank = [f"{p.number} ({p.blank:.0%})" for p in c.pages[:-1] if p.blank > max_blank]
            if blank:
                found.append(f"{c.name}: pages more than {max_blank:.0%} blank before the last: {', '.join(blank)}")
        if c.name.startswith("portals/") and c.page_count > max_portal_pages:
            found.append(f"{c.name}: {c.page_count} pages (at most {max_portal_pages})")
    return found


def _table(checks: list[DocumentCheck]) -> str:
    lines = [f"{'document':<24} {'pages':>5}  {'blank per page (share of height below the last ink)'}"]
    for c in checks:
        blanks = " ".join(f"{p.blank:.0%}" for p in c.pages)
        lines.append(f"{c.name:<24} {c.page_count:>5}  {blanks}")
        if c.rule_columns:
            lines.append(f"{'':<24} {'':>5}  matrix: {c.rule_columns - len(c.rules_outside)}/{c.rule_columns} rule columns "
                         f"inside the printable width ({c.widest_matrix_px:.0f} of {c.printable_width_px:.0f} px)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report_dir", type=Path, help="a d43 report folder (index.html, summary.html, portals/)")
    ap.add_argument("--pdf-dir", type=Path, help="keep the PDFs here")
    ap.add_argument("--png-dir", type=Path, help="write every page as a PNG here, to look at")
    ap.add_argument("--max-blank", type=float, default=0.35, help="largest blank share of a summary page but the last [0.35]")
    ap.add_argument("--max-portal-pages", type=int, default=12, help="most pages a portal page may print as [12]")
    ap.add_argument("--json", action="store_true", help="print the measurements as JSON")
    args = ap.parse_args(argv)
    if not (args.report_dir / "index.html").exists() and not (args.report_dir / "summary.html").exists():
        print(f"{args.report_dir}: no index.html or summary.html", file=sys.stderr)
        return 2
    try:
        checks = check_reports(args.report_dir, args.pdf_dir, args.png_dir)
    except (RuntimeError, OSError) as exc:
        print(f"cannot print: {exc}", file=sys.stderr)
        return 2
    found = problems(checks, args.max_blank, args.max_portal_pages)
    if args.json:
        out: list[dict[str, Any]] = [dict(asdict(c), page_count=c.page_count) for c in checks]
        print(json.dumps({"documents": out, "problems": found}, ensure_ascii=False, indent=1))
    else:
        print(_table(checks))
        for p in found:
            print("PROBLEM:", p)
        print("print check: " + ("passed" if not found else f"{len(found)} problem(s)"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
