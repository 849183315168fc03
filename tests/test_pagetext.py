"""The fast paths of the per-page analysis give what the plain definitions give: white-space
collapse (crawlers/pagetext.py ``_clean``) and the legacy-text pre-filter (crawlers/legacy.py)."""

from __future__ import annotations

import random
import re

import pytest

from crawlers.legacy import _ANY_LEGACY, _may_be_legacy, detect_legacy, to_tcvn3, to_vni
from crawlers.pagetext import _OTHER_SPACE, _clean


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
