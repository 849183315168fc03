from crawlers.text import Terms, excerpt, fold, slug, url_words


def test_fold_equates_vietnamese_spellings():
    forms = ["Lãnh đạo", "LÃNH ĐẠO", "lanh dao", "lanh-dao", "Lãnh  đạo\n", "La\u0303nh đa\u0323o"]  # last is NFD
    assert {fold(f) for f in forms} == {"lanh dao"}


def test_d_with_stroke_folds_to_d():
    assert fold("Đường ĐI đến") == "duong di den"


def test_slug():
    assert slug("Lịch công tác") == "lich-cong-tac"
    assert slug("Quá trình hình thành & phát triển") == "qua-trinh-hinh-thanh-phat-trien"


def test_terms_match_whole_words_only():
    t = Terms(["tin tức"])
    assert t.find(fold("Tin tức - Sự kiện")) == "tin tuc"
    assert t.find(fold("Bản tin tức thời")) == "tin tuc"  # whole words "tin" "tuc" are present
    assert t.find(fold("tintuc")) is None  # not across a missing word boundary in text


def test_terms_in_urls_handle_slugs_camelcase_and_joined_words():
    t = Terms(["lãnh đạo", "lịch công tác"])
    assert t.find_in_url("https://x.gov.vn/gioi-thieu/lanh-dao") == "lanh dao"
    assert t.find_in_url("https://x.gov.vn/Pages/LanhDao.aspx") == "lanh dao"
    assert t.find_in_url("https://x.gov.vn/lichcongtac/tuan-47") == "lichcongtac"
    assert t.find_in_url("https://x.gov.vn/tin-tuc/khanh-thanh") is None


def test_short_joined_words_do_not_match_inside_urls():
    # "tin" joined would match "/continue" — short phrases need word boundaries.
    assert Terms(["tin"]).find_in_url("https://x.gov.vn/continue") is None


def test_url_words_split_camel_case():
    assert url_words("/Pages/ChucNangNhiemVu.aspx") == "pages chuc nang nhiem vu aspx"


def test_empty_terms_match_nothing():
    assert not Terms([])
    assert Terms([]).find("anything") is None
    assert Terms(None).find_in_url("https://x/y") is None


def test_excerpt_centres_on_needle_with_original_accents():
    text = "Trang chủ » Giới thiệu » " + "x " * 100 + "Lãnh đạo Sở: Giám đốc Nguyễn Văn A"
    ex = excerpt(text, "lanh dao", width=60)
    assert "Lãnh đạo Sở" in ex and ex.startswith("…")


def test_excerpt_without_needle_truncates():
    assert excerpt("a" * 500, width=10) == "a" * 10 + "…"


# -- tone-aware matching (docs/rules.md, "Tone marks") -----------------------------------------------
def test_tonal_keeps_marks_and_normalises_case_form_and_tone_placement():
    from crawlers.text import tonal
    assert tonal("Văn Hoá") == tonal("văn hóa") == tonal("VĂN HÓA") == tonal("va\u0306n ho\u0301a")  # old/new placement, NFD
    assert tonal("Truyền thông") != tonal("truyền thống")
    assert tonal("Đường") != tonal("Dương")  # "đ" is a letter of its own


def test_text_with_marks_is_compared_with_them():
    t = Terms(["truyền thống", "history"], colliding={"truyen thong"})
    assert t.match("Báo chí - Xuất bản - Truyền thông") is None
    assert t.match("Lịch sử - TRUYỀN THỐNG") == ("truyen thong", False)
    assert t.match("Giới thiệu - History") == ("history", False)  # a phrase without marks is compared folded


def test_text_without_marks_is_folded_and_a_short_colliding_phrase_is_weak():
    t = Terms(["truyền thống", "lịch sử truyền thống", "lịch công tác"], colliding={"truyen thong"})
    assert t.match("Truyen thong") == ("truyen thong", True)
    assert t.match("Lich su truyen thong") == ("lich su truyen thong", False)  # a longer phrase is enough
    assert t.match("LICH CONG TAC") == ("lich cong tac", False)  # not a colliding form
    assert Terms(["truyền thống"]).match("truyen thong") == ("truyen thong", False)  # nothing said it collides


def test_has_marks():
    from crawlers.text import has_marks
    assert has_marks("Lãnh đạo") and has_marks("đ") and not has_marks("Lanh dao - Projects 2026")


def test_remove_forms_blanks_a_phrase_as_match_forms_compares_it():
    from crawlers.text import forms, tonal
    pending = Terms(["đang chờ trả lời", "pending"])
    t, f, marked = forms("Câu hỏi số 3. Trạng thái: Đang chờ trả lời")
    t2, f2 = pending.remove_forms(t, f, marked)
    assert tonal("trả lời") not in t2 and "tra loi" not in f2 and tonal("câu hỏi") in t2
    # a phrase written with other marks is another word and stays
    t, f, marked = forms("Truyền thông đang chờ trả lơi")
    assert Terms(["truyền thống"]).remove_forms(t, f, marked) == (t, f)
    # text without marks: folded
    assert Terms(["đang chờ trả lời"]).remove_forms(*forms("dang cho tra loi, da tra loi"))[1].split() == ["da", "tra", "loi"]


def test_long_text_folded_word_by_word_equals_the_whole_fold():
    """fold() of a long text goes word by word (crawlers.text._fold_words); it must give what
    folding the whole string gives, on text that tempts it to differ: decomposed (NFD) marks,
    a combining mark right after white space, exotic white space (NBSP, en quad, ideographic
    space, U+001C), "ß", "Đ", punctuation-only words, words that fold to several words."""
    import unicodedata

    from crawlers import text as T

    parts = ["Lãnh đạo", unicodedata.normalize("NFD", "Thủ tướng Chính phủ"), " \u0301a\u0301 ", "Straße",
             "ĐƯỜNG-ĐI/đến", "—", "...", "a\u00a0b", "x\u2000y", "ô\u3000ơ", "p\u001cq", "Văn hoá", "e\u0323\u0302",
             "tab\there", "line\nbreak", "3/11/2026", "C++", "ﬁle", "İstanbul", "x" * 300, "\u0300", "ǅ"]
    text = " ".join(parts * 12)
    assert len(text) > 256
    assert fold(text) == T._fold(text) != ""
    assert T._fold_words(text) == T._fold(text)
    for p in parts:  # each piece alone, padded past the short-text cache's limit
        long = f"{p} {'z' * 260} {p}{p}"
        assert T._fold_words(long) == T._fold(long), p


def test_word_table_is_replaced_when_full(monkeypatch):
    from crawlers import text as T

    monkeypatch.setattr(T, "_WORDS_MAX", 5)
    monkeypatch.setattr(T, "_word_folds", [{}])
    first = " ".join(f"Mục{k}" for k in range(4))
    assert T._fold_words(first) == "muc0 muc1 muc2 muc3"
    old = T._word_folds[0]
    assert T._fold_words("Sở Xây dựng") == "so xay dung"  # 4 + 3 > 5: a new table
    assert T._word_folds[0] is not old and set(T._word_folds[0]) == {"Sở", "Xây", "dựng"}
