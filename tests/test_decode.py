"""Decoding Vietnamese pages: declared/mislabelled/missing charsets, BOM, legacy TCVN3/VNI.

Legacy samples are produced with the TCVN3 (TCVN 5712:1993 VN3) and VNI mapping tables in
crawlers/decode.py; the spot checks below pin those tables to published byte values.
"""

from __future__ import annotations

import pytest

from crawlers.decode import (
    TCVN3,
    decode_html,
    detect_legacy,
    encode_cp1258,
    legacy_to_unicode,
    to_tcvn3,
    to_vni,
    vietnamese_score,
)

VI = ("Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13 tháng 6 năm 2011 của Chính phủ quy định về việc cung cấp thông tin "
      "và dịch vụ công trực tuyến trên trang thông tin điện tử hoặc cổng thông tin điện tử của cơ quan nhà nước, "
      "Ủy ban nhân dân tỉnh ban hành kế hoạch. Lãnh đạo Sở Xây dựng gồm Giám đốc và các Phó Giám đốc; người dân "
      "gửi ý kiến qua mục Hỏi đáp. Độc lập – Tự do – Hạnh phúc.")
VI_L1 = VI.replace("–", "-")  # legacy fonts are Latin-1: no en dash in the samples


def doc(body: str) -> str:
    return f"<html><head><title>Sở Xây dựng</title></head><body><p>{body}</p></body></html>"


def test_tables_match_published_values():
    # TCVN3: "Chương trình" was typed as "Ch­¬ng tr×nh"; VNI: "Việt Nam" as "Vieät Nam"
    assert to_tcvn3("Chương trình") == "Ch\xad\xacng tr\xd7nh"
    assert to_tcvn3("Cộng hoà xã hội") == "C\xe9ng ho\xb5 x\xb7 h\xe9i"
    assert TCVN3["đ"] == 0xAE and TCVN3["Đ"] == 0xA7
    assert to_vni("Việt Nam") == "Vieät Nam" and to_vni("Chương") == "Chöông" and to_vni("Đà") == "Ñaø"
    assert legacy_to_unicode(to_tcvn3(VI_L1.lower()), "TCVN3") == VI_L1.lower()
    assert legacy_to_unicode(to_vni(VI_L1), "VNI") == VI_L1


@pytest.mark.parametrize("body,ctype,enc,declared", [
    (doc(VI).encode("utf-8"), "text/html; charset=utf-8", "utf-8", "utf-8"),
    (doc(VI).encode("utf-8"), "text/html; charset=ISO-8859-1", "utf-8", "cp1252"),  # mislabelled UTF-8
    (doc(VI).encode("utf-8"), "text/html", "utf-8", None),  # nothing declared
    (b"\xef\xbb\xbf" + doc(VI).encode("utf-8"), "text/html; charset=windows-1252", "utf-8", "cp1252"),  # BOM wins
    (encode_cp1258(doc(VI)), "text/html; charset=windows-1258", "cp1258", "cp1258"),
    (encode_cp1258(doc(VI)), "text/html; charset=iso-8859-1", "cp1258", "cp1258" if False else "cp1252"),
    (encode_cp1258(doc(VI)), "text/html", "cp1258", None),
    (encode_cp1258(doc(VI)), "text/html; charset=utf-8", "cp1258", "utf-8"),  # header lies, body is 1258
    (encode_cp1258(doc(VI).replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">')),
     "text/html", "cp1258", "cp1258"),
    (doc(VI).encode("utf-16-le").join([b"\xff\xfe", b""]), "text/html", "utf-16-le", None),
])
def test_vietnamese_charsets(body, ctype, enc, declared):
    d = decode_html(body, ctype)
    assert VI in d.text
    assert (d.encoding, d.declared, d.legacy) == (enc, declared, None)


def test_nearly_utf8_with_a_stray_byte():
    body = doc(VI).encode("utf-8") + b"\xff"
    d = decode_html(body, "text/html; charset=utf-8")
    assert d.encoding == "utf-8" and VI in d.text


@pytest.mark.parametrize("convert,name", [(to_tcvn3, "TCVN3"), (to_vni, "VNI")])
@pytest.mark.parametrize("ctype", ["text/html", "text/html; charset=iso-8859-1", "text/html; charset=windows-1258"])
def test_legacy_pages_are_recognised(convert, name, ctype):
    body = convert(doc(VI_L1)).encode("latin-1")
    d = decode_html(body, ctype)
    assert d.legacy == name
    assert "Nghị" not in d.text  # kept as the browser shows it (not silently "fixed")
    assert legacy_to_unicode(body.decode("latin-1"), name).count("Nghị định") == 1


def test_legacy_text_inside_a_utf8_page():
    # legacy text pasted into a UTF-8 page: the Latin-1 characters are UTF-8 encoded
    d = decode_html(doc(to_tcvn3(VI_L1)).encode("utf-8"), "text/html; charset=utf-8")
    assert d.encoding == "utf-8" and d.legacy == "TCVN3"


@pytest.mark.parametrize("text", [
    VI * 5,
    VI.upper() * 3,
    "Müller, Björk, Gabriel García Márquez, Ærø, São Paulo, naïve façade, crème brûlée, Zürich. " * 20,
    "© 2024 Cổng thông tin điện tử · Trang chủ · Liên hệ · Sơ đồ cổng — ® ×" * 10,
    "«Bonjour», dit-il; «À bientôt». Où êtes-vous? Près du château, la forêt. " * 20,
    "Ærøskøbing på Ærø, Øresund, Ålborg, smørrebrød, Straße, Größe, Äpfel, Öl, Übung. " * 20,
    "El niño y la niña de España comen piñas en mañana. " * 20,
])
def test_no_false_positives(text):
    assert detect_legacy(text) is None


def test_font_name_alone_is_not_legacy():
    html = '<style>body{font-family:".VnTime", "VNI-Times", Arial}</style>' + doc(VI)
    assert detect_legacy(html) is None
    short = to_tcvn3("Sở Xây dựng tỉnh Quảng Ngãi")  # too short to tell on its own …
    assert detect_legacy(short) is None
    assert detect_legacy('<font face=".VnTime">' + short + "</font>") == "TCVN3"  # … but with the font named, it is


def test_vietnamese_score():
    assert vietnamese_score(VI) > 0.9
    assert vietnamese_score("Müller Björk façade") == 0.0
