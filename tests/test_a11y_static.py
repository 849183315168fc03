"""Accessibility without a browser: the static WCAG subset, the support-control vocabulary
and classification, the change measurements, and the verdicts when no browser is available
(review, never pass; never a crash). No Chromium needed."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from checker.a11y import help_table, rule_help
from checker.a11y.axe import wcag_criteria
from checker.a11y.static import STATIC_RULES, check_page, css_path
from checker.a11y.support import (CONTRAST, HELP_PAGE, KEYBOARD, READ_ALOUD, TEXT_LARGER, TEXT_SMALLER, Measure,
                                  Vocab, Vocabularies, color_change, static_controls, text_change)
from checker.functions.a11y import DEFAULT_SCRIPTS, DEFAULT_VOCAB, a11y_support, axe
from checker.registry import Context
from checker.rules import RuleFileError, load_rules
from crawlers.snapshot import Page, Snapshot

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
URL = "http://stttt.hoaan.gov.vn/"


def page(html: str, url: str = URL) -> Page:
    return Page(url=url, status=200, text=html)


def ctx_for(*pages: Page, settings: dict | None = None) -> Context:
    snap = Snapshot(start_url=pages[0].url)
    for p in pages:
        snap.add(p)
    return Context(snapshot=snap, level="department", now=NOW, settings=dict(settings or {}))


CLEAN = """<!DOCTYPE html><html lang="vi"><head><title>Trang chủ</title></head><body>
<h1>Sở Thông tin và Truyền thông</h1><h2>Tin tức</h2><h3>Tin mới</h3>
<img src="a.png" alt="Ảnh hội nghị"><img src="deco.png" alt=""><img src="x.png" role="presentation">
<form><label for="q">Tìm kiếm</label><input id="q" name="q"><label>Lĩnh vực <select name="lv"><option>Tất cả</option></select></label>
<input type="text" aria-label="Từ khóa"><input type="hidden" name="t"><input type="submit" value="Tìm"></form>
<a href="/gioi-thieu">Giới thiệu</a><a href="/"><img src="logo.png" alt="Trang chủ"></a><a href="/rss" title="RSS"></a>
<button type="button">Đóng</button><iframe src="/ban-do" title="Bản đồ hành chính"></iframe>
</body></html>"""

DIRTY = """<!DOCTYPE html><html><head></head><body>
<h2>Tin tức</h2><h4>Tin mới</h4><h3></h3>
<div id="banner"><img src="banner.png"></div>
<form><input name="keyword" type="text"><select name="lv"><option>1</option></select><input type="image" src="go.png">
<input type="button"></form>
<a href="/trang-chu"><img src="home.png"></a><a href="/x"></a>
<button><i class="icon"></i></button><iframe src="/map"></iframe>
</body></html>"""


# -------------------------------------------------------------------------- static subset
def test_clean_page_has_no_static_findings():
    assert check_page(page(CLEAN)) == []


def test_dirty_page_findings_by_axe_id():
    found = check_page(page(DIRTY))
    ids = [f.axe_id for f in found]
    assert set(ids) == {"html-has-lang", "document-title", "image-alt", "input-image-alt", "label", "select-name",
                        "input-button-name", "link-name", "button-name", "frame-title", "page-has-heading-one",
                        "heading-order", "empty-heading"}
    assert ids.count("image-alt") == 2  # the banner and the home-link icon
    assert ids.count("link-name") == 2  # icon link without alt, empty link
    img = next(f for f in found if f.axe_id == "image-alt")
    assert img.selector == "#banner > img" and img.html == '<img src="banner.png">'
    assert img.impact == "critical" and img.wcag == "1.1.1"
    order = next(f for f in found if f.axe_id == "heading-order")
    assert "<h2> is followed by <h4>" in order.note


def test_invalid_lang_and_empty_title():
    found = check_page(page('<html lang="tiếng việt"><head><title> </title></head><body><h1>X</h1></body></html>'))
    assert {f.axe_id for f in found} == {"html-lang-valid", "document-title"}


def test_css_path_uses_nth_of_type():
    p = page("<html><body><div><p>a</p><p>b <a href='/x'>x</a></p></div></body></html>")
    a = p.tree.css_first("a")
    assert css_path(a) == "html > body > div > p:nth-of-type(2) > a"


def test_help_texts_and_wcag_mapping():
    for rule_id in STATIC_RULES:
        h = rule_help(rule_id)
        assert h["vi"] and h["en"] and help_table()["rules"][rule_id]["wcag"]
    assert rule_help("image-alt", "Images must have alternative text") == {
        "vi": "Hình ảnh phải có văn bản thay thế (thuộc tính alt)", "en": "Images must have alternative text"}
    assert rule_help("some-future-rule", "Future rule")["vi"] == "Lỗi trợ năng (some-future-rule): Future rule"
    assert wcag_criteria(["wcag2a", "wcag111", "wcag412", "wcag1410", "best-practice"]) == ["1.1.1", "4.1.2", "1.4.10"]


# --------------------------------------------------------------------- a11y.wcag, no browser
def test_axe_without_browser_is_review_with_static_evidence():
    ctx = ctx_for(page(DIRTY), page(CLEAN, URL + "gioi-thieu"), settings={"browser": None})
    out = axe(ctx)
    assert out.status == "review"
    assert "not a full WCAG check" in out.en
    by_id = {e.extra["axe_id"]: e for e in out.evidence if "axe_id" in e.extra}
    ev = by_id["image-alt"]
    assert ev.extra["impact"] == "critical" and ev.extra["wcag"] == "1.1.1" and ev.extra["nodes"] == 2
    assert ev.extra["help"]["vi"].startswith("Hình ảnh") and ev.extra["source"] == "static"
    assert ev.url == URL
    # the clean page is listed as searched, with nothing found
    assert any(e.url == URL + "gioi-thieu" and "nothing found" in e.note for e in out.evidence)
    # serious/critical first
    impacts = [e.extra["impact"] for e in out.evidence if "impact" in e.extra]
    order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    assert impacts == sorted(impacts, key=order.get)


def test_axe_never_passes_without_browser_even_on_clean_pages():
    out = axe(ctx_for(page(CLEAN), settings={"browser": None}))
    assert out.status == "review" and out.evidence


def test_render_never_means_no_browser_is_started():
    from crawlers.options import CrawlOptions

    ctx = ctx_for(page(CLEAN), settings={"crawl_options": CrawlOptions(render="never")})
    out = axe(ctx)
    assert out.status == "review" and "--render never" in out.en
    assert "browser" not in ctx.settings  # nothing was started


# ---------------------------------------------------------------------- support vocabulary
def test_symbol_labels_match_whole_label_only():
    v = Vocab(["A+", "Tăng cỡ chữ"])
    assert v.match(["A+"]) == "A+"
    assert v.match([" a + "]) == "A+"
    assert v.match(["A＋"]) == "A+"
    assert v.match(["A"]) is None and v.match(["A-"]) is None
    assert v.match(["Avenue+"]) is None
    assert v.match(["TĂNG CỠ CHỮ"]) == "tang co chu"
    assert v.match(["tang co chu"]) == "tang co chu"
    minus = Vocab(["A-"])
    assert minus.match(["A−"]) == "A-" and minus.match(["A –"]) == "A-"


def test_long_labels_are_not_controls():
    v = Vocab(["Hỗ trợ người khuyết tật"])
    assert v.match(["Hỗ trợ người khuyết tật"])
    assert v.match(["Trang hỗ trợ người khuyết tật"])
    assert v.match(["Hỗ trợ người khuyết tật tìm việc làm tại huyện Bình Sơn"]) is None  # a news headline


def test_static_controls_classification():
    vocab = Vocabularies.build(DEFAULT_VOCAB, DEFAULT_SCRIPTS)
    html = """<html lang="vi"><head><title>x</title><script src="https://code.responsivevoice.org/responsivevoice.js"></script></head>
    <body><a href="#main" class="skip">Chuyển đến nội dung chính</a>
    <ul class="tools"><li><a href="javascript:void(0)" title="Tăng cỡ chữ">A+</a></li><li><span onclick="f()">A-</span></li>
    <li><button type="button"><img src="c.png" alt="Độ tương phản"></button></li></ul>
    <a href="/tro-nang">Trợ năng</a><a href="/tin/1">Hỗ trợ người khuyết tật tìm việc làm tại huyện Bình Sơn</a>
    <a href="/" accesskey="1">Trang chủ</a></body></html>"""
    found = static_controls(page(html), vocab)
    cats = {(c.category, c.label) for c in found}
    assert (TEXT_LARGER, "A+") in cats
    assert (TEXT_SMALLER, "A-") in cats
    assert (CONTRAST, "Độ tương phản") in cats
    assert (KEYBOARD, "Chuyển đến nội dung chính") in cats
    assert (KEYBOARD, "1 accesskey") in cats
    assert (HELP_PAGE, "Trợ năng") in cats
    assert (READ_ALOUD, "responsivevoice") in cats
    assert not any("tìm việc" in c.label for c in found)
    # nested matches collapse to the clickable element (<li><a>A+</a></li> -> the <a>)
    plus = [c for c in found if c.category == TEXT_LARGER]
    assert len(plus) == 1 and plus[0].selector.endswith("> a")
    assert next(c for c in found if c.category == HELP_PAGE).href == "/tro-nang"


# ---------------------------------------------------------------------- measurements
def m(sizes, colors=None, root=None) -> Measure:
    return Measure(URL, list(sizes), list(colors or []), dict(root or {"filter": "none / none", "bg": "w"}))


def test_text_change_thresholds():
    assert text_change(m([16] * 10), m([17.6] * 10), TEXT_LARGER)[0]
    ok, detail, before, after = text_change(m([16] * 10), m([16] * 9 + [30]), TEXT_LARGER)
    assert not ok and (before, after) == ("16px", "16px")  # one element (the button) grew: not the text
    assert "10% of them larger" in detail
    # a widget that resizes only the article: the median (menus) stays, 30 % of the text grows
    ok, detail, before, after = text_change(m([14] * 14 + [16] * 6), m([14] * 14 + [20] * 6), TEXT_LARGER)
    assert ok and before == after == "14px" and "30% of them larger" in detail
    assert text_change(m([16] * 10), m([14] * 10), TEXT_SMALLER)[0]
    assert not text_change(m([16] * 10), m([14] * 10), TEXT_LARGER)[0]
    assert not text_change(m([]), m([]), TEXT_LARGER)[0]
    # transform: scale on <body> counts
    assert text_change(m([16] * 4), m([16] * 4, root={"transform": "matrix(1.2, 0, 0, 1.2, 0, 0)"}), TEXT_LARGER)[0]


def test_color_change_thresholds():
    base = ["rgb(0, 0, 0) on rgb(255, 255, 255)"] * 10
    assert color_change(m([16] * 10, base), m([16] * 10, ["rgb(255, 255, 0) on rgb(0, 0, 0)"] * 10))[0]
    one = base[:9] + ["rgb(255, 0, 0) on rgb(255, 255, 255)"]
    ok, detail, _, _ = color_change(m([16] * 10, base), m([16] * 10, one))
    assert not ok and "10% of text elements changed" in detail
    inverted = m([16] * 10, base, root={"filter": "invert(1) / none", "bg": "w"})
    assert color_change(m([16] * 10, base), inverted)[0]


# ---------------------------------------------------------------------- a11y.support, no browser
TOOLBAR = ('<html lang="vi"><head><title>x</title></head><body><div class="tools">'
           '<a href="javascript:void(0)">A+</a><a href="javascript:void(0)">Tương phản cao</a></div>'
           '<h1>Sở</h1></body></html>')
PLAIN = '<html lang="vi"><head><title>x</title></head><body><h1>Sở</h1><p>Tin tức</p></body></html>'


def test_support_found_without_browser_is_review():
    out = a11y_support(ctx_for(page(TOOLBAR), settings={"browser": None}))
    assert out.status == "review"
    assert {e.extra["feature"] for e in out.evidence} == {TEXT_LARGER, CONTRAST}


def test_support_absent_without_browser_follows_option():
    ctx = ctx_for(page(PLAIN), page(PLAIN, URL + "gioi-thieu"), settings={"browser": None})
    out = a11y_support(ctx)
    assert out.status == "fail" and {e.url for e in out.evidence} == {URL, URL + "gioi-thieu"}
    out = a11y_support(ctx, absent_without_browser="review")
    assert out.status == "review"


def test_unavailable_browser_session_is_review(monkeypatch):
    from crawlers.browser import BrowserSession

    monkeypatch.setenv("D43_NO_BROWSER", "1")
    session = BrowserSession()
    ctx = ctx_for(page(TOOLBAR), settings={"browser": session})
    assert a11y_support(ctx).status == "review"
    out = axe(ctx)
    assert out.status == "review" and "D43_NO_BROWSER" in out.en


# ---------------------------------------------------------------------- rule file
def test_rules_load_with_a11y_options():
    rs = load_rules()
    wcag, support = rs.get("a11y.wcag"), rs.get("a11y.support")
    assert wcag.check["axe"]["impacts_fail"] == ["serious", "critical"]
    assert wcag.legal["provisional"] is True and wcag.legal["article"] == 8
    assert "A+" in support.check["a11y_support"]["text_larger"]
    assert set(wcag.levels) == set(support.levels) == {"province", "department", "district"}


@pytest.mark.parametrize("options, message", [
    ("{impacts_fail: [severe]}", "unknown impact 'severe'"),
    ("{sample: 0}", "sample: must be ≥ 1"),
    ("{colour: true}", "unknown option for axe"),
])
def test_bad_axe_options_are_rule_file_errors(tmp_path: Path, options, message):
    f = tmp_path / "rules.yaml"
    f.write_text(f"extends: decree43\nrules:\n- id: a11y.wcag\n  check:\n    axe: {options}\n", encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        load_rules(f)
    assert message in str(err.value) and err.value.line == 5


def test_bad_support_option_is_rule_file_error(tmp_path: Path):
    f = tmp_path / "rules.yaml"
    f.write_text("extends: decree43\nrules:\n- id: a11y.support\n  check:\n    a11y_support: {absent_without_browser: pass}\n",
                 encoding="utf-8")
    with pytest.raises(RuleFileError, match="absent_without_browser"):
        load_rules(f)


def test_get_browser_creates_one_session_from_crawl_options(monkeypatch):
    """Without ``settings["browser"]``, ONE session is made from ``settings["crawl_options"]``
    (so --resolve reaches the browser), shared through ctx.settings and registered for
    closing. (A recording stand-in: two Playwright sync sessions cannot run in one thread,
    and the real session is exercised by tests/test_a11y.py.)"""
    import crawlers.browser
    from checker.functions.a11y import get_browser
    from crawlers.options import CrawlOptions

    made = []

    class Recording:
        def __init__(self, options):
            self.options, self.available, self.reason, self.closed = options, False, "stand-in", False
            made.append(self)

        def close(self):
            self.closed = True

    monkeypatch.setattr(crawlers.browser, "BrowserSession", Recording)
    opts = CrawlOptions(resolve=["stttt.hoaan.gov.vn:8080:127.0.0.1"])
    ctx = ctx_for(page(CLEAN), settings={"crawl_options": opts})
    out = axe(ctx)
    assert out.status == "review" and "stand-in" in out.en
    assert a11y_support(ctx).status == "fail"  # CLEAN has no support control; HTML only
    assert len(made) == 1 and made[0].options is opts
    assert get_browser(ctx) is made[0] is ctx.settings["browser"]
    for close in ctx.settings["closers"]:
        close()
    assert made[0].closed
