import json

import pytest

from checker.results import SCHEMA, Evidence, PortalResult, RuleResult, ScanResults


def sample() -> ScanResults:
    ev = Evidence("https://sxd.x.gov.vn/lanh-dao", "Phó Giám đốc Nguyễn Văn A", note="no duties", extra={"match": "Phó Giám đốc"})
    rr = RuleResult("intro.leader_bios", "fail", "1 of 2 leaders have no assigned duties",
                    {"vi": "1 trong 2 lãnh đạo chưa có nhiệm vụ đảm nhiệm", "en": "1 of 2 leaders have no assigned duties"}, [ev])
    p = PortalResult(id="sxd", name="Sở Xây dựng", url="https://sxd.x.gov.vn/", level="department", score=87.5,
                     pages_fetched=12, results=[rr])
    return ScanResults("rules/decree43.yaml", "1", "2026-11-22T08:00:00+07:00", "2026-11-22T08:05:00+07:00", [p],
                       {"intro.leader_bios": {"title": {"vi": "Tiểu sử lãnh đạo"}}})


def test_json_matches_contract_and_round_trips(tmp_path):
    res = sample()
    path = tmp_path / "out" / "results.json"
    res.write(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema"] == SCHEMA
    assert doc["rules"]["file"] == "rules/decree43.yaml"
    r = doc["portals"][0]["results"][0]
    assert set(r) >= {"rule", "status", "message", "evidence"}
    assert r["evidence"][0] == {"url": "https://sxd.x.gov.vn/lanh-dao", "excerpt": "Phó Giám đốc Nguyễn Văn A",
                                "note": "no duties", "match": "Phó Giám đốc"}
    assert doc["portals"][0]["counts"]["fail"] == 1
    back = ScanResults.read(path)
    assert back.to_dict() == res.to_dict()
    assert not list(path.parent.glob("*.tmp"))


def test_excerpts_are_capped():
    e = Evidence("u", "x" * 10_000).to_dict()
    assert len(e["excerpt"]) == 300


def test_reading_another_schema_is_an_error(tmp_path):
    p = tmp_path / "r.json"
    p.write_text('{"schema": "other/1", "portals": []}')
    with pytest.raises(ValueError, match="d43.results/1"):
        ScanResults.read(p)
