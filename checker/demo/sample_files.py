"""Byte-level pieces of the sample province (:mod:`checker.demo.make_province`): legacy
Vietnamese encodings (TCVN3 fonts, windows-1258) as old portals still serve them, and small
binary documents (a one-page PDF, SVG maps and organisation charts)."""

from __future__ import annotations

import html
import unicodedata

from crawlers.text import strip_diacritics

E = html.escape

# --------------------------------------------------------------------------------------
# encodings
# --------------------------------------------------------------------------------------
_TCVN3_LOWER = {
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9, "ă": 0xA8, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD,
    "ắ": 0xBE, "ặ": 0xC6, "â": 0xA9, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB, "đ": 0xAE,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1, "ê": 0xAA, "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4,
    "ế": 0xD5, "ệ": 0xD6, "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE, "ò": 0xDF, "ỏ": 0xE1,
    "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4, "ô": 0xAB, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ơ": 0xAC, "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE, "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2,
    "ú": 0xF3, "ụ": 0xF4, "ư": 0xAD, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9, "ỳ": 0xFA,
    "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}
_TCVN3_UPPER = {"Ă": 0xA1, "Â": 0xA2, "Đ": 0xA7, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6}


def tcvn3(text: str) -> str:
    """Vietnamese text as it looks when TCVN3 (ABC, .VnTime font) bytes are read as
    Latin-1: ``tcvn3("Lịch công tác") == "LÞch c«ng t¸c"``. Accented capitals have no
    code in the .VnTime font (they used .VnTimeH), so they are written lower-case."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3_UPPER:
            out.append(chr(_TCVN3_UPPER[ch]))
        elif ch.lower() in _TCVN3_LOWER:
            out.append(chr(_TCVN3_LOWER[ch.lower()]))
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append({"–": "-", "“": '"', "”": '"', "…": "...", "’": "'"}.get(ch, "?"))
    return "".join(out)


def cp1258(text: str) -> bytes:
    """Encode in windows-1258 (base letters â ă ê ô ơ ư đ precomposed, tones combining)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        head = unicodedata.normalize("NFC", d[:2])
        try:
            out += head.encode("cp1258") + d[2:].encode("cp1258")
        except UnicodeEncodeError:
            out += d.encode("cp1258", errors="replace")
    return bytes(out)


def pdf(lines: list[str]) -> bytes:
    """A small valid one-page PDF with the given text (diacritics dropped: base-14 font)."""
    def plain(s: str) -> str:
        return strip_diacritics(s).encode("latin-1", "replace").decode("latin-1").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    y = 800
    ops = ["BT /F1 11 Tf"]
    for line in lines:
        ops.append(f"1 0 0 1 50 {y} Tm ({plain(line)}) Tj")
        y -= 16
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def svg_map(title: str, communes: list[str]) -> bytes:
    cells = []
    for i, name in enumerate(communes):
        x, y = 20 + (i % 4) * 190, 60 + (i // 4) * 110
        cells.append(f'<polygon points="{x},{y} {x+170},{y+10} {x+180},{y+95} {x+5},{y+100}" fill="#e8f3d6" stroke="#c0392b" stroke-dasharray="6,3"/>'
                     f'<text x="{x+20}" y="{y+55}" font-size="15">{E(name)}</text>')
    h = 80 + ((len(communes) + 3) // 4) * 110
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="800" height="{h}" role="img" aria-label="{E(title)}">'
            f'<title>{E(title)}</title><text x="20" y="35" font-size="22" font-weight="bold">{E(title)}</text>'
            + "".join(cells) + "</svg>").encode("utf-8")


def svg_chart(title: str, boxes: list[str]) -> bytes:
    parts = [f'<rect x="300" y="50" width="200" height="40" fill="#1d4e89"/><text x="310" y="75" fill="#fff" font-size="13">{E(boxes[0])}</text>']
    for i, b in enumerate(boxes[1:]):
        x, y = 10 + (i % 4) * 200, 140 + (i // 4) * 70
        parts.append(f'<line x1="400" y1="90" x2="{x+90}" y2="{y}" stroke="#555"/><rect x="{x}" y="{y}" width="185" height="40" fill="#dfe9f5" stroke="#1d4e89"/>'
                     f'<text x="{x+6}" y="{y+25}" font-size="11">{E(b)}</text>')
    h = 220 + ((len(boxes) + 2) // 4) * 70
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="820" height="{h}" role="img" aria-label="{E(title)}">'
            f'<title>{E(title)}</title>' + "".join(parts) + "</svg>").encode("utf-8")
