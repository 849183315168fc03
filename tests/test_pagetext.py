"""The fast paths of the per-page analysis give what the plain definitions give: white-space
collapse (crawlers/pagetext.py ``_clean``) and the legacy-text pre-filter (crawlers/legacy.py)."""

from __future__ import annotations

import random
import re
from urllib.parse import urljoin

import pytest
from selectolax.lexbor import LexborHTMLParser

from crawlers.legacy import _ANY_LEGACY, _may_be_legacy, detect_legacy, to_tcvn3, to_vni
from crawlers.pagetext import _OTHER_SPACE, _clean, _visible_of
from crawlers.snapshot import Page


def test_other_space_is_every_white_space_but_the_space_in_all_of_unicode():
    every = {c for c in map(chr, range(0x110000)) if c.isspace()}
    assert set(_OTHER_SPACE) == every - {" "}
    assert all(not c.isprintable() for c in _OTHER_SPACE)  # what the fast path relies on


@pytest.mark.parametrize("seed", range(4))
def test_clean_is_split_and_join_on_long_texts(seed):
    rnd = random.Random(seed)
    alphabet = list(" " * 8 + "ab\u1ec7\u200b\xad") + list(_OTHER_SPACE)
    for _ in range(500):
        n = rnd.choice([1999, 2000, 2001, 2500])
        text = "".join(rnd.choice(alphabet) for _ in range(n))
        assert _clean(text) == " ".join(text.split())


@pytest.mark.parametrize("text", [
    " " * 3000, "a" * 3000, " a" * 1500, "a  " * 1000, "\n" * 3000, "x\u3000\u3000y " * 600,
    "Sở Xây dựng \n\t  tỉnh\xa0\xa0Quảng Ngãi    " * 100, "\u200b  " * 1000, "",
])
def test_clean_edge_cases(text):
    assert _clean(text) == " ".join(text.split())


def test_legacy_prefilter_is_the_character_class():
    pattern = re.compile(f"[{re.escape(_ANY_LEGACY)}]")
    samples = ["Cổng thông tin điện tử", "naïve Noël Citroën", "© 2024", to_tcvn3("Cộng hòa xã hội"),
               to_vni("Độc lập tự do"), "ü", "Ø", "\xad", ""]
    for s in samples + [chr(c) for c in range(0x80, 0x250)]:
        assert _may_be_legacy(s) == (pattern.search(s) is not None), s
    assert detect_legacy(to_tcvn3("Ủy ban nhân dân tỉnh Quảng Ngãi thông báo về việc tuyển dụng") * 3) == "TCVN3"


def _visible_one_tag_at_a_time(html: str) -> str:
    """The visible text as it was computed before: one query and removal a tag."""
    tree = LexborHTMLParser(html)
    for tag in ("script", "style", "noscript", "template", "svg", "iframe"):
        for n in tree.css(tag):
            n.decompose()
    return _clean(tree.body.text(separator=" "))


@pytest.mark.parametrize("html", [
    "<p>a</p><noscript><p>b</p><script>c</script><style>d</style></noscript><p>e</p>",
    "<svg><style>x</style><script>y</script><text>t</text></svg><iframe>z</iframe>ok",
    "<template><script>s</script>t</template><div><svg><svg>in</svg></svg>after</div>",
    "<script>1</script><script>2</script> text <style>3</style>",
    "<body>plain</body>",
])
def test_visible_text_removes_nested_boilerplate_like_one_tag_at_a_time(html):
    assert _visible_of(LexborHTMLParser(html)) == _visible_one_tag_at_a_time(html)


@pytest.mark.parametrize("html", [
    "<base href='/a/'><a href='x'>x</a>",
    "<BASE HREF='/up/'><a href='x'>x</a>",
    "<base><base href='/second/'><a href='x'>x</a>",
    "<body><a href='x'>x</a><p><base href='/late/'></p>",
    "<template><base href='/t/'></template><base href='/after/'><a href='x'>x</a>",
    "<svg><base href='/svg/'></svg><a href='x'>x</a>",
    "<a href='x'>no base</a>",
])
def test_links_resolve_against_the_first_base_with_an_href(html):
    page = Page(url="http://portal.gov.vn/d/p.html", status=200)
    page.text = html
    node = LexborHTMLParser(html).css_first("base[href]")
    base = urljoin(page.final_url, node.attributes.get("href") or "") if node is not None else page.final_url
    assert [t[0] for t in page.link_tuples()] == [urljoin(base, "x")]


def test_h1_texts_and_headings_from_one_query():
    html = "<h2>B  b</h2><h1>A <i>a</i></h1><h3>C</h3><h1> D </h1><h4>E</h4>"
    page = Page(url="http://portal.gov.vn/", status=200)
    page.text = html
    tree = LexborHTMLParser(html)
    assert page.h1_texts == [n.text(separator=" ") for n in tree.css("h1")] == ["A  a", " D "]
    assert page.headings == ["B b", "A a", "C", "D"]
