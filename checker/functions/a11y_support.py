"""``a11y_support`` (the regime's accessibility article, see the rule file): support controls for people with disabilities
(text size, contrast, read-aloud, skip links, a help page) that are found *and* shown to work.

``pass`` only when a text-size or contrast control was found *and* clicking it visibly
changed the page in Chromium; ``fail`` when such a control does nothing (evidence: the
control and the measurement) or when no support feature was found on any page searched;
``review`` when features were found but could not be shown to work (no browser, read-aloud
or help page only). The measurements are the ``support`` artifact gathered by
crawlers/a11y/; this function only judges them (see :mod:`checker.functions.a11y`).
"""

from __future__ import annotations

from typing import Any, Literal

from checker.a11y.sample import sample_pages
from checker.registry import (
    ERROR,
    FAIL,
    PASS,
    REVIEW,
    Context,
    Count,
    Outcome,
    Positive,
    Seconds,
    check,
    outcome,
)
from checker.results import Bi, Evidence, bi
from checker.vocabulary import bundled_option
from crawlers.a11y import is_no_browser
from crawlers.a11y.controls import CATEGORIES
from crawlers.a11y.controls import dedupe as _dedupe
from crawlers.a11y.support import CONTENT_AUTO
from crawlers.artifacts import Want

__all__ = ["a11y_support", "support_want", "default_lists", "default_scripts"]


# ================================================================= a11y.support: controls
# The control labels (six vocabularies) and read-aloud scripts are the rule's options; a rule
# file that leaves one out uses the bundled rule file's (their one copy).


def default_lists() -> dict[str, list[str]]:
    """The bundled rule file's control labels, per vocabulary (``text_larger`` … ``help_page``)."""
    return {k: list(bundled_option("a11y_support", k)) for k in CATEGORIES}


def default_scripts() -> list[str]:
    """The bundled rule file's read-aloud script names (``read_aloud_scripts``)."""
    return list(bundled_option("a11y_support", "read_aloud_scripts"))


@check("a11y_support", needs=("support",))
def a11y_support(ctx: Context, *, text_larger: list[str] | None = None, text_smaller: list[str] | None = None,
                 contrast: list[str] | None = None, read_aloud: list[str] | None = None,
                 keyboard: list[str] | None = None, help_page: list[str] | None = None,
                 read_aloud_scripts: list[str] | None = None, pages: Positive = 3, static_pages: Count = 30,
                 max_tests: Count = 3, page_timeout: Seconds = 15.0,
                 absent_without_browser: Literal["fail", "review"] = "fail") -> Outcome:
    """Find support controls by their labels (the six vocabularies) and, in Chromium, click
    the text-size and contrast ones and measure what changes. ``pages``: pages opened in the
    browser to look for controls (home first); ``static_pages``: pages whose fetched HTML is
    searched as well; ``max_tests``: controls tried per category; ``absent_without_browser``:
    verdict when no browser is available and the fetched HTML shows no feature."""
    from checker.a11y import support as S

    given = {S.TEXT_LARGER: text_larger, S.TEXT_SMALLER: text_smaller, S.CONTRAST: contrast,
             S.READ_ALOUD: read_aloud, S.KEYBOARD: keyboard, S.HELP_PAGE: help_page}
    lists = {k: list(v if v is not None else bundled_option("a11y_support", k)) for k, v in given.items()}
    scripts = list(read_aloud_scripts if read_aloud_scripts is not None else default_scripts())
    vocab = S.Vocabularies.build(lists, scripts)
    browse = sample_pages(ctx, pages)
    if not browse or static_pages <= 0:  # (no page to search, as before: an error)
        return outcome(ERROR, "Không có trang HTML nào để tìm chức năng hỗ trợ người khuyết tật",
                       "No HTML page was fetched to look for accessibility support",
                       [Evidence(ctx.snapshot.start_url, "", Bi("không tải được trang nào", "no page fetched"))])
    want = support_want([p.final_url or p.url for p in browse], content=CONTENT_AUTO, lists=lists,
                        scripts=scripts, max_tests=max_tests, page_timeout=page_timeout)
    art = ctx.snapshot.artifact(want)
    if art is None:
        return outcome(ERROR, "Chưa thu thập kết quả kiểm tra chức năng hỗ trợ trong trình duyệt",
                       "Support controls were not gathered in the browser (the browser work did not run)",
                       [Evidence(want.url, "", Bi("chưa thu thập kết quả trong trình duyệt", "support artifact not gathered"))])
    # the fetched HTML is searched only once the artifact is there (it is judged with it):
    # a gather round that still misses the artifact parses nothing
    static_set = sample_pages(ctx, static_pages)
    static_found = _static_found(ctx, static_set, vocab, lists, scripts)
    if is_no_browser(art):
        return _support_without_browser(static_found, static_set, art.error or "no browser", absent_without_browser)
    data = art.data or {}
    load_errors = [_browser_error(e["url"], e["error"]) for e in data.get("load_errors") or []]
    if art.error:
        # a page the browser cannot load is never a fail
        return outcome(ERROR, "Không kiểm tra được chức năng hỗ trợ trong trình duyệt (lỗi trình duyệt, xem minh chứng)",
                       f"Support controls could not be checked in the browser: {art.error}",
                       load_errors or [_browser_error(want.url, art.error)])
    return _support_judged(data, static_found, static_set, load_errors)


def _static_found(ctx: Context, static_set: list, vocab, lists: dict[str, list[str]], scripts: list[str]) -> list:
    """Controls in the fetched HTML of ``static_set``, once per evaluation (memoised: the
    rule may be evaluated again in a later gather round, and the pages do not change; the
    value holds plain strings, no parse tree)."""
    from checker.a11y import support as S

    key = ("a11y.static_controls", tuple(p.url for p in static_set),
           tuple((k, tuple(v)) for k, v in sorted(lists.items())), tuple(scripts))

    def compute() -> list:
        found: list = []
        for page in static_set:
            found += S.static_controls(page, vocab)
        return found

    return list(ctx.memo(key, compute))


def support_want(pages: list[str], *, content: str, lists: dict[str, list[str]], scripts: list[str],
                 max_tests: int, page_timeout: float) -> Want:
    """What rule ``a11y.support`` asks the gatherer (crawlers.a11y.support.gather_support):
    the pages to search (home first), the content page for a second text-size try
    (``CONTENT_AUTO``: the gatherer picks the crawled page with the most main text, which
    costs a parse of 60 pages that a run without a browser never needs), the vocabularies
    and the test limits."""
    return Want.of("support", pages[0], pages=list(pages), content=content, scripts=list(scripts),
                   max_tests=int(max_tests), timeout=float(page_timeout), **lists)


def _support_judged(data: dict[str, Any], static_found, static_set, load_errors: list[Evidence]) -> Outcome:
    """The verdict on the recorded search and clicks (pure: the same data, the same verdict)."""
    from checker.a11y import support as S

    searched: list[str] = list(data.get("searched") or [])
    found = [S.Control.from_json(c) for c in data.get("controls") or []]
    # features only the fetched HTML showed (other pages, or removed by scripts)
    seen = {(c.category, c.label) for c in found}
    extra_static = [c for c in static_found if (c.category, c.label) not in seen and c.category not in S.TESTABLE]
    seen_static: set[tuple[str, str]] = set()
    for c in extra_static:
        if (c.category, c.label) not in seen_static:
            seen_static.add((c.category, c.label))
            found.append(c)
    if not found:
        return outcome(FAIL,
                       f"Không tìm thấy chức năng hỗ trợ người khuyết tật (cỡ chữ, tương phản, đọc bài, trang trợ năng) trên {len(searched)} trang (trình duyệt) và {len(static_set)} trang (HTML)",
                       f"No accessibility support found (text size, contrast, read-aloud, accessibility page) on {len(searched)} page(s) in the browser and {len(static_set)} page(s) of fetched HTML",
                       [Evidence(u, "", Bi("đã tìm trong trình duyệt", "searched in the browser")) for u in searched]
                       + [Evidence(p.url, "", _SEARCHED_HTML) for p in static_set if p.url not in searched][:15]
                       + load_errors)

    # the text-size and contrast controls the gatherer clicked, judged
    tests: dict[str, list[S.TestResult]] = {}
    for t in data.get("trials") or []:
        res = S.judge(S.Trial.from_json(t))
        tests.setdefault(res.control.category, []).append(res)

    working = [t for ts in tests.values() for t in ts if t.works]
    broken_cats = [cat for cat, ts in tests.items()
                   if not any(t.works for t in ts) and any(t.works is False for t in ts)]
    errors = [t for ts in tests.values() for t in ts if t.works is None]
    ev_tests = [_test_evidence(t) for cat in broken_cats for t in tests[cat] if t.works is False]
    ev_tests += [_test_evidence(t) for t in working]
    ev_tests += [_test_evidence(t) for t in errors]
    untested = [c for c in found if c.category not in tests]
    ev_found = [_found_evidence(c) for c in _dedupe(untested)][:10]

    if broken_cats:
        names_vi = ", ".join(S.NAMES[c][0] for c in broken_cats)
        names_en = ", ".join(S.NAMES[c][1] for c in broken_cats)
        labels = ", ".join(dict.fromkeys(t.control.label for c in broken_cats for t in tests[c]))
        return outcome(FAIL,
                       f"Nút hỗ trợ không hoạt động ({names_vi}): bấm \"{labels}\" không làm thay đổi trang",
                       f"Support control does nothing ({names_en}): clicking \"{labels}\" did not change the page",
                       ev_tests + load_errors + ev_found)
    if working:
        what = "; ".join(f"{t.control.label}: {t.detail.split(' (')[0]}" for t in working)
        return outcome(PASS,
                       f"Có chức năng hỗ trợ người khuyết tật hoạt động trong trình duyệt ({what})",
                       f"Working accessibility support shown in the browser ({what})",
                       ev_tests + ev_found + load_errors)
    kinds = sorted({c.category for c in found})
    return outcome(REVIEW,
                   "Tìm thấy chức năng hỗ trợ (" + ", ".join(S.NAMES[k][0] for k in kinds)
                   + ") nhưng chưa chứng minh được hoạt động: cần kiểm tra thủ công",
                   "Found accessibility features (" + ", ".join(S.NAMES[k][1] for k in kinds)
                   + ") but could not show that they work: check by hand",
                   ev_tests + ev_found + load_errors)



def _support_without_browser(found, pages, why_raw: str, absent: str) -> Outcome:
    from checker.a11y import browser_reason
    from checker.a11y import support as S

    why = browser_reason(why_raw)

    if found:
        kinds = sorted({c.category for c in found})
        return outcome(REVIEW,
                       "Tìm thấy chức năng hỗ trợ trong HTML (" + ", ".join(S.NAMES[k][0] for k in kinds)
                       + f") nhưng chưa kiểm tra được trong trình duyệt ({why.vi})",
                       "Found accessibility features in the HTML (" + ", ".join(S.NAMES[k][1] for k in kinds)
                       + f") but could not test them in a browser ({why})",
                       [_found_evidence(c) for c in _dedupe(found)][:15])
    status = FAIL if absent == "fail" else REVIEW
    return outcome(status,
                   f"Không tìm thấy chức năng hỗ trợ người khuyết tật trong HTML của {len(pages)} trang (không có trình duyệt: {why.vi}; chức năng tạo bằng JavaScript không thấy được)",
                   f"No accessibility support found in the fetched HTML of {len(pages)} page(s) (no browser: {why}; features built by scripts are not seen)",
                   [Evidence(p.url, "", _SEARCHED_HTML) for p in pages][:15])


_SEARCHED_HTML = Bi("đã tìm trong HTML đã tải", "searched (fetched HTML)")
_STATE = {True: ("hoạt động", "works"), False: ("không có tác dụng", "does nothing"), None: ("chưa kiểm tra được", "not tested")}
_VIA_VI = {"click": "bấm", "script click": "bấm bằng script (phần tử bị ẩn)", "after A+": "sau khi bấm A+"}


def _browser_error(url: str, error: str) -> Evidence:
    """A page the browser could not load: the lead-in in each language, the browser's own
    words in ``extra["reason"]``."""
    return Evidence(url, "", bi("lỗi trình duyệt", "browser: {}", error), {"reason": error})


def _test_evidence(t) -> Evidence:
    from checker.a11y import support as S

    c = t.control
    name_vi, _ = S.NAMES.get(c.category, (c.category, c.category))
    state_vi, state_en = _STATE[t.works]
    if t.works is None and t.before:  # measured, but the change cannot tell whether it works
        state_vi, state_en = "chưa rõ tác dụng (cần kiểm tra thủ công)", "effect unclear (check by hand)"
        measured_vi = f"đo trước khi bấm: {t.before}; sau khi bấm: {t.after or '–'}"
    elif t.works is None:
        measured_vi = "không đo được"
    else:
        measured_vi = f"đo trước khi bấm: {t.before or '–'}; sau khi bấm: {t.after or '–'}"
    via_vi = f" [{_VIA_VI.get(t.via, t.via)}]" if t.via else ""
    note = Bi(f"{name_vi}: “{c.label}” {state_vi}: {measured_vi}{via_vi}",
              f"{c.category}: \"{c.label}\" {state_en}: {t.detail}" + (f" [{t.via}]" if t.via else ""))
    extra = {"feature": c.category, "control": c.label, "selector": c.selector, "works": t.works,
             "before": t.before, "after": t.after, "seconds": round(t.seconds, 2)}
    if t.works is None and t.detail:
        extra["reason"] = t.detail
    return Evidence(t.url or c.page_url, c.html or c.label, note, extra)


def _found_evidence(c) -> Evidence:
    from checker.a11y import support as S

    name_vi = S.NAMES.get(c.category, (c.category, c.category))[0]
    source_vi = {"static": "trong HTML", "browser": "trong trình duyệt"}.get(c.source, c.source)
    note = Bi(f"{name_vi}: có “{c.label}” ({source_vi})" + (f" → {c.href}" if c.href else ""),
              f"{c.category}: \"{c.label}\" found ({c.source})" + (f" → {c.href}" if c.href else ""))
    return Evidence(c.page_url, c.html or c.label, note,
                    {"feature": c.category, "control": c.label, "selector": c.selector, "works": None})
