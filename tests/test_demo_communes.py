"""The sample province's commune portals (issue 11 items 4 and 6), served by the demo
server: two component sites in folders of hoaan.gov.vn and one on its own host. Each is
checked end to end (crawl, gather rounds, judge) within its scope at level ``commune`` with
the real rules/decree42.yaml, must give the verdicts ``province/expected-decree42.yaml``
records (written from docs/legal-decree42.md), then is judged again from its archive,
offline, with the same verdicts. Crawled without a browser (fast): the browser rules
(a11y.*) are judged in tests/test_demo_decree42.py, which scans with one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from checker.demo.server import PortalServer
from checker.pipeline import check_portal
from checker.registry_file import PortalEntry
from checker.rules import builtin_path, load_rules
from crawlers.options import CrawlOptions

PROVINCE = Path(__file__).resolve().parents[1] / "checker" / "demo" / "province"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=7)))
COMMUNES = ("xa-binh-son", "phuong-an-phu", "xa-tan-son")


def _registry() -> dict[str, dict]:
    doc = yaml.safe_load((PROVINCE / "registry-decree42.yaml").read_text(encoding="utf-8"))
    return {p["id"]: p for p in doc["portals"]}


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[str, tuple]:
    reg = _registry()
    rules = load_rules(builtin_path("decree42"))
    out = {}
    with PortalServer(PROVINCE) as srv:
        base = CrawlOptions(resolve=srv.resolve_entries(), delay=0.0, concurrency=4, max_pages=80, render="never",
                            timeout=10)
        for pid in COMMUNES:
            p = reg[pid]
            warc = str(tmp_path_factory.mktemp(pid) / "c.warc.gz")
            opts = replace(base, archive=warc, scope=p.get("scope", "host"))
            portal = {"id": pid, "name": p["name"], "parent_url": srv.rebase(reg[p["parent"]]["url"])}
            live = check_portal(srv.rebase(p["url"]), "commune", rules=rules, options=opts, portal=portal, now=NOW)
            replay = check_portal(srv.rebase(p["url"]), "commune", rules=rules,
                                  options=replace(base, from_archive=warc, scope=p.get("scope", "host")), portal=portal, now=NOW)
            out[pid] = (live, replay, warc, srv.rebase(p["url"]))
    return out


def test_registry_names_component_sites():
    reg = _registry()
    assert [pid for pid in COMMUNES if reg[pid].get("scope") == "prefix"] == ["xa-binh-son", "phuong-an-phu"]
    assert all(reg[pid]["level"] == "commune" for pid in COMMUNES)
    assert "district" not in {p["level"] for p in reg.values()}  # districts are gone under Decree 42
    entry = PortalEntry(id="x", name="x", url=reg["xa-binh-son"]["url"], level="commune", scope="prefix")
    assert entry.host == "hoaan.gov.vn"


def test_component_sites_are_crawled_within_their_folder(checked):
    from crawlers.archive import load_archive

    for pid in ("xa-binh-son", "phuong-an-phu"):
        _live, _replay, warc, url = checked[pid]
        snap = load_archive(warc)
        folder = "/" + pid + "/"
        urls = [p.final_url for p in snap.html_pages()]
        assert len(urls) >= 8, (pid, urls)
        assert all(folder in u for u in urls), (pid, [u for u in urls if folder not in u])
        # the provincial portal's own pages were never crawled as this portal's
        assert not any("/web/guest/" in u for u in snap.pages), pid
        assert snap.scope.prefix == folder


def test_verdicts_follow_the_decree42_expectations(checked):
    expected = yaml.safe_load((PROVINCE / "expected-decree42.yaml").read_text(encoding="utf-8"))
    wrong = []
    for pid in COMMUNES:
        live = {r.rule: r.status for r in checked[pid][0].results}
        assert set(expected[pid]) == set(live), (pid, set(expected[pid]) ^ set(live))  # every rule has its verdict
        for rule, want in expected[pid].items():
            if want != "any" and not rule.startswith("a11y.") and live[rule] != want:
                wrong.append(f"{pid} {rule}: expected {want}, got {live[rule]}")
    assert not wrong, "\n".join(wrong)


def test_the_commune_level_is_judged_as_such(checked):
    """At commune level the province's rule is not applicable and the commune's own link rule is."""
    for pid in COMMUNES:
        live = {r.rule: r.status for r in checked[pid][0].results}
        assert live["portal.components"] == "not_applicable", pid
        assert live["links.agencies"] in ("pass", "fail"), pid
        assert checked[pid][0].level == "commune", pid


def test_replay_gives_the_same_verdicts(checked):
    for pid in COMMUNES:
        live, replay, _warc, _url = checked[pid]
        got = {r.rule: r.status for r in live.results if not r.rule.startswith("a11y.")}
        again = {r.rule: r.status for r in replay.results if not r.rule.startswith("a11y.")}
        assert got == again, (pid, {k: (v, again.get(k)) for k, v in got.items() if again.get(k) != v})


def test_the_demo_picks_the_registry_of_its_rule_set(tmp_path):
    from checker.demo.run import demo_registry, registry_for

    assert registry_for(PROVINCE, "decree42").name == "registry-decree42.yaml"
    assert registry_for(PROVINCE, "decree43").name == registry_for(PROVINCE).name == "registry.yaml"
    out = demo_registry(registry_for(PROVINCE, "decree42"), 8123, ["hoaan.gov.vn:8123:127.0.0.1"], tmp_path / "r.yaml")
    urls = {p["id"]: p["url"] for p in yaml.safe_load(out.read_text(encoding="utf-8"))["portals"]}
    assert urls["xa-binh-son"] == "http://hoaan.gov.vn:8123/xa-binh-son/"  # the folder survives the port rewrite
