"""JUnit XML: one test suite per portal, one test case per applicable rule.

CI systems (GitLab, Jenkins, GitHub checks) read JUnit; ``fail`` becomes ``<failure>``,
``error`` becomes ``<error>`` (a scan problem, not a finding), ``review`` passes with the
note in ``<system-out>`` so that a person, not the build, decides. ``not_applicable``
rules are left out. ElementTree escapes text and attributes; we drop the control
characters XML 1.0 cannot carry.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

from checker.results import PortalResult, RuleResult, ScanResults
from reports import model
from reports.i18n import evidence_note, portal_error, portal_error_reason, strings
from reports.safety import xml_text

MAX_MESSAGE = 500
MAX_EVIDENCE = 20


def _one_line(text: str) -> str:
    return " ".join(xml_text(text).split())[:MAX_MESSAGE]


def _body(r: RuleResult, info: model.RuleInfo, lang: str) -> str:
    s = strings(lang)
    lines = [f"{s['legal_basis']}: {info.citation}", f"{s['message']}: {model.message(r, lang)}"]
    if r.evidence:
        lines.append(f"{s['evidence']}:")
        for e in r.evidence[:MAX_EVIDENCE]:
            note, _ = evidence_note(e, lang)
            extra = f" ({note})" if note else ""
            lines.append(f"- {e.url}{extra}")
            if e.excerpt:
                lines.append(f"  {' '.join(e.excerpt.split())}")
        if len(r.evidence) > MAX_EVIDENCE:
            lines.append(s["evidence_more"].format(n=len(r.evidence) - MAX_EVIDENCE))
    if info.help:
        lines.append(f"{s['how_to_fix']}: {info.help}")
    return xml_text("\n".join(lines))


def _suite(results: ScanResults, p: PortalResult, infos: dict[str, model.RuleInfo], lang: str) -> ET.Element:
    s = strings(lang)
    duration = model.portal_duration(p)  # crawl, gathering and evaluation
    suite = ET.Element("testsuite", {
        "name": xml_text(f"{p.name} ({p.id})"), "id": xml_text(p.id),
        "hostname": xml_text(urlsplit(p.url).hostname or "") if p.url else "",
        "timestamp": xml_text(p.started_at or results.started_at),
        "time": f"{float(duration):.3f}" if isinstance(duration, (int, float)) else "0"})
    props = ET.SubElement(suite, "properties")
    prov = model.provenance(results, lang)
    for k, v in (("url", p.url), ("level", p.level), ("score", "" if p.score is None else p.score),
                 ("status", p.status), ("pages_fetched", p.pages_fetched),
                 ("as_of", p.as_of or results.effective_as_of()), ("rules", prov.rules), ("d43_version", results.tool_version)):
        ET.SubElement(props, "property", {"name": k, "value": xml_text(v)})
    tests = failures = errors = 0
    ordered = sorted(p.results, key=lambda r: (infos[r.rule].sort_key if r.rule in infos else ((9,), r.rule)))
    for r in ordered:
        if r.status == "not_applicable":
            continue
        info = infos.get(r.rule) or model.rule_info(r.rule, None, lang)
        tests += 1
        case = ET.SubElement(suite, "testcase", {
            "classname": xml_text(f"d43.{p.id}"), "name": xml_text(f"{r.rule}: {info.title}"), "time": "0"})
        case_props = ET.SubElement(case, "properties")
        ET.SubElement(case_props, "property", {"name": "legal_basis", "value": xml_text(info.legal_text)})
        if info.provisional:  # a CI reader must not take a provisional point for settled law
            ET.SubElement(case_props, "property", {"name": "provisional", "value": xml_text(info.caveat)})
        if r.status == "fail":
            failures += 1
            el = ET.SubElement(case, "failure", {"message": _one_line(model.message(r, lang)), "type": "fail"})
            el.text = _body(r, info, lang)
        elif r.status == "error":
            errors += 1
            el = ET.SubElement(case, "error", {"message": _one_line(model.message(r, lang)), "type": "error"})
            el.text = _body(r, info, lang)
        elif r.status == "review":
            ET.SubElement(case, "system-out").text = f"{s['junit_review']}\n{_body(r, info, lang)}"
    if p.status == "error" and tests == 0:
        tests, errors = 1, 1
        case = ET.SubElement(suite, "testcase", {"classname": xml_text(f"d43.{p.id}"), "name": "portal", "time": "0"})
        el = ET.SubElement(case, "error", {"message": _one_line(portal_error(p, lang)), "type": "scan-error"})
        # the raw reason and the crawl's own error lines (English) behind a marked label
        reason = portal_error_reason(p, lang)
        raw = ([f"{s['reason']}: {reason}"] if reason else []) + p.errors[:MAX_EVIDENCE]
        el.text = xml_text("\n".join([portal_error(p, lang)] + raw))
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    return suite


def build(results: ScanResults, lang: str = "vi") -> ET.ElementTree:
    infos = model.rule_infos(results, lang)
    root = ET.Element("testsuites", {"name": xml_text(f"d43 {results.name}".strip())})
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for p in results.portals:
        suite = _suite(results, p, infos, lang)
        root.append(suite)
        for k in totals:
            totals[k] += int(suite.get(k, "0"))
    for k, v in totals.items():
        root.set(k, str(v))
    return ET.ElementTree(root)


def write(results: ScanResults, path: Path, lang: str = "vi") -> Path:
    tree = build(results, lang)
    ET.indent(tree, space=" ")
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return path
