"""Phrase matching of the section finder and the content judgement: a phrase list compiled
once per distinct list (folded phrases, and a joined-words pattern for URL slugs such as
``lichcongtac``), and the original spelling of a folded match for report highlighting."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from crawlers.text import Terms, find_folded_span

__all__ = ["Matcher", "compile_terms", "raw_match"]


class Matcher:
    """A Terms plus a joined-words pattern for URL slugs such as ``lichcongtac``."""

    def __init__(self, phrases: tuple[str, ...]):
        self.terms = Terms(list(phrases))
        joined = sorted({p.replace(" ", "") for p in self.terms.phrases if len(p.replace(" ", "")) >= 8},
                        key=len, reverse=True)
        self.joined = re.compile("|".join(re.escape(j) for j in joined)) if joined else None
        self.by_joined = {p.replace(" ", ""): p for p in self.terms.phrases}

    def find(self, folded: str) -> str | None:
        return self.terms.find(folded)

    def remove(self, folded: str) -> str:
        """The folded text with every phrase occurrence blanked out."""
        if not self.terms:
            return folded
        alternatives = "|".join(re.escape(p) for p in sorted(set(self.terms.phrases), key=len, reverse=True))
        return re.sub(rf"(?:^|\s)(?:{alternatives})(?=\s|$)", " ", folded)

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

