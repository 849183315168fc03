"""Accessibility gatherers: the browser work of rules ``a11y.wcag`` and ``a11y.support``.

The checks (checker/functions/a11y.py) never drive Chromium. They ask the snapshot for
artifacts by :class:`~crawlers.artifacts.Want`; the gather loop calls the two gatherers
here with the scan's one :class:`~crawlers.browser.BrowserSession`, on the browser's thread:

- :func:`crawlers.a11y.axe.gather_axe` — ``Want.of("axe", page_url, tags=…, disable=…,
  timeout=…, budget=…)``: axe-core (bundled with axe-playwright-python, offline) on one page.
- :func:`crawlers.a11y.support.gather_support` — ``Want.of("support", home_url, pages=…,
  content=…, <six vocabularies>, scripts=…, max_tests=…, timeout=…)``: the support controls
  of a portal found in the rendered pages, clicked, and measured before and after.

Both never raise and return JSON-only ``data``. When there is no browser they return an
artifact made by :func:`no_browser` (``error`` says why, ``data["no_browser"]`` is True),
so a check can tell "could not look at all" (static fallback) from "this page did not load".
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from crawlers.artifacts import Artifact, Want
from crawlers.options import CrawlOptions


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def artifact(want: Want, *, data: dict[str, Any] | None = None, error: str | None = None) -> Artifact:
    """The artifact answering ``want`` (same kind, URL and parameters, so ``.want == want``)."""
    return Artifact(kind=want.kind, url=want.url, params=dict(want.params), data=data, error=error,
                    gathered_at=now_iso())


def no_browser_reason(session: Any, options: CrawlOptions | None) -> str:
    """Why there is no browser ("" when there is one): rendering switched off, no session
    given, or the session's own reason (no Chromium, D43_NO_BROWSER …)."""
    if session is None:
        if options is not None and getattr(options, "render", "") == "never":
            return "rendering is off (--render never)"
        return "no browser in this scan"
    try:
        if session.available:
            return ""
    except Exception as exc:  # a broken session is no browser, not a crash
        return f"browser not available: {type(exc).__name__}: {first_line(exc)}"
    return getattr(session, "reason", "") or "browser not available"


def no_browser(want: Want, reason: str) -> Artifact:
    return artifact(want, data={"no_browser": True}, error=reason)


def is_no_browser(art: Artifact | None) -> bool:
    """The artifact says there was no browser at all (not: this one page failed)."""
    return art is not None and bool(art.error) and bool((art.data or {}).get("no_browser"))


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else ""
