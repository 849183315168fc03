"""Phrase matching of the section finder and the content judgement: a phrase list compiled
once per distinct list (tone-aware :class:`crawlers.text.Terms`, and a joined-words pattern
for URL slugs such as ``lichcongtac``), and the original spelling of a folded match for
report highlighting.

Which folded forms are ambiguous (``truyen thong`` is "truyền thống" and "truyền thông")
is data: rules/collisions.yaml, generated from the rule set by scripts/collisions.py
(a test keeps it up to date). A folded match of such a short phrase is *weak*."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

from crawlers.text import Terms, find_folded_span

__all__ = ["COLLISIONS_FILE", "Matcher", "colliding", "compile_terms", "raw_match"]

COLLISIONS_FILE = Path(__file__).resolve().parent.parent / "rules" / "collisions.yaml"


@lru_cache(maxsize=1)
def colliding() -> frozenset[str]:
    """Folded forms that stand for more than one word (rules/collisions.yaml ``folded``)."""
    try:
        data = yaml.safe_load(COLLISIONS_FILE.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return frozenset()
    return frozenset(data.get("folded") or ())


class Matcher:
    """A Terms plus a joined-words pattern for URL slugs such as ``lichcongtac``."""

    def __init__(self, phrases: tuple[str, ...]):
        self.terms = Terms(list(phrases), colliding())
        joined = sorted({p.replace(" ", "") for p in self.terms.phrases if len(p.replace(" ", "")) >= 8},
                        key=len, reverse=True)
        self.joined = re.compile("|".join(re.escape(j) for j in joined)) if joined else None
        self.by_joined = {p.replace(" ", ""): p for p in self.terms.phrases}

    def find(self, folded: str) -> str | None:
        return self.terms.find(folded)

    def match_forms(self, tonal_text: str, folded: str, marked: bool) -> tuple[str, bool] | None:
        """(folded phrase, weak): tone-aware (see :meth:`crawlers.text.Terms.match`)."""
        return self.terms.match_forms(tonal_text, folded, marked)

    def match(self, text: str) -> tuple[str, bool] | None:
        return self.terms.match(text)

    def strongest(self, folded: str) -> tuple[str, bool] | None:
        """(phrase, weak) in folded text (URL words): a colliding short phrase is weak."""
        return self.terms.strongest(folded)

    def is_weak(self, phrase: str) -> bool:
        return phrase in self.terms.weak

    def remove_forms(self, tonal_text: str, folded: str, marked: bool) -> tuple[str, str]:
        """Both forms with every phrase occurrence blanked out (:meth:`crawlers.text.Terms.remove_forms`)."""
        return self.terms.remove_forms(tonal_text, folded, marked)

    def find_joined(self, words: str) -> tuple[str, int] | None:
        """(phrase, extra characters) when a joined phrase occurs in the unspaced words."""
        if self.joined is None:
            return None
        flat = words.replace(" ", "")
        m = self.joined.search(flat)
        if not m:
            return None
        return self.by_joined[m.group(0)], len(flat) - len(m.group(0))


@lru_cache(maxsize=512)
def _matcher(phrases: tuple[str, ...]) -> Matcher:
    return Matcher(phrases)


def compile_terms(terms: Iterable[str] | Terms | None) -> Matcher:
    """A cached matcher for a phrase list (compiling regexes once per distinct list)."""
    if terms is None:
        return _matcher(())
    if isinstance(terms, Terms):
        return _matcher(tuple(terms.phrases))
    return _matcher(tuple(terms))


def raw_match(text: str, folded_phrase: str) -> str:
    """The original-spelling substring of ``text`` that folds to ``folded_phrase`` (for
    report highlighting), or ``""``."""
    if not text or not folded_phrase:
        return ""
    span = find_folded_span(text, folded_phrase)
    return text[span[0]:span[1]] if span else ""

