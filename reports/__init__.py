"""Reports: HTML (Vietnamese or English), the summary in Word, results.json, JUnit, CSV and XLSX from ScanResults.

``write_all`` renders everything from stored results, so ``d43 report RESULTS.json``
reproduces a scan's reports without re-fetching.
"""

from __future__ import annotations

from pathlib import Path

from checker.results import ScanResults
from reports.safety import portal_filename

# The writers (Jinja2, python-docx, openpyxl …) are imported when reports are written, not
# when ``reports`` is: the rule loader reads reports.citations, and a crawl or a scan worker
# must not carry ~17 MB of report libraries it never uses.

__all__ = ["write_all", "render_portal_page", "portal_filename"]

History = dict[str, list[tuple[str, float | None]]]


def _write_text(path: Path, text: str) -> Path:
    """Write atomically so a report on a file share is never seen half-written."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def render_portal_page(results: ScanResults, portal_id: str, out_dir: Path, lang: str = "vi") -> Path:
    """Write ``out_dir/portals/<safe id>.html`` for one portal and return its path."""
    portal = next((p for p in results.portals if p.id == portal_id), None)
    if portal is None:
        raise KeyError(f"no portal {portal_id!r} in these results")
    from reports import html
    folder = Path(out_dir) / "portals"
    folder.mkdir(parents=True, exist_ok=True)
    return _write_text(folder / portal_filename(portal.id), html.render_portal(results, portal, lang))


def write_all(results: ScanResults, out_dir: Path, *, lang: str = "vi",
              previous: ScanResults | None = None, history: History | None = None) -> list[Path]:
    """Write every report for ``results`` into ``out_dir`` and return the files written.

    ``previous`` gives the change since the previous scan; ``history`` maps portal id to
    ``[(iso date, score)]`` for the trend charts.
    """
    from reports import docx, html, junit, tabular

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    json_path = out / "results.json"
    results.write(json_path)
    written = [json_path,
               _write_text(out / "index.html", html.render_dashboard(results, lang, previous, history))]
    written += [render_portal_page(results, p.id, out, lang) for p in results.portals]
    written.append(_write_text(out / "summary.html", html.render_summary(results, lang)))
    written.append(docx.write_docx(results, out / "summary.docx", lang))
    written.append(junit.write(results, out / "junit.xml", lang))
    written.append(tabular.write_csv(results, out / "results.csv", lang))
    written.append(tabular.write_xlsx(results, out / "results.xlsx", lang))
    return written

