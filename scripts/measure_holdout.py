"""Agreement of d43 with an annotated sample province (first-contact and later measurements).

    .venv/bin/python scripts/measure_holdout.py tests/fixtures/holdout3 [--render never]

Serves the province (registry.yaml + one folder per host) on 127.0.0.1, checks every portal
with the real pipeline (crawl, gather, judge; browser on unless ``--render never``) as of
2026-11-22 09:00 +07:00, and compares with ``expected.yaml``, written by a person from the
decree. Prints the agreement, every false fail (tool fail, person pass), false pass (tool
pass, person fail), bolder verdict (a sure verdict where the person said review) and every
other difference. It changes nothing: expected verdicts are never edited to match the tool.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.demo.server import PortalServer  # noqa: E402
from checker.pipeline import check_portal  # noqa: E402
from checker.rules import load_rules  # noqa: E402
from crawlers.options import CrawlOptions  # noqa: E402

NOW = datetime.fromisoformat("2026-11-22T09:00:00+07:00")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("province", type=Path)
    ap.add_argument("--render", default="auto", choices=["auto", "always", "never"])
    args = ap.parse_args()
    portals = yaml.safe_load((args.province / "registry.yaml").read_text(encoding="utf-8"))["portals"]
    expected = yaml.safe_load((args.province / "expected.yaml").read_text(encoding="utf-8"))
    by_id = {p["id"]: p for p in portals}
    rules = load_rules()
    same = total = 0
    kinds: dict[str, list[str]] = {"false fail": [], "false pass": [], "bolder": [], "other": []}
    with PortalServer(args.province) as srv:
        options = CrawlOptions(resolve=srv.resolve_entries(), delay=0.0, concurrency=4, max_pages=200,
                               render=args.render, timeout=10)
        for p in portals:
            entry = dict(p)
            if p.get("parent"):
                entry["parent_url"] = srv.rebase(by_id[p["parent"]]["url"])
            entry["children"] = [srv.rebase(c["url"]) for c in portals if c.get("parent") == p["id"]]
            result = check_portal(srv.rebase(p["url"]), p["level"], rules=rules, options=options, portal=entry,
                                  now=NOW)
            got = {r.rule: r for r in result.results}
            for rule_id, want in (expected.get(p["id"]) or {}).items():
                if want == "any":
                    continue
                total += 1
                r = got.get(rule_id)
                status = r.status if r else "missing"
                if status == want:
                    same += 1
                    continue
                kind = ("false fail" if want == "pass" and status == "fail" else
                        "false pass" if want == "fail" and status == "pass" else
                        "bolder" if want == "review" and status in ("pass", "fail") else "other")
                kinds[kind].append(f"{p['id']}/{rule_id}: person {want}, d43 {status} — {r.message if r else ''}")
    print(f"{args.province.name}: {same}/{total} verdicts equal to the annotator's ({100 * same / max(total, 1):.1f} %)")
    for kind, items in kinds.items():
        print(f"{kind}: {len(items)}")
        for line in items:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
