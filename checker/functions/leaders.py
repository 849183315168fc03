"""Leaders' biographies and assigned duties (the regime's article on the agency's
information, see the rule file: "tiểu sử tóm tắt và nhiệm vụ đảm nhiệm của lãnh đạo cơ quan").

How leaders are read from their pages (blocks, name anchors, biography and duty labels,
detail pages) is described once, in :mod:`checker.functions.leader_extract`.

Verdict: pass when every (head) leader has biography and duties; fail naming the leaders
that lack them; review when a gap may be the tool's (detail page not fetchable, duties
in a PDF, a one-fact biography); fail when no leader page exists.

This module finds the leader pages and judges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.content import DECOY, judge
from checker.find import SectionHit, find_sections
from checker.functions._common import searched
from checker.functions.leader_extract import KIND_VI, Leader, Vocab, complete_from_assignment_pages, extract_leaders
from checker.registry import ERROR, FAIL, PASS, REVIEW, Count, Outcome, Phrases, Positive, check, outcome
from checker.results import Bi, Evidence, bi, bi_join
from checker.vocabulary import word_re, words
from crawlers.snapshot import Page
from crawlers.text import fold, url_words


# -- leader pages -----------------------------------------------------------------------------
def _good_hit(hit: SectionHit, other: re.Pattern[str]) -> bool:
    """Not a leaders' *schedule*, their news, speeches or former leaders: ``other`` finds the
    words of those sections (the rule file's ``not_leader_pages``) in the label or URL."""
    label = fold(hit.label) if hit.where != "url" else ""
    words = url_words(hit.url.split("://", 1)[-1].split("/", 1)[-1]) if "/" in hit.url.split("://", 1)[-1] else ""
    return not other.search(label) and not other.search(words)


def leader_hits(ctx) -> list[SectionHit]:
    """Candidate leaders' pages: named as the rule file's ``vocabulary`` says (``leader_pages``,
    ``leader_page_urls``), or a menu entry naming a position (``leader_positions``)."""
    def compute() -> list[SectionHit]:
        other = word_re(ctx, "not_leader_pages")
        hits = [h for h in find_sections(ctx, list(words(ctx, "leader_pages")), url_terms=list(words(ctx, "leader_page_urls")),
                                         max_hits=8) if _good_hit(h, other)]
        nav = [h for h in find_sections(ctx, list(words(ctx, "leader_positions")), url_terms=[], max_hits=6, max_extra_words=2)
               if h.where == "nav" and _good_hit(h, other)]
        seen, out = set(), []
        for h in hits + nav:
            key = h.url.rstrip("/")
            if key not in seen:
                seen.add(key)
                out.append(h)
        return out[:8]
    return ctx.memo(("leaders.hits",), compute)


def leader_pages(ctx) -> list[Page]:
    return [h.page for h in leader_hits(ctx) if h.page is not None and h.page.ok]


@dataclass
class LeaderScan:
    hits: list[SectionHit]
    leaders: list[Leader]
    pages: list[Page]
    assignment_docs: list[str]


def scan_leaders(ctx, voc: Vocab, max_pages: int = 4) -> LeaderScan:
    """All leaders of the portal (merged by name across leader pages), memoised."""
    def compute() -> LeaderScan:
        hits = leader_hits(ctx)
        by_name: dict[str, Leader] = {}
        pages: list[Page] = []
        for hit in hits:
            if hit.page is None or not hit.page.ok or len(pages) >= max_pages:
                continue
            pages.append(hit.page)
            for ldr in extract_leaders(ctx, voc, hit.page):
                key = fold(ldr.name)
                cur = by_name.get(key)
                if cur is None:
                    by_name[key] = ldr
                    continue
                for kind, v in ldr.bio.items():
                    cur.bio.setdefault(kind, v)
                cur.duties = cur.duties or ldr.duties
                cur.unsure = cur.unsure and ldr.unsure
                cur.head = cur.head or ldr.head
                cur.notes += ldr.notes
        leaders = list(by_name.values())
        docs = complete_from_assignment_pages(ctx, voc, leaders)
        return LeaderScan(hits, leaders, pages, docs)
    return ctx.memo(("leaders.scan", max_pages, voc), compute)


# -- the check --------------------------------------------------------------------------------
def _leader_evidence(ldr: Leader, note: Bi) -> Evidence:
    parts = [v[1] for v in list(ldr.bio.values())[:2]]
    if ldr.duties:
        parts.append(ldr.duties[1])
    ex = f"{ldr.label} — " + " | ".join(parts) if parts else ldr.text
    url = ldr.detail_url if ldr.detail_url and (ldr.bio or ldr.duties) and any(
        v[0] == ldr.detail_url for v in list(ldr.bio.values()) + ([ldr.duties] if ldr.duties else [])) else ldr.url
    return Evidence(url, ex[:300], note, {"match": ldr.name, "leader": ldr.label})


def _missing(ldr: Leader, bio: bool, duties: bool) -> Bi:
    """What a leader's entry lacks, with the page's own word and what else is known."""
    miss = [b for b, m in ((Bi("tiểu sử", "biography"), bio), (Bi("nhiệm vụ", "duties"), duties)) if m]
    parts: list[Bi] = [bi("thiếu: {}", "missing: {}", bi_join(", ", miss))]
    if ldr.placeholder:
        parts.append(Bi(" (trang ghi là đang cập nhật)", " (the page says it is being updated)"))
    if ldr.notes:
        parts.append(bi("; {}", "; {}", bi_join("; ", ldr.notes)))
    return bi_join("", parts)


def _names(ls: list[Leader], limit: int = 6) -> str:
    s = ", ".join(ldr.label for ldr in ls[:limit])
    return s + (" …" if len(ls) > limit else "")


@check("leaders")
def leaders(ctx, *, titles: Phrases, head_titles: Phrases, birth_labels: Phrases, facts: dict[str, Phrases],
            fact_labels: dict[str, Phrases], duty_labels: Phrases, duty_general: Phrases, detail_links: Phrases,
            assignment_terms: Phrases, name_end_labels: Phrases, person_columns: Phrases, fact_columns: Phrases,
            header_columns: Phrases, min_bio_facts: Count = 2, require_bio: bool = True,
            require_duties: bool = True, max_pages: Positive = 4) -> Outcome:
    """Every leader has name, position, a short biography (``min_bio_facts`` kinds of facts:
    birth, hometown, ethnicity, education, career, party) and assigned duties.

    The vocabulary is the rule's: ``titles`` (positions that make a name a leader) and
    ``head_titles`` (those every one of whom must comply); ``birth_labels``; ``facts`` (per
    kind of biography fact, phrases recognised anywhere) and ``fact_labels`` (recognised only
    as a label); ``duty_labels`` (headings of the duties, "Lĩnh vực phụ trách") and
    ``duty_general`` (phrases that are themselves a head's duties, "Phụ trách chung");
    ``detail_links`` (texts of the link to a leader's own page); ``assignment_terms`` (a
    separate duty-assignment page); ``name_end_labels`` (other labels that end a name);
    ``person_columns``, ``fact_columns``, ``header_columns`` (a leaders' table's column
    headers: the person's, a fact's, and any that makes a first row a header row)."""
    voc = Vocab.of(titles=titles, head_titles=head_titles, birth_labels=birth_labels, facts=facts,
                   fact_labels=fact_labels, duty_labels=duty_labels, duty_general=duty_general,
                   detail_links=detail_links, assignment_terms=assignment_terms, name_end_labels=name_end_labels,
                   person_columns=person_columns, fact_columns=fact_columns, header_columns=header_columns,
                   placeholders=words(ctx, "placeholder"))
    scan = scan_leaders(ctx, voc, max_pages)
    home = ctx.snapshot.home
    if not scan.hits:
        return outcome(FAIL, "Không tìm thấy trang giới thiệu lãnh đạo (Lãnh đạo Sở, Ban Giám đốc, Thường trực UBND…)",
                       "No leaders page found (“Lãnh đạo Sở”, “Ban Giám đốc”, “Thường trực UBND” …)",
                       searched([home] if home is not None else [], Bi("trang lãnh đạo", "a leaders page")) + [Evidence(
                           home.final_url if home is not None else ctx.snapshot.start_url,
                           "", bi("đã tìm trong menu, liên kết, địa chỉ URL và tiêu đề của {} trang",
                                  "searched menus, links, URLs and titles of {} pages",
                                  sum(1 for _ in ctx.snapshot.html_pages())))])
    if not scan.pages:
        if all(h.page is not None and h.page.status is not None for h in scan.hits if not h.document):
            ev = [Evidence(h.url, h.label, Bi(f"HTTP {h.page.status}", f"HTTP {h.page.status}") if h.page is not None
                           else Bi("tệp", "file")) for h in scan.hits[:5]]
            if any(h.document for h in scan.hits):
                return outcome(REVIEW, "Thông tin lãnh đạo chỉ có trong tệp đính kèm; cần kiểm tra",
                               "Leader information is only in an attached file; check by hand", ev)
            return outcome(FAIL, "Liên kết trang lãnh đạo bị lỗi", "The leaders page link is broken", ev)
        return outcome(ERROR, "Không tải được trang lãnh đạo", "The leaders page could not be fetched",
                       [Evidence(h.url, h.label, Bi("không tải được", "fetch failed")) for h in scan.hits[:5]])
    if not scan.leaders:
        verdicts = [(p, judge(ctx, p)) for p in scan.pages]
        ev = [Evidence(p.final_url, (j.text or p.title)[:200], bi("trang lãnh đạo: {}", "leaders page: {}", j.reason)) for p, j in verdicts]
        if all(j.verdict in DECOY for _, j in verdicts):
            return outcome(FAIL, "Trang lãnh đạo không có nội dung", "The leaders page has no content", ev)
        return outcome(REVIEW, "Có trang lãnh đạo nhưng không nhận dạng được từng lãnh đạo; cần kiểm tra",
                       "A leaders page exists but no individual leader was recognised; check by hand", ev)
    required = [ldr for ldr in scan.leaders if ldr.head] or scan.leaders
    # "Tiểu sử: Đang cập nhật" is the site stating the biography is not provided: absent,
    # unless a biography is given elsewhere after all.
    no_bio = [ldr for ldr in required if require_bio and (len(ldr.bio) < 1 or
                                                      ("bio" in ldr.placeholder and len(ldr.bio) < min_bio_facts))]
    weak_bio = [ldr for ldr in required if require_bio and ldr not in no_bio and 1 <= len(ldr.bio) < min_bio_facts]
    no_duty = [ldr for ldr in required if require_duties and ldr.duties is None]
    if scan.assignment_docs:
        for ldr in no_duty:
            ldr.unsure = True
            ldr.notes.append(bi("nhiệm vụ có thể nằm trong tệp: {}", "duties may be in a file: {}",
                                  scan.assignment_docs[0]))
    sure_bio = [ldr for ldr in no_bio if not ldr.unsure]
    sure_duty = [ldr for ldr in no_duty if not ldr.unsure]
    total = len(required)
    if sure_bio or sure_duty:
        vi, en = [], []
        if sure_duty:
            vi.append(f"{len(sure_duty)}/{total} lãnh đạo không có nhiệm vụ đảm nhiệm: {_names(sure_duty)}")
            en.append(f"{len(sure_duty)} of {total} leaders have no assigned duties: {_names(sure_duty)}")
        if sure_bio:
            vi.append(f"{len(sure_bio)}/{total} lãnh đạo không có tiểu sử tóm tắt: {_names(sure_bio)}")
            en.append(f"{len(sure_bio)} of {total} leaders have no biography: {_names(sure_bio)}")
        bad = list(dict.fromkeys(sure_duty + sure_bio))
        ev = [_leader_evidence(ldr, _missing(ldr, ldr in sure_bio, ldr in sure_duty)) for ldr in bad[:8]]
        ev += [Evidence(p.final_url, p.title[:120], Bi("đã tìm trên trang lãnh đạo", "leaders page searched"))
               for p in scan.pages]
        return outcome(FAIL, "; ".join(vi), "; ".join(en), ev)
    unsure = list(dict.fromkeys(no_bio + no_duty + weak_bio))
    if unsure:
        ev = [_leader_evidence(ldr, bi("chưa xác định được: {}", "cannot confirm: {}", bi_join("; ", ldr.notes) if ldr.notes else
                                       bi("tiểu sử chỉ có {} thông tin", "only {} biography fact(s)", len(ldr.bio))))
              for ldr in unsure[:8]]
        return outcome(REVIEW, f"Chưa xác định chắc chắn tiểu sử/nhiệm vụ của: {_names(unsure)}; cần kiểm tra",
                       f"Could not confirm biography/duties of: {_names(unsure)}; check by hand", ev)
    ev = [_leader_evidence(ldr, bi("họ tên, chức vụ, tiểu sử ({}) và nhiệm vụ", "name, position, biography ({}) and duties",
                                   Bi(", ".join(KIND_VI.get(k, k) for k in ldr.bio), ", ".join(ldr.bio))))
          for ldr in required[:10]]
    return outcome(PASS, f"Cả {total} lãnh đạo có họ tên, chức vụ, tiểu sử tóm tắt và nhiệm vụ đảm nhiệm",
                   f"All {total} leaders have name, position, biography and assigned duties", ev)
