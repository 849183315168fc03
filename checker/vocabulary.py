"""Words that several checks share, from the rule file's top-level ``vocabulary`` block.

Rules are data, vocabulary included: a rule's own words are its check's options, but some
words serve many rules at once, the "Đang cập nhật" of a placeholder page (every section
rule judges content) or how a leaders' page is named (``leaders`` and ``officials``). Those
sit once in the rule file, under ``vocabulary``, one list of phrases per key of
:data:`KEYS`. The loader merges them through ``extends`` (a user file's list replaces the
base file's list of the same key) and :func:`checker.evaluate.evaluate` hands them to the
checks on the context. A rule file without a ``vocabulary`` block, and code judging a page
without a context, use the bundled rule file's words.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from checker.yamlfile import load_yaml
from crawlers.text import fold

__all__ = ["KEYS", "bundled", "folded", "whole_re", "word_re", "words"]

# key -> what its phrases mean (rules/schema.json and docs/rules.md say the same)
KEYS: dict[str, str] = {
    "placeholder": "A page (or a part of a page, or a leader's biography or duties) saying it is being updated or "
                   "has no data ('Đang cập nhật', 'Không có kết quả nào'): a placeholder, not content.",
    "not_found": "A page answered with 200 saying it does not exist ('Trang không tồn tại'): a soft 404.",
    "leader_pages": "Link texts and titles of a leaders' page ('Lãnh đạo Sở', 'Ban Giám đốc', 'Thường trực UBND'), "
                    "read by the leaders and officials checks.",
    "leader_page_urls": "Words of a leaders' page URL ('lanh dao', 'bangiamdoc').",
    "leader_positions": "Position titles that, as a menu entry, lead to one leader's page ('Giám đốc', 'Chủ tịch UBND').",
    "not_leader_pages": "Words that make a leaders'-page candidate another section: their schedule, news, speeches, "
                        "former leaders ('lịch', 'phát biểu', 'tiền nhiệm'); compared folded, as whole words.",
    "official_positions": "Position titles of officials listed on contact and directory pages (officials).",
    "news_pages": "Link texts and titles of the news section, whose items are the article sample "
                  "(metadata, navigation, freshness).",
    "news_page_urls": "Words of a news section's URL ('tin tuc').",
    "contact_pages": "Link texts and titles of the contact page (contacts, officials).",
    "contact_page_urls": "Words of a contact page's URL ('lien he').",
    "directory_pages": "Link texts and titles of a staff directory or spokesperson page (officials).",
    "directory_page_urls": "Words of a directory page's URL ('danh ba').",
    "service_pages": "Link texts and titles of the online public-services section (services).",
    "service_page_urls": "Words of a public-services section's URL ('dich vu cong').",
    "service_levels": "The level a listed online service states ('Mức độ 3', 'Toàn trình', 'Một phần'); "
                      "compared folded, as whole words.",
    "sitemap_pages": "Link texts and titles of the site map page (sitemap).",
    "sitemap_page_urls": "Words of a site map page's URL ('so do trang', 'sitemap').",
    "download_labels": "Link texts of a file to download ('Tải về', 'Đính kèm'): a document of the section, not an item.",
    "pager_labels": "Whole link texts that are navigation inside a listing, not items of it ('Xem thêm', 'Trang sau'); "
                    "page numbers and arrows are recognised without words.",
    "byline_labels": "Labels of an article's author ('Tác giả', 'Phóng viên'): visible metadata; compared folded, "
                     "as whole words.",
    "publisher_labels": "Labels of the publisher ('Cơ quan chủ quản', 'Ban biên tập'): visible metadata; compared "
                        "folded, as whole words.",
    "english_links": "The whole text of a link to the English version ('English', 'Tiếng Anh').",
}


@cache
def bundled() -> dict[str, tuple[str, ...]]:
    """The bundled rule file's vocabulary."""
    from checker.rules import builtin_path

    doc = load_yaml(builtin_path())
    return {k: tuple(v) for k, v in dict(doc.get("vocabulary") or {}).items()}


def merged(base: dict[str, Any] | None, own: dict[str, Any] | None) -> dict[str, tuple[str, ...]]:
    """A rule file's vocabulary over its base's (``extends``): a key's list replaces the base's."""
    return {**{k: tuple(v) for k, v in (base or {}).items()}, **{k: tuple(v) for k, v in (own or {}).items()}}


def words(ctx: Any, key: str) -> tuple[str, ...]:
    """The phrases of ``key`` for this evaluation (the rule set's), else the bundled ones."""
    voc = getattr(ctx, "vocabulary", None) if ctx is not None else None
    if voc and key in voc:
        return tuple(voc[key])
    return bundled().get(key, ())


def folded(ctx: Any, key: str) -> frozenset[str]:
    """The folded phrases of ``key`` (for whole-text comparison)."""
    return _folded(words(ctx, key))


def word_re(ctx: Any, key: str) -> re.Pattern[str]:
    """A pattern finding any phrase of ``key`` as whole words in folded text (group 1)."""
    return _word_re(words(ctx, key), r"\b", r"\b")


def whole_re(ctx: Any, key: str) -> re.Pattern[str]:
    """A pattern matching a folded text that is, as a whole, one phrase of ``key`` (group 1)."""
    return _word_re(words(ctx, key), "^", "$")


@lru_cache(maxsize=64)
def _folded(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(f for f in (fold(p) for p in phrases) if f)


@lru_cache(maxsize=64)
def _word_re(phrases: tuple[str, ...], start: str, end: str) -> re.Pattern[str]:
    alts = "|".join(re.escape(p) for p in sorted(_folded(phrases), key=len, reverse=True))
    return re.compile(rf"{start}({alts}){end}") if alts else re.compile(r"(?!)")
