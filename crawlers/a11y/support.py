"""Support controls in Chromium, as a gatherer: find the controls a portal offers in its
rendered pages and click the text-size and contrast ones, measuring the page before and
after. The artifact records what was found, what was clicked, how, and both measurements;
the check (checker/functions/a11y.py) judges them with :mod:`crawlers.a11y.controls`.

How (unchanged from the checks that used to do this themselves):

- the ``pages`` of the want are opened in order (home first) until one shows a testable
  control (text size or contrast);
- each control is tested in the tester's tab with the page's stored state cleared (no
  cookies or localStorage carried over from another test), on the page where it was found;
  a text-size control is first tried on the ``content`` page (an article, where a widget
  that resizes only the article shows it), then where it was found;
- up to ``max_tests`` controls per category, stopping at the first that works; "A-" is
  also tried after a working "A+" (some widgets only undo an enlargement).
"""

from __future__ import annotations

import time
from functools import lru_cache
from importlib import resources
from typing import Any

from crawlers.a11y import artifact, first_line, no_browser, no_browser_reason
from crawlers.a11y.axe import block_media
from crawlers.a11y.controls import (
    CATEGORIES,
    TESTABLE,
    TEXT_LARGER,
    TEXT_SMALLER,
    Control,
    Measure,
    Trial,
    Vocabularies,
    change,
    classify_candidates,
    dedupe,
)
from crawlers.artifacts import Artifact, Want
from crawlers.options import CrawlOptions

CONTENT_AUTO = "auto"  # a want's ``content``: the gatherer picks the page (:func:`content_page`)
CONTENT_SAMPLE = 60  # crawled pages among which the content page is picked


def content_page(snapshot: Any) -> str:
    """The crawled HTML page with the most main text (an article) among the first
    ``CONTENT_SAMPLE``, for a second text-size try; "" when that is the home page. Picked
    here, when a browser will use it, rather than by the check: it parses those pages' main
    text, which a run without a browser never needs."""
    if snapshot is None:
        return ""
    best = max(list(snapshot.html_pages())[:CONTENT_SAMPLE], key=lambda p: len(p.main_text), default=None)
    if best is None or best is snapshot.home:
        return ""
    return best.final_url or best.url


@lru_cache(maxsize=1)
def support_js() -> str:
    return resources.files("crawlers.a11y").joinpath("support.js").read_text(encoding="utf-8")


def vocabularies(want: Want) -> Vocabularies:
    """The vocabularies a ``support`` want carries (the rule's options)."""
    return Vocabularies.build({c: list(want.param(c) or ()) for c in CATEGORIES}, list(want.param("scripts") or ()))


class Tester:
    """Finds and clicks controls with one BrowserSession, in one tab (opening a tab costs
    more than a navigation); call :meth:`close` when done.

    Tests run in the session's shared context, so the session's address policy applies to
    every request; state a widget keeps (cookies, localStorage, sessionStorage) is cleared
    before and after each test so that tests do not leak into each other."""

    def __init__(self, session: Any, timeout: float = 15.0, settle_ms: int = 250, poll_ms: int = 1000):
        self.session = session
        self.timeout = timeout
        self.settle_ms = settle_ms
        self.poll_ms = poll_ms
        self._page: Any = None

    def _new_page(self) -> Any:
        if self._page is None or self._page.is_closed():
            self._page = self.session.new_page()
            self._page.add_init_script(support_js())
            block_media(self._page)  # sizes and colours do not need the pictures
        return self._page

    def close(self) -> None:
        if self._page is not None:
            try:
                self._page.close()
            except Exception:
                pass
            self._page = None

    def _reset(self, page: Any) -> None:
        try:
            page.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
        except Exception:
            pass
        try:
            page.context.clear_cookies()
        except Exception:
            pass

    def _open(self, page: Any, url: str, reset: bool = False) -> Any:
        if reset:  # localStorage is cleared after each test, on the page's own origin
            try:
                page.context.clear_cookies()
            except Exception:
                pass
        resp = page.goto(url, wait_until="domcontentloaded", timeout=self.timeout * 1000)
        if resp is not None and resp.status >= 400:
            raise RuntimeError(f"HTTP {resp.status} in the browser")
        self._settle(page)
        return page

    def _settle(self, page: Any) -> None:
        try:
            page.wait_for_load_state("load", timeout=min(5.0, self.timeout) * 1000)
        except Exception:
            pass
        if self.settle_ms:
            page.wait_for_timeout(self.settle_ms)

    def _eval(self, page: Any, expr: str, arg: Any = None) -> Any:
        """Evaluate, surviving a navigation the last click started. The init script installs
        the helpers on every document; if they are missing (a page script replaced them),
        they are injected again."""
        for attempt in range(3):
            try:
                if attempt and not page.evaluate("() => !!window.__d43a11y"):
                    page.evaluate(support_js())
                return page.evaluate(expr, arg)
            except Exception as exc:
                msg = str(exc)
                retry = "context was destroyed" in msg or "navigat" in msg or "__d43a11y" in msg or "undefined" in msg
                if attempt == 2 or not retry:
                    raise
                self._settle(page)
        return None

    def measure(self, page: Any) -> Measure:
        d = self._eval(page, "() => window.__d43a11y.measure()")
        return Measure(url=d.get("url", ""), sizes=list(d.get("sizes") or []), colors=list(d.get("colors") or []),
                       root=dict(d.get("root") or {}))

    # finding ------------------------------------------------------------------------------
    def scan(self, url: str, vocab: Vocabularies) -> list[Control]:
        """Controls in the rendered DOM of ``url`` (raises when the page does not load)."""
        page = self._new_page()
        self._open(page, url)
        raw = self._eval(page, "() => window.__d43a11y.candidates()")
        return classify_candidates(raw, vocab, page.url)

    def _locate(self, page: Any, control: Control, vocab: Vocabularies) -> tuple[str, bool] | None:
        raw = self._eval(page, "() => window.__d43a11y.candidates()")
        found = classify_candidates(raw, vocab, page.url)
        same = [c for c in found if c.category == control.category]
        exact = next((c for c in same if c.path == control.path), None)
        hit = exact or next((c for c in same if c.label == control.label), None) or (same[0] if same else None)
        return (hit.path, hit.visible) if hit else None

    def _click(self, page: Any, control: Control, vocab: Vocabularies) -> str:
        where = self._locate(page, control, vocab)
        if where is None:
            raise LookupError(f"control {control.label!r} not found on {page.url}")
        path, visible = where
        if visible:
            try:
                page.locator(f"css={path}").first.click(timeout=3000)
                return "click"
            except Exception:
                pass
        # hidden or covered (e.g. inside a closed toolbar): fire the element's click handler
        self._eval(page, "p => { const el = document.querySelector(p); if (!el) throw new Error('gone'); el.click(); }", path)
        return "script click"

    def _after(self, page: Any, before: Measure, category: str) -> Measure:
        deadline = time.monotonic() + self.poll_ms / 1000
        self._settle_short(page)
        after = self.measure(page)
        while time.monotonic() < deadline and not change(before, after, category)[0]:
            page.wait_for_timeout(250)
            after = self.measure(page)
        return after

    def _settle_short(self, page: Any) -> None:
        try:
            page.wait_for_load_state("domcontentloaded", timeout=3000)
        except Exception:
            pass
        page.wait_for_timeout(150)

    # testing -------------------------------------------------------------------------------
    def test(self, control: Control, vocab: Vocabularies, url: str | None = None,
             first: Control | None = None) -> Trial:
        """Click ``control`` on ``url`` (default: where it was found) and measure before and
        after. With ``first``, click that control before measuring the baseline (A+ before A-)."""
        url = url or control.page_url
        t0 = time.monotonic()
        try:
            page = self._new_page()
        except Exception as exc:
            return Trial(control, url, error=f"browser: {type(exc).__name__}: {first_line(exc)}")
        try:
            self._open(page, url, reset=True)
            via = ""
            if first is not None:
                self._click(page, first, vocab)
                self._settle_short(page)
                page.wait_for_timeout(300)
                via = f"after {first.label}"
            before = self.measure(page)
            how = self._click(page, control, vocab)
            after = self._after(page, before, control.category)
            return Trial(control, url, via=", ".join(x for x in (how, via) if x), before=before, after=after,
                         seconds=time.monotonic() - t0)
        except LookupError as exc:
            return Trial(control, url, error=str(exc), missing=True, seconds=time.monotonic() - t0)
        except Exception as exc:
            return Trial(control, url, error=f"could not test: {type(exc).__name__}: {first_line(exc)}",
                         seconds=time.monotonic() - t0)
        finally:
            self._reset(page)


def run_support(tester: Tester, vocab: Vocabularies, pages: list[str], content: str,
                max_tests: int) -> dict[str, Any]:
    """Find controls on ``pages`` (until a testable one shows) and test them; plain data."""
    searched: list[str] = []
    load_errors: list[dict[str, str]] = []
    found: list[Control] = []
    for url in pages:
        try:
            found += tester.scan(url, vocab)
            searched.append(url)
        except Exception as exc:
            load_errors.append({"url": url, "error": f"page did not load ({type(exc).__name__}: {first_line(exc)})"})
        if any(c.category in TESTABLE for c in found):
            break
    trials: list[Trial] = []
    if searched:
        for cat in TESTABLE:
            controls = dedupe(c for c in found if c.category == cat and c.path)[:max_tests]
            done: list[Trial] = []
            for control in controls:
                trial = None
                if cat in (TEXT_LARGER, TEXT_SMALLER) and content and content != control.page_url:
                    trial = tester.test(control, vocab, url=content)
                    if trial.missing:
                        trial = None
                if trial is None:
                    trial = tester.test(control, vocab)
                done.append(trial)
                if trial.works:
                    break
            if cat == TEXT_SMALLER and controls and not any(t.works for t in done):
                won = next((t for t in trials if t.control.category == TEXT_LARGER and t.works), None)
                if won is not None:
                    done.append(tester.test(controls[0], vocab, url=won.url, first=won.control))
            trials += done
    return {"pages": list(pages), "content": content, "searched": searched, "load_errors": load_errors,
            "controls": [c.to_json() for c in found], "trials": [t.to_json() for t in trials]}


def gather_support(session: Any, want: Want, options: CrawlOptions | None = None, snapshot: Any = None) -> Artifact:
    """Fulfil a ``support`` want (see :mod:`crawlers.a11y`). Runs on the browser's thread;
    never raises. ``data``: ``{"pages", "content", "searched", "load_errors": [{"url",
    "error"}], "controls": [Control], "trials": [{"category", "control", "url", "via",
    "before": Measure, "after": Measure, "error", "missing", "seconds"}], "seconds"}``;
    ``error`` when there is no browser or none of the pages loaded. A ``content`` of
    ``CONTENT_AUTO`` is resolved on ``snapshot`` (:func:`content_page`); ``data["content"]``
    records the page used."""
    why = no_browser_reason(session, options)
    if why:
        return no_browser(want, why)
    t0 = time.monotonic()
    pages = [str(u) for u in (want.param("pages") or (want.url,))]
    tester = Tester(session, timeout=float(want.param("timeout") or 15.0))
    try:
        content = str(want.param("content") or "")
        if content == CONTENT_AUTO:
            content = content_page(snapshot)
        data = run_support(tester, vocabularies(want), pages, content,
                           int(want.param("max_tests") or 3))
    except Exception as exc:  # never raise into the gather loop
        return artifact(want, error=f"support gatherer failed: {type(exc).__name__}: {first_line(exc)}")
    finally:
        tester.close()
    data["seconds"] = round(time.monotonic() - t0, 3)
    if not data["searched"]:
        errors = "; ".join(f"{e['url']}: {e['error']}" for e in data["load_errors"])
        return artifact(want, data=data, error=f"the browser could not load the pages ({errors})")
    return artifact(want, data=data)
