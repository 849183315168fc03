"""Named check functions, their outcome, and the ``any`` / ``all`` / ``not`` combinators.

A check function is a plain function ``fn(ctx, **options) -> Outcome`` registered with
:func:`check`. Its keyword-only parameters *are* its options: the rule loader checks a
rule's options against the signature, so a typo in YAML is an error with file and line,
not a silently ignored option.

Verdict discipline (axe-core's): a function returns ``pass`` or ``fail`` only when it is
sure, and always with evidence; when it found something it cannot judge it returns
``review``; when it could not look (page not fetched, no browser) it returns ``error``.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from checker.results import Evidence
from crawlers.snapshot import Snapshot

PASS, FAIL, REVIEW, ERROR = "pass", "fail", "review", "error"


@dataclass
class Outcome:
    status: str
    vi: str  # message in Vietnamese
    en: str  # message in English
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def message(self) -> str:
        return self.en


def outcome(status: str, vi: str, en: str, evidence: list[Evidence] | None = None) -> Outcome:
    return Outcome(status, vi, en, list(evidence or []))


@dataclass
class Context:
    """What a check function may read: the snapshot, the portal's level and registry entry,
    the evaluation time, and a per-portal cache shared by all rules (so that e.g. leader
    extraction runs once even when two rules use it)."""

    snapshot: Snapshot
    level: str
    now: datetime
    portal: dict[str, Any] = field(default_factory=dict)  # registry entry: id, name, parent_url …
    settings: dict[str, Any] = field(default_factory=dict)  # e.g. {"browser": <Browser>}
    cache: dict[Any, Any] = field(default_factory=dict)

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


CheckFn = Callable[..., Outcome]
FUNCTIONS: dict[str, CheckFn] = {}
# artifact kinds (crawlers/artifacts.py) a check function reads besides the crawled pages
NEEDS: dict[str, tuple[str, ...]] = {}
COMBINATORS = ("any", "all", "not", "suggests")


def check(name: str, *, needs: tuple[str, ...] = ()) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn`` as the check function ``name`` (usable in YAML as ``{name: {options}}``).
    ``needs`` names the artifact kinds it reads besides pages (``"axe"``, ``"support"``)."""

    def register(fn: CheckFn) -> CheckFn:
        if name in FUNCTIONS or name in COMBINATORS:
            raise ValueError(f"check function {name!r} registered twice")
        FUNCTIONS[name] = fn
        NEEDS[name] = tuple(needs)
        return fn

    return register


def option_names(fn: CheckFn) -> tuple[set[str], set[str]]:
    """(all option names, required option names) of a check function."""
    names, required = set(), set()
    for p in inspect.signature(fn).parameters.values():
        if p.kind is p.KEYWORD_ONLY:
            names.add(p.name)
            if p.default is p.empty:
                required.add(p.name)
    return names, required


def run(ctx: Context, expr: dict[str, Any]) -> Outcome:
    """Evaluate a check expression: ``{name: options}``, ``{any: [...]}``, ``{all: [...]}``,
    ``{not: expr}`` or ``{suggests: expr}``. Expressions are validated at load time
    (checker.rules)."""
    (name, arg), = expr.items()
    if name == "all":
        return _all(ctx, arg)
    if name == "any":
        return _any(ctx, arg)
    if name == "not":
        return _not(run(ctx, arg))
    if name == "suggests":
        return _suggests(run(ctx, arg))
    fn = FUNCTIONS[name]
    try:
        return fn(ctx, **(arg or {}))
    except Exception as exc:  # a bug or an unexpected page must not take the scan down
        return outcome(ERROR, f"Lỗi khi đánh giá ({name}): {exc}", f"Check {name} failed: {type(exc).__name__}: {exc}")


def _all(ctx: Context, exprs: list[dict[str, Any]]) -> Outcome:
    """Pass when every part passes. A fail decides (reported with its evidence); otherwise
    a review or error in any part makes the whole a review or error."""
    outs = [run(ctx, e) for e in exprs]
    for status in (FAIL, ERROR, REVIEW):
        hits = [o for o in outs if o.status == status]
        if hits:
            return _merge(status, hits)
    return _merge(PASS, outs)


def _any(ctx: Context, exprs: list[dict[str, Any]]) -> Outcome:
    """Pass as soon as one part passes (later parts are not run). Otherwise review if any
    part said review, error if any said error, and fail only when every part failed."""
    outs: list[Outcome] = []
    for e in exprs:
        o = run(ctx, e)
        if o.status == PASS:
            return o
        outs.append(o)
    for status in (REVIEW, ERROR):
        hits = [o for o in outs if o.status == status]
        if hits:
            return _merge(status, hits)
    return _merge(FAIL, outs)


def _not(o: Outcome) -> Outcome:
    flipped = {PASS: FAIL, FAIL: PASS}.get(o.status, o.status)
    return Outcome(flipped, o.vi, o.en, o.evidence)


def _suggests(o: Outcome) -> Outcome:
    """Indirect evidence: what would pass ``expr`` only *suggests* the requirement is met
    (e.g. an answered Q&A section where petitions answers are required), so a person must
    look: its pass becomes review; fail, review and error stay as they are."""
    if o.status != PASS:
        return o
    return Outcome(REVIEW, f"Có dấu hiệu đáp ứng, cần kiểm tra: {o.vi}", f"Possibly met, check by hand: {o.en}", o.evidence)


def _merge(status: str, outs: list[Outcome]) -> Outcome:
    vi = "; ".join(dict.fromkeys(o.vi for o in outs if o.vi))
    en = "; ".join(dict.fromkeys(o.en for o in outs if o.en))
    ev: list[Evidence] = []
    seen: set[tuple[str, str]] = set()
    for o in outs:
        for e in o.evidence:
            if (e.url, e.excerpt) not in seen:
                seen.add((e.url, e.excerpt))
                ev.append(e)
    return Outcome(status, vi, en, ev[:20])
