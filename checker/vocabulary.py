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

from checker.bundled import builtin_path
from checker.yamlfile import load_yaml
from crawlers.text import fold

__all__ = ["KEYS", "alternation", "alternation_of", "bundled", "bundled_option", "folded", "whole_re", "word_re", "words"]

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
    "download_urls": "Parts of a file-download URL ('getfile', 'tai-ve', '.ashx'): a document of the section, not an "
                     "item; found anywhere in the URL, in any case.",
    "phone_labels": "Labels of a phone number ('Điện thoại', 'ĐT', 'Hotline'); compared folded, as whole words "
                    "(contacts, officials, english).",
    "phone_label_words": "Words that may stand between a phone label and its number ('cơ quan', 'di động', 'fax'); "
                         "compared folded, as whole words.",
    "fax_labels": "Labels of a fax number ('Fax'); compared folded, as whole words.",
    "fax_label_words": "Words that may stand between a fax label and its number ('số', 'cơ quan'); compared folded, "
                       "as whole words.",
    "address_labels": "Labels of a postal address ('Địa chỉ', 'Trụ sở'); compared folded, as whole words.",
    "not_address_words": "Words right after an address label that make it another kind of address ('email', "
                         "'website', 'truy cập'); compared folded, as whole words.",
    "street_words": "Words of a street address ('đường', 'phường', 'huyện', 'street'): an address label's text holding "
                    "one (or a digit) is an address; compared folded, as whole words.",
    "vendor_words": "Words around an e-mail address that name the web developer, not the agency ('thiết kế', "
                    "'công ty', 'powered'); compared folded, anywhere in the text.",
    "agency_page_words": "Words of the URL path or title of a page about the agency itself (contact, directory, "
                         "introduction, leaders, structure): addresses on it are the agency's; compared folded, anywhere "
                         "in the text.",
}


@cache
def _bundled_doc() -> dict[str, Any]:
    return dict(load_yaml(builtin_path()) or {})


def bundled_top_level() -> str:
    """The first level of the default bundled rule file's regime (a context built without its
    rule set, in tests, compares with it)."""
    levels = (_bundled_doc().get("regime") or {}).get("levels") or {}
    return next(iter(levels), "")


@cache
def bundled() -> dict[str, tuple[str, ...]]:
    """The bundled rule file's vocabulary."""
    return {k: tuple(v) for k, v in dict(_bundled_doc().get("vocabulary") or {}).items()}


def bundled_option(check: str, name: str) -> Any:
    """The bundled rule file's value of option ``name`` of the (first) rule running ``check``.

    A rule's own words are its options; the bundled file is their one copy, and a check whose
    rule file leaves such an option out (or code calling the check without options) reads
    them from there. A list comes back as a tuple (the bundled file is shared)."""
    value = _bundled_options(check).get(name)
    return tuple(value) if isinstance(value, list) else value


@cache
def _bundled_options(check: str) -> dict[str, Any]:
    for rule in _bundled_doc().get("rules") or []:
        spec = (rule or {}).get("check")
        if isinstance(spec, dict) and check in spec:
            return dict(spec[check] or {})
    raise KeyError(f"the bundled rule file has no rule running {check!r}")


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


def alternation(ctx: Any, key: str, folded: bool = True) -> str:
    """The phrases of ``key`` as one regex group ``(?:…|…)``, longest first, to build a
    pattern around (a label before a number, a word anywhere in a text). ``folded``: the
    phrases folded (for folded text); else as written, only escaped (for a raw URL)."""
    return alternation_of(words(ctx, key), folded)


@lru_cache(maxsize=128)
def alternation_of(phrases: tuple[str, ...], folded: bool = True) -> str:
    """:func:`alternation` of given phrases (a rule's own words, from its options)."""
    items = _folded(phrases) if folded else frozenset(p for p in phrases if p)
    alts = "|".join(re.escape(p) for p in sorted(items, key=lambda p: (-len(p), p)))
    return f"(?:{alts})" if alts else "(?!)"


@lru_cache(maxsize=64)
def _folded(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(f for f in (fold(p) for p in phrases) if f)


@lru_cache(maxsize=64)
def _word_re(phrases: tuple[str, ...], start: str, end: str) -> re.Pattern[str]:
    alts = "|".join(re.escape(p) for p in sorted(_folded(phrases), key=len, reverse=True))
    return re.compile(rf"{start}({alts}){end}") if alts else re.compile(r"(?!)")
