"""One language per report (issue 10 item 3): the demo province, checked once, rendered in
Vietnamese and in English; no text the tool wrote may be in the other language.

The detector (tests/langcheck.py) reads every report a person opens (dashboard, portal
pages, summary, CSV, JUnit), removes what came from the portals (names, URLs, excerpts,
matched words: everything results.json holds outside the tool's messages and notes) and
judges each remaining word. Legal citations are left out here: they are rebuilt from
structured fields by the citation work (issue 10 item 4), which tests them itself.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from langcheck import csv_texts, html_texts, junit_texts, portal_pattern, portal_strings, problems

from checker.results import Bi, Evidence, ScanResults
from reports import write_all

NOW = datetime.fromisoformat("2026-11-22T09:00:00+07:00")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """results.json of the demo province, checked without a browser (the way a machine
    without Chromium checks it: the accessibility checks then explain why)."""
    from checker.app import run_demo

    out = tmp_path_factory.mktemp("demo")
    assert run_demo(out=out, now=NOW, render="never", workers=2) == 0
    return out / "results.json"


def _identifiers(results: ScanResults) -> list[str]:
    """Names that are identifiers, not text of either language: the rule set's name."""
    return [results.rules_name] if results.rules_name else []


def _report_texts(folder: Path) -> list[tuple[str, str]]:
    texts = []
    for f in sorted(folder.rglob("*")):
        if f.suffix == ".html":
            texts += [(f.name, t) for t in html_texts(f.read_text(encoding="utf-8"))]
        elif f.suffix == ".csv":
            texts += [(f.name, t) for t in csv_texts(f.read_text(encoding="utf-8-sig"))]
        elif f.suffix == ".xml":
            texts += [(f.name, t) for t in junit_texts(f.read_text(encoding="utf-8"))]
    return texts


def _wrong(results_path: Path, out: Path, lang: str) -> list[str]:
    results = ScanResults.read(results_path)
    write_all(results, out, lang=lang)
    doc = json.loads(results_path.read_text(encoding="utf-8"))
    portal = portal_pattern(portal_strings(doc) + _identifiers(results))
    found = []
    for name, text in _report_texts(out):
        for t, bad in problems([text], lang, portal):
            found.append(f"{name}: {t!r} → {bad}")
    return found


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_demo_reports_speak_one_language(demo: Path, tmp_path: Path, lang: str) -> None:
    wrong = _wrong(demo, tmp_path / lang, lang)
    assert not wrong, f"{len(wrong)} texts of the other language in the {lang} reports:\n" + "\n".join(wrong[:40])


def test_evidence_notes_carry_both_languages(demo: Path) -> None:
    """Every note the demo's checks wrote has its Vietnamese and English text."""
    doc = json.loads(demo.read_text(encoding="utf-8"))
    notes = [e for p in doc["portals"] for r in p["results"] for e in r["evidence"] if e.get("note")]
    assert notes
    lacking = [e["note"] for e in notes if set(e.get("notes") or {}) != {"vi", "en"}]
    assert not lacking, lacking[:10]
    assert all(e["notes"]["en"] == e["note"] for e in notes)  # note stays the English text


def test_old_results_without_notes_still_render(demo: Path, tmp_path: Path) -> None:
    """A results.json written before notes had two languages renders; its English notes are
    declared English in the Vietnamese pages, never passed off as Vietnamese."""
    doc = json.loads(demo.read_text(encoding="utf-8"))
    for p in doc["portals"]:
        for r in p["results"]:
            for e in r["evidence"]:
                e.pop("notes", None)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    results = ScanResults.read(old)
    assert all(not e.notes for p in results.portals for r in p.results for e in r.evidence)
    write_all(results, tmp_path / "out", lang="vi")
    page = next((tmp_path / "out" / "portals").glob("*.html")).read_text(encoding="utf-8")
    assert 'lang="en">(' in page


def test_raw_reasons_stay_out_of_the_vietnamese_text(tmp_path: Path) -> None:
    """A browser's or a connection's own words (English) are kept verbatim, marked: in a
    ``lang="en"`` element behind a label in the Vietnamese page, in the note of the English one."""
    raw = "Chromium could not be started: Error: BrowserType.launch: Executable doesn't exist"
    e = Evidence("http://x.gov.vn/", "", Bi("lỗi trình duyệt", f"browser: {raw}"), {"reason": raw})
    assert e.note == f"browser: {raw}" and e.notes == {"vi": "lỗi trình duyệt", "en": f"browser: {raw}"}
    back = Evidence.from_dict(json.loads(json.dumps(e.to_dict())))
    assert back.notes == e.notes and back.extra["reason"] == raw and back.note == e.note
