"""Dates written in page text, as Vietnamese portals write them (day first, or in words)."""

from __future__ import annotations

import re
from datetime import date

from crawlers.text import fold

__all__ = ["extract_dates"]

_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4})(?![\d/])")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_VN_LONG = re.compile(r"ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})")


def _mk(y: str, mo: str, d: str) -> date | None:
    try:
        v = date(int(y), int(mo), int(d))
    except ValueError:
        return None
    return v if 1995 <= v.year <= 2100 else None


def extract_dates(text: str) -> list[tuple[date, str]]:
    """Dates written in ``text`` with the snippet that held them: dd/mm/yyyy, dd-mm-yyyy,
    dd.mm.yyyy (day first, as Vietnamese write), yyyy-mm-dd, "ngày 5 tháng 11 năm 2026"."""
    out: list[tuple[date, str]] = []
    for m in _DMY.finditer(text):
        d = _mk(m.group(3), m.group(2), m.group(1))
        if d:
            out.append((d, m.group(0)))
    for m in _ISO.finditer(text):
        d = _mk(m.group(1), m.group(2), m.group(3))
        if d:
            out.append((d, m.group(0)))
    if "th" in text.lower() or "TH" in text:
        for m in _VN_LONG.finditer(fold(text)):
            d = _mk(m.group(3), m.group(2), m.group(1))
            if d:
                out.append((d, m.group(0)))
    return out
