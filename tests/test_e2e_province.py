"""End to end: `check_portal` on every portal of a sample province, served by a real HTTP
server on 127.0.0.1, must give the verdict that the province's `expected.yaml` records for
every catalogue rule (written from the decree, independently of the detection code).

Two provinces: the bundled demo province (checker/demo/province), whose verdicts must match
exactly, and a holdout province (tests/fixtures/holdout) built later by someone who did not
read the detection code, in other CMS styles and wordings. Its expected verdicts are not
edited to follow the tool: there the test requires what must always hold — no pass where a
person says fail, no fail where a person says pass, levels exact — and a `review` where the
annotator was sure is allowed (the tool may be more careful than a person, never bolder). Their portals include the decoys inspections meet: menu
links to empty pages and 404s, articles that only mention a keyword, leaders without
duties, two of three environmental items, webmail contact addresses, legacy-encoded pages,
a JavaScript-built menu.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from checker.demo.server import PortalServer
from checker.pipeline import check_portal
from checker.rules import load_rules
from crawlers.options import CrawlOptions

ROOT = Path(__file__).resolve().parent.parent
PROVINCES = {"demo": ROOT / "checker" / "demo" / "province",
             **{d.name: d for d in sorted((ROOT / "tests" / "fixtures").glob("holdout*"))}}
PROVINCES = {k: v for k, v in PROVINCES.items() if (v / "registry.yaml").exists() and (v / "expected.yaml").exists()}
NOW = datetime.fromisoformat("2026-11-22T09:00:00+07:00")


def _registry(name: str) -> list[dict]:
    return yaml.safe_load((PROVINCES[name] / "registry.yaml").read_text(encoding="utf-8"))["portals"]


def _expected(name: str) -> dict:
    return yaml.safe_load((PROVINCES[name] / "expected.yaml").read_text(encoding="utf-8"))


_CACHE: dict[str, dict] = {}
_ARCHIVES: dict[str, dict[str, tuple[str, str, dict]]] = {}  # province -> id -> (warc, level, entry)


def results_for(name: str) -> dict:
    """Every portal of the province checked once per test session (the crawl is the slow part)."""
    if name in _CACHE:
        return _CACHE[name]
    from crawlers.browser import BrowserSession

    rules = load_rules()
    portals = _registry(name)
    by_id = {p["id"]: p for p in portals}
    out = {}
    with PortalServer(PROVINCES[name]) as srv:
        options = CrawlOptions(resolve=srv.resolve_entries(), delay=0.0, concurrency=4, max_pages=200,
                               render="auto", timeout=10)
        with BrowserSession(options) as browser:
            for p in portals:
                entry = dict(p)
                if p.get("parent"):
                    entry["parent_url"] = srv.rebase(by_id[p["parent"]]["url"])
                entry["children"] = [srv.rebase(c["url"]) for c in portals if c.get("parent") == p["id"]]
                warc = str(Path(tempfile.mkdtemp(prefix="d43-e2e-")) / f"{p['id']}.warc.gz")
                _ARCHIVES.setdefault(name, {})[p["id"]] = (warc, p["level"], entry)
                out[p["id"]] = check_portal(srv.rebase(p["url"]), p["level"], rules=rules,
                                            options=replace(options, archive=warc), portal=entry, now=NOW,
                                            settings={"browser": browser})
    _CACHE[name] = out
    return out


CASES = [(name, p["id"]) for name in PROVINCES for p in _registry(name)]


@pytest.mark.browser
@pytest.mark.parametrize("province,portal_id", CASES)
def test_verdicts_match_expected(province, portal_id):
    expected = _expected(province)[portal_id]
    got = {r.rule: r for r in results_for(province)[portal_id].results}
    exact = not province.startswith("holdout")
    wrong = []
    for rule_id, want in expected.items():
        if want == "any":
            continue
        r = got.get(rule_id)
        if r is not None and not exact and not _inverted(want, r.status):
            continue
        if r is None or r.status != want:
            wrong.append(f"{rule_id}: expected {want}, got {r.status if r else 'missing'}"
                         + (f" — {r.message}" if r else ""))
    assert not wrong, f"{province}/{portal_id}:\n  " + "\n  ".join(wrong)


def _inverted(want: str, got: str) -> bool:
    """A verdict bolder than or contrary to a person's: pass↔fail, or a level mistake."""
    if "not_applicable" in (want, got):
        return want != got
    if want == "review":  # the annotator could not decide: a sure verdict would be bolder
        return got in ("pass", "fail")
    return {want, got} == {"pass", "fail"}


def agreement(province: str) -> tuple[int, int]:
    """(verdicts equal to the annotator's, verdicts asserted) — printed by the test below."""
    same = total = 0
    for pid, rules in _expected(province).items():
        got = {r.rule: r.status for r in results_for(province)[pid].results}
        for rule_id, want in rules.items():
            if want != "any":
                total += 1
                same += got.get(rule_id) == want
    return same, total


@pytest.mark.browser
@pytest.mark.parametrize("province", list(PROVINCES))
def test_agreement_is_reported(province, capsys):
    same, total = agreement(province)
    with capsys.disabled():
        print(f"\n{province}: {same}/{total} verdicts equal to the annotator's ({100 * same / total:.1f} %)")
    assert total > 0 and same / total > 0.9


@pytest.mark.browser
@pytest.mark.parametrize("province", list(PROVINCES))
def test_every_pass_and_fail_carries_evidence(province):
    for pr in results_for(province).values():
        for r in pr.results:
            if r.status in ("pass", "fail"):
                assert r.evidence and all(e.url.startswith("http") for e in r.evidence), (pr.id, r.rule)


@pytest.mark.browser
@pytest.mark.parametrize("province", list(PROVINCES))
def test_no_false_fail_on_a_compliant_requirement(province):
    """Where the expected verdict is pass, the tool may say review but never fail."""
    expected = _expected(province)
    false_fails = [f"{pid}/{r.rule}: {r.message}" for pid, pr in results_for(province).items() for r in pr.results
                   if expected.get(pid, {}).get(r.rule) == "pass" and r.status == "fail"]
    assert not false_fails, "\n".join(false_fails)


_REPLAY = """
import json, sys
from checker.pipeline import check_portal
from checker.rules import load_rules
from crawlers.browser import BrowserSession
from crawlers.options import CrawlOptions
out = {}
rules = load_rules()
for pid, (warc, level, url) in json.loads(sys.argv[1]).items():
    r = check_portal(url, level, rules=rules, options=CrawlOptions(from_archive=warc))
    out[pid] = {x.rule: x.status for x in r.results}
print(json.dumps({"results": out, "browsers": BrowserSession.launched}))
"""


@pytest.mark.browser
def test_replay_without_network_gives_the_live_verdicts():
    """Every demo portal, checked live with the browser on and archived, is judged again from
    its WARC in a process that has no network at all (its own network namespace, made with
    ``unshare -n``): every rule gets the same status, no browser is started, in seconds."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"]).returncode != 0:
        pytest.skip("unshare -n is not permitted here: cannot make a process without network")
    live = results_for("demo")
    archives = {pid: (warc, level, live[pid].url) for pid, (warc, level, _e) in _ARCHIVES["demo"].items()}
    t0 = datetime.now()
    r = subprocess.run(["unshare", "-n", sys.executable, "-c", _REPLAY, json.dumps(archives)],
                       capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert r.returncode == 0, r.stderr[-3000:]
    replay = json.loads(r.stdout.strip().splitlines()[-1])
    assert replay["browsers"] == 0
    for pid, res in live.items():
        statuses = {x.rule: x.status for x in res.results}
        diff = {k: (v, replay["results"][pid].get(k)) for k, v in statuses.items() if replay["results"][pid].get(k) != v}
        assert not diff, f"{pid}: live vs replay differ: {diff}"
    seconds = (datetime.now() - t0).total_seconds()
    print(f"replay of {len(archives)} portals without network: {seconds:.1f} s")


def _demo_leader_names() -> set[str]:
    """The leaders the demo's content generator writes (its source is the oracle)."""
    src = (ROOT / "checker" / "demo" / "_province_content.py").read_text(encoding="utf-8")
    return set(re.findall(r'leader\("([^"]+)"', src)) | set(re.findall(r'name="([^"]+)", position=', src))


@pytest.mark.browser
def test_demo_messages_name_every_leader_exactly():
    """The officials' summary quotes the leaders rule's message: each leader it names is a
    title followed by a name the demo wrote, with no word of the next label swallowed
    ("Phan Thị Kim Oanh Nhiệm" was printed once)."""
    names = _demo_leader_names()
    assert "Phan Thị Kim Oanh" in names and "Hoàng Văn Thắng" in names
    seen = 0
    for pid, portal in results_for("demo").items():
        for r in portal.results:
            if r.rule != "intro.leader_bios":
                continue
            for part in re.split(r";\s*", r.message):
                if ": " not in part:
                    continue
                for item in part.split(": ", 1)[1].split(", "):
                    item = item.strip().rstrip(".")
                    assert any(item.endswith(" " + n) for n in names), f"{pid}: {item!r} in {r.message!r}"
                    seen += 1
    assert seen >= 6  # the demo has portals whose leaders lack duties or biographies
