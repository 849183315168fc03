"""Accessibility helpers for the regime's accessibility article (rules/decree43.yaml, rules ``a11y.wcag`` and ``a11y.support``).

The judging side only: the browser work (axe-core in Chromium, clicking support controls
and measuring) is done by the gatherers of :mod:`crawlers.a11y`, whose artifacts these
modules read.

- :mod:`checker.a11y.sample` — which pages the checks look at (a pure function of the snapshot).
- :mod:`checker.a11y.axe` — the ``axe`` artifacts as typed records.
- :mod:`checker.a11y.static` — the subset that can be judged from HTML alone (no browser).
- :mod:`checker.a11y.support` — support controls in the fetched HTML, and the recorded
  clicks judged.

Regime facts (which WCAG level, which labels portals use) live in the rule YAML, not here.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from checker.results import Bi

IMPACT_ORDER = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}


@lru_cache(maxsize=1)
def help_table() -> dict[str, Any]:
    """The Vietnamese/English help texts for axe rule ids and WCAG criteria (axe_help.yaml)."""
    text = resources.files(__name__).joinpath("axe_help.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


def rule_help(rule_id: str, en: str = "") -> dict[str, str]:
    """``{"vi": …, "en": …}`` for an axe rule id; axe's own English wins when given."""
    entry = help_table().get("rules", {}).get(rule_id) or {}
    en = en or entry.get("en") or rule_id
    vi = entry.get("vi") or f"Lỗi trợ năng ({rule_id}): {en}"
    return {"vi": vi, "en": en}


def rule_wcag(rule_id: str) -> str:
    return (help_table().get("rules", {}).get(rule_id) or {}).get("wcag", "")


def criterion(sc: str) -> dict[str, str]:
    return dict(help_table().get("criteria", {}).get(sc) or {})


def browser_reason(why: str) -> Bi:
    """Why there was no browser, as a lead-in in each language; the English side keeps the
    raw reason (a Playwright or Chromium message), the Vietnamese side names its kind."""
    low = (why or "").lower()
    if "--render never" in low or "rendering is off" in low:
        vi = "chế độ dùng trình duyệt đã tắt (--render never)"
    elif "d43_no_browser" in low:
        vi = "trình duyệt bị tắt (D43_NO_BROWSER)"
    elif "playwright" in low and "not installed" in low:
        vi = "chưa cài đặt Playwright"
    elif "chromium could not be started" in low:
        vi = "không khởi động được Chromium"
    else:
        vi = "không có trình duyệt"
    return Bi(vi, why or "no browser")
