"""The frontier's scheduling (crawlers/frontier.py) and the crawl's typed notes (crawlers/stats.py)."""

from __future__ import annotations

import asyncio
import json
import random

from crawlers.frontier import HOLD, P_LINK, P_NAV, TAKE, Frontier, run_in_order
from crawlers.stats import CrawlStats, RenderInfo


def _crawl_tree(seed: int, budget: int, window: int) -> list[str]:
    """A fake crawl of a tree (each node has 3 children) whose fetches finish in random order;
    the budget is held while pages are in flight and a 'robots' node gives its place back."""
    rng = random.Random(seed)
    applied: list[str] = []
    state = {"taken": 0}

    async def main() -> None:
        f = Frontier()
        f.put(P_NAV, 1, "r")

        def admit(entry) -> str:
            if state["taken"] >= budget:
                return HOLD
            state["taken"] += 1
            return TAKE

        async def fetch(n: int, entry) -> str:
            await asyncio.sleep(rng.uniform(0, 0.004))
            return entry[4]

        async def apply(entry, url: str) -> None:
            applied.append(url)
            if url.endswith("2"):  # "disallowed by robots.txt": does not count
                state["taken"] -= 1
                return
            for i in range(3):
                f.put(P_NAV if i == 0 else P_LINK, entry[1] + 1, f"{url}.{i}")

        await run_in_order(f, admit, fetch, apply, window=window)

    asyncio.run(main())
    return applied


def test_results_are_applied_in_the_order_taken_whatever_the_arrival_order():
    runs = [_crawl_tree(seed, budget=30, window=8) for seed in range(5)]
    assert all(r == runs[0] for r in runs[1:])
    assert len(runs[0]) > 30  # the skipped ("robots") nodes gave their places back
    assert runs[0][:2] == ["r", "r.0"]  # menu links (P_NAV) before other links of the same depth


def test_window_is_part_of_the_order_not_the_timing():
    # a different window may change the order (it is a constant of the crawler, not derived
    # from concurrency), but for one window the order never depends on timing
    assert _crawl_tree(1, budget=20, window=1) == _crawl_tree(2, budget=20, window=1)


def test_crawl_stats_round_trip_and_old_dicts():
    s = CrawlStats(duration_s=1.5, pages_failed=2, bytes=10, tls_error="h: TLS error: x", budget="pages",
                   render=RenderInfo(mode="auto", reason="menu built by scripts", available=True))
    d = s.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["render"] == {"mode": "auto", "reason": "menu built by scripts", "available": True}
    assert "not_modified" not in d and "hosts_given_up" not in d and d["rendered_pages"] == 0
    assert CrawlStats.from_dict(d) == s
    # a results.json / archive written before the record existed, with a key it does not know
    old = {"duration_s": 3.0, "robots": {"status": "ok"}, "render": {"mode": "never"}, "sitemap_urls": 4,
           "something_new": [1]}
    back = CrawlStats.from_dict(old)
    assert back.robots == {"status": "ok"} and back.render == RenderInfo(mode="never") and back.sitemap_urls == 4
    assert back.extra == {"something_new": [1]} and back.to_dict()["something_new"] == [1]
    assert CrawlStats.from_dict(None) == CrawlStats()
