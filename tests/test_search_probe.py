"""The site-search probe: phrase choice (whole words of 2–4 syllables, deterministic) and the
reading of results pages (checker/functions/_search_probe.py), on constructed pages, and a
word-indexing search served over real HTTP by the demo server."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import httpx

import checker.functions  # noqa: F401  (registers the check library)
from checker.demo.server import PortalServer
from checker.functions._search_probe import (
    Candidate,
    _risk,
    candidate_phrases,
    pages_holding,
    probe_phrases,
    read_results,
)
from checker.functions.navigation import find_search_form
from checker.registry import Context
from checker.rules import load_rules
from crawlers.snapshot import Page, Snapshot
from crawlers.text import fold

STOP = frozenset("và của các cho với trong những được này một đến từ theo về tại trên là có không năm ngày tháng thì".split())
SITE = "http://stc.bachlam.gov.vn/"
FIXTURES = Path(__file__).resolve().parents[1] / "rules" / "fixtures" / "access.search"


def _phrases(title: str) -> list[str]:
    return [c.phrase for c in candidate_phrases(title, STOP)]


def test_phrases_are_whole_runs_of_two_to_four_syllables():
    got = _phrases("Hội nghị triển khai công tác quyết toán ngân sách năm 2026")
    assert got[0] == "Hội nghị triển khai"  # anchored at the run's start: 4 syllables, two words
    assert all(2 <= len(p.split()) <= 4 for p in got)
    assert "ngân sách" in got and "Hội nghị" in got
    # stop words, numbers and punctuation end a phrase; a whole short run comes first
    assert _phrases("Sở Tài chính làm việc với huyện Nậm Lương về thu ngân sách")[:2] == ["huyện Nậm Lương", "thu ngân sách"]
    assert _phrases("Tân Phú tổng kết công tác năm 2025, triển khai nhiệm vụ năm 2026")[0] == "triển khai nhiệm vụ"
    # never one syllable: "kiện" alone is half of "sự kiện"
    assert all(len(p.split()) >= 2 for t in ("Sự kiện", "Khai mạc sự kiện văn hóa", "Lễ hội - sự kiện") for p in _phrases(t))
    assert _phrases("Tin tức") == ["Tin tức"] and _phrases("Tin") == []


def test_stop_words_compare_with_tone_marks_unless_the_title_has_none():
    # "thi" (contest) is not the stop word "thì": the title has tone marks, so they count
    assert "Khai mạc Hội thi" in _phrases("Khai mạc Hội thi văn nghệ quần chúng huyện Tân Phú năm 2025")
    # written without any tone mark, "thi" may be "thì": compared folded
    assert "Hoi thi" not in " | ".join(_phrases("Khai mac Hoi thi van nghe"))


def test_a_guessed_end_inside_a_frequent_pair_is_the_riskiest():
    texts = [" van nghe quan chung huyen tan phu ", " phong trao van nghe quan chung ", " quan chung nhan dan "]
    cut = Candidate("chúng huyện Tân Phú", ((" quan chung ", " chung huyen "),))  # cuts "quần | chúng"
    fine = Candidate("văn nghệ quần chúng", ((" chung huyen ", " quan chung "),))
    counts = pages_holding(texts, [pair for c in (cut, fine) for cut_ in c.cuts for pair in cut_])
    assert counts == {" quan chung ": 3, " chung huyen ": 1}
    assert _risk(cut, counts) == 2 and _risk(fine, counts) == 1 and _risk(Candidate("Tân Phú"), counts) == 0


def test_pages_holding_counts_each_text_once_as_a_substring_test_would():
    texts = [" quan chungx quan chung ",  # the needle's start without its final space, then the needle
             " quan chungx ",  # only without the final space
             " quan chung",  # at the very end, no space after it
             " nhan dan quan chung quan chung ",  # twice: counted once
             ""]
    needles = [" quan chung ", " quan chung ", "quan", " ", " x ", "chung"]
    got = pages_holding(iter(texts), needles)
    assert got == {n: sum(n in t for t in texts) for n in dict.fromkeys(needles)}
    assert got[" quan chung "] == 2 and got[" "] == 4 and got["chung"] == 4 and got[" x "] == 0


def _page(url: str, main: str, *, title: str = "Sở Tài chính", aside: str = "") -> Page:
    html = (f"<html lang='vi'><head><title>{title}</title></head><body><header><span>Sở Tài chính tỉnh Bạch Lâm</span>"
            f"<form action='/index.php' method='get'><input type='hidden' name='mod' value='search'>"
            f"<input type='text' name='keyword'></form></header><nav><a href='/'>Trang chủ</a>"
            f"<a href='/index.php?mod=cat&cid=1'>Tin tức - Sự kiện</a></nav><main>{main}</main>{aside}"
            f"<footer>Sở Tài chính tỉnh Bạch Lâm</footer></body></html>")
    return Page(url=url, status=200, text=html, content_type="text/html; charset=utf-8", encoding="utf-8")


def _results(query: str, items: str, note: str = "") -> Page:
    return _page(f"{SITE}index.php?mod=search&keyword={query}",
                 f"<h1>Kết quả tìm kiếm</h1><p>Tìm thấy kết quả cho từ khóa «{query}»</p>{note}<ol>{items}</ol>")


def _form() -> dict:
    form = find_search_form(_page(SITE, "<p>Trang chủ</p>"))
    assert form is not None and form["hidden"] == {"mod": "search"}
    return form


def test_results_on_the_search_scripts_own_path_are_results_not_pagers():
    """stc: every page is /index.php?mod=…; a result /index.php?mod=news&id=101 is not a pager."""
    item = ("<li><a href='/index.php?mod=news&id=101'>Hội nghị triển khai công tác quyết toán ngân sách năm 2026</a>"
            "<p>…triển khai công tác quyết toán…</p></li>"
            "<li><a href='/index.php?mod=search&keyword=x&page=2'>2</a></li>")
    res = _results("quyết toán ngân sách", item)
    r = read_results(res, res.url, "quyết toán ngân sách", form=_form(), baseline=None, no_results=["không tìm thấy"])
    assert r.kind == "hit" and [lnk.url for lnk, _ in r.hits] == [SITE + "index.php?mod=news&id=101"]
    assert all("page=2" not in lnk.url for lnk in r.items)  # the pager is no result


def test_a_hit_in_the_snippet_counts_and_the_echoed_query_does_not():
    snippet = "<li><a href='/index.php?mod=news&id=92'>Làm việc về thu ngân sách</a><p>… huyện Nậm Lương …</p></li>"
    r = read_results(_results("Nậm Lương", snippet), SITE, "huyện Nậm Lương", form=_form(), baseline=None, no_results=[])
    assert r.kind == "hit"
    other = "<li><a href='/index.php?mod=news&id=97'>Tập huấn quản lý tài sản công</a></li>"
    r = read_results(_results("huyện Nậm Lương", other), SITE, "huyện Nậm Lương", form=_form(), baseline=None, no_results=[])
    assert r.kind == "unclear" and r.items  # the query is echoed, but no item holds it: open them to confirm


def test_no_results_message_and_empty_lists_are_none_unless_the_page_ignores_the_query():
    said = ["không tìm thấy", "0 kết quả"]
    empty = _results("quyết toán", "", "<p>Không tìm thấy kết quả nào.</p>")
    assert read_results(empty, empty.url, "quyết toán", form=_form(), baseline=None, no_results=said).kind == "none"
    assert read_results(_results("quyết toán", ""), SITE, "quyết toán", form=_form(), baseline=None, no_results=said).kind == "none"
    # "10 kết quả" is not "0 kết quả"
    ten = _results("quyết toán", "<li><a href='/index.php?mod=news&id=5'>Tin khác</a></li>", "<p>Tìm thấy 10 kết quả</p>")
    assert read_results(ten, SITE, "quyết toán", form=_form(), baseline=None, no_results=said).kind == "unclear"
    # a fixed page whatever the query (the nonsense query's page is the same, with no message): not "none"
    fixed = "<li><a href='/index.php?mod=page&id=1'>Giới thiệu chung</a></li>"
    base = _page(f"{SITE}index.php?mod=search&keyword=qxzv", "<h1>Kết quả tìm kiếm</h1><ol>" + fixed + "</ol>")
    res = _page(f"{SITE}index.php?mod=search&keyword=quyết+toán", "<h1>Kết quả tìm kiếm</h1><ol>" + fixed + "</ol>")
    r = read_results(res, res.url, "quyết toán", form=_form(), baseline=base, no_results=said)
    assert r.kind == "unclear" and r.same_as_baseline


def test_a_latest_news_box_is_not_a_result():
    box = ("<aside class='sidebar'><h2>Tin mới</h2><a href='/index.php?mod=news&id=101'>Hội nghị triển khai "
           "công tác quyết toán ngân sách</a></aside>")
    base = _page(f"{SITE}index.php?mod=search&keyword=qxzv", "<p>Không tìm thấy kết quả</p>", aside=box)
    res = _page(f"{SITE}index.php?mod=search&keyword=x", "<p>Không tìm thấy kết quả</p>", aside=box)
    r = read_results(res, res.url, "quyết toán ngân sách", form=_form(), baseline=base, no_results=["không tìm thấy"])
    assert r.kind == "none" and r.said == "không tìm thấy"


def _ctx(pages: list[Page]) -> Context:
    snap = Snapshot(start_url=SITE)
    for p in pages:
        snap.add(p)
    return Context(snapshot=snap, level="department", now=datetime(2026, 11, 22))


def test_probes_are_deterministic_one_per_article_and_skip_boilerplate():
    home = _page(SITE, "<ul><li><a href='/index.php?mod=news&id=101'>Hội nghị triển khai công tác quyết toán ngân sách</a></li>"
                 "<li><a href='/index.php?mod=news&id=92'>Sở Tài chính làm việc với huyện Nậm Lương</a></li></ul>")
    a1 = _page(SITE + "index.php?mod=news&id=101", "<h1>Hội nghị triển khai công tác quyết toán ngân sách</h1>"
               "<p>" + "Sáng nay, Sở Tài chính tổ chức hội nghị triển khai công tác quyết toán ngân sách. " * 3 + "</p>")
    a2 = _page(SITE + "index.php?mod=news&id=92", "<h1>Sở Tài chính làm việc với huyện Nậm Lương</h1>"
               "<p>" + "Đoàn công tác của Sở làm việc với huyện Nậm Lương về thu ngân sách trên địa bàn. " * 3 + "</p>")
    news = _page(SITE + "index.php?mod=cat&cid=1", "<h1>Tin tức - Sự kiện</h1><ul>"
                 "<li><a href='/index.php?mod=news&id=101'>Hội nghị triển khai công tác quyết toán ngân sách</a> (20/11/2026)</li>"
                 "<li><a href='/index.php?mod=news&id=92'>Sở Tài chính làm việc với huyện Nậm Lương</a> (18/11/2026)</li></ul>")
    stop = sorted(STOP)
    first = [(p.phrase, p.source.url) for p in probe_phrases(_ctx([home, news, a1, a2]), 3, stop)]
    again = [(p.phrase, p.source.url) for p in probe_phrases(_ctx([home, news, a1, a2]), 3, stop)]
    assert first == again and len(first) == 3
    assert {u for _, u in first[:2]} == {a1.url, a2.url}  # one per article before a second from the same one
    assert all(2 <= len(p.split()) <= 4 and fold("Sở Tài chính") not in fold(p) for p, _ in first)


def test_rule_options_hold_the_vocabulary():
    rule = load_rules().get("access.search")
    assert rule is not None
    opts = rule.check["search"]
    assert "của" in opts["stop_words"] and "không tìm thấy" in opts["no_results"] and opts["probes"] == 3


def test_word_indexing_demo_search_finds_phrases_not_syllables(tmp_path: Path):
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "pass_phrase_search_whole_words", root)
    with PortalServer(root) as srv:
        url, host = f"http://127.0.0.1:{srv.port}/tim-kiem", {"Host": f"sxd.hoaan.gov.vn:{srv.port}"}
        one = httpx.get(url, params={"keyword": "hoạch"}, headers=host, timeout=5)
        two = httpx.get(url, params={"keyword": "quy hoạch"}, headers=host, timeout=5)
    assert "Không tìm thấy kết quả" in one.text and "search-result" not in one.text
    assert "search-result" in two.text
